"""The game host's ES-module-to-CommonJS compile (issue 29, item 1): what is a module, what the output means, that
lines are kept, and the (path, mtime, size) cache. The semantics are run in Node when it is installed, through a
require with the runtime's resolution (the browser tests run them in the host itself)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from minis_cli.gamepkg import resolve_module
from minis_cli.mock.gamehost import modules
from minis_cli.mock.gamehost.modules import compile_module, is_module


@pytest.mark.parametrize(
    "source",
    [
        # both Cocos Creator builds: object-literal keys at the start of a line
        "var m = {\nimportNode: function () {},\nimportMap,\nexport: 1\n};\nmodule.exports = m;\n",
        "// export default function () {}\nvar s = 'import x from \"y\"';\nvar t = `export const a = 1`;\n",
        "exports.important = require('./a');\nmodule.exports.exported = 1;\n",
        "System.import('./x'); obj.import('y');\n",
        "function f() { return import('./lazy'); }\n",  # a CommonJS file may use import()
    ],
)
def test_commonjs_is_not_a_module(source: str) -> None:
    assert is_module(source) is False


@pytest.mark.parametrize(
    "source",
    [
        "import a from './a';\n",
        "  import './side'\n",
        "export default 1\n",
        "var x = 1;\nexport { x as y };\n",
        "export * from './all';\n",
        "export{x};var x\n",
        "/* header */ import{a}from'./a';a();\n",
    ],
)
def test_es_module_syntax_is_a_module(source: str) -> None:
    assert is_module(source) is True


def test_specifiers_resolve_as_require_does() -> None:
    files = {"game.js", "src/a.js", "data/level.json", "components/Play/index.js", "conf/index.json", "src/components/Play.js"}
    assert resolve_module(files, "src", "./a") == "src/a.js"
    assert resolve_module(files, "src", "../data/level") == "data/level.json"
    assert resolve_module(files, "lib", "components/Play") == "components/Play/index.js"  # bare: from the package root
    assert resolve_module(files, "src", "components/Play") == "src/components/Play.js"  # ... after the requiring folder
    assert resolve_module(files, "", "conf") == "conf/index.json"
    assert resolve_module(files, "src", "/data/level.json") == "data/level.json"


def test_plain_commonjs_is_served_unchanged() -> None:
    source = b"var a = require('./a');\nmodule.exports = function () { return a; };\n"
    result = compile_module(source)
    assert result.code is source and not result.changed and not result.module


def test_the_compile_keeps_every_line_where_it_was() -> None:
    source = (
        b"import d, {\n  a,\n  b as c\n} from './x';\n"
        b"export const k = a + 1;\n"
        b"export {\n  k as kk,\n  d\n};\n"
        b"export default function () {\n  return c;\n}\n"
        b"throw new Error('line 13');\n"
    )
    result = compile_module(source)
    assert result.module and result.changed
    lines = result.code.decode().split("\n")
    assert len(lines) == len(source.decode().split("\n"))
    assert lines[12] == "throw new Error('line 13');"
    assert lines[4] == "const k = __minis$m0.a + 1;"
    assert 'require("./x",1)' in lines[0]  # hoisted to line 1, with the import's line for a message


def test_a_shadowing_declaration_is_left_alone() -> None:
    source = (
        b"import { a } from './a';\nfunction f(a) { return a; }\nconst g = (a) => a;\nfunction h() { var a = 1; return a; }\n"
        b"{ let a = 2; a; }\ntry {} catch (a) { a; }\nconst { a: b } = o;\nexport const u = a;\n"
    )
    code = compile_module(source).code.decode()
    body = code.split("\n")
    assert body[1] == "function f(a) { return a; }"
    assert body[2] == "const g = (a) => a;"
    assert body[3] == "function h() { var a = 1; return a; }"
    assert body[4] == "{ let a = 2; a; }"
    assert body[5] == "try {} catch (a) { a; }"
    assert body[6] == "const { a: b } = o;"  # a property key, not the import
    assert body[7] == "const u = __minis$m0.a;"


NODE = shutil.which("node")
# A require with the runtime's resolution (relative, then the package root; the path, .js, .json, /index.js,
# /index.json), running each file as the host's loader does: compiled, wrapped, the module cached before it runs.
HARNESS = r"""
const fs = require('fs'), path = require('path');
const [root, entry] = process.argv.slice(1);
const compiled = JSON.parse(fs.readFileSync(0, 'utf8'));
const cache = {};
function resolve(dir, spec) {
  const bases = [spec.startsWith('/') ? spec.slice(1) : path.posix.join(dir, spec)];
  if (!spec.startsWith('.') && !spec.startsWith('/')) bases.push(path.posix.normalize(spec));
  for (const b of bases) {
    for (const c of [b, b + '.js', b + '.json', b + '/index.js', b + '/index.json']) if (Object.hasOwn(compiled, c)) return c;
  }
  return null;
}
function load(p) {
  if (cache[p]) return cache[p].exports;
  if (p.endsWith('.json')) return (cache[p] = { exports: JSON.parse(compiled[p]) }).exports;
  const module = cache[p] = { exports: {} };
  const dir = path.posix.dirname(p) === '.' ? '' : path.posix.dirname(p);
  const req = (spec, line) => { const r = resolve(dir, spec); if (!r) throw new Error(`module '${spec}' is not defined (${p}:${line})`); return load(r); };
  req.meta = { url: 'http://host/' + p };
  new Function('require', 'module', 'exports', compiled[p]).call(module.exports, req, module, module.exports);
  return module.exports;
}
Promise.resolve(load(entry)).then(v => Promise.resolve(v.result)).then(r => process.stdout.write(JSON.stringify(r)));
"""


def run_package(files: dict[str, str], entry: str = "main.js"):
    compiled = {name: (text if name.endswith(".json") else compile_module(text.encode()).code.decode()) for name, text in files.items()}
    answer = subprocess.run([NODE or "node", "-e", HARNESS, "pkg", entry], input=json.dumps(compiled), capture_output=True, text=True, timeout=30)
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_babel_interop_in_both_directions() -> None:
    files = {
        "main.js": """
const esm = require('./esm');
const mixed = require('./mixed');
exports.result = [esm.__esModule, esm.default, esm.named, Object.keys(esm).sort(), mixed.fromCjs, mixed.extra, mixed.all];
""",
        "esm.js": "export default 'the default';\nexport const named = 'named';\nexport function fn() {}\n",
        "cjs.js": "module.exports = { x: 1, y: 2 };\n",
        "fnmod.js": "module.exports = function () { return 'called'; };\nmodule.exports.extra = 'prop';\n",
        "mixed.js": """import cjs, { x } from './cjs';
import * as ns from './cjs';
import call from './fnmod';
import * as fns from './fnmod';
exports.extra = 'exports too';
export const fromCjs = [cjs.x, x, ns.y, ns.default === cjs, call(), fns.extra, typeof fns.default];
export const all = Object.keys(ns).sort();
""",
    }
    result = run_package(files)
    assert result == [
        True,
        "the default",
        "named",
        ["default", "fn", "named"],
        [1, 1, 2, True, "called", "prop", "function"],
        "exports too",
        ["default", "x", "y"],
    ]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_re_exports_live_bindings_cycles_and_dynamic_import() -> None:
    files = {
        "main.js": """import * as barrel from 'lib/barrel';
import { count, bump } from './lib/counter';
import { even } from './lib/even';
bump(); bump();
export const result = import('./lib/late').then(late => [Object.keys(barrel).sort(), barrel.renamed, barrel.ns.count, count, even(10), late.value, late.url]);
""",
        "lib/barrel.js": "export * from './counter';\nexport { bump as renamed } from './counter';\nexport * as ns from './counter';\n"
        "export { default as settings } from '../settings.json';\n",
        "lib/counter.js": "export let count = 0;\nexport function bump() { count++; }\n",
        "lib/even.js": "import { odd } from './odd';\nexport function even(n) { return n === 0 ? true : odd(n - 1); }\n",
        "lib/odd.js": "import { even } from './even';\nexport function odd(n) { return n === 0 ? false : even(n - 1); }\n",
        "lib/late/index.js": "export const value = 'late';\nexport const url = import.meta.url;\n",
        "settings.json": '{"level": 1}',
    }
    result = run_package(files)
    assert result[0] == ["bump", "count", "ns", "renamed", "settings"]
    assert result[1] is None  # a function: JSON null
    assert result[2:] == [2, 2, True, "late", "http://host/lib/late/index.js"]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_an_export_read_before_it_is_declared_is_undefined_as_with_babel() -> None:
    files = {
        "main.js": "import { early } from './b';\nexport const LATE = 'late';\nexport class Shape {}\nexport const result = [early, LATE];\n",
        "b.js": "import { LATE, Shape } from './main';\nexport const early = [typeof LATE, typeof Shape];\n",
    }
    assert run_package(files) == [["undefined", "undefined"], "late"]


def test_the_cache_compiles_a_file_once_per_version(tmp_path: Path, monkeypatch) -> None:
    modules.cache_clear()
    calls = []
    real = modules.compile_module
    monkeypatch.setattr(modules, "compile_module", lambda source: calls.append(source) or real(source))
    path = tmp_path / "a.js"
    path.write_text("export const a = 1;\n")
    first = modules.module_source(path)
    assert modules.module_source(path) == first and len(calls) == 1
    path.write_text("export const a = 22;\n")  # a new size
    assert b"22" in modules.module_source(path) and len(calls) == 2
    os.utime(path, ns=(1, 1))  # a new mtime, same size
    modules.module_source(path)
    assert len(calls) == 3
    plain = tmp_path / "plain.js"
    plain.write_text("module.exports = 1;\n")
    assert modules.module_source(plain) == b"module.exports = 1;\n" and modules.module_source(plain) == b"module.exports = 1;\n"
    assert len(calls) == 4  # an unchanged file is not compiled again either


def _unbundle(body: bytes) -> dict[str, bytes]:
    end = body.index(b"\n")
    out, at = {}, end + 1
    for path, length in json.loads(body[:end]):
        out[path] = body[at : at + length]
        at += length
    assert at == len(body)
    return out


def test_the_start_up_bundle_holds_what_game_js_requires(tmp_path: Path) -> None:
    """One response with every module game.js requires statically, as `require` runs each (compiled when it is an
    ES module, a .json as it is), in the order met; not what is only named (myrequire), not a module of a subpackage,
    and a specifier that resolves to nothing is left to the runtime's error."""
    files = {
        "game.json": json.dumps({"subpackages": [{"name": "stage", "root": "stage"}]}),
        "game.js": "import './adapter';\nimport { a } from 'src/a';\nvar conf = require(\"./data/conf\");\nmyrequire('./src/unused');\n"
        "require('./missing');\ntt.loadSubpackage({ name: 'stage', success: function () { require('./stage/game'); } });\n",
        "adapter.js": "GameGlobal.window = GameGlobal;\n",
        "src/a.js": "var b = require( './b' );\nexport const a = b + 1;\n",
        "src/b.js": "module.exports = 1;\n",
        "src/unused.js": "module.exports = 'never';\n",
        "data/conf.json": '{"level": 1}',
        "stage/game.js": "require('../src/b');\n",
        "images/a.png": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    paths, body = modules.bundle(tmp_path, frozenset(files), "game.js")
    assert paths == ["game.js", "adapter.js", "src/a.js", "data/conf.json", "src/b.js"]
    unpacked = _unbundle(body)
    assert list(unpacked) == paths
    assert unpacked["game.js"] == modules.module_source(tmp_path / "game.js") != (tmp_path / "game.js").read_bytes()  # compiled
    assert unpacked["src/b.js"] == (tmp_path / "src/b.js").read_bytes() and unpacked["data/conf.json"] == b'{"level": 1}'
    # a subpackage's entry bundles its own modules only
    assert modules.bundle(tmp_path, frozenset(files), "stage/game.js")[0] == ["stage/game.js"]
