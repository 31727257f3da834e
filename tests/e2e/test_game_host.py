"""The desktop host for native mini games (issue 14): game.js runs in a Worker with no DOM, drawing on the page's
canvas, with touches, storage, files, subpackages, the network relay and the container's platform APIs.

The games here are small fixtures written for these tests (a WeChat-style export, an ES-module game, one with a
weapp-style adapter, one that uses the DOM), in temporary folders."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from minis_cli.mock import MockTikTok

from .conftest import screenshot

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}

WECHAT_EXPORT = {
    "game.json": json.dumps({"deviceOrientation": "portrait", "subpackages": [{"name": "level2", "root": "packages/level2"}]}),
    "project.config.json": json.dumps({"appid": "awhostgame01", "packOptions": {"ignore": [{"type": "folder", "value": "server"}]}}),
    "game.js": """
require('./libs/boot');
const main = require('./src/main');
const canvas = wx.createCanvas();
const ctx = canvas.getContext('2d');
const info = wx.getSystemInfoSync();
canvas.width = info.windowWidth; canvas.height = info.windowHeight;
let score = wx.getStorageSync('score') || 0;
wx.onTouchStart(function (event) {
  score += 1;
  wx.setStorageSync('score', score);
  GameGlobal.lastTouch = event;
});
function frame() { main.draw(ctx, canvas, score); requestAnimationFrame(frame); }
requestAnimationFrame(frame);
wx.loadSubpackage({ name: 'level2', success: function () { GameGlobal.level2Loaded = true; }, fail: function (e) { GameGlobal.level2Error = e; } });
GameGlobal.checks = { document: typeof document, window: typeof window, localStorage: typeof localStorage, fetch: typeof fetch,
  XMLHttpRequest: typeof XMLHttpRequest, oneObject: tt === wx && wx === TTMinis.game && GameGlobal === globalThis, booted: GameGlobal.booted,
  launch: wx.getLaunchOptionsSync(), windowWidth: info.windowWidth, platformApis: typeof wx.login + typeof wx.createRewardedVideoAd };
""",
    "libs/boot.js": "GameGlobal.booted = 'yes';\n",
    "src/main.js": """
var palette = require('./palette.json');
exports.draw = function (ctx, canvas, score) {
  ctx.fillStyle = palette.background; ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = palette.text; ctx.font = '28px sans-serif'; ctx.fillText('Score ' + score, 24, 120);
};
""",
    "src/palette.json": json.dumps({"background": "#1e90ff", "text": "#ffffff"}),
    "packages/level2/game.js": "GameGlobal.level2 = require('./boss').name;\n",
    "packages/level2/boss.js": "module.exports = { name: 'the boss' };\n",
    "server/secret.js": "module.exports = 'SECRET-not-in-the-package';\n",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture
def host(tmp_path):
    with MockTikTok(client_key="awhostgame01") as mock:

        def open_game(page, files: dict[str, str], query: str = "", wait: str = "running"):
            root = write(tmp_path / "game", files) if files else tmp_path / "game"
            mock.host_game(root, title="host test", scene="021001", query={"from": "test"})
            page.set_viewport_size(PHONE)
            page.goto(f"{mock.url}/_mock/game/host{query}")
            page.wait_for_selector(f"body[data-game={wait}]")
            return page.workers[0]

        open_game.mock = mock
        yield open_game


def reports(page) -> list[dict]:
    return page.evaluate("window.__minisHost.reports()")


def pixel(page, x: int, y: int) -> list[int]:
    """The colour on screen at (x, y): from a screenshot, since the canvas belongs to the worker now."""
    import struct
    import zlib

    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    data, at = b"", 8  # a 1x1 PNG: its IDAT chunks hold one scanline, a filter byte then RGB(A)
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        if kind == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    return list(raw[1:4])


def test_a_wechat_style_export_runs_unchanged(page, host) -> None:
    worker = host(page, WECHAT_EXPORT)
    page.wait_for_function("() => true")
    checks = worker.evaluate("GameGlobal.checks")
    assert checks["document"] == checks["window"] == checks["localStorage"] == checks["fetch"] == checks["XMLHttpRequest"] == "undefined"
    assert checks["oneObject"] is True and checks["booted"] == "yes"
    assert checks["launch"] == {"scene": "021001", "query": {"from": "test"}}
    assert checks["windowWidth"] == PHONE["width"]
    assert checks["platformApis"] == "functionfunction"
    worker.evaluate(
        "new Promise(r => { const t = setInterval(() => { if (GameGlobal.level2Loaded || GameGlobal.level2Error) { clearInterval(t); r(); } }, 20); })"
    )
    assert worker.evaluate("GameGlobal.level2Error") is None
    assert worker.evaluate("GameGlobal.level2") == "the boss"

    assert pixel(page, 200, 400) == [0x1E, 0x90, 0xFF]  # drawn: the background of src/palette.json
    page.mouse.click(120, 300)
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.lastTouch) { clearInterval(t); r(); } }, 10); })")
    touch = worker.evaluate("GameGlobal.lastTouch")
    assert set(touch) == {"touches", "changedTouches", "timeStamp"}
    assert {k: touch["changedTouches"][0][k] for k in ("clientX", "clientY", "screenX", "screenY")} == {
        "clientX": 120,
        "clientY": 300,
        "screenX": 120,
        "screenY": 300,
    }
    assert isinstance(touch["changedTouches"][0]["identifier"], int)
    screenshot(page, "game-host-wechat-export")

    page.reload()  # storage is kept per mock user, across reloads
    page.wait_for_selector("body[data-game=running]")
    assert page.workers[0].evaluate("wx.getStorageSync('score')") == 1
    assert reports(page) == []


def test_only_package_files_are_served(page, host) -> None:
    host(page, WECHAT_EXPORT)
    mock = host.mock
    import httpx

    assert httpx.get(f"{mock.url}/_mock/game/pkg/src/main.js").status_code == 200
    for path in ("server/secret.js", "../../etc/passwd", ".minis/mock.sqlite3", "project.config.json/../server/secret.js"):
        answer = httpx.get(f"{mock.url}/_mock/game/pkg/{path}")
        assert answer.status_code == 404 and "SECRET" not in answer.text, path


def test_probes_are_quiet_and_calls_of_what_tiktok_lacks_are_errors_on_a_badge(page, host) -> None:
    """Engines probe dozens of APIs (typeof, if, in): no report. Calling one TikTok lacks throws, as on a phone,
    and is reported as an error naming whose it is; the DOM likewise. Reports go to a badge, the panel and dev's
    terminal, never a strip over the game: a tap at the bottom still reaches it. image.src = '' is no request."""
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
const canvas = tt.createCanvas();
canvas.getContext('2d').fillRect(0, 0, 10, 10);
GameGlobal.probes = [typeof tt.showToast, typeof wx.getUserProfile, 'createUserInfoButton' in wx, !!tt.triggerGC, typeof wx.getPerformance,
  typeof tt.onWindowResize, typeof tt.setInnerAudioOption, typeof WXWebAssembly];
GameGlobal.taps = 0;
tt.onTouchStart(function () { GameGlobal.taps += 1; });
const image = tt.createImage();
image.src = '';
setTimeout(function () { wx.getUserProfile({ desc: 'x' }); }, 0);
setTimeout(function () { document.createElement('canvas'); }, 10);
""",
    }
    printed: list[tuple[str, str]] = []
    host.mock.state.runtime_hooks.append(lambda level, message: printed.append((level, message)))
    worker = host(page, files)
    page.wait_for_function("window.__minisHost.reports().length >= 2")
    page.wait_for_timeout(200)
    found = reports(page)
    assert worker.evaluate("GameGlobal.probes") == ["undefined", "undefined", False, False, "undefined", "undefined", "undefined", "undefined"]
    assert [r["level"] for r in found] == ["error", "error"], found  # the probes and image.src = '' reported nothing
    profile = next(r["message"] for r in found if "getUserProfile" in r["message"])
    assert "wx.getUserProfile is not a function" in profile and "not in TikTok's games SDK (it is WeChat's)" in profile
    dom = next(r["message"] for r in found if "document" in r["message"])
    assert "document is not defined" in dom and "no DOM" in dom
    # a small badge, not a strip: the list stays closed, and the game keeps its taps at the bottom of the screen
    badge = page.locator("#host-badge")
    assert badge.is_visible() and badge.text_content() == "2" and badge.get_attribute("data-level") == "error"
    box = badge.bounding_box()
    assert box is not None and box["width"] <= 40 and box["height"] <= 30
    assert page.locator("#host-report").is_hidden()
    page.mouse.click(200, PHONE["height"] - 10)
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.taps) { clearInterval(t); r(); } }, 10); })")
    badge.click()
    assert page.locator("#host-report li[data-level=error]").count() == 2
    screenshot(page, "game-host-reports-badge")
    badge.click()
    assert page.locator("#host-report").is_hidden()
    # and the panel's feed and dev's terminal have them too
    log = host.mock.requests
    assert any(e["endpoint"] == "sdk:runtime.error" for e in log), [e["endpoint"] for e in log]
    assert not any("createImage" in json.dumps(e) for e in log)
    assert sorted(level for level, _ in printed) == ["error", "error"] and any("WeChat" in message for _, message in printed)


def test_es_modules_with_extensionless_specifiers_and_commonjs_together(page, host) -> None:
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": "import { greet } from './src/greet';\nimport legacy from './src/legacy';\nGameGlobal.result = greet('tt') + ' / ' + legacy.name;\n",
        "src/greet.js": "export function greet(who) { return 'hello ' + who; }\n",
        "src/legacy.js": "module.exports = { name: 'commonjs' };\n",
    }
    worker = host(page, files)
    assert worker.evaluate("GameGlobal.result") == "hello tt / commonjs"
    assert reports(page) == []


def test_a_weapp_style_adapter_gives_the_game_its_document(page, host) -> None:
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": "require('./weapp-adapter');\nconst c = document.createElement('canvas');\n"
        "GameGlobal.result = [typeof window, c === GameGlobal.screenCanvas, window.innerWidth];\n",
        "weapp-adapter.js": """
const screenCanvas = wx.createCanvas();
GameGlobal.screenCanvas = screenCanvas;
const info = wx.getSystemInfoSync();
GameGlobal.window = GameGlobal;
GameGlobal.innerWidth = info.windowWidth;
GameGlobal.document = { createElement: function (tag) { return tag === 'canvas' ? screenCanvas : {}; } };
""",
    }
    worker = host(page, files)
    assert worker.evaluate("GameGlobal.result") == ["object", True, PHONE["width"]]
    assert reports(page) == []


class Backend(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        answer = json.dumps({"got": json.loads(body), "origin": self.headers.get("origin")}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


def test_platform_apis_network_and_files(page, host) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    backend = f"http://127.0.0.1:{server.server_address[1]}"
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": f"""
tt.createCanvas();
GameGlobal.out = {{}};
tt.login({{ success: function (res) {{ GameGlobal.out.login = res; }}, fail: function (e) {{ GameGlobal.out.login = e; }} }});
var ad = tt.createRewardedVideoAd({{ adUnitId: 'ad-unit-1' }});
ad.onClose(function (res) {{ GameGlobal.out.ad = res; }});
ad.show().then(function () {{ GameGlobal.out.shown = true; }});
tt.request({{ url: '{backend}/api/login', method: 'POST', data: {{ code: 'abc' }}, success: function (res) {{ GameGlobal.out.request = res; }} }});
tt.request({{ url: 'https://elsewhere.example/x', fail: function (e) {{ GameGlobal.out.untrusted = e; }} }});
var fs = tt.getFileSystemManager();
fs.writeFileSync(tt.env.USER_DATA_PATH + '/save.txt', 'level 7', 'utf8');
GameGlobal.out.file = fs.readFileSync(tt.env.USER_DATA_PATH + '/save.txt', 'utf8');
try {{ fs.writeFileSync('game.js', 'x'); }} catch (e) {{ GameGlobal.out.readOnly = e.message; }}
GameGlobal.out.packageFile = fs.readFileSync('game.json', 'utf8');
""",
    }
    mock = host.mock
    mock.configure(trusted_domains=["api.mygame.example"])
    mock.queue_outcome("createRewardedVideoAd", "ended")
    try:
        worker = host(page, files)
        worker.evaluate(
            "new Promise(r => { const t = setInterval(() => { const o = GameGlobal.out;"
            " if (o.login && o.ad && o.request && o.untrusted) { clearInterval(t); r(); } }, 20); })"
        )
        out = worker.evaluate("GameGlobal.out")
    finally:
        server.shutdown()
    assert isinstance(out["login"]["code"], str) and out["login"]["code"]
    assert out["ad"] == {"isEnded": True} and out["shown"] is True
    assert out["request"]["statusCode"] == 200 and out["request"]["data"]["got"] == {"code": "abc"}
    assert out["request"]["data"]["origin"] is None  # made by the runtime, not a browser: no CORS, no Origin
    assert out["untrusted"]["error_code"] == 21100 and "URL not in domain list" in out["untrusted"]["error_msg"]
    assert out["file"] == "level 7"
    assert "permission denied" in out["readOnly"]
    assert out["packageFile"] == "{}"
    endpoints = [e["endpoint"] for e in mock.requests]
    assert "sdk:TTMinis.game.login" in endpoints and "sdk:TTMinis.game.request" in endpoints

    page.reload()  # the files under USER_DATA_PATH last for the session
    page.wait_for_selector("body[data-game=running]")
    assert page.workers[0].evaluate("tt.getFileSystemManager().readFileSync(tt.env.USER_DATA_PATH + '/save.txt', 'utf8')") == "level 7"


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG, written here (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def decode_png_pixel(data: bytes, x: int, y: int) -> list[int]:
    import struct
    import zlib

    at, idat, width = 8, b"", 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"IHDR":
            width = struct.unpack(">I", data[at + 8 : at + 12])[0]
        if kind == b"IDAT":
            idat += data[at + 8 : at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(idat)
    row = width * 4 + 1
    assert raw[y * row] == 0  # the host writes filter 0 rows
    start = y * row + 1 + x * 4
    return list(raw[start : start + 4])


PRELOAD_GAME = {
    "game.json": "{}",
    "project.config.json": json.dumps({"appid": "awhostgame01"}),
    "game.js": """
GameGlobal.out = { loads: 0, closes: [], errors: [] };
var ad = tt.createRewardedVideoAd({ adUnitId: 'ad-unit-1' });
GameGlobal.out.methods = ['load', 'onLoad', 'offLoad'].map(function (m) { return typeof ad[m]; });
GameGlobal.out.can = tt.canIUse('createRewardedVideoAd.load');
if (typeof ad.load === 'function') {
  ad.onLoad(function () { GameGlobal.out.loads += 1; });
  ad.onClose(function (res) { GameGlobal.out.closes.push(res); });
  ad.onError(function (e) { GameGlobal.out.errors.push(e.error_code); });
  // mini-games-preload-ads: preload, then show when the player chooses to watch
  ad.load().then(function () { return ad.show(); }).then(function () {
    return ad.load().then(function () { GameGlobal.out.second = 'loaded'; }, function (e) { GameGlobal.out.second = e.error_code; });
  }).then(function () { GameGlobal.out.done = true; });
} else {
  GameGlobal.out.done = true;
}
""",
}


def test_the_documented_preload_pattern_runs_in_the_native_host(page, host) -> None:
    """mini-games-preload-ads: `ad.load().then(() => ad.show())` in a native game's game.js; load() resolves with the
    queued outcome waiting for show() and fires onLoad, a queued no_fill rejects the next load() with onError."""
    mock = host.mock
    mock.queue_outcome("createRewardedVideoAd", "ended")
    mock.queue_outcome("createRewardedVideoAd", "no_fill")
    worker = host(page, PRELOAD_GAME)
    worker.evaluate(
        "new Promise(r => { const t = setInterval(() => { if (GameGlobal.out.done && GameGlobal.out.closes.length) { clearInterval(t); r(); } }, 20); })"
    )
    out = worker.evaluate("GameGlobal.out")
    assert out["methods"] == ["function", "function", "function"] and out["can"] is True
    assert out["loads"] == 1 and out["closes"] == [{"isEnded": True}]
    assert out["second"] == 1004 and out["errors"] == [1004]
    assert not [r for r in reports(page) if r.get("level") == "error"]


def test_before_tiktok_46_1_the_native_hosts_ads_have_no_load(page, host) -> None:
    host.mock.client_version = "46.0.0"
    worker = host(page, PRELOAD_GAME)
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.out.done) { clearInterval(t); r(); } }, 20); })")
    out = worker.evaluate("GameGlobal.out")
    assert out["methods"] == ["undefined", "undefined", "undefined"] and out["can"] is False


def test_images_to_data_url_lifecycle_keyboard_and_reload(page, host, tmp_path) -> None:
    import base64

    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
const canvas = tt.createCanvas();
canvas.width = 100; canvas.height = 100;
const ctx = canvas.getContext('2d');
GameGlobal.events = [];
tt.onShow((res) => GameGlobal.events.push('show'));
tt.onHide(() => GameGlobal.events.push('hide'));
tt.onKeyboardInput((res) => { GameGlobal.typed = res.value; });
const image = tt.createImage();
image.onload = () => { ctx.drawImage(image, 0, 0, 100, 100); GameGlobal.drawn = { width: image.width, url: canvas.toDataURL() }; };
image.src = 'assets/red.png';
""",
    }
    root = write(tmp_path / "game", files)
    (root / "assets").mkdir()
    (root / "assets" / "red.png").write_bytes(png(4, 4, (220, 20, 60)))
    worker = host(page, {})  # the files are already there
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.drawn) { clearInterval(t); r(); } }, 20); })")
    drawn = worker.evaluate("GameGlobal.drawn")
    assert drawn["width"] == 4 and drawn["url"].startswith("data:image/png;base64,")
    assert decode_png_pixel(base64.b64decode(drawn["url"].split(",", 1)[1]), 50, 50) == [220, 20, 60, 255]

    host.mock.fire_event("minis.hide")
    host.mock.fire_event("minis.show")
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.events.length >= 2) { clearInterval(t); r(); } }, 20); })")
    assert worker.evaluate("GameGlobal.events") == ["hide", "show"]

    worker.evaluate("tt.showKeyboard({ defaultValue: '', maxLength: 20 })")
    page.locator("#ttminis-mock-keyboard").press_sequentially("Ada")
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.typed === 'Ada') { clearInterval(t); r(); } }, 20); })")

    with page.expect_event("load"):  # dev's watch mode: the game restarts after a save
        assert host.mock.reload_game() >= 1
    page.wait_for_selector("body[data-game=running]")
    assert page.workers[-1].evaluate("GameGlobal.events") == []
    assert reports(page) == []


def wav(seconds: float = 0.05, rate: int = 8000) -> bytes:
    import struct

    samples = int(seconds * rate)
    data = bytes(128 + (40 if (i // 10) % 2 else -40) for i in range(samples))
    return (
        b"RIFF"
        + struct.pack("<I", 36 + samples)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate, 1, 8)
        + b"data"
        + struct.pack("<I", samples)
        + data
    )


def test_web_audio_graphs_are_built_on_the_pages_audio_context(page, host, tmp_path) -> None:
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
tt.createCanvas();
const ctx = tt.createWebAudioContext();
const gain = ctx.createGain();
gain.gain.value = 0.2;
gain.connect(ctx.destination);
const bytes = tt.getFileSystemManager().readFileSync('assets/beep.wav');
GameGlobal.audio = { start: ctx.currentTime, state: ctx.state, gain: gain.gain.value };
ctx.decodeAudioData(bytes).then((buffer) => {
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  source.connect(gain);
  source.start(ctx.currentTime);
  GameGlobal.audio.decoded = { duration: buffer.duration, sampleRate: buffer.sampleRate };
}, (e) => { GameGlobal.audio.error = String(e && e.error_msg || e); });
""",
    }
    root = write(tmp_path / "game", files)
    (root / "assets").mkdir()
    (root / "assets" / "beep.wav").write_bytes(wav())
    worker = host(page, {})
    worker.evaluate(
        "new Promise(r => { const t = setInterval(() => { if (GameGlobal.audio.decoded || GameGlobal.audio.error) { clearInterval(t); r(); } }, 20); })"
    )
    audio = worker.evaluate("GameGlobal.audio")
    assert audio.get("error") is None and abs(audio["decoded"]["duration"] - 0.05) < 0.01
    assert audio["state"] == "running" and audio["gain"] == 0.2
    assert reports(page) == []


def test_unzip_writes_the_archives_files_under_user_data_path(page, host, tmp_path) -> None:
    import io
    import zipfile

    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
tt.createCanvas();
const fs = tt.getFileSystemManager();
const dir = tt.env.USER_DATA_PATH + '/levels';
fs.unzip({ zipFilePath: 'assets/levels.zip', targetPath: dir,
  success: () => {
    GameGlobal.out = { one: fs.readFileSync(dir + '/one.json', 'utf8'), two: fs.readFileSync(dir + '/deep/two.txt', 'utf8'), list: fs.readdirSync(dir) };
  },
  fail: (e) => { GameGlobal.out = { error: e.error_msg }; } });
fs.unzip({ zipFilePath: 'assets/levels.zip', targetPath: 'assets', fail: (e) => { GameGlobal.refused = e.error_msg; } });
""",
    }
    root = write(tmp_path / "game", files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("one.json", '{"level": 1}', compress_type=zipfile.ZIP_STORED)
        archive.writestr("deep/two.txt", "level two " * 50, compress_type=zipfile.ZIP_DEFLATED)
    (root / "assets").mkdir()
    (root / "assets" / "levels.zip").write_bytes(buffer.getvalue())
    worker = host(page, {})
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.out && GameGlobal.refused) { clearInterval(t); r(); } }, 20); })")
    out = worker.evaluate("GameGlobal.out")
    assert out == {"one": '{"level": 1}', "two": "level two " * 50, "list": ["deep", "one.json"]}
    assert "permission denied" in worker.evaluate("GameGlobal.refused")


def test_the_network_relay_needs_the_sessions_token(host) -> None:
    import httpx

    mock = host.mock
    body = {"url": f"{mock.url}/_mock/health", "method": "GET"}
    assert httpx.post(f"{mock.url}/_mock/game/fetch", json=body).status_code == 403
    assert httpx.post(f"{mock.url}/_mock/game/fetch", json=body, headers={"x-minis-token": "guess"}).status_code == 403
    answer = httpx.post(f"{mock.url}/_mock/game/fetch", json=body, headers={"x-minis-token": mock.control_token})
    assert answer.status_code == 200 and answer.json()["status"] == 200
    assert (
        httpx.options(f"{mock.url}/_mock/game/fetch", headers={"origin": "https://evil.example", "access-control-request-method": "POST"}).headers.get(
            "access-control-allow-origin"
        )
        is None
    )


WASM_ADD = bytes.fromhex("0061736d0100000001070160027f7f017f030201000707010361646400000a09010700200020016a0b")  # add(a, b)
# the same module, brotli-compressed (node: zlib.brotliCompressSync), as TTWebAssembly loads *.wasm.br
WASM_ADD_BR = bytes.fromhex("1b2800f805ca6df75b186a29e6e8604930495f6902521850c8ff042874ac5bed2622e459057328d87417")


WAIT_OUT = "new Promise(r => { const t = setInterval(() => { const o = GameGlobal.out; if (o.results || o.error) { clearInterval(t); r(); } }, 20); })"


def test_ttwebassembly_instantiates_package_wasm_and_wasm_br(page, host, tmp_path) -> None:
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
tt.createCanvas();
GameGlobal.out = { global: typeof TTWebAssembly === 'object' && TTWebAssembly === tt.TTWebAssembly, plain: typeof WebAssembly };
Promise.all([
  TTWebAssembly.instantiate('wasm/add.wasm', {}).then((r) => [r.instance.exports.add(2, 3), r.module instanceof TTWebAssembly.Module]),
  TTWebAssembly.instantiate('wasm/add.wasm.br').then((r) => r.instance.exports.add(40, 2)),
  TTWebAssembly.compile('wasm/add.wasm').then((m) => new TTWebAssembly.Instance(m, {}).exports.add(1, 1)),
  TTWebAssembly.instantiate('https://cdn.example/add.wasm').then(() => 'resolved', (e) => e.message),
  TTWebAssembly.instantiate('wasm/missing.wasm').then(() => 'resolved', (e) => e.message),
]).then((all) => { GameGlobal.out.results = all; }, (e) => { GameGlobal.out.error = String(e); });
""",
    }
    root = write(tmp_path / "game", files)
    (root / "wasm").mkdir()
    (root / "wasm" / "add.wasm").write_bytes(WASM_ADD)
    (root / "wasm" / "add.wasm.br").write_bytes(WASM_ADD_BR)
    worker = host(page, {})
    worker.evaluate(WAIT_OUT)

    out = worker.evaluate("GameGlobal.out")
    assert out.get("error") is None, out
    assert out["global"] is True and out["plain"] == "object"  # game_webassembly "both", the default
    assert out["results"][:3] == [[5, True], 42, 2]
    assert "must be a wasm file of the package" in out["results"][3] and "not a file of the package" in out["results"][4]
    assert reports(page) == []

    host.mock.configure(game_webassembly="tt")  # only TTWebAssembly, as Douyin documents its runtime
    page.reload()
    page.wait_for_selector("body[data-game=running]")
    assert page.workers[-1].evaluate("[typeof WebAssembly, typeof TTWebAssembly.instantiate]") == ["undefined", "function"]


def test_read_compressed_file_inflates_brotli_package_and_user_files(page, host, tmp_path) -> None:
    """FileSystemManager.readCompressedFile / readCompressedFileSync (TikTok's changelog, SDK 0.18.0 / client 44.6.0;
    shaped as Douyin documents it): a brotli file of the package (a Unity converter's data file,
    *.webgl.data.unityweb.bin.br) or of env.USER_DATA_PATH gives its inflated bytes; not brotli, a missing file or
    another algorithm fails."""
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
tt.createCanvas();
const fs = tt.getFileSystemManager(), user = tt.env.USER_DATA_PATH + '/code.wasm.br';
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
const read = (o) => new Promise((resolve) => fs.readCompressedFile(Object.assign({ compressionAlgorithm: 'br' }, o, {
  success: (r) => resolve(hex(r.data)), fail: (e) => resolve('fail: ' + (e.errMsg || e.error_msg)) })));
GameGlobal.out = { sync: hex(fs.readCompressedFileSync({ filePath: 'data/add.wasm.br', compressionAlgorithm: 'br' })) };
fs.copyFileSync('data/add.wasm.br', user);
Promise.all([
  read({ filePath: 'data/add.wasm.br' }),
  read({ filePath: user }),
  read({ filePath: 'data/plain.bin' }),
  read({ filePath: 'data/missing.br' }),
  read({ filePath: 'data/add.wasm.br', compressionAlgorithm: 'gzip' }),
]).then((all) => { GameGlobal.out.results = all; }, (e) => { GameGlobal.out.error = String(e); });
""",
    }
    root = write(tmp_path / "game", files)
    (root / "data").mkdir()
    (root / "data" / "add.wasm.br").write_bytes(WASM_ADD_BR)
    (root / "data" / "plain.bin").write_bytes(WASM_ADD)  # not brotli
    worker = host(page, {})
    worker.evaluate(WAIT_OUT)

    out = worker.evaluate("GameGlobal.out")
    assert out.get("error") is None, out
    assert out["sync"] == WASM_ADD.hex()
    assert out["results"][:2] == [WASM_ADD.hex(), WASM_ADD.hex()]
    assert "brotli decompress fail data/plain.bin" in out["results"][2]
    assert "no such file or directory data/missing.br" in out["results"][3]
    assert "compressionAlgorithm must be 'br'" in out["results"][4]
    assert reports(page) == []


def test_wechats_require_plugin_says_the_plugin_is_not_in_the_package(page, host) -> None:
    """WeChat's Unity converter (minigame-unity-webgl-transform) loads Unity through requirePlugin('UnityPlugin'),
    WeChat's plugin, not in the package (game.json "plugins"); the game catches the ReferenceError and logs it."""
    files = {
        "game.json": json.dumps({"plugins": {"UnityPlugin": {"version": "1.2.65", "provider": "wxe5a48f1ed5f544b7"}}}),
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
tt.createCanvas();
let UnityManager;
try { UnityManager = requirePlugin('UnityPlugin', { enableRequireHostModule: true }).default; } catch (error) { console.error('requirePlugin:', error); }
""",
    }
    host(page, files)
    page.wait_for_function("window.__minisHost.reports().length >= 1")
    message = reports(page)[0]["message"]
    assert message.startswith("requirePlugin is not defined (caught and logged by the game)"), message
    assert "WeChat's and Douyin's" in message and "not in the package" in message and "TikTok SDK for Unity" in message


def test_inner_audio_context_has_tiktoks_documented_events(page, host, tmp_path) -> None:
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
tt.createCanvas();
const audio = tt.createInnerAudioContext();
const names = ['Canplay', 'Ended', 'Error', 'Pause', 'Play', 'Seeked', 'Seeking', 'Stop', 'TimeUpdate', 'Waiting'];
GameGlobal.out = { methods: names.map((n) => typeof audio['on' + n] + typeof audio['off' + n]), wechatOnly: typeof audio.onCanplayThrough,
  memory: typeof tt.onMemoryWarning + typeof tt.offMemoryWarning, events: [] };
const dropped = () => GameGlobal.out.events.push('dropped');
audio.onCanplay(dropped);
audio.offCanplay(dropped);
let stopped = false;
audio.onCanplay(() => { GameGlobal.out.events.push('canplay'); if (!stopped) { stopped = true; audio.stop(); } });
audio.onStop(() => GameGlobal.out.events.push('stop'));
audio.src = 'assets/beep.wav';
""",
    }
    root = write(tmp_path / "game", files)
    (root / "assets").mkdir()
    (root / "assets" / "beep.wav").write_bytes(wav())
    worker = host(page, {})
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.out.events.includes('stop')) { clearInterval(t); r(); } }, 20); })")
    out = worker.evaluate("GameGlobal.out")
    assert out["methods"] == ["functionfunction"] * 10 and out["wechatOnly"] == "undefined"
    assert out["memory"] == "functionfunction"
    assert out["events"][:2] == ["canplay", "stop"] and "dropped" not in out["events"]  # offCanplay took the same function off
    assert reports(page) == []


def test_system_info_is_the_simulated_phone_not_the_desktop(page, host, tmp_path) -> None:
    """Opened in a desktop-sized window, getSystemInfoSync and its relatives still give the simulator's phone (the
    iPhone preset, portrait), the screen shows the phone's canvas scaled to fit, and a touch lands in its pixels."""
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
tt.createCanvas();
GameGlobal.info = tt.getSystemInfoSync();
tt.getWindowInfo({ success: (res) => { GameGlobal.windowInfo = res; } });
GameGlobal.windowNow = tt.getWindowInfo();  // returned as wx.getWindowInfo() does: Cocos Creator 3.8 reads it so
tt.getSystemInfo({ success: (res) => { GameGlobal.asyncInfo = res; } });
tt.onTouchStart((e) => { GameGlobal.touch = e.changedTouches[0]; });
""",
    }
    write(tmp_path / "game", files)
    mock = host.mock
    mock.host_game(tmp_path / "game", title="desktop")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{mock.url}/_mock/game/host")
    page.wait_for_selector("body[data-game=running]")
    worker = page.workers[0]
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.windowInfo && GameGlobal.asyncInfo) { clearInterval(t); r(); } }, 20); })")
    info = worker.evaluate("GameGlobal.info")
    phone = {"screenWidth": 390, "screenHeight": 844, "windowWidth": 390, "windowHeight": 844, "pixelRatio": 3, "statusBarHeight": 47}
    assert {k: info[k] for k in phone} == phone
    assert info["safeArea"] == {"left": 0, "right": 390, "top": 47, "bottom": 810, "width": 390, "height": 763}
    assert info["platform"] == "ios" and info["deviceOrientation"] == "portrait" and info["devicePixelRatio"] == 3
    assert {k: worker.evaluate("GameGlobal.windowInfo")[k] for k in phone} == phone
    assert {k: worker.evaluate("GameGlobal.windowNow")[k] for k in phone} == phone
    assert {k: worker.evaluate("GameGlobal.asyncInfo")[k] for k in phone} == phone
    box = page.locator("#screen").bounding_box()
    assert box is not None and abs(box["height"] - 800) < 1 and abs(box["width"] - 390 * 800 / 844) < 1  # fitted, centred
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.touch) { clearInterval(t); r(); } }, 10); })")
    touch = worker.evaluate("GameGlobal.touch")
    assert abs(touch["clientX"] - 195) <= 1 and abs(touch["clientY"] - 422) <= 1

    # game.json's deviceOrientation: landscape, as dev and mock serve --game honour it
    (tmp_path / "game" / "game.json").write_text(json.dumps({"deviceOrientation": "landscape"}))
    mock.host_game(tmp_path / "game", title="desktop")
    page.reload()
    page.wait_for_selector("body[data-game=running]")
    landscape = page.workers[-1].evaluate("tt.getSystemInfoSync()")
    assert [landscape["windowWidth"], landscape["windowHeight"], landscape["deviceOrientation"]] == [844, 390, "landscape"]


def test_mock_serve_game_honours_the_orientation_and_the_appid(tmp_path) -> None:
    import re
    import signal
    import subprocess
    import sys

    import httpx

    root = write(
        tmp_path / "landscape-game",
        {
            "game.json": json.dumps({"deviceOrientation": "landscape"}),
            "project.config.json": json.dumps({"appid": "awlandscape01"}),
            "game.js": "tt.createCanvas();\n",
        },
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "minis_cli", "mock", "serve", "--game", str(root), "--print-config", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        config = json.loads(process.stdout.readline())
        assert config["client_key"] == "awlandscape01"
        page = httpx.get(f"{config['url']}/_mock/game/host").text
        device = json.loads(re.search(r"window.GAME_HOST = (\{.*?\});</script>", page).group(1))["device"]
        assert [device["orientation"], device["width"], device["height"]] == ["landscape", 844, 390]
        simulator = httpx.get(f"{config['url']}/_mock/simulator").text
        assert '"orientation":"landscape"' in simulator.replace(" ", "")
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)


def test_the_open_data_context_is_a_blank_canvas_and_a_caught_error_is_still_reported(page, host) -> None:
    """Real exports (issue 29): Cocos Creator 2 reads getOpenDataContext().canvas at start-up (it crashed on null), and
    Cocos Creator 3 wraps its start-up in .catch(console.error), so a missing API left a black screen and no report."""
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
const screen = tt.createCanvas();
const ctx = screen.getContext('2d');
const open = tt.getOpenDataContext();
open.postMessage({ type: 'rank' });
const shared = open.canvas;
GameGlobal.shared = [shared.width > 0, shared.height > 0, typeof shared.getContext, tt.getSharedCanvas() === shared, tt.getOpenDataContext() === open];
ctx.fillStyle = '#00ff00'; ctx.fillRect(0, 0, screen.width, screen.height);
ctx.drawImage(shared, 0, 0);
Promise.resolve().then(function () { wx.getUserProfile({ desc: 'x' }); }).catch(console.error);
Promise.resolve().then(function () { wx.getUserProfile({ desc: 'again' }); }).catch(console.error);
""",
    }
    worker = host(page, files)
    page.wait_for_function("window.__minisHost.reports().length >= 2")
    page.wait_for_timeout(200)
    assert worker.evaluate("GameGlobal.shared") == [True, True, "function", True, True]
    found = reports(page)
    assert [r["level"] for r in found] == ["warn", "error"], found  # the open data context once, the logged error once
    assert "open data context" in found[0]["message"] and "blank" in found[0]["message"]
    assert "wx.getUserProfile is not a function" in found[1]["message"] and "caught and logged by the game" in found[1]["message"]
    assert "it is WeChat's" in found[1]["message"]


def test_device_orientation_listeners_are_not_tiktoks(page, host) -> None:
    """tt.onDeviceOrientationChange is WeChat's (base library 2.1.0) and Douyin's (3.66.0), not in TikTok's games SDK
    pages: probing it (as Cocos Creator 3.8's adapters do) reports nothing, calling it is the phone's TypeError,
    reported with whose it is."""
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
GameGlobal.probed = [typeof tt.onDeviceOrientationChange, typeof wx.offDeviceOrientationChange, typeof tt.setDeviceOrientation];
if (tt.onDeviceOrientationChange) tt.onDeviceOrientationChange(function () {});
setTimeout(function () { tt.onDeviceOrientationChange(function () {}); }, 0);
""",
    }
    worker = host(page, files)
    page.wait_for_function("window.__minisHost.reports().length >= 1")
    page.wait_for_timeout(100)
    assert worker.evaluate("GameGlobal.probed") == ["undefined", "undefined", "undefined"]
    found = reports(page)
    assert len(found) == 1 and found[0]["level"] == "error", found
    assert "tt.onDeviceOrientationChange is not a function" in found[0]["message"]
    assert "not in TikTok's games SDK (it is WeChat and Douyin's)" in found[0]["message"], found
    # what to do: guard it, or let the host provide it (the game's own file: no engine named)
    assert "tt.canIUse('onDeviceOrientationChange')" in found[0]["message"] and "--game-allow-api onDeviceOrientationChange" in found[0]["message"]
    assert "Cocos" not in found[0]["message"]


def test_an_engines_unguarded_call_names_the_engine_and_tiktoks_cocos_guide(page, host) -> None:
    """Cocos Creator 3.8's mini-game builds call tt.onDeviceOrientationChange while cc loads, in cocos-js/ (real
    exports: MiniGamesStudio/MiniGameArrow's bytedance-mini-game and wechatgame builds). Absent by default (TikTok's
    pages do not list it); the error names the engine, TikTok's Cocos guide, canIUse and the setting."""
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "cocos-js/cc.js": "var oo = 1;\ntt.onDeviceOrientationChange(function (t) { oo = t.value; });\nmodule.exports = {};\n",
        "game.js": "Promise.resolve().then(function () { require('./cocos-js/cc.js'); }).catch(console.error);\n",
    }
    host(page, files)
    page.wait_for_function("window.__minisHost.reports().length >= 1")
    message = reports(page)[0]["message"]
    assert "tt.onDeviceOrientationChange is not a function" in message
    assert "Cocos Creator 3.x's engine (cocos-js/) calls it unguarded" in message, message
    assert "build-mini-games-with-cocos" in message and "tt.canIUse('onDeviceOrientationChange')" in message
    assert "--game-allow-api onDeviceOrientationChange" in message and "dev.gameAllowApis" in message


def test_game_allow_api_provides_douyins_orientation_apis_and_says_so_once(page, host) -> None:
    """With --game-allow-api (game_allow_apis), the host provides the named APIs TikTok's pages do not list, shaped
    as Douyin documents them: onDeviceOrientationChange's listener gets {value} after a successful
    setDeviceOrientation ({errMsg: 'setDeviceOrientation: ok'}); offDeviceOrientationChange removes it; canIUse
    says they are there. A running game cannot be rotated here (the simulator restarts it): that call fails, saying
    so. Each API used is reported once, as not in TikTok's docs."""
    host.mock.configure(game_allow_apis=("onDeviceOrientationChange", "offDeviceOrientationChange", "setDeviceOrientation"))
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "game.js": """
GameGlobal.heard = [];
GameGlobal.answers = [];
function listener(res) { GameGlobal.heard.push(res.value); }
tt.onDeviceOrientationChange(listener);
wx.onDeviceOrientationChange(function (res) { GameGlobal.heard.push('second:' + res.value); });
GameGlobal.canIUse = [tt.canIUse('onDeviceOrientationChange'), tt.canIUse('setDeviceOrientation'), typeof TTMinis.game.offDeviceOrientationChange];
tt.setDeviceOrientation({ value: 'portrait', success: function (r) { GameGlobal.answers.push(r.errMsg); } });
tt.setDeviceOrientation({ value: 'landscape', fail: function (r) { GameGlobal.answers.push(r.errMsg); } });
setTimeout(function () {
  tt.offDeviceOrientationChange(listener);
  tt.setDeviceOrientation({ value: 'portrait', complete: function () { GameGlobal.done = true; } });
}, 50);
""",
    }
    worker = host(page, files)
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.done) { clearInterval(t); r(); } }, 20); })")
    page.wait_for_timeout(100)
    assert worker.evaluate("GameGlobal.canIUse") == [True, True, "function"]
    assert worker.evaluate("GameGlobal.heard") == ["portrait", "second:portrait", "second:portrait"]
    answers = worker.evaluate("GameGlobal.answers")
    assert answers[0] == "setDeviceOrientation: ok" and answers[1].startswith("setDeviceOrientation:fail the desktop host cannot rotate"), answers
    found = reports(page)
    assert [r["level"] for r in found] == ["warn", "warn", "warn"], found  # once each, however often called
    assert all("provided by --game-allow-api: not in TikTok's docs" in r["message"] for r in found)
    assert sorted(r["message"].split("(")[0] for r in found) == ["tt.offDeviceOrientationChange", "tt.onDeviceOrientationChange", "tt.setDeviceOrientation"]


def test_a_file_that_does_not_compile_is_named_with_its_line(page, host) -> None:
    """V8's SyntaxError from the worker's compile names no file (a real three.js export, stephenml/wxgame-threejs, said
    only "unhandled promise rejection: Unexpected token 'export'"): the error names the package file and line, and
    export-default-from (`export X from './X'`, a Babel proposal WeChat DevTools' compile takes) says what to write."""
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "libs/events/TouchEvent.js": "export default function TouchEvent() {}\n",
        "libs/events/index.js": "// the adapter's events\nexport TouchEvent from './TouchEvent'\n",
        "src/broken.js": "var a = 1;\n\nvar b = [1, 2;\n",
        "game.js": """
try { require('./src/broken.js'); } catch (e) { GameGlobal.broken = [e.name, e.message]; }
require('./libs/events/index.js');
""",
    }
    worker = host(page, files, wait="booted")
    page.wait_for_function("window.__minisHost.reports().length >= 1")
    name, message = worker.evaluate("GameGlobal.broken")
    assert name == "SyntaxError" and "in src/broken.js:3" in message, message
    found = reports(page)
    assert len(found) == 1 and "in libs/events/index.js:2:1 (the file does not compile)" in found[0]["message"], found
    assert "export-default-from" in found[0]["message"] and "`export { default as TouchEvent } from './TouchEvent'`" in found[0]["message"]


def test_laya_on_the_bytedance_path_and_egrets_shared_canvas_are_explained(page, host) -> None:
    """LayaAir 2's engine takes its ByteDance path when wx and tt both exist (TikTok documents both) and calls
    window.ttMiniGame, which only its ByteDance adapter defines; Egret 5.2's canvas render mode writes
    window.sharedCanvas, WeChat's open-data-context canvas. Each bare TypeError says so, from the engine's file."""
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "libs/laya.core.js": "if ('wx' in GameGlobal) { if ('tt' in GameGlobal) { window.ttMiniGame(GameGlobal, GameGlobal); } }\n",
        "game.js": "GameGlobal.window = GameGlobal;\nsetTimeout(function () { require('./libs/laya.core.js'); }, 0);\n",
    }
    host(page, files)
    page.wait_for_function("window.__minisHost.reports().length >= 1")
    message = reports(page)[0]["message"]
    assert "ttMiniGame is not a function" in message and "LayaAir's engine sees both wx and tt" in message, message
    assert "publish LayaAir's ByteDance (Douyin) target" in message
    files = {
        "libs/laya.core.js": "",
        "egret.wxgame.js": "exports.resize = function (w) {\n  window['sharedCanvas'].width = w;\n};\n",
        "game.js": "GameGlobal.window = GameGlobal;\nsetTimeout(function () { require('./egret.wxgame.js').resize(10); }, 0);\n",
    }
    host(page, files)
    page.wait_for_function("window.__minisHost.reports().length >= 1")
    message = reports(page)[0]["message"]
    assert "Cannot set properties of undefined (setting 'width')" in message and "Egret's canvas render mode writes window.sharedCanvas" in message
    assert "getOpenDataContext().canvas" in message, message
    # the same TypeError elsewhere says nothing of Egret
    files = {"egret.wxgame.js": "", "game.js": "setTimeout(function () { var x; x.width = 1; }, 0);\n"}
    host(page, files)
    page.wait_for_function("window.__minisHost.reports().length >= 1")
    assert "Egret" not in reports(page)[0]["message"]


def test_an_adapter_may_replace_the_global_performance(page, host) -> None:
    """ByteDance's adapters (a real LayaAir 2.10 bytedancegame export's microgame-adapter.js) set window.performance,
    window being GameGlobal, from tt.getPerformance, which TikTok's games SDK does not list: undefined. The host's own
    clocks (the frame hook, a WebAudio context's currentTime) kept reading the global and threw every frame (43
    errors in a few seconds, the game's first frame drawn over them)."""
    files = {
        "game.json": "{}",
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        "microgame-adapter.js": """
var perf = void 0;
if (tt.getPerformance) { var p = tt.getPerformance(), start = p.now(); perf = { now: function () { return (p.now() - start) / 1000; } }; }
GameGlobal.performance = perf;
""",
        "game.js": """
require('./microgame-adapter.js');
const ctx = tt.createCanvas().getContext('2d');
const audio = tt.createWebAudioContext();
GameGlobal.frames = 0;
function frame() {
  GameGlobal.frames += 1;
  GameGlobal.clock = audio.currentTime;
  ctx.fillStyle = GameGlobal.frames % 2 ? '#00ff00' : '#00fe00'; ctx.fillRect(0, 0, 100, 100);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
""",
    }
    worker = host(page, files)
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.frames >= 20) { clearInterval(t); r(); } }, 20); })")
    assert worker.evaluate("[typeof performance, typeof GameGlobal.clock]") == ["undefined", "number"]
    assert reports(page) == []
