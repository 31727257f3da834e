"""What a web page in the developer's browser may do to the mock and the simulator (issue 28): nothing, unless it is
one of the mock's own pages. Real Chromium, real servers on loopback ports."""

from __future__ import annotations

import time

import httpx
import pytest

from minis_cli.dev.forwarder import Forwarder
from minis_cli.mock import MockTikTok

pytestmark = pytest.mark.e2e


@pytest.fixture
def mock():
    with MockTikTok() as running:
        yield running


def _csp_errors(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m]


def test_a_foreign_page_cannot_change_the_mock(page, serve_pages, mock) -> None:
    """A page on another loopback origin submits forms (text/plain and urlencoded: no preflight) and fires no-cors
    fetches at the control API: the clock, the users and the webhook target stay as they were."""
    users_before = len(mock.store.users())
    settings_before = mock.state.settings
    foreign = serve_pages(
        {
            "index.html": f"""<!doctype html><body>
<form id=a method=post action="{mock.url}/_mock/clock" enctype="text/plain" target=sink><input name='{{"advance":86400,"x":"' value='"}}'></form>
<form id=b method=post action="{mock.url}/_mock/users" target=sink2><input name=name value=mallory></form>
<iframe name=sink></iframe><iframe name=sink2></iframe>
<script>
document.getElementById('a').submit();
document.getElementById('b').submit();
fetch('{mock.url}/_mock/reset', {{method: 'POST', mode: 'no-cors'}});
fetch('{mock.url}/_mock/config', {{method: 'POST', mode: 'no-cors', headers: {{'content-type': 'text/plain'}},
  body: JSON.stringify({{webhook_url: 'http://127.0.0.1:9/steal'}})}}).finally(() => document.body.dataset.done = '1');
</script></body>"""
        }
    )
    page.goto(f"{foreign}/index.html")
    page.wait_for_selector("body[data-done='1']")
    time.sleep(0.5)  # the form posts land in their frames
    assert mock.state.clock.offset == 0
    assert len(mock.store.users()) == users_before and mock.store.user("mallory") is None
    assert mock.state.settings == settings_before
    # the mock's own page may (the simulator's buttons): same origin, JSON
    simulator = f"{mock.url}/_mock/simulator?target={foreign}/index.html"
    page.goto(simulator)
    status = page.evaluate(
        "fetch('/_mock/clock', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({advance: 60})}).then(r => r.status)"
    )
    assert status == 200 and mock.state.clock.offset == 60


def test_a_rebinding_host_name_reads_nothing(mock) -> None:
    """A DNS-rebinding page is same-origin with the mock under its own name: the Host header gives it away."""
    response = httpx.get(f"{mock.url}/_mock/config", headers={"host": f"rebind.attacker.example:{mock.port}"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "mock_control_forbidden"
    assert mock.client_secret not in response.text
    for host in (f"127.0.0.1:{mock.port}", f"localhost:{mock.port}", f"app.localhost:{mock.port}", f"[::1]:{mock.port}"):
        assert httpx.get(f"{mock.url}/_mock/config", headers={"host": host}).status_code == 200, host
    # the API a backend calls keeps answering under any name (a container's service name): its secret guards it
    assert httpx.get(f"{mock.url}/v2/user/info/", headers={"host": "tiktok-mock:9000"}).status_code == 401


def test_a_script_url_never_reaches_the_phone(page, mock) -> None:
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    for target in ("javascript:alert(document.domain)", "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example/"):
        response = page.goto(f"{mock.url}/_mock/simulator?target={target}")
        assert response is not None and response.status == 400, target
    assert fired == []


def test_the_simulator_page_has_a_policy_and_loads_a_mini_without_csp_errors(page, serve_pages, mock) -> None:
    mini = serve_pages({"index.html": "<!doctype html><title>m</title><p id=ok>mini</p>"})
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    response = page.goto(f"{mock.url}/_mock/simulator?target={mini}/index.html")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "frame-src 'self' http: https:" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    page.frame_locator("#mini").locator("#ok").wait_for()
    page.wait_for_function("window.miniLoaded === true")
    assert _csp_errors(messages) == []
    # what the policy is for: a script: frame made later by anything on the page is blocked
    page.evaluate("document.getElementById('mini').src = 'javascript:parent.document.body.dataset.owned = 1'")
    time.sleep(0.3)
    assert page.evaluate("document.body.dataset.owned") is None


def test_the_preview_policy_is_valid_in_chromium(page, serve_pages, mock) -> None:
    """The preview's CSP once listed http://[::1]:*, which Chromium rejects: two console errors on every load."""
    site = serve_pages({"index.html": "<!doctype html><title>p</title><p id=ok>page</p>"})
    port = int(site.rsplit(":", 1)[1])
    proxy = Forwarder("127.0.0.1", port, mock.url, trusted_domains=("api.example.com", "[2001:db8::1]")).start()
    try:
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        page.goto(f"{proxy.url}/index.html")
        page.locator("#ok").wait_for()
        time.sleep(0.2)
        assert _csp_errors(messages) == []
    finally:
        proxy.stop()
