"""MN3xx: secrets and tokens that must never reach the browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from ...source.javascript import Script
from ...source.modules import _Files, resolve_import
from ...source.syntax import constant_text, descendants, dotted_name, enclosing_function, identifier_uses, literal_string
from ...tiktok import API_HOST, AUTHORIZE_HOST, AUTHORIZE_PATH, TOKEN_PATH
from ..context import FileContext, Finding
from ..guards import _PLATFORM_CODES, _defined_name, _module, _parameters, note_read, other_platform, runs_outside_tiktok
from ..model import Example, Scope
from .auth import STORAGE_WRITE, storage_writes
from .registry import fragments, rule, strings_mentioning

if TYPE_CHECKING:
    from tree_sitter import Node

SECRET_NAMES = frozenset({"client_secret", "clientSecret", "CLIENT_SECRET", "clientsecret"})
TOKEN_WORDS = ("access_token", "refresh_token", "accesstoken", "refreshtoken")


# How code spells a token's name (`access_token`, `accessToken`, `AccessToken`, `ACCESS_TOKEN`), as the lint's one
# pass finds anchors: case-sensitive pieces.
_TOKEN_SPELLINGS = ("access_token", "refresh_token", "ccessToken", "efreshToken", "ACCESS_TOKEN", "REFRESH_TOKEN")


def mask(secret: str) -> str:
    return secret[:2] + "…" + secret[-2:] if len(secret) > 8 else "…"


@rule(
    "MN301",
    "client-secret-in-frontend",
    "E",
    Scope.FILE,
    summary="A front-end file contains the client secret, or gives client_secret a literal value.",
    rationale="Everything in the page ships to every user's phone. With the client secret anyone can exchange codes and refresh tokens as your app.",
    fix="Keep the secret in the backend's environment (TIKTOK_CLIENT_SECRET) and rotate it on the developer portal if it was ever shipped.",
    bad=Example({"src/config.js": "export const config = { clientKey: 'awexample123', client_secret: 'sk_live_8f2d9c41a7' };\n"}),
    good=Example({"src/config.js": "export const config = { clientKey: 'awexample123' };\n"}),
    triggers=fragments("client_secret", "clientSecret", "CLIENT_SECRET", "clientsecret"),  # + the known secret values
    markup=True,
    autofix_note="the secret must leave the front end and be rotated in the Developer Portal; no edit makes a leaked secret secret again",
)
def client_secret_in_frontend(ctx: FileContext) -> Iterator[Finding]:
    reported: set[int] = set()
    for secret in ctx.secrets:
        start = ctx.text.find(secret)
        while start != -1:
            reported.add(start)
            yield Finding(ctx.index.span(start, start + len(secret)), f"the client secret ({mask(secret)}) appears in front-end code")
            start = ctx.text.find(secret, start + len(secret))
    if not any(name in ctx.text for name in SECRET_NAMES):
        return
    for script in ctx.scripts:
        named = [(key, value) for key, _, value in script.pairs]
        named += [(d.name, d.value) for d in script.declarators if d.value is not None]
        named += [(a.target.rsplit(".", 1)[-1], a.right) for a in script.assignments]
        for name, value in named:
            if name in SECRET_NAMES:
                literal = literal_string(script, value)
                if literal and literal.strip():
                    yield Finding(script.span(value), f"'{name}' is given a literal value ({mask(literal)}) in front-end code")


@rule(
    "MN302",
    "token-exchange-in-frontend",
    "E",
    Scope.FILE,
    summary="Front-end code posts to open.tiktokapis.com/v2/oauth/token/.",
    rationale="The exchange needs the client secret, which must stay on your server; TikTok's API also "
    "sends no CORS headers, so the browser call fails anyway.",
    fix="Send the code to your backend (POST /api/login) and exchange it there.",
    bad=Example(
        {"src/login.js": "export const exchange = (code) => fetch('https://open.tiktokapis.com/v2/oauth/token/', { method: 'POST', body: 'code=' + code });\n"}
    ),
    good=Example({"src/login.js": "export const exchange = (code) => fetch('/api/login', { method: 'POST', body: JSON.stringify({ code }) });\n"}),
    triggers=fragments("oauth/token"),
    autofix_note="the token exchange must move to your backend, with the secret: a new endpoint, not an edit",
)
def token_exchange_in_frontend(ctx: FileContext) -> Iterator[Finding]:
    needle = f"{API_HOST}{TOKEN_PATH.rstrip('/')}"
    for script, node in strings_mentioning(ctx, needle):
        yield Finding(script.span(node), f"the front end calls {needle}/; exchange codes on your backend")


def _mentions_token(script: Script, node: Node, depth: int = 0) -> bool:
    """Whether the written value names a token: itself, or an object or variable it names that holds one
    (`JSON.stringify(session)` after `const session = { access_token }` or `session.refresh_token = ...`)."""
    facts = _facts(script)
    if not facts.has_token_word:
        return False  # most scripts (an engine's glue) never spell a token: nothing in them can name one
    key = (node.id, depth)
    answer = facts.answers.get(key)
    if answer is None:
        answer = facts.answers[key] = _walk_for_token(script, node, depth)
    return answer


def _walk_for_token(script: Script, node: Node, depth: int) -> bool:
    followed: list[Node] = []
    for child in descendants(node):
        if child.type in ("identifier", "property_identifier", "shorthand_property_identifier"):
            if script.source(child).lower().replace("_", "") in ("accesstoken", "refreshtoken"):
                return True
            if child.type != "property_identifier":
                followed.append(child)
        elif child.type in ("string", "string_fragment"):
            text = script.source(child).lower()
            if any(word in text.replace("-", "_") for word in TOKEN_WORDS[:2]) or "accesstoken" in text or "refreshtoken" in text:
                return True
    return depth < 2 and any(_holds_token(script, name, depth) for name in followed)


def _holds_token(script: Script, name_node: Node, depth: int) -> bool:
    """A variable of the write's function (or the script's top level) given a token, or an object that gets one."""
    facts = _facts(script)
    name = script.source(name_node)
    scope = enclosing_function(name_node)
    scopes = (scope.id if scope is not None else None, None)
    for where, value in facts.declared.get(name, ()):
        if where in scopes and _mentions_token(script, value, depth + 1):
            return True
    return any(where in scopes for where in facts.token_fields.get(name, ()))


class _TokenFacts:
    """What MN303's questions need of a script, made once per script: whether it spells a token word at all, its
    declarators and its assignments of a token field by name (each with the id of its function, None at the top
    level), and the answers given so far per (value node, depth). Without them every name in a written value was
    looked up by a walk of all the script's declarators and assignments, and a name bound to a huge value walked that
    value again: an IndexedDB `files.put(FS.x(path), path)` in a minified engine file whose `var FS = {...}` names FS
    in each of its members took time in the square of the object's size (1,600 members: minutes)."""

    def __init__(self, script: Script) -> None:
        # A necessary condition of every "yes" below: the spelling, its underscores and hyphens left out, in the text.
        folded = script.text.lower().replace("_", "").replace("-", "")
        self.has_token_word = "accesstoken" in folded or "refreshtoken" in folded
        self.declared: dict[str, list[tuple[int | None, Node]]] = {}
        self.token_fields: dict[str, list[int | None]] = {}
        self.answers: dict[tuple[int, int], bool] = {}
        if not self.has_token_word:
            return
        for declarator in script.declarators:
            if declarator.value is not None:
                function = enclosing_function(declarator.node)
                self.declared.setdefault(declarator.name, []).append((function.id if function is not None else None, declarator.value))
        for assignment in script.assignments:
            owner, dot, _ = assignment.target.partition(".")
            if dot and assignment.target.rsplit(".", 1)[-1].lower().replace("_", "") in ("accesstoken", "refreshtoken"):
                function = enclosing_function(assignment.node)
                self.token_fields.setdefault(owner, []).append(function.id if function is not None else None)


_FACTS: WeakKeyDictionary[Script, _TokenFacts] = WeakKeyDictionary()


def _facts(script: Script) -> _TokenFacts:
    found = _FACTS.get(script)
    if found is None:
        found = _FACTS[script] = _TokenFacts(script)
    return found


@rule(
    "MN303",
    "token-in-web-storage",
    "W",
    Scope.FILE,
    summary="An access or refresh token is stored in localStorage, sessionStorage or a script-set cookie (also inside an object stored "
    "there, or handed to a function of the project that stores it).",
    rationale="Web storage and cookies set from JavaScript are readable by any script on the page; a "
    "leaked refresh token gives a year of access to the user's account.",
    fix="Keep tokens on your backend and give the page an httpOnly session cookie set by the server.",
    bad=Example({"src/session.js": "export function save(tokens) {\n  localStorage.setItem('access_token', tokens.access_token);\n}\n"}),
    good=Example({"src/session.js": "export function save(profile) {\n  localStorage.setItem('display_name', profile.display_name);\n}\n"}),
    triggers=(*STORAGE_WRITE, *fragments(*_TOKEN_SPELLINGS)),  # the token word: a call of an imported storage helper
    autofix_note="where the token goes instead (your backend, a session cookie) is a design change",
    calls=("setItem", "put", "add"),
)
def token_in_web_storage(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for node, written in storage_writes(script):
            if _mentions_token(script, written) and _provider(_stored_under(script, node), ctx.path) is None:
                if runs_outside_tiktok(script, node, ctx.root, ctx.native_runtime):
                    continue  # another platform's login (`channel_user_vivo_qg`, made only for vivo): not a TikTok token
                yield Finding(script.span(node), "a TikTok token is stored where page scripts can read it")
        # One level of helper (`saveSession({ access_token })` with `function saveSession(v) { localStorage.setItem(k,
        # JSON.stringify(v)) }`), here or imported from a project module: the argument it stores holds a token.
        helpers = {name: (index, script.path) for name, index in storage_helpers(script, ctx.path).items()}
        if ctx.root is not None and any(_mentions_any_token(script.text)):
            helpers.update(_imported_storage_helpers(ctx.root, script))
        for name, (index, where) in helpers.items():
            for call in _calls_of(script, name):
                arguments = call.child_by_field_name("arguments")
                args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
                if index < len(args) and (_mentions_token(script, args[index]) or _token_read_from(script, args[index])):
                    through = f"{name}()" + ("" if where == script.path else f" in {where}")
                    yield Finding(script.span(call), f"a TikTok token is stored where page scripts can read it (through {through})")


def _mentions_any_token(text: str) -> Iterator[bool]:
    lowered = text.lower()
    yield from (word in lowered for word in ("access_token", "refresh_token", "accesstoken", "refreshtoken"))


def storage_helpers(script: Script, path: str) -> dict[str, int]:
    """The script's top-level functions that store one of their parameters in web storage as it is given (`function
    keepUser(user) { localStorage.setItem(KEY, JSON.stringify(user)) }`): name -> the parameter's index. A write
    that names a token itself is reported where it is; another provider's key is not TikTok's."""
    found: dict[str, int] = {}
    for node, written in storage_writes(script):
        function = enclosing_function(node)
        if function is None or enclosing_function(function) is not None or _mentions_token(script, written):
            continue
        name = _defined_name(script, function)
        parameters = _parameters(script, function)
        if name is None or not any(parameters) or _provider(_stored_under(script, node), path) is not None:
            continue
        value = _stored_value(node)
        stored = {script.source(child) for child in descendants(value) if child.type == "identifier"} if value is not None else set()
        index = next((i for i, parameter in enumerate(parameters) if parameter and parameter in stored), None)
        if index is not None:
            found.setdefault(name, index)
    return found


def _stored_value(node: Node) -> Node | None:
    """What a storage write stores, not where: setItem's (or put's) second argument, an assignment's right side."""
    if node.type == "call_expression":
        arguments = node.child_by_field_name("arguments")
        args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
        return args[1] if len(args) > 1 else args[0] if args and args[0].type != "string" else None
    return node.child_by_field_name("right")


def _imported_storage_helpers(root: str, script: Script) -> dict[str, tuple[int, str]]:
    """The storage helpers this script imports from the project's own modules (named or default exports)."""
    found: dict[str, tuple[int, str]] = {}
    names = script.imported_names() if script.imports else []
    files = _Files(root)
    for spec, exported, local in names:
        path = resolve_import(files, script.path, spec)
        module = _module(root, path) if path is not None and path != script.path else None
        if module is None or path is None:
            continue
        for other in module[1]():
            if "setItem" not in other.text and "Storage" not in other.text and "cookie" not in other.text:
                continue
            helpers = storage_helpers(other, path)
            wanted = _default_export_name(other) if exported == "default" else exported
            if wanted in helpers:
                found[local] = (helpers[wanted], path)
                note_read(path)
    return found


def _default_export_name(script: Script) -> str | None:
    """The local name a module exports as its default (`export default function save(v) {}`, `export default save`)."""
    for node in script.tree.root_node.named_children:
        if node.type == "export_statement" and any(child.type == "default" for child in node.children):
            value = node.child_by_field_name("declaration") or node.child_by_field_name("value")
            if value is not None and value.type == "identifier":
                return script.source(value)
            name = value.child_by_field_name("name") if value is not None else None
            return script.source(name) if name is not None else None
    return None


def _calls_of(script: Script, name: str) -> list[Node]:
    """The calls of a plain function name (`keepUser(...)`)."""
    found = []
    for use in identifier_uses(script, name):
        parent = use.parent
        if parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == use:
            found.append(parent)
    return found


def _token_read_from(script: Script, argument: Node) -> bool:
    """The argument is an object whose token its function reads (`if (!payload.user?.access_token) throw ...;
    keepUser(payload.user)`): it holds one."""
    target = script.source(argument)
    if argument.type not in ("identifier", "member_expression") or not target:
        return False
    scope = enclosing_function(argument) or script.tree.root_node
    for node in descendants(scope):
        if node.type == "member_expression":
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            if obj is not None and prop is not None and script.source(obj) == target:
                if script.source(prop).lower().replace("_", "") in ("accesstoken", "refreshtoken"):
                    return True
    return False


# Another provider's token (issue 30, real projects: a multi-platform adapter library's Gamepind plugin keeps
# `localStorage.setItem("gamepind_access_token", access_token)` in plugins/gamepind/): the key names the provider,
# and the provider is another platform (OTHER_PLATFORMS: 'qq_access_token') or the adapter the file is in (a folder
# of that name under plugins/, platforms/, adapters/, channels/, providers/, sdk/, or a GamepindAdapter module).
# TikTok's own names (tiktok_access_token, tt_, minis_) and unprefixed tokens stay TikTok's.
_TOKEN_KEY = r"(?i)^(?P<prefix>[a-z0-9]+?)[-_.]?(?:access|refresh)[-_.]?token$"  # compiled when first needed
_PLATFORM_TOKEN_KEY = r"(?i)^(?P<prefix>[a-z0-9]+?)[-_.]?token$"  # `vivoToken`, `hwToken`: only a platform's prefix counts
_TIKTOK_PREFIXES = frozenset({"tiktok", "tt", "ttminis", "minis", "tiktokminis"})
_ADAPTER_FOLDERS = frozenset({"plugins", "plugin", "platforms", "platform", "adapters", "adapter", "channels", "channel", "providers", "provider"})
_ADAPTER_FOLDERS |= frozenset({"sdk", "sdks", "integrations", "vendors", "thirdparty", "partners"})
_ADAPTER_SUFFIXES = ("adapter", "platform", "provider", "plugin", "channel", "sdk", "api", "login", "auth")


def _stored_under(script: Script, node: Node) -> str | None:
    """The key a storage write stores under: setItem's first argument, `localStorage.key = `, `localStorage['key'] = `,
    a cookie's name."""
    if node.type == "call_expression":
        arguments = node.child_by_field_name("arguments")
        first = next((a for a in arguments.named_children if a.type != "comment"), None) if arguments is not None else None
        return constant_text(script, first) if first is not None else None
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if left is None:
        return None
    target = dotted_name(left) or ""
    if target == "document.cookie" and right is not None:
        text = constant_text(script, right, "\x00") or ""
        return text.split("=", 1)[0].strip() if "=" in text else None
    if left.type == "subscript_expression":
        index = left.child_by_field_name("index")
        return constant_text(script, index) if index is not None else None
    return target.rsplit(".", 1)[-1] if target.startswith(("localStorage.", "sessionStorage.")) else None


# A hosted auth service's own session (issue 30, round 3: a Taro H5 build keeps Supabase's magic-link session, tokens
# and all, under 'supabase_auth_session' in services/supabaseAuth.ts): the key or the module names the service.
_AUTH_SERVICES = frozenset({"supabase", "firebase", "auth0", "cognito", "amplify", "clerk", "okta", "keycloak", "appwrite", "pocketbase", "nhost", "stytch"})
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _auth_service(key: str | None, path: str) -> str | None:
    words = [word.lower() for word in _WORD.findall(f"{key or ''} {path.rsplit('.', 1)[0]}")]
    return next((word for word in words if word in _AUTH_SERVICES), None)


def _provider(key: str | None, path: str) -> str | None:
    """The provider a token's storage key names when it is not TikTok (`gamepind_access_token` in plugins/gamepind/),
    or the auth service whose session it is (`supabase_auth_session`, services/supabaseAuth.ts)."""
    service = _auth_service(key, path)
    if service is not None:
        return service
    match = re.match(_TOKEN_KEY, key or "")
    if match is None:
        plain = re.match(_PLATFORM_TOKEN_KEY, key or "")
        prefix = plain.group("prefix").lower() if plain is not None else ""
        return prefix if prefix and prefix not in _TIKTOK_PREFIXES and (other_platform(prefix) or prefix in _PLATFORM_CODES) else None
    prefix = match.group("prefix").lower()
    if prefix in _TIKTOK_PREFIXES:
        return None
    if other_platform(prefix):
        return prefix
    parts = [re.sub(r"[^a-z0-9]", "", part.lower()) for part in path.split("/")]
    parts[-1] = re.sub(r"[^a-z0-9]", "", path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower())
    for index, part in enumerate(parts):
        if part == prefix and index > 0 and parts[index - 1] in _ADAPTER_FOLDERS and index < len(parts) - 1:
            return prefix  # plugins/gamepind/User.ts
        if part.startswith(prefix) and part[len(prefix) :] in _ADAPTER_SUFFIXES:
            return prefix  # GamepindAdapter.ts, gamepind-sdk/
    return None


def _sets_state(script: Script, scope: Node) -> bool:
    for value, node in script.strings:
        if scope.start_byte <= node.start_byte < scope.end_byte and ("state=" in value or value == "state"):
            return True
    for key, node, _ in script.pairs:
        if key == "state" and scope.start_byte <= node.start_byte < scope.end_byte:
            return True
    return any(node.type == "shorthand_property_identifier" and node.text == b"state" for node in descendants(scope))


@rule(
    "MN304",
    "oauth-state-missing",
    "W",
    Scope.FILE,
    summary="A Login Kit redirect to www.tiktok.com/v2/auth/authorize/ is built without a state parameter.",
    rationale="`state` ties the redirect back to the session that started it; without it an attacker can "
    "log a victim into the attacker's account (login CSRF). TikTok's Login Kit docs require it.",
    fix="Add a random state (crypto.randomUUID()), keep it in the session, and compare it on the redirect.",
    bad=Example(
        {
            "src/web-login.js": "export const url = (key, redirect) =>\n  `https://www.tiktok.com/v2/auth/authorize/?client_key=${key}&scope=user.info.basic&response_type=code&redirect_uri=${redirect}`;\n"
        }
    ),
    good=Example(
        {
            "src/web-login.js": "export const url = (key, redirect, state) =>\n  `https://www.tiktok.com/v2/auth/authorize/?client_key=${key}&scope=user.info.basic&response_type=code&redirect_uri=${redirect}&state=${state}`;\n"
        }
    ),
    triggers=fragments("auth/authorize"),
    autofix_note="a state parameter needs generation and a check on return: code to write, not an edit",
)
def oauth_state_missing(ctx: FileContext) -> Iterator[Finding]:
    needle = f"{AUTHORIZE_HOST}{AUTHORIZE_PATH.rstrip('/')}"
    for script, node in strings_mentioning(ctx, needle):
        scope = enclosing_function(node) or script.tree.root_node
        if not _sets_state(script, scope):
            yield Finding(script.span(node), "the authorize URL has no state parameter")
