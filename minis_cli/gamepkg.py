"""A native-runtime mini game's package: which files TikTok gets, its subpackages and its sizes.

One definition for the desktop host (it serves only package files), the package rules and `build`.
The package is the project root minus what never ships: dot-files and dot-folders, `node_modules/`, and what
`project.config.json`'s `packOptions.ignore` lists, in WeChat DevTools' format (`[{"type": "folder"|"file"|
"suffix"|"prefix"|"glob"|"regexp", "value": ...}]`), which engine exports for WeChat and Douyin already carry.
TikTok's docs do not say whether `ttmg` reads `packOptions`: minis-py does (docs/commands/build.md: A native game).
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import JsonError, parse_json

MIB = 1024 * 1024
MAIN_LIMIT = 4 * MIB  # "Develop your mini game": the main package (outside subpackage roots)
INDEPENDENT_LIMIT = 4 * MIB  # each independent subpackage
TOTAL_LIMIT = 30 * MIB  # everything, before compression
ZIP_LIMIT = 200 * MIB  # "Submit your app for review": the upload
ALWAYS_SKIPPED = frozenset({"node_modules", ".git", ".minis", "__pycache__"})
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class Subpackage:
    name: str
    root: str  # posix, relative, no trailing slash
    independent: bool


@dataclass(frozen=True)
class IgnoreRule:
    kind: str
    value: str

    def matches(self, path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        value = self.value.strip("/") if self.kind in ("folder", "file") else self.value
        if self.kind == "folder":
            return path == value or path.startswith(value + "/")
        if self.kind == "file":
            return path == value
        if self.kind == "suffix":
            return name.endswith(self.value)
        if self.kind == "prefix":
            return name.startswith(self.value)
        if self.kind == "glob":
            return fnmatch.fnmatchcase(path, self.value) or fnmatch.fnmatchcase(name, self.value)
        if self.kind == "regexp":
            try:
                return re.search(self.value, path) is not None
            except re.error:
                return False
        return False


def _read_json(path: Path) -> Any:
    try:
        return parse_json(path.read_text(encoding="utf-8")).value
    except (OSError, UnicodeDecodeError, JsonError):
        return None  # unreadable or broken JSON: MN002 reports where


def ignore_rules(root: Path) -> list[IgnoreRule]:
    config = _read_json(root / "project.config.json")
    options = config.get("packOptions") if isinstance(config, dict) else None
    listed = options.get("ignore") if isinstance(options, dict) else None
    rules = []
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict) and isinstance(item.get("type"), str) and isinstance(item.get("value"), str) and item["value"]:
            rules.append(IgnoreRule(item["type"], item["value"]))
    return rules


def subpackages(root: Path) -> list[Subpackage]:
    """game.json's `subpackages` (WeChat's spelling; Douyin's `subPackages` too), the well-formed entries."""
    game = _read_json(root / "game.json")
    if not isinstance(game, dict):
        return []
    listed = game.get("subpackages", game.get("subPackages"))
    out = []
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict) and isinstance(item.get("root"), str) and item["root"].strip("/ "):
            root_path = item["root"].strip().strip("/")
            named = item.get("name")
            name = named if isinstance(named, str) and named else root_path
            out.append(Subpackage(name, root_path, item.get("independent") is True))
    return out


def package_files(root: Path) -> list[str]:
    """Every file of the package, as sorted posix paths relative to the root."""
    rules = ignore_rules(root)
    found: list[str] = []
    for directory, dirs, files in os.walk(root):
        rel_dir = Path(directory).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        kept = []
        for d in dirs:
            rel = f"{rel_dir}/{d}" if rel_dir else d
            if d.startswith(".") or d in ALWAYS_SKIPPED or any(r.matches(rel) for r in rules):
                continue
            if os.path.islink(os.path.join(directory, d)):
                continue  # a linked folder may lead anywhere: not part of the package
            kept.append(d)
        dirs[:] = sorted(kept)
        for f in files:
            rel = f"{rel_dir}/{f}" if rel_dir else f
            if f.startswith(".") or f in JUNK_NAMES or any(r.matches(rel) for r in rules):
                continue
            full = os.path.join(directory, f)
            if os.path.islink(full) and not os.path.realpath(full).startswith(os.path.realpath(root) + os.sep):
                continue
            if os.path.isfile(full):
                found.append(rel)
    return sorted(found)


@dataclass(frozen=True)
class PackageSizes:
    total: int
    main: int
    subpackages: dict[str, int]  # root -> bytes


def sizes(root: Path, files: list[str] | None = None) -> PackageSizes:
    files = package_files(root) if files is None else files
    subs = subpackages(root)
    by_root = {s.root: 0 for s in subs}
    total = main = 0
    for rel in files:
        try:
            size = (root / rel).stat().st_size
        except OSError:
            continue
        total += size
        owner = next((s.root for s in subs if rel == s.root or rel.startswith(s.root + "/")), None)
        if owner is None:
            main += size
        else:
            by_root[owner] += size
    return PackageSizes(total, main, by_root)


def resolve_module(files: frozenset[str] | set[str], from_dir: str, spec: str) -> str | None:
    """A `require`/`import` specifier as the native runtime resolves it (the desktop host's runtime.js does the
    same): relative to the requiring file (then, for a bare one, to the package root), trying the path, then
    `.js`, `.json`, `/index.js`, `/index.json`."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", spec, re.I):
        return None  # a URL: not a package file
    joined = spec.lstrip("/") if spec.startswith("/") else _join(from_dir, spec)
    bases = [joined] if joined is not None else []
    if not spec.startswith((".", "/")):
        bare = _join("", spec)
        if bare is not None:
            bases.append(bare)
    for base in bases:
        if base is None:
            continue
        for candidate in (base, base + ".js", base + ".json", base + "/index.js", base + "/index.json"):
            if candidate in files:
                return candidate
    return None


def _join(directory: str, spec: str) -> str | None:
    parts = [p for p in directory.split("/") if p] if directory else []
    for part in spec.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)
