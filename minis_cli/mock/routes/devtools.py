"""The simulator (MOCK_API.md Part 2; issue 13): its page and assets, the phone it simulates, the devtools
feed (every request-log entry as a server-sent event) and the Content-Security-Policy report endpoint."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from .. import simulator, values
from ..events import EVENTS
from ..http import BodyProblem, base_url, control_error, control_json, event_stream, json_response, read_body, state_of
from ..randomness import new_log_id
from ..state import MockState
from .declare import MockRoute, route

BACKLOG = 300  # entries a panel gets when it opens (the request log keeps more: GET /_mock/requests)
DOMAIN_ERROR = (21100, "URL not in domain list")  # mini-games-error-code-reference: what TikTok answers a request outside the trusted domains


async def simulator_page(request: Request) -> Response:
    """GET /_mock/simulator[?target=URL&preset=iphone&orientation=landscape]: the phone, its chrome, the panel."""
    state = state_of(request)
    config: dict[str, Any] = dict(state.simulator)
    query = request.query_params
    for key in ("target", "preset", "orientation", "title"):
        if query.get(key):
            config[key] = query[key]
    target = simulator.safe_target(str(config.get("target") or ""))
    if target is None:
        return control_error("target must be an http(s) URL or a path on the mock (the phone shows web pages, never script URLs)", new_log_id())
    config["target"] = target
    preset = config.get("preset") or simulator.DEFAULT_PRESET
    orientation = config.get("orientation") or "portrait"
    try:
        state.device = simulator.device(preset, orientation)
    except ValueError as exc:
        return control_error(str(exc), new_log_id())
    config.update(
        mock=base_url(request),
        token=state.control_token,
        device=state.device,
        presets=simulator.presets(),
        events=list(EVENTS),
        orientations=list(simulator.ORIENTATIONS),
    )
    nonce = secrets.token_urlsafe(16)
    response = Response(simulator.page(config, nonce), media_type="text/html; charset=utf-8")
    response.headers["content-security-policy"] = simulator.page_policy(nonce)
    response.headers["x-content-type-options"] = "nosniff"
    response.headers["cache-control"] = "no-store"
    response.headers["referrer-policy"] = "no-referrer"  # the token is in the page, never in a Referer
    return response


async def simulator_asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in simulator.ASSETS:
        return control_error(f"no simulator file {name!r}", new_log_id(), 404)
    return Response(simulator.asset(name), media_type=simulator.ASSETS[name], headers={"cache-control": "no-cache"})


async def device(request: Request) -> Response:
    """GET /_mock/device: the simulated phone. POST {"preset", "orientation"}: another one (the framed SDK
    reports it from its next load)."""
    state = state_of(request)
    log_id = new_log_id()
    if request.method == "POST":
        body = await control_json(request, log_id)
        try:
            current = state.device or simulator.device()
            state.device = simulator.device(str(body.get("preset", current["preset"])), str(body.get("orientation", current["orientation"])))
        except ValueError as exc:
            return control_error(str(exc), log_id)
    return json_response({"device": state.device, "presets": simulator.presets()}, 200, log_id)


async def feed(request: Request) -> Response:
    """GET /_mock/devtools/stream: the last entries of the request log, then each new one as it is logged
    (SDK calls and their results, server requests, webhook attempts, CSP violations)."""
    state = state_of(request)
    # the tail is taken once subscribed (the lambda is called then): an entry is in the backlog or in the stream
    return event_stream(state.feed, lambda: _backlog_lines(state.requests.tail(BACKLOG)))


def _backlog_lines(entries: list[dict[str, Any]]) -> Iterator[str]:
    for entry in entries:
        yield f"data: {json.dumps(entry, separators=(',', ':'), default=str)}\n\n"
    yield "event: live\ndata: {}\n\n"


def violation(report: dict[str, Any]) -> dict[str, str] | None:
    """One CSP report (report-uri's `csp-report` object, or a Reporting API `body`) in the mock's terms."""
    blocked = report.get("blocked-uri", report.get("blockedURL", ""))
    directive = report.get("effective-directive", report.get("effectiveDirective", report.get("violated-directive", "")))
    document = report.get("document-uri", report.get("documentURL", ""))
    if not isinstance(blocked, str) or not isinstance(directive, str):
        return None
    directive = directive.split()[0] if directive else ""
    return {"blocked": blocked, "directive": directive, "document": document if isinstance(document, str) else ""}


def describe_violation(found: dict[str, str]) -> str:
    blocked, directive = found["blocked"], found["directive"]
    if directive.startswith(("frame-src", "child-src")):
        return f"an iframe of {blocked or 'a page'}: TikTok Minis do not support iframes (minis-development-stage)"
    if blocked in ("eval", "wasm-eval"):
        return "eval() or new Function(): forbidden in TikTok Minis (minis-development-stage)"
    if blocked == "inline":
        return f"an inline resource blocked by {directive}"
    host = urlsplit(blocked).hostname or blocked
    return f"{DOMAIN_ERROR[0]} {DOMAIN_ERROR[1]}: {blocked} ({directive}); add {host} to domain.trustedDomains if the Mini may reach it"


async def csp_report(request: Request) -> Response:
    """POST /_mock/csp-report: the browser's report of a request the simulator's policy blocked."""
    state = state_of(request)
    log_id = new_log_id()
    try:
        raw = await read_body(request)
        payload = values.loads(raw or b"{}")
    except BodyProblem as problem:
        return control_error(problem.description, log_id, problem.status)
    except (UnicodeDecodeError, ValueError) as exc:
        return control_error(f"a CSP report must be JSON: {exc}", log_id)
    reports: list[Any]
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        reports = [payload["csp-report"]]
    elif isinstance(payload, list):  # the Reporting API: [{type: "csp-violation", body: {...}}]
        reports = [r.get("body") for r in payload if isinstance(r, dict) and r.get("type") == "csp-violation"]
    else:
        reports = []
    for report in reports:
        found = violation(report) if isinstance(report, dict) else None
        if found is not None:
            record_violation(state, found, log_id)
    return Response(status_code=204, headers={"x-tt-logid": log_id})


def record_violation(state: MockState, found: dict[str, str], log_id: str) -> None:
    message = describe_violation(found)
    code = DOMAIN_ERROR[0] if message.startswith(str(DOMAIN_ERROR[0])) else None
    state.log("csp", "BLOCK", found["blocked"], "", {"directive": found["directive"], "document": found["document"], "error_code": code}, 0, log_id, message)
    for hook in list(state.violation_hooks):
        try:
            hook(found, message)
        except Exception:
            pass


LIBRARIES = {"vConsole.js": ("vendor/vconsole/vconsole.min.js", "application/javascript")}


async def library(request: Request) -> Response:
    """GET /_mock/libs/vConsole.js: TikTok's https://connect.tiktok-minis.com/libs/vConsole.js, offline (vendored, MIT)."""
    found = LIBRARIES.get(request.path_params["name"])
    if found is None:
        return control_error(f"no library {request.path_params['name']!r} (the mock has {', '.join(LIBRARIES)})", new_log_id(), 404)
    return Response(_library_bytes(found[0]), media_type=found[1], headers={"cache-control": "public, max-age=3600", "access-control-allow-origin": "*"})


@cache
def _library_bytes(relative: str) -> bytes:
    return (Path(__file__).resolve().parent.parent / relative).read_bytes()


# --- the simulator's network profile and the last load's startup (issue 33) ----------------------------------


async def network(request: Request) -> Response:
    """GET /_mock/network: the simulator's network profile and the profiles. POST {"profile": "3g"} (null or "": none)
    applies one: dev's preview proxy (a Mini) or the host's package server and relay (a game, from its next load)
    throttle by it, and open pages get onNetworkWeakChange's event with what it is (mock/throttle.py)."""
    from .. import throttle

    state = state_of(request)
    log_id = new_log_id()
    delivered = None
    if request.method == "POST":
        body = await control_json(request, log_id)
        name = body.get("profile") or None
        if name is not None and (not isinstance(name, str) or name not in throttle.PROFILES):
            return control_error(f"profile must be one of {', '.join(throttle.PROFILES)}, or null for none", log_id)
        profile = throttle.PROFILES[name] if name is not None else None
        state.network = name
        if state.game:
            state.game["profile"] = name  # the host page makes the link of each load (routes/gamehost.py)
        for hook in list(state.network_hooks):
            hook(profile)
        # the games SDK's event (not one of the container events POST /_mock/events fires): sent as the reload is
        delivered = state.events.send(json.dumps({"event": "networkWeakChange", "payload": throttle.network_status(profile)}, separators=(",", ":")))
        state.log("event", "POST", request.scope["path"], "", {"profile": name}, 200, log_id)
    profiles = [{"name": p.name, "summary": p.summary} for p in throttle.PROFILES.values()]
    return json_response({"profile": state.network, "profiles": profiles, "delivered_to": delivered, "startup": state.startup}, 200, log_id)


async def startup(request: Request) -> Response:
    """POST /_mock/startup: a framed page's startup as the mock SDK saw it (its paint, DOMContentLoaded, long tasks and
    requests, on the page's clock, sent with sendBeacon once the page was quiet): the last load's first paint and time
    to interactive (mock/startup.py), logged for the simulator's panel."""
    from ..startup import page_tti

    state = state_of(request)
    log_id = new_log_id()
    try:
        report = values.loads(await read_body(request) or b"{}")
    except BodyProblem as problem:
        return control_error(problem.description, log_id, problem.status)
    except (UnicodeDecodeError, ValueError) as exc:
        return control_error(f"a startup report must be JSON: {exc}", log_id)
    if not isinstance(report, dict):
        return control_error("a startup report must be a JSON object", log_id)

    def number(value: Any) -> float | None:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def pairs(value: Any) -> list[tuple[float, float]]:
        found = [p for p in value[:1000] if isinstance(p, list) and len(p) == 2] if isinstance(value, list) else []
        return [(float(a), float(b)) for a, b in found if number(a) is not None and number(b) is not None]

    if report.get("game") is True:  # a native game's worker (gamehost/measure.js): the host's own definitions, measured there
        fcp, tti = number(report.get("firstPaint")), number(report.get("tti"))
        tti = round(tti, 1) if tti is not None else None
    else:
        fcp, dcl, now = number(report.get("fcp")), number(report.get("dcl")), number(report.get("now")) or 0.0
        requests: list[tuple[float, float | None]] = [(start, end) for start, end in pairs(report.get("requests"))]
        tti = page_tti(fcp, dcl, pairs(report.get("longTasks")), requests, now)
    page = str(report["page"])[:300] if isinstance(report.get("page"), str) else ""
    state.startup = {"first_paint_ms": round(fcp, 1) if fcp is not None else None, "time_to_interactive_ms": tti, "network": state.network, "page": page}
    state.log("startup", "LOAD", page, "", dict(state.startup), 200, log_id)
    return Response(status_code=204, headers={"x-tt-logid": log_id})


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

ROUTES: tuple[MockRoute, ...] = (
    route("GET", "/_mock/simulator", simulator_page, "control", "simulator", "the phone simulator (`?target=`, `preset`, `orientation`)"),
    route("GET", "/_mock/simulator/{name}", simulator_asset, "open", "simulator", "the simulator's scripts and styles"),
    route("GET,POST", "/_mock/device", device, "control", "simulator", "the simulated phone; POST `{preset, orientation}` changes it"),
    route("GET", "/_mock/devtools/stream", feed, "control", "simulator", "the request log, live, as server-sent events (the simulator's panel)"),
    route("POST", "/_mock/csp-report", csp_report, "cross-origin", "simulator", "a browser's report of a request the simulator's policy blocked"),
    route(
        "GET,POST",
        "/_mock/network",
        network,
        "control",
        "simulator",
        "the simulator's network profile; POST `{profile}` (first-scan, 4g, 3g, offline; null: none) applies it and fires `networkWeakChange`",
    ),
    route("POST", "/_mock/startup", startup, "cross-origin", "simulator", "a framed page's startup: the last load's first paint and TTI"),
    route("GET", "/_mock/libs/{name}", library, "open", "simulator", "TikTok's vConsole, offline"),
)
