"""Held-out round 6 of issue 30: yuniao777/flyfishbird's platform layer reaches the games namespace through a global
registry object set in one module (`window.pf = { wx: window['wx'], qq: window['qq'], tt: window['tt'] }`) and read in
others (`pf.tt.getUserInfo()`, `let platform = pf.tt ? pf.tt : pf.qq ? pf.qq : pf.wx; platform.login()`): MN503 missed
4 calls, MN504 said it never created the rewarded ad it creates, MN509 that it never logged in."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

NATIVE = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt0123456789abcd"}'}
AD = "export const ad = api.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"


def findings(make_project, files: dict[str, str], rules: tuple[str, ...] = ("MN503", "MN504")) -> list[str]:
    root = make_project({**NATIVE, "game.js": "import './registry';\nimport './use';\n", **files})
    return [
        f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id} {d.message}"
        for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
        if d.rule_id in rules
    ]


def test_a_global_registry_set_in_another_module(make_project) -> None:
    use = "let api = pf.tt ? pf.tt : pf.wx;\n" + AD + "pf.tt.getUserInfo({});\nwindow.pf.tt.getSetting({});\npf['tt'].vibrateShort();\n"
    for registry in (
        "window.pf = { wx: window['wx'], tt: window['tt'] };\n",
        "globalThis.pf = { tt: typeof tt !== 'undefined' ? tt : null };\n",
        "GameGlobal['pf'] = { tt: GameGlobal.tt || GameGlobal.wx };\n",
    ):
        assert findings(make_project, {"registry.js": registry, "use.js": use}) == [
            "use.js:3: MN503 pf.tt.getUserInfo() is a WeChat and Douyin API that TikTok's games SDK does not have",
            "use.js:4: MN503 window.pf.tt.getSetting() is not a TikTok games API: it is undefined on TikTok",
        ], registry


def test_an_exported_or_local_registry(make_project) -> None:
    registry = "export const pf = { tt: window['tt'] };\n"
    use = "import { pf } from './registry';\nconst api = pf.tt;\n" + AD + "api.getSetting({});\n"
    assert findings(make_project, {"registry.js": registry, "use.js": use}) == [
        "use.js:4: MN503 api.getSetting() is not a TikTok games API: it is undefined on TikTok"
    ]
    local = "const pf = { wx };\nconst api = pf.wx;\n" + AD + "pf.wx.getSetting({});\n"  # only wx: the namespace
    assert findings(make_project, {"registry.js": "", "use.js": local}) == [
        "use.js:4: MN503 pf.wx.getSetting() is not a TikTok games API: it is undefined on TikTok"
    ]


def test_unclear_registries_are_not_followed(make_project) -> None:
    use = "let api = pf.tt;\n" + AD + "pf.tt.getSetting({});\npf.wx.getSetting({});\n"
    unreported = ["game.js:0: MN504 this mini game never creates a rewarded video ad (createRewardedVideoAd): TikTok requires rewarded ads in mini games"]
    for registry, using in (
        ("window.pf = { tt: myOwnTt };\n", use),  # not the platform's namespace
        ("window.pf = { tt: window['tt'] };\n", "function f(pf) {\n" + use + "}\n"),  # a parameter of the same name
        ("window.pf = { tt: window['tt'] };\n", "import { pf } from './other';\n" + use),  # another pf, imported
        ("window.pf = { tt: window['tt'] };\nwindow.pf = { tt: window['qq'] };\n", use),  # registries that disagree
        ("window.pf = { qq: window['qq'], tt: window['tt'] };\n", use.replace("pf.tt", "pf.qq")),  # another platform's key
    ):
        assert findings(make_project, {"registry.js": registry, "use.js": using, "other.js": "export const pf = {};\n"}) == unreported, (registry, using)
    # a registry holding tt and wx: its wx read alone is the WeChat branch (the game takes tt inside TikTok)
    both = "window.pf = { wx: window['wx'], tt: window['tt'] };\n"
    assert findings(make_project, {"registry.js": both, "use.js": "let api = pf.wx;\napi.getSetting({});\npf.wx.getSetting({});\n"}, ("MN503",)) == []
