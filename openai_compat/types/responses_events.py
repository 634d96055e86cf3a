"""Stream events of the Responses API: one Struct per ``type`` of the spec's ``ResponseStreamEvent``.

A stream is decoded by peeking at each event's ``type`` and handing the bytes to that event's own
decoder (the codec's open-union decoders); a type this library does not know yet decodes to
``UnknownEvent``, which keeps every field (attributes, ``raw``). Every event has ``sequence_number``.
Class names are the spec's (and openai-python's). ``response.failed`` and ``response.incomplete``
are ordinary events; the ``error`` event is raised by ``ResponseStream`` as ``APIStreamError``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._event_base import UnknownEvent, _ContentEvent, _Event, _ItemEvent, _ResponseEvent
from ._open import OpenUnion, by_type
from .responses_items import ContentPart, OutputItem, UnknownContent, UnknownItem
from .responses_tool_events import (
    ResponseAudioDeltaEvent,
    ResponseAudioDoneEvent,
    ResponseAudioTranscriptDeltaEvent,
    ResponseAudioTranscriptDoneEvent,
    ResponseCodeInterpreterCallCodeDeltaEvent,
    ResponseCodeInterpreterCallCodeDoneEvent,
    ResponseCodeInterpreterCallCompletedEvent,
    ResponseCodeInterpreterCallInProgressEvent,
    ResponseCodeInterpreterCallInterpretingEvent,
    ResponseCustomToolCallInputDeltaEvent,
    ResponseCustomToolCallInputDoneEvent,
    ResponseFileSearchCallCompletedEvent,
    ResponseFileSearchCallInProgressEvent,
    ResponseFileSearchCallSearchingEvent,
    ResponseImageGenCallCompletedEvent,
    ResponseImageGenCallGeneratingEvent,
    ResponseImageGenCallInProgressEvent,
    ResponseImageGenCallPartialImageEvent,
    ResponseMCPCallArgumentsDeltaEvent,
    ResponseMCPCallArgumentsDoneEvent,
    ResponseMCPCallCompletedEvent,
    ResponseMCPCallFailedEvent,
    ResponseMCPCallInProgressEvent,
    ResponseMCPListToolsCompletedEvent,
    ResponseMCPListToolsFailedEvent,
    ResponseMCPListToolsInProgressEvent,
    ResponseShellCallCommandAddedStreamingEvent,
    ResponseShellCallCommandDeltaStreamingEvent,
    ResponseShellCallCommandDoneStreamingEvent,
    ResponseShellCallOutputContentDeltaStreamingEvent,
    ResponseShellCallOutputContentDoneStreamingEvent,
    ResponseWebSearchCallCompletedEvent,
    ResponseWebSearchCallInProgressEvent,
    ResponseWebSearchCallSearchingEvent,
)
from .responses_tools import Annotation, UnknownAnnotation

__all__ = [
    "ResponseAudioDeltaEvent",
    "ResponseAudioDoneEvent",
    "ResponseAudioTranscriptDeltaEvent",
    "ResponseAudioTranscriptDoneEvent",
    "ResponseCodeInterpreterCallCodeDeltaEvent",
    "ResponseCodeInterpreterCallCodeDoneEvent",
    "ResponseCodeInterpreterCallCompletedEvent",
    "ResponseCodeInterpreterCallInProgressEvent",
    "ResponseCodeInterpreterCallInterpretingEvent",
    "ResponseCompletedEvent",
    "ResponseContentPartAddedEvent",
    "ResponseContentPartDoneEvent",
    "ResponseCreatedEvent",
    "ResponseCustomToolCallInputDeltaEvent",
    "ResponseCustomToolCallInputDoneEvent",
    "ResponseErrorEvent",
    "ResponseFailedEvent",
    "ResponseFileSearchCallCompletedEvent",
    "ResponseFileSearchCallInProgressEvent",
    "ResponseFileSearchCallSearchingEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseFunctionCallArgumentsDoneEvent",
    "ResponseImageGenCallCompletedEvent",
    "ResponseImageGenCallGeneratingEvent",
    "ResponseImageGenCallInProgressEvent",
    "ResponseImageGenCallPartialImageEvent",
    "ResponseInProgressEvent",
    "ResponseIncompleteEvent",
    "ResponseMCPCallArgumentsDeltaEvent",
    "ResponseMCPCallArgumentsDoneEvent",
    "ResponseMCPCallCompletedEvent",
    "ResponseMCPCallFailedEvent",
    "ResponseMCPCallInProgressEvent",
    "ResponseMCPListToolsCompletedEvent",
    "ResponseMCPListToolsFailedEvent",
    "ResponseMCPListToolsInProgressEvent",
    "ResponseOutputItemAddedEvent",
    "ResponseOutputItemDoneEvent",
    "ResponseOutputTextAnnotationAddedEvent",
    "ResponseQueuedEvent",
    "ResponseReasoningSummaryPartAddedEvent",
    "ResponseReasoningSummaryPartDoneEvent",
    "ResponseReasoningSummaryTextDeltaEvent",
    "ResponseReasoningSummaryTextDoneEvent",
    "ResponseReasoningTextDeltaEvent",
    "ResponseReasoningTextDoneEvent",
    "ResponseRefusalDeltaEvent",
    "ResponseRefusalDoneEvent",
    "ResponseShellCallCommandAddedStreamingEvent",
    "ResponseShellCallCommandDeltaStreamingEvent",
    "ResponseShellCallCommandDoneStreamingEvent",
    "ResponseShellCallOutputContentDeltaStreamingEvent",
    "ResponseShellCallOutputContentDoneStreamingEvent",
    "ResponseStreamEvent",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
    "ResponseWebSearchCallCompletedEvent",
    "ResponseWebSearchCallInProgressEvent",
    "ResponseWebSearchCallSearchingEvent",
    "UnknownEvent",
]


class ResponseCompletedEvent(_ResponseEvent):
    type: str = "response.completed"


class ResponseContentPartAddedEvent(_ContentEvent):
    type: str = "response.content_part.added"
    part: ContentPart = msgspec.field(default_factory=UnknownContent)


class ResponseContentPartDoneEvent(_ContentEvent):
    type: str = "response.content_part.done"
    part: ContentPart = msgspec.field(default_factory=UnknownContent)


class ResponseCreatedEvent(_ResponseEvent):
    type: str = "response.created"


class ResponseErrorEvent(_Event):
    type: str = "error"
    code: Optional[str] = None
    message: str = ""
    param: Optional[str] = None


class ResponseFunctionCallArgumentsDeltaEvent(_ItemEvent):
    type: str = "response.function_call_arguments.delta"
    delta: str = ""


class ResponseFunctionCallArgumentsDoneEvent(_ItemEvent):
    type: str = "response.function_call_arguments.done"
    name: str = ""
    arguments: str = ""


class ResponseInProgressEvent(_ResponseEvent):
    type: str = "response.in_progress"


class ResponseFailedEvent(_ResponseEvent):
    type: str = "response.failed"


class ResponseIncompleteEvent(_ResponseEvent):
    type: str = "response.incomplete"


class ResponseOutputItemAddedEvent(_Event):
    type: str = "response.output_item.added"
    output_index: int = 0
    item: OutputItem = msgspec.field(default_factory=UnknownItem)


class ResponseOutputItemDoneEvent(_Event):
    type: str = "response.output_item.done"
    output_index: int = 0
    item: OutputItem = msgspec.field(default_factory=UnknownItem)


class ResponseReasoningSummaryPartAddedEvent(_ItemEvent):
    type: str = "response.reasoning_summary_part.added"
    summary_index: int = 0
    part: ContentPart = msgspec.field(default_factory=UnknownContent)


class ResponseReasoningSummaryPartDoneEvent(_ItemEvent):
    type: str = "response.reasoning_summary_part.done"
    summary_index: int = 0
    status: Optional[str] = None
    part: ContentPart = msgspec.field(default_factory=UnknownContent)


class ResponseReasoningSummaryTextDeltaEvent(_ItemEvent):
    type: str = "response.reasoning_summary_text.delta"
    summary_index: int = 0
    delta: str = ""


class ResponseReasoningSummaryTextDoneEvent(_ItemEvent):
    type: str = "response.reasoning_summary_text.done"
    summary_index: int = 0
    text: str = ""


class ResponseReasoningTextDeltaEvent(_ContentEvent):
    type: str = "response.reasoning_text.delta"
    delta: str = ""


class ResponseReasoningTextDoneEvent(_ContentEvent):
    type: str = "response.reasoning_text.done"
    text: str = ""


class ResponseRefusalDeltaEvent(_ContentEvent):
    type: str = "response.refusal.delta"
    delta: str = ""


class ResponseRefusalDoneEvent(_ContentEvent):
    type: str = "response.refusal.done"
    refusal: str = ""


class ResponseTextDeltaEvent(_ContentEvent):
    type: str = "response.output_text.delta"
    delta: str = ""
    logprobs: List[Dict[str, Any]] = msgspec.field(default_factory=list)


class ResponseTextDoneEvent(_ContentEvent):
    type: str = "response.output_text.done"
    text: str = ""
    logprobs: List[Dict[str, Any]] = msgspec.field(default_factory=list)


class ResponseOutputTextAnnotationAddedEvent(_ContentEvent):
    type: str = "response.output_text.annotation.added"
    annotation_index: int = 0
    annotation: Annotation = msgspec.field(default_factory=UnknownAnnotation)


class ResponseQueuedEvent(_ResponseEvent):
    type: str = "response.queued"


_EVENTS = (
    ResponseAudioDeltaEvent,
    ResponseAudioDoneEvent,
    ResponseAudioTranscriptDeltaEvent,
    ResponseAudioTranscriptDoneEvent,
    ResponseCodeInterpreterCallCodeDeltaEvent,
    ResponseCodeInterpreterCallCodeDoneEvent,
    ResponseCodeInterpreterCallCompletedEvent,
    ResponseCodeInterpreterCallInProgressEvent,
    ResponseCodeInterpreterCallInterpretingEvent,
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseErrorEvent,
    ResponseFileSearchCallCompletedEvent,
    ResponseFileSearchCallInProgressEvent,
    ResponseFileSearchCallSearchingEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseShellCallCommandAddedStreamingEvent,
    ResponseShellCallCommandDeltaStreamingEvent,
    ResponseShellCallCommandDoneStreamingEvent,
    ResponseShellCallOutputContentDeltaStreamingEvent,
    ResponseShellCallOutputContentDoneStreamingEvent,
    ResponseInProgressEvent,
    ResponseFailedEvent,
    ResponseIncompleteEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseReasoningSummaryPartAddedEvent,
    ResponseReasoningSummaryPartDoneEvent,
    ResponseReasoningSummaryTextDeltaEvent,
    ResponseReasoningSummaryTextDoneEvent,
    ResponseReasoningTextDeltaEvent,
    ResponseReasoningTextDoneEvent,
    ResponseRefusalDeltaEvent,
    ResponseRefusalDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    ResponseWebSearchCallCompletedEvent,
    ResponseWebSearchCallInProgressEvent,
    ResponseWebSearchCallSearchingEvent,
    ResponseImageGenCallCompletedEvent,
    ResponseImageGenCallGeneratingEvent,
    ResponseImageGenCallInProgressEvent,
    ResponseImageGenCallPartialImageEvent,
    ResponseMCPCallArgumentsDeltaEvent,
    ResponseMCPCallArgumentsDoneEvent,
    ResponseMCPCallCompletedEvent,
    ResponseMCPCallFailedEvent,
    ResponseMCPCallInProgressEvent,
    ResponseMCPListToolsCompletedEvent,
    ResponseMCPListToolsFailedEvent,
    ResponseMCPListToolsInProgressEvent,
    ResponseOutputTextAnnotationAddedEvent,
    ResponseQueuedEvent,
    ResponseCustomToolCallInputDeltaEvent,
    ResponseCustomToolCallInputDoneEvent,
)


if TYPE_CHECKING:
    ResponseStreamEvent = Union[
        ResponseAudioDeltaEvent,
        ResponseAudioDoneEvent,
        ResponseAudioTranscriptDeltaEvent,
        ResponseAudioTranscriptDoneEvent,
        ResponseCodeInterpreterCallCodeDeltaEvent,
        ResponseCodeInterpreterCallCodeDoneEvent,
        ResponseCodeInterpreterCallCompletedEvent,
        ResponseCodeInterpreterCallInProgressEvent,
        ResponseCodeInterpreterCallInterpretingEvent,
        ResponseCompletedEvent,
        ResponseContentPartAddedEvent,
        ResponseContentPartDoneEvent,
        ResponseCreatedEvent,
        ResponseCustomToolCallInputDeltaEvent,
        ResponseCustomToolCallInputDoneEvent,
        ResponseErrorEvent,
        ResponseFailedEvent,
        ResponseFileSearchCallCompletedEvent,
        ResponseFileSearchCallInProgressEvent,
        ResponseFileSearchCallSearchingEvent,
        ResponseFunctionCallArgumentsDeltaEvent,
        ResponseFunctionCallArgumentsDoneEvent,
        ResponseImageGenCallCompletedEvent,
        ResponseImageGenCallGeneratingEvent,
        ResponseImageGenCallInProgressEvent,
        ResponseImageGenCallPartialImageEvent,
        ResponseInProgressEvent,
        ResponseIncompleteEvent,
        ResponseMCPCallArgumentsDeltaEvent,
        ResponseMCPCallArgumentsDoneEvent,
        ResponseMCPCallCompletedEvent,
        ResponseMCPCallFailedEvent,
        ResponseMCPCallInProgressEvent,
        ResponseMCPListToolsCompletedEvent,
        ResponseMCPListToolsFailedEvent,
        ResponseMCPListToolsInProgressEvent,
        ResponseOutputItemAddedEvent,
        ResponseOutputItemDoneEvent,
        ResponseOutputTextAnnotationAddedEvent,
        ResponseQueuedEvent,
        ResponseReasoningSummaryPartAddedEvent,
        ResponseReasoningSummaryPartDoneEvent,
        ResponseReasoningSummaryTextDeltaEvent,
        ResponseReasoningSummaryTextDoneEvent,
        ResponseReasoningTextDeltaEvent,
        ResponseReasoningTextDoneEvent,
        ResponseRefusalDeltaEvent,
        ResponseRefusalDoneEvent,
        ResponseShellCallCommandAddedStreamingEvent,
        ResponseShellCallCommandDeltaStreamingEvent,
        ResponseShellCallCommandDoneStreamingEvent,
        ResponseShellCallOutputContentDeltaStreamingEvent,
        ResponseShellCallOutputContentDoneStreamingEvent,
        ResponseTextDeltaEvent,
        ResponseTextDoneEvent,
        ResponseWebSearchCallCompletedEvent,
        ResponseWebSearchCallInProgressEvent,
        ResponseWebSearchCallSearchingEvent,
        UnknownEvent,
    ]
else:

    class ResponseStreamEvent(OpenUnion):
        """A Responses stream event: decoded by ``type``, ``UnknownEvent`` for the others."""

        members = by_type(_EVENTS)
        unknown = UnknownEvent
