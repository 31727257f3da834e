"""The audit's run: the mock TikTok, the desktop host under a network profile, Debian's Chromium driven by Playwright.

Why Playwright for Python and not the DevTools protocol by hand: the audit needs a browser launched and ended
cleanly, a page and its dedicated worker (to evaluate in the game's worker), requests answered by us (the warm-up's
refusal of the game's package: warm_host), console messages of the page and the worker, and screenshots: Playwright gives
each as one call, with its waits and its errors, where raw CDP would mean our own WebSocket client, target
auto-attach for workers, Fetch interception and the session bookkeeping, all code to keep working across
Chromium releases. It drives the system's Chromium (executable_path), never a browser of its own, and it is an
optional extra (minis-py[audit]): `pip install minis-py` stays as small as it was.
"""

from __future__ import annotations

import base64
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import gamepkg
from ..errors import MinisError
from ..mock import throttle
from . import AUTO_RUNS, AuditResult, Budget, DeviceRun, Problem, Screenshot, SdkCall, SelfTest, enough_runs, least_timings, reported_run, run_timings
from .budgets import FIRST_PAINT, OTHERS, TTI, AuditSettings, default_limits, detect_engine

if TYPE_CHECKING:
    from ..mock import MockTikTok
    from ..project import Project

# Chromium's own UI in the headless browser: its omnibox popup is a WebUI page (chrome://omnibox-popup.top-chrome/ and
# its AI Mode page, omnibox_popup_aim.html), preloaded in a renderer of its own at launch. On the 2-core machine the
# figures come from it took 0.5 s of CPU in the browser's first 1.5 s (the whole browser's: 910 ms with it, 300 ms
# without), while the first device's warm-up and measured load ran: a tiny package's first paint is 0.15 s. The phone has
# no such page, so the audit's browser has none.
QUIET_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
# Chromium keeps only the last --disable-features it is given, and Playwright passes its own first (its
# chromiumSwitches, Playwright 1.65): ours repeats them (tests/unit/test_audit_chromium.py holds the lists together).
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + QUIET_FEATURES),
]
HOST_ECHO = "[minis-py game host] "  # host.js logs each report it shows with this prefix: the report itself is read from the worker
POLL_MS = 100  # a page's read again after a navigation got in its way (the game's and the page's loads are waited on: UNTIL, page.py)
SETTLE_MS = 500  # after time to interactive: the errors and frames of the first moments of play
WARM_UP_MS = 10000  # the longest the warm-up load may take (warm_host); 0: no warm-up
GIVE_UP_AFTER_ERROR_MS = 3000  # nothing painted this long after an error: the game has stopped
# The game's own startup report (TikTok's TTI reporting API, Mini Games SDK 0.26.0): its name is not in any
# documentation this project has (research/media-asset-and-tti.md); an SDK call named here ends TTI when made.
GAME_TTI_APIS: tuple[str, ...] = ()
# A repeat's measurements: the first load's and the filmstrip's pictures left out
TIMED = (
    "(() => { const a = self.__minisAudit; return a && {origin: a.origin, booted: a.booted, started: a.started, paint: a.paint,"
    " tti: a.tti, frames: a.frames, checkMs: a.checkMs, pictureMs: a.pictureMs, calls: a.calls, reports: a.reports} })()"
)
# In the game's worker, one call the audit waits on, in place of reading the measurements every POLL_MS through
# Playwright's driver on the game's cores: true once measure.js has set `name` ("tti": a time to interactive;
# "booted": the runtime is ready), false when no frame is painted GIVE_UP_AFTER_ERROR_MS after the game reported an
# error, or after `limit` ms.
UNTIL = """([name, limit, giveUp]) => new Promise((resolve) => {
  const G = self, timer = G.setTimeout;
  let done = false;
  const end = (value) => { if (!done) { done = true; resolve(value); } };
  const stopped = () => timer(() => { if (G.__minisAudit.paint === null) end(false); }, giveUp);
  timer(() => end(false), limit);
  const watch = (A) => {
    let value = A[name];
    if (value !== null) return end(true);
    Object.defineProperty(A, name, { configurable: true, enumerable: true, get: () => value, set: (v) => { value = v; if (v !== null) end(true); } });
    if (A.reports.some((r) => r.level === 'error')) stopped();
    const push = A.reports.push;
    A.reports.push = function () {
      const n = push.apply(this, arguments);
      if (A.paint === null && Array.prototype.some.call(arguments, (r) => r && r.level === 'error')) stopped();
      return n;
    };
  };
  (function look() { if (G.__minisAudit) watch(G.__minisAudit); else if (!done) timer(look, 10); })();
})"""


@dataclass
class AuditOptions:
    devices: tuple[str, ...] = ()
    network: throttle.NetworkProfile = field(default_factory=throttle.profile)
    timeout_ms: float | None = None
    screenshots: Path | None = None  # where screenshots go (default: the project's .minis/audit/)
    chromium: str | None = None
    settings: AuditSettings = field(default_factory=lambda: AuditSettings({}))
    backend: bool | None = None  # run the project's backend (its dev script) as `minis-py dev` does; None: when it has one
    source: str | None = None  # a Mini's page: "build" or "dev" (page.py); None: the build when there is one
    runs: int = 1  # loads of each device (AUTO_RUNS: until enough_runs): each timing the least of the loads' (repeat)


def chromium_path(given: str | None, environ: dict[str, str] | None = None) -> str:
    environ = environ if environ is not None else dict(os.environ)
    for candidate in (given, environ.get("MINIS_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    raise MinisError(
        "minis-py audit runs the game in Chromium, and none was found (/usr/bin/chromium, or chromium on PATH)",
        "Install your system's Chromium (Debian/Ubuntu: apt-get install chromium), or pass --chromium PATH. minis-py never downloads a browser.",
    )


def require_playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise MinisError(
            "minis-py audit needs Playwright for Python, which is not installed",
            "Install the audit extra: pip install 'minis-py[audit]' (it drives your system's Chromium; no browser is downloaded).",
        ) from None
    return sync_playwright


def audit_game(project: Project, options: AuditOptions, say: Callable[[str], None]) -> AuditResult:
    from ..mock import MockTikTok

    engine_project = project.engine
    if engine_project is not None and engine_project.output is None:
        message, hint = engine_project.missing_build
        raise MinisError(message, hint)
    root = engine_project.output if engine_project is not None and engine_project.output is not None else project.root
    assert root is not None
    files = gamepkg.package_files(root)
    if "game.js" not in files:
        raise MinisError(f"{root} has no game.js in its package", "A native game's entry is game.js, beside game.json.")
    sizes = gamepkg.sizes(root, files)
    engine = detect_engine(root, files, engine_project.engine.key if engine_project is not None else None)
    limits, source = default_limits(engine)
    if options.settings.budgets:
        limits.update(options.settings.budgets)
        source = "minis.config.json audit.budgets, over " + source
    result = new_result(project, options, limits, source, root, sizes.total, len(files), dict(sizes.subpackages), sizes.main)
    result.engine = engine
    remote = gamepkg.remote_bundles(root)
    remote_size = gamepkg.remote_folder_size(root, remote) if remote is not None else None
    if remote is not None and remote_size is not None:  # a Cocos export's remote/: not in the package, downloaded when the game asks
        served = project.config.dev_game_remote_bundles
        result.package["remote"] = {"server": remote.server, "folder": remote.folder + "/", "files": remote_size[0], "bytes": remote_size[1], "served": served}
    backend = options.backend if options.backend is not None else project.dev_script(None) is not None
    session = None
    started = time.monotonic()
    if backend:  # the mock, the host and the project's backend, started as `minis-py dev` starts them
        say(f"starting the backend (the dev script) on port {project.config.dev_port}")
        session = start_session(project)
        assert session.mock is not None
        mock = session.mock
    else:
        mock = MockTikTok(trusted_domains=tuple(project.config.trusted_domains), game_remote_bundles=project.config.dev_game_remote_bundles).start()
        mock.host_game(root, title=project.root.name)
    mock.state.game["measure"] = True  # the host's runtime.js comes with measure.js (routes/gamehost.py): nothing is intercepted
    network = options.network

    def one(browser: Any, name: str, timeout_ms: float, shots: Path, runs: int) -> list[DeviceRun]:
        def tests(run: DeviceRun, seen: int) -> None:  # a load's self-tests, on the mock's requests since it began
            run.self_tests = self_tests(run, list(mock.state.requests)[seen:], backend, "game")

        return _run_device(mock, browser, name, network, sizes, limits, timeout_ms, shots, runs, tests)

    try:
        audit_devices(result, options, limits, project, one, say)
    finally:
        if session is not None:
            session.shutdown()
        else:
            mock.stop()
    result.duration_ms = (time.monotonic() - started) * 1000
    return result


def page_limits(options: AuditOptions) -> tuple[dict[str, float], str]:
    """A Mini's budgets: TikTok documents none for a page (mini-drama-analytics reports the median launch time to the
    first frame, with no target), so the games' targets for JavaScript apply, over which audit.budgets sets its own."""
    limits = dict(OTHERS)
    source = "TikTok's targets for JavaScript games (first paint 2 s, time to interactive 4 s): TikTok documents none for a Mini's page"
    if options.settings.budgets:
        limits.update(options.settings.budgets)
        source = "minis.config.json audit.budgets, over " + source
    return limits, source


def new_result(
    project: Project,
    options: AuditOptions,
    limits: dict[str, float],
    limit_source: str,
    package_root: Path,
    total: int,
    files: int,
    subpackages: dict[str, int],
    main: int | None = None,
) -> AuditResult:
    network = options.network
    main = total if main is None else main
    return AuditResult(
        root=str(project.root),
        kind=project.kind,
        engine="JavaScript",
        network={
            "name": network.name,
            "rate_bytes_per_s": network.rate,
            "latency_ms": round(network.latency * 1000, 1),
            "offline": network.offline,
            "cached": network.cached,
            "summary": network.describe(),
        },
        package={
            "root": str(package_root),
            "files": files,
            "total_bytes": total,
            "main_bytes": main,
            "subpackages": subpackages,
            "download_ms": round(network.download_seconds(main) * 1000, 1),
        },
        limits=limits,
        limit_source=limit_source,
    )


def audit_devices(
    result: AuditResult,
    options: AuditOptions,
    limits: dict[str, float],
    project: Project,
    one: Callable[[Any, str, float, Path, int], list[DeviceRun]],
    say: Callable[[str], None],
) -> None:
    """Each device in one headless Chromium: `one(browser, preset, timeout_ms, screenshots folder, runs)` loads it
    until enough_runs (`runs`: AuditOptions.runs), the first load in full, the repeats timed only; combine makes
    the device's run of them."""
    from ..mock.simulator import PRESETS

    devices = options.devices or options.settings.devices or tuple(PRESETS)
    for name in devices:
        if name not in PRESETS:
            raise MinisError(f"unknown device {name!r}", f"The device presets are {', '.join(PRESETS)}.")
    timeout_ms = options.timeout_ms or options.settings.timeout_ms or max(15000.0, 3 * max(limits.values()))
    shots = options.screenshots or (project.root / ".minis" / "audit")
    shots.mkdir(parents=True, exist_ok=True)
    sync_playwright = require_playwright()
    executable = chromium_path(options.chromium)

    def browse() -> None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            try:
                for name in devices:
                    say(
                        f"auditing on {PRESETS[name].label} at {options.network.describe()}"
                        + (f", {options.runs} runs" if options.runs > 1 else ", runs: auto" if options.runs == AUTO_RUNS else "")
                    )

                    result.runs.append(combine(one(browser, name, timeout_ms, shots, options.runs)))
            finally:
                browser.close()

    import asyncio

    if asyncio._get_running_loop() is None:
        browse()
        return
    # Called where an event loop runs (a caller's own Playwright session, an async program): Playwright's sync API
    # refuses to start there, so the browser runs in a thread of its own.
    import threading

    failure: list[BaseException] = []

    def run() -> None:
        try:
            browse()
        except BaseException as error:  # handed to the caller's thread
            failure.append(error)

    thread = threading.Thread(target=run, name="minis-audit", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def combine(done: list[DeviceRun]) -> DeviceRun:
    """A device's loads as its run: each timing the least of the loads' (least_timings), the budgets judged on those,
    the findings and screenshots the reported run's (reported_run: the first load, unless a repeat stopped), with
    every load's timings."""
    if len(done) == 1:
        return done[0]
    chosen = reported_run(done)
    run = done[chosen]
    run.all_runs = [run_timings(r) for r in done]
    run.reported_run = chosen
    for name, value in least_timings(done).items():
        setattr(run, name, value)
    values = {FIRST_PAINT: run.first_paint_ms, TTI: run.tti_ms}
    run.budgets = [budget(b.name, values[b.name], b.limit_ms, b.device, b.why) if b.name in values else b for b in run.budgets]
    return run


def between_loads(page: Any, timeout_ms: float) -> None:
    """Before a repeat: the page goes to about:blank, in the same renderer, so the last load's page and its worker
    end before the next load's link is made (nothing of theirs reaches it)."""
    try:
        page.goto("about:blank", wait_until="commit", timeout=min(timeout_ms, 10000))
    except Exception:  # the measured load says what is wrong
        pass


def start_session(project: Project) -> Any:
    """The mock and the project's dev script, started as `minis-py dev` starts them (dev/session.py); a dev script
    that ends before it listens is a MinisError with the end of its output."""
    import io

    from ..dev.session import ChildExited, DevOptions, DevSession

    out, err = io.StringIO(), io.StringIO()
    session = DevSession(project, DevOptions(watch=False, skip_checks=True), out, err)
    try:
        session.start()
    except ChildExited as exited:
        session.shutdown()
        tail = "\n    ".join((out.getvalue() + err.getvalue()).strip().splitlines()[-6:])
        raise MinisError(
            f"the dev script exited ({exited.status}) before it listened on port {project.config.dev_port}" + (f":\n    {tail}" if tail else ""),
            "Run it yourself (npm run dev) to see why, or pass --no-backend.",
        ) from None
    except BaseException:
        session.shutdown()
        raise
    return session


class Console:
    """The console's errors and warnings (and uncaught exceptions) of one device's load, each once with its count and
    the time it first came: `at` (ms since the Unix epoch: the browser's stamp, else when it reached us), shown as ms
    since the navigation once `origin` (the page's performance.timeOrigin) is known."""

    def __init__(self) -> None:
        self.origin: float | None = None
        self.seen: dict[tuple[str, str], Problem] = {}
        self.at: dict[tuple[str, str], float] = {}

    def note(self, level: str, text: str, at: float | None = None) -> None:
        if text.startswith(HOST_ECHO):  # a report the host shows: its message is the first line (a stack follows)
            text = text.removeprefix(HOST_ECHO).split("\n", 1)[0]
        text = text.strip()
        if not text:
            return
        key = (level, text)
        if key in self.seen:
            self.seen[key].count += 1
        else:
            self.seen[key] = Problem(level, text, 1, None)
            self.at[key] = at if at else time.time() * 1000

    def message(self, message: Any) -> None:
        """A Playwright console message: its errors and warnings."""
        if message.type in ("error", "warning"):
            self.note("error" if message.type == "error" else "warning", message.text, getattr(message, "timestamp", None))

    def errors(self) -> bool:
        return any(p.level == "error" for p in self.seen.values())

    def problems(self) -> list[Problem]:
        for key, problem in self.seen.items():
            if problem.t_ms is None and key in self.at and self.origin is not None:
                problem.t_ms = round(self.at[key] - self.origin, 1)
        return sorted(self.seen.values(), key=lambda p: (p.level != "error", p.t_ms if p.t_ms is not None else 0.0))


def _run_device(
    mock: MockTikTok,
    browser: Any,
    preset: str,
    network: throttle.NetworkProfile,
    sizes: gamepkg.PackageSizes,
    limits: dict[str, float],
    timeout_ms: float,
    shots: Path,
    runs: int = 1,
    tests: Callable[[DeviceRun, int], None] = lambda run, seen: None,
) -> list[DeviceRun]:
    """One device's loads (enough_runs), in one browser context and page: the warm-up, the first load in full (it
    settles, is read whole with its filmstrip, its screenshot is taken and its ads probed), then each repeat after a
    blank page (between_loads), timed only: it ends at its time to interactive. Each load is cold: a new link (the
    package not yet downloaded, and never cached: gamehost.py), a new worker (a new V8 isolate: nothing compiled of
    the game), the host's scripts from the cache, as in the first. `tests(run, seen)` makes a load's self-tests, once
    every load has ended, on the mock's requests from index `seen` (its own and the later loads'): a login exchanged
    late still counts."""
    from ..mock.simulator import device

    began = time.monotonic()
    orientation = (mock.state.game or {}).get("orientation", "portrait")
    phone = device(preset, orientation)
    mock.state.device = phone
    done: list[DeviceRun] = []
    seen: list[int] = []  # where each load's requests to the mock begin
    armed: list[Console | None] = [None]  # the console of the load whose navigation comes next
    current: list[Console | None] = [None]  # the console of the load whose page is shown (none: the warm-up's, a blank page)
    context = browser.new_context(viewport={"width": phone["width"], "height": phone["height"]}, device_scale_factor=1)
    try:
        page = context.new_page()
        warm = warm_host(mock, page, timeout_ms)

        def on_navigated(frame: Any) -> None:
            if frame == page.main_frame:
                current[0] = armed[0]

        def on_console(message: Any) -> None:
            if current[0] is not None:
                current[0].message(message)

        def on_error(error: Any) -> None:
            if current[0] is not None:
                current[0].note("error", str(error))

        page.on("framenavigated", on_navigated)
        page.on("console", on_console)
        page.on("pageerror", on_error)
        while not enough_runs(done, runs):
            if done:
                armed[0] = None
                between_loads(page, timeout_ms)
            seen.append(len(mock.state.requests))
            console = armed[0] = Console()
            run = _load(mock, page, warm, console, preset, phone, orientation, network, sizes, limits, timeout_ms, shots, full=not done)
            run.wall_ms = (time.monotonic() - began) * 1000
            done.append(run)
            began = time.monotonic()
    finally:
        context.close()
        mock.state.game["network"] = None
    if done:
        done[-1].wall_ms += (time.monotonic() - began) * 1000  # the context's close
    for run, since in zip(done, seen):  # after every load: a login's exchange that lands late still counts
        tests(run, since)
    return done


def _load(
    mock: MockTikTok,
    page: Any,
    warm: Any,
    console: Console,
    preset: str,
    phone: dict[str, Any],
    orientation: str,
    network: throttle.NetworkProfile,
    sizes: gamepkg.PackageSizes,
    limits: dict[str, float],
    timeout_ms: float,
    shots: Path,
    full: bool,
) -> DeviceRun:
    """One measured load of the host page with the game in `page`: until its time to interactive, then (`full`) until
    it has settled, its whole measurements, a screenshot and the ad probe."""
    from playwright.sync_api import TimeoutError as NoWorker

    run = DeviceRun(preset, phone["label"], phone["width"], phone["height"], orientation)
    link = throttle.Link(network, sizes.main, dict(sizes.subpackages))  # a fresh link: the package not yet downloaded
    mock.state.game["network"] = link
    worker = None
    data: dict[str, Any] = {}
    began = time.monotonic()
    origin = time.time() * 1000
    try:
        with page.expect_worker(lambda w: "runtime.js" in w.url and w is not warm, timeout=timeout_ms) as created:
            page.goto(f"{mock.url}/_mock/game/host", wait_until="commit")
            origin = float(page.evaluate("performance.timeOrigin"))
            console.origin = origin
        worker = created.value
    except NoWorker:  # the host started no worker in the audit's time
        pass
    if worker is not None:
        left = max(0.0, timeout_ms - (time.monotonic() - began) * 1000)
        try:
            reached = bool(worker.evaluate(UNTIL, ["tti", left, GIVE_UP_AFTER_ERROR_MS]))
        except Exception:  # the worker ended (the game closed it, or it crashed)
            reached = False
        try:
            if full:
                if reached:  # the errors and frames of the first moments of play
                    at = worker.evaluate("self.__minisAudit.origin + self.__minisAudit.tti")
                    page.wait_for_timeout(max(0.0, SETTLE_MS - (time.time() * 1000 - float(at))))
                # the first paint's picture, from the copy measure.js kept at the paint: made now, out of the load
                worker.evaluate("self.__minisAudit.picture && self.__minisAudit.picture()")
                page.wait_for_timeout(50)  # the last thumbnails' JPEGs are encoded asynchronously
                data = worker.evaluate("self.__minisAudit") or {}
            else:
                data = worker.evaluate(TIMED) or {}
        except Exception:
            data = {}
    if full:
        loaded = shots / f"{preset}-loaded.png"
        page.screenshot(path=str(loaded))
        run.screenshots.append(Screenshot("loaded", str(loaded), None, preset))
        if worker is not None and data:  # after the load and its screenshot: the probe's time is not the load's
            run.rewarded_ad = probe_rewarded_ad(page, worker)
    _read_measurements(run, data, origin, shots, preset)
    for report in run.problems:  # the worker's reports, with the worker's time: the host echoed each to the console
        known = console.seen.get((report.level, report.message))
        if known is None:
            console.seen[(report.level, report.message)] = report
        elif report.t_ms is not None:
            known.t_ms = report.t_ms
    run.problems = console.problems()
    run.transfers = [{"what": t.what, "bytes": t.size, "start_ms": round(t.start * 1000, 1), "end_ms": round(t.end * 1000, 1)} for t in link.transfers]
    run.budgets = [
        budget(FIRST_PAINT, run.first_paint_ms, limits[FIRST_PAINT], preset, "no frame of the game's canvas was more than one colour"),
        budget(TTI, run.tti_ms, limits[TTI], preset, "the game did not reach an interactive frame"),
    ]
    return run


def warm_host(mock: MockTikTok, page: Any, timeout_ms: float) -> Any:
    """The warm-up before the measured load (the player's tap, where TikTok's app is already running): the host page
    loaded once in the device's page, without the game's package, so the renderer's start, the compile of the host's
    own scripts (host.js, the runtime with measure.js, the mock SDK) and the worker's first start are not billed to
    the game. Every request for the package is refused in the browser (it never reaches the mock, whose link, made
    after, has downloaded nothing), so the package stays cold; the runtime is booted and ends on a missing game.js.
    Its worker (not the measured load's), or None."""
    if WARM_UP_MS <= 0:
        return None
    worker = None
    page.route("**/_mock/game/pkg/**", lambda route: route.abort("blockedbyclient"))
    network, mock.state.game["network"] = mock.state.game.get("network"), None
    limit = min(WARM_UP_MS, timeout_ms)
    try:
        try:
            with page.expect_worker(lambda w: "runtime.js" in w.url, timeout=limit) as created:
                page.goto(f"{mock.url}/_mock/game/host", wait_until="commit")
            worker = created.value
            worker.evaluate(UNTIL, ["booted", limit, limit])  # the runtime is booted: the game's package is next
        except Exception:  # no worker in time, or it ended: the measured load says what is wrong
            pass
        return worker
    finally:
        page.unroute("**/_mock/game/pkg/**")
        mock.state.game["network"] = network


AD_QUIET_MS = 400  # the game has answered an ad's close once nothing new came for this long (also the idle window before)
AD_WAIT_MS = 2500  # the longest the probe waits for a close's answer (or for the ad's sheet)
CALLS_SINCE = (
    "(n => self.__minisAudit.calls.slice(n).filter(e => !('result' in e.call)).map(e => {"
    " const a = (e.call.args || [])[0]; const o = a && typeof a === 'object' ? a : {};"
    " return [String(e.call.api).replace('TTMinis.game.', ''), typeof o.url === 'string' ? o.url : '',"
    " typeof a === 'string' ? a : (typeof o.key === 'string' ? o.key : ''), typeof o.method === 'string' ? o.method : '']; }))"
)


def probe_rewarded_ad(page: Any, worker: Any) -> dict[str, Any] | None:
    """The rewarded-ad self-test's probe, after the load: when the game created a rewarded ad while it started (as
    TikTok's preload guide has it), the audit shows it as TikTok would when the player asks for it, and the player
    closes it early (the mock's ad sheet: onClose with isEnded false), then loads and shows it again and the player
    watches it to the end (isEnded true). What the game does after each close, as far as it leaves the game (an SDK
    call: a request to its backend, a storage write, ...), is kept until nothing new comes for AD_QUIET_MS; what it
    also does with no ad (a window of that length before) is not an answer to a close. None when no rewarded ad was
    created."""
    try:
        if not page.evaluate("window.__minisRewardedAds ? window.__minisRewardedAds().length : 0"):
            return None
    except Exception:
        return None

    def count() -> int:
        return int(worker.evaluate("self.__minisAudit.calls.length"))

    def keys(start: int) -> set[str]:
        """The game's calls since `start`, each as its API with its method, URL or key."""
        return {" ".join(part for part in (api, method, url, key) if part) for api, url, key, method in worker.evaluate(f"{CALLS_SINCE}({start})")}

    def answer(start: int, idle: set[str]) -> list[str]:
        """The calls since `start` not in `idle`, once none new came for AD_QUIET_MS (at most AD_WAIT_MS)."""
        seen: set[str] = set()
        quiet_since, deadline = time.monotonic(), time.monotonic() + AD_WAIT_MS / 1000
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            now = keys(start) - idle
            if now != seen:
                seen, quiet_since = now, time.monotonic()
            elif (time.monotonic() - quiet_since) * 1000 >= AD_QUIET_MS:
                break
        return sorted(seen)

    def close(choice: str, reload: bool) -> str | None:
        """Show the ad (loaded again first when `reload`) and close it with the sheet's `choice`; why not, or None."""
        script = (
            "(reload => { const ad = window.__minisRewardedAds()[0];"
            " if (reload && typeof ad.load !== 'function') return 'the ad has no load() in this TikTok version, to show it again';"
            " (reload ? ad.load().then(() => ad.show()) : ad.show()).catch(() => {}); return null; })"
        )
        why = page.evaluate(script, reload)
        if why:
            return str(why)
        try:
            page.click(f"#ttminis-mock-ad-{choice}", timeout=AD_WAIT_MS)
        except Exception:
            return "the ad's sheet did not come up (show() failed, or the game's own load() was not answered)"
        return None

    try:
        start = count()
        page.wait_for_timeout(AD_QUIET_MS)
        idle = keys(start)  # what the game calls with no ad (its timers, its frames): not an answer to a close
        start = count()
        why = close("closed_early", reload=False)
        early = [] if why else answer(start, idle)
        start = count()
        why = why or close("ended", reload=True)
        ended = [] if why else answer(start, idle)
    except Exception as error:  # the worker ended, or the page went: nothing to tell
        return {"error": str(error).splitlines()[0]}
    return {"early": early, "ended": ended, "idle": sorted(idle), "why_not": why}


def _read_measurements(run: DeviceRun, data: dict[str, Any], origin: float, shots: Path, preset: str) -> None:
    if not data:
        return
    base = float(data.get("origin") or origin)

    def ms(t: Any) -> float | None:
        return round(base + float(t) - origin, 1) if isinstance(t, (int, float)) else None

    run.first_paint_ms = ms(data.get("paint"))
    run.tti_ms = ms(data.get("tti"))
    run.game_ran_ms = ms(data.get("started"))
    run.host_ready_ms = ms(data.get("booted"))
    run.worker_start_ms = round(base - origin, 1) if data.get("origin") else None  # the worker's own timeOrigin
    run.frames = int(data.get("frames") or 0)
    run.check_ms = float(data.get("checkMs") or 0.0) + float(data.get("pictureMs") or 0.0)
    calls: dict[str, SdkCall] = {}
    for entry in data.get("calls") or []:
        call = entry.get("call") or {}
        api, key = str(call.get("api", "")), str(call.get("id", ""))
        if GAME_TTI_APIS and api in {f"TTMinis.game.{n}" for n in GAME_TTI_APIS} and run.tti_source != "game":
            run.tti_ms, run.tti_source = ms(entry.get("t")), "game"
        found = calls.get(key)
        if found is None:
            args = call.get("args") or []
            url = args[0].get("url") if args and isinstance(args[0], dict) and isinstance(args[0].get("url"), str) else None
            found = calls[key] = SdkCall(api.removeprefix("TTMinis.game."), ms(entry.get("t")) or 0.0, None, url)
        result = call.get("result")
        if isinstance(result, dict):
            error: dict[str, Any] = result["error"] if isinstance(result.get("error"), dict) else result
            if isinstance(error.get("error_code"), int):
                found.error_code = error["error_code"]
                found.error_msg = str(error.get("error_msg") or "") or None
    run.calls = list(calls.values())
    for entry in data.get("calls") or []:
        call = entry.get("call") or {}
        if call.get("api") == "TTMinis.game.canIUse" and call.get("args"):
            run.asked.append(str(call["args"][0]))
    run.refused = [c.url or c.api for c in run.calls if c.error_code == 21100]
    run.failed_requests = [f"{c.api} {c.url}: {c.error_code} {c.error_msg or ''}".strip() for c in run.calls if c.url and c.error_code not in (None, 21100)]
    for report in data.get("reports") or []:  # the host's reports arrive as console messages too; these have the worker's time
        level = "error" if report.get("level") == "error" else "warning"
        run.problems.append(Problem(level, str(report.get("message", "")), 1, ms(report.get("t"))))
    for index, frame in enumerate(data.get("film") or []):
        if not frame.get("data"):
            continue
        kind = frame.get("kind") or "frame"
        path = shots / (f"{preset}-first-paint.jpg" if kind == "first-paint" else f"{preset}-frame-{index:02d}.jpg")
        path.write_bytes(base64.b64decode(frame["data"]))
        run.screenshots.append(Screenshot(kind, str(path), ms(frame.get("t")), preset))
    run.screenshots.sort(key=lambda s: (s.kind == "loaded", s.t_ms if s.t_ms is not None else 0.0))


def budget(name: str, value: float | None, limit: float, device: str, unreached: str) -> Budget:
    if value is None:
        return Budget(name, None, limit, False, device, unreached)
    passed = value <= limit
    why = "" if passed else f"{value / 1000:.2f} s, over the {limit / 1000:g} s budget"
    return Budget(name, value, limit, passed, device, why)


MISSION_APIS = ("addShortcut", "getShortcutMissionReward", "startEntranceMission", "getEntranceMissionReward")


def self_tests(run: DeviceRun, requests: list[dict[str, Any]], backend: bool, kind: str = "game") -> list[SelfTest]:
    """TikTok's acceptance self-tests (mini-games acceptance testing guidelines), as far as the start-up shows them:
    `kind` "game" (tt.*) or "mini" (a page: TTMinis.*, which has no shortcut or revisit missions)."""
    tests = []
    called = {c.api for c in run.calls}
    who, sdk = ("the game", "tt") if kind == "game" else ("the Mini", "TTMinis")
    name = "silent login reached the backend"
    if not backend:
        tests.append(SelfTest(name, "not checked", "no backend ran to exchange the code (no dev script, or --no-backend)"))
    elif "login" not in called:
        tests.append(SelfTest(name, "fail", f"{who} did not call {sdk}.login while it started (silent login: on entry, with no dialog)"))
    elif any(r.get("endpoint") == "token" and r.get("status") == 200 for r in requests):
        tests.append(SelfTest(name, "pass", f"{sdk}.login's code reached the backend, which exchanged it at TikTok's token endpoint"))
    else:
        tests.append(SelfTest(name, "fail", f"{sdk}.login was called, but no code was exchanged at TikTok's token endpoint: the backend did not get it"))
    if kind == "game":
        name = "shortcut and revisit missions gated by canIUse"
        used = [api for api in MISSION_APIS if api in called]
        asked = set(run.asked)
        unguarded = [api for api in used if api not in asked]
        if unguarded:
            tests.append(SelfTest(name, "fail", f"called without tt.canIUse('{unguarded[0]}') first: older TikTok versions lack it"))
        elif used or asked & set(MISSION_APIS):
            tests.append(SelfTest(name, "pass", f"tt.canIUse asked for {', '.join(sorted(asked & set(MISSION_APIS)))}"))
        else:
            tests.append(SelfTest(name, "not checked", "no shortcut or revisit mission API was used while the game started"))
    if kind == "game":
        tests.append(revisit_rewards_test(called))
    name = "requests only to the trusted domains"
    if run.refused:
        more = f" (and {len(run.refused) - 1} more)" if len(run.refused) > 1 else ""
        tests.append(SelfTest(name, "fail", f"refused as outside domain.trustedDomains (21100): {run.refused[0]}{more}"))
    else:
        tests.append(SelfTest(name, "pass", "no request was refused as outside domain.trustedDomains (21100) while it started"))
    tests.append(rewarded_ad_test(run, called, who, sdk))
    tests.append(
        SelfTest(
            "purchase granted on the webhook",
            "manual",
            "a purchase needs a player to pay in TikTok's sheet, which the audit does not do; TikTok: \"TikTok's server "
            'asynchronously calls back the payment result" and "your backend completes signature verification, '
            'idempotence, and delivery" (tiktok-minis-in-app-purchases). In minis-py dev, buy something, then check that '
            "the item comes from your backend after the webhook (the mock's payment log), not from the pay callback",
        )
    )
    return tests


REVISIT_DOCS = (
    'TikTok: "Starting December 14, 2026, mini games must integrate revisit rewards to pass review. Revisit rewards replace '
    'Revisit From Profile and Home Screen Shortcut"; "When the game starts or returns to the foreground, your game calls '
    'getRevisitMissionReward()" (mini-games-revisit-rewards)'
)


def revisit_rewards_test(called: set[str]) -> SelfTest:
    """Revisit rewards asked while the game started: pass when it called getRevisitMissionReward, fail when not (TikTok's
    review asks for them from 2026-12-14)."""
    name = "revisit rewards asked on start"
    if "getRevisitMissionReward" in called:
        return SelfTest(name, "pass", f"the game called tt.getRevisitMissionReward while it started. {REVISIT_DOCS}")
    return SelfTest(
        name,
        "fail",
        f"the game did not call tt.getRevisitMissionReward while it started; call it on start and in tt.onShow, and grant the reward when "
        f"canReceiveReward is true. {REVISIT_DOCS}",
    )


AD_DOCS = (
    'TikTok: onClose\'s "result.isEnded: boolean ... determines if the user watched the ad to completion (and thus earned the reward)" (mini-games-sdk-iaa)'
)


def rewarded_ad_test(run: DeviceRun, called: set[str], who: str, sdk: str) -> SelfTest:
    """The rewarded-ad self-test from the probe (probe_rewarded_ad): fail when the game answers an early close as it
    answers a watched one, pass when only the watched one gets an answer, manual when neither leaves the game."""
    name = "rewarded ad created, reward only on isEnded"
    probe = run.rewarded_ad
    by_hand = f"In minis-py dev, watch the ad and close it early: no reward. {AD_DOCS}"
    if probe is None:
        if "createRewardedVideoAd" in called:  # a Mini's: the audit shows a game's ads only
            return SelfTest(name, "manual", f"{who} created a rewarded ad; the audit closes a game's ads only: {by_hand}")
        why = f"{who} created no rewarded ad while it started ({sdk}.createRewardedVideoAd), so there was none to close"
        return SelfTest(name, "not checked", f"{why}: {by_hand}")
    if probe.get("error") or probe.get("why_not"):
        return SelfTest(name, "manual", f"the audit could not close the ad twice ({probe.get('error') or probe.get('why_not')}): {by_hand}")
    early, ended = probe["early"], probe["ended"]
    both = [c for c in early if c in ended]
    if both:
        return SelfTest(name, "fail", f"closed early (isEnded false), {who} did what it does after an ad watched to the end: {', '.join(both)}. {AD_DOCS}")
    if ended:
        after_early = f"; after an early close only: {', '.join(early)}" if early else "; nothing after an early close"
        return SelfTest(name, "pass", f"only after the ad was watched to the end (isEnded true): {', '.join(ended)}{after_early}")
    return SelfTest(
        name,
        "manual",
        f"the audit showed the ad and closed it early, then watched it to the end: {who} made no call either time "
        f"that the audit can see (a reward kept in the game's memory or drawn on screen is not): {by_hand}",
    )
