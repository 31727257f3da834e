"""Issue 30's gap: `dev`, `build` and `init --existing` run at the root of a multi-target project use the TikTok
target subfolder lint finds there (targets.tiktok_root: one resolution), and each says so in one line."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

from test_dev import DEV_SERVER, MINIS_PY, free_port, needs_node, read_until_preview, start_dev

from minis_cli.lint.rules.registry import BASELINE_FILES
from minis_cli.project import tiktok_root

WHY = "mini/ is the TikTok target (mini/minis.config.json); the folder itself has no TikTok config and no page loading the SDK"
# The root: the game's plain web version (no SDK, no TikTok config) and a backend; mini/: the TikTok target.
WEB_PAGE = '<!doctype html>\n<html><head><title>Invaders</title></head><body><canvas></canvas><script src="game.js"></script></body></html>\n'
WEB_VERSION = {"index.html": WEB_PAGE, "game.js": "navigator.clipboard.writeText('score');\n", "server/index.js": "require('http');\n"}


def multi_target(root: Path, port: int) -> Path:
    files: dict[str, str | bytes] = dict(WEB_VERSION)
    for path, content in BASELINE_FILES.items():
        files[f"mini/{path}"] = content
    files["mini/package.json"] = json.dumps({"name": "mini", "private": True, "scripts": {"dev": "node devserver.cjs"}})
    files["mini/minis.config.json"] = json.dumps({"clientKey": "awexample123", "dev": {"port": port}})
    files["mini/devserver.cjs"] = DEV_SERVER
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def test_one_resolution_for_every_command(tmp_path: Path) -> None:
    root = multi_target(tmp_path / "game", 0)
    assert tiktok_root(root) == (root / "mini", WHY)
    assert tiktok_root(root / "game.js") == (root, None)  # a file named on the command line is linted where it is
    assert tiktok_root(root / "mini") == (root / "mini", None)


@needs_node
def test_dev_at_the_root_runs_the_target_lint_checks(tmp_path: Path) -> None:
    root = multi_target(tmp_path / "game", free_port())
    lint = subprocess.run([*MINIS_PY, "lint", "--no-cache", "--output-format", "concise"], cwd=root, capture_output=True, text=True, timeout=120)
    assert lint.returncode == 0, lint.stdout + lint.stderr  # the root's web version (its clipboard call) is not the Mini
    assert "minis-py: linting " + str(root / "mini") + ": mini/ is the TikTok target" in lint.stderr
    process = start_dev(root)
    try:
        preview = read_until_preview(process)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert preview.startswith("http://127.0.0.1:")
    assert (root / "mini" / "ran.marker").is_file() and not (root / "ran.marker").exists()  # the dev script ran in mini/
    said = [line for line in err.splitlines() if "TikTok target" in line]
    assert said == [f"minis-py: dev runs {root / 'mini'}: {WHY}"]


def test_dev_at_the_root_refuses_what_the_target_has(tmp_path: Path) -> None:
    root = multi_target(tmp_path / "game", free_port())
    (root / "mini" / "minis.config.json").write_text(json.dumps({"clientKey": "awexample123", "dev": {"port": free_port()}, "build": 3}))
    run = subprocess.run([*MINIS_PY, "dev"], cwd=root, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "mini/ is the TikTok target" in run.stderr and "minis.config.json" in run.stderr
    assert "MN101" not in run.stderr and "game.js" not in run.stderr  # the root's web version is not checked


def test_build_and_adopt_at_the_root_use_the_target(tmp_path: Path) -> None:
    root = multi_target(tmp_path / "game", 0)
    build = subprocess.run([*MINIS_PY, "build"], cwd=root, capture_output=True, text=True, timeout=120)
    assert f"minis-py: building {root / 'mini'}: mini/ is the TikTok target" in build.stderr
    assert not (root / "minis.zip").exists()
    adopt = subprocess.run([*MINIS_PY, "init", "--existing", "--dry-run"], cwd=root, capture_output=True, text=True, timeout=120)
    assert adopt.returncode == 0, adopt.stderr
    assert f"minis-py: adopting {root / 'mini'}: mini/ is the TikTok target" in adopt.stderr
    assert not (root / "minis.config.json").exists() and "mini" in adopt.stdout
