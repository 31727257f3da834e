"""Held-out round 27 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS2 = {"project.json": '{ "engine": "cocos-creator-js", "version": "2.4.13" }\n', "settings/project.json": "{}\n"}


def findings(root: Path, files: dict[str, str], rule: str = "MN503") -> list[str]:
    found = run(Project(write(root, {**COCOS2, **files}), environ={}), LintOptions(use_cache=False, select=(rule,))).diagnostics
    return sorted(f"{d.path}:{d.span.line if d.span else ''}" for d in found)


WX_SDK = """export class WxSdk {
    share() {
        wx.showShareMenu({ withShareTicket: true });
    }
    record() {
        let wx = window['wx'];
        wx.createVideo({ src: 'a.mp4' });
    }
    banner() {
        let wx = { createBannerAd() { return null; } };
        wx.createBannerAd();
    }
}
"""


def test_a_local_wx_in_one_function_is_not_the_files_wx(tmp_path: Path) -> None:
    """`let wx = window['wx']` inside one method made every bare `wx.` call in the file look like that local: the
    other methods' calls are the namespace's; the local holding the global is the namespace too; a local object of
    its own (a stub) is not."""
    assert findings(tmp_path / "a", {"assets/sdk/WxSdk.ts": WX_SDK}) == ["assets/sdk/WxSdk.ts:3", "assets/sdk/WxSdk.ts:7"]


STATS = """(function () {
    let wx = window.statsHost;
    wx.getUserInfo = wx.getSetting = function (obj) { obj.success && obj.success({}); };
})();
"""


def test_members_set_on_a_modules_own_wx_are_not_the_namespaces(tmp_path: Path) -> None:
    """Another build target's template (`build-templates/web-mobile/report.js`) sets `wx.getUserInfo` on a `let wx` of
    its own: that does not make `tt.getUserInfo` the project's own elsewhere. Set on the namespace itself, it does."""
    game = {"assets/Script/Login.ts": "export function who() {\n    tt.getUserInfo({ success() {} });\n}\n"}
    assert findings(tmp_path / "a", {**game, "build-templates/web-mobile/report.js": STATS}) == ["assets/Script/Login.ts:2"]
    shim = STATS.replace("let wx = window.statsHost;", "let host = window.statsHost;").replace("wx.getUserInfo = wx.getSetting", "tt.getUserInfo")
    assert findings(tmp_path / "b", {**game, "assets/Script/report.js": shim}) == []


QQ_SDK = """class QQSdk {
    openShare(info: any) {
        qq.shareAppMessage(info);
    }
    showAppBox() {
        qq.createAppBox({ adUnitId: 'box' });
    }
}
export let qqsdk: QQSdk = new QQSdk();
"""
PLATFORM = """import { qqsdk } from './qqsdk';
import { ttsdk } from './ttsdk';
export default class Platform {
    static share(info: any) {
        let sdk;
        if (window.qq) {
            sdk = qqsdk;
        } else {
            sdk = ttsdk;
        }
        sdk.openShare(info);
    }
    static box() {
        qqsdk.showAppBox();
    }
}
"""
TT_SDK = "class TTSdk {\n    openShare(info: any) {\n        tt.shareAppMessage(info);\n    }\n}\nexport let ttsdk = new TTSdk();\n"


def test_an_instance_handed_on_only_in_another_platforms_branch(tmp_path: Path) -> None:
    """`export let qqsdk = new QQSdk()` (a `let` never assigned again), handed to `sdk` only under `if (window.qq)`:
    `sdk.openShare()` runs QQSdk's openShare only there; `qqsdk.showAppBox()` called with no guard still runs inside
    TikTok. Handed on where TikTok may run it, openShare is reported too."""
    files = {"assets/sdk/qqsdk.ts": QQ_SDK, "assets/sdk/ttsdk.ts": TT_SDK, "assets/sdk/Platform.ts": PLATFORM}
    assert findings(tmp_path / "a", files) == ["assets/sdk/qqsdk.ts:6"]
    unguarded = PLATFORM.replace("if (window.qq) {", "if (info) {")
    assert findings(tmp_path / "b", {**files, "assets/sdk/Platform.ts": unguarded}) == ["assets/sdk/qqsdk.ts:3", "assets/sdk/qqsdk.ts:6"]


def native(root: Path, files: dict[str, str], rule: str) -> list[str]:
    game = {"game.json": '{ "deviceOrientation": "portrait" }\n', "project.config.json": '{ "appid": "tt0123456789abcdef" }\n'}
    found = run(Project(write(root, {**game, **files}), environ={}), LintOptions(use_cache=False, select=(rule,))).diagnostics
    return sorted(f"{d.path}:{d.span.line if d.span else ''}" for d in found)


ES5_SDK = """var ns;
(function (ns) {
    var channel_ad_qq = (function (_super) {
        __extends(channel_ad_qq, _super);
        function channel_ad_qq() {
            return _super !== null && _super.apply(this, arguments) || this;
        }
        channel_ad_qq.prototype.create_video = function () {
            this.video = new ns.ad_video_qq();
        };
        channel_ad_qq.prototype.share = function () {
            qq.shareAppMessage({});
        };
        return channel_ad_qq;
    }(ns.base));
    ns.channel_ad_qq = channel_ad_qq;
    window["channel_ad_qq"] = channel_ad_qq;
})(ns || (ns = {}));
(function (ns) {
    var ad_video_qq = (function (_super) {
        __extends(ad_video_qq, _super);
        function ad_video_qq() {
            return _super !== null && _super.apply(this, arguments) || this;
        }
        ad_video_qq.prototype.show = function () {
            qq.createRewardedVideoAd({ adUnitId: 'v' });
        };
        return ad_video_qq;
    }(ns.base));
    ns.ad_video_qq = ad_video_qq;
})(ns || (ns = {}));
(function (ns) {
    ns.make = function (name) { return new ns[name](); };
})(ns || (ns = {}));
"""


def test_a_channel_class_made_only_by_a_computed_name(tmp_path: Path) -> None:
    """A vendored SDK's TypeScript-compiled ES5 classes registered on its namespace (`ns.channel_ad_qq =
    channel_ad_qq`), made only by `new ns[name]()` from a table of channels: a class named for another platform is
    that platform's, and a class made only inside it (`new ns.ad_video_qq()`) too. Made by name where TikTok runs it,
    or named for no platform, it is reported."""
    assert native(tmp_path / "a", {"game.js": ES5_SDK}, "MN503") == []
    direct = ES5_SDK + "new ns.channel_ad_qq().share();\n"
    assert native(tmp_path / "b", {"game.js": direct}, "MN503") == ["game.js:12", "game.js:26"]  # and what it makes
    neutral = ES5_SDK.replace("channel_ad_qq", "channel_ad_x1").replace("ad_video_qq", "ad_video_x1")
    assert native(tmp_path / "c", {"game.js": neutral}, "MN503") == ["game.js:12", "game.js:26"]


def test_another_platforms_token_and_a_platform_named_key(tmp_path: Path) -> None:
    """`localStorage.setItem("vivoToken", data.accessToken)`: vivo's token by its key (also `hwToken`, Huawei's
    code), not a TikTok token; `userToken` is still one."""
    page = """export function keep(data: any) {
    localStorage.setItem("vivoToken", data.accessToken);
    localStorage.setItem("hwToken", data.accessToken);
    localStorage.setItem("userToken", data.accessToken);
}
"""
    assert findings(tmp_path / "a", {"assets/Script/keep.ts": page}, "MN303") == ["assets/Script/keep.ts:4"]


ADS = """export namespace Ads {
    let banner = { instance: null };
    let video = { instance: null };
    export function initVideo(id: string) {
        let data = video;
        data.instance = tt.createRewardedVideoAd({ adUnitId: id });
        data.instance.load();
    }
    export function initBanner(id: string) {
        let data = banner;
        if (tt.createBannerAd) {
            data.instance = tt.createBannerAd({ adUnitId: id });
            data.instance.onResize(() => {});
        }
    }
    export function hideBanner() {
        let data = banner;
        data.instance.hide();
    }
    export function hideVideo() {
        let data = video;
        data.instance.hide();
    }
}
"""


def test_a_banner_in_the_same_member_name_is_no_rewarded_ad(tmp_path: Path) -> None:
    """`data.instance` holds a rewarded ad in one function and a banner in others (`let data = banner`): only the
    function whose `data` is the ad's is read as the ad (MN506); a class whose own `this.ad_instance` is a banner
    likewise."""
    assert findings(tmp_path / "a", {"assets/Script/Ads.ts": ADS}, "MN506") == ["assets/Script/Ads.ts:22"]


def test_conditions_false_inside_tiktok(tmp_path: Path) -> None:
    """`tt.getSystemInfoSync().appName === "Toutiao"` (a Douyin host app: TikTok's table has no appName), a switch
    over a platform the project sets to its TikTok constant under `if (window["tt"])`, a class field fixed to a static
    configuration naming the ByteDance build, and a TypeScript namespace installed only `if (cc.sys.isBrowser)`."""
    files = {
        "assets/Script/Inter.ts": (
            "export function show() {\n    const info = tt.getSystemInfoSync();\n    if (info.appName === 'Toutiao') {\n"
            "        tt.showFavoriteGuide({});\n    }\n}\n"
        ),
        "assets/Script/Options.ts": "export default class Options {\n    static platform = '';\n}\n",
        "assets/Script/Manager.ts": (
            "import Options from './Options';\nexport default class Manager {\n    static pick() {\n"
            "        if (window['tt']) {\n            Options.platform = 'toutiao';\n        } else if (window['wx']) {\n"
            "            Options.platform = 'wechat';\n        }\n        switch (Options.platform) {\n"
            "            case 'wechat':\n                wx.checkSession({});\n                break;\n        }\n    }\n}\n"
        ),
        "assets/Script/Config.ts": (
            "export enum Store { wechat_H5, toutiao_H5 }\nexport default class Config {\n    static store: Store = Store.toutiao_H5;\n}\n"
        ),
        "assets/Script/Quick.ts": (
            "import Config, { Store } from './Config';\nexport default class Quick {\n    store: Store = Config.store;\n    init() {\n"
            "        switch (this.store) {\n            case Store.wechat_H5:\n                wx.hideShareMenu({});\n                break;\n"
            "            case Store.toutiao_H5:\n                tt.navigateToScene({});\n                break;\n        }\n    }\n}\n"
        ),
    }
    assert findings(tmp_path / "a", files) == ["assets/Script/Quick.ts:10"]
    web = "export namespace Web {\n    export function copy() {\n        document.execCommand('copy');\n    }\n}\n"
    web += "if (cc.sys.isBrowser) {\n    window['igs'].Wrapper = Web;\n}\n"
    assert findings(tmp_path / "b", {"assets/Script/Web.ts": web}, "MN406") == []
    assert findings(tmp_path / "c", {"assets/Script/Web.ts": web.replace("cc.sys.isBrowser", "ready")}, "MN406") == ["assets/Script/Web.ts:3"]


def test_an_instances_method_named_like_others(tmp_path: Path) -> None:
    """The QQ adapter's `login()` (which calls `qq.login`, the platform's API of the name) runs only through
    `const self = this; self.login()` in its own `relogin()`, called only under `if (window.qq)`; `wxsdk.login()` on
    another module's instance and `Platform.login()`, another class's static method, are not its calls."""
    qq = """class QQSdk {
    login() {
        qq.login({ success() {}, fail() {} });
    }
    relogin() {
        const self = this;
        self.login();
    }
}
export let qqsdk = new QQSdk();
"""
    wx = "class WxSdk {\n    login() {\n        wx.login({ success() {}, fail() {} });\n    }\n}\nexport let wxsdk = new WxSdk();\n"
    platform = """import { qqsdk } from './qqsdk';
import { wxsdk } from './wxsdk';
export default class Platform {
    static login() {
        if (window.qq) {
            qqsdk.relogin();
        } else {
            wxsdk.login();
        }
    }
}
"""
    game = "import Platform from './Platform';\nexport function start() {\n    Platform.login();\n}\n"
    files = {"assets/sdk/qqsdk.ts": qq, "assets/sdk/wxsdk.ts": wx, "assets/sdk/Platform.ts": platform, "assets/Game.ts": game}
    assert findings(tmp_path / "a", files) == []
    unguarded = {**files, "assets/Game.ts": game + "import { qqsdk } from './sdk/qqsdk';\nexport function again() {\n    qqsdk.relogin();\n}\n"}
    assert findings(tmp_path / "b", unguarded) == ["assets/sdk/qqsdk.ts:3"]


def test_the_function_constructor_under_another_name(tmp_path: Path) -> None:
    """`var Fn = Function; return new Fn("return " + fn);` (a vendored SDK's `diy_eval`) is `new Function()`; a
    name given Function and then something else is not followed."""
    sdk = "function diy_eval(fn) {\n    var Fn = Function;\n    return new Fn('return ' + fn);\n}\nmodule.exports = diy_eval;\n"
    assert native(tmp_path / "a", {"game.js": "require('./sdk.js');\n", "sdk.js": sdk}, "MN402") == ["sdk.js:3"]
    later = sdk.replace("    return new Fn", "    Fn = safe;\n    return new Fn")
    assert native(tmp_path / "b", {"game.js": "require('./sdk.js');\n", "sdk.js": later}, "MN402") == []


def test_dev_names_the_committed_template_of_a_missing_config(tmp_path: Path) -> None:
    """`game.js` requires `./config.js`, which git ignores; `config.example.js` is committed beside it: dev refuses and
    says to copy the example (no build writes it). With no template the build hint stays."""
    from minis_cli.dev.session import dev_decision

    game = {
        "game.json": '{ "deviceOrientation": "portrait" }\n',
        "project.config.json": '{ "appid": "tt0123456789abcdef" }\n',
        "game.js": "const config = require('./config.js');\ntt.login({ success() {}, fail() {} });\n",
    }
    root = write(tmp_path / "a", {**game, "config.example.js": "module.exports = { adUnitId: '' };\n"})
    decision = dev_decision(Project(root, environ={}))
    assert not decision.starts
    assert "commits config.example.js instead" in decision.why and "Copy config.example.js to config.js" in decision.why
    bare = dev_decision(Project(write(tmp_path / "b", game), environ={}))
    assert not bare.starts and "Run the build that writes it" in bare.why


def test_members_an_analytics_sdk_defines_on_the_namespace(tmp_path: Path) -> None:
    """The Aladin analytics SDK defines `wx.aldSendEvent` with `Object.defineProperty(wx, e, {...})` in a loop over its
    array of names: calls of those names are the SDK's; other calls on wx are still judged."""
    ald = """(function () {
    var T = ["aldSendEvent", "aldOnShareAppMessage"];
    var R = { aldSendEvent: function () {}, aldOnShareAppMessage: function () {} };
    for (var G = 0; G < T.length; G++) !function (e, t) {
        Object.defineProperty(wx, e, { value: t, writable: !1 });
    }(T[G], R[T[G]]);
})();
"""
    game = {"game.js": "require('./ald.js');\nwx.aldSendEvent('start');\nwx.aldMissing('x');\n", "ald.js": ald}
    assert native(tmp_path / "a", game, "MN503") == ["game.js:3"]


def test_uc_browsers_mini_game_global_is_another_platforms(tmp_path: Path) -> None:
    """`if (window["uc"]) { wx.createRewardVideoAd() }`: UC browser's mini-game branch (its API on its own wx), false
    inside TikTok (held-out round 28); a script with a `uc` of its own is not judged so."""
    ads = "export class Ads {\n    static init() {\n        if (window['uc']) {\n            wx.createRewardVideoAd();\n        }\n    }\n}\n"
    assert findings(tmp_path / "a", {"assets/scripts/Ads.ts": ads}) == []
    own = "const uc = { on: true };\n" + ads.replace("window['uc']", "uc.on")
    assert findings(tmp_path / "b", {"assets/scripts/Ads.ts": own}) == ["assets/scripts/Ads.ts:5"]


KS_CLIENT = """export default class KsClient {
    constructor() {
        let recorder = null;
        this['share'] = (q) => {
            ks['shareAppMessage'](q);
        };
        this['record'] = () => {
            recorder = ks['getGameRecorder']();
            recorder['start']({});
        };
        this['unused'] = () => {
            ks['addShortcut']({});
        };
    }
    static ['getIns']() {
        return !this['ins'] && (this['ins'] = new KsClient()), this['ins'];
    }
}
"""
TT_CLIENT = (
    "export default class TtClient {\n    share(q) {\n        tt.shareAppMessage(q);\n    }\n    static getIns() {\n        return new TtClient();\n    }\n}\n"
)
SCENE = """const ksClient = require('KsClient');
const ttClient = require('TtClient');
cc.Class({
    extends: cc.Component,
    onShare() {
        if (typeof ks !== 'undefined') {
            ksClient.getIns().share({});
            ksClient.getIns().record();
        } else {
            ttClient.getIns().share({});
        }
        this.node.getComponent('Other').share();
    },
});
"""


def test_a_clients_members_made_in_its_constructor(tmp_path: Path) -> None:
    """An obfuscated Kuaishou client (Cocos Creator 2, required by its file name): its API is closures the constructor
    gives the instance (`this['share'] = (q) => {...}`), its singleton a computed static (`static ['getIns']()`); every
    call of them runs under `typeof ks !== 'undefined'` (`ttClient.getIns().share()`, another module's class, and a
    component's `share()` are not its calls; nor is `recorder['start']` on what `ks['getGameRecorder']()` returned),
    and a member nothing calls is the Kuaishou client's own. Called where TikTok runs it, it is reported."""
    files = {"assets/Scripts/sdk/KsClient.js": KS_CLIENT, "assets/Scripts/sdk/TtClient.js": TT_CLIENT, "assets/Scripts/Scene.js": SCENE}
    assert findings(tmp_path / "a", files) == []
    unguarded = SCENE.replace("        if (typeof ks !== 'undefined') {", "        if (this.ready) {")
    assert findings(tmp_path / "b", {**files, "assets/Scripts/Scene.js": unguarded}) == ["assets/Scripts/sdk/KsClient.js:5", "assets/Scripts/sdk/KsClient.js:8"]


def test_a_placeholder_id_from_a_config_objects_path_through_an_aliased_call(tmp_path: Path) -> None:
    """`this.tt.createRewardedVideoAd({ adUnitId: AdsOptions.tt.videoId })` with `AdsOptions = { tt: { videoId: "" } }`
    imported from a config module: MN505 reads the aliased call and the object's path; the WeChat adapter's
    placeholder, made only where `window["tt"]` is absent, is not TikTok's; a path the project writes is not followed."""
    options = "const AdsOptions = {\n    platform: '',\n    tt: { videoId: '' },\n    wx: { videoId: 'adunit-xxxx' },\n};\nexport { AdsOptions };\n"
    tt_api = (
        "import { AdsOptions } from './Options';\nexport default class TTApi {\n    tt: any = window['tt'];\n    create() {\n"
        "        this.tt.createRewardedVideoAd({ adUnitId: AdsOptions.tt.videoId });\n    }\n}\n"
    )
    wx_api = tt_api.replace("TTApi", "WXApi").replace("window['tt']", "window['wx']").replace("this.tt.", "this.wx.").replace(".tt.videoId", ".wx.videoId")
    manager = (
        "import TTApi from './TTApi';\nimport WXApi from './WXApi';\nexport function pick() {\n    if (window['tt']) {\n"
        "        new TTApi().create();\n    } else if (window['wx']) {\n        new WXApi().create();\n    }\n}\n"
    )
    files = {"assets/sdk/Options.ts": options, "assets/sdk/TTApi.ts": tt_api, "assets/sdk/WXApi.ts": wx_api, "assets/sdk/Manager.ts": manager}
    assert findings(tmp_path / "a", files, "MN505") == ["assets/sdk/TTApi.ts:5"]
    written = {**files, "assets/sdk/Manager.ts": manager + "AdsOptions.tt.videoId = remote();\n"}
    written["assets/sdk/Manager.ts"] = "import { AdsOptions } from './Options';\n" + written["assets/sdk/Manager.ts"]
    assert findings(tmp_path / "b", written, "MN505") == []


def test_the_branch_an_else_if_chain_takes_inside_tiktok_returns(tmp_path: Path) -> None:
    """`if (window.qq) { return qqAds.show(); } else if (window.tt) { return ttAds.show(); }` then `return
    wx.createInterstitialAd(...)`: inside TikTok the tt branch returns first, so the WeChat call after the chain never
    runs there; a chain whose taken branch falls through does not guard it."""
    chain = (
        "export function show() {\n    if (window.qq) {\n        return qq.showToast({});\n    } else if (window.tt) {\n"
        "        return tt.login({ success() {}, fail() {} });\n    }\n    return wx.createGridAd({ adUnitId: 'g' });\n}\n"
    )
    assert findings(tmp_path / "a", {"assets/Script/show.ts": chain}) == []
    through = chain.replace("        return tt.login", "        tt.login")
    assert findings(tmp_path / "b", {"assets/Script/show.ts": through}) == ["assets/Script/show.ts:7"]


def test_a_field_holding_another_platforms_namespace(tmp_path: Path) -> None:
    """`tt: any = window['ks']` in a class: `this.tt.showToast()` is Kuaishou's API under another name (MN503), and
    `if (this.tt != null)` before it is false inside TikTok (ks is absent there), so a guarded call is not reported; a
    field given TikTok's namespace as well is not Kuaishou's (its showToast is judged as tt's: unconfirmed)."""
    cbl = (
        "export default class Cbl {\n    tt: any = window['ks'];\n    click() {\n        this.tt.showToast({ title: 'x' });\n    }\n"
        "    guarded() {\n        if (this.tt != null) {\n            this.tt.addShortcut({});\n        }\n    }\n}\n"
    )
    assert findings(tmp_path / "a", {"assets/Script/Cbl.ts": cbl}) == ["assets/Script/Cbl.ts:4"]
    mixed = cbl.replace("    click() {", "    reset() {\n        this.tt = window['tt'];\n    }\n    click() {")
    assert findings(tmp_path / "b", {"assets/Script/Cbl.ts": mixed}) == ["assets/Script/Cbl.ts:7"]


def test_a_platforms_own_adapter_holding_its_namespace_is_judged_as_its_direct_calls(tmp_path: Path) -> None:
    """`var r = window.qq; ... r.createRewardedVideoAd(t)` in QQRewardedVideo.js: QQ's own adapter (its file names the
    platform), which the platform factory picks; held-namespace calls there are not reported as such."""
    adapter = (
        "var r = window.qq;\nexport class QQRewardedVideo {\n    load() {\n        r.createRewardedVideoAd({ adUnitId: 'q' });\n    }\n"
        "    login() {\n        wx.login({ success() {}, fail() {} });\n    }\n}\n"
    )
    assert findings(tmp_path / "a", {"assets/scripts/QQRewardedVideo.js": adapter}) == []
    assert findings(tmp_path / "b", {"assets/scripts/Rewarded.js": adapter}) == ["assets/scripts/Rewarded.js:4"]
