// Silent login on entry; authorization only when the user asks for their profile.
import { showProfile, showFallback } from './profile.js';

TTMinis.login({
  success(res) {
    fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: res.code }) });
  },
  fail: showFallback,
});

document.getElementById('profile').addEventListener('click', () => {
  TTMinis.authorize({
    scope: 'user.info.basic',
    success: (res) => showProfile(res.code),
    fail: showFallback,
  });
});
