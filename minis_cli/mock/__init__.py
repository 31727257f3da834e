"""The mock TikTok: OAuth v2 dialect, the TTMinis JS SDK and a control API, in one ASGI app.

`MockTikTok` and `MockSettings` load on first use (PEP 562), so that reading plain data beside them
(`mock.simulator.PRESETS`, `mock.throttle.PROFILES`, which the CLI's help names) does not import the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import MockTikTok
    from .settings import MockSettings

__all__ = ["MockSettings", "MockTikTok"]


def __getattr__(name: str) -> Any:
    if name == "MockTikTok":
        from .server import MockTikTok

        return MockTikTok
    if name == "MockSettings":
        from .settings import MockSettings

        return MockSettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
