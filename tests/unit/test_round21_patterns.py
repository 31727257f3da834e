"""Held-out round 21 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

PACKAGE = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt1234567890abcdef"}'}


def lint(root: Path, *rules: str) -> list[tuple[str, str, str]]:
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=rules or None)).diagnostics
    return sorted((d.rule_id, f"{d.path}:{d.span.line if d.span else ''}", d.message) for d in found)


def game_rules(root: Path, code: str, *rules: str) -> list[str]:
    """The rules lint reports on a native game whose game.js is `code`, written at `root`."""
    return [rule for rule, _, _ in lint(write(root, {**PACKAGE, "game.js": code}), *rules)]


def test_a_scope_a_method_parameter_receives_from_its_callers(tmp_path: Path) -> None:
    """Five Cocos games' SDK_TT.ts: `authorize(auth_str) { tt.authorize({ scope: auth_str, ... }) }`, called with
    'scope.userInfo' and 'scope.record' (WeChat's scopes, no TikTok scope). The SDK's own `tt.authorize({...})` is no
    call of the project's method of that name."""
    code = (
        "class Sdk {\n"
        "  authorize(auth_str, ok) {\n"
        "    tt.authorize({ scope: auth_str, success: ok, fail: ok });\n"
        "  }\n"
        "  askProfile() { this.authorize('scope.userInfo', () => {}); }\n"
        "  askRecord() { this.authorize('scope.record', () => {}); }\n"
        "}\n"
        "function ask(scope) { tt.authorize({ scope, success() {}, fail() {} }); }\n"
        "ask('user.info.basic');\n"
        "export const sdk = new Sdk();\n"
    )
    found = lint(write(tmp_path, {**PACKAGE, "game.js": code}), "MN209")
    assert [(rule, where) for rule, where, _ in found] == [("MN209", "game.js:3"), ("MN209", "game.js:3")]
    assert "'scope.record' in tt.authorize() (a value of auth_str lint follows) is not a TikTok scope" in found[0][2]
    assert "'scope.userInfo'" in found[1][2]
    # a caller lint cannot follow: nothing said
    unknown = code.replace("this.authorize('scope.record'", "this.authorize(this.pick()")
    assert game_rules(tmp_path / "unknown", unknown, "MN209") == []


def test_typeof_a_games_api_is_its_presence_inside_tiktok(tmp_path: Path) -> None:
    """`typeof wx.getSystemInfoSync === 'function'` is true inside TikTok (a games API), `typeof tt.getUserInfo ===
    'function'` false (WeChat's and Douyin's, not TikTok's), as `if (wx.x)` already read: a platform flag made of them
    (`isWeb = ... && !isWechat && !isDouyin`) is false there, read through an imported object's shorthand member."""
    files = {
        **PACKAGE,
        "game.js": "require('./ui.js');\n",
        "env.js": (
            "const isWechat = typeof wx !== 'undefined' && typeof wx.getSystemInfoSync === 'function';\n"
            "const isWeb = typeof document !== 'undefined' && !isWechat;\n"
            "export const Env = { isWeb, name: 'env' };\n"
        ),
        "ui.js": (
            "import { Env } from './env.js';\n"
            "export function back() { if (Env.isWeb) { window.location.href = 'web.html'; } }\n"
            "export function profile() { if (typeof tt.getUserInfo === 'function') { tt.getUserInfo({}); } }\n"
            "export function info() { if (typeof tt.getUserInfo !== 'undefined') { return; } tt.getSystemInfoSync(); }\n"
        ),
    }
    assert [rule for rule, _, _ in lint(write(tmp_path, files), "MN409", "MN503")] == []
    unguarded = {**files, "env.js": files["env.js"].replace("!isWechat", "isWechat")}  # true inside TikTok: no guard
    assert [rule for rule, _, _ in lint(write(tmp_path / "b", unguarded), "MN409")] == ["MN409"]


def test_a_name_given_one_string_compared_with_another_is_the_same_everywhere(tmp_path: Path) -> None:
    """A vendored ad SDK compiled into a bundle: `var Oi = "vivo"; ... if ("wx" === Oi) { wx.login(...) }` never runs
    (its WeChat channel is not the one built). A parameter or inner declaration of the name is another value."""
    body = "if ('wx' === channel) { wx.getUserInfo({}); }"
    files = {**PACKAGE, "game.js": f"var channel = 'vivo';\nfunction go() {{ {body} }}\ngo();\n"}
    assert lint(write(tmp_path / "a", files), "MN503") == []
    wechat = {**PACKAGE, "game.js": files["game.js"].replace("'vivo'", "'wx'")}
    assert [rule for rule, _, _ in lint(write(tmp_path / "b", wechat), "MN503")] == ["MN503"]
    shadowed = {**PACKAGE, "game.js": f"var channel = 'vivo';\nfunction go(channel) {{ {body} }}\ngo('wx');\n"}
    assert [rule for rule, _, _ in lint(write(tmp_path / "c", shadowed), "MN503")] == ["MN503"]
    reassigned = {**PACKAGE, "game.js": f"var channel = 'vivo';\nfunction pick(c) {{ channel = c; }}\nfunction go() {{ {body} }}\npick('wx');\ngo();\n"}
    assert [rule for rule, _, _ in lint(write(tmp_path / "d", reassigned), "MN503")] == ["MN503"]


def test_a_call_read_both_directly_and_through_a_local_alias_is_judged_once(tmp_path: Path) -> None:
    code = (
        "class Sdk {\n"
        "  authorize(auth_str) {\n"
        "    let tt = window.tt;\n"
        "    tt.authorize({ scope: auth_str, success() {}, fail() {} });\n"
        "  }\n"
        "  ask() { this.authorize('scope.record'); }\n"
        "}\n"
        "new Sdk().ask();\n"
    )
    assert game_rules(tmp_path, code, "MN209") == ["MN209"]


def test_only_a_bundlers_input_is_the_bundles_entry_never_a_publishing_scripts_own_files(tmp_path: Path) -> None:
    """Reachability from a bundled game's entries (round 21) takes a bundler's input only: a publishing kit's own
    script writing the package (`node publish.js -p tt`, held-out round 11's LTG-Laya) names its tools, not the game's
    entry (taken as entries, they left its template's libraries unloaded and their 96 findings lost)."""
    from minis_cli.bundled import detect_bundled

    kit = {
        "package.json": '{"scripts": {"publish-tt": "node publish.js -p tt"}}',
        "publish.js": "const fs = require('fs');\nconst out = 'release/tt';\nfs.writeFileSync(out + '/' + 'game.json', '{}');\nrequire('./tools/zip.js');\n",
        "tools/zip.js": "module.exports = {};\n",
    }
    root = write(tmp_path / "kit", kit)
    found = detect_bundled(root)
    assert found is not None and found.output is None and found.engine.entries == ()
    rolled = {
        "package.json": '{"scripts": {"build": "rollup -c"}}',
        "rollup.config.js": (
            "export default { input: 'src/main.js', output: { file: 'dist/game.js' },\n"
            "  plugins: [copy({ targets: [{ src: 'game.json', dest: 'dist' }] })] };\n"
        ),
        "game.json": "{}",
        "src/main.js": "import './ui.js';\n",
        "src/ui.js": "tt.showToast({ title: 'hi' });\n",
    }
    assert detect_bundled(write(tmp_path / "rolled", rolled)).engine.entries == ("src/main.js",)  # type: ignore[union-attr]


def test_cmd_exes_single_ampersand_separates_commands(tmp_path: Path) -> None:
    """Round 21's build script, `rmdir /s /q dist 2>nul & rollup -c rollup.config.js` (Windows): rollup is the tool (it
    was read as one command of `rmdir`'s, so the bundler went unnamed and its input was no entry); `2>&1` stays whole."""
    from minis_cli.bundled import _segments, detect_bundled

    assert _segments("rmdir /s /q dist 2>nul & rollup -c rollup.config.js") == [["rmdir", "/s", "/q", "dist", "2>nul"], ["rollup", "-c", "rollup.config.js"]]
    assert _segments("rollup -c 2>&1") == [["rollup", "-c", "2>&1"]]
    files = {
        "package.json": '{"scripts": {"build": "rmdir /s /q dist 2>nul & rollup -c rollup.config.js"}}',
        "rollup.config.js": (
            "export default { input: 'game.src.js', output: { file: 'dist/game.js' },\n"
            "  plugins: [copy({ targets: [{ src: 'game.json', dest: 'dist' }] })] };\n"
        ),
        "game.json": "{}",
        "game.src.js": "tt.getSystemInfoSync();\n",
    }
    found = detect_bundled(write(tmp_path, files))
    assert found is not None and found.engine.name == "Rollup-bundled game" and found.engine.entries == ("game.src.js",)


def test_a_name_bound_again_in_any_way_is_not_fixed(tmp_path: Path) -> None:
    """Review of b80d290: destructuring, a loop variable, a catch parameter, a second `var`, a logical assignment each
    give the name another value; and a page's classic scripts share their top-level names (another script sets it)."""
    rebound = (
        'function a() { var m = "dev"; ({ m } = readCfg()); if (m === "wx") { wx.getUserInfo({}); } }\n'
        'function b() { let p = "none"; for (p of ["wx", "tt"]) { if (p === "wx") { wx.getUserInfo({}); } } }\n'
        'function c() { let r = "none"; try { go(); } catch (r) { if (r === "wx") { wx.getUserInfo({}); } } }\n'
        'function d(cfg) { var ch = "vivo"; if (cfg.wechat) { var ch = "wx"; } if (ch === "wx") { wx.getUserInfo({}); } }\n'
        'function e() { var c2 = "vivo"; c2 ||= readChannel(); if (c2 === "wx") { wx.getUserInfo({}); } }\n'
        "function f() { var n = 'vivo'; n++; if (n === 'wx') { wx.getUserInfo({}); } }\n"
    )
    found = lint(write(tmp_path / "game", {**PACKAGE, "game.js": rebound}), "MN503")
    assert [where for _, where, _ in found] == [f"game.js:{line}" for line in range(1, 7)]
    page = (
        '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n<script>TTMinis.init({ clientKey: "awmode01" });</script>\n'
        '<script src="config.js"></script>\n<script src="boot.js"></script>\n'
    )
    mini = {
        "minis.config.json": '{ "dev": { "clientKey": "awmode01" } }',
        "package.json": '{ "scripts": { "dev": "vite" } }',
        "index.html": page,
        "config.js": 'var mode = "dev";\nfunction run() {\n  if (mode === "prod") { TTMinis.login({ success() {} }); }\n}\n',
        "boot.js": 'mode = "prod";\nrun();\n',
    }
    assert [rule for rule, _, _ in lint(write(tmp_path / "mini", mini), "MN204")] == ["MN204"]


def test_typeof_a_games_api_is_read_only_in_the_native_runtime(tmp_path: Path) -> None:
    """Review of a3278bc: in a web Mini there is no wx; `typeof wx.getSystemInfoSync === "function"` decides nothing."""
    mini = {
        "minis.config.json": '{ "dev": { "clientKey": "awmode01" } }',
        "package.json": '{ "scripts": { "dev": "vite" } }',
        "index.html": (
            '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n<script>TTMinis.init({ clientKey: "awmode01" });</script>\n'
            '<script src="main.js"></script>\n'
        ),
        "main.js": (
            'function start() {\n  if (typeof wx.getSystemInfoSync === "function") { console.log("wechat"); }\n'
            "  else { TTMinis.login({ success() {} }); }\n}\nstart();\n"
        ),
    }
    assert [rule for rule, _, _ in lint(write(tmp_path, mini), "MN204")] == ["MN204"]


def test_a_methods_callers_are_its_own_class_or_the_one_method_of_the_name(tmp_path: Path) -> None:
    """Review of da6cf7c: `recorder.authorize('scope.record')` calls Recorder's method, not Account's; a wrapper calling
    an alias of the SDK's own method of the same name (`api.authorize({ scope: s })`) is no caller of itself."""
    two = (
        "class Account { authorize(s) { tt.authorize({ scope: s, success() {}, fail() {} }); } }\n"
        "class Recorder { authorize(kind) { console.log(kind); } }\n"
        "const account = new Account();\nconst recorder = new Recorder();\n"
        "account.authorize('user.info.basic');\nrecorder.authorize('scope.record');\n"
    )
    assert game_rules(tmp_path / "two", two, "MN209") == []
    one = two.replace("class Recorder { authorize(kind) { console.log(kind); } }\n", "").replace("const recorder = new Recorder();\n", "")
    one = one.replace("recorder.authorize('scope.record')", "account.authorize('scope.record')")
    assert game_rules(tmp_path / "one", one, "MN209") == ["MN209"]
    wrapper = (
        "const api = typeof tt !== 'undefined' ? tt : wx;\n"
        "function authorize(s) { api.authorize({ scope: s, success() {}, fail() {} }); }\n"
        "authorize('scope.record');\n"
        "class Sdk { authorize(s) { api.authorize({ scope: s, success() {}, fail() {} }); } ask() { this.authorize('scope.userInfo'); } }\n"
        "new Sdk().ask();\n"
    )
    found = lint(write(tmp_path / "wrapper", {**PACKAGE, "game.js": wrapper}), "MN209")
    assert [(where, message.split("'")[1]) for _, where, message in found] == [("game.js:2", "scope.record"), ("game.js:4", "scope.userInfo")]


def test_every_entry_of_a_bundlers_config_is_an_entry(tmp_path: Path) -> None:
    """Review of a3278bc: webpack's `entry: { game: ..., 'openDataContext/index': ... }` has two; the open data
    context's files are in the bundle too (their MN503 were lost as outside it)."""
    files = {
        "package.json": '{"scripts": {"build": "webpack"}}',
        "webpack.config.js": (
            "const path = require('path');\nmodule.exports = {\n"
            "  entry: { game: './src/game.js', 'openDataContext/index': './src/openData/index.js' },\n"
            "  output: { path: path.resolve(__dirname, 'douyin'), filename: '[name].js' },\n};\n"
        ),
        "douyin/game.json": '{"openDataContext": "openDataContext"}',
        "src/game.js": "tt.getSystemInfoSync();\n",
        "src/openData/index.js": "import './rank.js';\n",
        "src/openData/rank.js": "tt.getFriendCloudStorage({ keyList: ['score'] });\n",
    }
    found = lint(write(tmp_path, files), "MN503")
    assert [where for _, where, _ in found] == ["src/openData/rank.js:1"]


def test_a_copied_project_config_is_the_key_only_where_it_is_copied(tmp_path: Path) -> None:
    """Review of a3278bc: rollup copies project.config.json into dist/wechat only; TikTok's target is dist/douyin, whose
    build holds no appid: MN008 says so. A WeChat mini program's file is never the key."""
    config = (
        "export default [\n"
        "  { input: 'game.src.js', output: { file: 'dist/wechat/game.js' },\n"
        "    plugins: [copy({ targets: [{ src: 'game.json', dest: 'dist/wechat' }, { src: 'project.config.json', dest: 'dist/wechat' }] })] },\n"
        "  { input: 'game.src.js', output: { file: 'dist/douyin/game.js' },\n"
        "    plugins: [copy({ targets: [{ src: 'game.json', dest: 'dist/douyin' }] })] },\n];\n"
    )
    files = {
        "package.json": '{"scripts": {"build": "rollup -c"}}',
        "rollup.config.js": config,
        "game.json": "{}",
        "project.config.json": '{"appid": "wx5d1c3b2a09f8e7d6", "compileType": "game"}',
        "game.src.js": "tt.login({ success() {}, fail() {} });\n",
    }
    root = write(tmp_path / "two", files)
    assert Project(root, environ={}).expected_client_key() is None
    assert [rule for rule, _, _ in lint(root, "MN008")] == ["MN008"]
    both = config.replace(
        "[{ src: 'game.json', dest: 'dist/douyin' }]", "[{ src: 'game.json', dest: 'dist/douyin' }, { src: 'project.config.json', dest: 'dist/douyin' }]"
    )
    key = Project(write(tmp_path / "both", {**files, "rollup.config.js": both}), environ={}).expected_client_key()
    assert key is not None and key.value == "wx5d1c3b2a09f8e7d6"
    program = {**files, "rollup.config.js": both, "project.config.json": '{"appid": "wx5d1c3b2a09f8e7d6", "compileType": "miniprogram"}'}
    assert Project(write(tmp_path / "program", program), environ={}).expected_client_key() is None


def test_tiktoks_own_config_wins_over_the_new_layouts(tmp_path: Path) -> None:
    """Review of a3278bc and b80d290: a page on the games SDK with minis.config.json is an HTML game, even beside
    LayaAir's web build files or a rollup config copying a levels file named game.json."""
    sdk_page = '<script src="https://connect.tiktok-minis.com/game/sdk.js"></script>\n<script src="index.js"></script>\n'
    laya = {
        "minis.config.json": '{"dev": {"clientKey": "awlaya0001"}}',
        "index.html": sdk_page,
        "index.js": 'loadLib("libs/laya.core.js");\nloadLib("js/bundle.js");\n',
        "libs/laya.core.js": "window.Laya = {};\n",
        "js/bundle.js": "TTMinis.game.init({ clientKey: 'awlaya0001' });\n",
    }
    assert Project(write(tmp_path / "laya", laya), environ={}).kind == "html-game"
    rolled = {
        "minis.config.json": '{"dev": {"clientKey": "awroll0001"}}',
        "package.json": '{"scripts": {"dev": "vite", "build": "rollup -c"}}',
        "index.html": sdk_page,
        "rollup.config.js": (
            "export default { input: 'src/main.js', output: { file: 'dist/game.js' },\n"
            "  plugins: [copy({ targets: [{ src: 'game.json', dest: 'dist' }] })] };\n"
        ),
        "game.json": '{"levels": [1, 2, 3]}',
        "src/main.js": "TTMinis.game.init({ clientKey: 'awroll0001' });\n",
    }
    assert Project(write(tmp_path / "rolled", rolled), environ={}).kind == "html-game"


def test_an_interfaces_implementations_all_take_the_placeholder_its_callers_pass(tmp_path: Path) -> None:
    """MN505 asks whether every value is a placeholder, so a call through an interface (`this.platform.showRewardVideo(
    this.rewardedAdUnitId)`) reaches each implementation of the name (held-out round 12's WordSearchGame: Douyin's and
    WeChat's platforms): the exact reading MN209 needs (review of da6cf7c) is not MN505's. Re-measuring round 12 caught it."""
    platform = (
        "export class {name}Platform {{\n"
        "  showRewardVideo(adUnitId) {{\n"
        "    const ad = {ns}.createRewardedVideoAd({{ adUnitId }});\n"
        "    return ad.show();\n"
        "  }}\n"
        "}}\n"
    )
    files = {
        **PACKAGE,
        "game.js": "require('./ads.js');\n",
        "douyin.js": platform.format(name="Douyin", ns="tt"),
        "wechat.js": platform.format(name="Wechat", ns="wx"),
        "ads.js": (
            "import { DouyinPlatform } from './douyin.js';\nimport { WechatPlatform } from './wechat.js';\n"
            "export class Ads {\n"
            "  rewardedAdUnitId = '';\n"
            "  constructor() { this.platform = settings.douyin ? new DouyinPlatform() : new WechatPlatform(); }\n"
            "  reward() { return this.platform.showRewardVideo(this.rewardedAdUnitId); }\n"
            "}\n"
        ),
    }
    found = lint(write(tmp_path, files), "MN505")
    assert [where for _, where, _ in found] == ["douyin.js:3", "wechat.js:3"]
    # picked by `typeof tt`, WeChat's platform is made only where tt is undefined: its placeholder serves no ad in TikTok
    factory = files["ads.js"].replace("settings.douyin ?", "typeof tt !== 'undefined' ?")
    found = lint(write(tmp_path / "guarded", {**files, "ads.js": factory}), "MN505")
    assert [where for _, where, _ in found] == ["douyin.js:3"]


def test_review_of_the_review_fixes(tmp_path: Path) -> None:
    """Review of 3a33451 and 7581284, each confirmed by running it:
    - a nested function's own `var channel` is another variable (minified bundles reuse names): still fixed;
    - a `var` is its function's (set in another function while declared in an if block) and a `let` in a case is the
      switch's (set in another case): not fixed;
    - a subclass's `this.authorize('scope.record')` reaches the base class's method (MN209);
    - copy-webpack-plugin's `to` is relative to the output folder (`to: '.'`);
    - a field's type annotation with braces or an arrow (`_host: { tt?: any } = globalThis as any`)."""
    guard = "if ('wx' === channel) { wx.getUserInfo({}); }"
    shadow = f"var channel = 'vivo';\nfunction go() {{ {guard} }}\nfunction other() {{ var channel = 'x'; return channel; }}\ngo(); other();\n"
    assert game_rules(tmp_path / "shadow", shadow, "MN503") == []
    var_scope = f"function go(f) {{ if (f) {{ var channel = 'vivo'; other(); {guard} }} function other() {{ channel = 'wx'; }} }}\ngo(true);\n"
    assert game_rules(tmp_path / "var", var_scope, "MN503") == ["MN503"]
    switch = f"function go(k) {{ switch (k) {{ case 1: let channel = 'vivo'; {guard} break; case 2: channel = 'wx'; }} }}\ngo(1);\n"
    assert game_rules(tmp_path / "switch", switch, "MN503") == ["MN503"]
    subclass = (
        "class Base { authorize(s) { tt.authorize({ scope: s, success() {}, fail() {} }); } }\n"
        "class Other { authorize(k) { console.log(k); } }\n"
        "class Game extends Base { start() { this.authorize('scope.record'); } }\n"
        "new Game().start(); new Other().authorize('x');\n"
    )
    assert game_rules(tmp_path / "sub", subclass, "MN209") == ["MN209"]
    webpack = {
        "package.json": '{"scripts": {"build": "webpack"}}',
        "webpack.config.js": (
            "const path = require('path');\nmodule.exports = { entry: './src/game.js',\n"
            "  output: { path: path.resolve(__dirname, 'douyin'), filename: 'game.js' },\n"
            "  plugins: [new CopyPlugin({ patterns: [{ from: 'project.config.json', to: '.' }] })] };\n"
        ),
        "douyin/game.json": "{}",
        "project.config.json": '{"appid": "tt5d1c3b2a09f8e7d6"}',
        "src/game.js": "tt.getSystemInfoSync();\n",
    }
    assert lint(write(tmp_path / "webpack", webpack), "MN008") == []
    from minis_cli.bundled import _copied_to

    copies = {
        to: _copied_to(f"patterns: [{{ from: 'project.config.json', to: '{to}' }}]", "project.config.json", "douyin")
        for to in ("[name][ext]", "[path][name][ext]", "sub/[name][ext]")
    }
    assert copies == {"[name][ext]": True, "[path][name][ext]": True, "sub/[name][ext]": False}  # a name template: the output folder
    typed = (
        "class Platform {\n  private readonly _host: { tt?: any } = globalThis as any;\n"
        "  ad() { const t = this._host.tt; t.getUserInfo({}); }\n}\nnew Platform().ad();\n"
    )
    found = lint(write(tmp_path / "typed", {**PACKAGE, "game.js": "require('./game.ts');\n", "game.ts": typed}), "MN503")
    assert [where for _, where, _ in found] == ["game.ts:3"]


def test_review_of_c1c21db(tmp_path: Path) -> None:
    """A third review, each confirmed by running it: a nested function's parameter assigned (`t = t || {}`, minified
    code's habit) or a catch parameter is that function's own variable (the fold holds); a let in an inner block of a
    nested function and a name a default value reads bind nothing outside (the fold is refused); an override's
    `this.authorize()` is its own, `super.authorize()` and a grandchild's `this.authorize()` reach the base's."""
    guard = "if (e === 'wx') { wx.getUserInfo({}); }"
    holds = f"function go() {{ var e = 'vivo'; var f = function (e) {{ e = e || 1; try {{ x(); }} catch (e) {{ e = 2; }} return e; }}; f(); {guard} }}\ngo();\n"
    assert game_rules(tmp_path / "holds", holds, "MN503") == []
    refused = f"function go() {{ var e = 'vivo'; function inner(x = e) {{ if (x) {{ let e = 1; }} [e] = ['wx']; }} inner(); {guard} }}\ngo();\n"
    assert game_rules(tmp_path / "refused", refused, "MN503") == ["MN503"]
    base = "class Base { authorize(s) { tt.authorize({ scope: s, success() {}, fail() {} }); } }\n"
    override = base + "class Game extends Base { authorize(s) { console.log(s); } start() { this.authorize('scope.record'); } }\nnew Game().start();\n"
    assert game_rules(tmp_path / "override", override, "MN209") == []
    calls_super = base + "class Game extends Base { authorize(s) { super.authorize('scope.userInfo'); } }\nnew Game().authorize('x');\n"
    assert game_rules(tmp_path / "super", calls_super, "MN209") == ["MN209"]
    grandchild = base + "class Mid extends Base {}\nclass Game extends Mid { start() { this.authorize('scope.record'); } }\nnew Game().start();\n"
    assert game_rules(tmp_path / "grand", grandchild, "MN209") == ["MN209"]
