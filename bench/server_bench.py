"""Language server benchmark (issue 34): re-checking one changed file in a running `minis-py server` against the CLI's
`minis-py lint --no-cache` of the whole project, and the server's memory over 10,000 edits.

    .venv/bin/python bench/server_bench.py [--runs N] [--edits N]

The server runs as an editor starts it (`minis-py server` over stdio), warm (its caches filled by a few edits first),
with the debounce set to 0: a re-check is the time from the didChange notification to the publishDiagnostics for that
version. The CLI is timed as a command (process start included, as a user runs it) and in process
(engine.run with use_cache off, no start-up: the stricter comparison). Medians of N runs (default 11), interleaved.
Projects: a fresh `minis-py init` project, and the lint benchmark's 25 MB corpus (bench/corpus.py), editing a page
and the entry page (whose edit rebuilds the page: its scripts and the bundle it loads). Then 10,000 edits of one
file, each re-checked, with the server's RSS every 1,000: flat when it grows by less than 5 MB after the first 1,000.
Everything runs on this machine; nothing leaves loopback (stdio only).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import make_corpus  # noqa: E402
from lsprotocol import types as lsp  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402


def minis_py() -> list[str]:
    script = Path(sys.executable).with_name("minis-py")
    return [str(script)] if script.exists() else [sys.executable, "-m", "minis_cli"]


class Client:
    """A minimal editor: one server over stdio, one open buffer at a time, a re-check awaited per version."""

    def __init__(self) -> None:
        self.lsp = LanguageClient("server-bench", "1")
        self.waiting: dict[tuple[str, int], asyncio.Future[int]] = {}

        @self.lsp.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            future = self.waiting.pop((params.uri, params.version or 0), None)
            if future is not None and not future.done():
                future.set_result(len(params.diagnostics))

        @self.lsp.feature(lsp.WINDOW_LOG_MESSAGE)
        def logged(params: lsp.LogMessageParams) -> None:
            pass

    async def start(self, root: Path, env: dict[str, str]) -> None:
        await self.lsp.start_io(*minis_py(), "server", env=env)
        capabilities = lsp.ClientCapabilities()
        await self.lsp.initialize_async(
            lsp.InitializeParams(
                capabilities=capabilities,
                root_uri=root.as_uri(),
                workspace_folders=[lsp.WorkspaceFolder(root.as_uri(), root.name)],
                initialization_options={"debounce": 0},
            )
        )
        self.lsp.initialized(lsp.InitializedParams())

    def expect(self, uri: str, version: int) -> asyncio.Future[int]:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.waiting[(uri, version)] = future
        return future

    async def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        done = self.expect(uri, 1)
        self.lsp.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "html" if path.suffix == ".html" else "javascript", 1, text)))
        await asyncio.wait_for(done, 600)
        return uri

    async def edit(self, uri: str, version: int, text: str) -> float:
        """Seconds from the change to its diagnostics."""
        done = self.expect(uri, version)
        start = time.perf_counter()
        change = lsp.TextDocumentContentChangeWholeDocument(text=text)
        self.lsp.text_document_did_change(lsp.DidChangeTextDocumentParams(lsp.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]))
        await asyncio.wait_for(done, 600)
        return time.perf_counter() - start

    async def close(self, uri: str) -> None:
        self.lsp.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri)))

    async def stats(self) -> dict[str, Any]:
        return await self.lsp.workspace_execute_command_async(lsp.ExecuteCommandParams(command="minis-py.stats"))

    async def stop(self) -> None:
        await self.lsp.shutdown_async(None)
        self.lsp.exit(None)
        await self.lsp.stop()


def edited(text: str, number: int) -> str:
    """The text with one comment changed: a new version for every edit (no cache hit for the file itself)."""
    marker = "</body>" if "</body>" in text else None
    note = f"<!-- edit {number} -->" if marker else f"// edit {number}\n"
    return text.replace(marker, note + marker, 1) if marker else note + text


def cli_seconds(root: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([*minis_py(), "lint", ".", "--no-cache", "--exit-zero", "--output-format", "json"], cwd=root, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def in_process_seconds(root: Path) -> float:
    from minis_cli.lint.engine import run
    from minis_cli.lint.model import LintOptions
    from minis_cli.lint.settings import load_settings
    from minis_cli.project import Project

    start = time.perf_counter()
    project = Project(root, environ={})
    settings = load_settings(project)
    run(project, LintOptions(select=settings.select, ignore=settings.ignore, per_file_ignores=settings.per_file_ignores, use_cache=False))
    return time.perf_counter() - start


async def recheck(name: str, root: Path, file: str, runs: int, env: dict[str, str]) -> None:
    client = Client()
    await client.start(root, env)
    path = root / file
    text = path.read_text()
    uri = await client.open(path, text)
    version = 1
    for _ in range(3):  # warm: the page, the project's files and the other results in the server's cache
        version += 1
        await client.edit(uri, version, edited(text, version))
    server, command, engine = [], [], []
    for _ in range(runs):  # interleaved, so each sees the same machine
        version += 1
        server.append(await client.edit(uri, version, edited(text, version)))
        command.append(cli_seconds(root, env))
        engine.append(in_process_seconds(root))
    await client.stop()
    s, c, e = statistics.median(server), statistics.median(command), statistics.median(engine)
    print(f"{name}: re-check of {file} in the server {s * 1000:8.1f} ms")
    print(f"{'':{len(name)}}  `minis-py lint --no-cache` (command)  {c * 1000:8.1f} ms   ratio {s / c:.3f}  (target <= 0.25)")
    print(f"{'':{len(name)}}  lint in process, no cache, no start-up {e * 1000:8.1f} ms   ratio {s / e:.3f}")


async def memory(root: Path, file: str, edits: int, env: dict[str, str]) -> None:
    client = Client()
    await client.start(root, env)
    path = root / file
    text = path.read_text()
    uri = await client.open(path, text)
    samples = []
    start = time.perf_counter()
    for version in range(2, edits + 2):
        await client.edit(uri, version, edited(text, version))
        if (version - 1) % 1000 == 0:
            samples.append((version - 1, (await client.stats())["rss_kb"]))
    numbers = await client.stats()
    await client.stop()
    elapsed = time.perf_counter() - start
    print(f"memory: {edits} edits of {file}, each re-checked, in {elapsed:.0f} s ({numbers['runs']} runs, {numbers['cached']} cache entries at the end)")
    print("  RSS (MB) every 1000 edits: " + " ".join(f"{kb / 1024:.1f}" for _, kb in samples))
    if len(samples) >= 2:
        growth = (samples[-1][1] - samples[0][1]) / 1024
        print(f"  growth after the first 1000 edits: {growth:+.1f} MB  ({'flat' if growth < 5 else 'NOT flat'}: target < 5 MB)")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--edits", type=int, default=10_000)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "MINIS_CLIENT_KEY")}
    print(f"minis-py server benchmark: medians of {args.runs} runs; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="minis-server-bench-") as temp:
        work = Path(temp)
        small = work / "init-mini"
        subprocess.run([*minis_py(), "init", str(small), "--yes", "--client-key", "awdemo00000001"], check=True, env=env, stdout=subprocess.DEVNULL)
        entry = next(p for p in ("index.html", "public/index.html", "src/index.html") if (small / p).is_file())
        await recheck("init project", small, entry, args.runs, env)
        corpus = work / "corpus"
        sizes = make_corpus(corpus)
        print(f"corpus: {sizes['files']} files, {(sizes['html'] + sizes['js']) / 1e6:.1f} MB")
        await recheck("corpus, a page", corpus, "pages/page001.html", max(5, args.runs // 2), env)
        await recheck("corpus, the entry page", corpus, "index.html", max(5, args.runs // 2), env)
        await memory(small, entry, args.edits, env)


if __name__ == "__main__":
    asyncio.run(main())
