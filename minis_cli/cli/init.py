"""`minis-py init`: scaffold a Minis project that passes its checks and its tests on the first try."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode, UsageError
from ..wording import plural
from .environment import Environment

if TYPE_CHECKING:
    from ..lint.model import Diagnostic

DEFAULT_DIRECTORY = "my-mini"


def register(app: typer.Typer) -> None:
    @app.command(help="Scaffold a Minis project: front end, zero-dependency Node backend, tests, config.")
    def init(
        ctx: typer.Context,
        directory: Annotated[
            str | None, typer.Argument(metavar="[DIR]", help=f"The new project's folder (default: {DEFAULT_DIRECTORY}).", show_default=False)
        ] = None,
        template: Annotated[
            str | None, typer.Option("--template", help="drama (TTMinis.* SDK) or game (TTMinis.game.*, rewards). Default: drama.", show_default=False)
        ] = None,
        client_key: Annotated[
            str | None, typer.Option("--client-key", help="Your app's client key from the TikTok developer portal.", show_default=False)
        ] = None,
        name: Annotated[str | None, typer.Option("--name", help="The npm package name (default: from the folder name).", show_default=False)] = None,
        force: Annotated[bool, typer.Option("--force", help="Write into a non-empty folder: add the missing files; never overwrite or delete one.")] = False,
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Take the defaults instead of asking.")] = False,
        existing: Annotated[
            bool,
            typer.Option(
                "--existing",
                help="Adopt the project already in DIR (default: .): add minis.config.json, the SDK tag and init call, a dev script if none; nothing else.",
            ),
        ] = False,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="With --existing: show the diff, write nothing.")] = False,
    ) -> int:
        if existing:
            if template or name or force:
                from ..errors import UsageError

                raise UsageError(
                    "--existing takes only DIR, --client-key and --dry-run",
                    "Adopting keeps the project's own files; --template, --name and --force are for new projects.",
                )
            return int(run_adopt(ctx.obj, directory or ".", client_key, dry_run))
        if dry_run:
            from ..errors import UsageError

            raise UsageError("--dry-run goes with --existing", "minis-py init --existing --dry-run shows what adopting the project would change.")
        return int(run_init(ctx.obj, directory, template, client_key, name, force, yes))


def _interactive(env: Environment, yes: bool) -> bool:
    return not yes and not env.environ.get("CI") and env.isatty(env.stdin)


def _ask(env: Environment, question: str, default: str | None) -> str:
    suffix = f" [{default}]" if default else ""
    while True:
        env.stderr.write(f"{question}{suffix}: ")
        env.stderr.flush()
        answer = env.stdin.readline()
        if not answer:  # end of input
            raise typer.Abort()
        answer = answer.strip() or (default or "")
        if answer:
            return answer


def run_init(env: Environment, directory: str | None, template: str | None, client_key: str | None, name: str | None, force: bool, yes: bool) -> ExitCode:
    from ..scaffold import TEMPLATES, InitRequest, check_client_key, check_name, init_project, npm_name

    interactive = _interactive(env, yes)
    if directory is None:
        directory = _ask(env, "Project folder", DEFAULT_DIRECTORY) if interactive else DEFAULT_DIRECTORY
    if template is None:
        template = _ask(env, f"Template ({'/'.join(TEMPLATES)})", TEMPLATES[0]) if interactive else TEMPLATES[0]
    if template not in TEMPLATES:
        raise UsageError(f"unknown template '{template}'", f"Use --template {' or --template '.join(TEMPLATES)}.")
    if client_key is None:
        if not interactive:
            raise UsageError(
                "--client-key is required", "Pass your app's client key: minis-py init my-mini --client-key <key> (from the TikTok developer portal)."
            )
        client_key = _ask(env, "Client key (from your app's page on the TikTok developer portal)", None)
    target = (env.cwd / directory).resolve()
    request = InitRequest(
        directory=target, template=template, client_key=check_client_key(client_key), name=check_name(name) if name else npm_name(target.name), force=force
    )
    result = init_project(request)
    shown = directory if not Path(directory).is_absolute() else str(target)
    out = env.stdout
    out.write(f"Created {request.name} ({template} template) in {shown}: {plural(len(result.written), 'file')}.\n")
    if result.skipped:
        out.write(f"Kept {plural(len(result.skipped), 'existing file')} untouched: {', '.join(result.skipped[:8])}{' …' if len(result.skipped) > 8 else ''}\n")
    findings = _self_check(target)
    retired = [f for f in findings if getattr(f, "rule_id", "") == "MN016"]
    if retired:  # the game template is still the legacy HTML runtime (a native template replaces it)
        out.write(
            "note: this template is a legacy HTML-runtime mini game (MN016): TikTok stopped accepting those on\n"
            "      2026-08-28; use it to learn the games SDK, and migrate to the native runtime to publish.\n"
            "      Its rewarded ad uses the mock's ad unit id: put yours in src/main.js (AD_UNIT_ID).\n"
        )
    others = [f for f in findings if f not in retired]
    if others:
        out.write(f"warning: the new project has {plural(len(others), 'finding')}; run `minis-py lint` in it.\n")
    command = _minis_py_command(env)
    out.write("\nNext steps:\n")
    for line in next_steps(template, shown, command):
        out.write(f"  {line}\n")
    if command != "minis-py":
        out.write("  (minis-py is not on PATH: `npm run minis --` runs the one that created this project)\n")
    return ExitCode.OK


def next_steps(template: str, folder: str, command: str) -> list[str]:
    """What to run in the new project, as lines to print: the folder shell-quoted (`cd 'Bad Name!'`), each
    command with what it does for this template (a native game has no page and no dist/)."""
    import shlex

    if template == "game":
        steps = [
            ("npm test", "the backend's tests, and game.js run headless, against a mock TikTok"),
            (f"{command} dev", "the game in a phone frame (minis-py's desktop host), its backend and a mock TikTok"),
            (f"{command} lint", "TikTok's package and mini-game rules"),
            ("npm run build", "the game's package checked and zipped into minis.zip (minis-py build)"),
        ]
        after = ["before you upload: BACKEND in src/config.js is your backend's https origin (build warns until it is)"]
    else:
        steps = [
            ("npm test", "the backend's tests, against a mock TikTok"),
            (f"{command} dev", "the page and the backend with a mock TikTok login"),
            (f"{command} lint", "the checks TikTok's container will enforce"),
            ("npm run build", "dist/ checked and packaged into minis.zip (minis-py build)"),
        ]
        after = []
    width = max(len(step) for step, _ in steps) + 1
    return [f"cd {shlex.quote(folder)}", *(f"{step:<{width}} # {what}" for step, what in steps), *after]


def _minis_py_command(env: Environment) -> str:
    """How to run minis-py from the new project as printed: `minis-py` when PATH has it, else the project's
    own launcher (scripts/minis-py.js finds the minis-py that created it)."""
    import shutil

    return "minis-py" if shutil.which("minis-py", path=env.environ.get("PATH", "")) else "npm run minis --"


def run_adopt(env: Environment, directory: str, client_key: str | None, dry_run: bool) -> ExitCode:
    """init --existing: show what changes, write it (unless --dry-run), then the same checks as lint."""
    from ..adopt import apply, plan_adoption
    from ..targets import tiktok_target_folder, using_line

    root = (env.cwd / directory).resolve()
    shown = directory if not Path(directory).is_absolute() else str(root)
    target = tiktok_target_folder(root) if root.is_dir() else None
    if target is not None:  # a multi-target project: its TikTok subfolder is what lint, dev and build use
        root = root / target[0]
        shown = str(Path(shown) / target[0]) if shown != "." else target[0]
        env.stderr.write(using_line("adopting", root, target[1]))
    plan = plan_adoption(root, client_key)
    out = env.stdout
    if not plan.changes:
        out.write(f"Nothing to change: {shown} is already set up for TikTok Minis (client key {plan.client_key}).\n")
        return ExitCode.OK
    for change in plan.changes:
        path = _from_cwd(env.cwd, root, change.path)
        out.write(f"{'would ' if dry_run else ''}{'create' if change.before is None else 'change'} {path}: {change.why}\n")
        out.write(change.diff(path))
    if dry_run:
        out.write(f"\n--dry-run: nothing was written ({plural(len(plan.changes), 'file')} would change).\n")
        return ExitCode.OK
    apply(plan)
    from ..kinds import BY_NAME

    out.write(f"\nAdopted {shown} ({BY_NAME[plan.kind].label}): {plural(len(plan.changes), 'file')} written, nothing else touched.\n")
    findings = _self_check(root)
    errors = [f for f in findings if f.severity.value == "error"]
    if findings:
        out.write(f"`minis-py lint` finds {plural(len(errors), 'error')} and {plural(len(findings) - len(errors), 'warning')} in it: run it to see them.\n")
    import shlex
    import shutil
    import sys

    command = "minis-py" if shutil.which("minis-py", path=env.environ.get("PATH", "")) else f"{shlex.quote(sys.executable)} -m minis_cli"
    out.write(f"\nNext: {command} dev{'' if directory == '.' else ' ' + shlex.quote(shown)}\n")
    return ExitCode.OK


def _from_cwd(cwd: Path, root: Path, path: str) -> str:
    """A path in the project as the user sees it from where they ran init: relative to their folder when it is
    inside it (``build/bytedance/project.config.json``, not the project's ``../build/...``), else absolute."""
    import os

    full = Path(os.path.normpath(root / path))
    try:
        return full.relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return str(full)  # outside the user's folder: whole, so every path printed reads from where they are


def _self_check(root: Path) -> list[Diagnostic]:
    """init's self-check: the same engine as `lint`, so a template can never ship a finding unnoticed."""
    from ..lint.engine import run
    from ..lint.model import LintOptions
    from ..project import Project

    return list(run(Project(root), LintOptions(use_cache=False)).diagnostics)
