"""The rate limit of /v2/user/info/: a sliding one-minute window per key, in bounded memory.

Each key (an access token) keeps the times of its calls in the last window. Keys are held in order of
last use, so keys whose newest call has left the window are dropped from the front on every call (the
structure holds only the keys seen in the last minute), and at most `max_keys` are kept in all: past
that the least recently used key is forgotten (it starts a fresh window: the limit errs on the side of
answering, never of refusing).
"""

from __future__ import annotations

from collections import deque

WINDOW = 60.0  # seconds
MAX_KEYS = 100_000


class RateLimiter:
    def __init__(self, window: float = WINDOW, max_keys: int = MAX_KEYS) -> None:
        self.window = window
        self.max_keys = max_keys
        self._calls: dict[str, deque[float]] = {}  # insertion order = order of last use

    def __len__(self) -> int:
        return len(self._calls)

    def clear(self) -> None:
        self._calls.clear()

    def over(self, key: str, now: float, limit: int) -> bool:
        """True when `key` already made `limit` calls in the window ending now; else the call counts."""
        start = now - self.window
        calls = self._calls.pop(key, None)
        self._drop_expired(start)
        if calls is None:
            calls = deque()
        while calls and calls[0] <= start:
            calls.popleft()
        refused = len(calls) >= limit
        if not refused:
            calls.append(now)
        if calls:
            self._calls[key] = calls  # re-inserted: now the most recently used
            if len(self._calls) > self.max_keys:
                del self._calls[next(iter(self._calls))]
        return refused

    def _drop_expired(self, start: float) -> None:
        calls = self._calls
        while calls:
            oldest_key = next(iter(calls))
            if calls[oldest_key][-1] > start:
                return
            del calls[oldest_key]
