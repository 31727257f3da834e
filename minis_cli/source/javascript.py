"""JavaScript/TypeScript analysis with tree-sitter: one parse and one query per script, positions
mapped to the host file (an inline <script> reports the HTML file's own lines and columns)."""

from __future__ import annotations

import re
import sys
import time
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ..lint.model import names_sdk
from ..positions import LineIndex, Span
from ..records import record

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

    from .html import HtmlDocument

FUNCTION_TYPES = frozenset(
    {"function_expression", "function_declaration", "arrow_function", "method_definition", "generator_function", "generator_function_declaration", "function"}
)
_GLOBAL_PREFIXES = ("window.", "globalThis.", "self.", "GameGlobal.")
# The games SDK answers to three names ("API namespace is compatible with tt, wx, and TTMinis.game"):
# calls through tt./wx. are TikTok's own API, written canonically as TTMinis.game.X.
GAME_NAMESPACES = ("tt", "wx")
_SIMPLE_NAME = re.compile(rb"[\w$]+(?:\s*\??\.\s*[\w$]+)*")

# Only the nodes some rule can use are captured (the predicates run inside tree-sitter's C code), so a
# large bundle costs one parse and one query, not a Python walk over every node. Which calls: what this
# module needs itself (require, for the module graph) and what each rule declares (Rule.calls).
BASE_CALLS = ("require",)

# Bounds on one script's analysis, so that no input hangs a lint (issue 28: a 240 KB `x.a().a()...` chain took minutes,
# 4 MB of `a+a+...` kept a worker busy for 11 minutes at 934 MB). The query's cost grows with the nesting depth (each
# enclosing node of a pattern stays a match in progress while its children are walked, and past 65,535 levels
# tree-sitter's 16-bit depths wrap and the states are never retired), so a script nested deeper than code is written
# is not queried: real code, bundles included, nests at most ~120 levels. A script over either bound is analysed as an
# empty program and reported as too complex to check (MN023), never silently passed.
MAX_DEPTH = 500  # a node this deep stops the analysis (one is always found when the tree is half as deep again)
PARSE_SECONDS = 10.0  # the parse of one script; past this it is cancelled
PARSE_WATCH_BYTES = 256_000  # a larger script is parsed under watch (time and memory), which costs ~1% more
PARSE_MEMORY = 512 << 20  # bytes the parse of one script may add to the peak (real bundles: ~30 a byte of code)


def call_names() -> tuple[str, ...]:
    """Every call name the query captures: BASE_CALLS and every registered rule's `calls`."""
    from ..lint.rules import all_rules

    return _call_names(tuple(rule.calls for rule in all_rules()))


@cache
def _call_names(declared: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(sorted({*BASE_CALLS, *(name for calls in declared for name in calls)}))


_QUERY = """
(call_expression function: [
  (identifier) @callee
  (member_expression property: (property_identifier) @prop)
  (member_expression) @ttminis
  (parenthesized_expression) (subscript_expression) (import)]
  (#match? @callee "^({CALL_NAMES})$") (#match? @prop "^({CALL_NAMES})$")
  (#match? @ttminis "^((window|globalThis|self|GameGlobal)[?]?[.])*(TTMinis|tt|wx|my)[?]?[.]")) @call
(new_expression constructor: [(identifier) (member_expression)] @ctor (#match? @ctor "(Function|WebSocket|XMLHttpRequest)$")) @new
(assignment_expression left: [(identifier) (member_expression) (subscript_expression)] @lhs
  (#match? @lhs "location|href|src$|pathname|cookie|Storage|[Ss]ecret|SECRET|[Tt]oken")) @assign
(variable_declarator name: (identifier) value: [(string) (template_string) (object) (member_expression) (identifier)]) @decl
(pair key: (_) @key (#match? @key "[Ss]ecret|SECRET|state")) @pair
((string) @string (#match? @string "tiktok|state|<video|jsdelivr|unpkg|cdnjs"))
((template_string) @template (#match? @template "tiktok|state|<video|jsdelivr|unpkg|cdnjs"))
((member_expression) @sdkref (#match? @sdkref "^((window|globalThis|self|GameGlobal)[?]?[.])*(TTMinis|tt|wx)[?]?[.][A-Za-z_$]+([?]?[.][A-Za-z_$]+)?$"))
(import_statement source: (string) @import)
(export_statement source: (string) @import)
((identifier) @process (#eq? @process "process"))
"""
_JSX_QUERY = (
    '((jsx_attribute (property_identifier) @jsxname) (#match? @jsxname "^on[A-Z]"))\n'
    '(jsx_opening_element name: (identifier) @jsxtag (#eq? @jsxtag "video"))\n'
    '(jsx_self_closing_element name: (identifier) @jsxtag (#eq? @jsxtag "video"))'
)


@cache
def _embed_query(dialect: str):
    from tree_sitter import Query

    return Query(_language(dialect), '([(string) (template_string)] @embed (#match? @embed "TTMinis"))')


@cache
def _language(dialect: str):
    from tree_sitter import Language

    if dialect == "js":
        return Language(_grammar("tree_sitter_javascript").language())
    grammar = _grammar("tree_sitter_typescript")
    return Language(grammar.language_tsx() if dialect == "tsx" else grammar.language_typescript())


def _grammar(package: str):
    """A grammar package's compiled `_binding` module, loaded without running the package's __init__, whose
    `importlib.resources` import (for query files minis-py never reads) pulls in tempfile, shutil, bz2, lzma and
    random: ~5 ms of every lint's start-up. Falls back to the package itself if it is laid out otherwise."""
    import importlib.machinery
    import importlib.util
    import os

    name = f"{package}._binding"
    spec = importlib.util.find_spec(package)  # finds the package without importing it
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_binding" + suffix)
            if os.path.isfile(path):
                loader = importlib.machinery.ExtensionFileLoader(name, path)
                found = importlib.util.spec_from_file_location(name, path, loader=loader)
                if found is None:
                    break
                binding = importlib.util.module_from_spec(found)
                loader.exec_module(binding)
                return binding
    return importlib.import_module(package)


@cache
def _parser(dialect: str):
    from tree_sitter import Parser

    return Parser(_language(dialect))


def _query(dialect: str):
    return _compiled_query(dialect, call_names())


@cache
def _compiled_query(dialect: str, names: tuple[str, ...]):
    from tree_sitter import Query

    source = _QUERY.replace("{CALL_NAMES}", "|".join(names)) + (_JSX_QUERY if dialect in ("js", "tsx") else "")
    return Query(_language(dialect), source)


def scripts_in(path: str, text: str, focus: object = None, html: HtmlDocument | None = None) -> list[Script]:
    """The JavaScript of any front-end file, positions in that file: a JS/TS file is one program; an HTML
    page or a .vue/.svelte component has one per inline JS <script> (`lang="ts"` is TypeScript). `html`: the
    file's scan when the caller has made it already."""
    from .html import scan_html

    lower = path.lower()
    if not lower.endswith((".html", ".htm", ".vue", ".svelte")):
        script = Script(text, dialect_for(path), path=path)
        return [script, *script.embedded]
    html = html or scan_html(text)
    found = []
    for element in html.scripts():
        if element.get("src") is not None or not html.is_js_script(element) or element.content_end <= element.content_start:
            continue
        if focus is not None and not focus(element.content_start, element.content_end):  # type: ignore[operator]
            continue
        lang = (element.get("lang") or "").strip().lower()
        dialect = {"ts": "ts", "typescript": "ts", "tsx": "tsx", "jsx": "js"}.get(lang, "js")
        script = Script(text[element.content_start : element.content_end], dialect, element.content_start, html, path)
        found += [script, *script.embedded]
    return found


# Variables bundlers write into browser code at build time (Next.js, Create React App, Vite, Vue CLI, Gatsby, Expo, Nuxt):
# reading one is not a sign of server code.
PUBLIC_ENV_PREFIXES = (b"NEXT_PUBLIC_", b"REACT_APP_", b"VITE_", b"VUE_APP_", b"GATSBY_", b"EXPO_PUBLIC_", b"NUXT_PUBLIC_")


def _reads_env(process: Node) -> bool:
    member = process.parent
    if member is None or member.type != "member_expression":
        return False
    target, field = member.child_by_field_name("object"), member.child_by_field_name("property")
    reads = (
        target is not None
        and target.type == "identifier"
        and target.start_byte == process.start_byte
        and target.end_byte == process.end_byte
        and field is not None
        and field.type == "property_identifier"
        and field.text == b"env"
    )
    outer = member.parent
    if reads and outer is not None and outer.type == "member_expression" and outer.child_by_field_name("object") == member:
        name = outer.child_by_field_name("property")
        return not (name is not None and (name.text or b"").startswith(PUBLIC_ENV_PREFIXES))  # process.env.NEXT_PUBLIC_X
    return reads


def dialect_for(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".tsx"):
        return "tsx"
    if lower.endswith((".ts", ".mts", ".cts")):
        return "ts"
    return "js"


@record
class Call:
    """A call or `new` whose callee is a plain name chain (window./globalThis. stripped), written
    canonically: an alias of the SDK (`const sdk = window.TTMinis`) and the games SDK's other names
    (`tt.`, `wx.`) become `TTMinis.` / `TTMinis.game.`; `written` keeps the name as in the code."""

    callee: str
    node: Node
    args: list[Node]
    is_new: bool
    written: str = ""
    via: str = ""  # "scoped" (a parameter given the SDK, a class member), "dispatch" (a wrapper's string key): sdkrefs
    returned: bool = True  # the call's value is the SDK call's result (not so for a wrapper that makes its own Promise)
    partial: bool = False  # some arguments are a wrapper's own, in another module: the arguments' shape is not known
    own_keys: tuple[str, ...] = ()  # options a wrapper adds to its caller's (`{ ...payload, success: resolve, fail: reject }`)


@record
class Assignment:
    target: str  # dotted name of the left side, "" when not a name chain
    node: Node
    left: Node
    right: Node


@record
class Declarator:
    name: str
    node: Node
    value: Node | None
    kind: str  # const, let, var


class Script:
    """One JS/TS program (a file or an inline script) with its facts, positions in the host file."""

    def __init__(
        self, text: str, dialect: str = "js", host_offset: int = 0, host_index: LineIndex | HtmlDocument | Script | None = None, path: str = ""
    ) -> None:
        self.path = path
        self.text = text
        self.dialect = dialect
        self.data = text.encode("utf-8", "surrogatepass")
        self.host_offset = host_offset
        # The host file's line index, made when a position is first asked for (most scripts report nothing): given, or
        # the page's (an HtmlDocument) or the enclosing script's (embedded code), or this script's own.
        self._host_index: LineIndex | HtmlDocument | Script | None = host_index
        self._ascii = text.isascii()
        deadline = time.monotonic() + PARSE_SECONDS
        self.too_complex: tuple[str, int] | None = None  # why it was not analysed, and where (a byte offset)
        self._reset_facts()
        tree, why = _parse(dialect, self.data, deadline)
        if tree is None:
            self._give_up(why, 0)
            return
        self.tree = tree
        deep = _too_deep(self.tree, MAX_DEPTH)
        if deep is not None:
            self._give_up(f"its code nests more than {MAX_DEPTH} levels deep (a generated chain or expression)", deep)
            return
        self._collect()

    def _reset_facts(self) -> None:
        self.calls: list[Call] = []
        self.assignments: list[Assignment] = []
        self.declarators: list[Declarator] = []
        self.pairs: list[tuple[str, Node, Node]] = []
        self.strings: list[tuple[str, Node]] = []
        self.imports: list[tuple[str, Node]] = []
        self.jsx_handlers: list[tuple[str, Node]] = []
        self.jsx_elements: list[tuple[str, Node]] = []  # (tag, the opening element) for the tags rules look at
        self.reads_process_env = False
        self.names_sdk = False  # names TTMinis, or builds its name from constant pieces (`window['TT' + 'Minis']`)
        self.sdk_aliases: dict[str, str] = {}
        self.sdk_dispatchers: dict[str, Any] = {}  # name -> sdkrefs.Dispatcher: functions calling the API a parameter names
        self.sdk_references: set[str] = set()
        self.embedded: list[Script] = []  # SDK code in a string that becomes a <script> (Next.js __html, a JSX <script>)
        self.embedded_in: Script | None = None  # for such code: the script whose string it is

    def _give_up(self, why: str, byte_offset: int) -> None:
        """Analyse no more: the script counts as an empty program (no rule walks a tree that could hang it)."""
        self.too_complex = (why, byte_offset)
        self.tree = _parser(self.dialect).parse(b"")
        self._reset_facts()

    # --- positions -------------------------------------------------------------------------------

    @property
    def host_index(self) -> LineIndex:
        found = self._host_index
        if not isinstance(found, LineIndex):
            found = LineIndex(self.text) if found is None else found.host_index if isinstance(found, Script) else found.index
            self._host_index = found
        return found

    def char_offset(self, byte_offset: int) -> int:
        if self._ascii:
            return byte_offset
        return len(self.data[:byte_offset].decode("utf-8", "replace"))

    def span(self, node: Node) -> Span:
        return self.host_index.span(self.host_offset + self.char_offset(node.start_byte), self.host_offset + self.char_offset(node.end_byte))

    def offsets(self, node: Node) -> tuple[int, int]:
        """The node's character offsets in the host file (what a fix edits)."""
        return self.host_offset + self.char_offset(node.start_byte), self.host_offset + self.char_offset(node.end_byte)

    def source(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    # --- facts -----------------------------------------------------------------------------------

    def _collect(self) -> None:
        """The facts the rules read, from one query."""
        captures = _captures(_query(self.dialect), self.tree.root_node)
        calls: dict[tuple[int, int], Call] = {}
        for node in captures.get("call", ()):
            key = (node.start_byte, node.end_byte)
            if key in calls:
                continue
            callee = node.child_by_field_name("function")
            if callee is None:
                continue
            name = "import" if callee.type == "import" else dotted_name(callee)
            if name:
                arguments = node.child_by_field_name("arguments")
                args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None and arguments.type == "arguments" else []
                calls[key] = Call(name, node, args, False)
        for node in captures.get("new", ()):
            constructor = node.child_by_field_name("constructor")
            name = dotted_name(constructor) if constructor is not None else None
            if name:
                arguments = node.child_by_field_name("arguments")
                args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
                calls[(node.start_byte, node.end_byte)] = Call(name, node, args, True)
        self.names_sdk = names_sdk(self.text)
        self.sdk_aliases = self._sdk_aliases(captures.get("decl", ())) if self.names_sdk else {}
        if self.sdk_aliases:
            self._alias_calls(calls)
        for call in calls.values():
            call.written = call.callee
            call.callee = self.canonical(call.callee)
        # Every SDK function the code names, called or not (`TTMinis.login.bind(TTMinis)`, `run(tt.login)`).
        self.sdk_references = {self.canonical(dotted_name(node) or "") for node in captures.get("sdkref", ())}
        self.sdk_references.update(call.callee for call in calls.values() if call.callee.startswith("TTMinis."))
        self.calls = sorted(calls.values(), key=lambda call: call.node.start_byte)
        for node in captures.get("assign", ()):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is not None and right is not None:
                self.assignments.append(Assignment(dotted_name(left) or "", node, left, right))
        for node in captures.get("decl", ()):
            declared = node.child_by_field_name("name")
            parent = node.parent
            first = parent.child(0) if parent is not None and parent.child_count else None
            if declared is not None:
                self.declarators.append(Declarator(self.source(declared), node, node.child_by_field_name("value"), first.type if first else ""))
        if self.names_sdk:  # getters, fields, parameters, string keys, dispatch wrappers (issue 30): after the consts
            from .sdkrefs import resolve

            resolve(self, calls)
            self.calls = sorted(calls.values(), key=lambda call: call.node.start_byte)
            self.sdk_references.update(call.callee for call in calls.values() if call.callee.startswith("TTMinis."))
        for node in captures.get("pair", ()):
            key_node = node.child_by_field_name("key")
            value_node = node.child_by_field_name("value")
            if key_node is not None and value_node is not None:
                self.pairs.append((property_key(self, key_node), key_node, value_node))
        for node in captures.get("string", ()):
            text = literal_string(self, node)
            if text is not None:
                self.strings.append((text, node))
        for node in captures.get("template", ()):
            self.strings.append((template_text(self, node), node))
        for node in captures.get("import", ()):
            text = literal_string(self, node)
            if text is not None:
                self.imports.append((text, node))
        for call in self.calls:
            if call.callee in ("require", "import") and call.args:
                text = literal_string(self, call.args[0])
                if text is not None:
                    self.imports.append((text, call.node))
        # `process.env` (`process?.env`): a `process` whose member_expression reads `env`. Checked here rather than by
        # a query pattern with both fields, whose analysis was ~1.2 ms of every lint's query compile.
        self.reads_process_env = any(_reads_env(node) for node in captures.get("process", ()))
        for node in captures.get("jsxname", ()):
            if node.parent is not None:
                self.jsx_handlers.append((self.source(node), node.parent))
        for node in captures.get("jsxtag", ()):
            if node.parent is not None:
                self.jsx_elements.append((self.source(node), node.parent))
        if b"TTMinis" in self.data and (b"__html" in self.data or b"cript" in self.data):
            self.embedded = self._embedded_scripts()

    def _embedded_scripts(self) -> list[Script]:
        """The code in strings that a page runs as a script: a `dangerouslySetInnerHTML={{ __html: `...` }}` value, a
        JSX `<script>`/`<Script>` element's `{`...`}` child (Next.js's app/layout head), an HTML string's inline
        `<script>`; each parsed as a script of its own, positions in this file. `${...}` parts stay as written: inside a
        string literal of that code they are its text (`'${process.env.NEXT_PUBLIC_KEY}'`), which the key resolver reads."""
        from .html import scan_html

        found: list[Script] = []
        for node in _captures(_embed_query(self.dialect), self.tree.root_node).get("embed", ()):
            if node.end_byte - node.start_byte < 2:
                continue
            parent = node.parent
            grand = parent.parent if parent is not None else None
            pieces: list[tuple[int, int]] = []  # byte ranges of code
            if parent is not None and parent.type == "pair" and property_key(self, parent.child_by_field_name("key") or node) == "__html":
                pieces.append((node.start_byte + 1, node.end_byte - 1))
            elif parent is not None and parent.type == "jsx_expression" and grand is not None and grand.type == "jsx_element":
                opening = grand.child_by_field_name("open_tag")
                tag = opening.child_by_field_name("name") if opening is not None else None
                if tag is not None and self.source(tag) in ("script", "Script"):
                    pieces.append((node.start_byte + 1, node.end_byte - 1))
            else:
                raw = self.data[node.start_byte + 1 : node.end_byte - 1].decode("utf-8", "replace")
                if "<script" in raw.lower():
                    html = scan_html(raw)
                    base = node.start_byte + 1
                    for element in html.scripts():
                        if element.get("src") is None and html.is_js_script(element) and element.content_end > element.content_start:
                            start = base + len(raw[: element.content_start].encode("utf-8", "surrogatepass"))
                            pieces.append((start, start + len(raw[element.content_start : element.content_end].encode("utf-8", "surrogatepass"))))
            for start, end in pieces:
                text = self.data[start:end].decode("utf-8", "replace")
                if "TTMinis" not in text:
                    continue
                inner = Script(text, "js", self.host_offset + self.char_offset(start), self._host_index or self, self.path)
                inner.embedded_in = self
                found.append(inner)
        return found

    def calls_to(self, *names: str) -> list[Call]:
        return [call for call in self.calls if call.callee in names]

    # --- the SDK under other names -----------------------------------------------------------------

    def _sdk_aliases(self, declarators: object) -> dict[str, str]:
        """`const sdk = window.TTMinis` -> {"sdk": "TTMinis"}; `const g = TTMinis.game` -> {"g": "TTMinis.game"}."""
        aliases: dict[str, str] = {}
        for node in declarators:  # type: ignore[attr-defined]
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is None or value is None or value.type not in ("member_expression", "identifier"):
                continue
            target = self.canonical(dotted_name(value) or "")
            if target == "TTMinis" or (target.startswith("TTMinis.game") and target.count(".") == 1):
                alias = self.source(name)
                if alias not in ("TTMinis", *GAME_NAMESPACES):
                    aliases[alias] = target
        return aliases

    def _alias_calls(self, calls: dict[tuple[int, int], Call]) -> None:
        """Every `alias.x(...)` call (the main query only sees the SDK's own names)."""
        for call in self.member_calls(self.sdk_aliases):
            calls.setdefault((call.node.start_byte, call.node.end_byte), call)

    def member_calls(self, objects: object) -> list[Call]:
        """Every call of a method on one of these objects (`ad.load()`, `this.ad.show()`), by a query made
        for them: the main query cannot know a program's own variable names."""
        from tree_sitter import Query

        names = "|".join(re.escape(str(o)).replace("\\", "\\\\") for o in objects)  # type: ignore[attr-defined]
        if not names:
            return []
        query = Query(_language(self.dialect), f'(call_expression function: (member_expression object: (_) @o) @f (#match? @o "^({names})$")) @call')
        found = []
        from .sdkrefs import callee_name

        for node in _captures(query, self.tree.root_node).get("call", ()):
            callee = node.child_by_field_name("function")
            name = callee_name(callee) if callee is not None else None
            if name:
                arguments = node.child_by_field_name("arguments")
                args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None and arguments.type == "arguments" else []
                found.append(Call(name, node, args, False, name))
        return sorted(found, key=lambda call: call.node.start_byte)

    def exported_sdk_aliases(self) -> dict[str, str]:
        """The SDK aliases this module offers to importers: its top-level aliases by name, and `default`
        for `export default window.TTMinis`."""
        offered = dict(self.sdk_aliases)
        for node in self.tree.root_node.named_children:
            if node.type == "export_statement":
                value = node.child_by_field_name("value")
                target = self.canonical(dotted_name(unwrap(value)) or "") if value is not None else ""
                if target == "TTMinis" or target == "TTMinis.game":
                    offered["default"] = target
        return offered

    def imported_names(self) -> list[tuple[str, str, str]]:
        """(module specifier, name exported there, local name) for each `import` binding."""
        found = []
        for node in self.tree.root_node.named_children:
            if node.type != "import_statement":
                continue
            source = node.child_by_field_name("source")
            spec = literal_string(self, source) if source is not None else None
            clause = next((c for c in node.named_children if c.type == "import_clause"), None)
            if spec is None or clause is None:
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    found.append((spec, "default", self.source(part)))
                elif part.type == "named_imports":
                    for specifier in part.named_children:
                        if specifier.type == "import_specifier":
                            names = [self.source(c) for c in specifier.named_children if c.type == "identifier"]
                            if names:
                                found.append((spec, names[0], names[-1]))
        return found

    def adopt_aliases(self, aliases: dict[str, str]) -> None:
        """Names bound to the SDK elsewhere (imported from a module that aliases it): resolve calls through them."""
        fresh = {k: v for k, v in aliases.items() if self.sdk_aliases.get(k) != v}
        if not fresh:
            return
        self.sdk_aliases = {**self.sdk_aliases, **fresh}
        calls = {(c.node.start_byte, c.node.end_byte): c for c in self.calls}
        for call in self.member_calls(fresh):
            calls.setdefault((call.node.start_byte, call.node.end_byte), call)
        for call in calls.values():
            if not call.via:
                call.callee = self.canonical(call.written or call.callee)
        if self.too_complex is None:
            from .sdkrefs import resolve

            resolve(self, calls)  # what the imported names reach: `const tt = useTTMinis()`, `setup(sdk)`, `sdk[KEY](...)`
        self.calls = sorted(calls.values(), key=lambda call: call.node.start_byte)
        self.sdk_references |= {c.callee for c in self.calls if c.callee.startswith("TTMinis.")}

    def adopt_dispatchers(self, dispatchers: dict[str, Any]) -> None:
        """Dispatch wrappers imported from another module (`import { callSdk } from './tiktok'`): their calls here."""
        fresh = {k: v for k, v in dispatchers.items() if self.sdk_dispatchers.get(k) != v}
        if not fresh or self.too_complex is not None:
            return
        from .sdkrefs import dispatched_calls

        self.sdk_dispatchers = {**self.sdk_dispatchers, **fresh}
        calls = {(c.node.start_byte, c.node.end_byte): c for c in self.calls}
        for call in dispatched_calls(self, fresh):
            calls[(call.node.start_byte, call.node.end_byte)] = call
        self.calls = sorted(calls.values(), key=lambda call: call.node.start_byte)
        self.sdk_references |= {c.callee for c in self.calls if c.callee.startswith("TTMinis.")}

    def canonical(self, name: str) -> str:
        """The SDK name a callee stands for: aliases resolved, tt./wx. as TTMinis.game."""
        head, dot, rest = name.partition(".")
        aliases = getattr(self, "sdk_aliases", None)
        if aliases and dot and rest:  # `this.sdk.pay`, `minis.sdk.login`, `this.getSdk().pay`: a two-part alias
            second, dot2, rest2 = rest.partition(".")
            if f"{head}.{second}" in aliases:
                return aliases[f"{head}.{second}"] + (dot2 + rest2 if dot2 else "")
        if aliases and head in aliases:
            return aliases[head] + (dot + rest if dot else "")
        if head in GAME_NAMESPACES and dot:
            return "TTMinis.game." + rest
        return name


def _parse(dialect: str, data: bytes, deadline: float) -> tuple[Tree | None, str]:
    """The tree of `data`, or None and why when parsing it ran past `deadline` or PARSE_MEMORY. A large script is
    parsed through tree-sitter's cancellable reader, then again from the bytes with that tree as the old one, which
    reuses every node (~2 ms for 4 MB): a tree read through a callback would fetch every node's text through it."""
    parser = _parser(dialect)
    if len(data) < PARSE_WATCH_BYTES:
        return parser.parse(data), ""
    view = memoryview(data)
    peak = _peak_memory()
    why = ""
    checked = 0

    def read(offset: int, _point: object) -> memoryview:
        return view[offset : offset + 65536]

    def progress(offset: int, _has_error: bool) -> bool:
        nonlocal why, checked
        if not why and time.monotonic() > deadline:
            why = f"parsing it took more than {PARSE_SECONDS:g} s"
        elif not why and peak is not None and offset - checked >= 65536:
            checked = offset
            grown = (_peak_memory() or 0) - peak
            if grown > PARSE_MEMORY:
                why = f"parsing it took more than {PARSE_MEMORY >> 20} MB"
        return bool(why)

    try:
        tree = parser.parse(read, progress_callback=progress)
    except ValueError:  # "Parsing failed": cancelled
        tree = None
    if why or tree is None:
        parser.reset()  # a cancelled parse would otherwise resume with the next script
        return None, why or "tree-sitter could not parse it"
    return parser.parse(data, tree), ""


def _peak_memory() -> int | None:
    """This process's peak resident memory in bytes (None where the OS does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _captures(query: object, node: Node) -> dict[str, list[Node]]:
    """The query's captures under `node`. Not cancellable: py-tree-sitter 0.26 keeps a pointer to the options that
    carry a query's progress callback after they went out of scope (a crash once that stack is reused), so the
    query's time is bounded by the tree's depth instead (MAX_DEPTH), and a forked worker's by the parent's deadline."""
    from tree_sitter import QueryCursor

    return QueryCursor(query).captures(node)  # type: ignore[arg-type]


def _too_deep(tree: object, limit: int) -> int | None:
    """The byte offset of a node at least `limit` levels deep, else None. Sampled, in C: every (limit // 2)-th node in
    document order, so a tree half as deep again is always caught (under the node at depth `limit` of a path
    1.5 * limit long lie at least limit // 2 nodes, consecutive in document order and all at least that deep)."""
    root = tree.root_node  # type: ignore[attr-defined]
    count = root.descendant_count
    if count <= limit:
        return None  # too few nodes to nest that deep: nearly every file, at no cost
    cursor = tree.walk()  # type: ignore[attr-defined]
    step = max(1, limit // 2)
    for index in range(step, count, step):
        cursor.goto_descendant(index)
        if cursor.depth >= limit:
            return cursor.node.start_byte
    return None


def dotted_name(node: Node) -> str | None:
    """`window.TTMinis.game.login` -> "TTMinis.game.login"; `(0, eval)` -> "eval"; None when not a name chain."""
    if node.end_byte - node.start_byte < 120 and node.type in ("identifier", "member_expression"):
        raw = node.text or b""
        if _SIMPLE_NAME.fullmatch(raw):
            name = re.sub(rb"\s|\?", b"", raw).decode("utf-8", "replace")
            return _strip_global(name)
    parts: list[str] = []
    current: Node | None = node
    while current is not None:
        kind = current.type
        if kind in ("identifier", "property_identifier", "this", "private_property_identifier", "shorthand_property_identifier"):
            parts.append((current.text or b"").decode("utf-8", "replace"))
            break
        if kind == "member_expression":
            prop = current.child_by_field_name("property")
            if prop is None:
                return None
            parts.append((prop.text or b"").decode("utf-8", "replace"))
            current = current.child_by_field_name("object")
        elif kind == "subscript_expression":
            index = current.child_by_field_name("index")
            key = _constant_key(index) if index is not None else None
            if key is None:
                return None
            parts.append(key)
            current = current.child_by_field_name("object")
        elif kind in ("parenthesized_expression", "sequence_expression", "non_null_expression", "as_expression", "satisfies_expression"):
            children = current.named_children
            if not children:
                return None
            current = children[-1] if kind != "as_expression" and kind != "satisfies_expression" else children[0]
        else:
            return None
    return _strip_global(".".join(reversed(parts))) if parts else None


def _constant_key(node: Node, depth: int = 0) -> str | None:
    """A subscript's key when it is a constant string: `['pay']`, `[`pay`]`, `['TT' + 'Minis']` (escapes as written)."""
    kind = node.type
    if kind == "string":
        return (node.text or b"")[1:-1].decode("utf-8", "replace")
    if kind == "template_string":
        if any(child.type == "template_substitution" for child in node.named_children):
            return None
        return (node.text or b"")[1:-1].decode("utf-8", "replace")
    if depth > 8:
        return None
    if kind == "parenthesized_expression" and node.named_child_count == 1:
        return _constant_key(node.named_children[0], depth + 1)
    if kind == "binary_expression" and _is_plus(node):
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        a = _constant_key(left, depth + 1) if left is not None else None
        b = _constant_key(right, depth + 1) if right is not None else None
        return a + b if a is not None and b is not None else None
    return None


def _strip_global(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _GLOBAL_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix) :]
                changed = True
    return name


def literal_string(script: Script, node: Node) -> str | None:
    """The value of a string literal or a template literal without substitutions, else None."""
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    if node.type == "string":
        raw = script.source(node)
        return _unescape_js(raw[1:-1]) if len(raw) >= 2 else ""
    if node.type == "template_string":
        if any(child.type == "template_substitution" for child in node.named_children):
            return None
        return _unescape_js(script.source(node)[1:-1])
    return None


def template_text(script: Script, node: Node) -> str:
    """A template literal's static text with `${...}` parts dropped (for URL checks)."""
    if node.type != "template_string":
        return literal_string(script, node) or ""
    pieces = [script.source(child) for child in node.named_children if child.type == "string_fragment"]
    return "".join(pieces)


def constant_text(script: Script, node: Node, hole: str | None = None, depth: int = 0) -> str | None:
    """The value of a string built from constants: literals, their `+` concatenation (`'TT' + 'Minis'`), a template's
    `${...}` of them, and a `const` of this script given one. A part that is not constant becomes `hole`, or makes the
    whole unknown (None) when `hole` is None; an expression with no constant part at all is None either way."""
    node = unwrap(node)
    kind = node.type
    if kind == "string":
        return literal_string(script, node)
    if depth > 8:
        return None
    if kind == "template_string":
        parts: list[str] = []
        for child in node.named_children:
            if child.type in ("string_fragment", "escape_sequence"):
                parts.append(_unescape_js(script.source(child)))
            elif child.type == "template_substitution":
                inner = child.named_children[0] if child.named_child_count else None
                value = constant_text(script, inner, hole, depth + 1) if inner is not None else None
                if value is None and hole is None:
                    return None
                parts.append(hole if value is None else value)  # type: ignore[arg-type]
        return "".join(parts)
    if kind == "binary_expression":
        operator = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if operator is None or operator.type != "+" or left is None or right is None:
            return None
        a, b = constant_text(script, left, hole, depth + 1), constant_text(script, right, hole, depth + 1)
        if (a is None and b is None) or (hole is None and (a is None or b is None)):
            return None
        return (hole if a is None else a) + (hole if b is None else b)  # type: ignore[operator]
    if kind == "identifier":
        name = script.source(node)
        values = [d.value for d in script.declarators if d.name == name]
        if len(values) == 1 and values[0] is not None and any(d.kind == "const" for d in script.declarators if d.name == name):
            return constant_text(script, values[0], hole, depth + 1)
    return None


def concatenation(node: Node) -> Node:
    """The whole `+` concatenation (or template substitution) a string is a part of: `"...?" + "scope=" + s`."""
    while node.parent is not None:
        parent = node.parent
        if parent.type == "parenthesized_expression" or (parent.type == "binary_expression" and _is_plus(parent)):
            node = parent
        elif parent.type == "template_substitution" and parent.parent is not None:
            node = parent.parent
        else:
            break
    return node


def identifier_uses(script: Script, name: str) -> list[Node]:
    """Where the script names `name` (identifiers, and TypeScript's type names), declarations included."""
    if not re.fullmatch(r"[\w$]+", name):
        return []
    return _captures(_uses_query(script.dialect, name), script.tree.root_node).get("use", [])


@lru_cache(maxsize=256)
def _uses_query(dialect: str, name: str):
    from tree_sitter import Query

    kinds = "(identifier)" if dialect == "js" else "(identifier) (type_identifier)"
    return Query(_language(dialect), f'([{kinds}] @use (#eq? @use "{name}"))')


def _is_plus(node: Node) -> bool:
    operator = node.child_by_field_name("operator")
    return operator is not None and operator.type == "+"


_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": ""}


def _unescape_js(body: str) -> str:
    if "\\" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        esc = match.group(1)
        if esc[0] == "u" and len(esc) > 1:
            code = int(esc[2:-1] if esc[1] == "{" else esc[1:], 16)
            return chr(code) if code < 0x110000 else "\ufffd"
        if esc[0] == "x" and len(esc) == 3:
            return chr(int(esc[1:], 16))
        return _SIMPLE_ESCAPES.get(esc, esc)

    return _ESCAPE.sub(replace, body)


def member_property(node: Node) -> bytes | None:
    """A member expression's property name (`then` of `p.then`), else None."""
    prop = node.child_by_field_name("property")
    return prop.text if prop is not None else None


def property_key(script: Script, key: Node) -> str:
    if key.type in ("string", "template_string"):
        return literal_string(script, key) or ""
    return script.source(key)


def object_property(script: Script, obj: Node, name: str) -> Node | None:
    """The value node of property ``name`` in an object literal (a shorthand `{ name }` returns the name)."""
    if obj.type != "object":
        return None
    for child in obj.named_children:
        if child.type == "pair":
            key = child.child_by_field_name("key")
            if key is not None and property_key(script, key) == name:
                return child.child_by_field_name("value")
        elif child.type == "shorthand_property_identifier" and script.source(child) == name:
            return child
        elif child.type == "method_definition":
            key = child.child_by_field_name("name")
            if key is not None and script.source(key) == name:
                return child
    return None


def unwrap(node: Node) -> Node:
    """The expression inside parentheses and TypeScript's `as`/`satisfies`/`!` wrappers."""
    while node.type in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression") and node.named_child_count:
        node = node.named_children[0]
    return node


def ends_with(statement: Node, kinds: frozenset[str]) -> bool:
    """Whether `statement` is one of `kinds` (return, throw, ...), or a block whose last statement is."""
    if statement.type in kinds:
        return True
    if statement.type == "statement_block":
        children = [c for c in statement.named_children if c.type != "comment"]
        return bool(children) and children[-1].type in kinds
    return False


def enclosing_function(node: Node) -> Node | None:
    current = node.parent
    while current is not None:
        if current.type in FUNCTION_TYPES:
            return current
        current = current.parent
    return None


def top_level_statement(node: Node) -> Node:
    """The statement directly under the program that contains ``node``."""
    current = node
    while current.parent is not None and current.parent.parent is not None:
        current = current.parent
    return current


def descendants(node: Node):
    """Every node under ``node`` (iteratively, with a cursor: no recursion limit)."""
    cursor = node.walk()
    depth = 0
    while True:
        yield cursor.node
        if cursor.goto_first_child():
            depth += 1
            continue
        while not cursor.goto_next_sibling():
            if depth == 0 or not cursor.goto_parent():
                return
            depth -= 1
            if depth == 0:
                return
