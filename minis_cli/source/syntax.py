"""The JavaScript/TypeScript syntax the analysis reads, below the Script that uses it: tree-sitter's grammars, the
records of what a script does (Call, Assignment, Declarator), and the helpers that read a node (a dotted name, a
string's value, an object's property, the enclosing function). `javascript.py` parses and queries a script with
them, and `sdkrefs.py` resolves the SDK's names with them, without either importing the other in a loop."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..records import record

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tree_sitter import Node

    from .javascript import Script

FUNCTION_TYPES = frozenset(
    {"function_expression", "function_declaration", "arrow_function", "method_definition", "generator_function", "generator_function_declaration", "function"}
)


_GLOBAL_PREFIXES = ("window.", "globalThis.", "self.", "GameGlobal.")


# The games SDK answers to three names ("API namespace is compatible with tt, wx, and TTMinis.game"):
# calls through tt./wx. are TikTok's own API, written canonically as TTMinis.game.X.
GAME_NAMESPACES = ("tt", "wx")


_SIMPLE_NAME = re.compile(rb"[\w$]+(?:\s*\??\.\s*[\w$]+)*")


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


def _captures(query: object, node: Node) -> dict[str, list[Node]]:
    """The query's captures under `node`. Not cancellable: py-tree-sitter 0.26 keeps a pointer to the options that
    carry a query's progress callback after they went out of scope (a crash once that stack is reused), so the
    query's time is bounded by the tree's depth instead (MAX_DEPTH), and a forked worker's by the parent's deadline."""
    from tree_sitter import QueryCursor

    return QueryCursor(query).captures(node)  # type: ignore[arg-type]


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
    """Where the script names `name` (identifiers, and TypeScript's type names), declarations included, in order.

    Found by the name's text, then the tree's leaf there (an identifier of exactly that span), not by a tree-sitter
    query: a query walks the whole tree for each name (0.1 s a name on a 2 MB engine file, and the guards ask for
    hundreds), a search of the text only where the name is written. Kept per script and name."""
    if not re.fullmatch(r"[\w$]+", name):
        return []
    cache: dict[str, list[Node]] = script.__dict__.setdefault("_identifier_uses", {})
    found = cache.get(name)
    if found is None:
        kinds = ("identifier",) if script.dialect == "js" else ("identifier", "type_identifier")
        root = script.tree.root_node
        found = []
        for match in word_matches(script.data, name):
            node = root.descendant_for_byte_range(match.start(), match.end())
            if node is not None and node.type in kinds and node.start_byte == match.start() and node.end_byte == match.end():
                found.append(node)
        cache[name] = found
    return found


_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$")


def word_matches(data: bytes, name: str) -> Iterator[re.Match[bytes]]:
    """Where `name` (a name's characters only) is written as a whole word in `data`: not inside a longer name. The
    pattern is the name and what may not follow it; what may not come before is checked apart, since a lookbehind in
    front leaves the regex engine no literal to skip to (20 to 40 times slower on a megabyte). Found as finditer
    would with the lookbehind: a match refused for what precedes it is searched again from its next byte."""
    pattern = _name_pattern(name)
    position = 0
    while (match := pattern.search(data, position)) is not None:
        start = match.start()
        if not start or data[start - 1] not in _NAME_BYTES:
            yield match
            position = match.end()
        else:
            position = start + 1


@lru_cache(maxsize=256)
def _name_pattern(name: str) -> re.Pattern[bytes]:
    return re.compile(re.escape(name.encode()) + rb"(?![\w$])")


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


_WRAPPERS = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "sequence_expression"})


def unwrap(node: Node) -> Node:
    """The expression inside parentheses and TypeScript's `as`/`satisfies`/`!`/`<T>` wrappers; of a comma sequence, the
    last expression, whose value it is (a minifier's `if (Object.defineProperty(...), "undefined" == typeof window || ...)`)."""
    while (
        node.type in ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "sequence_expression", "type_assertion")
        and node.named_child_count
    ):
        node = node.named_children[-1] if node.type in ("sequence_expression", "type_assertion") else node.named_children[0]
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


def negated(condition: Node) -> bool:
    """A condition that is a negation, parentheses aside: `!x`, `(!canIUse('y'))`."""
    node = condition
    while node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_children[0]
    return node.type == "unary_expression" and (node.text or b"").startswith(b"!")


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


# The SDK's name built from constant pieces, in a subscript or a const's value (`window['TT' + 'Minis']`, `const k =
# 'TTMin' + 'is'`), `Minis` or `TTM` whole in one of them: every split in two, and the usual ones in more pieces (a
# template literal without substitutions, `window[`TTMinis`]`, names it already).
_SPLIT_NAME = r"""((?:'[\w$]*'|"[\w$]*"|`[\w$]*`)(?:\s*\+\s*(?:'[\w$]*'|"[\w$]*"|`[\w$]*`))+)"""


_PIECE = r"""'([\w$]*)'|"([\w$]*)"|`([\w$]*)`"""  # both compiled when first needed (re's cache), not at every start


SPLIT_NAME_ANCHORS = ("Minis", "TTM")  # in the engine's anchor pass: the regex runs only where one is


def names_sdk(text: str) -> bool:
    """Does the code name the SDK, as `TTMinis` or built from constant pieces (`window['TT' + 'Minis']`)?"""
    if "TTMinis" in text:
        return True
    if not any(anchor in text for anchor in SPLIT_NAME_ANCHORS):
        return False
    return any("".join(p[0] or p[1] or p[2] for p in re.findall(_PIECE, m.group(1))) == "TTMinis" for m in re.finditer(_SPLIT_NAME, text))
