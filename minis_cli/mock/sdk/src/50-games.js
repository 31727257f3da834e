  // --- mini games (mini-games-sdk-*): missions, ads, storage, network, system, input, files ------------

  function gameError(code, message) { return { error_code: code, error_msg: message, error_extra: {} }; }

  // Missions: not eligible until done, then eligible exactly once (the mock server keeps them per user).
  function reward(api) {
    return function () {
      if (!ready()) return notReady();
      var asked = api === 'addShortcut' || api === 'getRevisitMissionReward' ? api : '';
      return outcomeOr(asked, function () { return api === 'getRevisitMissionReward' ? 'not_returned' : 'confirm'; }).then(function (outcome) {
        if (outcome === 'cancel') return { error: gameError(21500, 'the user cancelled (mock)') };
        return post('rewards', { client_key: state.clientKey, user: currentUser(), api: api, outcome: outcome }).then(function (res) {
          return res.error ? { error: res.error } : { data: res };
        });
      });
    };
  }
  function checkScene(options) {
    return { data: { isExist: true, scene: options.scene || 'sidebar' } };
  }

  // A rewarded / interstitial ad as TikTok shapes it (mini-games-sdk-iaa, tiktok-minis-in-app-ads): show()
  // resolves when the ad is on screen; onClose listeners get { isEnded } when it closes; onError { error_code,
  // error_msg }. The methods are the declaration's (sdk_api.json "methods"): a game's ad also has load(), onLoad
  // and offLoad from TikTok 46.1.0 (mini-games-preload-ads: ad.load().then(() => ad.show())), a drama's has no
  // load(); neither has destroy(). load() takes the next queued outcome of the ad's API: no_fill rejects with
  // 1004 and fires onError, error rejects with 50001000 (both codes mock-only); ended / closed_early (or none)
  // resolve, fire onLoad, and the outcome waits for show(). **Mock-only**: an instance shows once (11003 after),
  // until load() fills it again. The overlay offers watch to the end / close early / no fill.
  function adOverlay(kind, unit) {
    return choiceSheet('ad', kind === 'rewarded' ? 'Rewarded ad' : 'Interstitial ad', 'Mock TikTok ad (unit ' + unit + '). What does the viewer do?', [['ended', 'Watch to the end', true], ['closed_early', 'Close early', false], ['no_fill', 'No ad to show', false]]);
  }
  var NO_FILL = [1004, 'no ad to show (mock: no_fill; 1004 is WeChat\'s "no suitable ad", TikTok documents no code)'];
  var ALREADY_SHOWN = [11003, 'the ad was already shown (mock-only: load() it again)'];
  function createAd(kind, namespace) {
    var api = kind === 'rewarded' ? 'createRewardedVideoAd' : 'createInterstitialAd';
    return function (options) {
      var declared = (DECLARED[namespace][api] || {}).methods || {};  // read when an ad is made: declare() may come later
      var closeListeners = [], errorListeners = [], loadListeners = [], shown = false, loaded = null;
      var unit = options && options.adUnitId;
      function fire(list, value) { list.slice().forEach(function (fn) { safe(fn, value); }); }
      function fail(code) {
        var error = gameError(code[0], code[1]);
        later(function () { fire(errorListeners, error); });
        return Promise.reject(error);
      }
      var ad = {
        show: function () {
          record('ad', 'show', [unit]);
          if (!unit || typeof unit !== 'string') return Promise.reject(makeError('invalidParams', 'adUnitId is required'));
          if (shown) return Promise.reject(gameError(ALREADY_SHOWN[0], ALREADY_SHOWN[1]));
          shown = true;
          var preloaded = loaded;
          loaded = null;
          return (preloaded ? Promise.resolve(preloaded.outcome) : queuedOutcome(api)).then(function (outcome) {
            if (outcome === 'no_fill') return fail(NO_FILL);
            if (outcome === 'error') return fail([50001000, 'the ad failed (mock: error)']);
            var closing = outcome ? Promise.resolve(outcome) : adOverlay(kind, unit);
            closing.then(function (chosen) {
              if (chosen === 'no_fill') { fire(errorListeners, gameError(NO_FILL[0], NO_FILL[1])); return; }
              fire(closeListeners, { isEnded: chosen !== 'closed_early' });
            });
          });
        },
        load: function () {
          record('ad', 'load', [unit]);
          if (!unit || typeof unit !== 'string') return Promise.reject(makeError('invalidParams', 'adUnitId is required'));
          if (loaded) return Promise.resolve();  // already filled: resolved, as a second load of a filled ad
          return queuedOutcome(api).then(function (outcome) {
            if (outcome === 'no_fill') return fail(NO_FILL);
            if (outcome === 'error') return fail([50001000, 'the ad could not be loaded (mock: error)']);
            loaded = { outcome: outcome };
            shown = false;
            return new Promise(function (resolve) {
              later(function () { fire(loadListeners, {}); resolve(); });
            });
          });
        },
        onClose: function (fn) { closeListeners.push(fn); },
        offClose: function (fn) { closeListeners = closeListeners.filter(function (f) { return f !== fn; }); },
        onError: function (fn) { errorListeners.push(fn); },
        offError: function (fn) { errorListeners = errorListeners.filter(function (f) { return f !== fn; }); },
        onLoad: function (fn) { loadListeners.push(fn); },
        offLoad: function (fn) { loadListeners = loadListeners.filter(function (f) { return f !== fn; }); }
      };
      // only the declared methods this client has (load/onLoad/offLoad: a game's, from 46.1.0)
      var out = { kind: kind };
      Object.keys(declared).forEach(function (method) {
        if (ad[method] && atLeast(declared[method].since)) out[method] = ad[method];
      });
      return out;
    };
  }

  // Storage (mini-games-sdk-storage): per user, persisted in the page's localStorage.
  var STORAGE_LIMIT_KB = 10240;
  function storagePrefix() { return 'ttminis-game-storage:' + (currentUser() || 'anonymous') + ':'; }
  function storageKeys() {
    var keys = [], prefix = storagePrefix();
    try { for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i); if (k && k.indexOf(prefix) === 0) keys.push(k.slice(prefix.length)); } } catch (e) { /* none */ }
    return keys;
  }
  function setStorageSync(key, data) {
    if (typeof key !== 'string' || !key) throw new Error('setStorageSync: key must be a non-empty string');
    localStorage.setItem(storagePrefix() + key, JSON.stringify({ data: data === undefined ? null : data }));
  }
  function getStorageSync(key) {
    var raw = localStorage.getItem(storagePrefix() + key);
    if (raw === null) return '';
    try { return JSON.parse(raw).data; } catch (e) { return ''; }
  }
  function removeStorageSync(key) { localStorage.removeItem(storagePrefix() + key); }
  function clearStorageSync() { storageKeys().forEach(removeStorageSync); }
  function getStorageInfoSync() {
    var size = 0;
    storageKeys().forEach(function (k) { size += (localStorage.getItem(storagePrefix() + k) || '').length + k.length; });
    return { keys: storageKeys(), currentSize: Math.ceil(size / 1024), limitSize: STORAGE_LIMIT_KB };
  }
  function setStorage(options) {
    if (typeof options.key !== 'string' || !options.key) return { error: makeError('invalidParams', 'setStorage(): key is required') };
    setStorageSync(options.key, options.data);
    return { data: {} };
  }
  function getStorage(options) {
    var raw = localStorage.getItem(storagePrefix() + options.key);
    if (raw === null) return { error: gameError(40001000, 'data not found') };
    return { data: { data: getStorageSync(options.key) } };
  }
  function removeStorage(options) { removeStorageSync(options.key); return { data: {} }; }
  function clearStorage() { clearStorageSync(); return { data: {} }; }
  function getStorageInfo() { return { data: getStorageInfoSync() }; }

  // request / downloadFile / connectSocket: only to trusted domains (mini-games-sdk-network: 21100). The real
  // list lives in the Developer Portal; the mock reads domain.trustedDomains from the project's config
  // (mock-only) and always allows the page's own origin and the mock's.
  function trusted(url) {
    var parsed;
    try { parsed = new URL(url, location.href); } catch (e) { return false; }
    if (parsed.origin === location.origin || parsed.origin === ORIGIN) return true;
    if (!TRUSTED_DOMAINS || !TRUSTED_DOMAINS.length) return true;
    return TRUSTED_DOMAINS.some(function (domain) {
      var d = String(domain).replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
      var host = parsed.host.toLowerCase();
      return host === d || parsed.hostname.toLowerCase() === d || (d.charAt(0) === '*' && parsed.hostname.toLowerCase().slice(-d.length + 1) === d.slice(1));
    });
  }
  function untrusted(url) { return gameError(21100, 'URL not in domain list: ' + url); }
  function request(options) {
    var url = options.url;
    if (typeof url !== 'string' || !url) return { error: makeError('invalidParams', 'request(): url is required') };
    if (!trusted(url)) return { error: untrusted(url) };
    var controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
    var method = String(options.method || 'GET').toUpperCase();
    var headers = Object.assign({}, options.header || {});
    var body;
    if (options.data !== undefined && method !== 'GET' && method !== 'HEAD') {
      body = typeof options.data === 'string' || options.data instanceof ArrayBuffer ? options.data : JSON.stringify(options.data);
      if (typeof options.data === 'object' && !(options.data instanceof ArrayBuffer) && !Object.keys(headers).some(function (h) { return h.toLowerCase() === 'content-type'; })) headers['content-type'] = 'application/json';
    } else if (options.data && typeof options.data === 'object' && method === 'GET') {
      url += (url.indexOf('?') === -1 ? '?' : '&') + Object.keys(options.data).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(options.data[k]); }).join('&');
    }
    var aborted = false, timedOut = false;
    var timer = options.timeout ? setTimeout(function () { timedOut = true; if (controller) controller.abort(); }, options.timeout) : null;
    var result = fetch(url, { method: method, headers: headers, body: body, signal: controller ? controller.signal : undefined }).then(function (response) {
      var header = {};
      response.headers.forEach(function (v, k) { header[k] = v; });
      var read = options.responseType === 'arraybuffer' ? response.arrayBuffer() : response.text();
      return read.then(function (raw) {
        var data = raw;
        if (options.responseType !== 'arraybuffer' && (options.dataType || 'json') === 'json') { try { data = JSON.parse(raw); } catch (e) { data = raw; } }
        return { data: { data: data, statusCode: response.status, header: header } };
      });
    }).catch(function () {
      return { error: aborted ? gameError(21199, 'request aborted (mock-only code)') : timedOut ? gameError(21103, 'Request timeout') : gameError(10401, 'Server error: could not reach ' + url) };
    }).then(function (res) { if (timer) clearTimeout(timer); return res; });
    return { task: { abort: function () { aborted = true; if (controller) controller.abort(); }, onHeadersReceived: function () {}, offHeadersReceived: function () {} }, result: result };
  }
  function downloadFile(options) {
    var url = options.url;
    if (typeof url !== 'string' || !url) return { error: makeError('invalidParams', 'downloadFile(): url is required') };
    if (!trusted(url)) return { error: untrusted(url) };
    var progress = [], controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
    var result = fetch(url, { signal: controller ? controller.signal : undefined }).then(function (response) {
      return response.blob().then(function (blob) {
        progress.forEach(function (fn) { safe(fn, { progress: 100, totalBytesWritten: blob.size, totalBytesExpectedToWrite: blob.size }); });
        var path = options.filePath || URL.createObjectURL(blob);
        if (options.filePath) files.put(options.filePath, blob);
        return { data: { tempFilePath: path, filePath: options.filePath, statusCode: response.status } };
      });
    }).catch(function () { return { error: gameError(10401, 'Server error: could not download ' + url) }; });
    return { task: { abort: function () { if (controller) controller.abort(); }, onProgressUpdate: function (fn) { progress.push(fn); }, offProgressUpdate: function (fn) { progress = progress.filter(function (f) { return f !== fn; }); } }, result: result };
  }
  function connectSocket(options) {
    var url = options.url;
    if (typeof url !== 'string' || !url) return { error: makeError('invalidParams', 'connectSocket(): url is required') };
    if (!trusted(url)) return { error: untrusted(url) };
    var socket = new WebSocket(url, options.protocols);
    socket.binaryType = 'arraybuffer';
    var task = {
      send: function (o) { try { socket.send(o.data); safe(o.success, {}); } catch (e) { safe(o.fail, gameError(10401, 'Server error: ' + e.message)); } safe(o.complete, {}); },
      close: function (o) { socket.close((o && o.code) || 1000, o && o.reason); if (o) { safe(o.success, {}); safe(o.complete, {}); } },
      onOpen: function (fn) { socket.addEventListener('open', function () { safe(fn, { header: {} }); }); },
      onMessage: function (fn) { socket.addEventListener('message', function (e) { safe(fn, { data: e.data }); }); },
      onClose: function (fn) { socket.addEventListener('close', function (e) { safe(fn, { code: e.code, reason: e.reason }); }); },
      onError: function (fn) { socket.addEventListener('error', function () { safe(fn, { error: gameError(10401, 'socket error') }); }); }
    };
    return { task: task, result: { data: {} } };
  }
  // the simulator's network profile (POST /_mock/network fires networkWeakChange with what it is)
  var networkType = 'wifi', weakNet = false;
  on('game:networkWeakChange', function (res) {
    if (res && typeof res.networkType === 'string') networkType = res.networkType;
    weakNet = !!(res && res.weakNet);
  });
  function getNetworkType() { return { data: { networkType: networkType, signalStrength: 4, hasSystemProxy: false, weakNet: weakNet } }; }

  // System, window, launch (mini-games-sdk-system)
  function getSystemInfoSync() {
    var w = window.innerWidth, h = window.innerHeight;
    var ios = /iPhone|iPad/.test(navigator.userAgent);
    var d = simulated(), status = d ? d.statusBarHeight : 44, bottom = d ? d.bottomHeight : 34;
    return {
      brand: 'mock', model: d ? d.label : 'minis-py simulator', pixelRatio: d ? d.pixelRatio : window.devicePixelRatio || 1, devicePixelRatio: d ? d.pixelRatio : window.devicePixelRatio || 1,
      deviceOrientation: w > h ? 'landscape' : 'portrait',
      screenWidth: (window.screen && screen.width) || w, screenHeight: (window.screen && screen.height) || h,
      windowWidth: w, windowHeight: h, statusBarHeight: status, language: navigator.language || 'en',
      version: CLIENT_VERSION === 'latest' ? '45.0.0' : CLIENT_VERSION, SDKVersion: '0.6.0', appName: 'TikTok',
      platform: ios ? 'ios' : 'android', system: ios ? 'iOS 17.0' : 'Android 14',
      safeArea: { left: 0, right: w, top: status, bottom: h - bottom, width: w, height: h - status - bottom }
    };
  }
  function getSystemInfo() { return { data: getSystemInfoSync() }; }
  function getWindowInfo() {
    var info = getSystemInfoSync();
    return { data: { pixelRatio: info.pixelRatio, screenWidth: info.screenWidth, screenHeight: info.screenHeight, windowWidth: info.windowWidth, windowHeight: info.windowHeight, statusBarHeight: info.statusBarHeight, safeArea: info.safeArea } };
  }
  function launchOptions() {
    var query = {};
    new URLSearchParams(location.search).forEach(function (v, k) { query[k] = v; });
    return { scene: query.scene || '000000', query: query, referrerInfo: {}, extra: {} };
  }
  var screenBrightness = 0.5, keepScreenOn = false;
  function getScreenBrightness() { return { data: { value: screenBrightness } }; }
  function setScreenBrightness(options) {
    var v = Number(options.value);
    if (!(v >= 0 && v <= 1)) return { error: makeError('invalidParams', 'setScreenBrightness(): value is 0 to 1') };
    screenBrightness = v;
    return { data: {} };
  }
  function setKeepScreenOn(options) { keepScreenOn = !!options.keepScreenOn; return { data: {} }; }
  function vibrate(ms) {
    return function () { try { if (navigator.vibrate) navigator.vibrate(ms); } catch (e) { /* none */ } return { data: {} }; };
  }
  var loadingProgress = 0;
  function setLoadingProgress(options) {
    var p = Number(options && typeof options === 'object' ? options.progress : options);
    loadingProgress = p >= 0 ? Math.min(100, p) : loadingProgress;
    document.documentElement.setAttribute('data-ttminis-loading', String(loadingProgress));
  }
  var fps = 60;
  function setPreferredFramesPerSecond(options) {
    var v = Number(options && typeof options === 'object' ? options.fps : options);
    if (!(v >= 1 && v <= 60)) return { error: makeError('invalidParams', 'setPreferredFramesPerSecond(): fps is 1 to 60') };
    fps = v;
    return { data: {} };
  }

  // Sharing (mini-games-sdk-share): the share panel, as for TTMinis.share.
  function shareGame(kind) {
    return function (options) {
      if (!ready() && FLAVOR !== 'native') return notReady();
      return outcomeOr('share', function () {
        return choiceSheet('share', kind === 'story' ? 'Share to Story' : 'Share', 'Mock TikTok: share ' + (options.title || 'this game') + '.', [['share', 'Share', true], ['cancel', 'Cancel', false]]);
      }).then(function (outcome) {
        if (outcome !== 'share') return { error: gameError(10001, 'the user cancelled sharing (mock)') };
        return { data: {} };
      });
    };
  }

  // The keyboard (mini-games-sdk-keyboard): an input at the bottom of the page; its events go to the listeners.
  var keyboard = null;
  function showKeyboard(options) {
    if (!keyboard) {
      keyboard = document.createElement(options.multiple ? 'textarea' : 'input');
      keyboard.id = 'ttminis-mock-keyboard';
      keyboard.style.cssText = 'position:fixed;left:0;right:0;bottom:0;width:100%;box-sizing:border-box;padding:12px;font-size:16px;z-index:2147483646;border:0;border-top:1px solid #ccc';
      keyboard.addEventListener('input', function () { emit('keyboardInput', { value: keyboard.value }); });
      keyboard.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' && !options.multiple) {
          emit('keyboardConfirm', { value: keyboard.value });
          if (!options.confirmHold) hideKeyboard();
        }
      });
      (document.body || document.documentElement).appendChild(keyboard);
    }
    keyboard.value = options.defaultValue || '';
    if (options.maxLength) keyboard.maxLength = options.maxLength;
    keyboard.focus();
    emit('keyboardHeightChange', { height: 260 });
    return { data: {} };
  }
  function hideKeyboard() {
    if (keyboard) {
      var value = keyboard.value;
      keyboard.remove(); keyboard = null;
      emit('keyboardComplete', { value: value });
      emit('keyboardHeightChange', { height: 0 });
    }
    return { data: {} };
  }
  function updateKeyboard(options) {
    if (!keyboard) return { error: gameError(40001000, 'updateKeyboard(): the keyboard is not shown') };
    keyboard.value = options.value || '';
    return { data: {} };
  }

  // Touches: the page's touch and mouse events, as the native runtime reports them.
  function touchList(list) {
    return Array.prototype.map.call(list || [], function (t) { return { identifier: t.identifier, clientX: t.clientX, clientY: t.clientY, pageX: t.pageX, pageY: t.pageY, force: t.force || 1 }; });
  }
  var mouseDown = false;
  function mouseTouch(e) { return [{ identifier: 0, clientX: e.clientX, clientY: e.clientY, pageX: e.pageX, pageY: e.pageY, force: 1 }]; }
  [['touchstart', 'touchStart'], ['touchmove', 'touchMove'], ['touchend', 'touchEnd'], ['touchcancel', 'touchCancel']].forEach(function (pair) {
    document.addEventListener(pair[0], function (e) { emit(pair[1], { touches: touchList(e.touches), changedTouches: touchList(e.changedTouches), timeStamp: e.timeStamp }); }, { passive: true });
  });
  document.addEventListener('mousedown', function (e) { mouseDown = true; emit('touchStart', { touches: mouseTouch(e), changedTouches: mouseTouch(e), timeStamp: e.timeStamp }); });
  document.addEventListener('mousemove', function (e) { if (mouseDown) emit('touchMove', { touches: mouseTouch(e), changedTouches: mouseTouch(e), timeStamp: e.timeStamp }); });
  document.addEventListener('mouseup', function (e) { if (mouseDown) { mouseDown = false; emit('touchEnd', { touches: [], changedTouches: mouseTouch(e), timeStamp: e.timeStamp }); } });

  // Files (mini-games-sdk-file): env.USER_DATA_PATH and a FileSystemManager kept in memory for the page.
  var USER_DATA_PATH = 'ttfile://user';
  var files = {
    data: {},
    put: function (path, value) { this.data[path] = value; },
    get: function (path) { return Object.prototype.hasOwnProperty.call(this.data, path) ? this.data[path] : undefined; }
  };
  function fsError(api, message) { return gameError(21101, api + ': ' + message); }
  function fileSystemManager() {
    function sync(api, fn) {
      return function () {
        var out = fn.apply(null, arguments);
        if (out && out.__error) { var err = new Error(out.__error.error_msg); err.error = out.__error; throw err; }
        return out;
      };
    }
    function async(api, fn) {
      return function (o) {
        var options = o || {};
        var out = fn(options.filePath || options.path || options.dirPath, options.data, options.encoding);
        later(function () {
          if (out && out.__error) { safe(options.fail, out.__error); safe(options.complete, out.__error); }
          else { var res = { data: out }; safe(options.success, res); safe(options.complete, res); }
        });
      };
    }
    function readFile(path, _data, encoding) {
      var v = files.get(path);
      if (v === undefined) return { __error: fsError('readFile', 'no such file or directory, open ' + path) };
      if (encoding || typeof v === 'string') return typeof v === 'string' ? v : String(v);
      return v;
    }
    function writeFile(path, data) { files.put(path, data); }
    function access(path) {
      var known = files.get(path) !== undefined || path === USER_DATA_PATH || Object.keys(files.data).some(function (p) { return p.indexOf(path + '/') === 0; });
      return known ? undefined : { __error: fsError('access', 'no such file or directory ' + path) };
    }
    function unlink(path) { if (files.get(path) === undefined) return { __error: fsError('unlink', 'no such file or directory ' + path) }; delete files.data[path]; }
    function mkdir() { }
    function readdir(path) {
      var prefix = String(path).replace(/\/$/, '') + '/';
      return Object.keys(files.data).filter(function (p) { return p.indexOf(prefix) === 0; }).map(function (p) { return p.slice(prefix.length).split('/')[0]; });
    }
    return {
      readFile: async('readFile', readFile), readFileSync: sync('readFileSync', function (p, e) { return readFile(p, null, e); }),
      writeFile: async('writeFile', writeFile), writeFileSync: sync('writeFileSync', writeFile),
      access: async('access', access), accessSync: sync('accessSync', access),
      unlink: async('unlink', unlink), unlinkSync: sync('unlinkSync', unlink),
      mkdir: async('mkdir', mkdir), mkdirSync: sync('mkdirSync', mkdir),
      readdir: async('readdir', readdir), readdirSync: sync('readdirSync', readdir)
    };
  }

  // Subpackages (mini-games-sdk-subpackage): loaded at once here (the whole game is local).
  function loadSubpackage(options) {
    var progress = [];
    var result = new Promise(function (resolve) {
      later(function () {
        progress.forEach(function (fn) { safe(fn, { progress: 100, totalBytesWritten: 1, totalBytesExpectedToWrite: 1 }); });
        resolve({ data: { name: options.name } });
      });
    });
    return { task: { onProgressUpdate: function (fn) { progress.push(fn); } }, result: result };
  }

  function getUpdateManager() {
    return {
      applyUpdate: function () {}, onCheckForUpdate: function (fn) { later(function () { safe(fn, { hasUpdate: false }); }); },
      onUpdateReady: function () {}, onUpdateFailed: function () {}
    };
  }
  var sharedCanvas = null;
  function getSharedCanvas() { return sharedCanvas || (sharedCanvas = document.createElement('canvas')); }
  function getOpenDataContext() { return { canvas: getSharedCanvas(), postMessage: function () {} }; }
  var firstCanvas = true;
  function createCanvas() {
    // The first canvas is the screen (the native runtime's); later ones are off screen.
    var existing = firstCanvas && document.querySelector('canvas');
    firstCanvas = false;
    if (existing) return existing;
    var canvas = document.createElement('canvas');
    canvas.width = window.innerWidth; canvas.height = window.innerHeight;
    return canvas;
  }
  function createImage() { return new Image(); }
  // InnerAudioContext (mini-games-sdk-media): play/pause/stop/seek/destroy and the listener pairs on/off Canplay,
  // Ended, Error, Pause, Play, Seeked, Seeking, Stop, TimeUpdate, Waiting, played with an <audio> element. onError
  // gets { errMsg, errorCode } as the page says; off(listener) removes that listener ("the same function object
  // used for listening must be passed in"), off() with none removes them all (the docs do not say; WeChat's do).
  var AUDIO_EVENTS = { Canplay: 'canplay', Ended: 'ended', Error: 'error', Pause: 'pause', Play: 'play', Seeked: 'seeked',
    Seeking: 'seeking', Stop: null, TimeUpdate: 'timeupdate', Waiting: 'waiting' };
  function createInnerAudioContext() {
    var audio = new Audio(), handlers = {}, stopping = false, own = { startTime: 0, obeyMuteSwitch: true };
    function fire(name, value) { (handlers[name] || []).slice().forEach(function (fn) { safe(fn, value); }); }
    Object.keys(AUDIO_EVENTS).forEach(function (name) {
      handlers[name] = [];
      if (AUDIO_EVENTS[name]) {
        audio.addEventListener(AUDIO_EVENTS[name], function () {
          if (name === 'Pause' && stopping) return;  // stop() is its own event, not a pause
          if (name === 'Error') {
            var code = audio.error ? audio.error.code : 0;
            fire(name, { errMsg: (audio.error && audio.error.message) || 'the audio could not be played', errorCode: code });
          } else fire(name, {});
        });
      }
    });
    var ctx = {
      play: function () {
        if (own.startTime && !audio.currentTime) { try { audio.currentTime = Number(own.startTime) || 0; } catch (e) { /* not loaded yet */ } }
        var p = audio.play(); if (p && p.catch) p.catch(function () {});
      },
      pause: function () { audio.pause(); },
      stop: function () { stopping = true; audio.pause(); audio.currentTime = 0; stopping = false; fire('Stop', {}); },
      seek: function (t) { audio.currentTime = t; },
      destroy: function () { audio.pause(); audio.removeAttribute('src'); Object.keys(handlers).forEach(function (n) { handlers[n] = []; }); }
    };
    ['src', 'loop', 'volume', 'autoplay', 'currentTime', 'duration', 'paused', 'playbackRate', 'buffered', 'startTime', 'obeyMuteSwitch'].forEach(function (prop) {
      Object.defineProperty(ctx, prop, {
        get: function () {
          if (prop in own) return own[prop];
          if (prop === 'buffered') return audio.buffered.length ? audio.buffered.end(audio.buffered.length - 1) : 0;
          return audio[prop];
        },
        set: function (v) {
          if (prop in own) { own[prop] = v; return; }
          try { audio[prop] = v; } catch (e) { /* read only */ }
        },
        enumerable: true
      });
    });
    Object.keys(AUDIO_EVENTS).forEach(function (name) {
      ctx['on' + name] = function (fn) { if (typeof fn === 'function') handlers[name].push(fn); };
      ctx['off' + name] = function (fn) { handlers[name] = fn === undefined ? [] : handlers[name].filter(function (f) { return f !== fn; }); };
    });
    return ctx;
  }
  function createWebAudioContext() { var C = window.AudioContext || window.webkitAudioContext; return C ? new C() : null; }
  var fontCount = 0;
  function loadFont(path) {
    if (typeof FontFace === 'undefined' || !path) return null;
    var family = 'ttminis-font-' + (++fontCount);
    new FontFace(family, 'url(' + path + ')').load().then(function (face) { document.fonts.add(face); }).catch(function () {});
    return family;
  }
  var TTWebAssembly = {
    instantiate: function (path, imports) {
      return fetch(path).then(function (r) { return r.arrayBuffer(); }).then(function (bytes) { return WebAssembly.instantiate(bytes, imports || {}); });
    }
  };

  // --- the APIs this file implements, each with its declaration (make docs-gen writes them to minis_cli/sdk_api.json) ---
  declare('TTMinis', 'createInterstitialAd', {
    "doc": "tiktok-minis-in-app-ads",
    "call": "constructor",
    "params": {
      "adUnitId": {
        "type": "string",
        "required": true
      }
    },
    "since": "44.2.0",
    "since_source": "tiktok-minis-in-app-ads: \"requires the TikTok app version to be no lower than 44.2.0\"",
    "methods": {
      "show": {},
      "onClose": {},
      "offClose": {},
      "onError": {},
      "offError": {}
    },
    "methods_source": "tiktok-minis-in-app-ads / minis SDK changelog 0.4.0: \"support show, onClose, onError, offClose, offError\" (no load)"
  }, createAd('interstitial', 'TTMinis'));
  declare('TTMinis', 'createRewardedVideoAd', {
    "doc": "tiktok-minis-in-app-ads",
    "call": "constructor",
    "params": {
      "adUnitId": {
        "type": "string",
        "required": true
      }
    },
    "since": "44.2.0",
    "since_source": "tiktok-minis-in-app-ads: \"requires the TikTok app version to be no lower than 44.2.0\"",
    "methods": {
      "show": {},
      "onClose": {},
      "offClose": {},
      "onError": {},
      "offError": {}
    },
    "methods_source": "tiktok-minis-in-app-ads / minis SDK changelog 0.4.0: \"support show, onClose, onError, offClose, offError\" (no load)"
  }, createAd('rewarded', 'TTMinis'));
  declare('TTMinis.game', 'TTWebAssembly', {
    "doc": "Mini Games SDK Changelog",
    "call": "value",
    "since": "43.4.0",
    "since_source": "mini games SDK changelog: 0.6.0 / client 43.4.0 (\"Added support for loading Wasm files using TTWebAssembly\")"
  }, TTWebAssembly);
  declare('TTMinis.game', 'addShortcut', {
    "doc": "mini-games-sdk-revisit-incentives",
    "call": "options",
    "since": "41.0.0",
    "since_source": "mini-games-sdk-revisit-incentives: \"require TikTok version 41.0.0 or higher\""
  }, reward('addShortcut'));
  declare('TTMinis.game', 'checkScene', {"doc": "mini-games-sdk-check-scene", "call": "options"}, checkScene);
  declare('TTMinis.game', 'clearStorage', {"doc": "Data Caching", "call": "options"}, clearStorage);
  declare('TTMinis.game', 'clearStorageSync', {"doc": "Data Caching", "call": "sync"}, clearStorageSync);
  declare('TTMinis.game', 'connectSocket', {
    "doc": "Websocket",
    "call": "options",
    "returns": "SocketTask",
    "params": {
      "url": {
        "type": "string",
        "required": true
      }
    }
  }, connectSocket);
  declare('TTMinis.game', 'createCanvas', {"doc": "mini-games-sdk-canvas", "call": "sync"}, createCanvas);
  declare('TTMinis.game', 'createImage', {"doc": "mini-games-sdk-canvas", "call": "sync"}, createImage);
  declare('TTMinis.game', 'createInnerAudioContext', {"doc": "Media / Audio", "call": "sync"}, createInnerAudioContext);
  declare('TTMinis.game', 'createInterstitialAd', {
    "doc": "mini-games-sdk-iaa",
    "call": "constructor",
    "params": {
      "adUnitId": {
        "type": "string",
        "required": true
      }
    },
    "methods": {
      "show": {},
      "onClose": {},
      "offClose": {},
      "onError": {},
      "offError": {},
      "load": {
        "since": "46.1.0",
        "doc": "mini-games-preload-ads",
        "returns": "promise"
      },
      "onLoad": {
        "since": "46.1.0",
        "doc": "mini-games-preload-ads"
      },
      "offLoad": {
        "since": "46.1.0",
        "doc": "mini-games-preload-ads"
      }
    },
    "methods_source": "mini-games-sdk-iaa: show, onClose/offClose, onError/offError; mini-games-base-library-update-log: SDK 0.33.0 / Client 46.1.0 \"RewardedVideoAd, InterstitialAd support load, onLoad, offLoad\"; mini-games-preload-ads: \"Preloading requires TikTok 46.1.0 or later\""
  }, createAd('interstitial', 'TTMinis.game'));
  declare('TTMinis.game', 'createRewardedVideoAd', {
    "doc": "mini-games-sdk-iaa",
    "call": "constructor",
    "params": {
      "adUnitId": {
        "type": "string",
        "required": true
      }
    },
    "methods": {
      "show": {},
      "onClose": {},
      "offClose": {},
      "onError": {},
      "offError": {},
      "load": {
        "since": "46.1.0",
        "doc": "mini-games-preload-ads",
        "returns": "promise"
      },
      "onLoad": {
        "since": "46.1.0",
        "doc": "mini-games-preload-ads"
      },
      "offLoad": {
        "since": "46.1.0",
        "doc": "mini-games-preload-ads"
      }
    },
    "methods_source": "mini-games-sdk-iaa: show, onClose/offClose, onError/offError; mini-games-base-library-update-log: SDK 0.33.0 / Client 46.1.0 \"RewardedVideoAd, InterstitialAd support load, onLoad, offLoad\"; mini-games-preload-ads: \"Preloading requires TikTok 46.1.0 or later\""
  }, createAd('rewarded', 'TTMinis.game'));
  declare('TTMinis.game', 'createWebAudioContext', {"doc": "Media / Audio", "call": "sync"}, createWebAudioContext);
  declare('TTMinis.game', 'downloadFile', {
    "doc": "Mini Games SDK Changelog",
    "call": "options",
    "returns": "DownloadTask",
    "params": {
      "url": {
        "type": "string",
        "required": true
      }
    }
  }, downloadFile);
  declare('TTMinis.game', 'env', {"doc": "mini-games-sdk-overview", "call": "value"}, { USER_DATA_PATH: USER_DATA_PATH });
  declare('TTMinis.game', 'getEnterOptionsSync', {"doc": "mini-games-sdk-event", "call": "sync"}, launchOptions);
  declare('TTMinis.game', 'getEntranceMissionReward', {
    "doc": "mini-games-sdk-revisit-incentives",
    "call": "options",
    "since": "41.0.0",
    "since_source": "mini-games-sdk-revisit-incentives: \"require TikTok version 41.0.0 or higher\""
  }, reward('getEntranceMissionReward'));
  declare('TTMinis.game', 'getFileSystemManager', {"doc": "File", "call": "sync"}, fileSystemManager);
  declare('TTMinis.game', 'getLaunchOptionsSync', {"doc": "mini-games-sdk-event", "call": "sync"}, launchOptions);
  declare('TTMinis.game', 'getNetworkType', {
    "doc": "Device and Network",
    "call": "options",
    "since": "44.6.0",
    "since_source": "mini games SDK changelog: 0.18.0 / client 44.6.0"
  }, getNetworkType);
  declare('TTMinis.game', 'getOpenDataContext', {"doc": "friend-leaderboard (open data context)", "call": "sync"}, getOpenDataContext);
  // Revisit rewards (mini-games-revisit-rewards, 2026-12-03): TikTok shows the player how to come back (sidebar, home
  // screen) and decides when the task is done; the game asks on start and on returning to the foreground, and grants
  // the reward when canReceiveReward is true. Required to pass review from 2026-12-14, replacing Revisit From Profile and
  // Home Screen Shortcut. The page names no client version and no fields beyond canReceiveReward. The mock: a queued
  // outcome `returned` (the player came back through the task) makes the next call eligible, once (docs/mock-api.md).
  declare('TTMinis.game', 'getRevisitMissionReward', {
    "doc": "mini-games-revisit-rewards",
    "call": "options",
    "returns_source": "mini-games-revisit-rewards: \"If canReceiveReward is true\" the game grants the reward"
  }, reward('getRevisitMissionReward'));
  declare('TTMinis.game', 'getScreenBrightness', {
    "doc": "Mini Games SDK Changelog",
    "call": "options",
    "since": "44.7.0",
    "since_source": "mini games SDK changelog: 0.19.0 / client 44.7.0"
  }, getScreenBrightness);
  declare('TTMinis.game', 'getSharedCanvas', {"doc": "friend-leaderboard (open data context)", "call": "sync"}, getSharedCanvas);
  declare('TTMinis.game', 'getShortcutMissionReward', {
    "doc": "mini-games-sdk-revisit-incentives",
    "call": "options",
    "since": "41.0.0",
    "since_source": "mini-games-sdk-revisit-incentives: \"require TikTok version 41.0.0 or higher\""
  }, reward('getShortcutMissionReward'));
  declare('TTMinis.game', 'getStorage', {"doc": "Data Caching", "call": "options", "params": {"key": {"type": "string", "required": true}}}, getStorage);
  declare('TTMinis.game', 'getStorageInfo', {"doc": "Data Caching", "call": "options"}, getStorageInfo);
  declare('TTMinis.game', 'getStorageInfoSync', {"doc": "Data Caching", "call": "sync"}, getStorageInfoSync);
  declare('TTMinis.game', 'getStorageSync', {"doc": "Data Caching", "call": "sync"}, getStorageSync);
  declare('TTMinis.game', 'getSystemInfo', {"doc": "mini-games-sdk-system", "call": "options"}, getSystemInfo);
  declare('TTMinis.game', 'getSystemInfoSync', {"doc": "mini-games-sdk-system", "call": "sync"}, getSystemInfoSync);
  declare('TTMinis.game', 'getUpdateManager', {
    "doc": "Mini Games SDK System",
    "call": "sync",
    "since": "46.3.0",
    "since_source": "mini games SDK changelog: 0.35.0 / client 46.3.0"
  }, getUpdateManager);
  // TikTok lists getWindowInfo (base library 0.2.0, TikTok 42.8.0) without a shape; WeChat's returns the object, and
  // engines' adapters read it so (Cocos Creator 3.8): it returns it, and answers success too (as the game host does)
  declare('TTMinis.game', 'getWindowInfo', {"doc": "mini-games-sdk-system", "call": "options", "returns": "value"}, getWindowInfo);
  declare('TTMinis.game', 'hideKeyboard', {"doc": "Device and Network", "call": "options"}, hideKeyboard);
  declare('TTMinis.game', 'loadFont', {"doc": "[3P] Mini Games rendering", "call": "sync"}, loadFont);
  declare('TTMinis.game', 'loadSubpackage', {"doc": "Develop your mini game (subpackages)", "call": "options", "returns": "LoadSubpackageTask"}, loadSubpackage);
  declare('TTMinis.game', 'preDownloadSubpackage', {
    "doc": "Develop your mini game (subpackages)",
    "call": "options",
    "returns": "PreDownloadSubpackageTask"
  }, loadSubpackage);
  declare('TTMinis.game', 'removeStorage', {"doc": "Data Caching", "call": "options", "params": {"key": {"type": "string", "required": true}}}, removeStorage);
  declare('TTMinis.game', 'removeStorageSync', {"doc": "Data Caching", "call": "sync"}, removeStorageSync);
  declare('TTMinis.game', 'request', {
    "doc": "mini-games-sdk-overview",
    "call": "options",
    "params": {
      "url": {
        "type": "string",
        "required": true
      },
      "method": {
        "type": "string"
      },
      "header": {
        "type": "object"
      },
      "timeout": {
        "type": "number"
      }
    },
    "returns": "RequestTask"
  }, request);
  declare('TTMinis.game', 'setKeepScreenOn', {
    "doc": "Mini Games SDK Changelog",
    "call": "options",
    "since": "44.7.0",
    "since_source": "mini games SDK changelog: 0.19.0 / client 44.7.0"
  }, setKeepScreenOn);
  declare('TTMinis.game', 'setLoadingProgress', {"doc": "Initialize SDK", "call": "sync"}, setLoadingProgress);
  declare('TTMinis.game', 'setPreferredFramesPerSecond', {"doc": "mini-games-sdk-frame-rate", "call": "sync"}, setPreferredFramesPerSecond);
  declare('TTMinis.game', 'setScreenBrightness', {
    "doc": "Mini Games SDK Changelog",
    "call": "options",
    "since": "44.7.0",
    "since_source": "mini games SDK changelog: 0.19.0 / client 44.7.0"
  }, setScreenBrightness);
  declare('TTMinis.game', 'setStorage', {"doc": "Data Caching", "call": "options", "params": {"key": {"type": "string", "required": true}}}, setStorage);
  declare('TTMinis.game', 'setStorageSync', {"doc": "Data Caching", "call": "sync"}, setStorageSync);
  declare('TTMinis.game', 'shareAppMessage', {"doc": "Sharing", "call": "options"}, shareGame('message'));
  declare('TTMinis.game', 'shareToStory', {"doc": "Sharing", "call": "options"}, shareGame('story'));
  declare('TTMinis.game', 'showKeyboard', {"doc": "Device and Network", "call": "options"}, showKeyboard);
  declare('TTMinis.game', 'startEntranceMission', {
    "doc": "mini-games-sdk-revisit-incentives",
    "call": "options",
    "since": "41.0.0",
    "since_source": "mini-games-sdk-revisit-incentives: \"require TikTok version 41.0.0 or higher\""
  }, reward('startEntranceMission'));
  declare('TTMinis.game', 'updateKeyboard', {"doc": "Device and Network", "call": "options"}, updateKeyboard);
  declare('TTMinis.game', 'vibrateLong', {"doc": "Device and Network", "call": "options"}, vibrate(400));
  declare('TTMinis.game', 'vibrateShort', {"doc": "Device and Network", "call": "options"}, vibrate(15));
