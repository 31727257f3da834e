"""The TikTok simulator page `minis-py dev` opens: the Mini in a phone frame under TikTok's title bar, and
a live devtools panel beside it (simulator.html / .js / .css here, served at /_mock/simulator).

The phone is one of PRESETS, portrait or landscape. Its geometry is what the framed SDK answers: the menu
button's rect (getMenuButtonBoundingClientRect, screen coordinates from the top-left corner, as the UI
pages say) and the bottom safe area (getDeviceInfo().bottomHeight), so the button the page aligns to is
the button the frame draws. TikTok publishes no sizes for its bar or capsule: these are the mock's choice
(status bar + a 44 px bar, an 87 × 32 capsule 10 px from the right edge, centred in the bar), like the
screen sizes, which are the CSS viewports of common phones.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ORIENTATIONS = ("portrait", "landscape")
BAR_HEIGHT = 44
CAPSULE = (87, 32)  # width, height
CAPSULE_MARGIN = 10


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    width: int  # CSS px, portrait
    height: int
    status_bar: int  # portrait; a landscape game has none
    bottom: int  # the bottom safe area, portrait (home indicator / gesture bar)
    bottom_landscape: int
    pixel_ratio: float


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("android-small", "Small Android (360 × 640)", 360, 640, 24, 0, 0, 2.0),
        Preset("pixel", "Pixel (412 × 915)", 412, 915, 24, 24, 24, 2.625),
        Preset("iphone", "iPhone (390 × 844)", 390, 844, 47, 34, 21, 3.0),
    )
}
DEFAULT_PRESET = "iphone"


def device(preset: str = DEFAULT_PRESET, orientation: str = "portrait") -> dict[str, Any]:
    """The phone's screen, bars and capsule, in CSS px: what the frame draws and the framed SDK reports."""
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {', '.join(PRESETS)}, not {preset!r}")
    if orientation not in ORIENTATIONS:
        raise ValueError(f"orientation must be one of {', '.join(ORIENTATIONS)}, not {orientation!r}")
    p = PRESETS[preset]
    landscape = orientation == "landscape"
    width, height = (p.height, p.width) if landscape else (p.width, p.height)
    status = 0 if landscape else p.status_bar
    w, h = CAPSULE
    top = status + (BAR_HEIGHT - h) // 2
    right = width - CAPSULE_MARGIN
    return {
        "preset": p.name,
        "label": p.label,
        "orientation": orientation,
        "width": width,
        "height": height,
        "statusBarHeight": status,
        "barHeight": BAR_HEIGHT,
        "bottomHeight": p.bottom_landscape if landscape else p.bottom,
        "pixelRatio": p.pixel_ratio,
        "menuButton": {"width": w, "height": h, "top": top, "bottom": top + h, "left": right - w, "right": right},
    }


def presets() -> list[dict[str, Any]]:
    return [asdict(p) for p in PRESETS.values()]


@cache
def asset(name: str) -> bytes:
    return (HERE / name).read_bytes()


ASSETS = {"simulator.js": "application/javascript", "simulator.css": "text/css"}


def safe_target(target: str) -> str | None:
    """The URL the phone may show, or None: an absolute http(s) URL, a path on the mock itself, or nothing.
    Anything else (javascript:, data:, a protocol-relative //host) would run in, or as, the simulator's origin,
    which holds the control token."""
    target = target.strip()
    if not target or target == "about:blank":
        return ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.hostname and "\\" not in target:
        return target
    return None


# The frame's one inline handler, allowed by its hash (no 'unsafe-inline' for scripts).
FRAME_ONLOAD = "window.miniLoaded = true"


def csp_hash(source: str) -> str:
    import base64
    import hashlib

    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def page_policy(nonce: str) -> str:
    """The simulator page's Content-Security-Policy: its own scripts only (the inline config by nonce), frames
    only over http(s) or from the mock (never javascript: or data:), framed by nothing but the mock's pages."""
    return "; ".join(
        (
            "default-src 'self'",
            # 'unsafe-eval' lets tools that drive the page (Playwright's string predicates, which it evals) work;
            # it gives nothing to an attacker, who would need to run script here first (what the rest forbids).
            f"script-src 'self' 'nonce-{nonce}' 'unsafe-hashes' {csp_hash(FRAME_ONLOAD)} 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: http: https:",
            "connect-src 'self'",
            "frame-src 'self' http: https:",
            "frame-ancestors 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
        )
    )


def page(config: dict[str, Any], nonce: str = "") -> bytes:
    """The simulator's HTML with its configuration inlined (target URL, navbar, title, the control token);
    `nonce` is the inline script's, as the page's policy names it."""
    text = asset("simulator.html").decode("utf-8")
    inline = json.dumps(config, separators=(",", ":")).replace("<", "\\u003c")
    # The frame's src is in the HTML itself and the style is inline (a pending stylesheet would hold the parser
    # at the config script), so the Mini starts loading as soon as the first bytes arrive.
    values = {
        "TITLE": html.escape(str(config.get("title") or "Mini")),
        "TARGET": html.escape(str(config.get("target") or "about:blank")),
        "KIND": html.escape(str(config.get("kind") or "drama")),
        "CONFIG": inline,
        "CSS": asset("simulator.css").decode("utf-8"),
        "NONCE": html.escape(nonce),
    }
    # One pass, so a title that reads "__TARGET__" stays a title.
    return re.sub(r"__([A-Z]+)__", lambda m: values.get(m.group(1), m.group(0)), text).encode("utf-8")
