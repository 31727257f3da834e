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
