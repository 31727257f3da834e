"""The audit's budgets and settings: TikTok's startup targets by engine, and minis.config.json's `audit` section.

TikTok's targets (mini-games-optimize-startup, Nov 28, 2026), "for a first scan (1 MB/s, no cache)": Unity, first
paint within 3 s and time to interactive within 5 s; Cocos, JavaScript and others, 2 s and 4 s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError

FIRST_PAINT = "first-paint"
TTI = "time-to-interactive"
BUDGET_NAMES = (FIRST_PAINT, TTI)
CONFIG_KEYS = {"firstPaint": FIRST_PAINT, "timeToInteractive": TTI}  # minis.config.json audit.budgets -> budget name

UNITY = {FIRST_PAINT: 3000.0, TTI: 5000.0}
OTHERS = {FIRST_PAINT: 2000.0, TTI: 4000.0}
DEFAULT_TIMEOUT_MS = 15000.0

_UNITY_PATHS = re.compile(r"\.framework\.js(?:\.unityweb)?$|(?:^|/)unity-namespace\.js$|(?:^|/)unity-sdk/|\.wasm\.framework\.unityweb\.js$", re.I)
_UNITY_HEAD = re.compile(r"\bunityFramework\b|\bUnityLoader\b")
_COCOS = re.compile(r"(?:^|/)cocos(?:2d)?[-/.]|(?:^|/)cc\.js$|(?:^|/)src/cocos", re.I)


@dataclass(frozen=True)
class AuditSettings:
    """minis.config.json's `audit` section, resolved (None: not set)."""

    budgets: dict[str, float]  # budget name -> ms
    network: str | None = None
    devices: tuple[str, ...] = ()
    timeout_ms: float | None = None


def detect_engine(package_root: Path, files: list[str], engine_key: str | None = None) -> str:
    """Whose targets apply: "Unity" (its export's framework files, or a Unity source project), "Cocos", else "JavaScript"."""
    if engine_key == "unity":
        return "Unity"
    if engine_key in ("cocos2", "cocos3"):
        return "Cocos"
    if any(_UNITY_PATHS.search(f) for f in files):
        return "Unity"
    for name in files:
        if name.endswith(".js") and "/" not in name.strip("/"):  # the package's top-level scripts hold the loader
            try:
                with open(package_root / name, encoding="utf-8", errors="replace") as handle:
                    if _UNITY_HEAD.search(handle.read(4096)):
                        return "Unity"
            except OSError:
                continue
    if any(_COCOS.search(f) for f in files):
        return "Cocos"
    return "JavaScript"


def default_limits(engine: str) -> tuple[dict[str, float], str]:
    if engine == "Unity":
        return dict(UNITY), "TikTok's targets for Unity (first paint 3 s, time to interactive 5 s)"
    return dict(OTHERS), "TikTok's targets for Cocos, JavaScript and others (first paint 2 s, time to interactive 4 s)"


def read_settings(config: Any) -> AuditSettings:
    """`audit` of minis.config.json (its parsed value): values of the wrong type are a ConfigError (MN005 says where)."""
    section = config.get("audit") if isinstance(config, dict) else None
    if section is None:
        return AuditSettings({})
    hint = 'Write it as "audit": { "budgets": { "firstPaint": 2000, "timeToInteractive": 4000 } } (milliseconds).'
    if not isinstance(section, dict):
        raise ConfigError("minis.config.json: audit must be an object", hint)
    budgets: dict[str, float] = {}
    raw = section.get("budgets", {})
    if not isinstance(raw, dict):
        raise ConfigError("minis.config.json: audit.budgets must be an object", hint)
    for key, value in raw.items():
        if key not in CONFIG_KEYS:
            raise ConfigError(f"minis.config.json: audit.budgets.{key} is not a budget", f"The budgets are {', '.join(CONFIG_KEYS)}.")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 1:
            raise ConfigError(f"minis.config.json: audit.budgets.{key} must be a number of milliseconds (at least 1)", hint)
        budgets[CONFIG_KEYS[key]] = float(value)
    network = section.get("network")
    if network is not None and not isinstance(network, str):
        raise ConfigError("minis.config.json: audit.network must be a profile's name", 'Write it as "network": "first-scan" (or 4g, 3g, offline).')
    devices = section.get("devices", [])
    if not isinstance(devices, list) or not all(isinstance(d, str) for d in devices):
        raise ConfigError("minis.config.json: audit.devices must be a list of device presets", 'Write it as "devices": ["iphone", "pixel"].')
    timeout = section.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 1):
        raise ConfigError("minis.config.json: audit.timeout must be a number of milliseconds (at least 1)", 'Write it as "timeout": 20000.')
    return AuditSettings(budgets, network, tuple(devices), float(timeout) if timeout is not None else None)
