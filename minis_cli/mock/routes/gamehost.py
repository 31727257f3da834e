"""The native-game host's routes (issue 14): its page and scripts, the game's package files, and the network relay
that gives `tt.request` / `downloadFile` a native runtime's network (no CORS, the trusted-domain check)."""

from __future__ import annotations

import base64
import hmac
import ipaddress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from ... import gamepkg
from ...source.files import read_regular
from .. import gamehost, simulator
from ..http import BodyProblem, api_error, control_error, json_response, read_json, state_of
from ..randomness import new_log_id
from ..state import MockState
from .declare import MockRoute, route

RELAY_TIMEOUT = 60.0  # seconds; a request's own `timeout` is applied by the runtime
RELAY_LIMIT = 50 * 1024 * 1024
HOP_HEADERS = frozenset({"connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length", "accept-encoding"})


def _game(state: MockState) -> dict[str, Any] | None:
    return state.game if state.game and state.game.get("root") else None


def _files(state: MockState, refresh: bool = False) -> frozenset[str]:
    game = state.game
    if refresh or "files" not in game:
        game["files"] = frozenset(gamepkg.package_files(Path(game["root"])))
    return game["files"]


async def host_page(request: Request) -> Response:
    """GET /_mock/game/host[?scene=...&query=a%3D1]: the page that runs the game's game.js (in the simulator's frame)."""
    state = state_of(request)
    game = _game(state)
    if game is None:
        return control_error("no native game is being hosted (minis-py dev in a game's folder, or mock serve --game DIR)", new_log_id(), 404)
    root = Path(game["root"])
    files = _files(state, refresh=True)
    game["remote"] = gamepkg.remote_bundles(root)  # a Cocos export's resource server: its remote/ answers (relay)
    game.pop("remote_noticed", None)  # the notice once per load
    if "game.js" not in files:
        return control_error(f"{root} has no game.js in its package", new_log_id(), 404)
    params = request.query_params
    query = dict(game.get("query") or {})
    if params.get("query") is not None:
        from urllib.parse import parse_qsl

        query = dict(parse_qsl(params["query"], keep_blank_values=True))
    device = state.device or simulator.device(orientation=game.get("orientation", "portrait"))
    if "profile" in game:  # the simulator's network profile: each load is a first scan of its own (mock/throttle.py)
        from .. import throttle

        sizes = gamepkg.sizes(root, sorted(files))
        game["network"] = throttle.Link(throttle.PROFILES[game["profile"]], sizes.main, dict(sizes.subpackages)) if game["profile"] else None
    config = {
        "title": game.get("title") or root.name,
        "pkg": gamehost.PKG_PREFIX,
        "files": sorted(files),
        "subpackages": [{"name": s.name, "root": s.root, "independent": s.independent} for s in gamepkg.subpackages(root)],
        "launch": {"scene": params.get("scene") or game.get("scene") or "000000", "query": query},
        "trustedDomains": list(state.settings.trusted_domains),
        "token": state.control_token,
        "device": device,
        "clientKey": state.apps[0].client_key if state.apps else "",
        "declaration": _games_declaration(),
        # the project's backend while `minis-py dev` runs it (on dev.port): the game reads GameGlobal.__minisDev.backend
        "devBackend": game.get("backend") if isinstance(game.get("backend"), str) else None,
        # whose an API is that TikTok lacks, for the report of a call (tt.getUserProfile is WeChat's)
        "foreign": _foreign_apis(),
        "webAssembly": state.settings.game_webassembly,
        # APIs TikTok's docs lack that the host provides because the developer named them (--game-allow-api), and
        # those it could provide (the error for a missing one names the setting)
        "allowApis": list(state.settings.game_allow_apis),
        "allowable": _allowable_apis(),
    }
    response = Response(gamehost.page(config), media_type="text/html; charset=utf-8")
    response.headers["cache-control"] = "no-store"
    response.headers["referrer-policy"] = "no-referrer"
    # The game's own code runs here (engines eval, load blobs and remote images), so scripts stay open; what the
    # policy closes is framing: only the simulator (the mock's own page) frames the host, and no script: frames.
    response.headers["content-security-policy"] = "frame-ancestors 'self'; frame-src 'self' http: https: blob:; object-src 'none'; base-uri 'self'"
    return response


def _foreign_apis() -> dict[str, str]:
    from ...sdk_api import FOREIGN_GAME_APIS

    return dict(FOREIGN_GAME_APIS)


def _allowable_apis() -> list[str]:
    from ...sdk_api import ALLOWABLE_GAME_APIS

    return list(ALLOWABLE_GAME_APIS)


def _games_declaration() -> dict[str, Any]:
    from ...sdk_api import declaration

    return declaration()["namespaces"]["TTMinis.game"]


async def host_asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in gamehost.ASSETS:
        return control_error(f"no host file {name!r}", new_log_id(), 404)
    body = gamehost.asset(name)
    state = state_of(request)
    if name == "runtime.js" and (state.game or {}).get("measure"):  # minis-py audit: its measurements, read from the worker
        body = gamehost.asset("measure.js") + b"\n" + body
    elif name == "runtime.js" and state.simulator:  # under dev: the startup measurements, for the simulator's last load
        body = b"self.__minisStartupReport = '/_mock/startup';\n" + gamehost.asset("measure.js") + b"\n" + body
    # minis-py audit: the host's scripts stand for TikTok's runtime, already on the phone, so the measured load takes
    # them from the browser's cache, where the audit's warm-up load left them (audit/runner.py warm_host)
    audited = bool((state.game or {}).get("measure"))
    return Response(body, media_type=gamehost.ASSETS[name], headers={"cache-control": "private, max-age=600" if audited else "no-cache"})


async def package_file(request: Request) -> Response:
    """GET /_mock/game/pkg/{path}: a file of the game's package (only those: no dot-files, nothing packOptions
    ignores, no backend); `?cjs` gives a script as the runtime's require runs it (ES-module syntax compiled to
    CommonJS, gamehost/modules.py); `?bundle` gives it with every module it requires statically, each so compiled
    (modules.bundle)."""
    state = state_of(request)
    game = _game(state)
    if game is None:
        return control_error("no native game is being hosted", new_log_id(), 404)
    path = request.path_params["path"]
    files = _files(state)
    if path not in files:
        files = _files(state, refresh=True)  # added since the page loaded
    if path not in files:
        return control_error(f"{path} is not a file of the game's package", new_log_id(), 404)
    full = Path(game["root"]) / path
    if game.get("network") is not None:  # a network profile (minis-py audit): the package's download, mock/throttle.py
        await game["network"].package_file(path)
    if "bundle" in request.query_params:
        from starlette.concurrency import run_in_threadpool

        from ..gamehost import modules

        # the modules the entry requires at start-up, in one response (modules.bundle): the game's worker fetches it
        # as it starts, while the page loads the mock SDK, and the runtime's require reads it instead of a request each
        paths, body = await run_in_threadpool(modules.bundle, Path(game["root"]), files, path)
        if game.get("network") is not None:
            for bundled in paths:
                await game["network"].package_file(bundled)
        return Response(body, media_type="application/octet-stream", headers={"cache-control": "no-cache"})
    if "syntax" in request.query_params:
        from starlette.concurrency import run_in_threadpool

        from ..gamehost import modules

        # where a file the worker could not compile goes wrong (asked only then): {line, column, hint} or {}
        try:
            return json_response(await run_in_threadpool(modules.syntax_problem, full), 200, new_log_id())
        except OSError as exc:
            return control_error(f"{path}: {exc.strerror}", new_log_id(), 404)
    if "cjs" in request.query_params:
        from starlette.concurrency import run_in_threadpool

        from ..gamehost import modules

        try:
            # a first compile of a large module parses it (~0.2 s a MB): off the event loop; cached after
            code = await run_in_threadpool(modules.module_source, full)
        except OSError as exc:
            return control_error(f"{path}: {exc.strerror}", new_log_id(), 404)
        return Response(code, media_type="text/javascript; charset=utf-8", headers={"cache-control": "no-cache"})
    try:
        data = full.read_bytes()
    except OSError as exc:
        return control_error(f"{path}: {exc.strerror}", new_log_id(), 404)
    headers = {"cache-control": "no-cache"}
    if "br" in request.query_params:
        # TTWebAssembly's *.wasm.br and readCompressedFile's brotli files: the bytes as they are, with
        # Content-Encoding: br, so the browser inflates them (it has no brotli DecompressionStream, and Python's
        # standard library no brotli); bytes that are not brotli fail there, as the runtime's decompression would
        headers["content-encoding"] = "br"
        return Response(data, media_type=gamehost.content_type(path.removesuffix(".br")), headers=headers)
    return Response(data, media_type=gamehost.content_type(path), headers=headers)


async def inflate(request: Request) -> Response:
    """POST /_mock/game/inflate: the body sent back with Content-Encoding: br, so the game's worker has the browser
    inflate a brotli file of env.USER_DATA_PATH (FileSystemManager.readCompressedFile; a package file is
    /_mock/game/pkg/PATH?br). With the session's token, as the relay."""
    state = state_of(request)
    log_id = new_log_id()
    if not hmac.compare_digest(request.headers.get("x-minis-token", ""), state.control_token):
        return api_error("mock_control_forbidden", "the game host's inflate route needs the session's control token (x-minis-token)", 403, log_id)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > RELAY_LIMIT:
            return control_error(f"a file to inflate is at most {RELAY_LIMIT // (1024 * 1024)} MB", log_id, 413)
    return Response(bytes(body), media_type="application/octet-stream", headers={"content-encoding": "br", "cache-control": "no-store"})


def _allowed(state: MockState, url: str) -> bool:
    """The relay goes where the runtime would let a game go: loopback (the developer's own backend and the mock)
    and the trusted domains; anywhere else is the 21100 the runtime already answered."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    try:
        if ipaddress.ip_address(host).is_loopback:
            return True
    except ValueError:
        if host == "localhost":
            return True
    from ..settings import host_trusted

    return host_trusted(state.settings.trusted_domains, parts)


async def relay(request: Request) -> Response:
    """POST /_mock/game/fetch {url, method, headers, body (base64)}: the request, made from here, answered as
    {status, headers, body (base64)}; a network failure is {error}."""
    state = state_of(request)
    log_id = new_log_id()
    # Always the session's token, even on loopback: the relay makes requests for its caller, so a web page in
    # the developer's browser must not be able to use it (a custom header also forces a CORS preflight, which
    # this route does not answer).
    if not hmac.compare_digest(request.headers.get("x-minis-token", ""), state.control_token):
        return api_error("mock_control_forbidden", "the game host's network relay needs the session's control token (x-minis-token)", 403, log_id)
    try:
        body = await read_json(request)
    except BodyProblem as problem:
        return control_error(problem.description, log_id, problem.status)
    url, method = body.get("url"), body.get("method", "GET")
    if not isinstance(url, str) or not isinstance(method, str):
        return control_error("url and method must be strings", log_id)
    if not _allowed(state, url):
        return json_response({"error": {"error_code": 21100, "error_msg": f"URL not in domain list: {url}"}}, 200, log_id)
    link = (state.game or {}).get("network")  # a network profile (minis-py audit): mock/throttle.py
    if link is not None and link.offline:
        return json_response({"error": {"error_code": 10401, "error_msg": f"Server error: no network (offline) for {url}"}}, 200, log_id)
    if method.upper() == "GET":
        served = await _remote_bundle_file(state, url, link, log_id)
        if served is not None:
            return served
    headers = (
        {str(k): str(v) for k, v in (body.get("headers") or {}).items() if str(k).lower() not in HOP_HEADERS} if isinstance(body.get("headers"), dict) else {}
    )
    try:
        payload = base64.b64decode(body["body"]) if isinstance(body.get("body"), str) else None
    except ValueError:
        return control_error("body must be base64", log_id)
    import httpx

    client = state.relay_client
    if client is None:
        client = state.relay_client = httpx.AsyncClient(timeout=RELAY_TIMEOUT, follow_redirects=True, trust_env=False)
    try:
        answer = await client.request(method.upper(), url, headers=headers, content=payload)
    except httpx.HTTPError as exc:
        return json_response({"error": {"error_code": 10401, "error_msg": f"Server error: {type(exc).__name__}: {exc}"}}, 200, log_id)
    content = answer.content[:RELAY_LIMIT]
    if link is not None:
        await link.transfer(len(content) + len(payload or b""), url)
    return json_response(
        {
            "status": answer.status_code,
            "headers": {k: v for k, v in answer.headers.items() if k.lower() not in HOP_HEADERS and k.lower() != "content-encoding"},
            "body": base64.b64encode(content).decode("ascii"),
        },
        200,
        log_id,
    )


async def _remote_bundle_file(state: MockState, url: str, link: Any, log_id: str) -> Response | None:
    """A Cocos export's remote bundle, from the package folder's remote/ as a local static server gives it (what
    Cocos's docs have developers test with before uploading remote/ to the resource server): the file under remote/
    that `<server>/remote/<path>` names, at the network profile's rate like any download. None: not such a URL, the
    file is not in remote/, or game_remote_bundles is off; the request then goes to the network as before."""
    game = _game(state)
    if game is None or not state.settings.game_remote_bundles:
        return None
    if "remote" not in game:
        game["remote"] = gamepkg.remote_bundles(Path(game["root"]))
    remote: gamepkg.RemoteBundles | None = game["remote"]
    local = remote.local_path(url) if remote is not None else None
    if remote is None or local is None:
        return None
    root = Path(game["root"]).resolve()
    folder = root / remote.folder
    if not folder.is_dir() or folder.is_symlink():
        # the build lost its remote/ (uploaded, then deleted): the server answers, or the download fails as on a phone;
        # a linked remote/ may lead anywhere (remote -> / would hand the game's code any file): never served
        return None
    full = root / local
    try:
        inside = full.resolve().is_relative_to(folder)  # a link inside remote/ that leads out of it is not served
    except (OSError, ValueError):
        inside = False
    # a regular file only (never a FIFO or device a link names), and no larger than the relay gives any answer
    data = read_regular(full, RELAY_LIMIT) if inside else None
    if data is None:
        return None
    if link is not None:
        await link.transfer(len(data), url)
    state.log("game_remote_bundle", "GET", url, "", {"file": local}, 200, log_id)
    headers = {"content-type": gamehost.content_type(local), "content-length": str(len(data))}
    answer: dict[str, Any] = {"status": 200, "headers": headers, "body": base64.b64encode(data).decode("ascii")}
    if not game.get("remote_noticed"):  # once per load of the host: the runtime reports it (the host's list, audit, dev's terminal)
        game["remote_noticed"] = True
        answer["notice"] = remote_notice(remote)
    return json_response(answer, 200, log_id)


def remote_notice(remote: gamepkg.RemoteBundles) -> str:
    return f"serving remote bundles from {remote.folder}/ for {remote.server}: on a phone they come from that server; upload {remote.folder}/ there"


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

ROUTES: tuple[MockRoute, ...] = (
    route("GET", "/_mock/game/host", host_page, "control", "simulator", "the native game host's page"),
    route("POST", "/_mock/game/fetch", relay, "control", "simulator", "the game host's network relay (always with the control token)"),
    route("POST", "/_mock/game/inflate", inflate, "control", "simulator", "brotli user files sent back for the browser to inflate (control token)"),
    route("GET", "/_mock/game/pkg/{path:path}", package_file, "open", "simulator", "a file of the hosted game's package"),
    route(
        "GET",
        "/_mock/game/{name}",
        host_asset,
        "control",
        "simulator",
        "the game host's files (`host.js` and `runtime.js` open to any client)",
        open_names=("host.js", "runtime.js"),
    ),
)
