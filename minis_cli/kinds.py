"""The kinds of project minis-py knows, each declared once: its name, how it is recognised, and what applies to it.

A project is the first kind in KINDS whose test it passes (Project.kind): a package with game.json + game.js is a native
game even inside an engine's folder, an engine's source project is never also a page, and a Mini is what is left. The
rest of minis-py asks the kind (Project.is_game, is_native_runtime, FileContext.is_game ...), never the files again.
docs/projects.md's table of kinds is generated from KINDS."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .records import field, record

if TYPE_CHECKING:
    from .project import Project

NATIVE_GAME_FILES = ("game.json", "game.js")


@record(frozen=True)
class Kind:
    """One kind of project."""

    name: str  # Project.kind, FileContext.kind, `init --existing`'s plan
    label: str  # how messages name it
    recognised: str  # how minis-py tells it, in words (the docs)
    applies: str  # what applies to it, in words (the docs)
    game: bool  # a mini game: the games rules (MN5xx), the simulator's game frame
    native_runtime: bool  # TikTok's native runtime: no page and no npm dev server; the game host runs its package
    test: Callable[[Project], bool] = field(compare=False, repr=False)  # asked only when no kind before it matched


def _native_game(project: Project) -> bool:
    return all(project.exists(name) for name in NATIVE_GAME_FILES)


def _engine_project(project: Project) -> bool:
    return project.engine is not None


def _html_game(project: Project) -> bool:
    if not project.has_entry_html:
        return False
    if project.games_config_file is not None:
        return True
    text = project.read(project.entry_html).text or ""
    return "tiktok-minis.com/game/sdk.js" in text or "TTMinis.game." in text or project.html_game_signals is not None


NATIVE_GAME = Kind(
    "native-game",
    "native game",
    recognised="`game.json` + `game.js` at the root, as WeChat/Douyin exports are (even inside an engine's folder)",
    applies="no page and no npm dev server: not the page rules nor MN001/MN003/MN007; the platform rules, the games rules "
    "(MN501-MN509) and the package's (MN018-MN022) over `game.js` and what it requires or imports; `dev` runs it in the game "
    "host, `build` packs its package",
    game=True,
    native_runtime=True,
    test=_native_game,
)
ENGINE_GAME = Kind(
    "engine-game",
    "engine project",
    recognised="a game engine's source project by its own files: Cocos Creator, LayaAir, Egret, Unity (`minis_cli/engines.py`); "
    "or an npm project whose package.json script or bundler config (vite `build.outDir`, webpack `output.path`, esbuild "
    "`--outfile`) builds `game.js` into a subfolder holding `game.json` (`minis_cli/bundled.py`); or, with no page (or only "
    "self-contained browser pages: inline code, no TikTok SDK, no package.json), no TikTok config and no dev script, scripts "
    "that call the games SDK (`tt.createRewardedVideoAd`, `tt.setStorageSync` ...) or carry an "
    "engine's type stubs (`cc.d.ts`), with nothing runnable yet, or beside game.json or a devtools project.config.json of "
    "compileType `game` whose package (its miniprogramRoot, e.g. `dist/` that tsc writes) has no game.js yet (`minis_cli/gamescripts.py`)",
    applies="the games rules (MN501-MN506, MN509) and the native runtime's on `eval` and web APIs (MN401-MN403, MN406) over "
    "the engine's script folders, never the web-Mini rules; `dev`, `build` and the package checks use the engine's mini-game "
    "build (none yet for a game's bare scripts: `dev` says what would make one)",
    game=True,
    native_runtime=True,
    test=_engine_project,
)
HTML_GAME = Kind(
    "html-game",
    "legacy HTML game",
    recognised="an entry page with `minigame.config.json`, or on the games SDK (`/game/sdk.js`, `TTMinis.game.`), or, with no drama "
    "signal, a canvas game page with a game loop and the games SDK or ads, or a page whose scripts reach `TTMinis.game` (`minis_cli/htmlgame.py`)",
    applies="MN016 (TikTok stopped accepting HTML games; an error in `build`), the page rules (MN101's fix loads the games "
    "SDK), the games rules (MN501-MN506, MN509)",
    game=True,
    native_runtime=False,
    test=_html_game,
)
LIBRARY = Kind(
    "library",
    "npm library",
    recognised="no entry page and no TikTok config, and a package.json that publishes modules (`exports`, `module`, `types`, "
    "`typings`, `files` or `publishConfig`) and is not private: an SDK or wrapper that Minis and games import (`Project.library`)",
    applies="the rules on what its scripts call (the SDK's, the platform's, security), not over its tests (`tests/`, `*.spec.ts`), "
    "never a Mini's project rules (MN003, MN004, MN007) or the page's; MN016 when it initialises the HTML-runtime games SDK "
    "(`TTMinis.game.init`); `dev`, `build` and `init --existing` say it is a library and to run them in a project that uses it",
    game=False,
    native_runtime=False,
    test=lambda project: project.library is not None,
)
MINI = Kind(
    "mini",
    "Mini",
    recognised="any other project: an entry page on the drama SDK, or a web app to adopt",
    applies="every rule but the games' and the package's; `dev` runs the package.json dev script behind the preview proxy, `build` zips its built output",
    game=False,
    native_runtime=False,
    test=lambda project: True,
)

# In the order they are tested: the first that matches is the project's kind.
KINDS: tuple[Kind, ...] = (NATIVE_GAME, ENGINE_GAME, HTML_GAME, LIBRARY, MINI)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}


def recognise(project: Project) -> Kind:
    """The project's kind: the first of KINDS whose test it passes."""
    return next(kind for kind in KINDS if kind.test(project))
