"""The simulator's network profiles (issue 33): `minis-py dev`'s simulator offers minis-py audit's profiles; choosing
one throttles the Mini where its bytes flow (the preview proxy, the game host's package server), reloads it, and
tells open pages through the games SDK's onNetworkWeakChange; the toolbar shows the last load's first paint and time
to interactive (a page's from the mock SDK, a game's from the host's measurements in its worker)."""

from __future__ import annotations

import shutil
import time

import httpx
import pytest

from .test_simulator import open_simulator
from .test_simulator import simulated as simulated  # the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(shutil.which("npm") is None, reason="Node.js and npm are not installed")]


def startup(page) -> dict[str, str]:
    return page.eval_on_selector("#startup", "out => ({text: out.textContent, firstPaint: out.dataset.firstPaint || '', tti: out.dataset.tti || ''})")


@pytest.mark.parametrize("simulated", ["drama"], indirect=True)
def test_a_network_profile_slows_the_minis_next_load_and_the_toolbar_shows_its_startup(page, simulated) -> None:
    open_simulator(page, simulated)
    options = page.eval_on_selector_all("#network option", "items => items.map(o => o.value)")
    assert options == ["", "first-scan", "4g", "3g", "offline"]
    page.wait_for_function("document.getElementById('startup').dataset.tti > 0")  # the first load, unthrottled
    before = startup(page)
    assert before["text"].startswith("Last load: first paint ") and " · interactive " in before["text"]
    assert 0 < float(before["firstPaint"]) <= float(before["tti"])

    page.select_option("#network", "3g")  # 300 ms a request, 1.6 Mbit/s: the page, its style and scripts one by one
    page.wait_for_function("document.getElementById('startup').textContent.endsWith('(3g)')", timeout=20_000)
    after = startup(page)
    assert float(after["firstPaint"]) >= 600 and float(after["firstPaint"]) > float(before["firstPaint"]), (before, after)
    assert "onNetworkWeakChange sent to" in page.text_content("#control-status")
    assert httpx.get(f"{simulated['mock']}/_mock/network").json()["profile"] == "3g"
    page.frame_locator("#mini").locator("#status").filter(has_text="Signed in.").wait_for(timeout=20_000)  # slower, and it still works

    page.select_option("#network", "")
    page.wait_for_function("document.getElementById('startup').dataset.tti > 0 && !document.getElementById('startup').textContent.endsWith(')')")
    assert httpx.get(f"{simulated['mock']}/_mock/network").json()["profile"] is None


@pytest.mark.parametrize("simulated", ["game"], indirect=True)
def test_a_games_page_and_worker_hear_onnetworkweakchange_and_each_load_downloads_its_package(page, simulated) -> None:
    frame = open_simulator(page, simulated)
    page.wait_for_function("document.getElementById('startup').dataset.tti > 0")  # the game's worker measured its first load
    first = startup(page)
    assert 0 < float(first["firstPaint"]) <= float(first["tti"]) and first["text"].startswith("Last load: first paint ")
    frame.evaluate("window.__weak = []; TTMinis.game.onNetworkWeakChange(res => window.__weak.push(res))")
    worker = next(w for w in page.workers if "runtime.js" in w.url)
    worker.evaluate("self.__weak = []; tt.onNetworkWeakChange(res => self.__weak.push(res))")
    answer = httpx.post(f"{simulated['mock']}/_mock/network", json={"profile": "3g"}).json()
    assert answer["profile"] == "3g" and answer["delivered_to"] >= 1
    deadline = time.monotonic() + 5
    while not frame.evaluate("window.__weak.length") or not worker.evaluate("self.__weak.length"):
        assert time.monotonic() < deadline, "onNetworkWeakChange was not heard"
        time.sleep(0.05)
    assert frame.evaluate("window.__weak") == [{"weakNet": True, "networkType": "3g"}]
    assert worker.evaluate("self.__weak") == [{"weakNet": True, "networkType": "3g"}]
    answer = frame.evaluate("new Promise(resolve => TTMinis.game.getNetworkType({ success: resolve, fail: resolve }))")
    assert {"networkType": "3g", "weakNet": True}.items() <= (answer.get("data", answer)).items(), answer

    # the next load at first-scan downloads the package (its files wait for it, at 1 MB/s) and still runs
    page.select_option("#network", "first-scan")
    page.frame_locator("#mini").locator("body[data-game=running]").wait_for(timeout=20_000)
    assert httpx.get(f"{simulated['mock']}/_mock/network").json()["profile"] == "first-scan"
    page.wait_for_function("document.getElementById('startup').textContent.endsWith('(first-scan)')", timeout=20_000)
    assert float(startup(page)["firstPaint"]) > 0
