// Buying the one item: the backend creates TikTok's trade order, TTMinis.pay shows TikTok's pay sheet, and
// the item counts as bought only once the backend says so (it grants on TikTok's signed webhook, never on
// this page's word). `pay` is TTMinis.pay bound to TTMinis. While an order is open the backend answers with it
// again, so the item is paid once; a payment that failed or was cancelled closes it (POST /api/orders/close).
import { api } from './session.js';

const WAIT_FOR_GRANT_MS = 15_000;
const POLL_MS = 500;

async function me() {
  try {
    const response = await fetch('/api/me', { credentials: 'same-origin' });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

export function showOwned(item, owned, { button, note }) {
  const has = (owned || []).includes(item);
  button.hidden = has;
  note.textContent = has ? 'Unlocked: episodes 2-10.' : note.textContent;
  return has;
}

export async function buy(pay, item, { button, note }) {
  button.disabled = true;
  note.textContent = 'Creating your order…';
  const { ok, loginRequired, unreachable, data } = await api('/api/orders', { item });
  if (!ok && data.error !== 'already_paid') {
    button.disabled = false;
    if (data.error === 'already_owned') return showOwned(item, [item], { button, note });
    note.textContent = loginRequired ? 'Sign in first.' : unreachable ? 'Could not reach the server.' : 'Could not create the order.';
    return false;
  }
  if (ok) {
    const paid = await new Promise((resolve) => pay((result) => resolve(result || {}), { trade_order_id: data.trade_order_id }));
    if (!paid.is_success) {
      // Closed, so the next try is a new trade order; unless TikTok says this one is paid after all.
      const closed = await api('/api/orders/close', { order_id: data.order_id });
      if (!(closed.ok && ['paid', 'granted'].includes(closed.data.status))) {
        button.disabled = false;
        note.textContent = 'Payment cancelled: nothing was charged.';
        return false;
      }
    }
  }
  note.textContent = 'Payment confirmed; unlocking…';
  const deadline = Date.now() + WAIT_FOR_GRANT_MS;
  while (Date.now() < deadline) {
    const profile = await me();
    if (profile && showOwned(item, profile.owned, { button, note })) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  button.disabled = false;
  note.textContent = 'Paid; TikTok has not confirmed it yet. It unlocks as soon as it does.';
  return false;
}
