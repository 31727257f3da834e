"""`minis-py audit` (issue 33): TikTok's startup budget, measured before upload, in headless Chromium with the mock TikTok.

A native game runs in the desktop host (minis_cli/mock/gamehost) on each device preset, under a network profile the
host's package server and network relay apply (minis_cli/mock/throttle.py); the host's measure.js measures in the game's
worker. This module holds what a run finds (the report formats read it); budgets.py the limits; runner.py the run.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class Budget:
    name: str  # "first-paint", "time-to-interactive"
    value_ms: float | None  # None: never reached in the audit's time
    limit_ms: float
    passed: bool
    device: str = ""
    why: str = ""  # a failure's reason, in a sentence

    def view(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Screenshot:
    kind: str  # "first-paint", "loaded", "frame" (the filmstrip)
    path: str  # relative to the folder the report is written from (or absolute when it is elsewhere)
    t_ms: float | None  # since navigation; None for "loaded" (taken at the end)
    device: str = ""


@dataclass
class Problem:
    level: str  # "error" or "warning"
    message: str
    count: int = 1
    t_ms: float | None = None


@dataclass
class SdkCall:
    api: str
    t_ms: float
    error_code: int | None = None
    url: str | None = None  # a network API's URL
    error_msg: str | None = None


@dataclass
class SelfTest:
    """One of TikTok's acceptance self-tests, as far as the audit can tell from the start-up it watched."""

    name: str
    status: str  # "pass", "fail", "not checked" (nothing to check at start-up) or "manual" (only a person can tell)
    detail: str


@dataclass
class DeviceRun:
    device: str  # the preset name
    label: str
    width: int
    height: int
    orientation: str
    first_paint_ms: float | None = None
    tti_ms: float | None = None
    tti_source: str = "host"  # "host": the host's definition (gamehost/measure.js); "game": the game's own report; "page": a page's (page.py)
    game_ran_ms: float | None = None  # game.js and what it requires had run (a page: DOMContentLoaded's end)
    host_ready_ms: float | None = None  # the host's runtime was ready to run the game (the phone's container, simulated)
    worker_start_ms: float | None = None  # the game's worker was created (its timeOrigin): the page's part of host_ready_ms
    frames: int = 0
    check_ms: float = 0.0  # the audit's own work in the game's worker before its time to interactive: pixel checks, pictures
    wall_ms: float = 0.0  # the whole run of this device, browser context to the last screenshot
    budgets: list[Budget] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    calls: list[SdkCall] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # URLs refused as outside the trusted domains (21100)
    failed_requests: list[str] = field(default_factory=list)  # network API calls that failed (offline: how the game fails)
    screenshots: list[Screenshot] = field(default_factory=list)
    transfers: list[dict[str, Any]] = field(default_factory=list)  # the link's transfers (what was downloaded, when)
    self_tests: list[SelfTest] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)  # what the game asked tt.canIUse about
    long_tasks: list[tuple[float, float]] = field(default_factory=list)  # a page's long tasks: (start, duration) in ms
    all_runs: list[dict[str, Any]] = field(default_factory=list)  # --runs N: each run's timings, in order (its timings: the least of them)
    reported_run: int = 0  # which of all_runs gave the findings and screenshots (reported_run)
    rewarded_ad: dict[str, Any] | None = None  # the rewarded-ad probe's findings (runner.probe_rewarded_ad), when it ran

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def passed(self) -> bool:
        return all(b.passed for b in self.budgets)


def run_timings(run: DeviceRun) -> dict[str, Any]:
    """One run's timings (the json report's devices[].runs)."""
    return {
        "first_paint_ms": run.first_paint_ms,
        "time_to_interactive_ms": run.tti_ms,
        "game_ran_ms": run.game_ran_ms,
        "host_ready_ms": run.host_ready_ms,
        "worker_start_ms": run.worker_start_ms,
        "wall_ms": round(run.wall_ms, 1),
    }


AUTO_RUNS = 0  # --runs auto: loads of a device until enough_runs
AUTO_MAX_RUNS = 5  # --runs auto: at most this many loads of a device
AUTO_ENOUGH_MS = 1000.0  # --runs auto: the least time to interactive times the loads reaches this: the noise is small beside it
AUTO_OVERHEAD_MS = 2000.0  # --runs auto: no load that would take a device's run beyond this over its time to interactive (issue 33)
AUTO_CLOSE_MS = 50.0  # --runs auto: what the device's browser context costs to close after its last load (29 to 36 ms measured)


def overhead_ms(done: list[DeviceRun]) -> float:
    """What a device's loads cost beyond the one time to interactive the audit reports: all its loads' wall time (its
    browser context, the warm-up, each load, the waits, the screenshots) minus the least time to interactive."""
    reached = [run.tti_ms for run in done if run.tti_ms is not None]
    return sum(run.wall_ms for run in done) - (min(reached) if reached else 0.0)


def enough_runs(done: list[DeviceRun], runs: int) -> bool:
    """Whether a device has been loaded enough: `runs` loads, or with --runs auto (AUTO_RUNS) AUTO_MAX_RUNS loads or
    as many as make the least time to interactive, times their number, AUTO_ENOUGH_MS (the least: one slow load on a
    busy machine is not a reason to load a tiny package fewer times). The measured part of a timing (the browser's and the
    game's work on this machine, beside the computed download) varies by tens of milliseconds from load to load on a
    shared machine: a package whose download dominates (a megabyte at first-scan is a second) needs one load, a tiny
    one several. A load that never became interactive ends the repeats (its budget has failed whatever the others do).
    Under auto, a load that would take the device's overhead (overhead_ms) over AUTO_OVERHEAD_MS is not made: the
    next load is expected to cost what the dearest repeat did, and the first repeat at least its load to interactive
    (the first load also settles and takes the screenshots: on a busy machine it can cost 2 s alone), and the
    context's close after the last load AUTO_CLOSE_MS."""
    if runs != AUTO_RUNS:
        return len(done) >= max(runs, 1)
    if not done or len(done) >= AUTO_MAX_RUNS:
        return bool(done)
    if any(run.tti_ms is None for run in done):
        return True
    if min(run.tti_ms or 0.0 for run in done) * len(done) >= AUTO_ENOUGH_MS:
        return True
    # the next load's cost: the dearest repeat's, or before any repeat at least its own load to interactive
    upcoming = max(run.wall_ms for run in done[1:]) if len(done) > 1 else done[0].tti_ms or 0.0
    return overhead_ms(done) + upcoming + AUTO_CLOSE_MS > AUTO_OVERHEAD_MS


TIMINGS = ("first_paint_ms", "tti_ms", "game_ran_ms", "host_ready_ms", "worker_start_ms")  # what --runs takes the least of


def reported_run(runs: list[DeviceRun]) -> int:
    """--runs N: the index of the run whose findings and screenshots are the device's: the first one that never
    painted or never became interactive (a load that stops is not the machine's noise: it is reported), else the
    first load, the only one that waits for the game to settle, takes the screenshots and probes its ads (the
    repeats only time the load: runner.py, page.py)."""
    for index, run in enumerate(runs):
        if run.tti_ms is None or run.first_paint_ms is None:
            return index
    return 0


def least_timings(runs: list[DeviceRun]) -> dict[str, float | None]:
    """--runs N: each timing the least of the runs' (None when a run never reached it). A timing's measured part is
    this machine's work, and other work on the machine only adds to it (the download part is computed, the same in
    every run): the least is the steadiest estimate of the package's own cost, as timeit's documentation says of
    repeated timings. Measured (docs/commands/audit.md#repeatable): over 15 audits of 5 loads each, the least of
    the loads varied about half as much as their median."""
    least: dict[str, float | None] = {}
    for name in TIMINGS:
        values = [getattr(run, name) for run in runs]
        least[name] = None if any(v is None for v in values) else min(values)
    return least


def machine() -> dict[str, Any]:
    """The machine as the audit starts: its CPUs and load average (other work on it slows the measured part of a
    timing; the download part is computed)."""
    try:
        load: list[float] | None = [round(x, 2) for x in os.getloadavg()]
    except OSError:  # no load average on this system
        load = None
    return {"cpus": os.cpu_count() or 1, "load_average": load}


@dataclass
class AuditResult:
    root: str
    kind: str  # "native-game", ...
    engine: str  # "JavaScript", "Cocos", "Unity", ...: whose budgets apply
    network: dict[str, Any]
    package: dict[str, Any]  # total, main, subpackages (bytes), download_ms at the profile's rate
    limits: dict[str, float]  # budget name -> limit in ms
    limit_source: str  # "TikTok (Cocos, JavaScript and others)", "minis.config.json audit.budgets", ...
    runs: list[DeviceRun] = field(default_factory=list)
    duration_ms: float = 0.0
    machine: dict[str, Any] = field(default_factory=machine)  # the CPUs and the load average as the audit started

    @property
    def budgets(self) -> list[Budget]:
        return [b for run in self.runs for b in run.budgets]

    @property
    def passed(self) -> bool:
        return all(run.passed for run in self.runs)

    def view(self) -> dict[str, Any]:
        """The JSON report (minis_cli/schemas/audit-report.schema.json)."""
        return {
            "version": SCHEMA_VERSION,
            "tool": "minis-py audit",
            "root": self.root,
            "kind": self.kind,
            "engine": self.engine,
            "passed": self.passed,
            "network": self.network,
            "package": self.package,
            "limits": {"source": self.limit_source, **self.limits},
            "budgets": [b.view() for b in self.budgets],
            "screenshots": [asdict(shot) for run in self.runs for shot in run.screenshots],
            "devices": [
                {
                    "device": run.device,
                    "label": run.label,
                    "width": run.width,
                    "height": run.height,
                    "orientation": run.orientation,
                    "passed": run.passed,
                    "first_paint_ms": run.first_paint_ms,
                    "time_to_interactive_ms": run.tti_ms,
                    "time_to_interactive_source": run.tti_source,
                    "game_ran_ms": run.game_ran_ms,
                    "host_ready_ms": run.host_ready_ms,
                    "frames": run.frames,
                    "audit_overhead_ms": round(run.check_ms, 1),
                    "wall_ms": round(run.wall_ms, 1),
                    "errors": [asdict(p) for p in run.problems if p.level == "error"],
                    "warnings": [asdict(p) for p in run.problems if p.level != "error"],
                    "sdk_calls": [asdict(c) for c in run.calls],
                    "refused_requests": run.refused,
                    "failed_requests": run.failed_requests,
                    "transfers": run.transfers,
                    "self_tests": [asdict(t) for t in run.self_tests],
                    "long_tasks": [{"start_ms": start, "duration_ms": duration} for start, duration in run.long_tasks],
                    "runs": run.all_runs or [run_timings(run)],
                    "reported_run": run.reported_run,
                }
                for run in self.runs
            ],
            "duration_ms": round(self.duration_ms, 1),
            "machine": self.machine,
        }
