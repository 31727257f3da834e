"""Held-out rounds 32 and 33 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project
from minis_cli.source.javascript import Script

COCOS2 = {"project.json": '{ "engine": "cocos-creator-js", "version": "2.4.13" }\n', "settings/project.json": "{}\n"}


def findings(root: Path, files: dict[str, str], rule: str) -> list[str]:
    found = run(Project(write(root, {**COCOS2, **files}), environ={}), LintOptions(use_cache=False, select=(rule,))).diagnostics
    return sorted(f"{d.path}:{d.span.line if d.span else ''}" for d in found)


ADAPTERS = {
    "assets/scripts/Platform.ts": 'export enum Platform { WECHAT = "h5_wechat", BYTEDANCE = "h5_bytedance", KUAISHOU = "h5_ks" }\n',
    "assets/scripts/WechatSdk.ts": "export class WechatSdk {\n    init() {\n        wx.createBannerAd({ adUnitId: 'b' });\n    }\n}\n",
    "assets/scripts/ByteSdk.ts": "export class ByteSdk {\n    init() {\n        tt.createBannerAd({ adUnitId: 'b' });\n    }\n}\n",
}

MANAGER = """import { Platform } from "./Platform";
import { WechatSdk } from "./WechatSdk";
import { ByteSdk } from "./ByteSdk";

export class PlatformManager {
    static currentPlatform = Platform.{CONSTANT};
    sdk: any = null;
    init() {
        if (cc.sys.platform === cc.sys.WECHAT_GAME) {
            this.sdk = PlatformManager.currentPlatform == Platform.WECHAT ? new WechatSdk() : new ByteSdk();
        }
        this.sdk.init();
    }
}
"""


def test_a_static_store_constant_compared_with_another_member_of_its_enum(tmp_path: Path) -> None:
    """ReXue (round 32): the store is a developer's static constant (`static currentPlatform = Platform.BYTEDANCE`),
    which a factory compares with the enum's other members to pick an adapter. The WeChat adapter is never made."""
    files = {**ADAPTERS, "assets/scripts/PlatformManager.ts": MANAGER.replace("{CONSTANT}", "BYTEDANCE")}
    assert findings(tmp_path / "tt", files, "MN503") == ["assets/scripts/ByteSdk.ts:3"]
    # a project configured for another store is configured anew for a TikTok build: neither side is left out
    files = {**ADAPTERS, "assets/scripts/PlatformManager.ts": MANAGER.replace("{CONSTANT}", "KUAISHOU")}
    assert findings(tmp_path / "ks", files, "MN503") == ["assets/scripts/ByteSdk.ts:3", "assets/scripts/WechatSdk.ts:3"]
    # the ByteDance side compared with the constant that names it: the other side is never taken
    files = {
        **ADAPTERS,
        "assets/scripts/PlatformManager.ts": MANAGER.replace("{CONSTANT}", "BYTEDANCE").replace(
            "PlatformManager.currentPlatform == Platform.WECHAT ? new WechatSdk() : new ByteSdk()",
            "PlatformManager.currentPlatform == Platform.BYTEDANCE ? new ByteSdk() : new WechatSdk()",
        ),
    }
    assert findings(tmp_path / "tt2", files, "MN503") == ["assets/scripts/ByteSdk.ts:3"]
    # set to another value elsewhere, from something not a member of the enum: no fixed answer, both are reported
    setup = "import { PlatformManager } from './PlatformManager';\nexport function choose(p: any) { PlatformManager.currentPlatform = p; }\n"
    files = {**ADAPTERS, "assets/scripts/PlatformManager.ts": MANAGER.replace("{CONSTANT}", "BYTEDANCE"), "assets/scripts/Setup.ts": setup}
    assert findings(tmp_path / "set", files, "MN503") == ["assets/scripts/ByteSdk.ts:3", "assets/scripts/WechatSdk.ts:3"]


# A Cocos Creator 2 decompiler's output: each script taken out of a build's project.js, under the header that binds the
# module function's minified parameters, and the ES5 classes with a minifier's inner names.
DECOMPILED_MANAGER = """var t = require;
var e = module;
var o = exports;
Object.defineProperty(o, "__esModule", {
    value: !0
}),
o.PlatformManager = void 0;
var s = t("Platform"),
g = t("WechatManager"),
d = t("KsManager"),
l = t("ByteManager");
var m = function() {
    function t() {}
    return t.prototype.init = function() {
        switch (cc.sys.platform) {
            case cc.sys.BYTEDANCE_GAME:
                this.current = new l.ByteManager;
            break;
            case cc.sys.WECHAT_GAME:
                t.currentPlatform == s.Platform.WECHAT ? this.current = new g.WechatManager:
                t.currentPlatform == s.Platform.KuaiShou && (this.current = new d.KsManager);
        }
        this.current.initSdk()
    },
    t.currentPlatform = s.Platform.{CONSTANT},
    t
} ();
o.PlatformManager = m
"""

DECOMPILED_PLATFORM = """var t = require;
var e = module;
var o = exports;
Object.defineProperty(o, "__esModule", { value: !0 }), o.Platform = void 0,
function(t) {
    t.WECHAT = "h5_wechat", t.BYTEDANCE = "h5_bytedance", t.KuaiShou = "h5_ks"
} (o.Platform || (o.Platform = {}));
"""


def decompiled_adapter(name: str, call: str) -> str:
    return f"""var t = require;
var e = module;
var o = exports;
Object.defineProperty(o, "__esModule", {{ value: !0 }}), o.{name} = void 0;
var a = function() {{
    function t() {{
        this.hasAd = !0
    }}
    return t.prototype.initSdk = function() {{
        {call}
    }},
    t
}} ();
o.{name} = a
"""


def test_a_decompiled_cocos_creator_2_project(tmp_path: Path) -> None:
    """ReXue (round 32): `var t = require; var o = exports;` over every script, `t("KsManager")` for a require,
    `o.KsManager = a` for an export, and `var a = function () { function t() {...} return ..., t }()` for a class:
    the adapters made only under another store's constant are found as such."""
    files = {
        "assets/scripts/Platform.js": DECOMPILED_PLATFORM,
        "assets/scripts/WechatManager.js": decompiled_adapter("WechatManager", "wx.createBannerAd({ adUnitId: 'w' });"),
        "assets/scripts/KsManager.js": decompiled_adapter("KsManager", "ks.login({});"),
        "assets/scripts/ByteManager.js": decompiled_adapter("ByteManager", "tt.createBannerAd({ adUnitId: 't' });"),
        "assets/scripts/PlatformManager.js": DECOMPILED_MANAGER.replace("{CONSTANT}", "BYTEDANCE"),
    }
    assert findings(tmp_path / "tt", files, "MN503") == ["assets/scripts/ByteManager.js:10"]
    files["assets/scripts/PlatformManager.js"] = DECOMPILED_MANAGER.replace("{CONSTANT}", "WECHAT")
    assert findings(tmp_path / "wx", files, "MN503") == ["assets/scripts/ByteManager.js:10", "assets/scripts/WechatManager.js:10"]
    files["assets/scripts/PlatformManager.js"] = DECOMPILED_MANAGER.replace("{CONSTANT}", "KuaiShou")
    assert findings(tmp_path / "ks0", files, "MN503") == ["assets/scripts/ByteManager.js:10", "assets/scripts/WechatManager.js:10"]
    # the adapter made where TikTok runs it (no store constant in the way) is reported
    files["assets/scripts/PlatformManager.js"] = DECOMPILED_MANAGER.replace("{CONSTANT}", "BYTEDANCE").replace(
        "t.currentPlatform == s.Platform.KuaiShou && ", ""
    )
    assert "assets/scripts/KsManager.js:10" in findings(tmp_path / "ks", files, "MN503")


def test_commonjs_under_a_decompilers_names() -> None:
    script = Script(DECOMPILED_MANAGER.replace("{CONSTANT}", "BYTEDANCE"), "js", path="assets/scripts/PlatformManager.js")
    assert script.module_aliases == {"require": frozenset({"t"}), "module": frozenset({"e"}), "exports": frozenset({"o"})}
    assert [spec for spec, _ in script.imports] == ["Platform", "WechatManager", "KsManager", "ByteManager"]
    assert ("KsManager", "default", "d") in script.imported_names()
    assert [(name, script.source(value)) for name, value in script.commonjs_exports()] == [("PlatformManager", "m")]
    # a name given require inside a function, or bound again, is not the module's alias
    assert Script("function f(t) { var r = require; }\nvar q = require;\nq = null;\n", "js").module_aliases == {}


CHANNELS = """import PDef from "./PDef";

export default class PlatformA {
    channel = "web";
    platform: any = null;
    checkChannel() {
        if (window.tt) {
            this.channel = "TT";
        } else if (window.swan) {
            this.channel = "BaiDu";
        } else if (window.wx) {
            this.channel = "wx";
        }
        switch (this.channel) {
            case "TT":
                this.platform = new PTT();
                break;
            case "wx":
                this.platform = new PWX();
                break;
            case "BaiDu":
                this.platform = new PBaiDu();
                break;
            default:
                this.platform = new PDef();
        }
        this.platform.init();
    }
}
"""

UNIMPORTED = {
    "assets/Scripts/PDef.ts": "export default class PDef {\n    init() {}\n}\n",
    "assets/Scripts/PTT.ts": "export default class PTT {\n    init() {\n        tt.createBannerAd({ adUnitId: 'b' });\n    }\n}\n",
    "assets/Scripts/PWX.ts": (
        "export default class PWX {\n    env: any;\n    init() {\n        this.env = window.wx;\n        this.env.createGridAd({ adUnitId: 'g' });\n    }\n}\n"
    ),
    "assets/Scripts/PBaiDu.ts": (
        'import PWX from "./PWX";\nexport default class PBaiDu extends PWX {\n    init() {\n        swan.createBannerAd({ adUnitId: "s" });\n    }\n}\n'
    ),
}


def test_a_class_made_by_name_in_a_module_that_does_not_import_it(tmp_path: Path) -> None:
    """BlockPuzzle (round 32): the factory makes `new PWX()` and `new PBaiDu()` without importing them (globals, or
    imports the author left out). Those uses are the classes' uses: each is made only for another store's channel. The
    editor's compiled copies of the scripts (library/imports/) are not the project's modules."""
    compiled = (
        "var PlatformA = (function () {\n    function PlatformA() {}\n"
        "    PlatformA.prototype.c = function () { this.platform = new PWX(); };\n    return PlatformA;\n}());\n"
    )
    files = {**UNIMPORTED, "assets/Scripts/PlatformA.ts": CHANNELS, "library/imports/2a/2af95d2e.js": compiled}
    assert findings(tmp_path / "a", files, "MN503") == ["assets/Scripts/PTT.ts:3"]
    # made by name where TikTok runs it: reported
    files["assets/Scripts/PlatformA.ts"] = CHANNELS.replace("new PTT()", "new PWX()")
    assert findings(tmp_path / "b", files, "MN503") == ["assets/Scripts/PTT.ts:3", "assets/Scripts/PWX.ts:5"]


def test_a_global_flag_nothing_sets(tmp_path: Path) -> None:
    """BlockPuzzle (round 32): `if (window.isWeChatPlatform)`, a developer's switch no file of the project sets, is
    undefined everywhere; set by another module or by a page's inline script, it tells nothing."""
    save = """export default class Save {
    save() {
        if (window.isWeChatPlatform) {
            wx.saveImageToPhotosAlbum({ filePath: "a.png" });
        }
    }
    relive() {
        if (window['isWeChatPlatform']) {
            wx.saveImageToPhotosAlbum({ filePath: "b.png" });
        }
    }
    login() {
        this.wxLogin(isLogin => {
            if (!isLogin) return;
            wx.createUserInfoButton({ type: "text" });
        });
    }
}
"""
    # (a parameter of the name is the code's own: `isLogin => { if (!isLogin) return; ... }`)
    assert findings(tmp_path / "unset", {"assets/Scripts/Save.ts": save}, "MN503") == ["assets/Scripts/Save.ts:15"]
    setter = {"assets/Scripts/Boot.ts": "export function boot() { window['isWeChatPlatform'] = cc.sys.platform === cc.sys.WECHAT_GAME; }\n"}
    assert findings(tmp_path / "set", {"assets/Scripts/Save.ts": save, **setter}, "MN503") == [
        "assets/Scripts/Save.ts:15",
        "assets/Scripts/Save.ts:4",
        "assets/Scripts/Save.ts:9",
    ]
    page = {"build-templates/wechatgame/index.html": "<script>window.isWeChatPlatform = true;</script>\n"}
    assert findings(tmp_path / "page", {"assets/Scripts/Save.ts": save, **page}, "MN503") == [
        "assets/Scripts/Save.ts:15",
        "assets/Scripts/Save.ts:4",
        "assets/Scripts/Save.ts:9",
    ]


LAYA2 = {
    "game.laya": '{"proName": "font", "version": "2.10.0", "proType": 1}\n',
    "src/Main.ts": 'import { Laya } from "Laya";\nexport class Main {\n    constructor() {\n        Laya.init(720, 1280);\n    }\n}\n',
}

BROWSER_UTIL = """import { Browser } from "laya/utils/Browser";

export class MiniUtil {
    static banner: any;
    static show(): void {
        if (Browser.window.tt) {
            MiniUtil.banner = Browser.window.tt.createBannerAd({ adUnitId: "b" });
            Browser.window.tt.showToast({ title: "hi" });
        } else if (Browser.window.qq) {
            Browser.window.qq.createAppBox({ adUnitId: "q" });
        }
    }
}
"""


def test_layaair_2s_imported_browser_window(tmp_path: Path) -> None:
    """font_game (round 33): LayaAir 2's ES-module projects reach the global object as `Browser.window`, imported from
    "laya/utils/Browser", not `Laya.Browser.window`: its tt calls are the games SDK's, and `Browser.window.qq` another
    platform's (a guard false inside TikTok)."""
    found = run(Project(write(tmp_path, {**LAYA2, "src/script/MiniUtil.ts": BROWSER_UTIL}), environ={}), LintOptions(use_cache=False, select=("MN503",)))
    assert sorted(f"{d.path}:{d.span.line if d.span else ''} {d.message.split('(')[0]}" for d in found.diagnostics) == [
        "src/script/MiniUtil.ts:7 Browser.window.tt.createBannerAd",
        "src/script/MiniUtil.ts:8 Browser.window.tt.showToast",
    ]


def test_a_field_named_location_on_a_name_holding_this(tmp_path: Path) -> None:
    """srdcg12242 (round 33): `var self = this; ... self.location = province` sets the component's own field; the
    global `self.location = url` still navigates."""
    code = (
        "function Loc() {\n    var self = this;\n    fetchCity(function (s) { self.location = s; });\n}\n"
        "function go(u) { self.location = u; }\n"
        "function back(window) { window.location.replace('/'); }\n"
    )
    files = {
        "index.html": '<!doctype html><script src="https://connect.tiktok-minis.com/drama/sdk.js"></script><script src="a.js"></script>\n',
        "minis.config.json": '{"clientKey": "awexample1234567"}\n',
        "a.js": code,
    }
    found = run(Project(write(tmp_path, files), environ={}), LintOptions(use_cache=False, select=("MN409",))).diagnostics
    assert [f"{d.path}:{d.span.line if d.span else ''}" for d in found] == ["a.js:5"]


def test_a_cocos_creator_projects_assets_without_the_project(tmp_path: Path) -> None:
    """srdcg12242 (round 33): only assets/ committed (scenes, cc.Class scripts, the TikTok adapter), no project.json or
    settings/: dev names what it is and the one route that applies, not every kind of project."""
    from minis_cli.project import Project as Found

    ad = "cc.Class({\n    extends: cc.Component,\n    show() {\n        tt.createRewardedVideoAd({ adUnitId: 'r' });\n    }\n});\n"
    root = write(tmp_path / "c2", {"assets/Scene/Game.fire": '[{"__type__": "cc.SceneAsset"}]\n', "assets/Script/AD/AD_TT.js": ad})
    why, fix = Found(root).engine.missing_build
    assert "Cocos Creator 2.x project's assets/ (assets/Scene/Game.fire" in why and "no project.json" in why
    assert fix.startswith("Open it as a Cocos Creator 2.x project") and "ByteDance or WeChat Mini Game" in fix
    scene = '[\n  {\n    "__type__": "cc.SceneAsset",\n    "_name": "main"\n  }\n]\n'
    root = write(tmp_path / "c3", {"assets/scene/main.scene": scene, "assets/scripts/Ads.ts": "export const a = () => tt.login({});\n"})
    assert "Cocos Creator 3.x project's assets/" in Found(root).engine.missing_build[0]
    # another engine's .scene (a LayaAir page) is not Cocos's
    root = write(tmp_path / "laya", {"assets/pages/Main.scene": '{"type": "Scene"}\n', "assets/scripts/Ads.ts": "export const a = () => tt.login({});\n"})
    assert "no runnable mini-game package" in Found(root).engine.missing_build[0]


DOUYIN_ONLY = """import { Browser } from "laya/utils/Browser";
export class A {
    static ad: any;
    static show(): void {
        if (Browser.window.tt) {
            const isDouyin = Browser.window.tt.getSystemInfoSync().appName === "Douyin";
            if (!isDouyin) {
                return;
            }
        }
        Browser.window.tt.showToast({ title: "x" });
    }
    static show2(): void {
        if (window.tt) {
            const isDouyin = window.tt.getSystemInfoSync().appName === "Douyin";
            if (!isDouyin) {
                return;
            }
        }
        window.tt.showToast({ title: "x" });
    }
    static show3(): void {
        const isDouyin = Browser.window.tt.getSystemInfoSync().appName === "Douyin";
        if (!isDouyin) {
            return;
        }
        Browser.window.tt.showToast({ title: "x" });
    }
}
"""


def test_a_return_in_a_nested_if_and_a_blocks_own_const(tmp_path: Path) -> None:
    """font_game (round 33): `if (tt) { const isDouyin = tt.getSystemInfoSync().appName === "Douyin"; if (!isDouyin)
    return; }` leaves inside TikTok (its host app is not Douyin), so what follows is Douyin's code; each function
    declares its own `isDouyin`."""
    found = run(Project(write(tmp_path, {**LAYA2, "src/A.ts": DOUYIN_ONLY}), environ={}), LintOptions(use_cache=False, select=("MN503",)))
    assert found.diagnostics == []
    unguarded = DOUYIN_ONLY.replace("if (!isDouyin) {", "if (isDouyin) {")
    found = run(Project(write(tmp_path / "b", {**LAYA2, "src/A.ts": unguarded}), environ={}), LintOptions(use_cache=False, select=("MN503",)))
    assert [d.span.line for d in found.diagnostics if d.span] == [11, 20, 27]


FRAMEWORK = """var fw;
(function (fw) {
    class BaseMinigame {
        constructor() {
            this.root = window["qq"];
        }
        banner(id) {
            return this.root.createBannerAd({ adUnitId: id });
        }
        recorder() {
            if (!this.root.getGameRecorderManager)
                return null;
            return this.root.getGameRecorderManager();
        }
        kill() {
            this.root.exitMiniProgram();
        }
    }
    fw.BaseMinigame = BaseMinigame;
})(fw || (fw = {}));
(function (fw) {
    let TTPlatform = class TTPlatform extends fw.BaseMinigame {
        constructor() {
            super(...arguments);
            this.root = window["tt"];
        }
        kill() {
            console.log("no exit on tt");
        }
    };
    fw.TTPlatform = TTPlatform;
})(fw || (fw = {}));
"""


def test_a_base_classs_methods_run_with_the_field_a_subclass_gives_the_namespace(tmp_path: Path) -> None:
    """freecocoscreator3 (round 33): a framework's base adapter sets `this.root = window["qq"]`, and its TikTok subclass
    sets `this.root = window["tt"]` after `super()`: the methods the subclass inherits run with tt (an existence-checked
    call stays quiet; a method the subclass defines itself is not inherited)."""
    files = {"assets/main/script/framework.js": FRAMEWORK, "assets/main/Main.ts": "export const main = () => tt.login({});\n"}
    root = write(tmp_path, {"package.json": '{"name": "g", "creator": {"version": "3.8.1"}}\n', "settings/v2/packages/project.json": "{}\n", **files})
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN503",))).diagnostics
    assert [f"{d.path}:{d.span.line if d.span else ''} {d.message.split('(')[0]}" for d in found] == [
        "assets/main/script/framework.js:8 this.root.createBannerAd"
    ]


GETTERS = """class Features {
    private get runtime(): any {
        return globalThis as any;
    }
    private get nativeApi(): any {
        return this.runtime.TTMinis?.game || null;
    }
    private get douyinApi(): any {
        return this.runtime.tt || null;
    }
    private get missionApi(): any {
        return this.nativeApi || this.douyinApi;
    }
    get isDouyinRuntime(): boolean {
        return !!this.douyinApi;
    }
    a() { this.nativeApi.login({}); }
    b() { this.missionApi.login({}); }
    c() { const api = this.missionApi; api.login({}); }
    d() { const api = this.isDouyinRuntime ? this.douyinApi : this.missionApi; api.login({}); }
}
"""


def test_the_games_sdk_through_a_getter_returning_the_global_object() -> None:
    """jian-tou (round 34): `get runtime() { return globalThis as any; }`, `get nativeApi() { return
    this.runtime.TTMinis?.game || null; }`, then getters and ternaries of those: each `login` is TikTok's."""
    import minis_cli.lint.engine  # noqa: F401  (the lint's call names, as a lint run has them)
    from minis_cli.source.sdkrefs import games_calls

    script = Script(GETTERS, "ts", path="features.ts")
    assert sorted((c.node.start_point[0] + 1, c.callee) for c in games_calls(script)) == [
        (17, "TTMinis.game.login"),
        (18, "TTMinis.game.login"),
        (19, "TTMinis.game.login"),
        (20, "TTMinis.game.login"),
    ]


def test_a_local_holding_the_global_object_in_a_guard(tmp_path: Path) -> None:
    """jian-tou (round 34): `const runtime = globalThis as any; const isByteRuntime = () => !!runtime.TTMinis?.game ||
    !!runtime.tt;` is true inside TikTok, so a function called only on its false side is another platform's."""
    code = """import { sys } from "cc";
export function initAds() {
    const runtime = globalThis as any;
    const isByteRuntime = (): boolean => {
        const platforms = sys.Platform as any;
        return !!runtime.TTMinis?.game || !!runtime.tt || sys.platform === platforms.BYTEDANCE_MINI_GAME;
    };
    const getAppID = (): string => {
        if (sys.platform === sys.Platform.WECHAT_GAME && runtime.wx) {
            return runtime.wx.getAccountInfoSync().miniProgram.appId;
        }
        return "";
    };
    return isByteRuntime() ? { id: "tt" } : { id: getAppID() };
}
const box = makeBox();
export const other = () => (box.TTMinis ? 1 : wx.getAccountInfoSync());
"""
    # (a local holding something else tells nothing)
    assert findings(tmp_path, {"assets/app/handle.ts": code}, "MN503") == ["assets/app/handle.ts:17"]


def test_a_module_level_platform_variable_set_by_a_sequence_of_checks(tmp_path: Path) -> None:
    """freecocoscreator3 (round 33): `let platformType = "web"; if (window["wx"]) platformType = "wx"; if
    (window["tt"]) platformType = "tt"` at a module's top level. Inside TikTok both checks hold and the later one wins,
    so `platformType == "wx"` is false there (round 29 read the same sequence only inside a function)."""
    code = """let platformType = "web"
if (window["wx"])
    platformType = "wx"
if (window["tt"])
    platformType = "tt"
if (VIVO)
    platformType = "vivo"

export function start() {
    if (platformType == "wx") {
        wx.createUserInfoButton({});
    }
}
"""
    code = 'import { VIVO } from "cc/env";\n' + code
    assert findings(tmp_path / "a", {"assets/app/Define.ts": code}, "MN503") == []
    # WeChat's check last: inside TikTok (which answers to wx too) it wins
    swapped = code.replace('if (window["wx"])\n    platformType = "wx"\n', "").replace(
        'platformType = "tt"\n', 'platformType = "tt"\nif (window["wx"])\n    platformType = "wx"\n', 1
    )
    assert findings(tmp_path / "b", {"assets/app/Define.ts": swapped}, "MN503") == ["assets/app/Define.ts:12"]
