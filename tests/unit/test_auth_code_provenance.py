"""MN205 (an auth code stored on the client) follows where the stored value comes from, not what it is called
(held-out round of issue 30: a real drama's `localStorage.setItem('locale', code)`, where `code` is a language code,
and `localStorage.setItem('mail-code-expire', ...)` were reported). An auth code is a login/authorize result's code
(their callbacks, their awaited or then result), TikTok Login Kit's authResponse.code, an OAuth redirect's `code` URL
parameter, or a value stored under a key that names one (auth_code, authCode, oauth_code, tiktok_code)."""

from __future__ import annotations

import time

import pytest

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.lint.rules import auth
from minis_cli.lint.rules.sdk import GOOD_INIT, SDK_TAG, page_html
from minis_cli.project import Project
from minis_cli.source.javascript import Script
from minis_cli.source.syntax import descendants

PAGE = page_html(SDK_TAG + GOOD_INIT, '  <script src="src/a.js"></script>\n')  # the page loads the script


def mn205(make_project, js: str) -> int:
    root = make_project({"index.html": PAGE, "src/a.js": js})
    return sum(d.rule_id == "MN205" for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics)


NOT_AN_AUTH_CODE = {
    "a locale named code": "export function selectLocale(code) {\n  if (current === code) return;\n  localStorage.setItem('locale', code);\n}",
    "a key containing code": "localStorage.setItem('mail-code-expire', (Date.now() + 60000).toString());",
    "an API's status code": "fetch('/api').then((r) => r.json()).then((res) => { localStorage.setItem('last', res.code); });",
    "a key 'code' with a country code": "const code = country.iso;\nlocalStorage.setItem('code', code);",
    "an invite code": "localStorage.setItem('invite_code', params.invite);",
    "another URL parameter": "localStorage.setItem('ref', new URLSearchParams(location.search).get('ref'));",
}
AN_AUTH_CODE = {
    "a login callback's res.code": "TTMinis.login({ success: (res) => localStorage.setItem('c', res.code), fail: show });",
    "a login method callback": "TTMinis.login({ success(res) { sessionStorage.setItem('x', res.code); }, fail: show });",
    "a destructured callback": "TTMinis.authorize({ scope: 'user.info.basic', success: ({ code }) => { localStorage.x = code; }, fail: show });",
    "an awaited login": (
        "async function go() {\n  const res = await TTMinis.login({ fail: show });\n  const code = res.code;\n  localStorage.setItem('k', code);\n}"
    ),
    "a login Promise's then": "TTMinis.login({ fail: show }).then((r) => { document.cookie = 'c=' + r.code; });",
    "a cookie named for it": "document.cookie = 'code=' + res.code;\ndocument.cookie = 'auth_code=' + value;",
    "an OAuth redirect's parameter": "const code = new URLSearchParams(location.search).get('code');\nlocalStorage.setItem('pending', code);",
    "a React router's parameters": "const [params] = useSearchParams();\nsessionStorage.setItem('p', params.get('code'));",
    "a key naming an auth code": "localStorage.setItem('authCode', value);",
    "Login Kit's authResponse": "sessionStorage.code = authResponse.code;",
    "a provider's code key": "localStorage['tiktok_code'] = x;",
    "an object keyed as one": "localStorage.setItem('login', JSON.stringify({ oauth_code: value }));",
}


@pytest.mark.parametrize("case", sorted(NOT_AN_AUTH_CODE))
def test_a_value_merely_named_code_is_no_auth_code(make_project, case: str) -> None:
    assert mn205(make_project, NOT_AN_AUTH_CODE[case]) == 0, case


@pytest.mark.parametrize("case", sorted(AN_AUTH_CODE))
def test_an_auth_code_stored_is_reported(make_project, case: str) -> None:
    assert mn205(make_project, AN_AUTH_CODE[case]) >= 1, case


def test_an_engine_object_bound_to_a_name_is_walked_once(make_project) -> None:
    """Issue 29: WeChat's Unity converter output (webgl.wasm.framework.unityweb.js, 450 KB of emscripten glue) binds
    `var FS = {...}` to a huge object whose methods name FS again; an IndexedDB `files.put(FS.x(path), path)` made
    MN205 walk that object again for every FS inside it, four levels deep: lint did not finish in 15 minutes. Each
    scope's names and each value's answer are now looked up once."""
    members = ",\n".join(f"  m{i}: function (path) {{ return FS.m{i + 1}(FS.lookup(path), FS, path) }}" for i in range(200))
    js = f"var indexedDB = self.indexedDB;\nvar FS = {{\n{members},\n  lookup: function (p) {{ return FS.m0(p) }}\n}};\nfiles.put(FS.m3('/a'), '/a');\n"
    assert mn205(make_project, js) == 0


ESCAPED_AUTH_CODES = {
    "an escaped parameter name": "localStorage.setItem('p', new URLSearchParams(location.search).get('\\x63ode'));",
    "an identity escape": "localStorage.setItem('p', new URLSearchParams(location.search).get('co\\de'));",
    "an escaped key": "localStorage.setItem('login', JSON.stringify({ 'auth\\u005fcode': value }));",
    "a key across a line continuation": "localStorage.setItem('login', JSON.stringify({ 'oauth_\\\ncode': value }));",
}


@pytest.mark.parametrize("case", sorted(ESCAPED_AUTH_CODES))
def test_an_auth_code_spelled_with_escapes_is_still_reported(make_project, case: str) -> None:
    """MN205 first asks whether the script could hold an auth code at all, from its text: escapes must not hide one."""
    assert mn205(make_project, ESCAPED_AUTH_CODES[case]) >= 1, case


def engine_object(members: int, head: str = "") -> str:
    """emscripten's FS shape: an object bound to a name, its methods naming it, and an IndexedDB put of it."""
    body = ",\n".join(f"  m{i}: function (path) {{ return FS.m{i + 1}(FS.lookup(path), FS, path) }}" for i in range(members))
    return f"{head}var indexedDB = self.indexedDB;\nvar FS = {{\n{body},\n  lookup: function (p) {{ return FS.m0(p) }}\n}};\nfiles.put(FS.m3('/a'), '/a');\n"


def mn205_work(make_project, monkeypatch: pytest.MonkeyPatch, js: str) -> tuple[int, float, int]:
    """(MN205's findings, its seconds, the syntax nodes auth.py's walks visited), MN205 alone, in this process."""
    visited = 0

    def counted(node):  # type: ignore[no-untyped-def]
        nonlocal visited
        for child in descendants(node):
            visited += 1
            yield child

    monkeypatch.setattr(auth, "descendants", counted)
    root = make_project({"index.html": PAGE, "src/a.js": js})
    start = time.perf_counter()
    diagnostics = run(Project(root, environ={}), LintOptions(select=("MN205",), use_cache=False, jobs=1)).diagnostics
    return sum(d.rule_id == "MN205" for d in diagnostics), time.perf_counter() - start, visited


def test_an_engine_file_that_never_logs_in_is_not_walked(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Most engine files never call login/authorize nor spell an auth code: MN205 does not walk their values (1,600
    members: 0.3 s with the parse; before: 1.7 s, and 1,600 x the object's nodes visited)."""
    found, seconds, visited = mn205_work(make_project, monkeypatch, engine_object(1600))
    assert (found, visited) == (0, 0)
    assert seconds < 2.0


def test_an_engine_object_in_a_file_that_logs_in_is_walked_a_few_times(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a login call in the file the walk runs, each value answered once per depth: a few times the file."""
    head = "TTMinis.login({ success: function (res) { send(res.code) }, fail: show });\n"
    js = engine_object(400, head)
    found, _, visited = mn205_work(make_project, monkeypatch, js)
    size = sum(1 for _ in descendants(Script(js, "javascript", path="src/a.js").tree.root_node))
    assert found == 0
    assert visited <= 10 * size, (visited, size)  # 111,888 for 15,000 nodes: the object at depths 4 to 1, and parameters
