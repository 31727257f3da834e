"""The minis-py command line: thin Typer commands over the core, and the one place errors are rendered."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..errors import ExitCode, MinisError, file_system_error
from .environment import Environment


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run minis-py with ``argv``; returns the exit code. Handled errors never print a traceback."""
    env = env or Environment()
    args = list(sys.argv[1:] if argv is None else argv)
    show_traceback = "--traceback" in args
    try:
        result = _run(args, env)
    except MinisError as error:
        if show_traceback:
            import traceback

            traceback.print_exc(file=env.stderr)
        _print_error(env, error.message, error.hint)
        return int(error.exit_code)
    except KeyboardInterrupt:
        env.stderr.write("Interrupted.\n")
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.OK)
    except OSError as error:
        known = file_system_error(error)
        if known is None:
            return _internal_error(env, error, show_traceback)
        if show_traceback:
            import traceback

            traceback.print_exc(file=env.stderr)
        _print_error(env, known.message, known.hint)
        return int(known.exit_code)
    except Exception as error:
        typer = sys.modules.get("typer")  # Typer's own exceptions, when Typer parsed the command line
        if typer is not None and isinstance(error, typer.Exit):
            return int(error.exit_code)
        if typer is not None and isinstance(error, typer.TyperException):  # usage errors from the argument parser
            show = getattr(error, "show", None)
            if show is not None:
                show(file=env.stderr)
            else:
                env.stderr.write(f"error: {error}\n")
            return int(getattr(error, "exit_code", ExitCode.ERROR) or ExitCode.ERROR)
        if typer is not None and isinstance(error, typer.Abort):
            env.stderr.write("Interrupted.\n")
            return int(ExitCode.INTERRUPTED)
        return _internal_error(env, error, show_traceback)
    return int(result or 0)


def _internal_error(env: Environment, error: BaseException, show_traceback: bool) -> int:
    if show_traceback:
        import traceback

        traceback.print_exc(file=env.stderr)
    _print_error(env, f"internal error: {type(error).__name__}: {error}", "This is a bug in minis-py. Run again with --traceback and report the output.")
    return int(ExitCode.ERROR)


def _run(args: list[str], env: Environment) -> int | None:
    if args[:1] == ["lint"]:
        # The lint command's usual arguments are read without Typer (cli/lint.py: fast_request): its import and
        # command tree would cost more than checking a small project. Anything unusual goes to Typer.
        from .lint import fast_request, run_lint

        request = fast_request(args[1:])
        if request is not None:
            return run_lint(env, request)
    from .app import build_app

    command = build_app()
    return command.main(args=args, prog_name="minis-py", standalone_mode=False, obj=env)


def _print_error(env: Environment, message: str, hint: str | None) -> None:
    env.stderr.write(f"error: {message}\n")
    if hint:
        env.stderr.write(f"  hint: {hint}\n")
