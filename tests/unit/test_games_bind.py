"""Held-out round 6 of issue 30: yysys/ai_project's `(typeof tt !== 'undefined' && tt.requestAnimationFrame) ?
tt.requestAnimationFrame.bind(tt) : fallback` got MN503 "tt.requestAnimationFrame.bind() is not a TikTok games API":
Function.prototype's bind/call/apply on a games API is a use of that API, which its existence check guards and the
message names."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

NATIVE = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt0123456789abcd"}'}


def findings(make_project, game: str, rules: tuple[str, ...] = ("MN503",)) -> list[str]:
    root = make_project({**NATIVE, "game.js": game})
    return [
        f"{d.span.line if d.span else 0}: {d.rule_id} {d.message}"
        for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
        if d.rule_id in rules
    ]


def test_a_guarded_bind_call_or_apply_is_silent(make_project) -> None:
    game = (
        "const raf = (typeof tt !== 'undefined' && tt.requestAnimationFrame) ? tt.requestAnimationFrame.bind(tt) : (cb) => setTimeout(cb, 16);\n"
        "const caf = tt.cancelAnimationFrame ? tt.cancelAnimationFrame.bind(tt) : null;\n"
        "if (tt.getUserProfile) { tt.getUserProfile.call(tt, {}); }\n"
        "if (typeof wx.getGameRecorderManager === 'function') wx.getGameRecorderManager.apply(wx, []);\n"
        "const api = window['tt'];\n"
        "if (api.getUserProfile) api.getUserProfile.call(api, {});\n"
    )
    assert findings(make_project, game) == []


def test_an_unguarded_one_is_a_use_of_the_api_it_binds(make_project) -> None:
    game = (
        "const ask = tt.getUserProfile.bind(tt);\n"
        "wx.getGameRecorderManager.call(wx);\n"
        "const api = window['tt'];\n"
        "api.getUserProfile.apply(api, [{}]);\n"
        "tt.login.bind(tt);\n"  # a TikTok API: fine
        "my.getAuthCode.call(my, {});\n"
    )
    assert findings(make_project, game) == [
        "1: MN503 tt.getUserProfile() is a WeChat API that TikTok's games SDK does not have",
        "2: MN503 wx.getGameRecorderManager() is a Douyin API that TikTok's games SDK does not have",
        "4: MN503 api.getUserProfile() is a WeChat API that TikTok's games SDK does not have",
        "6: MN503 my.getAuthCode() is Alipay's API (my.*): TikTok's games SDK answers to TTMinis.game, tt and wx only",
    ]


def test_a_rewarded_ad_created_through_bind_counts_for_mn504(make_project) -> None:
    game = "const create = tt.createRewardedVideoAd.bind(tt);\nconst ad = create({ adUnitId: 'ad7301' });\n"
    assert findings(make_project, game, ("MN504",)) == []
    game = "const api = window['tt'];\napi.createRewardedVideoAd.call(api, { adUnitId: 'ad7301' });\n"
    assert findings(make_project, game, ("MN504",)) == []
