"""The README's figures are the code's: each one a reader may act on is checked here (issue 28: it said 58 rules
when there were 66). The template test counts are checked where the templates' own tests run
(tests/e2e/test_templates.py), the rule table in test_lint_cli, the SDK table in test_sdk_declaration."""

from __future__ import annotations

import re
from pathlib import Path

from minis_cli.lint.rules import all_rules

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_command_table_counts_the_rules() -> None:
    row = next(line for line in README.splitlines() if line.startswith("| `minis-py lint [PATH...]`"))
    stated = re.search(r"(\d+) rules", row)
    assert stated is not None and int(stated.group(1)) == len(all_rules()), f"README's lint row says {stated and stated.group(0)}: there are {len(all_rules())}"


def test_the_formats_in_the_command_table_are_the_formats() -> None:
    from minis_cli.lint.report import FORMATS

    row = next(line for line in README.splitlines() if line.startswith("| `minis-py lint [PATH...]`"))
    stated = re.search(r"(\d+) output formats", row)
    assert stated is not None and int(stated.group(1)) == len(FORMATS)


def test_the_real_world_totals_are_the_fixtures() -> None:
    import json

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "real_world"
    expected = [json.loads(p.read_text()) for p in sorted(fixtures.glob("*/expected.json"))]
    stated = re.search(r"(\d+) layouts, (\d+) expected findings in all, and `dev` starts on (\d+) and refuses (\d+)", README)
    assert stated is not None, "README's real-world totals are missing"
    actual = (
        len(expected),
        sum(len(e.get("findings", [])) for e in expected),
        sum(1 for e in expected if e.get("dev") == "start"),
        sum(1 for e in expected if str(e.get("dev", "")).startswith("refuse")),
    )
    assert tuple(int(g) for g in stated.groups()) == actual, f"README says {stated.group(0)!r}; the fixtures: {actual}"
