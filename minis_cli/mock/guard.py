"""Who may use the control API when the mock is bound beyond loopback (`mock serve --host`, `dev --host`).

On loopback only this machine can connect, and the guard is not installed at all (no cost on the hot
paths). Bound to the LAN, a phone needs the OAuth routes, the SDK and its calls, the event stream, the
avatars and the CSP report endpoint; everything else under /_mock/ (clock, users, codes, outcomes, config,
requests, the simulator and its feed) answers only loopback clients or requests carrying the session's
control token (header `x-minis-token`, or `?token=` for pages and event streams), and 403 otherwise, in
TikTok's v2 error envelope with a mock-only code, `mock_control_forbidden`.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from typing import Any
from urllib.parse import parse_qs

from .state import new_log_id

# What a phone on the LAN needs, open to any client.
OPEN_PREFIXES = (
    "/_mock/sdk/",
    "/_mock/events/stream",
    "/_mock/avatars/",
    "/_mock/health",
    "/_mock/csp-report",
    "/_mock/libs/",
    "/_mock/simulator/",
    "/_mock/game/pkg/",
    "/_mock/game/host.js",
    "/_mock/game/runtime.js",
)  # the game host's page (it holds the token) and relay stay guarded
TOKEN_HEADER = b"x-minis-token"
FORBIDDEN_CODE = "mock_control_forbidden"  # mock-only: TikTok has no control API


def is_loopback_client(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def needs_token(path: str) -> bool:
    return path.startswith("/_mock/") and not path.startswith(OPEN_PREFIXES)


def token_of(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == TOKEN_HEADER:
            return value.decode("latin-1")
    query = scope.get("query_string", b"")
    if b"token=" in query:
        values = parse_qs(query.decode("latin-1")).get("token")
        return values[0] if values else None
    return None


class ControlGuard:
    """ASGI middleware: the control API for loopback clients and token holders only."""

    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self.token = token

    def allowed(self, scope: dict[str, Any]) -> bool:
        if not needs_token(scope.get("path", "")):
            return True
        client = scope.get("client")
        if client and is_loopback_client(client[0]):
            return True
        offered = token_of(scope)
        return offered is not None and hmac.compare_digest(offered.encode(), self.token.encode())

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.allowed(scope):
            await self.app(scope, receive, send)
            return
        log_id = new_log_id()
        body = json.dumps(
            {
                "data": {},
                "error": {
                    "code": FORBIDDEN_CODE,
                    "message": "The mock's control API answers this machine, or requests with the control token minis-py printed"
                    " (x-minis-token header or ?token=).",
                    "log_id": log_id,
                },
            },
            separators=(",", ":"),
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"x-tt-logid", log_id.encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
