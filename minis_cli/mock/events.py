"""Container events for every open page (docs/mock-api.md: The control API): `POST /_mock/events` or
`tiktok_mock.fire_event(...)` publishes, and each page's mock SDK listens on `GET /_mock/events/stream`
(server-sent events), then calls its `TTMinis.on(...)` / `TTMinis.game.onShow(...)` listeners.

Publishing is safe from any thread (the Python API runs in the test's thread, the stream in the server's
event loop): each subscriber is an asyncio queue fed with `call_soon_threadsafe` on its own loop.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from typing import Any

# The minis SDK event page (minis-sdk-event): what TTMinis.on can listen to.
EVENTS = ("minis.launch", "minis.show", "minis.hide", "minis.destroy", "minis.share")
CLOSED = object()


class Broadcast:
    """One message to every subscriber's queue, from any thread; a slow subscriber loses its oldest."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Queue[Any]]] = {}
        self._ids = itertools.count(1)
        self.count = 0  # subscribers, read without the lock on hot paths (a stale read only skips one message)

    def subscribe(self) -> tuple[int, asyncio.Queue[Any]]:
        queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=256)
        with self._lock:
            subscriber = next(self._ids)
            self._subscribers[subscriber] = (asyncio.get_running_loop(), queue)
            self.count = len(self._subscribers)
        return subscriber, queue

    def unsubscribe(self, subscriber: int) -> None:
        with self._lock:
            self._subscribers.pop(subscriber, None)
            self.count = len(self._subscribers)

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def send(self, message: str) -> int:
        with self._lock:
            targets = list(self._subscribers.values())
        for loop, queue in targets:
            try:
                loop.call_soon_threadsafe(_offer, queue, message)
            except RuntimeError:  # that loop has closed: the subscriber went with it
                pass
        return len(targets)

    def close(self) -> None:
        """End every stream (the server is stopping), so shutdown does not wait on them."""
        with self._lock:
            targets = list(self._subscribers.values())
        for loop, queue in targets:
            try:
                loop.call_soon_threadsafe(_offer, queue, CLOSED)
            except RuntimeError:
                pass


class EventHub(Broadcast):
    def __init__(self) -> None:
        super().__init__()
        self.fired = 0

    def publish(self, event: str, payload: dict[str, Any] | None = None) -> int:
        """Send an event to every open page; returns how many pages were listening."""
        if event not in EVENTS:
            raise ValueError(f"event must be one of {', '.join(EVENTS)}")
        self.fired += 1
        return self.send(json.dumps({"event": event, "payload": payload or {}}, separators=(",", ":")))


def _offer(queue: asyncio.Queue[Any], item: Any) -> None:
    try:
        queue.put_nowait(item)
    except asyncio.QueueFull:  # a page that stopped reading loses the oldest event, never blocks the mock
        queue.get_nowait()
        queue.put_nowait(item)
