"""What a command touches outside its arguments (streams, environment, folder): the one thing every command module
imports from the CLI package, in a module of its own so that the package (main, which imports the commands) and the
commands do not import each other."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from ..records import field, record


@record
class Environment:
    """Everything a command touches outside its arguments, passed in so tests run commands in-process."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path = field(default_factory=Path.cwd)

    def isatty(self, stream: TextIO) -> bool:
        try:
            return stream.isatty()
        except (AttributeError, ValueError):
            return False

    @property
    def color(self) -> bool:
        """Colour on a terminal unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it."""
        if self.environ.get("NO_COLOR"):
            return False
        return bool(self.environ.get("FORCE_COLOR")) or self.isatty(self.stdout)

    @property
    def width(self) -> int:
        """The columns reports are laid out in: $COLUMNS, else 100."""
        try:
            return int(self.environ.get("COLUMNS", "")) or 100
        except ValueError:
            return 100
