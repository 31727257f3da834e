"""`minis-py dev` (first part): pre-flight, the supervised dev script, the preview proxy."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from minis_cli.dev.forwarder import Forwarder
from minis_cli.dev.proxy import rewrite_sdk_urls
from minis_cli.serving import ThreadedServer

MINIS_PY = [sys.executable, "-m", "minis_cli"]
needs_node = pytest.mark.skipif(shutil.which("npm") is None, reason="Node.js and npm are not installed")

# A dev server that proves it ran (a marker file), serves index.html, and can be told to misbehave.
DEV_SERVER = """
const http = require('http'), fs = require('fs');
fs.writeFileSync('ran.marker', String(process.pid));
fs.writeFileSync('env.json', JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('TIKTOK_')))));
if (process.env.MODE === 'exit3') process.exit(3);
if (process.env.MODE === 'silent') setInterval(() => {}, 1000);
else http.createServer((req, res) => {
  res.writeHead(200, {'content-type': 'text/html', 'set-cookie': 'a=1; HttpOnly'});
  res.end(fs.readFileSync('index.html'));
}).listen(Number(process.env.PORT), '127.0.0.1');
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dev_project(make_project) -> Path:
    port = free_port()
    return make_project(
        {
            "package.json": json.dumps({"name": "dev-test", "private": True, "scripts": {"dev": "node devserver.cjs"}}),
            "minis.config.json": json.dumps({"clientKey": "awexample123", "dev": {"port": port}}),
            "devserver.cjs": DEV_SERVER,
        }
    )


def start_dev(project: Path, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*MINIS_PY, "dev", *args], cwd=project, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def read_until_preview(process: subprocess.Popen, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    for line in process.stdout:  # type: ignore[union-attr]
        if line.startswith("Preview: "):
            return line.split()[1]
        if time.monotonic() > deadline:
            break
    raise AssertionError("no Preview line: " + process.stderr.read())  # type: ignore[union-attr]


def run_until_preview(project: Path, *args: str) -> str:
    """Start `minis-py dev`, wait for its Preview line, stop it; its standard error."""
    process = start_dev(project, *args)
    try:
        read_until_preview(process)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    return err


@needs_node
def test_a_changed_client_key_reaches_the_backend_with_saved_mock_state(dev_project: Path) -> None:
    """Issue 10: with .minis/mock.sqlite3 from an earlier run, the new key is the one the backend gets, and
    the exchange of a code issued to it (as the page's login does) works with the backend's credentials."""
    run_until_preview(dev_project)
    assert json.loads((dev_project / "env.json").read_text())["TIKTOK_CLIENT_KEY"] == "awexample123"
    assert (dev_project / ".minis" / "mock.sqlite3").is_file()
    for name in ("index.html", "minis.config.json"):
        (dev_project / name).write_text((dev_project / name).read_text().replace("awexample123", "awchanged0001"))
    process = start_dev(dev_project)
    try:
        read_until_preview(process)
        env = json.loads((dev_project / "env.json").read_text())
        assert env["TIKTOK_CLIENT_KEY"] == "awchanged0001"
        base = env["TIKTOK_API_BASE"]
        code = httpx.post(f"{base}/_mock/sdk/login", json={"client_key": "awchanged0001"}).json()["code"]
        tokens = httpx.post(
            f"{base}/v2/oauth/token/",
            data={"client_key": env["TIKTOK_CLIENT_KEY"], "client_secret": env["TIKTOK_CLIENT_SECRET"], "grant_type": "authorization_code", "code": code},
        ).json()
        assert tokens.get("access_token"), tokens
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)


@needs_node
def test_dev_client_key_in_the_config_is_the_expected_key(dev_project: Path) -> None:
    """dev.clientKey, where TikTok's CLIs keep it, is the key the mock and the backend use."""
    (dev_project / "minis.config.json").write_text(
        json.dumps({"dev": {"clientKey": "awexample123", "port": json.loads((dev_project / "minis.config.json").read_text())["dev"]["port"]}})
    )
    run_until_preview(dev_project)
    assert json.loads((dev_project / "env.json").read_text())["TIKTOK_CLIENT_KEY"] == "awexample123"


# --- pre-flight -----------------------------------------------------------------------------------


@needs_node
def test_a_blocking_finding_stops_the_start_and_the_script_never_runs(dev_project: Path) -> None:
    (dev_project / "index.html").write_text((dev_project / "index.html").read_text().replace("awexample123", "awsomeoneelse"))
    done = subprocess.run([*MINIS_PY, "dev"], cwd=dev_project, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "error: index.html:7:31: MN104 clientKey 'awsomeoneelse' does not match minis.config.json 'awexample123'" in done.stderr
    assert "--skip-checks" in done.stderr
    assert not (dev_project / "ran.marker").exists()


@needs_node
@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"index.html": "<!doctype html>\n<script>TTMinis.init({ clientKey: 'awexample123' })</script>\n"}, "MN101"),
        ({"src/app.js": "eval(window.name);\n"}, "MN401"),
        ({"minis.config.json": '{"clientKey": "awexample123", "dev": {"port": 70000}}'}, "MN005"),
    ],
)
def test_each_blocking_rule_stops_the_start(dev_project: Path, change: dict, rule: str) -> None:
    for name, content in change.items():
        (dev_project / name).parent.mkdir(parents=True, exist_ok=True)
        (dev_project / name).write_text(content)
    done = subprocess.run([*MINIS_PY, "dev"], cwd=dev_project, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and f": {rule} " in done.stderr
    assert not (dev_project / "ran.marker").exists()


@needs_node
def test_package_json_settings_apply_to_the_pre_flight(dev_project: Path) -> None:
    package = json.loads((dev_project / "package.json").read_text())
    package["minis-py"] = {"ignore": ["MN401"]}
    (dev_project / "package.json").write_text(json.dumps(package))
    (dev_project / "src").mkdir(exist_ok=True)
    (dev_project / "src" / "legacy.js").write_text("eval(window.name);\n")
    run_until_preview(dev_project, "--no-watch")  # MN401 is ignored by the project's settings: not blocked


@needs_node
def test_warnings_print_and_do_not_block(dev_project: Path) -> None:
    (dev_project / "episode.html").write_text("<!doctype html><video src='/ep1.mp4'></video>")
    err = run_until_preview(dev_project)
    assert (dev_project / "ran.marker").exists()
    assert "warning: episode.html:1:16: MN408" in err  # labelled, as lint labels it (issue 28)


@needs_node
def test_skip_checks_starts_anyway_with_a_warning(dev_project: Path) -> None:
    (dev_project / "index.html").write_text((dev_project / "index.html").read_text().replace("awexample123", "awsomeoneelse"))
    err = run_until_preview(dev_project, "--skip-checks")
    assert (dev_project / "ran.marker").exists()
    assert "warning: --skip-checks" in err


# --- supervision ---------------------------------------------------------------------------------


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


@needs_node
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_leaves_no_process_of_the_childs_tree(dev_project: Path, sig: int) -> None:
    process = start_dev(dev_project)
    preview = read_until_preview(process)
    child = int((dev_project / "ran.marker").read_text())
    page = httpx.get(preview)
    assert page.status_code == 200 and "a=1; HttpOnly" in page.headers["set-cookie"]
    assert "http://127.0.0.1:" in page.text and "/drama/sdk.js" in page.text and "connect.tiktok-minis.com" not in page.text
    process.send_signal(sig)
    out, _ = process.communicate(timeout=10)
    assert process.returncode == 0 and "minis-py dev stopped." in out
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)


@needs_node
def test_a_child_that_exits_3_makes_minis_py_exit_3(dev_project: Path) -> None:
    done = subprocess.run([*MINIS_PY, "dev"], cwd=dev_project, env={**os.environ, "MODE": "exit3"}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3 and "exited (3) before it listened" in done.stderr


@needs_node
def test_a_dev_script_that_never_listens_fails_after_the_timeout_with_a_hint(dev_project: Path) -> None:
    done = subprocess.run(
        [*MINIS_PY, "dev"], cwd=dev_project, env={**os.environ, "MODE": "silent", "MINIS_DEV_START_TIMEOUT": "2"}, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "did not listen on port" in done.stderr and "dev.port in minis.config.json" in done.stderr
    assert "Traceback" not in done.stderr


@needs_node
def test_a_port_already_taken_is_reported_clearly(dev_project: Path) -> None:
    port = json.loads((dev_project / "minis.config.json").read_text())["dev"]["port"]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen(1)
        done = subprocess.run([*MINIS_PY, "dev"], cwd=dev_project, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and f"port {port} is already in use" in done.stderr
    assert not (dev_project / "ran.marker").exists()


# --- the preview proxy -----------------------------------------------------------------------------

PAGE = b'<!doctype html><script src="https://connect.tiktok-minis.com/game/sdk.js"></script><p>https://connect.tiktok-minis.com/other.js</p>'
BINARY = bytes(range(256)) * 4096


async def upstream_page(request):
    return Response(PAGE, media_type="text/html", headers={"set-cookie": "sid=abc; HttpOnly", "x-extra": "kept"})


async def upstream_gzip_page(request):
    return Response(gzip.compress(PAGE), media_type="text/html", headers={"content-encoding": "gzip"})


async def upstream_binary(request):
    return Response(BINARY, media_type="application/octet-stream")


async def upstream_gzip_asset(request):
    return Response(gzip.compress(b"console.log(1);" * 1000), media_type="text/javascript", headers={"content-encoding": "gzip"})


async def upstream_brotli(request):
    return Response(b"\x1b\x03\x00\xf8\xa5\xa4\x00" * 100, media_type="text/css", headers={"content-encoding": "br"})


async def upstream_brotli_page(request):
    return Response(b"\x8b\x02\x80<html>" * 10, media_type="text/html", headers={"content-encoding": "br"})


async def upstream_chunked(request):
    async def parts():
        for i in range(50):
            yield f"chunk {i}\n".encode()

    return StreamingResponse(parts(), media_type="text/plain")


async def upstream_echo(request):
    return Response(
        json.dumps({"method": request.method, "body": (await request.body()).decode(), "cookie": request.headers.get("cookie")}), media_type="application/json"
    )


@pytest.fixture(scope="module")
def proxied():
    upstream = ThreadedServer(
        Starlette(
            routes=[
                Route("/", upstream_page),
                Route("/gz.html", upstream_gzip_page),
                Route("/blob", upstream_binary),
                Route("/app.js", upstream_gzip_asset),
                Route("/stream", upstream_chunked),
                Route("/echo", upstream_echo, methods=["GET", "POST", "PUT"]),
                Route("/style.css", upstream_brotli),
                Route("/br.html", upstream_brotli_page),
            ]
        )
    ).start()
    proxy = Forwarder("127.0.0.1", upstream.port, "http://127.0.0.1:9999").start()
    yield proxy.url
    proxy.stop()
    upstream.stop()


def test_html_gets_only_the_sdk_url_rewritten(proxied: str) -> None:
    response = httpx.get(proxied + "/")
    assert response.content == PAGE.replace(b"https://connect.tiktok-minis.com/game/sdk.js", b"http://127.0.0.1:9999/game/sdk.js")
    assert response.headers["set-cookie"] == "sid=abc; HttpOnly" and response.headers["x-extra"] == "kept"
    gz = httpx.get(proxied + "/gz.html")
    assert b"http://127.0.0.1:9999/game/sdk.js" in gz.content and "content-encoding" not in gz.headers


def test_binary_gzip_and_chunked_pass_byte_for_byte(proxied: str) -> None:
    assert httpx.get(proxied + "/blob").content == BINARY
    with httpx.Client() as client:
        raw = client.get(proxied + "/app.js", headers={"accept-encoding": "gzip"})
        assert raw.headers["content-encoding"] == "gzip" and raw.content == b"console.log(1);" * 1000
    streamed = httpx.get(proxied + "/stream")
    assert streamed.text == "".join(f"chunk {i}\n" for i in range(50))


def test_brotli_responses_pass_unchanged(proxied: str) -> None:
    with httpx.Client() as client:  # raw bytes: httpx must not try to decode them
        for path, expected in (("/style.css", b"\x1b\x03\x00\xf8\xa5\xa4\x00" * 100), ("/br.html", b"\x8b\x02\x80<html>" * 10)):
            with client.stream("GET", proxied + path) as response:
                assert response.headers["content-encoding"] == "br"
                assert b"".join(response.iter_raw()) == expected


def test_methods_bodies_and_cookies_are_forwarded(proxied: str) -> None:
    echo = httpx.post(proxied + "/echo?x=1", content="hello", headers={"cookie": "sid=abc"}).json()
    assert echo == {"method": "POST", "body": "hello", "cookie": "sid=abc"}

    def upload():
        yield b"part one, "
        yield b"part two"

    echo = httpx.put(proxied + "/echo", content=upload()).json()
    assert echo == {"method": "PUT", "body": "part one, part two", "cookie": None}


def test_a_dead_dev_server_is_a_502_that_says_so() -> None:
    proxy = Forwarder("127.0.0.1", free_port(), "http://127.0.0.1:9999").start()
    try:
        response = httpx.get(proxy.url + "/")
        assert response.status_code == 502 and "did not answer" in response.text
    finally:
        proxy.stop()


def test_every_sdk_url_form_is_rewritten() -> None:
    html = b'<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script><script src="//developers.tiktok.com/js/minis.js"></script>'
    assert rewrite_sdk_urls(html, "http://m") == b'<script src="http://m/drama/sdk.js"></script><script src="http://m/js/minis.js"></script>'


def test_tiktoks_vconsole_is_pointed_at_the_mocks_copy() -> None:
    html = b'<script src="https://connect.tiktok-minis.com/libs/vConsole.js"></script>'
    assert rewrite_sdk_urls(html, "http://m") == b'<script src="http://m/_mock/libs/vConsole.js"></script>'


def test_pages_get_the_simulators_policy_and_assets_do_not() -> None:
    upstream = ThreadedServer(Starlette(routes=[Route("/", upstream_page), Route("/blob", upstream_binary)])).start()
    proxy = Forwarder("127.0.0.1", upstream.port, "http://127.0.0.1:9999", trusted_domains=("https://api.example.com",)).start()
    try:
        policy = httpx.get(proxy.url + "/").headers["content-security-policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        connect = directives["connect-src"].split()
        assert "'self'" in connect and "http://127.0.0.1:9999" in connect and "https://api.example.com" in connect and "wss://api.example.com" in connect
        assert not any("evil" in source or source == "*" or source == "https:" for source in connect)
        assert "https://api.example.com" not in directives["script-src"]  # scripts only from the Mini itself (and the SDK)
        assert directives["frame-src"] == "'none'" and directives["report-uri"] == "http://127.0.0.1:9999/_mock/csp-report"
        assert "content-security-policy" not in httpx.get(proxy.url + "/blob").headers
    finally:
        proxy.stop()
        upstream.stop()


def test_on_the_lan_the_page_gets_the_mock_at_the_host_name_it_used() -> None:
    upstream = ThreadedServer(Starlette(routes=[Route("/", upstream_page)])).start()
    proxy = Forwarder("127.0.0.1", upstream.port, "http://127.0.0.1:9999", trusted_domains=(), mock_port=9999).start()
    try:
        response = httpx.get(proxy.url + "/", headers={"host": "192.168.1.20:5173"})
        assert b"http://192.168.1.20:9999/game/sdk.js" in response.content
        assert "http://192.168.1.20:9999/_mock/csp-report" in response.headers["content-security-policy"]
        forged = httpx.get(proxy.url + "/", headers={"host": "evil.example/x?:1"})
        assert b"http://127.0.0.1:9999/game/sdk.js" in forged.content
    finally:
        proxy.stop()
        upstream.stop()


def test_a_websocket_upgrade_passes_through_with_its_subprotocol() -> None:
    from starlette.routing import WebSocketRoute
    from websockets.sync.client import connect

    async def echo(websocket):
        await websocket.accept(subprotocol="vite-hmr")
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                await websocket.send_text("echo " + message["text"])
            else:
                await websocket.send_bytes(message["bytes"][::-1])

    upstream = ThreadedServer(Starlette(routes=[WebSocketRoute("/hmr", echo)])).start()
    proxy = Forwarder("127.0.0.1", upstream.port, "http://127.0.0.1:9999").start()
    try:
        with connect(proxy.url.replace("http", "ws") + "/hmr?token=1", subprotocols=["vite-hmr"]) as ws:
            assert ws.subprotocol == "vite-hmr"
            ws.send("ping")
            assert ws.recv(timeout=5) == "echo ping"
            ws.send(b"\x00\x01\x02")
            assert ws.recv(timeout=5) == b"\x02\x01\x00"
    finally:
        proxy.stop()
        upstream.stop()


# --- watch mode ------------------------------------------------------------------------------------


_readers: dict[int, object] = {}


def wait_for_line(process: subprocess.Popen, needle: str, timeout: float) -> tuple[str, float]:
    """The next line with `needle`, and how long after the call it was printed (lines are read and stamped
    by a thread: select() on a buffered pipe would miss lines already in Python's buffer)."""
    import queue
    import threading

    if process.pid not in _readers:
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put((time.monotonic(), line)) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
        _readers[process.pid] = lines
    lines = _readers[process.pid]  # type: ignore[assignment]
    started = time.monotonic()
    while True:
        try:
            stamp, line = lines.get(timeout=max(0.0, started + timeout - time.monotonic()))  # type: ignore[attr-defined]
        except queue.Empty:
            raise AssertionError(f"no line with {needle!r} within {timeout} s") from None
        if needle in line:
            return line, stamp - started


@needs_node
def test_watch_reports_a_broken_client_key_within_a_second_and_its_fix(dev_project: Path) -> None:
    process = start_dev(dev_project)
    try:
        wait_for_line(process, "Preview:", 30)
        wait_for_line(process, "watching for changes", 5)
        time.sleep(0.3)  # the watcher's inotify set-up
        index = dev_project / "index.html"
        good = index.read_text()
        index.write_text(good.replace("awexample123", "awbroken999"))
        line, elapsed = wait_for_line(process, "MN104", 5)
        assert "clientKey 'awbroken999' does not match minis.config.json 'awexample123'" in line and line.startswith("[check] error: index.html:7:31")
        assert elapsed < 1.0, f"reported after {elapsed:.2f} s"
        index.write_text(good)
        line, _ = wait_for_line(process, "resolved", 5)
        assert "MN104" in line
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)


SLOW_SERVER = """
const http = require('http');
console.log('compiling the Mini');
setTimeout(() => {
  http.createServer((req, res) => res.end('<!doctype html><p>ok</p>')).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('demo listening'));
}, 600);
"""


def _run_session(project: Path, isatty: bool) -> str:
    import io

    from minis_cli.dev.session import DevOptions, DevSession
    from minis_cli.project import Project

    terminal = io.StringIO()  # stdout and stderr on one terminal, as a person sees them
    session = DevSession(Project(project), DevOptions(watch=False), terminal, terminal, isatty=isatty)
    try:
        assert session.preflight()
        session.start()
        time.sleep(0.3)
    finally:
        session.shutdown()
    return terminal.getvalue()


@needs_node
def test_the_spinner_is_cleared_before_the_dev_scripts_output_and_absent_without_a_tty(make_project) -> None:
    project = make_project(
        {
            "package.json": json.dumps({"name": "slow", "private": True, "scripts": {"dev": "node slow.cjs"}}),
            "minis.config.json": json.dumps({"clientKey": "awexample123", "dev": {"port": free_port()}}),
            "slow.cjs": SLOW_SERVER,
        }
    )
    shown = _run_session(project, isatty=True)
    assert "waiting for the dev server" in shown
    for line in shown.split("\n"):
        visible = line.rsplit("\r\x1b[2K", 1)[-1]  # what a terminal shows once the line is cleared
        assert not ("waiting for the dev server" in visible and "[dev]" in visible), repr(line)
    assert "\r\x1b[2K[dev] " in shown or "\n[dev] " in shown
    piped = _run_session(project, isatty=False)
    assert "waiting" not in piped and "\r" not in piped and "\x1b" not in piped
    assert "[dev] demo listening" in piped
    assert all(
        len(line) <= 80 for line in piped.splitlines() if not line.startswith(("[dev]", "Starting", "  mock TikTok", "  webhooks", "Preview", "Simulator"))
    )


def test_a_native_game_runs_in_the_host_with_no_dev_script_and_reloads_on_save(make_project) -> None:
    """Issue 14: no package.json, no dev server: `dev` serves the game in the mock's host, and a save tells open
    hosts to restart (the event the host page listens for)."""
    import threading

    from minis_cli.lint.rules.project import NATIVE_GAME

    project = make_project({**NATIVE_GAME, "src/level.js": "module.exports = 1;\n"})
    process = start_dev(project, "--scene", "021036", "--query", "level=3")
    try:
        line, _ = wait_for_line(process, "Game: ", 30)
        host = line.split()[1]
        wait_for_line(process, "the game reloads on save", 5)
        page = httpx.get(host + "?token=x")
        assert page.status_code == 200 and '"scene":"021036"' in page.text and '"query":{"level":"3"}' in page.text
        assert httpx.get(host.replace("/host", "/pkg/src/level.js")).text == "module.exports = 1;\n"
        events: list[str] = []
        base = host.split("/_mock/")[0]

        def listen() -> None:
            with httpx.stream("GET", f"{base}/_mock/events/stream", timeout=10) as stream:
                for text in stream.iter_lines():
                    if "minis-py.reload" in text:
                        events.append(text)
                        return

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        time.sleep(0.5)  # the stream and the watcher are set up
        (project / "src" / "level.js").write_text("module.exports = 2;\n")
        listener.join(timeout=5)
        assert events, "no reload event after the save"
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err


# --- the dev script dies with minis-py (issue 28) -------------------------------------------------------


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def gone_and_free(pids: list[int], port: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids) and port_free(port):
            return True
        time.sleep(0.05)
    return False


@needs_node
def test_a_closed_terminal_sighup_stops_the_dev_script_and_frees_its_port(dev_project: Path) -> None:
    """Issue 28: SIGHUP (the terminal closed) killed minis-py without its clean-up; the dev script and its
    server kept running and holding the port, and the next `minis-py dev` refused to start."""
    port = json.loads((dev_project / "minis.config.json").read_text())["dev"]["port"]
    process = start_dev(dev_project, "--no-watch")
    read_until_preview(process)
    server = int((dev_project / "ran.marker").read_text())
    assert alive(server) and not port_free(port)
    process.send_signal(signal.SIGHUP)
    out, _ = process.communicate(timeout=20)
    assert process.returncode == 0 and "minis-py dev stopped." in out
    assert gone_and_free([server], port)
    (dev_project / "ran.marker").unlink()
    again = start_dev(dev_project, "--no-watch")  # the next dev starts
    try:
        read_until_preview(again)
    finally:
        again.send_signal(signal.SIGTERM)
        again.communicate(timeout=20)


@needs_node
def test_a_killed_minis_py_takes_the_dev_script_and_its_server_with_it(dev_project: Path) -> None:
    """SIGKILL runs no clean-up at all: the group's leader, minis-py's guardian, sees minis-py gone (its pipe's end,
    and on Linux the parent-death signal) and stops the group."""
    port = json.loads((dev_project / "minis.config.json").read_text())["dev"]["port"]
    process = start_dev(dev_project, "--no-watch")
    read_until_preview(process)
    server = int((dev_project / "ran.marker").read_text())
    group = os.getpgid(server)
    assert group != os.getpgid(process.pid)  # the script runs in its own group, led by the guardian
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=20)
    assert gone_and_free([server, group], port)


def test_the_guardian_stops_the_group_when_its_spawning_thread_ends_but_not_before_minis_py(tmp_path: Path) -> None:
    """The parent-death signal fires when the *thread* that started the child ends: children are started from one
    long-lived thread, so a session started from a short-lived thread keeps its script; closing the lifeline
    (what minis-py's end does) stops the script and what it started."""
    import io
    import threading

    from minis_cli.dev.process import ProcessGroup

    marker = tmp_path / "pids"
    script = (
        "import os, subprocess, sys, time; c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
        f"open({str(marker)!r}, 'w').write(f'{{os.getpid()}} {{c.pid}}'); time.sleep(60)"
    )
    made: list[ProcessGroup] = []
    starter = threading.Thread(target=lambda: made.append(ProcessGroup([sys.executable, "-c", script], tmp_path, os.environ, io.StringIO())))
    starter.start()
    starter.join()
    deadline = time.monotonic() + 10
    while not marker.exists() or len(marker.read_text().split()) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    pids = [int(p) for p in marker.read_text().split()]
    time.sleep(0.5)
    assert all(alive(p) for p in pids)  # the starting thread is gone, the script is not
    group = made[0]
    assert group._lifeline is not None
    os.close(group._lifeline)  # as minis-py's death would
    group._lifeline = None
    deadline = time.monotonic() + 10
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(p) for p in pids)
    group.process.wait(timeout=10)


# --- terminal output (issue 28) --------------------------------------------------------------------------


def test_a_busy_port_is_refused_before_anything_starts(dev_project: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = subprocess.run([*MINIS_PY, "dev", "--port", str(port)], cwd=dev_project, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and f"--port {port}: cannot listen on 127.0.0.1:{port}" in done.stderr and "nothing was started" in done.stderr
    assert "Starting" not in done.stdout and not (dev_project / "ran.marker").exists()


def test_no_package_json_is_said_so(make_project) -> None:
    project = make_project({"package.json": None})
    done = subprocess.run([*MINIS_PY, "dev", "--skip-checks"], cwd=project, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "there is no package.json in" in done.stderr, done.stderr
    assert "it has: none" not in done.stderr and "Starting" not in done.stdout


def test_a_package_json_without_scripts_says_it_has_none(make_project) -> None:
    project = make_project({"package.json": '{"name": "x"}'})
    done = subprocess.run([*MINIS_PY, "dev", "--skip-checks"], cwd=project, capture_output=True, text=True, timeout=60)
    assert "package.json has no dev or start script (it has no scripts)" in done.stderr, done.stderr


@needs_node
def test_ctrl_c_while_waiting_clears_the_spinner(make_project) -> None:
    """Issue 28: Ctrl-C while waiting for the dev server left "| waiting for the dev server on port N" on the line,
    and what followed was printed after it."""
    import io
    import threading

    from minis_cli.dev.session import DevOptions, DevSession
    from minis_cli.project import Project

    project = make_project(
        {
            "package.json": json.dumps({"name": "silent", "private": True, "scripts": {"dev": "node silent.cjs"}}),
            "minis.config.json": json.dumps({"clientKey": "awexample123", "dev": {"port": free_port()}}),
            "silent.cjs": "setInterval(() => {}, 1000);\n",
        }
    )
    terminal = io.StringIO()
    session = DevSession(Project(project), DevOptions(watch=False), terminal, terminal, isatty=True)
    threading.Timer(1.0, lambda: setattr(session, "stop_requested", True)).start()
    try:
        assert session.preflight()
        with pytest.raises(KeyboardInterrupt):
            session.start()
    finally:
        session.shutdown()
    shown = terminal.getvalue()
    assert "waiting for the dev server" in shown
    assert "waiting" not in shown.rsplit("\r\x1b[2K", 1)[-1], repr(shown[-200:])


def test_an_engine_export_over_the_size_limit_starts_with_warnings(make_project) -> None:
    """Issue 29 item 5: an engine's new Function and a main package over TikTok's 4 MB are warnings in `dev` (the
    developer runs the game while slimming it); `build` still refuses the size."""
    from minis_cli.lint.rules.project import NATIVE_GAME

    pixi = "/*!\n * pixi.js - v7.4.3\n */var PIXI=function(){function sync(code){return new Function('ud','uv',code)}return{sync}}();\n"
    project = make_project({**NATIVE_GAME, "libs/pixi.min.js": pixi, "assets/music.bin": "\x01" * (4 * 1024 * 1024 + 1)})
    process = start_dev(project)
    try:
        wait_for_line(process, "Game: ", 30)
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "warning: libs/pixi.min.js:3:51: MN402 new Function() in the PixiJS engine" in err
    assert "warning: game.json: MN021 the main package (outside subpackage roots) is 4.0 MB, over TikTok's 4 MB" in err
    built = subprocess.run([*MINIS_PY, "build"], cwd=project, capture_output=True, text=True, timeout=60)
    assert built.returncode == 1 and "MN021" in built.stderr + built.stdout
