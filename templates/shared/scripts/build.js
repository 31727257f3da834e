// The front end's build: copies the page and its files into dist/ (build.outputDir in
// minis.config.json), which `minis-py build` then checks and packages as minis.zip. Swap this for your
// bundler (for example `vite build`) when you add one; keep `&& minis-py build` after it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FRONT_END } from '../server/frontend.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(fs.readFileSync(path.join(root, 'minis.config.json'), 'utf8'));
const out = path.join(root, (config.build && config.build.outputDir) || 'dist');

fs.rmSync(out, { recursive: true, force: true }); // nothing stale ships
fs.mkdirSync(out, { recursive: true });
for (const name of FRONT_END) {
  fs.cpSync(path.join(root, name), path.join(out, name), { recursive: true });
}
console.log(`built ${FRONT_END.join(', ')} into ${path.relative(root, out)}/`);
