"""Subscriptions (minis-subscription-apis, tiktok-minis-in-app-purchases-subscriptions): the six server endpoints with
the user's token, the state machine through the SDK's outcomes and the store's actions, the sandbox schedule on the
fake clock, the documented business errors, the webhooks, and one subscription under concurrent confirmations."""

from __future__ import annotations

import concurrent.futures
import json

import httpx
import pytest
from test_payments import user_token
from test_webhooks import Receiver, verify  # this folder is on sys.path (pytest prepends it)

from minis_cli.mock.server import MockTikTok

SANDBOX = "sandbox_499_1M"


def call(tiktok, token: str, name: str, body: dict | None = None) -> httpx.Response:
    kwargs = {"json": body} if body is not None else {}
    return httpx.post(f"{tiktok.url}/v2/minis/subscription/{name}/", headers={"authorization": f"Bearer {token}"}, **kwargs)


def order_info(order_id: str) -> dict:
    return {"order_id": order_id, "product_name": "VIP monthly", "order_detail": "", "order_url": ""}


def create(tiktok, token: str, order_id: str = "sub-1", tier_id: str = SANDBOX) -> httpx.Response:
    return call(tiktok, token, "create", {"tier_id": tier_id, "order_info": order_info(order_id)})


def sdk(tiktok, kind: str, outcome: str = "confirm", user: str = "alice", **body) -> dict:
    payload = {"client_key": tiktok.client_key, "user": user, "kind": kind, "outcome": outcome, **body}
    return httpx.post(f"{tiktok.url}/_mock/sdk/subscription", json=payload).json()


def subscribe(tiktok, token: str, order_id: str = "sub-1", tier_id: str = SANDBOX) -> dict:
    trade_order_id = create(tiktok, token, order_id, tier_id).json()["data"]["trade_order_id"]
    result = sdk(tiktok, "create", trade_order_id=trade_order_id)
    assert result["is_success"] is True, result
    return result


def active(tiktok, token: str) -> list[dict]:
    return call(tiktok, token, "get_active_list").json()["data"]["subscriptions"]


def test_create_pay_and_read_back_in_tiktoks_shape(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    created = create(tiktok_mock, token)
    assert created.status_code == 200
    body = created.json()
    assert body["error"]["code"] == "ok" and body["error"]["log_id"]
    trade_order_id = body["data"]["trade_order_id"]
    pending = call(tiktok_mock, token, "get_trade_order_info", {"trade_order_id": trade_order_id}).json()["data"]
    assert pending["trade_order_status"] == "PENDING" and pending["is_sandbox"] is True and pending["subscription_id"]
    assert call(tiktok_mock, token, "get_subscription_info", {"trade_order_id": trade_order_id}).json()["error"]["code"] == "20011002"
    assert active(tiktok_mock, token) == []

    result = sdk(tiktok_mock, "create", trade_order_id=trade_order_id)
    assert result == {"is_success": True, "trade_order_id": trade_order_id, "subscription_id": pending["subscription_id"]}
    (sub,) = active(tiktok_mock, token)
    assert sub["subscription_id"] == result["subscription_id"] and sub["tier_id"] == SANDBOX and sub["trade_order_id"] == trade_order_id
    assert sub["is_subscription_rights_valid"] is True and sub["is_renewal_normal"] is True and sub["is_sandbox"] is True
    assert sub["pay_type"] == "IAP" and sub["end_time"] - sub["begin_time"] == 300 and sub["next_duduct_time"] == sub["end_time"]
    info = call(tiktok_mock, token, "get_subscription_info", {"trade_order_id": trade_order_id}).json()["data"]["subscription"]
    assert info == sub
    paid = call(tiktok_mock, token, "get_trade_order_info", {"trade_order_id": trade_order_id}).json()["data"]
    assert paid["trade_order_status"] == "SUCCESS" and paid["begin_time"] == sub["begin_time"]


def test_tier_info_for_the_documented_sandbox_tiers(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    tiers = ["sandbox_499_1M", "sandbox_1347_3M", "sandbox_699_1M", "sandbox_1887_3M"]
    found = call(tiktok_mock, token, "get_subscription_tier_info", {"tier_ids": tiers, "device_platform": "android"}).json()["data"]["subscription_tiers_info"]
    assert set(found) == set(tiers)
    assert found["sandbox_1347_3M"] == {
        "tier_id": "sandbox_1347_3M",
        "deduct_cycle": "QUARTERLY",
        "deduct_type": "auto_renew",
        "price": "13.47",
        "currency": "USD",
        "symbol": "$",
    }
    assert found["sandbox_699_1M"]["deduct_cycle"] == "MONTHLY" and found["sandbox_699_1M"]["price"] == "6.99"
    assert call(tiktok_mock, token, "get_subscription_tier_info", {"tier_ids": ["nope_1_1M"]}).json()["error"]["code"] == "20001003"
    assert call(tiktok_mock, token, "get_subscription_tier_info", {"tier_ids": []}).json()["error"]["code"] == "40001000"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"order_info": order_info("x")}, "40001000"),
        ({"tier_id": SANDBOX}, "40001000"),
        ({"tier_id": SANDBOX, "order_info": {"order_id": "x"}}, "40001000"),
        ({"tier_id": "nope_1_1M", "order_info": order_info("x")}, "20001003"),
    ],
)
def test_bad_creates_are_refused_with_the_documented_codes(tiktok_mock, body: dict, code: str) -> None:
    response = call(tiktok_mock, user_token(tiktok_mock), "create", body)
    assert response.status_code == 400 and response.json()["error"]["code"] == code and response.json()["data"] == {}


def test_auth_malformed_body_duplicates_and_payment_capability(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    assert call(tiktok_mock, "act.bogus", "get_active_list").status_code == 401
    malformed = httpx.post(f"{tiktok_mock.url}/v2/minis/subscription/create/", content=b"{nope", headers={"authorization": f"Bearer {token}"})
    assert malformed.status_code == 400 and malformed.json()["error"]["code"] == "40001000" and "line 1" in malformed.json()["error"]["message"]
    assert create(tiktok_mock, token, "dup").status_code == 200
    assert create(tiktok_mock, token, "dup", "sandbox_699_1M").json()["error"]["code"] == "20021002"  # one order id, once per app
    beans = httpx.post(
        f"{tiktok_mock.url}/v2/minis/trade_order/create/",
        headers={"authorization": f"Bearer {token}"},
        json={"token_type": "BEANS", "token_amount": 10, "order_info": {"order_id": "dup", "product_name": "x"}},
    )
    assert beans.json()["error"]["code"] == "20021002"  # shared with the Beans orders
    tiktok_mock.configure(payment_capability=False)
    assert create(tiktok_mock, token, "other").json()["error"]["code"] == "20021001"
    assert httpx.post(f"{tiktok_mock.url}/v2/minis/subscription/get_active_list", headers={"authorization": f"Bearer {token}"}).status_code == 200  # no slash


def test_one_subscription_per_user_and_the_state_errors(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    sub_id = subscribe(tiktok_mock, token)["subscription_id"]
    assert create(tiktok_mock, token, "second").json()["error"]["code"] == "20021101"
    tiktok_mock.subscription_action(sub_id, "cancel")
    assert create(tiktok_mock, token, "third").json()["error"]["code"] == "20021102"
    (sub,) = active(tiktok_mock, token)
    assert sub["is_subscription_rights_valid"] is True and sub["is_renewal_normal"] is False and "next_duduct_time" not in sub
    other = user_token(tiktok_mock, "bruno")  # another user of the same app may subscribe
    assert create(tiktok_mock, other, "bruno-1").status_code == 200


def test_cancel_outcome_closes_the_order_and_fail_and_replay_are_refused(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    trade_order_id = create(tiktok_mock, token).json()["data"]["trade_order_id"]
    cancelled = sdk(tiktok_mock, "create", "cancel", trade_order_id=trade_order_id)
    assert cancelled == {
        "is_success": False,
        "trade_order_id": trade_order_id,
        "error": {"error_code": "116601", "error_msg": "User Cancel: the user cancelled"},
    }
    again = sdk(tiktok_mock, "create", trade_order_id=trade_order_id)
    assert again["is_success"] is False and again["error"]["error_code"] == "116600" and "create a new trade order" in again["error"]["error_msg"]
    second = create(tiktok_mock, token, "sub-2").json()["data"]["trade_order_id"]
    failed = sdk(tiktok_mock, "create", "fail", trade_order_id=second)
    assert failed["error"]["error_code"] == "116600"
    assert active(tiktok_mock, token) == [] and not tiktok_mock.subscriptions
    assert sdk(tiktok_mock, "create")["error"]["error_code"] == "116101"
    assert sdk(tiktok_mock, "create", trade_order_id="TOIDNOPE")["error"]["error_code"] == "116502"
    third = create(tiktok_mock, token, "sub-3").json()["data"]["trade_order_id"]
    assert sdk(tiktok_mock, "create", user="bruno", trade_order_id=third)["error"]["error_code"] == "116600"  # not bruno's order
    assert sdk(tiktok_mock, "reactivate", trade_order_id=third)["error"]["error_code"] == "118502"  # a create order


def test_sandbox_renews_every_five_minutes_twelve_times_then_expires(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    sub_id = subscribe(tiktok_mock, token)["subscription_id"]
    first = active(tiktok_mock, token)[0]
    tiktok_mock.advance(301)
    (renewed,) = active(tiktok_mock, token)
    assert renewed["end_time"] == first["end_time"] + 300 and renewed["trade_order_id"] != first["trade_order_id"]
    renew_order = call(tiktok_mock, token, "get_trade_order_info", {"trade_order_id": renewed["trade_order_id"]}).json()["data"]
    assert renew_order["trade_order_status"] == "SUCCESS" and renew_order["subscription_id"] == sub_id
    tiktok_mock.advance(3600)  # past the 12th renewal and the end of its period
    assert active(tiktok_mock, token) == []
    (final,) = tiktok_mock.subscriptions
    assert final["state"] == "expired" and final["renewals"] == 12 and final["is_subscription_rights_valid"] is False
    events = [w["event"] for w in tiktok_mock.webhooks]
    assert events == ["minis.subscription.create"] + ["minis.subscription.renew"] * 12 + ["minis.subscription.expire"]
    assert create(tiktok_mock, token, "after").status_code == 200  # an expired subscription does not block a new one


def test_reactivate_only_a_cancelled_subscription_not_near_its_renewal(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    sub_id = subscribe(tiktok_mock, token)["subscription_id"]
    body = {"subscription_id": sub_id, "order_info": order_info("re-1")}
    assert call(tiktok_mock, token, "reactivate", body).json()["error"]["code"] == "20021101"  # still renewing
    tiktok_mock.subscription_action(sub_id, "cancel")
    assert call(tiktok_mock, token, "reactivate", {**body, "subscription_id": "nope"}).json()["error"]["code"] == "40001000"
    reactivation = call(tiktok_mock, token, "reactivate", body).json()["data"]["trade_order_id"]
    cancelled = sdk(tiktok_mock, "reactivate", "cancel", trade_order_id=reactivation)
    assert cancelled["error"] == {"error_code": "118601", "error_msg": "User Cancel: the user cancelled"}
    second = call(tiktok_mock, token, "reactivate", {**body, "order_info": order_info("re-2")}).json()["data"]["trade_order_id"]
    result = sdk(tiktok_mock, "reactivate", trade_order_id=second)
    assert result == {"is_success": True, "trade_order_id": second, "subscription_id": sub_id}
    (sub,) = active(tiktok_mock, token)
    assert sub["is_renewal_normal"] is True and sub["trade_order_id"] == second
    tiktok_mock.subscription_action(sub_id, "cancel")
    tiktok_mock.advance(200)  # 100 s left: within the sandbox's 2 minutes of renewal
    near = call(tiktok_mock, token, "reactivate", {**body, "order_info": order_info("re-3")}).json()
    assert near["error"]["code"] == "20021111"
    tiktok_mock.advance(101)  # the cancelled period ends: expired
    assert active(tiktok_mock, token) == []
    assert [w["event"] for w in tiktok_mock.webhooks] == ["minis.subscription.create", "minis.subscription.reactivate", "minis.subscription.expire"]


def test_onhold_recover_and_expiry_of_a_hold(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    sub_id = subscribe(tiktok_mock, token, tier_id="mock_499_1M")["subscription_id"]
    (sub,) = active(tiktok_mock, token)
    assert sub["is_sandbox"] is False and sub["end_time"] - sub["begin_time"] == 30 * 86400
    tiktok_mock.subscription_action(sub_id, "onhold")
    (held,) = active(tiktok_mock, token)
    assert held["is_subscription_rights_valid"] is False and held["is_renewal_normal"] is False
    assert create(tiktok_mock, token, "while-held").json()["error"]["code"] == "20021103"
    reactivate = call(tiktok_mock, token, "reactivate", {"subscription_id": sub_id, "order_info": order_info("re")}).json()
    assert reactivate["error"]["code"] == "20021103"
    tiktok_mock.subscription_action(sub_id, "recover")
    assert active(tiktok_mock, token)[0]["is_renewal_normal"] is True
    tiktok_mock.subscription_action(sub_id, "onhold")
    tiktok_mock.advance(30 * 86400 + 1)  # subscription_onhold_period
    token = user_token(tiktok_mock)  # the old access token expired meanwhile
    assert active(tiktok_mock, token) == []
    assert [w["event"].rsplit(".", 1)[1] for w in tiktok_mock.webhooks] == ["create", "onhold", "renew", "onhold", "expire"]
    with pytest.raises(ValueError, match="expired"):
        tiktok_mock.subscription_action(sub_id, "cancel")
    with pytest.raises(LookupError):
        tiktok_mock.subscription_action("nope", "cancel")


def test_change_applies_from_the_next_renewal_with_the_documented_limits(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    assert sdk(tiktok_mock, "change", tier_id="sandbox_1347_3M")["error"]["error_code"] == "116600"  # nothing to change
    sub_id = subscribe(tiktok_mock, token)["subscription_id"]
    assert sdk(tiktok_mock, "change")["error"]["error_code"] == "116101"
    assert sdk(tiktok_mock, "change", tier_id="nope")["error"]["error_code"] == "20001003"
    assert sdk(tiktok_mock, "change", "cancel", tier_id="sandbox_1347_3M")["error"]["error_code"] == "116601"
    assert sdk(tiktok_mock, "change", tier_id="sandbox_1347_3M") == {"is_success": True, "subscription_id": sub_id, "tier_id": "sandbox_1347_3M"}
    assert active(tiktok_mock, token)[0]["tier_id"] == SANDBOX  # until the next renewal
    assert sdk(tiktok_mock, "change", tier_id="sandbox_699_1M")["error"]["error_code"] == "20021108"  # within the hour
    tiktok_mock.advance(301)
    assert active(tiktok_mock, token)[0]["tier_id"] == "sandbox_1347_3M"
    tiktok_mock.advance(3790 - 301)  # the hour is over; the next renewal (at 3900 s) is 110 s away: within 2 minutes
    (sub,) = active(tiktok_mock, token)
    assert 100 < sub["next_duduct_time"] - tiktok_mock.state.now() < 120
    assert sdk(tiktok_mock, "change", tier_id="sandbox_699_1M")["error"]["error_code"] == "20021111"


def test_webhooks_are_signed_and_carry_the_subscription(receiver: Receiver) -> None:
    with MockTikTok(webhook_url=receiver.url) as tiktok:
        token = user_token(tiktok)
        result = subscribe(tiktok, token, order_id="my-order-7")
        tiktok.advance(301)
        tiktok.deliver_webhooks()
        assert len(receiver.received) == 2
        (headers, body), (_, renew_body) = receiver.received
        assert verify(tiktok.client_secret, headers["tiktok-signature"], body)
        envelope = json.loads(body)
        assert envelope["event"] == "minis.subscription.create" and envelope["user_openid"] == tiktok.open_id("alice")
        content = json.loads(envelope["content"])
        assert content["subscription_id"] == result["subscription_id"] and content["order_id"] == "my-order-7"
        assert content["trade_order_id"] == result["trade_order_id"] and content["tier_id"] == SANDBOX and content["is_sandbox"] is True
        renew = json.loads(json.loads(renew_body)["content"])
        assert json.loads(renew_body)["event"] == "minis.subscription.renew" and renew["order_id"] == "" and renew["trade_order_id"] != result["trade_order_id"]


def test_the_clock_thread_renews_without_a_request(receiver: Receiver) -> None:
    import time

    with MockTikTok(webhook_url=receiver.url) as tiktok:
        subscribe(tiktok, user_token(tiktok))
        tiktok.state.clock.advance(301)  # the clock alone, as a long-running dev session's real time would
        deadline = time.monotonic() + 5
        while len(receiver.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [json.loads(b)["event"] for _, b in receiver.received] == ["minis.subscription.create", "minis.subscription.renew"]


def test_refund_of_the_current_payment_ends_the_subscription(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    result = subscribe(tiktok_mock, token, order_id="refund-me")
    refunded = tiktok_mock.refund("refund-me")
    assert refunded["trade_order_status"] == "REFUNDED" and refunded["webhook"]
    order = call(tiktok_mock, token, "get_trade_order_info", {"trade_order_id": result["trade_order_id"]}).json()["data"]
    assert order["trade_order_status"] == "REFUNDED"
    assert active(tiktok_mock, token) == [] and tiktok_mock.webhooks[-1]["event"] == "minis.subscription.expire"
    with pytest.raises(ValueError, match="REFUNDED"):
        tiktok_mock.refund(result["trade_order_id"])


def test_times_in_milliseconds_when_set(tiktok_mock) -> None:
    tiktok_mock.configure(subscription_time_unit="ms")
    token = user_token(tiktok_mock)
    subscribe(tiktok_mock, token)
    (sub,) = active(tiktok_mock, token)
    assert sub["end_time"] - sub["begin_time"] == 300_000


def test_sixty_four_concurrent_confirmations_make_one_subscription(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    orders = [create(tiktok_mock, token, f"race-{i}").json()["data"]["trade_order_id"] for i in range(1)]
    orders += [orders[0]] * 63
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda t: sdk(tiktok_mock, "create", trade_order_id=t), orders))
    assert sum(r["is_success"] for r in results) == 1
    assert len(tiktok_mock.subscriptions) == 1
    assert [w["event"] for w in tiktok_mock.webhooks] == ["minis.subscription.create"]


def test_state_survives_a_restart(tmp_path) -> None:
    path = tmp_path / "state.sqlite"
    with MockTikTok(state=str(path)) as tiktok:
        token = user_token(tiktok)
        sub_id = subscribe(tiktok, token)["subscription_id"]
        key, secret = tiktok.client_key, tiktok.client_secret
    with MockTikTok(state=str(path), client_key=key, client_secret=secret) as again:
        (sub,) = again.subscriptions
        assert sub["subscription_id"] == sub_id and sub["state"] == "active"
        assert [s["subscription_id"] for s in active(again, token)] == [sub_id]
