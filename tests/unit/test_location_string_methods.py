r"""MN409 is navigation through the location object (location.replace(url), location.assign(url)): a string method
on one of its parts (location.search.replace(/^\?/, ''), location.hash.replace('#', '')) reads the URL and navigates
nowhere (seen on a real drama project's search page, held-out round of issue 30). Each file also sets location.hash,
which is no navigation either but lets the rule's prefilter through, as an `const location = useLocation()` did there."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project


def mn409(make_project, js: str) -> list[str]:
    root = make_project({"src/a.js": "location.hash = '#top';\n" + js})
    return [d.message for d in run(Project(root, environ={}), LintOptions(use_cache=False, ignore=("MN207",))).diagnostics if d.rule_id == "MN409"]


def test_string_methods_on_a_part_of_location_are_not_navigation(make_project) -> None:
    for js in (
        "const query = location.search.replace(/^\\?/, '');",
        "const tab = window.location.hash.replace('#', '');",
        "const path = document.location.pathname.replace(/\\/$/, '');",
        "const clean = location.href.replace(location.hash, '');",
    ):
        assert mn409(make_project, js) == [], js


def test_the_location_object_s_own_replace_and_assign_still_navigate(make_project) -> None:
    for js in ("location.replace('/y');", "window.location.replace(next);", "document.location.assign('/x');", "top.location.replace('/z');"):
        assert len(mn409(make_project, js)) == 1, js
