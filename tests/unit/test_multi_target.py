"""Issue 30 items 2, 4, 5 and 7: multi-target projects (another platform's build and backends are not the Mini's
front end; the web target is TikTok's), environment guards (a web API that runs only outside TikTok), HTML games
from weak signals, and dev's one-line refusals."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from minis_cli.dev.session import DevOptions, DevSession
from minis_cli.project import Project

TARO_SCRIPTS = {"dev:weapp": "taro build --type weapp --watch", "dev:tt": "taro build --type tt --watch"}


def lint(cli, root: Path) -> list[str]:
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    return [line for line in run.stdout.splitlines() if " MN" in line]


def rules(cli, root: Path) -> set[str]:
    return {line.split(" ")[1] for line in lint(cli, root)}


# --- 2. multi-target projects ---------------------------------------------------------------------


def test_the_web_target_of_a_multi_target_project_is_its_dev_script(make_project) -> None:
    root = make_project({"package.json": json.dumps({"scripts": {**TARO_SCRIPTS, "dev:h5": "taro build --type h5 --watch"}})})
    assert Project(root).dev_script() == "dev:h5"
    assert Project(root).dev_script("dev:tt") == "dev:tt"  # --script still names any


def test_a_lone_named_script_is_not_a_multi_target_web_target(make_project) -> None:
    root = make_project({"package.json": json.dumps({"scripts": {"dev:h5": "vite"}})})
    assert Project(root).dev_script() is None


def test_mn003_on_a_project_with_only_other_platforms_scripts_says_to_add_the_web_target(cli, make_project) -> None:
    root = make_project({"package.json": json.dumps({"scripts": TARO_SCRIPTS})})
    run = cli("lint", ".", "--no-cache", "--output-format", "json", "--exit-zero", cwd=root)
    (finding,) = [d for d in json.loads(run.stdout) if d["rule"] == "MN003"]
    assert "dev:weapp (WeChat), dev:tt (Douyin)" in finding["hint"] and 'add a "dev:h5" script' in finding["hint"]


MINI_PROGRAM_PAGE = "Page({ copy() { navigator.clipboard.writeText('x'); }, go() { location.href = '/b'; } });\n"


@pytest.mark.parametrize(
    ("folder", "marker"),
    [
        ("build/wx", {"app.json": "{}", "app.wxss": ""}),
        ("out/douyin", {"app.json": "{}", "project.tt.json": "{}"}),
        ("mini", {"app.json": "{}", "mini.project.json": "{}"}),
        ("unpackage/dist/dev/mp-weixin", {"app.json": "{}"}),
        ("dist/build/mp-toutiao", {"app.json": "{}"}),
        ("dist-alipay", {"app.json": "{}"}),
    ],
)
def test_another_platforms_build_is_not_linted(cli, make_project, folder: str, marker: dict) -> None:
    files = {f"{folder}/{name}": text for name, text in marker.items()}
    root = make_project({**files, f"{folder}/pages/index/index.js": MINI_PROGRAM_PAGE})
    assert not [line for line in lint(cli, root) if line.startswith(folder)]
    project = Project(root)
    assert not [f.path for f in project.files if f.path.startswith(folder)]
    assert any(folder == skipped or folder.startswith(skipped + "/") for skipped in project.skipped_folders), project.skipped_folders


def test_taro_output_root_from_taro_env_is_a_build(make_project) -> None:
    config = "const env = process.env.TARO_ENV;\nmodule.exports = { outputRoot: env === 'weapp' ? 'dist' : 'dist_tt' };\n"
    root = make_project({"config/index.js": config, "dist_tt/app.js": "App({});\n", "dist/app.js": "App({});\n"})
    project = Project(root)
    assert {"dist", "dist_tt"} <= set(project.other_builds)
    assert not [f.path for f in project.files if f.path.startswith(("dist/", "dist_tt/"))]


@pytest.mark.parametrize(
    "path", ["cloudfunctions/login/index.js", "uniCloud-aliyun/cloudfunctions/pay/index.js", "apps/api/src/worker.js", "packages/game-server/index.js"]
)
def test_backends_of_multi_target_projects_and_monorepos_are_backend(cli, make_project, path: str) -> None:
    exchange = "export default { async fetch(request, env) { return fetch('https://open.tiktokapis.com/v2/oauth/token/', { method: 'POST' }); } };\n"
    root = make_project({path: exchange})
    assert "MN302" not in rules(cli, root)
    assert next(f for f in Project(root).files if f.path == path).in_backend_dir


def test_a_front_end_api_folder_stays_front_end(make_project) -> None:
    root = make_project({"src/api/client.js": "export const me = () => fetch('/me');\n"})
    assert not next(f for f in Project(root).files if f.path == "src/api/client.js").in_backend_dir


# --- 4. environment guards -------------------------------------------------------------------------

GUARDED = {
    "else of typeof": "if (typeof window.TTMinis !== 'undefined') { TTMinis.share(() => {}, { title: t }); } else { navigator.clipboard.writeText(t); }",
    "typeof undefined": "if (typeof TTMinis === 'undefined') navigator.clipboard.writeText(t);",
    "tt absent": "if (typeof tt == 'undefined') { location.href = '/web'; }",
    "user agent": (
        "const inApp = /TikTok|musical_ly/i.test(navigator.userAgent);\nexport function copy(t) { if (inApp) return; navigator.clipboard.writeText(t); }"
    ),
    "indexOf": "if (navigator.userAgent.indexOf('TikTok') === -1) location.assign('/web');",
    "ternary": "export const copy = (t) => (window.TTMinis ? TTMinis.share(() => {}, { title: t }) : navigator.clipboard.writeText(t));",
    "or": "export const go = () => window.TTMinis || location.replace('/web');",
    "platform name": "export function make(platform) { switch (platform) { case 'tiktok': return null; default: navigator.vibrate(10); } }",
    "factory": (
        "const inTikTok = () => typeof window.TTMinis !== 'undefined';\n"
        "class WebPlatform { copy(t) { return navigator.clipboard.writeText(t); } }\n"
        "function create() { if (inTikTok()) return null; return new WebPlatform(); }\n"
        "export const platform = create();\n"
    ),
    "adapter object": "const web = { copy: (t) => navigator.clipboard.writeText(t) };\nexport const api = window.TTMinis ? window.TTMinis : web;",
}
UNGUARDED = {
    "no guard": "export const copy = (t) => navigator.clipboard.writeText(t);",
    "inside TikTok": "if (typeof TTMinis !== 'undefined') { navigator.clipboard.writeText(t); }",
    "unknown condition": "if (window.isSecureContext) navigator.clipboard.writeText(t); else location.href = '/x';",
    "used both ways": (
        "class Web { copy(t) { return navigator.clipboard.writeText(t); } }\nexport const a = window.TTMinis ? null : new Web();\nexport const b = new Web();"
    ),
    "exported adapter": "export class WebPlatform { copy(t) { return navigator.clipboard.writeText(t); } }",
    "douyin target name": "const target = window.__TARGET__;\nif (target !== 'tt') navigator.clipboard.writeText(t);",
}


@pytest.mark.parametrize("code", GUARDED.values(), ids=GUARDED.keys())
def test_a_web_api_that_runs_only_outside_tiktok_is_not_reported(cli, make_project, code: str) -> None:
    root = make_project({"src/app.js": code + "\n"})
    assert not {"MN406", "MN409"} & rules(cli, root)


@pytest.mark.parametrize("code", UNGUARDED.values(), ids=UNGUARDED.keys())
def test_a_web_api_that_can_run_inside_tiktok_is_reported(cli, make_project, code: str) -> None:
    root = make_project({"src/app.js": code + "\n"})
    assert {"MN406", "MN409"} & rules(cli, root)


# Issue 30 item 1c: the guard in one module, the web API in another.
WEB = "export function copyLink(url) {\n  return navigator.clipboard.writeText(url);\n}\nexport const goHome = () => { window.location.href = '/home'; };\n"
ACROSS_MODULES = {
    "an imported function called in the else": {
        "src/web.js": WEB,
        "src/sdk.js": (
            "import { copyLink, goHome } from './web';\n"
            "export function share(url) {\n  if (typeof window.TTMinis !== 'undefined') TTMinis.share({ url, success() {}, fail() {} });\n"
            "  else copyLink(url);\n}\nexport const leave = () => { if (typeof TTMinis === 'undefined') goHome(); };\n"
        ),
    },
    "a flag from a helper module": {
        "src/env.js": "export const inApp = () => typeof window.TTMinis !== 'undefined';\n",
        "src/web.js": WEB,
        "src/main.js": "import { inApp } from './env';\nimport { copyLink, goHome } from './web';\nif (!inApp()) { copyLink('x'); goHome(); }\n",
    },
    "a module imported only behind the guard": {
        "src/env.js": "export function detect() {\n  return typeof window.TTMinis !== 'undefined';\n}\n",
        "src/webonly.js": "navigator.clipboard.writeText(document.title);\nwindow.location.href = '/web';\n",
        "src/main.js": "import { detect } from './env';\nif (!detect()) import('./webonly');\n",
    },
}
ACROSS_MODULES_UNGUARDED = {
    "also called unguarded": {
        "src/web.js": WEB,
        "src/sdk.js": "import { copyLink, goHome } from './web';\nif (typeof TTMinis === 'undefined') copyLink('x');\ncopyLink('y');\ngoHome();\n",
    },
    "imported by a namespace": {"src/web.js": WEB, "src/sdk.js": "import * as web from './web';\nif (typeof TTMinis === 'undefined') web.copyLink('x');\n"},
    "a module also imported statically": {
        "src/webonly.js": "navigator.clipboard.writeText(document.title);\n",
        "src/main.js": "import './webonly';\nif (typeof TTMinis === 'undefined') import('./webonly');\n",
    },
    "never imported": {"src/web.js": WEB},
}


@pytest.mark.parametrize("files", ACROSS_MODULES.values(), ids=ACROSS_MODULES.keys())
def test_a_guard_in_another_module(cli, make_project, files: dict) -> None:
    assert not {"MN406", "MN409"} & rules(cli, make_project(files))


@pytest.mark.parametrize("files", ACROSS_MODULES_UNGUARDED.values(), ids=ACROSS_MODULES_UNGUARDED.keys())
def test_a_web_api_another_module_can_run_inside_tiktok(cli, make_project, files: dict) -> None:
    assert {"MN406", "MN409"} & rules(cli, make_project(files))


def test_a_feature_check_in_a_native_game_runtime(cli, make_project) -> None:
    """Real projects (a LayaAir game's default device): `if (!navigator.vibrate) return;` is false inside a native game's
    runtime, which has no navigator.vibrate; a Mini's WebView may have it, so there it is still reported."""
    device = "export function buzz(long) {\n  if (!navigator.vibrate) return;\n  navigator.vibrate(long ? 400 : 15);\n}\n"
    game = {"game.json": "{}\n", "game.js": "import { buzz } from './device';\nbuzz(true);\n", "device.js": device}
    game["project.config.json"] = '{ "appid": "awgame000001" }\n'
    assert "MN406" not in rules(cli, make_project(game))
    assert "MN406" in rules(cli, make_project({"src/device.js": device}))


# --- 5. HTML games from weak signals ---------------------------------------------------------------

GAME_PAGE = '<!doctype html>\n<canvas id="stage"></canvas>\n<script src="js/game.js"></script>\n'
GAME_LOOP = "const ctx = document.getElementById('stage').getContext('2d');\nfunction loop() { ctx.fillRect(0, 0, 1, 1); requestAnimationFrame(loop); }\n"


@pytest.mark.parametrize(
    "extra",
    [
        "var tt = window.tt;\ntt.login({ success: loop, fail: loop });\n",
        "const ad = tt.createRewardedVideoAd({ adUnitId: 'ad1' });\nloop();\n",
        "function tt() { return window.TTMinis.game; }\ntt().onTouchStart(loop);\n",
    ],
)
def test_a_canvas_game_page_without_sdk_tag_or_config_is_a_legacy_html_game(cli, make_project, extra: str) -> None:
    root = make_project({"index.html": GAME_PAGE, "js/game.js": GAME_LOOP + extra, "minis.config.json": None}, baseline=False)
    assert Project(root).kind == "html-game"
    assert {"MN016", "MN509"} <= rules(cli, root)


@pytest.mark.parametrize(
    "files",
    [
        {"js/game.js": GAME_LOOP + "loop();\n"},  # a canvas animation: no games SDK, no ads
        {"js/game.js": GAME_LOOP + "TTMinis.init({ clientKey: 'awx' });\nTTMinis.createRewardedVideoAd({ adUnitId: 'a' });\n"},  # a drama's ad
        {"js/game.js": "const tt = window.tt;\ntt.login({});\nconst ad = tt.createRewardedVideoAd({ adUnitId: 'a' });\n"},  # no loop, no canvas code
        {"js/game.js": GAME_LOOP + "tt.login({});\n", "index.html": GAME_PAGE + '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n'},
    ],
)
def test_a_drama_with_some_of_the_signals_stays_a_mini(make_project, files: dict) -> None:
    root = make_project({"index.html": GAME_PAGE, **files}, baseline=False)
    assert Project(root).kind == "mini"


# --- 7. dev's refusals: one line each, with the fix -------------------------------------------------


def test_each_blocking_finding_is_one_line_with_its_fix(make_project) -> None:
    root = make_project({"src/app.js": "eval(window.name);\n"})
    err = io.StringIO()
    session = DevSession(Project(root, environ={}), DevOptions(), io.StringIO(), err)
    assert not session.preflight()
    (line,) = [line for line in err.getvalue().splitlines() if " MN401 " in line]
    assert line.startswith("error: src/app.js:1:1: MN401 ") and "(fix: Parse data with JSON.parse" in line
    assert "    try:" not in err.getvalue()
