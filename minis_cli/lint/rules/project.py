"""MN0xx: project structure and configuration (package.json, minis.config.json, the entry HTML)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...config import CONFIG_FILENAME, SECRET_KEYS, JsonPath, check_minis_config
from ...positions import Span
from ...project import ENTRY_HTML_CANDIDATES, PACKAGE_JSON
from ..context import FileContext, Finding, ProjectContext
from ..model import Example, Scope
from . import rule


@rule(
    "MN001", "package-json-missing", "E", Scope.PROJECT,
    summary="No package.json at the project root.",
    rationale="`minis dev` and `minis-py dev` start the project through its package.json scripts; "
    "without one there is nothing to run, and TikTok's tooling cannot find the project.",
    fix="Create package.json with a dev script (`npm init -y`, then add \"dev\"), or run "
    "minis-py from the folder that has it.",
    bad=Example({"package.json": None}),
    good=Example({"package.json": '{ "name": "my-mini", "scripts": { "dev": "vite" } }\n'}),
)
def package_json_missing(ctx: ProjectContext) -> Iterator[Finding]:
    if ctx.project.package_json is None:
        yield Finding(None, "no package.json at the project root", path=PACKAGE_JSON)


@rule(
    "MN002", "json-invalid", "E", Scope.PROJECT,
    summary="package.json or minis.config.json is not valid JSON.",
    rationale="Neither npm nor TikTok's CLI reads a file that does not parse; nothing else about the "
    "project can be checked until it does.",
    fix="Fix the JSON at the line and column shown (a trailing comma and a missing quote are the usual causes).",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123"\n}\n'}),
)
def json_invalid(ctx: ProjectContext) -> Iterator[Finding]:
    for file in (ctx.project.package_json, ctx.project.config_file):
        if file is not None and file.error is not None:
            err = file.error
            yield Finding(
                Span(err.line, err.column, err.line, err.column + 1),
                f"{file.path} is not valid JSON: {err.message} (line {err.line}, column {err.column})",
                path=file.path,
            )


@rule(
    "MN003", "dev-script-missing", "E", Scope.PROJECT,
    summary="package.json has neither a `dev` nor a `start` script.",
    rationale="`minis dev` runs the project's own dev (else start) script and previews what it serves; "
    "with neither, there is no page to load.",
    fix='Add a script, for example "scripts": { "dev": "vite" } or { "start": "node server.js" }.',
    bad=Example({"package.json": '{ "name": "my-mini", "scripts": { "test": "node --test" } }\n'}),
    good=Example({"package.json": '{ "name": "my-mini", "scripts": { "dev": "vite", "test": "node --test" } }\n'}),
)
def dev_script_missing(ctx: ProjectContext) -> Iterator[Finding]:
    file = ctx.project.package_json
    if file is None or file.document is None:
        return
    doc = file.document
    scripts = doc.get(("scripts",))
    if isinstance(scripts, dict):
        for name in ("dev", "start"):
            value = scripts.get(name)
            if isinstance(value, str) and value.strip():
                return
    span = doc.key_span(("scripts",)) if doc.has(("scripts",)) else doc.value_span(())
    yield Finding(span, "package.json has no \"dev\" or \"start\" script", path=PACKAGE_JSON)


@rule(
    "MN004", "minis-config-missing", "E", Scope.PROJECT,
    summary="No minis.config.json at the project root.",
    rationale="TikTok's CLI reads the dev port, the build output and the navigation bar from "
    "minis.config.json, and minis-py reads the app's clientKey there.",
    fix='Create minis.config.json, for example { "clientKey": "<your client key>", "dev": { "port": 3000 } }.',
    bad=Example({"minis.config.json": None}, client_key="awexample123"),
    good=Example({"minis.config.json": '{ "clientKey": "awexample123" }\n'}),
)
def minis_config_missing(ctx: ProjectContext) -> Iterator[Finding]:
    if ctx.project.config_file is None:
        yield Finding(None, "no minis.config.json at the project root", path=CONFIG_FILENAME)


def _config_problems(ctx: ProjectContext, unknown: bool) -> Iterator[Finding]:
    file = ctx.project.config_file
    if file is None or file.document is None:
        return
    for problem in check_minis_config(file.document):
        if problem.unknown == unknown:
            span = file.document.key_span(problem.path) if unknown else file.document.value_span(problem.path)
            yield Finding(span, problem.message, hint=problem.hint, path=CONFIG_FILENAME)


@rule(
    "MN005", "minis-config-invalid", "E", Scope.PROJECT,
    summary="A known key of minis.config.json has the wrong type or value.",
    rationale="TikTok's CLI rejects or misreads these values: a port outside 1-65535, a navbar style "
    "other than default/custom, a colour that is not #rrggbb, trusted domains that are not plain https "
    "origins (no wildcard, no path, at most 20).",
    fix="Use the value the message asks for; TikTok's minis.config.json reference lists every key.",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "port": 70000 },\n  "navbar": { "style": "fancy" }\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "port": 3000 },\n  "navbar": { "style": "custom" }\n}\n'}),
)
def minis_config_invalid(ctx: ProjectContext) -> Iterator[Finding]:
    yield from _config_problems(ctx, unknown=False)


@rule(
    "MN006", "minis-config-unknown-key", "W", Scope.PROJECT,
    summary="minis.config.json has a key minis-py does not know.",
    rationale="An unknown key is usually a typo of a real one, which then silently keeps its default. "
    "It is a warning, not an error, so newer TikTok keys keep working.",
    fix="Correct the spelling (the message suggests the nearest known key) or remove the key.",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "prot": 3000 }\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "port": 3000 }\n}\n'}),
)
def minis_config_unknown_key(ctx: ProjectContext) -> Iterator[Finding]:
    yield from _config_problems(ctx, unknown=True)


@rule(
    "MN007", "html-entry-missing", "E", Scope.PROJECT,
    summary="The entry HTML does not exist.",
    rationale="TikTok loads the Mini from its entry HTML (`build.htmlEntry`, else index.html, "
    "public/index.html or src/index.html); without it the WebView shows nothing.",
    fix="Create index.html at the root, or point build.htmlEntry in minis.config.json at your entry page.",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "build": { "htmlEntry": "app.html" }\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "build": { "htmlEntry": "index.html" }\n}\n'}),
)
def html_entry_missing(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    entry = project.entry_html
    if project.exists(entry):
        return
    config = project.config_file
    if project.config.html_entry and config is not None and config.document is not None:
        yield Finding(
            config.document.value_span(("build", "htmlEntry")),
            f"build.htmlEntry names '{entry}', which does not exist",
            path=CONFIG_FILENAME,
        )
    else:
        yield Finding(None, f"no entry HTML: none of {', '.join(ENTRY_HTML_CANDIDATES)} exists", path=entry)


@rule(
    "MN008", "client-key-unset", "E", Scope.PROJECT,
    summary="No expected client key: no --client-key, no MINIS_CLIENT_KEY, no clientKey in minis.config.json.",
    rationale="Without the app's client key minis-py cannot tell whether TTMinis.init gets the right "
    "one, and the mock TikTok cannot issue codes for the app.",
    fix='Add "clientKey": "<your client key>" to minis.config.json (it is public), or pass --client-key.',
    bad=Example({"minis.config.json": '{\n  "dev": { "port": 3000 }\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "port": 3000 }\n}\n'}),
)
def client_key_unset(ctx: ProjectContext) -> Iterator[Finding]:
    if ctx.expected is None and ctx.project.config_file is not None and ctx.project.config_file.document is not None:
        doc = ctx.project.config_file.document
        yield Finding(doc.value_span(()), "no expected client key: set clientKey in minis.config.json, MINIS_CLIENT_KEY or --client-key", path=CONFIG_FILENAME)


@rule(
    "MN009", "secret-in-config", "E", Scope.PROJECT,
    summary="minis.config.json contains a client secret.",
    rationale="minis.config.json is copied into the build that ships to every user's phone; a client "
    "secret there lets anyone exchange codes as your app.",
    fix="Remove it; keep the secret in your backend's environment (TIKTOK_CLIENT_SECRET), and rotate it "
    "on the developer portal if it was ever committed.",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "clientSecret": "s3cr3t-value-1234"\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123"\n}\n'}),
)
def secret_in_config(ctx: ProjectContext) -> Iterator[Finding]:
    file = ctx.project.config_file
    if file is None or file.document is None:
        return
    for path in _secret_paths(file.document.value, ()):
        yield Finding(file.document.key_span(path), f"minis.config.json contains '{path[-1]}': secrets must not ship in the build", path=CONFIG_FILENAME)


def _secret_paths(value: Any, path: JsonPath) -> Iterator[JsonPath]:
    stack = [(value, path)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            for key, child in node.items():
                if key in SECRET_KEYS:
                    yield at + (key,)
                stack.append((child, at + (key,)))
        elif isinstance(node, list):
            stack.extend((child, at + (i,)) for i, child in enumerate(node))


@rule(
    "MN010", "file-unreadable", "E", Scope.FILE,
    summary="A source file cannot be read, or is not valid UTF-8.",
    rationale="What cannot be read cannot be checked; and TikTok's WebView decodes pages as UTF-8, so "
    "other encodings show garbled text.",
    fix="Fix the file's permissions, or re-save it as UTF-8 in your editor.",
    bad=Example({"src/app.js": b"const title = '\xe9t\xe9';\n"}, note="the file is Latin-1, not UTF-8"),
    good=Example({"src/app.js": "const title = 'été';\n"}),
)
def file_unreadable(ctx: FileContext) -> Iterator[Finding]:
    if ctx.read_problem is None:
        return
    span = ctx.index.span(ctx.problem_offset, ctx.problem_offset + 1) if ctx.problem_offset is not None else None
    yield Finding(span, f"{ctx.path} {ctx.read_problem}")
