// The JSON store (server/store.js): a failed write does not stop the ones after it, and a store file that is
// empty or not JSON stops the start with one line naming the file and what to do, never a stack.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { openStore, StoreError } from '../server/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let folder;

before(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'minis-store-'));
});

after(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('a failed write is reported to its caller, and the writes after it still happen', async () => {
  const dir = await mkdtemp(path.join(folder, 'queue-'));
  const file = path.join(dir, 'data', 'store.json');
  const store = await openStore(file);
  await writeFile(path.join(dir, 'data'), 'a file where the data folder should be'); // the next write fails
  await assert.rejects(store.saveUser({ open_id: 'first' }));
  await rm(path.join(dir, 'data'));
  await store.saveUser({ open_id: 'second' });
  const saved = JSON.parse(await readFile(file, 'utf8'));
  assert.deepEqual(Object.keys(saved.users).sort(), ['first', 'second'], 'the second write saved both changes');
  assert.deepEqual((await readdir(path.join(dir, 'data'))).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
  const again = await openStore(file);
  assert.equal(again.user('second').open_id, 'second');
});

test('writes queued behind a failed one run, in order', async () => {
  const dir = await mkdtemp(path.join(folder, 'order-'));
  const file = path.join(dir, 'data', 'store.json');
  const store = await openStore(file);
  await writeFile(path.join(dir, 'data'), 'in the way');
  const failing = store.saveUser({ open_id: 'a' });
  const removed = failing.catch(() => rm(path.join(dir, 'data')));
  await assert.rejects(failing);
  await removed;
  await Promise.all([store.saveUser({ open_id: 'b' }), store.saveUser({ open_id: 'c' })]);
  assert.deepEqual(Object.keys(JSON.parse(await readFile(file, 'utf8')).users).sort(), ['a', 'b', 'c']);
});

for (const [what, content, says] of [
  ['empty', '', /is empty/],
  ['blank', '  \n', /is empty/],
  ['not JSON', '{"users": {', /is not valid JSON/],
  ['not an object', '[1, 2]', /does not hold the store's users, sessions and orders/],
  ['users not an object', '{"users": "x"}', /does not hold the store's users, sessions and orders/],
]) {
  test(`a store file that is ${what} is a StoreError naming the file and what to do`, async () => {
    const file = path.join(folder, `${what.replace(/ /g, '-')}.json`);
    await writeFile(file, content);
    const error = await openStore(file).then(() => null, (caught) => caught);
    assert.ok(error instanceof StoreError, String(error));
    assert.match(error.message, says);
    assert.ok(error.message.includes(file), error.message);
    assert.match(error.message, /move it aside/);
    assert.equal(await readFile(file, 'utf8'), content, 'the file is left as it was');
  });
}

test('a missing store file is an empty store', async () => {
  const store = await openStore(path.join(folder, 'nothing-here', 'store.json'));
  assert.deepEqual(store.users(), []);
});

test('the backend does not start on a broken store file: one line, no stack', async () => {
  const file = path.join(folder, 'broken-start.json');
  await writeFile(file, '{"users": {}, "sessions": ');
  const child = spawn(process.execPath, [path.join(root, 'server', 'index.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MINIS_STORE_FILE: file, TIKTOK_CLIENT_KEY: 'awstoretest01', TIKTOK_CLIENT_SECRET: 'secret' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code] = await once(child, 'exit');
  clearTimeout(timer);
  assert.equal(code, 1, output);
  const lines = output.trim().split('\n');
  assert.equal(lines.length, 1, output);
  assert.match(lines[0], /^error: .*broken-start\.json is not valid JSON .*move it aside/);
  assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
});
