"""`minis-py rules` (the catalogue) and `minis-py rule ID` (one rule explained), from the rule metadata."""

from __future__ import annotations

import difflib
import json
from typing import Annotated

import typer

from ..errors import ExitCode, UsageError
from .environment import Environment

RULE_FORMATS = ("table", "markdown", "json")


def register(app: typer.Typer) -> None:
    @app.command(help="List every rule: id, name, severity, summary.")
    def rules(
        ctx: typer.Context, output_format: Annotated[str, typer.Option("--output-format", help="table, markdown (as docs/rules/index.md) or json.")] = "table"
    ) -> int:
        return int(show_rules(ctx.obj, output_format))

    @app.command(help="Explain one rule (by id or name), with a failing and a passing example.")
    def rule(ctx: typer.Context, rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id (MN104) or name (client-key-mismatch).")]) -> int:
        return int(explain_rule(ctx.obj, rule_id))


def rules_markdown() -> str:
    """The rule table in Markdown: docs/rules/index.md is this table with each id linked to its page (docs/docgen.py)."""
    from ..lint.rules import all_rules

    lines = ["| id | name | severity | fix | what it finds |", "|---|---|---|---|---|"]
    for rule in all_rules():
        lines.append(f"| {rule.id} | {rule.name} | {rule.severity.value} | {rule.autofix} | {rule.summary.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def show_rules(env: Environment, fmt: str) -> ExitCode:
    from ..lint.rules import all_rules

    if fmt not in RULE_FORMATS:
        raise UsageError(f"unknown format '{fmt}'", f"Use one of: {', '.join(RULE_FORMATS)}.")
    if fmt == "markdown":
        env.stdout.write(rules_markdown())
    elif fmt == "json":
        items = [
            {
                "id": r.id,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "rationale": r.rationale,
                "fix": r.fix,
                "autofix": r.autofix,
                "autofix_note": r.autofix_note,
            }
            for r in all_rules()
        ]
        env.stdout.write(json.dumps(items, indent=2) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        for column in ("id", "name", "sev", "what it finds"):
            table.add_column(column, overflow="fold")
        for r in all_rules():
            table.add_row(r.id, r.name, r.severity.letter, r.summary)
        Console(file=env.stdout, force_terminal=env.color, no_color=not env.color, width=env.width, highlight=False).print(table)
    return ExitCode.OK


def explain_rule(env: Environment, wanted: str) -> ExitCode:
    from rich.console import Console
    from rich.text import Text

    from ..lint.rules import all_rules, get_rule

    rules = all_rules()
    found = get_rule(wanted) or next((r for r in rules if r.name == wanted.lower()), None)
    if found is None:
        near = difflib.get_close_matches(wanted.upper(), [r.id for r in rules], n=1) or difflib.get_close_matches(wanted.lower(), [r.name for r in rules], n=1)
        raise UsageError(f"no rule '{wanted}'", (f"Did you mean {near[0]}? " if near else "") + "`minis-py rules` lists them all.")
    console = Console(file=env.stdout, force_terminal=env.color, no_color=not env.color, width=env.width, highlight=False, soft_wrap=True)
    console.print(
        Text(f"{found.id} {found.name}", style="bold"), Text(f"({found.severity.value})", style="red" if found.severity.value == "error" else "yellow")
    )
    console.print()
    console.print(found.summary)
    console.print()
    console.print(Text("Why", style="bold"))
    console.print(f"  {found.rationale}")
    console.print()
    console.print(Text("What to try", style="bold"))
    console.print(f"  {found.fix}")
    console.print()
    console.print(Text("Fix", style="bold"))
    if found.autofix == "none":
        console.print("  none: lint --fix does not change anything for this rule" + (f" ({found.autofix_note})" if found.autofix_note else ""))
    else:
        flag = "lint --fix" if found.autofix == "safe" else "lint --fix --unsafe-fixes"
        console.print(f"  {found.autofix} ({flag}): {found.autofix_note}")
    for title, example in (("Example that fails", found.bad), ("Example that passes", found.good)):
        console.print()
        console.print(Text(title, style="bold"), Text("(files changed from a minimal valid project)", style="dim"))
        if example.note:
            console.print(f"  ({example.note})")
        if example.client_key:
            console.print(f"  $ minis-py lint --client-key {example.client_key}")
        for path, content in example.files.items():
            if content is None:
                console.print(Text(f"  {path}: (deleted)", style="dim"))
                continue
            console.print(Text(f"  {path}", style="cyan"))
            text = content.decode("utf-8", "backslashreplace") if isinstance(content, bytes) else content
            if len(text) > 2000:  # a size example (MN021): its size, not its bytes
                console.print(Text(f"    ({len(text):,} bytes)", style="dim"))
                continue
            for line in text.rstrip("\n").splitlines():
                console.print(Text(f"    {line}"))
    return ExitCode.OK
