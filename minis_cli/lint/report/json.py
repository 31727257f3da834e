"""`json`: an array of findings with rule, severity, message, hint, path and span (1-based), and each fix's edits
(`fix`: applicability, message and edits with 1-based line/column spans and character offsets, as ESLint's `fix`)."""

from __future__ import annotations

import json

from ..model import Format, LintResult
from . import ReportView, location

FORMAT = Format("json", "an array of findings with rule, severity, message, hint, path, span and fix edits", machine=True)


def render(results: list[LintResult], view: ReportView) -> str:
    items = []
    for result in results:
        for d in result.diagnostics:
            line, column, end_line, end_column = location(d)
            rule = view.rules.get(d.rule_id)
            items.append(
                {
                    "rule": d.rule_id,
                    "name": rule.name if rule else None,
                    "severity": d.severity.value,
                    "message": d.message,
                    "hint": d.hint,
                    "path": view.display_path(result, d.path),
                    "line": line if d.span else None,
                    "column": column if d.span else None,
                    "end_line": end_line if d.span else None,
                    "end_column": end_column if d.span else None,
                    "fix": _fix(result, d, view),
                }
            )
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _fix(result: LintResult, d, view: ReportView) -> dict | None:
    if d.autofix is None:
        return None
    edits = [
        {
            "path": view.display_path(result, path),
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "offset": start,
            "end_offset": end,
            "content": text,
        }
        for path, start, end, line, column, end_line, end_column, text in view.edit_spans(result, d)
    ]
    return {"applicability": d.autofix.applicability, "message": d.autofix.message, "edits": edits}
