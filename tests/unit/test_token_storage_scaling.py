"""MN303 (a token in web storage) follows the names a stored value holds, and a minified engine file binds a name to a
huge object that names itself (emscripten's `var FS = {...}`, whose methods call FS.x): each name's binding and each
value's answer are looked up once per script, so the work grows with the file, not with its square. Before, an
IndexedDB `files.put(FS.m3('/a'), '/a')` walked the whole object again for every FS inside it: 200 members took
1.6 s of lint, 400 7.6 s, 800 42 s."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.lint.rules import security
from minis_cli.lint.rules.sdk import GOOD_INIT, SDK_TAG, page_html
from minis_cli.project import Project
from minis_cli.source.javascript import Script
from minis_cli.source.syntax import descendants

PAGE = page_html(SDK_TAG + GOOD_INIT, '  <script src="src/a.js"></script>\n')


def engine_object(members: int, token_word: bool) -> str:
    """The shape of emscripten's FS: an object bound to a name, its methods naming it, and an IndexedDB put of it."""
    body = ",\n".join(f"  m{i}: function (path) {{ return FS.m{i + 1}(FS.lookup(path), FS, path) }}" for i in range(members))
    head = "var accessToken = null;\n" if token_word else ""  # a token word elsewhere in the file: the walk runs
    return f"{head}var indexedDB = self.indexedDB;\nvar FS = {{\n{body},\n  lookup: function (p) {{ return FS.m0(p) }}\n}};\nfiles.put(FS.m3('/a'), '/a');\n"


def mn303_visits(make_project, monkeypatch: pytest.MonkeyPatch, js: str) -> tuple[int, float, int]:
    """(MN303's findings, its seconds, the syntax nodes its walks visited) on a project of this one script."""
    visited = 0

    def counted(node):  # type: ignore[no-untyped-def]
        nonlocal visited
        for child in descendants(node):
            visited += 1
            yield child

    monkeypatch.setattr(security, "descendants", counted)
    root = make_project({"index.html": PAGE, "src/a.js": js})
    start = time.perf_counter()
    diagnostics = run(Project(root, environ={}), LintOptions(select=("MN303",), use_cache=False, jobs=1)).diagnostics
    return sum(d.rule_id == "MN303" for d in diagnostics), time.perf_counter() - start, visited


def tree_size(js: str) -> int:
    script = Script(js, "javascript", path="src/a.js")
    return sum(1 for _ in descendants(script.tree.root_node))


def test_a_self_naming_engine_object_is_walked_a_bounded_number_of_times(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    js = engine_object(400, token_word=True)
    found, _, visited = mn303_visits(make_project, monkeypatch, js)
    assert found == 0
    # Each value is walked at most once per depth (0, 1, 2): a few times the file. Before: 400 times the file and more.
    assert visited <= 4 * tree_size(js), (visited, tree_size(js))


def test_a_script_that_never_spells_a_token_is_not_walked(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    found, _, visited = mn303_visits(make_project, monkeypatch, engine_object(400, token_word=False))
    assert (found, visited) == (0, 0)


def test_sixteen_hundred_members_take_seconds_not_minutes(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    """0.6 s on the 2-core development machine, parse included (before: minutes); the limit leaves room for a loaded one."""
    _, seconds, _ = mn303_visits(make_project, monkeypatch, engine_object(1600, token_word=True))
    assert seconds < 2.0


def test_a_token_held_by_a_named_value_is_still_found(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The memoised answers keep the findings: a name bound to an object that holds a token, one and two names deep."""
    cases: Iterator[str] = iter(
        (
            "const session = { access_token: t };\nlocalStorage.setItem('s', JSON.stringify(session));\n",
            "const inner = { refreshToken: r };\nconst outer = { inner };\nlocalStorage.setItem('s', JSON.stringify(outer));\n",
            "function save() {\n  const s = {};\n  s.access_token = t;\n  localStorage.setItem('s', JSON.stringify(s));\n}\n",
        )
    )
    for js in cases:
        found, _, _ = mn303_visits(make_project, monkeypatch, js)
        assert found == 1, js
