"""The mock's ASGI application, built from the route table (routes/table.py: the routes each module of routes/ declares
beside its handlers, with their methods, path, who may call them and their rows of the API reference), busiest first.

Where to look: routes/oauth.py (authorize, token, revoke), routes/user_info.py, routes/payments.py and
routes/subscriptions.py (/v2/minis/...), routes/media.py (/v2/sg/shortdrama/...), routes/sdk.py (the JS SDK and its
calls), routes/webhooks.py and routes/control.py (/_mock/...); shared HTTP helpers in http.py.
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
from .randomness import new_log_id
from .routes.control import upsert_user
from .routes.oauth import answer_form
from .routes.table import form_endpoints, starlette_routes
from .state import MockState

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
        self.endpoints = form_endpoints()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        endpoint = self.endpoints.get(scope["path"]) if scope["type"] == "http" else None
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
    routes = [Route(path, handler, methods=methods) for path, handler, methods in starlette_routes()]
    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, Answered: answered, Exception: internal_error})
    app.state.mock = state
    return app
