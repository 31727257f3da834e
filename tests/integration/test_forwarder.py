"""The preview proxy's framing, flow control and connection handling, against a raw upstream that sends
exactly the bytes each test needs (test_dev.py covers the rewrite, the policy and WebSockets over Starlette)."""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from minis_cli.dev.forwarder import MAX_HEAD, MAX_QUEUED, MAX_REQUEST_BODY, SLICE, Forwarder

SDK = b"https://connect.tiktok-minis.com/game/sdk.js"
MOCK = "http://127.0.0.1:9999"


class RawUpstream:
    """A dev server that runs `handler(conn)` for each connection, in a thread of its own."""

    def __init__(self, handler: Callable[[socket.socket], None]) -> None:
        self.handler = handler
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self.handler(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.sock.close()


def read_request(conn: socket.socket, buffer: bytearray) -> bytes | None:
    """One request head (and its content-length body) from `buffer` + the socket; None at the end."""
    while b"\r\n\r\n" not in buffer:
        data = conn.recv(65536)
        if not data:
            return None
        buffer += data
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(buffer) < end + length:
        buffer += conn.recv(65536)
    request = bytes(buffer[: end + length])
    del buffer[: end + length]
    return request


def serve_each(answer: Callable[[bytes], bytes]) -> Callable[[socket.socket], None]:
    """A keep-alive handler answering each request with answer(request)."""

    def handler(conn: socket.socket) -> None:
        buffer = bytearray()
        while (request := read_request(conn, buffer)) is not None:
            conn.sendall(answer(request))

    return handler


@pytest.fixture
def proxy_to() -> Iterator[Callable[..., tuple[RawUpstream, Forwarder]]]:
    started: list[tuple[RawUpstream, Forwarder]] = []

    def start(handler: Callable[[socket.socket], None], **options: object) -> tuple[RawUpstream, Forwarder]:
        upstream = RawUpstream(handler)
        proxy = Forwarder("127.0.0.1", upstream.port, MOCK, **options).start()  # type: ignore[arg-type]
        started.append((upstream, proxy))
        return upstream, proxy

    yield start
    for upstream, proxy in started:
        proxy.stop()
        upstream.close()


def connect(proxy: Forwarder) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
    return sock


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while data := sock.recv(65536):
        chunks.append(data)
    return b"".join(chunks)


def read_response(sock: socket.socket, buffer: bytearray, head_only: bool = False) -> tuple[bytes, bytes]:
    """One response (head, body) with a content-length or chunked body, from `buffer` + the socket."""
    while b"\r\n\r\n" not in buffer:
        data = sock.recv(65536)
        assert data, f"connection closed; got {bytes(buffer)!r}"
        buffer += data
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end])
    del buffer[:end]
    lower = head.lower()
    if head_only:
        return head, b""
    if b"transfer-encoding: chunked" in lower:
        while not buffer.endswith(b"0\r\n\r\n"):
            buffer += sock.recv(65536)
        body = bytes(buffer)
        buffer.clear()
        return head, body
    length = int(lower.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0]) if b"content-length:" in lower else 0
    while len(buffer) < length:
        buffer += sock.recv(65536)
    body = bytes(buffer[:length])
    del buffer[:length]
    return head, body


def ok(body: bytes, content_type: bytes = b"text/plain", extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\ncontent-type: " + content_type + b"\r\ncontent-length: %d\r\n" % len(body) + extra + b"\r\n" + body


def test_a_chunked_response_passes_with_its_framing(proxy_to) -> None:
    chunked = b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
    _, proxy = proxy_to(serve_each(lambda request: chunked))
    with connect(proxy) as sock:
        buffer = bytearray()
        for _ in range(2):  # the end of the first is found: the connection serves a second
            sock.sendall(b"GET /c HTTP/1.1\r\nhost: x\r\n\r\n")
            head, body = read_response(sock, buffer)
            assert head + body == chunked


def test_a_body_delimited_by_the_close_reaches_the_client_and_then_the_close(proxy_to) -> None:
    payload = bytes(range(256)) * 3000

    def handler(conn: socket.socket) -> None:
        read_request(conn, bytearray())
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n\r\n")
        for start in range(0, len(payload), 100_000):
            conn.sendall(payload[start : start + 100_000])
            time.sleep(0.01)

    _, proxy = proxy_to(handler)
    with connect(proxy) as sock:
        sock.sendall(b"GET /raw HTTP/1.1\r\nhost: x\r\n\r\n")
        received = read_all(sock)  # ends: the proxy closes after the dev server did
    assert received.split(b"\r\n\r\n", 1)[1] == payload


def test_a_close_delimited_html_page_is_rewritten_with_a_length(proxy_to) -> None:
    page = b'<script src="' + SDK + b'"></script>'

    def handler(conn: socket.socket) -> None:
        read_request(conn, bytearray())
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-encoding: gzip\r\n\r\n" + gzip.compress(page))

    _, proxy = proxy_to(handler, trusted_domains=())
    with connect(proxy) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        head, body = read_all(sock).split(b"\r\n\r\n", 1)
    assert body == page.replace(SDK, MOCK.encode() + b"/game/sdk.js")
    assert b"content-length: %d" % len(body) in head and b"content-encoding" not in head.lower()
    assert b"content-security-policy: " in head


def test_interim_responses_pass_before_the_final_one(proxy_to) -> None:
    early = b"HTTP/1.1 103 Early Hints\r\nlink: </src/style.css>; rel=preload\r\n\r\n"

    def handler(conn: socket.socket) -> None:
        buffer = bytearray()
        read_request(conn, buffer)
        conn.sendall(early)  # alone
        time.sleep(0.05)
        conn.sendall(ok(b"first"))
        read_request(conn, buffer)
        conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n" + early + ok(b"second"))  # all in one write

    _, proxy = proxy_to(handler)
    with connect(proxy) as sock:
        buffer = bytearray()
        sock.sendall(b"GET /1 HTTP/1.1\r\nhost: x\r\n\r\n")
        assert read_response(sock, buffer, head_only=True)[0] == early
        assert read_response(sock, buffer)[1] == b"first"
        sock.sendall(b"GET /2 HTTP/1.1\r\nhost: x\r\n\r\n")
        assert read_response(sock, buffer, head_only=True)[0] == b"HTTP/1.1 100 Continue\r\n\r\n"
        assert read_response(sock, buffer, head_only=True)[0] == early
        assert read_response(sock, buffer)[1] == b"second"


def test_head_204_and_304_have_no_body_and_the_connection_goes_on(proxy_to) -> None:
    def answer(request: bytes) -> bytes:
        if request.startswith(b"HEAD"):
            return b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 5000\r\n\r\n"
        if b" /204 " in request:
            return b"HTTP/1.1 204 No Content\r\n\r\n"
        if b" /304 " in request:
            return b'HTTP/1.1 304 Not Modified\r\netag: "x"\r\n\r\n'
        return ok(b"after")

    _, proxy = proxy_to(serve_each(answer))
    with connect(proxy) as sock:
        buffer = bytearray()
        for request, status in ((b"HEAD / HTTP/1.1", b"200"), (b"GET /204 HTTP/1.1", b"204"), (b"GET /304 HTTP/1.1", b"304")):
            sock.sendall(request + b"\r\nhost: x\r\n\r\n")
            head, _ = read_response(sock, buffer, head_only=True)
            assert head.split(b" ")[1] == status
            if status == b"200":
                assert b"content-length: 5000" in head  # the HEAD answer's length, untouched, and no body
        sock.sendall(b"GET /next HTTP/1.1\r\nhost: x\r\n\r\n")
        assert read_response(sock, buffer)[1] == b"after"


def test_pipelined_requests_are_answered_in_order(proxy_to) -> None:
    def answer(request: bytes) -> bytes:
        line, rest = request.split(b"\r\n", 1)
        return ok(line + b" | " + rest.split(b"\r\n\r\n", 1)[1])

    _, proxy = proxy_to(serve_each(answer))
    with connect(proxy) as sock:
        sock.sendall(
            b"GET /a HTTP/1.1\r\nhost: x\r\n\r\n"
            b"POST /b HTTP/1.1\r\nhost: x\r\ncontent-length: 4\r\n\r\nbody"
            b"PUT /c HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            b"GET /d HTTP/1.1\r\nhost: x\r\n\r\n"
        )
        buffer = bytearray()
        bodies = [read_response(sock, buffer)[1] for _ in range(4)]
    assert bodies == [b"GET /a HTTP/1.1 | ", b"POST /b HTTP/1.1 | body", b"PUT /c HTTP/1.1 | abc", b"GET /d HTTP/1.1 | "]


def test_a_slow_reader_holds_the_dev_server_back_instead_of_filling_memory(proxy_to) -> None:
    size = 20 * 1024 * 1024
    payload = (bytes(range(256)) * 4096)[: 1024 * 1024] * 20

    def handler(conn: socket.socket) -> None:
        read_request(conn, bytearray())
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: %d\r\n\r\n" % size)
        view = memoryview(payload)
        for start in range(0, size, 65536):
            conn.sendall(view[start : start + 65536])

    _, proxy = proxy_to(handler)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    sock.settimeout(10)
    sock.connect(("127.0.0.1", proxy.port))
    with sock:
        sock.sendall(b"GET /big HTTP/1.1\r\nhost: x\r\n\r\n")
        digest = hashlib.sha256()
        received = 0
        buffered, paused = [], []
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(65536)
        head, first = head.split(b"\r\n\r\n", 1)
        digest.update(first)
        received = len(first)
        for turn in range(size):
            if received >= size:
                break
            data = sock.recv(16384)
            assert data
            digest.update(data)
            received += len(data)
            if turn % 64 == 0:  # a slow reader: the proxy must stop reading from the dev server meanwhile
                time.sleep(0.02)
                connections = list(proxy._connections)
                buffered.append(sum(c.transport.get_write_buffer_size() for c in connections if c.transport))
                paused.append(any(c.upstream is not None and c.upstream.paused for c in connections))
    assert received == size and digest.digest() == hashlib.sha256(payload).digest()
    assert max(buffered) <= 4 * 1024 * 1024  # bounded by the write limit and one read, not by the 20 MB
    assert any(paused)  # (what the kernel buffers between the dev server and the proxy is not the proxy's)


def test_a_kept_alive_connection_the_dev_server_closed_is_opened_again(proxy_to) -> None:
    def handler(conn: socket.socket) -> None:  # answers one request, then ends its keep-alive (like Node after 5 s)
        read_request(conn, bytearray())
        conn.sendall(ok(b"fresh", extra=b"connection: keep-alive\r\n"))

    upstream, proxy = proxy_to(handler)
    with connect(proxy) as sock:
        buffer = bytearray()
        for _ in range(3):
            sock.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
            head, body = read_response(sock, buffer)
            assert head.startswith(b"HTTP/1.1 200") and body == b"fresh"
            time.sleep(0.1)  # the dev server's close arrives while the connection is idle
        assert upstream.connections == 3


def test_a_dev_server_that_closes_without_answering_is_a_502(proxy_to) -> None:
    def handler(conn: socket.socket) -> None:
        read_request(conn, bytearray())

    _, proxy = proxy_to(handler)
    with connect(proxy) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        response = read_all(sock)
    assert response.startswith(b"HTTP/1.1 502 Bad Gateway\r\n")
    assert response.endswith(b"did not answer (the dev server closed the connection)")


def test_a_response_head_too_large_is_a_502(proxy_to) -> None:
    def handler(conn: socket.socket) -> None:
        read_request(conn, bytearray())
        conn.sendall(b"HTTP/1.1 200 OK\r\n" + b"x-filler: " + b"a" * 70_000 + b"\r\n\r\n")
        time.sleep(1)

    _, proxy = proxy_to(handler)
    with connect(proxy) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        assert read_all(sock).endswith(b"did not answer (response head too large)")


def test_a_request_body_declared_over_the_limit_is_a_413_before_it_is_read(proxy_to) -> None:
    upstream, proxy = proxy_to(serve_each(lambda request: ok(b"never")))
    with connect(proxy) as sock:
        sock.sendall(b"POST /upload HTTP/1.1\r\nhost: x\r\ncontent-length: %d\r\n\r\n" % (MAX_REQUEST_BODY + 1024 * 1024))
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 413 ") and b"connection: close" in answer and answer.endswith(b"larger than 64 MB")
    assert upstream.connections == 0


def test_a_chunked_request_body_over_the_limit_is_a_413(proxy_to) -> None:
    upstream, proxy = proxy_to(serve_each(lambda request: ok(b"never")))
    answer = b""
    with connect(proxy) as sock:
        sock.sendall(b"POST /upload HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n")
        block = b"%x\r\n" % (1024 * 1024) + b"x" * (1024 * 1024) + b"\r\n"
        try:
            for _ in range(MAX_REQUEST_BODY // (1024 * 1024) + 2):
                sock.sendall(block)
            answer = read_all(sock)
        except OSError:  # the proxy ended the connection while the rest was still being sent
            pass
    assert answer.startswith(b"HTTP/1.1 413 ") or answer == b""
    assert upstream.connections == 0


def test_an_http_1_0_client_gets_its_answer_and_the_close(proxy_to) -> None:
    _, proxy = proxy_to(serve_each(lambda request: ok(b"old client")))
    with connect(proxy) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        assert read_all(sock).endswith(b"\r\n\r\nold client")


def test_stop_ends_the_thread_with_connections_open(proxy_to) -> None:
    def handler(conn: socket.socket) -> None:  # answers nothing: a request stays in flight
        read_request(conn, bytearray())
        time.sleep(5)

    _, proxy = proxy_to(serve_each(lambda request: ok(b"idle")))
    _, hanging = proxy_to(handler)
    idle = connect(proxy)
    idle.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
    read_response(idle, bytearray())
    busy = connect(hanging)
    busy.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
    time.sleep(0.1)
    with idle, busy:
        for forwarder in (proxy, hanging):
            forwarder.stop()
            assert not forwarder._thread.is_alive()  # type: ignore[union-attr]
        assert read_all(idle) == b"" and read_all(busy) == b""


def test_only_html_pages_are_rewritten_whatever_the_header_case(proxy_to) -> None:
    page = b'<script src="' + SDK + b'"></script>'
    answers = {
        b"/upper": b"HTTP/1.1 200 OK\r\nCONTENT-TYPE:\tText/HTML; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(page) + page,
        # two content types: the last one counts, as before (not a page: untouched)
        b"/twice": b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-type: text/plain\r\ncontent-length: %d\r\n\r\n" % len(page) + page,
        b"/named": b"HTTP/1.1 200 OK\r\nx-note: content-type: text/html\r\ncontent-type: text/css\r\ncontent-length: %d\r\n\r\n" % len(page) + page,
    }
    _, proxy = proxy_to(serve_each(lambda request: answers[request.split(b" ")[1]]))
    with connect(proxy) as sock:
        buffer = bytearray()
        sock.sendall(b"GET /upper HTTP/1.1\r\nhost: x\r\n\r\n")
        assert read_response(sock, buffer)[1] == page.replace(SDK, MOCK.encode() + b"/game/sdk.js")
        for path in (b"/twice", b"/named"):
            sock.sendall(b"GET " + path + b" HTTP/1.1\r\nhost: x\r\n\r\n")
            head, body = read_response(sock, buffer)
            assert head + body == answers[path]


# --- issue 28: bounded request heads, slow heads, pipelining, idle connections ------------------------------


def test_a_request_head_past_the_cap_is_a_431_and_never_forwarded(proxy_to) -> None:
    upstream, proxy = proxy_to(serve_each(lambda request: ok(b"fine")))
    for head in (
        b"GET / HTTP/1.1\r\nhost: x\r\nx-big: " + b"a" * (MAX_HEAD + 1) + b"\r\n\r\n",  # one header
        b"GET /" + b"u" * (MAX_HEAD + 1) + b" HTTP/1.1\r\nhost: x\r\n\r\n",  # the URL
        b"GET / HTTP/1.1\r\n" + b"x-h: 1234567\r\n" * (MAX_HEAD // 14 + 1) + b"\r\n",  # many headers
    ):
        with connect(proxy) as sock:
            sock.sendall(head)
            answer = read_all(sock)
        assert answer.startswith(b"HTTP/1.1 431 ") and answer.endswith(b"larger than 64 KB"), answer[:200]
    assert upstream.connections == 0
    with connect(proxy) as sock:  # the proxy goes on serving
        sock.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        assert read_response(sock, bytearray())[1] == b"fine"


def test_a_huge_url_sent_on_and_on_is_cut_off_early(proxy_to) -> None:
    """32 MB of URL (it was read whole and kept): the answer comes after about MAX_HEAD, the rest is never held."""
    upstream, proxy = proxy_to(serve_each(lambda request: ok(b"never")))
    sent = 0
    with connect(proxy) as sock:
        sock.sendall(b"GET /")
        block = b"a" * (1024 * 1024)
        try:
            for _ in range(32):
                sock.sendall(block)
                sent += len(block)
        except OSError:
            pass  # the proxy stopped reading and ended the connection
        try:
            answer = read_all(sock)
        except OSError:
            answer = b""
    assert answer.startswith(b"HTTP/1.1 431 ") or sent < 32 * len(block)
    assert upstream.connections == 0 and not any(len(c.url) > MAX_HEAD for c in proxy._connections)


def test_a_head_within_the_cap_passes_whatever_the_reads_and_pipelining(proxy_to) -> None:
    def answer(request: bytes) -> bytes:
        return ok(b"%d" % len(request))

    _, proxy = proxy_to(serve_each(answer))
    big_head = b"GET /b HTTP/1.1\r\nhost: x\r\nx-fill: " + b"f" * (MAX_HEAD - SLICE - 200) + b"\r\n\r\n"
    post = b"POST /a HTTP/1.1\r\nhost: x\r\ncontent-length: 100000\r\n\r\n" + b"p" * 100000
    with connect(proxy) as sock:
        sock.sendall(post + big_head)  # the large head starts inside a slice that ends a body
        buffer = bytearray()
        assert read_response(sock, buffer)[0].startswith(b"HTTP/1.1 200 ")
        assert read_response(sock, buffer)[0].startswith(b"HTTP/1.1 200 ")
        for start in range(0, len(big_head), 1000):  # the same head a thousand bytes at a time
            sock.sendall(big_head[start : start + 1000])
            time.sleep(0.0005)
        assert read_response(sock, buffer)[0].startswith(b"HTTP/1.1 200 ")


def test_a_slow_head_is_a_408(proxy_to) -> None:
    upstream, proxy = proxy_to(serve_each(lambda request: ok(b"never")), head_timeout=0.4)
    with connect(proxy) as sock:
        started = time.monotonic()
        sock.sendall(b"GET / HTTP/1.1\r\n")
        try:
            for _ in range(40):  # a header line every 50 ms: the connection is never idle, the head never ends
                sock.sendall(b"x-slow: 1\r\n")
                time.sleep(0.05)
        except OSError:
            pass
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408 ") and time.monotonic() - started < 1.9
    assert upstream.connections == 0


def test_an_idle_connection_is_closed_but_not_one_waiting_for_the_dev_server(proxy_to) -> None:
    def slow(conn: socket.socket) -> None:
        buffer = bytearray()
        while read_request(conn, buffer) is not None:
            time.sleep(1.0)  # longer than the idle timeout
            conn.sendall(ok(b"slow but there"))

    _, proxy = proxy_to(slow, idle_timeout=0.4)
    with connect(proxy) as idle:
        started = time.monotonic()
        assert read_all(idle) == b"" and time.monotonic() - started < 1.5
    with connect(proxy) as busy:
        busy.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        assert read_response(busy, bytearray())[1] == b"slow but there"


def test_pipelined_requests_are_held_within_the_bound_and_all_answered(proxy_to) -> None:
    release = threading.Event()

    def held(conn: socket.socket) -> None:
        buffer = bytearray()
        while (request := read_request(conn, buffer)) is not None:
            release.wait(10)
            conn.sendall(ok(request.split(b" ", 2)[1]))

    _, proxy = proxy_to(held)
    count = 5000
    requests = b"".join(b"GET /%d HTTP/1.1\r\nhost: x\r\n\r\n" % n for n in range(count))
    with connect(proxy) as sock:
        sock.sendall(requests)
        time.sleep(0.3)
        (client,) = proxy._connections
        assert len(client.queue) <= MAX_QUEUED + SLICE // 18 and client.unparsed  # the rest waits, unparsed
        release.set()
        buffer = bytearray()
        bodies = [read_response(sock, buffer)[1] for _ in range(count)]
    assert bodies == [b"/%d" % n for n in range(count)]


def test_past_the_connection_cap_a_new_connection_is_a_503(proxy_to) -> None:
    _, proxy = proxy_to(serve_each(lambda request: ok(b"fine")), max_clients=2)
    with connect(proxy) as first, connect(proxy) as second:
        time.sleep(0.1)
        with connect(proxy) as third:
            assert read_all(third).startswith(b"HTTP/1.1 503 ")
        first.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        assert read_response(first, bytearray())[1] == b"fine"
        del second


# --- a network profile (issue 33: minis-py audit on a Mini, the simulator's network selector) ---------------------


def test_a_network_profile_delivers_each_response_at_its_rate_after_its_latency(proxy_to) -> None:
    from minis_cli.dev.forwarder import PageNetwork
    from minis_cli.mock.throttle import Link, profile

    payload = bytes(range(256)) * 1000  # 256 KB, in pieces: the proxy holds them and writes each when carried
    _, proxy = proxy_to(serve_each(lambda request: ok(payload, b"application/octet-stream")))
    link = Link(profile(rate="1MB/s", latency_ms=100))
    proxy.network = PageNetwork(link)
    with connect(proxy) as sock:
        buffer = bytearray()
        started = time.monotonic()
        sock.sendall(b"GET /big.bin HTTP/1.1\r\nhost: x\r\nsec-fetch-dest: script\r\n\r\n")
        _, body = read_response(sock, buffer)
        first = time.monotonic() - started
        sock.sendall(b"GET /again.bin HTTP/1.1\r\nhost: x\r\n\r\n")  # the same connection, kept alive
        _, again = read_response(sock, buffer)
        both = time.monotonic() - started
    assert body == payload and again == payload
    assert 0.33 <= first < 0.6, first  # 100 ms + 256 KB at 1 MB/s
    assert 0.66 <= both < 1.2, both
    assert [(t.what, t.size > len(payload)) for t in link.transfers] == [("/big.bin", True), ("/again.bin", True)]
    proxy.network = None
    with connect(proxy) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /fast HTTP/1.1\r\nhost: x\r\n\r\n")
        _, body = read_response(sock, bytearray())
        assert body == payload and time.monotonic() - started < 0.2  # no profile: the loopback's speed


def test_a_built_package_is_downloaded_whole_at_its_first_file(proxy_to) -> None:
    from minis_cli.dev.forwarder import PageNetwork
    from minis_cli.mock.throttle import Link, profile

    _, proxy = proxy_to(serve_each(lambda request: ok(b"<p>hi</p>", b"text/html") if b" / " in request or b"index" in request else ok(b"x" * 1000)))
    link = Link(profile(rate="1MB/s"), main_size=300_000)
    proxy.network = PageNetwork(link, frozenset({"index.html", "app.js"}))
    with connect(proxy) as sock:
        buffer = bytearray()
        started = time.monotonic()
        sock.sendall(b"GET / HTTP/1.1\r\nhost: x\r\nsec-fetch-dest: document\r\n\r\n")
        read_response(sock, buffer)
        page = time.monotonic() - started
        sock.sendall(b"GET /app.js HTTP/1.1\r\nhost: x\r\nsec-fetch-dest: script\r\n\r\n")
        read_response(sock, buffer)
        script = time.monotonic() - started - page
        sock.sendall(b"GET /api/hello HTTP/1.1\r\nhost: x\r\nsec-fetch-dest: empty\r\n\r\n")  # the backend: over the network
        read_response(sock, buffer)
    assert 0.29 <= page < 0.5 and script < 0.1, (page, script)
    assert [(t.what, t.size) for t in link.transfers][:1] == [("package", 300_000)]
    assert link.transfers[1].what == "/api/hello" and link.transfers[1].size > 1000


def test_offline_a_pages_own_requests_fail_and_its_package_is_cached(proxy_to) -> None:
    from minis_cli.dev.forwarder import PageNetwork
    from minis_cli.mock.throttle import Link, profile

    _, proxy = proxy_to(serve_each(lambda request: ok(b"answer")))
    proxy.network = PageNetwork(Link(profile("offline")), frozenset({"index.html"}))
    with connect(proxy) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nhost: x\r\nsec-fetch-dest: document\r\n\r\n")
        assert read_response(sock, bytearray())[1] == b"answer"
    with connect(proxy) as sock:
        sock.sendall(b"POST /api/login HTTP/1.1\r\nhost: x\r\nsec-fetch-dest: empty\r\ncontent-length: 2\r\n\r\n{}")
        try:
            assert sock.recv(100) == b""  # the connection ends with no answer (a reset, or a close)
        except ConnectionResetError:
            pass
