"""Who may use the control API when the mock is bound beyond loopback (`mock serve --host`, `dev --host`).

On loopback only this machine can connect, and the guard is not installed at all (no cost on the hot
paths). Bound to the LAN, a phone needs the OAuth routes, the SDK and its calls, the event stream, the
avatars and the CSP report endpoint (the routes routes/table.py marks open or cross-origin); everything else
under /_mock/ (clock, users, codes, outcomes, config,
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

from .randomness import new_log_id
from .routes.table import BROWSER_PREFIXES, CONTROL_ROOT, CROSS_ORIGIN_PREFIXES, FORM_PREFIXES, OPEN_PREFIXES

# Which paths are open, called cross-origin or posted as a form: the route table's (routes/table.py), where each
# route says who may call it.
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
    return path.startswith(CONTROL_ROOT) and not path.startswith(OPEN_PREFIXES)


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


# --- browsers: Host, Origin and content type --------------------------------------------------------------
#
# A browser on this machine can reach a loopback mock too: a page from anywhere can submit a form to it (a
# "simple" cross-site request: no preflight) and a DNS-rebinding page (evil.example resolving to 127.0.0.1) can
# read it as its own origin. So on the mock's browser-facing routes (/_mock/*, the authorize page), whatever the
# bind address: a Host that names no address of ours is refused (rebinding needs a name; IP literals, localhost,
# *.localhost, this machine's own names and --allow-host names pass), a state-changing request from a foreign
# Origin is refused (no Origin, as from curl, a backend or a test, stays allowed: browsers always send one with
# a POST), and a state-changing control request must carry JSON (a form cannot). A valid control token passes.

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def host_name(value: str) -> str:
    """The name in a Host header, without its port (brackets kept off an IPv6 literal), lower case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _machine_names() -> frozenset[str]:
    import socket

    names = {"localhost"}
    try:
        name = socket.gethostname().lower()
    except OSError:  # pragma: no cover
        name = ""
    if name:
        names |= {name, name.split(".", 1)[0] + ".local"}
        try:
            names.add(socket.getfqdn(name).lower())
        except OSError:  # pragma: no cover
            pass
    return frozenset(names)


_MACHINE_NAMES: frozenset[str] | None = None


def host_allowed(name: str, extra: tuple[str, ...] = ()) -> bool:
    global _MACHINE_NAMES
    if not name:
        return True  # HTTP/1.0 without Host: no name a rebinding page could have chosen
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
        return True
    except ValueError:
        pass
    if name == "localhost" or name.endswith(".localhost") or name in extra:
        return True
    if _MACHINE_NAMES is None:
        _MACHINE_NAMES = _machine_names()
    return name in _MACHINE_NAMES


def _refusal(status: int, code: str, message: str) -> tuple[dict[str, Any], dict[str, Any]]:
    log_id = new_log_id()
    body = json.dumps({"data": {}, "error": {"code": code, "message": message, "log_id": log_id}}, separators=(",", ":")).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"x-tt-logid", log_id.encode())]
    return {"type": "http.response.start", "status": status, "headers": headers}, {"type": "http.response.body", "body": body}


UNSUPPORTED_CODE = "mock_unsupported_media_type"  # mock-only: TikTok has no control API


class BrowserGuard:
    """ASGI middleware, always installed: what a foreign web page may not do to the mock (see above)."""

    def __init__(self, app: Any, token: str, allowed_hosts: tuple[str, ...] = ()) -> None:
        self.app = app
        self.token = token.encode()
        self.allowed_hosts = tuple(h.lower() for h in allowed_hosts)

    def problem(self, scope: dict[str, Any]) -> tuple[int, str, str] | None:
        path = scope["path"]
        host = origin = content_type = token = None
        for name, value in scope.get("headers", ()):
            if name == b"host":
                host = value.decode("latin-1")
            elif name == b"origin":
                origin = value.decode("latin-1")
            elif name == b"content-type":
                content_type = value.decode("latin-1")
            elif name == TOKEN_HEADER:
                token = value
        if token is not None and hmac.compare_digest(token, self.token):
            return None
        if host is not None and not host_allowed(host_name(host), self.allowed_hosts):
            return (
                403,
                FORBIDDEN_CODE,
                f"Host {host_name(host)!r} is not an address of this mock: pages reach it by IP, localhost or this machine's name"
                " (mock serve --allow-host NAME adds one, e.g. a container's service name).",
            )
        if scope["method"] in SAFE_METHODS or path.startswith(CROSS_ORIGIN_PREFIXES):
            return None
        if origin is not None:
            own = f"{scope.get('scheme', 'http')}://{host}".lower() if host else None
            if origin.lower() != own:
                return (
                    403,
                    FORBIDDEN_CODE,
                    f"requests from the web page at {origin} may not change the mock (only its own pages, or clients that send no Origin)",
                )
        if not path.startswith(FORM_PREFIXES) and content_type is not None:
            media = content_type.split(";", 1)[0].strip().lower()
            if media != "application/json" and not media.endswith("+json"):
                return (415, UNSUPPORTED_CODE, f"the control API takes application/json, not {media or 'an empty content type'}")
        return None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith(BROWSER_PREFIXES):
            problem = self.problem(scope)
            if problem is not None:
                start, body = _refusal(*problem)
                await send(start)
                await send(body)
                return
        await self.app(scope, receive, send)
