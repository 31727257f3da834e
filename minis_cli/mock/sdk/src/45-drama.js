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
  function getPlayer(channel) {
    if (channel !== undefined && channel !== 'byteplus' && channel !== 'volcengine') {
      return Promise.reject(makeError('invalidParams', "getPlayer(): channel must be 'byteplus' or 'volcengine'"));
    }
    function MockPlayer(options) {
      var self = this, opts = options || {}, listeners = {}, timer = null;
      var root = typeof opts.id === 'string' ? document.getElementById(opts.id) : (opts.el || null);
      if (!root) throw new Error('VePlayer: options.id or options.el must name an element');
      var screen = document.createElement('div');
      screen.className = 'ttminis-mock-player';
      screen.style.cssText = 'position:relative;width:100%;height:100%;min-height:180px;background:#000;color:#fff;display:flex;align-items:center;justify-content:center;font:14px system-ui,sans-serif';
      screen.textContent = 'Mock player: ' + (opts.url || ('album ' + (opts.album_id || '?') + ' · episode ' + (opts.episode_id || '?') + (opts.vid ? ' · vid ' + opts.vid : '')));
      root.appendChild(screen);
      self.options = opts; self.channel = channel || 'byteplus';
      self.currentTime = 0; self.duration = Number(opts.duration) || 60; self.paused = true; self.ended = false;
      function fire(event) { (listeners[event] || []).slice().forEach(function (fn) { safe(fn, { type: event, currentTime: self.currentTime }); }); }
      self.on = function (event, fn) { (listeners[event] = listeners[event] || []).push(fn); };
      self.off = function (event, fn) { listeners[event] = (listeners[event] || []).filter(function (f) { return f !== fn; }); };
      self.play = function () {
        if (!self.paused) return Promise.resolve();
        self.paused = false; fire('play');
        timer = setInterval(function () {
          self.currentTime = Math.min(self.duration, self.currentTime + 0.25); fire('timeupdate');
          if (self.currentTime >= self.duration) { clearInterval(timer); self.paused = true; self.ended = true; fire('ended'); }
        }, 250);
        return Promise.resolve();
      };
      self.pause = function () { if (!self.paused) { clearInterval(timer); self.paused = true; fire('pause'); } };
      self.seek = function (t) { self.currentTime = Math.max(0, Math.min(self.duration, Number(t) || 0)); fire('seeked'); };
      self.destroy = function () { clearInterval(timer); screen.remove(); fire('destroy'); listeners = {}; };
      if (opts.autoplay) later(self.play);
    }
    return Promise.resolve(MockPlayer);
  }
