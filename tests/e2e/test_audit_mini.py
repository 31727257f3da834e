"""`minis-py audit` on a Mini (issue 33): the drama template's page behind the preview proxy with the mock TikTok, in
Debian's Chromium, as its dev script serves it and as its build; a page's console error and a request outside the
trusted domains reported; offline, how the Mini fails without a network."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from minis_cli.cli import Environment, main

from .conftest import CHROMIUM, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]
SCHEMA = Path(__file__).resolve().parents[2] / "minis_cli" / "schemas" / "audit-report.schema.json"
needs_node = pytest.mark.skipif(not (shutil.which("npm") and shutil.which("node")), reason="the drama template's backend runs on Node.js")


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ={"MINIS_CHROMIUM": CHROMIUM}, cwd=cwd)
    code = main(list(args), env)
    return code, out.getvalue(), err.getvalue()


def validate(report: dict) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator(json.loads(SCHEMA.read_text())).validate(report)


@pytest.fixture(scope="module")
def drama(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("audit-mini") / "drama"
    code, _, err = run(root.parent, "init", str(root), "--yes", "--client-key", "awaudit0000002")
    assert code == 0, err
    config = json.loads((root / "minis.config.json").read_text())
    config["dev"]["port"] = free_port()  # not the template's 3000, which another suite may hold
    (root / "minis.config.json").write_text(json.dumps(config, indent=2))
    return root


@needs_node
def test_the_drama_template_passes_as_its_dev_script_serves_it(drama: Path) -> None:
    code, out, err = run(drama.parent, "audit", "drama", "--device", "iphone", "--output-format", "json", "-o", "mini.json")
    report = json.loads((drama.parent / "mini.json").read_text())
    assert code == 0, (out, err, report["budgets"])
    validate(report)
    assert report["kind"] == "mini" and report["package"]["source"] == "dev server" and "documents none" in report["limits"]["source"]
    assert [(b["name"], b["limit_ms"], b["passed"]) for b in report["budgets"]] == [("first-paint", 2000, True), ("time-to-interactive", 4000, True)]
    device = report["devices"][0]
    assert device["time_to_interactive_source"] == "page"
    assert 0 < device["first_paint_ms"] <= device["time_to_interactive_ms"] and device["game_ran_ms"] <= device["time_to_interactive_ms"]
    assert device["errors"] == [] and device["failed_requests"] == [] and device["refused_requests"] == []
    assert {"init", "login"} <= {c["api"] for c in device["sdk_calls"]}
    # every byte of the page came through the preview proxy at 1 MB/s: the page, its scripts and the backend's login
    crossed = {t["what"] for t in device["transfers"]}
    assert {"/", "/src/main.js", "/api/login"} <= crossed, crossed
    assert report["package"]["total_bytes"] == sum(t["bytes"] for t in device["transfers"]) > 5000
    tests = {t["name"]: t["status"] for t in device["self_tests"]}
    assert tests == {
        "silent login reached the backend": "pass",
        "requests only to the trusted domains": "pass",
        "rewarded ad created, reward only on isEnded": "not checked",
        "purchase granted on the webhook": "manual",
    }
    kinds = {s["kind"] for s in report["screenshots"]}
    assert "loaded" in kinds and (drama.parent / report["screenshots"][-1]["path"]).stat().st_size > 1000


@needs_node
def test_the_drama_templates_build_is_downloaded_whole_then_offline_it_says_it_cannot_reach_the_server(drama: Path) -> None:
    subprocess.run(["node", "scripts/build.js"], cwd=drama, check=True, capture_output=True)  # the build's first step: dist/
    code, out, err = run(drama, "audit", "--device", "pixel", "--output-format", "json")
    report = json.loads(out)
    validate(report)
    assert code == 0, (err, report["budgets"])
    device = report["devices"][0]
    assert report["package"]["source"] == "build" and report["package"]["root"].endswith("dist") and report["package"]["files"] >= 5
    assert device["transfers"][0] == {**device["transfers"][0], "what": "package", "bytes": report["package"]["total_bytes"]}
    assert device["transfers"][-1]["what"] == "/api/login"  # the backend answers what the build does not have
    assert {t["name"]: t["status"] for t in device["self_tests"]}["silent login reached the backend"] == "pass"

    code, out, _ = run(drama, "audit", "--device", "pixel", "--network", "offline", "--output-format", "json", "--from", "build")
    report = json.loads(out)
    validate(report)
    device = report["devices"][0]
    assert report["network"]["offline"] and device["transfers"] == []  # the package is cached; nothing crosses the link
    assert device["first_paint_ms"] is not None and code == 0  # the page opens from the package ...
    assert any("/api/login" in failed and "offline" in failed for failed in device["failed_requests"]), device["failed_requests"]
    login = next(t for t in device["self_tests"] if t["name"] == "silent login reached the backend")
    assert login["status"] == "fail" and "no code was exchanged" in login["detail"]  # ... and its login cannot reach the backend


def test_a_pages_console_error_and_a_request_outside_the_trusted_domains_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "noisy"
    (root / "dist").mkdir(parents=True)
    (root / "minis.config.json").write_text(json.dumps({"dev": {"clientKey": "awaudit0000003"}, "build": {"outputDir": "dist"}}))
    (root / "index.html").write_text("<!doctype html><title>source</title>")
    (root / "dist" / "index.html").write_text(
        "<!doctype html><html><head><meta charset=utf-8><title>noisy</title>"
        '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'
        "<script>TTMinis.init({ clientKey: 'awaudit0000003' });</script></head>"
        "<body><h1>Episode 1</h1><script>console.error('the episode list could not be parsed');"
        "fetch('https://api.example.com/episodes').catch(() => {});</script></body></html>"
    )
    code, out, err = run(tmp_path, "audit", "noisy", "--device", "android-small", "--output-format", "json")
    report = json.loads(out)
    validate(report)
    device = report["devices"][0]
    assert code == 0, err  # errors are reported; the budgets decide the exit
    assert any(e["message"] == "the episode list could not be parsed" and e["t_ms"] is not None for e in device["errors"]), device["errors"]
    assert any("api.example.com" in url for url in device["refused_requests"]), device
    tests = {t["name"]: t for t in device["self_tests"]}
    assert tests["requests only to the trusted domains"]["status"] == "fail" and "api.example.com" in tests["requests only to the trusted domains"]["detail"]
    assert tests["silent login reached the backend"]["status"] == "not checked"  # no dev script: no backend
    code, text, _ = run(tmp_path, "audit", "noisy", "--device", "android-small")
    assert "error at " in text and "the episode list could not be parsed" in text and "refused (21100" in text


def test_runs_3_loads_the_page_cold_each_time_and_reports_the_first_loads_findings(tmp_path: Path) -> None:
    """--runs 3: the page loaded three times in one context (runner.between_loads between them), each load cold (its
    300 KB script downloaded anew at 1 MB/s), each timing the least, the findings and screenshots the first load's."""
    root = tmp_path / "heavy"
    (root / "dist").mkdir(parents=True)
    (root / "minis.config.json").write_text(json.dumps({"dev": {"clientKey": "awaudit0000004"}, "build": {"outputDir": "dist"}}))
    (root / "index.html").write_text("<!doctype html><title>source</title>")
    (root / "dist" / "big.js").write_text("window.big = '" + "x" * 300_000 + "';\n")
    (root / "dist" / "index.html").write_text(
        '<!doctype html><html><head><meta charset=utf-8><title>heavy</title><script src="big.js"></script></head>'
        "<body><h1>Episode 1</h1><script>console.error('no episodes yet');</script></body></html>"
    )
    code, out, err = run(tmp_path, "audit", "heavy", "--device", "iphone", "--runs", "3", "--output-format", "json", "--screenshots", "shots")
    report = json.loads(out)
    validate(report)
    assert code == 0, err
    device = report["devices"][0]
    runs = device["runs"]
    assert len(runs) == 3 and all(r["first_paint_ms"] > 300 for r in runs), runs  # each load downloaded big.js
    assert device["reported_run"] == 0 and device["first_paint_ms"] == min(r["first_paint_ms"] for r in runs)
    assert device["time_to_interactive_ms"] == min(r["time_to_interactive_ms"] for r in runs)
    assert [(e["message"], e["count"]) for e in device["errors"]] == [("no episodes yet", 1)]  # the first load's alone
    assert [t["what"] for t in device["transfers"]].count("package") == 1  # the first load's link: the build, whole
    assert report["screenshots"] and all(Path(s["path"]).parent == Path("shots") for s in report["screenshots"])
