"""Subscriptions: the tiers, the state machine and the clock that renews them (what routes/subscriptions.py and the
SDK's createSubscription / reactivateSubscription / changeSubscription share).

Sources: minis-subscription-apis (the server endpoints and objects), minis-sdk-subscriptions (the JS APIs and
their string error codes), tiktok-minis-in-app-purchases-subscriptions (the states, the one-subscription rule,
the sandbox tiers and schedule, the webhook events), minis-error-codes (2002110x). The docs derive a
subscription's status from two booleans; the mock names the states:

    create order (PENDING) --createSubscription confirmed--> active --renewal due--> active (renew webhook) ...
    active --user cancels in the store--> cancel --end_time--> expired (expire webhook)
    cancel --reactivate order, reactivateSubscription confirmed--> active (reactivate webhook)
    active --a renewal payment fails--> onhold (onhold webhook) --recovered--> active (renew) | --hold ends--> expired
    sandbox: a renewal every 5 minutes, 12 in all, then expired.

Choices where the docs are silent (README, "Subscriptions"): times are on the mock's clock, in seconds unless
`subscription_time_unit` is "ms"; webhook `content` (no example in the docs) is the subscription object plus the
developer's order_id; changeSubscription takes `{tier_id}` and the change applies from the next renewal; reactivation
and change too close to the renewal answer 20021111; a refunded subscription order is REFUNDED and, if it is the
subscription's latest, the subscription expires at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .codes import INVALID_PARAMS
from .randomness import token_hex
from .store import Subscription, SubscriptionOrder

if TYPE_CHECKING:
    from .state import MockState

MINUTE, HOUR, DAY = 60, 3600, 86_400
SANDBOX_PERIOD = 5 * MINUTE  # "Subscriptions renew every 5 minutes (12 times total)"
SANDBOX_RENEWALS = 12
SANDBOX_GUARD = 2 * MINUTE  # "You may not reactivate within 2 minutes of renewal. In production, this period is typically one day."
PRODUCTION_GUARD = DAY  # 20021111: "Cannot be changed within 24 hours of renewal"
CHANGE_INTERVAL = HOUR  # 20021108: "Wait 1 hour between change requests"
CATCH_UP = 1000  # transitions one clock step may cause (a year of a 5-minute sandbox tier would be more)

EVENTS = {
    "create": "minis.subscription.create",
    "reactivate": "minis.subscription.reactivate",
    "renew": "minis.subscription.renew",
    "onhold": "minis.subscription.onhold",
    "expire": "minis.subscription.expire",
}


@dataclass(frozen=True)
class Tier:
    tier_id: str
    price: str
    deduct_cycle: str  # WEEKLY MONTHLY BIMONTHLY QUARTERLY SEMIANNYALLY ANNUALLY (the docs' spelling)
    period: int  # seconds between deductions
    sandbox: bool

    def view(self) -> dict[str, Any]:
        return {"tier_id": self.tier_id, "deduct_cycle": self.deduct_cycle, "deduct_type": "auto_renew", "price": self.price, "currency": "USD", "symbol": "$"}


# The four sandbox tiers the docs list ("use the following tier IDs ... This will automatically trigger sandbox
# mode"), and two mock-only production-like tiers (is_sandbox false, renewed on their real period by the fake clock).
TIERS: dict[str, Tier] = {
    t.tier_id: t
    for t in (
        Tier("sandbox_499_1M", "4.99", "MONTHLY", SANDBOX_PERIOD, True),
        Tier("sandbox_699_1M", "6.99", "MONTHLY", SANDBOX_PERIOD, True),
        Tier("sandbox_1347_3M", "13.47", "QUARTERLY", SANDBOX_PERIOD, True),
        Tier("sandbox_1887_3M", "18.87", "QUARTERLY", SANDBOX_PERIOD, True),
        Tier("mock_499_1M", "4.99", "MONTHLY", 30 * DAY, False),
        Tier("mock_4999_12M", "49.99", "ANNUALLY", 365 * DAY, False),
    )
}

# The SDK's error codes (minis-sdk-subscriptions): strings, 116xxx for createSubscription, 118xxx for
# reactivateSubscription. changeSubscription has none documented: the mock answers with create's (mock-only).
SDK_CODES = {
    "create": {"params": "116101", "internal": "116502", "user_error": "116600", "cancel": "116601", "third_party": "116602", "timeout": "116302"},
    "reactivate": {"params": "118101", "internal": "118502", "user_error": "118600", "cancel": "118601", "third_party": "118602", "timeout": "118302"},
}
SDK_CODES["change"] = SDK_CODES["create"]
SDK_MESSAGES = {
    "params": "Required params empty",
    "internal": "Client Internal Error",
    "user_error": "User Error",
    "cancel": "User Cancel",
    "third_party": "Third party error",
}
# What a live subscription's state answers to create / reactivate / change (minis-error-codes).
STATE_ERRORS = {
    "active": ("20021101", "the user has an active subscription: a new one cannot be created"),
    "cancel": ("20021102", "the user's subscription is cancelled: it can only be reactivated, not created anew"),
    "onhold": ("20021103", "the user's subscription is on hold: guide the user to handle their current subscription"),
}


class BusinessError(Exception):
    """A documented business error: the 8-digit code and a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code, self.message = code, message


def guard(tier: Tier) -> int:
    return SANDBOX_GUARD if tier.sandbox else PRODUCTION_GUARD


def tier_of(sub: Subscription) -> Tier:
    return TIERS.get(sub.tier_id) or TIERS["sandbox_499_1M"]


def _time(state: MockState, value: float | None) -> int | None:
    if value is None:
        return None
    return int(value * 1000) if state.settings.subscription_time_unit == "ms" else int(value)


def subscription_view(state: MockState, sub: Subscription) -> dict[str, Any]:
    """ThirdPartyUserSubscriptionObject, spelled as the docs' examples spell it (begin_time, next_duduct_time)."""
    view: dict[str, Any] = {
        "subscription_id": sub.subscription_id,
        "tier_id": sub.tier_id,
        "is_subscription_rights_valid": sub.rights_valid,
        "is_renewal_normal": sub.renewal_normal,
        "trade_order_id": sub.trade_order_id,
        "is_sandbox": tier_of(sub).sandbox,
        "begin_time": _time(state, sub.begin_time),
        "end_time": _time(state, sub.end_time),
        "pay_type": "IAP",
    }
    if sub.state == "active" and sub.next_deduct_time is not None:
        view["next_duduct_time"] = _time(state, sub.next_deduct_time)
    return view


def trade_order_view(state: MockState, order: SubscriptionOrder) -> dict[str, Any]:
    """SubscriptionTradeOrderInfoObject, flat in `data` as the docs' example has it."""
    sub = state.store.subscription(order.subscription_id)
    tier = TIERS.get(order.tier_id)
    view: dict[str, Any] = {
        "trade_order_id": order.trade_order_id,
        "subscription_id": order.subscription_id,
        "trade_order_status": order.status,
        "is_sandbox": bool(tier and tier.sandbox),
        "pay_type": "IAP",
    }
    if sub is not None and order.status != "PENDING":
        view.update(begin_time=_time(state, sub.begin_time), end_time=_time(state, sub.end_time))
        if sub.state == "active" and sub.next_deduct_time is not None:
            view["next_duduct_time"] = _time(state, sub.next_deduct_time)
    return view


def snapshot(state: MockState, sub: Subscription) -> dict[str, Any]:
    """GET /_mock/subscriptions and tiktok_mock.subscriptions: the public object plus the mock's own fields."""
    return {
        **subscription_view(state, sub),
        "state": sub.state,
        "user": sub.user_name,
        "renewals": sub.renewals,
        "pending_tier": sub.pending_tier,
        "due_at": sub.due_at,
    }


def _emit(state: MockState, kind: str, sub: Subscription) -> str:
    order = state.store.sub_order(sub.trade_order_id)
    content = {**subscription_view(state, sub), "order_id": (order.order_id if order else None) or ""}
    return state.emit_webhook(sub.client_key, EVENTS[kind], state.store.user(sub.user_name), content)


# --- the developer's server: creating trade orders -----------------------------------------------------------


def check_order_info(info: Any) -> None:
    if not isinstance(info, dict) or not isinstance(info.get("order_id"), str) or not info["order_id"].strip():
        raise BusinessError(INVALID_PARAMS, "order_info.order_id (your own order id) is required")
    if not isinstance(info.get("product_name"), str) or not info["product_name"].strip():
        raise BusinessError(INVALID_PARAMS, "order_info.product_name is required")
    for name in ("order_url", "order_detail"):
        if name in info and not isinstance(info[name], str):
            raise BusinessError(INVALID_PARAMS, f"order_info.{name} must be a string")


def create_order(state: MockState, client_key: str, user_name: str, tier_id: Any, info: Any) -> str:
    """subscription/create: a PENDING trade order for a new subscription (BusinessError when refused)."""
    if not isinstance(tier_id, str) or not tier_id:
        raise BusinessError(INVALID_PARAMS, "tier_id is required")
    check_order_info(info)
    if tier_id not in TIERS:
        raise BusinessError("20001003", f"tier id {tier_id!r} is invalid")
    if not state.settings.payment_capability:
        raise BusinessError("20021001", "the app has no payment capability (submerchant id invalid): contact TikTok to enable it")
    for sub in state.store.subscriptions(client_key, user_name, live=True):  # "no more than one active subscription"
        raise BusinessError(*STATE_ERRORS[sub.state])
    trade_order_id = state.store.add_sub_order(client_key, user_name, info, "create", tier_id, token_hex(6) + "-S", state.now())
    if trade_order_id is None:
        raise BusinessError("20021002", f"duplicate outer order id {info['order_id']!r}")
    return trade_order_id


def reactivate_order(state: MockState, client_key: str, user_name: str, subscription_id: Any, info: Any) -> str:
    """subscription/reactivate: a PENDING trade order that turns a cancelled subscription's renewal back on."""
    if not isinstance(subscription_id, str) or not subscription_id:
        raise BusinessError(INVALID_PARAMS, "subscription_id is required")
    check_order_info(info)
    sub = state.store.subscription(subscription_id)
    if sub is None or sub.client_key != client_key or sub.user_name != user_name or sub.state == "expired":
        raise BusinessError(INVALID_PARAMS, f"subscription_id {subscription_id!r} is not a current subscription of this user")
    if sub.state != "cancel":  # "ONLY when is_renew_normal=false"; on hold: "guide user to handle their current subscription"
        raise BusinessError(
            *(("20021101", "the subscription is active (it renews): there is nothing to reactivate") if sub.state == "active" else STATE_ERRORS["onhold"])
        )
    if sub.end_time - state.now() < guard(tier_of(sub)):
        raise BusinessError("20021111", f"the subscription is too close to its renewal: not within {guard(tier_of(sub)) // 60} minutes of it")
    trade_order_id = state.store.add_sub_order(client_key, user_name, info, "reactivate", sub.tier_id, sub.subscription_id, state.now())
    if trade_order_id is None:
        raise BusinessError("20021002", f"duplicate outer order id {info['order_id']!r}")
    return trade_order_id


# --- the user, in TikTok: the SDK's sheets ------------------------------------------------------------------------


def _sdk_error(kind: str, reason: str, detail: str, trade_order_id: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"is_success": False}
    if trade_order_id is not None:
        result["trade_order_id"] = trade_order_id
    result["error"] = {"error_code": SDK_CODES[kind][reason], "error_msg": f"{SDK_MESSAGES[reason]}: {detail}"}
    return result


def sdk_action(state: MockState, client_key: str, user_name: str, body: dict[str, Any]) -> dict[str, Any]:
    """What createSubscription / reactivateSubscription / changeSubscription's sheet did (`outcome`), applied."""
    tick(state)
    kind = body.get("kind")
    if kind not in SDK_CODES:
        return _sdk_error("create", "params", "kind must be create, reactivate or change")
    outcome = body.get("outcome")
    if outcome not in ("confirm", "cancel", "fail"):
        return _sdk_error(kind, "params", "outcome must be confirm, cancel or fail")
    if kind == "change":
        return _change(state, client_key, user_name, body.get("tier_id"), outcome)
    trade_order_id = body.get("trade_order_id")
    if not isinstance(trade_order_id, str) or not trade_order_id:
        return _sdk_error(kind, "params", "trade_order_id is required")
    order = state.store.sub_order(trade_order_id)
    if order is None or order.client_key != client_key or order.kind not in ("create", "reactivate"):
        return _sdk_error(kind, "internal", "20011002: the order does not exist", trade_order_id)
    if order.kind != kind:
        other = "createSubscription" if order.kind == "create" else "reactivateSubscription"
        return _sdk_error(kind, "internal", f"this trade order is for {other}", trade_order_id)
    if order.user_name != user_name:
        return _sdk_error(kind, "user_error", "the order belongs to another user", trade_order_id)
    if order.status != "PENDING" or order.closed:
        why = (
            "already paid"
            if order.status == "SUCCESS"
            else f"{order.status.lower()}"
            if order.status != "PENDING"
            else "closed by a cancelled or failed payment: create a new trade order"
        )
        return _sdk_error(kind, "user_error", f"the order is {why}", trade_order_id)
    if outcome != "confirm":
        state.store.close_sub_order(trade_order_id)
        return _sdk_error(
            kind, "cancel" if outcome == "cancel" else "user_error", "the user cancelled" if outcome == "cancel" else "the payment failed", trade_order_id
        )
    now = state.now()
    if kind == "create":
        tier = TIERS[order.tier_id]
        result = state.store.start_subscription(trade_order_id, now, now + tier.period, now)
    else:
        result = state.store.reactivate_subscription(trade_order_id, now)
    if isinstance(result, str):  # another confirmation won, or the user's subscriptions changed meanwhile
        detail = "the order is already paid" if result == "settled" else ": ".join(STATE_ERRORS.get(result, ("", f"the subscription is {result}")))
        return _sdk_error(kind, "user_error", detail.lstrip(": "), trade_order_id)
    _emit(state, kind, result)
    return {"is_success": True, "trade_order_id": trade_order_id, "subscription_id": result.subscription_id}


def _change(state: MockState, client_key: str, user_name: str, tier_id: Any, outcome: str) -> dict[str, Any]:
    """changeSubscription({tier_id}): an active subscription moves to another tier from its next renewal."""
    if not isinstance(tier_id, str) or not tier_id:
        return _sdk_error("change", "params", "tier_id is required")
    live = state.store.subscriptions(client_key, user_name, live=True)
    if not live:
        return _sdk_error("change", "user_error", "the user has no subscription to change")
    sub = live[0]
    fail = lambda code, message: {"is_success": False, "subscription_id": sub.subscription_id, "error": {"error_code": code, "error_msg": message}}
    if tier_id not in TIERS:
        return fail("20001003", f"tier id {tier_id!r} is invalid")
    if sub.state != "active":
        return fail(*STATE_ERRORS[sub.state])
    if tier_id == sub.tier_id and sub.pending_tier is None:
        return fail(INVALID_PARAMS, f"the subscription is already on {tier_id}")
    now = state.now()
    if sub.changed_at is not None and now - sub.changed_at < CHANGE_INTERVAL:
        return fail("20021108", "change subscription unfinished: wait 1 hour between change requests")
    if sub.next_deduct_time is not None and sub.next_deduct_time - now < guard(tier_of(sub)):
        return fail("20021111", "the subscription is too close to its renewal to be changed")
    if outcome != "confirm":
        return _sdk_error("change", "cancel" if outcome == "cancel" else "user_error", "the user cancelled" if outcome == "cancel" else "the change failed")
    if not state.store.update_subscription(sub, pending_tier=None if tier_id == sub.tier_id else tier_id, changed_at=now):
        return fail("20021108", "the subscription changed meanwhile; try again")
    return {"is_success": True, "subscription_id": sub.subscription_id, "tier_id": tier_id}


# --- the clock: renewals, ends of holds and of cancelled subscriptions ---------------------------------------


def tick(state: MockState) -> int:
    """Apply every transition the mock's clock has come to (in order, catching up after a big step); safe to run
    from several threads at once (each transition applies only to the subscription as it was read)."""
    done = 0
    for _ in range(CATCH_UP // 50):
        due = state.store.due_subscriptions(state.now(), limit=50)
        if not due:
            break
        for sub in due:
            done += _transition(state, sub)
    if done:
        state.store.commit()
    return done


class _Raced(Exception):
    """Another thread moved the subscription first: undo this transition."""


def _transition(state: MockState, sub: Subscription) -> int:
    store = state.store
    try:
        with store.atomic():
            if sub.state == "active" and not (tier_of(sub).sandbox and sub.renewals >= SANDBOX_RENEWALS):
                tier = TIERS.get(sub.pending_tier or "") or tier_of(sub)
                start = sub.end_time
                order_id = store.add_sub_order(sub.client_key, sub.user_name, None, "renew", tier.tier_id, sub.subscription_id, state.now(), status="SUCCESS")
                if not store.update_subscription(
                    sub,
                    tier_id=tier.tier_id,
                    pending_tier=None,
                    trade_order_id=order_id,
                    end_time=start + tier.period,
                    next_deduct_time=start + tier.period,
                    due_at=start + tier.period,
                    renewals=sub.renewals + 1,
                ):
                    raise _Raced
                kind = "renew"
            else:  # the sandbox's 12 renewals are over, a cancelled subscription ran out, or a hold ended
                if not store.update_subscription(sub, state="expired", next_deduct_time=None, due_at=None):
                    raise _Raced
                kind = "expire"
            after = store.subscription(sub.subscription_id)
            if after is not None:  # in the same transaction: events leave in the order their changes were made
                _emit(state, kind, after)
    except _Raced:
        return 0
    return 1


# --- the control API: what the user does in the app store --------------------------------------------------

ACTIONS = ("cancel", "onhold", "recover", "renew", "expire")


def control_action(state: MockState, subscription_id: str, action: str) -> dict[str, Any]:
    """POST /_mock/subscriptions/{id}/{action}: cancel (auto-renew off), onhold (a renewal payment fails),
    recover (the held payment goes through: renewed), renew (the next renewal now), expire (ends now).
    LookupError for an unknown subscription, ValueError when the action does not apply to its state."""
    tick(state)
    sub = state.store.subscription(subscription_id)
    if sub is None:
        raise LookupError(f"no subscription {subscription_id!r}")
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)}")
    allowed = {"cancel": ("active",), "onhold": ("active",), "recover": ("onhold",), "renew": ("active",), "expire": ("active", "cancel", "onhold")}[action]
    if sub.state not in allowed:
        raise ValueError(f"subscription {subscription_id} is {sub.state}: {action} applies to {' or '.join(allowed)} subscriptions")
    with state.store.lock:  # the change and its event together, never between a clock thread's change and its event
        return _apply_action(state, sub, action)


def _apply_action(state: MockState, sub: Subscription, action: str) -> dict[str, Any]:
    subscription_id = sub.subscription_id
    now = state.now()
    store = state.store
    event = None
    if action == "cancel":  # rights until end_time, no renewal; it expires then
        changed = store.update_subscription(sub, state="cancel", next_deduct_time=None, due_at=sub.end_time)
    elif action == "onhold":
        changed = store.update_subscription(sub, state="onhold", next_deduct_time=None, due_at=now + state.settings.subscription_onhold_period)
        event = "onhold"
    elif action == "expire":
        changed = store.update_subscription(sub, state="expired", end_time=min(sub.end_time, now), next_deduct_time=None, due_at=None)
        event = "expire"
    else:  # recover / renew: a renewal paid now; the new period starts now (recover) or at the end of this one (renew)
        tier = TIERS.get(sub.pending_tier or "") or tier_of(sub)
        start = now if action == "recover" else sub.end_time
        with store.atomic():
            order_id = store.add_sub_order(sub.client_key, sub.user_name, None, "renew", tier.tier_id, sub.subscription_id, now, status="SUCCESS")
            changed = store.update_subscription(
                sub,
                state="active",
                tier_id=tier.tier_id,
                pending_tier=None,
                trade_order_id=order_id,
                end_time=start + tier.period,
                next_deduct_time=start + tier.period,
                due_at=start + tier.period,
                renewals=sub.renewals + 1,
            )
            if not changed:
                raise ValueError("the subscription changed meanwhile; try again")
        event = "renew"
    if not changed:
        raise ValueError("the subscription changed meanwhile; try again")
    after = store.subscription(subscription_id)
    assert after is not None
    webhook = _emit(state, event, after) if event else None
    return {"subscription": snapshot(state, after), "webhook": webhook}


def refund(state: MockState, order: SubscriptionOrder) -> dict[str, Any]:
    """A refunded subscription payment (the control API): the order is REFUNDED (get_trade_order_info shows it) and,
    when it paid for the current period, the subscription's rights end now (expire webhook). Mock's choice."""
    if order.status != "SUCCESS":
        raise ValueError(f"trade order {order.trade_order_id} is {order.status}: only a paid order can be refunded")
    if not state.store.refund_sub_order(order.trade_order_id):
        raise ValueError("the order changed meanwhile; try again")
    sub = state.store.subscription(order.subscription_id)
    webhook = None
    if sub is not None and sub.trade_order_id == order.trade_order_id and sub.state != "expired":
        expired = state.store.update_subscription(sub, state="expired", end_time=min(sub.end_time, state.now()), next_deduct_time=None, due_at=None)
        after = state.store.subscription(sub.subscription_id) if expired else None
        webhook = _emit(state, "expire", after) if after else None
    return {"trade_order_id": order.trade_order_id, "trade_order_status": "REFUNDED", "subscription_id": order.subscription_id, "webhook": webhook}
