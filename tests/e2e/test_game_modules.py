"""The game host's module system (issue 29, item 1): one synchronous CommonJS `require` with the platforms'
semantics. ES-module syntax is compiled to CommonJS as WeChat DevTools and ttmg do before upload (Babel's
interop), specifiers resolve as `require` does everywhere, and errors name the package file and its line.

The packages here are small fixtures written for these tests, each the shape a real engine export has."""

from __future__ import annotations

import json

import pytest

from .test_game_host import host, reports  # noqa: F401  (the fixture)

pytestmark = pytest.mark.e2e
BASE = {"game.json": "{}", "project.config.json": json.dumps({"appid": "awhostgame01"})}

MIXED = {
    **BASE,
    # the entry is CommonJS and requires ES modules; ES modules import CommonJS; one file mixes both
    "game.js": """
var esm = require('./lib/esm');
var mixed = require('./src/mixed');
var barrel = require('./src/barrel');
var cycle = require('./src/cycle-a');
GameGlobal.result = {
  esModule: esm.__esModule === true, named: esm.twice(21), defaultValue: esm.default.kind, constant: esm.LIMIT,
  mixed: mixed.summary(), exportsToo: mixed.extra,
  barrel: [barrel.twice(2), barrel.renamed(5), barrel.ns.LIMIT, typeof barrel.default, barrel.fromCjs, barrel.cjsDefault.name],
  cycle: cycle.ping(3)
};
var counter = require('./src/counter');
counter.increment(); counter.increment();
GameGlobal.result.live = require('./src/reader').read();
require('./src/lazy-user').then(function (value) { GameGlobal.lazy = value; });
""",
    "lib/esm.js": """export const LIMIT = 10;
export function twice(n) { return n * 2; }
export default { kind: 'esm default' };
""",
    "lib/legacy.js": "module.exports = { name: 'legacy', shout: function (s) { return s.toUpperCase(); } };\n",
    "lib/fn.js": "'use strict';\nmodule.exports = function () { return this === undefined ? 'no this' : 'this'; };\n",
    # import * as X and import { name } of a CommonJS file; `exports.x =` in the same file; bare specifiers from
    # the package root; an index file; a .json without its extension; a shadowing parameter
    "src/mixed.js": """import * as Legacy from 'lib/legacy';
import { shout, name as legacyName } from '../lib/legacy';
import legacyDefault from '../lib/legacy';
import call from 'lib/fn';
import Play from 'components/Play';
import settings from '../data/settings';
import { twice } from '../lib/esm';
exports.extra = 'exports too';
export function summary() {
  function local(shout) { return shout; }
  return [Legacy.name, Legacy.default.name, shout('hi'), legacyName, legacyDefault.name, call(), new Play().name,
    settings.level, local('shadowed'), twice(4), { Play }.Play === Play];
}
""",
    "components/Play/index.js": "export default class Play { constructor() { this.name = 'play scene'; } }\n",
    "data/settings.json": json.dumps({"level": 3}),
    # re-exports: export * from, export { a as b } from, export * as ns from, default and CommonJS through them
    "src/barrel.js": """export * from '../lib/esm';
export { twice as renamed } from '../lib/esm';
export * as ns from '../lib/esm';
export { name as fromCjs, default as cjsDefault } from '../lib/legacy';
""",
    # an import cycle: each uses the other only when called, which works with Babel's output
    "src/cycle-a.js": "import { pong } from './cycle-b';\nexport function ping(n) { return n <= 0 ? 'done' : pong(n - 1); }\n",
    "src/cycle-b.js": "import { ping } from './cycle-a';\nexport function pong(n) { return ping(n); }\n",
    # live bindings: an exported let seen changing by the importer
    "src/counter.js": "export let count = 0;\nexport function increment() { count += 1; }\n",
    "src/reader.js": "import { count } from './counter';\nexport function read() { return count; }\n",
    # import() is a promise of require; import.meta.url is the file's URL in the host
    "src/lazy-user.js": "module.exports = import('./lazy').then(function (m) { return [m.value, m.default, typeof import.meta.url]; });\n",
    "src/lazy.js": "export const value = 'lazy';\nexport default 'lazy default';\n",
}


def test_commonjs_and_es_modules_interoperate_as_the_platforms_compile_them(page, host) -> None:  # noqa: F811
    worker = host(page, MIXED)
    result = worker.evaluate("GameGlobal.result")
    assert result["esModule"] is True and result["named"] == 42 and result["defaultValue"] == "esm default" and result["constant"] == 10
    assert result["mixed"] == ["legacy", "legacy", "HI", "legacy", "legacy", "no this", "play scene", 3, "shadowed", 8, True]
    assert result["exportsToo"] == "exports too"
    assert result["barrel"] == [4, 10, 10, "undefined", "legacy", "legacy"]  # export * leaves out default
    assert result["cycle"] == "done"
    assert result["live"] == 2
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.lazy) { clearInterval(t); r(); } }, 20); })")
    assert worker.evaluate("GameGlobal.lazy") == ["lazy", "lazy default", "string"]
    assert reports(page) == []


def test_an_es_module_entry_and_a_subpackage_run_through_require(page, host) -> None:  # noqa: F811
    files = {
        **BASE,
        "game.json": json.dumps({"subpackages": [{"name": "stage", "root": "stage"}]}),
        "game.js": "import { greet } from './src/greet';\nimport legacy from './src/legacy';\nGameGlobal.result = greet('tt') + ' / ' + legacy.name;\n"
        "tt.loadSubpackage({ name: 'stage', success: function () { GameGlobal.stage = require('./stage/game').stage; } });\n",
        "src/greet.js": "export function greet(who) { return 'hello ' + who; }\n",
        "src/legacy.js": "module.exports = { name: 'commonjs' };\n",
        "stage/game.js": "import { greet } from '../src/greet';\nexport const stage = greet('stage');\n",
    }
    worker = host(page, files)
    assert worker.evaluate("GameGlobal.result") == "hello tt / commonjs"
    worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.stage) { clearInterval(t); r(); } }, 20); })")
    assert worker.evaluate("GameGlobal.stage") == "hello stage"
    # one module instance whoever loads it: the entry and the subpackage share src/greet.js
    assert worker.evaluate("Object.keys(__minisHost.modules).sort()") == ["game.js", "src/greet.js", "src/legacy.js", "stage/game.js"]
    # the start-up bundle had the main package's modules; loading the subpackage fetched its own, in one response
    requested = worker.evaluate("performance.getEntriesByType('resource').map(e => { const u = new URL(e.name); return u.pathname + u.search; })")
    assert requested == ["/_mock/game/pkg/game.js?bundle", "/_mock/game/pkg/stage/game.js?bundle"], requested
    assert reports(page) == []


# What both Cocos Creator builds carry: CommonJS whose lines start with `importNode:` and `importMap,` (object
# literal keys), and `export` inside strings and comments. A line-based test took them for ES modules.
COCOS_SHAPED = {
    **BASE,
    "game.js": "require('./adapter-min');\nvar loader = require('./src/loader');\n"
    "GameGlobal.result = [loader.importMap.length, loader.importNode(), loader.note];\n",
    "adapter-min.js": "GameGlobal.adapted = true;\n",
    "src/loader.js": """var importMap = ['a', 'b'];
module.exports = {
importNode: function () { return 'imported'; },
importMap,
export: 'a key', note: 'export default in a string'
};
// export function inAComment() {}
""",
}


def test_commonjs_that_only_looks_like_a_module_stays_commonjs(page, host) -> None:  # noqa: F811
    worker = host(page, COCOS_SHAPED)
    assert worker.evaluate("GameGlobal.result") == [2, "imported", "export default in a string"]
    assert reports(page) == []


def test_errors_name_the_package_file_and_its_line(page, host) -> None:  # noqa: F811
    files = {
        **BASE,
        "game.js": "import { boom } from './src/boom';\n\nsetTimeout(function () { boom(); }, 0);\n",
        # the throw is on line 6, below imports and an export that the compile rewrites
        "src/boom.js": "import { helper } from './helper';\nimport * as legacy from './legacy';\n\nexport const label = helper();\n"
        "export function boom() {\n  throw new Error('boom from ' + label + legacy.x);\n}\n",
        "src/helper.js": "export function helper() { return 'helper'; }\n",
        "src/legacy.js": "exports.x = '!';\n",
    }
    host(page, files)
    page.wait_for_function("window.__minisHost.reports().some(r => r.level === 'error')")
    error = next(r for r in reports(page) if r["level"] == "error")
    assert "boom from helper!" in error["message"]
    shown = page.locator("#host-report li[data-level=error]").first.text_content() or ""  # the message and its stack
    assert "/_mock/game/pkg/src/boom.js:6:" in shown, shown


def test_a_missing_import_names_the_importing_file_and_line(page, host) -> None:  # noqa: F811
    files = {
        **BASE,
        "game.js": "import './src/ok';\n\nimport { nothing } from './src/missing';\nGameGlobal.after = nothing;\n",
        "src/ok.js": "GameGlobal.ok = 1;\n",
    }
    host(page, files, wait="booted")
    page.wait_for_function("window.__minisHost.reports().some(r => r.level === 'error')")
    messages = [r["message"] for r in reports(page) if r["level"] == "error"]
    assert any("module './src/missing' is not defined (imported at game.js:3)" in m for m in messages), messages


def test_the_start_up_modules_come_in_one_response(page, host) -> None:  # noqa: F811
    """What game.js requires statically reaches the worker in one response (the worker asks for it as it starts,
    while the page loads the SDK; not through the page), not one synchronous request a module; a require by a
    computed name still loads on its own, and the modules run as before (the stack names each file)."""
    files = {
        **BASE,
        "game.js": "import { twice } from './src/esm';\nvar legacy = require('./src/legacy');\nvar name = './src/' + 'late';\n"
        "GameGlobal.result = [twice(2), legacy.name, require(name).late, require('./data/level.json').level];\n",
        "src/esm.js": "export function twice(n) { return n * 2; }\n",
        "src/legacy.js": "module.exports = { name: 'legacy' };\n",
        "src/late.js": "exports.late = 'by name';\n",
        "data/level.json": '{"level": 7}',
    }
    worker = host(page, files)
    assert worker.evaluate("GameGlobal.result") == [4, "legacy", "by name", 7]
    requested = worker.evaluate("performance.getEntriesByType('resource').map(e => { const u = new URL(e.name); return u.pathname + u.search; })")
    assert requested == ["/_mock/game/pkg/game.js?bundle", "/_mock/game/pkg/src/late.js?cjs"], requested
    assert page.evaluate("performance.getEntriesByType('resource').filter(e => e.name.includes('/_mock/game/pkg/')).length") == 0
    assert reports(page) == []
