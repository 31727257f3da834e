"""Login Kit: the authorize page and its consent, POST /v2/oauth/token/ and /v2/oauth/revoke/ (MOCK_API.md Part 1)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..http import CHALLENGE, GRANT_TYPES, VERIFIER, BodyProblem, json_response, oauth_error, read_form, receive_form, state_of
from ..randomness import new_log_id
from ..state import MockState
from ..store import Token, new_token
from ..users import DEFAULT_SCOPE, KNOWN_SCOPES, MINIS_SCOPES, User
from .declare import MockRoute, route

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


# The consent page has no script; only the mock's own pages (the simulator) may frame it (no clickjacking of Allow).
# No form-action: Allow redirects to the app's redirect_uri, which a form-action list would have to name.
PAGE_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def error_page(parameter: str, problem: str, log_id: str, status: int = 400) -> Response:
    body = (
        "<!doctype html><meta charset=utf-8><title>TikTok (mock): invalid request</title>"
        f"<h1>Invalid request</h1><p>Parameter <code>{html.escape(parameter)}</code>: {html.escape(problem)}</p>"
        f"<p><small>log_id {log_id}</small></p>"
    )
    response = HTMLResponse(body, status, headers=PAGE_HEADERS)
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
    foreign = [s.strip() for s in scopes if s.strip() not in MINIS_SCOPES]
    if app.kind == "minis" and foreign and state.settings.scope_errors == "documented":
        return "scope", (
            f"scope {foreign[0]!r} is not available to a Minis app: only user.info.basic and user.info.open_id "
            '(a Login Kit for Web app may ask for it: `mock serve --app-kind web`, or "kind": "web" in --users FILE)'
        )
    challenge, method = value("code_challenge"), value("code_challenge_method")
    if challenge or method:
        if method != "S256":
            return "code_challenge_method", "code_challenge_method must be S256"
        if not CHALLENGE.fullmatch(challenge):
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
    state = state_of(request)
    log_id = new_log_id()
    params = dict(request.query_params)
    problem = check_authorize_params(state, params)
    fault = state.take_fault("authorize") if problem is None else None
    if fault is not None:
        problem = ("client_key", fault.description or fault.error)
    state.log(
        "authorize",
        "GET",
        request.scope["path"],
        "",
        {k: params.get(k) for k in PASS_THROUGH if k in params},
        400 if problem else 200,
        log_id,
        problem and problem[1],
    )
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
    hidden = "".join(f'<input type="hidden" name="{name}" value="{html.escape(str(params[name]), quote=True)}">' for name in PASS_THROUGH if params.get(name))
    users = "".join(f'<option value="{html.escape(u.name)}">{html.escape(u.display_name)} (@{html.escape(u.username)})</option>' for u in state.store.users())
    scope_items = "".join(
        f'<li><label><input type="checkbox" name="scopes" value="{html.escape(s)}" checked{" disabled" if s == DEFAULT_SCOPE else ""}>'
        f" {html.escape(s)}</label></li>" + (f'<input type="hidden" name="scopes" value="{DEFAULT_SCOPE}">' if s == DEFAULT_SCOPE else "")
        for s in scopes
    )
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TikTok (mock): authorize {html.escape(params["client_key"])}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
button{{font-size:1rem;padding:.6rem 1.4rem;margin-right:.5rem}}#allow{{background:#fe2c55;color:#fff;border:0}}</style></head>
<body><h1>Authorize app</h1>
<p>The app <code>{html.escape(params["client_key"])}</code> would like to access your TikTok account.</p>
<form method="post" action="/v2/auth/authorize/">{hidden}
<p><label>Log in as <select name="user">{users}</select></label></p>
<p>It asks for:</p><ul>{scope_items}</ul>
<button id="allow" name="decision" value="allow" type="submit">Allow</button>
<button id="deny" name="decision" value="deny" type="submit">Deny</button>
</form><p><small>Mock TikTok &middot; log_id {log_id}</small></p></body></html>"""
    response = HTMLResponse(body, headers=PAGE_HEADERS)
    response.headers["x-tt-logid"] = log_id
    return response


async def authorize_decision(request: Request) -> Response:
    """POST /v2/auth/authorize/: Allow redirects with a code, Deny with error=access_denied."""
    state = state_of(request)
    log_id = new_log_id()
    try:
        form = await read_form(request, repeatable=("scopes",))
    except BodyProblem as bad_body:
        return error_page("body", bad_body.description, log_id, bad_body.status)
    problem = check_authorize_params(state, form)
    decision = form.get("decision", "")
    if problem is None and decision not in ("allow", "deny"):
        problem = ("decision", "decision must be allow or deny")
    user = state.store.find_user(form.get("user") or state.store.users()[0].name, form.get("client_key", "")) if problem is None else None
    if problem is None and user is None:
        problem = ("user", "unknown user")
    state.log(
        "authorize",
        "POST",
        request.scope["path"],
        "",
        {k: form.get(k) for k in (*PASS_THROUGH, "user", "decision") if k in form},
        400 if problem else 302,
        log_id,
        problem and problem[1],
    )
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


async def answer_form(state: MockState, endpoint: str, scope: dict[str, Any], receive: Any) -> Response:
    """One of the two OAuth form endpoints (FORM_HANDLERS), straight from ASGI: parse, answer, commit, log.

    The busiest routes of the mock skip Starlette's routing, Request and middleware (app.py's front
    calls this); "answered means committed" holds as everywhere: the answer waits for `durable()`.
    """
    log_id = new_log_id()
    form: dict[str, Any] = {}
    content_type = declared = None
    for name, value in scope["headers"]:
        if name == b"content-type" and content_type is None:
            content_type = value.decode("latin-1")
        elif name == b"content-length" and declared is None:
            declared = value.decode("latin-1")
    try:
        form = await receive_form(receive, content_type, declared)
        response = FORM_HANDLERS[endpoint](state, form, log_id)
    except BodyProblem as problem:
        response = oauth_error(state, "invalid_request", problem.description, log_id, 413 if problem.status == 413 else None)
    if state.store.db.in_transaction:  # answered means committed (a client token writes nothing)
        await state.store.durable()
    state.log(
        endpoint,
        scope["method"],
        scope["path"],
        scope["query_string"].decode("latin-1"),
        form,
        response.status_code,
        log_id,
        getattr(response, "oauth_error", None),
    )
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
        client_token = state.store.client_token(app.client_key, now + settings.client_ttl)
        # {"access_token", "expires_in", "token_type"} written out: a token is url-safe characters (nothing
        # to escape), and this is the mock's busiest answer (json.dumps was 5% of it)
        body = b'{"access_token":"%s","expires_in":%d,"token_type":"Bearer"}' % (client_token.encode(), settings.client_ttl)
        return json_response(None, 200, log_id, body=body)
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
        if not VERIFIER.fullmatch(verifier) or not pkce_matches(verifier, code.challenge):
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
            "expires_in": round(access.expires_at - now),
            "open_id": user.open_id(access.client_key) if user else "",
            "refresh_expires_in": max(0, round(refresh.expires_at - now)),
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


FORM_HANDLERS = {"token": _token, "revoke": _revoke}  # their paths: their routes below (`form`)


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

ROUTES: tuple[MockRoute, ...] = (
    route(
        "POST",
        "/v2/oauth/token/",
        None,
        "public",
        "oauth",
        "`authorization_code`, `refresh_token` (rotation), `client_credentials` → TikTok's token JSON; errors `{error, error_description, log_id}`",
        slash=True,
        form="token",
    ),
    route(
        "POST",
        "/v2/oauth/revoke/",
        None,
        "public",
        "oauth",
        "`{}`: the user's tokens for the app stop working (an unknown token too)",
        slash=True,
        form="revoke",
    ),
    route("GET", "/v2/auth/authorize/", authorize_page, "page", "oauth", "the consent page: the scopes, a user to log in as, Allow and Deny", slash=True),
    route(
        "POST",
        "/v2/auth/authorize/",
        authorize_decision,
        "page",
        "oauth",
        "the consent page's answer: a redirect with `code` (Allow) or `error=access_denied` (Deny)",
        slash=True,
    ),
)
