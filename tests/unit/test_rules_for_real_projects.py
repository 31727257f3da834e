"""Issue 11: the new and changed rules on the shapes real projects write, beyond the documented examples."""

from __future__ import annotations

import json
from collections.abc import Iterator

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions, Severity
from minis_cli.project import Project

SDK = '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'
GAME_SDK = '<script src="https://connect.tiktok-minis.com/game/sdk.js"></script>'
INIT = '<script>TTMinis.init({ clientKey: "awexample123" }); TTMinis.login({ success: go, fail: stop });</script>'
NATIVE = {"index.html": None, "minis.config.json": None, "package.json": None, "game.json": "{}", "project.config.json": '{"appid": "awexample123"}'}


def page(head: str = "", body: str = "") -> str:
    return f"<!doctype html>\n<html>\n<head>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"


def lint(make_project, files, **options):
    root = make_project(files)
    return run(Project(root, environ={}), LintOptions(use_cache=False, **options)).diagnostics


def found(make_project, files, rule: str, **options) -> list:
    return [d for d in lint(make_project, files, **options) if d.rule_id == rule]


def test_client_key_sources_in_order(make_project) -> None:
    html = page(SDK + '<script>TTMinis.init({ clientKey: "awgame000001" }); TTMinis.login({ success: go, fail: stop });</script>')
    games = {"minis.config.json": None, "minigame.config.json": json.dumps({"dev": {"clientKey": "awother00001"}}), "index.html": html}
    (d,) = found(make_project, games, "MN104")
    assert d.message == "clientKey 'awgame000001' does not match minigame.config.json dev.clientKey 'awother00001'"
    both = {"minis.config.json": json.dumps({"clientKey": "awtop0000001", "dev": {"clientKey": "awgame000001"}}), "index.html": html}
    assert found(make_project, both, "MN104") == []  # dev.clientKey wins over clientKey
    literal_only = {"minis.config.json": json.dumps({"dev": {"port": 3000}}), "index.html": html}
    assert [d.rule_id for d in lint(make_project, literal_only)] == []  # the init's literal key is the expected one


def test_placeholder_keys_in_config_and_env(make_project) -> None:
    files = {
        "minis.config.json": '{"dev": {"clientKey": "{{CLIENT_KEY}}"}}',
        ".env": "VITE_TIKTOK_CLIENT_KEY=TIKTOK_CLIENT_KEY\nOTHER=1\n",
        ".env.example": "VITE_TIKTOK_CLIENT_KEY=your_key\n",
    }
    messages = [(d.path, d.span.line if d.span else None) for d in found(make_project, files, "MN010")]
    assert messages == [(".env", 1), ("minis.config.json", 1)]


def test_aliases_through_optional_chaining_and_game_namespace(make_project) -> None:
    js = "const g = globalThis.TTMinis?.game;\ng.init({ clientKey: 'awexample123' });\ng.getUserProfile({});\n"
    files = {
        "index.html": page(GAME_SDK + '<script type="module" src="/src/g.js"></script>'),
        "src/g.js": js,
        "minigame.config.json": '{"dev": {"clientKey": "awexample123"}}',
        "minis.config.json": None,
    }
    ids = [d.rule_id for d in lint(make_project, files)]
    assert "MN102" not in ids and "MN111" not in ids
    (unknown,) = found(make_project, files, "MN208")
    assert unknown.message == "g.getUserProfile() is not a documented TTMinis.game API"


def test_init_namespace_mismatch_both_ways(make_project) -> None:
    drama = page(SDK + '<script>TTMinis.game.init({ clientKey: "awexample123" });</script>')
    assert [d.message for d in found(make_project, {"index.html": drama}, "MN111")] == [
        "TTMinis.game.init() on the drama SDK (drama/sdk.js): a Mini calls TTMinis.init"
    ]
    game = page(GAME_SDK + INIT)
    assert "HTML-runtime games call TTMinis.game.init" in found(make_project, {"index.html": game}, "MN111")[0].message


def test_scopes_unknown_error_and_unsupported_warning(make_project) -> None:
    js = (
        "TTMinis.authorize({ scope: 'user.info.basic,user.info.stats', success: a, fail: b });\n"
        "export const url = 'https://www.tiktok.com/v2/auth/authorize/?client_key=k&scope=user_info&state=s';\n"
    )
    result = found(make_project, {"src/a.js": js}, "MN209")
    assert [(d.severity, d.span.line) for d in result] == [(Severity.WARNING, 1), (Severity.ERROR, 2)]


def test_call_shapes(make_project) -> None:
    js = (
        "TTMinis.createSubscription({ success: a, fail: b });\n"
        "TTMinis.pay({ trade_order_id: id, success: a });\n"
        "TTMinis.setNavigationBarColor({ frontColor: '#ff0000', backgroundColor: '#000000' });\n"
        "const info = TTMinis.getDeviceInfo();\n"
    )
    assert [d.span.line for d in found(make_project, {"src/a.js": js}, "MN210")] == [1, 3]


def test_call_shapes_come_from_the_declaration(make_project) -> None:
    js = (
        "TTMinis.share({ title: 'Ep 1', success: a });\n"  # 1: share takes (callback, options)
        "TTMinis.share(done, { title: 'Ep 1' });\n"
        "TTMinis.game.getStorage({ success: a });\n"  # 3: key is required
        "TTMinis.game.getStorage({ ...opts, success: a });\n"  # a spread may hold it: quiet
        "TTMinis.game.getStorage(opts);\n"
        "TTMinis.openBalance(done, { type: 'COINS' });\n"  # 6: only BEANS
        "TTMinis.pay({ tradeOrderId: id, success: a });\n"
        "TTMinis.checkBalance(done, { type: 'BEANS', amount: 5 });\n"
        "TTMinis.game.getSystemInfoSync(() => {});\n"
    )  # 9: synchronous
    result = found(make_project, {"src/a.js": js}, "MN210")
    assert [d.span.line for d in result] == [1, 3, 6, 9]
    assert result[0].message == "TTMinis.share() takes (callback, { title }), not an options object with success/fail"
    assert result[1].message == "TTMinis.game.getStorage() without key: TikTok requires it (Data Caching)"
    assert result[2].message == "type 'COINS': TTMinis.openBalance() accepts only 'BEANS'"


def test_native_game_gets_platform_and_game_rules_not_page_rules(make_project) -> None:
    files = {**NATIVE, "game.js": "tt.login({ success: go, fail: go });\neval(level);\nmy.getAuthCode({});\n"}
    ids = sorted(d.rule_id for d in lint(make_project, files))
    assert ids == ["MN401", "MN503", "MN504", "MN509"]  # MN509: no shortcut or entrance mission either


def test_ads_followed_through_this_and_chains(make_project) -> None:
    js = (
        "class Ads {\n  constructor() { this.video = wx.createRewardedVideoAd({ adUnitId: 'unit-1' }); }\n"
        "  watch() { this.video.load(); this.video.destroy(); return this.video.show(); }\n}\n"
        "tt.createInterstitialAd({ adUnitId: '' }).load();\n"
    )
    messages = [d.message for d in found(make_project, {**NATIVE, "game.js": "tt.login({ success: go, fail: go });\n" + js}, "MN506")]
    # a game's ads have load() since TikTok 46.1.0 (mini-games-preload-ads): only destroy() is unknown
    assert messages == [
        "this.video.destroy(): TikTok's ad instance has no destroy() (it has load, offClose, offError, offLoad, onClose, onError, onLoad, show)"
    ]
    assert [d.message for d in found(make_project, {**NATIVE, "game.js": "tt.login({ success: go, fail: go });\n" + js}, "MN505")] == [
        "adUnitId '' is a placeholder: no ad can be served"
    ]


def test_the_documented_preload_pattern_is_not_flagged_in_a_game_and_load_is_in_a_drama(make_project) -> None:
    """mini-games-preload-ads (Nov 28, 2026): `ad.load().then(() => ad.show())` on a game's rewarded or interstitial ad,
    with onLoad/offLoad (SDK 0.33.0 / TikTok 46.1.0). A drama's ad still has no load() (tiktok-minis-in-app-ads)."""
    game = (
        "tt.login({ success: go, fail: go });\n"
        "const ad = TTMinis.game.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"
        "const onLoad = () => {}; ad.onLoad(onLoad); ad.offLoad(onLoad);\n"
        "export const watch = () => ad.load().then(() => ad.show());\n"
        "const gap = tt.createInterstitialAd({ adUnitId: 'ad7302' }); gap.load().then(() => gap.show());\n"
        "wx.createRewardedVideoAd({ adUnitId: 'ad7303' }).load();\n"
    )
    assert found(make_project, {**NATIVE, "game.js": game}, "MN506") == []
    drama = (
        "const ad = TTMinis.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"
        "export const watch = () => ad.load().then(() => ad.show());\n"
        "TTMinis.createInterstitialAd({ adUnitId: 'ad7302' }).onLoad(() => {});\n"
    )
    messages = [d.message for d in found(make_project, {"src/ads.js": drama}, "MN506")]
    assert messages == [
        "ad.load(): TikTok's ad instance has no load() (it has offClose, offError, onClose, onError, show)",
        "TTMinis.createInterstitialAd(...).onLoad(): TikTok's ad instance has no onLoad()",
    ]


def test_dev_port_from_vite_config(make_project) -> None:
    files = {"package.json": '{"scripts": {"dev": "vite"}}', "vite.config.ts": "export default { server: { port: 4173, host: true } };\n"}
    (d,) = found(make_project, files, "MN015")
    assert d.message == "dev.port is 3000, but the dev server listens on 4173 (vite.config.ts (server.port))"
    next_app = {"package.json": '{"scripts": {"dev": "next dev"}}'}
    assert found(make_project, next_app, "MN015") == []  # Next takes PORT from the environment


def test_relative_backend_url_needs_a_proxy(make_project) -> None:
    js = "export const me = () => fetch('/api/me');\nexport const icon = () => fetch('/icons/x.svg');\n"
    assert found(make_project, {"src/a.js": js}, "MN410") == []
    cra = {"src/a.js": js, "package.json": '{"scripts": {"start": "react-scripts start"}, "proxy": "http://localhost:8080"}'}
    assert [d.span.line for d in found(make_project, cra, "MN410")] == [1, 2]
    vercel = {"src/a.js": js, "vercel.json": '{"rewrites": [{"source": "/api/:path*", "destination": "https://api.example.com/:path*"}]}'}
    assert [d.span.line for d in found(make_project, vercel, "MN410")] == [1]


def test_relative_backend_url_through_a_client_library(make_project) -> None:
    """axios/ky calls are method calls (`get`, `post`): captured because MN410 declares them (Rule.calls), not
    through a hidden list of call names; a method of anything else with the same name is not a request."""
    js = (
        "import axios from 'axios';\nexport const me = () => axios.get('/api/me');\n"
        "export const save = (x) => ky.post('/api/save', { json: x });\nexport const cached = () => memo.get('/api/me');\n"
    )
    cra = {"src/a.js": js, "package.json": '{"scripts": {"start": "react-scripts start"}, "proxy": "http://localhost:8080"}'}
    assert [d.span.line for d in found(make_project, cra, "MN410")] == [2, 3]


def test_relative_backend_url_as_an_http_clients_base_url(make_project) -> None:
    """Round 15: `axios.create({ baseURL: '/api/v1' })`, then `api.get('/dramas')` in other modules: every request of the
    client is relative, so the base URL is reported once, where it is written; an absolute one is not."""
    js = (
        "import axios from 'axios';\nexport const api = axios.create({ baseURL: '/api/v1', timeout: 8000 });\n"
        "export const cdn = axios.create({ baseURL: 'https://cdn.example.com' });\nexport const other = axios.create({ timeout: 1 });\n"
    )
    vite = {"src/client.js": js, "vite.config.js": "export default { server: { proxy: { '/api': 'http://localhost:3000' } } };\n"}
    (d,) = found(make_project, vite, "MN410")
    assert d.span.line == 2 and d.message.startswith("'/api/v1' (the base URL of every request of this axios client) reaches your backend")


def test_relative_backend_url_kept_under_a_url_name(make_project) -> None:
    """Round 18: the base URL is handed to a client of another package (`createApiClient({ baseUrl: resolve() })`,
    whose resolver returns `env || DEFAULT_API_BASE_URL`): a proxied path held by a name that says URL is reported
    where it is written, through `??`, `||`, `?:`, `as`, defaults and fields; the same text as a route or a compared
    pathname is not a URL."""
    js = (
        'const DEFAULT_API_BASE_URL = "/api/user";\n'  # 1
        'export const ROUTES = { account: "/api/user" };\n'  # 2: a route, not reported
        'export const opts = { apiBase: import.meta.env.VITE_X ?? ("/api/user/v2" as string) };\n'  # 3
        "class C { baseUrl = '/api/user'; constructor(private endpoint: string = '/api/user') {} }\n"  # 4 (twice)
        "function f({ baseUrl = '/api/user' } = {}) { return baseUrl; }\n"  # 5
        "window.cfg.apiUrl = flag ? '/api/user' : 'https://api.example.com';\n"  # 6
        "if (location.pathname === '/api/user') f();\n"  # 7: a comparison, not reported
        "const icons = { iconUrl: '/icons/a.svg' };\n"  # 8: not proxied
    )
    vite = {"src/client.ts": js, "vite.config.js": "export default { server: { proxy: { '/api/user': 'http://localhost:4000' } } };\n"}
    vite["tests/client.test.ts"] = vite["src/__tests__/api.spec.ts"] = "const client = create({ apiBaseUrl: '/api/user' });\nfetch('/api/user/me');\n"
    vite["mock/user.ts"] = "export default [{ url: '/api/user/info', method: 'get', response: () => ({}) }];\n"  # vite-plugin-mock
    vite["vite.config.ts"] = vite.pop("vite.config.js").replace("export default {", "const apiBase = '/api/user';\nexport default {")
    # a prefix requests are matched against, and a name with "origin" in a longer word, are not URLs
    vite["src/router.ts"] = "const apiPrefix = '/api/user';\nexport const isApi = (u) => u.startsWith(apiPrefix);\nconst originalPath = '/api/user/x';\n"
    vite["src/pages/test/index.ts"] = "export const quiz = () => fetch('/api/user/quiz');\n"  # a page named test is the Mini's
    findings = found(make_project, vite, "MN410")  # a test's stand-ins, a mock server's routes, the build config: not the Mini's
    assert [(d.path, d.span.line) for d in findings] == [("src/client.ts", line) for line in (1, 3, 4, 4, 5, 6)] + [("src/pages/test/index.ts", 1)]
    assert findings[0].message.startswith("'/api/user' (kept in DEFAULT_API_BASE_URL) reaches your backend only through the dev server's proxy")


def test_every_captured_call_name_is_declared_by_a_rule_or_the_analysis() -> None:
    from minis_cli.lint.engine import hand_call_names
    from minis_cli.lint.rules import all_rules
    from minis_cli.source.javascript import BASE_CALLS, call_names

    hand_call_names()  # what the engine does before it reads any code: the parser no longer asks the rule registry
    declared = {name for rule in all_rules() for name in rule.calls}
    assert set(call_names()) == declared | set(BASE_CALLS)
    assert {"eval", "setItem", "init", "get"} <= declared


def test_missing_local_script_names_its_generator(make_project) -> None:
    files = {
        "index.html": page(SDK + INIT, '<script src="/js/config.generated.js"></script>'),
        "package.json": '{"scripts": {"dev": "node server.js", "predev": "node scripts/write-config.js > js/config.generated.js"}}',
    }
    (d,) = found(make_project, files, "MN112")
    assert d.hint.startswith("It looks generated: run `npm run predev` first")


def test_login_by_reference_counts_and_a_drama_without_login_is_told(make_project) -> None:
    passed = page(SDK + '<script>TTMinis.init({ clientKey: "awexample123" });</script><script type="module" src="/src/m.js"></script>')
    bound = {
        "index.html": passed,
        "src/m.js": "import { start } from './s.js';\nstart(TTMinis.login.bind(TTMinis));\n",
        "src/s.js": "export const start = (f) => f(() => {});\n",
    }
    assert found(make_project, bound, "MN207") == []
    never = {"index.html": page(SDK + '<script>TTMinis.init({ clientKey: "awexample123" });</script>')}
    assert len(found(make_project, never, "MN207")) == 1


def test_vue_and_svelte_components(make_project) -> None:
    svelte = '<script lang="ts">\n  const copy = (t: string) => navigator.clipboard.writeText(t);\n</script>\n\n<video src="/a.mp4"></video>\n'
    result = [(d.rule_id, d.span.line, d.span.column) for d in lint(make_project, {"src/Player.svelte": svelte})]
    assert result == [("MN406", 2, 31), ("MN408", 5, 1)]


def test_a_blank_env_key_filled_in_by_env_local_is_not_a_placeholder(make_project) -> None:
    files = {".env": "VITE_TIKTOK_CLIENT_KEY=\n", ".env.local": "VITE_TIKTOK_CLIENT_KEY=awexample123\n"}
    assert found(make_project, files, "MN010") == []
    files[".env.local"] = "VITE_TIKTOK_CLIENT_KEY=your_client_key\n"
    assert [d.path for d in found(make_project, files, "MN010")] == [".env.local"]
    assert [d.path for d in found(make_project, {".env.production": "VITE_TIKTOK_CLIENT_KEY=<key>\n"}, "MN010")] == [".env.production"]


def test_template_placeholders_in_script_src_are_not_missing_files(make_project) -> None:
    body = '<script src="%PUBLIC_URL%/config.js"></script><script src="/@vite/client" type="module"></script><script src="<%= BASE_URL %>app.js"></script>'
    assert found(make_project, {"index.html": page(SDK + INIT, body)}, "MN112") == []


def test_an_sdk_alias_exported_by_one_module_and_imported_by_another(make_project) -> None:
    files = {
        "index.html": page(SDK, '<script type="module" src="/src/main.ts"></script>'),
        "src/sdk.ts": "export const minis = (window as any).TTMinis;\nexport default window.TTMinis;\n",
        "src/main.ts": "import { minis as tiktok } from './sdk';\nimport sdk from './sdk';\ntiktok.init({ clientKey: 'awother99999' });\nsdk.login({ "
        "success: go, fail: stop });\n",
    }
    result = lint(make_project, files)
    assert [d.rule_id for d in result] == ["MN104"]  # found through the import: no MN102, no MN207
    assert result[0].path == "src/main.ts" and result[0].span.line == 3


def test_a_config_that_does_not_parse_is_reported_once(make_project) -> None:
    ids = [d.rule_id for d in lint(make_project, {"minis.config.json": '{"dev": {"port": 3000,}}'})]
    assert "MN002" in ids and "MN008" not in ids


def test_a_new_rule_is_one_decorated_function(make_project) -> None:
    """Adding a rule touches one file: its @rule(...) declares the docs, the triggers and the call names it reads
    (README: Development). This toy rule is registered here, found by a lint run, and forgotten again."""
    from minis_cli.lint.context import FileContext, Finding
    from minis_cli.lint.model import Example, Scope
    from minis_cli.lint.rules import get_rule, rule, unregister, words

    @rule(
        "MN499",
        "alert-dialog",
        "W",
        Scope.FILE,
        summary="window.alert() in a Mini.",
        rationale="A toy rule for this test.",
        fix="Show the message in the page.",
        bad=Example({"src/a.js": "alert('hi');\n"}),
        good=Example({"src/a.js": "show('hi');\n"}),
        triggers=words("alert"),
        calls=("alert",),
    )
    def alert_dialog(ctx: FileContext) -> Iterator[Finding]:
        for script in ctx.scripts:
            for call in script.calls:
                if call.callee in ("alert", "window.alert"):
                    yield Finding(script.span(call.node), "alert() blocks the page")

    try:
        assert [(d.span.line, d.message) for d in found(make_project, {"src/a.js": "const x = 1;\nwindow.alert(x);\n"}, "MN499")] == [
            (2, "alert() blocks the page")
        ]
    finally:
        unregister("MN499")
    assert get_rule("MN499") is None
    assert found(make_project, {"src/a.js": "window.alert(1);\n"}, "MN499") == []


def test_mn008_reads_a_games_project_file_not_a_mini_programs(make_project) -> None:
    """Issue 30 round 3 (a WeChat mini program published as a "douyin/tiktok miniapp"): project.config.json with
    compileType "miniprogram" holds a mini program's WeChat appid, not a game's key; a game's says appid, not dev.clientKey."""
    program = {
        "index.html": None,
        "minis.config.json": None,
        "package.json": '{ "name": "p", "scripts": { "lint": "eslint ." } }\n',
        "project.config.json": '{ "appid": "wx0123456789abcdef", "compileType": "miniprogram", "miniprogramRoot": "miniprogram/" }\n',
        "miniprogram/app.json": '{ "pages": ["page/index/index"] }\n',
        "miniprogram/app.wxss": "page {}\n",
    }
    assert found(make_project, program, "MN008") == []
    game = {**NATIVE, "game.js": "tt.login({ success() {}, fail() {} });\n", "project.config.json": '{ "appid": "", "compileType": "game" }\n'}
    (d,) = found(make_project, {**game, "project.config.json": '{ "compileType": "game" }\n'}, "MN008")
    assert d.message.startswith("no client key anywhere: project.config.json has no appid,")


def test_an_iframe_or_eval_in_an_engine_or_a_bundled_vm_shim_is_a_warning_in_a_native_game(make_project) -> None:
    """Issue 30 round 3 (a Cocos Creator 2 game's WeChat build): the engine's WebView component creates an <iframe>, and
    browserify's vm shim in project.js evaluates with eval and an <iframe>; both run only if the game uses them, and
    were errors that kept `dev` from starting. The game's own iframe is still an error."""
    shim = (
        "var Script = function (code) { this.code = code; };\n"
        "Script.prototype.runInContext = function (context) { var frame = document.createElement('iframe'); return frame; };\n"
        "Script.prototype.runInThisContext = function () { return eval(this.code); };\n"
        "module.exports = Script;\n"
    )
    engine = "(function () { cc.WebView = function () { this._iframe = document.createElement('iframe'); }; })();\n"
    files = {
        **NATIVE,
        "game.js": "require('./cocos2d-js-min.js');\nrequire('./src/project.js');\nrequire('./src/own.js');\n",
        "cocos2d-js-min.js": engine,
        "src/project.js": shim,
        "src/own.js": "document.createElement('iframe');\n",
    }
    found_ = [(d.path, d.rule_id, d.severity) for d in lint(make_project, files, select=("MN401", "MN405"))]
    assert found_ == [
        ("cocos2d-js-min.js", "MN405", Severity.WARNING),
        ("src/own.js", "MN405", Severity.ERROR),
        ("src/project.js", "MN405", Severity.WARNING),
        ("src/project.js", "MN401", Severity.WARNING),
    ], found_


def test_required_capabilities_through_the_member_a_framework_keeps_the_sdk_in(make_project) -> None:
    """Issue 30 round 3 (a LayaAir multi-platform framework): the platform class keeps the SDK in a member
    (`this._base = window["tt"]`) and calls through it, or takes a method out by its name first; MN504/MN509 said the game
    never logs in nor creates a rewarded ad."""
    platform = (
        "export class TTPlatform {\n"
        "  constructor() { this._base = window['tt']; }\n"
        "  login() { this._base.login({ success() {}, fail() {} }); }\n"
        "  ads() {\n    const create = this._base['createRewardedVideoAd'];\n    return create({ adUnitId: 'ad7301' });\n  }\n"
        "  shortcut() { const api = tt; if (api.canIUse('addShortcut')) api.addShortcut({}); }\n"
        "}\n"
    )
    files = {**NATIVE, "game.js": "import { TTPlatform } from './platform';\nnew TTPlatform().login();\n", "platform.js": platform}
    assert [d.message for d in lint(make_project, files, select=("MN504", "MN509"))] == [
        "this mini game never uses the entrance mission (startEntranceMission): TikTok requires it of mini games"
    ]
    other = {**files, "platform.js": platform.replace("window['tt']", "window['qg']").replace("const api = tt", "const api = qg")}
    assert [d.rule_id for d in lint(make_project, other, select=("MN504", "MN509"))] == ["MN504", "MN509"]


def test_a_next_app_router_mini_configured_at_its_static_export(make_project) -> None:
    """Issue 30 item 1a: a Next.js App Router Mini loads the SDK with next/script in app/layout.tsx and initialises it in
    a client component; as MN007's hint says, build.htmlEntry and build.outputDir point at the export (out/). Before:
    MN013 called out/ the project's sources (an error), MN007 still said there was no entry, and once built the export's
    root-absolute /_next/ scripts were looked for at the project root (MN112, and MN102 for an init it could not see)."""
    layout = (
        "import Script from 'next/script';\nimport { MinisInit } from '../components/MinisInit';\n\n"
        "export default function RootLayout({ children }: { children: React.ReactNode }) {\n"
        '  return (\n    <html lang="en">\n      <body>\n'
        '        <Script src="https://connect.tiktok-minis.com/drama/sdk.js" strategy="beforeInteractive" />\n'
        "        <MinisInit />\n        {children}\n      </body>\n    </html>\n  );\n}\n"
    )
    init = (
        "'use client';\nimport { useEffect } from 'react';\n\nexport function MinisInit() {\n  useEffect(() => {\n"
        "    window.TTMinis.init({ clientKey: 'awnext000001' });\n    window.TTMinis.login({ success() {}, fail() {} });\n  }, []);\n  return null;\n}\n"
    )
    files = {
        "index.html": None,
        "package.json": '{ "name": "n", "scripts": { "dev": "next dev", "build": "next build" }, "dependencies": { "next": "^15.1.0" } }\n',
        "next.config.mjs": "export default { output: 'export' };\n",
        "minis.config.json": '{ "dev": { "clientKey": "awnext000001" }, "build": { "outputDir": "out", "htmlEntry": "out/index.html" } }\n',
        "app/layout.tsx": layout,
        "app/page.tsx": "export default function Home() {\n  return <main>Hello</main>;\n}\n",
        "components/MinisInit.tsx": init,
    }
    unbuilt = [(d.rule_id, d.severity, d.message) for d in lint(make_project, files)]
    assert unbuilt == [
        ("MN007", Severity.WARNING, "the entry HTML 'out/index.html' is Next.js's static export, not built yet: lint checks the page once it exists")
    ]
    chunk = "out/_next/static/chunks/app/layout-4f1c.js"
    built = {
        **files,
        "out/index.html": (
            '<!DOCTYPE html><html lang="en"><head><script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'
            '<script src="/_next/static/chunks/app/layout-4f1c.js" async=""></script></head><body><main>Hello</main></body></html>\n'
        ),
        chunk: init.replace("'use client';\n", "").replace("export function", "function") + "MinisInit();\n",
    }
    assert [(d.rule_id, d.path) for d in lint(make_project, built)] == []
