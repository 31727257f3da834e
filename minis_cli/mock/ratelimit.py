"""The rate limit of /v2/user/info/: a sliding one-minute window per key, in bounded memory.

Each key (an access token) keeps the times of its calls in the last window. Keys are held in order of
last use, so keys whose newest call has left the window are dropped from the front on every call (the
structure holds only the keys seen in the last minute), and at most `max_keys` are kept in all: past
that the least recently used key is forgotten (it starts a fresh window: the limit errs on the side of
answering, never of refusing).

A key's call times are a plain list, not a deque: a deque is 760 bytes even for one entry (its first
block), a list of two floats 72, and at 50,000 keys that is the difference between ~48 MB and ~15 MB
(issue 16's memory run). Times leave from the front with one slice deletion per call at most.
A key is held as its `hash()` (an int of 32 bytes instead of a ~120-byte "api:token" string): SipHash
with the process's random key, so two live keys share a window with odds of ~1e-10 at 50,000 keys,
and nobody can make them collide on purpose.
"""

from __future__ import annotations

from bisect import bisect_right

WINDOW = 60.0  # seconds
MAX_KEYS = 50_000  # ~15 MB at most (issue 16: the mock stays under 80 MB with a million tokens calling)


class RateLimiter:
    def __init__(self, window: float = WINDOW, max_keys: int = MAX_KEYS) -> None:
        self.window = window
        self.max_keys = max_keys
        self._calls: dict[int, list[float]] = {}  # hash(key) -> call times; insertion order = order of last use

    def __len__(self) -> int:
        return len(self._calls)

    def clear(self) -> None:
        self._calls.clear()

    def over(self, key: str, now: float, limit: int) -> bool:
        """True when `key` already made `limit` calls in the window ending now; else the call counts."""
        start = now - self.window
        held = hash(key)
        calls = self._calls.pop(held, None)
        self._drop_expired(start)
        if calls is None:
            calls = []
        elif calls[0] <= start:
            del calls[: bisect_right(calls, start)]  # the times are in order: the expired ones are a prefix
        refused = len(calls) >= limit
        if not refused:
            calls.append(now)
        if calls:
            self._calls[held] = calls  # re-inserted: now the most recently used
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
