"""Held-out round 8 of issue 30 (pattern A): Julian19960520/DrawMonster's cross-platform module exports the games
namespace (`export let tt = window["tt"]`, `export let crossPlatform = new Stub(); if (tt) crossPlatform = tt`) and
every other module imports it (`import { crossPlatform, tt } from "../Frame/CrossPlatform"`). An imported name counted
as the importer's own variable: MN503 missed 27 calls, and MN504 said the game never created the rewarded ad it creates."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

NATIVE = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt0123456789abcd"}'}
NO_AD = "game.js:0: MN504 this mini game never creates a rewarded video ad (createRewardedVideoAd): TikTok requires rewarded ads in mini games"


def findings(make_project, files: dict[str, str]) -> list[str]:
    root = make_project({**NATIVE, "game.js": "import './use';\n", **files})
    return [
        f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id} {d.message}"
        for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
        if d.rule_id in ("MN503", "MN504")
    ]


USE = "import { api } from './platform';\nconst ad = api.createRewardedVideoAd({ adUnitId: 'ad7301' });\napi.getSetting({});\n"


def test_a_name_a_module_exports_the_namespace_under(make_project) -> None:
    for platform in (
        "export let api = window['tt'];\n",
        "export const api = typeof tt !== 'undefined' ? tt : wx;\n",
        "export let api = new Stub();\nexport let tt = window.tt;\nif (tt) { api = tt; }\n",
        "const api = GameGlobal.wx;\nexport { api };\n",
        "let sdk = window['tt'];\nexport { sdk as api };\n",
    ):
        assert findings(make_project, {"platform.js": platform, "use.js": USE}) == [
            "use.js:3: MN503 api.getSetting() is not a TikTok games API: it is undefined on TikTok"
        ], platform


def test_the_default_export_and_a_renamed_import(make_project) -> None:
    use = "import sdk from './platform';\nimport { tt as t } from './platform';\nsdk.createRewardedVideoAd({ adUnitId: 'a' });\nt.getSetting({});\n"
    platform = "export let tt = window['tt'];\nexport default tt;\n"
    assert findings(make_project, {"platform.js": platform, "use.js": use}) == [
        "use.js:4: MN503 t.getSetting() is not a TikTok games API: it is undefined on TikTok"
    ]


def test_wechats_branch_beside_tt_and_unclear_exports_are_not_followed(make_project) -> None:
    wx_branch = "import { wx } from './platform';\nif (wx) { wx.getGameRecorder(); }\n"
    platform = "export let wx = window['wx'];\nexport let tt = window['tt'];\nif (tt) { wx = null; }\n"
    assert findings(make_project, {"platform.js": platform, "use.js": wx_branch}) == [NO_AD]
    for platform, use in (
        ("export let api = createSdk();\n", USE),  # not the platform's namespace
        ("export let api = window['qq'];\n", USE),  # another platform's
        ("function f(api) { api = tt; }\nexport let api = {};\n", USE),  # a parameter of the same name given tt
        ("export let api = window['tt'];\n", USE.replace("'./platform'", "'platform-sdk'")),  # a package, not followed
        ("export let api = window['tt'];\n", "import { api } from './platform';\nfunction f(api) { api.getSetting({}); }\n"),  # shadowed
    ):
        assert findings(make_project, {"platform.js": platform, "use.js": use}) == [NO_AD], (platform, use)


def test_a_member_the_exporting_module_sets_on_the_namespace_is_the_games_own(make_project) -> None:
    platform = "export let api = window['tt'];\nif (api) { api.share = api.shareAppMessage; }\n"
    use = USE + "api.share({ title: 'x' });\n"
    assert findings(make_project, {"platform.js": platform, "use.js": use}) == [
        "use.js:3: MN503 api.getSetting() is not a TikTok games API: it is undefined on TikTok"
    ]
