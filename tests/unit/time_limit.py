"""A wall-clock limit for a call that must not hang (catastrophic backtracking, an exponential walk): the test fails
with what ran too long. Not a performance measure (bench/ holds those): the limits are orders of magnitude above the
expected time."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow


@contextmanager
def within(seconds: float, what: str) -> Iterator[None]:
    """Fail the test if the block runs longer than `seconds` (SIGALRM: the main thread, POSIX)."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TooSlow:
        pytest.fail(f"{what}: over {seconds:g} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
