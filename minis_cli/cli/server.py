"""`minis-py server`: the language server, over stdio (issue 34)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command(help="Run the language server on stdin/stdout: lint's findings as you type, their fixes as code actions, the rules on hover.")
    def server(
        ctx: typer.Context,
        stdio: Annotated[bool, typer.Option("--stdio", help="Speak over stdin/stdout (the default and only transport; editors' clients pass it).")] = False,
    ) -> int:
        from ..server import serve

        serve()
        return 0
