"""The games SDK reached through a name a script gives it (MN503): `const tt2 = window["tt"]`, a `wx` of the script's
own bound to `window["wx"] || window["tt"]`, a class member `this.wx = window['wx']` (or `= wx`) and a local copied
from it (`let wx = this.wx`), a method returning it (`getPlatformClass() { switch (...) { case X: return tt; default:
return wx } }`), a property named tt or wx of a registry object holding it (`window.pf = { tt: window['tt'], wx:
window['wx'] }` in one module, `pf.tt.getUserInfo()` or `let p = pf.tt ? pf.tt : pf.wx` in another: the registry a
global of the project's, an import, or the script's own const). Only a binding to the platform's global namespace
counts: a member of window/globalThis/GameGlobal/self by constant key, or a bare `tt`/`wx` the script does not declare
itself (a minified `var tt` is not the SDK). A registry holding both tells TikTok's namespace from WeChat's, so its
`wx` read alone is the WeChat branch of the game and is not followed (inside TikTok the game takes its `tt`); one
holding only `wx` is the namespace. The global object may be LayaAir 2's `Laya.Browser.window` (`Laya.Browser.window
["tt"].login(...)`), and its key one that folds to tt/wx: a const (`window[platformName]`) or a field of the class set
to one string once, in its initialiser or constructor (`apiName = 'tt'; ... this.api = window[this.apiName]`, also as
TypeScript compiles it to ES5: `function C() { _this.apiName = 'tt' }`, `C.prototype.init = function () {...}`);
a key set anywhere else, or to two values, is given up. A name imported from one of the project's modules that exports
the namespace under it (`export let tt = window["tt"]`, `export let cp = new Stub(); if (tt) cp = tt`) is the
namespace too, one hop (_imported_namespaces), and so is CommonJS's (`module.exports = { api: api }`, `exports.api =
tt`, `module.exports = window["tt"]`; `const { api } = require('./platform')`, `require('Platform').api`, `const P =
require('Platform'); P.api.x()`, a bare name being Cocos Creator 2's script name: source.modules.resolve_require).
Asked only of scripts whose text shows such a binding (a
cheap regular expression; a bare `= tt` only when the script does not declare a tt of its own), so other scripts, and
minified bundles whose locals happen to be named tt or wx, cost nothing."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..source.files import read_regular_text
from ..source.javascript import scripts_in
from ..source.modules import _Files, note_project_wide, resolve_require, run_generation
from ..source.sdkrefs import _dynamic
from ..source.syntax import FUNCTION_TYPES, _captures, descendants, identifier_uses, literal_string, property_key, unwrap
from .guards import (
    _LEXICAL_SCOPES,
    _ROOT,
    _ambient,
    _assigned,
    _binding_scope,
    _case_name,
    _const_values,
    _constructions,
    _declared_in_scope,
    _enclosing,
    _imported,
    _module,
    _project_modules,
    _tiktok_family,
    bound_locally,
    declares,
    matches_as_word,
    note_read,
)

if TYPE_CHECKING:
    from tree_sitter import Node

    from ..source.javascript import Script

_T = TypeVar("_T")

NAMES = ("tt", "wx")
_GLOBALS = ("window", "globalThis", "GameGlobal", "self")
# the global object: LayaAir 2 games reach it as `Laya.Browser.window` (`Laya.Browser.window["tt"].login(...)`)
# and its mini-game adapters' `Laya.MiniAdpter.window` (`Laya.MiniAdpter.window.wx.postMessage(...)`; LayaAir spells the
# WeChat one MiniAdpter, and TikTok's TTMiniAdapter; its QGMiniAdapter, VVMiniAdapter ... run on other stores only)
_ADAPTER_WINDOW = r"(?:Laya\s*\.\s*)?(?:MiniAdpter|TTMiniAdapter)\s*\.\s*window"  # WeChat's, TikTok's (others: other stores')
# `Laya.Browser.window`, or `Browser.window` with LayaAir 2's ES-module import (`import { Browser } from
# "laya/utils/Browser"`: held-out round 33)
_BROWSER_WINDOW = r"(?<![\w$.])(?:Laya\s*\.\s*)?Browser\s*\.\s*window"
_GLOBAL = rf"(?:window|globalThis|GameGlobal|self|{_BROWSER_WINDOW}|{_ADAPTER_WINDOW})"
# a computed key on it (`window[this.apiName]`, `Laya.Browser.window[platformName]`), asked of a script only when it
# also holds a "tt" or "wx" string (engine libraries index window by name everywhere)
_COMPUTED = re.compile(rf"{_GLOBAL}\s*\[\s*(?:(?:this|[A-Za-z_$][\w$]*)\s*\.\s*){{0,3}}[A-Za-z_$][\w$]*\s*\]".encode())
_KEY = re.compile(rb"""["'](?:tt|wx)["']""")
# or a case or comparison naming TikTok's store, which fixes the key where it is read (_narrowed_key)
_FAMILY_CASE = re.compile(rb"(?i)(?:case\s+|===?\s*)[\w$.]*(?:toutiao|douyin|tiktok|bytedance)")
# what a script binding the namespace shows: `= window["tt"]`, `= window.wx`; or `= wx;`, `return tt`, which count only
# for a bare name the script does not declare (a minified bundle's `k[p+312>>2]=tt` is its own local: LayaAir's
# laya.physics3D.min.js, whose alias walk took 0.8-1.7 s for nothing)
_HINT = re.compile(rf"""{_GLOBAL}\s*(?:as\s+[^()]{{1,80}}\)\s*)?(?:\.\s*|\[\s*["'])(?:tt|wx)\b""".encode())  # also `(globalThis as {{ tt?: T }}).tt`
# also a ternary's `typeof tt<"u"?tt:wx`, and a cast (`const wxGame = wx as unknown as WechatMinigame.Wx`)
# and the namespace handed to a function (`createVideo(wx)`, `init(options, tt)`)
_BARE_HINT = re.compile(rb"""(?:=|return|\?|:|\(|,)\s*(tt|wx)\s*(?:[;,)}|:\n]|$|!|as\s)""")
_EXTRACT_HINT = re.compile(rb"""=\s*(tt|wx)\s*\.\s*[A-Za-z_$][\w$]*\s*(?:[;,\n]|$)""", re.M)  # `const create = tt.createRewardedVideoAd;`
# the global object's tt/wx read directly under LayaAir's name: calls on it are this module's (as a computed key's)
_LAYA = re.compile(rf"""(?:{_BROWSER_WINDOW}|{_ADAPTER_WINDOW})\s*(?:\.\s*|\[\s*["'])(?:tt|wx)\b""".encode())
_MEMBER = re.compile(rf"""^{_GLOBAL}\s*(?:\.\s*(tt|wx)|\[\s*["'](tt|wx)["']\s*\])$""")
# what the rules read as plain SDK calls already (`window["wx"].login()`: source.javascript's query)
_PLAIN = re.compile(r"""^(?:window|globalThis|GameGlobal|self)\s*(?:\.\s*(tt|wx)|\[\s*["'](tt|wx)["']\s*\])$""")
_GLOBAL_OBJECT = re.compile(rf"^{_GLOBAL}$")
_SCOPES = (*FUNCTION_TYPES, "program", "class_body")
# a registry's tt/wx read: `pf.tt`, `window.pf['wx']` (not `window.tt`, `this.wx`: the bindings above)
# What _REGISTRY_USE, _HINT, _LAYA, _KEY and _GIVEN_READ all need: tt/wx read as a member or a quoted key. Most of a
# large project's modules never name either; this one scan (its first character a class the regex engine skips to)
# spares the five, whose lookbehinds and alternations in front make them try every position.
_NAMESPACE_KEY = re.compile(rb"""[.'"]\s*(?:tt|wx)\b""")
_REGISTRY_USE = re.compile(rb"""(?<![\w$.])(?:(?:window|globalThis|GameGlobal|self)\s*\.\s*)?([A-Za-z_$][\w$]*)\s*(?:\.\s*|\[\s*["'])(?:tt|wx)\b""")
_REGISTRY_READ = re.compile(r"""^(?:(?:window|globalThis|GameGlobal|self)\.)?([A-Za-z_$][\w$]*)(?:\.(tt|wx)|\[["'](tt|wx)["']\])$""")
_NOT_REGISTRIES = frozenset({*_GLOBALS, "this", "super"})


def alias_calls(script: Script, root: str | None = None) -> list[tuple[Node, str, str]]:
    """(call, written callee, API) for each member call made through a name the script gives the games namespace;
    the calls on `tt.`/`wx.` the script does not declare are the rule's plain ones and are not repeated here. `root`:
    the project folder, where a registry object another module defines is looked for."""
    keyed = _NAMESPACE_KEY.search(script.data) is not None
    heads = ({m.group(1).decode() for m in _REGISTRY_USE.finditer(script.data)} if keyed else set()) - _NOT_REGISTRIES
    computed = bool((keyed and _KEY.search(script.data)) or _FAMILY_CASE.search(script.data)) and bool(_COMPUTED.search(script.data))
    bare_ok: dict[str, bool] = {}

    def undeclared(name: str) -> bool:
        if name not in bare_ok:
            bare_ok[name] = not declares(script, name)
        return bare_ok[name]

    imported = _imported_namespaces(script, root) if root is not None else {}
    constructed = _constructor_fields(script, root) if root is not None and _THIS_CALL.search(script.data) else {}
    if root is not None and _THIS_CALL.search(script.data) and _EXTENDS.search(script.data):
        for key, bodies in _inherited_fields(script, root).items():  # `this.weixin.x()` in a subclass of the class that sets it
            constructed.setdefault(key, []).extend(bodies)
    if root is not None and b"abstract" in script.data:
        for key, bodies in _abstract_accessors(script, root).items():  # `this.api()`, each platform's subclass's namespace
            constructed.setdefault(key, []).extend(bodies)
    singletons = _singleton_fields(script, root) if root is not None and _SINGLETON_READ.search(script.data) else set()
    given_reads = _given_global_reads(script)  # `private readonly _host = globalThis as any`, then `this._host.tt`
    globally_held = held_here(script, root) if root is not None else set()
    if (
        not heads
        and not computed
        and not imported
        and not constructed
        and not singletons
        and not given_reads
        and not globally_held
        and not (keyed and _HINT.search(script.data))
    ):
        if not any(undeclared(name) for name in {m.group(1).decode() for m in _BARE_HINT.finditer(script.data)}) and not _unbound_hint(script):
            # no binding shown, or only of a tt/wx the script declares itself; an API read into a variable off the
            # global tt/wx (`var r = tt.getSystemInfoSync`) is followed on its own, without the alias machinery
            if any(undeclared(m.group(1).decode()) for m in _EXTRACT_HINT.finditer(script.data)):
                return _keyed_calls(script, bare_ok) + _extracted_calls(script, _declarators(script), lambda _: False)
            return _keyed_calls(script, bare_ok)
    direct = computed or (keyed and bool(_LAYA.search(script.data)))
    registries: dict[str, frozenset[str]] = {}

    def registered(value: Node) -> bool:
        """`pf.tt`, `window.pf['wx']`: a tt/wx property of a registry object holding the namespace under that key."""
        read = _REGISTRY_READ.match(re.sub(r"\s+", "", script.source(value)))
        if read is None or read.group(1) not in heads:
            return False
        head = read.group(1)
        if head not in registries:
            registries[head] = _registry_keys(script, head, root)
        return (read.group(2) or read.group(3)) in registries[head]

    for name in NAMES:
        undeclared(name)
    functions: set[str] = {name[:-2] for name in imported if name.endswith("()")}  # `getApi()` returning the SDK
    held: set[str] = set(globally_held)  # `Data.__env`: an object's property the script (or, of a global, the project) gives the SDK
    members: dict[str, list[Node]] = {}  # `this.wx` / `this.getSdk()`: the class bodies it is bound in
    locals_: dict[str, list[list]] = {}  # a variable: [its declaration's scope, whether it is given the SDK]
    given: set[str] = set()  # the variables some declaration of which is given the SDK
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
        "(function_declaration name: (identifier) @fname body: (statement_block) @fbody)\n"
        "(assignment_expression left: (identifier) @assigned right: (_) @avalue)\n"  # `p_class = tt` in a platform switch
        "(assignment_expression left: (member_expression object: (identifier) @holder property: (property_identifier)) @held right: (_) @hvalue)\n"
        # a function of the script's called with the namespace (`createVideo(wx)`): its parameter holds it
        '(call_expression function: (identifier) @callee arguments: (arguments) @args (#match? @args "(^|[(,])[ \\t\\n]*(tt|wx)[ \\t\\n]*[,)]"))',
    )
    from tree_sitter import QueryCursor

    matches = [match for _, match in QueryCursor(query).matches(script.tree.root_node)]
    defined: dict[str, list[Node]] = {}  # the script's functions by name, for a call handing one the namespace
    for match in matches:
        if "fname" in match and match["fbody"][0].parent is not None:
            defined.setdefault(script.source(match["fname"][0]), []).append(match["fbody"][0].parent)
        elif (
            "decl" in match and (value := match["decl"][0].child_by_field_name("value")) is not None and value.type in ("arrow_function", "function_expression")
        ):
            defined.setdefault(script.source(match["name"][0]), []).append(value)

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
        if kind == "member_expression" and (holder := value.child_by_field_name("object")) is not None and holder.type == "parenthesized_expression":
            member = value.child_by_field_name("property")  # `(globalThis as { tt?: TtApi }).tt`: the cast read as its global
            text = script.source(unwrap(holder)) + "." + (script.source(member) if member is not None else "")
        if kind == "identifier":
            if text in NAMES:
                return bare_ok[text] or _global_here(script, value, text)  # `const tt = this.getProvider()` elsewhere
            return _bound(text, value)
        if kind in ("member_expression", "subscript_expression") and (value.start_byte, value.end_byte) in given_reads:
            return True  # `this._host.tt` with `_host = globalThis`, `g['wx']` with `const g = window`
        if kind == "member_expression" and text.startswith("this"):
            return _member_bound(text, value)
        if kind == "member_expression" and re.sub(r"\s+", "", text) in held:
            return True
        if kind == "member_expression" and re.sub(r"\s+", "", text) in imported and not _shadowed_import(script, value):
            return True  # `const api = Platform.api` with Platform imported
        if kind == "call_expression" and text.startswith("this"):
            return _member_bound(re.sub(r"\s+", "", text), value)
        if kind == "call_expression":  # `getNativeApi()`, `EnvTool.getMiniGameApi()`: a function, or an imported class's static method, returning the SDK
            callee = value.child_by_field_name("function")
            return callee is not None and callee.type in ("identifier", "member_expression") and re.sub(r"\s+", "", script.source(callee)) in functions
        if kind == "subscript_expression" and _computed(value):
            return True  # `window[this.apiName]` with `apiName = 'tt'`, `Laya.Browser.window[platformName]`
        return kind in ("member_expression", "subscript_expression") and (bool(_MEMBER.match(text)) or registered(value))

    def _computed(value: Node) -> bool:
        """The global object read by a key that folds to tt or wx: a const (`const platformName = "tt"`) or a field of
        the class given one string once, in its initialiser or constructor (`private apiName = 'tt'`)."""
        obj, index = value.child_by_field_name("object"), value.child_by_field_name("index")
        if obj is None or index is None or not _GLOBAL_OBJECT.match(script.source(obj)):
            return False
        key = unwrap(index)
        return (_constant_key(script, key) or _narrowed_key(script, key)) in NAMES

    def _bound(name: str, at: Node) -> bool:
        if name not in given:  # most names are never given the SDK: no scope search (a bundle declares `t` thousands of times)
            return False
        scope = _innermost(locals_.get(name, ()), at)
        return scope is not None and scope[1]

    def _member_bound(name: str, at: Node) -> bool:
        return any(body.start_byte <= at.start_byte < body.end_byte for body in members.get(re.sub(r"\s+", "", name), ()))

    for key, bodies in constructed.items():  # `this.platform.x()`: a field given the SDK through the constructor
        members.setdefault(key, []).extend(body for body in bodies if body not in members.get(key, []))
    for _ in range(3):  # a local copied from a member, a method returning a local...: a few passes reach them
        before = (sum(len(v) for v in members.values()), sum(flag for v in locals_.values() for _, flag in v), len(functions), len(held))
        locals_new: dict[str, list[list]] = {}
        assignments = []
        for match in matches:
            if "decl" in match:
                decl, name = match["decl"][0], script.source(match["name"][0])
                value = decl.child_by_field_name("value")
                locals_new.setdefault(name, []).append([_scope(decl), denotes(value)])
                if value is not None and value.type in ("arrow_function", "function_expression", "function") and _function_returns(script, value, denotes):
                    functions.add(name)  # `const getApi = () => typeof tt !== 'undefined' ? tt : null`
            elif "fname" in match:
                if _returns_sdk(script, match["fbody"][0], denotes):
                    functions.add(script.source(match["fname"][0]))
            elif "assigned" in match:
                assignments.append((match["assigned"][0], match["avalue"][0]))
            elif "callee" in match:
                for parameter, function in _parameters_given(script, match["callee"][0], match["args"][0], denotes, defined):
                    locals_new.setdefault(parameter, []).append([function, True])
            elif "held" in match:  # `Data.__env = GameGlobal.wx || GameGlobal.tt`: an object's property given the SDK
                if script.source(match["holder"][0]) not in _NOT_REGISTRIES and denotes(match["hvalue"][0]):
                    held.add(re.sub(r"\s+", "", script.source(match["held"][0])))
            elif "member" in match or "field" in match:
                value = (match.get("value") or match["fvalue"])[0]
                key = "this." + script.source((match.get("member") or match["field"])[0])
                body = _class_body(value) if denotes(value) else None  # denotes first: _class_body reads ES5 blocks
                if body is not None and body not in members.get(key, []):
                    members.setdefault(key, []).append(body)
            else:
                body = match["body"][0]
                getter = body.parent is not None and any(child.type == "get" for child in body.parent.children)
                key = "this." + script.source(match["method"][0]) + ("" if getter else "()")  # `get sdk() { return tt; }`: this.sdk
                owner = _class_body(body)
                if owner is not None and owner not in members.get(key, []) and _returns_sdk(script, body, denotes):
                    members.setdefault(key, []).append(owner)
                    static = _static_name(script, body.parent)  # `static get api() { return tt; }`: `Platform.api` too
                    if static is not None:
                        (held if getter else functions).add(static + "." + script.source(match["method"][0]))
        for assigned, value in assignments:  # `var p_class = null; switch (...) { case 'tt': p_class = tt ... }`
            if denotes(value):  # first: the scope search is the costly part, and most values are not the SDK
                entry = _innermost(locals_new.get(script.source(assigned), ()), assigned)
                if entry is not None:
                    entry[1] = True
        for name in imported:  # `import { tt, platform } from './platform'`: the module's namespace, in the whole file
            locals_new.setdefault(name, []).append([script.tree.root_node, True])
        locals_ = locals_new
        given = {name for name, entries in locals_.items() if any(flag for _, flag in entries)}
        after = (sum(len(v) for v in members.values()), sum(flag for v in locals_.values() for _, flag in v), len(functions), len(held))
        if after == before:
            break

    if _EXTENDS.search(script.data):
        # `class TTPlatform extends apeng.BaseMingamePlatform { constructor() { super(); this.root = window["tt"]; } }`:
        # the methods it inherits from a base class of this module run with its field (the base's own `this.root =
        # window["qq"]` is another subclass's story; held-out round 33)
        for key, bodies in list(members.items()):
            if key.endswith("()"):
                continue
            for body in list(bodies):
                for method in _inherited_methods(script, body):
                    if method not in members[key]:
                        members[key].append(method)
    for name in (*NAMES, *imported):  # parameters shadow too
        if name in locals_ and "." not in name and not name.endswith("()"):
            for use in identifier_uses(script, name):
                if use.parent is not None and use.parent.type in ("formal_parameters", "required_parameter", "optional_parameter"):
                    locals_[name].append([_scope(use), False])
    if (
        not heads
        and not direct
        and not members
        and not functions
        and not held
        and not singletons
        and not given_reads
        and not any(flag for v in locals_.values() for _, flag in v)
    ):
        return _keyed_calls(script, bare_ok) + _extracted_calls(script, matches, denotes)
    found = []
    calls = _dynamic(script.dialect, "(call_expression function: (member_expression object: (_) @object property: (property_identifier) @api)) @call")
    for _, match in QueryCursor(calls).matches(script.tree.root_node):
        obj, call, api = match["object"][0], match["call"][0], script.source(match["api"][0])
        callee = call.child_by_field_name("function")
        obj = unwrap(obj)  # `(this._platformSdk as TikTokSdk).login(...)`, `(<Sdk>this.sdk).addShortcut(...)`
        if api in ("bind", "call", "apply") and obj.type == "member_expression":  # `platform.login.call(platform, {...})`
            callee, prop, obj = obj, obj.child_by_field_name("property"), obj.child_by_field_name("object")  # type: ignore[assignment]
            if prop is None or obj is None:
                continue
            api = script.source(prop)
        inner = obj.child_by_field_name("object") if obj.type == "member_expression" else None
        if inner is not None and (prop := obj.child_by_field_name("property")) is not None and prop.type == "property_identifier":
            # `platform.cloud.callFunction(...)` with `platform` given the namespace: its `cloud` object's method, read
            # as the direct `wx.cloud.callFunction` is (the API is the namespace's member, `cloud`)
            inner = unwrap(inner)
            name = script.source(inner)
            if (inner.type == "identifier" and name not in NAMES and _bound(name, inner)) or (
                inner.type == "member_expression" and name.startswith("this") and _member_bound(name, inner)
            ):
                found.append((call, re.sub(r"\s+", "", script.source(callee)) if callee is not None else "", script.source(prop)))
                continue
        if obj.type == "identifier":
            name = script.source(obj)
            if name in NAMES and not declares(script, name):
                continue  # the rule's plain call
            if not _bound(name, obj) or api in imported.get(name, ()):
                continue  # not the namespace; a member the exporting module sets on it (`cp.share = cp.shareAppMessage`)
        elif obj.type == "call_expression" and denotes(obj) and not script.source(obj).startswith("this"):
            pass  # `getNativeApi().login(...)`
        elif obj.type in ("member_expression", "subscript_expression") and (obj.start_byte, obj.end_byte) in given_reads:
            pass  # `this._host.tt.shareAppMessage(...)` with `_host = globalThis`
        elif obj.type in ("member_expression", "call_expression") and script.source(obj).startswith("this"):
            if not _member_bound(script.source(obj), obj):
                continue
        elif obj.type == "member_expression" and (alias := _this_alias_read(script, obj)) is not None:
            if not _member_bound(alias, obj):
                continue  # `var $tempThis = this; ... $tempThis.wx.getUserInfo(...)` with `this.wx` given the namespace
        elif obj.type == "member_expression" and re.sub(r"\s+", "", script.source(obj)) in held:
            pass  # `Data.__env.getUserInfo(...)`
        elif obj.type == "member_expression" and re.sub(r"\s+", "", script.source(obj)) in singletons:
            pass  # `LTPlatform.instance.base.showToast(...)`
        elif obj.type == "member_expression" and re.sub(r"\s+", "", script.source(obj)) in imported:
            if api in imported[re.sub(r"\s+", "", script.source(obj))]:
                continue  # `const P = require('Platform'); P.api.x()`: a member the exporting module sets on it
            if _shadowed_import(script, obj):
                continue  # `function show(Platform) { Platform.api.x() }`: a parameter, not the import
        elif obj.type in ("member_expression", "subscript_expression"):
            if not registered(obj) and not (direct and not _PLAIN.match(script.source(obj)) and denotes(obj)):
                continue  # `pf.tt.getUserInfo()`, `Laya.Browser.window["tt"].login()`, `window[this.apiName].login()`
        else:
            continue
        found.append((call, re.sub(r"\s+", "", script.source(callee)) if callee is not None else "", api))
    found += _keyed_calls(script, bare_ok)
    found += _either_calls(script, matches, denotes)
    found += _extracted_calls(script, matches, denotes)
    return found


_DECLARING = frozenset(
    {
        "variable_declarator",
        "class_declaration",
        "abstract_class_declaration",
        "function_declaration",
        "formal_parameters",
        "required_parameter",
        "optional_parameter",
        "import_specifier",
        "import_clause",
        "namespace_import",
        "catch_clause",
        "arrow_function",
        "class",
    }
)


def _static_name(script: Script, method: Node | None) -> str | None:
    """The class name a static method is read through (`Platform` of `class Platform { static get api() {...} }`, or of
    `const Platform = class {...}`), or None for an instance method, an unnamed class, or a name the script declares
    more than once (a bundle's two modules each with a `class Platform`, a parameter or local named so: review of
    f600f7e), since `Platform.api` would then not surely be this class's."""
    if method is None or not any(child.type == "static" for child in method.children):
        return None
    body = method.parent
    cls = body.parent if body is not None else None
    if cls is None or cls.type not in ("class_declaration", "class", "abstract_class_declaration"):
        return None
    if cls.type == "class":  # `const Platform = class PlatformImpl {...}`: read as Platform (its own name is its body's)
        name = cls.parent.child_by_field_name("name") if cls.parent is not None and cls.parent.type == "variable_declarator" else None
    else:
        name = cls.child_by_field_name("name")
    if name is None or name.type not in ("identifier", "type_identifier"):  # TypeScript's class names are type identifiers
        return None
    declared = [use for use in identifier_uses(script, script.source(name)) if _declaring(use)]
    return script.source(name) if declared == [name] else None


def _declaring(use: Node) -> bool:
    """Whether the identifier is a name being declared there (a variable, class, function, parameter, import)."""
    parent = use.parent
    if parent is None or parent.type not in _DECLARING:
        return False
    field = {"arrow_function": "parameter", "catch_clause": "parameter"}.get(parent.type, "name")
    if parent.type in ("formal_parameters", "required_parameter", "optional_parameter", "import_specifier", "import_clause", "namespace_import"):
        return True
    return parent.child_by_field_name(field) == use


def _either_calls(script: Script, matches: list, denotes: Callable[[Node | None], bool]) -> list[tuple[Node, str, str]]:
    """`(env.getCloudStorageByRelation || env.getFriendCloudStorage)({...})`, or `const get = env.a || env.b; get({...})`:
    a call of whichever of the namespace's APIs exists. It throws on TikTok when none of them is TikTok's, so it is
    reported as the first, when every one is outside TikTok's games APIs."""
    if b"||" not in script.data:
        return []
    from ..sdk_api import GAME_APIS  # start-up: only a script choosing between APIs with || reads the declared surface

    def apis(value: Node | None) -> list[tuple[str, str]] | None:
        value = unwrap(value) if value is not None else None
        if value is None or value.type != "binary_expression" or _operator_of(value) != "||":
            return None
        sides = [unwrap(part) for part in _alternatives(value) if part is not None]
        found = []
        for side in sides:
            holder = side.child_by_field_name("object") if side.type == "member_expression" else None
            prop = side.child_by_field_name("property") if holder is not None else None
            if (
                holder is None
                or prop is None
                or not (denotes(holder) or (holder.type == "identifier" and script.source(holder) in NAMES and not declares(script, script.source(holder))))
            ):
                return None
            found.append((re.sub(r"\s+", "", script.source(side)), script.source(prop)))
        return found if len(found) > 1 and not any(api in GAME_APIS for _, api in found) else None

    chosen: dict[str, list[tuple[str, str]]] = {}
    for match in matches:
        if "decl" in match:
            picked = apis(match["decl"][0].child_by_field_name("value"))
            if picked:
                chosen[script.source(match["name"][0])] = picked
    from tree_sitter import QueryCursor

    query = _dynamic(script.dialect, "(call_expression function: [(parenthesized_expression) (identifier)] @either) @call")
    found = []
    for _, match in QueryCursor(query).matches(script.tree.root_node):
        either, call = match["either"][0], match["call"][0]
        picked = chosen.get(script.source(either)) if either.type == "identifier" else apis(either)
        if picked:
            found.append((call, picked[0][0], picked[0][1]))
    return found


def _extracted_calls(script: Script, matches: list, denotes: Callable[[Node | None], bool]) -> list[tuple[Node, str, str]]:
    """An API read off the namespace into a variable, then called (held-out round 24: `const create =
    this._api?.createRewardedVideoAd; if (typeof create !== 'function') return null; const ad = create.call(this._api,
    {...})`): `create(...)`, `create.call(...)` and `create.apply(...)` are calls of that API where the call's name
    resolves to that declaration: the innermost scope binding the name (parameters, catch and for-of names, inner
    functions, block-scoped let/const: _binding) binds it once, there, to the API, and never assigns it again (the
    review of 0d97976: scopes and rebindings, and linear time on minified bundles)."""
    plain = {name: not declares(script, name) for name in NAMES}
    extracted: dict[str, dict[int, tuple[str, str]]] = {}  # name -> the declarator's start -> (written, API)
    for match in matches:
        if "decl" not in match:
            continue
        value = match["decl"][0].child_by_field_name("value")
        value = unwrap(value) if value is not None else None
        if value is None or value.type != "member_expression":
            continue
        holder, prop = value.child_by_field_name("object"), value.child_by_field_name("property")
        if holder is None or prop is None or prop.type != "property_identifier":
            continue
        inner = unwrap(holder)
        if (inner.type == "identifier" and plain.get(script.source(inner), False)) or denotes(holder):
            written = script.source(inner) if inner.type == "identifier" else re.sub(r"\s+|\?(?=\.)", "", script.source(holder))
            extracted.setdefault(script.source(match["name"][0]), {})[match["decl"][0].start_byte] = (f"{written}.{script.source(prop)}", script.source(prop))
    found: list[tuple[Node, str, str]] = []
    for name, given in extracted.items():
        uses = identifier_uses(script, name)
        if not any(_called(use) is not None for use in uses):
            continue  # read, never called: nothing to resolve
        scopes: dict[tuple[int, int, str], list[tuple[str, str] | None]] = {}
        assigned: list[Node] = []
        for use in uses:
            bound = _binding(use)
            if bound is not None:
                scope, declarator = bound
                scopes.setdefault((scope.start_byte, scope.end_byte, scope.type), []).append(
                    given.get(declarator.start_byte) if declarator is not None else None
                )
            elif _assigned(use) or _destructured_into(use):
                assigned.append(use)
        for use in uses:
            call = _called(use)
            if call is None:
                continue
            around: Node | None = use.parent
            bound_here = None
            while around is not None and (bound_here := scopes.get((around.start_byte, around.end_byte, around.type))) is None:
                around = around.parent
            if around is None or bound_here is None or len(bound_here) != 1 or bound_here[0] is None:
                continue  # the global, a parameter or another binding, or a name bound twice in one scope
            if any(around.start_byte <= a.start_byte < around.end_byte for a in assigned):
                continue  # assigned again (`f = other`, `f ||= other`, `[f] = ...`)
            found.append((call, *bound_here[0]))
    return found


def _called(use: Node) -> Node | None:
    """The call that calls the name at `use`: `f(...)`, `f.call(...)`, `f.apply(...)`; else None."""
    parent = use.parent
    if parent is None:
        return None
    if parent.type == "call_expression" and parent.child_by_field_name("function") == use:
        return parent
    if parent.type == "member_expression" and parent.child_by_field_name("object") == use:
        prop = parent.child_by_field_name("property")
        outer = parent.parent
        if (
            prop is not None
            and prop.text in (b"call", b"apply")
            and outer is not None
            and outer.type == "call_expression"
            and outer.child_by_field_name("function") == parent
        ):
            return outer
    return None


def _declarators(script: Script) -> list[dict[str, list[Node]]]:
    """The `name = tt.api` declarators _EXTRACT_HINT finds, as alias_calls' query gives them (`decl`, `name`): found
    from the hint's places in the text, not by a query over the whole tree (a 2 MB bundle)."""
    root = script.tree.root_node
    found = []
    for match in _EXTRACT_HINT.finditer(script.data):
        node = root.descendant_for_byte_range(match.start(1), match.end(1))
        member = node.parent if node is not None else None
        declarator = member.parent if member is not None and member.type == "member_expression" else None
        name = declarator.child_by_field_name("name") if declarator is not None and declarator.type == "variable_declarator" else None
        if declarator is not None and name is not None and name.type == "identifier" and declarator.child_by_field_name("value") == member:
            found.append({"decl": [declarator], "name": [name]})
    return found


def _destructured_into(use: Node) -> bool:
    """`[f] = [...]`, `({ f } = o)`: the name assigned by a destructuring assignment."""
    top = use
    while (parent := top.parent) is not None and parent.type in _PATTERNS | {"array", "object", "shorthand_property_identifier_pattern"}:
        top = parent
    parent = top.parent
    return parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("left") == top and top != use


def _operator_of(node: Node) -> str:
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None else ""


def _unbound_hint(script: Script) -> bool:
    """A `return tt` / `= wx` (of the first few) where the script's own tt/wx is not in scope: a method returning the
    namespace in a module that also names a local `tt` elsewhere (`const tt = this.getProvider()` in another method)."""
    for match in list(_BARE_HINT.finditer(script.data))[:20]:
        node = script.tree.root_node.descendant_for_byte_range(match.start(1), match.end(1))
        if node is not None and node.type == "identifier" and _global_here(script, node, match.group(1).decode()):
            return True
    return False


def _global_here(script: Script, node: Node, name: str) -> bool:
    """tt/wx at `node` is the platform's global although the script declares the name somewhere: only in functions
    that do not hold `node` (`const tt = this.getProvider()` in another method). A declaration at the top level (a
    minified bundle's `var tt`) makes it the script's own everywhere."""
    cache: dict[str, bool] = script.__dict__.setdefault("_top_level_names", {})
    if name not in cache:
        cache[name] = any(
            use.parent is not None
            and use.parent.type == "variable_declarator"
            and use.parent.parent is not None
            and use.parent.parent.parent is not None
            and use.parent.parent.parent.type in ("program", "export_statement")
            for use in identifier_uses(script, name)
        )
    return not cache[name] and not bound_locally(script, node, name)


_KEYED = re.compile(rb"(?<![\w$.])(?:tt|wx)\s*\[\s*[A-Za-z_$][\w$]*\s*\]\s*\(")


def _keyed_calls(script: Script, bare_ok: dict[str, bool]) -> list[tuple[Node, str, str]]:
    """`wx[l]({...})` with `var l = "getUserInfo"` before it (a minified SDK keeps API names in variables): the call
    of the API the key always is (the nearest declaration of it around the call, or its one declaration)."""
    if not _KEYED.search(script.data):
        return []
    from tree_sitter import QueryCursor

    query = _dynamic(script.dialect, "(call_expression function: (subscript_expression object: (identifier) @head index: (identifier) @key)) @call")
    found = []
    for _, match in QueryCursor(query).matches(script.tree.root_node):
        head, key, call = match["head"][0], match["key"][0], match["call"][0]
        name = script.source(head)
        if name not in NAMES or not bare_ok.get(name, not declares(script, name)):
            continue
        given = _declared_in_scope(script, key) or _const_values(script, script.source(key))
        api = literal_string(script, unwrap(given[0])) if len(given) == 1 else None
        if api and re.fullmatch(r"[A-Za-z_$][\w$]*", api):
            found.append((call, f"{name}.{api}", api))
    return found


_THIS_CALL = re.compile(rb"this\s*\.\s*[A-Za-z_$][\w$]*\s*(?:\?\.|\.)\s*[A-Za-z_$][\w$]*\s*\(")


# A field of a class's single instance (`LTPlatform.instance.base.showToast(...)`, `Platform.getInstance().api.x()`): the
# instance a static getter, field or method hands out, then a field of it, then the call.
_SINGLETON_READ = re.compile(
    rb"(?<![\w$.])[A-Z][\w$]*\s*\.\s*(?:instance|Instance|inst|Inst|ins|Ins|getInstance\s*\(\s*\))\s*\.\s*[A-Za-z_$][\w$]*\s*\.\s*[A-Za-z_$][\w$]*\s*\("
)
_SINGLETON = re.compile(r"^([A-Z][\w$]*)\.(?:instance|Instance|inst|Inst|ins|Ins|getInstance\(\))\.([A-Za-z_$][\w$]*)$")
# `this.base = window["tt"]`, `this.base = this._base = window["wx"]` (a chain), `this._api = GameGlobal.tt`
# or a class field's initialiser (`public base: any = window["tt"];`, `api = tt;`)
_FIELD_GIVEN = re.compile(
    r"""(?:this\s*\.\s*|^[ \t]*(?:(?:public|protected|private|readonly|static|declare)\s+)*)([A-Za-z_$][\w$]*)\s*(?::[^=;\n]{1,200})?"""
    r"""=\s*((?:this\s*\.\s*[A-Za-z_$][\w$]*\s*=\s*){0,4})"""
    rf"""(?:{_GLOBAL}\s*(?:\.\s*(?:tt|wx)|\[\s*["'](?:tt|wx)["']\s*\])|(?:tt|wx))\s*(?:[;,)}}\n]|$)""",
    re.M,
)
_FIELD_COPIED = re.compile(r"this\s*\.\s*([A-Za-z_$][\w$]*)\s*=\s*this\s*\.\s*([A-Za-z_$][\w$]*)\s*(?:[;,)}\n]|$)")
_NAMESPACE_FIELDS: dict[str, tuple[int, frozenset[str]]] = {}


# `cc.MyPlat = window.tt` (a Cocos Creator 2 game's start-up script), `GameGlobal.api = wx`: a global object's property
# given the games namespace in one module and read in the others (held-out round 25). The regular expression finds the
# values (`= tt`, `= window["wx"]`: rare, and found at the speed of the `=` scan); the parse decides what they are given to.
_HELD_VALUE = re.compile(r"""=(?!=)\s*((?:(?:window|globalThis|GameGlobal|self)\s*(?:\.\s*|\[\s*["']))?(?:tt|wx)\b(?:["']\s*\])?)(?!\s*[.(\[])""")
_GLOBAL_HELD_VALUE = re.compile(r"""^(?:(?:window|globalThis|GameGlobal|self)(?:\.|\[["']))?(tt|wx)(?:["']\])?$""")
# what must stand before such a value for the module to be worth parsing: `holder.property` (checked in the 200
# characters before the `=`; a big bundle's `var t = tt` is not, and parsing it cost seconds on a 4,000-module game)
_HELD_LEFT = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*\.\s*[A-Za-z_$][\w$]*\s*$")
# a module's own tt/wx (a minified library's `tt=...`, `class tt`): its bare `= tt` is not the namespace
_OWN_NAME = {name: re.compile(rf"(?<![\w$.]){name}\s*=(?![=>])|(?:class|function)\s+{name}(?![\w$])") for name in NAMES}
_PROJECT_HELD: dict[str, tuple[int, dict[str, tuple[str, ...]]]] = {}
_HELD_IN: dict[tuple[str, int, int], dict[str, frozenset[str]]] = {}


def project_held(root: str) -> dict[str, tuple[str, ...]]:
    """The properties of a global (`cc.MyPlat`: its object a name the assigning module does not declare) that project
    modules give the games namespace (`tt`/`wx` or the global object's), with those modules; once a lint run."""
    cached = _PROJECT_HELD.get(root)
    if cached is not None and cached[0] == run_generation():
        return cached[1]
    found: dict[str, tuple[str, ...]] = {}
    for path in _project_modules(root):
        for name in _per_version(_HELD_IN, root, path, functools.partial(_held_in, path)):
            found[name] = (*found.get(name, ()), path)
    _PROJECT_HELD[root] = (run_generation(), found)
    return found


def seed_held(root: str, held: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    """project_held's answer for this run, found by the main process (a worker is handed it with each file)."""
    cached = _PROJECT_HELD.get(root)
    if cached is None or cached[0] != run_generation():
        _PROJECT_HELD[root] = (run_generation(), dict(held))


def _held_in(path: str, text: str) -> dict[str, frozenset[str]]:
    own: dict[str, bool] = {}

    def candidate(found: re.Match[str]) -> bool:
        left = _HELD_LEFT.search(text, max(0, found.start() - 200), found.start())
        if left is None or left.group(1) in _NOT_REGISTRIES:
            return False
        name = found.group(1)
        if name in NAMES and name not in own:
            own[name] = bool(_OWN_NAME[name].search(text))  # asked only of a module that gets this far
        return not own.get(name, False)

    if not any(candidate(found) for found in _HELD_VALUE.finditer(text)):
        return {}
    held: dict[str, frozenset[str]] = {}
    for script in scripts_in(path, text):
        data = script.data
        for found in _HELD_VALUE.finditer(data.decode("utf-8", "replace") if data.isascii() else script.text):
            start = found.start(1) if data.isascii() else len(script.text[: found.start(1)].encode())
            node = script.tree.root_node.descendant_for_byte_range(start, start + 1)
            while node is not None and node.type not in ("assignment_expression", "expression_statement", "program", "comment", "string", "template_string"):
                node = node.parent
            left = node.child_by_field_name("left") if node is not None and node.type == "assignment_expression" else None
            right = node.child_by_field_name("right") if node is not None and left is not None else None
            if left is None or right is None or left.type != "member_expression":
                continue  # in a comment or a string, or given to a name
            holder, prop = left.child_by_field_name("object"), left.child_by_field_name("property")
            value = _GLOBAL_HELD_VALUE.match(re.sub(r"\s+", "", script.source(unwrap(right))))
            if holder is None or prop is None or holder.type != "identifier" or prop.type != "property_identifier" or value is None:
                continue
            name = script.source(holder)
            if name in _NOT_REGISTRIES or name in NAMES or declares(script, name):
                continue  # a holder of the module's own
            if script.source(unwrap(right)) in NAMES and declares(script, value.group(1)):
                continue  # a tt of its own
            held[f"{name}.{script.source(prop)}"] = frozenset()
    return held


def held_here(script: Script, root: str) -> set[str]:
    """The global properties holding the namespace (project_held) that the script reads where their object is the global
    (`cc.MyPlat.showToast(...)` with no `cc` of the script's own)."""
    known: dict[str, tuple[int, set[str]]] = script.__dict__.setdefault("_held_here", {})  # asked per typeof check too
    cached = known.get(root)
    if cached is not None and cached[0] == run_generation():
        return cached[1]
    found = set()
    for name in project_held(root):
        holder, prop = name.split(".", 1)
        if prop.encode() in script.data and holder.encode() in script.data and not declares(script, holder):
            found.add(name)  # what gives it is in every file's cache key (FileTask.held): no module read to note
    known[root] = (run_generation(), found)
    return found


def _singleton_fields(script: Script, root: str) -> set[str]:
    """The reads `Class.instance.field` in the script whose field some class of the project gives the games namespace
    (`this.base = this._base = window["wx"]` in its WeChat platform class, `this.base = this._base` after `this._base =
    window["tt"]` in its TikTok one): on TikTok the instance is the platform class that does, so the field is the SDK."""
    reads = set()
    for found in _SINGLETON_READ.finditer(script.data):
        text = re.sub(r"\s+", "", found.group().decode("utf-8", "replace"))
        reads.add(text[: text.rindex(".")])
    fields = _namespace_fields(root)
    return {read for read in reads if (match := _SINGLETON.match(read)) is not None and match.group(2) in fields}


def _namespace_fields(root: str) -> frozenset[str]:
    """The fields a class of the project gives the games namespace, directly or from another such field; once a lint run."""
    note_project_wide()
    import os

    cached = _NAMESPACE_FIELDS.get(root)
    if cached is not None and cached[0] == run_generation():
        return cached[1]
    fields: set[str] = set()
    for path in _project_modules(root):
        text = read_regular_text(os.path.join(root, path), 1 << 20, partial=True)
        if not text or "this" not in text or not _names_namespace(text):
            continue
        given = set()
        for found in _FIELD_GIVEN.finditer(text):
            given.add(found.group(1))
            given.update(re.findall(r"this\s*\.\s*([A-Za-z_$][\w$]*)", found.group(2)))
        if given:
            given.update(copy.group(1) for copy in _FIELD_COPIED.finditer(text) if copy.group(2) in given)
        fields |= given
    result = frozenset(fields)
    _NAMESPACE_FIELDS[root] = (run_generation(), result)
    return result


def _constructor_fields(script: Script, root: str) -> dict[str, list[Node]]:
    """`this.platform` holding the games namespace because the constructor keeps a parameter in it (`constructor(platform,
    log) { this.platform = platform; }`, here or in a base class the class inherits its constructor from) and the
    class's constructions in the project pass the namespace there (`let bd = window["tt"]; new DouyinMiniAd(bd, ...)`):
    "this.<field>" -> the class bodies where it holds it. Constructions are looked for in the module and in the modules
    that import the class (guards' import index), one hop."""
    from tree_sitter import QueryCursor

    found: dict[str, list[Node]] = {}
    query = _dynamic(
        script.dialect,
        "[(class_declaration) (class)] @class" if script.dialect == "js" else "[(class_declaration) (class) (abstract_class_declaration)] @class",
    )
    saved = list(_ROOT)
    _ROOT[:] = [root]
    try:
        for _, match in QueryCursor(query).matches(script.tree.root_node):
            cls = match["class"][0]
            body = cls.child_by_field_name("body")
            if body is None or not _THIS_CALL.search(script.data, body.start_byte, body.end_byte):
                continue  # no `this.x.y(...)` in the class: nothing to find
            fields = _field_parameters(script, cls, 2)
            if body is None or not fields:
                continue
            built = _constructions(script, cls)
            for field, index in fields.items():
                if any(_passes_namespace(module, construction, index) for module, construction in built):
                    found.setdefault("this." + field, []).append(body)
    finally:
        _ROOT[:] = saved
    return found


_EXTENDS = re.compile(rb"\bclass\s+[A-Za-z_$][\w$]*\s*(?:<[^>{]*>\s*)?extends\b")


def _inherited_fields(script: Script, root: str) -> dict[str, list[Node]]:
    """`this.<field>` holding the games namespace in a class because a base class it extends (here or imported, two
    levels) gives it one: `this.weixin = Laya.Browser.window.wx` in one branch of BaseLevel's constructor (others giving
    another store's namespace, tt's, qq's), then `this.weixin.startAccelerometer()` in `class Level_40 extends BaseLevel`
    in another module. "this.<field>" -> the subclass bodies."""
    found: dict[str, list[Node]] = {}
    saved = list(_ROOT)
    _ROOT[:] = [root]
    try:
        for cls in _class_declarations(script).values():
            body = cls.child_by_field_name("body")
            if body is None or not _THIS_CALL.search(script.data, body.start_byte, body.end_byte):
                continue
            for field in _base_namespace_fields(script, cls, 2):
                if not _replaced(script, body, field):
                    found.setdefault("this." + field, []).append(body)
    finally:
        _ROOT[:] = saved
    return found


def _replaced(script: Script, body: Node, field: str) -> bool:
    """The subclass gives the field a value of its own that is not the namespace (`this.host = new Tilt()`)."""
    for node in descendants(body):
        value = None
        if node.type == "assignment_expression":
            left = node.child_by_field_name("left")
            if left is not None and re.sub(r"\s+", "", script.source(left)) == f"this.{field}":
                value = node.child_by_field_name("right")
        elif node.type in ("field_definition", "public_field_definition"):
            key = node.child_by_field_name("property") or node.child_by_field_name("name")
            if key is not None and script.source(key) == field:
                value = node.child_by_field_name("value")
        if value is not None and _namespace_of(script, value) is None and unwrap(value).type not in ("null", "undefined"):
            return True
    return False


def _base_namespace_fields(script: Script, cls: Node, depth: int) -> set[str]:
    """The fields the class's base classes (`depth` levels) give the games namespace in their own bodies; once per class
    and lint run (a framework's hundred views extending one base read its body once, not a hundred times)."""
    if depth <= 0:
        return set()
    return _per_class(script, "_base_namespace_fields", cls, depth, lambda: _read_base_namespace_fields(script, cls, depth))


def _per_class(script: Script, kind: str, cls: Node, depth: int, read: Callable[[], _T]) -> _T:
    """What `read` gives for the class, kept with the script for this lint run under `kind` (and `depth`)."""
    memo: dict[tuple[int, int, int, int], _T] = script.__dict__.setdefault(kind, {})
    key = (cls.start_byte, cls.end_byte, depth, run_generation())
    known = memo.get(key)
    if known is None:
        if len(memo) > 4096:
            memo.clear()
        known = memo[key] = read()
    return known


def _read_base_namespace_fields(script: Script, cls: Node, depth: int) -> set[str]:
    heritage = next((c for c in cls.named_children if c.type == "class_heritage"), None)
    extended = next((script.source(n) for n in descendants(heritage) if n.type in ("identifier", "member_expression")), None) if heritage is not None else None
    if not extended or not re.fullmatch(r"[A-Za-z_$][\w$]*", extended):
        return set()
    own = _class_declarations(script).get(extended)
    bases = [(script, own)] if own is not None else _imported_classes(script, extended)
    fields: set[str] = set()
    for module, base in bases[:1]:
        fields |= _own_namespace_fields(module, base)
        fields |= _base_namespace_fields(module, base, depth - 1)
    return fields


def _own_namespace_fields(module: Script, cls: Node) -> frozenset[str]:
    """The fields a class's own body gives the games namespace (`this.weixin = Laya.Browser.window.wx`, a field
    initialiser); once per class and lint run, however many subclasses ask."""
    return _per_class(module, "_own_namespace_fields", cls, 0, lambda: _read_own_namespace_fields(module, cls))


def _read_own_namespace_fields(module: Script, cls: Node) -> frozenset[str]:
    fields: set[str] = set()
    body = cls.child_by_field_name("body")
    for node in descendants(body) if body is not None else ():
        value = None
        if node.type == "assignment_expression":
            left = node.child_by_field_name("left")
            target = re.fullmatch(r"this\.([A-Za-z_$][\w$]*)", re.sub(r"\s+", "", module.source(left))) if left is not None else None
            if target is not None:
                value, name = node.child_by_field_name("right"), target.group(1)
        elif node.type in ("field_definition", "public_field_definition"):
            key_node = node.child_by_field_name("property") or node.child_by_field_name("name")
            value, name = node.child_by_field_name("value"), module.source(key_node) if key_node is not None else ""
        if value is not None and name and _namespace_of(module, value) is not None:
            fields.add(name)
    return frozenset(fields)


def _field_parameters(script: Script, cls: Node, depth: int) -> dict[str, int]:
    """The fields a class's constructor keeps a parameter in, by the parameter's position: its own constructor's `this.f =
    p`, and what `super(p, ...)` or an inherited constructor (a base class here or imported) keeps. Once per class and
    lint run (the base of a framework's hundred views is asked a hundred times)."""
    return dict(_per_class(script, "_field_parameters", cls, depth, lambda: _read_field_parameters(script, cls, depth)))


def _read_field_parameters(script: Script, cls: Node, depth: int) -> dict[str, int]:
    body = cls.child_by_field_name("body")
    constructor = None
    for member in body.named_children if body is not None else ():
        key = member.child_by_field_name("name") if member.type == "method_definition" else None
        if key is not None and key.text == b"constructor":
            constructor = member
    base = _base_class(script, cls, depth)
    if constructor is None:
        return base
    parameters = constructor.child_by_field_name("parameters")
    names: list[str] = []
    for parameter in parameters.named_children if parameters is not None else ():
        plain = parameter.child_by_field_name("pattern") if parameter.type in ("required_parameter", "optional_parameter") else parameter
        names.append(script.source(plain) if plain is not None and plain.type == "identifier" else "")
    fields: dict[str, int] = {}
    for node in descendants(constructor.child_by_field_name("body") or constructor):
        if node.type == "assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            target = re.fullmatch(r"this\.([A-Za-z_$][\w$]*)", re.sub(r"\s+", "", script.source(left))) if left is not None else None
            if target is not None and right is not None and right.type == "identifier" and script.source(right) in names:
                fields[target.group(1)] = names.index(script.source(right))
        elif node.type == "call_expression" and base:
            function, arguments = node.child_by_field_name("function"), node.child_by_field_name("arguments")
            if function is not None and function.type == "super" and arguments is not None:
                passed = [a for a in arguments.named_children if a.type != "comment"]
                for field, index in base.items():
                    if index < len(passed) and passed[index].type == "identifier" and script.source(passed[index]) in names:
                        fields.setdefault(field, names.index(script.source(passed[index])))
    return fields


_CLASS_DECLARATIONS = ("class_declaration", "abstract_class_declaration")  # `export abstract class AccountBase extends SdkBase`


def _class_declarations(script: Script) -> dict[str, Node]:
    """The script's class declarations by name, once per script (a bundle declares hundreds)."""
    known: dict[str, Node] | None = script.__dict__.get("_class_declarations")
    if known is None:
        known = {}
        if b"class" in script.data:
            kinds = "(class_declaration)" if script.dialect == "js" else "(class_declaration) (abstract_class_declaration)"
            found = _captures(_dynamic(script.dialect, f"[{kinds}] @class"), script.tree.root_node).get("class", ())
            for node in sorted(found, key=lambda n: (n.start_byte, -n.end_byte)):  # a query's order, made the source's
                name = node.child_by_field_name("name")
                if name is not None:
                    known.setdefault(script.source(name), node)
        script.__dict__["_class_declarations"] = known
    return known


def _inherited_methods(script: Script, body: Node, depth: int = 2) -> list[Node]:
    """The methods a class (its body) inherits and does not define itself, from base classes this module declares or
    makes (`class B {}`, `let B = class B {}`), named by the last part of the `extends` clause (`extends ns.B`)."""
    cls = body.parent
    if cls is None or body.type != "class_body" or depth <= 0:
        return []
    heritage = next((c for c in cls.named_children if c.type == "class_heritage"), None)
    base_name = re.split(r"[\s.]", script.source(heritage).replace("extends", "", 1).strip().split("(")[0].split("<")[0])[-1] if heritage is not None else ""
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", base_name or "-"):
        return []
    base = _class_declarations(script).get(base_name) or _named_class_expressions(script).get(base_name)
    base_body = base.child_by_field_name("body") if base is not None and base != cls else None
    if base_body is None:
        return []
    own = {script.source(m.child_by_field_name("name") or m) for m in body.named_children if m.type == "method_definition"}
    found = []
    for method in base_body.named_children:
        name = method.child_by_field_name("name") if method.type == "method_definition" else None
        if name is not None and script.source(name) not in own and script.source(name) != "constructor":
            found.append(method)
            own.add(script.source(name))
    return found + [m for m in _inherited_methods(script, base_body, depth - 1) if script.source(m.child_by_field_name("name") or m) not in own]


def _named_class_expressions(script: Script) -> dict[str, Node]:
    """The script's named class expressions (`let TTPlatform = class TTPlatform extends Base {...}`, TypeScript's emit of
    a decorated class), once per script."""
    known: dict[str, Node] | None = script.__dict__.get("_named_class_expressions")
    if known is None:
        known = {}
        if b"= class " in script.data or b"=class " in script.data:
            for node in descendants(script.tree.root_node):
                name = node.child_by_field_name("name") if node.type == "class" else None
                if name is not None:
                    known.setdefault(script.source(name), node)
        script.__dict__["_named_class_expressions"] = known
    return known


def _base_class(script: Script, cls: Node, depth: int) -> dict[str, int]:
    """The fields the class's base keeps constructor parameters in (a class of this module, or imported), `depth` levels."""
    if depth <= 0:
        return {}
    heritage = next((c for c in cls.named_children if c.type == "class_heritage"), None)
    extended = None
    for node in descendants(heritage) if heritage is not None else ():
        if node.type in ("identifier", "member_expression"):
            extended = script.source(node)
            break
    if not extended or not re.fullmatch(r"[A-Za-z_$][\w$]*", extended):
        return {}
    own = _class_declarations(script).get(extended)
    if own is not None:
        return _field_parameters(script, own, depth - 1)
    for module, definition in _imported_classes(script, extended):
        return _field_parameters(module, definition, depth - 1)
    return {}


def _imported_classes(script: Script, local: str) -> list[tuple[Script, Node]]:
    """The class a module exports as what `script` imports under `local` (`import { NativeBase } from './NativeBase'`)."""
    found: list[tuple[Script, Node]] = []
    files = _Files(_ROOT[0])
    for spec, exported, name in script.imported_names():
        path = resolve_require(files, script.path, spec) if name == local else None
        module = _module(_ROOT[0], path) if path is not None else None
        for other in module[1]() if module is not None else ():
            for node in other.tree.root_node.named_children:
                declared = node.child_by_field_name("declaration") if node.type == "export_statement" else node
                if declared is None or declared.type not in _CLASS_DECLARATIONS:
                    continue
                class_name = declared.child_by_field_name("name")
                is_default = node.type == "export_statement" and any(c.type == "default" for c in node.children)
                if (exported == "default" and is_default) or (class_name is not None and other.source(class_name) == exported):
                    found.append((other, declared))
                    note_read(other.path)
    return found


def _passes_namespace(module: Script, construction: Node, index: int) -> bool:
    """`new C(bd, ...)` with the argument at `index` the games namespace: tt/wx themselves, `window["tt"]`, or a variable
    the module declares once with one of those (`let bd = window["tt"]`)."""
    arguments = construction.child_by_field_name("arguments")
    passed = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
    if index >= len(passed):
        return False
    value = unwrap(passed[index])
    if _namespace_of(module, value) is not None:
        return True
    if value.type == "member_expression" and re.fullmatch(r"this\.[A-Za-z_$][\w$]*", re.sub(r"\s+", "", module.source(value))):
        return _field_holds_namespace(module, value, module.source(value.child_by_field_name("property") or value))  # `new TTRecordManager(this._base)`
    if value.type == "identifier":
        given = _declared_in_scope(module, value) or _const_values(module, module.source(value))
        return len(given) == 1 and _namespace_of(module, unwrap(given[0])) is not None
    return False


def _field_holds_namespace(module: Script, at: Node, field: str, depth: int = 2) -> bool:
    """The class around `at` gives `this.<field>` the games namespace (`this._base = window["tt"]`, `this.base = this._base
    = window["wx"]`, a field initialiser), and nothing else but a falsy value."""
    body = at.parent
    while body is not None and body.type != "class_body":
        body = body.parent
    if body is None:
        return False
    held = False
    for node in descendants(body):
        value = None
        if node.type == "assignment_expression":
            left = node.child_by_field_name("left")
            if left is not None and re.sub(r"\s+", "", module.source(left)) in (f"this.{field}", f"_this.{field}"):
                value = node.child_by_field_name("right")
        elif node.type in ("field_definition", "public_field_definition"):
            name = node.child_by_field_name("property") or node.child_by_field_name("name")
            if name is not None and module.source(name) == field:
                value = node.child_by_field_name("value")
        if value is None:
            continue
        value = unwrap(value)
        while value.type == "assignment_expression":  # `this.base = this._base = window["wx"]`
            value = unwrap(value.child_by_field_name("right") or value)
        copied = re.fullmatch(r"this\.([A-Za-z_$][\w$]*)", re.sub(r"\s+", "", module.source(value)))
        if _namespace_of(module, value) is not None:
            held = True
        elif copied is not None and copied.group(1) != field and depth > 0 and _field_holds_namespace(module, at, copied.group(1), depth - 1):
            held = True  # `this.base = this._base`
        elif value.type not in ("null", "undefined", "false"):
            return False
    return held


def _parameters_given(
    script: Script, callee: Node, arguments: Node, denotes: Callable[[Node | None], bool], defined: dict[str, list[Node]]
) -> list[tuple[str, Node]]:
    """`createVideo(wx)` with `function createVideo(module) { return module.createVideo(); }` the script's one function
    of the name: (module, the function) for each argument that is the namespace (held-out round 41)."""
    functions = defined.get(script.source(callee), [])
    if len(functions) != 1:
        return []  # none here (imported, global), or several of the name: which one runs is not known
    from ..source.sdkrefs import _parameter_names  # start-up: only a call handing a function tt/wx asks

    names = _parameter_names(script, functions[0])
    given = [a for a in arguments.named_children if a.type != "comment"]
    return [(names[i], functions[0]) for i, argument in enumerate(given) if i < len(names) and names[i] and denotes(argument)]


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
    """The class a `this.` belongs to: its class body, or an ES5 class's block (the one holding `function C() {...}`
    and `C.prototype.m = function () {...}`, as TypeScript and Babel compile classes)."""
    while node is not None and node.type != "class_body":
        if node.type in _ES5_FUNCTIONS:
            owner = _es5_class(node)
            if owner is not None:
                return owner[0]
        node = node.parent  # type: ignore[assignment]
    return node


_ES5_FUNCTIONS = ("function_declaration", "function_expression", "function")


def _es5_class(function: Node) -> tuple[Node, bool] | None:
    """(the block or module, whether it is the constructor) for an ES5 class's constructor `function C() {...}` or
    method `C.prototype.m = function () {...}` in a block that holds both."""
    parent = function.parent
    if function.type == "function_declaration":
        name = function.child_by_field_name("name")
        if parent is not None and parent.type in ("statement_block", "program") and name is not None:
            text = name.text.decode() if name.text is not None else ""
            block = parent.text or b""
            if re.search(rb"(?<![\w$.])" + re.escape(text.encode()) + rb"\s*\.\s*prototype\s*\.\s*[A-Za-z_$][\w$]*\s*=", block):
                return parent, True
        return None
    if parent is None or parent.type != "assignment_expression" or parent.child_by_field_name("right") != function:
        return None
    left = parent.child_by_field_name("left")
    statement = parent.parent
    if left is None or statement is None or statement.type != "expression_statement" or statement.parent is None:
        return None
    if not re.fullmatch(rb"[A-Za-z_$][\w$]*\s*\.\s*prototype\s*\.\s*[A-Za-z_$][\w$]*", left.text or b""):
        return None
    return (statement.parent, False) if statement.parent.type in ("statement_block", "program") else None


def _narrowed_key(script: Script, key: Node) -> str | None:
    """The namespace a key is where it is read: inside a switch over the key, in a case naming TikTok's or Douyin's
    store (`switch (AdsOptions.platform) { case LPPlatform.toutiao: window[AdsOptions.platform].showTips(...) }`), or
    in the branch of `if (key === Platform.toutiao)`: tt (inside TikTok only that case runs it)."""
    if key.type not in ("identifier", "member_expression"):
        return None
    text = re.sub(r"\s+", "", script.source(key))
    at: Node | None = key
    while at is not None and at.type not in FUNCTION_TYPES:
        parent = at.parent
        if parent is None:
            return None
        if parent.type == "switch_case":
            switch = parent.parent.parent if parent.parent is not None else None
            subject = switch.child_by_field_name("value") if switch is not None else None
            value = parent.child_by_field_name("value")
            if subject is not None and value is not None and re.sub(r"\s+", "", script.source(unwrap(subject))) == text:
                return "tt" if _tiktok_family(_case_name(script, value) or "") else None
        elif (
            parent.type == "if_statement" and at == parent.child_by_field_name("consequence") and (test := parent.child_by_field_name("condition")) is not None
        ):
            condition = unwrap(test)
            operator = condition.child_by_field_name("operator") if condition.type == "binary_expression" else None
            if operator is not None and operator.type in ("===", "=="):
                sides = [condition.child_by_field_name("left"), condition.child_by_field_name("right")]
                for one, other in (sides, sides[::-1]):
                    if one is not None and other is not None and re.sub(r"\s+", "", script.source(unwrap(one))) == text:
                        return "tt" if _tiktok_family(_case_name(script, other) or "") else None
        at = parent
    return None


# tt or wx as a word or a camel-case part of one (`getTt`, `WxApi`, `TT_SDK`)
_NAMES_NAMESPACE = re.compile(r"(?:(?<![A-Za-z])(?:tt|wx|TT|WX)|(?<=[a-z])(?:Tt|Wx))(?![a-z])")


def _abstract_accessors(script: Script, root: str) -> dict[str, list[Node]]:
    """`protected abstract api(): MiniGameAPI;` in a class that some module of the project extends while naming tt or
    wx, also in a name (`getTt()`) (`class DouyinPlatform extends MiniGamePlatformBase { protected api() { return getTt(); } }`; held-out round 29):
    `this.api()` in the class is the games namespace (inside TikTok its TikTok or WeChat subclass runs)."""
    from .guards import _word_modules  # start-up: only a script with an abstract member asks

    found: dict[str, list[Node]] = {}
    for node in descendants(script.tree.root_node):
        if node.type != "abstract_method_signature" or node.parent is None or node.parent.type != "class_body":
            continue
        key = node.child_by_field_name("name")
        owner = node.parent.parent
        name = owner.child_by_field_name("name") if owner is not None else None
        if key is None or name is None:
            continue
        class_name = script.source(name)
        extends = re.compile(rb"\bextends\s+" + re.escape(class_name.encode()) + rb"\b")
        for path in _word_modules(root, class_name) or ():
            data = read_regular_text(os.path.join(root, path), 1 << 20, partial=True)
            if data is not None and extends.search(data.encode()) and _NAMES_NAMESPACE.search(data):
                note_read(path)
                found.setdefault(f"this.{script.source(key)}()", []).append(node.parent)
                break
    return found


def _this_alias_read(script: Script, obj: Node) -> str | None:
    """`$tempThis.wx` where `var $tempThis = this` is the nearest declaration around it: read as `this.wx`."""
    head = obj.child_by_field_name("object")
    prop = obj.child_by_field_name("property")
    if head is None or prop is None or head.type != "identifier" or script.source(head) in ("this", "_this"):
        return None
    values = _declared_in_scope(script, head)
    if len(values) != 1 or unwrap(values[0]).type != "this":
        return None
    return "this." + script.source(prop)


def _constant_key(script: Script, key: Node) -> str | None:
    """The string a computed key always is: a literal, a const given one, or `this.field` of a class that gives the
    field one string once (a field initialiser, or an assignment in the constructor). None when unclear."""
    if key.type in ("string", "template_string"):
        return literal_string(script, key)
    if key.type == "identifier":
        consts = _const_values(script, script.source(key))
        return literal_string(script, unwrap(consts[0])) if len(consts) == 1 else None
    if key.type != "member_expression":
        return None
    obj, prop = key.child_by_field_name("object"), key.child_by_field_name("property")
    owner = _class_body(key)
    if obj is None or prop is None or obj.type != "this" or owner is None:
        return None
    field = script.source(prop)
    values: list[Node] = []
    for node in descendants(owner):
        if node.type in ("field_definition", "public_field_definition") and node.parent == owner:
            name = node.child_by_field_name("property") or node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if name is not None and script.source(name) == field and value is not None:
                values.append(value)
        elif node.type in ("assignment_expression", "augmented_assignment_expression"):
            left = node.child_by_field_name("left")
            if left is None or left.type != "member_expression" or re.sub(r"\s+", "", script.source(left)) not in (f"this.{field}", f"_this.{field}"):
                continue
            if node.type != "assignment_expression" or not _in_constructor(node, owner):
                return None  # changed after construction
            value = node.child_by_field_name("right")
            if value is not None:
                values.append(value)
    return literal_string(script, unwrap(values[0])) if len(values) == 1 else None


def _in_constructor(node: Node, owner: Node) -> bool:
    """Is the node in the class's constructor itself (not a function nested in it)?"""
    function = node.parent
    while function is not None and function.type not in FUNCTION_TYPES:
        function = function.parent
    if function is None:
        return False
    if function.type == "method_definition":
        name = function.child_by_field_name("name")
        return function.parent == owner and name is not None and script_text(name) == "constructor"
    found = _es5_class(function) if function.type in _ES5_FUNCTIONS else None
    return found is not None and found == (owner, True)


def script_text(node: Node) -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""


def _returns_sdk(script: Script, body: Node, denotes) -> bool:
    """A method some of whose returns (not a nested function's) give the SDK."""
    owner = body.parent
    if owner is None:
        return False
    for node in _returns_by_function(script).get((owner.type, owner.start_byte, owner.end_byte), ()):
        if body.start_byte <= node.start_byte < body.end_byte and denotes(node.named_children[0]):
            return True
    return False


def _returns_by_function(script: Script) -> dict[tuple[str, int, int], list[Node]]:
    """The script's return statements that return something, in the order of the source, by the function they return
    from (its type and span); found by one query, kept with the script (alias_calls asked each method's body up to
    three times, a walk of every node in it each time)."""
    known: dict[tuple[str, int, int], list[Node]] | None = script.__dict__.get("_returns_by_function")
    if known is None:
        known = {}
        if b"return" in script.data:
            found = _captures(_dynamic(script.dialect, "(return_statement) @return"), script.tree.root_node).get("return", ())
            for node in sorted(found, key=lambda n: n.start_byte):
                owner = _own_function(node) if node.named_child_count else None
                if owner is not None:
                    known.setdefault((owner.type, owner.start_byte, owner.end_byte), []).append(node)
        script.__dict__["_returns_by_function"] = known
    return known


def _function_returns(script: Script, function: Node, denotes) -> bool:
    """A function expression or arrow function that returns the SDK: an arrow's expression body, or some return."""
    body = function.child_by_field_name("body")
    if body is None:
        return False
    if body.type != "statement_block":
        return denotes(body)
    return _returns_sdk(script, body, denotes)


def _own_function(node: Node) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type not in (*FUNCTION_TYPES, "method_definition"):
        parent = parent.parent
    return parent


def _registry_keys(script: Script, head: str, root: str | None) -> frozenset[str]:
    """The keys (tt, wx) under which the registry object `head` holds the games namespace: the script's own const
    (`const pf = {...}`), the one it imports (`import { pf } from './platform'`, one hop), or, for a name it does not
    declare, a global the project assigns (`window.pf = {...}`, here or in another module). Empty when unclear: a
    name declared otherwise, registries that disagree."""
    if declares(script, head):
        values = [unwrap(v) for v in _const_values(script, head)]
        found = [(script, v) for v in values if v.type == "object"]
        if not values and root is not None:
            saved = list(_ROOT)
            _ROOT[:] = [root]
            try:
                found = [(module, unwrap(v)) for module, v in _imported(script, head, None) if unwrap(v).type == "object"]
            finally:
                _ROOT[:] = saved
        return _agreed([_registry(module, obj) for module, obj in found])
    defined = [keys for name, keys in _global_registries(script) if name == head]
    if root is not None:
        for path in _project_modules(root):
            if path != script.path:
                keys_of = _module_registries(root, path).get(head)
                if keys_of is not None:
                    defined.append(keys_of)
                    note_read(path)
    return _agreed(defined)


def _agreed(keys: list[frozenset[str]]) -> frozenset[str]:
    return keys[0] if keys and all(k == keys[0] for k in keys) else frozenset()


def _registry(script: Script, obj: Node) -> frozenset[str]:
    """The keys of an object literal whose values are the games namespace (`{ tt: window['tt'], wx }`); with a tt
    among them, only the keys holding tt (its wx is then WeChat's branch)."""
    held: dict[str, str] = {}
    for child in obj.named_children:
        if child.type == "pair":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            which = _namespace_of(script, value) if key is not None and value is not None else None
            if which is not None and key is not None:
                held[property_key(script, key)] = which
        elif child.type == "shorthand_property_identifier":
            name = script.source(child)
            if name in NAMES and not declares(script, name):
                held[name] = name
    if "tt" in held.values():
        return frozenset(key for key, which in held.items() if which == "tt")
    return frozenset(held)


def _namespace_of(script: Script, value: Node) -> str | None:
    """tt or wx when the expression is the platform's namespace (`window['tt']`, a bare `wx` not declared here,
    `window.tt || window.wx`: the first)."""
    value = unwrap(value)
    kind = value.type
    if kind == "binary_expression":
        operator = value.child_by_field_name("operator")
        op = operator.type if operator is not None else ""
        side = "left" if op in ("||", "??") else "right" if op == "&&" else None
        part = value.child_by_field_name(side) if side is not None else None
        return _namespace_of(script, part) if part is not None else None
    if kind == "ternary_expression":
        for field in ("consequence", "alternative"):
            part = value.child_by_field_name(field)
            which = _namespace_of(script, part) if part is not None else None
            if which is not None:
                return which
        return None
    text = script.source(value)
    if kind == "identifier":
        return text if text in NAMES and not declares(script, text) else None
    if kind in ("member_expression", "subscript_expression"):
        member = _MEMBER.match(text)
        return (member.group(1) or member.group(2)) if member is not None else None
    return None


_GLOBAL_DEFINITION = re.compile(r"""(?:window|globalThis|GameGlobal|self)\s*(?:\.\s*[A-Za-z_$][\w$]*|\[\s*["'][A-Za-z_$][\w$]*["']\s*\])\s*=\s*\{""")
_GLOBAL_NAME = re.compile(r"""^(?:window|globalThis|GameGlobal|self)(?:\.([A-Za-z_$][\w$]*)|\[["']([A-Za-z_$][\w$]*)["']\])$""")
_DEFINED: dict[tuple[str, int, int], dict[str, frozenset[str]]] = {}


def _global_registries(script: Script) -> list[tuple[str, frozenset[str]]]:
    """The registries a script makes globals of (`window.pf = {...}`, `globalThis['pf'] = {...}`): name, keys."""
    found: list[tuple[str, frozenset[str]]] = []
    if not _GLOBAL_DEFINITION.search(script.text):
        return found
    for node in descendants(script.tree.root_node):
        if node.type != "assignment_expression":
            continue
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or unwrap(right).type != "object":
            continue
        name = _GLOBAL_NAME.match(re.sub(r"\s+", "", script.source(left)))
        if name is not None:
            found.append((name.group(1) or name.group(2), _registry(script, unwrap(right))))
    return found


def _module_registries(root: str, path: str) -> dict[str, frozenset[str]]:
    """A project module's global registries, once per file version per process (a file that assigns no global
    object mentioning tt/wx is not parsed)."""

    def read(text: str) -> dict[str, frozenset[str]]:
        known: dict[str, frozenset[str]] = {}
        if _GLOBAL_DEFINITION.search(text) and re.search(r"\b(?:tt|wx)\b", text):
            for script in scripts_in(path, text):
                for name, keys in _global_registries(script):
                    known[name] = keys if known.get(name, keys) == keys else frozenset()
        return known

    return _per_version(_DEFINED, root, path, read)


def _per_version(
    cache: dict[tuple[str, int, int], dict[str, frozenset[str]]], root: str, path: str, read: Callable[[str], dict[str, frozenset[str]]]
) -> dict[str, frozenset[str]]:
    """`read` of a project module's text (its first MiB, a regular file only: source.files.read_regular), once per file
    version (path, mtime, size) per process."""
    import os

    full = os.path.join(root, path)
    try:
        stat = os.stat(full)
    except OSError:
        return {}
    key = (full, stat.st_mtime_ns, stat.st_size)
    known = cache.get(key)
    if known is None:
        known = read(read_regular_text(full, 1 << 20, partial=True) or "")
        if len(cache) > 4096:
            cache.clear()
        cache[key] = known
    return known


_EXPORTS: dict[tuple[str, int, int], dict[str, frozenset[str]]] = {}
_READING: set[str] = set()
# A field given what an imported function returns (`this._api = getNativePlatformApi(this.name)` with `import {
# getNativePlatformApi } from './platformDetect'`): such a module may hold the SDK with no tt/wx of its own.
_FIELD_FROM_CALL = re.compile(r"this\s*\.\s*[A-Za-z_$][\w$]*\s*=\s*([A-Za-z_$][\w$]*)\s*\(")


_IMPORT_CLAUSE = re.compile(r"\bimport\b([^;'\"]{0,400}?)\bfrom\b")
_MAX_READING = 4  # modules read inside one another for an imported function's value: a chain goes no deeper
_INCOMPLETE: set[str] = set()  # modules whose reading met one already being read: their result is not kept


def _imported_holder(text: str) -> bool:
    """Whether a field takes the value of a function the module imports (one pass over each)."""
    called = {m.group(1) for m in _FIELD_FROM_CALL.finditer(text)}
    if not called:
        return False
    imported = {name for clause in _IMPORT_CLAUSE.findall(text) for name in re.findall(r"[A-Za-z_$][\w$]*", clause)}
    return bool(called & imported)


_NAMESPACE_WORD = re.compile(r"(?:tt|wx)(?![\w$])")  # and no name's character before it: matches_as_word


def _names_namespace(text: str) -> bool:
    """Is tt or wx a whole word of the text?"""
    return matches_as_word(_NAMESPACE_WORD, text)


# what gives a name the global object: `_host = globalThis as any`, `private readonly _host: any = (globalThis as any)`,
# `= <any>globalThis`, `this._host = globalThis`, `const g = window` (not `= window.x`, `= self(...)`); the name before
# `=` is found by looking back from it (_given_names), and only a name read as `name.tt`/`this.name.wx` is followed
_GIVEN_GLOBAL = re.compile(rb"(?<![=!<>])=\s*(?:\(\s*|<[^<>=;\n]{1,40}>\s*)*(?:globalThis|GameGlobal|window|self)\b(?!\s*(?:[.\[(]|\?\.))")
_GIVEN_NAME = re.compile(rb"([A-Za-z_$][\w$]*)\s*[!?]?\s*(?::[^=;{}\n]{1,80}?)?\s*$")
# the same on the line, for a type annotation the first misses (`private readonly _host: { tt?: any } = globalThis as
# any`, `: () => void`, one over 80 characters): the statement's first name after its modifiers (review of 7581284)
_GIVEN_LINE = re.compile(
    rb"\s*(?:(?:public|private|protected|readonly|static|declare|override|let|const|var|export)\s+)*(?:_?this\s*\.\s*)?"
    rb"([A-Za-z_$][\w$]*)\s*[!?]?\s*(?::[^\n]*)?\Z"
)
# `this._host.tt`, `_this._host['wx']` (ES5 as TypeScript compiles arrows), `host.tt`, `g?.wx`: group 1 says it is a field
_GIVEN_READ = re.compile(rb"""(?<![\w$.])(_?this\s*\.\s*)?([A-Za-z_$][\w$]*)\s*(?:\?\.\s*|\.\s*|\[\s*["'])(?:tt|wx)(?![\w$])""")
_GLOBAL_OBJECTS = frozenset({"globalThis", "GameGlobal", "window", "self"})
_PATTERNS = frozenset({"object_pattern", "array_pattern", "pair_pattern", "assignment_pattern", "object_assignment_pattern", "rest_pattern"})


def _given_global_reads(script: Script) -> frozenset[tuple[int, int]]:
    """The spans of the `X.tt`/`X['wx']` reads in the script whose X is the global object, so the platform's namespace:
    `this._host` where `_host` is a field of the class (or of a base class the module declares) given it by its
    initialiser or by the constructor and nowhere else (`private readonly _host = globalThis as any`), or `host`
    where the declaration the name resolves to there is a const (or a let/var never assigned) given it. Found once
    per script, in time in proportion to it: the text shows which names are given the global object and which are
    read as `name.tt`; only those are looked up in the tree, each field's class indexed once."""
    cached: frozenset[tuple[int, int]] | None = script.__dict__.get("_given_global_reads")
    if cached is not None:
        return cached
    found: set[tuple[int, int]] = set()
    given = _given_names(script.data)
    reads = [m for m in _GIVEN_READ.finditer(script.data) if m.group(2).decode() in given] if given and _NAMESPACE_KEY.search(script.data) else []
    fields: dict[tuple[int, int], dict[str, bool | None]] = {}  # a class's (body's span) fields: given the global object?
    owners: dict[tuple[int, int, str], Node | None] = {}
    bindings: dict[str, dict[tuple[int, int, str], list[bool]]] = {}
    root = script.tree.root_node
    for read in reads:
        name = read.group(2).decode()
        if not read.group(1) and name in _NOT_REGISTRIES:
            continue  # `window.tt`: the rule's plain read
        node = root.descendant_for_byte_range(read.end() - 2, read.end())
        while node is not None and node.type not in ("member_expression", "subscript_expression"):
            node = node.parent
        holder = node.child_by_field_name("object") if node is not None else None
        if node is None or holder is None or holder.start_byte != read.start():
            continue
        key = node.child_by_field_name("property") or node.child_by_field_name("index")
        if key is None or (literal_string(script, key) if key.type == "string" else script.source(key)) not in NAMES:
            continue
        holder = unwrap(holder)
        if read.group(1):
            this = holder.child_by_field_name("object") if holder.type == "member_expression" else None
            owner = _owner(this, owners) if this is not None and script.source(this) in ("this", "_this") else None
            if owner is not None and _field_given_global(script, owner, name, fields, 3):
                found.add((node.start_byte, node.end_byte))
        elif holder.type == "identifier":
            if name not in bindings:
                bindings[name] = _bindings(script, name)
            if _resolved(bindings[name], holder):
                found.add((node.start_byte, node.end_byte))
    result = frozenset(found)
    script.__dict__["_given_global_reads"] = result
    return result


def _given_names(data: bytes) -> set[str]:
    """The names the text shows given the global object (`_host = globalThis as any` gives `_host`)."""
    names = set()
    for given in _GIVEN_GLOBAL.finditer(data):
        before = _GIVEN_NAME.search(data, max(0, given.start() - 120), given.start())
        if before is not None:
            names.add(before.group(1).decode())
        start = max(data.rfind(b"\n", max(0, given.start() - 400), given.start()) + 1, given.start() - 400, 0)
        piece = data[start : given.start()].rsplit(b";", 1)[-1]
        # the statement starts at the piece's start or after a `{`, `(` or `,` (`class P { _host: T = ...`): the first that reads
        for at in [0, *(i + 1 for i, c in enumerate(piece) if c in b"{(,")]:
            line = _GIVEN_LINE.match(piece, at)
            if line is not None:
                names.add(line.group(1).decode())
                break
    return names


def _owner(this: Node, owners: dict[tuple[int, int, str], Node | None]) -> Node | None:
    """The class (_class_body) a `this` belongs to, found once for each function or class body holding reads."""
    anchor = this.parent
    while anchor is not None and anchor.type != "class_body" and anchor.type not in _ES5_FUNCTIONS:
        anchor = anchor.parent
    if anchor is None:
        return None
    key = (anchor.start_byte, anchor.end_byte, anchor.type)
    if key not in owners:
        owners[key] = _class_body(anchor)
    return owners[key]


def _field_given_global(script: Script, owner: Node, field: str, fields: dict[tuple[int, int], dict[str, bool | None]], depth: int) -> bool:
    """Whether the field of the class is the global object; one the class does not set is its base class's (a class
    the module declares, `depth` levels up)."""
    span = (owner.start_byte, owner.end_byte)
    if span not in fields:
        fields[span] = _fields_given(script, owner)
    given = fields[span].get(field)
    if given is not None:
        return given
    cls = owner.parent
    if depth <= 0 or owner.type != "class_body" or cls is None or (base := _extended(script, cls)) is None:
        return False
    body = base.child_by_field_name("body")
    return body is not None and _field_given_global(script, body, field, fields, depth - 1)


def _fields_given(script: Script, owner: Node) -> dict[str, bool | None]:
    """Each instance field of the class (its body, or an ES5 class's block): whether it is the global object (its
    initialiser, or the constructor's assignments when it makes any, all the global object, and no assignment
    elsewhere); None for a field the class does not set. One walk of the class."""
    initial: dict[str, list[Node]] = {}
    constructed: dict[str, list[Node]] = {}
    changed: set[str] = set()
    for node in descendants(owner):
        kind = node.type
        if kind in ("field_definition", "public_field_definition") and node.parent == owner:
            name = node.child_by_field_name("property") or node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if name is not None and value is not None and not any(child.type == "static" for child in node.children):
                initial.setdefault(script.source(name), []).append(value)
        elif kind in ("assignment_expression", "augmented_assignment_expression"):
            left = node.child_by_field_name("left")
            this = left.child_by_field_name("object") if left is not None and left.type == "member_expression" else None
            prop = left.child_by_field_name("property") if left is not None else None
            if this is None or prop is None or script.source(this) not in ("this", "_this"):
                continue
            value = node.child_by_field_name("right")
            if kind == "assignment_expression" and value is not None and _in_constructor(node, owner):
                constructed.setdefault(script.source(prop), []).append(value)
            else:
                changed.add(script.source(prop))
    given: dict[str, bool | None] = dict.fromkeys(changed, False)
    for name in {*initial, *constructed} - changed:
        values = constructed.get(name) or initial[name]  # the constructor's assignment replaces the initialiser
        given[name] = all(_global_text(script, value) for value in values)
    return given


def _extended(script: Script, cls: Node) -> Node | None:
    """The class declaration of this module that the class extends (`class P extends Base`), if any."""
    heritage = next((child for child in cls.named_children if child.type == "class_heritage"), None)
    if heritage is None:
        return None
    base = heritage.named_children[0] if heritage.named_child_count else None
    if base is not None and base.type == "extends_clause":  # TypeScript's
        base = base.child_by_field_name("value")
    return _class_declarations(script).get(script.source(base)) if base is not None and base.type == "identifier" else None


def _bindings(script: Script, name: str) -> dict[tuple[int, int, str], list[bool]]:
    """The scopes binding `name` in the script (by span and kind), each with whether its bindings are the global
    object (a const, or a let/var never assigned, given it): declarations, parameters (plain, destructured, with a
    default), catch and for-of names, functions and classes so named."""
    root = script.tree.root_node
    found: dict[tuple[int, int, str], list[bool]] = {}
    uses = list(identifier_uses(script, name))
    for match in re.finditer(rb"[{,]\s*(" + re.escape(name.encode()) + rb")\s*(?=[,}=])", script.data):  # `{ host }`, `{ a, host = 1 }`
        node = root.descendant_for_byte_range(match.start(1), match.end(1))
        if node is not None and node.type == "shorthand_property_identifier_pattern" and node.start_byte == match.start(1) and node.end_byte == match.end(1):
            uses.append(node)
    assigned: list[Node] | None = None
    for use in uses:
        if use.type not in ("identifier", "shorthand_property_identifier_pattern"):
            continue
        bound = _binding(use)
        if bound is None:
            continue
        scope, declarator = bound
        value = declarator.child_by_field_name("value") if declarator is not None else None
        given = value is not None and _global_text(script, value)
        declaration = declarator.parent if declarator is not None else None
        first = declaration.child(0) if declaration is not None else None
        if given and (first is None or first.type != "const"):
            if assigned is None:
                assigned = [use for use in uses if use.type == "identifier" and _assigned(use)]
            given = not any(scope.start_byte <= a.start_byte < scope.end_byte for a in assigned)  # a let/var assigned again
        found.setdefault((scope.start_byte, scope.end_byte, scope.type), []).append(given)
    return found


def _binding(name: Node) -> tuple[Node, Node | None] | None:
    """(the scope, the declarator when a plain `name = value` one) when the identifier declares a binding there."""
    top: Node = name
    while (parent := top.parent) is not None and parent.type in _PATTERNS:
        if parent.type in ("assignment_pattern", "object_assignment_pattern") and parent.child_by_field_name("right") == top:
            return None  # a default value: a use
        top = parent
    parent = top.parent
    if parent is None:
        return None
    kind = parent.type
    if kind == "variable_declarator" and parent.child_by_field_name("name") == top:
        declaration = parent.parent
        if declaration is None or _ambient(declaration):
            return None
        kinds = _LEXICAL_SCOPES if declaration.type == "lexical_declaration" else FUNCTION_TYPES | {"program"}
        scope = _enclosing(declaration, kinds)
        return (scope, parent if top == name else None) if scope is not None else None
    if kind == "formal_parameters" or (kind in ("required_parameter", "optional_parameter") and parent.child_by_field_name("pattern") == top):
        scope = _enclosing(parent, FUNCTION_TYPES)
        return (scope, None) if scope is not None else None
    if kind in ("arrow_function", "catch_clause") and parent.child_by_field_name("parameter") == top:
        return parent, None
    if kind == "for_in_statement" and parent.child_by_field_name("left") == top:
        var = (declared := parent.child_by_field_name("kind")) is not None and declared.type == "var"
        scope = _enclosing(parent, FUNCTION_TYPES | {"program"}) if var else parent  # `for (var x of ...)`: its function's
        return (scope, None) if scope is not None else None
    if kind in ("function_declaration", "generator_function_declaration", *_CLASS_DECLARATIONS) and parent.child_by_field_name("name") == top:
        scope = _enclosing(parent, _LEXICAL_SCOPES)
        return (scope, None) if scope is not None else None
    if kind in ("function_expression", "function", "generator_function", "class") and parent.child_by_field_name("name") == top:
        return parent, None
    if kind in ("import_specifier", "import_clause", "namespace_import"):
        scope = _enclosing(parent, frozenset({"program"}))
        return (scope, None) if scope is not None else None
    return None


def _resolved(bindings: dict[tuple[int, int, str], list[bool]], use: Node) -> bool:
    """Whether the binding `use` resolves to (in the innermost scope around it binding the name) is the global
    object; not when that scope binds the name twice."""
    scope = use.parent
    while scope is not None:
        found = bindings.get((scope.start_byte, scope.end_byte, scope.type))
        if found is not None:
            return found == [True]
        scope = scope.parent
    return False


def _global_text(script: Script, value: Node) -> bool:
    """`globalThis`, `<any>window`, `(GameGlobal as any)`, when the script does not bind that name itself there."""
    value = unwrap(value)
    while value.type in ("as_expression", "satisfies_expression", "non_null_expression", "type_assertion") and value.named_child_count:
        value = unwrap(value.named_children[0] if value.type != "type_assertion" else value.named_children[-1])
    text = script.source(value)
    return value.type == "identifier" and text in _GLOBAL_OBJECTS and not bound_locally(script, value, text)


def _shadowed_import(script: Script, member: Node) -> bool:
    """Whether the head of `X.y` is a local binding (a parameter, a variable) rather than the imported X."""
    head = member
    while head.type == "member_expression" and (inner := head.child_by_field_name("object")) is not None:
        head = inner
    if head.type != "identifier":
        return False
    name = script.source(head)
    for use in identifier_uses(script, name):  # a binding of the name in a scope around `member` other than the module's own
        scope = _binding_scope(use)
        if scope is not None and scope.type != "program" and scope.start_byte <= member.start_byte < scope.end_byte:
            return True
    return False


def _imported_namespaces(script: Script, root: str) -> dict[str, frozenset[str]]:
    """The names the script imports from one of the project's modules that exports the games namespace under them
    (`export let tt = window["tt"]`, `export let platform = typeof tt !== 'undefined' ? tt : wx`, `export let cp =
    new Stub(); if (tt) cp = tt`), one hop: `import { tt, cp } from './platform'`, or its default; each with the
    members that module sets on it (`cp.share = cp.shareAppMessage`: the game's own, not the SDK's)."""
    if not script.imports or (b"import" not in script.data and b"require" not in script.data):
        return {}
    found: dict[str, frozenset[str]] = {}
    files = None
    required = script.required_names()
    for spec, exported, local in script.imported_names():
        files = files or _Files(root)
        path = resolve_require(files, script.path, spec)  # a package is not the game's own module: None
        exports = _module_namespaces(root, path) if path is not None and path != script.path else {}
        if path is None or not exports:
            continue
        if exported in exports:
            found[local] = exports[exported]
            note_read(path)
        for name, patched in exports.items():  # `import { Platform } from './platform'`: Platform.api holds the SDK
            if name.startswith(exported + ".") and not name.endswith("()"):
                found[local + name[len(exported) :]] = patched
                note_read(path)
        for name, patched in exports.items():  # `import { getApi } from './platform'`, `import { EnvTool }`: EnvTool.getMiniGameApi()
            if name.endswith("()") and (name == exported + "()" or name.startswith(exported + ".")):
                found[local + name[len(exported) :]] = patched
                note_read(path)
        if exported == "default" and (spec, exported, local) in required:  # `const P = require('Platform'); P.api.x()`
            for name, patched in exports.items():
                if name.startswith("."):
                    found[local + name] = patched
                    note_read(path)
    return found


def _module_namespaces(root: str, path: str) -> dict[str, frozenset[str]]:
    """The names under which a project module exports the games namespace, once per file version per process. A name
    counts when some top-level declaration or assignment gives it tt or wx (`window["tt"]`, a bare tt/wx the module does
    not declare, or another such name of the module's); with one holding tt among them, the names given only wx are
    WeChat's branch (`export let wx = window["wx"]` beside `tt`, set to null when tt exists) and do not count."""

    def read(text: str) -> dict[str, frozenset[str]]:
        if "export" in text and (_names_namespace(text) or _imported_holder(text)):
            if path in _READING or len(_READING) >= _MAX_READING:
                _INCOMPLETE.update(_READING)  # a cycle, or a chain too deep: what the modules being read find is partial
                return {}
            scripts = scripts_in(path, text)
            if len(scripts) == 1 and scripts[0].too_complex is None:
                _READING.add(path)  # a module importing this one back is not read again meanwhile
                try:
                    return _exported_namespaces(scripts[0], root)
                finally:
                    _READING.discard(path)
        return {}

    found = _per_version(_EXPORTS, root, path, read)
    if path in _INCOMPLETE:  # partial (read inside a cycle): not kept, so the order modules are linted in does not matter
        _INCOMPLETE.discard(path)
        full = os.path.join(root, path)
        for key in [key for key in _EXPORTS if key[0] == full]:
            del _EXPORTS[key]
    return found


def _exported_namespaces(module: Script, root: str | None = None) -> dict[str, frozenset[str]]:
    values: dict[str, list[Node]] = {}  # a top-level variable: the values it is ever given
    functions: dict[str, Node] = {}  # a top-level function: its node (`function getApi() {...}`, `const getApi = () => ...`)
    patched: dict[str, set[str]] = {}  # and the members the module sets on it (`cp.share = ...`)
    exported: dict[str, str] = {}  # exported name -> local name
    classes: dict[str, Node] = {}  # a top-level class: its declaration
    getters: set[str] = set()  # the static getters among functions (`Platform.api`, read with no call)
    for node in module.tree.root_node.named_children:
        statement = node
        if node.type == "export_statement":
            for clause in (c for c in node.named_children if c.type == "export_clause"):
                if node.child_by_field_name("source") is not None:
                    break  # a re-export: not followed
                for specifier in clause.named_children:
                    names = [module.source(c) for c in specifier.named_children if c.type == "identifier"]
                    if specifier.type == "export_specifier" and names:
                        exported[names[-1]] = names[0]
            value = node.child_by_field_name("value")
            if value is not None and any(c.type == "default" for c in node.children) and unwrap(value).type == "identifier":
                exported["default"] = module.source(unwrap(value))
            elif value is not None and any(c.type == "default" for c in node.children) and unwrap(value).type in ("new_expression", "object"):
                values["<default>"] = [value]  # `export default new PlatformService()`, `export default { api: tt }`: its members
                exported["default"] = "<default>"
            declaration = node.child_by_field_name("declaration")
            if declaration is None:
                continue
            statement = declaration
        if statement.type == "function_declaration":
            function_name = statement.child_by_field_name("name")
            if function_name is not None:
                functions[module.source(function_name)] = statement
                if statement is not node:
                    exported[module.source(function_name)] = module.source(function_name)
                    if any(c.type == "default" for c in node.children):  # `export default function getApi() {...}`
                        exported["default"] = module.source(function_name)
        if statement.type in ("class_declaration", "abstract_class_declaration"):  # `export class EnvTool { static getMiniGameApi() { ... } }`
            class_name, class_body = statement.child_by_field_name("name"), statement.child_by_field_name("body")
            if class_name is not None:
                classes[module.source(class_name)] = statement
            for class_member in class_body.named_children if class_name is not None and class_body is not None else ():
                method_key = class_member.child_by_field_name("name") if class_member.type == "method_definition" else None
                if method_key is not None and any(child.type == "static" for child in class_member.children):
                    static = f"{module.source(class_name)}.{module.source(method_key)}"  # type: ignore[arg-type]
                    functions[static] = class_member
                    if any(child.type == "get" for child in class_member.children):  # `static get api() {...}`: read as `Platform.api`
                        getters.add(static)
            if class_name is not None and statement is not node:
                exported[module.source(class_name)] = module.source(class_name)
                if any(c.type == "default" for c in node.children):  # `export default class Platform { static get api() ... }`
                    exported["default"] = module.source(class_name)
        if statement.type in ("lexical_declaration", "variable_declaration"):
            for declarator in statement.named_children:
                name, value = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
                if declarator.type == "variable_declarator" and name is not None and name.type == "identifier":
                    values.setdefault(module.source(name), [])
                    if value is not None:
                        values[module.source(name)].append(value)
                        if value.type in ("arrow_function", "function_expression", "function"):
                            functions[module.source(name)] = value
                    if statement is not node:
                        exported[module.source(name)] = module.source(name)
    for key, given in module.commonjs_exports():  # `module.exports = { api: api }`, `exports.api = tt`
        given = unwrap(given)
        if key == "default" and given.type == "object":
            continue  # its members come as names of their own
        held_name = module.source(given)
        if held_name not in values or given.type not in ("identifier", "shorthand_property_identifier"):
            held_name = "<exports>." + key
            values[held_name] = [given]
        exported[key] = held_name  # `const { api } = require(...)`, `require(...).api`
        if key != "default":
            exported["." + key] = held_name  # `const P = require(...); P.api.x()`
    if not exported:
        return {}
    for node in descendants(module.tree.root_node):  # `if (tt) { cp = tt; wx = null; }`
        if node.type == "assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            target = left.child_by_field_name("object") if left is not None and left.type == "member_expression" else None
            member = left.child_by_field_name("property") if left is not None and target is not None else None
            if target is not None and member is not None and target.type == "identifier" and module.source(target) in values:
                patched.setdefault(module.source(target), set()).add(module.source(member))
            if left is not None and right is not None and left.type == "identifier" and module.source(left) in values:
                if _in_function_declaring(module, node, module.source(left)):
                    continue  # a local or parameter of the same name
                values[module.source(left)].append(right)

    which: dict[str, set[str]] = {}

    def namespaces(name: str, depth: int) -> set[str]:
        if name in which:
            return which[name]
        which[name] = set()  # cycles
        held: set[str] = set()
        for value in values.get(name, ()):
            value = unwrap(value)
            if value.type == "identifier" and module.source(value) in values and depth < 3:
                held |= namespaces(module.source(value), depth + 1)
                continue
            if value.type == "ternary_expression":  # `typeof tt !== 'undefined' ? tt : wx`
                parts = [value.child_by_field_name("consequence"), value.child_by_field_name("alternative")]
            else:
                parts = [value]
            for part in parts:
                part = unwrap(part) if part is not None else None
                if part is None:
                    continue
                if part.type == "identifier" and module.source(part) in values and depth < 3:
                    held |= namespaces(module.source(part), depth + 1)
                    continue
                one = _namespace_of(module, part)
                if one is not None:
                    held.add(one)
        which[name] = held
        return held

    held = {name: namespaces(local, 0) for name, local in exported.items() if local in values}
    for export_name, local in list(exported.items()):  # `export function getApi() { if (typeof tt !== 'undefined') return tt; ... }`
        for defined, function in functions.items():
            if defined == local or defined.startswith(local + "."):  # the function, or a static method of the class
                held[export_name + defined[len(local) :] + ("" if defined in getters else "()")] = _function_namespaces(
                    module, function, lambda value: namespaces(value, 1) if value in values else set()
                )

    def held_by(value: str) -> set[str]:
        return namespaces(value, 1) if value in values else set()

    for export_name, local in list(exported.items()):  # `export const Platform = new PlatformService()`, `= { api: tt }`
        if export_name.startswith("."):
            continue  # CommonJS's `exports.api`: its own entry above
        for member, kinds in _instance_members(module, values.get(local, []), classes, functions, held_by, root).items():
            if member in patched.get(local, ()):
                continue  # `Platform.api = new Wrap()` later in the module: not what it was first given
            held[f"{export_name}.{member}"] = kinds
            named = _member_value_name(module, values.get(local, []), member)
            if named is not None:
                exported.setdefault(f"{export_name}.{member}", named)  # `{ api: sdk }` with `sdk.x = ...`: its patched members
    tiktok = any("tt" in kinds for kinds in held.values())
    return {name: frozenset(patched.get(exported.get(name, ""), ())) for name, kinds in held.items() if ("tt" in kinds if tiktok else bool(kinds))}


def _member_value_name(module: Script, given: list[Node], member: str) -> str | None:
    """The module variable an object literal's entry names (`{ api: sdk }`, `{ sdk }`), if it is one."""
    for value in given:
        value = unwrap(value)
        for entry in value.named_children if value.type == "object" else ():
            key = entry.child_by_field_name("key") if entry.type == "pair" else entry if entry.type == "shorthand_property_identifier" else None
            if key is None or property_key(module, key) != member:
                continue
            named = unwrap(entry.child_by_field_name("value") or entry) if entry.type == "pair" else entry
            if named.type in ("identifier", "shorthand_property_identifier"):
                return module.source(named)
    return None


def _own_nodes(node: Node | None) -> list[Node]:
    """The nodes under `node`, not entering a function or class defined in it (an arrow function's `this` is the
    enclosing one: entered)."""
    found: list[Node] = []
    stack = list(node.named_children) if node is not None else []
    while stack:
        current = stack.pop()
        found.append(current)
        if (current.type in FUNCTION_TYPES and current.type != "arrow_function") or current.type in ("class", "class_declaration"):
            continue
        stack.extend(current.named_children)
    return found


def _imported_function_holds(module: Script, local: str, root: str) -> set[str]:
    """{"tt"} when `local` is a function the module imports from a project module that exports it as returning the
    games namespace (`export function getNativePlatformApi(p) { if (p === 'douyin') return tt; ... }`)."""
    for spec, exported, name in module.imported_names():
        if name != local:
            continue
        path = resolve_require(_Files(root), module.path, spec)
        if path is not None and path != module.path and f"{exported}()" in _module_namespaces(root, path):
            note_read(path)
            return {"tt"}
    return set()


def _instance_members(
    module: Script, given: list[Node], classes: dict[str, Node], functions: dict[str, Node], held_by: Callable[[str], set[str]], root: str | None
) -> dict[str, set[str]]:
    """The members holding tt/wx of what a module-level variable is given: an object literal's entries (`{ api: tt }`),
    or an instance of a class of the module (`new PlatformService()`, also kept on the global object first, `_g.__ps =
    new PlatformService(); export const Platform = _g.__ps`): its fields (a class field, a constructor's `this.f = ...`)
    and its getters returning one (`get api() { return this._api; }`). Member -> the namespaces."""

    def kinds_of(expression: Node | None) -> set[str]:
        if expression is None:
            return set()
        expression = unwrap(expression)
        if expression.type == "ternary_expression":
            return kinds_of(expression.child_by_field_name("consequence")) | kinds_of(expression.child_by_field_name("alternative"))
        operator = expression.child_by_field_name("operator") if expression.type == "binary_expression" else None
        if operator is not None and operator.type in ("||", "??"):
            return kinds_of(expression.child_by_field_name("left")) | kinds_of(expression.child_by_field_name("right"))
        if expression.type == "identifier" and (held := held_by(module.source(expression))):
            return held
        callee = expression.child_by_field_name("function") if expression.type == "call_expression" else None
        if callee is not None and callee.type == "identifier" and module.source(callee) in functions:
            return _function_namespaces(module, functions[module.source(callee)], held_by)
        if callee is not None and callee.type == "identifier" and root is not None:  # an imported function returning the SDK
            return _imported_function_holds(module, module.source(callee), root)
        one = _namespace_of(module, expression)
        return {one} if one is not None else set()

    members: dict[str, set[str]] = {}
    for value in given:
        value = unwrap(value)
        if value.type == "member_expression":  # `_g.__ps`: what the module assigns it
            text = re.sub(r"\s+", "", module.source(value))
            for node in descendants(module.tree.root_node):
                left = node.child_by_field_name("left") if node.type == "assignment_expression" else None
                right = node.child_by_field_name("right") if left is not None else None
                if left is not None and right is not None and re.sub(r"\s+", "", module.source(left)) == text and unwrap(right).type == "new_expression":
                    value = unwrap(right)
                    break
        if value.type == "object":
            for entry in value.named_children:
                if entry.type == "pair" and (key := entry.child_by_field_name("key")) is not None:
                    kinds = kinds_of(entry.child_by_field_name("value"))
                elif entry.type == "shorthand_property_identifier":
                    key, kinds = entry, kinds_of(entry)
                else:
                    continue
                if kinds:
                    members.setdefault(property_key(module, key), set()).update(kinds)
        constructor = value.child_by_field_name("constructor") if value.type == "new_expression" else None
        cls = classes.get(module.source(constructor)) if constructor is not None and constructor.type == "identifier" else None
        body = cls.child_by_field_name("body") if cls is not None else None
        if body is None:
            continue
        fields: dict[str, set[str]] = {}
        getters: list[tuple[str, Node]] = []
        for member in body.named_children:
            name_node = member.child_by_field_name("property") or member.child_by_field_name("name")
            if name_node is None or any(child.type == "static" for child in member.children):
                continue  # a static member is the class's, not the instance's
            name = module.source(name_node)
            if member.type in ("field_definition", "public_field_definition"):
                fields.setdefault(name, set()).update(kinds_of(member.child_by_field_name("value")))
            elif member.type == "method_definition" and name == "constructor":
                for node in _own_nodes(member.child_by_field_name("body")):  # not a nested function's `this`
                    left = node.child_by_field_name("left") if node.type == "assignment_expression" else None
                    target = left.child_by_field_name("object") if left is not None and left.type == "member_expression" else None
                    field = left.child_by_field_name("property") if left is not None and target is not None and target.type == "this" else None
                    if field is not None:
                        fields.setdefault(module.source(field), set()).update(kinds_of(node.child_by_field_name("right")))
            elif member.type == "method_definition" and any(child.type == "get" for child in member.children):
                getters.append((name, member))
        for name, getter in getters:
            returned = _function_namespaces(module, getter, held_by)
            for node in descendants(getter):  # `return this._api;`
                if node.type == "return_statement" and node.named_child_count:
                    read = unwrap(node.named_children[0])
                    if read.type == "member_expression" and (obj := read.child_by_field_name("object")) is not None and obj.type == "this":
                        returned |= fields.get(module.source(read.child_by_field_name("property") or read), set())
            fields.setdefault(name, set()).update(returned)
        for name, kinds in fields.items():
            if kinds:
                members.setdefault(name, set()).update(kinds)
    return members


def _local_value(module: Script, function: Node, name: str) -> Node | None:
    """The value of the function's own `const name = ...` (its one declaration in the function), or None."""
    body = function.child_by_field_name("body")
    found = []
    for node in descendants(body) if body is not None else ():
        declared = node.child_by_field_name("name") if node.type == "variable_declarator" else None
        if declared is not None and module.source(declared) == name:
            found.append(node.child_by_field_name("value"))
    return found[0] if len(found) == 1 else None


def _function_namespaces(module: Script, function: Node, held_by: Callable[[str], set[str]], value: bool = False) -> set[str]:
    """tt/wx a function returns (its own returns, or an arrow's expression body): the namespace itself, a ternary's
    branches, each side of `||` (`window.wx || window.tt`), a local of the function, or a top-level variable of the
    module holding it (`held_by`). `value`: `function` is an expression, valued as a return would be."""
    body = function if value else function.child_by_field_name("body")
    if body is None:
        return set()
    returned = (
        [body]
        if value or body.type != "statement_block"
        else [
            node.named_children[0]
            for node in descendants(body)
            if node.type == "return_statement" and node.named_child_count and _own_function(node) == function
        ]
    )
    kinds: set[str] = set()
    for returned_value in returned:
        for part in _alternatives(unwrap(returned_value)):
            part = unwrap(part) if part is not None else None
            if part is None:
                continue
            if part.type == "identifier" and module.source(part) not in NAMES:
                local = _local_value(module, function, module.source(part)) if not value else None  # `const api = window.wx || window.tt; return api;`
                kinds |= held_by(module.source(part)) if local is None else _function_namespaces(module, local, held_by, value=True)
                continue
            one = _namespace_of(module, part)
            if one is not None:
                kinds.add(one)
    return kinds


def _alternatives(value: Node) -> list[Node | None]:
    """What an expression may be: a ternary's branches, each side of `||`/`??` (`window.wx || window.tt || null`)."""
    if value.type == "ternary_expression":
        return [value.child_by_field_name("consequence"), value.child_by_field_name("alternative")]
    if value.type == "binary_expression":
        operator = value.child_by_field_name("operator")
        left, right = value.child_by_field_name("left"), value.child_by_field_name("right")
        if operator is not None and operator.type in ("||", "??") and left is not None and right is not None:
            return [*_alternatives(unwrap(left)), *_alternatives(unwrap(right))]
    return [value]


def _in_function_declaring(module: Script, node: Node, name: str) -> bool:
    """Is the node inside a function that declares `name` itself (a parameter or a local)?"""
    function = node.parent
    while function is not None:
        if function.type in FUNCTION_TYPES:
            parameters = function.child_by_field_name("parameters")
            if parameters is not None and any(module.source(use) == name for use in descendants(parameters) if use.type == "identifier"):
                return True
            body = function.child_by_field_name("body")
            for use in descendants(body) if body is not None else ():
                if use.type == "variable_declarator":
                    declared = use.child_by_field_name("name")
                    if declared is not None and module.source(declared) == name:
                        return True
        function = function.parent
    return False
