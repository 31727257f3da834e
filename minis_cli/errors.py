"""User-facing errors and the process exit codes, mapped in one place."""

from __future__ import annotations

import enum
import errno


class ExitCode(enum.IntEnum):
    """How a minis-py command ends. Every command returns one of these."""

    OK = 0
    FINDINGS = 1  # lint found something; also a refused init
    ERROR = 2  # usage, configuration or internal error
    INTERRUPTED = 130


class MinisError(Exception):
    """An error the user can act on: what happened, and what to try.

    Rendered once by the top-level handler in ``minis_cli.cli``; a traceback only with ``--traceback``.
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(MinisError):
    """A bad flag or argument combination."""


class ConfigError(MinisError):
    """A configuration file minis-py cannot use."""


# What the file system refused, said plainly (never "a bug in minis-py"): (what happened, what to try).
_FILE_SYSTEM_ERRORS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "Free some space on it (or write somewhere else), then run the command again."),
    errno.EROFS: ("the file system is read-only", "Run it on a writable disk (or remount it read-write), or write somewhere else."),
    errno.EACCES: ("permission denied", "Check who owns it and its permissions (ls -l), or run the command where you may write."),
    errno.EPERM: ("the operation is not permitted", "Check who owns it and its permissions (ls -l), or run the command where you may write."),
}
if hasattr(errno, "EDQUOT"):
    _FILE_SYSTEM_ERRORS[errno.EDQUOT] = ("your disk quota is used up", "Free some of your quota (or write somewhere else), then run the command again.")


def file_system_error(error: OSError, doing: str = "") -> MinisError | None:
    """A MinisError for a full disk, a used-up quota, a read-only file system or a refused permission (what
    happened, where, and what to try); None for any other error. Whatever was being written was not left
    half-written: every file minis-py writes goes through a temp file that is removed on failure."""
    found = _FILE_SYSTEM_ERRORS.get(error.errno or 0)
    if found is None:
        return None
    what, hint = found
    where = f" ({error.filename})" if error.filename else ""
    return MinisError(f"{doing or 'cannot write'}{where}: {what}; nothing was left half-written", hint)
