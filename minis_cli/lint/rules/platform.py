"""MN4xx: what TikTok's Minis container does not allow (dynamic code, foreign resources, some web APIs)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ...positions import Span
from ...project import ENTRY_HTML_CANDIDATES
from ...source.files import read_regular_text
from ...source.javascript import Script
from ...source.syntax import (
    FUNCTION_TYPES,
    Assignment,
    Call,
    Declarator,
    dotted_name,
    enclosing_function,
    identifier_uses,
    literal_string,
    object_property,
    template_text,
    unwrap,
)
from ...tiktok import FONT_CSS_HOSTS, FONT_FILE_SUFFIXES, SDK_HOST, is_absolute_url, origin_of, sdk_kind
from ..context import FileContext, Finding
from ..guards import _declared_in_scope, _project_modules, _word_counts, _word_modules, bound_locally, feature_checked, note_read, runs_outside_tiktok
from ..model import Example, Scope, Severity
from .registry import ASSIGN, GAP, NAME_END, fragments, rule, words

if TYPE_CHECKING:
    from tree_sitter import Node

_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(["']?)([^"')\s;]+)\1""", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CLIPBOARD_COMMANDS = frozenset({"copy", "cut", "paste"})


def _app(js: str) -> Example:
    return Example({"src/app.js": js})


# What the platforms document about code from strings in mini games (docs/game-host.md: Engine exports in the pre-flight). TikTok documents the ban
# for Minis ("Develop your mini drama": eval, the Function constructor and string timers are forbidden) but says nothing
# of its native mini-game runtime; WeChat's ("Supports for JavaScript": "JS code cannot be dynamically executed ... via
# eval ... new Function") and Douyin's ("JS 支持情况": the runtime forbids eval() and new Function() by its security
# policy) mini-game runtimes forbid it, and TikTok's native runtime answers to their API (tt, wx). So in a native game
# the game's own code is an error, as it would throw there; an engine's or adapter's library is a warning naming it, as
# engines reach such code only behind a feature probe (PixiJS's unsafeEvalSupported) or a fallback (webpack's global
# object), which the developer does not rewrite and `dev` must not refuse to run.
_NATIVE_RUNTIMES = (
    "In a native game: WeChat's and Douyin's mini-game runtimes forbid it (TikTok documents no rule of its own for its native runtime, "
    "which answers to the same tt/wx API), so the game's own code is an error; inside a recognised engine, adapter or vendored library "
    "(Cocos, LayaAir, Egret, Phaser, PixiJS, three.js, Unity, Godot, weapp-adapter, libs/...) it is a warning naming the library, since "
    "engines reach it only behind a probe or fallback, and `minis-py dev` still starts."
)


def _dynamic_code(ctx: FileContext, span: Span, what: str, global_probe: bool = False, shim: str | None = None) -> Finding:
    """A finding for code evaluated from a string, as each runtime treats it."""
    if not ctx.native_runtime:
        return Finding(span, f"{what} is not allowed in TikTok Minis")
    label = shim or _library_label(ctx)
    if label is not None:
        probe = " with 'return this' (a probe for the global object)" if global_probe else ""
        return Finding(
            span,
            f"{what}{probe} in {label}: WeChat's and Douyin's mini-game runtimes forbid code from strings, and TikTok's may too",
            severity=Severity.WARNING,
            hint=f"Check that {label} does not take this path on a phone (a probe inside try, a fallback), or use its build without "
            "eval/new Function (PixiJS: @pixi/unsafe-eval).",
        )
    if global_probe:
        return Finding(
            span,
            f"{what} with 'return this' (a probe for the global object): WeChat's mini-program docs allow just this one, Douyin's name no exception",
            severity=Severity.WARNING,
            hint="Use globalThis (or GameGlobal in a mini game) instead.",
        )
    return Finding(span, f"{what} is not allowed in a mini game: WeChat's and Douyin's mini-game runtimes forbid code from strings (it throws)")


@rule(
    "MN401",
    "eval-forbidden",
    "E",
    Scope.FILE,
    summary="eval(...) (also window.eval and indirect (0, eval)); in a native game's engine or adapter library, a warning.",
    rationale="TikTok's Minis container forbids evaluating strings as code; the call throws there and the review rejects the package. " + _NATIVE_RUNTIMES,
    fix="Parse data with JSON.parse, and replace dynamic code with a lookup table of functions.",
    bad=_app("const settings = eval('(' + text + ')');\n"),
    good=_app("const settings = JSON.parse(text);\n"),
    triggers=words("eval"),
    autofix_note="replacing eval or new Function changes what the code does: it needs a rewrite",
    calls=("eval",),
)
def eval_forbidden(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for call in script.calls:
            if call.callee == "eval" and not call.is_new:
                yield _dynamic_code(ctx, script.span(call.node), "eval()", shim=_vm_shim(script, call.node))
        for alias, node in _eval_alias_calls(script):
            yield _dynamic_code(ctx, script.span(node), f"eval() through its alias {alias}", shim=_vm_shim(script, node))


def _eval_alias_calls(script: Script) -> Iterator[tuple[str, Node]]:
    """Calls of a name given eval itself (`const global_eval = eval; global_eval(code)`: Emscripten's indirect eval,
    which runs the string in the global scope and is forbidden all the same)."""
    evals = [
        d
        for d in script.declarators
        if d.value is not None and d.value.type in ("identifier", "member_expression") and script.source(d.value) in ("eval", "window.eval", "globalThis.eval")
    ]
    for alias in sorted({d.name for d in evals}):
        bindings = [(_scope_of(d.node), d) for d in script.declarators if d.name == alias]
        for found in re.finditer(rb"(?<![\w$.])" + re.escape(alias.encode()) + rb"\s*\(", script.data):
            node = script.tree.root_node.descendant_for_byte_range(found.start(), found.start() + len(alias))
            call = node.parent if node is not None else None
            if node is None or call is None or call.type != "call_expression" or call.child_by_field_name("function") != node:
                continue
            if any(_innermost_binding(script, node, alias, bindings) is d for d in evals):  # the eval alias, not another `e` of a bundle
                yield alias, call


def _scope_of(node: Node) -> Node:
    """The function (or the program) a declaration belongs to."""
    scope = node.parent
    while scope is not None and scope.type not in FUNCTION_TYPES and scope.type != "program":
        scope = scope.parent
    return scope if scope is not None else node


def _innermost_binding(script: Script, use: Node, name: str, bindings: list[tuple[Node, Declarator]]) -> Declarator | None:
    """The declarator `use` reads: the one in the innermost function around it that declares `name`, or None when a
    parameter of that name is nearer (`function b(e) { e(2) }`)."""
    scope = use.parent
    while scope is not None:
        if scope.type in FUNCTION_TYPES or scope.type == "program":
            parameters = scope.child_by_field_name("parameters") or scope.child_by_field_name("parameter")
            if parameters is not None and re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", script.source(parameters)):
                return None
            here = [d for owner, d in bindings if owner == scope]
            if here:
                return here[-1]
        scope = scope.parent
    return None


# Node's `vm` for the browser (browserify's vm-browserify, bundled into a Cocos Creator 2 project.js when a module
# requires 'vm'): Script.prototype.runInThisContext evaluates with eval, runInContext in an <iframe>. Only a call of
# vm.runIn...Context runs either: library code the developer did not write, reported as a warning in a native game.
_VM_SHIM = re.compile(r"^Script\.(?:prototype\.)?(?:runIn(?:This|New)?Context|createContext)$")


def _vm_shim(script: Script, node: Node) -> str | None:
    """ "browserify's vm shim" when `node` is inside one of its Script methods."""
    function = enclosing_function(node)
    while function is not None:
        parent = function.parent
        if parent is not None and parent.type == "assignment_expression":
            left = parent.child_by_field_name("left")
            if left is not None and _VM_SHIM.match(dotted_name(left) or ""):
                return "browserify's vm shim (vm-browserify)"
        function = enclosing_function(function)
    return None


_FUNCTION_APPLY = re.compile(rb"(?<![\w$.])Function\s*\.\s*(apply|call)\s*\(")


@rule(
    "MN402",
    "function-constructor-forbidden",
    "E",
    Scope.FILE,
    summary="new Function(...), Function(...) or Function.apply/call(...); in a native game's engine or adapter library, a library "
    "compiled into the game's bundle (known by the code it makes: function-bind, PixiJS, regenerator-runtime), a probe inside a try "
    "whose catch takes over, or the global-object probe Function('return this'), a warning.",
    rationale="The Function constructor compiles a string into code, which the Minis container forbids exactly like eval. " + _NATIVE_RUNTIMES,
    fix="Write the function out; choose between functions with an object lookup.",
    bad=_app("const add = new Function('a', 'b', 'return a + b');\n"),
    good=_app("const add = (a, b) => a + b;\n"),
    triggers=words("Function"),
    autofix_note="replacing new Function changes what the code does: it needs a rewrite",
    calls=("Function",),
)
def function_constructor_forbidden(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for match in _FUNCTION_APPLY.finditer(script.data):  # protobuf.js: `Function.apply(null, params)`, the constructor too
            node = script.tree.root_node.descendant_for_byte_range(match.start(), match.start() + len("Function"))
            while node is not None and node.type != "call_expression":
                node = node.parent
            if node is not None and script.source(node.child_by_field_name("function") or node).replace(" ", "") == "Function." + match.group(1).decode():
                yield _dynamic_code(ctx, script.span(node), f"Function.{match.group(1).decode()}()")
        for call in script.calls:
            if call.callee == "Function":
                what = f"{'new ' if call.is_new else ''}Function()"
                probe = len(call.args) == 1 and (literal_string(script, call.args[0]) or "").strip().rstrip(";").strip() == "return this"
                shim = _bundled_idiom(script, call) if ctx.native_runtime else None
                if ctx.native_runtime and shim is None and not probe and _caught(call.node) and _library_label(ctx) is None:
                    yield Finding(
                        script.span(call.node),
                        f"{what} inside a try whose catch takes over (a probe): WeChat's and Douyin's mini-game runtimes throw there, and TikTok's may too",
                        severity=Severity.WARNING,
                        hint="Check that the catch's path works without it: on a phone it is the one taken.",
                    )
                    continue
                yield _dynamic_code(ctx, script.span(call.node), what, global_probe=probe, shim=shim)
        # the constructor under a name of the script's own (`var Fn = Function; return new Fn("return " + fn);`)
        for declarator in script.declarators:
            value = unwrap(declarator.value) if declarator.value is not None else None
            if value is None or value.type != "identifier" or script.source(value) != "Function" or declarator.name == "Function":
                continue
            for use in identifier_uses(script, declarator.name):
                made = use.parent
                field = "constructor" if made is not None and made.type == "new_expression" else "function"
                if made is None or made.type not in ("new_expression", "call_expression") or made.child_by_field_name(field) != use:
                    continue
                values = _declared_in_scope(script, use, assigned=True)
                if len(values) == 1 and values[0] == declarator.value:
                    shim = _bundled_idiom(script, made) if ctx.native_runtime else None
                    what = f"{'new ' if made.type == 'new_expression' else ''}Function() (as {declarator.name})"
                    yield _dynamic_code(ctx, script.span(made), what, shim=shim)


# Library code compiled into a game's one bundle (Vite, webpack, esbuild), known by the code its Function() call makes:
# the file is the game's, the call the library's, and each is reached only where the runtime allows it.
_BUNDLED_IDIOMS = (
    # function-bind (npm; es-abstract, call-bind): its implementation, used only where Function.prototype.bind is missing
    (re.compile(r"""^\(\s*["']binder["']\s*,\s*["']return function \("""), "function-bind, bundled (used only where Function.prototype.bind is missing)"),
    # PixiJS 6/7: uniform and uniform-buffer sync code, generated only after its probe found the runtime allows it
    (re.compile(r"""^\(\s*["']ud["']\s*,\s*["']uv["']\s*,\s*["']renderer["']\s*,\s*["']syncData["']"""), "PixiJS, bundled"),
    # core-js: Function.prototype.bind's polyfill (`construct` for `new` through a bound function), used only where the
    # runtime has no native bind (`var f = Function; ... f("C,a", "return new C(" + args + ")")`)
    (re.compile(r"""^\(\s*["']C,a["']\s*,\s*["']return new C\("""), "core-js, bundled (Function.prototype.bind's polyfill, used only where bind is missing)"),
    # regenerator-runtime: the global's last-resort assignment, inside its catch for strict mode
    (re.compile(r"""^\(\s*["']r["']\s*,\s*["']regeneratorRuntime = r["']\s*\)"""), "regenerator-runtime, bundled"),
)


def _bundled_idiom(script: Script, call: Call | Node) -> str | None:
    """The library a Function() call of a bundle belongs to, known by its arguments (_BUNDLED_IDIOMS)."""
    node: Node = call.node if isinstance(call, Call) else call
    arguments = node.child_by_field_name("arguments")
    text = script.source(arguments)[:200] if arguments is not None else ""
    return next((label for pattern, label in _BUNDLED_IDIOMS if pattern.match(text)), None)


def _caught(node: Node) -> bool:
    """Whether `node` runs in the block of a try whose catch takes over, within its own function: the catch gives a
    fallback (an assignment or a return) and throws nothing (a catch that rethrows or only logs hands the failure on)."""
    current, parent = node, node.parent
    while parent is not None and parent.type not in FUNCTION_TYPES:
        handler = parent.child_by_field_name("handler") if parent.type == "try_statement" else None
        if handler is not None and parent.child_by_field_name("body") == current:
            kinds = {n.type for n in _own_descendants(handler)}
            return "throw_statement" not in kinds and bool(kinds & {"assignment_expression", "return_statement"})
        current, parent = parent, parent.parent
    return False


def _own_descendants(node: Node) -> Iterator[Node]:
    """The nodes under `node`, not entering the functions defined in it."""
    for child in node.named_children:
        yield child
        if child.type not in FUNCTION_TYPES:
            yield from _own_descendants(child)


@rule(
    "MN403",
    "string-timer-forbidden",
    "E",
    Scope.FILE,
    summary="setTimeout/setInterval with a string (or template literal) as the first argument; in a native game's engine or adapter library, a warning.",
    rationale="A string passed to a timer is evaluated as code, which the Minis container forbids. " + _NATIVE_RUNTIMES,
    fix="Pass a function: setTimeout(() => tick(), 1000).",
    bad=_app("setTimeout('tick()', 1000);\n"),
    good=_app("setTimeout(() => tick(), 1000);\n"),
    triggers=words("setTimeout", "setInterval", then=rf"{NAME_END}(?:\?\.{GAP})?(?:<[^()]*?>{GAP})?\({GAP}['\"`]"),
    autofix_note="turning the string into a function changes its scope (globals vs closures): review it",
    calls=("setTimeout", "setInterval"),
)
def string_timer_forbidden(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for call in script.calls:
            if call.callee in ("setTimeout", "setInterval") and call.args and call.args[0].type in ("string", "template_string"):
                if ctx.native_runtime:
                    yield _dynamic_code(ctx, script.span(call.args[0]), f"{call.callee} with a string (evaluated as code)")
                else:
                    yield Finding(script.span(call.args[0]), f"{call.callee} with a string evaluates it as code")


def _allowed_resource(url: str, stylesheet: bool) -> bool:
    try:
        parts = urlsplit(url if not url.startswith("//") else "https:" + url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if host == SDK_HOST or sdk_kind(url) is not None:
        return True
    if parts.path.lower().endswith(FONT_FILE_SUFFIXES):
        return True
    return stylesheet and host in FONT_CSS_HOSTS


@rule(
    "MN404",
    "external-resource",
    "E",
    Scope.FILE,
    summary="A script or stylesheet is loaded from another origin (a tag, a CSS @import, or an element created in JS).",
    rationale="TikTok Minis must ship their code in the package: scripts and stylesheets from other "
    "origins are blocked (only the Minis SDK/vConsole on connect.tiktok-minis.com and web fonts are allowed).",
    fix="Install the library with npm and bundle it, or copy the file into the project.",
    bad=Example({"page.html": '<!doctype html>\n<script src="https://cdn.jsdelivr.net/npm/lodash/lodash.min.js"></script>\n'}),
    good=Example(
        {
            "page.html": '<!doctype html>\n<script src="/vendor/lodash.min.js"></script>\n<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">\n'
        }
    ),
    markup=True,
    autofix_note="bundling or self-hosting the resource is a build change",
    calls=("createElement",),
)
def external_resource(ctx: FileContext) -> Iterator[Finding]:
    if _creates_loader(ctx):  # a script/link element made in JS: parse only then
        yield from _elements_created_in_js(ctx)
    html = ctx.html
    if html is None or ctx.native_runtime:
        return  # a page beside a native game (a web admin console, the web build's entry) is never loaded by TikTok's runtime
    for element in html.elements:
        if element.name == "script":
            attribute = element.attribute("src")
            stylesheet = False
        elif element.name == "link" and "stylesheet" in (element.get("rel") or "").lower().split():
            attribute = element.attribute("href")
            stylesheet = True
        elif element.name == "style":
            yield from _css_imports(ctx, element.content_start, element.content_end)
            continue
        else:
            continue
        if attribute is None or not attribute.value or not is_absolute_url(attribute.value):
            continue
        if not _allowed_resource(attribute.value, stylesheet):
            kind = "stylesheet" if stylesheet else "script"
            yield Finding(html.span(attribute.value_start, attribute.value_end), f"{kind} loaded from another origin: {attribute.value}")


_CREATES_LOADER = re.compile(r"""createElement\s*\(\s*['"`](?:script|link)['"`]""", re.I)
_CREATES_LOADER_LOWER = re.compile(r"""createelement\s*\(\s*['"`](?:script|link)['"`]""")


def _creates_loader(ctx: FileContext) -> bool:
    """_CREATES_LOADER.search(text), when the text names createElement. A case-insensitive search cannot skip
    ahead to a literal, so an ASCII text is searched lower-cased instead (the same matches: ASCII letters are
    the only case variants of these letters in an ASCII text), at the speed of a literal search."""
    text = ctx.text
    if "createElement" not in text:
        return False
    lower = ctx.ascii_lower()
    if lower is None:
        return _CREATES_LOADER.search(text) is not None
    return _CREATES_LOADER_LOWER.search(lower) is not None


def _elements_created_in_js(ctx: FileContext) -> Iterator[Finding]:
    """A script or stylesheet element made in JS with another origin's src/href (as analytics loaders do)."""
    for script in ctx.scripts:
        made: dict[str, bool] = {}  # variable -> is a stylesheet link
        for call in script.calls:
            tag = (literal_string(script, call.args[0]) or "").lower() if call.callee == "document.createElement" and call.args else ""
            if tag not in ("script", "link"):
                continue
            parent = call.node.parent
            declared = parent.child_by_field_name("name") if parent is not None and parent.type == "variable_declarator" else None
            if declared is not None:
                made[script.source(declared)] = tag == "link"
            elif parent is not None and parent.type == "assignment_expression":
                left = parent.child_by_field_name("left")
                name = dotted_name(left) if left is not None else None
                if name:
                    made[name] = tag == "link"
        for assignment in script.assignments:
            owner, _, attribute = assignment.target.rpartition(".")
            if owner not in made or attribute not in ("src", "href"):
                continue
            url = literal_string(script, unwrap(assignment.right)) or (
                template_text(script, assignment.right) if assignment.right.type == "template_string" else None
            )
            if url and is_absolute_url(url) and not _allowed_resource(url, made[owner]):
                if runs_outside_tiktok(script, assignment.right, ctx.root, ctx.native_runtime):
                    continue  # another platform's loader (`if (!_4399.Exist()) return;` before it): never inside TikTok
                kind = "stylesheet" if made[owner] else "script"
                yield Finding(script.span(assignment.right), f"a {kind} element created in JS loads from another origin: {url}")


def _css_imports(ctx: FileContext, start: int, end: int) -> Iterator[Finding]:
    css = _CSS_COMMENT.sub(lambda m: " " * len(m.group()), ctx.text[start:end])
    for match in _CSS_IMPORT.finditer(css):
        url = match.group(2)
        if is_absolute_url(url) and not _allowed_resource(url, True):
            yield Finding(ctx.index.span(start + match.start(2), start + match.end(2)), f"@import of a stylesheet from another origin: {url}")


@rule(
    "MN405",
    "iframe-unsupported",
    "E",
    Scope.FILE,
    summary="An <iframe> element, or document.createElement('iframe').",
    rationale="The Minis container does not render iframes; the content stays blank.",
    fix="Render the content in the page itself, or open it with TikTok's navigation APIs.",
    bad=Example({"page.html": '<!doctype html>\n<iframe src="/terms.html"></iframe>\n'}),
    good=Example({"page.html": '<!doctype html>\n<a href="/terms.html">Terms</a>\n'}),
    triggers=fragments("iframe", ignore_case=True),
    markup=True,
    autofix_note="replacing an iframe means a different way to show that content",
    calls=("createElement",),
)
def iframe_unsupported(ctx: FileContext) -> Iterator[Finding]:
    library = _library_label(ctx) if ctx.native_runtime else None
    for span, shim in _elements_made(ctx, "iframe"):
        label = (shim or library) if ctx.native_runtime else None
        if label is not None:  # an engine's WebView component, a bundled shim: runs only if the game uses it
            yield Finding(
                span,
                f"<iframe> in {label}: a native game's runtime has no iframe, so this path must not run on a phone",
                severity=Severity.WARNING,
                hint=f"Check that the game does not use what makes {label} create it (Cocos' WebView component, vm.runInContext).",
            )
        else:
            yield Finding(span, "<iframe> is not supported in TikTok Minis")


def _library_label(ctx: FileContext) -> str | None:
    from ..libraries import recognise  # start-up: only a game's files ask which library they are

    library = recognise(ctx.path, ctx.text)
    return library.label if library is not None else None


def _elements_made(ctx: FileContext, tag: str) -> Iterator[tuple[Span, str | None]]:
    """Where the file makes a `tag` element: in its markup, or with document.createElement('tag') (and whether in
    browserify's vm shim)."""
    if ctx.html is not None:
        for element in ctx.html.elements:
            if element.name == tag:
                yield ctx.html.span(element.start, element.end), None
    for script in ctx.scripts:
        for call in script.calls:
            if call.callee == "document.createElement" and call.args and (literal_string(script, call.args[0]) or "").lower() == tag:
                if runs_outside_tiktok(script, call.node, ctx.root, ctx.native_runtime):
                    continue  # another platform's reporter (`new QttTool()` only where `window.qttGame`): never made inside TikTok
                yield script.span(call.node), _vm_shim(script, call.node)


def _location_object(name: str) -> bool:
    return name in ("location", "document.location", "top.location", "parent.location")


def _own_object(script: Script, node: Node, native: bool) -> bool:
    """The chain starts with a name of the code's own that a dotted name drops as the global object's (`self`, `window`
    bound by `var self = this` or a parameter): `self.location = province` is that object's field (held-out round 33)."""
    head = re.split(r"[.?\[]", re.sub(r"\s+", "", script.source(node)), maxsplit=1)[0]
    return head in ("self", "window", "globalThis") and bound_locally(script, node, head, native)


def _location_target(name: str) -> bool:
    return name in ("location", "document.location", "top.location", "parent.location") or name.startswith(("location.", "document.location.", "top.location."))


@rule(
    "MN406",
    "forbidden-web-api",
    "E",
    Scope.FILE,
    summary="navigator.clipboard, execCommand copy/cut/paste, navigator.vibrate or navigator.geolocation (in a native game, a warning).",
    rationale="TikTok's container blocks the web's \"clipboard, location, and vibration APIs\" (Minis "
    "development guidelines): they throw or do nothing inside TikTok while working in a desktop browser. A native game's "
    'runtime has no browser at all ("no DOM or CSS"): these exist there only as far as its adapter builds them, and '
    "engines call them behind a check, so there it is a warning pointing at the platform's own API (tt.vibrateShort).",
    fix="Drop the call, or use the SDK's own API where there is one (a mini game has tt.vibrateShort / vibrateLong).",
    bad=_app("export const copy = (text) => navigator.clipboard.writeText(text);\n"),
    good=_app("export const copy = (text) => showShareSheet(text);\n"),
    triggers=words("clipboard", "vibrate", "execCommand", "geolocation"),
    autofix_note="each API has a different replacement (or none) inside TikTok: yours to choose",
    calls=("writeText", "readText", "write", "read", "vibrate", "execCommand", "getCurrentPosition", "watchPosition"),
)
def forbidden_web_api(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.native_runtime:
        yield from _forbidden_web_api(ctx)
        return
    # A native game has no browser: these exist there only as far as its adapter builds them, and an engine calls them
    # behind a check (`if (navigator.vibrate)`). What the runtime lacks is MN508's; here, a warning with the platform's way.
    from ..libraries import recognise  # start-up: only a game's files ask which library they are

    library = recognise(ctx.path, ctx.text)
    where = f" in {library.label}" if library is not None else ""
    for finding in _forbidden_web_api(ctx):
        api = finding.message.split(" uses ", 1)[0]
        yield Finding(
            finding.span,
            f"{api}{where} is a browser API that TikTok blocks in Minis and a native game's runtime does not have",
            hint=finding.hint,
            severity=Severity.WARNING,
        )


def _forbidden_web_api(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for call, finding in _web_api_calls(script):
            if ctx.native_runtime and (any(child.type == "?." for child in call.node.children) or feature_checked(script, call.node, root=ctx.root)):
                continue  # `navigator?.vibrate?.(...)`, `if (navigator.clipboard?.writeText)`: a native runtime has no such API to call
            if not runs_outside_tiktok(script, call.node, ctx.root, ctx.native_runtime):  # behind a guard false inside TikTok: the web fallback
                yield finding


def _web_api_calls(script: Script) -> Iterator[tuple[Call, Finding]]:
    """The calls of browser APIs TikTok blocks, with their findings."""
    for call in script.calls:
        name = call.callee
        if name.startswith("navigator.clipboard."):
            yield (
                call,
                Finding(
                    script.span(call.node),
                    f"{name}() uses the clipboard API, which TikTok Minis block",
                    hint="Drop it: TikTok's container has no clipboard for Minis (share through TTMinis.share instead).",
                ),
            )
        elif name == "navigator.vibrate":
            yield (
                call,
                Finding(
                    script.span(call.node),
                    "navigator.vibrate() uses the vibration API, which TikTok Minis block",
                    hint="In a mini game use tt.vibrateShort / tt.vibrateLong; in a Mini, drop it.",
                ),
            )
        elif name.startswith("navigator.geolocation."):
            yield (
                call,
                Finding(
                    script.span(call.node),
                    f"{name}() uses the location API, which TikTok Minis block",
                    hint="Drop it, or ask the user for their region in the page.",
                ),
            )
        elif name == "document.execCommand" and call.args and (literal_string(script, call.args[0]) or "").lower() in CLIPBOARD_COMMANDS:
            yield (
                call,
                Finding(
                    script.span(call.node),
                    f"document.execCommand('{literal_string(script, call.args[0])}') uses the clipboard, which TikTok Minis block",
                    hint="Drop it: TikTok's container has no clipboard for Minis.",
                ),
            )


def _defines_location(ctx: FileContext, script: Script, assignment: Assignment) -> bool:
    """A native game's adapter defining the global (`GameGlobal.location = location`, an object or a name, not a URL):
    a native runtime has no location to navigate, so its adapters make one."""
    written = re.sub(r"\s+", "", script.source(assignment.left))  # as written: dotted names drop the global object
    if not ctx.native_runtime or written.split(".", 1)[0] not in ("GameGlobal", "globalThis", "window") or written.count(".") != 1:
        return False
    value = unwrap(assignment.right)
    return value.type in ("identifier", "object", "call_expression", "new_expression") and literal_string(script, value) is None


@rule(
    "MN409",
    "location-navigation",
    "W",
    Scope.FILE,
    summary="Navigation through location (location.href =, location.assign/replace, window.location =) to another page.",
    rationale='For mini games TikTok\'s docs say "APIs related to navigation are disabled"; for dramas they list '
    "location among the forbidden web APIs, so the container may block leaving the entry page. location.reload() "
    "stays on the page and is not reported.",
    fix="Route inside the page (history.pushState, or a router); keep one entry page.",
    bad=_app("export const goHome = () => { location.href = '/home.html'; };\n"),
    good=_app("export const goHome = () => { history.pushState({}, '', '/home'); render('home'); };\n"),
    triggers=(
        *words("location", then=rf"{NAME_END}(?:(?:\?\.|\.){GAP}[\w$]+{NAME_END}|\[{GAP}['\"`][\w$]+['\"`]{GAP}\]{GAP})*{ASSIGN}"),
        *words("location", then=rf"{NAME_END}(?:\?\.|\.|\[{GAP}['\"`]){GAP}(?:assign|replace)\b"),
    ),
    autofix_note="in-app navigation (a router, TikTok's APIs) replaces it differently in each Mini",
    calls=("assign", "replace", "reload"),
)
def location_navigation(ctx: FileContext) -> Iterator[Finding]:
    if ctx.native_runtime and _library_label(ctx) is not None:
        # An engine's or library's own helper (Phaser's Net.updateQueryString) in a native game, whose runtime has no
        # page to leave (the adapter's location is inert): it is the library's, and runs only if the game calls it.
        return
    why = "TikTok disables navigation APIs in mini games" if ctx.is_game else "TikTok's container may block leaving the entry page"
    for script in ctx.scripts:
        for call in script.calls:
            target, _, method = call.callee.rpartition(".")
            # the location object's own assign/replace, not a string method on one of its parts (location.search.replace(...))
            if (
                _location_object(target)
                and method in ("assign", "replace")
                and not bound_locally(script, call.node, target.split(".", 1)[0], ctx.native_runtime)  # `function go(location) { location.assign(...) }`
                and not _own_object(script, call.node.child_by_field_name("function") or call.node, ctx.native_runtime)
                and not runs_outside_tiktok(script, call.node, ctx.root, ctx.native_runtime)
            ):
                yield Finding(script.span(call.node), f"{call.callee}() navigates to another page: {why}")
        for assignment in script.assignments:
            if (
                _location_target(assignment.target)
                and assignment.target.rsplit(".", 1)[-1] in ("location", "href", "pathname", "search", "host", "hostname", "protocol", "port", "origin")
                and not bound_locally(script, assignment.node, assignment.target.split(".", 1)[0], ctx.native_runtime)  # a parameter or variable named location
                and not _own_object(script, assignment.left, ctx.native_runtime)  # `var self = this; ... self.location = s`
                and not _defines_location(ctx, script, assignment)
                and not runs_outside_tiktok(script, assignment.node, ctx.root, ctx.native_runtime)
            ):
                yield Finding(script.span(assignment.node), f"assigning {assignment.target} navigates to another page: {why}")


@rule(
    "MN407",
    "untrusted-request-domain",
    "W",
    Scope.FILE,
    summary="fetch/XMLHttpRequest/WebSocket to an https origin not in domain.trustedDomains.",
    rationale="TikTok only lets a Mini call the origins listed in domain.trustedDomains; other requests "
    "fail in the app while working in a desktop browser. Checked only when trustedDomains is configured.",
    fix="Add the origin to domain.trustedDomains in minis.config.json, or call it through your own backend.",
    bad=Example(
        {
            "minis.config.json": '{\n  "clientKey": "awexample123",\n  "domain": { "trustedDomains": ["https://api.example.com"] }\n}\n',
            "src/api.js": "export const scores = () => fetch('https://stats.other.com/v1/scores');\n",
        }
    ),
    good=Example(
        {
            "minis.config.json": '{\n  "clientKey": "awexample123",\n  "domain": { "trustedDomains": ["https://api.example.com"] }\n}\n',
            "src/api.js": "export const scores = () => fetch('https://api.example.com/v1/scores');\n",
        }
    ),
    triggers=words("fetch", "WebSocket", "open"),
    active=lambda ctx: bool(ctx.trusted_domains),
    autofix_note="adding the domain to trustedDomains (and the Developer Portal) is a decision about your app",
    calls=("fetch", "open"),
)
def untrusted_request_domain(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.trusted_domains:
        return
    trusted = {origin_of(domain) for domain in ctx.trusted_domains}
    for script in ctx.scripts:
        for call in script.calls:
            if call.callee == "fetch" or (call.callee == "WebSocket" and call.is_new):
                url_node = call.args[0] if call.args else None
            elif call.callee.endswith(".open") and len(call.args) >= 2 and not call.is_new and call.callee != "window.open":
                url_node = call.args[1]
            else:
                continue
            if url_node is None:
                continue
            url = literal_string(script, url_node)
            if url is None and url_node.type == "template_string":
                fragments = list(url_node.named_children)
                url = script.source(fragments[0]) if fragments and fragments[0].type == "string_fragment" else None
            if not url or not url.lower().startswith(("https://", "wss://")):
                continue
            origin = origin_of(url)
            if origin and origin not in trusted:
                yield Finding(script.span(url_node), f"request to {origin}, which is not in domain.trustedDomains")


_REQUEST_METHODS = ("get", "post", "put", "patch", "delete", "head", "request")


@rule(
    "MN410",
    "relative-backend-url",
    "W",
    Scope.FILE,
    summary="Front-end code requests a relative path that only the dev server's proxy answers (also as an HTTP client's base URL: "
    "axios.create({ baseURL: '/api/v1' }), ky's prefixUrl, or a path kept under a URL's name, `const API_BASE_URL = '/api/user'`, "
    "for whatever client makes the requests; the project's tests left out).",
    rationale='A Vite server.proxy, a package.json "proxy" or a hosting rewrite sends /api/... to your backend '
    "while developing; the uploaded package has no such proxy, so inside TikTok the request goes to TikTok's host and fails.",
    fix="Call the backend's absolute https origin (from an env variable such as VITE_API_BASE) and list it in domain.trustedDomains.",
    bad=Example(
        {
            "vite.config.js": "export default { server: { proxy: { '/api': 'http://localhost:8787' } } };\n",
            "src/api.js": "export const me = () => fetch('/api/me');\n",
        }
    ),
    good=Example(
        {
            "vite.config.js": "export default { server: { proxy: { '/api': 'http://localhost:8787' } } };\n",
            "src/api.js": "export const me = () => fetch(`${import.meta.env.VITE_API_BASE}/api/me`);\n",
        }
    ),
    triggers=words("fetch", "open", "axios", "ky", *_REQUEST_METHODS)
    + fragments("url", "uri", "base", "endpoint", "prefix", "origin", "host", "api", ignore_case=True),
    active=lambda ctx: bool(ctx.proxy_prefixes),
    autofix_note="the real backend URL is yours to name (and to list in trustedDomains)",
    calls=("fetch", "open", "create", "extend", *_REQUEST_METHODS),
)
def relative_backend_url(ctx: FileContext) -> Iterator[Finding]:
    if _NOT_THE_MINIS.search(ctx.path):
        return  # a test's requests go to its own stand-ins, a dev mock server's routes and a build config are not the page's
    for script in ctx.scripts:
        reported: set[int] = set()
        for call in script.calls:
            last = call.callee.rsplit(".", 1)[-1]
            base = ""
            if call.callee in ("axios.create", "ky.create", "ky.extend") and call.args and unwrap(call.args[0]).type == "object":
                # an HTTP client whose every request is relative: `axios.create({ baseURL: '/api/v1' })`, then api.get('/dramas')
                options = unwrap(call.args[0])
                given = next((v for key in ("baseURL", "baseUrl", "prefixUrl") if (v := object_property(script, options, key)) is not None), None)
                if given is None:
                    continue
                url_node, base = given, f" (the base URL of every request of this {call.callee.split('.', 1)[0]} client)"
            elif call.callee == "fetch" and call.args:
                url_node = call.args[0]
            elif call.callee.endswith(".open") and len(call.args) >= 2 and call.callee != "window.open":
                url_node = call.args[1]
            elif call.callee.split(".", 1)[0] in ("axios", "ky", "api", "http") and last in _REQUEST_METHODS and call.args:
                url_node = call.args[0]
            else:
                continue
            node = unwrap(url_node)
            url = (
                literal_string(script, node)
                if node.type != "template_string"
                else (template_text(script, node) if not script.source(node).startswith("`${") else None)
            )
            reaches = _proxied(ctx, url)
            if reaches:
                reported.add(node.start_byte)
                yield Finding(script.span(node), f"'{url}'{base} {reaches}: in the uploaded package it goes to TikTok's host")
        # A base URL kept under a name and handed to whatever client makes the requests (a factory of another package,
        # `createUserApiClient({ baseUrl: resolveBaseUrl() })` whose resolver returns `env || DEFAULT_API_BASE_URL`):
        # a path the dev proxy answers, held by a name that says it is a URL, is reported where it is written.
        for url, node in script.path_strings():
            reaches = _proxied(ctx, url) if node.start_byte not in reported else None
            name = _holder_name(script, node) if reaches else None
            if reaches and name and _base_name(name):
                reported.add(node.start_byte)
                yield Finding(script.span(node), f"'{url}' (kept in {name}) {reaches}: in the uploaded package it goes to TikTok's host")


# Files whose requests are not the Mini's: a project's tests (a `.test.`/`.spec.` file, a top-level tests/ or e2e/
# folder, __tests__/), a dev mock server's routes (vite-plugin-mock's mock/, MSW's mocks/) and the build's config files
_NOT_THE_MINIS = re.compile(
    r"(?:^|/)(?:__tests__|__mocks__|mocks?)/|\.(?:test|spec)\.[cm]?[jt]sx?$|^(?:tests?|specs?|e2e|cypress|playwright)/|(?:^|/)[\w.-]+\.config\.[cm]?[jt]s$"
)
# A name holding a URL or its base, by its words (camelCase, snake_case): apiBaseUrl, BASE_URL, endpoint, serverOrigin,
# apiHost; not apiPrefix (a prefix requests are matched against as often as built from) nor originalPath
_BASE_WORDS = frozenset({"base", "url", "uri", "endpoint", "origin", "host", "baseurl", "baseuri"})


def _base_name(name: str) -> bool:
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", name)
    return any(word.lower() in _BASE_WORDS for word in words)


_PASS_THROUGH = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"})


def _same(a: Node | None, b: Node) -> bool:
    return a is not None and a.start_byte == b.start_byte and a.end_byte == b.end_byte


def _holder_name(script: Script, node: Node) -> str | None:
    """The name a value is kept under: the variable, property, field, parameter default or assignment target it
    initialises, through `a ?? b`, `a || b`, `c ? a : b`, parentheses and type assertions; None when it is not kept."""
    current = node
    parent = current.parent
    while parent is not None:
        operator = parent.child_by_field_name("operator") if parent.type == "binary_expression" else None
        fallback = operator is not None and operator.type in ("??", "||")
        branch = parent.type == "ternary_expression" and not _same(parent.child_by_field_name("condition"), current)
        if not (parent.type in _PASS_THROUGH or fallback or branch):
            break
        current, parent = parent, parent.parent
    if parent is None:
        return None
    fields = {
        "variable_declarator": ("value", "name"),
        "pair": ("value", "key"),
        "assignment_pattern": ("right", "left"),
        "object_assignment_pattern": ("right", "left"),
        "assignment_expression": ("right", "left"),
        "public_field_definition": ("value", "name"),
        "field_definition": ("value", "property"),
        "required_parameter": ("value", "pattern"),
        "optional_parameter": ("value", "pattern"),
    }.get(parent.type)
    if fields is None or not _same(parent.child_by_field_name(fields[0]), current):
        return None
    holder = parent.child_by_field_name(fields[1])
    if holder is None:
        return None
    if holder.type == "member_expression":
        holder = holder.child_by_field_name("property") or holder
    name = script.source(holder).strip("'\"`")
    return name if re.fullmatch(r"[\w$]+", name) else None


def _proxied(ctx: FileContext, url: str | None) -> str | None:
    """How a relative URL reaches the backend when only the dev server's proxy (or Next.js) answers it, else None."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    for prefix, where in ctx.proxy_prefixes:
        if prefix == "/" or url == prefix.rstrip("/") or url.startswith((prefix.rstrip("/") + "/", prefix)):
            return f"is answered by {where}" if where.startswith("Next.js") else f"reaches your backend only through the dev server's proxy ({where})"
    return None


@rule(
    "MN408",
    "native-video-element",
    "W",
    Scope.FILE,
    summary="A native <video> element in a drama (in HTML, JSX/TSX, a Vue/Svelte template, an HTML string, or createElement('video')): "
    "a project whose page loads TikTok's drama SDK, or whose code names episodes or dramas.",
    rationale="Drama Minis must play episodes through TikTok's player (TTMinis.getPlayer), which handles "
    "paywalls, progress and the app's playback rules; a native <video> bypasses them.",
    fix="Create the player with TTMinis.getPlayer and play episodes through it.",
    bad=Example({"episode.html": '<!doctype html>\n<video src="/ep1.mp4" controls></video>\n'}),
    good=Example({"episode.html": '<!doctype html>\n<div id="player"></div>\n'}),
    triggers=fragments("video", ignore_case=True),
    markup=True,
    autofix_note="TikTok's player (getPlayer) is a different API from <video>: a rewrite",
)
def native_video_element(ctx: FileContext) -> Iterator[Finding]:
    if ctx.is_game or not _plays_episodes(ctx):
        return  # the player rule is for dramas
    for span, _ in _elements_made(ctx, "video"):
        yield Finding(span, "native <video> element: play episodes through TTMinis.getPlayer")
    for script in ctx.scripts:
        for _, node in script.jsx_elements:
            yield Finding(script.span(node), "native <video> element in JSX: play episodes through TTMinis.getPlayer")
        for value, node in script.strings:
            if re.search(r"<video[\s/>]", value, re.I):
                yield Finding(script.span(node), "native <video> element in an HTML string: play episodes through TTMinis.getPlayer")


# What a drama's code names (its episodes, its dramas, TikTok's drama player): TikTok's player page is for "mini drama mini
# apps" (minis-player: "Mini Drama Player is the required video player for mini drama mini apps"); a video in another
# kind of app (an avatar maker's help clip, held-out round 29) is no episode
_EPISODES = re.compile(r"(?i)episode|drama|playlet|duanju|短剧|剧集")
_DRAMA_SDK = re.compile(r"tiktok-minis\.com/drama/")
# TikTok's player, `getPlayer` in a module that names TTMinis: a game SDK's `getPlayer` (Yandex's player profile, in
# Playgama's bridge: held-out round 41) is no drama's
_PLAYER = "getPlayer"


def _plays_episodes(ctx: FileContext) -> bool:
    """Whether the project is a drama: this file (its path or text), or a word in one of the project's modules, names
    episodes or dramas.
    The answer depends on those modules (noted for the cache: every module when none names one)."""
    if _EPISODES.search(ctx.path) or _EPISODES.search(ctx.text) or ctx.root is None:
        return True
    if _PLAYER in ctx.text and "TTMinis" in ctx.text:
        return True
    for page in ENTRY_HTML_CANDIDATES:  # TikTok's drama SDK on the project's page: a drama Mini by TikTok's own naming
        text = read_regular_text(os.path.join(ctx.root, page), 1 << 20, partial=True)
        if text is not None:
            note_read(page)
            if _DRAMA_SDK.search(text):
                return True
    counts = _word_counts(ctx.root)
    for word in counts:
        if _EPISODES.search(word):
            for module in _word_modules(ctx.root, word) or ():
                note_read(module)
            return True
    for module in _word_modules(ctx.root, _PLAYER) or () if _PLAYER in counts else ():
        text = read_regular_text(os.path.join(ctx.root, module), 1 << 20, partial=True)
        note_read(module)
        if text is not None and "TTMinis" in text:
            return True
    for module in _project_modules(ctx.root):
        note_read(module)
    return False


# Web video players and streaming engines dramas use instead of TikTok's (npm name -> what to call it). hls.js, dash.js,
# flv.js and mpegts.js drive a native <video>; BytePlus's VePlayer from npm is not the one TikTok's SDK hands out.
THIRD_PARTY_PLAYERS: dict[str, str] = {
    "hls.js": "hls.js",
    "video.js": "Video.js",
    "xgplayer": "xgplayer",
    "xgplayer-hls": "xgplayer",
    "xgplayer-hls.js": "xgplayer",
    "plyr": "Plyr",
    "plyr-react": "Plyr",
    "dashjs": "dash.js",
    "shaka-player": "Shaka Player",
    "react-player": "ReactPlayer",
    "vidstack": "Vidstack",
    "@vidstack/react": "Vidstack",
    "video-react": "video-react",
    "flv.js": "flv.js",
    "mpegts.js": "mpegts.js",
    "dplayer": "DPlayer",
    "artplayer": "ArtPlayer",
    "@mux/mux-player": "Mux Player",
    "@mux/mux-player-react": "Mux Player",
    "@clappr/player": "Clappr",
    "clappr": "Clappr",
    "mediaelement": "MediaElement.js",
    "fluid-player": "Fluid Player",
    "vue-video-player": "vue-video-player",
    "vue3-video-play": "vue3-video-play",
    "griffith": "Griffith",
    "@byteplus/veplayer": "VePlayer from npm",
    "@volcengine/veplayer": "VePlayer from npm",
}
_CDN_PACKAGE = re.compile(r"(?:cdn\.jsdelivr\.net/npm/|unpkg\.com/|cdnjs\.cloudflare\.com/ajax/libs/)((?:@[\w.-]+/)?[\w.-]+?)(?:@[^/]*)?(?:/|$)")


def _player_package(spec: str) -> str | None:
    """The player package a module specifier or a CDN URL loads (`hls.js`, `video.js/dist/video.min.js`), else None."""
    found = _CDN_PACKAGE.search(spec) if "://" in spec or spec.startswith("//") else None
    name = found.group(1) if found else spec
    for package in THIRD_PARTY_PLAYERS:
        if name == package or name.startswith(package + "/") or (found is not None and name.rsplit(".min", 1)[0] == package):
            return package
    return None


@rule(
    "MN412",
    "third-party-video-player",
    "W",
    Scope.FILE,
    summary="A drama loads a third-party or npm video player (hls.js, Video.js, xgplayer, Plyr, ReactPlayer...) instead of TikTok's Mini Drama Player.",
    rationale="After drama content is submitted for review it must play in TikTok's Mini Drama Player (TTMinis.getPlayer): "
    '"Third-party players and native HTML video aren\'t allowed" (developers.tiktok.com/doc/minis-player); '
    "TikTok replaces them with a blocked screen.",
    fix="Play episodes with the player TTMinis.getPlayer() resolves to (VePlayer), from the episode's vid and play credential.",
    bad=Example(
        {
            "src/episode.js": "import Hls from 'hls.js';\n\nexport function play(video, url) {\n  const hls = new Hls();\n  hls.loadSource(url);\n"
            "  hls.attachMedia(video);\n}\n"
        }
    ),
    good=Example(
        {
            "src/episode.js": "export async function play(root, episode) {\n  const VePlayer = await TTMinis.getPlayer();\n"
            "  return new VePlayer({ root, ...episode });\n}\n"
        }
    ),
    triggers=fragments(*THIRD_PARTY_PLAYERS),
    markup=True,
    autofix_note="TikTok's player takes a vid and a play credential from your server, not a video URL: a rewrite",
)
def third_party_video_player(ctx: FileContext) -> Iterator[Finding]:
    if ctx.is_game:
        return  # the player rule is for dramas
    loaded: list[tuple[Span, str]] = []  # (where, what) for every script tag, import and CDN URL
    if ctx.html is not None:
        for element in ctx.html.scripts():
            attribute = element.attribute("src")
            if attribute is not None and attribute.value:
                loaded.append((ctx.html.span(attribute.value_start, attribute.value_end), attribute.value))
    for script in ctx.scripts:
        loaded += [(script.span(node), spec) for spec, node in script.imports]
        loaded += [(script.span(node), value) for value, node in script.strings if "://" in value]
    seen: set[str] = set()
    for span, spec in sorted(loaded, key=lambda item: item[0]):
        package = _player_package(spec)
        if package is None or THIRD_PARTY_PLAYERS[package] in seen:
            continue  # one finding per player and file: its first load
        label = THIRD_PARTY_PLAYERS[package]
        seen.add(label)
        yield Finding(
            span,
            f"{label} ({spec if len(spec) <= 60 else package}) plays episodes outside TikTok's Mini Drama Player: TikTok blocks third-party players",
            hint="Play episodes through TTMinis.getPlayer() (developers.tiktok.com/doc/minis-player).",
        )
