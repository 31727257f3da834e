// Catch the block: the game itself, with no TikTok API in it (game.js wires it to the runtime), so the tests
// can run it step by step. Blocks fall; drag the paddle to catch them; three misses and the round is over.

const PADDLE = { width: 96, height: 16, lift: 72 };
const BLOCK = { size: 28, speed: 180, speedup: 12 };
const BUTTON = { width: 240, height: 48, gap: 14 };

function createGame({ width, height, top = 0, best = 0, random = Math.random }) {
  const state = {
    width, height, top, best,
    score: 0, lives: 3, phase: 'playing', golden: false, message: '', features: {},
    paddle: { x: (width - PADDLE.width) / 2, y: height - PADDLE.lift, width: PADDLE.width, height: PADDLE.height },
    block: null, speed: BLOCK.speed,
  };
  const listeners = { over: [] };

  function drop() {
    state.block = { x: random() * (state.width - BLOCK.size), y: state.top, size: BLOCK.size };
  }
  drop();

  function step(seconds) {
    if (state.phase !== 'playing') return;
    const block = state.block;
    block.y += state.speed * Math.min(seconds, 0.1);
    const paddle = state.paddle;
    const overlaps = block.x + block.size >= paddle.x && block.x <= paddle.x + paddle.width;
    if (block.y + block.size >= paddle.y && block.y + block.size <= paddle.y + paddle.height + state.speed * 0.1 && overlaps) {
      state.score += 1;
      state.speed += BLOCK.speedup;
      drop();
    } else if (block.y > state.height) {
      state.lives -= 1;
      if (state.lives <= 0) {
        state.phase = 'over';
        state.best = Math.max(state.best, state.score);
        listeners.over.forEach((fn) => fn(state.score));
      } else {
        drop();
      }
    }
  }

  function moveTo(x) {
    state.paddle.x = Math.max(0, Math.min(state.width - state.paddle.width, x - state.paddle.width / 2));
  }

  function restart() {
    Object.assign(state, { score: 0, lives: 3, phase: 'playing', speed: BLOCK.speed, message: '' });
    drop();
  }

  function extraLife() {
    state.lives += 1;
    if (state.phase === 'over') { state.phase = 'playing'; drop(); }
  }

  // The buttons on screen now: what the player can do besides playing.
  function buttons() {
    if (state.phase !== 'over') return [];  // while playing, a touch anywhere moves the paddle
    const list = [{ id: 'restart', label: 'Play again' }, { id: 'ad', label: 'Watch an ad: +1 life' }];
    if (state.features.shortcut) list.push({ id: 'shortcut', label: 'Add to home screen: +1 life' });
    if (state.features.entrance) list.push({ id: 'entrance', label: 'Open from the sidebar: +1 life' });
    if (!state.golden) list.push({ id: 'buy', label: 'Golden paddle' });
    const x = (state.width - BUTTON.width) / 2;
    let y = state.height / 2 - 20;
    return list.map((button) => {
      const placed = { ...button, x, y, width: BUTTON.width, height: BUTTON.height };
      y += BUTTON.height + BUTTON.gap;
      return placed;
    });
  }

  function buttonAt(x, y) {
    const found = buttons().find((b) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height);
    return found ? found.id : null;
  }

  function draw(ctx) {
    ctx.fillStyle = '#101826';
    ctx.fillRect(0, 0, state.width, state.height);
    ctx.fillStyle = '#ffffff';
    ctx.font = '20px sans-serif';
    ctx.textAlign = 'left';
    ctx.fillText(`Score ${state.score}   Best ${state.best}   Lives ${state.lives}`, 16, state.top + 28);
    if (state.message) {
      ctx.font = '16px sans-serif';
      ctx.fillText(state.message, 16, state.top + 54);
    }
    if (state.phase === 'playing') {
      ctx.fillStyle = '#ff4f6d';
      ctx.fillRect(state.block.x, state.block.y, state.block.size, state.block.size);
    } else {
      ctx.textAlign = 'center';
      ctx.font = '28px sans-serif';
      ctx.fillText('Round over', state.width / 2, state.height / 2 - 64);
    }
    ctx.fillStyle = state.golden ? '#ffd24a' : '#4fc3ff';
    ctx.fillRect(state.paddle.x, state.paddle.y, state.paddle.width, state.paddle.height);
    buttons().forEach((b) => {
      ctx.fillStyle = 'rgba(255, 255, 255, 0.14)';
      ctx.fillRect(b.x, b.y, b.width, b.height);
      ctx.fillStyle = '#ffffff';
      ctx.font = '16px sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText(b.label, b.x + b.width / 2, b.y + b.height / 2 + 6);
    });
  }

  return {
    state, step, moveTo, restart, extraLife, buttons, buttonAt, draw,
    onOver: (fn) => listeners.over.push(fn),
    say: (message) => { state.message = message; },
  };
}

module.exports = { createGame, PADDLE, BLOCK };
