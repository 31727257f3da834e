"""The page's SDK: its init calls, the key an init call passes (what minis-py can read of it: a literal, a const, Vite's
%VITE_X%, import.meta.env.X and process.env.X from the .env files), whether a key is a placeholder, and where the SDK
tag and an init call go in a page. The page rules (MN1xx), `init --existing` and the client-key resolver's last step
(Project.expected_client_key) read the page's SDK here, one way."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..records import record
from ..tiktok import SDK_URLS
from .javascript import capture_calls
from .syntax import Call, literal_string, object_property, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

    from ..fixes import Edit
    from .javascript import Script
    from .page import Page, PageScript

INIT = "TTMinis.init"


GAME_INIT = "TTMinis.game.init"  # HTML-runtime games


INITS = (INIT, GAME_INIT)
INIT_CALLS = ("init",)  # the calls these facts read besides the SDK's own names: the init call through an alias
capture_calls(INIT_CALLS)  # as MN102 and the other init rules declare them, for a page read without the lint engine


PLACEHOLDER = re.compile(
    r"^(?:x+|\.+|-+|\*+|<[^>]*>|\{[^}]*\}|\[[^\]]*\]|your[_\- ]?(?:app[_\- ]?)?(?:client[_\- ]?)?key|"
    r"(?:app[_\- ]?)?client[_\- ]?key|key|todo|tbd|changeme|change[_\- ]me|placeholder|replace[_\- ]?me|undefined|null)$",
    re.I,
)


_VITE_PLACEHOLDER = re.compile(r"%(VITE_[A-Za-z0-9_]+)%")


# A build-time variable the bundler writes into the code: Vite's import.meta.env.X, Next.js/CRA/webpack's process.env.X.
_BUILD_ENV = re.compile(r"(?:import\s*\.\s*meta\s*\.\s*env|process\s*\.\s*env)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*(['\"])([A-Za-z_][A-Za-z0-9_]*)\2\s*\])")


_SUBSTITUTION = re.compile(r"\$\{\s*+([^{}]*[^{}\s])\s*+\}")  # one way to read blanks (cubic before: review of session 21)


@record
class ClientKey:
    """What minis-py made of the clientKey passed to one init call."""

    state: str  # "value", "missing", "unresolved"
    value: str | None
    script: Script
    node: Node  # the node to point at
    origin: str = ""  # " (const KEY)", " (VITE_KEY from .env.local)"


_HEAD = re.compile(r"<head(?:\s[^<>]*+)?>", re.I)  # to the next `<` at most: a run of `<head ` with no `>` is read once


_CHARSET = re.compile(r"\s*<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.I)


def sdk_insertion(text: str, sdk: bool, init_key: str | None, after: int | None = None, sdk_url: str = SDK_URLS[0], init: str = INIT) -> Edit | None:
    """The SDK tag (`sdk`) and/or an init script with `init_key`, as lines of their own after `<head>` (after its
    `<meta charset>` when that comes first, as the HTML standard wants it), or after offset `after` (the end of
    the SDK tag, for the init call). `init` is the call: TTMinis.init, or GAME_INIT in an HTML-runtime game.
    One code for `init --existing` and `lint --fix` (MN101, MN102)."""
    if after is None:
        head = _HEAD.search(text)
        if head is None:
            return None
        after = head.end()
        charset = _CHARSET.match(text, after)
        if charset:
            after = charset.end()
    newline = "\r\n" if "\r\n" in text else "\n"
    rest = text[after:]
    following = _indent(rest.lstrip("\r\n")) if rest.strip() else ""
    if not following:
        line_start = text.rfind("\n", 0, after) + 1
        following = _indent(text[line_start:]) + "  "
    lines = []
    if sdk:
        lines.append(f'{following}<script src="{sdk_url}"></script>')
    if init_key is not None:
        lines += [f"{following}<script>", f'{following}  {init}({{ clientKey: "{init_key}" }});', f"{following}</script>"]
    if not lines:
        return None
    from ..fixes import Edit  # start-up: imported when a fix is made, a clean run never needs the edit engine

    return Edit(after, after, newline + newline.join(lines))


def _indent(text: str) -> str:
    """The spaces and tabs `text` starts with."""
    return text[: len(text) - len(text.lstrip(" \t"))]


def init_calls(ctx: Page) -> list[tuple[PageScript, Script, Call]]:
    return [(ps, script, call) for ps, script in ctx.code for call in script.calls_to(*INITS)]


def literal_init_key(ctx: Page) -> str | None:
    """The first init call's clientKey when minis-py can read it (a literal, a const, .env): the expected
    key when no config names one."""
    for _, script, call in init_calls(ctx):
        key = resolve_client_key(ctx, script, call)
        if key.state == "value" and key.value and not placeholder_key(key.value):
            return key.value
    return None


def resolve_client_key(ctx: Page, script: Script, call: Call) -> ClientKey:
    """clientKey as MN107 describes: literals, a same-script const, %VITE_X% and import.meta.env.VITE_X."""
    if not call.args:
        return ClientKey("missing", None, script, call.node)
    options = call.args[0]
    if options.type == "identifier":
        options = _const_value(script, script.source(options)) or options
    prop = object_property(script, options, "clientKey")
    if prop is None:
        if options.type == "object" and not any(child.type == "spread_element" for child in options.named_children):
            return ClientKey("missing", None, script, options)
        return ClientKey("unresolved", None, script, options)
    return _resolve_value(ctx, script, prop)


def _resolve_value(ctx: Page, script: Script, node: Node) -> ClientKey:
    origin = ""
    if node.type in ("identifier", "shorthand_property_identifier"):
        name = script.source(node)
        found = _const_value(script, name)
        if found is None:
            return ClientKey("unresolved", None, script, node)
        node, origin = found, f" (const {name})"
    node = unwrap(node)
    literal = literal_string(script, node)
    substituted = _substituted(ctx, script, literal) if literal is not None and "${" in literal else None
    if substituted is not None:
        return ClientKey(substituted[0], substituted[1], script, node, origin + substituted[2])
    if literal is not None:
        if script.path.lower().endswith((".html", ".htm")) and _VITE_PLACEHOLDER.search(literal):
            missing = [m for m in _VITE_PLACEHOLDER.findall(literal) if m not in ctx.env]
            if missing:
                return ClientKey("unresolved", None, script, node, f" (%{missing[0]}% is not set in any .env file)")
            names = _VITE_PLACEHOLDER.findall(literal)
            literal = _VITE_PLACEHOLDER.sub(lambda m: ctx.env[m.group(1)], literal)
            origin += f" (%{names[0]}% from {ctx.project.env_source(names[0]) or '.env'})"
        return ClientKey("value", literal, script, node, origin)
    env = _build_env_value(ctx, script.source(node))
    if env is not None:
        return ClientKey(env[0], env[1], script, node, env[2])
    return ClientKey("unresolved", None, script, node)


def _build_env_value(ctx: Page, expression: str) -> tuple[str, str | None, str] | None:
    """(state, value, origin) of a build-time variable read (import.meta.env.X, process.env.X, process.env['X']) from
    the project's .env files; None when the expression is not one."""
    found = _BUILD_ENV.fullmatch(expression.strip())
    if not found:
        return None
    name = found.group(1) or found.group(3)
    if name in ctx.env:
        return "value", ctx.env[name], f" ({name} from {ctx.project.env_source(name) or '.env'})"
    return "unresolved", None, f" ({name} is not set in any .env file)"


def _substituted(ctx: Page, script: Script, literal: str) -> tuple[str, str | None, str] | None:
    """A literal of code embedded in a template (`'${process.env.NEXT_PUBLIC_KEY}'` in an `__html` string): what the
    `${...}` gives, from the .env files or a const of the script the template is in."""
    found = _SUBSTITUTION.fullmatch(literal.strip())
    outer = script.embedded_in
    if not found or outer is None:
        return None
    expression = found.group(1)
    env = _build_env_value(ctx, expression)
    if env is not None:
        return env
    value = _const_value(outer, expression) if re.fullmatch(r"[\w$]+", expression) else None
    text = literal_string(outer, value) if value is not None else None
    if text is not None:
        return "value", text, f" (const {expression})"
    env = _build_env_value(ctx, outer.source(value)) if value is not None else None
    return (env[0], env[1], f" (const {expression}){env[2]}") if env is not None else ("unresolved", None, f" (`${{{expression}}}`)")


def _const_value(script: Script, name: str):
    for declarator in script.declarators:
        if declarator.name == name and declarator.kind == "const" and declarator.value is not None:
            return declarator.value
    return None


# `{{...}}` and `<...>` on one line, each from the line's first opener (possessive), so a long run of openers is
# read once, not from each of them (a review of session 21: `<.*>` was quadratic in a key of `<`s)
_KEY_PLACEHOLDER = re.compile(
    r"(?m)^(?:(?:[^{\n]|\{(?!\{))*+\{\{[^\n]*\}\}|[^<\n]*+<[^\n]*>)|your|replace|placeholder|client[_-]?key|xxx|todo|changeme|\.\.\.", re.I
)


# The stand-in appids of the platforms' devtools and engine exports, never an app's: WeChat DevTools' tourist mode
# writes "touristappid" (游客模式, no AppID: login is the tool's mock; Taro's and Mpx's examples ship it), Cocos Creator's
# ByteDance build panel defaults to "testId" (its docs' build options), Douyin projects and Cocos 2.4 ByteDance exports
# carry "testAppId"/"testappId" (docs/sources.md). Compared whole and case-blind.
DEVTOOLS_APPIDS = frozenset({"touristappid", "testappid", "testid"})


def placeholder_key(value: str) -> bool:
    """A template placeholder, not a key: empty, `{{...}}`, `<...>`, `your_...`, `replace_with_...`,
    `xxx`, an upper-case constant name (`TIKTOK_CLIENT_KEY`), a platform's appid prefix followed by words
    (`tt_devour_evolution`: the project's name where the appid goes; Douyin's appids are `tt` + 18 alphanumerics and
    WeChat's `wx` + 16, never a separator), or a devtools' stand-in appid (`touristappid`, `testAppId`). Real keys are
    short alphanumerics; a key the user chose for the mock (`my-app-key`, a UUID) is left alone."""
    value = value.strip()
    return (
        not value
        or bool(_KEY_PLACEHOLDER.search(value))
        or bool(re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", value))
        or bool(re.fullmatch(r"(?:tt|wx)[_-][A-Za-z]+(?:[_-][A-Za-z0-9]+)*", value))
        or value.lower() in DEVTOOLS_APPIDS
    )
