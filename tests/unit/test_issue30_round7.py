"""Issue 30, held-out round 7 on real projects: code that never runs inside TikTok, modelled on small projects of our
own. A multi-platform manager's branches for other stores chosen by a build-time flag (`debug.platformOppo`) and the
Cocos Creator 2 modules required only there; existence checks in a caller with an early return, and of a web API."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS2 = {"project.json": '{ "engine": "cocos-creator-js", "packages": "packages", "name": "g", "version": "2.4.11" }\n', "settings/project.json": "{}\n"}
GAME = {"game.json": "{}\n", "project.config.json": '{ "appid": "awgame000001" }\n'}


def found(make_project, files: dict[str, str], rules: tuple[str, ...] = ("MN503",)) -> list[str]:
    root = make_project({"index.html": None, "minis.config.json": None, "package.json": None, **files})
    result = run(Project(root, environ={}), LintOptions(use_cache=False))
    return [f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id}" for d in result.diagnostics if d.rule_id in rules]


# --- another store's build flag --------------------------------------------------------------------------------------

BRANCHES = {
    "platformOppo": ("if (debug.platformOppo) {\n  wx.createInsertAd({});\n}\n", False),
    "platformMZ": ("if (x) {} else if (debug.platformMZ) {\n  wx.createInsertAd({});\n}\n", False),
    "platformUC": ("if (cfg.platformUC) wx.createInsertAd({});\n", False),
    "platformKuaishou": ("if (debug.platformKuaishou) { wx.showModal({ title: 't' }); }\n", False),
    "isPlatformQQ": ("if (this.isPlatformQQ) wx.createInsertAd({});\n", False),
    "platformWx (TikTok runs WeChat's build)": ("if (debug.platformWx) wx.showShareMenu({});\n", True),
    "platformToutiao": ("if (debug.platformToutiao) wx.showShareMenu({});\n", True),
    "platformApp": ("if (debug.platformApp) wx.showShareMenu({});\n", True),
    "a word that only starts like one": ("if (debug.platformOpposite) wx.showShareMenu({});\n", True),
}


def test_a_branch_for_another_stores_build_flag_never_runs_inside_tiktok(make_project) -> None:
    """WZQ-shaped: `else if (debug.platformOppo|MZ|UC|Kuaishou)` picks a store TikTok never is (it runs the ByteDance
    or WeChat export); WeChat's, Toutiao's and an unclear flag still count as TikTok's code."""
    for name, (code, reported) in BRANCHES.items():
        assert bool(found(make_project, {**GAME, "game.js": code})) == reported, name


MANAGER = (
    "var Manager = {\n  init: function () {\n"
    "    if (debug.platformOppo) {\n      var AdUtil_oppo = require('AdUtil_oppo');\n      this.ad = new AdUtil_oppo();\n"
    "    } else if (debug.platformToutiao) {\n      var AdUtil_tt = require('AdUtil_tt');\n      this.ad = new AdUtil_tt();\n    }\n"
    "  },\n};\nmodule.exports = Manager;\n"
)
AD_UTIL = "function AdUtil() {}\nAdUtil.prototype.show = function () {\n  this.ad = wx.createInsertAd({ adUnitId: 'x' });\n};\nmodule.exports = AdUtil;\n"


def test_a_cocos2_module_required_only_in_another_stores_branch(make_project) -> None:
    """Cocos Creator 2 requires a script by its file name (`require('AdUtil_oppo')`, no path): the module required
    only inside the Oppo branch is Oppo's code; the ByteDance one is TikTok's."""
    files = {**COCOS2, "assets/scripts/Manager.js": MANAGER, "assets/scripts/ads/AdUtil_oppo.js": AD_UTIL, "assets/scripts/ads/AdUtil_tt.js": AD_UTIL}
    assert found(make_project, files) == ["assets/scripts/ads/AdUtil_tt.js:3: MN503"]


def test_a_cocos2_module_also_required_elsewhere_or_run_at_its_top_level(make_project) -> None:
    """Required outside the branch too, it may run inside TikTok; and Creator runs every script's top level at start,
    required or not, so a call there is reported."""
    files = {**COCOS2, "assets/scripts/Manager.js": MANAGER, "assets/scripts/ads/AdUtil_tt.js": AD_UTIL}
    shop = "var AdUtil_oppo = require('AdUtil_oppo');\nnew AdUtil_oppo().show();\n"
    also = {**files, "assets/scripts/ads/AdUtil_oppo.js": AD_UTIL, "assets/scripts/Shop.js": shop}
    assert "assets/scripts/ads/AdUtil_oppo.js:3: MN503" in found(make_project, also)
    top = {**files, "assets/scripts/ads/AdUtil_oppo.js": "wx.createInsertAd({ adUnitId: 'x' });\n" + AD_UTIL}
    assert found(make_project, top) == ["assets/scripts/ads/AdUtil_oppo.js:1: MN503", "assets/scripts/ads/AdUtil_tt.js:3: MN503"]


# --- existence checks: in the caller, and of a web API --------------------------------------------------------------

OBJECT_CALLER = (
    "const Api = {\n  init() {\n    if (typeof wx.createMoreGamesButton == 'function') {\n      this.ready = true;\n    } else {\n      return;\n    }\n"
    "    if (this.ready) this.makeButton();\n  },\n  makeButton() {\n    this.button = wx.createMoreGamesButton({ type: 'text' });\n  },\n};\n"
    "module.exports = Api;\n"
)
CLASS_CALLER = (
    "class Promo {\n  setup() {\n    if (typeof tt.showMoreGamesModal !== 'function') return;\n    this.open();\n  }\n"
    "  open() {\n    tt.showMoreGamesModal({});\n  }\n}\nmodule.exports = new Promo();\n"
)


def test_an_existence_check_in_the_caller_guards_the_method_it_calls(make_project) -> None:
    """WZQ-shaped: `if (typeof wx.x == 'function') {...} else { return; }` in one method, `wx.x()` in the method it then
    calls on `this`, of an object literal or a class: every call of the method is after the check."""
    assert found(make_project, {**GAME, "game.js": "require('./api');\n", "api.js": OBJECT_CALLER}) == []
    assert found(make_project, {**GAME, "game.js": "require('./promo');\n", "promo.js": CLASS_CALLER}) == []


def test_a_method_also_called_without_the_check_is_reported(make_project) -> None:
    """Another call without the check, on `this` or from another module (not followed), keeps the finding."""
    unchecked = OBJECT_CALLER.replace("  makeButton() {", "  later() {\n    this.makeButton();\n  },\n  makeButton() {")
    assert found(make_project, {**GAME, "game.js": "require('./api');\n", "api.js": unchecked}) == ["api.js:14: MN503"]
    elsewhere = {**GAME, "game.js": "const Api = require('./api');\nApi.makeButton();\n", "api.js": OBJECT_CALLER}
    assert found(make_project, elsewhere) == ["api.js:11: MN503"]
    not_returning = CLASS_CALLER.replace(" return;", " console.log('none');")
    assert found(make_project, {**GAME, "game.js": "require('./promo');\n", "promo.js": not_returning}) == ["promo.js:7: MN503"]


VIBRATE = {
    "typeof": "if (window.navigator && typeof window.navigator.vibrate == 'function') {\n  window.navigator.vibrate(15);\n}\n",
    "in": "if ('vibrate' in navigator) navigator.vibrate(15);\n",
    "&&": "navigator.vibrate && navigator.vibrate(15);\n",
}


def test_an_existence_check_of_a_web_api_in_a_native_game(make_project) -> None:
    """WZQ-shaped: `typeof navigator.vibrate == "function"` (or `'vibrate' in navigator`, `navigator.vibrate &&`) is
    false in a native game's runtime, which has no such API: MN406 is silent behind it, and reported without it."""
    for name, code in VIBRATE.items():
        assert found(make_project, {**GAME, "game.js": code}, ("MN406",)) == [], name
    assert found(make_project, {**GAME, "game.js": "navigator.vibrate(15);\n"}, ("MN406",)) == ["game.js:1: MN406"]


def test_an_existence_check_of_a_web_api_in_a_mini_is_no_guard(make_project) -> None:
    """In a web Mini the API may well exist in TikTok's webview (its docs forbid it, not remove it): still reported."""
    page = '<!doctype html>\n<html>\n<body>\n<script type="module" src="/src/main.js"></script>\n</body>\n</html>\n'
    root = make_project({"index.html": page, "minis.config.json": '{"dev": {"clientKey": "awexample123"}}', "src/main.js": VIBRATE["typeof"]})
    result = run(Project(root, environ={}), LintOptions(use_cache=False))
    assert [d.span.line for d in result.diagnostics if d.rule_id == "MN406"] == [2]


def test_mn506_leaves_another_stores_ad_helper(make_project) -> None:
    """WZQ's VideoAdUtil_mz (onRewarded/offRewarded, Meizu's), required only in the Meizu branch: not TikTok's ad."""
    helper = "function Ad() {}\nAd.prototype.show = function () {\n  this._ad = wx.createRewardedVideoAd({ adUnitId: 'x' });\n"
    helper += "  this._ad.onRewarded(() => {});\n};\n"
    manager = MANAGER.replace("oppo", "mz").replace("platformOppo", "platformMZ")
    files = {**COCOS2, "assets/scripts/Manager.js": manager, "assets/scripts/ads/AdUtil_mz.js": helper + "module.exports = Ad;\n"}
    files["assets/scripts/ads/AdUtil_tt.js"] = helper + "module.exports = Ad;\n"
    assert found(make_project, files, ("MN506",)) == ["assets/scripts/ads/AdUtil_tt.js:4: MN506"]
