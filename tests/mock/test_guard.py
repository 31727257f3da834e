"""Bound beyond loopback, the control API answers only loopback clients or holders of the control token
(issue 13). Driven through the ASGI app with made-up client addresses: no traffic leaves loopback."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from minis_cli.mock import MockTikTok

LAN_CLIENT = ("192.0.2.10", 50000)  # TEST-NET-1: documentation only, never routed
LAN_BASE = "http://192.0.2.1:9000"  # the mock's LAN address, as a phone names it


class AppClient:
    """The ASGI app called in-process through httpx's ASGI transport, one request at a time, with a made-up client
    address (starlette's TestClient is deprecated with httpx)."""

    def __init__(self, app: Any, base_url: str, client: tuple[str, int]) -> None:
        self.transport = httpx.ASGITransport(app=app, client=client)
        self.base_url = base_url

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            async with httpx.AsyncClient(transport=self.transport, base_url=self.base_url) as client:
                return await client.request(method, path, **kwargs)

        # in a thread of its own: Playwright's sync API (the e2e tests, same session) keeps a loop running in this one
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, go()).result()

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)


@pytest.fixture
def lan_mock():
    mock = MockTikTok(host="0.0.0.0")  # never started: TestClient calls the app in-process
    yield mock
    mock.store.close()


def test_a_lan_client_without_the_token_gets_403_and_changes_nothing(lan_mock) -> None:
    client = AppClient(lan_mock.app, base_url=LAN_BASE, client=LAN_CLIENT)
    before = lan_mock.state.clock.offset
    response = client.post("/_mock/clock", json={"advance": 3600})
    assert response.status_code == 403
    body = response.json()
    assert body["error"]["code"] == "mock_control_forbidden" and body["error"]["log_id"] == response.headers["x-tt-logid"] and body["data"] == {}
    assert lan_mock.state.clock.offset == before
    for method, path in (
        ("GET", "/_mock/requests"),
        ("POST", "/_mock/codes"),
        ("GET", "/_mock/config"),
        ("POST", "/_mock/outcomes"),
        ("GET", "/_mock/simulator"),
        ("GET", "/_mock/devtools/stream"),
        ("POST", "/_mock/reset"),
        ("GET", "/_mock/users"),
    ):
        assert client.request(method, path).status_code == 403, path
    assert client.post("/_mock/clock", json={"advance": 60}, headers={"x-minis-token": "wrong"}).status_code == 403


def test_with_the_token_it_works(lan_mock) -> None:
    client = AppClient(lan_mock.app, base_url=LAN_BASE, client=LAN_CLIENT)
    response = client.post("/_mock/clock", json={"advance": 3600}, headers={"x-minis-token": lan_mock.control_token})
    assert response.status_code == 200 and lan_mock.state.clock.offset == 3600
    assert client.get(f"/_mock/clock?token={lan_mock.control_token}").json()["offset"] == 3600


def test_what_a_phone_needs_stays_open(lan_mock) -> None:
    client = AppClient(lan_mock.app, base_url=LAN_BASE, client=LAN_CLIENT)
    assert client.get("/drama/sdk.js").status_code == 200
    assert client.get("/_mock/libs/vConsole.js").status_code == 200
    assert client.get("/_mock/simulator/simulator.js").status_code == 200
    assert client.post("/_mock/sdk/outcome", json={"api": "pay"}).status_code == 200
    assert client.get("/_mock/health").status_code == 200
    token = client.post(
        "/v2/oauth/token/", data={"grant_type": "client_credentials", "client_key": lan_mock.client_key, "client_secret": lan_mock.client_secret}
    )
    assert token.status_code == 200 and "access_token" in token.json()
    assert (
        client.post(
            "/_mock/csp-report",
            content=b'{"csp-report":{"blocked-uri":"https://x.example/","effective-directive":"connect-src"}}',
            headers={"content-type": "application/csp-report"},
        ).status_code
        == 204
    )


def test_loopback_clients_need_no_token(lan_mock) -> None:
    for address in ("127.0.0.1", "::1"):
        client = AppClient(lan_mock.app, base_url=LAN_BASE, client=(address, 50000))
        assert client.post("/_mock/clock", json={"advance": 1}).status_code == 200


def test_on_loopback_there_is_no_token_guard() -> None:
    with MockTikTok() as mock:  # only the browser guard (Host, Origin, JSON), which passes the API's paths straight on
        assert type(mock.app).__name__ == "BrowserGuard" and type(mock.app.app).__name__ == "OAuthFront"


def test_mock_serve_allow_host_adds_a_name_pages_may_use(tmp_path) -> None:
    """A container's service name (http://tiktok-mock:9000) is a name, so the browser guard refuses it unless allowed."""
    import json
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "minis_cli", "mock", "serve", "--allow-host", "TikTok-Mock", "--print-config", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        url = json.loads(process.stdout.readline())["url"]
        port = url.rsplit(":", 1)[1]
        assert httpx.get(f"{url}/_mock/config", headers={"host": f"tiktok-mock:{port}"}).status_code == 200
        assert httpx.get(f"{url}/_mock/config", headers={"host": f"other-name:{port}"}).status_code == 403
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)


@pytest.mark.parametrize("name", ["http://x", "a b", "host:80", ""])
def test_allow_host_takes_only_host_names(cli, tmp_path, name) -> None:
    run = cli("mock", "serve", "--allow-host", name, cwd=tmp_path)
    assert run.exit_code == 2 and "--allow-host takes a host name" in run.stderr
