"""The dev script's keeper: the leader of its process group, so the script and everything it starts die with
minis-py however minis-py ends (Ctrl-C, SIGTERM, a closed terminal, SIGKILL, a crash).

    python -I -S guardian.py FD PARENT_PID COMMAND...

It runs COMMAND in its own (inherited) process group and ends with its status. It holds the read end of a pipe
whose write end only minis-py holds: when minis-py is gone the read returns (end of file) and the guardian stops
the group, SIGTERM then SIGKILL after a grace period. On Linux the parent-death signal (prctl
PR_SET_PDEATHSIG) says the same even sooner. The signals meant for the group (SIGINT, SIGTERM, SIGHUP) do not
stop the guardian before its child, so minis-py's own grace period applies to the script.

Standard library only, run without site-packages (-S): it starts in a few milliseconds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

GRACE = 3.0  # seconds between SIGTERM and SIGKILL once minis-py is gone
_stopping = threading.Lock()


def _ignore(signum: int, frame: object) -> None:
    """A handler, not SIG_IGN: a handler is reset for the child by exec, an ignored signal would stay ignored."""


def _stop_group(child: subprocess.Popen | None) -> None:
    """minis-py is gone: the whole group ends (this process last)."""
    if not _stopping.acquire(blocking=False):
        return
    try:
        os.killpg(0, signal.SIGTERM)
    except OSError:
        pass
    deadline = time.monotonic() + GRACE
    while child is not None and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(0, signal.SIGKILL)


def _parent_death_signal(signum: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signum, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, ImportError):
        pass


def main(argv: list[str]) -> int:
    fd, parent, command = int(argv[1]), int(argv[2]), argv[3:]
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _ignore)
    child: list[subprocess.Popen] = []

    def orphaned(*_: object) -> None:
        threading.Thread(target=_stop_group, args=(child[0] if child else None,), daemon=True).start()

    signal.signal(signal.SIGUSR1, orphaned)
    _parent_death_signal(signal.SIGUSR1)
    if os.getppid() != parent:  # minis-py died before the signal was asked for
        _stop_group(None)
    try:
        child.append(subprocess.Popen(command))
    except OSError as exc:
        sys.stderr.write(f"minis-py: cannot start {command[0]}: {exc.strerror or exc}\n")
        return 127

    def watch() -> None:
        try:
            while os.read(fd, 1024):
                pass
        except OSError:
            pass
        _stop_group(child[0])

    threading.Thread(target=watch, daemon=True).start()
    status = child[0].wait()
    if _stopping.locked():  # minis-py is gone and the group is being stopped: this process goes with it
        threading.Event().wait()
    if status < 0:  # end as the child did, by the same signal
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
        time.sleep(1)
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
