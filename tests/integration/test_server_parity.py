"""Issue 34: `minis-py server` gives the same answers as `minis-py lint` on the same content. Every real-world fixture
is opened in one server (each fixture a workspace folder: multi-root), every file the server handles as a buffer, and
what it publishes for each file is what `minis-py lint FILES --output-format json` reports for it: rule, severity,
message and range; and each fix the server offers as a code action has the edits lint's JSON gives for it."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from server_helpers import diagnostics, open_file, running, server_env, stats

from minis_cli.server.session import handled

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real_world"
NAMES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())


def utf16(text: str, line: int, column: int) -> tuple[int, int]:
    """lint's 1-based line and code-point column as LSP's 0-based line and UTF-16 character."""
    source = text.split("\n")[line - 1] if line - 1 < len(text.split("\n")) else ""
    return line - 1, len(source[: column - 1].encode("utf-16-le")) // 2


def lint_view(item: dict, text: str) -> tuple:
    if item["line"] is None:
        start = end = (0, 0)
    else:
        start, end = utf16(text, item["line"], item["column"]), utf16(text, item["end_line"], item["end_column"])
    return (item["rule"], item["severity"], item["message"], start, end)


def server_view(diagnostic: lsp.Diagnostic) -> tuple:
    severity = "error" if diagnostic.severity == lsp.DiagnosticSeverity.Error else "warning"
    r = diagnostic.range
    return (diagnostic.code, severity, diagnostic.message, (r.start.line, r.start.character), (r.end.line, r.end.character))


@pytest.mark.asyncio
async def test_the_server_answers_as_lint_does_on_every_real_world_fixture(cli, tmp_path: Path) -> None:
    copies = []
    expected: dict[Path, list[tuple]] = {}
    fixes: dict[tuple[Path, tuple], dict | None] = {}
    for name in NAMES:
        root = tmp_path / name
        shutil.copytree(FIXTURES / name, root)
        (root / "expected.json").unlink()
        copies.append(root)
        files = sorted(p for p in root.rglob("*") if p.is_file() and handled(p))
        run = cli(
            "lint", *(p.relative_to(root).as_posix() for p in files), "--no-cache", "--output-format", "json", "--exit-zero", cwd=root, environ=server_env()
        )
        assert run.exit_code == 0, run.stderr
        for path in files:
            expected[path] = []
        for item in run.json():
            path = (root / item["path"]).resolve()
            assert path in expected, f"lint reported on {item['path']}, a file the server does not handle"
            view = lint_view(item, path.read_text(encoding="utf-8"))
            expected[path].append(view)
            fixes[(path, view)] = item["fix"]
    assert sum(len(v) for v in expected.values()) > 50  # the fixtures have findings to compare

    async with running(copies) as client:
        documents = {path: open_file(client, path) for path in expected}
        for document in documents.values():
            await diagnostics(client, document, timeout=60)
        for _ in range(1200):  # until no run is pending: the last published answers are the final ones
            if (await stats(client))["pending"] == 0:
                break
            await asyncio.sleep(0.05)
        mismatches = []
        for path, document in documents.items():
            got = sorted(server_view(d) for d in client.diagnostics[document])
            if got != sorted(expected[path]):
                mismatches.append(f"{path.relative_to(tmp_path)}:\n  lint:   {sorted(expected[path])}\n  server: {got}")
        assert not mismatches, "\n".join(mismatches)

        checked = 0
        for path, document in documents.items():
            for diagnostic in client.diagnostics[document]:
                want = fixes[(path, server_view(diagnostic))]
                actions = await client.text_document_code_action_async(
                    lsp.CodeActionParams(
                        text_document=lsp.TextDocumentIdentifier(document),
                        range=diagnostic.range,
                        context=lsp.CodeActionContext(diagnostics=[diagnostic], only=[lsp.CodeActionKind.QuickFix]),
                    )
                )
                offered = [a for a in actions or [] if a.title.startswith(f"Fix {diagnostic.code}:")]
                if want is None:
                    assert not offered, f"{path}: {diagnostic.code} has no fix in lint's JSON, the server offers {offered}"
                    continue
                assert len(offered) == 1, f"{path}: {diagnostic.code}'s fix is not offered"
                assert ("unsafe fix" in offered[0].title) == (want["applicability"] == "unsafe")
                edits = []
                for changed, text_edits in offered[0].edit.changes.items():
                    target = Path(changed.removeprefix("file://"))
                    text = target.read_text(encoding="utf-8")
                    for e in text_edits:
                        edits.append((str(target), (e.range.start.line, e.range.start.character), (e.range.end.line, e.range.end.character), e.new_text))
                lint_edits = []
                for e in want["edits"]:
                    target = (_root_of(path, tmp_path) / e["path"]).resolve()
                    text = target.read_text(encoding="utf-8")
                    lint_edits.append((str(target), utf16(text, e["line"], e["column"]), utf16(text, e["end_line"], e["end_column"]), e["content"]))
                assert sorted(edits) == sorted(lint_edits), f"{path}: {diagnostic.code}"
                checked += 1
        assert checked >= 3  # some fixtures' findings have fixes


def _root_of(path: Path, tmp_path: Path) -> Path:
    """The fixture copy a file is in (lint's JSON paths are relative to the folder it ran in)."""
    return tmp_path / path.relative_to(tmp_path).parts[0]
