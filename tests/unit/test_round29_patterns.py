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
