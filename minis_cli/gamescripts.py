"""A mini game's scripts with no runnable package yet: TypeScript/JavaScript sources that call the mini-games SDK
(`tt.createRewardedVideoAd`, `tt.setStorageSync`, `wx.login`, `TTMinis.game.*` ...) or carry an engine's type stubs
(`cc.d.ts`, `declare module 'cc'`, `declare const Laya`/`egret`), with no web entry page, no minis.config.json, no
games config, no game.json + game.js and no engine project or bundler build that would make one.

TikTok's runtime loads a mini game's "game.js" with game.json beside it
([mini-games-technical-overview](https://developers.tiktok.com/docs/en/mini-games-technical-overview)); a folder of
such scripts is neither that package nor a web Mini (no page), so it is linted as the game it is written to be (the
games rules over its scripts, never the web-Mini project errors: no page, no minis.config.json, no dev script) and
`dev`, `build` and `audit` say in one line that there is nothing runnable yet and what would make it.

Conservative by construction: any web-entry page where a Mini keeps it, a minis.config.json, the TikTok web SDK
(`TTMinis.init`, the drama SDK's script) or a package.json dev/start/serve script keeps the folder a Mini."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .engines import Engine, EngineProject

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
_SKIP = frozenset({"node_modules", "dist", "build", "out", "coverage", "vendor", "lib", "libs", "test", "tests", "__tests__"})
_MAX_FILES = 2000
_MAX_BYTES = 400_000


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    for base, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP)
        for name in sorted(names):
            if name.endswith(_SUFFIXES) and not name.endswith((".test.ts", ".spec.ts", ".test.js", ".spec.js", ".config.ts", ".config.js")):
                found.append(Path(base) / name)
                if len(found) >= _MAX_FILES:
                    return found
    return found


def _serves(root: Path) -> bool:
    try:
        document = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    scripts = document.get("scripts") if isinstance(document, dict) else None
    return isinstance(scripts, dict) and any(isinstance(scripts.get(name), str) and scripts[name].strip() for name in _SERVE)


def detect_game_scripts(root: Path) -> EngineProject | None:
    """The folder as a mini game's scripts with nothing runnable yet (see the module's docstring), or None."""
    if any((root / page).is_file() for page in _PAGES) or any((root / name).is_file() for name in _CONFIGS):
        return None
    try:
        if any(entry.is_file() and entry.name.endswith((".html", ".htm")) for entry in os.scandir(root)):
            return None
    except OSError:
        return None
    if _serves(root):
        return None
    signs: list[str] = []  # relative paths of the files that say so
    for path in _walk(root):
        try:
            if path.stat().st_size > _MAX_BYTES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if _WEB_SDK.search(text):
            return None  # the TikTok web SDK: a Mini's code
        if path.name in _STUB_FILES or _SDK_CALL.search(text) or _ENGINE_STUB.search(text):
            signs.append(path.relative_to(root).as_posix())
    if not signs:
        return None
    folders = sorted({sign.split("/", 1)[0] if "/" in sign else "" for sign in signs})
    if "" in folders:
        folders = [""]
    said = ", ".join(signs[:2]) + (f" and {len(signs) - 2} more" if len(signs) > 2 else "")
    engine = Engine(
        "scripts",
        "mini game's scripts",
        signs=(),
        scripts=tuple(folders),
        outputs=(),
        templates=None,
        build="put them in a runnable mini game: a package with game.json + game.js (a Douyin/WeChat export), or an engine "
        "project (Cocos Creator, LayaAir, Egret) or an npm bundler script that builds one, then run this again",
        missing=(
            f"this folder holds a mini game's scripts ({said} use the games SDK or an engine's types), and there is no "
            "runnable mini-game package (game.json + game.js) or engine project yet",
        ),
    )
    marker = "package.json" if (root / "package.json").is_file() else signs[0]  # project-wide findings point at it
    return EngineProject(engine, root, marker, ())
