"""A registry of store adapters keyed by store (freecocoscreator3, held-out round 33): a class registered under another
store's key, in a registry that also holds one under TikTok's, is that store's adapter, even WeChat's."""

from __future__ import annotations

from pathlib import Path

from engine_projects import write

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS3 = {"package.json": '{"name": "g", "creator": {"version": "3.8.1"}}\n', "settings/v2/packages/project.json": "{}\n"}

REGISTRY = """export enum EPlatformType { web = 99, wx = 1, qq = 2, tt = 3 }
class ModuleMgr {
    private adds: { [key: number]: any } = {};
    add(type: EPlatformType) {
        return (target: any) => { this.adds[type] = target; };
    }
    instanceOnce(type: EPlatformType) {
        return new this.adds[type]();
    }
}
export const platformMgr = new ModuleMgr();
"""

WECHAT = """import { platformMgr, EPlatformType } from "./PlatformMgr";

@platformMgr.add(EPlatformType.wx)
export class WxPlatform {
    profile(done: (info: unknown) => void) {
        wx.getUserInfo({ success: done });
        wx.authorize({ scope: "scope.WxFriendInteraction" });
    }
}
"""

BYTEDANCE = """import { platformMgr, EPlatformType } from "./PlatformMgr";

@platformMgr.add(EPlatformType.tt)
export class TTPlatform {
    profile(done: (info: unknown) => void) {
        tt.getUserInfo({ success: done });
    }
}
"""

START = """import { platformMgr, EPlatformType } from "./PlatformMgr";
import "./WxPlatform";
import "./TTPlatform";

let platformType: keyof typeof EPlatformType = "web";
if ((window as any).wx) platformType = "wx";
if ((window as any).tt) platformType = "tt";
export const platform = platformMgr.instanceOnce(EPlatformType[platformType]);
"""


def findings(root: Path, files: dict[str, str]) -> list[str]:
    project = Project(write(root, {**COCOS3, **files}), environ={})
    found = run(project, LintOptions(use_cache=False, select=("MN503", "MN209"))).diagnostics
    return sorted(f"{d.rule_id} {d.path}:{d.span.line if d.span else ''}" for d in found)


def sources(**changed: str) -> dict[str, str]:
    files = {"PlatformMgr.ts": REGISTRY, "WxPlatform.ts": WECHAT, "TTPlatform.ts": BYTEDANCE, "Start.ts": START, **changed}
    return {f"assets/scripts/platform/{name}": text for name, text in files.items() if text}


def test_a_decorated_registry_with_a_tiktok_class_leaves_the_other_stores_out(tmp_path: Path) -> None:
    assert findings(tmp_path / "a", sources()) == ["MN503 assets/scripts/platform/TTPlatform.ts:6"]


def test_without_a_class_under_tiktoks_key_the_wechat_one_may_run(tmp_path: Path) -> None:
    """No TikTok entry: TikTok answers to wx, so the WeChat adapter is what it would make."""
    assert findings(tmp_path / "a", sources(**{"TTPlatform.ts": ""})) == [
        "MN209 assets/scripts/platform/WxPlatform.ts:7",
        "MN503 assets/scripts/platform/WxPlatform.ts:6",
    ]


def test_a_class_also_made_by_name_is_not_left_out(tmp_path: Path) -> None:
    made = START + 'import { WxPlatform } from "./WxPlatform";\nexport const share = new WxPlatform();\n'
    assert findings(tmp_path / "a", sources(**{"Start.ts": made})) == [
        "MN209 assets/scripts/platform/WxPlatform.ts:7",
        "MN503 assets/scripts/platform/TTPlatform.ts:6",
        "MN503 assets/scripts/platform/WxPlatform.ts:6",
    ]


def test_a_class_registered_under_tiktoks_key_as_well_is_not_left_out(tmp_path: Path) -> None:
    both = WECHAT.replace("@platformMgr.add(EPlatformType.wx)", "@platformMgr.add(EPlatformType.wx)\n@platformMgr.add(EPlatformType.tt)")
    assert "MN503 assets/scripts/platform/WxPlatform.ts:7" in findings(tmp_path / "a", sources(**{"WxPlatform.ts": both}))


def test_a_decorator_that_names_no_store_is_not_a_store_registry(tmp_path: Path) -> None:
    """`@moduleMgr.add(EModule.audio)` beside `@moduleMgr.add(EModule.tt)`: audio is no store's key."""
    audio = WECHAT.replace("EPlatformType.wx", "EPlatformType.audio")
    assert findings(tmp_path / "a", sources(**{"WxPlatform.ts": audio})) == [
        "MN209 assets/scripts/platform/WxPlatform.ts:7",
        "MN503 assets/scripts/platform/TTPlatform.ts:6",
        "MN503 assets/scripts/platform/WxPlatform.ts:6",
    ]


# TypeScript's emit of the same, as a framework ships it: a namespace's IIFE, `X = __decorate([...], X)`, `ns.X = X`
EMITTED = """var __decorate = function (decorators, target) { return decorators.reduce((t, d) => d(t) || t, target); };
var fw;
(function (fw) {
    class ModuleMgr {
        constructor() { this._adds = {}; }
        add(type) { let _this = this; return function (target) { _this._adds[type] = target; }; }
        instanceOnce(type) { return new this._adds[type](); }
    }
    fw.platformMgr = new ModuleMgr();
})(fw || (fw = {}));
(function (fw) {
    let WxPlatform = class WxPlatform {
        constructor() { this.root = window["wx"]; }
        profile(done) { this.root.getUserInfo({ success: done }); }
    };
    WxPlatform = __decorate([
        fw.platformMgr.add(fw.EPlatformType.wx)
    ], WxPlatform);
    fw.WxPlatform = WxPlatform;
})(fw || (fw = {}));
(function (fw) {
    let TTPlatform = class TTPlatform {
        constructor() { this.root = window["tt"]; }
        profile(done) { this.root.getUserInfo({ success: done }); }
    };
    TTPlatform = __decorate([
        fw.platformMgr.add(fw.EPlatformType.tt)
    ], TTPlatform);
    fw.TTPlatform = TTPlatform;
})(fw || (fw = {}));
"""


def test_typescripts_emit_of_the_registry(tmp_path: Path) -> None:
    files = {"assets/main/script/fw.js": EMITTED}
    assert findings(tmp_path / "a", files) == ["MN503 assets/main/script/fw.js:24"]
    # the WeChat class made by its namespace name somewhere TikTok runs: not left out
    used = {**files, "assets/main/script/start.js": "export const share = new fw.WxPlatform();\n"}
    assert findings(tmp_path / "b", used) == ["MN503 assets/main/script/fw.js:14", "MN503 assets/main/script/fw.js:24"]
    # no TikTok class in the registry
    alone = {"assets/main/script/fw.js": EMITTED.split("(function (fw) {\n    let TTPlatform")[0]}
    assert findings(tmp_path / "c", alone) == ["MN503 assets/main/script/fw.js:14"]


def test_a_scope_asked_only_outside_tiktok_is_not_mn209(tmp_path: Path) -> None:
    """MN209 asks the environment guards as the games rules do: WeChat's scope behind a check false inside TikTok."""
    guarded = "export function friends() {\n    if (typeof tt === 'undefined') {\n        wx.authorize({ scope: 'scope.WxFriendInteraction' });\n    }\n}\n"
    assert findings(tmp_path / "a", {"assets/scripts/friends.ts": guarded}) == []
    unguarded = guarded.replace("typeof tt === 'undefined'", "typeof wx !== 'undefined'")
    assert findings(tmp_path / "b", {"assets/scripts/friends.ts": unguarded}) == ["MN209 assets/scripts/friends.ts:3"]
