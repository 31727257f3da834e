"""Held-out round 31 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.engines import missing_requires
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS2 = {"project.json": '{ "engine": "cocos-creator-js", "version": "2.4.13" }\n', "settings/project.json": "{}\n"}


def findings(root: Path, files: dict[str, str], rule: str) -> list[str]:
    found = run(Project(write(root, {**COCOS2, **files}), environ={}), LintOptions(use_cache=False, select=(rule,))).diagnostics
    return sorted(f"{d.path}:{d.span.line if d.span else ''}" for d in found)


PLATFORM = """export default class Platform {
    public static get IsWechat() {
        return cc.sys.platform == cc.sys.WECHAT_GAME && !this.IsDouyin && !this.IsQQ;
    }
    public static get IsDouyin() {
        //@ts-ignore
        return window.tt;
    }
    public static get IsQQ(): boolean {
        //@ts-ignore
        return window.qq;
    }
    public static isDouyin(): boolean {
        return typeof tt !== "undefined";
    }
}
"""

SHARE = """import Platform from "./Platform";

export default class Share {
    wechat() {
        if (Platform.IsWechat) {
            wx.showShareMenu({});
        }
    }
    notDouyin() {
        if (!Platform.isDouyin()) {
            wx.showShareMenu({});
        }
        if (Platform.IsDouyin) {
            return;
        }
        wx.showShareMenu({});
    }
}
"""


def test_a_static_getter_or_method_of_a_platform_class(tmp_path: Path) -> None:
    """`static get IsDouyin() { return window.tt; }` and `static isDouyin() { return typeof tt !== "undefined"; }` are
    true inside TikTok (it answers to tt), and `static get IsWechat()`, which requires `!this.IsDouyin`, is false there:
    WeChat's share menu behind it never runs. Read through a default or named import, or in the class's own module."""
    assert findings(tmp_path / "a", {"assets/Script/Platform.ts": PLATFORM, "assets/Script/Share.ts": SHARE}, "MN503") == []
    named = {
        "assets/Script/Platform.ts": PLATFORM.replace("export default class", "export class"),
        "assets/Script/Share.ts": SHARE.replace("import Platform", "import { Platform }"),
    }
    assert findings(tmp_path / "b", named, "MN503") == []
    one_module = PLATFORM.replace("export default class", "class") + SHARE.replace('import Platform from "./Platform";\n', "")
    assert findings(tmp_path / "c", {"assets/Script/Share.ts": one_module}, "MN503") == []
    # a getter reading the running platform only (WeChat's builds run in TikTok): the share menu may run there
    open_getter = PLATFORM.replace(" && !this.IsDouyin && !this.IsQQ", "")
    assert findings(tmp_path / "d", {"assets/Script/Platform.ts": open_getter, "assets/Script/Share.ts": SHARE}, "MN503") == ["assets/Script/Share.ts:6"]
    # a method something replaces is no fixed answer
    assigned = SHARE + "Platform.isDouyin = () => false;\n"
    assert findings(tmp_path / "e", {"assets/Script/Platform.ts": PLATFORM, "assets/Script/Share.ts": assigned}, "MN503") == ["assets/Script/Share.ts:11"]


REPORTER = """export default class QttReporter {
    private frame: HTMLIFrameElement = null;
    post() {
        this.frame = document.createElement("iframe");
    }
}
"""

TOOLS = """import QttReporter from "./QttReporter";

export default class Tools {
    public reporter: QttReporter = null;
    init() {
        if (typeof tt !== "undefined") {
            tt.login({ success() {}, fail() {} });
        } else if (window["qttGame"]) {
            this.reporter = new QttReporter();
            this.reporter.post();
        }
    }
}
"""


def test_an_iframe_only_another_platforms_code_makes(tmp_path: Path) -> None:
    """`document.createElement("iframe")` in a reporter made only where Qutoutiao's `qttGame` exists is no MN405: it
    never runs inside TikTok; made where TikTok runs it, it is."""
    files = {"assets/Script/QttReporter.ts": REPORTER, "assets/Script/Tools.ts": TOOLS}
    assert findings(tmp_path / "a", files, "MN405") == []
    everywhere = TOOLS.replace('} else if (window["qttGame"]) {', "}\n        {")
    assert findings(tmp_path / "b", {**files, "assets/Script/Tools.ts": everywhere}, "MN405") == ["assets/Script/QttReporter.ts:4"]


BROWSERIFY_ADAPTER = (
    "(function e(t,n,r){function s(o,u){if(!n[o]){var f=n[o]={exports:{}};t[o][0].call(f.exports,function(e){var n=t[o][1][e];"
    "return s(n?n:e)},f,f.exports,e,t,n,r)}return n[o].exports}for(var o=0;o<r.length;o++)s(r[o]);return s})({1:[function(require,module,exports){\n"
    "module.exports = { cache: {} };\n"
    "},{}],2:[function(require,module,exports){\n"
    "var cacheManager = require('../cache-manager');\n"
    "var fs = require('./fs-utils');\n"
    '},{"../cache-manager":1}]},{},[2]);\n'
)


def test_a_browserify_bundles_own_module_is_no_missing_file(tmp_path: Path) -> None:
    """Cocos Creator 2.4's WeChat adapter.js is a browserify bundle: `require('../cache-manager')` inside it resolves
    through the module's dependency map (`{"../cache-manager":1}`) to the bundle's own module, not to a file; a require
    the map does not hold (`./fs-utils`) is still a file the package lacks."""
    root = write(tmp_path / "pkg", {"game.js": "require('adapter.js');\n", "game.json": "{}\n", "adapter.js": BROWSERIFY_ADAPTER})
    assert missing_requires(root) == ["./fs-utils"]


COMPILED = """window.__require = function e(t, n, r) {};
(function() {
  cc._RF.push(module, "a1b2c3", "Tools");
  var Tools = function() {};
  cc._RF.pop();
})();
(function() {
  cc._RF.push(module, "d4e5f6", "QttReporter");
  var QttReporter = function() {};
  QttReporter.prototype.post = function() {
    this.frame = document.createElement("iframe");
  };
  cc._RF.pop();
})();
"""


def test_dev_runs_a_build_whose_compiled_copy_hides_the_sources_guard(tmp_path: Path) -> None:
    """A Cocos Creator 2 project with its WeChat build: the build's compiled bundle (`assets/main/index.js`, one module per
    script, each marked `cc._RF.push(module, "<uuid>", "<Script>")`) holds the iframe of a reporter the sources make only
    on Qutoutiao. The sources' check reads that guard; the bundle's cannot: the error there does not block dev, which says
    why in one line. Where the sources' check reports the same rule in that script, the build's error blocks."""
    from minis_cli.dev.session import dev_decision

    files = {
        **COCOS2,
        "assets/Script/QttReporter.ts": REPORTER,
        "assets/Script/Tools.ts": TOOLS,
        "build/wechatgame/game.js": "require('./main.js');\ntt.createRewardedVideoAd({ adUnitId: 'a7f3e9c1d2' });\n",
        "build/wechatgame/main.js": "require('./assets/main/index.js');\n",
        "build/wechatgame/game.json": "{}\n",
        "build/wechatgame/project.config.json": '{ "appid": "tt7c5e0a1b2c3d4e5f" }\n',
        "build/wechatgame/assets/main/index.js": COMPILED,
    }
    root = write(tmp_path / "game", files)
    decision = dev_decision(Project(root, environ={}))
    assert decision.starts, decision.why
    # minified, the bundle is one line: the module is the one whose marker comes last before the finding's column
    one_line = " ".join(COMPILED.split("\n")).strip() + "\n"
    write(root, {"build/wechatgame/assets/main/index.js": one_line})
    assert dev_decision(Project(root, environ={})).starts
    unguarded = TOOLS.replace('} else if (window["qttGame"]) {', "}\n        {")
    write(root, {"assets/Script/Tools.ts": unguarded})
    decision = dev_decision(Project(root, environ={}))
    assert not decision.starts and "build/wechatgame/assets/main/index.js:1:" in decision.why
    write(root, {"build/wechatgame/assets/main/index.js": COMPILED})
    decision = dev_decision(Project(root, environ={}))
    assert not decision.starts and "build/wechatgame/assets/main/index.js:11" in decision.why


def test_a_self_contained_browser_page_beside_a_games_scripts(tmp_path: Path) -> None:
    """A Cocos game's scripts (assets/scripts, calling the games SDK) with no engine project files, beside a browser
    build published as one self-contained index.html (inline code, no TikTok SDK): the folder is the game's scripts
    (the games rules over them, dev's one-line "nothing runnable yet"), not a web Mini missing its SDK tag and config.
    A page loading a script of the project's, or one with a package.json beside it, keeps the folder a Mini."""
    from minis_cli.dev.session import dev_decision

    page = "<!doctype html>\n<canvas id=g></canvas>\n<script>\nconst TASKS = [];\nTASKS.some(tt => tt.type === 'clean');\n</script>\n"
    adapter = "export class DouyinAdapter {\n  share() { tt.showShareMenu({}); }\n  ad() { return tt.createRewardedVideoAd({ adUnitId: 'a7f3e9c1d2' }); }\n}\n"
    files = {"index.html": page, "assets/scripts/platform/DouyinAdapter.ts": adapter}
    root = write(tmp_path / "a", files)
    project = Project(root, environ={})
    assert project.kind == "engine-game"
    rules = {d.rule_id for d in run(project, LintOptions(use_cache=False)).diagnostics}
    assert "MN503" in rules and not rules & {"MN101", "MN102", "MN004", "MN001"}
    decision = dev_decision(Project(root, environ={}))
    assert not decision.starts and decision.why.startswith("this folder holds a mini game's scripts")
    loads = page.replace("<script>\n", '<script src="./main.js"></script>\n<script>\n')
    assert Project(write(tmp_path / "b", {**files, "index.html": loads}), environ={}).kind == "mini"
    assert Project(write(tmp_path / "c", {**files, "package.json": '{ "name": "hotpot" }\n'}), environ={}).kind == "mini"


PER_PLATFORM = {
    "game.js": "tt.login({ success() {}, fail() {} });\nconst canvas = tt.createCanvas();\n",
    "game.json": '{ "deviceOrientation": "portrait" }\n',
    "platform/wechat.project.config.json": '{ "appid": "wx0123456789abcdef", "compileType": "game" }\n',
    "platform/douyin.project.config.json": (
        '{ "appid": "tt64d6126bfab7cc55", "compileType": "game", "packOptions": { "ignore": [ { "value": "server", "type": "folder" } ] } }\n'
    ),
    "scripts/switch-platform.js": "const fs = require('fs');\nfs.copyFileSync(`platform/${process.argv[2]}.project.config.json`, 'project.config.json');\n",
    "server/app.js": "fetch('http://127.0.0.1:3000/');\nmodule.exports = {};\n",
}


def test_a_native_game_keeping_one_project_config_per_platform(tmp_path: Path) -> None:
    """A game for WeChat and Douyin that commits `platform/<platform>.project.config.json` and copies one to the root
    before a build: with none at the root, MN004 names Douyin's as what to copy, and that file's packOptions.ignore
    says what the package leaves out (its backend in server/, which is not linted as the game's code)."""
    root = write(tmp_path / "game", PER_PLATFORM)
    found = {d.rule_id: d for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics}
    assert "MN508" not in found
    assert "platform/douyin.project.config.json" in found["MN004"].message
    assert found["MN004"].hint.startswith("Copy platform/douyin.project.config.json to project.config.json")
    write(root, {"project.config.json": '{ "appid": "tt64d6126bfab7cc55", "compileType": "game" }\n'})
    found = {d.rule_id: d for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics}
    assert "MN004" not in found and "MN508" in found  # the root's own config, which ignores nothing, is the package's


def test_a_git_lfs_pointer_counts_as_the_file_it_stands_for(tmp_path: Path) -> None:
    """A checkout without Git LFS (GitHub Actions' default) holds 130-byte pointers in place of large assets: the
    package TikTok gets holds the files, so MN021 counts each pointer's `size`."""
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "ab" * 32 + "\nsize 5000000\n"
    root = write(tmp_path / "game", {**PER_PLATFORM, "project.config.json": '{ "appid": "tt64d6126bfab7cc55" }\n', "images/bg.png": pointer})
    found = [d.message for d in run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN021",))).diagnostics]
    assert found and "4.8 MB" in found[0], found
    write(root, {"images/bg.png": pointer.replace("spec/v1", "spec/v9")})
    assert run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN021",))).diagnostics == []


def test_build_refuses_a_package_holding_git_lfs_pointers(tmp_path: Path) -> None:
    """`minis-py build` would zip the pointers in place of the files: it refuses, naming them and `git lfs pull`, and
    writes nothing."""
    import pytest

    from minis_cli.build import BuildError, build

    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "cd" * 32 + "\nsize 120000\n"
    files = {
        "game.js": "tt.login({ success() {}, fail() {} });\ntt.createRewardedVideoAd({ adUnitId: 'a7f3e9c1d2' });\n",
        "game.json": "{}\n",
        "project.config.json": '{ "appid": "tt64d6126bfab7cc55" }\n',
        "images/bg.png": pointer,
    }
    root = write(tmp_path / "game", files)
    with pytest.raises(BuildError) as refused:
        build(Project(root, environ={}))
    assert "images/bg.png" in str(refused.value) and "git lfs pull" in refused.value.hint
    assert not (root / "minis.zip").exists()


def test_a_build_loading_the_engine_as_a_wechat_plugin_is_refused_in_one_line(tmp_path: Path) -> None:
    """Cocos Creator's WeChat build with Separate Engine on loads the engine with `requirePlugin('cocos')` (game.json
    "plugins"): TikTok's runtime has no mini-game plugins, so dev and build refuse it in one line with the fix (held-out
    round 32: two games that dev started and that stopped at that line); a guarded call is the game's own fallback."""
    import pytest

    from minis_cli.build import BuildError, build
    from minis_cli.dev.session import dev_decision

    package = {
        "build/wechatgame/game.js": "require('adapter-min.js');\n__globalAdapter.init();\nrequirePlugin('cocos');\n__globalAdapter.adaptEngine();\n",
        "build/wechatgame/adapter-min.js": "window.__globalAdapter = { init() {}, adaptEngine() {} };\n",
        "build/wechatgame/game.json": '{ "plugins": { "cocos": { "provider": "wx7095f7fa398a2f30", "version": "2.4.5", "path": "cocos" } } }\n',
        "build/wechatgame/project.config.json": '{ "appid": "tt64d6126bfab7cc55" }\n',
    }
    root = write(tmp_path / "game", {**COCOS2, "assets/Script/a.js": "cc.log(1);\n", **package})
    decision = dev_decision(Project(root, environ={}))
    assert not decision.starts and decision.why.startswith("build/wechatgame/game.js loads the Cocos engine as WeChat's engine plugin")
    assert "Separate Engine off" in decision.why
    with pytest.raises(BuildError) as refused:
        build(Project(root / "build" / "wechatgame", environ={}))
    assert "requirePlugin('cocos')" in str(refused.value)
    guarded = package["build/wechatgame/game.js"].replace("requirePlugin('cocos');", "if (typeof requirePlugin === 'function') { requirePlugin('cocos'); }")
    write(root, {"build/wechatgame/game.js": guarded})
    assert "plugin" not in dev_decision(Project(root, environ={})).why


def test_a_store_enum_named_for_a_mini_game_and_a_check_through_self(tmp_path: Path) -> None:
    """`plaft == PlatfT.qqMG` (an enum member named for QQ's mini game, "MG") is false inside TikTok, so the QQ adapter
    made only in that branch never runs there; `typeof this.env.x === "function"` guards `self.env.x()` after
    `const self = this` (held-out round 32)."""
    enum = "export enum PlatfT {\n    none,\n    ttMG,\n    qqMG,\n}\n"
    manager = (
        'import { PlatfT } from "./StructMap";\nimport JsbQQ from "./JsbQQ";\nimport JsbTT from "./JsbTT";\n'
        "export default class PlatfM {\n    static init(plaft: PlatfT) {\n        let jsb;\n"
        "        if (plaft == PlatfT.ttMG) {\n            jsb = new JsbTT();\n        } else if (plaft == PlatfT.qqMG) {\n"
        "            jsb = new JsbQQ();\n        }\n        jsb.init();\n    }\n}\n"
    )
    qq = "export default class JsbQQ {\n    init() {\n        qq.createBannerAd({ adUnitId: 'x' });\n    }\n}\n"
    tt = (
        "export default class JsbTT {\n    env: any = tt;\n    init() {\n        tt.login({ success() {}, fail() {} });\n    }\n"
        '    follow() {\n        if (typeof this.env.checkFollowState === "function") {\n            const self = this;\n'
        "            self.env.checkFollowState({});\n        }\n    }\n}\n"
    )
    files = {"assets/src/StructMap.ts": enum, "assets/src/PlatfM.ts": manager, "assets/src/JsbQQ.ts": qq, "assets/src/JsbTT.ts": tt}
    assert findings(tmp_path / "a", files, "MN503") == []
    unguarded = tt.replace('if (typeof this.env.checkFollowState === "function")', "if (this)")
    assert findings(tmp_path / "b", {**files, "assets/src/JsbTT.ts": unguarded}, "MN503") == ["assets/src/JsbTT.ts:9"]


APP_NAME = """var M = function () {
  function t() {
    this.systemInfo = tt.getSystemInfoSync(),
    this.count = 0;
  }
  t.prototype.count = function () { var i = 1; return i; };
  t.prototype.showInsertAd = function () {
    var i = this.systemInfo.appName;
    "Toutiao" != i && "Douyin" != i || (this.ad && this.ad.destroy(), this.ad = tt.createInterstitialAd({ adUnitId: "b5b23i03ha9k1ij807" }));
  };
  t.prototype.otherFun = function () {
    "Douyin" == this.systemInfo.appName ? tt.showToast({ title: "x" }) : tt.showModal({ title: "y" });
  };
  return t;
}();
module.exports = M;
"""


def test_the_host_app_name_read_into_a_minified_local(tmp_path: Path) -> None:
    """`var i = this.systemInfo.appName; "Toutiao" != i && "Douyin" != i || (...)`: the local is read through its
    declaration in scope (a minified bundle declares `var i` in many functions), so the Douyin-app branch is not taken
    inside TikTok (whose system info has no appName): its destroy() is no MN506; the else branch's showModal is MN503."""
    assert findings(tmp_path / "a", {"assets/scripts/Bd.js": APP_NAME}, "MN506") == []
    assert findings(tmp_path / "b", {"assets/scripts/Bd.js": APP_NAME}, "MN503") == ["assets/scripts/Bd.js:12"]
