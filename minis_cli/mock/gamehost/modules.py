"""The game host's module system: a package's JavaScript as the platforms run it, CommonJS through one synchronous
`require` (issue 29, item 1).

A native mini game's package is CommonJS when it runs: WeChat's and Douyin's "模块化" pages ("模块加载采用CommonJS
规范"), and the platforms' tools compile ES-module syntax to CommonJS with Babel before upload (WeChat DevTools'
"将 JS 代码编译成 ES5": babel7, preset-env). Engine exports therefore mix both freely. The host does what those tools
do, file by file, on the way to the worker:

- whether a file is an ES module is decided by parsing it (tree-sitter): an `import`/`export` statement at the top
  level of the program, never a line that merely starts with the word (`importNode:` in an object literal);
- an ES module becomes CommonJS with Babel's semantics: `exports.__esModule`, a default import is `.default` of an
  ES module or the whole `module.exports` of a CommonJS one, `import * as` of a CommonJS module is a namespace
  whose `default` is `module.exports`, named imports are properties of the required module read at each use (live,
  so import cycles work as they do in Babel's output), exports are getters on `exports` (live: `export let n` seen
  changing), `export * from` / `export {a as b} from` / `export * as ns from` re-export, `import()` is a promise
  of `require`, `import.meta.url` is the file's URL in the host;
- line numbers are kept: every statement is rewritten in place on its own lines and what must run first (the
  requires, hoisted as imports are) is put on line 1, so a stack names the package file and its line.

A plain CommonJS file (no module syntax, no `import()`) is served byte for byte. Compiled output is cached by
(file, mtime, size), so a watch-mode reload compiles only what changed.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Node

# Could the file hold module syntax or import()? A cheap first look: most engine libraries never mention either,
# and skip the parse. (`exports.x`, `importNode`, `important` do not match.)
MAYBE_MODULE = re.compile(rb"\bimport(?:\s+[\w$*{'\"]|\s*[{*'\"(.])|\bexport(?:\s+[\w$*{]|\s*[{*])")
DYNAMIC = re.compile(rb"\bimport\s*[(.]")
CACHE_BYTES = 128 * 1024 * 1024

# Names the compiled code adds (Babel's helpers, inlined per file as Babel 6 did): `__minis$` cannot clash with
# a package's own names in practice.
P = "__minis$"
HELPERS = {
    "d": f"function {P}d(m){{return m&&m.__esModule?m:{{default:m}}}}",
    "w": (
        f"function {P}w(m){{if(m&&m.__esModule)return m;if(m===null||typeof m!=='object'&&typeof m!=='function')return{{default:m}};"
        f"var n={{}};Object.keys(m).forEach(function(k){{if(k!=='default')Object.defineProperty(n,k,{{enumerable:!0,get:function(){{return m[k]}}}})}});"
        "n.default=m;return n}"
    ),
    "s": (
        f"function {P}s(m){{Object.keys(m).forEach(function(k){{if(k==='default'||k==='__esModule'||Object.prototype.hasOwnProperty.call(exports,k))return;"
        "Object.defineProperty(exports,k,{enumerable:!0,get:function(){return m[k]}})})}"
    ),
    "e": f"function {P}e(n,g){{Object.defineProperty(exports,n,{{enumerable:!0,configurable:!0,get:g}})}}",
    "i": f"function {P}i(spec){{return Promise.resolve().then(function(){{return {P}w(require(spec))}})}}",
}
FUNCTIONS = frozenset(
    {"function_declaration", "function_expression", "generator_function", "generator_function_declaration", "arrow_function", "method_definition"}
)
BLOCKS = frozenset({"statement_block", "program", "for_statement", "for_in_statement", "switch_body", "class_static_block"})
PATTERNS = frozenset({"object_pattern", "array_pattern", "assignment_pattern", "rest_pattern", "pair_pattern", "object_assignment_pattern"})
IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")


@dataclass(frozen=True)
class Compiled:
    code: bytes
    module: bool  # the file has ES-module syntax (it was compiled to CommonJS)
    changed: bool  # anything was rewritten (module syntax, import(), import.meta)


def _language():
    from ...source.syntax import _language as language

    return language("js")


def is_module(source: str | bytes) -> bool:
    """Whether the file is an ES module: an import or export statement at the top level of the program."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    if not MAYBE_MODULE.search(data):
        return False
    return any(child.type in ("import_statement", "export_statement") for child in _parse(data).root_node.children)


def _parse(data: bytes):
    from tree_sitter import Parser

    return Parser(_language()).parse(data)  # a parser each time: compiles may run on several threads


def compile_module(source: bytes) -> Compiled:
    """The file as the runtime's `require` runs it (see the module docstring); unchanged if it needs nothing."""
    if not MAYBE_MODULE.search(source):
        return Compiled(source, False, False)
    return _Compiler(source).run()


class _Compiler:
    def __init__(self, source: bytes) -> None:
        self.src = source
        self.root = _parse(source).root_node
        self.edits: list[tuple[int, int, str]] = []
        self.helpers: set[str] = set()
        self.getters: list[tuple[str, str]] = []  # (exported name, the getter's body)
        self.requires: list[str] = []  # header statements, in source order
        self.bindings: dict[str, str] = {}  # imported local name -> expression
        self.modules = 0

    def text(self, node: Node) -> str:
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def run(self) -> Compiled:
        statements = [c for c in self.root.children if c.type in ("import_statement", "export_statement")]
        dynamic, meta = self._dynamic()
        if not statements and not dynamic and not meta:
            return Compiled(self.src, False, False)
        for node in statements:
            if node.type == "import_statement":
                self._import(node)
            else:
                self._export(node)
        if self.bindings:
            self._references()
        for node in dynamic:
            self.helpers.update("iw")
            keyword = node.child_by_field_name("function")
            assert keyword is not None
            self.edits.append((keyword.start_byte, keyword.end_byte, P + "i"))
        for node in meta:
            self.edits.append((node.start_byte, node.end_byte, f"{P}meta"))
        header = []
        if statements:
            header.append('"use strict";Object.defineProperty(exports,"__esModule",{value:!0});')
        if meta:
            header.append(f"var {P}meta={{url:require.meta&&require.meta.url}};")
        if self.getters:
            self.helpers.add("e")
        header.extend(HELPERS[h] + ";" for h in "dwsei" if h in self.helpers)
        header.extend(f"{P}e({json.dumps(name)},function(){{{body}}});" for name, body in self.getters)
        header.extend(self.requires)
        out = bytearray()
        at = 0
        if self.src.startswith(b"#!"):
            self.edits.append((0, 2, "//"))
        for start, end, replacement in sorted(self.edits, key=lambda e: (e[0], e[1])):
            if start < at:
                continue  # inside an edit already made (never expected: edits do not overlap)
            out += self.src[at:start] + replacement.encode("utf-8")
            at = end
        out += self.src[at:]
        return Compiled("".join(header).encode("utf-8") + bytes(out), bool(statements), True)

    # --- import() and import.meta anywhere in the file ------------------------------------------------------
    def _dynamic(self) -> tuple[list[Node], list[Node]]:
        from tree_sitter import QueryCursor

        if not DYNAMIC.search(self.src):
            return [], []
        captures = QueryCursor(_dynamic_query()).captures(self.root)
        return captures.get("dynamic", []), captures.get("meta", [])

    # --- statements ---------------------------------------------------------------------------------------
    def _blank(self, node: Node) -> None:
        """The statement replaced by an empty one on the same lines (a `;` keeps what follows apart)."""
        self.edits.append((node.start_byte, node.end_byte, ";" + "\n" * self.text(node).count("\n")))

    def _module(self, source: Node, statement: Node, interop: str = "") -> str:
        name = f"{P}m{self.modules}"
        self.modules += 1
        self.requires.append(f"var {name}={self._require(source, statement, interop)};")
        return name

    def _require(self, source: Node, statement: Node, interop: str = "") -> str:
        spec = json.dumps(_string(self, source))
        call = f"require({spec},{statement.start_point[0] + 1})"  # the line, for a message if it is not found
        if interop:
            self.helpers.add(interop)
            return f"{P}{interop}({call})"
        return call

    def _import(self, node: Node) -> None:
        self._blank(node)
        source = node.child_by_field_name("source")
        if source is None:
            return
        clause = next((c for c in node.children if c.type == "import_clause"), None)
        if clause is None:  # import 'side-effect';
            self.requires.append(self._require(source, node) + ";")
            return
        default = next((c for c in clause.children if c.type == "identifier"), None)
        namespace = next((c for c in clause.children if c.type == "namespace_import"), None)
        named = next((c for c in clause.children if c.type == "named_imports"), None)
        if namespace is not None:
            ns = self.text(next(c for c in namespace.children if c.type == "identifier"))
            self.requires.append(f"var {ns}={self._require(source, node, 'w')};")
            if default is not None:
                self.bindings[self.text(default)] = f"{ns}.default"
            return
        interop = "d" if default is not None and named is None else "w" if default is not None else ""
        module = self._module(source, node, interop)
        if default is not None:
            self.bindings[self.text(default)] = f"{module}.default"
        for spec in named.children if named is not None else []:
            if spec.type != "import_specifier":
                continue
            name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
            if name is None:
                continue
            imported = _string(self, name) if name.type == "string" else self.text(name)
            local = self.text(alias if alias is not None else name)
            self.bindings[local] = f"{module}{_member(imported)}"

    def _export(self, node: Node) -> None:
        declaration = node.child_by_field_name("declaration")
        value = node.child_by_field_name("value")
        source = node.child_by_field_name("source")
        is_default = any(c.type == "default" for c in node.children)
        if declaration is not None:
            self.edits.append((node.start_byte, declaration.start_byte, ""))  # `export ` / `export default `
            if is_default:
                name = declaration.child_by_field_name("name")
                local = self.text(name) if name is not None else f"{P}default"
                self.getters.append(("default", f"try{{return {local}}}catch(e){{}}" if declaration.type == "class_declaration" else f"return {local}"))
                return
            lexical = declaration.type in ("lexical_declaration", "class_declaration")
            for local in _declared(self, declaration):
                # read before its declaration ran (an import cycle): undefined, as Babel's `exports.x = void 0`
                # gives, not the ReferenceError of a let/const/class in its dead zone
                self.getters.append((local, f"try{{return {local}}}catch(e){{}}" if lexical else f"return {local}"))
            return
        if value is not None:
            anonymous = value.type in ("function_expression", "generator_function", "class") and value.child_by_field_name("name") is None
            if anonymous:  # a declaration without a name: named, so it stays one (and hoisted, a function)
                keyword = next((c for c in value.children if c.type in ("function", "class", "*")), None)
                star = next((c for c in value.children if c.type == "*"), None)
                at = (star or keyword or value).end_byte
                self.edits.append((node.start_byte, value.start_byte, ""))
                self.edits.append((at, at, f" {P}default"))
                self.getters.append(("default", f"return {P}default"))
            else:
                self.edits.append((node.start_byte, value.start_byte, "exports.default="))
            return
        self._blank(node)
        clause = next((c for c in node.children if c.type == "export_clause"), None)
        namespace = next((c for c in node.children if c.type == "namespace_export"), None)
        if source is None:
            for spec in clause.children if clause is not None else []:
                if spec.type == "export_specifier":
                    local, exported = _specifier(self, spec)
                    self.getters.append((exported, f"return {self.bindings[local]}" if local in self.bindings else f"try{{return {local}}}catch(e){{}}"))
            return
        if namespace is not None:  # export * as ns from 'm'
            alias = namespace.children[-1]
            module = self._module(source, node, "w")
            self.getters.append((_string(self, alias) if alias.type == "string" else self.text(alias), f"return {module}"))
            return
        if clause is None:  # export * from 'm'
            self.helpers.add("s")
            self.requires.append(f"{P}s({self._require(source, node)});")
            return
        module = self._module(source, node)
        for spec in clause.children:
            if spec.type == "export_specifier":
                imported, exported = _specifier(self, spec)
                if imported == "default":
                    self.helpers.add("d")
                    self.getters.append((exported, f"return {P}d({module}).default"))
                else:
                    self.getters.append((exported, f"return {module}{_member(imported)}"))

    # --- uses of imported bindings ------------------------------------------------------------------------
    def _references(self) -> None:
        # Where the names occur, found in the text and looked up in the tree (cheaper than a query over every node
        # of a large file); an occurrence in a string or comment is not an identifier node and is skipped.
        names = b"|".join(re.escape(n.encode("utf-8")) for n in sorted(self.bindings, key=len, reverse=True))
        found = []
        for match in re.finditer(rb"(?<![\w$])(?:" + names + rb")(?![\w$])", self.src):
            node = self.root.descendant_for_byte_range(match.start(), match.end())
            if node is None or node.start_byte != match.start() or node.end_byte != match.end():
                continue
            kind = {"identifier": "id", "shorthand_property_identifier": "short", "shorthand_property_identifier_pattern": "pattern"}.get(node.type)
            if kind is not None:
                found.append((node, kind))
        shadowed: dict[str, set[int]] = {}
        references = []
        for node, kind in found:
            if _inside_module_syntax(node):
                continue
            scope = _declaration_scope(node) if kind != "short" else None
            if scope is not None:
                if scope.type != "program":
                    shadowed.setdefault(self.text(node), set()).add(scope.id)
            elif kind != "pattern":
                references.append((node, kind))
        for node, kind in references:
            name = self.text(node)
            scopes = shadowed.get(name, set())
            if scopes and any(a.id in scopes for a in _ancestors(node)):
                continue
            expr = self.bindings[name]
            parent = node.parent
            if kind == "short":
                self.edits.append((node.start_byte, node.end_byte, f"{name}:{expr}"))
            elif parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == node:
                self.edits.append((node.start_byte, node.end_byte, f"(0,{expr})"))  # no `this` of the module
            elif parent is not None and (
                (parent.type in ("assignment_expression", "augmented_assignment_expression") and parent.child_by_field_name("left") == node)
                or parent.type == "update_expression"
            ):
                continue  # assigning to an import: an error in a module, left for the runtime to report
            else:
                self.edits.append((node.start_byte, node.end_byte, expr))


_QUERIES: dict[str, object] = {}


def _dynamic_query():
    query = _QUERIES.get("dynamic")
    if query is None:
        from tree_sitter import Query

        query = _QUERIES["dynamic"] = Query(_language(), "(call_expression function: (import)) @dynamic\n(meta_property) @meta")
    return query


def _string(compiler: _Compiler, node: Node) -> str:
    """A string literal's value (a specifier, an export name written as a string)."""
    text = compiler.text(node)
    if node.type != "string" or len(text) < 2:
        return text
    try:
        return json.loads('"' + text[1:-1].replace('\\"', '"').replace('"', '\\"') + '"')
    except ValueError:
        return text[1:-1]


def _member(name: str) -> str:
    return f".{name}" if IDENTIFIER.match(name) else f"[{json.dumps(name)}]"


def _specifier(compiler: _Compiler, spec: Node) -> tuple[str, str]:
    name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
    assert name is not None
    local = _string(compiler, name) if name.type == "string" else compiler.text(name)
    if alias is None:
        return local, local
    return local, _string(compiler, alias) if alias.type == "string" else compiler.text(alias)


def _declared(compiler: _Compiler, declaration: Node) -> list[str]:
    """The names an exported declaration binds (`export const {a, b: [c]} = o` binds a and c)."""
    name = declaration.child_by_field_name("name")
    if declaration.type in ("function_declaration", "generator_function_declaration", "class_declaration"):
        return [compiler.text(name)] if name is not None else []
    out: list[str] = []
    for declarator in declaration.children:
        if declarator.type == "variable_declarator":
            target = declarator.child_by_field_name("name")
            if target is not None:
                _pattern_names(compiler, target, out)
    return out


def _pattern_names(compiler: _Compiler, node: Node, out: list[str]) -> None:
    if node.type in ("identifier", "shorthand_property_identifier_pattern"):
        out.append(compiler.text(node))
        return
    for i, child in enumerate(node.children):
        field = node.field_name_for_child(i)
        if node.type in ("pair_pattern",) and field == "key":
            continue
        if node.type in ("assignment_pattern", "object_assignment_pattern") and field == "right":
            continue
        _pattern_names(compiler, child, out)


def _ancestors(node: Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _inside_module_syntax(node: Node) -> bool:
    for a in _ancestors(node):
        if a.type in ("import_statement", "export_clause", "namespace_export", "export_specifier"):
            return True
        if a.type == "program":
            return False
    return False


def _field(parent: Node, child: Node) -> str | None:
    for i, c in enumerate(parent.children):
        if c.id == child.id:
            return parent.field_name_for_child(i)
    return None


def _nearest(node: Node, types: frozenset[str]) -> Node | None:
    return next((a for a in _ancestors(node) if a.type in types), None)


def _declaration_scope(node: Node) -> Node | None:
    """If the identifier declares a name, the node whose subtree that name is visible in; else None (a use)."""
    child, parent = node, node.parent
    while parent is not None and parent.type in PATTERNS:  # inside a destructuring pattern
        if parent.type in ("pair_pattern",) and _field(parent, child) == "key":
            return None
        if parent.type in ("assignment_pattern", "object_assignment_pattern") and _field(parent, child) == "right":
            return None  # a default value: a use
        child, parent = parent, parent.parent
    if parent is None:
        return None
    field = _field(parent, child)
    kind = parent.type
    if kind == "variable_declarator" and field == "name":
        declaration = parent.parent
        if declaration is not None and declaration.type == "variable_declaration":
            return _nearest(parent, FUNCTIONS | {"program"})
        return _nearest(parent, BLOCKS)
    if kind == "formal_parameters":
        return parent.parent
    if kind == "arrow_function" and field == "parameter":
        return parent
    if kind in ("function_declaration", "generator_function_declaration", "class_declaration") and field == "name":
        return _nearest(parent, BLOCKS)
    if kind in ("function_expression", "generator_function", "class") and field == "name":
        return parent
    if kind == "catch_clause" and field == "parameter":
        return parent
    if kind == "for_in_statement" and field == "left" and parent.child_by_field_name("kind") is not None:
        var = parent.child_by_field_name("kind")
        return _nearest(parent, FUNCTIONS | {"program"}) if var is not None and var.type == "var" else parent
    return None


# `export X from './X'`: export-default-from, a Babel proposal (Babel 6's stage-1 export-extensions, kept by WeChat
# DevTools' compile: "原有逻辑支持stage0语法，为了向前兼容，引入了一系列 proposal 插件", codecompile). No JavaScript
# engine parses it, and TikTok documents no compile step that would.
EXPORT_DEFAULT_FROM = re.compile(r"""^\s*export\s+([A-Za-z_$][\w$]*)\s+from\s*(["'][^"'\r\n]*["'])""")


def syntax_problem(path: Path) -> dict[str, Any]:
    """Where a package file that does not compile goes wrong, for the runtime's SyntaxError (asked only when the
    worker's compile threw): the first error tree-sitter finds, {line, column} (1-based), and a `hint` when the
    line is a known proposal syntax; {} when tree-sitter finds none (a strict-mode error, a redeclaration)."""
    for code in (path.read_bytes(), module_source(path)):  # the file, then what the host made of it
        found = _first_error(_parse(code).root_node)
        if found is None:
            continue
        row, column = found
        line = code.split(b"\n")[row].decode("utf-8", "replace") if row < code.count(b"\n") + 1 else ""
        problem: dict[str, Any] = {"line": row + 1, "column": column + 1}
        proposal = EXPORT_DEFAULT_FROM.match(line)
        if proposal:
            name, source = proposal.groups()
            problem["hint"] = (
                f"`export {name} from {source}` is export-default-from, a Babel proposal that WeChat DevTools' compile accepts"
                f" (its stage-0 proposal plugins) but no JavaScript engine does, and TikTok documents no such compile: write"
                f" `export {{ default as {name} }} from {source}`"
            )
        return problem
    return {}


def _first_error(root: Node) -> tuple[int, int] | None:
    """The (row, column) of the first ERROR or MISSING node in source order."""
    if not root.has_error:
        return None
    node = root
    while True:
        if node.type == "ERROR" or node.is_missing:
            return node.start_point.row, node.start_point.column
        child = next((c for c in node.children if c.has_error or c.type == "ERROR" or c.is_missing), None)
        if child is None:
            return node.start_point.row, node.start_point.column
        node = child


# --- the cache: (file, mtime, size) -> compiled --------------------------------------------------------------
_cache: OrderedDict[str, tuple[int, int, Compiled]] = OrderedDict()
_cached_bytes = 0
_lock = threading.Lock()


def module_source(path: Path) -> bytes:
    """The package file as `require` runs it: compiled once per (path, mtime, size); a file that needs nothing is
    read as it is (only that it needs nothing is kept)."""
    global _cached_bytes
    stat = path.stat()
    key = str(path)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == stat.st_mtime_ns and hit[1] == stat.st_size:
            _cache.move_to_end(key)
            compiled = hit[2]
            if compiled.changed:
                return compiled.code
    if hit is not None and hit[0] == stat.st_mtime_ns and hit[1] == stat.st_size:
        return path.read_bytes()
    result = compile_module(path.read_bytes())
    stored = result if result.changed else Compiled(b"", result.module, False)
    with _lock:
        old = _cache.pop(key, None)
        if old is not None:
            _cached_bytes -= len(old[2].code)
        _cache[key] = (stat.st_mtime_ns, stat.st_size, stored)
        _cached_bytes += len(stored.code)
        while _cached_bytes > CACHE_BYTES and len(_cache) > 1:
            _, (_, _, dropped) = _cache.popitem(last=False)
            _cached_bytes -= len(dropped.code)
    return result.code


def cache_clear() -> None:
    global _cached_bytes
    with _lock:
        _cache.clear()
        _cached_bytes = 0


# --- the start-up bundle: what game.js requires, in one response ----------------------------------------------
# A `require("x")` / `require('x', line)` call with a string (the compiled imports have that form too). A match in a
# comment or a string only adds a file to the bundle: what the runtime does not require it never runs. (No \b in
# front: the literal start lets `re` skip through a 1 MB library in 2 ms instead of 12; the name's start is checked
# after.)
REQUIRES = re.compile(rb"""require\s*\(\s*(["'])([^"'\\\r\n]{1,512})\1\s*[,)]""")
NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$")
BUNDLE_BYTES = 64 * 1024 * 1024


def bundle(root: Path, files: frozenset[str], entry: str) -> tuple[list[str], bytes]:
    """The modules `entry` requires statically, transitively, as `require` runs them (module_source; a .json as it
    is), in one body the runtime reads instead of one synchronous request each: a line of JSON,
    `[[path, byte length], ...]`, then the files' bytes one after another in that order. Specifiers resolve as the
    runtime resolves them; one that does not resolve is left to the runtime (its error names the importing line).
    Only files of the entry's own package (the main package, or the subpackage it is in): a subpackage's module
    that the main package requires once the subpackage is loaded is not taken before. Up to BUNDLE_BYTES: what a
    larger graph needs beyond it is requested by the runtime as before. Gives the files' paths and the body."""
    from ...gamepkg import resolve_module, subpackages

    roots = [s.root + "/" for s in subpackages(root)]

    def package_of(path: str) -> str:
        return next((r for r in roots if path.startswith(r)), "")

    home = package_of(entry)

    order: list[tuple[str, bytes]] = []
    seen = {entry}
    queue = [entry]
    total = 0
    while queue:
        path = queue.pop(0)
        if path not in files:
            continue
        try:
            code = (root / path).read_bytes() if path.endswith(".json") else module_source(root / path)
        except OSError:
            continue
        if total + len(code) > BUNDLE_BYTES:
            break
        total += len(code)
        order.append((path, code))
        if path.endswith(".json"):
            continue
        folder = path.rpartition("/")[0]
        for match in REQUIRES.finditer(code):
            if match.start() and code[match.start() - 1] in NAME_BYTES:
                continue  # myrequire('x')
            found = resolve_module(files, folder, match.group(2).decode("utf-8", "replace"))
            if found is not None and found not in seen and package_of(found) == home:
                seen.add(found)
                queue.append(found)
    index = json.dumps([[path, len(code)] for path, code in order], separators=(",", ":")).encode("utf-8")
    return [path for path, _ in order], b"".join([index, b"\n", *(code for _, code in order)])
