"""Every rule's trigger pattern runs in time linear in what follows its anchor, whatever the text.

Held-out round 25: a 12 KB TypeScript file with `checkOnTarget(location)` followed by indented lines and `//` comments
never finished linting: NAME_END was a repetition nested in a repetition, so the regex engine tried exponentially many
ways to split a run of blanks and comments before failing. Each case here is such a run after each trigger's anchor,
ending in a character no pattern accepts there; a pattern that backtracks exponentially takes hours on it, a linear one
microseconds.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from time_limit import within

from minis_cli.lint.rules import all_rules
from minis_cli.lint.rules.registry import GAP, NAME_END

# What may follow a name before the next token, one piece at a time (each alone, and in pairs and threes).
PIECES = (" ", "\n    ", "\t", ")", "]", "!", "'", '"', "`", "// note )\n", "/* c */", "/* a */ /* b */", "//\n", ".x", "?.")


def _runs() -> Iterator[str]:
    for size in (1, 2, 3):
        for combo in itertools.product(PIECES, repeat=size):
            yield "".join(combo) * max(1, 36 // size)


RUNS = sorted(set(_runs()), key=len)


def _follows() -> dict[str, re.Pattern[str]]:
    found = {}
    for rule in all_rules():
        for trigger in rule.triggers:
            if trigger.then:
                found[f"{rule.id} {trigger.anchor} {trigger.then[:40]}"] = re.compile(trigger.then)
    return found


FOLLOWS = _follows()


@pytest.mark.parametrize("name", sorted(FOLLOWS))
def test_a_trigger_pattern_fails_fast_after_any_run_of_blanks_comments_and_closers(name: str) -> None:
    pattern = FOLLOWS[name]
    for run in RUNS:
        text = run + "#"
        with within(2.0, f"{name} on {text[:60]!r}... ({len(text)} chars)"):
            pattern.match(text)
            pattern.search(text)


def test_the_building_blocks_still_match_what_they_stand_for() -> None:
    gap = re.compile(GAP + r"=")
    assert gap.fullmatch(" /* a */ // b\n  =")
    assert gap.fullmatch("/* a */ /* b */=")
    assert not gap.fullmatch("// a comment's = is no token\n x")  # a line comment runs to the line's end
    name_end = re.compile(NAME_END + r"\.")
    assert name_end.fullmatch("'] ) !  /* c */\n .")
    assert not name_end.fullmatch("// ) .")  # inside a comment


def test_the_round_25_file_shape_lints_in_time(tmp_path, cli) -> None:
    body = "    checkOnTarget(location)\n    {\n" + "".join(f"        // console.log('---', node{i})\n        let a{i} = {i};\n" for i in range(60)) + "    }\n"
    (tmp_path / "Manager.ts").write_text("export default class Manager {\n" + body + "}\n")
    with within(20.0, "lint on the round 25 file shape"):
        run = cli("lint", "Manager.ts", "--no-cache", "--exit-zero", cwd=tmp_path)
    assert run.exit_code == 0, run.stdout + run.stderr
