"""A page's startup timings, one definition for `minis-py audit` (audit/page.py) and the simulator's "last load"
(the mock SDK reports a framed page's paint and long tasks to POST /_mock/startup): time to interactive as Lighthouse
defines it (web.dev/articles/tti), with a 0.5 s quiet window instead of 5 s, so that a 4 s budget is not decided by a
wait longer than itself."""

from __future__ import annotations

QUIET_MS = 500.0  # the quiet window of time to interactive (Lighthouse: 5 s)
QUIET_REQUESTS = 2  # at most this many requests in flight in it (Lighthouse's "network quiet")


def page_tti(
    fcp: float | None,
    dcl: float | None,
    long_tasks: list[tuple[float, float]],
    requests: list[tuple[float, float | None]],
    now: float,
    window: float = QUIET_MS,
    busy: int = QUIET_REQUESTS,
) -> float | None:
    """Time to interactive, or None while no quiet window has passed yet: after first contentful paint (`fcp`), the
    first `window` ms with no long task ((start, duration)) and at most `busy` requests ((start, end or None while in
    flight)) in flight at once; interactive at the end of the last long task before it, at the earliest at fcp and
    at DOMContentLoaded's end (`dcl`). All in ms on the page's clock; `now` is the page's present."""
    if fcp is None or dcl is None:
        return None
    tasks = sorted((start, start + duration) for start, duration in long_tasks)
    spans = [(start, end if end is not None else float("inf")) for start, end in requests]
    candidates = sorted({fcp, *(end for _, end in tasks if end > fcp), *(end for _, end in spans if fcp < end < now)})
    for start in candidates:
        end = start + window
        if end > now:
            return None
        if any(t_start < end and t_end > start for t_start, t_end in tasks):
            continue
        # the most requests in flight at once within [start, end): at its start, and at each request starting in it
        points = [start, *(s for s, _ in spans if start < s < end)]
        if max(sum(1 for s, e in spans if s <= point < e) for point in points) > busy:
            continue
        last = max((t_end for _, t_end in tasks if t_end <= start), default=fcp)
        return round(max(fcp, dcl, last), 1)
    return None
