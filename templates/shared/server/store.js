// The one file to swap for a database. Users are keyed by TikTok's open_id (stable per user and app);
// sessions by a random id kept in an httpOnly cookie; orders by our own order id. This version keeps everything in one JSON file,
// written atomically (a temporary file, then a rename), so a crash never leaves half a file behind.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export async function openStore(file) {
  let data = { users: {}, sessions: {}, orders: {} };
  if (file) {
    try {
      data = { ...data, ...JSON.parse(await fs.readFile(file, 'utf8')) };
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
  let queue = Promise.resolve();

  function save() {
    if (!file) return Promise.resolve();
    const snapshot = JSON.stringify(data, null, 2);
    queue = queue.then(async () => {
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(temporary, snapshot);
      await fs.rename(temporary, file);
    });
    return queue;
  }

  return {
    user: (openId) => data.users[openId] || null,
    users: () => Object.values(data.users),
    async saveUser(user) {
      data.users[user.open_id] = user;
      await save();
    },
    async deleteUser(openId) {
      delete data.users[openId];
      for (const [id, session] of Object.entries(data.sessions)) {
        if (session.open_id === openId) delete data.sessions[id];
      }
      await save();
    },
    session: (id) => data.sessions[id] || null,
    async saveSession(id, session) {
      data.sessions[id] = session;
      await save();
    },
    async deleteSession(id) {
      delete data.sessions[id];
      await save();
    },
    order: (orderId) => data.orders[orderId] || null,
    orderByTradeOrderId: (tradeOrderId) => Object.values(data.orders).find((order) => order.trade_order_id === tradeOrderId) || null,
    async saveOrder(order) {
      data.orders[order.order_id] = order;
      await save();
    },
    // The order and the user's item change together (one write), and only once: a second call is a no-op.
    async grant(orderId, openId, item, details) {
      const order = data.orders[orderId];
      if (!order || order.status === 'granted') return false;
      data.orders[orderId] = { ...order, status: 'granted', ...details };
      const user = data.users[openId];
      if (user) data.users[openId] = { ...user, owned: [...new Set([...(user.owned || []), item])] };
      await save();
      return true;
    },
  };
}
