  // --- events (minis SDK event page) -----------------------------------------------------------------
  // on(event, cb) returns a callback id for off(event, id) (true when it removed one); the callback gets
  // { data, error }. minis.launch fires after init, minis.show / minis.hide with the page's visibility,
  // minis.destroy when it is closed, minis.share when the user shares; POST /_mock/events fires any of them
  // in every open page (the SDK listens on the mock's event stream).
  var nextListener = 1;
  function on(event, fn) {
    if (typeof fn !== 'function') return '';
    var id = 'cb' + (nextListener++);
    (state.listeners[event] = state.listeners[event] || []).push({ id: id, fn: fn });
    return id;
  }
  function off(event, idOrFn) {
    var before = (state.listeners[event] || []).length;
    state.listeners[event] = (state.listeners[event] || []).filter(function (l) { return idOrFn !== undefined && l.id !== idOrFn && l.fn !== idOrFn; });
    return state.listeners[event].length !== before;
  }
  function emit(event, payload) {
    (state.listeners[event] || []).slice().forEach(function (l) { safe(l.fn, { data: payload || {}, error: null }); });
    // the games SDK's onShow / onHide listeners get the payload itself
    (state.listeners['game:' + event] || []).slice().forEach(function (l) { safe(l.fn, payload || {}); });
  }
  // a games listener API: onX(fn) / offX(fn), for a container event or a page event
  function gameListener(event) {
    return {
      on: function (fn) { return on('game:' + event, fn); },
      off: function (fn) { return off('game:' + event, fn); }
    };
  }
  document.addEventListener('visibilitychange', function () { emit(document.hidden ? 'minis.hide' : 'minis.show', {}); });
  window.addEventListener('pagehide', function () { emit('minis.destroy', {}); });
  (function listen() {
    if (typeof EventSource === 'undefined') return;
    try {
      var stream = new EventSource(ORIGIN + '/_mock/events/stream');
      stream.onmessage = function (message) {
        try {
          var item = JSON.parse(message.data);
          if (item && item.event) emit(item.event, item.payload);
        } catch (e) { console.error(e); }
      };
      window.addEventListener('pagehide', function () { stream.close(); });
    } catch (e) { /* no stream: events still fire from the page */ }
  })();

  // --- the APIs this file implements, each with its declaration (make docs-gen writes them to minis_cli/sdk_api.json) ---
  // a game's onX/offX pair shares one list of listeners: one pair an event
  var pairs = {};
  function listenerPair(event) { return pairs[event] || (pairs[event] = gameListener(event)); }
  declare('TTMinis', 'off', {"doc": "Event", "call": "unlisten"}, off);
  declare('TTMinis', 'on', {"doc": "minis-sdk-share", "call": "listener"}, on);
  declare('TTMinis.game', 'offCopyUrl', {"doc": "Sharing", "call": "unlisten"}, listenerPair('copyUrl').off);
  declare('TTMinis.game', 'offHide', {"doc": "mini-games-sdk-event", "call": "unlisten"}, listenerPair('minis.hide').off);
  declare('TTMinis.game', 'offKeyboardComplete', {"doc": "Device and Network", "call": "unlisten"}, listenerPair('keyboardComplete').off);
  declare('TTMinis.game', 'offKeyboardConfirm', {"doc": "Device and Network", "call": "unlisten"}, listenerPair('keyboardConfirm').off);
  declare('TTMinis.game', 'offKeyboardHeightChange', {"doc": "Device and Network", "call": "unlisten"}, listenerPair('keyboardHeightChange').off);
  declare('TTMinis.game', 'offKeyboardInput', {"doc": "Device and Network", "call": "unlisten"}, listenerPair('keyboardInput').off);
  declare('TTMinis.game', 'offMemoryWarning', {"doc": "mini-games-sdk-memory", "call": "unlisten"}, listenerPair('memoryWarning').off);
  declare('TTMinis.game', 'offNetworkWeakChange', {
    "doc": "Mini Games SDK Changelog",
    "call": "unlisten",
    "since": "44.6.0",
    "since_source": "mini games SDK changelog: 0.18.0 / client 44.6.0"
  }, listenerPair('networkWeakChange').off);
  declare('TTMinis.game', 'offShow', {"doc": "mini-games-sdk-event", "call": "unlisten"}, listenerPair('minis.show').off);
  declare('TTMinis.game', 'offTouchCancel', {"doc": "Device and Network", "call": "unlisten"}, listenerPair('touchCancel').off);
  declare('TTMinis.game', 'offTouchEnd', {"doc": "Device and Network", "call": "unlisten"}, listenerPair('touchEnd').off);
  declare('TTMinis.game', 'offTouchMove', {"doc": "Device and Network", "call": "unlisten"}, listenerPair('touchMove').off);
  declare('TTMinis.game', 'offTouchStart', {"doc": "Device and Network", "call": "unlisten"}, listenerPair('touchStart').off);
  declare('TTMinis.game', 'onCopyUrl', {"doc": "Sharing", "call": "listener"}, listenerPair('copyUrl').on);
  declare('TTMinis.game', 'onHide', {"doc": "mini-games-sdk-event", "call": "listener"}, listenerPair('minis.hide').on);
  declare('TTMinis.game', 'onKeyboardComplete', {"doc": "Device and Network", "call": "listener"}, listenerPair('keyboardComplete').on);
  declare('TTMinis.game', 'onKeyboardConfirm', {"doc": "Device and Network", "call": "listener"}, listenerPair('keyboardConfirm').on);
  declare('TTMinis.game', 'onKeyboardHeightChange', {"doc": "Device and Network", "call": "listener"}, listenerPair('keyboardHeightChange').on);
  declare('TTMinis.game', 'onKeyboardInput', {"doc": "Device and Network", "call": "listener"}, listenerPair('keyboardInput').on);
  declare('TTMinis.game', 'onMemoryWarning', {"doc": "mini-games-sdk-memory", "call": "listener"}, listenerPair('memoryWarning').on);
  declare('TTMinis.game', 'onNetworkWeakChange', {
    "doc": "Mini Games SDK Changelog",
    "call": "listener",
    "since": "44.6.0",
    "since_source": "mini games SDK changelog: 0.18.0 / client 44.6.0"
  }, listenerPair('networkWeakChange').on);
  declare('TTMinis.game', 'onShow', {"doc": "mini-games-sdk-event", "call": "listener"}, listenerPair('minis.show').on);
  declare('TTMinis.game', 'onTouchCancel', {"doc": "Device and Network", "call": "listener"}, listenerPair('touchCancel').on);
  declare('TTMinis.game', 'onTouchEnd', {"doc": "Device and Network", "call": "listener"}, listenerPair('touchEnd').on);
  declare('TTMinis.game', 'onTouchMove', {"doc": "Device and Network", "call": "listener"}, listenerPair('touchMove').on);
  declare('TTMinis.game', 'onTouchStart', {"doc": "Device and Network", "call": "listener"}, listenerPair('touchStart').on);
