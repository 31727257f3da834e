"""The webhook control routes: the delivery log, send by hand, replay (MOCK_API.md Part 2, Webhooks)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..http import api_error, control_error, control_json, json_response, state_of
from ..randomness import new_log_id
from .control import app_and_user
from .declare import MockRoute, route

WEBHOOK_EVENTS = (
    "minis.trade_order.redeem.success",
    "minis.trade_order.redeem.refund_traceback",
    "minis.subscription.create",
    "minis.subscription.renew",
    "minis.subscription.expire",
    "minis.subscription.onhold",
    "minis.subscription.reactivate",
    "authorization.removed",
)


async def webhooks(request: Request) -> Response:
    """GET /_mock/webhooks: every event and how its delivery went (status, attempts, latency)."""
    state = state_of(request)
    return json_response({"webhooks": [w.view() for w in state.store.webhooks()], "webhook_url": state.settings.webhook_url}, 200, new_log_id())


async def orders(request: Request) -> Response:
    """GET /_mock/orders: every trade order and its state."""
    store = state_of(request).store
    return json_response({"orders": [{**o.view(), "refunded": store.refunded(o.trade_order_id)} for o in store.orders()]}, 200, new_log_id())


async def webhook_send(request: Request) -> Response:
    """POST /_mock/webhooks/send {"event", "content", "user"?, "client_key"?}: fire any event by hand."""
    state = state_of(request)
    log_id = new_log_id()
    body = await control_json(request, log_id)
    event, content = body.get("event"), body.get("content", {})
    if event not in WEBHOOK_EVENTS:
        return control_error(f"event must be one of {', '.join(WEBHOOK_EVENTS)}", log_id)
    if not isinstance(content, dict):
        return control_error("content must be a JSON object", log_id)
    client_key, user = app_and_user(state, body, log_id)
    webhook_id = state.emit_webhook(client_key, event, user, content)
    await state.store.durable()
    return json_response({"id": webhook_id}, 200, log_id)


async def webhook_replay(request: Request) -> Response:
    """POST /_mock/webhooks/{id}/replay: send one event again (its body and signature scheme unchanged)."""
    state = state_of(request)
    if not state.store.requeue_webhook(request.path_params["id"], state.now()):
        return api_error("not_found", f"no webhook {request.path_params['id']!r}", 404, new_log_id())
    return json_response({"ok": True}, 200, new_log_id())


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

ROUTES: tuple[MockRoute, ...] = (
    route("GET", "/_mock/webhooks", webhooks, "control", "control", "every webhook event and how its delivery went"),
    route("GET", "/_mock/orders", orders, "control", "control", "every trade order and its state"),
    route("POST", "/_mock/webhooks/send", webhook_send, "control", "control", "`{event, content, user?, client_key?}`: any webhook event, by hand"),
    route("POST", "/_mock/webhooks/{id}/replay", webhook_replay, "control", "control", "one event again"),
)
