"""A legacy HTML-runtime game recognised from weak signals: a canvas game page with no SDK tag and no games config.

Real HTML games are often published without the games SDK's <script> tag or minigame.config.json (the tag added by a
build step or a platform wrapper, the config never committed), yet they are games, not dramas: they draw on a
<canvas> in a game loop, reach the games SDK through a `tt` alias (`const tt = () => window.TTMinis.game`) or its
tt./wx. names, and show ads. Such a page is a legacy HTML-runtime game (MN016: TikTok stopped accepting those on
2026-08-28, "Migrate from HTML to Native Runtime") and gets the games rules. The signals must all be there (a canvas,
a game loop, and the games SDK or ads), and no drama signal (the drama SDK tag, TTMinis.init, getPlayer,
subscriptions, a <video>): a drama with an animated canvas stays a drama.

A page whose own code draws nothing (react-three-fiber's <Canvas>, a DOM board) is a game too when the scripts it loads
reach `TTMinis.game` (the games SDK, "in your HTML runtime mini game": mini-games-sdk-get-started; the drama SDK is
`TTMinis` itself) and nothing in them is a drama's: a platform module behind an alias such as
`const tt = () => (typeof TTMinis !== 'undefined' ? TTMinis.game : null)` (held-out round 6 of issue 30). That module
may sit a few imports down (main.jsx, App.jsx, hooks/..., tiktok.js), so this signal follows imports deeper, within
MAX_FILES."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .project import Project

MAX_FILES = 24  # the page's own scripts and what they import, one level: enough for a game page, bounded for a site
SDK_DEPTH = 4  # how many imports down a TTMinis.game reference is looked for (within MAX_FILES)
MAX_BYTES = 2_000_000
_SCRIPT_SRC = re.compile(r"""<script\b[^>]*?\bsrc\s*=\s*["']([^"'#?]+)""", re.I)
# Possessive and split so that a run of blanks after `import` can be read one way only (a review of session 21: the
# old `import\s+(?:[\w$*{},\s]+\s+from\s+)?` was cubic in such a run: 40 s for a 3 KB script).
_IMPORT = re.compile(r"""(?:\bimport(?:\s++|\s{3,}+from\s++|\s++(?:[\w$*{},]++\s++)+?from\s++)|\brequire\s*\(\s*)["'](\.{1,2}/[^"']+|/src/[^"']+)["']""")
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
# the games SDK's namespace (TTMinis.game, TTMinis?.game, TTMinis["game"]); the drama SDK is TTMinis alone
_GAMES_SDK = re.compile(r"""\bTTMinis\s*(?:\??\.\s*game\b|\[\s*["'`]game["'`]\s*\])""")
# comments, so a note that names TTMinis.game is no signal ('//' after ':' is a URL's, kept)
_COMMENTS = re.compile(r"""/\*.*?\*/|(?<![:\\])//[^\n]*""", re.S)
_DRAMA = re.compile(
    r"""tiktok-minis\.com/drama/sdk\.js|\bTTMinis\s*\??\.\s*(?:init|getPlayer|createSubscription|setValidateVideoReplaceElement)\b|\bgetPlayer\s*\(|<video\b""",
    re.I,
)


def html_game_signals(project: Project) -> str | None:
    """Why the entry page is an HTML game, said of the page ("is a canvas game page with no SDK tag: <its signals>",
    "has no SDK tag, but the scripts it loads use the games SDK (TTMinis.game, in <path>)"), or None. No SDK tag, no
    games config, no drama signal, and either all of a canvas, a game loop and the games SDK (a tt alias, tt./wx. games
    APIs) or ads, or a reference to TTMinis.game in the scripts the page loads."""
    entry = project.entry_html
    page = project.read(entry).text or ""
    if "tiktok-minis.com/" in page or ("canvas" not in page.lower() and "<script" not in page.lower()):
        return None  # an SDK tag decides the kind; a page with neither a canvas nor scripts is no canvas game
    loaded = _loaded_texts(project, entry, page)
    texts = [page, *(text for _, text in loaded)]
    if any(_DRAMA.search(text) for text in texts):
        return None
    canvas_game = _canvas_game(texts)
    if canvas_game is not None:
        return f"is a canvas game page with no SDK tag: {canvas_game}"
    deeper = _loaded_texts(project, entry, page, SDK_DEPTH)
    if any(_DRAMA.search(text) for _, text in deeper):
        return None
    for path, text in [(entry, page), *deeper]:
        if _GAMES_SDK.search(_COMMENTS.sub(" ", text)):
            return f"has no SDK tag, but the scripts it loads use the games SDK (TTMinis.game, in {path})"
    return None


def _canvas_game(texts: list[str]) -> str | None:
    """The canvas game's signals, named: all of a canvas, a game loop and the games SDK or ads; else None."""
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


def _loaded_texts(project: Project, entry: str, page: str, depth: int = 1) -> list[tuple[str, str]]:
    """The paths and texts of the page's local scripts and of what they import (`depth` levels of imports)."""
    folder = entry.rsplit("/", 1)[0] + "/" if "/" in entry else ""
    paths: list[str] = []
    for src in _SCRIPT_SRC.findall(page):
        if "://" in src or src.startswith("//"):
            continue
        paths.append(_join(folder if not src.startswith("/") else "", src.lstrip("/")))
    texts: list[tuple[str, str]] = []
    seen: set[str] = set()
    for level in range(depth + 1):
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
            texts.append((path, text))
            if level < depth:
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
    for candidate in (path, *(f"{path}{ext}" for ext in (".js", ".ts", ".mjs", ".jsx", ".tsx")), f"{path}/index.js", f"{path}/index.ts"):
        if project.exists(candidate):
            return candidate
    return None
