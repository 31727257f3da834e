"""Held-out round 22 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.engines import detect, open_data_context
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS2 = '{"engine": "cocos-creator-js", "packages": "packages", "name": "board", "version": "2.4.8"}'
PACKAGE = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt1234567890abcdef"}'}


def rules(root: Path, *select: str) -> list[tuple[str, str]]:
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=select or None)).diagnostics
    return sorted((d.rule_id, f"{d.path}:{d.span.line if d.span else ''}") for d in found)


def cocos(root: Path, script: str, **more: str) -> Path:
    return write(root, {"project.json": COCOS2, "settings/project.json": "{}", "assets/scripts/Board.ts": script, **more})


BOARD = "if (cc.sys.platform === cc.sys.WECHAT_GAME_SUB) {\n  window['wx'].onMessage((m: any) => draw(m));\n}\n"


def test_an_open_data_context_project_is_no_game_of_its_own(tmp_path: Path) -> None:
    """A Cocos Creator 2 leaderboard built as the game's open data context, inside the game's project: no rewarded ad,
    login or missions asked of it (they are the main domain's)."""
    game = cocos(tmp_path / "game", "tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n")
    board = cocos(game / "ranking", BOARD)
    engine = detect(board)
    assert engine is not None and "open data context (wx.onMessage, WECHAT_GAME_SUB)" in (open_data_context(engine) or "")
    assert rules(board, "MN504", "MN509") == []
    cloud = cocos(game / "friends", "tt.onMessage((m: any) => draw(m));\ntt.getFriendCloudStorage({ keyList: ['best'] });\n")
    assert open_data_context(detect(cloud)) is not None  # type: ignore[arg-type]


def test_a_game_is_never_taken_for_an_open_data_context(tmp_path: Path) -> None:
    """The review of f600f7e: each of these is a game, and keeps MN504 and MN509."""
    game = cocos(tmp_path / "game", "tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n")
    for name, script, more in (
        ("top-level", BOARD, {}),  # a project of its own: the game, whatever its scripts look like
        ("socket", "const socket = tt.connectSocket({ url: 'wss://example.com' });\nsocket.onMessage((m: any) => draw(m));\n", {}),
        ("one-sign", "if (cc.sys.platform === cc.sys.WECHAT_GAME || cc.sys.platform === cc.sys.WECHAT_GAME_SUB) start();\n", {}),
        ("comment", "// TODO: wx.onMessage and getFriendCloudStorage( for a leaderboard\nstart();\n", {}),
        ("with-ads", BOARD + "tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n", {}),
        ("with-login", BOARD + "tt.login({ success() {}, fail() {} });\n", {}),
        (
            "sub-context-view",
            "const view = node.getComponent(cc.WXSubContextView);\n",
            {"build-templates/wechatgame/openDataContext/index.js": "wx.onMessage(draw);\nwx.getFriendCloudStorage({ keyList: ['best'] });\n"},
        ),
    ):
        root = cocos(tmp_path / name if name == "top-level" else game / name, script, **more)
        assert open_data_context(detect(root)) is None, name  # type: ignore[arg-type]
        assert "MN509" in [rule for rule, _ in rules(root, "MN504", "MN509")], name
    outside = write(tmp_path / "outside", {"lb.ts": BOARD})
    linked = cocos(game / "linked", "start();\n")
    (linked / "assets" / "scripts" / "lb.ts").symlink_to(outside / "lb.ts")
    assert open_data_context(detect(linked)) is None  # type: ignore[arg-type]  # a link out of the project is not read


def test_a_static_getter_returning_the_namespace_is_an_alias(tmp_path: Path) -> None:
    """`class Platform { static get api() { return cond ? window['tt'] : window['wx']; } }`, read as `Platform.api` in
    its module and, exported by default, in another: its calls are the SDK's (MN503, and MN504/MN509 see them)."""
    platform = (
        "export default class Platform {\n"
        "  static get api() { return typeof tt !== 'undefined' ? tt : wx; }\n"
        "  static sdk() { return tt; }\n"
        "  static start() {\n"
        "    const api = Platform.api;\n"
        "    api.login({ success() {}, fail() {} });\n"
        "    api.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"
        "    api.showShareMenu({});\n"
        "    Platform.sdk().getGameRecorderManager();\n"
        "  }\n"
        "}\n"
    )
    other = "import Platform from './platform.js';\nexport function share() { Platform.api.updateShareMenu({}); }\n"
    files = {
        **PACKAGE,
        "game.js": "import Platform from './platform.js';\nimport './share.js';\nPlatform.start();\n",
        "platform.js": platform,
        "share.js": other,
    }
    root = write(tmp_path, files)
    assert rules(root, "MN503", "MN504") == [("MN503", "platform.js:8"), ("MN503", "platform.js:9"), ("MN503", "share.js:2")]
    assert ("MN509", "game.js:") in rules(root, "MN509")  # login seen: the missions alone are missing
    instance = platform.replace("static get api()", "get api()")
    assert rules(write(tmp_path / "instance", {**files, "platform.js": instance}), "MN503") == [("MN503", "platform.js:9")]


def test_a_static_alias_is_the_one_class_of_its_name(tmp_path: Path) -> None:
    """The review of f600f7e: `Platform.api` is the class's only where the script declares `Platform` once; a bundle's
    two modules each with a `class Platform`, or a parameter named so, are not followed. A class expression is read by
    the variable it is given, never by its own inner name."""
    two = (
        "(function () { class Platform { static get api() { return tt; } } Platform.api.login({}); })();\n"
        "(function () { class Platform { static get api() { return new RestClient(); } } Platform.api.fetchScores(); })();\n"
    )
    shadowed = "class Platform { static get api() { return tt; } }\nfunction show(Platform) { Platform.api.fetchScores(); }\n"
    expression = "const Platform = class Inner { static get api() { return tt; } };\nPlatform.api.getUserProfile({});\nInner.api.getUserProfile({});\n"
    found = {
        name: rules(write(tmp_path / name, {**PACKAGE, "game.js": code}), "MN503")
        for name, code in (("two", two), ("shadowed", shadowed), ("expression", expression))
    }
    assert found == {"two": [], "shadowed": [], "expression": [("MN503", "game.js:2")]}


def test_a_default_import_renamed_in_braces_is_the_default(tmp_path: Path) -> None:
    """`import { default as P } from './platform.js'` binds the module's default export, as `import P from` does."""
    files = {
        **PACKAGE,
        "game.js": "import { default as P } from './platform.js';\nP.api.getUserProfile({});\n",
        "platform.js": "export default class Platform { static get api() { return tt; } }\n",
    }
    assert rules(write(tmp_path, files), "MN503") == [("MN503", "game.js:2")]


def test_the_open_data_context_folder_is_linted_and_its_apis_are_its_own(tmp_path: Path) -> None:
    """TikTok puts `openDataContext` in project.config.json (direct-message-sharing): that folder is the game's code
    (eval there is reported), and its onMessage and cloud storage are the open data context's own; in the main domain
    they are reported as the open data context's."""
    files = {
        "game.json": "{}",
        "project.config.json": '{"appid": "tt1234567890abcdef", "openDataContext": "openDataContext"}',
        "game.js": "require('./src/main.js');\n",
        "src/main.js": "tt.getOpenDataContext().postMessage({ score: 1 });\ntt.getFriendCloudStorage({ keyList: ['best'] });\n",
        "openDataContext/index.js": "tt.onMessage((m) => { eval(m.code); tt.getFriendCloudStorage({ keyList: ['best'] }); tt.shareToUser({}); });\n",
    }
    root = write(tmp_path, files)
    assert rules(root, "MN503", "MN401") == [("MN401", "openDataContext/index.js:1"), ("MN503", "src/main.js:2")]
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN503",))).diagnostics
    assert "is an open data context API (its leaderboard frame, openDataContext): in the game's main domain it is undefined" in found[0].message


def test_an_api_read_into_a_variable_then_called_is_that_api(tmp_path: Path) -> None:
    """Held-out round 24: `const create = this._api?.createRewardedVideoAd; ... create.call(this._api, {...})` creates
    the rewarded ad (no MN504); `const show = tt.showFooBar; show()` calls an API TikTok lacks (MN503), unless a check
    of the variable guards it; another function's variable of the name, or a parameter shadowing it, is its own."""
    code = (
        "class Platform {\n"
        "  constructor() { this._api = typeof tt !== 'undefined' ? tt : null; }\n"
        "  start() { this._api.login({ success() {}, fail() {} }); }\n"
        "  rewarded(adUnitId) {\n"
        "    const create = this._api?.createRewardedVideoAd;\n"
        "    if (typeof create !== 'function') return null;\n"
        "    return create.call(this._api, { adUnitId });\n"
        "  }\n"
        "}\n"
        "function a() { const show = tt.showFooBar; show(); }\n"
        "function b() { const show = tt.showBarFoo; if (typeof show !== 'function') return; show.apply(tt, []); }\n"
        "function c() { const show = () => {}; show(); }\n"
        "function d() { const rec = tt.getGameRecorderManager; [1].forEach((rec) => rec()); }\n"
    )
    root = write(tmp_path, {**PACKAGE, "game.js": code})
    assert rules(root, "MN503", "MN504") == [("MN503", "game.js:10")]


def test_an_extracted_api_is_resolved_by_scope(tmp_path: Path) -> None:
    """The review of 0d97976: a parameter, an inner function, a catch or for-of name, or a block's own const of the
    same name is not the extracted API; a name declared twice in one scope or assigned again is not followed."""
    code = (
        "tt.login({ success() {}, fail() {} });\n"
        "!function(){var e=tt.getUserProfile;[function(){}].forEach(e=>e());}();\n"
        "!function(){var a=tt.getUserProfile;function b(){function a(){return 1}return a()}b()}();\n"
        "!function(){var c=tt.getUserProfile;try{x()}catch(c){c()}}();\n"
        "!function(){var d=tt.getUserProfile;for(const d of [function(){}])d()}();\n"
        "function pick(kind, msg) {\n"
        "  if (kind === 'web') { const show = console.log; show(msg); }\n"
        "  else { const show = tt.getUserProfile; show({ desc: msg }); }\n"
        "}\n"
        "!function(){var f=tt.getUserProfile;f();var f=tt.getUserInfo;f()}();\n"
        "function g(){ let h = tt.getUserProfile; [h] = [function(){}]; h(); }\n"
    )
    assert rules(write(tmp_path, {**PACKAGE, "game.js": code}), "MN503") == [("MN503", "game.js:8")]


def test_godot_calls_in_strings_or_on_other_objects_are_not_the_sdks(tmp_path: Path) -> None:
    """The review of 0d97976: `PlayFab.login(...)` and a string naming `tt.create_rewarded_video_ad()` are no calls of
    the games SDK; a name given the JavaScript object is (`var js = JavaScriptBridge.get_interface("tt")`)."""
    script = (
        "extends Node\n"
        "func _ready():\n"
        "\tPlayFab.login(user_name, password)\n"
        '\tpush_warning("TODO: call tt.create_rewarded_video_ad() and tt.add_shortcut()")\n'
        '\tvar doc = """tt.start_entrance_mission()"""\n'
        '\tvar js = JavaScriptBridge.get_interface("tt")\n'
        "\tjs.addShortcut({})\n"
    )
    root = write(tmp_path, {"project.godot": "config_version=5\n", "main.gd": script})
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN504", "MN509"))).diagnostics
    assert sorted(d.rule_id for d in found) == ["MN504", "MN509"]
    assert "silent login (login)" in next(d for d in found if d.rule_id == "MN509").message
    assert "addShortcut" not in next(d for d in found if d.rule_id == "MN509").message


def test_a_cocos_build_templates_open_data_context_is_its_own(tmp_path: Path) -> None:
    """The review of 0d97976: Cocos Creator's build template copies openDataContext/ into the build; its onMessage and
    cloud storage are the open data context's own there."""
    root = cocos(
        tmp_path / "game",
        "tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n",
        **{"build-templates/bytedance-mini-game/openDataContext/index.js": "tt.onMessage((m) => tt.getFriendCloudStorage({ keyList: ['s'] }));\n"},
    )
    assert [rule for rule, where in rules(root, "MN503") if "openDataContext" in where] == []


def test_tiktoks_own_config_names_the_target_beside_an_engine_project(tmp_path: Path) -> None:
    """The review of 0d97976: a Minis web app (web/minis.config.json) beside a Godot game (godot/project.godot) in one
    repository: web/ is the TikTok target, as it was before Godot was an engine."""
    from minis_cli.project import tiktok_root

    root = write(
        tmp_path / "repo",
        {"godot/project.godot": "config_version=5\n", "web/minis.config.json": '{"clientKey": "awexample123"}', "web/index.html": "<!doctype html>\n"},
    )
    folder, why = tiktok_root(root)
    assert folder == root / "web" and why is not None and "godot/ beside it has none" in why
