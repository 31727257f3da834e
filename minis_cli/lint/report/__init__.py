"""Output formats for lint results: one module per format, each `render(result, view) -> str`."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...positions import LineIndex
from ..engine import LintResult
from ..model import Diagnostic, Rule

FORMATS = ("full", "concise", "json", "sarif", "github", "junit")


@dataclass
class ReportView:
    """What every format needs besides the result: display paths, rule metadata, source lines."""

    cwd: Path
    rules: dict[str, Rule]
    read: Callable[[Path, str], str | None]  # (project root, relative path) -> text
    color: bool = False
    width: int = 100
    _indexes: dict[tuple[Path, str], LineIndex | None] = field(default_factory=dict)

    def display_path(self, result: LintResult, path: str) -> str:
        absolute = result.root / path
        try:
            return Path(os.path.relpath(absolute, self.cwd)).as_posix()
        except ValueError:
            return absolute.as_posix()

    def source_line(self, result: LintResult, diagnostic: Diagnostic, line: int) -> str | None:
        key = (result.root, diagnostic.path)
        if key not in self._indexes:
            text = self.read(result.root, diagnostic.path)
            self._indexes[key] = LineIndex(text) if text is not None else None
        index = self._indexes[key]
        if index is None or not 1 <= line <= index.line_count:
            return None
        return index.line_text(line)


def render(fmt: str, results: list[LintResult], view: ReportView) -> str:
    from . import concise, full, github, json, junit, sarif

    renderers = {"full": full.render, "concise": concise.render, "json": json.render, "sarif": sarif.render, "github": github.render, "junit": junit.render}
    return renderers[fmt](results, view)


def location(diagnostic: Diagnostic) -> tuple[int, int, int, int]:
    """(line, column, end line, end column); a whole-file finding points at 1:1."""
    span = diagnostic.span
    if span is None:
        return 1, 1, 1, 1
    return span.line, span.column, span.end_line, span.end_column
