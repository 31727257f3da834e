"""The preview proxy's fast path: HTTP/1.1 forwarded at the byte level, on asyncio Protocols.

Each client connection has one upstream connection (kept alive across its requests). Requests are read
whole (they are small in development; 64 MB at most) and sent on with a clean head. What a client may hold
is bounded: a request head past MAX_HEAD is a 431, a head not finished within head_timeout a 408, a body
past MAX_REQUEST_BODY a 413 (each answered after the requests before it, then the connection ends); read
ahead of their responses, at most MAX_QUEUED requests or MAX_QUEUED_BYTES are held (the rest of what arrived
waits unparsed and the client is paused); an idle connection is closed after idle_timeout, and past
MAX_CLIENTS connections a new one gets a 503. Responses pass through
as they arrive: each chunk the dev server sends is written to the client from `data_received`, the same
bytes object, with httptools (uvloop's and uvicorn's C parser) fed alongside only to find where the
response ends. Only HTML responses are held back: their body is decoded, the SDK URL pointed at the mock,
and sent with a new length (and the simulator's Content-Security-Policy). WebSocket upgrades (hot reload)
become a two-way byte relay. Back-pressure is the transports' own: a client that reads slowly pauses the
dev server's socket, and a dev server that reads slowly pauses the client's. A raw relay is the floor here
(docs/performance.md: `minis-py dev`): a full ASGI round trip per request cost twice the dev server's own time.

A network profile (`Forwarder.network`, mock/throttle.py: `minis-py audit` on a Mini, the simulator's network
selector) is applied here, where the page's bytes flow: each response's bytes are written to the client when the
link has carried them (one latency first), in order; the files of a built package wait for the whole package, as
TikTok downloads it before the Mini opens; offline, the page's own requests (fetch, XHR, WebSocket: its network
API calls) fail, and what the page loads as resources comes from the cached package. Without a profile nothing of
this runs.
"""

from __future__ import annotations

import asyncio
import re
import threading
import zlib
from collections import deque
from typing import cast

import httptools

from ..mock import throttle
from .proxy import DECODABLE, content_security_policy, rewrite_sdk_urls

READ = 256 * 1024  # the upstream read buffer
MAX_HEAD = 64 * 1024
MAX_REQUEST_BODY = 64 * 1024 * 1024
LENGTH_DIGITS = len(str(MAX_REQUEST_BODY))  # a shorter Content-Length is within it
MAX_QUEUED = 16  # pipelined requests read ahead of their responses; beyond that the client is paused
MAX_QUEUED_BYTES = 16 * 1024 * 1024  # and their bytes
SLICE = 16 * 1024  # a larger read is parsed in slices: a head's size is known within a slice, and pipelining stops at one
MAX_CLIENTS = 1024  # client connections; past it a new one is answered 503
HEAD_TIMEOUT = 15.0  # seconds a request head may take to arrive, from its first byte (slowloris)
IDLE_TIMEOUT = 120.0  # seconds a connection may sit with no request in flight
WRITE_LIMIT = 1 << 20  # the transports' write buffer high-water mark (the default 64 KB halves 1 MB relays)
NO_BODY = frozenset({204, 304})
HOST_NAME = re.compile(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]")
# A response that may be an HTML page: only these heads are parsed header by header (the check is then exact).
MAYBE_HTML = re.compile(rb"\r\ncontent-type:[ \t]*text/html", re.IGNORECASE)
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
THROTTLE_HELD = 1 << 20  # bytes held back by a network profile before the dev server's socket is paused
# Sec-Fetch-Dest of what a page loads as part of itself (documents, scripts, styles, images, fonts, media): from the
# package. Anything else ("empty": fetch, XHR, beacons; and WebSocket upgrades) is a network API call.
API_DESTINATIONS = frozenset({b"", b"empty"})


class PageNetwork:
    """A network profile as the preview applies it: the link (throttle.Link), and the built package's paths (None: a dev
    server's pages, each response charged as its bytes flow)."""

    def __init__(self, link: throttle.Link, package: frozenset[str] | None = None, entry: str = "/index.html") -> None:
        self.link = link
        self.package = package
        self.entry = entry

    def package_path(self, path: str) -> str | None:
        """The package file a request path names ("/" is the entry page), or None."""
        if self.package is None:
            return None
        from urllib.parse import unquote

        clean = unquote(path.split("?", 1)[0].split("#", 1)[0]) or "/"
        if clean.endswith("/"):
            clean = self.entry if clean == "/" else clean + "index.html"
        name = clean.lstrip("/")
        return name if name in self.package else None


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

    def __init__(
        self,
        target_host: str,
        target_port: int,
        mock_url: str,
        host: str = "127.0.0.1",
        port: int = 0,
        trusted_domains: tuple[str, ...] | None = None,
        mock_port: int | None = None,
        head_timeout: float = HEAD_TIMEOUT,
        idle_timeout: float = IDLE_TIMEOUT,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        """`trusted_domains`: send the simulator's Content-Security-Policy with HTML pages (None: no policy).
        `mock_port`: the mock is bound beside the preview, so a page opened by another host name (a phone on
        the LAN) gets the mock at that host name too."""
        self.target = (target_host, target_port)
        self.mock_url = mock_url
        self.trusted_domains = trusted_domains
        self.mock_port = mock_port
        self._policies: dict[str, bytes] = {}
        self._default_host = b"host: %s:%d\r\n" % (target_host.encode(), target_port)
        self.host = host
        self.requested_port = port
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._connections: set[_Client] = set()
        self.head_timeout = head_timeout
        self.idle_timeout = idle_timeout
        self.max_clients = max_clients
        self._sweep_every = min(1.0, head_timeout / 4, idle_timeout / 4)
        self.network: PageNetwork | None = None  # a network profile (the audit, the simulator): None, the loopback's speed

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
        loop: asyncio.AbstractEventLoop
        try:
            import uvloop

            loop = uvloop.new_event_loop()
        except ImportError:
            loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            server = loop.run_until_complete(loop.create_server(lambda: _Client(self), self.host, self.requested_port, backlog=1024))
            self._server = server
            self.port = server.sockets[0].getsockname()[1]
        except OSError as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        loop.call_later(self._sweep_every, self._sweep)
        loop.run_forever()
        loop.close()

    def _sweep(self) -> None:
        """Every _sweep_every seconds: a head that has not arrived within head_timeout is a 408, a connection
        idle for idle_timeout is closed, one lingering after a refusal is ended. A connection is seen as
        unchanged from one sweep to the next by its count of requests, so nothing is timed per request."""
        loop = self._loop
        if loop is None:
            return
        head_sweeps = max(1, round(self.head_timeout / self._sweep_every))
        idle_sweeps = max(1, round(self.idle_timeout / self._sweep_every))
        for connection in list(self._connections):
            connection.sweep(head_sweeps, idle_sweeps)
        loop.call_later(self._sweep_every, self._sweep)

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._server is None:
            return

        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for connection in list(self._connections):
                connection.abort()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()
            loop.stop()

        self._loop = None
        asyncio.run_coroutine_threadsafe(close(), loop)
        if self._thread is not None:
            self._thread.join(timeout=5)

    @staticmethod
    def refusal(status: bytes, why: str) -> bytes:
        """An answer of the proxy's own to a request it will not forward (431, 408, 413, 503); the connection ends."""
        body = f"minis-py preview: {why}".encode()
        return b"HTTP/1.1 %s\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: %d\r\n\r\n" % (status, len(body)) + body

    def bad_gateway(self, why: object) -> bytes:
        body = f"minis-py preview: the dev server at {self.target[0]}:{self.target[1]} did not answer ({why})".encode()
        return b"HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: %d\r\n\r\n" % len(body) + body


# --- what httptools reports ---------------------------------------------------------------------------


class _Unconnected(asyncio.Transport):
    """The transport of a protocol before connection_made (and the type checker's non-None one): nothing is sent."""

    def write(self, data: bytes | bytearray | memoryview) -> None:
        pass

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass

    def is_closing(self) -> bool:
        return True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def get_write_buffer_size(self) -> int:
        return 0


UNCONNECTED = _Unconnected()


class _Frame:
    """The end of a passed-through response (no on_header, no on_body: nothing of it is copied or called)."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = False

    def on_message_complete(self) -> None:
        self.done = True


class _Page:
    """A response that may be an HTML page: its headers, and its body, collected to be rewritten."""

    __slots__ = ("body", "done", "headers")

    def __init__(self) -> None:
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.done = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.done = True


class _Request:
    """One request as forwarded: its method, the bytes sent upstream, its Host header, whether the client
    keeps the connection afterwards, and whether it is an upgrade (then the connection becomes a relay)."""

    __slots__ = ("data", "dest", "host", "keep", "method", "upgrade", "url")

    def __init__(self, method: str, data: bytes, host: bytes | None, keep: bool, upgrade: bool, url: bytes = b"/", dest: bytes = b"") -> None:
        self.method = method
        self.data = data
        self.host = host
        self.keep = keep
        self.upgrade = upgrade
        self.url = url
        self.dest = dest  # Sec-Fetch-Dest: what the page loads it as


# --- one client connection ---------------------------------------------------------------------------

# What the client side is doing with the response of the request in flight.
HEAD, PASS, HTML, RELAY = range(4)


class _Client(asyncio.Protocol):
    """A client connection: parses its requests, sends them one at a time on its upstream connection and
    relays each response (the parser callbacks on_* are httptools' for the requests)."""

    def __init__(self, forwarder: Forwarder) -> None:
        self.forwarder = forwarder
        self.transport: asyncio.Transport = UNCONNECTED
        self.parser = httptools.HttpRequestParser(self)
        # the request being parsed
        self.url = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.body_size = 0
        self.keep_request = True
        self.parsed: list[tuple] = []
        self.heading = False  # a request head has begun and is not complete
        self.head_bytes = 0  # the bytes of the slices it has taken so far (those it ended in aside)
        self.piece = 0  # the size of the slice being parsed
        self.oversized = False  # a head that ended in this slice is larger than MAX_HEAD
        self.unparsed = b""  # what arrived while the queue was full: parsed as it drains
        self.refusal: bytes | None = None  # an answer of the proxy's own, sent once the requests before it are answered
        self.lingering = False  # the refusal is sent: what the client still sends is read and dropped until it closes
        # what the sweeper saw last: the requests begun so far, and for how many sweeps nothing changed
        self.begun = 0
        self.seen_begun = -1
        self.still = 0
        # requests waiting for the one in flight (pipelining) and the one in flight
        self.queue: deque[_Request] = deque()
        self.queued_bytes = 0
        self.current: _Request | None = None
        self.upgraded = False  # an upgrade request was read: the rest is the relay's
        self.raw_pending = b""  # bytes after an upgrade request, before it is sent
        # upstream
        self.upstream: _Upstream | None = None
        self.connecting = False
        self.reused = False  # the upstream connection answered before: a close before any byte is retried once
        self.answered = False  # a byte of the current response arrived
        # the response in flight
        self.mode = HEAD
        self.head = b""
        self.response_parser: httptools.HttpResponseParser | None = None
        self.response_state: _Frame | _Page | None = None
        self.keep_response = True
        self.html: tuple[bytes, list[tuple[bytes, bytes]], str] | None = None
        # flow control
        self.closed = False
        self.client_eof = False
        self.paused_by_upstream = False
        self.paused_by_queue = False
        self.reading_paused = False
        self.writing_paused = False
        # a network profile (Forwarder.network): the response in flight's transfer on the link, or the loop time its
        # package is on the phone; what waits to be written, in order, as (loop time, bytes)
        self.transfer: throttle.Transfer | float | None = None
        self.held: deque[tuple[float, bytes]] = deque()
        self.held_bytes = 0
        self.held_timer: asyncio.TimerHandle | None = None
        self.close_when_sent = False
        self.paused_by_throttle = False

    # --- transport events ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # a TCP connection's: a read-write transport
        self.transport.set_write_buffer_limits(WRITE_LIMIT)
        if len(self.forwarder._connections) >= self.forwarder.max_clients:
            self.transport.write(self.forwarder.refusal(b"503 Service Unavailable", f"{self.forwarder.max_clients} connections are open already"))
            self.close()
            return
        self.forwarder._connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.forwarder._connections.discard(self)
        if self.upstream is not None:
            self.upstream.close()

    def eof_received(self) -> bool:
        self.client_eof = True
        if self.lingering:
            return False
        if self.mode == RELAY:
            if self.upstream is not None:
                self.upstream.close()
            return False
        # answer what was asked (and send a refusal), then close; idle: close now
        return self.current is not None or bool(self.queue) or bool(self.unparsed) or self.refusal is not None

    def pause_writing(self) -> None:
        self.writing_paused = True
        if self.upstream is not None:
            self.upstream.pause()

    def resume_writing(self) -> None:
        self.writing_paused = False
        if self.upstream is not None and not self.paused_by_throttle:
            self.upstream.resume()

    def abort(self) -> None:
        self.held.clear()
        if self.held_timer is not None:
            self.held_timer.cancel()
        self.transport.abort()
        if self.upstream is not None:
            self.upstream.abort()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if self.held:
                self.close_when_sent = True  # after what the network profile still holds back
            else:
                self.transport.close()  # after what is buffered is sent
        if self.upstream is not None:
            self.upstream.close()
            self.upstream = None

    def _update_reading(self) -> None:
        paused = (self.paused_by_upstream or self.paused_by_queue or self.refusal is not None) and not self.lingering
        if paused != self.reading_paused and not self.closed:
            self.reading_paused = paused
            if paused:
                self.transport.pause_reading()
            else:
                self.transport.resume_reading()

    # --- requests -----------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        if self.upgraded:  # bytes after an upgrade request: the relay's (held until the request is sent)
            if self.mode == RELAY:
                if self.upstream is not None:
                    self.upstream.write(data)
            else:
                self.raw_pending += data
            return
        if self.refusal is not None or self.lingering:  # refused: nothing more is parsed
            return
        if self.unparsed:  # (a transport may deliver what it had read before the pause took effect)
            self.unparsed += data
            return
        self._feed(data)
        self._next()

    def _feed(self, data: bytes) -> None:
        """Parse what arrived: in SLICEs when it is larger, so a head's size is known within a slice and
        the queue's bound holds within one (what follows a full queue waits in self.unparsed)."""
        size = len(data)
        start = 0
        while True:
            end = size if size - start <= SLICE else start + SLICE
            piece = data if end - start == size else memoryview(data)[start:end]
            self.piece = end - start
            try:
                self.parser.feed_data(piece)
            except httptools.HttpParserUpgrade as exc:
                offset = exc.args[0] if exc.args else end - start
                self.upgraded = True
                self._queue_parsed(upgrade=True)
                self.raw_pending = bytes(data[start + offset :])
                return
            except httptools.HttpParserError:
                self._queue_parsed()
                self._drop_queue()
                if self.current is None:
                    self.close()
                else:
                    self.client_eof = True  # answer what was asked, then close
                return
            if self.parsed:
                self._queue_parsed()
            if self.heading or self.oversized:
                self.head_bytes += end - start
                if self.head_bytes > MAX_HEAD or self.oversized:
                    self._refuse(b"431 Request Header Fields Too Large", f"the request head is larger than {MAX_HEAD // 1024} KB")
                    return
            if self.body_size > MAX_REQUEST_BODY:
                self._refuse(b"413 Content Too Large", f"the request body is larger than {MAX_REQUEST_BODY // (1024 * 1024)} MB")
                return
            if end == size:
                break
            start = end
            if self._crowded():
                self.unparsed = bytes(data[start:])
                break
        if self._crowded():
            self.paused_by_queue = True
            self._update_reading()

    def _crowded(self) -> bool:
        return len(self.queue) >= MAX_QUEUED or self.queued_bytes >= MAX_QUEUED_BYTES

    def _drop_queue(self) -> None:
        self.queue.clear()
        self.queued_bytes = 0
        self.unparsed = b""

    def _refuse(self, status: bytes, why: str) -> None:
        """Answer `status` after the requests already read, then end the connection; read nothing more."""
        self.refusal = self.forwarder.refusal(status, why)
        self.unparsed = b""
        self.url, self.headers, self.body = b"", [], []  # what was read of the refused request
        self._update_reading()

    def _send_refusal(self) -> None:
        """The refusal, then this side's end of the connection; what the client still sends is read and dropped
        (closing with unread bytes would reset the connection, and the client could lose the answer) until it
        closes, or the sweeper ends it."""
        assert self.refusal is not None
        self.transport.write(self.refusal)
        self.lingering = True
        self.still = 0
        self._drop_queue()
        if self.upstream is not None:
            self.upstream.close()
            self.upstream = None
        if self.client_eof or not self.transport.can_write_eof():
            self.close()
        else:
            self.transport.write_eof()
            self._update_reading()

    def sweep(self, head_sweeps: int, idle_sweeps: int) -> None:
        """The sweeper's look at this connection (Forwarder._sweep)."""
        if self.closed:
            return
        if self.begun != self.seen_begun:  # a request began since the last look
            self.seen_begun, self.still = self.begun, 0
            return
        self.still += 1
        if self.lingering:
            if self.still >= 2:
                self.abort()
        elif self.heading:
            if self.still >= head_sweeps and self.refusal is None:
                self._refuse(b"408 Request Timeout", f"the request head did not arrive within {self.forwarder.head_timeout:g} s")
                self._next()
        elif self.current is None and not self.queue and self.mode != RELAY and not self.upgraded and not self.connecting:
            if self.still >= idle_sweeps:
                self.close()
        else:
            self.still = 0  # a request in flight (the dev server may take its time) or a relay

    def on_message_begin(self) -> None:
        self.heading = True
        self.head_bytes = 0
        self.begun += 1
        self.url = b""
        self.headers = []
        self.body = []
        self.body_size = 0

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))
        if len(name) == 14 and len(value) >= LENGTH_DIGITS and name.lower() == b"content-length" and value.strip().isdigit() and int(value) > MAX_REQUEST_BODY:
            self.body_size = MAX_REQUEST_BODY + 1  # declared too large: refused before its body is read

    def on_headers_complete(self) -> None:
        self.heading = False
        if self.head_bytes + self.piece > MAX_HEAD and self._head_size() > MAX_HEAD:  # (a head in one slice is within it)
            self.oversized = True
        self.keep_request = self.parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self.body.append(body)
        self.body_size += len(body)

    def _head_size(self) -> int:
        """The size of the head just parsed, as its parts add up (what separates them aside, a few bytes a line)."""
        return len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers) + 16

    def on_message_complete(self) -> None:
        if self.oversized:
            return
        self.parsed.append((self.parser.get_method().decode(), self.url, self.headers, self.body, self.keep_request))

    def _queue_parsed(self, upgrade: bool = False) -> None:
        parsed = self.parsed
        if not parsed:
            return
        self.parsed = []
        last = len(parsed) - 1
        for index, (method, url, headers, body, keep) in enumerate(parsed):
            request = self._request(method, url, headers, body, keep, upgrade and index == last)
            self.queue.append(request)
            self.queued_bytes += len(request.data)

    def _request(self, method: str, url: bytes, headers: list[tuple[bytes, bytes]], chunks: list[bytes], keep: bool, upgrade: bool) -> _Request:
        host_seen: bytes | None = None
        dest = b""
        lines = [method.encode() + b" " + url + b" HTTP/1.1\r\n"]
        for name, value in headers:
            lower = name.lower()
            if lower == b"host":
                host_seen = value
            elif lower in (b"transfer-encoding", b"content-length") and not upgrade:
                continue
            elif lower == b"sec-fetch-dest":
                dest = value.strip().lower()
            lines.append(name + b": " + value + b"\r\n")
        if host_seen is None:
            lines.append(self.forwarder._default_host)
        body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        if body or method in BODY_METHODS:
            lines.append(b"content-length: %d\r\n" % len(body))
        lines.append(b"\r\n")
        if body:
            lines.append(body)
        return _Request(method, b"".join(lines), host_seen, keep, upgrade, url, dest)

    def _next(self) -> None:
        """Send the next queued request, when none is in flight."""
        if self.current is not None or self.closed or self.lingering:
            return
        if not self.queue:
            if self.refusal is not None:
                self._send_refusal()
            elif self.client_eof:
                self.close()
            return
        current = self.current = self.queue.popleft()
        self.queued_bytes -= len(current.data)
        upstream = self.upstream
        if upstream is None or upstream.lost:
            self.upstream = None
            self._connect()
        else:
            self._send()
        if self.paused_by_queue and len(self.queue) < MAX_QUEUED // 2 and self.queued_bytes < MAX_QUEUED_BYTES // 2:
            self.paused_by_queue = False
            if self.unparsed:  # what waited for room (its own _next returns at once: a request is in flight)
                data, self.unparsed = self.unparsed, b""
                self._feed(data)
            self._update_reading()

    def _connect(self) -> None:
        if self.connecting:
            return
        self.connecting = True
        self.reused = False
        asyncio.get_running_loop().create_task(self._open())

    async def _open(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            _, upstream = await asyncio.wait_for(loop.create_connection(lambda: _Upstream(self), *self.forwarder.target), 5)
        except (TimeoutError, OSError) as exc:
            self.connecting = False
            self._fail(exc)
            return
        self.connecting = False
        if self.closed:
            upstream.close()
            return
        self.upstream = upstream
        if self.writing_paused or self.paused_by_throttle:
            upstream.pause()
        self._send()

    def _send(self) -> None:
        request = self.current
        upstream = self.upstream
        assert request is not None and upstream is not None
        network = self.forwarder.network
        if network is not None and not self._through(network, request):
            return
        self.mode = HEAD
        self.head = b""
        self.answered = False
        upstream.write(request.data)
        if request.upgrade:
            self.mode = RELAY
            self.current = None
            pending, self.raw_pending = self.raw_pending, b""
            if pending:
                upstream.write(pending)
            if self.client_eof:
                self.close()

    def _fail(self, why: object) -> None:
        """A 502 that says why, and the end of the connection."""
        if not self.closed:
            self.transport.write(self.forwarder.bad_gateway(why))
        self._drop_queue()
        self.current = None
        self.close()

    def _done(self, keep: bool) -> None:
        """The response in flight has been forwarded whole."""
        request = self.current
        self.current = None
        self.mode = HEAD
        self.response_parser = self.response_state = self.html = None
        self.transfer = None
        self.reused = True
        if not (keep and request is not None and request.keep):
            self._drop_queue()
            self.close()
            return
        self._next()

    # --- responses (called by _Upstream) -------------------------------------------------------

    def upstream_data(self, data: bytes | memoryview) -> None:
        mode = self.mode
        if mode == PASS:
            if self.transfer is None and not self.held:
                self.transport.write(data)
            else:
                self._write(data)
            parser, state = self.response_parser, self.response_state
            assert parser is not None and state is not None  # set with the head that made the mode PASS
            try:
                parser.feed_data(data)
            except httptools.HttpParserError:
                self._done(False)
                return
            if state.done:
                self._done(self.keep_response)
            return
        if mode == RELAY:
            self.transport.write(data)
            return
        if self.current is None:  # bytes nobody asked for: this connection cannot be trusted again
            if self.upstream is not None:
                self.upstream.close()
            self.upstream = None
            return
        self.answered = True
        if mode == HTML:
            self._html_data(data)
            return
        self._head_data(data)

    def _head_data(self, data: bytes | memoryview) -> None:
        buffer = self.head + data if self.head else data
        while True:
            # a view of the upstream's buffer starts at its beginning: search the buffer itself, no copy
            end = cast(bytearray, buffer.obj).find(b"\r\n\r\n", 0, len(buffer)) if isinstance(buffer, memoryview) else buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEAD:
                    self._fail("response head too large")
                else:
                    self.head = bytes(buffer)
                return
            end += 4
            if end > MAX_HEAD:
                self._fail("response head too large")
                return
            self.head = b""
            head = memoryview(buffer)[:end]
            state = _Frame()
            parser = httptools.HttpResponseParser(state)
            try:
                parser.feed_data(head)
            except httptools.HttpParserError:
                self._done(False)
                return
            status = parser.get_status_code()
            if 100 <= status < 200:  # an interim answer: pass it on, then the real one
                self._write(bytes(head))
                buffer = bytes(buffer[end:])
                if not buffer:
                    return
                continue
            break
        keep_alive = parser.should_keep_alive()
        request = self.current
        assert request is not None  # upstream_data returned early without one
        if request.method == "HEAD" or status in NO_BODY:
            self._write(buffer[:end] if len(buffer) > end else buffer)
            self._done(keep_alive)
            return
        if MAYBE_HTML.search(buffer, 0, end) and self._page(buffer, end, keep_alive):
            return
        self._write(buffer)  # the head and what followed: one write
        rest = buffer[end:] if len(buffer) > end else b""
        if rest:
            try:
                parser.feed_data(rest)
            except httptools.HttpParserError:
                self._done(False)
                return
        if state.done:
            self._done(keep_alive)
            return
        self.mode = PASS
        self.keep_response = keep_alive
        self.response_parser = parser
        self.response_state = state

    def _page(self, buffer: bytes | memoryview, end: int, keep_alive: bool) -> bool:
        """An HTML page in an encoding it can decode is held back to be rewritten: True. Else False."""
        page = _Page()
        parser = httptools.HttpResponseParser(page)
        head = buffer[:end]
        parser.feed_data(head)
        content_type = encoding = b""
        for name, value in page.headers:
            lower = name.lower()
            if lower == b"content-type":
                content_type = value
            elif lower == b"content-encoding":
                encoding = value
        text_encoding = encoding.strip().lower().decode("latin-1")
        if content_type[:9].lower() != b"text/html" or text_encoding not in DECODABLE:
            return False
        self.mode = HTML
        self.keep_response = keep_alive
        self.html = (bytes(head), page.headers, text_encoding)
        self.response_state = page
        self.response_parser = parser
        self._html_data(buffer[end:])
        return True

    def _html_data(self, data: bytes | memoryview) -> None:
        parser, state = self.response_parser, self.response_state
        assert parser is not None and state is not None  # set with the head that made the mode HTML
        if data:
            try:
                parser.feed_data(data)
            except httptools.HttpParserError:
                self._html_send(False)
                return
        if state.done:
            self._html_send(self.keep_response)

    def _html_send(self, keep: bool) -> None:
        state, current = self.response_state, self.current
        assert self.html is not None and isinstance(state, _Page) and current is not None  # an HTML response in flight
        head, headers, encoding = self.html
        raw = b"".join(state.body)
        done = state.done
        body = _decode(raw, encoding)
        host = current.host
        drop: tuple[bytes, ...]
        if body is None:
            body, drop = raw, (b"content-length", b"transfer-encoding")
        else:
            body, drop = rewrite_sdk_urls(body, self.forwarder.mock_for(host)), (b"content-length", b"transfer-encoding", b"content-encoding")
        status_line = head.split(b"\r\n", 1)[0]
        lines = [status_line, b"\r\n"]
        for name, value in headers:
            if name.lower() not in drop:
                lines += (name, b": ", value, b"\r\n")
        policy = self.forwarder.policy(self.forwarder.mock_for(host))
        if policy is not None:
            lines += (b"content-security-policy: ", policy, b"\r\n")
        lines += (b"content-length: %d\r\n\r\n" % len(body), body)
        self._write(b"".join(lines))
        self._done(keep and done)

    # --- a network profile ---------------------------------------------------------------------

    def _through(self, network: PageNetwork, request: _Request) -> bool:
        """Whether the request goes on (and how its response will be charged), or fails as offline: False."""
        link = network.link
        api_call = request.upgrade or request.dest in API_DESTINATIONS
        if link.offline:
            if api_call:  # no network: the connection fails as a phone's would (fetch rejects)
                self.current = None
                self._drop_queue()
                self.abort()
                self.closed = True
                return False
            self.transfer = None  # the page's own files: from the cached package
            return True
        if request.upgrade:
            self.transfer = None  # a WebSocket (hot reload): relayed as it is
            return True
        path = request.url.decode("latin-1")
        owned = network.package_path(path) if not api_call else None
        self.transfer = link.package_ready(owned) if owned is not None else link.begin(path)
        return True

    def _write(self, data: bytes | memoryview) -> None:
        """Response bytes to the client: now, or when the network profile's link has carried them."""
        transfer = self.transfer
        if transfer is None and not self.held:
            self.transport.write(data)
            return
        network = self.forwarder.network
        if isinstance(transfer, float):
            when = transfer
        elif transfer is not None and network is not None:
            when = network.link.carry(transfer, len(data))
        else:
            when = 0.0  # after what is held already
        self.held.append((when, bytes(data)))  # a view of the upstream's buffer is reused by its next read: a copy
        self.held_bytes += len(data)
        if self.held_bytes > THROTTLE_HELD and not self.paused_by_throttle and self.upstream is not None:
            self.paused_by_throttle = True
            self.upstream.pause()
        if self.held_timer is None:
            self._release()

    def _release(self) -> None:
        """Write what the link has carried by now; wake again for the next."""
        self.held_timer = None
        loop = asyncio.get_running_loop()
        now = loop.time()
        held = self.held
        while held and held[0][0] <= now:
            _, data = held.popleft()
            self.held_bytes -= len(data)
            self.transport.write(data)
        if held:
            self.held_timer = loop.call_at(held[0][0], self._release)
        elif self.close_when_sent:
            self.close_when_sent = False
            self.transport.close()
        if self.paused_by_throttle and self.held_bytes <= THROTTLE_HELD // 2:
            self.paused_by_throttle = False
            if self.upstream is not None and not self.writing_paused:
                self.upstream.resume()

    def upstream_closed(self) -> None:
        """The dev server ended the upstream connection."""
        self.upstream = None
        if self.paused_by_upstream:  # its pause_writing has no resume_writing to come
            self.paused_by_upstream = False
            self._update_reading()
        if self.closed:
            return
        mode = self.mode
        if mode == RELAY:
            self.close()
            return
        if self.current is None:
            return  # idle: the next request opens a new one
        if mode == HEAD:
            if not self.answered and self.reused:  # a kept-alive connection the dev server had closed: once more
                self.reused = False
                self._connect()
                return
            self._fail("the dev server closed the connection")
            return
        if mode == HTML:  # a body delimited by the end of the connection
            self._html_send(False)
            return
        self._done(False)  # PASS: the same; the client's connection ends with it


class _Upstream(asyncio.BufferedProtocol):
    """The connection to the dev server of one client connection. It reads into a buffer of its own
    (uvloop would copy each read into a new bytes object), and the client's transport is handed views of
    it; the buffer is reused once the client's transport has sent all it was given, else replaced."""

    __slots__ = ("buffer", "client", "lost", "paused", "transport", "view")

    def __init__(self, client: _Client) -> None:
        self.client = client
        self.transport: asyncio.Transport = UNCONNECTED
        self.lost = False
        self.paused = False
        self.buffer: bytearray | None = None
        self.view: memoryview | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # a TCP connection's: a read-write transport
        self.transport.set_write_buffer_limits(WRITE_LIMIT)

    def get_buffer(self, sizehint: int) -> memoryview:
        if self.view is None:
            self.buffer = bytearray(READ)
            self.view = memoryview(self.buffer)
        return self.view

    def buffer_updated(self, nbytes: int) -> None:
        client = self.client
        if client.upstream is not self:
            return
        view = self.view
        assert view is not None  # get_buffer made it
        client.upstream_data(view[:nbytes])
        transport = client.transport
        if transport is UNCONNECTED or transport.get_write_buffer_size():
            self.view = None  # the client's transport still holds part of this buffer: the next read gets a new one

    def eof_received(self) -> bool:
        self._gone()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._gone()

    def _gone(self) -> None:
        if not self.lost:
            self.lost = True
            if self.client.upstream is self:
                self.client.upstream_closed()

    def pause_writing(self) -> None:
        self.client.paused_by_upstream = True
        self.client._update_reading()

    def resume_writing(self) -> None:
        self.client.paused_by_upstream = False
        self.client._update_reading()

    def write(self, data: bytes) -> None:
        self.transport.write(data)

    def pause(self) -> None:
        if not self.paused and not self.lost:
            self.paused = True
            self.transport.pause_reading()

    def resume(self) -> None:
        if self.paused and not self.lost:
            self.paused = False
            self.transport.resume_reading()

    def close(self) -> None:
        self.lost = True
        self.transport.close()

    def abort(self) -> None:
        self.lost = True
        self.transport.abort()
