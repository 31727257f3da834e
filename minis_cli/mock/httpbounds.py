"""uvicorn's httptools protocol with bounded request heads, as the preview proxy bounds them.

uvicorn's limits on a request head (`h11_max_incomplete_event_size`) belong to its h11 parser; the httptools one,
which the mock runs on for speed, reads a head of any size for any time (a 64 MB header or a 32 MB URL was read and
kept). Here the head's bytes are counted as the parser hands them over (the URL and each header, as they arrive, so
a huge head is cut off within one read) and a head past HEAD_LIMIT is answered 431; a connection whose head (or
first request) is not complete within HEAD_TIMEOUT gets 408. The timing is one timer a connection, re-armed only
when it fires, not one a request: a request costs two attribute writes.
"""

from __future__ import annotations

from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_LIMIT = 64 * 1024
HEAD_TIMEOUT = 15.0
DRAIN_SECONDS = 2.0  # after a 431/408, how long the rest of the client's head is read and dropped


class _HeadTooLarge(Exception):
    pass


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    head_limit = HEAD_LIMIT
    head_timeout = HEAD_TIMEOUT

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._discarding = False
        self._head_bytes = 0
        self._head_since: float | None = self.loop.time()  # waiting for the first request's head
        self._head_timer = self.loop.call_later(self.head_timeout, self._check_head)

    def connection_lost(self, exc: Exception | None) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
        super().connection_lost(exc)

    def _check_head(self) -> None:
        if self.transport.is_closing() or self._discarding:
            return
        since = self._head_since
        now = self.loop.time()
        if since is not None and now - since >= self.head_timeout:
            self._refuse(408, b"Request Timeout", f"the request head was not complete within {self.head_timeout:g} s")
            return
        wait = self.head_timeout if since is None else self.head_timeout - (now - since)
        self._head_timer = self.loop.call_later(max(wait, 0.05), self._check_head)

    def _refuse(self, status: int, reason: bytes, message: str) -> None:
        """Answer, then half-close and drop what the client still sends (closing at once would reset the connection
        under a client still writing its head, and it would never read the answer); closed within a few seconds."""
        body = f"mock TikTok: {message}\n".encode()
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\nconnection: close\r\n\r\n%s"
            % (status, reason, len(body), body)
        )
        self._discarding = True
        self.parser = httptools.HttpRequestParser(self)  # nothing more of this connection is parsed
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(DRAIN_SECONDS, self.transport.close)
        else:  # pragma: no cover - a transport without half-close
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._discarding:
            return
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
        except httptools.HttpParserError as exc:
            if isinstance(exc.__context__, _HeadTooLarge) or isinstance(exc.__cause__, _HeadTooLarge) or self._head_bytes > self.head_limit:
                self._refuse(431, b"Request Header Fields Too Large", f"the request head is over {self.head_limit // 1024} KB")
                return
            msg = "Invalid HTTP request received."
            self.logger.warning(msg)
            self.send_400_response(msg)

    def _count(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > self.head_limit:
            raise _HeadTooLarge()

    def on_message_begin(self) -> None:
        self._head_bytes = 0
        if self._head_since is None:
            self._head_since = self.loop.time()
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._head_since = None
        super().on_headers_complete()
