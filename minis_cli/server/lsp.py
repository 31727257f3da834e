"""`minis-py server`: the Language Server Protocol over stdio, with pygls and lsprotocol (the `server` extra).

Each open buffer belongs to the project root `minis-py lint` would find for its file (find_root), whatever the
editor's workspace folders; a root is re-checked, in one worker thread, a debounce after the last edit of one of
its buffers, at once when a buffer opens or closes, and when a file the project-level rules read changes on disk
(workspace/didChangeWatchedFiles). A run that an edit made stale stops at its next file and publishes nothing.
Settings come from initializationOptions, then workspace/configuration's "minis-py" section (per workspace folder).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..fixes import SAFE
from ..lint.model import Diagnostic
from ..project import find_root
from ..records import field, record
from ..source.files import read_text
from .session import (
    FIX_ALL_KIND,
    SECTION,
    Lines,
    MemoryCache,
    Settings,
    Superseded,
    edits_of,
    fix_all,
    fix_title,
    handled,
    hover_markdown,
    lint_root,
    read_settings,
    rule_url,
    smallest_edit,
    suppression_edit,
)

log = logging.getLogger("minis_cli.server")

# What the project-level and page rules read besides the buffers: a change on disk re-checks the root it is in.
WATCHED_GLOBS = (
    "**/{package.json,minis.config.json,minigame.config.json,project.config.json,game.json,.gitignore}",
    "**/.env*",
    "**/*.{html,htm,js,mjs,cjs,jsx,ts,mts,cts,tsx,vue,svelte}",
)
STATS_COMMAND = "minis-py.stats"  # runs, stale runs stopped, cache entries, RSS: for the tests and bench/server_bench.py


@record
class Published:
    """What was last published for a buffer: its version and text then, and each LSP diagnostic with its finding."""

    root: Path
    path: str  # relative to the root
    version: int | None
    text: str
    items: list[tuple[lsp.Diagnostic, Diagnostic]] = field(default_factory=list)


@record
class RootState:
    root: Path
    cache: MemoryCache
    generation: int = 0  # bumped by every change that concerns the root; a run is stale once it moves on
    task: asyncio.Task | None = None


class MinisServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("minis-py", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="minis-py-lint")
        self.roots: dict[Path, RootState] = {}
        self.doc_roots: dict[str, Path] = {}  # uri -> its project root
        self.published: dict[str, Published] = {}
        self.initial = Settings()  # initializationOptions'
        self.base = Settings()  # workspace/configuration's global section over initial
        self.folders: dict[Path, Settings] = {}  # per workspace folder
        self.environ = dict(os.environ)
        self.said: set[str] = set()  # messages shown once
        self.runs = self.superseded = 0

    # --- documents and roots ----------------------------------------------------------------------------------

    def path_of(self, uri: str) -> Path | None:
        if not uri.startswith("file:"):
            return None
        path = to_fs_path(uri)
        return Path(path) if path else None

    def root_of(self, uri: str) -> Path | None:
        if uri not in self.doc_roots:
            path = self.path_of(uri)
            if path is None or not handled(path):
                return None
            self.doc_roots[uri] = find_root(path.parent)
        return self.doc_roots[uri]

    def buffers_of(self, root: Path) -> dict[str, tuple[str, int | None, str]]:
        """The open buffers of a root: path relative to it -> (uri, version, text)."""
        found = {}
        for document in list(self.workspace.text_documents.values()):
            uri = document.uri  # as the client spelled it (the workspace's keys are unquoted)
            if self.root_of(uri) != root:
                continue
            path = self.path_of(uri)
            assert path is not None
            found[path.relative_to(root).as_posix()] = (uri, document.version, document.source)
        return found

    def settings_for(self, root: Path) -> Settings:
        """The settings of the workspace folder holding the root (or, for a root above every folder, of the folder
        inside it); the global ones otherwise."""
        inside = [folder for folder in self.folders if root == folder or root.is_relative_to(folder)]
        if not inside:
            inside = [folder for folder in self.folders if folder.is_relative_to(root)]
        if not inside:
            return self.base
        return self.folders[max(inside, key=lambda folder: len(folder.parts))]

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or "utf-16")

    # --- runs -------------------------------------------------------------------------------------------------

    def touch(self, root: Path, delay: float = 0.0) -> None:
        """The root changed: any run of it in progress is stale; a new one starts after `delay` seconds."""
        state = self.roots.get(root)
        if state is None:
            state = self.roots[root] = RootState(root, MemoryCache(root))
        state.generation += 1
        if state.task is not None and not state.task.done():
            state.task.cancel()
        state.task = asyncio.get_running_loop().create_task(self.check(state, delay))
        self.forget_finished_handlers()

    def forget_finished_handlers(self) -> None:
        """pygls 2.1 keeps a future in `_request_futures` for every notification its generator handlers (didOpen,
        didChange, didClose) run, and only a response's removes its own: 2 KB an edit, for good (bench/server_bench.py's
        10,000 edits). The finished ones are dropped here; a request still running keeps its own (for $/cancelRequest)."""
        futures = getattr(self.protocol, "_request_futures", None)
        if isinstance(futures, dict) and len(futures) > 64:
            for key, future in list(futures.items()):
                if future.done():
                    futures.pop(key, None)

    def open_uris(self) -> list[str]:
        return [document.uri for document in list(self.workspace.text_documents.values())]

    def document(self, uri: str) -> Any:
        """The open buffer (pygls's TextDocument), or None."""
        return self.workspace.text_documents.get(unquote(uri))

    def touch_all(self) -> None:
        for root in {root for uri in self.open_uris() if (root := self.root_of(uri)) is not None}:
            self.touch(root)

    async def check(self, state: RootState, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        generation = state.generation
        buffers = self.buffers_of(state.root)
        if not buffers:
            self.roots.pop(state.root, None)  # nothing open there any more: its cache goes too
            return
        settings = self.settings_for(state.root)
        overlays = {path: text for path, (_, _, text) in buffers.items()}
        stale = lambda: state.generation != generation
        job = partial(lint_root, state.root, overlays, settings, state.cache, self.environ, stale)
        try:
            result = await asyncio.get_running_loop().run_in_executor(self.executor, job)
        except Superseded:
            self.superseded += 1
            return
        except Exception as error:  # a bug: said once, and the buffers keep what they had
            log.exception("minis-py server: the lint of %s failed", state.root)
            self.say(f"minis-py could not check {state.root}: {type(error).__name__}: {error} (a bug in minis-py: please report it)", lsp.MessageType.Error)
            return
        if stale():
            self.superseded += 1
            return
        self.runs += 1
        if result.error is not None:
            self.say(f"minis-py: {result.error}", lsp.MessageType.Error)
        for path, (uri, version, text) in buffers.items():
            self.publish(state.root, path, uri, version, text, result.findings.get(path, []), settings)

    def publish(self, root: Path, path: str, uri: str, version: int | None, text: str, findings: list[Diagnostic], settings: Settings) -> None:
        lines = Lines(text, self.encoding)
        items = []
        for finding in findings:
            (line, character), (end_line, end_character) = lines.span(finding.span)
            diagnostic = lsp.Diagnostic(
                range=lsp.Range(lsp.Position(line, character), lsp.Position(end_line, end_character)),
                message=finding.message,
                severity=lsp.DiagnosticSeverity.Error if finding.severity.value == "error" else lsp.DiagnosticSeverity.Warning,
                code=finding.rule_id,
                code_description=lsp.CodeDescription(href=rule_url(settings.rule_docs_url, finding.rule_id)),
                source="minis-py",
                data={"fix": finding.autofix.applicability if finding.autofix is not None else None},
            )
            items.append((diagnostic, finding))
        self.published[uri] = Published(root, path, version, text, items)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[d for d, _ in items], version=version))

    def say(self, message: str, kind: lsp.MessageType = lsp.MessageType.Warning) -> None:
        """A message shown once (window/showMessage), and logged each time."""
        self.window_log_message(lsp.LogMessageParams(type=kind, message=message))
        if message not in self.said:
            self.said.add(message)
            self.window_show_message(lsp.ShowMessageParams(type=kind, message=message))

    # --- settings ---------------------------------------------------------------------------------------------

    async def refresh_settings(self) -> None:
        capabilities = self.client_capabilities.workspace
        if capabilities is None or not capabilities.configuration:
            return
        folders = list(self.workspace.folders.values())
        items = [lsp.ConfigurationItem(section=SECTION)] + [lsp.ConfigurationItem(scope_uri=f.uri, section=SECTION) for f in folders]
        try:
            values = await self.workspace_configuration_async(lsp.ConfigurationParams(items=items))
        except Exception as error:  # a client that says it answers and does not: the settings stay as they were
            log.warning("minis-py server: workspace/configuration failed: %s", error)
            return
        values = list(values or [])
        values += [None] * (len(items) - len(values))
        self.base, problems = read_settings(values[0], self.initial)
        self.folders = {}
        for folder, value in zip(folders, values[1:]):
            path = to_fs_path(folder.uri)
            if path:
                self.folders[Path(path)], more = read_settings(value, self.base)
                problems += more
        for problem in problems:
            self.say(f"minis-py: {problem}")

    # --- code actions and hover -------------------------------------------------------------------------------

    def current(self, uri: str) -> Published | None:
        """What was published for the buffer, if the buffer has not changed since (else its ranges are stale)."""
        published = self.published.get(uri)
        document = self.document(uri)
        if published is None or document is None:
            return None
        return published if document.version == published.version else None

    def text_of(self, root: Path, path: str) -> str | None:
        """A file's text as the run saw it: its buffer when it is open, else the file."""
        uri = from_fs_path(str(root / path))
        document = self.document(uri) if uri is not None else None
        if document is not None:
            return str(document.source)
        return read_text(root / path).text

    def uri_for(self, root: Path, path: str) -> str:
        """A file's URI: its buffer's, as the client spelled it, when it is open."""
        uri = from_fs_path(str(root / path)) or (root / path).as_uri()
        document = self.document(uri)
        return str(document.uri) if document is not None else uri

    def workspace_edit(self, root: Path, changes: dict[str, list[lsp.TextEdit]]) -> lsp.WorkspaceEdit:
        return lsp.WorkspaceEdit(changes={self.uri_for(root, path): edits for path, edits in changes.items()})

    async def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        published = self.current(uri)
        if published is None:
            return None
        only = params.context.only
        wants = lambda kind: only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)
        actions: list[lsp.CodeAction] = []
        if wants(lsp.CodeActionKind.QuickFix):
            for diagnostic, finding in self.chosen(published, params):
                actions.extend(self.quick_fixes(published, diagnostic, finding))
        settings = self.settings_for(published.root)
        fixable = any(f.autofix is not None and (f.autofix.applicability == SAFE or settings.unsafe_fixes) for _, f in published.items)
        if fixable and (wants(FIX_ALL_KIND) and (only is not None or actions)):
            action = await self.fix_all_action(published, settings)
            if action is not None:
                actions.append(action)
        return actions

    def chosen(self, published: Published, params: lsp.CodeActionParams) -> list[tuple[lsp.Diagnostic, Diagnostic]]:
        """The published findings the request is about: those the client names, else those its range touches."""
        named = [d for d in params.context.diagnostics if d.source == "minis-py"]
        if named:
            keys = {(str(d.code), _key(d.range)) for d in named}
            matched = [(d, f) for d, f in published.items if (str(d.code), _key(d.range)) in keys]
            if matched:
                return matched
            # a client that sends them back in other units (Neovim 0.7: byte columns): those on the lines it names
            lines = {line for d in named for line in range(d.range.start.line, d.range.end.line + 1)}
            return [(d, f) for d, f in published.items if d.range.start.line in lines and str(d.code) in {str(n.code) for n in named}]
        wanted = _key(params.range)
        return [(d, f) for d, f in published.items if _overlaps(_key(d.range), wanted)]

    def quick_fixes(self, published: Published, diagnostic: lsp.Diagnostic, finding: Diagnostic) -> list[lsp.CodeAction]:
        actions = []
        fix = finding.autofix
        if fix is not None:
            target = fix.path or finding.path
            text = published.text if target == published.path else self.text_of(published.root, target)
            if text is not None:
                edits = [lsp.TextEdit(_range(start, end), new) for start, end, new in edits_of(fix, text, self.encoding)]
                actions.append(
                    lsp.CodeAction(
                        title=fix_title(fix, finding.rule_id),
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=fix.applicability == SAFE,
                        edit=self.workspace_edit(published.root, {target: edits}),
                    )
                )
        if finding.span is not None:
            found = suppression_edit(published.path, published.text, finding.span.line, finding.rule_id)
            if found is not None:
                start, end, new = found
                lines = Lines(published.text, self.encoding)
                edit = lsp.TextEdit(_range(lines.at(start), lines.at(end)), new)
                actions.append(
                    lsp.CodeAction(
                        title=f"Ignore {finding.rule_id} on this line (minis-py: ignore {finding.rule_id})",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=self.workspace_edit(published.root, {published.path: [edit]}),
                    )
                )
        return actions

    async def fix_all_action(self, published: Published, settings: Settings) -> lsp.CodeAction | None:
        overlays = {path: text for path, (_, _, text) in self.buffers_of(published.root).items()}
        job = partial(fix_all, published.root, overlays, settings, published.path, self.environ)
        files = await asyncio.get_running_loop().run_in_executor(self.executor, job)
        changes = {}
        for path, (before, after) in files.items():
            start, end, new = smallest_edit(before, after)
            lines = Lines(before, self.encoding)
            changes[path] = [lsp.TextEdit(_range(lines.at(start), lines.at(end)), new)]
        if not changes:
            return None
        title = "Fix all minis-py findings in this file" + (" (unsafe fixes too)" if settings.unsafe_fixes else "")
        return lsp.CodeAction(title=title, kind=FIX_ALL_KIND, edit=self.workspace_edit(published.root, changes))

    def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        from ..lint.rules import get_rule

        published = self.current(params.text_document.uri)
        if published is None:
            return None
        at = (params.position.line, params.position.character)
        settings = self.settings_for(published.root)
        parts, ranges = [], []
        for diagnostic, finding in published.items:
            start, end = _key(diagnostic.range)
            rule = get_rule(finding.rule_id)
            if rule is not None and start <= at <= end:
                parts.append(hover_markdown(rule, finding, rule_url(settings.rule_docs_url, rule.id)))
                ranges.append(diagnostic.range)
        if not parts:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)), range=ranges[0])

    def stats(self) -> dict[str, Any]:
        rss = 0
        try:
            with open("/proc/self/statm") as handle:
                rss = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, ValueError, IndexError):
            pass
        return {
            "runs": self.runs,
            "superseded": self.superseded,
            "roots": len(self.roots),
            "pending": sum(1 for state in self.roots.values() if state.task is not None and not state.task.done()),
            "cached": sum(len(state.cache) for state in self.roots.values()),
            "handlers": len(getattr(self.protocol, "_request_futures", {})),
            "rss_kb": rss,
        }


def _key(range_: lsp.Range) -> tuple[tuple[int, int], tuple[int, int]]:
    return (range_.start.line, range_.start.character), (range_.end.line, range_.end.character)


def _overlaps(a: tuple[tuple[int, int], tuple[int, int]], b: tuple[tuple[int, int], tuple[int, int]]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _range(start: tuple[int, int], end: tuple[int, int]) -> lsp.Range:
    return lsp.Range(lsp.Position(*start), lsp.Position(*end))


def build_server() -> MinisServer:
    server = MinisServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(params: lsp.InitializeParams) -> None:
        server.initial, problems = read_settings(params.initialization_options, Settings())
        server.base = server.initial
        for problem in problems:
            server.say(f"minis-py: {problem}")

    @server.feature(lsp.INITIALIZED)
    async def initialized(params: lsp.InitializedParams) -> None:
        server.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Info, message=f"minis-py server {__version__}"))
        workspace = server.client_capabilities.workspace
        watching = workspace is not None and workspace.did_change_watched_files is not None and workspace.did_change_watched_files.dynamic_registration
        if watching:
            watchers = [lsp.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS]
            registration = lsp.Registration(
                id="minis-py-watched-files",
                method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            try:
                await server.client_register_capability_async(lsp.RegistrationParams(registrations=[registration]))
            except Exception as error:
                log.warning("minis-py server: the client refused to watch files: %s", error)
        await server.refresh_settings()
        server.touch_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        root = server.root_of(params.text_document.uri)
        if root is not None:
            server.touch(root)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        root = server.root_of(params.text_document.uri)
        if root is not None:
            server.touch(root, server.settings_for(root).debounce / 1000)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        root = server.doc_roots.pop(uri, None)
        if server.published.pop(uri, None) is not None:
            server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        if root is not None:
            server.touch(root)  # an unsaved buffer closed: the file on disk is what the others now see

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: lsp.DidChangeWatchedFilesParams) -> None:
        changed = [Path(p) for change in params.changes if (p := to_fs_path(change.uri))]
        before = dict(server.doc_roots)
        server.doc_roots.clear()  # a package.json made or removed moves files to another root
        roots = {root for uri in server.open_uris() if (root := server.root_of(uri)) is not None}
        moved = {root for uri, root in server.doc_roots.items() if before.get(uri) != root} | {r for r in before.values() if r not in roots}
        for root in sorted(roots):
            if root in moved or any(path.is_relative_to(root) for path in changed):
                server.touch(root)
        for root in moved - roots:
            server.roots.pop(root, None)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(params: lsp.DidChangeConfigurationParams) -> None:
        workspace = server.client_capabilities.workspace
        if workspace is not None and workspace.configuration:
            await server.refresh_settings()
        elif params.settings is not None:  # a client that pushes its settings instead
            server.base, problems = read_settings(params.settings, server.initial)
            for problem in problems:
                server.say(f"minis-py: {problem}")
        server.touch_all()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_folders(params: lsp.DidChangeWorkspaceFoldersParams) -> None:
        await server.refresh_settings()
        server.touch_all()

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll, FIX_ALL_KIND])
    )
    async def code_action(params: lsp.CodeActionParams) -> Sequence[lsp.CodeAction] | None:
        return await server.code_actions(params)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(params: lsp.HoverParams) -> lsp.Hover | None:
        return server.hover(params)

    @server.command(STATS_COMMAND)
    def stats() -> dict[str, Any]:
        return server.stats()

    @server.feature(lsp.SHUTDOWN)
    def shutdown(params: None) -> None:
        for state in server.roots.values():
            state.generation += 1  # a run in progress stops at its next file
        server.executor.shutdown(wait=False, cancel_futures=True)

    return server


def serve() -> None:
    """Speak LSP on stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="minis-py server: %(levelname)s %(message)s")  # stderr: the editor's log
    build_server().start_io()
