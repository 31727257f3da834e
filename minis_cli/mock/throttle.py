"""Network profiles for the desktop host (issue 33): the phone's network, applied where the bytes flow, so a startup
measured on a desktop is the same every time.

A profile is a rate (bytes a second) and a latency (seconds, paid once a request). One `Link` is one phone's
network: bytes leave it in order at the rate (a token bucket with no burst, so two transfers at once take as long as
one of both sizes), each request waiting the latency first. Timings come from the mock's event loop clock, never
from the machine's real network (loopback), so the same package takes the same time on any machine.

Where it applies, in the game host (routes/gamehost.py):

- the package, as TikTok delivers it: the phone downloads the main package (a zip of everything outside the
  subpackage roots) before game.js runs, and a subpackage when it is loaded. The first request of any main-package
  file waits for the whole main package to cross the link; the first of a subpackage's files for that subpackage;
  every file after that is on the phone (no wait). With `cached` (a revisit) the package costs nothing;
- the network APIs (tt.request, tt.downloadFile through the host's relay): each answer waits the latency and its
  bytes (request and response bodies) at the rate; `offline` answers every request with a network failure.

The host's own page and scripts (TikTok's runtime and SDK, already on a phone) are never throttled.

A Mini's page: the preview proxy (dev/forwarder.py) charges each response as its bytes flow, a built package's
files with the whole package at the first; offline, the page's own requests fail.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath


@dataclass(frozen=True)
class NetworkProfile:
    name: str
    rate: float | None  # bytes a second; None: unlimited
    latency: float  # seconds, once a request
    summary: str
    offline: bool = False  # every network API fails
    cached: bool = False  # the package is on the phone already (a revisit): it is not downloaded

    def download_seconds(self, size: int) -> float:
        """How long `size` bytes take on this network, one request's latency included (0 when cached)."""
        if self.cached:
            return 0.0
        return self.latency + (size / self.rate if self.rate else 0.0)

    def describe(self) -> str:
        if self.offline:
            return f"{self.name} (no network; the package cached)"
        rate = f"{format_rate(self.rate)}" if self.rate else "unthrottled"
        latency = f", {self.latency * 1000:.0f} ms latency" if self.latency else ""
        return f"{self.name} ({rate}{latency}{', package cached' if self.cached else ', no cache'})"


# first-scan is TikTok's startup test condition (mini-games-optimize-startup: "a first scan (1 MB/s, no cache)"),
# which names no latency. 4g and 3g are WebPageTest's connectivity presets "4G" (9 Mbit/s down, 170 ms round trip)
# and "3G Fast" (1.6 Mbit/s, 300 ms), the usual lab profiles; both are first scans too.
PROFILES: dict[str, NetworkProfile] = {
    p.name: p
    for p in (
        NetworkProfile("first-scan", 1_000_000, 0.0, "TikTok's startup test: 1 MB/s, no cache (the default)"),
        NetworkProfile("4g", 9_000_000 / 8, 0.170, "9 Mbit/s, 170 ms latency, no cache (WebPageTest's 4G)"),
        NetworkProfile("3g", 1_600_000 / 8, 0.300, "1.6 Mbit/s, 300 ms latency, no cache (WebPageTest's 3G Fast)"),
        NetworkProfile("offline", None, 0.0, "no network: a revisit with the package cached, every request fails", offline=True, cached=True),
    )
}
DEFAULT_PROFILE = "first-scan"
# What each profile is as the games SDK tells a game (tt.getNetworkType, tt.onNetworkWeakChange): TikTok's changelog
# (games SDK 0.18.0) names the APIs only; the payload {weakNet, networkType} is the one Douyin's and WeChat's pages
# give. 3G is the weak network; offline is no network at all (networkType "none"), not a weak one.
NETWORK_TYPES = {None: ("wifi", False), "first-scan": ("4g", False), "4g": ("4g", False), "3g": ("3g", True), "offline": ("none", False)}


def network_status(profile: NetworkProfile | None) -> dict[str, object]:
    """onNetworkWeakChange's payload for a profile (None: no profile, the desktop's own network)."""
    network_type, weak = NETWORK_TYPES.get(profile.name if profile is not None else None, ("unknown", False))
    return {"weakNet": weak, "networkType": network_type}


_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)(B|b|bit|bits|[Bb]ytes?)?\s*(/\s*s|ps)?\s*$")


def parse_rate(text: str) -> float:
    """'1MB/s', '500KB/s', '2Mbit/s', '1.6Mbps', '250000' -> bytes a second. Decimal units; B and byte are bytes, b
    and bit are bits (as network speeds are written)."""
    match = _RATE.match(text)
    if not match:
        raise ValueError(f"not a rate: {text!r} (write it as 1MB/s, 500KB/s or 2Mbit/s)")
    number, prefix, unit = float(match.group(1)), match.group(2).lower(), match.group(3) or "B"
    value = number * {"": 1, "k": 1e3, "m": 1e6, "g": 1e9}[prefix] / (8 if unit in ("b", "bit", "bits") else 1)
    if value <= 0:
        raise ValueError(f"a rate must be above 0, not {text!r}")
    return value


def format_rate(rate: float) -> str:
    for scale, unit in ((1e9, "GB/s"), (1e6, "MB/s"), (1e3, "KB/s")):
        if rate >= scale:
            return f"{rate / scale:g} {unit}"
    return f"{rate:g} B/s"


def profile(name: str | None = None, rate: str | float | None = None, latency_ms: float | None = None) -> NetworkProfile:
    """A named profile, or a custom one: `rate` (a number of bytes a second, or text as parse_rate reads) and/or
    `latency_ms` over the named (default first-scan) profile."""
    base = PROFILES.get(name or DEFAULT_PROFILE)
    if base is None:
        raise ValueError(f"unknown network profile {name!r}: one of {', '.join(PROFILES)}")
    if rate is None and latency_ms is None:
        return base
    if base.offline:
        raise ValueError("offline has no rate or latency to change")
    value = base.rate if rate is None else (parse_rate(rate) if isinstance(rate, str) else float(rate))
    if latency_ms is not None and latency_ms < 0:
        raise ValueError("a latency cannot be negative")
    seconds = base.latency if latency_ms is None else latency_ms / 1000
    custom = NetworkProfile("custom", value, seconds, "")
    return NetworkProfile("custom", value, seconds, custom.describe().removeprefix("custom (").removesuffix(")"))


MAX_TRANSFERS = 2000


@dataclass
class Transfer:
    what: str  # "package", "subpackage ROOT", or the requested URL
    size: int
    start: float  # seconds since the link was made
    end: float
    begun: bool = field(default=False, repr=False, compare=False)  # its first bytes paid the latency


@dataclass
class Link:
    """One phone's network for one load of the game (see the module's docstring)."""

    profile: NetworkProfile
    main_size: int = 0  # bytes of the main package
    subpackage_sizes: dict[str, int] = field(default_factory=dict)  # root -> bytes
    transfers: list[Transfer] = field(default_factory=list)
    _origin: float | None = None
    _free_at: float = 0.0  # loop time when the link is next idle
    _ready: dict[str, float] = field(default_factory=dict)  # "" (main) or a subpackage root -> loop time it is on the phone

    @property
    def offline(self) -> bool:
        return self.profile.offline

    def _now(self) -> float:
        now = asyncio.get_running_loop().time()
        if self._origin is None:
            self._origin = now
        return now

    def schedule(self, size: int, what: str) -> float:
        """Reserve the link for `size` bytes after one latency; the loop time they have all arrived."""
        return self.carry(self.begin(what), size)

    def begin(self, what: str) -> Transfer:
        """A transfer whose size is not known yet (a response, as its bytes come): its first bytes wait one latency."""
        now = self._now()
        assert self._origin is not None
        transfer = Transfer(what, 0, round(now - self._origin, 4), round(now - self._origin, 4))
        self.transfers.append(transfer)
        if len(self.transfers) > MAX_TRANSFERS:  # a link kept for a whole `minis-py dev` session: the recent ones
            del self.transfers[: MAX_TRANSFERS // 2]
        return transfer

    def carry(self, transfer: Transfer, size: int) -> float:
        """Reserve the link for `size` more bytes of `transfer` (after its latency, for its first); the loop time they
        have all arrived."""
        now = self._now()
        assert self._origin is not None
        rate = self.profile.rate
        start = max(now + (self.profile.latency if not transfer.begun else 0.0), self._free_at)
        transfer.begun = True
        end = start + (size / rate if rate else 0.0)
        self._free_at = max(self._free_at, end)
        transfer.size += size
        transfer.end = round(end - self._origin, 4)
        return end

    async def transfer(self, size: int, what: str) -> None:
        """Wait as long as `size` bytes take to arrive (a network API's request and answer)."""
        end = self.schedule(size, what)
        await _sleep_until(end)

    async def package_file(self, path: str) -> None:
        """Wait until the file's package (the main package or its subpackage) is on the phone."""
        await _sleep_until(self.package_ready(path))

    def package_ready(self, path: str) -> float:
        """The loop time the file's package is on the phone: its download is scheduled at the first file asked for
        (0.0, long past, when the package is cached)."""
        if self.profile.cached:
            return 0.0
        owner = self.owner(path)
        if owner not in self._ready:
            size = self.subpackage_sizes.get(owner, 0) if owner else self.main_size
            self._ready[owner] = self.schedule(size, f"subpackage {owner}" if owner else "package")
        return self._ready[owner]

    def owner(self, path: str) -> str:
        parts = PurePosixPath(path)
        for root in self.subpackage_sizes:
            if path == root or PurePosixPath(root) in parts.parents:
                return root
        return ""


async def _sleep_until(when: float) -> None:
    delay = when - asyncio.get_running_loop().time()
    if delay > 0:
        await asyncio.sleep(delay)
