"""What every route shares: reading bodies within limits, TikTok's response and error shapes, CORS."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from . import values
from .codes import INVALID_PARAMS
from .events import CLOSED, Broadcast
from .state import MockState, is_loopback_or_lan

MAX_BODY = 64 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"
GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials")
CHALLENGE = re.compile(r"[0-9a-fA-F]{64}|[A-Za-z0-9_-]{43}")
VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")
BEARER = re.compile(r"\s*bearer\s+(\S+)\s*$", re.I)
_JSON_HEADERS = "application/json"
logger = logging.getLogger("minis_cli.mock")


class BodyProblem(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


class Answered(Exception):
    """An answer a route's helper gives in its caller's place (a bad token, a bad body): raised, and sent as it is by
    the app's exception handler (app.py), so that no route checks what a helper returned for a Response."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


# --- responses ----------------------------------------------------------------------------------------


_encode = json.JSONEncoder(separators=(",", ":")).encode  # one encoder: json.dumps(separators=...) builds one a call


class JSONAnswer(Response):
    """A JSON response built without Starlette's generic header handling (the mock's every answer is one:
    its headers are known here, so they are written out once instead of being merged and re-checked)."""

    media_type = _JSON_HEADERS
    oauth_error: str | None = None  # the OAuth error this answers with (the request log reads it)

    def __init__(self, payload: Any, status: int, log_id: str, headers: dict[str, str] | None = None, *, body: bytes | None = None) -> None:
        """`body`: the payload already encoded (a hot path that writes its JSON itself), instead of `payload`."""
        self.status_code = status
        self.background = None
        self.body = _encode(payload).encode() if body is None else body
        self.raw_headers = [(b"content-length", str(len(self.body)).encode()), (b"content-type", b"application/json"), (b"x-tt-logid", log_id.encode())]
        if headers:
            self.raw_headers += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


json_response = JSONAnswer


def oauth_error(state: MockState, error: str, description: str, log_id: str, status: int | None = None) -> JSONAnswer:
    """TikTok's OAuth error: 200 with the error JSON by default, or 401/400 with --error-status 4xx."""
    if status is None:
        status = 200 if state.settings.error_status == "200" else (401 if error == "invalid_client" else 400)
    response = json_response({"error": error, "error_description": description, "log_id": log_id}, status, log_id)
    response.oauth_error = error  # for the request log, without re-parsing
    return response


def api_error(code: str, message: str, status: int, log_id: str) -> Response:
    """TikTok's v2 API error envelope."""
    return json_response({"data": {}, "error": {"code": code, "message": message, "log_id": log_id}}, status, log_id)


async def read_body(request: Request) -> bytes:
    return await receive_body(request.receive, request.headers.get("content-length"))


async def receive_body(receive: Any, declared: str | None) -> bytes:
    """The body from the ASGI messages themselves (cheaper than Request.stream()), within MAX_BODY."""
    if declared is not None:
        if not declared.strip().isdigit():
            raise BodyProblem(400, "malformed Content-Length")
        if int(declared) > MAX_BODY:
            raise BodyProblem(413, f"request body larger than {MAX_BODY} bytes")
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BodyProblem(400, "the client went away")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise BodyProblem(413, f"request body larger than {MAX_BODY} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def read_form(request: Request, repeatable: tuple[str, ...] = ()) -> dict[str, Any]:
    headers = request.headers
    return await receive_form(request.receive, headers.get("content-type"), headers.get("content-length"), repeatable)


async def receive_form(receive: Any, content_type: str | None, declared: str | None, repeatable: tuple[str, ...] = ()) -> dict[str, Any]:
    """An urlencoded body as {name: value} ({name: [values]} for `repeatable`); BodyProblem otherwise."""
    if (content_type or "").split(";", 1)[0].strip().lower() != FORM_TYPE:
        await receive_body(receive, declared)  # drain it, and still answer 413 for an oversized one
        raise BodyProblem(400, f"Content-Type must be {FORM_TYPE}")
    body = await receive_body(receive, declared)
    try:
        pairs = parse_form(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BodyProblem(400, "malformed form body") from None
    form: dict[str, Any] = {}
    for name, value in pairs:
        if name in repeatable:
            form.setdefault(name, []).append(value)
        elif name in form:
            raise BodyProblem(400, f"parameter '{name}' is given more than once")
        else:
            form[name] = value
    return form


MAX_FIELDS = 200


def parse_form(text: str) -> list[tuple[str, str]]:
    """What parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS) returns,
    with the unquoting skipped for the parts that need none (a token request's every part): the form
    parser was 5% of a token request."""
    if text.count("&") >= MAX_FIELDS:
        raise ValueError("too many fields")
    pairs = []
    for part in text.split("&"):
        if not part:
            continue
        if "%" in part or "+" in part:
            name, _, value = part.partition("=")
            pairs.append((unquote_plus(name, errors="strict"), unquote_plus(value, errors="strict")))
        else:
            name, _, value = part.partition("=")
            pairs.append((name, value))
    return pairs


async def read_json(request: Request) -> dict[str, Any]:
    body = await read_body(request)
    if not body.strip():
        return {}
    try:
        value = values.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BodyProblem(400, f"malformed JSON: {exc}") from None
    if not isinstance(value, dict):
        raise BodyProblem(400, "the JSON body must be an object")
    return value


def state_of(request: Request) -> MockState:
    return request.app.state.mock


def base_url(request: Request) -> str:
    """scheme://host:port the client used (from the Host header; Starlette's URL object is slow to build)."""
    scope = request.scope
    host = request.headers.get("host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"[{server[0]}]:{server[1]}" if ":" in str(server[0]) else f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


def cors(request: Request, response: Response) -> Response:
    origin = request.headers.get("origin")
    if origin and (origin == "null" or is_loopback_or_lan(urlsplit(origin).hostname or "")):
        response.headers["access-control-allow-origin"] = origin
        response.headers["access-control-allow-methods"] = "GET, POST, OPTIONS"
        response.headers["access-control-allow-headers"] = "content-type"
        response.headers["access-control-max-age"] = "600"
        response.headers["vary"] = "Origin"
    return response


def control_error(description: str, log_id: str, status: int = 400) -> Response:
    return json_response({"error": "invalid_request", "error_description": description, "log_id": log_id}, status, log_id)


async def control_json(request: Request, log_id: str) -> dict[str, Any]:
    """A control route's JSON body; a malformed or oversized one is answered (400/413, control_error) in its place."""
    try:
        return await read_json(request)
    except BodyProblem as problem:
        raise Answered(control_error(problem.description, log_id, problem.status)) from None


async def control_result(state: MockState, log_id: str, work: Callable[[], dict[str, Any]]) -> Response:
    """A control action's answer: what `work()` returns, committed; an unknown target (LookupError) is 404 and a
    refused action (ValueError) 400, each with its message."""
    try:
        result = work()
    except LookupError as exc:
        return api_error("not_found", str(exc.args[0]), 404, log_id)
    except ValueError as exc:
        return control_error(str(exc), log_id)
    await state.store.durable()
    return json_response(result, 200, log_id)


HEARTBEAT = 15.0  # seconds between an event stream's comment lines, so proxies and the browser keep it open


def event_stream(hub: Broadcast, preamble: Callable[[], Iterable[str]] = tuple) -> StreamingResponse:
    """A server-sent event stream of what `hub` publishes (`data: <message>` lines) for as long as the client stays:
    `: connected`, then `preamble()`'s lines (called once subscribed, so nothing falls between it and the first
    message), then the messages, with a `: ping` comment after each HEARTBEAT without one."""
    subscriber, queue = hub.subscribe()
    first = preamble()

    async def lines() -> AsyncIterator[str]:
        try:
            yield ": connected\n\n"
            for line in first:
                yield line
            while True:
                try:
                    item = await asyncio.wait_for(queue.get(), HEARTBEAT)
                except TimeoutError:
                    yield ": ping\n\n"
                    continue
                if item is CLOSED:
                    return
                yield f"data: {item}\n\n"
        finally:
            hub.unsubscribe(subscriber)

    return StreamingResponse(lines(), media_type="text/event-stream", headers={"cache-control": "no-cache", "x-accel-buffering": "no"})


# The SDK's error object ({error_code, error_msg, error_extra}), as the Minis SDK pages show it.
SDK_ERRORS = {
    "not_initialised": (40001001, "TTMinis.init must be called first"),
    "invalid_params": (int(INVALID_PARAMS), "Invalid parameters"),
    "unknown_app": (40001002, "clientKey is not a known app"),
    "denied": (10003, "The user denied the authorization"),
    "terms_missing": (102102, "Terms of Service or Privacy Policy URL is not configured for this app"),
    "internal": (50001000, "TikTok internal error"),
    "user_cancelled": (116601, "The user cancelled"),  # subscription pages' "User Cancel"; mock-only for pay/balance
    "user_error": (116600, "User error"),  # subscription pages' "User Error"; mock-only for pay/balance
    "params_empty": (116101, "Required params empty"),
}


def sdk_error(name: str, message: str | None = None) -> dict[str, Any]:
    code, default = SDK_ERRORS[name]
    return {"error": {"error_code": code, "error_msg": message or default, "error_extra": {}}}
