"""What the control API and `--users` files accept: strict JSON (no NaN/Infinity) and checked numbers.

Python's json module accepts `NaN`, `Infinity` and `-Infinity`, which are not JSON (RFC 8259) and which
would poison the clock or a user's counts; deep nesting raises RecursionError. Both become a ValueError
with a message the caller turns into TikTok's error shape.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_COUNT = 2**63 - 1  # a user's follower/likes/video counts: TikTok's int64
MAX_CLOCK_STEP = 10**10  # seconds one /_mock/clock call may move the clock (~317 years)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (JSON has no NaN or Infinity)")


def loads(text: str | bytes) -> Any:
    """json.loads that refuses NaN/Infinity and reports deep nesting as a ValueError."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def finite_number(value: object, name: str, low: float, high: float) -> float:
    """A real number (not a bool) within [low, high], or a ValueError naming the field and the range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}")
    return float(value)


def whole_number(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    return value
