"""MN0xx: project structure and configuration (package.json, minis.config.json, the entry HTML)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...config import CONFIG_FILENAME, SECRET_KEYS, JsonPath, check_minis_config
from ...positions import LineIndex, Span
from ...project import COCOS_BUILD_SETTINGS, ENTRY_HTML_CANDIDATES, GAMES_CONFIG, PACKAGE_JSON, PROJECT_CONFIG, env_files_for, is_mini_program_config
from ...source.sdk import DEVTOOLS_APPIDS, placeholder_key
from ...targets import other_platform_scripts
from ..context import FileContext, Finding, ProjectContext
from ..model import Example, Scope, Severity
from .registry import BASELINE_FILES, rule

if TYPE_CHECKING:
    from ... import fixes  # start-up: only a finding with a fix loads the edit engine
    from ...project import Project


def _page(code: str, sdk: str = "https://connect.tiktok-minis.com/drama/sdk.js") -> str:
    head = f'  <script src="{sdk}"></script>\n  <script type="module">\n    {code}\n  </script>\n'
    return f"<!doctype html>\n<html>\n<head>\n{head}</head>\n<body></body>\n</html>\n"


# A native-runtime game that passes every rule (the examples of game rules are laid over it).
NATIVE_GAME_JS = (
    "tt.login({ success: start, fail: start });\nconst ad = tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"
    "if (tt.canIUse('addShortcut')) tt.addShortcut({ success: thank, fail: thank });\n"
    "if (tt.canIUse('startEntranceMission')) tt.startEntranceMission({ success: thank, fail: thank });\n"
)
NATIVE_GAME: dict[str, str | None] = {
    "index.html": None,
    "minis.config.json": None,
    "package.json": None,
    "game.json": '{ "deviceOrientation": "portrait" }\n',
    "project.config.json": '{ "appid": "awexample123" }\n',
    "game.js": NATIVE_GAME_JS,
}


@rule(
    "MN001",
    "package-json-missing",
    "E",
    Scope.PROJECT,
    summary="No package.json at the project root (not for a native-runtime game).",
    rationale="`minis dev` and `minis-py dev` start the project through its package.json scripts; "
    "without one there is nothing to run, and TikTok's tooling cannot find the project.",
    fix='Create package.json with a dev script (`npm init -y`, then add "dev"), or run minis-py from the folder that has it.',
    bad=Example({"package.json": None}),
    good=Example({"package.json": '{ "name": "my-mini", "scripts": { "dev": "vite --port 3000" } }\n'}),
    autofix_note="creating package.json is init --existing's job (it writes one with a dev script): run `minis-py init --existing`",
)
def package_json_missing(ctx: ProjectContext) -> Iterator[Finding]:
    if ctx.project.package_json is None and not ctx.project.is_native_runtime:
        yield Finding(None, "no package.json at the project root", path=PACKAGE_JSON)


@rule(
    "MN002",
    "json-invalid",
    "E",
    Scope.PROJECT,
    summary="package.json or a config file (minis.config.json, minigame.config.json, project.config.json, game.json) is not valid JSON.",
    rationale="Neither npm nor TikTok's CLI reads a file that does not parse; nothing else about the project can be checked until it does.",
    fix="Fix the JSON at the line and column shown (a trailing comma and a missing quote are the usual causes).",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123"\n}\n'}),
    autofix_note="repairing broken JSON is guessing what was meant: the message names the line and column to fix",
)
def json_invalid(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    files = [project.package_json, project.config_file, project.games_config_file]
    # A native game's (or the Douyin tool's files at an engine project's root, read for its appid), and otherwise too: a
    # broken project.config.json is why a game.js folder is not recognised as a game (its compileType cannot be read),
    # so it is said, as a warning where the project is not a native one (a devtools file beside a web app).
    natives = [project.project_config_file, project._json_file("game.json")]
    for file in files + natives:
        if file is not None and file.error is not None:
            err = file.error
            aside = file in natives and not project.is_native_runtime
            yield Finding(
                Span(err.line, err.column, err.line, err.column + 1),
                f"{file.path} is not valid JSON: {err.message} (line {err.line}, column {err.column})"
                + (": WeChat's and Douyin's developer tools cannot read it, and minis-py cannot tell whether this folder is a mini game" if aside else ""),
                severity=Severity.WARNING if aside else None,
                path=file.path,
            )


@rule(
    "MN003",
    "dev-script-missing",
    "E",
    Scope.PROJECT,
    summary="package.json has neither a `dev` nor a `start` script (nor, in a multi-target Taro or uni-app project, its web target's `dev:h5`).",
    rationale="`minis dev` runs the project's own dev (else start) script and previews what it serves; with neither, there is no page to load.",
    fix='Add a script, for example "scripts": { "dev": "vite" } or { "start": "node server.js" }.',
    bad=Example({"package.json": '{ "name": "my-mini", "scripts": { "test": "node --test" }, "devDependencies": { "vite": "^5.4.0" } }\n'}),
    good=Example(
        {"package.json": '{ "name": "my-mini", "scripts": { "dev": "vite --port 3000", "test": "node --test" }, "devDependencies": { "vite": "^5.4.0" } }\n'}
    ),
    autofix="unsafe",
    autofix_note="adds a dev script when the dependencies name one dev server (vite, next, react-scripts, vue-cli-service), as init --existing does; "
    "unsafe: it is a guess at how you start the project",
)
def dev_script_missing(ctx: ProjectContext) -> Iterator[Finding]:
    file = ctx.project.package_json
    if file is None or file.document is None or ctx.project.is_native_runtime or ctx.project.is_library:
        return  # a native game (or an engine's source project) needs no npm dev server, nor does a library
    doc = file.document
    scripts = doc.get(("scripts",))
    if ctx.project.dev_script() is not None:
        return  # dev or start, or a multi-target project's web (H5) target (dev:h5): TikTok's
    span = doc.key_span(("scripts",)) if doc.has(("scripts",)) else doc.value_span(())
    alike = [name for name in (scripts if isinstance(scripts, dict) else {}) if re.search(r"(?:^|[:_-])(?:dev|serve|start)(?:$|[:_-])", name)]
    hint = f'It has {", ".join(repr(a) for a in alike)}: run `minis-py dev --script {alike[0]}`, or add a "dev" script.' if alike else None
    others = other_platform_scripts(scripts) if isinstance(scripts, dict) else {}
    if alike and set(alike) <= set(others):  # Taro's dev:weapp/dev:tt, uni-app's dev:mp-weixin: mini programs, not TikTok's web build
        names = ", ".join(f"{name} ({platform})" for name, platform in others.items())
        hint = (
            f'Its scripts build other platforms\' mini programs ({names}); TikTok Minis run the web (H5) build: add a "dev:h5" script '
            "(Taro: taro build --type h5 --watch; uni-app: uni), which `minis-py dev` runs."
        )
    uni = ctx.project.hbuilderx_targets
    if uni is not None and not alike:  # HBuilderX compiles it: no npm script can serve its source (held-out round 35)
        hint = (
            "This is a uni-app project HBuilderX builds (manifest.json, pages.json): build it for the web in HBuilderX "
            "(Publish > Website H5) and make that build the Mini (`minis-py init --existing` in its folder)."
        )
    yield Finding(
        span, 'package.json has no "dev" or "start" script', path=PACKAGE_JSON, hint=hint, autofix=_dev_script_fix(ctx.project) if uni is None else None
    )


def _dev_script_fix(project) -> fixes.Fix | None:
    from ... import fixes  # start-up: only a finding with a fix loads the edit engine
    from ...devscript import dev_script_edit  # start-up: only MN003's fix needs it (it loads the edit engine)

    found = dev_script_edit(project, obvious_only=True)
    return fixes.Fix(f'add "dev": {found[1]!r}', (found[0],), fixes.UNSAFE) if found else None


@rule(
    "MN004",
    "minis-config-missing",
    "E",
    Scope.PROJECT,
    summary="No minis.config.json (Minis, HTML games) or minigame.config.json (the games CLI) at the project root; for a native game, no project.config.json.",
    rationale="TikTok's CLIs read the dev port, the build output, the navigation bar and the app's key from "
    "minis.config.json (`minis`) or minigame.config.json (the games CLI); a native-runtime game's package "
    "needs project.config.json with its appid.",
    fix='Create minis.config.json, for example { "dev": { "clientKey": "<your client key>", "port": 3000 } } '
    '(a native game: project.config.json with { "appid": "<your client key>" }).',
    bad=Example({"minis.config.json": None}, client_key="awexample123"),
    good=Example({"minis.config.json": '{ "dev": { "clientKey": "awexample123" } }\n'}),
    autofix_note="`minis-py init --existing` writes minis.config.json with the key and the dev port; lint does not create files",
)
def minis_config_missing(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    if project.config_file is not None or project.games_config_file is not None:
        return
    if project.engine is not None:
        return  # an engine's source project: its build's project.config.json is checked with the package
    if project.is_library:
        return  # an npm library: the projects importing it have the config
    if project.is_native_game:
        if project.project_config_file is None and project.devtools_project_file is None:
            from ...gamepkg import project_config_template  # start-up: only a native game with no project.config.json asks

            template = project_config_template(project.root)
            if template is not None:  # one per platform, copied to the root by the project's own script before a build
                yield Finding(
                    None,
                    f"no {PROJECT_CONFIG} at the project root: a native game's package needs it; the project keeps one per platform ({template})",
                    path=PROJECT_CONFIG,
                    hint=f"Copy {template} to {PROJECT_CONFIG} (or run the project's own platform switch), with your TikTok client key as its appid.",
                )
                return
            yield Finding(
                None,
                f"no {PROJECT_CONFIG} at the project root: a native game's package needs it, with the game's appid",
                path=PROJECT_CONFIG,
                hint=f'Create {PROJECT_CONFIG} with {{ "appid": "<your client key>" }}.',
            )
        return
    yield Finding(None, f"no {CONFIG_FILENAME} (or {GAMES_CONFIG} for a games-CLI project) at the project root", path=CONFIG_FILENAME)


def _config_problems(ctx: ProjectContext, unknown: bool, files: tuple[str, ...] = (CONFIG_FILENAME, GAMES_CONFIG)) -> Iterator[Finding]:
    for file in (ctx.project.config_file, ctx.project.games_config_file):
        if file is None or file.document is None or file.path not in files:
            continue
        for problem in check_minis_config(file.document, file.path):
            if problem.unknown == unknown:
                span = file.document.key_span(problem.path) if unknown else file.document.value_span(problem.path)
                found = file.document.key_range(problem.path) if problem.rename else None
                fix = None
                if found:
                    from ... import fixes  # start-up: only a finding with a fix loads the edit engine

                    fix = fixes.replace(found[0], found[1], json.dumps(problem.rename), f"rename '{problem.path[-1]}' to '{problem.rename}'", fixes.UNSAFE)
                yield Finding(span, problem.message, hint=problem.hint, path=file.path, autofix=fix)


@rule(
    "MN005",
    "minis-config-invalid",
    "E",
    Scope.PROJECT,
    summary="A known key of minis.config.json has the wrong type or value.",
    rationale="TikTok's CLI rejects or misreads these values: a port outside 1-65535, a navbar style "
    "other than default/custom, a colour that is not #rrggbb, trusted domains that are not plain https "
    "origins (no wildcard, no path, at most 20).",
    fix="Use the value the message asks for; TikTok's minis.config.json reference lists every key.",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "port": 70000 },\n  "navbar": { "style": "fancy" }\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "port": 3000 },\n  "navbar": { "style": "custom" }\n}\n'}),
    autofix_note="the right value (a port, a style, a colour, a domain) is a choice; the message says which values are valid",
)
def minis_config_invalid(ctx: ProjectContext) -> Iterator[Finding]:
    yield from _config_problems(ctx, unknown=False, files=(CONFIG_FILENAME,))


@rule(
    "MN006",
    "minis-config-unknown-key",
    "W",
    Scope.PROJECT,
    summary="minis.config.json or minigame.config.json has a key minis-py does not know (another platform's keys are named as such).",
    rationale="An unknown key is usually a typo of a real one, which then silently keeps its default. "
    "It is a warning, not an error, so newer TikTok keys keep working.",
    fix="Correct the spelling (the message suggests the nearest known key) or remove the key.",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "prot": 3000 }\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "port": 3000 }\n}\n'}),
    autofix="unsafe",
    autofix_note="renames a key with exactly one near known key (prot -> port); unsafe, because a new TikTok key may look like a typo of an old one",
)
def minis_config_unknown_key(ctx: ProjectContext) -> Iterator[Finding]:
    yield from _config_problems(ctx, unknown=True)


@rule(
    "MN012",
    "games-config-invalid",
    "E",
    Scope.PROJECT,
    summary="minigame.config.json has a known key with a wrong type or value.",
    rationale="TikTok's games CLI reads the orientation, the dev server and the key from minigame.config.json; "
    "a value it cannot use (orientation other than VERTICAL/HORIZONTAL, a port outside 1-65535) breaks debugging.",
    fix="Use the value the message asks for.",
    bad=Example({**NATIVE_GAME, "minigame.config.json": '{\n  "dev": { "clientKey": "awexample123" },\n  "orientation": "portrait"\n}\n'}),
    good=Example({**NATIVE_GAME, "minigame.config.json": '{\n  "dev": { "clientKey": "awexample123" },\n  "orientation": "VERTICAL"\n}\n'}),
    autofix_note="the right value is a choice (VERTICAL or HORIZONTAL, a port); the message says which values are valid",
)
def games_config_invalid(ctx: ProjectContext) -> Iterator[Finding]:
    yield from _config_problems(ctx, unknown=False, files=(GAMES_CONFIG,))


@rule(
    "MN007",
    "html-entry-missing",
    "E",
    Scope.PROJECT,
    summary="The entry HTML does not exist.",
    rationale="TikTok loads the Mini from its entry HTML (`build.htmlEntry`, else index.html, "
    "public/index.html or src/index.html); without it the WebView shows nothing.",
    fix="Create index.html at the root, or point build.htmlEntry in minis.config.json at your entry page.",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "build": { "htmlEntry": "app.html" }\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "build": { "htmlEntry": "index.html" }\n}\n'}),
    autofix_note="which page is the entry is a choice: point build.htmlEntry at it, or `minis-py init --existing`",
)
def html_entry_missing(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    entry = project.entry_html
    if project.exists(entry) or project.is_native_runtime or project.is_library:
        return  # a native game (or an engine's source project) has no HTML entry, nor has a library
    config = project.config_file
    generator = _script_naming(project, entry)
    framework = project.static_export_framework
    if generator:  # written by a pre-build step: the dev script may well run it first
        where = config.document.value_span(("build", "htmlEntry")) if config is not None and config.document is not None and project.config.html_entry else None
        yield Finding(
            where,
            f"the entry HTML '{entry}' does not exist yet: the \"{generator}\" script seems to generate it",
            severity=Severity.WARNING,
            hint=f"Run `npm run {generator}` first (minis-py checks the page once it exists).",
            path=CONFIG_FILENAME if where else entry,
        )
    elif framework and _in_output_dir(project, entry):
        # configured as the MN007 hint says (htmlEntry and outputDir at the export): the export is built, not written
        build = "build" if project.package_json is not None and _script_naming_command(project, "build") else None
        yield Finding(
            None,
            f"the entry HTML '{entry}' is {framework[0]}'s static export, not built yet: lint checks the page once it exists",
            severity=Severity.WARNING,
            path=entry,
            hint=f"Run `npm run {build}` ({framework[1]})." if build else f"Build the export ({framework[1]}).",
        )
    elif framework:
        name, export = framework
        yield Finding(
            None,
            f"no entry HTML: a {name} project has no {entry} in its source; TikTok needs its static export",
            severity=Severity.WARNING,
            path=entry,
            hint=f"Export statically ({export}) and point build.htmlEntry and build.outputDir in {CONFIG_FILENAME} at the export.",
        )
    elif project.config.html_entry and config is not None and config.document is not None:
        yield Finding(config.document.value_span(("build", "htmlEntry")), f"build.htmlEntry names '{entry}', which does not exist", path=CONFIG_FILENAME)
    else:
        yield Finding(None, f"no entry HTML: none of {', '.join(ENTRY_HTML_CANDIDATES)} exists", path=entry)


def _in_output_dir(project: Project, path: str) -> bool:
    output = (project.config.output_dir or "").strip("/").removeprefix("./")
    return bool(output) and output != "." and path.startswith(output + "/")


def _script_naming_command(project: Project, name: str) -> bool:
    package = project.package_json
    scripts = package.document.get(("scripts",)) if package and package.document else None
    return isinstance(scripts, dict) and isinstance(scripts.get(name), str)


def _script_naming(project: Project, path: str) -> str | None:
    """A package.json script whose command names this file (a generator of it)."""
    package = project.package_json
    scripts = package.document.get(("scripts",)) if package and package.document else None
    base = path.rsplit("/", 1)[-1]
    for name, command in scripts.items() if isinstance(scripts, dict) else ():
        if isinstance(command, str) and (path in command or (base != "index.html" and base in command)):
            return name
    return None


def _init_placeholder(ctx: ProjectContext) -> bool:
    """An init call on the entry page passing a placeholder literal as its clientKey."""
    from ...source.sdk import init_calls, resolve_client_key  # start-up: only a project with no key anywhere asks

    page = ctx.page()
    if page is None:
        return False
    for _, script, call in init_calls(page):
        key = resolve_client_key(page, script, call)
        if key.state == "value" and placeholder_key(key.value or ""):
            return True
    return False


@rule(
    "MN008",
    "client-key-unset",
    "W",
    Scope.PROJECT,
    summary="No client key anywhere: no --client-key, MINIS_CLIENT_KEY, dev.clientKey / clientKey / client_key in a config, nor a literal key in the init "
    "call.",
    rationale="Without the app's client key minis-py cannot tell whether the init call gets the right "
    "one, and the mock TikTok cannot issue codes for the app. When only the init call has a key, that key "
    "is the expected one and nothing is reported.",
    fix='Add "dev": { "clientKey": "<your client key>" } to minis.config.json (it is public; TikTok\'s CLIs read it there), or pass --client-key.',
    bad=Example({"minis.config.json": '{\n  "dev": { "port": 3000 }\n}\n', "index.html": _page("TTMinis.init({ clientKey: import.meta.env.VITE_KEY });")}),
    good=Example({"minis.config.json": '{\n  "dev": { "clientKey": "awexample123", "port": 3000 }\n}\n'}),
    autofix_note="minis-py cannot know your key: pass it once to `minis-py init --existing --client-key KEY`",
)
def client_key_unset(ctx: ProjectContext) -> Iterator[Finding]:
    if ctx.client_key() is not None:
        return
    project = ctx.project
    games = project.project_config_file
    if games is not None and (is_mini_program_config(games) or project.mini_program is not None):
        games = None  # a WeChat/Douyin mini program's project file (compileType miniprogram): not a game's appid
    configs = (project.config_file, project.games_config_file, games)
    target = next((f.path for f in configs if f is not None), None)
    if target is None or any(f is not None and f.error is not None for f in configs):
        return  # no config at all (MN004), or one that does not parse (MN002): nothing to say about keys yet
    if any(isinstance(key.value, str) and placeholder_key(key.value) for key in project.configured_keys()):
        return  # there is one, a placeholder (an empty appid): MN010 says so where it is
    if _init_placeholder(ctx):
        return  # the init call passes a placeholder literal ('YOUR_TIKTOK_CLIENT_KEY'): MN105 says so where it is
    key = "appid" if target == PROJECT_CONFIG else "dev.clientKey"
    looked = f"{target} has no {key}"
    engine = project.engine
    if target == PROJECT_CONFIG and engine is not None and not engine.engine.csharp and not project.is_native_game:
        looked = _engine_looked(project)
    yield Finding(None, f"no client key anywhere: {looked}, MINIS_CLIENT_KEY and --client-key are unset, and the init call has no literal key", path=target)


def _engine_looked(project: Project) -> str:
    """Where lint looked for an engine project's appid (held-out round 8: a Cocos Creator 2 game was told 'project.config.json
    has no appid', a root file its build does not use, holding a stand-in, while the appid sat in settings/builder.json)."""
    engine = project.engine
    assert engine is not None
    places = []
    settings = COCOS_BUILD_SETTINGS.get(engine.engine.key)
    if settings:
        places.append(f"{engine.engine.name}'s build settings ({', '.join(name for name, _ in settings)}) hold no ByteDance or WeChat Mini Game appid")
    if engine.output is not None:
        places.append(f"its build's {engine.label()}/{PROJECT_CONFIG} has none")
    else:
        places.append("there is no build yet")
    root = project.project_config_file
    appid = root.document.get(("appid",)) if root is not None and root.document is not None else None
    written = f" (its appid {appid!r} is not read)" if isinstance(appid, str) and appid else ""
    places.append(f"{PROJECT_CONFIG} at the root is not the build's{written}")
    return ", ".join(places[:-1]) + " and " + places[-1]


@rule(
    "MN009",
    "secret-in-config",
    "E",
    Scope.PROJECT,
    summary="minis.config.json contains a client secret.",
    rationale="minis.config.json is copied into the build that ships to every user's phone; a client secret there lets anyone exchange codes as your app.",
    fix="Remove it; keep the secret in your backend's environment (TIKTOK_CLIENT_SECRET), and rotate it on the developer portal if it was ever committed.",
    bad=Example({"minis.config.json": '{\n  "clientKey": "awexample123",\n  "clientSecret": "s3cr3t-value-1234"\n}\n'}),
    good=Example({"minis.config.json": '{\n  "clientKey": "awexample123"\n}\n'}),
    autofix_note="a secret in the shipped config must be removed and rotated: no edit makes it secret again",
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
    "MN010",
    "client-key-placeholder",
    "E",
    Scope.PROJECT,
    summary="A client key in a config file or a .env file is a template placeholder, not a key (also a devtools' stand-in appid such as "
    "`touristappid` or `testAppId` in project.config.json).",
    rationale="A template's placeholder (`replace_with_client_key`, `{{CLIENT_KEY}}`, `<your key>`, "
    "`TIKTOK_CLIENT_KEY`) is passed to TikTok as the key: init and login fail inside TikTok, and the mock "
    "cannot stand in for an app that has no key. Real keys are short lower-case alphanumerics. A native game's "
    "appid is its client key; the devtools' stand-ins are no app's: WeChat DevTools' tourist mode (`touristappid`, "
    "no AppID), Cocos Creator's ByteDance build default (`testId`), and `testAppId`/`testappId` in Douyin projects.",
    fix="Copy your app's client key from its page on the TikTok developer portal into the file, or let `minis-py lint --fix --client-key KEY` write it there.",
    bad=Example({"minis.config.json": '{\n  "dev": { "clientKey": "replace_with_client_key" }\n}\n'}, client_key="awexample123"),
    good=Example({"minis.config.json": '{\n  "dev": { "clientKey": "awexample123" }\n}\n'}),
    autofix="safe",
    autofix_note="a placeholder in a config file becomes the expected key when one is known from --client-key or MINIS_CLIENT_KEY; none in .env files",
)
def client_key_placeholder(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    files = {f.path: f for f in (project.config_file, project.games_config_file, project.project_config_file) if f is not None}
    for key in project.configured_keys():
        if isinstance(key.value, str) and placeholder_key(key.value):
            # an engine's build holds its own project.config.json (bin/, build/wechatgame/): read it there
            source = files.get(key.file) or project.json_file(key.file)
            document = source.document if source is not None else None
            if document is None:
                continue
            fix = None
            expected = ctx.expected
            if expected is not None and expected.value and not placeholder_key(expected.value) and expected.source in ("--client-key", "MINIS_CLIENT_KEY"):
                found = document.value_range(key.path)
                if found:
                    from ... import fixes  # start-up: only a finding with a fix loads the edit engine

                    fix = fixes.replace(found[0], found[1], json.dumps(expected.value), f"set {key.source} to '{expected.value}' ({expected.source})")
            what = "a devtools' stand-in appid" if key.value.strip().lower() in DEVTOOLS_APPIDS else "a placeholder"
            yield Finding(document.value_span(key.path), f"{key.source} is {what} ({key.value!r}), not a client key", path=key.file, autofix=fix)
    # A placeholder counts only where it is the value that wins: `.env` often has `KEY=` blank for a
    # `.env.local` (not committed) to fill in, as Vite's precedence intends.
    env_names = [p.name for p in project.root.glob(".env*") if p.is_file() and not p.name.endswith((".example", ".sample", ".template", ".dist"))]
    modes = {"development", project.vite_mode, *(n.split(".")[2] for n in env_names if n.count(".") >= 2 and n.split(".")[2] != "local")}
    winners: dict[tuple[str, str], tuple[str, re.Match[str]]] = {}  # (mode, name) -> (file, its line)
    for mode in sorted(modes):
        for file in env_files_for(mode):  # lowest precedence first: a later file wins
            if file not in env_names:
                continue
            for match in _ENV_KEY_LINE.finditer(project.read(file).text or ""):
                winners[(mode, match.group("name"))] = (file, match)
    reported: set[tuple[str, int]] = set()
    for (_, name), (file, match) in sorted(winners.items(), key=lambda item: (item[1][0], item[1][1].start())):
        value = match.group("value")
        if (file, match.start()) in reported or not placeholder_key(value.strip("'\"`")):
            continue
        reported.add((file, match.start()))
        index = LineIndex(project.read(file).text or "")
        start = match.start("value")
        yield Finding(
            index.span(start, max(match.end("value"), start + 1)),
            f"{name} in {file} is a placeholder ({value.strip(chr(39) + chr(34)) or 'empty'!r}), not a client key",
            path=file,
        )


_ENV_KEY_LINE = re.compile(
    r"(?m)^[ \t]*(?:export[ \t]+)?(?P<name>[A-Za-z_]*CLIENT_?KEY)[ \t]*=[ \t]*(?P<value>(?:[^\r\n#]*[^\r\n# \t])?)[ \t]*+(?:#.*)?$", re.I
)  # the value ends at its last non-blank: linear (a lazy value before blanks was quadratic in them)


@rule(
    "MN013",
    "output-dir-is-source",
    "W",
    Scope.PROJECT,
    summary="build.outputDir is a folder that holds the project's own sources (e.g. public/ served by the dev server).",
    rationale="TikTok's CLI zips build.outputDir as the Mini: pointing it at a source folder ships sources "
    "(and no build). minis-py still lints the folder as front end, so nothing vanishes from the checks.",
    fix="Point build.outputDir at the folder your build writes (dist/, build/), or add a build step that writes one.",
    bad=Example(
        {
            "minis.config.json": '{\n  "dev": { "clientKey": "awexample123" },\n  "build": { "outputDir": "public", "htmlEntry": "public/index.html" }\n}\n',
            "public/index.html": BASELINE_FILES["index.html"],
            "index.html": None,
        }
    ),
    good=Example({"minis.config.json": '{\n  "dev": { "clientKey": "awexample123" },\n  "build": { "outputDir": "dist" }\n}\n'}),
    autofix_note="moving the build output or the sources is a change to your build, not an edit of one file",
)
def output_dir_is_source(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    why = project.output_dir_is_source
    config = project.config_file
    if why and config is not None and config.document is not None:
        path = ("build", "outputDir") if config.document.has(("build", "outputDir")) else ("build", "output")
        yield Finding(
            config.document.value_span(path),
            f"build.outputDir '{project.config.output_dir}' holds the project's sources ({why}): the package would be sources, not a build; minis-py lints "
            f"it as front end",
            path=CONFIG_FILENAME,
        )


@rule(
    "MN015",
    "dev-port-mismatch",
    "W",
    Scope.PROJECT,
    summary="dev.port is not the port the dev script's server listens on.",
    rationale="`minis-py dev` (and TikTok's `minis dev`) wait for dev.port and preview what answers there: "
    "when the dev server listens elsewhere (Vite's 5173, a --port in the script), the preview shows nothing, "
    "or a backend the dev server proxies to.",
    fix="Set dev.port to the dev server's port (or pass that port to the dev server).",
    bad=Example({"package.json": '{ "name": "my-mini", "scripts": { "dev": "vite" } }\n'}),
    good=Example({"package.json": '{ "name": "my-mini", "scripts": { "dev": "vite --port 3000" } }\n'}),
    autofix_note="either port may be the right one (the dev server's, or the config's for a backend it proxies to)",
)
def dev_port_mismatch(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    script = project.dev_script()
    found = project.script_port(script) if script else None
    if found is None or project.is_native_runtime or found[0] == project.config.dev_port:
        return
    port, where = found
    config = project.config_file
    document = config.document if config is not None else None
    if document is not None and document.has(("dev", "port")):
        yield Finding(
            document.value_span(("dev", "port")),
            f"dev.port is {project.config.dev_port}, but the dev server listens on {port} ({where})",
            path=CONFIG_FILENAME,
            hint=f'Set "dev": {{ "port": {port} }} (or give the dev server --port {project.config.dev_port}).',
        )
    elif config is not None:
        yield Finding(
            None,
            f"dev.port is not set (default {project.config.dev_port}), but the dev server listens on {port} ({where})",
            path=CONFIG_FILENAME,
            hint=f'Add "dev": {{ "port": {port} }} to {CONFIG_FILENAME}.',
        )


@rule(
    "MN014",
    "runtime-ambiguous",
    "W",
    Scope.PROJECT,
    summary="The project root holds both an HTML entry and a native-runtime game (game.json + game.js).",
    rationale="TikTok runs only the native game (game.js); the page is dead weight in the package or a "
    "leftover of an HTML-runtime version (TikTok stopped accepting those on 2026-08-28).",
    fix="Delete the page if the native game replaced it, or move the game out if the page is the Mini.",
    bad=Example({**NATIVE_GAME, "index.html": BASELINE_FILES["index.html"]}),
    good=Example(NATIVE_GAME),
    autofix_note="which runtime stays (the page or the native game) is yours to decide; deleting files is not a fix",
)
def runtime_ambiguous(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    if project.is_native_game and project.has_entry_html:
        yield Finding(
            None,
            f"both {project.entry_html} and a native game (game.json + game.js) are here: TikTok runs game.js and ignores the page",
            path=project.entry_html,
            hint="Delete the page (and build.htmlEntry) if the native game replaced it; keep only one runtime per project.",
        )


@rule(
    "MN016",
    "html-game-retired",
    "W",
    Scope.PROJECT,
    summary="A legacy HTML-runtime mini game (a page on the games SDK, the games CLI's config with a page, a canvas game page with a game loop and "
    "the games SDK or ads, or a page whose scripts use TTMinis.game), or an npm library whose TikTok support initialises the games SDK "
    "for such a page (TTMinis.game.init): TikTok no longer accepts HTML mini games (since 2026-08-28).",
    rationale="TikTok stopped accepting HTML-runtime (H5) mini games on 2026-08-28 and retired the live ones "
    'on 2026-09-04 (docs: "Migrate from HTML to Native Runtime"); a page on the games SDK cannot be published.',
    fix="Migrate to the native runtime (game.js + game.json, drawing on a canvas), as TikTok's \"Migrate from "
    'HTML to Native Runtime" explains; `minis-py init --template game` scaffolds one to start from.',
    bad=Example({"index.html": _page('TTMinis.game.init({ clientKey: "awexample123" });', sdk="https://connect.tiktok-minis.com/game/sdk.js")}),
    good=Example(NATIVE_GAME, note="the same game on the native runtime: game.js + game.json"),
    autofix_note="migrating to the native runtime is a rewrite (canvas, game.js); `minis-py init --template game` starts one",
)
def html_game_retired(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    if project.is_library:
        yield from _library_on_html_runtime(ctx)
        return
    if not project.is_html_game:
        return
    if project.games_config_file is not None:
        why = f"{GAMES_CONFIG} with an HTML entry ({project.entry_html}) and no game.json"
    elif project.html_game_signals is not None:
        why = f"{project.entry_html} {project.html_game_signals}"  # "is a canvas game page ...", "has no SDK tag, but ..." (htmlgame.py)
    else:
        why = f"{project.entry_html} is a page on the games SDK"
    yield Finding(
        None, f"an HTML-runtime mini game ({why}): TikTok no longer accepts HTML mini games (since 2026-08-28)", path=project.entry_html, hint=MIGRATION
    )


def _library_on_html_runtime(ctx: ProjectContext) -> Iterator[Finding]:
    """An npm library whose scripts initialise the games SDK as an HTML-runtime game's page does (`TTMinis.game.init`,
    which only the HTML runtime has: mini-games-sdk-get-started): its TikTok support is for HTML mini games, which
    TikTok no longer accepts (Playgama's bridge, held-out round 41). Each init call, once."""
    from ...source.javascript import scripts_in  # start-up: only a library's check reads its scripts here

    project = ctx.project
    for file in project.files:
        text = project.read(file.path).text if not file.in_backend_dir else None
        if not text or "TTMinis" not in text or "init" not in text:
            continue
        for script in scripts_in(file.path, text):
            for call in script.calls:
                if call.callee == "TTMinis.game.init":
                    yield Finding(
                        script.span(call.node),
                        f"{call.written}() initialises the HTML-runtime games SDK: this library's TikTok support is for HTML mini games, "
                        "which TikTok no longer accepts (since 2026-08-28)",
                        path=file.path,
                        hint="On the native runtime the SDK is built in (TTMinis.game = tt = wx, no init) and a game is game.js drawing on a "
                        'canvas (TikTok: "Migrate from HTML to Native Runtime"); a library for native games calls tt/TTMinis.game directly.',
                    )


# What changes from an HTML-runtime game to a native one (TikTok's "Migrate from HTML to Native Runtime"; docs/sources.md).
MIGRATION = (
    'Migrate to the native runtime (TikTok: "Migrate from HTML to Native Runtime"): the entry index.html becomes game.js; '
    "minigame.config.json becomes game.json plus project.config.json (appid: your client key); the SDK is built in (no <script> tag, "
    "no TTMinis.game.init: TTMinis.game = tt = wx); DOM and CSS become drawing on tt.createCanvas() (2D or WebGL); DOM events "
    "become tt.onTouchStart/Move/End. `minis-py init --template game` scaffolds a native game to start from; `minis-py dev` runs it on the desktop."
)


@rule(
    "MN017",
    "file-unreadable",
    "E",
    Scope.FILE,
    summary="A source file cannot be read, or is not valid UTF-8 (in a native game, a warning when the bytes are in a library's file, "
    "or only in comments and console messages).",
    rationale="What cannot be read cannot be checked; and TikTok's WebView decodes pages as UTF-8, so other encodings show garbled text.",
    fix="Fix the file's permissions, or re-save it as UTF-8 in your editor.",
    bad=Example({"src/app.js": b"const title = '\xe9t\xe9';\n"}, note="the file is Latin-1, not UTF-8"),
    good=Example({"src/app.js": "const title = '\u00e9t\u00e9';\n"}),
    autofix_note="re-encoding a file guesses its original encoding; re-save it as UTF-8 in your editor",
)
def file_unreadable(ctx: FileContext) -> Iterator[Finding]:
    if ctx.read_problem is None:
        return
    span = ctx.index.span(ctx.problem_offset, ctx.problem_offset + 1) if ctx.problem_offset is not None else None
    if ctx.native_runtime and ctx.read_problem.startswith("is not valid UTF-8"):
        from ..libraries import recognise  # start-up: only a game's undecodable file asks which library it is

        library = recognise(ctx.path, ctx.text)
        if library is not None:  # an engine's or vendor's file (a GBK comment in a Spine runtime): not the developer's to re-save
            yield Finding(
                span,
                f"{ctx.path} {ctx.read_problem} in {library.label}: the runtime reads it as UTF-8, so those bytes become U+FFFD",
                hint="Harmless in a comment; in a string the text shows garbled. Take the library's UTF-8 release, or re-save the file as UTF-8.",
                severity=Severity.WARNING,
            )
            return
        if _undecodable_only_in_comments_or_logs(ctx):  # a Chinese comment or log message saved in GBK in a UTF-8 file
            yield Finding(
                span,
                f"{ctx.path} {ctx.read_problem}, only in comments and console messages: the runtime reads it as UTF-8, so those bytes become U+FFFD",
                hint="The code runs as written and no player sees that text; the log shows it garbled. Re-save the file as UTF-8 in your editor.",
                severity=Severity.WARNING,
            )
            return
    yield Finding(span, f"{ctx.path} {ctx.read_problem}")


_CONSOLE = re.compile(r"(?:window\.|globalThis\.)?console\.(?:log|info|warn|error|debug|trace)")


def _undecodable_only_in_comments_or_logs(ctx: FileContext) -> bool:
    """Whether every undecodable byte of a script (read as U+FFFD) lies in a comment, or in a string or template that
    is an argument of console.log/info/warn/error/debug, of code that parses without error: then nothing a player sees
    changes, nor what runs. A string elsewhere (a title, a label) shows garbled: that stays an error."""
    if len(ctx.scripts) != 1 or ctx.scripts[0].host_offset != 0 or ctx.scripts[0].too_complex is not None:
        return False
    script = ctx.scripts[0]
    replaced = "\ufffd".encode()
    start = script.data.find(replaced)
    if start == -1 or script.tree.root_node.has_error:
        return False
    while start != -1:
        node = script.tree.root_node.descendant_for_byte_range(start, start + len(replaced))
        while node is not None and node.type not in ("comment", "string", "template_string"):
            node = node.parent
        if node is None:
            return False
        if node.type != "comment":
            arguments = node.parent
            call = arguments.parent if arguments is not None and arguments.type == "arguments" else None
            callee = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
            if callee is None or not _CONSOLE.fullmatch(script.source(callee)):
                return False
        start = script.data.find(replaced, start + len(replaced))
    return True


@rule(
    "MN023",
    "file-too-complex",
    "W",
    Scope.FILE,
    summary="A script is too complex to check: nested deeper than code is written, or too slow or too large to analyse.",
    rationale="The analysis of one file is bounded (nesting depth, time, memory) so that no input can hang a lint; a script past "
    "a bound is not checked by any rule, and this says so rather than passing it in silence.",
    fix="Write the generated expression or chain as a loop or an array reduced at run time; for a file you accept "
    'unchecked, add MN023 to its "per-file-ignores" in the lint settings.',
    bad=Example(
        {"src/totals.js": 'setTimeout("render()", 0);\nconst total = ' + "1 + " * 800 + "1;\n"},
        note="800 additions in one expression: the parser nests each in the last",
    ),
    good=Example({"src/totals.js": "setTimeout(render, 0);\nconst total = Array.from({ length: 801 }, () => 1).reduce((a, b) => a + b);\n"}),
    autofix_note="how to split generated code is the generator's choice",
)
def file_too_complex(ctx: FileContext) -> Iterator[Finding]:
    """Run by the engine after the file's other rules, on the scripts they parsed (this rule parses nothing itself)."""
    for script in ctx.parsed_scripts:
        if script.too_complex is not None:
            why, byte_offset = script.too_complex
            start = script.host_offset + script.char_offset(byte_offset)
            yield Finding(ctx.index.span(start, start + 1), f"{ctx.path} is too complex to check: {why}; no rule looked at this code")
