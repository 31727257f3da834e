"""Held-out round 6 of issue 30: Gongxh0901/KunpoDemo gets its rewarded ads from the npm framework it imports
(`kunpo.MiniHelper.ad().showAds(...)`, kunpocc, declared in package.json and not installed), and MN504 said the game
never created one. An installed dependency's code is read; an uninstalled one cannot be, and the findings say so."""

from __future__ import annotations

import json

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS3 = {"assets/scenes/main.scene": "[]", "settings/v2/packages/project.json": "{}"}
SHOP = 'import * as harbor from "harbor-game-sdk";\nexport function watch() {\n  harbor.Platform.ads().showRewarded({});\n}\n'
SDK = "export function ads() {\n  const ad = tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n  tt.login({});\n  return ad;\n}\n"


def package(dependencies: dict[str, str]) -> str:
    return json.dumps({"name": "tide", "creator": {"version": "3.8.6"}, "dependencies": dependencies})


def findings(make_project, files: dict[str, str]) -> list[tuple[str, str, str]]:
    root = make_project({**COCOS3, **files})
    return [
        (d.rule_id, d.message, d.hint or "")
        for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
        if d.rule_id in ("MN504", "MN509")
    ]


def test_an_installed_dependency_is_read(make_project) -> None:
    files = {
        "package.json": package({"harbor-game-sdk": "^2.3.0"}),
        "assets/scripts/Shop.ts": SHOP,
        "node_modules/harbor-game-sdk/package.json": '{"name": "harbor-game-sdk", "main": "dist/index.js"}',
        "node_modules/harbor-game-sdk/dist/index.js": SDK,
    }
    found = findings(make_project, files)
    assert [(rule, message) for rule, message, _ in found] == [
        ("MN509", "this mini game never uses the shortcut (addShortcut) or the entrance mission (startEntranceMission): TikTok requires them of mini games")
    ]
    assert "node_modules" not in found[0][2]
    # its typings alone declare every API: not a call
    files["node_modules/harbor-game-sdk/dist/index.js"] = "export function ads() {}\n"
    files["node_modules/harbor-game-sdk/dist/index.d.ts"] = "declare const tt: { createRewardedVideoAd(o: object): object; login(o: object): void };\n" + SDK
    assert [rule for rule, _, _ in findings(make_project, files)] == ["MN504", "MN509"]


def test_an_uninstalled_dependency_the_game_hands_the_ads_to(make_project) -> None:
    files = {"package.json": package({"harbor-game-sdk": "^2.3.0", "left-pad": "^1.0.0"}), "assets/scripts/Shop.ts": SHOP}
    (ads, ads_hint), (missions, missions_hint) = [(m, h) for _, m, h in findings(make_project, files)]
    assert ads.startswith("this mini game leaves its rewarded ads to harbor-game-sdk (harbor.Platform.ads().showRewarded() in assets/scripts/Shop.ts:3)")
    assert "minis-py cannot check that it creates a rewarded video ad" in ads and "npm install" in ads_hint
    assert missions.startswith("this mini game never uses silent login (login), the shortcut (addShortcut) or the entrance mission")
    assert "The game imports harbor-game-sdk, which package.json declares but node_modules does not hold" in missions_hint
    assert "left-pad" not in missions_hint  # declared, never imported


def test_handed_through_a_module_that_re_exports_it_and_nothing_handed(make_project) -> None:
    header = 'import * as harbor from "harbor-game-sdk";\nexport { harbor };\n'
    shop = 'import { harbor as h } from "./header";\nh.Platform.login({});\nh.Platform.ads().show();\n'
    files = {"package.json": package({"harbor-game-sdk": "^2"}), "assets/scripts/header.ts": header, "assets/scripts/Shop.ts": shop}
    (_, ads, _), (_, login, _) = findings(make_project, files)
    assert "leaves its rewarded ads to harbor-game-sdk (h.Platform.ads().show() in assets/scripts/Shop.ts:3)" in ads
    assert login.startswith("this mini game never uses the shortcut (addShortcut) or the entrance mission (startEntranceMission): TikTok requires them")
    assert login.endswith(
        "it leaves silent login (login) to harbor-game-sdk (h.Platform.login() in assets/scripts/Shop.ts:2), not installed (package.json declares "
        "it, node_modules does not hold it): minis-py cannot check it"
    )
    # nothing the game calls on it says ads: the plain finding, its hint naming the dependency
    files["assets/scripts/Shop.ts"] = 'import { harbor } from "./header";\nharbor.Storage.add("pearls", 1);\n'
    (_, ads, hint), _ = findings(make_project, files)
    assert ads == "this mini game never creates a rewarded video ad (createRewardedVideoAd): TikTok requires rewarded ads in mini games"
    assert "harbor-game-sdk" in hint


def test_capability_words_are_whole_words_of_the_called_members(make_project) -> None:
    """Held-out round 8 (a LayaAir game on an uninstalled multiplayer SDK): `sdk.uploadVideo(path).then(...)`, which
    uploads a screen recording, was taken for the rewarded ad ('video'), and the message quoted the whole chain with
    its callbacks and an emptied condition."""
    upload = (
        'import match from "@example/match-sdk";\n'
        "export function share(path: string) {\n"
        "  match.uploadVideo(path, 'my run')\n"
        "    .then(() => { done(); })\n"
        "    .catch((err) => {\n"
        "      if (err.code !== 401) { retry(match.adsLeft); }\n"
        "    });\n"
        "  match.record({ ad: 1, rewarded: true });\n"
        "}\n"
    )
    files = {"package.json": package({"@example/match-sdk": "^1.0.0"}), "assets/scripts/Share.ts": upload}
    (ads, hint), _ = [(m, h) for _, m, h in findings(make_project, files)]
    assert ads == "this mini game never creates a rewarded video ad (createRewardedVideoAd): TikTok requires rewarded ads in mini games"
    assert "@example/match-sdk" in hint
    # a member that says it (a whole word): the message quotes the call, not its arguments or its Promise callbacks
    files["assets/scripts/Share.ts"] = upload.replace("match.uploadVideo(path, 'my run')", "match.showRewardedAd(path, 'my (run')")
    (ads, _), _ = [(m, h) for _, m, h in findings(make_project, files)]
    assert ads.startswith("this mini game leaves its rewarded ads to @example/match-sdk (match.showRewardedAd() in assets/scripts/Share.ts:3)")
    for member, hands in (("playRewardVideo", True), ("loadAds", True), ("showAD", True), ("downloadVideo", False), ("getReward", False), ("adapter", False)):
        files["assets/scripts/Share.ts"] = upload.replace("uploadVideo", member)
        (ads, _), _ = [(m, h) for _, m, h in findings(make_project, files)]
        assert ads.startswith("this mini game leaves its rewarded ads") is hands, member
