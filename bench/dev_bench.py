"""Dev benchmark: `minis-py dev` to the Preview line (minus the dev script's own start-up), the watch
re-check, and the preview proxy's overhead against the dev server directly, all in one run on 127.0.0.1.

    .venv/bin/python bench/dev_bench.py [--runs N]

Needs Node and npm (the project is a fresh `minis-py init` drama project).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

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
    runs = max(5, parser.parse_args().runs)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "minis_cli")], check=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory(prefix="minis-dev-bench-") as temp:
        root = Path(temp) / "mini"
        subprocess.run([*MINIS_PY, "init", str(root), "--client-key", "awbenchdev001"], check=True, capture_output=True)
        config = json.loads((root / "minis.config.json").read_text())
        (root / "src" / "big.bin").write_bytes(os.urandom(1 << 20))

        # 1. to the Preview line, minus the dev script's own start-up measured alone in the same run
        overheads, child_times, totals = [], [], []
        for _ in range(runs):
            port = free_port()
            config["dev"]["port"] = port
            (root / "minis.config.json").write_text(json.dumps(config))
            start = time.perf_counter()
            alone = subprocess.Popen(["npm", "run", "dev"], cwd=root, env={**env, "PORT": str(port), "HOST": "127.0.0.1", "TIKTOK_API_BASE": "http://127.0.0.1:9", "TIKTOK_CLIENT_KEY": "k", "TIKTOK_CLIENT_SECRET": "s"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            while not port_open(port):
                time.sleep(0.002)
            child = time.perf_counter() - start
            stop(alone)
            start = time.perf_counter()
            dev = subprocess.Popen([*MINIS_PY, "dev", "--no-watch"], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
            total = read_line(dev, "Preview:")[0] - start
            stop(dev)
            child_times.append(child)
            totals.append(total)
            overheads.append(total - child)
        print(f"minis-py dev to the Preview line        {statistics.median(totals) * 1000:6.0f} ms  (the dev script alone: {statistics.median(child_times) * 1000:.0f} ms)")
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
            for turn in range(runs * 2):
                written = time.perf_counter()
                index.write_text(good.replace("awbenchdev001", "awbroken0001") if turn % 2 == 0 else good)
                rechecks.append(read_line(dev, " ms)", 10)[0] - written)  # the summary line ends each re-check
                time.sleep(0.3)
            print(f"watch re-check, write to printed result {statistics.median(rechecks) * 1000:6.0f} ms  (target <= 200 ms)")
            direct = f"http://127.0.0.1:{port}"
            with httpx.Client() as client:
                for base in (direct, preview):
                    client.get(base + "/src/big.bin")
                # Direct and proxied runs alternate, and each ratio compares neighbours: the machine's drift
                # during the run cancels out; the figure is the median of those ratios.
                big = [(_timed(lambda: client.get(direct + "/src/big.bin")), _timed(lambda: client.get(preview + "/src/big.bin"))) for _ in range(20)]
                small = [
                    (_timed(lambda: [client.get(direct + "/src/style.css") for _ in range(1000)]), _timed(lambda: [client.get(preview + "/src/style.css") for _ in range(1000)]))
                    for _ in range(runs)
                ]
            for label, pairs, unit in (("1 MB asset", big, 1000), ("1,000 small requests", small, 1000)):
                ratio = statistics.median(p / d for d, p in pairs)
                shown_direct = statistics.median(d for d, _ in pairs) * unit
                shown_proxy = statistics.median(p for _, p in pairs) * unit
                print(f"{label}: direct {shown_direct:.1f} ms, through the preview {shown_proxy:.1f} ms   ratio {ratio:.2f}  (target <= 1.5)")
        finally:
            stop(dev)
    # What the simulator adds to the Mini's first paint (issue 13), in Debian's Chromium when it is there.
    if Path("/usr/bin/chromium").exists():
        import simulator_bench

        simulator_bench.main()


def _timed(action) -> float:  # noqa: ANN001
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
