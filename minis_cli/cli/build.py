"""`minis-py build`: check the project's built output and package it into minis.zip."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode, UsageError
from ..lint.formats import FORMATS
from ..wording import plural
from .environment import Environment
from .lint import FORMAT_HELP, default_format

if TYPE_CHECKING:
    from ..build import BuildResult

LARGEST_SHOWN = 5


def register(app: typer.Typer) -> None:
    @app.command(help="After your own build: check build.outputDir (MN3xx secrets, MN4xx platform rules) and package it as a reproducible minis.zip.")
    def build(
        ctx: typer.Context,
        path: Annotated[str, typer.Argument(metavar="[PATH]", help="The project (or a folder inside it).", show_default=False)] = ".",
        out: Annotated[
            Path | None, typer.Option("--out", help="Where to write the package (default: minis.zip at the project root).", dir_okay=False, show_default=False)
        ] = None,
        output_format: Annotated[str | None, typer.Option("--output-format", help="How findings are shown: " + FORMAT_HELP, show_default=False)] = None,
    ) -> int:
        return int(run_build(ctx.obj, path, out, output_format))


def run_build(env: Environment, raw_path: str, out: Path | None, output_format: str | None) -> ExitCode:
    from ..build import build
    from ..project import Project, tiktok_root
    from ..targets import using_line

    fmt = output_format or default_format(env)
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format '{fmt}'", f"Use one of: {', '.join(FORMATS)}.")
    target = (env.cwd / raw_path).resolve()
    if not target.exists():
        raise UsageError(f"path '{raw_path}' does not exist", "Pass the project folder (where minis.config.json is).")
    root, why = tiktok_root(target)  # the folder lint checks: a multi-target project's TikTok subfolder
    if why is not None:
        env.stderr.write(using_line("building", root, why))
    project = Project(root, environ=env.environ)
    out_file = None if out is None else (out if out.is_absolute() else env.cwd / out)
    if out_file is not None and out_file.is_dir():
        raise UsageError(f"--out {out} is a folder", "Name the zip file to write, such as --out release/minis.zip.")
    result = build(project, out_file, on_findings=lambda found: _report(env, project.root, found, fmt))
    if result.warnings:
        _report(env, project.root, result.warnings, fmt)
    for note in result.notes:
        env.stderr.write(f"warning: {note}\n")
    _summary(env, result)
    return ExitCode.OK


def _report(env: Environment, root: Path, diagnostics: list, fmt: str) -> None:
    from ..lint.model import LintResult
    from ..lint.report import ReportView, render
    from ..lint.rules import all_rules
    from ..project import Project

    view = ReportView(
        cwd=env.cwd,
        rules={rule.id: rule for rule in all_rules()},
        read=lambda base, path: Project(base).read(path).text,
        color=FORMATS[fmt].colour and env.color,
        width=env.width,
    )
    env.stdout.write(render(fmt, [LintResult(root, diagnostics, secrets=Project(root).known_secrets)], view))
    env.stdout.flush()


def _summary(env: Environment, result: BuildResult) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..build import human_size

    files = result.files
    total = result.total_size
    console = Console(file=env.stdout, force_terminal=env.color, no_color=not env.color, width=env.width, highlight=False)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", title_justify="left")
    table.add_column(f"largest of {plural(len(files), 'file')} in {result.output_dir}/")
    table.add_column("size", justify="right")
    table.add_column("share", justify="right")
    for file in sorted(files, key=lambda f: (-f.size, f.path))[:LARGEST_SHOWN]:
        table.add_row(file.path, human_size(file.size), f"{100 * file.size / total:.0f}%" if total else "-")
    warnings = len(result.warnings)
    console.print(f"checked {result.checked} {result.checked_label}: no errors" + (f", {plural(warnings, 'warning')}" if warnings else ""))
    console.print(table)
    zip_path = result.zip_path
    try:
        shown = zip_path.relative_to(env.cwd)
    except ValueError:
        shown = zip_path
    console.print(f"{plural(len(files), 'file')}, {human_size(total)} → {shown} {human_size(result.zip_size)}")
    for line in result.info:
        console.print(line)
