"""Shared fixtures: real projects in tmp_path, and minis-py run in-process with its streams captured."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from minis_cli.cli import Environment, main
from minis_cli.lint.model import Example
from minis_cli.lint.rules import example_files

pytest_plugins = ["pytester"]

# The property tests check what is computed, not how fast: on a shared 2-core CI machine a run's first examples
# (imports, tree-sitter's first parse) can pass hypothesis's 200 ms per-example deadline and fail a correct property.
settings.register_profile("minis-ci", deadline=None)
settings.load_profile("minis-ci")


@pytest.fixture(autouse=True, scope="session")
def _own_state_dir(tmp_path_factory: pytest.TempPathFactory):
    """minis-py's per-user state (the lint cache's key) in a folder of the test run, never the tester's home;
    exported so that minis-py processes the tests start use it too."""
    import os

    from minis_cli.localstate import STATE_DIR_ENV

    previous = os.environ.get(STATE_DIR_ENV)
    os.environ[STATE_DIR_ENV] = str(tmp_path_factory.mktemp("minis-state"))
    yield
    if previous is None:
        os.environ.pop(STATE_DIR_ENV, None)
    else:
        os.environ[STATE_DIR_ENV] = previous


def write_files(root: Path, files: Mapping[str, str | bytes | None]) -> Path:
    for path, content in files.items():
        target = root / path
        if content is None:
            if target.exists():
                target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A project laid over the documented baseline (which passes every rule)."""
    counter = iter(range(1000))

    def build(files: Mapping[str, str | bytes | None] | None = None, baseline: bool = True) -> Path:
        root = tmp_path / f"project{next(counter)}"
        root.mkdir()
        content = example_files(Example(files or {})) if baseline else dict(files or {})
        return write_files(root, content)

    return build


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., Run]:
    """Run `minis-py ARGS` in-process; cwd defaults to tmp_path, environment is clean unless given."""

    def run(*args: str, cwd: Path | None = None, environ: Mapping[str, str] | None = None, stdin: str = "") -> Run:
        out, err = io.StringIO(), io.StringIO()
        env = Environment(stdin=io.StringIO(stdin), stdout=out, stderr=err, environ=dict(environ or {}), cwd=cwd or tmp_path)
        code = main(list(args), env)
        return Run(code, out.getvalue(), err.getvalue())

    return run


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def wheelhouse() -> Path:
    """The wheels `make test` downloads for tests that pip-install minis-py the way users do, offline
    (pre-commit's hook env, the GitHub Action's install step). Missing: skipped locally, a failure in CI."""
    import os

    folder = REPO / ".cache" / "wheelhouse"
    if not any(folder.glob("hatchling-*.whl")):
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is missing: `make test` fills it before the tests run")
        pytest.skip(f"{folder} is missing (make test fills it)")
    return folder
