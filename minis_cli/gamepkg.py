"""A native-runtime mini game's package: which files TikTok gets, its subpackages and its sizes.

One definition for the desktop host (it serves only package files), the package rules and `build`.
The package is the project root minus what never ships: dot-files and dot-folders, `node_modules/`, OS litter
(`__MACOSX/`, `Thumbs.db`, `desktop.ini`: source.files.is_litter), and what
`project.config.json`'s `packOptions.ignore` lists, in WeChat DevTools' format (`[{"type": "folder"|"file"|
"suffix"|"prefix"|"glob"|"regexp", "value": ...}]`), which engine exports for WeChat and Douyin already carry.
TikTok's docs do not say whether `ttmg` reads `packOptions`: minis-py does (docs/commands/build.md: A native game).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import JsonError, parse_json
from .source.files import CONFIG_LIMIT, LITTER_FOLDERS, is_litter, read_regular

MIB = 1024 * 1024
MAIN_LIMIT = 4 * MIB  # "Develop your mini game": the main package (outside subpackage roots)
INDEPENDENT_LIMIT = 4 * MIB  # each independent subpackage
TOTAL_LIMIT = 30 * MIB  # everything, before compression
ZIP_LIMIT = 200 * MIB  # "Submit your app for review": the upload
ALWAYS_SKIPPED = frozenset({"node_modules", ".git", ".minis", "__pycache__"}) | LITTER_FOLDERS


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
    data = read_regular(path, CONFIG_LIMIT)  # a regular file only: never a link to /dev/zero or a FIFO
    try:
        return parse_json(data.decode("utf-8")).value if data is not None else None
    except (UnicodeDecodeError, JsonError):
        return None  # unreadable or broken JSON: MN002 reports where


def open_data_folders(root: Path) -> tuple[str, ...]:
    """The game's open data context folders (posix, relative): game.json's `openDataContext` (WeChat's and Douyin's
    place) and project.config.json's (TikTok's: "Add the open data context configuration to your project.config.json
    file", direct-message-sharing), a folder name or `{"path": ...}`."""
    found: list[str] = []
    for name in ("game.json", "project.config.json"):
        document = _read_json(root / name)
        value = document.get("openDataContext") if isinstance(document, dict) else None
        value = value.get("path") if isinstance(value, dict) else value
        folder = posixpath.normpath(value.strip().strip("/")) if isinstance(value, str) and value.strip().strip("/") else ""
        if folder.strip(".") and ".." not in folder.split("/") and not folder.startswith("/") and folder not in found:
            found.append(folder)
    return tuple(found)


# A project that keeps one project.config.json per platform and copies the one it builds for to the root (a WeChat and
# Douyin game's `platform/douyin.project.config.json`, `config/tt.project.config.json`, with a switch-platform script;
# held-out round 31): the one for TikTok's family, where the root has none. TikTok first, then Douyin's names.
_TEMPLATE_FOLDERS = ("", "platform", "platforms", "config", "configs")
_TEMPLATE_NAME = re.compile(
    r"^(?:(?P<a>tiktok|douyin|bytedance|toutiao|tt|dy)[._-](?:[\w-]+[._-])?project[._-]config|project[._-]config[._-](?P<b>tiktok|douyin|bytedance|toutiao|tt|dy))\.json$",
    re.I,
)


def project_config_template(root: Path) -> str | None:
    """With no project.config.json at the root: the per-platform one for TikTok's family the project keeps instead
    (relative posix path), which its own script copies to the root before a build; None when there is one at the root."""
    if (root / "project.config.json").exists():
        return None
    found: list[tuple[int, str]] = []
    for folder in _TEMPLATE_FOLDERS:
        try:
            entries = list(os.scandir(root / folder)) if folder else list(os.scandir(root))
        except OSError:
            continue
        for entry in entries:
            match = _TEMPLATE_NAME.match(entry.name)
            if match is not None and entry.is_file():
                family = (match.group("a") or match.group("b") or "").lower()
                found.append((0 if family == "tiktok" else 1, f"{folder}/{entry.name}" if folder else entry.name))
    return min(found)[1] if found else None


def ignore_rules(root: Path) -> list[IgnoreRule]:
    template = project_config_template(root)
    config = _read_json(root / (template or "project.config.json"))
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


REMOTE_FOLDER = "remote"
# A Cocos Creator export's settings: 2.4's src/settings.js (window._CCSettings = {...}, src/settings.<md5>.js with MD5
# Cache), 3.0-3.5's src/settings.json (the same keys), 3.6+'s src/settings.json with them under `assets`.
SETTINGS_FILE = re.compile(r"^settings(?:\.[0-9a-f]{5,32})?\.(?:js|json)$")
JS_SERVER = re.compile(r"""["']?\bserver["']?\s*:\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')""")
JS_REMOTE_BUNDLES = re.compile(r"""["']?\bremoteBundles["']?\s*:\s*\[([^\]]*)\]""")
JS_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""")


@dataclass(frozen=True)
class RemoteBundles:
    """A Cocos Creator export's remote bundles: its settings name a resource server and the bundles that live there,
    and the build's `remote/` folder holds them. Cocos's docs (Publish to WeChat Mini Games, Asset Bundle: "Resource
    Server Address", "Main Bundle Is Remote"): the whole remote/ folder is uploaded to that server and is not part of
    the package; the engine downloads `<server>/remote/<bundle>/...` with the platform's downloadFile."""

    server: str  # as the settings give it (http://host[:port][/path])
    bundles: tuple[str, ...]
    settings: str  # the settings file it was read from, relative to the root
    folder: str = REMOTE_FOLDER

    @property
    def prefix(self) -> str:
        """The URL the engine puts before a remote bundle's path: the server, one slash, remote/."""
        return self.server.rstrip("/") + "/" + self.folder + "/"

    def local_path(self, url: str) -> str | None:
        """The path under the root a URL of the server's remote/ folder names (query and fragment dropped), or None."""
        if not url.startswith(self.prefix):
            return None
        rest = url[len(self.prefix) :].split("#", 1)[0].split("?", 1)[0]
        from urllib.parse import unquote

        parts = [p for p in unquote(rest).split("/") if p not in ("", ".")]
        if not parts or any(p == ".." or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return None
        return self.folder + "/" + "/".join(parts)


def remote_bundles(root: Path) -> RemoteBundles | None:
    """The export's remote bundles when its settings name both an http(s) server and remote bundles (whether or not
    the build still has its remote/ folder); None otherwise (no server: remote/ is an ordinary folder of the package)."""
    try:
        names = sorted(n for n in os.listdir(root / "src") if SETTINGS_FILE.match(n))
    except OSError:
        return None
    for name in names:
        found = _remote_settings(root / "src" / name)
        if found is not None:
            server, bundles = found
            if server.startswith(("http://", "https://")) and bundles:
                return RemoteBundles(server, bundles, f"src/{name}")
    return None


def remote_folder_size(root: Path, remote: RemoteBundles) -> tuple[int, int] | None:
    """(files, bytes) of the export's remote/ folder (dot-files aside), or None when the build has none."""
    folder = root / remote.folder
    if not folder.is_dir() or folder.is_symlink():
        return None  # none, or a link that may lead anywhere (remote -> /): never walked, never served (the relay)
    count = size = 0
    for directory, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ALWAYS_SKIPPED]
        for f in files:
            if f.startswith(".") or is_litter(f):
                continue
            try:
                size += os.stat(os.path.join(directory, f)).st_size
            except OSError:
                continue
            count += 1
    return count, size


def _remote_settings(path: Path) -> tuple[str, tuple[str, ...]] | None:
    data = read_regular(path, 1024 * 1024)  # a settings file is a few kB; a link to /dev/zero or a FIFO is none
    try:
        text = data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None
    if text is None:
        return None
    if path.suffix == ".json":
        try:
            data = parse_json(text).value
        except JsonError:
            return None
        if not isinstance(data, dict):
            return None
        nested = data.get("assets")
        assets: dict[str, Any] = nested if isinstance(nested, dict) else data  # 3.6+: under assets
        server, bundles = assets.get("server"), assets.get("remoteBundles")
        if not isinstance(server, str) or not isinstance(bundles, list):
            return None
        return server, tuple(b for b in bundles if isinstance(b, str) and b)
    server_match, bundles_match = JS_SERVER.search(text), JS_REMOTE_BUNDLES.search(text)
    if server_match is None or bundles_match is None:
        return None
    server = server_match.group(1) if server_match.group(1) is not None else server_match.group(2)
    listed = tuple(m.group(1) if m.group(1) is not None else m.group(2) for m in JS_STRING.finditer(bundles_match.group(1)))
    return server, tuple(b for b in listed if b)


def package_files(root: Path) -> list[str]:
    """Every file of the package, as sorted posix paths relative to the root. A Cocos export's remote/ folder is not
    in it when the export names its resource server (remote_bundles): that folder goes to the server."""
    rules = ignore_rules(root)
    if remote_bundles(root) is not None:
        rules.append(IgnoreRule("folder", REMOTE_FOLDER))
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
            if f.startswith(".") or is_litter(f) or any(r.matches(rel) for r in rules):
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


# A Git LFS pointer, what a checkout without LFS holds in a large file's place (GitHub Actions' checkout fetches no LFS
# objects unless asked): `version https://git-lfs.github.com/spec/v1`, `oid sha256:<64 hex>`, `size <bytes>` (the Git
# LFS specification, docs/spec.md). The package TikTok gets holds the file, so its size is the pointer's `size`.
_LFS_POINTER_MAX = 200
_LFS_POINTER = re.compile(rb"\Aversion https://git-lfs\.github\.com/spec/v1\r?\noid sha256:[0-9a-f]{64}\r?\nsize (\d{1,15})\r?\n?\Z")


def _lfs_size(path: Path, size: int) -> int:
    """The size of the file a Git LFS pointer stands for, else the file's own."""
    data = read_regular(path, _LFS_POINTER_MAX)
    match = _LFS_POINTER.match(data) if data is not None and data.startswith(b"version https://git-lfs") else None
    return int(match.group(1)) if match is not None else size


def lfs_pointers(root: Path, files: list[str]) -> list[str]:
    """The package's files that are Git LFS pointers (the checkout lacks the files they stand for)."""
    found = []
    for rel in files:
        try:
            size = (root / rel).stat().st_size
        except OSError:
            continue
        if size <= _LFS_POINTER_MAX and _lfs_size(root / rel, -1) != -1:
            found.append(rel)
    return found


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
        if size <= _LFS_POINTER_MAX:
            size = _lfs_size(root / rel, size)
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
