// A mock TikTok for the tests: the one at TIKTOK_API_BASE (as `minis-py dev` runs it), or a fresh
// `minis-py mock serve` on a free port (minis-py found as scripts/minis-py.js says: MINIS_PY, PATH, or the
// one that created the project).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { findMinisPy } from '../scripts/minis-py.js';

// `own`: always a fresh mock of this test file's own (for tests that change its settings, e.g. where its
// webhooks go, which must not touch the mock `minis-py dev` is running).
export async function startMock({ own = false } = {}) {
  const { TIKTOK_API_BASE: url, TIKTOK_CLIENT_KEY: clientKey, TIKTOK_CLIENT_SECRET: clientSecret } = process.env;
  if (!own && url && clientKey && clientSecret) return control({ url, clientKey, clientSecret, stop: async () => {} });

  const minisPy = findMinisPy(); // throws one clear message when there is none
  // --print-config json: one JSON line (url, client_key, client_secret, ...) once the mock listens.
  const child = spawn(minisPy.command, [...minisPy.args, 'mock', 'serve', '--port', '0', '--print-config', 'json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const failed = once(child, 'error').then(([error]) => {
    throw new Error(`cannot start the mock TikTok with '${minisPy.command}' (${error.code}, from ${minisPy.source}): set MINIS_PY to a working minis-py, or set TIKTOK_API_BASE`);
  });
  const lines = readline.createInterface({ input: child.stdout });
  const ready = (async () => {
    for await (const line of lines) {
      if (!line.startsWith('{')) continue;
      const config = JSON.parse(line);
      return { url: config.url, clientKey: config.client_key, clientSecret: config.client_secret };
    }
    throw new Error('the mock TikTok exited before printing its configuration');
  })();
  const found = await Promise.race([ready, failed]);
  return control({
    ...found,
    stop: async () => {
      lines.close();
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  });
}

// The mock's control API: codes without a browser, the clock, one-shot faults, settings, what the user does
// in TikTok's pay sheet, and the webhook delivery log.
function control(mock) {
  async function call(path, body) {
    const response = await fetch(mock.url + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }
  return {
    ...mock,
    issueCode: async (user = 'alice', scope = 'user.info.basic') => (await call('/_mock/codes', { client_key: mock.clientKey, user, scope })).code,
    advance: (seconds) => call('/_mock/clock', { advance: seconds }),
    failNext: (endpoint, error, status) => call('/_mock/faults', { endpoint, error, status }),
    reset: () => call('/_mock/reset', {}),
    configure: (settings) => call('/_mock/config', settings),
    // The user's choice in the pay sheet TTMinis.pay shows: 'confirm', 'cancel' or 'fail'.
    pay: (tradeOrderId, outcome = 'confirm', user = 'alice') => call('/_mock/sdk/pay', { client_key: mock.clientKey, user, trade_order_id: tradeOrderId, outcome }),
    webhooks: async () => (await call('/_mock/webhooks')).webhooks,
    replay: (id) => call(`/_mock/webhooks/${id}/replay`, {}),
    userInfoStatus: async (accessToken) => (await fetch(`${mock.url}/v2/user/info/?fields=open_id`, { headers: { authorization: `Bearer ${accessToken}` } })).status,
  };
}

// A fresh backend (a new store in `folder`) on a free port, against the mock, which sends its webhooks there.
// Returns { base, store, logged, close }.
export async function startBackend(mock, folder) {
  const [{ createApp, WEBHOOK_PATH }, { openStore }, { createTikTok }] = await Promise.all([
    import('../server/app.js'), import('../server/store.js'), import('../server/tiktok.js'),
  ]);
  await mock.reset();
  const store = await openStore(path.join(folder, `store-${Date.now()}-${Math.random()}.json`));
  const logged = [];
  const app = createApp({ store, tiktok: createTikTok({ base: mock.url, clientKey: mock.clientKey, clientSecret: mock.clientSecret }), log: (line) => logged.push(line) });
  const server = http.createServer(app.handle);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  await mock.configure({ webhook_url: base + WEBHOOK_PATH });
  return { base, store, logged, close: () => server.close() };
}
