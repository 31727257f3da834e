"""Serving an ASGI app with uvicorn on a socket we bind (port 0 works): in a thread, or in the foreground."""

from __future__ import annotations

import signal
import socket
import threading
import time
from typing import Any

from .errors import MinisError


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket; a clear MinisError when the address is taken or not ours."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise MinisError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", "Choose another port (0 picks a free one) or stop what uses it.") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def make_server(app: Any, on_exit: Any = None, **config: Any) -> Any:
    """A uvicorn.Server tuned for local tools: no access log, no proxy headers, no server header.
    `on_exit` runs when a signal asks it to stop (e.g. to end open event streams first)."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: object) -> None:
            # uvicorn re-raises the signal after shutting down; a stopped server is a clean exit instead
            # (a second Ctrl-C still forces it).
            if self.should_exit and sig == signal.SIGINT:
                self.force_exit = True
            self.should_exit = True
            if on_exit is not None:
                on_exit()

    settings: dict[str, Any] = {
        "log_level": "warning",
        "access_log": False,
        "lifespan": "off",
        "server_header": False,
        "proxy_headers": False,
        "timeout_graceful_shutdown": 2,
    }
    settings.update(config)
    return Server(uvicorn.Config(app, **settings))


class ThreadedServer:
    """An ASGI app served from a background thread; start() returns once it accepts connections."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, sock: socket.socket | None = None, **config: Any) -> None:
        self.host = host
        self.socket = sock or bind_socket(host, port)
        self.port = self.socket.getsockname()[1]
        self.server = make_server(app, **config)
        self.server.install_signal_handlers = lambda: None  # the host program owns signals
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 10.0) -> ThreadedServer:
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise MinisError("a local server did not start", "Run with --traceback and report the output.")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)
            self.thread = None
        self.socket.close()
