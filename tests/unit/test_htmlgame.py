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
