"""htmlgame.py's second signal (held-out round 6 of issue 30, mosnin/tiktokmini4 and 6): a page with no SDK tag and no
canvas loop of its own whose scripts reach TTMinis.game (`const tt = () => (typeof TTMinis !== 'undefined' ? TTMinis.game
: null)`) is an HTML-runtime game: TTMinis.game is the games SDK ("in your HTML runtime mini game",
mini-games-sdk-get-started), the drama SDK is TTMinis itself."""

from __future__ import annotations

import pytest

from minis_cli.project import Project

PAGE = '<!doctype html><html><head><title>t</title></head><body><div id="app"></div><script type="module" src="/src/main.js"></script></body></html>'
SEAM = "export const game = () => (typeof TTMinis !== 'undefined' ? TTMinis.game : null);\n"


def project(make_project, files: dict[str, str]) -> Project:
    root = make_project({"index.html": PAGE, "minis.config.json": None, **files}, baseline=False)
    return Project(root, environ={})


def test_a_games_sdk_seam_three_imports_down_makes_an_html_game(make_project) -> None:
    found = project(
        make_project,
        {
            "src/main.js": "import { mount } from './app';\nmount();\n",
            "src/app.jsx": "import { useGame } from './hooks/useGame';\nexport const mount = () => useGame();\n",
            "src/hooks/useGame.js": "import { game } from '../platform/tiktok';\nexport const useGame = () => game()?.login?.({});\n",
            "src/platform/tiktok.js": SEAM,
        },
    )
    assert found.kind == "html-game"
    assert found.html_game_signals == "has no SDK tag, but the scripts it loads use the games SDK (TTMinis.game, in src/platform/tiktok.js)"


@pytest.mark.parametrize(
    "files",
    [
        {"src/main.js": "// a drama: TTMinis.game is the games SDK, not ours\nTTMinis?.login?.({});\n"},  # only a comment names it
        {"src/main.js": "/* TTMinis.game.init would be wrong here */\nexport {};\n"},
        {"src/main.js": "import { game } from './sdk';\nTTMinis.init({ clientKey: 'awexample123' });\n", "src/sdk.js": SEAM},  # a drama signal
        {"src/main.js": "import { game } from './sdk';\nconst player = TTMinis.getPlayer();\n", "src/sdk.js": SEAM},
        {"src/main.js": "const games = window.TTMinisGames;\nexport {};\n"},  # another name
    ],
)
def test_no_games_sdk_reference_or_a_drama_signal_keeps_a_mini(make_project, files: dict[str, str]) -> None:
    found = project(make_project, files)
    assert found.html_game_signals is None and found.kind == "mini"


def test_a_bracketed_games_namespace_counts(make_project) -> None:
    found = project(make_project, {"src/main.js": "const g = window.TTMinis && window.TTMinis['game'];\ng && g.login({});\n"})
    assert found.kind == "html-game" and "in src/main.js" in (found.html_game_signals or "")


def test_an_html_games_sdk_findings_speak_only_of_the_games_sdk(make_project) -> None:
    """MN101 and MN102 on an HTML game (tiktokmini6's game/): the message, the hint and what --fix inserts name the games
    SDK (game/sdk.js, TTMinis.game.init), never the drama SDK's URL or TTMinis.init (the hints said both before)."""
    from minis_cli.fixes import apply_edits
    from minis_cli.lint.engine import run
    from minis_cli.lint.model import LintOptions

    page = PAGE.replace("<title>", '<meta charset="utf-8"><title>')
    root = make_project(
        {"index.html": page, "minis.config.json": '{"dev": {"clientKey": "awexample123"}}', "src/main.js": SEAM + "game()?.login?.({});\n"}, baseline=False
    )
    found = {d.rule_id: d for d in run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN101", "MN102"))).diagnostics}
    assert sorted(found) == ["MN101", "MN102"]
    for d in found.values():
        text = " ".join((d.message, d.hint, d.autofix.message if d.autofix else ""))
        assert "drama" not in text and "TTMinis.init" not in text, text
    assert found["MN101"].hint == 'Add <script src="https://connect.tiktok-minis.com/game/sdk.js"></script> to <head>, before TTMinis.game.init.'
    assert "TTMinis.game.init(" in found["MN102"].message and "TTMinis.game.init(" in found["MN102"].hint
    assert found["MN102"].autofix is not None
    fixed = apply_edits(page, found["MN102"].autofix.edits)
    assert 'TTMinis.game.init({ clientKey: "awexample123" });' in fixed and "TTMinis.init(" not in fixed
    assert "game/sdk.js" in apply_edits(page, found["MN101"].autofix.edits)
