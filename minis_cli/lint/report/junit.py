"""`junit`: JUnit XML for CI dashboards: a test case per checked file, a failure per finding."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..model import LintResult
from . import ReportView, location


def render(results: list[LintResult], view: ReportView) -> str:
    suites = ET.Element("testsuites", name="minis-py")
    total = failures = 0
    for result in results:
        by_path: dict[str, list] = {}
        for d in result.diagnostics:
            by_path.setdefault(d.path, []).append(d)
        checked = sorted({f.path for f in result.files} | set(by_path))
        suite = ET.SubElement(suites, "testsuite", name=f"minis-py lint {result.root.name}")
        count = fails = 0
        for path in checked:
            shown = view.display_path(result, path)
            findings = by_path.get(path, [])
            if not findings:
                ET.SubElement(suite, "testcase", name=shown, classname=shown)
                count += 1
                continue
            for d in findings:
                line, column, _, _ = location(d)
                where = f"{shown}:{line}:{column}" if d.span is not None else shown
                case = ET.SubElement(suite, "testcase", name=f"{d.rule_id} {where}", classname=shown)
                failure = ET.SubElement(case, "failure", message=d.message, type=f"{d.rule_id} ({d.severity.value})")
                failure.text = f"{where}: {d.rule_id} {d.message}\nWhat to try: {d.hint}"
                count += 1
                fails += 1
        suite.set("tests", str(count))
        suite.set("failures", str(fails))
        suite.set("errors", "0")
        total += count
        failures += fails
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
