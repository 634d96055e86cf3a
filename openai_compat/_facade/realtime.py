"""The ``client.realtime`` namespace, imported on first use so that ``import openai_compat``
does not import the Realtime event types (websocket-client itself waits for the first connection).
"""

from __future__ import annotations

from ..resources import realtime
from ._generated import RealtimeNamespaces
from ._namespace import _Namespace

__all__ = ["Realtime"]


class Realtime(RealtimeNamespaces, _Namespace):
    """``client.realtime``: ``connect(model=...)`` opens a blocking Realtime WebSocket session."""

    connect = realtime.connect
