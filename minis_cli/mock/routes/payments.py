"""Payments (minis-payment-apis, minis-sdk-payment): trade orders on the server, TTMinis.pay in the page,
and the `minis.trade_order.redeem.success` webhook once the user confirms. One module for the routes, so the
order state machine reads top to bottom: PENDING -> (pay confirmed) SUCCESS -> webhook; a cancelled or failed
payment closes the order (the docs: create a new trade_order_id), and paying it again is refused.

Choices where the docs are silent (README): business errors are answered with HTTP 400 and the 8-digit code as
`error.code` in the v2 envelope; TTMinis.pay's cancel/fail error codes are mock-only (116601 / 116600, borrowed
from the subscription APIs' "user cancel" / "user error", the closest documented ones).
"""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..codes import INVALID_PARAMS
from ..http import BEARER, Answered, BodyProblem, api_error, control_json, control_result, json_response, read_json, sdk_error, state_of
from ..randomness import new_log_id
from ..state import MockState
from ..store import Token
from .declare import MockRoute, route

CANCELLED = 116601  # mock-only (see the module docstring)
FAILED = 116600
SUCCESS_EVENT = "minis.trade_order.redeem.success"


def api_envelope(data: dict[str, Any], log_id: str, code: str = "ok", message: str = "", status: int = 200) -> Response:
    """TikTok's v2 envelope: {data, error: {code, message, log_id}} ("ok" on success)."""
    return json_response({"data": data, "error": {"code": code, "message": message, "log_id": log_id}}, status, log_id)


def _user_token(state: MockState, request: Request) -> Token:
    """The user's access token (the payment endpoints take `Bearer act.…`); without one, 401 is answered."""
    match = BEARER.match(request.headers.get("authorization", ""))
    found = state.store.token(match.group(1)) if match else None
    if found is None or found.kind != "access" or found.revoked or found.expires_at <= state.now() or not found.user_name:
        raise Answered(api_error("access_token_invalid", "The access token is invalid or not found in the request.", 401, new_log_id()))
    return found


async def authorised(request: Request) -> tuple[MockState, Token, dict[str, Any]]:
    """What every payment endpoint starts with: the user's token, then the JSON body (their errors are answered)."""
    state = state_of(request)
    token = _user_token(state, request)
    try:
        body = await read_json(request)
    except BodyProblem as problem:
        raise Answered(api_envelope({}, new_log_id(), INVALID_PARAMS, problem.description, 400)) from None
    return state, token, body


async def create_trade_order(request: Request) -> Response:
    """POST /v2/minis/trade_order/create/ {token_type: "BEANS", token_amount, order_info: {order_id, product_name, ...}}."""
    state, token, body = await authorised(request)
    log_id = new_log_id()
    info = body.get("order_info")
    amount = body.get("token_amount")
    problem = None
    if body.get("token_type") != "BEANS":
        problem = 'token_type must be "BEANS"'
    elif isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= 10**9:
        problem = "token_amount must be a positive whole number of Beans"
    elif not isinstance(info, dict) or not isinstance(info.get("order_id"), str) or not info["order_id"].strip():
        problem = "order_info.order_id (your own order id) is required"
    elif not isinstance(info.get("product_name"), str) or not info["product_name"].strip():
        problem = "order_info.product_name is required"
    elif "quantity" in info and (isinstance(info["quantity"], bool) or not isinstance(info["quantity"], int) or info["quantity"] < 1):
        problem = "order_info.quantity must be a whole number >= 1"
    if problem or not isinstance(info, dict) or not isinstance(amount, int):
        return api_envelope({}, log_id, INVALID_PARAMS, problem or "invalid order", 400)
    if not state.settings.payment_capability:
        return api_envelope({}, log_id, "20021001", "the app has no payment capability (submerchant id invalid): contact TikTok to enable it", 400)
    trade_order_id = state.store.create_order(token.client_key, token.user_name or "", info, "BEANS", amount, state.now())
    if trade_order_id is None:
        return api_envelope({}, log_id, "20021002", f"duplicate outer order id {info['order_id']!r}", 400)
    await state.store.durable()
    state.log("trade_order_create", "POST", request.scope["path"], "", {"order_id": info["order_id"], "token_amount": amount}, 200, log_id)
    return api_envelope({"trade_order_id": trade_order_id}, log_id)


# Beans recharge tiers (minis-payment-apis, get_tier_infos). The real catalogue is TikTok's; the docs show one
# tier, which the mock keeps as it is, and the others follow its price per Bean (mock-only ids and prices).
BEANS_TIERS: dict[str, dict[str, Any]] = {
    tier_id: {
        "tier_id": tier_id,
        "tier_name": f"pd_beans_showcase_{beans}",
        "token_type": "BEANS",
        "token_amount": beans,
        "price": price,
        "currency": "USD",
        "symbol": "$",
    }
    for tier_id, beans, price in (
        ("1731381720000100", 100, "1.19"),  # the docs' example tier
        ("1731381720000500", 500, "5.95"),
        ("1731381720001000", 1000, "11.90"),
        ("1731381720005000", 5000, "59.50"),
    )
}


async def _beans_utility(request: Request) -> tuple[MockState, dict[str, Any], str]:
    """The Beans utility endpoints' preamble: the user's token, the body, token_type "BEANS" (their errors answered)."""
    state, _token, body = await authorised(request)
    log_id = new_log_id()
    if body.get("token_type") != "BEANS":
        raise Answered(api_envelope({}, log_id, INVALID_PARAMS, 'token_type must be "BEANS"', 400))
    return state, body, log_id


async def get_tier_infos(request: Request) -> Response:
    """POST /v2/minis/utility/get_tier_infos/ {token_type: "BEANS", tier_ids: [...]} -> {tier_infos: {tier_id: {...}}}."""
    state, body, log_id = await _beans_utility(request)
    tier_ids = body.get("tier_ids")
    if not isinstance(tier_ids, list) or not tier_ids or not all(isinstance(t, str) and t for t in tier_ids):
        return api_envelope({}, log_id, INVALID_PARAMS, "tier_ids must be a non-empty list of tier id strings", 400)
    unknown = [t for t in tier_ids if t not in BEANS_TIERS]
    if unknown:
        return api_envelope({}, log_id, "20001003", f"tier id {unknown[0]!r} is invalid", 400)
    state.log("get_tier_infos", "POST", request.scope["path"], "", {"tier_ids": ",".join(tier_ids)}, 200, log_id)
    return api_envelope({"tier_infos": {t: dict(BEANS_TIERS[t]) for t in tier_ids}}, log_id)


async def check_redeem_amounts(request: Request) -> Response:
    """POST /v2/minis/utility/check_redeem_amounts/ {token_type: "BEANS", token_amounts: [...]} -> {valid}.
    TikTok does not publish its pricing policy: the mock calls whole amounts from 1 to `max_redeem_amount` valid."""
    state, body, log_id = await _beans_utility(request)
    amounts = body.get("token_amounts")
    if not isinstance(amounts, list) or not amounts or not all(isinstance(a, (int, float)) and not isinstance(a, bool) for a in amounts):
        return api_envelope({}, log_id, INVALID_PARAMS, "token_amounts must be a non-empty list of numbers", 400)
    valid = all(float(a).is_integer() and 1 <= a <= state.settings.max_redeem_amount for a in amounts)
    state.log("check_redeem_amounts", "POST", request.scope["path"], "", {"count": len(amounts)}, 200, log_id)
    return api_envelope({"valid": valid}, log_id)


async def play_token(request: Request) -> Response:
    """GET /v2/sg/shortdrama/play_token/?client_key=&episode_id= with the app's client token (Bearer clt.…):
    {play_auth_token}, what Mini Drama Player needs before TikTok 44.5.0 (the field name is the player page's;
    the stored API page is cut off there, and no expiry is documented: the mock gives none)."""
    state = state_of(request)
    log_id = new_log_id()
    match = BEARER.match(request.headers.get("authorization", ""))
    found = state.store.token(match.group(1)) if match else None
    if found is None or found.kind != "client" or found.revoked or found.expires_at <= state.now():
        return api_error("access_token_invalid", "The access token is invalid or not found in the request.", 401, log_id)
    client_key = request.query_params.get("client_key", "")
    episode_id = request.query_params.get("episode_id", "")
    if not client_key or not episode_id:
        return api_envelope({}, log_id, INVALID_PARAMS, "client_key and episode_id are required", 400)
    if client_key != found.client_key:
        return api_envelope({}, log_id, INVALID_PARAMS, "client_key is not the app of this client token", 400)
    control = state.settings.media_play_control
    if control != "off":  # the Media Asset API: only a listed album's online episodes, to the owner or an authorised app
        from ..media import playable

        allowed = playable(state, found.client_key, episode_id)
        if allowed is False or (allowed is None and control == "strict"):
            query = request.scope["query_string"].decode("latin-1")
            state.log("play_token", "GET", request.scope["path"], query, {"episode_id": episode_id}, 400, log_id, "episode_not_playable")
            why = "is not in a listed mini drama's online version this mini app owns or is authorised to play"
            # mock-only code: the play_token page's error table is not in the stored docs
            return api_envelope({}, log_id, "episode_not_playable", f"episode {episode_id} {why}", 400)
    digest = hashlib.sha256(f"{found.token}:{episode_id}".encode()).hexdigest()[:48]
    state.log("play_token", "GET", request.scope["path"], request.scope["query_string"].decode("latin-1"), {"episode_id": episode_id}, 200, log_id)
    return api_envelope({"play_auth_token": f"pat.{digest}"}, log_id)


async def query_trade_order(request: Request) -> Response:
    """POST /v2/minis/trade_order/query/ {trade_order_id} -> {trade_order_id, trade_order_status: PENDING|SUCCESS}."""
    state, token, body = await authorised(request)
    log_id = new_log_id()
    trade_order_id = body.get("trade_order_id")
    if not isinstance(trade_order_id, str) or not trade_order_id:
        return api_envelope({}, log_id, INVALID_PARAMS, "trade_order_id is required", 400)
    order = state.store.order(trade_order_id)
    if order is None or order.client_key != token.client_key:
        return api_envelope({}, log_id, "20011002", "the order does not exist", 400)
    return api_envelope({"trade_order_id": order.trade_order_id, "trade_order_status": order.status}, log_id)


def sdk_pay(state: MockState, client_key: str, user_name: str, body: dict[str, Any]) -> dict[str, Any]:
    """What TTMinis.pay's sheet did (`outcome`: confirm / cancel / fail), applied to the order."""

    trade_order_id = body.get("trade_order_id")
    outcome = body.get("outcome")
    if not isinstance(trade_order_id, str) or not trade_order_id:
        return {"is_success": False, **sdk_error("invalid_params", "trade_order_id is required")}
    order = state.store.order(trade_order_id)
    if order is None or order.client_key != client_key:
        return {"is_success": False, "trade_order_id": trade_order_id, **sdk_error("invalid_params", "20011002: the order does not exist")}
    if order.user_name != user_name:
        return {"is_success": False, "trade_order_id": trade_order_id, **sdk_error("invalid_params", "the order belongs to another user")}
    if outcome not in ("confirm", "cancel", "fail"):
        return {"is_success": False, "trade_order_id": trade_order_id, **sdk_error("invalid_params", "outcome must be confirm, cancel or fail")}
    if order.status != "PENDING" or order.closed:
        why = "already paid" if order.status == "SUCCESS" else "closed by a cancelled or failed payment: create a new trade order"
        return {"is_success": False, "trade_order_id": trade_order_id, **sdk_error("invalid_params", f"the order is {why}")}
    now = state.now()
    if outcome != "confirm":
        state.store.settle_order(trade_order_id, paid=False, now=now)
        code, message = (CANCELLED, "the user cancelled the payment") if outcome == "cancel" else (FAILED, "the payment failed")
        return {"is_success": False, "trade_order_id": trade_order_id, "error": {"error_code": code, "error_msg": message, "error_extra": {}}}
    if state.store.settle_order(trade_order_id, paid=True, now=now):  # exactly one confirmation wins
        user = state.store.user(user_name)
        state.emit_webhook(client_key, SUCCESS_EVENT, user, {"trade_order_id": trade_order_id, "order_id": order.order_id, "is_sandbox": False})
        return {"is_success": True, "trade_order_id": trade_order_id}
    return {"is_success": False, "trade_order_id": trade_order_id, **sdk_error("invalid_params", "the order is already paid")}


REFUND_EVENT = "minis.trade_order.redeem.refund_traceback"
REFUND_RESULT_EVENT = "minis.trade_order.redeem.refund_success"  # "currently unavailable" in the docs: behind a setting


def refund_order(state: MockState, ref: str, amount: int | None = None) -> dict[str, Any]:
    """A user's refund in the store (tiktok-minis-in-app-purchases): the order stays SUCCESS for the query, and
    `refund_traceback` tells the backend how much came back (`refund_amount`, in the order's Beans). `ref` is
    the trade_order_id or the developer's order_id. ValueError when it cannot be refunded."""
    order = state.store.order(ref) or next((o for o in state.store.orders() if o.order_id == ref), None)
    if order is None:
        sub_order = state.store.sub_order(ref) or next((o for o in state.store.sub_orders() if o.order_id == ref), None)
        if sub_order is not None:
            from .. import subscriptions

            return subscriptions.refund(state, sub_order)
        raise LookupError(f"no trade order {ref!r}")
    if order.status != "SUCCESS":
        raise ValueError(f"trade order {order.trade_order_id} is {order.status}: only a paid order can be refunded")
    left = order.token_amount - state.store.refunded(order.trade_order_id)
    amount = left if amount is None else amount
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= left:
        raise ValueError(f"refund_amount must be a whole number from 1 to {left} (what is left of {order.token_amount} Beans)")
    if state.store.add_refund(order.trade_order_id, amount, state.now()) is None:
        raise ValueError("the order changed meanwhile; try again")
    user = state.store.user(order.user_name)
    content = {"trade_order_id": order.trade_order_id, "order_id": order.order_id, "is_sandbox": False, "refund_amount": amount}
    webhook = state.emit_webhook(order.client_key, REFUND_EVENT, user, content)
    if state.settings.refund_result_events:
        state.emit_webhook(order.client_key, REFUND_RESULT_EVENT, user, {k: content[k] for k in ("trade_order_id", "order_id", "is_sandbox")})
    return {"trade_order_id": order.trade_order_id, "refund_amount": amount, "refundable": left - amount, "webhook": webhook}


async def refund(request: Request) -> Response:
    """POST /_mock/orders/{id}/refund {"refund_amount"?}: the user gets Beans back (default: all that is left)."""
    state = state_of(request)
    log_id = new_log_id()
    body = await control_json(request, log_id)
    return await control_result(state, log_id, lambda: refund_order(state, request.path_params["id"], body.get("refund_amount")))


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

ROUTES: tuple[MockRoute, ...] = (
    route(
        "POST",
        "/v2/minis/trade_order/create/",
        create_trade_order,
        "public",
        "payments",
        '`{token_type: "BEANS", token_amount, order_info}` → `{trade_order_id}` (PENDING)',
        slash=True,
    ),
    route(
        "POST",
        "/v2/minis/trade_order/query/",
        query_trade_order,
        "public",
        "payments",
        "`{trade_order_id}` → `{trade_order_id, trade_order_status}`",
        slash=True,
    ),
    route("POST", "/v2/minis/utility/get_tier_infos/", get_tier_infos, "public", "payments", '`{token_type: "BEANS", tier_ids}` → `{tier_infos}`', slash=True),
    route(
        "POST",
        "/v2/minis/utility/check_redeem_amounts/",
        check_redeem_amounts,
        "public",
        "payments",
        '`{token_type: "BEANS", token_amounts}` → `{valid}`',
        slash=True,
    ),
    route(
        "GET",
        "/v2/sg/shortdrama/play_token/",
        play_token,
        "public",
        "media",
        "`?client_key=&episode_id=` with the app's client token → `{play_auth_token}` (Mini Drama Player before TikTok 44.5.0)",
        slash=True,
    ),
    route("POST", "/_mock/orders/{id}/refund", refund, "control", "control", "`{refund_amount?}`: a refund (`refund_traceback` to the backend)"),
)
