"""The Typer application: global options, and one module per command."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"minis-py {__version__}")
        raise typer.Exit()


def build_app():
    from . import audit, build, dev, init, lint, mock, rules, schema, server

    app = typer.Typer(
        name="minis-py",
        help="A toolchain for TikTok Minis: checks, a mock TikTok, scaffolding.",
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
        traceback: Annotated[bool, typer.Option("--traceback", help="Show the Python traceback of an error (for bug reports).")] = False,
    ) -> None:
        """minis-py: a toolchain for TikTok Minis."""

    init.register(app)
    dev.register(app)
    build.register(app)
    lint.register(app)
    rules.register(app)
    mock.register(app)
    schema.register(app)
    audit.register(app)
    server.register(app)
    return typer.main.get_command(app)
