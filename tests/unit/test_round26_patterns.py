"""Held-out round 26 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS2 = {"project.json": '{ "engine": "cocos-creator-js", "version": "2.4.13" }\n', "settings/project.json": "{}\n"}


def mn503(root: Path, files: dict[str, str]) -> list[str]:
    found = run(Project(write(root, {**COCOS2, **files}), environ={}), LintOptions(use_cache=False, select=("MN503",))).diagnostics
    return sorted(f"{d.path}:{d.span.line if d.span else ''}" for d in found)


PLATFORM = """export default class toutiao {
    private static isSupportedAPI(api: any): boolean {
        %s
    }
    public showBanner() {
        if (!toutiao.isSupportedAPI(tt.createBannerAd)) {
            console.log('no banner');
            return;
        }
        this.createBannerAd();
    }
    private createBannerAd() {
        tt.createBannerAd({ adUnitId: 'ad1234567890' });
    }
    public record() {
        if (toutiao.isSupportedAPI(tt.getGameRecorderManager)) {
            tt.getGameRecorderManager().start({});
        }
    }
}
"""
OTHER = "export class wechat {\n    private createBannerAd() { wx.createBannerAd({ adUnitId: 'ad1234567890' }); }\n}\n"


def test_a_static_helper_given_the_api_is_its_existence_check(tmp_path: Path) -> None:
    """A vendored SDK's platform class checks each API through `private static isSupportedAPI(api) { return !!api; }`
    (or `if (api) { return true; } else { wx.showModal(...); return false; }`), called with the API itself; a private
    method named like the API it wraps, called only after the check, is guarded too (another module's method of the
    name is another class's: a private method is called only in its own)."""
    files = {"assets/sdk/toutiao.ts": PLATFORM % "return !!api;", "assets/sdk/wechat.ts": OTHER}
    assert mn503(tmp_path / "bang", files) == ["assets/sdk/wechat.ts:2"]
    verbose = "if (api) {\n            return true;\n        } else {\n            wx.showModal({ title: 'old' });\n            return false;\n        }"
    assert mn503(tmp_path / "if", {**files, "assets/sdk/toutiao.ts": PLATFORM % verbose}) == [
        "assets/sdk/toutiao.ts:6",
        "assets/sdk/wechat.ts:2",
    ]  # the helper's own showModal


def test_a_helper_that_does_not_say_whether_the_api_exists_is_no_check(tmp_path: Path) -> None:
    """`return true` whatever it is given, `return api != 0`-like logic minis-py cannot read, or a public method others may
    call: the calls are reported as before."""
    always = {"assets/sdk/toutiao.ts": PLATFORM % "return true;"}
    assert mn503(tmp_path / "always", always) == ["assets/sdk/toutiao.ts:13", "assets/sdk/toutiao.ts:17"]
    public = {"assets/sdk/toutiao.ts": (PLATFORM % "return !!api;").replace("private createBannerAd", "public createBannerAd")}
    public["assets/sdk/Game.ts"] = "import toutiao from './toutiao';\nexport function go(t: toutiao) { t.createBannerAd(); }\n"
    assert mn503(tmp_path / "public", public) == ["assets/sdk/toutiao.ts:13"]


ADAPTER = """platform.showMoreGames = function () {
    return new Promise((resolve, reject) => {
        if (!window.tt || typeof window.tt.%s != 'function') {
            reject();
            return;
        }
        tt.offMoreGamesModalClose();
        tt.onMoreGamesModalClose(() => resolve());
    });
};
"""


def test_an_early_return_on_an_api_tiktok_lacks_guards_the_calls_after_it(tmp_path: Path) -> None:
    """`if (typeof window.tt.showMoreGamesModal != 'function') return;` always returns inside TikTok, which MN503 says
    has no such API: the Douyin calls after it never run there. An API TikTok has, or one only unconfirmed (showToast),
    guards nothing: the calls after it are reported as before; so is one the project's own code sets on the namespace."""
    assert mn503(tmp_path / "absent", {"assets/zs/adapter.js": ADAPTER % "showMoreGamesModal"}) == []
    expected = ["assets/zs/adapter.js:7", "assets/zs/adapter.js:8"]
    assert mn503(tmp_path / "present", {"assets/zs/adapter.js": ADAPTER % "createRewardedVideoAd"}) == expected
    assert mn503(tmp_path / "unconfirmed", {"assets/zs/adapter.js": ADAPTER % "showToast"}) == expected
    shim = {"assets/zs/adapter.js": ADAPTER % "showMoreGamesModal", "assets/zs/shim.js": "tt.showMoreGamesModal = function () {};\n"}
    assert mn503(tmp_path / "shim", shim) == expected


QQ_ADAPTER = (
    "window.AD_QQ = {\n    count: 0,\n    video() {\n        AD_QQ.count++;\n        qq.createRewardedVideoAd({ adUnitId: 'ad1234567890' });\n    },\n};\n"
)
DISPATCH = """window.AD = {
    channel: "touTiao",
    video() {
        switch (this.channel) {
            case "touTiao":
                tt.createRewardedVideoAd({ adUnitId: 'ad1234567890' });
                break;
            case "QQ":
                AD_QQ.video();
                break;
        }
    },
};
"""


def test_a_store_adapter_made_a_global_and_used_only_in_another_stores_case_runs_outside_tiktok(tmp_path: Path) -> None:
    """Cocos 2 plain-JS games keep one global object per store (`window.AD_QQ = {...}`) and pick one in `switch
    (AD.channel) { case "QQ": AD_QQ.video(); }`: the adapter's qq.* calls never run inside TikTok (17 false MN503). A use
    anywhere else (a component's `start()`, unguarded), or a module with an AD_QQ of its own, keeps them reported."""
    files = {"assets/js/AD_QQ.js": QQ_ADAPTER, "assets/js/AD.js": DISPATCH}
    assert mn503(tmp_path / "case", files) == []
    component = "cc.Class({ extends: cc.Component, start() { AD_QQ.video(); } });\n"
    assert mn503(tmp_path / "used", {**files, "assets/js/Block.js": component}) == ["assets/js/AD_QQ.js:5"]
    guarded = "cc.Class({ extends: cc.Component, start() { if (AD.channel != 'QQ') return; AD_QQ.video(); } });\n"
    assert mn503(tmp_path / "guarded", {**files, "assets/js/Block.js": guarded}) == []
    own = "var AD_QQ = { video() {} };\nAD_QQ.video();\n"
    assert mn503(tmp_path / "own", {**files, "assets/js/Other.js": own}) == ["assets/js/AD_QQ.js:5"]


LOGIN = """cc.Class({
    extends: cc.Component,
    start() {
        if (window.tt) {
            tt.login({ success() {}, fail() {} });
        } else if (window.qq) {
            this.qqLogin();
        }%s
    },
    qqLogin() {
        qq.login({ success() {}, fail() {} });
    },
});
"""


def test_an_object_methods_calls_all_in_another_platforms_branch_keep_it_outside_tiktok(tmp_path: Path) -> None:
    """A Cocos 2 component's `qqLogin()`, called only as `this.qqLogin()` after `if (window.tt) {...} else if
    (window.qq)`, never runs inside TikTok; a call of it outside such a branch keeps its qq.* reported."""
    assert mn503(tmp_path / "branch", {"assets/s/Login.js": LOGIN % ""}) == []
    assert mn503(tmp_path / "also", {"assets/s/Login.js": LOGIN % "\n        this.qqLogin();"}) == ["assets/s/Login.js:12"]
