"""MN508 (a browser global in a native game) leaves a read behind a check of that global (held-out round of issue 30: a
bundled library's UMD wrapper `if (typeof window !== "undefined") { n = window } else if (typeof global !== ...)`):
it never runs where the global is absent. An unchecked read is still reported."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.lint.rules.project import NATIVE_GAME, NATIVE_GAME_JS
from minis_cli.project import Project


def mn508(make_project, library: str) -> int:
    files = {**NATIVE_GAME, "game.js": NATIVE_GAME_JS + "require('./emitter');\n", "emitter.js": library}
    return sum(d.rule_id == "MN508" for d in run(Project(make_project(files), environ={}), LintOptions(use_cache=False)).diagnostics)


def test_mn508_leaves_a_library_s_check_of_the_global(make_project) -> None:
    lib = 'var n;if(typeof window!=="undefined"){n=window}else if(typeof global!=="undefined"){n=global}else{n=this}\n'
    assert mn508(make_project, lib) == 0
    assert mn508(make_project, "var n = typeof window !== 'undefined' ? window : global;\n") == 0
    assert mn508(make_project, "var n = window;\n") == 1
    assert mn508(make_project, "if (typeof window === 'undefined') { n = window; }\n") == 1


def test_mn508_reads_a_comma_sequence_s_last_expression_as_the_check(make_project) -> None:
    """Round 9 (a React renderer's bundle): a minifier folds a statement into the condition, `if (x(), "undefined" ==
    typeof window || ...) {...} else { window.performance }`: the condition's value is the sequence's last expression."""
    lib = 'var d;if(Object.freeze({}),"undefined"==typeof window||"function"!=typeof MessageChannel){d=0}else{d=window.performance}\n'
    assert mn508(make_project, lib) == 0
    assert mn508(make_project, 'var d;if("undefined"==typeof window,x()){d=0}else{d=window.performance}\n') == 1
