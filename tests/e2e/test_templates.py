"""The generated projects in headless Chromium: their backend under `npm run dev`, the SDK URL answered by
the mock (Playwright routes it; `minis-py dev`'s proxy will do the same), a real login and authorization."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .conftest import free_port, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(shutil.which("npm") is None, reason="Node.js and npm are not installed")]


@pytest.fixture
def running_project(cli, tmp_path, tiktok_mock, request):
    template = request.param
    assert cli("init", "site", "--template", template, "--client-key", tiktok_mock.client_key).exit_code == 0
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIKTOK_")}
    env.update(PORT=str(port), HOST="127.0.0.1", PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}", **tiktok_mock.env)
    backend = subprocess.Popen(
        ["npm", "run", "dev"], cwd=tmp_path / "site", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.05)
    yield template, base
    os.killpg(backend.pid, signal.SIGTERM)
    backend.wait(timeout=10)


def open_with_mock_sdk(page, base, tiktok):
    def answer_with(body: str):
        return lambda route: route.fulfill(body=body, content_type="application/javascript")

    for flavor in ("drama", "game"):
        # The SDK talks to the origin it was loaded from; loaded from TikTok's URL here, it is told the mock's.
        body = httpx.get(f"{tiktok.url}/{flavor}/sdk.js").text.replace("var ORIGIN = ", f"var ORIGIN = '{tiktok.url}'; var LOADED_FROM = ", 1)
        page.route(f"https://connect.tiktok-minis.com/{flavor}/sdk.js", answer_with(body))
    page.goto(base + "/")
    page.wait_for_function("document.getElementById('status').textContent === 'Signed in.'")


@pytest.mark.parametrize("running_project", ["drama"], indirect=True)  # the game template is native: tests/e2e/test_game_template.py
def test_allow_shows_the_profile_the_backend_fetched(page, running_project, tiktok_mock) -> None:
    template, base = running_project
    open_with_mock_sdk(page, base, tiktok_mock)
    page.click("#profile")
    page.select_option("#ttminis-mock-user", "alice")
    page.click("#ttminis-mock-allow")
    page.wait_for_function("document.getElementById('name').textContent === 'Alice Chen'")
    assert page.get_attribute("#avatar", "src").endswith("/_mock/avatars/alice.svg")
    screenshot(page, f"{template}-allow")
    endpoints = [entry["endpoint"] for entry in tiktok_mock.requests]
    assert endpoints.count("token") == 2 and "user_info" in endpoints  # the backend exchanged both codes


@pytest.mark.parametrize("running_project", ["drama"], indirect=True)
def test_deny_falls_back_to_tiktok_player(page, running_project, tiktok_mock) -> None:
    _, base = running_project
    open_with_mock_sdk(page, base, tiktok_mock)
    page.click("#profile")
    page.click("#ttminis-mock-deny")
    page.wait_for_function("document.getElementById('status').textContent === 'Profile not shared.'")
    assert page.text_content("#name") == "TikTok Player"
    assert page.get_attribute("#avatar", "src") == "/src/default-avatar.svg"
    screenshot(page, "drama-deny")


def _start_backend(project: Path, port: int, tiktok) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIKTOK_")}
    env.update(PORT=str(port), HOST="127.0.0.1", **tiktok.env)
    backend = subprocess.Popen(["npm", "run", "dev"], cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            return backend
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError("the backend did not start")


def _stop_backend(backend: subprocess.Popen, port: int | None = None) -> None:
    """Stop npm and its node child; with a port, return only once nothing answers on it any more."""
    try:
        os.killpg(backend.pid, signal.SIGTERM)  # the whole group: npm exits before node does
    except ProcessLookupError:
        pass
    backend.wait(timeout=10)
    for _ in range(200 if port else 0):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        except OSError:
            return
        time.sleep(0.05)
    if port:
        raise AssertionError(f"the backend still answers on port {port}")


def test_a_backend_stopped_mid_session_gets_a_retry_and_the_page_recovers(page, cli, tmp_path, tiktok_mock) -> None:
    """Issue 10: no endless "Signing in…", no console errors (favicon), "Signed in." kept after Allow."""
    assert cli("init", "site", "--client-key", tiktok_mock.client_key).exit_code == 0
    project, port = tmp_path / "site", free_port()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    backend = _start_backend(project, port, tiktok_mock)
    try:
        open_with_mock_sdk(page, f"http://127.0.0.1:{port}", tiktok_mock)
        page.click("#profile")
        page.click("#ttminis-mock-allow")
        page.wait_for_function("document.getElementById('name').textContent === 'Alice Chen'")
        assert page.text_content("#status") == "Signed in."
        assert problems == [], problems

        _stop_backend(backend, port)
        page.click("#profile")
        page.click("#ttminis-mock-allow")  # the SDK still answers; the backend does not
        page.wait_for_function("document.getElementById('status').textContent === 'Could not reach the server.'")
        assert page.is_visible("#retry") and page.is_enabled("#profile")
        screenshot(page, "drama-backend-down")

        backend = _start_backend(project, port, tiktok_mock)
        page.click("#retry")  # a user action: authorize may ask again
        page.click("#ttminis-mock-allow")
        page.wait_for_function("document.getElementById('status').textContent === 'Signed in.'")
        assert page.text_content("#name") == "Alice Chen" and not page.is_visible("#retry")
    finally:
        _stop_backend(backend)
