"""How repeatable `minis-py audit` is, and what it costs beyond the load it measures (issue 33: "the same package
audited five times varies by at most 10% on each timing"; "the audit's own overhead beyond the load it measures is at
most 2 s a device").

Two games, written here: the game template (`minis-py init --template game`, 14 KB: its timings are the host's and
the browser's own start-up) and the same game reading a 1.5 MB level file before its first frame (at first-scan,
1.5 s of download: the network profile dominates, as it does for a real export). With --mini, two Minis as well: the
drama template's build (what its scripts/build.js copies into dist/: 9 KB) and the same build with a 1.5 MB script in
its head, both audited as builds behind the preview proxy with no backend. Each is audited RUNS times on one device at
first-scan, in one process as the command does it (a fresh browser each audit). For each timing: the median, the
spread (max - min) and the spread as a share of the median. Overhead per device: the device's whole run (browser
context, load, waits, screenshots, thumbnails) minus its time to interactive, and, for a game, the part of it spent
in the game's worker by the audit's pixel checks and thumbnails.

With --audit-runs N, each audit is `minis-py audit --runs N` (the median of N loads, each cold): the spread is
then the medians'.

    .venv/bin/python bench/audit_bench.py [--runs 5] [--device iphone] [--mini] [--audit-runs 1]
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from minis_cli.audit.run import run_audit
from minis_cli.audit.runner import AuditOptions
from minis_cli.cli import Environment, main
from minis_cli.mock import throttle
from minis_cli.project import Project

HEAVY_HEAD = "const level = tt.getFileSystemManager().readFileSync('level.bin'); // read before the first frame\n"


def make_games(tmp: Path) -> dict[str, Path]:
    template, heavy = tmp / "template", tmp / "heavy"
    for root in (template, heavy):
        quiet = Environment(stdout=io.StringIO(), stderr=io.StringIO())
        code = main(["init", str(root), "--template", "game", "--yes", "--client-key", "awbench0000001"], quiet)
        assert code == 0
    (heavy / "level.bin").write_bytes(b"\1" * 1_500_000)
    game = heavy / "game.js"
    game.write_text(HEAVY_HEAD + game.read_text())
    return {"template (14 KB)": template, "template + 1.5 MB read first": heavy}


def make_minis(tmp: Path) -> dict[str, Path]:
    template, heavy = tmp / "drama", tmp / "drama-heavy"
    for root in (template, heavy):
        quiet = Environment(stdout=io.StringIO(), stderr=io.StringIO())
        code = main(["init", str(root), "--yes", "--client-key", "awbench0000002"], quiet)
        assert code == 0
        (root / "dist").mkdir()  # what the template's scripts/build.js does: dist/ is the build
        shutil.copy(root / "index.html", root / "dist" / "index.html")
        shutil.copytree(root / "src", root / "dist" / "src")
    (heavy / "dist" / "src" / "vendor.js").write_text("window.vendor = '" + "x" * 1_500_000 + "';\n")
    page = heavy / "dist" / "index.html"
    page.write_text(page.read_text().replace("</title>", '</title>\n  <script src="/src/vendor.js"></script>', 1))
    return {"drama build (9 KB)": template, "drama build + 1.5 MB script": heavy}


def spread(values: list[float]) -> tuple[float, float, float]:
    median = statistics.median(values)
    width = max(values) - min(values)
    return median, width, (100 * width / median if median else 0.0)


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--device", default="iphone")
    parser.add_argument("--mini", action="store_true", help="audit the drama template's build too")
    parser.add_argument("--audit-runs", type=int, default=1, help="each audit's --runs: the median of this many loads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        games = make_games(Path(tmp))
        if args.mini:
            games.update(make_minis(Path(tmp)))
        each = f", each the median of {args.audit_runs} loads" if args.audit_runs > 1 else ""
        print(f"minis-py audit, {args.runs} audits of each package on {args.device} at first-scan (1 MB/s, no cache){each}\n")
        print(f"{'package':<30} {'timing':<22} {'median':>9} {'spread':>9} {'spread %':>9}   runs (ms)")
        for label, root in games.items():
            project = Project.discover(root)
            runs = []
            for _ in range(args.runs):
                options = AuditOptions(devices=(args.device,), network=throttle.profile(), screenshots=Path(tmp) / "shots", backend=False, runs=args.audit_runs)
                result = run_audit(project, options)
                runs.append((result.runs[0], result.duration_ms))
            page = project.kind == "mini"
            timings = {} if page else {"host ready": [r.host_ready_ms or 0.0 for r, _ in runs]}
            timings["DOMContentLoaded" if page else "game.js ran"] = [r.game_ran_ms or 0.0 for r, _ in runs]
            timings["first paint"] = [r.first_paint_ms or 0.0 for r, _ in runs]
            timings["time to interactive"] = [r.tti_ms or 0.0 for r, _ in runs]
            if not page:
                ready = timings["host ready"]
                timings["first paint - ready"] = [fp - h for fp, h in zip(timings["first paint"], ready)]
                timings["TTI - ready"] = [t - h for t, h in zip(timings["time to interactive"], ready)]
            for name, values in timings.items():
                median, width, share = spread(values)
                print(f"{label:<30} {name:<22} {median:>7.0f}ms {width:>7.0f}ms {share:>8.1f}%   {', '.join(f'{v:.0f}' for v in values)}")
            overhead = [r.wall_ms - (r.tti_ms or 0.0) for r, _ in runs]
            in_worker = [r.check_ms for r, _ in runs]
            whole = [d - r.wall_ms for r, d in runs]
            print(
                f"{'':<30} {'overhead per device':<22} {statistics.median(overhead):>7.0f}ms   (max {max(overhead):.0f} ms; in the game's worker "
                f"{statistics.median(in_worker):.0f} ms; browser start and end per audit {statistics.median(whole):.0f} ms)"
            )
            print()


if __name__ == "__main__":
    main_bench()
