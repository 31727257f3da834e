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
