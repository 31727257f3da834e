// The front end's build: copies the page and its files into dist/ (build.outputDir in
// minis.config.json), which `minis-py build` then checks and packages as minis.zip. Swap this for your
// bundler (for example `vite build`) when you add one; keep `&& minis-py build` after it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FRONT_END } from '../server/frontend.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = 'minis.config.json';

// What went wrong, in one line (file:line:column: what), and exit 1: never a stack.
function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

// The line and column (from 1) of a character offset in the text.
function lineAndColumn(text, offset) {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

function readConfig(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${CONFIG} (${error.code || error.message}): the build reads build.outputDir from it (minis-py init writes one)`);
  }
  try {
    const value = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${CONFIG}:1:1: the file must hold a JSON object ({ ... })`);
    return value;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // V8 says where: "... at position N" (and, from Node 21, "(line L column C)"); the end of the text otherwise.
    const position = /at position (\d+)/.exec(error.message);
    const where = lineAndColumn(text, position ? Number(position[1]) : text.length);
    const what = error.message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '').replace(/^JSON\.parse: /, '');
    fail(`${CONFIG}:${where}: ${what || 'not valid JSON'} (fix the JSON; \`minis-py lint\` shows it in context)`);
  }
}

const config = readConfig(path.join(root, CONFIG));
const outputDir = config.build && config.build.outputDir;
if (outputDir !== undefined && (typeof outputDir !== 'string' || !outputDir.trim())) fail(`${CONFIG}: build.outputDir must be a folder name, such as "dist"`);
const out = path.join(root, outputDir || 'dist');

fs.rmSync(out, { recursive: true, force: true }); // nothing stale ships
fs.mkdirSync(out, { recursive: true });
for (const name of FRONT_END) {
  fs.cpSync(path.join(root, name), path.join(out, name), { recursive: true });
}
console.log(`built ${FRONT_END.join(', ')} into ${path.relative(root, out)}/`);
