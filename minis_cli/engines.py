"""Game-engine source projects: a Cocos Creator 2.x/3.x, LayaAir, Egret or Unity project, recognised by its own files,
whose TikTok package is the engine's mini-game build output, not the source folder.

TikTok: "You can build your game in Cocos Creator, LayaAir, or Unity, then publish it as a code package"; the
source project is "the project in which you maintain scripts, scenes, assets, and engine settings", the code
package the folder the runtime loads ([mini-games-technical-overview](https://developers.tiktok.com/docs/en/mini-games-technical-overview));
for Cocos, "generate a mini game-like base output from Cocos first, then adapt" it
([build-mini-games-with-cocos](https://developers.tiktok.com/docs/en/build-mini-games-with-cocos)). So the source project
gets the games rules over its own scripts (never the web-Mini ones: no page, no npm dev server, no minis.config.json),
and `dev`, `build` and the package checks use the build output: a folder of the engine's build with game.json +
game.js, TikTok's or ByteDance/Douyin's target first, then WeChat's (TikTok's runtime answers to tt and wx alike).

Recognition is data (ENGINES): each engine's signs (groups of files, folders, JSON keys; any group that holds in
full), the folders of its game scripts, where its builds go, where its build templates live, and one line on how to
produce a build. The layouts, from the engines' docs:
- Cocos Creator 3.x: package.json `creator` with `assets/` (and a project extension's `extensions/<name>/<path>`
  that its package.json mounts into the asset database: game scripts too); builds under `build/<task>` (`wechatgame`,
  `bytedance-mini-game`, ...; "the name of the folder is based on the Build Task Name", docs.cocos.com
  publish-bytedance-mini-game); `build-templates/<platform>/` is copied into the build, JSON files merged
  (custom-project-build-template).
- Cocos Creator 2.x: project.json (`engine`) with `assets/`; `build/wechatgame`, `build/bytedance`; the same templates.
- Cocos Creator (both): a build beside the project, in the repository's `build/<platform>` (the build path set to
  `../build`, or the project moved into a subfolder after building), is its own when the build's project.config.json
  `projectname` names the project (Cocos Creator writes the project's name there: project.json `name`,
  settings/builder.json `title`, package.json `name`).
- LayaAir: a `*.laya` project file (or `.laya/` with `src/`); the IDE publishes to `release/wxgame` (layaair.com,
  released/miniGame/wechat), LayaAir 2 also keeps a runnable `bin/`.
- LayaAir's web build on its own (index.html, libs/laya.core.js, js/bundle.js: LayaAir 2's bin/ or a web release
  committed as the repository, e.g. for GitHub Pages): the game's bundle is its script, and there is no mini-game
  package to run (the IDE's ByteDance Mini Game target writes one).
- Egret: egretProperties.json; `egret publish --target wxgame` writes `../<project>_wxgame` beside the project
  (scripts/config.wxgame.ts: outputDir `../${projectName}_wxgame`).
- Unity: `Assets/` with ProjectSettings/ProjectVersion.txt (or Packages/manifest.json); TikTok SDK for Unity builds the package into a folder the
  developer picks (build-mini-games-with-unity), found here as any folder near the root with game.json + game.js. Its
  calls are C# (`TT.AddShortcut`, integrate-and-optimize-your-unity-mini-game), read from Assets/**/*.cs for MN504/MN509.
- Godot: project.godot. TikTok's pages name Cocos, LayaAir and Unity only, and say "Do not use HTML to build mini games"
  (mini-games-technical-overview); Douyin documents a Godot adaptation ("Godot引擎适配": its ttsdk addon, an Autoload
  named `tt` whose methods wrap the JavaScript API, `tt.login()`, and a mini-game export;
  developer.open-douyin.com .../game-engine/godot/sdk-usage-guide), which TikTok's runtime runs as it runs Douyin's
  packages. Its calls are GDScript (`tt.login()`, or the JavaScript object through `JavaScriptBridge.get_interface("tt")`),
  read from **/*.gd (the addon's own files left out) for MN504/MN509, in the API's name or its snake_case; the build
  is any folder near the root with game.json + game.js; a web export (index.html) is no package.
"""

from __future__ import annotations

import fnmatch
import json
import os
import posixpath
import re
from functools import cached_property
from pathlib import Path

from .records import record
from .source.files import CONFIG_LIMIT, read_regular, read_regular_text

PACKAGE_FILES = ("game.json", "game.js")
# Build targets of other platforms' runtimes: a package for them is not one TikTok runs.
OTHER_PLATFORMS = re.compile(
    r"alipay|taobao|baidu|swan|oppo|vivo|huawei|xiaomi|honor|migu|kuaishou|qtt|cocos-?play|web-(?:mobile|desktop)|android|ios|windows|mac"
    r"|qqplay|qqgame|(?:^|[-_])qq(?:$|[-_])|fb-instant|bilibili",  # QQ's (Cocos 2's qqplay), Facebook's, bilibili's (round 30)
    re.I,
)
# a Cocos Creator project's own folders (and what every project has): no build path points into them
_ENGINE_FOLDERS = frozenset({"assets", "build-templates", "library", "temp", "local", "settings", "packages", "extensions", "profiles", "node_modules"})
UNITY_FOLDERS = frozenset({"Assets", "Library", "Temp", "Logs", "Packages", "ProjectSettings", "UserSettings", "obj"})


@record(frozen=True)
class Engine:
    """One engine's source-project layout (see the module's docstring for the sources)."""

    key: str
    name: str
    # "dir:X", "file:X", "glob:*.x", "json:FILE:KEY", "text:FILE:WORD", "absent:X" (no such file), "lacks:FILE:WORD"
    # (no such file, or it does not hold WORD); any group, all of it
    signs: tuple[tuple[str, ...], ...]
    scripts: tuple[str, ...]  # the folders of the game's own scripts: what lint checks
    outputs: tuple[str, ...]  # globs of build outputs, relative to the root ("{name}": the root folder's name)
    templates: str | None  # the build-template folder per target ("{target}": the output folder's name), if the engine has one
    build: str  # how to produce a mini-game build, one line
    csharp: bool = False  # the game's SDK calls are C# (TT.Login ...): read from Assets/**/*.cs
    gdscript: bool = False  # the game's SDK calls are GDScript (tt.login() ...): read from **/*.gd
    missing: tuple[str, ...] = ()  # why there is nothing to run, when not "its build is not there yet" (gamescripts.py)
    # globs of builds outside the project (relative to its root) that are its own only when their project.config.json
    # names it (`"projectname"`, which the build writes from the project's name)
    named_outputs: tuple[str, ...] = ()
    # globs of builds where a changed build path puts them (Cocos Creator's Build Path, kept in the uncommitted
    # local/builder.json: `buildtt/wechatgame`), taken only when the folder names a runtime TikTok runs (TikTok,
    # ByteDance, WeChat) and its first folder is none of the engine's own (`assets`, `build-templates`, ...)
    moved_outputs: tuple[str, ...] = ()
    # a bundled game (bundled.py): the bundler's entries (what the build starts from) and the project's files its config
    # copies into the package (game.json, project.config.json)
    entries: tuple[str, ...] = ()
    copied: tuple[str, ...] = ()


ENGINES: tuple[Engine, ...] = (
    Engine(
        "cocos3",
        "Cocos Creator 3",
        signs=(("json:package.json:creator", "dir:assets"),),
        scripts=("assets",),
        outputs=("build/*",),
        named_outputs=("../build/*",),
        moved_outputs=("*/*",),
        templates="build-templates/{target}",
        build="build it in Cocos Creator (Project > Build, platform Douyin/ByteDance or WeChat Mini Game), which writes build/<task>/",
    ),
    Engine(
        "cocos2",
        "Cocos Creator 2",
        signs=(("json:project.json:engine", "dir:assets"), ("file:creator.d.ts", "dir:assets")),
        scripts=("assets",),
        outputs=("build/*",),
        named_outputs=("../build/*",),
        moved_outputs=("*/*",),
        templates="build-templates/{target}",
        build="build it in Cocos Creator (Project > Build, platform ByteDance or WeChat Mini Game), which writes build/bytedance/ or build/wechatgame/",
    ),
    Engine(
        "laya",
        "LayaAir",
        signs=(("glob:*.laya",), ("dir:.laya", "dir:src")),
        scripts=("src",),
        outputs=("release/*", "bin"),
        templates=None,
        # LayaAir 2's WeChat build stops at start on TikTok (MN024): its ByteDance target is the one to publish
        build="publish it in LayaAir IDE (Build & Release, target ByteDance Mini Game, which TikTok's tt runs; LayaAir 2's WeChat build "
        "stops there), which writes release/bytedancegame/",
    ),
    Engine(
        "laya-web",
        "LayaAir web build",
        # LayaAir 2's bin/ (or a web release) committed as the project itself: the page loads the engine's libs/ and
        # the game's js/bundle.js (`loadLib("libs/laya.core.js")`); held-out round 21 (a Laya 2.7 game on GitHub Pages)
        # (never a page TikTok's own config or SDK tag makes a Mini or an HTML game: review of b80d290)
        signs=tuple(
            (
                "file:index.html",
                f"file:{core}",
                "file:js/bundle.js",
                "absent:minis.config.json",
                "absent:minigame.config.json",
                "lacks:index.html:tiktok-minis.com",
            )
            for core in ("libs/laya.core.js", "libs/min/laya.core.min.js")
        ),
        scripts=("js",),
        outputs=(),
        templates=None,
        build="publish the LayaAir project in LayaAir IDE (Build & Release, target ByteDance Mini Game, which TikTok's tt runs), "
        "which writes a folder with game.js and game.json, and pass that folder",
        missing=(
            "this is a LayaAir web build (index.html loads the engine's libs/ and js/bundle.js), no mini-game package: TikTok runs "
            "the game's ByteDance Mini Game build (game.js and game.json)",
        ),
    ),
    Engine(
        "egret",
        "Egret",
        signs=(("file:egretProperties.json",),),
        scripts=("src",),
        outputs=("../{name}_*", "{name}_*"),
        templates=None,
        build="run `egret publish --target wxgame`, which writes ../<project>_wxgame/",
    ),
    Engine(
        "unity",
        "Unity",
        # a repository that commits Assets/ and Packages/ but leaves ProjectSettings/ out (an asset framework's: YooAsset,
        # held-out round 42): Unity's package manifest says it as surely
        signs=(("dir:Assets", "file:ProjectSettings/ProjectVersion.txt"), ("dir:Assets", "file:Packages/manifest.json")),
        scripts=(),
        outputs=("*", "*/*"),
        templates=None,
        build="build it with TikTok SDK for Unity (its build window) into a folder inside the project, e.g. minigame/",
        csharp=True,
    ),
    Engine(
        "godot",
        "Godot",
        signs=(("file:project.godot",),),
        scripts=(),
        outputs=("*", "*/*"),
        templates=None,
        build="export its mini-game package with Douyin's Godot SDK (the ttsdk addon's mini-game export: game.json + game.js, which "
        "TikTok's runtime runs; a web export is no mini game) into a folder inside the project",
        gdscript=True,
    ),
)


def _holds(root: Path, sign: str) -> bool:
    kind, _, rest = sign.partition(":")
    if kind == "dir":
        return (root / rest).is_dir()
    if kind == "file":
        return (root / rest).is_file()
    if kind == "absent":
        return not (root / rest).exists()
    if kind == "glob":
        try:
            return any(entry.is_file() and fnmatch.fnmatch(entry.name, rest) for entry in os.scandir(root))
        except OSError:
            return False
    name, _, key = rest.partition(":")
    if kind == "json":
        value = _json(root / name)
        return isinstance(value, dict) and key in value
    if kind == "text":
        return key in (read_regular_text(root / name) or "")
    if kind == "lacks":
        return key not in (read_regular_text(root / name) or "")
    raise ValueError(f"unknown sign {sign!r}")


def _json(path: Path) -> object:
    """A JSON file's value, or None: missing, broken, or no regular file (a link to /dev/zero: source.files.read_regular)."""
    data = read_regular(path, CONFIG_LIMIT)
    try:
        return json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError:
        return None


def _marker(root: Path, group: tuple[str, ...]) -> str:
    """The file a group names (the one findings about the whole project point at)."""
    for sign in group:
        kind, _, rest = sign.partition(":")
        if kind in ("file", "json", "text"):
            return rest.split(":", 1)[0]
        if kind == "glob":
            for entry in sorted(os.scandir(root), key=lambda e: e.name):
                if entry.is_file() and fnmatch.fnmatch(entry.name, rest):
                    return entry.name
    return group[0].partition(":")[2]


@record(frozen=True)
class EngineProject:
    """An engine's source project at `root`: which engine, the file that says so, and its mini-game builds (best first)."""

    engine: Engine
    root: Path
    marker: str
    outputs: tuple[Path, ...]
    chosen: str = ""  # of several platform targets (a bundled game's douyin/ and wechat/), which was taken and why
    notes: tuple[str, ...] = ()  # what lint says it left out on purpose, or does instead (a folder of several projects)
    members: tuple[Path, ...] = ()  # a folder of several projects: each, which lint checks as a project of its own

    @property
    def output(self) -> Path | None:
        return self.outputs[0] if self.outputs else None

    def label(self, folder: Path | None = None) -> str:
        """A build folder as the messages name it: relative to the project (`build/wechatgame`, `../game_wxgame`)."""
        folder = folder if folder is not None else self.output
        if folder is None:
            return ""
        return os.path.relpath(folder, self.root).replace(os.sep, "/")

    @property
    def script_folders(self) -> tuple[str, ...]:
        """The folders of the game's own scripts: the engine's, and (Cocos Creator 3) each project extension's folder
        that its package.json mounts into the asset database (`contributions.asset-db.mount.path`), whose scripts
        the build compiles into the game as the project's own (docs.cocos.com, editor/extension/contributions-database)."""
        folders = list(self.engine.scripts)
        if self.engine.templates is not None:  # Cocos' build-templates/<platform>/: copied into that platform's build as is
            base = self.engine.templates.split("{", 1)[0].rstrip("/")
            for template in sorted((self.root / base).glob("*/")) if (self.root / base).is_dir() else ():
                if template.is_dir() and not template.name.startswith(".") and platform_rank(template.name) is not None:
                    folders.append(f"{base}/{template.name}")
        if self.engine.key == "cocos3":
            for package in sorted((self.root / "extensions").glob("*/package.json")):
                document = _json(package)
                contributions = document.get("contributions") if isinstance(document, dict) else None
                database = contributions.get("asset-db") if isinstance(contributions, dict) else None
                mount = database.get("mount") if isinstance(database, dict) else None
                path = mount.get("path") if isinstance(mount, dict) else None
                if isinstance(path, str) and path.strip() and ".." not in path:
                    folder = (package.parent / path).resolve()
                    if folder.is_dir() and folder.is_relative_to(self.root.resolve()):
                        folders.append(folder.relative_to(self.root.resolve()).as_posix())
        return tuple(folders)

    @cached_property
    def script_files(self) -> tuple[str, ...]:
        """Files of the game's own script outside its script folders: a Unity game's JavaScript plugins that call the
        platform (`.jslib`, `mergeInto(LibraryManager.library, { ... tt.showToast(...) })`: Unity's way to call
        JavaScript, which the WebGL build links into the game and TikTok's runtime runs; held-out round 38's SDK
        adapter). A plugin naming no platform API (a web library's: BestHTTP's, a Facebook canvas SDK's) is not read."""
        if not self.engine.csharp:
            return ()
        from .source.csharp import platform_plugins  # start-up: only a Unity project's file set asks

        return platform_plugins(self.root)

    def module_files(self, bounds: Path | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The script files of the libraries the project lists as its own modules, which its build copies into the game
        (relative to the root, `../lib/lib.js` for one beside it), and one line for each such library left unread because
        it lies outside `bounds` (the folder the user named; the root when None): nothing outside it is ever read.

        Egret: egretProperties.json `modules` entries with a `path` ("the path may be in the project or outside it; outside,
        the engine first copies the library into libs/modules", Egret's module configuration docs); egret-core's
        tools/project/ProjectData.ts takes the first of `<path>/bin/<name>`, `<path>/bin`, `<path>/build/<name>`, `<path>`
        and from it `<name>.js` and `<name>.web.js` (the release's `<name>.min.js` is made from them). A path on the
        engine's own folders (`${EGRET_APP_DATA}`, `${EGRET_DEFAULT}`) or absolute is the engine's, not the project's."""
        if self.engine.key != "egret":
            return (), ()
        document = _json(self.root / self.marker)
        modules = document.get("modules") if isinstance(document, dict) else None
        if not isinstance(modules, list):
            return (), ()
        root = self.root.resolve()
        limit = (bounds if bounds is not None else self.root).resolve()
        files: list[str] = []
        unread: list[str] = []
        for module in modules:
            name = module.get("name") if isinstance(module, dict) else None
            path = module.get("path") if isinstance(module, dict) else None
            if not isinstance(name, str) or not re.fullmatch(r"[\w.-]+", name) or not isinstance(path, str) or not path.strip():
                continue
            if "${" in path or Path(path).is_absolute() or re.match(r"[A-Za-z]:[\\/]", path):
                continue
            base = (root / path.strip()).resolve()  # a symlink out of the bounds is outside them
            if not (base.is_relative_to(limit) or base.is_relative_to(root)):
                unread.append(
                    f"{self.marker}'s module {name!r} ({path}) is outside {limit}, which is all lint reads: its scripts, "
                    f"which the {self.engine.name} build copies into the game, were not checked (lint the folder that holds both)"
                )
                continue
            for folder in (base / "bin" / name, base / "bin", base / "build" / name, base):
                if folder.is_dir():
                    for script in (folder / f"{name}.js", folder / f"{name}.web.js"):
                        # the folder's bin/ or the script itself may be a link: where it leads must be inside too
                        real = script.resolve()
                        if script.is_file() and (real.is_relative_to(limit) or real.is_relative_to(root)):
                            files.append(os.path.relpath(script, root).replace(os.sep, "/"))
                    break
        return tuple(dict.fromkeys(files)), tuple(unread)

    @property
    def missing_build(self) -> tuple[str, str]:
        """Why there is nothing to run, and how to produce it (one line each)."""
        own = self.own_build_scripts()
        mention = f" The project has its own build script for TikTok: {', '.join(own)}." if own else ""
        if self.engine.missing:
            return (self.engine.missing[0], f"{self.engine.build[0].upper()}{self.engine.build[1:]}.{mention}")
        unbuilt = ""
        for folder in (f for pattern in self.engine.outputs if not pattern.startswith("../") for f in sorted(self.root.glob(pattern))):
            if folder.is_dir() and (folder / "game.js").is_file() and not (folder / "game.json").is_file():
                # built, but the build writes only game.js (a library build into a folder holding the devtools'
                # project.config.json): TikTok's runtime loads game.js with game.json beside it
                return (
                    f"{self.label(folder)}/ has game.js but no game.json, which TikTok's runtime reads beside it",
                    f"Add {self.label(folder)}/game.json (the runtime requires it; {{}} is enough to start), or have the build write it, then run this again.",
                )
            missing = missing_requires(folder) if folder.is_dir() and is_package(folder) else []
            if missing:
                unbuilt = f" ({self.label(folder)}/game.js loads {missing[0]}, which the build writes)"
                break
        article = "an" if self.engine.name[0] in "AEIOaeio" or self.engine.name.startswith("npm") else "a"  # an esbuild-, an npm-bundled game
        sdk = ""
        if self.engine.csharp and not _unity_sdk_imported(self.root):
            # (its build window comes with the SDK: held-out round 37, a framework whose TT calls had no TTSDK to compile against)
            sdk = " TikTok SDK for Unity (com.tiktok.minigame, which brings TTSDK and that build window) is not in the project yet: import it first."
        return (
            f"this is {article} {self.engine.name} project, and TikTok runs its mini-game build, which is not there yet{unbuilt}",
            f"{self.engine.build[0].upper()}{self.engine.build[1:]}, then run this again."
            + (f" ({self.chosen[0].upper()}{self.chosen[1:]}.)" if self.chosen else "")
            + sdk
            + mention,
        )

    def own_build_scripts(self) -> list[str]:
        return own_build_scripts(self.root)

    def template_folder(self) -> str | None:
        """Where the engine copies files into its next build for the found target (Cocos' build-templates/<target>)."""
        if self.engine.templates is None or self.output is None:
            return None
        return self.engine.templates.format(target=self.output.name)

    def targets_no_store(self) -> bool:
        """A Unity package's development project: Assets/ holds only packages (each folder with C# has a package.json,
        Unity's UPM manifest), and nothing of a mini-game SDK (no TikTok/Douyin SDK folder or package, no own C# on TTSDK
        or StarkSDK). The games' requirements (MN504, MN509) say nothing of it (YooAsset, held-out round 42); a game of
        its own with no SDK yet still hears them."""
        if not self.engine.csharp or self.engine.key == "several":
            return False
        try:
            folders = [d for d in (self.root / "Assets").iterdir() if d.is_dir() and not d.name.startswith(".")]
        except OSError:
            return False
        if not folders or not all((d / "package.json").is_file() for d in folders if any(d.rglob("*.cs"))):
            return False
        if not any((d / "package.json").is_file() for d in folders):
            return False
        from .source.csharp import sdk_reading  # start-up: only a Unity project's capability rules ask

        reading = sdk_reading(self.root)
        return not reading.files and not reading.stark_called and not _unity_sdk_imported(self.root)

    def calls(self, api: str) -> bool:
        """Does the game call the SDK's `api` in code lint does not read (Unity's C#: TT.AddShortcut(...))?"""
        if self.engine.key == "several":
            return True  # a folder of several projects claims nothing of theirs: each is checked on its own
        if self.engine.gdscript:
            return _gdscript_calls(self.root, api)
        if not self.engine.csharp:
            return False
        from .source.csharp import sdk_reading  # start-up: only a Unity project's capability rules ask

        name = api[0].upper() + api[1:]
        reading = sdk_reading(self.root)  # the game's own C#, its editor-only code left out (source/csharp.py)
        if any(use.called and use.member == name for use in reading.uses):
            return True  # TikTok's Unity SDK: TT.AddShortcut(...), or Douyin's StarkSDK chain its migration makes that of
        # or a StarkSDK-only spelling of the call (ShowVideoAdWithId, CreateShortcut) on a manager lint did not follow
        # there (one a wrapper in another file hands out), in a file that uses StarkSDK; a common name (`.Login(`) there
        # may be any object's (an analytics SDK's `GravityEngineAPI.Login(...)`, held-out round 39), so it is not counted
        stark = {"CreateRewardedVideoAd": "ShowVideoAdWithId", "AddShortcut": "CreateShortcut"}.get(name)
        return stark is not None and stark in reading.stark_called


SCRIPT_LIMIT = 16 * 1024 * 1024  # of one GDScript file, read for the SDK's calls
# a GDScript string (triple-quoted first) or comment: comments dropped (strings kept) to find the JavaScript object's
# names, then strings blanked too before calls are looked for
_GD_TEXT = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|#[^\n]*')
_GD_BRIDGE = re.compile(r"""\b([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?:?=\s*JavaScriptBridge\s*\.\s*get_interface\s*\(\s*["'](?:tt|wx)["']\s*\)""")
_GD_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)\s*\(")
_GD_CALLED: dict[Path, tuple[int, frozenset[str]]] = {}


def _gdscript_calls(root: Path, api: str) -> bool:
    """Does a Godot game's own GDScript call `api` on the games SDK: on Douyin's ttsdk Autoload `tt` (its methods are
    the API's names in snake_case: `tt.create_rewarded_video_ad(...)`), or on a name the file gives the JavaScript
    object (`var js = JavaScriptBridge.get_interface("tt")`, then `js.createRewardedVideoAd(...)`)? Strings and
    comments are no calls; the addon's own files (addons/ttsdk*, any case) and links out of the project are not
    read. The files are read once a lint run (the review of 0d97976: once per API and never cached)."""
    from .source.modules import run_generation  # start-up: only a Godot project's capability rules ask

    cached = _GD_CALLED.get(root)
    if cached is None or cached[0] != run_generation():
        cached = (run_generation(), _gdscript_called(root))
        _GD_CALLED[root] = cached
    snake = re.sub(r"(?<!^)([A-Z])", r"_\1", api).lower()
    return api in cached[1] or snake in cached[1]


def _gdscript_called(root: Path) -> frozenset[str]:
    called: set[str] = set()
    real = root.resolve()
    for directory, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (Path(directory) == root / "addons" and d.lower().startswith("ttsdk"))]
        for name in names:
            path = Path(directory) / name
            if not name.endswith(".gd") or not path.resolve().is_relative_to(real):
                continue
            source = read_regular_text(path, SCRIPT_LIMIT, partial=True) or ""
            kept = _GD_TEXT.sub(lambda m: m.group(0) if m.group(0)[0] in "\"'" else " ", source)  # comments out
            text = _GD_TEXT.sub(lambda m: '""' if m.group(0)[0] in "\"'" else " ", source)  # strings blanked too
            receivers = {"tt"} | {m.group(1) for m in _GD_BRIDGE.finditer(kept)}
            called.update(m.group(2) for m in _GD_CALL.finditer(text) if m.group(1) in receivers)
    return frozenset(called)


# An open data context's own code (WeChat's "开放数据域", Douyin's and TikTok's open data domain: friend-leaderboard,
# direct-message-sharing): it listens to the main domain (`wx.onMessage`), and tests the engine's sub-context platform
# (Cocos Creator 2's `cc.sys.WECHAT_GAME_SUB`) or reads the relationship chain's cloud storage; none of it may log in,
# show ads or offer the missions, which only the main domain can (an isolated frame "with limited capabilities").
_LISTENS = re.compile(r"(?:\b(?:wx|tt|qq)|\[\s*[\"'](?:wx|tt|qq)[\"']\s*\])\s*\.\s*onMessage\s*\(")
_SUB_CONTEXT = re.compile(r"\b(?:WECHAT|BYTEDANCE|QQ|BAIDU)_GAME_SUB\b|\b(?:getFriendCloudStorage|getGroupCloudStorage|getCloudStorageByRelation)\s*\(")
_MAIN_DOMAIN_ONLY = re.compile(
    r"\b(?:createRewardedVideoAd|createInterstitialAd|createBannerAd|addShortcut|startEntranceMission|getOpenDataContext|requestPayment|"
    r"requestGamePayment|WXSubContextView|SubContextView)\b|\.login\s*\("
)
_COMMENTS = re.compile(r"/\*.*?\*/|^[ \t]*//[^\n]*", re.S | re.M)


def open_data_scripts(folder: Path) -> bool:
    """A folder whose few scripts (at most 50) are an open data context's by what they do: they listen to the main
    domain (`wx.onMessage`) and read the friends' cloud storage or test the sub-context platform, and call nothing only a
    main domain can (held-out round 29: a Cocos 2 build template's `sub/index.js`, which no game.json names)."""
    listens = sub_context = False
    total = 0
    for directory, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(directory, d))]
        for name in names:
            path = Path(directory) / name
            if not name.endswith(".js") or path.is_symlink():
                continue
            total += 1
            if total > 50:
                return False
            text = read_regular_text(path, CONFIG_LIMIT, partial=True) or ""
            if _MAIN_DOMAIN_ONLY.search(text):
                return False
            code = _COMMENTS.sub("", text)
            listens = listens or _LISTENS.search(code) is not None
            sub_context = sub_context or _SUB_CONTEXT.search(code) is not None
    return listens and sub_context


def open_data_context(project: EngineProject) -> str | None:
    """Why an engine project is a game's open data context, not a game of its own (held-out round 22: a Cocos Creator 2
    game with its WeChat leaderboard, `cc2d_wsub/`, a second Cocos project inside it whose two scripts run only when
    `cc.sys.platform === cc.sys.WECHAT_GAME_SUB`): a project inside another game's project whose own few scripts
    listen to the main domain (`wx.onMessage`) and test the sub-context platform or read the friends' cloud storage, and
    mention nothing only a main domain can call (ads, login, the missions, payments, the sub-context view). None for a
    game, or when unsure (the review of f600f7e: a game's one mention of `WECHAT_GAME_SUB`, a comment, or its
    build template's openDataContext/index.js made games lose MN504 and MN509)."""
    root = project.root
    if not any(is_source_root(parent) or is_package(parent) for parent in (root.parent, root.parent.parent) if parent != root):
        return None  # a project of its own (a top-level one is the game: its requirements stand)
    listens = sub_context = ""
    total = 0
    for folder in project.engine.scripts:
        base = root / folder
        if not base.is_dir() or base.is_symlink() or not base.resolve().is_relative_to(root.resolve()):
            continue
        for directory, dirs, names in os.walk(base):
            dirs[:] = [d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(directory, d))]
            for name in names:
                path = Path(directory) / name
                if not name.endswith((".ts", ".js")) or name.endswith(".d.ts") or path.is_symlink():
                    continue
                total += 1
                if total > 50:
                    return None  # a leaderboard's few scripts, never a whole game's
                text = read_regular_text(path, CONFIG_LIMIT, partial=True) or ""
                if _MAIN_DOMAIN_ONLY.search(text):
                    return None
                code = _COMMENTS.sub("", text)
                listens = listens or ((m := _LISTENS.search(code)) is not None and re.sub(r"[\s\[\]\"'(]", "", m.group(0))) or ""
                sub_context = sub_context or ((m := _SUB_CONTEXT.search(code)) is not None and m.group(0).rstrip("( \t")) or ""
    if not (listens and sub_context):
        return None
    return f"its scripts run in an open data context ({listens}, {sub_context}): a game's leaderboard, not a game of its own"


def tsconfig_out_dir(config: Path) -> str | None:
    """A TypeScript config's compilerOptions.outDir as written (tsc reads its JSON with `//` comments and trailing
    commas), or None: a package's code compiled there (gamescripts.py, bundled.tsc_builder)."""
    text = re.sub(r"(?m)^\s*//.*$", "", read_regular_text(config, CONFIG_LIMIT) or "")
    try:
        value = json.loads(re.sub(r",(\s*[}\]])", r"\1", text))
    except ValueError:
        return None
    options = value.get("compilerOptions") if isinstance(value, dict) else None
    out = options.get("outDir") if isinstance(options, dict) else None
    return out.strip() if isinstance(out, str) and out.strip() else None


_UNITY_SDK = re.compile(r"(?i)tiktok|bytedance|stark|ttsdk|bytegame")


def _unity_sdk_imported(root: Path) -> bool:
    """A Unity project holds a TikTok/ByteDance mini-game SDK: named in Packages/manifest.json (com.tiktok.minigame), or
    a folder of it under Assets/ or Packages/ (`Plugins/com.tiktok.minigame/TTSDK`, Douyin's `Plugins/ByteGame`, `TTSDK`,
    `StarkSDK`), three folders deep at most."""
    if _UNITY_SDK.search(read_regular_text(root / "Packages" / "manifest.json", CONFIG_LIMIT) or ""):
        return True
    level = [root / "Assets", root / "Packages"]  # (an embedded package: Packages/com.tiktok.minigame/)
    for _ in range(3):
        below = []
        for folder in level:
            try:
                children = [child for child in folder.iterdir() if child.is_dir() and not child.is_symlink()]
            except OSError:
                continue
            if any(_UNITY_SDK.search(child.name) for child in children):
                return True
            below += children
        level = below[:400]
    return False


def own_build_scripts(root: Path) -> list[str]:
    """The project's own scripts that say they build the TikTok (or ByteDance/Douyin) package: a file at the root or
    in scripts/ or tools/ named so (`scripts/build_tiktok_native_package.sh`), or a package.json script (`build:tt`)."""
    found: list[str] = []
    for folder in ("", "scripts", "tools"):
        base = root / folder if folder else root
        for path in sorted(base.glob("*")) if base.is_dir() else ():
            if path.is_file() and path.suffix in (".sh", ".js", ".mjs", ".cjs", ".py", ".ts", ".bat", ".ps1") and _OWN_BUILD.search(path.stem):
                found.append(path.relative_to(root).as_posix())
    document = _json(root / "package.json")
    scripts = document.get("scripts") if isinstance(document, dict) else None
    for name in scripts if isinstance(scripts, dict) else ():
        if isinstance(name, str) and _OWN_BUILD.search(name):
            found.append(f"npm run {name}")
    return found[:3]


def is_package(folder: Path) -> bool:
    return all((folder / name).is_file() for name in PACKAGE_FILES)


# a script named for building (or packing) the TikTok, ByteDance or Douyin package
_OWN_BUILD = re.compile(
    r"(?i)(?:build|pack|publish|release)[\w:.-]*(?:tiktok|bytedance|douyin|(?<![a-z])tt(?![a-z]))|(?:tiktok|bytedance|douyin)[\w:.-]*(?:build|pack)"
)
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_LINE_COMMENT = re.compile(r"(?m)^[ \t]*//.*$")
_RELATIVE_REQUIRE = re.compile(
    r"""(?<![\w$.])(?:require|loadLib)\s*\(\s*['"]((?:\.{1,2}/)?[^'"\r\n]{1,300})['"]\s*\)"""
    # `import './dist/game.js'`, a bundler's shim; possessive, so a run of blanks after `import` is read one way only
    r"""|^[ \t]*import(?:\s++|\s{3,}+from\s++|\s++(?:[\w${},*]++\s++)+?from\s++)['"](\.{1,2}/[^'"\r\n]{1,300})['"]""",
    re.M,
)


# another store's adapter, which a multi-store game.js loads only there: swan-game-adapter.js, laya.bdmini.js, laya.qgmini.js
_OTHER_STORE_FILE = re.compile(r"(?i)(?:^|[/._-])(?:swan|baidu|bd|qg|vv|qq|hw|ks|mz|oppo|vivo|huawei|kuaishou|alipay)(?:mini|game|[/._-])")


def missing_requires(folder: Path) -> list[str]:
    """The files a package's game.js loads that are not there (`require('./game-bundle.js')` in a hand-written loader
    that a bundler's build completes; LayaAir's bin/ template, whose game.js requires index.js, whose
    `loadLib("js/bundle.js")` the IDE's compile writes): such a package is not built yet. The runtime resolves a
    required path (relative, or ending in .js) against the package: the path, else the path + .js, or a folder's
    index.js. game.js's own loads, and those of the files it loads, one level."""
    missing: list[str] = []
    seen: set[str] = set()
    subpackages = _subpackage_roots(folder)

    def loads(path: Path, depth: int) -> None:
        original = read_regular_text(path, 1 << 20, partial=True) or ""
        text = _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", original))  # the devtools template's `// require('./js/libs/...')`
        sub = _sub_context_blocks(text)
        found_specs = (m.group(1) or m.group(2) for m in _RELATIVE_REQUIRE.finditer(text) if not any(a <= m.start() < b for a, b in sub))
        for spec in dict.fromkeys(found_specs):
            if not (spec.startswith(("./", "../")) or spec.endswith(".js")) or spec in seen:
                continue  # a package's name: not a file of the package
            if _OTHER_STORE_FILE.search(spec):
                continue  # LayaAir's `if (typeof swan !== 'undefined') require("swan-game-adapter.js")`: another store's
            if _bundled_module(original, spec):
                continue  # a browserify bundle's own module (`require('../cache-manager')` with `{"../cache-manager":2}`)
            seen.add(spec)
            target = (path.parent if spec.startswith(".") else folder) / spec
            found = next((t for t in (target, target.with_name(target.name + ".js"), target / "index.js") if t.is_file()), None)
            if found is None:
                inside = posixpath.normpath((path.parent / spec).relative_to(folder).as_posix()) if spec.startswith(".") else spec
                # a subpackage's entry required directly inside try/catch (beside loadSubpackage): a fallback the game
                # goes on without; the game's own bundle is never one (`try { require('./game-bundle.js') } catch ...`)
                if not (any(inside.startswith(root) for root in subpackages) and _tolerated(original, spec) and not _built(folder, inside)):
                    missing.append(spec)
            elif depth > 0 and found.suffix == ".js" and found.stat().st_size < (256 << 10):
                loads(found, depth - 1)  # a small loader (index.js), not an engine library

    loads(folder / "game.js", 1)
    return missing


_REQUIRE_PLUGIN = re.compile(r"""(?<![\w$.])requirePlugin\s*\(\s*["']([^"'\n]{1,100})["']""")


def plugin_refusal(folder: Path, label: str = "") -> tuple[str, str] | None:
    """A package whose game.js loads a WeChat mini-game plugin (game.json `plugins`, `requirePlugin('cocos')`): TikTok's
    runtime has no plugins (none of its docs has requirePlugin), so the game stops at that line. Cocos Creator's WeChat
    build writes this with "Separate Engine" on (the engine as WeChat's engine plugin). The reason and the fix, or None."""
    text = read_regular_text(folder / "game.js", 1 << 20, partial=True) or ""
    text = _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", text))
    called = [m.group(1) for m in _REQUIRE_PLUGIN.finditer(text)]
    if not called or re.search(r"typeof\s+requirePlugin\b", text):
        return None  # none, or only where the runtime has it
    where = f"{label}/game.js" if label else "game.js"
    name = called[0]
    if name == "cocos":
        return (
            f"{where} loads the Cocos engine as WeChat's engine plugin (requirePlugin('cocos'), game.json \"plugins\"): the build was made "
            "with Separate Engine on, and TikTok's runtime has no mini-game plugins",
            "Rebuild it in Cocos Creator with Separate Engine off (Project > Build, WeChat Mini Game), or for ByteDance Mini Game, then run this again.",
        )
    return (
        f"{where} loads the mini-game plugin {name!r} (requirePlugin), which TikTok's runtime does not have",
        "Put the plugin's code in the package itself (TikTok has no mini-game plugins), then run this again.",
    )


_BROWSERIFY_MODULE = re.compile(r"\[\s*function\s*\(\s*require\s*,\s*module\s*,\s*exports\s*\)\s*\{")


def _bundled_module(text: str, spec: str) -> bool:
    """A browserify bundle (`{1:[function(require,module,exports){...},{"../cache-manager":2}], ...}`) resolves a
    require through its module's dependency map, to another module of the same file (Cocos Creator 2.4's WeChat
    adapter.js bundles its cache-manager so): no file of the package is loaded."""
    if not _BROWSERIFY_MODULE.search(text):
        return False
    return re.search(r"[{,]\s*[\"']" + re.escape(spec) + r"[\"']\s*:\s*\d+\s*[,}]", text) is not None


# Cocos Creator 2's WeChat build template: `if (cc.sys.platform === cc.sys.WECHAT_GAME_SUB) { var SUBDOMAIN_DATA =
# require('src/subdomain.json.js'); ... }`, a file written only for an open data context's build: the main package's
# game.js never takes that branch (held-out round 25: a WeChat build called unbuilt for it).
_SUB_CONTEXT_IF = re.compile(r"\bif\s*\(\s*cc\.sys\.platform\s*===?\s*cc\.sys\.[A-Z_]*_SUB\s*\)\s*\{")


def _sub_context_blocks(text: str) -> list[tuple[int, int]]:
    """The spans of the blocks a sub-context platform check opens (braces counted; the loader has no braces in strings)."""
    spans = []
    for found in _SUB_CONTEXT_IF.finditer(text):
        depth, at = 1, found.end()
        while depth and at < len(text):
            depth += {"{": 1, "}": -1}.get(text[at], 0)
            at += 1
        spans.append((found.end(), at))
    return spans


def _built(folder: Path, inside: str) -> bool:
    """Whether the project's own build writes this file of the package (its package.json beside the package or one
    folder up: bundled.bundle_builder)."""
    from .bundled import bundle_builder  # start-up: only a loader's tolerated require asks

    return bundle_builder(folder, inside) is not None or bundle_builder(folder.parent, f"{folder.name}/{inside}") is not None


def _subpackage_roots(folder: Path) -> list[str]:
    """The subpackage roots game.json names (`"subpackages": [{"root": "subpkg_kitchen/"}]`), as folder prefixes."""
    try:
        document = json.loads(read_regular_text(folder / "game.json", 1 << 20) or "{}")
    except ValueError:
        return []
    entries = document.get("subpackages") or document.get("subPackages") if isinstance(document, dict) else None
    roots = [entry.get("root") for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []
    return [posixpath.normpath(root).rstrip("/") + "/" for root in roots if isinstance(root, str) and root.strip(" ./")]


def _tolerated(text: str, spec: str) -> bool:
    """Whether every require of `spec` in the loader runs inside a try whose catch goes on without rethrowing
    (`try { require('./subpkg_kitchen/game.js') } catch (e) { console.warn(e) }`): the game starts without the file."""
    from .source.javascript import Script  # start-up: only a loader naming a file that is not there is parsed
    from .source.syntax import FUNCTION_TYPES, descendants, literal_string

    script = Script(text, "js")
    if script.too_complex is not None:
        return False
    requires = [
        node
        for node in descendants(script.tree.root_node)
        if node.type == "call_expression"
        and script.source(node.child_by_field_name("function") or node) == "require"
        and (arguments := node.child_by_field_name("arguments")) is not None
        and arguments.named_child_count
        and literal_string(script, arguments.named_children[0]) == spec
    ]

    def caught(node: object) -> bool:
        current, parent = node, getattr(node, "parent", None)
        while parent is not None and parent.type not in FUNCTION_TYPES:
            handler = parent.child_by_field_name("handler") if parent.type == "try_statement" else None
            if handler is not None and parent.child_by_field_name("body") == current:
                return not any(n.type == "throw_statement" for n in descendants(handler))
            current, parent = parent, parent.parent
        return False

    return bool(requires) and all(caught(node) for node in requires)


def platform_rank(name: str) -> int | None:
    """A build folder's target, by its name: TikTok 0, ByteDance/Douyin 1, WeChat 2, unnamed 3; None for another
    platform's runtime (Alipay, vivo, the web builds ...), which TikTok does not run."""
    lower = name.lower()
    if "tiktok" in lower or re.search(r"(?:^|[-_])tt(?:game|mini|$|[-_])", lower):
        return 0
    if "bytedance" in lower or "douyin" in lower:
        return 1
    if "wechat" in lower or re.search(r"(?:^|[-_])wx(?:game|mini|$|[-_])", lower) or lower in ("minigame", "bin"):
        return 2
    if OTHER_PLATFORMS.search(lower):
        return None
    return 3


def find_outputs(engine: Engine, root: Path) -> tuple[Path, ...]:
    """The engine's mini-game builds under (or, for Egret, beside) `root`: folders with game.json + game.js for a
    runtime TikTok runs, TikTok's target first, then ByteDance/Douyin, WeChat, unnamed; the newest game.js first in a tie."""
    found: dict[Path, tuple[int, float]] = {}
    for pattern in engine.outputs:
        pattern = pattern.format(name=root.name)
        base = root
        while pattern.startswith("../"):
            base, pattern = base.parent, pattern[3:]
        for folder in base.glob(pattern):
            relative = folder.relative_to(base).parts
            if engine.csharp and relative and relative[0] in UNITY_FOLDERS:
                continue
            if not folder.is_dir() or not is_package(folder) or missing_requires(folder):
                continue
            rank = platform_rank(folder.name)
            if rank is None:
                continue
            try:
                mtime = (folder / "game.js").stat().st_mtime
            except OSError:
                continue
            found[folder.resolve()] = (rank, -mtime)
    for pattern in engine.moved_outputs:
        for folder in root.glob(pattern):
            first = folder.relative_to(root).parts[0]
            if first in _ENGINE_FOLDERS or first.startswith(".") or folder.resolve() in found:
                continue
            rank = platform_rank(folder.name)
            if rank is None or rank > 2 or not folder.is_dir() or not is_package(folder) or missing_requires(folder):
                continue
            try:
                found[folder.resolve()] = (rank, -(folder / "game.js").stat().st_mtime)
            except OSError:
                continue
    if engine.named_outputs:
        names = project_names(root)
        for pattern in engine.named_outputs:
            base = root
            while pattern.startswith("../"):
                base, pattern = base.parent, pattern[3:]
            for folder in base.glob(pattern):
                if folder.resolve() in found or not folder.is_dir() or not is_package(folder) or built_from(folder) not in names:
                    continue
                rank = platform_rank(folder.name)
                if rank is not None:
                    try:
                        found[folder.resolve()] = (rank, -(folder / "game.js").stat().st_mtime)
                    except OSError:
                        continue
    # LayaAir's bin/ is its IDE's working folder (a debug build, the subpackages unsplit): a published release/<target>
    # of the same rank is the one a developer uploads, unless bin/ is newer (the IDE recompiles into bin/ on every save:
    # a publish older than it is stale)
    bins = [f for f in found if f.name == "bin" and engine.key == "laya"]
    newest_bin = min((found[f][1] for f in bins), default=0.0)  # -mtime: the smaller, the newer

    def debug_behind_publish(folder: Path) -> bool:
        """bin/, with a publish of the same rank at least as new beside it (2 s: one checkout's or copy's spread of times)."""
        return folder in bins and any(found[other][0] == found[folder][0] and found[other][1] <= newest_bin + 2.0 for other in found if other not in bins)

    return tuple(sorted(found, key=lambda f: (found[f][0], debug_behind_publish(f), found[f][1], str(f))))


def project_names(root: Path) -> set[str]:
    """The names an engine project goes by, which its builds write into project.config.json's projectname: Cocos Creator
    2's project.json `name` and settings/builder.json `title`, Cocos Creator 3's package.json `name`, the folder's."""
    names = {root.name}
    for file, key in (("project.json", "name"), ("settings/builder.json", "title"), ("package.json", "name")):
        document = _json(root / file)
        value = document.get(key) if isinstance(document, dict) else None
        if isinstance(value, str) and value.strip():
            names.add(value.strip())
    return names


def built_from(package: Path) -> str | None:
    """The project a mini-game build says it was built from: project.config.json's `projectname` (WeChat's and ByteDance's
    developer tools read it; Cocos Creator writes the project's name there)."""
    document = _json(package / "project.config.json")
    value = document.get("projectname") if isinstance(document, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def is_source_root(folder: Path) -> bool:
    """Whether `folder` is an engine's source project (its signs only: no build is looked for), for root discovery."""
    return not is_package(folder) and any(all(_holds(folder, sign) for sign in group) for engine in ENGINES for group in engine.signs)


# an engine project's own folders, where another project is never nested: the editor's caches and the engine's tools
# (LayaAir's laya/ is its IDE's UI project, with a `.laya` file of its own)
_NOT_NESTED = frozenset(
    {
        "laya",
        "node_modules",
        "library",
        "temp",
        "local",
        "settings",
        "profiles",
        "build",
        "build-templates",
        "release",
        "bin",
        "Library",
        "Temp",
        "Logs",
        "Packages",
        "ProjectSettings",
        "UserSettings",
        "obj",
        "__MACOSX",
    }
)


def nested_projects(project: EngineProject) -> tuple[Path, ...]:
    """Other engines' (or the same engine's) source projects inside an engine project, outside its script and build
    folders (`Rollvive/` with its own package.json `creator` and assets/ inside a Cocos project's root): each a game of its
    own, which lint checks as a project of its own beside this one. One or two levels down; a folder of several
    projects: each of them; none for a bundled game's sources."""
    if project.members:
        return project.members
    if project.engine.key not in {engine.key for engine in ENGINES}:
        return ()
    skip = {folder.split("/", 1)[0] for folder in project.script_folders} | {
        p.split("/", 1)[0] for p in project.engine.outputs if "*" not in p.split("/", 1)[0]
    }
    found: list[Path] = []

    def look(folder: Path, depth: int) -> None:
        try:
            children = sorted((entry for entry in os.scandir(folder) if entry.is_dir(follow_symlinks=False)), key=lambda e: e.name)
        except OSError:
            return
        for entry in children:
            if entry.name.startswith(".") or entry.name in _NOT_NESTED or (folder == project.root and entry.name in skip):
                continue
            child = Path(entry.path)
            if is_source_root(child):
                from .project import gitignored_folder  # start-up: only an engine project's lint asks

                if not gitignored_folder(project.root, child.relative_to(project.root).as_posix()):
                    found.append(child)  # a project the repository ignores is no game of its own here
            elif depth > 0:
                look(child, depth - 1)

    look(project.root, 1)
    return tuple(found)


def detect(root: Path) -> EngineProject | None:
    """The engine whose source project `root` is, or None. A folder that is itself a package (game.json + game.js)
    is a native game, never an engine's source."""
    if is_package(root):
        return None
    for engine in ENGINES:
        for group in engine.signs:
            if all(_holds(root, sign) for sign in group):
                return EngineProject(engine, root, _marker(root, group), find_outputs(engine, root))
    from .bundled import detect_bundled  # start-up: only a folder that is no engine's asks

    return detect_bundled(root)
