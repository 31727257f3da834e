"""Subscription endpoints (minis-subscription-apis): POST /v2/minis/subscription/{create, reactivate, get_active_list,
get_subscription_info, get_trade_order_info, get_subscription_tier_info}/ with the user's access token, in the v2
api_envelope; the state machine and the tiers are in mock/subscriptions.py. And the control routes
GET /_mock/subscriptions, POST /_mock/subscriptions/{id}/{action}."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import subscriptions as subs
from ..codes import INVALID_PARAMS
from ..http import Answered, control_json, control_result, json_response, state_of
from ..randomness import new_log_id
from ..state import MockState
from ..store import SubscriptionOrder, Token
from .declare import MockRoute, route
from .payments import api_envelope, authorised


async def _begin(request: Request) -> tuple[MockState, Token, dict[str, Any], str]:
    state, token, body = await authorised(request)
    subs.tick(state)  # renewals and ends the clock has come to, before anything is read
    return state, token, body, new_log_id()


async def _order(request: Request, make, what: str, field: str) -> Response:
    """create and reactivate: a PENDING subscription trade order from `make`, or its business error."""
    state, token, body, log_id = await _begin(request)
    try:
        trade_order_id = make(state, token.client_key, token.user_name or "", body.get(field), body.get("order_info"))
    except subs.BusinessError as exc:
        return api_envelope({}, log_id, exc.code, exc.message, 400)
    await state.store.durable()
    state.log(f"subscription_{what}", "POST", request.scope["path"], "", {field: body[field], "order_id": body["order_info"]["order_id"]}, 200, log_id)
    return api_envelope({"trade_order_id": trade_order_id}, log_id)


async def create(request: Request) -> Response:
    """{tier_id, order_info: {order_id, product_name, order_url?, order_detail?}} -> {trade_order_id}."""
    return await _order(request, subs.create_order, "create", "tier_id")


async def reactivate(request: Request) -> Response:
    """{subscription_id, order_info} -> {trade_order_id}: only a cancelled subscription (rights valid, not renewing)."""
    return await _order(request, subs.reactivate_order, "reactivate", "subscription_id")


async def get_active_list(request: Request) -> Response:
    """No body -> {subscriptions: [...]}: the user's current subscription (active, cancelled or on hold); [] if none."""
    state, token, _body, log_id = await _begin(request)
    live = state.store.subscriptions(token.client_key, token.user_name or "", live=True)
    return api_envelope({"subscriptions": [subs.subscription_view(state, s) for s in live]}, log_id)


async def _with_order(request: Request) -> tuple[MockState, SubscriptionOrder, str]:
    """get_subscription_info and get_trade_order_info: the preamble, then the user's order named by trade_order_id."""
    state, token, body, log_id = await _begin(request)
    trade_order_id = body.get("trade_order_id")
    if not isinstance(trade_order_id, str) or not trade_order_id:
        raise Answered(api_envelope({}, log_id, INVALID_PARAMS, "trade_order_id is required", 400))
    order = state.store.sub_order(trade_order_id)
    if order is None or order.client_key != token.client_key or order.user_name != token.user_name:
        raise Answered(api_envelope({}, log_id, "20011002", "the order does not exist", 400))
    return state, order, log_id


async def get_subscription_info(request: Request) -> Response:
    """{trade_order_id} -> {subscription}: the subscription that order belongs to."""
    state, order, log_id = await _with_order(request)
    sub = state.store.subscription(order.subscription_id)
    if sub is None:  # a create order that was never paid: no subscription yet
        return api_envelope({}, log_id, "20011002", "no subscription for this order yet: it is not paid", 400)
    return api_envelope({"subscription": subs.subscription_view(state, sub)}, log_id)


async def get_trade_order_info(request: Request) -> Response:
    """{trade_order_id} -> {trade_order_id, subscription_id, trade_order_status: SUCCESS|PENDING|REFUNDED, ...}."""
    state, order, log_id = await _with_order(request)
    return api_envelope(subs.trade_order_view(state, order), log_id)


async def get_subscription_tier_info(request: Request) -> Response:
    """{tier_ids: [...], device_platform?: android|iphone} -> {subscription_tiers_info: {tier_id: {...}}}."""
    state, _token, body, log_id = await _begin(request)
    tier_ids = body.get("tier_ids")
    if not isinstance(tier_ids, list) or not tier_ids or not all(isinstance(t, str) and t for t in tier_ids):
        return api_envelope({}, log_id, INVALID_PARAMS, "tier_ids must be a non-empty list of tier id strings", 400)
    platform = body.get("device_platform")
    if platform is not None and not isinstance(platform, str):  # any other string means iphone, as the docs say
        return api_envelope({}, log_id, INVALID_PARAMS, "device_platform must be a string (android or iphone)", 400)
    unknown = [t for t in tier_ids if t not in subs.TIERS]
    if unknown:
        return api_envelope({}, log_id, "20001003", f"tier id {unknown[0]!r} is invalid", 400)
    state.log("subscription_tier_info", "POST", request.scope["path"], "", {"tier_ids": ",".join(tier_ids)}, 200, log_id)
    return api_envelope({"subscription_tiers_info": {t: subs.TIERS[t].view() for t in tier_ids}}, log_id)


# --- control ------------------------------------------------------------------------------------------------


async def subscriptions(request: Request) -> Response:
    """GET /_mock/subscriptions: every subscription with its state, and every subscription trade order."""
    state = state_of(request)
    subs.tick(state)
    return json_response(
        {"subscriptions": [subs.snapshot(state, s) for s in state.store.subscriptions()], "orders": [o.view() for o in state.store.sub_orders()]},
        200,
        new_log_id(),
    )


async def subscription_action(request: Request) -> Response:
    """POST /_mock/subscriptions/{id}/{cancel|onhold|recover|renew|expire}: what the user or the store does."""
    state = state_of(request)
    log_id = new_log_id()
    await control_json(request, log_id)
    return await control_result(state, log_id, lambda: subs.control_action(state, request.path_params["id"], request.path_params["action"]))


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

_SUBSCRIPTION_APIS = (  # TikTok's subscription APIs: name, handler, what it answers
    ("create", create, "`{tier_id, order_info}` → `{trade_order_id}` (PENDING)"),
    ("reactivate", reactivate, "`{subscription_id, order_info}` → `{trade_order_id}`: only a cancelled subscription (rights valid, not renewing)"),
    ("get_active_list", get_active_list, "no body → `{subscriptions}`: the user's current one (active, cancelled or on hold), `[]` when none"),
    ("get_subscription_info", get_subscription_info, "`{trade_order_id}` (any order of it) → `{subscription}`"),
    ("get_trade_order_info", get_trade_order_info, "`{trade_order_id}` → the order: `trade_order_status` SUCCESS, PENDING or REFUNDED, its dates"),
    ("get_subscription_tier_info", get_subscription_tier_info, "`{tier_ids, device_platform?}` → `{subscription_tiers_info}`"),
)
ROUTES: tuple[MockRoute, ...] = (
    *(
        route("POST", f"/v2/minis/subscription/{name}/", handler, "public", "subscriptions", summary, slash=True)
        for name, handler, summary in _SUBSCRIPTION_APIS
    ),
    route("GET", "/_mock/subscriptions", subscriptions, "control", "control", "every subscription and subscription trade order"),
    route(
        "POST",
        "/_mock/subscriptions/{id}/{action}",
        subscription_action,
        "control",
        "control",
        "`cancel`, `onhold`, `recover`, `renew` or `expire`: what the user or the store does",
    ),
)
