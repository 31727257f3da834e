"""`minis-py audit` end to end (issue 33): the game template in Debian's Chromium with the mock TikTok, at TikTok's
first-scan network (1 MB/s, no cache), its report in every format, the budget breached by a 6 MB file read before the
first frame, a console error reported, and the template offline."""

from __future__ import annotations

import io
import json
import shutil
import threading
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from minis_cli.cli import Environment, main

from .conftest import CHROMIUM

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]
SCHEMA = Path(__file__).resolve().parents[2] / "minis_cli" / "schemas" / "audit-report.schema.json"


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ={"MINIS_CHROMIUM": CHROMIUM}, cwd=cwd)
    code = main(list(args), env)
    return code, out.getvalue(), err.getvalue()


def validate(report: dict) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator(json.loads(SCHEMA.read_text())).validate(report)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("audit") / "game"
    code, _, err = run(root.parent, "init", str(root), "--template", "game", "--yes", "--client-key", "awaudit0000001")
    assert code == 0, err
    return root


def test_the_game_template_meets_tiktoks_budget_at_first_scan(template: Path) -> None:
    code, out, err = run(template.parent, "audit", "game", "--device", "iphone", "--output-format", "json", "-o", "report.json")
    report = json.loads((template.parent / "report.json").read_text())
    assert code == 0, (out, err, report["budgets"])
    validate(report)
    assert report["passed"] and report["engine"] == "JavaScript" and report["network"]["name"] == "first-scan"
    assert report["machine"]["cpus"] >= 1 and len(report["machine"]["load_average"]) == 3  # how busy the machine was
    assert [(b["name"], b["limit_ms"], b["passed"]) for b in report["budgets"]] == [("first-paint", 2000, True), ("time-to-interactive", 4000, True)]
    device = report["devices"][0]
    assert 0 < device["game_ran_ms"] <= device["first_paint_ms"] <= device["time_to_interactive_ms"]
    assert device["errors"] == [] and device["frames"] > 0
    assert {"getSystemInfoSync", "createCanvas", "canIUse"} <= {c["api"] for c in device["sdk_calls"]}
    assert report["package"]["main_bytes"] > 10_000 and report["package"]["download_ms"] == pytest.approx(report["package"]["main_bytes"] / 1000, abs=0.2)
    kinds = {s["kind"] for s in report["screenshots"]}
    assert {"first-paint", "loaded"} <= kinds
    for shot in report["screenshots"]:
        assert (template.parent / shot["path"]).stat().st_size > 500, shot  # relative to where the audit ran
    assert device["transfers"][0]["what"] == "package"
    # the backend ran as dev runs it (the template's dev script): the silent login's code was exchanged there
    tests = {t["name"]: t["status"] for t in device["self_tests"]}
    assert tests == {
        "silent login reached the backend": "pass" if shutil.which("npm") else tests["silent login reached the backend"],
        "shortcut and revisit missions gated by canIUse": "pass",
        "revisit rewards asked on start": "pass",  # the template asks getRevisitMissionReward on start and on onShow
        "requests only to the trusted domains": "pass",
        "rewarded ad created, reward only on isEnded": "not checked",  # the template makes its ad when the player asks
        "purchase granted on the webhook": "manual",
    }
    assert "login" in {c["api"] for c in device["sdk_calls"]}


def test_the_report_in_every_format(template: Path, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    code, text, _ = run(template, "audit", "--device", "android-small", "--screenshots", str(shots), "--no-backend")
    assert code == 0 and "Small Android" in text and "pass  First paint" in text and "All 2 budgets met" in text
    assert "self-test ----  silent login reached the backend: no backend ran" in text
    assert "self-test pass  shortcut and revisit missions gated by canIUse" in text
    code, _, _ = run(template, "audit", "--device", "android-small", "--output-format", "html", "-o", str(tmp_path / "r.html"), "--screenshots", str(shots))
    page = (tmp_path / "r.html").read_text()
    assert code == 0 and page.count("data:image/jpeg;base64,") >= 1 and "data:image/png;base64," in page and "Filmstrip" in page
    code, xml, _ = run(template, "audit", "--device", "android-small", "--output-format", "junit", "--screenshots", str(shots))
    suites = ET.fromstring(xml)
    assert code == 0 and suites.get("tests") == "9" and suites.get("failures") == "0" and len(suites.findall(".//skipped")) == 2
    code, sarif, _ = run(template, "audit", "--device", "android-small", "--output-format", "sarif", "--screenshots", str(shots))
    log = json.loads(sarif)
    assert code == 0 and log["version"] == "2.1.0" and log["runs"][0]["results"] == []


def test_a_6_mb_file_read_before_the_first_frame_breaches_first_paint(template: Path, tmp_path: Path) -> None:
    game = tmp_path / "heavy"
    game.mkdir()
    (game / "game.json").write_text("{}")
    (game / "level.bin").write_bytes(b"\1" * 6_000_000)
    (game / "game.js").write_text(
        "const data = tt.getFileSystemManager().readFileSync('level.bin');\n"
        "const canvas = tt.createCanvas(), ctx = canvas.getContext('2d');\n"
        "function frame() { ctx.fillStyle = '#123'; ctx.fillRect(0, 0, canvas.width, canvas.height);"
        " ctx.fillStyle = '#fc0'; ctx.fillRect(20, 20, 80, data.byteLength / 100000); requestAnimationFrame(frame); }\n"
        "requestAnimationFrame(frame);\n"
    )
    code, out, err = run(tmp_path, "audit", "heavy", "--device", "iphone", "--output-format", "json")
    report = json.loads(out)
    validate(report)
    assert code == 1, err
    first_paint, tti = report["budgets"]
    assert first_paint["name"] == "first-paint" and not first_paint["passed"] and first_paint["value_ms"] > 6000
    assert "over the 2 s budget" in first_paint["why"] and not tti["passed"]
    assert report["package"]["download_ms"] == pytest.approx(6000, abs=10)
    assert report["devices"][0]["errors"] == []


def test_a_console_error_is_reported_and_the_configs_budget_applies(tmp_path: Path) -> None:
    game = tmp_path / "noisy"
    game.mkdir()
    (game / "game.json").write_text("{}")
    (game / "minis.config.json").write_text(json.dumps({"audit": {"budgets": {"firstPaint": 1, "timeToInteractive": 60000}}}))
    (game / "game.js").write_text(
        "console.error('the level could not be parsed');\n"
        "const canvas = tt.createCanvas(), ctx = canvas.getContext('2d');\n"
        "ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height); ctx.fillStyle = '#000'; ctx.fillRect(10, 10, 40, 40);\n"
    )
    code, out, _ = run(tmp_path, "audit", "noisy", "--device", "pixel")
    assert code == 1  # the configured first-paint budget (1 ms) is breached
    assert "FAIL  First paint" in out and "pass  Time to interactive" in out and "audit.budgets" in out
    assert "error at " in out and "the level could not be parsed" in out


def test_offline_shows_how_the_game_fails_without_a_network(template: Path) -> None:
    code, out, _ = run(template.parent, "audit", "game", "--device", "iphone", "--network", "offline", "--output-format", "json")
    report = json.loads(out)
    validate(report)
    device = report["devices"][0]
    assert report["network"] == {**report["network"], "name": "offline", "offline": True, "cached": True}
    assert report["package"]["download_ms"] == 0 and device["transfers"] == []
    # the template signs in through its backend: offline, that request fails (10401) and the game plays on
    assert any("/api/game/login: 10401" in failed and "offline" in failed for failed in device["failed_requests"]), device["failed_requests"]
    assert code == 0 and device["errors"] == []


def test_the_warm_up_leaves_the_package_cold_and_runs_3_reports_each_timings_least(tmp_path: Path) -> None:
    """The host is warmed before each measured load (runner.warm_host) without the game's package: a 1.5 MB package
    is still downloaded in every run, before the first frame; --runs 3 reports each timing's least over the runs, the
    first run's screenshots, and every run; --runs auto loads it once (its time to interactive is over 1 s)."""
    game = tmp_path / "heavy"
    game.mkdir()
    (game / "game.json").write_text("{}")
    (game / "level.bin").write_bytes(b"\1" * 1_500_000)
    (game / "game.js").write_text(
        "const data = tt.getFileSystemManager().readFileSync('level.bin');\n"
        "const canvas = tt.createCanvas(), ctx = canvas.getContext('2d');\n"
        "function frame() { ctx.fillStyle = '#123'; ctx.fillRect(0, 0, canvas.width, canvas.height);"
        " ctx.fillStyle = '#fc0'; ctx.fillRect(20, 20, 80, data.byteLength / 100000); requestAnimationFrame(frame); }\n"
        "requestAnimationFrame(frame);\n"
    )
    code, out, err = run(tmp_path, "audit", "heavy", "--device", "iphone", "--runs", "3", "--output-format", "json", "--screenshots", "shots")
    report = json.loads(out)
    validate(report)
    assert code == 0, (err, report["budgets"])
    device = report["devices"][0]
    runs = device["runs"]
    assert len(runs) == 3 and all(r["first_paint_ms"] > 1500 for r in runs), runs  # each run downloaded the package cold
    assert device["reported_run"] == 0  # the first load's findings and screenshots: the repeats only time their load
    assert min(r["time_to_interactive_ms"] for r in runs) == device["time_to_interactive_ms"]
    assert device["first_paint_ms"] == min(r["first_paint_ms"] for r in runs) == report["budgets"][0]["value_ms"]
    assert all(r["worker_start_ms"] is not None and 0 < r["worker_start_ms"] < r["host_ready_ms"] for r in runs), runs
    package = [t for t in device["transfers"] if t["what"] == "package"]
    assert len(package) == 1 and package[0]["bytes"] == report["package"]["main_bytes"] and package[0]["end_ms"] >= 1500
    for shot in report["screenshots"]:  # the first load's
        assert Path(shot["path"]).parent == Path("shots") and (tmp_path / shot["path"]).is_file(), shot
    assert not list((tmp_path / "shots").glob(".run-*"))
    code, out, err = run(tmp_path, "audit", "heavy", "--device", "iphone", "--runs", "auto", "--output-format", "json", "--screenshots", "shots")
    assert code == 0 and len(json.loads(out)["devices"][0]["runs"]) == 1, err


AD_GAME = """
const canvas = tt.createCanvas(), ctx = canvas.getContext('2d');
function frame() {
  ctx.fillStyle = '#234'; ctx.fillRect(0, 0, canvas.width, canvas.height); ctx.fillStyle = '#fc0'; ctx.fillRect(20, 20, 60, 60);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
let lives = 0;
setInterval(() => tt.getStorageSync('best'), 150);  // the game's own calls, close or no close: not an answer
const ad = tt.createRewardedVideoAd({ adUnitId: 'ad-unit-1' });  // created at start-up, shown when the player asks
ad.onClose((res) => {
  GRANT
});
"""


def ad_game(tmp_path: Path, name: str, grant: str) -> Path:
    game = tmp_path / name
    game.mkdir()
    (game / "game.json").write_text("{}")
    (game / "game.js").write_text(AD_GAME.replace("GRANT", grant))
    return game


def ad_test(tmp_path: Path, name: str) -> dict:
    code, out, err = run(tmp_path, "audit", name, "--device", "iphone", "--output-format", "json", "--no-backend")
    report = json.loads(out)
    validate(report)
    assert code == 0, (err, report["budgets"])
    device = report["devices"][0]
    found = [t for t in device["self_tests"] if t["name"] == "rewarded ad created, reward only on isEnded"]
    assert device["errors"] == [] and len(found) == 1, device
    return found[0]


@pytest.mark.parametrize(
    ("grant", "status", "detail"),
    [
        # the reward waits for isEnded: written only after the ad was watched to the end
        (
            "if (res && res.isEnded) tt.setStorageSync('lives', ++lives);",
            "pass",
            "only after the ad was watched to the end (isEnded true): setStorageSync lives;",
        ),
        # the reward whatever isEnded says
        (
            "tt.setStorageSync('lives', ++lives);",
            "fail",
            "closed early (isEnded false), the game did what it does after an ad watched to the end: setStorageSync lives.",
        ),
        # a reward kept in memory: nothing the audit can see, so a person must check
        ("if (res.isEnded) lives += 1;", "manual", "made no call either time"),
    ],
    ids=["waits-for-isEnded", "rewards-on-close", "in-memory"],
)
def test_the_rewarded_ad_self_test_closes_the_games_ad_early_then_watched(tmp_path: Path, grant: str, status: str, detail: str) -> None:
    """A rewarded ad the game created at start-up is shown by the audit and closed early (isEnded false), then
    loaded, shown and watched to the end (isEnded true); what the game does after each close decides."""
    test = ad_test(tmp_path, ad_game(tmp_path, "ads", grant).name)
    assert test["status"] == status and detail in test["detail"], test
    assert "getStorageSync" not in test["detail"]  # the game's own timer, close or no close
    if status != "pass":
        assert "isEnded" in test["detail"] and "mini-games-sdk-iaa" in test["detail"]


def test_the_audits_browser_has_no_omnibox_popup_page() -> None:
    """Chromium preloads its omnibox popup (a WebUI page of its own UI, in a renderer of its own) at launch, ~0.5 s
    of CPU while the first device loads; the audit's browser turns it off (runner.QUIET_FEATURES), Playwright's own
    disabled features kept."""
    from playwright.sync_api import sync_playwright

    from minis_cli.audit.runner import CHROMIUM_ARGS

    def ui_pages(args: list[str]) -> list[str]:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
            try:
                browser.new_page().goto("about:blank")
                session = browser.new_browser_cdp_session()
                for _ in range(20):  # the preload starts a moment after launch
                    found = [t["url"] for t in session.send("Target.getTargets", {"filter": [{}]})["targetInfos"] if "omnibox-popup" in t["url"]]
                    if found:
                        return found
                    time.sleep(0.1)
                return []
            finally:
                browser.close()

    def in_a_thread(args: list[str]) -> list[str]:  # the e2e package's own Playwright may be open in this thread
        found: list[list[str]] = []
        thread = threading.Thread(target=lambda: found.append(ui_pages(args)))
        thread.start()
        thread.join()
        return found[0]

    assert in_a_thread([a for a in CHROMIUM_ARGS if not a.startswith("--disable-features=")]), "Chromium no longer preloads it: QUIET_FEATURES can go"
    assert in_a_thread(CHROMIUM_ARGS) == []


def test_a_game_drawing_from_a_timer_is_stamped_at_the_task_that_drew(tmp_path: Path) -> None:
    """The first paint of a game that draws in a timer callback is the end of that task (measure.js checks after each
    timer task), not the host's next 100 ms check, which here would come after the 400 ms task queued behind it."""
    game = tmp_path / "timer"
    game.mkdir()
    (game / "game.json").write_text("{}")
    (game / "game.js").write_text(
        "const canvas = tt.createCanvas(), ctx = canvas.getContext('2d');\n"
        "setTimeout(() => {\n"
        "  ctx.fillStyle = '#c00'; ctx.fillRect(0, 0, 200, 200);  // a short task: the host's 100 ms check rarely falls inside it\n"
        "  setTimeout(() => { const end = Date.now() + 400; while (Date.now() < end); }, 0);  // a long task right behind the draw\n"
        "}, 20);\n"
    )
    code, out, err = run(tmp_path, "audit", "timer", "--device", "iphone", "--output-format", "json", "--no-backend")
    report = json.loads(out)
    assert code == 0, (err, report["budgets"])
    device = report["devices"][0]
    assert device["first_paint_ms"] - device["game_ran_ms"] < 300, device  # before: 420 ms after game.js (4 runs of 4)
