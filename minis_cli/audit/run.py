"""`minis-py audit`'s one entry: the audit a project gets. A native game (or an engine's build) loads in the desktop
host (runner.py), a Mini's page behind the preview proxy (page.py, which uses runner.py's devices, console and budgets);
this module sits above both, so neither imports the other back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import AuditResult
from .page import audit_page
from .runner import AuditOptions, audit_game

if TYPE_CHECKING:
    from ..project import Project


def run_audit(project: Project, options: AuditOptions, say: Callable[[str], None] = lambda text: None) -> AuditResult:
    """Audit the project: a native game (or an engine's build) in the desktop host, a Mini's page behind the preview proxy."""
    if not project.is_native_runtime:
        return audit_page(project, options, say)
    return audit_game(project, options, say)
