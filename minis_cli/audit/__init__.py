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
    frames: int = 0
    check_ms: float = 0.0  # what the audit's own pixel checks cost the worker
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
    all_runs: list[dict[str, Any]] = field(default_factory=list)  # --runs N: each run's timings, in order (this one is the median run)
    median_run: int = 0  # which of all_runs this is
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
        "wall_ms": round(run.wall_ms, 1),
    }


def median_run(runs: list[DeviceRun]) -> int:
    """--runs N: the index of the median run, the one whose time to interactive is the median (the lower middle one
    for an even N; a run that never reached it counts as the slowest), its first paint breaking ties."""

    def key(i: int) -> tuple[float, float, int]:
        tti, paint = runs[i].tti_ms, runs[i].first_paint_ms
        return (tti if tti is not None else float("inf"), paint if paint is not None else float("inf"), i)

    order = sorted(range(len(runs)), key=key)
    return order[(len(runs) - 1) // 2]


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
                    "median_run": run.median_run,
                }
                for run in self.runs
            ],
            "duration_ms": round(self.duration_ms, 1),
            "machine": self.machine,
        }
