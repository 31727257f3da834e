"""Held-out round 8 of issue 30 (pattern G): a Cocos Creator 2 game keeps its mini-game appid in its build settings
(settings/builder.json `wechatgame.appid`, which the WeChat/Douyin build writes into its project.config.json), and a
root project.config.json its build does not use held a stand-in; MN008 said 'no client key anywhere: project.config.json
has no appid'. The build settings are read (Creator 2 and 3), and the message names where lint looked."""

from __future__ import annotations

import json

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS2 = {
    "project.json": '{"engine": "cocos-creator-js", "version": "2.4.6"}',
    "assets/Script/Game.js": "cc.Class({ extends: cc.Component });\n",
    "project.config.json": '{"appid": "testappId", "projectname": "kites"}',
}
COCOS3 = {
    "package.json": '{"name": "kites", "creator": {"version": "3.8.6"}}',
    "assets/scripts/Game.ts": "export class Game {}\n",
    "project.config.json": '{"projectname": "kites"}',
}


def keys(make_project, files: dict[str, str]) -> tuple[object, list[tuple[str, str, str]]]:
    root = make_project(files, baseline=False)
    project = Project(root, environ={})
    found = run(project, LintOptions(use_cache=False)).diagnostics
    return project.expected_client_key(), [(d.rule_id, d.path, d.message) for d in found if d.rule_id in ("MN008", "MN010")]


def test_cocos2_builder_settings_and_per_platform_files(make_project) -> None:
    builder = {"baidugame": {"appid": "testappid"}, "wechatgame": {"appid": "tt5c0ffee4kite02", "orientation": "portrait"}}
    key, found = keys(make_project, {**COCOS2, "settings/builder.json": json.dumps(builder)})
    assert (key.value, key.source) == ("tt5c0ffee4kite02", "settings/builder.json wechatgame.appid") and found == []  # type: ignore[union-attr]
    # Creator 2.4's settings/<platform>.json: ByteDance's first
    files = {**COCOS2, "settings/wechatgame.json": '{"appid": "wx0a1b2c3d4e5f6a7b"}', "settings/bytedance.json": '{"appid": "tt0d1e2f3a4b5c6d7e"}'}
    key, found = keys(make_project, files)
    assert (key.value, key.source) == ("tt0d1e2f3a4b5c6d7e", "settings/bytedance.json appid") and found == []  # type: ignore[union-attr]


def test_a_stand_in_there_is_mn010_and_none_is_mn008_naming_where_it_looked(make_project) -> None:
    key, found = keys(make_project, {**COCOS2, "settings/builder.json": json.dumps({"wechatgame": {"appid": "testId"}})})
    assert key is None
    assert [(rule, path) for rule, path, _ in found] == [("MN010", "settings/builder.json")]
    key, found = keys(make_project, {**COCOS2, "settings/builder.json": json.dumps({"wechatgame": {"orientation": "portrait"}})})
    assert found == [
        (
            "MN008",
            "project.config.json",
            "no client key anywhere: Cocos Creator 2's build settings (settings/bytedance.json, settings/builder.json, settings/wechatgame.json) hold no "
            "ByteDance or WeChat Mini Game appid, there is no build yet and project.config.json at the root is not the build's (its appid 'testappId' is "
            "not read), MINIS_CLIENT_KEY and --client-key are unset, and the init call has no literal key",
        )
    ]


def test_cocos3_build_profiles(make_project) -> None:
    profile = {"builder": {"options": {"bytedance-mini-game": {"appid": "tt7e6d5c4b3a2f1e0d", "orientation": "portrait"}}}}
    key, found = keys(make_project, {**COCOS3, "profiles/v2/packages/bytedance-mini-game.json": json.dumps(profile)})
    assert (key.value, key.source) == ("tt7e6d5c4b3a2f1e0d", "profiles/v2/packages/bytedance-mini-game.json builder.options.bytedance-mini-game.appid")  # type: ignore[union-attr]
    assert found == []
    # a build task's options only
    tasks = {"builder": {"taskOptionsMap": {"1721034726003": {"appid": "wx6a5b4c3d2e1f0a9b"}}}}
    key, found = keys(make_project, {**COCOS3, "profiles/v2/packages/wechatgame.json": json.dumps(tasks)})
    assert key.value == "wx6a5b4c3d2e1f0a9b" and found == []  # type: ignore[union-attr]
    # none: the message names the profiles
    _, found = keys(make_project, COCOS3)
    assert [rule for rule, _, _ in found] == ["MN008"] and "profiles/v2/packages/bytedance-mini-game.json" in found[0][2]


def test_cocos3_builder_json_a_platform_block_and_a_build_task(make_project) -> None:
    """Held-out round 20: the build panel's profiles/v2/packages/builder.json keeps a platform's block (and each build
    task's `options.packages.<platform>`)."""
    builder = {"common": {"platform": "bytedance-mini-game"}, "bytedance-mini-game": {"appid": "tt1f2e3d4c5b6a7980", "orientation": "portrait"}}
    key, found = keys(make_project, {**COCOS3, "profiles/v2/packages/builder.json": json.dumps(builder)})
    assert (key.value, key.source) == ("tt1f2e3d4c5b6a7980", "profiles/v2/packages/builder.json bytedance-mini-game.appid") and found == []  # type: ignore[union-attr]
    tasks = {"BuildTaskManager": {"taskMap": {"1730": {"options": {"packages": {"wechatgame": {"appid": "wx1a2b3c4d5e6f7a8b"}}}}, "1731": {"options": {}}}}}
    key, found = keys(make_project, {**COCOS3, "profiles/v2/packages/builder.json": json.dumps(tasks)})
    assert (key.value, key.source) == (
        "wx1a2b3c4d5e6f7a8b",
        "profiles/v2/packages/builder.json BuildTaskManager.taskMap.1730.options.packages.wechatgame.appid",
    )  # type: ignore[union-attr]
    assert found == []


def test_a_real_appid_at_the_root_is_the_key_when_the_build_settings_hold_none(make_project) -> None:
    """Held-out round 20: a Cocos 3 game keeps its real appid in a root project.config.json its post-build script copies
    into each build; its build settings hold a stand-in. The project holds a key: no MN008, and the stand-in is not
    reported over the real one. A stand-in at the root is still not read (round 8)."""
    builder = {"bytedance-mini-game": {"appid": "tt_one_more_app_id"}}
    files = {**COCOS3, "project.config.json": '{"appid": "7688500000000000001"}', "profiles/v2/packages/builder.json": json.dumps(builder)}
    key, found = keys(make_project, files)
    assert (key.value, key.source) == ("7688500000000000001", "project.config.json appid") and found == []  # type: ignore[union-attr]
    key, found = keys(make_project, {**COCOS3, "project.config.json": '{"appid": "testappid"}'})
    assert key is None and [rule for rule, _, _ in found] == ["MN008"]
    # a WeChat mini program's project file at the root (a web-mobile build's companion app) holds no game's appid
    mini_program = '{"appid": "wx0a1b2c3d4e5f6a7b", "compileType": "miniprogram"}'
    files = {**COCOS3, "project.config.json": mini_program, "minis.config.json": '{"build": {"outputDir": "build/web-mobile"}}'}
    key, found = keys(make_project, files)
    assert key is None and [rule for rule, _, _ in found] == ["MN008"]
