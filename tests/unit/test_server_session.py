"""Issue 34: the language server's model without the protocol (minis_cli/server/session.py): settings, suppression
comments, positions, the smallest edit, the in-memory cache; and the command's one error without its extra."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from minis_cli.fixes import apply_edits
from minis_cli.fixes import replace as replacement
from minis_cli.lint.rules import all_rules
from minis_cli.server.session import (
    DEFAULT_RULE_DOCS_URL,
    Lines,
    MemoryCache,
    Settings,
    edits_of,
    handled,
    lint_root,
    read_settings,
    smallest_edit,
    suppression_edit,
    units,
)
from minis_cli.source.html import suppressions

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_needs_its_extra_and_says_so(cli, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)  # as if pygls were not installed
    run = cli("server")
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == "error: minis-py server needs pygls and lsprotocol, which are not installed"
    assert "pip install 'minis-py[server]'" in run.stderr


def test_the_default_rule_docs_link_is_the_repository_page_of_each_rule() -> None:
    repo = re.search(r"^repo_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)
    assert repo is not None and repo.group(1) + "/blob/main/docs/rules/{id}.md" == DEFAULT_RULE_DOCS_URL
    for rule in all_rules():
        assert (ROOT / "docs" / "rules" / f"{rule.id}.md").is_file()


def test_settings_are_read_with_the_cli_names_and_their_camel_case() -> None:
    settings, problems = read_settings({"minis-py": {"select": "MN1,MN4", "ignore": ["MN401"], "clientKey": "awx", "unsafe-fixes": True}}, Settings())
    assert problems == []
    assert settings.select == ("MN1", "MN4") and settings.ignore == ("MN401",) and settings.client_key == "awx" and settings.unsafe_fixes
    settings, problems = read_settings({"client-key": 3, "debounce": -1, "trace": {"server": "off"}, "ignore": ["MN9999"]}, Settings())
    assert settings == Settings() and len(problems) == 3
    assert read_settings(None, settings) == (settings, [])
    assert read_settings({"rule-docs-url": "https://docs.example.com/rules/{id}/"}, Settings())[0].rule_docs_url == "https://docs.example.com/rules/{id}/"


@pytest.mark.parametrize(
    ("path", "text", "line", "want"),
    [
        ("src/app.js", "const a = 1;\n  eval(a);\n", 2, "const a = 1;\n  // minis-py: ignore MN401\n  eval(a);\n"),
        ("src/app.js", "eval(a);\n", 1, "// minis-py: ignore MN401\neval(a);\n"),
        ("src/app.js", "// minis-py: ignore MN402\neval(a);\n", 2, "// minis-py: ignore MN402, MN401\neval(a);\n"),
        ("src/app.js", "eval(a); // minis-py: ignore MN402\n", 1, "eval(a); // minis-py: ignore MN402, MN401\n"),
        ("src/app.js", "x(); // minis-py: ignore MN402\neval(a);\n", 2, "x(); // minis-py: ignore MN402\n// minis-py: ignore MN401\neval(a);\n"),
        ("src/app.js", "a();\r\neval(a);\r\n", 2, "a();\r\n// minis-py: ignore MN401\r\neval(a);\r\n"),
        ("index.html", "<body>\n<iframe></iframe>\n</body>\n", 2, "<body>\n<!-- minis-py: ignore MN401 -->\n<iframe></iframe>\n</body>\n"),
        ("index.html", "<script>\n  eval(a);\n</script>\n", 2, "<script>\n  // minis-py: ignore MN401\n  eval(a);\n</script>\n"),
        ("App.vue", "<template>\n  <iframe />\n</template>\n", 2, "<template>\n  <!-- minis-py: ignore MN401 -->\n  <iframe />\n</template>\n"),
        (
            "src/App.tsx",
            "return (\n  <div>\n    <iframe />\n  </div>);\n",
            3,
            "return (\n  <div>\n    {/* minis-py: ignore MN401 */}\n    <iframe />\n  </div>);\n",
        ),
        (".env.local", "A=1\nCLIENT_KEY=x\n", 2, "A=1\n# minis-py: ignore MN401\nCLIENT_KEY=x\n"),
    ],
)
def test_ignore_on_this_line_writes_a_comment_lint_reads(path: str, text: str, line: int, want: str) -> None:
    found = suppression_edit(path, text, line, "MN401")
    assert found is not None
    start, end, new = found
    edited = text[:start] + new + text[end:]
    assert edited == want
    # lint's own reading of the comments: the line (moved down by one when a line was added) is covered for MN401
    moved = line + (edited.count("\n") - text.count("\n"))
    covered = suppressions(edited).get(moved)
    assert covered is None or "MN401" in covered


def test_no_suppression_comment_in_json_or_where_every_rule_is_ignored() -> None:
    assert suppression_edit("package.json", '{\n  "a": 1\n}\n', 2, "MN003") is None
    assert suppression_edit("src/a.js", "eval(a); // minis-py: ignore\n", 1, "MN401") is None


def test_positions_are_in_the_clients_units() -> None:
    text = "const s = '😀';\nx\n"
    assert units("😀", "utf-16") == 2 and units("😀", "utf-8") == 4 and units("😀", "utf-32") == 1
    lines = Lines(text, "utf-16")
    assert lines.position(1, 13) == (0, 13)  # after the emoji (code point column 13, UTF-16 character 13)
    assert lines.at(text.index("'", 11)) == (0, 13)
    assert Lines(text, "utf-32").at(text.index("'", 11)) == (0, 12)
    assert lines.span(None) == ((0, 0), (0, 0))
    fix = replacement(text.index("x"), text.index("x") + 1, "y", "rename")
    assert edits_of(fix, text, "utf-16") == [((1, 0), (1, 1), "y")]


def test_the_smallest_edit_turns_one_text_into_the_other() -> None:
    for before, after in (("abcdef", "abXYef"), ("abc", "abc"), ("", "new"), ("same start", "same"), ("aaa", "aaaa")):
        start, end, new = smallest_edit(before, after)
        assert before[:start] + new + before[end:] == after


def test_the_files_the_server_handles() -> None:
    for name in ("a.html", "b.htm", "c.js", "d.mjs", "e.ts", "f.tsx", "g.jsx", "h.vue", "i.svelte", "package.json", "minis.config.json"):
        assert handled(name), name
    for name in ("minigame.config.json", "game.json", "project.config.json", ".env", ".env.local", ".env.production"):
        assert handled(name), name
    for name in ("README.md", "tsconfig.json", "style.css", "types.d.ts"):
        assert not handled(name), name


def test_a_root_run_keeps_its_results_in_memory_and_no_more(make_project) -> None:
    """The second run over unchanged buffers is all cache hits; an edited buffer replaces its entry (memory flat)."""
    root = make_project({"src/app.js": "eval('1');\n"})
    cache = MemoryCache(root)
    overlays = {"src/app.js": "eval('1');\n", "index.html": (root / "index.html").read_text()}
    first = lint_root(root, overlays, Settings(), cache, {})
    assert [d.rule_id for d in first.findings["src/app.js"]] == ["MN401"] and first.findings["index.html"] == []
    size = len(cache)
    assert size >= 2
    for number in range(20):
        edited = dict(overlays, **{"src/app.js": f"eval('{number}');\n"})
        assert [d.rule_id for d in lint_root(root, edited, Settings(), cache, {}).findings["src/app.js"]] == ["MN401"]
    assert len(cache) == size


def test_a_stale_run_stops(make_project) -> None:
    from minis_cli.server.session import Superseded

    root = make_project({"src/app.js": "eval('1');\n"})
    with pytest.raises(Superseded):
        lint_root(root, {"src/app.js": "eval(1)"}, Settings(), MemoryCache(root), {}, stale=lambda: True)


def test_the_fix_edits_apply_as_lint_applies_them() -> None:
    text = "abc\ndef\n"
    fix = replacement(4, 7, "xyz", "m")
    assert apply_edits(text, fix.edits) == "abc\nxyz\n"
    assert edits_of(fix, text, "utf-16") == [((1, 0), (1, 3), "xyz")]
