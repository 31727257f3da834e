"""The content-hash cache of per-file results, under the project's .minis/cache/ (git-ignored)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from .. import __version__

try:  # hashlib.blake2b is this very function; importing hashlib also loads OpenSSL (~3 ms at every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without its own blake2
    from hashlib import blake2b

CACHE_ENV = "MINIS_CACHE_DIR"
_FORMAT = 2
# A file whose modification time is this close to "now" is hashed on every run: it may still be
# changing within the file system's timestamp granularity (git's "racy" files).
_SETTLED_NS = 2_000_000_000


def stat_signature(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What tells an unchanged file (as git's index): size, mtime, ctime, inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def settled(signature: tuple[int, int, int, int]) -> bool:
    """Asked right after a read: the file had not changed within the file system's timestamp granularity, so a
    later change shows in its signature (git's "racy" files are the others)."""
    return time.time_ns() - max(signature[1], signature[2]) > _SETTLED_NS


class ResultCache:
    """Per-file check results keyed by a hash of the file's bytes and everything the result depends on.

    One pickle per project; entries not used in a run are dropped when it is saved, so the file never
    grows past the project's size. A cache that cannot be read or written is silently skipped: it only
    ever makes a run faster. Like git's index, it remembers each file's (size, mtime, ctime, inode) with
    its digest, so an unchanged file is not read again to be hashed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._old_stats: dict[str, tuple[tuple[int, int, int, int] | None, str]] = {}
        self._new_stats: dict[str, tuple[tuple[int, int, int, int] | None, str]] = {}
        self._dirty = False
        import pickle  # here, not at the top: `lint --no-cache` never loads it

        try:
            with open(path, "rb") as handle:
                stored = pickle.load(handle)
            if stored.get("format") == _FORMAT and stored.get("version") == __version__:
                self._old = stored["entries"]
                self._old_stats = stored["stats"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError, ImportError):
            self._old, self._old_stats = {}, {}

    @classmethod
    def for_project(cls, root: Path) -> ResultCache:
        base = Path(os.environ[CACHE_ENV]) if os.environ.get(CACHE_ENV) else root / ".minis" / "cache"
        return cls(base / "lint.pickle")

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

    def get(self, key: str) -> Any:
        value = self._old.get(key)
        if value is not None:
            self._new[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._new[key] = value
        self._dirty = True

    def save(self) -> None:
        if not self._dirty and len(self._new) == len(self._old) and len(self._new_stats) == len(self._old_stats):
            return
        import tempfile  # only when there is something to write: a fully cached run never imports it

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent.parent / ".gitignore"
            if self.path.parent.parent.name == ".minis" and not ignore.exists():
                ignore.write_text("# created by minis-py: local state, never committed\n*\n")
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".lint-", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                stored = {"format": _FORMAT, "version": __version__, "entries": self._new, "stats": self._new_stats}
                import pickle

                pickle.dump(stored, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except OSError:
            pass
