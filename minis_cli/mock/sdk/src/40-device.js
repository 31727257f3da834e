  // --- device and chrome: synchronous, as in TikTok (they return their result) ------------------------
  var captureEnabled = true;
  // The simulator's phone (minis_cli/mock/simulator: preset, orientation, capsule rect, safe area) when this
  // page runs in its frame; a bare page keeps the mock's defaults.
  var DEVICE = __DEVICE__;
  var FRAMED = (function () { try { return window.parent !== window; } catch (e) { return true; } })();
  function simulated() { return FRAMED && DEVICE ? DEVICE : null; }
  function getDeviceInfo() {
    // minis-sdk-ui (Oct 22, 2026): getDeviceInfo() returns { bottomHeight: number } (the bottom safe area, in px).
    // The page adds that a dev mode may return screenWidth, screenHeight, platform and system too: the mock does
    // not (code should not depend on them). The old Device page's { data: { bottomHeight } } of strings is gone.
    var d = simulated();
    return { bottomHeight: Number(d ? d.bottomHeight : 34) };
  }
  function getMenuButtonBoundingClientRect() {
    var d = simulated();
    if (d) return Object.assign({}, d.menuButton);
    var w = window.innerWidth;
    return { width: 87, height: 32, top: 48, bottom: 80, left: w - 97, right: w - 10 };
  }
  // setNavigationBarColor(opts, cb): frontColor is '#ffffff' or '#000000' (Navigation Bar page); cb gets
  // { is_success } (and error on failure). The preview's TikTok bar follows it.
  function setNavigationBarColor(options) {
    document.documentElement.setAttribute('data-ttminis-nav', (options.frontColor || '') + ' ' + (options.backgroundColor || ''));
    try { window.parent !== window && window.parent.postMessage({ ttminis: 'navigationBarColor', frontColor: options.frontColor, backgroundColor: options.backgroundColor }, '*'); } catch (e) { /* no frame */ }
    return { data: { is_success: true }, callback: { is_success: true } };
  }
  // enableCapture / disableCapture(cb): whether screenshots and recording are allowed; cb gets { isSuccess }.
  function capture(enabled) {
    return function () {
      captureEnabled = enabled;
      document.documentElement.setAttribute('data-ttminis-capture', enabled ? 'enabled' : 'disabled');
      return { data: { isSuccess: true }, callback: { isSuccess: true } };
    };
  }
  // setValidateVideoReplaceElement(element): the element TikTok's review replaces with the validated video.
  var validateVideoElement = null;
  function setValidateVideoReplaceElement(element) {
    validateVideoElement = element || null;
    if (element && element.setAttribute) element.setAttribute('data-ttminis-validate-video', '');
  }

  // --- the APIs this file implements, each with its declaration (make docs-gen writes them to minis_cli/sdk_api.json) ---
  declare('TTMinis', 'disableCapture', {"doc": "Device", "call": "callback_options", "flag": "isSuccess"}, capture(false));
  declare('TTMinis', 'enableCapture', {"doc": "Device", "call": "callback_options", "flag": "isSuccess"}, capture(true));
  declare('TTMinis', 'getDeviceInfo', {
    "doc": "minis-sdk-ui",
    "call": "sync",
    "returns": {
      "bottomHeight": "number"
    },
    "returns_source": "minis-sdk-ui (Oct 22, 2026): getDeviceInfo() returns { bottomHeight: number }"
  }, getDeviceInfo);
  declare('TTMinis', 'getMenuButtonBoundingClientRect', {
    "doc": "Navigation Bar",
    "call": "sync",
    "since": "40.3.0",
    "since_source": "minis SDK changelog: 0.1.0 / client 40.3.0"
  }, getMenuButtonBoundingClientRect);
  declare('TTMinis', 'setNavigationBarColor', {
    "doc": "Navigation Bar",
    "call": "options_callback",
    "params": {
      "frontColor": {
        "type": "string",
        "required": true,
        "values": [
          "#ffffff",
          "#000000"
        ]
      },
      "backgroundColor": {
        "type": "string",
        "required": false
      }
    },
    "since": "40.3.0",
    "since_source": "minis SDK changelog: 0.1.0 / client 40.3.0",
    "flag": "is_success"
  }, setNavigationBarColor);
  declare('TTMinis', 'setValidateVideoReplaceElement', {"doc": "minis-player", "call": "sync"}, setValidateVideoReplaceElement);
  declare('TTMinis.game', 'getMenuButtonBoundingClientRect', {"doc": "mini-games-sdk-ui", "call": "sync"}, getMenuButtonBoundingClientRect);
  declare('TTMinis.game', 'setNavigationBarColor', {
    "doc": "mini-games-sdk-ui",
    "call": "options",
    "params": {
      "frontColor": {
        "type": "string",
        "values": [
          "#ffffff",
          "#000000"
        ]
      },
      "backgroundColor": {
        "type": "string"
      }
    }
  }, setNavigationBarColor);
