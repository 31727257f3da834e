/* Mock TikTok Minis SDK (minis-py). Defines window.TTMinis as the TikTok container does, and talks to
 * the mock TikTok server it was loaded from (/_mock/sdk/*). Flavor: __FLAVOR__. */
(function () {
  'use strict';
  if (window.TTMinis && window.TTMinis.__mock) return;

  var FLAVOR = '__FLAVOR__';
  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var USER_KEY = 'ttminis-mock-user';
  var DEFAULT_SCOPE = 'user.info.basic';
  var ERRORS = {
    notInitialised: [40001001, 'TTMinis.init must be called first'],
    invalidParams: [40001000, 'Invalid parameters'],
    denied: [10003, 'The user denied the authorization'],
    network: [50001000, 'Could not reach the mock TikTok server']
  };
  var APIS = ['init', 'login', 'authorize', 'canIUse', 'getDeviceInfo', 'getMenuButtonBoundingClientRect',
    'setNavigationBarColor', 'on', 'off', 'game.login', 'game.authorize', 'game.canIUse', 'game.addShortcut',
    'game.getShortcutMissionReward', 'game.startEntranceMission', 'game.getEntranceMissionReward', 'game.init',
    'game.createRewardedVideoAd', 'game.createInterstitialAd', 'game.getMenuButtonBoundingClientRect',
    'game.onShow', 'game.offShow', 'game.onHide', 'game.offHide', 'pay', 'game.pay'];
  var state = { clientKey: null, listeners: {} };

  function makeError(kind, message) {
    var known = ERRORS[kind] || ERRORS.invalidParams;
    return { error_code: known[0], error_msg: message || known[1], error_extra: {} };
  }

  // Every documented call shape: fn(callback, options), fn({ success, fail, complete, ...options }).
  function handlers(first, second) {
    if (typeof first === 'function') return { callback: first, options: second || {} };
    var options = first || {};
    return { success: options.success, fail: options.fail, complete: options.complete, options: options };
  }

  function deliver(h, outcome, wrap) {
    setTimeout(function () {
      if (h.callback) {
        h.callback(outcome.error ? { error: outcome.error } : (wrap ? { authResponse: outcome.data } : outcome.data));
      } else {
        if (outcome.error) { if (typeof h.fail === 'function') h.fail(outcome.error); }
        else if (typeof h.success === 'function') h.success(outcome.data);
        if (typeof h.complete === 'function') h.complete(outcome.error ? { error: outcome.error } : outcome.data);
      }
    }, 0);
  }

  function post(action, body) {
    return fetch(ORIGIN + '/_mock/sdk/' + action, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {})
    }).then(function (r) { return r.json(); }).catch(function () { return { error: makeError('network') }; });
  }

  function currentUser() {
    try { return localStorage.getItem(USER_KEY); } catch (e) { return null; }
  }

  function rememberUser(name) {
    try { localStorage.setItem(USER_KEY, name); } catch (e) { /* private mode */ }
  }

  function ready(h, wrap) {
    if (!state.clientKey) { deliver(h, { error: makeError('notInitialised') }, wrap); return false; }
    return true;
  }

  function login(first, second) {
    var h = handlers(first, second);
    if (!ready(h, true)) return;
    post('login', { client_key: state.clientKey, user: currentUser(), scope: h.options.scope }).then(function (res) {
      if (res.error) return deliver(h, { error: res.error }, true);
      if (!currentUser() && res.user) rememberUser(res.user);
      var data = { code: res.code };
      if (h.options.returnScopes) data.grantedScopes = res.grantedScopes;
      deliver(h, { data: data }, true);
    });
  }

  function consentDialog(scope) {
    return new Promise(function (resolve) {
      post('users', {}).then(function (res) {
        var users = (res && res.users) || [];
        var chosen = currentUser() || (users[0] && users[0].name) || '';
        var overlay = document.createElement('div');
        overlay.id = 'ttminis-mock-consent';
        overlay.setAttribute('role', 'dialog');
        overlay.setAttribute('aria-label', 'Authorize');
        overlay.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.55);display:flex;align-items:flex-end;justify-content:center;z-index:2147483647;font-family:system-ui,sans-serif';
        var sheet = document.createElement('div');
        sheet.style.cssText = 'background:#fff;color:#161823;width:100%;max-width:420px;border-radius:16px 16px 0 0;padding:20px 20px 28px;box-sizing:border-box';
        var title = document.createElement('h2');
        title.textContent = 'Authorize ' + state.clientKey;
        title.style.cssText = 'font-size:18px;margin:0 0 8px';
        var note = document.createElement('p');
        note.textContent = 'This Mini would like to access:';
        note.style.cssText = 'margin:0 0 8px;font-size:14px';
        var list = document.createElement('ul');
        list.style.cssText = 'margin:0 0 12px;padding-left:20px;font-size:14px';
        scope.split(',').forEach(function (s) { var li = document.createElement('li'); li.textContent = s; list.appendChild(li); });
        var label = document.createElement('label');
        label.textContent = 'Mock user ';
        label.style.cssText = 'display:block;font-size:14px;margin-bottom:16px';
        var select = document.createElement('select');
        select.id = 'ttminis-mock-user';
        users.forEach(function (u) {
          var option = document.createElement('option');
          option.value = u.name; option.textContent = u.display_name;
          if (u.name === chosen) option.selected = true;
          select.appendChild(option);
        });
        label.appendChild(select);
        function button(id, text, primary) {
          var b = document.createElement('button');
          b.id = id; b.type = 'button'; b.textContent = text;
          b.style.cssText = 'width:48%;padding:12px;border-radius:8px;font-size:15px;border:' + (primary ? '0;background:#fe2c55;color:#fff' : '1px solid #ccc;background:#fff;color:#161823');
          return b;
        }
        var deny = button('ttminis-mock-deny', 'Deny', false);
        var allow = button('ttminis-mock-allow', 'Allow', true);
        allow.style.marginLeft = '4%';
        function close(decision) {
          overlay.remove();
          if (select.value) rememberUser(select.value);
          resolve({ decision: decision, user: select.value || chosen });
        }
        deny.onclick = function () { close('deny'); };
        allow.onclick = function () { close('allow'); };
        sheet.append(title, note, list, label, deny, allow);
        overlay.appendChild(sheet);
        (document.body || document.documentElement).appendChild(overlay);
      });
    });
  }

  // The pay sheet: what the user does with a trade order (confirm / cancel / fail).
  function paySheet(tradeOrderId) {
    return new Promise(function (resolve) {
      var overlay = document.createElement('div');
      overlay.id = 'ttminis-mock-pay';
      overlay.setAttribute('role', 'dialog');
      overlay.setAttribute('aria-label', 'Pay');
      overlay.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.55);display:flex;align-items:flex-end;justify-content:center;z-index:2147483647;font-family:system-ui,sans-serif';
      var sheet = document.createElement('div');
      sheet.style.cssText = 'background:#fff;color:#161823;width:100%;max-width:420px;border-radius:16px 16px 0 0;padding:20px 20px 28px;box-sizing:border-box';
      var title = document.createElement('h2');
      title.textContent = 'Confirm payment';
      title.style.cssText = 'font-size:18px;margin:0 0 8px';
      var note = document.createElement('p');
      note.textContent = 'Mock TikTok: order ' + tradeOrderId + ' (no Beans are spent).';
      note.style.cssText = 'margin:0 0 16px;font-size:14px;word-break:break-all';
      sheet.append(title, note);
      [['confirm', 'Pay', true], ['cancel', 'Cancel', false], ['fail', 'Simulate a failure', false]].forEach(function (choice) {
        var b = document.createElement('button');
        b.id = 'ttminis-mock-pay-' + choice[0]; b.type = 'button'; b.textContent = choice[1];
        b.style.cssText = 'display:block;width:100%;margin-top:8px;padding:12px;border-radius:8px;font-size:15px;border:' + (choice[2] ? '0;background:#fe2c55;color:#fff' : '1px solid #ccc;background:#fff;color:#161823');
        b.onclick = function () { overlay.remove(); resolve(choice[0]); };
        sheet.appendChild(b);
      });
      overlay.appendChild(sheet);
      (document.body || document.documentElement).appendChild(overlay);
    });
  }

  // pay(cb, { trade_order_id }) (minis-sdk-payment) and pay({ trade_order_id, success, fail, complete })
  // (the games SDK): cb gets { is_success, trade_order_id, error? }.
  function pay(first, second) {
    var h = handlers(first, second);
    if (!ready(h, false)) return;
    var id = h.options.trade_order_id;
    queuedOutcome('pay').then(function (outcome) {
      return outcome || paySheet(id);
    }).then(function (outcome) {
      return post('pay', { client_key: state.clientKey, user: currentUser(), trade_order_id: id, outcome: outcome });
    }).then(function (res) {
      setTimeout(function () {
        if (h.callback) return h.callback(res);
        if (res.is_success) { if (typeof h.success === 'function') h.success(res); }
        else if (typeof h.fail === 'function') h.fail(res.error);
        if (typeof h.complete === 'function') h.complete(res);
      }, 0);
    });
  }

  // A queued outcome (POST /_mock/outcomes) answers the next sheet without UI; null: ask the person.
  function queuedOutcome(api) {
    return post('outcome', { api: api }).then(function (res) { return (res && res.outcome) || null; });
  }

  function authorize(first, second) {
    var h = handlers(first, second);
    if (!ready(h, true)) return;
    var scope = h.options.scope || DEFAULT_SCOPE;
    queuedOutcome('authorize').then(function (outcome) {
      return outcome ? { decision: outcome, user: currentUser() } : consentDialog(scope);
    }).then(function (answer) {
      return post('authorize', { client_key: state.clientKey, user: answer.user, scope: scope, decision: answer.decision });
    }).then(function (res) {
      if (res.error) return deliver(h, { error: res.error }, true);
      deliver(h, { data: { code: res.code, grantedScopes: res.grantedScopes } }, true);
    });
  }

  // canIUse('authorize') or a schema path such as 'authorize.object.scope' (api.method.param.option): true
  // when this SDK has the API (the path's first part; its details are not modelled).
  function canIUse(name) {
    var api = String(name).split('.')[0] === 'game' ? String(name).split('.').slice(0, 2).join('.') : String(name).split('.')[0];
    return APIS.indexOf(api) !== -1 || APIS.indexOf('game.' + api) !== -1;
  }

  // Events (minis SDK event page): on() returns a callback id for off(); minis.launch fires after init,
  // minis.show / minis.hide with the page's visibility, minis.destroy when it is closed.
  var nextListener = 1;
  function on(event, fn) {
    if (typeof fn !== 'function') return '';
    var id = 'cb' + (nextListener++);
    (state.listeners[event] = state.listeners[event] || []).push({ id: id, fn: fn });
    return id;
  }
  function off(event, idOrFn) {
    state.listeners[event] = (state.listeners[event] || []).filter(function (l) { return l.id !== idOrFn && l.fn !== idOrFn; });
  }
  function emit(event, payload) {
    (state.listeners[event] || []).slice().forEach(function (l) { try { l.fn(payload); } catch (e) { console.error(e); } });
  }
  document.addEventListener('visibilitychange', function () { emit(document.hidden ? 'minis.hide' : 'minis.show', {}); });
  window.addEventListener('pagehide', function () { emit('minis.destroy', {}); });

  // Synchronous, as in TikTok: they return their result.
  function getDeviceInfo() {
    // The Device page shows { data: { bottomHeight } }; projects also read .bottomHeight directly: both are there.
    var bottom = '34';
    return { data: { bottomHeight: bottom }, bottomHeight: bottom };
  }
  function getMenuButtonBoundingClientRect() {
    var w = window.innerWidth;
    return { width: 87, height: 32, top: 48, bottom: 80, left: w - 97, right: w - 10 };
  }
  // setNavigationBarColor(opts, cb): frontColor is '#ffffff' or '#000000' (Navigation Bar page); cb gets
  // { is_success } (and error on failure).
  function setNavigationBarColor(opts, cb) {
    var options = opts || {};
    var ok = options.frontColor === undefined || /^#(?:ffffff|000000)$/i.test(String(options.frontColor));
    var result = ok ? { is_success: true } : { is_success: false, error: makeError('invalidParams', "frontColor must be '#ffffff' or '#000000'") };
    setTimeout(function () {
      if (typeof cb === 'function') cb(result);
      if (ok && typeof options.success === 'function') options.success(result);
      if (!ok && typeof options.fail === 'function') options.fail(result.error);
      if (typeof options.complete === 'function') options.complete(result);
    }, 0);
  }

  function reward(api) {
    return function (first, second) {
      var h = handlers(first, second);
      if (!ready(h, false)) return;
      post('rewards', { client_key: state.clientKey, user: currentUser(), api: api }).then(function (res) {
        deliver(h, res.error ? { error: res.error } : { data: res }, false);
      });
    };
  }


  function init(params) {
    if (!params || typeof params.clientKey !== 'string' || !params.clientKey) {
      console.error('[TTMinis mock] init needs { clientKey: "<your client key>" }');
      return;
    }
    var first = !state.clientKey;
    state.clientKey = params.clientKey;
    if (first) setTimeout(function () { emit('minis.launch', {}); }, 0);
  }

  // A rewarded / interstitial ad as TikTok's games SDK shapes it (mini-games-sdk-iaa): show() resolves when
  // the ad is on screen; onClose listeners get { isEnded } when it closes (here: watched to the end at
  // once). There is no load() or destroy(); an instance shows once.
  function createAd(kind) {
    return function (options) {
      var closeListeners = [], errorListeners = [], shown = false;
      var unit = options && options.adUnitId;
      function fire(list, value) { list.slice().forEach(function (fn) { try { fn(value); } catch (e) { console.error(e); } }); }
      return {
        show: function () {
          if (!unit) return Promise.reject(makeError('invalidParams', 'adUnitId is required'));
          if (shown) return Promise.reject({ errCode: 11003, errMsg: 'the ad was already shown' });
          shown = true;
          var api = kind === 'rewarded' ? 'createRewardedVideoAd' : 'createInterstitialAd';
          return queuedOutcome(api).then(function (outcome) {
            if (outcome === 'no_fill') {
              var error = { error_code: 1004, error_msg: 'no ad to show (mock: no_fill)' };
              setTimeout(function () { fire(errorListeners, error); }, 0);
              return Promise.reject(error);
            }
            setTimeout(function () { fire(closeListeners, { isEnded: outcome !== 'closed_early' }); }, 0);
          });
        },
        onClose: function (fn) { closeListeners.push(fn); },
        offClose: function (fn) { closeListeners = closeListeners.filter(function (f) { return f !== fn; }); },
        onError: function (fn) { errorListeners.push(fn); },
        offError: function (fn) { errorListeners = errorListeners.filter(function (f) { return f !== fn; }); },
        kind: kind
      };
    };
  }

  window.TTMinis = {
    __mock: true,
    flavor: FLAVOR,
    init: init,
    pay: pay,
    login: login,
    authorize: authorize,
    canIUse: canIUse,
    getDeviceInfo: getDeviceInfo,
    getMenuButtonBoundingClientRect: getMenuButtonBoundingClientRect,
    setNavigationBarColor: setNavigationBarColor,
    on: on,
    off: off,
    game: {
      init: init,
      pay: pay,
      getMenuButtonBoundingClientRect: getMenuButtonBoundingClientRect,
      onShow: function (fn) { return on('minis.show', fn); },
      offShow: function (fn) { off('minis.show', fn); },
      onHide: function (fn) { return on('minis.hide', fn); },
      offHide: function (fn) { off('minis.hide', fn); },
      createRewardedVideoAd: createAd('rewarded'),
      createInterstitialAd: createAd('interstitial'),
      login: login,
      authorize: authorize,
      canIUse: canIUse,
      addShortcut: reward('addShortcut'),
      getShortcutMissionReward: reward('getShortcutMissionReward'),
      startEntranceMission: reward('startEntranceMission'),
      getEntranceMissionReward: reward('getEntranceMissionReward')
    }
  };
})();
