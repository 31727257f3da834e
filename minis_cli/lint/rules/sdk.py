"""MN1xx: loading the TTMinis SDK and initialising it with the right client key (the entry page)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ...source.javascript import Script
from ...source.modules import resolve_import
from ...source.page import PageScript
from ...source.sdk import GAME_INIT, INIT, PLACEHOLDER, ClientKey, init_calls, placeholder_key, resolve_client_key, sdk_insertion
from ...source.syntax import Call, descendants, enclosing_function, literal_string, member_property, object_property, unwrap
from ...tiktok import LEGACY_SDK_URL, SDK_URLS, is_absolute_url, sdk_kind
from ..context import FileContext, Finding, PageContext
from ..guards import feature_checked
from ..model import Example, Scope, Severity, Trigger
from .registry import BASELINE_FILES, rule, words

if TYPE_CHECKING:
    from tree_sitter import Node

    from ...fixes import Fix  # start-up: only a finding with a fix loads the edit engine


def page_html(head: str = "", body: str = "") -> str:
    return '<!doctype html>\n<html>\n<head>\n  <meta charset="utf-8">\n' + head + "</head>\n<body>\n" + body + "</body>\n</html>\n"


SDK_TAG = f'  <script src="{SDK_URLS[0]}"></script>\n'
INIT_ONLY = '  <script>\n    TTMinis.init({ clientKey: "awexample123" });\n  </script>\n'
LOGIN_ONLY = "  <script>\n    TTMinis.login({ success: signIn, fail: showSignedOut });\n  </script>\n"
# With the silent login a drama must make (MN207), so examples about other rules pass it.
GOOD_INIT = '  <script>\n    TTMinis.init({ clientKey: "awexample123" });\n    TTMinis.login({ success: signIn, fail: showSignedOut });\n  </script>\n'


# --- fixes ------------------------------------------------------------------------------------------------


def _literal_fix(key: ClientKey, value: str, message: str) -> Fix | None:
    """Replace a string literal's content (its quotes kept); only for a plain literal in the key's own script."""
    node = key.node
    if node is None or getattr(node, "type", "") != "string":
        return None
    start, end = key.script.offsets(node)
    from ...fixes import replace  # start-up: only a finding with a fix loads the edit engine

    return replace(start + 1, end - 1, value, message, path=key.script.path or None)


def _usable_key(ctx: PageContext) -> str | None:
    """The expected key when it can be written into the page (see _expected_is_usable), else None."""
    return ctx.expected.value if ctx.expected is not None and _expected_is_usable(ctx) else None


def _expected_is_usable(ctx: PageContext) -> bool:
    """A key to write into the page: known, real, and not the page's own init call."""
    return ctx.expected is not None and bool(ctx.expected.value) and not PLACEHOLDER.match(ctx.expected.value) and not ctx.expected.from_init_call


def is_top_level(node: Node) -> bool:
    """Runs as the script loads: not inside a function, unless that function is called at once (IIFE)."""
    function = enclosing_function(node)
    while function is not None:
        parent = function.parent
        while parent is not None and parent.type == "parenthesized_expression":
            parent = parent.parent
        if parent is None or parent.type != "call_expression":
            return False
        function = enclosing_function(parent)
    return True


@rule(
    "MN101",
    "sdk-script-missing",
    "E",
    Scope.PAGE,
    summary="The entry HTML does not load the Minis SDK.",
    rationale="`window.TTMinis` only exists once the page loads TikTok's SDK script "
    "(https://connect.tiktok-minis.com/drama/sdk.js or /game/sdk.js); every login and authorize call fails without it.",
    fix=f'Add <script src="{SDK_URLS[0]}"></script> (or /game/sdk.js for a mini game) to <head>, before TTMinis.init.',
    bad=Example({"index.html": page_html(GOOD_INIT)}),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT)}),
    autofix="safe",
    autofix_note="inserts the SDK tag after <head> (after its <meta charset>), the same code as init --existing; none when the page has no <head>",
)
def sdk_script_missing(ctx: PageContext) -> Iterator[Finding]:
    if any(ps.is_sdk for ps in ctx.scripts):
        return
    from ...fixes import Fix  # start-up: only a finding with a fix loads the edit engine

    injected = injected_by(ctx, "tiktok-minis.com/")
    if injected:
        yield Finding(
            None,
            f"{ctx.path} has no Minis SDK tag; {injected} adds it at build time: `minis-py build` checks the built page",
            severity=Severity.WARNING,
            hint="Run your build and `minis-py build` to check the page TikTok gets (or add the tag to the source page).",
        )
        return
    text = ctx.html.index.text if ctx.html is not None else ""
    game = ctx.project.is_html_game  # an HTML game's SDK is the games SDK, and only that one is named (message, hint, fix)
    url = SDK_URLS[1] if game else SDK_URLS[0]
    edit = sdk_insertion(text, True, None, sdk_url=url)
    fix = Fix(f"insert the SDK tag ({url}) after <head>", (edit,)) if edit else None
    urls = url if game else f"{SDK_URLS[0]} or {SDK_URLS[1]}"
    hint = f'Add <script src="{url}"></script> to <head>, before {GAME_INIT}.' if game else None
    yield Finding(None, f"{ctx.path} does not load the Minis SDK ({urls})", autofix=fix, hint=hint)


def injected_by(ctx: PageContext, needle: str) -> str | None:
    """Where a build step adds `needle` to the page when the source page lacks it: the build output's own
    entry page, or a build-side file (a Vite plugin's transformIndexHtml in vite.config.*, a post-build
    script) that writes it. None when nothing does."""
    project = ctx.project
    output = (project.config.output_dir or "").strip("/")
    if output and output != "." and not project.output_dir_is_source and not project.everything_frontend:
        built = f"{output}/{ctx.path.rsplit('/', 1)[-1]}"
        if project.exists(built) and needle in (project.read(built).text or ""):
            return f"the build (its output {built} has it)"
    candidates = [f"vite.config.{ext}" for ext in ("ts", "js", "mjs", "mts", "cjs")]
    candidates += [f.path for f in project.files if f.path.split("/", 1)[0] in ("scripts", "build", "plugins", "tools") and f.language in ("js", "ts")]
    for path in candidates:
        if project.exists(path) and needle in (project.read(path).text or ""):
            return path
    return None


@rule(
    "MN102",
    "sdk-init-missing",
    "E",
    Scope.PAGE,
    summary="No init call (TTMinis.init, or TTMinis.game.init in an HTML-runtime game; also through an alias, a getter, a parameter or a dispatch "
    "wrapper) in the entry HTML's scripts or the modules they import.",
    rationale="TikTok requires TTMinis.init({ clientKey }) before any other SDK call; without it login and authorize fail.",
    fix='Call TTMinis.init({ clientKey: "<your client key>" }) in a script right after the SDK tag (TTMinis.game.init after game/sdk.js in an HTML-runtime '
    "game).",
    bad=Example({"index.html": page_html(SDK_TAG + LOGIN_ONLY)}),
    good=Example({"index.html": page_html(SDK_TAG + INIT_ONLY + LOGIN_ONLY)}),
    autofix="safe",
    autofix_note="inserts <script>TTMinis.init({ clientKey })</script> (TTMinis.game.init in an HTML-runtime game) with the expected key right after the SDK "
    "tag (else after <head>); none when no key is known",
    calls=("init",),
)
def sdk_init_missing(ctx: PageContext) -> Iterator[Finding]:
    if init_calls(ctx):
        return
    from ...fixes import Fix  # start-up: only a finding with a fix loads the edit engine

    injected = None if any(ps.is_sdk for ps in ctx.scripts) else injected_by(ctx, ".init(")
    if injected:
        yield Finding(
            None,
            f"no init call in {ctx.path} or the scripts it loads; {injected} seems to add it at build time: `minis-py build` checks the built page",
            severity=Severity.WARNING,
        )
        return
    fix = None
    game = ctx.project.is_html_game
    init = GAME_INIT if game else INIT  # an HTML game initialises the games SDK (MN111): message, hint and fix say so
    key = _usable_key(ctx)
    if key is not None and ctx.html is not None:
        sdk = next((ps for ps in ctx.scripts if ps.is_sdk and ps.element is not None), None)
        after = _element_end(ctx, sdk) if sdk is not None else None
        edit = sdk_insertion(ctx.html.index.text, False, key, after=after, init=init)
        fix = Fix(f'insert {init}({{ clientKey: "{key}" }}) after the SDK tag', (edit,)) if edit else None
    hint = f'Call {init}({{ clientKey: "<your client key>" }}) in a script right after the games SDK tag ({SDK_URLS[1]}).' if game else None
    yield Finding(None, f"no {init}(...) call in {ctx.path} or the scripts it loads", autofix=fix, hint=hint)


def _element_end(ctx: PageContext, ps: PageScript) -> int | None:
    """Where the SDK <script> element ends (after its </script>)."""
    text = ctx.html.index.text if ctx.html is not None else ""
    close = re.compile(r"</script\s*>", re.I).search(text, ps.element.end)
    return close.end() if close else None


@rule(
    "MN103",
    "sdk-init-before-load",
    "E",
    Scope.PAGE,
    summary="TTMinis.init runs before the SDK script has loaded.",
    rationale="A script runs as soon as it is parsed: init in a script before the SDK tag, or inline while "
    "the SDK tag is async/defer/module, finds no `window.TTMinis` and throws.",
    fix="Put the SDK <script> tag first, without async/defer/type=module, and call TTMinis.init after it.",
    bad=Example({"index.html": page_html(SDK_TAG.replace("<script ", "<script async ") + GOOD_INIT)}),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT)}),
    autofix="safe",
    autofix_note="drops async/defer from the SDK tag; none for an init placed before the tag or a type=module tag (moving scripts is a change to review)",
    calls=("init",),
)
def sdk_init_before_load(ctx: PageContext) -> Iterator[Finding]:
    sdk = next((ps for ps in ctx.scripts if ps.is_sdk), None)
    if sdk is None:
        return
    for page_script, script, call in init_calls(ctx):
        if not is_top_level(call.node):
            continue
        if sdk.is_async or sdk.is_deferred:
            if page_script.execution_key[0] == 0 or sdk.is_async:
                kind = "async" if sdk.is_async else ("type=module" if sdk.is_module else "defer")
                yield Finding(
                    script.span(call.node),
                    f"TTMinis.init runs synchronously but the SDK tag is {kind}: it may not have loaded yet",
                    path=script.path,
                    autofix=_drop_async(ctx, sdk),
                )
        elif page_script.execution_key < sdk.execution_key:
            line = ctx.html.span(sdk.element.start, sdk.element.end).line
            yield Finding(script.span(call.node), f"TTMinis.init runs before the SDK script (loaded at {ctx.path}:{line})", path=script.path)


def _drop_async(ctx: PageContext, sdk: PageScript) -> Fix | None:
    from ...fixes import Edit, Fix  # start-up: only a finding with a fix loads the edit engine

    if sdk.is_module or ctx.html is None:
        return None
    text = ctx.html.index.text
    edits = []
    for name in ("async", "defer"):
        attribute = sdk.element.attribute(name)
        if attribute is not None:
            start = attribute.start
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            edits.append(Edit(start, attribute.end, ""))
    return Fix("drop async/defer from the SDK tag", tuple(edits), path=ctx.path) if edits else None


@rule(
    "MN104",
    "client-key-mismatch",
    "E",
    Scope.PAGE,
    summary="The clientKey passed to TTMinis.init differs from the expected key.",
    rationale="TikTok checks the clientKey against the app that hosts the Mini; a key from another app "
    "(a copy-paste from a sample, a staging key) makes every login fail inside TikTok.",
    fix="Pass the key from minis.config.json (or fix minis.config.json if the page is right).",
    bad=Example({"index.html": page_html(SDK_TAG + GOOD_INIT.replace("awexample123", "awsample999"))}),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT)}),
    autofix="safe",
    autofix_note="sets the init call's literal to the expected key when that key comes from a config file, --client-key or MINIS_CLIENT_KEY; none for a key "
    "from a variable or an env file",
    calls=("init",),
)
def client_key_mismatch(ctx: PageContext) -> Iterator[Finding]:
    if ctx.expected is None:
        return
    for _, script, call in init_calls(ctx):
        key = resolve_client_key(ctx, script, call)
        if key.state == "value" and key.value and not PLACEHOLDER.match(key.value) and not placeholder_key(key.value) and key.value != ctx.expected.value:
            yield Finding(
                script.span(key.node),
                f"clientKey '{key.value}'{key.origin} does not match {ctx.expected.source} '{ctx.expected.value}'",
                path=script.path,
                autofix=_literal_fix(key, ctx.expected.value, f"set clientKey to '{ctx.expected.value}' ({ctx.expected.source})")
                if _expected_is_usable(ctx) and not key.origin
                else None,
            )


@rule(
    "MN105",
    "client-key-invalid",
    "E",
    Scope.PAGE,
    summary="TTMinis.init has no clientKey, an empty one, or a placeholder.",
    rationale="The SDK cannot identify the app without a real client key; placeholders from TikTok's "
    "samples (`your_client_key`, `{app-client-key}`) fail the same way.",
    fix='Pass your app\'s client key from the developer portal: TTMinis.init({ clientKey: "aw..." }).',
    bad=Example({"index.html": page_html(SDK_TAG + GOOD_INIT.replace("awexample123", "your_client_key"))}),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT)}),
    autofix="safe",
    autofix_note="an empty or placeholder literal becomes the expected key when one is known (config, --client-key, MINIS_CLIENT_KEY); none for a missing "
    "clientKey",
    calls=("init",),
)
def client_key_invalid(ctx: PageContext) -> Iterator[Finding]:
    for _, script, call in init_calls(ctx):
        key = resolve_client_key(ctx, script, call)
        if key.state == "missing":
            yield Finding(script.span(key.node), "TTMinis.init is called without a clientKey", path=script.path)
        elif key.state == "value" and not (key.value or "").strip():
            yield Finding(script.span(key.node), "TTMinis.init gets an empty clientKey", path=script.path, autofix=_key_fix(ctx, key))
        elif key.state == "value" and (PLACEHOLDER.match(key.value or "") or placeholder_key(key.value or "")):  # MN010's list too: YOUR_TIKTOK_CLIENT_KEY
            yield Finding(script.span(key.node), f"clientKey '{key.value}' is a placeholder, not a client key", path=script.path, autofix=_key_fix(ctx, key))


def _key_fix(ctx: PageContext, key: ClientKey) -> Fix | None:
    expected = ctx.expected
    if expected is None or not _expected_is_usable(ctx) or key.origin:
        return None
    return _literal_fix(key, expected.value, f"set clientKey to '{expected.value}' ({expected.source})")


@rule(
    "MN106",
    "sdk-legacy-url",
    "W",
    Scope.PAGE,
    summary="The SDK is loaded from the legacy developers.tiktok.com/js/minis.js URL.",
    rationale="TikTok's current docs serve the SDK from connect.tiktok-minis.com (drama and game builds); the legacy URL may lag behind or go away.",
    fix=f"Load {SDK_URLS[0]} (or /game/sdk.js for a mini game) instead.",
    bad=Example({"index.html": page_html(f'  <script src="{LEGACY_SDK_URL}"></script>\n' + GOOD_INIT)}),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT)}),
    autofix="safe",
    autofix_note=f"the legacy URL becomes {SDK_URLS[0]} (the same SDK, at TikTok's current address)",
)
def sdk_legacy_url(ctx: PageContext) -> Iterator[Finding]:
    for ps in ctx.scripts:
        if ps.is_sdk and ps.src and sdk_kind(ps.src) == "legacy":
            from ... import fixes  # start-up: only a finding with a fix loads the edit engine

            attribute = ps.element.attribute("src")
            assert attribute is not None
            yield Finding(
                ctx.html.span(attribute.value_start, attribute.value_end),
                f"the SDK is loaded from the legacy URL {ps.src}",
                autofix=fixes.replace(attribute.value_start, attribute.value_end, SDK_URLS[0], f"load the SDK from {SDK_URLS[0]}"),
            )


@rule(
    "MN107",
    "client-key-unresolved",
    "W",
    Scope.PAGE,
    summary="clientKey is an expression minis-py cannot resolve statically.",
    rationale="minis-py resolves string literals, a `const` with a literal value in the same script, Vite's "
    "%VITE_X% placeholders, import.meta.env.X and process.env.X (NEXT_PUBLIC_X; from .env, .env.local, .env.development, "
    ".env.development.local), and `${...}` of those in an init embedded in a template (Next.js's dangerouslySetInnerHTML); "
    "anything else cannot be compared with the expected key, so a mismatch would go unseen.",
    fix="Pass a literal, a const, or a VITE_ variable defined in a .env file.",
    bad=Example({"index.html": page_html(SDK_TAG + "  <script>\n    TTMinis.init({ clientKey: window.APP_CONFIG.key });\n  </script>\n")}),
    good=Example(
        {
            "index.html": page_html(
                SDK_TAG
                + '  <script>\n    TTMinis.init({ clientKey: "%VITE_TIKTOK_CLIENT_KEY%" });\n    TTMinis.login({ success: signIn, fail: showSignedOut });\n '
                " </script>\n"
            ),
            ".env": "VITE_TIKTOK_CLIENT_KEY=awexample123\n",
        }
    ),
    autofix_note="the key lives in a variable or an env file minis-py cannot resolve: which value is right is yours",
    calls=("init",),
)
def client_key_unresolved(ctx: PageContext) -> Iterator[Finding]:
    for _, script, call in init_calls(ctx):
        key = resolve_client_key(ctx, script, call)
        if key.state == "unresolved":
            shown = script.source(key.node)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            yield Finding(script.span(key.node), f"cannot resolve clientKey `{shown}`{key.origin}", path=script.path)


@rule(
    "MN108",
    "sdk-init-duplicate",
    "E",
    Scope.PAGE,
    summary="TTMinis.init is called more than once on the page (an error with different keys, a warning with the same).",
    rationale="The SDK keeps one app identity per page: a second init with another key switches apps "
    "half-way, and a repeated one with the same key is dead code that hides which one is real.",
    fix="Keep a single TTMinis.init call, right after the SDK tag.",
    bad=Example(
        {"index.html": page_html(SDK_TAG + GOOD_INIT + '  <script>\n    TTMinis.init({ clientKey: "awother456" });\n  </script>\n')}, client_key="awexample123"
    ),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT)}),
    autofix_note="removing a call may remove code around it; the duplicate init is yours to delete",
    calls=("init",),
)
def sdk_init_duplicate(ctx: PageContext) -> Iterator[Finding]:
    calls = init_calls(ctx)
    if len(calls) < 2:
        return
    _, first_script, first_call = calls[0]
    first_key = resolve_client_key(ctx, first_script, first_call)
    first_line = first_script.span(first_call.node).line
    for _, script, call in calls[1:]:
        key = resolve_client_key(ctx, script, call)
        same = (
            key.value == first_key.value
            if key.state == first_key.state == "value"
            else (key.state == first_key.state and script.source(key.node) == first_script.source(first_key.node))
        )
        where = f"{first_script.path}:{first_line}"
        if same:
            yield Finding(
                script.span(call.node), f"TTMinis.init is called again with the same key (first at {where})", severity=Severity.WARNING, path=script.path
            )
        else:
            yield Finding(script.span(call.node), f"TTMinis.init is called again with a different key (first at {where})", path=script.path)


@rule(
    "MN109",
    "sdk-script-insecure",
    "E",
    Scope.PAGE,
    summary="The SDK URL uses http: or a protocol-relative // URL.",
    rationale="TikTok serves Minis over https; an http: SDK is blocked as mixed content, and a `//` URL "
    "breaks when the page is opened from a file or another scheme.",
    fix=f"Use the full https URL: {SDK_URLS[0]}.",
    bad=Example({"index.html": page_html('  <script src="//connect.tiktok-minis.com/drama/sdk.js"></script>\n' + GOOD_INIT)}),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT)}),
    autofix="safe",
    autofix_note="http: and // become https: (TikTok serves the SDK over https only)",
)
def sdk_script_insecure(ctx: PageContext) -> Iterator[Finding]:
    for ps in ctx.scripts:
        if ps.is_sdk and ps.src and not ps.src.strip().lower().startswith("https:"):
            from ... import fixes  # start-up: only a finding with a fix loads the edit engine

            attribute = ps.element.attribute("src")
            assert attribute is not None
            src = ps.src.strip()
            secure = "https:" + src if src.startswith("//") else re.sub(r"^http:", "https:", src, flags=re.I)
            fix = (
                fixes.replace(attribute.value_start, attribute.value_end, secure, f"load the SDK over https ({secure})")
                if secure.lower().startswith("https://")
                else None
            )
            yield Finding(
                ctx.html.span(attribute.value_start, attribute.value_end), f"the SDK is loaded over an insecure URL '{ps.src}': use https", autofix=fix
            )


assert BASELINE_FILES["index.html"].count(SDK_URLS[0]) == 1  # the baseline uses the same SDK tag


@rule(
    "MN110",
    "sdk-loaded-twice",
    "W",
    Scope.PAGE,
    summary="The page loads the Minis SDK more than once (two SDK tags; the drama and the game SDK; the current and the legacy URL).",
    rationale="Each load defines window.TTMinis afresh: the later script replaces the object the first init "
    "set up, so calls after it run on an uninitialised SDK.",
    fix="Keep one SDK tag: the drama SDK for a Mini, the game SDK for an HTML-runtime game.",
    bad=Example({"index.html": page_html(SDK_TAG + SDK_TAG + GOOD_INIT)}),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT)}),
    autofix="safe",
    autofix_note="removes a later tag with exactly the first one's URL (a pure duplicate); none when the two differ (drama and game, current and legacy): "
    "which to keep is yours",
)
def sdk_loaded_twice(ctx: PageContext) -> Iterator[Finding]:
    loads = [ps for ps in ctx.scripts if ps.is_sdk]
    if len(loads) < 2:
        return
    first = ctx.html.span(loads[0].element.start, loads[0].element.end)
    for ps in loads[1:]:
        attribute = ps.element.attribute("src")
        assert attribute is not None
        yield Finding(
            ctx.html.span(attribute.value_start, attribute.value_end),
            f"the Minis SDK is loaded again ({ps.src}; first at {ctx.path}:{first.line}): the later load replaces the initialised TTMinis",
            autofix=_remove_tag(ctx, ps) if ps.src == loads[0].src else None,
        )


def _remove_tag(ctx: PageContext, ps: PageScript) -> Fix | None:
    """The edit removing one <script ...></script> element, with its own line when it has one."""
    from ...fixes import Edit, Fix  # start-up: only a finding with a fix loads the edit engine

    text = ctx.html.index.text if ctx.html is not None else ""
    end = _element_end(ctx, ps)
    if end is None:
        return None
    start = ps.element.start
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip():
        start = line_start
        line_end = text.find("\n", end)
        if line_end != -1 and not text[end:line_end].strip():
            end = line_end + 1
    return Fix("remove the duplicate SDK tag", (Edit(start, end, ""),), path=ctx.path)


@rule(
    "MN111",
    "init-namespace-mismatch",
    "E",
    Scope.PAGE,
    summary="The init call does not fit the project kind: TTMinis.init in a mini game, or TTMinis.game.init on the drama SDK.",
    rationale="HTML-runtime games initialise the games SDK with TTMinis.game.init; dramas initialise with "
    "TTMinis.init. The other call does not exist on that SDK (or sets up the wrong product), so login fails.",
    fix="Call TTMinis.game.init({ clientKey }) in a game (game/sdk.js, minigame.config.json), TTMinis.init({ clientKey }) in a drama.",
    bad=Example({"index.html": page_html(SDK_TAG + '  <script>\n    TTMinis.game.init({ clientKey: "awexample123" });\n  </script>\n')}),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT)}),
    autofix_note="a project kind mismatch means the SDK or the project kind is wrong, and which one is yours to say",
    calls=("init",),
)
def init_namespace_mismatch(ctx: PageContext) -> Iterator[Finding]:
    kinds = {sdk_kind(ps.src or "") for ps in ctx.scripts if ps.is_sdk}
    game = "game" in kinds or (ctx.project.games_config_file is not None and "drama" not in kinds)
    drama = "drama" in kinds and not game
    for _, script, call in init_calls(ctx):
        if game and call.callee == INIT:
            why = "the page loads the games SDK" if "game" in kinds else "the project has minigame.config.json"
            yield Finding(script.span(call.node), f"{call.written}() in a mini game ({why}): HTML-runtime games call TTMinis.game.init", path=script.path)
        elif drama and call.callee == GAME_INIT:
            yield Finding(script.span(call.node), f"{call.written}() on the drama SDK (drama/sdk.js): a Mini calls TTMinis.init", path=script.path)


def _undocumented_after() -> str:
    """What may follow `TTMinis` where MN208 could find something: anything but `.documentedApi` (an alias
    `= window.TTMinis;`, a cast, a bracket) or `.game.` + anything but a documented games API."""
    from ...sdk_api import DRAMA_APIS, GAME_APIS  # start-up: only code that calls the SDK reads its declared surface

    drama = "|".join(sorted(DRAMA_APIS, key=len, reverse=True))
    game = "|".join(sorted(GAME_APIS, key=len, reverse=True))
    dot = r"\s*\??\.\s*"
    return rf"(?!{dot}(?:(?:{drama})(?![\w$])|game{dot}(?:{game})(?![\w$])))"


_UNDOCUMENTED_AFTER = _undocumented_after()


def _nearest(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else ""


@rule(
    "MN208",
    "sdk-api-unknown",
    "E",
    Scope.FILE,
    summary="A call to TTMinis.X / TTMinis.game.X (or through an alias, a getter, a parameter or a dispatch wrapper) where X is not a documented API of "
    "that namespace.",
    rationale="TikTok's SDK only has its documented functions: a call to any other (TTMinis.getUserInfo, "
    "which TikTok does not provide; a typo) throws `is not a function` inside TikTok.",
    fix="Use the documented API the message names (the profile comes from your backend after TTMinis.authorize).",
    bad=Example({"src/profile.js": "export const load = () => TTMinis.getUserInfo({ success: show });\n"}),
    good=Example({"src/profile.js": "export const load = () => TTMinis.authorize({ scope: 'user.info.basic', success: show, fail: show });\n"}),
    # and a name that contains it (`useTTMinis`, `getTTMinis`): a wrapper imported from another module (issue 30)
    triggers=words("TTMinis", then=_UNDOCUMENTED_AFTER) + (Trigger("TTMinis", then=r"(?<=[A-Za-z0-9_$]TTMinis)|(?=[A-Za-z0-9_$])", word=False),),
    autofix_note="the right API is a guess from the name; the message suggests the nearest documented one",
)
def sdk_api_unknown(ctx: FileContext) -> Iterator[Finding]:
    from ...sdk_api import DRAMA_APIS, GAME_APIS  # start-up: only code that calls the SDK reads its declared surface

    for script in ctx.scripts:
        for call in script.calls:
            if call.is_new or not call.callee.startswith("TTMinis.") or call.written.split(".", 1)[0] in ("tt", "wx"):
                continue
            parts = call.callee.split(".")
            if parts[1] == "game":
                if len(parts) != 3:
                    continue
                api, known, namespace = parts[2], GAME_APIS, "TTMinis.game"
            else:
                if len(parts) != 2:
                    continue
                api, known, namespace = parts[1], DRAMA_APIS, "TTMinis"
            if api in known:
                continue
            if feature_checked(script, call.node, root=ctx.root):
                continue  # `if (typeof sdk.navigateToScene === 'function') sdk.navigateToScene(...)`: never called where it is absent
            nearest = _nearest(api, known)
            hint = f"Did you mean {namespace}.{nearest}? " if nearest else ""
            if api in ("getUserInfo", "getUserProfile"):
                hint = "TikTok's SDK has no user-info call: authorize with TTMinis.authorize, then read /v2/user/info/ on your backend. "
            yield Finding(
                script.span(call.node),
                f"{call.written}() is not a documented {namespace} API",
                hint=hint + "The documented APIs are on TikTok's SDK reference pages.",
            )


def _shape_checked_apis() -> tuple[str, ...]:
    """The declared APIs MN210 has something to check on: a call shape to hold, a required or a listed value."""
    from ...sdk_api import declaration  # start-up: only code that calls the SDK reads its declared surface

    names = set()
    for apis in declaration()["namespaces"].values():
        for name, spec in apis.items():
            params = spec.get("params") or {}
            if spec["call"] in ("callback_options", "sync", "constructor") or any(p.get("required") or p.get("values") for p in params.values()):
                names.add(name)
    return tuple(sorted(names - {"init"}))  # init's key: MN10x


_CALLBACK_SHAPES = ("callback_options", "callback_or_options", "options", "options_callback")


def _result_apis() -> tuple[str, ...]:
    """The APIs whose result the code can misuse: the callback APIs (they return no Promise) and init (nothing)."""
    from ...sdk_api import declaration  # start-up: only code that calls the SDK reads its declared surface

    names = {name for apis in declaration()["namespaces"].values() for name, spec in apis.items() if spec["call"] in _CALLBACK_SHAPES}
    return tuple(sorted(names | {"init"}))


def _valueless_apis() -> tuple[str, ...]:
    """The callback APIs that return nothing (no task: sdk_api.json's `returns`): their result is undefined."""
    from ...sdk_api import declaration  # start-up: only code that calls the SDK reads its declared surface

    apis = declaration()["namespaces"].values()
    return tuple(sorted({name for group in apis for name, spec in group.items() if spec["call"] in _CALLBACK_SHAPES and not spec.get("returns")}))


def _trie(words: Iterable[str]) -> str:
    """Literal words as one alternation factored by common prefixes: one step per character, not one try per word."""
    words = sorted(set(words))
    branches = []
    for first in dict.fromkeys(word[0] for word in words if word):
        branches.append(re.escape(first) + _trie([word[1:] for word in words if word[:1] == first]))
    if not branches:
        return ""
    optional = "" in words
    if len(branches) == 1 and not optional:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")


def _call_shape_triggers() -> tuple[Trigger, ...]:
    """MN210's necessary conditions: a shape-checked API or getPlayer named; a result API awaited (`await sdk.login(`,
    `await callSdk('login'`), a `.then`/`.catch`/`.finally` chain, or init's result assigned (`= TTMinis.init(`). Not
    the SDK's name alone: every page's statement `TTMinis.init({...})` would be parsed for nothing. Each regex is
    bounded and fails at the first character that cannot continue it (bench/lint_regression.py)."""
    names = _trie(_result_apis())
    link = r"(?:[\w$]++|\([^()]{0,80}+\))(?:\s*+\([^()]{0,80}+\))?\s*+\??\.\s*+"  # `sdk.`, `(window as any).`, `getSdk().` (possessive)
    befores = ("=", "= ", "(", "!", "return ", "await ")
    assigned = "|".join(f"(?<={re.escape(before + prefix)}TTMinis)" for before in befores for prefix in ("", "window.", "globalThis."))
    valueless = sorted(set(_valueless_apis()) - set(_shape_checked_apis()))
    return (
        *words(*_shape_checked_apis(), "getPlayer"),
        *words(*valueless, then=r"\s*+\("),  # `let isExist = tt.checkScene()`: its result used as a value
        Trigger("await", then=rf"\s++(?:\(\s*+)?(?:{link}){{0,6}}+{names}\s*\(|\s+[\w$.?]{{1,80}}+\(\s*['\"`]{names}['\"`]"),
        *(Trigger(name, then=rf"(?<=\.{name})\s*\(") for name in ("then", "catch", "finally")),
        Trigger("TTMinis", then=rf"(?:{assigned})\s*\??\.\s*init\b"),
    )


_FUNCTIONS = ("arrow_function", "function_expression", "function")
# Spellings TikTok's pay page examples and real projects use for the same field; not a missing trade_order_id.
_ALIASES = {"trade_order_id": ("tradeOrderId",)}


def _options_argument(shape: str, args: list[Node]) -> Node | None:
    """The options object of a call in its declared shape (None: not there, or not where the shape puts it)."""
    first = args[0] if args else None
    second = args[1] if len(args) > 1 else None
    if shape == "callback_options":
        return second
    if shape == "callback_or_options":
        return second if first is not None and first.type in _FUNCTIONS else first
    return first  # options, options_callback, constructor


def _one_of(values: list) -> str:
    quoted = [f"'{v}'" for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


@rule(
    "MN210",
    "sdk-call-shape",
    "W",
    Scope.FILE,
    summary="A documented SDK API called in a shape it does not accept.",
    rationale="The SDK reads its documented arguments only: createSubscription takes (callback, {trade_order_id}), "
    "pay needs a trade_order_id, setNavigationBarColor's frontColor is #ffffff or #000000, and getDeviceInfo is "
    "synchronous (a callback is never called); a callback API returns no Promise and no value (awaiting it or reading its "
    "result gets undefined: the answer comes to its success callback), getPlayer "
    "returns a Promise (not the player, and no callback), init returns nothing. Other shapes fail silently inside TikTok. The shapes, required "
    "parameters and allowed values come from the one SDK declaration (minis_cli/sdk_api.json) the mock SDK runs.",
    fix="Call the API as its reference page shows (the message says what is expected).",
    bad=Example({"src/device.js": "TTMinis.getDeviceInfo((info) => layout(info.bottomHeight));\n"}),
    good=Example({"src/device.js": "const info = TTMinis.getDeviceInfo();\nlayout(info.bottomHeight);\n"}),
    triggers=_call_shape_triggers(),
    autofix_note="rewriting a call's arguments (callback vs options) can change when your callbacks run: review it",
)
def sdk_call_shape(ctx: FileContext) -> Iterator[Finding]:
    from ...sdk_api import api_spec  # start-up: only code that calls the SDK reads its declared surface

    for script in ctx.scripts:
        for call in script.calls:
            parts = call.callee.split(".")
            if call.is_new or parts[0] != "TTMinis":
                continue
            if len(parts) == 3 and parts[1] == "game":
                namespace, api = "TTMinis.game", parts[2]
            elif len(parts) == 2:
                namespace, api = "TTMinis", parts[1]
            else:
                continue
            spec = api_spec(namespace, api)
            if spec is None:
                continue
            misuse = _result_misuse(script, call, spec) if call.returned else None
            if misuse is not None:
                yield misuse
                continue
            shape, params = spec["call"], spec.get("params") or {}
            waited = [key for key in ("success", "fail", "complete") if key in call.own_keys]
            if waited and shape in ("sync", "constructor", "promise") and _waited_on(call.node):
                # a promisifying wrapper (`callSdk(ns, 'init', {...})` adding success/fail and waiting for them) on an
                # API that never calls them: what waits on the wrapper waits forever (or until its own timeout)
                kind = {"sync": "is synchronous", "constructor": "returns its ad object", "promise": "returns a Promise"}[shape]
                yield Finding(
                    script.span(call.node),
                    f"{call.written}() {kind}: the {'/'.join(waited)} callbacks the wrapper adds are never called, so what waits on them never settles",
                    hint=f"Call it as its page shows ({spec['doc']}), not through the callback wrapper.",
                )
                continue
            if api == "init" or call.partial:  # partial: a wrapper in another module adds arguments of its own
                continue
            if spec.get("params_source"):  # parameters the docs do not give (the mock's choice): nothing to hold a project to
                params = {}
            args = [unwrap(a) for a in call.args]
            first = args[0] if args else None
            if shape in ("sync", "constructor") and first is not None and first.type in _FUNCTIONS:
                yield Finding(script.span(call.node), f"{call.written}() is synchronous: it returns its result, and the callback is never called")
                continue
            if shape == "callback_options" and first is not None and first.type == "object":
                fields = ", ".join(n for n, p in params.items() if p.get("required")) or "...options"
                yield Finding(
                    script.span(call.node),
                    f"{call.written}() takes (callback, {{ {fields} }}), not an options object with success/fail",
                    hint=f"TikTok's page ({spec['doc']}) shows the callback first.",
                )
                continue
            options = _options_argument(shape, args)
            if options is not None and options.type != "object":
                continue  # a variable or a call: what it holds is not known here
            literal = options is not None and not any(child.type == "spread_element" for child in options.named_children)
            for name, param in params.items():
                value = object_property(script, options, name) if options is not None else None
                if value is None and options is not None:
                    value = next((v for alias in _ALIASES.get(name, ()) if (v := object_property(script, options, alias)) is not None), None)
                if value is None:
                    if param.get("required") and name not in call.own_keys and (literal or (options is None and not args)):
                        if name == "trade_order_id":
                            message = f"{call.written}() without a trade_order_id: create the order on your backend first and pass its id"
                        else:
                            message = f"{call.written}() without {name}: TikTok requires it ({spec['doc']})"
                        yield Finding(script.span(call.node), message)
                    continue
                allowed = param.get("values")
                text = literal_string(script, value) if allowed else None
                if text is not None and text.lower() not in [str(v).lower() for v in allowed]:
                    yield Finding(script.span(value), f"{name} {text!r}: {call.written}() accepts only {_one_of(allowed)}")


_PROMISE_METHODS = (b"then", b"catch", b"finally")
_PASSING = ("parenthesized_expression", "as_expression", "non_null_expression", "satisfies_expression")


def _result_misuse(script: Script, call: Call, spec: dict) -> Finding | None:
    """How the code uses what the call returns, against what the API returns (sdk_api.json's call shape): a callback
    API awaited or `.then`-ed (it returns no Promise: `await` gets undefined at once, `.then` throws); the Promise API
    (getPlayer) given a callback or used as what it resolves to; init's result used (it returns nothing)."""
    shape = spec["call"]
    node = call.node
    while node.parent is not None and node.parent.type in _PASSING:
        node = node.parent
    parent = node.parent
    if parent is None:
        return None
    awaited = parent.type == "await_expression"
    member = parent.type == "member_expression" and parent.child_by_field_name("object") == node
    chained = member and (member_property(parent) in _PROMISE_METHODS)
    name = call.written
    if call.callee.endswith(".init"):
        if awaited or member or parent.type in ("variable_declarator", "assignment_expression", "unary_expression", "binary_expression", "ternary_expression"):
            if parent.type == "assignment_expression" and parent.child_by_field_name("right") != node:
                return None
            hint = "Call it as a statement and go on: the SDK is ready once it returns."
            return Finding(script.span(call.node), f"{name}() returns nothing: its result is undefined", hint=hint)
        return None
    if shape in _CALLBACK_SHAPES and (awaited or chained):
        how = "`await` gets undefined at once" if awaited else f"`.{(member_property(parent) or b'').decode()}()` on its undefined result throws"
        return Finding(
            script.span(call.node),
            f"{name}() takes callbacks and returns no Promise: {how}",
            hint="Pass success/fail (or the callback its page shows), or wrap it: new Promise((resolve, reject) => ...({ success: resolve, fail: reject })).",
        )
    if shape in _CALLBACK_SHAPES and not spec.get("returns") and _used_as_value(script, parent, node):
        return Finding(
            script.span(call.node),
            f"{name}() takes callbacks and returns nothing: its result is undefined",
            hint=f"Read the answer in its success callback ({spec['doc']}).",
        )
    if shape == "promise":
        first = unwrap(call.args[0]) if call.args else None
        callbacks = first is not None and first.type == "object" and any(object_property(script, first, k) is not None for k in ("success", "fail", "complete"))
        if first is not None and (first.type in _FUNCTIONS or callbacks):
            hint = f"Use {name}().then(...) or await it ({spec['doc']})."
            return Finding(script.span(call.node), f"{name}() returns a Promise: the callback is never called", hint=hint)
        constructed = parent.type == "new_expression" and parent.child_by_field_name("constructor") == node
        if (member and not chained) or constructed or _constructed_later(script, parent, node):
            message = f"{name}() returns a Promise, not the player class: await it (or .then) before using it"
            return Finding(script.span(call.node), message, hint=f"See TikTok's page ({spec['doc']}).")
    return None


def _waited_on(node: Node) -> bool:
    """Something takes the call's result (`await callSdk(...)`, `withTimeout(callSdk(...))`, `return callSdk(...)`): not
    a statement of its own, nor `void callSdk(...)`."""
    while node.parent is not None and node.parent.type in _PASSING:
        node = node.parent
    parent = node.parent
    if parent is None or parent.type == "expression_statement":
        return False
    return not (parent.type == "unary_expression" and _operator_text(parent) == "void")


def _operator_text(node: Node) -> str:
    operator = node.child_by_field_name("operator")
    return (operator.text or b"").decode() if operator is not None else ""


_TESTS = ("if_statement", "while_statement", "do_statement", "unary_expression")


def _used_as_value(script: Script, parent: Node, node: Node) -> bool:
    """The call's result is read as a value: a variable given it and read later, a property or test of it (`let isExist =
    tt.checkScene(); if (isExist)`, `if (!tt.getStorage(...))`, `tt.getSystemInfo().platform`, `x === tt.pay(...)`);
    not a statement, an argument, a wrapper's `return`, nor `cond && tt.login(...)`; nor a variable the code probes for
    a Promise (`result = TTMinis.pay(...); if (result?.then) ...`: written for either kind of SDK)."""
    kind = parent.type
    if kind in _TESTS or (kind == "ternary_expression" and parent.child_by_field_name("condition") == node):
        return True
    if kind == "binary_expression":
        operator = parent.child_by_field_name("operator")
        return operator is not None and operator.type in ("===", "==", "!==", "!=")
    if kind == "member_expression":
        return parent.child_by_field_name("object") == node
    if kind == "variable_declarator" and parent.child_by_field_name("value") == node:
        target = parent.child_by_field_name("name")
    elif kind == "assignment_expression" and parent.child_by_field_name("right") == node:
        target = parent.child_by_field_name("left")
    else:
        return False
    if target is None or target.type != "identifier":
        return target is not None and target.type == "object_pattern"  # `const { isExist } = tt.checkScene()`
    scope = enclosing_function(parent) or script.tree.root_node
    reads = [child for child in descendants(scope) if child.type == "identifier" and child.text == target.text and child != target and not _assigned_to(child)]
    return bool(reads) and not any(member_property(read.parent) in _PROMISE_METHODS for read in reads if _object_of(read))


def _assigned_to(node: Node) -> bool:
    parent = node.parent
    return parent is not None and (
        (parent.type == "assignment_expression" and parent.child_by_field_name("left") == node)
        or (parent.type == "variable_declarator" and parent.child_by_field_name("name") == node)
    )


def _object_of(node: Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type == "member_expression" and parent.child_by_field_name("object") == node


def _constructed_later(script: Script, parent: Node, node: Node) -> bool:
    """`const Player = TTMinis.getPlayer(); new Player(...)`: the Promise, not awaited, used as a class in its scope."""
    if parent.type != "variable_declarator" or parent.child_by_field_name("value") != node:
        return False
    declared = parent.child_by_field_name("name")
    if declared is None or declared.type != "identifier":
        return False
    name = declared.text
    scope = enclosing_function(parent) or script.tree.root_node

    for child in descendants(scope):
        if child.type == "new_expression":
            constructor = child.child_by_field_name("constructor")
            if constructor is not None and constructor.type == "identifier" and constructor.text == name:
                return True
    return False


def _generated_by(ctx: PageContext, path: str) -> str | None:
    """The package.json script that seems to write `path` (it names the file or its folder), if any."""
    package = ctx.project.package_json
    scripts = package.document.get(("scripts",)) if package and package.document else None
    if not isinstance(scripts, dict):
        return None
    base = path.rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0]
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    for name, command in scripts.items():
        if isinstance(command, str) and (
            base in command or (len(stem) > 3 and re.search(rf"\b{re.escape(stem)}\b", command)) or (folder and f"{folder}/" in command)
        ):
            return name
    return None


@rule(
    "MN112",
    "local-script-missing",
    "W",
    Scope.PAGE,
    summary="A local <script src> or module import of the entry does not exist in the project.",
    rationale="The page loads nothing from a path that does not exist: every check of that code is skipped, "
    "and inside TikTok the script 404s. Generated files (a pre-build step) must exist before the build is "
    "packaged (`build` checks the output).",
    fix="Fix the path, or run the step that generates the file first.",
    bad=Example({"index.html": page_html(SDK_TAG + GOOD_INIT, '  <script type="module" src="/src/mian.js"></script>\n')}),
    good=Example({"index.html": page_html(SDK_TAG + GOOD_INIT, '  <script type="module" src="/src/main.js"></script>\n'), "src/main.js": "export {};\n"}),
    autofix_note="the missing file may need to be created, built, or the reference corrected: minis-py cannot tell which",
)
def local_script_missing(ctx: PageContext) -> Iterator[Finding]:
    for ps in ctx.scripts:
        if (
            ps.src is None
            or ps.is_sdk
            or ps.local_path is not None
            or is_absolute_url(ps.src)
            or ps.src.strip().startswith(("data:", "blob:"))
            or not ps.src.strip()
        ):
            continue
        if re.search(r"%[A-Z_]+%|\{\{|<%|\$\{", ps.src) or ps.src.startswith("/@"):
            continue  # a build-time placeholder (%PUBLIC_URL%, {{ }}, <%= %>) or a dev server's own module (/@vite/client)
        attribute = ps.element.attribute("src")
        assert attribute is not None
        clean = ps.src.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        generator = _generated_by(ctx, clean)
        hint = f'It looks generated: run `npm run {generator}` first (the "{generator}" script names it).' if generator else None
        yield Finding(
            ctx.html.span(attribute.value_start, attribute.value_end), f"{ps.src} does not exist in the project: the page loads nothing there", hint=hint
        )

    for _, script in ctx.code:
        for spec, node in script.imports:
            if not spec.startswith((".", "/")) or spec.startswith("//") or "?" in spec:
                continue
            if re.search(r"\.(?:css|scss|sass|less|styl|svg|png|jpe?g|gif|webp|avif|ico|json|wasm|html|txt|md|woff2?|ttf|mp[34]|webm)$", spec, re.I):
                continue  # assets: a bundler's business, not code the checks read
            if resolve_import(ctx.project, script.path, spec) is None:
                base = spec.lstrip("./")
                found = _generated_by(ctx, base)
                hint = f"It looks generated: run `npm run {found}` first." if found else None
                yield Finding(script.span(node), f"import '{spec}' in {script.path} does not resolve to a file in the project", hint=hint, path=script.path)
