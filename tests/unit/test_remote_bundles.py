"""A Cocos Creator export's remote bundles (issue 29): its settings name a resource server and remote bundles, and the
build's remote/ folder holds them. Cocos's docs: the whole remote/ folder is uploaded to that server and is not part of
the package. So remote/ counts in no package size (lint's MN021, dev's pre-flight, audit), is not in build's
minis.zip, and the desktop host answers `<server>/remote/<path>` from it. Only with a server: without one, remote/ is
an ordinary folder of the package. The exports here are our own tiny fixtures in each Cocos version's settings shape."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from minis_cli import gamepkg
from minis_cli.build import build
from minis_cli.gamepkg import MIB
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.lint.rules.project import NATIVE_GAME
from minis_cli.project import Project

SERVER = "https://cdn.mygame.example/v3"
# Cocos 2.4: src/settings.js, minified (what the build writes), keys unquoted
SETTINGS_24 = f'window._CCSettings={{platform:"bytedance",remoteBundles:["resources","main"],subpackages:[],server:"{SERVER}",jsList:[]}};'
# 2.4 formatted, with quoted keys and single quotes (hand-edited settings)
SETTINGS_24_PRETTY = f"window._CCSettings = {{\n    'remoteBundles': [\n        'resources'\n    ],\n    'server': '{SERVER}',\n}};\n"
# 3.0-3.5: src/settings.json, the same keys at the top level
SETTINGS_30 = json.dumps({"CocosEngine": "3.4.2", "platform": "bytedance-mini-game", "server": SERVER, "remoteBundles": ["resources"], "subpackages": []})
# 3.6+: src/settings.json with them under `assets` (Cocos's 3.6 settings.json upgrade guide)
SETTINGS_36 = json.dumps({"CocosEngine": "3.8.2", "engine": {"platform": "bytedance-mini-game"}, "assets": {"server": SERVER, "remoteBundles": ["main"]}})


def export(make_project, settings_name: str, settings: str, remote_bytes: int = 10) -> Path:
    files = {
        **NATIVE_GAME,
        "adapter.js": "GameGlobal.window = GameGlobal;\n",  # what an engine's adapter does before settings.js runs
        f"src/{settings_name}": settings,
        "remote/resources/config.1a2b3.json": "{}",
        "remote/resources/native/ab/abcdef.png": "\x01" * remote_bytes,
    }
    return make_project(files)


@pytest.mark.parametrize(
    ("name", "settings", "bundles"),
    [
        ("settings.js", SETTINGS_24, ("resources", "main")),
        ("settings.3c1f2.js", SETTINGS_24_PRETTY, ("resources",)),  # with MD5 Cache
        ("settings.json", SETTINGS_30, ("resources",)),
        ("settings.9d8e7.json", SETTINGS_36, ("main",)),
    ],
)
def test_each_cocos_settings_shape_names_the_server_and_its_bundles(make_project, name: str, settings: str, bundles: tuple[str, ...]) -> None:
    root = export(make_project, name, settings)
    remote = gamepkg.remote_bundles(root)
    assert remote is not None and remote.server == SERVER and remote.bundles == bundles and remote.settings == f"src/{name}"
    assert remote.prefix == SERVER + "/remote/"
    assert remote.local_path(SERVER + "/remote/resources/config.1a2b3.json?v=2") == "remote/resources/config.1a2b3.json"
    assert remote.local_path(SERVER + "/remote/resources/%2e%2e/../game.js") is None  # never outside remote/
    assert remote.local_path(SERVER + "/remote/.hidden/x") is None
    assert remote.local_path("https://cdn.mygame.example/remote/resources/config.1a2b3.json") is None  # not the server's path
    assert not any(p.startswith("remote/") for p in gamepkg.package_files(root))
    assert gamepkg.remote_folder_size(root, remote) == (2, 12)


@pytest.mark.parametrize(
    "settings",
    [
        SETTINGS_24.replace(SERVER, ""),  # no server: remote/ is not special
        SETTINGS_24.replace('["resources","main"]', "[]"),  # no remote bundles
        json.dumps({"assets": {"server": "", "remoteBundles": ["main"]}}),
    ],
)
def test_without_a_server_and_remote_bundles_remote_is_part_of_the_package(make_project, settings: str) -> None:
    root = export(make_project, "settings.json" if settings.startswith("{") else "settings.js", settings)
    assert gamepkg.remote_bundles(root) is None
    assert "remote/resources/config.1a2b3.json" in gamepkg.package_files(root)


def test_remote_counts_in_no_package_size_and_so_not_in_lints_size_rule(make_project) -> None:
    root = export(make_project, "settings.js", SETTINGS_24, remote_bytes=5 * MIB)  # a 5 MB remote/ beside a small main package
    sizes = gamepkg.sizes(root)
    assert sizes.total == sizes.main < MIB
    found = run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
    assert [d for d in found if d.rule_id == "MN021"] == []

    (root / "src" / "settings.js").write_text(SETTINGS_24.replace(SERVER, ""))  # no server: the same folder is the package's
    assert gamepkg.sizes(root).main > 5 * MIB
    found = run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
    assert [d.rule_id for d in found if d.rule_id == "MN021"] == ["MN021"]


def test_build_leaves_remote_out_of_the_zip_and_says_so(make_project) -> None:
    root = export(make_project, "settings.js", SETTINGS_24, remote_bytes=2048)
    result = build(Project(root, environ={}))
    with zipfile.ZipFile(result.zip_path) as archive:
        names = archive.namelist()
    assert "src/settings.js" in names and not [n for n in names if n.startswith("remote/")]
    said = [line for line in result.info if line.startswith("remote/")]
    assert said == [
        f"remote/ (2 files, 2.0 KB) is not in the zip: the Cocos export's remote bundles, which it downloads from {SERVER} "
        "(src/settings.js); upload remote/ there"
    ], result.info


def test_the_setting_is_on_by_default_and_off_by_config_flag_or_control_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    from typing import Any

    from minis_cli.cli import Environment, main
    from minis_cli.config import check_minis_config, parse_json, read_minis_config
    from minis_cli.mock.settings import MockSettings

    assert MockSettings().game_remote_bundles is True and read_minis_config(parse_json("{}")).dev_game_remote_bundles is True
    assert read_minis_config(parse_json('{"dev": {"gameRemoteBundles": false}}')).dev_game_remote_bundles is False
    for filename in ("minis.config.json", "minigame.config.json"):
        assert check_minis_config(parse_json('{"dev": {"gameRemoteBundles": false}}'), filename) == []
        problems = check_minis_config(parse_json('{"dev": {"gameRemoteBundles": "no"}}'), filename)
        assert [p.path[:2] for p in problems] == [("dev", "gameRemoteBundles")] and not problems[0].unknown, problems
    with pytest.raises(ValueError, match="game_remote_bundles must be true or false"):
        MockSettings(game_remote_bundles="no")  # type: ignore[arg-type]

    seen: dict[str, Any] = {}

    def serve_mock(env: Environment, *args: Any, **kwargs: Any) -> int:
        seen["settings"] = args[6]
        return 0

    monkeypatch.setattr("minis_cli.cli.mock.serve_mock", serve_mock)
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "game.json").write_text("{}")
    (tmp_path / "g" / "game.js").write_text("tt.createCanvas();\n")
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ={}, cwd=tmp_path)
    assert main(["mock", "serve", "--game", "g", "--no-game-remote-bundles"], env) == 0
    assert seen["settings"].game_remote_bundles is False
