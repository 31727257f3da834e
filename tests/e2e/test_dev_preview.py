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

from .conftest import free_port, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(shutil.which("npm") is None, reason="Node.js and npm are not installed")]


@pytest.fixture
def preview(request, tmp_path):
    template = request.param
    minis_py = [sys.executable, "-m", "minis_cli"]
    subprocess.run([*minis_py, "init", "mini", "--template", template, "--client-key", "awpreview0001"], cwd=tmp_path, check=True, capture_output=True)
    config = tmp_path / "mini" / "minis.config.json"
    settings = json.loads(config.read_text())
    settings["dev"]["port"] = free_port()
    config.write_text(json.dumps(settings))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    process = subprocess.Popen(
        [*minis_py, "dev", "--no-watch"], cwd=tmp_path / "mini", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    url = mock_url = None
    deadline = time.monotonic() + 60
    for line in process.stdout:  # type: ignore[union-attr]
        if line.startswith("Preview: "):
            url = line.split()[1]
        if line.strip().startswith("mock TikTok: "):
            mock_url = line.split()[2]
        if line.strip().startswith("webhooks to: ") or time.monotonic() > deadline:  # the last line dev prints
            break
    assert url and mock_url, process.stderr.read()  # type: ignore[union-attr]
    request.node.mock_url = mock_url
    yield template, url
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=20)


@pytest.mark.parametrize("preview", ["drama"], indirect=True)  # a native game has no page preview: test_game_template.py
def test_allow_through_the_preview_shows_the_mock_user(page, preview) -> None:
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
def test_deny_through_the_preview_shows_the_fallback(page, preview) -> None:
    _, url = preview
    page.goto(url)
    page.wait_for_function("document.getElementById('status').textContent === 'Signed in.'")
    page.click("#profile")
    page.click("#ttminis-mock-deny")
    page.wait_for_function("document.getElementById('status').textContent === 'Profile not shared.'")
    assert page.text_content("#name") == "TikTok Player"
    screenshot(page, "preview-drama-deny")


def _owned(page) -> list:
    return page.evaluate("fetch('/api/me').then((r) => r.json()).then((me) => me.owned)")


def _wait(check, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("preview", ["drama"], indirect=True)
def test_buying_the_item_grants_it_on_the_webhook_once_and_refuses_a_forgery(page, preview, request) -> None:
    """Issue 12: the drama template sells one item through TTMinis.pay; the backend grants on the signed
    webhook only, once, and refuses a forged one."""
    import httpx

    _, url = preview
    mock = request.node.mock_url
    page.goto(url)
    page.wait_for_function("document.getElementById('status').textContent === 'Signed in.'")
    page.click("#buy")
    page.wait_for_selector("#ttminis-mock-pay")
    screenshot(page, "preview-drama-pay-sheet")
    page.click("#ttminis-mock-pay-confirm")
    page.wait_for_function("document.getElementById('shop-note').textContent === 'Unlocked: episodes 2-10.'")
    assert page.is_hidden("#buy")
    screenshot(page, "preview-drama-unlocked")
    [delivered] = httpx.get(f"{mock}/_mock/webhooks").json()["webhooks"]
    assert (delivered["event"], delivered["status"], delivered["last_status"]) == ("minis.trade_order.redeem.success", "delivered", 200)
    assert delivered["url"].endswith("/api/webhooks/tiktok")

    assert httpx.post(f"{mock}/_mock/webhooks/{delivered['id']}/replay").status_code == 200
    _wait(lambda: httpx.get(f"{mock}/_mock/webhooks").json()["webhooks"][0]["attempts"] == 2)
    assert _owned(page) == ["episodes-2-10"]
    body = delivered["body"]
    forged = httpx.post(
        url.rstrip("/") + "/api/webhooks/tiktok",
        content=json.dumps(body).encode(),
        headers={"content-type": "application/json", "tiktok-signature": f"t={int(time.time())},s={'0' * 64}"},
    )
    assert forged.status_code == 401 and forged.json()["error"] == "invalid_signature"


@pytest.mark.parametrize("preview", ["drama"], indirect=True)
def test_a_cancelled_payment_grants_nothing(page, preview, request) -> None:
    import httpx

    _, url = preview
    page.goto(url)
    page.wait_for_function("document.getElementById('status').textContent === 'Signed in.'")
    page.click("#buy")
    page.click("#ttminis-mock-pay-cancel")
    page.wait_for_function("document.getElementById('shop-note').textContent === 'Payment cancelled: nothing was charged.'")
    assert page.is_visible("#buy") and page.is_enabled("#buy")
    assert _owned(page) == []
    assert httpx.get(f"{request.node.mock_url}/_mock/webhooks").json()["webhooks"] == []
    [order] = httpx.get(f"{request.node.mock_url}/_mock/orders").json()["orders"]
    assert (order["status"], order["closed"]) == ("PENDING", True)
