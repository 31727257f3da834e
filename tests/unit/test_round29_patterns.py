"""Held-out rounds 28 and 29 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

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


STORES = """export enum Store {
    toutiao = "dy",
    ks = "ks",
    wechat = "wx",
}
"""

TOAST = """import { Store } from "./Store";

export class Options {
    static store: string = Store.wechat;
}

export function toast(msg: string) {
    switch (Options.store) {
        case Store.toutiao:
            window[Options.store].showTips({ title: msg });
            break;
        case Store.ks:
            window[Options.store].showTips({ title: msg });
            break;
        default:
            window[Options.store] && window[Options.store].showToast({ title: msg });
    }
    if (Options.store === Store.toutiao) {
        window[Options.store].reportScene({ sceneId: 1 });
    }
    window[Options.store].showShareMenu({});
}
"""


def test_the_global_object_by_a_key_a_case_fixes(tmp_path: Path) -> None:
    """`window[Options.store].showTips(...)` in the case of `switch (Options.store)` naming Douyin's store (or the branch
    of `if (Options.store === Store.toutiao)`) is the games namespace's call there, whatever string the enum gives it:
    Douyin's `showTips` is reported; the Kuaishou case's and the calls where the key is not fixed are not."""
    assert findings(tmp_path / "a", {"assets/sdk/Store.ts": STORES, "assets/sdk/Toast.ts": TOAST}) == ["assets/sdk/Toast.ts:10", "assets/sdk/Toast.ts:19"]


QQ_ADAPTER = """class QQSdk {
    public postMessage(cmd: string) {
        qq.getOpenDataContext().postMessage({ cmd });
    }
}
export const qqsdk = new QQSdk();
"""

RANK = """import { qqsdk } from "./qqsdk";

export class Rank {
    show() {
        if (window["qq"]) {
            qqsdk.postMessage("show");
        }
    }
}
"""


def test_a_platform_objects_method_of_the_name_is_no_call_of_the_adapters(tmp_path: Path) -> None:
    """Inside QQ's adapter, `qq.getOpenDataContext().postMessage(...)` is a call of what QQ's API returned, not of the
    adapter's own `postMessage`: the adapter's method runs only where the game calls it, behind `window["qq"]`."""
    assert findings(tmp_path / "a", {"assets/sdk/qqsdk.ts": QQ_ADAPTER, "assets/sdk/Rank.ts": RANK}) == []
    unguarded = RANK.replace('if (window["qq"])', "if (this)")
    assert findings(tmp_path / "b", {"assets/sdk/qqsdk.ts": QQ_ADAPTER, "assets/sdk/Rank.ts": unguarded}) == ["assets/sdk/qqsdk.ts:3"]


DOUYIN_PROGRAM = {
    "app.json": '{ "pages": ["pages/index/index", "pages/pay/pay"] }\n',
    "app.js": "App({ onLaunch() { tt.login({ success() {}, fail() {} }); } });\n",
    "app.ttss": "page { color: #333; }\n",
    "pages/index/index.ttml": "<view>hello</view>\n",
    "pages/index/index.js": "Page({ data: {} });\n",
    "project.config.json": '{ "appid": "tt00aa11bb22cc33dd01", "projectname": "quiz", "douyinProjectType": "native" }\n',
    "package.json": '{ "name": "quiz", "dependencies": {} }\n',
}


def test_a_douyin_mini_program_is_refused_in_one_line_by_dev_and_init_existing(tmp_path: Path, cli) -> None:
    """A native Douyin mini program (app.json, app.ttss, .ttml pages; held-out round 29) is nothing TikTok runs: dev
    says so in one line with what TikTok runs, instead of a pile of a web Mini's errors; init --existing writes nothing;
    MN008 does not claim project.config.json lacks the appid it has (a mini program's, no client key)."""
    from minis_cli.dev.session import dev_decision

    root = write(tmp_path / "quiz", DOUYIN_PROGRAM)
    decision = dev_decision(Project(root, environ={}))
    assert not decision.starts
    assert decision.why.startswith("this is a Douyin mini program (app.json and its Douyin files), which TikTok does not run")
    assert "error:" not in decision.why
    before = sorted(p.name for p in root.iterdir())
    refused = cli("init", "--existing", "--client-key", "abc123", str(root))
    assert refused.exit_code != 0 and "Douyin mini program" in refused.stderr and "nothing was written" in refused.stderr
    assert sorted(p.name for p in root.iterdir()) == before
    lint = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN008",))).diagnostics
    assert lint == []
    # the same with minis.config.json: the developer made it a Mini's project, and dev judges it as one
    write(root, {"minis.config.json": '{ "dev": { "clientKey": "abc123" } }\n'})
    assert "Douyin mini program" not in dev_decision(Project(root, environ={})).why


def test_a_video_in_an_app_that_plays_no_episodes_is_no_mn408(tmp_path: Path) -> None:
    """TikTok's player page is for "mini drama mini apps": an avatar maker's help clip (a uni-app page, held-out round
    29) is no episode. A drama shows itself by its words (episodes, dramas, the player) in any module, or by TikTok's
    drama SDK on its page."""
    app = {
        "package.json": '{ "name": "avatar", "scripts": { "dev": "vite" } }\n',
        "index.html": '<!doctype html>\n<div id="app"></div>\n<script type="module" src="/src/main.js"></script>\n',
        "src/main.js": "import App from './App.vue';\nexport default App;\n",
        "src/pages/help.vue": '<template>\n  <video src="/static/help.mp4" controls></video>\n</template>\n',
    }

    def mn408(root: Path, files: dict[str, str]) -> list[str]:
        found = run(Project(write(root, files), environ={}), LintOptions(use_cache=False, select=("MN408",))).diagnostics
        return [f"{d.path}:{d.span.line if d.span else ''}" for d in found]

    assert mn408(tmp_path / "a", app) == []
    assert mn408(tmp_path / "b", {**app, "src/api.js": "export const episodes = (id) => fetch(`/api/dramas/${id}`);\n"}) == ["src/pages/help.vue:2"]
    sdk = '<!doctype html>\n<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n<div id="app"></div>\n'
    assert mn408(tmp_path / "c", {**app, "index.html": sdk}) == ["src/pages/help.vue:2"]


QQ_MANAGER = """export default class QQAdMgr {
    static instance: QQAdMgr = null;
    static getInstance() {
        if (!this.instance) {
            this.instance = new QQAdMgr();
        }
        return this.instance;
    }
    init() {
        QQAdMgr.instance = this;
        this.QQInit();
    }
    QQInit() {
        qq.onShow(() => {
            wx.createBannerAd({ adUnitId: "b" });
        });
    }
    hideBlock() {
        wx.showToast({ title: "hidden" });
    }
}
"""

AD_MANAGER = """import QQAdMgr from "./QQAdMgr";
import Director from "./Director";

export default class AdMgr {
    init() {
        if (window["qq"]) {
            QQAdMgr.getInstance().init();
        }
    }
    onLoad() {
        this.init();
        this.node.getComponent(Director).init();
        this.hero.init();
        let item = this.node.getChildByName("item").getComponent("Item");
        item.init();
    }
}
"""

BLOCK = """import QQAdMgr from "./QQAdMgr";

export default class BlockCtrl {
    onDisable() {
        if (QQAdMgr.instance) {
            QQAdMgr.instance.hideBlock();
        }
    }
}
"""


def test_a_singleton_made_only_for_another_platform_is_empty_inside_tiktok(tmp_path: Path) -> None:
    """A QQ ad manager whose singleton is made only in QQ's branch (held-out round 29): `this.init()` of another class,
    `node.getComponent(Director).init()`, a local given a component, a field of another class are not its `init`;
    `if (QQAdMgr.instance)` in a shared component is false inside TikTok. Made unconditionally, its calls are TikTok's."""
    files = {"assets/Script/QQAdMgr.ts": QQ_MANAGER, "assets/Script/AdMgr.ts": AD_MANAGER, "assets/Script/BlockCtrl.ts": BLOCK}
    files["assets/Script/Director.ts"] = "export default class Director { init() {} }\n"
    assert findings(tmp_path / "a", files) == []
    made = {**files, "assets/Script/AdMgr.ts": AD_MANAGER.replace('if (window["qq"])', "if (this)")}
    assert findings(tmp_path / "b", made) == ["assets/Script/QQAdMgr.ts:14", "assets/Script/QQAdMgr.ts:15", "assets/Script/QQAdMgr.ts:19"]


RANK_TEMPLATE = """wx.onMessage((data) => {
    if (data.type === "rank") {
        wx.getFriendCloudStorage({ keyList: ["score"], success(res) { draw(res.data); } });
    }
});
function draw(list) {}
"""


def test_a_build_templates_open_data_folder_is_known_by_its_scripts(tmp_path: Path) -> None:
    """Cocos's `build-templates/wechatgame/sub/` with no game.json naming it (held-out round 29): its scripts listen to
    the main domain and read the friends' cloud storage, so it is the open data context, where those APIs are TikTok's
    too. A folder that also makes ads is no open data context."""
    assert findings(tmp_path / "a", {"build-templates/wechatgame/sub/index.js": RANK_TEMPLATE}) == []
    game = RANK_TEMPLATE + 'wx.createRewardedVideoAd({ adUnitId: "r" });\n'
    assert "build-templates/wechatgame/sub/index.js:1" in findings(tmp_path / "b", {"build-templates/wechatgame/sub/index.js": game})


PLATFORM = """var platform = '';

export let getPlatform = (): string => {
    if (platform == '') {
        if (CC_WECHATGAME) {
            platform = Platform.WX;
        }
        if (window.qq) {
            platform = Platform.QQ;
        }
        if (window.tt) {
            platform = Platform.TT;
        }
        if (CC_PREVIEW) {
            platform = Platform.WEB;
        }
    }
    return platform;
};

export let Platform = cc.Enum({ WX: 'wx', QQ: 'qq', TT: 'tt', WEB: 'web' });
"""

LOGIN = """import { getPlatform, Platform } from "./Platform";

export default class Login {
    private store: string;
    init() {
        this.store = getPlatform();
        switch (this.store) {
            case Platform.WX:
                wx.createUserInfoButton({ type: "text" });
                break;
            case Platform.TT:
                tt.login({ success() {}, fail() {} });
                break;
        }
    }
    button() {
        if (getPlatform() == Platform.TT) {
            return;
        }
        wx.createUserInfoButton({ type: "text" });
    }
}
"""


def test_the_store_a_sequence_of_checks_leaves_inside_tiktok(tmp_path: Path) -> None:
    """`getPlatform()` sets its variable once, through a sequence of checks where a later one wins (held-out round 29):
    inside TikTok `window.tt` is true and comes after the WeChat build's flag, and Cocos 2's CC_PREVIEW is false in a
    build, so the value is TT: the WeChat case is not taken and `if (getPlatform() == Platform.TT) return;` returns."""
    files = {"assets/Script/Platform.ts": PLATFORM, "assets/Script/Login.ts": LOGIN}
    assert findings(tmp_path / "a", files) == []
    first = PLATFORM.replace("if (window.tt) {\n            platform = Platform.TT;\n        }\n", "").replace(
        "if (CC_WECHATGAME) {", "if (window.tt) {\n            platform = Platform.TT;\n        }\n        if (CC_WECHATGAME) {"
    )
    assert findings(tmp_path / "b", {**files, "assets/Script/Platform.ts": first}) == ["assets/Script/Login.ts:20", "assets/Script/Login.ts:9"]


def test_a_static_readonly_configuration_flag_is_its_value(tmp_path: Path) -> None:
    """`if (!AppConfig.onTTMiniGame) return;` with `static readonly onTTMiniGame: boolean = false` in another module (a
    WeChat build's configuration, held-out round 29): the Douyin code after it never runs. A flag set elsewhere is
    not fixed."""
    config = "export default class AppConfig {\n    public static readonly onTTMiniGame: boolean = false;\n}\n"
    api = (
        'import AppConfig from "./AppConfig";\n\nexport class TTApi {\n    static banner() {\n'
        "        if (!AppConfig.onTTMiniGame) return;\n        tt.createBannerAd({ adUnitId: 'b' });\n    }\n}\n"
    )
    assert findings(tmp_path / "a", {"assets/Script/AppConfig.ts": config, "assets/Script/TTApi.ts": api}) == []
    changing = config.replace("public static readonly", "public static")
    setter = 'import AppConfig from "./AppConfig";\nexport function boot() { AppConfig.onTTMiniGame = !!window["tt"]; }\n'
    files = {"assets/Script/AppConfig.ts": changing, "assets/Script/TTApi.ts": api, "assets/Script/Boot.ts": setter}
    assert findings(tmp_path / "b", files) == ["assets/Script/TTApi.ts:6"]


def test_round29_smaller_readings(tmp_path: Path) -> None:
    """MN505: a `${...}` token left in a plain string and a REPLACE slug are placeholders. MN504: a rewarded ad created
    through the game's own wrapper (`sdk.createRewardedVideoAd` with `sdk = this.api()`) counts. MN503: a call read
    both as a plain and as an aliased one is said once, and `var self = this; self.wx.x()` is `this.wx.x()`. MN501:
    Kuaishou's shortcut after `if (!isKSPlatform()) return;` runs only outside TikTok."""
    ads = (
        "export class Ads {\n    private videoId = '${激励}';\n    show() {\n"
        "        tt.createRewardedVideoAd({ adUnitId: this.videoId });\n"
        "        tt.createInterstitialAd({ adUnitId: 'adunit-REPLACE-revive' });\n    }\n}\n"
    )
    assert findings(tmp_path / "a", {"assets/Script/Ads.ts": ads}, "MN505") == ["assets/Script/Ads.ts:4", "assets/Script/Ads.ts:5"]
    wrapper = (
        "export abstract class Base {\n    protected abstract api(): any;\n    show(id: string) {\n"
        "        const sdk = this.api();\n        sdk.createRewardedVideoAd({ adUnitId: id });\n    }\n}\n"
    )
    assert findings(tmp_path / "b", {"assets/Script/Base.ts": wrapper}, "MN504") == []
    assert findings(tmp_path / "c", {"assets/Script/Base.ts": wrapper.replace("sdk.createRewardedVideoAd", "ks.createRewardedVideoAd")}, "MN504") == [
        "project.json:"
    ]
    exit_ = "export function quit() {\n    (window as any).tt.exitMiniProgram();\n}\n"
    assert findings(tmp_path / "d", {"assets/Script/Exit.ts": exit_}) == ["assets/Script/Exit.ts:2"]
    union = (
        "export class Union {\n    private wx: any;\n    constructor() { this.wx = window['wx']; }\n    user() {\n"
        "        var self = this;\n        setTimeout(function () { self.wx.getUserInfo({}); }, 0);\n    }\n}\n"
    )
    assert findings(tmp_path / "e", {"assets/Script/Union.ts": union}) == ["assets/Script/Union.ts:6"]
    shortcut = (
        "export function add() {\n    if (!isKSPlatform()) return;\n    wx.addShortcut({});\n}\nfunction isKSPlatform() { return typeof ks !== 'undefined'; }\n"
    )
    assert findings(tmp_path / "f", {"assets/Script/Shortcut.ts": shortcut}, "MN501") == []


def test_an_engine_projects_committed_build_gets_the_package_checks(tmp_path: Path) -> None:
    """A LayaAir project with its published `release/wxgame` committed (held-out rounds 25 and 29): the package TikTok
    gets is checked by lint too (MN022 on a 0-byte file, named under the build's folder); LayaAir's bin/ (its IDE's
    debug build) is not the package."""
    laya = {"Game.laya": "{}\n", "src/Main.ts": "Laya.init(1, 1);\n"}
    package = {"game.json": "{}\n", "game.js": "require('./code.js');\n", "code.js": "tt.login({ success() {}, fail() {} });\n", "empty.js": ""}
    release = {f"release/wxgame/{name}": text for name, text in package.items()}
    root = write(tmp_path / "a", {**laya, **release})
    found = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN022",))).diagnostics
    assert [(d.path, d.message) for d in found] == [("release/wxgame/empty.js", "release/wxgame/empty.js is empty: TikTok's upload refuses 0-byte files")]
    debug = write(tmp_path / "b", {**laya, **{f"bin/{name}": text for name, text in package.items()}})
    assert run(Project(debug, environ={}), LintOptions(use_cache=False, select=("MN022",))).diagnostics == []


def test_an_ad_handed_to_a_helper_that_destroys_it(tmp_path: Path) -> None:
    """`this.DestroyAd(this.rewardedVideoAd)` with `DestroyAd(ad) { if (!!ad) ad.destroy(); }` (held-out round 29): the
    helper calls destroy() on TikTok's rewarded ad, which has none. Handed only a banner, or only outside TikTok, it is
    not reported; `ad.destroy && ad.destroy()` checks the method."""
    banner = """export class Banner {
    rewardedVideoAd: any = null;
    bannerAd: any = null;
    show() {
        this.DestroyAd(this.rewardedVideoAd);
        this.rewardedVideoAd = tt.createRewardedVideoAd({ adUnitId: "ad7301" });
    }
    banner() {
        this.DestroyAd(this.bannerAd);
    }
    private DestroyAd(ad: any) {
        if (!!ad) ad.destroy();
        ad = null;
    }
}
"""
    assert findings(tmp_path / "a", {"assets/Script/Banner.ts": banner}, "MN506") == ["assets/Script/Banner.ts:12"]
    outside = banner.replace("        this.DestroyAd(this.rewardedVideoAd);\n", '        if (window["ks"]) this.DestroyAd(this.rewardedVideoAd);\n')
    assert findings(tmp_path / "b", {"assets/Script/Banner.ts": outside}, "MN506") == []
    checked = banner.replace("if (!!ad) ad.destroy();", "ad && ad.destroy && ad.destroy();")
    assert findings(tmp_path / "c", {"assets/Script/Banner.ts": checked}, "MN506") == []


def test_a_multi_target_project_never_made_a_mini_is_said_in_one_line(tmp_path: Path) -> None:
    """A uni-app project built for Douyin (`dev:mp-toutiao`) beside its web target (`dev:h5`), with no Minis SDK on its
    page and no minis.config.json (held-out round 29): dev says what it is and what TikTok runs, with init --existing
    as the fix, instead of MN101/MN102/MN004; once adopted, it is judged as a Mini."""
    from minis_cli.dev.session import dev_decision

    uni = {
        "package.json": '{ "name": "avatar", "scripts": { "dev:h5": "uni", "dev:mp-toutiao": "uni -p mp-toutiao", "dev:mp-weixin": "uni -p mp-weixin" } }\n',
        "index.html": '<!doctype html>\n<div id="app"></div>\n<script type="module" src="/src/main.js"></script>\n',
        "src/main.js": "export const app = 1;\n",
    }
    root = write(tmp_path / "uni", uni)
    decision = dev_decision(Project(root, environ={}))
    assert not decision.starts and decision.why.startswith(
        "this multi-target project is not a Mini yet: its other targets are Douyin, WeChat mini programs, which TikTok does not run, "
        "and TikTok's target is its web (H5) build (dev:h5), whose page does not load the Minis SDK"
    )
    assert "minis-py init --existing" in decision.why and "MN101" not in decision.why
    sdk = '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n'
    adopted = write(tmp_path / "mini", {**uni, "index.html": sdk + uni["index.html"]})
    assert "multi-target" not in dev_decision(Project(adopted, environ={})).why


def test_a_method_called_only_on_an_empty_singleton_never_runs(tmp_path: Path) -> None:
    """`QQAdMgr.instance.hideBlock()` with no check, where the singleton is made only in QQ's branch (held-out round 29:
    a test button calling the WeChat manager's subscribe): inside TikTok the receiver is null and the call throws
    before the method runs, so the method's calls are not TikTok's."""
    unguarded = BLOCK.replace(
        "        if (QQAdMgr.instance) {\n            QQAdMgr.instance.hideBlock();\n        }\n", "        QQAdMgr.instance.hideBlock();\n"
    )
    files = {"assets/Script/QQAdMgr.ts": QQ_MANAGER, "assets/Script/AdMgr.ts": AD_MANAGER, "assets/Script/BlockCtrl.ts": unguarded}
    files["assets/Script/Director.ts"] = "export default class Director { init() {} }\n"
    assert findings(tmp_path / "a", files) == []


def test_silent_login_through_an_abstract_platform_accessor_counts(tmp_path: Path) -> None:
    """`this.api().login({...})` with `protected abstract api()` (each platform's subclass returns its namespace;
    held-out round 29): MN509 no longer says the game never uses silent login."""
    base = "export abstract class Base {\n    protected abstract api(): any;\n    login() {\n        this.api().login({ success() {}, fail() {} });\n    }\n}\n"
    root = write(tmp_path / "a", {**COCOS2, "assets/Script/Base.ts": base})
    (finding,) = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN509",))).diagnostics
    assert "silent login" not in finding.message


def test_calls_on_an_abstract_platform_accessor_a_subclass_implements(tmp_path: Path) -> None:
    """`const sdk = this.api(); sdk.createBannerAd(...)` in a base class whose `api()` is abstract and which a module
    extends with `getTt()` (held-out round 29): a banner TikTok lacks. With no subclass naming tt or wx, not read so."""
    base = (
        "export abstract class Base {\n    protected abstract api(): any;\n"
        "    banner() {\n        const sdk = this.api();\n        sdk.createBannerAd({ adUnitId: 'b' });\n    }\n}\n"
    )
    douyin = 'import { Base } from "./Base";\nexport class Douyin extends Base {\n    protected api() { return getTt(); }\n}\n'
    globals_ = "export function getTt() { return typeof tt !== 'undefined' ? tt : null; }\n"
    files = {
        "assets/Script/Base.ts": base,
        "assets/Script/Douyin.ts": douyin.replace('";\n', '";\nimport { getTt } from "./G";\n', 1),
        "assets/Script/G.ts": globals_,
    }
    assert findings(tmp_path / "a", files) == ["assets/Script/Base.ts:5"]
    other = {**files, "assets/Script/Douyin.ts": files["assets/Script/Douyin.ts"].replace("getTt", "getKs")}
    other["assets/Script/G.ts"] = globals_.replace("getTt", "getKs").replace("tt", "ks")
    assert findings(tmp_path / "b", other) == []


def test_a_shortcut_call_read_both_ways_is_said_once(tmp_path: Path) -> None:
    """`const tt = this.getApi(); tt.addShortcut({...})` with `getApi()` returning `globalThis.tt` (held-out round
    30): the call is both a plain `tt.` call and one through a name given the namespace; MN501 says it once."""
    sdk = (
        "export class DySDK {\n    getApi(): any { return (globalThis as any).tt; }\n"
        "    add() {\n        const tt = this.getApi();\n        tt.addShortcut({ success() {}, fail() {} });\n    }\n}\n"
    )
    assert findings(tmp_path / "a", {"assets/scripts/DySDK.ts": sdk}, "MN501") == ["assets/scripts/DySDK.ts:5"]


def test_round30_readings(tmp_path: Path) -> None:
    """Held-out round 30: `tt.canIUse("getUserInfo")` is false inside TikTok (its games SDK has no getUserInfo), so the
    branch never runs; `null === (e = wx.cloud) || void 0 === e ? void 0 : e.init` (TypeScript's ES5 `wx.cloud?.init`)
    checks `wx.cloud.init`; an ad unit id with non-ASCII characters is words standing for one; another module's own
    prototype method of the name called on its own instance is not a call of this one; QQ Play's build template is
    another store's."""
    user = (
        "export function who(done) {\n    if (tt.canIUse('getUserInfo')) {\n        tt.getUserInfo({ success: done });\n    } else done();\n}\n"
        "export function cloud() {\n    var e;\n    (null === (e = wx.cloud) || void 0 === e ? void 0 : e.init) && wx.cloud.init({ env: '' });\n}\n"
    )
    assert findings(tmp_path / "a", {"assets/scripts/user.js": user}) == []
    ads = "export const ad = wx.createRewardedVideoAd({ adUnitId: '微信激励视频广告位ID' });\n"
    assert findings(tmp_path / "b", {"assets/scripts/ads.js": ads}, "MN505") == ["assets/scripts/ads.js:1"]
    tt_adapter = (
        "var T = function () {};\nT.prototype.getInfo = function () {\n    if (tt.canIUse('getUserInfo')) { this.refuseTip(); }\n};\n"
        "T.prototype.refuseTip = function () {\n    tt.openSetting({});\n};\nmodule.exports = T;\n"
    )
    ali_adapter = (
        "var A = function () {};\nA.prototype.getInfo = function () {\n    var t = this;\n"
        "    setTimeout(function () { t.refuseTip(); }, 0);\n};\n"
        "A.prototype.refuseTip = function () {};\nmodule.exports = A;\n"
    )
    assert findings(tmp_path / "c", {"assets/scripts/tt.js": tt_adapter, "assets/scripts/ali.js": ali_adapter}) == []
    template = {
        "assets/Script/a.js": "cc.log(1);\n",
        "build-templates/qqplay/src/lib.js": "eval(code);\n",
        "build-templates/wechatgame/src/lib.js": "eval(code);\n",
    }
    assert findings(tmp_path / "d", template, "MN401") == ["build-templates/wechatgame/src/lib.js:1"]
