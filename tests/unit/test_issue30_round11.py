"""Held-out round 11 of issue 30 (a Vite/PixiJS mini game with a DOM adapter and a Cloudflare Worker beside it): a
native game's adapter defining `GameGlobal.location` is not navigation (MN409), and a serverless backend's code
(`workers/wrangler.toml`) is not the game's, even when something in the package imports it (MN508)."""

from __future__ import annotations

from pathlib import Path

from minis_cli.bundled import detect_bundled
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

GAME = {
    "game.json": '{"deviceOrientation": "portrait"}',
    "project.config.json": '{"appid": "tt0123456789abcdef01", "compileType": "game"}',
    "game.js": "import './src/adapter/index.js'\nimport './workers/src/index.js'\n",
    "src/adapter/location.js": "export default { href: '' }\n",
    "src/adapter/index.js": (
        "import location from './location'\nexport default function inject() {\n  GameGlobal.window = GameGlobal\n  GameGlobal.location = location\n}\n"
    ),
    "workers/wrangler.toml": 'name = "scores"\nmain = "src/index.js"\n',
    "workers/src/index.js": "export default { async fetch(request) { return fetch(request.url); } };\n",
}


def rules(make_project, files: dict[str, str]) -> list[str]:
    root = make_project(files)
    return [f"{d.path}:{d.rule_id}" for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id in ("MN409", "MN508")]


def test_an_adapter_defining_location_and_a_worker_beside_the_game_are_not_reported(make_project) -> None:
    assert rules(make_project, GAME) == []


def test_navigation_and_a_game_script_reading_fetch_still_are(make_project) -> None:
    files = {**GAME, "src/adapter/index.js": "export default function go() {\n  GameGlobal.location = 'https://example.com/'\n}\n"}
    files["src/net.js"] = "export const get = (url) => fetch(url);\n"
    files["game.js"] += "import './src/net.js'\n"
    del files["workers/wrangler.toml"]
    found = rules(make_project, files)
    assert "src/adapter/index.js:MN409" in found
    assert "src/net.js:MN508" in found and "workers/src/index.js:MN508" in found


def test_a_page_beside_a_native_game_is_not_checked_for_external_resources(make_project) -> None:
    """Round 11: admin.html (a web console loading Vue from unpkg) beside a native game blocked dev with MN404 errors;
    TikTok's native runtime never loads a page."""
    page = '<!doctype html><html><head><script src="https://unpkg.com/vue@3/dist/vue.global.js"></script></head></html>\n'
    files = {**GAME, "admin.html": page}
    root = make_project(files)
    found = [d.rule_id for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.path == "admin.html"]
    assert "MN404" not in found


def test_a_shim_game_js_importing_the_unbuilt_bundle_is_a_package_waiting_for_its_build(make_project) -> None:
    """Round 11 (a Vite game): the root's game.js only imports `./dist/game.js`, which `npm run build:tt` writes, with
    the subpackages; before the build, dev says so (naming the script) instead of refusing on MN019, which it leaves out."""
    from minis_cli.dev.session import DevOptions, dev_decision

    files = {
        "package.json": '{"name": "kick", "scripts": {"build:tt": "vite build --mode douyin", "dev": "vite"}}',
        "game.json": '{"deviceOrientation": "portrait", "subpackages": [{"name": "levels", "root": "subpackages/levels/"}]}',
        "project.config.json": '{"appid": "tt0123456789abcdef01", "compileType": "game"}',
        "game.js": "import './src/adapter/symbol.js';\n// import './src/old.js';\nimport './dist/game.js';\n",
        "src/adapter/symbol.js": "export const ready = true;\n",
    }
    root = make_project(files)
    project = Project(root, environ={})
    assert [d.rule_id for d in run(project, LintOptions(use_cache=False)).diagnostics if d.rule_id == "MN019"] == []
    decision = dev_decision(project, DevOptions(watch=False))
    assert not decision.starts
    assert decision.why.startswith("game.js loads ./dist/game.js, which is not there")
    assert "(npm run build:tt)" in decision.why


PLATFORM = """export default class Platform {
  constructor() {
    this.env = this.detectEnv();
  }

  detectEnv() {
    if (typeof tt !== 'undefined') return 'douyin';
    if (typeof wx !== 'undefined') return 'wechat';
    return 'web';
  }

  getProvider() {
    if (this.env === 'douyin') return tt;
    if (this.env === 'wechat') return wx;
    return null;
  }

  profile(done) {
    const provider = this.getProvider();
    if (this.env === 'wechat') {
      provider.getUserProfile({ desc: 'avatar', success: done, fail: done });
    } else if (this.env === 'douyin') {
      provider.getUserInfo({ success: done, fail: done });
    }
  }

  rewarded(done) {
    const provider = this.getProvider();
    const ad = provider.createRewardedVideoAd({ adUnitId: 'fs1k3m5n7p' });
    ad.onClose((res) => { if (res && res.isEnded) done(); });
  }

  room() {
    const tt = this.getProvider();
    return tt ? 'room' : '';
  }
}
"""


def test_a_platform_chosen_by_a_method_s_returns_and_a_provider_method(make_project) -> None:
    """Round 11 (a PixiJS game): `this.env = this.detectEnv()`, whose returns are 'douyin' where tt exists and 'wechat'
    only after that check failed, so `this.env === 'wechat'` is false inside TikTok; `getProvider()` returns tt, though
    another method names a local `tt` (`const tt = this.getProvider()`): its calls are the SDK's, and its rewarded ad counts."""
    files = {**GAME, "game.js": "import './src/Platform.js'\n", "src/Platform.js": PLATFORM}
    root = make_project(files)
    found = [f"{d.rule_id} {d.message.split(' ', 1)[0]}" for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics]
    assert "MN503 provider.getUserInfo()" in found
    assert "MN503 provider.getUserProfile()" not in found
    assert not any(line.startswith("MN504") for line in found)


# A package that exists only after the project's own script writes it (round 11's three.js monorepo; a publishing kit's
# `publish.js -p tt`): the script's text gives the folder, the command the platform, and nothing is guessed.
def test_a_build_script_writing_a_mini_game_names_its_folder(make_project) -> None:
    root = Path(
        make_project(
            {
                "package.json": '{"scripts": {"publish-wx": "node tools/publish.js -p wx", "publish-tt": "node tools/publish.js -p tt"}}',
                "tools/publish.js": (
                    "const out = path.join(process.cwd(), './release/' + platform);\nfs.writeFileSync(path.join(out, 'game.json'), JSON.stringify(config));\n"
                ),
                "src/main.js": "tt.login({ success() {}, fail() {} });\n",
            }
        )
    )
    found = detect_bundled(root)
    assert found is not None and found.engine.outputs == ("release/tt",)
    assert found.engine.build.startswith("run `npm run publish-tt` (tools/publish.js writes release/tt/game.json)")


def test_a_script_naming_no_folder_for_the_package_makes_no_target(make_project) -> None:
    root = Path(
        make_project(
            {
                "package.json": '{"scripts": {"pack": "node tools/pack.js douyin"}}',
                "tools/pack.js": "const dir = process.argv[3];\nfs.writeFileSync(dir + '/game.json', '{}');\n",
            }
        )
    )
    assert detect_bundled(root) is None
