"""Realtime server events: one Struct per ``type`` of the spec's ``RealtimeServerEvent`` (plus the
``transcription_session.created``/``.updated`` events of transcription sessions).

``RealtimeServerEvent`` is an open union on ``type`` (``_open.OpenUnion``): an event type this
library does not know yet decodes to ``UnknownRealtimeServerEvent``, which keeps every field
(attributes, ``raw``), so a new server event never breaks a session. Fields the spec marks as
required default to empty values, so a provider that leaves one out still decodes.

``session`` objects (``session.created``/``.updated``) stay JSON values: the realtime and the
transcription session configurations are deep, overlapping, and change between snapshots.
An ``error`` event is an ordinary event here, not an exception (as in openai-python): most leave the
session usable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of
from .realtime_items import (
    RealtimeContentPart,
    RealtimeConversationItem,
    RealtimeError,
    RealtimeRateLimit,
    RealtimeResponse,
)
from .realtime_server_events_more import (
    ConversationItemInputAudioTranscriptionCompletedEvent,
    ConversationItemInputAudioTranscriptionDeltaEvent,
    ConversationItemInputAudioTranscriptionFailedEvent,
    ConversationItemInputAudioTranscriptionSegmentEvent,
    InputAudioBufferClearedEvent,
    InputAudioBufferCommittedEvent,
    InputAudioBufferDtmfEventReceivedEvent,
    InputAudioBufferSpeechStartedEvent,
    InputAudioBufferSpeechStoppedEvent,
    InputAudioBufferTimeoutTriggeredEvent,
    McpListToolsCompletedEvent,
    McpListToolsFailedEvent,
    McpListToolsInProgressEvent,
    OutputAudioBufferClearedEvent,
    OutputAudioBufferStartedEvent,
    OutputAudioBufferStoppedEvent,
    ResponseMcpCallArgumentsDeltaEvent,
    ResponseMcpCallArgumentsDoneEvent,
    ResponseMcpCallCompletedEvent,
    ResponseMcpCallFailedEvent,
    ResponseMcpCallInProgressEvent,
    _ContentEvent,
    _ServerEvent,
)

__all__ = [
    "ConversationCreatedEvent",
    "ConversationItemAddedEvent",
    "ConversationItemCreatedEvent",
    "ConversationItemDeletedEvent",
    "ConversationItemDoneEvent",
    "ConversationItemInputAudioTranscriptionCompletedEvent",
    "ConversationItemInputAudioTranscriptionDeltaEvent",
    "ConversationItemInputAudioTranscriptionFailedEvent",
    "ConversationItemInputAudioTranscriptionSegmentEvent",
    "ConversationItemRetrievedEvent",
    "ConversationItemTruncatedEvent",
    "InputAudioBufferClearedEvent",
    "InputAudioBufferCommittedEvent",
    "InputAudioBufferDtmfEventReceivedEvent",
    "InputAudioBufferSpeechStartedEvent",
    "InputAudioBufferSpeechStoppedEvent",
    "InputAudioBufferTimeoutTriggeredEvent",
    "McpListToolsCompletedEvent",
    "McpListToolsFailedEvent",
    "McpListToolsInProgressEvent",
    "OutputAudioBufferClearedEvent",
    "OutputAudioBufferStartedEvent",
    "OutputAudioBufferStoppedEvent",
    "RateLimitsUpdatedEvent",
    "RealtimeErrorEvent",
    "RealtimeServerEvent",
    "ResponseAudioDeltaEvent",
    "ResponseAudioDoneEvent",
    "ResponseAudioTranscriptDeltaEvent",
    "ResponseAudioTranscriptDoneEvent",
    "ResponseContentPartAddedEvent",
    "ResponseContentPartDoneEvent",
    "ResponseCreatedEvent",
    "ResponseDoneEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseFunctionCallArgumentsDoneEvent",
    "ResponseMcpCallArgumentsDeltaEvent",
    "ResponseMcpCallArgumentsDoneEvent",
    "ResponseMcpCallCompletedEvent",
    "ResponseMcpCallFailedEvent",
    "ResponseMcpCallInProgressEvent",
    "ResponseOutputItemAddedEvent",
    "ResponseOutputItemDoneEvent",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
    "SessionCreatedEvent",
    "SessionUpdatedEvent",
    "TranscriptionSessionCreatedEvent",
    "TranscriptionSessionUpdatedEvent",
    "UnknownRealtimeServerEvent",
]


# -- session and conversation ------------------------------------------------------------------


class SessionCreatedEvent(_ServerEvent):
    """The first event of every connection: the session with its defaults."""

    type: str = "session.created"
    session: Dict[str, Any] = msgspec.field(default_factory=dict)


class SessionUpdatedEvent(_ServerEvent):
    type: str = "session.updated"
    session: Dict[str, Any] = msgspec.field(default_factory=dict)


class TranscriptionSessionCreatedEvent(_ServerEvent):
    type: str = "transcription_session.created"
    session: Dict[str, Any] = msgspec.field(default_factory=dict)


class TranscriptionSessionUpdatedEvent(_ServerEvent):
    type: str = "transcription_session.updated"
    session: Dict[str, Any] = msgspec.field(default_factory=dict)


class ConversationCreatedEvent(_ServerEvent):
    type: str = "conversation.created"
    conversation: Dict[str, Any] = msgspec.field(default_factory=dict)  # {"id", "object"}


class _ItemEvent(_ServerEvent):
    item: RealtimeConversationItem = msgspec.field(default_factory=RealtimeConversationItem)
    previous_item_id: Optional[str] = None


class ConversationItemCreatedEvent(_ItemEvent):
    type: str = "conversation.item.created"


class ConversationItemAddedEvent(_ItemEvent):
    type: str = "conversation.item.added"


class ConversationItemDoneEvent(_ItemEvent):
    type: str = "conversation.item.done"


class ConversationItemRetrievedEvent(_ItemEvent):
    type: str = "conversation.item.retrieved"


class ConversationItemDeletedEvent(_ServerEvent):
    type: str = "conversation.item.deleted"
    item_id: str = ""


class ConversationItemTruncatedEvent(_ServerEvent):
    type: str = "conversation.item.truncated"
    item_id: str = ""
    content_index: int = 0
    audio_end_ms: int = 0


class RealtimeErrorEvent(_ServerEvent):
    """An error the server reports; most leave the session open (delivered, never raised)."""

    type: str = "error"
    error: RealtimeError = msgspec.field(default_factory=RealtimeError)


class RateLimitsUpdatedEvent(_ServerEvent):
    type: str = "rate_limits.updated"
    rate_limits: List[RealtimeRateLimit] = msgspec.field(default_factory=list)


# -- responses ---------------------------------------------------------------------------------


class ResponseCreatedEvent(_ServerEvent):
    type: str = "response.created"
    response: RealtimeResponse = msgspec.field(default_factory=RealtimeResponse)


class ResponseDoneEvent(_ServerEvent):
    """The last event of a response, whatever its ``response.status``."""

    type: str = "response.done"
    response: RealtimeResponse = msgspec.field(default_factory=RealtimeResponse)


class ResponseOutputItemAddedEvent(_ServerEvent):
    type: str = "response.output_item.added"
    response_id: str = ""
    output_index: int = 0
    item: RealtimeConversationItem = msgspec.field(default_factory=RealtimeConversationItem)


class ResponseOutputItemDoneEvent(_ServerEvent):
    type: str = "response.output_item.done"
    response_id: str = ""
    output_index: int = 0
    item: RealtimeConversationItem = msgspec.field(default_factory=RealtimeConversationItem)


class ResponseContentPartAddedEvent(_ContentEvent):
    type: str = "response.content_part.added"
    part: RealtimeContentPart = msgspec.field(default_factory=RealtimeContentPart)


class ResponseContentPartDoneEvent(_ContentEvent):
    type: str = "response.content_part.done"
    part: RealtimeContentPart = msgspec.field(default_factory=RealtimeContentPart)


class ResponseTextDeltaEvent(_ContentEvent):
    type: str = "response.output_text.delta"
    delta: str = ""


class ResponseTextDoneEvent(_ContentEvent):
    type: str = "response.output_text.done"
    text: str = ""


class ResponseAudioDeltaEvent(_ContentEvent):
    type: str = "response.output_audio.delta"
    delta: str = ""  # base64-encoded audio


class ResponseAudioDoneEvent(_ContentEvent):
    type: str = "response.output_audio.done"


class ResponseAudioTranscriptDeltaEvent(_ContentEvent):
    type: str = "response.output_audio_transcript.delta"
    delta: str = ""


class ResponseAudioTranscriptDoneEvent(_ContentEvent):
    type: str = "response.output_audio_transcript.done"
    transcript: str = ""


class ResponseFunctionCallArgumentsDeltaEvent(_ServerEvent):
    type: str = "response.function_call_arguments.delta"
    response_id: str = ""
    item_id: str = ""
    output_index: int = 0
    call_id: str = ""
    delta: str = ""


class ResponseFunctionCallArgumentsDoneEvent(_ServerEvent):
    type: str = "response.function_call_arguments.done"
    response_id: str = ""
    item_id: str = ""
    output_index: int = 0
    call_id: str = ""
    name: str = ""
    arguments: str = ""


class UnknownRealtimeServerEvent(APIObject):
    """A server event of a type this library does not know: every field is kept (attributes, ``raw``)."""

    type: Any = None
    event_id: Optional[str] = None

    @property
    def raw(self) -> Dict[str, Any]:
        """The event as it was received (decoded JSON)."""
        return raw_of(self)


_EVENTS = (
    ConversationCreatedEvent,
    ConversationItemAddedEvent,
    ConversationItemCreatedEvent,
    ConversationItemDeletedEvent,
    ConversationItemDoneEvent,
    ConversationItemInputAudioTranscriptionCompletedEvent,
    ConversationItemInputAudioTranscriptionDeltaEvent,
    ConversationItemInputAudioTranscriptionFailedEvent,
    ConversationItemInputAudioTranscriptionSegmentEvent,
    ConversationItemRetrievedEvent,
    ConversationItemTruncatedEvent,
    InputAudioBufferClearedEvent,
    InputAudioBufferCommittedEvent,
    InputAudioBufferDtmfEventReceivedEvent,
    InputAudioBufferSpeechStartedEvent,
    InputAudioBufferSpeechStoppedEvent,
    InputAudioBufferTimeoutTriggeredEvent,
    McpListToolsCompletedEvent,
    McpListToolsFailedEvent,
    McpListToolsInProgressEvent,
    OutputAudioBufferClearedEvent,
    OutputAudioBufferStartedEvent,
    OutputAudioBufferStoppedEvent,
    RateLimitsUpdatedEvent,
    RealtimeErrorEvent,
    ResponseAudioDeltaEvent,
    ResponseAudioDoneEvent,
    ResponseAudioTranscriptDeltaEvent,
    ResponseAudioTranscriptDoneEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseDoneEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseMcpCallArgumentsDeltaEvent,
    ResponseMcpCallArgumentsDoneEvent,
    ResponseMcpCallCompletedEvent,
    ResponseMcpCallFailedEvent,
    ResponseMcpCallInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    SessionCreatedEvent,
    SessionUpdatedEvent,
    TranscriptionSessionCreatedEvent,
    TranscriptionSessionUpdatedEvent,
)

if TYPE_CHECKING:
    RealtimeServerEvent = Union[
        ConversationCreatedEvent,
        ConversationItemAddedEvent,
        ConversationItemCreatedEvent,
        ConversationItemDeletedEvent,
        ConversationItemDoneEvent,
        ConversationItemInputAudioTranscriptionCompletedEvent,
        ConversationItemInputAudioTranscriptionDeltaEvent,
        ConversationItemInputAudioTranscriptionFailedEvent,
        ConversationItemInputAudioTranscriptionSegmentEvent,
        ConversationItemRetrievedEvent,
        ConversationItemTruncatedEvent,
        InputAudioBufferClearedEvent,
        InputAudioBufferCommittedEvent,
        InputAudioBufferDtmfEventReceivedEvent,
        InputAudioBufferSpeechStartedEvent,
        InputAudioBufferSpeechStoppedEvent,
        InputAudioBufferTimeoutTriggeredEvent,
        McpListToolsCompletedEvent,
        McpListToolsFailedEvent,
        McpListToolsInProgressEvent,
        OutputAudioBufferClearedEvent,
        OutputAudioBufferStartedEvent,
        OutputAudioBufferStoppedEvent,
        RateLimitsUpdatedEvent,
        RealtimeErrorEvent,
        ResponseAudioDeltaEvent,
        ResponseAudioDoneEvent,
        ResponseAudioTranscriptDeltaEvent,
        ResponseAudioTranscriptDoneEvent,
        ResponseContentPartAddedEvent,
        ResponseContentPartDoneEvent,
        ResponseCreatedEvent,
        ResponseDoneEvent,
        ResponseFunctionCallArgumentsDeltaEvent,
        ResponseFunctionCallArgumentsDoneEvent,
        ResponseMcpCallArgumentsDeltaEvent,
        ResponseMcpCallArgumentsDoneEvent,
        ResponseMcpCallCompletedEvent,
        ResponseMcpCallFailedEvent,
        ResponseMcpCallInProgressEvent,
        ResponseOutputItemAddedEvent,
        ResponseOutputItemDoneEvent,
        ResponseTextDeltaEvent,
        ResponseTextDoneEvent,
        SessionCreatedEvent,
        SessionUpdatedEvent,
        TranscriptionSessionCreatedEvent,
        TranscriptionSessionUpdatedEvent,
        UnknownRealtimeServerEvent,
    ]
else:

    class RealtimeServerEvent(OpenUnion):
        """A Realtime server event: decoded by ``type``, ``UnknownRealtimeServerEvent`` for the others."""

        members = by_type(_EVENTS)
        unknown = UnknownRealtimeServerEvent
