"""The regular expressions that read a project's files run in linear time on the inputs that made them slow.

A review of session 21 (after held-out round 25's hang) timed every `re` call site on project text and found six that a
file could make run for seconds to hours: `import` then thousands of blanks (cubic, three places; a 3 KB game.js took 40 s
to lint), a client key's `${` then blanks (cubic), a `.env` line's value then blanks (quadratic, twice), a long run of
word characters before a dispatcher's call (quadratic) and `a$b$c...` before a global alias (quadratic). Each case here
is that input at a size the old pattern took minutes on (and the smaller ones left then, fixed since: a key of
`<`s, a run of `<head `); each must finish within 2 s. Their answers on normal text are
pinned beside them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from time_limit import within

from minis_cli import engines, htmlgame, project
from minis_cli.lint import dependencies
from minis_cli.lint.rules import games, native
from minis_cli.lint.rules import project as project_rules
from minis_cli.source import sdk

BLANKS = " " * 20000

CASES: dict[str, Callable[[], object]] = {
    "htmlgame import": lambda: htmlgame._IMPORT.search("import" + BLANKS + "x"),
    "htmlgame import, newlines": lambda: htmlgame._IMPORT.search("// import" + "\n" * 20000 + "x"),
    "engines import": lambda: engines._RELATIVE_REQUIRE.search("import" + BLANKS + "x"),
    "dependencies import": lambda: dependencies._IMPORT.search("import" + BLANKS + "x"),
    "client key substitution": lambda: sdk._SUBSTITUTION.fullmatch("${" + BLANKS + "x"),
    ".env client key": lambda: project_rules._ENV_KEY_LINE.search("CLIENT_KEY=x" + BLANKS * 2 + "y"),
    ".env line": lambda: project._DOTENV_LINE.match("A=x" + BLANKS * 2 + "y"),
    "dispatcher": lambda: games._dispatched("tt.x(); host[apiName](); " + "7" * 40000, "login"),
    "global alias": lambda: native._GLOBAL_ALIAS.search("a$" * 20000),
    "key placeholder <": lambda: sdk._KEY_PLACEHOLDER.search("<" * 200000),
    "key placeholder {{": lambda: sdk._KEY_PLACEHOLDER.search("{{" * 100000),
    "head": lambda: sdk._HEAD.search("<head " * 100000),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_pattern_is_linear_on_the_input_that_was_slow(name: str) -> None:
    with within(2.0, name):
        CASES[name]()


def test_the_rewritten_patterns_still_read_normal_text() -> None:
    assert htmlgame._IMPORT.search("import { a, b } from './game.js'").group(1) == "./game.js"
    assert htmlgame._IMPORT.search("import './boot.js'").group(1) == "./boot.js"
    assert htmlgame._IMPORT.search("import * as g from '../src/g.js'").group(1) == "../src/g.js"
    assert engines._RELATIVE_REQUIRE.search("import Game, { x } from './dist/game.js'").group(2) == "./dist/game.js"
    found = dependencies._IMPORT.search("import type { A, B } from 'pixi.js'")
    assert found is not None and found.group(1) == "{ A, B }" and found.group(2) == "pixi.js"
    assert sdk._SUBSTITUTION.fullmatch("${ VITE_CLIENT_KEY }").group(1) == "VITE_CLIENT_KEY"
    assert sdk._SUBSTITUTION.fullmatch("${ }") is None
    assert project_rules._ENV_KEY_LINE.search("VITE_CLIENT_KEY = abc123   # the key").group("value") == "abc123"
    assert project_rules._ENV_KEY_LINE.search("CLIENT_KEY=").group("value") == ""
    assert project._DOTENV_LINE.match("export A.B = x y  ").groups() == ("A.B", "x y")
    assert project._DOTENV_LINE.match("A=").groups() == ("A", "")
    assert games._dispatched("tt.x(); host[apiName](); callHost(host, 'login', {});", "login")
    assert not games._dispatched("tt.x(); host[apiName](); tt.canIUse('login');", "login")
    for key, placeholder in {"{{KEY}}": True, "<your key>": True, "a <b> c": True, "{x{{y}}": True, "abc123": False, "x{{y": False, "a < b": False}.items():
        assert bool(sdk._KEY_PLACEHOLDER.search(key)) is placeholder, key
    assert sdk._HEAD.search('<HEAD lang="en">').group() == '<HEAD lang="en">'
    assert native._GLOBAL_ALIAS.search("const G = typeof GameGlobal !== 'undefined' ? GameGlobal : globalThis;").group(1) == "G"
