/* The desktop host's startup measurements in the game's worker (issue 33), for minis-py audit and dev's simulator.
 * This file and the host's runtime.js are served as one worker script, this first (the audit answers that request
 * itself; under `minis-py dev` the host's runtime.js route prepends it, with self.__minisStartupReport set), so it
 * holds the worker's own postMessage, requestAnimationFrame and fetch before the runtime keeps them: it sees every
 * message the runtime sends the page (booted, started, each SDK call and its result, each report) and the end of
 * every frame, with the worker's clock. Nothing of the game changes.
 *
 * - first paint: the end of the first task (a frame, or game.js itself) after which the screen canvas is not one
 *   colour. The check draws the canvas into a 48 × 48 copy (averaged) and compares the pixels; it runs at the end
 *   of each frame until it passes, at the end of game.js, at the end of each timer task (setTimeout, setInterval)
 *   and after each message to the worker (an SDK call's answer, an image loaded, a touch), so a game that draws
 *   from any of them is stamped at the task that drew, and every 100 ms besides.
 *   On a WebGL screen, reading the pixels waits for the GPU to finish what the game queued (in a software-rendering
 *   Chromium, ~100-200 ms for a three.js scene's first draw): there the check at the end of game.js and the timer's
 *   are left out while the game asks for frames, whose ends check it.
 * - time to interactive: the end of the first frame after game.js ran, the first paint, and a probe message
 *   posted then was handled: a message waits in the worker's queue as a touch does, so it is handled when the
 *   game's start-up work lets an input be. The probe is posted as soon as the check has found the paint, before
 *   the audit's picture of it (below), so the audit's own work is not in the wait. (The game's own startup
 *   report, when the host has one, is read by the audit from the SDK calls.)
 * - a filmstrip (the audit's): a small JPEG of the screen every FILM_MS of the load, taken at the end of a frame
 *   (a WebGL canvas' pixels are only readable then), and one at the first paint. The first paint's is a copy of
 *   the screen kept at the paint (createImageBitmap's snapshot: 0.1 ms in the game template's first frame, where
 *   scaling it there took 3 to 17 ms), scaled and encoded when the audit asks for it (A.picture(), once it has
 *   measured the load; a repeat's load, only timed, never asks).
 * - the audit's own work in the worker before the time to interactive (the checks, the pictures' copies and
 *   scaling), in ms: A.checkMs and A.pictureMs, the json report's audit_overhead_ms.
 * - under dev (self.__minisStartupReport: the mock's POST /_mock/startup): no filmstrip nor first-paint picture; once interactive, the first
 *   paint and time to interactive since the host page's navigation (its timeOrigin comes with the boot message)
 *   are sent to the mock, which shows them in the simulator as the last load's.
 */
(function () {
  'use strict';
  var G = self;
  var REPORT = typeof G.__minisStartupReport === 'string' ? G.__minisStartupReport : null;
  var FILM_MS = 200, FILM_MAX = REPORT ? 0 : 40, CALLS_MAX = 1000;
  var now = G.performance.now.bind(G.performance);  // bound now: the game's adapter may replace the global performance
  var A = {
    origin: G.performance.timeOrigin, booted: null, started: null, paint: null, probeSent: null, probeHandled: null, tti: null,
    frames: 0, checks: 0, checkMs: 0, pictureMs: 0, calls: [], reports: [], film: [], paintFrame: null, canvas: null
  };
  Object.defineProperty(G, '__minisAudit', { value: A, enumerable: false });
  Object.defineProperty(A, 'picture', { value: picture, enumerable: false });  // the audit's: the first paint's picture
  // kept now: the runtime hides OffscreenCanvas and postMessage from the game
  var post = G.postMessage.bind(G), raf = G.requestAnimationFrame.bind(G), setTimer = G.setTimeout.bind(G), Offscreen = G.OffscreenCanvas;
  var snapshot = typeof G.createImageBitmap === 'function' ? G.createImageBitmap.bind(G) : null;
  var send = G.fetch ? G.fetch.bind(G) : null, pageOrigin = null, reported = false;
  var screen = null, small = null, smallCtx = null, lastFilm = -Infinity;
  var kept = null;  // the first paint's copy until it is made a picture: {entry, bitmap (a promise)}
  var webgl = false, lastRequest = -Infinity;  // the screen's context is WebGL; when the game last asked for a frame

  // Until the first paint, the check also runs at the end of each timer task and after each message (the runtime
  // handles a message after this listener: the check is the task after it), not only every 100 ms: a game drawing
  // from a timer or a callback was stamped up to 100 ms late, or after whatever long task came next.
  function checkAfter(fn) {
    return function () {
      try { return fn.apply(this, arguments); } finally { if (A.paint === null) afterTask(false); }
    };
  }
  ['setTimeout', 'setInterval'].forEach(function (name) {
    var original = G[name];
    G[name] = function (fn) {
      if (typeof fn !== 'function' || A.paint !== null) return original.apply(G, arguments);
      var args = Array.prototype.slice.call(arguments);
      args[0] = checkAfter(fn);
      return original.apply(G, args);
    };
  });
  function checkSoon() { if (A.paint === null) afterTask(false); }

  var relayed = {};  // the page's answers to the platform APIs the runtime relays there (login, pay, ads, ...)
  G.addEventListener('message', function (event) {
    var m = event.data;
    if (A.paint === null && screen) setTimer(checkSoon, 0);
    if (m && m.type === 'boot' && m.canvas) { screen = m.canvas; pageOrigin = typeof m.pageOrigin === 'number' ? m.pageOrigin : null; watchContext(screen); }
    if (m && m.type === 'settle' && relayed[m.id] && A.calls.length < CALLS_MAX) {
      var v = m.value && typeof m.value === 'object' ? m.value : {};
      A.calls.push({ t: now(), call: { api: relayed[m.id], id: 'relay-' + m.id, result: m.ok ? {} : { error_code: v.error_code, error_msg: v.error_msg } } });
    }
  });
  G.postMessage = function (message, transfer) {
    try { observe(message); } catch (e) { /* never in the game's way */ }
    return transfer ? post(message, transfer) : post(message);
  };
  function observe(m) {
    if (!m || typeof m !== 'object') return;
    if (m.type === 'booted') A.booted = now();
    else if (m.type === 'started') { A.started = now(); afterTask(); }
    else if (m.type === 'record' && m.call && A.calls.length < CALLS_MAX) A.calls.push({ t: now(), call: m.call });
    else if (m.type === 'call' && typeof m.api === 'string' && A.calls.length < CALLS_MAX) {
      relayed[m.id] = 'TTMinis.game.' + m.api;
      A.calls.push({ t: now(), call: { api: relayed[m.id], id: 'relay-' + m.id } });
    }
    else if (m.type === 'report') A.reports.push({ t: now(), level: m.level, message: String(m.message) });
  }
  G.requestAnimationFrame = function (fn) {
    lastRequest = now();
    return raf(function (time) {
      try { fn(time); } finally { A.frames += 1; afterTask(true); }
    });
  };

  function watchContext(canvas) {
    var original = canvas.getContext;
    if (typeof original !== 'function') return;
    // the screen's own method, as the runtime's own width and height: what the game gets is the browser's context
    Object.defineProperty(canvas, 'getContext', {
      configurable: true, writable: true, enumerable: false,
      value: function getContext(type) {
        var context = original.apply(canvas, arguments);
        if (context && /webgl/i.test(String(type))) webgl = true;
        return context;
      }
    });
  }
  function afterTask(frame) {
    if (!screen) return;
    var t = now();
    // a WebGL screen is read at the end of a frame only, while the game asks for frames (see the top)
    var look = frame || !webgl || t - lastRequest >= 250;
    if (A.paint === null && look && !blank()) {
      A.paint = t;
      if (A.started !== null) probe();  // first: what the time to interactive waits on
      if (!REPORT) keep(t);  // under dev no picture is kept: no JPEG on the game's thread
    }
    if (A.paint !== null && A.started !== null) probe();
    if (frame && A.tti === null && A.probeHandled !== null) interactive(now());
    if (frame && t - lastFilm >= FILM_MS && A.film.length < FILM_MAX && (A.tti === null || t - A.tti < 1000)) thumbnail(t, 'frame', 240);
  }
  function interactive(t) {
    A.tti = t;
    report();
  }
  function poll() {
    if (A.paint === null) afterTask(false);
    // a game that draws once and asks for no frame: interactive when the probe was handled
    if (A.tti === null && A.probeHandled !== null && now() - A.probeHandled > 100) interactive(A.probeHandled);
    if (A.paint === null || A.tti === null) setTimer(poll, 100);
  }
  setTimer(poll, 100);

  // under dev: the last load's first paint and time to interactive, since the host page's navigation, to the mock
  function report() {
    if (!REPORT || reported || !send || A.paint === null || A.tti === null) return;
    reported = true;
    var base = pageOrigin === null ? 0 : A.origin - pageOrigin;
    var body = JSON.stringify({ game: true, page: 'game.js', firstPaint: base + A.paint, tti: base + A.tti });
    send(REPORT, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: body }).catch(function () { /* best effort */ });
  }

  function probe() {
    if (A.probeSent !== null) return;
    A.probeSent = now();
    var channel = new MessageChannel();
    channel.port2.onmessage = function () { A.probeHandled = now(); channel.port2.close(); };
    channel.port1.postMessage(0);
  }

  function copy(width, height) {  // the check's own canvas, kept from one check to the next
    if (!small) {
      small = new Offscreen(width, height);
      smallCtx = small.getContext('2d', { willReadFrequently: true });
    }
    smallCtx.clearRect(0, 0, width, height);
    smallCtx.imageSmoothingEnabled = true;
    smallCtx.imageSmoothingQuality = 'medium';
    smallCtx.drawImage(screen, 0, 0, width, height);
    return smallCtx;
  }
  function blank() {
    var t = now();
    A.checks += 1;
    try {
      if (!screen.width || !screen.height) return true;
      var data = copy(48, 48).getImageData(0, 0, 48, 48).data;
      for (var i = 4; i < data.length; i += 4) {
        if (Math.abs(data[i] - data[0]) > 4 || Math.abs(data[i + 1] - data[1]) > 4 || Math.abs(data[i + 2] - data[2]) > 4 || Math.abs(data[i + 3] - data[3]) > 4) return false;
      }
      return true;
    } catch (e) {
      return true;  // no context yet
    } finally {
      A.checkMs += now() - t;
    }
  }
  // The first paint's picture: a snapshot of the screen now (createImageBitmap copies the canvas' bitmap when
  // called, as the spec has it; the promise only delivers it), made a JPEG by picture() when the audit asks.
  function keep(t) {
    lastFilm = t;  // the first paint's picture stands for this frame's film thumbnail
    var began = now();
    try {
      var w = screen.width, h = screen.height;
      if (!w || !h) return;
      A.canvas = { width: w, height: h };
      if (!snapshot) { A.paintFrame = thumbnail(t, 'first-paint', 480); return; }
      var entry = { t: t, kind: 'first-paint', data: null };
      kept = { entry: entry, bitmap: snapshot(screen) };
      kept.bitmap.catch(function () { /* none */ });
      A.film.push(entry);
      A.paintFrame = entry;
    } catch (e) {
      kept = null;  // no picture
    } finally {
      if (A.tti === null) A.pictureMs += now() - began;
    }
  }
  function picture() {  // resolves once the first paint's JPEG is in A.film (or could not be made)
    if (!kept) return Promise.resolve();
    var entry = kept.entry, bitmap = kept.bitmap;
    kept = null;
    return bitmap.then(function (image) {
      try { return encode(entry, image, 480) || undefined; } finally { image.close(); }
    }).catch(function () { /* no picture */ });
  }
  function thumbnail(t, kind, side) {
    lastFilm = t;
    var entry = { t: t, kind: kind, data: null }, began = now();
    try {
      var w = screen.width, h = screen.height;
      if (!w || !h) return null;
      A.canvas = { width: w, height: h };
      if (!encode(entry, screen, side)) return null;
      A.film.push(entry);
      return entry;
    } finally {
      if (A.tti === null) A.pictureMs += now() - began;
    }
  }
  // `source` scaled to `side` at most, its JPEG (base64) into entry.data: a promise of that, false when it cannot be
  function encode(entry, source, side) {
    try {
      var w = source.width, h = source.height;
      if (!w || !h) return false;
      var scale = Math.min(1, side / Math.max(w, h));
      var width = Math.max(1, Math.round(w * scale)), height = Math.max(1, Math.round(h * scale));
      var taken = new Offscreen(width, height), ctx = taken.getContext('2d');
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'medium';
      ctx.drawImage(source, 0, 0, width, height);
      return taken.convertToBlob({ type: 'image/jpeg', quality: 0.7 }).then(function (blob) { return blob.arrayBuffer(); }).then(function (buffer) {
        var bytes = new Uint8Array(buffer), text = '';
        for (var i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
        entry.data = G.btoa(text);
      }, function () { /* none */ });
    } catch (e) {
      return false;
    }
  }
})();
