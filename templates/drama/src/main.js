// Silent login on entry; authorization only when the user asks for their profile.
const DEFAULT_NAME = 'TikTok Player';
const DEFAULT_AVATAR = '/src/default-avatar.svg';
const nameElement = document.getElementById('name');
const avatarElement = document.getElementById('avatar');
const statusElement = document.getElementById('status');
const profileButton = document.getElementById('profile');

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
  TTMinis.login((result) => {
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

profileButton.addEventListener('click', () => {
  profileButton.disabled = true;
  TTMinis.authorize((result) => {
    if (result.error || !result.authResponse) {
      showProfile(null); // declined: the default avatar and "TikTok Player"
      setStatus('Profile not shared.');
      profileButton.disabled = false;
      return;
    }
    api('/api/profile', { code: result.authResponse.code }).then(({ ok, loginRequired, data }) => {
      profileButton.disabled = false;
      if (loginRequired) return silentLogin();
      showProfile(ok ? data : null);
      setStatus(ok ? '' : 'Could not load the profile.');
    });
  }, { scope: 'user.info.basic' });
});

silentLogin();
