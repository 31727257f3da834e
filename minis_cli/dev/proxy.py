"""The preview proxy's one piece of meaning: point the official SDK URL in HTML pages at the mock's SDK,
so the page runs the real login flow against the mock TikTok. The forwarding itself is forwarder.py."""

from __future__ import annotations

import re

SDK_URL = re.compile(rb"(?:https?:)?//(?:connect\.tiktok-minis\.com/(?:(drama|game)/sdk\.js|libs/(vConsole)\.js)|developers\.tiktok\.com/js/(minis)\.js)")
# HTML pages in these encodings are rewritten; others (br, zstd) pass through unchanged, byte for byte.
DECODABLE = frozenset({"", "identity", "gzip", "deflate"})


def rewrite_sdk_urls(html: bytes, mock_url: str) -> bytes:
    """The SDK tags' URLs (and TikTok's vConsole), and nothing else, now point at the mock."""
    base = mock_url.encode()

    def replace(match: re.Match[bytes]) -> bytes:
        if match.group(2):  # TikTok's vConsole: the copy the mock serves, so it loads offline
            return base + b"/_mock/libs/vConsole.js"
        return base + (b"/js/minis.js" if match.group(3) else b"/" + match.group(1) + b"/sdk.js")

    return SDK_URL.sub(replace, html)


# Where the page's own dev tooling may connect whatever the trusted domains say: a dev backend on another
# local port, and the dev server's hot-reload socket. CSP's host-source grammar has no IPv6 literals: Chromium
# rejects `http://[::1]:*` as an invalid source (a console error on every load), so IPv6 loopback is reached as
# `localhost`, which resolves to it.
LOOPBACK_SOURCES = ("http://localhost:*", "http://127.0.0.1:*", "ws://localhost:*", "ws://127.0.0.1:*")


def valid_source(source: str) -> bool:
    """Whether a browser takes `source` as a CSP host-source: no IPv6 literal (the grammar has none)."""
    return "[" not in source and "]" not in source


def trusted_sources(domains: tuple[str, ...]) -> list[str]:
    """domain.trustedDomains as CSP sources: each origin over https and wss (and as written, if it names a scheme)."""
    sources: list[str] = []
    for entry in domains:
        entry = entry.strip()
        if not entry or any(c in entry for c in " ;,'\""):
            continue
        scheme, _, rest = entry.rpartition("://")
        host = rest.split("/", 1)[0]
        if not host:
            continue
        found = [f"{scheme}://{host}"] if scheme else []
        found += [f"https://{host}", f"wss://{host}"]
        sources += [s for s in found if s not in sources and valid_source(s)]
    return sources


def content_security_policy(mock_origin: str, domains: tuple[str, ...]) -> str:
    """What the simulator enforces (TikTok's development restrictions, minis-development-stage): requests
    only to the page's origin, the mock and the trusted domains; scripts and CSS only from the page itself
    (and the mock's SDK); fonts from anywhere; no iframes. eval stays allowed, because dev servers (webpack,
    Next.js) need it in development, though TikTok forbids it in the build. Violations go to the mock."""
    trusted = " ".join(trusted_sources(domains))
    loopback = " ".join(LOOPBACK_SOURCES)
    if not valid_source(mock_origin):  # bound to an IPv6 literal: its pages name it localhost (session.py)
        mock_origin = mock_origin.replace("[::1]", "localhost") if "[::1]" in mock_origin else ""
    return "; ".join(
        (
            f"default-src 'self' {mock_origin} {trusted} data: blob:".replace("  ", " "),
            f"script-src 'self' 'unsafe-inline' 'unsafe-eval' blob: {mock_origin}",
            f"style-src 'self' 'unsafe-inline' {mock_origin}",
            "font-src 'self' data: https:",
            "img-src * data: blob:",
            "media-src * data: blob:",
            f"connect-src 'self' {mock_origin} {trusted} {loopback}".replace("  ", " "),
            "frame-src 'none'",
            f"report-uri {mock_origin}/_mock/csp-report",
        )
    )
