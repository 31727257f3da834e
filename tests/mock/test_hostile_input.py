"""Issue 10: values that are not JSON numbers, out-of-range numbers and deep nesting never poison the mock;
a saved state with a broken clock is repaired; the current app follows the key asked for; the rate
limiter's memory stays bounded."""

from __future__ import annotations

import json
import math
import socket
import sqlite3
import time
import warnings
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minis_cli.errors import MinisError
from minis_cli.mock import MockTikTok
from minis_cli.mock.ratelimit import RateLimiter
from minis_cli.mock.server import load_users_file

CONTROL = [
    "/_mock/clock",
    "/_mock/users",
    "/_mock/codes",
    "/_mock/faults",
    "/_mock/outcomes",
    "/_mock/sdk/outcome",
    "/_mock/sdk/login",
    "/_mock/sdk/authorize",
    "/_mock/sdk/rewards",
]
OAUTH = ["/v2/oauth/token/", "/v2/oauth/revoke/", "/v2/auth/authorize/"]


def token_request_works(tiktok: MockTikTok) -> None:
    """The mock still does its main job: a code exchange, and /_mock/codes minting one."""
    code = httpx.post(f"{tiktok.url}/_mock/codes", json={"client_key": tiktok.client_key}).json()["code"]
    response = httpx.post(
        f"{tiktok.url}/v2/oauth/token/",
        data={"client_key": tiktok.client_key, "client_secret": tiktok.client_secret, "grant_type": "authorization_code", "code": code},
    )
    assert response.status_code == 200 and response.json()["access_token"], response.text


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_and_do_not_poison_the_clock(tiktok_mock, literal: str) -> None:
    response = httpx.post(f"{tiktok_mock.url}/_mock/clock", content=f'{{"advance": {literal}}}', headers={"content-type": "application/json"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_request" and "NaN or Infinity" in body["error_description"] and body["log_id"]
    clock = httpx.get(f"{tiktok_mock.url}/_mock/clock").json()
    assert math.isfinite(clock["now"]) and clock["offset"] == 0
    token_request_works(tiktok_mock)


@pytest.mark.parametrize("advance", [1e300, 10**10 + 1, -1, "60", True, None, [], {}])
def test_out_of_range_or_wrong_typed_advance_is_refused(tiktok_mock, advance: object) -> None:
    response = httpx.post(f"{tiktok_mock.url}/_mock/clock", json={"advance": advance})
    assert response.status_code == 400 and "advance" in response.json()["error_description"]
    assert httpx.get(f"{tiktok_mock.url}/_mock/clock").json()["offset"] == 0


def test_the_clock_cannot_be_pushed_past_its_bound_step_by_step(tiktok_mock) -> None:
    for _ in range(10):
        httpx.post(f"{tiktok_mock.url}/_mock/clock", json={"advance": 10**10})
    response = httpx.post(f"{tiktok_mock.url}/_mock/clock", json={"advance": 10**10})
    assert response.status_code == 400 and "ahead" in response.json()["error_description"]
    assert math.isfinite(httpx.get(f"{tiktok_mock.url}/_mock/clock").json()["now"])


@pytest.mark.parametrize(
    "field,value",
    [("follower_count", 2**64), ("follower_count", -1), ("follower_count", 1.5), ("likes_count", True), ("is_verified", 1), ("display_name", "x" * 5000)],
)
def test_user_fields_are_range_checked(tiktok_mock, field: str, value: object) -> None:
    response = httpx.post(f"{tiktok_mock.url}/_mock/users", json={"name": "dana", field: value})
    assert response.status_code == 400 and field in response.json()["error_description"]


def test_a_saved_non_finite_clock_is_repaired_on_restart(tmp_path: Path) -> None:
    state = tmp_path / "mock.sqlite3"
    with MockTikTok(state=state, client_key="awstate0001", client_secret="s" * 24):
        pass
    with sqlite3.connect(state) as db:  # what an older minis-py wrote after {"advance": NaN}
        db.execute("UPDATE meta SET value = 'nan' WHERE key = 'clock_offset'") if db.execute(
            "SELECT 1 FROM meta WHERE key='clock_offset'"
        ).fetchone() else db.execute("INSERT INTO meta VALUES ('clock_offset', 'nan')")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tiktok = MockTikTok(state=state, client_key="awstate0001", client_secret="s" * 24)
    assert any("clock offset" in str(w.message) for w in caught)
    with tiktok:
        assert httpx.get(f"{tiktok.url}/_mock/clock").json()["offset"] == 0
        token_request_works(tiktok)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "advance",
                    "name",
                    "user",
                    "client_key",
                    "scope",
                    "endpoint",
                    "count",
                    "status",
                    "error",
                    "follower_count",
                    "display_name",
                    "is_verified",
                    "api",
                    "decision",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


def _raw_json(value: object) -> str:
    return json.dumps(value, allow_nan=True)  # NaN/Infinity literals on purpose: a hostile client sends them


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=JSON_VALUES, depth=st.sampled_from([0, 0, 0, 5000]))
def test_generated_json_never_breaks_any_endpoint(tiktok_mock, body: object, depth: int) -> None:
    text = "[" * depth + _raw_json(body) + "]" * depth
    with httpx.Client(base_url=tiktok_mock.url, timeout=5) as client:
        for path in CONTROL + OAUTH:
            response = client.post(path, content=text, headers={"content-type": "application/json"})
            assert response.status_code < 500, (path, text[:200], response.text[:300])
            assert "Traceback" not in response.text
        for path in OAUTH:  # the same values as form fields
            if isinstance(body, dict):
                form = {k: _raw_json(v) for k, v in body.items()}
                response = client.post(path, data=form)
                assert response.status_code < 500, (path, form, response.text[:300])
        assert math.isfinite(client.get("/_mock/clock").json()["now"])
    token_request_works(tiktok_mock)


def test_hostile_requests_then_a_restart_on_the_same_state_still_works(tmp_path: Path) -> None:
    state = tmp_path / "mock.sqlite3"
    with MockTikTok(state=state, client_key="awhostile01", client_secret="h" * 24) as tiktok:
        for text in ['{"advance": NaN}', '{"advance": 1e999}', '{"advance": -Infinity}', "[" * 10000, '{"name": "x", "follower_count": 1e400}']:
            for path in CONTROL:
                assert httpx.post(f"{tiktok.url}{path}", content=text, headers={"content-type": "application/json"}).status_code < 500
    with MockTikTok(state=state, client_key="awhostile01", client_secret="h" * 24) as again:
        assert httpx.get(f"{again.url}/_mock/clock").json()["offset"] == 0
        token_request_works(again)


@pytest.mark.parametrize(
    "content,message",
    [
        ('{"users": [{"name": "dana", "follower_count": NaN}]}', "not a JSON number"),
        ('{"users": [{"name": "dana", "follower_count": -3}]}', "follower_count"),
        ('{"users": [{"name": "dana", "follower_count": 1e400}]}', "follower_count"),
        ('{"users": [{"name": "dana", "bogus": 1}]}', "unknown user field"),
        ('{"users": [{"name": "dana"}, {"name": "dana"}]}', "used twice"),
        ('{"users": ["dana"]}', "JSON object"),
        ('{"users": [{"name": "dana"}], "apps": [{"client_key": "k", "client_secret": "s", "redirect_uris": "x"}]}', "redirect_uris"),
        ('{"users": [{"name": "dana"}]\n  "apps": []}', "users.json:2:3"),
        ('{"apps": [{"client_key": "k", "client_secret": "s", "kind": "desktop"}]}', "kind must be one of minis, web"),
        ("[" * 10000, "nested too deeply"),
    ],
)
def test_users_files_with_bad_values_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "users.json"
    path.write_text(content)
    with pytest.raises(MinisError) as caught:
        load_users_file(path)
    assert message in str(caught.value)


def test_a_changed_client_key_becomes_the_current_app_with_saved_state(tmp_path: Path) -> None:
    state = tmp_path / "mock.sqlite3"
    with MockTikTok(state=state, client_key="awoldkey0001", client_secret="o" * 24) as first:
        assert first.client_key == "awoldkey0001"
    with MockTikTok(state=state, client_key="awnewkey0002", client_secret="n" * 24) as second:
        assert second.client_key == "awnewkey0002" and second.client_secret == "n" * 24
        assert second.env["TIKTOK_CLIENT_KEY"] == "awnewkey0002"
        token_request_works(second)  # /_mock/codes' default app is the current one too
        keys = [a["client_key"] for a in httpx.get(f"{second.url}/_mock/config").json()["apps"]]
        assert set(keys) == {"awoldkey0001", "awnewkey0002"}
        httpx.post(f"{second.url}/_mock/reset")
        assert second.client_key == "awnewkey0002"
        token_request_works(second)
    with MockTikTok(state=state, client_key="awoldkey0001") as third:  # back again: the saved secret stands
        assert third.client_key == "awoldkey0001" and third.client_secret == "o" * 24


def test_rate_limiter_memory_is_bounded_by_the_window() -> None:
    limiter = RateLimiter(window=60)
    now = 1_000_000.0
    for second in range(600):  # 200 new tokens a second for ten minutes: 120,000 tokens
        for n in range(200):
            assert not limiter.over(f"tok-{second}-{n}", now + second + n / 1000, 600)
        assert len(limiter) <= 61 * 200
    assert len(limiter) <= 61 * 200
    limiter.over("late", now + 10_000, 600)
    assert len(limiter) == 1  # a quiet minute later, everything expired is gone


def test_rate_limiter_caps_the_number_of_keys_and_still_limits() -> None:
    limiter = RateLimiter(window=60, max_keys=1000)
    for n in range(5000):
        limiter.over(f"tok-{n}", 10.0, 3)
    assert len(limiter) == 1000
    assert [limiter.over("hot", 20.0, 3) for _ in range(4)] == [False, False, False, True]
    assert limiter.over("hot", 81.0, 3) is False  # the window slid past the first calls


def test_user_info_with_many_tokens_keeps_the_limiter_small(tiktok_mock) -> None:
    tiktok_mock.configure(rate_limit_per_minute=2, rate_limit_key="token")
    tokens = []
    for _ in range(30):
        code = tiktok_mock.issue_code()
        tokens.append(
            httpx.post(
                f"{tiktok_mock.url}/v2/oauth/token/",
                data={"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret, "grant_type": "authorization_code", "code": code},
            ).json()["access_token"]
        )
    with httpx.Client(base_url=tiktok_mock.url) as client:
        for token in tokens:
            statuses = [client.get("/v2/user/info/", params={"fields": "open_id"}, headers={"authorization": f"Bearer {token}"}).status_code for _ in range(3)]
            assert statuses == [200, 200, 429]
        assert len(tiktok_mock.state.rate) == 30
        tiktok_mock.advance(61)
        client.get("/v2/user/info/", params={"fields": "open_id"}, headers={"authorization": f"Bearer {tokens[0]}"})
    assert len(tiktok_mock.state.rate) == 1


# --- issue 28: settings in range, one bounded JSON parser, capped queues ---------------------------------


@pytest.mark.parametrize(
    "setting,value",
    [
        ("client_ttl", 10**30),  # every client token was a 500 (struct.error) until a restart
        ("client_ttl", 2**62),
        ("access_ttl", 10**11),
        ("refresh_ttl", 0),
        ("code_ttl", -1),
        ("rate_limit_per_minute", 10**9),
        ("beans_balance", -1),
        ("max_redeem_amount", 2**64),
        ("subscription_onhold_period", 10**12),
        ("webhook_retry_base", 1e9),
        ("webhook_retry_base", 0),
        ("webhook_url", "http://x/" + "a" * 5000),
        ("redirect_uris", [f"https://app{i}.example/cb" for i in range(101)]),
        ("trusted_domains", ["x" * 3000]),
    ],
)
def test_out_of_range_settings_are_refused_by_the_control_api(tiktok_mock, setting: str, value: object) -> None:
    before = httpx.get(f"{tiktok_mock.url}/_mock/config").json()["settings"]
    response = httpx.post(f"{tiktok_mock.url}/_mock/config", json={setting: value})
    body = response.json()
    assert response.status_code == 400 and body["error"] == "invalid_request" and setting in body["error_description"] and body["log_id"], body
    assert len(response.content) < 1000  # the refused value is not echoed back whole
    assert httpx.get(f"{tiktok_mock.url}/_mock/config").json()["settings"] == before
    client = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/token/",
        data={"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret, "grant_type": "client_credentials"},
    )
    assert client.status_code == 200 and client.json()["expires_in"] == 7200
    token_request_works(tiktok_mock)


def test_the_largest_client_ttl_still_mints_client_tokens(tiktok_mock) -> None:
    from minis_cli.mock.settings import MAX_SECONDS

    assert httpx.post(f"{tiktok_mock.url}/_mock/config", json={"client_ttl": MAX_SECONDS}).status_code == 200
    httpx.post(f"{tiktok_mock.url}/_mock/clock", json={"advance": 10**10})  # and with the clock far ahead
    client = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/token/",
        data={"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret, "grant_type": "client_credentials"},
    )
    assert client.status_code == 200 and client.json()["expires_in"] == MAX_SECONDS


@pytest.mark.parametrize(
    "settings,message",
    [
        ({"client_ttl": 10**30}, "client_ttl must be a whole number from 1 to"),
        ({"webhook_retry_base": math.nan}, "webhook_retry_base"),
        ({"rate_limit": "yes"}, "rate_limit"),
    ],
)
def test_out_of_range_settings_are_refused_by_the_python_api(settings: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MockTikTok(**settings)


@pytest.mark.parametrize(
    "args,message",
    [
        (["--client-ttl", str(10**30)], "--client-ttl"),
        (["--access-ttl", "0"], "--access-ttl"),
        (["--beans-balance", str(2**64)], "--beans-balance"),
        (["--redirect-uri", "https://x.example/" + "a" * 3000], "--redirect-uri: must be strings of 1 to 2048 characters"),
    ],
)
def test_out_of_range_flags_exit_2_with_a_clear_message(cli, tmp_path: Path, args: list[str], message: str) -> None:
    run = cli("mock", "serve", *args, cwd=tmp_path)
    assert run.exit_code == 2 and message in run.stderr and "Traceback" not in run.stderr, run.stderr


@pytest.mark.parametrize(
    "body",
    [
        '{"csp-report": ' + "[" * 5000 + "]" * 5000 + "}",  # a RecursionError: was a 500 with a traceback
        "[" * 900 + "]" * 900,  # within the interpreter's limit: parsed, then too deep for the log
        '{"csp-report": {"blocked-uri": ' + "[" * 40 + "]" * 40 + "}}",
        '{"csp-report": {"blocked-uri": NaN}}',
        b'{"csp-report": "\xff"}',
    ],
)
def test_a_hostile_csp_report_is_a_400_not_a_500(tiktok_mock, body: str | bytes) -> None:
    response = httpx.post(f"{tiktok_mock.url}/_mock/csp-report", content=body, headers={"content-type": "application/csp-report"})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request" and "Traceback" not in response.text
    ok = httpx.post(
        f"{tiktok_mock.url}/_mock/csp-report", json={"csp-report": {"blocked-uri": "https://evil.example/x.js", "effective-directive": "script-src-elem"}}
    )
    assert ok.status_code == 204


@pytest.mark.parametrize("path", ["/_mock/users", "/_mock/sdk/reportEvent", "/_mock/webhooks/send", "/_mock/device", "/_mock/events"])
def test_json_nested_past_the_bound_is_refused_everywhere(tiktok_mock, path: str) -> None:
    from minis_cli.mock.values import MAX_DEPTH

    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    response = httpx.post(f"{tiktok_mock.url}{path}", content=f'{{"x": {deep}}}', headers={"content-type": "application/json"})
    assert response.status_code == 400 and "nested too deeply" in response.text, response.text
    within = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert "nested too deeply" not in httpx.post(f"{tiktok_mock.url}{path}", content=f'{{"x": {within}}}').text


def test_a_body_past_the_cap_is_413_on_every_json_route(tiktok_mock) -> None:
    from minis_cli.mock.http import MAX_BODY

    big = '{"x": "' + "a" * MAX_BODY + '"}'
    for path in ["/_mock/config", "/_mock/csp-report", "/_mock/outcomes", "/_mock/users", "/_mock/sdk/login", "/_mock/clock"]:
        response = httpx.post(f"{tiktok_mock.url}{path}", content=big, headers={"content-type": "application/json"})
        assert response.status_code == 413, (path, response.text[:200])


def test_the_outcome_queue_is_capped_and_a_post_answers_in_bounded_size(tiktok_mock) -> None:
    from minis_cli.mock.state import MAX_OUTCOMES

    sizes = []
    for _ in range(MAX_OUTCOMES // 250):
        response = httpx.post(f"{tiktok_mock.url}/_mock/outcomes", json={"api": "pay", "outcome": "cancel", "count": 250})
        assert response.status_code == 200
        sizes.append(len(response.content))
    assert response.json()["queued"] == MAX_OUTCOMES and sizes[-1] < 64 * 1024
    refused = httpx.post(f"{tiktok_mock.url}/_mock/outcomes", json={"api": "pay", "outcome": "cancel"})
    assert refused.status_code == 400 and f"at most {MAX_OUTCOMES}" in refused.json()["error_description"] and "DELETE" in refused.json()["error_description"]
    assert httpx.post(f"{tiktok_mock.url}/_mock/outcomes", json={"api": "pay", "outcome": "cancel", "count": 10_000}).status_code == 400
    with pytest.raises(ValueError, match="at most"):
        tiktok_mock.queue_outcome("pay", "confirm")
    assert httpx.get(f"{tiktok_mock.url}/_mock/outcomes").json()["queued"] == MAX_OUTCOMES
    httpx.delete(f"{tiktok_mock.url}/_mock/outcomes")
    assert httpx.post(f"{tiktok_mock.url}/_mock/outcomes", json={"api": "pay", "outcome": "cancel"}).json()["queued"] == 1


def test_pending_faults_are_capped(tiktok_mock) -> None:
    from minis_cli.mock.state import MAX_FAULTS

    for _ in range(MAX_FAULTS):
        assert httpx.post(f"{tiktok_mock.url}/_mock/faults", json={"endpoint": "token"}).status_code == 200
    refused = httpx.post(f"{tiktok_mock.url}/_mock/faults", json={"endpoint": "user_info"})
    assert refused.status_code == 400 and f"at most {MAX_FAULTS}" in refused.json()["error_description"]
    httpx.delete(f"{tiktok_mock.url}/_mock/faults")
    assert httpx.post(f"{tiktok_mock.url}/_mock/faults", json={"endpoint": "token"}).status_code == 200


def test_past_its_connection_limit_the_mock_answers_503_and_recovers() -> None:
    tiktok = MockTikTok()
    tiktok.max_connections = 3
    with tiktok:
        held = [socket.create_connection(("127.0.0.1", tiktok.port)) for _ in range(3)]
        try:
            time.sleep(0.1)
            assert httpx.get(f"{tiktok.url}/_mock/health").status_code == 503
        finally:
            for sock in held:
                sock.close()
        for _ in range(50):
            if httpx.get(f"{tiktok.url}/_mock/health").status_code == 200:
                break
            time.sleep(0.05)
        token_request_works(tiktok)


# --- request heads on the mock itself (uvicorn's httptools protocol reads any head, for any time) ------------


def _send_head_and_read_answer(port: int, chunks) -> bytes:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except OSError:
            pass  # the mock stopped reading: what matters is the answer it wrote first
        answer = b""
        try:
            while not answer.endswith(b"\n") or b"\r\n\r\n" not in answer:
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
        except OSError:
            pass
        return answer


def test_a_huge_header_is_431_read_no_further(tiktok_mock) -> None:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    line = b"x-big: " + b"a" * (1024 * 1024) + b"\r\n"
    answer = _send_head_and_read_answer(tiktok_mock.port, [b"GET /_mock/health HTTP/1.1\r\nhost: 127.0.0.1\r\n", *[line] * 64])
    assert answer.startswith(b"HTTP/1.1 431 ") and b"over 64 KB" in answer
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 32 * 1024  # KB: the 64 MB was never kept
    assert httpx.get(f"{tiktok_mock.url}/_mock/health").status_code == 200  # and the mock goes on


def test_a_huge_url_is_431(tiktok_mock) -> None:
    answer = _send_head_and_read_answer(tiktok_mock.port, [b"GET /", *[b"a" * (1024 * 1024)] * 32])
    assert answer.startswith(b"HTTP/1.1 431 ")


def test_a_head_under_the_limit_is_answered(tiktok_mock) -> None:
    assert httpx.get(f"{tiktok_mock.url}/_mock/health", headers={f"x-h{i}": "v" * 1000 for i in range(48)}).status_code == 200


def test_a_slow_head_and_a_silent_connection_get_408(tiktok_mock, monkeypatch) -> None:
    import socket
    import time

    from minis_cli.mock.httpbounds import BoundedHttpToolsProtocol

    monkeypatch.setattr(BoundedHttpToolsProtocol, "head_timeout", 0.5)
    with socket.create_connection(("127.0.0.1", tiktok_mock.port), timeout=5) as slow:  # slowloris: a byte at a time
        started = time.monotonic()
        answer = b""
        for byte in b"GET /_mock/health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: " + b"a" * 100:
            try:
                slow.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.05)
            if time.monotonic() - started > 3:
                break
        answer = slow.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408 ") and time.monotonic() - started < 3
    with socket.create_connection(("127.0.0.1", tiktok_mock.port), timeout=5) as silent:
        assert silent.recv(4096).startswith(b"HTTP/1.1 408 ")
    assert httpx.get(f"{tiktok_mock.url}/_mock/health").status_code == 200
