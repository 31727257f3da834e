"""The mock TTMinis JS SDK, served at /drama/sdk.js, /game/sdk.js and /js/minis.js."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FLAVORS = ("drama", "game", "legacy")


@cache
def sdk_source(flavor: str) -> bytes:
    if flavor not in FLAVORS:
        raise ValueError(f"unknown SDK flavor {flavor!r}")
    text = (Path(__file__).parent / "ttminis.js").read_text(encoding="utf-8")
    return text.replace("__FLAVOR__", flavor).encode("utf-8")
