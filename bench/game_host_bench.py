"""What the desktop host adds per frame to a native game (issue 14: <= 2 ms).

The same canvas program (a frame of 600 filled rectangles, 200 drawImage of an off-screen sprite, 20 texts) runs
as a plain page on the main thread and as a native game's game.js in the host (a Worker on an OffscreenCanvas,
tt.createCanvas, the host's drawImage unwrapping), in Debian's Chromium, alternately, RUNS times each. Each run
draws FRAMES frames with requestAnimationFrame and records, in the browser, each frame's drawing time and the
interval between frames. Figures: medians over the runs of each run's median, and the differences.

    .venv/bin/python bench/game_host_bench.py
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

RUNS = 7
FRAMES = 240
WORKLOAD = """
function workload(screen, sprite, done) {
  var ctx = screen.getContext('2d'), s = sprite.getContext('2d');
  sprite.width = 32; sprite.height = 32;
  s.fillStyle = '#ffcc00'; s.fillRect(0, 0, 32, 32); s.fillStyle = '#333'; s.fillRect(8, 8, 16, 16);
  var works = [], intervals = [], last = 0, n = 0;
  function frame(time) {
    if (last) intervals.push(time - last);
    last = time;
    var t0 = performance.now();
    ctx.fillStyle = '#101826'; ctx.fillRect(0, 0, screen.width, screen.height);
    for (var i = 0; i < 600; i++) { ctx.fillStyle = 'hsl(' + ((i * 7 + n) % 360) + ',70%,50%)'; ctx.fillRect((i * 37 + n) % 360, (i * 53) % 800, 12, 12); }
    for (var j = 0; j < 200; j++) ctx.drawImage(sprite, (j * 41 + n * 2) % 360, (j * 29) % 800);
    ctx.fillStyle = '#fff'; ctx.font = '16px sans-serif';
    for (var k = 0; k < 20; k++) ctx.fillText('Score ' + (n + k), 10, 20 + k * 30);
    works.push(performance.now() - t0);
    n++;
    if (n < FRAMES) requestAnimationFrame(frame); else done({ works: works, intervals: intervals });
  }
  requestAnimationFrame(frame);
}
""".replace("FRAMES", str(FRAMES))


def main() -> None:
    from playwright.sync_api import sync_playwright

    with MockTikTok() as mock, tempfile.TemporaryDirectory() as root:
        page_dir, game_dir = Path(root, "page"), Path(root, "game")
        page_dir.mkdir()
        game_dir.mkdir()
        (page_dir / "index.html").write_text(
            '<!doctype html><meta name="viewport" content="width=device-width"><style>html,body{margin:0}canvas{display:block;width:100vw;height:100vh}</style>'
            f'<canvas id="c" width="390" height="844"></canvas><script>{WORKLOAD}\n'
            "workload(document.getElementById('c'), document.createElement('canvas'), function (r) { window.__result = r; });</script>"
        )
        (game_dir / "game.json").write_text("{}\n")
        (game_dir / "project.config.json").write_text('{ "appid": "awbench" }\n')
        (game_dir / "game.js").write_text(WORKLOAD + "\nworkload(tt.createCanvas(), tt.createCanvas(), function (r) { GameGlobal.__result = r; });\n")
        mock.host_game(game_dir, title="bench")
        quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: quiet(*a, directory=str(page_dir)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        plain_url = f"http://127.0.0.1:{server.server_address[1]}/"
        results: dict[str, list[tuple[float, float]]] = {"plain": [], "host": []}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 390, "height": 844})

            def plain() -> tuple[float, float]:
                page.goto(plain_url)
                page.wait_for_function("window.__result", timeout=60_000)
                r = page.evaluate("window.__result")
                return statistics.median(r["works"]), statistics.median(r["intervals"])

            def host() -> tuple[float, float]:
                page.goto(f"{mock.url}/_mock/game/host")
                page.wait_for_selector("body[data-game=running]")
                worker = page.workers[0]
                worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.__result) { clearInterval(t); r(); } }, 50); })")
                r = worker.evaluate("GameGlobal.__result")
                return statistics.median(r["works"]), statistics.median(r["intervals"])

            plain(), host()  # warm both
            for _ in range(RUNS):
                results["plain"].append(plain())
                results["host"].append(host())
            browser.close()
        server.shutdown()
    pw = statistics.median(w for w, _ in results["plain"])
    hw = statistics.median(w for w, _ in results["host"])
    pi = statistics.median(i for _, i in results["plain"])
    hi = statistics.median(i for _, i in results["host"])
    print(f"game host benchmark: {RUNS} runs x {FRAMES} frames each, alternating; Debian's Chromium, 2 cores")
    print(f"drawing per frame:    plain page {pw:5.2f} ms   host {hw:5.2f} ms   added {hw - pw:+.2f} ms (target <= 2)")
    print(f"interval per frame:   plain page {pi:5.2f} ms   host {hi:5.2f} ms   added {hi - pi:+.2f} ms (target <= 2)")


if __name__ == "__main__":
    main()
