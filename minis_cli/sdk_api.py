"""The documented TikTok Minis SDK: every API of `TTMinis` (dramas and other Minis) and `TTMinis.game` (mini
games; also `tt` and `wx`), with the doc page it comes from. One list for the checks (MN208, MN503, MN506) and
the mock SDK. Sources: developers.tiktok.com (slugs below) and TikTok's SDK pages ("[3P]": seen only in public
code using the SDK, not on a TikTok page). Researched 2026-12-01."""

from __future__ import annotations

# api -> doc page (slug on developers.tiktok.com/doc/, or the page title)
DRAMA_APIS: dict[str, str] = {
    'authorize': 'minis-sdk-login',
    'canIUse': 'minis-sdk-subscriptions',
    'checkBalance': 'minis-sdk-payment',
    'createInterstitialAd': 'tiktok-minis-in-app-ads',
    'createRewardedVideoAd': 'tiktok-minis-in-app-ads',
    'createSubscription': 'minis-sdk-subscriptions',
    'disableCapture': 'Device',
    'enableCapture': 'Device',
    'getDeviceInfo': 'Device',
    'getMenuButtonBoundingClientRect': 'Navigation Bar',
    'getPlayer': 'minis-player',
    'hideRibbon': 'minis-sdk-subscriptions',
    'init': 'minis-sdk-get-started',
    'login': 'minis-sdk-login',
    'navigateToBalance': 'minis-sdk-payment',
    'off': 'Event',
    'on': 'minis-sdk-share',
    'openBalance': 'minis-sdk-payment',
    'pay': 'minis-sdk-payment',
    'reactivateSubscription': 'minis-sdk-subscriptions',
    'recharge': 'minis-sdk-payment',
    'reportEvent': 'minis-sdk-share',
    'setNavigationBarColor': 'Navigation Bar',
    'setValidateVideoReplaceElement': 'minis-player',
    'share': 'minis-sdk-share',
    'showSurfaceCoupon': 'minis-sdk-subscriptions',
}
GAME_APIS: dict[str, str] = {
    'TTWebAssembly': 'Mini Games SDK Changelog',
    'addShortcut': 'mini-games-sdk-revisit-incentives',
    'authorize': 'mini-games-sdk-login',
    'canIUse': 'mini-games-sdk-overview',
    'checkBalance': 'mini-games-sdk-payment',
    'checkScene': 'mini-games-sdk-check-scene',
    'clearStorage': 'Data Caching',
    'clearStorageSync': 'Data Caching',
    'connectSocket': 'Websocket',
    'createCanvas': '[3P] only',
    'createImage': '[3P] only',
    'createInnerAudioContext': 'Media / Audio',
    'createInterstitialAd': 'mini-games-sdk-iaa',
    'createRewardedVideoAd': 'mini-games-sdk-iaa',
    'createWebAudioContext': 'Media / Audio',
    'downloadFile': 'Mini Games SDK Changelog',
    'env': 'mini-games-sdk-overview',
    'getEnterOptionsSync': 'mini-games-sdk-event',
    'getEntranceMissionReward': 'mini-games-sdk-revisit-incentives',
    'getFileSystemManager': 'File',
    'getLaunchOptionsSync': 'mini-games-sdk-event',
    'getMenuButtonBoundingClientRect': 'mini-games-sdk-ui',
    'getNetworkType': 'Device and Network',
    'getOpenDataContext': 'friend-leaderboard (open data context)',
    'getScreenBrightness': 'Mini Games SDK Changelog',
    'getSharedCanvas': 'friend-leaderboard (open data context)',
    'getShortcutMissionReward': 'mini-games-sdk-revisit-incentives',
    'getStorage': 'Data Caching',
    'getStorageInfo': 'Data Caching',
    'getStorageInfoSync': 'Data Caching',
    'getStorageSync': 'Data Caching',
    'getSystemInfo': 'mini-games-sdk-system',
    'getSystemInfoSync': 'mini-games-sdk-system',
    'getUpdateManager': 'Mini Games SDK System',
    'getWindowInfo': 'mini-games-sdk-system',
    'hideKeyboard': 'Device and Network',
    'init': 'mini-games-sdk-overview',
    'loadFont': '[3P] Mini Games rendering',
    'loadSubpackage': 'Develop your mini game (subpackages)',
    'login': 'mini-games-sdk-login',
    'navigateToBalance': 'mini-games-sdk-payment',
    'offCopyUrl': 'Sharing',
    'offHide': 'mini-games-sdk-event',
    'offKeyboardComplete': 'Device and Network',
    'offKeyboardConfirm': 'Device and Network',
    'offKeyboardHeightChange': 'Device and Network',
    'offKeyboardInput': 'Device and Network',
    'offNetworkWeakChange': 'Mini Games SDK Changelog',
    'offShow': 'mini-games-sdk-event',
    'offTouchCancel': 'Device and Network',
    'offTouchEnd': 'Device and Network',
    'offTouchMove': 'Device and Network',
    'offTouchStart': 'Device and Network',
    'onCopyUrl': 'Sharing',
    'onHide': 'mini-games-sdk-event',
    'onKeyboardComplete': 'Device and Network',
    'onKeyboardConfirm': 'Device and Network',
    'onKeyboardHeightChange': 'Device and Network',
    'onKeyboardInput': 'Device and Network',
    'onNetworkWeakChange': 'Mini Games SDK Changelog',
    'onShow': 'mini-games-sdk-event',
    'onTouchCancel': 'Device and Network',
    'onTouchEnd': 'Device and Network',
    'onTouchMove': 'Device and Network',
    'onTouchStart': 'Device and Network',
    'pay': 'mini-games-sdk-payment',
    'preDownloadSubpackage': 'Develop your mini game (subpackages)',
    'recharge': 'mini-games-sdk-payment',
    'removeStorage': 'Data Caching',
    'removeStorageSync': 'Data Caching',
    'reportEvent': 'Mini Games SDK Changelog',
    'request': 'mini-games-sdk-overview',
    'setKeepScreenOn': 'Mini Games SDK Changelog',
    'setLoadingProgress': 'Initialize SDK',
    'setNavigationBarColor': 'mini-games-sdk-ui',
    'setPreferredFramesPerSecond': 'Mini Games SDK Changelog',
    'setScreenBrightness': 'Mini Games SDK Changelog',
    'setStorage': 'Data Caching',
    'setStorageSync': 'Data Caching',
    'shareAppMessage': 'Sharing',
    'shareToStory': 'Sharing',
    'showKeyboard': 'Device and Network',
    'startEntranceMission': 'mini-games-sdk-revisit-incentives',
    'updateKeyboard': 'Device and Network',
    'vibrateLong': 'Device and Network',
    'vibrateShort': 'Device and Network',
}
# Synchronous: they return their result (a callback argument is never called).
DRAMA_SYNC_APIS = frozenset(('canIUse', 'createInterstitialAd', 'createRewardedVideoAd', 'getDeviceInfo', 'getMenuButtonBoundingClientRect', 'init', 'off', 'on', 'setValidateVideoReplaceElement'))
# What an ad from createRewardedVideoAd / createInterstitialAd has (mini-games-sdk-iaa): no load(), no destroy().
AD_METHODS = frozenset({"show", "onClose", "offClose", "onError", "offError"})
AD_CONSTRUCTORS = ("createRewardedVideoAd", "createInterstitialAd")

# OAuth scopes TikTok documents (tiktok-api-scopes, scopes-overview), and the two Minis support (minis-user-data:
# "Currently, TikTok Minis only supports user.info.basic and user.info.open_id").
KNOWN_SCOPES = frozenset({
    "user.info.basic", "user.info.open_id", "user.info.profile", "user.info.stats", "video.list", "video.upload",
    "video.publish", "user.info.phone", "user.info.email",
})
MINIS_SCOPES = frozenset({"user.info.basic", "user.info.open_id"})

# WeChat / Douyin / Alipay APIs that TikTok's games SDK does not have (named so the message can say whose).
FOREIGN_GAME_APIS: dict[str, str] = {
    "cloud": "WeChat (cloud development)",
    "getUserProfile": "WeChat", "getUserInfo": "WeChat", "createUserInfoButton": "WeChat",
    "navigateToMiniProgram": "WeChat", "openCustomerServiceConversation": "WeChat", "requestSubscribeMessage": "WeChat",
    "createGameClubButton": "WeChat", "getGameRecorderManager": "Douyin", "getGameRecorder": "WeChat",
    "requestMidasPayment": "WeChat", "requestGamePayment": "Douyin", "showFavoriteGuide": "Douyin",
    "navigateToScene": "Douyin", "checkFollowAwemeState": "Douyin", "openAwemeUserProfile": "Douyin",
}
FOREIGN_NAMESPACES = {"my": "Alipay", "swan": "Baidu", "qq": "QQ", "ks": "Kuaishou", "jd": "JD"}
# On TikTok's games API list nowhere, but common in exports (NATIVE_GAMES.md: not confirmed to exist).
UNCONFIRMED_GAME_APIS = frozenset({"showToast", "showModal", "showLoading", "hideLoading", "uploadFile", "onError", "onWindowResize"})
