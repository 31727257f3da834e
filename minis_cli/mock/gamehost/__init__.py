"""The desktop host for native-runtime mini games (issue 14; docs/game-host.md).

TikTok runs a native game's `game.js` with no DOM: a canvas program on `TTMinis.game` (= `tt` = `wx`). The host
does the same in the browser: `game.js` runs in a dedicated Worker (where `document`, `window` and
`localStorage` do not exist, as on a phone), drawing on the page's `<canvas>` handed over as an OffscreenCanvas;
the page relays pointer input as TikTok's touches, plays audio, and hosts the mock SDK (login, ads, pay,
missions, share and their sheets), which the worker's platform APIs call through messages.

Files: host.html (the page), host.js (the page's side: canvas, input, relay), runtime.js (the worker: the
runtime surface, the require loader). This module serves the package; modules.py compiles ES-module syntax to the
CommonJS the runtime's require runs (issue 29).
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ASSETS = {"host.js": "application/javascript", "runtime.js": "application/javascript"}
PKG_PREFIX = "/_mock/game/pkg/"
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
    ".m4a": "audio/mp4",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".wasm": "application/wasm",
    ".txt": "text/plain; charset=utf-8",
    ".bin": "application/octet-stream",
}


@cache
def asset(name: str) -> bytes:
    """A host file; runtime.js gets the mock SDK's parameter check (sdk/src/04-params.js), so a call is checked
    against the declaration the same way in a page and in a native game."""
    data = (HERE / name).read_bytes()
    if name == "runtime.js":
        shared = (HERE.parent / "sdk" / "src" / "04-params.js").read_bytes()
        data = data.replace(b"  /*__PARAMS__*/\n", shared)
    return data


def page(config: dict[str, Any]) -> bytes:
    text = asset("host.html").decode("utf-8")
    inline = json.dumps(config, separators=(",", ":")).replace("<", "\\u003c")
    values = {"TITLE": html.escape(str(config.get("title") or "Mini game")), "CONFIG": inline}
    return re.sub(r"__([A-Z]+)__", lambda m: values.get(m.group(1), m.group(0)), text).encode("utf-8")


def content_type(path: str) -> str:
    suffix = path[path.rfind(".") :].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return TYPES.get(suffix, "application/octet-stream")
