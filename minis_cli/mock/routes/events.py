"""Container events (MOCK_API.md Part 2, Control additions): `POST /_mock/events` fires one in every open
page; each page's mock SDK listens on `GET /_mock/events/stream`, a server-sent event stream."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..events import EVENTS
from ..http import control_error, control_json, cors, event_stream, json_response, state_of
from ..randomness import new_log_id
from .declare import MockRoute, route


async def fire(request: Request) -> Response:
    """POST /_mock/events {"event": "minis.show", "payload"?: {...}} -> {"delivered_to": <open pages>}."""
    state = state_of(request)
    log_id = new_log_id()
    body = await control_json(request, log_id)
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
    return cors(request, event_stream(state_of(request).events))


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

ROUTES: tuple[MockRoute, ...] = (
    route("GET,OPTIONS", "/_mock/events/stream", stream, "open", "sdk", "the page's container events (`minis.show`, ...) as server-sent events"),
    route("POST", "/_mock/events", fire, "control", "control", "`{event, payload?}` → `{delivered_to}`: a container event in every open page"),
)
