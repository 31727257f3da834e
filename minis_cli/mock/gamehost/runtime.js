/* minis-py desktop host: TikTok's native mini-game runtime, in a dedicated Worker (NATIVE_GAMES.md).
 *
 * game.js runs here, where there is no DOM, as on a phone: `document`, `window`, `localStorage`, `fetch`,
 * `XMLHttpRequest` and the other worker-only globals are not defined. It draws on the page's <canvas>, handed
 * over as an OffscreenCanvas; the page relays touches, keyboard, audio and the container's sheets (login, ads,
 * pay, missions, share: the mock SDK runs in the page and this runtime calls it through messages). One object is
 * TTMinis.game, tt and wx ("API namespace is compatible with tt, wx, and TTMinis.game"); GameGlobal is the
 * global object. Only the APIs TikTok's games SDK declares (minis_cli/sdk_api.json) for the simulated client
 * version exist; anything else is undefined, and the page reports the first use of each. */
// What game.js requires at start-up (see takeBundle), asked for first: the runtime below is a function not wrapped in
// parentheses, so compiling this script only pre-parses it (V8 compiles a parenthesized function eagerly: ~20 ms
// of parse before this request, traced, against ~3-6 ms now), and its full parse runs while the bundle downloads.
self.__minisStartup = self.fetch(self.location.pathname.replace(/[^/]*$/, '') + 'pkg/game.js?bundle');
!function () {
  'use strict';
  var G = self;
  // What the runtime itself needs, kept before the globals a native runtime lacks are hidden from the game.
  var native = {
    fetch: G.fetch.bind(G), XHR: G.XMLHttpRequest, WebSocket: G.WebSocket, post: G.postMessage.bind(G),
    Offscreen: G.OffscreenCanvas, bitmap: G.createImageBitmap.bind(G), FontFace: G.FontFace, fonts: G.fonts,
    raf: G.requestAnimationFrame.bind(G), caf: G.cancelAnimationFrame.bind(G),
    // bound now: an adapter may replace the global performance (ByteDance's sets it from tt.getPerformance, undefined on TikTok)
    now: G.performance.now.bind(G.performance),
    Blob: G.Blob, TextDecoder: G.TextDecoder, TextEncoder: G.TextEncoder, origin: G.location.origin,
    Response: G.Response, Decompress: G.DecompressionStream, WebAssembly: G.WebAssembly,
    addEventListener: G.addEventListener.bind(G)
  };
  // What game.js requires at start-up, asked for at the top of this script (see takeBundle): the package's files are
  // served next to it (routes/gamehost.py: /_mock/game/runtime.js, /_mock/game/pkg/...).
  var PKG = G.location.pathname.replace(/[^/]*$/, '') + 'pkg/';
  var startup = G.__minisStartup.then(function (r) { return r.ok ? r.arrayBuffer() : null; }).then(null, function () { return null; });
  delete G.__minisStartup;
  var HIDDEN = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'postMessage', 'onmessage', 'onmessageerror', 'close',
    'indexedDB', 'caches', 'OffscreenCanvas', 'createImageBitmap', 'Worker', 'SharedWorker', 'BroadcastChannel', 'location', 'navigator',
    'FontFace', 'fonts', 'Request', 'Response', 'Headers', 'FileReader', 'FileReaderSync'];
  // (document, window, localStorage, Image do not exist in a worker at all: using one is a ReferenceError, as on a phone)
  var USER_DATA_PATH = 'ttfile://user';
  var TEMP_PATH = 'ttfile://temp';
  var C = null;          // the boot message: files, device, launch, declaration, trusted domains, storage, fs
  var api = {};          // TTMinis.game = tt = wx
  var listeners = {};    // event name -> [fn]
  var screenCanvas = null, firstCanvas = true;

  // --- messages with the page ---------------------------------------------------------------------------
  var fnIds = new Map(), fns = {}, nextFn = 0, pending = {}, nextCall = 0, nextHandle = 0, handles = {};
  function fnRef(fn) {
    var id = fnIds.get(fn);
    if (!id) { id = ++nextFn; fnIds.set(fn, id); fns[id] = fn; }
    return { __fn: id };
  }
  function marshal(value, depth) {
    if (typeof value === 'function') return fnRef(value);
    if (value === null || typeof value !== 'object' || depth > 4) return value;
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value;
    var out = Array.isArray(value) ? [] : {};
    Object.keys(value).forEach(function (k) { out[k] = marshal(value[k], depth + 1); });
    return out;
  }
  function send(message) { native.post(message); }
  // An Error the game catches and logs (engines wrap their start-up in .catch(console.error)) is reported too: on a
  // phone it would be in the console, and here it is often why the screen stays black. Once per message.
  var loggedErrors = {};
  function reportLogged(args) {
    for (var i = 0; i < args.length; i++) {
      var e = args[i];
      if (e && typeof e === 'object' && typeof e.message === 'string' && typeof e.stack === 'string') {
        if (loggedErrors[e.message]) return;
        loggedErrors[e.message] = true;
        report('error', e.message + ' (caught and logged by the game)', e.stack);
        return;
      }
    }
  }
  function report(level, message, stack) { send({ type: 'report', level: level, message: level === 'error' ? explain(message, stack) : String(message), stack: stack ? String(stack) : '' }); }
  function describe(value, depth) {
    if (typeof value === 'function') return '[function]';
    if (value === undefined) return '[undefined]';
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'string') return value.length > 200 ? value.slice(0, 200) + '…' : value;
    if (value instanceof ArrayBuffer) return '[ArrayBuffer ' + value.byteLength + ']';
    if (depth > 2) return '[…]';
    if (typeof value === 'object') {
      var out = Array.isArray(value) ? [] : {};
      Object.keys(value).slice(0, 20).forEach(function (k) { out[k] = describe(value[k], depth + 1); });
      return out;
    }
    return String(value);
  }
  var callIds = 0;
  function record(name, args) {
    var id = 'host-' + (++callIds);
    send({ type: 'record', call: { api: 'TTMinis.game.' + name, id: id, args: Array.prototype.map.call(args, function (a) { return describe(a, 0); }) } });
    return id;
  }
  function recordResult(id, name, value) { send({ type: 'record', call: { api: 'TTMinis.game.' + name, id: id, result: describe(value, 0) } }); }
  function safe(fn, value) {
    if (typeof fn !== 'function') return;
    try { fn(value); } catch (e) { report('error', (e && e.message) || e, e && e.stack); }
  }
  function later(fn) { setTimeout(fn, 0); }
  function emit(name, value) { (listeners[name] || []).slice().forEach(function (fn) { safe(fn, value); }); }

  function onMessage(event) {
    var m = event.data || {};
    if (m.type === 'boot') return boot(m);
    if (m.type === 'touch') return emit(m.kind, m.event);
    if (m.type === 'event') return emit(m.name, m.value);
    if (m.type === 'callback') {
      var fn = fns[m.fn];
      if (fn) { try { fn.apply(null, m.args || []); } catch (e) { report('error', (e && e.message) || e, e && e.stack); } }
      return;
    }
    if (m.type === 'settle') {
      var p = pending[m.id];
      delete pending[m.id];
      if (p) { if (m.ok) p.resolve(m.value); else p.reject(m.value); }
      return;
    }
    if (m.type === 'props') {
      var h = handles[m.handle];
      if (h) Object.assign(h.props, m.props);
    }
  }
  native.addEventListener('message', onMessage);

  // A platform API the page's mock SDK answers (login, authorize, pay, ads, missions, share, ...).
  function call(name, args, handle) {
    var id = ++nextCall;
    var promise = new Promise(function (resolve, reject) { pending[id] = { resolve: resolve, reject: reject }; });
    send({ type: 'call', id: id, api: name, args: Array.prototype.map.call(args, function (a) { return marshal(a, 0); }), handle: handle });
    return promise;
  }
  function relayed(name) {
    return function () { call(name, arguments).catch(function () { /* answered through the callbacks */ }); };
  }
  // An object the page holds (an ad, an audio context): methods go there; listeners come back as callbacks.
  function remote(name, args, methods, props, promiseMethods) {
    var handle = ++nextHandle;
    var state = { props: {} };
    handles[handle] = state;
    call(name, args, handle).catch(function (e) { report('error', name + '(): ' + ((e && e.error_msg) || e)); });
    var object = {};
    methods.forEach(function (method) {
      object[method] = function () {
        var id = ++nextCall;
        var promise = new Promise(function (resolve, reject) { pending[id] = { resolve: resolve, reject: reject }; });
        send({ type: 'method', id: id, handle: handle, method: method, args: Array.prototype.map.call(arguments, function (a) { return marshal(a, 0); }) });
        if (promiseMethods && promiseMethods.indexOf(method) !== -1) return promise;
        promise.catch(function () { /* a listener's registration */ });
        return undefined;
      };
    });
    (props || []).forEach(function (prop) {
      Object.defineProperty(object, prop, {
        enumerable: true,
        get: function () { return state.props[prop]; },
        set: function (value) { state.props[prop] = value; send({ type: 'set', handle: handle, prop: prop, value: marshal(value, 0) }); }
      });
    });
    return object;
  }

  // --- calls: the declared shape, checked as the mock SDK checks it ------------------------------------------
  function gameError(code, message) { return { error_code: code, error_msg: message, error_extra: {} }; }
  function invalid(message) { return gameError(40001000, message); }
  /*__PARAMS__*/
  // An options API done here: impl(options) gives {data} | {error} | a promise of one | {task, result}.
  function options(name, impl) {
    return function (opts) {
      var id = record(name, arguments), spec = C.declaration[name] || {};
      var o = opts === undefined ? {} : opts;
      function answer(res) {
        later(function () {
          res = res || { data: {} };
          var value = res.error ? Object.assign({ error: res.error }, res.error) : res.data;
          recordResult(id, name, value);
          if (res.error) safe(o.fail, value); else safe(o.success, value);
          safe(o.complete, value);
        });
      }
      if (o === null || typeof o !== 'object' || Array.isArray(o)) { answer({ error: invalid('TTMinis.game.' + name + '() takes one options object ({ ...options, success, fail, complete })') }); return undefined; }
      var problem = checkParams(spec, o);
      if (problem) { answer({ error: invalid('TTMinis.game.' + name + '(): ' + problem) }); return undefined; }
      var result;
      try { result = impl(o); } catch (e) { result = { error: invalid('TTMinis.game.' + name + '(): ' + e.message) }; }
      var task = result && result.task;
      Promise.resolve(task ? result.result : result).then(answer, function (e) { answer({ error: invalid(String(e && e.message || e)) }); });
      return task;
    };
  }
  function sync(name, impl) {
    return function () {
      var id = record(name, arguments), value = impl.apply(null, arguments);
      recordResult(id, name, value);
      return value;
    };
  }
  function quiet(impl) { return impl; }  // per-frame APIs (touch listeners, rAF-adjacent): not logged each call

  // --- render: the canvas, images, fonts, frame rate ---------------------------------------------------------
  function createCanvas() {
    if (firstCanvas && screenCanvas) { firstCanvas = false; return screenCanvas; }  // the first is the screen
    firstCanvas = false;
    return addCanvasMethods(new native.Offscreen(300, 150));
  }
  // canvas.toDataURL (mini-games-sdk-canvas: "Returns the drawing content on the canvas as a string"): an
  // OffscreenCanvas has only the asynchronous convertToBlob, so the pixels are read and encoded to PNG here.
  var crcTable = null;
  function crc32(bytes) {
    if (!crcTable) {
      crcTable = new Int32Array(256);
      for (var n = 0; n < 256; n++) { var c = n; for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; crcTable[n] = c; }
    }
    var crc = -1;
    for (var i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ -1) >>> 0;
  }
  function encodePng(width, height, rgba) {
    var row = width * 4 + 1, raw = new Uint8Array(row * height);
    for (var y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * row + 1);  // filter 0
    var blocks = Math.max(1, Math.ceil(raw.length / 65535)), z = new Uint8Array(2 + raw.length + blocks * 5 + 4), at = 0;
    z[at++] = 0x78; z[at++] = 0x01;  // zlib, stored (no compression: exact and fast enough for a screenshot)
    for (var b = 0; b < blocks; b++) {
      var start = b * 65535, len = Math.min(65535, raw.length - start);
      z[at++] = b === blocks - 1 ? 1 : 0; z[at++] = len & 0xff; z[at++] = len >>> 8; z[at++] = ~len & 0xff; z[at++] = (~len >>> 8) & 0xff;
      z.set(raw.subarray(start, start + len), at); at += len;
    }
    var s1 = 1, s2 = 0;
    for (var i = 0; i < raw.length; i++) { s1 = (s1 + raw[i]) % 65521; s2 = (s2 + s1) % 65521; }
    z[at++] = s2 >>> 8; z[at++] = s2 & 0xff; z[at++] = s1 >>> 8; z[at++] = s1 & 0xff;
    function chunk(type, data) {
      var out = new Uint8Array(12 + data.length), view = new DataView(out.buffer);
      view.setUint32(0, data.length);
      for (var t = 0; t < 4; t++) out[4 + t] = type.charCodeAt(t);
      out.set(data, 8);
      view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
      return out;
    }
    var header = new Uint8Array(13), hv = new DataView(header.buffer);
    hv.setUint32(0, width); hv.setUint32(4, height); header[8] = 8; header[9] = 6;  // 8-bit RGBA
    var parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', z.subarray(0, at)), chunk('IEND', new Uint8Array(0))];
    var total = parts.reduce(function (n, p) { return n + p.length; }, 0), png = new Uint8Array(total), pos = 0;
    parts.forEach(function (p) { png.set(p, pos); pos += p.length; });
    return png.buffer;
  }
  function toDataURL(canvas) {
    var w = canvas.width, h = canvas.height;
    if (!w || !h) return 'data:,';
    var copy = new native.Offscreen(w, h), ctx = copy.getContext('2d');
    ctx.drawImage(canvas, 0, 0);
    return 'data:image/png;base64,' + b64(encodePng(w, h, ctx.getImageData(0, 0, w, h).data));
  }
  function addCanvasMethods(canvas) {
    // A phone's canvas takes any value for its size as an HTML canvas does (WebIDL unsigned long: undefined or NaN
    // is 0); an OffscreenCanvas's setters are [EnforceRange] and throw on them (PixiJS 8 sets width = undefined).
    ['width', 'height'].forEach(function (name) {
      var proto = Object.getPrototypeOf(canvas), found = null;
      while (proto && !(found = Object.getOwnPropertyDescriptor(proto, name))) proto = Object.getPrototypeOf(proto);
      if (!found || !found.set || !found.get) return;
      Object.defineProperty(canvas, name, {
        configurable: true, enumerable: true,
        get: function () { return found.get.call(canvas); },
        set: function (value) { found.set.call(canvas, Number(value) >>> 0); }
      });
    });
    if (!canvas.toDataURL) canvas.toDataURL = function () { return toDataURL(canvas); };
    if (!canvas.toTempFilePath) {
      canvas.toTempFilePath = function (o) {
        var opts = o || {};
        canvas.convertToBlob({ type: opts.fileType === 'jpg' ? 'image/jpeg' : 'image/png', quality: opts.quality }).then(function (blob) {
          return blob.arrayBuffer();
        }).then(function (bytes) {
          var path = TEMP_PATH + '/canvas-' + (++tempCount) + (opts.fileType === 'jpg' ? '.jpg' : '.png');
          fs.put(path, bytes);
          safe(opts.success, { tempFilePath: path }); safe(opts.complete, { tempFilePath: path });
        }, function (e) { var err = gameError(21101, 'toTempFilePath: ' + e.message); safe(opts.fail, err); safe(opts.complete, err); });
      };
    }
    return canvas;
  }
  var tempCount = 0;
  function packageUrl(path) { return C.pkg + path; }
  function resolveAsset(src) {
    if (/^(data|blob|https?):/i.test(src)) return { url: src };
    if (src.indexOf('ttfile://') === 0) return { file: src };
    var path = resolvePath('', src);
    return { url: packageUrl(path) };
  }
  function HostImage() {
    var self = this, src = '', listenersOf = { load: [], error: [] };
    this.width = 0; this.height = 0; this.naturalWidth = 0; this.naturalHeight = 0; this.complete = false;
    this.onload = null; this.onerror = null; this.__bitmap = null;
    this.addEventListener = function (type, fn) { if (listenersOf[type]) listenersOf[type].push(fn); };
    this.removeEventListener = function (type, fn) { if (listenersOf[type]) listenersOf[type] = listenersOf[type].filter(function (f) { return f !== fn; }); };
    function fire(type, event) {
      if (typeof self['on' + type] === 'function') safe(self['on' + type].bind(self), event);
      listenersOf[type].slice().forEach(function (fn) { safe(fn.bind(self), event); });
    }
    Object.defineProperty(this, 'src', {
      enumerable: true,
      get: function () { return src; },
      set: function (value) {
        var data = value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? value : null;  // "URL, base64 content, or ArrayBuffer data"
        if (!data && (value === '' || value === null || value === undefined)) {
          // engines release an image this way (img.src = ''): nothing to load, so no request and no report
          src = ''; self.__bitmap = null; self.complete = false;
          self.width = self.height = self.naturalWidth = self.naturalHeight = 0;
          return;
        }
        src = data ? value : String(value);
        self.complete = false;
        var where = data ? {} : resolveAsset(src);
        var bytes = data ? Promise.resolve(new native.Blob([data])) : where.file ? Promise.resolve(fs.get(where.file)).then(function (data) {
          if (data === undefined) throw new Error('no such file ' + where.file);
          return new native.Blob([data]);
        }) : native.fetch(where.url).then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status + ' for ' + src); return r.blob(); });
        bytes.then(function (blob) { return native.bitmap(blob); }).then(function (bitmap) {
          if (src !== (data ? value : String(value))) return;  // a newer src won
          self.__bitmap = bitmap;
          self.width = self.naturalWidth = bitmap.width; self.height = self.naturalHeight = bitmap.height;
          self.complete = true;
          fire('load', { type: 'load', target: self });
        }, function (e) {
          report('warn', 'createImage: could not load ' + src + ' (' + e.message + ')');
          fire('error', { type: 'error', target: self, message: e.message });
        });
      }
    });
  }
  function unwrapImages(proto, method) {
    if (!proto || !proto[method]) return;
    var original = proto[method];
    proto[method] = function () {
      var args = Array.prototype.slice.call(arguments);
      for (var i = 0; i < args.length; i++) if (args[i] instanceof HostImage) { if (!args[i].__bitmap) return undefined; args[i] = args[i].__bitmap; }
      return original.apply(this, args);
    };
  }
  unwrapImages(G.OffscreenCanvasRenderingContext2D && G.OffscreenCanvasRenderingContext2D.prototype, 'drawImage');
  unwrapImages(G.OffscreenCanvasRenderingContext2D && G.OffscreenCanvasRenderingContext2D.prototype, 'createPattern');
  ['WebGLRenderingContext', 'WebGL2RenderingContext'].forEach(function (name) {
    var proto = G[name] && G[name].prototype;
    unwrapImages(proto, 'texImage2D');
    unwrapImages(proto, 'texSubImage2D');
  });
  function createImage() { return new HostImage(); }
  var fontCount = 0;
  function loadFont(path) {
    if (!native.FontFace || typeof path !== 'string' || !path) return null;
    var family = 'ttminis-font-' + (++fontCount), where = resolveAsset(path);
    new native.FontFace(family, 'url(' + (where.url || '') + ')').load().then(function (face) { native.fonts.add(face); }, function () {
      report('warn', 'loadFont: could not load ' + path);
    });
    return family;
  }
  var frameInterval = 0, lastFrame = 0;
  function setPreferredFramesPerSecond(value) {
    var fps = Number(value && typeof value === 'object' ? value.fps : value);
    if (!(fps >= 1 && fps <= 60)) throw new Error('setPreferredFramesPerSecond(): fps is 1 to 60');
    frameInterval = fps >= 60 ? 0 : 1000 / fps;
  }
  function requestAnimationFrame(fn) {
    if (!frameInterval) return native.raf(fn);
    var id = { current: 0 };
    function tick(time) {
      if (time - lastFrame >= frameInterval - 1) { lastFrame = time; fn(time); } else id.current = native.raf(tick);
    }
    id.current = native.raf(tick);
    return id.current;
  }

  // --- WebAssembly: TTWebAssembly ------------------------------------------------------------------------------
  // TikTok: "Added support for loading Wasm files using TTWebAssembly" (mini-games-base-library-update-log, SDK
  // 0.6.0 / TikTok 43.4.0), nothing more. The shape is Douyin's, whose exports TikTok runs (developer.open-douyin.com
  // mini-game .../basic-function/web-assembly): a global TTWebAssembly whose compile(path) and instantiate(path,
  // importObject) take a wasm file of the package (also brotli-compressed *.wasm.br) and resolve a Module /
  // { module, instance }, rejecting when the file cannot be read, compiled or linked; Module, Instance, Memory,
  // Table, Global as the standard's. Whether the plain `WebAssembly` global exists on TikTok is not documented:
  // the mock's choice, the setting game_webassembly ("both": it stays; "tt": only TTWebAssembly, as Douyin).
  function wasmBytes(path) {
    if (typeof path !== 'string' || !path || /^[a-z][a-z0-9+.-]*:/i.test(path)) {
      return Promise.reject(new TypeError('TTWebAssembly: the path must be a wasm file of the package, not ' + (typeof path === 'string' ? JSON.stringify(path) : typeof path)));
    }
    var rel = resolvePath('', path);
    if (!isFile(rel)) return Promise.reject(new Error('TTWebAssembly: ' + path + ' is not a file of the package'));
    // *.wasm.br: the mock serves the bytes with Content-Encoding: br, so the browser inflates them
    return native.fetch(packageUrl(rel) + (/\.br$/i.test(rel) ? '?br' : '')).then(function (r) {
      if (!r.ok) throw new Error('TTWebAssembly: could not read ' + path + ' (HTTP ' + r.status + ')');
      return r.arrayBuffer();
    });
  }
  function ttWebAssembly() {
    var W = native.WebAssembly;
    return {
      compile: function (path) { return wasmBytes(path).then(function (bytes) { return W.compile(bytes); }); },
      instantiate: function (path, imports) {
        return wasmBytes(path).then(function (bytes) { return W.instantiate(bytes, imports || {}); });
      },
      Module: W.Module, Instance: W.Instance, Memory: W.Memory, Table: W.Table, Global: W.Global
    };
  }

  // --- system ------------------------------------------------------------------------------------------------
  function clone(value) { return value === undefined ? undefined : JSON.parse(JSON.stringify(value)); }
  function getSystemInfoSync() { return clone(C.systemInfo); }
  function getWindowInfo() {
    var s = C.systemInfo;
    return { pixelRatio: s.pixelRatio, screenWidth: s.screenWidth, screenHeight: s.screenHeight, windowWidth: s.windowWidth, windowHeight: s.windowHeight, statusBarHeight: s.statusBarHeight, safeArea: clone(s.safeArea) };
  }
  // TikTok lists getWindowInfo (base library 0.2.0 / TikTok 42.8.0) but shows no shape; WeChat's wx.getWindowInfo()
  // returns the object synchronously, and engines' adapters read it so (Cocos Creator 3.8: getWindowInfo().pixelRatio
  // while its engine module loads). So the value is returned, and an options object's callbacks get it too.
  function returnsOrAnswers(name, impl) {
    var now = sync(name, impl), answering = options(name, function () { return { data: impl() }; });
    return function (opts) {
      if (opts === undefined) return now();
      answering(opts);
      return impl();
    };
  }
  function launchOptions() { return clone(C.launch); }
  function canIUse(name) {
    if (typeof name !== 'string') return false;
    if (Object.prototype.hasOwnProperty.call(C.canIUse, name)) return C.canIUse[name];
    var parts = name.split('.'), methods = ((C.declaration[parts[0]] || {}).methods) || {};
    if (parts.length >= 2 && Object.prototype.hasOwnProperty.call(methods, parts[1])) return Object.prototype.hasOwnProperty.call(api, parts[0]) && atLeast(methods[parts[1]].since);
    return Object.prototype.hasOwnProperty.call(api, parts[0]);
  }
  function getMenuButtonBoundingClientRect() { return clone(C.menuButton); }
  var brightness = 0.5, keepOn = false;
  function getUpdateManager() {
    return {
      applyUpdate: function () {}, onUpdateReady: function () {}, onUpdateFailed: function () {},
      onCheckForUpdate: function (fn) { later(function () { safe(fn, { hasUpdate: false }); }); }
    };
  }

  // --- storage: per mock user, kept by the page (the same storage the mock SDK's pages use) ------------------
  var storage = {};
  function storageSize() { var n = 0; Object.keys(storage).forEach(function (k) { n += k.length + JSON.stringify({ data: storage[k] }).length; }); return Math.ceil(n / 1024); }
  function setStorageSync(key, data) {
    if (typeof key !== 'string' || !key) throw new Error('setStorageSync: key must be a non-empty string');
    var value = data === undefined ? null : clone(data);
    storage[key] = value;
    send({ type: 'storage', op: 'set', key: key, data: value });
  }
  function getStorageSync(key) { return Object.prototype.hasOwnProperty.call(storage, key) ? clone(storage[key]) : ''; }
  function removeStorageSync(key) { delete storage[key]; send({ type: 'storage', op: 'remove', key: key }); }
  function clearStorageSync() { storage = {}; send({ type: 'storage', op: 'clear' }); }
  function getStorageInfoSync() { return { keys: Object.keys(storage), currentSize: storageSize(), limitSize: 10240 }; }

  // --- files: env.USER_DATA_PATH and temp files in memory (saved by the page for the session); the package's
  // own files read only ---------------------------------------------------------------------------------------
  var fs = {
    files: {}, dirs: {},
    put: function (path, data) { this.files[path] = data; saveFiles(); },
    get: function (path) {
      if (Object.prototype.hasOwnProperty.call(this.files, path)) return this.files[path];
      if (path.indexOf('ttfile://') === 0) return undefined;
      var rel = resolvePath('', path);
      if (!isFile(rel)) return undefined;
      return loadBytes(packageUrl(rel));
    }
  };
  var saveTimer = null;
  function saveFiles() {
    if (saveTimer) return;
    saveTimer = setTimeout(function () {
      saveTimer = null;
      var out = {};
      Object.keys(fs.files).forEach(function (p) { var v = fs.files[p]; out[p] = typeof v === 'string' ? { text: v } : { bytes: v.slice(0) }; });
      send({ type: 'fs-save', files: out, dirs: Object.keys(fs.dirs) });
    }, 100);
  }
  function fsError(apiName, message) { return gameError(21101, apiName + ':fail ' + message); }
  function writable(path) { return typeof path === 'string' && (path === USER_DATA_PATH || path.indexOf(USER_DATA_PATH + '/') === 0 || path.indexOf(TEMP_PATH + '/') === 0); }
  function toBytes(data, encoding) {
    if (data instanceof ArrayBuffer) return data.slice(0);
    if (ArrayBuffer.isView(data)) return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    var text = String(data);
    if (encoding === 'base64') { var bin = atob(text), out = new Uint8Array(bin.length); for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i); return out.buffer; }
    return new native.TextEncoder().encode(text).buffer;
  }
  function fromBytes(data, encoding) {
    if (!encoding || encoding === 'binary') return typeof data === 'string' ? new native.TextEncoder().encode(data).buffer : data.slice(0);
    if (typeof data === 'string') return data;
    if (encoding === 'base64') { var bytes = new Uint8Array(data), s = ''; for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]); return btoa(s); }
    return new native.TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'utf-8').decode(data);
  }
  function parentOf(path) { return path.slice(0, path.lastIndexOf('/')); }
  function dirExists(path) {
    if (path === USER_DATA_PATH || path === TEMP_PATH || fs.dirs[path]) return true;
    var prefix = path.replace(/\/$/, '') + '/';
    return Object.keys(fs.files).some(function (p) { return p.indexOf(prefix) === 0; });
  }
  var FS = {
    readFile: function (o) {
      var data = fs.get(o.filePath);
      if (data === undefined) throw fsError('readFile', 'no such file or directory, open ' + o.filePath);
      return { data: fromBytes(data, o.encoding) };
    },
    writeFile: function (o) {
      if (!writable(o.filePath)) throw fsError('writeFile', 'permission denied, open ' + o.filePath + ' (only under env.USER_DATA_PATH)');
      if (!dirExists(parentOf(o.filePath))) throw fsError('writeFile', 'no such file or directory, open ' + o.filePath);
      fs.put(o.filePath, o.encoding && typeof o.data === 'string' && o.encoding !== 'utf8' && o.encoding !== 'utf-8' ? toBytes(o.data, o.encoding) : (typeof o.data === 'string' ? o.data : toBytes(o.data)));
      return {};
    },
    appendFile: function (o) {
      var old = fs.files[o.filePath];
      if (old === undefined) throw fsError('appendFile', 'no such file or directory, open ' + o.filePath);
      var a = new Uint8Array(toBytes(old)), b = new Uint8Array(toBytes(o.data, o.encoding)), out = new Uint8Array(a.length + b.length);
      out.set(a); out.set(b, a.length);
      fs.put(o.filePath, typeof old === 'string' && typeof o.data === 'string' ? old + o.data : out.buffer);
      return {};
    },
    access: function (o) {
      if (fs.get(o.path) === undefined && !dirExists(o.path)) throw fsError('access', 'no such file or directory ' + o.path);
      return {};
    },
    mkdir: function (o) {
      if (!writable(o.dirPath)) throw fsError('mkdir', 'permission denied, open ' + o.dirPath);
      if (dirExists(o.dirPath)) throw fsError('mkdir', 'file already exists ' + o.dirPath);
      if (!o.recursive && !dirExists(parentOf(o.dirPath))) throw fsError('mkdir', 'no such file or directory ' + o.dirPath);
      var parts = o.dirPath.slice('ttfile://'.length).split('/'), path = 'ttfile:/';
      parts.forEach(function (p) { path += '/' + p; if (path !== USER_DATA_PATH && path !== TEMP_PATH) fs.dirs[path] = true; });
      saveFiles();
      return {};
    },
    rmdir: function (o) {
      if (!dirExists(o.dirPath)) throw fsError('rmdir', 'no such file or directory ' + o.dirPath);
      var prefix = o.dirPath.replace(/\/$/, '') + '/';
      var inside = Object.keys(fs.files).filter(function (p) { return p.indexOf(prefix) === 0; });
      if (inside.length && !o.recursive) throw fsError('rmdir', 'directory not empty ' + o.dirPath);
      inside.forEach(function (p) { delete fs.files[p]; });
      Object.keys(fs.dirs).forEach(function (d) { if (d === o.dirPath || d.indexOf(prefix) === 0) delete fs.dirs[d]; });
      saveFiles();
      return {};
    },
    readdir: function (o) {
      if (!dirExists(o.dirPath)) throw fsError('readdir', 'no such file or directory ' + o.dirPath);
      var prefix = o.dirPath.replace(/\/$/, '') + '/', names = {};
      Object.keys(fs.files).concat(Object.keys(fs.dirs)).forEach(function (p) { if (p.indexOf(prefix) === 0) names[p.slice(prefix.length).split('/')[0]] = true; });
      return { files: Object.keys(names).sort() };
    },
    stat: function (o) {
      var data = fs.get(o.path);
      if (data === undefined && !dirExists(o.path)) throw fsError('stat', 'no such file or directory ' + o.path);
      var isDir = data === undefined, size = isDir ? 0 : (typeof data === 'string' ? new native.TextEncoder().encode(data).length : data.byteLength);
      return { stats: { size: size, mode: isDir ? 16877 : 33188, lastAccessedTime: 0, lastModifiedTime: 0, isDirectory: function () { return isDir; }, isFile: function () { return !isDir; } } };
    },
    unlink: function (o) {
      if (fs.files[o.filePath] === undefined) throw fsError('unlink', 'no such file or directory ' + o.filePath);
      delete fs.files[o.filePath]; saveFiles();
      return {};
    },
    rename: function (o) {
      if (fs.files[o.oldPath] === undefined) throw fsError('rename', 'no such file or directory ' + o.oldPath);
      if (!writable(o.newPath)) throw fsError('rename', 'permission denied ' + o.newPath);
      fs.files[o.newPath] = fs.files[o.oldPath]; delete fs.files[o.oldPath]; saveFiles();
      return {};
    },
    copyFile: function (o) {
      var data = fs.get(o.srcPath);
      if (data === undefined) throw fsError('copyFile', 'no such file or directory ' + o.srcPath);
      if (!writable(o.destPath)) throw fsError('copyFile', 'permission denied ' + o.destPath);
      fs.put(o.destPath, typeof data === 'string' ? data : data.slice(0));
      return {};
    }
  };
  // readCompressedFile({ filePath, compressionAlgorithm: 'br' }) / readCompressedFileSync(same): TikTok's changelog
  // (SDK 0.18.0 / client 44.6.0: "Added new APIs FileSystemManager.readCompressedFile ... to read compressed file"),
  // nothing more; Douyin's pages give the shape: a package file or a user file, 'br' only, success { data: ArrayBuffer }
  // (what a Unity converter's data package, *.webgl.data.unityweb.bin.br, is read with). The browser inflates: a
  // package file comes with Content-Encoding: br (?br), a user file's bytes go to the mock and come back so.
  function readCompressed(o) {
    if (o.compressionAlgorithm !== 'br') throw fsError('readCompressedFile', 'invalid param: compressionAlgorithm must be \'br\', not ' + JSON.stringify(o.compressionAlgorithm));
    if (typeof o.filePath !== 'string' || !o.filePath) throw fsError('readCompressedFile', 'invalid param: filePath must be a file path');
    var xhr = new native.XHR(), user = Object.prototype.hasOwnProperty.call(fs.files, o.filePath), data;
    if (user) {
      data = fs.files[o.filePath];
      xhr.open('POST', '/_mock/game/inflate', false);
      xhr.setRequestHeader('x-minis-token', C.token || '');
    } else {
      var rel = o.filePath.indexOf('ttfile://') === 0 ? null : resolvePath('', o.filePath);
      if (rel === null || !isFile(rel)) throw fsError('readCompressedFile', 'no such file or directory ' + o.filePath);
      xhr.open('GET', packageUrl(rel) + '?br', false);
    }
    xhr.overrideMimeType('text/plain; charset=x-user-defined');
    try { xhr.send(user ? toBytes(data) : null); } catch (e) { xhr = null; }  // the browser could not inflate it
    if (!xhr || xhr.status !== 200) throw fsError('readCompressedFile', 'brotli decompress fail ' + o.filePath);
    var text = xhr.responseText, out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
    return { data: out.buffer };
  }
  FS.readCompressedFile = readCompressed;
  function unzipEntries(buffer) {
    var view = new DataView(buffer), bytes = new Uint8Array(buffer), end = -1;
    for (var i = buffer.byteLength - 22; i >= Math.max(0, buffer.byteLength - 65557); i--) if (view.getUint32(i, true) === 0x06054b50) { end = i; break; }
    if (end < 0) return Promise.reject(new Error('not a zip archive'));
    var count = view.getUint16(end + 10, true), at = view.getUint32(end + 16, true), jobs = [];
    for (var n = 0; n < count; n++) {
      if (view.getUint32(at, true) !== 0x02014b50) return Promise.reject(new Error('a broken zip central directory'));
      var method = view.getUint16(at + 10, true), size = view.getUint32(at + 20, true), nameLength = view.getUint16(at + 28, true);
      var extra = view.getUint16(at + 30, true), comment = view.getUint16(at + 32, true), local = view.getUint32(at + 42, true);
      var name = new native.TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
      var start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      var raw = bytes.slice(start, start + size);
      jobs.push(inflate(method, raw).then(function (entryName) { return function (out) { return { name: entryName, data: out }; }; }(name)));
      at += 46 + nameLength + extra + comment;
    }
    return Promise.all(jobs);
  }
  function inflate(method, raw) {
    if (method === 0) return Promise.resolve(raw.buffer);
    if (method !== 8) return Promise.reject(new Error('zip compression method ' + method + ' is not supported'));
    var stream = new native.Blob([raw]).stream().pipeThrough(new native.Decompress('deflate-raw'));
    return new native.Response(stream).arrayBuffer();
  }
  var SYNC_RESULT = { readFile: 'data', readdir: 'files', stat: 'stats', readCompressedFile: 'data' };
  var SYNC_ARGS = {
    readFile: ['filePath', 'encoding'], writeFile: ['filePath', 'data', 'encoding'], appendFile: ['filePath', 'data', 'encoding'],
    access: ['path'], mkdir: ['dirPath', 'recursive'], rmdir: ['dirPath', 'recursive'], readdir: ['dirPath'], stat: ['path'],
    unlink: ['filePath'], rename: ['oldPath', 'newPath'], copyFile: ['srcPath', 'destPath'],
    readCompressedFile: null  // its Sync form takes the options object (Douyin's readCompressedFileSync(params))
  };
  var fileManager = null;
  function getFileSystemManager() {
    if (fileManager) return fileManager;
    fileManager = {};
    Object.keys(FS).forEach(function (name) {
      fileManager[name] = function (o) {
        var opts = o || {};
        later(function () {
          var value;
          try { value = FS[name](opts); } catch (e) { var err = e && e.error_code ? e : fsError(name, e.message); safe(opts.fail, err); safe(opts.complete, err); return; }
          safe(opts.success, value); safe(opts.complete, value);
        });
      };
      fileManager[name + 'Sync'] = function () {
        var opts = {}, args = arguments;
        if (SYNC_ARGS[name]) SYNC_ARGS[name].forEach(function (key, i) { opts[key] = args[i]; });
        else opts = args[0] || {};
        try {
          var value = FS[name](opts);
          return SYNC_RESULT[name] ? value[SYNC_RESULT[name]] : undefined;
        } catch (e) {
          var error = new Error(e.error_msg || e.message);
          error.error_code = e.error_code; error.errMsg = e.error_msg;
          throw error;
        }
      };
    });
    // unzip({ zipFilePath, targetPath }): the archive's files written under targetPath (stored and deflated
    // entries; inflated with the browser's DecompressionStream).
    fileManager.unzip = function (o) {
      var opts = o || {};
      function failed(message) { var err = fsError('unzip', message); safe(opts.fail, err); safe(opts.complete, err); }
      var data = typeof opts.zipFilePath === 'string' ? fs.get(opts.zipFilePath) : undefined;
      if (data === undefined) return later(function () { failed('no such file or directory ' + opts.zipFilePath); });
      if (!writable(opts.targetPath)) return later(function () { failed('permission denied ' + opts.targetPath + ' (only under env.USER_DATA_PATH)'); });
      unzipEntries(typeof data === 'string' ? toBytes(data) : data).then(function (entries) {
        var target = opts.targetPath.replace(/\/$/, '');
        entries.forEach(function (entry) {
          if (/(^|\/)\.\.(\/|$)/.test(entry.name) || entry.name.charAt(0) === '/') throw new Error('unsafe path in the archive: ' + entry.name);
          if (entry.name.slice(-1) === '/') fs.dirs[target + '/' + entry.name.slice(0, -1)] = true;
          else fs.put(target + '/' + entry.name, entry.data);
        });
        fs.dirs[target] = true;
        saveFiles();
        safe(opts.success, {}); safe(opts.complete, {});
      }).catch(function (e) { failed(e.message); });
    };
    return fileManager;
  }

  // --- network: trusted domains only (21100), made by the mock (a native runtime has no CORS) -------------
  function trusted(url) {
    var parsed;
    try { parsed = new URL(url); } catch (e) { return false; }
    var host = parsed.hostname.toLowerCase();
    if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1') return true;  // the developer's own backend (dev only)
    if (parsed.origin === native.origin) return true;
    if (!C.trustedDomains || !C.trustedDomains.length) return true;
    return C.trustedDomains.some(function (domain) {
      var d = String(domain).replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
      return parsed.host.toLowerCase() === d || host === d || (d.charAt(0) === '*' && host.slice(-d.length + 1) === d.slice(1));
    });
  }
  function absolute(url) { try { return new URL(url).href; } catch (e) { return null; } }
  function b64(bytes) { var a = new Uint8Array(bytes), s = ''; for (var i = 0; i < a.length; i += 0x8000) s += String.fromCharCode.apply(null, a.subarray(i, i + 0x8000)); return btoa(s); }
  function unb64(text) { var bin = atob(text || ''), out = new Uint8Array(bin.length); for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i); return out.buffer; }
  function relayFetch(url, method, headers, body, signal) {
    return native.fetch('/_mock/game/fetch', {
      method: 'POST', signal: signal, headers: { 'content-type': 'application/json', 'x-minis-token': C.token || '' },
      body: JSON.stringify({ url: url, method: method, headers: headers, body: body === undefined ? undefined : b64(body) })
    }).then(function (r) { return r.json(); }).then(function (res) {
      if (res && res.notice) report('warn', res.notice);  // the mock's word on the download (a Cocos export's remote/ served)
      return res;
    });
  }
  function request(o) {
    var url = absolute(o.url);
    if (!url) return { error: invalid('request(): url must be an absolute http(s) URL, not ' + JSON.stringify(o.url)) };
    if (!trusted(url)) return { error: gameError(21100, 'URL not in domain list: ' + url) };
    var method = String(o.method || 'GET').toUpperCase(), headers = Object.assign({}, o.header || {}), body;
    if (o.data !== undefined && method !== 'GET' && method !== 'HEAD') {
      if (typeof o.data === 'string') body = toBytes(o.data);
      else if (o.data instanceof ArrayBuffer || ArrayBuffer.isView(o.data)) body = toBytes(o.data);
      else {
        body = toBytes(JSON.stringify(o.data));
        if (!Object.keys(headers).some(function (h) { return h.toLowerCase() === 'content-type'; })) headers['content-type'] = 'application/json';
      }
    } else if (o.data && typeof o.data === 'object' && method === 'GET') {
      url += (url.indexOf('?') === -1 ? '?' : '&') + Object.keys(o.data).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(o.data[k]); }).join('&');
    }
    var controller = new AbortController(), aborted = false, timedOut = false;
    var timer = o.timeout ? setTimeout(function () { timedOut = true; controller.abort(); }, o.timeout) : null;
    var result = relayFetch(url, method, headers, body, controller.signal).then(function (res) {
      if (res.error) return { error: res.error };
      var raw = unb64(res.body), data;
      if (o.responseType === 'arraybuffer') data = raw;
      else {
        data = new native.TextDecoder().decode(raw);
        if ((o.dataType || 'json') === 'json') { try { data = JSON.parse(data); } catch (e) { /* the text */ } }
      }
      return { data: { data: data, statusCode: res.status, header: res.headers } };
    }, function () {
      return { error: aborted ? gameError(21199, 'request aborted (mock-only code)') : timedOut ? gameError(21103, 'Request timeout') : gameError(10401, 'Server error: could not reach ' + url) };
    }).then(function (res) { if (timer) clearTimeout(timer); return res; });
    return { task: { abort: function () { aborted = true; controller.abort(); }, onHeadersReceived: function () {}, offHeadersReceived: function () {} }, result: result };
  }
  function downloadFile(o) {
    var url = absolute(o.url);
    if (!url) return { error: invalid('downloadFile(): url must be an absolute http(s) URL') };
    if (!trusted(url)) return { error: gameError(21100, 'URL not in domain list: ' + url) };
    var progress = [];
    var result = relayFetch(url, 'GET', Object.assign({}, o.header || {})).then(function (res) {
      if (res.error) return { error: res.error };
      var bytes = unb64(res.body);
      var name = url.split('?')[0].split('/').pop() || 'download';
      var path = o.filePath || TEMP_PATH + '/' + (++tempCount) + '-' + name;
      fs.put(path, bytes);
      progress.forEach(function (fn) { safe(fn, { progress: 100, totalBytesWritten: bytes.byteLength, totalBytesExpectedToWrite: bytes.byteLength }); });
      return { data: { tempFilePath: o.filePath ? undefined : path, filePath: o.filePath, statusCode: res.status } };
    }, function () { return { error: gameError(10401, 'Server error: could not download ' + url) }; });
    return { task: { abort: function () {}, onProgressUpdate: function (fn) { progress.push(fn); }, offProgressUpdate: function (fn) { progress = progress.filter(function (f) { return f !== fn; }); } }, result: result };
  }
  function connectSocket(o) {
    var url = absolute(o.url);
    if (!url || !/^wss?:/i.test(url)) return { error: invalid('connectSocket(): url must be a ws:// or wss:// URL') };
    if (!trusted(url.replace(/^ws/i, 'http'))) return { error: gameError(21100, 'URL not in domain list: ' + url) };
    var socket = new native.WebSocket(url, o.protocols);
    socket.binaryType = 'arraybuffer';
    function listen(type, map) { return function (fn) { socket.addEventListener(type, function (e) { safe(fn, map(e)); }); }; }
    var task = {
      send: function (s) { try { socket.send(s.data); safe(s.success, {}); } catch (e) { safe(s.fail, gameError(10401, 'Server error: ' + e.message)); } safe(s.complete, {}); },
      close: function (s) { socket.close((s && s.code) || 1000, s && s.reason); if (s) { safe(s.success, {}); safe(s.complete, {}); } },
      onOpen: listen('open', function () { return { header: {} }; }),
      onMessage: listen('message', function (e) { return { data: e.data }; }),
      onClose: listen('close', function (e) { return { code: e.code, reason: e.reason }; }),
      onError: listen('error', function () { return { error: gameError(10401, 'socket error') }; })
    };
    return { task: task, result: { data: {} } };
  }

  // --- modules: one synchronous CommonJS require, as the platforms' runtimes run a package ----------------------
  // ES-module syntax is compiled to CommonJS by the mock on the way here (minis_cli/mock/gamehost/modules.py: what
  // the platforms' tools do before upload, line numbers kept), so every file, the entry too, runs through require
  // and a stack names the package file and its line.
  var files = {}, modules = {};
  function isFile(path) { return Object.prototype.hasOwnProperty.call(files, path); }
  function join(dir, spec) {
    var parts = dir ? dir.split('/') : [];
    spec.split('/').forEach(function (p) { if (p === '' || p === '.') return; if (p === '..') parts.pop(); else parts.push(p); });
    return parts.join('/');
  }
  function resolvePath(dir, spec) { return spec.charAt(0) === '/' ? join('', spec) : join(dir, spec); }
  function resolveModule(dir, spec) {
    var bases = [resolvePath(dir, spec)];
    if (spec.charAt(0) !== '.' && spec.charAt(0) !== '/') bases.push(join('', spec));
    for (var i = 0; i < bases.length; i++) {
      var candidates = [bases[i], bases[i] + '.js', bases[i] + '.json', bases[i] + '/index.js', bases[i] + '/index.json'];
      for (var j = 0; j < candidates.length; j++) if (isFile(candidates[j])) return candidates[j];
    }
    return null;
  }
  // What game.js requires at start-up, in one response (modules.bundle): this worker asks for it as it starts (PKG,
  // above), while the page loads the mock SDK, and not through the page, whose main thread is busy with that: a line
  // of JSON, [[path, byte length], ...], then the files' bytes. Each script is compiled on arrival (the function that
  // wraps it, not run: the worker has nothing else to do until it boots), so its parse is off the start-up's path;
  // require runs those, and asks the mock for anything else.
  var bundled = {}, compiled = {}, bundleArrived = false, whenBundled = null;
  startup.then(function (buffer) {
    takeBundle(buffer, PKG);
    bundleArrived = true;
    if (whenBundled) { var go = whenBundled; whenBundled = null; go(); }
  });
  function takeBundle(buffer, pkg) {
    if (!(buffer instanceof ArrayBuffer)) return;
    var bytes = new Uint8Array(buffer), end = bytes.indexOf(10), decoder = new native.TextDecoder();
    if (end < 0) return;
    var at = end + 1;
    JSON.parse(decoder.decode(bytes.subarray(0, end))).forEach(function (entry) {
      var path = entry[0], text = decoder.decode(bytes.subarray(at, at + entry[1]));
      at += entry[1];
      if (Object.prototype.hasOwnProperty.call(bundled, path)) return;
      bundled[path] = text;
      if (/\.json$/.test(path)) return;
      try { compiled[path] = compile(path, text, pkg); } catch (e) { /* a SyntaxError: thrown again when required */ }
    });
  }
  function sourceOf(path, url) {
    return Object.prototype.hasOwnProperty.call(bundled, path) ? bundled[path] : loadText(url);
  }
  // A script as a function of require, module, exports, __filename, __dirname; sourceURL names the package file, so
  // a stack shows its path and line.
  function compile(path, source, pkg) {
    return (0, eval)('(function (require, module, exports, __filename, __dirname) {' + source + '\n})\n//# sourceURL=' + native.origin + pkg + path);
  }
  function loadText(url) {
    var xhr = new native.XHR();
    xhr.open('GET', url, false);  // synchronous, as require is: allowed in a worker
    xhr.send();
    if (xhr.status !== 200) throw new Error('could not load ' + url + ' (HTTP ' + xhr.status + ')');
    return xhr.responseText;
  }
  function loadBytes(url) {
    var xhr = new native.XHR();
    xhr.open('GET', url, false);
    xhr.overrideMimeType('text/plain; charset=x-user-defined');
    xhr.send();
    if (xhr.status !== 200) return undefined;
    var text = xhr.responseText, out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
    return out.buffer;
  }
  // require(spec[, line]): a compiled import passes its line, so a missing module names the importing file:line.
  function requireFrom(dir, from) {
    return function require(spec, line) {
      if (typeof spec !== 'string') throw new TypeError('require() takes a string');
      var path = resolveModule(dir, spec);
      if (!path) {
        throw new Error("module '" + spec + "' is not defined (" + (typeof line === 'number' ? 'imported at ' + from + ':' + line : 'required from ' + from) + ')');
      }
      return load(path);
    };
  }
  function load(path) {
    if (modules[path]) return modules[path].exports;
    if (/\.json$/.test(path)) { modules[path] = { exports: JSON.parse(sourceOf(path, packageUrl(path))), id: path, filename: path, loaded: true }; return modules[path].exports; }
    var module = { exports: {}, id: path, filename: path, loaded: false };
    modules[path] = module;
    var dir = path.indexOf('/') === -1 ? '' : path.slice(0, path.lastIndexOf('/'));
    var require = requireFrom(dir, path);
    require.meta = { url: native.origin + packageUrl(path) };  // import.meta, compiled
    try {
      var fn = compiled[path] || compileNamed(path, sourceOf(path, packageUrl(path) + '?cjs'));
      fn.call(module.exports, require, module, module.exports, path, dir);
    } catch (e) {
      delete modules[path];  // as Node: a module that threw is not kept, a later require runs it again
      throw e;
    }
    module.loaded = true;
    return module.exports;
  }
  function run(path) { return Promise.resolve(load(path)); }
  // A file that does not compile: V8's SyntaxError from eval names no file and no line, so the mock says where
  // (tree-sitter, /_mock/game/pkg/PATH?syntax: asked only now) and the error names both, as a phone's would.
  function compileNamed(path, source) {
    try { return compile(path, source, C.pkg); } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      var where = {};
      try { where = JSON.parse(loadText(packageUrl(path) + '?syntax')) || {}; } catch (ignored) { /* the file and the message still */ }
      var at = path + (where.line ? ':' + where.line + (where.column ? ':' + where.column : '') : '');
      var error = new SyntaxError(e.message + ' in ' + at + ' (the file does not compile)' + (where.hint ? ' — ' + where.hint : ''));
      error.stack = 'SyntaxError: ' + error.message + '\n    at ' + native.origin + packageUrl(path) + (where.line ? ':' + where.line + ':' + (where.column || 1) : '');
      throw error;
    }
  }

  // --- subpackages: game.json's roots; loading one runs its game.js ------------------------------------------
  function loadSubpackage(o) {
    var sub = (C.subpackages || []).filter(function (s) { return s.name === o.name || s.root === o.name; })[0];
    var progress = [];
    if (!sub) return { error: gameError(40001000, 'loadSubpackage(): no subpackage named ' + o.name + ' in game.json') };
    var entry = resolveModule(sub.root, './game.js') || resolveModule(sub.root, './index.js');
    // the subpackage's modules that its game.js requires, in one response (modules.bundle), as at start-up
    var modules = entry ? native.fetch(packageUrl(entry) + '?bundle').then(function (r) { return r.ok ? r.arrayBuffer() : null; }).then(function (buffer) {
      takeBundle(buffer, C.pkg);
    }, function () { /* require asks the mock for each */ }) : Promise.resolve();
    var result = modules.then(function () {
      progress.forEach(function (fn) { safe(fn, { progress: 100, totalBytesWritten: 1, totalBytesExpectedToWrite: 1 }); });
      if (!entry) return { error: gameError(40001000, 'loadSubpackage(): ' + sub.root + '/game.js does not exist') };
      return run(entry).then(function () { return { data: { name: sub.name } }; }, function (e) {
        report('error', (e && e.message) || e, e && e.stack);
        return { error: gameError(40001000, 'loadSubpackage(): ' + (e && e.message)) };
      });
    });
    return { task: { onProgressUpdate: function (fn) { progress.push(fn); }, offProgressUpdate: function (fn) { progress = progress.filter(function (f) { return f !== fn; }); } }, result: result };
  }

  // --- events and the keyboard ------------------------------------------------------------------------------
  function listener(event) {
    return {
      on: function (fn) { if (typeof fn === 'function') (listeners[event] = listeners[event] || []).push(fn); },
      off: function (fn) { listeners[event] = fn ? (listeners[event] || []).filter(function (f) { return f !== fn; }) : []; }
    };
  }
  var EVENTS = { Show: 'show', Hide: 'hide', TouchStart: 'touchStart', TouchMove: 'touchMove', TouchEnd: 'touchEnd', TouchCancel: 'touchCancel',
    KeyboardInput: 'keyboardInput', KeyboardConfirm: 'keyboardConfirm', KeyboardComplete: 'keyboardComplete', KeyboardHeightChange: 'keyboardHeightChange',
    NetworkWeakChange: 'networkWeakChange', MemoryWarning: 'memoryWarning' };

  // --- Web Audio: createWebAudioContext() over the page's AudioContext (a Worker has none) -------------------
  // Every audio object is a handle the page holds; methods and property writes go there in order. What the
  // game reads back synchronously: currentTime (the context's clock, kept here), state, sampleRate, and the
  // values it set. AudioParams (gain, frequency, ...) and destination are handles too.
  var AUDIO_PARAMS = { gain: 1, frequency: 1, detune: 1, playbackRate: 1, Q: 1, pan: 1, delayTime: 1, threshold: 1, knee: 1, ratio: 1, attack: 1, release: 1, offset: 1 };
  var AUDIO_METHODS_WA = { connect: 1, disconnect: 1, start: 1, stop: 1, resume: 1, suspend: 1, close: 1, setValueAtTime: 1, linearRampToValueAtTime: 1,
    exponentialRampToValueAtTime: 1, setTargetAtTime: 1, cancelScheduledValues: 1, setValueCurveAtTime: 1, copyToChannel: 1, setPosition: 1, setOrientation: 1 };
  var audioHandles = new WeakMap(), nextAudio = 0;
  function audioArg(value, depth) {
    if (value && (typeof value === 'object' || typeof value === 'function') && audioHandles.has(value)) return { __h: audioHandles.get(value) };
    if (Array.isArray(value) && depth < 2) return value.map(function (v) { return audioArg(v, depth + 1); });
    return marshal(value, 0);
  }
  function audioSend(op, fields) { send(Object.assign({ type: 'wa', op: op }, fields)); }
  function audioObject(handle, context) {
    var values = {}, children = {};
    var proxy = new Proxy({}, {
      get: function (target, prop) {
        if (typeof prop !== 'string') return undefined;
        if (prop === 'then') return undefined;
        if (prop === 'currentTime' && context) return context.running ? context.offset + (native.now() - context.started) / 1000 : context.offset;
        if (prop === 'state' && context) return context.state;
        if (prop === 'sampleRate' && context) return 44100;
        if (prop === 'destination' || prop === 'listener' || AUDIO_PARAMS[prop]) {
          if (!children[prop]) {
            var child = ++nextAudio;
            children[prop] = audioObject(child, null);
            audioSend('prop', { handle: child, parent: handle, prop: prop });
          }
          return children[prop];
        }
        if (prop.indexOf('create') === 0) {
          return function () {
            var child = ++nextAudio, made = audioObject(child, null);
            audioSend('new', { handle: child, parent: handle, method: prop, args: Array.prototype.map.call(arguments, function (a) { return audioArg(a, 0); }) });
            return made;
          };
        }
        if (prop === 'decodeAudioData') {
          return function (data, success, failure) {
            var child = ++nextAudio, made = audioObject(child, null), id = ++nextCall;
            var promise = new Promise(function (resolve, reject) { pending[id] = { resolve: function (info) { Object.assign(made.__values, info || {}); resolve(made); }, reject: reject }; });
            promise.then(function (buffer) { safe(success, buffer); }, function (e) { safe(failure, e); });
            audioSend('decode', { id: id, handle: child, parent: handle, data: data instanceof ArrayBuffer ? data.slice(0) : data });
            return promise;
          };
        }
        if (prop === '__values') return values;
        if (AUDIO_METHODS_WA[prop]) {
          return function () {
            if (context && (prop === 'resume' || prop === 'suspend' || prop === 'close')) {
              var now = proxy.currentTime;
              context.offset = now; context.started = native.now();
              context.running = prop === 'resume';
              context.state = prop === 'resume' ? 'running' : prop === 'suspend' ? 'suspended' : 'closed';
            }
            var id = ++nextCall;
            var promise = new Promise(function (resolve, reject) { pending[id] = { resolve: resolve, reject: reject }; });
            audioSend('call', { id: id, handle: handle, method: prop, args: Array.prototype.map.call(arguments, function (a) { return audioArg(a, 0); }) });
            if (prop === 'connect') return arguments[0];
            if (prop === 'resume' || prop === 'suspend' || prop === 'close') return promise;
            promise.catch(function () { /* reported by the page */ });
            return undefined;
          };
        }
        return values[prop];
      },
      set: function (target, prop, value) {
        values[prop] = value;
        audioSend('set', { handle: handle, prop: prop, value: audioArg(value, 0) });
        return true;
      }
    });
    audioHandles.set(proxy, handle);
    return proxy;
  }
  function createWebAudioContext() {
    var handle = ++nextAudio;
    var context = { offset: 0, started: native.now(), running: true, state: 'running' };
    audioSend('context', { handle: handle });
    return audioObject(handle, context);
  }

  // --- the namespace ---------------------------------------------------------------------------------------
  // An ad's methods: the declaration's (sdk_api.json "methods"), those this client has: load/onLoad/offLoad from
  // TikTok 46.1.0 (mini-games-preload-ads). show() and load() return the page ad's Promise.
  function adMethods(name) {
    var declared = ((C.declaration[name] || {}).methods) || {};
    return Object.keys(declared).filter(function (method) { return atLeast(declared[method].since); });
  }
  function versionTuple(v) { return v === 'latest' ? [1e6] : String(v).split('.').map(function (p) { return parseInt(p, 10) || 0; }); }
  function atLeast(since) {
    if (!since) return true;
    var a = versionTuple((C && C.clientVersion) || 'latest'), b = versionTuple(since);
    for (var i = 0; i < Math.max(a.length, b.length); i++) { if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0); }
    return true;
  }
  // InnerAudioContext: mini-games-sdk-media lists destroy/play/pause/seek/stop and the listener pairs
  // on/offCanplay, Ended, Error, Pause, Play, Seeked, Seeking, Stop, TimeUpdate, Waiting (nothing else: a
  // WeChat-only name such as onCanplayThrough is not a function there either).
  var AUDIO_EVENTS = ['Canplay', 'Ended', 'Error', 'Pause', 'Play', 'Seeked', 'Seeking', 'Stop', 'TimeUpdate', 'Waiting'];
  var AUDIO_METHODS = ['play', 'pause', 'stop', 'seek', 'destroy'].concat(AUDIO_EVENTS.reduce(function (all, e) { return all.concat(['on' + e, 'off' + e]); }, []));
  var AUDIO_PROPS = ['src', 'loop', 'volume', 'autoplay', 'startTime', 'obeyMuteSwitch', 'playbackRate', 'currentTime', 'duration', 'paused', 'buffered'];
  function local() {
    var L = {
      TTWebAssembly: ttWebAssembly(),
      env: { USER_DATA_PATH: USER_DATA_PATH },
      canIUse: sync('canIUse', canIUse),
      createCanvas: sync('createCanvas', createCanvas),
      createImage: quiet(createImage),
      loadFont: sync('loadFont', loadFont),
      setPreferredFramesPerSecond: sync('setPreferredFramesPerSecond', setPreferredFramesPerSecond),
      getSystemInfoSync: sync('getSystemInfoSync', getSystemInfoSync),
      getSystemInfo: options('getSystemInfo', function () { return { data: getSystemInfoSync() }; }),
      getWindowInfo: returnsOrAnswers('getWindowInfo', getWindowInfo),
      getLaunchOptionsSync: sync('getLaunchOptionsSync', launchOptions),
      getEnterOptionsSync: sync('getEnterOptionsSync', launchOptions),
      getMenuButtonBoundingClientRect: sync('getMenuButtonBoundingClientRect', getMenuButtonBoundingClientRect),
      getUpdateManager: sync('getUpdateManager', getUpdateManager),
      getNetworkType: options('getNetworkType', function () { return { data: { networkType: 'wifi', signalStrength: 4, hasSystemProxy: false, weakNet: false } }; }),
      getScreenBrightness: options('getScreenBrightness', function () { return { data: { value: brightness } }; }),
      setScreenBrightness: options('setScreenBrightness', function (o) {
        var v = Number(o.value);
        if (!(v >= 0 && v <= 1)) return { error: invalid('setScreenBrightness(): value is 0 to 1') };
        brightness = v; return { data: {} };
      }),
      setKeepScreenOn: options('setKeepScreenOn', function (o) { keepOn = !!o.keepScreenOn; return { data: {} }; }),
      vibrateShort: options('vibrateShort', function () { send({ type: 'vibrate', ms: 15 }); return { data: {} }; }),
      vibrateLong: options('vibrateLong', function () { send({ type: 'vibrate', ms: 400 }); return { data: {} }; }),
      setStorageSync: sync('setStorageSync', setStorageSync),
      getStorageSync: sync('getStorageSync', getStorageSync),
      removeStorageSync: sync('removeStorageSync', removeStorageSync),
      clearStorageSync: sync('clearStorageSync', clearStorageSync),
      getStorageInfoSync: sync('getStorageInfoSync', getStorageInfoSync),
      setStorage: options('setStorage', function (o) { setStorageSync(o.key, o.data); return { data: {} }; }),
      getStorage: options('getStorage', function (o) {
        if (!Object.prototype.hasOwnProperty.call(storage, o.key)) return { error: gameError(40001000, 'getStorage(): data not found for key ' + o.key) };
        return { data: { data: getStorageSync(o.key) } };
      }),
      removeStorage: options('removeStorage', function (o) { removeStorageSync(o.key); return { data: {} }; }),
      clearStorage: options('clearStorage', function () { clearStorageSync(); return { data: {} }; }),
      getStorageInfo: options('getStorageInfo', function () { return { data: getStorageInfoSync() }; }),
      getFileSystemManager: sync('getFileSystemManager', getFileSystemManager),
      request: options('request', request),
      downloadFile: options('downloadFile', downloadFile),
      connectSocket: options('connectSocket', connectSocket),
      loadSubpackage: options('loadSubpackage', loadSubpackage),
      preDownloadSubpackage: options('preDownloadSubpackage', function (o) {
        var sub = (C.subpackages || []).filter(function (s) { return s.name === o.name || s.root === o.name; })[0];
        return sub ? { task: { onProgressUpdate: function () {} }, result: { data: { name: sub.name } } } : { error: gameError(40001000, 'preDownloadSubpackage(): no subpackage named ' + o.name) };
      }),
      // the page's mock SDK makes (and logs) these; the worker holds a handle
      createInnerAudioContext: function () { return remote('createInnerAudioContext', [], AUDIO_METHODS, AUDIO_PROPS); },
      createRewardedVideoAd: function (o) { return remote('createRewardedVideoAd', [o], adMethods('createRewardedVideoAd'), [], ['show', 'load']); },
      createInterstitialAd: function (o) { return remote('createInterstitialAd', [o], adMethods('createInterstitialAd'), [], ['show', 'load']); },
      createWebAudioContext: sync('createWebAudioContext', createWebAudioContext),
      showKeyboard: relayed('showKeyboard'), hideKeyboard: relayed('hideKeyboard'), updateKeyboard: relayed('updateKeyboard')
    };
    Object.keys(EVENTS).forEach(function (suffix) {
      var pair = listener(EVENTS[suffix]);
      L['on' + suffix] = suffix.indexOf('Touch') === 0 ? quiet(pair.on) : sync('on' + suffix, pair.on);
      L['off' + suffix] = suffix.indexOf('Touch') === 0 ? quiet(pair.off) : sync('off' + suffix, pair.off);
    });
    return L;
  }
  // Nothing the page can give synchronously: each is its own clearly-labelled gap, reported when used.
  // The open data context (friend leaderboards) is not simulated, but engines touch it at start-up (Cocos Creator 2
  // reads getOpenDataContext().canvas): it is an object with a blank shared canvas and a postMessage that goes
  // nowhere, said once, so a game that draws the leaderboard gets an empty one rather than a crash.
  var openData = null;
  function openDataContext() {
    if (!openData) {
      report('warn', 'the open data context (friend leaderboards) is not simulated by the desktop host: its shared canvas stays blank and postMessage goes nowhere');
      var info = C.systemInfo || {}, ratio = info.pixelRatio || 1;
      var shared = addCanvasMethods(new native.Offscreen(Math.max(1, Math.round((info.windowWidth || 1) * ratio)), Math.max(1, Math.round((info.windowHeight || 1) * ratio))));
      openData = { canvas: shared, postMessage: function () { /* no open data context runs here */ } };
    }
    return openData;
  }
  var UNSUPPORTED = {
    getOpenDataContext: function () { return openDataContext(); },
    getSharedCanvas: function () { return openDataContext().canvas; }
  };

  // APIs TikTok's games SDK pages do not list, there only when the developer names them (--game-allow-api,
  // sdk_api.ALLOWABLE_GAME_APIS; C.allowApis), shaped as Douyin documents them, each use reported once as not in
  // TikTok's docs. The simulator restarts the game when it rotates, so a running game's orientation never changes
  // here: onDeviceOrientationChange's listeners hear setDeviceOrientation to the orientation the phone has (Douyin:
  // the event follows a successful call); another orientation fails, saying to rotate the simulator.
  var orientationListeners = listener('deviceOrientationChange');
  var ALLOWABLE = {
    onDeviceOrientationChange: orientationListeners.on,
    offDeviceOrientationChange: orientationListeners.off,
    setDeviceOrientation: function (o) {
      o = o && typeof o === 'object' ? o : {};
      var info = C.systemInfo || {}, now = info.deviceOrientation || (info.windowWidth > info.windowHeight ? 'landscape' : 'portrait');
      var value = o.value, res;
      if (value !== 'landscape' && value !== 'portrait') res = { errMsg: 'setDeviceOrientation:fail value must be landscape or portrait', errNo: 10401 };
      else if (value !== now) {
        res = { errMsg: 'setDeviceOrientation:fail the desktop host cannot rotate a running game: choose ' + value + ' in the simulator\'s Orientation (the game restarts)', errNo: 10401 };
      } else res = { errMsg: 'setDeviceOrientation: ok' };
      later(function () {
        var ok = !res.errNo;
        safe(ok ? o.success : o.fail, res);
        safe(o.complete, res);
        if (ok) emit('deviceOrientationChange', { value: value });
      });
    }
  };
  var allowedUsed = {};
  function allowed(name) {
    return sync(name, function () {
      if (!allowedUsed[name]) {
        allowedUsed[name] = true;
        report('warn', 'tt.' + name + '(): provided by --game-allow-api: not in TikTok\'s docs (' + (((C.foreign || {})[name]) || 'another platform') + '\'s API)');
      }
      return ALLOWABLE[name].apply(null, arguments);
    });
  }

  function build(names) {
    var L = local();
    names.forEach(function (name) {
      if (Object.prototype.hasOwnProperty.call(L, name)) api[name] = L[name];
      else if (UNSUPPORTED[name]) api[name] = UNSUPPORTED[name];
      else api[name] = relayed(name);  // login, authorize, pay, missions, share, reportEvent, ...: the page's mock SDK
    });
    (C.allowApis || []).forEach(function (name) {
      if (ALLOWABLE[name] && !Object.prototype.hasOwnProperty.call(api, name)) api[name] = allowed(name);
    });
    // Reading a name TikTok lacks is a probe (typeof tt.x, if (tt.x), 'x' in tt: engines probe dozens) and is
    // not reported: it is undefined, as on a phone. Calling it throws the phone's TypeError, which is reported
    // (explain() names the API and whose it is); the names read are kept for that.
    return new Proxy(api, {
      get: function (target, key) {
        if (typeof key !== 'string' || key in target) return target[key];
        probed[key] = true;
        return undefined;
      }
    });
  }
  var probed = {};
  // An uncaught error's message, with what the host knows: a call of an API TikTok lacks ("tt.getUserProfile is
  // not a function") says so and whose it is; a global the runtime lacks ("window is not defined") says that.
  function explain(message, stack) {
    var text = String(message);
    var call = /(?:^|\s)(?:[\w$.]*\.)?([\w$]+) is not a function/.exec(text);
    if (call && Object.prototype.hasOwnProperty.call(probed, call[1]) && !Object.prototype.hasOwnProperty.call(api, call[1])) {
      var owner = ((C && C.foreign) || {})[call[1]], version = C ? C.clientVersion : 'latest';
      return text + ' — ' + call[1] + ' is not in TikTok\'s games SDK' + (owner ? ' (it is ' + owner + '\'s)' : '') +
        (version !== 'latest' ? ' or not in TikTok ' + version : '') + ': tt.' + call[1] + ' is undefined on TikTok too' + allowHint(call[1], stack);
    }
    var hint = engineHint(text, stack);
    if (hint) return text + ' — ' + hint;
    var global = /^(?:Uncaught )?ReferenceError: ([\w$]+) is not defined|^([\w$]+) is not defined/.exec(text);
    var name = global && (global[1] || global[2]);
    if (name && GLOBAL_HINTS[name]) return text + ' — ' + GLOBAL_HINTS[name];
    return text;
  }
  // What the host could provide if asked (--game-allow-api): what to do, naming the engine when the stack shows it.
  function allowHint(name, stack) {
    if (((C && C.allowable) || []).indexOf(name) === -1) return '';
    var engine = engineOf(stack), text = '. ';
    if (engine === 'cocos3' || engine === 'cocos2') {
      text += (engine === 'cocos3' ? 'Cocos Creator 3.x\'s engine (cocos-js/)' : 'Cocos Creator 2.x\'s engine') + ' calls it unguarded: adapt the build\'s' +
        ' platform capability calls as TikTok\'s Cocos guide says (developers.tiktok.com/docs/en/build-mini-games-with-cocos), e.g. call it only if tt.canIUse(\'' + name + '\')';
    } else {
      text += (engine ? ENGINES[engine] + ' calls it' : 'The game calls it') + ' unguarded: call it only if tt.canIUse(\'' + name + '\')';
    }
    return text + '; or, to run the package unchanged here, start the host with --game-allow-api ' + name + ' (mock serve or dev; dev.gameAllowApis in' +
      ' minis.config.json): it then provides it, as Douyin documents it, reported as not in TikTok\'s docs';
  }
  var ENGINES = { cocos3: 'Cocos Creator 3.x\'s engine', cocos2: 'Cocos Creator 2.x\'s engine', laya: 'LayaAir\'s engine', egret: 'Egret\'s engine' };
  // The engine a stack's first package frame is in, by its file: cocos-js/ (Cocos Creator 3.x), cocos2d-js (2.x),
  // laya.*.js, egret.*.js.
  function engineOf(stack) {
    var file = firstFrame(stack);
    if (!file) return '';
    if (/(?:^|\/)cocos-js\//.test(file.path)) return 'cocos3';
    if (/(?:^|\/)cocos2d-js[\w.-]*\.js$/.test(file.path)) return 'cocos2';
    if (/(?:^|\/)laya\.[\w.-]+\.js$|(?:^|\/)laya\.js$/i.test(file.path)) return 'laya';
    if (/(?:^|\/)egret[\w.-]*\.js$/i.test(file.path)) return 'egret';
    return '';
  }
  function firstFrame(stack) {
    if (!stack || !C) return null;
    var prefix = native.origin + C.pkg, lines = String(stack).split('\n');
    for (var i = 0; i < lines.length; i++) {
      var at = lines[i].indexOf(prefix);
      if (at === -1) continue;
      var m = /^(.*?):(\d+):(\d+)/.exec(lines[i].slice(at + prefix.length));
      if (m) return { path: m[1].split('?')[0], line: +m[2], column: +m[3] };
    }
    return null;
  }
  function lineOf(file) {
    try {
      var text = Object.prototype.hasOwnProperty.call(bundled, file.path) ? bundled[file.path] : loadText(packageUrl(file.path) + '?cjs');
      return text.split('\n')[file.line - 1] || '';
    } catch (e) { return ''; }
  }
  // Errors an engine's build gives for a known reason, said only on specific evidence (the engine's own file at the
  // top of the stack, and the line or name that shows the reason).
  function engineHint(text, stack) {
    var engine = engineOf(stack);
    // LayaAir 2's engine takes its ByteDance path when the runtime has both wx and tt, and calls window.ttMiniGame,
    // which only its ByteDance adapter (laya.ttmini.js) defines. TikTok's runtime has both, as documented.
    if (engine === 'laya' && /\bttMiniGame is not a function/.test(text)) {
      return 'LayaAir\'s engine sees both wx and tt (TikTok\'s runtime has both: "API namespace is compatible with tt, wx, and TTMinis.game",' +
        ' mini-games-sdk-basic-utility), takes its ByteDance path and calls window.ttMiniGame, which only LayaAir\'s ByteDance adapter' +
        ' (laya.ttmini.js) defines: publish LayaAir\'s ByteDance (Douyin) target for TikTok';
    }
    // Egret's canvas render mode writes window.sharedCanvas: WeChat's (and Douyin's) canvas shared with the open data
    // context. TikTok documents no such global; its open data domain's canvas is getOpenDataContext().canvas.
    if (engine === 'egret' && /properties of undefined \((?:setting|reading) '(?:width|height)'\)/.test(text) && typeof G.sharedCanvas === 'undefined') {
      var frame = firstFrame(stack);
      if (/sharedCanvas/.test(lineOf(frame))) {
        return 'Egret\'s canvas render mode writes window.sharedCanvas, the canvas WeChat and Douyin share with the open data context' +
          ' (a global there); TikTok documents no sharedCanvas global (its open data domain\'s canvas is getOpenDataContext().canvas,' +
          ' friend-leaderboard; blank in this host): publish with Egret\'s WebGL render mode, or set window.sharedCanvas =' +
          ' tt.getOpenDataContext().canvas before Egret starts';
      }
    }
    return '';
  }
  var GLOBAL_HINTS = {
    window: 'TikTok\'s runtime has no DOM (mini-games-integrate-your-web-game: "The runtime has no DOM or CSS"); a weapp-style adapter defines window on GameGlobal',
    document: 'TikTok\'s runtime has no DOM (mini-games-integrate-your-web-game: "The runtime has no DOM or CSS"); a weapp-style adapter defines document on GameGlobal',
    localStorage: 'TikTok\'s runtime has no localStorage: tt.setStorageSync / getStorageSync',
    XMLHttpRequest: 'TikTok\'s runtime has no XMLHttpRequest: tt.request (an adapter may build one on it)',
    fetch: 'TikTok\'s runtime has no fetch: tt.request',
    Image: 'TikTok\'s runtime has no Image constructor: tt.createImage()',
    WXWebAssembly: 'it is WeChat\'s; TikTok\'s runtime has TTWebAssembly (compile / instantiate of a package path)',
    requirePlugin: 'it is WeChat\'s and Douyin\'s (mini-game plugins, game.json "plugins"), in none of TikTok\'s docs: the plugin\'s' +
      ' code is not in the package. WeChat\'s Unity converter (minigame-unity-webgl-transform) loads Unity through its UnityPlugin' +
      ' so; build a Unity game for TikTok with TikTok SDK for Unity (developers.tiktok.com/docs/en/build-mini-games-with-unity)'
  };

  // --- boot ------------------------------------------------------------------------------------------------
  function hide() {
    HIDDEN.forEach(function (name) {
      // deleted, so using one is the ReferenceError a phone gives; where that is refused, undefined
      try { if (delete G[name] && !(name in G)) return; } catch (e) { /* not configurable */ }
      try { Object.defineProperty(G, name, { value: undefined, writable: true, configurable: true, enumerable: false }); } catch (e) { /* fixed */ }
    });
  }
  function boot(m) {
    C = m;
    (m.files || []).forEach(function (f) { files[f] = true; });
    screenCanvas = addCanvasMethods(m.canvas);
    storage = m.storage || {};
    Object.keys(m.fs && m.fs.files || {}).forEach(function (p) { var v = m.fs.files[p]; fs.files[p] = v.text !== undefined ? v.text : v.bytes; });
    (m.fs && m.fs.dirs || []).forEach(function (d) { fs.dirs[d] = true; });
    var game = build(m.apis);
    G.GameGlobal = G;
    // minis-py only (TikTok has no such value): where `minis-py dev` runs the project's backend (dev.port), so a
    // game's config can reach it whatever the port (the game template's src/config.js reads it).
    if (typeof m.devBackend === 'string' && m.devBackend) {
      Object.defineProperty(G, '__minisDev', { value: Object.freeze({ backend: m.devBackend }), enumerable: false });
    }
    G.tt = game; G.wx = game;
    G.TTMinis = { game: game };
    if (api.TTWebAssembly) G.TTWebAssembly = api.TTWebAssembly;  // a global, as Douyin documents it (see ttWebAssembly)
    if (m.webAssembly === 'tt') HIDDEN.push('WebAssembly');
    G.requestAnimationFrame = requestAnimationFrame;
    if (G.console && typeof G.console.error === 'function') {
      var logError = G.console.error.bind(G.console);
      G.console.error = function () { reportLogged(arguments); return logError.apply(null, arguments); };
    }
    G.cancelAnimationFrame = native.caf;
    native.addEventListener('error', function (event) {
      event.preventDefault();  // reported once, here (not again by the page's worker.onerror)
      report('error', event.message || String(event.error), event.error && event.error.stack);
    });
    native.addEventListener('unhandledrejection', function (event) {
      var reason = event.reason;
      report('error', 'unhandled promise rejection: ' + ((reason && (reason.message || reason.error_msg)) || JSON.stringify(reason)), reason && reason.stack);
    });
    G.__minisRequire = function (path) { return load(path); };
    // For tests and the devtools console: the loaded modules (as Node's require.cache), never needed by a game.
    Object.defineProperty(G, '__minisHost', { value: { modules: modules }, enumerable: false });
    hide();
    send({ type: 'booted' });
    function start() {
      run('game.js').then(function () { send({ type: 'started' }); }, function (e) {
        report('error', (e && e.message) || e, e && e.stack);
      });
    }
    if (bundleArrived) start(); else whenBundled = start;  // the start-up modules may come before the boot message or after
  }
}();
