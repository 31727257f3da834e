"""Properties of `lint --fix` (issue 15), on generated pages and configs: idempotent, never a new error, BOM and
CRLF kept; and of the edit engine: every character outside the edits is kept."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minis_cli.fixes import Edit, Overlap, apply_edits
from minis_cli.lint.engine import run
from minis_cli.lint.fixing import fix_project, write
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

SDK_URLS = [
    "https://connect.tiktok-minis.com/drama/sdk.js",
    "http://connect.tiktok-minis.com/drama/sdk.js",
    "//connect.tiktok-minis.com/drama/sdk.js",
    "https://developers.tiktok.com/js/minis.js",
]
KEYS = ["awexample123", "awsample999", "your_client_key", "", "{app-client-key}"]


@st.composite
def projects(draw):
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    indent = draw(st.sampled_from(["  ", "    ", "\t"]))
    lines = ["<!doctype html>", "<html>", "<head>"]
    if draw(st.booleans()):
        lines.append(f'{indent}<meta charset="utf-8">')
    if draw(st.booleans()):
        attrs = draw(st.sampled_from(["", " async", " defer", " async defer"]))
        lines.append(f'{indent}<script{attrs} src="{draw(st.sampled_from(SDK_URLS))}"></script>')
    if draw(st.booleans()):
        lines += [
            f"{indent}<script>",
            f'{indent}{indent}TTMinis.init({{ clientKey: "{draw(st.sampled_from(KEYS))}" }});',
            f"{indent}{indent}TTMinis.login({{ success: go, fail: stop }});",
            f"{indent}</script>",
        ]
    lines += [f"{indent}<title>{draw(st.text(alphabet='abc xyz', max_size=12))}</title>", "</head>", "<body>", "</body>", "</html>", ""]
    page = newline.join(lines)
    if draw(st.booleans()):
        page = "\ufeff" + page
    config_key = draw(st.sampled_from(["awexample123", "replace_with_client_key"]))
    config = {"dev": {"clientKey": config_key, "port": 3000}}
    if draw(st.booleans()):
        config["navbarr"] = {"style": "default"}
    package = {"name": "gen", "scripts": {"dev": "vite --port 3000"}}
    return {"index.html": page, "minis.config.json": json.dumps(config, indent=2) + "\n", "package.json": json.dumps(package) + "\n"}


def _errors(result) -> Counter:
    return Counter((d.path, d.rule_id) for d in result.diagnostics if d.severity.value == "error")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=projects(), unsafe=st.booleans(), key=st.sampled_from([None, "awexample123"]))
def test_fix_is_idempotent_adds_no_error_and_keeps_bom_and_line_endings(files, unsafe, key) -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        for name, text in files.items():
            (root / name).write_bytes(text.encode("utf-8"))
        options = LintOptions(use_cache=False, client_key=key)
        before = run(Project(root, environ={}), options)
        fixed = fix_project(Project(root, environ={}), options, unsafe)
        assert write(fixed) == []
        after = run(Project(root, environ={}), options)
        assert not (_errors(after) - _errors(before)), (after.diagnostics, files["index.html"])
        again = fix_project(Project(root, environ={}), options, unsafe)
        assert again.files == {}, again.files
        page = (root / "index.html").read_bytes()
        original = files["index.html"].encode("utf-8")
        assert page.startswith(b"\xef\xbb\xbf") == original.startswith(b"\xef\xbb\xbf")
        if b"\r\n" in original:
            assert page.count(b"\n") == page.count(b"\r\n")  # no bare LF was added to a CRLF page


@given(text=st.text(max_size=60), cuts=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 5), st.text(max_size=5)), max_size=6))
def test_edits_keep_every_character_outside_them(text: str, cuts: list) -> None:
    edits, taken = [], []
    for start, length, new in cuts:
        start = min(start, len(text))
        end = min(start + length, len(text))
        if any((start < e and s < end) or start == end == s == e for s, e in taken):
            continue
        taken.append((start, end))
        edits.append(Edit(start, end, new))
    out = apply_edits(text, edits)
    # rebuild: the untouched pieces of `text` in order, with each edit's text between them
    expected, at = "", 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        expected += text[at : edit.start] + edit.text
        at = edit.end
    assert out == expected + text[at:]


def test_overlapping_edits_are_refused_whole() -> None:
    import pytest

    with pytest.raises(Overlap):
        apply_edits("abcdef", [Edit(1, 4, "x"), Edit(3, 5, "y")])
    with pytest.raises(Overlap):
        apply_edits("abcdef", [Edit(2, 2, "x"), Edit(2, 2, "y")])


def test_a_member_added_to_a_one_line_object_keeps_its_spacing() -> None:
    from minis_cli.config import parse_json
    from minis_cli.fixes import insert_member

    cases = {
        '{"a": 1}': '{"k": "v", "a": 1}',
        '{ "a": 1 }': '{ "k": "v", "a": 1 }',
        '{"a":1,"b":2}': '{"k":"v","a":1,"b":2}',
        '{"a": 1,"b": 2}': '{"k": "v","a": 1,"b": 2}',
        "{}": '{\n  "k": "v"\n}',
    }
    for before, after in cases.items():
        assert insert_member(before, parse_json(before), (), "k", '"v"') == after
        assert json.loads(after) == {"k": "v", **json.loads(before)}
