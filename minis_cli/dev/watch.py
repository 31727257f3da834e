"""Watch mode: on every save, the checks again; print what appeared and what was fixed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self

from ..lint.model import Diagnostic
from ..project import ALWAYS_EXCLUDED_DIRS, ENV_FILES
from ..source.files import language_of
from ..wording import plural

BUILD_SETTLE_MS = 600  # an engine writes its build over a moment: one reload once it is quiet
WATCHED_NAMES = frozenset({"package.json", "minis.config.json", ".gitignore", *ENV_FILES})


def key(diagnostic: Diagnostic) -> tuple:
    return diagnostic.path, diagnostic.rule_id, diagnostic.message, diagnostic.span


def describe(diagnostic: Diagnostic) -> str:
    where = f"{diagnostic.path}:{diagnostic.span.line}:{diagnostic.span.column}" if diagnostic.span else diagnostic.path
    return f"{where}: {diagnostic.rule_id} {diagnostic.message}"


class _Watching:
    """A watch loop (`_run`, over watchfiles) in a daemon thread of its own, stopped through `stop_event`."""

    def __init__(self, name: str) -> None:
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Self:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(timeout=5)

    def _run(self) -> None:
        raise NotImplementedError


class Watcher(_Watching):
    """Re-runs `check` when a source or config file changes; reports the difference to `say`."""

    def __init__(self, root: Path, check: Callable[[], list[Diagnostic]], say: Callable[[str], None], initial: list[Diagnostic]) -> None:
        super().__init__("minis-watch")
        self.root = root
        self.check = check
        self.say = say
        self.known = {key(d): d for d in initial}

    def relevant(self, _change: object, path: str) -> bool:
        relative = Path(path).relative_to(self.root) if path.startswith(str(self.root)) else Path(path)
        if any(part in ALWAYS_EXCLUDED_DIRS for part in relative.parts):
            return False
        return relative.name in WATCHED_NAMES or language_of(relative.name) is not None

    def _run(self) -> None:
        from watchfiles import watch

        for changes in watch(self.root, watch_filter=self.relevant, debounce=50, step=20, stop_event=self.stop_event, raise_interrupt=False):
            started = time.perf_counter()
            try:
                current = {key(d): d for d in self.check()}
            except Exception as exc:
                self.say(f"[check] could not re-check: {exc}")
                continue
            appeared = [d for k, d in current.items() if k not in self.known]
            fixed = [d for k, d in self.known.items() if k not in current]
            self.known = current
            elapsed = (time.perf_counter() - started) * 1000
            changed = ", ".join(sorted({Path(path).name for _, path in changes}))
            if not appeared and not fixed:
                self.say(f"[check] {changed}: no change in findings ({elapsed:.0f} ms)")
                continue
            for d in appeared:
                self.say(f"[check] {d.severity.value}: {describe(d)}")
            for d in fixed:
                self.say(f"[check] resolved: {describe(d)}")
            errors = sum(1 for d in current.values() if d.severity.value == "error")
            self.say(f"[check] {plural(errors, 'error')}, {plural(len(current) - errors, 'warning')} now ({elapsed:.0f} ms)")


class BuildWatcher(_Watching):
    """Reloads the game when an engine rewrites its mini-game build (any file in it): one reload per build, however
    many files it writes (the changes are gathered for BUILD_SETTLE_MS after the last one)."""

    def __init__(self, folder: Path, reload: Callable[[], None], say: Callable[[str], None]) -> None:
        super().__init__("minis-build-watch")
        self.folder = folder
        self.reload = reload
        self.say = say

    def _run(self) -> None:
        from watchfiles import watch

        for changes in watch(self.folder, debounce=BUILD_SETTLE_MS, step=50, stop_event=self.stop_event, raise_interrupt=False):
            self.say(f"[build] {self.folder.name}/ rebuilt ({plural(len({path for _, path in changes}), 'file')} changed): the game reloads")
            self.reload()
