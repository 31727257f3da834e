"""Control additions of MOCK_API Part 2: container events over server-sent events, settings at run time
(client_version), a user removing the app (authorization.removed), refunds (refund_traceback)."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
from test_payments import create, pay, query, user_token  # this folder is on sys.path (pytest prepends it)

from minis_cli.mock import MockTikTok


def listen(url: str, count: int, got: list) -> threading.Thread:
    def run() -> None:
        with httpx.stream("GET", f"{url}/_mock/events/stream", timeout=10) as response:
            got.append(response.headers["content-type"])
            for line in response.iter_lines():
                if line.startswith("data: "):
                    got.append(json.loads(line[6:]))
                    if len(got) > count:
                        return

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def wait_for_listeners(tiktok, count: int) -> None:
    deadline = time.monotonic() + 5
    while tiktok.state.events.listeners < count:
        assert time.monotonic() < deadline, "the event stream did not connect"
        time.sleep(0.01)


def test_events_reach_every_open_page_over_the_stream(tiktok_mock) -> None:
    pages = [[], []]
    threads = [listen(tiktok_mock.url, 2, got) for got in pages]
    wait_for_listeners(tiktok_mock, 2)
    answer = httpx.post(f"{tiktok_mock.url}/_mock/events", json={"event": "minis.hide"}).json()
    assert answer == {"event": "minis.hide", "delivered_to": 2}
    assert tiktok_mock.fire_event("minis.share", {"channel": "copy_link"}) == 2
    for thread in threads:
        thread.join(5)
    for got in pages:
        assert got[0].startswith("text/event-stream")
        assert got[1:] == [{"event": "minis.hide", "payload": {}}, {"event": "minis.share", "payload": {"channel": "copy_link"}}]
    assert any(r["endpoint"] == "event" for r in tiktok_mock.requests)


def test_unknown_events_are_refused(tiktok_mock) -> None:
    bad = httpx.post(f"{tiktok_mock.url}/_mock/events", json={"event": "minis.explode"})
    assert bad.status_code == 400 and "minis.launch" in bad.json()["error_description"]
    with pytest.raises(ValueError):
        tiktok_mock.fire_event("onShow")


def test_stopping_the_mock_ends_open_streams_at_once() -> None:
    mock = MockTikTok().start()
    got: list = []
    listen(mock.url, 5, got)
    wait_for_listeners(mock, 1)
    started = time.monotonic()
    mock.stop()
    assert time.monotonic() - started < 1.5, "an open event stream held the shutdown up"


def test_client_version_and_settings_change_at_run_time(tiktok_mock) -> None:
    answer = httpx.post(f"{tiktok_mock.url}/_mock/config", json={"client_version": "44.2.0"})
    assert answer.status_code == 200 and answer.json()["settings"]["client_version"] == "44.2.0"
    assert tiktok_mock.client_version == "44.2.0"
    tiktok_mock.client_version = "45.0"
    assert httpx.get(f"{tiktok_mock.url}/_mock/config").json()["settings"]["client_version"] == "45.0"
    for bad in ({"client_version": "new"}, {"client_version": 44}, {"access_ttl": "long"}, {"no_such": 1}, {"rate_limit": "yes"}):
        refused = httpx.post(f"{tiktok_mock.url}/_mock/config", json=bad)
        assert refused.status_code == 400 and refused.json()["error"] == "invalid_request", bad
    assert tiktok_mock.client_version == "45.0", "a refused change changes nothing"
    tiktok_mock.reset()
    assert tiktok_mock.client_version == "latest"


def test_a_user_removing_the_app_revokes_their_tokens_and_sends_authorization_removed(tiktok_mock) -> None:
    token = user_token(tiktok_mock, "alice")
    other = user_token(tiktok_mock, "bruno")
    answer = httpx.post(f"{tiktok_mock.url}/_mock/users/alice/revoke", json={"reason": 1}).json()
    assert answer["user"] == "alice" and answer["reason"] == 1
    info = lambda t: httpx.get(f"{tiktok_mock.url}/v2/user/info/", params={"fields": "open_id"}, headers={"authorization": f"Bearer {t}"})
    assert info(token).status_code == 401
    assert info(other).status_code == 200, "only that user's grant ends"
    [event] = tiktok_mock.webhooks
    body = event["body"]
    assert body["event"] == "authorization.removed" and body["user_openid"] == tiktok_mock.open_id("alice")
    assert json.loads(body["content"]) == {"reason": 1}
    assert httpx.post(f"{tiktok_mock.url}/_mock/users/nobody/revoke", json={}).status_code == 404
    assert httpx.post(f"{tiktok_mock.url}/_mock/users/bruno/revoke", json={"reason": 9}).status_code == 400
    tiktok_mock.revoke_user("bruno", reason=5)
    assert info(other).status_code == 401


def test_a_refund_sends_refund_traceback_and_the_query_stays_success(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    trade_order_id = create(tiktok_mock, token, token_amount=100).json()["data"]["trade_order_id"]
    refused = httpx.post(f"{tiktok_mock.url}/_mock/orders/{trade_order_id}/refund", json={})
    assert refused.status_code == 400 and "PENDING" in refused.json()["error_description"]
    assert pay(tiktok_mock, trade_order_id, "confirm")["is_success"] is True
    partial = httpx.post(f"{tiktok_mock.url}/_mock/orders/{trade_order_id}/refund", json={"refund_amount": 80}).json()
    assert partial["refund_amount"] == 80 and partial["refundable"] == 20
    assert httpx.post(f"{tiktok_mock.url}/_mock/orders/{trade_order_id}/refund", json={"refund_amount": 21}).status_code == 400
    rest = tiktok_mock.refund("order-1")  # by the developer's own order id
    assert rest["refund_amount"] == 20 and rest["refundable"] == 0
    assert query(tiktok_mock, token, trade_order_id).json()["data"]["trade_order_status"] == "SUCCESS"
    events = [w["body"] for w in tiktok_mock.webhooks]
    assert [e["event"] for e in events] == [
        "minis.trade_order.redeem.success",
        "minis.trade_order.redeem.refund_traceback",
        "minis.trade_order.redeem.refund_traceback",
    ]
    assert json.loads(events[1]["content"]) == {"trade_order_id": trade_order_id, "order_id": "order-1", "is_sandbox": False, "refund_amount": 80}
    assert tiktok_mock.orders[0]["refunded"] == 100
    assert httpx.post(f"{tiktok_mock.url}/_mock/orders/TOIDnothing/refund", json={}).status_code == 404


@pytest.mark.tiktok_mock(refund_result_events=True)
def test_refund_success_events_are_behind_a_setting(tiktok_mock) -> None:
    token = user_token(tiktok_mock)
    trade_order_id = create(tiktok_mock, token).json()["data"]["trade_order_id"]
    pay(tiktok_mock, trade_order_id, "confirm")
    tiktok_mock.refund(trade_order_id)
    assert [w["body"]["event"] for w in tiktok_mock.webhooks][1:] == ["minis.trade_order.redeem.refund_traceback", "minis.trade_order.redeem.refund_success"]
