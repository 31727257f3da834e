"""Held-out round 35 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_projects import write

from minis_cli.adopt import AdoptRefused, plan_adoption
from minis_cli.dev.session import dev_decision
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

# An HBuilderX uni-app project: manifest.json (its "mp-*" blocks, with HBuilderX's comments) and pages.json at the
# root, App.vue and main.js beside them, its Douyin and WeChat builds in unpackage/, a package.json for dependencies only.
HBUILDERX = {
    "manifest.json": '{\n    "name" : "coin",\n    /* 小程序特有相关 */\n    "mp-weixin" : { "appid" : "" },\n'
    '    "mp-toutiao" : { "usingComponents" : true },\n    "h5" : { "router" : { "mode" : "hash" } }\n}\n',
    "pages.json": '{ "pages": [ { "path": "pages/index/index" } ] }\n',
    "App.vue": "<script>\nexport default { onLaunch() {} }\n</script>\n",
    "main.js": "import App from './App'\nimport { createSSRApp } from 'vue'\nexport function createApp() {\n  return { app: createSSRApp(App) }\n}\n",
    "index.html": "<!DOCTYPE html>\n<html>\n<head><title></title></head>\n"
    '<body><div id="app"></div><script type="module" src="/main.js"></script></body>\n</html>\n',
    "pages/index/index.vue": "<template><view>coin</view></template>\n",
    "unpackage/dist/build/mp-toutiao/app.json": '{ "pages": ["pages/index/index"] }\n',
    "unpackage/dist/build/mp-toutiao/app.ttss": "\n",
    "unpackage/dist/build/mp-weixin/app.json": '{ "pages": ["pages/index/index"] }\n',
    "package.json": '{ "name": "coin", "scripts": { "test": "exit 1" }, "dependencies": { "md5": "^2.3.0" } }\n',
}


def test_an_hbuilderx_uni_app_project_is_said_in_one_line(tmp_path: Path) -> None:
    """tossCoin and lianmao (round 35): uni-app projects HBuilderX builds into Douyin and WeChat mini programs, with no
    npm script that could serve them. dev and init --existing say what they are and how to get TikTok's web target,
    instead of MN007/MN101; init writes nothing (a static server over .vue sources would serve nothing that runs)."""
    root = write(tmp_path / "uni", HBUILDERX)
    decision = dev_decision(Project(root, environ={}))
    assert not decision.starts
    assert decision.why.startswith(
        "this is a uni-app project made with HBuilderX (manifest.json, pages.json): its builds are Douyin and WeChat mini programs, which TikTok does not run"
    )
    assert "Publish > Website H5" in decision.why and "MN101" not in decision.why
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    with pytest.raises(AdoptRefused, match="uni-app project made with HBuilderX"):
        plan_adoption(root, "awexample123")
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before
    lint = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN003", "MN112"))).diagnostics
    assert [(d.rule_id, d.hint is not None and "HBuilderX" in d.hint) for d in lint] == [("MN003", True)]  # './App' is App.vue there
    # with no build yet: the manifest's mini-program blocks
    unbuilt = write(tmp_path / "unbuilt", {k: v for k, v in HBUILDERX.items() if not k.startswith("unpackage/")})
    assert "its builds are Douyin and WeChat mini programs" in dev_decision(Project(unbuilt, environ={})).why
    # made a Mini (the SDK on its page): judged as one
    sdk = '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'
    adopted = write(tmp_path / "mini", {**HBUILDERX, "index.html": HBUILDERX["index.html"].replace("<title>", sdk + "<title>")})
    assert not dev_decision(Project(adopted, environ={})).why.startswith("this is a uni-app project")


def test_a_web_app_manifest_is_not_uni_apps(tmp_path: Path) -> None:
    """A PWA's manifest.json beside a pages.json of its own is no uni-app project."""
    files = {
        "manifest.json": '{ "name": "app", "start_url": "/", "display": "standalone" }\n',
        "pages.json": "[]\n",
        "index.html": "<!doctype html><title>x</title>\n",
        "package.json": '{ "name": "x", "scripts": { "dev": "vite" } }\n',
    }
    assert Project(write(tmp_path, files), environ={}).hbuilderx_targets is None


def test_an_import_of_a_vue_file_without_its_extension(tmp_path: Path) -> None:
    """`import App from './App'` resolves to App.vue where the bundler adds .vue (uni-app, Vue CLI, Nuxt), not in a
    plain Vite project, whose default resolve.extensions leave .vue out: MN112 there."""
    page = '<!doctype html>\n<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n<script type="module" src="/src/main.js"></script>\n'
    files = {"index.html": page, "src/main.js": "import App from './App'\nexport default App;\n", "src/App.vue": "<template><div/></template>\n"}
    vite = {**files, "package.json": '{ "name": "v", "scripts": { "dev": "vite" }, "devDependencies": { "vite": "^5.0.0" } }\n'}
    cli = {**files, "package.json": '{ "name": "v", "scripts": { "dev": "vue-cli-service serve" }, "devDependencies": { "@vue/cli-service": "^5.0.0" } }\n'}

    def mn112(folder: str, tree: dict[str, str]) -> list[str]:
        found = run(Project(write(tmp_path / folder, tree), environ={}), LintOptions(use_cache=False, select=("MN112",))).diagnostics
        return [f"{d.path}:{d.span.line if d.span else ''}" for d in found]

    assert mn112("vite", vite) == ["src/main.js:1"]
    assert mn112("cli", cli) == []


def test_code_uni_apps_web_build_leaves_out(tmp_path: Path) -> None:
    """lianmao (round 35): uview-ui's rich-text parser writes `<iframe>` inside `<!--#ifdef APP-PLUS-->`, which uni-app
    compiles only into its native app; the web (H5) build, TikTok's target, never holds it. Blocks for H5 (`#ifdef H5
    || MP-WEIXIN`), for no platform (`#ifdef VUE3`) and outside a uni-app project are kept."""
    from minis_cli.targets import uni_app_excluded_lines

    vue = (
        '<template>\n  <view>\n    <!--#ifdef APP-PLUS-->\n    <iframe :src="n.attrs.src"></iframe>\n    <!--#endif-->\n'
        '    <!-- #ifdef H5 || MP-WEIXIN -->\n    <iframe :src="n.attrs.src"></iframe>\n    <!-- #endif -->\n'
        '    <!-- #ifndef H5 -->\n    <!-- #ifdef VUE3 -->\n    <iframe :src="n.attrs.src"></iframe>\n    <!-- #endif -->\n    <!-- #endif -->\n'
        "  </view>\n</template>\n"
    )
    assert uni_app_excluded_lines(vue) == [(3, 5), (9, 13)]
    page = '<!doctype html>\n<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n'
    files = {"index.html": page, "package.json": '{ "name": "u", "scripts": { "dev:h5": "uni", "dev:mp-toutiao": "uni -p mp-toutiao" } }\n'}
    uni = {**files, "src/manifest.json": '{ "h5": {}, "mp-toutiao": {} }\n', "src/pages.json": "{}\n", "src/components/rich.vue": vue}

    def mn405(folder: str, tree: dict[str, str]) -> list[int]:
        found = run(Project(write(tmp_path / folder, tree), environ={}), LintOptions(use_cache=False, select=("MN405",))).diagnostics
        return sorted(d.span.line for d in found if d.span)

    assert mn405("uni", uni) == [7]
    assert mn405("plain", {**files, "src/components/rich.vue": vue}) == [4, 7, 11]


def test_a_douyin_mini_programs_tt_in_a_mini_is_not_tiktoks_sdk(tmp_path: Path) -> None:
    """lianmao (round 35): `tt.pay({ orderInfo, service: 5 })` is Douyin's mini-program payment; in a Mini's page no
    SDK of TikTok's answers to tt, so MN210 does not hold it to the games SDK's pay (a game's tt.pay still is), and no
    other rule reads a Mini's tt.* calls as TikTok's."""
    page = '<!doctype html>\n<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n<script type="module" src="/src/main.js"></script>\n'
    code = "export function buy(order) {\n  tt.pay({ orderInfo: order, service: 5 });\n}\n"
    mini = {"index.html": page, "package.json": '{ "name": "m", "scripts": { "dev": "vite" } }\n', "src/main.js": code}
    game = {"game.json": "{}\n", "game.js": code.replace("export function", "function")}

    def mn210(folder: str, tree: dict[str, str]) -> list[str]:
        found = run(Project(write(tmp_path / folder, tree), environ={}), LintOptions(use_cache=False, select=("MN210",))).diagnostics
        return [f"{d.path}:{d.span.line if d.span else ''}" for d in found]

    assert mn210("mini", mini) == []
    assert mn210("game", game) == ["game.js:2"]
    # nor any other rule reading SDK calls: Douyin's authorize, login and ads on a uni-app page
    douyin = (
        "export function douyin() {\n  tt.authorize({ scope: 'scope.userInfo', success() {} });\n"
        "  tt.login({ success(res) { localStorage.setItem('code', res.code) } });\n"
        "  const ad = tt.createRewardedVideoAd({ adUnitId: '' });\n  ad.show();\n}\n"
        "const sdk = window.TTMinis;\nsdk.login({ success() {} });\n"
    )
    found = run(Project(write(tmp_path / "douyin", {**mini, "src/main.js": douyin}), environ={}), LintOptions(use_cache=False)).diagnostics
    assert [(d.rule_id, d.span.line if d.span else None) for d in found if d.path == "src/main.js"] == [("MN204", 8)]  # TTMinis's own


def test_a_devtools_game_project_whose_package_a_build_makes(tmp_path: Path) -> None:
    """996.ICU (round 35): game.json and a devtools project.config.json (`"compileType": "game"`, miniprogramRoot
    `dist/`) at the root, TypeScript in src/ that tsc compiles into dist/ (tsconfig's outDir), no game.js yet. It is a
    mini game's project, not a web Mini: the games rules over its scripts, its appid read, and dev says what to build."""
    files = {
        "game.json": '{ "deviceOrientation": "portrait" }\n',
        "project.config.json": '{ "miniprogramRoot": "dist/", "appid": "YOUR_APP_ID_HERE", "compileType": "game", "srcMiniprogramRoot": "src/" }\n',
        "tsconfig.json": '{\n  // the game compiles into dist/\n  "compilerOptions": { "outDir": "./dist", "rootDir": "./src" }\n}\n',
        "package.json": '{ "name": "rhythm", "scripts": { "test": "exit 1" } }\n',
        "src/game.ts": "const canvas = tt.createCanvas();\ntt.getGameRecorderManager().start({ duration: 30 });\n",
    }
    root = write(tmp_path / "game", files)
    project = Project(root, environ={})
    found = sorted((d.rule_id, d.path) for d in run(project, LintOptions(use_cache=False)).diagnostics)
    assert ("MN503", "src/game.ts") in found and ("MN010", "project.config.json") in found
    assert not {rule for rule, _ in found} & {"MN001", "MN003", "MN004", "MN007"}
    decision = dev_decision(Project(root, environ={}))
    assert not decision.starts and "whose package, dist/ (project.config.json's miniprogramRoot), has no game.js and game.json yet" in decision.why
    assert "`npx tsc`: tsconfig.json's outDir" in decision.why
    # half built (tsc copies no game.json): said; built, dist/ is the project's build, which dev runs
    half = Project(write(tmp_path / "half", {**files, "dist/game.js": "tt.createCanvas();\n"}), environ={})
    assert half.engine is not None and half.engine.output is None and "has no game.json yet" in dev_decision(half).why
    built = write(tmp_path / "built", {**files, "dist/game.js": "tt.createCanvas();\n", "dist/game.json": "{}\n"})
    engine = Project(built, environ={}).engine
    assert engine is not None and engine.output == built / "dist"
    keys = run(Project(built, environ={}), LintOptions(use_cache=False, select=("MN010",))).diagnostics
    assert [d.path for d in keys] == ["project.config.json"]  # said once: the build's project file is this one
    keyed = {**files, "project.config.json": files["project.config.json"].replace("YOUR_APP_ID_HERE", "awexample123")}
    ready = write(tmp_path / "ready", {**keyed, "dist/game.js": "tt.createCanvas();\n", "dist/game.json": "{}\n"})
    assert dev_decision(Project(ready, environ={})).starts  # dev runs dist/ in the desktop host
    # a mini program's project file is no game's
    program = {**files, "project.config.json": files["project.config.json"].replace('"game"', '"miniprogram"')}
    assert Project(write(tmp_path / "program", program), environ={}).engine is None


def test_a_class_of_the_games_own_named_ttminis(tmp_path: Path) -> None:
    """no-one-can-shop-me (round 36): a Cocos component `export class TTMinis extends Component` wraps `tt`, and the
    game calls its statics (`TTMinis.ensureInitialized()`) from other modules that import it: the class's, not the SDK's
    (MN208 said ten undocumented TTMinis APIs). `window.TTMinis.x()` is still the SDK's, and so is TTMinis where the
    code binds none of its own."""
    cocos3 = {"package.json": '{ "name": "shop", "creator": { "version": "3.8.7" } }\n', "assets/.keep": "", "settings/v2/packages/project.json": "{}\n"}
    sdk = (
        'import { _decorator, Component } from "cc";\nexport class TTMinis extends Component {\n'
        "  private static inst: TTMinis | null = null;\n  public static ensureInitialized(): TTMinis { return (TTMinis.inst ||= new TTMinis()); }\n"
        "  private static later(op: unknown): Promise<void> { return Promise.resolve(op as any); }\n"
        "  show() { return TTMinis.later(window.TTMinis.showDrama()); }\n}\n"
    )
    main = 'import { TTMinis } from "./common/sdk/TTMinis";\nexport function start() { TTMinis.ensureInitialized().show(); }\n'
    files = {**cocos3, "assets/common/sdk/TTMinis.ts": sdk, "assets/Main.ts": main}
    found = run(Project(write(tmp_path / "own", files), environ={}), LintOptions(use_cache=False, select=("MN208",))).diagnostics
    assert [(d.path, d.span.line if d.span else None, d.message.split(" is ")[0]) for d in found] == [
        ("assets/common/sdk/TTMinis.ts", 6, "TTMinis.showDrama()")
    ]
    sdkless = {**cocos3, "assets/Main.ts": "export function start() { TTMinis.ensureInitialized(); }\n"}
    found = run(Project(write(tmp_path / "global", sdkless), environ={}), LintOptions(use_cache=False, select=("MN208",))).diagnostics
    assert [d.path for d in found] == ["assets/Main.ts"]


def test_a_reward_read_under_a_near_name(tmp_path: Path) -> None:
    """no-one-can-shop-me (round 36): `success: (res) => resolve({ canReceive: res.canReceive })` reads a field TikTok's
    result does not have (mini-games-sdk-revisit-incentives: canReceiveReward), so the reward is never granted; MN502
    names what it reads."""
    code = (
        "export function claim(give: () => void) {\n  if (!tt.canIUse('getEntranceMissionReward')) return;\n"
        "  tt.getEntranceMissionReward({\n    success: (res) => { if (res.canReceive) give(); },\n    fail: () => {},\n  });\n}\n"
    )
    game = {"game.json": "{}\n", "game.js": "require('./src/claim');\n", "src/claim.ts": code}
    found = run(Project(write(tmp_path, game), environ={}), LintOptions(use_cache=False, select=("MN502",))).diagnostics
    assert [d.message for d in found] == [
        "TTMinis.game.getEntranceMissionReward's success callback never reads canReceiveReward (it reads canReceive, a field TikTok's result "
        "does not have: always undefined)"
    ]


def test_files_only_another_platforms_uni_app_build_holds(tmp_path: Path) -> None:
    """uni-app's folder-level conditional compilation: `static/<platform>/` (in lower case) and `platforms/<PLATFORM>/`
    are copied only into that platform's build, so the web (H5) build never holds them."""
    page = '<!doctype html>\n<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n'
    code = "export function run(text) {\n  return eval(text);\n}\n"
    files = {
        "index.html": page,
        "package.json": '{ "name": "u", "scripts": { "dev:h5": "uni", "dev:mp-weixin": "uni -p mp-weixin" } }\n',
        "src/manifest.json": '{ "h5": {}, "mp-weixin": {} }\n',
        "src/pages.json": "{}\n",
        "src/static/mp-weixin/run.js": code,
        "src/platforms/APP-PLUS/run.js": code,
        "src/static/js/run.js": code,
    }
    found = run(Project(write(tmp_path, files), environ={}), LintOptions(use_cache=False, select=("MN401",))).diagnostics
    assert sorted({d.path for d in found}) == ["src/static/js/run.js"]


def test_a_shortcut_checked_to_exist_is_said_as_such(tmp_path: Path) -> None:
    """no-one-can-shop-me (round 36): `if (!this.isInTT || !tt?.addShortcut) return resolve(false)` keeps the call from
    throwing; MN501 still asks for canIUse, TikTok's check of the capability, and says the existence check was seen."""
    code = (
        "export class Missions {\n  isInTT = typeof tt !== 'undefined';\n  add(): Promise<boolean> {\n    return new Promise((resolve) => {\n"
        "      if (!this.isInTT || !tt?.addShortcut) return resolve(false);\n"
        "      tt.addShortcut({ success: () => resolve(true), fail: () => resolve(false) });\n    });\n  }\n"
        "  enter() {\n    tt.startEntranceMission({ success() {}, fail() {} });\n  }\n}\n"
    )
    cocos3 = {"package.json": '{ "name": "shop", "creator": { "version": "3.8.7" } }\n', "settings/v2/packages/project.json": "{}\n"}
    found = run(Project(write(tmp_path, {**cocos3, "assets/Missions.ts": code}), environ={}), LintOptions(use_cache=False, select=("MN501",))).diagnostics
    assert [(d.span.line if d.span else None, d.message) for d in found] == [
        (6, "tt.addShortcut is checked to exist but not with canIUse('addShortcut')"),
        (10, "tt.startEntranceMission is called without checking canIUse('startEntranceMission') first"),
    ]


def test_a_package_whose_code_tsc_compiles(tmp_path: Path) -> None:
    """stack-tower (round 35): wx/game.js requires ./build-wx/app/boot-wx.js, which tsconfig.wx.json one folder up
    compiles into export/wx/build-wx: dev's hint names the compile and the folder where the package is put together."""
    files = {
        "package.json": '{ "name": "tower", "scripts": { "build": "tsc -p tsconfig.json" } }\n',
        "tsconfig.wx.json": '{\n  // the WeChat package\n  "compilerOptions": { "module": "commonjs", "outDir": "export/wx/build-wx", },\n}\n',
        "wx/game.json": "{}\n",
        "wx/game.js": "require('./build-wx/app/boot-wx.js');\n",
        "src/app/boot-wx.ts": "wx.createCanvas();\n",
    }
    root = write(tmp_path / "tower", files)
    decision = dev_decision(Project(root / "wx", environ={}))
    assert not decision.starts and "game.js loads ./build-wx/app/boot-wx.js, which is not there" in decision.why
    assert (
        "../tsconfig.wx.json compiles it into ../export/wx/build-wx (`npx tsc -p ../tsconfig.wx.json`): the package is put together in ../export/wx/"
        in decision.why
    )
    here = write(tmp_path / "here", {**files, "wx/tsconfig.json": '{ "compilerOptions": { "outDir": "build-wx" } }\n'})
    assert "Run `npx tsc -p tsconfig.json` (tsconfig.json's outDir is build-wx)" in dev_decision(Project(here / "wx", environ={})).why


def test_a_unity_project_without_tiktoks_sdk(tmp_path: Path) -> None:
    """TTtools (round 37): a Unity project whose scripts call TT.* under `#if Ade_TT` but hold no TikTok SDK for Unity
    (not in Packages/manifest.json, no TTSDK folder): dev's hint says to import it first, since its build window is
    what makes the mini-game build. A project holding it (Douyin's Plugins/ByteGame, an embedded package) is not told."""
    unity = {
        "ProjectSettings/ProjectVersion.txt": "m_EditorVersion: 2021.3.16f1\n",
        "Packages/manifest.json": '{ "dependencies": { "com.unity.ugui": "1.0.0" } }\n',
        "Assets/Scripts/AdeSDK.cs": "#if Ade_TT\nusing TTSDK;\n#endif\npublic class AdeSDK {\n#if Ade_TT\n"
        "  void Init() { TT.InitSDK((c, e) => {}); }\n#endif\n}\n",
    }
    bare = dev_decision(Project(write(tmp_path / "bare", unity), environ={}))
    assert not bare.starts and "TikTok SDK for Unity (com.tiktok.minigame, which brings TTSDK and that build window) is not in the project yet" in bare.why
    for folder, extra in (("douyin", "Assets/Plugins/ByteGame/TT.cs"), ("embedded", "Packages/com.tiktok.minigame/package.json")):
        decision = dev_decision(Project(write(tmp_path / folder, {**unity, extra: "// the SDK\n"}), environ={}))
        assert not decision.starts and "is not in the project yet" not in decision.why
