"""Driving `minis-py server` from a test: its command and environment, buffers opened and edited, diagnostics waited for."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp

SERVER = [sys.executable, "-m", "minis_cli", "server"]
LANGUAGES = {".html": "html", ".js": "javascript", ".ts": "typescript", ".tsx": "typescriptreact", ".jsx": "javascriptreact", ".vue": "vue", ".json": "json"}


def server_env(**extra: str) -> dict[str, str]:
    """The server's environment: none of the tester's client keys or secrets (the CLI side runs with the same)."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "MINIS_STATE_DIR", "PYTHONPATH", "VIRTUAL_ENV")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    from minis_cli.localstate import STATE_DIR_ENV

    if STATE_DIR_ENV in os.environ:
        env[STATE_DIR_ENV] = os.environ[STATE_DIR_ENV]
    env.update(extra)
    return env


def uri(path: Path) -> str:
    return path.resolve().as_uri()


def initialize_params(folders: Sequence[Path], options: Any = None, configuration: bool = True, watch: bool = True) -> lsp.InitializeParams:
    capabilities = lsp.ClientCapabilities(
        workspace=lsp.WorkspaceClientCapabilities(
            configuration=configuration,
            workspace_folders=True,
            did_change_watched_files=lsp.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
            did_change_configuration=lsp.DidChangeConfigurationClientCapabilities(dynamic_registration=False),
        ),
        text_document=lsp.TextDocumentClientCapabilities(
            publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(version_support=True, code_description_support=True, data_support=True),
            code_action=lsp.CodeActionClientCapabilities(
                code_action_literal_support=lsp.ClientCodeActionLiteralOptions(
                    code_action_kind=lsp.ClientCodeActionKindOptions(value_set=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll])
                )
            ),
            hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown]),
        ),
    )
    return lsp.InitializeParams(
        capabilities=capabilities,
        root_uri=uri(folders[0]) if folders else None,
        workspace_folders=[lsp.WorkspaceFolder(uri=uri(f), name=f.name) for f in folders],
        initialization_options=options,
    )


@contextlib.asynccontextmanager
async def running(
    folders: Sequence[Path], options: Any = None, configuration: dict[str, Any] | None = None, env: dict[str, str] | None = None, **capabilities: bool
) -> AsyncIterator[Any]:
    """`minis-py server` started, initialized with these workspace folders, initializationOptions and
    workspace/configuration answers ({scope uri or "": {"minis-py": {...}}}); shut down after."""
    from pytest_lsp import ClientServerConfig

    client = await ClientServerConfig(server_command=SERVER, server_env=env or server_env()).start()
    registrations: list[lsp.Registration] = []
    client.registrations = registrations

    @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    for scope, value in (configuration or {}).items():
        client.set_configuration(value, scope_uri=scope)
    try:
        await client.initialize_session(initialize_params([f.resolve() for f in folders], options, **capabilities))
        yield client
    finally:  # shutdown and exit, as an editor ends it; a server that does not exit in time is killed
        try:
            await asyncio.wait_for(client.shutdown_session(), 15)
        except Exception:
            if client._server is not None and client._server.returncode is None:
                client._server.kill()
        await client.stop()


async def stats(client: Any) -> dict[str, Any]:
    return await client.workspace_execute_command_async(lsp.ExecuteCommandParams(command="minis-py.stats"))


def open_file(client: Any, path: Path, text: str | None = None, version: int = 1) -> str:
    document = uri(path)
    client.diagnostics.pop(document, None)
    content = path.read_bytes().decode("utf-8", "replace") if text is None else text  # as the file is: CRLF kept
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=document, language_id=LANGUAGES.get(path.suffix, "plaintext"), version=version, text=content))
    )
    return document


def replace_all(client: Any, document: str, text: str, version: int) -> None:
    """A full-text change (the client's incremental sync with one range covering everything would do the same)."""
    client.diagnostics.pop(document, None)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=document, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics(client: Any, document: str, timeout: float = 30.0, until: Callable[[list[lsp.Diagnostic]], bool] | None = None) -> list[lsp.Diagnostic]:
    """The next diagnostics published for the buffer (after it was opened or changed with the helpers above)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = client.diagnostics.get(document)
        if found is not None and (until is None or until(list(found))):
            return list(found)
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no diagnostics for {document} within {timeout} s (have: {found})")
        await asyncio.sleep(0.02)


def apply_edits(text: str, edits: Sequence[lsp.TextEdit]) -> str:
    """A client's application of TextEdits (UTF-16 positions) to a text."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: lsp.Position) -> int:
        if position.line >= len(lines):
            return len(text)
        line = lines[position.line]
        units = 0
        for index, character in enumerate(line):
            if units >= position.character:
                return starts[position.line] + index
            units += 2 if ord(character) > 0xFFFF else 1
        return starts[position.line] + len(line)

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text
