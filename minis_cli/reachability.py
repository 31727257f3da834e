"""Which of a project's files no page loads (issue 30): a file that nothing loads never runs in the Mini, so the rules
about what code does at run time (MN1xx, MN2xx, MN4xx, MN5xx) do not apply to it; the rules about what the package
holds (MN0xx, secrets MN3xx) still do, since such a file may well be uploaded.

The model is cheap and conservative. It knows the entries of three layouts and decides nothing for any other:

- a Vite app: its build inputs (build.rollupOptions.input, else index.html); a page that is not one is never built
  (Vite's public/ is copied as is, so its pages and scripts are candidates too: loaded only when named);
- a native game whose game.js requires the package's modules: game.js and what it requires, game.json's subpackage
  roots, workers and openDataContext folders (a game.js that requires none of them decides nothing);
- a static site (no bundler in package.json) whose package minis.config.json names (build.htmlEntry, or a build.outputDir
  holding the entry page): the entry page, the pages it links or navigates to, and their scripts.

From the entries every file the model does not judge (a Vite app's src/, which the bundler follows) is loaded, and
a file is reached through a literal import or require the native runtime's resolver finds, through a file name
written in a loaded file (`<script src>`, `href="terms.html"`, `location.href = '/cms.html'`), and through an import
nothing resolves whose last part is the file's stem (an alias). A computed import or require (`require(name)`,
import.meta.glob, require.context) reaches every candidate under the folder it could name."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .source.javascript import Script
from .source.syntax import descendants, dialect_for, literal_string

if TYPE_CHECKING:
    from .project import Project, SourceFile

UNLOADED = "not loaded by any page"
_TEST_FILE = re.compile(r"(?:^|/)(?:tests?|__tests__|specs?|e2e)/|\.(?:test|spec)\.[cm]?[jt]sx?$")  # as lint.constants._TESTS
RUNTIME_FAMILIES = ("MN1", "MN2", "MN4", "MN5")  # what code does when it runs: nothing, when nothing loads it

_BUNDLERS = frozenset(
    {
        "vite",
        "webpack",
        "parcel",
        "next",
        "react-scripts",
        "rollup",
        "esbuild",
        "@vue/cli-service",
        "umi",
        "@umijs/max",
        "nuxt",
        "@tarojs/cli",
        "@dcloudio/uni-app",
        "snowpack",
        "@angular/cli",
        "@sveltejs/kit",
        "gatsby",
        "astro",
        "@rspack/cli",
        "typescript",
        "browserify",
        "gulp",
        "grunt",
    }
)
_VITE_CONFIGS = ("vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts", "vite.config.cjs")
# matched where a keyword starts (found by str.find, _keyword_matches): a regex searched over a whole bundle was ~50 ms a MB
_SPECIFIER = re.compile(r"""(?:from\s*|importScripts\s*\(\s*|import\s*\(?\s*|require\s*\(\s*)(['"])([^'"\n]{1,300})\1""")
# an import or require of a name computed at run time: `require(name)`, `import(`./levels/${n}`)`, a glob
_COMPUTED = re.compile(r"""(?:require|import)\s*\(\s*(?:`([^`$]*)\$\{|(['"])([^'"\n]*)\2\s*\+|(?=[A-Za-z_$]))|import\.meta\.glob\b|require\.context\b""")
_KEYWORDS = ("from", "import", "require")
_SCRIPT_SRC = re.compile(r"""<script\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)


def runs_unloaded(rule_id: str) -> bool:
    """Whether a file rule applies to a file nothing loads: the package-content rules (MN0xx, MN3xx) do."""
    return not rule_id.startswith(RUNTIME_FAMILIES)


def unloaded_files(project: Project) -> dict[str, str]:
    """The project's files no entry reaches, each with why; empty when the layout's entries are not known."""
    model = _model(project)
    if model is None:
        return {}
    entries, seeds, candidates, why = model
    candidates -= entries | seeds
    if not candidates:
        return {}
    by_name: dict[str, set[str]] = {}
    by_stem: dict[str, set[str]] = {}
    for path in candidates:
        name = posixpath.basename(path)
        by_name.setdefault(name.lower(), set()).add(path)
        stem = name.rsplit(".", 1)[0]
        by_stem.setdefault(stem, set()).add(path)
        if stem == "index" and "/" in path:
            by_stem.setdefault(posixpath.basename(posixpath.dirname(path)), set()).add(path)
    known = frozenset(file.path for file in project.files)
    from ahocorasick_rs import AhoCorasick  # the candidates' names in one pass over each text, in Rust

    patterns = sorted(by_name)
    names = AhoCorasick(patterns)
    reached: set[str] = set()
    stack = sorted(entries | seeds)
    seen: set[str] = set()
    while stack and len(reached) < len(candidates):
        path = stack.pop()
        if path in seen:
            continue
        seen.add(path)
        text = project.read(path).text if project.exists(path) else None
        if not text:
            continue
        found: set[str] = set()
        lowered = text.lower()
        for index, start, end in names.find_matches_as_indexes(lowered, overlapping=True):
            # a whole file name: `entry.ts` is not named by `game-entry.ts`, nor `main.js` by `main.json`
            if (start and (lowered[start - 1].isalnum() or lowered[start - 1] in "_-.$")) or (
                end < len(lowered) and (lowered[end].isalnum() or lowered[end] in "_$")
            ):
                continue
            found |= by_name[patterns[index]]
        for _, spec in (m.groups() for m in _keyword_matches(text, _SPECIFIER)):
            local = _resolve(known, path, spec)
            if local is not None:
                found.add(local)
            elif spec.startswith((".", "/", "@/", "~/", "@")) or "/" in spec:
                last = spec.rstrip("/").rsplit("/", 1)[-1]
                found |= by_stem.get(last.rsplit(".", 1)[0] if "." in last else last, set())
        for match in _keyword_matches(text, _COMPUTED):
            prefix = match.group(1) if match.group(1) is not None else match.group(3)
            folder = posixpath.dirname(path)
            if prefix and prefix.startswith((".", "/")):
                folder = posixpath.normpath(posixpath.join(folder, prefix.rsplit("/", 1)[0] or ".")) if not prefix.startswith("/") else prefix.strip("/")
                folder = "" if folder in (".", "/") else folder
            found |= {c for c in candidates if not folder or c.startswith(folder.rstrip("/") + "/")}
        for local in found - seen:
            if local in candidates:
                reached.add(local)
            stack.append(local)
    return dict.fromkeys(sorted(candidates - reached), why)


def _keyword_matches(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """`pattern`'s matches that start at an import keyword (a word of _KEYWORDS, not inside an identifier)."""
    for word in _KEYWORDS:
        start = text.find(word)
        while start != -1:
            if start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_$."):
                match = pattern.match(text, start)
                if match is not None:
                    yield match
            start = text.find(word, start + len(word))


def _resolve(known: frozenset[str], importer: str, spec: str) -> str | None:
    from .gamepkg import resolve_module  # start-up: only a native game's package is read

    if spec.startswith(("@/", "~/")):
        spec = "/src/" + spec[2:]
    if not spec.startswith((".", "/")):
        return None  # a package (or an alias: matched by its stem)
    found = resolve_module(known, posixpath.dirname(importer), spec)
    if found is None:
        base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec)) if not spec.startswith("/") else spec.lstrip("/")
        stem = base.rsplit(".", 1)[0] if base.endswith((".js", ".jsx")) else base
        found = next((stem + s for s in (".ts", ".tsx", ".mjs", ".jsx", ".vue", ".svelte", "/index.ts", "/index.tsx") if stem + s in known), None)
    return found


def _model(project: Project) -> tuple[set[str], set[str], set[str], str] | None:
    """(entries, files loaded by assumption, candidates, why a candidate not reached is unloaded), or None: unknown."""
    # An editor's unsaved buffers (overlays: `lint -`, the language server, --fix's rounds) are read as the files
    # are, so a file nothing loads gets the same answer there as from `lint FILE`.
    if project.everything_frontend:
        return None
    if project.engine is not None:
        return _bundled_game(project)
    files = [file for file in project.files if not file.in_backend_dir]
    if project.is_native_game:
        from .engines import missing_requires  # start-up: only a native game's reachability asks

        missing = missing_requires(project.root)
        if not missing:
            return _native_game(project, files)
        # game.js loads a bundle not built yet (`require('./dist/game.js')`): what it will load is what the build that
        # writes the bundle starts from (esbuild's `entryPoints: ['game-entry.ts']`), and the bundler follows its imports;
        # with no build found that says so, what it will load is unknown
        from .bundled import bundle_builder  # start-up: only an unbuilt native game's reachability asks

        builders = [bundle_builder(project.root, spec) for spec in missing]
        if any(b is None or not b[2] for b in builders):
            return None
        starts = {entry for b in builders if b is not None for entry in b[2] if project.exists(entry)}
        if not starts:
            return None
        said = ", ".join(sorted(starts))
        return _native_game(project, files, starts, f"{UNLOADED}: neither game.js nor the build's entry ({said}) reaches it")
    if project.kind == "library":
        # an npm library's tests (`tests/`, `*.spec.ts`) run under its test runner, never in what it publishes: the rules
        # on what code does at run time in a Mini or game skip them (Playgama's bridge, held-out round 41)
        tests = {f.path for f in files if _TEST_FILE.search(f.path)}
        return (set(), {f.path for f in files} - tests, tests, "a test of the library, run by its test runner: not in what it publishes") if tests else None
    if project.kind not in ("mini", "html-game"):
        return None
    deps = _dependencies(project)
    vite = "vite" in deps or any(project.exists(name) for name in _VITE_CONFIGS)
    if vite:
        inputs = _vite_inputs(project)
        if inputs is None:
            return None
        entries = {path for path in inputs if project.exists(path)}
        candidates = _pages_and_their_scripts(project, files, entries)
        seeds = {f.path for f in files} - candidates
        return entries, seeds, candidates, f"{UNLOADED}: not a Vite build input ({', '.join(sorted(inputs))}) nor named by one's code"
    if deps & _BUNDLERS or not project.has_entry_html or not (project.config.html_entry or project.output_dir_is_source):
        return None  # a bundler's graph, or a folder of pages with no package named: each page may be the one that runs
    entries = {project.entry_html}
    candidates = _pages_and_their_scripts(project, files, entries)
    return entries, {f.path for f in files} - candidates, candidates, f"{UNLOADED}: the entry page ({project.entry_html}) neither loads nor links to it"


def _pages_and_their_scripts(project: Project, files: list[SourceFile], entries: set[str]) -> set[str]:
    """The pages other than the entries, and the scripts one of them names (`<script src="cms.js">`): what a page no one
    navigates to may be all that loads. Any other script is loaded by assumption (a script on its own is a file lint was
    asked to check, or one a bundler follows)."""
    pages = {f.path for f in files if f.language == "html"} - entries
    if not pages:
        return set()
    scripts: dict[str, set[str]] = {}
    for file in files:
        if file.language == "js":
            scripts.setdefault(posixpath.basename(file.path).lower(), set()).add(file.path)
    named: set[str] = set()
    for page in pages:
        text = project.read(page).text or ""
        for src in _SCRIPT_SRC.findall(text):
            named |= scripts.get(posixpath.basename(src.split("?", 1)[0].split("#", 1)[0]).lower(), set())
    return pages | named


def _native_game(project: Project, files: list[SourceFile], starts: set[str] | None = None, why: str = "") -> tuple[set[str], set[str], set[str], str] | None:
    from .gamepkg import open_data_folders, subpackages  # start-up: only a native game's package is read

    game = project.json_file("game.json")
    document = game.document.value if game is not None and game.document is not None else None
    if not isinstance(document, dict):
        return None
    folders = [s.root for s in subpackages(project.root)]
    value = document.get("workers")
    value = value.get("path") if isinstance(value, dict) else value
    if isinstance(value, str) and value.strip("/ ."):
        folders.append(value.strip().strip("/"))
    folders += open_data_folders(project.root)  # game.json's or, as TikTok documents it, project.config.json's
    scripts = {f.path for f in files if f.language in ("js", "ts")}
    text = project.read("game.js").text or ""
    known = frozenset(scripts)
    if not starts and not any(_resolve(known, "game.js", m.group(2)) for m in _keyword_matches(text, _SPECIFIER)):
        return None  # game.js loads none of the package's modules: the game's code is laid out some way this does not follow
    seeds = {p for p in scripts if any(p == f or p.startswith(f + "/") for f in folders)}
    return {"game.js"} | (starts or set()), seeds, scripts, why or f"{UNLOADED}: game.js and its subpackages never require it"


def _bundled_game(project: Project) -> tuple[set[str], set[str], set[str], str] | None:
    """A bundled game (bundled.py) whose bundler config names its entries: what the bundle holds is what they import
    (held-out round 21: a canvas game's web version, mobile.html and its mobile-main.js, beside the rollup entry
    game.src.js that the mini game is built from). Any other engine's project: unknown."""
    engine = project.engine
    if engine is None or engine.engine.key != "bundled" or not engine.engine.entries:
        return None
    entries = {entry for entry in engine.engine.entries if project.exists(entry)}
    if not entries:
        return None
    scripts = {f.path for f in project.files if f.language in ("js", "ts") and not f.in_backend_dir}
    said = ", ".join(sorted(entries))
    return entries, set(), scripts, f"not in the bundle: its entry ({said}) never imports it"


def _dependencies(project: Project) -> set[str]:
    package = project.package_json
    document = package.document if package is not None else None
    found: set[str] = set()
    for key in ("dependencies", "devDependencies"):
        value = document.get((key,)) if document is not None else None
        if isinstance(value, dict):
            found.update(value)
    return found


def _vite_inputs(project: Project) -> list[str] | None:
    """Vite's build inputs: build.rollupOptions.input (or rolldownOptions, build.input) when every one is a literal,
    else index.html; None when they cannot be read (computed, or the config sets another root)."""
    for name in _VITE_CONFIGS:
        if not project.exists(name):
            continue
        text = project.read(name).text or ""
        if not re.search(r"\b(?:input|root)\b", text):
            return ["index.html"]
        script = Script(text, dialect_for(name), path=name)
        for node in descendants(script.tree.root_node):
            if node.type != "pair":
                continue
            key = script.source(node.child_by_field_name("key")).strip("'\"")
            value = node.child_by_field_name("value")
            if key == "root":
                return None  # pages relative to another folder: not modelled
            if key != "input" or value is None:
                continue
            values = [value] if value.type == "string" else value.named_children if value.type in ("array", "object") else None
            if values is None:
                return None
            inputs = []
            for item in values:
                if item.type == "pair":
                    item = item.child_by_field_name("value")
                if item is not None and item.type == "call_expression":  # resolve(__dirname, 'share.html')
                    arguments = item.child_by_field_name("arguments")
                    item = arguments.named_children[-1] if arguments is not None and arguments.named_children else None
                literal = literal_string(script, item) if item is not None and item.type == "string" else None
                if literal is None:
                    return None
                inputs.append(posixpath.normpath(literal).lstrip("./") or "index.html")
            return inputs
        return ["index.html"]
    return ["index.html"]
