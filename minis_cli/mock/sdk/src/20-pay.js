  // --- payments (minis-sdk-payment), the Beans balance, subscriptions (minis-sdk-subscription) ---------

  function paySheet(api, title, note) {
    return choiceSheet(api === 'pay' ? 'pay' : api, title, note, [['confirm', 'Pay', true], ['cancel', 'Cancel', false], ['fail', 'Simulate a failure', false]]);
  }

  // The server's answer { is_success, trade_order_id, error? } is what the callback (and success/fail) gets.
  function payResult(res) {
    if (res.is_success) return { data: res, callback: res };
    return { error: res.error || makeError('invalidParams'), callback: res };
  }

  // pay(cb, { trade_order_id }) (minis-sdk-payment) and pay({ trade_order_id, success, fail, complete })
  // (the games SDK). The sheet: confirm / cancel / fail.
  function pay(options) {
    if (!ready()) return notReady();
    var id = options.trade_order_id;
    return outcomeOr('pay', function () {
      return paySheet('pay', 'Confirm payment', 'Mock TikTok: order ' + id + ' (no Beans are spent).');
    }).then(function (outcome) {
      return post('pay', { client_key: state.clientKey, user: currentUser(), trade_order_id: id, outcome: outcome });
    }).then(payResult);
  }

  // openBalance(cb, { type: 'BEANS' }): TikTok's Beans balance page, where the user may recharge.
  function openBalance(options) {
    if (!ready()) return notReady();
    return outcomeOr('openBalance', function () {
      return choiceSheet('balance', 'Your Beans', 'Mock TikTok: the Beans balance page (type ' + (options.type || 'BEANS') + ').', [['confirm', 'Recharge', true], ['cancel', 'Close', false], ['fail', 'Simulate a failure', false]]);
    }).then(function (outcome) {
      return post('balance', { client_key: state.clientKey, user: currentUser(), outcome: outcome, type: options.type || 'BEANS' });
    }).then(function (res) {
      if (res.error) return { error: res.error, callback: { is_success: false, error: res.error } };
      return { data: res, callback: res };
    });
  }

  // createSubscription(cb, { trade_order_id }) and reactivateSubscription(cb, { trade_order_id }) (minis-sdk-subscriptions):
  // the order comes from the backend's /v2/minis/subscription/create/ or /reactivate/; changeSubscription(cb, { tier_id })
  // (options: the mock's choice, the docs name none). The sheet: confirm / cancel / fail. cb gets { is_success,
  // trade_order_id, subscription_id } or { is_success: false, trade_order_id, error: { error_code: '116601', error_msg } }
  // (the codes are strings on these pages).
  function subscription(kind, api, title, confirmLabel) {
    return function (options) {
      if (!ready()) return notReady();
      var target = kind === 'change' ? 'tier ' + options.tier_id : 'order ' + options.trade_order_id;
      return outcomeOr(api, function () {
        return choiceSheet(api, title, 'Mock TikTok: ' + target + ' (no money is spent; TikTok shows no payment panel for sandbox tiers).',
          [['confirm', confirmLabel, true], ['cancel', 'Cancel', false], ['fail', 'Simulate a failure', false]]);
      }).then(function (outcome) {
        return post('subscription', { client_key: state.clientKey, user: currentUser(), kind: kind, outcome: outcome,
          trade_order_id: options.trade_order_id, tier_id: options.tier_id });
      }).then(function (res) {
        if (res.is_success) return { data: res, callback: res };
        var answer = Object.assign({ is_success: false }, res);
        return { error: answer.error || makeError('invalidParams'), callback: answer };
      });
    };
  }
  var createSubscription = subscription('create', 'createSubscription', 'Subscribe', 'Subscribe');
  var reactivateSubscription = subscription('reactivate', 'reactivateSubscription', 'Resume your subscription', 'Resume');
  var changeSubscription = subscription('change', 'changeSubscription', 'Change your subscription', 'Change plan');

  // Deprecated balance APIs (kept by TikTok for old Minis): checkBalance({ type, amount }) -> is_sufficient,
  // recharge({ tier_id }), navigateToBalance().
  function checkBalance(options) {
    if (!ready()) return notReady();
    return post('balance', { client_key: state.clientKey, user: currentUser(), check: Number(options.amount) || 0, type: options.type || 'BEANS' }).then(function (res) {
      return res.error ? { error: res.error } : { data: { is_sufficient: !!res.is_sufficient, balance: res.balance } };
    });
  }
  function recharge(options) {
    if (!ready()) return notReady();
    return outcomeOr('openBalance', function () {
      return choiceSheet('balance', 'Recharge Beans', 'Mock TikTok: recharge tier ' + (options.tier_id || '(any)') + '.', [['confirm', 'Recharge', true], ['cancel', 'Cancel', false], ['fail', 'Simulate a failure', false]]);
    }).then(function (outcome) {
      return post('balance', { client_key: state.clientKey, user: currentUser(), outcome: outcome, tier_id: options.tier_id });
    }).then(function (res) { return res.error ? { error: res.error, callback: { is_success: false, error: res.error } } : { data: res, callback: res }; });
  }
  function navigateToBalance() {
    if (!ready()) return notReady();
    return { data: { is_success: true } };
  }

  // --- the APIs this file implements, each with its declaration (make docs-gen writes them to minis_cli/sdk_api.json) ---
  declare('TTMinis', 'changeSubscription', {
    "doc": "minis-sdk-subscriptions",
    "call": "callback_options",
    "params": {
      "tier_id": {
        "type": "string",
        "required": true
      }
    },
    "since": "40.3.0",
    "since_source": "minis-sdk-subscriptions: \"supported starting from TikTok version 40.3.0\"",
    "flag": "is_success",
    "params_error": [
      "116101",
      "Required params empty"
    ],
    "params_source": "mock's choice: the docs name changeSubscription(callback, options) but not its options"
  }, changeSubscription);
  declare('TTMinis', 'checkBalance', {
    "doc": "minis-sdk-payment",
    "call": "callback_or_options",
    "params": {
      "type": {
        "type": "string",
        "values": [
          "BEANS"
        ]
      },
      "amount": {
        "type": "number",
        "required": true
      }
    },
    "deprecated": true
  }, checkBalance);
  declare('TTMinis', 'createSubscription', {
    "doc": "minis-sdk-subscriptions",
    "call": "callback_options",
    "params": {
      "trade_order_id": {
        "type": "string",
        "required": true
      }
    },
    "since": "40.3.0",
    "since_source": "minis-sdk-subscriptions: \"supported starting from TikTok version 40.3.0\"",
    "flag": "is_success",
    "params_error": [
      "116101",
      "Required params empty"
    ]
  }, createSubscription);
  declare('TTMinis', 'navigateToBalance', {
    "doc": "minis-sdk-payment",
    "call": "callback_options",
    "params": {
      "type": {
        "type": "string",
        "values": [
          "BEANS"
        ]
      }
    },
    "deprecated": true
  }, navigateToBalance);
  declare('TTMinis', 'openBalance', {
    "doc": "minis-sdk-payment",
    "call": "callback_options",
    "params": {
      "type": {
        "type": "string",
        "values": [
          "BEANS"
        ]
      }
    },
    "flag": "is_success"
  }, openBalance);
  declare('TTMinis', 'pay', {
    "doc": "minis-sdk-payment",
    "call": "callback_or_options",
    "params": {
      "trade_order_id": {
        "type": "string",
        "required": true
      }
    },
    "flag": "is_success"
  }, pay);
  declare('TTMinis', 'reactivateSubscription', {
    "doc": "minis-sdk-subscriptions",
    "call": "callback_options",
    "since": "40.3.0",
    "since_source": "minis-sdk-subscriptions: \"supported starting from TikTok version 40.3.0\"",
    "flag": "is_success",
    "params": {
      "trade_order_id": {
        "type": "string",
        "required": true
      }
    },
    "params_error": [
      "118101",
      "Required params empty"
    ]
  }, reactivateSubscription);
  declare('TTMinis', 'recharge', {
    "doc": "minis-sdk-payment",
    "call": "callback_or_options",
    "params": {
      "tier_id": {
        "type": "string",
        "required": true
      }
    },
    "deprecated": true,
    "flag": "is_success"
  }, recharge);
  declare('TTMinis.game', 'checkBalance', {
    "doc": "mini-games-sdk-payment",
    "call": "options",
    "deprecated": true,
    "params": {
      "type": {
        "type": "string",
        "required": true,
        "values": [
          "BEANS"
        ]
      },
      "amount": {
        "type": "number",
        "required": true
      }
    }
  }, checkBalance);
  declare('TTMinis.game', 'navigateToBalance', {"doc": "mini-games-sdk-payment", "call": "options"}, navigateToBalance);
  declare('TTMinis.game', 'pay', {
    "doc": "mini-games-sdk-payment",
    "call": "options",
    "params": {
      "trade_order_id": {
        "type": "string",
        "required": true
      }
    }
  }, pay);
  declare('TTMinis.game', 'recharge', {
    "doc": "mini-games-sdk-payment",
    "call": "options",
    "deprecated": true,
    "params": {
      "tier_id": {
        "type": "string",
        "required": true
      }
    }
  }, recharge);
