"""`minis-py audit` without a browser (issue 33): the missing extra's message, the config's audit section, whose
budgets apply, and a project the audit cannot run."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from minis_cli.audit.budgets import OTHERS, UNITY, default_limits, detect_engine, read_settings
from minis_cli.cli import Environment, main
from minis_cli.errors import ConfigError


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ={}, cwd=cwd))
    return code, out.getvalue(), err.getvalue()


def game(root: Path) -> Path:
    root.mkdir()
    (root / "game.json").write_text("{}")
    (root / "game.js").write_text("tt.createCanvas();\n")
    return root


def test_without_playwright_the_audit_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    game(tmp_path / "g")
    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    code, out, err = run(tmp_path, "audit", "g", "--device", "iphone")
    assert code == 2 and out == ""
    assert "error: minis-py audit needs Playwright for Python, which is not installed" in err
    assert "pip install 'minis-py[audit]'" in err and "Traceback" not in err


def test_a_mini_is_not_audited_yet_and_bad_options_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "package.json").write_text('{"name": "site", "scripts": {"dev": "vite"}}')
    (tmp_path / "site" / "index.html").write_text("<!doctype html><title>x</title>")
    code, _, err = run(tmp_path, "audit", "site")
    assert code == 2 and "runs native games for now" in err
    game(tmp_path / "g")
    assert run(tmp_path, "audit", "g", "--network", "5g")[0] == 2
    assert "unknown network profile '5g'" in run(tmp_path, "audit", "g", "--network", "5g")[2]
    code, _, err = run(tmp_path, "audit", "g", "--device", "nokia")
    assert code == 2 and "unknown device 'nokia'" in err
    code, _, err = run(tmp_path, "audit", "g", "--output-format", "xml")
    assert code == 2 and "unknown output format 'xml'" in err


def test_the_configs_audit_section() -> None:
    assert read_settings({}).budgets == {}
    settings = read_settings({"audit": {"budgets": {"firstPaint": 1500}, "network": "4g", "devices": ["pixel"], "timeout": 9000}})
    assert settings.budgets == {"first-paint": 1500.0} and settings.network == "4g" and settings.devices == ("pixel",) and settings.timeout_ms == 9000
    for bad in ({"audit": []}, {"audit": {"budgets": {"fp": 1}}}, {"audit": {"budgets": {"firstPaint": "2s"}}}, {"audit": {"devices": "pixel"}}):
        with pytest.raises(ConfigError):
            read_settings(bad)


def test_the_config_schema_knows_the_audit_section(tmp_path: Path) -> None:
    root = game(tmp_path / "g")
    (root / "minis.config.json").write_text(json.dumps({"audit": {"budgets": {"firstPaint": 0}, "network": "5g"}}))
    _, out, _ = run(tmp_path, "lint", "g", "--output-format", "json")
    found = {(d["rule"], d["message"]) for d in json.loads(out)}
    assert any(rule == "MN005" and "audit.budgets.firstPaint" in message for rule, message in found), found
    assert any(rule == "MN005" and "audit.network" in message for rule, message in found), found
    (root / "minis.config.json").write_text(json.dumps({"audit": {"budgets": {"firstPaint": 2500, "timeToInteractive": 4500}, "devices": ["iphone"]}}))
    _, out, _ = run(tmp_path, "lint", "g", "--output-format", "json")
    assert not [d for d in json.loads(out) if d["rule"] in ("MN005", "MN006")]


def test_whose_budgets_apply(tmp_path: Path) -> None:
    assert default_limits("Unity")[0] == UNITY == {"first-paint": 3000, "time-to-interactive": 5000}
    assert default_limits("JavaScript")[0] == OTHERS == {"first-paint": 2000, "time-to-interactive": 4000}
    assert detect_engine(tmp_path, ["game.js", "Build/game.framework.js.unityweb"]) == "Unity"
    (tmp_path / "loader.js").write_text("var unityFramework = function () {};")
    assert detect_engine(tmp_path, ["game.js", "loader.js"]) == "Unity"
    assert detect_engine(tmp_path, ["game.js", "cocos2d-js-min.js"]) == "Cocos"
    assert detect_engine(tmp_path, ["game.js"], "unity") == "Unity"
    assert detect_engine(tmp_path, ["game.js", "src/main.js"]) == "JavaScript"
