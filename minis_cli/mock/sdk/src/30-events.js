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
