// What the game asks of TikTok and of its own backend. `tt` is the runtime's API (TTMinis.game; tt and wx are
// the same object). Tokens never reach the game: the backend keeps them and gives the game a session id.

function createPlatform(tt, { apiBase, adUnitId }) {
  let session = null;

  // tt.request to the backend, as a promise of the JSON body; rejects with { status, error, message }.
  function api(method, path, data) {
    return new Promise((resolve, reject) => {
      tt.request({
        url: apiBase + path,
        method,
        data,
        header: { ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...(session ? { authorization: `Bearer ${session}` } : {}) },
        success(res) {
          if (res.statusCode >= 200 && res.statusCode < 300) resolve(res.data);
          else reject({ status: res.statusCode, ...(res.data && typeof res.data === 'object' ? res.data : { message: String(res.data) }) });
        },
        fail(error) { reject({ status: 0, error: 'network', message: error.error_msg || 'Could not reach the server.' }); },
      });
    });
  }

  // Silent login (no dialog in a mini game): the code goes to the backend, which exchanges it for tokens.
  function login() {
    return new Promise((resolve, reject) => {
      tt.login({ success: (res) => resolve(res.code), fail: reject });
    }).then((code) => api('POST', '/api/game/login', { code })).then((res) => {
      session = res.session;
      return res;
    });
  }

  // A rewarded ad: resolves true only when the player watched it to the end (onClose's isEnded).
  function watchAd() {
    return new Promise((resolve) => {
      const ad = tt.createRewardedVideoAd({ adUnitId });
      ad.onClose((res) => resolve(Boolean(res && res.isEnded)));
      ad.onError(() => resolve(false));
      ad.show().catch(() => resolve(false));
    });
  }

  // The shortcut and entrance missions exist from TikTok 41.0.0: offered only where canIUse says so, and the
  // reward granted only when TikTok says the player may receive it (canReceiveReward).
  const missions = {
    shortcut: () => tt.canIUse('addShortcut') && tt.canIUse('getShortcutMissionReward'),
    entrance: () => tt.canIUse('startEntranceMission') && tt.canIUse('getEntranceMissionReward'),
  };

  function shortcutReward() {
    return new Promise((resolve) => {
      if (!tt.canIUse('addShortcut')) return resolve(false);
      tt.addShortcut({
        success() {
          if (!tt.canIUse('getShortcutMissionReward')) return resolve(false);
          tt.getShortcutMissionReward({ success: (res) => resolve(Boolean(res.canReceiveReward)), fail: () => resolve(false) });
        },
        fail: () => resolve(false),
      });
    });
  }

  function entranceReward() {
    return new Promise((resolve) => {
      if (!tt.canIUse('startEntranceMission')) return resolve(false);
      tt.startEntranceMission({
        success() {
          if (!tt.canIUse('getEntranceMissionReward')) return resolve(false);
          tt.getEntranceMissionReward({ success: (res) => resolve(Boolean(res.canReceiveReward)), fail: () => resolve(false) });
        },
        fail: () => resolve(false),
      });
    });
  }

  // Revisit rewards (TikTok's "Revisit Rewards", required in review from 2026-12-14, replacing the shortcut and the
  // sidebar revisit): TikTok shows the player how to come back and judges the task done; the game asks on start and
  // each time it returns to the foreground, and grants the reward only when canReceiveReward is true.
  function revisitReward() {
    return new Promise((resolve) => {
      if (typeof tt.getRevisitMissionReward !== 'function') return resolve(false); // a client without it
      tt.getRevisitMissionReward({ success: (res) => resolve(Boolean(res && res.canReceiveReward)), fail: () => resolve(false) });
    });
  }

  // A purchase: the backend creates TikTok's trade order, the player pays in TikTok's sheet, and the item is
  // the backend's to grant, on TikTok's signed webhook only. So after paying the game asks the backend, a few
  // times, whether the item is granted yet; the pay callback itself grants nothing. While an order is open the
  // backend answers with it again (it can be paid once); a payment that failed or was cancelled closes it.
  async function buy(item, { attempts = 10, wait = 500 } = {}) {
    const order = await api('POST', '/api/orders', { item }).catch((error) => {
      if (error.error === 'already_paid') return null; // paid already: only the webhook is still on its way
      throw error;
    });
    if (order) {
      const paid = await new Promise((resolve) => {
        tt.pay({ trade_order_id: order.trade_order_id, success: () => resolve(true), fail: () => resolve(false) });
      });
      if (!paid) {
        const closed = await api('POST', '/api/orders/close', { order_id: order.order_id });
        if (closed.status !== 'paid' && closed.status !== 'granted') return false;
      }
    }
    for (let i = 0; i < attempts; i += 1) {
      const me = await api('GET', '/api/me');
      if ((me.owned || []).includes(item)) return true;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return false;
  }

  return { login, watchAd, missions, shortcutReward, entranceReward, revisitReward, buy, api, signedIn: () => session !== null };
}

module.exports = { createPlatform };
