"""Environment guards: does a piece of code run only outside TikTok? Code written for more than one environment
chooses its branch at run time: the `else` of a `typeof TTMinis !== 'undefined'` check, the branch of a user-agent
test that is not TikTok's, an early `if (isTikTok) return`, a platform factory that builds its web adapter only when
TikTok's SDK is absent. A browser API there (the clipboard, location navigation) never runs inside TikTok, so the
rules that report what TikTok blocks (MN406, MN409) leave it alone. Across modules too (issue 30 item 1c): a flag
imported from a helper module is valued there, an exported function whose importers call it only outside TikTok runs
only there, and so does a module whose every import is a guarded `import()`.

Decided on the tree-sitter tree (javascript.py's Script), asked only for a node a rule is about to report, so a file
without findings costs nothing. A condition's value inside TikTok is True, False or unknown (None), combined as
Kleene's logic does; what is not recognised is unknown, so a guard is never assumed. What counts as TikTok:
a browser-only API (navigator.vibrate, .clipboard, .geolocation) is absent in a native game's runtime, so a feature
check of it is false there (`if (!navigator.vibrate) return;`); TTMinis (TikTok's "TikTok Minis Technical Overview":
"client JSAPIs exposed via window.TTMinis") or the games SDK's names (tt, wx: "API namespace is compatible with tt,
wx, and TTMinis.game") present; a user agent matching TikTok's app names (TikTok, musical_ly, BytedanceWebview,
aweme, trill); a platform name compared to 'tiktok' or 'minis'; a const, function or name that says so
(`const isTikTok = typeof TTMinis !== 'undefined'`, `isTikTok()`, `inMinis`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .javascript import FUNCTION_TYPES, Script, dotted_name, ends_with, literal_string, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

_SDK_NAMES = frozenset({"TTMinis", "tt"})
_TIKTOK_UA = re.compile(r"tiktok|musical_ly|bytedancewebview|aweme|trill", re.I)
_TIKTOK_PLATFORM = re.compile(r"(?:tiktok(?:[-_ ]?minis?)?|ttminis|minis)", re.I)
_TIKTOK_FLAG = re.compile(r"(?:is|in|on|has)_?(?:tiktok|ttminis|minis|tt)(?:_?(?:env|environment|app|webview|container|client|sdk|minis))?", re.I)
_EXITS = frozenset({"return_statement", "throw_statement"})
MAX_DEPTH = 4  # definitions followed to their uses, and flags to their values: a platform factory is 1 or 2 deep


_ROOT: list[str] = []  # the project folder of the current question: other modules are read there


_NATIVE: list[bool] = []  # the code runs in TikTok's native game runtime (no DOM, no navigator APIs)
_BROWSER_ONLY = re.compile(r"(?:window\.)?navigator\.(?:vibrate|clipboard|geolocation)")


def runs_outside_tiktok(script: Script, node: Node, root: str | None = None, native: bool = False) -> bool:
    """True when `node` can only run outside TikTok: every path to it passes a guard that is false inside TikTok.
    With the project's `root`, across modules too: a guard's flag imported from a helper module (`import { inApp }
    from './env'`), and an exported function (or a module) that its importers use only outside TikTok."""
    _ROOT[:] = [root] if root else []
    _NATIVE[:] = [True] if native else []
    try:
        return _outside(script, node, MAX_DEPTH)
    finally:
        _ROOT.clear()
        _NATIVE.clear()


def _outside(script: Script, node: Node, depth: int) -> bool:
    child, parent = node, node.parent
    while parent is not None:
        kind = parent.type
        if kind in ("if_statement", "ternary_expression"):
            condition = parent.child_by_field_name("condition")
            if condition is not None and child != condition:
                value = in_tiktok(script, condition, depth)
                in_consequence = child == parent.child_by_field_name("consequence")
                if (in_consequence and value is False) or (not in_consequence and value is True):
                    return True
        elif kind == "binary_expression" and child == parent.child_by_field_name("right"):
            operator = _operator(parent)
            left = parent.child_by_field_name("left")
            if left is not None and operator in ("&&", "||", "??"):
                value = in_tiktok(script, left, depth)
                if (operator == "&&" and value is False) or (operator == "||" and value is True):
                    return True
        elif kind in ("statement_block", "program", "switch_body"):
            if _after_exit_in_tiktok(script, parent, child, depth):
                return True
        elif kind == "switch_case" or kind == "switch_default":
            if _other_case_than_tiktok(script, parent):
                return True
        if depth > 0 and (kind in FUNCTION_TYPES or kind in ("class_declaration", "class", "object")):
            name = _defined_name(script, parent)
            if name is not None and _every_use_outside(script, name, parent, depth - 1):
                return True
        if kind == "program" and depth > 0 and _ROOT and _module_imported_only_outside(script, depth - 1):
            return True  # a module whose every import is a dynamic one behind a guard (`if (!inTikTok()) import('./web')`)
        child, parent = parent, parent.parent
    return False


def in_tiktok(script: Script, condition: Node, depth: int = MAX_DEPTH) -> bool | None:
    """The condition's value when the code runs inside TikTok: True, False, or None when it depends on more."""
    node = unwrap(condition)
    kind = node.type
    if kind == "unary_expression" and _operator(node) == "!":
        argument = node.child_by_field_name("argument")
        value = in_tiktok(script, argument, depth) if argument is not None else None
        return None if value is None else not value
    if kind == "binary_expression":
        return _binary(script, node, depth)
    if kind == "call_expression":
        return _call(script, node, depth)
    if kind in ("identifier", "member_expression", "subscript_expression"):
        name = dotted_name(node) or ""
        if name.split(".", 1)[0] in _SDK_NAMES:
            return True  # TTMinis, window.TTMinis, TTMinis.init: present inside TikTok
        if _NATIVE and _BROWSER_ONLY.fullmatch(name):
            return False  # `if (!navigator.vibrate) return;`: a native game's runtime has no such API
        return _flag(script, node, name, depth)
    return None


def _binary(script: Script, node: Node, depth: int) -> bool | None:
    operator = _operator(node)
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None:
        return None
    if operator in ("&&", "||"):
        a, b = in_tiktok(script, left, depth), in_tiktok(script, right, depth)
        if operator == "&&":
            return False if a is False or b is False else True if a is True and b is True else None
        return True if a is True or b is True else False if a is False and b is False else None
    if operator == "in":  # 'TTMinis' in window
        return True if literal_string(script, left) in _SDK_NAMES else None
    if operator in ("===", "==", "!==", "!="):
        equal = operator in ("===", "==")
        for one, other in ((left, right), (right, left)):
            value = _compared(script, one, other, depth)
            if value is not None:
                return value if equal else not value
        return None
    if operator in (">", ">=", "<", "<="):  # ua.indexOf('TikTok') > -1
        for one, other, op in ((left, right, operator), (right, left, _flip(operator))):
            found = _ua_index(script, one)
            number = _number(script, other)
            if found and number is not None:
                if (op == ">" and number < 0) or (op == ">=" and number == 0):
                    return True  # indexOf('TikTok') > -1, >= 0: found
                if (op == "<" and number == 0) or (op == "<=" and number == -1):
                    return False  # < 0, <= -1: not found
    return None


def _compared(script: Script, one: Node, other: Node, depth: int) -> bool | None:
    """The value inside TikTok of `one === other`, when `one` is what tells (typeof the SDK, the SDK, a platform name)."""
    one = unwrap(one)
    text = literal_string(script, unwrap(other))
    if one.type == "unary_expression" and _operator(one) == "typeof":
        argument = one.child_by_field_name("argument")
        name = dotted_name(argument) if argument is not None else None
        if name in _SDK_NAMES and text is not None:
            return text != "undefined"
        return None
    name = dotted_name(one) or ""
    if name in _SDK_NAMES and (unwrap(other).type in ("undefined", "null") or script.source(unwrap(other)) == "undefined"):
        return False  # TTMinis === undefined
    if _ua_index(script, one) and _number(script, other) == -1:
        return False  # ua.indexOf('TikTok') === -1
    if text is not None and _TIKTOK_PLATFORM.fullmatch(text.strip()):
        return True  # platform === 'tiktok'
    return None


def _call(script: Script, node: Node, depth: int) -> bool | None:
    callee = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
    if callee is None:
        return None
    if callee.type == "member_expression":
        prop = callee.child_by_field_name("property")
        receiver = callee.child_by_field_name("object")
        method = script.source(prop) if prop is not None else ""
        if method == "test" and receiver is not None and unwrap(receiver).type == "regex":  # /TikTok/i.test(navigator.userAgent)
            return True if _TIKTOK_UA.search(script.source(receiver)) else None
        if method in ("includes", "match", "startsWith", "endsWith") and args and receiver is not None and _mentions_user_agent(script, receiver):
            pattern = script.source(args[0])
            return True if _TIKTOK_UA.search(pattern) else None
    name = dotted_name(callee) or ""
    return _flag(script, callee, name, depth)


def _flag(script: Script, node: Node, name: str, depth: int) -> bool | None:
    """A name that stands for "inside TikTok": a const or function of this script whose value says so, else a name
    that says so (isTikTok, inMinis, env.isTikTok)."""
    last = name.rsplit(".", 1)[-1]
    if not last:
        return None
    if depth > 0 and "." not in name:
        for value in _const_values(script, name):
            known = _function_or_value(script, value, depth)
            if known is not None:
                return known
        for function in _named_functions(script, name):
            known = _returned(script, function.child_by_field_name("body"), depth - 1)
            if known is not None:
                return known
        if _ROOT and not _TIKTOK_FLAG.fullmatch(last):
            known = _imported_flag(script, name, depth - 1)
            if known is not None:
                return known
    return True if _TIKTOK_FLAG.fullmatch(last) else None


def _function_or_value(script: Script, value: Node, depth: int) -> bool | None:
    """A const's value inside TikTok: an arrow function's returned condition, or the expression itself."""
    if value.type == "arrow_function":
        body = value.child_by_field_name("body")
        if body is None:
            return None
        return _returned(script, body, depth - 1) if body.type == "statement_block" else in_tiktok(script, body, depth - 1)
    return in_tiktok(script, value, depth - 1)


def _const_values(script: Script, name: str) -> list[Node]:
    """The values `const name = ...` declarations in the script give `name`."""
    from tree_sitter import Query, QueryCursor

    from .javascript import _language

    if not re.fullmatch(r"[\w$]+", name):
        return []
    query = Query(
        _language(script.dialect), f'(lexical_declaration (variable_declarator name: (identifier) @name value: (_) @value (#eq? @name "{name}"))) @declaration'
    )
    captures = QueryCursor(query).captures(script.tree.root_node)
    constants = [node for node in captures.get("declaration", []) if node.child(0) is not None and node.child(0).type == "const"]
    return [value for value in captures.get("value", []) if any(d.start_byte <= value.start_byte < d.end_byte for d in constants)]


def _returned(script: Script, body: Node | None, depth: int) -> bool | None:
    """A function body's value inside TikTok when it is a single `return <condition>`."""
    if body is None:
        return None
    statements = [c for c in body.named_children if c.type != "comment"]
    if len(statements) == 1 and statements[0].type == "return_statement" and statements[0].named_child_count:
        return in_tiktok(script, statements[0].named_children[0], depth)
    return None


def _named_functions(script: Script, name: str) -> list[Node]:
    return [node for node in script.tree.root_node.named_children if node.type == "function_declaration" and _name_of(script, node) == name] + [
        child
        for node in script.tree.root_node.named_children
        if node.type == "export_statement"
        for child in node.named_children
        if child.type == "function_declaration" and _name_of(script, child) == name
    ]


def _name_of(script: Script, node: Node) -> str | None:
    name = node.child_by_field_name("name")
    return script.source(name) if name is not None else None


def _after_exit_in_tiktok(script: Script, block: Node, statement: Node, depth: int) -> bool:
    """`if (inTikTok) return;` before the statement in its block: the rest runs outside TikTok."""
    for sibling in block.named_children:
        if sibling == statement or sibling.start_byte >= statement.start_byte:
            return False
        if sibling.type != "if_statement" or sibling.child_by_field_name("alternative") is not None:
            continue
        consequence = sibling.child_by_field_name("consequence")
        condition = sibling.child_by_field_name("condition")
        if consequence is None or condition is None or not _exits(consequence):
            continue
        if in_tiktok(script, condition, depth) is True:
            return True
    return False


def _exits(statement: Node) -> bool:
    return ends_with(statement, _EXITS)


def _other_case_than_tiktok(script: Script, case: Node) -> bool:
    """A case of `switch (platform)` other than TikTok's, when another case is TikTok's and ends in return/break."""
    value = case.child_by_field_name("value")
    if value is not None and _TIKTOK_PLATFORM.fullmatch((literal_string(script, value) or "").strip() or "-"):
        return False
    body = case.parent
    for other in body.named_children if body is not None else ():
        other_value = other.child_by_field_name("value") if other.type == "switch_case" else None
        if other_value is not None and _TIKTOK_PLATFORM.fullmatch((literal_string(script, other_value) or "").strip() or "-"):
            statements = [c for c in other.named_children if c != other_value and c.type != "comment"]
            last = statements[-1] if statements else None
            if last is not None and (last.type in ("return_statement", "break_statement", "throw_statement") or _exits(last)):
                return True
    return False


def _defined_name(script: Script, definition: Node) -> str | None:
    """The name a function, class or object literal is bound to: its declaration's, or the variable's it initialises."""
    name = definition.child_by_field_name("name")
    if name is not None and definition.type in ("function_declaration", "class_declaration", "generator_function_declaration"):
        return script.source(name)
    parent = definition.parent
    while parent is not None and parent.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
        parent = parent.parent
    if parent is not None and parent.type == "variable_declarator":
        declared = parent.child_by_field_name("name")
        if declared is not None and declared.type == "identifier":
            return script.source(declared)
    return None


def _every_use_outside(script: Script, name: str, definition: Node, depth: int) -> bool:
    """Every use of `name` in the script (not its definition) runs outside TikTok, and there is at least one."""
    from tree_sitter import Query, QueryCursor

    from .javascript import _language

    if not re.fullmatch(r"[\w$]+", name):
        return False
    kinds = "(identifier)" if script.dialect == "js" else "(identifier) (type_identifier)"
    query = Query(_language(script.dialect), f'([{kinds}] @use (#eq? @use "{name}"))')
    uses = [
        node
        for node in QueryCursor(query).captures(script.tree.root_node).get("use", [])
        if not (definition.start_byte <= node.start_byte < definition.end_byte) and not _is_declared_name(node)
    ]
    if not all(_outside(script, node, depth) for node in uses):
        return False
    if _in_export(definition):  # used elsewhere too: by the modules that import it, each use outside TikTok
        imported = _imported_uses_outside(script, _exported_name(script, definition, name), depth) if _ROOT else None
        return imported is True
    return bool(uses)


# --- across modules ---------------------------------------------------------------------------------------------

_SKIPPED_FOLDERS = frozenset({"node_modules", ".git", ".minis", "dist", "build", "out", ".next", "coverage"})
_JS_FILE = re.compile(r"\.(?:[cm]?[jt]sx?|vue|svelte)$")


def _exported_name(script: Script, definition: Node, name: str) -> str:
    parent = definition.parent
    while parent is not None and parent.type != "export_statement":
        parent = parent.parent
    if parent is not None and any(child.type == "default" for child in parent.children):
        return "default"
    return name


def _project_modules(root: str) -> list[str]:
    """The project's JS/TS files (relative paths), once per root per process: where importers are looked for."""
    import os

    found = _MODULES.get(root)
    if found is None:
        found = []
        for base, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_FOLDERS and not d.startswith("."))
            for file in names:
                if _JS_FILE.search(file):
                    found.append(os.path.relpath(os.path.join(base, file), root).replace(os.sep, "/"))
            if len(found) > 5000:
                break
        _MODULES[root] = found
    return found


_MODULES: dict[str, list[str]] = {}


def _importers(script: Script) -> list[tuple[Script, list[tuple[str, str]], list[Node]]]:
    """The project's modules that import this one: each script, its static imports of it (name exported here, local
    name) and its dynamic `import()` calls of it."""
    import os

    from .javascript import scripts_in
    from .page import resolve_import
    from .sdkrefs import _Files

    root = _ROOT[0]
    stem = os.path.splitext(os.path.basename(script.path))[0]
    files = _Files(root)
    found = []
    for path in _project_modules(root):
        if path == script.path:
            continue
        try:
            with open(os.path.join(root, path), encoding="utf-8", errors="replace") as handle:
                text = handle.read(1 << 20)
        except OSError:
            continue
        if stem not in text:
            continue
        for importer in scripts_in(path, text):
            static = [(exported, local) for spec, exported, local in importer.imported_names() if resolve_import(files, path, spec) == script.path]  # type: ignore[arg-type]
            statements = [
                spec
                for spec, node in importer.imports
                if node.parent is not None and node.parent.type in ("import_statement", "export_statement") and resolve_import(files, path, spec) == script.path  # type: ignore[arg-type]
            ]
            dynamic = [
                call.node
                for call in importer.calls
                if call.callee in ("import", "require")
                and call.args
                and resolve_import(files, path, literal_string(importer, call.args[0]) or "") == script.path  # type: ignore[arg-type]
            ]
            if statements and not static:
                static = [("*", "*")]  # a namespace, side-effect or re-export import: not followed
            if static or dynamic:
                found.append((importer, static, dynamic))
    return found


def _imported_uses_outside(script: Script, exported: str, depth: int) -> bool | None:
    """True when the modules importing `exported` from this script use it only outside TikTok (and some does); False
    when one uses it where TikTok may run it, or imports the module in a way not followed (a namespace, a re-export)."""
    uses = 0
    for importer, static, dynamic in _importers(script):
        if dynamic:
            return False  # `(await import('./web')).copy()`: not followed
        locals_ = [local for name, local in static if name == exported]
        if not locals_ and any(name == "*" for name, _ in static):
            return False
        for local in locals_:
            for node in _uses(importer, local):
                if not _outside(importer, node, depth):
                    return False
                uses += 1
    return uses > 0


def _module_imported_only_outside(script: Script, depth: int) -> bool:
    """Every import of this module is a dynamic `import()` that runs only outside TikTok (and there is one)."""
    importers = _importers(script)
    if not importers:
        return False
    return all(not static and dynamic and all(_outside(importer, node, depth) for node in dynamic) for importer, static, dynamic in importers)


def _uses(script: Script, name: str) -> list[Node]:
    from tree_sitter import Query, QueryCursor

    from .javascript import _language

    if not re.fullmatch(r"[\w$]+", name):
        return []
    kinds = "(identifier)" if script.dialect == "js" else "(identifier) (type_identifier)"
    query = Query(_language(script.dialect), f'([{kinds}] @use (#eq? @use "{name}"))')
    return [node for node in QueryCursor(query).captures(script.tree.root_node).get("use", []) if not _is_declared_name(node) and not _in_import(node)]


def _in_import(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type == "import_statement":
            return True
        if parent.type in ("program", "statement_block"):
            return False
        parent = parent.parent
    return False


def _imported_flag(script: Script, name: str, depth: int) -> bool | None:
    """A guard's flag imported from a project module (`import { inApp } from './env'`): its value there."""
    import os

    from .javascript import scripts_in
    from .page import resolve_import
    from .sdkrefs import _Files

    root = _ROOT[0]
    for spec, exported, local in script.imported_names() if script.imports else []:
        if local != name or exported in ("default", "*"):
            continue
        path = resolve_import(_Files(root), script.path, spec)  # type: ignore[arg-type]
        if path is None:
            continue
        try:
            with open(os.path.join(root, path), encoding="utf-8", errors="replace") as handle:
                text = handle.read(1 << 20)
        except OSError:
            continue
        for module in scripts_in(path, text):
            for value in _const_values(module, exported):
                known = _function_or_value(module, value, depth)
                if known is not None:
                    return known
            for function in _named_functions(module, exported):
                known = _returned(module, function.child_by_field_name("body"), depth)
                if known is not None:
                    return known
    return None


def _is_declared_name(node: Node) -> bool:
    parent = node.parent
    declarations = ("variable_declarator", "class_declaration", "function_declaration")
    return parent is not None and parent.type in declarations and parent.child_by_field_name("name") == node


def _in_export(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type == "export_statement":
            return True
        if parent.type in FUNCTION_TYPES:
            return False
        parent = parent.parent
    return False


def _mentions_user_agent(script: Script, node: Node) -> bool:
    text = script.source(node)
    return "userAgent" in text or bool(re.fullmatch(r"(?:ua|UA|userAgent|agent)", text.strip()))


def _ua_index(script: Script, node: Node) -> bool:
    """`ua.indexOf('TikTok')` / `ua.search(/tiktok/i)`: the position of TikTok's name in the user agent."""
    node = unwrap(node)
    if node.type != "call_expression":
        return False
    callee = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if callee is None or callee.type != "member_expression" or arguments is None or not arguments.named_children:
        return False
    prop = callee.child_by_field_name("property")
    receiver = callee.child_by_field_name("object")
    if prop is None or receiver is None or script.source(prop) not in ("indexOf", "search", "lastIndexOf"):
        return False
    return _mentions_user_agent(script, receiver) and bool(_TIKTOK_UA.search(script.source(arguments.named_children[0])))


def _number(script: Script, node: Node) -> int | None:
    text = script.source(unwrap(node)).replace(" ", "")
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def _flip(operator: str) -> str:
    return {">": "<", "<": ">", ">=": "<=", "<=": ">="}[operator]


def _operator(node: Node) -> str | None:
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None else None
