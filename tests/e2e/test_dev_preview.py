"""End to end through `minis-py dev`: init -> dev -> the Preview URL in Chromium -> silent login ->
"Show my profile" -> the mock's consent dialog -> Allow (the backend's profile) or Deny (the fallback)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(shutil.which("npm") is None, reason="Node.js and npm are not installed")]
from .conftest import free_port, screenshot


@pytest.fixture
def preview(request, tmp_path):  # noqa: ANN001, ANN201
    template = request.param
    minis_py = [sys.executable, "-m", "minis_cli"]
    subprocess.run([*minis_py, "init", "mini", "--template", template, "--client-key", "awpreview0001"], cwd=tmp_path, check=True, capture_output=True)
    config = tmp_path / "mini" / "minis.config.json"
    settings = json.loads(config.read_text())
    settings["dev"]["port"] = free_port()
    config.write_text(json.dumps(settings))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    process = subprocess.Popen([*minis_py, "dev", "--no-watch"], cwd=tmp_path / "mini", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    url = None
    deadline = time.monotonic() + 60
    for line in process.stdout:  # type: ignore[union-attr]
        if line.startswith("Preview: "):
            url = line.split()[1]
            break
        if time.monotonic() > deadline:
            break
    assert url, process.stderr.read()  # type: ignore[union-attr]
    yield template, url
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=20)


@pytest.mark.parametrize("preview", ["drama", "game"], indirect=True)
def test_allow_through_the_preview_shows_the_mock_user(page, preview) -> None:  # noqa: ANN001
    template, url = preview
    page.goto(url)
    page.wait_for_function("document.getElementById('status').textContent === 'Signed in.'")
    page.click("#profile")
    page.select_option("#ttminis-mock-user", "bruno")
    page.click("#ttminis-mock-allow")
    page.wait_for_function("document.getElementById('name').textContent === 'Bruno Martins'")
    assert page.get_attribute("#avatar", "src").endswith("/_mock/avatars/bruno.svg")
    screenshot(page, f"preview-{template}-allow")


@pytest.mark.parametrize("preview", ["drama"], indirect=True)
def test_deny_through_the_preview_shows_the_fallback(page, preview) -> None:  # noqa: ANN001
    _, url = preview
    page.goto(url)
    page.wait_for_function("document.getElementById('status').textContent === 'Signed in.'")
    page.click("#profile")
    page.click("#ttminis-mock-deny")
    page.wait_for_function("document.getElementById('status').textContent === 'Profile not shared.'")
    assert page.text_content("#name") == "TikTok Player"
    screenshot(page, "preview-drama-deny")


@pytest.mark.parametrize("preview", ["game"], indirect=True)
def test_the_game_shortcut_reward_through_the_preview(page, preview) -> None:  # noqa: ANN001
    _, url = preview
    page.goto(url)
    page.wait_for_function("document.getElementById('status').textContent === 'Signed in.'")
    page.click("#shortcut")
    page.wait_for_function("document.getElementById('coins').textContent === '100'")
    screenshot(page, "preview-game-reward")
