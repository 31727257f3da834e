// Silent login on entry; authorization only when the user asks for their profile. The SDK's methods are
// passed bound to TTMinis, as they expect to be called on it.
import { showMyProfile, silentLogin } from './session.js';

const login = TTMinis.login.bind(TTMinis);
const authorize = TTMinis.authorize.bind(TTMinis);

const profileButton = document.getElementById('profile');

profileButton.addEventListener('click', () => {
  profileButton.disabled = true;
  showMyProfile(authorize, login, () => {
    profileButton.disabled = false;
  });
});

silentLogin(login);
