"""A call guarded by a check of the same member cannot throw on TikTok (held-out round of issue 30): `if (typeof
game?.reportAnalytics === "function") game.reportAnalytics(...)`, `if (!ttGame || typeof ttGame.navigateToScene !==
"function") return false;`, `typeof tt !== 'undefined' && tt.requestAnimationFrame ? tt.requestAnimationFrame(cb) :
requestAnimationFrame(cb)`, a library's `if (typeof window !== "undefined")`. MN208 (an unknown SDK API), MN503
(another platform's API) and MN508 (a browser global in a native game) leave it alone; the same call unguarded, or
guarded by a check of another member, is still reported. (MN508's case: test_feature_checked_globals.py.)"""

from __future__ import annotations

import pytest

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.lint.rules.project import NATIVE_GAME, NATIVE_GAME_JS
from minis_cli.project import Project

SDK_PAGE_INIT = "TTMinis.game.init({ clientKey: 'awexample123' });\n"


def found(make_project, files, rule: str) -> list[str]:
    root = make_project(files)
    return [f"{d.path}:{d.span.line if d.span else 0}" for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id == rule]


CHECKED = {
    "typeof of an optional member": 'const game = TTMinis.game;\nif (typeof game?.reportAnalytics === "function") {\n  game.reportAnalytics("e", {});\n}',
    "early return": 'function go(ttGame) {}\nconst ttGame = TTMinis.game;\nfunction f() {\n  if (!ttGame || typeof ttGame.navigateToScene !== "function") {\n'
    "    return false;\n  }\n  return new Promise((resolve) => ttGame.navigateToScene({ scene: 1, success: resolve }));\n}",
    "a ternary": "const g = TTMinis.game;\nconst x = g.navigateToScene ? g.navigateToScene({}) : null;",
    "&&": "const g = TTMinis.game;\ng.navigateToScene && g.navigateToScene({});",
    "in": "const g = TTMinis.game;\nif ('navigateToScene' in g) g.navigateToScene({});",
    "optional call": "const g = TTMinis.game;\ng.navigateToScene?.({});",
    "compared with undefined": "const g = TTMinis.game;\nif (g.navigateToScene !== undefined) { g.navigateToScene({}); }",
}
UNCHECKED = {
    "no check": "const g = TTMinis.game;\ng.navigateToScene({});",
    "another member checked": "const g = TTMinis.game;\nif (typeof g.login === 'function') g.navigateToScene({});",
    "the holder only": "const g = TTMinis.game;\nif (g) g.navigateToScene({});",
    "the absent branch": "const g = TTMinis.game;\nif (typeof g.navigateToScene !== 'function') { g.navigateToScene({}); }",
    "an optional member, not an optional call": "const g = TTMinis.game;\ng?.navigateToScene({});",
}


def html_game(js: str) -> dict[str, str | None]:
    page = (
        '<!doctype html>\n<html><head><script src="https://connect.tiktok-minis.com/game/sdk.js"></script></head>\n'
        '<body><script src="main.js"></script></body></html>\n'
    )
    config = '{ "dev": { "clientKey": "awexample123" } }\n'
    return {"index.html": page, "minis.config.json": None, "minigame.config.json": config, "main.js": SDK_PAGE_INIT + js + "\n"}


@pytest.mark.parametrize("case", sorted(CHECKED))
def test_mn208_leaves_an_unknown_api_checked_before_the_call(make_project, case: str) -> None:
    assert found(make_project, html_game(CHECKED[case]), "MN208") == [], case


@pytest.mark.parametrize("case", sorted(UNCHECKED))
def test_mn208_still_reports_an_unknown_api_not_checked(make_project, case: str) -> None:
    assert len(found(make_project, html_game(UNCHECKED[case]), "MN208")) == 1, case


def native(js: str) -> dict[str, str | None]:
    return {**NATIVE_GAME, "game.js": NATIVE_GAME_JS + js + "\n"}


def test_mn503_leaves_another_platform_s_api_checked_before_the_call(make_project) -> None:
    for js in (
        "function draw() {}\nif (typeof tt !== 'undefined' && tt.requestAnimationFrame) {\n  tt.requestAnimationFrame(draw);\n}"
        " else {\n  requestAnimationFrame(draw);\n}",
        "function draw() {}\nconst raf = typeof tt !== 'undefined' && tt.requestAnimationFrame ? tt.requestAnimationFrame(draw) : requestAnimationFrame(draw);",
        "if (typeof wx.cloud?.callFunction === 'function') wx.cloud.callFunction({ name: 'score' });",
    ):
        assert found(make_project, native(js), "MN503") == [], js


def test_mn503_still_reports_the_unchecked_call(make_project) -> None:
    for js in ("function draw() {}\ntt.requestAnimationFrame(draw);", "if (typeof tt !== 'undefined') wx.cloud.callFunction({ name: 'score' });"):
        assert len(found(make_project, native(js), "MN503")) == 1, js
