"""The WebSocket APIs: ``client.realtime.connect()`` (and the other ``connect`` methods) return a
``ConnectionManager`` that opens a connection (``RealtimeConnection``, ``ResponsesConnection``...).

The names here load on first use, so that importing a module of this package (the ``connect``
functions import its defaults) costs nothing more; websocket-client waits for the first socket.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .apis import (
        BetaRealtimeConnection,
        BetaResponsesConnection,
        RealtimeConnection,
        ResponsesConnection,
        TranslationsConnection,
    )
    from .connection import RealtimeAPIError, RealtimeConnectionClosedError, WebSocketConnection
    from .live import ForksConnection, LiveConnection, SidebandConnection
    from .manager import ConnectionManager

__all__ = [
    "BetaRealtimeConnection",
    "BetaResponsesConnection",
    "ConnectionManager",
    "ForksConnection",
    "LiveConnection",
    "RealtimeAPIError",
    "RealtimeConnection",
    "RealtimeConnectionClosedError",
    "ResponsesConnection",
    "SidebandConnection",
    "TranslationsConnection",
    "WebSocketConnection",
]

_HOMES = {
    "BetaRealtimeConnection": "apis",
    "BetaResponsesConnection": "apis",
    "ConnectionManager": "manager",
    "ForksConnection": "live",
    "LiveConnection": "live",
    "RealtimeAPIError": "handlers",
    "RealtimeConnection": "apis",
    "RealtimeConnectionClosedError": "connection",
    "ResponsesConnection": "apis",
    "SidebandConnection": "live",
    "TranslationsConnection": "apis",
    "WebSocketConnection": "connection",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{home}", __name__), name)
