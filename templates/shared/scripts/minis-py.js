// Runs minis-py for this project's scripts and tests, found in this order: the MINIS_PY environment
// variable (a path to the command), `minis-py` on PATH, then the minis-py that created the project (its
// command is recorded in .minis/minis-py.json, which is local to this machine and never committed).
//   node scripts/minis-py.js build      (what `npm run build` runs)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RECORD = path.join(root, '.minis', 'minis-py.json');

export class MinisPyMissing extends Error {
  constructor() {
    super(
      'minis-py was not found: it is not on PATH, MINIS_PY is not set, and the one that created this project ' +
        `(${path.relative(process.cwd(), RECORD) || RECORD}) is gone.\n` +
        'Install it (pipx install minis-py), or set MINIS_PY to its path, e.g. MINIS_PY=~/.venv/bin/minis-py npm test',
    );
    this.name = 'MinisPyMissing';
  }
}

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name) {
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT || '.EXE;.CMD;.BAT').split(';') : [''];
  for (const folder of (process.env.PATH || '').split(path.delimiter)) {
    for (const extension of extensions) {
      const candidate = path.join(folder || '.', name + extension);
      if (folder && executable(candidate)) return candidate;
    }
  }
  return null;
}

// { command, args, source } for the minis-py to run, or throws MinisPyMissing.
export function findMinisPy() {
  if (process.env.MINIS_PY) return { command: process.env.MINIS_PY, args: [], source: 'MINIS_PY' };
  const found = onPath('minis-py');
  if (found) return { command: found, args: [], source: 'PATH' };
  try {
    const recorded = JSON.parse(fs.readFileSync(RECORD, 'utf8'));
    const [command, ...args] = recorded.command;
    if (typeof command === 'string' && executable(command)) return { command, args, source: RECORD };
  } catch {
    // no record, or an unreadable one: missing
  }
  throw new MinisPyMissing();
}

// As a command: run minis-py with these arguments, its output and exit status passed through.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let minisPy;
  try {
    minisPy = findMinisPy();
  } catch (error) {
    console.error(error.message);
    process.exit(127);
  }
  const child = spawn(minisPy.command, [...minisPy.args, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('error', (error) => {
    console.error(`cannot run ${minisPy.command} (${error.code}); set MINIS_PY to a working minis-py`);
    process.exit(127);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : code));
}
