// A mini game: silent login on entry, authorization from a button, and a shortcut reward that is
// offered only where the API exists (canIUse) and granted only when TikTok says it may be (canReceiveReward).
import { setStatus, showMyProfile, silentLogin } from './session.js';

const game = TTMinis.game;
const login = game.login.bind(game); // the SDK's methods expect to be called on their object
const authorize = game.authorize.bind(game);
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
  showMyProfile(authorize, login, () => {});
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

silentLogin(login);
