"""The namespaces of the WebSocket APIs that are not namespaces of their own elsewhere:
``client.realtime`` (with ``translations``), and the beta's ``client.beta.realtime`` and
``client.beta.responses`` connections. Imported on first use, so that ``import openai_compat`` does
not import the WebSocket layer (websocket-client itself waits for the first connection).
"""

from __future__ import annotations

from functools import cached_property

from ..resources import realtime, responses_connect
from ._namespace import _Namespace

__all__ = ["BetaRealtime", "BetaResponses", "Realtime", "RealtimeTranslations"]


class RealtimeTranslations(_Namespace):
    """``client.realtime.translations``: ``connect(model)`` opens a translation session."""

    connect = realtime.connect_translations


class Realtime(_Namespace):
    """``client.realtime``: ``connect(model=...)`` opens a blocking Realtime WebSocket session."""

    connect = realtime.connect

    @cached_property
    def translations(self) -> RealtimeTranslations:
        return RealtimeTranslations(self._session)


class BetaRealtime(_Namespace):
    """``client.beta.realtime``: ``connect(model=...)`` opens a session of the beta interface."""

    connect = realtime.connect_beta


class BetaResponses(_Namespace):
    """``client.beta.responses``: ``connect()`` opens the beta's Responses WebSocket."""

    connect = responses_connect.connect_beta
