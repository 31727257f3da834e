"""Facts about TikTok's hosts, SDK URLs and API paths, shared by the checks, the mock and the proxy."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SDK_HOST = "connect.tiktok-minis.com"
SDK_PATHS = ("/drama/sdk.js", "/game/sdk.js")
LEGACY_SDK_HOST = "developers.tiktok.com"
LEGACY_SDK_PATH = "/js/minis.js"
SDK_URLS = tuple(f"https://{SDK_HOST}{path}" for path in SDK_PATHS)
LEGACY_SDK_URL = f"https://{LEGACY_SDK_HOST}{LEGACY_SDK_PATH}"

API_HOST = "open.tiktokapis.com"
TOKEN_PATH = "/v2/oauth/token/"
USER_INFO_PATH = "/v2/user/info/"
AUTHORIZE_HOST = "www.tiktok.com"
AUTHORIZE_PATH = "/v2/auth/authorize/"

# Hosts whose stylesheets only declare web fonts.
FONT_CSS_HOSTS = frozenset({"fonts.googleapis.com", "fonts.gstatic.com", "use.typekit.net", "p.typekit.net", "fonts.bunny.net", "fonts.cdnfonts.com"})
FONT_FILE_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".eot")


def sdk_kind(url: str) -> str | None:
    """ "drama"/"game" for the Minis SDK URLs, "legacy" for developers.tiktok.com/js/minis.js, else None.
    Any scheme (http:, protocol-relative) is recognised; MN109 judges the scheme."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path
    if host == SDK_HOST and path in SDK_PATHS:
        return path.split("/")[1]
    if host == LEGACY_SDK_HOST and path == LEGACY_SDK_PATH:
        return "legacy"
    return None


def is_absolute_url(url: str) -> bool:
    return bool(re.match(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//", url.strip()))


def origin_of(url: str) -> str | None:
    """scheme://host[:port] of an absolute http(s)/ws(s) URL (ws maps to http, wss to https)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme.lower(), parts.scheme.lower())
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{parts.hostname.lower()}" + (f":{port}" if port and port != default else "")
