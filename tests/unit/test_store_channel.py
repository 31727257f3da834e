"""Issue 30, held-out round 26's remaining false alarms: the store a vendored multi-store SDK layer is configured for,
however it computes it (a channel id decoded from a config module, a platform detected once), read from every switch
and comparison over the same value. Our own code, in the shapes those layers take."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS2 = {"project.json": '{ "engine": "cocos-creator-js", "version": "2.4.13" }\n', "settings/project.json": "{}\n"}

TOOLS = """import config from '../config';
export enum Store_Kind { SK_Test, SK_Oppo, SK_Tiktok, SK_QQ, SK_WX }
export default class StoreTools {
    public static getStore(): Store_Kind {
        switch (config.channel.substring(2, 4)) {
            case '31': return Store_Kind.SK_Tiktok;
            case '42': return Store_Kind.SK_QQ;
            case '57': return Store_Kind.SK_WX;
        }
        return Store_Kind.SK_Test;
    }
}
"""
CONFIG = "export default { channel: '003155' };\n"
BANNER_QQ = """class BannerQQ {
    private static only: BannerQQ;
    public static getInstance(): BannerQQ {
        if (!BannerQQ.only) {
            BannerQQ.only = new BannerQQ();
        }
        return BannerQQ.only;
    }
    public create(id: string) {
        qq.createBannerAd({ adUnitId: id });
    }
}

export default BannerQQ
"""
BANNER_WX = BANNER_QQ.replace("BannerQQ", "BannerWX").replace("qq.createBannerAd", "wx.createGridAd")
ADS = """import StoreTools, { Store_Kind } from '../tools/StoreTools';
import BannerQQ from './BannerQQ';
import BannerWX from './BannerWX';

export default class Ads {
    public banner() {
        switch (StoreTools.getStore()) {
            case Store_Kind.SK_Tiktok:
                tt.login({ success() {}, fail() {} });
                break;
            case Store_Kind.SK_QQ:
                {
                    qq.vibrateShort({});
                    BannerQQ.getInstance().create('qq1');
                    break;
                }
            case Store_Kind.SK_WX:
                BannerWX.getInstance().create('wx1');
                break;
        }
    }
    public grid() {
        switch (StoreTools.getStore()) {
            case Store_Kind.SK_WX:
                wx.createGridAd({ adUnitId: 'g' });
                return;
            default:
                %s
        }
    }
    public box() {
        if (StoreTools.getStore() == Store_Kind.SK_WX) {
            wx.createCustomAd({ adUnitId: 'c' });
        }
        if (StoreTools.getStore() === Store_Kind.SK_Tiktok) {
            tt.createMoreGamesButton({});
        }
    }
}
"""


def mn503(root: Path, files: dict[str, str]) -> list[str]:
    found = run(Project(write(root, {**COCOS2, **files}), environ={}), LintOptions(use_cache=False, select=("MN503",))).diagnostics
    return sorted(f"{d.path}:{d.span.line if d.span else ''}" for d in found)


def layer(default: str = "break;") -> dict[str, str]:
    return {
        "assets/sdk/config.ts": CONFIG,
        "assets/sdk/tools/StoreTools.ts": TOOLS,
        "assets/sdk/ads/BannerQQ.ts": BANNER_QQ,
        "assets/sdk/ads/BannerWX.ts": BANNER_WX,
        "assets/sdk/ads/Ads.ts": ADS % default,
    }


def test_a_value_compared_with_tiktoks_constant_is_tiktoks_everywhere(tmp_path: Path) -> None:
    """`switch (StoreTools.getStore())` with a `SK_Tiktok` case: inside TikTok the value is SK_Tiktok, so the QQ and
    WeChat cases (a braced case body too), the classes only they make (a singleton exported after its class), another
    switch over the same value with no TikTok case, and `getStore() == SK_WX` do not run there; TikTok's own branch,
    and a call in the default of a switch with no TikTok case, still do."""
    assert mn503(tmp_path / "a", layer("wx.navigateToMiniProgram({ appId: 'x' });")) == [
        "assets/sdk/ads/Ads.ts:28",  # the default: what TikTok runs there
        "assets/sdk/ads/Ads.ts:36",  # TikTok's own comparison: a Douyin API
    ]


def test_without_a_tiktok_constant_the_store_switch_is_not_read(tmp_path: Path) -> None:
    """The same layer with no TikTok case anywhere (the channel TikTok takes is not named): WeChat's cases may be what
    TikTok runs (it answers to wx), so they are reported; QQ's are another store's by name."""
    files = layer()
    files["assets/sdk/tools/StoreTools.ts"] = TOOLS.replace("SK_Tiktok", "SK_Douyin")
    files["assets/sdk/ads/Ads.ts"] = files["assets/sdk/ads/Ads.ts"].replace("SK_Tiktok", "SK_Douyin")
    assert mn503(tmp_path / "b", files) == ["assets/sdk/ads/Ads.ts:25", "assets/sdk/ads/Ads.ts:33", "assets/sdk/ads/Ads.ts:36", "assets/sdk/ads/BannerWX.ts:10"]


def test_a_store_code_among_named_stores_is_that_store(tmp_path: Path) -> None:
    """`case "BD":` in a switch whose other cases name stores ("touTiao", "QQ", "vivo"), over a misspelt
    `this.chanelName`: Baidu's two-letter code, so its adapter runs only there; a lone two-letter case in a switch over
    anything else is not read as a store."""
    dispatch = """window.ADS = {
    chanelName: 'WX',
    show() {
        switch (this.chanelName) {
            case 'touTiao': AD_TT.show(); break;
            case 'QQ': qq.showToast({}); break;
            case 'vivo': break;
            case 'BD': AD_BD.show(); break;
        }
    },
};
"""
    baidu = "window.AD_BD = {\n    show() {\n        swan.createRewardedVideoAd({ adUnitId: 'b' });\n    },\n};\n"
    toutiao = "window.AD_TT = {\n    show() {\n        tt.createRewardedVideoAd({ adUnitId: 't' });\n    },\n};\n"
    files = {"assets/js/ADS.js": dispatch, "assets/js/AD_BD.js": baidu, "assets/js/AD_TT.js": toutiao}
    assert mn503(tmp_path / "c", files) == []
    lone = dispatch.replace("this.chanelName", "this.mode").replace("'touTiao'", "'x1'").replace("'QQ'", "'x2'").replace("'vivo'", "'x3'")
    assert mn503(tmp_path / "d", {**files, "assets/js/ADS.js": lone.replace("qq.showToast({})", "console.log(1)")}) == ["assets/js/AD_BD.js:3"]


SDK = """window.kit = {
    isTouTiao() {
        return typeof tt !== 'undefined';
    },
    jump(config) {
        if (this.isTouTiao()) {
            tt.showToast({ title: 'no jump' });
            return;
        }
        wx.navigateToMiniProgram({ appId: config.id });
    },
};
"""


def test_an_objects_own_platform_predicate_guards_its_methods(tmp_path: Path) -> None:
    """`if (this.isTouTiao()) { ...; return; }` where the object literal's (or class's) own `isTouTiao()` returns
    `typeof tt !== 'undefined'`: what follows runs only where tt is undefined. A predicate the project also assigns
    elsewhere is not read."""
    assert mn503(tmp_path / "a", {"assets/js/kit.js": SDK}) == ["assets/js/kit.js:7"]  # the toast: not a confirmed games API
    as_class = SDK.replace("window.kit = {", "export class Kit {").replace("    },\n    jump", "    }\n    jump").replace("    },\n};", "    }\n}")
    assert mn503(tmp_path / "b", {"assets/js/kit.ts": as_class}) == ["assets/js/kit.ts:7"]
    rewritten = SDK + "window.kit.isTouTiao = function () { return false; };\n"
    assert mn503(tmp_path / "c", {"assets/js/kit.js": rewritten}) == ["assets/js/kit.js:10", "assets/js/kit.js:7"]


LOGIN = """cc.Class({
    extends: cc.Component,
    start() {
        if (window.tt) {
            tt.login({ success() {}, fail() {} });
        } else if (window.wx) {
            this.wxLogin();
        }
    },
    wxLogin() {
        var _this = this;
        wx.login({
            success(res) {
                _this.context.api.wxLogin(cc, 'appid', res.code, function () {
                    _this.share();
                });
            },
        });
    },
    share() {
        wx.showShareMenu({});
    },
});
"""


def test_another_objects_function_of_the_name_and_a_this_alias(tmp_path: Path) -> None:
    """A component's `wxLogin()`, called only in the `else` of `if (window.tt)`; `_this.context.api.wxLogin(cc, id,
    code, done)` passes four arguments to a method that takes none, so it is another object's function; `_this.share()`
    with `var _this = this` is the component's own call, inside that unreachable method."""
    assert mn503(tmp_path / "a", {"assets/Scripts/Login.js": LOGIN}) == []
    same_arity = LOGIN.replace("wxLogin() {", "wxLogin(a, b, c, d) {")
    assert mn503(tmp_path / "b", {"assets/Scripts/Login.js": same_arity}) == ["assets/Scripts/Login.js:21"]  # wx.login: TikTok answers it


def test_a_member_the_project_sets_on_its_namespace_alias_is_its_own(tmp_path: Path) -> None:
    """`platformCtx = tt; platformCtx.commonShare = platformCtx.shareAppMessage` (or a wrapper of wx's): calling
    `platformCtx.commonShare(...)` calls the project's own function; a member it never sets is still TikTok's to lack."""
    share = """var platformCtx = null;
if (cc.sys.platform === cc.sys.BYTEDANCE_GAME) {
  platformCtx = tt;
  platformCtx.commonShare = platformCtx.shareAppMessage;
} else if (cc.sys.platform === cc.sys.WECHAT_GAME) {
  platformCtx = wx;
  platformCtx.commonShare = function (p) { wx.shareAppMessage(p); };
}
module.exports = {
  share() {
    platformCtx.commonShare({ title: 'hi' });
    platformCtx.showShareMenu({});
  },
};
"""
    assert mn503(tmp_path / "a", {"assets/Scripts/Share.js": share}) == ["assets/Scripts/Share.js:12"]


def test_another_platforms_loader_behind_its_existence_check(tmp_path: Path) -> None:
    """A multi-store library loads another store's SDK from its server only `if (AppRt.Extern._4399.Exist())`: that
    platform's object answering for itself is false inside TikTok, so the remote script is never loaded there (MN404,
    which `dev` refuses on); the same loader with no such check is reported."""
    game = {"game.json": '{ "deviceOrientation": "portrait" }\n', "project.config.json": '{ "appid": "tt0123456789abcdef" }\n'}
    loader = """var Manager = (function () {
    function Manager() {}
    Manager.prototype.OnInit = function () {
        if (!AppRt.Extern._4399.Exist())
            return;
        var s = document.createElement("script");
        s.src = "http://h.api.example.com/h5mini/api.php";
        document.body.appendChild(s);
    };
    return Manager;
}());
Manager.prototype.OnInit();
"""
    root = write(tmp_path / "a", {**game, "game.js": "require('./js/lib.js');\n", "js/lib.js": loader})
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN404",))).diagnostics
    assert found == []
    bare = write(tmp_path / "b", {**game, "game.js": "require('./js/lib.js');\n", "js/lib.js": loader.replace("_4399.Exist()", "ready()")})
    found = run(Project(bare, environ={}), LintOptions(use_cache=False, select=("MN404",))).diagnostics
    assert [f"{d.path}:{d.span.line if d.span else ''}" for d in found] == ["js/lib.js:7"]
