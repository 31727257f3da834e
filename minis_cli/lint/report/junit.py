"""`junit`: JUnit XML for CI dashboards: a test case per checked file, a failure per finding."""

from __future__ import annotations

from ...junit import Case, Failure, Suite, junit_xml
from ..model import Format, LintResult
from . import ReportView, location

FORMAT = Format("junit", "JUnit XML for CI dashboards: a test case per checked file, a failure per finding", machine=True)


def render(results: list[LintResult], view: ReportView) -> str:
    return junit_xml("minis-py", (_suite(result, view) for result in results))


def _suite(result: LintResult, view: ReportView) -> Suite:
    by_path: dict[str, list] = {}
    for d in result.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    cases = []
    for path in sorted({f.path for f in result.files} | set(by_path)):
        shown = view.display_path(result, path)
        findings = by_path.get(path, [])
        if not findings:
            cases.append(Case(shown, shown))
        for d in findings:
            line, column, _, _ = location(d)
            where = f"{shown}:{line}:{column}" if d.span is not None else shown
            failure = Failure(d.message, f"{d.rule_id} ({d.severity.value})", f"{where}: {d.rule_id} {d.message}\nWhat to try: {d.hint}")
            cases.append(Case(f"{d.rule_id} {where}", shown, failure))
    return Suite(f"minis-py lint {result.root.name}", cases)
