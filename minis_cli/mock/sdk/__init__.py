"""The mock TTMinis JS SDK, served at /drama/sdk.js, /game/sdk.js, /game/native.js and /js/minis.js.

Its source is small files in src/, one per area (core, auth, pay, events, device, games, init, assemble),
joined in name order at serve time. Each file declares the APIs it implements, beside their implementations:
`declare('TTMinis.game', 'vibrateShort', {"doc": ..., "call": "options"}, vibrate(15));`, the declaration a JSON
object. The SDK defines exactly the declared APIs of each namespace, gated by the simulated client version;
declared_apis() reads the declarations from the files, and `make docs-gen` (docs/docgen.py) writes them to
minis_cli/sdk_api.json's "namespaces", which the checks and the language server read (docs/contributing.md)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

FLAVORS = ("drama", "game", "legacy", "native")
SOURCES = Path(__file__).parent / "src"
NAMESPACES = ("TTMinis", "TTMinis.game")
_DECLARE = re.compile(r"^ *declare\('([\w.]+)', '(\w+)', ", re.M)


def declared_apis() -> dict[str, dict[str, Any]]:
    """Every API's declaration as the src/ files make it (`declare(namespace, name, {JSON}, implementation)`), by
    namespace, then by name: what sdk_api.json's "namespaces" holds."""
    decoder = json.JSONDecoder()
    found: dict[str, dict[str, Any]] = {namespace: {} for namespace in NAMESPACES}
    for path in sorted(SOURCES.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        for match in _DECLARE.finditer(text):
            namespace, name = match.groups()
            where = f"{path.name}:{text.count(chr(10), 0, match.start()) + 1}"
            try:
                spec, _ = decoder.raw_decode(text, match.end())
            except json.JSONDecodeError as error:
                raise ValueError(f"{where}: the declaration of {namespace}.{name} is not a JSON object ({error.msg})") from None
            if namespace not in found or name in found[namespace] or not isinstance(spec, dict):
                raise ValueError(f"{where}: {namespace}.{name} is declared twice, in no known namespace, or not as an object")
            found[namespace][name] = spec
    return {namespace: dict(sorted(apis.items())) for namespace, apis in found.items()}


def _compact_declarations(text: str) -> str:
    """The declarations as compact JSON in what is served (they are written out for people in src/)."""
    decoder, out, at = json.JSONDecoder(), [], 0
    for match in _DECLARE.finditer(text):
        if match.end() < at:
            continue
        spec, end = decoder.raw_decode(text, match.end())
        out += [text[at : match.end()], json.dumps(spec, separators=(",", ":"), ensure_ascii=False)]
        at = end
    return "".join(out) + text[at:]


@cache
def _template(flavor: str) -> str:
    from ...sdk_api import declaration

    parts = [path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.js"))]
    text = _compact_declarations("".join(parts))
    decl = declaration()
    return (
        text.replace("__FLAVOR__", flavor)
        .replace("__CAPABILITIES__", json.dumps(decl.get("capabilities", {}), separators=(",", ":"), ensure_ascii=False))
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
