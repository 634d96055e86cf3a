"""``AssistantEventHandler``: openai-python's event handler for run streams (Assistants API v2).

Subclass it and override the ``on_...`` callbacks you need (``on_text_delta``, ``on_tool_call_created``,
...), then hand an instance to ``runs.stream(..., event_handler=...)`` (or ``create_and_stream``,
``submit_tool_outputs_stream``, ``threads.create_and_run_stream``); entering the returned
``AssistantStreamManager`` starts the run and gives the handler back. Iterating it (or
``until_done()``) reads the events and fires the callbacks; ``current_run``,
``current_message_snapshot``, ``get_final_messages()`` and the rest read the snapshot the underlying
``AssistantEventStream`` folds every event into (``assistants_state.py``): no event is kept.

A snapshot (a message with its text so far, a run step with its tool calls so far) is built when
something reads it: for every delta only if ``on_text_delta``, ``on_message_delta``,
``on_tool_call_delta`` or ``on_run_step_delta`` is overridden, as openai-python's arguments include it.
Unlike openai-python, ``on_tool_call_done`` fires once per tool call, and a new step's first tool
call always fires ``on_tool_call_created``.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Dict, Generic, Iterator, List, Optional, TypeVar

from .._errors import APITimeoutError
from ..types._base import list_of
from ..types.assistant_deltas import MessageDelta, RunStepDelta, TextDelta, TextDeltaBlock, ToolCallDeltaObject
from ..types.assistant_events import AssistantStreamEvent, ThreadMessageDelta
from ..types.runs import Run, RunStep, ToolCallsStepDetails
from ..types.threads import ImageFile, ImageFileContentBlock, Message, Text, TextContentBlock
from .assistants import AssistantEventStream

__all__ = ["AssistantEventHandler", "AssistantEventHandlerT", "AssistantStreamManager"]

_RUN_ENDS = ("thread.run.completed", "thread.run.cancelled", "thread.run.expired", "thread.run.failed",
             "thread.run.requires_action", "thread.run.incomplete")
_STEP_ENDS = ("thread.run.step.completed", "thread.run.step.cancelled", "thread.run.step.expired",
              "thread.run.step.failed")


class AssistantEventHandler:
    """Callbacks for the events of a run stream; the defaults do nothing. One handler per stream."""

    def __init__(self) -> None:
        self._current_event: Optional[AssistantStreamEvent] = None
        self._current_message_content_index: Optional[int] = None
        self._current_tool_call_index: Optional[int] = None
        self._current_tool_call: Any = None
        self._current_run_step_id: Optional[str] = None
        self._tool_step_id: Optional[str] = None  # the step the current tool call belongs to
        self._content_counts: Dict[str, int] = {}  # message id -> content blocks seen
        self._stream: Optional[AssistantEventStream] = None
        self._iterator = self._events()
        self.text_deltas: Iterator[str] = self._text_deltas()
        """The text of the ``thread.message.delta`` events, piece by piece, as they arrive."""
        cls = type(self)
        self._wants_message = _overrides(cls, "on_text_delta") or _overrides(cls, "on_message_delta")
        self._wants_step = _overrides(cls, "on_tool_call_delta") or _overrides(cls, "on_run_step_delta")

    def _init(self, stream: AssistantEventStream) -> None:
        if self._stream is not None:
            raise RuntimeError(
                "A single event handler cannot be shared between multiple streams; You will need to construct "
                "a new event handler instance"
            )
        self._stream = stream

    def __iter__(self) -> Iterator[AssistantStreamEvent]:
        return self._iterator

    def __next__(self) -> AssistantStreamEvent:
        return next(self._iterator)

    # -- what the stream made so far ---------------------------------------------------------------

    @property
    def current_event(self) -> Optional[AssistantStreamEvent]:
        return self._current_event

    @property
    def current_run(self) -> Optional[Run]:
        return self._stream.state.run if self._stream is not None else None

    @property
    def current_run_step_snapshot(self) -> Optional[RunStep]:
        if self._stream is None or not self._current_run_step_id:
            return None
        return self._stream.state.step(self._current_run_step_id)

    @property
    def current_message_snapshot(self) -> Optional[Message]:
        return self._stream.state.message() if self._stream is not None else None

    def close(self) -> None:
        """Stop reading and release the connection."""
        if self._stream is not None:
            self._stream.close()

    def until_done(self) -> None:
        """Read the rest of the stream, firing the callbacks."""
        for _ in self._iterator:
            pass

    def get_final_run(self) -> Run:
        """Read the rest of the stream and return the run as its last event left it."""
        self.until_done()
        if self.current_run is None:
            raise RuntimeError("No final run object found")
        return self.current_run

    def get_final_run_steps(self) -> List[RunStep]:
        """Read the rest of the stream and return the steps the run took."""
        self.until_done()
        steps = self._stream.get_final_run_steps() if self._stream is not None else []
        if not steps:
            raise RuntimeError("No run steps found")
        return steps

    def get_final_messages(self) -> List[Message]:
        """Read the rest of the stream and return the messages the run wrote."""
        self.until_done()
        messages = self._stream.get_final_messages() if self._stream is not None else []
        if not messages:
            raise RuntimeError("No messages found")
        return messages

    # -- the callbacks (override the ones you need) --------------------------------------------------

    def on_end(self) -> None:
        """The stream ended: read to its end, or an exception was raised while reading it."""

    def on_event(self, event: AssistantStreamEvent) -> None:
        """Every event, before the callbacks for its kind."""

    def on_run_step_created(self, run_step: RunStep) -> None:
        """A run step was created."""

    def on_run_step_delta(self, delta: RunStepDelta, snapshot: RunStep) -> None:
        """A piece of a run step: ``delta`` as sent, ``snapshot`` the step with every piece so far."""

    def on_run_step_done(self, run_step: RunStep) -> None:
        """A run step ended (completed, failed, cancelled or expired)."""

    def on_tool_call_created(self, tool_call: Any) -> None:
        """A tool call began (a ``FunctionToolCall``, ``CodeInterpreterToolCall``, ...)."""

    def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
        """A piece of a tool call: ``delta`` as sent, ``snapshot`` the call so far."""

    def on_tool_call_done(self, tool_call: Any) -> None:
        """A tool call is complete."""

    def on_exception(self, exception: Exception) -> None:
        """An exception was raised while reading the stream (it is raised on)."""

    def on_timeout(self) -> None:
        """The stream timed out (``on_exception`` follows)."""

    def on_message_created(self, message: Message) -> None:
        """A message was created."""

    def on_message_delta(self, delta: MessageDelta, snapshot: Message) -> None:
        """A piece of a message: ``delta`` as sent, ``snapshot`` the message so far."""

    def on_message_done(self, message: Message) -> None:
        """A message is complete (or incomplete: the run stopped)."""

    def on_text_created(self, text: Text) -> None:
        """A text content block began."""

    def on_text_delta(self, delta: TextDelta, snapshot: Text) -> None:
        """A piece of text: ``delta.value`` the piece, ``snapshot.value`` the text so far."""

    def on_text_done(self, text: Text) -> None:
        """A text content block is complete."""

    def on_image_file_done(self, image_file: ImageFile) -> None:
        """An image file content block is complete."""

    # -- the machinery -------------------------------------------------------------------------------

    def _events(self) -> Iterator[AssistantStreamEvent]:
        stream = self._stream
        if stream is None:
            raise RuntimeError("Stream has not been started yet")
        try:
            for event in stream:
                self._emit(event)
                yield event
        except APITimeoutError as exc:
            self.on_timeout()
            self.on_exception(exc)
            raise
        except Exception as exc:
            self.on_exception(exc)
            raise
        finally:
            self.on_end()

    def _text_deltas(self) -> Iterator[str]:
        for event in self:
            delta = event.data.delta if isinstance(event, ThreadMessageDelta) else None
            for part in list_of(delta.content if isinstance(delta, MessageDelta) else None, TextDeltaBlock):
                if isinstance(part.text, TextDelta) and part.text.value:
                    yield part.text.value

    def _emit(self, event: Any) -> None:
        self._current_event = event
        self.on_event(event)
        name = event.event
        if name in _RUN_ENDS:
            self._tool_call_done()
        elif name == "thread.message.created":
            self._content_counts[event.data.id] = len(list_of(event.data.content, object))
            self.on_message_created(event.data)
        elif name == "thread.message.delta":
            self._message_delta(event.data.id, event.data.delta)
        elif name in ("thread.message.completed", "thread.message.incomplete"):
            self._content_done(event.data)
            self.on_message_done(event.data)
        elif name == "thread.run.step.created":
            self._current_run_step_id = event.data.id
            self.on_run_step_created(event.data)
        elif name == "thread.run.step.in_progress":
            self._current_run_step_id = event.data.id
        elif name == "thread.run.step.delta":
            self._step_delta(event.data.id, event.data.delta)
        elif name in _STEP_ENDS:
            self._tool_call_done()
            self._current_tool_call_index = None
            self.on_run_step_done(event.data)
            self._current_run_step_id = None
        self._current_event = None

    def _message_delta(self, message_id: str, delta: Any) -> None:
        state = self._stream.state if self._stream is not None else None
        parts = list_of(delta.content if isinstance(delta, MessageDelta) else None, object)
        seen = self._content_counts.get(message_id, 0)
        built: List[Optional[Message]] = []

        def blocks() -> List[Any]:  # the message so far, built once, when first needed
            if not built:
                built.append(state.message(message_id) if state is not None else None)
            return list_of(built[0].content, object) if built[0] is not None else []

        for part in parts:
            index = getattr(part, "index", None)
            if type(index) is not int:
                continue
            if index != self._current_message_content_index:
                previous = self._current_message_content_index
                if previous is not None and previous < len(blocks()):
                    self._finish_content(blocks()[previous])
                self._current_message_content_index = index
            if index >= seen:
                seen = index + 1
                if index < len(blocks()) and isinstance(blocks()[index], TextContentBlock):
                    self.on_text_created(blocks()[index].text)
            if self._wants_message and isinstance(part, TextDeltaBlock) and part.text and index < len(blocks()):
                block = blocks()[index]
                if isinstance(block, TextContentBlock):
                    self.on_text_delta(part.text, block.text)
        self._content_counts[message_id] = seen
        if self._wants_message and isinstance(delta, MessageDelta):
            blocks()
            if built[0] is not None:
                self.on_message_delta(delta, built[0])

    def _content_done(self, message: Message) -> None:
        index = self._current_message_content_index
        content = list_of(message.content, object)
        if index is not None and index < len(content):
            self._finish_content(content[index])
        self._current_message_content_index = None

    def _finish_content(self, block: Any) -> None:
        if isinstance(block, TextContentBlock):
            self.on_text_done(block.text)
        elif isinstance(block, ImageFileContentBlock):
            self.on_image_file_done(block.image_file)

    def _step_delta(self, step_id: str, delta: Any) -> None:
        state = self._stream.state if self._stream is not None else None
        details = delta.step_details if isinstance(delta, RunStepDelta) else None
        pieces = list_of(details.tool_calls, object) if isinstance(details, ToolCallDeltaObject) else []
        snapshot = state.step(step_id) if state is not None and (self._wants_step or pieces) else None
        details_now = snapshot.step_details if snapshot is not None else None
        calls = list_of(details_now.tool_calls, object) if isinstance(details_now, ToolCallsStepDetails) else []
        for piece in pieces:
            index = getattr(piece, "index", None)
            if type(index) is not int or index >= len(calls):
                continue
            if index == self._current_tool_call_index and step_id == self._tool_step_id:
                self.on_tool_call_delta(piece, calls[index])
            else:
                self._tool_call_done()
                self._current_tool_call_index = index
                self._tool_step_id = step_id
                self.on_tool_call_created(calls[index])
            self._current_tool_call = calls[index]
        if snapshot is not None and isinstance(delta, RunStepDelta):
            self.on_run_step_delta(delta, snapshot)

    def _tool_call_done(self) -> None:
        """Fire ``on_tool_call_done`` for the current tool call, as its step now stands, once."""
        call, index, state = self._current_tool_call, self._current_tool_call_index, None
        if call is None:
            return
        state = self._stream.state if self._stream is not None else None
        step = state.step(self._tool_step_id) if state is not None and self._tool_step_id else None
        if step is not None and isinstance(step.step_details, ToolCallsStepDetails) and index is not None:
            calls = step.step_details.tool_calls
            call = calls[index] if index < len(calls) else call
        self._current_tool_call = None
        self.on_tool_call_done(call)


def _overrides(cls: type, name: str) -> bool:
    return getattr(cls, name) is not getattr(AssistantEventHandler, name)


AssistantEventHandlerT = TypeVar("AssistantEventHandlerT", bound=AssistantEventHandler)


class AssistantStreamManager(Generic[AssistantEventHandlerT]):
    """The context manager the run stream helpers return: entering it starts the run and gives the
    event handler; leaving it closes the stream."""

    def __init__(
        self, api_request: Callable[[], AssistantEventStream], *, event_handler: AssistantEventHandlerT
    ) -> None:
        self._api_request = api_request
        self._event_handler = event_handler
        self._stream: Optional[AssistantEventStream] = None

    def __enter__(self) -> AssistantEventHandlerT:
        self._stream = self._api_request()
        self._event_handler._init(self._stream)
        return self._event_handler

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        if self._stream is not None:
            self._stream.close()
