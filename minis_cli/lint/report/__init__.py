"""Output formats for lint results: one module per format, each `render(result, view) -> str`."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path

from ...positions import LineIndex
from ...records import field, record, replace
from ..model import Diagnostic, LintResult, Rule

__all__ = ["Redactor", "ReportView", "location", "render"]


# A literal given to a secret-named key or variable (`client_secret: '...'`, `"clientSecret": "..."`,
# `CLIENT_SECRET = `...``), and the unquoted value of an env file's `TIKTOK_CLIENT_SECRET=...` line.
_SECRET_LITERAL = re.compile(r"""(?i:client_?secret)["']?\s*[:=]\s*(["'`])((?:(?!\1)[^\\\n]|\\.){4,})\1""")
_SECRET_ENV_LINE = re.compile(r"""(?im)^[ \t]*(?:export[ \t]+)?\w*CLIENT_SECRET[ \t]*=[ \t]*([^\s"'`#]{4,})""")


class Redactor:
    """Every byte of a client secret in what a report prints becomes '*' (same length, so carets still line
    up): the values minis-py knows (the environment, .env files, the mock's secret) and any literal given to a
    `client_secret`-like name in the files the report quotes. Applied to every format, for every finding."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.values: set[str] = {s for s in secrets if s}

    def learn(self, text: str) -> None:
        self.values.update(match.group(2) for match in _SECRET_LITERAL.finditer(text))
        self.values.update(match.group(1) for match in _SECRET_ENV_LINE.finditer(text))

    def __call__(self, text: str) -> str:
        if not self.values or not text:
            return text
        for value in sorted(self.values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, "*" * len(value))
        return text


@record
class ReportView:
    """What every format needs besides the result: display paths, rule metadata, source lines."""

    cwd: Path
    rules: dict[str, Rule]
    read: Callable[[Path, str], str | None]  # (project root, relative path) -> text
    color: bool = False
    width: int = 100
    _indexes: dict[tuple[Path, str], LineIndex | None] = field(default_factory=dict)
    redact: Redactor = field(default_factory=Redactor)
    unsafe_fixes: bool = False  # whether unsafe fixes count as fixable (--unsafe-fixes)

    def fixable(self, diagnostic: Diagnostic) -> bool:
        """Whether `lint --fix` (with the flags given) would mend it: the [*] mark."""
        fix = diagnostic.autofix
        return fix is not None and (fix.applicability == "safe" or self.unsafe_fixes)

    def edit_spans(self, result: LintResult, diagnostic: Diagnostic) -> list[tuple[str, int, int, int, int, int, int, str]]:
        """The fix's edits as (path, start offset, end offset, line, column, end line, end column, new text)."""
        fix = diagnostic.autofix
        if fix is None:
            return []
        path = fix.path or diagnostic.path
        key = (result.root, path)
        if key not in self._indexes:
            text = self.read(result.root, path)
            self._indexes[key] = LineIndex(text) if text is not None else None
        index = self._indexes[key]
        if index is None:
            return []
        out = []
        for edit in fix.edits:
            span = index.span(edit.start, edit.end)
            out.append((path, edit.start, edit.end, span.line, span.column, span.end_line, span.end_column, edit.text))
        return out

    def fix_summary(self, results: list[LintResult]) -> str:
        """ "N fixable with --fix" (and the unsafe ones hidden behind --unsafe-fixes), or "" when none."""
        fixes = [d.autofix for r in results for d in r.diagnostics if d.autofix is not None]
        safe = sum(1 for f in fixes if f.applicability == "safe")
        unsafe = len(fixes) - safe
        if self.unsafe_fixes:
            return f"{len(fixes)} fixable with --fix --unsafe-fixes" if fixes else ""
        if not fixes:
            return ""
        if not safe:  # only unsafe fixes: never "0 fixable with --fix"
            return f"{unsafe} fixable with --fix --unsafe-fixes (none with --fix alone)"
        return f"{safe} fixable with --fix" + (f" ({unsafe} more with --unsafe-fixes)" if unsafe else "")

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
        return self.redact(index.line_text(line))

    def prepare(self, results: list[LintResult]) -> list[LintResult]:
        """The results with every secret masked in messages and hints; the quoted files' literal secrets
        learnt first, so no format can print one (excerpts, snippets, messages)."""
        for result in results:
            self.redact.values.update(s for s in result.secrets if s)
            for path in {d.path for d in result.diagnostics}:
                text = self.read(result.root, path)
                if text:
                    self.redact.learn(text)
        return [
            replace(result, diagnostics=[replace(d, message=self.redact(d.message), hint=self.redact(d.hint)) for d in result.diagnostics])
            for result in results
        ]


def render(fmt: str, results: list[LintResult], view: ReportView) -> str:
    """The report in format `fmt` (a name in lint/formats.py's FORMATS: its module, lint/report/FMT.py)."""
    if fmt.startswith("_") or not fmt.isidentifier():
        raise KeyError(fmt)
    try:
        renderer = import_module(f"{__name__}.{fmt}").render
    except ModuleNotFoundError:
        raise KeyError(fmt) from None
    return view.redact(renderer(view.prepare(results), view))


def location(diagnostic: Diagnostic) -> tuple[int, int, int, int]:
    """(line, column, end line, end column); a whole-file finding points at 1:1."""
    span = diagnostic.span
    if span is None:
        return 1, 1, 1, 1
    return span.line, span.column, span.end_line, span.end_column
