"""The events of a streamed run (the spec's ``AssistantStreamEvent``): one Struct per ``thread.*`` event.

On the wire the event's name is the SSE ``event:`` field and ``data:`` is the object (a ``Run``, a
``Message``, a ``MessageDeltaEvent``, ...), which has no field naming the event. So each event here
is ``{event, data}``, the shape openai-python builds too, with ``data`` typed per event; a name this
library does not know decodes to ``UnknownAssistantEvent`` with ``data`` as plain JSON values.

``event_from_sse(name, data)`` decodes one server-sent event;
``AssistantEventStream`` (``_streaming/assistants.py``) does so for each event of a run stream.
The spec's ``error`` event is raised there as ``APIStreamError``; ``done`` ends the stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion
from .assistant_deltas import MessageDeltaEvent, RunStepDeltaEvent
from .runs import Run, RunStep
from .threads import Message, Thread

__all__ = [
    "AssistantStreamEvent", "DoneEvent", "ErrorEvent", "StreamError", "ThreadCreated", "ThreadMessageCompleted",
    "ThreadMessageCreated", "ThreadMessageDelta", "ThreadMessageInProgress", "ThreadMessageIncomplete",
    "ThreadRunCancelled", "ThreadRunCancelling", "ThreadRunCompleted", "ThreadRunCreated", "ThreadRunExpired",
    "ThreadRunFailed", "ThreadRunInProgress", "ThreadRunIncomplete", "ThreadRunQueued", "ThreadRunRequiresAction",
    "ThreadRunStepCancelled", "ThreadRunStepCompleted", "ThreadRunStepCreated", "ThreadRunStepDelta",
    "ThreadRunStepExpired", "ThreadRunStepFailed", "ThreadRunStepInProgress", "UnknownAssistantEvent",
    "event_from_sse",
]


class _ThreadEvent(APIObject):
    event: str = ""


class ThreadCreated(_ThreadEvent):
    event: str = "thread.created"
    data: Thread = msgspec.field(default_factory=Thread)


# -- runs (RunStreamEvent): ``data`` is the run as it stands --------------------------------------


class _RunEvent(_ThreadEvent):
    data: Run = msgspec.field(default_factory=Run)


class ThreadRunCreated(_RunEvent):
    event: str = "thread.run.created"


class ThreadRunQueued(_RunEvent):
    event: str = "thread.run.queued"


class ThreadRunInProgress(_RunEvent):
    event: str = "thread.run.in_progress"


class ThreadRunRequiresAction(_RunEvent):
    """The run waits for tool outputs: see ``data.required_action``, then ``submit_tool_outputs``."""

    event: str = "thread.run.requires_action"


class ThreadRunCompleted(_RunEvent):
    event: str = "thread.run.completed"


class ThreadRunIncomplete(_RunEvent):
    event: str = "thread.run.incomplete"


class ThreadRunFailed(_RunEvent):
    event: str = "thread.run.failed"


class ThreadRunCancelling(_RunEvent):
    event: str = "thread.run.cancelling"


class ThreadRunCancelled(_RunEvent):
    event: str = "thread.run.cancelled"


class ThreadRunExpired(_RunEvent):
    event: str = "thread.run.expired"


# -- run steps (RunStepStreamEvent) ---------------------------------------------------------------


class _RunStepEvent(_ThreadEvent):
    data: RunStep = msgspec.field(default_factory=RunStep)


class ThreadRunStepCreated(_RunStepEvent):
    event: str = "thread.run.step.created"


class ThreadRunStepInProgress(_RunStepEvent):
    event: str = "thread.run.step.in_progress"


class ThreadRunStepDelta(_ThreadEvent):
    """A piece of a run step (tool call arguments, code, outputs) for the step ``data.id``."""

    event: str = "thread.run.step.delta"
    data: RunStepDeltaEvent = msgspec.field(default_factory=RunStepDeltaEvent)


class ThreadRunStepCompleted(_RunStepEvent):
    event: str = "thread.run.step.completed"


class ThreadRunStepFailed(_RunStepEvent):
    event: str = "thread.run.step.failed"


class ThreadRunStepCancelled(_RunStepEvent):
    event: str = "thread.run.step.cancelled"


class ThreadRunStepExpired(_RunStepEvent):
    event: str = "thread.run.step.expired"


# -- messages (MessageStreamEvent) --------------------------------------------------------------


class _MessageEvent(_ThreadEvent):
    data: Message = msgspec.field(default_factory=Message)


class ThreadMessageCreated(_MessageEvent):
    event: str = "thread.message.created"


class ThreadMessageInProgress(_MessageEvent):
    event: str = "thread.message.in_progress"


class ThreadMessageDelta(_ThreadEvent):
    """A piece of a message for the message ``data.id``; ``data.text`` is the text it adds."""

    event: str = "thread.message.delta"
    data: MessageDeltaEvent = msgspec.field(default_factory=MessageDeltaEvent)


class ThreadMessageCompleted(_MessageEvent):
    event: str = "thread.message.completed"


class ThreadMessageIncomplete(_MessageEvent):
    event: str = "thread.message.incomplete"


# -- the end of a stream ----------------------------------------------------------------------------


class StreamError(APIObject):
    """The spec's ``Error``: ``message``, ``type``, ``code`` and ``param``."""

    message: str = ""
    type: Optional[str] = None
    code: Optional[str] = None
    param: Optional[str] = None


class ErrorEvent(_ThreadEvent):
    """The spec's ``error`` event. ``AssistantEventStream`` raises it as ``APIStreamError`` (with the
    events seen so far) rather than yielding it, as every stream of this library does."""

    event: str = "error"
    data: StreamError = msgspec.field(default_factory=StreamError)


class DoneEvent(_ThreadEvent):
    """The spec's ``done`` event (``data: [DONE]``): ``AssistantEventStream`` ends there and does not
    yield it; ``event_from_sse("done", ...)`` gives it to callers decoding events themselves."""

    event: str = "done"
    data: str = "[DONE]"


class UnknownAssistantEvent(_ThreadEvent):
    """An event of a name this library does not know: ``data`` holds its JSON as plain values."""

    data: Any = None


_EVENTS = (
    ThreadCreated, ThreadRunCreated, ThreadRunQueued, ThreadRunInProgress, ThreadRunRequiresAction,
    ThreadRunCompleted, ThreadRunIncomplete, ThreadRunFailed, ThreadRunCancelling, ThreadRunCancelled,
    ThreadRunExpired, ThreadRunStepCreated, ThreadRunStepInProgress, ThreadRunStepDelta, ThreadRunStepCompleted,
    ThreadRunStepFailed, ThreadRunStepCancelled, ThreadRunStepExpired, ThreadMessageCreated,
    ThreadMessageInProgress, ThreadMessageDelta, ThreadMessageCompleted, ThreadMessageIncomplete, ErrorEvent,
)


def _by_event(classes: Any) -> Dict[str, Tuple[type, Any]]:
    """``{event name: (event class, type of its data)}``."""
    table = {}
    for cls in classes:
        fields = {f.name: f for f in msgspec.structs.fields(cls)}
        table[fields["event"].default] = (cls, fields["data"].type)
    return table


_DATA_TYPES = _by_event(_EVENTS)
_MEMBERS: Dict[str, type] = {**{name: pair[0] for name, pair in _DATA_TYPES.items()}, "done": DoneEvent}


def event_from_sse(name: Optional[str], data: Union[bytes, str]) -> AssistantStreamEvent:
    """Decode one server-sent event of a run stream: its ``event:`` name and its ``data:`` JSON."""
    from ._codec import decode_untyped, decoder_for

    if name == "done":  # its data is the bare text ``[DONE]``, not JSON
        return DoneEvent(data=data if isinstance(data, str) else data.decode("utf-8", "replace"))
    pair = _DATA_TYPES.get(name) if name is not None else None
    if pair is None:
        return UnknownAssistantEvent(event=name or "", data=decode_untyped(data))
    event_cls, data_type = pair
    event: AssistantStreamEvent = event_cls(event=name, data=decoder_for(data_type)(data))
    return event


if TYPE_CHECKING:
    AssistantStreamEvent = Union[
        ThreadCreated, ThreadRunCreated, ThreadRunQueued, ThreadRunInProgress, ThreadRunRequiresAction,
        ThreadRunCompleted, ThreadRunIncomplete, ThreadRunFailed, ThreadRunCancelling, ThreadRunCancelled,
        ThreadRunExpired, ThreadRunStepCreated, ThreadRunStepInProgress, ThreadRunStepDelta, ThreadRunStepCompleted,
        ThreadRunStepFailed, ThreadRunStepCancelled, ThreadRunStepExpired, ThreadMessageCreated,
        ThreadMessageInProgress, ThreadMessageDelta, ThreadMessageCompleted, ThreadMessageIncomplete, ErrorEvent,
        DoneEvent, UnknownAssistantEvent,
    ]
else:

    class AssistantStreamEvent(OpenUnion):
        """A run stream event: told apart by its ``event`` name, ``UnknownAssistantEvent`` for the others.

        ``event_from_sse(name, data)`` decodes a server-sent event; decoding ``{"event": ..., "data": ...}``
        (what ``to_dict()`` gives) works too, so stored events can be read back.
        """

        members = _MEMBERS
        unknown = UnknownAssistantEvent
        tag = "event"
