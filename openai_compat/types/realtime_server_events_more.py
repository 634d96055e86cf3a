"""Realtime server events about audio buffers, input transcription and MCP tools, and the base
Structs of every server event; ``realtime_server_events`` re-exports them in ``RealtimeServerEvent``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import msgspec

from ._base import APIObject
from .realtime_items import RealtimeError

__all__ = [
    "ConversationItemInputAudioTranscriptionCompletedEvent",
    "ConversationItemInputAudioTranscriptionDeltaEvent",
    "ConversationItemInputAudioTranscriptionFailedEvent",
    "ConversationItemInputAudioTranscriptionSegmentEvent",
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
    "ResponseMcpCallArgumentsDeltaEvent",
    "ResponseMcpCallArgumentsDoneEvent",
    "ResponseMcpCallCompletedEvent",
    "ResponseMcpCallFailedEvent",
    "ResponseMcpCallInProgressEvent",
]


class _ServerEvent(APIObject):
    type: str = ""
    event_id: str = ""  # the server's id of this event (not the client event it answers)


class _ContentEvent(_ServerEvent):
    """An event about one content part of one output item of a response."""

    response_id: str = ""
    item_id: str = ""
    output_index: int = 0
    content_index: int = 0


# -- input audio buffer --------------------------------------------------------------------------


class InputAudioBufferCommittedEvent(_ServerEvent):
    type: str = "input_audio_buffer.committed"
    item_id: str = ""
    previous_item_id: Optional[str] = None


class InputAudioBufferClearedEvent(_ServerEvent):
    type: str = "input_audio_buffer.cleared"


class InputAudioBufferSpeechStartedEvent(_ServerEvent):
    type: str = "input_audio_buffer.speech_started"
    audio_start_ms: int = 0
    item_id: str = ""


class InputAudioBufferSpeechStoppedEvent(_ServerEvent):
    type: str = "input_audio_buffer.speech_stopped"
    audio_end_ms: int = 0
    item_id: str = ""


class InputAudioBufferTimeoutTriggeredEvent(_ServerEvent):
    type: str = "input_audio_buffer.timeout_triggered"
    audio_start_ms: int = 0
    audio_end_ms: int = 0
    item_id: str = ""


class InputAudioBufferDtmfEventReceivedEvent(_ServerEvent):
    """A telephone keypad press on a SIP call; the spec gives this event no ``event_id``."""

    type: str = "input_audio_buffer.dtmf_event_received"
    event: str = ""  # the key: "0"-"9", "*", "#", "A"-"D"
    received_at: int = 0  # Unix seconds


# -- output audio buffer (WebRTC and SIP sessions) -----------------------------------------------


class OutputAudioBufferStartedEvent(_ServerEvent):
    type: str = "output_audio_buffer.started"
    response_id: str = ""


class OutputAudioBufferStoppedEvent(_ServerEvent):
    type: str = "output_audio_buffer.stopped"
    response_id: str = ""


class OutputAudioBufferClearedEvent(_ServerEvent):
    type: str = "output_audio_buffer.cleared"
    response_id: str = ""


# -- input audio transcription ------------------------------------------------------------------


class ConversationItemInputAudioTranscriptionDeltaEvent(_ServerEvent):
    type: str = "conversation.item.input_audio_transcription.delta"
    item_id: str = ""
    content_index: Optional[int] = None
    delta: Optional[str] = None
    logprobs: Optional[List[Dict[str, Any]]] = None
    obfuscation: Optional[str] = None  # in the spec's example, not its schema


class ConversationItemInputAudioTranscriptionCompletedEvent(_ServerEvent):
    type: str = "conversation.item.input_audio_transcription.completed"
    item_id: str = ""
    content_index: int = 0
    transcript: str = ""
    languages: Optional[List[Any]] = None
    logprobs: Optional[List[Dict[str, Any]]] = None
    usage: Optional[Dict[str, Any]] = None  # token counts or a duration, by the transcription model


class ConversationItemInputAudioTranscriptionFailedEvent(_ServerEvent):
    type: str = "conversation.item.input_audio_transcription.failed"
    item_id: str = ""
    content_index: int = 0
    error: RealtimeError = msgspec.field(default_factory=RealtimeError)


class ConversationItemInputAudioTranscriptionSegmentEvent(_ServerEvent):
    """A diarized segment of the input transcription (who spoke when)."""

    type: str = "conversation.item.input_audio_transcription.segment"
    item_id: str = ""
    content_index: int = 0
    text: str = ""
    id: str = ""
    speaker: str = ""
    start: float = 0.0
    end: float = 0.0


# -- MCP tools ----------------------------------------------------------------------------------


class McpListToolsInProgressEvent(_ServerEvent):
    type: str = "mcp_list_tools.in_progress"
    item_id: str = ""


class McpListToolsCompletedEvent(_ServerEvent):
    type: str = "mcp_list_tools.completed"
    item_id: str = ""


class McpListToolsFailedEvent(_ServerEvent):
    type: str = "mcp_list_tools.failed"
    item_id: str = ""


class ResponseMcpCallArgumentsDeltaEvent(_ServerEvent):
    type: str = "response.mcp_call_arguments.delta"
    response_id: str = ""
    item_id: str = ""
    output_index: int = 0
    delta: str = ""
    obfuscation: Optional[str] = None


class ResponseMcpCallArgumentsDoneEvent(_ServerEvent):
    type: str = "response.mcp_call_arguments.done"
    response_id: str = ""
    item_id: str = ""
    output_index: int = 0
    arguments: str = ""


class ResponseMcpCallInProgressEvent(_ServerEvent):
    type: str = "response.mcp_call.in_progress"
    item_id: str = ""
    output_index: int = 0


class ResponseMcpCallCompletedEvent(_ServerEvent):
    type: str = "response.mcp_call.completed"
    item_id: str = ""
    output_index: int = 0


class ResponseMcpCallFailedEvent(_ServerEvent):
    type: str = "response.mcp_call.failed"
    item_id: str = ""
    output_index: int = 0
