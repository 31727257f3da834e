"""A mini game whose package is a folder of the repository and whose developer-tools project is at the root
(held-out round 18 of issue 30: a Vite-bundled PixiJS game, `"compileType": "game", "miniprogramRoot": "minigame/"`
in the root's project.config.json): that file is the package's project file, for MN004, the appid checks, dev and
init --existing; and init --existing never replaces a game's real appid with another key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_projects import write

from minis_cli.adopt import AdoptRefused, apply, plan_adoption
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

GAME_JS = "tt.login({ success() {}, fail() {} });\n"


def devtools(appid: str, **extra: str) -> str:
    return json.dumps({"compileType": "game", "miniprogramRoot": "minigame/", "appid": appid, **extra})


def rules(root: Path) -> list[tuple[str, str]]:
    return [(d.rule_id, d.path) for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics]


def test_the_package_takes_the_devtools_project_above_it(tmp_path: Path) -> None:
    root = write(tmp_path, {"project.config.json": devtools("awpackage00001"), "minigame/game.json": "{}", "minigame/game.js": GAME_JS})
    package = Project(root / "minigame")
    assert package.project_config_file is None
    assert package.devtools_project_file is not None and package.devtools_project_file.path == "../project.config.json"
    assert not [r for r in rules(root / "minigame") if r[0] == "MN004"]
    # its appid is the package's: a placeholder there is MN010, at the file where it is written
    write(root, {"project.config.json": devtools("testAppId")})
    assert ("MN010", "../project.config.json") in rules(root / "minigame")


@pytest.mark.parametrize(
    "config",
    [
        json.dumps({"compileType": "miniprogram", "miniprogramRoot": "minigame/", "appid": "awpackage00001"}),  # an app's
        json.dumps({"compileType": "game", "miniprogramRoot": "other/", "appid": "awpackage00001"}),  # another folder's
        '{"compileType": "game", "miniprogramRoot": ',  # broken JSON: not read
    ],
)
def test_a_devtools_project_naming_something_else_is_not_the_packages(tmp_path: Path, config: str) -> None:
    root = write(tmp_path, {"project.config.json": config, "minigame/game.json": "{}", "minigame/game.js": GAME_JS})
    assert Project(root / "minigame").devtools_project_file is None
    assert ("MN004", "project.config.json") in rules(root / "minigame")


def test_init_existing_writes_the_appid_into_the_devtools_project(tmp_path: Path) -> None:
    root = write(tmp_path, {"project.config.json": devtools(""), "minigame/game.json": "{}", "minigame/game.js": GAME_JS})
    plan = plan_adoption(root / "minigame", "awpackage00001")
    assert [change.path for change in plan.changes] == ["../project.config.json"]
    apply(plan)
    assert json.loads((root / "project.config.json").read_text())["appid"] == "awpackage00001"
    assert not (root / "minigame" / "project.config.json").exists()


def test_init_existing_never_replaces_a_real_appid_with_another_key(tmp_path: Path) -> None:
    root = write(tmp_path, {"project.config.json": '{"appid": "awreal0000001"}', "game.json": "{}", "game.js": GAME_JS})
    with pytest.raises(AdoptRefused, match="already has the appid 'awreal0000001', not 'awother0000009'"):
        plan_adoption(root, "awother0000009")
    assert plan_adoption(root, "awreal0000001").changes == []
    assert plan_adoption(root, None).changes == []


@pytest.mark.parametrize("named", ["mini\u0000game/", "loop/"])
def test_a_devtools_root_that_names_no_folder_is_not_read_and_nothing_breaks(tmp_path: Path, named: str) -> None:
    """The review of session 18: a NUL in miniprogramRoot, or a symlink loop, stopped lint with an internal error."""
    root = write(tmp_path, {"project.config.json": json.dumps({"compileType": "game", "miniprogramRoot": named, "appid": "awpackage00001"})})
    (root / "loop").symlink_to(root / "loop")
    write(root, {"minigame/game.json": "{}", "minigame/game.js": GAME_JS})
    assert Project(root / "minigame").devtools_project_file is None
    assert ("MN004", "project.config.json") in rules(root / "minigame")


def test_an_engine_build_whose_project_file_is_the_devtools_one_gets_no_template(tmp_path: Path) -> None:
    """The review of session 18: a Cocos Creator 3 project whose ByteDance build takes its appid from a devtools project
    in build/ (naming the build its root) got an empty build-templates/.../project.config.json from init --existing."""
    root = write(
        tmp_path,
        {
            "package.json": json.dumps({"name": "c3", "creator": {"version": "3.8.2"}}),
            "assets/main.ts": "export const x = 1;\n",
            "settings/v2/packages/project.json": "{}",
            "build/project.config.json": json.dumps({"compileType": "game", "miniprogramRoot": "bytedance-mini-game/", "appid": "awreal0000001"}),
            "build/bytedance-mini-game/game.json": "{}",
            "build/bytedance-mini-game/game.js": GAME_JS,
        },
    )
    plan = plan_adoption(root, "awreal0000001")
    assert plan.changes == []
    assert not (root / "build-templates").exists()
