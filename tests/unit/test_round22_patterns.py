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


def cocos(root: Path, script: str) -> Path:
    return write(root, {"project.json": COCOS2, "settings/project.json": "{}", "assets/scripts/Board.ts": script})


def test_an_open_data_context_project_is_no_game_of_its_own(tmp_path: Path) -> None:
    """A Cocos Creator 2 leaderboard built as the game's open data context: no rewarded ad, login or missions asked of
    it (they are the main domain's); a small game listening on a socket (`socket.onMessage`) is a game."""
    board = "if (cc.sys.platform === cc.sys.WECHAT_GAME_SUB) {\n  window['wx'].onMessage((m: any) => draw(m));\n}\n"
    root = cocos(tmp_path / "board", board)
    engine = detect(root)
    assert engine is not None and "open data context (WECHAT_GAME_SUB)" in (open_data_context(engine) or "")
    assert rules(root, "MN504", "MN509") == []
    listening = cocos(tmp_path / "listens", "tt.onMessage((m: any) => draw(m));\ntt.getFriendCloudStorage({ keyList: ['best'] });\n")
    assert open_data_context(detect(listening)) is not None  # type: ignore[arg-type]
    for name, script in {
        "socket": "const socket = tt.connectSocket({ url: 'wss://example.com' });\nsocket.onMessage((m: any) => draw(m));\n",
        "with-ads": board + "tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n",
        "with-login": board + "tt.login({ success() {}, fail() {} });\n",
    }.items():
        game = cocos(tmp_path / name, script)
        assert open_data_context(detect(game)) is None, name  # type: ignore[arg-type]
        assert "MN509" in [rule for rule, _ in rules(game, "MN504", "MN509")], name


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
