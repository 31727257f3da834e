"""Issue 34: `minis-py server` over stdio, driven by pytest-lsp's client as an editor would: diagnostics on open and
on change of unsaved buffers, the project-level rules again when a config file changes (a buffer, or on disk with
workspace/didChangeWatchedFiles), code actions (each fix, unsafe ones marked, fix-all, "ignore on this line"),
hovers, settings from initializationOptions and workspace/configuration per folder, stale runs stopped."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from conftest import write_files
from lsprotocol import types as lsp
from server_helpers import apply_edits, diagnostics, open_file, replace_all, running, stats, uri

from minis_cli.lint.model import Example
from minis_cli.lint.rules import example_files

pytestmark = pytest.mark.asyncio  # every test here is a coroutine

WRONG_KEY = "awwrong123456"


def project(root: Path, files: dict[str, str | None] | None = None) -> Path:
    """The documented baseline project (no findings) with these files over it."""
    root.mkdir(parents=True, exist_ok=True)
    return write_files(root, example_files(Example(files or {})))


def codes(found: list[lsp.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in found)


async def actions(client, document: str, diagnostic: lsp.Diagnostic | None = None, only: list[str] | None = None, at: lsp.Range | None = None):
    context = lsp.CodeActionContext(diagnostics=[diagnostic] if diagnostic else [], only=only)
    where = at or (diagnostic.range if diagnostic else lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)))
    return (
        await client.text_document_code_action_async(lsp.CodeActionParams(text_document=lsp.TextDocumentIdentifier(document), range=where, context=context))
        or []
    )


async def test_a_finding_appears_as_you_type_and_goes_when_mended(tmp_path: Path) -> None:
    root = project(tmp_path / "app")
    page = root / "index.html"
    good = page.read_text()
    async with running([root]) as client:
        document = open_file(client, page)
        assert await diagnostics(client, document) == []
        bad = good.replace('"awexample123"', f'"{WRONG_KEY}"')
        replace_all(client, document, bad, 2)  # unsaved: the file on disk still has the right key
        found = await diagnostics(client, document)
        assert codes(found) == ["MN104"]
        diagnostic = found[0]
        assert diagnostic.severity == lsp.DiagnosticSeverity.Error and diagnostic.source == "minis-py"
        line = bad.splitlines()[diagnostic.range.start.line]
        assert line[diagnostic.range.start.character : diagnostic.range.end.character] == f'"{WRONG_KEY}"'
        assert diagnostic.code_description.href == "https://github.com/minis-py/minis-py/blob/main/docs/rules/MN104.md"
        assert WRONG_KEY in diagnostic.message
        replace_all(client, document, good, 3)
        assert await diagnostics(client, document) == []


async def test_each_fix_is_a_code_action_and_applying_it_clears_the_finding(tmp_path: Path) -> None:
    root = project(tmp_path / "app")
    page = root / "index.html"
    bad = page.read_text().replace('"awexample123"', f'"{WRONG_KEY}"')
    async with running([root]) as client:
        document = open_file(client, page, bad)
        (diagnostic,) = await diagnostics(client, document)
        offered = await actions(client, document, diagnostic, only=[lsp.CodeActionKind.QuickFix])
        fix = next(a for a in offered if a.title.startswith("Fix MN104"))
        assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred and "unsafe" not in fix.title
        assert list(fix.diagnostics) == [diagnostic]
        fixed = apply_edits(bad, fix.edit.changes[document])
        assert '"awexample123"' in fixed
        replace_all(client, document, fixed, 2)
        assert await diagnostics(client, document) == []


async def test_an_unsafe_fix_is_offered_marked_as_such_and_fix_all_takes_it_only_when_asked(tmp_path: Path) -> None:
    config = '{\n  "clientKey": "awexample123",\n  "dev": { "prot": 3000 }\n}\n'
    root = project(tmp_path / "app", {"minis.config.json": config})
    for unsafe in (False, True):
        async with running([root], options={"unsafeFixes": unsafe}) as client:
            document = open_file(client, root / "minis.config.json")
            (diagnostic,) = await diagnostics(client, document)
            assert diagnostic.code == "MN006"
            offered = [a for a in await actions(client, document, diagnostic) if a.title.startswith("Fix MN006")]
            assert len(offered) == 1 and "unsafe fix" in offered[0].title and not offered[0].is_preferred
            assert apply_edits(config, offered[0].edit.changes[document]).count('"port"') == 1
            # JSON has no comments: no "ignore on this line" there
            assert not [a for a in await actions(client, document, diagnostic) if a.title.startswith("Ignore")]
            fix_all = await actions(client, document, only=["source.fixAll"])
            assert len(fix_all) == (1 if unsafe else 0)


async def test_ignore_on_this_line_writes_our_suppression_comment(tmp_path: Path) -> None:
    script = "const answer = 42;\nfunction run() {\n  return eval('answer');\n}\n"
    html = example_files(Example({}))["index.html"]
    assert isinstance(html, str)
    page_with_eval = html.replace("  </script>", "    eval('1');\n  </script>")
    root = project(tmp_path / "app", {"src/app.js": script, "index.html": page_with_eval})
    async with running([root]) as client:
        for path, text in ((root / "src/app.js", script), (root / "index.html", page_with_eval)):
            document = open_file(client, path)
            (diagnostic,) = await diagnostics(client, document)
            assert diagnostic.code == "MN401"
            (ignore,) = [a for a in await actions(client, document, diagnostic) if a.title.startswith("Ignore MN401")]
            edited = apply_edits(text, ignore.edit.changes[document])
            assert "// minis-py: ignore MN401" in edited
            replace_all(client, document, edited, 2)
            assert await diagnostics(client, document) == []
        # in markup, an HTML comment
        markup = html.replace("<body>", '<body>\n  <iframe src="https://example.com/embed"></iframe>')
        root2 = project(tmp_path / "app2", {"index.html": markup})
        document = open_file(client, root2 / "index.html")
        found = await diagnostics(client, document, until=bool)
        diagnostic = next(d for d in found if d.code == "MN405")
        (ignore,) = [a for a in await actions(client, document, diagnostic) if a.title.startswith("Ignore MN405")]
        edited = apply_edits(markup, ignore.edit.changes[document])
        assert "<!-- minis-py: ignore MN405 -->" in edited
        replace_all(client, document, edited, 2)
        assert "MN405" not in codes(await diagnostics(client, document))


async def test_fix_all_applies_every_safe_fix_of_the_file(tmp_path: Path) -> None:
    root = project(tmp_path / "app")
    page = root / "index.html"
    bad = page.read_text().replace('"awexample123"', f'"{WRONG_KEY}"').replace("https://connect", "http://connect")
    async with running([root]) as client:
        document = open_file(client, page, bad)
        assert codes(await diagnostics(client, document)) == ["MN104", "MN109"]
        (fix_all,) = await actions(client, document, only=["source.fixAll"])
        assert fix_all.kind == "source.fixAll.minis-py"
        fixed = apply_edits(bad, fix_all.edit.changes[document])
        replace_all(client, document, fixed, 2)
        assert await diagnostics(client, document) == []
        assert await actions(client, document, only=["source.fixAll.minis-py"]) == []  # nothing left to fix


async def test_hover_explains_the_rule(tmp_path: Path) -> None:
    root = project(tmp_path / "app")
    page = root / "index.html"
    bad = page.read_text().replace('"awexample123"', f'"{WRONG_KEY}"')
    async with running([root]) as client:
        document = open_file(client, page, bad)
        (diagnostic,) = await diagnostics(client, document)
        hover = await client.text_document_hover_async(lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(document), position=diagnostic.range.start))
        assert hover is not None and hover.contents.kind == lsp.MarkupKind.Markdown
        text = hover.contents.value
        assert "MN104 client-key-mismatch" in text and "**Why.**" in text and "docs/rules/MN104.md" in text and "minis-py: ignore MN104" in text
        elsewhere = await client.text_document_hover_async(lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(document), position=lsp.Position(0, 0)))
        assert elsewhere is None


async def test_project_rules_follow_an_unsaved_config_buffer_and_a_change_on_disk(tmp_path: Path) -> None:
    root = project(tmp_path / "app")
    config = root / "minis.config.json"
    async with running([root]) as client:
        page = open_file(client, root / "index.html")
        assert await diagnostics(client, page) == []
        assert any(r.method == "workspace/didChangeWatchedFiles" for r in client.registrations)
        # an unsaved minis.config.json with another key: the page's init call no longer matches it
        document = open_file(client, config)
        await diagnostics(client, document)
        client.diagnostics.pop(page, None)
        replace_all(client, document, config.read_text().replace("awexample123", "awother000001"), 2)
        assert codes(await diagnostics(client, page)) == ["MN104"]
        # closed without saving: the file on disk is what counts again
        client.diagnostics.pop(page, None)
        client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(document)))
        assert await diagnostics(client, page) == []
        # changed on disk by another program: the watcher's notification re-checks the project
        config.write_text(config.read_text().replace("awexample123", "awother000002"))
        client.diagnostics.pop(page, None)
        client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[lsp.FileEvent(uri(config), lsp.FileChangeType.Changed)]))
        found = await diagnostics(client, page)
        assert codes(found) == ["MN104"] and "awother000002" in found[0].message


async def test_a_dotenv_buffer_is_read_unsaved(tmp_path: Path) -> None:
    root = project(tmp_path / "app", {"minis.config.json": '{\n  "dev": { "port": 3000 }\n}\n', ".env": "VITE_CLIENT_KEY=awexample123\n"})
    async with running([root]) as client:
        env = open_file(client, root / ".env")
        assert await diagnostics(client, env) == []
        replace_all(client, env, "VITE_CLIENT_KEY=your_client_key\n", 2)
        found = await diagnostics(client, env)
        assert "MN010" in codes(found)


async def test_settings_from_initialization_options_and_per_workspace_folder(tmp_path: Path) -> None:
    one = project(tmp_path / "one", {"src/app.js": "eval('1');\n"})
    two = project(tmp_path / "two", {"src/app.js": "eval('1');\n"})
    configuration = {uri(two): {"minis-py": {"ignore": ["MN401"]}}}
    options = {"client-key": "awfromeditor01"}  # as --client-key: the page's key no longer matches
    async with running([one, two], options=options, configuration=configuration) as client:
        assert codes(await diagnostics(client, open_file(client, one / "src/app.js"))) == ["MN401"]
        assert await diagnostics(client, open_file(client, two / "src/app.js")) == []
        found = await diagnostics(client, open_file(client, one / "index.html"))
        assert codes(found) == ["MN104"] and "awfromeditor01" in found[0].message
        # the configuration changes: select only MN1 rules in folder one
        client.set_configuration({"minis-py": {"select": "MN1"}}, scope_uri=uri(one))
        client.diagnostics.clear()
        client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
        assert await diagnostics(client, uri(one / "src/app.js")) == []
        assert codes(await diagnostics(client, uri(one / "index.html"))) == ["MN104"]


async def test_a_bad_setting_is_said_and_left_out(tmp_path: Path) -> None:
    root = project(tmp_path / "app", {"src/app.js": "eval('1');\n"})
    async with running([root], options={"ignore": ["MN999"], "colour": "blue"}) as client:
        assert codes(await diagnostics(client, open_file(client, root / "src/app.js"))) == ["MN401"]
        said = " | ".join(m.message for m in client.messages)
        assert "unknown rule 'MN999'" in said and "unknown setting 'colour'" in said


async def test_a_malformed_package_json_setting_is_said_as_lint_exits_2_for_it(tmp_path: Path) -> None:
    package = {"name": "x", "private": True, "scripts": {"dev": "vite"}, "minis-py": {"ignore": "MN401"}}
    root = project(tmp_path / "app", {"package.json": json.dumps(package), "src/app.js": "eval('1');\n"})
    async with running([root]) as client:
        assert await diagnostics(client, open_file(client, root / "src/app.js")) == []
        assert any('"minis-py".ignore' in m.message and "must be a list" in m.message for m in client.messages)


async def test_edits_are_debounced_and_stale_runs_publish_nothing(tmp_path: Path) -> None:
    root = project(tmp_path / "app")
    page = root / "index.html"
    good = page.read_text()
    async with running([root], options={"debounce": 100}) as client:
        document = open_file(client, page)
        assert await diagnostics(client, document) == []
        before = (await stats(client))["runs"]
        for version in range(2, 51):  # 49 edits in quick succession (a comment growing), then a wrong key
            replace_all(client, document, good.replace("<body>", f"<body><!-- {'x' * version} -->"), version)
            await asyncio.sleep(0.005)
        replace_all(client, document, good.replace('"awexample123"', f'"{WRONG_KEY}"'), 51)
        found = await diagnostics(client, document, until=bool)
        assert codes(found) == ["MN104"]
        await asyncio.sleep(0.3)
        numbers = await stats(client)
        assert numbers["runs"] - before < 10, numbers  # not one run an edit
        assert numbers["pending"] == 0


async def test_memory_stays_flat_over_many_edits(tmp_path: Path) -> None:
    """What a run keeps (the root's cache) and what the protocol keeps (pygls' handler futures, which 2.1 never drops for
    notifications) do not grow with the edits: bench/server_bench.py makes 10,000 of them and reads the RSS."""
    root = project(tmp_path / "app")
    page = root / "index.html"
    good = page.read_text()
    async with running([root], options={"debounce": 0}) as client:
        document = open_file(client, page)
        await diagnostics(client, document)
        sizes = []
        for version in range(2, 402):
            replace_all(client, document, good.replace("<body>", f"<body><!-- {version} -->"), version)
            await diagnostics(client, document)
            if version % 100 == 1:
                numbers = await stats(client)
                sizes.append((numbers["cached"], numbers["handlers"]))
        assert len({cached for cached, _ in sizes}) == 1, sizes  # the cache holds the same entries, edit after edit
        assert all(handlers <= 70 for _, handlers in sizes), sizes
