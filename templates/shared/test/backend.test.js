// The backend against a mock TikTok, over HTTP: login, profile, refresh, logout, deletion, failures.
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, beforeEach, test } from 'node:test';
import { createApp } from '../server/app.js';
import { openStore } from '../server/store.js';
import { createTikTok } from '../server/tiktok.js';
import { startMock } from './mock.js';

let server, base, store, app, logged;
const clock = { offset: 0 };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// No mock TikTok, no tests: one clear message (how to get minis-py), not the same error per test.
let mock;
try {
  mock = await startMock();
} catch (error) {
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
const folder = await mkdtemp(path.join(tmpdir(), 'minis-backend-'));

beforeEach(async () => {
  await mock.reset();
  clock.offset = 0;
  store = await openStore(path.join(folder, `store-${Date.now()}-${Math.random()}.json`));
  await serve(createTikTok({ base: mock.url, clientKey: mock.clientKey, clientSecret: mock.clientSecret }));
});

async function serve(tiktok, storeOverride = store) {
  logged = [];
  app = createApp({ store: storeOverride, tiktok, root, now: () => Date.now() + clock.offset, log: (line) => logged.push(line) });
  if (server) server.close();
  server = http.createServer(app.handle);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
}

after(async () => {
  server?.close();
  await mock.stop();
  await rm(folder, { recursive: true, force: true });
});

async function call(method, route, body, cookie) {
  const response = await fetch(base + route, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, cookie: (response.headers.get('set-cookie') || '').split(';')[0], setCookie: response.headers.get('set-cookie') || '', body: await response.json() };
}

async function login(user = 'alice') {
  return call('POST', '/api/login', { code: await mock.issueCode(user) });
}

test('silent login sets an httpOnly session cookie and never gives the page a token', async () => {
  const response = await login();
  assert.equal(response.status, 200);
  assert.match(response.setCookie, /^minis_session=[\w-]{20,}; HttpOnly; SameSite=Lax/);
  assert.deepEqual(Object.keys(response.body).sort(), ['open_id', 'owned', 'profile']);
  assert.equal(response.body.profile, null);
  assert.ok(!JSON.stringify(response.body).includes('act.'));
  const stored = store.user(response.body.open_id);
  assert.ok(stored.access_token.startsWith('act.') && stored.refresh_token.startsWith('rft.'));
});

test('the profile after authorization comes from TikTok through the backend', async () => {
  const session = await login('bruno');
  const profile = await call('POST', '/api/profile', { code: await mock.issueCode('bruno') }, session.cookie);
  assert.equal(profile.status, 200);
  assert.equal(profile.body.display_name, 'Bruno Martins');
  assert.match(profile.body.avatar_url, /^http:\/\/127\.0\.0\.1:\d+\/_mock\/avatars\/bruno\.svg$/);
  const me = await call('GET', '/api/me', undefined, profile.cookie);
  assert.deepEqual(me.body, profile.body);
  assert.equal(me.body.open_id, session.body.open_id);
});

test('a reused code is invalid_grant: the page is told to log in again', async () => {
  const code = await mock.issueCode();
  assert.equal((await call('POST', '/api/login', { code })).status, 200);
  const again = await call('POST', '/api/login', { code });
  assert.deepEqual([again.status, again.body.error], [401, 'login_required']);
});

test('the timer refreshes tokens that expire within 30 minutes, rotating the refresh token', async () => {
  const session = await login();
  const before = store.user(session.body.open_id);
  assert.equal(await app.refreshDue(), 0);
  clock.offset = (86_400 - 20 * 60) * 1000; // 20 minutes before the access token expires
  await mock.advance(86_400 - 20 * 60);
  assert.equal(await app.refreshDue(), 1);
  const after = store.user(session.body.open_id);
  assert.notEqual(after.access_token, before.access_token);
  assert.notEqual(after.refresh_token, before.refresh_token);
  assert.equal(await mock.userInfoStatus(after.access_token), 200);
});

test('a token about to expire is refreshed on demand before TikTok is called', async () => {
  const session = await login();
  const old = store.user(session.body.open_id);
  clock.offset = (86_400 - 5 * 60) * 1000;
  await mock.advance(86_400 - 5 * 60);
  const profile = await call('POST', '/api/profile', { code: await mock.issueCode() }, session.cookie);
  assert.equal(profile.status, 200);
  assert.notEqual(store.user(session.body.open_id).refresh_token, old.refresh_token);
});

test('a 401 from user info tells the page to log in again', async () => {
  const session = await login();
  await mock.failNext('user_info', 'access_token_invalid', 401);
  const profile = await call('POST', '/api/profile', { code: await mock.issueCode() }, session.cookie);
  assert.deepEqual([profile.status, profile.body.error], [401, 'login_required']);
});

test('a refresh token TikTok no longer accepts means logging in again', async () => {
  const session = await login();
  const user = store.user(session.body.open_id);
  await createTikTok({ base: mock.url, clientKey: mock.clientKey, clientSecret: mock.clientSecret }).refresh(user.refresh_token); // rotated out elsewhere
  clock.offset = (86_400 - 5 * 60) * 1000;
  const profile = await call('POST', '/api/profile', { code: await mock.issueCode() }, session.cookie);
  assert.equal(profile.status, 200, 'a fresh authorization still works');
  await store.saveUser({ ...store.user(session.body.open_id), refresh_token: user.refresh_token, access_expires_at: Date.now() });
  assert.equal(await app.refreshDue(), 0);
  assert.equal(store.user(session.body.open_id).refresh_token, null);
});

test('logout revokes the tokens at TikTok and ends the session', async () => {
  const session = await login();
  const token = store.user(session.body.open_id).access_token;
  const out = await call('POST', '/api/logout', {}, session.cookie);
  assert.equal(out.status, 200);
  assert.match(out.setCookie, /Max-Age=0/);
  assert.equal(await mock.userInfoStatus(token), 401);
  assert.equal((await call('GET', '/api/me', undefined, session.cookie)).status, 401);
});

test('deleting the account revokes and removes everything stored about the user', async () => {
  const session = await login();
  const openId = session.body.open_id;
  const token = store.user(openId).access_token;
  const deleted = await call('DELETE', '/api/account', undefined, session.cookie);
  assert.deepEqual([deleted.status, deleted.body], [200, { deleted: true }]);
  assert.equal(store.user(openId), null);
  assert.equal(await mock.userInfoStatus(token), 401);
});

test('bad requests get clear errors', async () => {
  assert.equal((await call('POST', '/api/login', {})).status, 400);
  assert.equal((await call('GET', '/api/me')).status, 401);
  assert.equal((await call('GET', '/api/nothing')).status, 404);
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /TTMinis(\.game)?\.init\(/);
  assert.equal((await fetch(`${base}/server/app.js`)).status, 404);
});

test('TikTok down is a 502 the page can retry, with a log line', async () => {
  const closed = http.createServer();
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const deadBase = `http://127.0.0.1:${closed.address().port}`;
  await new Promise((resolve) => closed.close(resolve)); // nothing listens there now
  await serve(createTikTok({ base: deadBase, clientKey: mock.clientKey, clientSecret: mock.clientSecret }));
  const response = await call('POST', '/api/login', { code: 'any' });
  assert.deepEqual([response.status, response.body.error], [502, 'tiktok_unreachable']);
  assert.match(logged.join('\n'), /TikTok unreachable on POST \/api\/login/);
});

test('TikTok refusing with a server error is a 502 tiktok_error', async () => {
  await mock.failNext('token', 'server_error', 500);
  const response = await call('POST', '/api/login', { code: await mock.issueCode() });
  assert.deepEqual([response.status, response.body.error], [502, 'tiktok_error']);
  assert.match(logged.join('\n'), /TikTok refused on POST \/api\/login/);
});

test('a bug of ours is a 500 internal_error with the stack in the log, never blamed on TikTok', async () => {
  const broken = { ...store, user: () => null, saveUser: async () => { throw new TypeError('store exploded'); } };
  await serve(createTikTok({ base: mock.url, clientKey: mock.clientKey, clientSecret: mock.clientSecret }), broken);
  const response = await call('POST', '/api/login', { code: await mock.issueCode() });
  assert.deepEqual([response.status, response.body.error], [500, 'internal_error']);
  assert.ok(!JSON.stringify(response.body).includes('exploded'), 'no internals reach the page');
  assert.match(logged.join('\n'), /internal error on POST \/api\/login: TypeError: store exploded/);
});
