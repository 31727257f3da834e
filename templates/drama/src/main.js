// Silent login on entry; authorization only when the user asks for their profile.
import { showMyProfile, silentLogin } from './session.js';

const profileButton = document.getElementById('profile');

profileButton.addEventListener('click', () => {
  profileButton.disabled = true;
  showMyProfile(TTMinis.authorize, TTMinis.login, () => {
    profileButton.disabled = false;
  });
});

silentLogin(TTMinis.login);
