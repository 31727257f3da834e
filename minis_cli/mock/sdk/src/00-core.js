/* Mock TikTok Minis SDK (minis-py). Defines window.TTMinis (and, in a game, TTMinis.game) as the TikTok
 * container does, and talks to the mock TikTok server it was loaded from (/_mock/sdk/*). Flavor: __FLAVOR__.
 * Assembled from src/*.js in name order; each file declares the APIs it implements (declare(), below). */
(function () {
  'use strict';
  if (window.TTMinis && window.TTMinis.__mock) return;

  var FLAVOR = '__FLAVOR__';
  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var USER_KEY = 'ttminis-mock-user';
  var DEFAULT_SCOPE = 'user.info.basic';
  // Codes the docs give (minis SDK pages), and the mock-only ones (docs/mock-api.md: Error codes).
  var ERRORS = {
    notInitialised: [40001001, 'TTMinis.init must be called first'],
    invalidParams: [40001000, 'Invalid parameters'],
    denied: [10003, 'The user denied the authorization'],
    network: [50001000, 'Could not reach the mock TikTok server']
  };
  // Every API is declared where it is implemented: declare(namespace, name, declaration, implementation) in the
  // file of its implementation, the declaration (call shape, parameters, the client version it came in, its doc
  // page) a JSON object. `make docs-gen` writes the declarations to minis_cli/sdk_api.json ("namespaces"), which
  // the lint rules (MN208, MN210, MN503, MN506) and the language server read. The canIUse capabilities that are no
  // API come from sdk_api.json ("capabilities").
  var DECLARED = { 'TTMinis': {}, 'TTMinis.game': {} }, IMPLEMENTATIONS = { 'TTMinis': {}, 'TTMinis.game': {} };
  var CAPABILITIES = __CAPABILITIES__;
  function declare(namespace, name, declaration, implementation) {
    DECLARED[namespace][name] = declaration;
    IMPLEMENTATIONS[namespace][name] = implementation;
  }
  var CALLS = __CALLS__;
  var CLIENT_VERSION = '__CLIENT_VERSION__';
  var TRUSTED_DOMAINS = __TRUSTED_DOMAINS__;
  // A native game needs no init: the container knows the app (the native flavor starts with its key).
  var state = { clientKey: __APP_CLIENT_KEY__, listeners: {} };

  function makeError(kind, message) {
    var known = ERRORS[kind] || ERRORS.invalidParams;
    return { error_code: known[0], error_msg: message || known[1], error_extra: {} };
  }

  function versionTuple(v) {
    return v === 'latest' ? [1e6] : String(v).split('.').map(function (p) { return parseInt(p, 10) || 0; });
  }
  // true when the simulated TikTok client is at least `since`
  function atLeast(since) {
    if (!since) return true;
    var a = versionTuple(CLIENT_VERSION), b = versionTuple(since);
    for (var i = 0; i < Math.max(a.length, b.length); i++) {
      var x = a[i] || 0, y = b[i] || 0;
      if (x !== y) return x > y;
    }
    return true;
  }

  function post(action, body) {
    return fetch(ORIGIN + '/_mock/sdk/' + action, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {})
    }).then(function (r) { return r.json(); }).catch(function () { return { error: makeError('network') }; });
  }

  // Every call is recorded in the mock's request log with its arguments, then its result (GET /_mock/requests,
  // and live in the simulator's panel), batched for a few milliseconds.
  var pendingCalls = [], flushTimer = null, callIds = 0, pageRun = Math.random().toString(36).slice(2, 8);
  function describe(value, depth) {
    if (typeof value === 'function') return '[function]';
    if (value === undefined) return '[undefined]';
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'string') return value.length > 200 ? value.slice(0, 200) + '…' : value;
    if (depth > 2) return '[…]';
    if (typeof value === 'object' && typeof value.then === 'function') return '[Promise]';
    if (typeof value === 'object' && (typeof Node === 'undefined' || !(value instanceof Node))) {
      var out = Array.isArray(value) ? [] : {};
      Object.keys(value).slice(0, 20).forEach(function (k) { out[k] = describe(value[k], depth + 1); });
      return out;
    }
    return String(value);
  }
  function queueCall(entry) {
    pendingCalls.push(entry);
    if (pendingCalls.length > 200) pendingCalls.splice(0, pendingCalls.length - 200);
    if (!flushTimer) flushTimer = setTimeout(flushCalls, 8);
  }
  // A call, now: its id, for the result that follows.
  function record(namespace, name, args) {
    var id = pageRun + '-' + (++callIds);
    queueCall({ api: namespace + '.' + name, id: id, args: Array.prototype.map.call(args, function (a) { return describe(a, 0); }) });
    return id;
  }
  function recordResult(id, namespace, name, value) {
    if (id) queueCall({ api: namespace + '.' + name, id: id, result: describe(value, 0) });
  }
  function flushCalls() {
    flushTimer = null;
    if (!pendingCalls.length) return;
    var batch = pendingCalls.splice(0, pendingCalls.length);
    fetch(ORIGIN + '/_mock/sdk/calls', {
      method: 'POST', headers: { 'content-type': 'application/json' }, keepalive: true,
      body: JSON.stringify({ client_key: state.clientKey, page: location.pathname, calls: batch })
    }).catch(function () { /* the log is best effort */ });
  }
  window.addEventListener('pagehide', flushCalls);
  // The simulator (the mock's own page, and only it) may switch the signed-in mock user: the page reloads
  // as a new launch, the way switching accounts in TikTok relaunches the Mini.
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== ORIGIN || !data || data.ttminisMock !== 'user' || typeof data.name !== 'string') return;
    rememberUser(data.name);
    location.reload();
  });

  function currentUser() {
    try { return localStorage.getItem(USER_KEY); } catch (e) { return null; }
  }

  function rememberUser(name) {
    try { localStorage.setItem(USER_KEY, name); } catch (e) { /* private mode */ }
  }

  function later(fn) { setTimeout(fn, 0); }
  function safe(fn, value) {
    if (typeof fn !== 'function') return;
    try { fn(value); } catch (e) { console.error(e); }
  }

  // A bottom sheet with buttons, one per choice [outcome, label, primary]; resolves with the chosen outcome.
  function choiceSheet(id, title, note, choices) {
    return new Promise(function (resolve) {
      var overlay = document.createElement('div');
      overlay.id = 'ttminis-mock-' + id;
      overlay.setAttribute('role', 'dialog');
      overlay.setAttribute('aria-label', title);
      overlay.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.55);display:flex;align-items:flex-end;justify-content:center;z-index:2147483647;font-family:system-ui,sans-serif';
      var sheet = document.createElement('div');
      sheet.style.cssText = 'background:#fff;color:#161823;width:100%;max-width:420px;border-radius:16px 16px 0 0;padding:20px 20px 28px;box-sizing:border-box';
      var heading = document.createElement('h2');
      heading.textContent = title;
      heading.style.cssText = 'font-size:18px;margin:0 0 8px';
      var text = document.createElement('p');
      text.textContent = note;
      text.style.cssText = 'margin:0 0 16px;font-size:14px;overflow-wrap:anywhere';
      sheet.append(heading, text);
      choices.forEach(function (choice) {
        var b = document.createElement('button');
        b.id = 'ttminis-mock-' + id + '-' + choice[0]; b.type = 'button'; b.textContent = choice[1];
        b.style.cssText = 'display:block;width:100%;margin-top:8px;padding:12px;border-radius:8px;font-size:15px;border:' + (choice[2] ? '0;background:#fe2c55;color:#fff' : '1px solid #ccc;background:#fff;color:#161823');
        b.onclick = function () { overlay.remove(); resolve(choice[0]); };
        sheet.appendChild(b);
      });
      overlay.appendChild(sheet);
      (document.body || document.documentElement).appendChild(overlay);
    });
  }

  // A queued outcome (POST /_mock/outcomes) answers the next sheet without UI; null: ask the person.
  function queuedOutcome(api) {
    return post('outcome', { api: api }).then(function (res) { return (res && res.outcome) || null; });
  }
  function outcomeOr(api, ask) {
    return queuedOutcome(api).then(function (outcome) { return outcome || ask(); });
  }
