"""Held-out round 7 of issue 30: the games namespace read from the global object under LayaAir's name
(xx0528/LayaMiniGame: `Laya.Browser.window["tt"].createRewardedVideoAd(...)`) or by a key that folds to tt/wx
(huangdoudou6174/cocosGame: `apiName = 'tt'`, `this.api = window[this.apiName]`, `this.api.createBannerAd(...)`, also
compiled to ES5): MN503 missed those calls and MN504/MN509 said the ad and login were never used. Anything unclear
(a key changed after construction, two values, a parameter) is given up."""

from __future__ import annotations

from minis_cli.lint.games_aliases import alias_calls
from minis_cli.source.javascript import scripts_in
from minis_cli.source.sdkrefs import _dynamic


def calls(code: str, path: str = "platform.ts") -> list[str]:
    return [f"{node.start_point[0] + 1}: {written}" for script in scripts_in(path, code) for node, written, _ in alias_calls(script)]


def test_laya_browser_window_is_the_global_object() -> None:
    code = (
        'Laya.Browser.window["tt"].getGameRecorderManager();\n'
        "Laya.Browser.window.wx.createBannerAd({});\n"
        'Laya.Browser.window["qq"].createBannerAd({});\n'  # another platform's
        "window.tt.createBannerAd({});\n"  # the rule's plain call, not repeated here
        "const api = Laya.Browser.window['tt'];\napi.showShareMenu({});\n"
    )
    assert calls(code) == ['1: Laya.Browser.window["tt"].getGameRecorderManager', "2: Laya.Browser.window.wx.createBannerAd", "6: api.showShareMenu"]


def test_a_key_that_folds_to_tt_or_wx() -> None:
    code = (
        'const platformName = "tt";\n'
        "Laya.Browser.window[platformName].createGridAd({});\n"
        "function open(name) {\n  window[name].createGridAd({});\n}\n"  # a parameter: unknown
        "let changing = 'tt';\nchanging = 'qq';\nwindow[changing].createGridAd({});\n"  # assigned again: unknown
    )
    assert calls(code) == ["2: Laya.Browser.window[platformName].createGridAd"]


def test_a_class_field_holding_the_key() -> None:
    code = (
        "class TTSdk extends Base {\n"
        "  private apiName: string = 'tt';\n"
        "  init() {\n    this.api = window[this.apiName];\n    this.api.createBannerAd({});\n  }\n"
        "}\n"
        "class SetInCtor {\n"
        "  constructor() {\n    this.key = 'wx';\n  }\n"
        "  init() {\n    this.api = window[this.key];\n    this.api.showShareMenu({});\n  }\n"
        "}\n"
        "class Changed {\n"
        "  key = 'tt';\n"
        "  use(k) {\n    this.key = k;\n    this.api = window[this.key];\n    this.api.showShareMenu({});\n  }\n"
        "}\n"
        "class Other {\n"
        "  key = 'qq';\n"
        "  init() {\n    this.api = window[this.key];\n    this.api.showShareMenu({});\n  }\n"
        "}\n"
    )
    assert calls(code) == ["5: this.api.createBannerAd", "14: this.api.showShareMenu"]


def test_an_es5_class_compiled_from_typescript() -> None:
    code = (
        "var TTSDK = (function (_super) {\n"
        "    __extends(TTSDK, _super);\n"
        "    function TTSDK() {\n"
        "        var _this = _super !== null && _super.apply(this, arguments) || this;\n"
        "        _this.apiName = 'tt';\n"
        "        return _this;\n"
        "    }\n"
        "    TTSDK.prototype.init = function () {\n"
        "        this.api = window[this.apiName];\n"
        "        this.api.showShareMenu({});\n"
        "    };\n"
        "    TTSDK.prototype.record = function () {\n"
        "        return this.api.getGameRecorderManager();\n"
        "    };\n"
        "    return TTSDK;\n"
        "}(SDK));\n"
        "function helper() {\n    this.api.createBannerAd({});\n}\n"  # not a class: no prototype methods
    )
    assert calls(code, "TTSDK.js") == ["10: this.api.showShareMenu", "13: this.api.getGameRecorderManager"]


def test_a_bundle_whose_own_tt_is_assigned_is_not_walked(monkeypatch) -> None:
    """LayaAir's laya.physics3D.min.js (issue 30): minified locals named tt (`k[p+312>>2]=tt`) showed the cheap hint, and
    the alias walk then took 0.8-1.7 s over the 1-1.5 MB file for nothing. A bare tt/wx the script declares itself is
    not the namespace, so nothing is walked; and in a walk, names never given the SDK cost no scope search."""
    import minis_cli.lint.games_aliases as aliases

    bundle = "".join(f"function f{i}(t,e){{var tt=t*e,n;n=t;e=n;k[t+{i}>>2]=tt;return n}}\n" for i in range(300))
    built = []
    monkeypatch.setattr(aliases, "_dynamic", lambda *a: built.append(a) or _dynamic(*a))
    assert calls(bundle, "laya.physics3D.min.js") == []
    assert built == []  # given up before any query

    searched = []
    innermost = aliases._innermost
    monkeypatch.setattr(aliases, "_innermost", lambda entries, at: searched.append(at) or innermost(entries, at))
    walked = bundle.replace("var tt=t*e,n;", "var n;") + "var api = wx;\napi.showShareMenu({});\n"
    assert calls(walked, "game.js") == [f"{301 + 1}: api.showShareMenu"]
    assert len(searched) < 10  # one per use of `api` (was one per assignment and identifier read: over 1200)
