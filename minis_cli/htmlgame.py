"""A legacy HTML-runtime game recognised from weak signals: a canvas game page with no SDK tag and no games config.

Real HTML games are often published without the games SDK's <script> tag or minigame.config.json (the tag added by a
build step or a platform wrapper, the config never committed), yet they are games, not dramas: they draw on a
<canvas> in a game loop, reach the games SDK through a `tt` alias (`const tt = () => window.TTMinis.game`) or its
tt./wx. names, and show ads. Such a page is a legacy HTML-runtime game (MN016: TikTok stopped accepting those on
2026-08-28, "Migrate from HTML to Native Runtime") and gets the games rules. The signals must all be there (a canvas,
a game loop, and the games SDK or ads), and no drama signal (the drama SDK tag, TTMinis.init, getPlayer,
subscriptions, a <video>): a drama with an animated canvas stays a drama."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .project import Project

MAX_FILES = 24  # the page's own scripts and what they import, one level: enough for a game page, bounded for a site
MAX_BYTES = 2_000_000
_SCRIPT_SRC = re.compile(r"""<script\b[^>]*?\bsrc\s*=\s*["']([^"'#?]+)""", re.I)
_IMPORT = re.compile(r"""(?:\bimport\s+(?:[\w$*{},\s]+\s+from\s+)?|\brequire\s*\(\s*)["'](\.{1,2}/[^"']+|/src/[^"']+)["']""")
_CANVAS = re.compile(r"""<canvas\b|createElement\s*\(\s*["'`]canvas["'`]|\.getContext\s*\(\s*["'`](?:2d|webgl2?)["'`]|\bcreateCanvas\s*\(""", re.I)
_RAF = re.compile(r"""\brequestAnimationFrame\s*\(\s*(?:this\.)?([A-Za-z_$][\w$]*)""")
_INTERVAL_LOOP = re.compile(r"""\bsetInterval\s*\(\s*(?:this\.)?((?:game)?(?:loop|tick|update|step|frame|render|draw)\w*)""", re.I)
_TT_ALIAS = re.compile(r"""(?:\b(?:const|let|var|function)\s+tt\b|\bwindow\.tt\s*=|\btt\s*\(\s*\)\s*\??\.)""")
_GAMES_API = re.compile(
    r"""\b(?:tt|wx|TTMinis\s*\.\s*game)\s*(?:\(\s*\))?\s*\??\.\s*(onTouchStart|onTouchEnd|login|vibrateShort|vibrateLong|getSystemInfoSync|setStorageSync|"""
    r"""getStorageSync|addShortcut|startEntranceMission|onShow|onHide|shareAppMessage|createInnerAudioContext)\s*\("""
)
_ADS = re.compile(r"""\b(createRewardedVideoAd|createInterstitialAd)\s*\(""")
# a game's own wrapper for them behind a platform adapter (`platform.showRewardedAd('revive')`), before the SDK is wired in
_AD_WRAPPERS = re.compile(r"""\b(show(?:Rewarded|Reward|Interstitial)\w{0,20}Ad)\s*\(""")
_DRAMA = re.compile(
    r"""tiktok-minis\.com/drama/sdk\.js|\bTTMinis\s*\??\.\s*(?:init|getPlayer|createSubscription|setValidateVideoReplaceElement)\b|\bgetPlayer\s*\(|<video\b""",
    re.I,
)


def html_game_signals(project: Project) -> str | None:
    """Why the entry page is a canvas game (its signals, named), or None: no SDK tag, no games config, and all of a
    canvas, a game loop and the games SDK (a tt alias, tt./wx. games APIs) or ads, with no drama signal."""
    entry = project.entry_html
    page = project.read(entry).text or ""
    if "tiktok-minis.com/" in page or ("canvas" not in page.lower() and "<script" not in page.lower()):
        return None  # an SDK tag decides the kind; a page with neither a canvas nor scripts is no canvas game
    texts = [page, *_loaded_texts(project, entry, page)]
    if any(_DRAMA.search(text) for text in texts):
        return None
    canvas = loop = sdk = ads = None
    for text in texts:
        canvas = canvas or _first(_CANVAS, text)
        loop = loop or _game_loop(text)
        sdk = sdk or ("a tt alias" if _TT_ALIAS.search(text) else None) or (f"tt.{m.group(1)}()" if (m := _GAMES_API.search(text)) else None)
        ads = ads or (f"{m.group(1)}()" if (m := _ADS.search(text)) else None)
    for text in texts if not ads else ():
        ads = ads or (f"{m.group(1)}()" if (m := _AD_WRAPPERS.search(text)) else None)
    if not canvas or not loop or not (sdk or ads):
        return None
    return ", ".join(part for part in ("a canvas", loop, sdk, f"ads ({ads})" if ads else None) if part)


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


def _game_loop(text: str) -> str | None:
    """A function that schedules itself with requestAnimationFrame (`function loop() { ...; requestAnimationFrame(loop) }`),
    or a timer that runs a loop/tick/update function."""
    for match in _RAF.finditer(text):
        name = re.escape(match.group(1))
        if re.search(
            rf"\bfunction\s+{name}\s*\(|\b{name}\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>|[\w$]+\s*=>)|^\s*(?:async\s+)?{name}\s*\([^)]*\)\s*\{{",
            text,
            re.M,
        ):
            return f"a game loop (requestAnimationFrame({match.group(1)}))"
    interval = _INTERVAL_LOOP.search(text)
    return f"a game loop (setInterval({interval.group(1)}))" if interval else None


def _loaded_texts(project: Project, entry: str, page: str) -> list[str]:
    """The texts of the page's local scripts and of what they import (one level)."""
    folder = entry.rsplit("/", 1)[0] + "/" if "/" in entry else ""
    paths: list[str] = []
    for src in _SCRIPT_SRC.findall(page):
        if "://" in src or src.startswith("//"):
            continue
        paths.append(_join(folder if not src.startswith("/") else "", src.lstrip("/")))
    texts: list[str] = []
    seen: set[str] = set()
    for level in (0, 1):
        following: list[str] = []
        for wanted in paths:
            path = _resolve(project, wanted)
            if path is None or path in seen or len(seen) >= MAX_FILES:
                continue
            seen.add(path)
            try:
                if (project.root / path).stat().st_size > MAX_BYTES and path not in project.overlays:
                    continue
            except OSError:
                pass
            text = project.read(path).text or ""
            texts.append(text)
            if level == 0:
                base = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
                following += [_join("" if spec.startswith("/") else base, spec.lstrip("/")) for spec in _IMPORT.findall(text)]
        paths = following
    return texts


def _join(base: str, relative: str) -> str:
    parts: list[str] = [p for p in base.split("/") if p]
    for part in relative.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def _resolve(project: Project, path: str) -> str | None:
    for candidate in (path, f"{path}.js", f"{path}.ts", f"{path}.mjs", f"{path}/index.js", f"{path}/index.ts"):
        if project.exists(candidate):
            return candidate
    return None
