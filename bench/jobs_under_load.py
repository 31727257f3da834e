"""Does the default process pool (--jobs = cores) hurt when another core is busy? (issue 16: "choose by the
load average too, or measure and document why not")

Makes the lint corpus (bench/corpus.py), starts one CPU-bound process (a loop on one core, as a build or a
browser would be), and times `minis-py lint --no-cache` with the default jobs and with --jobs 1, alternately,
RUNS times each; then the same without the busy process. Figures: medians, and default/one-job ratios.

    .venv/bin/python bench/jobs_under_load.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus

RUNS = 5
BURN = "import time\nend = time.time() + 600\nwhile time.time() < end:\n    pass\n"


def lint(corpus: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "minis_cli", "lint", ".", "--no-cache", *extra], cwd=corpus, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def measure(corpus: Path) -> tuple[float, float]:
    default, single = [], []
    lint(corpus)  # warm the file cache
    for _ in range(RUNS):
        default.append(lint(corpus))
        single.append(lint(corpus, "--jobs", "1"))
    return statistics.median(default), statistics.median(single)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="minis-jobs-") as temp:
        corpus = Path(temp) / "corpus"
        make_corpus(corpus)
        idle = measure(corpus)
        burner = subprocess.Popen([sys.executable, "-c", BURN])
        try:
            time.sleep(1)
            busy = measure(corpus)
        finally:
            burner.kill()
    print(f"lint --jobs default vs --jobs 1 on the lint corpus; {os.cpu_count()} cores; medians of {RUNS}, alternating")
    for label, (default, single) in (("idle machine", idle), ("one core busy", busy)):
        print(f"  {label:14}  default {default:5.2f} s   --jobs 1 {single:5.2f} s   default/one {default / single:.2f}")


if __name__ == "__main__":
    main()
