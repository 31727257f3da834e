"""The control API under /_mock/: users, codes, the clock, faults, outcomes, the request log (MOCK_API.md)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import values
from ..http import CHALLENGE, Answered, api_error, base_url, control_error, control_json, json_response, state_of
from ..randomness import new_log_id
from ..state import FAULT_ENDPOINTS, MAX_OUTCOMES, OUTCOMES, MockState
from ..users import DEFAULT_SCOPE, KNOWN_SCOPES, User, avatar_svg, build_user
from .declare import MockRoute, route

# --- the control API -------------------------------------------------------------------------------


async def health(request: Request) -> Response:
    return json_response({"ok": True}, 200, new_log_id())


async def config(request: Request) -> Response:
    """GET /_mock/config: the apps and settings. POST {"client_version": "44.2.0", ...}: change settings
    (any of GET's `settings`), each checked as the command-line flag is; nothing changes if one is wrong."""
    state = state_of(request)
    log_id = new_log_id()
    if request.method == "POST":
        body = await control_json(request, log_id)
        try:
            state.configure(**checked_settings(state, body))
        except ValueError as exc:
            return control_error(str(exc), log_id)
    apps = [
        {
            "client_key": a.client_key,
            "kind": a.kind,
            "redirect_uris": list(a.redirect_uris),
            **({"client_secret": a.client_secret} if state.on_loopback else {}),
        }
        for a in state.store.apps()
    ]
    settings = {name: getattr(state.settings, name) for name in state.settings.names()}
    return json_response({"base_url": base_url(request), "apps": apps, "settings": settings}, 200, log_id)


def checked_settings(state: MockState, body: dict[str, Any]) -> dict[str, Any]:
    """The settings a POST /_mock/config asks for, each of its setting's type (ValueError otherwise)."""
    changes: dict[str, Any] = {}
    for name, value in body.items():
        if name not in state.settings.names():
            raise ValueError(f"unknown setting {name!r}: the settings are {', '.join(state.settings.names())}")
        current = getattr(state.settings, name)
        if name == "redirect_uris":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError("redirect_uris must be a list of strings")
            value = tuple(value)
        elif name == "webhook_url":
            if value is not None and not isinstance(value, str):
                raise ValueError("webhook_url must be a string or null")
        elif isinstance(current, bool):
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be true or false")
        elif isinstance(current, (int, float)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(current, int) and not isinstance(value, int)):
                raise ValueError(f"{name} must be a {'whole ' if isinstance(current, int) else ''}number")
        elif isinstance(current, str) and not isinstance(value, str):
            raise ValueError(f"{name} must be a string")
        changes[name] = value
    return changes


def user_view(user: User, state: MockState, base: str) -> dict[str, Any]:
    info = user.info("", base)
    return {
        "name": user.name,
        "display_name": user.display_name,
        "username": user.username,
        "avatar_url": info["avatar_url"],
        "union_id": user.union_id,
        "open_ids": {a.client_key: user.open_id(a.client_key) for a in state.store.apps()},
    }


async def users(request: Request) -> Response:
    state = state_of(request)
    log_id = new_log_id()
    if request.method == "GET":
        return json_response({"users": [user_view(u, state, base_url(request)) for u in state.store.users()]}, 200, log_id)
    body = await control_json(request, log_id)
    try:
        user = upsert_user(state, body)
    except ValueError as exc:
        return control_error(str(exc), log_id)
    await state.store.durable()
    return json_response(user_view(user, state, base_url(request)), 200, log_id)


def named_app(state: MockState, body: dict[str, Any], log_id: str) -> str:
    """The app a control request names (`client_key`; default the first app); an unknown one is answered 400."""
    client_key = body.get("client_key") or (state.apps[0].client_key if state.apps else "")
    if not isinstance(client_key, str) or state.store.app(client_key) is None:
        raise Answered(control_error("client_key is not a known app", log_id))
    return client_key


def app_and_user(state: MockState, body: dict[str, Any], log_id: str) -> tuple[str, User]:
    """The app and the user a control request names (`user`: a name, open_id or union_id; default the first user)."""
    client_key = named_app(state, body, log_id)
    user = state.store.find_user(str(body.get("user") or state.store.users()[0].name), client_key)
    if user is None:
        raise Answered(control_error("unknown user", log_id))
    return client_key, user


def upsert_user(state: MockState, body: dict[str, Any]) -> User:
    user = build_user(body, state.store.user(body["name"]) if isinstance(body.get("name"), str) else None)
    state.store.save_user(user)
    return user


async def codes(request: Request) -> Response:
    """POST /_mock/codes: mint a code without a browser, as the SDK's login does."""
    state = state_of(request)
    log_id = new_log_id()
    body = await control_json(request, log_id)
    client_key, user = app_and_user(state, body, log_id)
    scope = body.get("scope") or DEFAULT_SCOPE
    if not isinstance(scope, str) or any(s.strip() not in KNOWN_SCOPES for s in scope.split(",")):
        return control_error(f"scope must be a comma list of {', '.join(KNOWN_SCOPES)}", log_id)
    challenge = body.get("code_challenge")
    if challenge is not None and (not isinstance(challenge, str) or not CHALLENGE.fullmatch(challenge)):
        return control_error("code_challenge must be hex or base64url SHA-256", log_id)
    redirect_uri = body.get("redirect_uri")
    if redirect_uri is not None and not isinstance(redirect_uri, str):
        return control_error("redirect_uri must be a string", log_id)
    code = state.store.mint_code(client_key, user.name, scope, state.now() + state.settings.code_ttl, redirect_uri, challenge)
    await state.store.durable()
    return json_response({"code": code, "open_id": user.open_id(client_key), "user": user.name, "scope": scope}, 200, log_id)


async def clock(request: Request) -> Response:
    state = state_of(request)
    log_id = new_log_id()
    if request.method == "POST":
        body = await control_json(request, log_id)
        try:
            seconds = values.finite_number(body.get("advance"), "advance (seconds)", 0, values.MAX_CLOCK_STEP)
            state.advance(seconds)
        except ValueError as exc:
            return control_error(str(exc), log_id)
        await state.store.durable()
    return json_response({"now": state.now(), "offset": state.clock.offset}, 200, log_id)


async def faults(request: Request) -> Response:
    state = state_of(request)
    log_id = new_log_id()
    if request.method == "DELETE":
        state.faults.clear()
        return json_response({"ok": True}, 200, log_id)
    if request.method == "GET":
        pending = [{"endpoint": f.endpoint, "error": f.error, "status": f.status, "remaining": f.remaining} for q in state.faults.values() for f in q]
        return json_response({"faults": pending}, 200, log_id)
    body = await control_json(request, log_id)
    endpoint = body.get("endpoint")
    if endpoint not in FAULT_ENDPOINTS:
        return control_error(f"endpoint must be one of {', '.join(FAULT_ENDPOINTS)}", log_id)
    default_error = {"user_info": "internal_error", "sdk_login": "102102"}.get(endpoint, "server_error")
    error = body.get("error", default_error)
    status = body.get("status")
    count = body.get("count", 1)
    if not isinstance(error, (str, int)) or isinstance(error, bool):
        return control_error("error must be a string", log_id)
    if status is not None and (isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599):
        return control_error("status must be an HTTP status from 200 to 599", log_id)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10**6:
        return control_error("count must be a whole number >= 1", log_id)
    description = body.get("description", "")
    try:
        state.add_fault(endpoint, str(error), status, description if isinstance(description, str) else "", count)
    except ValueError as exc:
        return control_error(str(exc), log_id)
    return json_response({"ok": True, "pending": sum(f.remaining for f in state.faults[endpoint])}, 200, log_id)


async def outcomes(request: Request) -> Response:
    """GET/POST/DELETE /_mock/outcomes: what the user will do in the next sheet, dialog or ad, without UI."""
    state = state_of(request)
    log_id = new_log_id()
    if request.method == "DELETE":
        state.outcomes.clear()
        return json_response({"ok": True}, 200, log_id)
    if request.method == "POST":
        body = await control_json(request, log_id)
        try:
            count = values.whole_number(body.get("count", 1), "count", 1, MAX_OUTCOMES)
            api, outcome = body.get("api"), body.get("outcome")
            if not isinstance(api, str) or not isinstance(outcome, str):
                raise ValueError(f"api and outcome must be strings: api one of {', '.join(OUTCOMES)}")
            state.queue_outcome(api, outcome, count)
        except ValueError as exc:
            return control_error(str(exc), log_id)
    queued = [{"api": api, "outcome": outcome} for api, queue in state.outcomes.items() for outcome in queue]
    return json_response({"outcomes": queued, "queued": len(queued), "limit": MAX_OUTCOMES, "choices": {k: list(v) for k, v in OUTCOMES.items()}}, 200, log_id)


async def requests_log(request: Request) -> Response:
    state = state_of(request)
    if request.method == "DELETE":
        state.requests.clear()
        return json_response({"ok": True}, 200, new_log_id())
    return json_response({"requests": list(state.requests)}, 200, new_log_id())


async def reset(request: Request) -> Response:
    state_of(request).reset()
    return json_response({"ok": True}, 200, new_log_id())


async def avatar(request: Request) -> Response:
    name = request.path_params["name"]
    user = state_of(request).store.user(name)
    if user is None:
        return api_error("not_found", f"no user {name!r}", 404, new_log_id())
    return Response(avatar_svg(user), media_type="image/svg+xml", headers={"cache-control": "max-age=3600", "x-tt-logid": new_log_id()})


# authorization.removed's content.reason (TikTok's webhooks page): why the user's grant ended.
REMOVAL_REASONS = {
    0: "unknown",
    1: "the user disconnected the app",
    2: "the user deleted the account",
    3: "the user's age changed",
    4: "the account was banned",
    5: "the developer revoked the authorization",
}


async def revoke_user(request: Request) -> Response:
    """POST /_mock/users/{user}/revoke {"client_key"?, "reason"?: 1}: the user removes the app. Every token
    of theirs for it stops working and `authorization.removed` goes to the webhook URL with {reason}."""
    state = state_of(request)
    log_id = new_log_id()
    body = await control_json(request, log_id)
    try:
        reason = values.whole_number(body.get("reason", 1), "reason", 0, 5)
    except ValueError as exc:
        return control_error(f"{exc} ({', '.join(f'{k}: {v}' for k, v in REMOVAL_REASONS.items())})", log_id)
    client_key = named_app(state, body, log_id)
    user = state.store.find_user(request.path_params["user"], client_key)
    if user is None:
        return api_error("not_found", f"no user {request.path_params['user']!r} (a name, open_id or union_id)", 404, log_id)
    revoked = revoke_user_grant(state, user, client_key, reason)
    await state.store.durable()
    return json_response({"user": user.name, "open_id": user.open_id(client_key), "reason": reason, "webhook": revoked}, 200, log_id)


def revoke_user_grant(state: MockState, user: User, client_key: str, reason: int = 1) -> str:
    """The user's tokens for the app stop working; returns the id of the authorization.removed event."""
    state.store.revoke_grant(user.name, client_key)
    return state.emit_webhook(client_key, "authorization.removed", user, {"reason": reason})


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

ROUTES: tuple[MockRoute, ...] = (
    route(
        "POST",
        "/_mock/codes",
        codes,
        "control",
        "control",
        "`{client_key?, user?, scope?, redirect_uri?, code_challenge?}` → `{code, open_id}`: a code without a browser",
    ),
    route("GET", "/_mock/health", health, "open", "control", "`{ok: true}`"),
    route("GET,POST", "/_mock/config", config, "control", "control", "the apps and settings; POST changes settings, each checked as its flag is"),
    route("GET,POST", "/_mock/users", users, "control", "control", "the mock users; POST `{name, ...}` adds or changes one"),
    route(
        "POST", "/_mock/users/{user}/revoke", revoke_user, "control", "control", "`{client_key?, reason?}`: the user removes the app (`authorization.removed`)"
    ),
    route("GET,POST", "/_mock/clock", clock, "control", "control", "the mock clock; POST `{advance}` moves it on"),
    route("GET,POST,DELETE", "/_mock/faults", faults, "control", "control", "injected failures; POST `{endpoint, error?, status?, count?}` queues one"),
    route(
        "GET,POST,DELETE", "/_mock/outcomes", outcomes, "control", "control", "what the user does next in a sheet, dialog or ad; POST `{api, outcome, count?}`"
    ),
    route("GET,DELETE", "/_mock/requests", requests_log, "control", "control", "the request log: API calls, SDK calls, webhook attempts"),
    route("POST", "/_mock/reset", reset, "control", "control", "back to the start"),
    route("GET", "/_mock/avatars/{name}.svg", avatar, "open", "control", "a mock user's avatar"),
)
