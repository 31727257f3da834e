"""The defects a review of session 16's lint changes found, each pinned: an eval alias read in its own scope, MN505's
field and arrow-parameter values, a platform getter's reassignment after non-ASCII text, StarkSDK calls in a project
under a folder named ByteGame, MN508 still reading an engine beside an adapter, and init --existing refusing a broken
minigame.config.json (it had failed an assertion)."""

from __future__ import annotations

from pathlib import Path

import pytest

from minis_cli.adopt import AdoptRefused, plan_adoption
from minis_cli.engines import detect
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

GAME = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt0123456789abcdef01", "compileType": "game"}'}


def found(make_project, files: dict[str, str], rule: str) -> list[tuple[str, int | None]]:
    root = make_project({**GAME, **files}, baseline=False)
    diagnostics = run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
    return [(d.path, d.span.line if d.span else None) for d in diagnostics if d.rule_id == rule]


def test_an_eval_alias_is_read_only_where_it_is_declared(make_project) -> None:
    code = "function a() { var e = eval; return e('1'); }\nfunction b(e) { return e(2); }\nfunction c() { var e = function (x) { return x; }; return e(3); }\n"
    assert found(make_project, {"game.js": code}, "MN401") == [("game.js", 1)]


@pytest.mark.parametrize(
    "code",
    [
        # set from outside the class, from a subclass, through a destructuring, or by an arrow's own parameter
        "class Ads { adUnitId = ''; show() { tt.createRewardedVideoAd({ adUnitId: this.adUnitId }); } }\nconst ads = new Ads();\nads.adUnitId = 'ad7301abc';\n",
        "class Ads { adUnitId = ''; show() { tt.createRewardedVideoAd({ adUnitId: this.adUnitId }); } }\n"
        "class TTAds extends Ads { constructor() { super(); this.adUnitId = 'ad7301abc'; } }\n",
        "class Ads { adUnitId = ''; load(cfg) { ({ adUnitId: this.adUnitId } = cfg); } show() { tt.createRewardedVideoAd({ adUnitId: this.adUnitId }); } }\n",
        "function setup(adUnitId) { return [1].map(adUnitId => tt.createRewardedVideoAd({ adUnitId })); }\nsetup('ad_unit_placeholder_name');\n",
    ],
)
def test_mn505_does_not_take_a_value_something_else_may_replace(make_project, code: str) -> None:
    assert found(make_project, {"game.js": code}, "MN505") == []


def test_mn505_still_follows_a_field_nothing_replaces(make_project) -> None:
    code = "class Ads { adUnitId = ''; show() { tt.createRewardedVideoAd({ adUnitId: this.adUnitId }); } }\nnew Ads().show();\n"
    assert found(make_project, {"game.js": code}, "MN505") == [("game.js", 1)]


def test_a_platform_id_reassigned_after_non_ascii_text_is_not_taken_for_the_getters(make_project) -> None:
    config = (
        "export default class BaseConfig {\n  static pid_dy = 'dy';\n  static pid_wx = 'wx';\n"
        "  static get RunPlatformID() { if (Laya.Browser.window.tt) return BaseConfig.pid_dy; return BaseConfig.pid_wx; }\n}\n"
    )
    game = "// " + "中文注释" * 60 + "\nimport BaseConfig from './BaseConfig';\nlet pid = BaseConfig.RunPlatformID;\npid = BaseConfig.pid_wx;\n"
    game += "if (pid == BaseConfig.pid_wx) navigator.vibrate(100);\n"
    assert found(make_project, {"game.js": game, "BaseConfig.js": config}, "MN406") == [("game.js", 5)]


def test_starksdk_calls_count_under_a_folder_named_bytegame(tmp_path: Path) -> None:
    root = tmp_path / "ByteGameStudio" / "game"
    (root / "Assets" / "Scripts").mkdir(parents=True)
    (root / "ProjectSettings").mkdir()
    (root / "ProjectSettings" / "ProjectVersion.txt").write_text("m_EditorVersion: 2022.3.10f1\n")
    ads = 'class Ads { void Show() { StarkSDK.API.GetStarkAdManager().ShowVideoAdWithId("ad1", null, null); } }\n'
    (root / "Assets" / "Scripts" / "Ads.cs").write_text(ads)
    project = detect(root)
    assert project is not None and project.calls("createRewardedVideoAd")


def test_mn508_still_reads_an_engine_beside_an_adapter(make_project) -> None:
    files = {
        "game.js": "require('./weapp-adapter.js');\nrequire('./libs/phaser.min.js');\n",
        "weapp-adapter.js": "GameGlobal.window = GameGlobal;\nGameGlobal.document = { createElement() {} };\n",
        "libs/phaser.min.js": "localStorage.setItem('k', 'v');\nvar x = new XMLHttpRequest();\n",
    }
    assert {path for path, _ in found(make_project, files, "MN508")} == {"libs/phaser.min.js"}


def test_init_existing_refuses_a_broken_minigame_config(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><head></head><body></body></html>\n")
    (tmp_path / "package.json").write_text('{"name": "x", "scripts": {"dev": "vite"}}\n')
    (tmp_path / "minigame.config.json").write_text('{ "dev": { bad\n')
    with pytest.raises(AdoptRefused, match=r"minigame\.config\.json:1:"):
        plan_adoption(tmp_path, "awexample1234567")
