"""What the simulator adds to a Mini's first paint (issue 13: <= 50 ms).

A small Mini (the mock SDK, a heading) is served on 127.0.0.1; Chromium (Debian's) opens it bare and inside
the simulator, alternately, and times, in the browser, the top page's navigation start -> the Mini's heading
painted (a requestAnimationFrame after it exists, in the Mini's own frame; both frames' performance.timeOrigin
put the two clocks on one line), so Playwright's round trips are not in the figure. Figures: medians of 15 runs
each, and the median of the paired differences.

    .venv/bin/python bench/simulator_bench.py
"""

from __future__ import annotations

import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from minis_cli.mock import MockTikTok

RUNS = 15
PAINTED = "() => window.__painted"


def main() -> None:
    from playwright.sync_api import sync_playwright

    with MockTikTok() as mock, tempfile.TemporaryDirectory() as root:
        Path(root, "index.html").write_text(
            f'<!doctype html><meta name="viewport" content="width=device-width"><script src="{mock.url}/drama/sdk.js"></script>'
            f'<script>TTMinis.init({{clientKey: "{mock.client_key}"}})</script><h1>Hello from the Mini</h1>'
            "<script>requestAnimationFrame(() => { window.__painted = performance.timeOrigin + performance.now(); })</script>"
        )
        handler_class = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler_class(*a, directory=root))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        page_url = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1440, "height": 1000})

            def bare() -> float:
                page.goto(page_url)
                page.wait_for_function(PAINTED)
                return page.evaluate("window.__painted - performance.timeOrigin")

            def simulated() -> float:
                page.goto(f"{mock.url}/_mock/simulator?target={page_url}")
                frame = page.frame_locator("#mini")
                frame.locator("h1").wait_for()
                mini = page.frame(url=page_url)
                mini.wait_for_function(PAINTED)
                return mini.evaluate("window.__painted") - page.evaluate("performance.timeOrigin")

            bare(), simulated()  # warm both paths
            pairs = [(bare(), simulated()) for _ in range(RUNS)]
            browser.close()
        server.shutdown()
    b = statistics.median(x for x, _ in pairs)
    s = statistics.median(y for _, y in pairs)
    added = statistics.median(y - x for x, y in pairs)
    print(f"first paint of the Mini: bare {b:.1f} ms, in the simulator {s:.1f} ms   added {added:.1f} ms (target <= 50)")


if __name__ == "__main__":
    main()
