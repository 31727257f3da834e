// The backend serves the front end and nothing else: not the token store, not package.json, not the
// server's own code, whatever the path's spelling. Needs no TikTok: these requests never reach it.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createApp } from '../server/app.js';
import { openStore } from '../server/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let server, port, folder, project;

before(async () => {
  // A copy of the project's layout with a store full of tokens, as data/store.json is after some logins.
  folder = await mkdtemp(path.join(tmpdir(), 'minis-static-'));
  project = path.join(folder, 'project');
  for (const dir of ['src', 'data', 'server', 'test', 'scripts', '.minis']) await mkdir(path.join(project, dir), { recursive: true });
  await writeFile(path.join(project, 'index.html'), '<!doctype html><title>page</title>');
  await writeFile(path.join(project, 'src', 'main.js'), 'console.log("front end");');
  await writeFile(path.join(project, 'data', 'store.json'), JSON.stringify({ users: { u: { access_token: 'act.SECRET', refresh_token: 'rft.SECRET' } } }));
  await writeFile(path.join(project, 'package.json'), '{"name": "x"}');
  await writeFile(path.join(project, 'server', 'app.js'), '// server code');
  await writeFile(path.join(project, 'test', 'a.test.js'), '// tests');
  await writeFile(path.join(project, 'scripts', 'build.js'), '// build');
  await writeFile(path.join(project, '.env'), 'TIKTOK_CLIENT_SECRET=SECRET');
  await writeFile(path.join(project, '.minis', 'client_secret'), 'SECRET');
  await writeFile(path.join(folder, 'outside.txt'), 'SECRET outside the project');
  await symlink(path.join(project, 'data', 'store.json'), path.join(project, 'src', 'linked.json'));
  const store = await openStore(null);
  const app = createApp({ store, tiktok: {}, root: project });
  server = http.createServer(app.handle);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
});

after(async () => {
  server?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

// The raw request line, byte for byte (fetch would normalise `..` and `%2e%2e` away before sending).
function rawGet(target, method = 'GET') {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(`${method} ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`));
    const chunks = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(text.split(' ')[1]), text });
    });
  });
}

const REFUSED = [
  '/data/store.json', '/data/', '/data', '/package.json', '/server/app.js', '/test/a.test.js', '/scripts/build.js',
  '/.env', '/.minis/client_secret', '/../outside.txt', '/src/../data/store.json', '/src/../package.json',
  '/%2e%2e/outside.txt', '/src/%2e%2e/data/store.json', '/src%2f..%2fdata%2fstore.json', '/src/..%2fpackage.json',
  '/%64ata/store.json', '/src/%2e%2e%2f%2e%2e%2foutside.txt', '/src/..%5c..%5cpackage.json', '/src\\..\\package.json',
  '/src/main.js%00.html', '/%', '/src/%zz', '//data/store.json', '/src//main.js', '/src/', '/src', '/src/linked.json',
  '/index.html/../data/store.json', '/SRC/main.js',
];

for (const target of REFUSED) {
  test(`${target} is not served`, async () => {
    const response = await rawGet(target);
    assert.ok([400, 404].includes(response.status), `${target}: ${response.status}`);
    assert.ok(!response.text.includes('SECRET'), `${target} leaked: ${response.text}`);
  });
}

test('the front end is served: the page, its scripts, HEAD too', async () => {
  for (const target of ['/', '/index.html', '/src/main.js', '/src/%6Dain.js']) {
    const response = await rawGet(target);
    assert.equal(response.status, 200, target);
  }
  const head = await rawGet('/src/main.js', 'HEAD');
  assert.equal(head.status, 200);
  assert.ok(!head.text.includes('front end'));
});

test('/favicon.ico is answered without an error', async () => {
  assert.equal((await rawGet('/favicon.ico')).status, 204);
});

test('the real project serves its own front end and not its own store', async () => {
  const app = createApp({ store: await openStore(null), tiktok: {}, root });
  const own = http.createServer(app.handle);
  await new Promise((resolve) => own.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${own.address().port}`;
    assert.equal((await fetch(`${base}/src/main.js`)).status, 200);
    for (const target of ['/data/store.json', '/package.json', '/server/app.js', '/server/frontend.js', '/test/static.test.js']) {
      assert.equal((await fetch(base + target)).status, 404, target);
    }
  } finally {
    own.close();
  }
});
