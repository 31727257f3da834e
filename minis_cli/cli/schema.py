"""`minis-py schema`: the JSON Schema of minis.config.json, for editors and other tools."""

from __future__ import annotations

import typer

from ..errors import ExitCode
from . import Environment


def register(app: typer.Typer) -> None:
    @app.command(help="Print the JSON Schema of minis.config.json (point your editor at it).")
    def schema(ctx: typer.Context) -> int:
        from ..config import config_schema_text

        env: Environment = ctx.obj
        env.stdout.write(config_schema_text())
        return int(ExitCode.OK)
