"""Native-runtime mini games: the package TikTok takes (game.json, subpackages, project.config.json's appid, the
size limits, empty files), remote scripts, the DOM a native runtime does not have, and the required capabilities.
What TikTok documents, with sources: docs/game-host.md and docs/sources.md."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from ...positions import LineIndex
from ...project import PROJECT_CONFIG
from ...source.javascript import scripts_in
from ..context import FileContext, Finding, ProjectContext
from ..dependencies import GameDependencies, handed_clause, uninstalled_note
from ..guards import bound_locally, feature_checked, runs_outside_tiktok
from ..model import Example, GeneratedFiles, Scope
from .games import REVISIT_REWARDS, game_files_call, is_open_data_context
from .project import NATIVE_GAME, NATIVE_GAME_JS
from .registry import rule, words

if TYPE_CHECKING:
    from pathlib import Path

    from tree_sitter import Node, Query

    from ...source.javascript import Script

GAME_JSON = "game.json"


def _game_json(project):
    return project._json_file(GAME_JSON)


def _native(ctx: ProjectContext) -> bool:
    return ctx.project.is_native_game


def _package(ctx: ProjectContext) -> tuple[Path, str] | None:
    """The package TikTok gets, and the prefix its paths take in a finding: a native game's root, or an engine project's
    committed mini-game build inside it (`release/wxgame/`: what the developer uploads; held-out rounds 25 and 29)."""
    project = ctx.project
    if project.is_native_game:
        return project.root, ""
    engine = project.engine
    output = engine.output if engine is not None else None
    if output is None or (engine is not None and engine.engine.key == "laya" and output.name == "bin"):
        return None  # none; or LayaAir's bin/, its IDE's working folder (a debug build, the subpackages unsplit)
    try:
        relative = output.resolve().relative_to(project.root.resolve())
    except ValueError:
        return None  # a build beside the project (Egret's): dev checks it where it runs
    return output, relative.as_posix() + "/"


@rule(
    "MN018",
    "game-json-invalid",
    "E",
    Scope.PROJECT,
    summary="A native game's game.json is not a JSON object, or its subpackages list is malformed.",
    rationale="game.json is the one required configuration of a native game; TikTok's tool validates its "
    "`subpackages` (each `{ name, root }`, `independent` optional) and a bad one stops the build "
    '("Debug your mini game": ttmg dev pre-checks game.json and subpackages).',
    fix='Make game.json an object; list subpackages as [{ "name": "level2", "root": "packages/level2" }] with unique names and roots.',
    bad=Example({**NATIVE_GAME, "game.json": '{ "subpackages": [{ "name": "level2" }] }\n'}),
    good=Example(
        {
            **NATIVE_GAME,
            "game.json": '{ "subpackages": [{ "name": "level2", "root": "packages/level2" }] }\n',
            "packages/level2/game.js": "GameGlobal.level2 = true;\n",
        }
    ),
    autofix_note="a subpackage's name and root are yours; the message names the entry to correct",
)
def game_json_invalid(ctx: ProjectContext) -> Iterator[Finding]:
    if not _native(ctx):
        return
    file = _game_json(ctx.project)
    if file is None or file.document is None:
        return  # missing: not a native game; unparsable: MN002
    document = file.document
    value = document.value
    if not isinstance(value, dict):
        yield Finding(document.value_span(()), "game.json must be a JSON object", path=GAME_JSON)
        return
    key = "subpackages" if "subpackages" in value else "subPackages" if "subPackages" in value else None
    if key is None:
        return
    listed = value[key]
    if not isinstance(listed, list):
        yield Finding(document.value_span((key,)), f"{key} must be a list of {{ name, root }}", path=GAME_JSON)
        return
    seen: dict[str, set[str]] = {"name": set(), "root": set()}
    for i, item in enumerate(listed):
        where = document.value_span((key, i))
        if not isinstance(item, dict):
            yield Finding(where, f"{key}[{i}] must be an object {{ name, root }}", path=GAME_JSON)
            continue
        root = item.get("root")
        if not isinstance(root, str) or not root.strip("/ "):
            yield Finding(where, f"{key}[{i}] has no root (the subpackage's folder)", path=GAME_JSON)
            continue
        if "name" in item and (not isinstance(item["name"], str) or not item["name"]):
            yield Finding(document.value_span((key, i, "name")), f"{key}[{i}].name must be a non-empty string", path=GAME_JSON)
        if "independent" in item and not isinstance(item["independent"], bool):
            yield Finding(document.value_span((key, i, "independent")), f"{key}[{i}].independent must be true or false", path=GAME_JSON)
        for field in ("name", "root"):
            text = str(item.get(field, root) if field == "name" else root).strip().strip("/")
            if text in seen[field]:
                yield Finding(
                    document.value_span((key, i, field)) if field in item else where, f"{key}[{i}]: a second subpackage with {field} {text!r}", path=GAME_JSON
                )
            seen[field].add(text)


@rule(
    "MN019",
    "subpackage-missing",
    "E",
    Scope.PROJECT,
    summary="A subpackage in game.json names a root folder that does not exist, or has no game.js.",
    rationale="loadSubpackage downloads the subpackage and runs its game.js (mini-games-sdk-subpackage); TikTok's "
    "tool checks that each root exists before it builds, so a missing one stops the upload.",
    fix="Create the folder with its game.js, or correct the root in game.json.",
    bad=Example({**NATIVE_GAME, "game.json": '{ "subpackages": [{ "name": "level2", "root": "packages/level2" }] }\n'}),
    good=Example(
        {
            **NATIVE_GAME,
            "game.json": '{ "subpackages": [{ "name": "level2", "root": "packages/level2" }] }\n',
            "packages/level2/game.js": "GameGlobal.level2 = true;\n",
        }
    ),
    autofix_note="creating a subpackage's game.js would be an empty game: correct the root or add the folder",
)
def subpackage_missing(ctx: ProjectContext) -> Iterator[Finding]:
    if not _native(ctx):
        return
    from ...engines import missing_requires  # start-up: only a native game's package asks

    if missing_requires(ctx.project.root):
        return  # a bundler's input (game.js importing the unbuilt ./dist/game.js): its build writes the subpackages too
    file = _game_json(ctx.project)
    if file is None or file.document is None or not isinstance(file.document.value, dict):
        return
    key = "subpackages" if "subpackages" in file.document.value else "subPackages"
    listed = file.document.value.get(key)
    root_dir = ctx.project.root
    for i, item in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("root"), str) or not item["root"].strip("/ "):
            continue  # MN018
        root = item["root"].strip().strip("/")
        where = file.document.value_span((key, i, "root"))
        folder = root_dir / root
        if not folder.is_dir():
            yield Finding(where, f"subpackage root {root}/ does not exist", path=GAME_JSON)
        elif not (folder / "game.js").is_file():
            yield Finding(where, f"subpackage root {root}/ has no game.js (what loadSubpackage runs)", path=GAME_JSON)


# LayaAir 2's engine (laya.core.js) takes its ByteDance path when it sees `tt` (`Laya.Browser.onTTMiniGame`, then
# `window.ttMiniGame`, which only its ByteDance adapter laya.ttmini.js defines); TikTok's runtime has both tt and wx
# ("API namespace is compatible with tt, wx, and TTMinis.game", mini-games-sdk-basic-utility), so LayaAir's WeChat
# build stops at start there (measured in the game host on two real LayaAir 2.7.1 and 2.12 WeChat builds:
# docs/game-host.md, "Real exports, measured").
_LAYA_REQUIRE = re.compile(r"""(?:require|loadLib)\s*\(\s*["'](?:\./)?((?:[\w.-]+/)*laya\.(wx|tt)mini(?:\.min)?\.js)["']""")
_LAYA_CORES = ("libs/laya.core.js", "libs/min/laya.core.min.js", "libs/laya.core.min.js")


@rule(
    "MN024",
    "engine-wrong-target",
    "E",
    Scope.PROJECT,
    summary="A LayaAir 2 package built for WeChat (game.js loads laya.wxmini.js, not laya.ttmini.js): on TikTok its engine takes "
    "the ByteDance path and stops at start.",
    rationale="TikTok's runtime answers to tt and wx alike; LayaAir 2's engine checks for tt first and then calls window.ttMiniGame, "
    "which only its ByteDance adapter (laya.ttmini.js) defines, so a WeChat build throws a TypeError before its first frame "
    "(two real LayaAir 2 WeChat builds, run in minis-py's game host). Read only when the package's laya.core.js has the "
    "ByteDance path.",
    fix="Publish LayaAir's ByteDance (字节跳动小游戏) target, whose game.js loads laya.ttmini.js, and run that package.",
    bad=Example(
        {
            **NATIVE_GAME,
            "game.js": "require('weapp-adapter.js');\nrequire('libs/laya.wxmini.js');\nrequire('libs/laya.core.js');\n" + NATIVE_GAME_JS,
            "weapp-adapter.js": "GameGlobal.window = GameGlobal;\n",
            "libs/laya.core.js": "if (window.tt) { Browser.onTTMiniGame = true; window.ttMiniGame(Laya, Laya); }\n",
        }
    ),
    good=Example(
        {
            **NATIVE_GAME,
            "game.js": "require('weapp-adapter.js');\nrequire('libs/laya.ttmini.js');\nrequire('libs/laya.core.js');\n" + NATIVE_GAME_JS,
            "weapp-adapter.js": "GameGlobal.window = GameGlobal;\n",
            "libs/laya.core.js": "if (window.tt) { Browser.onTTMiniGame = true; window.ttMiniGame(Laya, Laya); }\n",
        }
    ),
    autofix_note="the ByteDance build is LayaAir's to make: its publish step writes a different game.js and libs",
)
def engine_wrong_target(ctx: ProjectContext) -> Iterator[Finding]:
    if not _native(ctx):
        return
    project = ctx.project
    entry = project.read("game.js").text or ""
    loaded = {m.group(2): m for m in _LAYA_REQUIRE.finditer(entry)}
    if "wx" not in loaded or "tt" in loaded:
        return
    if not any("ttMiniGame" in (project.read(core).text or "") for core in _LAYA_CORES):
        return  # not LayaAir 2's ByteDance path (another version, or its core elsewhere): not claimed
    found = loaded["wx"]
    yield Finding(
        LineIndex(entry).span(found.start(1), found.end(1)),
        f"game.js loads LayaAir's WeChat adapter ({found.group(1)}) and not its ByteDance one: on TikTok LayaAir 2 sees tt, takes its "
        "ByteDance path and calls window.ttMiniGame, which only laya.ttmini.js defines, so the game stops at start",
        path="game.js",
    )


@rule(
    "MN020",
    "appid-missing",
    "E",
    Scope.PROJECT,
    summary="A native game's project.config.json has no appid (an empty or placeholder one is MN010).",
    rationale="project.config.json's appid is required and must be \"consistent with the game ID on the Developer "
    'Portal" ("Develop your mini game"); TikTok\'s tool cannot upload the package without it.',
    fix='Set "appid" in project.config.json to your game\'s client key from the Developer Portal.',
    bad=Example({**NATIVE_GAME, "project.config.json": '{ "projectname": "catch" }\n'}),
    good=Example(NATIVE_GAME),
    autofix_note="minis-py cannot know the game's appid (its client key): copy it from the Developer Portal",
)
def appid_missing(ctx: ProjectContext) -> Iterator[Finding]:
    if not _native(ctx):
        return
    file = ctx.project.project_config_file
    if file is None or file.document is None:
        return  # missing: MN004; unparsable: MN002
    value = file.document.value
    if not isinstance(value, dict):
        yield Finding(file.document.value_span(()), "project.config.json must be a JSON object with an appid", path=PROJECT_CONFIG)
    elif "appid" not in value:
        yield Finding(None, "project.config.json has no appid (the game's client key)", path=PROJECT_CONFIG)
    elif not isinstance(value["appid"], str):
        yield Finding(file.document.value_span(("appid",)), "project.config.json's appid must be a string (the game's client key)", path=PROJECT_CONFIG)


@rule(
    "MN021",
    "package-too-large",
    "W",
    Scope.PROJECT,
    summary="The native game's package (or an engine project's committed mini-game build) is over TikTok's limits: main package 4 MB, an "
    "independent subpackage 4 MB, 30 MB in all (an error in build).",
    rationale='"Develop your mini game": 30 MB in all before compression, the main package (everything outside '
    "subpackage roots) at most 4 MB, and each independent subpackage at most 4 MB; TikTok's upload refuses a bigger one. "
    "A Git LFS pointer (a checkout without LFS, GitHub Actions' default) counts as the size of the file it stands for.",
    fix="Move levels and media into subpackages (game.json's subpackages), load large media from a CDN on a trusted domain, or compress assets.",
    bad=Example(GeneratedFiles(NATIVE_GAME, {"assets/music.bin": lambda: "\x01" * (4 * 1024 * 1024 + 1)})),
    good=Example({**NATIVE_GAME, "assets/music.bin": "\x01" * 1024}),
    autofix_note="what moves to a subpackage or a CDN is a design decision about the game",
)
def package_too_large(ctx: ProjectContext) -> Iterator[Finding]:
    package = _package(ctx)
    if package is None:
        return
    from ... import gamepkg  # start-up: only a native game's package is read

    root, prefix = package
    game_json = prefix + GAME_JSON
    sizes = gamepkg.sizes(root)
    mib = gamepkg.MIB
    if sizes.total > gamepkg.TOTAL_LIMIT:
        yield Finding(None, f"the package is {sizes.total / mib:.1f} MB, over TikTok's {gamepkg.TOTAL_LIMIT // mib} MB", path=game_json)
    if sizes.main > gamepkg.MAIN_LIMIT:
        yield Finding(
            None,
            f"the main package (outside subpackage roots) is {sizes.main / mib:.1f} MB, over TikTok's {gamepkg.MAIN_LIMIT // mib} MB",
            path=game_json,
            hint="Move levels and media into subpackages (game.json), or load them from a CDN on a trusted domain.",
        )
    independent = {s.root for s in gamepkg.subpackages(root) if s.independent}
    for sub_root, size in sizes.subpackages.items():
        if sub_root in independent and size > gamepkg.INDEPENDENT_LIMIT:
            yield Finding(
                None, f"the independent subpackage {sub_root}/ is {size / mib:.1f} MB, over TikTok's {gamepkg.INDEPENDENT_LIMIT // mib} MB", path=game_json
            )


@rule(
    "MN022",
    "package-empty-file",
    "W",
    Scope.PROJECT,
    summary="A file of the native game's package (or of an engine project's committed mini-game build) is empty (0 bytes): TikTok's upload "
    "refuses it (an error in build).",
    rationale='"Submit your app for review": the upload ZIP may not hold a 0-byte file. An empty file is usually '
    "a build step that failed half-way or a placeholder that was never filled.",
    fix="Give the file its content, delete it, or leave it out of the package (project.config.json's packOptions.ignore).",
    bad=Example({**NATIVE_GAME, "src/levels.js": ""}),
    good=Example({**NATIVE_GAME, "src/levels.js": "module.exports = [];\n"}),
    autofix_note="an empty file is usually a failed build step: give it content or delete it",
)
def package_empty_file(ctx: ProjectContext) -> Iterator[Finding]:
    package = _package(ctx)
    if package is None:
        return
    from ... import gamepkg  # start-up: only a native game's package is read

    root, prefix = package
    for path in gamepkg.package_files(root):
        try:
            empty = (root / path).stat().st_size == 0
        except OSError:
            continue
        if empty:
            yield Finding(None, f"{prefix}{path} is empty: TikTok's upload refuses 0-byte files", path=prefix + path)


_URL = re.compile(r"^(?:https?:)?//", re.I)


@rule(
    "MN507",
    "remote-script",
    "E",
    Scope.FILE,
    summary="A native game loads code from a URL (require, import or import() of http(s)://...): TikTok runs only the package's own code.",
    rationale='"Submit your app for review": no remote script sources; a native runtime loads modules from the '
    "package only, so a URL import fails on TikTok and would be refused in review anyway.",
    fix="Bundle the module into the package (npm install it and let your bundler include it, or vendor the file).",
    bad=Example({**NATIVE_GAME, "game.js": NATIVE_GAME_JS + "const physics = require('https://cdn.example.com/physics.js');\n"}),
    good=Example({**NATIVE_GAME, "game.js": NATIVE_GAME_JS + "const physics = require('./libs/physics');\n", "libs/physics.js": "module.exports = {};\n"}),
    triggers=words("require", "import"),
    active=lambda ctx: ctx.kind == "native-game",
    autofix_note="bundling the module is a build change",
)
def remote_script(ctx: FileContext) -> Iterator[Finding]:
    if ctx.kind != "native-game":
        return
    for script in ctx.scripts:
        for value, node in script.imports:
            if _URL.match(value):
                yield Finding(script.span(node), f"{value} is a remote script: a native game runs only its package's code")


# Globals of a browser page that a native runtime does not define (mini-games-integrate-your-web-game: "The runtime has no DOM or CSS"; docs/game-host.md).
DOM_GLOBALS = (
    "document",
    "window",
    "localStorage",
    "sessionStorage",
    "XMLHttpRequest",
    "fetch",
    "navigator",
    "location",
    "Image",
    "HTMLElement",
    "HTMLCanvasElement",
    "alert",
)
_DOM_WORD = re.compile(r"\b(?:" + "|".join(DOM_GLOBALS) + r")\b")
# An adapter (weapp-style) defines them on the global object: `GameGlobal.document = ...`, `window.localStorage = ...`,
# `Object.defineProperty(GameGlobal, 'document', ...)`, or copies a whole object in.
_PROVIDES = re.compile(r"\b(?:GameGlobal|globalThis|global|window|self|_window)\s*\.\s*(" + "|".join(DOM_GLOBALS) + r")\s*=(?!=)")
_DEFINES = re.compile(r"defineProperty\(\s*(?:GameGlobal|globalThis|global|window|self)\s*,\s*['\"](" + "|".join(DOM_GLOBALS) + r")['\"]")
_COPIES = re.compile(r"\b(?:GameGlobal|globalThis|global)\s*\[\s*\w+\s*\]\s*=(?!=)")
# Or through a name it gives the global object (Cocos Creator 2.4's adapter-min.js: `var u=GameGlobal; ... for(var p in r)
# u[p]=r[p]; u.window=r,(window=u)`): `alias.X =`, `alias[k] =` and `window = alias` count as above, from the alias's
# assignment to the next assignment of that name (a minified bundle reuses one-letter names module by module).
# The name may be given through the usual existence check (`const G = typeof GameGlobal !== "undefined" ? GameGlobal :
# typeof globalThis !== ...`), and to globalThis as well.
_GLOBAL_OBJECT = r"(?:GameGlobal|globalThis)"
# (its head reads a run like `a$b$c...` once: `\b([A-Za-z_$]...` started again at every boundary in it, quadratically)
_GLOBAL_ALIAS = re.compile(
    rf"(?<![\w$])(?>[\w$]*?\b(?=[A-Za-z_$]))([A-Za-z_$][\w$]*+)\s*=\s*(?:typeof\s+{_GLOBAL_OBJECT}\s*!==?\s*['\"]undefined['\"]\s*\?\s*)?{_GLOBAL_OBJECT}\b(?!\s*[.\[(])"
)
# What a recognised adapter's modules export is what it copies onto the global object (weapp-adapter's window.js
# exports document, navigator, XMLHttpRequest, Image, HTMLElement, ... and its entry copies them onto GameGlobal):
# `exports.X =`, `export const X`, `export { X, Y as Z }`, `Object.defineProperty(exports, "X", ...)`.
_NAMES = "|".join(DOM_GLOBALS)
_EXPORTS = re.compile(
    rf"\bexports\s*\.\s*({_NAMES})\s*=(?!=)|\bexport\s+(?:default\s+)?(?:const|let|var|function|class)\s+({_NAMES})\b"
    rf"|defineProperty\(\s*(?:module\.)?exports\s*,\s*['\"]({_NAMES})['\"]"
)
_EXPORT_LIST = re.compile(r"\bexport\s*\{([^}]*)\}")
# Or in one call: `Object.assign(globalThis, {...stubs, window: globalThis, self: globalThis})` (Douyin's Godot launcher,
# whose `stubs` object literal holds document, navigator, fetch, alert, ...): the literal's keys, and the keys of an object
# literal a spread names (`o = {document: n, fetch: z}` before the call).
_ASSIGNS = re.compile(r"\bObject\.assign\(\s*(?:GameGlobal|globalThis|global|window|self)\s*,\s*\{")
_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _literal_members(text: str, start: int) -> tuple[set[str], set[str]]:
    """The keys and the spread names at the top level of the object literal whose `{` is at `start`; empty if it never
    closes. A scanner over brackets and strings, enough for the literals adapters write (no regex literals in them)."""
    keys: set[str] = set()
    spreads: set[str] = set()
    depth = 0
    index = start
    item_start = start + 1
    end = len(text)
    while index < end:
        char = text[index]
        if char in "\"'`":
            close = index + 1
            while close < end and text[close] != char:
                close += 2 if text[close] == "\\" else 1
            index = close + 1
            continue
        if char in _PAIRS:
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                _member(text[item_start:index], keys, spreads)
                return keys, spreads
        elif char == "," and depth == 1:
            _member(text[item_start:index], keys, spreads)
            item_start = index + 1
        index += 1
    return set(), set()


_MEMBER = re.compile(r"\s*(?:\.\.\.\s*([A-Za-z_$][\w$]*)\s*$|['\"]?([A-Za-z_$][\w$]*)['\"]?\s*(?::|\(|$))")


def _member(item: str, keys: set[str], spreads: set[str]) -> None:
    found = _MEMBER.match(item)
    if found is None:
        return
    if found.group(1):
        spreads.add(found.group(1))
    else:
        keys.add(found.group(2))


def _assigned_globals(text: str) -> set[str]:
    """The DOM globals `Object.assign(globalThis, {...})` puts on the global object, with those of the object literal
    each spread names (its last `name = {` before the call)."""
    names: set[str] = set()
    for call in _ASSIGNS.finditer(text):
        keys, spreads = _literal_members(text, call.end() - 1)
        for spread in spreads:
            before = next(reversed(list(re.finditer(rf"(?<![\w$.]){re.escape(spread)}\s*=\s*\{{", text[: call.start()]))), None)
            if before is not None:
                keys |= _literal_members(text, before.end() - 1)[0]
        names.update(keys & set(DOM_GLOBALS))
    return names


# Babel's export getter on a minified module's exports parameter (`Object.defineProperty(n,"navigator",{enumerable:!0,
# get:function(){return i.default}})`, Cocos Creator 2.4's adapter-min.js window module).
_EXPORT_GETTER = re.compile(rf"defineProperty\(\s*[A-Za-z_$][\w$]*\s*,\s*['\"]({_NAMES})['\"]\s*,\s*\{{\s*enumerable\s*:\s*(?:!0|true)\s*,\s*get\b")


def _adapter_exports(text: str) -> set[str]:
    names = {next(g for g in m.groups() if g) for m in _EXPORTS.finditer(text)}
    names.update(m.group(1) for m in _EXPORT_GETTER.finditer(text))
    for listed in _EXPORT_LIST.finditer(text):
        for part in listed.group(1).split(","):
            name = part.strip().rsplit(" as ", 1)[-1].strip()
            if name in DOM_GLOBALS:
                names.add(name)
    return names


def _provided(project) -> tuple[set[str], bool]:
    """The DOM globals the package's own adapter defines, and whether it copies a whole window object in."""
    from ... import gamepkg  # start-up: only a native game's package is read
    from ..libraries import ADAPTER, recognise  # start-up: only a game's files ask which library they are

    names: set[str] = set()
    copies = False
    for path in gamepkg.package_files(project.root):
        if not path.endswith((".js", ".mjs", ".cjs")):
            continue
        text = project.read(path).text or ""
        names.update(m.group(1) for m in _PROVIDES.finditer(text))
        names.update(m.group(1) for m in _DEFINES.finditer(text))
        if "Object.assign" in text:
            names.update(_assigned_globals(text))
        copies = copies or bool(_COPIES.search(text) and "window" in text)
        if "GameGlobal" in text or "globalThis" in text:
            aliased, alias_copies = _through_aliases(text)
            names.update(aliased)
            copies = copies or (alias_copies and "window" in text)
        library = recognise(path, text)
        if library is not None and library.kind == ADAPTER:
            names.update(_adapter_exports(text))
    if "window" in names:
        names.update(("document",) if copies else ())
    return names, copies


def _through_aliases(text: str) -> tuple[set[str], bool]:
    """The DOM globals defined on the global object through a name given to it (`var u = GameGlobal; u.window = r`,
    `window = u`), and whether a whole object is copied onto it through that name (`u[p] = r[p]`). A use counts when
    the name's latest assignment before it gives it the global object (a minified bundle reuses one-letter names
    module by module). One pass over the text for each kind of use: a bundle may name globalThis hundreds of times."""
    starts: dict[str, list[int]] = {}
    for found in _GLOBAL_ALIAS.finditer(text):
        starts.setdefault(found.group(1), []).append(found.start(1))
    if not starts:
        return set(), False
    names = "|".join(re.escape(name) for name in sorted(starts, key=len, reverse=True))
    assigned: dict[str, list[int]] = {}  # every assignment of an alias's name, the alias's own included
    for found in re.finditer(rf"(?<![\w$.])({names})\s*=(?!=)", text):
        assigned.setdefault(found.group(1), []).append(found.start(1))

    def aliased(name: str, at: int) -> bool:
        before = assigned.get(name, [])
        index = bisect.bisect_left(before, at) - 1
        return index >= 0 and before[index] in starts[name]

    found_names = {m.group(2) for m in re.finditer(rf"(?<![\w$.])({names})\s*\.\s*({_NAMES})\s*=(?!=)", text) if aliased(m.group(1), m.start())}
    if any(aliased(m.group(1), m.start()) for m in re.finditer(rf"(?<![\w$.])window\s*=\s*({names})\b(?!\s*[.\[(])", text)):
        found_names.add("window")
    copies = any(aliased(m.group(1), m.start()) for m in re.finditer(rf"(?<![\w$.])({names})\s*\[\s*[\w$]+\s*\]\s*=(?!=)", text))
    return found_names, copies


@cache
def _identifier_query(language: object, names: tuple[str, ...], typescript: bool = False) -> Query:
    """Identifiers spelled as one of `names`, and the declarations of those names, found by tree-sitter in C: a
    Python walk over every node of a 1 MB engine bundle took 0.7 s. TypeScript names a class by a type_identifier
    (the JavaScript pattern is an impossible one there: a QueryError)."""
    from tree_sitter import Query

    match = "^(" + "|".join(re.escape(n) for n in names) + ")$"
    class_name = "type_identifier" if typescript else "identifier"
    return Query(
        language,  # type: ignore[arg-type]
        f'''((identifier) @use (#match? @use "{match}"))
        (variable_declarator name: (identifier) @declared (#match? @declared "{match}"))
        (function_declaration name: (identifier) @declared (#match? @declared "{match}"))
        (class_declaration name: ({class_name}) @declared (#match? @declared "{match}"))''',
    )


_NOT_A_READ = frozenset({"function_declaration", "class_declaration", "formal_parameters", "import_specifier", "namespace_import"})


def _free_uses(script: Script, names: set[str]) -> Iterator[tuple[str, Node]]:
    """Identifier reads of `names` that are not declared in the file, not a `typeof` feature check nor behind one, and not the global
    being defined (`window = _window`), in the order they appear."""
    from tree_sitter import QueryCursor

    cursor = QueryCursor(_identifier_query(script.tree.language, tuple(sorted(names)), script.dialect in ("ts", "tsx")))
    captures = cursor.captures(script.tree.root_node)
    declared = {script.source(node) for node in captures.get("declared", ())} | {d.name for d in script.declarators}
    for node in sorted(captures.get("use", ()), key=lambda n: n.start_byte):
        name = script.source(node)
        if name in declared:
            continue
        parent = node.parent
        if parent is None:
            continue
        if parent.type == "unary_expression" and (parent.text or b"").startswith(b"typeof"):
            continue
        if parent.type in _NOT_A_READ:
            continue
        if parent.type in ("required_parameter", "optional_parameter") and parent.child_by_field_name("pattern") == node:
            continue  # TypeScript's `stop(location?: string)`: a parameter of that name, not the global
        if bound_locally(script, node, name):
            continue  # `function stop(location) { if (location === undefined) ... }`: the parameter, not the global
        if parent.type == "assignment_expression" and parent.child_by_field_name("left") == node:
            continue  # `window = _window`: the adapter defining the global
        if feature_checked(script, node, name):
            continue  # `if (typeof window !== "undefined") n = window`: a library's check, never read where it is absent
        if runs_outside_tiktok(script, node, native=True):
            continue  # the else of `if (typeof tt !== 'undefined')`: a game's own web fallback, never run on TikTok
        yield name, node


@rule(
    "MN508",
    "dom-in-native-game",
    "W",
    Scope.PROJECT,
    summary="A native game uses document, window, localStorage, fetch or another browser global that the native runtime does not have, and no adapter in "
    "the package provides it (an error in build).",
    rationale='"The runtime has no DOM or CSS" (Integrate your web game): on TikTok these names are not defined '
    "and the game stops with a ReferenceError. Engine exports that bundle a weapp-style adapter (document and "
    "window built on tt/wx) are fine: the adapter defines them first. The adapter's own file (weapp-adapter.js, adapter-min.js, "
    "laya.ttmini.js, ... recognised by name or signature) is not checked, since it uses the globals it defines, and what it exports "
    "(exports.document, export { HTMLCanvasElement }) counts as provided; `window = GameGlobal` defines the global rather than reads it.",
    fix="Draw on tt.createCanvas(), read touches with tt.onTouchStart, keep data with tt.setStorageSync and call "
    "servers with tt.request; or bundle your engine's adapter for WeChat/Douyin mini games.",
    bad=Example({**NATIVE_GAME, "game.js": NATIVE_GAME_JS + "const canvas = document.createElement('canvas');\n"}),
    good=Example(
        {
            **NATIVE_GAME,
            "game.js": "require('./weapp-adapter');\n" + NATIVE_GAME_JS + "const canvas = document.createElement('canvas');\n",
            "weapp-adapter.js": "const screen = tt.createCanvas();\nGameGlobal.document = { createElement: () => screen };\n",
        },
        note="a bundled adapter defines document over tt",
    ),
    autofix_note="replacing the DOM means drawing on the canvas: a rewrite, or an engine's mini-game adapter",
)
def dom_in_native_game(ctx: ProjectContext) -> Iterator[Finding]:
    if not _native(ctx):
        return
    from ... import gamepkg  # start-up: only a native game's package is read
    from ..libraries import ADAPTER, ENGINE, recognise  # start-up: only a game's files ask which library they are

    project = ctx.project
    provided, _ = _provided(project)
    wanted = set(DOM_GLOBALS) - provided
    if not wanted:
        return
    for path in gamepkg.package_files(project.root):
        if not path.endswith((".js", ".mjs", ".cjs", ".ts")) or path in project.unloaded:  # never required: never runs
            continue
        if path.split("/", 1)[0] in project.serverless_folders:
            continue  # a Cloudflare Worker's code (workers/wrangler.toml): it runs on the server, where fetch exists
        text = project.read(path).text
        if not text or not _DOM_WORD.search(text):
            continue
        library = recognise(path, text)
        if library is not None and library.kind == ADAPTER:
            continue  # the adapter defines these globals: its own uses of them are how it builds them
        if library is not None and library.kind == ENGINE and library.library.name == "Godot" and {"window", "document"} <= provided:
            # Godot's Emscripten glue, exported for the launcher beside it (Douyin's Godot plug-in): the browser globals the
            # launcher leaves out are on paths it does not take (`if (!this.canvas) ... instanceof HTMLCanvasElement`, a
            # worker's XMLHttpRequest); other engines (Phaser's localStorage) and Godot with no adapter are still checked
            continue
        reported: set[str] = set()
        for script in scripts_in(path, text):
            for name, node in _free_uses(script, wanted):
                if name in reported:
                    continue
                reported.add(name)
                yield Finding(
                    script.span(node),
                    f"{name} does not exist in TikTok's native runtime (no DOM): this fails with a ReferenceError there",
                    path=path,
                    hint=_HINTS.get(name, "Use the tt.* API instead, or bundle your engine's mini-game adapter."),
                )


_HINTS = {
    "document": "Draw on tt.createCanvas() (the first call is the screen) instead of DOM elements.",
    "window": "Use GameGlobal (the global object) or tt.getSystemInfoSync() for the screen size.",
    "localStorage": "Use tt.setStorageSync / tt.getStorageSync.",
    "sessionStorage": "Keep it in memory, or use tt.setStorageSync.",
    "fetch": "Use tt.request (to a trusted domain).",
    "XMLHttpRequest": "Use tt.request (to a trusted domain).",
    "Image": "Use tt.createImage().",
    "alert": "Draw the message on the canvas.",
}


@rule(
    "MN509",
    "capability-missing",
    "W",
    Scope.PROJECT,
    summary="A mini game (native, or a legacy HTML one) never calls silent login, or never offers the shortcut (addShortcut) or the entrance mission "
    "(startEntranceMission), which TikTok requires; revisit rewards (getRevisitMissionReward), which replace both, count for both.",
    rationale='"Develop your mini game" and "Debug your mini game" list the capabilities every mini game must '
    "integrate: silent login, rewarded ads (MN504), the shortcut and the entrance missions (client 41.0.0 and "
    'later, behind canIUse); a game without them is sent back in review. Revisit Rewards (Dec 3, 2026): "Starting December '
    "14, 2026, mini games must integrate revisit rewards to pass review. Revisit rewards replace Revisit From Profile and Home "
    'Screen Shortcut": a game calling getRevisitMissionReward has the revisit capability, and the hint names the change to '
    "a game that has neither. As for MN504, an installed npm framework "
    "the game imports is read, and one declared but not installed is named, with the call that hands it the "
    "capability when there is one.",
    fix="Call tt.login at start, and offer tt.addShortcut and tt.startEntranceMission where tt.canIUse says they exist.",
    bad=Example({**NATIVE_GAME, "game.js": "tt.login({ success: start, fail: start });\nconst ad = tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"}),
    good=Example(NATIVE_GAME),
    autofix_note="adding login or the missions is game design: the template shows where they go",
    calls=("login", "addShortcut", "startEntranceMission", "getRevisitMissionReward"),
)
def capability_missing(ctx: ProjectContext) -> Iterator[Finding]:
    engine = ctx.project.engine
    if not _native(ctx) and engine is None and not ctx.project.is_html_game:  # a legacy HTML game (MN016) too: every mini game
        return
    if engine is not None and engine.targets_no_store():
        return  # a Unity project with no mini-game SDK: not a mini game yet

    # revisit rewards (getRevisitMissionReward) replace the shortcut and the profile revisit (mini-games-revisit-rewards):
    # a game that asks for them has both
    revisit = game_files_call(ctx, REVISIT_REWARDS)
    absent = [
        (api, label)
        for api, label in (
            ("login", "silent login (login)"),
            ("addShortcut", "the shortcut (addShortcut)"),
            ("startEntranceMission", "the entrance mission (startEntranceMission)"),
        )
        if not (revisit and api != "login") and not game_files_call(ctx, api)
    ]
    if not absent or is_open_data_context(ctx.project):
        return  # none missing; or a game's leaderboard project: login and the missions are its main domain's
    dependencies = GameDependencies(ctx.project)
    absent = [(api, label) for api, label in absent if not dependencies.installed_calls(api)]  # an installed framework's
    handed = [(label, found) for api, label in absent if (found := dependencies.handed(api)) is not None]
    missing = [label for api, label in absent if label not in {label for label, _ in handed}]
    where = engine.marker if engine is not None else "game.js" if _native(ctx) else ctx.project.entry_html
    hint = "Call tt.login at start; offer tt.addShortcut and tt.startEntranceMission behind tt.canIUse (client 41.0.0 and later)."
    if any(api != "login" for api, _ in absent):
        hint += (
            " From 2026-12-14 TikTok's review asks instead for revisit rewards, which replace the shortcut and the profile revisit: call "
            "getRevisitMissionReward on start and on returning to the foreground, and grant the reward when canReceiveReward is true "
            "(mini-games-revisit-rewards)."
        )
    left = (
        f"it leaves {handed_clause(handed)}, not installed (package.json declares it, node_modules does not hold it): minis-py cannot check "
        f"{'it' if len(handed) == 1 else 'them'}"
        if handed
        else ""
    )
    if missing:
        listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
        yield Finding(
            None,
            f"this mini game never uses {listed}: TikTok requires {'it' if len(missing) == 1 else 'them'} of mini games" + (f"; {left}" if left else ""),
            path=where,
            hint=hint + uninstalled_note(dependencies),
        )
    elif handed:
        yield Finding(
            None,
            f"this mini game {left.split(' ', 1)[1]}, which TikTok requires of mini games",
            path=where,
            hint="Install the dependencies (npm install) and lint again.",
        )
