// minis-py simulator: the phone frame and TikTok's chrome around the Mini, and the devtools panel.
// window.SIMULATOR (inlined by the mock): target, title, kind, navbar, device, presets, events, token.
(function () {
  'use strict';
  var C = window.SIMULATOR || {};
  var $ = function (id) { return document.getElementById(id); };
  var device = C.device;
  var navbar = C.navbar || {};
  var kind = C.kind === 'game' ? 'game' : 'drama';
  var colors = {};
  var MAX_ROWS = 2000;

  // --- the control API (the token: the mock may be on the LAN, where only its holder may use it) ------
  function api(path, body, method) {
    var headers = { 'x-minis-token': C.token || '' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method: method || (body !== undefined ? 'POST' : 'GET'), headers: headers, body: body !== undefined ? JSON.stringify(body) : undefined })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) {
            var error = data.error;
            throw new Error((error && error.message) || data.error_description || (typeof error === 'string' ? error : 'HTTP ' + response.status));
          }
          return data;
        });
      });
  }
  function status(text) { $('control-status').textContent = text; }
  function failed(error) { status('Failed: ' + error.message); }

  // The panel's first fetches and its feed wait for the Mini's first load (or 1.5 s, if it never loads):
  // the mock serves the Mini's SDK too, and the Mini's first paint is what the simulator must not slow.
  var afterMini = (function () {
    var waiting = [], ready = false;
    function run() {
      if (ready) return;
      ready = true;
      waiting.splice(0).forEach(function (fn) { fn(); });
    }
    if (window.miniLoaded) ready = true;
    else { $('mini').addEventListener('load', run, { once: true }); setTimeout(run, 1500); }
    return function (fn) { if (ready) fn(); else waiting.push(fn); };
  })();

  // --- the phone -------------------------------------------------------------------------------------
  function resetColors() {
    var dark = $('dark') && $('dark').checked;
    if (kind === 'game') {  // a game draws under the bar: light text with a shadow reads on its dark and light screens
      colors = { background: 'transparent', front: '#ffffff' };
      return;
    }
    colors = { background: (dark ? navbar.bgColorDark : navbar.bgColorLight) || (dark ? '#000000' : '#ffffff'), front: dark ? '#ffffff' : '#000000' };
  }
  function layout() {
    var d = device, screen = $('screen');
    var overlay = kind === 'game' || navbar.style === 'custom';  // the page draws under the bar; only the capsule is TikTok's
    screen.style.width = d.width + 'px';
    screen.style.height = d.height + 'px';
    screen.className = 'screen ' + d.orientation + (kind === 'game' ? ' game' : '') + (navbar.style === 'custom' ? ' custom' : '');
    var bar = $('statusbar');
    bar.style.height = d.statusBarHeight + 'px';
    bar.hidden = d.statusBarHeight === 0;
    var title = $('titlebar');
    title.style.top = d.statusBarHeight + 'px';
    title.style.height = d.barHeight + 'px';
    var top = overlay ? 0 : d.statusBarHeight + d.barHeight;
    var frame = $('mini');
    frame.style.top = top + 'px';
    frame.style.height = (d.height - top) + 'px';
    var m = d.menuButton, capsule = $('capsule');
    capsule.style.left = m.left + 'px';
    capsule.style.top = m.top + 'px';
    capsule.style.width = m.width + 'px';
    capsule.style.height = m.height + 'px';
    var safe = $('safearea');
    safe.style.height = d.bottomHeight + 'px';
    safe.className = 'safearea' + (d.bottomHeight ? '' : ' none');
    paintBar();
    fit();
  }
  // Zoom to fit: the whole phone in the window (a 1280 x 800 laptop, a 390 px wide one), as a picture scaled
  // down; the Mini inside keeps the phone's CSS viewport, so what it lays out is what TikTok shows.
  function fit() {
    var phone = $('phone'), stage = phone.parentNode;
    phone.style.transform = '';
    var width = phone.offsetWidth, height = phone.offsetHeight;
    var top = stage.getBoundingClientRect().top + window.scrollY;
    var column = window.matchMedia('(max-width: 900px)').matches;
    var room = { width: window.innerWidth - 32 - (column ? 0 : 360 + 16), height: window.innerHeight - top - 16 };
    var scale = Math.max(0.3, Math.min(1, room.width / width, room.height / height));
    phone.style.transform = scale < 1 ? 'scale(' + scale.toFixed(4) + ')' : '';
    stage.style.width = Math.ceil(width * scale) + 'px';
    stage.style.height = Math.ceil(height * scale) + 'px';
    stage.dataset.zoom = String(Math.round(scale * 100));
    stage.title = scale < 1 ? 'Zoomed to ' + Math.round(scale * 100) + '% to fit the window' : '';
  }
  window.addEventListener('resize', fit);
  function paintBar() {
    [$('statusbar'), $('titlebar')].forEach(function (el) { el.style.background = colors.background; el.style.color = colors.front; });
    $('capsule').classList.toggle('dark', String(colors.front).toLowerCase() === '#ffffff');
  }
  // A native game's launch options (getLaunchOptionsSync): the scene and query it starts with, as the host
  // page reads them from its own URL.
  var launch = { scene: '', query: '' };
  function miniUrl() {
    var target = C.target || 'about:blank';
    if (kind !== 'game' || (!launch.scene && !launch.query)) return target;
    var url = new URL(target, location.href);
    if (launch.scene) url.searchParams.set('scene', launch.scene);
    if (launch.query) url.searchParams.set('query', launch.query);
    return url.href;
  }
  function reloadMini() {
    resetColors();
    paintBar();
    var frame = $('mini');
    frame.src = miniUrl();
  }
  function setupLaunch() {
    if (kind !== 'game') return;
    $('launch').hidden = false;
    function relaunch() {
      launch = { scene: $('launch-scene').value.trim(), query: $('launch-query').value.trim().replace(/^\?/, '') };
      reloadMini();
      status('The game relaunches with scene ' + (launch.scene || '000000') + (launch.query ? ' and query ' + launch.query : '') + '.');
    }
    $('launch-apply').addEventListener('click', relaunch);
    [$('launch-scene'), $('launch-query')].forEach(function (input) {
      input.addEventListener('keydown', function (event) { if (event.key === 'Enter') relaunch(); });
    });
  }
  // setNavigationBarColor in the page: the mock SDK tells its frame (the bar follows, as TikTok's does).
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== $('mini').contentWindow || !data || data.ttminis !== 'navigationBarColor') return;
    if (data.backgroundColor) colors.background = data.backgroundColor;
    if (data.frontColor) colors.front = data.frontColor;
    paintBar();
  });

  function option(select, value, label, selected) {
    var o = document.createElement('option');
    o.value = value; o.textContent = label; o.selected = !!selected;
    select.appendChild(o);
  }
  function setupPhone() {
    (C.presets || []).forEach(function (p) { option($('preset'), p.name, p.label, p.name === device.preset); });
    (C.orientations || ['portrait', 'landscape']).forEach(function (o) { option($('orientation'), o, o[0].toUpperCase() + o.slice(1), o === device.orientation); });
    function change() {
      api('/_mock/device', { preset: $('preset').value, orientation: $('orientation').value }).then(function (res) {
        device = res.device;
        layout();
        reloadMini();  // the SDK reports the phone it was loaded on
        status('Phone: ' + device.label + ', ' + device.orientation);
      }, failed);
    }
    $('preset').addEventListener('change', change);
    $('orientation').addEventListener('change', change);
    $('reload').addEventListener('click', reloadMini);
    var dark = document.createElement('label');
    dark.innerHTML = '<input type="checkbox" id="dark"> TikTok dark mode';
    $('reload').before(dark);
    $('dark').addEventListener('change', function () { resetColors(); paintBar(); });
    resetColors();
    layout();
  }

  // --- controls ----------------------------------------------------------------------------------------
  function setupControls() {
    (C.events || []).forEach(function (name) {
      var b = document.createElement('button');
      b.type = 'button'; b.textContent = name; b.id = 'fire-' + name.replace('.', '-');
      b.addEventListener('click', function () {
        api('/_mock/events', { event: name }).then(function (res) { status(name + ' fired: ' + res.delivered_to + ' page(s) listening'); }, failed);
      });
      $('events').appendChild(b);
    });
    var choices = {};
    function showQueued(list) {
      $('outcomes-queued').textContent = list.length ? 'Queued: ' + list.map(function (q) { return q.api + ' → ' + q.outcome; }).join(', ') : 'Nothing queued: the sheets ask.';
    }
    function fillChoices() {
      var select = $('outcome-choice');
      select.textContent = '';
      (choices[$('outcome-api').value] || []).forEach(function (c) { option(select, c, c); });
    }
    afterMini(function () { api('/_mock/outcomes').then(function (res) {
      choices = res.choices || {};
      Object.keys(choices).forEach(function (name) { option($('outcome-api'), name, name); });
      fillChoices();
      showQueued(res.outcomes || []);
    }, failed); });
    $('outcome-api').addEventListener('change', fillChoices);
    $('outcome-queue').addEventListener('click', function () {
      api('/_mock/outcomes', { api: $('outcome-api').value, outcome: $('outcome-choice').value }).then(function (res) {
        showQueued(res.outcomes || []);
        status('The next ' + $('outcome-api').value + ' will ' + $('outcome-choice').value + '.');
      }, failed);
    });

    afterMini(function () { api('/_mock/config').then(function (res) { $('client-version').value = res.settings.client_version; }, failed); });
    function applyVersion() {
      var version = $('client-version').value.trim() || 'latest';
      api('/_mock/config', { client_version: version }).then(function () {
        status('TikTok ' + version + ': canIUse answers for it; the Mini reloads.');
        reloadMini();
      }, failed);
    }
    $('client-version-apply').addEventListener('click', applyVersion);
    $('client-version').addEventListener('keydown', function (event) { if (event.key === 'Enter') applyVersion(); });

    function loadUsers() {
      return api('/_mock/users').then(function (res) {
        var select = $('user'), current = select.value;
        select.textContent = '';
        (res.users || []).forEach(function (u) { option(select, u.name, (u.display_name || u.name) + ' (' + u.name + ')', u.name === current); });
      }, failed);
    }
    afterMini(loadUsers);
    $('user').addEventListener('change', function () {
      var name = $('user').value, frame = $('mini');
      var origin = '*';
      try { origin = new URL(C.target, location.href).origin; } catch (e) { /* about:blank */ }
      frame.contentWindow.postMessage({ ttminisMock: 'user', name: name }, origin);  // the mock SDK checks it came from the mock
      status('Signed in as ' + name + ': the Mini relaunches with another open_id.');
    });

    function showClock(res) {
      var s = Math.round(res.offset || 0);
      $('clock-offset').textContent = s === 0 ? '+0 s' : '+' + (s >= 86400 ? (s / 86400).toFixed(s % 86400 ? 2 : 0) + ' d' : s >= 3600 ? (s / 3600).toFixed(s % 3600 ? 2 : 0) + ' h' : s + ' s');
    }
    afterMini(function () { api('/_mock/clock').then(showClock, failed); });
    function advance(seconds, label) {
      api('/_mock/clock', { advance: seconds }).then(function (res) { showClock(res); status('Clock moved ' + label + ': tokens and codes age with it.'); }, failed);
    }
    $('clock-hour').addEventListener('click', function () { advance(3600, '+1 hour'); });
    $('clock-day').addEventListener('click', function () { advance(86400, '+1 day'); });
    $('reset').addEventListener('click', function () {
      api('/_mock/reset', {}).then(function () {
        clearLog();
        api('/_mock/clock').then(showClock);
        api('/_mock/outcomes').then(function (res) { showQueued(res.outcomes || []); });
        api('/_mock/config').then(function (res) { $('client-version').value = res.settings.client_version; });
        loadUsers();
        reloadMini();
        status('The mock is reset: users, tokens, orders, clock and queued outcomes.');
      }, failed);
    });
  }

  // --- the network profile and the last load's startup (issue 33) -----------------------------------
  // The profile is applied where the bytes flow (dev's preview proxy, the game host's package server and relay);
  // choosing one reloads the Mini, a new load on that network. A framed page reports its startup to the mock,
  // which logs it: the toolbar shows the last one.
  function seconds(ms) { return ms === null || ms === undefined ? 'not reached' : (ms / 1000).toFixed(2) + ' s'; }
  function showStartup(startup) {
    if (!startup) return;
    var out = $('startup');
    out.textContent = 'Last load: first paint ' + seconds(startup.first_paint_ms) + ' · interactive ' + seconds(startup.time_to_interactive_ms) +
      (startup.network ? ' (' + startup.network + ')' : '');
    out.dataset.firstPaint = startup.first_paint_ms === null ? '' : String(startup.first_paint_ms);
    out.dataset.tti = startup.time_to_interactive_ms === null ? '' : String(startup.time_to_interactive_ms);
  }
  function setupNetwork() {
    var select = $('network');
    option(select, '', 'No throttling', true);
    afterMini(function () {
      api('/_mock/network').then(function (res) {
        (res.profiles || []).forEach(function (p) { option(select, p.name, p.name, p.name === res.profile); });
        select.title = 'A phone\'s network: ' + (res.profiles || []).map(function (p) { return p.name + ', ' + p.summary; }).join('; ');
        showStartup(res.startup);
      }, failed);
    });
    select.addEventListener('change', function () {
      api('/_mock/network', { profile: select.value || null }).then(function (res) {
        status('Network: ' + (select.value || 'no throttling') + '; onNetworkWeakChange sent to ' + (res.delivered_to || 0) + ' page(s); the Mini reloads on it.');
        $('startup').textContent = '';
        reloadMini();
      }, failed);
    });
  }

  // --- the traffic log -----------------------------------------------------------------------------
  var seen = new Set(), calls = {};
  function classify(entry) {
    var e = entry.endpoint || '';
    if (e.indexOf('sdk:') === 0) return 'sdk';
    if (e === 'webhook') return 'webhook';
    if (e === 'csp') return 'csp';
    if (e.indexOf('sdk_') === 0 || e === 'event') return 'tiktok';
    return 'server';
  }
  function text(value) {
    if (value === undefined) return '';
    try { return typeof value === 'string' ? value : JSON.stringify(value); } catch (e) { return String(value); }
  }
  function clock(t) {
    var d = new Date((t || 0) * 1000);
    return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }
  function span(className, content) {
    var s = document.createElement('span');
    s.className = className; s.textContent = content;
    return s;
  }
  function visible(kindName) {
    var box = document.querySelector('.filters input[data-kind="' + kindName + '"]');
    return !box || box.checked;
  }
  function row(entry, kindName) {
    var li = document.createElement('li');
    li.className = kindName;
    li.dataset.kind = kindName;
    li.dataset.endpoint = entry.endpoint;
    if (entry.log_id) li.dataset.logId = entry.log_id;
    li.hidden = !visible(kindName);
    li.appendChild(span('meta', clock(entry.time) + ' '));
    var log = $('log');
    log.appendChild(li);
    while (log.children.length > MAX_ROWS) log.removeChild(log.firstChild);
    if (log.scrollHeight - log.scrollTop - log.clientHeight < 80) log.scrollTop = log.scrollHeight;
    return li;
  }
  function statusSpan(code) {
    return span(code >= 200 && code < 300 ? 'status' : 'status status-bad', String(code || 'no answer'));
  }
  function add(entry) {
    if (entry.log_id && seen.has(entry.log_id)) return;  // a reconnect replays the backlog
    if (entry.log_id) seen.add(entry.log_id);
    var kindName = classify(entry), params = entry.params || {}, li;
    if (entry.endpoint === 'startup') {
      showStartup(params);
      li = row(entry, 'tiktok');
      li.appendChild(span('kind', 'Load'));
      li.appendChild(span('', (entry.path || '') + ': first paint ' + seconds(params.first_paint_ms) + ', interactive ' + seconds(params.time_to_interactive_ms)));
      return;
    }
    if (kindName === 'sdk') {
      var id = params.call;
      if (entry.method === 'RESULT' && id && calls[id]) {
        li = calls[id];
      } else {
        li = row(entry, 'sdk');
        li.appendChild(span('kind', 'SDK'));
        li.appendChild(span('call', entry.path + '(' + (params.args || []).map(text).join(', ') + ')'));
        if (id) { calls[id] = li; li.dataset.call = id; }
      }
      if (entry.method === 'RESULT') {
        li.dataset.result = text(params.result);
        if (entry.error) li.classList.add('failed');
        var result = params.result === undefined || params.result === '[undefined]' ? null : text(params.result);
        li.appendChild(span(result === null ? 'detail meta' : 'detail', result === null ? '→ (no return value)' : '→ ' + result));
      }
      return;
    }
    li = row(entry, kindName);
    if (kindName === 'webhook') {
      li.appendChild(span('kind', 'Webhook'));
      li.appendChild(span('', (params.event || '') + ' attempt ' + (params.attempt || 1) + ' → '));
      li.appendChild(statusSpan(entry.status));
      li.appendChild(span('meta', ' ' + (params.latency_ms !== undefined ? params.latency_ms + ' ms ' : '') + entry.path));
      if (entry.error) li.appendChild(span('detail', entry.error + (params.retry_at ? '; retried at ' + clock(params.retry_at) : '; not retried')));
      return;
    }
    if (kindName === 'csp') {
      li.appendChild(span('kind', 'Blocked'));
      li.appendChild(span('', entry.path || ''));
      li.appendChild(span('detail', entry.error || ''));
      return;
    }
    li.appendChild(span('kind', kindName === 'server' ? 'Server' : 'TikTok'));
    li.appendChild(span('', entry.method + ' ' + entry.path + ' → '));
    li.appendChild(statusSpan(entry.status));
    li.appendChild(span('meta', ' log_id ' + (entry.log_id || '')));
    var detail = Object.keys(params).length ? text(params) : '';
    if (entry.error) detail = entry.error + (detail ? '  ' + detail : '');
    if (detail) li.appendChild(span('detail', detail));
  }
  function clearLog() { $('log').textContent = ''; calls = {}; }
  function setupLog() {
    document.querySelectorAll('.filters input[data-kind]').forEach(function (box) {
      box.addEventListener('change', function () {
        document.querySelectorAll('#log li[data-kind="' + box.dataset.kind + '"]').forEach(function (li) { li.hidden = !box.checked; });
      });
    });
    $('clear').addEventListener('click', clearLog);
    afterMini(function () { connect(); });
  }
  function connect() {
    var source = new EventSource('/_mock/devtools/stream' + (C.token ? '?token=' + encodeURIComponent(C.token) : ''));
    source.onmessage = function (event) {
      try { add(JSON.parse(event.data)); } catch (e) { console.error('[minis-py simulator]', e); }
    };
    source.addEventListener('live', function () { $('live').textContent = 'live'; document.body.dataset.feed = 'live'; });
    source.onerror = function () { $('live').textContent = 'reconnecting…'; document.body.dataset.feed = 'reconnecting'; };
  }

  setupPhone();
  setupNetwork();
  setupLaunch();
  setupControls();
  setupLog();
})();
