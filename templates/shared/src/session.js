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

// A "Try again" button for what failed (the backend or the network was down); hidden once it is used.
export function offerRetry(action) {
  const retry = document.getElementById('retry');
  retry.hidden = false;
  retry.onclick = () => {
    retry.hidden = true;
    retry.onclick = null;
    action();
  };
}

function hideRetry() {
  document.getElementById('retry').hidden = true;
}

// A call to the backend. Never rejects: a network failure (backend stopped, phone offline) is
// { ok: false, unreachable: true }, so every caller can show a message and a retry instead of hanging.
export async function api(path, body) {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, loginRequired: response.status === 401, unreachable: false, data };
  } catch {
    return { ok: false, loginRequired: false, unreachable: true, data: {} };
  }
}

// Silent login with the SDK's login function (TTMinis.login, or TTMinis.game.login, bound to its SDK
// object): no dialog.
export function silentLogin(login, onSignedIn = () => {}) {
  setStatus('Signing in…');
  hideRetry();
  login((result) => {
    if (!result || result.error || !result.authResponse) {
      showProfile(null);
      setStatus('Could not sign in with TikTok.');
      offerRetry(() => silentLogin(login, onSignedIn));
      return;
    }
    api('/api/login', { code: result.authResponse.code }).then(({ ok, unreachable, data }) => {
      showProfile(ok ? data.profile : null);
      if (ok) {
        setStatus('Signed in.');
        return onSignedIn(data);
      }
      setStatus(unreachable ? 'Could not reach the server.' : 'Could not sign in.');
      offerRetry(() => silentLogin(login, onSignedIn));
    });
  });
}

// "Show my profile": the SDK's authorize function, from a user action only; `login` signs in again when
// the backend says the grant is gone.
export function showMyProfile(authorize, login, onDone) {
  hideRetry();
  authorize((result) => {
    if (!result || result.error || !result.authResponse) {
      showProfile(null); // declined: the default avatar and "TikTok Player"
      setStatus('Profile not shared.');
      onDone();
      return;
    }
    api('/api/profile', { code: result.authResponse.code }).then(({ ok, loginRequired, unreachable, data }) => {
      onDone();
      if (loginRequired) return silentLogin(login);
      if (ok) {
        showProfile(data);
        return setStatus('Signed in.');
      }
      setStatus(unreachable ? 'Could not reach the server.' : 'Could not load the profile.');
      offerRetry(() => showMyProfile(authorize, login, onDone));
    });
  }, { scope: 'user.info.basic' });
}
