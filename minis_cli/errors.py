"""User-facing errors and the process exit codes, mapped in one place."""

from __future__ import annotations

import enum


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
