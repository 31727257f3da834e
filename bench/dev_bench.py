"""Dev benchmark: `minis-py dev` to the Preview line (minus the dev script's own start-up), the watch
re-check, and the preview proxy against the dev server directly, all in one run on 127.0.0.1.

    .venv/bin/python bench/dev_bench.py [--runs N] [--seconds S] [--proxy-only]

The proxy is measured with wrk (C, so the client's own cost does not hide the proxy's), on a small static
asset and on a 1 MB one: throughput at 8 connections, and one request at a time (1 connection; the time of
a request is 1 / its req/s). Direct and proxied runs alternate, each S seconds (default 2), and each figure
is the median of the ratios of neighbouring runs, so the machine's drift during the run cancels out.
Without wrk, the one-at-a-time lines use http.client on a kept-alive connection and there is no
throughput line. With a C compiler, bench/relay_floor.c (a bare C relay, no parsing) is measured in the
same rounds in the preview's place: the floor of any proxy that copies the bytes; and again moving them with
splice(2), never through user space (the zero-copy floor).

Needs Node and npm (the project is a fresh `minis-py init` drama project).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
MINIS_PY = [sys.executable, "-m", "minis_cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


_lines: dict[int, queue.Queue] = {}


def read_line(process: subprocess.Popen, needle: str, timeout: float = 60) -> tuple[float, str]:
    """When a line with `needle` was printed, and the line (a reader thread stamps each line as it comes:
    select() on a buffered pipe would miss lines already in Python's buffer)."""
    if process.pid not in _lines:
        lines: queue.Queue = queue.Queue()
        _lines[process.pid] = lines
        threading.Thread(target=lambda: [lines.put((time.perf_counter(), line)) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    lines = _lines[process.pid]
    deadline = time.perf_counter() + timeout
    while True:
        try:
            stamp, line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
        except queue.Empty:
            raise SystemExit(f"no {needle!r} within {timeout} s") from None
        if needle in line:
            return stamp, line


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=2, help="each wrk run, whole seconds (default 2)")
    parser.add_argument("--proxy-only", action="store_true", help="only the preview proxy's lines")
    args = parser.parse_args()
    runs = max(5, args.runs)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "minis_cli")], check=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory(prefix="minis-dev-bench-") as temp:
        root = Path(temp) / "mini"
        subprocess.run([*MINIS_PY, "init", str(root), "--client-key", "awbenchdev001"], check=True, capture_output=True)
        config = json.loads((root / "minis.config.json").read_text())
        (root / "src" / "big.bin").write_bytes(os.urandom(1 << 20))

        # 1. to the Preview line, minus the dev script's own start-up measured alone in the same run
        overheads, child_times, totals = [], [], []
        for _ in range(0 if args.proxy_only else runs):
            port = free_port()
            config["dev"]["port"] = port
            (root / "minis.config.json").write_text(json.dumps(config))
            start = time.perf_counter()
            alone = subprocess.Popen(
                ["npm", "run", "dev"],
                cwd=root,
                env={
                    **env,
                    "PORT": str(port),
                    "HOST": "127.0.0.1",
                    "TIKTOK_API_BASE": "http://127.0.0.1:9",
                    "TIKTOK_CLIENT_KEY": "k",
                    "TIKTOK_CLIENT_SECRET": "s",
                },
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            while not port_open(port):
                time.sleep(0.002)
            child = time.perf_counter() - start
            stop(alone)
            start = time.perf_counter()
            dev = subprocess.Popen(
                [*MINIS_PY, "dev", "--no-watch"], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True
            )
            total = read_line(dev, "Preview:")[0] - start
            stop(dev)
            child_times.append(child)
            totals.append(total)
            overheads.append(total - child)
        if not args.proxy_only:
            print(
                f"minis-py dev to the Preview line        {statistics.median(totals) * 1000:6.0f} ms  (the dev script alone: "
                f"{statistics.median(child_times) * 1000:.0f} ms)"
            )
            print(f"  minus the dev script's start-up       {statistics.median(overheads) * 1000:6.0f} ms  (target <= 700 ms)")

        # 2. watch: a file write to the printed result; 3. the proxy against the dev server directly
        port = free_port()
        config["dev"]["port"] = port
        (root / "minis.config.json").write_text(json.dumps(config))
        dev = subprocess.Popen([*MINIS_PY, "dev"], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        try:
            preview = read_line(dev, "Preview:")[1].split()[1].rstrip("/")
            read_line(dev, "watching for changes")
            time.sleep(0.5)  # the watcher's inotify set-up
            index = root / "index.html"
            good = index.read_text()
            rechecks = []
            for turn in range(0 if args.proxy_only else runs * 2):
                written = time.perf_counter()
                index.write_text(good.replace("awbenchdev001", "awbroken0001") if turn % 2 == 0 else good)
                rechecks.append(read_line(dev, " ms)", 10)[0] - written)  # the summary line ends each re-check
                time.sleep(0.3)
            if not args.proxy_only:
                print(f"watch re-check, write to printed result {statistics.median(rechecks) * 1000:6.0f} ms  (target <= 200 ms)")
            direct = f"http://127.0.0.1:{port}"
            proxy_lines(direct, preview, runs, args.seconds)
        finally:
            stop(dev)
    # What the simulator adds to the Mini's first paint (issue 13), in Debian's Chromium when it is there.
    if Path("/usr/bin/chromium").exists() and not args.proxy_only:
        import simulator_bench

        simulator_bench.main()


ASSETS = (("small asset (style.css, 552 B)", "/src/style.css"), ("1 MB asset", "/src/big.bin"))


def proxy_lines(direct: str, preview: str, runs: int, seconds: int) -> None:
    """The preview proxy against the dev server: throughput at 8 connections, then one request at a time.
    With a C compiler, bench/relay_floor.c (a bare C relay) runs in the same rounds: the floor of any
    proxy that copies the bytes, so the gap between it and the preview is the preview's own cost."""
    wrk = shutil.which("wrk")
    with tempfile.TemporaryDirectory(prefix="minis-relay-floor-") as temp:
        floors = _start_floors(direct, Path(temp))
        bases = [direct, preview] + [url for url, _ in floors]
        try:
            for base in bases:  # warm each (the dev server's file cache, the proxy's first connection)
                for _, path in ASSETS:
                    _lean_requests(base + path, 3)
            if wrk is None:
                print("(no wrk on PATH: no throughput line; one request at a time with http.client)")
            else:
                for label, path in ASSETS:
                    rounds = _alternate(lambda base: _wrk(wrk, base + path, 8, seconds), bases, runs)  # noqa: B023
                    _print("throughput", f"{label}, wrk -c8", rounds, lambda rate: f"{rate:.0f}/s", lambda d, p: p / d, "(target >= 0.85)")
            for label, path in ASSETS:
                if wrk is not None:
                    rounds = _alternate(lambda base: 1 / _wrk(wrk, base + path, 1, seconds), bases, runs)  # noqa: B023
                else:
                    count = 50 if "big" in path else 1000
                    rounds = _alternate(lambda base: _lean_requests(base + path, count) / count, bases, runs)  # noqa: B023
                _print("one request at a time", label, rounds, lambda took: f"{took * 1000:.3f} ms", lambda d, p: p / d, "(target <= 1.2)")
        finally:
            for _, process in floors:
                process.kill()
                process.wait()


def _print(what: str, label: str, rounds: list[list[float]], shown, ratio, target: str) -> None:
    ratios = [ratio(row[0], row[1]) for row in rounds]
    line = (
        f"{what}, {label}: direct {shown(statistics.median(row[0] for row in rounds))}, "
        f"through the preview {shown(statistics.median(row[1] for row in rounds))}   ratio {statistics.median(ratios):.2f}  {target}"
    )
    if len(rounds[0]) > 2:
        line += f"; a bare C relay: {statistics.median(ratio(row[0], row[2]) for row in rounds):.2f}"
    if len(rounds[0]) > 3:
        line += f", with splice(): {statistics.median(ratio(row[0], row[3]) for row in rounds):.2f}"
    print(line)


def _start_floors(direct: str, temp: Path) -> list[tuple[str, subprocess.Popen]]:
    """bench/relay_floor.c built and started twice, copying (read/write) and zero-copy (splice), when a C
    compiler is there: [(its URL, its process)], else []."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return []
    binary = temp / "relay_floor"
    built = subprocess.run([compiler, "-O2", "-pthread", "-o", str(binary), str(REPO / "bench" / "relay_floor.c")], capture_output=True)
    if built.returncode != 0:
        return []
    floors = []
    for mode in ([], ["splice"]):
        port = free_port()
        process = subprocess.Popen([str(binary), str(urlsplit(direct).port), str(port), *mode], stdout=subprocess.PIPE, text=True)
        process.stdout.readline()  # type: ignore[union-attr]  # "ready"
        floors.append((f"http://127.0.0.1:{port}", process))
    return floors


def _alternate(measure, bases: list[str], runs: int) -> list[list[float]]:
    """One row per round, in the order of `bases` (direct first); the order they run in rotates each round,
    so neighbouring runs are compared and none always goes first."""
    rows = []
    for turn in range(runs):
        row = [0.0] * len(bases)
        for step in range(len(bases)):
            index = (turn + step) % len(bases)
            row[index] = measure(bases[index])
        rows.append(row)
    return rows


def _wrk(wrk: str, url: str, connections: int, seconds: int) -> float:
    """Requests per second: one wrk thread (the machine has two cores, and the dev server needs one)."""
    out = subprocess.run([wrk, "-t1", f"-c{connections}", f"-d{seconds}s", url], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", out)
    if found is None or errors is not None:
        raise SystemExit(f"wrk failed on {url}:\n{out}")
    return float(found.group(1))


def _lean_requests(url: str, count: int) -> float:
    """`count` GETs one at a time on one kept-alive connection (http.client: no pool, no URL objects)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    start = time.perf_counter()
    for _ in range(count):
        connection.request("GET", parts.path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url}: {response.status}")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


if __name__ == "__main__":
    main()
