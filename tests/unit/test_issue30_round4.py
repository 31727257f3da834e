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


# --- the SDK's name built from constant pieces -----------------------------------------------------------------------

SDK_TAG = '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'
SPLIT_NAMES = {
    "the name itself": "window.TTMinis",
    "concatenation": "window['TT' + 'Minis']",
    "three pieces": 'globalThis["T" + "T" + "Minis"]',
    "template without substitutions": "window[`TTMinis`]",
    "in parentheses": "window[('TT' + `Minis`)]",
}


def split_name_project(sdk: str) -> dict[str, str | None]:
    main = (
        f"const sdk = {sdk};\nsdk.init({{ clientKey: 'awother0001' }});\n"
        f"{sdk}.authorize({{ scope: 'user_info', success: show, fail: show }});\n"
        "const get = () => " + sdk + ";\nget().getUserProfile({});\n"
    )
    page = f'<!doctype html>\n<html>\n<head>\n{SDK_TAG}\n</head>\n<body>\n<script type="module" src="/src/main.js"></script>\n</body>\n</html>\n'
    return {"index.html": page, "minis.config.json": '{"dev": {"clientKey": "awexample123"}}', "src/main.js": main}


def test_the_sdk_under_a_name_built_from_constant_pieces(make_project) -> None:
    """`window['TT' + 'Minis']` (and a template literal without substitutions) is the SDK, as `window.TTMinis` is:
    the init call is seen (no MN102), and the calls through it are checked (MN104, MN202, MN203, MN209, MN208)."""
    for name, sdk in SPLIT_NAMES.items():
        root = make_project(split_name_project(sdk))
        found = [
            f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id}"
            for d in run(Project(root, environ={}), LintOptions(use_cache=False, ignore=("MN001", "MN003", "MN207"))).diagnostics
        ]
        assert found == [f"src/main.js:{line}: {rule}" for line, rule in ((2, "MN104"), (3, "MN202"), (3, "MN203"), (3, "MN209"), (5, "MN208"))], name


def test_a_module_offering_the_sdk_under_a_name_built_from_pieces(make_project) -> None:
    files = {"src/sdk.js": "export const sdk = window['TT' + 'Minis'];\n", "src/main.js": "import { sdk } from './sdk';\nsdk.getUserProfile({});\n"}
    assert [(d.path, d.span.line) for d in found(make_project, files, "MN208")] == [("src/main.js", 2)]


def test_a_name_built_from_pieces_that_is_not_the_sdk(make_project) -> None:
    main = "const other = window['TT' + 'Other'];\nother.getUserProfile({});\nwindow['TT' + name].getUserProfile({});\n"
    assert found(make_project, {"src/main.js": main}, "MN208") == []
