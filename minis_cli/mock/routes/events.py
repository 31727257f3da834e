"""Container events (MOCK_API.md Part 2, Control additions): `POST /_mock/events` fires one in every open
page; each page's mock SDK listens on `GET /_mock/events/stream`, a server-sent event stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..events import CLOSED, EVENTS
from ..http import BodyProblem, control_error, cors, json_response, read_json, state_of
from ..state import new_log_id

HEARTBEAT = 15.0  # seconds between comment lines, so proxies and the browser keep the stream open


async def fire(request: Request) -> Response:
    """POST /_mock/events {"event": "minis.show", "payload"?: {...}} -> {"delivered_to": <open pages>}."""
    state = state_of(request)
    log_id = new_log_id()
    try:
        body = await read_json(request)
    except BodyProblem as problem:
        return control_error(problem.description, log_id, problem.status)
    event, payload = body.get("event"), body.get("payload", {})
    if event not in EVENTS:
        return control_error(f"event must be one of {', '.join(EVENTS)}", log_id)
    if not isinstance(payload, dict):
        return control_error("payload must be a JSON object", log_id)
    pages = state.events.publish(event, payload)
    state.log("event", "POST", request.scope["path"], "", {"event": event}, 200, log_id)
    return json_response({"event": event, "delivered_to": pages}, 200, log_id)


async def stream(request: Request) -> Response:
    """GET /_mock/events/stream: `data: {"event", "payload"}` lines for as long as the page is open."""
    if request.method == "OPTIONS":
        return cors(request, Response(status_code=204))
    hub = state_of(request).events
    subscriber, queue = hub.subscribe()

    async def lines() -> AsyncIterator[str]:
        try:
            yield ": connected\n\n"
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

    response = StreamingResponse(lines(), media_type="text/event-stream", headers={"cache-control": "no-cache", "x-accel-buffering": "no"})
    return cors(request, response)
