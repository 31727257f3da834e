"""Browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser), and a page server."""

from __future__ import annotations

import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MINIS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("MINIS_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / ".pytest-artifacts"))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def screenshot(page, name: str) -> None:
    """Saved as a test artifact (.pytest-artifacts/ or MINIS_TEST_ARTIFACTS)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


# As the machine notes say: without the background-networking flags Chromium keeps trying the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# package scope, not session: while sync_playwright() is open its event loop counts as running in the main thread,
# and the suites after tests/e2e (asyncio.run in the throttle tests, pytest-lsp's client) need it gone
@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = f"Debian's chromium is not installed ({CHROMIUM}); `make test` installs it with apt"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def serve_pages(tmp_path: Path) -> Iterator[object]:
    """serve_pages({"index.html": "..."}) -> the base URL of a static server on 127.0.0.1."""
    servers = []

    def serve(files: dict[str, str]) -> str:
        root = tmp_path / f"site{len(servers)}"
        root.mkdir()
        for name, content in files.items():
            (root / name).write_text(content)
        handler = lambda *args: _Quiet(*args, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    """A browser test that hangs (a promise that never settles) ends the run with a traceback instead
    of eating CI's time limit."""
    import faulthandler

    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()
