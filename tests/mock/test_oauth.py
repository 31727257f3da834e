"""The mock's OAuth v2 dialect over real HTTP: shapes, the strictness matrix, settings (MOCK_API.md)."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"


def token(tiktok, **form):
    data = {"client_key": tiktok.client_key, "client_secret": tiktok.client_secret, **form}
    data = {k: v for k, v in data.items() if v is not None}
    return httpx.post(f"{tiktok.url}/v2/oauth/token/", data=data)


def exchange(tiktok, code, **extra):
    return token(tiktok, grant_type="authorization_code", code=code, **extra)


def user_info(tiktok, access_token, fields="open_id,display_name"):
    return httpx.get(f"{tiktok.url}/v2/user/info/", params={"fields": fields}, headers={"Authorization": f"Bearer {access_token}"})


def error_of(response: httpx.Response) -> str:
    return response.json()["error"]


# --- shapes --------------------------------------------------------------------------------------------


def test_code_exchange_returns_tiktoks_token_shape(tiktok_mock) -> None:
    response = exchange(tiktok_mock, tiktok_mock.issue_code(scope="user.info.basic,user.info.profile"))
    body = response.json()
    assert response.status_code == 200
    assert sorted(body) == ["access_token", "expires_in", "open_id", "refresh_expires_in", "refresh_token", "scope", "token_type"]
    assert re.fullmatch(r"act\.[A-Za-z0-9_-]{60,}", body["access_token"]) and re.fullmatch(r"rft\.[A-Za-z0-9_-]{60,}", body["refresh_token"])
    assert body["expires_in"] == 86400 and body["refresh_expires_in"] == 31536000
    assert body["scope"] == "user.info.basic,user.info.profile" and body["token_type"] == "Bearer"
    assert body["open_id"] == tiktok_mock.open_id("alice")
    assert re.fullmatch(r"\d{14}[0-9A-F]{20}", response.headers["x-tt-logid"])


def test_open_id_is_stable_per_app_and_union_id_across_apps(tiktok_mock) -> None:
    other = tiktok_mock.add_app()
    ours = exchange(tiktok_mock, tiktok_mock.issue_code()).json()["open_id"]
    theirs = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/token/",
        data={
            "client_key": other.client_key,
            "client_secret": other.client_secret,
            "grant_type": "authorization_code",
            "code": tiktok_mock.issue_code(client_key=other.client_key),
        },
    ).json()["open_id"]
    assert ours == tiktok_mock.open_id("alice") != theirs
    users = httpx.get(f"{tiktok_mock.url}/_mock/users").json()["users"]
    assert users[0]["open_ids"] == {tiktok_mock.client_key: ours, other.client_key: theirs}


def test_client_credentials(tiktok_mock) -> None:
    body = token(tiktok_mock, grant_type="client_credentials").json()
    assert sorted(body) == ["access_token", "expires_in", "token_type"]
    assert body["access_token"].startswith("clt.") and body["expires_in"] == 7200


def test_user_info_returns_only_the_requested_fields(tiktok_mock) -> None:
    tokens = exchange(tiktok_mock, tiktok_mock.issue_code(scope="user.info.basic,user.info.profile,user.info.stats")).json()
    response = user_info(tiktok_mock, tokens["access_token"], "open_id,display_name,avatar_url,username,follower_count,nonsense")
    assert response.status_code == 200
    body = response.json()
    assert body["error"]["code"] == "ok" and body["error"]["message"] == "" and body["error"]["log_id"] == response.headers["x-tt-logid"]
    user = body["data"]["user"]
    assert sorted(user) == ["avatar_url", "display_name", "follower_count", "open_id", "username"]
    assert user["display_name"] == "Alice Chen" and user["follower_count"] == 12400 and user["open_id"] == tokens["open_id"]
    assert httpx.get(user["avatar_url"]).headers["content-type"].startswith("image/svg+xml")


def test_fields_are_url_decoded(tiktok_mock) -> None:
    access = exchange(tiktok_mock, tiktok_mock.issue_code()).json()["access_token"]
    response = httpx.get(f"{tiktok_mock.url}/v2/user/info/?fields=open_id%2Cdisplay_name", headers={"Authorization": f"Bearer {access}"})
    assert sorted(response.json()["data"]["user"]) == ["display_name", "open_id"]


# --- the strictness matrix -------------------------------------------------------------------------------


def test_bogus_code_is_invalid_grant(tiktok_mock) -> None:
    assert error_of(exchange(tiktok_mock, "not-a-code")) == "invalid_grant"


def test_second_redemption_of_a_code_is_invalid_grant(tiktok_mock) -> None:
    code = tiktok_mock.issue_code()
    assert exchange(tiktok_mock, code).status_code == 200
    second = exchange(tiktok_mock, code)
    assert (second.status_code, error_of(second)) == (200, "invalid_grant")
    assert second.json()["log_id"] == second.headers["x-tt-logid"]


def test_expired_code_is_invalid_grant(tiktok_mock) -> None:
    code = tiktok_mock.issue_code()
    tiktok_mock.advance(301)
    assert error_of(exchange(tiktok_mock, code)) == "invalid_grant"


def test_code_of_another_app_is_invalid_grant(tiktok_mock) -> None:
    other = tiktok_mock.add_app()
    code = tiktok_mock.issue_code(client_key=other.client_key)
    assert error_of(exchange(tiktok_mock, code)) == "invalid_grant"


def test_wrong_or_missing_secret_is_invalid_client(tiktok_mock) -> None:
    code = tiktok_mock.issue_code()
    assert error_of(exchange(tiktok_mock, code, client_secret="wrong")) == "invalid_client"
    assert error_of(exchange(tiktok_mock, code, client_secret=None)) == "invalid_client"
    assert error_of(exchange(tiktok_mock, code, client_key="awunknown")) == "invalid_client"
    assert exchange(tiktok_mock, code).status_code == 200  # failed attempts did not burn the code


def test_redirect_uri_must_match_when_the_code_has_one(tiktok_mock) -> None:
    code = tiktok_mock.issue_code(redirect_uri="http://localhost:3000/callback")
    assert error_of(exchange(tiktok_mock, code, redirect_uri="http://localhost:3000/other")) == "invalid_grant"
    assert error_of(exchange(tiktok_mock, code)) == "invalid_request"
    assert exchange(tiktok_mock, code, redirect_uri="http://localhost:3000/callback").status_code == 200


@pytest.mark.parametrize("encoding", ["hex", "base64url"])
def test_pkce_accepts_both_challenge_encodings(tiktok_mock, encoding) -> None:
    digest = hashlib.sha256(VERIFIER.encode()).digest()
    challenge = digest.hex() if encoding == "hex" else base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    code = tiktok_mock.issue_code(code_challenge=challenge)
    assert error_of(exchange(tiktok_mock, code, code_verifier="x" * 43)) == "invalid_grant"
    assert error_of(exchange(tiktok_mock, code)) == "invalid_request"
    assert exchange(tiktok_mock, code, code_verifier=VERIFIER).status_code == 200


def test_rotated_out_refresh_token_is_invalid_grant(tiktok_mock) -> None:
    first = exchange(tiktok_mock, tiktok_mock.issue_code()).json()
    second = token(tiktok_mock, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    assert second["refresh_token"] != first["refresh_token"] and second["scope"] == first["scope"]
    assert error_of(token(tiktok_mock, grant_type="refresh_token", refresh_token=first["refresh_token"])) == "invalid_grant"
    assert token(tiktok_mock, grant_type="refresh_token", refresh_token=second["refresh_token"]).status_code == 200


def test_refresh_does_not_extend_the_refresh_lifetime(tiktok_mock) -> None:
    first = exchange(tiktok_mock, tiktok_mock.issue_code()).json()
    tiktok_mock.advance(1000)
    second = token(tiktok_mock, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    assert second["refresh_expires_in"] == 31536000 - 1000 and second["expires_in"] == 86400


@pytest.mark.tiktok_mock(rotate_refresh=False)
def test_without_rotation_the_refresh_token_stays(tiktok_mock) -> None:
    first = exchange(tiktok_mock, tiktok_mock.issue_code()).json()
    again = token(tiktok_mock, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    assert again["refresh_token"] == first["refresh_token"]
    assert token(tiktok_mock, grant_type="refresh_token", refresh_token=first["refresh_token"]).status_code == 200


def test_bogus_refresh_token_is_invalid_grant(tiktok_mock) -> None:
    assert error_of(token(tiktok_mock, grant_type="refresh_token", refresh_token="rft.nope")) == "invalid_grant"


def test_revoked_access_token_is_invalid_at_user_info(tiktok_mock) -> None:
    tokens = exchange(tiktok_mock, tiktok_mock.issue_code()).json()
    assert user_info(tiktok_mock, tokens["access_token"]).status_code == 200
    revoked = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/revoke/",
        data={"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret, "token": tokens["access_token"]},
    )
    assert (revoked.status_code, revoked.json()) == (200, {})
    response = user_info(tiktok_mock, tokens["access_token"])
    assert (response.status_code, response.json()["error"]["code"]) == (401, "access_token_invalid")
    assert response.json()["data"] == {}
    assert error_of(token(tiktok_mock, grant_type="refresh_token", refresh_token=tokens["refresh_token"])) == "invalid_grant"


def test_expired_access_token_is_invalid_at_user_info(tiktok_mock) -> None:
    access = exchange(tiktok_mock, tiktok_mock.issue_code()).json()["access_token"]
    tiktok_mock.advance(86401)
    response = user_info(tiktok_mock, access)
    assert (response.status_code, response.json()["error"]["code"]) == (401, "access_token_invalid")


def test_field_outside_the_granted_scopes_is_scope_permission_missed(tiktok_mock) -> None:
    access = exchange(tiktok_mock, tiktok_mock.issue_code()).json()["access_token"]
    response = user_info(tiktok_mock, access, "open_id,follower_count")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "scope_permission_missed")


@pytest.mark.tiktok_mock(lenient_fields=True)
def test_lenient_fields_omits_them_instead(tiktok_mock) -> None:
    access = exchange(tiktok_mock, tiktok_mock.issue_code()).json()["access_token"]
    assert user_info(tiktok_mock, access, "open_id,follower_count").json()["data"]["user"] == {"open_id": tiktok_mock.open_id()}


def test_missing_fields_is_invalid_params(tiktok_mock) -> None:
    access = exchange(tiktok_mock, tiktok_mock.issue_code()).json()["access_token"]
    response = httpx.get(f"{tiktok_mock.url}/v2/user/info/", headers={"Authorization": f"Bearer {access}"})
    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid_params")


def test_unknown_grant_type_is_unsupported_grant_type(tiktok_mock) -> None:
    assert error_of(token(tiktok_mock, grant_type="password")) == "unsupported_grant_type"


def test_wrong_content_type_is_invalid_request(tiktok_mock) -> None:
    response = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/token/",
        json={"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret, "grant_type": "client_credentials"},
    )
    assert error_of(response) == "invalid_request"
    ok = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/token/",
        content=f"grant_type=client_credentials&client_key={tiktok_mock.client_key}&client_secret={tiktok_mock.client_secret}",
        headers={"Content-Type": "Application/X-WWW-Form-Urlencoded; charset=UTF-8"},
    )
    assert ok.status_code == 200 and "access_token" in ok.json()


def test_repeated_or_missing_parameters_are_invalid_request(tiktok_mock) -> None:
    body = f"grant_type=client_credentials&client_key={tiktok_mock.client_key}&client_secret={tiktok_mock.client_secret}&client_secret=x"
    assert (
        error_of(httpx.post(f"{tiktok_mock.url}/v2/oauth/token/", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}))
        == "invalid_request"
    )
    assert error_of(token(tiktok_mock, grant_type="authorization_code")) == "invalid_request"
    assert error_of(token(tiktok_mock)) == "invalid_request"


def test_deny_on_the_consent_page_redirects_with_access_denied(tiktok_mock) -> None:
    form = {
        "client_key": tiktok_mock.client_key,
        "redirect_uri": "http://localhost:5173/cb",
        "response_type": "code",
        "scope": "user.info.basic",
        "state": "st-123",
        "decision": "deny",
    }
    response = httpx.post(f"{tiktok_mock.url}/v2/auth/authorize/", data=form)
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert location.netloc == "localhost:5173" and parse_qs(location.query) == {
        "error": ["access_denied"],
        "error_description": ["The user denied the request"],
        "state": ["st-123"],
    }


def test_allow_on_the_consent_page_redirects_with_a_code(tiktok_mock) -> None:
    params = {
        "client_key": tiktok_mock.client_key,
        "redirect_uri": "http://127.0.0.1:8080/cb?x=1",
        "response_type": "code",
        "scope": "user.info.basic,user.info.open_id",
        "state": "s1",
    }
    page = httpx.get(f"{tiktok_mock.url}/v2/auth/authorize/", params=params)
    assert page.status_code == 200 and "Allow" in page.text and "user.info.open_id" in page.text and "Bruno Martins" in page.text
    response = httpx.post(f"{tiktok_mock.url}/v2/auth/authorize/", data={**params, "decision": "allow", "user": "bruno", "scopes": ["user.info.basic"]})
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["x"] == ["1"] and query["state"] == ["s1"] and query["scopes"] == ["user.info.basic"]
    tokens = exchange(tiktok_mock, query["code"][0], redirect_uri=params["redirect_uri"]).json()
    assert tokens["scope"] == "user.info.basic" and tokens["open_id"] == tiktok_mock.open_id("bruno")


def test_an_earlier_allow_skips_the_page_unless_disable_auto_auth(tiktok_mock) -> None:
    params = {"client_key": tiktok_mock.client_key, "redirect_uri": "http://localhost:3000/cb", "response_type": "code", "scope": "user.info.basic"}
    with httpx.Client() as browser:
        browser.post(f"{tiktok_mock.url}/v2/auth/authorize/", data={**params, "decision": "allow", "user": "chidi"})
        again = browser.get(f"{tiktok_mock.url}/v2/auth/authorize/", params=params)
        assert again.status_code == 302 and "code=" in again.headers["location"]
        forced = browser.get(f"{tiktok_mock.url}/v2/auth/authorize/", params={**params, "disable_auto_auth": "1"})
        assert forced.status_code == 200


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"client_key": "awunknown"}, "client_key"),
        ({"redirect_uri": "https://evil.example/cb"}, "redirect_uri"),
        ({"response_type": "token"}, "response_type"),
        ({"code_challenge": "abc", "code_challenge_method": "S256"}, "code_challenge"),
        ({"code_challenge": "a" * 64, "code_challenge_method": "plain"}, "code_challenge_method"),
        ({"scope": "user.info.everything"}, "scope"),
    ],
)
def test_a_bad_authorize_request_is_an_html_400_naming_the_parameter(tiktok_mock, change, parameter) -> None:
    params = {"client_key": tiktok_mock.client_key, "redirect_uri": "http://localhost:3000/cb", "response_type": "code", "scope": "user.info.basic", **change}
    response = httpx.get(f"{tiktok_mock.url}/v2/auth/authorize", params=params)
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/html")
    assert f"<code>{parameter}</code>" in response.text


def test_a_minis_app_gets_only_the_minis_scopes_and_a_web_app_the_rest(tiktok_mock) -> None:
    params = {"redirect_uri": "http://localhost:3000/cb", "response_type": "code", "scope": "user.info.basic,video.list"}
    refused = httpx.get(f"{tiktok_mock.url}/v2/auth/authorize/", params={**params, "client_key": tiktok_mock.client_key})
    assert refused.status_code == 400 and "<code>scope</code>" in refused.text and "not available to a Minis app" in refused.text
    web = tiktok_mock.add_app(kind="web")
    page = httpx.get(f"{tiktok_mock.url}/v2/auth/authorize/", params={**params, "client_key": web.client_key})
    assert page.status_code == 200 and "video.list" in page.text
    apps = {a["client_key"]: a["kind"] for a in httpx.get(f"{tiktok_mock.url}/_mock/config").json()["apps"]}
    assert apps[tiktok_mock.client_key] == "minis" and apps[web.client_key] == "web"


@pytest.mark.tiktok_mock(scope_errors="legacy")
def test_legacy_scope_errors_let_a_minis_app_ask_for_any_known_scope(tiktok_mock) -> None:
    params = {"client_key": tiktok_mock.client_key, "redirect_uri": "http://localhost:3000/cb", "response_type": "code", "scope": "user.info.basic,video.list"}
    assert httpx.get(f"{tiktok_mock.url}/v2/auth/authorize/", params=params).status_code == 200


@pytest.mark.tiktok_mock(redirect_uris=("https://app.example/cb",))
def test_registered_redirect_uris_match_exactly(tiktok_mock) -> None:
    base = {"client_key": tiktok_mock.client_key, "response_type": "code", "scope": "user.info.basic"}
    assert httpx.get(f"{tiktok_mock.url}/v2/auth/authorize/", params={**base, "redirect_uri": "https://app.example/cb"}).status_code == 200
    assert httpx.get(f"{tiktok_mock.url}/v2/auth/authorize/", params={**base, "redirect_uri": "https://app.example/cb/"}).status_code == 400


# --- settings ------------------------------------------------------------------------------------------


@pytest.mark.tiktok_mock(error_status="4xx")
def test_error_status_4xx(tiktok_mock) -> None:
    assert exchange(tiktok_mock, tiktok_mock.issue_code(), client_secret="wrong").status_code == 401
    assert exchange(tiktok_mock, "bogus").status_code == 400


@pytest.mark.tiktok_mock(access_ttl=7200, refresh_ttl=15552000)
def test_newer_lifetimes(tiktok_mock) -> None:
    body = exchange(tiktok_mock, tiktok_mock.issue_code()).json()
    assert (body["expires_in"], body["refresh_expires_in"]) == (7200, 15552000)


@pytest.mark.tiktok_mock(rate_limit_per_minute=3)
def test_user_info_rate_limit_is_per_app_per_rolling_minute_by_default(tiktok_mock) -> None:
    first = exchange(tiktok_mock, tiktok_mock.issue_code()).json()["access_token"]
    other = exchange(tiktok_mock, tiktok_mock.issue_code(user="bruno")).json()["access_token"]
    assert [user_info(tiktok_mock, token).status_code for token in (first, other, first, other)] == [200, 200, 200, 429]
    tiktok_mock.advance(61)
    assert user_info(tiktok_mock, other).status_code == 200


@pytest.mark.tiktok_mock(rate_limit_per_minute=3, rate_limit_key="token")
def test_user_info_rate_limit_is_per_token_per_rolling_minute(tiktok_mock) -> None:
    first = exchange(tiktok_mock, tiktok_mock.issue_code()).json()["access_token"]
    other = exchange(tiktok_mock, tiktok_mock.issue_code(user="bruno")).json()["access_token"]
    assert [user_info(tiktok_mock, first).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert user_info(tiktok_mock, first).json()["error"]["code"] == "rate_limit_exceeded"
    assert user_info(tiktok_mock, other).status_code == 200
    tiktok_mock.advance(61)
    assert user_info(tiktok_mock, first).status_code == 200


def test_api_endpoints_send_no_cors_headers_but_the_sdk_calls_do(tiktok_mock) -> None:
    origin = {"Origin": "http://127.0.0.1:5173"}
    api = httpx.post(f"{tiktok_mock.url}/v2/oauth/token/", data={"grant_type": "client_credentials"}, headers=origin)
    assert not any(h.startswith("access-control-") for h in api.headers)
    preflight = httpx.options(f"{tiktok_mock.url}/_mock/sdk/login", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert preflight.headers["access-control-allow-origin"] == "http://127.0.0.1:5173"
    elsewhere = httpx.options(f"{tiktok_mock.url}/_mock/sdk/login", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in elsewhere.headers


def test_injected_faults_are_one_shot(tiktok_mock) -> None:
    tiktok_mock.fail_next("token", "temporarily_unavailable", status=503)
    failed = exchange(tiktok_mock, tiktok_mock.issue_code())
    assert (failed.status_code, error_of(failed)) == (503, "temporarily_unavailable")
    assert exchange(tiktok_mock, tiktok_mock.issue_code()).status_code == 200


def test_request_log_masks_secrets_and_tokens(tiktok_mock) -> None:
    exchange(tiktok_mock, tiktok_mock.issue_code())
    (entry,) = httpx.get(f"{tiktok_mock.url}/_mock/requests").json()["requests"]
    assert entry["endpoint"] == "token" and entry["status"] == 200 and entry["params"]["grant_type"] == "authorization_code"
    assert tiktok_mock.client_secret not in str(entry) and entry["params"]["client_secret"].count("…") == 1


# --- Minis scope fidelity (MOCK_API Part 2: Scopes) ---------------------------------------------------


def sdk(tiktok_mock, action: str, **body) -> dict:
    return httpx.post(f"{tiktok_mock.url}/_mock/sdk/{action}", json={"client_key": tiktok_mock.client_key, **body}).json()


def test_a_silent_login_code_carries_open_id_only_and_user_info_refuses_it(tiktok_mock) -> None:
    login = sdk(tiktok_mock, "login", scope="user.info.basic")  # a scope asked of login is not granted
    assert login["grantedScopes"] == "user.info.open_id"
    tokens = exchange(tiktok_mock, login["code"]).json()
    assert tokens["scope"] == "user.info.open_id" and tokens["open_id"] == tiktok_mock.open_id()
    response = user_info(tiktok_mock, tokens["access_token"], "open_id,avatar_url")
    assert (response.status_code, response.json()["error"]["code"]) == (401, "scope_not_authorized")
    allowed = sdk(tiktok_mock, "authorize", decision="allow")
    assert allowed["grantedScopes"] == "user.info.basic"
    access = exchange(tiktok_mock, allowed["code"]).json()["access_token"]
    assert user_info(tiktok_mock, access, "open_id,avatar_url").status_code == 200


def test_minis_accept_only_their_two_scopes(tiktok_mock) -> None:
    refused = sdk(tiktok_mock, "authorize", decision="allow", scope="user.info.basic,user.info.stats")
    assert refused["error"]["error_code"] == 40001000 and "not available to Minis" in refused["error"]["error_msg"]
    assert "code" in sdk(tiktok_mock, "authorize", decision="allow", scope="user.info.basic,user.info.open_id")


@pytest.mark.tiktok_mock(silent_login_scope="user.info.basic", scope_errors="legacy")
def test_the_old_generous_behaviour_is_a_setting(tiktok_mock) -> None:
    login = sdk(tiktok_mock, "login")
    access = exchange(tiktok_mock, login["code"]).json()["access_token"]
    assert user_info(tiktok_mock, access, "open_id,avatar_url").status_code == 200
    response = user_info(tiktok_mock, access, "follower_count")
    assert (response.status_code, response.json()["error"]["code"]) == (401, "scope_not_authorized")
