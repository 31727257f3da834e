"""The `minis-py-lint` pre-commit hook, run by pre-commit itself (`pre-commit try-repo`) on a generated project.

pre-commit installs the hook the way users get it: it clones this repository and pip-installs it into an
env of its own. The test keeps that offline: pip reads only the wheelhouse `make test` fills
(`.cache/wheelhouse`: minis-py's dependencies and its build backend), never an index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_the_hook_definition_is_what_users_expect() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "minis-py-lint")
    assert hook["entry"] == "minis-py lint" and hook["language"] == "python"
    fixer = next(h for h in hooks if h["id"] == "minis-py-fix")
    assert fixer["entry"] == "minis-py lint --fix" and fixer["files"] == hook["files"] and fixer["pass_filenames"] is False
    assert hook["pass_filenames"] is False  # the checks compare files with each other
    import re

    files = re.compile(hook["files"])
    for path in ("index.html", "src/main.js", "src/app.tsx", "minis.config.json", "package.json", "apps/x/minis.config.json", ".env.local"):
        assert files.search(path), path
    for path in ("README.md", "src/style.css", "img/logo.png", "tsconfig.json"):
        assert not files.search(path), path


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory: pytest.TempPathFactory, wheelhouse: Path) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "TIKTOK_", "MINIS_", "GIT_", "PRE_COMMIT"))}
    env.update(
        {
            "PRE_COMMIT_HOME": str(home),  # one hook env for the whole module
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(wheelhouse),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "VIRTUALENV_NO_DOWNLOAD": "1",
            "GIT_AUTHOR_NAME": "minis-py tests",
            "GIT_AUTHOR_EMAIL": "tests@example.invalid",
            "GIT_COMMITTER_NAME": "minis-py tests",
            "GIT_COMMITTER_EMAIL": "tests@example.invalid",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(home),
        }
    )
    return env


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory, hook_env: dict[str, str]) -> Path:
    from minis_cli.cli import Environment, main

    base = tmp_path_factory.mktemp("hooked")
    import io

    assert main(["init", "my-mini", "--client-key", "awhook0000001"], Environment(stdout=io.StringIO(), stderr=io.StringIO(), environ={}, cwd=base)) == 0
    root = base / "my-mini"
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "init"]):
        subprocess.run(command, cwd=root, env=hook_env, check=True)
    return root


def try_repo(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(REPO), "minis-py-lint", "--all-files", "--color", "never"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_hook_passes_on_a_clean_project_and_fails_on_a_client_key_mismatch(mini: Path, hook_env: dict[str, str]) -> None:
    done = try_repo(mini, hook_env)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "minis-py lint" in done.stdout and "Passed" in done.stdout

    page = mini / "index.html"
    page.write_text(page.read_text().replace('clientKey: "awhook0000001"', 'clientKey: "awsomeoneelse"'))
    subprocess.run(["git", "add", "index.html"], cwd=mini, env=hook_env, check=True)
    done = try_repo(mini, hook_env)
    assert done.returncode == 1, done.stdout[-4000:] + done.stderr[-4000:]
    assert "Failed" in done.stdout
    assert (
        "index.html:9:31: MN104" in done.stdout
        and "MN104 [*] clientKey 'awsomeoneelse' does not match minis.config.json dev.clientKey 'awhook0000001'" in done.stdout
    )

    fixed = subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(REPO), "minis-py-fix", "--all-files", "--color", "never"],
        cwd=mini,
        env=hook_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout, fixed.stdout[-4000:] + fixed.stderr[-4000:]
    assert 'clientKey: "awhook0000001"' in page.read_text()
