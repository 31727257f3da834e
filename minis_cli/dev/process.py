"""The project's dev script: which package manager runs it, and one process-group helper that starts,
streams and stops it (TERM, then KILL after a grace period: no orphans)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from ..errors import MinisError

LOCKFILES = (("pnpm-lock.yaml", "pnpm"), ("yarn.lock", "yarn"), ("bun.lockb", "bun"), ("bun.lock", "bun"), ("package-lock.json", "npm"))


def package_manager(root: Path) -> str:
    """The package manager the lockfile names (npm when there is none)."""
    for lockfile, manager in LOCKFILES:
        if (root / lockfile).is_file():
            return manager
    return "npm"


def script_command(root: Path, script: str) -> list[str]:
    manager = package_manager(root)
    executable = shutil.which(manager)
    if executable is None:
        raise MinisError(f"{manager} is not installed (the project's lockfile asks for it)", f"Install {manager}, or remove the lockfile to use npm.")
    return [executable, "run", script]


GUARDIAN = Path(__file__).with_name("guardian.py")
_spawner: Any = None  # the thread children are started from (see _spawn)


def _spawn(start: Callable[[], subprocess.Popen]) -> subprocess.Popen:
    """Run ``start`` on one thread that lives as long as minis-py. Linux's parent-death signal fires when the
    *thread* that started a child ends, so a child started from a short-lived thread (a test's, a worker's)
    would be stopped with that thread rather than with minis-py."""
    global _spawner
    if _spawner is None:
        from concurrent.futures import ThreadPoolExecutor

        _spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="minis-spawner")
    return _spawner.submit(start).result()


class ProcessGroup:
    """A child in its own process group, its output streamed line by line with a prefix.

    The group's leader is minis-py's guardian (guardian.py), which runs the command and stops the whole group
    when minis-py ends in any way, even SIGKILL: the dev server never outlives minis-py holding its port."""

    def __init__(
        self, command: list[str], cwd: Path, env: Mapping[str, str], out: TextIO, prefix: str = "[dev] ", before_line: Callable[[], None] | None = None
    ) -> None:
        self.command = command
        self._lifeline: int | None = None
        lifeline_read, self._lifeline = os.pipe()  # minis-py alone holds the write end: its end is the guardian's cue
        try:
            guarded = [sys.executable, "-I", "-S", str(GUARDIAN), str(lifeline_read), str(os.getpid()), *command] if sys.executable else command
            self.process = _spawn(
                lambda: subprocess.Popen(
                    guarded,
                    cwd=cwd,
                    env=dict(env),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    pass_fds=(lifeline_read,),
                    text=True,
                    errors="replace",
                    bufsize=1,
                )
            )
        except OSError as exc:
            os.close(self._lifeline)
            self._lifeline = None
            raise MinisError(
                f"cannot start {' '.join(command)}: {exc.strerror or exc}", "Check that the command exists and the project folder is readable."
            ) from None
        finally:
            os.close(lifeline_read)
        self._out = out
        self._prefix = prefix
        self._before_line = before_line  # e.g. clearing a spinner, under the same lock
        self.lock = threading.Lock()
        self.mid_line = False
        self._reader = threading.Thread(target=self._stream, daemon=True)
        self._reader.start()

    def _stream(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.lock:
                self.mid_line = True
                if self._before_line is not None:
                    self._before_line()
                try:
                    self._out.write(self._prefix + line if line.endswith("\n") else self._prefix + line + "\n")
                    self._out.flush()
                except (OSError, ValueError):
                    pass  # the terminal is gone (closed window): keep draining, or the script blocks on its output
                self.mid_line = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def poll(self) -> int | None:
        return self.process.poll()

    def stop(self, grace: float = 5.0) -> int:
        """TERM to the whole group, KILL after `grace` seconds; returns the exit status."""
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            deadline = time.monotonic() + grace
            while self.process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
        self._signal(signal.SIGKILL)  # whatever is left of the group (grandchildren) goes too
        status = self.process.wait()
        self._reader.join(timeout=2)
        if self._lifeline is not None:
            os.close(self._lifeline)
            self._lifeline = None
        return status

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
