"""``ResponseAccumulator``: the events of a streamed Responses call folded, one at a time, into the
``Response`` they make.

The terminal event (``response.completed``, ``.failed``, ``.incomplete``) carries the whole response,
so the final answer is simply that. The accumulator also keeps the answer as it grows, for a stream
that ends (or fails) without one and for the ``responses.stream()`` helper's snapshots: the latest
lifecycle snapshot (``response.created``/``.queued``/``.in_progress``), every output item as it is
added, its content parts, and the text of the ``output_text``, ``refusal`` and function-call
arguments deltas, until the item's ``output_item.done`` replaces it whole. Events are then let go
(``snapshot.py`` says why); what is kept is counted against ``max_snapshot_size``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..types._base import list_of
from ..types.responses import Response
from ..types.responses_events import (
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseCreatedEvent,
    ResponseFailedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseIncompleteEvent,
    ResponseInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseQueuedEvent,
    ResponseRefusalDeltaEvent,
    ResponseTextDeltaEvent,
)
from ..types.responses_items import FunctionCall, Message, OutputText, Refusal
from .snapshot import Budget, TextParts

__all__ = ["NoFinalResponseError", "ResponseAccumulator"]

TERMINAL = (ResponseCompletedEvent, ResponseFailedEvent, ResponseIncompleteEvent)
LIFECYCLE = (ResponseCreatedEvent, ResponseInProgressEvent, ResponseQueuedEvent)


class NoFinalResponseError(RuntimeError):
    """The stream ended without a response: no terminal event and no ``response.created``."""


class _ItemState:
    """An output item as its events arrive: the item, its content parts, and its streamed text."""

    __slots__ = ("arguments", "done", "item", "parts", "texts")

    def __init__(self, item: Any) -> None:
        self.item = item
        self.done = False
        self.parts: Dict[int, Any] = dict(enumerate(list_of(getattr(item, "content", None), object)))
        self.texts: Dict[Tuple[int, str], TextParts] = {}  # (content_index, "text" or "refusal")
        self.arguments: Optional[TextParts] = None

    def add_text(self, content_index: int, field: str, delta: str) -> None:
        parts = self.texts.get((content_index, field))
        if parts is None:
            parts = self.texts[content_index, field] = TextParts()
        parts.add(delta)

    def add_arguments(self, delta: str) -> None:
        if self.arguments is None:
            self.arguments = TextParts()
        self.arguments.add(delta)

    def text(self, content_index: int, field: str = "text") -> str:
        """The streamed text of one content part so far (``""`` if none came)."""
        parts = self.texts.get((content_index, field))
        return parts.text() if parts is not None else ""

    def result(self) -> Any:
        """The item as far as it came: the done item as sent, else the added one with the text so far."""
        item = self.item
        if self.done:
            return item
        if isinstance(item, FunctionCall) and self.arguments is not None:
            return item.model_copy(update={"arguments": item.arguments + self.arguments.text()})
        if not isinstance(item, Message) or not (self.parts or self.texts):
            return item
        content: List[Any] = []
        for index in sorted(set(self.parts) | {index for index, _ in self.texts}):
            part = self.parts.get(index)
            if isinstance(part, Refusal) or (part is None and (index, "refusal") in self.texts):
                part = Refusal(refusal=(part.refusal if part is not None else "") + self.text(index, "refusal"))
            elif isinstance(part, OutputText) or part is None:
                base = part if part is not None else OutputText()
                part = base.model_copy(update={"text": base.text + self.text(index)})
            content.append(part)
        return item.model_copy(update={"content": content})


class ResponseAccumulator:
    """Folds Responses stream events into the response (``add``, then ``result`` or ``snapshot``)."""

    def __init__(self, limit: Optional[int] = None) -> None:
        self.budget = Budget(limit, "response")
        self.response: Optional[Response] = None  # the latest lifecycle snapshot
        self.final: Optional[Response] = None  # the response of the terminal event
        self.items: Dict[int, _ItemState] = {}
        self.version = 0

    def add(self, event: Any, size: int) -> None:
        """Fold in ``event``, whose data was ``size`` bytes on the wire."""
        self.version += 1
        if isinstance(event, TERMINAL) and isinstance(event.response, Response):
            self.final = event.response  # whole: kept whatever the budget says
            return
        if isinstance(event, LIFECYCLE) and isinstance(event.response, Response):
            self.response = event.response  # replaces the last one: nothing accumulates
            return
        if self.budget.exceeded:
            return
        if isinstance(event, (ResponseTextDeltaEvent, ResponseRefusalDeltaEvent)):
            state = self.items.get(event.output_index)
            if state is not None and not state.done and isinstance(event.delta, str):
                field = "text" if isinstance(event, ResponseTextDeltaEvent) else "refusal"
                state.add_text(event.content_index, field, event.delta)
                self.budget.spend(len(event.delta))
        elif isinstance(event, ResponseFunctionCallArgumentsDeltaEvent):
            state = self.items.get(event.output_index)
            if state is not None and not state.done and isinstance(event.delta, str):
                state.add_arguments(event.delta)
                self.budget.spend(len(event.delta))
        elif isinstance(event, ResponseOutputItemAddedEvent):
            self.items[event.output_index] = _ItemState(event.item)
            self.budget.spend(size)
        elif isinstance(event, ResponseContentPartAddedEvent):
            state = self.items.get(event.output_index)
            if state is not None and not state.done:
                state.parts[event.content_index] = event.part
                self.budget.spend(size)
        elif isinstance(event, ResponseOutputItemDoneEvent):
            state = self.items[event.output_index] = _ItemState(event.item)
            state.done = True
            self.budget.spend(size)

    def output(self) -> List[Any]:
        """The output items so far, in order of their ``output_index``."""
        return [self.items[index].result() for index in sorted(self.items)]

    def snapshot(self) -> Optional[Response]:
        """The response as far as the events so far make it: the terminal one if it came, else the
        latest lifecycle snapshot with the output items so far; ``None`` before any of them."""
        if self.final is not None:
            return self.final
        if self.response is None:
            return None
        snapshot: Response = self.response.model_copy(update={"output": self._merged_output(self.response)})
        return snapshot

    def result(self) -> Response:
        """The final response: the terminal event's, else the snapshot (``SnapshotTooLargeError``
        if it outgrew the limit); ``NoFinalResponseError`` if there is neither."""
        if self.final is not None:
            return self.final
        snapshot = self.snapshot()
        if snapshot is None:
            raise NoFinalResponseError("The stream ended without a response.completed (or any response) event.")
        self.budget.check(snapshot)
        return snapshot

    def _merged_output(self, response: Response) -> List[Any]:
        """The lifecycle snapshot's output, with the items streamed since in their places."""
        output = list(response.output) if type(response.output) is list else []
        for index in sorted(self.items):
            item = self.items[index].result()
            if index < len(output):
                output[index] = item
            else:
                output.append(item)
        return output
