"""The language server (`minis-py server`): lint's findings, fixes and rule explanations in an editor as you type.

session.py holds what the server does with no protocol library (settings, a root's run over the open buffers,
positions, fixes, suppression comments, hovers); lsp.py speaks LSP over it with pygls and lsprotocol, which come
with the optional `server` extra (`pip install 'minis-py[server]'`)."""

from __future__ import annotations

from ..errors import MinisError


def require_pygls() -> None:
    """pygls and lsprotocol, or the one error that says how to get them."""
    try:
        import lsprotocol.types  # noqa: F401
        import pygls.lsp.server  # noqa: F401
    except ImportError:
        raise MinisError(
            "minis-py server needs pygls and lsprotocol, which are not installed", "Install the server extra: pip install 'minis-py[server]'."
        ) from None


def serve() -> None:
    require_pygls()
    from .lsp import serve as run

    run()
