"""Payments (MOCK_API Part 2): trade orders with the user's token, the order state machine through
TTMinis.pay's outcomes, the redeem webhook, and exactly one success under concurrent confirmations."""

from __future__ import annotations

import concurrent.futures
import json
import threading

import httpx
import pytest
from test_webhooks import Receiver, verify  # this folder is on sys.path (pytest prepends it)


def user_token(tiktok, user: str = "alice") -> str:
    code = tiktok.issue_code(user)
    return httpx.post(
        f"{tiktok.url}/v2/oauth/token/",
        data={"client_key": tiktok.client_key, "client_secret": tiktok.client_secret, "grant_type": "authorization_code", "code": code},
    ).json()["access_token"]


def create(tiktok, token: str, order_id: str = "order-1", **overrides) -> httpx.Response:
    body = {"token_type": "BEANS", "token_amount": 100, "order_info": {"order_id": order_id, "product_name": "Episode pack", "quantity": 1}, **overrides}
    return httpx.post(f"{tiktok.url}/v2/minis/trade_order/create/", json=body, headers={"authorization": f"Bearer {token}"})


def query(tiktok, token: str, trade_order_id: str) -> httpx.Response:
    return httpx.post(f"{tiktok.url}/v2/minis/trade_order/query/", json={"trade_order_id": trade_order_id}, headers={"authorization": f"Bearer {token}"})


def pay(tiktok, trade_order_id: str, outcome: str, user: str = "alice") -> dict:
    return httpx.post(
        f"{tiktok.url}/_mock/sdk/pay", json={"client_key": tiktok.client_key, "user": user, "trade_order_id": trade_order_id, "outcome": outcome}
    ).json()


def test_create_and_query_in_tiktoks_shape(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    created = create(tiktok_mock, token)
    assert created.status_code == 200
    body = created.json()
    assert body["error"]["code"] == "ok" and body["error"]["log_id"] and body["data"]["trade_order_id"].startswith("TOID")
    found = query(tiktok_mock, token, body["data"]["trade_order_id"]).json()
    assert found["data"] == {"trade_order_id": body["data"]["trade_order_id"], "trade_order_status": "PENDING"}


@pytest.mark.parametrize(
    "overrides,code",
    [
        ({"token_type": "USD"}, "40001000"),
        ({"token_amount": 0}, "40001000"),
        ({"token_amount": 1.5}, "40001000"),
        ({"order_info": {"product_name": "x"}}, "40001000"),
        ({"order_info": {"order_id": "o"}}, "40001000"),
    ],
)
def test_bad_orders_are_invalid_params(tiktok_mock, overrides: dict, code: str) -> None:
    response = create(tiktok_mock, user_token(tiktok_mock), **overrides)
    assert response.status_code == 400 and response.json()["error"]["code"] == code


def test_duplicate_order_id_unknown_order_and_bad_token(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    assert create(tiktok_mock, token, "same").status_code == 200
    assert create(tiktok_mock, token, "same").json()["error"]["code"] == "20021002"
    assert query(tiktok_mock, token, "TOIDNOPE").json()["error"]["code"] == "20011002"
    assert create(tiktok_mock, "act.bogus").status_code == 401


def test_a_confirmed_payment_succeeds_once_and_sends_the_signed_redeem_webhook() -> None:
    from minis_cli.mock import MockTikTok

    receiver = Receiver()
    try:
        with MockTikTok(webhook_url=receiver.url) as tiktok:
            token = user_token(tiktok, "bruno")
            trade_order_id = create(tiktok, token, "pack-7").json()["data"]["trade_order_id"]
            assert pay(tiktok, trade_order_id, "confirm", "bruno") == {"is_success": True, "trade_order_id": trade_order_id}
            assert query(tiktok, token, trade_order_id).json()["data"]["trade_order_status"] == "SUCCESS"
            again = pay(tiktok, trade_order_id, "confirm", "bruno")
            assert again["is_success"] is False and "already paid" in again["error"]["error_msg"]
            tiktok.deliver_webhooks()
            ((headers, raw),) = receiver.received
            assert verify(tiktok.client_secret, headers["tiktok-signature"], raw)
            event = json.loads(raw)
            assert event["event"] == "minis.trade_order.redeem.success"
            assert json.loads(event["content"]) == {"trade_order_id": trade_order_id, "order_id": "pack-7", "is_sandbox": False}
            assert [o["status"] for o in tiktok.orders] == ["SUCCESS"]
    finally:
        receiver.close()


@pytest.mark.parametrize("outcome,code", [("cancel", 116601), ("fail", 116600)])
def test_a_cancelled_or_failed_payment_closes_the_order(tiktok_mock, outcome: str, code: int) -> None:
    token = user_token(tiktok_mock)
    trade_order_id = create(tiktok_mock, token).json()["data"]["trade_order_id"]
    result = pay(tiktok_mock, trade_order_id, outcome)
    assert result["is_success"] is False and result["error"]["error_code"] == code
    assert query(tiktok_mock, token, trade_order_id).json()["data"]["trade_order_status"] == "PENDING"
    refused = pay(tiktok_mock, trade_order_id, "confirm")
    assert refused["is_success"] is False and "create a new trade order" in refused["error"]["error_msg"]
    assert tiktok_mock.webhooks == []


def test_another_users_or_apps_order_cannot_be_paid(tiktok_mock) -> None:
    trade_order_id = create(tiktok_mock, user_token(tiktok_mock, "alice")).json()["data"]["trade_order_id"]
    assert "another user" in pay(tiktok_mock, trade_order_id, "confirm", "bruno")["error"]["error_msg"]
    assert "does not exist" in pay(tiktok_mock, "TOIDNOPE", "confirm")["error"]["error_msg"]


def test_sixty_four_concurrent_confirmations_give_one_success_and_one_webhook(tiktok_mock) -> None:
    trade_order_id = create(tiktok_mock, user_token(tiktok_mock)).json()["data"]["trade_order_id"]

    body = {"client_key": tiktok_mock.client_key, "user": "alice", "trade_order_id": trade_order_id, "outcome": "confirm"}
    barrier = threading.Barrier(64)

    def confirm() -> dict:
        with httpx.Client(base_url=tiktok_mock.url) as client:
            barrier.wait()  # all 64 at once
            return client.post("/_mock/sdk/pay", json=body).json()

    with concurrent.futures.ThreadPoolExecutor(64) as pool:
        results = list(pool.map(lambda _: confirm(), range(64)))
    assert sum(r["is_success"] for r in results) == 1
    assert len(tiktok_mock.webhooks) == 1


def utility(tiktok, token: str, name: str, body: dict) -> httpx.Response:
    return httpx.post(f"{tiktok.url}/v2/minis/utility/{name}/", json=body, headers={"authorization": f"Bearer {token}"})


def test_get_tier_infos_answers_the_docs_example_tier_and_refuses_unknown_ones(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    answer = utility(tiktok_mock, token, "get_tier_infos", {"token_type": "BEANS", "tier_ids": ["1731381720000100"]}).json()
    assert answer["data"] == {
        "tier_infos": {
            "1731381720000100": {
                "tier_id": "1731381720000100",
                "tier_name": "pd_beans_showcase_100",
                "token_type": "BEANS",
                "token_amount": 100,
                "price": "1.19",
                "currency": "USD",
                "symbol": "$",
            }
        }
    }
    assert answer["error"]["code"] == "ok" and answer["error"]["log_id"]
    unknown = utility(tiktok_mock, token, "get_tier_infos", {"token_type": "BEANS", "tier_ids": ["nope"]})
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "20001003"
    assert utility(tiktok_mock, token, "get_tier_infos", {"token_type": "COINS", "tier_ids": ["1731381720000100"]}).json()["error"]["code"] == "40001000"
    assert utility(tiktok_mock, "act.bogus", "get_tier_infos", {"token_type": "BEANS", "tier_ids": ["1731381720000100"]}).status_code == 401


@pytest.mark.tiktok_mock(max_redeem_amount=5000)
def test_check_redeem_amounts_says_whether_every_amount_is_valid(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    check = lambda amounts: utility(tiktok_mock, token, "check_redeem_amounts", {"token_type": "BEANS", "token_amounts": amounts})
    assert check([11, 19, 999, 2999]).json()["data"] == {"valid": True}  # the docs' example
    assert check([11, 9999]).json()["data"] == {"valid": False} and check([0]).json()["data"] == {"valid": False}
    assert check([1.5]).json()["data"] == {"valid": False}
    assert check([]).json()["error"]["code"] == "40001000" and check(["11"]).json()["error"]["code"] == "40001000"


def test_the_play_token_takes_the_apps_client_token(tiktok_mock) -> None:
    client = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/token/",
        data={"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret, "grant_type": "client_credentials"},
    ).json()["access_token"]
    url = f"{tiktok_mock.url}/v2/sg/shortdrama/play_token/"
    params = {"client_key": tiktok_mock.client_key, "episode_id": "7300000000000000002"}
    answer = httpx.get(url, params=params, headers={"authorization": f"Bearer {client}"}).json()
    assert answer["error"]["code"] == "ok" and answer["data"]["play_auth_token"].startswith("pat.")
    assert httpx.get(url, params=params, headers={"authorization": f"Bearer {user_token(tiktok_mock)}"}).status_code == 401  # a user token is not it
    missing = httpx.get(url, params={"client_key": tiktok_mock.client_key}, headers={"authorization": f"Bearer {client}"})
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "40001000"


def test_a_client_token_is_checked_by_its_tag_expiry_app_and_the_states_key(tmp_path) -> None:
    """Client tokens carry their own record under the state's MAC key (no row is written for them): a changed
    byte, an expired one, one of a removed app or one issued before a reset is access_token_invalid; one from
    before a restart of the same state file still works."""
    from minis_cli.mock import MockTikTok

    def client_token(tiktok) -> str:
        form = {"client_key": tiktok.client_key, "client_secret": tiktok.client_secret, "grant_type": "client_credentials"}
        return httpx.post(f"{tiktok.url}/v2/oauth/token/", data=form).json()["access_token"]

    def status(tiktok, token: str) -> int:
        params = {"client_key": tiktok.client_key, "episode_id": "7300000000000000002"}
        return httpx.get(f"{tiktok.url}/v2/sg/shortdrama/play_token/", params=params, headers={"authorization": f"Bearer {token}"}).status_code

    state = tmp_path / "state.sqlite3"
    with MockTikTok(state=state, client_key="awsigned1", client_secret="signed-secret-1") as tiktok:
        token = client_token(tiktok)
        assert status(tiktok, token) == 200
        flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
        assert status(tiktok, flipped) == 401 and status(tiktok, token[:-1]) == 401 and status(tiktok, "clt.!!!") == 401
        # the mock's clock is the real one plus an offset: a margin, so a loaded machine's seconds between the
        # token's issue and this check cannot expire it early (7199 failed once under load)
        tiktok.advance(7170)
        assert status(tiktok, token) == 200
        tiktok.advance(31)
        assert status(tiktok, token) == 401  # expires_in 7200 on the fake clock
        kept = client_token(tiktok)
    with MockTikTok(state=state) as tiktok:  # the same state file: the key, and so the token, survive
        assert status(tiktok, kept) == 200
        tiktok.reset()
        assert status(tiktok, kept) == 401  # a reset makes a new key
        assert status(tiktok, client_token(tiktok)) == 200
