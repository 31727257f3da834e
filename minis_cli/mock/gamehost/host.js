// minis-py desktop host, the page's side: the screen canvas (handed to the game's Worker), pointer input as
// TikTok's touches, the container (the mock SDK with its sheets) the worker's platform APIs call, storage per
// mock user, the session's files, and a report of what the game did that TikTok would refuse.
(function () {
  'use strict';
  var C = window.GAME_HOST || {};
  var game = window.TTMinis && window.TTMinis.game;
  var canvas = document.getElementById('screen');
  var reportList = document.getElementById('host-report');
  var badge = document.getElementById('host-badge');
  var USER = (function () { try { return localStorage.getItem('ttminis-mock-user') || 'anonymous'; } catch (e) { return 'anonymous'; } })();
  var STORAGE_PREFIX = 'ttminis-game-storage:' + USER + ':';  // the mock SDK's own layout: a page's and the host's storage are one
  var FILES_KEY = 'minis-host-files:' + USER;
  var worker = null;

  // --- what the game did that TikTok refuses: on the page, in the console, in the simulator's panel -------------
  var reported = {};
  function show(level, message, stack) {
    var key = level + ':' + message;
    if (reported[key]) { reported[key].count += 1; reported[key].li.dataset.count = String(reported[key].count); return; }
    var li = document.createElement('li');
    li.dataset.level = level;
    li.textContent = (level === 'error' ? 'Error: ' : 'Warning: ') + message + (stack && level === 'error' ? '\n' + String(stack).split('\n').slice(0, 4).join('\n') : '');
    reportList.appendChild(li);
    reported[key] = { li: li, count: 1 };
    updateBadge();
    (level === 'error' ? console.error : console.warn)('[minis-py game host] ' + message + (stack ? '\n' + stack : ''));
    queueCall({ api: level === 'error' ? 'runtime.error' : 'runtime.warning', id: 'report-' + (++reportIds), result: { error: { error_msg: message } } });
  }
  var reportIds = 0;
  // A small badge in the game's top-left corner (the capsule is top-right): how many reports, red with an error.
  // It covers only itself; the list opens on a press and closes on the next, so the game keeps its taps.
  function updateBadge() {
    var keys = Object.keys(reported), errors = keys.filter(function (k) { return k.indexOf('error:') === 0; }).length;
    badge.hidden = !keys.length;
    badge.dataset.level = errors ? 'error' : 'warn';
    badge.textContent = String(keys.length);
    badge.setAttribute('aria-label', keys.length + ' report' + (keys.length === 1 ? '' : 's') + ' of what TikTok would refuse (' + errors + ' error' + (errors === 1 ? '' : 's') + '): show');
  }
  badge.addEventListener('click', function (e) {
    e.stopPropagation();
    reportList.hidden = !reportList.hidden;
    badge.setAttribute('aria-expanded', String(!reportList.hidden));
  });
  window.__minisHost = { reports: function () { return Object.keys(reported).map(function (k) { return { level: k.split(':')[0], message: k.slice(k.indexOf(':') + 1), count: reported[k].count }; }); } };

  // --- the request log: the worker's own calls, batched as the mock SDK batches its own -----------------------
  var pendingCalls = [], flushTimer = null;
  function queueCall(entry) {
    pendingCalls.push(entry);
    if (pendingCalls.length > 500) pendingCalls.splice(0, pendingCalls.length - 500);
    if (!flushTimer) flushTimer = setTimeout(flush, 8);
  }
  function flush() {
    flushTimer = null;
    var batch = pendingCalls.splice(0, pendingCalls.length);
    if (!batch.length) return;
    fetch('/_mock/sdk/calls', { method: 'POST', headers: { 'content-type': 'application/json' }, keepalive: true,
      body: JSON.stringify({ client_key: C.clientKey, page: '/_mock/game/host', calls: batch }) }).catch(function () { /* best effort */ });
  }

  // --- values across the boundary: functions become references the worker calls back -------------------------
  var stubs = {};
  function plain(value, depth) {
    if (typeof value === 'function' || (typeof Node !== 'undefined' && value instanceof Node)) return undefined;
    if (value === null || typeof value !== 'object' || depth > 5) return value;
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value) || value instanceof Error) return value instanceof Error ? { error_msg: value.message } : value;
    var out = Array.isArray(value) ? [] : {};
    Object.keys(value).forEach(function (k) { var v = plain(value[k], depth + 1); if (v !== undefined) out[k] = v; });
    return out;
  }
  function revive(value) {
    if (value && typeof value === 'object' && typeof value.__fn === 'number' && Object.keys(value).length === 1) {
      var id = value.__fn;
      return stubs[id] || (stubs[id] = function () {
        worker.postMessage({ type: 'callback', fn: id, args: Array.prototype.map.call(arguments, function (a) { return plain(a, 0); }) });
      });
    }
    if (value && typeof value === 'object' && !(value instanceof ArrayBuffer) && !ArrayBuffer.isView(value)) {
      var out = Array.isArray(value) ? [] : {};
      Object.keys(value).forEach(function (k) { out[k] = revive(value[k]); });
      return out;
    }
    return value;
  }
  function settle(id, ok, value) { worker.postMessage({ type: 'settle', id: id, ok: ok, value: plain(value, 0) }); }
  function packageUrl(src) {
    if (typeof src !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(src)) return src;
    return new URL(C.pkg + src.replace(/^\.?\//, ''), location.href).href;
  }

  // --- objects the worker holds a handle to: ads, audio ------------------------------------------------------
  var instances = {}, kinds = {};  // handle -> the object, and the API that made it
  // Mock-only, for minis-py audit's rewarded-ad self-test: the game's rewarded ads (audit/runner.py's probe shows one
  // and watches what the game does when it closes). Not enumerable; the game's worker never sees the page.
  Object.defineProperty(window, '__minisRewardedAds', {
    value: function () { return Object.keys(kinds).filter(function (h) { return kinds[h] === 'createRewardedVideoAd' && instances[h]; }).map(function (h) { return instances[h]; }); }
  });
  function watchAudio(handle, audio) {
    function push() { worker.postMessage({ type: 'props', handle: handle, props: { currentTime: audio.currentTime, duration: audio.duration, paused: audio.paused } }); }
    ['onPlay', 'onPause', 'onStop', 'onEnded', 'onTimeUpdate', 'onCanplay', 'onSeeked'].forEach(function (on) { if (typeof audio[on] === 'function') audio[on](push); });
  }
  function onCall(m) {
    var fn = game && game[m.api];
    if (typeof fn !== 'function') { settle(m.id, false, { error_code: 40001000, error_msg: 'TTMinis.game.' + m.api + ' is not available' }); return; }
    var value;
    try { value = fn.apply(game, revive(m.args || [])); } catch (e) { settle(m.id, false, { error_msg: e.message }); return; }
    if (m.handle) {
      instances[m.handle] = value;
      kinds[m.handle] = m.api;
      if (m.api === 'createInnerAudioContext' && value) watchAudio(m.handle, value);
      settle(m.id, true, null);
      return;
    }
    Promise.resolve(value).then(function (v) { settle(m.id, true, v); }, function (e) { settle(m.id, false, e); });
  }
  function onMethod(m) {
    var object = instances[m.handle];
    if (!object || typeof object[m.method] !== 'function') { settle(m.id, false, { error_msg: m.method + ' is not a method of this object' }); return; }
    var value;
    try { value = object[m.method].apply(object, revive(m.args || [])); } catch (e) { settle(m.id, false, { error_msg: e.message }); return; }
    Promise.resolve(value).then(function (v) { settle(m.id, true, v); }, function (e) { settle(m.id, false, e); });
  }
  function onSet(m) {
    var object = instances[m.handle];
    if (!object) return;
    try { object[m.prop] = m.prop === 'src' ? packageUrl(m.value) : m.value; } catch (e) { show('warn', m.prop + ': ' + e.message); }
  }

  // --- Web Audio: the worker's audio graph, built here on the page's AudioContext ------------------------------
  var audio = {};
  function audioValue(value) {
    if (value && typeof value === 'object' && typeof value.__h === 'number' && Object.keys(value).length === 1) return audio[value.__h];
    if (Array.isArray(value)) return value.map(audioValue);
    return revive(value);
  }
  function onAudio(m) {
    try {
      if (m.op === 'context') {
        audio[m.handle] = game && game.createWebAudioContext ? game.createWebAudioContext() : new (window.AudioContext || window.webkitAudioContext)();
      } else if (m.op === 'prop') {
        audio[m.handle] = audio[m.parent][m.prop];
      } else if (m.op === 'new') {
        var parent = audio[m.parent];
        audio[m.handle] = parent[m.method].apply(parent, (m.args || []).map(audioValue));
      } else if (m.op === 'decode') {
        audio[m.parent].decodeAudioData(m.data).then(function (buffer) {
          audio[m.handle] = buffer;
          settle(m.id, true, { duration: buffer.duration, length: buffer.length, numberOfChannels: buffer.numberOfChannels, sampleRate: buffer.sampleRate });
        }, function (e) { settle(m.id, false, { error_msg: 'decodeAudioData: ' + (e && e.message) }); });
      } else if (m.op === 'call') {
        var object = audio[m.handle];
        Promise.resolve(object[m.method].apply(object, (m.args || []).map(audioValue))).then(function () { settle(m.id, true, null); }, function (e) { settle(m.id, false, { error_msg: String(e && e.message) }); });
      } else if (m.op === 'set') {
        audio[m.handle][m.prop] = audioValue(m.value);
      }
    } catch (e) {
      show('error', 'Web Audio (' + m.op + (m.method ? ' ' + m.method : m.prop ? ' ' + m.prop : '') + '): ' + e.message);
      if (m.id) settle(m.id, false, { error_msg: e.message });
    }
  }

  // --- storage and files -------------------------------------------------------------------------------------
  function storageSnapshot() {
    var out = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(STORAGE_PREFIX) === 0) { try { out[k.slice(STORAGE_PREFIX.length)] = JSON.parse(localStorage.getItem(k)).data; } catch (e) { /* not ours */ } }
      }
    } catch (e) { /* no storage */ }
    return out;
  }
  function onStorage(m) {
    try {
      if (m.op === 'set') localStorage.setItem(STORAGE_PREFIX + m.key, JSON.stringify({ data: m.data }));
      else if (m.op === 'remove') localStorage.removeItem(STORAGE_PREFIX + m.key);
      else if (m.op === 'clear') Object.keys(storageSnapshot()).forEach(function (k) { localStorage.removeItem(STORAGE_PREFIX + k); });
    } catch (e) { show('warn', 'storage: ' + e.message); }
  }
  function toBase64(buffer) { var a = new Uint8Array(buffer), s = ''; for (var i = 0; i < a.length; i += 0x8000) s += String.fromCharCode.apply(null, a.subarray(i, i + 0x8000)); return btoa(s); }
  function fromBase64(text) { var bin = atob(text), out = new Uint8Array(bin.length); for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i); return out.buffer; }
  function filesSnapshot() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(FILES_KEY) || 'null');
      if (!saved) return { files: {}, dirs: [] };
      var files = {};
      Object.keys(saved.files || {}).forEach(function (p) { var v = saved.files[p]; files[p] = v.b64 !== undefined ? { bytes: fromBase64(v.b64) } : { text: v.text }; });
      return { files: files, dirs: saved.dirs || [] };
    } catch (e) { return { files: {}, dirs: [] }; }
  }
  function onFiles(m) {
    var out = {};
    Object.keys(m.files).forEach(function (p) { var v = m.files[p]; out[p] = v.text !== undefined ? { text: v.text } : { b64: toBase64(v.bytes) }; });
    try { sessionStorage.setItem(FILES_KEY, JSON.stringify({ files: out, dirs: m.dirs })); } catch (e) { show('warn', 'the files under USER_DATA_PATH are too large to keep for the session (' + e.message + ')'); }
  }

  // --- input: pointer events on the screen, as TikTok's touches (identifier, screenX/Y, clientX/Y) ------------
  var active = new Map();
  function touchOf(e) {
    // in the game's coordinates: the phone's logical pixels, however large the canvas is shown
    var r = canvas.getBoundingClientRect(), sx = r.width ? phone.width / r.width : 1, sy = r.height ? phone.height / r.height : 1;
    var x = (e.clientX - r.left) * sx, y = (e.clientY - r.top) * sy;
    return { identifier: e.pointerId, screenX: x, screenY: y, clientX: x, clientY: y, pageX: x, pageY: y, force: e.pressure || 1 };
  }
  function sendTouch(kind, touch, e) {
    if (!worker) return;
    worker.postMessage({ type: 'touch', kind: kind, event: { touches: Array.from(active.values()), changedTouches: [touch], timeStamp: e.timeStamp } });
  }
  canvas.addEventListener('pointerdown', function (e) {
    e.preventDefault();
    try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* synthetic */ }
    var t = touchOf(e); active.set(e.pointerId, t); sendTouch('touchStart', t, e);
  });
  canvas.addEventListener('pointermove', function (e) {
    if (!active.has(e.pointerId)) return;
    var t = touchOf(e); active.set(e.pointerId, t); sendTouch('touchMove', t, e);
  });
  function end(kind) {
    return function (e) {
      if (!active.has(e.pointerId)) return;
      var t = touchOf(e); active.delete(e.pointerId); sendTouch(kind, t, e);
    };
  }
  canvas.addEventListener('pointerup', end('touchEnd'));
  canvas.addEventListener('pointercancel', end('touchCancel'));
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });

  // --- lifecycle: the container's minis.show / minis.hide (the simulator's panel) and the page's visibility -----
  function toWorker(name, value) { if (worker) worker.postMessage({ type: 'event', name: name, value: plain(value, 0) }); }
  if (game) {
    if (game.onShow) game.onShow(function (res) { toWorker('show', Object.assign({ scene: C.launch.scene, query: C.launch.query }, res || {})); });
    if (game.onHide) game.onHide(function (res) { toWorker('hide', res || {}); });
    ['KeyboardInput', 'KeyboardConfirm', 'KeyboardComplete', 'KeyboardHeightChange', 'NetworkWeakChange'].forEach(function (name) {
      if (game['on' + name]) game['on' + name](function (res) { toWorker(name.charAt(0).toLowerCase() + name.slice(1), res); });
    });
  }
  // (the mock SDK turns the page's visibility into minis.show / minis.hide itself)
  // dev's watch mode: the game restarts after a save
  try {
    var reloads = new EventSource('/_mock/events/stream');
    reloads.onmessage = function (message) {
      try { if (JSON.parse(message.data).event === 'minis-py.reload') location.reload(); } catch (e) { /* another event */ }
    };
    window.addEventListener('pagehide', function () { reloads.close(); });
  } catch (e) { /* no reloads */ }

  // --- the simulated phone: what getSystemInfoSync and its relatives report (mini-games-sdk-system), and the size
  // of the screen canvas. The simulator's device preset and orientation (C.device, as the simulator draws it),
  // never the desktop's monitor or window: adapters size the game from these numbers. Opened outside the
  // simulator, the phone's screen is shown scaled to fit the window, and touches are mapped back to it.
  var phone = (function () {
    var d = C.device || {}, w = d.width || 390, h = d.height || 844;
    return { width: w, height: h, status: d.statusBarHeight || 0, bottom: d.bottomHeight || 0, ratio: d.pixelRatio || 3, preset: d.preset || 'iphone', label: d.label || 'iPhone', orientation: d.orientation || (w > h ? 'landscape' : 'portrait') };
  })();
  function systemInfo() {
    var ios = phone.preset === 'iphone';
    var base = game && game.getSystemInfoSync ? game.getSystemInfoSync() : {};
    return Object.assign({}, base, {
      brand: ios ? 'Apple' : 'Google', model: phone.label, platform: ios ? 'ios' : 'android', system: ios ? 'iOS 17.0' : 'Android 14',
      screenWidth: phone.width, screenHeight: phone.height, windowWidth: phone.width, windowHeight: phone.height,
      pixelRatio: phone.ratio, devicePixelRatio: phone.ratio, deviceOrientation: phone.orientation, statusBarHeight: phone.status,
      // "Safe area in the positive direction of portrait mode": below the status bar, above the home indicator
      safeArea: { left: 0, right: phone.width, top: phone.status, bottom: phone.height - phone.bottom, width: phone.width, height: phone.height - phone.status - phone.bottom }
    });
  }
  function fit() {
    var scale = Math.min(window.innerWidth / phone.width, window.innerHeight / phone.height) || 1;
    canvas.style.width = phone.width * scale + 'px';
    canvas.style.height = phone.height * scale + 'px';
  }

  // --- boot ----------------------------------------------------------------------------------------------------
  function start() {
    var stop = function (message) { if (C.worker) C.worker.terminate(); show('error', message); };
    if (!game) { stop('the mock SDK did not load (/game/native.js): is the mock running?'); return; }
    if (!canvas.transferControlToOffscreen) { stop('this browser has no OffscreenCanvas: the host needs a current Chromium, Firefox or Safari'); return; }
    canvas.width = phone.width;  // the phone's window, in logical pixels (README: the on-screen canvas' size)
    canvas.height = phone.height;
    fit();
    window.addEventListener('resize', fit);
    var offscreen = canvas.transferControlToOffscreen();
    worker = C.worker || new Worker('/_mock/game/runtime.js', { name: 'game.js' });
    worker.onmessage = function (event) {
      var m = event.data || {};
      switch (m.type) {
        case 'call': onCall(m); break;
        case 'method': onMethod(m); break;
        case 'set': onSet(m); break;
        case 'wa': onAudio(m); break;
        case 'record': queueCall(m.call); break;
        case 'report': show(m.level, m.message, m.stack); break;
        case 'storage': onStorage(m); break;
        case 'fs-save': onFiles(m); break;
        case 'vibrate': try { if (navigator.vibrate) navigator.vibrate(m.ms); } catch (e) { /* none */ } break;
        case 'booted': document.body.dataset.game = 'booted'; break;
        case 'started': document.body.dataset.game = 'running'; break;
        default: break;
      }
    };
    worker.onerror = function (event) { event.preventDefault(); show('error', event.message || 'the game stopped'); };
    var info = systemInfo(), menu = C.device && C.device.menuButton ? C.device.menuButton : game.getMenuButtonBoundingClientRect ? game.getMenuButtonBoundingClientRect() : null;
    worker.postMessage({
      type: 'boot', bundle: !!C.worker, canvas: offscreen, files: C.files, pkg: C.pkg, subpackages: C.subpackages, launch: C.launch,
      trustedDomains: C.trustedDomains, token: C.token, declaration: C.declaration || {}, devBackend: C.devBackend || null, clientVersion: (TTMinis.__mock && TTMinis.__mock.clientVersion) || 'latest',
      apis: Object.keys(game), canIUse: {}, systemInfo: info, menuButton: menu, storage: storageSnapshot(), fs: filesSnapshot(),
      foreign: C.foreign || {}, webAssembly: C.webAssembly || 'both', allowApis: C.allowApis || [], allowable: C.allowable || [], pageOrigin: performance.timeOrigin
    }, [offscreen]);
  }
  start();
})();
