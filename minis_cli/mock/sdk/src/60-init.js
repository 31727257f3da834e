  // --- init and canIUse --------------------------------------------------------------------------------
  function init(params) {
    if (!params || typeof params.clientKey !== 'string' || !params.clientKey) {
      console.error('[TTMinis mock] init needs { clientKey: "<your client key>" }');
      return;
    }
    var first = !state.clientKey;
    state.clientKey = params.clientKey;
    if (first) later(function () { emit('minis.launch', {}); });
  }

  // canIUse('authorize'), 'game.login' on TTMinis, or a schema path 'api.method.param.option' such as
  // 'authorize.object.scope': false when the simulated client (client_version) is older than the API, or
  // the path names a parameter the API does not declare.
  function canIUseIn(namespace) {
    return function (path) {
      var parts = String(path === undefined ? '' : path).split('.');
      var ns = namespace;
      if (ns === 'TTMinis' && parts[0] === 'game' && parts.length > 1) { ns = 'TTMinis.game'; parts = parts.slice(1); }
      var spec = DECLARED[ns][parts[0]] || (CAPABILITIES[ns] || {})[parts[0]];
      if (!spec || !atLeast(spec.since)) return false;
      // an object's method: 'createRewardedVideoAd.load' (the declaration's "methods"; the path is the mock's
      // choice, as TikTok documents canIUse's schema for an API's callbacks, not for an ad instance's methods)
      if (parts.length >= 2 && spec.methods && Object.prototype.hasOwnProperty.call(spec.methods, parts[1])) {
        return atLeast(spec.methods[parts[1]].since);
      }
      if (parts.length >= 3 && parts[1] === 'object' && spec.params && !spec.open_params) {
        return Object.prototype.hasOwnProperty.call(spec.params, parts[2]);
      }
      return true;
    };
  }

  // --- the APIs this file implements, each with its declaration (make docs-gen writes them to minis_cli/sdk_api.json) ---
  declare('TTMinis', 'canIUse', {"doc": "minis-sdk-subscriptions", "call": "sync"}, canIUseIn('TTMinis'));
  declare('TTMinis', 'init', {
    "doc": "minis-sdk-get-started",
    "call": "sync",
    "params": {
      "clientKey": {
        "type": "string",
        "required": true
      }
    }
  }, init);
  declare('TTMinis.game', 'canIUse', {"doc": "mini-games-sdk-overview", "call": "sync"}, canIUseIn('TTMinis.game'));
  declare('TTMinis.game', 'init', {
    "doc": "mini-games-sdk-overview",
    "call": "sync",
    "params": {
      "clientKey": {
        "type": "string",
        "required": true
      }
    }
  }, init);
