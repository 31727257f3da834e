"""The strings an argument may be, followed a few steps across the project (MN505's ad unit ids): a literal or a const
of the script (source.syntax.constant_text), a const another project module exports and the script imports (`import {
REWARDED_AD_UNIT_ID } from '../config/GameConstants'`), a parameter of the enclosing function or method (its default, or
what each call of it in the project passes: `init(adUnitId) { tt.createRewardedVideoAd({ adUnitId }) }` with
`this.platform.init(REWARDED_AD_UNIT_ID)` in another module), and a field of the class (`this.rewardedAdUnitId`, a
constructor's parameter property whose default is a const, when every construction leaves it out; or a field given one
string and never assigned again). Unknown (None) as soon as one step is not one of these: the rule reports only what
every path shows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..source.files import read_regular_text
from ..source.syntax import FUNCTION_TYPES, constant_text, descendants, dotted_name, unwrap
from .guards import _ROOT, _imported, _module, _property_assignments, _word_modules

if TYPE_CHECKING:
    from tree_sitter import Node

    from ..source.javascript import Script

_CALLERS = 12  # calls of a function followed for a parameter's value: more is a shared helper, not a config's path
# a project's tests call its code with their own stand-ins (`new DouyinAdapter("douyin-test-ad-unit")`): not the game's paths
_TESTS = re.compile(r"(?:^|/)(?:tests?|__tests__|specs?|e2e)/|\.(?:test|spec)\.[cm]?[jt]sx?$")


_EXACT: list[bool] = []  # set while exact_string_values asks: a parameter's callers are only the calls sure to be its


def exact_string_values(script: Script, node: Node, root: str | None) -> list[str] | None:
    """string_values where a value is reported on its own (MN209 judges each): a method's callers are only the calls sure
    to reach it, where string_values (MN505 asks whether every value is a placeholder) also takes a call of another
    method of the name, an interface's implementations all answering `this.platform.showAd(id)`."""
    _EXACT.append(True)
    try:
        return string_values(script, node, root)
    finally:
        _EXACT.pop()


def string_values(script: Script, node: Node, root: str | None, depth: int = 3) -> list[str] | None:
    """Every string `node` may evaluate to, or None when one of its paths is not followed."""
    node = unwrap(node)
    text = constant_text(script, node)
    if text is not None:
        return [text]
    if depth <= 0:
        return None
    if node.type in ("identifier", "shorthand_property_identifier"):
        name = script.source(node)
        if root is not None and any(local == name for _, _, local in script.imported_names()):
            return _imported_values(script, name, root)
        parameter = _parameter(script, node, name)
        if parameter is not None:
            return _parameter_values(script, *parameter, root, depth - 1)
        return None
    if node.type == "member_expression":
        holder, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if holder is not None and prop is not None and holder.type == "this":
            return _field_values(script, node, script.source(prop), root, depth - 1)
        if holder is not None and prop is not None and holder.type == "member_expression":  # `this.adUnitIds.rewarded`
            inner = holder.child_by_field_name("object")
            field = holder.child_by_field_name("property")
            if inner is not None and inner.type == "this" and field is not None:
                return _field_member_values(script, node, script.source(field), script.source(prop), root, depth - 1)
        return _object_path_values(script, node, root)
    return None


def _object_path_values(script: Script, node: Node, root: str | None) -> list[str] | None:
    """`AdsOptions.tt.videoId` where `AdsOptions` is a const object literal of the script's (or one it imports) whose
    members along the path are never assigned: the string at the end of the path."""
    keys: list[str] = []
    current = unwrap(node)
    while current.type == "member_expression":
        prop = current.child_by_field_name("property")
        holder = current.child_by_field_name("object")
        if prop is None or holder is None or prop.type != "property_identifier":
            return None
        keys.insert(0, script.source(prop))
        current = unwrap(holder)
    if current.type != "identifier" or not keys or len(keys) > 4:
        return None
    name = script.source(current)
    values = [(script, unwrap(d.value)) for d in script.declarators if d.name == name and d.value is not None]
    if not values and root is not None and any(local == name for _, _, local in script.imported_names()):
        found = _imported_at(script, name, root)
        values = [
            (module, unwrap(value.child_by_field_name("value") or value) if value.type == "variable_declarator" else unwrap(value)) for module, value in found
        ]
    if len(values) != 1:
        return None
    module, value = values[0]
    if root is not None:  # `AdsOptions.tt.videoId = ...` in any module of the project: not the literal's alone
        saved = list(_ROOT)
        _ROOT[:] = [root]
        try:
            for end in range(1, len(keys) + 1):
                dotted = ".".join([name, *keys[:end]])
                for _, at, _ in _property_assignments(root, keys[end - 1]):
                    left = at.child_by_field_name("left") if at.type == "assignment_expression" else None
                    if left is not None and ("." + (dotted_name(left) or "")).endswith("." + dotted):
                        return None
        finally:
            _ROOT[:] = saved
    for end in range(len(keys) + 1):  # and here, the name itself given another value
        path = re.compile(rb"(?<![\w$.])" + rb"\s*\.\s*".join(re.escape(part).encode() for part in [name, *keys[:end]]) + rb"\s*=(?![=>])")
        for data in {id(module): module.data, id(script): script.data}.values():
            for match in path.finditer(data):
                if end == 0 and re.search(rb"(?:const|let|var)\s+$", data[max(0, match.start() - 12) : match.start()]):
                    continue  # its declaration
                return None
    for key in keys:
        if value.type != "object":
            return None
        entry = next((p for p in value.named_children if p.type == "pair" and module.source(p.child_by_field_name("key") or p).strip("'\"") == key), None)
        given = entry.child_by_field_name("value") if entry is not None else None
        if given is None:
            return None
        value = unwrap(given)
    text = constant_text(module, value)
    return [text] if text is not None else None


def _field_member_values(script: Script, at: Node, field: str, member: str, root: str | None, depth: int) -> list[str] | None:
    """`this.adUnitIds.rewarded` where the class gives `this.adUnitIds` one object literal (`this.adUnitIds = { rewarded:
    'ad_unit_rewarded_normal' }`) and never assigns the field or that member again: the member's value in it."""
    owner = at.parent
    while owner is not None and owner.type not in ("class_declaration", "class", "abstract_class_declaration", "class_body"):
        owner = owner.parent
    if owner is None:
        return None
    text = script.source(owner)
    given = list(re.finditer(rf"\bthis\s*\.\s*{re.escape(field)}\s*=(?!=)\s*\{{", text))
    if len(given) != 1 or re.search(rf"\bthis\s*\.\s*{re.escape(field)}\s*(?:\.\s*{re.escape(member)}|\[)\s*=(?!=)", text):
        return None
    start = owner.start_byte + len(text[: given[0].end() - 1].encode())
    literal = script.tree.root_node.descendant_for_byte_range(start, start + 1)
    if literal is not None and literal.type == "{":
        literal = literal.parent  # the brace's object
    if literal is None or literal.type != "object":
        return None
    for pair in literal.named_children:
        key = pair.child_by_field_name("key") if pair.type == "pair" else None
        if key is not None and script.source(key).strip("'\"") == member:
            value = pair.child_by_field_name("value")
            return string_values(script, value, root, depth) if value is not None else None
    return None


def _imported_at(script: Script, name: str, root: str) -> list[tuple[Script, Node]]:
    """guards._imported with the project root set for the question."""
    saved = list(_ROOT)
    _ROOT[:] = [root]
    try:
        return _imported(script, name, None)
    finally:
        _ROOT[:] = saved


def _imported_values(script: Script, name: str, root: str) -> list[str] | None:
    found = _imported_at(script, name, root)
    values = [constant_text(module, unwrap(value)) for module, value in found]
    return [v for v in values if v is not None] if found and all(v is not None for v in values) else None


def _parameter(script: Script, node: Node, name: str) -> tuple[Node, int, Node] | None:
    """(the function, the parameter's position, the parameter) when `name` at `node` is a parameter of the function it is in."""
    function = node.parent
    while function is not None and function.type not in FUNCTION_TYPES and function.type != "method_definition":
        function = function.parent
    while function is not None:
        single = function.child_by_field_name("parameter")  # `adUnitId => ...`: an arrow's one bare parameter
        if single is not None:
            if script.source(single) == name:
                return function, 0, single
            function = function.parent
            while function is not None and function.type not in FUNCTION_TYPES and function.type != "method_definition":
                function = function.parent
            continue
        parameters = function.child_by_field_name("parameters")
        for index, parameter in enumerate(parameters.named_children if parameters is not None else ()):
            pattern = parameter.child_by_field_name("pattern") or parameter.child_by_field_name("left") or parameter
            if pattern.type == "identifier" and script.source(pattern) == name:
                return function, index, parameter
        if _declares_local(script, function, name):
            return None
        function = function.parent
        while function is not None and function.type not in FUNCTION_TYPES and function.type != "method_definition":
            function = function.parent
    return None


def _declares_local(script: Script, function: Node, name: str) -> bool:
    body = function.child_by_field_name("body")
    return body is not None and re.search(rf"\b(?:const|let|var)\s+{re.escape(name)}\b", script.source(body)) is not None


def _default(script: Script, parameter: Node, root: str | None, depth: int) -> list[str] | None:
    value = parameter.child_by_field_name("value") or parameter.child_by_field_name("right")
    return string_values(script, value, root, depth) if value is not None else None


def _parameter_values(script: Script, function: Node, index: int, parameter: Node, root: str | None, depth: int) -> list[str] | None:
    """The strings each call of the function in the project passes at `index` (the default where one passes nothing)."""
    name = _function_name(script, function)
    if name is None or root is None or len(name) < 3:
        return None
    modules = _word_modules(root, name)
    if not modules:
        return None
    values: list[str] = []
    calls = 0
    owner = _enclosing_class(function) if function.type == "method_definition" else None
    scripts = [other for path in modules if not _TESTS.search(path) for module in [_module(root, path)] for other in (module[1]() if module else ())]
    # a call through another object inside the function is the wrapped one's (`api.authorize({ scope: auth })` in
    # `authorize(auth)`), never a caller; asked exactly, a call through an object is this function only when nothing
    # else in the project defines one of the name (review of da6cf7c: `recorder.authorize('scope.record')` is no call of
    # `Account.authorize(s)`), a plain call is never a method's, and `this.name()` is a method's own class's only
    only_one = not _EXACT or sum(_definitions(other, name) for other in scripts) <= 1
    for other in scripts:
        for call in _calls_of(other, name):
            callee = call.child_by_field_name("function")
            receiver = callee.child_by_field_name("object") if callee is not None and callee.type == "member_expression" else None
            same = other.path == script.path
            inside = same and function.start_byte <= call.start_byte < function.end_byte
            if receiver is not None and receiver.type != "this" and inside:
                continue  # the wrapped one's
            if not _EXACT:
                pass
            elif receiver is None:
                if owner is not None:
                    continue
            elif receiver.type == "super":  # `super.authorize('scope.userInfo')` in an override: the base's method
                if owner is not None and not _extends(other, call, owner, script, name, through_super=True):
                    continue
            elif receiver.type == "this":
                if owner is not None and not (same and owner.start_byte <= call.start_byte < owner.end_byte) and not _extends(other, call, owner, script, name):
                    continue
                if owner is None and not only_one:
                    continue
            elif not only_one:
                continue
            calls += 1
            if calls > _CALLERS:
                return None
            arguments = [a for a in (call.child_by_field_name("arguments") or call).named_children if a.type != "comment"]
            found = string_values(other, arguments[index], root, depth) if index < len(arguments) else _default(script, parameter, root, depth)
            if found is None:
                return None
            values += found
    return values if calls else None


def _extends(module: Script, call: Node, owner: Node, owner_module: Script, method: str, through_super: bool = False) -> bool:
    """Whether the class around `call` inherits `owner`'s `method`: it extends `owner` by name (`extends Base`, `extends
    B.Base`), directly or through classes the module declares (up to four levels), and neither it nor a class between
    defines a method of that name (an override's `this.method()` is its own; reviews of 3a33451 and c1c21db)."""
    named = owner.child_by_field_name("name")
    current = _enclosing_class(call)
    if named is None or current is None:
        return False
    target = owner_module.source(named)
    for level in range(4):
        body = current.child_by_field_name("body")
        for member in body.named_children if body is not None and not (through_super and level == 0) else ():
            key = member.child_by_field_name("name") if member.type == "method_definition" else None
            if key is not None and module.source(key) == method:
                return False  # the class's own method of the name
        heritage = next((c for c in current.children if c.type == "class_heritage"), None)
        base = re.search(r"([A-Za-z_$][\w$]*)\s*$", module.source(heritage)) if heritage is not None else None
        if base is None:
            return False
        if base.group(1) == target:
            return True
        current = next(
            (
                n
                for n in descendants(module.tree.root_node)
                if n.type in ("class_declaration", "class") and (k := n.child_by_field_name("name")) is not None and module.source(k) == base.group(1)
            ),
            None,
        )
        if current is None:
            return False
    return False


def _enclosing_class(node: Node) -> Node | None:
    owner = node.parent
    while owner is not None and owner.type not in ("class_declaration", "class", "abstract_class_declaration"):
        owner = owner.parent
    return owner


def _definitions(script: Script, name: str) -> int:
    """How many functions or methods named `name` the script defines (declarations, methods, `name: function`); every
    name counted in one pass over the script, once (review of 3a33451: a pass a name was 4x slower on a 300 KB bundle)."""
    counts: dict[str, int] | None = script.__dict__.get("_definitions")
    if counts is None:
        counts = {}
        for node in descendants(script.tree.root_node):
            key = None
            if node.type in ("method_definition", "function_declaration", "generator_function_declaration"):
                key = node.child_by_field_name("name")
            elif node.type == "pair":
                value = node.child_by_field_name("value")
                key = node.child_by_field_name("key") if value is not None and value.type in FUNCTION_TYPES else None
            if key is not None:
                defined = script.source(key).strip("'\"")
                counts[defined] = counts.get(defined, 0) + 1
        script.__dict__["_definitions"] = counts
    return counts.get(name, 0)


def _function_name(script: Script, function: Node) -> str | None:
    name = function.child_by_field_name("name")
    if name is not None:
        return script.source(name)
    parent = function.parent
    if parent is not None and parent.type in ("variable_declarator", "pair", "assignment_expression"):
        key = parent.child_by_field_name("name") or parent.child_by_field_name("key") or parent.child_by_field_name("left")
        return script.source(key).rsplit(".", 1)[-1] if key is not None else None
    return None


# a platform's own namespace: `tt.authorize({...})` is the SDK's method, never a call of the project's `authorize(scope)`
_PLATFORM_HOLDER = re.compile(r"(?:window\.|globalThis\.)?(?:tt|wx|qq|swan|my|ks|qg|uni|Taro|TTMinis(?:\.game)?)")


def _calls_of(script: Script, name: str) -> list[Node]:
    found = []
    for match in re.finditer(rb"(?<![\w$])" + re.escape(name.encode()) + rb"\s*\(", script.data):
        node = script.tree.root_node.descendant_for_byte_range(match.start(), match.start() + len(name))
        call = node.parent if node is not None else None
        if call is not None and call.type == "member_expression":
            holder = call.child_by_field_name("object")
            if holder is not None and _PLATFORM_HOLDER.fullmatch(script.source(holder)):
                continue
            call = call.parent
        if call is not None and call.type == "call_expression":
            function = call.child_by_field_name("function")
            if function is not None and (function == node or function == node.parent):  # type: ignore[union-attr]
                found.append(call)
    return found


def _field_values(script: Script, at: Node, field: str, root: str | None, depth: int) -> list[str] | None:
    """A field's strings: a constructor parameter property (`constructor(private readonly id: string = ID)`) that every
    `new` of the class in the project leaves out, or a field initialised once and never assigned (`private id = ''`)."""
    owner = at.parent
    while owner is not None and owner.type not in ("class_declaration", "class", "abstract_class_declaration"):
        owner = owner.parent
    body = owner.child_by_field_name("body") if owner is not None else None
    if owner is None or body is None:
        return None
    assigned = re.search(rf"\bthis\s*\.\s*{re.escape(field)}\s*=(?!=)", script.source(body)) is not None or _set_elsewhere(script, body, field, root)
    for member in body.named_children:
        key = member.child_by_field_name("name") if member.type == "method_definition" else None
        if key is not None and script.source(key) == "constructor":
            parameters = member.child_by_field_name("parameters")
            for index, parameter in enumerate(parameters.named_children if parameters is not None else ()):
                pattern = parameter.child_by_field_name("pattern")
                modifier = any(child.type in ("accessibility_modifier", "readonly") for child in parameter.children)
                if modifier and pattern is not None and script.source(pattern) == field:
                    if assigned:
                        return None
                    return _constructed_default(script, owner, index, parameter, root, depth)
        if member.type in ("field_definition", "public_field_definition"):
            name = member.child_by_field_name("property") or member.child_by_field_name("name")
            value = member.child_by_field_name("value")
            if name is not None and script.source(name) == field and value is not None and not assigned:
                return string_values(script, value, root, depth)
    return None


def _set_elsewhere(script: Script, body: Node, field: str, root: str | None) -> bool:
    """Whether anything may give the field another value than its initialiser: `obj.field = ...` in any module that names
    it (a subclass's constructor, `ads.adUnitId = id` from outside, `self.adUnitId = ...`), `Object.assign(this, ...)` or a
    destructuring into `this.field` in the class; true too when the name is in too many modules to read."""
    text = script.source(body)
    # `({ adUnitId: this.adUnitId } = cfg)` (an assignment), not `fn({ adUnitId: this.adUnitId })` (a read)
    destructured = rf":\s*this\s*\.\s*{re.escape(field)}\s*(?:,[^;{{}}]*)?\}}\s*\)?\s*=(?!=)"
    if "Object.assign(this" in re.sub(r"\s+", "", text) or re.search(destructured, text):
        return True
    # any `x.field =` (the class's own `this.field =` is the caller's test, already false here)
    pattern = re.compile(rf"[\w$\])]\s*\.\s*{re.escape(field)}\s*=(?!=)")
    if root is None:
        return pattern.search(script.text) is not None
    modules = _word_modules(root, field)
    if modules is None:
        return True
    import os

    return any(pattern.search(read_regular_text(os.path.join(root, path), 1 << 20, partial=True) or "") for path in modules)


def _constructed_default(script: Script, owner: Node, index: int, parameter: Node, root: str | None, depth: int) -> list[str] | None:
    """The parameter's default when no `new` of the class in the project passes an argument at `index`."""
    name = owner.child_by_field_name("name")
    if name is None or root is None:
        return None
    modules = _word_modules(root, script.source(name)) or []
    made = 0
    for path in modules:
        if _TESTS.search(path):
            continue
        module = _module(root, path)
        for other in module[1]() if module is not None else ():
            for node in descendants(other.tree.root_node):
                if node.type != "new_expression":
                    continue
                constructor = node.child_by_field_name("constructor")
                if constructor is None or other.source(constructor) != script.source(name):
                    continue
                made += 1
                arguments = node.child_by_field_name("arguments")
                if arguments is not None and len([a for a in arguments.named_children if a.type != "comment"]) > index:
                    return None
    return _default(script, parameter, root, depth) if made else None
