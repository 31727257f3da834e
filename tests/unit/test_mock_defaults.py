"""The mock's defaults live once, in MockSettings: `mock serve`'s options and the docs' table follow them."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import typer

from minis_cli.cli.mock import register
from minis_cli.mock.settings import MockSettings

PAGE = Path(__file__).resolve().parents[2] / "docs" / "commands" / "mock.md"  # the options in detail, typed beside the generated ones


def serve_parameters() -> dict[str, inspect.Parameter]:
    app = typer.Typer()
    register(app)
    serve = app.registered_groups[0].typer_instance.registered_commands[0].callback
    return dict(inspect.signature(serve).parameters)


def test_every_serve_option_named_like_a_setting_defaults_to_the_setting() -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(MockSettings) if f.default is not dataclasses.MISSING}
    parameters = serve_parameters()
    shared = sorted(set(parameters) & set(defaults))
    assert {"access_ttl", "refresh_ttl", "code_ttl", "client_ttl", "client_version", "beans_balance", "rate_limit_key"} <= set(shared)
    for name in shared:
        assert parameters[name].default == defaults[name], (
            f"--{name.replace('_', '-')} defaults to {parameters[name].default!r}, the setting to {defaults[name]!r}"
        )


def test_the_docs_state_the_settings_lifetimes() -> None:
    detail = PAGE.read_text(encoding="utf-8").split("## The options in detail", 1)[1]
    rows = dict(re.findall(r"^\| `--([a-z-]+)(?: [^`]*)?` \| ([^|]+?) \|", detail, re.M))
    settings = MockSettings()
    for option in ("access-ttl", "refresh-ttl", "code-ttl", "client-ttl", "beans-balance"):
        assert rows[option] == str(getattr(settings, option.replace("-", "_"))), f"docs/commands/mock.md's --{option} row"
    assert rows["client-version"] == f"`{settings.client_version}`" and rows["rate-limit-key"] == f"`{settings.rate_limit_key}`"
