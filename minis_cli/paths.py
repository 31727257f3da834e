"""Where minis-py finds the files it ships (templates), in a wheel or a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """The templates folder: ``minis_cli/templates`` in a wheel, the repo's ``templates/`` in a checkout."""
    bundled = _PACKAGE_DIR / "templates"
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / "templates"
