"""The one edit engine: text edits on exact spans, applied right to left, every untouched character kept.

`lint --fix` and `init --existing` write through it. An edit is (start, end, text) in character offsets of the
file's text as minis-py reads it (UTF-8, a BOM and CRLF line endings included, so they survive); a Fix is the
edits of one finding, safe or unsafe. Files are written atomically (a temp file beside them, then a rename, the
mode kept) and only when they still hold what was read.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ExitCode, MinisError
from .records import field, record

if TYPE_CHECKING:
    from .config import JsonDocument

SAFE = "safe"
UNSAFE = "unsafe"


@record(frozen=True)
class Edit:
    start: int  # character offsets in the file's text, end exclusive
    end: int
    text: str


@record(frozen=True)
class Fix:
    """What one finding's fix does: its edits (all in `path`, the finding's file unless named) and whether it is
    safe (it cannot change what the project means beyond the finding) or unsafe (a guess that needs review)."""

    message: str
    edits: tuple[Edit, ...]
    applicability: str = SAFE
    path: str | None = None

    def with_path(self, path: str) -> Fix:
        return self if self.path else Fix(self.message, self.edits, self.applicability, path)


def replace(start: int, end: int, text: str, message: str, applicability: str = SAFE, path: str | None = None) -> Fix:
    return Fix(message, (Edit(start, end, text),), applicability, path)


def insert(at: int, text: str, message: str, applicability: str = SAFE, path: str | None = None) -> Fix:
    return Fix(message, (Edit(at, at, text),), applicability, path)


class EditRefused(MinisError):
    """An edit that cannot be made (a JSON member added to what is not an object): nothing is written."""

    exit_code = ExitCode.FINDINGS


class Overlap(ValueError):
    """Two edits touch the same characters."""


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """`text` with every edit made, right to left so earlier offsets stay valid; overlapping edits refuse."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for before, after in pairwise(ordered):
        if conflict((before.start, before.end), (after.start, after.end)):
            raise Overlap(f"edits at {before.start}-{before.end} and {after.start}-{after.end} overlap")
    out = text
    for edit in reversed(ordered):
        if not (0 <= edit.start <= edit.end <= len(out)):
            raise Overlap(f"an edit at {edit.start}-{edit.end} is outside the text ({len(out)} characters)")
        out = out[: edit.start] + edit.text + out[edit.end :]
    return out


@record
class Chosen:
    """The fixes of one round that can be applied together: per file, no two overlapping."""

    by_path: dict[str, list[Fix]] = field(default_factory=dict)
    skipped: int = 0  # left for a later round (they overlap one taken now)

    def count(self) -> int:
        return sum(len(v) for v in self.by_path.values())


def choose(fixes: Iterable[Fix]) -> Chosen:
    """Take fixes in order, per file, leaving out any that overlaps one already taken (a later round may get it)."""
    chosen = Chosen()
    taken: dict[str, list[tuple[int, int]]] = {}
    seen: set[tuple[str, tuple[Edit, ...]]] = set()
    for fix in fixes:
        assert fix.path is not None
        key = (fix.path, fix.edits)
        if key in seen:
            continue  # two findings with the same mend (MN101 and MN102 insert once)
        seen.add(key)
        spans = taken.setdefault(fix.path, [])
        if any(_touches(edit, span) for edit in fix.edits for span in spans):
            chosen.skipped += 1
            continue
        spans.extend((e.start, e.end) for e in fix.edits)
        chosen.by_path.setdefault(fix.path, []).append(fix)
    return chosen


def conflict(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two edit ranges touch the same text: they overlap, or both insert at one point (whose order
    would be a guess). Adjacent edits do not conflict."""
    (a_start, a_end), (b_start, b_end) = a, b
    return (a_start < b_end and b_start < a_end) or a_start == a_end == b_start == b_end


def _touches(edit: Edit, span: tuple[int, int]) -> bool:
    return conflict((edit.start, edit.end), span)


class ChangedOnDisk(OSError):
    """The file is not what was read: someone wrote it meanwhile."""


TEMP_SUFFIX = ".minis-tmp"  # `.NAME.<pid>-<host>-<random>.minis-tmp` beside the file (minis_cli.tempfiles)


def write_atomic(path: Path, text: str, expected: str | None = None) -> None:
    """Write `text` (UTF-8) through a temp file beside `path` and a rename, keeping the file's mode (a new file
    gets the usual 0666 less the umask). With `expected` (what was read), an edit made meanwhile is never lost:

    - the file is read again and compared (its content, and its inode, size and mtime) right before the rename;
    - the rename is an atomic exchange where the OS has one (Linux renameat2 RENAME_EXCHANGE, macOS
      renamex_np RENAME_SWAP; else a hard link keeps the old file), so what was replaced is known exactly;
    - that replaced file is checked once more: if another program renamed its own version in, or wrote into the
      file, in between, it is put back and ChangedOnDisk raised.

    What is left is a program that opened the file before the exchange without truncating it and writes only
    after the last check: no portable interface can see that."""
    from .tempfiles import clean_stale, make_file  # start-up: only writing a file needs it, not a fix lint reports

    clean_stale(path.parent, re.escape(f".{path.name}."), TEMP_SUFFIX)
    data = text.encode("utf-8")
    original: _Original | None = None
    if expected is not None:
        original = _Original.open(path, expected.encode("utf-8"))
    try:
        if path.exists() and not os.access(path, os.W_OK):
            raise PermissionError(f"{path} is read-only")
        try:
            mode: int | None = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        handle, temp = make_file(path.parent, f".{path.name}.", TEMP_SUFFIX)
        keep_temp = False
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view) :]
                if mode is not None:
                    os.fchmod(handle, mode)
            finally:
                os.close(handle)
            if original is None:
                os.replace(temp, path)
                return
            keep_temp = _swap_in(path, temp, original)
        finally:
            if not keep_temp and os.path.lexists(temp):
                os.unlink(temp)
    finally:
        if original is not None:
            original.close()


class _Original:
    """The file as verified: an open descriptor on it (its inode stays readable once replaced) and its signature."""

    def __init__(self, fd: int, signature: tuple[int, int, int, int], content: bytes) -> None:
        self.fd = fd
        self.signature = signature
        self.content = content

    @classmethod
    def open(cls, path: Path, expected: bytes) -> _Original:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise ChangedOnDisk(f"{path} cannot be read back ({exc.strerror or exc})") from None
        found = cls(fd, _signature(os.fstat(fd)), expected)
        if not found.unchanged():
            found.close()
            raise ChangedOnDisk(f"{path} changed on disk since it was read")
        return found

    def unchanged(self) -> bool:
        """Whether the file (this inode) still holds what was read, by signature and by content."""
        try:
            if _signature(os.fstat(self.fd)) != self.signature:
                return False
            return os.pread(self.fd, len(self.content) + 1, 0) == self.content if len(self.content) < 1 << 26 else _read_all(self.fd) == self.content
        except OSError:
            return False

    def named_by(self, path: Path | str) -> bool:
        """Whether `path` is still this file, unchanged."""
        try:
            return _signature(os.stat(path)) == self.signature and self.unchanged()
        except OSError:
            return False

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _signature(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _read_all(fd: int) -> bytes:
    chunks, offset = [], 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _swap_in(path: Path, temp: Path, original: _Original) -> bool:
    """Put `temp` in `path`'s place if `path` is still `original`; returns whether `temp` must be kept (it then
    holds someone's edit that could not be put back). Raises ChangedOnDisk when the fix was not written."""
    if not original.named_by(path):
        raise ChangedOnDisk(f"{path} changed on disk since it was read")
    ours = os.stat(temp)
    exchanged = _exchange(temp, path)
    if exchanged is None:
        raise ChangedOnDisk(f"{path} was removed while it was being fixed")
    if exchanged:
        if original.named_by(temp):  # the one verified, unchanged: the fix is in
            return False
        # another program's edit landed between the last check and the exchange: it goes back in place
        if _is(path, ours) and _exchange(temp, path):
            raise ChangedOnDisk(f"{path} changed on disk while it was being fixed; the edit was kept and the fix not written")
        return _keep(path, temp)
    # no exchange here: a hard link keeps the old file reachable while the new one is renamed in
    from .tempfiles import fresh_name  # start-up: as clean_stale above

    link = path.with_name(fresh_name(f".{path.name}.", TEMP_SUFFIX))
    backup: Path | None = link
    try:
        os.link(path, link)
    except OSError:
        backup = None
    try:
        if backup is not None and not original.named_by(backup):
            raise ChangedOnDisk(f"{path} changed on disk since it was read")
        os.replace(temp, path)
        if backup is None or original.named_by(backup):
            return False
        if _is(path, ours):
            os.replace(backup, path)
            raise ChangedOnDisk(f"{path} changed on disk while it was being fixed; the edit was kept and the fix not written")
        os.replace(backup, temp)
        return _keep(path, temp)
    finally:
        if backup is not None and os.path.lexists(backup):
            os.unlink(backup)


def _is(path: Path, info: os.stat_result) -> bool:
    try:
        found = os.stat(path)
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == (info.st_dev, info.st_ino)


def _keep(path: Path, temp: Path) -> bool:
    """Two edits raced the fix: the one replaced is kept beside the file, under a name no clean-up removes."""
    kept = path.with_name(f"{path.name}.minis-kept-{os.getpid()}")
    os.replace(temp, kept)
    raise ChangedOnDisk(f"{path} changed on disk twice while it was being fixed; the earlier edit is in {kept.name}")


_EXCHANGE: list[Callable[[bytes, bytes], int] | None] = []  # the platform's atomic exchange, once looked up: [callable or None]


def _exchange(a: Path, b: Path) -> bool | None:
    """Atomically swap the names `a` and `b`: True when done, False when this OS or file system cannot (the
    caller falls back), None when one of them is gone."""
    if not _EXCHANGE:
        _EXCHANGE.append(_find_exchange())
    function = _EXCHANGE[0]
    if function is None:
        return False
    import ctypes

    if function(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    error = ctypes.get_errno()
    if error == errno.ENOENT:
        return None
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM, errno.EXDEV):
        return False
    raise OSError(error, os.strerror(error), str(b))


def _find_exchange() -> Callable[[bytes, bytes], int] | None:
    import sys

    try:
        import ctypes
    except ImportError:
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
        renameat2.restype = ctypes.c_int
        at_fdcwd, rename_exchange = -100, 2
        return lambda a, b: renameat2(at_fdcwd, a, at_fdcwd, b, rename_exchange)
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        renamex_np = libc.renamex_np
        renamex_np.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint)
        renamex_np.restype = ctypes.c_int
        rename_swap = 2
        return lambda a, b: renamex_np(a, b, rename_swap)
    return None


# --- a JSON file edited in place (init --existing and lint --fix) --------------------------------------------------------------------------------


def insert_member(text: str, document: JsonDocument, path: tuple[str, ...], key: str, value_json: str) -> str:
    """``text`` with `"key": value` added first in the object at ``path``, in the file's own indentation."""
    return apply_edits(text, [member_insertion(text, document, path, key, value_json)])


def apply_member(text: str, document: JsonDocument, path: tuple[str, ...], key: str, value_json: str) -> str:
    """``text`` with `"key": value` in the object at ``path`` (member_edit)."""
    return apply_edits(text, [member_edit(text, document, path, key, value_json)])


def member_edit(text: str, document: JsonDocument, path: tuple[str, ...], key: str, value_json: str) -> Edit:
    """The edit setting `"key": value` in the object at ``path``: the value replaced in place when the key is
    there (a second member of the same name would be ignored by every JSON reader), else added first."""
    container = document.get(path) if path else document.value
    found = document.value_range((*path, key)) if isinstance(container, dict) and key in container else None
    if found is not None:
        return Edit(found[0], found[1], value_json)
    return member_insertion(text, document, path, key, value_json)


def member_insertion(text: str, document: JsonDocument, path: tuple[str, ...], key: str, value_json: str) -> Edit:
    """The edit adding `"key": value` first in the object at ``path``, in the file's own indentation (the one
    code `init --existing` and `lint --fix` use to add a JSON member)."""
    found = document.value_range(path)
    if found is None or text[found[0]] != "{":
        raise EditRefused(f"cannot add '{key}': {'.'.join(path) or 'the file'} is not an object", "Fix the JSON's shape first.")
    start, end = found
    newline = "\r\n" if "\r\n" in text else "\n"
    line_start = text.rfind("\n", 0, start) + 1
    own = text[line_start : len(text) - len(text[line_start:].lstrip(" \t"))]
    inner = text[start + 1 : end - 1]
    following = re.search(r"\n([ \t]*)\S", inner)
    if following:
        indent = following.group(1)
    else:
        indent = own + ("\t" if "\t" in own else "  ")
    empty = not inner.strip()
    if empty:
        return Edit(start + 1, end - 1, f"{newline}{indent}{json.dumps(key)}: {value_json}{newline}{own}")
    if following is None:  # a one-line object, in its own spacing: {"a": 1} or { "a": 1 } or {"a":1,"b":2}
        lead = len(inner) - len(inner.lstrip(" \t"))
        colon = ": " if re.search(r'":\s', inner) else ":"
        comma = "," if colon == ":" or ("," in inner and ", " not in inner) else ", "
        return Edit(start + 1 + lead, start + 1 + lead, f"{json.dumps(key)}{colon}{value_json}{comma}")
    return Edit(start + 1, start + 1, f"{newline}{indent}{json.dumps(key)}: {value_json},")
