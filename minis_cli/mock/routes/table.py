"""Every route of the mock, collected from the modules that answer them: each module of routes/ declares its routes
next to their handlers, as `ROUTES` at its end (declare.py: methods, path, handler, who may call it, its row of the
API reference). The Starlette app (app.py), the guards' path sets (guard.py) and the generated API reference
(`api_reference_markdown()`, `python -m minis_cli.mock.routes --markdown`) all come from ROUTES here.

A new route is one `route(...)` in its module's ROUTES, beside its handler; nothing else lists paths. A new module of
routes is also named in MODULES. ROUTES is in matching order (Starlette tries them in turn): MODULES' order, the
busiest first (the OAuth token and user info, payments), then each module's own order; two modules' paths never
overlap (tests/mock/test_route_table.py), so only a module's own order decides between its routes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import groupby

from . import control, devtools, events, gamehost, media, oauth, payments, sdk, subscriptions, user_info, webhooks
from .declare import Access, Endpoint, MockRoute

__all__ = ["CONTROL_ROOT", "MODULES", "ROUTES", "SECTIONS", "MockRoute", "api_reference_markdown", "form_endpoints", "starlette_routes"]

CONTROL_ROOT = "/_mock/"
MODULES = (oauth, user_info, payments, subscriptions, sdk, events, control, webhooks, devtools, gamehost, media)
ROUTES: tuple[MockRoute, ...] = tuple(route for module in MODULES for route in module.ROUTES)


# --- what the app and the guards take from it ---------------------------------------------------------------


def starlette_routes() -> Iterator[tuple[str, Endpoint, list[str]]]:
    """(path, handler, methods) for Starlette, in matching order (the form endpoints are answered before it); the
    routes of one path (a GET and a POST declared in turn) are tried together, each spelling of the path in turn."""
    routed = [(route, route.handler) for route in ROUTES if route.handler is not None]
    for _, group in groupby(routed, key=lambda pair: pair[0].path):
        same_path = list(group)
        for index in range(len(same_path[0][0].paths())):
            for route, handler in same_path:
                yield route.paths()[index], handler, list(route.methods)


def form_endpoints() -> dict[str, str]:
    """The OAuth form endpoints' paths -> their names (app.py's OAuthFront answers them before routing)."""
    return {path: route.form for route in ROUTES if route.form for path in route.paths()}


def _prefixes(*kinds: Access) -> tuple[str, ...]:
    return tuple(dict.fromkeys(route.prefix() for route in ROUTES if route.access in kinds))


# under CONTROL_ROOT, open to any client: the open routes, and the open values of a control route's parameter
OPEN_PREFIXES = _prefixes("open", "cross-origin") + tuple(route.prefix() + name for route in ROUTES for name in route.open_names)
CROSS_ORIGIN_PREFIXES = _prefixes("cross-origin")
FORM_PREFIXES = _prefixes("page")  # a form body is theirs
BROWSER_PREFIXES = (CONTROL_ROOT, *FORM_PREFIXES)  # where BrowserGuard looks at Host, Origin and content type


# --- the API reference ------------------------------------------------------------------------------------------

SECTIONS = {
    "oauth": "TikTok's login and user info",
    "payments": "Payments (Beans)",
    "subscriptions": "Subscriptions",
    "media": "The Media Asset API (mini dramas)",
    "sdk": "The mock SDK",
    "control": "The control API",
    "simulator": "The simulator and the game host",
}
WHO = {
    "public": "anyone",
    "page": "a browser (Host checked)",
    "open": "any client",
    "cross-origin": "any page (cross-origin)",
    "control": "this machine, or the token",
}


def api_reference_markdown() -> str:
    """The mock's routes as Markdown: a table a section (method, path, who may call it, what it answers)."""
    out = [
        "Who may call: *anyone* (TikTok's API and the SDK's scripts, as in production); *a browser* (a page: its Host"
        " must name this machine); *any client* (open under /_mock/, the phone on the LAN too); *any page* (called"
        " cross-origin by design); *this machine, or the token* (the control API: off loopback only with the"
        " session's control token, `x-minis-token` or `?token=`). `[/]`: with or without the trailing slash."
    ]
    for key, title in SECTIONS.items():
        rows = [route for route in ROUTES if route.section == key]
        out += ["", f"### {title}", "", "| method | path | who may call | what it answers |", "|---|---|---|---|"]
        for route in rows:
            path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path.rstrip("/") + "[/]" if route.slash else route.path)  # {path:path}: {path}
            out.append(f"| {', '.join(m for m in route.methods if m != 'OPTIONS')} | `{path}` | {WHO[route.access]} | {route.summary} |")
    return "\n".join(out) + "\n"
