  // --- the namespaces, built from the declaration --------------------------------------------------------
  var shared = {
    init: init, login: login, authorize: authorize, pay: pay, reportEvent: reportEvent,
    checkBalance: checkBalance, recharge: recharge, navigateToBalance: navigateToBalance,
    getMenuButtonBoundingClientRect: getMenuButtonBoundingClientRect, setNavigationBarColor: setNavigationBarColor
  };
  var IMPLEMENTATIONS = {
    'TTMinis': Object.assign({}, shared, {
      createRewardedVideoAd: createAd('rewarded', 'TTMinis'), createInterstitialAd: createAd('interstitial', 'TTMinis'),
      canIUse: canIUseIn('TTMinis'), getDeviceInfo: getDeviceInfo, on: on, off: off, share: share,
      openBalance: openBalance, createSubscription: createSubscription, reactivateSubscription: reactivateSubscription,
      changeSubscription: changeSubscription,
      enableCapture: capture(true), disableCapture: capture(false), showSurfaceCoupon: showSurfaceCoupon,
      hideRibbon: simple('ribbon-hidden'), getPlayer: getPlayer, setValidateVideoReplaceElement: setValidateVideoReplaceElement,
      requestSubscribeMessage: simple('subscribe-message')
    }),
    'TTMinis.game': Object.assign({}, shared, {
      canIUse: canIUseIn('TTMinis.game'),
      createRewardedVideoAd: createAd('rewarded', 'TTMinis.game'), createInterstitialAd: createAd('interstitial', 'TTMinis.game'),
      addShortcut: reward('addShortcut'), getShortcutMissionReward: reward('getShortcutMissionReward'),
      startEntranceMission: reward('startEntranceMission'), getEntranceMissionReward: reward('getEntranceMissionReward'),
      checkScene: checkScene,
      setStorage: setStorage, getStorage: getStorage, removeStorage: removeStorage, clearStorage: clearStorage,
      getStorageInfo: getStorageInfo, setStorageSync: setStorageSync, getStorageSync: getStorageSync,
      removeStorageSync: removeStorageSync, clearStorageSync: clearStorageSync, getStorageInfoSync: getStorageInfoSync,
      request: request, downloadFile: downloadFile, connectSocket: connectSocket, getNetworkType: getNetworkType,
      getSystemInfo: getSystemInfo, getSystemInfoSync: getSystemInfoSync, getWindowInfo: getWindowInfo,
      getLaunchOptionsSync: launchOptions, getEnterOptionsSync: launchOptions,
      getScreenBrightness: getScreenBrightness, setScreenBrightness: setScreenBrightness, setKeepScreenOn: setKeepScreenOn,
      vibrateShort: vibrate(15), vibrateLong: vibrate(400), setLoadingProgress: setLoadingProgress,
      setPreferredFramesPerSecond: setPreferredFramesPerSecond,
      shareAppMessage: shareGame('message'), shareToStory: shareGame('story'),
      showKeyboard: showKeyboard, hideKeyboard: hideKeyboard, updateKeyboard: updateKeyboard,
      getFileSystemManager: fileSystemManager, env: { USER_DATA_PATH: USER_DATA_PATH },
      loadSubpackage: loadSubpackage, preDownloadSubpackage: loadSubpackage, getUpdateManager: getUpdateManager,
      getSharedCanvas: getSharedCanvas, getOpenDataContext: getOpenDataContext, createCanvas: createCanvas,
      createImage: createImage, createInnerAudioContext: createInnerAudioContext, createWebAudioContext: createWebAudioContext,
      loadFont: loadFont, TTWebAssembly: TTWebAssembly
    })
  };
  // onX / offX listener pairs of the games SDK: onShow/onHide are the container's minis.show/minis.hide.
  var GAME_EVENTS = { Show: 'minis.show', Hide: 'minis.hide', CopyUrl: 'copyUrl', NetworkWeakChange: 'networkWeakChange',
    KeyboardInput: 'keyboardInput', KeyboardConfirm: 'keyboardConfirm', KeyboardComplete: 'keyboardComplete',
    KeyboardHeightChange: 'keyboardHeightChange', MemoryWarning: 'memoryWarning', TouchStart: 'touchStart', TouchMove: 'touchMove', TouchEnd: 'touchEnd', TouchCancel: 'touchCancel' };
  Object.keys(GAME_EVENTS).forEach(function (suffix) {
    var pair = gameListener(GAME_EVENTS[suffix]);
    IMPLEMENTATIONS['TTMinis.game']['on' + suffix] = pair.on;
    IMPLEMENTATIONS['TTMinis.game']['off' + suffix] = pair.off;
  });

  // Only the declared APIs, and only those the simulated client version has; each call is checked against
  // its declared shape and recorded.
  var missing = [];
  function build(namespace) {
    var out = {}, apis = DECLARED[namespace], impls = IMPLEMENTATIONS[namespace];
    Object.keys(apis).forEach(function (name) {
      var spec = apis[name];
      if (!atLeast(spec.since)) return;
      var impl = impls[name];
      if (impl === undefined) { missing.push(namespace + '.' + name); return; }
      out[name] = spec.call === 'value' ? impl : wrap(namespace, name, spec, impl);
    });
    return out;
  }
  var game = build('TTMinis.game');
  var drama = build('TTMinis');
  if (missing.length) console.debug('[TTMinis mock] declared but not implemented yet: ' + missing.join(', '));
  Object.defineProperty(drama, '__mock', { value: { flavor: FLAVOR, clientVersion: CLIENT_VERSION, missing: missing, fire: emit } });
  drama.game = game;
  window.TTMinis = drama;
  // A native-runtime game reaches the games API as tt and wx too ("compatible with tt, wx, and TTMinis.game").
  if (FLAVOR === 'game' || FLAVOR === 'native') {
    if (!window.tt) window.tt = game;
    if (!window.wx) window.wx = game;
  }
})();
