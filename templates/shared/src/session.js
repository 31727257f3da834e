// What every page of this Mini shares: showing the profile (or the fallbacks), the status line, calls to
// the backend, and silent login. The backend keeps the tokens; the page only has a session cookie.
export const DEFAULT_NAME = 'TikTok Player';
export const DEFAULT_AVATAR = '/src/default-avatar.svg';

export function showProfile(profile) {
  document.getElementById('name').textContent = (profile && profile.display_name) || DEFAULT_NAME;
  document.getElementById('avatar').src = (profile && profile.avatar_url) || DEFAULT_AVATAR;
}

export function setStatus(text) {
  document.getElementById('status').textContent = text;
}

export async function api(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, loginRequired: response.status === 401, data };
}

// Silent login with the SDK's login function (TTMinis.login, or TTMinis.game.login): no dialog.
export function silentLogin(login) {
  login((result) => {
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

// "Show my profile": the SDK's authorize function, from a user action only; `login` signs in again when
// the backend says the grant is gone.
export function showMyProfile(authorize, login, onDone) {
  authorize((result) => {
    if (result.error || !result.authResponse) {
      showProfile(null); // declined: the default avatar and "TikTok Player"
      setStatus('Profile not shared.');
      onDone();
      return;
    }
    api('/api/profile', { code: result.authResponse.code }).then(({ ok, loginRequired, data }) => {
      onDone();
      if (loginRequired) return silentLogin(login);
      showProfile(ok ? data : null);
      setStatus(ok ? '' : 'Could not load the profile.');
    });
  }, { scope: 'user.info.basic' });
}
