"""How repeatable `minis-py audit` is, and what it costs beyond the load it measures (issue 33: "the same package
audited five times varies by at most 10% on each timing"; "the audit's own overhead beyond the load it measures is at
most 2 s a device").

Two games, written here: the game template (`minis-py init --template game`, 14 KB: its timings are the host's and
the browser's own start-up) and the same game reading a 1.5 MB level file before its first frame (at first-scan,
1.5 s of download: the network profile dominates, as it does for a real export). With --mini, two Minis as well: the
drama template's build (what its scripts/build.js copies into dist/: 9 KB) and the same build with a 1.5 MB script in
its head, both audited as builds behind the preview proxy with no backend.

Each audit is the command as a developer runs it: `minis-py audit PATH --device iphone --no-backend --output-format
json` in a process of its own (its Python, mock and browser started and ended each time), at first-scan. The packages
take turns (A B C D, A B C D, ...), so a change in the machine's load falls on all of them alike; the 1-minute load
average is read before each audit. For each timing: the median, the spread (max - min) and the spread as a share of
the median. Each timing is the package's download, computed from its bytes and the profile (the link's schedule:
package.download_ms, the same every time), plus the rest, measured (the browser's, the host's and the game's work on
this machine): `first paint - download` shows the measured part alone, in ms. Overhead per device: the device's
whole run (browser context, warm-up, load, waits, screenshots, thumbnails) minus its time to interactive.

With --audit-runs N, each audit is `minis-py audit --runs N` (each timing the least of N loads, each cold; auto: until
the loads' times to interactive add up to 1 s, at most 5): the spread is then the least's, and the loads each audit
made are listed. A game's stages (worker created, host ready, game.js ran) show where the measured part goes.

    .venv/bin/python bench/audit_bench.py [--runs 5] [--device iphone] [--mini] [--audit-runs 1|N|auto] [--only template]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from minis_cli.cli import Environment, main

ROOT = Path(__file__).resolve().parents[1]

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


def audit(root: Path, device: str, runs: str | None, shots: Path, tree: Path = ROOT) -> dict:
    """One `minis-py audit` in a process of its own (the minis_cli of `tree`), its json report."""
    command = [sys.executable, "-m", "minis_cli", "audit", str(root), "--device", device, "--no-backend", "--exit-zero"]
    command += ["--output-format", "json", "--screenshots", str(shots)] + (["--runs", runs] if runs is not None else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tree)
    if done.returncode != 0:
        raise SystemExit(f"minis-py audit {root.name} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--device", default="iphone")
    parser.add_argument("--mini", action="store_true", help="audit the drama template's build too")
    parser.add_argument("--audit-runs", default=None, help="each audit's --runs: a number, or auto (default: the audit's own default)")
    parser.add_argument("--only", action="append", default=[], help="only the packages whose label starts with this (repeatable)")
    parser.add_argument("--reference", type=Path, help="another checkout of minis-py: each audit is made with it too, in turn (A/B)")
    parser.add_argument("--reference-runs", default=None, help="the reference's --runs (default: its own default)")
    args = parser.parse_args()
    trees = {"this tree": (ROOT, args.audit_runs)}
    if args.reference is not None:
        trees["reference " + str(args.reference)] = (args.reference.resolve(), args.reference_runs)
    with tempfile.TemporaryDirectory() as tmp:
        packages = make_games(Path(tmp))
        if args.mini:
            packages.update(make_minis(Path(tmp)))
        if args.only:
            packages = {label: root for label, root in packages.items() if any(label.startswith(prefix) for prefix in args.only)}
        print(f"minis-py audit, {args.runs} audits of each package on {args.device} at first-scan (1 MB/s, no cache),")
        turns = ", the trees in turn (alternating which goes first)" if len(trees) > 1 else ""
        print(f"each in a process of its own, the packages in turn{turns}; {os.cpu_count()} CPUs")
        for name, (tree, runs) in trees.items():
            print(f"  {name} ({tree}): --runs {runs or '(its default)'}")
        print()
        results: dict[str, dict[str, list[tuple[dict, float, float]]]] = {name: {label: [] for label in packages} for name in trees}
        for round_ in range(args.runs):
            for label, root in packages.items():
                order = list(trees.items()) if round_ % 2 == 0 else list(reversed(trees.items()))
                for name, (tree, runs) in order:
                    load = os.getloadavg()[0]
                    began = time.monotonic()
                    report = audit(root, args.device, runs, Path(tmp) / "shots", tree)
                    results[name][label].append((report, load, (time.monotonic() - began) * 1000))
        for name in trees:
            if len(trees) > 1:
                print(f"=== {name}")
            table(results[name])


def table(results: dict[str, list[tuple[dict, float, float]]]) -> None:
    print(f"{'package':<30} {'timing':<22} {'median':>9} {'spread':>9} {'spread %':>9}   runs (ms)")
    loads = [load for runs in results.values() for _, load, _ in runs]
    for label, runs in results.items():
        devices = [report["devices"][0] for report, _, _ in runs]
        download = runs[0][0]["package"]["download_ms"]
        page = runs[0][0]["kind"] != "native-game"
        timings: dict[str, list[float]] = {}
        if not page:  # a game's stages: the least over the loads, as the audit reports the other timings
            timings["worker created"] = [min(r.get("worker_start_ms") or 0.0 for r in d["runs"]) for d in devices]
            timings["host ready"] = [d["host_ready_ms"] or 0.0 for d in devices]
        timings["DOMContentLoaded" if page else "game.js ran"] = [d["game_ran_ms"] or 0.0 for d in devices]
        timings["first paint"] = [d["first_paint_ms"] or 0.0 for d in devices]
        timings["time to interactive"] = [d["time_to_interactive_ms"] or 0.0 for d in devices]
        timings["first paint - download"] = [paint - download for paint in timings["first paint"]]
        for name, values in timings.items():
            median, width, share = spread(values)
            print(f"{label:<30} {name:<22} {median:>7.0f}ms {width:>7.0f}ms {share:>8.1f}%   {', '.join(f'{v:.0f}' for v in values)}")
        assert all(report["package"]["download_ms"] == download for report, _, _ in runs)
        size = runs[0][0]["package"]["main_bytes"]
        print(f"{'':<30} {'download (computed)':<22} {download:>7.0f}ms {0:>7.0f}ms {0:>8.1f}%   {size} bytes at the profile's rate")
        # a load's overhead: its whole run (context, warm-up, waits, screenshots) minus its time to interactive
        overhead = [r["wall_ms"] - (r["time_to_interactive_ms"] or 0.0) for d in devices for r in d["runs"]]
        # a device's: all its loads' runs minus the one time to interactive it reports (the other loads count as overhead)
        per_device = [sum(r["wall_ms"] for r in d["runs"]) - (d["time_to_interactive_ms"] or 0.0) for d in devices]
        whole = [process - sum(r["wall_ms"] for r in d["runs"]) for (_, _, process), d in zip(runs, devices)]
        print(
            f"{'':<30} {'overhead per load':<22} {statistics.median(overhead):>7.0f}ms   (max {max(overhead):.0f} ms; "
            f"in the game's worker {statistics.median(d['audit_overhead_ms'] for d in devices):.0f} ms; "
            f"the process, browser and mock around the device {statistics.median(whole):.0f} ms an audit)"
        )
        each_audit = ", ".join(str(len(d["runs"])) for d in devices)
        print(f"{'':<30} {'overhead per device':<22} {statistics.median(per_device):>7.0f}ms   (max {max(per_device):.0f} ms; loads an audit: {each_audit})")
        print(f"{'':<30} {'load average':<22} {' ':>9} {' ':>9} {' ':>9}   {', '.join(f'{load:.1f}' for _, load, _ in runs)}")
        print()
    print(f"load average (1 min) before each audit: {min(loads):.1f} to {max(loads):.1f}, median {statistics.median(loads):.1f}\n")


if __name__ == "__main__":
    main_bench()
