"""The audit's report formats: text, json, junit, sarif and html, chosen as lint's are (`--output-format`, `-o FILE`;
the same Format records as lint's, lint/model.py). json follows minis_cli/schemas/audit-report.schema.json."""

from __future__ import annotations

import base64
import html
import json
import os
from pathlib import Path
from typing import Any

from .. import __version__
from ..junit import Case, Failure, Suite, junit_xml
from ..lint.model import Format
from ..wording import plural
from . import AuditResult, Budget, DeviceRun

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "each device's budgets, timings, errors and SDK calls, as a person reads them", colour=True),
        Format("json", "the whole report as JSON (its schema: minis-py audit --schema)", machine=True),
        Format("junit", "JUnit XML: a test case per budget and device, a failure per breach or error", machine=True),
        Format("sarif", "SARIF 2.1.0: a result per breached budget and per error, for GitHub code scanning", machine=True),
        Format("html", "one self-contained page: the budgets, the screenshots of each device and its filmstrip", machine=True),
        Format("markdown", "the budgets and self-tests as Markdown tables: a CI job's summary (GitHub's $GITHUB_STEP_SUMMARY)", machine=True),
    )
}
HELP = f"{', '.join(FORMATS)} (default: text)."
BUDGET_TITLES = {"first-paint": "First paint", "time-to-interactive": "Time to interactive"}
_STATUS_CLASS = {"pass": "pass", "fail": "fail"}
_TTI_SOURCES = {
    "game": "the game's own report",
    "host": "the host (the first frame after game.js ran, the first paint and an input handled)",
    "page": (
        "the page's quiet window (after first contentful paint: 0.5 s with no long task and at most 2 requests in flight"
        " ending before the load event, else 0.2 s with none after it)"
    ),
}
PAGE_KINDS = ("mini", "html-game")  # audited as a page (audit/page.py)


def _started(run: DeviceRun, page: bool) -> str:
    """What the load reached before its first paint: the host and game.js, or a page's DOMContentLoaded."""
    if page:
        return f"DOMContentLoaded at {seconds(run.game_ran_ms)}; {plural(len(run.long_tasks), 'long task')}"
    return f"host ready at {seconds(run.host_ready_ms)}, game.js ran at {seconds(run.game_ran_ms)}; {run.frames} frames"


class View:
    """Where paths are shown from (the folder the command ran in), and colour."""

    def __init__(self, cwd: Path, color: bool = False) -> None:
        self.cwd = cwd
        self.color = color

    def path(self, path: str) -> str:
        try:
            relative = os.path.relpath(path, self.cwd)
        except ValueError:
            return path
        return path if relative.startswith("..") else Path(relative).as_posix()

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text


def render(fmt: str, result: AuditResult, view: View) -> str:
    return {"text": text, "json": as_json, "junit": junit, "sarif": sarif, "html": page, "markdown": markdown}[fmt](result, view)


def seconds(value: float | None) -> str:
    return "not reached" if value is None else f"{value / 1000:.2f} s"


def _size(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.1f} KB" if n >= 1e3 else f"{n} B"


def report_dict(result: AuditResult, view: View) -> dict[str, Any]:
    data = result.view()
    for shot in data["screenshots"]:
        shot["path"] = view.path(shot["path"])
    return data


def as_json(result: AuditResult, view: View) -> str:
    return json.dumps(report_dict(result, view), indent=2, ensure_ascii=False) + "\n"


def _budget_line(budget: Budget, view: View) -> str:
    mark = view.paint("pass", "32") if budget.passed else view.paint("FAIL", "31;1")
    return f"    {mark}  {BUDGET_TITLES.get(budget.name, budget.name):<20} {seconds(budget.value_ms):>12}   budget {budget.limit_ms / 1000:g} s"


def _runs_line(run: DeviceRun) -> str:
    def each(key: str) -> str:
        return ", ".join(seconds(r.get(key)) for r in run.all_runs)

    return f"first paint {each('first_paint_ms')}; time to interactive {each('time_to_interactive_ms')}"


def text(result: AuditResult, view: View) -> str:
    out = [f"minis-py audit {view.path(result.root) or '.'}  ({result.kind}, {result.engine})"]
    pkg = result.package
    page = result.kind in PAGE_KINDS
    out.append(f"  network: {result.network['summary']}")
    if pkg.get("source") == "dev server":
        out.append(
            f"  page: the dev server's (no build): its first load downloaded {_size(pkg['total_bytes'])} in {plural(pkg['files'], 'response')}; "
            f"at this rate: {pkg['download_ms'] / 1000:.2f} s"
        )
    else:
        out.append(
            f"  package: {_size(pkg['main_bytes'])} main of {_size(pkg['total_bytes'])} in {pkg['files']} files"
            + (f" ({view.path(pkg['root'])}/)" if page else "")
            + f"; its download at this rate: {pkg['download_ms'] / 1000:.2f} s"
        )
    remote = pkg.get("remote")
    if remote:  # a Cocos export's remote bundles (gamepkg.remote_bundles)
        out.append(
            f"  remote bundles: {remote['folder']} ({plural(remote['files'], 'file')}, {_size(remote['bytes'])}) is not in the package: on a phone it "
            f"comes from {remote['server']}; "
            + (
                "the host served it from the folder, at this rate, as the game asked"
                if remote["served"]
                else "the host asked that server (dev.gameRemoteBundles false)"
            )
        )
    out.append(f"  budgets: {result.limit_source}")
    for run in result.runs:
        out.append("")
        out.append(f"  {run.label}, {run.orientation}")
        out.extend(_budget_line(b, view) for b in run.budgets)
        detail = f"    {_started(run, page)}"
        if run.tti_source == "game":
            detail += "; time to interactive from the game's own report"
        out.append(detail)
        if len(run.all_runs) > 1:
            out.append(f"    the least of {len(run.all_runs)} loads (findings and screenshots: load {run.reported_run + 1}): {_runs_line(run)}")
        for budget in run.budgets:
            if not budget.passed and budget.why:
                out.append(f"    {BUDGET_TITLES.get(budget.name, budget.name)}: {budget.why}")
        for problem in run.problems:
            label = view.paint("error", "31") if problem.level == "error" else view.paint("warning", "33")
            when = f" at {seconds(problem.t_ms)}" if problem.t_ms is not None else ""
            times = f" (x{problem.count})" if problem.count > 1 else ""
            out.append(f"    {label}{when}: {problem.message}{times}")
        for url in run.refused:
            out.append(f"    refused (21100, not in domain.trustedDomains): {url}")
        for request in run.failed_requests:
            out.append(f"    request failed: {request}")
        for test in run.self_tests:
            mark = {"pass": view.paint("pass", "32"), "fail": view.paint("FAIL", "31;1")}.get(test.status, "----")
            out.append(f"    self-test {mark}  {test.name}: {test.detail}")
        apis = sorted({c.api for c in run.calls})
        if apis:
            out.append(f"    SDK calls ({len(run.calls)}): {', '.join(apis)}")
        loaded = next((s for s in run.screenshots if s.kind == "loaded"), None)
        if loaded is not None:
            out.append(f"    screenshot: {view.path(loaded.path)}")
    out.append("")
    failed = [b for b in result.budgets if not b.passed]
    if failed:
        out.append(view.paint(f"{len(failed)} of {len(result.budgets)} budgets breached", "31;1") + f" ({result.duration_ms / 1000:.1f} s)")
    else:
        out.append(view.paint(f"All {len(result.budgets)} budgets met", "32") + f" ({result.duration_ms / 1000:.1f} s)")
    return "\n".join(out) + "\n"


def markdown(result: AuditResult, view: View) -> str:
    """The verdict, each device's budgets, and what failed (errors, refused requests, self-tests), as a CI job's summary."""

    def cell(text: str) -> str:
        return " ".join(text.replace("|", "\\|").split())

    pkg = result.package
    failed = [b for b in result.budgets if not b.passed]
    verdict = f"**{len(failed)} of {len(result.budgets)} budgets breached**" if failed else f"All {len(result.budgets)} budgets met"
    out = [f"### minis-py audit: {cell(Path(result.root).name)}", ""]
    out.append(f"{verdict}. {cell(result.kind)}, {cell(result.engine)}; {cell(result.network['summary'])}; {cell(result.limit_source)}.")
    if pkg.get("source") != "dev server":
        out[-1] += f" Package {_size(pkg['main_bytes'])}, {pkg['download_ms'] / 1000:.2f} s to download at this rate."
    out += ["", "| device | first paint | time to interactive | errors | self-tests |", "|---|---|---|---|---|"]
    for run in result.runs:
        marks = {b.name: ("✅ " if b.passed else "❌ ") + f"{seconds(b.value_ms)} (budget {b.limit_ms / 1000:g} s)" for b in run.budgets}
        failing = [t for t in run.self_tests if t.status == "fail"]
        passing = sum(1 for t in run.self_tests if t.status == "pass")
        tests = f"{passing} passed" + (f", ❌ {len(failing)} failed" if failing else "")
        out.append(f"| {cell(run.label)} | {marks.get('first-paint', '')} | {marks.get('time-to-interactive', '')} | {len(run.errors) or 'none'} | {tests} |")
    details = []
    for run in result.runs:
        for budget in run.budgets:
            if not budget.passed:
                details.append(f"- {cell(run.label)}: {BUDGET_TITLES.get(budget.name, budget.name)}: {cell(budget.why)}")
        details += [f"- {cell(run.label)}: error: {cell(p.message)}" for p in run.errors[:5]]
        details += [f"- {cell(run.label)}: refused (21100): {cell(url)}" for url in run.refused[:5]]
        details += [f"- {cell(run.label)}: self-test failed: {cell(t.name)}: {cell(t.detail)}" for t in run.self_tests if t.status == "fail"]
    if details:
        out += ["", *details]
    return "\n".join(out) + "\n"


def junit(result: AuditResult, view: View) -> str:
    return junit_xml("minis-py audit", (_junit_suite(result, run) for run in result.runs))


def _junit_suite(result: AuditResult, run: DeviceRun) -> Suite:
    where = f"audit.{run.device}"
    cases = []
    for budget in run.budgets:
        text = f"{BUDGET_TITLES.get(budget.name, budget.name)}: {seconds(budget.value_ms)}, budget {budget.limit_ms / 1000:g} s"
        failure = None if budget.passed else Failure(budget.why, budget.name, text)
        cases.append(Case(f"{budget.name} ({run.device})", where, failure, seconds=(budget.value_ms or 0) / 1000))
    errors = Failure(f"{plural(len(run.errors), 'error')} while it started", "errors", "\n".join(p.message for p in run.errors)) if run.errors else None
    cases.append(Case(f"no errors ({run.device})", where, errors))
    for test in run.self_tests:
        failure = Failure(test.detail, "self-test", test.detail) if test.status == "fail" else None
        skipped = test.detail if test.status not in ("pass", "fail") else None
        cases.append(Case(f"self-test: {test.name} ({run.device})", where, failure, skipped))
    return Suite(f"minis-py audit {Path(result.root).name} {run.device}", cases)


SARIF_RULES = {
    "AUDIT-first-paint": "The first frame of the game's canvas (more than one colour), or a page's first contentful paint, comes within the budget",
    "AUDIT-time-to-interactive": "The game or page handles input within the budget (see minis-py audit's definitions)",
    "AUDIT-error": "No error while the game or page starts",
    "AUDIT-21100": "No request outside domain.trustedDomains (TikTok refuses it: 21100)",
}


def sarif(result: AuditResult, view: View) -> str:
    from ..lint.report.sarif import INFORMATION_URI, SCHEMA

    entry = "game.js"
    if result.kind in PAGE_KINDS:
        entry = "index.html" if result.package.get("source") == "build" else "package.json"
    where = [{"physicalLocation": {"artifactLocation": {"uri": entry, "uriBaseId": "%SRCROOT%"}}}]
    results: list[dict[str, Any]] = []
    for run in result.runs:
        for budget in run.budgets:
            if not budget.passed:
                results.append(
                    {
                        "ruleId": f"AUDIT-{budget.name}",
                        "level": "error",
                        "message": {"text": f"{BUDGET_TITLES.get(budget.name, budget.name)} on {run.label}: {budget.why}"},
                        "locations": where,
                    }
                )
        for problem in run.errors:
            results.append({"ruleId": "AUDIT-error", "level": "error", "message": {"text": f"{run.label}: {problem.message}"}, "locations": where})
        for url in run.refused:
            results.append({"ruleId": "AUDIT-21100", "level": "warning", "message": {"text": f"{run.label}: refused (21100): {url}"}, "locations": where})
    root = Path(result.package["root"]).resolve().as_uri() + "/"
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "minis-py audit",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [{"id": rid, "shortDescription": {"text": text}} for rid, text in SARIF_RULES.items()],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _image(path: str) -> str:
    """The screenshot as a data: URL, so the page is one file (a CI artifact that opens anywhere)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return ""
    kind = "image/png" if path.endswith(".png") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _device_html(run: DeviceRun, page: bool = False) -> str:
    e = html.escape
    rows = "".join(
        f"<tr class={'pass' if b.passed else 'fail'}><td>{e(BUDGET_TITLES.get(b.name, b.name))}</td><td>{e(seconds(b.value_ms))}</td>"
        f"<td>{b.limit_ms / 1000:g} s</td><td>{'pass' if b.passed else 'FAIL: ' + e(b.why)}</td></tr>"
        for b in run.budgets
    )
    film = "".join(
        f"<figure><img src='{_image(s.path)}' alt='{e(s.kind)} at {e(seconds(s.t_ms))}'><figcaption>{e(seconds(s.t_ms))}"
        f"{' · first paint' if s.kind == 'first-paint' else ''}</figcaption></figure>"
        for s in run.screenshots
        if s.kind in ("frame", "first-paint")
    )
    loaded = next((s for s in run.screenshots if s.kind == "loaded"), None)
    problems = "".join(
        f"<li class={p.level}>{e(p.level)}{' at ' + e(seconds(p.t_ms)) if p.t_ms is not None else ''}: {e(p.message)}"
        f"{f' (x{p.count})' if p.count > 1 else ''}</li>"
        for p in run.problems
    ) + "".join(f"<li class=warning>refused (21100): {e(u)}</li>" for u in run.refused)
    calls = ", ".join(sorted({e(c.api) for c in run.calls})) or "none"
    tests = "".join(f"<li class='{_STATUS_CLASS.get(t.status, '')}'>{e(t.status)}: {e(t.name)}: {e(t.detail)}</li>" for t in run.self_tests)
    return (
        f"<section><h2>{e(run.label)}, {e(run.orientation)} <span class={'pass' if run.passed else 'fail'}>{'pass' if run.passed else 'FAIL'}</span></h2>"
        f"<table><tr><th>Budget</th><th>Measured</th><th>Limit</th><th></th></tr>{rows}</table>"
        f"<p>{e(_started(run, page))}; time to interactive from {e(_TTI_SOURCES.get(run.tti_source, _TTI_SOURCES['host']))}.</p>"
        f"<h3>Filmstrip</h3><div class=film>{film or '<p>no frame</p>'}</div>"
        + (f"<h3>After load</h3><img class=loaded src='{_image(loaded.path)}' alt='the game after load'>" if loaded else "")
        + f"<h3>Review self-tests</h3><ul>{tests}</ul>"
        + f"<h3>Errors and warnings</h3><ul>{problems or '<li>none</li>'}</ul><h3>SDK calls</h3><p>{calls}</p></section>"
    )


def page(result: AuditResult, view: View) -> str:
    e = html.escape
    pkg = result.package
    verdict = "All budgets met" if result.passed else f"{sum(not b.passed for b in result.budgets)} of {len(result.budgets)} budgets breached"
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>minis-py audit</title><style>"
        "body{font:14px/1.5 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}"
        "td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}"
        ".pass{color:#176f2c}.fail{color:#b00020;font-weight:600}.film{display:flex;gap:8px;overflow-x:auto}.film figure{margin:0;text-align:center}"
        ".film img{height:200px;border:1px solid #ccc}.loaded{height:420px;border:1px solid #ccc}li.error{color:#b00020}li.warning{color:#8a6100}"
        "</style></head><body>"
        f"<h1>minis-py audit: {e(Path(result.root).name)}</h1>"
        f"<p class={'pass' if result.passed else 'fail'}>{e(verdict)}</p>"
        f"<p>{e(result.kind)}, {e(result.engine)}. Network: {e(result.network['summary'])}. Package: {e(_size(pkg['main_bytes']))} main of "
        f"{e(_size(pkg['total_bytes']))}, {pkg['download_ms'] / 1000:.2f} s to download at this rate. Budgets: {e(result.limit_source)}.</p>"
        + "".join(_device_html(run, result.kind in PAGE_KINDS) for run in result.runs)
        + f"<p><small>minis-py {e(__version__)} · {result.duration_ms / 1000:.1f} s</small></p></body></html>\n"
    )
