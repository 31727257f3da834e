"""The native-game rules (issue 14): the package (game.json, subpackages, appid, sizes, empty files), remote
scripts, the DOM without an adapter, the required capabilities; and `build` turning the package ones into errors."""

from __future__ import annotations

import json
import zipfile

import pytest

from minis_cli.build import BuildFindings, build
from minis_cli.gamepkg import MIB, package_files, resolve_module
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.lint.rules.project import NATIVE_GAME
from minis_cli.project import Project


def lint(make_project, files):
    root = make_project({**NATIVE_GAME, **files})
    return root, run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics


def ids(diagnostics) -> list[str]:
    return sorted(d.rule_id for d in diagnostics)


WECHAT_EXPORT = {
    "game.js": NATIVE_GAME["game.js"] + "require('./src/main');\nconst canvas = wx.createCanvas();\nwx.onTouchStart((e) => tap(e.touches[0]));\n"
    "const info = wx.getSystemInfoSync();\nwx.loadSubpackage({ name: 'level2', success: next });\n",
    "src/main.js": "module.exports = { start() { return GameGlobal.performance; } };\n",
    "game.json": json.dumps({"deviceOrientation": "portrait", "subpackages": [{"name": "level2", "root": "packages/level2"}]}),
    "packages/level2/game.js": "GameGlobal.level2 = true;\n",
}


def test_a_wechat_style_export_is_clean(make_project) -> None:
    _, found = lint(make_project, WECHAT_EXPORT)
    assert found == []


def test_dom_use_is_reported_where_it_is_unless_an_adapter_provides_it(make_project) -> None:
    _, found = lint(
        make_project, {"src/ui.js": "if (typeof window !== 'undefined') start();\nconst el = document.createElement('div');\nlocalStorage.setItem('a', 1);\n"}
    )
    dom = [d for d in found if d.rule_id == "MN508"]
    assert [(d.path, d.span.line, d.span.column) for d in dom] == [("src/ui.js", 2, 12), ("src/ui.js", 3, 1)]  # typeof is a feature check
    assert "ReferenceError" in dom[0].message and "tt.createCanvas" in (dom[0].hint or "")
    adapter = {
        "libs/weapp-adapter.js": "const canvas = tt.createCanvas();\nGameGlobal.document = { createElement: () => canvas };\nGameGlobal.localStorage = { "
        "setItem() {} };\n"
    }
    _, found = lint(make_project, {"src/ui.js": "const el = document.createElement('div');\nlocalStorage.setItem('a', 1);\n", **adapter})
    assert ids(found) == []


def test_the_backend_is_not_the_game(make_project) -> None:
    """packOptions.ignore leaves server/ out of the package: its Node code may use what a browser has."""
    config = json.dumps({"appid": "awexample123", "packOptions": {"ignore": [{"type": "folder", "value": "server"}]}})
    root, found = lint(make_project, {"project.config.json": config, "server/app.js": "const r = await fetch(url);\nconsole.log(location);\n"})
    assert ids(found) == []
    assert "server/app.js" not in package_files(root)


def test_an_undocumented_api_a_remote_script_and_missing_capabilities(make_project) -> None:
    _, found = lint(
        make_project,
        {
            "game.js": "tt.login({ success: go, fail: go });\nconst ad = tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"
            "tt.showToast({ title: 'hi' });\nimport('https://cdn.example.com/x.js');\n"
        },
    )
    assert ids(found) == ["MN503", "MN507", "MN509"]
    message = next(d.message for d in found if d.rule_id == "MN509")
    assert message == "this mini game never uses the shortcut (addShortcut) or the entrance mission (startEntranceMission): TikTok requires them of mini games"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"game.json": "[]"}, ["MN018"]),
        ({"game.json": '{ "subpackages": {} }'}, ["MN018"]),
        ({"game.json": '{ "subpackages": [{ "name": "a", "root": "p/a" }, { "name": "a", "root": "p/a" }] }', "p/a/game.js": "x = 1;\n"}, ["MN018", "MN018"]),
        ({"game.json": '{ "subpackages": [{ "name": "a", "root": "p/a" }] }'}, ["MN019"]),
        ({"game.json": '{ "subpackages": [{ "name": "a", "root": "p/a" }] }', "p/a/index.js": "x = 1;\n"}, ["MN019"]),
        ({"project.config.json": '{ "projectname": "x" }'}, ["MN008", "MN020"]),  # and so no client key anywhere
        ({"project.config.json": '{ "appid": 12345 }'}, ["MN008", "MN020"]),
        ({"assets/empty.png": ""}, ["MN022"]),
    ],
)
def test_package_problems(make_project, files, expected) -> None:
    _, found = lint(make_project, files)
    assert ids(found) == expected, [d.message for d in found]


def test_size_limits_count_the_main_package_and_independent_subpackages(make_project) -> None:
    big = "\x01" * (3 * MIB)
    game = json.dumps({"subpackages": [{"name": "a", "root": "levels/a"}, {"name": "b", "root": "levels/b", "independent": True}]})
    files = {"game.json": game, "levels/a/game.js": "x = 1;\n", "levels/a/music.bin": big + big, "levels/b/game.js": "x = 1;\n", "assets/big.bin": big}
    _, found = lint(make_project, files)
    assert ids(found) == []  # main 3 MB; a 6 MB subpackage that is not independent is fine
    files["levels/b/music.bin"] = big + big
    files["assets/more.bin"] = big
    _, found = lint(make_project, files)
    messages = sorted(d.message for d in found if d.rule_id == "MN021")
    assert len(messages) == 2 and "main package" in messages[1] and "independent subpackage levels/b/" in messages[0]


def test_build_refuses_the_package_problems_lint_only_warns_about(make_project) -> None:
    root, found = lint(make_project, {"src/levels.js": "", "src/ui.js": "document.title = 'x';\n"})
    assert {d.severity.value for d in found} == {"warning"}
    with pytest.raises(BuildFindings) as refused:
        build(Project(root, environ={}))
    assert {d.rule_id for d in refused.value.diagnostics if d.severity.value == "error"} == {"MN022", "MN508"}
    assert not (root / "minis.zip").exists()


def test_build_zips_exactly_the_package(make_project) -> None:
    config = json.dumps({"appid": "awexample123", "packOptions": {"ignore": [{"type": "folder", "value": "tools"}, {"type": "suffix", "value": ".psd"}]}})
    root, _ = lint(
        make_project,
        {**WECHAT_EXPORT, "project.config.json": config, "tools/make.js": "x = 1;\n", "art/hero.psd": "psd", "art/hero.png": "png", ".env": "SECRET=1\n"},
    )
    before = package_files(root)
    result = build(Project(root, environ={}))
    with zipfile.ZipFile(result.zip_path) as archive:
        names = archive.namelist()
    assert names == before == ["art/hero.png", "game.js", "game.json", "packages/level2/game.js", "project.config.json", "src/main.js"]


def test_modules_resolve_as_the_runtime_resolves_them() -> None:
    files = {"game.js", "src/main.js", "src/ui/index.js", "libs/a.js"}
    assert resolve_module(files, "", "./src/main") == "src/main.js"
    assert resolve_module(files, "src", "./ui") == "src/ui/index.js"
    assert resolve_module(files, "src", "../libs/a.js") == "libs/a.js"
    assert resolve_module(files, "src", "libs/a") == "libs/a.js"  # bare: from the root too
    assert resolve_module(files, "", "../outside") is None and resolve_module(files, "", "https://x/y.js") is None


def test_a_broken_game_json_is_mn002_everywhere_with_no_traceback(cli, make_project) -> None:
    root = make_project({**NATIVE_GAME, "game.json": '{ "deviceOrientation": "portrait",\n'})
    lint = cli("lint", "--output-format", "concise", cwd=root)
    assert lint.exit_code == 1 and lint.stdout.startswith("game.json:2:1: MN002 game.json is not valid JSON") and "Traceback" not in lint.stderr
    built = cli("build", cwd=root)
    assert built.exit_code == 1 and "MN002" in built.stdout + built.stderr and "internal error" not in built.stderr
    (root / "game.json").write_text("{}\n")
    (root / "game.js").unlink()
    missing = cli("build", cwd=root)
    assert missing.exit_code == 1 and "game.json is here but game.js is not" in missing.stderr


def test_a_broken_project_config_json_is_said_even_where_it_hides_the_game(cli, make_project) -> None:
    """Held-out review: game.js beside a project.config.json that does not parse (and no game.json) is not recognised as
    a game, and the broken file was said nowhere (MN002 read it only for native games). It is now a warning there."""
    root = make_project({"game.js": "tt.createCanvas();\n", "project.config.json": '{\n  "appid": "tt123",\n  "compileType": "game",\n}\n'})
    lint = cli("lint", "--output-format", "concise", "--select", "MN002", cwd=root)
    assert lint.exit_code == 0, lint.stdout  # a warning
    assert lint.stdout.startswith("project.config.json:4:1: MN002 project.config.json is not valid JSON") and "cannot tell whether" in lint.stdout
    (root / "game.json").write_text("{}\n")  # a native game: the same file is an error there
    native = cli("lint", "--output-format", "concise", "--select", "MN002", cwd=root)
    assert native.exit_code == 1 and "project.config.json:4:1: MN002" in native.stdout and "cannot tell whether" not in native.stdout


# --- engine exports (issue 29 item 5) ----------------------------------------------------------------------------

PIXI_BUNDLE = (
    "/*!\n * pixi.js - v7.4.3\n */var PIXI=function(){'use strict';let s;function probe(){try{s=new Function('a','b','return a[b]')({x:1},'x')===1}"
    "catch(e){s=!1}return s}function sync(code){return new Function('ud','uv',code)}return{probe,sync}}();\n"
)
WEBPACK_RUNTIME = (
    "(function(){var g=function(){if(typeof globalThis==='object')return globalThis;try{return this||new Function('return this')()}catch(e){}}();})();\n"
)


def test_code_from_strings_in_an_engine_library_is_a_warning_naming_it(make_project) -> None:
    files = {
        "libs/pixi.min.js": PIXI_BUNDLE,
        "js/bundle.js": WEBPACK_RUNTIME,  # the game's own webpack bundle: the global-object probe only
        "src/level.js": "module.exports = eval(text);\n",
        "src/tick.js": "setTimeout('tick()', 100);\n",
    }
    _, found = lint(make_project, files)
    dynamic = [(d.path, d.rule_id, d.severity.value, d.message) for d in found if d.rule_id in ("MN401", "MN402", "MN403")]
    assert dynamic == [
        (
            "js/bundle.js",
            "MN402",
            "warning",
            "new Function() with 'return this' (a probe for the global object): WeChat's mini-program docs allow just this one, Douyin's name no exception",
        ),
        (
            "libs/pixi.min.js",
            "MN402",
            "warning",
            "new Function() in the PixiJS engine: WeChat's and Douyin's mini-game runtimes forbid code from strings, and TikTok's may too",
        ),
        (
            "libs/pixi.min.js",
            "MN402",
            "warning",
            "new Function() in the PixiJS engine: WeChat's and Douyin's mini-game runtimes forbid code from strings, and TikTok's may too",
        ),
        (
            "src/level.js",
            "MN401",
            "error",
            "eval() is not allowed in a mini game: WeChat's and Douyin's mini-game runtimes forbid code from strings (it throws)",
        ),
        (
            "src/tick.js",
            "MN403",
            "error",
            "setTimeout with a string (evaluated as code) is not allowed in a mini game: WeChat's and Douyin's mini-game "
            "runtimes forbid code from strings (it throws)",
        ),
    ]
    assert "@pixi/unsafe-eval" in next(d.hint for d in found if d.path == "libs/pixi.min.js")


def test_a_minis_bundle_with_an_engine_is_still_refused(make_project) -> None:
    """TikTok documents the ban for Minis: there a library's new Function stays an error."""
    root = make_project({"src/pixi.min.js": PIXI_BUNDLE})
    found = [d for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id == "MN402"]
    assert {(d.severity.value, d.message) for d in found} == {("error", "new Function() is not allowed in TikTok Minis")}


# A webpack-style weapp adapter: its modules export the DOM it builds, its entry copies them onto the global object and
# then uses them itself (window, document), as WeChat's weapp-adapter does.
WEAPP_ADAPTER = """(function (modules) { return modules[0](); })([function () {
  var _window = {};
  var canvas = tt.createCanvas();
  exports.canvas = canvas;
  exports.document = { createElement: function () { return canvas; }, body: {} };
  exports.HTMLCanvasElement = canvas.constructor;
  Object.defineProperty(exports, "HTMLElement", { enumerable: true, get: function () { return function HTMLElement() {}; } });
  exports.navigator = { userAgent: 'tt' };
  function inject() {
    for (var key in _window) { GameGlobal[key] = _window[key]; }
    window = _window;
    window.top = window.parent = window;
    Object.defineProperty(window, 'innerWidth', { value: canvas.width });
    document.body.appendChild(canvas);
  }
  if (!GameGlobal.__isAdapterInjected) { GameGlobal.__isAdapterInjected = true; inject(); }
}]);
"""


def test_an_adapters_own_lines_that_define_the_globals_are_not_dom_uses(make_project) -> None:
    engine = "var Engine = { boot: function () { if (canvas instanceof HTMLCanvasElement) return document.body; return fetch('/level.json'); } };\n"
    _, found = lint(make_project, {"js/libs/weapp-adapter.js": WEAPP_ADAPTER, "js/libs/engine.js": engine})
    dom = [(d.path, d.message.split(" ")[0]) for d in found if d.rule_id == "MN508"]
    assert dom == [("js/libs/engine.js", "fetch")]  # what the adapter exports (document, HTMLCanvasElement) is provided; fetch is not
    # the same adapter under another name, found by its signature, and a global defined by assignment in the game's own code
    _, found = lint(make_project, {"js/platform.js": WEAPP_ADAPTER, "src/boot.js": "window = GameGlobal;\n"})
    assert [d for d in found if d.rule_id == "MN508"] == []


# Cocos Creator 2.4's adapter-min.js shape (written anew): a browserify bundle whose window module exports its DOM
# through Babel getters on the minified exports parameter, and whose entry defines the globals through a name it gives
# GameGlobal: `var u = GameGlobal; for (p in r) u[p] = r[p]; u.window = r, (window = u)`.
ALIASED_ADAPTER = """(function (m) { return m[1](); })([function (e, t, n) {
  Object.defineProperty(n, "navigator", { enumerable: !0, get: function () { return { userAgent: 'tt' }; } });
  Object.defineProperty(n, "XMLHttpRequest", { enumerable: !0, get: function () { return function () {}; } });
  Object.defineProperty(n, "Image", { enumerable: !0, get: function () { return tt.createImage; } });
}, function (e, t, n) {
  var r = e(0), o = { body: {} };
  var u = GameGlobal;
  if (!GameGlobal.__isAdapterInjected) { GameGlobal.__isAdapterInjected = !0; r.document = o;
    for (var p in r) u[p] = r[p]; u.window = r, (window = u).top = window.parent = window; }
}, function (e, t, n) { var u = {}; u.location = {}; }]);
"""


def test_globals_defined_through_a_name_given_to_gameglobal_are_provided(make_project) -> None:
    """Held-out round 6 of issue 30 (a Cocos Creator 2.4 ByteDance export): 12 MN508 on window/document/navigator/...
    that its adapter-min.js defines through `var u = GameGlobal`. What the alias never defines is still reported."""
    game = NATIVE_GAME["game.js"] + "require('./adapter-min.js');\nrequire('./src/main.js');\n"
    main = "window.boot = function () { var x = new XMLHttpRequest(); var i = new Image(); return navigator.userAgent + document.body + location.href; };\n"
    _, found = lint(make_project, {"game.js": game, "adapter-min.js": ALIASED_ADAPTER, "src/main.js": main})
    assert [(d.path, d.message.split(" ")[0]) for d in found if d.rule_id == "MN508"] == [("src/main.js", "location")]  # the third module's u is not GameGlobal


def test_globals_defined_through_a_checked_name_for_the_global_object_are_provided(make_project) -> None:
    """Round 18 (a canvas game's Douyin package beside its web version): game.js names the global object through the
    usual existence checks (`const G = typeof GameGlobal !== "undefined" ? GameGlobal : typeof globalThis ...`), sets
    `G.document` and `G.window` to its canvas-drawn DOM bridge, then requires the web game's code unchanged."""
    game = (
        NATIVE_GAME["game.js"]
        + 'const G =\n  typeof GameGlobal !== "undefined"\n    ? GameGlobal\n    : typeof globalThis !== "undefined"\n      ? globalThis\n      : {};\n'
        + "const bridge = require('./js/dom-bridge.js');\nG.document = bridge.document;\nG.window = bridge.window;\nrequire('./js/web-game.js');\n"
    )
    bridge = "module.exports = { document: { getElementById: () => tt.createCanvas() }, window: {} };\n"
    web = "const canvas = document.getElementById('game');\nconst ctx = window.AudioContext;\nnavigator.vibrate(5);\n"
    _, found = lint(make_project, {"game.js": game, "js/dom-bridge.js": bridge, "js/web-game.js": web})
    assert [(d.path, d.message.split(" ")[0]) for d in found if d.rule_id == "MN508"] == [("js/web-game.js", "navigator")]
    # a name given something else is no alias: `const H = typeof GameGlobal` is a string
    other = game.replace('typeof GameGlobal !== "undefined"\n    ? GameGlobal\n    : typeof globalThis !== "undefined"\n      ? globalThis\n      : {}', "{}")
    _, found = lint(make_project, {"game.js": other, "js/dom-bridge.js": bridge, "js/web-game.js": web})
    assert {d.message.split(" ")[0] for d in found if d.rule_id == "MN508"} == {"document", "window", "navigator"}


def test_an_ad_method_is_reported_only_on_the_variable_that_holds_the_ad(make_project) -> None:
    js = (
        "tt.login({ success: go, fail: go });\n"
        "function make() { var e = tt.createRewardedVideoAd({ adUnitId: 'ad1' }); e.onClose(done); e.load(); return e; }\n"
        "function wrap(e) { return function () { return e.apply(this, arguments); }; }\n"
        "var t = function (e) { e.call(null); }, n = (e) => e.bind(null);\n"
        "let ad = wx.createInterstitialAd({ adUnitId: 'ad2' });\n"
        "function later() { ad.destroy(); }\n"
        "function shadow(ad) { ad.apply(null, []); }\n"
        "function other() { let ad = make; ad.apply(null, []); }\n"
    )
    _, found = lint(make_project, {"game.js": js})
    # e.load() is a game ad's preload (mini-games-preload-ads, TikTok 46.1.0); destroy() is no ad's method
    assert [(d.span.line, d.message.split(":")[0]) for d in found if d.rule_id == "MN506"] == [(6, "ad.destroy()")]


def test_an_engine_export_raises_no_error_of_the_web_mini_rules(make_project) -> None:
    """The shapes engine bundles have: a loader making script elements from variables, navigation in a browser-only
    path, the webpack global probe, a guarded eval probe, storage and requests behind the adapter."""
    engine = (
        "/*! Phaser - https://phaser.io */\n"
        "!function(t,e){'object'==typeof exports?module.exports=e():t.Phaser=e()}(this,function(){\n"
        "var g=function(){try{return this||new Function('return this')()}catch(e){}}();\n"
        "function load(url){var s=document.createElement('script');s.src=url;document.head.appendChild(s)}\n"
        "function open(url){if(g.location)location.href=url}\n"
        "function json(t){try{return eval('('+t+')')}catch(e){return JSON.parse(t)}}\n"
        "function save(k,v){localStorage.setItem(k,v)}\n"
        "function vibrate(){navigator.vibrate=navigator.vibrate||navigator.webkitVibrate;if(navigator.vibrate)navigator.vibrate(10)}\n"
        "return{load,open,json,save,vibrate}});\n"
    )
    adapter = "GameGlobal.document = { createElement: function () { return {}; }, head: {} };\nGameGlobal.localStorage = {};\nGameGlobal.navigator = {};\n"
    game = NATIVE_GAME["game.js"] + "require('./weapp-adapter');\nvar Phaser = require('./js/phaser.min');\n"
    _, found = lint(make_project, {"game.js": game, "weapp-adapter.js": adapter, "js/phaser.min.js": engine})
    assert [(d.rule_id, d.message) for d in found if d.severity.value == "error"] == []
    assert {d.rule_id for d in found} <= {"MN401", "MN402", "MN406", "MN409", "MN508"}
    assert all("the Phaser engine" in d.message for d in found if d.rule_id in ("MN401", "MN402"))


def test_function_constructor_caught_or_bundled_from_a_library_is_a_warning(make_project) -> None:
    """Round 18 of issue 30 (a PixiJS 7 game Vite bundles into one game-bundle.js): four MN402 errors made dev refuse a
    game that runs. A Function() inside a try whose catch takes over is a probe (PixiJS's unsafe-eval check); a
    bundled library's Function(), known by the code it makes (function-bind's binder, PixiJS's uniform sync), runs only
    where the runtime allows it: warnings. The game's own Function() stays an error, as does one outside the try."""
    bundle = (
        "var bind = Function.prototype.bind || function (h) {\n"
        "  var d = Function('binder', 'return function (' + p + '){ return binder.apply(this,arguments); }')(u); return d; };\n"
        "let ok; function probe() { if (typeof ok == 'boolean') return ok;\n"
        "  try { ok = new Function('a', 'b', 'return a === b;')(1, 1) === !0 } catch { ok = !1 } return ok; }\n"
        "function sync(e) { return new Function('ud', 'uv', 'renderer', 'syncData', e.join('\\n')); }\n"
        "function mine(src) { return new Function('state', src); }\n"
        "function later() { try { go(); } catch (e) { return new Function('x', 'return x'); } }\n"
        "function again(code) { try { return new Function('x', code); } catch (e) { throw e; } }\n"  # rethrown: not a probe
        "function logged(code) { try { run(new Function('x', code)); } catch (e) { console.error(e); } }\n"  # only logged
    )
    _, found = lint(make_project, {"game.js": "require('./game-bundle.js');\n", "game-bundle.js": bundle})
    got = [(d.span.line, d.severity.value, d.message.split(":")[0]) for d in found if d.rule_id == "MN402"]
    assert got == [
        (2, "warning", "Function() in function-bind, bundled (used only where Function.prototype.bind is missing)"),
        (4, "warning", "new Function() inside a try whose catch takes over (a probe)"),
        (5, "warning", "new Function() in PixiJS, bundled"),
        (6, "error", "new Function() is not allowed in a mini game"),
        (7, "error", "new Function() is not allowed in a mini game"),
        (8, "error", "new Function() is not allowed in a mini game"),
        (9, "error", "new Function() is not allowed in a mini game"),
    ]


def test_an_ad_unit_id_falling_back_to_a_placeholder_is_reported(make_project) -> None:
    """Round 18: `const adUnitId = this.reviveAdUnitId || 'adunit-revive-placeholder'` (the field set in another module)
    then `tt.createRewardedVideoAd({ adUnitId })`: whenever the field is empty no ad can be served. A real id as the
    fallback, or no fallback, is not reported."""
    js = (
        "const game = { revive() { const adUnitId = this.reviveAdUnitId || 'adunit-revive-placeholder';\n"
        "  return tt.createRewardedVideoAd({ adUnitId }); },\n"
        "  bonus() { return tt.createRewardedVideoAd({ adUnitId: this.bonusId ?? 'YOUR_AD_UNIT_ID' }); },\n"
        "  real() { const adUnitId = this.realId || 'adunit7f31c0a9e2'; return tt.createRewardedVideoAd({ adUnitId }); },\n"
        "  plain() { return tt.createRewardedVideoAd({ adUnitId: this.plainId }); },\n"
        "  empty() { return tt.createRewardedVideoAd({ adUnitId: this.emptyId || '' }); } };\n"
        "game.revive(); game.bonus(); game.real(); game.plain(); game.empty();\n"
        "function dev() { const id = GameGlobal.devId || 'your-ad-unit-id'; return id; }\n"  # another function's id
        "const id = 'adunit8f3k2j1h9g7d';\ntt.createRewardedVideoAd({ adUnitId: id });\n"
    )
    _, found = lint(make_project, {"game.js": js})
    got = [(d.span.line, d.message) for d in found if d.rule_id == "MN505"]
    assert got == [
        (2, "adUnitId falls back to the placeholder 'adunit-revive-placeholder' whenever this.reviveAdUnitId is empty: no ad can be served then"),
        (3, "adUnitId falls back to the placeholder 'YOUR_AD_UNIT_ID' whenever this.bonusId is empty: no ad can be served then"),
    ]
