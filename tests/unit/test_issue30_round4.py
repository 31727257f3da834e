"""Issue 30, measured on real projects (round 4): the false findings and the gaps nine public projects showed, each
modelled in general on small projects of our own."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions, Severity
from minis_cli.project import Project


def found(make_project, files, rule: str, **options) -> list:
    root = make_project(files)
    return [d for d in run(Project(root, environ={}), LintOptions(use_cache=False, **options)).diagnostics if d.rule_id == rule]


# --- MN209: the scope of a Login Kit URL built by concatenation or a template --------------------------------------

LOGIN_URLS = {
    "concatenation": (
        "const KEY = 'awexample123';\nexport function login() {\n  location.href =\n    'https://www.tiktok.com/v2/auth/authorize/?' +\n"
        "    'client_key=' + KEY +\n    '&scope=user.info.profile' +\n    '&response_type=code&state=' + state();\n}\n",
        6,
    ),
    "template with a const scope": (
        "const SCOPES = 'user_info';\n"
        "export const url = (key, state) => `https://www.tiktok.com/v2/auth/authorize/?client_key=${key}&scope=${SCOPES}&state=${state}`;\n",
        2,
    ),
    "a const URL base": (
        "const AUTH = 'https://www.tiktok.com/v2/auth/authorize/';\n"
        "export const url = (key, state) => AUTH + '?client_key=' + key + '&scope=user.info.basic,video.upload&state=' + state;\n",
        2,
    ),
}


def test_mn209_reads_the_scope_of_a_login_url_built_from_pieces(make_project) -> None:
    """Real projects: a Login Kit URL built with `+` over lines (`"...authorize/?" + "client_key=" + KEY +
    "&scope=user.info.profile" + ...`) was not read, as one piece held the host and another the scope."""
    results = {name: found(make_project, {"src/login.js": js}, "MN209") for name, (js, _) in LOGIN_URLS.items()}
    assert [(d.span.line, d.severity) for d in results["concatenation"]] == [(6, Severity.WARNING)]
    assert "'user.info.profile' in the Login Kit URL" in results["concatenation"][0].message
    assert [(d.span.line, d.severity) for d in results["template with a const scope"]] == [(2, Severity.ERROR)]
    assert [(d.span.line, d.severity) for d in results["a const URL base"]] == [(2, Severity.WARNING)]
    assert "'video.upload'" in results["a const URL base"][0].message


def test_mn209_leaves_a_scope_it_cannot_read(make_project) -> None:
    js = (
        "export const a = (scope) => 'https://www.tiktok.com/v2/auth/authorize/?client_key=k' + '&scope=' + scope + '&state=s';\n"
        "export const b = (s) => `https://www.tiktok.com/v2/auth/authorize/?scope=${s.join(',')}&state=x`;\n"
        "export const c = 'https://www.tiktok.com/v2/auth/authorize/?client_key=k&scope=user.info.basic' + '&state=' + s;\n"
    )
    assert found(make_project, {"src/login.js": js}, "MN209") == []
