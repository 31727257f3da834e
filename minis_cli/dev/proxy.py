"""The preview proxy (the local "Playground"): forwards every request to the dev server and points the
official SDK URL in HTML pages at the mock's SDK, so the page logs in against the mock TikTok."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

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
    app.state.client = client
    return app
