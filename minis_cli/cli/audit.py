"""`minis-py audit`: TikTok's startup budget measured in headless Chromium with the mock TikTok (issue 33)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..audit.report import HELP as FORMAT_HELP
from ..mock.simulator import PRESETS
from ..mock.throttle import DEFAULT_PROFILE, PROFILES
from ..wording import either
from .environment import Environment

# The presets and profiles in words, from the one place each is declared (docs/contributing.md).
DEVICE_HELP = f"A device preset ({', '.join(PRESETS)}); repeat for more (default: audit.devices, else each preset)."
NETWORK_HELP = f"A network profile: {either(PROFILES)} (default: audit.network, else {DEFAULT_PROFILE})."


def register(app: typer.Typer) -> None:
    @app.command(
        help="Run the game or the Mini in headless Chromium with the mock TikTok, under a network profile, and measure first paint, time to "
        "interactive, errors, SDK calls and the review self-tests against TikTok's startup budget (exit 0 within budget, 1 a budget breached, "
        "2 errors of minis-py)."
    )
    def audit(
        ctx: typer.Context,
        path: Annotated[str, typer.Argument(help="The project (default: the current folder).")] = ".",
        device: Annotated[list[str] | None, typer.Option("--device", help=DEVICE_HELP)] = None,
        network: Annotated[str | None, typer.Option("--network", help=NETWORK_HELP, show_default=False)] = None,
        rate: Annotated[str | None, typer.Option("--rate", help="A custom rate over the profile, e.g. 500KB/s or 2Mbit/s.", show_default=False)] = None,
        latency: Annotated[float | None, typer.Option("--latency", min=0, help="A custom latency in ms over the profile.", show_default=False)] = None,
        timeout: Annotated[
            float | None, typer.Option("--timeout", min=1, help="The wait for the game, in ms (default: audit.timeout, else 15000).", show_default=False)
        ] = None,
        runs: Annotated[
            str,
            typer.Option(
                "--runs",
                metavar="N|auto",
                help="Load each device N times (each cold) and report each timing's least (other work on the machine only adds time), "
                "with every load's timings in the json report; auto (the default): until the least time to interactive times the loads "
                "reaches 1 s, at most 5, within 2 s of the audit's own time a device (a tiny package several times, a megabyte one once).",
            ),
        ] = "auto",
        output_format: Annotated[str | None, typer.Option("--output-format", help=FORMAT_HELP, show_default=False)] = None,
        output_file: Annotated[
            Path | None, typer.Option("-o", "--output-file", help="Write the report to FILE instead of standard output.", dir_okay=False)
        ] = None,
        screenshots: Annotated[
            Path | None, typer.Option("--screenshots", help="Where the screenshots go (default: .minis/audit/ in the project).", file_okay=False)
        ] = None,
        chromium: Annotated[
            str | None, typer.Option("--chromium", help="The Chromium to run (default: MINIS_CHROMIUM, else /usr/bin/chromium).", show_default=False)
        ] = None,
        exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when a budget is breached.")] = False,
        no_backend: Annotated[bool, typer.Option("--no-backend", help="Do not run the project's backend (its dev script), as dev would.")] = False,
        source: Annotated[
            str | None,
            typer.Option(
                "--from",
                help="A Mini's page: build (build.outputDir as built) or dev (as the dev script serves it); default: the build when there is one.",
                show_default=False,
            ),
        ] = None,
        summary: Annotated[
            Path | None,
            typer.Option(
                "--summary",
                help='Also append the markdown report to FILE, e.g. --summary "$GITHUB_STEP_SUMMARY" (a GitHub Actions job summary).',
                dir_okay=False,
            ),
        ] = None,
        schema: Annotated[bool, typer.Option("--schema", help="Print the JSON Schema of the json report and exit.")] = False,
    ) -> int:
        if schema:
            from ..config import SCHEMA_DIR

            ctx.obj.stdout.write((SCHEMA_DIR / "audit-report.schema.json").read_text(encoding="utf-8"))
            return 0
        options = (output_format, output_file, screenshots, chromium, exit_zero, no_backend, source, summary)
        return int(run(ctx.obj, path, device or [], network, rate, latency, timeout, *options, runs=runs))


def run(
    env: Environment,
    path: str,
    devices: list[str],
    network: str | None,
    rate: str | None,
    latency: float | None,
    timeout: float | None,
    output_format: str | None,
    output_file: Path | None,
    screenshots: Path | None,
    chromium: str | None,
    exit_zero: bool,
    no_backend: bool = False,
    source: str | None = None,
    summary: Path | None = None,
    runs: str | int = "auto",
) -> int:
    from ..audit import AUTO_RUNS
    from ..audit.budgets import read_settings
    from ..audit.report import FORMATS, View, render
    from ..audit.run import run_audit
    from ..audit.runner import AuditOptions
    from ..errors import ExitCode, UsageError
    from ..mock import throttle
    from ..project import Project

    loads = AUTO_RUNS if str(runs).strip().lower() == "auto" else int(runs) if str(runs).strip().isdigit() and int(runs) >= 1 else None
    if loads is None:
        raise UsageError(
            f"--runs must be a whole number from 1, or auto, not '{runs}'",
            "auto (the default) loads a device until its least time to interactive times the loads is 1 s, at most 5 times.",
        )
    fmt = output_format or "text"
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format '{fmt}'", f"Use one of: {', '.join(FORMATS)}.")
    if source is not None and source not in ("build", "dev"):
        raise UsageError(f"--from must be build or dev, not '{source}'", "build: build.outputDir as built; dev: the page as the dev script serves it.")
    target = (env.cwd / path).resolve()
    if not target.exists():
        raise UsageError(f"path '{path}' does not exist", "Pass the project folder, or run minis-py audit inside it.")
    project = Project.discover(target, environ=env.environ)
    document = project.settings_file.document if project.settings_file is not None else None
    settings = read_settings(document.value if document is not None else None)
    try:
        profile = throttle.profile(network or settings.network, rate, latency)
    except ValueError as error:
        raise UsageError(str(error), f"The profiles: {', '.join(f'{p.name} ({p.summary})' for p in throttle.PROFILES.values())}.") from None
    options = AuditOptions(
        devices=tuple(devices),
        network=profile,
        timeout_ms=timeout,
        screenshots=(env.cwd / screenshots) if screenshots is not None else None,
        chromium=chromium,
        settings=settings,
        backend=False if no_backend else None,
        source=source,
        runs=loads,
    )

    def say(text: str) -> None:  # progress on standard error, unless a machine format goes to standard output
        if not FORMATS[fmt].machine or output_file is not None:
            env.stderr.write(f"minis-py: {text}\n")

    result = run_audit(project, options, say)
    view = View(env.cwd, color=FORMATS[fmt].colour and output_file is None and env.color)
    text = render(fmt, result, view)
    if output_file is not None:
        where = output_file if output_file.is_absolute() else env.cwd / output_file
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            where.write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write the report to {output_file}: {error.strerror or error}", "Check that the folder exists and is writable.") from None
        env.stderr.write(f"minis-py: the {fmt} report is in {output_file}\n")
    else:
        env.stdout.write(text)
        env.stdout.flush()
    if summary is not None:
        where = summary if summary.is_absolute() else env.cwd / summary
        try:
            with open(where, "a", encoding="utf-8") as handle:
                handle.write(render("markdown", result, View(env.cwd)) + "\n")
        except OSError as error:
            raise UsageError(f"cannot write the summary to {summary}: {error.strerror or error}", "Check that the folder exists and is writable.") from None
    if not result.passed and not exit_zero:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.OK)
