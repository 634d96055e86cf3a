"""Server events of Live sessions (``client.live.connect``, ``client.live.forks.connect`` and
``client.live.sideband.connect`` share them), named and shaped as openai-python's
``openai.types.live``. Deep objects (``session``, ``usage``, ``delegation``, decision ``item``s and
nested ``event``s) stay JSON values; an unknown ``type`` decodes to ``UnknownLiveServerEvent``,
which keeps every field. ``client_event_id`` names the client event an event answers, when known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of

__all__ = [
    "CommentaryAppendedEvent", "DecisionEvent", "DecisionItemCreatedEvent", "DecisionItemDeletedEvent",
    "DelegationCreatedEvent", "ErrorEvent", "InfoEvent", "InputAudioMutedEvent", "InputAudioUnmutedEvent",
    "InputTranscriptDeltaEvent", "InstructionsAppendedEvent", "LiveError", "LiveServerEvent",
    "OutputAudioDeltaEvent", "OutputAudioFixturePlayedEvent", "OutputAudioFixturePlayingEvent",
    "OutputTranscriptDeltaEvent", "ResponseEvent", "SessionClosedEvent", "SessionInputAudioAppend",
    "SessionStartedEvent", "SessionUpdatedEvent", "SessionUsageUpdatedEvent", "ThinkingAppendedEvent",
    "TransportAnswered", "TransportDtmfReceived", "TransportDtmfSend", "TransportDtmfSent", "TransportFailed",
    "TransportRinging", "UnknownLiveServerEvent",
]

_Json = Dict[str, Any]


class _Event(APIObject):
    type: str = ""
    event_id: str = ""
    client_event_id: Optional[str] = None


class _TimedEvent(_Event):
    start_ms: int = 0
    end_ms: int = 0


class LiveError(APIObject):
    type: str = ""
    code: str = ""
    message: str = ""
    param: Optional[str] = None
    client_event_id: Optional[str] = None


# -- the session ---------------------------------------------------------------------------------


class SessionStartedEvent(_Event):
    type: str = "session.started"
    session: _Json = msgspec.field(default_factory=dict)


class SessionUpdatedEvent(_Event):
    type: str = "session.updated"
    session: _Json = msgspec.field(default_factory=dict)


class SessionClosedEvent(_Event):
    """The session ended; ``reason``: close_requested, expired, content, remote_hangup, connection_lost."""

    type: str = "session.closed"
    reason: str = ""
    session: _Json = msgspec.field(default_factory=dict)
    usage: _Json = msgspec.field(default_factory=dict)


class SessionUsageUpdatedEvent(_Event):
    type: str = "session.usage.updated"
    usage: _Json = msgspec.field(default_factory=dict)
    context_window: Optional[_Json] = None


class InputAudioMutedEvent(_Event):
    type: str = "session.input_audio.muted"


class InputAudioUnmutedEvent(_Event):
    type: str = "session.input_audio.unmuted"


class SessionInputAudioAppend(APIObject):
    """Input audio of the primary transport, reflected to a sideband connection (not an acknowledgment)."""

    type: str = "session.input_audio.append"
    audio: str = ""


class OutputAudioFixturePlayingEvent(_Event):
    type: str = "session.output_audio.fixture.playing"


class OutputAudioFixturePlayedEvent(_Event):
    type: str = "session.output_audio.fixture.played"


class InstructionsAppendedEvent(_TimedEvent):
    type: str = "session.instructions.appended"


class ThinkingAppendedEvent(_TimedEvent):
    type: str = "session.thinking.appended"


class CommentaryAppendedEvent(_TimedEvent):
    type: str = "session.commentary.appended"


class OutputAudioDeltaEvent(APIObject):
    type: str = "session.output_audio.delta"
    delta: str = ""  # base64 audio
    start_ms: Optional[int] = None
    end_ms: Optional[int] = None


class InputTranscriptDeltaEvent(_TimedEvent):
    type: str = "session.input_transcript.delta"
    delta: str = ""


class OutputTranscriptDeltaEvent(_TimedEvent):
    type: str = "session.output_transcript.delta"
    delta: str = ""


class DelegationCreatedEvent(_Event):
    type: str = "session.delegation.created"
    delegation: _Json = msgspec.field(default_factory=dict)
    offset_ms: int = 0


# -- decisions and responses -----------------------------------------------------------------------


class DecisionEvent(_Event):
    type: str = "decision.event"
    event: _Json = msgspec.field(default_factory=dict)
    delegation_id: Optional[str] = None
    source_event_id: Optional[str] = None
    source_event_type: Optional[str] = None
    trigger_id: Optional[str] = None


class DecisionItemCreatedEvent(_Event):
    type: str = "decision.item.created"
    item: _Json = msgspec.field(default_factory=dict)


class DecisionItemDeletedEvent(_Event):
    type: str = "decision.item.deleted"
    item_id: str = ""


class ResponseEvent(_Event):
    """A Responses stream event of the session's model, as JSON under ``event``."""

    type: str = "response.event"
    event: _Json = msgspec.field(default_factory=dict)
    delegation_id: Optional[str] = None


class ErrorEvent(_Event):
    type: str = "error"
    error: LiveError = msgspec.field(default_factory=LiveError)


class InfoEvent(_Event):
    type: str = "info"
    code: str = ""
    message: str = ""


# -- the SIP transport (sideband observers) --------------------------------------------------------


class TransportDtmfReceived(APIObject):
    type: str = "transport.dtmf.received"
    event_id: str = ""
    event: str = ""


class TransportDtmfSend(_Event):
    """The legacy notice of a DTMF key sent (servers now send ``transport.dtmf.sent``)."""

    type: str = "transport.dtmf.send"
    event: str = ""


class TransportDtmfSent(_Event):
    type: str = "transport.dtmf.sent"
    event: str = ""


class TransportRinging(APIObject):
    type: str = "transport.ringing"
    event_id: str = ""
    session_id: str = ""


class TransportAnswered(APIObject):
    type: str = "transport.answered"
    event_id: str = ""
    session_id: str = ""


class TransportFailed(APIObject):
    type: str = "transport.failed"
    event_id: str = ""
    session_id: str = ""
    error: LiveError = msgspec.field(default_factory=LiveError)


class UnknownLiveServerEvent(APIObject):
    """A Live event of a type this library does not know: every field is kept (attributes, ``raw``)."""

    type: Any = None
    event_id: Optional[str] = None

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


_EVENTS = (
    CommentaryAppendedEvent, DecisionEvent, DecisionItemCreatedEvent, DecisionItemDeletedEvent,
    DelegationCreatedEvent, ErrorEvent, InfoEvent, InputAudioMutedEvent, InputAudioUnmutedEvent,
    InputTranscriptDeltaEvent, InstructionsAppendedEvent, OutputAudioDeltaEvent, OutputAudioFixturePlayedEvent,
    OutputAudioFixturePlayingEvent, OutputTranscriptDeltaEvent, ResponseEvent, SessionClosedEvent,
    SessionInputAudioAppend, SessionStartedEvent, SessionUpdatedEvent, SessionUsageUpdatedEvent,
    ThinkingAppendedEvent, TransportAnswered, TransportDtmfReceived, TransportDtmfSend, TransportDtmfSent,
    TransportFailed, TransportRinging,
)

if TYPE_CHECKING:
    LiveServerEvent = Union[
        CommentaryAppendedEvent, DecisionEvent, DecisionItemCreatedEvent, DecisionItemDeletedEvent,
        DelegationCreatedEvent, ErrorEvent, InfoEvent, InputAudioMutedEvent, InputAudioUnmutedEvent,
        InputTranscriptDeltaEvent, InstructionsAppendedEvent, OutputAudioDeltaEvent, OutputAudioFixturePlayedEvent,
        OutputAudioFixturePlayingEvent, OutputTranscriptDeltaEvent, ResponseEvent, SessionClosedEvent,
        SessionInputAudioAppend, SessionStartedEvent, SessionUpdatedEvent, SessionUsageUpdatedEvent,
        ThinkingAppendedEvent, TransportAnswered, TransportDtmfReceived, TransportDtmfSend, TransportDtmfSent,
        TransportFailed, TransportRinging, UnknownLiveServerEvent,
    ]
else:

    class LiveServerEvent(OpenUnion):
        """A Live server event: decoded by ``type``, ``UnknownLiveServerEvent`` for the others."""

        members = by_type(_EVENTS)
        unknown = UnknownLiveServerEvent
