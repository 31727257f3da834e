"""What the mock reads as JSON (every request body, `--users` files): strict JSON and checked numbers.

Python's json module accepts `NaN`, `Infinity` and `-Infinity`, which are not JSON (RFC 8259) and which
would poison the clock or a user's counts; nesting is unbounded up to the interpreter's recursion limit
(then a RecursionError, not a ValueError), and a value nested hundreds deep breaks whatever walks it later
(the request log, json.dumps of a stored event). `loads` is the one parser: NaN/Infinity and nesting past
MAX_DEPTH become a ValueError with a message the caller turns into TikTok's error shape. Request bodies are
capped in size before they get here (http.MAX_BODY).
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_COUNT = 2**63 - 1  # a user's follower/likes/video counts: TikTok's int64
MAX_CLOCK_STEP = 10**10  # seconds one /_mock/clock call may move the clock (~317 years)
MAX_DEPTH = 32  # arrays and objects within each other: TikTok's bodies and a CSP report nest 2-4 deep


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (JSON has no NaN or Infinity)")


def loads(text: str | bytes) -> Any:
    """json.loads that refuses NaN/Infinity and nesting past MAX_DEPTH (a ValueError, as for malformed JSON)."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError(_TOO_DEEP) from None
    # Nesting needs an opening bracket a level: a text with few of them (every body the mock is sent in
    # use) is not walked at all.
    if (text.count(b"[") + text.count(b"{") if isinstance(text, bytes) else text.count("[") + text.count("{")) > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        raise ValueError(_TOO_DEEP)
    return value


_TOO_DEEP = f"the JSON is nested too deeply (at most {MAX_DEPTH} levels of arrays and objects)"


def _depth(value: Any) -> int:
    """How many arrays and objects deep `value` goes (iteratively: the value may be ~1000 deep)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if level > deepest:
            deepest = level
            if deepest > MAX_DEPTH:
                return deepest
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def finite_number(value: object, name: str, low: float, high: float) -> float:
    """A real number (not a bool) within [low, high], or a ValueError naming the field and the range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}")
    return float(value)


def whole_number(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    return value
