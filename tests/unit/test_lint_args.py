"""`minis-py lint` reads its usual arguments without Typer (cli/lint.py: fast_request); whatever it accepts,
Typer's parser must read the same way, and whatever it declines goes to Typer."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minis_cli.cli import Environment
from minis_cli.cli import lint as lint_cli
from minis_cli.cli.app import build_app
from minis_cli.errors import MinisError

TOKENS = [
    "--fix",
    "--diff",
    "--fix-only",
    "--unsafe-fixes",
    "--no-cache",
    "--no-prefilter",
    "--exit-zero",
    "--show-files",
    "--select",
    "--select=MN1",
    "--ignore",
    "--ignore=MN4,MN3",
    "--client-key",
    "--client-key=",
    "--client-key=a=b",
    "--jobs",
    "--jobs=2",
    "--jobs=0",
    "--max-warnings",
    "--max-warnings=0",
    "--output-format",
    "--output-format=json",
    "--stdin-filename",
    "0",
    "1",
    "3",
    "-1",
    "+1",
    "1_0",
    " 7",
    "٣",
    "json",
    "x",
    "-",
    "--",
    "-o",
    "out.txt",
    "--output-file=r.txt",
    "--fix=1",
    "--bogus",
    "-x",
    "MN104",
    "src",
    "a.js",
    "--lint",
    "--no-cach",
]


def typer_request(args: list[str], monkeypatch: pytest.MonkeyPatch) -> object:
    """The LintRequest Typer's parser builds for `lint ARGS`, or the exception it raises."""
    seen: list[object] = []
    monkeypatch.setattr(lint_cli, "run_lint", lambda env, request: seen.append(request) or 0)
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO())
    try:
        build_app().main(args=["lint", *args], prog_name="minis-py", standalone_mode=False, obj=env)
    except MinisError as error:
        return ("MinisError", error.message)
    except Exception as error:
        return ("error", type(error).__name__)
    return seen[0] if seen else ("no request",)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=8))
def test_the_fast_parser_reads_what_typer_reads(args: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = typer_request(args, monkeypatch)
    try:
        fast = lint_cli.fast_request(args)
    except MinisError as error:
        assert expected == ("MinisError", error.message)
        return
    if fast is not None:
        assert fast == expected, args


def test_the_fast_parser_knows_every_option_but_the_output_file_and_help() -> None:
    lint = build_app().commands["lint"]  # type: ignore[attr-defined]
    declared = {name for param in lint.params if param.param_type_name == "option" for name in param.opts if name.startswith("--")}
    fast = set(lint_cli._FLAGS) | set(lint_cli._VALUES) | set(lint_cli._LISTS) | set(lint_cli._NUMBERS)
    assert declared - fast == {"--output-file"}
    assert fast <= declared


def test_usual_command_lines_are_read_without_typer() -> None:
    for args in ([], ["."], ["--no-cache"], ["src", "--select", "MN1", "--select=MN4", "--jobs", "2"], ["--", "-"]):
        assert lint_cli.fast_request(args) is not None
    for args in (["-h"], ["--help"], ["-o", "r.txt"], ["--jobs", "0"], ["--jobs"], ["--fix=yes"], ["--nope"]):
        assert lint_cli.fast_request(args) is None


def test_the_progress_bar_draws_at_most_every_50_ms_and_at_the_end(monkeypatch) -> None:
    """A parallel run's results arrive in a burst: a draw per file (~0.6 ms each) cost 0.2 s of a 0.35 s run."""
    import io

    from minis_cli.cli import Environment
    from minis_cli.cli import lint as lint_cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    env = Environment(stdout=Terminal(), stderr=Terminal(), environ={})
    clock = [100.0]
    monkeypatch.setattr(lint_cli.time, "monotonic", lambda: clock[0])
    with lint_cli._progress(env, 500) as update:
        assert update is not None
        import rich.progress

        draws: list[int] = []  # rich's refresh is the draw
        original = rich.progress.Progress.refresh
        monkeypatch.setattr(rich.progress.Progress, "refresh", lambda self: draws.append(1) or original(self))
        for done in range(1, 501):
            clock[0] += 0.001  # 1 ms a result
            update(done, 500)
        assert 9 <= len(draws) <= 12  # every 50 ms over 0.5 s, and the last
