"""Lint regression benchmark: this checkout against an earlier commit, on the same corpus, in one run.

    .venv/bin/python bench/lint_regression.py [--baseline REF] [--runs N]
    .venv/bin/python bench/lint_regression.py --baseline REF --runs 3 --project DIR [--project DIR ...]

The baseline is checked out into a temporary git worktree and run with this venv's Python (same
dependencies). Cold (empty cache) and warm runs of both trees are interleaved so both see the same machine;
prints the medians and the ratios new/baseline, and the warm/cold ratio of each tree.

With `--project`, the generated corpus is left out and each folder named is linted instead (`lint DIR --no-cache`;
with `--warm` also with the cache, kept in a folder of the bench's: nothing is written into the project), the two
trees alternating, which goes first alternating too: the median of each tree's runs a project, and the sums. For
projects on disk that cannot be committed here (the real projects of issue 30's held-out rounds: docs/performance.md
names the ones measured).
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
    parser.add_argument("--project", action="append", default=[], type=Path, help="a project folder to lint instead of the corpus (repeatable)")
    parser.add_argument("--warm", action="store_true", help="with --project: warm runs too (the cache outside the project)")
    args = parser.parse_args()
    runs = max(3, args.runs)
    missing = [str(p) for p in args.project if not p.is_dir()]
    if missing:
        raise SystemExit(f"no such folder: {', '.join(missing)}")
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
            if args.project:
                _projects(args.baseline, [p.resolve() for p in args.project], runs, envs, work, args.warm)
                return
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


def _projects(baseline: str, projects: list[Path], runs: int, envs: dict[str, dict[str, str]], work: Path, warm: bool) -> None:
    """Each project cold (`--no-cache`), and with --warm also warm: the cache filled by one run, then `runs` runs that
    find it (the cache in a folder of the bench's, MINIS_CACHE_DIR, never in the project)."""
    kinds = ("cold", "warm") if warm else ("cold",)
    print(f"lint regression: {baseline} vs this checkout; real projects, {' and '.join(kinds)}; medians of {runs}; {os.cpu_count()} cores")
    totals = {(kind, name): 0.0 for kind in kinds for name in envs}
    for number, project in enumerate(projects):
        times: dict[tuple[str, str], list[float]] = {key: [] for key in totals}
        caches = {name: {**env, "MINIS_CACHE_DIR": str(work / "caches" / name / str(number))} for name, env in envs.items()}
        command = [sys.executable, "-m", "minis_cli", "lint", str(project)]
        if warm:
            for name in envs:
                timed(command, work, caches[name])  # fills the cache
        for run in range(runs):
            for name in list(envs) if run % 2 == 0 else list(envs)[::-1]:
                times[("cold", name)].append(timed([*command, "--no-cache"], work, envs[name]))
                if warm:
                    times[("warm", name)].append(timed(command, work, caches[name]))
        for kind in kinds:
            medians = {name: statistics.median(times[(kind, name)]) for name in envs}
            for name, value in medians.items():
                totals[(kind, name)] += value
            print(
                f"  {project.name[:36]:36} {kind}  baseline {medians['baseline']:6.2f} s   this {medians['this']:6.2f} s"
                f"   ratio {medians['this'] / medians['baseline']:.2f}"
            )
    for kind in kinds:
        old, new = totals[(kind, "baseline")], totals[(kind, "this")]
        print(f"  {'sum':36} {kind}  baseline {old:6.2f} s   this {new:6.2f} s   ratio {new / old:.2f}")


if __name__ == "__main__":
    main()
