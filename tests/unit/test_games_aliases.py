"""Held-out round 5 of issue 30: MN503 reported `tt.createBannerAd(...)` but not the same call through a name the
game gives the games namespace (silentWang/zomiesCombine's `const tt = window["tt"]`, `this.wx = window['wx']` then
`let wx = this.wx`; lin521-sun/wlzqb's `this.getPlatformClass().createBannerAd(...)`, a method whose platform switch
sets `p_class = tt`), and MN504 said wlzqb never created a rewarded ad it creates the same way."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

NATIVE = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt0123456789abcd"}'}


def lint(make_project, game: str, rule: str = "MN503") -> list[str]:
    root = make_project({**NATIVE, "game.js": game})
    return [
        f"{d.span.line if d.span else 0}: {d.rule_id} {d.message}"
        for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
        if d.rule_id == rule
    ]


def test_mn503_through_names_given_the_games_namespace(make_project) -> None:
    game = (
        "const tt2 = window['tt'];\n"
        "tt2.createBannerAd({ adUnitId: 'a' });\n"
        "const wx = GameGlobal.wx || window['tt'];\n"
        "wx.createFeedbackButton({});\n"
        "class Center {\n"
        "  static init() {\n    this.wx = window && window['wx'];\n    if (!this.wx) return;\n    this.wx.onShareAppMessage(() => ({}));\n  }\n"
        "  static load() {\n    let w = this.wx;\n    w.hideLoading();\n    w.login({});\n  }\n"
        "  static ald() {\n    if (!this.wx || !this.wx.aldStage) return;\n    let w = this.wx;\n    w.aldSendEvent('x');\n  }\n"
        "  static guarded() {\n    if (typeof this.wx.createBannerAd === 'function') this.wx.createBannerAd({});\n  }\n"
        "}\n"
        "class Sdk {\n"
        "  getPlatformClass() {\n    var p = null;\n    switch (this.platform) {\n"
        "      case 'tt': p = tt; break;\n      case 'ks': p = ks; break;\n    }\n    return p;\n  }\n"
        "  show() {\n    this.getPlatformClass().getGameRecorderManager();\n  }\n"
        "}\n"
        "function f(e) {\n  e.showToast({});\n}\n"  # a parameter: not the SDK
        "function g() {\n  const c = { showToast() {} };\n  c.showToast();\n}\n"
    )
    assert lint(make_project, game) == [
        "2: MN503 tt2.createBannerAd() is not a TikTok games API: it is undefined on TikTok",
        "4: MN503 wx.createFeedbackButton() is not a TikTok games API: it is undefined on TikTok",
        "9: MN503 this.wx.onShareAppMessage() is not a TikTok games API: it is undefined on TikTok",
        "13: MN503 w.hideLoading() is not among TikTok's documented games APIs: it may be undefined on TikTok",
        "35: MN503 this.getPlatformClass().getGameRecorderManager() is a Douyin API that TikTok's games SDK does not have",
    ]


def test_a_minified_local_named_tt_is_not_the_sdk(make_project) -> None:
    game = (
        "function a() {\n  var tt = { showToast() {} };\n  var e = tt;\n  e.showToast();\n  tt.showToast();\n}\n"
        "var w = wx;\nfunction b(wx) {\n  w.showToast();\n}\n"
    )
    # `w = wx` while the script declares a `wx` of its own (a parameter): not taken as the SDK
    assert lint(make_project, game) == []


def test_mn504_sees_a_rewarded_ad_created_through_a_platform_method(make_project) -> None:
    game = (
        "class Sdk {\n  getPlatformClass() {\n    switch (this.platform) {\n      case 1: return tt;\n      default: return wx;\n    }\n  }\n"
        "  video() {\n    this.getPlatformClass().createRewardedVideoAd({ adUnitId: 'ad7301' });\n  }\n}\n"
    )
    assert lint(make_project, game, "MN504") == []
    assert lint(make_project, game.replace("return tt", "return qg").replace("return wx", "return ks"), "MN504") != []
