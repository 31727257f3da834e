"""The content-hash cache of per-file results, under the project's .minis/cache/ (git-ignored).

The file is data only: JSON, read back into a few known classes (cachecodec), behind a keyed blake2b MAC made with
the user's own secret (localstate.user_key, outside every project). A cache committed to a repository, handed over
in a pull request or edited by hand fails the check and is ignored with one line saying so: a checkout can neither
run code through it nor plant findings (or hide them) in someone's lint.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import __version__
from ..localstate import read_private, user_key, write_private

try:  # hmac.compare_digest itself; importing hmac loads hashlib and OpenSSL (~5 ms at every start)
    from _operator import _compare_digest as compare_digest
except ImportError:  # pragma: no cover - another Python
    from hmac import compare_digest  # type: ignore[no-redef]

try:  # hashlib.blake2b is this very function; importing hashlib also loads OpenSSL (~3 ms at every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without its own blake2
    from hashlib import blake2b

_keyed = blake2b  # the MAC's own name: file hashing (blake2b, which tests count) stays apart from it
CACHE_ENV = "MINIS_CACHE_DIR"
CACHE_FILE = "lint-cache.json"
_MAGIC = b"minis-py lint cache 3\n"
_MAC_PERSON = b"minis-lint-cache"
_MAC_HEX = 64
_MAX_BYTES = 256 * 1024 * 1024  # far past any project's results: a bigger file is not ours
# A file whose modification time is this close to "now" is hashed on every run: it may still be
# changing within the file system's timestamp granularity (git's "racy" files).
_SETTLED_NS = 2_000_000_000


def code_version() -> str:
    """What the cached results were made by: minis-py's version and a digest of its installed code, once per process.
    An editable install (a checkout) changes its code without changing its version: the digest of the path, size and
    mtime of each .py and .json file the findings may depend on (minis_cli/'s own modules and packages, about 60 stats;
    not the mock, the game host, the server, audit, dev or the commands, which change no finding); a wheel install,
    its RECORD's bytes (each file's hash, one read)."""
    if not _CODE_VERSION:
        _CODE_VERSION.append(f"{__version__}+{_code_digest(Path(__file__).resolve().parents[1])}")
    return _CODE_VERSION[0]


_CODE_VERSION: list[str] = []
# The packages no finding depends on; every other one (lint/, source/, schemas/, a new layer) is in the digest.
_NOT_RULE_CODE = frozenset({"mock", "server", "audit", "dev", "cli", "templates", "node_modules", "__pycache__"})


def _code_digest(package: Path) -> str:
    record = package.parent / f"minis_py-{__version__}.dist-info" / "RECORD"
    try:
        data = record.read_bytes()
    except OSError:
        data = b""
    if b"minis_cli/lint/engine.py," in data:  # installed from a wheel: the package's files are the RECORD's
        return blake2b(data, digest_size=12).hexdigest()
    lines = []
    stack = [str(package)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.endswith((".py", ".json")):
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                lines.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}")
            elif name not in _NOT_RULE_CODE and "." not in name and entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    lines.sort()
    digest = blake2b("\n".join(lines).encode("utf-8", "surrogateescape"), digest_size=12)
    return digest.hexdigest()


def stat_signature(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What tells an unchanged file (as git's index): size, mtime, ctime, inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def settled(signature: tuple[int, int, int, int]) -> bool:
    """Asked right after a read: the file had not changed within the file system's timestamp granularity, so a
    later change shows in its signature (git's "racy" files are the others)."""
    return time.time_ns() - max(signature[1], signature[2]) > _SETTLED_NS


def _mac(key: bytes, body: bytes) -> bytes:
    return _keyed(body, key=key, digest_size=_MAC_HEX // 2, person=_MAC_PERSON).hexdigest().encode()


def _signature(value: Any) -> tuple[int, int, int, int] | None:
    if value is None:
        return None
    if type(value) is not list or len(value) != 4 or any(type(part) is not int for part in value):
        raise ValueError("not a stat signature")
    return (value[0], value[1], value[2], value[3])


class ResultCache:
    """Per-file check results keyed by a hash of the file's bytes and everything the result depends on.

    One JSON file per project; entries not used in a run are dropped when it is saved, so the file never
    grows past the project's size. A cache that cannot be read or written is skipped: it only ever makes a
    run faster; one that is there but fails its integrity check is reported in `notice` (one line). Like
    git's index, it remembers each file's (size, mtime, ctime, inode) with its digest, so an unchanged file
    is not read again to be hashed. Entries stay JSON until asked for (get's `decode`).
    """

    def __init__(self, path: Path, root: Path | None = None) -> None:
        self.path = path
        self.root = root if root is not None else path.parent
        self.notice: str | None = None
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._old_stats: dict[str, tuple[tuple[int, int, int, int] | None, str]] = {}
        self._new_stats: dict[str, tuple[tuple[int, int, int, int] | None, str]] = {}
        self._dirty = False
        self._key, problem = user_key()
        if self._key is None:
            self.notice = f"not using the lint cache: {problem}"
            return
        data = read_private(path, _MAX_BYTES)
        if data is None:
            return
        if not self._load(data):
            self.notice = f"ignoring {self._shown()}: it was not written by minis-py for this user (integrity check failed); it is replaced on this run"

    def _shown(self) -> str:
        try:
            return str(self.path.relative_to(self.root))
        except ValueError:
            return str(self.path)

    def _load(self, data: bytes) -> bool:
        """Take the stored entries if the file is ours and intact; True when nothing is wrong with it (an older
        minis-py's file is fine, merely not used)."""
        head = len(_MAGIC)
        if not data.startswith(_MAGIC) or data[head + _MAC_HEX : head + _MAC_HEX + 1] != b"\n":
            return False
        body = data[head + _MAC_HEX + 1 :]
        if not compare_digest(data[head : head + _MAC_HEX], _mac(self._key or b"", body)):
            return False
        try:
            stored = json.loads(body)
            if type(stored) is not dict or stored.get("version") != code_version():
                return True
            entries, stats = stored["entries"], stored["stats"]
            if type(entries) is not dict or type(stats) is not dict:
                return False
            old_stats = {}
            for name, value in stats.items():
                signature, digest = value
                if type(digest) is not str:
                    return False
                old_stats[name] = (_signature(signature), digest)
        except (ValueError, TypeError, KeyError, RecursionError):
            return False
        self._old, self._old_stats = entries, old_stats
        return True

    @classmethod
    def for_project(cls, root: Path) -> ResultCache:
        """The project's cache: in its .minis/cache/, or with MINIS_CACHE_DIR in that folder, one file for each project
        (named by its folder's path: a folder of several games lints each as its own project, and with one file they
        replaced one another's entries on every run)."""
        if os.environ.get(CACHE_ENV):
            base = Path(os.environ[CACHE_ENV])
            place = _keyed(os.fsencode(os.path.abspath(root)), digest_size=8).hexdigest()  # not blake2b: tests count file hashes
            return cls(base / f"{place}-{CACHE_FILE}", base)
        return cls(root / ".minis" / "cache" / CACHE_FILE, root)

    def digest(self, path: Path, name: str) -> str | None:
        """The blake2b digest of a file's bytes (None if unreadable), without reading an unchanged file."""
        try:
            stat = os.stat(path)
        except OSError:
            return None
        signature = stat_signature(stat)
        known = self._old_stats.get(name)
        if known is not None and known[0] == signature:
            self._new_stats[name] = known
            return known[1]
        try:
            digest = blake2b(path.read_bytes(), digest_size=20).hexdigest()
        except OSError:
            return None
        self.record(name, signature if settled(signature) else None, digest)
        return digest

    def knows(self, name: str) -> bool:
        """Whether the cache holds an earlier version of this file. When it does not, the file's results
        cannot be in it (their keys hold the path), so its digest is needed only to store them: a worker
        that reads the file anyway makes it (engine._FileRunner), not this process ahead of it."""
        return name in self._old_stats

    def record(self, name: str, signature: tuple[int, int, int, int] | None, digest: str) -> None:
        """A digest made of the file whose os.stat before the read gave `signature`: None when the file was racy
        at the read (settled() is asked right after it, where the bytes were read), so its next run reads it
        again; it is still known, so that run looks its results up by content."""
        self._new_stats[name] = (signature, digest)
        self._dirty = True

    def get(self, key: str, decode: Callable[[Any], Any]) -> Any:
        """The stored value for `key` (None if there is none), made by `decode` from its JSON; a value `decode`
        refuses is a miss."""
        raw = self._old.get(key)
        if raw is None:
            return None
        try:
            value = decode(raw)
        except (ValueError, TypeError, KeyError, RecursionError):
            return None
        self._new[key] = raw
        return value

    def discard(self, key: str) -> None:
        """Drop an entry found stale (it is not written back)."""
        if self._new.pop(key, None) is not None:
            self._dirty = True

    def put(self, key: str, value: Any, encode: Callable[[Any], Any]) -> None:
        self._new[key] = encode(value)
        self._dirty = True

    def save(self) -> None:
        if self._key is None:
            return
        if not self._dirty and self.notice is None and len(self._new) == len(self._old) and len(self._new_stats) == len(self._old_stats):
            return
        stats = {name: [None if signature is None else list(signature), digest] for name, (signature, digest) in self._new_stats.items()}
        body = json.dumps({"version": code_version(), "entries": self._new, "stats": stats}, separators=(",", ":")).encode()
        try:
            write_private(self.path, _MAGIC + _mac(self._key, body) + b"\n" + body, self.root)
        except OSError:
            pass
