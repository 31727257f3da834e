"""The audit of a Mini's page (issue 33): its build, or its dev server's page, behind the preview proxy with the mock
TikTok, under a network profile the proxy applies (dev/forwarder.py, mock/throttle.py), in headless Chromium.

Where the page comes from (`--from`): `build`, build.outputDir as the project's build left it (what TikTok gets: the
package, downloaded whole before the Mini opens), served by a small static server of the audit's own, the project's
backend (its dev script, run as `minis-py dev` runs it) answering every other path; or `dev`, the page as the dev
script serves it, through `minis-py dev`'s own session (each response charged as its bytes flow: a dev server's
unbundled page is slower than its build). By default the build when there is one, else the dev server.

What it measures, on the page's own clock (milliseconds since the navigation, the player's tap):

- first paint: the Paint Timing API's first-contentful-paint (page.js);
- time to interactive, after Lighthouse's definition (web.dev/articles/tti: after first contentful paint, the first
  quiet window with no long task and at most two requests in flight; interactive at the end of the last long task
  before it, and not before DOMContentLoaded), adapted (page_tti below): once the page's load event has ended, the
  window is 0.2 s with no long task and none of the page's requests in flight; a window that ends before the load
  event does is Lighthouse's, 0.5 s long (not 5 s, so that a 4 s budget is not decided by a wait longer than
  itself). The requests are the page's own (the mock's SDK calls are TikTok's container, not the phone's network);
- a filmstrip from the DevTools protocol's screencast (frames as the compositor made them), errors (the console and
  uncaught exceptions), the SDK calls the mock SDK recorded, requests refused outside the trusted domains (the
  preview's Content-Security-Policy, reported to the mock: 21100), and the page's requests that failed.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import MinisError
from ..mock import throttle
from ..mock.startup import QUIET_MS, QUIET_REQUESTS
from . import AuditResult, DeviceRun, Screenshot, SdkCall, enough_runs
from .runner import (
    GIVE_UP_AFTER_ERROR_MS,
    POLL_MS,
    AuditOptions,
    Console,
    audit_devices,
    between_loads,
    budget,
    new_result,
    page_limits,
    self_tests,
    start_session,
)

if TYPE_CHECKING:
    from ..dev.forwarder import Forwarder
    from ..mock import MockTikTok
    from ..project import Project

HERE = Path(__file__).parent
QUIET_POLL_MS = 50  # once the quiet window may have passed, how often the audit reads the page's state
IDLE_MS = 200.0  # the quiet window once the page's load event has ended: no long task, none of its requests in flight
FILM_MS = 200  # the filmstrip keeps a frame at most every FILM_MS
FILM_MAX = 40
PAINT_FRAME_MS = 100  # how far from the first contentful paint its frame may be stamped
SNAPSHOT = (
    "(() => { const a = window.__minisAudit; if (!a) return null; const n = performance.getEntriesByType('navigation')[0];"
    " return {fcp: a.fcp, paint: a.paint, longTasks: a.longTasks, now: performance.now(),"
    " dcl: (n && n.domContentLoadedEventEnd) || null, load: (n && n.loadEventEnd) || null} })()"
)
SOURCES = ("build", "dev")


@dataclass(frozen=True)
class PageSource:
    kind: str  # "build" (build.outputDir as built) or "dev" (the dev script's page)
    entry: str  # the path the phone opens
    folder: Path | None = None  # the build
    files: tuple[tuple[str, int], ...] = ()  # the build's files and sizes: the package

    @property
    def size(self) -> int:
        return sum(size for _, size in self.files)


def page_source(project: Project, choice: str | None, backend: bool) -> PageSource:
    """Where the page comes from: `choice` ("build", "dev" or None: the build when there is one, else the dev server)."""
    from ..build import BuildError, collect, output_entry, output_folder

    if choice is not None and choice not in SOURCES:
        raise MinisError(f"--from must be build or dev, not {choice!r}", "build: build.outputDir as built; dev: the page as the dev script serves it.")
    built: PageSource | None = None
    problem: BuildError | None = None
    if choice != "dev":
        try:
            folder = output_folder(project)
            out = project.root / folder
            if not out.is_dir():
                raise BuildError(f"the build output {folder}/ does not exist", "Run your build first (for example `npm run build`).")
            entry = output_entry(project, out, folder)
            files, _ = collect(out, folder, set())
            built = PageSource("build", "/" + entry, out, tuple((f.path, f.size) for f in files))
        except BuildError as error:
            problem = error
    if choice == "build" or (choice is None and built is not None):
        if built is None:
            assert problem is not None
            raise MinisError(problem.message, f"{problem.hint} Or audit the page as the dev script serves it: --from dev.")
        return built
    if project.dev_script(None) is None or not backend:
        why = "--no-backend" if project.dev_script(None) is not None else "package.json has no dev or start script"
        message = problem.message if problem is not None else "there is no build to audit"
        raise MinisError(
            f"{message}, and the dev server's page cannot be audited instead ({why})",
            "Run your build first (for example `npm run build`: build.outputDir in minis.config.json), or give package.json a dev script.",
        )
    entry = project.config.dev_entry or "/"
    return PageSource("dev", entry if entry.startswith("/") else "/" + entry)


# --- serving the build ---------------------------------------------------------------------------------------


def build_app(folder: Path, entry: str, backend: str | None, warm_up: str = "") -> Any:
    """An ASGI app serving the build's files (GET and HEAD), the entry page at "/"; every other request goes to the
    project's backend when it runs (its API, as the dev server would have answered it), else is a 404."""
    import httpx
    from starlette.requests import Request
    from starlette.responses import FileResponse, PlainTextResponse, Response

    root = folder.resolve()
    hop = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        path = request.url.path
        name = entry.lstrip("/") if path == "/" else path.lstrip("/")
        target = (root / name).resolve()
        response: Response
        if path == WARM_UP_PATH and warm_up:  # the audit's warm-up (warm_page), never the project's
            response = Response(warm_up, 200, media_type="text/html", headers={"cache-control": "no-store"})
        elif request.method in ("GET", "HEAD") and root in target.parents and target.is_file():
            response = FileResponse(target, headers={"cache-control": "no-store"})
        elif backend is None:
            response = PlainTextResponse(f"{path} is not in the build (and no backend runs)", 404)
        else:
            headers = [(k, v) for k, v in request.headers.items() if k.lower() not in hop]
            headers.append(("host", request.headers.get("host", "")))
            try:
                url = backend + request.url.path + (f"?{request.url.query}" if request.url.query else "")
                async with httpx.AsyncClient(timeout=30) as client:
                    answer = await client.request(request.method, url, headers=headers, content=await request.body())
            except httpx.HTTPError as error:
                response = PlainTextResponse(f"the backend did not answer: {error}", 502)
            else:
                response = Response(answer.content, answer.status_code)
                for key, value in answer.headers.multi_items():
                    if key.lower() not in hop:
                        response.headers.append(key, value)
        await response(scope, receive, send)

    return app


@dataclass
class Served:
    mock: MockTikTok
    proxy: Forwarder
    url: str  # where the phone opens the Mini
    backend: bool


@contextmanager
def serve(project: Project, source: PageSource, backend: bool, say: Callable[[str], None]) -> Iterator[Served]:
    """The mock, the backend when it runs, and the page behind the preview proxy; all stopped after."""
    from ..dev.forwarder import Forwarder
    from ..serving import ThreadedServer

    trusted = tuple(project.config.trusted_domains)
    session = static = proxy = None
    mock: MockTikTok | None = None
    try:
        if backend:
            say(f"starting the dev script on port {project.config.dev_port}" + (" (the backend)" if source.kind == "build" else ""))
            session = start_session(project)
            assert session.mock is not None
            mock = session.mock
        else:
            from ..mock import MockTikTok

            expected = project.expected_client_key(None)
            mock = MockTikTok(client_key=expected.value if expected else None, trusted_domains=trusted).start()
        if source.kind == "dev":
            assert session is not None and session.proxy is not None
            proxy = session.proxy
        else:
            assert source.folder is not None
            upstream = f"http://127.0.0.1:{project.config.dev_port}" if backend else None
            if upstream is not None and session is not None and not session._answers_on("127.0.0.1", project.config.dev_port):
                upstream = f"http://[::1]:{project.config.dev_port}"
            static = ThreadedServer(build_app(source.folder, source.entry, upstream, warm_up_body(mock.url, source.entry))).start()
            proxy = Forwarder("127.0.0.1", static.port, mock.url, trusted_domains=trusted).start()
        yield Served(mock, proxy, f"{proxy.url}{source.entry}", backend)
    finally:
        if static is not None:
            if proxy is not None:
                proxy.stop()
            static.stop()
        if session is not None:
            session.shutdown()
        elif mock is not None:
            mock.stop()


# --- one device ----------------------------------------------------------------------------------------------


class _Load:
    """What one load of the page collected, from the page's events (run_page_device)."""

    def __init__(self, network: throttle.NetworkProfile, filmstrip: bool) -> None:
        self.console = Console()
        self.requests: dict[int, list[float | None]] = {}  # the page's own requests: id -> [start, end] (epoch ms)
        self.failed: list[str] = []
        self.batches: list[tuple[float, dict[str, Any]]] = []  # (epoch ms the page sent it, its body)
        self.frames: list[tuple[float, str]] = []  # the screencast's (epoch ms, base64 JPEG)
        self.network = network
        self.filmstrip = filmstrip


def run_page_device(
    served: Served,
    browser: Any,
    preset: str,
    source: PageSource,
    network: throttle.NetworkProfile,
    limits: dict[str, float],
    timeout_ms: float,
    shots: Path,
    orientation: str = "portrait",
    runs: int = 1,
    tests: Callable[[DeviceRun, int], None] = lambda run, seen: None,
) -> list[DeviceRun]:
    """One device's loads (enough_runs) in one browser context and page: the warm-up, the first load in full (with
    its filmstrip and screenshot), then each repeat after a blank page (runner.between_loads), timed only. Each load
    is cold: a new link (the package not yet downloaded; the build is served with no-store, the mock SDK with
    no-cache), and V8's compilation cache of the last load's scripts dropped (a garbage collection of the page's
    heap: the renderer's isolate keeps a script compiled while it lives). `tests(run, seen)` makes a load's
    self-tests once every load has ended, on the mock's requests from index `seen` (its own and the later loads')."""
    from ..mock.simulator import device

    began = time.monotonic()
    phone = device(preset, orientation)
    served.mock.state.device = phone
    mock_origin = _origin(served.mock.url)
    sdk_log = served.mock.url + "/_mock/sdk/calls"
    done: list[DeviceRun] = []
    seen: list[int] = []  # where each load's requests to the mock begin
    current: list[_Load | None] = [None]  # the load the page's events belong to (none: the warm-up, a blank page)
    context = browser.new_context(viewport={"width": phone["width"], "height": phone["height"]}, device_scale_factor=1, has_touch=True)
    try:
        context.add_init_script(script=(HERE / "page.js").read_text(encoding="utf-8"))
        page = context.new_page()
        if source.kind == "build":  # through the proxy's path for a network profile, on a link of the warm-up's own
            from ..dev.forwarder import PageNetwork

            served.proxy.network = PageNetwork(throttle.Link(network, 0), frozenset({WARM_UP_PATH.lstrip("/")}), WARM_UP_PATH)
        warm_page(page, served.url, timeout_ms, served.mock.url, source.kind == "build")
        served.proxy.network = None

        def on_console(message: Any) -> None:
            load = current[0]
            if load is None or message.type not in ("error", "warning"):
                return
            where = (message.location or {}).get("url", "") if isinstance(message.location, dict) else ""
            if message.text.startswith("Failed to load resource") and urlsplit(where).path == "/favicon.ico":
                return  # the desktop browser's own request (TikTok's container asks for no favicon)
            load.console.message(message)

        def on_error(error: Any) -> None:
            if current[0] is not None:
                current[0].console.note("error", str(error))

        def own(request: Any) -> bool:
            return _origin(request.url) != mock_origin and not request.url.startswith(("data:", "blob:", "about:"))

        def started(request: Any) -> None:
            if current[0] is not None and own(request):
                current[0].requests[id(request)] = [time.time() * 1000, None]

        def finished(request: Any) -> None:
            load = current[0]
            if load is None:
                return
            span = load.requests.get(id(request))
            if span is not None:
                span[1] = time.time() * 1000
            elif request.url.startswith(sdk_log):  # a batch of the SDK's calls, sent as they were made (a few ms later)
                try:
                    load.batches.append((float(request.timing["startTime"]), request.post_data_json or {}))
                except (ValueError, TypeError, KeyError):
                    pass

        def failed_request(request: Any) -> None:
            finished(request)
            load = current[0]
            if load is not None and own(request):
                why = request.failure or "failed"
                load.failed.append(f"{request.method} {request.url}: {why}" + (" (offline: no network)" if network.offline else ""))

        page.on("console", on_console)
        page.on("pageerror", on_error)
        page.on("request", started)
        page.on("requestfinished", finished)
        page.on("requestfailed", failed_request)
        cdp = context.new_cdp_session(page)

        def on_frame(event: dict[str, Any]) -> None:
            if current[0] is not None and current[0].filmstrip:
                current[0].frames.append((float(event["metadata"]["timestamp"]) * 1000, event["data"]))
            try:
                cdp.send("Page.screencastFrameAck", {"sessionId": event["sessionId"]})
            except Exception:  # the page is closing
                pass

        cdp.on("Page.screencastFrame", on_frame)
        while not enough_runs(done, runs):
            if done:
                current[0] = None
                between_loads(page, timeout_ms)
                try:  # the last load's scripts, compiled, go with its heap: the next load compiles them anew
                    cdp.send("HeapProfiler.collectGarbage")
                except Exception:
                    pass
            seen.append(len(served.mock.state.requests))
            load = _Load(network, filmstrip=not done)
            run = _page_load(served, page, cdp, current, load, preset, phone, orientation, source, limits, timeout_ms, shots, seen[-1], full=not done)
            run.wall_ms = (time.monotonic() - began) * 1000
            done.append(run)
            began = time.monotonic()
    finally:
        context.close()
        served.proxy.network = None
    if done:
        done[-1].wall_ms += (time.monotonic() - began) * 1000  # the context's close
    for run, since in zip(done, seen):  # after every load: a login's exchange that lands late still counts
        tests(run, since)
    return done


# Until the first contentful paint and DOMContentLoaded's end, the audit waits on one call in the page (no reads
# through Playwright's driver on the page's main thread while it starts): true once both are in, false after `limit` ms.
UNTIL_PAINTED = """(limit) => new Promise((resolve) => {
  const A = window.__minisAudit;
  if (!A) return resolve(false);
  const ready = () => { const n = performance.getEntriesByType('navigation')[0]; return A.fcp !== null && !!n && n.domContentLoadedEventEnd > 0; };
  if (ready()) return resolve(true);
  A.waiting.push(() => { if (ready()) resolve(true); });
  setTimeout(() => resolve(false), limit);
})"""
ERROR_CHECK_MS = 250  # while the page has not painted, how often the audit looks at the console's errors


def _page_load(
    served: Served,
    page: Any,
    cdp: Any,
    current: list[_Load | None],
    load: _Load,
    preset: str,
    phone: dict[str, Any],
    orientation: str,
    source: PageSource,
    limits: dict[str, float],
    timeout_ms: float,
    shots: Path,
    seen: int,
    full: bool,
) -> DeviceRun:
    """One measured load of the page: until its time to interactive; `full`: with the filmstrip and a screenshot."""
    from ..dev.forwarder import PageNetwork

    network = load.network
    link = throttle.Link(network, source.size)
    package = frozenset(name for name, _ in source.files) if source.kind == "build" else None
    served.proxy.network = PageNetwork(link, package, source.entry if source.entry != "/" else "/index.html")
    run = DeviceRun(preset, phone["label"], phone["width"], phone["height"], orientation, tti_source="page")
    console = load.console
    snapshot: dict[str, Any] = {}
    origin = time.time() * 1000
    current[0] = load
    if full:
        cdp.send("Page.startScreencast", {"format": "jpeg", "quality": 70, "maxWidth": 240, "maxHeight": 480})
    try:
        page.goto(served.url, wait_until="commit", timeout=timeout_ms)
    except Exception as error:  # the page itself did not load (a dev server that failed, offline without a cache)
        console.note("error", f"the page did not load: {str(error).splitlines()[0]}")
    else:
        origin = float(page.evaluate("performance.timeOrigin"))
        console.origin = origin
        deadline = time.monotonic() + timeout_ms / 1000
        first_error_at: float | None = None
        painted = False
        while time.monotonic() < deadline and not painted:
            try:
                painted = bool(page.evaluate(UNTIL_PAINTED, min(ERROR_CHECK_MS, max(1.0, (deadline - time.monotonic()) * 1000))))
            except Exception:  # navigating away, or the page crashed: ask again
                page.wait_for_timeout(POLL_MS)
                continue
            if not painted and console.errors():
                first_error_at = first_error_at or time.monotonic()
                if (time.monotonic() - first_error_at) * 1000 >= GIVE_UP_AFTER_ERROR_MS:
                    break
        while painted and time.monotonic() < deadline:
            try:
                snapshot = page.evaluate(SNAPSHOT) or {}
            except Exception:  # navigating away, or the page crashed: read again
                page.wait_for_timeout(POLL_MS)
                continue
            spans = [(start - origin, end - origin if end is not None else None) for start, end in load.requests.values() if start is not None]
            tti = page_tti(snapshot.get("fcp"), snapshot.get("dcl"), snapshot.get("load"), _tasks(snapshot), spans, float(snapshot["now"]))
            if tti is not None:
                run.tti_ms = tti
                break
            # a quiet window ends IDLE_MS after the paint and the load event at the earliest: no read before, then one
            # every QUIET_POLL_MS
            earliest = max(float(snapshot.get("fcp") or 0.0), float(snapshot.get("load") or 0.0)) + IDLE_MS
            page.wait_for_timeout(max(QUIET_POLL_MS, earliest - float(snapshot["now"])))
        if not snapshot:
            try:
                snapshot = page.evaluate(SNAPSHOT) or {}
            except Exception:
                pass
    if full:
        try:
            cdp.send("Page.stopScreencast")
        except Exception:
            pass
        loaded = shots / f"{preset}-loaded.png"
        try:
            page.screenshot(path=str(loaded))
            run.screenshots.append(Screenshot("loaded", str(loaded), None, preset))
        except Exception:
            pass
    current[0] = None
    run.first_paint_ms = _round(snapshot.get("fcp"))
    run.game_ran_ms = _round(snapshot.get("dcl"))
    run.long_tasks = [(round(start, 1), round(duration, 1)) for start, duration in _tasks(snapshot)]
    run.frames = len(load.frames)
    if full:
        _filmstrip(run, load.frames, origin, shots, preset)
    run.calls = sdk_calls(load.batches, origin)
    logged = list(served.mock.state.requests)[seen:]
    run.refused = [str(e["path"]) for e in logged if e.get("endpoint") == "csp" and (e.get("params") or {}).get("error_code") == 21100]
    run.failed_requests = load.failed
    run.problems = console.problems()
    run.transfers = [{"what": t.what, "bytes": t.size, "start_ms": round(t.start * 1000, 1), "end_ms": round(t.end * 1000, 1)} for t in link.transfers]
    run.budgets = [
        budget("first-paint", run.first_paint_ms, limits["first-paint"], preset, "the page painted no content (no first contentful paint)"),
        budget(
            "time-to-interactive",
            run.tti_ms,
            limits["time-to-interactive"],
            preset,
            f"no quiet window after the first contentful paint ({IDLE_MS / 1000:g} s with no long task and no request in flight after the load event,"
            f" or {QUIET_MS / 1000:g} s with at most {QUIET_REQUESTS} in flight before it)",
        ),
    ]
    return run


WARM_UP_PATH = "/__minis-audit-warm-up__"


def warm_up_body(mock_url: str, entry: str | None = None) -> str:
    """The warm-up's blank page. Its icon is inline: the browser's own request for the origin's /favicon.ico would
    otherwise reach the proxy during the measured load, as its first transfer. It asks the mock for its SDK's script,
    uncached and not run, as the page will: the browser's connection to the mock and the mock's first answer are
    made here, not in the measured load."""
    sdk = json.dumps(mock_url + "/drama/sdk.js")
    fetches = [f"fetch({sdk}, {{mode: 'no-cors', credentials: 'include', cache: 'no-store'}})"]
    if entry is not None:
        fetches.append(f"fetch({json.dumps(entry)}, {{cache: 'no-store'}}).then((r) => r.text())")
    done = f"window.__minisWarm = Promise.all([{', '.join(fetches)}]).catch(() => null);"  # warm_page waits on it
    return f'<!doctype html><title></title><link rel="icon" href="data:,"><script>{done}</script>'


def warm_page(page: Any, url: str, timeout_ms: float, mock_url: str, through_proxy: bool) -> None:
    """The warm-up before the measured load (the player's tap, where TikTok's app is already running): a blank page of
    the preview's origin, so the renderer's start is not billed to the Mini, whose package stays cold. For a build
    (`through_proxy`), the page comes through the preview proxy (on a network link of the warm-up's own, not the
    measured load's) from the audit's static server (build_app answers WARM_UP_PATH itself), and fetches the entry
    page and the mock SDK's script without running them (warm_up_body), so the browser's connections to the proxy and
    the mock, the proxy's to the server and each server's first answer are made here: the first load otherwise paid
    them (its page's response 31 to 70 ms after its request, a repeat's median 12). The dev server's page is the
    project's own: there the blank page is answered in the browser and only the mock is asked."""
    parts = urlsplit(url)
    blank = f"{parts.scheme}://{parts.netloc}{WARM_UP_PATH}"
    body = warm_up_body(mock_url)
    if not through_proxy:
        page.route(blank, lambda route: route.fulfill(status=200, content_type="text/html", body=body, headers={"cache-control": "no-store"}))
    try:
        page.goto(blank, wait_until="load", timeout=min(timeout_ms, 10000))
        page.evaluate("Promise.race([window.__minisWarm, new Promise((r) => setTimeout(r, 2000))]).then(() => null)")
    except Exception:  # the measured load says what is wrong
        pass
    finally:
        if not through_proxy:
            page.unroute(blank)


def sdk_calls(batches: list[tuple[float, dict[str, Any]]], origin: float) -> list[SdkCall]:
    """The SDK's calls as the mock SDK sent them to the mock's log (each call, then its result, in batches the page
    sends a few ms after them: POST /_mock/sdk/calls), timed by when the page sent each batch."""
    calls: dict[str, SdkCall] = {}
    for sent, body in sorted(batches, key=lambda batch: batch[0]):
        for call in body.get("calls") or [] if isinstance(body, dict) else []:
            if not isinstance(call, dict) or not isinstance(call.get("api"), str):
                continue
            key, api = str(call.get("id")), call["api"].removeprefix("TTMinis.")
            if "result" not in call:
                args = call.get("args") or []
                url = args[0].get("url") if args and isinstance(args[0], dict) and isinstance(args[0].get("url"), str) else None
                calls[key] = SdkCall(api, round(sent - origin, 1), None, url)
            elif key in calls:
                result = call["result"]
                error = result.get("error") if isinstance(result, dict) and isinstance(result.get("error"), dict) else result
                if isinstance(error, dict) and isinstance(error.get("error_code"), int):
                    calls[key].error_code = error["error_code"]
                    calls[key].error_msg = str(error.get("error_msg") or "") or None
    return list(calls.values())


def page_tti(
    fcp: float | None, dcl: float | None, load: float | None, long_tasks: list[tuple[float, float]], requests: list[tuple[float, float | None]], now: float
) -> float | None:
    """A page's time to interactive, or None while it is not decided yet. Lighthouse's definition (mock/startup.py's
    page_tti: after first contentful paint `fcp`, the first QUIET_MS with no long task ((start, duration)) and at most
    QUIET_REQUESTS requests ((start, end or None while in flight)) in flight; interactive at the end of the last
    long task before it, at the earliest at fcp and at DOMContentLoaded's end `dcl`), adapted so that a repeat need not
    wait half a second once the page has loaded:

    - a window that ends before the load event's end (`load`; None: not yet) is Lighthouse's, QUIET_MS long;
    - otherwise the window starts at or after the load event's end and is IDLE_MS long, with no long task and none
      of the page's requests in flight.

    The first window by the first rule, else the first by the second. Each is decided from what has happened by
    `now` (the load event's end is known once it is in), so the answer does not depend on when the audit asks. All
    in ms on the page's clock."""
    if fcp is None or dcl is None:
        return None
    tasks = sorted((start, start + duration) for start, duration in long_tasks)
    spans = [(start, end if end is not None else float("inf")) for start, end in requests]
    ended = [end for _, end in tasks if end > fcp] + [end for _, end in spans if fcp < end < now]

    def interactive(start: float) -> float:
        last = max((t_end for _, t_end in tasks if t_end <= start), default=fcp)
        return round(max(fcp, dcl, last), 1)

    def free(start: float, end: float) -> bool:
        return not any(t_start < end and t_end > start for t_start, t_end in tasks)

    bound = load if load is not None else now  # a first-rule window must end by then
    for start in sorted({fcp, *ended}):
        end = start + QUIET_MS
        if end > bound:
            break
        points = [start, *(s for s, _ in spans if start < s < end)]
        if free(start, end) and max(sum(1 for s, e in spans if s <= point < e) for point in points) <= QUIET_REQUESTS:
            return interactive(start)
    if load is None:
        return None
    for start in sorted({max(fcp, load), *(end for end in ended if end > load)}):
        end = start + IDLE_MS
        if end > now:
            return None
        if free(start, end) and not any(s < end and e > start for s, e in spans):
            return interactive(start)
    return None


def _tasks(snapshot: dict[str, Any]) -> list[tuple[float, float]]:
    return [(float(start), float(duration)) for start, duration in snapshot.get("longTasks") or []]


def _round(value: Any) -> float | None:
    return round(float(value), 1) if isinstance(value, (int, float)) else None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _filmstrip(run: DeviceRun, frames: list[tuple[float, str]], origin: float, shots: Path, preset: str) -> None:
    """The screencast's frames since the navigation, one every FILM_MS at most; the frame nearest the first
    contentful paint (within PAINT_FRAME_MS: the compositor stamps a frame a little before it is presented, when
    the paint's time is taken) is the first-paint screenshot."""
    timed = [(round(stamp - origin, 1), data) for stamp, data in frames if stamp >= origin]  # none of the blank page before
    painted = run.first_paint_ms
    nearest = min(range(len(timed)), key=lambda i: abs(timed[i][0] - painted), default=None) if painted is not None else None
    if nearest is not None and painted is not None and abs(timed[nearest][0] - painted) > PAINT_FRAME_MS:
        nearest = None
    last = float("-inf")
    kept = 0
    for index, (t, data) in enumerate(timed):
        first = index == nearest
        if not first and (t - last < FILM_MS or kept >= FILM_MAX):
            continue
        path = shots / (f"{preset}-first-paint.jpg" if first else f"{preset}-frame-{index:02d}.jpg")
        path.write_bytes(base64.b64decode(data))
        run.screenshots.append(Screenshot("first-paint" if first else "frame", str(path), t, preset))
        last, kept = t, kept + 1
    run.screenshots.sort(key=lambda s: (s.kind == "loaded", s.t_ms if s.t_ms is not None else 0.0))


def audit_page(project: Project, options: AuditOptions, say: Callable[[str], None]) -> AuditResult:
    """`minis-py audit` on a Mini (a drama, or any page): see the module's docstring."""

    backend_allowed = options.backend is not False
    source = page_source(project, options.source, backend_allowed and project.dev_script(None) is not None)
    backend = backend_allowed and project.dev_script(None) is not None
    limits, limit_source = page_limits(options)
    root = source.folder if source.folder is not None else project.root
    orientation = "landscape" if project.config.orientation == "HORIZONTAL" else "portrait"
    result = new_result(project, options, limits, limit_source, root, source.size, len(source.files), {})
    result.package["source"] = "build" if source.kind == "build" else "dev server"
    started = time.monotonic()
    with serve(project, source, backend, say) as served:
        say(f"auditing {served.url} ({'the build in ' + str(root.relative_to(project.root)) + '/' if source.kind == 'build' else 'the dev server'})")

        def one(browser: Any, name: str, timeout_ms: float, shots: Path, runs: int) -> list[DeviceRun]:
            def tests(run: DeviceRun, seen: int) -> None:
                run.self_tests = self_tests(run, list(served.mock.state.requests)[seen:], backend, "mini")

            return run_page_device(served, browser, name, source, options.network, limits, timeout_ms, shots, orientation, runs, tests)

        audit_devices(result, options, limits, project, one, say)
    if source.kind == "dev" and result.runs:  # a dev server's page has no package: what its first load downloaded
        first = result.runs[0].transfers
        result.package.update(files=len(first), total_bytes=sum(t["bytes"] for t in first), main_bytes=sum(t["bytes"] for t in first))
        result.package["download_ms"] = round(options.network.download_seconds(result.package["main_bytes"]) * 1000, 1)
    result.duration_ms = (time.monotonic() - started) * 1000
    return result
