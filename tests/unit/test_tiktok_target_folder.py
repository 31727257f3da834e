"""A project's TikTok target in a subfolder (held-out round of issue 30: a game's plain web version at the root and its
TikTok HTML mini game in a committed dist/ with its own minigame.config.json and minis.config.json). When the root has
no TikTok config and no page loading the SDK, the one subfolder holding minis.config.json or minigame.config.json is
linted, and lint says so; a normal project (its config at the root, build.outputDir = dist) keeps linting its sources."""

from __future__ import annotations

import json

from minis_cli.targets import tiktok_target_folder

WEB_PAGE = '<!doctype html>\n<html><head><title>Invaders</title></head><body><canvas></canvas><script src="game.js"></script></body></html>\n'
SDK_PAGE = (
    '<!doctype html>\n<html><head><script src="https://connect.tiktok-minis.com/game/sdk.js"></script></head>\n'
    '<body><script src="main.js"></script></body></html>\n'
)
GAME_CONFIG = json.dumps({"dev": {"clientKey": "awexample123"}, "orientation": "VERTICAL"})
WEB_VERSION = {"index.html": WEB_PAGE, "game.js": "document.querySelector('canvas').getContext('2d');\n"}
TIKTOK_BUILD = {"dist/index.html": SDK_PAGE, "dist/minigame.config.json": GAME_CONFIG, "dist/main.js": "TTMinis.game.init({ clientKey: 'awexample123' });\n"}


def test_the_one_subfolder_with_a_tiktok_config_is_linted(cli, make_project) -> None:
    root = make_project({**WEB_VERSION, **TIKTOK_BUILD}, baseline=False)
    assert tiktok_target_folder(root) is not None and tiktok_target_folder(root)[0] == "dist"  # type: ignore[index]
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    findings = [line for line in run.stdout.splitlines() if " MN" in line]
    assert findings and all(line.startswith("dist/") for line in findings), findings
    assert not any(rule in run.stdout for rule in ("MN101", "MN004")), run.stdout  # the root's web version is not the Mini
    assert "dist/ is the TikTok target (dist/minigame.config.json)" in run.stderr
    shown = cli("lint", ".", "--no-cache", "--show-files", cwd=root).stdout.splitlines()
    assert shown[0].endswith("(dist/ is the TikTok target (dist/minigame.config.json); the folder itself has no TikTok config and no page loading the SDK)")
    assert any(line.split()[1:2] == ["main.js"] for line in shown[1:]), shown


def test_a_project_with_its_config_at_the_root_keeps_linting_its_sources(make_project) -> None:
    config = json.dumps({"clientKey": "awexample123", "build": {"outputDir": "dist"}})
    root = make_project({"minis.config.json": config, "dist/minis.config.json": config, "dist/index.html": SDK_PAGE}, baseline=True)
    assert tiktok_target_folder(root) is None


def test_no_choice_is_made_for_the_user(make_project) -> None:
    two = {**WEB_VERSION, **TIKTOK_BUILD, "public/minigame.config.json": GAME_CONFIG}
    assert tiktok_target_folder(make_project(two, baseline=False)) is None  # public/ and its copy in dist/
    sdk_at_root = {**TIKTOK_BUILD, "index.html": SDK_PAGE}
    assert tiktok_target_folder(make_project(sdk_at_root, baseline=False)) is None  # the root page is a Mini
    native = {**TIKTOK_BUILD, "game.json": "{}", "game.js": ""}
    assert tiktok_target_folder(make_project(native, baseline=False)) is None
    assert tiktok_target_folder(make_project(WEB_VERSION, baseline=False)) is None


def test_a_file_or_folder_named_on_the_command_line_is_linted_where_it_is(cli, make_project) -> None:
    root = make_project({**WEB_VERSION, **TIKTOK_BUILD}, baseline=False)
    run = cli("lint", "game.js", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    assert "TikTok target" not in run.stderr


EGRET = json.dumps({"engineVersion": "5.2.13", "target": {"current": "web"}, "modules": [{"name": "egret"}]})


def test_a_repository_holding_one_engine_project_beside_its_libraries_targets_that_project(cli, make_project) -> None:
    """Held-out round 4 of issue 30: an Egret game one folder down, its network and share libraries beside it, was linted
    at the repository root as a web Mini (MN001/MN004/MN007, the engine's web template's remote script, a library's
    eval), and the game's own problems were missed."""
    files = {
        "game/egretProperties.json": EGRET,
        "game/src/Main.ts": "wx.login({ success() {}, fail() {} });\nwx.createRewardedVideoAd({ adUnitId: 'adunit-1a2b' });\n",
        "game/index.html": '<!doctype html><html><head><script src="https://connect.facebook.net/en_US/fbinstant.6.3.js"></script></head><body></body></html>\n',
        "netlib/net.js": "var load = function (source) { eval(source); };\n",
    }
    root = make_project(files, baseline=False)
    name, why = tiktok_target_folder(root)  # type: ignore[misc]
    assert (name, why.split(";")[0]) == ("game", "game/ is the Egret project (game/egretProperties.json)")
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    rules = {line.split(" ")[1] for line in run.stdout.splitlines() if " MN" in line}
    assert rules == {"MN509"}, run.stdout  # not MN001/MN004/MN007/MN404/MN401
    assert tiktok_target_folder(root / "game") is None  # the engine project itself: its folders are its parts
    two = {**files, "other/egretProperties.json": EGRET}
    assert tiktok_target_folder(make_project(two, baseline=False)) is None  # two games: the user names one


NATIVE_GAME = {
    "douyin/game.json": '{ "deviceOrientation": "portrait" }\n',
    "douyin/game.js": "var canvas = tt.createCanvas();\ntt.login({ success() {} });\n",
    "douyin/project.config.json": json.dumps({"appid": "tt0000000000example", "douyinProjectType": "native"}),
}
PORTAL = {"portal/index.html": '<!doctype html><html><head><script src="https://sdk.crazygames.com/crazygames-sdk-v3.js"></script></head></html>\n'}


def test_a_native_game_beside_the_game_web_version_is_the_target(cli, make_project) -> None:
    """Held-out round 5 of issue 30 (plox): a GitHub Pages web game at the root, its portal variant in test/ and its
    Douyin native game in PLOX/ (game.js + game.json + project.config.json). The root was linted as an HTML mini game
    and a Mini (MN016/MN101/MN102/MN004/MN001, MN404 for the portal's SDK) and dev refused; PLOX/ is the target."""
    root = make_project({**WEB_VERSION, **PORTAL, **NATIVE_GAME}, baseline=False)
    name, why = tiktok_target_folder(root)  # type: ignore[misc]
    assert name == "douyin"
    assert why == (
        "douyin/ is a native mini game (douyin/game.json, douyin/game.js, douyin/project.config.json); "
        "the folder itself has no TikTok config and no page loading the SDK"
    )
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    findings = [line for line in run.stdout.splitlines() if " MN" in line]
    assert findings and all(line.startswith("douyin/") for line in findings), run.stdout
    assert "douyin/ is a native mini game" in run.stderr
    # one level further down (a platform folder), and not at all when there are two
    nested = {f"platforms/{path}": text for path, text in NATIVE_GAME.items()}
    assert tiktok_target_folder(make_project({**WEB_VERSION, **nested}, baseline=False))[0] == "platforms/douyin"  # type: ignore[index]
    two = {**WEB_VERSION, **NATIVE_GAME, **{path.replace("douyin/", "game2/"): text for path, text in NATIVE_GAME.items()}}
    assert tiktok_target_folder(make_project(two, baseline=False)) is None
    # a folder with game.json but no game.js is not a package (a bundler fills it: bundled.py's case)
    unbuilt = {**WEB_VERSION, "douyin/game.json": NATIVE_GAME["douyin/game.json"]}
    assert tiktok_target_folder(make_project(unbuilt, baseline=False)) is None
    # the root is a Mini (its page loads the SDK) or a native game itself: the root stays the target
    assert tiktok_target_folder(make_project({**NATIVE_GAME, "index.html": SDK_PAGE}, baseline=False)) is None
    assert tiktok_target_folder(make_project({**NATIVE_GAME, "game.json": "{}", "game.js": ""}, baseline=False)) is None
    assert tiktok_target_folder(make_project({**NATIVE_GAME, "minis.config.json": GAME_CONFIG}, baseline=False)) is None


def test_a_bundled_game_built_into_its_subfolder_keeps_its_sources_linted(make_project) -> None:
    """An npm project whose build script writes douyin/game.js (bundled.py) is the project: lint reads its sources."""
    package = json.dumps({"name": "stack", "scripts": {"build:douyin": "vite build --config vite.douyin.config.ts"}})
    vite = "export default { build: { outDir: 'douyin', lib: { entry: 'src/main.ts', formats: ['iife'], fileName: () => 'game.js' } } };\n"
    root = make_project({**NATIVE_GAME, "package.json": package, "vite.douyin.config.ts": vite, "src/main.ts": "tt.login({});\n"}, baseline=False)
    assert tiktok_target_folder(root) is None


def _package(folder: str, projectname: str | None = None) -> dict[str, str]:
    config = {"appid": "awexample123", **({"projectname": projectname} if projectname else {})}
    return {f"{folder}/game.json": "{}\n", f"{folder}/game.js": "tt.login({});\n", f"{folder}/project.config.json": json.dumps(config)}


COCOS2 = {"client/project.json": json.dumps({"engine": "cocos-creator-js", "name": "Hop"}), "client/assets/Main.ts": "tt.login({});\n"}
EXPORTS = {**_package("build/bytedance", "Hop"), **_package("build/wechatgame", "Hop"), "build/web-mobile/index.html": WEB_PAGE}


def test_an_engine_project_beside_its_exports_is_the_target_and_runs_the_bytedance_one(make_project) -> None:
    """Held-out round 6 of issue 30 (wangZJ201205/BaseGameFrame): a Cocos Creator 2 project in Harmony/, its exports in
    the repository's build/ (bytedance, wechatgame, web-mobile), a server: three candidates, none chosen, so the root was
    linted as a web Mini (29 false alarms) and dev refused. The exports name the project (project.config.json
    projectname, which Cocos Creator writes): they are its builds, and the ByteDance one is what dev runs."""
    from minis_cli.project import Project

    root = make_project({**COCOS2, **EXPORTS, "server/package.json": '{"scripts": {"start": "node index.js"}}'}, baseline=False)
    name, why = tiktok_target_folder(root)  # type: ignore[misc]
    assert name == "client"
    assert why.startswith("client/ is the Cocos Creator 2 project (client/project.json), built into build/bytedance/ and build/wechatgame/;")
    engine = Project(root / "client", environ={}).engine
    assert engine is not None and [engine.label(o) for o in engine.outputs] == ["../build/bytedance", "../build/wechatgame"]
    # exports that name another project are not its builds: three candidates, a folder of several projects
    other = {**COCOS2, **_package("build/bytedance", "Other"), **_package("build/wechatgame", "Other")}
    assert tiktok_target_folder(make_project(other, baseline=False)) is None
    # the exports alone: TikTok's choice of the platform folders (ByteDance/Douyin's before WeChat's)
    name, why = tiktok_target_folder(make_project(EXPORTS, baseline=False))  # type: ignore[misc]
    assert name == "build/bytedance" and "TikTok's choice over build/wechatgame/" in why
    platforms = {**_package("douyin"), **_package("wechat"), **WEB_VERSION}
    assert tiktok_target_folder(make_project(platforms, baseline=False))[0] == "douyin"  # type: ignore[index]


def test_several_projects_and_nothing_else_are_named_never_linted_as_a_mini(cli, make_project) -> None:
    """No evidence picks one (a Cocos project beside exports that do not name it; two Unity projects under Games/,
    held-out round 6's yijianyouxie/DYGame): the folder itself is no Mini (nothing of it is linted as one), lint checks
    each project as a project of its own (held-out round 21: five Cocos games in one repository, whose root lint used to
    check nothing of), dev refuses naming them."""
    from minis_cli.dev.session import DevOptions, dev_decision
    from minis_cli.project import Project

    unity = "m_EditorVersion: 2022.3.20f1\n"
    layouts = {
        "exports": {**COCOS2, **_package("build/bytedance", "Other"), **_package("build/wechatgame", "Other"), "server/package.json": "{}"},
        "unity": {
            "Games/A/Assets/Main.cs": "class A {}\n",
            "Games/A/ProjectSettings/ProjectVersion.txt": unity,
            "Games/B/B/Assets/Main.cs": "class B {}\n",
            "Games/B/B/ProjectSettings/ProjectVersion.txt": unity,
            "Games/B/__MACOSX/B/._x": "",
        },
    }
    for layout, files in layouts.items():
        root = make_project(files, baseline=False)
        project = Project(root, environ={})
        assert project.kind == "engine-game" and project.files == [], layout
        run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
        assert run.exit_code == 0 and "holds several mini-game projects and nothing of its own" in run.stderr, (layout, run.stderr)
        members = ("client", "build/bytedance", "build/wechatgame") if layout == "exports" else ("Games/A", "Games/B/B")
        for member in members:
            assert f"{member}/, each linted" in run.stderr or f"{member}/ and" in run.stderr or f"{member}/," in run.stderr, (layout, member)
        paths = {line.split(": ", 1)[0].split(":", 1)[0] for line in run.stdout.splitlines() if line.strip()}
        assert all(any(path.startswith(f"{member}/") for member in members) for path in paths), run.stdout  # nothing of the folder's own
        assert all(any(path.startswith(f"{member}/") for path in paths) for member in members), run.stdout  # each project's findings
        decision = dev_decision(project, DevOptions(watch=False))
        assert not decision.starts and "several mini-game projects" in decision.why and "Pass one of them" in decision.why
    assert "Games/B/B/ (Unity project)" in dev_decision(Project(root, environ={}), DevOptions(watch=False)).why  # a zip's wrapping folder
    # a root with a page or a dev script of its own is not such a folder
    page = make_project({**layouts["unity"], "index.html": WEB_PAGE}, baseline=False)
    assert Project(page, environ={}).kind != "engine-game"


def test_the_one_web_app_in_a_subfolder_of_a_bare_root_is_the_target(make_project) -> None:
    """Held-out round 6 (mosnin/tiktokmini4, tiktokmini6): the repository holds only game/, a Vite app (package.json with
    a dev script, index.html): the root was linted (MN001/MN007 false, the page rules missed)."""
    app = {"game/package.json": '{"scripts": {"dev": "vite"}}', "game/index.html": WEB_PAGE, "README.md": "# Game\n"}
    name, why = tiktok_target_folder(make_project(app, baseline=False))  # type: ignore[misc]
    assert (name, why.split(";")[0]) == ("game", "game/ is the only web app here (game/package.json with a dev script, game/index.html)")
    assert tiktok_target_folder(make_project({**app, "package.json": "{}"}, baseline=False)) is None  # the root is a project
    assert tiktok_target_folder(make_project({**app, "index.html": WEB_PAGE}, baseline=False)) is None
    two = {**app, "admin/package.json": '{"scripts": {"start": "vite"}}', "admin/index.html": WEB_PAGE}
    assert tiktok_target_folder(make_project(two, baseline=False)) is None
    no_script = {"game/package.json": '{"scripts": {"build": "vite build"}}', "game/index.html": WEB_PAGE}
    assert tiktok_target_folder(make_project(no_script, baseline=False)) is None


def test_an_sdk_template_inside_an_engine_project_is_not_a_games_scripts_sign(make_project) -> None:
    """DYGame's root was taken for a mini game's scripts, marked by the StarkSDK's converter template game.js under
    Games/NotColorBlind/Assets/Plugins/.../DefaultTemplate/: an engine project's files are that project's."""
    from minis_cli.gamescripts import detect_game_scripts

    template = {"deep/games/Lantern/Assets/Plugins/Sdk/DefaultTemplate/game.js": "tt.setStorageSync('a', 1);\n"}
    unity = {"deep/games/Lantern/ProjectSettings/ProjectVersion.txt": "m_EditorVersion: 2022.3.20f1\n"}
    assert detect_game_scripts(make_project({**template, **unity}, baseline=False)) is None
    assert detect_game_scripts(make_project(template, baseline=False)) is not None  # no engine project: the scripts' sign
