"""The temporary files and folders minis-py writes beside what it makes (init's staging folder, build's zip,
every rewritten file), created with the usual modes (0666/0777 less the umask, as any editor or `cp` would) and
named so a later run can tell an abandoned one from a live one: `<prefix><pid>-<host>-<random><suffix>`.

An entry is stale, and removed by the next run that writes there, only when its name is ours and either the
process that made it (on this machine) is gone or it is over a day old (a reused pid, another machine's, or an
older minis-py's `<prefix><8 random characters><suffix>`). A live run's entries are never touched.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import socket
import stat
import time
from pathlib import Path

MAX_AGE = 24 * 3600.0  # past this, any entry of ours is abandoned, whoever made it
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_host_tag: str | None = None


def host_tag() -> str:
    """Six hex digits naming this machine (its host name), so a pid is only judged where it was taken."""
    global _host_tag
    if _host_tag is None:
        import hashlib

        _host_tag = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]
    return _host_tag


def fresh_name(prefix: str, suffix: str) -> str:
    """A name of ours for this process, unused with high probability (creating it exclusively makes sure)."""
    token = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{prefix}{os.getpid()}-{host_tag()}-{token}{suffix}"


def make_file(directory: Path, prefix: str, suffix: str, mode: int = 0o666) -> tuple[int, Path]:
    """A new file in ``directory`` (created exclusively, mode less the umask), open for writing: (fd, path)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = directory / fresh_name(prefix, suffix)
        try:
            return os.open(path, flags, mode), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(directory))


def make_dir(directory: Path, prefix: str, suffix: str = "", mode: int = 0o777) -> Path:
    """A new folder in ``directory`` (mode less the umask)."""
    for _ in range(100):
        path = directory / fresh_name(prefix, suffix)
        try:
            os.mkdir(path, mode)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary folder name", str(directory))


def _alive(pid: int) -> bool:
    if pid <= 0:
        return True  # not a pid we wrote: leave it to the age test
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's live process
    return True


def is_stale(name: str, prefix: str, suffix: str, age: float) -> bool:
    """Whether ``name`` is an abandoned entry of ours (``prefix`` is a regular expression, ``suffix`` literal)."""
    ours = re.fullmatch(f"(?:{prefix})(\\d+)-([0-9a-f]{{6}})-[a-z0-9]{{8}}{re.escape(suffix)}", name, re.DOTALL)
    if ours is not None:
        if age > MAX_AGE:
            return True
        pid = int(ours.group(1))
        return ours.group(2) == host_tag() and pid != os.getpid() and not _alive(pid)
    older = re.fullmatch(f"(?:{prefix})[a-z0-9_]{{8}}{re.escape(suffix)}", name, re.DOTALL)  # tempfile.mkstemp/mkdtemp's names
    return older is not None and age > MAX_AGE


def clean_stale(directory: Path, prefix: str, suffix: str, folders: bool = False) -> list[Path]:
    """Remove the stale entries of ours in ``directory`` (files, or with ``folders`` folders; a symbolic link
    is never followed nor removed); the paths removed. Best effort: what cannot be removed stays."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        kind_ok = stat.S_ISDIR(info.st_mode) if folders else stat.S_ISREG(info.st_mode)
        if not kind_ok or not is_stale(entry.name, prefix, suffix, now - info.st_mtime):
            continue
        path = Path(entry.path)
        try:
            if folders:
                shutil.rmtree(path)  # never follows a link inside (it removes the link)
            else:
                os.unlink(path)
        except OSError:
            continue
        removed.append(path)
    return removed
