"""The preview proxy (the local "Playground"): forwards every request to the dev server and points the
official SDK URL in HTML pages at the mock's SDK, so the page logs in against the mock TikTok."""

from __future__ import annotations

import re
import zlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length"})
_HOP_BY_HOP_BYTES = frozenset(name.encode() for name in HOP_BY_HOP)
SDK_URL = re.compile(rb"(?:https?:)?//(?:connect\.tiktok-minis\.com/(drama|game)/sdk\.js|developers\.tiktok\.com/js/(minis)\.js)")
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# HTML pages in these encodings are rewritten; others (br, zstd) pass through unchanged, byte for byte.
DECODABLE = frozenset({"", "identity", "gzip", "deflate"})


def _decode(body: bytes, encoding: str) -> bytes | None:
    """The page's bytes without gzip/deflate; None when they do not decode (then it passes unchanged)."""
    try:
        if encoding == "gzip":
            return zlib.decompress(body, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, -zlib.MAX_WBITS)
    except zlib.error:
        return None
    return body
BUFFERED_LIMIT = 1 << 20


def rewrite_sdk_urls(html: bytes, mock_url: str) -> bytes:
    """The SDK tags' URLs, and nothing else, now point at the mock."""
    base = mock_url.encode()

    def replace(match: re.Match[bytes]) -> bytes:
        return base + (b"/js/minis.js" if match.group(2) else b"/" + match.group(1) + b"/sdk.js")

    return SDK_URL.sub(replace, html)


def create_proxy(target: str, mock_url: str) -> Starlette:
    from urllib.parse import urlsplit

    from .upstream import UpstreamError, UpstreamPool

    parts = urlsplit(target)
    pool = UpstreamPool(parts.hostname or "127.0.0.1", parts.port or 80)

    async def forward(request: Request) -> Response:
        scope = request.scope
        headers, declared, chunked = [], b"", False
        for name, value in scope["headers"]:  # ASGI header names are lower-case bytes already
            if name not in _HOP_BY_HOP_BYTES:
                headers.append((name, value))
            elif name == b"content-length":
                declared = value
            elif name == b"transfer-encoding":
                chunked = True
        query = scope.get("query_string", b"")
        path = scope.get("raw_path") or scope["path"].encode()
        target_path = (path + (b"?" + query if query else b"")).decode("latin-1")
        if chunked:
            content: bytes | AsyncIterator[bytes] | None = request.stream()  # a streamed upload stays streamed
        elif declared.isdigit() and int(declared) > 0:
            content = await request.body()
        else:
            content = b"" if request.method in ("POST", "PUT", "PATCH") else None
        try:
            upstream = await pool.request(request.method, target_path, headers, content)
        except UpstreamError as exc:
            return Response(f"minis-py preview: the dev server at {target} did not answer ({exc})", 502, media_type="text/plain")
        names = {name.lower(): value for name, value in upstream.headers}
        response_headers = [(k, v) for k, v in upstream.headers if k.lower() not in _HOP_BY_HOP_BYTES]
        encoding = names.get(b"content-encoding", b"").strip().lower().decode("latin-1")
        if names.get(b"content-type", b"").lower().startswith(b"text/html") and encoding in DECODABLE and request.method != "HEAD":
            body = _decode(await upstream.read_all(), encoding)
            if body is not None:
                body = rewrite_sdk_urls(body, mock_url)
                response_headers = [(k, v) for k, v in response_headers if k.lower() != b"content-encoding"]
            response = Response(body, upstream.status)
            response.raw_headers = [*response_headers, (b"content-length", str(len(body)).encode())]
            return response
        length = names.get(b"content-length")
        if request.method == "HEAD" or (length is not None and length.isdigit() and int(length) <= BUFFERED_LIMIT):
            # Small bodies in one piece: a streaming response costs a task group per request.
            body = await upstream.read_all()
            response = Response(body, upstream.status)
            response.raw_headers = [*response_headers, *([(b"content-length", length)] if length is not None else [])]
            return response
        response = StreamingResponse(upstream.body(), upstream.status)
        response.raw_headers = [*response_headers, *([(b"content-length", length)] if length is not None else [])]
        return response

    ws_target = "ws" + target[len("http"):]

    async def forward_websocket(websocket: WebSocket) -> None:
        """WebSocket pass-through (the dev server's hot reload), subprotocol included (vite-hmr)."""
        import asyncio

        from websockets.asyncio.client import connect
        from websockets.exceptions import WebSocketException

        path = websocket.url.path + (f"?{websocket.url.query}" if websocket.url.query else "")
        protocols = websocket.scope.get("subprotocols") or None
        try:
            async with connect(ws_target + path, subprotocols=protocols, max_size=None, open_timeout=5, ping_interval=None) as upstream:
                await websocket.accept(subprotocol=upstream.subprotocol)

                async def client_to_upstream() -> None:
                    while True:
                        message = await websocket.receive()
                        if message["type"] == "websocket.disconnect":
                            return
                        if message.get("text") is not None:
                            await upstream.send(message["text"])
                        elif message.get("bytes") is not None:
                            await upstream.send(message["bytes"])

                async def upstream_to_client() -> None:
                    async for message in upstream:
                        if isinstance(message, str):
                            await websocket.send_text(message)
                        else:
                            await websocket.send_bytes(message)

                tasks = [asyncio.ensure_future(client_to_upstream()), asyncio.ensure_future(upstream_to_client())]
                _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for task in pending:
                    task.cancel()
        except (OSError, WebSocketException, asyncio.TimeoutError):
            pass
        try:
            await websocket.close()
        except RuntimeError:
            pass  # already closed

    app = Starlette(routes=[Route("/{path:path}", forward, methods=METHODS), WebSocketRoute("/{path:path}", forward_websocket)])
    app.state.upstream = pool
    return app
