"""The mock's ASGI application: the route modules in mock/routes/, assembled busiest first.

Where to look: routes/oauth.py (authorize, token, revoke), routes/user_info.py, routes/payments.py and
routes/subscriptions.py (/v2/minis/...), routes/sdk.py (the JS SDK and its calls), routes/webhooks.py and
routes/control.py (/_mock/...); shared HTTP helpers in http.py.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .http import Answered, api_error
from .routes import devtools, gamehost
from .routes import media as media_routes
from .routes import subscriptions as subscription_routes
from .routes.control import avatar, clock, codes, config, faults, health, outcomes, requests_log, reset, revoke_user, upsert_user, users
from .routes.events import fire, stream
from .routes.oauth import FORM_ENDPOINTS, answer_form, authorize_decision, authorize_page
from .routes.payments import check_redeem_amounts, create_trade_order, get_tier_infos, play_token, query_trade_order, refund
from .routes.sdk import sdk_call, sdk_script
from .routes.user_info import user_info
from .routes.webhooks import orders, webhook_replay, webhook_send, webhooks
from .state import MockState, new_log_id

__all__ = ["create_app", "upsert_user"]
logger = logging.getLogger("minis_cli.mock")

# --- the application ---------------------------------------------------------------------------------


async def not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    code = "not_found" if status == 404 else "method_not_allowed" if status == 405 else "invalid_params"
    return api_error(code, f"{request.method} {request.scope['path']}: {getattr(exc, 'detail', 'not found')}", status, new_log_id())


async def answered(request: Request, exc: Exception) -> Response:
    """A helper's answer in its route's place (http.Answered: a bad token or body), sent as it is."""
    assert isinstance(exc, Answered)
    return exc.response


async def internal_error(request: Request, exc: Exception) -> Response:
    logger.exception("mock TikTok: unexpected error on %s %s", request.method, request.scope["path"])
    return api_error("internal_error", "The mock hit an unexpected error; see its log.", 500, new_log_id())


class OAuthFront:
    """The two OAuth form endpoints (the mock's busiest: every backend's token call) answered before
    Starlette: no routing, Request, Response.__call__ or middleware on their path (issue 16's profile put
    a third of a token request there). Everything else goes on to the Starlette app."""

    def __init__(self, app: Starlette, state: MockState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        endpoint = FORM_ENDPOINTS.get(scope["path"]) if scope["type"] == "http" else None
        if endpoint is None:
            return await self.app(scope, receive, send)
        if scope["method"] != "POST":
            response = api_error("method_not_allowed", f"{scope['method']} {scope['path']}: Method Not Allowed", 405, new_log_id())
        else:
            try:
                response = await answer_form(self.state, endpoint, scope, receive)
            except Exception:  # what Starlette's handler would answer: logged, and TikTok's error shape
                logger.exception("mock TikTok: unexpected error on %s %s", scope["method"], scope["path"])
                response = api_error("internal_error", "The mock hit an unexpected error; see its log.", 500, new_log_id())
        await send({"type": "http.response.start", "status": response.status_code, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


def create_app(state: MockState):
    """The app; bound beyond loopback, behind the control guard (guard.py)."""
    from .guard import BrowserGuard, ControlGuard

    app: Any = BrowserGuard(OAuthFront(_starlette(state), state), state.control_token, state.allowed_hosts)
    if state.on_loopback:
        return app
    return ControlGuard(app, state.control_token)


def _starlette(state: MockState) -> Starlette:
    both = lambda path: (path, path.rstrip("/"))
    routes = []
    # Routes are matched in order: the busiest first.
    for path in both("/v2/user/info/"):
        routes.append(Route(path, user_info, methods=["GET"]))
    routes.append(Route("/_mock/codes", codes, methods=["POST"]))
    for path in both("/v2/auth/authorize/"):
        routes += [Route(path, authorize_page, methods=["GET"]), Route(path, authorize_decision, methods=["POST"])]
    for path in both("/v2/minis/trade_order/create/"):
        routes.append(Route(path, create_trade_order, methods=["POST"]))
    for path in both("/v2/minis/trade_order/query/"):
        routes.append(Route(path, query_trade_order, methods=["POST"]))
    for path in both("/v2/minis/utility/get_tier_infos/"):
        routes.append(Route(path, get_tier_infos, methods=["POST"]))
    for path in both("/v2/minis/utility/check_redeem_amounts/"):
        routes.append(Route(path, check_redeem_amounts, methods=["POST"]))
    for path in both("/v2/sg/shortdrama/play_token/"):
        routes.append(Route(path, play_token, methods=["GET"]))
    for name in ("create", "reactivate", "get_active_list", "get_subscription_info", "get_trade_order_info", "get_subscription_tier_info"):
        for path in both(f"/v2/minis/subscription/{name}/"):
            routes.append(Route(path, getattr(subscription_routes, name), methods=["POST"]))
    routes += [
        Route("/drama/sdk.js", sdk_script("drama"), methods=["GET"]),
        Route("/game/sdk.js", sdk_script("game"), methods=["GET"]),
        Route("/game/native.js", sdk_script("native"), methods=["GET"]),
        Route("/js/minis.js", sdk_script("legacy"), methods=["GET"]),
        Route("/_mock/sdk/{action}", sdk_call, methods=["POST", "OPTIONS"]),
        Route("/_mock/events/stream", stream, methods=["GET", "OPTIONS"]),
        Route("/_mock/events", fire, methods=["POST"]),
        Route("/_mock/health", health, methods=["GET"]),
        Route("/_mock/config", config, methods=["GET", "POST"]),
        Route("/_mock/users", users, methods=["GET", "POST"]),
        Route("/_mock/users/{user}/revoke", revoke_user, methods=["POST"]),
        Route("/_mock/clock", clock, methods=["GET", "POST"]),
        Route("/_mock/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/_mock/outcomes", outcomes, methods=["GET", "POST", "DELETE"]),
        Route("/_mock/webhooks", webhooks, methods=["GET"]),
        Route("/_mock/orders", orders, methods=["GET"]),
        Route("/_mock/orders/{id}/refund", refund, methods=["POST"]),
        Route("/_mock/subscriptions", subscription_routes.subscriptions, methods=["GET"]),
        Route("/_mock/subscriptions/{id}/{action}", subscription_routes.subscription_action, methods=["POST"]),
        Route("/_mock/webhooks/send", webhook_send, methods=["POST"]),
        Route("/_mock/webhooks/{id}/replay", webhook_replay, methods=["POST"]),
        Route("/_mock/requests", requests_log, methods=["GET", "DELETE"]),
        Route("/_mock/reset", reset, methods=["POST"]),
        Route("/_mock/avatars/{name}.svg", avatar, methods=["GET"]),
        Route("/_mock/simulator", devtools.simulator_page, methods=["GET"]),
        Route("/_mock/simulator/{name}", devtools.simulator_asset, methods=["GET"]),
        Route("/_mock/device", devtools.device, methods=["GET", "POST"]),
        Route("/_mock/devtools/stream", devtools.feed, methods=["GET"]),
        Route("/_mock/csp-report", devtools.csp_report, methods=["POST"]),
        Route("/_mock/libs/{name}", devtools.library, methods=["GET"]),
        Route("/_mock/game/host", gamehost.host_page, methods=["GET"]),
        Route("/_mock/game/fetch", gamehost.relay, methods=["POST"]),
        Route("/_mock/game/pkg/{path:path}", gamehost.package_file, methods=["GET"]),
        Route("/_mock/game/{name}", gamehost.host_asset, methods=["GET"]),
    ]
    # The Media Asset API (routes/media.py), after the busier routes above: the paths with and without the slash,
    # as the docs spell them differently (video/ and image have none in places).
    for name, handler in (
        ("album/create/", media_routes.album_create),
        ("album/update/", media_routes.album_update),
        ("album/review/submit/", media_routes.album_review_submit),
        ("album/online_version/", media_routes.album_online_version),
        ("album/status/", media_routes.album_status),
        ("album/authorize/", media_routes.album_authorize),
        ("image/", media_routes.image),
    ):
        for path in both(f"/v2/sg/shortdrama/{name}"):
            routes.append(Route(path, handler, methods=["POST"]))
    for path in both("/v2/sg/shortdrama/album/query/"):
        routes.append(Route(path, media_routes.album_query, methods=["GET"]))
    for path in both("/v2/sg/shortdrama/video/"):
        routes.append(Route(path, media_routes.video, methods=["GET", "POST"]))
    routes += [
        Route("/_mock/albums", media_routes.albums, methods=["GET"]),
        Route("/_mock/albums/{album_id}/review", media_routes.album_review, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, Answered: answered, Exception: internal_error})
    app.state.mock = state
    return app
