"""The games SDK reached through a name a script gives it (MN503): `const tt2 = window["tt"]`, a `wx` of the script's
own bound to `window["wx"] || window["tt"]`, a class member `this.wx = window['wx']` (or `= wx`) and a local copied
from it (`let wx = this.wx`), a method returning it (`getPlatformClass() { switch (...) { case X: return tt; default:
return wx } }`). Only a binding to the platform's global namespace counts: a member of window/globalThis/GameGlobal/
self by constant key, or a bare `tt`/`wx` the script does not declare itself (a minified `var tt` is not the SDK).
Asked only of scripts whose text shows such a binding (a cheap regular expression), so other scripts cost nothing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..source.sdkrefs import _dynamic
from ..source.syntax import FUNCTION_TYPES, descendants, identifier_uses, unwrap
from .guards import declares

if TYPE_CHECKING:
    from tree_sitter import Node

    from ..source.javascript import Script

NAMES = ("tt", "wx")
_GLOBALS = ("window", "globalThis", "GameGlobal", "self")
# what a script binding the namespace shows: `= window["tt"]`, `= window.wx`, `= wx;`, `return tt`
_HINT = re.compile(rb"""(?:window|globalThis|GameGlobal|self)\s*(?:\.\s*|\[\s*["'])(?:tt|wx)\b|(?:=|return)\s*(?:tt|wx)\s*(?:[;,)}|\n]|$)""")
_MEMBER = re.compile(r"""^(?:window|globalThis|GameGlobal|self)\s*(?:\.\s*(tt|wx)|\[\s*["'](tt|wx)["']\s*\])$""")
_SCOPES = (*FUNCTION_TYPES, "program", "class_body")


def alias_calls(script: Script) -> list[tuple[Node, str, str]]:
    """(call, written callee, API) for each member call made through a name the script gives the games namespace;
    the calls on `tt.`/`wx.` the script does not declare are the rule's plain ones and are not repeated here."""
    if not _HINT.search(script.data):
        return []
    bare_ok = {name: not declares(script, name) for name in NAMES}
    members: dict[str, list[Node]] = {}  # `this.wx` / `this.getSdk()`: the class bodies it is bound in
    locals_: dict[str, list[list]] = {}  # a variable: [its declaration's scope, whether it is given the SDK]
    query = _dynamic(
        script.dialect,
        "(variable_declarator name: (identifier) @name) @decl\n"
        "(assignment_expression left: (member_expression object: (this) property: (property_identifier) @member) right: (_) @value)\n"
        + (
            "(field_definition property: (property_identifier) @field value: (_) @fvalue)\n"
            if script.dialect == "js"
            else "(public_field_definition name: (property_identifier) @field value: (_) @fvalue)\n"
        )
        + "(method_definition name: (property_identifier) @method body: (statement_block) @body)\n"
        "(assignment_expression left: (identifier) @assigned right: (_) @avalue)",  # `p_class = tt` in a platform switch
    )
    from tree_sitter import QueryCursor

    matches = [match for _, match in QueryCursor(query).matches(script.tree.root_node)]

    def denotes(value: Node | None) -> bool:
        if value is None:
            return False
        value = unwrap(value)
        kind = value.type
        if kind == "binary_expression":
            operator = value.child_by_field_name("operator")
            op = operator.type if operator is not None else ""
            if op == "||" or op == "??":  # `window["wx"] || window["tt"] || window["qq"]`: the first one present
                return denotes(value.child_by_field_name("left"))
            if op == "&&":  # `window && window['wx']`
                return denotes(value.child_by_field_name("right"))
            return False
        if kind == "ternary_expression":
            return denotes(value.child_by_field_name("consequence")) or denotes(value.child_by_field_name("alternative"))
        text = script.source(value)
        if kind == "identifier":
            if text in NAMES:
                return bare_ok[text]
            return _bound(text, value)
        if kind == "member_expression" and text.startswith("this"):
            return _member_bound(text, value)
        if kind == "call_expression" and text.startswith("this"):
            return _member_bound(re.sub(r"\s+", "", text), value)
        return kind in ("member_expression", "subscript_expression") and bool(_MEMBER.match(text))

    def _bound(name: str, at: Node) -> bool:
        scope = _innermost(locals_.get(name, ()), at)
        return scope is not None and scope[1]

    def _member_bound(name: str, at: Node) -> bool:
        return any(body.start_byte <= at.start_byte < body.end_byte for body in members.get(re.sub(r"\s+", "", name), ()))

    for _ in range(3):  # a local copied from a member, a method returning a local...: a few passes reach them
        before = (sum(len(v) for v in members.values()), sum(flag for v in locals_.values() for _, flag in v))
        locals_new: dict[str, list[list]] = {}
        assignments = []
        for match in matches:
            if "decl" in match:
                decl, name = match["decl"][0], script.source(match["name"][0])
                locals_new.setdefault(name, []).append([_scope(decl), denotes(decl.child_by_field_name("value"))])
            elif "assigned" in match:
                assignments.append((match["assigned"][0], match["avalue"][0]))
            elif "member" in match or "field" in match:
                value = (match.get("value") or match["fvalue"])[0]
                key = "this." + script.source((match.get("member") or match["field"])[0])
                body = _class_body(value)
                if body is not None and body not in members.get(key, []) and denotes(value):
                    members.setdefault(key, []).append(body)
            else:
                body, key = match["body"][0], "this." + script.source(match["method"][0]) + "()"
                owner = _class_body(body)
                if owner is not None and owner not in members.get(key, []) and _returns_sdk(body, denotes):
                    members.setdefault(key, []).append(owner)
        for assigned, value in assignments:  # `var p_class = null; switch (...) { case 'tt': p_class = tt ... }`
            entry = _innermost(locals_new.get(script.source(assigned), ()), assigned)
            if entry is not None and not entry[1] and denotes(value):
                entry[1] = True
        locals_ = locals_new
        after = (sum(len(v) for v in members.values()), sum(flag for v in locals_.values() for _, flag in v))
        if after == before:
            break

    for name in NAMES:  # parameters shadow too
        if name in locals_:
            for use in identifier_uses(script, name):
                if use.parent is not None and use.parent.type in ("formal_parameters", "required_parameter", "optional_parameter"):
                    locals_[name].append([_scope(use), False])
    if not members and not any(flag for v in locals_.values() for _, flag in v):
        return []
    found = []
    calls = _dynamic(script.dialect, "(call_expression function: (member_expression object: (_) @object property: (property_identifier) @api)) @call")
    for _, match in QueryCursor(calls).matches(script.tree.root_node):
        obj, call = match["object"][0], match["call"][0]
        if obj.type == "identifier":
            name = script.source(obj)
            if name in NAMES and not declares(script, name):
                continue  # the rule's plain call
            if not _bound(name, obj):
                continue
        elif obj.type in ("member_expression", "call_expression") and script.source(obj).startswith("this"):
            if not _member_bound(script.source(obj), obj):
                continue
        else:
            continue
        callee = call.child_by_field_name("function")
        found.append((call, re.sub(r"\s+", "", script.source(callee)) if callee is not None else "", script.source(match["api"][0])))
    return found


def _scope(node: Node) -> Node:
    scope = node.parent
    while scope is not None and scope.type not in _SCOPES:
        scope = scope.parent
    return scope if scope is not None else node


def _innermost(entries, at: Node) -> list | None:
    """The declaration (scope, given the SDK) whose scope is the innermost holding `at`."""
    best = None
    for entry in entries:
        scope = entry[0]
        if scope.start_byte <= at.start_byte < scope.end_byte and (best is None or scope.start_byte >= best[0].start_byte):
            best = entry
    return best


def _class_body(node: Node) -> Node | None:
    while node is not None and node.type != "class_body":
        node = node.parent  # type: ignore[assignment]
    return node


def _returns_sdk(body: Node, denotes) -> bool:
    """A method some of whose returns (not a nested function's) give the SDK."""
    for node in descendants(body):
        if node.type == "return_statement" and node.named_child_count and _own_function(node) == body.parent:
            if denotes(node.named_children[0]):
                return True
    return False


def _own_function(node: Node) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type not in (*FUNCTION_TYPES, "method_definition"):
        parent = parent.parent
    return parent
