"""The preview proxy's fast path: HTTP/1.1 forwarded at the byte level.

Requests are read whole (they are small in development); responses pass through as they arrive, framing
and all, with httptools (uvicorn's C parser) finding where each one ends. Only HTML responses are held
back: their body is decoded, the SDK URL pointed at the mock, and sent with a new length. WebSocket
upgrades (hot reload) become a two-way byte relay. A raw relay is the floor here (README: Performance):
a full ASGI round trip per request cost twice the dev server's own time.
"""

from __future__ import annotations

import asyncio
import re
import threading
import zlib

import httptools

from .proxy import DECODABLE, content_security_policy, rewrite_sdk_urls

READ = 65536
MAX_HEAD = 64 * 1024
NO_BODY = frozenset({204, 304})
HOST_NAME = re.compile(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]")


class _Message:
    """What httptools reports of one request or response: URL, headers, body chunks, completion."""

    def __init__(self) -> None:
        self.url = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.head_done = False
        self.done = False

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self.head_done = True

    def on_body(self, body: bytes) -> None:
        self.body.append(bytes(body))

    def on_message_complete(self) -> None:
        self.done = True


def _decode(body: bytes, encoding: str) -> bytes | None:
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


class Forwarder:
    """Serves the preview on (host, port) in a thread of its own, forwarding to target_host:target_port."""

    def __init__(self, target_host: str, target_port: int, mock_url: str, host: str = "127.0.0.1", port: int = 0,
                 trusted_domains: tuple[str, ...] | None = None, mock_port: int | None = None) -> None:
        """`trusted_domains`: send the simulator's Content-Security-Policy with HTML pages (None: no policy).
        `mock_port`: the mock is bound beside the preview, so a page opened by another host name (a phone on
        the LAN) gets the mock at that host name too."""
        self.target = (target_host, target_port)
        self.mock_url = mock_url
        self.trusted_domains = trusted_domains
        self.mock_port = mock_port
        self._policies: dict[str, bytes] = {}
        self.host = host
        self.requested_port = port
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else "::1" if self.host == "::" else self.host
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    def mock_for(self, host_header: bytes | None) -> str:
        """The mock's URL as the client reaches it: its own host name, when the mock listens there too."""
        if self.mock_port is None or not host_header:
            return self.mock_url
        name = host_header.decode("latin-1").strip()
        if name.startswith("["):  # [fe80::1]:5173
            name = name[: name.find("]") + 1] if "]" in name else ""
        elif ":" in name:
            name = name.rsplit(":", 1)[0]
        if not HOST_NAME.fullmatch(name):
            return self.mock_url
        return f"http://{name}:{self.mock_port}"

    def policy(self, mock: str) -> bytes | None:
        if self.trusted_domains is None:
            return None
        found = self._policies.get(mock)
        if found is None:
            found = self._policies[mock] = content_security_policy(mock, self.trusted_domains).encode("latin-1", "replace")
        return found

    def start(self) -> Forwarder:
        self._thread = threading.Thread(target=self._run, name="minis-preview", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            from ..errors import MinisError

            raise MinisError(f"cannot listen on {self.host}:{self.requested_port}: {self._error}", "Choose another --port (0 picks a free one).")
        return self

    def _run(self) -> None:
        try:
            import uvloop

            loop = uvloop.new_event_loop()
        except ImportError:
            loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            self._server = loop.run_until_complete(asyncio.start_server(self._client, self.host, self.requested_port, backlog=1024))
            self.port = self._server.sockets[0].getsockname()[1]
        except OSError as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        loop.run_forever()
        loop.close()

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._server is None:
            return

        async def close() -> None:
            self._server.close()  # type: ignore[union-attr]
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()
            loop.stop()

        asyncio.run_coroutine_threadsafe(close(), loop)
        if self._thread is not None:
            self._thread.join(timeout=5)

    # --- one client connection ---------------------------------------------------------------------

    async def _client(self, creader: asyncio.StreamReader, cwriter: asyncio.StreamWriter) -> None:
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        pending = b""
        try:
            while True:
                request, pending, upgrade = await self._read_request(creader, pending)
                if request is None:
                    return
                if upstream is None or upstream[1].is_closing():
                    try:
                        upstream = await asyncio.wait_for(asyncio.open_connection(*self.target), 5)
                    except (OSError, asyncio.TimeoutError) as exc:
                        await self._bad_gateway(cwriter, exc)
                        return
                ureader, uwriter = upstream
                method = request[0]
                uwriter.write(request[1])
                if upgrade:
                    if pending:
                        uwriter.write(pending)
                    await uwriter.drain()
                    await self._relay(creader, cwriter, ureader, uwriter)
                    return
                await uwriter.drain()
                keep = await self._response(ureader, cwriter, method, request[2])
                if not keep:
                    return
        except (ConnectionError, asyncio.IncompleteReadError, httptools.HttpParserError, asyncio.CancelledError):
            return
        finally:
            if upstream is not None:
                upstream[1].close()
            cwriter.close()

    async def _read_request(self, reader: asyncio.StreamReader, pending: bytes) -> tuple[tuple[str, bytes, bytes | None] | None, bytes, bool]:
        state = _Message()
        parser = httptools.HttpRequestParser(state)
        data = pending
        upgrade = False
        leftover = b""
        while True:
            if data:
                try:
                    parser.feed_data(data)
                except httptools.HttpParserUpgrade as exc:
                    upgrade = True
                    leftover = data[exc.args[0]:] if exc.args else b""
                    break
                if state.done:
                    break
            if len(b"".join(state.body)) > 64 * 1024 * 1024:
                return None, b"", False
            data = await reader.read(READ)
            if not data:
                return None, b"", False
        method = parser.get_method().decode()
        host_seen: bytes | None = None
        lines = [f"{method} ".encode() + state.url + b" HTTP/1.1\r\n"]
        for name, value in state.headers:
            lower = name.lower()
            if lower == b"host":
                host_seen = value
            if lower in (b"transfer-encoding", b"content-length") and not upgrade:
                continue
            lines.append(name + b": " + value + b"\r\n")
        if host_seen is None:
            lines.append(b"host: %s:%d\r\n" % (self.target[0].encode(), self.target[1]))
        body = b"".join(state.body)
        if body or method in ("POST", "PUT", "PATCH"):
            lines.append(b"content-length: %d\r\n" % len(body))
        lines.append(b"\r\n")
        # Whatever followed this request in the same read is the next one (pipelining).
        return (method, b"".join(lines) + body, host_seen), leftover, upgrade

    async def _response(self, reader: asyncio.StreamReader, cwriter: asyncio.StreamWriter, method: str, host: bytes | None = None) -> bool:
        """Forward one response; False when the connection must close afterwards."""
        buffer = b""
        while b"\r\n\r\n" not in buffer:
            data = await reader.read(READ)
            if not data:
                await self._bad_gateway(cwriter, "the dev server closed the connection")
                return False
            buffer += data
            if len(buffer) > MAX_HEAD:
                await self._bad_gateway(cwriter, "response head too large")
                return False
        end = buffer.index(b"\r\n\r\n") + 4
        head, rest = buffer[:end], buffer[end:]
        state = _Message()
        parser = httptools.HttpResponseParser(state)
        parser.feed_data(head)
        status = parser.get_status_code()
        keep_alive = parser.should_keep_alive()
        names = {name.lower(): value for name, value in state.headers}
        if 100 <= status < 200:  # an interim answer: pass it on, then the real one
            cwriter.write(head)
            return await self._response_after(reader, cwriter, method, rest, host)
        no_body = method == "HEAD" or status in NO_BODY
        encoding = names.get(b"content-encoding", b"").strip().lower().decode("latin-1")
        if not no_body and names.get(b"content-type", b"").lower().startswith(b"text/html") and encoding in DECODABLE:
            if rest:
                parser.feed_data(rest)
            while not state.done:
                data = await reader.read(READ)
                if not data:
                    break
                parser.feed_data(data)
            body = _decode(b"".join(state.body), encoding)
            if body is None:
                body, drop = b"".join(state.body), (b"content-length", b"transfer-encoding")
            else:
                mock = self.mock_for(host)
                body, drop = rewrite_sdk_urls(body, mock), (b"content-length", b"transfer-encoding", b"content-encoding")
            status_line = head.split(b"\r\n", 1)[0]
            headers = b"".join(name + b": " + value + b"\r\n" for name, value in state.headers if name.lower() not in drop)
            policy = self.policy(self.mock_for(host))
            if policy is not None:
                headers += b"content-security-policy: " + policy + b"\r\n"
            cwriter.write(status_line + b"\r\n" + headers + b"content-length: %d\r\n\r\n" % len(body) + body)
            await cwriter.drain()
            return keep_alive and state.done
        cwriter.write(head)
        if no_body:
            await cwriter.drain()
            return keep_alive
        if rest:
            parser.feed_data(rest)
            cwriter.write(rest)
        while not state.done:
            data = await reader.read(READ)
            if not data:  # a body delimited by the end of the connection
                await cwriter.drain()
                return False
            parser.feed_data(data)
            cwriter.write(data)
            state.body.clear()
            await cwriter.drain()
        await cwriter.drain()
        return keep_alive

    async def _response_after(self, reader: asyncio.StreamReader, cwriter: asyncio.StreamWriter, method: str, rest: bytes, host: bytes | None) -> bool:
        source = _Prefixed(rest, reader) if rest else reader  # what followed the interim head is the next head
        return await self._response(source, cwriter, method, host)  # type: ignore[arg-type]

    async def _relay(self, creader: asyncio.StreamReader, cwriter: asyncio.StreamWriter, ureader: asyncio.StreamReader, uwriter: asyncio.StreamWriter) -> None:
        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(READ):
                    sink.write(data)
                    await sink.drain()
            except ConnectionError:
                pass
            finally:
                sink.close()

        await asyncio.gather(pipe(creader, uwriter), pipe(ureader, cwriter))

    async def _bad_gateway(self, writer: asyncio.StreamWriter, why: object) -> None:
        body = f"minis-py preview: the dev server at {self.target[0]}:{self.target[1]} did not answer ({why})".encode()
        writer.write(b"HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: %d\r\n\r\n" % len(body) + body)
        try:
            await writer.drain()
        except ConnectionError:
            pass


class _Prefixed:
    """A reader that first returns bytes already read."""

    def __init__(self, prefix: bytes, reader: asyncio.StreamReader) -> None:
        self.prefix = prefix
        self.reader = reader

    async def read(self, size: int) -> bytes:
        if self.prefix:
            data, self.prefix = self.prefix, b""
            return data
        return await self.reader.read(size)
