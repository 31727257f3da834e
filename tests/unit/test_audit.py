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
from minis_cli.errors import ConfigError, MinisError


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


def test_a_mini_with_no_build_and_no_dev_script_says_what_to_do_and_bad_options_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "package.json").write_text('{"name": "site", "scripts": {"build": "vite build"}}')
    (tmp_path / "site" / "index.html").write_text("<!doctype html><title>x</title>")
    (tmp_path / "site" / "minis.config.json").write_text('{"build": {"outputDir": "dist"}}')
    code, _, err = run(tmp_path, "audit", "site")
    assert code == 2 and "the build output dist/ does not exist" in err and "package.json has no dev or start script" in err
    assert "npm run build" in err
    code, _, err = run(tmp_path, "audit", "site", "--from", "build")
    assert code == 2 and "dist/ does not exist" in err and "--from dev" in err
    code, _, err = run(tmp_path, "audit", "site", "--from", "staging")
    assert code == 2 and "--from must be build or dev" in err
    game(tmp_path / "g")
    assert run(tmp_path, "audit", "g", "--network", "5g")[0] == 2
    assert "unknown network profile '5g'" in run(tmp_path, "audit", "g", "--network", "5g")[2]
    code, _, err = run(tmp_path, "audit", "g", "--device", "nokia")
    assert code == 2 and "unknown device 'nokia'" in err
    code, _, err = run(tmp_path, "audit", "g", "--output-format", "xml")
    assert code == 2 and "unknown output format 'xml'" in err
    for bad in ("0", "three", "-1", "2.5"):
        code, _, err = run(tmp_path, "audit", "g", "--runs", bad)
        assert code == 2 and f"--runs must be a whole number from 1, or auto, not '{bad}'" in err, (bad, err)


def test_where_a_minis_page_comes_from(tmp_path: Path) -> None:
    from minis_cli.audit.page import page_source
    from minis_cli.project import Project

    root = tmp_path / "mini"
    (root / "dist" / "src").mkdir(parents=True)
    (root / "package.json").write_text('{"name": "mini", "scripts": {"dev": "node server.js"}}')
    (root / "index.html").write_text("<!doctype html><title>x</title>")
    (root / "minis.config.json").write_text('{"build": {"outputDir": "dist"}, "dev": {"entry": "/play"}}')
    assert page_source(Project(root), None, backend=True).kind == "dev"  # no build yet: the dev server's page
    (root / "dist" / "index.html").write_text("<!doctype html><title>built</title>")
    (root / "dist" / "src" / "main.js").write_text("console.log(1)")
    built = page_source(Project(root), None, backend=True)
    assert (built.kind, built.entry, dict(built.files), built.size) == ("build", "/index.html", {"index.html": 35, "src/main.js": 14}, 49)
    dev = page_source(Project(root), "dev", backend=True)
    assert (dev.kind, dev.entry, dev.files) == ("dev", "/play", ())
    with pytest.raises(MinisError, match="--no-backend"):
        page_source(Project(root), "dev", backend=False)


def test_a_pages_time_to_interactive_after_lighthouses_definition_with_a_half_second_window() -> None:
    from minis_cli.audit.page import page_tti

    # the load event not ended: Lighthouse's window, 0.5 s
    # no long task and no request: interactive at first contentful paint, once the window has passed
    assert page_tti(300, 250, None, [], [], now=700) is None
    assert page_tti(300, 250, None, [], [], now=800) == 300
    assert page_tti(300, 450, None, [], [], now=800) == 450  # never before DOMContentLoaded
    assert page_tti(None, 250, None, [], [], now=5000) is None and page_tti(300, None, None, [], [], now=5000) is None
    # a long task in the first window: the window starts at its end, and interactive is that end
    assert page_tti(300, 250, None, [(500.0, 200.0)], [], now=1300) == 700
    # two long tasks 300 ms apart: the window after the first is broken by the second
    assert page_tti(300, 250, None, [(400.0, 100.0), (800.0, 60.0)], [], now=1400) == 860
    # three requests in flight (more than Lighthouse's two) keep it busy until one ends; two are quiet enough
    requests: list[tuple[float, float | None]] = [(200.0, 1000.0), (250.0, 1200.0), (300.0, None)]
    assert page_tti(300, 250, None, [], requests, now=1400) is None
    assert page_tti(300, 250, None, [], requests, now=1500) == 300
    assert page_tti(300, 250, None, [], [(200.0, 1000.0), (250.0, None)], now=800) == 300


def test_a_pages_time_to_interactive_once_loaded_is_a_shorter_idle_window() -> None:
    from minis_cli.audit.page import page_tti

    # loaded at 320: 0.2 s with no long task and no request in flight after it suffices
    assert page_tti(300, 250, 320, [], [], now=500) is None
    assert page_tti(300, 250, 320, [], [], now=520) == 300
    # a request in flight after the load holds it; the window starts at the request's end
    assert page_tti(300, 250, 320, [], [(310.0, 450.0)], now=600) is None
    assert page_tti(300, 250, 320, [], [(310.0, 450.0)], now=650) == 300
    assert page_tti(300, 250, 320, [], [(310.0, None)], now=2000) is None
    # a long task after the load: interactive at its end
    assert page_tti(300, 250, 320, [(400.0, 80.0)], [], now=680) == 480
    # a long task between the paint and the load event counts (the old rule's window at 300 would have ended at 800)
    assert page_tti(300, 250, 900, [(700.0, 60.0)], [], now=1100) == 760
    # a Lighthouse window that ended before the load event: its answer, whatever came after
    assert page_tti(300, 250, 900, [(850.0, 60.0)], [], now=1200) == 300
    # the answer does not depend on when it is asked
    answers = {page_tti(300, 250, 320, [(400.0, 80.0)], [(330.0, 500.0)], now=t) for t in range(700, 3000, 50)}
    assert answers == {480}


def test_a_pages_sdk_calls_from_the_batches_the_mock_sdk_sent() -> None:
    from minis_cli.audit.page import sdk_calls

    batches = [
        (1040.0, {"calls": [{"api": "TTMinis.init", "id": "a-1", "args": [{"clientKey": "k"}]}, {"api": "TTMinis.init", "id": "a-1", "result": None}]}),
        (1090.0, {"calls": [{"api": "TTMinis.login", "id": "a-2", "args": ["[function]"]}]}),
        (1120.0, {"calls": [{"api": "TTMinis.login", "id": "a-2", "result": {"error": {"error_code": 10003, "error_msg": "denied"}}}]}),
    ]
    calls = sdk_calls(batches, origin=1000.0)
    assert [(c.api, c.t_ms, c.error_code, c.error_msg) for c in calls] == [("init", 40.0, None, None), ("login", 90.0, 10003, "denied")]


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


def test_the_markdown_summary_names_each_breach_and_failed_self_test(tmp_path: Path) -> None:
    from minis_cli.audit import AuditResult, Budget, DeviceRun, Problem, SelfTest
    from minis_cli.audit.report import View, render

    run = DeviceRun("pixel", "Pixel (412 × 915)", 412, 915, "portrait")
    run.budgets = [
        Budget("first-paint", 2500.0, 2000.0, False, "pixel", "2.50 s, over the 2 s budget"),
        Budget("time-to-interactive", 2600.0, 4000.0, True, "pixel"),
    ]
    run.problems = [Problem("error", "a | b failed")]
    run.self_tests = [SelfTest("silent login reached the backend", "pass", "ok"), SelfTest("requests only to the trusted domains", "fail", "refused: x")]
    network, package = {"summary": "first-scan (1 MB/s, no cache)"}, {"main_bytes": 9000, "download_ms": 9.0}
    result = AuditResult(str(tmp_path / "drama"), "mini", "JavaScript", network, package, {}, "TikTok's")
    result.runs.append(run)
    text = render("markdown", result, View(tmp_path))
    assert text.startswith("### minis-py audit: drama\n\n**1 of 2 budgets breached**")
    assert "| Pixel (412 × 915) | ❌ 2.50 s (budget 2 s) | ✅ 2.60 s (budget 4 s) | 1 | 1 passed, ❌ 1 failed |" in text
    assert "- Pixel (412 × 915): First paint: 2.50 s, over the 2 s budget" in text and "error: a \\| b failed" in text
    assert "self-test failed: requests only to the trusted domains: refused: x" in text


def test_runs_report_each_timings_least_and_every_runs_timings() -> None:
    from minis_cli.audit import AuditResult, DeviceRun, least_timings, reported_run, run_timings

    def device(tti: float | None, paint: float | None, ran: float | None = None) -> DeviceRun:
        return DeviceRun("iphone", "iPhone", 390, 844, "portrait", first_paint_ms=paint, tti_ms=tti, game_ran_ms=ran)

    assert reported_run([device(300, 200), device(250, 180), device(260, 170)]) == 0  # the first load: the full one
    assert reported_run([device(300, 200), device(None, 180), device(250, None)]) == 1  # a load that stopped is reported
    assert reported_run([device(300, 200), device(250, 180), device(260, None)]) == 2
    least = least_timings([device(300, 200, 90), device(250, 210, 95), device(260, 170, 80)])
    assert (least["tti_ms"], least["first_paint_ms"], least["game_ran_ms"], least["host_ready_ms"]) == (250, 170, 80, None)
    assert least_timings([device(300, 200), device(None, 180)])["tti_ms"] is None  # never reached in one load: not reached
    runs = [device(300, 200), device(None, None), device(250, 180)]
    chosen = runs[1]
    chosen.all_runs, chosen.reported_run = [run_timings(r) for r in runs], 1
    result = AuditResult("/p", "native-game", "JavaScript", {}, {}, {}, "", runs=[chosen])
    view = result.view()["devices"][0]
    assert view["reported_run"] == 1 and [r["time_to_interactive_ms"] for r in view["runs"]] == [300, None, 250]
    single = AuditResult("/p", "native-game", "JavaScript", {}, {}, {}, "", runs=[device(250, 180)]).view()["devices"][0]
    assert single["runs"] == [run_timings(device(250, 180))] and single["reported_run"] == 0


def test_runs_auto_loads_a_tiny_package_several_times_and_a_heavy_one_once() -> None:
    """--runs auto: loads until their least time to interactive times their number is AUTO_ENOUGH_MS, at most AUTO_MAX_RUNS, and no
    load that would take the device's overhead over AUTO_OVERHEAD_MS; a load that never became interactive ends it;
    a number is that many loads."""
    from minis_cli.audit import AUTO_ENOUGH_MS, AUTO_MAX_RUNS, AUTO_OVERHEAD_MS, AUTO_RUNS, DeviceRun, enough_runs, overhead_ms

    def loads(*ttis: float | None, walls: tuple[float, ...] = ()) -> list[DeviceRun]:
        return [DeviceRun("iphone", "iPhone", 390, 844, "portrait", tti_ms=t, wall_ms=walls[i] if walls else 0.0) for i, t in enumerate(ttis)]

    assert (AUTO_ENOUGH_MS, AUTO_MAX_RUNS, AUTO_OVERHEAD_MS) == (1000.0, 5, 2000.0)
    assert not enough_runs([], AUTO_RUNS)
    assert enough_runs(loads(1716), AUTO_RUNS)  # a 1.5 MB package at first-scan: its download is a second and more
    assert not enough_runs(loads(160, 170, 150, 140), AUTO_RUNS)  # the game template: 620 ms
    assert enough_runs(loads(160, 170, 150, 140, 150), AUTO_RUNS)  # at most five
    assert not enough_runs(loads(400, 500), AUTO_RUNS) and enough_runs(loads(400, 500, 350), AUTO_RUNS)  # 3 x 350 ms
    assert not enough_runs(loads(400, 500, 300), AUTO_RUNS)  # 3 x 300 ms: one more
    assert not enough_runs(loads(1500, 150), AUTO_RUNS)  # a tiny package's first load slowed by the machine: not enough
    assert enough_runs(loads(150, None), AUTO_RUNS)  # never interactive: no more loads
    assert not enough_runs(loads(5000, 5000), 3) and enough_runs(loads(100, 100, 100), 3) and enough_runs(loads(100), 1)
    # the overhead: all the loads' wall time minus the least time to interactive; a repeat costs what the dearest one did
    assert overhead_ms(loads(160, 150, walls=(1100, 300))) == 1250
    assert not enough_runs(loads(160, walls=(1900,)), AUTO_RUNS)  # 1740 + a repeat of at least 160: within 2 s
    assert enough_runs(loads(300, walls=(2100,)), AUTO_RUNS)  # a busy machine's first load: 1800 + 300 is over
    assert not enough_runs(loads(160, 150, 140, walls=(1000, 300, 300)), AUTO_RUNS)  # 1460 + 300: within 2 s
    assert enough_runs(loads(160, 150, 140, walls=(1000, 300, 500)), AUTO_RUNS)  # 1660 + 500: over
    assert enough_runs(loads(110, 100, walls=(1200, 700)), AUTO_RUNS)  # a page's repeat waits its quiet window: 1800 + 700
    assert enough_runs(loads(160, 150, 140, walls=(1000, 500, 300)), AUTO_RUNS)  # 1660 + 500, the dearest repeat
    # and the context's close after the last load (AUTO_CLOSE_MS): a page's repeat at 1500 + 480 + 50 is over
    assert not enough_runs(loads(100, 90, walls=(1100, 450)), AUTO_RUNS) and enough_runs(loads(100, 90, walls=(1100, 480)), AUTO_RUNS)
    assert not enough_runs(loads(110, 100, walls=(1200, 700)), 3)  # a number is that many loads, whatever they cost


def test_combine_reports_each_timings_least_and_the_first_loads_findings() -> None:
    from minis_cli.audit import Budget, DeviceRun, Screenshot
    from minis_cli.audit.runner import combine

    def load(index: int, tti: float | None, paint: float | None) -> DeviceRun:
        shots = [Screenshot("loaded", "iphone-loaded.png", None, "iphone")] if index == 0 else []  # the repeats take none
        run = DeviceRun("iphone", "iPhone", 390, 844, "portrait", tti_ms=tti, first_paint_ms=paint, screenshots=shots, wall_ms=300.0)
        run.budgets = [
            Budget("first-paint", paint, 100.0, paint is not None and paint <= 100, "iphone"),
            Budget("time-to-interactive", tti, 150.0, tti is not None and tti <= 150, "iphone"),
        ]
        return run

    run = combine([load(0, 200, 180), load(1, 150, 130), load(2, 180, 90), load(3, 170, 150)])
    assert [r["time_to_interactive_ms"] for r in run.all_runs] == [200, 150, 180, 170]
    assert (run.tti_ms, run.first_paint_ms, run.reported_run) == (150, 90, 0) and run.screenshots[0].path == "iphone-loaded.png"
    assert [(b.value_ms, b.passed, b.why) for b in run.budgets] == [(90, True, ""), (150, True, "")]  # judged on the least
    stopped = combine([load(0, 200, 180), load(1, None, None)])
    assert (stopped.reported_run, stopped.tti_ms, stopped.first_paint_ms) == (1, None, None) and not stopped.budgets[1].passed
    single = load(0, 1716, 1690)
    assert combine([single]) is single and single.all_runs == []


def test_the_report_schema_knows_the_runs() -> None:
    schema = json.loads((Path(__file__).resolve().parents[2] / "minis_cli" / "schemas" / "audit-report.schema.json").read_text())
    device = schema["$defs"]["device"]
    assert {"runs", "reported_run"} <= set(device["properties"]) and not {"runs", "reported_run"} & set(device["required"])  # old reports stay valid


def test_under_the_audit_the_hosts_scripts_are_cached_and_the_package_is_not(tmp_path: Path) -> None:
    """The host's scripts and the mock SDK stand for TikTok's runtime (on the phone already): under the audit the
    measured load takes them from the cache the warm-up filled; the game's package is never cached."""
    import httpx

    from minis_cli.mock import MockTikTok

    (tmp_path / "game.json").write_text("{}")
    (tmp_path / "game.js").write_text("tt.createCanvas();\n")
    mock = MockTikTok().start()
    try:
        mock.host_game(tmp_path, title="g")
        assert httpx.get(f"{mock.url}/_mock/game/host.js").headers["cache-control"] == "no-cache"  # minis-py dev: always fresh
        mock.state.game["measure"] = True
        for path in ("/_mock/game/host.js", "/_mock/game/runtime.js", "/game/native.js"):
            assert httpx.get(mock.url + path).headers["cache-control"] == "private, max-age=600", path
        runtime = httpx.get(f"{mock.url}/_mock/game/runtime.js").text
        assert runtime.startswith("/* The desktop host's startup measurements")  # measure.js ahead of the runtime, no simulator report
        assert httpx.get(f"{mock.url}/_mock/game/pkg/game.js").headers["cache-control"] == "no-cache"
    finally:
        mock.stop()
