"""Held-out round 41 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS3 = {"package.json": '{"name": "g", "creator": {"version": "3.8.1"}}\n', "settings/v2/packages/project.json": "{}\n"}


def findings(root: Path, files: dict[str, str], *rules: str, base: dict[str, str] = COCOS3) -> list[str]:
    project = Project(write(root, {**base, **files}), environ={})
    found = run(project, LintOptions(use_cache=False, select=rules)).diagnostics
    return sorted(f"{d.rule_id} {d.path}:{d.span.line if d.span else ''}" for d in found)


# LayaAir 2: an adapter chosen by the engine's own platform flags, the TikTok one first
# its engine's Browser, as LayaAir 2.9 writes it (2.1 has no ByteDance branch)
CORE = (
    "Browser.onMiniGame = u.indexOf('MiniGame') > -1;\n"
    "if (\"tt\" in Browser.window && u.indexOf('MiniGame') > -1) { Browser.onTTMiniGame = true; Browser.onMiniGame = false; }\n"
)
LAYA = {"Demo.laya": '{"proName": "demo", "version": "2.9.0"}\n', "bin/libs/laya.core.js": CORE, "bin/index.js": 'loadLib("js/bundle.js");\n'}
ADAPTER = """import { TTMiniSDK } from "./TTMiniSDK";
import { WXMiniSDK } from "./WXMiniSDK";
export class PlatformAdapter {
    static sdk: any;
    static init() {
        if (Laya.Browser.onTTMiniGame) {
            PlatformAdapter.sdk = new TTMiniSDK();
        } else if (Laya.Browser.onMiniGame) {
            PlatformAdapter.sdk = new WXMiniSDK();
            wx.showShareMenu({ withShareTicket: true });
        }
    }
}
"""


def test_layaairs_own_platform_flags(tmp_path: Path) -> None:
    """LayaSampleFrame (round 41): LayaAir's Browser sets onTTMiniGame and clears onMiniGame (its WeChat flag) where
    `tt` exists, so inside TikTok the WeChat branch and the class made only there never run."""
    files = {
        "src/sdk/PlatformAdapter.ts": ADAPTER,
        "src/sdk/TTMiniSDK.ts": "export class TTMiniSDK {\n    share() {\n        tt.showShareMenu({});\n    }\n}\n",
        "src/sdk/WXMiniSDK.ts": "export class WXMiniSDK {\n    share() {\n        wx.showShareMenu({});\n    }\n}\n",
    }
    assert findings(tmp_path / "a", files, "MN503", base=LAYA) == ["MN503 src/sdk/TTMiniSDK.ts:3"]
    # an engine with no ByteDance branch (LayaAir 2.1): onMiniGame holds where the user agent says MiniGame, inside
    # TikTok too, and onTTMiniGame is never set
    older = {**LAYA, "bin/libs/laya.core.js": "Browser.onMiniGame = u.indexOf('MiniGame') > -1;\n"}
    assert findings(tmp_path / "c", files, "MN503", base=older) == ["MN503 src/sdk/PlatformAdapter.ts:10", "MN503 src/sdk/WXMiniSDK.ts:3"]
    # a class of the project's own named Browser is not LayaAir's: its static fields say which branch runs
    mine = "class Browser { static onMiniGame = true; static onTTMiniGame = false; }\n" + ADAPTER.replace("Laya.Browser.", "Browser.")
    own = {**files, "src/sdk/PlatformAdapter.ts": mine}
    assert findings(tmp_path / "b", own, "MN503", base=LAYA) == ["MN503 src/sdk/PlatformAdapter.ts:11", "MN503 src/sdk/WXMiniSDK.ts:3"]


def test_the_namespace_through_a_typescript_cast_and_a_parameter(tmp_path: Path) -> None:
    """platformize (round 41): `const wxGame = wx as unknown as WechatMinigame.Wx`, then `wxGame.x()`; and the
    namespace handed to a helper (`createVideo(wx)`, its parameter's `module.createVideo()`)."""
    motion = (
        "const wxGame = wx as unknown as WechatMinigame.Wx;\n"
        "export function listen() {\n    wxGame.onDeviceMotionChange(() => {});\n}\n"
        "function createVideo(module: any) {\n    return module.createVideo({});\n}\n"
        "export const video = createVideo(wx);\n"
        "function other(module: any) {\n    return module.createVideo({});\n}\n"
        "export const elsewhere = other(qq);\n"
    )
    assert findings(tmp_path / "a", {"assets/scripts/motion.ts": motion}, "MN503") == ["MN503 assets/scripts/motion.ts:3", "MN503 assets/scripts/motion.ts:6"]


BRIDGE = """interface Sdk { login(o: any): void; addShortcut(o: any): void; startEntranceMission(o: any): void }
export class Bridge {
    protected _platformSdk: unknown = null
    initialize() {
        this._platformSdk = window.TTMinis!.game
    }
    login() {
        (this._platformSdk as Sdk).login({ success: () => {}, fail: () => {} })
    }
    shortcut() {
        (this._platformSdk as Sdk).addShortcut({ success: () => {}, fail: () => {} })
    }
    mission() {
        (<Sdk>this._platformSdk).startEntranceMission({ success: () => {}, fail: () => {} })
    }
}
"""


def test_calls_on_a_field_through_a_cast(tmp_path: Path) -> None:
    """Playgama's bridge (round 41): `(this._platformSdk as TikTokSdk).login(...)` on a field given `window.TTMinis!.game`
    in another method is the SDK's login: MN509 sees login, the shortcut and the mission, and MN501 names the call as
    written without its cast."""
    files = {"assets/scripts/Bridge.ts": BRIDGE}
    assert findings(tmp_path / "a", files, "MN509") == []
    project = Project(write(tmp_path / "b", {**COCOS3, **files}), environ={})
    messages = [d.message for d in run(project, LintOptions(use_cache=False, select=("MN501",))).diagnostics]
    assert messages == [
        "this._platformSdk.addShortcut is called without checking canIUse('addShortcut') first",
        "this._platformSdk.startEntranceMission is called without checking canIUse('startEntranceMission') first",
    ]


SERVICE = "export default class {Store}Service {\n    confirm() {\n        {ns}.showModal({ title: 'quit?' });\n    }\n}\n"
GAME = {"game.json": '{"deviceOrientation": "portrait"}\n', "game.js": 'require("./dist/sdk.js");\n'}


def test_a_per_store_module_the_build_picks_through_a_placeholder(tmp_path: Path) -> None:
    """cnguu/mini-game-sdk (round 41): `import Service from "@/services/__platform__"`, which the build's replace step
    points at services/bytedance.ts, wechat.ts or kuaishou.ts by --platform. A TikTok package is its ByteDance or its
    WeChat build (TikTok runs both: round 42), never Kuaishou's."""
    main = 'import Service from "@/services/__platform__";\nexport const service = new Service();\n'
    files = {
        "src/main.ts": main,
        "src/services/bytedance.ts": SERVICE.replace("{Store}", "Bytedance").replace("{ns}", "tt"),
        "src/services/wechat.ts": SERVICE.replace("{Store}", "Wechat").replace("{ns}", "wx"),
        "src/services/kuaishou.ts": SERVICE.replace("{Store}", "Fallback").replace("{ns}", "wx"),  # not named for its store
    }
    both = ["MN503 src/services/bytedance.ts:3", "MN503 src/services/wechat.ts:3"]
    everything = sorted([*both, "MN503 src/services/kuaishou.ts:3"])
    assert findings(tmp_path / "a", files, "MN503", base=GAME) == both
    # no TikTok sibling: nothing says which build TikTok gets
    alone = {k: v for k, v in files.items() if "bytedance" not in k}
    assert findings(tmp_path / "b", alone, "MN503", base=GAME) == ["MN503 src/services/kuaishou.ts:3", "MN503 src/services/wechat.ts:3"]
    # imported by its own path too: not only the build's pick
    direct = {**files, "src/share.ts": 'import Ks from "./services/kuaishou";\nexport const share = new Ks();\n'}
    assert findings(tmp_path / "c", direct, "MN503", base=GAME) == everything
    # no placeholder import: modules nothing imports count as live, each
    plain = {**files, "src/main.ts": "export const service = null;\n"}
    assert findings(tmp_path / "d", plain, "MN503", base=GAME) == everything


# An npm library that wraps TikTok's games SDK for HTML5 games (Playgama's bridge, round 41): no page, no TikTok config
LIBRARY = {
    "package.json": '{\n  "name": "@acme/bridge",\n  "version": "1.0.0",\n  "main": "dist/bridge.umd.js",\n'
    '  "exports": { ".": { "import": "./dist/bridge.esm.js" } },\n  "scripts": { "dev": "webpack serve", "test": "vitest run" }\n}\n',
    "src/bridges/TikTokBridge.ts": "export class TikTokBridge {\n    sdk: any = null;\n    initialize(clientKey: string) {\n"
    "        this.sdk = window.TTMinis!.game;\n        this.sdk.init({ clientKey });\n    }\n}\n",
    "src/bridges/YandexBridge.ts": "export class YandexBridge {\n    player(ysdk: any) {\n        return ysdk.getPlayer();\n    }\n}\n",
    "src/lib/Recorder.ts": "export function frame() {\n    const video = document.createElement('video');\n    return video;\n}\n",
    "tests/recorder.spec.ts": "import { frame } from '../src/lib/Recorder';\nit('records', () => { document.createElement('video'); frame(); });\n",
}


def test_an_npm_library_is_no_mini(tmp_path: Path) -> None:
    """Playgama's bridge (round 41): an npm library has no page or TikTok config of its own (no MN003/MN004/MN007);
    initialising the games SDK for a page is the retired HTML runtime (MN016); its tests ship nowhere; a game SDK's
    `getPlayer` (Yandex's) makes no drama (MN408); dev, build and init --existing say what it is, writing nothing."""
    import pytest

    from minis_cli.adopt import AdoptRefused, plan_adoption
    from minis_cli.build import BuildError, output_folder
    from minis_cli.dev.session import dev_decision

    root = write(tmp_path / "lib", LIBRARY)
    project = Project(root, environ={})
    assert project.kind == "library"
    found = run(project, LintOptions(use_cache=False)).diagnostics
    assert [(d.rule_id, d.path, d.span.line if d.span else None) for d in found] == [("MN016", "src/bridges/TikTokBridge.ts", 5)]
    assert found[0].message.startswith("this.sdk.init() initialises the HTML-runtime games SDK: this library's TikTok support is for HTML mini games")
    decision = dev_decision(project)
    assert not decision.starts and decision.why.startswith("this is an npm library (@acme/bridge: package.json's exports, no entry page)")
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    with pytest.raises(AdoptRefused, match="this is an npm library"):
        plan_adoption(root, "awexample123")
    with pytest.raises(BuildError, match="this is an npm library"):
        output_folder(project)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before
    # the same package private, or with a page: an app, judged as one
    app = write(tmp_path / "app", {**LIBRARY, "package.json": LIBRARY["package.json"].replace('"version"', '"private": true, "version"')})
    assert Project(app, environ={}).kind == "mini"
    page = write(tmp_path / "page", {**LIBRARY, "index.html": "<!doctype html><title>demo</title>\n"})
    assert Project(page, environ={}).kind != "library"


def test_a_monorepos_games_are_named_at_its_root(tmp_path: Path) -> None:
    """platformize (round 41): a Rush monorepo of adapter libraries and example games, one built three levels down."""
    from minis_cli.dev.session import dev_decision

    files = {
        "rush.json": '{ "projects": [] }\n',
        "package.json": '{ "name": "mono", "private": true, "scripts": { "test": "exit 0" } }\n',
        "packages/adapter/src/wechat-game/index.ts": "export const canvas = () => wx.createCanvas();\n",
        "examples/three-game/minigame/game.json": '{"deviceOrientation": "portrait"}\n',
        "examples/three-game/minigame/game.ts": "import '../../../packages/adapter/src/wechat-game';\n",
        "examples/pixi-game/minigame/game.json": '{"deviceOrientation": "portrait"}\n',
        "examples/pixi-game/minigame/game.js": "wx.createCanvas();\n",
    }
    why = dev_decision(Project(write(tmp_path / "mono", files), environ={})).why
    assert why.startswith(
        "this is a monorepo (rush.json) of libraries and games: examples/pixi-game/minigame/ is a built mini game (game.json + game.js), "
        "and 1 more has game.json but no game.js yet (examples/three-game/minigame/)"
    )
    assert "`minis-py dev examples/pixi-game/minigame`" in why
    # every game built: named, nothing said of unbuilt ones
    ready = {k: v for k, v in files.items() if "three-game" not in k}
    assert dev_decision(Project(write(tmp_path / "ready", ready), environ={})).why.startswith(
        "this is a monorepo (rush.json) of libraries and games: examples/pixi-game/minigame/ is a built mini game (game.json + game.js)\n"
    )


def test_a_unity_package_is_said_as_one(tmp_path: Path) -> None:
    """GameFrameX's Douyin ads package (round 42): a bare Unity package (UPM: package.json's "unity") at the root."""
    from minis_cli.dev.session import dev_decision

    files = {
        "package.json": '{ "name": "com.acme.ads.douyin", "version": "1.0.0", "unity": "2019.4", "publishConfig": { "access": "public" } }\n',
        "Runtime/AdsManager.cs": "using TTSDK;\npublic class Ads { public void Load(string id) { TT.CreateRewardedVideoAd(id).Load(); } }\n",
    }
    project = Project(write(tmp_path / "pkg", files), environ={})
    assert project.kind == "library"
    assert dev_decision(project).why.startswith(
        "this is a Unity package: package.json's unity 2019.4 (com.acme.ads.douyin), not a Mini or a mini game: TikTok runs the Unity games that embed it"
    )


def test_a_unity_project_without_its_project_settings(tmp_path: Path) -> None:
    """YooAsset (round 42): a repository that commits Assets/ and Packages/manifest.json but not ProjectSettings/ is a
    Unity project (no web-Mini errors: MN001, MN004, MN007), and dev says to build it."""
    from minis_cli.dev.session import dev_decision

    files = {
        "Packages/manifest.json": '{ "dependencies": { "com.unity.ugui": "1.0.0" } }\n',
        "Assets/Framework/Runtime/Loader.cs": "public class Loader { public void Load() {} }\n",
    }
    project = Project(write(tmp_path / "unity", files), environ={})
    assert project.kind == "engine-game" and project.engine is not None and project.engine.engine.name == "Unity"
    rules = {d.rule_id for d in run(project, LintOptions(use_cache=False)).diagnostics}
    assert not rules & {"MN001", "MN004", "MN007"}
    assert dev_decision(project).why.startswith("this is a Unity project, and TikTok runs its mini-game build, which is not there yet")


def test_another_stores_folder_of_adapters(tmp_path: Path) -> None:
    """cocos-minigame-adapters (round 42): one adapter per store under platforms/, which each target's build copies. A
    TikTok package is the ByteDance or the WeChat build (TikTok runs both), never Kuaishou's, whose adapter beside the
    ByteDance one is left out, unless the game's own code imports it."""
    adapter = "export function init() {\n    {ns}.onTouchStart(() => {});\n    {ns}.showModal({ title: 'hi' });\n    {ns}.createRewardedVideoAd({});\n}\n"
    files = {
        "platforms/bytedance/wrapper/input.js": adapter.replace("{ns}", "tt"),
        "platforms/wechat/wrapper/input.js": adapter.replace("{ns}", "wx"),
        "platforms/kuaishou/wrapper/input.js": adapter.replace("{ns}", "wx"),  # Kuaishou's runtime answers to wx too
    }
    scripts = {"package.json": '{ "name": "adapters", "version": "1.0.0" }\n'}  # no page, no dev script: a game's scripts
    both = ["MN503 platforms/bytedance/wrapper/input.js:3", "MN503 platforms/wechat/wrapper/input.js:3"]
    assert findings(tmp_path / "a", files, "MN503", base=scripts) == both
    # no ByteDance folder: nothing says which store's build TikTok gets
    alone = {k: v for k, v in files.items() if "bytedance" not in k}
    assert findings(tmp_path / "b", alone, "MN503", base=scripts) == [
        "MN503 platforms/kuaishou/wrapper/input.js:3",
        "MN503 platforms/wechat/wrapper/input.js:3",
    ]
    # the game's own code imports Kuaishou's: it runs wherever the game does
    shared = {**files, "src/main.js": "import { init } from '../platforms/kuaishou/wrapper/input';\ninit();\n"}
    assert findings(tmp_path / "c", shared, "MN503", base=scripts) == sorted([*both, "MN503 platforms/kuaishou/wrapper/input.js:3"])


def test_a_unity_project_with_no_mini_game_sdk_has_no_game_requirements(tmp_path: Path) -> None:
    """YooAsset (round 42): a package's development project (Assets/ holds only the package, with its package.json; its
    Samples~ folder, which Unity does not import, holds a Douyin sample) has no mini-game SDK: MN504 and MN509 say
    nothing of it. With TTSDK's calls in its own C#, or a game's own scripts beside the package, they do."""
    files = {
        "Packages/manifest.json": '{ "dependencies": { "com.unity.ugui": "1.0.0" } }\n',
        "Assets/Framework/package.json": '{ "name": "com.acme.framework", "version": "1.0.0", "unity": "2019.4" }\n',
        "Assets/Framework/Runtime/Loader.cs": "public class Loader { public void Load() {} }\n",
        "Assets/Framework/Samples~/Douyin/ByteFileSystem.cs": "using TTSDK;\npublic class ByteFs { void Read() { TT.GetFileSystemManager(); } }\n",
    }
    assert findings(tmp_path / "a", files, "MN504", "MN509", base={}) == []
    game = {**files, "Assets/Game/Ads.cs": "using TTSDK;\npublic class Ads { void Show() { TT.GetFileSystemManager(); } }\n"}
    assert findings(tmp_path / "b", game, "MN504", "MN509", base={}) == ["MN504 Packages/manifest.json:", "MN509 Packages/manifest.json:"]
    own = {**files, "Assets/Scripts/Player.cs": "public class Player { }\n"}
    assert findings(tmp_path / "c", own, "MN504", "MN509", base={}) == ["MN504 Packages/manifest.json:", "MN509 Packages/manifest.json:"]
