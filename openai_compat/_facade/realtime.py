"""The namespaces of the WebSocket APIs that are not namespaces of their own elsewhere:
``client.realtime`` (with ``translations``), and the beta's ``client.beta.realtime`` and
``client.beta.responses`` connections. Imported on first use, so that ``import openai_compat`` does
not import the WebSocket layer (websocket-client itself waits for the first connection).
"""

from __future__ import annotations

from functools import cached_property

from ..resources import realtime, responses_connect
from ._generated import RealtimeNamespaces
from ._namespace import _Namespace
from .beta_realtime_endpoints import BetaRealtimeEndpoints
from .beta_responses_endpoints import BetaResponsesEndpoints
from .realtime_translations_endpoints import RealtimeTranslationsEndpoints

__all__ = ["BetaRealtime", "BetaResponses", "Realtime", "RealtimeTranslations"]


class RealtimeTranslations(RealtimeTranslationsEndpoints, _Namespace):
    """``client.realtime.translations``: ``connect(model)`` opens a translation session; the
    generated ``client_secrets`` (``RealtimeTranslationsEndpoints``)."""

    connect = realtime.connect_translations


class Realtime(RealtimeNamespaces, _Namespace):
    """``client.realtime``: ``connect(model=...)`` opens a blocking Realtime WebSocket session; the
    generated ``calls`` and ``client_secrets`` (``RealtimeNamespaces``)."""

    connect = realtime.connect

    @cached_property
    def translations(self) -> RealtimeTranslations:
        return RealtimeTranslations(self._session)


class BetaRealtime(BetaRealtimeEndpoints, _Namespace):
    """``client.beta.realtime``: ``connect(model=...)`` opens a session of the beta interface; the
    generated ``sessions`` and ``transcription_sessions`` (``BetaRealtimeEndpoints``)."""

    connect = realtime.connect_beta


class BetaResponses(BetaResponsesEndpoints, _Namespace):
    """``client.beta.responses``: ``connect()`` opens the beta's Responses WebSocket; the generated
    ``create``, ``retrieve``, ``cancel``, ... (``BetaResponsesEndpoints``)."""

    connect = responses_connect.connect_beta
