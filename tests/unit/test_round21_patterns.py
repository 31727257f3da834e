"""Held-out round 21 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

PACKAGE = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt1234567890abcdef"}'}


def lint(root: Path, *rules: str) -> list[tuple[str, str, str]]:
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=rules or None)).diagnostics
    return sorted((d.rule_id, f"{d.path}:{d.span.line if d.span else ''}", d.message) for d in found)


def test_a_scope_a_method_parameter_receives_from_its_callers(tmp_path: Path) -> None:
    """Five Cocos games' SDK_TT.ts: `authorize(auth_str) { tt.authorize({ scope: auth_str, ... }) }`, called with
    'scope.userInfo' and 'scope.record' (WeChat's scopes, no TikTok scope). The SDK's own `tt.authorize({...})` is no
    call of the project's method of that name."""
    code = (
        "class Sdk {\n"
        "  authorize(auth_str, ok) {\n"
        "    tt.authorize({ scope: auth_str, success: ok, fail: ok });\n"
        "  }\n"
        "  askProfile() { this.authorize('scope.userInfo', () => {}); }\n"
        "  askRecord() { this.authorize('scope.record', () => {}); }\n"
        "}\n"
        "function ask(scope) { tt.authorize({ scope, success() {}, fail() {} }); }\n"
        "ask('user.info.basic');\n"
        "export const sdk = new Sdk();\n"
    )
    found = lint(write(tmp_path, {**PACKAGE, "game.js": code}), "MN209")
    assert [(rule, where) for rule, where, _ in found] == [("MN209", "game.js:3"), ("MN209", "game.js:3")]
    assert "'scope.record' in tt.authorize() (a value of auth_str lint follows) is not a TikTok scope" in found[0][2]
    assert "'scope.userInfo'" in found[1][2]
    # a caller lint cannot follow: nothing said
    unknown = code.replace("this.authorize('scope.record'", "this.authorize(this.pick()")
    assert lint(write(tmp_path / "unknown", {**PACKAGE, "game.js": unknown}), "MN209") == []


def test_typeof_a_games_api_is_its_presence_inside_tiktok(tmp_path: Path) -> None:
    """`typeof wx.getSystemInfoSync === 'function'` is true inside TikTok (a games API), `typeof tt.getUserInfo ===
    'function'` false (WeChat's and Douyin's, not TikTok's), as `if (wx.x)` already read: a platform flag made of them
    (`isWeb = ... && !isWechat && !isDouyin`) is false there, read through an imported object's shorthand member."""
    files = {
        **PACKAGE,
        "game.js": "require('./ui.js');\n",
        "env.js": (
            "const isWechat = typeof wx !== 'undefined' && typeof wx.getSystemInfoSync === 'function';\n"
            "const isWeb = typeof document !== 'undefined' && !isWechat;\n"
            "export const Env = { isWeb, name: 'env' };\n"
        ),
        "ui.js": (
            "import { Env } from './env.js';\n"
            "export function back() { if (Env.isWeb) { window.location.href = 'web.html'; } }\n"
            "export function profile() { if (typeof tt.getUserInfo === 'function') { tt.getUserInfo({}); } }\n"
            "export function info() { if (typeof tt.getUserInfo !== 'undefined') { return; } tt.getSystemInfoSync(); }\n"
        ),
    }
    assert [rule for rule, _, _ in lint(write(tmp_path, files), "MN409", "MN503")] == []
    unguarded = {**files, "env.js": files["env.js"].replace("!isWechat", "isWechat")}  # true inside TikTok: no guard
    assert [rule for rule, _, _ in lint(write(tmp_path / "b", unguarded), "MN409")] == ["MN409"]


def test_a_name_given_one_string_compared_with_another_is_the_same_everywhere(tmp_path: Path) -> None:
    """A vendored ad SDK compiled into a bundle: `var Oi = "vivo"; ... if ("wx" === Oi) { wx.login(...) }` never runs
    (its WeChat channel is not the one built). A parameter or inner declaration of the name is another value."""
    body = "if ('wx' === channel) { wx.getUserInfo({}); }"
    files = {**PACKAGE, "game.js": f"var channel = 'vivo';\nfunction go() {{ {body} }}\ngo();\n"}
    assert lint(write(tmp_path / "a", files), "MN503") == []
    wechat = {**PACKAGE, "game.js": files["game.js"].replace("'vivo'", "'wx'")}
    assert [rule for rule, _, _ in lint(write(tmp_path / "b", wechat), "MN503")] == ["MN503"]
    shadowed = {**PACKAGE, "game.js": f"var channel = 'vivo';\nfunction go(channel) {{ {body} }}\ngo('wx');\n"}
    assert [rule for rule, _, _ in lint(write(tmp_path / "c", shadowed), "MN503")] == ["MN503"]
    reassigned = {**PACKAGE, "game.js": f"var channel = 'vivo';\nfunction pick(c) {{ channel = c; }}\nfunction go() {{ {body} }}\npick('wx');\ngo();\n"}
    assert [rule for rule, _, _ in lint(write(tmp_path / "d", reassigned), "MN503")] == ["MN503"]


def test_a_call_read_both_directly_and_through_a_local_alias_is_judged_once(tmp_path: Path) -> None:
    code = (
        "class Sdk {\n"
        "  authorize(auth_str) {\n"
        "    let tt = window.tt;\n"
        "    tt.authorize({ scope: auth_str, success() {}, fail() {} });\n"
        "  }\n"
        "  ask() { this.authorize('scope.record'); }\n"
        "}\n"
        "new Sdk().ask();\n"
    )
    assert [rule for rule, _, _ in lint(write(tmp_path, {**PACKAGE, "game.js": code}), "MN209")] == ["MN209"]


def test_only_a_bundlers_input_is_the_bundles_entry_never_a_publishing_scripts_own_files(tmp_path: Path) -> None:
    """Reachability from a bundled game's entries (round 21) takes a bundler's input only: a publishing kit's own
    script writing the package (`node publish.js -p tt`, held-out round 11's LTG-Laya) names its tools, not the game's
    entry (taken as entries, they left its template's libraries unloaded and their 96 findings lost)."""
    from minis_cli.bundled import detect_bundled

    kit = {
        "package.json": '{"scripts": {"publish-tt": "node publish.js -p tt"}}',
        "publish.js": "const fs = require('fs');\nconst out = 'release/tt';\nfs.writeFileSync(out + '/' + 'game.json', '{}');\nrequire('./tools/zip.js');\n",
        "tools/zip.js": "module.exports = {};\n",
    }
    root = write(tmp_path / "kit", kit)
    found = detect_bundled(root)
    assert found is not None and found.output is None and found.engine.entries == ()
    rolled = {
        "package.json": '{"scripts": {"build": "rollup -c"}}',
        "rollup.config.js": (
            "export default { input: 'src/main.js', output: { file: 'dist/game.js' },\n"
            "  plugins: [copy({ targets: [{ src: 'game.json', dest: 'dist' }] })] };\n"
        ),
        "game.json": "{}",
        "src/main.js": "import './ui.js';\n",
        "src/ui.js": "tt.showToast({ title: 'hi' });\n",
    }
    assert detect_bundled(write(tmp_path / "rolled", rolled)).engine.entries == ("src/main.js",)  # type: ignore[union-attr]


def test_cmd_exes_single_ampersand_separates_commands(tmp_path: Path) -> None:
    """Round 21's build script, `rmdir /s /q dist 2>nul & rollup -c rollup.config.js` (Windows): rollup is the tool (it
    was read as one command of `rmdir`'s, so the bundler went unnamed and its input was no entry); `2>&1` stays whole."""
    from minis_cli.bundled import _segments, detect_bundled

    assert _segments("rmdir /s /q dist 2>nul & rollup -c rollup.config.js") == [["rmdir", "/s", "/q", "dist", "2>nul"], ["rollup", "-c", "rollup.config.js"]]
    assert _segments("rollup -c 2>&1") == [["rollup", "-c", "2>&1"]]
    files = {
        "package.json": '{"scripts": {"build": "rmdir /s /q dist 2>nul & rollup -c rollup.config.js"}}',
        "rollup.config.js": (
            "export default { input: 'game.src.js', output: { file: 'dist/game.js' },\n"
            "  plugins: [copy({ targets: [{ src: 'game.json', dest: 'dist' }] })] };\n"
        ),
        "game.json": "{}",
        "game.src.js": "tt.getSystemInfoSync();\n",
    }
    found = detect_bundled(write(tmp_path, files))
    assert found is not None and found.engine.name == "Rollup-bundled game" and found.engine.entries == ("game.src.js",)
