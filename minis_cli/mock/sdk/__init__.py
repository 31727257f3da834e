"""The mock TTMinis JS SDK, served at /drama/sdk.js, /game/sdk.js, /game/native.js and /js/minis.js.

Its source is small files in src/, one per area (core, auth, pay, events, device, games, init, assemble),
joined in name order at serve time, with the one API declaration (minis_cli/sdk_api.json) inlined: the SDK
defines exactly the declared APIs of each namespace, gated by the simulated client version."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

FLAVORS = ("drama", "game", "legacy", "native")
SOURCES = Path(__file__).parent / "src"


@cache
def _template(flavor: str) -> str:
    from ...sdk_api import declaration

    parts = [path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.js"))]
    text = "".join(parts)
    decl = declaration()
    compact = {"namespaces": decl["namespaces"], "capabilities": decl.get("capabilities", {})}
    return (
        text.replace("__FLAVOR__", flavor)
        .replace("__DECLARATION__", json.dumps(compact, separators=(",", ":"), ensure_ascii=False))
        .replace("__CALLS__", json.dumps(sorted(decl["calls"]), separators=(",", ":")))
    )


def sdk_source(flavor: str, client_version: str = "latest", trusted_domains: tuple[str, ...] = (), client_key: str = "", device: dict | None = None) -> bytes:
    """The SDK for one flavor, simulating TikTok `client_version` (APIs newer than it are absent) with the
    app's trusted domains for TTMinis.game.request (empty: every host is allowed). A native game calls no
    init ("No initialization required"): the container knows the app, so the native flavor starts with
    `client_key`. `device` is the simulator's phone (what a framed page's getMenuButtonBoundingClientRect
    and getDeviceInfo answer), None outside it."""
    if flavor not in FLAVORS:
        raise ValueError(f"unknown SDK flavor {flavor!r}")
    text = (
        _template(flavor)
        .replace("__CLIENT_VERSION__", client_version)
        .replace("__TRUSTED_DOMAINS__", json.dumps(list(trusted_domains)))
        .replace("__APP_CLIENT_KEY__", json.dumps(client_key if flavor == "native" else None))
        .replace("__DEVICE__", json.dumps(device, separators=(",", ":")))
    )
    return text.encode("utf-8")
