"""A Cocos Creator export with remote bundles in the desktop host (issue 29): its settings name a resource server,
the build's remote/ folder holds the bundles, and the engine downloads `<server>/remote/<bundle>/...` with
downloadFile. Cocos's docs have the developer upload remote/ to that server (and test with a local static server);
the host answers those downloads from remote/ itself, so the game draws its first frame on the desktop.

The export here is a tiny fixture of our own in Cocos 2.4's shape (src/settings.js's window._CCSettings with `server`
and `remoteBundles`, a remote/ folder), in a temporary folder. Its server is never reached: remote/ answers, or the
runtime refuses the URL (21100), or the server is a closed port on loopback."""

from __future__ import annotations

import json

import pytest

from minis_cli.mock import MockTikTok

from .test_game_host import PHONE, pixel, reports, write

pytestmark = pytest.mark.e2e
SERVER = "https://cdn.mygame.example"


def cocos_export(server: str, bundles: str = '["x"]') -> dict[str, str]:
    return {
        "game.json": json.dumps({"deviceOrientation": "portrait"}),
        "project.config.json": json.dumps({"appid": "awhostgame01"}),
        # What Cocos 2.4 writes, minified as its build does (the adapter defines window before settings.js runs)
        "src/settings.js": (
            f'window._CCSettings={{platform:"bytedance",groupList:["default"],hasResourcesBundle:false,remoteBundles:{bundles},'
            f'subpackages:[],launchScene:"db://assets/main.fire",server:"{server}",jsList:[],bundleVers:{{x:"1a2b3"}}}};'
        ),
        "game.js": """
GameGlobal.window = GameGlobal;  // what an engine's adapter does first
require('./src/settings');
var settings = window._CCSettings;
var canvas = tt.createCanvas();
var ctx = canvas.getContext('2d');
var info = tt.getSystemInfoSync();
canvas.width = info.windowWidth; canvas.height = info.windowHeight;
GameGlobal.out = {};
function download(name, then) {
  tt.downloadFile({
    url: settings.server + '/remote/x/' + name,
    success: function (res) { then(null, res); },
    fail: function (e) { then(e); }
  });
}
download('config.json', function (err, res) {
  if (err) { GameGlobal.out.error = err; return; }
  var config = JSON.parse(tt.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8'));
  GameGlobal.out.config = config; GameGlobal.out.status = res.statusCode;
  ctx.fillStyle = config.background; ctx.fillRect(0, 0, canvas.width, canvas.height);  // the first frame, drawn when it arrives
});
GameGlobal.missing = function () { download('missing.json', function (err, res) { GameGlobal.out.missing = err || res; }); };
""",
        "remote/x/config.json": json.dumps({"background": "#ff8800", "scene": "main"}),
        "remote/x/import/ab/abcdef.json": json.dumps([1, 2, 3]),
    }


WAIT = "new Promise(r => { const t = setInterval(() => { const o = GameGlobal.out; if (o.config || o.error) { clearInterval(t); r(); } }, 20); })"


@pytest.fixture
def mock():
    with MockTikTok(client_key="awhostgame01") as running:
        yield running


def open_game(page, mock: MockTikTok, root):
    mock.host_game(root, title="remote bundles")
    page.set_viewport_size(PHONE)
    page.goto(f"{mock.url}/_mock/game/host")
    page.wait_for_selector("body[data-game=running]")
    return page.workers[0]


def test_remote_bundles_come_from_the_exports_remote_folder_and_the_first_frame_draws(page, mock, tmp_path) -> None:
    root = write(tmp_path / "game", cocos_export(SERVER))
    worker = open_game(page, mock, root)
    worker.evaluate(WAIT)
    out = worker.evaluate("GameGlobal.out")
    assert "error" not in out, out
    assert out["config"] == {"background": "#ff8800", "scene": "main"} and out["status"] == 200
    assert pixel(page, 200, 400) == [0xFF, 0x88, 0x00]  # the first frame, drawn from the downloaded config
    said = [r["message"] for r in reports(page)]
    notice = f"serving remote bundles from remote/ for {SERVER}: on a phone they come from that server; upload remote/ there"
    assert said.count(notice) == 1, said
    served = [e for e in mock.requests if e["endpoint"] == "game_remote_bundle"]
    assert [e["path"] for e in served] == [f"{SERVER}/remote/x/config.json"]
    # remote/ is not in the package: the host's package route does not serve it
    assert page.request.get(f"{mock.url}/_mock/game/pkg/remote/x/config.json").status == 404
    assert page.request.get(f"{mock.url}/_mock/game/pkg/src/settings.js").status == 200


def test_a_file_not_in_remote_goes_to_the_server_and_the_setting_turns_it_off(page, mock, tmp_path) -> None:
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens, so a download that reaches the network fails at once
    root = write(tmp_path / "game", cocos_export(closed))
    worker = open_game(page, mock, root)
    worker.evaluate(WAIT)
    assert worker.evaluate("GameGlobal.out.status") == 200
    worker.evaluate("GameGlobal.missing()")
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.out.missing) { clearInterval(t); r(); } }, 20); })")
    assert worker.evaluate("GameGlobal.out.missing.error_code") == 10401  # not in remote/: the network, as before

    mock.configure(game_remote_bundles=False)  # mock serve --no-game-remote-bundles, dev.gameRemoteBundles false
    worker = open_game(page, mock, root)
    worker.evaluate(WAIT)
    assert worker.evaluate("GameGlobal.out.error.error_code") == 10401  # the server itself was asked
    assert not [r for r in reports(page) if "serving remote bundles" in r["message"]]


def test_the_resource_server_must_be_a_trusted_domain_when_they_are_set(page, mock, tmp_path) -> None:
    mock.configure(trusted_domains=["api.mygame.example"])
    root = write(tmp_path / "game", cocos_export(SERVER))
    worker = open_game(page, mock, root)
    worker.evaluate(WAIT)
    error = worker.evaluate("GameGlobal.out.error")
    assert error["error_code"] == 21100 and f"{SERVER}/remote/x/config.json" in error["error_msg"]  # as a phone refuses it

    mock.configure(trusted_domains=["api.mygame.example", "cdn.mygame.example"])
    worker = open_game(page, mock, root)
    worker.evaluate(WAIT)
    assert worker.evaluate("GameGlobal.out.status") == 200


def test_without_a_server_remote_is_an_ordinary_folder_of_the_package(page, mock, tmp_path) -> None:
    root = write(tmp_path / "game", cocos_export(""))
    open_game(page, mock, root)
    assert page.request.get(f"{mock.url}/_mock/game/pkg/remote/x/config.json").status == 200
