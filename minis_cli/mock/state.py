"""What the routes share: the store, the clock, the settings, one-shot faults, the request log."""

from __future__ import annotations

import ipaddress
import json
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .clock import Clock
from .events import Broadcast, EventHub
from .ratelimit import RateLimiter
from .settings import MockSettings
from .store import App, Store
from .subscriptions import tick
from .users import User
from .webhooks import envelope

FAULT_ENDPOINTS = ("token", "revoke", "user_info", "authorize", "sdk_login", "sdk_authorize", "sdk_rewards")
# What a user can do in each sheet, dialog or overlay (docs/mock-api.md: The control API, outcomes); a queued outcome
# answers the next call without UI.
OUTCOMES: dict[str, tuple[str, ...]] = {
    "authorize": ("allow", "deny"),
    "pay": ("confirm", "cancel", "fail"),
    "openBalance": ("confirm", "cancel", "fail"),
    "createSubscription": ("confirm", "cancel", "fail"),
    "reactivateSubscription": ("confirm", "cancel", "fail"),
    "changeSubscription": ("confirm", "cancel", "fail"),
    # an ad's show(), or a game ad's load() (no_fill / error reject it; ended / closed_early wait for its show())
    "createRewardedVideoAd": ("ended", "closed_early", "no_fill", "error"),
    "createInterstitialAd": ("ended", "closed_early", "no_fill", "error"),
    "share": ("share", "cancel"),
    # the drama player's next episode retrieval: plays, or fails with a veErrorCode (mini-drama-player-error-codes)
    "getPlayer": ("play", "9301", "9308", "9311", "9312", "9399", "2100", "5104"),
    "addShortcut": ("confirm", "cancel"),
    # whether the player came back through the revisit task TikTok showed (mini-games-revisit-rewards): the next call's answer
    "getRevisitMissionReward": ("returned", "not_returned"),
    # The Media Asset API (media.py): TikTok's review of a submitted version, and a video upload from a URL.
    "albumReview": ("approve", "reject"),
    "videoUpload": ("success", "fail"),
}
# Secrets a log entry never shows whole: TikTok's (codes, tokens, the secret) and a backend's session id, which a
# native game's requests carry as a bearer (the panel shows those requests' bodies and headers).
MASKED = frozenset({"client_secret", "code", "code_verifier", "refresh_token", "token", "access_token", "session", "authorization"})
REQUEST_LOG_SIZE = 2000
MAX_OUTCOMES = 1000  # queued outcomes, all APIs together (POST /_mock/outcomes answers with the queue)
MAX_FAULTS = 100  # pending injected failures, all endpoints together (each may fail up to a million calls)


@dataclass
class Fault:
    """An injected failure for the next `remaining` calls of one endpoint."""

    endpoint: str
    error: str
    status: int | None
    description: str
    remaining: int


def mask(value: str) -> str:
    """Enough to tell tokens apart in a log, never enough to use one."""
    if len(value) <= 8:
        return "****"
    return value[:4] + "…" + value[-2:]


class RequestLog:
    """The last REQUEST_LOG_SIZE requests, oldest first. An entry is kept as the values it was logged with
    and becomes the masked dict readers see only when read: the mock's busiest routes log every request,
    and building (and masking) a dict per request that nobody reads was a tenth of a token request."""

    __slots__ = ("_entries",)
    FIELDS = ("time", "endpoint", "method", "path", "query", "params", "status", "error", "log_id")

    def __init__(self, size: int = REQUEST_LOG_SIZE) -> None:
        self._entries: deque[tuple[Any, ...]] = deque(maxlen=size)

    def append(self, entry: tuple[Any, ...]) -> None:
        """`entry`: the FIELDS' values, params unmasked (the caller hands the dict over: never changed after)."""
        self._entries.append(entry)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self.shown, list(self._entries))

    def tail(self, count: int) -> list[dict[str, Any]]:
        entries = self._entries
        return [self.shown(entry) for entry in list(entries)[max(0, len(entries) - count) :]]

    @classmethod
    def shown(cls, entry: tuple[Any, ...]) -> dict[str, Any]:
        shown = dict(zip(cls.FIELDS, entry))
        params = entry[5]
        shown["params"] = {k: (mask(v) if k in MASKED and isinstance(v, str) else v) for k, v in params.items()} if params else {}
        return shown


def is_loopback_or_lan(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


@dataclass
class MockState:
    store: Store
    settings: MockSettings
    clock: Clock
    apps: list[App]  # the seeded apps, restored by reset
    users: list[User] | None = None  # the seeded users (None: the three defaults)
    host: str = "127.0.0.1"
    allowed_hosts: tuple[str, ...] = ()  # Host names besides IPs, localhost and this machine's (guard.BrowserGuard)
    faults: dict[str, deque[Fault]] = field(default_factory=lambda: defaultdict(deque))
    requests: RequestLog = field(default_factory=RequestLog)
    rate: RateLimiter = field(default_factory=RateLimiter)
    outcomes: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    events: EventHub = field(default_factory=EventHub)
    feed: Broadcast = field(default_factory=Broadcast)  # the simulator's devtools panel: every log entry, live
    control_token: str = field(default_factory=lambda: secrets.token_urlsafe(18))  # the control API beyond loopback
    device: dict[str, Any] | None = None  # the simulator's phone (simulator.device()), what the framed SDK reports
    simulator: dict[str, Any] = field(default_factory=dict)  # what `dev` tells the simulator page: target, navbar, orientation
    game: dict[str, Any] = field(default_factory=dict)  # the native game the host runs: root, title, scene, query, orientation
    relay_client: Any = None  # the host's network relay (httpx.AsyncClient), made on first use
    violation_hooks: list[Any] = field(default_factory=list)  # called with each CSP violation entry (dev prints them)
    runtime_hooks: list[Any] = field(default_factory=list)  # called (level, message) with each game host report (dev prints them)
    network: str | None = None  # the simulator's network profile (mock/throttle.py), None: the desktop's own network
    network_hooks: list[Any] = field(default_factory=list)  # called with the NetworkProfile (or None) when it changes (dev's preview proxy)
    startup: dict[str, Any] | None = None  # the last load's first paint and time to interactive (POST /_mock/startup)
    webhook_ready: threading.Event = field(default_factory=threading.Event)  # wakes the Deliverer at once

    @property
    def on_loopback(self) -> bool:
        host = self.host.strip("[]")
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return host == "localhost"

    def now(self) -> float:
        return self.clock.now()

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.store.set_meta("clock_offset", repr(self.clock.offset))
        tick(self)  # renewals and expiries the clock has now come to, before the next request reads them

    def configure(self, **changes: Any) -> None:
        self.settings = replace(self.settings, **changes)

    def reset(self, settings: MockSettings | None = None) -> None:
        self.store.reset(self.apps, self.users)
        self.faults.clear()
        self.outcomes.clear()
        self.requests.clear()
        self.rate.clear()
        self.clock.offset = 0.0
        if settings is not None:
            self.settings = settings

    # --- webhooks -------------------------------------------------------------------------------------

    def emit_webhook(self, client_key: str, event: str, user: User | None, content: dict[str, Any]) -> str:
        """Store an event for the developer's backend (the Deliverer sends it, at least once)."""
        now = self.now()
        body = envelope(client_key, event, user.open_id(client_key) if user else "", content, int(now))
        webhook_id = self.store.add_webhook(client_key, event, body, now)
        self.webhook_ready.set()
        return webhook_id

    # --- queued outcomes ----------------------------------------------------------------------------

    def queue_outcome(self, api: str, outcome: str, count: int = 1) -> None:
        if api not in OUTCOMES:
            raise ValueError(f"api must be one of {', '.join(OUTCOMES)}")
        if outcome not in OUTCOMES[api]:
            raise ValueError(f"the outcomes of {api} are {', '.join(OUTCOMES[api])}")
        queued = self.queued_outcomes()
        if isinstance(count, bool) or not isinstance(count, int) or count < 1 or queued + count > MAX_OUTCOMES:
            raise ValueError(f"at most {MAX_OUTCOMES} outcomes may be queued ({queued} are, {count!r} more asked); DELETE /_mock/outcomes clears the queue")
        self.outcomes[api].extend([outcome] * count)

    def queued_outcomes(self) -> int:
        return sum(map(len, self.outcomes.values()))

    def take_outcome(self, api: str) -> str | None:
        queue = self.outcomes.get(api)
        return queue.popleft() if queue else None

    # --- faults ------------------------------------------------------------------------------------

    def add_fault(self, endpoint: str, error: str, status: int | None, description: str, count: int) -> None:
        pending = sum(map(len, self.faults.values()))
        if pending >= MAX_FAULTS:
            raise ValueError(f"at most {MAX_FAULTS} injected failures may be pending ({pending} are); DELETE /_mock/faults clears them")
        self.faults[endpoint].append(Fault(endpoint, error, status, description, count))

    def take_fault(self, endpoint: str) -> Fault | None:
        queue = self.faults.get(endpoint)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.popleft()
        return fault

    # --- rate limits: each API its own window (docs: "limits for each API are set and enforced separately") ---

    def over_rate_limit(self, api: str, client_key: str, token: str) -> bool:
        """True when this call is over the per-minute limit of `api`, counted per app (the default) or per token."""
        if not self.settings.rate_limit:
            return False
        who = client_key if self.settings.rate_limit_key == "app" else token
        return self.rate.over(f"{api}:{who}", self.now(), self.settings.rate_limit_per_minute)

    # --- the request log ---------------------------------------------------------------------------

    def log(self, endpoint: str, method: str, path: str, query: str, params: dict[str, Any] | None, status: int, log_id: str, error: str | None = None) -> None:
        entry = (round(time.time() + self.clock.offset, 3), endpoint, method, path, query, params, status, error, log_id)
        self.requests.append(entry)
        if self.feed.count:  # an open devtools panel: the entry now, as one server-sent event
            self.feed.send(json.dumps(RequestLog.shown(entry), separators=(",", ":"), default=str))
