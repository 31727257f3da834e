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


CENTER = (
    "export default class Center {\n"
    "  static init() {\n    this.wx = window && window['wx'];\n    if (!this.wx) return;\n    this.showVideo(null, 1, true);\n  }\n"
    "  static isWxEnv() {\n    return window && window['wx'];\n  }\n"
    "  static showVideo(callback, type, isinit = false) {\n"
    "    if (!this.wx) return;\n    let wx = this.wx;\n"
    "    if (!isinit) {\n      wx.showLoading({ title: 'loading' });\n    }\n"  # 14: only through play()'s else branch
    "    setTimeout(() => wx.hideLoading(), 3000);\n"  # 16: init runs it inside TikTok
    "    const ad = wx.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"
    "    if (isinit) {\n      ad.onError(() => wx.showToast('failed'));\n      return;\n    }\n"  # 19: inside TikTok too
    "    ad.show().catch(() => wx.showToast('failed'));\n"  # 22: after init's return, only through play()
    "  }\n"
    "}\n"
)
AD = (
    "import Center from './center';\n"
    "const tt = window['tt'];\n"
    "export default class Ad {\n"
    "  play(callback, type) {\n"
    "    if (tt) {\n      this.playVideo();\n    } else if (Center.isWxEnv()) {\n      Center.showVideo(callback, type);\n    }\n"
    "  }\n"
    "  playVideo() {}\n"
    "}\n"
)


def test_a_static_method_called_inside_tiktok_only_with_a_flag_that_skips_the_call(make_project) -> None:
    # zomiesCombine's WxCenter.showRewardedVideoAd: init() calls it with isinit = true (inside TikTok: TikTok answers to
    # wx), AdCenter.play() only in the branch after `if (tt)`, which never runs inside TikTok
    game = "import Center from './center';\nimport Ad from './ad';\nCenter.init();\nnew Ad().play(null, 1);\n"
    root = make_project({**NATIVE, "game.js": game, "center.js": CENTER, "ad.js": AD})
    found = sorted(
        f"{d.path}:{d.span.line if d.span else 0}" for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id == "MN503"
    )
    assert found == ["center.js:16", "center.js:19"]


def test_the_same_static_method_called_inside_tiktok_without_the_flag_is_reported(make_project) -> None:
    center = CENTER.replace("this.showVideo(null, 1, true)", "this.showVideo(null, 1, false)")
    ad = AD.replace("if (tt) {\n      this.playVideo();\n    } else if (Center.isWxEnv()) {", "if (Center.isWxEnv()) {")
    # init() passing false runs all but the `if (isinit)` branch inside TikTok; play() without `if (tt)` runs the rest
    for files, lines in (({"center.js": center, "ad.js": AD}, [14, 16, 22]), ({"center.js": CENTER, "ad.js": ad}, [14, 16, 19, 22])):
        root = make_project({**NATIVE, "game.js": "import Center from './center';\nimport Ad from './ad';\nCenter.init();\n", **files})
        found = sorted(
            f"{d.path}:{d.span.line if d.span else 0}" for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id == "MN503"
        )
        assert found == [f"center.js:{line}" for line in lines], files


# --- instance methods: the same guard when each call's receiver is provably an instance of the class ---------------

PLAYER = (
    "const tt = window['tt'];\n"
    "export default class Player {\n"
    "  init() {\n    this.wx = window['wx'];\n    if (!this.wx) return;\n    this.showVideo(true);\n  }\n"
    "  showVideo(isinit = false) {\n"
    "    const wx = this.wx;\n"
    "    if (!isinit) {\n      wx.showLoading({ title: 'loading' });\n    }\n"  # 11: only through play()'s else branch
    "    wx.hideLoading();\n"  # 13: init runs it inside TikTok
    "  }\n"
    "  play() {\n    if (tt) {\n      this.playVideo();\n    } else {\n      setTimeout(() => this.showVideo(), 0);\n    }\n  }\n"
    "  playVideo() {}\n"
    "}\n"
)


def _mn503_lines(make_project, files: dict[str, str]) -> list[str]:
    root = make_project({**NATIVE, **files})
    return sorted(
        f"{d.path}:{d.span.line if d.span else 0}" for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id == "MN503"
    )


def test_an_instance_method_called_on_this_inside_tiktok_only_with_a_flag_that_skips_the_call(make_project) -> None:
    # `this.showVideo(true)` from init (inside TikTok), `this.showVideo()` only after `if (tt)`'s else: line 11 never
    # runs inside TikTok; an instance made here and one the module exports, each called the same ways
    assert _mn503_lines(make_project, {"game.js": "import Player from './player';\nconst p = new Player();\np.init();\n", "player.js": PLAYER}) == [
        "player.js:13"
    ]
    instance = PLAYER.replace("export default class Player", "class Player") + "export default new Player();\n"
    game = "import player from './player';\nplayer.init();\nplayer.play();\n"
    assert _mn503_lines(make_project, {"game.js": game, "player.js": instance}) == ["player.js:13"]
    singleton = PLAYER.replace("  playVideo() {}\n", "  playVideo() {}\n  static get instance() {\n    return this._one || (this._one = new Player());\n  }\n")
    game = "import Player from './player';\nPlayer.instance.init();\nnew Player().play();\n"
    assert _mn503_lines(make_project, {"game.js": game, "player.js": singleton}) == ["player.js:13"]


def test_an_instance_method_called_inside_tiktok_or_on_an_unknown_receiver_is_reported(make_project) -> None:
    both = ["player.js:11", "player.js:13"]
    for game in (
        "import Player from './player';\nconst p = new Player();\np.showVideo(false);\n",  # inside TikTok, the flag runs line 11
        "import Player from './player';\nPlayer.instance.showVideo();\n",  # `instance` the class does not make: unknown
        "import Player from './player';\nconst p = new Player();\nhelpers.keep(p);\n",  # the instance passed on: not followed
        "import Player from './player';\nlet p = new Player();\np = helpers.other();\np.init();\n",  # a `let` given something else later
        "import Player from './player';\nconst p = new Player();\np.init();\nsomeone.showVideo();\n",  # another receiver
        "import Player from './player';\nclass Fast extends Player {}\nnew Fast().init();\n",  # a subclass: not followed
        "import * as all from './player';\nnew all.default().init();\n",  # a namespace import
    ):
        assert _mn503_lines(make_project, {"game.js": game, "player.js": PLAYER}) == both, game
    # `this` in a function of its own (not an arrow) is not the instance
    unbound = PLAYER.replace("setTimeout(() => this.showVideo(), 0)", "setTimeout(function () { this.showVideo(); }, 0)")
    assert _mn503_lines(make_project, {"game.js": "import Player from './player';\nnew Player().init();\n", "player.js": unbound}) == both


def test_mn503_in_a_recognised_library_names_it_and_stays_a_warning(make_project) -> None:
    """Held-out round 6 of issue 30 (wangZJ201205/BaseGameFrame's build/bytedance): tt.saveFile() in Cocos Creator's
    adapter-min.js was reported without naming the adapter, where MN402/MN405/MN406 name the library they are in."""
    root = make_project(
        {
            **NATIVE,
            "game.js": "require('adapter-min.js');\nrequire('libs/vendor-sdk.js');\n",
            "adapter-min.js": "var fs={saveFile:function(t,e,n){tt.saveFile({tempFilePath:t,filePath:e})}};\n",
            "libs/vendor-sdk.js": "export const pay = () => my.tradePay({});\n",
        }
    )
    found = sorted(
        (d.path, d.message, d.severity.value, d.hint) for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id == "MN503"
    )
    assert [(path, message, severity) for path, message, severity, _ in found] == [
        ("adapter-min.js", "tt.saveFile() in Cocos Creator's adapter is not a TikTok games API: it is undefined on TikTok", "warning"),
        (
            "libs/vendor-sdk.js",
            "my.tradePay() in the vendored library libs/vendor-sdk.js is Alipay's API (my.*): TikTok's games SDK answers to TTMinis.game, tt and wx only",
            "warning",
        ),
    ]
    assert all("not the game's own code" in hint for *_, hint in found)


def test_mn503_names_every_platform_an_api_is_known_on(make_project) -> None:
    """flyfishbird's `pf.tt.getUserInfo()` was called 'a WeChat API': Douyin's mini games have tt.getUserInfo too."""
    assert lint(make_project, "tt.getUserInfo({ success() {} });\n") == [
        "1: MN503 tt.getUserInfo() is a WeChat and Douyin API that TikTok's games SDK does not have"
    ]
