"""A mini game's scripts with no runnable package yet: TypeScript/JavaScript sources that call the mini-games SDK
(`tt.createRewardedVideoAd`, `tt.setStorageSync`, `wx.login`, `TTMinis.game.*` ...) or carry an engine's type stubs
(`cc.d.ts`, `declare module 'cc'`, `declare const Laya`/`egret`), with no web entry page, no minis.config.json, no
games config, no game.json + game.js and no engine project or bundler build that would make one.

TikTok's runtime loads a mini game's "game.js" with game.json beside it
([mini-games-technical-overview](https://developers.tiktok.com/docs/en/mini-games-technical-overview)); a folder of
such scripts is neither that package nor a web Mini (no page), so it is linted as the game it is written to be (the
games rules over its scripts, never the web-Mini project errors: no page, no minis.config.json, no dev script) and
`dev`, `build` and `audit` say in one line that there is nothing runnable yet and what would make it.

So is a mini game's devtools project whose package a build makes: game.json, or a project.config.json of compileType
"game" (whose miniprogramRoot, `dist/`, is the package: WeChat's developer tools name a game's code root so too), with
no game.js there yet (TypeScript that tsc compiles into dist/, held-out round 35); its appid is the game's (MN010).

A browser page beside such scripts does not make the folder a Mini when it has nothing of one: it loads no script of
the project's (only inline code and other origins' libraries), neither loads nor calls TikTok's SDK, and there is no
package.json (a game's browser build published as one self-contained index.html, held-out round 31); then the scripts
must call the games SDK, not only carry an engine's stubs.

Conservative by construction: any other web-entry page where a Mini keeps it, a minis.config.json or the TikTok web SDK
(`TTMinis.init`, the drama SDK's script) keeps the folder a Mini. A package.json dev/start/serve script does too, unless
the evidence says it serves no page: it (or the bundler config at the root) writes `game.js`, the mini-game runtime's
entry; or the scripts call the games SDK (not only an engine's stubs) and there is no page to serve: no HTML file in
the project, no framework or plugin that makes one (Next, Nuxt, Create React App, Vue CLI, html-webpack-plugin,
Rsbuild ...), and no script writing HTML (a Node server answering with a page). A web Mini is a page
(minis-technical-overview: Minis are web apps in TikTok's WebView); `tt.createRewardedVideoAd` and the like exist only
in the mini-game runtime, so a dev script that serves none is a game's build or its backend, not a Mini's server."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .engines import Engine, EngineProject, is_source_root, tsconfig_out_dir
from .source.files import CONFIG_LIMIT, LITTER_FOLDERS, is_litter, read_regular, read_regular_text

# Games-SDK calls a web page never makes: ads, the mini-game storage/login/lifecycle, subscribe messages, the canvas.
_GAME_APIS = (
    "createRewardedVideoAd|createInterstitialAd|createBannerAd|createCustomAd|login|checkSession|getUserInfo|"
    "setStorageSync|getStorageSync|removeStorageSync|setStorage|getStorage|getSystemInfoSync|getLaunchOptionsSync|"
    "getEnterOptionsSync|onShow|onHide|shareAppMessage|onShareAppMessage|showShareMenu|requestSubscribeMessage|"
    "subscribeMessageStatus|createCanvas|createImage|createInnerAudioContext|addShortcut|startEntranceMission|"
    "getGameRecorderManager|vibrateShort|requestGamePayment|navigateToScene"
)
_SDK_CALL = re.compile(rf"\b(?:tt|wx)\s*\.\s*(?:{_GAME_APIS})\b|\bTTMinis\s*\.\s*game\s*\.")
_ENGINE_STUB = re.compile(r"""\bdeclare\s+(?:module\s+['"]cc['"]|(?:const|var|let|namespace|class)\s+(?:cc|Laya|egret)\b)""")
_STUB_FILES = frozenset({"cc.d.ts", "creator.d.ts", "laya.d.ts", "layaair.d.ts", "egret.d.ts"})
_WEB_SDK = re.compile(r"\bTTMinis\s*\.\s*init\b|tiktok-minis\.com/(?!game/)")
_PAGES = ("index.html", "public/index.html", "src/index.html", "www/index.html", "static/index.html", "dist/index.html")
_CONFIGS = ("minis.config.json", "minigame.config.json", "game.json", "project.config.json")
_SERVE = ("dev", "start", "serve")
_SUFFIXES = (".ts", ".js", ".mjs", ".cjs", ".tsx", ".jsx")
_SKIP = frozenset({"node_modules", "__MACOSX", "dist", "build", "out", "coverage", "vendor", "lib", "libs", "test", "tests", "__tests__"})
_MAX_FILES = 2000
_MAX_BYTES = 400_000
# What makes a page with no HTML file in the project: a framework or plugin in package.json, or in the script itself.
_PAGE_MAKERS = re.compile(
    r"^(?:next|nuxt|nuxt3|react-scripts|@vue/cli-service|html-webpack-plugin|html-rspack-plugin|@angular/cli|gatsby|@remix-run/dev|astro|"
    r"@sveltejs/kit|@rsbuild/core|umi|@umijs/max|vitepress|@docusaurus/core|@ionic/cli|@quasar/app-vite|@quasar/app-webpack|expo|"
    r"@tarojs/cli|@dcloudio/vite-plugin-uni|@dcloudio/vue-cli-plugin-uni)$"
)
_PAGE_COMMANDS = re.compile(r"\b(?:next|nuxti?|react-scripts|vue-cli-service|ng|gatsby|remix|astro|umi|max|vitepress|docusaurus|ionic|quasar|expo|taro|uni)\s")
_WRITES_HTML = re.compile(rb"<!doctype html|<html[\s>]", re.I)
_GAME_ENTRY = re.compile(r"""(?:^|[\s'"`/=:])game\.js(?:$|[\s'"`])""")
_BUNDLER_CONFIGS = (
    *("webpack.config.js", "webpack.config.ts", "webpack.config.cjs", "webpack.config.mjs", "rollup.config.js", "rollup.config.mjs"),
    *("rollup.config.ts", "vite.config.ts", "vite.config.js", "vite.config.mts", "vite.config.mjs"),
    *("esbuild.config.js", "esbuild.mjs", "build.js", "build.mjs"),
)


_NOT_SCRIPTS = (".test.ts", ".spec.ts", ".test.js", ".spec.js", ".config.ts", ".config.js")


def _walk(root: Path) -> list[Path]:
    """The script files, minus those of an engine project below the root (a Unity project's SDK template game.js under
    Assets/Plugins/.../DefaultTemplate/ is the SDK's, built into that project's package: never these scripts' sign)."""
    found: list[Path] = []
    for base, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP and not is_source_root(Path(base) / d))
        for name in sorted(names):
            if name.endswith(_SUFFIXES) and not is_litter(name) and not name.endswith(_NOT_SCRIPTS):
                found.append(Path(base) / name)
                if len(found) >= _MAX_FILES:
                    return found
    return found


# A page's script loaded from the project (`<script src="./main.js">`, `src="/src/main.ts"`), not from another origin.
_LOCAL_SCRIPT = re.compile(r"""<script\b[^>]{0,400}?\bsrc\s*=\s*["']?(?!https?:|//)[^\s"'>]""", re.I)


def _standalone_page(page: Path) -> bool:
    """A page that has nothing of a Mini: it loads no script of the project's (only inline code and other origins'
    libraries), and neither loads TikTok's SDK nor calls it (held-out round 31: a browser build of a Cocos game's
    scripts, published as one self-contained index.html beside them). Such a page does not make the folder a Mini when
    the scripts beside it call the games SDK."""
    text = read_regular_text(page, 4 * _MAX_BYTES)
    if text is None:
        return False
    return not (_LOCAL_SCRIPT.search(text) or _WEB_SDK.search(text) or _SDK_CALL.search(text) or "TTMinis" in text)


def _package(root: Path) -> dict:
    data = read_regular(root / "package.json", CONFIG_LIMIT)  # a regular file only: never a link to /dev/zero or a FIFO
    try:
        document = json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def _serving(document: dict) -> dict[str, str]:
    """The package's dev/start/serve scripts that say something, by name."""
    scripts = document.get("scripts")
    if not isinstance(scripts, dict):
        return {}
    return {name: scripts[name].strip() for name in _SERVE if isinstance(scripts.get(name), str) and scripts[name].strip()}


def _builds_game_js(root: Path, serving: dict[str, str]) -> bool:
    """The dev script, or the bundler config at the root, writes `game.js`: the mini-game runtime's entry file."""
    if any(_GAME_ENTRY.search(command) for command in serving.values()):
        return True
    return any(_GAME_ENTRY.search(read_regular_text(root / name, _MAX_BYTES) or "") for name in _BUNDLER_CONFIGS)


def _makes_a_page(root: Path, document: dict, serving: dict[str, str]) -> bool:
    """A page the dev script could serve: an HTML file anywhere in the project (node_modules and hidden folders aside),
    or a framework or plugin that makes one."""
    for field in ("dependencies", "devDependencies"):
        listed = document.get(field)
        if isinstance(listed, dict) and any(isinstance(name, str) and _PAGE_MAKERS.match(name) for name in listed):
            return True
    if any(_PAGE_COMMANDS.search(command + " ") for command in serving.values()):
        return True
    seen = 0
    for _base, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules" and d not in LITTER_FOLDERS]
        if any(name.endswith((".html", ".htm")) and not is_litter(name) for name in names):
            return True
        seen += len(names)
        if seen > 20 * _MAX_FILES:
            return True  # too large to tell: a Mini, as before
    return False


def detect_game_scripts(root: Path) -> EngineProject | None:
    """The folder as a mini game's scripts with nothing runnable yet (see the module's docstring), or None."""
    configs = [name for name in _CONFIGS if (root / name).is_file()]
    package = _unbuilt_package(root, configs) if configs else None
    if configs and package is None:
        return None
    try:
        pages = {root / page for page in _PAGES if (root / page).is_file()} | {
            Path(entry.path) for entry in os.scandir(root) if entry.is_file() and entry.name.endswith((".html", ".htm")) and not is_litter(entry.name)
        }
    except OSError:
        return None
    if pages and ((root / "package.json").is_file() or not all(_standalone_page(page) for page in pages)):
        return None  # a page where a Mini keeps it: a Mini (or one on its way)
    document = _package(root)
    serving = _serving(document)
    builds_game = bool(serving) and _builds_game_js(root, serving)
    if serving and not builds_game and _makes_a_page(root, document, serving):
        return None  # a dev server with a page to serve: a Mini
    signs: list[str] = []  # relative paths of the files that say so
    calls = False  # a games-SDK call (not only an engine's type stubs)
    for path in _walk(root):
        text = read_regular_text(path, _MAX_BYTES)  # None: larger, or a link to a device or FIFO (/dev/zero never ends)
        if text is None:
            continue
        if _WEB_SDK.search(text):
            return None  # the TikTok web SDK: a Mini's code
        if serving and not builds_game and _WRITES_HTML.search(text.encode("utf-8", "replace")):
            return None  # a server answering with a page of its own
        called = bool(_SDK_CALL.search(text))
        calls = calls or called
        if path.name in _STUB_FILES or called or _ENGINE_STUB.search(text):
            signs.append(path.relative_to(root).as_posix())
    if not signs or (serving and not builds_game and not calls) or (pages and not calls):
        return None
    folders = sorted({sign.split("/", 1)[0] if "/" in sign else "" for sign in signs})
    if "" in folders:
        folders = [""]
    said = ", ".join(signs[:2]) + (f" and {len(signs) - 2} more" if len(signs) > 2 else "")
    cocos = _cocos_assets(root)
    if cocos is not None:  # a Cocos Creator project's assets/ committed without the project around it (held-out round 33)
        version, scene = cocos
        build = (
            f"open it as a Cocos Creator {version} project (the project.json and settings/ it was made with, or assets/ copied "
            f"into a new {version} project), build it for ByteDance or WeChat Mini Game (Project > Build), then run this on "
            "the build (build/<task>/)"
        )
        missing = (
            f"this folder holds a Cocos Creator {version} project's assets/ ({scene}; {said} use the games SDK) but not the "
            "project itself (no project.json or package.json's creator, no settings/), so there is no build to run yet"
        )
    elif package is not None:  # a devtools game project whose package a build makes (held-out round 35)
        where = "this folder" if package == "." else f"{package}/ (project.config.json's miniprogramRoot)"
        target = "this folder" if package == "." else f"{package}/"
        build = f"run the build that writes game.js into {target}{_compiler(root, package)}, with game.json beside it, then run this again"
        lacks = " and ".join(name for name in ("game.js", "game.json") if not (root / package / name).is_file())
        missing = (
            f"this is a mini game's project ({' and '.join(configs)}; {said} use the games SDK) whose package, {where}, has no "
            f"{lacks} yet: a build makes it" + _served(serving, builds_game)
        )
    elif (games := _games_below(root)) is not None:  # a monorepo of libraries and example games (held-out round 41)
        workspace, ready, unbuilt = games
        listed = ", ".join(f"{folder}/" for folder in ready[:3]) + (f" and {len(ready) - 3} more" if len(ready) > 3 else "")
        others = (
            f"{len(unbuilt)} {'has' if len(unbuilt) == 1 else 'have'} game.json but no game.js yet ({unbuilt[0]}/{' ...' if len(unbuilt) > 1 else ''})"
            if unbuilt
            else ""
        )
        if ready:
            build = (
                f"run this in the game's folder, e.g. `minis-py dev {ready[0]}`, and lint each project there: at the root its "
                "libraries and examples read as one game"
            )
            missing = (
                f"this is a monorepo ({workspace}) of libraries and games: {listed} {'is a built mini game' if len(ready) == 1 else 'are built mini games'}"
            )
            missing += f" (game.json + game.js), and {others.replace(' ', ' more ', 1)}" if unbuilt else " (game.json + game.js)"
        else:
            build = f"build one of its games ({unbuilt[0]}/ first), then run this in that folder"
            missing = f"this is a monorepo ({workspace}) of libraries and games, none built yet: {others}"
    else:
        build = (
            "put them in a runnable mini game: a package with game.json + game.js (a Douyin/WeChat export), or an engine "
            "project (Cocos Creator, LayaAir, Egret) or an npm bundler script that builds one, then run this again"
        )
        missing = (
            f"this folder holds a mini game's scripts ({said} use the games SDK or an engine's types), and there is no "
            "runnable mini-game package (game.json + game.js) or engine project yet" + _served(serving, builds_game)
        )
    engine = Engine("scripts", "mini game's scripts", signs=(), scripts=tuple(folders), outputs=(), templates=None, build=build, missing=(missing,))
    marker = "package.json" if (root / "package.json").is_file() else signs[0]  # project-wide findings point at it
    built = package is not None and package != "." and all((root / package / name).is_file() for name in ("game.json", "game.js"))
    return EngineProject(engine, root, marker, (root / package,) if built and package is not None else ())


# A JavaScript monorepo's own files: Rush's, pnpm's, Lerna's, Nx's (npm/yarn workspaces: package.json's "workspaces")
_WORKSPACES = ("rush.json", "pnpm-workspace.yaml", "lerna.json", "nx.json")
_GAME_DEPTH = 4  # examples/<game>/minigame/game.json: a workspace's projects sit a level or two below it, their packages one more


def _games_below(root: Path) -> tuple[str, list[str], list[str]] | None:
    """A monorepo's mini games: (its workspace file, the folders below it holding game.json + game.js, those holding
    game.json alone), or None when the root is no workspace or none is below it."""
    workspace = next((name for name in _WORKSPACES if (root / name).is_file()), None)
    if workspace is None:
        try:
            manifest = json.loads(read_regular_text(root / "package.json", CONFIG_LIMIT) or "null")
        except ValueError:
            return None
        workspace = "package.json's workspaces" if isinstance(manifest, dict) and manifest.get("workspaces") else None
    if workspace is None:
        return None
    built: list[str] = []
    unbuilt: list[str] = []
    for base, dirs, names in os.walk(root):
        depth = len(Path(base).relative_to(root).parts)
        dirs[:] = sorted(d for d in dirs if depth < _GAME_DEPTH and d not in LITTER_FOLDERS and d != "node_modules" and not d.startswith("."))
        if depth and "game.json" in names:
            folder = Path(base).relative_to(root).as_posix()
            (built if "game.js" in names else unbuilt).append(folder)
            dirs[:] = []
    return (workspace, built, unbuilt) if built or unbuilt else None


def _unbuilt_package(root: Path, configs: list[str]) -> str | None:
    """A mini game's devtools project whose package a build makes: only game.json and/or a project.config.json of
    compileType "game" at the root, and no runnable package at the root: TypeScript compiled into `dist/` by tsc, the
    devtools' own compile of `srcMiniprogramRoot` (held-out round 35). The package folder (project.config.json's
    miniprogramRoot, else the root: "."), built or not (detect_game_scripts takes a built one as the project's build),
    or None."""
    if not set(configs) <= {"game.json", "project.config.json"}:
        return None
    package = "."
    if "project.config.json" in configs:
        try:
            value = json.loads(read_regular_text(root / "project.config.json", CONFIG_LIMIT) or "")
        except ValueError:
            return None  # MN002 says it
        if not isinstance(value, dict) or value.get("compileType") != "game":
            return None
        named = value.get("miniprogramRoot")
        if isinstance(named, str) and named.strip().strip("/") not in ("", "."):
            package = named.strip().removeprefix("./").strip("/")
            if ".." in package.split("/"):
                return None
    if (root / "game.js").is_file():
        return None  # the root is the package: a native game
    return package


def _compiler(root: Path, package: str) -> str:
    """How the project's own files say the package is built: tsconfig.json's outDir naming it (tsc)."""
    out = tsconfig_out_dir(root / "tsconfig.json")
    if out is not None and out.removeprefix("./").strip("/") == package:
        return " (`npx tsc`: tsconfig.json's outDir)"
    return ""


def _cocos_assets(root: Path) -> tuple[str, str] | None:
    """A Cocos Creator project's assets/ folder with no project around it: its version ("2.x" for `.fire` scenes,
    "3.x" for Cocos Creator 3's `.scene` ones) and a scene's path; None when there is none."""
    assets = root / "assets"
    if not assets.is_dir():
        return None
    seen = 0
    for base, dirs, names in os.walk(assets):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP and not d.startswith("."))
        for name in sorted(names):
            seen += 1
            path = Path(base) / name
            if name.endswith(".fire") or (name.endswith(".scene") and _cocos_scene(path)):
                return "2.x" if name.endswith(".fire") else "3.x", path.relative_to(root).as_posix()
        if seen > _MAX_FILES:
            return None
    return None


def _cocos_scene(path: Path) -> bool:
    """Cocos Creator 3's scene file (JSON naming `cc.SceneAsset`), not another engine's `.scene` (LayaAir's pages)."""
    text = read_regular_text(path, CONFIG_LIMIT, partial=True)
    return text is not None and text.lstrip().startswith("[") and '"cc.SceneAsset"' in text[:4096]


def _served(serving: dict[str, str], builds_game: bool) -> str:
    """What the dev script does instead of serving a Mini's page, for the one-line reason."""
    if not serving:
        return ""
    name, command = next(iter(serving.items()))
    if builds_game:
        return f" (package.json's {name} script, `{command}`, builds game.js but there is no game.json beside it)"
    return f" (package.json's {name} script, `{command}`, has no page to serve: no HTML file, and these scripts call the games SDK)"
