"""Controllable time: the real clock plus an offset that tests move forward."""

from __future__ import annotations

import time


class Clock:
    """Seconds since the epoch as the mock sees them; `advance` never moves time backwards."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.offset += seconds
        return self.offset
