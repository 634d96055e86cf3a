"""The connection of each WebSocket API: which events it decodes, which client events a reconnect
sends again, and its helpers (``connection.session.update(...)``, ``connection.response.create(...)``).

- ``RealtimeConnection`` (``client.realtime.connect``) and ``BetaRealtimeConnection``
  (``client.beta.realtime.connect``, the ``realtime=v1`` beta protocol): a reconnect sends the
  session configuration again (``session.update``/``transcription_session.update``, merged).
- ``TranslationsConnection`` (``client.realtime.translations.connect``): the same for its
  ``session.update``.
- ``ResponsesConnection`` (``client.responses.connect``) and ``BetaResponsesConnection``
  (``client.beta.responses.connect``): nothing to send again (a response continues from
  ``previous_response_id``, which the application sends).
"""

from __future__ import annotations

from typing import Any

from ..types.realtime_beta_events import BetaRealtimeServerEvent
from ..types.realtime_server_events import RealtimeServerEvent
from ..types.realtime_translation_events import RealtimeTranslationServerEvent
from ..types.responses_ws_events import BetaResponsesServerEvent, ResponsesServerEvent
from .connection import WebSocketConnection
from .namespaces import (
    ConversationResource,
    InputAudioBufferResource,
    OutputAudioBufferResource,
    ResponseResource,
    SessionResource,
    TranscriptionSessionResource,
    TranslationSessionResource,
)
from .responses_namespaces import BetaResponsesResponseResource, ResponsesResponseResource

__all__ = [
    "BetaRealtimeConnection",
    "BetaResponsesConnection",
    "RealtimeConnection",
    "ResponsesConnection",
    "TranslationsConnection",
]

_SESSION_CONFIGURATION = frozenset({"session.update", "transcription_session.update"})


class RealtimeConnection(WebSocketConnection["RealtimeServerEvent"]):
    """A Realtime session (``client.realtime.connect``): ``session``, ``response``,
    ``input_audio_buffer``, ``output_audio_buffer`` and ``conversation`` send client events;
    ``recv()`` and iteration give ``types.realtime_server_events`` events."""

    event_type = RealtimeServerEvent
    restored_events = _SESSION_CONFIGURATION

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = SessionResource(self)
        self.response = ResponseResource(self)
        self.input_audio_buffer = InputAudioBufferResource(self)
        self.output_audio_buffer = OutputAudioBufferResource(self)
        self.conversation = ConversationResource(self)


class BetaRealtimeConnection(RealtimeConnection):  # its events: BetaRealtimeServerEvent, a superset
    """A session of the beta Realtime interface: its events are ``types.realtime_beta_events``, and
    ``transcription_session.update(...)`` is there too."""

    event_type = BetaRealtimeServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transcription_session = TranscriptionSessionResource(self)


class TranslationsConnection(WebSocketConnection["RealtimeTranslationServerEvent"]):
    """A Realtime translation session: ``session.update``, ``session.close`` and
    ``session.input_audio_buffer.append``; events from ``types.realtime_translation_events``."""

    event_type = RealtimeTranslationServerEvent
    restored_events = frozenset({"session.update"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = TranslationSessionResource(self)


class ResponsesConnection(WebSocketConnection["ResponsesServerEvent"]):
    """The Responses API over one socket: ``response.create(...)`` and ``response.steer(...)``;
    events from ``types.responses_ws_events`` (the stream events of ``POST /responses`` and more)."""

    event_type = ResponsesServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response = ResponsesResponseResource(self)


class BetaResponsesConnection(WebSocketConnection["BetaResponsesServerEvent"]):
    """``client.beta.responses.connect()``: ``response.create`` (with ``multi_agent``), ``steer``
    and ``inject``."""

    event_type = BetaResponsesServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response = BetaResponsesResponseResource(self)
