"""The Realtime API over a WebSocket: ``client.realtime.connect()`` returns a ``RealtimeConnection``."""

from .connection import RealtimeAPIError, RealtimeConnection, RealtimeConnectionClosedError

__all__ = ["RealtimeAPIError", "RealtimeConnection", "RealtimeConnectionClosedError"]
