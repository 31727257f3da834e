"""The composite GitHub Action (action.yml), its run steps executed the way a runner does.

A small runner stands in for GitHub's: it substitutes `${{ inputs.* }}` and `${{ github.action_path }}`,
evaluates the steps' `if:`, runs each `run:` with bash and the step's env, honours $GITHUB_PATH, and skips
`uses:` steps (setup-python: the test's own Python is already there). pip installs the action's checkout
from the wheelhouse `make test` fills, offline.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO / "action.yml").read_text())
_EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")
_CONDITION = re.compile(r"inputs\.([\w-]+) (!=|==) '([^']*)'")


def test_the_action_is_a_composite_with_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"path", "args", "sarif-file", "version", "python-version", "fix", "audit", "audit-args", "audit-artifact", "chromium"}
    for name, spec in ACTION["inputs"].items():
        assert spec["description"] and "default" in spec, name
    for step in ACTION["runs"]["steps"]:
        assert "uses" in step or step.get("shell") == "bash", step["name"]
        # Inputs reach scripts through env, never pasted into the script (no injection through an input).
        assert "${{" not in step.get("run", ""), step["name"]
    page = (REPO / "docs" / "ci.md").read_text()
    assert "uses: minis-py/minis-py@" in page and "upload-sarif" in page and "audit: true" in page
    upload = next(step for step in ACTION["runs"]["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "${{ runner.temp }}/minis-py-audit" and "inputs.audit == 'true'" in upload["if"]


def run_action(inputs: dict[str, str], workspace: Path, runner_temp: Path, wheelhouse: Path) -> tuple[int, str]:
    values = {f"inputs.{name}": str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values.update({f"inputs.{name}": value for name, value in inputs.items()})
    values["github.action_path"] = str(REPO)
    path_file = runner_temp / "github_path"
    path_file.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "TIKTOK_", "MINIS_", "GITHUB_"))}
    env.update(
        {
            "GITHUB_ACTIONS": "true",
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_PATH": str(path_file),
            "RUNNER_OS": "Linux",
            "GITHUB_STEP_SUMMARY": str(runner_temp / "summary.md"),
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(wheelhouse),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    log = []
    for step in ACTION["runs"]["steps"]:
        condition = step.get("if")
        if condition is not None:
            holds = True
            for part in condition.split("&&"):  # conditions joined by &&, each inputs.NAME == or != 'VALUE'
                match = _CONDITION.fullmatch(part.strip())
                assert match, f"the test runner does not understand if: {condition}"
                equal = values[f"inputs.{match.group(1)}"] == match.group(3)
                holds = holds and equal == (match.group(2) == "==")
            if not holds:
                continue
        if "uses" in step:
            continue
        step_env = dict(env)
        for key, value in (step.get("env") or {}).items():
            step_env[key] = _EXPRESSION.sub(lambda m: values[m.group(1)], str(value))
        extra = [line for line in path_file.read_text().splitlines() if line]
        step_env["PATH"] = os.pathsep.join([*reversed(extra), step_env["PATH"]])
        step_env["GITHUB_OUTPUT"] = str(runner_temp / "github_output")
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=step_env, capture_output=True, text=True, timeout=600)
        log.append(f"## {step['name']}\n{done.stdout}{done.stderr}")
        if done.returncode != 0:
            return done.returncode, "\n".join(log)
    return 0, "\n".join(log)


def _workspace(tmp_path: Path, make_project) -> tuple[Path, Path]:
    """A runner's workspace with a clean Mini in mini/, and its RUNNER_TEMP."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    shutil.move(make_project(), workspace / "mini")
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    return workspace, runner_temp


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_action_annotates_findings_writes_sarif_and_fails_the_job(tmp_path: Path, make_project, wheelhouse: Path) -> None:
    workspace, runner_temp = _workspace(tmp_path, make_project)

    code, log = run_action({"path": "mini", "sarif-file": "reports/minis.sarif"}, workspace, runner_temp, wheelhouse)
    assert code == 0, log
    assert "minis-py 0." in log  # the installed version printed by the install step
    sarif = json.loads((workspace / "reports" / "minis.sarif").read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"] == []

    page = workspace / "mini" / "index.html"
    page.write_text(page.read_text().replace('clientKey: "awexample123"', 'clientKey: "awwrongkey999"'))
    code, log = run_action({"path": "mini", "sarif-file": "reports/minis.sarif", "args": "--max-warnings 0"}, workspace, runner_temp, wheelhouse)
    assert code == 1, log
    assert re.search(r"::error file=mini/index\.html,line=\d+,col=\d+,.*title=MN104 client-key-mismatch::clientKey 'awwrongkey999'", log), log
    results = json.loads((workspace / "reports" / "minis.sarif").read_text())["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["MN104"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_fix_true_fails_with_the_diff_as_the_summary_and_writes_nothing(tmp_path: Path, make_project, wheelhouse: Path) -> None:
    workspace, runner_temp = _workspace(tmp_path, make_project)
    page = workspace / "mini" / "index.html"
    page.write_text(page.read_text().replace('clientKey: "awexample123"', 'clientKey: "awwrongkey999"'))
    before = page.read_text()
    code, log = run_action({"path": "mini", "fix": "true"}, workspace, runner_temp, wheelhouse)
    assert code == 1, log
    summary = (runner_temp / "summary.md").read_text()
    assert (
        "```diff" in summary
        and '-    TTMinis.init({ clientKey: "awwrongkey999" });' in summary
        and '+    TTMinis.init({ clientKey: "awexample123" });' in summary
    )
    assert "::error::minis-py lint --fix would change files" in log and page.read_text() == before


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("bash") is None or not Path("/usr/bin/chromium").exists(), reason="needs bash and Debian's chromium")
def test_audit_true_uploads_the_html_report_writes_the_summary_and_fails_on_a_breach_after_it(tmp_path: Path, wheelhouse: Path) -> None:
    if not any(wheelhouse.glob("playwright-*.whl")):
        pytest.skip(f"{wheelhouse} has no Playwright wheel (make test fills it with the audit extra)")
    from minis_cli.cli import Environment, main

    workspace, runner_temp = tmp_path / "workspace", tmp_path / "runner"
    workspace.mkdir()
    runner_temp.mkdir()
    quiet = Environment(stdout=io.StringIO(), stderr=io.StringIO())
    assert main(["init", str(workspace / "game"), "--template", "game", "--yes", "--client-key", "awaction000001"], quiet) == 0
    inputs = {"path": "game", "audit": "true", "audit-args": "--device iphone --no-backend"}
    code, log = run_action(inputs, workspace, runner_temp, wheelhouse)
    assert code == 0, log
    report = runner_temp / "minis-py-audit" / "game" / "minis-py-audit.html"
    assert report.is_file() and "data:image/png;base64," in report.read_text() and "All budgets met" in report.read_text()
    assert any((runner_temp / "minis-py-audit" / "game" / "screenshots").glob("iphone-*"))
    summary = (runner_temp / "summary.md").read_text()
    assert "### minis-py audit: game" in summary and "All 2 budgets met" in summary and "| iPhone (390 × 844) | ✅ " in summary
    assert f"reports={runner_temp / 'minis-py-audit'}" in (runner_temp / "github_output").read_text()

    (workspace / "game" / "minis.config.json").write_text(
        json.dumps({**json.loads((workspace / "game" / "minis.config.json").read_text()), "audit": {"budgets": {"firstPaint": 1}}})
    )
    (runner_temp / "summary.md").write_text("")
    code, log = run_action(inputs, workspace, runner_temp, wheelhouse)
    assert code == 1, log
    assert "::error::minis-py audit: a startup budget was breached" in log
    assert "## The audit's verdict" in log and report.is_file() and "FAIL" in report.read_text()  # the report written before the verdict
    assert "**1 of 2 budgets breached**" in (runner_temp / "summary.md").read_text()
