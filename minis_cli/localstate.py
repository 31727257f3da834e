"""What minis-py keeps on this machine: the project's `.minis/` folder and the per-user secret that signs what it
reads back.

A checkout may come from anyone (a pull request, a downloaded sample), and `.minis/` is inside it: whatever is
found there is untrusted input. So nothing read back from it is code (the lint cache is JSON, signed with a key
that lives outside every project, in the user's own state folder), and nothing written there follows a symbolic
link a checkout could plant (`.minis/.gitignore` -> `~/.bashrc`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

STATE_DIR_ENV = "MINIS_STATE_DIR"  # where the per-user key lives (tests); else $XDG_STATE_HOME/minis-py
KEY_FILE = "cache-key"
KEY_BYTES = 32
GITIGNORE = b"# created by minis-py: local state, never committed\n*\n"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted at the name must not block the open


class UntrustedPath(OSError):
    """A path minis-py will not write through: a symbolic link, or a folder that is not a folder."""


def user_state_dir() -> Path:
    """The user's own minis-py folder, outside every project."""
    if os.environ.get(STATE_DIR_ENV):
        return Path(os.environ[STATE_DIR_ENV])
    if os.name == "nt":  # pragma: no cover - Windows
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "minis-py"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "minis-py"


def user_key() -> tuple[bytes | None, str | None]:
    """This user's secret (made on first use, mode 0600), and None with a reason when there is none to trust:
    a key file someone else owns or others may read could sign anything."""
    folder = user_state_dir()
    path = folder / KEY_FILE
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        except FileNotFoundError:
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
            except FileExistsError:  # another minis-py made it meanwhile: read theirs
                continue
            except OSError as exc:
                return None, f"cannot create {path}: {exc.strerror or exc}"
            key = os.urandom(KEY_BYTES)
            try:
                os.write(fd, key)
            finally:
                os.close(fd)
            return key, None
        except OSError as exc:
            return None, f"cannot read {path}: {exc.strerror or exc}"
        try:
            info = os.fstat(fd)
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None, f"{path} belongs to another user"
            if os.name != "nt" and info.st_mode & 0o077:
                return None, f"{path} may be read or written by other users (chmod 600 it, or delete it)"
            key = os.read(fd, KEY_BYTES + 1)
        finally:
            os.close(fd)
        if len(key) != KEY_BYTES:
            return None, f"{path} is not a minis-py key (delete it: a new one is made)"
        return key, None
    return None, f"cannot read {path}"


def check_real_dir(path: Path, root: Path) -> None:
    """Refuse when `path` or a folder between it and `root` is a symbolic link (or not a folder)."""
    current = path
    while True:
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            pass
        else:
            if stat.S_ISLNK(info.st_mode):
                raise UntrustedPath(f"{current} is a symbolic link; minis-py does not write through it")
            if not stat.S_ISDIR(info.st_mode):
                raise UntrustedPath(f"{current} is not a folder")
        if current == root or current.parent == current:
            return
        current = current.parent


def ensure_state_dir(folder: Path, root: Path) -> None:
    """Make `folder` (e.g. `.minis/cache`) inside `root`, with `.minis/.gitignore`, refusing symbolic links."""
    check_real_dir(folder, root)
    folder.mkdir(parents=True, exist_ok=True)
    check_real_dir(folder, root)  # a link swapped in while the folders were made
    state = root / ".minis"
    if state == folder or state in folder.parents:
        try:
            fd = os.open(state / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
        except FileExistsError:
            return
        try:
            os.write(fd, GITIGNORE)
        finally:
            os.close(fd)


def write_private(path: Path, data: bytes, root: Path, mode: int = 0o600) -> None:
    """Write a file of `.minis/` whole (temp file and rename, so a reader never sees half of it), never through a
    symbolic link planted at its name or in its folders."""
    ensure_state_dir(path.parent, root)
    temp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)  # rename replaces a link at `path` itself, never writes through it
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def read_private(path: Path, limit: int) -> bytes | None:
    """A file of `.minis/` (None if missing or unreadable), never through a symbolic link, at most `limit` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read(limit + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    return data if len(data) <= limit else None
