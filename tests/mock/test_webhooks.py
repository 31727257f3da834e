"""Webhooks (MOCK_API Part 2): TikTok's envelope and signature, retries until a 200, the delivery log,
replay, and at-least-once delivery across a SIGKILL."""

from __future__ import annotations

import hashlib
import hmac
import json
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from minis_cli.mock import MockTikTok
from minis_cli.mock.webhooks import next_attempt, signature


class Receiver:
    """A backend's webhook endpoint on 127.0.0.1 that answers `statuses` in turn (then 200)."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.statuses = list(statuses or [])
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/webhooks/tiktok"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def verify(secret: str, header: str, body: bytes) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.{body.decode()}".encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["s"])


def test_an_event_is_signed_as_tiktok_signs_it(receiver: Receiver) -> None:
    with MockTikTok(webhook_url=receiver.url) as tiktok:
        tiktok.send_webhook("minis.trade_order.redeem.success", {"trade_order_id": "TO1", "amount": 499}, user="bruno")
        assert tiktok.deliver_webhooks() == 1
        ((headers, body),) = receiver.received
        assert verify(tiktok.client_secret, headers["tiktok-signature"], body)
        assert not verify("another-secret", headers["tiktok-signature"], body)
        envelope = json.loads(body)
        assert set(envelope) == {"client_key", "event", "create_time", "user_openid", "content"}
        assert envelope["event"] == "minis.trade_order.redeem.success" and envelope["user_openid"] == tiktok.open_id("bruno")
        assert json.loads(envelope["content"]) == {"trade_order_id": "TO1", "amount": 499}  # content is a JSON string
        (logged,) = tiktok.webhooks
        assert (logged["status"], logged["attempts"], logged["last_status"]) == ("delivered", 1, 200)


def test_a_receiver_that_fails_twice_gets_the_event_three_times() -> None:
    receiver = Receiver([500, 503])
    try:
        with MockTikTok(webhook_url=receiver.url, webhook_retry_base=10) as tiktok:
            tiktok.send_webhook("minis.trade_order.redeem.success", {"trade_order_id": "TO2"})
            tiktok.deliver_webhooks()
            assert tiktok.webhooks[0]["status"] == "pending" and tiktok.webhooks[0]["last_status"] == 500
            assert tiktok.deliver_webhooks() == 0  # not due yet: the backoff waits on the mock's clock
            tiktok.advance(10)
            tiktok.deliver_webhooks()
            tiktok.advance(20)
            tiktok.deliver_webhooks()
            (logged,) = tiktok.webhooks
            assert (logged["status"], logged["attempts"], logged["last_status"]) == ("delivered", 3, 200)
            assert len(receiver.received) == 3 and len({body for _, body in receiver.received}) == 1  # the same event
    finally:
        receiver.close()


def test_delivery_gives_up_after_72_hours_of_mock_time() -> None:
    assert next_attempt(0, 1, 60, 10) == 70
    assert next_attempt(0, 20, 70 * 3600, 10) is None


def test_the_background_thread_delivers_and_replay_sends_again(receiver: Receiver) -> None:
    with MockTikTok(webhook_url=receiver.url) as tiktok:
        sent = httpx.post(f"{tiktok.url}/_mock/webhooks/send", json={"event": "authorization.removed", "content": {"reason": 1}}).json()
        deadline = time.monotonic() + 5
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(receiver.received) == 1
        assert httpx.post(f"{tiktok.url}/_mock/webhooks/{sent['id']}/replay").status_code == 200
        deadline = time.monotonic() + 5
        while len(receiver.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(receiver.received) == 2 and receiver.received[0][1] == receiver.received[1][1]
        log = httpx.get(f"{tiktok.url}/_mock/webhooks").json()
        assert log["webhook_url"] == receiver.url and log["webhooks"][0]["attempts"] == 2
        assert httpx.post(f"{tiktok.url}/_mock/webhooks/nope/replay").status_code == 404
        assert httpx.post(f"{tiktok.url}/_mock/webhooks/send", json={"event": "made.up"}).status_code == 400


def test_without_a_url_events_wait_and_are_not_lost(receiver: Receiver) -> None:
    with MockTikTok() as tiktok:
        tiktok.send_webhook("minis.trade_order.redeem.success", {"trade_order_id": "TO3"})
        assert tiktok.deliver_webhooks() == 0
        (logged,) = tiktok.webhooks
        assert (logged["status"], logged["attempts"]) == ("pending", 0)
        tiktok.configure(webhook_url=receiver.url)
        assert tiktok.deliver_webhooks() == 1 and tiktok.webhooks[0]["status"] == "delivered"


def test_an_event_stored_before_a_sigkill_is_delivered_after_the_restart(tmp_path: Path, receiver: Receiver) -> None:
    state = tmp_path / "mock.sqlite3"
    serve = [
        sys.executable,
        "-m",
        "minis_cli",
        "mock",
        "serve",
        "--port",
        "0",
        "--state",
        str(state),
        "--client-key",
        "awkill00001",
        "--client-secret",
        "k" * 24,
    ]
    first = subprocess.Popen(serve, stdout=subprocess.PIPE, text=True)  # no --webhook-url: it cannot deliver yet
    try:
        url = first.stdout.readline().split()[-1]
        sent = httpx.post(f"{url}/_mock/webhooks/send", json={"event": "minis.trade_order.redeem.success", "content": {"trade_order_id": "TO4"}})
        assert sent.status_code == 200
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    second = subprocess.Popen([*serve, "--webhook-url", receiver.url], stdout=subprocess.PIPE, text=True)
    try:
        second.stdout.readline()
        deadline = time.monotonic() + 20
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(receiver.received) == 1 and json.loads(json.loads(receiver.received[0][1])["content"]) == {"trade_order_id": "TO4"}
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=10)


def test_signature_helper_matches_the_documented_scheme() -> None:
    assert signature("secret", 1700000000, "{}") == "t=1700000000,s=" + hmac.new(b"secret", b"1700000000.{}", hashlib.sha256).hexdigest()
