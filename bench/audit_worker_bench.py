"""Where the game template's time goes in the game's worker between its first paint and its time to interactive
(issue 33), as `mock/gamehost/measure.js` stamps it: `game.js` ran, the first paint, the TTI probe posted, the probe
handled, the time to interactive, and the audit's own work there (its pixel checks, its pictures).

Each audit is `minis-py audit --device iphone --no-backend --runs N` of the game template, in a process of its own
that reads every load's stamps from the worker (the first load's and each repeat's). With --reference DIR, each
audit is made with another checkout of minis-py too, the trees in turn (which goes first alternating), so a change in
the machine's load falls on both. Prints, for each tree, each interval's median and range over all the loads.

    .venv/bin/python bench/audit_worker_bench.py [--audits 6] [--loads 5] [--reference DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMPS = ("started", "paint", "probeSent", "probeHandled", "tti", "checkMs", "pictureMs")
INTERVALS = {
    "game.js ran -> first paint": ("started", "paint"),
    "first paint -> probe sent": ("paint", "probeSent"),
    "probe sent -> probe handled": ("probeSent", "probeHandled"),
    "probe handled -> TTI": ("probeHandled", "tti"),
    "first paint -> TTI": ("paint", "tti"),
}


def child(tree: Path, project: Path, loads: int) -> None:
    """In the audit's process (the minis_cli of `tree`): one audit, each load's stamps as a JSON line."""
    sys.path.insert(0, str(tree))
    from minis_cli.audit import runner  # start-up: the tree's own minis_cli, put on the path above
    from minis_cli.cli import Environment, main  # start-up: as above

    assert Path(runner.__file__).is_relative_to(tree), runner.__file__

    runner.TIMED = "(() => { const a = self.__minisAudit; return a && Object.assign({}, a, {film: []}) })()"  # a repeat's stamps too
    read = runner._read_measurements

    def keep(run, data, origin, shots, preset):  # type: ignore[no-untyped-def]
        print(json.dumps({key: data.get(key) for key in STAMPS}))
        return read(run, data, origin, shots, preset)

    runner._read_measurements = keep
    quiet = Environment(stdout=io.StringIO(), stderr=io.StringIO())
    with tempfile.TemporaryDirectory() as shots:
        main(["audit", str(project), "--device", "iphone", "--no-backend", "--exit-zero", "--runs", str(loads), "--screenshots", shots], quiet)


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--audits", type=int, default=6)
    parser.add_argument("--loads", type=int, default=5, help="each audit's --runs")
    parser.add_argument("--reference", type=Path, help="another checkout of minis-py, audited in turn (A/B)")
    parser.add_argument("--child", nargs=2, type=Path, metavar=("TREE", "PROJECT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child[0], args.child[1], args.loads)
    trees = [ROOT] + ([args.reference.resolve()] if args.reference else [])
    stamps: dict[Path, list[dict]] = {tree: [] for tree in trees}
    loads: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "game"
        sys.path.insert(0, str(ROOT))
        from minis_cli.cli import Environment, main  # start-up: this tree's, to make the template

        quiet = Environment(stdout=io.StringIO(), stderr=io.StringIO())
        assert main(["init", str(project), "--template", "game", "--yes", "--client-key", "awbench0000001"], quiet) == 0
        for turn in range(args.audits):
            for tree in trees if turn % 2 == 0 else list(reversed(trees)):
                loads.append(os.getloadavg()[0])
                command = [sys.executable, __file__, "--child", str(tree), str(project), "--loads", str(args.loads)]
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                stamps[tree] += [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    print(f"the game template on iphone, {args.audits} audits of {args.loads} loads a tree; load average {min(loads):.1f} to {max(loads):.1f}")
    for tree, rows in stamps.items():
        rows = [row for row in rows if row["paint"] is not None and row["tti"] is not None]
        print(f"\n{tree} ({len(rows)} loads)")
        measures = {name: [row[b] - row[a] for row in rows if row[a] is not None and row[b] is not None] for name, (a, b) in INTERVALS.items()}
        measures["audit's own work before TTI"] = [(row["checkMs"] or 0.0) + (row.get("pictureMs") or 0.0) for row in rows]
        for name, values in measures.items():
            if values:
                print(f"  {name:<30} median {statistics.median(values):6.1f} ms   {min(values):6.1f} to {max(values):6.1f}")


if __name__ == "__main__":
    main_bench()
