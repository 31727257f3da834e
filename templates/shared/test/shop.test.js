// Selling the item, against a mock TikTok of this file's own: the trade order, TikTok's pay sheet (confirm or
// cancel), the signed webhook that grants, a replay that grants nothing more, and forged signatures refused.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, beforeEach, test } from 'node:test';
import { WEBHOOK_PATH } from '../server/app.js';
import { ITEMS } from '../server/shop.js';
import { sign, SignatureError, verifyWebhook } from '../server/webhooks.js';
import { MinisPyMissing } from '../scripts/minis-py.js';
import { startBackend, startMock } from './mock.js';

const ITEM = Object.keys(ITEMS)[0];
let mock;
try {
  mock = await startMock({ own: true });
} catch (error) {
  if (error instanceof MinisPyMissing) { // backend.test.js says so, once: these are skipped, not failed again
    test('the shop against the mock TikTok', { skip: 'no minis-py to run the mock TikTok (see the message above)' }, () => {});
  } else {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
if (mock) {
  const folder = await mkdtemp(path.join(tmpdir(), 'minis-shop-'));
  let backend, base, store, logged;

  beforeEach(async () => {
    backend?.close();
    backend = await startBackend(mock, folder);
    ({ base, store, logged } = backend);
  });

  after(async () => {
    backend?.close();
    await mock.stop();
    await rm(folder, { recursive: true, force: true });
  });

  async function call(method, route, body, cookie) {
    const response = await fetch(base + route, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, cookie: (response.headers.get('set-cookie') || '').split(';')[0], body: await response.json() };
  }

  async function signedIn(user = 'alice') {
    return (await call('POST', '/api/login', { code: await mock.issueCode(user) })).cookie;
  }

  const owned = async (cookie) => (await call('GET', '/api/me', undefined, cookie)).body.owned;

  // The mock delivers webhooks from a thread of its own: wait for what the delivery log says.
  async function deliveries(count, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const delivered = (await mock.webhooks()).filter((w) => w.status === 'delivered');
      if (delivered.length >= count || Date.now() > deadline) return delivered;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  test('a confirmed payment is granted on the signed webhook, and only then', async () => {
    const cookie = await signedIn();
    const order = await call('POST', '/api/orders', { item: ITEM }, cookie);
    assert.equal(order.status, 200);
    assert.match(order.body.trade_order_id, /\S/);
    assert.deepEqual(await owned(cookie), [], 'creating the order grants nothing');
    await mock.configure({ webhook_url: null }); // hold the webhook back: the page's word alone grants nothing
    assert.equal((await mock.pay(order.body.trade_order_id, 'confirm')).is_success, true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(await owned(cookie), [], 'a paid order is not granted before TikTok says so');
    await mock.configure({ webhook_url: base + WEBHOOK_PATH });
    const [delivered] = await deliveries(1);
    assert.equal(delivered.event, 'minis.trade_order.redeem.success');
    assert.equal(delivered.last_status, 200);
    assert.deepEqual(await owned(cookie), [ITEM]);
    assert.equal(store.order(order.body.order_id).status, 'granted');
    assert.equal((await call('POST', '/api/orders', { item: ITEM }, cookie)).status, 409, 'bought once');
  });

  test('a replayed webhook grants once', async () => {
    const cookie = await signedIn();
    const order = await call('POST', '/api/orders', { item: ITEM }, cookie);
    await mock.pay(order.body.trade_order_id, 'confirm');
    const [first] = await deliveries(1);
    const grantedAt = store.order(order.body.order_id).granted_at;
    await mock.replay(first.id);
    const deadline = Date.now() + 5000;
    while ((await mock.webhooks())[0].attempts < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await mock.webhooks())[0].attempts, 2, 'the replay reached the backend');
    assert.deepEqual(await owned(cookie), [ITEM]);
    assert.equal(store.order(order.body.order_id).granted_at, grantedAt, 'the order was granted once');
  });

  test('a cancelled payment grants nothing and sends no webhook', async () => {
    const cookie = await signedIn();
    const order = await call('POST', '/api/orders', { item: ITEM }, cookie);
    const result = await mock.pay(order.body.trade_order_id, 'cancel');
    assert.equal(result.is_success, false);
    assert.ok(result.error && result.error.error_code, 'the pay callback gets an error object');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(await mock.webhooks(), []);
    assert.deepEqual(await owned(cookie), []);
    assert.equal(store.order(order.body.order_id).status, 'pending');
  });

  test('a forged, stale or missing signature is refused with 401 and grants nothing', async () => {
    const cookie = await signedIn();
    const order = await call('POST', '/api/orders', { item: ITEM }, cookie);
    const body = JSON.stringify({ client_key: mock.clientKey, event: 'minis.trade_order.redeem.success', create_time: 1, user_openid: '', content: JSON.stringify({ trade_order_id: order.body.trade_order_id, order_id: order.body.order_id, is_sandbox: false }) });
    const now = Math.floor(Date.now() / 1000);
    const post = (signature) => fetch(base + WEBHOOK_PATH, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'tiktok-signature': signature } : {}) }, body });
    for (const signature of [
      `t=${now},s=${sign('not-the-secret', now, body)}`, // signed with another key
      `t=${now - 3600},s=${sign(mock.clientSecret, now - 3600, body)}`, // an hour old: a replay of a captured request
      `t=${now},s=${sign(mock.clientSecret, now, body).slice(0, 63)}`, // truncated
      undefined,
    ]) {
      const response = await post(signature);
      assert.equal(response.status, 401, String(signature));
      assert.equal((await response.json()).error, 'invalid_signature');
    }
    assert.deepEqual(await owned(cookie), []);
    assert.match(logged.join('\n'), /webhook refused: the signature does not match/);
    const genuine = await post(`t=${now},s=${sign(mock.clientSecret, now, body)}`);
    assert.equal(genuine.status, 200, 'the same body, signed with the client secret, is accepted');
    assert.deepEqual(await owned(cookie), [ITEM]);
  });

  test('signature verification is exact about the raw body and the header', () => {
    const secret = 'shh';
    const raw = Buffer.from('{"event":"x","content":"{\\"a\\":1}"}');
    const t = 1_700_000_000;
    const header = `t=${t},s=${sign(secret, t, raw)}`;
    assert.deepEqual(verifyWebhook({ header, rawBody: raw, secret, nowSeconds: t }).content, { a: 1 });
    assert.throws(() => verifyWebhook({ header, rawBody: Buffer.from(raw.toString() + ' '), secret, nowSeconds: t }), SignatureError, 'one byte more');
    assert.throws(() => verifyWebhook({ header, rawBody: raw, secret, nowSeconds: t + 301 }), SignatureError, 'outside the 5-minute tolerance');
    assert.doesNotThrow(() => verifyWebhook({ header, rawBody: raw, secret, nowSeconds: t + 10_000, toleranceSeconds: 0 }));
    assert.throws(() => verifyWebhook({ header: 'garbage', rawBody: raw, secret, nowSeconds: t }), SignatureError);
    assert.throws(() => verifyWebhook({ header, rawBody: raw, secret: '', nowSeconds: t }), SignatureError);
  });

  // One open order per user and item: ordering again (a second tap, another tab) gives the same trade order, so
  // TikTok's sheet can take the money once; only a page whose payment failed closes it for a fresh one.
  test('ordering again while an order is open gives the same trade order: the item cannot be paid twice', async () => {
    const cookie = await signedIn();
    const first = await call('POST', '/api/orders', { item: ITEM }, cookie);
    const again = await Promise.all([1, 2, 3].map(() => call('POST', '/api/orders', { item: ITEM }, cookie)));
    for (const order of again) assert.deepEqual([order.status, order.body.trade_order_id], [200, first.body.trade_order_id]);
    assert.equal((await mock.pay(first.body.trade_order_id, 'confirm')).is_success, true);
    assert.equal((await mock.pay(again[0].body.trade_order_id, 'confirm')).is_success, false, 'paid once');
    await deliveries(1);
    assert.deepEqual(await owned(cookie), [ITEM]);
  });

  test('orders at the same moment make one trade order', async () => {
    const cookie = await signedIn();
    const orders = await Promise.all([1, 2, 3, 4].map(() => call('POST', '/api/orders', { item: ITEM }, cookie)));
    assert.deepEqual(orders.map((order) => order.status), [200, 200, 200, 200]);
    assert.equal(new Set(orders.map((order) => order.body.trade_order_id)).size, 1);
  });

  test('after a cancelled payment the page closes the order, and the next purchase is a new trade order', async () => {
    const cookie = await signedIn();
    const first = await call('POST', '/api/orders', { item: ITEM }, cookie);
    assert.equal((await mock.pay(first.body.trade_order_id, 'cancel')).is_success, false);
    const closed = await call('POST', '/api/orders/close', { order_id: first.body.order_id }, cookie);
    assert.deepEqual([closed.status, closed.body.status], [200, 'closed']);
    const second = await call('POST', '/api/orders', { item: ITEM }, cookie);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.trade_order_id, first.body.trade_order_id);
    assert.equal((await mock.pay(second.body.trade_order_id, 'confirm')).is_success, true);
    await deliveries(1);
    assert.deepEqual(await owned(cookie), [ITEM]);
  });

  test('a paid order is never closed, and while its webhook is on the way the item is not sold again', async () => {
    const cookie = await signedIn();
    await mock.configure({ webhook_url: null });
    const order = await call('POST', '/api/orders', { item: ITEM }, cookie);
    assert.equal((await mock.pay(order.body.trade_order_id, 'confirm')).is_success, true);
    const again = await call('POST', '/api/orders', { item: ITEM }, cookie);
    assert.deepEqual([again.status, again.body.error], [409, 'already_paid']);
    const closed = await call('POST', '/api/orders/close', { order_id: order.body.order_id }, cookie);
    assert.deepEqual([closed.status, closed.body.status], [200, 'paid']);
    assert.deepEqual([(await call('POST', '/api/orders', { item: ITEM }, cookie)).status], [409]);
    await mock.configure({ webhook_url: base + WEBHOOK_PATH });
    await deliveries(1);
    assert.deepEqual(await owned(cookie), [ITEM]);
  });

  test('only the order’s own user can close it', async () => {
    const alice = await signedIn('alice');
    const order = await call('POST', '/api/orders', { item: ITEM }, alice);
    const bruno = await signedIn('bruno');
    assert.equal((await call('POST', '/api/orders/close', { order_id: order.body.order_id }, bruno)).status, 404);
    assert.equal((await call('POST', '/api/orders/close', { order_id: 'ord_nothing' }, alice)).status, 404);
    assert.equal((await call('POST', '/api/orders/close', { order_id: order.body.order_id })).status, 401);
    assert.equal(store.order(order.body.order_id).status, 'pending');
  });

  test('a second payment for an item already owned grants nothing more and is logged for a refund', async () => {
    const cookie = await signedIn();
    const stale = await call('POST', '/api/orders', { item: ITEM }, cookie); // its sheet still open in another tab
    await call('POST', '/api/orders/close', { order_id: stale.body.order_id }, cookie);
    const fresh = await call('POST', '/api/orders', { item: ITEM }, cookie);
    await mock.pay(fresh.body.trade_order_id, 'confirm');
    await deliveries(1);
    assert.equal((await mock.pay(stale.body.trade_order_id, 'confirm')).is_success, true);
    await deliveries(2);
    assert.deepEqual(await owned(cookie), [ITEM]);
    assert.equal(store.order(stale.body.order_id).status, 'refund_due');
    assert.match(logged.join('\n'), new RegExp(`trade order ${stale.body.trade_order_id} .*already owns.*refund`));
  });

  test('orders need a session and a known item', async () => {
    assert.equal((await call('POST', '/api/orders', { item: ITEM })).status, 401);
    const cookie = await signedIn();
    assert.equal((await call('POST', '/api/orders', { item: 'nothing' }, cookie)).status, 400);
  });
}
