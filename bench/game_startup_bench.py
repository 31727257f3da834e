"""How long the desktop host takes to start a native game (issue 29, item 1: the module system must not make a plain
game start slower).

Two generated packages (written here, no third-party code): a plain CommonJS game (game.js requiring 40 library
files, 1.6 MB of code, as an engine export's libs/ does) and the same code as ES modules (import/export, compiled to
CommonJS by the mock on the way to the worker). Each run opens the host page in Debian's Chromium and measures, in
the page, the time from navigation to the game's `started` (game.js and everything it requires has run). The first
ES-module run is a cold compile; the others use the mock's (path, mtime, size) cache, as a watch-mode reload does.
Figures: median over RUNS of each kind, alternating.

    .venv/bin/python bench/game_startup_bench.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from minis_cli.mock import MockTikTok

LIBS = 40
FUNCTIONS = 220  # per library: ~40 KB each


def library(index: int, esm: bool) -> str:
    body = []
    for f in range(FUNCTIONS):
        body.append(
            f"function f{f}(a, b) {{\n  var total = 0;\n  for (var i = 0; i < a; i++) {{ total += (i * {f + 1}) % (b || 7); }}\n"
            f"  return {{ name: 'lib{index}.f{f}', total: total, list: [1, 2, 3, {f}] }};\n}}\n"
        )
    names = ", ".join(f"f{f}" for f in range(FUNCTIONS))
    if esm:
        head = f"import {{ f0 as previous }} from './lib{index - 1}';\n" if index else ""
        return head + "".join(body) + f"export {{ {names} }};\nexport default {{ id: {index} }};\n"
    head = f"var previous = require('./lib{index - 1}').f0;\n" if index else ""
    return head + "".join(body) + f"module.exports = {{ {names}, id: {index} }};\n"


GAME_TAIL = """
var canvas = tt.createCanvas(), ctx = canvas.getContext('2d');
ctx.fillStyle = '#204080'; ctx.fillRect(0, 0, canvas.width, canvas.height);
GameGlobal.checksum = total;
"""


def write_game(root: Path, esm: bool) -> None:
    (root / "libs").mkdir(parents=True)
    (root / "game.json").write_text("{}\n")
    (root / "project.config.json").write_text('{ "appid": "awbench" }\n')
    for i in range(LIBS):
        (root / "libs" / f"lib{i}.js").write_text(library(i, esm))
    if esm:
        imports = "".join(f"import lib{i}, {{ f1 as g{i} }} from './libs/lib{i}';\n" for i in range(LIBS))
        sums = " + ".join(f"lib{i}.id + g{i}(3, 5).total" for i in range(LIBS))
    else:
        imports = "".join(f"var lib{i} = require('./libs/lib{i}');\n" for i in range(LIBS))
        sums = " + ".join(f"lib{i}.id + lib{i}.f1(3, 5).total" for i in range(LIBS))
    (root / "game.js").write_text(imports + f"var total = {sums};\n" + GAME_TAIL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each kind (default 9)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        plain_dir, esm_dir = Path(tmp, "plain"), Path(tmp, "esm")
        write_game(plain_dir, esm=False)
        write_game(esm_dir, esm=True)
        size = sum(p.stat().st_size for p in (plain_dir / "libs").iterdir())
        with MockTikTok() as plain_mock, MockTikTok() as esm_mock, sync_playwright() as p:
            plain_mock.host_game(plain_dir, title="plain")
            esm_mock.host_game(esm_dir, title="esm")
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 390, "height": 844})

            def start(url: str) -> float:
                t0 = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("body[data-game=running]", timeout=120_000)
                took = time.perf_counter() - t0
                assert page.workers[0].evaluate("GameGlobal.checksum") > 0
                return took * 1000

            start(f"{plain_mock.url}/_mock/game/host")  # warm the browser
            cold = start(f"{esm_mock.url}/_mock/game/host")
            plain, esm = [], []
            for _ in range(args.runs):
                plain.append(start(f"{plain_mock.url}/_mock/game/host"))
                esm.append(start(f"{esm_mock.url}/_mock/game/host"))
            browser.close()
    print(f"game host start-up: {args.runs} runs each, alternating; {LIBS} library files, {size / 1e6:.1f} MB; Debian's Chromium")
    print(f"plain CommonJS game:       median {statistics.median(plain):7.1f} ms  (min {min(plain):.1f})")
    print(f"ES-module game, cached:    median {statistics.median(esm):7.1f} ms  (min {min(esm):.1f})")
    print(f"ES-module game, first run: {cold:7.1f} ms (compiles every file)")


if __name__ == "__main__":
    main()
