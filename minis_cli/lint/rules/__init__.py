"""The rules: one module a family (project.py MN0xx, sdk.py MN1xx, auth.py MN2xx, security.py MN3xx, platform.py MN4xx,
games.py and native.py MN5xx), each registering its checks with registry.rule; importing the package registers them
all. The rest of minis-py reaches the rules only through all_rules() and get_rule()."""

from __future__ import annotations

# Registration: each module's @rule decorators run as it is imported (each imports the registry it registers with).
from . import auth, games, native, platform, project, sdk, security
from .registry import (
    ASSIGN,
    BASELINE_CLIENT_KEY,
    BASELINE_FILES,
    GAP,
    NAME_END,
    NO_FIX_BECAUSE,
    all_rules,
    example_files,
    fragments,
    get_rule,
    rule,
    strings_mentioning,
    unregister,
    words,
)

__all__ = [
    "ASSIGN",
    "BASELINE_CLIENT_KEY",
    "BASELINE_FILES",
    "GAP",
    "NAME_END",
    "NO_FIX_BECAUSE",
    "all_rules",
    "auth",
    "example_files",
    "fragments",
    "games",
    "get_rule",
    "native",
    "platform",
    "project",
    "rule",
    "sdk",
    "security",
    "strings_mentioning",
    "unregister",
    "words",
]
