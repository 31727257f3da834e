"""Lint regression benchmark: this checkout against an earlier commit, on the same corpus, in one run.

    .venv/bin/python bench/lint_regression.py [--baseline REF] [--runs N]

The baseline is checked out into a temporary git worktree and run with this venv's Python (same
dependencies). Cold (empty cache) and warm runs of both trees are interleaved so both see the same machine;
prints the medians and the ratios new/baseline, and the warm/cold ratio of each tree.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import make_corpus  # noqa: E402


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="HEAD~1", help="the commit to compare with (default HEAD~1)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = max(3, args.runs)
    with tempfile.TemporaryDirectory(prefix="minis-regression-") as temp:
        work = Path(temp)
        old_tree = work / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(old_tree), args.baseline], check=True)
        try:
            trees = {"baseline": old_tree, "this": REPO}
            for tree in trees.values():
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "minis_cli")], check=True)
            base_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "PYTHONPATH")}
            envs = {name: {**base_env, "PYTHONPATH": str(tree)} for name, tree in trees.items()}
            command = [sys.executable, "-m", "minis_cli", "lint", "."]
            sizes = make_corpus(work / "corpus")
            corpus = work / "corpus"
            print(
                f"lint regression: {args.baseline} vs this checkout; medians of {runs}; corpus {sizes['files']} files, "
                f"{(sizes['html'] + sizes['js']) / 1e6:.1f} MB; {os.cpu_count()} cores"
            )
            cold: dict[str, list[float]] = {name: [] for name in trees}
            warm: dict[str, list[float]] = {name: [] for name in trees}
            for _ in range(runs):
                for name in trees:
                    shutil.rmtree(corpus / ".minis", ignore_errors=True)
                    cold[name].append(timed(command, corpus, envs[name]))
                    warm[name].append(timed(command, corpus, envs[name]))
            medians = {name: (statistics.median(cold[name]), statistics.median(warm[name])) for name in trees}
            for name, (c, w) in medians.items():
                print(f"  {name:9} cold {c:6.2f} s   warm {w:6.2f} s   warm/cold {w / c:.2f}")
            (old_cold, old_warm), (new_cold, new_warm) = medians["baseline"], medians["this"]
            print(f"  this/baseline: cold {new_cold / old_cold:.2f}   warm {new_warm / old_warm:.2f}   (target: within 1.10)")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old_tree)], check=False)


if __name__ == "__main__":
    main()
