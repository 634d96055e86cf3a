"""The ``client.realtime`` namespace, kept apart from ``_client.py`` so that ``import openai_compat``
does not import the Realtime event types (websocket-client itself waits for the first connection).
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from ._client import _Namespace
from ._facade_generated import RealtimeNamespaces
from .resources import realtime

__all__ = ["Realtime"]


class Realtime(RealtimeNamespaces, _Namespace):
    """``client.realtime``: ``connect(model=...)`` opens a blocking Realtime WebSocket session."""

    connect = realtime.connect

    # What ``realtime.connect`` reads from its session (``RealtimeSessionLike``), forwarded.
    @property
    def organization(self) -> Optional[str]:
        return self._session.organization

    @property
    def project(self) -> Optional[str]:
        return self._session.project

    @property
    def default_headers(self) -> Mapping[str, str]:
        return self._session.default_headers

    def auth_headers(self) -> Dict[str, str]:
        return self._session.auth_headers()

    def realtime_url(self, query: Mapping[str, Any]) -> str:
        return self._session.realtime_url(query)
