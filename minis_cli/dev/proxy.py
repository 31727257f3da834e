"""The preview proxy (the local "Playground"): forwards every request to the dev server and points the
official SDK URL in HTML pages at the mock's SDK, so the page logs in against the mock TikTok."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length"})
SDK_URL = re.compile(rb"(?:https?:)?//(?:connect\.tiktok-minis\.com/(drama|game)/sdk\.js|developers\.tiktok\.com/js/(minis)\.js)")
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# HTML pages in these encodings are rewritten; others (br, zstd) pass through unchanged, byte for byte.
DECODABLE = frozenset({"", "identity", "gzip", "deflate"})


def rewrite_sdk_urls(html: bytes, mock_url: str) -> bytes:
    """The SDK tags' URLs, and nothing else, now point at the mock."""
    base = mock_url.encode()

    def replace(match: re.Match[bytes]) -> bytes:
        return base + (b"/js/minis.js" if match.group(2) else b"/" + match.group(1) + b"/sdk.js")

    return SDK_URL.sub(replace, html)


def create_proxy(target: str, mock_url: str) -> Starlette:
    import httpx

    client = httpx.AsyncClient(base_url=target, timeout=httpx.Timeout(60.0, connect=5.0), follow_redirects=False)

    async def forward(request: Request) -> Response:
        headers = [(k, v) for k, v in request.headers.raw if k.decode("latin-1").lower() not in HOP_BY_HOP]
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        upstream_request = client.build_request(request.method, path, headers=headers, content=request.stream())
        try:
            upstream = await client.send(upstream_request, stream=True)
        except httpx.HTTPError as exc:
            return Response(f"minis-py preview: the dev server at {target} did not answer ({type(exc).__name__})", 502, media_type="text/plain")
        response_headers = [(k, v) for k, v in upstream.headers.raw if k.decode("latin-1").lower() not in HOP_BY_HOP]
        encoding = upstream.headers.get("content-encoding", "").strip().lower()
        if upstream.headers.get("content-type", "").lower().startswith("text/html") and encoding in DECODABLE:
            body = await upstream.aread()  # httpx undoes gzip/deflate here
            await upstream.aclose()
            body = rewrite_sdk_urls(body, mock_url)
            response_headers = [(k, v) for k, v in response_headers if k.lower() != b"content-encoding"]
            response = Response(body, upstream.status_code)
            response.raw_headers = [*response_headers, (b"content-length", str(len(body)).encode())]
            return response

        async def raw() -> AsyncIterator[bytes]:
            try:
                async for chunk in upstream.aiter_raw():
                    yield chunk
            finally:
                await upstream.aclose()

        response = StreamingResponse(raw(), upstream.status_code)
        length = upstream.headers.get("content-length")
        response.raw_headers = [*response_headers, *([(b"content-length", length.encode())] if length else [])]
        return response

    app = Starlette(routes=[Route("/{path:path}", forward, methods=METHODS)])
    app.state.client = client
    return app
