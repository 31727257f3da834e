"""What the desktop host adds per frame to a native game (issue 14: <= 2 ms), and what it costs a real engine
build (issue 29 item 7: frames per second >= 0.95x, time to first frame <= 1.2x the same game in a plain page).

The same canvas program (a frame of 600 filled rectangles, 200 drawImage of an off-screen sprite, 20 texts) runs
as a plain page on the main thread and as a native game's game.js in the host (a Worker on an OffscreenCanvas,
tt.createCanvas, the host's drawImage unwrapping), in Debian's Chromium, alternately, RUNS times each. Each run
draws FRAMES frames with requestAnimationFrame and records, in the browser, each frame's drawing time and the
interval between frames. Figures: medians over the runs of each run's median, and the differences.

The engine part: a three.js scene (the npm build of tests/fixtures/engines/three, 600 lit cubes turning) as a
native game behind our weapp-style adapter in the host, the same scene module in a plain page on a <canvas>, and,
for reference, in a bare module Worker on a transferred OffscreenCanvas (no host); same Chromium, same 390x844 CSS
px at the simulated phone's pixel ratio (a 1170x2532 canvas, checked), every load cold, alternated, ENGINE_RUNS
times each after a warm-up. Frames per second: frames drawn in the ENGINE_WINDOW seconds after the first; time to
first frame: from the page's navigation start to the end of the first animation frame that rendered the scene (the
worker's clock read as the page's, both epoch-based). The figures are medians; each run's are printed too.

The engine part runs twice, in one Chromium build with two ways of compositing (COMPOSITING): as Playwright starts
it headless, compositing in software, so a worker's OffscreenCanvas frame is read back from the GPU process on the
worker each frame before it is shown (a plain page's canvas is not); and with GPU compositing on SwiftShader
(--ignore-gpu-blocklist --use-angle=swiftshader), as a desktop Chrome with a GPU composites, where the frame stays
in the GPU process. Each mode runs all three sides, alternated; the mode in effect is checked (the renderers'
--disable-gpu-compositing switch).

    .venv/bin/python bench/game_host_bench.py                 # both parts
    .venv/bin/python bench/game_host_bench.py engine          # the three.js part only, both modes
    .venv/bin/python bench/game_host_bench.py engine software # one mode (software or gpu)
    .venv/bin/python bench/game_host_bench.py engine gpu --ref /tmp/base --runs 12

--ref TREE (another checkout of minis-py, e.g. `git worktree add /tmp/base HEAD~1`): A/B of the host itself. The
engine part then runs the plain page, the host from TREE and the host from this tree, alternated (the two hosts in
turn first), each host behind its own mock in a process of its own (the same for both, so neither competes with the
browser's driver in this process); it prints both hosts against the plain page and this tree's host against TREE's
run by run. --runs N: runs of each side (default ENGINE_RUNS).
"""

from __future__ import annotations

import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

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
    args, ref, runs = list(sys.argv[1:]), None, None
    for flag in ("--ref", "--runs"):
        if flag in args:
            at = args.index(flag)
            if at + 1 >= len(args):
                raise SystemExit(f"{flag} needs a value")
            value = args[at + 1]
            del args[at : at + 2]
            if flag == "--ref":
                ref = Path(value).resolve()
                if not (ref / "minis_cli" / "mock" / "gamehost").is_dir():
                    raise SystemExit(f"--ref {value}: not a minis-py checkout")
            else:
                runs = int(value)
    part = args[0] if args else "all"
    if part in ("all", "canvas"):
        canvas_bench()
    if part in ("all", "engine"):
        modes = args[1:] or list(COMPOSITING)
        for mode in modes:
            if mode not in COMPOSITING:
                raise SystemExit(f"no compositing mode {mode!r}: {', '.join(COMPOSITING)}")
        for mode in modes:
            engine_bench(mode, ref=ref, runs=runs or ENGINE_RUNS)


def canvas_bench() -> None:
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


ENGINE_RUNS = 7
# Chromium's switches for each way of compositing; the same for every side of a run.
COMPOSITING = {"software": [], "gpu": ["--ignore-gpu-blocklist", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]}
ENGINE_WINDOW = 5.0
# One scene module for all: the host's game.js, the plain page and the bare worker import it (ES module syntax, as
# engine templates write it).
ENGINE_SCENE = """
export function runScene(THREE, canvas, width, height, pixelRatio, done) {
  const renderer = new THREE.WebGLRenderer({ canvas: canvas, antialias: false });
  renderer.setPixelRatio(pixelRatio);
  renderer.setSize(width, height, false);
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x10182a);
  scene.add(new THREE.AmbientLight(0xffffff, 0.4));
  const light = new THREE.DirectionalLight(0xffffff, 1.2);
  light.position.set(3, 5, 4);
  scene.add(light);
  const camera = new THREE.PerspectiveCamera(60, width / height, 0.1, 100);
  camera.position.z = 14;
  const geometry = new THREE.BoxGeometry(0.6, 0.6, 0.6);
  const cubes = [];
  for (let i = 0; i < 600; i++) {
    const cube = new THREE.Mesh(geometry, new THREE.MeshLambertMaterial({ color: new THREE.Color().setHSL((i % 60) / 60, 0.7, 0.55) }));
    cube.position.set(((i % 12) - 5.5) * 0.9, (Math.floor(i / 12) % 25 - 12) * 0.9, -Math.floor(i / 300) * 3);
    scene.add(cube);
    cubes.push(cube);
  }
  let first = 0, frames = 0;
  renderer.setAnimationLoop((time) => {
    for (let i = 0; i < cubes.length; i++) { cubes[i].rotation.x = time / 900 + i; cubes[i].rotation.y = time / 700; }
    renderer.render(scene, camera);
    const now = performance.timeOrigin + performance.now();
    if (!first) first = now;
    else if (now - first <= WINDOW * 1000) frames += 1;
    else {
      renderer.setAnimationLoop(null);
      done({ firstFrame: first, frames: frames, seconds: (now - first) / 1000, width: canvas.width, height: canvas.height });
    }
  });
}
""".replace("WINDOW", str(ENGINE_WINDOW))
# The reference: the same scene in a module Worker drawing on an OffscreenCanvas transferred from a plain page, with
# no host at all. What a worker and OffscreenCanvas cost in this Chromium, which the host cannot do better than.
BARE_WORKER_PAGE = """<!doctype html><meta name="viewport" content="width=device-width">
<style>html,body{margin:0;background:#000}canvas{display:block;width:100vw;height:100vh}</style>
<canvas id="c"></canvas><script>
const canvas = document.getElementById('c').transferControlToOffscreen();
const worker = new Worker('./worker.js', { type: 'module' });
worker.onmessage = (e) => { window.__result = e.data; };
worker.postMessage({ canvas: canvas, width: innerWidth, height: innerHeight, ratio: devicePixelRatio }, [canvas]);
</script>"""
BARE_WORKER = """import * as THREE from './libs/three.module.js';
import { runScene } from './scene.js';
onmessage = (e) => { const m = e.data; runScene(THREE, m.canvas, m.width, m.height, m.ratio, (r) => postMessage(r)); };"""


def _gpu_compositing() -> bool | None:
    """Whether this process's Chromium renderers composite on the GPU (None: no renderer found; Linux /proc)."""
    import os

    parents: dict[int, int] = {}
    lines: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            lines[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])

    def mine(pid: int) -> bool:
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parents.get(pid, 0)
        return False

    renderers = [line for pid, line in lines.items() if "--type=renderer" in line and mine(pid)]
    return None if not renderers else not any("--disable-gpu-compositing" in line for line in renderers)


# A mock of the given checkout in a process of its own, hosting the game in game_dir (engine_bench with --ref).
MOCK_PROCESS = """import sys
sys.path.insert(0, sys.argv[1])
from minis_cli.mock import MockTikTok
with MockTikTok() as mock:
    mock.host_game(sys.argv[2], title="engine bench")
    print(mock.url, flush=True)
    sys.stdin.read()
"""


def _mock_process(tree: Path, game_dir: Path) -> tuple[Any, str]:
    import subprocess

    command = [sys.executable, "-c", MOCK_PROCESS, str(tree), str(game_dir)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tree)
    assert process.stdout
    url = process.stdout.readline().strip()
    if not url.startswith("http"):
        process.kill()
        raise SystemExit(f"the mock of {tree} did not start")
    return process, url


def engine_bench(mode: str = "software", ref: Path | None = None, runs: int = ENGINE_RUNS) -> None:
    import importlib.util
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    spec = importlib.util.spec_from_file_location("engine_fixtures", Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "engines" / "assemble.py")
    assert spec and spec.loader
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    with MockTikTok() as mock, tempfile.TemporaryDirectory() as root:
        game_dir = fixtures.assemble("three", Path(root, "game"))
        (game_dir / "scene.js").write_text(ENGINE_SCENE)
        (game_dir / "game.js").write_text(
            "import './weapp-adapter';\nimport * as THREE from './libs/three.module.js';\nimport { runScene } from './scene';\n"
            "runScene(THREE, window.canvas, window.innerWidth, window.innerHeight, window.devicePixelRatio, (r) => { GameGlobal.__result = r; });\n"
        )
        page_dir = Path(root, "page")
        (page_dir / "libs").mkdir(parents=True)
        for name in ("three.module.js", "three.core.js"):
            shutil.copyfile(game_dir / "libs" / name, page_dir / "libs" / name)
        (page_dir / "scene.js").write_text(ENGINE_SCENE)
        (page_dir / "index.html").write_text(
            '<!doctype html><meta name="viewport" content="width=device-width">'
            "<style>html,body{margin:0;background:#000}canvas{display:block;width:100vw;height:100vh}</style>"
            '<canvas id="c"></canvas><script type="module">import * as THREE from "./libs/three.module.js"; import { runScene } from "./scene.js";\n'
            "runScene(THREE, document.getElementById('c'), innerWidth, innerHeight, devicePixelRatio, (r) => { window.__result = r; });</script>"
        )
        (page_dir / "worker.html").write_text(BARE_WORKER_PAGE)
        (page_dir / "worker.js").write_text(BARE_WORKER)
        mock.host_game(game_dir, title="engine bench")
        hosts = {"host": mock.url}
        processes = []
        if ref is not None:  # each host behind a mock process of its own tree, each with its own copy of the game
            for kind, tree in (("ref", ref), ("host", Path(__file__).resolve().parents[1])):
                copy = shutil.copytree(game_dir, Path(root, "game-" + kind))
                process, hosts[kind] = _mock_process(tree, copy)
                processes.append(process)
        quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: quiet(*a, directory=str(page_dir)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        plain_url = f"http://127.0.0.1:{server.server_address[1]}/"
        kinds: tuple[str, ...] = ("plain", "ref", "host") if ref is not None else ("plain", "host", "worker")
        results: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
        sizes: dict[str, tuple[int, int]] = {}
        load_before = os.getloadavg()[0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", *COMPOSITING[mode]])
            # The same backing store on all sides: the host's game sizes its canvas from tt's pixelRatio (the simulated
            # phone's, 3 for the default iPhone), so the plain pages run at that device scale too (else they draw a
            # ninth of the pixels).
            from minis_cli.mock import simulator

            ratio = simulator.device()["pixelRatio"]
            context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=ratio)

            def cold(page) -> None:
                # Every side loads cold, as on a first visit: no HTTP cache, so no V8 code cache either. Through
                # DevTools, not by routing each request through Playwright, which added a round trip to the test
                # process to every request (most to the side that makes the most requests).
                session = context.new_cdp_session(page)
                session.send("Network.enable")
                session.send("Network.setCacheDisabled", {"cacheDisabled": True})

            def plain(kind: str) -> tuple[float, float]:
                page = context.new_page()
                cold(page)
                page.goto(plain_url + ("worker.html" if kind == "worker" else ""))
                page.wait_for_function("window.__result", timeout=60_000, polling=100)
                r, origin = page.evaluate("window.__result"), page.evaluate("performance.timeOrigin")
                page.close()
                sizes[kind] = (r["width"], r["height"])
                return r["frames"] / ENGINE_WINDOW, r["firstFrame"] - origin

            def host(kind: str) -> tuple[float, float]:
                page = context.new_page()
                cold(page)
                page.goto(f"{hosts[kind]}/_mock/game/host")
                page.wait_for_selector("body[data-game=running]", timeout=60_000)
                worker = page.workers[0]
                worker.evaluate("new Promise(r => { const t = setInterval(() => { if (GameGlobal.__result) { clearInterval(t); r(); } }, 100); })")
                r, origin = worker.evaluate("GameGlobal.__result"), page.evaluate("performance.timeOrigin")
                reports = page.evaluate("window.__minisHost.reports()")
                page.close()
                if reports:
                    raise SystemExit(f"the host reported {reports}")
                sizes[kind] = (r["width"], r["height"])
                return r["frames"] / ENGINE_WINDOW, r["firstFrame"] - origin

            def run(kind: str) -> tuple[float, float]:
                return host(kind) if kind in hosts else plain(kind)

            for kind in kinds:  # warm the server, the mock's compile cache and the browser
                run(kind)
            on_gpu = _gpu_compositing()
            if on_gpu is not None and on_gpu != (mode == "gpu"):
                raise SystemExit(f"asked for {mode} compositing, the renderers composite {'on the GPU' if on_gpu else 'in software'}")
            print(f"{mode} compositing:", flush=True)
            for n in range(runs):
                figures = []
                # with --ref the two hosts take turns to go first after the plain page
                for kind in kinds if ref is None or n % 2 == 0 else ("plain", "host", "ref"):
                    results[kind].append(run(kind))
                    figures.append(f"{kind} {results[kind][-1][0]:4.1f} fps {results[kind][-1][1]:4.0f} ms")
                print(f"  run {n + 1}: " + "   ".join(figures), flush=True)
            browser.close()
        server.shutdown()
        for process in processes:
            process.communicate("")
    if len(set(sizes.values())) != 1:
        raise SystemExit(f"not the same canvas: {sizes}")
    # Each run's host/plain, its plain run just before it: a machine shared with other work slows both alike, so
    # the median of these pairs moves less with the load than the ratio of the medians does.
    paired_fps = statistics.median(h[0] / p[0] for p, h in zip(results["plain"], results["host"], strict=True))
    paired_first = statistics.median(h[1] / p[1] for p, h in zip(results["plain"], results["host"], strict=True))
    fps = {kind: statistics.median(f for f, _ in results[kind]) for kind in kinds}
    first = {kind: statistics.median(t for _, t in results[kind]) for kind in kinds}
    revision = fixtures.spec("three")["npm"]["version"].split(".")[1]
    width, height = sizes["host"]
    print(f"engine benchmark (three.js r{revision}, 600 lit cubes, 390x844 CSS px, a {width}x{height} canvas on every side), {mode} compositing")
    print(f"{runs} runs each, alternating, cold loads; medians; load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    faster, slower = fps["host"] / fps["plain"], first["host"] / first["plain"]
    print(f"frames per second:    plain page {fps['plain']:5.1f}   host {fps['host']:5.1f}   host/plain {faster:.2f}x (target >= 0.95)")
    print(f"time to first frame:  plain page {first['plain']:5.0f} ms   host {first['host']:5.0f} ms   host/plain {slower:.2f}x (target <= 1.2)")
    print(f"host/plain run by run (each host run against the plain run before it) {paired_fps:.2f}x frames per second, {paired_first:.2f}x time to first frame")
    if ref is not None:
        paired = [(h[0] / r[0], h[1] / r[1]) for r, h in zip(results["ref"], results["host"], strict=True)]
        ref_plain = [(r[0] / p[0], r[1] / p[1]) for p, r in zip(results["plain"], results["ref"], strict=True)]
        print(
            f"host of {ref} (ref): {fps['ref']:.1f} fps ({fps['ref'] / fps['plain']:.2f}x the plain page), first frame {first['ref']:.0f} ms "
            f"({first['ref'] / first['plain']:.2f}x); run by run {statistics.median(f for f, _ in ref_plain):.2f}x, "
            f"{statistics.median(t for _, t in ref_plain):.2f}x"
        )
        print(
            f"this host against ref, run by run: frames per second {statistics.median(f for f, _ in paired):.2f}x, "
            f"time to first frame {statistics.median(t for _, t in paired):.2f}x ({', '.join(f'{t:.2f}' for _, t in paired)})"
        )
        return
    print(
        f"reference, a bare worker on an OffscreenCanvas (no host): {fps['worker']:.1f} fps ({fps['worker'] / fps['plain']:.2f}x), "
        f"first frame {first['worker']:.0f} ms ({first['worker'] / first['plain']:.2f}x)"
    )


if __name__ == "__main__":
    main()
