"""The Media Asset API's routes (media-asset-management and its pages; the model and what is mock-only: media.py),
and the control API's /_mock/albums. Every call takes the app's client token (Bearer clt.…), answers in TikTok's
v2 envelope {data, error}, and goes to the request log (and the simulator's panel).

Success: the pages' ErrorStruct (media-asset-api-create-mini-drama, Nov 24, 2026) says of `code` "The error code.
Omitted on success.", so a successful answer's error is {message: "", log_id} with no code (the other v2 APIs
answer "ok"; play_token, in routes/payments.py, keeps "ok": its page's copy stops before its ErrorStruct).
Errors: a missing or wrong token is access_token_invalid (401), as on every v2 API. The Media Asset pages' error
tables are not in the stored copies of the docs, so every refused request is answered with TikTok's generic v2
code invalid_params (HTTP 400) and a message saying why: the choice of code is mock-only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from .. import media
from ..http import BEARER, BodyProblem, api_error, control_error, control_json, json_response, read_json, state_of
from ..media import MediaError
from ..randomness import new_log_id
from ..state import MockState
from ..store import Token
from .declare import MockRoute, route

MAX_URL = 2048
MAX_KEYS = 100  # client keys in one authorize call (mock-only bound)
Handler = Callable[[MockState, Token, dict[str, Any]], dict[str, Any]]


def _client_token(state: MockState, request: Request) -> Token | None:
    match = BEARER.match(request.headers.get("authorization", ""))
    found = state.store.token(match.group(1)) if match else None
    if found is None or found.kind != "client" or found.revoked or found.expires_at <= state.now():
        return None
    return found


def _logged(params: dict[str, Any]) -> dict[str, Any]:
    """What the request log shows of a call: its scalar fields, and a list's or object's size."""
    return {k: (v if isinstance(v, (str, int, float, bool)) or v is None else f"<{len(v)} items>") for k, v in list(params.items())[:20]}


async def _answer(request: Request, endpoint: str, handler: Handler, *, query: bool = False) -> Response:
    state = state_of(request)
    log_id = new_log_id()
    scope = request.scope
    query_string = scope["query_string"].decode("latin-1")
    params: dict[str, Any] = {}
    token = _client_token(state, request)
    if token is None:
        response = api_error("access_token_invalid", "The access token is invalid or not found in the request.", 401, log_id)
        state.log(endpoint, scope["method"], scope["path"], query_string, None, 401, log_id, "access_token_invalid")
        return response
    try:
        params = dict(request.query_params) if query else await read_json(request)
        if not isinstance(params, dict):
            raise MediaError("the body must be a JSON object")
        data = handler(state, token, params)
    except BodyProblem as problem:
        code, message, status = "invalid_params", problem.description, problem.status
    except MediaError as exc:
        code, message, status = "invalid_params", str(exc), 400
    else:
        await state.store.durable()
        state.log(endpoint, scope["method"], scope["path"], query_string, _logged(params), 200, log_id)
        return json_response({"data": data, "error": {"message": "", "log_id": log_id}}, 200, log_id)  # code: omitted on success
    await state.store.durable()  # a refused call may still have settled due reviews
    state.log(endpoint, scope["method"], scope["path"], query_string, _logged(params) if isinstance(params, dict) else None, status, log_id, code)
    return api_error(code, message, status, log_id)


def _url(value: Any, name: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_URL:
        raise MediaError(f"{name} must be a publicly downloadable http(s) URL")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MediaError(f"{name} must be a publicly downloadable http(s) URL")
    return value


def _choice(value: Any, name: str, choices: dict[int, str]) -> int:
    if isinstance(value, bool) or value not in choices:
        raise MediaError(f"{name} must be one of: {'; '.join(f'{k} ({v})' for k, v in choices.items())}")
    return int(value)


def _version(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 2**31 - 1:
        raise MediaError("version must be a whole number from 1")
    return value


def _own_client_key(token: Token, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise MediaError("client_key is required")
    if value != token.client_key:
        raise MediaError("client_key is not the mini app of this client token")


# --- uploads -----------------------------------------------------------------------------------------------


def _image(state: MockState, token: Token, body: dict[str, Any]) -> dict[str, Any]:
    return {"open_pic_id": media.add_image(state, token.client_key, _url(body.get("image_url"), "image_url"))}


def _upload_video(state: MockState, token: Token, body: dict[str, Any]) -> dict[str, Any]:
    url, vid, title = body.get("url"), body.get("vid"), body.get("title")
    if title is not None and (not isinstance(title, str) or len(title) > 256):
        raise MediaError("title must be a string of at most 256 characters")
    if vid is not None:
        if not isinstance(vid, str) or not 8 <= len(vid) <= 64 or not vid.isalnum():
            raise MediaError("vid must be the ID of a video in your BytePlus space")
        return media.add_video(state, token.client_key, None, title, vid)
    if url is None:
        raise MediaError("url is required when vid isn't provided")
    _url(url, "url")
    if not title:
        raise MediaError("title is required when you upload by url")
    return media.add_video(state, token.client_key, url, title)


def _query_video(state: MockState, token: Token, query: dict[str, Any]) -> dict[str, Any]:
    _own_client_key(token, query.get("client_key"))
    if not query.get("byteplus_account_id"):
        raise MediaError("byteplus_account_id is required")
    job_id, vid = query.get("job_id"), query.get("vid")
    if not job_id and not vid:
        raise MediaError("job_id or vid is required")
    return media.video(state, token.client_key, job_id, vid)


# --- albums ------------------------------------------------------------------------------------------------


def _create(state: MockState, token: Token, body: dict[str, Any]) -> dict[str, Any]:
    return {"album_id": media.create_album(state, token.client_key)}


def _update(state: MockState, token: Token, body: dict[str, Any]) -> dict[str, Any]:
    _own_client_key(token, body.get("client_key"))
    return media.update_album(state, token.client_key, body)


def _submit(state: MockState, token: Token, body: dict[str, Any]) -> dict[str, Any]:
    album_id = media.int64(body.get("album_id"), "album_id")
    priority = _choice(body.get("priority_score", 2), "priority_score", {1: "urgent", 2: "normal"})
    return media.submit_review(state, token.client_key, album_id, _version(body.get("version")), priority)


def _query(state: MockState, token: Token, query: dict[str, Any]) -> dict[str, Any]:
    _own_client_key(token, query.get("client_key"))
    album_id = media.int64(query.get("album_id"), "album_id")
    version = query.get("version")
    wanted = _version(int(version)) if isinstance(version, str) and version.isdigit() and len(version) <= 10 else None
    if version is not None and wanted is None:
        raise MediaError("version must be a whole number from 1")
    found = media.album(state, album_id, token.client_key)
    media.settle(state, album_id)
    listing = media.album(state, album_id)
    found_versions = media.versions(state, album_id, wanted)
    if wanted is not None and not found_versions:
        raise MediaError(f"mini drama {album_id} has no version {wanted}")
    for item in found_versions:
        item["is_online_version"] = item["version"] == listing.online_version
        item["album_listing_status"] = found.status
    return {"album_version_list": found_versions}


def _online_version(state: MockState, token: Token, body: dict[str, Any]) -> dict[str, Any]:
    return media.set_online_version(state, token.client_key, media.int64(body.get("album_id"), "album_id"), _version(body.get("version")))


def _status(state: MockState, token: Token, body: dict[str, Any]) -> dict[str, Any]:
    album_id = media.int64(body.get("album_id"), "album_id")
    return media.set_status(state, token.client_key, album_id, _choice(body.get("status"), "status", {1: "listed", 2: "delisted"}))


def _authorize(state: MockState, token: Token, body: dict[str, Any]) -> dict[str, Any]:
    album_id = media.int64(body.get("album_id"), "album_id")
    operate_type = _choice(body.get("operate_type"), "operate_type", {1: "authorize", 2: "remove the authorization"})
    keys = body.get("client_key_list")
    if not isinstance(keys, list) or not keys or len(keys) > MAX_KEYS or not all(isinstance(k, str) and 0 < len(k) <= 64 for k in keys):
        raise MediaError(f"client_key_list must be a list of 1 to {MAX_KEYS} client keys")
    return media.authorize(state, token.client_key, album_id, operate_type, keys)


def _route(endpoint: str, handler: Handler, *, query: bool = False) -> Callable[[Request], Awaitable[Response]]:
    async def route(request: Request) -> Response:
        return await _answer(request, endpoint, handler, query=query)

    route.__name__ = endpoint
    return route


image = _route("media_image", _image)
album_create = _route("album_create", _create)
album_update = _route("album_update", _update)
album_review_submit = _route("album_review_submit", _submit)
album_query = _route("album_query", _query, query=True)
album_online_version = _route("album_online_version", _online_version)
album_status = _route("album_status", _status)
album_authorize = _route("album_authorize", _authorize)
_video_upload = _route("media_video", _upload_video)
_video_query = _route("media_video_query", _query_video, query=True)


async def video(request: Request) -> Response:
    """/v2/sg/shortdrama/video/: POST uploads (or imports) a video, GET queries one (the docs give both one path)."""
    return await (_video_query if request.method == "GET" else _video_upload)(request)


# --- the control API ---------------------------------------------------------------------------------------


async def albums(request: Request) -> Response:
    """GET /_mock/albums: every mini drama, its versions (with review_status), online version, listing, grants."""
    state = state_of(request)
    log_id = new_log_id()
    view = media.albums_view(state)
    await state.store.durable()
    return json_response({"albums": view}, 200, log_id)


async def album_review(request: Request) -> Response:
    """POST /_mock/albums/{album_id}/review {"outcome": "approve"|"reject", "version"?, "reason"?}: TikTok's
    review of the version in review (or `version`) decides now instead of after media_review_seconds."""
    state = state_of(request)
    log_id = new_log_id()
    body = await control_json(request, log_id)
    try:
        album_id = media.int64(request.path_params["album_id"], "album_id")
        version = body.get("version")
        if version is not None:
            version = _version(version)
        outcome = body.get("outcome")
        if not isinstance(outcome, str):
            raise ValueError("outcome must be approve or reject")
        result = media.decide_review(state, album_id, version, outcome, body.get("reason"))
    except ValueError as exc:
        return control_error(str(exc), log_id)
    await state.store.durable()
    return json_response(result, 200, log_id)


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

_MEDIA_POSTS = (
    ("album/create/", album_create, "`{}` → `{album_id}` (an int64)"),
    (
        "album/update/",
        album_update,
        "`{client_key, album_id, operation_type?, version?, album_info?, episode_info_list?}` → `{album_id, version}`: a new version"
        " each call, earlier ones unchanged, at most 400 episodes, a `version` that is not the latest refused",
    ),
    (
        "album/review/submit/",
        album_review_submit,
        "`{album_id, version, priority_score?}` → in review; decided after `media_review_seconds` by the outcome queue, else `media_review_outcome`",
    ),
    ("album/online_version/", album_online_version, "`{album_id, version}`: an approved version only"),
    ("album/status/", album_status, "`{album_id, status}`: 1 listed (needs an online version), 2 delisted"),
    (
        "album/authorize/",
        album_authorize,
        "`{album_id, operate_type, client_key_list}` → `{client_key_result}`: other apps may play it (after `media_authorize_delay_seconds`)",
    ),
    ("image/", image, "`{image_url}` → `{open_pic_id}` (for `cover_list`)"),
)
ROUTES: tuple[MockRoute, ...] = (
    *(route("POST", f"/v2/sg/shortdrama/{name}", handler, "public", "media", summary, slash=True) for name, handler, summary in _MEDIA_POSTS),
    route("GET", "/v2/sg/shortdrama/album/query/", album_query, "public", "media", "`?client_key=&album_id=&version=` → `{album_version_list}`", slash=True),
    route(
        "GET,POST",
        "/v2/sg/shortdrama/video/",
        video,
        "public",
        "media",
        "POST `{url, title}` → `{job_id}` (or `{vid}` imports one); GET `?client_key=&byteplus_account_id=` and `job_id` or `vid` → `{upload_status, vid}`",
        slash=True,
    ),
    route("GET", "/_mock/albums", albums, "control", "media", "every mini drama: its versions, review states, online version, listing and authorised apps"),
    route("POST", "/_mock/albums/{album_id}/review", album_review, "control", "media", "`{outcome, version?, reason?}`: decides the review now"),
)
