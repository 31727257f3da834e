"""The game template end to end (issue 14): `minis-py init --template game` -> `minis-py dev` -> the game in the
simulator's phone, run by the desktop host: it draws, a touch scores, the silent login reaches the backend's token
exchange, a rewarded ad grants only when watched to the end, and the purchase grants only on the webhook."""

from __future__ import annotations

import json
import shutil
import time

import httpx
import pytest

from .conftest import screenshot
from .test_simulator import open_simulator, start_dev, stop_dev

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(shutil.which("npm") is None, reason="Node.js and npm are not installed")]
STATE = "__minisHost.modules['game.js'].exports.game.state"


@pytest.fixture
def game(tmp_path):
    process, urls = start_dev(tmp_path, "game")
    urls["template"] = "game"
    yield urls
    stop_dev(process)


def wait(check, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def tap(page, x: float, y: float) -> None:
    """A touch on the game's screen at (x, y) in the game's own coordinates."""
    box = page.locator("#mini").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def round_over(worker) -> None:
    """End the round quickly: one life left, and the paddle kept away from the block."""
    worker.evaluate(
        f"(() => {{ const s = {STATE}; s.lives = 1; s.block.y = s.height - 2; s.paddle.x = s.block.x > s.width / 2 ? 0 : s.width - s.paddle.width; }})()"
    )
    worker.evaluate(f"new Promise(r => {{ const t = setInterval(() => {{ if ({STATE}.phase === 'over') {{ clearInterval(t); r(); }} }}, 20); }})")


def button(worker, name: str) -> dict:
    return worker.evaluate(f"__minisHost.modules['game.js'].exports.game.buttons().find(b => b.id === '{name}')")


def test_the_game_reaches_the_backend_on_dev_port_whatever_it_is(game, tmp_path) -> None:
    """Issue 28: src/config.js is as init wrote it (port 3000), dev.port is another, free, port: dev's host hands the
    game the backend's real origin (GameGlobal.__minisDev.backend, which src/config.js reads)."""
    port = json.loads((tmp_path / "mini" / "minis.config.json").read_text())["dev"]["port"]
    assert port != 3000 and "'http://127.0.0.1:3000'" in (tmp_path / "mini" / "src" / "config.js").read_text()
    host = httpx.get(game["preview"]).text
    assert f'"devBackend":"http://127.0.0.1:{port}"' in host
    assert httpx.get(f"http://127.0.0.1:{port}/api/me").status_code == 401  # the backend dev started, on that port


def test_the_template_plays_in_the_host(page, game) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    frame = open_simulator(page, game)
    worker = next(w for w in page.workers if "runtime.js" in w.url)
    wait(lambda: worker.evaluate(f"{STATE}.message") == "Signed in.", "the silent login")
    log = httpx.get(f"{game['mock']}/_mock/requests").json()["requests"]
    assert any(e["endpoint"] == "token" and e["status"] == 200 for e in log)  # the backend exchanged the code

    # it draws: the background and the paddle are on screen
    shot = page.locator("#mini").screenshot()
    assert len({shot[i : i + 64] for i in range(0, len(shot), 64)}) > 20  # not a blank image
    screenshot(page, "game-template-in-the-simulator")

    # a touch under the falling block moves the paddle there; the catch scores
    block = worker.evaluate(f"{STATE}.block")
    tap(page, block["x"] + block["size"] / 2, 500)
    wait(lambda: worker.evaluate(f"{STATE}.score") >= 1, "a caught block", timeout=15)

    # a rewarded ad watched to the end grants a life; one closed early does not
    for choice, lives in (("ended", 1), ("closed_early", 0)):
        round_over(worker)
        ad = button(worker, "ad")
        tap(page, ad["x"] + 10, ad["y"] + 10)
        frame.locator(f"#ttminis-mock-ad-{choice}").click()
        wait(lambda: "Ad watched" in worker.evaluate(f"{STATE}.message"), "the ad to close")
        assert worker.evaluate(f"{STATE}.lives") == lives, choice

    # the purchase: TikTok's pay sheet, then the item only once the webhook reached the backend
    round_over(worker)
    buy = button(worker, "buy")
    tap(page, buy["x"] + 10, buy["y"] + 10)
    frame.locator("#ttminis-mock-pay-confirm").click()
    wait(lambda: worker.evaluate(f"{STATE}.golden") is True, "the golden paddle")
    webhooks = httpx.get(f"{game['mock']}/_mock/webhooks").json()["webhooks"]
    assert [w["status"] for w in webhooks if w["event"] == "minis.trade_order.redeem.success"] == ["delivered"]
    assert worker.evaluate(f"{STATE}.message") == "The golden paddle is yours."
    screenshot(page, "game-template-golden-paddle")
    assert page.evaluate("document.getElementById('mini').contentWindow.length") == 0
    reported = frame.evaluate("window.__minisHost.reports()")
    assert reported == [] and errors == [], (reported, errors)

    # the launch scene and query, from the panel: the game relaunches with them
    page.fill("#launch-scene", "021036")
    page.fill("#launch-query", "level=3&from=share")
    page.click("#launch-apply")
    page.frame_locator("#mini").locator("body[data-game=running]").wait_for()

    def launched() -> list:
        found = []
        for w in page.workers:
            try:
                found.append(w.evaluate("typeof tt === 'object' ? tt.getLaunchOptionsSync() : null"))
            except Exception:
                pass
        return found

    wait(lambda: {"scene": "021036", "query": {"level": "3", "from": "share"}} in launched(), "the relaunched game")
