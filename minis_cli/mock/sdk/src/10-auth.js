  // login and authorize (minis-sdk-login, mini-games-sdk-login), and the consent dialog authorize shows.

  // The callback gets { authResponse: { code, grantedScopes? } } or { error }; success gets { code, ... }.
  function authResult(res, withScopes) {
    if (res.error) return { error: res.error };
    var data = { code: res.code };
    if (withScopes) data.grantedScopes = res.grantedScopes;
    return { data: data, callback: { authResponse: data } };
  }

  function login(options) {
    if (!ready()) return notReady();
    return post('login', { client_key: state.clientKey, user: currentUser(), scope: options.scope }).then(function (res) {
      if (!res.error && !currentUser() && res.user) rememberUser(res.user);
      return authResult(res, options.returnScopes);
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
        sheet.style.cssText = 'background:#fff;color:#161823;width:100%;max-width:420px;max-height:100%;overflow:auto;border-radius:16px 16px 0 0;padding:20px 20px 28px;box-sizing:border-box;text-align:left';
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
        // Side by side in a row of their own, whatever the page's own button styles: equal halves, never wrapping.
        function button(id, text, primary) {
          var b = document.createElement('button');
          b.id = id; b.type = 'button'; b.textContent = text;
          b.style.cssText = 'flex:1 1 0;min-width:0;margin:0;box-sizing:border-box;white-space:nowrap;line-height:1.2;font-family:inherit;' +
            'padding:12px;border-radius:8px;font-size:15px;border:' + (primary ? '1px solid #fe2c55;background:#fe2c55;color:#fff' : '1px solid #ccc;background:#fff;color:#161823');
          return b;
        }
        var deny = button('ttminis-mock-deny', 'Deny', false);
        var allow = button('ttminis-mock-allow', 'Allow', true);
        var buttons = document.createElement('div');
        buttons.style.cssText = 'display:flex;gap:12px;align-items:stretch;margin:0';
        buttons.append(deny, allow);
        function close(decision) {
          overlay.remove();
          if (select.value) rememberUser(select.value);
          resolve({ decision: decision, user: select.value || chosen });
        }
        deny.onclick = function () { close('deny'); };
        allow.onclick = function () { close('allow'); };
        sheet.append(title, note, list, label, buttons);
        overlay.appendChild(sheet);
        (document.body || document.documentElement).appendChild(overlay);
      });
    });
  }

  function authorize(options) {
    if (!ready()) return notReady();
    var scope = options.scope || DEFAULT_SCOPE;
    return queuedOutcome('authorize').then(function (outcome) {
      return outcome ? { decision: outcome, user: currentUser() } : consentDialog(scope);
    }).then(function (answer) {
      return post('authorize', { client_key: state.clientKey, user: answer.user, scope: scope, decision: answer.decision });
    }).then(function (res) { return authResult(res, true); });
  }

  // --- the APIs this file implements, each with its declaration (make docs-gen writes them to minis_cli/sdk_api.json) ---
  declare('TTMinis', 'authorize', {"doc": "minis-sdk-login", "call": "callback_or_options"}, authorize);
  declare('TTMinis', 'login', {"doc": "minis-sdk-login", "call": "callback_or_options"}, login);
  declare('TTMinis.game', 'authorize', {
    "doc": "mini-games-sdk-login",
    "call": "callback_or_options",
    "call_note": "mini-games-sdk-login shows the options form; HTML-runtime games also call it the drama way, fn(callback, options). The docs do not say the container refuses that, so the mock accepts both (lint stays quiet on both)."
  }, authorize);
  declare('TTMinis.game', 'login', {
    "doc": "mini-games-sdk-login",
    "call": "callback_or_options",
    "call_note": "mini-games-sdk-login shows the options form; HTML-runtime games also call it the drama way, fn(callback, options). The docs do not say the container refuses that, so the mock accepts both (lint stays quiet on both)."
  }, login);
