"""The mock TikTok: OAuth v2 dialect, the TTMinis JS SDK and a control API, in one ASGI app."""

from .server import MockTikTok
from .settings import MockSettings

__all__ = ["MockSettings", "MockTikTok"]
