"""`minis-py schema`: the JSON Schema of minis.config.json, for editors and other tools."""

from __future__ import annotations

import typer

from ..errors import ExitCode
from .environment import Environment


def register(app: typer.Typer) -> None:
    @app.command(help="Print the JSON Schema of minis.config.json (point your editor at it).")
    def schema(
        ctx: typer.Context, games: bool = typer.Option(False, "--games", help="The schema of minigame.config.json (TikTok's games CLI) instead.")
    ) -> int:
        from ..config import GAMES_CONFIG_FILENAME, config_schema_text

        env: Environment = ctx.obj
        env.stdout.write(config_schema_text(GAMES_CONFIG_FILENAME) if games else config_schema_text())
        return int(ExitCode.OK)
