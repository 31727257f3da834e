"""Multi-target projects (Taro, uni-app, monorepos with per-platform builds): which folders are another platform's
build or a backend, and which package.json script runs the TikTok target.

TikTok Minis are "a Web app running in the TikTok client WebView + a set of client JSAPIs exposed via window.TTMinis"
(TikTok's "TikTok Minis Technical Overview"), not a mini-program DSL: of a multi-target project, TikTok's target is
the web (H5) build. Taro's `tt` target and uni-app's `mp-toutiao` are Douyin mini programs (ByteDance's other
platform), and `weapp`/`mp-weixin` WeChat's. Where each tool writes its builds, from its docs and public projects:
Taro's `outputRoot` in config/index.(js|ts) (`'dist'`, `` `dist/${process.env.TARO_ENV}` ``, or chosen from
TARO_ENV such as `'dist_tt'`); uni-app's CLI `dist/dev/<platform>` and `dist/build/<platform>` (`UNI_OUTPUT_DIR`
moves it), HBuilderX's `unpackage/dist/{dev,build}/<platform>`. A committed mini-program build is recognised
wherever it is by its own files: `app.json` with the platform's app style file or project file
(`app.wxss`/`project.config.json` for WeChat, `app.ttss`/`project.tt.json` for Douyin, ...). Backends of such
projects: WeChat's cloud functions (`cloudfunctions/`), uniCloud (`uniCloud-aliyun/`, `uniCloud-tcb/`,
`uniCloud-alipay/`), and a monorepo's server package (`packages/server`, `apps/api`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .records import record
from .source.files import CONFIG_LIMIT, read_regular

if TYPE_CHECKING:
    from .engines import EngineProject
    from .project import Project

# Platform names as Taro (`--type`), uni-app (`-p`/UNI_PLATFORM) and `dist-*` folders spell them.
PLATFORMS = {
    "weapp": "WeChat",
    "mp-weixin": "WeChat",
    "tt": "Douyin",
    "mp-toutiao": "Douyin",
    "alipay": "Alipay",
    "mp-alipay": "Alipay",
    "swan": "Baidu",
    "mp-baidu": "Baidu",
    "qq": "QQ",
    "mp-qq": "QQ",
    "jd": "JD",
    "mp-jd": "JD",
    "kwai": "Kuaishou",
    "mp-kuaishou": "Kuaishou",
    "lark": "Feishu",
    "mp-lark": "Feishu",
    "dd": "DingTalk",
    "mp-harmony": "HarmonyOS",
    "harmony": "HarmonyOS",
    "rn": "React Native",
    "app": "the native app",
    "app-plus": "the native app",
    "h5": "web",
    "web": "web",
}
WEB_PLATFORMS = frozenset({"h5", "web"})
# A mini program's files: its app style file and its project file name the platform.
_APP_STYLES = {"app.wxss": "WeChat", "app.ttss": "Douyin", "app.acss": "Alipay", "app.qss": "QQ", "app.jxss": "JD", "app.ksss": "Kuaishou"}
_PROJECT_FILES = {
    "project.config.json": "WeChat",
    "project.tt.json": "Douyin",
    "project.swan.json": "Baidu",
    "mini.project.json": "Alipay",
    "project.qq.json": "QQ",
    "project.ks.json": "Kuaishou",
}
# Backends of mini-program toolchains: WeChat's cloud development and uniCloud.
CLOUD_BACKEND_DIRS = frozenset({"cloudfunctions", "uniCloud", "uniCloud-aliyun", "uniCloud-tcb", "uniCloud-alipay", "uniCloud-dcloud"})
WORKSPACE_DIRS = frozenset({"packages", "apps", "services"})
_SERVER_PACKAGE = re.compile(r"(?:^|[-_.])(?:server|api|backend|functions|bff)$", re.I)
# The scripts of a multi-target project: one per platform (Taro's and uni-app's `dev:weapp`, `dev:mp-weixin`, `dev:h5`).
_TARGET_SCRIPT = re.compile(r"^(?:dev|serve|start)[:_-]([\w-]+)$", re.I)


def mini_program_platform(names: set[str] | frozenset[str]) -> str | None:
    """The platform whose mini program a folder holding these entries is (`app.json` with the platform's app style
    file or project file), else None."""
    if "app.json" not in names or "game.json" in names:
        return None
    for table in (_APP_STYLES, _PROJECT_FILES):
        for name, platform in table.items():
            if name in names:
                return platform
    return None


def mini_program_refusal(platform: str) -> tuple[str, str]:
    """Why a mini program is nothing TikTok runs, and what to do, in one line each (dev's and init --existing's refusal).
    TikTok Minis are web apps on window.TTMinis ("TikTok Minis Technical Overview"); mini games are game.json + game.js."""
    return (
        f"this is a {platform} mini program (app.json and its {platform} files), which TikTok does not run: TikTok runs Minis "
        "(web apps in its WebView, on window.TTMinis) and mini games (game.json + game.js)",
        "Make the app's web (H5) version a Mini (`minis-py init --existing` in it), or start one with `minis-py init`.",
    )


def library_refusal(library: tuple[str, str]) -> tuple[str, str]:
    """Why an npm library is nothing `dev`, `build` or `init --existing` can work on, and where to run them instead."""
    name, evidence = library
    if evidence.startswith("a Unity package"):
        return (
            f"this is {evidence} ({name}), not a Mini or a mini game: TikTok runs the Unity games that embed it, as their mini-game build",
            "Run this in a Unity project that uses the package (its Packages/ folder, or a `file:` dependency), or on that project's mini-game build.",
        )
    return (
        f"this is an npm library ({name}: {evidence}, no entry page), not a Mini or a mini game: TikTok runs the Minis and games that import it",
        "Run this in a Mini or game that uses the library (its example app, if it has one); `minis-py lint` checks the library's own calls here.",
    )


# uni-app's project files (uni-app docs, "manifest.json 应用配置" and "pages.json 页面路由"): at the root of a project made
# with HBuilderX, which builds it (`unpackage/dist/<dev|build>/<platform>`); the uni CLI's projects keep them in src/ and
# build through package.json scripts (`dev:h5`, `dev:mp-toutiao`), which _unadopted_multi_target reads instead.
_UNI_KEY = re.compile(r'"((?:mp-[a-z]+|quickapp-webview[\w-]*))"\s*:\s*\{')


def uni_app_sources(root: Path) -> bool:
    """A uni-app project's sources (manifest.json with uni-app's platform blocks, and pages.json), at the root as
    HBuilderX keeps them or in src/ as its CLI does: its files carry conditional compilation (uni_app_excluded_lines)."""
    for folder in (root, root / "src"):
        manifest = read_regular(folder / "manifest.json", CONFIG_LIMIT)
        if manifest is not None and (folder / "pages.json").is_file() and re.search(rb'"(?:mp-weixin|h5|app-plus|mp-toutiao)"\s*:', manifest):
            return True
    return False


# uni-app's conditional compilation (uni-app docs, "跨端兼容 / 条件编译", uniapp.dcloud.net.cn/tutorial/platform.html):
# `#ifdef PLATFORM` / `#ifndef PLATFORM` ... `#endif` in a comment of the file's syntax (`// `, `/* */`, `<!-- -->`),
# platforms joined by `||`, blocks nested. Its web (H5) build, TikTok's target, keeps a block only when it is for H5
# (or WEB, uni-app x's name): `#ifdef APP-PLUS` or `#ifdef MP-WEIXIN || MP-TOUTIAO` leaves it out, `#ifndef H5` too.
# A condition naming anything else (VUE3, uniVersion) is not a platform: kept.
_UNI_DIRECTIVE = re.compile(r"^[ \t]*(?://|/\*|<!--)[ \t]*#[ \t]*(ifdef|ifndef|endif)\b([^\n]*)", re.M)
_UNI_WEB = frozenset({"H5", "WEB"})
_UNI_OTHER = re.compile(r"APP(?:-[A-Z]+)*|MP(?:-[A-Z0-9]+)*|QUICKAPP(?:-[A-Z]+)*")


def uni_app_platform_folder(path: str) -> bool:
    """A file of a uni-app project that only another platform's build holds (uni-app docs, 条件编译: `static/<platform>/`,
    the platform's name in lower case, and the whole-folder `platforms/<PLATFORM>/`), its sources at the root or in src/."""
    parts = path.split("/")
    if parts[0] == "src":
        parts = parts[1:]
    if len(parts) < 3 or parts[0] not in ("static", "platforms"):
        return False
    name = parts[1].upper()
    if parts[0] == "static" and parts[1] != parts[1].lower():
        return False  # static/ names its platform folders in lower case; another name is the app's own folder
    return name not in _UNI_WEB and _UNI_OTHER.fullmatch(name) is not None


def uni_app_excluded_lines(text: str) -> list[tuple[int, int]]:
    """The 1-based line ranges (inclusive) of a uni-app source file that its web (H5) build leaves out."""
    if "#if" not in text:
        return []
    ranges: list[tuple[int, int]] = []
    stack: list[tuple[int, bool]] = []  # (line of the directive, left out of the web build: it or a block around it)
    for match in _UNI_DIRECTIVE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        kind = match.group(1)
        if kind == "endif":
            if stack:
                start, out = stack.pop()
                if out and not (stack and stack[-1][1]):
                    ranges.append((start, line))  # the outermost block left out
            continue
        condition = re.sub(r"(?:\*/|-->).*$", "", match.group(2)).strip().upper()
        tokens = [t.strip() for t in condition.split("||") if t.strip()]
        if kind == "ifdef":
            out = bool(tokens) and all(t not in _UNI_WEB and _UNI_OTHER.fullmatch(t) for t in tokens)
        else:
            out = any(t in _UNI_WEB for t in tokens)
        stack.append((line, out or bool(stack and stack[-1][1])))
    return ranges


def hbuilderx_targets(root: Path) -> list[str] | None:
    """A uni-app project made with HBuilderX at `root` (manifest.json and pages.json there, no uni CLI in package.json):
    the platforms of the mini programs it builds (the ones in unpackage/dist/, else its manifest's mp-* blocks), or None."""
    manifest = read_regular(root / "manifest.json", CONFIG_LIMIT)
    if manifest is None or not (root / "pages.json").is_file():
        return None
    text = manifest.decode("utf-8", "replace")
    if not re.search(r'"(?:mp-weixin|h5|app-plus|mp-toutiao)"\s*:', text):
        return None  # another tool's manifest.json (a web app manifest, a Chrome extension's)
    package = read_regular(root / "package.json", CONFIG_LIMIT) or b""
    if b"@dcloudio/" in package or (b"uni-app" in package and re.search(rb'"(?:dev|build):(?:h5|mp-)', package)):
        return None  # the uni CLI: its scripts are read instead
    built = {
        child.name.lower()
        for mode in ("build", "dev")
        for child in _subfolders(root / "unpackage" / "dist" / mode)
        if PLATFORMS.get(child.name.lower()) not in (None, "web", "the native app")
    }
    names = built or {match.lower() for match in _UNI_KEY.findall(text)}
    return sorted({PLATFORMS.get(name, name) for name in names})


def hbuilderx_refusal(platforms: list[str]) -> tuple[str, str]:
    """Why an HBuilderX uni-app project is nothing `dev` can run, and what to do (dev's and init --existing's refusal)."""
    built = f"its builds are {' and '.join(platforms)} mini programs, which TikTok does not run" if platforms else "it builds mini programs"
    return (
        f"this is a uni-app project made with HBuilderX (manifest.json, pages.json): {built}; TikTok's target is its web (H5) "
        "build, which HBuilderX makes (no npm script here runs it)",
        "Build it for the web in HBuilderX (Publish > Website H5, written under unpackage/dist/build/), then run "
        "`minis-py init --existing` and `minis-py dev` in that folder.",
    )


def is_backend_path(path: str, backend_dirs: frozenset[str]) -> bool:
    """A file under a backend folder: at the root (`server/`, `api/`, `cloudfunctions/`, `uniCloud-aliyun/`...), or a
    monorepo's server package (`packages/server/`, `apps/api/`, `services/game-server/`)."""
    parts = path.split("/")
    if len(parts) > 1 and (parts[0] in backend_dirs or parts[0] in CLOUD_BACKEND_DIRS):
        return True
    return len(parts) > 2 and parts[0] in WORKSPACE_DIRS and bool(_SERVER_PACKAGE.search(parts[1]))


def web_target_script(scripts: dict[str, object]) -> str | None:
    """The script that runs a multi-target project's web (H5) target, TikTok's: `dev:h5` (or `dev:web`, `serve:h5`)
    when the project has scripts for other platforms too (`dev:weapp`, `dev:mp-toutiao`), as Taro and uni-app write them."""
    targets: dict[str, str] = {}
    for name, command in scripts.items():
        match = _TARGET_SCRIPT.match(name)
        platform = match.group(1).lower() if match else ""
        if platform in PLATFORMS and isinstance(command, str) and command.strip():
            if platform not in targets or name.lower().startswith("dev"):  # dev:h5 before serve:h5
                targets[platform] = name
    web = [targets[platform] for platform in ("h5", "web") if platform in targets]
    return web[0] if web and len(targets) > len(web) else None


def other_platform_scripts(scripts: dict[str, object]) -> dict[str, str]:
    """The dev scripts that build another platform's app (`dev:weapp`: WeChat, `dev:mp-toutiao`: Douyin), by name."""
    found = {}
    for name in scripts:
        match = _TARGET_SCRIPT.match(name)
        platform = match.group(1).lower() if match else ""
        if platform in PLATFORMS and platform not in WEB_PLATFORMS:
            found[name] = PLATFORMS[platform]
    return found


def build_folders(project: Project) -> dict[str, str]:
    """Folders at known places that hold a multi-target tool's builds, with why: never the Mini's source."""
    root = project.root
    found: dict[str, str] = {}
    if (root / "unpackage").is_dir():
        found["unpackage"] = "HBuilderX's build output (uni-app: unpackage/dist/<dev|build>/<platform>)"
    for mode in ("dev", "build"):
        folder = root / "dist" / mode
        if folder.is_dir() and any(_platform_of(child.name) for child in _subfolders(folder)):
            platforms = sorted({_platform_of(child.name) or "" for child in _subfolders(folder)} - {""})
            found[f"dist/{mode}"] = f"uni-app's {mode} output ({', '.join(platforms)})"
    for child in _subfolders(root):
        match = re.fullmatch(r"dist[-_]([\w-]+)", child.name)
        if match and _platform_of(match.group(1)):
            found[child.name] = f"a {_platform_of(match.group(1))} build ({child.name}/)"
    for top, why in _taro_output_roots(project).items():
        if (root / top).is_dir():
            found.setdefault(top, why)
    return found


def _platform_of(name: str) -> str | None:
    platform = PLATFORMS.get(name.lower())
    if platform is None:
        return None
    return "TikTok's web (H5) target" if name.lower() in WEB_PLATFORMS else platform


def _subfolders(folder):
    try:
        return [child for child in folder.iterdir() if child.is_dir() and not child.is_symlink()]
    except OSError:
        return []


_OUTPUT_ROOT = re.compile(r"""\boutputRoot\s*:\s*([^,\n}]+)""")
_PATH_LITERAL = re.compile(r"""['"`]\.?/?([A-Za-z0-9_.-]+)""")


def _taro_output_roots(project: Project) -> dict[str, str]:
    """The top folders of Taro's outputRoot (config/index.js|ts): a literal (`'dist'`), a template
    (`` `dist/${process.env.TARO_ENV}` ``) or a variable chosen from TARO_ENV (`env === 'weapp' ? 'dist' : 'dist_tt'`)."""
    for name in ("config/index.ts", "config/index.js", "config/index.mjs", "config/index.cjs"):
        if not project.exists(name):
            continue
        text = project.read(name).text or ""
        roots: dict[str, str] = {}
        for match in _OUTPUT_ROOT.finditer(text):
            value = match.group(1).strip()
            candidates = [value]
            if re.fullmatch(r"[A-Za-z_$][\w$]*", value):  # a variable: its declaration's literals
                declared = re.search(rf"(?:const|let|var)\s+{re.escape(value)}\s*=\s*([^;\n]+)", text)
                candidates = [declared.group(1)] if declared else []
            for candidate in candidates:
                for literal in _PATH_LITERAL.findall(candidate):
                    top = literal.split("/", 1)[0]
                    if top and top not in (".", ".."):
                        roots[top] = f"Taro's outputRoot in {name}: its builds for each platform (TARO_ENV)"
        return roots
    return {}


# A committed TikTok build beside another version (held-out round of issue 30: a game's plain web version at the root
# and its TikTok HTML mini game in a committed dist/ with its own minigame.config.json and minis.config.json). When
# the root has no TikTok config (minis.config.json, minigame.config.json, a native game's game.json) and no root page
# loads the SDK, the one subfolder that holds a TikTok config is the project: dist/, build/, a platform folder. A
# normal project (build.outputDir = dist) has its config at the root and keeps linting its sources; two such
# subfolders (public/ and its copy in dist/) leave the choice to the user.
# So does the one subfolder (or sub-subfolder) that is a native game's package, game.json + game.js (held-out round 5:
# plox, a GitHub Pages web game at the root, its CrazyGames variant in test/ and its Douyin native game in PLOX/),
# unless the root is the sources a bundler builds that package from (bundled.py: lint reads the sources).
TIKTOK_CONFIGS = ("minis.config.json", "minigame.config.json")
_ROOT_MARKERS = (*TIKTOK_CONFIGS, "game.json")
_SDK_MENTION = re.compile(rb"tiktok-minis\.com|TTMinis")
_NOT_A_TARGET = frozenset({"node_modules", "bower_components", "vendor", "__MACOSX"})
_ENTRY_PAGES = ("index.html", "public/index.html", "src/index.html")
_SERVE_SCRIPTS = ("dev", "start")


@record(frozen=True)
class Candidate:
    """A subfolder that could be the TikTok target: what it is (one line) and which kind of target."""

    name: str  # relative to the root, posix
    what: str
    kind: str  # "config" (a TikTok config), "native" (game.json + game.js), "engine" (an engine project), "web" (an npm web app)
    folder: Path
    outputs: tuple[Path, ...] = ()  # an engine project's mini-game builds (resolved)


def tiktok_target_folder(root: Path) -> tuple[str, str] | None:
    """The subfolder that is a project's TikTok target when the root is not one, with why; else None."""
    found = target_candidates(root)
    if found is None:
        return None
    chosen, why = _choose(found)
    if chosen is None:
        return None
    if chosen.kind == "native" and _bundles(root):  # a bundled game's sources: its built package is dev's, lint reads the sources
        return None
    return chosen.name, f"{chosen.name}/ is {chosen.what}{why}; the folder itself has no TikTok config and no page loading the SDK"


def target_candidates(root: Path) -> list[Candidate] | None:
    """The subfolders that could be the TikTok target of a root that is none itself (no TikTok config, no page loading
    the SDK, not an engine's own project), else None."""
    if any((root / name).is_file() for name in _ROOT_MARKERS):
        return None
    for page in sorted(root.glob("*.htm*")):
        if _SDK_MENTION.search(read_regular(page, 1_000_000, partial=True) or b""):  # never a FIFO a link names
            return None
    from .engines import detect, is_package, is_source_root, platform_rank  # start-up: only a root with no TikTok config asks

    if is_source_root(root):  # an engine's own project: its subfolders (assets/, build/) are its parts, not targets
        engine = detect(root)
        output = engine.output if engine is not None and engine.engine.gdscript else None
        if output is not None and output.parent == root:  # a Godot project's mini-game export (tiktok/): the only code lint reads
            name = output.name
            return [Candidate(name, f"the Godot project's mini-game export ({_native_game(output, name)})", "native", output)]
        return None
    bare = _bare(root)  # nothing of a web app at the root: an npm web app in a subfolder may be the target
    found: list[Candidate] = []
    for child in _targets_in(root):
        name = child.relative_to(root).as_posix()
        held = [f"{name}/{config}" for config in TIKTOK_CONFIGS if (child / config).is_file()]
        if held:
            found.append(Candidate(name, f"the TikTok target ({' and '.join(held)})", "config", child))
        elif is_package(child):  # a native game's package (PLOX/ beside the game's web version at the root)
            if platform_rank(child.name) is not None and not _store_named(child.name):  # not qq/, oppo/: another store's
                found.append(Candidate(name, _native_game(child, name), "native", child))
        elif (engine := detect(child)) is not None:  # a repository holding one engine project beside its libraries
            found.append(Candidate(name, f"the {engine.engine.name} project ({name}/{engine.marker})", "engine", child, engine.outputs))
        elif bare and (web := _web_app(child, name)) is not None:  # the repository's one npm web app (game/ with nothing beside)
            found.append(Candidate(name, web, "web", child))
        else:  # one level further: a native game's package in a platform folder (platforms/douyin/), engine projects (Games/A)
            for grandchild in _targets_in(child):
                inner = grandchild.relative_to(root).as_posix()
                inner_held = [f"{inner}/{config}" for config in TIKTOK_CONFIGS if (grandchild / config).is_file()]
                if inner_held:  # miniprogram/tiktok/ with minigame.config.json beside miniprogram/douyin/ and wechat/
                    found.append(Candidate(inner, f"the TikTok target ({' and '.join(inner_held)})", "config", grandchild))
                elif is_package(grandchild):
                    if platform_rank(grandchild.name) is not None and not _store_named(grandchild.name):
                        found.append(Candidate(inner, _native_game(grandchild, inner), "native", grandchild))
                elif is_source_root(grandchild) and (engine := detect(grandchild)) is not None:
                    found.append(Candidate(inner, f"the {engine.engine.name} project ({inner}/{engine.marker})", "engine", grandchild, engine.outputs))
    return found


def _choose(found: list[Candidate]) -> tuple[Candidate | None, str]:
    """The one target of the candidates, by evidence, and what was passed over (a clause); else (None, "").

    An engine project's own builds (engines.find_outputs: in it, or beside it naming it) are its, not targets of their
    own. Native packages in folders named for platforms (build/bytedance, build/wechatgame) are one game's exports: TikTok's
    is taken, then ByteDance/Douyin's (TikTok's runtime answers to tt as Douyin's does), then WeChat's (and to wx), as
    engines.find_outputs orders an engine's builds; web builds (web-mobile) are no package and never candidates."""
    from .engines import platform_rank  # start-up: as target_candidates

    owned = {output for candidate in found for output in candidate.outputs}
    kept = [c for c in found if c.kind != "native" or c.folder.resolve() not in owned]
    builds = [c.name for c in found if c not in kept]
    why = f", built into {_listed([f'{b}/' for b in builds])}" if builds else ""
    configs = [c for c in kept if c.kind == "config"]
    if len(configs) == 1 and len(kept) > 1 and all(c.kind in ("config", "native") for c in kept):
        # one folder carries TikTok's own config (minigame.config.json, minis.config.json): the packages beside it are the
        # same game's builds for other platforms (douyin/, wechat/), and TikTok's is the one the developer made for it
        listed = _listed([f"{c.name}/" for c in kept if c is not configs[0]])
        beside = "is the game's build for another platform" if len(kept) == 2 else "are the game's builds for other platforms"
        return configs[0], f"{why}; it carries TikTok's own config, and {listed} beside it {beside}"
    if len(configs) == 1 and len(kept) > 1 and all(c.kind in ("config", "native", "engine") for c in kept):
        # TikTok's own config in one folder, engine projects beside it (a Minis web app beside a Godot or Unity game: the
        # review of 0d97976): the config names the TikTok target, the engine projects are other work of the repository
        listed = _listed([f"{c.name}/" for c in kept if c is not configs[0]])
        return configs[0], f"{why}; it carries TikTok's own config, and {listed} beside it {'has' if len(kept) == 2 else 'have'} none"
    natives = [c for c in kept if c.kind == "native"]
    ranks = {c.name: platform_rank(c.name.rsplit("/", 1)[-1]) for c in natives}
    if len(natives) > 1 and all(rank is not None and rank <= 2 for rank in ranks.values()):
        best = min(natives, key=lambda c: (ranks[c.name], c.name))
        if sum(1 for rank in ranks.values() if rank == ranks[best.name]) == 1:
            others = [c for c in natives if c is not best]
            kept = [c for c in kept if c not in others]
            why += (
                f"; of the platform exports it is TikTok's choice over {_listed([f'{c.name}/' for c in others])} "
                "(TikTok's target first, then ByteDance/Douyin's, then WeChat's: TikTok answers to tt and wx)"
            )
    built = [c for c in kept if c.kind == "engine" and c.outputs]
    if len(kept) > 1 and len(built) == 1 and all(c.kind == "engine" for c in kept):  # the one engine project with a build
        others = [c for c in kept if c is not built[0]]
        why += f"; the only engine project here with a mini-game build ({_listed([f'{c.name}/' for c in others])}: none)"
        kept = built
    if len(kept) != 1:
        return None, ""
    return kept[0], why


def several_projects(root: Path) -> EngineProject | None:
    """A folder holding several mini-game projects (engine projects, native packages) and nothing of its own, of which
    no evidence picks one (two Unity projects under Games/; a Cocos project beside exports that do not name it): a
    project of no engine that lint checks nothing of and `dev`, `build`, `audit` refuse, naming them (pass one).
    None when the root has a TikTok config, a page or a dev script of its own, or when one target is chosen."""
    if _serve_script(root) is not None or any((root / page).is_file() for page in _ENTRY_PAGES):
        return None
    found = target_candidates(root)
    if not found or len(found) < 2 or _choose(found)[0] is not None or any(c.kind not in ("native", "engine") for c in found):
        return None
    from .engines import Engine, EngineProject  # start-up: as target_candidates

    listed = _listed([f"{c.name}/ ({c.what.split(' (', 1)[0].removeprefix('the ')})" for c in found])
    first = found[0].name
    engine = Engine(
        "several",
        "folder of several mini-game projects",
        signs=(),
        scripts=(),
        outputs=(),
        templates=None,
        build=f"pass one of them: `minis-py dev {first}` (build and audit the same way; lint checks each)",
        missing=(f"this folder holds several mini-game projects and nothing of its own: {listed}; TikTok runs one package",),
    )
    names = _listed([f"{c.name}/" for c in found])
    note = f"{root.name}/ holds several mini-game projects and nothing of its own: {names}, each linted as a project of its own"
    return EngineProject(engine, root, first, (), notes=(note,), members=tuple(root / c.name for c in found))


def _serve_script(folder: Path) -> str | None:
    import json

    data = read_regular(folder / "package.json", CONFIG_LIMIT)  # a regular file only: never a link to /dev/zero or a FIFO
    try:
        document = json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError:
        return None
    scripts = document.get("scripts") if isinstance(document, dict) else None
    return next((s for s in _SERVE_SCRIPTS if isinstance(scripts, dict) and isinstance(scripts.get(s), str) and scripts[s].strip()), None)


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _targets_in(folder: Path) -> list[Path]:
    """The subfolders of `folder` that may be targets, by name; a folder holding nothing but one folder (a zip's wrapping
    folder, StarkSDK-Sample/StarkSDK-Sample beside its __MACOSX/) stands for that folder."""
    found = []
    for child in sorted(_subfolders(folder), key=lambda f: f.name):
        if child.name.startswith(".") or child.name in _NOT_A_TARGET:
            continue
        for _ in range(3):
            try:
                inside = [e for e in child.iterdir() if not e.name.startswith(".") and e.name not in _NOT_A_TARGET]
            except OSError:
                break
            if len(inside) != 1 or not inside[0].is_dir() or inside[0].is_symlink():
                break
            child = inside[0]
        found.append(child)
    return found


def _bare(root: Path) -> bool:
    """Nothing of a web app at the root: no package.json, no entry page."""
    return not (root / "package.json").is_file() and not any((root / page).is_file() for page in _ENTRY_PAGES)


def _web_app(folder: Path, name: str) -> str | None:
    """An npm web app: package.json with a dev/start script and an entry page (what a Mini is before adopting TikTok)."""
    script = _serve_script(folder)
    page = next((page for page in _ENTRY_PAGES if (folder / page).is_file()), None)
    if script is None or page is None:
        return None
    return f"the only web app here ({name}/package.json with a {script} script, {name}/{page})"


def _bundles(root: Path) -> bool:
    """The root is an npm project that bundles its sources into the native package (bundled.py)."""
    from .engines import detect  # start-up: as target_candidates

    found = detect(root)
    return found is not None and not found.engine.gdscript  # a Godot project's export is its only code lint reads


def _store_named(name: str) -> bool:
    """A folder named for another store (`qq`, `ks_old`, `hw`): its package is that store's."""
    from .project import store_of  # start-up: only a native-game subfolder asks

    return store_of(name) is not None


def _native_game(folder: Path, name: str) -> str:
    """What a native game's package is, by the files that make it one (game.json, game.js, project.config.json)."""
    held = [f"{name}/{file}" for file in ("game.json", "game.js", "project.config.json") if (folder / file).is_file()]
    return f"a native mini game ({', '.join(held)})"


def using_line(command: str, root: Path, why: str) -> str:
    """The one line a command prints when it works on the TikTok target subfolder rather than the folder it was given."""
    return f"minis-py: {command} {root}: {why}\n"
