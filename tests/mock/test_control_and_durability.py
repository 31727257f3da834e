"""The control API, concurrency, durability across SIGKILL, bad input, `minis-py mock serve`, and the plugin."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minis_cli.mock import MockTikTok

MINIS_PY = [sys.executable, "-m", "minis_cli"]


# --- control API ---------------------------------------------------------------------------------------


def test_health_config_and_clock(tiktok_mock) -> None:
    assert httpx.get(f"{tiktok_mock.url}/_mock/health").json() == {"ok": True}
    config = httpx.get(f"{tiktok_mock.url}/_mock/config").json()
    assert config["base_url"] == tiktok_mock.url and config["apps"][0]["client_secret"] == tiktok_mock.client_secret
    assert config["settings"]["access_ttl"] == 86400
    before = httpx.get(f"{tiktok_mock.url}/_mock/clock").json()["now"]
    after = httpx.post(f"{tiktok_mock.url}/_mock/clock", json={"advance": 3600}).json()
    assert after["offset"] == 3600 and after["now"] - before >= 3600
    assert httpx.post(f"{tiktok_mock.url}/_mock/clock", json={"advance": -5}).status_code == 400


def test_users_can_be_added_and_codes_minted_over_http(tiktok_mock) -> None:
    created = httpx.post(f"{tiktok_mock.url}/_mock/users", json={"name": "dana", "display_name": "Dana Ito", "follower_count": 5}).json()
    assert created["display_name"] == "Dana Ito" and tiktok_mock.client_key in created["open_ids"]
    minted = httpx.post(
        f"{tiktok_mock.url}/_mock/codes", json={"client_key": tiktok_mock.client_key, "user": "dana", "scope": "user.info.basic,user.info.stats"}
    ).json()
    tokens = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/token/",
        data={"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret, "grant_type": "authorization_code", "code": minted["code"]},
    ).json()
    assert tokens["open_id"] == minted["open_id"] == created["open_ids"][tiktok_mock.client_key]
    info = httpx.get(
        f"{tiktok_mock.url}/v2/user/info/", params={"fields": "display_name,follower_count"}, headers={"Authorization": "Bearer " + tokens["access_token"]}
    ).json()
    assert info["data"]["user"] == {"display_name": "Dana Ito", "follower_count": 5}
    assert httpx.post(f"{tiktok_mock.url}/_mock/users", json={"name": "x y"}).status_code == 400
    assert httpx.post(f"{tiktok_mock.url}/_mock/users", json={"name": "eve", "follower_count": "many"}).status_code == 400


def test_reset_restores_the_seeded_state(tiktok_mock) -> None:
    tiktok_mock.add_user("zed")
    tiktok_mock.advance(100)
    httpx.post(f"{tiktok_mock.url}/_mock/reset")
    assert [u["name"] for u in httpx.get(f"{tiktok_mock.url}/_mock/users").json()["users"]] == ["alice", "bruno", "chidi"]
    assert httpx.get(f"{tiktok_mock.url}/_mock/clock").json()["offset"] == 0
    assert httpx.get(f"{tiktok_mock.url}/_mock/requests").json()["requests"] == []


def test_faults_over_http(tiktok_mock) -> None:
    assert (
        httpx.post(f"{tiktok_mock.url}/_mock/faults", json={"endpoint": "user_info", "error": "internal_error", "status": 500, "count": 2}).json()["pending"]
        == 2
    )
    assert httpx.post(f"{tiktok_mock.url}/_mock/faults", json={"endpoint": "nowhere"}).status_code == 400
    assert httpx.delete(f"{tiktok_mock.url}/_mock/faults").json() == {"ok": True}
    assert httpx.get(f"{tiktok_mock.url}/_mock/faults").json() == {"faults": []}


# --- concurrency ---------------------------------------------------------------------------------------


def test_a_hundred_concurrent_redemptions_of_one_code_give_exactly_one_200(tiktok_mock) -> None:
    code = tiktok_mock.issue_code()
    form = {"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret, "grant_type": "authorization_code", "code": code}

    async def race() -> list[httpx.Response]:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=100)) as client:
            return await asyncio.gather(*(client.post(f"{tiktok_mock.url}/v2/oauth/token/", data=form) for _ in range(100)))

    # In a thread of its own: the session's browser (Playwright's sync API) owns this thread's event loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        responses = pool.submit(asyncio.run, race()).result()
    winners = [r for r in responses if "access_token" in r.json()]
    assert len(winners) == 1
    assert {r.json().get("error") for r in responses if r not in winners} == {"invalid_grant"}


# --- durability --------------------------------------------------------------------------------------


def start_serve(state: Path, port: int = 0) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [*MINIS_PY, "mock", "serve", "--state", str(state), "--port", str(port), "--client-key", "awdurable", "--client-secret", "durable-secret-123"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = process.stdout.readline()
    assert first.startswith("Mock TikTok: "), first + process.stderr.read()
    url = first.split()[-1]
    for _ in range(200):
        try:
            if httpx.get(f"{url}/_mock/health").status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.02)
    raise AssertionError("mock did not come up")


def test_every_answered_token_survives_sigkill_and_restart(tmp_path: Path) -> None:
    state = tmp_path / "mock.sqlite3"
    process, url = start_serve(state)
    answered: list[str] = []
    stop = threading.Event()

    def load() -> None:
        with httpx.Client(timeout=2) as client:
            while not stop.is_set():
                try:
                    code = client.post(f"{url}/_mock/codes", json={"client_key": "awdurable"}).json()["code"]
                    body = client.post(
                        f"{url}/v2/oauth/token/",
                        data={"client_key": "awdurable", "client_secret": "durable-secret-123", "grant_type": "authorization_code", "code": code},
                    ).json()
                except (httpx.TransportError, ValueError, KeyError):
                    return  # the server is gone
                if "access_token" in body:
                    answered.append(body["access_token"])

    workers = [threading.Thread(target=load) for _ in range(4)]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 10
    while len(answered) < 300 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)  # mid-load: requests are in flight
    process.wait()
    stop.set()
    for worker in workers:
        worker.join()
    assert len(answered) >= 300
    process, url = start_serve(state)
    try:
        with httpx.Client() as client:
            statuses = [
                client.get(f"{url}/v2/user/info/", params={"fields": "open_id"}, headers={"Authorization": f"Bearer {t}"}).status_code for t in answered
            ]
        assert statuses == [200] * len(answered)
    finally:
        process.terminate()
        process.wait()


# --- bad input ---------------------------------------------------------------------------------------

ENDPOINTS = [
    ("POST", "/v2/oauth/token/"),
    ("POST", "/v2/oauth/revoke/"),
    ("GET", "/v2/user/info/"),
    ("GET", "/v2/auth/authorize/"),
    ("POST", "/v2/auth/authorize/"),
    ("POST", "/_mock/sdk/login"),
    ("POST", "/_mock/sdk/authorize"),
    ("POST", "/_mock/sdk/rewards"),
    ("POST", "/_mock/users"),
    ("POST", "/_mock/codes"),
    ("POST", "/_mock/clock"),
    ("POST", "/_mock/faults"),
    ("GET", "/_mock/config"),
]
FIELD_NAMES = [
    "grant_type",
    "client_key",
    "client_secret",
    "code",
    "refresh_token",
    "token",
    "redirect_uri",
    "code_verifier",
    "fields",
    "scope",
    "response_type",
    "state",
    "code_challenge",
    "code_challenge_method",
    "decision",
    "user",
    "scopes",
    "advance",
    "endpoint",
    "name",
]
texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["authorization_code", "refresh_token", "client_credentials", "code", "S256", "allow", "deny", "alice", "user.info.basic", "", "%", "%zz", "\x00"]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(st.sampled_from(FIELD_NAMES), texts, max_size=6),
    raw=st.binary(max_size=200),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/json",
            "text/plain",
            "multipart/form-data; boundary=x",
            "",
            "application/x-www-form-urlencoded; charset=latin-1",
        ]
    ),
    authorization=st.sampled_from(["", "Bearer", "Bearer act.nope", "bearer  x y", "Basic abc", "Bearer \u00e9"]),
    use_raw=st.booleans(),
)
def test_generated_requests_never_get_a_500_or_a_traceback(tiktok_mock, params, raw, content_type, authorization, use_raw) -> None:
    key_params = {**params, "client_key": params.get("client_key", tiktok_mock.client_key)}
    with httpx.Client(base_url=tiktok_mock.url, timeout=5) as client:
        for method, path in ENDPOINTS:
            headers = {"content-type": content_type} if content_type else {}
            if authorization:
                headers["authorization"] = authorization.encode("utf-8")
            if method == "GET":
                response = client.get(path, params=key_params, headers=headers)
            elif use_raw:
                response = client.post(path, content=raw, headers=headers)
            elif "json" in content_type or path.startswith("/_mock"):
                response = client.post(path, content=json.dumps(key_params), headers=headers)
            else:
                response = client.post(path, data=key_params, headers=headers)
            assert response.status_code < 500, (path, response.status_code, response.text[:300])
            assert "Traceback" not in response.text
            assert "x-tt-logid" in response.headers or response.status_code == 204


@pytest.mark.parametrize("path", ["/v2/oauth/token/", "/v2/oauth/revoke/", "/v2/auth/authorize/", "/_mock/codes", "/_mock/sdk/login"])
def test_bodies_over_64_kb_get_413(tiktok_mock, path) -> None:
    big = "grant_type=client_credentials&pad=" + "x" * 70_000
    kind = "application/json" if path.startswith("/_mock/") else "application/x-www-form-urlencoded"  # the control API takes JSON only
    response = httpx.post(f"{tiktok_mock.url}{path}", content=big, headers={"content-type": kind})
    assert response.status_code == 413

    def chunks():
        for _ in range(70):
            yield b"x" * 1024

    streamed = httpx.post(f"{tiktok_mock.url}/v2/oauth/token/", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413 and streamed.json()["error"] == "invalid_request"


def test_unknown_paths_answer_in_tiktoks_shape(tiktok_mock) -> None:
    response = httpx.get(f"{tiktok_mock.url}/v2/nothing/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert httpx.get(f"{tiktok_mock.url}/v2/oauth/token/").status_code == 405


# --- minis-py mock serve ------------------------------------------------------------------------------


def test_mock_serve_prints_url_and_credentials_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [*MINIS_PY, "mock", "serve", "--client-key", "awprinted", "--client-secret", "printed-secret-1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    lines = [process.stdout.readline() for _ in range(3)]
    assert lines[0].startswith("Mock TikTok: http://127.0.0.1:")
    assert lines[1].split() == ["client_key:", "awprinted"] and lines[2].split() == ["client_secret:", "printed-secret-1"]
    url = lines[0].split()[-1]
    for _ in range(100):
        try:
            httpx.get(f"{url}/_mock/health")
            break
        except httpx.TransportError:
            time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0 and out.rstrip().endswith("Mock TikTok stopped.") and "Traceback" not in err


def test_mock_serve_print_config_json_is_one_line_a_script_can_read(tmp_path: Path) -> None:
    """Issue 17: scripts (the template's test/mock.js) read the mock's URL and app from JSON, not the banner."""
    import json

    process = subprocess.Popen(
        [*MINIS_PY, "mock", "serve", "--client-key", "awjsonline", "--client-secret", "json-secret-1", "--print-config", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        config = json.loads(process.stdout.readline())
        assert config["client_key"] == "awjsonline" and config["client_secret"] == "json-secret-1" and config["state"] is None
        assert config["apps"] == [{"client_key": "awjsonline", "client_secret": "json-secret-1", "kind": "minis"}] and len(config["control_token"]) >= 16
        assert httpx.get(f"{config['url']}/_mock/health").status_code == 200  # listening once printed
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert out == "" and process.returncode == 0 and "Traceback" not in err  # nothing but the one line


def test_mock_serve_uses_the_projects_client_key(tmp_path: Path) -> None:
    (tmp_path / "minis.config.json").write_text('{"clientKey": "awfromconfig"}')
    process = subprocess.Popen([*MINIS_PY, "mock", "serve"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        process.stdout.readline()
        assert process.stdout.readline().split() == ["client_key:", "awfromconfig"]
    finally:
        process.terminate()
        process.wait()


def test_mock_serve_warns_when_not_on_loopback(tmp_path: Path) -> None:
    process = subprocess.Popen([*MINIS_PY, "mock", "serve", "--host", "0.0.0.0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        process.stdout.readline()
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
    assert err.startswith("warning: listening on 0.0.0.0")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--error-status", "500"], "--error-status must be 200 or 4xx"),
        (["--users", "missing.json"], "cannot read"),
        (["--print-config", "yaml"], "--print-config takes json"),
    ],
)
def test_mock_serve_bad_options_are_clear_errors(cli, tmp_path, args, message) -> None:
    run = cli("mock", "serve", *args, cwd=tmp_path)
    assert run.exit_code == 2 and message in run.stderr and "Traceback" not in run.stderr


def test_a_busy_port_is_a_clear_error(cli, tiktok_mock) -> None:
    run = cli("mock", "serve", "--port", str(tiktok_mock.port))
    assert run.exit_code == 2 and run.stderr.startswith(f"error: cannot listen on 127.0.0.1:{tiktok_mock.port}")


def test_a_state_file_from_before_app_kinds_opens_with_minis_apps(tmp_path: Path) -> None:
    import sqlite3

    state = tmp_path / "old.sqlite3"
    with sqlite3.connect(state) as db:
        db.execute("CREATE TABLE apps (client_key TEXT PRIMARY KEY, client_secret TEXT NOT NULL, redirect_uris TEXT NOT NULL)")
        db.execute("INSERT INTO apps VALUES ('awold', 'old-secret-1', '[]')")
    with MockTikTok(state=state) as tiktok:
        assert tiktok.client_key == "awold" and tiktok.state.apps[0].kind == "minis"


def test_users_file_seeds_users_and_apps(tmp_path: Path) -> None:
    (tmp_path / "users.json").write_text(
        json.dumps({"users": [{"name": "dana", "display_name": "Dana Ito"}], "apps": [{"client_key": "awfile", "client_secret": "file-secret-1"}]})
    )
    from minis_cli.mock.server import load_users_file

    users, apps = load_users_file(tmp_path / "users.json")
    with MockTikTok(users=users, apps=apps) as tiktok:
        assert tiktok.client_key == "awfile" and [u["name"] for u in httpx.get(f"{tiktok.url}/_mock/users").json()["users"]] == ["dana"]


# --- the pytest plugin --------------------------------------------------------------------------------


def test_the_plugin_gives_backend_tests_the_fixture_and_marker(pytester) -> None:
    pytester.makepyfile(
        """
        import httpx, pytest

        def token(tiktok_mock, **form):
            app = {"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret}
            return httpx.post(f"{tiktok_mock.url}/v2/oauth/token/", data={**app, **form}).json()

        def test_refresh(tiktok_mock):
            tokens = token(tiktok_mock, grant_type="authorization_code", code=tiktok_mock.issue_code())
            rotated = token(tiktok_mock, grant_type="refresh_token", refresh_token=tokens["refresh_token"])
            again = token(tiktok_mock, grant_type="refresh_token", refresh_token=tokens["refresh_token"])
            assert "refresh_token" in rotated and again["error"] == "invalid_grant"

        @pytest.mark.tiktok_mock(error_status="4xx", access_ttl=60)
        def test_marker(tiktok_mock):
            assert tiktok_mock.state.settings.access_ttl == 60
            form = {"grant_type": "client_credentials", "client_key": "nope", "client_secret": "x"}
            assert httpx.post(f"{tiktok_mock.url}/v2/oauth/token/", data=form).status_code == 401

        def test_reset_between_tests(tiktok_mock):
            assert tiktok_mock.state.settings.access_ttl == 86400 and tiktok_mock.requests == []

        @pytest.mark.tiktok_mock(acces_ttl=60)
        def test_typo(tiktok_mock):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*unknown tiktok_mock setting 'acces_ttl'*"])


# --- issue 28: `mock serve --app-kind web` -----------------------------------------------------------------


def _serve(tmp_path: Path, *args: str) -> tuple[subprocess.Popen, dict]:
    process = subprocess.Popen(
        [*MINIS_PY, "mock", "serve", *args, "--print-config", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )
    return process, json.loads(process.stdout.readline() or "{}")


def test_mock_serve_app_kind_web_runs_the_login_kit_for_web_flow_without_a_users_file(tmp_path: Path) -> None:
    """The web OAuth flow with profile, stats and video scopes, from one flag (issue 28)."""
    process, config = _serve(tmp_path, "--app-kind", "web", "--client-key", "awweb0001", "--client-secret", "web-secret-1")
    try:
        url = config["url"]
        assert config["apps"] == [{"client_key": "awweb0001", "client_secret": "web-secret-1", "kind": "web"}]
        scopes = "user.info.basic,user.info.profile,user.info.stats,video.list"
        query = {"client_key": "awweb0001", "redirect_uri": "http://localhost:3000/auth/callback", "response_type": "code", "scope": scopes, "state": "s1"}
        page = httpx.get(f"{url}/v2/auth/authorize/", params=query)
        assert page.status_code == 200 and "video.list" in page.text and "user.info.profile" in page.text
        allowed = httpx.post(f"{url}/v2/auth/authorize/", data={**query, "decision": "allow"})
        assert allowed.status_code == 302
        redirect = httpx.URL(allowed.headers["location"])
        assert redirect.params["state"] == "s1" and set(redirect.params["scopes"].split(",")) == set(scopes.split(","))
        token = httpx.post(
            f"{url}/v2/oauth/token/",
            data={
                "client_key": "awweb0001",
                "client_secret": "web-secret-1",
                "code": redirect.params["code"],
                "grant_type": "authorization_code",
                "redirect_uri": "http://localhost:3000/auth/callback",
            },
        ).json()
        info = httpx.get(
            f"{url}/v2/user/info/",
            params={"fields": "open_id,display_name,username,bio_description,follower_count,video_count"},
            headers={"authorization": f"Bearer {token['access_token']}"},
        ).json()
        assert info["error"]["code"] == "ok" and {"username", "bio_description", "follower_count", "video_count"} <= set(info["data"]["user"])
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
    assert process.returncode == 0


def test_mock_serve_default_app_is_a_minis_app_and_app_kind_is_in_the_help(tmp_path: Path) -> None:
    process, config = _serve(tmp_path, "--client-key", "awminis0001")
    try:
        query = {"client_key": "awminis0001", "redirect_uri": "http://localhost:3000/cb", "response_type": "code", "scope": "user.info.basic,video.list"}
        refused = httpx.get(f"{config['url']}/v2/auth/authorize/", params=query)
        assert refused.status_code == 400 and "--app-kind web" in refused.text and config["apps"][0]["kind"] == "minis"
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
    shown = subprocess.run([*MINIS_PY, "mock", "serve", "--help"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, check=True)
    help_text = " ".join(shown.stdout.split())
    assert "--app-kind <str> minis (a Mini or mini game" in help_text and "web (Login Kit for Web" in help_text


def test_app_kind_changes_the_current_app_of_a_saved_state(tmp_path: Path) -> None:
    state = tmp_path / "mock.sqlite3"
    with MockTikTok(state=state, client_key="awsaved0001", client_secret="saved-secret-1") as tiktok:
        assert tiktok.state.apps[0].kind == "minis"
    with MockTikTok(state=state, client_key="awsaved0001", app_kind="web") as tiktok:
        assert tiktok.state.apps[0].kind == "web" and tiktok.client_secret == "saved-secret-1"
        assert {a["client_key"]: a["kind"] for a in httpx.get(f"{tiktok.url}/_mock/config").json()["apps"]} == {"awsaved0001": "web"}
    with MockTikTok(state=state, client_key="awsaved0001") as tiktok:  # no kind asked: the saved one stands
        assert tiktok.state.apps[0].kind == "web"
    with pytest.raises(ValueError, match="app_kind must be one of minis, web"):
        MockTikTok(app_kind="desktop")


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--app-kind", "desktop"], "--app-kind must be one of minis, web"), (["--app-kind", "web", "--users", "users.json"], "lists its own apps")],
)
def test_mock_serve_bad_app_kinds_are_clear_errors(cli, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "users.json").write_text(json.dumps({"apps": [{"client_key": "awfile", "client_secret": "file-secret-1"}]}))
    run = cli("mock", "serve", *args, cwd=tmp_path)
    assert run.exit_code == 2 and message in run.stderr and "Traceback" not in run.stderr
