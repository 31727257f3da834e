"""The one edit engine: text edits on exact spans, applied right to left, every untouched character kept.

`lint --fix` and `init --existing` write through it. An edit is (start, end, text) in character offsets of the
file's text as minis-py reads it (UTF-8, a BOM and CRLF line endings included, so they survive); a Fix is the
edits of one finding, safe or unsafe. Files are written atomically (a temp file beside them, then a rename, the
mode kept) and only when they still hold what was read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from .records import field, record

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


def write_atomic(path: Path, text: str, expected: str | None = None) -> None:
    """Write `text` (UTF-8) through a temp file and a rename, keeping the file's mode; refuse if the file no
    longer holds `expected` (what was read), so a concurrent edit is never lost."""
    if expected is not None:
        try:
            current = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ChangedOnDisk(f"{path} cannot be read back ({exc})") from None
        if current != expected:
            raise ChangedOnDisk(f"{path} changed on disk since it was read")
    if path.exists() and not os.access(path, os.W_OK):
        raise PermissionError(f"{path} is read-only")
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".minis-tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
