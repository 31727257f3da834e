"""`concise`: one line a finding, `path:line:col: MN104 message` (`path: MN001 ...` for a whole-file finding), as compilers and editors print them."""

from __future__ import annotations

from ..model import Format, LintResult
from . import ReportView, location

FORMAT = Format("concise", "one line a finding, `path:line:col: MN104 message`, as compilers print them")


def render(results: list[LintResult], view: ReportView) -> str:
    lines = []
    for result in results:
        for d in result.diagnostics:
            line, column, _, _ = location(d)
            where = f"{line}:{column}:" if d.span is not None else ""  # a whole-file finding: no made-up 1:1
            mark = " [*]" if view.fixable(d) else ""
            lines.append(f"{view.display_path(result, d.path)}:{where} {d.rule_id}{mark} {d.message}")
    summary = view.fix_summary(results)
    if summary:
        lines.append(summary)
    return "\n".join(lines) + ("\n" if lines else "")
