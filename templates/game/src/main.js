// A mini game: silent login on entry, authorization from a button, and a shortcut reward that is
// offered only where the API exists (canIUse) and granted only when TikTok says it may be (canReceiveReward).
const DEFAULT_NAME = 'TikTok Player';
const DEFAULT_AVATAR = '/src/default-avatar.svg';
const game = TTMinis.game;
const nameElement = document.getElementById('name');
const avatarElement = document.getElementById('avatar');
const statusElement = document.getElementById('status');
const coinsElement = document.getElementById('coins');
const profileButton = document.getElementById('profile');
const shortcutButton = document.getElementById('shortcut');
const entranceButton = document.getElementById('entrance');
let coins = 0;

function addCoins(amount, what) {
  coins += amount;
  coinsElement.textContent = String(coins);
  setStatus(`${what} reward received: +${amount} coins.`);
}

function showProfile(profile) {
  nameElement.textContent = (profile && profile.display_name) || DEFAULT_NAME;
  avatarElement.src = (profile && profile.avatar_url) || DEFAULT_AVATAR;
}

function setStatus(text) {
  statusElement.textContent = text;
}

async function api(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, loginRequired: response.status === 401, data };
}

function silentLogin() {
  game.login((result) => {
    if (result.error || !result.authResponse) {
      showProfile(null);
      setStatus('Could not sign in with TikTok.');
      return;
    }
    api('/api/login', { code: result.authResponse.code }).then(({ ok, data }) => {
      showProfile(ok ? data.profile : null);
      setStatus(ok ? 'Signed in.' : 'Could not sign in.');
    });
  });
}

function claimShortcutReward() {
  game.getShortcutMissionReward({
    success(result) {
      if (result.canReceiveReward) addCoins(100, 'Shortcut');
      else setStatus('The shortcut reward was already claimed.');
    },
    fail: () => setStatus('Could not check the reward.'),
  });
}

function claimEntranceReward() {
  game.getEntranceMissionReward({
    success(result) {
      if (result.canReceiveReward) addCoins(50, 'Entrance');
      else setStatus('The entrance reward was already claimed.');
    },
    fail: () => setStatus('Could not check the reward.'),
  });
}

profileButton.addEventListener('click', () => {
  game.authorize((result) => {
    if (result.error || !result.authResponse) {
      showProfile(null); // declined: the default avatar and "TikTok Player"
      setStatus('Profile not shared.');
      return;
    }
    api('/api/profile', { code: result.authResponse.code }).then(({ ok, loginRequired, data }) => {
      if (loginRequired) return silentLogin();
      showProfile(ok ? data : null);
    });
  }, { scope: 'user.info.basic' });
});

if (game.canIUse('addShortcut') && game.canIUse('getShortcutMissionReward')) {
  shortcutButton.hidden = false;
  shortcutButton.addEventListener('click', () => {
    if (!game.canIUse('addShortcut')) return;
    game.addShortcut({
      success: () => {
        if (game.canIUse('getShortcutMissionReward')) claimShortcutReward();
      },
      fail: () => setStatus('The shortcut was not added.'),
    });
  });
}

if (game.canIUse('startEntranceMission') && game.canIUse('getEntranceMissionReward')) {
  entranceButton.hidden = false;
  entranceButton.addEventListener('click', () => {
    if (!game.canIUse('startEntranceMission')) return;
    game.startEntranceMission({
      success: () => {
        if (game.canIUse('getEntranceMissionReward')) claimEntranceReward();
      },
      fail: () => setStatus('The entrance mission did not start.'),
    });
  });
}

silentLogin();
