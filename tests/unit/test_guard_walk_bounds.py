"""The environment guards' walk (runs_outside_tiktok) answers each (use, depth) once per question.

Held-out round 25: a Cocos 2 game vendors a minified analytics SDK (single-letter functions, each called many times by
the others) inside `window.wx && !window.tt && !function () {...}()`. Every call in it is outside TikTok, and proving
that follows each function to every use, to four definitions deep: without remembering the answers that was the number
of uses to the fourth power, and lint never finished the project. The figure here is the count of walks, not a time.
"""

from __future__ import annotations

from pathlib import Path

import minis_cli.lint.guards as guards


def _game(root: Path, uses: int) -> Path:
    body = ["function f0() { return wx.getStorageSync('k') || wx.showToast({ title: 'x' }); }"]
    for i in range(1, 10):
        calls = " + ".join(f"f{i - 1}()" for _ in range(uses))
        body.append(f"function f{i}() {{ if (Math.random() > 0.5) {{ return {calls}; }} return f{i - 1}(); }}")
    body.append("this.go = function () { return f9(); };")
    root.mkdir()
    (root / "game.js").write_text("window.wx && !window.tt && !function () {\n" + "\n".join(body) + "\n}();\n")
    (root / "game.json").write_text('{ "deviceOrientation": "portrait" }\n')
    (root / "project.config.json").write_text('{ "appid": "tt1234567890abcdef" }\n')
    return root


def test_each_use_is_walked_once_per_depth_however_often_the_functions_call_each_other(tmp_path, cli, monkeypatch) -> None:
    walks = []
    walk = guards._walk_outside
    monkeypatch.setattr(guards, "_walk_outside", lambda *args: walks.append(args[1]) or walk(*args))
    root = _game(tmp_path / "game", uses=16)
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    assert "MN503" not in run.stdout, run.stdout  # showToast, inside the IIFE `!window.tt` keeps off TikTok
    assert 0 < len(walks) < 16 * 10 * guards.MAX_DEPTH, len(walks)  # at most a walk per use and depth; 16^4 without


def test_the_answers_are_forgotten_after_each_question(tmp_path, cli) -> None:
    root = _game(tmp_path / "game", uses=2)
    cli("lint", ".", "--no-cache", "--exit-zero", cwd=root)
    assert guards._ANSWERED == {}
