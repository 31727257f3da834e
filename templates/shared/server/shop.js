// The one item this Mini sells, and how a purchase goes (TikTok's Minis payment guide):
//   1. the backend creates a trade order with the user's access token (POST /v2/minis/trade_order/create/);
//   2. the page calls TTMinis.pay(callback, { trade_order_id }) and the user confirms in TikTok's sheet;
//   3. TikTok sends the signed minis.trade_order.redeem.success webhook, and only then is the item granted.
// The page's "paid" callback grants nothing: it can be faked, the webhook cannot. Granting is idempotent on the
// trade order, so a retried or replayed webhook grants once.
import { randomUUID } from 'node:crypto';

export const ITEMS = {
  'episodes-2-10': { product_name: 'Episodes 2-10', token_amount: 50, description: 'Unlocks episodes 2 to 10' },
};
export const PAID_EVENT = 'minis.trade_order.redeem.success';

export function createShop({ store, tiktok, now = Date.now, log = () => {} }) {
  return {
    items: () => Object.entries(ITEMS).map(([id, item]) => ({ id, ...item })),

    // Step 1: our own order id, then TikTok's trade order for it.
    async createOrder(user, itemId) {
      const item = ITEMS[itemId];
      if (!item) return { error: 'unknown_item' };
      if ((user.owned || []).includes(itemId)) return { error: 'already_owned' };
      const orderId = `ord_${randomUUID()}`;
      const tradeOrderId = await tiktok.createTradeOrder(user.access_token, {
        token_type: 'BEANS',
        token_amount: item.token_amount,
        order_info: { order_id: orderId, product_name: item.product_name, quantity: 1 },
      });
      await store.saveOrder({ order_id: orderId, trade_order_id: tradeOrderId, open_id: user.open_id, item: itemId, status: 'pending', created_at: now() });
      return { order_id: orderId, trade_order_id: tradeOrderId };
    },

    // Step 3: a verified webhook. Returns what happened, for the log and the tests.
    async handleEvent(event) {
      if (event.event !== PAID_EVENT) return 'ignored';
      const order = store.orderByTradeOrderId(String(event.content.trade_order_id || ''));
      if (!order) {
        log(`webhook for an unknown trade order ${event.content.trade_order_id}`);
        return 'unknown_order';
      }
      if (order.status === 'granted') return 'already_granted';
      if (event.user_openid && event.user_openid !== order.open_id) {
        log(`webhook for trade order ${order.trade_order_id} names another user`);
        return 'wrong_user';
      }
      await store.grant(order.order_id, order.open_id, order.item, { granted_at: now(), sandbox: Boolean(event.content.is_sandbox) });
      return 'granted';
    },
  };
}
