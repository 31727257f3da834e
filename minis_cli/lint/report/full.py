"""`full`: findings grouped by file, each with a code frame, the span underlined, and what to try."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ...wording import plural
from ..model import Diagnostic, Format, LintResult
from . import ReportView, location

if TYPE_CHECKING:
    from rich.console import Console

FORMAT = Format("full", "findings grouped by file, each with a code frame, the span underlined, and what to try", colour=True)

FRAME_WIDTH = 110  # longer lines (minified bundles) are shown as a window around the span


def render(results: list[LintResult], view: ReportView) -> str:
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, force_terminal=view.color, no_color=not view.color, width=max(view.width, 60), highlight=False, soft_wrap=True)
    errors = warnings = files_with = checked = 0
    for result in results:
        checked += len(result.files) or 1
        by_path: dict[str, list[Diagnostic]] = {}
        for d in result.diagnostics:
            by_path.setdefault(d.path, []).append(d)
        for path, findings in by_path.items():
            files_with += 1
            console.print(Text(view.display_path(result, path), style="bold underline"))
            for d in findings:
                is_error = d.severity.value == "error"
                errors += is_error
                warnings += not is_error
                line, column, _, _ = location(d)
                head = Text("  ")
                head.append(f"{line}:{column}" if d.span else "file", style="dim")
                head.append("  ")
                head.append("error  " if is_error else "warning", style="bold red" if is_error else "bold yellow")
                head.append(f"  {d.rule_id}  ", style="bold")
                if view.fixable(d):
                    head.append("[*] ", style="bold cyan")
                head.append(d.message)
                console.print(head)
                if d.span is not None:
                    _frame(console, view, result, d)
                if d.hint:
                    hint = Text("      = try: ", style="cyan")
                    hint.append(d.hint)
                    console.print(hint)
            console.print()
    if errors or warnings:
        summary = Text("✗ " if errors else "! ", style="bold red" if errors else "bold yellow")
        summary.append(f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files_with, 'file')}")
        fixes = view.fix_summary(results)
        if fixes:
            summary.append(f"; [*] {fixes}", style="cyan")
    else:
        summary = Text("✓ ", style="bold green")
        summary.append(f"No findings ({plural(checked, 'file')} checked)")
    console.print(summary)
    return out.getvalue()


def _frame(console: Console, view: ReportView, result: LintResult, d: Diagnostic) -> None:
    from rich.text import Text

    assert d.span is not None
    source = view.source_line(result, d, d.span.line)
    if source is None:
        return
    source = source.replace("\t", " ")
    start = d.span.column - 1
    end = d.span.end_column - 1 if d.span.end_line == d.span.line else len(source)
    end = max(end, start + 1)
    shown, offset = source, 0
    if len(source) > FRAME_WIDTH:
        offset = max(0, start - 30)
        shown = source[offset : offset + FRAME_WIDTH]
        if offset:
            shown = "…" + shown[1:]
        if offset + FRAME_WIDTH < len(source):
            shown = shown[:-1] + "…"
    number = str(d.span.line)
    gutter = " " * (len(number) + 4)
    frame = Text(f"    {number} │ ", style="dim")
    frame.append(shown)
    console.print(frame)
    caret_start = start - offset
    caret_len = max(1, min(end - start, len(shown) - caret_start))
    marks = Text(f"{gutter} │ ", style="dim")
    marks.append(" " * caret_start)
    marks.append("^" * caret_len, style="bold red" if d.severity.value == "error" else "bold yellow")
    console.print(marks)
