"""``client.responses.stream()``: a Responses stream read as openai-python's helper events.

``ResponseStreamManager`` is the context manager ``stream()`` returns; entering it sends the request
(or asks for the events of an existing response again) and gives a ``ResponseEventStream``. Its
events are the ``ResponseStream``'s, except four that carry more, as openai-python's do:
``ResponseTextDeltaEvent.snapshot`` (the part's text so far), ``ResponseTextDoneEvent.parsed`` (the
text parsed into the ``text_format``), ``ResponseFunctionCallArgumentsDeltaEvent.snapshot`` (the
arguments so far) and ``ResponseCompletedEvent.response``, a ``ParsedResponse``. The snapshots come
from the ``ResponseAccumulator`` the underlying stream folds every event into (no event is kept);
resuming a background response after a dropped connection is the underlying stream's.

Structured Outputs are handed in (``ResponseParsing``, from the resources layer).
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Iterator, Optional, Protocol

import msgspec

from ..types.responses import Response
from ..types.responses_events import ResponseCompletedEvent as RawCompletedEvent
from ..types.responses_events import ResponseFunctionCallArgumentsDeltaEvent as RawArgumentsDeltaEvent
from ..types.responses_events import ResponseTextDeltaEvent as RawTextDeltaEvent
from ..types.responses_events import ResponseTextDoneEvent as RawTextDoneEvent
from ..types.responses_items import FunctionCall, Message
from ..types.responses_parsed import ParsedResponse
from .responses import ResponseStream
from .responses_state import NoFinalResponseError

__all__ = [
    "ResponseCompletedEvent",
    "ResponseEventStream",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseParsing",
    "ResponseStreamManager",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
]


class ResponseTextDeltaEvent(RawTextDeltaEvent):
    """``response.output_text.delta`` with ``snapshot``, the text of its content part so far."""

    snapshot: str = ""


class ResponseTextDoneEvent(RawTextDoneEvent):
    """``response.output_text.done`` with ``parsed``, the text parsed into the ``text_format``
    (``None`` without one, or for a message whose ``phase`` is not the final answer)."""

    parsed: Any = None


class ResponseFunctionCallArgumentsDeltaEvent(RawArgumentsDeltaEvent):
    """``response.function_call_arguments.delta`` with ``snapshot``, the arguments so far."""

    snapshot: str = ""


class ResponseCompletedEvent(RawCompletedEvent):
    """``response.completed`` whose ``response`` is parsed (``output_parsed``, ``parsed_arguments``)."""

    response: ParsedResponse[Any] = msgspec.field(default_factory=ParsedResponse)


class ResponseParsing(Protocol):
    """What the helper needs of Structured Outputs (``resources/responses_stream.py`` gives it)."""

    def text(self, text: str) -> Any: ...  # a final answer's text, parsed (or None)

    def finish(self, response: Response) -> ParsedResponse[Any]: ...  # the completed response, parsed


def _extended(cls: type, event: Any, **more: Any) -> Any:
    """``event`` as an instance of its subclass ``cls``, with ``more`` fields and its undeclared ones."""
    extended = cls(**{**msgspec.structs.asdict(event), **more})
    extended.__dict__.update(event.__dict__)
    return extended


class ResponseEventStream:
    """What entering ``responses.stream()`` gives: iterate it for events; ``get_final_response()``
    is the completed response, parsed."""

    def __init__(self, raw: ResponseStream, parsing: ResponseParsing, starting_after: Optional[int] = None) -> None:
        self.raw = raw
        """The underlying ``ResponseStream`` (its ``response``, ``last_sequence_number``, ``resumes``)."""
        self._parsing = parsing
        self._starting_after = starting_after
        self._completed: Optional[ParsedResponse[Any]] = None
        self._iterator = self._events()

    def _events(self) -> Iterator[Any]:
        after = self._starting_after
        for raw in self.raw:
            event = self._with_more(raw)
            number = event.sequence_number
            if after is None or type(number) is not int or number > after:
                yield event

    def _with_more(self, event: Any) -> Any:
        """The helper's event for a raw one the accumulator has already taken in."""
        items = self.raw._state.items
        if isinstance(event, RawTextDeltaEvent):
            state = items.get(event.output_index)
            text = state.text(event.content_index) if state is not None else event.delta
            base = state.parts.get(event.content_index) if state is not None else None
            return _extended(ResponseTextDeltaEvent, event, snapshot=getattr(base, "text", "") + text)
        if isinstance(event, RawTextDoneEvent):
            state = items.get(event.output_index)
            phase = state.item.phase if state is not None and isinstance(state.item, Message) else None
            parsed = self._parsing.text(event.text) if phase in (None, "final_answer") else None
            return _extended(ResponseTextDoneEvent, event, parsed=parsed)
        if isinstance(event, RawArgumentsDeltaEvent):
            state = items.get(event.output_index)
            arguments = state.arguments.text() if state is not None and state.arguments is not None else event.delta
            base = state.item.arguments if state is not None and isinstance(state.item, FunctionCall) else ""
            return _extended(ResponseFunctionCallArgumentsDeltaEvent, event, snapshot=base + arguments)
        if isinstance(event, RawCompletedEvent) and isinstance(event.response, Response):
            self._completed = self._parsing.finish(event.response)
            return _extended(ResponseCompletedEvent, event, response=self._completed)
        return event

    def __iter__(self) -> Iterator[Any]:
        return self._iterator

    def __next__(self) -> Any:
        return next(self._iterator)

    def __enter__(self) -> ResponseEventStream:
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and release the connection."""
        self.raw.close()

    def until_done(self) -> ResponseEventStream:
        """Read the rest of the stream (the events go unseen; the snapshot takes them in)."""
        for _ in self._iterator:
            pass
        return self

    @property
    def current_response_snapshot(self) -> Optional[Response]:
        """The response as far as the events so far make it (``None`` before ``response.created``)."""
        return self.raw.current_response_snapshot

    def get_final_response(self) -> ParsedResponse[Any]:
        """Read the rest of the stream and return its ``response.completed`` response, parsed;
        ``NoFinalResponseError`` (a ``RuntimeError``) if none came (openai-python's
        ``RuntimeError`` too)."""
        self.until_done()
        if self._completed is None:
            raise NoFinalResponseError("Didn't receive a `response.completed` event.")
        return self._completed

    def __repr__(self) -> str:
        return f"<ResponseEventStream [{self.raw.response.status_code}]>"


class ResponseStreamManager:
    """The context manager ``responses.stream()`` returns: entering it sends the request; leaving it
    closes the stream, read to its end or not."""

    def __init__(
        self, api_request: Callable[[], ResponseStream], parsing: ResponseParsing, starting_after: Optional[int] = None
    ) -> None:
        self._api_request = api_request
        self._parsing = parsing
        self._starting_after = starting_after
        self._stream: Optional[ResponseEventStream] = None

    def __enter__(self) -> ResponseEventStream:
        self._stream = ResponseEventStream(self._api_request(), self._parsing, self._starting_after)
        return self._stream

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        if self._stream is not None:
            self._stream.close()
