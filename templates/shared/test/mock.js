// A mock TikTok for the tests: the one at TIKTOK_API_BASE (as `minis-py dev` runs it), or a fresh
// `minis-py mock serve` on a free port. MINIS_PY names the minis-py command if it is not on PATH.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';

export async function startMock() {
  const { TIKTOK_API_BASE: url, TIKTOK_CLIENT_KEY: clientKey, TIKTOK_CLIENT_SECRET: clientSecret } = process.env;
  if (url && clientKey && clientSecret) return control({ url, clientKey, clientSecret, stop: async () => {} });

  const command = process.env.MINIS_PY || 'minis-py';
  const child = spawn(command, ['mock', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const failed = once(child, 'error').then(([error]) => {
    throw new Error(`cannot start the mock TikTok with '${command}' (${error.code}): install minis-py (pipx install minis-py), set MINIS_PY, or set TIKTOK_API_BASE`);
  });
  const found = {};
  const lines = readline.createInterface({ input: child.stdout });
  const ready = (async () => {
    for await (const line of lines) {
      const [key, value] = line.trim().split(/:\s+(?=\S)/);
      if (key === 'Mock TikTok') found.url = value;
      if (key === 'client_key') found.clientKey = value;
      if (key === 'client_secret') found.clientSecret = value;
      if (found.url && found.clientKey && found.clientSecret) return found;
    }
    throw new Error('the mock TikTok exited before printing its URL');
  })();
  await Promise.race([ready, failed]);
  return control({
    ...found,
    stop: async () => {
      lines.close();
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  });
}

// The mock's control API: codes without a browser, the clock, one-shot faults.
function control(mock) {
  async function call(path, body) {
    const response = await fetch(mock.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }
  return {
    ...mock,
    issueCode: async (user = 'alice', scope = 'user.info.basic') => (await call('/_mock/codes', { client_key: mock.clientKey, user, scope })).code,
    advance: (seconds) => call('/_mock/clock', { advance: seconds }),
    failNext: (endpoint, error, status) => call('/_mock/faults', { endpoint, error, status }),
    reset: () => call('/_mock/reset', {}),
    userInfoStatus: async (accessToken) => (await fetch(`${mock.url}/v2/user/info/?fields=open_id`, { headers: { authorization: `Bearer ${accessToken}` } })).status,
  };
}
