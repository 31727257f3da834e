"""Defects a review of session 17's lint and dev changes found, each pinned: a LayaAir publish older than bin/ is
stale; dev does not demote an error in a source edited since the build; a nested project's --diff paths, its
per-file-ignores and an empty settings block of its own; a shim's own namespace member is not an absent API."""

from __future__ import annotations

import io
import os
from pathlib import Path

from engine_projects import cocos

from minis_cli.dev.session import DevOptions, DevSession
from minis_cli.project import Project


def laya(root: Path, release_age: float, source_age: float) -> None:
    """A LayaAir project with bin/ (now) and release/wxgame (older by `release_age` s); src/Main.ts evals, written
    `source_age` s ago; bin/game.js has the eval compiled in, the release does not."""
    (root / "src").mkdir(parents=True)
    (root / "Game.laya").write_text('{"proName":"Game","version":"2.6.1"}')
    (root / "src" / "Main.ts").write_text("export function run(code: string) { return eval(code); }\n")
    for folder, body in (("bin", "var f = function (c) { return eval(c); };\n"), ("release/wxgame", "var f = 1;\n")):
        (root / folder).mkdir(parents=True)
        (root / folder / "game.js").write_text(body)
        (root / folder / "game.json").write_text('{"deviceOrientation": "portrait"}')
        (root / folder / "project.config.json").write_text('{"appid": "tt5e81c0d2a94b7f3601", "compileType": "game"}')
    now = os.path.getmtime(root / "bin" / "game.js")
    released = now - release_age if release_age else now + 1  # 0: published after the IDE's last build
    os.utime(root / "release" / "wxgame" / "game.js", (released, released))
    os.utime(root / "src" / "Main.ts", (now - source_age, now - source_age))


def preflight(root: Path) -> tuple[bool, str]:
    err = io.StringIO()
    session = DevSession(Project(root, environ={}), DevOptions(watch=False), io.StringIO(), err)
    return session.preflight(), err.getvalue()


def test_a_publish_older_than_bin_is_stale_and_a_newer_one_wins(tmp_path: Path) -> None:
    stale = tmp_path / "stale"
    laya(stale, release_age=86400 * 300, source_age=10)
    assert Project(stale, environ={}).engine.outputs[0].name == "bin"  # type: ignore[union-attr]
    ok, said = preflight(stale)
    assert not ok and "bin/game.js" in said and "MN401" in said  # the build dev runs has the eval: it blocks
    fresh = tmp_path / "fresh"
    laya(fresh, release_age=0, source_age=60)
    assert Project(fresh, environ={}).engine.outputs[0].as_posix().endswith("release/wxgame")  # type: ignore[union-attr]
    ok, said = preflight(fresh)
    assert ok and "1 error in the engine's sources does not block" in said  # the publish has no eval


def test_an_error_in_a_source_edited_since_the_build_still_blocks(tmp_path: Path) -> None:
    root = tmp_path / "g"
    laya(root, release_age=0, source_age=-60)  # Main.ts written after the builds
    ok, said = preflight(root)
    assert not ok and "error: src/Main.ts" in said


def test_a_nested_project_takes_the_per_file_ignores_under_it_and_keeps_an_empty_settings_block(cli, tmp_path: Path) -> None:
    cocos(tmp_path / "game", settings={"per-file-ignores": {"Spinoff/assets/**": ["MN505"], "assets/**": ["MN509"]}})
    cocos(tmp_path / "game" / "Spinoff")
    run = cli("lint", "game", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=tmp_path)
    assert "game/Spinoff/assets/scripts/main.ts" not in run.stdout  # its MN505 is ignored through the outer pattern
    assert "game/Spinoff/package.json: MN509" in run.stdout  # `assets/**` names the outer project's files only
    cocos(tmp_path / "other", settings={"ignore": ["MN505"]})
    cocos(tmp_path / "other" / "Inner", settings={})
    run = cli("lint", "other", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=tmp_path)
    assert "other/Inner/assets/scripts/main.ts:2:" in run.stdout  # its own (empty) settings: nothing inherited


def test_diff_gives_a_nested_projects_files_their_folder(cli, tmp_path: Path) -> None:
    for folder in ("game", "game/Spinoff"):
        cocos(tmp_path / folder)
    run = cli("lint", ".", "--no-cache", "--diff", cwd=tmp_path / "game")
    assert run.exit_code in (0, 1)
    for line in (line for line in run.stdout.splitlines() if line.startswith(("--- a/", "+++ b/"))):
        path = line.split("/", 1)[1]
        assert (tmp_path / "game" / path).is_file(), line


def test_a_callback_of_a_member_the_project_sets_on_the_namespace_runs(make_project) -> None:
    from minis_cli.lint.engine import run
    from minis_cli.lint.model import LintOptions

    root = make_project(
        {
            "game.json": "{}",
            "project.config.json": '{"appid": "tt5e81c0d2a94b7f3601"}',
            "game.js": (
                "require('./shim.js');\nif (wx.shareWithUser) {\n  wx.shareWithUser({ success: function () {\n"
                "    wx.getUserInfo({ success() {}, fail() {} });\n  } });\n}\n"
            ),
            "shim.js": "wx.shareWithUser = function (o) { o.success({}); };\n",
        }
    )
    found = [f"{d.path}:{d.span.line if d.span else 0} {d.rule_id}" for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics]
    assert "game.js:4 MN503" in found  # the shim's member runs its callback: getUserInfo is called on TikTok


def test_a_commented_out_csharp_call_is_no_call(make_project) -> None:
    """Round 17's labelling: Unity's C# is read for the capability calls; a call in a comment is none."""
    from minis_cli.lint.engine import run
    from minis_cli.lint.model import LintOptions

    files = {
        "ProjectSettings/ProjectVersion.txt": "m_EditorVersion: 2021.3.14f1\n",
        "Assets/Scripts/Ads.cs": (
            'using TTSDK;\npublic class Ads {\n  const string Help = "see http://example.com // not a comment";\n'
            "  // TT.CreateRewardedVideoAd(new CreateRewardedVideoAdParam());\n"
            "  /* TT.AddShortcut(null); */\n  public void Login() { TT.Login(null, null); }\n}\n"
        ),
    }
    rules = {d.rule_id for d in run(Project(make_project(files), environ={}), LintOptions(use_cache=False)).diagnostics}
    assert "MN504" in rules  # the rewarded ad is only in a comment
