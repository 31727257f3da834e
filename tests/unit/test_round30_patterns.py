"""Held-out round 30 of issue 30: patterns from real projects no fixture had, each reproduced with our own code."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS2 = {"project.json": '{ "engine": "cocos-creator-js", "version": "2.4.13" }\n', "settings/project.json": "{}\n"}


def findings(root: Path, files: dict[str, str], rule: str) -> list[str]:
    found = run(Project(write(root, {**COCOS2, **files}), environ={}), LintOptions(use_cache=False, select=(rule,))).diagnostics
    return sorted(f"{d.path}:{d.span.line if d.span else ''}" for d in found)


AD_MANAGER = """var AdMgr = cc.Class({
  extends: cc.Component,
  showVideo: function (cb) {
    var o = this;
    o.videoAd = tt.createRewardedVideoAd({ adUnitId: "a1b2c3d4e5" });
    o.videoAd.onClose(function (r) { if (r && r.isEnded) cb(); });
    o.videoAd.show();
  },
  hide: function () { this.videoAd && this.videoAd.destroy(); },
  drop: function () { var s = this; s.videoAd.destroy(); },
  other: function (o) { o.videoAd.destroy(); }
});
module.exports = AdMgr;
"""


def test_an_ad_given_through_a_name_holding_this(tmp_path: Path) -> None:
    """`var o = this; o.videoAd = tt.createRewardedVideoAd(...)` gives the component's `this.videoAd` the ad (compiled
    and minified Cocos 2 code names `this` so): its destroy() in another method, through `this` or another name holding
    it, is MN506; a parameter of the name is another object."""
    assert findings(tmp_path / "a", {"assets/Script/AdMgr.js": AD_MANAGER}, "MN506") == ["assets/Script/AdMgr.js:10", "assets/Script/AdMgr.js:9"]


AD_CACHE = """export class AdCache {
    private ads: Map<string, any> = new Map();
    private banners: Map<string, any> = new Map();
    preload(id: string) {
        const ad = tt.createRewardedVideoAd({ adUnitId: id });
        this.ads.set(id, ad);
        this.banners.set(id, tt.createBannerAd({ adUnitId: id }));
    }
    preloadOther(id: string) {
        this.ads.set(id + "x", tt.createInterstitialAd({ adUnitId: id }));
    }
    show(id: string) {
        const ad = this.ads.get(id);
        ad.load().then(() => ad.show());
        ad.destroy();
    }
    drop(id: string) {
        this.ads.get(id).destroy();
        this.ads.get(id).offClose();
        this.banners.get(id).destroy();
        this.ads.delete(id);
    }
}
"""


def test_an_ad_kept_in_a_map(tmp_path: Path) -> None:
    """An ad put in a Map (`this.ads.set(id, ad)`, or the constructor's call itself) is what the map's get() returns:
    `this.ads.get(id).destroy()` and `const ad = this.ads.get(id); ad.destroy()` are MN506; the ad's own methods and a
    map of banners (not the rule's ads) are not."""
    assert findings(tmp_path / "a", {"assets/Script/AdCache.ts": AD_CACHE}, "MN506") == ["assets/Script/AdCache.ts:15", "assets/Script/AdCache.ts:18"]
    unkept = AD_CACHE.replace("this.ads.set(id, ad);", "").replace('this.ads.set(id + "x", tt.createInterstitialAd({ adUnitId: id }));', "")
    assert findings(tmp_path / "b", {"assets/Script/AdCache.ts": unkept}, "MN506") == []


def test_the_cloud_object_of_a_name_given_the_namespace(tmp_path: Path) -> None:
    """`var platform = window.wx || window.tt; platform.cloud.callFunction(...)`: WeChat's cloud development reached
    through a name holding the namespace is MN503 as `wx.cloud.callFunction` is; a TikTok API's own object is not, and
    neither is the call behind a check that the cloud exists."""
    platform = "var platform = window['wx'] || window['tt'];\nplatform.cloud.callFunction({ name: 'rank' });\n"
    assert findings(tmp_path / "a", {"assets/Script/Net.js": platform}, "MN503") == ["assets/Script/Net.js:2"]
    own = "var platform = window['wx'] || window['tt'];\nplatform.getSystemInfoSync().platform.toString();\n"
    assert findings(tmp_path / "b", {"assets/Script/Net.js": own}, "MN503") == []
    checked = "var platform = window['wx'] || window['tt'];\nif (platform.cloud) { platform.cloud.callFunction({ name: 'rank' }); }\n"
    assert findings(tmp_path / "c", {"assets/Script/Net.js": checked}, "MN503") == []
    plain = "var platform = window.qq;\nplatform.cloud.callFunction({ name: 'rank' });\n"
    assert findings(tmp_path / "d", {"assets/Script/Net.js": plain}, "MN503") == []


COMPILED_ASYNC = """var Sdk = function () {
  function t() { this.videoMap = {}; }
  t.prototype.doWatchAD = function (u) {
    return __awaiter(this, void 0, void 0, function () {
      var e;
      var o;
      return __generator(this, function () {
        return (e = this.unit, null == this.videoAd && (this.videoAd = tt.createRewardedVideoAd({ adUnitId: e })), (o = this), [2, new Promise(function (n, i) {
          o.videoAd.show().catch(function () { o.videoAd.destroy(); o.videoAd = null; });
        })]);
      });
    });
  };
  t.prototype.preload = function (id) {
    var i = tt.createRewardedVideoAd({ adUnitId: id });
    this.videoMap[id] = i;
  };
  t.prototype.watch = function (id) {
    var n;
    return null == (n = this.videoMap[id]) ? null : n.show().catch(function () { n.destroy(); });
  };
  return t;
}();
module.exports = Sdk;
"""


def test_this_given_by_assignment_and_an_object_used_as_a_map(tmp_path: Path) -> None:
    """TypeScript's compiled async methods declare `var o;` and set `(o = this)` later: `o.videoAd` is the instance's
    ad (a name given anything else too is not followed); an ad stored by key in an object (`this.videoMap[id] = ad`) is
    what a read of it gives (`null == (n = this.videoMap[id])`)."""
    assert findings(tmp_path / "a", {"assets/scripts/sdk.js": COMPILED_ASYNC}, "MN506") == ["assets/scripts/sdk.js:20", "assets/scripts/sdk.js:9"]
    other = COMPILED_ASYNC.replace("(o = this)", "(o = this, o = u)").replace("this.videoMap[id] = i;", "this.videoMap[id] = 1;")
    assert findings(tmp_path / "b", {"assets/scripts/sdk.js": other}, "MN506") == []


def test_either_name_of_an_api_checked_then_the_other_not(tmp_path: Path) -> None:
    """`s.getGameRecorderManager || s.getGameRecorder ? (s.getGameRecorderManager ? s.getGameRecorderManager() :
    s.getGameRecorder()) : null`: the second call runs only where the first name is absent and one of the two exists,
    so the second exists there (MN503 says nothing); without the outer check it may run where neither exists."""
    head = "var s = window.wx;\ns = window.ks ? window.ks : s;\n"
    checked = (
        head + "var r = s.getGameRecorderManager || s.getGameRecorder ? (s.getGameRecorderManager ? s.getGameRecorderManager() : s.getGameRecorder()) : null;\n"
    )
    assert findings(tmp_path / "a", {"assets/Script/Rec.js": checked}, "MN503") == []
    unchecked = head + "var r = s.getGameRecorderManager ? s.getGameRecorderManager() : s.getGameRecorder();\n"
    assert findings(tmp_path / "b", {"assets/Script/Rec.js": unchecked}, "MN503") == ["assets/Script/Rec.js:3"]
    other = head + "var r = s.getGameRecorderManager || s.getGameRecorder ? (s.getUserInfo ? s.getUserInfo() : s.getGameRecorder()) : null;\n"
    assert findings(tmp_path / "c", {"assets/Script/Rec.js": other}, "MN503") == ["assets/Script/Rec.js:3"]


def test_an_ad_given_through_self(tmp_path: Path) -> None:
    """`var self = this; self.videoAd = ...`: `self` is also the global object's name, which a plain dotted name drops
    (`self.x` read as the global's x); held by a declaration giving it `this`, it is the instance."""
    source = AD_MANAGER.replace("var o = this;\n    o.videoAd", "var self = this;\n    self.videoAd")
    assert findings(tmp_path / "a", {"assets/Script/AdMgr.js": source}, "MN506") == ["assets/Script/AdMgr.js:10", "assets/Script/AdMgr.js:9"]
