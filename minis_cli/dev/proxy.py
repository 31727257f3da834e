"""The preview proxy's one piece of meaning: point the official SDK URL in HTML pages at the mock's SDK,
so the page runs the real login flow against the mock TikTok. The forwarding itself is forwarder.py."""

from __future__ import annotations

import re

SDK_URL = re.compile(rb"(?:https?:)?//(?:connect\.tiktok-minis\.com/(drama|game)/sdk\.js|developers\.tiktok\.com/js/(minis)\.js)")
# HTML pages in these encodings are rewritten; others (br, zstd) pass through unchanged, byte for byte.
DECODABLE = frozenset({"", "identity", "gzip", "deflate"})


def rewrite_sdk_urls(html: bytes, mock_url: str) -> bytes:
    """The SDK tags' URLs, and nothing else, now point at the mock."""
    base = mock_url.encode()

    def replace(match: re.Match[bytes]) -> bytes:
        return base + (b"/js/minis.js" if match.group(2) else b"/" + match.group(1) + b"/sdk.js")

    return SDK_URL.sub(replace, html)
