"""The check engine's data: severities, diagnostics, rules and their documented examples."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: where, which rule, what, and what to try."""

    path: str
    span: Span | None
    rule_id: str
    message: str
    severity: Severity = field(compare=False)
    hint: str = field(default="", compare=False)


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
    # Words one of which must occur in a file's text for this rule to find anything there: files with
    # none of the selected rules' words are not parsed at all (the prefilter of the bulk path).
    triggers: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return self.id[:3] + "xx"
