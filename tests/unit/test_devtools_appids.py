"""MN010 knows the platforms' devtools stand-in appids (held-out round 6 of issue 30: lxing01x/douyingame's "testAppId",
BaseGameFrame's Cocos 2.4 ByteDance export's "testappId", ai_project's WeChat "touristappid" passed as client keys). A
native game's appid is its client key; these are no app's: WeChat DevTools' tourist mode (no AppID), Cocos Creator's
ByteDance build default "testId" (its build options table), Douyin projects' "testAppId" (docs/sources.md)."""

from __future__ import annotations

import json

import pytest

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project
from minis_cli.source.sdk import placeholder_key

GAME = "tt.login({ success() {}, fail() {} });\n"


@pytest.mark.parametrize("appid", ["touristappid", "testAppId", "testappId", "TESTAPPID", "testId", " touristappid "])
def test_a_devtools_stand_in_is_a_placeholder(appid: str) -> None:
    assert placeholder_key(appid)


@pytest.mark.parametrize("appid", ["awexample123", "tt411d37a0de37d565", "awtestappid1", "testappid2", "mytouristappid", "sbawtest01"])
def test_a_key_that_only_contains_one_is_not(appid: str) -> None:
    assert not placeholder_key(appid)


def native(make_project, appid: str) -> list[str]:
    files = {"game.js": GAME, "game.json": "{}\n", "project.config.json": json.dumps({"appid": appid, "compileType": "game"}) + "\n"}
    root = make_project(files, baseline=False)
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN010",))).diagnostics
    return [f"{d.path}:{d.span.line}:{d.span.column}: {d.rule_id} {d.message}" for d in found]


def test_mn010_names_a_devtools_appid_in_a_native_game(make_project) -> None:
    assert native(make_project, "touristappid") == [
        "project.config.json:1:11: MN010 project.config.json appid is a devtools' stand-in appid ('touristappid'), not a client key"
    ]
    assert native(make_project, "testAppId")[0].endswith("appid is a devtools' stand-in appid ('testAppId'), not a client key")
    assert native(make_project, "awgame000001") == []
