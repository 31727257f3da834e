// game.js itself, headless: run in a Node `vm` context with no DOM (as TikTok's native runtime has none), with a
// `tt` whose login, request and pay go to a mock TikTok and to the real backend, and a recording canvas.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { after, beforeEach, test } from 'node:test';
import { MinisPyMissing } from '../scripts/minis-py.js';
import { startBackend, startMock } from './mock.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// CommonJS as the runtime loads it: relative specifiers, `.js` optional, one module object per file.
function loadGame(globals) {
  const context = vm.createContext({ console, setTimeout, clearTimeout, Promise, Math, JSON, Date, ...globals });
  context.GameGlobal = context;
  const cache = {};
  function load(file) {
    if (cache[file]) return cache[file].exports;
    const module = { exports: {} };
    cache[file] = module;
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    const fn = vm.runInContext(`(function (require, module, exports) {${source}\n})`, context, { filename: file });
    const dir = path.posix.dirname(file);
    fn((spec) => {
      const base = path.posix.normalize(path.posix.join(dir, spec));
      return load([base, `${base}.js`].find((f) => { try { readFileSync(path.join(ROOT, f)); return true; } catch { return false; } }));
    }, module, module.exports);
    return module.exports;
  }
  return { exports: load('game.js'), context };
}

function recordingCanvas() {
  const texts = [];
  const ctx = new Proxy({ texts }, {
    get: (target, key) => (key in target ? target[key] : key === 'fillText' ? (text) => texts.push(String(text)) : () => {}),
    set: () => true,
  });
  return { width: 0, height: 0, getContext: () => ctx, ctx };
}

// src/config.js alone: minis-py's desktop host gives the backend's origin (dev.port); TikTok gives none.
function apiBase(globals) {
  const module = { exports: {} };
  const context = vm.createContext({ module, exports: module.exports, ...globals });
  vm.runInContext(readFileSync(path.join(ROOT, 'src', 'config.js'), 'utf8'), context);
  return module.exports.API_BASE;
}

test('API_BASE is the backend minis-py dev runs (any dev.port), and BACKEND where there is none', () => {
  const backend = readFileSync(path.join(ROOT, 'src', 'config.js'), 'utf8').match(/const BACKEND = '([^']+)'/)[1];
  const onTikTok = {};
  onTikTok.GameGlobal = onTikTok;
  assert.equal(apiBase(onTikTok), backend);
  assert.equal(apiBase({}), backend, 'no GameGlobal at all (a plain Node require)');
  const inHost = { __minisDev: { backend: 'http://127.0.0.1:4567' } };
  inHost.GameGlobal = inHost;
  assert.equal(apiBase(inHost), 'http://127.0.0.1:4567');
});

let mock;
try {
  mock = await startMock({ own: true });
} catch (error) {
  if (error instanceof MinisPyMissing) {
    test('game.js against the mock TikTok', { skip: 'no minis-py to run the mock TikTok (see the message above)' }, () => {});
  } else {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}

if (mock) {
  const folder = await mkdtemp(path.join(tmpdir(), 'minis-game-'));
  let backend, base;

  beforeEach(async () => {
    backend?.close();
    backend = await startBackend(mock, folder);
    ({ base } = backend);
  });

  after(async () => {
    backend?.close();
    await mock.stop();
    await rm(folder, { recursive: true, force: true });
  });

  // The runtime: what game.js uses, no more (anything else would be undefined on TikTok too).
  function runtime({ adEnded = true, missions = true, payOutcome = 'confirm', user = 'alice', revisit = null } = {}) {
    const handlers = {};
    const storage = new Map();
    const frames = [];
    const canvas = recordingCanvas();
    const calls = [];
    const on = (name) => (fn) => { (handlers[name] ||= []).push(fn); };
    const tt = {
      getSystemInfoSync: () => ({ windowWidth: 390, windowHeight: 844, pixelRatio: 2, statusBarHeight: 47, safeArea: { top: 47 } }),
      createCanvas: () => canvas,
      getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
      setStorageSync: (key, value) => storage.set(key, value),
      canIUse: () => missions,
      login: ({ success, fail }) => { mock.issueCode(user).then((code) => success({ code }), fail); },
      request: ({ url, method = 'GET', data, header, success, fail }) => {
        calls.push(`${method} ${url}`);
        fetch(url, { method, headers: { 'content-type': 'application/json', ...header }, body: data === undefined ? undefined : JSON.stringify(data) })
          .then(async (r) => success({ statusCode: r.status, data: await r.json(), header: {} }), () => fail({ error_code: 10401, error_msg: 'unreachable' }));
      },
      createRewardedVideoAd: () => {
        const closes = [];
        return { onClose: (fn) => closes.push(fn), onError: () => {}, show: () => { setTimeout(() => closes.forEach((fn) => fn({ isEnded: adEnded })), 0); return Promise.resolve(); } };
      },
      addShortcut: ({ success }) => setTimeout(success, 0),
      getShortcutMissionReward: ({ success }) => setTimeout(() => success({ canReceiveReward: missions === true }), 0),
      startEntranceMission: ({ success }) => setTimeout(success, 0),
      getEntranceMissionReward: ({ success }) => setTimeout(() => success({ canReceiveReward: false }), 0),
      // revisit rewards: each call takes TikTok's next answer (`revisit`: whether the reward is due); a client without them has none
      ...(revisit ? { getRevisitMissionReward: ({ success }) => { calls.push('revisit'); setTimeout(() => success({ canReceiveReward: revisit.shift() === true }), 0); } } : {}),
      pay: ({ trade_order_id: id, success, fail }) => { calls.push('pay'); mock.pay(id, payOutcome, user).then((res) => (payOutcome === 'confirm' && !res.error ? success(res) : fail(res)), fail); },
      onTouchStart: on('touchStart'), onTouchMove: on('touchMove'), onShow: on('show'), onHide: on('hide'),
    };
    // The backend's origin, as minis-py's desktop host hands it to the game (src/config.js reads it).
    const loaded = loadGame({ tt, wx: tt, TTMinis: { game: tt }, requestAnimationFrame: (fn) => frames.push(fn), __minisDev: { backend: base } });
    const { game } = loaded.exports;
    return {
      tt, game, canvas, calls, storage, loaded,
      touch: (x, y) => (handlers.touchStart || []).forEach((fn) => fn({ touches: [], changedTouches: [{ identifier: 0, clientX: x, clientY: y }], timeStamp: 0 })),
      frame: (time) => frames.splice(0).forEach((fn) => fn(time)),
      show: () => (handlers.show || []).forEach((fn) => fn({})),
    };
  }
  const until = async (check, what) => {
    for (let i = 0; i < 200; i += 1) { if (await check()) return; await new Promise((r) => setTimeout(r, 20)); }
    assert.fail(`timed out waiting for ${what}`);
  };
  // Miss every block: the paddle always on the other side.
  function playUntilOver(r) {
    const { state } = r.game;
    let time = 1000;
    r.frame(time);
    while (state.phase !== 'over') {
      r.game.moveTo(state.block.x < state.width / 2 ? state.width * 2 : -state.width);
      time += 50;
      r.frame(time);
    }
  }
  async function signedIn(options) {
    const r = runtime(options);
    await until(() => r.game.state.message === 'Signed in.', 'the silent login');
    return r;
  }

  test('game.js runs with no DOM, signs in through the backend, draws and takes touches', async () => {
    const r = runtime();
    assert.equal(typeof r.loaded.context.document, 'undefined');
    await until(() => r.game.state.message === 'Signed in.', 'the silent login');
    assert.deepEqual(r.calls, [`POST ${base}/api/game/login`]);
    assert.equal(r.canvas.width, 780); // the screen canvas at the device's pixel ratio
    r.frame(1000);
    assert.ok(r.canvas.ctx.texts.some((t) => t.startsWith('Score 0')), r.canvas.ctx.texts.join('|'));
    r.touch(300, 700);
    assert.equal(r.game.state.paddle.x, 300 - r.game.state.paddle.width / 2);
  });

  test('a caught block scores, and the best score is kept with setStorageSync', async () => {
    const r = runtime();
    const { state } = r.game;
    r.frame(1000);
    state.block.x = 100; state.block.y = state.paddle.y - state.block.size - 1;
    r.touch(100 + state.block.size / 2, 500);
    r.frame(1050);
    assert.equal(state.score, 1);
    playUntilOver(r);
    assert.equal(state.best, state.score);
    assert.equal(r.storage.get('best'), state.score);
  });

  test('a rewarded ad grants a life only when watched to the end', async () => {
    for (const [adEnded, lives] of [[true, 1], [false, 0]]) {
      const r = await signedIn({ adEnded });
      playUntilOver(r);
      const ad = r.game.buttons().find((b) => b.id === 'ad');
      r.touch(ad.x + 5, ad.y + 5);
      await until(() => /Ad watched/.test(r.game.state.message), 'the ad to close');
      assert.equal(r.game.state.lives, lives, `isEnded ${adEnded}`);
    }
  });

  test('the missions are offered only where canIUse says so, and grant only on canReceiveReward', async () => {
    const without = await signedIn({ missions: false });
    playUntilOver(without);
    assert.equal(without.game.buttons().some((b) => b.id === 'shortcut' || b.id === 'entrance'), false);
    const r = await signedIn();
    playUntilOver(r);
    const shortcut = r.game.buttons().find((b) => b.id === 'shortcut');
    r.touch(shortcut.x + 5, shortcut.y + 5);
    await until(() => /Shortcut/.test(r.game.state.message), 'the shortcut reward');
    assert.equal(r.game.state.lives, 1);
    playUntilOver(r);
    const entrance = r.game.buttons().find((b) => b.id === 'entrance');
    r.touch(entrance.x + 5, entrance.y + 5);
    await until(() => /Sidebar/.test(r.game.state.message), 'the entrance reward');
    assert.equal(r.game.state.lives, 0, 'canReceiveReward false: no life');
  });

  test('the revisit reward is asked on start and on every return, and granted only when TikTok says it is due', async () => {
    const r = await signedIn({ revisit: [false, true, false] });
    await until(() => r.calls.includes('revisit'), 'the check on start');
    assert.equal(r.game.state.lives, 3, 'not due on start: no life');
    r.show();
    await until(() => /Welcome back/.test(r.game.state.message), 'the revisit reward');
    assert.equal(r.game.state.lives, 4);
    r.show();
    await until(() => r.calls.filter((c) => c === 'revisit').length === 3, 'the third check');
    assert.equal(r.game.state.lives, 4, 'granted once');
    const older = await signedIn();  // a client without getRevisitMissionReward plays on
    assert.equal(older.calls.includes('revisit'), false);
  });

  test('the golden paddle is granted on the webhook, not on the pay callback; a cancelled payment grants nothing', async () => {
    const r = await signedIn();
    playUntilOver(r);
    const buy = r.game.buttons().find((b) => b.id === 'buy');
    r.touch(buy.x + 5, buy.y + 5);
    await until(() => /golden paddle is yours|No purchase|Could not buy/.test(r.game.state.message), 'the purchase');
    assert.equal(r.game.state.message, 'The golden paddle is yours.');
    assert.ok(r.calls.includes('pay') && r.calls.includes(`GET ${base}/api/me`));
    const delivered = await mock.webhooks();
    assert.ok(delivered.some((w) => w.event === 'minis.trade_order.redeem.success' && w.status === 'delivered'), JSON.stringify(delivered));

    const cancelled = await signedIn({ payOutcome: 'cancel', user: 'bruno' });
    playUntilOver(cancelled);
    const again = cancelled.game.buttons().find((b) => b.id === 'buy');
    cancelled.touch(again.x + 5, again.y + 5);
    await until(() => /No purchase|Could not buy|is yours/.test(cancelled.game.state.message), 'the cancelled purchase');
    assert.equal(cancelled.game.state.message, 'No purchase: nothing was charged.');
  });
}
