"""What a route of the mock is: its methods, path, handler, who may call it, and its row of the API reference.
Each module of routes/ declares its own, next to their handlers, as `ROUTES: tuple[MockRoute, ...] = (route(...), ...)`
at its end; table.py collects them (the app, the guards' path sets and the API reference come from there).

`access` says what the guards do with a path:

- public: TikTok's API and the SDK's scripts, which any client may call (no guard, as production);
- page: a page a browser opens (the consent page): Host and Origin checked, its own form accepted;
- open: under /_mock/ but open to any client, the phone on the LAN too (what a page needs);
- cross-origin: open, and called from other origins by design (the SDK's calls, CSP reports): no Origin check;
- control: the control API: off loopback only with the session's control token (ControlGuard), and from a browser
  only same-origin JSON (BrowserGuard). Every path under /_mock/ that no route opens is control, a 404 too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

Access = Literal["public", "page", "open", "cross-origin", "control"]
Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class MockRoute:
    methods: tuple[str, ...]
    path: str  # Starlette's syntax ({name}, {name:path})
    handler: Endpoint | None  # None: answered before routing (app.py's OAuthFront), as `form`
    access: Access
    section: str  # a key of table.py's SECTIONS: where its row goes in the API reference
    summary: str  # what it answers: its row in the API reference (Markdown)
    slash: bool = False  # answered with and without the trailing slash (TikTok's own examples spell some both ways)
    form: str | None = None  # an OAuth form endpoint answered before routing: its name in the request log
    open_names: tuple[str, ...] = ()  # values of a control route's last path parameter that are open to any client

    def paths(self) -> tuple[str, ...]:
        return (self.path, self.path.rstrip("/")) if self.slash else (self.path,)

    def prefix(self) -> str:
        """What a request's path starts with when it is this route's (for the guards' startswith tests)."""
        head = self.path.split("{", 1)[0]
        return head.rstrip("/") if self.slash and head == self.path else head


def route(
    methods: str,
    path: str,
    handler: Endpoint | None,
    access: Access,
    section: str,
    summary: str,
    *,
    slash: bool = False,
    form: str | None = None,
    open_names: tuple[str, ...] = (),
) -> MockRoute:
    """A route, as a module declares it in its ROUTES: `methods` comma-separated ("GET,POST")."""
    return MockRoute(tuple(methods.split(",")), path, handler, access, section, summary, slash, form, open_names)
