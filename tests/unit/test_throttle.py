"""Network profiles (issue 33): rates and latencies as the audit applies them, in the game host's package server and
its network relay (minis_cli/mock/throttle.py)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from minis_cli import gamepkg
from minis_cli.mock import MockTikTok
from minis_cli.mock.throttle import PROFILES, Link, parse_rate, profile


@pytest.mark.parametrize(
    ("text", "rate"), [("1MB/s", 1e6), ("500KB/s", 5e5), ("2Mbit/s", 2.5e5), ("1.6Mbps", 2e5), ("250000", 2.5e5), ("9 Mb/s", 1.125e6), ("1 GB/s", 1e9)]
)
def test_rates_are_read_in_decimal_units_bytes_or_bits(text: str, rate: float) -> None:
    assert parse_rate(text) == pytest.approx(rate)


@pytest.mark.parametrize("text", ["fast", "-1MB/s", "0", "1 MB/h", ""])
def test_a_rate_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rate(text)


def test_profiles() -> None:
    first = profile()
    assert first is PROFILES["first-scan"] and first.rate == 1e6 and first.latency == 0 and not first.cached
    assert first.download_seconds(3_000_000) == pytest.approx(3.0)
    assert PROFILES["3g"].download_seconds(200_000) == pytest.approx(0.3 + 1.0)
    assert PROFILES["offline"].download_seconds(10**9) == 0 and PROFILES["offline"].offline
    custom = profile("4g", rate="500KB/s", latency_ms=80)
    assert (custom.name, custom.rate, custom.latency) == ("custom", 5e5, 0.08)
    assert "500 KB/s, 80 ms latency" in custom.describe()
    with pytest.raises(ValueError, match="unknown network profile"):
        profile("5g")
    with pytest.raises(ValueError):
        profile("offline", rate="1MB/s")


def test_a_link_sends_bytes_in_order_at_its_rate_each_request_after_its_latency() -> None:
    async def run() -> tuple[Link, float, float]:
        link = Link(profile(rate=1_000_000, latency_ms=20))
        loop = asyncio.get_running_loop()
        start = loop.time()
        # two transfers at once share the link: together they take as long as their total size
        await asyncio.gather(link.transfer(100_000, "a"), link.transfer(100_000, "b"))
        both = loop.time() - start
        await link.transfer(0, "c")
        return link, both, loop.time() - start

    link, both, total = asyncio.run(run())
    # the waits are at least what the link computes; the upper bounds leave room for a loaded machine's late wake-ups
    # (the computed schedule, exact, is checked on link.transfers below)
    assert 0.22 <= both < 0.6  # 20 ms, then 0.1 s + 0.1 s
    assert 0.24 <= total < 0.7  # one more latency
    assert [(t.what, t.size) for t in link.transfers] == [("a", 100_000), ("b", 100_000), ("c", 0)]
    assert link.transfers[1].end == pytest.approx(0.22, abs=0.01)


def test_the_package_is_downloaded_once_then_each_subpackage_when_first_read() -> None:
    async def run() -> tuple[Link, list[float]]:
        link = Link(profile(rate=1_000_000), main_size=200_000, subpackage_sizes={"stage2": 100_000})
        loop = asyncio.get_running_loop()
        start = loop.time()
        marks = []
        for path in ("game.js", "src/a.js", "stage2/game.js", "stage2/b.png", "stage20.js"):
            await link.package_file(path)
            marks.append(loop.time() - start)
        return link, marks

    link, marks = asyncio.run(run())
    # once each: the link scheduled exactly these two downloads (exact); the waits are at least their durations, and
    # a file of a package already there waits for no second download (< 0.09 s: less than either), with room for a
    # loaded machine's late wake-ups
    assert [t.what for t in link.transfers] == ["package", "subpackage stage2"]
    assert 0.2 - 0.005 <= marks[0] < 0.2 + 0.3 and marks[1] - marks[0] < 0.09  # the main package, once
    assert 0.1 - 0.005 <= marks[2] - marks[1] < 0.1 + 0.3 and marks[3] - marks[2] < 0.09  # the subpackage, once
    assert marks[4] - marks[3] < 0.09  # stage20.js is the main package's


def test_the_host_serves_the_package_at_the_profiles_rate_and_offline_fails_requests(tmp_path) -> None:
    (tmp_path / "game.json").write_text("{}")
    (tmp_path / "game.js").write_text("// game\n")
    (tmp_path / "big.bin").write_bytes(b"\0" * 300_000)
    sizes = gamepkg.sizes(tmp_path)
    with MockTikTok() as mock:
        mock.host_game(tmp_path)
        # 300 KB at 300 KB/s: a second, so a loaded machine's request overhead (a new connection each) cannot blur it
        mock.state.game["network"] = Link(profile(rate="300KB/s"), sizes.main, sizes.subpackages)
        started = time.monotonic()
        assert httpx.get(f"{mock.url}/_mock/game/pkg/game.js").status_code == 200
        first = time.monotonic() - started
        assert httpx.get(f"{mock.url}/_mock/game/pkg/big.bin").status_code == 200
        second = time.monotonic() - started - first
        assert 0.95 <= first < 3.0 and second < 0.5  # the whole package (300 KB) before the first file, then none

        mock.state.game["network"] = Link(PROFILES["offline"])
        answer = httpx.post(
            f"{mock.url}/_mock/game/fetch", json={"url": f"{mock.url}/_mock/requests", "method": "GET"}, headers={"x-minis-token": mock.control_token}
        ).json()
        assert answer["error"]["error_code"] == 10401 and "offline" in answer["error"]["error_msg"]
        started = time.monotonic()
        assert httpx.get(f"{mock.url}/_mock/game/pkg/big.bin").status_code == 200 and time.monotonic() - started < 0.5  # cached
