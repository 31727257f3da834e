"""MN2xx: how the page uses login and authorize (TikTok's integration guidance)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from ...source.javascript import Script, scripts_in
from ...source.sdk import INIT, init_calls
from ...source.syntax import (
    FUNCTION_TYPES,
    Call,
    concatenation,
    constant_text,
    descendants,
    dotted_name,
    enclosing_function,
    identifier_uses,
    literal_string,
    member_property,
    negated,
    object_property,
    property_key,
    unwrap,
)
from ...tiktok import API_HOST, USER_INFO_PATH, sdk_kind
from ..constants import exact_string_values
from ..context import FileContext, Finding, PageContext
from ..guards import _declared_in_scope, runs_outside_tiktok
from ..model import Example, Scope, Severity
from .registry import ASSIGN, GAP, NAME_END, fragments, rule, strings_mentioning, words
from .sdk import GOOD_INIT, INIT_ONLY, SDK_TAG, is_top_level, page_html

if TYPE_CHECKING:
    from tree_sitter import Node

LOGIN_CALLS = ("TTMinis.login", "TTMinis.game.login")
_LAYA_GLOBAL = re.compile(r"^(?:Laya\.)?(?:Browser|MiniAdpter|TTMiniAdapter)\.window\.")
AUTHORIZE_CALLS = ("TTMinis.authorize", "TTMinis.game.authorize")
USER_EVENTS = frozenset(
    {
        "click",
        "dblclick",
        "tap",
        "touchstart",
        "touchend",
        "pointerdown",
        "pointerup",
        "mousedown",
        "mouseup",
        "submit",
        "keydown",
        "keyup",
        "keypress",
        "change",
        "input",
    }
)
LOAD_EVENTS = frozenset({"domcontentloaded", "load", "readystatechange", "pageshow"})
STORAGE_SETTERS = ("localStorage.setItem", "sessionStorage.setItem")
# A write to web storage, a cookie or IndexedDB: setItem, an assignment to a storage property or to
# document.cookie, any subscript of a storage object, or IndexedDB in the file.
STORAGE_WRITE = (
    *words("setItem", "indexedDB"),
    *words("localStorage", "sessionStorage", then=rf"{NAME_END}(?:\[|(?:(?:\?\.|\.){GAP}[\w$]+{NAME_END})+{ASSIGN})"),
    *words("cookie", then=rf"{NAME_END}{ASSIGN}"),
)


def _event_of_handler(script: Script, function: Node) -> str | None:
    """ "user", "load", "sdk" (an init/login callback), "transparent" (called at once / timers) or None (unknown)."""
    parent = function.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is None:
        return None
    if parent.type == "pair":  # { success: function () {...} }
        function, parent = parent, parent.parent
    if parent is not None and parent.type == "object" and parent.parent is not None and parent.parent.type == "arguments":
        call = parent.parent.parent
        callee = call.child_by_field_name("function") if call is not None else None
        name = dotted_name(callee) if callee is not None else None
        return "sdk" if name in (INIT,) + LOGIN_CALLS else None
    if parent is None:
        return None
    if parent.type == "call_expression":
        callee_node = parent.child_by_field_name("function")
        if callee_node is not None and callee_node.start_byte <= function.start_byte < callee_node.end_byte:
            return "transparent"  # an IIFE runs where it stands
        return None
    if parent.type == "arguments":
        call = parent.parent
        callee = call.child_by_field_name("function") if call is not None else None
        name = dotted_name(callee) if callee is not None else None
        if name is None:
            return None
        last = name.rsplit(".", 1)[-1]
        if last in ("addEventListener", "on") and parent.named_children:
            event = literal_string(script, parent.named_children[0]) or ""
            if event.lower() in LOAD_EVENTS:
                return "load"
            return "user" if event.lower() in USER_EVENTS else None
        if name in (INIT,) + LOGIN_CALLS:
            return "sdk"
        if last in ("setTimeout", "setInterval", "requestAnimationFrame", "queueMicrotask", "then", "ready"):
            return "transparent"
        return None
    if parent.type == "assignment_expression":
        left = parent.child_by_field_name("left")
        target = ((dotted_name(left) if left is not None else None) or "").rsplit(".", 1)[-1].lower()
        if target in ("onload", "ondomcontentloaded", "onpageshow"):
            return "load"
        if target.startswith("on") and target[2:] in USER_EVENTS:
            return "user"
        return None
    if parent.type in ("jsx_expression",):
        return "user"
    return None


def _runs_on_load(script: Script, node: Node) -> str | None:
    """Why a call runs without a user action ("at top level", "in a load handler"...), or None."""
    function = enclosing_function(node)
    while function is not None:
        kind = _event_of_handler(script, function)
        if kind == "transparent":
            function = enclosing_function(function)
            continue
        if kind == "load":
            return "in a page-load handler"
        if kind == "sdk":
            return "in a TTMinis.init/login callback"
        return None  # a user action, or a named function we cannot trace: benefit of the doubt
    return "at the top level of a script"


@rule(
    "MN201",
    "sdk-call-before-init",
    "E",
    Scope.PAGE,
    summary="A TTMinis call runs before TTMinis.init.",
    rationale="Every SDK method fails until init has run; a login in a script above the init (or above it in the same script) fails on every load.",
    fix="Move TTMinis.init into the first script after the SDK tag, before any other TTMinis call.",
    bad=Example(
        {
            "index.html": page_html(
                SDK_TAG
                + '  <script>\n    TTMinis.login(function (res) { if (res.error) return; });\n    TTMinis.init({ clientKey: "awexample123" });\n  </script>\n'
            )
        }
    ),
    good=Example(
        {
            "index.html": page_html(
                SDK_TAG
                + '  <script>\n    TTMinis.init({ clientKey: "awexample123" });\n    TTMinis.login(function (res) { if (res.error) return; });\n  </script>\n'
            )
        }
    ),
    autofix_note="moving a call after init reorders your code's start-up: a change to review",
    calls=("init",),
)
def sdk_call_before_init(ctx: PageContext) -> Iterator[Finding]:
    inits = [(ps, script, call) for ps, script in ctx.code for call in script.calls_to(INIT)]
    if not inits:
        return
    init_ps, init_script, init_call = inits[0]
    init_key = (init_ps.execution_key, init_call.node.start_byte)
    for ps, script in ctx.code:
        for call in script.calls:
            if not call.callee.startswith("TTMinis.") or call.callee == INIT or call.is_new:
                continue
            if not is_top_level(call.node):
                continue
            same_script = script is init_script
            before = (ps.execution_key, call.node.start_byte) < init_key if same_script else ps.execution_key < init_ps.execution_key
            if before:
                yield Finding(
                    script.span(call.node),
                    f"{call.callee} runs before TTMinis.init ({init_script.path}:{init_script.span(init_call.node).line})",
                    path=script.path,
                )


@rule(
    "MN202",
    "authorize-on-load",
    "W",
    Scope.FILE,
    summary="TTMinis.authorize runs on page load instead of from a user action.",
    rationale="TikTok's guidance: silent login on entry, and ask for more (authorize shows a consent "
    "dialog) only when the user asks for something that needs it, such as a 'Show my profile' button.",
    fix="Call authorize from a click/tap/submit handler.",
    bad=Example(
        {
            "index.html": page_html(
                SDK_TAG
                + GOOD_INIT
                + "  <script>\n    TTMinis.login({ success: sendCodeToBackend, fail: showFallback });\n    TTMinis.authorize({ scope: 'user.info.basic', "
                "success: showProfile, fail: showFallback });\n  </script>\n"
            )
        }
    ),
    good=Example(
        {
            "index.html": page_html(
                SDK_TAG + GOOD_INIT,
                '  <button id="profile">Show my profile</button>\n  <script>\n    TTMinis.login({ success: sendCodeToBackend, fail: showFallback });\n    '
                "document.getElementById('profile').addEventListener('click', function () {\n      TTMinis.authorize({ scope: 'user.info.basic', success: "
                "showProfile, fail: showFallback });\n    });\n  </script>\n",
            )
        }
    ),
    triggers=words("authorize"),
    autofix_note="authorize must move behind a user action: which button is a design choice",
    calls=("authorize",),
)
def authorize_on_load(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for call in script.calls:
            if call.callee in AUTHORIZE_CALLS:
                why = _runs_on_load(script, call.node)
                if why:
                    yield Finding(script.span(call.node), f"{call.callee} is called {why}, not from a user action")


@rule(
    "MN203",
    "silent-login-missing",
    "W",
    Scope.PAGE,
    summary="The page uses authorize but never login.",
    rationale="Silent login (TTMinis.login) gives the open_id without any dialog; TikTok's flow is login "
    "on entry, authorize only for extra scopes. Authorize alone shows a consent dialog before the user knows the Mini.",
    fix="Call TTMinis.login on entry and send its code to your backend; keep authorize for the profile button.",
    bad=Example(
        {
            "index.html": page_html(
                SDK_TAG + INIT_ONLY,
                "  <script>\n    document.getElementById('profile').onclick = function () {\n      TTMinis.authorize({ success: showProfile, fail: "
                "showFallback });\n    };\n  </script>\n",
            )
        }
    ),
    good=Example(
        {
            "index.html": page_html(
                SDK_TAG + INIT_ONLY,
                "  <script>\n    TTMinis.login({ success: sendCodeToBackend, fail: showFallback });\n    document.getElementById('profile').onclick = "
                "function () {\n      TTMinis.authorize({ success: showProfile, fail: showFallback });\n    };\n  </script>\n",
            )
        }
    ),
    autofix_note="adding silent login means a backend exchange too: the template shows it, but it is your flow",
    calls=("login", "authorize"),
)
def silent_login_missing(ctx: PageContext) -> Iterator[Finding]:
    authorizes = [(script, call) for _, script in ctx.code for call in script.calls if call.callee in AUTHORIZE_CALLS]
    if authorizes and not _login_anywhere(ctx):
        script, call = authorizes[0]
        yield Finding(script.span(call.node), f"the page calls {call.callee} but never TTMinis.login (silent login first)", path=script.path)


def _reads_error(script: Script, function: Node) -> bool:
    for node in descendants(function):
        if node.type in ("identifier", "property_identifier", "shorthand_property_identifier_pattern", "shorthand_property_identifier") and node.text in (
            b"error",
            b"error_code",
            b"error_msg",
            b"err",
            b"errMsg",
        ):
            return True
    return False


def _handles_failure(script: Script, call: Call) -> bool:
    if "fail" in call.own_keys or "complete" in call.own_keys:
        return True  # a wrapper that adds its own fail (`callSdk('login')` rejecting its Promise): issue 30
    parent = call.node.parent
    # login(...).catch(...), await inside try, .then(ok, fail)
    while parent is not None and parent.type in ("member_expression", "await_expression", "parenthesized_expression", "call_expression"):
        if parent.type == "member_expression" and member_property(parent) in (b"catch", b"finally"):
            return True
        parent = parent.parent
    node = call.node.parent
    while node is not None and node.type not in FUNCTION_TYPES:
        if node.type == "try_statement":
            return True
        node = node.parent
    for arg in call.args:
        if arg.type == "identifier":
            # the options held in a variable (`let opts = { scope, success, fail }; tt.authorize(opts)`: held-out round 8)
            binding = _binding(script, arg)
            if binding is not None and binding[0] == "value" and binding[1].type == "object":
                arg = binding[1]
        if arg.type == "object":
            if object_property(script, arg, "fail") is not None:
                return True
            # a game's `tt.login({ success })` calls success only when it succeeded: reading errMsg there handles
            # nothing (round 9: `wx.login({ success: (res) => log(res.errMsg) })` left the login's Promise pending)
            for name in ("complete",) if call.callee.startswith("TTMinis.game.") else ("complete", "success"):
                handler = object_property(script, arg, name)
                if handler is not None and handler.type in FUNCTION_TYPES and _reads_error(script, handler):
                    return True
        elif arg.type in FUNCTION_TYPES and (_reads_error(script, arg) or _branches_on_result(arg)):
            return True
    return False


_RESULT_FIELDS = (b"authResponse", b"code")


def _branches_on_result(function: Node) -> bool:
    """The callback tests the result and has a way for its absence, as TikTok's login page does (`if
    (response.authResponse?.code) { ... } else { /* other errors or deauthorization: authResponse is null */ }`): an
    if with an else, a negated test (`if (!res.authResponse) return fail()`), or a ?: on authResponse or its code."""
    for node in descendants(function):
        if node.type == "if_statement":
            condition = node.child_by_field_name("condition")
            if condition is not None and _reads_result(condition) and (node.child_by_field_name("alternative") is not None or negated(condition)):
                return True
        elif node.type == "ternary_expression":
            condition = node.child_by_field_name("condition")
            if condition is not None and _reads_result(condition):
                return True
    return False


def _reads_result(condition: Node) -> bool:
    return any(n.type in ("property_identifier", "identifier") and n.text in _RESULT_FIELDS for n in descendants(condition))


@rule(
    "MN204",
    "auth-fail-unhandled",
    "W",
    Scope.FILE,
    summary="A login or authorize call has no failure handling.",
    rationale="Login fails for real users (no network, terms not configured: 102102) and authorize fails "
    "whenever the user taps Deny; without a `fail` callback or a check of `error`, the page hangs on a spinner.",
    fix="Pass a fail callback (or read res.error in the callback) and show a fallback such as 'TikTok Player'.",
    bad=Example(
        {
            "index.html": page_html(
                SDK_TAG + GOOD_INIT + "  <script>\n    TTMinis.login({ success: function (res) { sendCodeToBackend(res.code); } });\n  </script>\n"
            )
        }
    ),
    good=Example(
        {
            "index.html": page_html(
                SDK_TAG
                + GOOD_INIT
                + "  <script>\n    TTMinis.login({ success: function (res) { sendCodeToBackend(res.code); }, fail: showFallback });\n  </script>\n"
            )
        }
    ),
    triggers=words("login", "authorize"),
    autofix_note="what the page does when login fails (retry, message, fallback) is yours to write",
    calls=("login", "authorize"),
)
def auth_fail_unhandled(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for call in script.calls:
            callee = call.callee
            if ctx.is_game and _LAYA_GLOBAL.match(callee):  # LayaAir's name for the global object: `Laya.Browser.window.wx.login(...)`
                head, _, rest = _LAYA_GLOBAL.sub("", callee).partition(".")
                callee = f"TTMinis.game.{rest}" if head in ("tt", "wx") and rest else callee
            if callee in LOGIN_CALLS + AUTHORIZE_CALLS and not _handles_failure(script, call):
                if runs_outside_tiktok(script, call.node, ctx.root, ctx.native_runtime):
                    continue  # another platform's login path (`currPlatForm === WECHAT ? wxLogin() : ...`)
                # a game's `tt.login` / `wx.login` as the code writes it (the games SDK's own name otherwise)
                written = call.written if ctx.is_game and re.fullmatch(r"(?:tt|wx)\.(?:login|authorize)", call.written) else call.callee
                yield Finding(script.span(call.node), f"{written} has no failure handling (no fail callback, and the callback never reads error)")


# MN205 follows where the stored value comes from, not what it is called (held-out round of issue 30: a locale
# `code` and a 'mail-code-expire' key were no auth code): a login/authorize result's code (`res.code` in their
# callbacks or their awaited/then result, TikTok Login Kit's `authResponse.code`), an OAuth redirect's `code` URL
# parameter (`new URLSearchParams(location.search).get('code')`, `route.query.code`), or a key that names an auth code
# (`auth_code`, `authCode`, `oauth_code`, `tiktok_code`; not 'code' alone, nor 'mail-code-expire').
_AUTH_QUALIFIERS = frozenset({"auth", "oauth", "authorization", "authorize", "login", "tiktok", "tt", "ttminis", "sso"})
_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_CODE_PARAMS = frozenset({"code", "auth_code", "authCode"})
_RESULT_CALLBACKS = frozenset({"success", "complete"})


def _auth_code_key(key: str) -> bool:
    """A storage key or property that names an auth code: `auth_code`, `authCode`, `oauth-code`, `tiktok_code`."""
    words = [word.lower() for word in _WORDS.findall(key)]
    return any(word in ("authcode", "oauthcode", "logincode") or (word == "code" and i and words[i - 1] in _AUTH_QUALIFIERS) for i, word in enumerate(words))


def _stored_key(script: Script, node: Node, written: Node) -> str | None:
    """The key a write stores under: setItem's first argument, `localStorage.key =`, `localStorage['key'] =`, a
    cookie's name (`'auth_code=' + ...`)."""
    if node.type == "call_expression":
        args = [a for a in written.named_children if a.type != "comment"]
        return constant_text(script, args[0], hole="") if args else None
    left = node.child_by_field_name("left")
    if left is None:
        return None
    if dotted_name(left) == "document.cookie":
        right = node.child_by_field_name("right")
        text = constant_text(script, right, hole="\x00") if right is not None else None
        return text.split("=", 1)[0] if text and "=" in text.split("\x00", 1)[0] else None
    if left.type == "subscript_expression":
        index = left.child_by_field_name("index")
        return constant_text(script, index, hole="") if index is not None else None
    return (dotted_name(left) or "").rsplit(".", 1)[-1] or None


def _stores_auth_code(script: Script, node: Node, written: Node) -> bool:
    key = _stored_key(script, node, written)
    if key and _auth_code_key(key):
        return True
    value = written
    if node.type == "call_expression" and node.child_by_field_name("arguments") == written:
        args = [a for a in written.named_children if a.type != "comment"]
        setter = (dotted_name(node.child_by_field_name("function") or node) or "").endswith("setItem")
        value = args[1] if setter and len(args) > 1 else written  # setItem(key, value); IndexedDB's put/add(value, key)
    elif node.type == "assignment_expression":
        value = node.child_by_field_name("right") or written
    calls = {call.node.id: call.callee for call in script.calls}
    if not _may_name_auth_code(script, calls):
        return False  # an engine's glue never logs in nor spells an auth code: nothing in it can be one
    return any(_from_auth(script, child, calls, 4) for child in descendants(value))


# Whether anything in a script could be an auth code, before walking a value (issue 29: an engine file's value can be
# huge, and the walk costs time in its size on every write): each way _from_auth says yes needs one of these in the
# text, string escapes decoded enough (an escape of a letter keeps it, \n and the like are a space, a line
# continuation is nothing; a \x or \u escape answers "maybe"), or a login/authorize call (a result's code).
_AUTH_CODE_HINT = re.compile(
    r"authResponse"  # Login Kit's authResponse.code
    r"|(?i:o?auth(?:orization|orize)?|login|tiktok|tt(?:minis)?|sso)[^A-Za-z0-9]*(?i:code)"  # a key naming one
    r"|['\"`](?:code|auth_code|authCode)['\"`]"  # a URL's .get('code')
    r"|\b(?:route|query|router)\b"  # a router's query.code
)
_LETTER_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F{]|x[0-9a-fA-F]{2})")
_ANY_ESCAPE = re.compile(r"\\(.)", re.S)
_MAY_NAME: WeakKeyDictionary[Script, bool] = WeakKeyDictionary()


def _may_name_auth_code(script: Script, calls: dict[int, str]) -> bool:
    if any(callee in LOGIN_CALLS + AUTHORIZE_CALLS for callee in calls.values()):
        return True
    found = _MAY_NAME.get(script)
    if found is None:
        text = script.text
        if "\\" in text:
            if _LETTER_ESCAPE.search(text):
                _MAY_NAME[script] = True
                return True
            text = _ANY_ESCAPE.sub(lambda m: " " if m.group(1) in "ntrbfv0" else "" if m.group(1) in "\r\n\u2028\u2029" else m.group(1), text)
        found = _MAY_NAME[script] = _AUTH_CODE_HINT.search(text) is not None
    return found


# Per script, what the questions below already answered: the names each scope declares (so a name's binding is a
# look-up, not a walk of its function or of the whole file) and whether an expression or a name's value is an auth
# code at a depth. A minified engine file binds names to huge values (emscripten's `var FS = {...}`), and without
# these every name inside such a value walked it again, four levels deep: WeChat's Unity converter output's 450 KB
# webgl.wasm.framework.unityweb.js did not finish in 15 minutes (issue 29).
_SCOPES: WeakKeyDictionary[Script, dict[int | None, dict[str, tuple[str, Node]]]] = WeakKeyDictionary()
_ANSWERS: WeakKeyDictionary[Script, dict[tuple[str, int, int], bool]] = WeakKeyDictionary()


def _scopes(script: Script) -> dict[int | None, dict[str, tuple[str, Node]]]:
    """scope (its function's id, None for the program) -> name -> ("value" | "destructured", the declarator's value):
    the first declarator in the file that binds the name there, as a walk in source order finds it."""
    found = _SCOPES.get(script)
    if found is None:
        found = {}
        for declarator in descendants(script.tree.root_node):
            if declarator.type != "variable_declarator":
                continue
            pattern = declarator.child_by_field_name("name")
            value = declarator.child_by_field_name("value")
            if pattern is None or value is None:
                continue
            function = enclosing_function(declarator)
            names = found.setdefault(function.id if function is not None else None, {})
            if pattern.type == "identifier":
                names.setdefault(script.source(pattern), ("value", value))
                continue
            for n in descendants(pattern):
                if n.type in ("identifier", "shorthand_property_identifier_pattern"):
                    names.setdefault(script.source(n), ("destructured", value))
        _SCOPES[script] = found
    return found


def _answered(script: Script, key: tuple[str, int, int], ask: Callable[[], bool]) -> bool:
    answers = _ANSWERS.setdefault(script, {})
    if key not in answers:
        answers[key] = ask()
    return answers[key]


def _from_auth(script: Script, node: Node, calls: dict[int, str], depth: int) -> bool:
    """Is this expression an auth code: a login/authorize result's code, an OAuth `code` URL parameter, a property
    keyed as one (`{ authCode: x }`), or a name whose value is one of those?"""
    if node.type in ("identifier", "shorthand_property_identifier") and depth > 0:
        return _answered(script, ("node", node.id, depth), lambda: _node_from_auth(script, node, calls, depth))
    return _node_from_auth(script, node, calls, depth)


def _node_from_auth(script: Script, node: Node, calls: dict[int, str], depth: int) -> bool:
    kind = node.type
    if kind == "pair":
        key = node.child_by_field_name("key")
        return key is not None and _auth_code_key(property_key(script, key))
    if kind == "member_expression":
        name = dotted_name(node) or ""
        obj = node.child_by_field_name("object")
        if not name.endswith(".code") or obj is None:
            return False
        if name == "authResponse.code" or name.endswith(".authResponse.code") or re.search(r"(?:^|\.)\$?(?:route|query|router)\.(?:query\.)?code$", name):
            return True  # Login Kit's authResponse; a router's query (route.query.code)
        obj = unwrap(obj)
        if obj.type == "member_expression" and member_property(obj) == b"authResponse":
            obj = unwrap(obj.child_by_field_name("object") or obj)
        return obj.type == "identifier" and _login_result(script, obj, calls, depth)
    if kind == "call_expression":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
        if function is None or function.type != "member_expression" or member_property(function) != b"get" or not args:
            return False
        if literal_string(script, args[0]) not in _CODE_PARAMS:
            return False
        receiver = unwrap(function.child_by_field_name("object") or function)
        return _url_parameters(script, receiver, depth)
    if kind in ("identifier", "shorthand_property_identifier") and depth > 0:
        if kind == "shorthand_property_identifier" and _auth_code_key(script.source(node)):
            return True
        return _bound_to_auth(script, node, calls, depth - 1)
    return False


def _url_parameters(script: Script, receiver: Node, depth: int) -> bool:
    """A URL's query parameters: `new URLSearchParams(...)`, `url.searchParams`, `useSearchParams()`'s, or a name
    given one of those."""
    text = script.source(receiver)
    if receiver.type == "new_expression" or re.search(r"searchParams|query", text, re.I):
        return True
    if receiver.type == "identifier" and depth > 0:
        binding = _binding(script, receiver)
        return binding is not None and binding[0] != "param" and re.search(r"searchParams", script.source(binding[1]), re.I) is not None
    return False


def _binding(script: Script, name: Node) -> tuple[str, Node] | None:
    """Where a name used at `name` comes from: ("param", the function), ("value", a declarator's value) or
    ("destructured", the value of `const { code } = res` / `const [params] = useSearchParams()`): the nearest scope's."""
    text = script.source(name)
    scopes = _scopes(script)
    function = enclosing_function(name)
    while True:
        if function is not None:
            params = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
            named = (n for n in descendants(params) if n.type in ("identifier", "shorthand_property_identifier_pattern")) if params is not None else ()
            if any(script.source(n) == text for n in named):
                return "param", function
        declared = scopes.get(function.id if function is not None else None, {}).get(text)
        if declared is not None:
            return declared
        if function is None:
            return None
        function = enclosing_function(function)


def _bound_to_auth(script: Script, name: Node, calls: dict[int, str], depth: int) -> bool:
    binding = _binding(script, name)
    if binding is None:
        return False
    how, where = binding
    if how == "param":  # TTMinis.login({ success({ code }) {...} }): the callback's destructured result
        params = where.child_by_field_name("parameters") or where.child_by_field_name("parameter")
        destructured = params is not None and any(n.type == "shorthand_property_identifier_pattern" and script.source(n) == "code" for n in descendants(params))
        return destructured and script.source(name) == "code" and _result_callback(script, where, calls)
    if how == "destructured":
        value = unwrap(where)
        if value.type == "await_expression" and value.named_children:
            value = unwrap(value.named_children[0])
        if script.source(name) != "code":
            return False
        if value.type == "identifier":
            return _login_result(script, value, calls, depth)
        return value.type == "call_expression" and calls.get(value.id) in LOGIN_CALLS + AUTHORIZE_CALLS
    return _answered(script, ("value", where.id, depth), lambda: any(_from_auth(script, child, calls, depth) for child in descendants(where)))


def _login_result(script: Script, name: Node, calls: dict[int, str], depth: int) -> bool:
    """Is `name` a login/authorize result: a parameter of their success/complete callback (or of a `.then` on their
    Promise), or a name given `await TTMinis.login(...)`?"""
    binding = _binding(script, name)
    if binding is None:
        return False
    how, where = binding
    if how == "param":
        return _result_callback(script, where, calls)
    value = unwrap(where)
    if value.type == "await_expression" and value.named_children:
        value = unwrap(value.named_children[0])
    return value.type == "call_expression" and calls.get(value.id) in LOGIN_CALLS + AUTHORIZE_CALLS


def _result_callback(script: Script, function: Node, calls: dict[int, str]) -> bool:
    """A function login/authorize call back with their result: their argument, their options' success/complete, or a
    `.then` on their Promise."""
    parent = function.parent
    if function.type == "method_definition":  # { success(res) {...} }
        name = function.child_by_field_name("name")
        if name is None or script.source(name) not in _RESULT_CALLBACKS:
            return False
        parent = function
    elif parent is not None and parent.type == "pair":
        key = parent.child_by_field_name("key")
        if key is None or property_key(script, key) not in _RESULT_CALLBACKS:
            return False
    else:
        parent = function
    holder = parent.parent if parent is not None else None
    if holder is not None and holder.type == "object":
        holder = holder.parent
    if holder is None or holder.type != "arguments" or holder.parent is None:
        return False
    call = holder.parent
    if calls.get(call.id) in LOGIN_CALLS + AUTHORIZE_CALLS:
        return True
    callee = call.child_by_field_name("function")
    if callee is not None and callee.type == "member_expression" and member_property(callee) == b"then":
        promise = unwrap(callee.child_by_field_name("object") or callee)
        return promise.type == "call_expression" and calls.get(promise.id) in LOGIN_CALLS + AUTHORIZE_CALLS
    return False


def storage_writes(script: Script) -> Iterator[tuple[Node, Node]]:
    """(node to report, written expression) for localStorage/sessionStorage/document.cookie/IndexedDB writes."""
    uses_indexed_db = "indexedDB" in script.text
    for call in script.calls:
        arguments = call.node.child_by_field_name("arguments")
        if arguments is None or not call.args:
            continue
        if call.callee in STORAGE_SETTERS or (uses_indexed_db and call.callee.rsplit(".", 1)[-1] in ("put", "add")):
            yield call.node, arguments
    for assignment in script.assignments:
        target = assignment.target
        if target == "document.cookie" or target.startswith(("localStorage.", "sessionStorage.")):
            yield assignment.node, assignment.node
        elif assignment.left.type == "subscript_expression":
            obj = assignment.left.child_by_field_name("object")
            if obj is not None and dotted_name(obj) in ("localStorage", "sessionStorage"):
                yield assignment.node, assignment.node


@rule(
    "MN205",
    "code-cached-client-side",
    "W",
    Scope.FILE,
    summary="An auth code is written to localStorage, sessionStorage, a cookie or IndexedDB.",
    rationale="A code is single-use and short-lived (5 minutes): send it straight to your backend. A "
    "stored code is stale on the next visit and readable by any script on the page. An auth code is what login or "
    "authorize give (`res.code` in their callbacks or their result, Login Kit's authResponse.code), an OAuth redirect's "
    "`code` URL parameter, or a value stored under a key that names one (auth_code, authCode, oauth_code); "
    "a variable merely named `code` (a locale, an API's status) or a key merely containing it ('mail-code-expire') is not.",
    fix="POST the code to your backend at once and keep only your own session cookie (httpOnly, set by the server).",
    bad=Example({"src/login.js": "export function remember(res) {\n  localStorage.setItem('auth_code', res.code);\n}\n"}),
    good=Example(
        {"src/login.js": "export function remember(res) {\n  return fetch('/api/login', { method: 'POST', body: JSON.stringify({ code: res.code }) });\n}\n"}
    ),
    triggers=STORAGE_WRITE,
    autofix_note="not caching the code means a backend exchange instead: a change to your flow",
    calls=("setItem", "put", "add"),
)
def code_cached_client_side(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for node, written in storage_writes(script):
            if _stores_auth_code(script, node, written):
                yield Finding(script.span(node), "an auth code is stored on the client; send it to your backend instead")


@rule(
    "MN206",
    "user-info-in-frontend",
    "W",
    Scope.FILE,
    summary="The front end calls open.tiktokapis.com/v2/user/info/ directly.",
    rationale="TikTok's API sends no CORS headers, so the call fails in the WebView, and it needs an "
    "access token the page should never hold. Profiles come from your backend.",
    fix="Call your backend (for example GET /api/me), which reads /v2/user/info/ with the user's token.",
    bad=Example(
        {
            "src/profile.js": "export const load = (token) => fetch('https://open.tiktokapis.com/v2/user/info/?fields=display_name', { headers: { "
            "Authorization: 'Bearer ' + token } });\n"
        }
    ),
    good=Example({"src/profile.js": "export const load = () => fetch('/api/me', { credentials: 'include' });\n"}),
    triggers=fragments("user/info"),
    autofix_note="user info must move to your backend (with the token): a new endpoint, not an edit",
)
def user_info_in_frontend(ctx: FileContext) -> Iterator[Finding]:
    needle = f"{API_HOST}{USER_INFO_PATH.rstrip('/')}"
    for script, node in strings_mentioning(ctx, needle):
        yield Finding(script.span(node), f"the front end calls {needle}/ directly; fetch the profile from your backend")


def _login_anywhere(ctx: PageContext) -> bool:
    """Does any front-end code call login: the page and what it loads, then any other front-end file
    that mentions login (parsed only then)."""
    if any(not script.sdk_references.isdisjoint(LOGIN_CALLS) for _, script in ctx.code):
        return True
    loaded = {script.path for _, script in ctx.code}
    for file in ctx.project.files:
        if file.path in loaded or file.in_backend_dir:
            continue
        # Parse only a file that names login on the SDK, or aliases the SDK and mentions login. Most files never
        # mention it: their bytes rule them out undecoded (this runs in the parent, before the workers start).
        if not ctx.project.mentions(file.path, "login"):
            continue
        text = ctx.project.read(file.path).text or ""
        if "login" not in text or not (_LOGIN_REFERENCE.search(text) or ("TTMinis" in text and _SDK_ALIAS.search(text))):
            continue
        if any(not script.sdk_references.isdisjoint(LOGIN_CALLS) for script in scripts_in(file.path, text)):
            return True
    return False


_LOGIN_REFERENCE = re.compile(r"(?:TTMinis|\btt|\bwx)(?:\s*\??\.\s*game)?\s*\??\.\s*login\b")
_SDK_ALIAS = re.compile(r"=\s*[^;=\n]{0,40}\bTTMinis\b(?:\s*\??\.\s*game)?\s*(?:[;,)\n]|$)")


@rule(
    "MN207",
    "silent-login-never-called",
    "W",
    Scope.PAGE,
    summary="A drama initialises the SDK but no front-end file ever calls login.",
    rationale="Silent login (TTMinis.login) is mandatory for mini dramas: it gives your backend the user's "
    "open_id without a dialog, and TikTok's review checks the flow. A drama that never calls it has no user.",
    fix="Call TTMinis.login on entry and send its code to your backend, which exchanges it for the open_id.",
    bad=Example({"index.html": page_html(SDK_TAG + INIT_ONLY)}),
    good=Example({}),
    autofix_note="silent login needs a backend exchange: the template shows it, but it is your flow",
    calls=("init", "login", "authorize"),
)
def silent_login_never_called(ctx: PageContext) -> Iterator[Finding]:
    if not any(ps.is_sdk and sdk_kind(ps.src or "") == "drama" for ps in ctx.scripts):
        return
    inits = init_calls(ctx)
    if not inits or any(call.callee in AUTHORIZE_CALLS for _, script in ctx.code for call in script.calls):
        return  # no init: MN102; authorize without login: MN203
    if not _login_anywhere(ctx):
        _, script, call = inits[0]
        yield Finding(
            script.span(call.node),
            f"{ctx.path} initialises the drama SDK, but no front-end file calls TTMinis.login (silent login is mandatory for mini dramas)",
            path=script.path,
        )


_SCOPE_PARAM = re.compile(r"[?&]scope=([^&#]*)")
_HOLE = "\x00"  # a part of a built URL that is not constant


def _const_uses(script: Script, value: Node) -> list[Node]:
    """The concatenations a const given this string is part of (`AUTH + "?scope=..."`)."""
    declarator = value.parent
    if declarator is None or declarator.type != "variable_declarator" or declarator.child_by_field_name("value") != value:
        return []
    name = declarator.child_by_field_name("name")
    if name is None or name.type != "identifier":
        return []
    found = []
    for use in identifier_uses(script, script.source(name)):
        whole = concatenation(use)
        if whole != use:
            found.append(whole)
    return found


def _scope_part(script: Script, whole: Node, url: Node) -> Node:
    """Where a built URL's scope is written: the literal piece holding `scope=`, else the URL's own string."""
    for node in descendants(whole):
        if node.type in ("string", "template_string") and "scope=" in script.source(node):
            return node
    return url


@rule(
    "MN209",
    "scope-invalid",
    "E",
    Scope.FILE,
    summary="A scope passed to authorize/login or in a Login Kit URL that TikTok does not know, or (a warning) one Minis do not support.",
    rationale="TikTok refuses an authorization with an unknown scope (user_info is not a scope; user.info.basic "
    'is), and Minis only support user.info.basic and user.info.open_id (docs: "Minis user data").',
    fix="Use user.info.basic (the profile) or user.info.open_id; the scope names are on TikTok's scopes reference.",
    bad=Example({"src/profile.js": "export const ask = () => TTMinis.authorize({ scope: 'user_info', success: show, fail: show });\n"}),
    good=Example({"src/profile.js": "export const ask = () => TTMinis.authorize({ scope: 'user.info.basic', success: show, fail: show });\n"}),
    triggers=(*words("login", "authorize"), *fragments("/auth/authorize")),
    autofix_note="the right scope depends on what the Mini needs: the message lists TikTok's",
    calls=("login", "authorize"),
)
def scope_invalid(ctx: FileContext) -> Iterator[Finding]:
    from ...sdk_api import KNOWN_SCOPES, MINIS_SCOPES  # start-up: only code that calls the SDK reads its declared surface

    def judge(script: Script, node: Node, scopes: str, where: str) -> Iterator[Finding]:
        outside: list[bool] = []  # asked once, and only of a scope that would be reported
        for scope in (s.strip() for s in re.split(r"[,\s]+|%2C", scopes) if s.strip()):
            if scope in MINIS_SCOPES or (scope in KNOWN_SCOPES and ctx.is_game):
                continue
            if not outside:  # another store's adapter (`wx.authorize({ scope: 'scope.WxFriendInteraction' })` in WeChat's)
                outside.append(runs_outside_tiktok(script, node, ctx.root, ctx.native_runtime))
            if outside[0]:
                return
            if scope not in KNOWN_SCOPES:
                yield Finding(script.span(node), f"'{scope}' in {where} is not a TikTok scope (Minis use user.info.basic or user.info.open_id)")
            elif scope not in MINIS_SCOPES and not ctx.is_game:
                yield Finding(
                    script.span(node), f"'{scope}' in {where}: TikTok Minis support only user.info.basic and user.info.open_id", severity=Severity.WARNING
                )

    for script in ctx.scripts:
        calls = [(call.args, call.written) for call in script.calls if call.callee in LOGIN_CALLS + AUTHORIZE_CALLS]
        if ctx.is_game:  # `this._api.authorize({ scope })` with `this._api = typeof tt !== 'undefined' ? tt : wx`
            from ..games_aliases import alias_calls  # start-up: only a game's scripts ask for the names given its SDK

            for node, written, api in alias_calls(script, ctx.root):
                arguments = node.child_by_field_name("arguments")
                if api in ("login", "authorize") and arguments is not None:
                    calls.append(([a for a in arguments.named_children if a.type != "comment"], written))
        judged: set[int] = set()  # a call both read directly and through an alias (`let tt = window.tt; tt.authorize(...)`): once
        for args, written in calls:
            for arg in args:
                if arg.start_byte in judged:
                    continue
                judged.add(arg.start_byte)
                scope_node = object_property(script, unwrap(arg), "scope")
                literal = literal_string(script, scope_node) if scope_node is not None else None
                if literal is None and scope_node is not None and unwrap(scope_node).type in ("identifier", "shorthand_property_identifier"):
                    given = _declared_in_scope(script, unwrap(scope_node))  # `var t = "scope.userInfo"; wx.authorize({ scope: t })`
                    literal = literal_string(script, unwrap(given[0])) if len(given) == 1 else None
                if scope_node is not None and literal is not None:
                    yield from judge(script, scope_node, literal, f"{written}()")
                elif scope_node is not None and unwrap(scope_node).type in ("identifier", "shorthand_property_identifier", "member_expression"):
                    # a parameter every caller fills, an imported constant, a field: each value on every path (held-out
                    # round 21: `authorize(auth_str) { tt.authorize({ scope: auth_str, ... }) }` called with 'scope.userInfo')
                    named = script.source(unwrap(scope_node))
                    for value in dict.fromkeys(exact_string_values(script, scope_node, ctx.root) or ()):
                        yield from judge(script, scope_node, value, f"{written}() (a value of {named} lint follows)")
        urls: set[int] = set()
        for value, node in script.strings:
            if "tiktok.com" in value and "/auth/authorize" in value:
                # the URL as built: `"https://www.tiktok.com/v2/auth/authorize/?" + "&scope=" + SCOPE`, `...${SCOPE}...`,
                # `AUTH + "?scope=..."` with `const AUTH = "https://www.tiktok.com/v2/auth/authorize/"`
                for whole in [concatenation(node), *_const_uses(script, node)]:
                    if whole.start_byte in urls:
                        continue
                    urls.add(whole.start_byte)
                    built = constant_text(script, whole, _HOLE) if whole is not node or node.type == "template_string" else value
                    match = _SCOPE_PARAM.search(built or value)
                    if match and _HOLE not in match.group(1) and "${" not in match.group(1):
                        yield from judge(script, _scope_part(script, whole, node), match.group(1), "the Login Kit URL")
