"""The simulator on the windows developers have (issue 28): the phone zooms to fit a 1280 x 800 laptop and a 390 px
wide window, the consent sheet's Deny and Allow sit side by side inside it, a game's status bar reads on a dark
game, and a call that returns nothing says so. Screenshots land in .pytest-artifacts/."""

from __future__ import annotations

import pytest

from minis_cli.mock import MockTikTok

from .conftest import screenshot

pytestmark = pytest.mark.e2e

# A Mini whose own CSS would push buttons around (as real pages do), opening the consent sheet on load.
MINI = """<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<style>button {{ width: 100%; margin: 6px 0; font-size: 22px; padding: 14px 20px; }} body {{ margin: 0; font: 18px serif; }}</style>
<script src="{mock}/drama/sdk.js"></script></head>
<body><h1>Mini</h1><script>
TTMinis.init({{ clientKey: '{key}' }});
TTMinis.setNavigationBarColor && TTMinis.setNavigationBarColor({{ frontColor: '#000000', backgroundColor: '#ffffff' }});
TTMinis.authorize({{ scope: 'user.info.basic,user.info.profile,user.info.stats', success: function () {{}}, fail: function () {{}} }});
</script></body></html>"""


@pytest.fixture
def mock():
    with MockTikTok() as running:
        yield running


def _inside(box: dict, width: int, height: int) -> bool:
    return box["x"] >= -0.5 and box["y"] >= -0.5 and box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["laptop-1280x800", "narrow-390"])
def test_the_phone_and_its_consent_sheet_fit_the_window(page, serve_pages, mock, size) -> None:
    width, height = size
    mini = serve_pages({"index.html": MINI.format(mock=mock.url, key=mock.client_key)})
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{mock.url}/_mock/simulator?target={mini}/index.html")
    frame = page.frame_locator("#mini")
    allow, deny = frame.locator("#ttminis-mock-allow"), frame.locator("#ttminis-mock-deny")
    allow.wait_for()
    # The stage is zoomed to fit after layout (on load and on resize): wait until that settled, then measure. Under load
    # (a make test at load 10) the box was read before the zoom, 10 px past the window's bottom.
    page.wait_for_function(
        "([w, h]) => { const r = document.getElementById('phone').getBoundingClientRect();"
        " return r.width > 0 && r.left >= -0.5 && r.top >= -0.5 && r.right <= w + 0.5 && r.bottom <= h + 0.5; }",
        arg=[width, height],
        timeout=15_000,
    )
    phone = page.locator("#phone").bounding_box()
    assert phone is not None and _inside(phone, width, height), (phone, size)
    assert int(page.locator(".stage").get_attribute("data-zoom") or "100") < 100
    allow_box, deny_box = allow.bounding_box(), deny.bounding_box()
    assert allow_box is not None and deny_box is not None
    assert abs(allow_box["y"] - deny_box["y"]) < 1 and abs(allow_box["height"] - deny_box["height"]) < 1  # one row
    assert deny_box["x"] + deny_box["width"] <= allow_box["x"]  # Deny, then Allow
    assert abs(allow_box["width"] - deny_box["width"]) < 1
    assert allow_box["height"] < 80  # not wrapped onto two lines (the page's 22 px font, zoomed)
    for box in (allow_box, deny_box):
        assert _inside(box, width, height), (box, size)
    screenshot(page, f"simulator-consent-{width}x{height}")
    allow.click()
    frame.locator("#ttminis-mock-consent").wait_for(state="detached")


def test_a_game_status_bar_is_light_with_a_shadow(page, serve_pages, mock) -> None:
    dark = serve_pages({"index.html": "<!doctype html><body style='margin:0;background:#000;height:100vh'></body>"})
    mock.state.simulator = {"target": f"{dark}/index.html", "kind": "game", "title": "Dark game"}
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{mock.url}/_mock/simulator")
    bar = page.locator("#statusbar")
    bar.wait_for()
    assert bar.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    assert bar.evaluate("el => getComputedStyle(el).textShadow") != "none"
    screenshot(page, "simulator-game-statusbar")


def test_a_call_that_returns_nothing_says_so(page, serve_pages, mock) -> None:
    mini = serve_pages(
        {
            "index.html": f"""<!doctype html><script src="{mock.url}/drama/sdk.js"></script><script>
TTMinis.init({{ clientKey: '{mock.client_key}' }});
</script>"""
        }
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{mock.url}/_mock/simulator?target={mini}/index.html")
    row = page.locator("#log li.sdk", has_text="init(")
    row.locator(".detail").wait_for()
    assert row.locator(".detail").inner_text() == "→ (no return value)"
    assert "[undefined]" not in page.locator("#log").inner_text()
