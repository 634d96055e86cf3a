"""Server events of Realtime translation sessions (``client.realtime.translations.connect``): the
session's life (``session.created``/``.updated``/``.closed``), transcript and audio deltas, and
``error`` (the Realtime ``RealtimeErrorEvent``). ``session`` objects stay JSON values, as on a
Realtime connection; an unknown ``type`` decodes to ``UnknownRealtimeServerEvent``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type
from .realtime_server_events import RealtimeErrorEvent, UnknownRealtimeServerEvent

__all__ = [
    "RealtimeTranslationInputTranscriptDeltaEvent",
    "RealtimeTranslationOutputAudioDeltaEvent",
    "RealtimeTranslationOutputTranscriptDeltaEvent",
    "RealtimeTranslationServerEvent",
    "RealtimeTranslationSessionClosedEvent",
    "RealtimeTranslationSessionCreatedEvent",
    "RealtimeTranslationSessionUpdatedEvent",
]


class _TranslationEvent(APIObject):
    type: str = ""
    event_id: str = ""


class RealtimeTranslationSessionCreatedEvent(_TranslationEvent):
    """The first event of a session: its default configuration."""

    type: str = "session.created"
    session: Dict[str, Any] = msgspec.field(default_factory=dict)


class RealtimeTranslationSessionUpdatedEvent(_TranslationEvent):
    type: str = "session.updated"
    session: Dict[str, Any] = msgspec.field(default_factory=dict)


class RealtimeTranslationSessionClosedEvent(_TranslationEvent):
    """The session ended (after ``session.close``, once the pending output was sent)."""

    type: str = "session.closed"


class RealtimeTranslationInputTranscriptDeltaEvent(_TranslationEvent):
    """Source-language transcript text (append-only; add no spaces between deltas)."""

    type: str = "session.input_transcript.delta"
    delta: str = ""
    elapsed_ms: Optional[int] = None


class RealtimeTranslationOutputTranscriptDeltaEvent(_TranslationEvent):
    """Translated transcript text (append-only)."""

    type: str = "session.output_transcript.delta"
    delta: str = ""
    elapsed_ms: Optional[int] = None


class RealtimeTranslationOutputAudioDeltaEvent(_TranslationEvent):
    """Translated audio: ``delta`` is base64 PCM16 of varying length."""

    type: str = "session.output_audio.delta"
    delta: str = ""
    channels: Optional[int] = None
    elapsed_ms: Optional[int] = None
    format: Optional[str] = None
    sample_rate: Optional[int] = None


_EVENTS = (
    RealtimeErrorEvent,
    RealtimeTranslationInputTranscriptDeltaEvent,
    RealtimeTranslationOutputAudioDeltaEvent,
    RealtimeTranslationOutputTranscriptDeltaEvent,
    RealtimeTranslationSessionClosedEvent,
    RealtimeTranslationSessionCreatedEvent,
    RealtimeTranslationSessionUpdatedEvent,
)

if TYPE_CHECKING:
    RealtimeTranslationServerEvent = Union[
        RealtimeErrorEvent,
        RealtimeTranslationInputTranscriptDeltaEvent,
        RealtimeTranslationOutputAudioDeltaEvent,
        RealtimeTranslationOutputTranscriptDeltaEvent,
        RealtimeTranslationSessionClosedEvent,
        RealtimeTranslationSessionCreatedEvent,
        RealtimeTranslationSessionUpdatedEvent,
        UnknownRealtimeServerEvent,
    ]
else:

    class RealtimeTranslationServerEvent(OpenUnion):
        """A translation server event: decoded by ``type``, ``UnknownRealtimeServerEvent`` for the others."""

        members = by_type(_EVENTS)
        unknown = UnknownRealtimeServerEvent
