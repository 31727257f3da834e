"""Run the rules over a Project: project, page and per-file checks; parallel, cached by content hash."""

from __future__ import annotations

import contextlib
import fnmatch
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from ..config import CONFIG_FILENAME
from ..project import ENV_FILES, GAMES_CONFIG, NATIVE_GAME_FILES, PACKAGE_JSON, PROJECT_CONFIG, ExpectedClientKey, Project, SourceFile
from ..reachability import runs_unloaded
from ..records import record, replace
from ..source.files import FileText, decode_text, read_text
from ..source.html import suppressions
from ..source.javascript import capture_calls
from ..source.modules import IMPORT_ANCHORS, imports_sdk_module, load_module_graph, new_run, project_wide_read
from ..source.syntax import SPLIT_NAME_ANCHORS, names_sdk
from .cache import ResultCache, blake2b, code_version, settled, stat_signature
from .context import FileContext, Finding, PageContext, ProjectContext, page_context
from .guards import modules_read
from .model import AnchorIndex, Diagnostic, FileReport, LintOptions, LintResult, Rule, Scope, Trigger, case_variants
from .rules import all_rules, get_rule

NODE_BUILTINS = frozenset(
    {
        "assert",
        "async_hooks",
        "buffer",
        "child_process",
        "cluster",
        "crypto",
        "dgram",
        "dns",
        "events",
        "fs",
        "fs/promises",
        "http",
        "http2",
        "https",
        "inspector",
        "module",
        "net",
        "os",
        "path",
        "perf_hooks",
        "process",
        "querystring",
        "readline",
        "stream",
        "string_decoder",
        "timers",
        "tls",
        "tty",
        "url",
        "util",
        "v8",
        "vm",
        "worker_threads",
        "zlib",
    }
)
PARALLEL_MIN_BYTES = 2_000_000  # below this a process pool costs more than it saves
CHUNKS_PER_WORKER = 8  # a batch of files is cut into about this many chunks a worker (of about equal bytes)
# At most about twice this many chunks (each but the last holds at least total // MAX_CHUNKS bytes): their numbers,
# 4 bytes each, fit in a pipe of one page (a user past pipe-user-pages-soft gets 4 KB pipes) before any worker reads.
MAX_CHUNKS = 256
# A worker that has been on one file this long is stopped and the file reported as not checked (MN023), never
# checked again here: a file the bounds of javascript.py do not catch must not hang the lint. Generous, because a
# machine under load is slow too (a 5 MB bundle takes about 1-2 s).
FILE_DEADLINE_SECONDS = 60.0
# A worker ended by one of these crashed on the file it was on (a parser bug): that file is reported, not checked
# again in this process (where the same crash would end the lint). Other ends (SIGKILL: the OOM killer; an exit)
# leave the worker's chunks to this process, as before.
CRASH_SIGNALS = frozenset({11, 7, 6, 4, 8})  # SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE
UNCHECKED = "not checked (MN023)"  # a FileResult's `why` when the file was given up on: never cached
FOLDED_IN_PASS_MIN_CHARS = 16_000  # from this size a case-insensitive anchor's spellings join the one-pass search


@record(frozen=True)
class FileTask:
    """One file's checks, picklable for a worker process."""

    root: str
    path: str
    forced_side: str | None  # "frontend" (the page loads it), "backend" (a backend folder) or None
    rule_ids: tuple[str, ...]
    secrets: tuple[str, ...]
    trusted_domains: tuple[str, ...]
    overlay: str | None = None
    prefilter: bool = True
    kind: str = "mini"  # the project's kind (Project.kind): some rules speak differently for games
    proxy_prefixes: tuple[tuple[str, str], ...] = ()  # Project.proxy_prefixes (MN410)
    digest: bool = False  # hash the bytes read, for the cache (FileResult.content): it knows no earlier version
    unloaded: str | None = None  # why no page loads it (Project.unloaded): only the package-content rules run on it
    # A game's global properties given the namespace, with the modules giving them (games_aliases.project_held), found
    # once in the main process: a file's findings depend on them, so they are in its cache key (a module that starts or
    # stops giving `cc.MyPlat = window.tt` changes the other scripts' findings), and the workers need not scan again.
    held: tuple[tuple[str, tuple[str, ...]], ...] | None = None


@record(frozen=True)
class FileResult:
    path: str
    side: str
    why: str
    diagnostics: tuple[Diagnostic, ...]
    suppressed: dict[int, frozenset[str] | None]
    content: tuple[tuple[int, int, int, int] | None, str] | None = None  # with FileTask.digest: (stat signature or None if racy, digest)
    # other files its findings depend on (SDK names imported from them, a guard's helper or importer; WHOLE_PROJECT: a fact
    # of every module): cached with their digests and the project's file list (with WHOLE_PROJECT, every project file's
    # digest), and used again only while those are unchanged (_FileRunner._keep)
    depends: tuple[str, ...] = ()


WHOLE_PROJECT = "*"  # in FileResult.depends: an index of every module, the project's pages


def run(project: Project, options: LintOptions, progress: Callable[[int, int], None] | None = None, cache: ResultCache | None = None) -> LintResult:
    """Every selected rule over the project; diagnostics sorted, suppressions and ignores applied. `cache`: a cache the
    caller keeps (the language server's, in memory) instead of the project's file; with use_cache off, none. An
    exception from `progress` (called between files) ends the run: the server stops a run its edits made stale."""
    hand_call_names()
    new_run()  # folder listings and the project's import index are made anew for this run
    rules = [rule for rule in all_rules() if options.selects(rule.id)]
    expected = project.expected_client_key(options.client_key)
    if not options.use_cache:
        cache = None
    elif cache is None:
        cache = ResultCache.for_project(project.root)
    diagnostics: list[Diagnostic] = []

    page_once: list[PageContext | None] = []

    def page() -> PageContext | None:
        if not page_once:
            page_once.append(page_context(project, expected))
        return page_once[0]

    project_context = ProjectContext(project, expected, page)
    for rule in rules:
        if rule.scope is Scope.PROJECT:
            diagnostics.extend(_diagnostics(rule, rule.check(project_context), project.entry_html))
        if rule.project_check is not None:
            diagnostics.extend(_diagnostics(rule, rule.project_check(project_context), project.entry_html))

    files = project.files_within(options.only_paths)
    file_rule_ids = tuple(rule.id for rule in rules if rule.scope is Scope.FILE)
    held = None
    if project.is_game:
        from .games_aliases import project_held  # start-up: only a game's run asks

        held = tuple(sorted(project_held(str(project.root)).items()))

    def task(file: SourceFile, side: str | None) -> FileTask:
        return FileTask(
            str(project.root),
            file.path,
            side,
            file_rule_ids,
            project.known_secrets,
            project.config.trusted_domains,
            project.overlays.get(file.path),
            options.prefilter,
            project.kind,
            project.proxy_prefixes,
            unloaded=project.unloaded.get(file.path),
            held=held,
        )

    # The files whose side the page cannot change (HTML, components, a build output) start first: in a large run the
    # workers check them while this process builds the page (serial work that used to come before the pool).
    independent = [file for file in files if _side_without_page(project, file)]
    runner = _FileRunner(project, options, cache, progress, len(files))
    if cache is not None:
        listed = project.files_within(None) if options.only_paths is not None else files
        runner.listing, runner.paths = _listing_digest(listed), [file.path for file in listed]
    try:
        runner.add([task(file, "frontend") for file in independent])
        page_diagnostics, page_files = _check_page(project, expected, [r for r in rules if r.scope is Scope.PAGE], cache, files)
        diagnostics.extend(page_diagnostics)
        runner.add([task(file, _forced_side(project, file, page_files)) for file in files if not _side_without_page(project, file)])
        results, hits = runner.finish()
    finally:
        runner.close()
    if cache is not None:
        cache.save()
    suppressed = {result.path: result.suppressed for result in results}
    for result in results:
        diagnostics.extend(result.diagnostics)
    for path in {d.path for d in diagnostics} - suppressed.keys():
        text = project.read(path).text if project.exists(path) else None
        suppressed[path] = suppressions(text) if text else {}

    kept = [d for d in diagnostics if not _is_suppressed(d, suppressed.get(d.path, {}), options)]
    if kept and project.uni_app:
        kept = _in_web_build(project, kept, {r.id for r in rules if r.scope is Scope.PROJECT})
    if options.only_paths is not None:
        kept = [d for d in kept if _within(d.path, options.only_paths)]
    kept.sort(key=lambda d: d.sort_key)
    reports = [FileReport(r.path, r.side, r.why) for r in sorted(results, key=lambda r: r.path)]
    notices = (*(project.notices if options.only_paths is None else ()), *((cache.notice,) if cache is not None and cache.notice else ()))
    return LintResult(project.root, kept, reports, hits, project.known_secrets, notices)


def _listing_digest(files: list[SourceFile]) -> str:
    """The project's file list, as part of a dependent result's key: a file added, removed or renamed may change
    what another file's findings depend on (a new importer, a helper that moved), so those are checked again."""
    listing = blake2b(b"files", digest_size=20)
    for path in sorted(file.path for file in files):
        listing.update(b"\x00" + path.encode("utf-8", "surrogatepass"))
    return listing.hexdigest()


def _dependent_key(key: str, listing: str) -> str:
    return blake2b(f"depends\0{key}\0{listing}".encode(), digest_size=20).hexdigest()


def hand_call_names() -> None:
    """Hand the JavaScript reader the call names every registered rule declares (Rule.calls), before any script is
    read: its query captures those calls and no others (besides the SDK's own)."""
    capture_calls(name for rule in all_rules() for name in rule.calls)


def _digest(project: Project, path: str, cache: ResultCache | None) -> str | None:
    if path in project.overlays:
        return blake2b(project.overlays[path].encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    if cache is not None:
        return cache.digest(project.root / path, path)
    data = _read_bytes(project.root / path)
    return blake2b(data, digest_size=20).hexdigest() if data is not None else None


def _check_page(
    project: Project, expected: ExpectedClientKey | None, rules: list[Rule], cache: ResultCache | None, files: list[SourceFile]
) -> tuple[list[Diagnostic], set[str]]:
    """The page rules' findings and the files the page loads; reused from the cache while the entry
    HTML, the files it loads, the file list, the .env files and the expected key are unchanged."""
    key = None
    if cache is not None:
        from .cachecodec import decode_page, encode_page  # start-up: only a run with the cache reads its entries (cachecodec loads the edit engine)

        parts = [code_version(), "page", project.entry_html, _digest(project, project.entry_html, cache) or "-", repr(expected), ",".join(r.id for r in rules)]
        parts += [f.path for f in files]
        for name in (*ENV_FILES, *project.env_file_names, CONFIG_FILENAME, GAMES_CONFIG, PROJECT_CONFIG, PACKAGE_JSON, *NATIVE_GAME_FILES):
            parts.append(f"{name}={_digest(project, name, cache) if project.exists(name) else '-'}")
        key = blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
        stored = cache.get(key, decode_page)
        if stored is not None:
            loaded, diagnostics = stored
            if all(_digest(project, path, cache) == digest for path, digest in loaded):
                return list(diagnostics), {path for path, _ in loaded}
    if project.is_native_game:  # no page rules; what game.js loads is the game's code, checked as front end
        return [], {script.path for script in load_module_graph(project, "game.js", set())}
    page = page_context(project, expected)
    if page is None:
        return [], set()
    diagnostics = [d for rule in rules for d in _diagnostics(rule, rule.check(page), page.path)]
    page_files = {script.path for _, script in page.code}
    if cache is not None and key is not None:
        cache.put(key, (tuple((path, _digest(project, path, cache)) for path in sorted(page_files)), tuple(diagnostics)), encode_page)
    return diagnostics, page_files


def _within(path: str, only: Sequence[str]) -> bool:
    return any(prefix in ("", ".") or path == prefix or path.startswith(prefix.rstrip("/") + "/") for prefix in only)


# Rules about a whole file (its encoding) or the project hold whatever the file's blocks are.
_WHOLE_FILE_RULES = frozenset({"MN017"})


def _in_web_build(project: Project, diagnostics: list[Diagnostic], project_rules: set[str]) -> list[Diagnostic]:
    """A uni-app project's findings less those in blocks its web (H5) build leaves out (`#ifdef APP-PLUS` ...
    `#endif`: targets.uni_app_excluded_lines) and in files only another platform's build holds (`static/mp-weixin/`,
    `platforms/APP-PLUS/`): TikTok's target never holds that code (held-out round 35)."""
    from ..targets import uni_app_excluded_lines, uni_app_platform_folder  # start-up: only a uni-app project asks

    ranges: dict[str, list[tuple[int, int]]] = {}
    kept = []
    for d in diagnostics:
        if d.rule_id not in project_rules and uni_app_platform_folder(d.path):
            continue  # static/mp-weixin/..., platforms/APP-PLUS/...: another platform's build holds the whole file
        if d.span is not None and d.rule_id not in project_rules and d.rule_id not in _WHOLE_FILE_RULES:
            if d.path not in ranges:
                text = project.read(d.path).text if project.exists(d.path) else None
                ranges[d.path] = uni_app_excluded_lines(text) if text else []
            if any(start <= d.span.line <= end for start, end in ranges[d.path]):
                continue
        kept.append(d)
    return kept


def _is_suppressed(diagnostic: Diagnostic, lines: dict[int, frozenset[str] | None], options: LintOptions) -> bool:
    for pattern, ids in options.per_file_ignores:
        if fnmatch.fnmatch(diagnostic.path, pattern) and any(diagnostic.rule_id.startswith(i) for i in ids):
            return True
    if diagnostic.span is None or diagnostic.span.line not in lines:
        return False
    on_line = lines[diagnostic.span.line]
    return on_line is None or diagnostic.rule_id in on_line


def _diagnostics(rule: Rule, findings: Iterable[Finding], default_path: str) -> Iterator[Diagnostic]:
    for finding in findings:
        yield Diagnostic(
            path=finding.path or default_path,
            span=finding.span,
            rule_id=rule.id,
            message=finding.message,
            severity=finding.severity or rule.severity,
            hint=finding.hint or rule.fix,
            autofix=finding.autofix.with_path(finding.path or default_path) if finding.autofix is not None else None,
        )


def _side_without_page(project: Project, file: SourceFile) -> bool:
    """Front end whatever the page loads (so its task needs no page)."""
    return project.everything_frontend or file.language in ("html", "sfc")


def _forced_side(project: Project, file: SourceFile, page_files: set[str]) -> str | None:
    if _side_without_page(project, file) or file.path in page_files:
        return "frontend"
    if file.in_backend_dir:
        return "backend"
    return None


# --- per-file checks ----------------------------------------------------------------------------


class _FileRunner:
    """The file tasks, added in batches and checked from the cache, in this process, or by forked worker processes
    (largest first, so no worker is left with one big file at the end). The workers start as soon as the misses so
    far are worth it (more than one, PARALLEL_MIN_BYTES in all), so a large first batch is checked while the caller
    goes on (building the page); what is decided at the end is what one batch of every miss would have decided."""

    def __init__(self, project: Project, options: LintOptions, cache: ResultCache | None, progress: Callable[[int, int], None] | None, total: int) -> None:
        self.project, self.cache, self.progress, self.total = project, cache, progress, total
        self.results: list[FileResult] = []
        self.hits = self.done = 0
        self.waiting: list[tuple[FileTask, str | None]] = []  # misses not yet handed to workers
        self.batches: list[tuple[list[list[tuple[FileTask, str | None]]], _Forked]] = []  # (its chunks, its workers)
        self.jobs = options.jobs or os.cpu_count() or 1
        self.parallel = False  # the misses were worth workers: every later batch goes to workers too
        self.listing: str | None = None  # _listing_digest of the run's files, for results that depend on other files
        self.paths: list[str] = []  # the run's files
        self.whole: str | None = None  # _whole(), once asked
        if cache is not None:
            from .cachecodec import (  # start-up: only a run with the cache reads its entries (cachecodec loads the edit engine)
                decode_dependent,
                decode_file_result,
                encode_dependent,
                encode_file_result,
            )

            self._decode: Callable[[object], FileResult] = lambda raw: decode_file_result(raw, FileResult)
            self._encode = encode_file_result
            self._decode_dependent: Callable[[object], tuple[FileResult, tuple[tuple[str, str | None], ...]]] = lambda raw: decode_dependent(raw, FileResult)
            self._encode_dependent = encode_dependent

    def add(self, tasks: list[FileTask]) -> None:
        for task in tasks:
            key = None
            if self.cache is not None:
                if task.overlay is None and not self.cache.knows(task.path):  # a certain miss: the worker hashes it
                    self.waiting.append((replace(task, digest=True), None))
                    continue
                digest = _digest(self.project, task.path, self.cache)
                if digest is not None:
                    key = _cache_key(task, digest)
                    hit = self.cache.get(key, self._decode)
                    if hit is None and self.listing is not None:
                        hit = self._dependent_hit(key)
                    if hit is not None:
                        self.results.append(hit)
                        self.hits += 1
                        continue
            self.waiting.append((task, key))
        self._tick(0)
        self._start_workers_if_worth_it()

    def finish(self) -> tuple[list[FileResult], int]:
        self._start_workers_if_worth_it()
        try:
            for task, key in self.waiting:  # no workers: this process checks them
                self._keep(task, analyse_file(task), key)
            for chunks, workers in self.batches:
                checked = workers.results()
                for number, chunk in enumerate(chunks):
                    # a chunk a worker did not answer (it died) is checked here, so its files are never lost; but not
                    # the file a worker was stopped on (too slow) or crashed on: that one is reported unchecked
                    answers = checked.get(number)
                    if answers is None:
                        given_up = workers.given_up.get(number, {})
                        answers = [given_up[i] if i in given_up else analyse_file(task) for i, (task, _) in enumerate(chunk)]
                    for (task, key), result in zip(chunk, answers):
                        self._keep(task, result, key)
        finally:
            self.close()
        return self.results, self.hits

    def close(self) -> None:
        """Stop and reap the workers still running (after an error or an interrupt in the caller)."""
        for _, workers in self.batches:
            workers.close()

    def _start_workers_if_worth_it(self) -> None:
        sized = [(miss, _size_hint(miss[0])) for miss in self.waiting]
        total = sum(size for _, size in sized)
        if not self.parallel:
            if self.jobs <= 1 or len(sized) <= 1 or total < PARALLEL_MIN_BYTES:
                return
            self.parallel = True
        if not sized or not _can_fork():
            return
        self.waiting = []
        # Chunks of about equal bytes, CHUNKS_PER_WORKER a worker: few enough that each is worth its round trip,
        # enough that no worker is left alone with the last one; largest files first, so the small ones even out the end.
        target = max(1, total // min(self.jobs * CHUNKS_PER_WORKER, MAX_CHUNKS))
        chunks: list[list[tuple[FileTask, str | None]]] = [[]]
        size_so_far = 0
        for miss, size in sorted(sized, key=lambda item: -item[1]):
            if size_so_far >= target:
                chunks.append([])
                size_so_far = 0
            chunks[-1].append(miss)
            size_so_far += size
        self.batches.append((chunks, _Forked([[task for task, _ in chunk] for chunk in chunks], self.jobs)))

    def _dependent_hit(self, key: str) -> FileResult | None:
        """A result that depends on other files, stored with their digests under the project's file list: used while
        each of those files is as it was."""
        if self.cache is None or self.listing is None:
            return None
        for whole in (False, True):
            dependent = _dependent_key(key, self._whole() if whole else self.listing)
            stored = self.cache.get(dependent, self._decode_dependent)
            if stored is None:
                continue
            result, depends = stored
            if all(_digest(self.project, path, self.cache) == digest for path, digest in depends):
                return result
            self.cache.discard(dependent)  # another file it depends on changed: checked again, and stored anew
        return None

    def _whole(self) -> str:
        """The digest of every project file (the files linted and every module the guards' indexes read), once a run:
        the key of the results that asked a fact of the whole project."""
        if self.whole is None:
            from .guards import _project_modules  # start-up: only a run with such results asks

            root = str(self.project.root)
            paths = sorted({*self.paths, *_project_modules(root)})
            whole = blake2b(b"whole", digest_size=20)
            for path in paths:
                whole.update(f"\0{path}={_digest(self.project, path, self.cache) or '-'}".encode("utf-8", "surrogatepass"))
            self.whole = whole.hexdigest()
        return self.whole

    def _keep(self, task: FileTask, result: FileResult, key: str | None) -> None:
        self.results.append(result)
        if result.why == UNCHECKED:  # given up on this time
            self._tick(1)
            return
        if self.cache is not None and key is None and result.content is not None:
            signature, digest = result.content
            self.cache.record(task.path, signature, digest)
            key = _cache_key(task, digest)
        if self.cache is not None and key is not None:
            if not result.depends:
                self.cache.put(key, result, self._encode)
            elif self.listing is not None:  # findings another file's change changes: kept with those files' digests
                whole = WHOLE_PROJECT in result.depends
                paths = sorted(set(result.depends) - {WHOLE_PROJECT})
                # (a file it asked about that is not there is kept as None: its absence is what the result depends on,
                # such as an open data context's game.json)
                depends = tuple((path, _digest(self.project, path, self.cache)) for path in paths)
                self.cache.put(_dependent_key(key, self._whole() if whole else self.listing), (result, depends), self._encode_dependent)
        self._tick(1)

    def _tick(self, step: int) -> None:
        self.done += step
        if self.progress:
            self.progress(self.hits + self.done, self.total)


def _can_fork() -> bool:
    """A process with other threads (`minis-py dev`: the mock, the preview, the watcher) is never forked: a lock
    another thread held at the fork stays held in the child for good. No fork at all on Windows."""
    threading = sys.modules.get("threading")  # not imported: no Python thread to worry about
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


class _Forked:
    """One batch of chunks checked by up to `jobs` forked processes. The chunks' numbers are written to a pipe
    before the fork and each worker reads the next one when it is free (a pipe read of 4 bytes is atomic), so
    the work balances itself with nothing sent after the fork. (With ProcessPoolExecutor the work went through
    threads of this process, which wait for the GIL while this process builds the page in tree-sitter, whose
    long C calls keep it: the workers sat idle for 50-70 ms of a 400 ms run.) Each worker writes its answers,
    pickled, to a pipe of its own when it has no more chunks to take."""

    def __init__(self, chunks: list[list[FileTask]], jobs: int) -> None:
        import mmap

        self.chunks = chunks
        self.parent = os.getpid()
        self.children: list[tuple[int, int]] = []  # (pid, the read end of its answers' pipe), until collected
        self.slots: dict[int, int] = {}  # pid -> its slot in `progress`
        self.given_up: dict[int, dict[int, FileResult]] = {}  # chunk -> {index in the chunk: the file's MN023 result}
        # What each worker is on: (chunk, index in it, since: CLOCK_MONOTONIC ns), written by the worker before each
        # file into memory shared with this process (an anonymous mapping made before the fork), read by results().
        self.progress = mmap.mmap(-1, _SLOT.size * max(1, min(jobs, len(chunks))))
        tickets_read, tickets_write = os.pipe()
        try:
            # at most ~2 * MAX_CHUNKS numbers of 4 bytes: within a pipe's smallest capacity, so this never blocks
            os.write(tickets_write, b"".join(number.to_bytes(4, "little") for number in range(len(chunks))))
        finally:
            os.close(tickets_write)
        try:
            for slot in range(min(jobs, len(chunks))):
                if not self._fork(chunks, tickets_read, slot):
                    break  # no more processes or descriptors: the workers started share the chunks, or none do
        finally:
            os.close(tickets_read)

    def _fork(self, chunks: list[list[FileTask]], tickets: int, slot: int) -> bool:
        """Start one worker; False when the system refuses (a process limit, too many open files)."""
        import signal

        try:
            answers_read, answers_write = os.pipe()
        except OSError:
            return False
        # An interrupt between the fork and the worker's own handler must not run this process's code in the child:
        # SIGINT is held back around the fork, and the worker lets it through inside its handler.
        masking = hasattr(signal, "pthread_sigmask")
        if masking:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:
            os.close(answers_read)
            os.close(answers_write)
            return False
        finally:
            if masking and os.getpid() == self.parent:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        if pid == 0:
            try:
                os.close(answers_read)
                _worker(chunks, tickets, answers_write, masking, self.progress, slot)  # never returns
            finally:
                os._exit(1)
        os.close(answers_write)
        self.children.append((pid, answers_read))
        self.slots[pid] = slot
        return True

    def results(self) -> dict[int, list[FileResult]]:
        """The answers by chunk number; a chunk missing from them was not finished by any worker. A worker on one
        file past FILE_DEADLINE_SECONDS is stopped, and a worker that crashes is reaped: the file it was on is in
        `given_up` (MN023), never checked again by the caller."""
        import pickle
        import select
        import signal
        import time

        found: dict[int, list[FileResult]] = {}
        parts: dict[int, list[bytes]] = {answers: [] for _, answers in self.children}
        while self.children:
            waiting = {answers: pid for pid, answers in self.children}
            ready, _, _ = select.select(list(waiting), [], [], 1.0)
            for answers in ready:
                part = os.read(answers, 1 << 20)
                if part:
                    parts[answers].append(part)
                    continue
                pid = waiting[answers]
                _, status = os.waitpid(pid, 0)
                self._forget(pid, answers)  # reaped: close() has nothing left to do for it
                if status == 0:
                    try:
                        found.update(pickle.loads(b"".join(parts[answers])))
                    except Exception:  # a worker's answers that cannot be read: its chunks are checked again by the caller
                        pass
                elif os.WIFSIGNALED(status) and os.WTERMSIG(status) in CRASH_SIGNALS:
                    self._give_up(pid, f"the checker crashed on it (signal {os.WTERMSIG(status)})")
            now = time.monotonic_ns()
            for pid, answers in list(self.children):
                chunk, _, since = _SLOT.unpack_from(self.progress, _SLOT.size * self.slots[pid])
                if chunk >= 0 and now - since > FILE_DEADLINE_SECONDS * 1e9:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                    with contextlib.suppress(OSError):
                        os.waitpid(pid, 0)
                    self._give_up(pid, f"checking it took more than {FILE_DEADLINE_SECONDS:g} s")
                    self._forget(pid, answers)
        return found

    def _forget(self, pid: int, answers: int) -> None:
        self.children.remove((pid, answers))
        os.close(answers)

    def _give_up(self, pid: int, why: str) -> None:
        chunk, index, _ = _SLOT.unpack_from(self.progress, _SLOT.size * self.slots[pid])
        if 0 <= chunk < len(self.chunks) and 0 <= index < len(self.chunks[chunk]):
            self.given_up.setdefault(chunk, {})[index] = unchecked_result(self.chunks[chunk][index], why)

    def close(self) -> None:
        """Stop and reap the workers not collected (an error or an interrupt in the caller)."""
        import signal

        while self.children:
            pid, answers = self.children.pop()
            with contextlib.suppress(OSError):  # already gone
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):  # already reaped
                os.waitpid(pid, 0)
            os.close(answers)


_SLOT = __import__("struct").Struct("<iiq")  # a worker's progress: chunk, index in it (-1, -1: between files), since (ns)


def unchecked_result(task: FileTask, why: str) -> FileResult:
    """A file given up on (too slow, or it crashed the checker): MN023 when selected, and no other finding."""
    rule = get_rule(FILE_TOO_COMPLEX) if FILE_TOO_COMPLEX in task.rule_ids else None
    found: tuple[Diagnostic, ...] = ()
    if rule is not None:
        found = (Diagnostic(task.path, None, rule.id, f"{task.path} was not checked: {why}; no rule looked at it", rule.severity, rule.fix),)
    return FileResult(task.path, task.forced_side or "frontend", UNCHECKED, found, {})


def _worker(chunks: list[list[FileTask]], tickets: int, answers: int, masked: bool, progress: object, slot: int) -> NoReturn:
    """A forked worker: checks the chunks whose numbers it reads from `tickets`, then writes its answers; before each
    file it writes which one into its `slot` of `progress`, so the parent can tell a worker stuck on one file."""
    import time

    status = 1
    offset = _SLOT.size * slot
    try:
        import pickle

        if masked:
            import signal

            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # an interrupt now ends this worker, here

        done: dict[int, list[FileResult]] = {}
        while len(ticket := os.read(tickets, 4)) == 4:
            number = int.from_bytes(ticket, "little")
            results = []
            for index, task in enumerate(chunks[number]):
                _SLOT.pack_into(progress, offset, number, index, time.monotonic_ns())
                results.append(analyse_file(task))
            done[number] = results
        _SLOT.pack_into(progress, offset, -1, -1, 0)
        data = memoryview(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(answers, data) :]
        status = 0
    except BaseException:  # an interrupt, a broken pipe: the parent checks what this worker did not answer
        pass
    finally:
        os._exit(status)  # never the parent's cleanup (atexit, buffered output) in a forked child


def _size_hint(task: FileTask) -> int:
    if task.overlay is not None:
        return len(task.overlay)
    try:
        return os.path.getsize(os.path.join(task.root, task.path))
    except OSError:
        return 0


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _cache_key(task: FileTask, content_digest: str) -> str:
    digest = blake2b(content_digest.encode(), digest_size=20)
    for part in (
        code_version(),
        task.path,
        task.forced_side or "",
        ",".join(task.rule_ids),
        "\0".join(task.secrets),
        "\0".join(task.trusted_domains),
        str(task.prefilter),
        task.kind,
        repr(task.proxy_prefixes),
        task.unloaded or "",
        repr(task.held),
    ):
        digest.update(b"\x00" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


FILE_UNREADABLE = "MN017"  # runs first, and even on a file that cannot be read
FILE_TOO_COMPLEX = "MN023"  # runs last, on the scripts the other rules parsed


def _reads_held_global(held: tuple[tuple[str, tuple[str, ...]], ...], source: str) -> bool:
    """Whether the text names a global's property that a project module gives the games namespace (FileTask.held)."""
    return any(name.split(".", 1)[1] in source and name.split(".", 1)[0] in source for name, _ in held)


def analyse_file(task: FileTask) -> FileResult:
    """Run the file rules on one file. Never raises for what is in the file."""
    content = None
    if task.overlay is not None:
        text = FileText(task.overlay)
    elif task.digest:
        text, content = _read_and_digest(Path(task.root) / task.path)
    else:
        text = read_text(Path(task.root) / task.path)
    rules = [rule for rule in (get_rule(i) for i in task.rule_ids) if rule is not None]
    source = text.text or ""
    if task.held is not None:
        from .games_aliases import seed_held  # start-up: only a game's files carry it

        seed_held(task.root, task.held)  # what the main process found: this process need not scan the project again
    project_wide_read()  # what an earlier file asked of the whole project
    found: list[Diagnostic] = []
    context = FileContext(
        task.path, source, task.secrets, task.trusted_domains, text.problem, text.problem_offset, task.kind, task.proxy_prefixes, root=task.root
    )
    unreadable = next((rule for rule in rules if rule.id == FILE_UNREADABLE), None)
    if unreadable is not None:
        found.extend(_diagnostics(unreadable, unreadable.check(context), task.path))
    if text.text is None:
        return FileResult(task.path, task.forced_side or "frontend", "unreadable", tuple(found), {}, content)

    too_complex = next((rule for rule in rules if rule.id == FILE_TOO_COMPLEX), None)
    candidates = [r for r in rules if r.id not in (FILE_UNREADABLE, FILE_TOO_COMPLEX) and (r.active is None or r.active(context))]
    triggers = []
    for rule in candidates:
        rule_triggers = rule.triggers
        if rule.id == "MN301" and task.secrets:
            rule_triggers += tuple(Trigger(secret, word=False) for secret in task.secrets)
        triggers.append((rule, rule_triggers))
    if task.prefilter:
        whole = AnchorIndex(source, lower=context.lower)
        # In a page, a rule that reads only scripts needs its trigger inside a <script>: search just those.
        scripts = AnchorIndex(source, context.script_ranges(), context.lower) if context.html is not None else whole
        anchors = {t.anchor for _, ts in triggers for t in ts if not t.ignore_case}
        # A case-insensitive fragment (`iframe`) in a large ASCII text: its every ASCII spelling, in the same pass, rather
        # than a lower-cased copy scanned per rule; a small text is lower-cased at once, cheaper than a larger automaton.
        if len(source) >= FOLDED_IN_PASS_MIN_CHARS and source.isascii():
            anchors.update(v for _, ts in triggers for t in ts if t.ignore_case and not (t.word or t.then) for v in case_variants(t.anchor.lower()))
        sdk_anchored = context.html is None and task.root is not None and "TTMinis" in anchors
        if sdk_anchored:  # where import specifiers start: a module may reach the SDK through another's names
            anchors.update((*IMPORT_ANCHORS, *SPLIT_NAME_ANCHORS))
        whole.prepare(anchors)  # one pass for every anchor (an Aho-Corasick automaton), not one scan each
        if scripts is not whole:
            scripts.prepare_within(whole)
        # A trigger whose anchor the pass did not find anywhere cannot be found: most of a file's triggers, so
        # they are ruled out here by a set lookup rather than one found_with call (and bisect) each.
        possible = {t for _, ts in triggers for t in ts if t.ignore_case or whole.may_contain(t.anchor)}
        triggered = [(rule, ts) for rule, ts in triggers if not ts or any(t in possible and t.found_with(whole if rule.markup else scripts) for t in ts)]
        if sdk_anchored and not whole.may_contain("TTMinis"):
            # A module that never names the SDK but imports a project module that does (`import { sdk, callSdk }
            # from './tiktok'`): the rules that look for the SDK's name see what it adopts from there.
            starts = sorted(p + len(a) for a in IMPORT_ANCHORS for p in whole.positions(a, False))
            unmet = [(rule, ts) for rule, ts in triggers if ts and (rule, ts) not in triggered and any(t.anchor == "TTMinis" for t in ts)]
            split = any(whole.may_contain(anchor) for anchor in SPLIT_NAME_ANCHORS)
            if unmet and split and names_sdk(source):  # its name built from pieces: `window['TT' + 'Minis']`, `const k = 'TTMin' + 'is'`
                triggered += unmet
            elif starts and unmet:
                if imports_sdk_module(str(task.root), task.path, source, starts):
                    triggered += unmet
        if task.held and context.html is None and context.is_game:
            # A game module that reaches the namespace only through a global's property another module gives it
            # (`cc.MyPlat = window.tt` in the start-up script, `cc.MyPlat.showToast(...)` here): the games rules read it.
            unmet = [(rule, ts) for rule, ts in triggers if ts and (rule, ts) not in triggered and any(t.anchor in ("tt", "wx") for t in ts)]
            if unmet and _reads_held_global(task.held, source):
                triggered += unmet
        focus = tuple(dict.fromkeys(t for _, ts in triggered for t in ts if t in possible))
        context.focus = lambda start, end: any(t.found_with(scripts, start, end) for t in focus)
    else:
        triggered = triggers

    side, why = task.forced_side, "the entry page loads it" if task.forced_side == "frontend" else "a backend folder"
    if context.is_html:
        why = "HTML"
    if side is None:
        if task.prefilter and not any(ts for _, ts in triggered):
            side, why = "frontend", "browser code (no rule's trigger in it, so not parsed)"
        else:
            script = context.scripts[0]
            node_import = next((spec for spec, _ in script.imports if _is_node_builtin(spec)), None)
            if script.too_complex is not None:
                side, why = "frontend", "too complex to tell (MN023)"
            elif node_import is not None:
                side, why = "backend", f"imports {node_import}"
            elif script.reads_process_env:
                side, why = "backend", "reads process.env"
            else:
                side, why = "frontend", "browser code"
    if side == "frontend" and task.unloaded is not None:
        side, why = "unloaded", task.unloaded
    modules_read()  # what an earlier file's guard questions read
    if side in ("frontend", "unloaded"):
        for rule, _ in triggered:
            if task.unloaded is None or runs_unloaded(rule.id):
                found.extend(_diagnostics(rule, rule.check(context), task.path))
        if too_complex is not None:
            found.extend(_diagnostics(too_complex, too_complex.check(context), task.path))
    read = modules_read()  # a guard's helper or importer in another module: the findings depend on it too
    depends = context.sdk_modules + tuple(m for m in read if m not in context.sdk_modules and m != task.path)
    if project_wide_read():  # an index of every module, the project's pages: any project file's change may change them
        depends += (WHOLE_PROJECT,)
    return FileResult(task.path, side, why, tuple(found), suppressions(source), content, depends)


def _read_and_digest(path: Path) -> tuple[FileText, tuple[tuple[int, int, int, int] | None, str] | None]:
    """The file's text and, for the cache, its stat signature (taken before the read, as ResultCache.digest)
    and the digest of the bytes read."""
    try:
        signature = stat_signature(os.stat(path))
        data = path.read_bytes()
    except OSError:
        return read_text(path), None  # its own message for what cannot be read
    return decode_text(data), (signature if settled(signature) else None, blake2b(data, digest_size=20).hexdigest())


def _is_node_builtin(spec: str) -> bool:
    return spec.startswith("node:") or spec in NODE_BUILTINS
