"""Which expression denotes the SDK, and which SDK method a call calls, through the indirections real wrappers use
(issue 30 item 3): one resolution, made once per script in `Script._collect`, that every rule reads as `Script.calls`
(MN102, MN104, MN107, MN208, MN210, MN505 and the rest see the same calls).

- Getters and functions that return the SDK: `const sdk = () => window.TTMinis` (then `sdk().init(...)`),
  `function getSdk() { return window.TTMinis }`, a class's or an object's `get sdk() { return window.TTMinis }` or
  `getSdk()` method (`this.sdk.pay(...)`, `this.getSdk().pay(...)`, `minis.sdk.login(...)`), a class field or a
  `this.sdk = window.TTMinis` in the constructor, an object's `{ sdk: window.TTMinis }`, and a variable given
  such a getter's result (`const sdk = getSdk()`). They become entries of `Script.sdk_aliases` whose names end in
  `()` for a call (`getSdk()`, `this.getSdk()`), so they are exported and imported like the plain aliases.
- The SDK passed as an argument: `setup(window.TTMinis)` with `function setup(sdk) { sdk.init(...) }` in the same
  script, or an IIFE `(function (sdk) { ... })(window.TTMinis)`: inside that function (only there) the parameter is
  the SDK.
- String-keyed calls: `TTMinis['pay'](...)` and `TTMinis[METHOD](...)` with `const METHOD = 'pay'`; and dispatch
  wrappers, a function that calls `SDK[param](...)` with one of its parameters as the name: each call of the
  wrapper with a constant name (`callSdk('pay', { ... })`) is a call of that API, its arguments mapped through the
  wrapper's parameters (`...args`, a named parameter), the wrapper's own object literal (`{ ...payload, success }`)
  kept. Its result is the SDK call's only when the wrapper returns the call itself (`Call.returned`), not when it
  wraps it in a Promise of its own.

Only scripts that name `TTMinis` are looked at (or build the name from constant pieces, `window['TT' + 'Minis']`,
`const k = 'TTMin' + 'is'`: syntax.names_sdk), and only through queries run inside tree-sitter's C code. Where the SDK
or an API is named by a string, constant strings are folded (`folded`: literals, templates with no substitutions,
their `+`, a const holding one): `window[k].init(...)`, `TTMinis['get' + 'UserInfo'](...)`, `callSdk(`pay`, ...)`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, TypeVar

from ..records import record
from .syntax import FUNCTION_TYPES, Call, _captures, _language, descendants, dotted_name, literal_string, unwrap
from .syntax import enclosing_function as _enclosing_function

if TYPE_CHECKING:
    from tree_sitter import Node

    from .javascript import Script

SDK_TARGETS = ("TTMinis", "TTMinis.game")
_T = TypeVar("_T")
_FUNCTION_VALUES = ("arrow_function", "function_expression", "function")
_PASSES = 3  # aliases of aliases (`const sdk = getSdk()` after `function getSdk()`): enough for real wrappers


# In a query's #match? (its string's escapes doubled): a script that never writes TTMinis but builds it from pieces
# (syntax.names_sdk) is searched for where a quoted piece is added to (`window['TT' + 'Minis']`), then resolved.
_PIECES = r"TTMinis|[\\x27\\x22\\x60]\\s*[+]"


@cache
def _definitions(dialect: str, named: str = "TTMinis", keyed: str = _PIECES):
    from tree_sitter import Query

    field = (
        f'(field_definition property: [(property_identifier) (private_property_identifier)] @field value: (_) @fvalue (#match? @fvalue "{named}"))'
        if dialect == "js"
        else f'(public_field_definition name: [(property_identifier) (private_property_identifier)] @field value: (_) @fvalue (#match? @fvalue "{named}"))'
    )
    source = f"""
(variable_declarator name: (identifier) value: (_) @value (#match? @value "{named}")) @declarator
((function_declaration) @function (#match? @function "{named}"))
((method_definition) @method (#match? @method "{named}"))
{field}
(assignment_expression left: (member_expression object: (this) property: [(property_identifier) (private_property_identifier)])
 right: (_) @tvalue (#match? @tvalue "{named}")) @this
(pair key: (property_identifier) value: (_) @pvalue (#match? @pvalue "{named}")) @pair
(call_expression function: (subscript_expression object: (_) index: (_))) @subscript
(call_expression function: (member_expression object: (subscript_expression) @kobject (#match? @kobject "{keyed}"))) @keyed
(variable_declarator name: (object_pattern) @pattern value: (_) @dvalue (#match? @dvalue "{named}"))
"""
    return Query(_language(dialect), source)


def resolve(script: Script, calls: dict[tuple[int, int], Call]) -> None:
    """Add to `script.sdk_aliases` the getters, fields and properties that denote the SDK, and to `calls` every
    SDK call made through them, through a parameter given the SDK, by a constant string key or through a dispatch
    wrapper (keyed by the call's byte range; calls already there are kept)."""
    resolver = _Resolver(script)

    def named() -> str:
        """What a definition's text has: the SDK's pieces, or an alias's last name (`this.#ns = resolveSdkNamespace()`
        with resolveSdkNamespace() imported from a module returning the SDK)."""
        tails = sorted({h.rsplit(".", 1)[-1].removesuffix("()") for h in script.sdk_aliases} - {""})
        return resolver.named + ("|" + _alternatives(tails) if tails else "")

    pattern = named()
    captures = _captures(_definitions(script.dialect, pattern, resolver.keyed), script.tree.root_node)
    for _ in range(_PASSES):
        before = (dict(script.sdk_aliases), len(resolver.scoped))
        resolver.definitions(captures)
        resolver.assigned_aliases()
        if (script.sdk_aliases, len(resolver.scoped)) == before:
            break
        if named() != pattern:  # a new alias's name: definitions through it (`this.#ns = resolveSdkNamespace()`)
            pattern = named()
            captures = _captures(_definitions(script.dialect, pattern, resolver.keyed), script.tree.root_node)
    resolver.parameters()
    script.__dict__["sdk_scoped"] = list(resolver.scoped)  # for the dispatch wrappers imported later (adopt_dispatchers)
    heads = [*script.sdk_aliases, *resolver.parameter_names()]
    found: list[Call] = []
    if heads:
        found += resolver.member_calls(heads)
    found += resolver.keyed_calls(captures.get("subscript", []))
    found += [call for node in captures.get("keyed", ()) if (call := resolver._sdk_call(node)) is not None]  # window[KEY].pay(...)
    found += resolver.destructured_calls(captures.get("pattern", []))
    if script.sdk_aliases:  # the main query's calls named by an alias found here (`const tt = useTTMinis(); tt.pay()`)
        for call in calls.values():
            if not call.via and call.written:
                call.callee = script.canonical(call.written)
    for call in found:
        key = (call.node.start_byte, call.node.end_byte)
        known = calls.get(key)
        if known is None or not known.callee.startswith("TTMinis."):  # the main query's `this.sdk.pay` is unresolved
            calls[key] = call


def games_calls(script: Script) -> list[Call]:
    """The games SDK's calls a game script makes through what denotes `tt`/`wx` (lint's resolution, which looks only
    at scripts naming TTMinis, in its games form): a getter or method returning it, however guarded (`typeof wx !==
    'undefined' ? wx : null`, `this.getWechatApi() ?? this.getDouyinApi()`), a variable given one, the SDK passed as an
    argument (`callAddShortcut(platform, runtime.tt)` with `const runtime = globalThis`). Asked by the project rules
    that look for a games API anywhere in the game (MN504, MN509) when its plain names do not show it; the script's
    own aliases are left as they were."""
    saved = script.sdk_aliases
    try:
        resolver = _Resolver(script, games=True)
        captures = _captures(_definitions(script.dialect, resolver.named, resolver.keyed), script.tree.root_node)
        for _ in range(_PASSES):
            before = (dict(script.sdk_aliases), len(resolver.scoped))
            resolver.definitions(captures)
            resolver.assigned_aliases()
            if (script.sdk_aliases, len(resolver.scoped)) == before:
                break
            named = resolver.named + "|" + _alternatives([h.rsplit(".", 1)[-1].removesuffix("()") for h in script.sdk_aliases])
            captures = _captures(_definitions(script.dialect, named, resolver.keyed), script.tree.root_node)  # `return this.getSdk()`
        resolver.parameters()
        heads = [h for h in (*script.sdk_aliases, *resolver.parameter_names()) if h not in GAMES_NAMES]
        return resolver.member_calls(heads) if heads else []
    finally:
        script.sdk_aliases = saved


GAMES_NAMES = ("tt", "wx")
_GLOBAL_OBJECTS = ("globalThis", "window", "self", "GameGlobal")


class _Resolver:
    def __init__(self, script: Script, games: bool = False) -> None:
        self.script = script
        self.games = games  # `tt` and `wx` denote the SDK (TTMinis.game) too, and so does a global object's alias's `.tt`
        self.scoped: list[tuple[str, str, int, int]] = []  # (parameter, SDK target, function start, end)
        self.named = "TTMinis" if b"TTMinis" in script.data else _PIECES  # what text a definition of the SDK has
        self.keyed = _PIECES  # the subscripts a call's object may name it in: `window['TTMin' + 'is'].pay(...)`
        self.globals: set[str] = set()
        self._built: dict[str, set[str]] | None = None  # class name -> the variables given `new C()` (_instances)
        if games:
            self.named = r"\\b(TTMinis|tt|wx)\\b"
            self.globals = _global_aliases(script)
            if self.globals:
                self.named += "|" + _alternatives(sorted(self.globals))
        keys = _name_keys(script)  # `const k = 'TTMin' + 'is'`, then `window[k]`
        if keys:
            self.named += r"|\\[\\s*(" + _alternatives(keys) + r")\\s*\\]"
            self.keyed += r"|\\[\\s*(" + _alternatives(keys) + r")\\s*\\]"

    # --- what an expression denotes ------------------------------------------------------------

    def target(self, node: Node | None, at: int | None = None) -> str | None:
        """ "TTMinis" or "TTMinis.game" when the expression denotes the SDK there, else None."""
        if node is None:
            return None
        node = unwrap(node)
        if node.type == "binary_expression" and node.child_by_field_name("operator") is not None:
            operator = node.child_by_field_name("operator")
            if operator is not None and operator.type in ("||", "??"):
                # `TTMinis.game || tt`; `(typeof TTMinis !== 'undefined' && TTMinis.game) || (typeof tt !== 'undefined' ? tt : null)`
                return self.target(node.child_by_field_name("left"), at) or self.target(node.child_by_field_name("right"), at)
            if operator is not None and operator.type == "&&":  # `hasTT && tt`: the value where it is truthy
                return self.target(node.child_by_field_name("right"), at)
        if node.type == "await_expression":
            return None
        if node.type == "ternary_expression":  # `typeof window === 'undefined' ? undefined : window.TTMinis`
            return self.target(node.child_by_field_name("consequence"), at) or self.target(node.child_by_field_name("alternative"), at)
        # the games form (what MN504/MN509 ask: is the API called anywhere) takes a getter called with arguments as the
        # getter (`this.getRuntime(platform)` returning `globalObj.tt ?? null` for Douyin): it may return the SDK
        name = callee_name(node, loose=self.games) or folded_name(self.script, node)
        if not name:
            return None
        head, dot, rest = name.partition(".")
        if dot and _global_default(self.script, node, head):
            name = rest  # `function resolve(globalObject = globalThis) { return (globalObject as G).TTMinis }`
        if self.games:
            head, dot, rest = name.partition(".")
            name = rest if dot and head in self.globals else name  # `runtime.tt` after `const runtime = globalThis`
            if head == "this" and "." in rest and "this." + rest.split(".", 1)[0] in self.globals:
                name = rest.split(".", 1)[1]  # `this.runtime.TTMinis.game` with `get runtime() { return globalThis; }`
            if name in GAMES_NAMES:
                return "TTMinis.game"
        resolved = self.canonical(name, node.start_byte if at is None else at)
        return resolved if resolved in SDK_TARGETS else None

    def canonical(self, name: str, at: int) -> str:
        for parameter, target, start, end in self.scoped:
            if start <= at < end and (name == parameter or name.startswith(parameter + ".")):
                return target + name[len(parameter) :]
        return self.script.canonical(name)

    def returns(self, function: Node) -> str | None:
        """The SDK target a function returns: its expression body, or a `return` of its own, at any depth of its body
        (`if (platform === Douyin) return globalObj.tt ?? null;`), not one of a function inside it."""
        body = function.child_by_field_name("body")
        if body is None:
            return None
        if body.type != "statement_block":
            return self.target(body)
        stack = list(reversed(body.named_children))
        while stack:
            statement = stack.pop()
            if statement.type == "return_statement":
                if statement.named_child_count:
                    found = self.target(statement.named_children[0])
                    if found:
                        return found
                continue
            if statement.type in FUNCTION_TYPES or statement.type in _NOT_STATEMENTS:
                continue  # a function of its own (its returns are its own), or an expression that holds none
            stack.extend(reversed(statement.named_children))
        return None

    # --- definitions ---------------------------------------------------------------------------

    def _offer(self, name: str | None, target: str | None, within: Node | None = None) -> None:
        """An alias of the whole script, or (a `this.` member) of the class body or object literal `within`; in the
        games form, a variable of a function (`const api = this.getActiveApi()`) is that function's alone."""
        if not name or not target or name in ("TTMinis", "window", "this"):
            return
        if within is not None and (name.startswith("this.") or (self.games and within.type in FUNCTION_TYPES)):
            entry = (name, target, within.start_byte, within.end_byte)
            if entry not in self.scoped:
                self.scoped.append(entry)
        elif self.script.sdk_aliases.get(name) != target:
            self.script.sdk_aliases = {**self.script.sdk_aliases, name: target}

    def _value(self, name: str | None, value: Node | None, within: Node | None = None) -> None:
        """`name = value`: an alias when the value denotes the SDK, a getter (`name()`) when it is a function returning it."""
        if name is None or value is None:
            return
        value = unwrap(value)
        if value.type in _FUNCTION_VALUES:
            self._offer(name + "()", self.returns(value), within)
        else:
            self._offer(name, self.target(value), within)

    def definitions(self, captures: dict[str, list[Node]]) -> None:
        source = self.script.source
        for node in captures.get("declarator", ()):
            declared = node.child_by_field_name("name")
            local = _enclosing_function(node) if self.games else None
            self._value(source(declared) if declared is not None else None, node.child_by_field_name("value"), local)
        for node in captures.get("function", ()):
            declared = node.child_by_field_name("name")
            if declared is not None:
                self._offer(source(declared) + "()", self.returns(node))
        for node in captures.get("method", ()):
            declared = node.child_by_field_name("name")
            if declared is None:
                continue
            getter = any(child.type == "get" for child in node.children)
            target = self.returns(node)
            for owner in self._owners(node.parent):
                self._offer(f"{owner}.{source(declared)}" + ("" if getter else "()"), target, node.parent)
        for node in captures.get("field", ()):
            definition = node.parent
            if definition is not None:
                for owner in self._owners(definition.parent):
                    self._value(f"{owner}.{source(node)}", definition.child_by_field_name("value"), definition.parent)
        for node in captures.get("this", ()):
            left = node.child_by_field_name("left")
            member = (dotted_name(left) or "").removeprefix("this.") if left is not None else ""
            body = _class_of(node)
            for owner in self._owners(body) if body is not None else ["this"]:
                self._value(f"{owner}.{member}" if member else None, node.child_by_field_name("right"), body)
        for node in captures.get("pair", ()):
            key = node.child_by_field_name("key")
            for owner in self._owners(node.parent):
                if key is not None and owner != "this":
                    self._value(f"{owner}.{source(key)}", node.child_by_field_name("value"))

    def assigned_aliases(self) -> None:
        """Variables given an alias's value: `const sdk = getSdk()`, `const sdk = await this.sdk`, `let g = minis.game`."""
        heads = [h for h in self.script.sdk_aliases if "(" in h or "." in h] + [name for name, _, _, _ in self.scoped if name.startswith("this.")]
        if not heads:
            return
        pattern = _alternatives([_head_pattern(h, self.games) for h in heads], escaped=True)
        query = _dynamic(
            self.script.dialect, f'(variable_declarator name: (identifier) @name value: (_) @value (#match? @value "^(await[ ]+)?[(]?({pattern})")) @declarator'
        )
        for node in _captures(query, self.script.tree.root_node).get("declarator", ()):
            declared, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if declared is not None and value is not None:
                value = unwrap(value)
                self._offer(
                    self.script.source(declared),
                    self.target(value.named_children[0] if value.type == "await_expression" and value.named_child_count else value),
                    _enclosing_function(node) if self.games else None,
                )

    def _owners(self, container: Node | None) -> list[str]:
        """How code reaches a member of this class body or object literal: `this`, and the object's variable."""
        if container is None:
            return []
        if container.type == "class_body":
            return ["this", *self._instances(container.parent)]
        if container.type == "object":
            parent = container.parent
            while parent is not None and parent.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
                parent = parent.parent
            if parent is not None and parent.type == "variable_declarator":
                declared = parent.child_by_field_name("name")
                if declared is not None and declared.type == "identifier":
                    return ["this", self.script.source(declared)]
            return ["this"]
        return []

    def _instances(self, declaration: Node | None) -> list[str]:
        """The variables given an instance of this class in this script (`const minis = new MinisClient()`)."""
        name = declaration.child_by_field_name("name") if declaration is not None else None
        if name is None or not re.fullmatch(r"[\w$]+", self.script.source(name)):
            return []
        if self._built is None:  # every `const x = new C()` of the script, in one query (asked once per field and class)
            self._built = {}
            query = _dynamic(self.script.dialect, "(variable_declarator name: (identifier) @n value: (new_expression constructor: (identifier) @c)) @d")
            for declarator in _captures(query, self.script.tree.root_node).get("d", ()):
                variable, value = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
                built = value.child_by_field_name("constructor") if value is not None else None
                if variable is not None and built is not None:
                    self._built.setdefault(self.script.source(built), set()).add(self.script.source(variable))
        return sorted(self._built.get(self.script.source(name), ()))

    # --- the SDK passed as an argument -----------------------------------------------------------

    def parameters(self) -> None:
        """Parameters given the SDK: `f(window.TTMinis)` with f defined in this script, or an IIFE."""
        names = _alternatives(["TTMinis", *self.script.sdk_aliases, *(name for name, _, _, _ in self.scoped)])
        if self.named != "TTMinis":
            names += "|" + self.named
        query = _dynamic(self.script.dialect, f'(call_expression function: (_) @fn arguments: (arguments) @args (#match? @args "{names}")) @call')
        functions: dict[str, Node | None] = {}
        for call in _captures(query, self.script.tree.root_node).get("call", ()):
            callee, arguments = call.child_by_field_name("function"), call.child_by_field_name("arguments")
            if callee is None or arguments is None:
                continue
            args = [a for a in arguments.named_children if a.type != "comment"]
            given = [(i, t) for i, a in enumerate(args) if (t := self.target(a))]
            if not given:
                continue
            callee = unwrap(callee)
            if callee.type in _FUNCTION_VALUES:
                function: Node | None = callee
            elif callee.type == "identifier":
                name = self.script.source(callee)
                if name not in functions:
                    functions[name] = self._function_named(name)
                function = functions[name]
            elif callee.type == "member_expression" and re.fullmatch(r"this\.[\w$]+", method := dotted_name(callee) or ""):
                function = _method_named(_class_of(call), method.removeprefix("this."))  # `this.make(id, runtime)`
            else:
                continue
            if function is None:
                continue
            params = _parameter_names(self.script, function)
            for index, target in given:
                if index < len(params) and params[index]:
                    self.scoped.append((params[index], target, function.start_byte, function.end_byte))

    def _function_named(self, name: str) -> Node | None:
        if not re.fullmatch(r"[\w$]+", name):
            return None
        query = _dynamic(
            self.script.dialect,
            f'(function_declaration name: (identifier) @n (#eq? @n "{name}")) @f\n'
            f'(variable_declarator name: (identifier) @n value: [(arrow_function) (function_expression)] @f (#eq? @n "{name}"))',
        )
        found = _captures(query, self.script.tree.root_node).get("f", ())
        return found[0] if len(found) == 1 else None  # two functions of that name: which one is called is not known here

    def parameter_names(self) -> list[str]:
        return sorted({parameter for parameter, _, _, _ in self.scoped})

    # --- calls -----------------------------------------------------------------------------------

    def member_calls(self, heads: list[str]) -> list[Call]:
        """`sdk().init(...)`, `this.sdk.pay(...)`, `param.login(...)`, `sdk['pay'](...)`: calls of a member of an SDK
        expression (the main query sees only the SDK's own names and plain aliases)."""
        pattern = _alternatives([_head_pattern(h, self.games) for h in heads], escaped=True)
        non_null = _NON_NULL_MEMBER[self.script.dialect != "js"]
        query = _dynamic(
            self.script.dialect,
            f"(call_expression function: [(member_expression object: (_) @o) (subscript_expression object: (_) @o){non_null}]"
            # also through a cast: `(this._platformSdk as TikTokSdk).login(...)`, `(<Sdk>this.sdk).pay(...)`
            f' (#match? @o "^([(][ ]*([<][^>]*[>][ ]*)?)*({pattern})([?]?[.]|[(]|[\\\\[]|$|[ ]+as[ ]|[ ]*[!)])")) @call',
        )
        found = []
        for node in _captures(query, self.script.tree.root_node).get("call", ()):
            call = self._sdk_call(node)
            if call is not None:
                found.append(call)
        return found

    def destructured_calls(self, patterns: list[Node]) -> list[Call]:
        """`const { login, getUserInfo: info } = (globalThis as any).TTMinis`, then `info({})`: a call of the function
        taken out of the SDK (TTMinis.getUserInfo), through the name it was given."""
        names: dict[str, str] = {}  # local name -> SDK API
        for pattern in patterns:
            declarator = pattern.parent
            target = self.target(declarator.child_by_field_name("value")) if declarator is not None else None
            if target is None:
                continue
            for part in pattern.named_children:
                if part.type == "shorthand_property_identifier_pattern":
                    names[self.script.source(part)] = f"{target}.{self.script.source(part)}"
                elif part.type == "pair_pattern":
                    key, value = part.child_by_field_name("key"), part.child_by_field_name("value")
                    if key is not None and value is not None and value.type == "identifier" and key.type == "property_identifier":
                        names[self.script.source(value)] = f"{target}.{self.script.source(key)}"
        if not names:
            return []
        query = _dynamic(self.script.dialect, f'(call_expression function: (identifier) @f (#match? @f "^({_alternatives(list(names))})$")) @call')
        found = []
        for node in _captures(query, self.script.tree.root_node).get("call", ()):
            function = node.child_by_field_name("function")
            written = self.script.source(function) if function is not None else ""
            if written in names:
                found.append(Call(names[written], node, _arguments(node), False, written))
        return found

    def _sdk_call(self, node: Node) -> Call | None:
        function = node.child_by_field_name("function")
        if function is None:
            return None
        inner = unwrap(function)
        if inner.type not in ("member_expression", "subscript_expression"):
            return None
        target_node = inner.child_by_field_name("object")
        method = self._member(inner)
        target = self.target(target_node, node.start_byte)
        if target is None or method is None:
            return None
        scoped = any(start <= node.start_byte < end for _, _, start, end in self.scoped)
        held = unwrap(target_node) if target_node is not None else None
        if held is not None and held != target_node and inner.type == "member_expression":  # a cast, shown as its value
            written = re.sub(r"\s|\?(?=\.)", "", self.script.source(held)) + "." + method
        else:
            written = re.sub(r"\s|\?(?=\.)", "", self.script.source(function)) if function.end_byte - function.start_byte < 120 else target + "." + method
        return Call(f"{target}.{method}", node, _arguments(node), False, written, via="scoped" if scoped else "")

    def _member(self, node: Node) -> str | None:
        """The member a member or subscript expression reads: `.pay`, `['pay']`, `[METHOD]` with a const string."""
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return self.script.source(prop) if prop is not None else None
        index = node.child_by_field_name("index")
        if index is None:
            return None
        text = folded(self.script, index)
        return text if text and re.fullmatch(r"[A-Za-z_$][\w$]*", text) else None

    def keyed_calls(self, subscripts: list[Node]) -> list[Call]:
        """`TTMinis[METHOD](...)` with a constant name, and the calls of dispatch wrappers (`callSdk('pay', ...)`): the
        wrapper's SDK call made on the subscript itself or through a local given it (`const fn = namespace?.[method];
        fn.call(namespace, {...options, success, fail})`), on the SDK or on a parameter of the wrapper that its callers
        fill with the SDK (`callSdk(this.#namespace, 'init', {...})`)."""
        found: list[Call] = []
        wrappers: dict[str, Dispatcher] = {}
        inner_calls: dict[str, tuple[list[Node], list[str]]] = {}
        sites = [(node, unwrap(node.child_by_field_name("function") or node), _arguments(node)) for node in subscripts]
        sites += self._local_dispatch_sites()
        for node, function, arguments in sites:
            holder_node = function.child_by_field_name("object")
            target = self.target(holder_node, node.start_byte)
            holder = -1
            if target is None:
                plain = unwrap(holder_node) if holder_node is not None else None
                if plain is None or plain.type != "identifier":
                    continue
                holder_name = self.script.source(plain)  # `namespace?.[method]`: the SDK comes from the wrapper's caller
            elif function.parent is not None and function.parent.type == "call_expression" and function.parent.child_by_field_name("function") == function:
                call = self._sdk_call(node)
                if call is not None:
                    found.append(call)
                    continue
            index = unwrap(function.child_by_field_name("index") or function)
            if index.type != "identifier":
                continue
            key = self.script.source(index)
            wrapper = _enclosing_function(node)  # the function whose parameter names the API (`new Promise(...)` may sit between)
            while wrapper is not None and key not in _parameter_names(self.script, wrapper):
                wrapper = _enclosing_function(wrapper)
            if wrapper is None:
                continue
            params = _parameter_names(self.script, wrapper)
            if target is None:
                if holder_name not in params or holder_name == key:
                    continue
                holder = params.index(holder_name)
            dispatcher = Dispatcher(params.index(key), target or "TTMinis", _returned_by(node, wrapper), _argument_map(self.script, arguments, params), holder)
            for name in self._function_names(wrapper):
                wrappers[name] = dispatcher
                inner_calls[name] = (arguments, params)
        if wrappers:
            self.script.sdk_dispatchers = {**self.script.sdk_dispatchers, **wrappers}
            found += dispatched_calls(self.script, wrappers, inner_calls, lambda n: self.target(n, n.start_byte))
        return found

    def _local_dispatch_sites(self) -> list[tuple[Node, Node, list[Node]]]:
        """(the call, the subscript, the SDK call's arguments) for `const fn = X?.[key]` and then `fn(...)` or
        `fn.call(thisArg, ...)` in the same function."""
        if b"[" not in self.script.data:
            return []
        query = _dynamic(self.script.dialect, "(variable_declarator name: (identifier) value: (subscript_expression)) @decl")
        sites: list[tuple[Node, Node, list[Node]]] = []
        for decl in _captures(query, self.script.tree.root_node).get("decl", ()):
            named, given = decl.child_by_field_name("name"), decl.child_by_field_name("value")
            value = unwrap(given) if given is not None else None
            if named is None or value is None or value.type != "subscript_expression":
                continue
            local = self.script.source(named)
            scope = _enclosing_function(decl)
            if scope is None:
                continue
            for call in descendants(scope):
                if call.type != "call_expression":
                    continue
                callee = unwrap(call.child_by_field_name("function") or call)
                args = _arguments(call)
                if callee.type == "identifier" and self.script.source(callee) == local:
                    sites.append((call, value, args))
                elif callee.type == "member_expression" and (callee.child_by_field_name("property") or callee).text == b"call":
                    holder = unwrap(callee.child_by_field_name("object") or callee)  # `(fn as Fn).call(namespace, ...)`
                    if holder.type == "identifier" and self.script.source(holder) == local:
                        sites.append((call, value, args[1:]))
        return sites

    def _function_names(self, function: Node) -> list[str]:
        """How this script calls a function: its declared name, the variable or property it is given to, `this.m`."""
        declared = function.child_by_field_name("name")
        if function.type == "function_declaration" and declared is not None:
            return [self.script.source(declared)]
        if function.type == "method_definition" and declared is not None:
            return [f"{owner}.{self.script.source(declared)}" for owner in self._owners(function.parent)]
        parent = function.parent
        while parent is not None and parent.type in ("parenthesized_expression", "as_expression"):
            parent = parent.parent
        if parent is not None and parent.type == "variable_declarator":
            name = parent.child_by_field_name("name")
            return [self.script.source(name)] if name is not None and name.type == "identifier" else []
        if parent is not None and parent.type == "pair":
            key = parent.child_by_field_name("key")
            return [f"{owner}.{self.script.source(key)}" for owner in self._owners(parent.parent)] if key is not None else []
        return []


@record(frozen=True)
class Dispatcher:
    """A function that calls the SDK API one of its parameters names (`callSdk(method, params)`), as its callers see it."""

    position: int  # the parameter that names the API
    target: str  # "TTMinis" or "TTMinis.game"
    returned: bool  # it returns the SDK call's own result
    # The SDK call's arguments in terms of the wrapper's: ("param", i), ("rest", i) for `...args`, ("spread", i) for an
    # object literal of the wrapper's spreading parameter i (`{ ...payload, success }`, with the keys it adds), ("own", -1)
    # for anything else.
    arguments: tuple[tuple[str, int, tuple[str, ...]], ...]
    # the parameter that holds the SDK itself (`callSdk(namespace, method, options)`), filled by each caller; -1 when the
    # wrapper reaches the SDK on its own (then `target` is it)
    holder: int = -1


def dispatched_calls(
    script: Script,
    wrappers: dict[str, Dispatcher],
    inner: dict[str, tuple[list[Node], list[str]]] | None = None,
    denote: Callable[[Node], str | None] | None = None,
) -> list[Call]:
    """The calls of these dispatch wrappers with a constant API name (`callSdk('pay', { ... })`) as calls of that API.
    With the wrapper's own SDK call at hand (`inner`: the same module) its arguments are mapped exactly; from another
    module through `Dispatcher.arguments`, and a call that gets one of the wrapper's own values is `partial`. A wrapper
    given the SDK by its caller (`Dispatcher.holder`) counts where the argument there denotes it (`denote`: the same
    module's resolution; by default the script's aliases and the fields and locals its resolution found)."""
    denote = denote or (lambda node: _denoted_here(script, node))
    pattern = _alternatives([re.escape(n).replace(r"\.", r"\s*[?]?\.\s*") for n in wrappers], escaped=True)
    query = _dynamic(script.dialect, f'(call_expression function: [(identifier) (member_expression)] @fn (#match? @fn "^({pattern})$")) @call')
    found = []
    for node in _captures(query, script.tree.root_node).get("call", ()):
        function = node.child_by_field_name("function")
        name = dotted_name(function) if function is not None else None
        if name not in wrappers:
            continue
        wrapper = wrappers[name]
        args = _arguments(node)
        position = wrapper.position
        api = folded(script, args[position]) if position < len(args) else None  # callSdk(METHOD), callSdk(`pay`)
        if not api or not re.fullmatch(r"[A-Za-z_$][\w$]*", api):
            continue
        target = wrapper.target
        if wrapper.holder >= 0:
            given = denote(args[wrapper.holder]) if wrapper.holder < len(args) else None
            if given is None:
                continue  # not the SDK this caller hands it
            target = given
        partial = False
        keys: tuple[str, ...] = ()  # what the wrapper adds to the caller's options (`success: resolve, fail: reject`)
        if inner is not None and name in inner:
            own_args, params = inner[name]
            mapped = _map_arguments(script, own_args, params, args)
            keys = tuple(key for kind, _, own in wrapper.arguments if kind == "spread" for key in own)
        else:
            mapped, partial, keys = _mapped_arguments(wrapper.arguments, args)
        found.append(
            Call(
                f"{target}.{api}",
                node,
                mapped,
                False,
                f"{name}('{api}') -> {target}.{api}",
                via="dispatch",
                returned=wrapper.returned,
                partial=partial,
                own_keys=keys,
            )
        )
    return found


def callee_name(node: Node, loose: bool = False) -> str | None:
    """A name chain (`window.TTMinis.pay`), a getter call in it (`sdk().pay`, `this.getSdk().pay`), else None; `loose`,
    a call with arguments too, named as the call without them (`this.getRuntime(platform)` as `this.getRuntime()`)."""
    name = dotted_name(node)
    if name:
        return name
    node = unwrap(node)
    if node.type == "call_expression":
        function, arguments = node.child_by_field_name("function"), node.child_by_field_name("arguments")
        if function is not None and arguments is not None and arguments.type == "arguments" and (loose or not arguments.named_children):
            head = callee_name(function, loose)
            return head + "()" if head else None
    if node.type == "member_expression":
        target, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        head = callee_name(target, loose) if target is not None else None
        if head and prop is not None:
            return f"{head}.{(prop.text or b'').decode('utf-8', 'replace')}"
    return None


def _arguments(node: Node) -> list[Node]:
    arguments = node.child_by_field_name("arguments")
    return [a for a in arguments.named_children if a.type != "comment"] if arguments is not None and arguments.type == "arguments" else []


def _map_arguments(script: Script, inner: list[Node], params: list[str], outer: list[Node]) -> list[Node]:
    """The wrapper's call arguments in terms of its caller's: a parameter is the caller's argument there, `...rest`
    the caller's arguments from there on, anything else (an object literal of the wrapper's) stays."""
    mapped: list[Node] = []
    for node in inner:
        plain = unwrap(node)
        if plain.type == "identifier" and script.source(plain) in params:
            index = params.index(script.source(plain))
            if index < len(outer):
                mapped.append(outer[index])
        elif plain.type == "spread_element" and plain.named_child_count and script.source(plain.named_children[0]) in params:
            mapped.extend(outer[params.index(script.source(plain.named_children[0])) :])
        elif plain.type == "object" and (given := _spread_parameter(script, plain, params, outer)) is not None:
            mapped.append(given)  # `{ ...payload, success: resolve }`: the caller's options are what the API reads
        else:
            mapped.append(node)
    return mapped


def _argument_map(script: Script, inner: list[Node], params: list[str]) -> tuple[tuple[str, int, tuple[str, ...]], ...]:
    """Dispatcher.arguments: each of the wrapper's SDK-call arguments in terms of the wrapper's parameters."""
    found: list[tuple[str, int, tuple[str, ...]]] = []
    for node in inner:
        plain = unwrap(node)
        if plain.type == "identifier" and script.source(plain) in params:
            found.append(("param", params.index(script.source(plain)), ()))
        elif plain.type == "spread_element" and plain.named_child_count and script.source(plain.named_children[0]) in params:
            found.append(("rest", params.index(script.source(plain.named_children[0])), ()))
        elif plain.type == "object" and (spread := _spread_name(script, plain)) in params:
            found.append(("spread", params.index(spread), _own_keys(script, plain)))
        else:
            found.append(("own", -1, ()))
    return tuple(found)


def _mapped_arguments(arguments: tuple[tuple[str, int, tuple[str, ...]], ...], outer: list[Node]) -> tuple[list[Node], bool, tuple[str, ...]]:
    """A caller's arguments through Dispatcher.arguments, whether some are the wrapper's own (not known here), and the
    options the wrapper adds to the caller's."""
    mapped: list[Node] = []
    partial = False
    keys: tuple[str, ...] = ()
    for kind, index, own in arguments:
        if kind == "param" and index < len(outer):
            mapped.append(outer[index])
        elif kind == "rest":
            mapped.extend(outer[index:])
        elif kind == "spread" and index < len(outer) and unwrap(outer[index]).type == "object":
            mapped.append(outer[index])  # the wrapper adds its callbacks: the caller's options are what the API reads
            keys += own
        elif kind == "spread":
            partial, keys = True, keys + own
        elif kind != "param":
            partial = True
    return mapped, partial, keys


def _own_keys(script: Script, obj: Node) -> tuple[str, ...]:
    """The keys an object literal sets itself (not through a spread)."""
    keys = []
    for child in obj.named_children:
        key = child.child_by_field_name("key") if child.type == "pair" else child.child_by_field_name("name") if child.type == "method_definition" else None
        if key is not None:
            keys.append(literal_string(script, key) if key.type == "string" else script.source(key))
        elif child.type == "shorthand_property_identifier":
            keys.append(script.source(child))
    return tuple(k for k in keys if k)


def _spread_name(script: Script, obj: Node) -> str:
    """The parameter an object literal spreads first (`{ ...payload }`, `{ ...(payload || {}) }`), else ""."""
    for child in obj.named_children:
        if child.type == "spread_element" and child.named_child_count:
            spread = unwrap(child.named_children[0])
            if spread.type == "binary_expression":
                spread = unwrap(spread.child_by_field_name("left") or spread)
            if spread.type == "identifier":
                return script.source(spread)
    return ""


def _spread_parameter(script: Script, obj: Node, params: list[str], outer: list[Node]) -> Node | None:
    """The caller's object literal that `{ ...param }` / `{ ...(param || {}) }` in the wrapper spreads, if any."""
    for child in obj.named_children:
        if child.type != "spread_element" or not child.named_child_count:
            continue
        spread = unwrap(child.named_children[0])
        if spread.type == "binary_expression":
            spread = unwrap(spread.child_by_field_name("left") or spread)
        name = script.source(spread) if spread.type == "identifier" else ""
        if name in params and params.index(name) < len(outer) and unwrap(outer[params.index(name)]).type == "object":
            return outer[params.index(name)]
    return None


def _parameter_names(script: Script, function: Node) -> list[str]:
    """Each parameter's name in order ("" for a destructuring pattern); a rest parameter gives its name."""
    parameters = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
    if parameters is None:
        return []
    if parameters.type == "identifier":  # `sdk => ...`
        return [script.source(parameters)]
    names = []
    for parameter in parameters.named_children:
        node = parameter.child_by_field_name("pattern") if parameter.type in ("required_parameter", "optional_parameter") else parameter
        if node is not None and node.type == "assignment_pattern":
            node = node.child_by_field_name("left")
        if node is not None and node.type == "rest_pattern" and node.named_child_count:
            node = node.named_children[0]
        if parameter.type == "comment":
            continue
        names.append(script.source(node) if node is not None and node.type == "identifier" else "")
    return names


def _class_of(node: Node) -> Node | None:
    """The class body `this` refers to at `node` (None in a plain function: a constructor function's `this`)."""
    current = node.parent
    while current is not None:
        if current.type == "class_body":
            return current
        if current.type in ("function_declaration", "function_expression", "function"):
            return None
        current = current.parent
    return None


def _denoted_here(script: Script, node: Node) -> str | None:
    """What an expression denotes in this script after its resolution: the SDK's target through the script's aliases
    or through a field or local the resolution found in scope (`this.#namespace` given `resolveSdkNamespace()`)."""
    node = unwrap(node)
    name = callee_name(node) or folded_name(script, node)
    if not name:
        return None
    for parameter, target, start, end in script.__dict__.get("sdk_scoped", ()):
        if start <= node.start_byte < end and (name == parameter or name.startswith(parameter + ".")):
            name = target + name[len(parameter) :]
            break
    else:
        name = script.canonical(name)
    return name if name in SDK_TARGETS else None


def _global_default(script: Script, node: Node, name: str) -> bool:
    """`name` is, at `node`, a parameter of an enclosing function whose default is the global object (`globalObject:
    unknown = globalThis`): read as the global object, which its callers leave it to be."""
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", name) or name in _GLOBALS:
        return False
    function = _enclosing_function(node)
    while function is not None:
        parameters = function.child_by_field_name("parameters")
        for parameter in parameters.named_children if parameters is not None else ():
            pattern = parameter.child_by_field_name("pattern") or parameter.child_by_field_name("left")
            value = parameter.child_by_field_name("value") or parameter.child_by_field_name("right")
            if pattern is not None and script.source(pattern) == name:
                return value is not None and script.source(unwrap(value)) in _GLOBALS
        function = _enclosing_function(function)
    return False


def _method_named(body: Node | None, name: str) -> Node | None:
    """The method `name` of a class body (its one definition), or None."""
    found = [
        child
        for child in (body.named_children if body is not None else ())
        if child.type == "method_definition" and (key := child.child_by_field_name("name")) is not None and (key.text or b"").decode("utf-8", "replace") == name
    ]
    return found[0] if len(found) == 1 else None


def _returned_by(call: Node, function: Node) -> bool:
    """Whether the function gives its caller the call's own result (`return SDK[m](...)`, an arrow's body)."""
    node = call
    while node.parent is not None and node.parent.type in ("parenthesized_expression", "as_expression", "await_expression", "non_null_expression"):
        node = node.parent
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "return_statement":
        return _enclosing_function(parent) == function
    return parent == function and function.child_by_field_name("body") == node


# Constant strings folded where the SDK is named (issue 30's gap): `window['TTMin' + 'is']`, `const k = 'TTMin' + 'is';
# window[k]`, `TTMinis[`pay`]`, `TTMinis['get' + 'UserInfo']`. Bounded: literals, templates without substitutions,
# their `+` (_FOLD_DEPTH deep) and a const of this script holding one.
_FOLD_DEPTH = 6
_GLOBALS = frozenset({"window", "globalThis", "self", "GameGlobal"})


def folded(script: Script, node: Node, depth: int = 0) -> str | None:
    """A constant string's value: a literal, a template literal without substitutions, their `+` concatenation, or
    a const of this script given one; else None."""
    node = unwrap(node)
    if node.type in ("string", "template_string"):
        return literal_string(script, node)
    if depth >= _FOLD_DEPTH:
        return None
    if node.type == "binary_expression":
        operator, left, right = node.child_by_field_name("operator"), node.child_by_field_name("left"), node.child_by_field_name("right")
        if operator is None or operator.type != "+" or left is None or right is None:
            return None
        a = folded(script, left, depth + 1)
        b = folded(script, right, depth + 1) if a is not None else None
        return a + b if a is not None and b is not None else None
    if node.type == "identifier":
        value = _const_value(script, script.source(node))
        return folded(script, value, depth + 1) if value is not None else None
    return None


def folded_name(script: Script, node: Node, depth: int = 0) -> str | None:
    """The name chain an expression reads when a subscript's key is a folded constant (`window[k].game`), globals
    (window., globalThis.) dropped as dotted_name drops them."""
    node = unwrap(node)
    if depth >= _FOLD_DEPTH or node.type not in ("subscript_expression", "member_expression"):
        return None
    holder = node.child_by_field_name("object")
    if holder is None:
        return None
    head = callee_name(holder) or folded_name(script, holder, depth + 1)
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        key = script.source(prop) if prop is not None else None
    else:
        index = node.child_by_field_name("index")
        key = folded(script, index) if index is not None else None
    if not head or not key:
        return None
    return key if head in _GLOBALS else f"{head}.{key}"


def _const_value(script: Script, name: str) -> Node | None:
    """The value of the one `const name = ...` of this script (the main query keeps only some declarators)."""
    if not re.fullmatch(r"[\w$]+", name):
        return None
    values = [d.value for d in script.declarators if d.name == name]
    if len(values) == 1 and values[0] is not None and all(d.kind == "const" for d in script.declarators if d.name == name):
        return values[0]
    query = _dynamic(script.dialect, f'(lexical_declaration (variable_declarator name: (identifier) @n value: (_) @v (#eq? @n "{name}"))) @d')
    captures = _captures(query, script.tree.root_node)
    declarations, found = captures.get("d", []), captures.get("v", [])
    first = declarations[0].child(0) if len(declarations) == 1 else None
    return found[0] if len(found) == 1 and first is not None and first.type == "const" else None


def _name_keys(script: Script) -> list[str]:
    """The consts of this script that hold the SDK's name (`const k = 'TTMin' + 'is'`, `const K = 'TTMinis'`)."""
    if b"Minis" not in script.data and b"TTM" not in script.data:
        return []
    query = _dynamic(
        script.dialect,
        '(lexical_declaration (variable_declarator name: (identifier) @n value: [(string) (template_string) (binary_expression)] @v (#match? @v "Minis|TTM")))',
    )
    captures = _captures(query, script.tree.root_node)
    names = set()
    for value in captures.get("v", []):
        declared = value.parent.child_by_field_name("name") if value.parent is not None else None
        if declared is not None and folded(script, value) == "TTMinis":
            names.add(script.source(declared))
    return sorted(names)


def _global_aliases(script: Script) -> set[str]:
    """The variables a script gives the global object (`const runtime = globalThis as any`)."""
    query = _dynamic(script.dialect, '(variable_declarator name: (identifier) @n value: (_) @v (#match? @v "^[(]?(globalThis|window|self|GameGlobal)\\\\b"))')
    captures = _captures(query, script.tree.root_node)
    found = set()
    for name, value in zip(captures.get("n", ()), captures.get("v", ()), strict=False):
        if unwrap(value).type == "identifier" and script.source(unwrap(value)) in _GLOBAL_OBJECTS:
            found.add(script.source(name))
    if b"get " in script.data:  # `private get runtime(): any { return globalThis as any; }`: `this.runtime` (held-out round 34)
        from tree_sitter import QueryCursor

        query = _dynamic(script.dialect, "(method_definition name: (property_identifier) @n body: (statement_block . (return_statement (_) @v) .)) @m")
        for _, match in QueryCursor(query).matches(script.tree.root_node):
            method, name, value = match["m"][0], match["n"][0], match["v"][0]
            if any(child.type == "get" for child in method.children) and script.source(unwrap(value)) in _GLOBAL_OBJECTS:
                found.add("this." + script.source(name))
    return found


def _head_pattern(head: str, loose: bool = False) -> str:
    """A regular expression for an alias as written: `getSdk()` as `getSdk ()`, `this.sdk` as `this?.sdk`; `loose`, a
    getter's call with plain arguments too (`this.getRuntime(platform)`)."""
    call = r"\s*\([^()]*\)" if loose else r"\s*\(\s*\)"
    return re.escape(head).replace(r"\(\)", call).replace(r"\.", r"\s*[?]?\.\s*")


# nodes a function's own `return` is never inside: a class's body and its methods, an expression's parts
_NOT_STATEMENTS = frozenset({"class_declaration", "class", "class_body", "expression_statement", "lexical_declaration", "variable_declaration"})


def _alternatives(names: list[str], escaped: bool = False) -> str:
    parts = sorted({n if escaped else re.escape(n) for n in names}, key=len, reverse=True)
    return "|".join(p.replace("\\", "\\\\").replace('"', '\\"') for p in parts)


_NON_NULL_MEMBER = ("", " (non_null_expression (member_expression object: (_) @o))")  # TypeScript's `sdk.login!(...)`


def _dynamic(dialect: str, source: str):
    return _dynamic_query(dialect, source)


@lru_cache(maxsize=512)
def _dynamic_query(dialect: str, source: str):
    from tree_sitter import Query

    return Query(_language(dialect), source)


# --- across modules, for the file rules ------------------------------------------------------------------------


def exported_dispatchers(script: Script) -> dict[str, Dispatcher]:
    """The dispatch wrappers a module's importers can call (not a class's `this.m`: its instances' `minis.m` are)."""
    return {name: d for name, d in script.sdk_dispatchers.items() if not name.startswith("this.")}
