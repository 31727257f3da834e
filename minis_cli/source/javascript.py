"""JavaScript/TypeScript analysis with tree-sitter: one parse and one query per script, positions
mapped to the host file (an inline <script> reports the HTML file's own lines and columns)."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from ..positions import LineIndex, Span
from .html import HtmlDocument, scan_html
from .sdkrefs import callee_name, dispatched_calls, resolve
from .syntax import (
    GAME_NAMESPACES,
    Assignment,
    Call,
    Declarator,
    _captures,
    _language,
    _parser,
    dialect_for,
    dotted_name,
    literal_string,
    names_sdk,
    property_key,
    template_text,
    unwrap,
)

if TYPE_CHECKING:
    from tree_sitter import Node, Tree


# Only the nodes some rule can use are captured (the predicates run inside tree-sitter's C code), so a
# large bundle costs one parse and one query, not a Python walk over every node. Which calls: what this
# module needs itself (require, for the module graph) and what its callers hand it (capture_calls): the lint
# engine the names its rules declare (Rule.calls), sdk.py the init calls the page's facts read.
BASE_CALLS = ("require",)
_captured_calls: tuple[str, ...] = BASE_CALLS

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


def capture_calls(names: Iterable[str]) -> None:
    """Have the query capture the calls of these names too from now on (a plain callee or a method's name: `eval`,
    `setItem`; the SDK's own calls are always captured). Names are only ever added: what one caller handed stays for
    the next, so a script reads the same whoever parses it after them."""
    global _captured_calls
    _captured_calls = tuple(sorted({*_captured_calls, *names}))


def call_names() -> tuple[str, ...]:
    """Every call name the query captures: BASE_CALLS and what the callers handed it (capture_calls)."""
    return _captured_calls


# The SDK's namespace at the head of a callee (the query's regex, its backslashes doubled for the query's string):
# `TTMinis.`, `tt.`, `wx.`, `window.TTMinis.`, and a constant key on the global object (`window["wx"].`, `GameGlobal['tt'].`).
# The queries' regexes first look at the first character: most member expressions (`this.x`, `e.length`) stop there.
_SDK_HEAD = r"((TTMinis|tt|wx|my|swan|qq|ks|jd)|(window|globalThis|self|GameGlobal)[?]?[.]?\\[.(TTMinis|tt|wx|my|swan|qq|ks|jd).\\])"
_SDK_REF_HEAD = r"((TTMinis|tt|wx)|(window|globalThis|self|GameGlobal)[?]?[.]?\\[.(TTMinis|tt|wx).\\])"
# a call's head on the SDK: `tt.`, `window.tt.`, and TypeScript's casts of either (`(wx as any).`, `(<any>tt).`,
# `(window as any).tt.`: round 9)
_CALL_HEAD = "^(?=[wgsGTtmqkj(])[(]?(<[A-Za-z]+>)?((window|globalThis|self|GameGlobal)( as [A-Za-z]+[)])?[?]?[.])*{SDK_HEAD}( as [A-Za-z]+)?[)]?[?]?[.]"
_MEMBERS = "[A-Za-z_$]+([?]?[.][A-Za-z_$]+)?"  # one or two members after the SDK's name (`tt.login`, `TTMinis.game.login`)
_QUERY = """
(call_expression function: [
  (identifier) @callee
  (member_expression property: (property_identifier) @prop)
  (member_expression) @ttminis
  (parenthesized_expression) (subscript_expression) (import)]
  (#match? @callee "^({CALL_NAMES})$") (#match? @prop "^({CALL_NAMES})$")
  (#match? @ttminis "{CALL_HEAD}")) @call
(new_expression constructor: [(identifier) (member_expression)] @ctor (#match? @ctor "(Function|WebSocket|XMLHttpRequest)$")) @new
(assignment_expression left: [(identifier) (member_expression) (subscript_expression)] @lhs
  (#match? @lhs "location|href|src$|pathname|cookie|Storage|[Ss]ecret|SECRET|[Tt]oken")) @assign
(variable_declarator name: (identifier) value: [(string) (template_string) (object) (member_expression) (identifier)]) @decl
(pair key: (_) @key (#match? @key "[Ss]ecret|SECRET|state")) @pair
((string) @string (#match? @string "tiktok|state|<video|jsdelivr|unpkg|cdnjs"))
((template_string) @template (#match? @template "tiktok|state|<video|jsdelivr|unpkg|cdnjs"))
((member_expression) @sdkref (#match? @sdkref "^(?=[wgsGTt])((window|globalThis|self|GameGlobal)[?]?[.])*{SDK_REF_HEAD}[?]?[.]{MEMBERS}$"))
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
def _path_query(dialect: str):
    from tree_sitter import Query

    return Query(_language(dialect), '((string) @path (#match? @path "^.[/][^/]"))')


def _query(dialect: str):
    return _compiled_query(dialect, call_names())


@cache
def _compiled_query(dialect: str, names: tuple[str, ...]):
    from tree_sitter import Query

    source = _QUERY.replace("{CALL_NAMES}", "|".join(names)).replace("{CALL_HEAD}", _CALL_HEAD).replace("{SDK_HEAD}", _SDK_HEAD)
    source = source.replace("{SDK_REF_HEAD}", _SDK_REF_HEAD).replace("{MEMBERS}", _MEMBERS)
    source += _JSX_QUERY if dialect in ("js", "tsx") else ""
    return Query(_language(dialect), source)


def scripts_in(path: str, text: str, focus: object = None, html: HtmlDocument | None = None) -> list[Script]:
    """The JavaScript of any front-end file, positions in that file: a JS/TS file is one program; an HTML
    page or a .vue/.svelte component has one per inline JS <script> (`lang="ts"` is TypeScript). `html`: the
    file's scan when the caller has made it already."""
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
        # process.env.NEXT_PUBLIC_X; and NODE_ENV, which every bundler (webpack, Vite, Next, Parcel) writes into browser code
        return not (name is not None and ((name.text or b"").startswith(PUBLIC_ENV_PREFIXES) or name.text == b"NODE_ENV"))
    return reads


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
        self.module_aliases: dict[str, frozenset[str]] = {}  # CommonJS's require/module/exports under other names

    def _give_up(self, why: str, byte_offset: int) -> None:
        """Analyse no more: the script counts as an empty program (no rule walks a tree that could hang it)."""
        self.too_complex = (why, byte_offset)
        self.tree = _parser(self.dialect).parse(b"")
        self._reset_facts()

    def path_strings(self) -> list[tuple[str, Node]]:
        """The string literals that are absolute paths ('/api/user'), found when a rule asks for them (MN410)."""
        if self.too_complex is not None:
            return []
        nodes = _captures(_path_query(self.dialect), self.tree.root_node).get("path", ())
        return [(text, node) for node in nodes if (text := literal_string(self, node)) is not None]

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
                # a left side tree-sitter recovered from broken code (`localStorage)x.src = ...` reads as
                # localStorage<ERROR>.src) names nothing: its dotted name would skip the error and invent a target
                # so does one with an error between its sides (`location const sdk = window.TTMinis` reads as
                # `location = window.TTMinis` with `const sdk` skipped): the text is not an assignment
                broken = left.has_error or any(c.type == "ERROR" or c.is_missing for c in node.children)
                target = "" if broken else dotted_name(left) or ""
                self.assignments.append(Assignment(target, node, left, right))
        for node in captures.get("decl", ()):
            declared = node.child_by_field_name("name")
            parent = node.parent
            first = parent.child(0) if parent is not None and parent.child_count else None
            if declared is not None:
                self.declarators.append(Declarator(self.source(declared), node, node.child_by_field_name("value"), first.type if first else ""))
        if self.names_sdk:  # getters, fields, parameters, string keys, dispatch wrappers (issue 30): after the consts
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
        self.module_aliases = self._module_aliases()
        if self.module_aliases.get("require"):
            self._alias_requires(self.module_aliases["require"])
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

    def _module_aliases(self) -> dict[str, frozenset[str]]:
        """CommonJS's `require`, `module` and `exports` under other names, bound once at the module's top level:
        `var t = require; var e = module; var o = exports;`, the header a Cocos Creator 2 decompiler writes over each
        script it takes out of a build's `project.js` (whose modules are `function (t, e, o) {...}`: held-out round
        32's decompiled projects)."""
        if b"require" not in self.data and b"exports" not in self.data:
            return {}
        found: dict[str, set[str]] = {}
        for declarator in self.declarators:
            value = declarator.value
            holder = declarator.node.parent
            if value is None or value.type != "identifier" or holder is None or holder.parent is None or holder.parent.type != "program":
                continue
            target = self.source(value)
            if target in ("require", "module", "exports") and declarator.name != target:
                found.setdefault(target, set()).add(declarator.name)
        return {target: frozenset(names) for target, names in found.items() if not any(self._rebound(name) for name in names)}

    def _rebound(self, name: str) -> bool:
        """The top-level name is assigned again at the top level (`t = ...`): not a fixed alias. (Inside a function, a
        minified module's `t` is that function's own parameter.)"""
        for statement in self.tree.root_node.named_children:
            parts = statement.named_children if statement.type == "expression_statement" else []
            while parts:
                part = unwrap(parts.pop())
                if part.type == "sequence_expression":
                    parts.extend(part.named_children)
                elif part.type in ("assignment_expression", "augmented_assignment_expression"):
                    left = part.child_by_field_name("left")
                    if left is not None and left.type == "identifier" and self.source(left) == name:
                        return True
        return False

    def _alias_requires(self, names: frozenset[str]) -> None:
        """The calls of an alias of `require` with a string (`t("KSManager")`), read as `require` calls."""
        pattern = re.compile(rb"(?<![\w$.])(" + b"|".join(re.escape(n.encode()) for n in sorted(names)) + rb""")\(\s*(["'])[^"'\r\n]{1,300}\2\s*\)""")
        known = {(call.node.start_byte, call.node.end_byte) for call in self.calls}
        added = []
        for match in pattern.finditer(self.data):
            node = self.tree.root_node.descendant_for_byte_range(match.start(), match.end())
            while node is not None and node.type != "call_expression":
                node = node.parent
            if node is None or (node.start_byte, node.end_byte) in known or node.start_byte != match.start():
                continue
            arguments = node.child_by_field_name("arguments")
            args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
            callee = node.child_by_field_name("function")
            if callee is None or callee.type != "identifier" or len(args) != 1:
                continue
            added.append(Call("require", node, args, False, self.source(callee)))
        if added:
            self.calls = sorted([*self.calls, *added], key=lambda call: call.node.start_byte)

    def requires(self, callee: Node) -> bool:
        """The callee is `require`, or this module's alias of it."""
        text = self.source(callee)
        return text == "require" or text in self.module_aliases.get("require", ())

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
        """(module specifier, name exported there, local name) for each `import` binding, and each CommonJS one
        (Cocos Creator 2's scripts, Node-style modules): `const P = require('./p')` binds P to the module's
        `module.exports` ("default", as commonjs_exports names it), `const { api, b: c } = require('./p')` and `const
        api = require('./p').api` its members."""
        found = self.required_names()
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
                        if specifier.type == "import_specifier":  # `{ api }`, `{ api as sdk }`, `{ default as Platform }`
                            name, alias = specifier.child_by_field_name("name"), specifier.child_by_field_name("alias")
                            if name is not None:
                                found.append((spec, self.source(name).strip("'\""), self.source(alias if alias is not None else name)))
        return found

    def required_names(self) -> list[tuple[str, str, str]]:
        """imported_names' CommonJS part: ("default": the whole `module.exports`)."""
        if not self.imports or b"require" not in self.data:
            return []
        found = []
        for spec, node in self.imports:
            if node.type != "call_expression" or not self.requires(node.child_by_field_name("function") or node):
                continue
            parent, exported = node.parent, "default"
            if parent is not None and parent.type == "member_expression" and parent.child_by_field_name("object") == node:
                member = parent.child_by_field_name("property")
                if member is None or member.type != "property_identifier":
                    continue
                parent, exported = parent.parent, self.source(member)
            if parent is None or parent.type != "variable_declarator":
                continue
            name = parent.child_by_field_name("name")
            if name is None:
                continue
            if name.type == "identifier":
                found.append((spec, exported, self.source(name)))
            elif name.type == "object_pattern" and exported == "default":
                for entry in name.named_children:
                    if entry.type == "shorthand_property_identifier_pattern":
                        found.append((spec, self.source(entry), self.source(entry)))
                    elif entry.type == "pair_pattern":
                        key, value = entry.child_by_field_name("key"), entry.child_by_field_name("value")
                        if key is not None and value is not None and value.type == "identifier":
                            found.append((spec, property_key(self, key), self.source(value)))
        return found

    def commonjs_exports(self) -> list[tuple[str, Node]]:
        """What a CommonJS module exports, at its top level: ("default", V) for `module.exports = V`; (name, V) for
        `module.exports.name = V`, `exports.name = V`, and each member of `module.exports = { name: V, other }`
        (a shorthand member's value is its identifier)."""
        if b"exports" not in self.data:
            return []
        found: list[tuple[str, Node]] = []
        exports = "|".join(["exports", *(re.escape(name) for name in self.module_aliases.get("exports", ()))])
        modules = "|".join(["module", *(re.escape(name) for name in self.module_aliases.get("module", ()))])
        for statement in self.tree.root_node.named_children:
            node = statement.named_children[0] if statement.type == "expression_statement" and statement.named_children else None
            if node is None or node.type != "assignment_expression":
                continue
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                continue
            target = re.sub(r"\s+", "", self.source(left))
            if re.fullmatch(rf"(?:{modules})\.exports", target):
                found.append(("default", right))
                value = unwrap(right)
                for child in value.named_children if value.type == "object" else ():
                    if child.type == "pair":
                        key, member = child.child_by_field_name("key"), child.child_by_field_name("value")
                        if key is not None and member is not None:
                            found.append((property_key(self, key), member))
                    elif child.type == "shorthand_property_identifier":
                        found.append((self.source(child), child))
            else:
                named = re.fullmatch(rf"(?:(?:{modules})\.exports|{exports})\.([A-Za-z_$][\w$]*)", target)
                if named is not None:
                    found.append((named.group(1), right))
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
            resolve(self, calls)  # what the imported names reach: `const tt = useTTMinis()`, `setup(sdk)`, `sdk[KEY](...)`
        self.calls = sorted(calls.values(), key=lambda call: call.node.start_byte)
        self.sdk_references |= {c.callee for c in self.calls if c.callee.startswith("TTMinis.")}

    def adopt_dispatchers(self, dispatchers: dict[str, Any]) -> None:
        """Dispatch wrappers imported from another module (`import { callSdk } from './tiktok'`): their calls here."""
        fresh = {k: v for k, v in dispatchers.items() if self.sdk_dispatchers.get(k) != v}
        if not fresh or self.too_complex is not None:
            return

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
