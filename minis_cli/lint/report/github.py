"""`github`: GitHub Actions workflow commands, so each finding is an annotation on its line."""

from __future__ import annotations

from ..model import Format, LintResult
from . import ReportView, location

FORMAT = Format("github", "GitHub Actions workflow commands: each finding an annotation on its line")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: list[LintResult], view: ReportView) -> str:
    lines = []
    for result in results:
        for d in result.diagnostics:
            line, column, end_line, end_column = location(d)
            rule = view.rules.get(d.rule_id)
            title = f"{d.rule_id} {rule.name}" if rule else d.rule_id
            properties = [f"file={_escape_property(view.display_path(result, d.path))}"]
            if d.span is not None:
                properties += [f"line={line}", f"col={column}", f"endLine={end_line}"]
                if end_line == line:
                    properties.append(f"endColumn={end_column}")
            properties.append(f"title={_escape_property(title)}")
            message = d.message + (f"\n{d.hint}" if d.hint else "")
            lines.append(f"::{'error' if d.severity.value == 'error' else 'warning'} {','.join(properties)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
