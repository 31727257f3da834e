"""Engine and adapter libraries bundled in a mini game's package, recognised by their file's path or by the banner
or signature in its first bytes: the game engines' own files (Cocos Creator, LayaAir, Egret, Phaser, PixiJS, three.js,
Unity's converted framework), the weapp-style adapters that build `window`, `document` and `canvas` over tt/wx, and the
libraries engines ship beside them. The rules speak differently of code there: it is not the developer's to rewrite
(docs/game-host.md: Engine exports in the pre-flight).

Recognition is data: each entry of LIBRARIES lists path patterns and head signatures; a package's own folder of
vendored files (`libs/`, `vendor/`, `third_party/`) counts as libraries too, named by their path ("the vendored
library js/libs/md5.js"; a file there that imports the game's modules from outside the folder is the game's own code
in a folder named lib/, and is named by its folder: "assets/scripts/framework/lib/ (a library folder)"). Order decides:
a named entry whose path matches, then a named entry whose signature is in the file's head, then a vendor folder.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

HEAD_CHARS = 4096  # how much of a file's start is searched for a banner or signature

ENGINE = "engine"  # a game engine's runtime
ADAPTER = "adapter"  # defines the browser globals (window, document, canvas, ...) over tt/wx for an engine
LIBRARY = "library"  # anything else vendored: physics, animation runtimes, codecs, polyfills


@dataclass(frozen=True)
class Library:
    name: str
    kind: str  # ENGINE, ADAPTER or LIBRARY
    paths: tuple[str, ...] = ()  # regexes searched in the file's posix path, lower-cased
    signatures: tuple[str, ...] = ()  # regexes searched in the file's first HEAD_CHARS characters
    _compiled: tuple[re.Pattern[str], re.Pattern[str] | None] = field(init=False, repr=False, compare=False)
    # text a head must hold for a signature to match there: most heads (the game's own code) hold none, and a substring
    # test rules them out far faster than the regexes (`(?:\A|\n)` or `\b` in front leaves the regex engine nothing to
    # skip to). None: some signature has no such text, so the regex always runs. Read from the patterns when first
    # needed (2 ms for all, at import, for every lint that imports this module).
    _needles: tuple[str, ...] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        path = re.compile("|".join(f"(?:{p})" for p in self.paths)) if self.paths else re.compile(r"(?!)")
        head = re.compile("|".join(f"(?:{s})" for s in self.signatures)) if self.signatures else None
        object.__setattr__(self, "_compiled", (path, head))

    def matches_path(self, path: str) -> bool:
        return self._compiled[0].search(path.lower()) is not None

    def matches_head(self, head: str) -> bool:
        pattern = self._compiled[1]
        if pattern is None:
            return False
        try:
            needles = self._needles
        except AttributeError:
            found = [required_text(signature) for signature in self.signatures]
            needles = None if any(n is None for n in found) else tuple(t for n in found if n for t in n)
            object.__setattr__(self, "_needles", needles)
        if needles is not None and not any(needle in head for needle in needles):
            return False
        return pattern.search(head) is not None

    @property
    def label(self) -> str:
        """How a message names it: "the PixiJS engine", "the weapp-adapter adapter" reads badly, so adapters and
        libraries whose name says what they are stand alone."""
        if self.kind == ENGINE:
            return f"the {self.name} engine"
        if self.kind == ADAPTER and "adapter" not in self.name.lower():
            return f"the {self.name} adapter"
        return self.name if self.kind == ADAPTER else f"the {self.name} library"


def required_text(pattern: str) -> tuple[str, ...] | None:
    """Literal texts of which every match of `pattern` holds at least one (the longest run of literal characters the
    pattern's top level requires, or one per alternative of a required group), or None when none can be told (a
    pattern that ignores case, runs shorter than three characters)."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]  # start-up: once per library entry, at import

        parsed = _parser.parse(pattern)
    except Exception:  # another Python's regex internals: no needles, the regex decides
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _sequence_texts(list(parsed), _constants)


def _sequence_texts(items: list[tuple[Any, Any]], constants: Any) -> tuple[str, ...] | None:
    best: tuple[str, ...] | None = None
    run: list[str] = []

    def better(found: tuple[str, ...] | None) -> None:
        nonlocal best
        if found and min(map(len, found)) >= 3 and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    for op, value in [*items, (None, None)]:
        if op is constants.LITERAL:
            run.append(chr(value))
            continue
        better(("".join(run),) if run else None)
        run = []
        if op is constants.SUBPATTERN:
            _group, add_flags, _del_flags, inner = value
            if not add_flags & re.IGNORECASE:
                better(_sequence_texts(list(inner), constants))
        elif op is constants.BRANCH:
            alternatives = [_sequence_texts(list(alternative), constants) for alternative in value[1]]
            if alternatives and all(alternatives):
                better(tuple(text for found in alternatives if found for text in found))
    return best


_FILE_END = r"(?:\.min)?(?:\.[0-9a-f]{5,})?\.(?:js|mjs|cjs)$"  # an optional .min and a content hash (Cocos' file.<md5>.js)

# A signature is what only the library's own file holds, never a word a game's comment or code could contain ("// uses
# LayaAir's Browser", Cocos Creator's script template linking cocos2d-x.org, a Main.ts calling Laya.init, an
# `import io from "socket.io-client"`): a licence's copyright line, a versioned banner, the library defining itself.
_COPYRIGHT = r"Copyright\s*(?:\(c\)|©)?[^\n]*?"  # `Copyright (c) 2017-2018 Xiamen Yaji Software Co., Ltd.`
_TOP = r"(?:\A|\n)"  # at the start of a line: a top-level statement (a minified file's first)

# Adapters first: a LayaAir or Egret platform adapter is also that engine's file, and what matters is that it is an adapter.
LIBRARIES: tuple[Library, ...] = (
    Library("weapp-adapter", ADAPTER, paths=(r"(?:^|/)weapp-adapter" + _FILE_END, r"(?:^|/)weapp-adapter/")),
    Library(
        "Cocos Creator's adapter",
        ADAPTER,
        paths=(r"(?:^|/)adapter-min" + _FILE_END, r"(?:^|/)(?:web|engine)-adapter" + _FILE_END, r"(?:^|/)libs/(?:common|wrapper)/"),
    ),
    Library("LayaAir's mini-game adapter", ADAPTER, paths=(r"(?:^|/)laya\.(?:wx|tt|qq|bd|vv|qg|hw|mi|tb|kwai)mini" + _FILE_END,)),
    Library("Egret's mini-game adapter", ADAPTER, paths=(r"(?:^|/)egret\.(?:wxgame|ttgame|qqgame|baidugame)" + _FILE_END,)),
    Library(
        "a mini-game adapter",
        ADAPTER,
        paths=(r"(?:^|/)[\w.-]*[-_.]adapter" + _FILE_END, r"(?:^|/)adapter" + _FILE_END),
        signatures=(r"__isAdapterInjected\s*=\s*(?:true|!0)",),
    ),
    Library(
        "Cocos Creator",
        ENGINE,
        paths=(r"(?:^|/)cocos2d-js(?:-min)?" + _FILE_END, r"(?:^|/)cocos-js/", r"(?:^|/)cocos/[^/]+\.js$"),
        signatures=(_COPYRIGHT + r"(?:Chukong Technologies|Xiamen Yaji Software)",),
    ),
    Library(
        "LayaAir",
        ENGINE,
        paths=(r"(?:^|/)laya\.[\w.-]+\.js$", r"(?:^|/)libs/(?:min/)?laya"),
        signatures=(
            r"/\*\s*https?://www\.layabox\.com\s+\d{4}/\d{1,2}/\d{1,2}\s*\*/",  # LayaAir 1's laya.core.js banner
            _TOP + r"(?:var\s+Laya\s*=\s*)?window\.Laya\s*=",  # laya.core.js defining the engine: `window.Laya= (function (exports) {`
            _TOP + r"\(\s*function\s*\(\s*(?:exports\s*,\s*Laya|window\s*,\s*document\s*,\s*Laya)\s*\)",  # a module of it: laya.d3.js, laya.ui.js
        ),
    ),
    Library(
        "Egret",
        ENGINE,
        paths=(r"(?:^|/)egret(?:\.[\w-]+)*" + _FILE_END, r"(?:^|/)modules/egret/"),
        signatures=(_COPYRIGHT + r"Egret Technology", r"\begret\.registerClass\(\s*[\w$.]+\s*,\s*[\"']egret\."),
    ),
    Library(
        "Phaser",
        ENGINE,
        paths=(r"(?:^|/)phaser(?:[.-][\w.-]*)?\.(?:js|mjs|cjs)$",),
        signatures=(r"define\(\s*[\"']Phaser[\"']", r"\bexports\.Phaser\s*=", r"(?:Photon Storm Ltd|Phaser Studio Inc)\b"),
    ),
    Library(
        "PixiJS",
        ENGINE,
        paths=(r"(?:^|/)pixi(?:[.-][\w.-]*)?\.(?:js|mjs|cjs)$",),
        signatures=(r"\bpixi\.js - v\d", _TOP + r"var PIXI\s*=\s*\(?\s*function\b", r"@pixi/[\w-]+ - v\d"),
    ),
    Library(
        "three.js",
        ENGINE,
        paths=(r"(?:^|/)three(?:\.[\w-]+)*\.(?:js|mjs|cjs)$",),
        signatures=(r"Three\.js Authors", r"threejs\.org/license", r"\bconst REVISION = '\d+'"),
    ),
    Library(
        "Unity",
        ENGINE,
        paths=(r"\.framework\.js(?:\.unityweb)?$", r"(?:^|/)unity-namespace\.js$", r"(?:^|/)unity-sdk/", r"\.wasm\.framework\.unityweb\.js$"),
        signatures=(r"\bunityFramework\b", r"\bUnityLoader\b"),
    ),
    Library(
        "Godot",
        ENGINE,
        paths=(r"(?:^|/)godot(?:\.min)?\.js$",),  # the web export's Emscripten glue (a launcher beside it, godot.launcher.js, is not it)
        signatures=(_TOP + r"var Godot\s*=\s*\(\s*(?:\(\s*\)\s*=>|function\b)",),  # `var Godot = (() => {`, Godot 3's `(function() {`
    ),
    Library("protobuf.js", LIBRARY, paths=(r"(?:^|/)protobuf(?:\.[\w-]+)*" + _FILE_END,), signatures=(r"\bprotobuf\.js v\d",)),
    Library("Spine", LIBRARY, paths=(r"(?:^|/)spine(?:[.-][\w.-]*)?" + _FILE_END,), signatures=(_COPYRIGHT + r"Esoteric Software",)),
    Library("DragonBones", LIBRARY, paths=(r"(?:^|/)dragonbones(?:[.-][\w.-]*)?" + _FILE_END,), signatures=(_COPYRIGHT + r"DragonBones team",)),
    Library("Box2D", LIBRARY, paths=(r"(?:^|/)box2d(?:[.-][\w.-]*)?" + _FILE_END,)),
    Library("matter.js", LIBRARY, paths=(r"(?:^|/)matter(?:[.-][\w.-]*)?" + _FILE_END,), signatures=(r"\bmatter-js \d+\.\d+\.\d+ by @liabru",)),
    Library("cannon.js", LIBRARY, paths=(r"(?:^|/)cannon(?:-es)?(?:[.-][\w.-]*)?" + _FILE_END,)),
    # The Socket.IO client (v1/v2 browserify builds carry no banner, so the file's name; weapp.socket.io is its mini-game port):
    # its JSONP transport writes an <iframe> and its JSON fallback uses new Function, paths not taken where JSON and
    # XHR or WebSocket exist.
    Library(
        "Socket.IO",
        LIBRARY,
        paths=(r"(?:^|/)(?:weapp[.-])?socket\.io(?:[.-][a-z]+)*" + _FILE_END,),
        signatures=(r"\bSocket\.IO v\d", r"\)\s*\(\s*[\"']socket\.io-client(?::[\w:-]+)?[\"']\s*\)"),
    ),
    Library("howler.js", LIBRARY, paths=(r"(?:^|/)howler(?:\.core)?" + _FILE_END,), signatures=(r"\bhowler\.js v\d",)),
)
# A folder of vendored files: what is in it is a library, named by its path.
VENDOR_FOLDERS = re.compile(r"(?:^|/)(?:libs?|vendors?|third[-_]?party|3rd|plugins?)/", re.I)


# A relative module a file imports: `import x from "../a"`, `export * from "./b"`, `require('../c')`, `import("../d")`
_RELATIVE_IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"](\.\.?/[^'"\r\n]{0,200})['"]""")


def _imports_from_outside(path: str, folder: str, head: str) -> bool:
    """Whether a file in a vendor-named folder imports the game's modules from outside that folder (held-out round 8
    of issue 30: a Cocos game's own platform layer, assets/scripts/framework/lib/platform/platform_tt.ts, imports
    ../../../api/Login and ../../../manager/musicMgr): then the folder is the game's own code, not a vendored library,
    which is self-contained or imports only its own files and packages; the messages must not call it vendored."""
    here = posixpath.dirname(path)
    for spec in _RELATIVE_IMPORT.findall(head):
        target = posixpath.normpath(posixpath.join(here, spec))
        if not (target + "/").startswith(folder):
            return True
    return False


@dataclass(frozen=True)
class Recognised:
    """A file found to be (part of) a library: the entry, and the name a message gives it."""

    library: Library
    label: str

    @property
    def kind(self) -> str:
        return self.library.kind


def recognise(path: str, text: str) -> Recognised | None:
    """The library `path` belongs to, judged by its path and the first HEAD_CHARS characters of its text; None for the
    game's own code."""
    return _recognise(path, text[:HEAD_CHARS])


@lru_cache(maxsize=1024)
def _recognise(path: str, head: str) -> Recognised | None:
    for library in LIBRARIES:
        if library.matches_path(path):
            return Recognised(library, library.label)
    for library in LIBRARIES:
        if library.matches_head(head):
            return Recognised(library, library.label)
    # a Unity JavaScript plugin lives in a Plugins/ folder by Unity's convention (Plugins/WebGL/x.jslib): the game's own
    folder = VENDOR_FOLDERS.search(path) if not path.endswith(".jslib") else None
    if folder is not None:
        vendored = Library(path.rsplit("/", 1)[-1], LIBRARY)
        if _imports_from_outside(path, path[: folder.end()], head):
            # the game's own code, by its imports; still read as a library, since the game picks among such modules
            # by platform (platform_taobao.ts beside platform_tt.ts) in ways lint does not follow: only the name changes
            return Recognised(vendored, f"{path[: folder.end()]} (a library folder)")
        return Recognised(vendored, f"the vendored library {path}")
    if path.startswith("../"):  # a library the project's build pulls in from beside it (an Egret module's "path": "../net")
        name = path.rsplit("/", 1)[-1]
        return Recognised(Library(name, LIBRARY), f"the library {name} (from beside the project)")
    return None
