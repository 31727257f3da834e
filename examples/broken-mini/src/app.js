const config = { client_secret: 'sk_live_0123456789abcdef' };

function exchange(code) {
  return fetch('https://open.tiktokapis.com/v2/oauth/token/', { method: 'POST', body: 'code=' + code + '&client_secret=' + config.client_secret })
    .then((r) => r.json())
    .then((tokens) => localStorage.setItem('access_token', tokens.access_token));
}

function loadProfile(token) {
  return fetch('https://open.tiktokapis.com/v2/user/info/?fields=display_name', { headers: { Authorization: 'Bearer ' + token } });
}

const settings = eval('(' + window.name + ')');
setTimeout('refresh()', 1000);
const add = new Function('a', 'b', 'return a + b');

function share(text) {
  navigator.clipboard.writeText(text);
  navigator.vibrate(50);
  location.href = '/share.html';
}

fetch('https://stats.other.example/v1/scores');

function claimReward() {
  TTMinis.game.getShortcutMissionReward({ success: function () { addCoins(100); }, fail: console.error });
}

const loginUrl = 'https://www.tiktok.com/v2/auth/authorize/?client_key=awbrokenexample&scope=user.info.basic&response_type=code&redirect_uri=https://broken.example/cb';
