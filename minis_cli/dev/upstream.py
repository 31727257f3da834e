"""A lean HTTP/1.1 client for the preview proxy: pooled keep-alive connections to the dev server and
httptools (uvicorn's C parser) for the responses. httpx cost ~1 ms a request here, more than a dev
server's whole answer; this costs a tenth of that (README: Performance)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httptools

READ_SIZE = 65536
NO_BODY_STATUSES = frozenset({204, 304})


class UpstreamError(Exception):
    """The dev server could not be reached, or answered something that is not HTTP."""


class _Reply:
    """A response as it arrives: status and headers first, then the body, chunk by chunk."""

    def __init__(self, pool: UpstreamPool, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head_only: bool) -> None:
        self._pool = pool
        self._reader = reader
        self._writer = writer
        self._head_only = head_only
        self.headers: list[tuple[bytes, bytes]] = []
        self._chunks: list[bytes] = []
        self._headers_done = False
        self._complete = False
        self._keep_alive = False
        self._parser = httptools.HttpResponseParser(self)
        self.status = 0

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self._headers_done = True
        self.status = self._parser.get_status_code()
        # Asked here: once the message is complete the parser no longer says.
        self._keep_alive = self._parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self._chunks.append(bytes(body))

    def on_message_complete(self) -> None:
        self._complete = True

    async def read_head(self) -> None:
        while not self._headers_done:
            data = await self._reader.read(READ_SIZE)
            if not data:
                raise ConnectionResetError("the dev server closed the connection")
            self._feed(data)
        if self._head_only or self.status in NO_BODY_STATUSES or 100 <= self.status < 200:
            self._complete = True

    def _feed(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            pass
        except httptools.HttpParserError as exc:
            raise UpstreamError(f"the dev server's answer is not HTTP: {exc}") from None

    async def body(self) -> AsyncIterator[bytes]:
        released = False
        try:
            while True:
                while self._chunks:
                    yield self._chunks.pop(0)
                if self._complete:
                    break
                data = await self._reader.read(READ_SIZE)
                if not data:  # a body delimited by the end of the connection
                    break
                self._feed(data)
            if self._complete and self._keep_alive:
                self._pool.release(self._reader, self._writer)
                released = True
        finally:
            if not released:
                self._writer.close()

    async def read_all(self) -> bytes:
        return b"".join([chunk async for chunk in self.body()])


class UpstreamPool:
    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.authority = (f"[{host}]" if ":" in host else host) + f":{port}"

    def release(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if len(self._idle) < 32 and not writer.is_closing():
            self._idle.append((reader, writer))
        else:
            writer.close()

    async def request(self, method: str, target: str, headers: list[tuple[bytes, bytes]], body: bytes | AsyncIterator[bytes] | None) -> _Reply:
        head = [f"{method} {target} HTTP/1.1\r\n".encode("latin-1"), b"host: " + self.authority.encode() + b"\r\n"]
        head += [name + b": " + value + b"\r\n" for name, value in headers]
        streamed = body is not None and not isinstance(body, bytes)
        if isinstance(body, bytes) and (body or method in ("POST", "PUT", "PATCH")):
            head.append(b"content-length: " + str(len(body)).encode() + b"\r\n")
        if streamed:
            head.append(b"transfer-encoding: chunked\r\n")
        head.append(b"\r\n")
        message = b"".join(head)
        for attempt in (0, 1):
            reused = bool(self._idle) and attempt == 0
            try:
                reader, writer = self._idle.pop() if reused else await asyncio.wait_for(asyncio.open_connection(self.host, self.port), 5)
            except (OSError, asyncio.TimeoutError) as exc:
                raise UpstreamError(f"cannot connect to {self.authority}: {exc}") from None
            try:
                writer.write(message)
                if isinstance(body, bytes):
                    writer.write(body)
                elif streamed:
                    async for chunk in body:  # type: ignore[union-attr]
                        if chunk:
                            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    writer.write(b"0\r\n\r\n")
                await writer.drain()
                reply = _Reply(self, reader, writer, method == "HEAD")
                await asyncio.wait_for(reply.read_head(), self.timeout)
                return reply
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                writer.close()
                if reused and not streamed:
                    continue  # the server closed an idle connection: once more on a fresh one
                raise UpstreamError(f"{self.authority} closed the connection: {exc}") from None
            except asyncio.TimeoutError:
                writer.close()
                raise UpstreamError(f"{self.authority} did not answer within {self.timeout:.0f} s") from None
        raise UpstreamError(f"{self.authority} closed the connection")
