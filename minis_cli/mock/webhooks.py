"""Webhooks to the developer's backend: TikTok's envelope, its signature, and at-least-once delivery.

The envelope is the one TikTok POSTs (`client_key`, `event`, `create_time`, `user_openid`, `content` as a JSON
string); the `TikTok-Signature` header is `t=<unix time>,s=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the
app's client secret>` ("Webhooks verification"). Only a 200 counts as delivered ("If a 200 HTTP status code is
not returned... unsuccessful"); anything else is retried with exponential backoff until 72 hours of mock time
after the event, then given up. Events are stored before they are sent (in the same SQLite state, written with
the change that caused them), so a mock killed before delivering delivers them after a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from typing import TYPE_CHECKING, Any

from .randomness import new_log_id
from .subscriptions import tick

if TYPE_CHECKING:
    from .state import MockState

GIVE_UP_AFTER = 72 * 3600  # seconds of mock time after the event
DELIVERY_TIMEOUT = 5.0  # seconds a backend may take to answer one delivery


def signature(secret: str, timestamp: int, body: str) -> str:
    """The TikTok-Signature header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},s={digest}"


def envelope(client_key: str, event: str, user_openid: str, content: dict[str, Any], create_time: int) -> str:
    """The exact body of one webhook (content travels as a JSON string, as TikTok sends it)."""
    return json.dumps(
        {
            "client_key": client_key,
            "event": event,
            "create_time": create_time,
            "user_openid": user_openid,
            "content": json.dumps(content, separators=(",", ":")),
        },
        separators=(",", ":"),
    )


def next_attempt(created_at: float, attempts: int, now: float, base: float) -> float | None:
    """When to try again after ``attempts`` failed tries (base × 2^(attempts-1)), or None: give up."""
    due = now + base * (2 ** max(0, attempts - 1))
    return due if due - created_at <= GIVE_UP_AFTER else None


class Deliverer:
    """Delivers due webhooks in a thread of its own (never on a request), as the mock's clock says: at once
    when an event is stored (the state wakes it), and every `interval` for retries that came due."""

    def __init__(self, state: MockState, interval: float = 0.05) -> None:
        self.state = state
        self.interval = interval
        self._client: Any = None  # one keep-alive connection pool to the backend
        self._stop = threading.Event()
        self._lock = threading.Lock()  # one delivery round at a time (the thread, or deliver_due())
        self._thread: threading.Thread | None = None

    def start(self) -> Deliverer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="mock-webhooks", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.state.webhook_ready.set()
        if self._thread is not None:
            self._thread.join(timeout=DELIVERY_TIMEOUT + 1)
            self._thread = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def _run(self) -> None:
        ready = self.state.webhook_ready
        while not self._stop.is_set():
            ready.wait(self.interval)
            ready.clear()
            if self._stop.is_set():
                return
            try:
                tick(self.state)  # subscriptions the clock has come to renew or end: their events first
                self.deliver_due()
            except Exception:
                pass

    def deliver_due(self) -> int:
        """Send every webhook due now; returns how many were attempted."""
        import httpx

        with self._lock:
            state = self.state
            url = state.settings.webhook_url
            if not url:
                return 0  # events wait, stored, until there is somewhere to send them
            due = state.store.webhooks(due_by=state.now())
            for webhook in due:
                app = state.store.app(webhook.client_key)
                now = state.now()
                if app is None:
                    state.store.record_attempt(webhook.id, url, None, "unknown app", 0.0, now, None)
                    continue
                # Signed at the wall-clock time, as TikTok signs when it sends: a backend checks `t` against its own
                # clock, and the mock's clock (moved ahead by a test) is not the one the backend keeps.
                headers = {"content-type": "application/json", "TikTok-Signature": signature(app.client_secret, int(time.time()), webhook.body)}
                started = time.perf_counter()
                status, error = None, None
                try:
                    if self._client is None:
                        self._client = httpx.Client(timeout=DELIVERY_TIMEOUT)
                    response = self._client.post(url, content=webhook.body.encode(), headers=headers)
                    status = response.status_code
                    if status != 200:
                        error = f"HTTP {status}"
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"
                latency = (time.perf_counter() - started) * 1000
                retry = None if status == 200 else next_attempt(webhook.created_at, webhook.attempts + 1, state.now(), state.settings.webhook_retry_base)
                state.store.record_attempt(webhook.id, url, status, error, latency, state.now(), retry)
                # Each attempt in the request log (and so in the simulator's panel): the event, its try, the answer.
                state.log(
                    "webhook",
                    "POST",
                    url,
                    "",
                    {"id": webhook.id, "event": webhook.event, "attempt": webhook.attempts + 1, "latency_ms": round(latency, 1), "retry_at": retry},
                    status or 0,
                    new_log_id(),
                    error,
                )
            return len(due)
