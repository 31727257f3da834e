"""The route table (minis_cli/mock/routes/table.py): the app, the guards and the API reference come from it."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

from minis_cli.mock import MockTikTok
from minis_cli.mock.app import _starlette
from minis_cli.mock.guard import needs_token
from minis_cli.mock.routes import table


def test_the_app_routes_exactly_the_table() -> None:
    with MockTikTok(client_key="awtable01", client_secret="table-secret") as tiktok:
        app = _starlette(tiktok.state)
    routed = [(route.path, sorted(route.methods - {"HEAD"})) for route in app.routes]
    declared = [(path, sorted(methods)) for path, _, methods in table.starlette_routes()]
    assert routed == declared
    every_path = {path for route in table.ROUTES for path in route.paths()}
    assert every_path == {path for path, _ in routed} | set(table.form_endpoints())
    assert table.form_endpoints() == {"/v2/oauth/token/": "token", "/v2/oauth/token": "token", "/v2/oauth/revoke/": "revoke", "/v2/oauth/revoke": "revoke"}


def test_the_guards_path_sets_are_the_tables() -> None:
    """What the guards took from literal lists before the table, now derived from each route's `access` (a route
    added since may open more: these stay open, and every open prefix is a route's)."""
    assert set(table.OPEN_PREFIXES) >= {
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
    }
    assert set(table.CROSS_ORIGIN_PREFIXES) >= {"/_mock/sdk/", "/_mock/csp-report"}
    open_routes = {route.prefix() for route in table.ROUTES if route.access in ("open", "cross-origin")}
    open_names = {route.prefix() + name for route in table.ROUTES for name in route.open_names}
    assert set(table.OPEN_PREFIXES) == open_routes | open_names
    assert set(table.CROSS_ORIGIN_PREFIXES) <= set(table.OPEN_PREFIXES)
    assert table.FORM_PREFIXES == ("/v2/auth/authorize",)
    assert table.BROWSER_PREFIXES == ("/_mock/", "/v2/auth/authorize")
    for path in ("/_mock/clock", "/_mock/simulator", "/_mock/game/host", "/_mock/game/fetch", "/_mock/game/host.html", "/_mock/nothing", "/_mock/albums"):
        assert needs_token(path), path
    for path in ("/_mock/sdk/login", "/_mock/health", "/_mock/simulator/app.js", "/_mock/game/runtime.js", "/_mock/avatars/alice.svg", "/v2/user/info/"):
        assert not needs_token(path), path


def test_every_route_says_who_may_call_it_consistently() -> None:
    for route in table.ROUTES:
        under_control = route.path.startswith(table.CONTROL_ROOT)
        assert under_control == (route.access in ("open", "cross-origin", "control")), route.path
        assert route.section in table.SECTIONS and route.summary and "|" not in route.summary, route.path
        assert not route.open_names or route.access == "control", route.path
        assert (route.handler is None) == (route.form is not None), route.path


def test_the_api_reference_has_a_row_a_route() -> None:
    markdown = table.api_reference_markdown()
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| method")]
    assert len(rows) == len(table.ROUTES)
    assert "| GET, POST | `/v2/sg/shortdrama/video[/]` | anyone |" in markdown
    assert "| POST | `/_mock/clock`" not in markdown and "| GET, POST | `/_mock/clock` | this machine, or the token |" in markdown
    assert all(f"### {title}" in markdown for title in table.SECTIONS.values())
    printed = subprocess.run([sys.executable, "-m", "minis_cli.mock.routes", "--markdown"], capture_output=True, text=True, check=True).stdout
    assert printed == markdown


def test_no_path_of_one_module_is_another_modules() -> None:
    """ROUTES is in MODULES' order, then each module's own: so that the order of the modules decides nothing, no
    path a module's route answers (its parameters filled in) is also a route of another module's."""
    from starlette.routing import compile_path

    owned = [(module.__name__, route) for module in table.MODULES for route in module.ROUTES]
    assert [route for _, route in owned] == list(table.ROUTES)
    for (one, a), (other, b) in itertools.permutations(owned, 2):
        if one == other:
            continue
        for path in a.paths():
            sample = re.sub(r"\{[^}]+\}", "x", path)
            assert not any(compile_path(theirs)[0].match(sample) for theirs in b.paths()), (path, b.path)
