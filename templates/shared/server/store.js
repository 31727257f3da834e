// The one file to swap for a database. Users are keyed by TikTok's open_id (stable per user and app);
// sessions by a random id kept in an httpOnly cookie; orders by our own order id. This version keeps everything in one JSON file,
// written atomically (a temporary file, then a rename), so a crash never leaves half a file behind.
import { promises as fs } from 'node:fs';
import path from 'node:path';

// The store file cannot be used (empty, not JSON, not the store's shape): the backend stops with this one
// line rather than start empty and overwrite what the file held on the first login.
export class StoreError extends Error {}

async function load(file) {
  let text;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return {};
    throw new StoreError(`cannot read the store ${file} (${error.code || error.message}): check its permissions`);
  }
  const aside = `move it aside (or delete it) to start with an empty store, where every user signs in again, or put back a backup`;
  if (!text.trim()) throw new StoreError(`the store ${file} is empty: ${aside}`);
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoreError(`the store ${file} is not valid JSON (${error.message}): fix it, or ${aside}`);
  }
  const isObject = (part) => part !== null && typeof part === 'object' && !Array.isArray(part);
  if (!isObject(value) || !['users', 'sessions', 'orders'].every((key) => value[key] === undefined || isObject(value[key]))) {
    throw new StoreError(`the store ${file} does not hold the store's users, sessions and orders: ${aside}`);
  }
  return value;
}

export async function openStore(file) {
  const data = { users: {}, sessions: {}, orders: {}, ...(file ? await load(file) : {}) };
  // Writes run one at a time, in order. Each caller learns whether its own write failed; a failure never
  // blocks the writes queued after it (each writes the whole store, so the next one saves this change too).
  let queue = Promise.resolve();

  function save() {
    if (!file) return Promise.resolve();
    const snapshot = JSON.stringify(data, null, 2);
    const write = queue.then(async () => {
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(temporary, snapshot);
        await fs.rename(temporary, file);
      } catch (error) {
        await fs.rm(temporary, { force: true }).catch(() => {});
        throw error;
      }
    });
    queue = write.catch(() => {});
    return write;
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
    // Forget every session created before `createdBefore` (ms); how many there were.
    async expireSessions(createdBefore) {
      let expired = 0;
      for (const [id, session] of Object.entries(data.sessions)) {
        if (!(session.created_at >= createdBefore)) {
          delete data.sessions[id];
          expired += 1;
        }
      }
      if (expired) await save();
      return expired;
    },
    order: (orderId) => data.orders[orderId] || null,
    orderByTradeOrderId: (tradeOrderId) => Object.values(data.orders).find((order) => order.trade_order_id === tradeOrderId) || null,
    ordersOf: (openId) => Object.values(data.orders).filter((order) => order.open_id === openId),
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
