// Silent login on entry; authorization only when the user asks for their profile; one item for sale. The
// SDK's methods are passed bound to TTMinis, as they expect to be called on it.
import { buy, showOwned } from './purchase.js';
import { showMyProfile, silentLogin } from './session.js';

const login = TTMinis.login.bind(TTMinis);
const authorize = TTMinis.authorize.bind(TTMinis);
const pay = TTMinis.pay.bind(TTMinis);

const profileButton = document.getElementById('profile');

profileButton.addEventListener('click', () => {
  profileButton.disabled = true;
  showMyProfile(authorize, login, () => {
    profileButton.disabled = false;
  });
});

const shop = { button: document.getElementById('buy'), note: document.getElementById('shop-note') };
shop.button.addEventListener('click', () => buy(pay, 'episodes-2-10', shop));

silentLogin(login, (signedIn) => showOwned('episodes-2-10', signedIn.owned, shop));
