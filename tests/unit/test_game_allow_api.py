"""The game host's undocumented APIs, provided only when named (issue 29): `mock serve --game-allow-api`, `dev
--game-allow-api` and dev.gameAllowApis in minis.config.json reach the mock's setting; anything else is refused with
the names the host can provide. The default is none, as TikTok's games SDK pages list none of them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from minis_cli.cli import Environment, main
from minis_cli.config import check_minis_config, parse_json, read_minis_config
from minis_cli.dev.session import DevOptions, allowed_game_apis
from minis_cli.mock.settings import MockSettings
from minis_cli.sdk_api import ALLOWABLE_GAME_APIS, FOREIGN_GAME_APIS, GAME_APIS


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ={}, cwd=cwd))
    return code, out.getvalue(), err.getvalue()


def game(root: Path) -> Path:
    root.mkdir()
    (root / "game.json").write_text("{}")
    (root / "game.js").write_text("tt.createCanvas();\n")
    return root


def test_none_by_default_and_only_apis_tiktok_does_not_list() -> None:
    assert MockSettings().game_allow_apis == ()
    assert set(ALLOWABLE_GAME_APIS) == {"onDeviceOrientationChange", "offDeviceOrientationChange", "setDeviceOrientation"}
    for name in ALLOWABLE_GAME_APIS:  # each one WeChat's and Douyin's, never one TikTok documents
        assert name not in GAME_APIS and FOREIGN_GAME_APIS[name] == "WeChat and Douyin"
        assert ALLOWABLE_GAME_APIS[name].startswith("https://developer.open-douyin.com/")


def test_the_setting_takes_the_allowable_names_once_each() -> None:
    settings = MockSettings(game_allow_apis=["setDeviceOrientation", "onDeviceOrientationChange", "setDeviceOrientation"])  # type: ignore[arg-type]
    assert settings.game_allow_apis == ("setDeviceOrientation", "onDeviceOrientationChange")
    with pytest.raises(ValueError, match=r"game_allow_apis takes onDeviceOrientationChange, .* not 'getUserProfile'"):
        MockSettings(game_allow_apis=("getUserProfile",))
    with pytest.raises(ValueError, match="a list of at most 32"):
        MockSettings(game_allow_apis="onDeviceOrientationChange")  # type: ignore[arg-type]


def test_mock_serve_passes_the_flag_and_refuses_other_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def serve_mock(env: Environment, *args: Any, **kwargs: Any) -> int:
        seen["settings"] = args[6]
        return 0

    monkeypatch.setattr("minis_cli.cli.mock.serve_mock", serve_mock)
    game(tmp_path / "g")
    flags = ("--game-allow-api", "onDeviceOrientationChange", "--game-allow-api", "setDeviceOrientation")
    code, _, err = run(tmp_path, "mock", "serve", "--game", "g", *flags)
    assert code == 0, err
    assert seen["settings"].game_allow_apis == ("onDeviceOrientationChange", "setDeviceOrientation")
    code, out, err = run(tmp_path, "mock", "serve", "--game", "g", "--game-allow-api", "getPerformance")
    assert code == 2 and out == ""
    assert "error: --game-allow-api: takes onDeviceOrientationChange, offDeviceOrientationChange, setDeviceOrientation" in err
    assert "not 'getPerformance'" in err and "Traceback" not in err


def test_dev_passes_the_flag_and_refuses_other_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def run_dev(project: Any, options: DevOptions, *args: Any) -> int:
        seen["options"] = options
        return 0

    monkeypatch.setattr("minis_cli.dev.session.run_dev", run_dev)
    game(tmp_path / "g")
    code, _, err = run(tmp_path, "dev", "g", "--game-allow-api", "offDeviceOrientationChange", "--game-allow-api", "offDeviceOrientationChange")
    assert code == 0, err
    assert seen["options"].game_allow_apis == ("offDeviceOrientationChange",)
    code, _, err = run(tmp_path, "dev", "g", "--game-allow-api", "wx.onDeviceOrientationChange")
    assert code == 2 and "--game-allow-api takes onDeviceOrientationChange" in err and "not 'wx.onDeviceOrientationChange'" in err


def test_dev_game_allow_apis_in_the_config_joins_the_flag() -> None:
    doc = parse_json('{"dev": {"gameAllowApis": ["onDeviceOrientationChange", "getUserProfile", 3]}}')
    config = read_minis_config(doc)
    assert config.dev_game_allow_apis == ("onDeviceOrientationChange",)  # the others are the checks' (MN005), not used
    assert read_minis_config(parse_json("{}")).dev_game_allow_apis == ()
    options = DevOptions(game_allow_apis=("setDeviceOrientation", "onDeviceOrientationChange"))
    assert allowed_game_apis(config, options) == ("onDeviceOrientationChange", "setDeviceOrientation")


@pytest.mark.parametrize("filename", ["minis.config.json", "minigame.config.json"])
def test_the_config_key_is_known_and_checked(filename: str) -> None:
    good = parse_json('{"dev": {"gameAllowApis": ["onDeviceOrientationChange", "setDeviceOrientation"]}}')
    assert check_minis_config(good, filename) == []
    problems = check_minis_config(parse_json('{"dev": {"gameAllowApis": ["getUserProfile"]}}'), filename)
    assert [p.path[:2] for p in problems] == [("dev", "gameAllowApis")] and not problems[0].unknown, problems
    assert "onDeviceOrientationChange" in problems[0].message
