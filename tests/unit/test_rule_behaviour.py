"""Rule behaviour beyond the documented examples, arranged by RULES.md family."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions, Severity
from minis_cli.positions import Span
from minis_cli.project import Project

SDK = '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'


def page(head: str = "", body: str = "") -> str:
    return f"<!doctype html>\n<html>\n<head>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"


def lint(make_project, files, environ=None, **options):
    options.setdefault("ignore", ("MN207",))  # these pages are about other rules; MN207 has its own tests
    root = make_project(files)
    return run(Project(root, environ=environ or {}), LintOptions(use_cache=False, **options)).diagnostics


def ids(diagnostics) -> list[str]:
    return [d.rule_id for d in diagnostics]


# --- MN1xx -------------------------------------------------------------------------------------


def test_mismatch_message_names_both_keys_and_the_source(make_project) -> None:
    html = page(SDK + '\n<script>TTMinis.init({ clientKey: "abc" })</script>')
    (d,) = lint(make_project, {"index.html": html, "minis.config.json": '{"clientKey": "xyz"}'})
    assert d.rule_id == "MN104"
    assert d.message == "clientKey 'abc' does not match minis.config.json 'xyz'"
    assert d.span == Span(5, 35, 5, 40)
    (d,) = lint(make_project, {"index.html": html}, environ={"MINIS_CLIENT_KEY": "fromenv"})
    assert d.message == "clientKey 'abc' does not match MINIS_CLIENT_KEY 'fromenv'"


def test_client_key_from_a_const_in_the_same_script(make_project) -> None:
    html = page(SDK + '\n<script>\nconst KEY = "abc";\nTTMinis.init({ clientKey: KEY });\n</script>')
    (d,) = lint(make_project, {"index.html": html})
    assert d.rule_id == "MN104" and "(const KEY)" in d.message and d.span == Span(6, 13, 6, 18)
    html = page(SDK + '\n<script>\nlet KEY = "abc";\nTTMinis.init({ clientKey: KEY });\n</script>')
    assert ids(lint(make_project, {"index.html": html})) == ["MN107"]


def test_client_key_from_vite_placeholders_and_import_meta_env(make_project) -> None:
    placeholder = page(SDK + '\n<script>TTMinis.init({ clientKey: "%VITE_KEY%" })</script>')
    assert lint(make_project, {"index.html": placeholder, ".env": "VITE_KEY=awexample123\n"}) == []
    (d,) = lint(make_project, {"index.html": placeholder, ".env": "VITE_KEY=awexample123\n", ".env.local": "VITE_KEY=other\n"})
    assert d.rule_id == "MN104" and ".env.local" in d.message
    (d,) = lint(make_project, {"index.html": placeholder})
    assert d.rule_id == "MN107" and d.severity is Severity.WARNING
    module = page(SDK + '\n<script type="module" src="/src/main.js"></script>')
    main = "TTMinis.init({ clientKey: import.meta.env.VITE_KEY });\n"
    assert lint(make_project, {"index.html": module, "src/main.js": main, ".env.development": "VITE_KEY=awexample123\n"}) == []
    assert ids(lint(make_project, {"index.html": module, "src/main.js": main, ".env.development": "VITE_KEY=nope\n"})) == ["MN104"]


def test_placeholders_and_missing_keys_are_invalid(make_project) -> None:
    for value in ('"{app-client-key}"', '"xxx"', '""', '"YOUR_CLIENT_KEY"'):
        html = page(SDK + f"\n<script>TTMinis.init({{ clientKey: {value} }})</script>")
        assert ids(lint(make_project, {"index.html": html})) == ["MN105"], value
    html = page(SDK + "\n<script>TTMinis.init({ debug: true })</script>")
    assert ids(lint(make_project, {"index.html": html})) == ["MN105"]


def test_init_in_a_deferred_or_async_context(make_project) -> None:
    deferred_sdk = page(
        '<script defer src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n<script>TTMinis.init({ clientKey: "awexample123" })</script>'
    )
    assert ids(lint(make_project, {"index.html": deferred_sdk})) == ["MN103"]
    module_init = page('<script type="module">TTMinis.init({ clientKey: "awexample123" })</script>\n' + SDK)
    assert lint(make_project, {"index.html": module_init}) == []
    on_load = page('<script>addEventListener("DOMContentLoaded", () => TTMinis.init({ clientKey: "awexample123" }))</script>\n' + SDK)
    assert lint(make_project, {"index.html": on_load}) == []


def test_init_found_through_imports_of_a_module_script(make_project) -> None:
    files = {
        "index.html": page(SDK + '\n<script type="module" src="/src/main.ts"></script>'),
        "src/main.ts": "import { start } from './boot.js';\nstart();\n",
        "src/boot.ts": "export function start(): void {}\nTTMinis.init({ clientKey: 'awexample123' as string });\n",
    }
    assert lint(make_project, files) == []


def test_duplicate_init_with_the_same_key_is_a_warning(make_project) -> None:
    init = '<script>TTMinis.init({ clientKey: "awexample123" })</script>'
    (d,) = lint(make_project, {"index.html": page(SDK + init + init)})
    assert d.rule_id == "MN108" and d.severity is Severity.WARNING


def test_sdk_http_url_is_insecure(make_project) -> None:
    html = page('<script src="http://connect.tiktok-minis.com/drama/sdk.js"></script><script>TTMinis.init({clientKey:"awexample123"})</script>')
    assert ids(lint(make_project, {"index.html": html})) == ["MN109"]


# --- MN2xx -------------------------------------------------------------------------------------


def test_call_before_init_in_an_earlier_script(make_project) -> None:
    html = page(SDK + "\n<script>TTMinis.login({ fail() {} })</script>\n<script>TTMinis.init({ clientKey: 'awexample123' })</script>")
    assert ids(lint(make_project, {"index.html": html})) == ["MN201"]


def authorize_in(js: str) -> str:
    return page(SDK + "\n<script>TTMinis.init({ clientKey: 'awexample123' }); TTMinis.login({ fail: f });</script>", f"<script>{js}</script>")


def test_authorize_contexts(make_project) -> None:
    call = "TTMinis.authorize({ fail: f })"
    on_load = [
        f"window.onload = () => {call};",
        f"document.addEventListener('DOMContentLoaded', function () {{ {call} }});",
        f"TTMinis.login({{ success() {{ {call} }}, fail: f }});",
        f"(function () {{ {call} }})();",
    ]
    for js in on_load:
        assert "MN202" in ids(lint(make_project, {"index.html": authorize_in(js)})), js
    on_action = [f"button.addEventListener('click', () => {call});", f"form.onsubmit = function () {{ {call} }};", f"function showProfile() {{ {call} }}"]
    for js in on_action:
        assert "MN202" not in ids(lint(make_project, {"index.html": authorize_in(js)})), js


def test_failure_handling_shapes(make_project) -> None:
    handled = [
        "TTMinis.login((res) => { if (res.error) return; });",
        "TTMinis.login({ complete(res) { show(res.error_code); } });",
        "TTMinis.login({}).catch(show);",
        "try { TTMinis.login({}); } catch (e) {}",
    ]
    for js in handled:
        assert "MN204" not in ids(lint(make_project, {"src/a.js": js})), js
    assert ids(lint(make_project, {"src/a.js": "TTMinis.login((res) => send(res.authResponse.code));"})) == ["MN204"]


def test_failure_handling_in_an_options_variable(make_project) -> None:
    # held-out round 8: `let opts = { scope, success, fail }; tt.authorize(opts)` (a Cocos game's platform tools)
    game = {"game.json": "{}", "game.js": "require('./js/tools.js');\n"}
    handled = "function ask(scope, done) {\n  let opts = { scope: scope, success: () => done(0), fail: (err) => done(1) };\n  tt.authorize(opts);\n}\n"
    unhandled = "function enter(done) {\n  const options = { success: (res) => done(res.code) };\n  tt.login(options);\n}\n"
    assert "MN204" not in ids(lint(make_project, {**game, "js/tools.js": handled}))
    assert [(d.rule_id, d.span.line) for d in lint(make_project, {**game, "js/tools.js": unhandled}) if d.rule_id == "MN204"] == [("MN204", 3)]
    # a name bound elsewhere (a parameter) is not followed: the caller's object is not known here
    assert "MN204" in ids(lint(make_project, {**game, "js/tools.js": "function enter(options) {\n  tt.login(options);\n}\n"}))


def test_code_in_web_storage_variants(make_project) -> None:
    in_login = "TTMinis.login({ success: (res) => { document.cookie = 'code=' + res.code; }, fail: show });"
    for js in [in_login, "sessionStorage.code = authResponse.code;", "localStorage['tiktok_code'] = x;"]:
        assert ids(lint(make_project, {"src/a.js": js})) == ["MN205"], js
    assert lint(make_project, {"src/a.js": "localStorage.setItem('theme', 'dark');"}) == []


# --- MN3xx -------------------------------------------------------------------------------------


def test_known_secret_values_are_found_and_masked(make_project) -> None:
    files = {"dist-like/app.js": "var a='prefix-supersecretvalue-42';", ".env": "TIKTOK_CLIENT_SECRET=supersecretvalue-42\n"}
    (d,) = lint(make_project, files)
    assert d.rule_id == "MN301" and "supersecretvalue" not in d.message and d.span == Span(1, 15, 1, 34)


def test_backend_code_may_hold_secrets_and_exchange_codes(make_project) -> None:
    exchange = "fetch('https://open.tiktokapis.com/v2/oauth/token/', { body: 'client_secret=' + s, method: 'POST' }); eval(x);"
    assert lint(make_project, {"server/token.js": exchange}) == []
    assert lint(make_project, {"src/token.js": "import fs from 'node:fs';\n" + exchange}) == []
    assert lint(make_project, {"src/token.js": "const s = process.env.SECRET;\n" + exchange}) == []
    assert set(ids(lint(make_project, {"src/token.js": exchange}))) == {"MN302", "MN401"}


def test_state_parameter_added_elsewhere_in_the_function(make_project) -> None:
    js = "function go(state) { const u = new URL('https://www.tiktok.com/v2/auth/authorize/'); u.searchParams.set('state', state); return u; }"
    assert lint(make_project, {"src/a.js": js}) == []


# --- MN4xx -------------------------------------------------------------------------------------


def test_comments_strings_and_look_alike_names_never_fire(make_project) -> None:
    js = "// eval(x); new Function('a')\nconst s = \"eval(x); setTimeout('a')\";\nmy.eval(x); evaluate(x); obj.location.href = 1; const Function2 = 1;\n"
    assert lint(make_project, {"src/a.js": js}) == []


def test_typescript_and_tsx_are_parsed(make_project) -> None:
    assert ids(lint(make_project, {"src/a.ts": "const v: number = eval<any>('1') as number;"})) == ["MN401"]
    assert ids(lint(make_project, {"src/c.tsx": "export const C = () => <button onClick={() => setTimeout('x()', 1)}>x</button>;"})) == ["MN403"]


def test_external_resources(make_project) -> None:
    html = page(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">\n<link rel="preload" href="https://cdn.example/f.woff2">\n<link '
        'rel="stylesheet" href="https://cdn.example/x.css">\n<style>@import url("https://cdn.example/y.css"); /* @import "https://cdn.example/z.css"; '
        "*/</style>"
    )
    diagnostics = lint(make_project, {"other.html": html})
    assert [(d.rule_id, d.span.line) for d in diagnostics] == [("MN404", 6), ("MN404", 7)]


def test_location_navigation(make_project) -> None:
    for js in ["window.location = '/x';", "location.assign('/x');", "document.location.href = '/x';", "location.replace('/y');"]:
        (d,) = lint(make_project, {"src/a.js": js})
        assert d.rule_id == "MN409" and d.severity is Severity.WARNING and "may block" in d.message, js
    for js in ["location.hash = '#top';", "const here = location.href;", "navigator.share({});", "location.reload();"]:
        assert lint(make_project, {"src/a.js": js}) == [], js


def test_trusted_domains_only_when_configured(make_project) -> None:
    js = "fetch('https://api.other.example/x'); new WebSocket('wss://api.example.com/ws'); xhr.open('GET', `https://api.other.example/${id}`);"
    assert lint(make_project, {"src/a.js": js}) == []
    config = '{"clientKey": "awexample123", "domain": {"trustedDomains": ["https://api.example.com"]}}'
    diagnostics = lint(make_project, {"src/a.js": js, "minis.config.json": config})
    assert [(d.rule_id, d.span.column) for d in diagnostics] == [("MN407", 7), ("MN407", 98)]


# --- MN5xx -------------------------------------------------------------------------------------


def test_capability_guards(make_project) -> None:
    guarded = [
        "if (TTMinis.game.canIUse('addShortcut')) TTMinis.game.addShortcut({});",
        "TTMinis.game.canIUse('addShortcut') && TTMinis.game.addShortcut({});",
        "function f() { if (!TTMinis.game.canIUse('addShortcut')) { return; } TTMinis.game.addShortcut({}); }",
    ]
    from minis_cli.lint.rules.project import NATIVE_GAME

    for js in guarded:
        assert lint(make_project, {**NATIVE_GAME, "js/g.js": js}) == [], js
    unguarded = [
        "if (TTMinis.game.canIUse('startEntranceMission')) TTMinis.game.addShortcut({});",
        "if (!TTMinis.game.canIUse('addShortcut')) TTMinis.game.addShortcut({});",
    ]
    for js in unguarded:
        assert ids(lint(make_project, {**NATIVE_GAME, "js/g.js": js})) == ["MN501"], js


# --- suppressions and settings ----------------------------------------------------------------


def test_inline_suppressions(make_project) -> None:
    js = "// minis-py: ignore MN401\neval(a);\neval(b); // minis-py: ignore\neval(c); // minis-py: ignore MN403\neval(d);\n"
    assert [d.span.line for d in lint(make_project, {"src/a.js": js})] == [4, 5]
    html = page("", "<!-- minis-py: ignore MN408 -->\n<video></video>\n<video></video>")
    assert [d.span.line for d in lint(make_project, {"v.html": html})] == [9]


def test_select_ignore_and_per_file_ignores(make_project) -> None:
    files = {"src/a.js": "eval(a); setTimeout('x', 1);", "legacy/b.js": "eval(b);"}
    assert ids(lint(make_project, files, select=("MN403",))) == ["MN403"]
    assert ids(lint(make_project, files, ignore=("MN4",))) == []
    assert ids(lint(make_project, files, per_file_ignores=(("legacy/*", ("MN401",)),))) == ["MN401", "MN403"]


def test_location_navigation_in_a_game_says_navigation_is_disabled(make_project) -> None:
    files = {"game.json": "{}", "game.js": "tt.createCanvas();\nlocation.href = '/level2.html';\n", "project.config.json": '{"appid": "awexample123"}'}
    found = [d for d in lint(make_project, files, ignore=("MN014", "MN504")) if d.rule_id == "MN409"]
    assert [d.message for d in found] == ["assigning location.href navigates to another page: TikTok disables navigation APIs in mini games"]


def test_forbidden_web_apis_name_the_api(make_project) -> None:
    js = "navigator.geolocation.getCurrentPosition(show);\nnavigator.vibrate(50);\nnavigator.clipboard.writeText('x');\n"
    found = lint(make_project, {"src/a.js": js})
    assert [(d.rule_id, d.message.split(" uses ")[0]) for d in found] == [
        ("MN406", "navigator.geolocation.getCurrentPosition()"),
        ("MN406", "navigator.vibrate()"),
        ("MN406", "navigator.clipboard.writeText()"),
    ]
    assert "routing" not in " ".join(d.hint for d in found)
