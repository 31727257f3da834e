"""Project: root discovery, package.json, minis.config.json, the file set, the expected client key."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path

from .config import CLIENT_KEY_PATHS, CONFIG_FILENAME, JsonDocument, JsonError, MinisConfig, is_known_key, parse_json, read_minis_config
from .engines import EngineProject, detect, is_package, is_source_root
from .kinds import BY_NAME, HTML_GAME, LIBRARY, NATIVE_GAME, NATIVE_GAME_FILES, recognise
from .localstate import read_private
from .reachability import unloaded_files
from .records import field, record
from .source.files import FileText, language_of, read_text
from .source.sdk import placeholder_key
from .targets import build_folders, is_backend_path, mini_program_platform, several_projects, tiktok_target_folder, web_target_script

PACKAGE_JSON = "package.json"
GAMES_CONFIG = "minigame.config.json"  # TikTok's games CLI (HTML-runtime games)
PROJECT_CONFIG = "project.config.json"  # a native-runtime game's appid (WeChat/Douyin exports too)
# where a Cocos Creator project keeps its mini-game appid (Project.cocos_build_appids): file -> key paths, ByteDance first
COCOS_BUILD_SETTINGS: dict[str, tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]] = {
    "cocos2": (
        ("settings/bytedance.json", (("appid",),)),
        ("settings/builder.json", (("bytedance", "appid"), ("wechatgame", "appid"))),
        ("settings/wechatgame.json", (("appid",),)),
    ),
    "cocos3": tuple(
        (f"profiles/v2/packages/{target}.json", (("builder", "options", target, "appid"), ("builder", "taskOptionsMap", "*", "appid")))
        for target in ("bytedance-mini-game", "wechatgame")
    )
    # the build panel's own file: a platform's block, and each build task's options (Cocos 3's ITaskOption:
    # `packages.<platform>`); "*" is every key of the object there, in order
    + (
        (
            "profiles/v2/packages/builder.json",
            tuple(
                path
                for target in ("bytedance-mini-game", "wechatgame")
                for path in ((target, "appid"), ("BuildTaskManager", "taskMap", "*", "options", "packages", target, "appid"))
            ),
        ),
    ),
}
ENTRY_HTML_CANDIDATES = ("index.html", "public/index.html", "src/index.html")
BACKEND_DIRS = frozenset({"server", "api", "backend", "functions"})
SERVERLESS_CONFIGS = ("wrangler.toml", "wrangler.json", "wrangler.jsonc", "serverless.yml", "serverless.yaml")
ALWAYS_EXCLUDED_DIRS = frozenset({"node_modules", ".git", ".minis", ".hg", ".svn", "__pycache__", ".venv", ".minis-cache"})
# Vite's order, lowest precedence first: a later file overrides an earlier one (mode: development).
ENV_FILES = (".env", ".env.local", ".env.development", ".env.development.local")


def is_mini_program_config(file: JsonFile) -> bool:
    """project.config.json of a mini program (WeChat's and Douyin's developer tools: compileType "miniprogram", a
    miniprogramRoot), not of a mini game (compileType "game")."""
    document = file.document
    value = document.value if document is not None else None
    return isinstance(value, dict) and (value.get("compileType") == "miniprogram" or "miniprogramRoot" in value)


def _game_project_file(file: JsonFile | None) -> bool:
    """A devtools project.config.json of compileType "game" (WeChat's devtools name a game's code root miniprogramRoot
    too: `"compileType": "game", "miniprogramRoot": "dist/"`, which is_mini_program_config takes for a mini program's)."""
    value = file.document.value if file is not None and file.document is not None else None
    return isinstance(value, dict) and value.get("compileType") == "game"


def _expand_wildcards(value: object, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The key paths a settings path names, each "*" standing for every key of the object there, in order."""
    paths: list[tuple[str, ...]] = [()]
    for part in path:
        if part != "*":
            paths = [done + (part,) for done in paths]
            continue
        expanded: list[tuple[str, ...]] = []
        for done in paths:
            node = value
            for key in done:
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, dict):
                expanded += [done + (str(key),) for key in node]
        paths = expanded
    return paths


def env_files_for(mode: str) -> tuple[str, ...]:
    """Vite's env files for a mode (`vite --mode staging`), lowest precedence first."""
    return (".env", ".env.local", f".env.{mode}", f".env.{mode}.local")


SECRET_ENV_NAMES = ("TIKTOK_CLIENT_SECRET", "MINIS_CLIENT_SECRET")
MOCK_SECRET_FILE = ".minis/client_secret"


# Where a key read from the page's own init call comes from: the resolver's last resort (Project.expected_client_key).
INIT_CALL = "the init call"
UNBUILT = object()  # `page` not given: the resolver builds the page when its last step needs it


@record(frozen=True)
class ExpectedClientKey:
    """The app's client key, and where it came from."""

    value: str
    source: str  # "--client-key", "MINIS_CLIENT_KEY", "minis.config.json dev.clientKey", ..., INIT_CALL

    @property
    def from_init_call(self) -> bool:
        """Read from the page's own init call: nothing to compare the page with, nor to write into it."""
        return self.source == INIT_CALL


@record(frozen=True)
class ConfiguredKey:
    """A client key written in a config file: the value, the file, and the key's path in it."""

    value: object  # as written (a string, or a wrong type the schema rules report)
    file: str
    path: tuple[str, ...]

    @property
    def source(self) -> str:
        return self.file if self.path == ("clientKey",) and self.file == "minis.config.json" else f"{self.file} {'.'.join(self.path)}"


@record(frozen=True)
class JsonFile:
    """package.json or minis.config.json as read: the parsed document, or the parse error."""

    path: str
    document: JsonDocument | None
    error: JsonError | None = None


@record(frozen=True)
class SourceFile:
    """One file the checks read: its path relative to the root (posix) and its language."""

    path: str
    language: str  # "html", "sfc" (.vue/.svelte), "js" or "ts"
    in_backend_dir: bool


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that is a project: it holds package.json or minis.config.json, or it is
    a native game's package (game.json + game.js) or a game engine's source project (Cocos Creator's project.json,
    LayaAir, Egret, Unity: engines.is_source_root), which often have no package.json. Else ``start``."""
    start = start if start.is_dir() else start.parent
    for folder in (start, *start.parents):
        if (folder / PACKAGE_JSON).is_file() or (folder / CONFIG_FILENAME).is_file():
            return folder
        if all((folder / name).is_file() for name in NATIVE_GAME_FILES):
            return folder
        if is_source_root(folder):
            return folder
    return start


def tiktok_root(start: Path) -> tuple[Path, str | None]:
    """The folder lint, dev and build work on for a path given on the command line: the project root found from it,
    or, when the path is that root itself, its TikTok target subfolder (targets.tiktok_target_folder), with why; one
    resolution, so each command works on the folder lint checks and says so in one line (targets.using_line)."""
    start = start.resolve()
    root = find_root(start)
    found = tiktok_target_folder(root) if start == root else None
    return (root, None) if found is None else (root / found[0], found[1])


@record
class Project:
    """A Minis project on disk, as the checks, dev and build see it."""

    root: Path
    overlays: Mapping[str, str] = field(default_factory=dict)  # path -> text (stdin for editors)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    # The folder the user named, when it holds the root (lint run at a repository whose project is a subfolder): files
    # the project's build pulls in from beside it (an Egret module's `../lib`) are read only inside it; None: the root.
    bounds: Path | None = None
    everything_frontend = False  # a build output: every file ships to the browser, nothing is backend

    @classmethod
    def discover(cls, start: Path, **kwargs: object) -> Project:
        return cls(find_root(start.resolve()), **kwargs)  # type: ignore[arg-type]

    # --- the two JSON files ---------------------------------------------------------------------

    def json_file(self, name: str) -> JsonFile | None:
        """A JSON file of the project, by its path relative to the root (None when there is none)."""
        return self._json_file(name)

    def _json_file(self, name: str) -> JsonFile | None:
        if name in self.overlays:
            text = FileText(self.overlays[name])
        elif (self.root / name).is_file():
            text = read_text(self.root / name)
        else:
            return None
        if text.text is None:
            return JsonFile(name, None, JsonError(text.problem or "cannot be read", 1, 1))
        try:
            return JsonFile(name, parse_json(text.text))
        except JsonError as exc:
            return JsonFile(name, None, exc)

    @cached_property
    def package_json(self) -> JsonFile | None:
        return self._json_file(PACKAGE_JSON)

    @cached_property
    def config_file(self) -> JsonFile | None:
        return self._json_file(CONFIG_FILENAME)

    @cached_property
    def games_config_file(self) -> JsonFile | None:
        """minigame.config.json, the games CLI's config."""
        return self._json_file(GAMES_CONFIG)

    @cached_property
    def project_config_file(self) -> JsonFile | None:
        """project.config.json (a native game's appid)."""
        return self._json_file(PROJECT_CONFIG)

    @cached_property
    def devtools_project_file(self) -> JsonFile | None:
        """With no project.config.json of its own: the one of a folder above (at most two up) whose devtools project
        names this folder its code root, `"compileType": "game", "miniprogramRoot": "minigame/"` (WeChat's developer
        tools: a game whose package is minigame/, built there by the project's bundler, the devtools project at the
        repository root). It is the package's project file; its path is relative to this root (`../project.config.json`)."""
        if self._json_file(PROJECT_CONFIG) is not None:
            return None
        here = self.root.resolve()
        for parent in list(here.parents)[:2]:
            file = parent / PROJECT_CONFIG
            if not file.is_file():
                continue
            text = read_text(file).text
            try:
                document = parse_json(text) if text is not None else None
            except JsonError:
                return None
            value = document.value if document is not None else None
            named = value.get("miniprogramRoot") if isinstance(value, dict) else None
            if not isinstance(named, str) or not named.strip() or value.get("compileType") != "game":  # type: ignore[union-attr]
                return None
            try:
                names_here = (parent / named).resolve() == here
            except (OSError, RuntimeError, ValueError):  # a NUL in the name, a symlink loop: names no folder
                return None
            return JsonFile(os.path.relpath(file, here).replace(os.sep, "/"), document) if names_here else None
        return None

    @cached_property
    def config(self) -> MinisConfig:
        """The settings: minis.config.json's, else (a games-CLI project) minigame.config.json's, which has
        the same dev/build/navbar/domain keys."""
        return read_minis_config(self.settings_file.document if self.settings_file else None)

    @property
    def settings_file(self) -> JsonFile | None:
        """The config file the settings come from (minis.config.json, else minigame.config.json)."""
        return self.config_file if self.config_file is not None else self.games_config_file

    # --- what kind of project (minis_cli/kinds.py: how each is recognised, what applies to it) ------------------

    @cached_property
    def kind(self) -> str:
        """ "native-game", "engine-game" (an engine's source project), "html-game", "library" (an npm library) or "mini"
        (a drama or other Mini)."""
        return recognise(self).name

    @property
    def is_native_game(self) -> bool:
        """A native-runtime mini game: game.json + game.js at the root (as WeChat/Douyin exports are)."""
        return self.kind == NATIVE_GAME.name

    @cached_property
    def mini_program(self) -> str | None:
        """The platform whose mini program the root is (`app.json` with its app style or project file: a native Douyin
        mini program's app.ttss), which TikTok does not run; None for anything else."""
        try:
            names = {entry.name for entry in os.scandir(self.root)}
        except OSError:
            return None
        return mini_program_platform(names)

    @cached_property
    def uni_app(self) -> bool:
        """A uni-app project's sources (targets.uni_app_sources): its conditional compilation decides what its web build holds."""
        from .targets import uni_app_sources  # start-up: only lint's last step asks, once a run

        return uni_app_sources(self.root)

    @cached_property
    def library(self) -> tuple[str, str] | None:
        """(its name, what says so) when the root is an npm library other projects import, not an app: no entry page, no
        TikTok config, and a package.json that is not private and publishes modules (`exports`, `module`, `types`,
        `typings`, `files`, `publishConfig`: npm's package.json docs). Playgama's bridge and other SDKs that wrap TikTok's
        for a game's page (held-out round 41); `main` alone says nothing (npm init writes it into every app)."""
        if self.has_entry_html or self.config_file is not None or self.games_config_file is not None or self.package_json is None:
            return None
        document = self.package_json.document
        value = document.value if document is not None else None
        if not isinstance(value, dict) or value.get("private") is True:
            return None
        named = value.get("name")
        name = named if isinstance(named, str) and named else self.root.name
        if isinstance(value.get("unity"), str):  # a Unity package (UPM's package.json: "unity": "2019.4"), C# a Unity project embeds
            return name, f"a Unity package: package.json's unity {value['unity']}"
        for key in ("exports", "module", "types", "typings", "publishConfig"):
            if value.get(key):
                return name, f"package.json's {key}"
        files = value.get("files")
        return (name, "package.json's files") if isinstance(files, list) and files else None

    @property
    def is_library(self) -> bool:
        return self.kind == LIBRARY.name

    @cached_property
    def hbuilderx_targets(self) -> list[str] | None:
        """A uni-app project made with HBuilderX, not made a Mini (no TikTok config): the platforms of the mini programs
        it builds (targets.hbuilderx_targets), which TikTok does not run; None for anything else."""
        if self.config_file is not None or self.games_config_file is not None or NATIVE_GAME.test(self):
            return None
        from .targets import hbuilderx_targets  # start-up: only dev's decision and init --existing ask

        return hbuilderx_targets(self.root)

    @cached_property
    def engine(self) -> EngineProject | None:
        """A game engine's source project (Cocos Creator, LayaAir, Egret, Unity: minis_cli/engines.py), whose package is
        the engine's mini-game build output, or a mini game's bare scripts with nothing runnable yet (gamescripts.py); None
        for anything else (a package with game.json + game.js is a native game)."""
        found = detect(self.root)
        if found is None and not is_package(self.root):
            found = several_projects(self.root)  # several games' projects and nothing of its own: pass one
        if found is None and not is_package(self.root):
            from .gamescripts import detect_game_scripts  # start-up: only a folder that is no engine's asks

            found = detect_game_scripts(self.root)
        return found

    @property
    def is_native_runtime(self) -> bool:
        """Runs in TikTok's native runtime, with no page and no npm dev server: a native game, or an engine's source project."""
        return BY_NAME[self.kind].native_runtime

    @cached_property
    def has_entry_html(self) -> bool:
        return self.exists(self.entry_html)

    @property
    def is_html_game(self) -> bool:
        """A legacy HTML-runtime mini game: a page on the games SDK, or the games CLI's config with a page."""
        return self.kind == HTML_GAME.name

    @cached_property
    def html_game_signals(self) -> str | None:
        """Why the entry page is a canvas game with no SDK tag and no games config (a canvas, a game loop, a tt alias,
        ads: htmlgame.py), else None."""
        if NATIVE_GAME.test(self) or self.games_config_file is not None or not self.has_entry_html:
            return None
        from .htmlgame import html_game_signals  # start-up: only a page with no SDK tag asks (its patterns compile on import)

        return html_game_signals(self)

    @property
    def is_game(self) -> bool:
        return BY_NAME[self.kind].game

    # --- the client key ----------------------------------------------------------------------------

    def configured_keys(self) -> list[ConfiguredKey]:
        """Every client key the config files hold, in the resolver's order: dev.clientKey (minis.config.json,
        then minigame.config.json), then clientKey / client_key (either), then a native game's appid (a Unity
        project's: its root project.config.json's), then an engine build's."""
        files = [(CONFIG_FILENAME, self.config_file), (GAMES_CONFIG, self.games_config_file)]
        found: list[ConfiguredKey] = []
        for paths in CLIENT_KEY_PATHS:
            for name, file in files:
                if file is None or file.document is None or not isinstance(file.document.value, dict):
                    continue
                for path in paths:
                    if is_known_key(name, path) and file.document.has(path):  # the keys MN006 knows, no others
                        found.append(ConfiguredKey(file.document.get(path), name, path))
        # a native game's appid; a Unity project's own, at its root: TikTok's SDK for Unity keeps the game's
        # project.config.json there (the appid, a `unity` block) beside minigame.config.json and game.json
        own_appid = self.is_native_game or (self.engine is not None and self.engine.engine.csharp)
        # a game's devtools project whose package a build makes (gamescripts.py: `"compileType": "game"`, miniprogramRoot
        # dist/): its project file is the package's, the appid its own (held-out round 35)
        scripts = self.engine is not None and self.engine.engine.key == "scripts"
        own_appid = own_appid or (  # (with its package built, the build's project file below is this one)
            scripts and self.engine is not None and self.engine.output is None and _game_project_file(self.project_config_file)
        )
        own = self.project_config_file or (self.devtools_project_file if own_appid else None)
        if own_appid and own is not None and own.document is not None:
            document = own.document
            if isinstance(document.value, dict) and document.has(("appid",)):
                found.append(ConfiguredKey(document.get(("appid",)), own.path, ("appid",)))
        if self.engine is not None and self.engine.output is not None:  # the appid its build's project.config.json holds
            package = Project(self.engine.output, environ=self.environ)
            built = package.project_config_file
            where = f"{self.engine.label()}/{PROJECT_CONFIG}"
            if built is None and package.devtools_project_file is not None:  # this project's own names the build its root
                built, where = package.devtools_project_file, os.path.normpath(f"{self.engine.label()}/{package.devtools_project_file.path}")
            if built is not None and built.document is not None and isinstance(built.document.value, dict) and built.document.has(("appid",)):
                found.append(ConfiguredKey(built.document.get(("appid",)), where, ("appid",)))
        if self.engine is not None and self.engine.engine.key in COCOS_BUILD_SETTINGS:
            found += self.cocos_build_appids()
        copied = self.project_config_file if self.engine is not None and PROJECT_CONFIG in self.engine.engine.copied else None
        if (
            copied is not None
            and not is_mini_program_config(copied)
            and copied.document is not None
            and isinstance(copied.document.value, dict)
            and copied.document.has(("appid",))
        ):
            # a bundled game's root project.config.json, which its bundler config copies into the package: the build's
            found.append(ConfiguredKey(copied.document.get(("appid",)), PROJECT_CONFIG, ("appid",)))
        return found

    def cocos_build_appids(self) -> list[ConfiguredKey]:
        """A Cocos Creator project's mini-game appids in its build settings, which its ByteDance/WeChat builds write
        into their project.config.json (docs.cocos.com publish-bytedance-mini-game: appid "will be written to
        project.config.json"): Creator 2's settings/builder.json (`wechatgame.appid`; 2.4's settings/<platform>.json),
        Creator 3's profiles/v2/packages/<platform>.json (`builder.options.<platform>.appid`, a build task's in
        `builder.taskOptionsMap`). ByteDance's first. A stand-in (Cocos's default `testId`) only when no real one is
        there, so MN010 names it; other stores' blocks (baidugame, alipay...) are not read."""
        assert self.engine is not None
        # A build template's project.config.json is merged over the one the build writes, its keys winning (Cocos
        # Creator 2.4 manual, "Custom project build template": the template's json data covers the built file's; 3.x
        # lists project.config.json among bytedance-mini-game's merged templates): its appid is the build's.
        for platform in ("bytedance-mini-game", "bytedance", "wechatgame"):
            template = self._json_file(f"build-templates/{platform}/project.config.json")
            value = template.document.get(("appid",)) if template is not None and template.document is not None else None
            if isinstance(value, str) and template is not None:
                return [ConfiguredKey(value, f"build-templates/{platform}/project.config.json", ("appid",))]
        real: list[ConfiguredKey] = []
        stand_ins: list[ConfiguredKey] = []
        for name, paths in COCOS_BUILD_SETTINGS[self.engine.engine.key]:
            file = self._json_file(name)
            if file is None or file.document is None or not isinstance(file.document.value, dict):
                continue
            document = file.document
            for path in paths:
                for candidate in _expand_wildcards(document.value, path):
                    if document.has(candidate) and isinstance(value := document.get(candidate), str):
                        (stand_ins if placeholder_key(value) else real).append(ConfiguredKey(value, name, candidate))
        # A real appid in a project.config.json at the project's root, which no Cocos build reads but the project's
        # own scripts may copy into the build (held-out round 20: a post-build script sets it on the build's file):
        # the project holds a key, so it is the key when the build settings hold none. Never a stand-in there (round
        # 8: a root file holding one while the real appid sat in the build settings), nor a mini program's (a WeChat app's).
        root = self.project_config_file
        appid = root.document.get(("appid",)) if root is not None and root.document is not None and root.document.has(("appid",)) else None
        if not real and root is not None and isinstance(appid, str) and appid.strip() and not placeholder_key(appid) and not is_mini_program_config(root):
            real.append(ConfiguredKey(appid, root.path, ("appid",)))
        return real or stand_ins[:1]

    def expected_client_key(self, flag: str | None = None, *, init_call: bool = False, page: object = UNBUILT) -> ExpectedClientKey | None:
        """The one resolver of the app's client key, every source in order: ``--client-key`` > ``MINIS_CLIENT_KEY`` >
        ``dev.clientKey`` (where TikTok's CLIs read it; minis.config.json, then minigame.config.json) >
        ``clientKey``/``client_key`` in either config > a native game's ``project.config.json`` appid (a Unity
        project's own at its root, else an engine project's build's) > with ``init_call``, the literal key the page's first init call passes (INIT_CALL), the
        last resort. Placeholders (MN010 reports them) are passed over. Without ``init_call`` it is the key the page
        must pass, which lint compares the page's init calls with (so it never comes from them). ``page``: the entry
        page when the caller has built it already (None: there is none), else it is built when the last step needs it."""
        found = self.configured_client_key(flag)
        return self.init_call_client_key(page) if found is None and init_call else found

    def configured_client_key(self, flag: str | None = None) -> ExpectedClientKey | None:
        """The resolver's steps before the page's own init call (a build output's: its source project's)."""
        if flag:
            return ExpectedClientKey(flag, "--client-key")
        if self.environ.get("MINIS_CLIENT_KEY"):
            return ExpectedClientKey(self.environ["MINIS_CLIENT_KEY"], "MINIS_CLIENT_KEY")
        for key in self.configured_keys():
            if isinstance(key.value, str) and not placeholder_key(key.value):
                return ExpectedClientKey(key.value.strip(), key.source)
        return None

    def init_call_client_key(self, page: object = UNBUILT) -> ExpectedClientKey | None:
        """The resolver's last step alone: the clientKey the entry page's first init call passes when minis-py can read
        it (a literal, a const, .env; not a placeholder), from ``page`` when the caller has built it."""
        from .source.page import build_page  # start-up: only the resolver's last step reads the page (not `mock serve`)
        from .source.sdk import literal_init_key  # start-up: as build_page

        built = build_page(self) if page is UNBUILT else page
        literal = literal_init_key(built) if built is not None else None  # type: ignore[arg-type]
        return ExpectedClientKey(literal, INIT_CALL) if literal else None

    # --- the entry HTML and the file set -------------------------------------------------------

    @cached_property
    def entry_html(self) -> str:
        """The entry HTML's path (which may not exist): build.htmlEntry, else the first default that exists."""
        if self.config.html_entry:
            return Path(self.config.html_entry.replace("\\", "/")).as_posix().lstrip("./") or "index.html"
        for candidate in ENTRY_HTML_CANDIDATES:
            if candidate in self.overlays or (self.root / candidate).is_file():
                return candidate
        return ENTRY_HTML_CANDIDATES[0]

    def exists(self, path: str) -> bool:
        return path in self.overlays or (self.root / path).is_file()

    def read(self, path: str) -> FileText:
        if path in self.overlays:
            return FileText(self.overlays[path])
        return read_text(self.root / path)

    def mentions(self, path: str, word: str) -> bool:
        """`word in self.read(path).text` for an ASCII word, decided on the file's bytes without decoding them: in
        UTF-8, valid or not, an ASCII byte is only ever that character (the decoder's replacements never swallow
        one), so a file without the word's bytes is ruled out at the cost of the read alone."""
        if path in self.overlays:
            return word in self.overlays[path]
        try:
            data = (self.root / path).read_bytes()
        except OSError:
            return False  # read() gives no text
        return word.encode("ascii") in data

    @cached_property
    def files(self) -> list[SourceFile]:
        """HTML and JS/TS files under the root, minus node_modules, .git, .minis, the build output
        and what .gitignore files ignore; sorted by path."""
        return self.files_within(None)

    def files_within(self, scope: tuple[str, ...] | None) -> list[SourceFile]:
        """The file set, limited to these relative files and folders ("" is the root). A file named
        explicitly is checked even where .gitignore would leave it out, as other linters do."""
        modules: tuple[str, ...] = ()
        if self.engine is not None and (scope is None or "" in scope):
            scope = self.engine.script_folders  # an engine's source project: its game scripts (its builds are packages)
            modules = self.module_files + self.engine.script_files  # the libraries its build copies in, a Unity game's plugins
        if scope is not None and "" in scope:
            scope = None
        excluded = set(self.other_builds)
        if self.config.output_dir and not self.output_dir_is_source:
            excluded.add(Path(self.config.output_dir).as_posix().strip("/"))
        entry = self.entry_html if self.exists(self.entry_html) else None  # the root is the Mini: nested apps are not
        found = set(_walk(self.root, excluded, scope, self.skipped_folders, entry))
        # An overlay (an editor's buffer, standard input) is a file of the set as its file on disk would be; one that is
        # not on disk yet (a new unsaved buffer) or that was named is in it anyway.
        found.update(path for path in self.overlays if language_of(path) and ((scope is not None and path in scope) or not (self.root / path).is_file()))
        if scope is not None:
            found.update(path for path in scope if language_of(path) and (self.root / path).is_file())
        found.update(modules)
        serverless = self.serverless_folders
        return [
            SourceFile(path, language_of(path) or "js", is_backend_path(path, BACKEND_DIRS) or path.split("/", 1)[0] in serverless) for path in sorted(found)
        ]

    @cached_property
    def serverless_folders(self) -> frozenset[str]:
        """Top folders holding a serverless backend by its deploy config (`workers/wrangler.toml`, a Cloudflare Worker;
        `serverless.yml`): server code, where fetch and the rest exist, never the game's or the Mini's front end."""
        found: set[str] = set()
        for marker in SERVERLESS_CONFIGS:
            found.update(path.parent.name for path in self.root.glob(f"*/{marker}") if path.is_file())
        return frozenset(found)

    @cached_property
    def module_files(self) -> tuple[str, ...]:
        """The scripts of the libraries an engine project lists as modules its build copies into the game (Egret's
        egretProperties.json `modules[].path`), inside the root or beside it within `bounds`, relative to the root."""
        return self.engine.module_files(self.bounds)[0] if self.engine is not None else ()

    @cached_property
    def notices(self) -> tuple[str, ...]:
        """What lint says it left out of the project on purpose: a module library outside the folder the user named."""
        return (*self.engine.module_files(self.bounds)[1], *self.engine.notes) if self.engine is not None else ()

    @cached_property
    def unloaded(self) -> dict[str, str]:
        """Files of the file set that no entry page (a native game: game.js) loads, with why: the rules about what code
        does at run time skip them (reachability.py)."""
        return unloaded_files(self)

    @cached_property
    def other_builds(self) -> dict[str, str]:
        """Folders holding a multi-target tool's builds (Taro's outputRoot, uni-app's dist/<mode> and unpackage/,
        `dist-<platform>`), with why: builds, not the Mini's source (targets.py)."""
        return {path: why for path, why in build_folders(self).items() if not self.entry_html.startswith(path + "/")}

    @cached_property
    def skipped_folders(self) -> dict[str, str]:
        """Folders the file walk leaves out, with why: the other builds, and every mini program (another platform's
        build or source, found by its files) the walk met."""
        return dict(self.other_builds)

    def dev_script(self, preferred: str | None = None) -> str | None:
        """The package.json script `dev` runs: `preferred` (--script), else dev, else start."""
        package = self.package_json
        scripts = package.document.get(("scripts",)) if package and package.document else None
        if not isinstance(scripts, dict):
            return None
        if not preferred and self.engine is not None and self.engine.engine.key == "bundled":
            return None  # its scripts build the game (and serve a web version): none is the game's backend unless named
        for name in (preferred,) if preferred else ("dev", "start"):
            if isinstance(scripts.get(name), str) and scripts[name].strip():
                return name
        if preferred:
            return None
        return web_target_script(scripts)  # a multi-target project (Taro, uni-app): its web (H5) target is TikTok's

    def script_port(self, name: str) -> tuple[int, str] | None:
        """The port a package.json script's dev server listens on, when it says so, and where that came
        from: `--port N`/`-p N`/`PORT=N` in the script, Vite's server.port (else 5173), webpack-dev-server's
        8080, Parcel's 1234. Servers that take PORT from the environment (which `minis-py dev` sets from
        dev.port: Next, react-scripts, a Node server) are never a mismatch."""
        package = self.package_json
        command = package.document.get(("scripts", name)) if package and package.document else None
        if not isinstance(command, str):
            return None
        explicit = re.search(r"(?:--port[= ]|(?<![\w-])-p[= ]?|\bPORT=)(\d{2,5})\b", command)
        if explicit:
            return int(explicit.group(1)), f'"{explicit.group(0).strip()}" in the "{name}" script'
        words = re.split(r"[\s;&|]+", command)
        if "vite" in words or any(w.endswith("/vite") for w in words):
            configured = self._vite_server_port()
            if configured is not None:
                return configured
            return 5173, f'Vite\'s default: the "{name}" script runs vite without --port'
        if "webpack-dev-server" in words or ("webpack" in words and ("serve" in words or "dev-server" in words)):
            return 8080, f'webpack-dev-server\'s default, in the "{name}" script'
        if "parcel" in words:
            return 1234, f'Parcel\'s default, in the "{name}" script'
        return None

    def _vite_server_port(self) -> tuple[int, str] | None:
        from .source.javascript import Script  # start-up: only a project with a Vite config parses it
        from .source.syntax import descendants, dialect_for  # start-up: as Script

        for name in ("vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts", "vite.config.cjs"):
            if not self.exists(name):
                continue
            text = self.read(name).text or ""
            if "port" not in text:
                return None
            script = Script(text, dialect_for(name), path=name)
            for node in descendants(script.tree.root_node):
                if node.type == "pair" and script.source(node.child_by_field_name("key")).strip("'\"") == "port":
                    parent = node.parent.parent if node.parent is not None else None
                    key = parent.child_by_field_name("key") if parent is not None and parent.type == "pair" else None
                    value = node.child_by_field_name("value")
                    if key is not None and script.source(key).strip("'\"") == "server" and value is not None:
                        if value.type == "number" and value.text.isdigit():
                            return int(value.text), f"{name} (server.port)"
                        return None  # computed (process.env.PORT ...): not known
            return None
        return None

    @cached_property
    def proxy_prefixes(self) -> tuple[tuple[str, str], ...]:
        """Path prefixes only the dev server (or a hosting rewrite) sends to a backend, with where each is
        set: Vite's server.proxy keys, package.json's "proxy" (Create React App: every request), /api
        rewrites in vercel.json, netlify.toml and firebase.json, and Next.js's API routes (app/api/, pages/api/: its
        server answers them, a static export has none). In the uploaded package such a relative
        request resolves against TikTok's host instead (MN410)."""
        found: list[tuple[str, str]] = []
        found += self._vite_proxy_keys()
        package = self.package_json
        if package and package.document and isinstance(package.document.get(("proxy",)), str):
            found.append(("/", 'package.json "proxy"'))
        vercel = self._json_file("vercel.json")
        rewrites = vercel.document.get(("rewrites",)) if vercel and vercel.document else None
        for item in rewrites if isinstance(rewrites, list) else ():
            if isinstance(item, dict) and isinstance(item.get("source"), str) and str(item.get("destination", "")).startswith(("http://", "https://")):
                found.append((re.sub(r"[:(*].*$", "", item["source"]) or "/", "vercel.json rewrites"))
        if self.exists("netlify.toml"):
            import tomllib

            try:
                data = tomllib.loads(self.read("netlify.toml").text or "")
            except tomllib.TOMLDecodeError:
                data = {}
            for item in data.get("redirects", []) if isinstance(data.get("redirects"), list) else ():
                if isinstance(item, dict) and str(item.get("to", "")).startswith(("http://", "https://")) and isinstance(item.get("from"), str):
                    found.append((re.sub(r"[:*].*$", "", item["from"]) or "/", "netlify.toml redirects"))
        framework = self.static_export_framework
        if framework is not None and framework[0] == "Next.js":  # route handlers and API routes run on Next's server
            for folder in ("app/api", "src/app/api", "pages/api", "src/pages/api"):
                if (self.root / folder).is_dir():
                    found.append(("/api", f"Next.js API routes in {folder}/, which a static export does not have"))
        firebase = self._json_file("firebase.json")
        hosting = firebase.document.get(("hosting",)) if firebase and firebase.document else None
        for item in (hosting.get("rewrites") or []) if isinstance(hosting, dict) and isinstance(hosting.get("rewrites"), list) else ():
            if isinstance(item, dict) and isinstance(item.get("source"), str) and ("function" in item or "run" in item):
                found.append((re.sub(r"[*].*$", "", item["source"]) or "/", "firebase.json rewrites"))
        return tuple(dict.fromkeys(found))

    def _vite_proxy_keys(self) -> list[tuple[str, str]]:
        from .source.javascript import Script  # start-up: only a project with a Vite config parses it
        from .source.syntax import descendants, dialect_for, literal_string  # start-up: as Script

        for name in ("vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts", "vite.config.cjs"):
            if not self.exists(name):
                continue
            text = self.read(name).text or ""
            if "proxy" not in text:
                return []
            script = Script(text, dialect_for(name), path=name)
            keys = []
            for node in descendants(script.tree.root_node):
                if node.type == "pair" and script.source(node.child_by_field_name("key")).strip("'\"") == "proxy":
                    value = node.child_by_field_name("value")
                    for child in value.named_children if value is not None and value.type == "object" else ():
                        key = child.child_by_field_name("key") if child.type == "pair" else None
                        prefix = (
                            literal_string(script, key) if key is not None and key.type == "string" else script.source(key) if key is not None else None
                        ) or ""
                        if prefix.startswith("^"):
                            prefix = re.sub(r"[\\^$.*+?()\[\]{}|].*$", "", prefix[1:])
                        if prefix.startswith("/"):
                            keys.append((prefix, f"server.proxy['{prefix}'] in {name}"))
            return keys
        return []

    @cached_property
    def static_export_framework(self) -> tuple[str, str] | None:
        """(framework, how to export) when the project is one whose pages are generated (Next.js, Umi, Nuxt)."""
        package = self.package_json
        document = package.document if package else None
        deps = {}
        for key in ("dependencies", "devDependencies"):
            value = document.get((key,)) if document is not None else None
            if isinstance(value, dict):
                deps.update(value)
        exists = self.exists
        if "next" in deps or any(exists(f"next.config.{e}") for e in ("js", "mjs", "ts", "cjs")):
            return "Next.js", "output: 'export' in next.config, then `next build` writes out/index.html"
        if "umi" in deps or "@umijs/max" in deps or exists(".umirc.ts") or exists("config/config.ts"):
            return "Umi", "exportStatic in .umirc, then `umi build` writes dist/index.html"
        if "nuxt" in deps or any(exists(f"nuxt.config.{e}") for e in ("js", "ts", "mjs")):
            return "Nuxt", "`nuxi generate` writes .output/public/index.html"
        return None

    @cached_property
    def output_dir_is_source(self) -> str | None:
        """Why build.outputDir holds the project's own sources (then it is linted as front end, MN013): the
        entry HTML lives in it, or it is a folder a dev server serves as source (public/, src/, static/)."""
        output = Path(self.config.output_dir or "").as_posix().strip("/").removeprefix("./")
        if not output or output == ".":
            return None
        if self.entry_html == output or self.entry_html.startswith(output + "/"):
            if self.static_export_framework is not None:
                return None  # Next.js's out/index.html: the entry is the static export, the folder a build
            return f"the entry HTML ({self.entry_html}) is in it"
        if output in ("public", "src", "static", "www", "app") and (self.root / output).is_dir():
            return f"{output}/ is a source folder (a dev server serves it as is)"
        return None

    # --- environment files and secrets ---------------------------------------------------------

    @cached_property
    def vite_mode(self) -> str:
        """The mode the dev script runs Vite in (`--mode X`): the dev/start script's, else that of a dev-like
        script (`dev:tiktok`, `minis:dev`, `serve`...); else development."""
        package = self.package_json
        scripts = package.document.get(("scripts",)) if package and package.document else None
        if not isinstance(scripts, dict):
            return "development"
        main = self.dev_script()
        ordered = ([main] if main else []) + [n for n in scripts if n != main and re.search(r"(?:^|[:_-])(?:dev|serve|start)(?:$|[:_-])", n)]
        for name in ordered:
            command = scripts.get(name)
            match = re.search(r"--mode[= ]([\w.-]+)", command) if isinstance(command, str) else None
            if match:
                return match.group(1)
        return "development"

    @cached_property
    def env_file_names(self) -> tuple[str, ...]:
        return env_files_for(self.vite_mode)

    @cached_property
    def env_files(self) -> dict[str, str]:
        """Variables from .env, .env.local, .env.[mode], .env.[mode].local (Vite's precedence; mode from
        the dev script's --mode, else development)."""
        merged: dict[str, str] = {}
        for name in self.env_file_names:
            text = self.read(name) if self.exists(name) else None  # an editor's unsaved .env too (overlays)
            if text and text.text is not None:
                merged.update(parse_dotenv(text.text))
        return merged

    def env_source(self, name: str) -> str | None:
        """Which .env file gives ``name`` its value (the highest-precedence one)."""
        for file in reversed(self.env_file_names):
            if self.exists(file):
                text = self.read(file).text
                if text is not None and name in parse_dotenv(text):
                    return file
        return None

    @cached_property
    def known_secrets(self) -> tuple[str, ...]:
        """Client secret values minis-py knows of: the environment, the .env files, the mock's own."""
        secrets = {self.environ.get(name, "") for name in SECRET_ENV_NAMES}
        secrets.update(self.env_files.get(name, "") for name in SECRET_ENV_NAMES)
        mock_secret = read_private(self.root / MOCK_SECRET_FILE, 4096)  # never through a link planted in .minis/
        if mock_secret:
            secrets.add(mock_secret.decode("utf-8", "replace").strip())
        # Very short values would match everywhere: a real secret is long.
        return tuple(sorted(s for s in secrets if len(s) >= 8))


_DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*((?:.*\S)?)\s*+$")  # linear in trailing blanks


def parse_dotenv(text: str) -> dict[str, str]:
    """KEY=VALUE lines as Vite's dotenv reads them: comments, `export`, single/double quotes."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        match = _DOTENV_LINE.match(line)
        if not match:
            continue
        key, raw = match.groups()
        if raw[:1] in ("'", '"', "`") and raw.find(raw[0], 1) != -1:
            value = raw[1 : raw.find(raw[0], 1)]
            if raw[0] == '"':
                value = value.replace("\\n", "\n")
        else:
            value = raw.split(" #", 1)[0].strip()
        values[key] = value
    return values


# Another store's short name or full name as a folder's (first) word: a multi-store publishing kit's templates/qq,
# templates/ks_old, release/oppo. TikTok runs a game's ByteDance/Douyin or WeChat package, never these.
_STORES = {
    "qq": "QQ",
    "ks": "Kuaishou",
    "kuaishou": "Kuaishou",
    "kwai": "Kuaishou",
    "oppo": "OPPO",
    "vivo": "vivo",
    "qg": "OPPO",
    "vv": "vivo",
    "baidu": "Baidu",
    "bd": "Baidu",
    "swan": "Baidu",
    "alipay": "Alipay",
    "taobao": "Taobao",
    "tb": "Taobao",
    "huawei": "Huawei",
    "hw": "Huawei",
    "xiaomi": "Xiaomi",
    "honor": "Honor",
    "meizu": "Meizu",
    "mz": "Meizu",
    "4399": "4399",
}
_STORE_PACKAGE_FILES = frozenset({"game.js", "game.json", "main.js", "manifest.json", "game.config.json", "minigame.config.js", "project.config.json"})


# LayaAir's per-store adapters (laya.wxmini.js WeChat's, laya.ttmini.js ByteDance's; the others another store's)
_OTHER_STORE_LAYA_ADAPTER = re.compile(r"(?i)^laya\.(?!wx|tt)[a-z]+mini(?:\.min)?\.js$")


def store_of(name: str) -> str | None:
    """The store a folder's name names by its first word (`qq`, `ks_old`, `oppo-rpk`), or None."""
    return _STORES.get(re.split(r"[-_.\s]", name.lower(), maxsplit=1)[0])


def _other_store_package(name: str, names: set[str]) -> str | None:
    """The store a folder is the package of, when its name is that store's and it holds a mini-game package's files."""
    store = store_of(name)
    return store if store is not None and names & _STORE_PACKAGE_FILES else None


def _walk(
    root: Path, excluded: set[str], scope: tuple[str, ...] | None = None, skipped: dict[str, str] | None = None, entry_page: str | None = None
) -> Iterator[str]:
    """Relative posix paths of lintable files; never follows directory symlinks (no loops). With a
    scope, only folders on the way to or inside its paths are read. A folder below the root that is a mini program
    (another platform's build or source: app.json with its platform's files) is left out and noted in `skipped`; so
    is, when the root has its `entry_page`, a folder that is an app of its own (its own package.json and index.html,
    as an admin panel beside the Mini is), unless the entry is inside it."""
    folders = tuple(s.rstrip("/") + "/" for s in scope) if scope is not None else None
    stack: list[tuple[Path, str, tuple[tuple[str, object], ...]]] = [(root, "", ())]
    while stack:
        folder, rel, specs = stack.pop()
        gitignore = folder / ".gitignore"
        if gitignore.is_file():
            text = read_text(gitignore).text or ""
            specs = specs + ((rel, gitignore_spec(text.splitlines())),)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        if rel:
            platform = mini_program_platform({entry.name for entry in entries})
            if platform is not None:
                if skipped is not None:
                    skipped[rel.rstrip("/")] = f"a {platform} mini program (app.json and its {platform} files): another platform's build, not the Mini's"
                continue
            store = _other_store_package(rel.rstrip("/").rsplit("/", 1)[-1], {entry.name for entry in entries})
            if store is not None and (scope is None or rel.rstrip("/") not in scope):
                if skipped is not None:
                    skipped[rel.rstrip("/")] = f"{store}'s package (a folder named for it, with its game files): another store's, not TikTok's"
                continue
            if entry_page is not None and not entry_page.startswith(rel) and _is_app(entries) and (scope is None or rel.rstrip("/") not in scope):
                if skipped is not None:
                    skipped[rel.rstrip("/")] = "an app of its own (its own package.json and index.html), not the Mini's front end"
                continue
        for entry in entries:
            path = f"{rel}{entry.name}"
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if entry.name in ALWAYS_EXCLUDED_DIRS or path in excluded or _ignored(specs, path + "/"):
                    continue
                if folders is not None and not any(f.startswith(path + "/") or (path + "/").startswith(f) for f in folders):
                    continue
                stack.append((Path(entry.path), path + "/", specs))
            elif language_of(entry.name) and _is_regular_file(entry) and not _ignored(specs, path):
                if _OTHER_STORE_LAYA_ADAPTER.match(entry.name) and (scope is None or path not in scope):
                    continue  # laya.qqmini.js, laya.bdmini.js ...: LayaAir's adapter for another store, loaded only there
                if folders is None or any(path.startswith(f) for f in folders):
                    if entry.is_symlink() and not _inside(entry.path, root):
                        # An untrusted checkout's `leak.js -> ~/.aws/credentials` must not be read, nor its lines printed in
                        # a code frame of a public CI log (docs/security.md): the path the user named is the project.
                        if skipped is not None:
                            skipped[path] = "a link to a file outside the project: not read"
                        continue
                    yield path


def _inside(path: str, root: Path) -> bool:
    """`path`, its links resolved, is inside `root` (resolved too)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def _is_app(entries: list[os.DirEntry[str]]) -> bool:
    """A folder holding a web app of its own: its package.json and its index.html (Vite's layout, a static site's)."""
    names = {entry.name for entry in entries}
    return "package.json" in names and "index.html" in names


def _is_regular_file(entry: os.DirEntry[str]) -> bool:
    """Regular files only (through symlinks): a FIFO or device named app.js must not block the run."""
    try:
        return entry.is_file()
    except OSError:
        return False


_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]+/?")


class PlainNames:
    """A .gitignore of plain names only (`node_modules/`, `dist/`, `minis.zip`, comments, blank lines), as
    git reads it: a name matches a path component at any depth, and a name/ only a folder's. Matched here
    without importing pathspec (~10 ms of a small project's start-up); any other .gitignore is pathspec's
    GitIgnoreSpec. A property test holds the two equal on such files."""

    __slots__ = ("files", "folders")

    def __init__(self, files: frozenset[str], folders: frozenset[str]) -> None:
        self.files = files  # names that match a file or a folder
        self.folders = folders  # names that match a folder only (written with a trailing slash)

    def include(self, path: str) -> bool | None:
        """True when ignored, None when no pattern matches (GitIgnoreSpec.check_file(path).include)."""
        parts = path.split("/")
        last = len(parts) - 1
        for i, part in enumerate(parts):
            if part in self.files or (part in self.folders and i < last):
                return True
        return None


def gitignore_spec(lines: list[str]) -> object:
    """The matcher of a .gitignore's lines: PlainNames when every pattern is a plain name, else pathspec's."""
    files: set[str] = set()
    folders: set[str] = set()
    for line in lines:
        if not line or line.startswith("#"):
            continue
        if not _PLAIN_NAME.fullmatch(line) or line.rstrip("/") in (".", ".."):
            from pathspec import GitIgnoreSpec

            return GitIgnoreSpec.from_lines(lines)
        (folders if line.endswith("/") else files).add(line.rstrip("/"))
    return PlainNames(frozenset(files), frozenset(folders))


def gitignored_folder(root: Path, folder: str) -> bool:
    """Whether the .gitignore files on the way (the root's, then each folder's) leave the folder `folder` (relative to
    `root`) out, as the file walk does."""
    specs: tuple[tuple[str, object], ...] = ()
    base, here = "", root
    for part in folder.strip("/").split("/"):
        gitignore = here / ".gitignore"
        if gitignore.is_file():
            specs = specs + ((base, gitignore_spec((read_text(gitignore).text or "").splitlines())),)
        path = base + part
        if part in ALWAYS_EXCLUDED_DIRS or _ignored(specs, path + "/"):
            return True
        base, here = path + "/", here / part
    return False


def _ignored(specs: tuple[tuple[str, object], ...], path: str) -> bool:
    ignored = False
    for base, spec in specs:
        if not path.startswith(base):
            continue
        relative = path[len(base) :]
        include = spec.include(relative) if isinstance(spec, PlainNames) else spec.check_file(relative).include  # type: ignore[attr-defined]
        if include is not None:
            ignored = include
    return ignored
