"""A .gitignore of plain names is matched without pathspec (project.PlainNames); it must decide as pathspec does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pathspec import GitIgnoreSpec

from minis_cli.project import PlainNames, gitignore_spec

NAMES = ["dist", "data", "node_modules", ".minis", "minis.zip", ".env.local", "a.b", "...", "-x", "x_1", "Dist", "dist.js", "d"]
LINES = [*NAMES, *(n + "/" for n in NAMES), "", "# dist", "#"]
COMPONENTS = [*NAMES, "src", "x", "index.js", "b"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=8), st.lists(st.sampled_from(COMPONENTS), min_size=1, max_size=4), st.booleans())
def test_plain_names_match_as_pathspec_does(lines: list[str], parts: list[str], folder: bool) -> None:
    spec = gitignore_spec(lines)
    assert isinstance(spec, PlainNames)
    path = "/".join(parts) + ("/" if folder else "")
    assert spec.include(path) == GitIgnoreSpec.from_lines(lines).check_file(path).include, (lines, path)


def test_any_other_gitignore_is_pathspecs() -> None:
    for line in ("*.log", "/dist", "!keep.js", "src/gen", "dist ", " dist", "a\\ b", "**/x", "[ab]", ".", "..", "../"):
        assert not isinstance(gitignore_spec(["dist/", line]), PlainNames), line
