"""Issue 30 item 1: game-engine source projects (minis_cli/engines.py): recognised from their own files, linted as
games over their scripts, their mini-game build found for dev, build and the package checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from minis_cli.engines import ENGINES, detect, platform_rank
from minis_cli.project import Project


def write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


PACKAGE = {"game.json": "{}\n", "game.js": "tt.login({});\n"}
LAYOUTS = {
    "cocos3": {"package.json": '{ "name": "g", "creator": { "version": "3.8.6" } }\n', "assets/scripts/a.ts": "export const a = 1;\n"},
    "cocos2": {"project.json": '{ "engine": "cocos-creator-js", "version": "2.4.13" }\n', "assets/Script/a.js": "cc.log(1);\n"},
    "laya": {"Game.laya": "{}\n", "src/Main.ts": "Laya.init(1, 1);\n"},
    "laya-web": {"index.html": "<script src='index.js'></script>\n", "libs/laya.core.js": "window.Laya = {};\n", "js/bundle.js": "Laya.init(1, 1);\n"},
    "egret": {"egretProperties.json": '{ "engineVersion": "5.2.33" }\n', "src/Main.ts": "class Main {}\n"},
    "unity": {"Assets/Scripts/Boot.cs": "class Boot {}\n", "ProjectSettings/ProjectVersion.txt": "m_EditorVersion: 2022.3.62f1\n"},
    "godot": {"project.godot": "config_version=5\n", "scripts/main.gd": "extends Node\n"},
}


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_each_engine_is_recognised_from_its_own_files(tmp_path, key: str) -> None:
    root = write(tmp_path / "game", LAYOUTS[key])
    found = detect(root)
    assert found is not None and found.engine.key == key
    project = Project(root, environ={})
    assert project.kind == "engine-game" and project.is_game and not project.is_html_game


def test_every_engine_has_a_layout_test() -> None:
    assert {engine.key for engine in ENGINES} == set(LAYOUTS)


def test_a_package_or_a_plain_project_is_no_engine_project(tmp_path) -> None:
    assert detect(write(tmp_path / "pkg", {**LAYOUTS["cocos3"], **PACKAGE})) is None  # a package is a native game
    assert detect(write(tmp_path / "site", {"package.json": '{ "name": "site" }\n', "assets/app.js": "x();\n"})) is None
    assert detect(write(tmp_path / "half", {"project.json": '{ "name": "not cocos" }\n', "assets/a.js": "x();\n"})) is None


def test_only_the_game_scripts_are_linted_never_the_builds_or_editor_code(tmp_path) -> None:
    root = write(
        tmp_path / "game",
        {
            **LAYOUTS["cocos3"],
            "extensions/tool/main.js": "require('fs');\n",
            "build/wechatgame/game.js": "wx.cloud.init();\n",
            "build/wechatgame/game.json": "{}\n",
            "index.html": "<!doctype html><title>preview</title>\n",
        },
    )
    assert [f.path for f in Project(root, environ={}).files] == ["assets/scripts/a.ts"]


def test_the_build_for_tiktok_is_preferred_then_bytedance_then_wechat_and_other_platforms_are_not_run(tmp_path) -> None:
    root = write(tmp_path / "game", LAYOUTS["cocos3"])
    for target in ("wechatgame", "bytedance-mini-game", "alipay-mini-game", "web-mobile"):
        write(root / "build" / target, PACKAGE)
    assert [p.name for p in detect(root).outputs] == ["bytedance-mini-game", "wechatgame"]
    write(root / "build" / "tiktok-mini-game", PACKAGE)
    assert detect(root).output.name == "tiktok-mini-game"
    assert platform_rank("alipay") is None and platform_rank("mybuild") == 3


def test_the_newest_build_wins_between_two_of_the_same_platform(tmp_path) -> None:
    root = write(tmp_path / "game", LAYOUTS["cocos3"])
    write(root / "build" / "wechatgame", PACKAGE)
    write(root / "build" / "wechatgame-002", PACKAGE)
    os.utime(root / "build" / "wechatgame" / "game.js", (1, 1))
    assert detect(root).output.name == "wechatgame-002"


def test_a_cocos_build_path_moved_from_build_is_found_by_its_platform_folder(tmp_path) -> None:
    """Cocos Creator's Build Path (kept in the uncommitted local/builder.json) moves `build/` (held-out round 29: a
    Douyin export committed as `buildtt/wechatgame` beside `buildOppo/quickgame`): a folder named for a runtime TikTok
    runs one level under any of the project's own folders is its build; another store's, an unnamed one, and the build
    templates are not."""
    root = write(tmp_path / "game", LAYOUTS["cocos2"])
    write(root / "buildOppo" / "quickgame", PACKAGE)
    write(root / "build-templates" / "wechatgame", PACKAGE)
    write(root / "mybuild" / "output", PACKAGE)
    assert detect(root).output is None
    write(root / "buildtt" / "wechatgame", PACKAGE)
    assert detect(root).label() == "buildtt/wechatgame"
    write(root / "build" / "bytedance", PACKAGE)
    assert detect(root).label() == "build/bytedance"


def test_egret_builds_beside_the_project_and_its_appid_is_the_expected_key(tmp_path) -> None:
    root = write(tmp_path / "fish", LAYOUTS["egret"])
    write(tmp_path / "fish_wxgame", {**PACKAGE, "project.config.json": '{ "appid": "awfish0001" }\n'})
    project = Project(root, environ={})
    assert project.engine.label() == "../fish_wxgame"
    key = project.expected_client_key()
    assert key is not None and key.value == "awfish0001" and key.source == "../fish_wxgame/project.config.json appid"


def test_laya_release_folder_and_unity_package_folder_are_found(tmp_path) -> None:
    laya = write(tmp_path / "laya", LAYOUTS["laya"])
    write(laya / "release" / "wxgame", PACKAGE)
    assert detect(laya).label() == "release/wxgame"
    unity = write(tmp_path / "unity", LAYOUTS["unity"])
    write(unity / "Assets" / "StreamingAssets" / "x", PACKAGE)  # inside Unity's own folders: not a build
    assert detect(unity).output is None
    write(unity / "minigame", PACKAGE)
    assert detect(unity).label() == "minigame"


def test_unity_sdk_calls_in_csharp_count_for_the_required_capabilities(tmp_path, cli) -> None:
    root = write(tmp_path / "unity", LAYOUTS["unity"])
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    assert "MN509" in run.stdout and "MN504" in run.stdout and "ProjectSettings/ProjectVersion.txt" in run.stdout
    write(
        root,
        {
            "Assets/Scripts/Boot.cs": "using TTSDK;\n\npublic class Boot {\n  void Start() {\n    TT.Login(code => {}, error => {});\n"
            "    if (CanIUse.AddShortcut) TT.AddShortcut(ok => {});\n    if (!CanIUse.StartEntranceMission) return;\n"
            "    TT.StartEntranceMission(new StartEntranceMissionParam());\n"
            '    TT.CreateRewardedVideoAd(new CreateRewardedVideoAdParam { AdUnitId = "ad1" });\n  }\n}\n'
        },
    )
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    assert run.stdout.strip() == "", run.stdout


def test_a_cocos3_extension_mounting_its_assets_holds_game_scripts(tmp_path, cli) -> None:
    """Real projects (a Cocos Creator 3 framework): the platform adapters live in extensions/core/assets, which the
    extension's package.json mounts into the asset database; their SDK calls are the game's (MN504/MN509 were false)."""
    root = write(tmp_path / "game", LAYOUTS["cocos3"])
    adapter = (
        "export class TikTokAdapter {\n  start() {\n    tt.login({ success() {}, fail() {} });\n"
        "    if (tt.canIUse('addShortcut')) tt.addShortcut({ success() {}, fail() {} });\n"
        "    if (tt.canIUse('startEntranceMission')) tt.startEntranceMission({ success() {}, fail() {} });\n"
        "    return tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n  }\n}\n"
    )
    write(
        root,
        {
            "extensions/core/package.json": '{ "name": "core", "contributions": { "asset-db": { "mount": { "path": "./assets" } } } }\n',
            "extensions/core/assets/platform/TikTokAdapter.ts": adapter,
            "extensions/core/src/main.ts": "export const load = () => Editor.Message.send('x');\n",  # the editor side: not the game's
            "extensions/tools/package.json": '{ "name": "tools" }\n',
            "extensions/tools/assets/stray.ts": "tt.getUserProfile({});\n",  # not mounted
        },
    )
    assert detect(root).script_folders == ("assets", "extensions/core/assets")
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    assert run.stdout.strip() == "", run.stdout


def test_a_placeholder_appid_in_an_engine_build_is_reported_not_a_crash(tmp_path, cli) -> None:
    """Real projects (LayaAir 2): bin/ is the build, with its own project.config.json whose appid is empty; MN010 read
    its document from the root's files and crashed (KeyError)."""
    root = write(tmp_path / "laya", LAYOUTS["laya"])
    write(root / "bin", {**PACKAGE, "project.config.json": '{ "appid": "" }\n'})
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", "--select", "MN010", cwd=root)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.strip() == "bin/project.config.json:1:12: MN010 bin/project.config.json appid is a placeholder (''), not a client key"


def test_dev_says_a_placeholder_appid_in_the_build_once(tmp_path) -> None:
    """Real projects (LayaAir 2, issue 30 item 5): dev's pre-flight lints the source project, which reads bin/'s appid
    (MN010), then bin/ as the package, which reported the same MN010 again and an MN008 saying it had no appid."""
    from minis_cli.dev.session import DevOptions, dev_decision

    root = write(tmp_path / "laya", LAYOUTS["laya"])
    write(root / "bin", {**PACKAGE, "project.config.json": '{ "appid": "" }\n'})
    decision = dev_decision(Project(root, environ={}), DevOptions(watch=False))
    assert not decision.starts
    lines = [line for line in decision.why.splitlines() if "project.config.json" in line]
    assert [line.split(": ")[2].split(" ")[0] for line in lines] == ["MN010"], decision.why
    assert lines[0].startswith("error: bin/project.config.json:1:12: MN010 bin/project.config.json appid is a placeholder ('')")


def test_no_web_mini_errors_on_an_engine_project(tmp_path, cli) -> None:
    root = write(tmp_path / "game", {**LAYOUTS["cocos3"], "assets/scripts/a.ts": "tt.login({});\ntt.addShortcut({});\n"})
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    for web_only in ("MN001", "MN003", "MN004", "MN007", "MN101", "MN102"):
        assert web_only not in run.stdout, run.stdout
    assert "MN501" in run.stdout  # the games rules do apply: addShortcut without canIUse


def test_dev_refuses_an_unbuilt_engine_project_in_one_line_with_the_fix(tmp_path, cli) -> None:
    root = write(tmp_path / "game", LAYOUTS["laya"])
    run = cli("dev", "--no-watch", cwd=root)
    assert run.exit_code != 0
    assert "this is a LayaAir project, and TikTok runs its mini-game build, which is not there yet" in run.stderr
    assert "release/bytedancegame" in run.stderr


def test_init_existing_writes_the_appid_into_the_build_and_the_cocos_build_template(tmp_path, cli) -> None:
    root = write(tmp_path / "game", LAYOUTS["cocos3"])
    write(root / "build" / "bytedance-mini-game", {**PACKAGE, "project.config.json": '{\n  "compileType": "game"\n}\n'})
    run = cli("init", "--existing", "--client-key", "awengine0001", cwd=root)
    assert run.exit_code == 0, run.stderr
    built = json.loads((root / "build/bytedance-mini-game/project.config.json").read_text())
    template = json.loads((root / "build-templates/bytedance-mini-game/project.config.json").read_text())
    assert built == template == {"appid": "awengine0001", "compileType": "game"}
    assert not (root / "minis.config.json").exists() and "scripts" not in json.loads((root / "package.json").read_text())
    again = cli("init", "--existing", cwd=root)
    assert again.exit_code == 0 and "Nothing to change" in again.stdout


def test_init_existing_refuses_an_unbuilt_engine_project_writing_nothing(tmp_path, cli) -> None:
    root = write(tmp_path / "game", LAYOUTS["egret"])
    run = cli("init", "--existing", "--client-key", "awengine0001", cwd=root)
    assert run.exit_code == 1 and "nothing was written" in run.stderr and "egret publish --target wxgame" in run.stderr
    assert sorted(p.name for p in root.iterdir()) == ["egretProperties.json", "src"]


def test_build_packages_the_engine_build_into_the_project_root(tmp_path, cli) -> None:
    import zipfile

    root = write(tmp_path / "game", LAYOUTS["cocos3"])
    write(
        root / "build" / "wechatgame",
        {
            "game.json": "{}\n",
            "project.config.json": '{ "appid": "awengine0002" }\n',
            "game.js": "tt.login({});\nif (tt.canIUse('addShortcut')) tt.addShortcut({});\n"
            "if (tt.canIUse('startEntranceMission')) tt.startEntranceMission({});\ntt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n",
        },
    )
    run = cli("build", cwd=root)
    assert run.exit_code == 0, run.stdout + run.stderr
    with zipfile.ZipFile(root / "minis.zip") as archive:
        assert sorted(archive.namelist()) == ["game.js", "game.json", "project.config.json"]


def test_build_refuses_an_unbuilt_engine_project_with_how_to_build(tmp_path, cli) -> None:
    root = write(tmp_path / "game", LAYOUTS["cocos2"])
    run = cli("build", cwd=root)
    assert run.exit_code == 1 and "Cocos Creator (Project > Build" in run.stderr


def test_the_root_is_found_from_inside_an_engine_project_or_a_package(tmp_path) -> None:
    """Issue 30: `minis-py dev` (or lint) run from a subfolder of a Cocos Creator 2, LayaAir, Egret or Unity project,
    which often has no package.json, found no root (or a package.json far above it)."""
    from minis_cli.project import find_root

    (tmp_path / "package.json").write_text("{}")  # a workspace far above: never the engine project's root
    layouts = {
        "cocos2": {"project.json": '{"engine": "cocos2d-html5"}', "assets/scripts/Game.js": "cc.log(1);\n"},
        "laya": {"game.laya": "{}", "src/script/Main.ts": "export {};\n"},
        "egret": {"egretProperties.json": "{}", "src/Main.ts": "export {};\n"},
        "unity": {"ProjectSettings/ProjectVersion.txt": "m_EditorVersion: 2022.3.1f1\n", "Assets/Scripts/A.cs": "class A {}\n"},
        "wechat-export": {"game.json": "{}", "game.js": "require('./js/main');\n", "js/main.js": "1;\n"},
    }
    for name, files in layouts.items():
        root = tmp_path / name
        for path, text in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        deepest = max((root / path).parent for path in files)
        assert find_root(deepest) == root, name
        assert find_root(root) == root, name


# --- Egret modules: libraries egretProperties.json lists with a path, which the build copies into the game ------------


def _egret_with_modules(root: Path, modules: list[dict[str, str]]) -> Path:
    properties = {"engineVersion": "5.2.33", "modules": [{"name": "egret"}, *modules]}
    return write(
        root,
        {
            "game/egretProperties.json": json.dumps(properties),
            "game/src/Main.ts": "class Main {}\n",
            "share/share.js": "var share; wx.updateShareMenu({});\n",
            "share/share.min.js": "var share;wx.updateShareMenu({});\n",
            "share/share.d.ts": "declare namespace share {}\n",
            "kit/bin/kit/kit.js": "var kit;\n",
            "kit/src/kit.ts": "namespace kit {}\n",
            "game/libs/rank/rank.js": "var rank;\n",
            "game/libs/rank/rank.web.js": "var rankWeb;\n",
        },
    )


def test_egret_modules_beside_the_project_are_its_scripts_within_the_folder_named(tmp_path) -> None:
    modules = [
        {"name": "share", "path": "../share"},
        {"name": "kit", "path": "../kit"},
        {"name": "rank", "path": "./libs/rank"},
        {"name": "tween", "path": "${EGRET_APP_DATA}/5.2.33"},
        {"name": "abs", "path": str(tmp_path / "share")},
    ]
    root = _egret_with_modules(tmp_path, modules)
    project = Project(root / "game", environ={}, bounds=root)
    # <name>.js (and <name>.web.js) from <path>/bin/<name>, <path>/bin, <path>/build/<name> or <path>: never the .min.js
    # (the release's copy of the same code), the library's own sources or the engine's folders
    assert project.module_files == ("../share/share.js", "../kit/bin/kit/kit.js", "libs/rank/rank.js", "libs/rank/rank.web.js")
    assert [file.path for file in project.files] == ["../kit/bin/kit/kit.js", "../share/share.js", "libs/rank/rank.js", "libs/rank/rank.web.js", "src/Main.ts"]
    assert project.notices == ()


def test_egret_modules_outside_the_folder_named_are_never_read_and_lint_says_so(tmp_path, cli) -> None:
    root = _egret_with_modules(tmp_path, [{"name": "share", "path": "../share"}, {"name": "rank", "path": "./libs/rank"}])
    project = Project(root / "game", environ={})  # the user named game/ itself: ../share is outside it
    assert project.module_files == ("libs/rank/rank.js", "libs/rank/rank.web.js")
    assert len(project.notices) == 1 and "module 'share' (../share) is outside" in project.notices[0]
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root / "game")
    assert "share.js" not in run.stdout and "module 'share' (../share) is outside" in run.stderr and "were not checked" in run.stderr
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)  # the repository root: read
    assert "share/share.js:1:12: MN503 wx.updateShareMenu()" in run.stdout and "were not checked" not in run.stderr


def test_dev_says_a_project_wide_finding_about_the_game_once_on_the_package_it_runs(tmp_path) -> None:
    """Held-out round 6 of issue 30 (wangZJ201205/BaseGameFrame): dev's pre-flight on a Cocos project with a mini-game
    build said MN504 and MN509 twice, at the project's project.json and at the build's game.js. Said once, on the build
    (what dev runs and TikTok gets); findings at a place in a file are kept on both sides."""
    import io

    from minis_cli.dev.session import DevOptions, DevSession
    from minis_cli.project import Project

    root = write(tmp_path / "game", {**LAYOUTS["cocos2"], "assets/Script/a.js": "cc.log(1);\neval(window.name);\n"})
    write(root / "build" / "bytedance", {**PACKAGE, "game.js": "cc.log(1);\n", "project.config.json": '{ "appid": "awengine0001" }\n'})
    err = io.StringIO()
    session = DevSession(Project(root, environ={}), DevOptions(), io.StringIO(), err)
    session.preflight()
    lines = err.getvalue().splitlines()
    for rule in ("MN504", "MN509"):
        assert [line.split(": ", 2)[1] for line in lines if f" {rule} " in line] == ["build/bytedance/game.js"], lines
    assert any(" MN401 " in line and "assets/Script/a.js" in line for line in lines), lines


def test_dev_names_the_project_s_own_build_script_for_tiktok(tmp_path) -> None:
    """Round 10: a Cocos project with scripts/build_tiktok_native_package.sh and no build yet: the refusal's hint names
    it beside the engine's own way; a WeChat-only script is not named."""
    from minis_cli.engines import detect

    root = tmp_path / "game"
    (root / "assets").mkdir(parents=True)
    (root / "scripts").mkdir()
    (root / "package.json").write_text('{"name": "g", "creator": {"version": "3.8.5"}, "scripts": {"build:tt": "x", "build:wechat": "y"}}')
    (root / "scripts" / "build_tiktok_native_package.sh").write_text("#!/bin/sh\n")
    (root / "scripts" / "build_wechat.sh").write_text("#!/bin/sh\n")
    engine = detect(root)
    assert engine is not None and engine.output is None
    _, hint = engine.missing_build
    assert hint.endswith("The project has its own build script for TikTok: scripts/build_tiktok_native_package.sh, npm run build:tt.")


def test_a_godot_project_is_an_engine_project_read_in_gdscript(tmp_path) -> None:
    """Douyin's Godot adaptation (ttsdk: an Autoload `tt`, snake_case methods) or the JavaScript object through
    JavaScriptBridge: a Godot project gets no web-Mini errors for its web export, and its own GDScript (not the addon's)
    is read for the required capabilities."""
    from minis_cli.engines import detect

    root = tmp_path / "g"
    (root / "addons" / "ttsdk").mkdir(parents=True)
    (root / "export" / "web").mkdir(parents=True)
    (root / "project.godot").write_text('config_version=5\n[application]\nconfig/name="G"\n')
    (root / "addons" / "ttsdk" / "tt.gd").write_text("func x():\n\t_js.createRewardedVideoAd({})\n\t_js.addShortcut({})\n")
    main = 'func _ready():\n\tvar r = await tt.login()\n\t# tt.start_entrance_mission()\n\tvar js = JavaScriptBridge.get_interface("tt")\n'
    (root / "main.gd").write_text(main + '\tjs.createRewardedVideoAd({"adUnitId": "ad1"})\n')
    (root / "export" / "web" / "index.html").write_text("<!doctype html><canvas></canvas><script src='index.js'></script>")
    engine = detect(root)
    assert engine is not None and engine.engine.key == "godot"
    assert engine.calls("login") and engine.calls("createRewardedVideoAd")
    assert not engine.calls("addShortcut") and not engine.calls("startEntranceMission")  # the addon's own, a comment


def test_a_godot_projects_mini_game_export_is_its_tiktok_target(tmp_path) -> None:
    """Held-out round 11's Godot game keeps its Douyin export in tiktok/ (game.json, game.js, the engine's godot.js):
    that package, the only JavaScript there is, is what lint, dev and build work on."""
    from minis_cli.project import tiktok_root

    root = tmp_path / "g"
    (root / "tiktok").mkdir(parents=True)
    (root / "project.godot").write_text("config_version=5\n")
    (root / "main.gd").write_text("extends Node\n")
    (root / "tiktok" / "game.json").write_text("{}")
    (root / "tiktok" / "game.js").write_text("require('./godot.launcher.js');\n")
    (root / "tiktok" / "godot.launcher.js").write_text("tt.getEnvInfoSync();\n")
    (root / "tiktok" / "project.config.json").write_text('{"appid": "tt1234567890abcdef"}')
    folder, why = tiktok_root(root)
    assert folder == root / "tiktok" and why is not None and "the Godot project's mini-game export" in why


@pytest.mark.parametrize("key", ["cocos2", "godot", "unity"])
def test_broken_douyin_tool_files_at_an_engine_project_root_are_mn002_with_line_and_column(tmp_path, cli, key: str) -> None:
    """Held-out round 22's Unity games keep the Douyin tool's game.json and project.config.json at the root, and lint reads
    them (the appid, openDataContext): a broken one was silently ignored, losing what it says without a word."""
    broken = {"project.config.json": '{ "appid": "tt12",\n  oops }\n', "game.json": '{ "deviceOrientation": "portrait", }\n'}
    root = write(tmp_path / "game", {**LAYOUTS[key], **broken})
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    assert "project.config.json:2:3: MN002 project.config.json is not valid JSON" in run.stdout, run.stdout
    assert "game.json:1:" in run.stdout and "MN002 game.json is not valid JSON" in run.stdout, run.stdout
