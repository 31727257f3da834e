"""The check engine's data: severities, diagnostics, rules and their documented examples."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..positions import Span


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def letter(self) -> str:
        return "E" if self is Severity.ERROR else "W"


class Scope(enum.Enum):
    """What a rule's check() looks at."""

    PROJECT = "project"  # package.json, minis.config.json, the environment
    PAGE = "page"  # the entry HTML and the scripts it loads, in order
    FILE = "file"  # one file at a time (cacheable by content hash)


@dataclass(frozen=True)
class Diagnostic:
    """One finding: where, which rule, what, and what to try."""

    path: str
    span: Span | None
    rule_id: str
    message: str
    severity: Severity
    hint: str = ""

    @property
    def sort_key(self) -> tuple[str, Span, str, str]:
        """Report order: by file, then position (whole-file findings first), then rule."""
        return self.path, self.span or _FILE_START, self.rule_id, self.message


_FILE_START = Span(0, 0, 0, 0)


@dataclass(frozen=True)
class Example:
    """A documented example project: files laid over the baseline project (None deletes a file)."""

    files: Mapping[str, str | bytes | None]
    client_key: str | None = None  # as --client-key
    environ: Mapping[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Rule:
    """A check and its documentation; `minis-py rule ID`, the README and SARIF render from this."""

    id: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    fix: str
    bad: Example
    good: Example
    scope: Scope
    check: Callable[..., Any] = field(compare=False, repr=False)
    # Necessary conditions, one of which must hold in a script's text for this rule to find anything in
    # it; never the detection itself (that is tree-sitter's). Scripts no selected rule's triggers match
    # are not parsed at all: the prefilter of the bulk path (see README: Performance).
    triggers: tuple[Trigger, ...] = ()
    # Whether the rule can fire at all with this file's settings (MN407 needs trustedDomains).
    active: Callable[[Any], bool] | None = field(default=None, compare=False, repr=False)

    @property
    def family(self) -> str:
        return self.id[:3] + "xx"

    def triggered(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """Whether this rule could find anything in text[start:end] (always, for a rule without triggers)."""
        return not self.triggers or any(t.found_in(text, start, end) for t in self.triggers)


_IDENTIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


@dataclass(frozen=True)
class Trigger:
    """Text a finding needs: the anchor (found with str.find, at C speed), then optionally a regex that
    must match right after it (for example `=` after `location.href`, allowing comments between)."""

    anchor: str
    then: str = ""
    word: bool = True  # the anchor is a whole identifier, not part of a longer one
    ignore_case: bool = False

    @cached_property
    def _then(self) -> re.Pattern[str] | None:
        return re.compile(self.then) if self.then else None

    def found_in(self, text: str, start: int = 0, end: int | None = None) -> bool:
        end = len(text) if end is None else end
        anchor = self.anchor
        if self.ignore_case:
            text = text[start:end].lower()
            anchor = anchor.lower()
            start, end = 0, len(text)
        follow = self._then
        size = len(anchor)
        pos = text.find(anchor, start, end)
        while pos != -1:
            after = pos + size
            if not self.word or (
                (pos == 0 or text[pos - 1] not in _IDENTIFIER_CHARS) and (after >= len(text) or text[after] not in _IDENTIFIER_CHARS)
            ):
                if follow is None or follow.match(text, after, end):
                    return True
            pos = text.find(anchor, pos + 1, end)
        return False
