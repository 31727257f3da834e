"""A project's files as text: what minis-py reads (UTF-8, problems said rather than raised) and which language a file
is in, by its name. The source layer reads a project through these; project.Project is built on them."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Protocol

from ..records import record

HTML_SUFFIXES = (".html", ".htm")
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx")
TS_SUFFIXES = (".ts", ".mts", ".cts", ".tsx")
SFC_SUFFIXES = (".vue", ".svelte")  # single-file components: <script> blocks and markup, checked like a page
# Operating-system litter, never a project's file (not linted, not watched, not packed). macOS's Archive Utility stores
# each file's resource fork and extended attributes as an AppleDouble file (RFC 1740, magic 00 05 16 07) named
# `._<name>`: beside the file on a non-Apple disk, under a `__MACOSX/` folder at the zip's root when zipped (a
# `._game.js` is binary, not JS). Finder leaves `.DS_Store`; Windows Explorer `Thumbs.db` and `desktop.ini`.
LITTER_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
LITTER_FOLDERS = frozenset({"__MACOSX"})
APPLEDOUBLE_PREFIX = "._"


class Files(Protocol):
    """A project's files as the source layer reads them, by their paths relative to its root: project.Project is one
    (its overlays, an editor's unsaved buffers, included), a folder alone another (modules._Files)."""

    def exists(self, path: str) -> bool: ...

    def read(self, path: str) -> FileText: ...


@record(frozen=True)
class FileText:
    """A file's text as minis-py reads it, or why it could not be read."""

    text: str | None
    problem: str | None = None  # "cannot be read: ...", "is not valid UTF-8 ..."
    problem_offset: int | None = None  # character offset of the first undecodable byte


def is_litter(name: str) -> bool:
    """A file name the operating system writes beside a project's files (LITTER_NAMES, AppleDouble `._<name>`)."""
    return name in LITTER_NAMES or name.startswith(APPLEDOUBLE_PREFIX)


def in_litter_folder(path: str) -> bool:
    """A posix path inside a folder of macOS's zip litter (`__MACOSX/`)."""
    return any(part in LITTER_FOLDERS for part in path.split("/")[:-1])


def language_of(path: str) -> str | None:
    """The language of a source file by its name; None for any other file, and for OS litter (`._app.js`)."""
    if is_litter(path.rpartition("/")[2]) or in_litter_folder(path):
        return None
    lower = path.lower()
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(SFC_SUFFIXES):
        return "sfc"
    if lower.endswith(".d.ts"):
        return None
    if lower.endswith(JS_SUFFIXES):
        return "js"
    if lower.endswith(TS_SUFFIXES):
        return "ts"
    return None


def read_text(path: Path) -> FileText:
    """Read a file as UTF-8; problems become a message, never an exception. A regular file only, of at most TEXT_LIMIT
    (read_regular: a checkout's link to /dev/zero or a FIFO is "cannot be read: not a regular file")."""
    try:
        data = _read_regular(path, TEXT_LIMIT, False)
    except OSError as exc:
        return FileText(None, f"cannot be read: {exc.strerror or exc}")
    return decode_text(data)


CONFIG_LIMIT = 4 * 1024 * 1024  # a JSON config or settings file minis-py reads to decide what a folder is
TEXT_LIMIT = 256 * 1024 * 1024  # a project file lint reads (the largest minified bundles are tens of MB)


def _read_regular(path: Path | str, limit: int, partial: bool) -> bytes:
    """read_regular's read, its problems raised as OSError (their strerror said by read_text)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except ValueError as exc:  # a NUL in the path
        raise OSError(0, "not a file name") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        if info.st_size > limit and not partial:
            raise OSError(0, f"larger than {limit // (1024 * 1024)} MB")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            # sized by the file (a read of n bytes allocates n first); one byte more tells a file that grew since
            data = handle.read(min(info.st_size, limit) + 1)
            while len(data) <= limit and (more := handle.read(min(limit + 1 - len(data), 1 << 20))):
                data += more  # it grew (or fstat said less): read on, to the limit
    finally:
        os.close(fd)
    if len(data) > limit:
        if not partial:
            raise OSError(0, f"larger than {limit // (1024 * 1024)} MB")
        return data[:limit]
    return data


def read_regular(path: Path | str, limit: int, *, partial: bool = False) -> bytes | None:
    """A regular file's bytes (through links), or None: missing, unreadable, not a regular file, or larger than `limit`
    (with `partial`, its first `limit` bytes instead). A checkout can hold a link named package.json or game.ts to
    /dev/zero, /dev/tty or a FIFO, which a plain read would never finish (memory) or wait on: opened without blocking,
    and only a regular file is read, never more than `limit`."""
    try:
        return _read_regular(path, limit, partial)
    except OSError:
        return None


def read_regular_text(path: Path | str, limit: int = CONFIG_LIMIT, *, partial: bool = False) -> str | None:
    """read_regular's bytes as text (undecodable bytes replaced), or None."""
    data = read_regular(path, limit, partial=partial)
    return None if data is None else data.decode("utf-8", "replace")


def decode_text(data: bytes) -> FileText:
    """A file's bytes as UTF-8 text; what is not valid UTF-8 is replaced, and said where."""
    try:
        return FileText(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", "replace")
        offset = len(data[: exc.start].decode("utf-8", "replace"))
        return FileText(text, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", offset)
