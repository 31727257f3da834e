"""Lint benchmark: cold start, the clean example, a fresh `minis-py init` project and a ~25 MB corpus against
htmlhint, in one run.

    .venv/bin/python bench/lint_bench.py [--runs N]

Prints medians of N runs (default 5) and ratios measured in the same invocation. htmlhint is installed
with npm into a temporary folder. Everything runs on this machine; nothing leaves loopback.
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

HTMLHINT_VERSION = "1.9.2"


def minis_py() -> list[str]:
    script = Path(sys.executable).with_name("minis-py")
    return [str(script)] if script.exists() else [sys.executable, "-m", "minis_cli"]


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def median_of(runs: int, action) -> float:
    return statistics.median(action() for _ in range(runs))


def install_htmlhint(into: Path) -> Path:
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(into), f"htmlhint@{HTMLHINT_VERSION}"], check=True, stdout=subprocess.DEVNULL
    )
    return into / "node_modules" / ".bin" / "htmlhint"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = max(5, args.runs)

    # What `pip install` does for users; this machine sets PYTHONDONTWRITEBYTECODE for editable checkouts.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "minis_cli")], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    tool = minis_py()
    print(f"minis-py lint benchmark: medians of {runs} runs; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print()

    version = median_of(max(runs, 10), lambda: timed([*tool, "--version"], REPO, env))
    python = median_of(max(runs, 10), lambda: timed([sys.executable, "-c", "pass"], REPO, env))
    print(
        f"cold start  `minis-py --version`                    {version * 1000:7.0f} ms   (target <= 150 ms)  "
        f"ratio to `python -c pass` ({python * 1000:.0f} ms) {version / python:.1f}  (target <= 3)"
    )
    clean = REPO / "examples" / "clean-mini"
    clean_cold = median_of(runs, lambda: timed([*tool, "lint", ".", "--no-cache"], clean, env))
    print(f"clean example  `minis-py lint --no-cache`           {clean_cold * 1000:7.0f} ms   (target <= 400 ms)")
    timed([*tool, "lint", "."], clean, env)
    clean_warm = median_of(runs, lambda: timed([*tool, "lint", "."], clean, env))
    print(f"clean example  `minis-py lint` (warm cache)         {clean_warm * 1000:7.0f} ms")

    with tempfile.TemporaryDirectory(prefix="minis-bench-") as temp:
        work = Path(temp)
        htmlhint = install_htmlhint(work / "htmlhint")

        # A fresh `minis-py init` project: start-up bound, so this measures what a command imports and sets up.
        small = work / "init-mini"
        subprocess.run(
            [*tool, "init", str(small), "--yes", "--client-key", "awdemo00000001"], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        small_html = sorted(p.relative_to(small).as_posix() for p in small.rglob("*.html") if "node_modules" not in p.parts)
        small_hint, small_lint = [], []
        for _ in range(max(runs, 11)):  # interleaved, so both see the same machine
            small_hint.append(timed([str(htmlhint), *small_html], small, env, ok=(0, 1)))
            small_lint.append(timed([*tool, "lint", "--no-cache"], small, env))
        small_hint_median, small_lint_median = statistics.median(small_hint), statistics.median(small_lint)
        print(
            f"init project  `minis-py lint --no-cache`            {small_lint_median * 1000:7.0f} ms   "
            f"htmlhint on its {len(small_html)} HTML file(s) {small_hint_median * 1000:.0f} ms   "
            f"ratio {small_lint_median / small_hint_median:.2f}  (target <= 0.8)"
        )
        print()

        sizes = make_corpus(work / "corpus")
        corpus = work / "corpus"
        html_files = ["index.html", *sorted(p.relative_to(corpus).as_posix() for p in (corpus / "pages").glob("*.html"))]
        total_mb = (sizes["html"] + sizes["js"]) / 1e6
        print(f"corpus: {sizes['files']} files, {sizes['html'] / 1e6:.1f} MB HTML (300 pages, inline scripts) + {sizes['js'] / 1e6:.1f} MB JS (30 bundles)")
        cache = corpus / ".minis"

        def cold() -> float:
            shutil.rmtree(cache, ignore_errors=True)
            return timed([*tool, "lint", "."], corpus, env)

        hint_times, cold_times, warm_times = [], [], []
        for _ in range(runs):  # interleaved, so both see the same machine
            hint_times.append(timed([str(htmlhint), *html_files], corpus, env, ok=(0, 1)))
            cold_times.append(cold())
            warm_times.append(timed([*tool, "lint", "."], corpus, env))
        plain_times, fix_times = [], []
        for _ in range(runs):  # --fix with nothing to fix, against plain lint, interleaved
            plain_times.append(timed([*tool, "lint", ".", "--no-cache"], corpus, env))
            fix_times.append(timed([*tool, "lint", ".", "--no-cache", "--fix"], corpus, env))
        full_parse = median_of(3, lambda: timed([*tool, "lint", ".", "--no-cache", "--no-prefilter"], corpus, env))
        one_core = median_of(3, lambda: timed([*tool, "lint", ".", "--no-cache", "--jobs", "1"], corpus, env))
        hint, cold_median, warm_median = map(statistics.median, (hint_times, cold_times, warm_times))
        print(f"htmlhint {HTMLHINT_VERSION} on the 300 HTML files             {hint:7.2f} s   ({sizes['html'] / 1e6 / hint:5.1f} MB/s)")
        print(
            f"minis-py lint, cold (empty cache), whole corpus      {cold_median:7.2f} s   ({total_mb / cold_median:5.1f} MB/s)  ratio to htmlhint "
            f"{cold_median / hint:.2f}  (target <= 0.25)"
        )
        print(f"minis-py lint, warm (content-hash cache)             {warm_median:7.2f} s   ratio to cold {warm_median / cold_median:.2f}  (target <= 0.2)")
        print(f"minis-py lint, cold, one core (--jobs 1)             {one_core:7.2f} s   ratio to htmlhint {one_core / hint:.2f}")
        print(f"minis-py lint, cold, every script parsed (--no-prefilter) {full_parse:5.2f} s   ratio to htmlhint {full_parse / hint:.2f}")
        plain, fixing = statistics.median(plain_times), statistics.median(fix_times)
        print(
            f"minis-py lint --fix, nothing to fix (--no-cache)     {fixing:7.2f} s   ratio to plain lint {fixing / plain:.2f} ({plain:.2f} s)  (target <= 1.1)"
        )


if __name__ == "__main__":
    main()
