"""`sarif`: SARIF 2.1.0 with the rule metadata, for GitHub code scanning and other viewers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ... import __version__
from ..model import Format, LintResult
from . import ReportView, location

FORMAT = Format("sarif", "SARIF 2.1.0 with the rule metadata, for GitHub code scanning", machine=True)

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/minis-py/"


SNIPPET_MAX = 500  # characters of the region quoted as its snippet (a minified bundle's line is not)


def render(results: list[LintResult], view: ReportView) -> str:
    rules = sorted(view.rules.values(), key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(rules)}
    driver_rules = [
        {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.rationale},
            "help": {"text": f"{rule.rationale}\nWhat to try: {rule.fix}", "markdown": f"{rule.rationale}\n\n**What to try:** {rule.fix}"},
            "defaultConfiguration": {"level": "error" if rule.severity.value == "error" else "warning"},
            "properties": {"tags": [rule.family], "precision": "high"},
        }
        for rule in rules
    ]
    sarif_results = []
    for result in results:
        for d in result.diagnostics:
            physical: dict = {"artifactLocation": {"uri": view.display_path(result, d.path), "uriBaseId": "%SRCROOT%"}}
            if d.span is not None:
                line, column, end_line, end_column = location(d)
                physical["region"] = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": max(end_column, 1)}
                source = view.source_line(result, d, line)  # secrets already masked
                if source is not None and end_line == line and end_column - column <= SNIPPET_MAX:
                    physical["region"]["snippet"] = {"text": source[column - 1 : end_column - 1]}
            item: dict[str, Any] = {
                "ruleId": d.rule_id,
                "level": "error" if d.severity.value == "error" else "warning",
                "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
                "locations": [{"physicalLocation": physical}],
            }
            if d.rule_id in index:
                item["ruleIndex"] = index[d.rule_id]
            changes: dict[str, list] = {}
            for path, _, _, line, column, end_line, end_column, text in view.edit_spans(result, d):
                changes.setdefault(path, []).append(
                    {
                        "deletedRegion": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column},
                        "insertedContent": {"text": text},
                    }
                )
            if changes:
                item["fixes"] = [
                    {
                        "description": {"text": d.autofix.message + ("" if d.autofix.applicability == "safe" else " (unsafe: review it)")},
                        "artifactChanges": [
                            {"artifactLocation": {"uri": view.display_path(result, path), "uriBaseId": "%SRCROOT%"}, "replacements": reps}
                            for path, reps in changes.items()
                        ],
                    }
                ]
            sarif_results.append(item)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "minis-py", "version": __version__, "informationUri": INFORMATION_URI, "rules": driver_rules}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(view.cwd).resolve().as_uri() + "/"}},
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
