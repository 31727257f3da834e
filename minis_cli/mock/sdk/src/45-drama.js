  // --- sharing, analytics, surfaces and the drama player -----------------------------------------------

  // share(cb, opts) (minis-sdk-share): the page calls it from its TTMinis.on('minis.share') listener, which fires
  // when the user taps Share in TikTok's menu (the preview's menu, or POST /_mock/events {"event": "minis.share"});
  // it shows the share panel (share / cancel) with that content; cb gets { is_success, error? }. It does not fire
  // minis.share itself (a listener that calls share would loop).
  function share(options) {
    if (!ready()) return notReady();
    return outcomeOr('share', function () {
      return choiceSheet('share', 'Share', 'Mock TikTok: share ' + (options.title || document.title || 'this Mini') + '.', [['share', 'Share', true], ['cancel', 'Cancel', false]]);
    }).then(function (outcome) {
      if (outcome !== 'share') {
        var error = { error_code: 10001, error_msg: 'the user cancelled sharing (mock)', error_extra: {} };
        return { error: error, callback: { is_success: false, error: error } };
      }
      post('report', { client_key: state.clientKey, event: 'share', params: describe({ title: options.title, desc: options.desc, imageUrl: options.imageUrl, query: options.query }, 0) });
      return { data: { is_success: true }, callback: { is_success: true } };
    });
  }

  // reportEvent({ eventName, params, callback }): the callback gets { isSuccess, error? }.
  function reportEvent(options) {
    var ok = typeof options.eventName === 'string' && options.eventName !== '';
    var error = ok ? null : makeError('invalidParams', 'reportEvent(): eventName is required');
    if (ok) post('report', { client_key: state.clientKey, event: options.eventName, params: describe(options.params || {}, 0) });
    return ok ? { data: { isSuccess: true }, callback: { isSuccess: true } } : { error: error, callback: { isSuccess: false, error: error } };
  }

  // showSurfaceCoupon(cb): the coupon redemption surface; from TikTok 45.0.0 the callback also has coupon_discount,
  // "the discount amount of the coupon" (minis-base-library-update-log, SDK 0.6.0). The page gives neither its type
  // nor a value: the mock's is a number of its choosing (the declaration's showSurfaceCoupon.result).
  var MOCK_COUPON_DISCOUNT = 5;
  function showSurfaceCoupon() {
    if (!ready()) return notReady();
    document.documentElement.setAttribute('data-ttminis-coupon', '');
    var since = ((DECLARED.TTMinis.showSurfaceCoupon.result || {}).coupon_discount || {}).since;
    var result = atLeast(since) ? { is_success: true, coupon_discount: MOCK_COUPON_DISCOUNT } : { is_success: true };
    return { data: result, callback: result };
  }

  function simple(name) {
    return function () {
      if (!ready()) return notReady();
      document.documentElement.setAttribute('data-ttminis-' + name, '');
      return { data: { is_success: true }, callback: { is_success: true } };
    };
  }

  // getPlayer(channel): a Promise of a VePlayer-like constructor ('byteplus' or 'volcengine'). The real player
  // cannot play episodes in a desktop browser (the docs), so the mock plays options.url or a generated clip
  // for album_id / episode_id / vid (mock-only).
  //
  // Errors (mini-drama-player-error-codes, Nov 24, 2026): the player fires VePlayer.Events.ERROR with
  // { veErrorCode } when retrieving an episode's information fails, from real conditions: no albumId/episodeId
  // (nor url or vid) 9301; no play-auth token on a client before 44.5.0 (canIUse('getDramaInfo') false) 9308; an empty
  // playback list (playList: []) 9311; the retrieval (the mock's /_mock/sdk/outcome, 3 tries of 3 s) failing 9312.
  // A queued getPlayer outcome (POST /_mock/outcomes) chooses one instead: play, 9301, 9308, 9311, 9312, 9399,
  // 2100 or 5104 (2100 / 5104, "general codes", arrive once playback has started). "The detailed codes that replace
  // the general 9399 code require TikTok 47.5.0 or later ... Earlier versions can still report 9399": before
  // 47.5.0 the mock reports 9301 / 9311 / 9312 as 9399 (9308, which the page ties to clients before 44.5.0, stays).
  // The message texts are the mock's.
  var PLAYER_ERRORS = {
    9301: 'invalid playback parameters (albumId / episodeId)', 9308: 'play-auth token missing or invalid (TikTok before 44.5.0)',
    9311: 'episode information retrieved, but the playback list is empty', 9312: 'retrieving episode information timed out after retries',
    9399: 'playback failed', 2100: 'network error during playback', 5104: 'playback error'
  };
  var DETAILED_SINCE = '47.5.0';
  function playerError(code) {
    var reported = (code === 9301 || code === 9311 || code === 9312) && !atLeast(DETAILED_SINCE) ? 9399 : code;
    return { type: 'error', veErrorCode: reported, errorCode: reported, message: PLAYER_ERRORS[reported] + ' (mock)' };
  }
  // What retrieving the episode's information answers: a queued outcome, or null (play); 'timeout' when the mock
  // cannot be reached within 3 tries.
  function retrieveEpisode() {
    function attempt(left) {
      var timer, timeout = new Promise(function (resolve) { timer = setTimeout(function () { resolve({ error: makeError('network') }); }, 3000); });
      return Promise.race([post('outcome', { api: 'getPlayer' }), timeout]).then(function (res) {
        clearTimeout(timer);
        if (res && res.error) return left > 1 ? attempt(left - 1) : 'timeout';
        return (res && res.outcome) || null;
      });
    }
    return attempt(3);
  }
  function getPlayer(channel) {
    if (channel !== undefined && channel !== 'byteplus' && channel !== 'volcengine') {
      return Promise.reject(makeError('invalidParams', "getPlayer(): channel must be 'byteplus' or 'volcengine'"));
    }
    function MockPlayer(options) {
      var self = this, opts = options || {}, listeners = {}, timer = null, failed = null;
      var root = typeof opts.id === 'string' ? document.getElementById(opts.id) : (opts.el || null);
      if (!root) throw new Error('VePlayer: options.id or options.el must name an element');
      var screen = document.createElement('div');
      screen.className = 'ttminis-mock-player';
      screen.style.cssText = 'position:relative;width:100%;height:100%;min-height:180px;background:#000;color:#fff;display:flex;align-items:center;justify-content:center;font:14px system-ui,sans-serif';
      root.appendChild(screen);
      self.options = opts; self.channel = channel || 'byteplus';
      self.currentTime = 0; self.duration = Number(opts.duration) || 60; self.paused = true; self.ended = false;
      function fire(event, value) { (listeners[event] || []).slice().forEach(function (fn) { safe(fn, value || { type: event, currentTime: self.currentTime }); }); }
      function stop() { clearInterval(timer); self.paused = true; }
      function fail(code) {
        stop();
        failed = playerError(code);
        screen.textContent = 'Mock player error ' + failed.veErrorCode + ': ' + PLAYER_ERRORS[failed.veErrorCode];
        record('player', 'error', [failed]);
        fire(MockPlayer.Events.ERROR, failed);
      }
      // The episode's information, as the real player retrieves it for each episode (here and in playNext).
      var retrieving = null, general = null;
      function retrieve(o) {
        failed = null; general = null;
        screen.textContent = 'Mock player: ' + (o.url || ('album ' + (o.albumId || o.album_id || '?') + ' · episode ' + (o.episodeId || o.episode_id || '?') + (o.vid ? ' · vid ' + o.vid : '')));
        retrieving = retrieveEpisode().then(function (outcome) {
          var code = outcome === 'timeout' ? 9312 : outcome && outcome !== 'play' ? Number(outcome) : 0;
          if (!code) {
            var token = o.playAuthToken || o.play_auth_token;
            if (!o.url && !o.vid && !((o.albumId || o.album_id) && (o.episodeId || o.episode_id))) code = 9301;
            else if (!o.url && !token && !atLeast(CAPABILITIES.TTMinis.getDramaInfo.since)) code = 9308;
            else if (Array.isArray(o.playList) && !o.playList.length) code = 9311;
          }
          if (code === 2100 || code === 5104) { general = code; return; }  // once playback has started
          if (code) fail(code);
        });
        return retrieving;
      }
      self.on = function (event, fn) { (listeners[event] = listeners[event] || []).push(fn); };
      self.off = function (event, fn) { listeners[event] = (listeners[event] || []).filter(function (f) { return f !== fn; }); };
      self.play = function () {
        return retrieving.then(function () {
          if (failed) return Promise.reject(failed);
          if (!self.paused) return undefined;
          self.paused = false; fire('play');
          if (general) { var code = general; general = null; later(function () { fail(code); }); return undefined; }
          timer = setInterval(function () {
            self.currentTime = Math.min(self.duration, self.currentTime + 0.25); fire('timeupdate');
            if (self.currentTime >= self.duration) { stop(); self.ended = true; fire('ended'); }
          }, 250);
          return undefined;
        });
      };
      // playNext(options): the next episode; its information is retrieved again (errors arrive as for the first).
      self.playNext = function (next) {
        stop(); self.currentTime = 0; self.ended = false;
        self.options = opts = Object.assign({}, opts, next || {});
        retrieve(opts);
        return self.play();
      };
      self.pause = function () { if (!self.paused) { stop(); fire('pause'); } };
      self.seek = function (t) { self.currentTime = Math.max(0, Math.min(self.duration, Number(t) || 0)); fire('seeked'); };
      self.destroy = function () { stop(); screen.remove(); fire('destroy'); listeners = {}; };
      retrieve(opts);
      if (opts.autoplay) later(function () { self.play().catch(function () { /* reported through ERROR */ }); });
    }
    MockPlayer.Events = { ERROR: 'error', PLAY: 'play', PAUSE: 'pause', ENDED: 'ended', TIME_UPDATE: 'timeupdate', SEEKED: 'seeked', DESTROY: 'destroy' };
    return Promise.resolve(MockPlayer);
  }

  // --- the APIs this file implements, each with its declaration (make docs-gen writes them to minis_cli/sdk_api.json) ---
  declare('TTMinis', 'getPlayer', {"doc": "minis-player", "call": "promise"}, getPlayer);
  declare('TTMinis', 'hideRibbon', {
    "doc": "minis-sdk-subscriptions",
    "call": "callback_options",
    "since": "43.8.0",
    "since_source": "minis SDK changelog: 0.3.0 / client 43.8.0",
    "flag": "is_success"
  }, simple('ribbon-hidden'));
  declare('TTMinis', 'reportEvent', {
    "doc": "minis-sdk-share",
    "call": "options",
    "since": "40.9.0",
    "since_source": "minis SDK changelog: 0.2.0 / client 40.9.0",
    "params": {
      "eventName": {
        "type": "string",
        "required": true
      },
      "params": {
        "type": "object",
        "required": true
      }
    },
    "flag": "isSuccess",
    "params_required_source": "minis-sdk-share: \"params  Record<string, any>  Event Parameters  Yes\""
  }, reportEvent);
  declare('TTMinis', 'requestSubscribeMessage', {
    "doc": "minis SDK changelog (0.5.0)",
    "call": "callback_options",
    "since": "44.9.0",
    "since_source": "minis SDK changelog: 0.5.0 / client 44.9.0",
    "flag": "is_success"
  }, simple('subscribe-message'));
  declare('TTMinis', 'share', {
    "doc": "minis-sdk-share",
    "call": "callback_options",
    "params": {
      "title": {
        "type": "string",
        "required": true
      },
      "desc": {
        "type": "string"
      },
      "imageUrl": {
        "type": "string"
      },
      "query": {
        "type": "object"
      }
    },
    "flag": "is_success"
  }, share);
  declare('TTMinis', 'showSurfaceCoupon', {
    "doc": "minis-sdk-subscriptions",
    "call": "callback_options",
    "since": "43.8.0",
    "since_source": "minis SDK changelog: 0.3.0 / client 43.8.0",
    "flag": "is_success",
    "result": {
      "coupon_discount": {
        "type": "number",
        "since": "45.0.0",
        "source": "minis-base-library-update-log: SDK 0.6.0 / Client 45.0.0 \"Updated API TTMinis.showSurfaceCoupon callback Add coupon_discount field to return the discount amount of the coupon\" (its type and value are not documented: the mock's number is its choice)"
      }
    }
  }, showSurfaceCoupon);
  declare('TTMinis.game', 'reportEvent', {
    "doc": "mini-games-sdk-analytics",
    "call": "options",
    "params": {
      "eventName": {
        "type": "string",
        "required": true
      },
      "params": {
        "type": "object"
      }
    },
    "params_required_source": "mini-games-sdk-analytics: \"params  object  The event parameters. A record of key-value pairs.  No\""
  }, reportEvent);
