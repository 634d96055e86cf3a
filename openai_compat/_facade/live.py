"""The ``client.live`` namespaces (Live sessions over a WebSocket), imported on first use."""

from __future__ import annotations

from functools import cached_property

from ..resources import live_connect
from ._namespace import _Namespace
from .live_endpoints import LiveEndpoints

__all__ = ["Live", "LiveForks", "LiveSideband"]


class LiveForks(_Namespace):
    """``client.live.forks``: ``connect(session_id=...)`` opens a fork of a Live session."""

    connect = live_connect.connect_fork


class LiveSideband(_Namespace):
    """``client.live.sideband``: ``connect(session_id=...)`` attaches to a Live session as an observer."""

    connect = live_connect.connect_sideband


class Live(LiveEndpoints, _Namespace):
    """``client.live``: ``connect()`` opens a new Live session; ``forks`` and ``sideband``; the
    generated ``create`` and ``sessions`` (``LiveEndpoints``)."""

    connect = live_connect.connect

    @cached_property
    def forks(self) -> LiveForks:
        return LiveForks(self._session)

    @cached_property
    def sideband(self) -> LiveSideband:
        return LiveSideband(self._session)
