"""Every rule documents a failing and a passing example; both are tested here against the engine."""

from __future__ import annotations

import re

import pytest

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.lint.rules import BASELINE_FILES, all_rules
from minis_cli.project import Project

RULES = all_rules()
# the ids of RULES.md not withdrawn, plus MN017 (file-unreadable), MN023 (file-too-complex), the native-game rules
# MN018-MN022, MN507-MN509, and MN412 (third-party-video-player)
RULE_COUNT = 69


def lint_example(make_project, example) -> list[str]:
    root = make_project(dict(example.files))
    result = run(Project(root, environ=dict(example.environ)), LintOptions(client_key=example.client_key, use_cache=False))
    return [d.rule_id for d in result.diagnostics]


def test_the_baseline_project_passes_every_rule(make_project) -> None:
    root = make_project({})
    assert run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics == []
    assert set(BASELINE_FILES) == {"package.json", "minis.config.json", "index.html"}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_failing_example_fires_the_rule(rule, make_project) -> None:
    assert rule.id in lint_example(make_project, rule.bad)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_passing_example_does_not_fire_the_rule(rule, make_project) -> None:
    assert lint_example(make_project, rule.good) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_metadata_is_complete(rule) -> None:
    assert re.fullmatch(r"MN[0-5]\d\d", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.name)
    for text in (rule.summary, rule.rationale, rule.fix):
        assert len(text) > 20 and not text[0].isspace() and text.rstrip()[-1] in ".)`'\"", text


def test_ids_and_names_are_unique() -> None:
    assert len({r.id for r in RULES}) == len({r.name for r in RULES}) == len(RULES) == RULE_COUNT
