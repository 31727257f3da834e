"""The mock's routes, one function per endpoint, in the order of MOCK_API.md.

The OAuth endpoints parse form bodies with urllib.parse rather than Starlette's form parser (which is
the bottleneck under load), and every response carries an `x-tt-logid` header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import logging
import re
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from . import values
from .sdk import sdk_source
from .state import FAULT_ENDPOINTS, OUTCOMES, MockState, is_loopback_or_lan, new_log_id
from .store import Token, new_token
from .users import DEFAULT_SCOPE, FIELD_SCOPES, KNOWN_SCOPES, MINIS_SCOPES, User, avatar_svg, build_user

MAX_BODY = 64 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"
GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials")
_CHALLENGE = re.compile(r"[0-9a-fA-F]{64}|[A-Za-z0-9_-]{43}")
_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")
_BEARER = re.compile(r"\s*bearer\s+(\S+)\s*$", re.I)
_JSON_HEADERS = "application/json"
logger = logging.getLogger("minis_cli.mock")


class BodyProblem(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


# --- responses ----------------------------------------------------------------------------------------


def json_response(payload: Any, status: int, log_id: str, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(payload, separators=(",", ":")), status, {"x-tt-logid": log_id, **(headers or {})}, _JSON_HEADERS)


def oauth_error(state: MockState, error: str, description: str, log_id: str, status: int | None = None) -> Response:
    """TikTok's OAuth error: 200 with the error JSON by default, or 401/400 with --error-status 4xx."""
    if status is None:
        status = 200 if state.settings.error_status == "200" else (401 if error == "invalid_client" else 400)
    response = json_response({"error": error, "error_description": description, "log_id": log_id}, status, log_id)
    response.oauth_error = error  # type: ignore[attr-defined]  # for the request log, without re-parsing
    return response


def api_error(code: str, message: str, status: int, log_id: str) -> Response:
    """TikTok's v2 API error envelope."""
    return json_response({"data": {}, "error": {"code": code, "message": message, "log_id": log_id}}, status, log_id)


async def read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise BodyProblem(400, "malformed Content-Length")
        if int(declared) > MAX_BODY:
            raise BodyProblem(413, f"request body larger than {MAX_BODY} bytes")
    chunks, size = [], 0
    receive = request.receive  # the ASGI messages themselves: cheaper than Request.stream() per request
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
    """An urlencoded body as {name: value} ({name: [values]} for `repeatable`); BodyProblem otherwise."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != FORM_TYPE:
        await read_body(request)  # drain it, and still answer 413 for an oversized one
        raise BodyProblem(400, f"Content-Type must be {FORM_TYPE}")
    body = await read_body(request)
    try:
        text = body.decode("utf-8")
        parsed = parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=200)
    except (UnicodeDecodeError, ValueError):
        raise BodyProblem(400, "malformed form body") from None
    form: dict[str, Any] = {}
    for name, values in parsed.items():
        if name in repeatable:
            form[name] = values
        elif len(values) > 1:
            raise BodyProblem(400, f"parameter '{name}' is given more than once")
        else:
            form[name] = values[0]
    return form


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


def _state(request: Request) -> MockState:
    return request.app.state.mock


def base_url(request: Request) -> str:
    """scheme://host:port the client used (from the Host header; Starlette's URL object is slow to build)."""
    scope = request.scope
    host = request.headers.get("host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"[{server[0]}]:{server[1]}" if ":" in str(server[0]) else f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


# --- Login Kit: the authorize page ---------------------------------------------------------------


def redirect_allowed(uri: str, registered: tuple[str, ...]) -> bool:
    """Registered URIs match exactly; any http://localhost:* or http://127.0.0.1:* is allowed for development."""
    if uri in registered:
        return True
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    return parts.scheme == "http" and parts.hostname in ("localhost", "127.0.0.1")


def with_query(uri: str, params: dict[str, str]) -> str:
    return uri + ("&" if "?" in uri else "?") + urlencode(params)


def error_page(parameter: str, problem: str, log_id: str, status: int = 400) -> Response:
    body = (
        "<!doctype html><meta charset=utf-8><title>TikTok (mock): invalid request</title>"
        f"<h1>Invalid request</h1><p>Parameter <code>{html.escape(parameter)}</code>: {html.escape(problem)}</p>"
        f"<p><small>log_id {log_id}</small></p>"
    )
    response = HTMLResponse(body, status)
    response.headers["x-tt-logid"] = log_id
    return response


def check_authorize_params(state: MockState, params: dict[str, Any]) -> tuple[str, str] | None:
    """The (parameter, problem) that makes an authorize request invalid, or None."""
    def value(name: str) -> str:
        got = params.get(name)
        return got if isinstance(got, str) else ""

    client_key = value("client_key")
    app = state.store.app(client_key) if client_key else None
    if app is None:
        return "client_key", "unknown client_key" if client_key else "client_key is required"
    redirect_uri = value("redirect_uri")
    if not redirect_uri:
        return "redirect_uri", "redirect_uri is required"
    if not redirect_allowed(redirect_uri, app.redirect_uris + state.settings.redirect_uris):
        return "redirect_uri", "redirect_uri is not registered for this app"
    if value("response_type") != "code":
        return "response_type", "response_type must be code"
    scopes = [s for s in value("scope").split(",") if s.strip()]
    if not scopes:
        return "scope", "scope is required"
    unknown = [s for s in scopes if s.strip() not in KNOWN_SCOPES]
    if unknown:
        return "scope", f"unknown scope {unknown[0]!r}"
    challenge, method = value("code_challenge"), value("code_challenge_method")
    if challenge or method:
        if method != "S256":
            return "code_challenge_method", "code_challenge_method must be S256"
        if not _CHALLENGE.fullmatch(challenge):
            return "code_challenge", "code_challenge must be hex or base64url SHA-256"
    if value("disable_auto_auth") not in ("", "0", "1"):
        return "disable_auto_auth", "disable_auto_auth must be 0 or 1"
    return None


PASS_THROUGH = ("client_key", "scope", "redirect_uri", "state", "response_type", "disable_auto_auth", "code_challenge", "code_challenge_method")
AUTO_AUTH_COOKIE = "tt_mock_auth"


def _remembered(request: Request, client_key: str, scopes: list[str]) -> str | None:
    """The user who already allowed these scopes for this app in this browser (auto auth)."""
    for entry in request.cookies.get(AUTO_AUTH_COOKIE, "").split("~"):
        parts = entry.split("|")
        if len(parts) == 3 and parts[0] == client_key and set(scopes) <= set(parts[2].split(",")):
            return parts[1]
    return None


def _grant_redirect(state: MockState, params: dict[str, Any], user: User, scopes: list[str]) -> Response:
    challenge = params.get("code_challenge") or None
    code = state.store.mint_code(params["client_key"], user.name, ",".join(scopes), state.now() + state.settings.code_ttl, params["redirect_uri"], challenge)
    result = {"code": code, "scopes": ",".join(scopes)}
    if params.get("state"):
        result["state"] = params["state"]
    return RedirectResponse(with_query(params["redirect_uri"], result), 302, {"x-tt-logid": new_log_id()})


async def authorize_page(request: Request) -> Response:
    """GET /v2/auth/authorize/: the consent page (or, after an earlier Allow, the redirect at once)."""
    state = _state(request)
    log_id = new_log_id()
    params = dict(request.query_params)
    problem = check_authorize_params(state, params)
    fault = state.take_fault("authorize") if problem is None else None
    if fault is not None:
        problem = ("client_key", fault.description or fault.error)
    state.log("authorize", "GET", request.scope["path"], "", {k: params.get(k) for k in PASS_THROUGH if k in params}, 400 if problem else 200, log_id, problem and problem[1])
    if problem is not None:
        return error_page(*problem, log_id)
    scopes = [s.strip() for s in params["scope"].split(",") if s.strip()]
    if params.get("disable_auto_auth", "0") != "1":
        remembered = _remembered(request, params["client_key"], scopes)
        user = state.store.find_user(remembered, params["client_key"]) if remembered else None
        if user is not None:
            response = _grant_redirect(state, params, user, scopes)
            await state.store.durable()
            return response
    return consent_page(state, params, scopes, log_id)


def consent_page(state: MockState, params: dict[str, Any], scopes: list[str], log_id: str) -> Response:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(str(params[name]), quote=True)}">' for name in PASS_THROUGH if params.get(name)
    )
    users = "".join(
        f'<option value="{html.escape(u.name)}">{html.escape(u.display_name)} (@{html.escape(u.username)})</option>' for u in state.store.users()
    )
    scope_items = "".join(
        f'<li><label><input type="checkbox" name="scopes" value="{html.escape(s)}" checked{" disabled" if s == DEFAULT_SCOPE else ""}> {html.escape(s)}</label></li>'
        + (f'<input type="hidden" name="scopes" value="{DEFAULT_SCOPE}">' if s == DEFAULT_SCOPE else "")
        for s in scopes
    )
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TikTok (mock): authorize {html.escape(params['client_key'])}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
button{{font-size:1rem;padding:.6rem 1.4rem;margin-right:.5rem}}#allow{{background:#fe2c55;color:#fff;border:0}}</style></head>
<body><h1>Authorize app</h1>
<p>The app <code>{html.escape(params['client_key'])}</code> would like to access your TikTok account.</p>
<form method="post" action="/v2/auth/authorize/">{hidden}
<p><label>Log in as <select name="user">{users}</select></label></p>
<p>It asks for:</p><ul>{scope_items}</ul>
<button id="allow" name="decision" value="allow" type="submit">Allow</button>
<button id="deny" name="decision" value="deny" type="submit">Deny</button>
</form><p><small>Mock TikTok &middot; log_id {log_id}</small></p></body></html>"""
    response = HTMLResponse(body)
    response.headers["x-tt-logid"] = log_id
    return response


async def authorize_decision(request: Request) -> Response:
    """POST /v2/auth/authorize/: Allow redirects with a code, Deny with error=access_denied."""
    state = _state(request)
    log_id = new_log_id()
    try:
        form = await read_form(request, repeatable=("scopes",))
    except BodyProblem as problem:
        return error_page("body", problem.description, log_id, problem.status)
    problem = check_authorize_params(state, form)
    decision = form.get("decision", "")
    if problem is None and decision not in ("allow", "deny"):
        problem = ("decision", "decision must be allow or deny")
    user = state.store.find_user(form.get("user") or state.store.users()[0].name, form.get("client_key", "")) if problem is None else None
    if problem is None and user is None:
        problem = ("user", "unknown user")
    state.log("authorize", "POST", request.scope["path"], "", {k: form.get(k) for k in (*PASS_THROUGH, "user", "decision") if k in form}, 400 if problem else 302, log_id, problem and problem[1])
    if problem is not None:
        return error_page(*problem, log_id)
    assert user is not None
    if decision == "deny":
        result = {"error": "access_denied", "error_description": "The user denied the request"}
        if form.get("state"):
            result["state"] = form["state"]
        return RedirectResponse(with_query(form["redirect_uri"], result), 302, {"x-tt-logid": log_id})
    requested = [s.strip() for s in form["scope"].split(",") if s.strip()]
    chosen = set(form.get("scopes") or requested) | {DEFAULT_SCOPE}
    granted = [s for s in requested if s in chosen]
    response = _grant_redirect(state, form, user, granted)
    remembered = [e for e in request.cookies.get(AUTO_AUTH_COOKIE, "").split("~") if e and not e.startswith(form["client_key"] + "|")]
    remembered.append(f"{form['client_key']}|{user.name}|{','.join(granted)}")
    response.set_cookie(AUTO_AUTH_COOKIE, "~".join(remembered[-20:]), httponly=True, samesite="lax", path="/v2/auth/")
    await state.store.durable()
    return response


# --- POST /v2/oauth/token/ -------------------------------------------------------------------------


def pkce_matches(verifier: str, challenge: str) -> bool:
    """TikTok's desktop docs use hex(sha256(verifier)); RFC 7636 uses base64url. Either is accepted."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    as_base64 = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return hmac.compare_digest(challenge.lower(), digest.hex()) if len(challenge) == 64 else hmac.compare_digest(challenge, as_base64)


async def token(request: Request) -> Response:
    return await _oauth_endpoint(request, "token", _token)


async def _oauth_endpoint(request: Request, endpoint: str, handle: Any) -> Response:
    """The frame of the two OAuth form endpoints: parse, answer, commit, log."""
    state = _state(request)
    log_id = new_log_id()
    form: dict[str, Any] = {}
    try:
        form = await read_form(request)
        response = handle(state, form, log_id)
    except BodyProblem as problem:
        response = oauth_error(state, "invalid_request", problem.description, log_id, 413 if problem.status == 413 else None)
    await state.store.durable()  # answered means committed
    state.log(endpoint, request.method, request.scope["path"], request.scope["query_string"].decode("latin-1"), form, response.status_code, log_id, getattr(response, "oauth_error", None))
    return response


def _client(state: MockState, form: dict[str, Any], log_id: str) -> tuple[Any, Response | None]:
    client_key = form.get("client_key", "")
    if not client_key:
        return None, oauth_error(state, "invalid_request", "client_key is required", log_id)
    app = state.store.app(client_key)
    if app is None:
        return None, oauth_error(state, "invalid_client", "client_key is not a known app", log_id)
    secret = form.get("client_secret", "")
    if not secret:
        return None, oauth_error(state, "invalid_client", "client_secret is required", log_id)
    if not hmac.compare_digest(secret.encode(), app.client_secret.encode()):
        return None, oauth_error(state, "invalid_client", "client_secret does not match the client_key", log_id)
    return app, None


def _token(state: MockState, form: dict[str, Any], log_id: str) -> Response:
    fault = state.take_fault("token")
    if fault is not None:
        return oauth_error(state, fault.error, fault.description or "injected failure", log_id, fault.status)
    grant_type = form.get("grant_type", "")
    if not grant_type:
        return oauth_error(state, "invalid_request", "grant_type is required", log_id)
    if grant_type not in GRANT_TYPES:
        return oauth_error(state, "unsupported_grant_type", f"grant_type {grant_type!r} is not supported", log_id)
    app, problem = _client(state, form, log_id)
    if problem is not None:
        return problem
    now = state.now()
    settings = state.settings
    if grant_type == "client_credentials":
        client_token = Token(new_token("clt"), "client", app.client_key, None, "", now + settings.client_ttl, None, False)
        state.store.add_token(client_token)
        return json_response({"access_token": client_token.token, "expires_in": settings.client_ttl, "token_type": "Bearer"}, 200, log_id)
    if grant_type == "authorization_code":
        return _exchange_code(state, app.client_key, form, now, log_id)
    return _refresh(state, app.client_key, form, now, log_id)


def _exchange_code(state: MockState, client_key: str, form: dict[str, Any], now: float, log_id: str) -> Response:
    value = form.get("code", "")
    if not value:
        return oauth_error(state, "invalid_request", "code is required", log_id)
    code = state.store.code(value)
    if code is None:
        return oauth_error(state, "invalid_grant", "authorization code is invalid", log_id)
    if code.used:
        return oauth_error(state, "invalid_grant", "authorization code has already been used", log_id)
    if code.expires_at <= now:
        return oauth_error(state, "invalid_grant", "authorization code has expired", log_id)
    if code.client_key != client_key:
        return oauth_error(state, "invalid_grant", "authorization code was issued to another client_key", log_id)
    if code.redirect_uri is not None:
        redirect_uri = form.get("redirect_uri", "")
        if not redirect_uri:
            return oauth_error(state, "invalid_request", "redirect_uri is required for this code", log_id)
        if redirect_uri != code.redirect_uri:
            return oauth_error(state, "invalid_grant", "redirect_uri does not match the one the code was issued for", log_id)
    if code.challenge:
        verifier = form.get("code_verifier", "")
        if not verifier:
            return oauth_error(state, "invalid_request", "code_verifier is required for this code", log_id)
        if not _VERIFIER.fullmatch(verifier) or not pkce_matches(verifier, code.challenge):
            return oauth_error(state, "invalid_grant", "code_verifier does not match the code_challenge", log_id)
    settings = state.settings
    access = Token(new_token("act"), "access", client_key, code.user_name, code.scope, now + settings.access_ttl, None, False)
    refresh = Token(new_token("rft"), "refresh", client_key, code.user_name, code.scope, now + settings.refresh_ttl, None, False)
    if not state.store.redeem_and_issue(code.code, access, refresh):
        return oauth_error(state, "invalid_grant", "authorization code has already been used", log_id)
    return _token_pair(state, access, refresh, now, log_id)


def _token_pair(state: MockState, access: Token, refresh: Token, now: float, log_id: str) -> Response:
    user = state.store.user(access.user_name or "")
    return json_response(
        {
            "access_token": access.token,
            "expires_in": int(round(access.expires_at - now)),
            "open_id": user.open_id(access.client_key) if user else "",
            "refresh_expires_in": max(0, int(round(refresh.expires_at - now))),
            "refresh_token": refresh.token,
            "scope": access.scope,
            "token_type": "Bearer",
        },
        200,
        log_id,
    )


def _refresh(state: MockState, client_key: str, form: dict[str, Any], now: float, log_id: str) -> Response:
    value = form.get("refresh_token", "")
    if not value:
        return oauth_error(state, "invalid_request", "refresh_token is required", log_id)
    old = state.store.token(value)
    if old is None or old.kind != "refresh" or old.client_key != client_key:
        return oauth_error(state, "invalid_grant", "refresh_token is invalid", log_id)
    if old.revoked:
        return oauth_error(state, "invalid_grant", "refresh_token has been revoked or rotated out", log_id)
    if old.expires_at <= now:
        return oauth_error(state, "invalid_grant", "refresh_token has expired", log_id)
    settings = state.settings
    access = Token(new_token("act"), "access", client_key, old.user_name, old.scope, now + settings.access_ttl, None, False)
    if settings.rotate_refresh:
        refresh = Token(new_token("rft"), "refresh", client_key, old.user_name, old.scope, old.expires_at, None, False)
        if not state.store.rotate(old.token, access, refresh):
            return oauth_error(state, "invalid_grant", "refresh_token has been revoked or rotated out", log_id)
    else:
        refresh = old
        state.store.rotate(None, access, None)
    return _token_pair(state, access, refresh, now, log_id)


# --- POST /v2/oauth/revoke/ ------------------------------------------------------------------------


async def revoke(request: Request) -> Response:
    return await _oauth_endpoint(request, "revoke", _revoke)


def _revoke(state: MockState, form: dict[str, Any], log_id: str) -> Response:
    fault = state.take_fault("revoke")
    if fault is not None:
        return oauth_error(state, fault.error, fault.description or "injected failure", log_id, fault.status)
    app, problem = _client(state, form, log_id)
    if problem is not None:
        return problem
    value = form.get("token", "")
    if not value:
        return oauth_error(state, "invalid_request", "token is required", log_id)
    found = state.store.token(value)
    # RFC 7009: an unknown token, or another app's, is answered like a revoked one.
    if found is not None and found.client_key == app.client_key and found.user_name:
        state.store.revoke_grant(found.user_name, app.client_key)
    return json_response({}, 200, log_id)


# --- GET /v2/user/info/ ----------------------------------------------------------------------------


async def user_info(request: Request) -> Response:
    state = _state(request)
    log_id = new_log_id()
    response = _user_info(state, request, log_id)
    error = None
    if response.status_code != 200:
        error = json.loads(response.body)["error"]["code"]
    state.log("user_info", "GET", request.scope["path"], request.scope["query_string"].decode("latin-1"), {"fields": request.query_params.get("fields")}, response.status_code, log_id, error)
    return response


def _user_info(state: MockState, request: Request, log_id: str) -> Response:
    match = _BEARER.match(request.headers.get("authorization", ""))
    found = state.store.token(match.group(1)) if match else None
    if found is None or found.kind != "access":
        return api_error("access_token_invalid", "The access token is invalid or not found in the request.", 401, log_id)
    if found.revoked:
        return api_error("access_token_invalid", "The access token has been revoked.", 401, log_id)
    if found.expires_at <= state.now():
        return api_error("access_token_invalid", "The access token has expired.", 401, log_id)
    if state.over_rate_limit(f"user_info:{found.token}"):
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
        return api_error("scope_not_authorized", "The user did not authorize the scope required for completing this request (user.info.basic): ask with TTMinis.authorize.", 401, log_id)
    missing = [f for f in requested if FIELD_SCOPES[f] not in granted]
    if missing and not state.settings.lenient_fields:
        if state.settings.scope_errors == "documented":  # tiktok-api-v2-error-handling
            return api_error("scope_permission_missed", f"Access token is invalid, some fields need additional scopes: {missing[0]} needs {FIELD_SCOPES[missing[0]]}.", 400, log_id)
        return api_error("scope_not_authorized", f"The user did not authorize the scope required for field {missing[0]} ({FIELD_SCOPES[missing[0]]}).", 401, log_id)
    user = state.store.user(found.user_name or "")
    info = user_fields(user, found.client_key, base_url(request)) if user else {}
    shown = {f: info[f] for f in requested if f not in missing and f in info}
    return json_response({"data": {"user": shown}, "error": {"code": "ok", "message": "", "log_id": log_id}}, 200, log_id)


@lru_cache(maxsize=1024)
def user_fields(user: User, client_key: str, base: str) -> dict[str, object]:
    """Every field of a user as one app sees it (users are immutable: a saved change is a new User)."""
    return user.info(client_key, base)


# --- the mock JS SDK and its calls -----------------------------------------------------------------


def sdk_script(flavor: str):  # noqa: ANN201 - a Starlette endpoint
    async def serve(request: Request) -> Response:
        response = Response(sdk_source(flavor), media_type="application/javascript")
        response.headers["cache-control"] = "no-cache"
        response.headers["x-tt-logid"] = new_log_id()
        return response

    return serve


SDK_ERRORS = {
    "not_initialised": (40001001, "TTMinis.init must be called first"),
    "invalid_params": (40001000, "Invalid parameters"),
    "unknown_app": (40001002, "clientKey is not a known app"),
    "denied": (10003, "The user denied the authorization"),
    "terms_missing": (102102, "Terms of Service or Privacy Policy URL is not configured for this app"),
    "internal": (50001000, "TikTok internal error"),
}


def sdk_error(name: str, message: str | None = None) -> dict[str, Any]:
    code, default = SDK_ERRORS[name]
    return {"error": {"error_code": code, "error_msg": message or default, "error_extra": {}}}


def _cors(request: Request, response: Response) -> Response:
    origin = request.headers.get("origin")
    if origin and (origin == "null" or is_loopback_or_lan(urlsplit(origin).hostname or "")):
        response.headers["access-control-allow-origin"] = origin
        response.headers["access-control-allow-methods"] = "GET, POST, OPTIONS"
        response.headers["access-control-allow-headers"] = "content-type"
        response.headers["access-control-max-age"] = "600"
        response.headers["vary"] = "Origin"
    return response


async def sdk_call(request: Request) -> Response:
    """POST /_mock/sdk/{action}: what the mock SDK's login, authorize and reward calls do."""
    state = _state(request)
    log_id = new_log_id()
    if request.method == "OPTIONS":
        return _cors(request, Response(status_code=204))
    action = request.path_params["action"]
    try:
        body = await read_json(request)
        result, status = _sdk_action(state, action, body, base_url(request))
    except BodyProblem as problem:
        result, status, body = sdk_error("invalid_params", problem.description), problem.status, {}
    await state.store.durable()
    state.log(f"sdk_{action}", "POST", request.scope["path"], "", {k: v for k, v in body.items() if isinstance(v, (str, int, bool))}, status, log_id, (result.get("error") or {}).get("error_msg") if isinstance(result.get("error"), dict) else None)
    return _cors(request, json_response(result, status, log_id))


def _sdk_action(state: MockState, action: str, body: dict[str, Any], base: str) -> tuple[dict[str, Any], int]:
    if action == "outcome":  # the SDK asks before showing a sheet: a queued outcome answers without UI
        api = body.get("api")
        return {"outcome": state.take_outcome(api) if isinstance(api, str) else None}, 200
    if action == "users":
        return {"users": [{"name": u.name, "display_name": u.display_name, "avatar_url": u.info("", base)["avatar_url"]} for u in state.store.users()]}, 200
    client_key = body.get("client_key")
    if not isinstance(client_key, str) or not client_key:
        return sdk_error("invalid_params", "client_key is required"), 200
    if state.store.app(client_key) is None:
        return sdk_error("unknown_app", f"clientKey {client_key!r} is not a known app"), 200
    ref = body.get("user") or state.store.users()[0].name
    user = state.store.find_user(str(ref), client_key)
    if user is None:
        return sdk_error("invalid_params", f"unknown user {ref!r}"), 200
    if action in ("login", "authorize"):
        fault = state.take_fault(f"sdk_{action}")
        if fault is not None:
            name = "terms_missing" if fault.error in ("102102", "terms_missing") else "internal"
            return sdk_error(name, fault.description or None), 200
        if action == "authorize" and body.get("decision") == "deny":
            return sdk_error("denied"), 200
        if action == "login":  # silent: the code carries open_id only, whatever was asked (minis-sdk-login)
            scope = state.settings.silent_login_scope
        else:
            scope = body.get("scope") if isinstance(body.get("scope"), str) and body.get("scope") else DEFAULT_SCOPE
        scopes = [s.strip() for s in scope.split(",") if s.strip()]
        unknown = [s for s in scopes if s not in KNOWN_SCOPES]
        if unknown:
            return sdk_error("invalid_params", f"unknown scope {unknown[0]!r}"), 200
        foreign = [s for s in scopes if s not in MINIS_SCOPES]
        if foreign and state.settings.scope_errors == "documented":  # mock-only error: the docs name none
            return sdk_error("invalid_params", f"scope {foreign[0]!r} is not available to Minis (only user.info.basic and user.info.open_id)"), 200
        code = state.store.mint_code(client_key, user.name, ",".join(scopes), state.now() + state.settings.code_ttl)
        return {"code": code, "grantedScopes": ",".join(scopes), "open_id": user.open_id(client_key), "user": user.name}, 200
    if action == "pay":
        from .payments import sdk_pay

        return sdk_pay(state, client_key, user.name, body), 200
    if action == "rewards":
        fault = state.take_fault("sdk_rewards")
        if fault is not None:
            return sdk_error("internal", fault.description or None), 200
        return _reward(state, user, client_key, str(body.get("api", ""))), 200
    return sdk_error("invalid_params", f"unknown SDK call {action!r}"), 404


def _reward(state: MockState, user: User, client_key: str, api: str) -> dict[str, Any]:
    """Missions: not eligible until done, then eligible exactly once."""
    kind = {"addShortcut": "shortcut", "getShortcutMissionReward": "shortcut", "startEntranceMission": "entrance", "getEntranceMissionReward": "entrance"}.get(api)
    if kind is None:
        return sdk_error("invalid_params", f"unknown game API {api!r}")
    current = state.store.reward(user.name, client_key, kind)
    if api in ("addShortcut", "startEntranceMission"):
        if current == "not_done":
            state.store.set_reward(user.name, client_key, kind, "eligible")
        return {"success": True, "alreadyDone": current != "not_done"}
    if current == "eligible":
        state.store.set_reward(user.name, client_key, kind, "claimed")
        return {"canReceiveReward": True}
    return {"canReceiveReward": False, "reason": "claimed" if current == "claimed" else "mission not completed"}


# --- the control API -------------------------------------------------------------------------------


def control_error(description: str, log_id: str, status: int = 400) -> Response:
    return json_response({"error": "invalid_request", "error_description": description, "log_id": log_id}, status, log_id)


async def health(request: Request) -> Response:
    return json_response({"ok": True}, 200, new_log_id())


async def config(request: Request) -> Response:
    state = _state(request)
    apps = [
        {"client_key": a.client_key, "redirect_uris": list(a.redirect_uris), **({"client_secret": a.client_secret} if state.on_loopback else {})}
        for a in state.store.apps()
    ]
    settings = {name: getattr(state.settings, name) for name in state.settings.names()}
    return json_response({"base_url": base_url(request), "apps": apps, "settings": settings}, 200, new_log_id())


def user_view(user: User, state: MockState, base: str) -> dict[str, Any]:
    info = user.info("", base)
    return {
        "name": user.name, "display_name": user.display_name, "username": user.username, "avatar_url": info["avatar_url"],
        "union_id": user.union_id, "open_ids": {a.client_key: user.open_id(a.client_key) for a in state.store.apps()},
    }


async def users(request: Request) -> Response:
    state = _state(request)
    log_id = new_log_id()
    if request.method == "GET":
        return json_response({"users": [user_view(u, state, base_url(request)) for u in state.store.users()]}, 200, log_id)
    try:
        body = await read_json(request)
    except BodyProblem as problem:
        return control_error(problem.description, log_id, problem.status)
    try:
        user = upsert_user(state, body)
    except ValueError as exc:
        return control_error(str(exc), log_id)
    await state.store.durable()
    return json_response(user_view(user, state, base_url(request)), 200, log_id)


def upsert_user(state: MockState, body: dict[str, Any]) -> User:
    user = build_user(body, state.store.user(body["name"]) if isinstance(body.get("name"), str) else None)
    state.store.save_user(user)
    return user


async def codes(request: Request) -> Response:
    """POST /_mock/codes: mint a code without a browser, as the SDK's login does."""
    state = _state(request)
    log_id = new_log_id()
    try:
        body = await read_json(request)
    except BodyProblem as problem:
        return control_error(problem.description, log_id, problem.status)
    client_key = body.get("client_key") or (state.apps[0].client_key if state.apps else "")
    if not isinstance(client_key, str) or state.store.app(client_key) is None:
        return control_error("client_key is not a known app", log_id)
    user = state.store.find_user(str(body.get("user") or state.store.users()[0].name), client_key)
    if user is None:
        return control_error("unknown user", log_id)
    scope = body.get("scope") or DEFAULT_SCOPE
    if not isinstance(scope, str) or any(s.strip() not in KNOWN_SCOPES for s in scope.split(",")):
        return control_error(f"scope must be a comma list of {', '.join(KNOWN_SCOPES)}", log_id)
    challenge = body.get("code_challenge")
    if challenge is not None and (not isinstance(challenge, str) or not _CHALLENGE.fullmatch(challenge)):
        return control_error("code_challenge must be hex or base64url SHA-256", log_id)
    redirect_uri = body.get("redirect_uri")
    if redirect_uri is not None and not isinstance(redirect_uri, str):
        return control_error("redirect_uri must be a string", log_id)
    code = state.store.mint_code(client_key, user.name, scope, state.now() + state.settings.code_ttl, redirect_uri, challenge)
    await state.store.durable()
    return json_response({"code": code, "open_id": user.open_id(client_key), "user": user.name, "scope": scope}, 200, log_id)


async def clock(request: Request) -> Response:
    state = _state(request)
    log_id = new_log_id()
    if request.method == "POST":
        try:
            body = await read_json(request)
        except BodyProblem as problem:
            return control_error(problem.description, log_id, problem.status)
        try:
            seconds = values.finite_number(body.get("advance"), "advance (seconds)", 0, values.MAX_CLOCK_STEP)
            state.advance(seconds)
        except ValueError as exc:
            return control_error(str(exc), log_id)
        await state.store.durable()
    return json_response({"now": state.now(), "offset": state.clock.offset}, 200, log_id)


async def faults(request: Request) -> Response:
    state = _state(request)
    log_id = new_log_id()
    if request.method == "DELETE":
        state.faults.clear()
        return json_response({"ok": True}, 200, log_id)
    if request.method == "GET":
        pending = [{"endpoint": f.endpoint, "error": f.error, "status": f.status, "remaining": f.remaining} for q in state.faults.values() for f in q]
        return json_response({"faults": pending}, 200, log_id)
    try:
        body = await read_json(request)
    except BodyProblem as problem:
        return control_error(problem.description, log_id, problem.status)
    endpoint = body.get("endpoint")
    if endpoint not in FAULT_ENDPOINTS:
        return control_error(f"endpoint must be one of {', '.join(FAULT_ENDPOINTS)}", log_id)
    default_error = {"user_info": "internal_error", "sdk_login": "102102"}.get(endpoint, "server_error" if endpoint != "authorize" else "server_error")
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
    state.add_fault(endpoint, str(error), status, description if isinstance(description, str) else "", count)
    return json_response({"ok": True, "pending": sum(f.remaining for f in state.faults[endpoint])}, 200, log_id)


async def outcomes(request: Request) -> Response:
    """GET/POST/DELETE /_mock/outcomes: what the user will do in the next sheet, dialog or ad, without UI."""
    state = _state(request)
    log_id = new_log_id()
    if request.method == "DELETE":
        state.outcomes.clear()
        return json_response({"ok": True}, 200, log_id)
    if request.method == "POST":
        try:
            body = await read_json(request)
            count = values.whole_number(body.get("count", 1), "count", 1, 10_000)
            api, outcome = body.get("api"), body.get("outcome")
            if not isinstance(api, str) or not isinstance(outcome, str):
                raise ValueError(f"api and outcome must be strings: api one of {', '.join(OUTCOMES)}")
            state.queue_outcome(api, outcome, count)
        except BodyProblem as problem:
            return control_error(problem.description, log_id, problem.status)
        except ValueError as exc:
            return control_error(str(exc), log_id)
    queued = [{"api": api, "outcome": outcome} for api, queue in state.outcomes.items() for outcome in queue]
    return json_response({"outcomes": queued, "choices": {k: list(v) for k, v in OUTCOMES.items()}}, 200, log_id)


WEBHOOK_EVENTS = (
    "minis.trade_order.redeem.success", "minis.trade_order.refund", "minis.subscription.create", "minis.subscription.renew",
    "minis.subscription.expire", "minis.subscription.onhold", "minis.subscription.reactivate", "authorization.removed",
)


async def webhooks(request: Request) -> Response:
    """GET /_mock/webhooks: every event and how its delivery went (status, attempts, latency)."""
    state = _state(request)
    return json_response({"webhooks": [w.view() for w in state.store.webhooks()], "webhook_url": state.settings.webhook_url}, 200, new_log_id())


async def orders(request: Request) -> Response:
    """GET /_mock/orders: every trade order and its state."""
    return json_response({"orders": [o.view() for o in _state(request).store.orders()]}, 200, new_log_id())


async def webhook_send(request: Request) -> Response:
    """POST /_mock/webhooks/send {"event", "content", "user"?, "client_key"?}: fire any event by hand."""
    state = _state(request)
    log_id = new_log_id()
    try:
        body = await read_json(request)
    except BodyProblem as problem:
        return control_error(problem.description, log_id, problem.status)
    event, content = body.get("event"), body.get("content", {})
    if event not in WEBHOOK_EVENTS:
        return control_error(f"event must be one of {', '.join(WEBHOOK_EVENTS)}", log_id)
    if not isinstance(content, dict):
        return control_error("content must be a JSON object", log_id)
    client_key = body.get("client_key") or (state.apps[0].client_key if state.apps else "")
    if not isinstance(client_key, str) or state.store.app(client_key) is None:
        return control_error("client_key is not a known app", log_id)
    user = state.store.find_user(str(body.get("user") or state.store.users()[0].name), client_key)
    if user is None:
        return control_error("unknown user", log_id)
    webhook_id = state.emit_webhook(client_key, event, user, content)
    await state.store.durable()
    return json_response({"id": webhook_id}, 200, log_id)


async def webhook_replay(request: Request) -> Response:
    """POST /_mock/webhooks/{id}/replay: send one event again (its body and signature scheme unchanged)."""
    state = _state(request)
    if not state.store.requeue_webhook(request.path_params["id"], state.now()):
        return api_error("not_found", f"no webhook {request.path_params['id']!r}", 404, new_log_id())
    return json_response({"ok": True}, 200, new_log_id())


async def requests_log(request: Request) -> Response:
    state = _state(request)
    if request.method == "DELETE":
        state.requests.clear()
        return json_response({"ok": True}, 200, new_log_id())
    return json_response({"requests": list(state.requests)}, 200, new_log_id())


async def reset(request: Request) -> Response:
    _state(request).reset()
    return json_response({"ok": True}, 200, new_log_id())


async def avatar(request: Request) -> Response:
    name = request.path_params["name"]
    user = _state(request).store.user(name)
    if user is None:
        return api_error("not_found", f"no user {name!r}", 404, new_log_id())
    return Response(avatar_svg(user), media_type="image/svg+xml", headers={"cache-control": "max-age=3600", "x-tt-logid": new_log_id()})


# --- the application ---------------------------------------------------------------------------------


async def not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    code = "not_found" if status == 404 else "method_not_allowed" if status == 405 else "invalid_params"
    return api_error(code, f"{request.method} {request.scope['path']}: {getattr(exc, 'detail', 'not found')}", status, new_log_id())


async def internal_error(request: Request, exc: Exception) -> Response:
    logger.exception("mock TikTok: unexpected error on %s %s", request.method, request.scope["path"])
    return api_error("internal_error", "The mock hit an unexpected error; see its log.", 500, new_log_id())


def create_app(state: MockState) -> Starlette:
    both = lambda path: (path, path.rstrip("/"))  # noqa: E731 - TikTok's paths, with and without the slash
    routes = []
    # Routes are matched in order: the busiest first.
    for path in both("/v2/oauth/token/"):
        routes.append(Route(path, token, methods=["POST"]))
    for path in both("/v2/user/info/"):
        routes.append(Route(path, user_info, methods=["GET"]))
    routes.append(Route("/_mock/codes", codes, methods=["POST"]))
    for path in both("/v2/oauth/revoke/"):
        routes.append(Route(path, revoke, methods=["POST"]))
    for path in both("/v2/auth/authorize/"):
        routes += [Route(path, authorize_page, methods=["GET"]), Route(path, authorize_decision, methods=["POST"])]
    from .payments import create_trade_order, query_trade_order

    for path in both("/v2/minis/trade_order/create/"):
        routes.append(Route(path, create_trade_order, methods=["POST"]))
    for path in both("/v2/minis/trade_order/query/"):
        routes.append(Route(path, query_trade_order, methods=["POST"]))
    routes += [
        Route("/drama/sdk.js", sdk_script("drama"), methods=["GET"]),
        Route("/game/sdk.js", sdk_script("game"), methods=["GET"]),
        Route("/js/minis.js", sdk_script("legacy"), methods=["GET"]),
        Route("/_mock/sdk/{action}", sdk_call, methods=["POST", "OPTIONS"]),
        Route("/_mock/health", health, methods=["GET"]),
        Route("/_mock/config", config, methods=["GET"]),
        Route("/_mock/users", users, methods=["GET", "POST"]),
        Route("/_mock/clock", clock, methods=["GET", "POST"]),
        Route("/_mock/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/_mock/outcomes", outcomes, methods=["GET", "POST", "DELETE"]),
        Route("/_mock/webhooks", webhooks, methods=["GET"]),
        Route("/_mock/orders", orders, methods=["GET"]),
        Route("/_mock/webhooks/send", webhook_send, methods=["POST"]),
        Route("/_mock/webhooks/{id}/replay", webhook_replay, methods=["POST"]),
        Route("/_mock/requests", requests_log, methods=["GET", "DELETE"]),
        Route("/_mock/reset", reset, methods=["POST"]),
        Route("/_mock/avatars/{name}.svg", avatar, methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, Exception: internal_error})
    app.state.mock = state
    return app
