"""Held-out round 25 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

PACKAGE = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt1234567890abcdef"}'}


def lint(root: Path, *rules: str) -> list[tuple[str, str, str]]:
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=rules or None)).diagnostics
    return sorted((d.rule_id, f"{d.path}:{d.span.line if d.span else ''}", d.message) for d in found)


def mn503(root: Path, code: str) -> list[str]:
    return [where for rule, where, _ in lint(write(root, {**PACKAGE, "game.js": code}), "MN503")]


SDK = """var conf = {
    appId: "tt1234567890abcdef",
    channel: "%s", // wx, oppo, vivo, tt
};
if (conf.channel === "wx") {
    wx.getUserInfo({});
} else if (conf.channel == "tt") {
    tt.login({ success() {}, fail() {} });
}
%s
"""


def test_a_member_of_a_settings_object_given_one_string_compares_the_same_everywhere(tmp_path: Path) -> None:
    """A vendored SDK's settings at its top (`var conf = { appId, channel: "tt" }`) and its channels chosen by
    `conf.channel === "wx"`: the WeChat channel never runs where the channel is "tt", and runs where it is "wx"."""
    assert mn503(tmp_path / "tt", SDK % ("tt", "")) == []
    assert mn503(tmp_path / "wx", SDK % ("wx", "")) == ["game.js:6"]


def test_a_settings_object_that_may_change_is_not_fixed(tmp_path: Path) -> None:
    """Written (`conf.channel = ...`, `delete`), passed where it may be changed, indexed, assigned whole, or given its
    channel by a method: its channel is not known, and the WeChat channel is reported as before."""
    for name, extra in {
        "written": 'function set(c) { conf.channel = c; }\nset("wx");',
        "deleted": "delete conf.channel;",
        "passed": "Object.assign(conf, JSON.parse(localStorageText));",
        "indexed": 'conf["channel"] = "wx";',
        "whole": "conf = { channel: 'wx' };",
    }.items():
        assert mn503(tmp_path / name, SDK % ("tt", extra)) == ["game.js:6"], name
    getter = SDK.replace('channel: "%s",', 'channel() { return "%s"; },')
    assert mn503(tmp_path / "method", getter % ("tt", "")) == ["game.js:6"]


def test_a_write_to_any_variable_of_the_name_leaves_it_unknown(tmp_path: Path) -> None:
    """The uses are matched by name, not by scope: a function's own `var conf` written elsewhere in the module leaves the
    channel unknown (reported as before), never a guard that may not hold."""
    other = 'function local() { var conf = {}; conf.channel = "wx"; return conf; }\nlocal();'
    assert mn503(tmp_path / "a", SDK % ("tt", other)) == ["game.js:6"]  # conservative: the name is written somewhere


# A Cocos Creator 2 game: its start-up script gives an engine global's property the namespace, and every other script
# calls through it (`cc.MyPlat.showToast(...)`), with no tt or wx of its own.
WHOLE = """cc.Class({
    onLoad() {
        if (window.wx) {
            cc.MyPlat = window.wx;
        } else if (window.tt) {
            cc.MyPlat = window.tt;
        }
    },
    record() {
        if (typeof cc.MyPlat.getGameRecorderManager !== 'function') {
            return;
        }
        cc.MyPlat.showToast({ title: 'recording' });
    },
});
"""
AD = """var AdMgr = {
    play(done) {
        var ad = cc.MyPlat.createRewardedVideoAd({ adUnitId: 'ad1234567890' });
        ad.onClose(function (res) { if (res && res.isEnded) { done(); } });
        ad.show();
    },
    createBannerAd() {
        return cc.MyPlat.createBannerAd({ adUnitId: 'ad1234567890' });
    },
    showBanner() {
        if (!cc.MyPlat || !cc.MyPlat.createBannerAd) {
            return;
        }
        this.createBannerAd();
    },
};
module.exports = AdMgr;
"""
PANEL = """cc.Class({
    share() {
        if (cc.MyPlat && typeof cc.MyPlat.shareVideo === 'function') {
            cc.MyPlat.shareVideo({ success() { cc.MyPlat.showToast({ title: 'shared' }); } });
        } else if (cc.MyPlat) {
            cc.MyPlat.showModal({ title: 'share failed' });
        }
    },
});
"""
COCOS2 = {"project.json": '{ "engine": "cocos-creator-js", "version": "2.4.13" }\n', "settings/project.json": "{}\n"}


def test_a_global_property_given_the_namespace_in_one_script_is_the_namespace_in_the_others(tmp_path: Path) -> None:
    """MN503 follows `cc.MyPlat` into scripts that name no tt or wx; MN504 counts the rewarded ad made through it; a
    `typeof cc.MyPlat.x` check, a call in the callback of a checked API TikTok lacks, and a wrapper method named like
    the API it wraps (`createBannerAd() {...}` called only after `!cc.MyPlat.createBannerAd` returns) are guards."""
    files = {**COCOS2, "assets/script/Whole.js": WHOLE, "assets/script/AdMgr.js": AD, "assets/script/Panel.js": PANEL}
    found = lint(write(tmp_path / "game", files))
    assert [(rule, where) for rule, where, _ in found if rule in ("MN503", "MN504")] == [("MN503", "assets/script/Panel.js:6")], found
    # a script with a `cc` of its own reads another object
    own = {**files, "assets/script/Panel.js": "var cc = { MyPlat: { showModal() {} } };\n" + PANEL}
    assert [rule for rule, _, _ in lint(write(tmp_path / "own", own), "MN503")] == []


def test_only_the_namespace_given_to_a_global_property_counts(tmp_path: Path) -> None:
    """`cc.MyPlat = window.tt.env` or `= wx.getSystemInfoSync()` is no namespace, nor an assignment in a comment or a
    string, nor one where the assigning script has a `cc` of its own."""
    for name, given in {
        "member": "cc.MyPlat = window.tt.env;",
        "call": "cc.MyPlat = wx.getSystemInfoSync();",
        "comment": "// cc.MyPlat = window.tt;",
        "string": "var s = 'cc.MyPlat = window.tt';",
        "own": "var cc = {}; cc.MyPlat = window.tt;",
    }.items():
        files = {**COCOS2, "assets/script/Boot.js": given + "\n", "assets/script/Panel.js": PANEL}
        assert [rule for rule, _, _ in lint(write(tmp_path / name, files), "MN503")] == [], name


BASE = "let BaseManager = cc.Class({ init() {} });\nmodule.exports = BaseManager;\n"


def _sdk_factory(root: Path, qq_class: str, factory_binding: str = "const QQManager = require('QQManager');", base: str = BASE) -> list[str]:
    files = {
        **COCOS2,
        "assets/sdk/BaseManager.js": base,
        "assets/sdk/QQManager.js": qq_class,
        "assets/sdk/SdkManager.js": factory_binding
        + "\nvar SdkManager = {\n    init(platform) {\n        if (platform == 'qq') {\n            this.instance = new QQManager();\n"
        "        }\n    },\n};\nmodule.exports = SdkManager;\n",
    }
    return [where for rule, where, _ in lint(write(root, files), "MN503")]


QQ = "let QQManager = cc.Class({\n    extends: require('BaseManager'),\n    vibrate() {\n        qq.vibrateShort();\n    },\n});\nmodule.exports = QQManager;\n"


def test_a_cocos2_class_required_and_made_only_for_another_platform_runs_outside_tiktok(tmp_path: Path) -> None:
    """Held-out round 25: an SDK layer of `cc.Class` managers (`module.exports = QQManager`), required by their file name
    and built only in another platform's branch (`if (platform == 'qq') new QQManager()`): its qq.* calls never run
    inside TikTok (25 false MN503). A component may be made by a scene with no `new`, so one still counts; so does a
    class required in a way not followed (`extends: require(...)` of it elsewhere, a name assigned again)."""
    assert _sdk_factory(tmp_path / "factory", QQ) == []
    component = QQ.replace("require('BaseManager')", "cc.Component")
    assert _sdk_factory(tmp_path / "component", component) == ["assets/sdk/QQManager.js:4"]
    component_base = "let BaseManager = cc.Class({ extends: cc.Component });\nmodule.exports = BaseManager;\n"
    assert _sdk_factory(tmp_path / "base-component", QQ, base=component_base) == ["assets/sdk/QQManager.js:4"]
    assert _sdk_factory(tmp_path / "let", QQ, "let QQManager = require('QQManager');\nQQManager = null;") == ["assets/sdk/QQManager.js:4"]
    made_here = QQ + "new QQManager().vibrate();\n"
    assert _sdk_factory(tmp_path / "made-here", made_here) == ["assets/sdk/QQManager.js:4"]


def test_the_cache_follows_a_global_property_given_or_taken_away_in_another_script(tmp_path: Path, cli) -> None:
    """A script's findings through `cc.MyPlat` depend on the script that gives it: a cached result must not outlive
    that script's change either way (the held names are in every file's cache key)."""
    root = write(tmp_path / "game", {**COCOS2, "assets/script/Panel.js": PANEL})
    boot = root / "assets" / "script" / "Boot.js"
    counts = []
    for given in ("cc.MyPlat = window.tt;", "cc.Other = 1;", "cc.MyPlat = window.tt;", "cc.MyPlat = window.tt;"):
        boot.write_text(given + "\n")
        run = cli("lint", ".", "--select", "MN503", "--output-format", "concise", "--exit-zero", cwd=root)
        counts.append(run.stdout.count("cc.MyPlat.showModal"))
    assert counts == [1, 0, 1, 1]


def test_a_cocos2_wechat_builds_sub_context_require_is_not_a_missing_file(tmp_path: Path) -> None:
    """Cocos Creator 2's WeChat template requires src/subdomain.json.js only under `cc.sys.WECHAT_GAME_SUB` (an open data
    context's build writes it): the main package is not unbuilt for its absence; a require outside that block still is."""
    from minis_cli.engines import missing_requires

    loader = (
        "require('./libs/loader.js');\n"
        "if (cc.sys.platform === cc.sys.WECHAT_GAME_SUB) {\n"
        "  var SUBDOMAIN_DATA = require('src/subdomain.json.js');\n"
        "  cc.game.once(cc.game.EVENT_ENGINE_INITED, function () { use(SUBDOMAIN_DATA); });\n"
        "} else {\n"
        "  require('src/settings.js');\n"
        "}\n"
    )
    root = write(tmp_path / "build", {"game.json": "{}", "game.js": loader, "libs/loader.js": ""})
    assert missing_requires(root) == ["src/settings.js"]
