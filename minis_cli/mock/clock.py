"""Controllable time: the real clock plus an offset that tests move forward."""

from __future__ import annotations

import math
import time

MAX_OFFSET = 10**11  # seconds the mock's clock may run ahead of the real one (~3,170 years)


def valid_offset(offset: object) -> bool:
    """A clock offset the mock can serve with: a finite number from 0 to MAX_OFFSET."""
    return isinstance(offset, (int, float)) and not isinstance(offset, bool) and math.isfinite(offset) and 0 <= offset <= MAX_OFFSET


class Clock:
    """Seconds since the epoch as the mock sees them; `advance` never moves time backwards."""

    def __init__(self, offset: float = 0.0) -> None:
        if not valid_offset(offset):
            raise ValueError(f"the clock offset must be a finite number of seconds from 0 to {MAX_OFFSET:g}, not {offset!r}")
        self.offset = float(offset)

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> float:
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
            raise ValueError("the clock only moves forward, by a finite number of seconds")
        if not valid_offset(self.offset + seconds):
            raise ValueError(f"the clock may run at most {MAX_OFFSET:g} seconds ahead")
        self.offset += seconds
        return self.offset
