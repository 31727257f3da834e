"""Issue 10: values that are not JSON numbers, out-of-range numbers and deep nesting never poison the mock;
a saved state with a broken clock is repaired; the current app follows the key asked for; the rate
limiter's memory stays bounded."""

from __future__ import annotations

import json
import math
import sqlite3
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
