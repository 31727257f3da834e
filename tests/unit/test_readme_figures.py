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
