"""GET /v2/user/info/ with the scope rules of Part 2 (minis-user-data, tiktok-api-v2-error-handling)."""

from __future__ import annotations

import json
from functools import lru_cache

from starlette.requests import Request
from starlette.responses import Response

from ..http import BEARER, api_error, base_url, json_response, state_of
from ..randomness import new_log_id
from ..state import MockState
from ..users import FIELD_SCOPES, User
from .declare import MockRoute, route

# --- GET /v2/user/info/ ----------------------------------------------------------------------------


async def user_info(request: Request) -> Response:
    state = state_of(request)
    log_id = new_log_id()
    response = _user_info(state, request, log_id)
    error = None
    if response.status_code != 200:
        error = json.loads(bytes(response.body))["error"]["code"]
    state.log(
        "user_info",
        "GET",
        request.scope["path"],
        request.scope["query_string"].decode("latin-1"),
        {"fields": request.query_params.get("fields")},
        response.status_code,
        log_id,
        error,
    )
    return response


def _user_info(state: MockState, request: Request, log_id: str) -> Response:
    match = BEARER.match(request.headers.get("authorization", ""))
    found = state.store.token(match.group(1)) if match else None
    if found is None or found.kind != "access":
        return api_error("access_token_invalid", "The access token is invalid or not found in the request.", 401, log_id)
    if found.revoked:
        return api_error("access_token_invalid", "The access token has been revoked.", 401, log_id)
    if found.expires_at <= state.now():
        return api_error("access_token_invalid", "The access token has expired.", 401, log_id)
    if state.over_rate_limit("user_info", found.client_key, found.token):
        return api_error("rate_limit_exceeded", "The API rate limit was exceeded. Please try again later.", 429, log_id)
    fault = state.take_fault("user_info")
    if fault is not None:
        return api_error(fault.error, fault.description or "injected failure", fault.status or 500, log_id)
    fields_param = request.query_params.get("fields", "")
    if not fields_param.strip():
        return api_error("invalid_params", "fields is required", 400, log_id)
    requested = list(dict.fromkeys(f.strip() for f in fields_param.split(",") if f.strip() in FIELD_SCOPES))
    granted = set(found.scope.split(","))
    if "user.info.basic" not in granted and state.settings.scope_errors == "documented":
        # minis-user-data: /v2/user/info/ "must have user.info.basic scope" (a silent login's token has not)
        return api_error(
            "scope_not_authorized",
            "The user did not authorize the scope required for completing this request (user.info.basic): ask with TTMinis.authorize.",
            401,
            log_id,
        )
    missing = [f for f in requested if FIELD_SCOPES[f] not in granted]
    if missing and not state.settings.lenient_fields:
        if state.settings.scope_errors == "documented":  # tiktok-api-v2-error-handling
            return api_error(
                "scope_permission_missed",
                f"Access token is invalid, some fields need additional scopes: {missing[0]} needs {FIELD_SCOPES[missing[0]]}.",
                400,
                log_id,
            )
        return api_error(
            "scope_not_authorized", f"The user did not authorize the scope required for field {missing[0]} ({FIELD_SCOPES[missing[0]]}).", 401, log_id
        )
    user = state.store.user(found.user_name or "")
    info = user_fields(user, found.client_key, base_url(request)) if user else {}
    shown = {f: info[f] for f in requested if f not in missing and f in info}
    return json_response({"data": {"user": shown}, "error": {"code": "ok", "message": "", "log_id": log_id}}, 200, log_id)


@lru_cache(maxsize=1024)
def user_fields(user: User, client_key: str, base: str) -> dict[str, object]:
    """Every field of a user as one app sees it (users are immutable: a saved change is a new User)."""
    return user.info(client_key, base)


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

ROUTES: tuple[MockRoute, ...] = (
    route("GET", "/v2/user/info/", user_info, "public", "oauth", "`?fields=` → `{user}`: the requested fields the token's scopes allow", slash=True),
)
