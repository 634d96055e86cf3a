"""``client.chat.completions.stream()``: a chat stream read as openai-python's typed events.

``ChatCompletionStreamManager`` is the context manager ``stream()`` returns; entering it sends the
request and gives a ``ChatCompletionEventStream``, whose iteration yields the events of
``chat_events.py`` and whose ``get_final_completion()`` is the ``ParsedChatCompletion``.
``ChatCompletionStreamState`` turns each chunk into those events. It reads the snapshot the
underlying ``ChatCompletionStream`` folds every chunk into (``chat_state.py``): the helper keeps no
chunk either, and its snapshots are built when read.

Structured Outputs are handed in (``ChatParsing``, from the resources layer), so this layer knows
nothing of them. As openai-python does: an answer cut short (``finish_reason`` ``length`` or
``content_filter``) raises ``LengthFinishReasonError``/``ContentFilterFinishReasonError`` as it
arrives when a format or a parseable tool was given, and from ``get_final_completion()`` always.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Dict, Iterator, List, Optional, Protocol, Set, Tuple

from .._errors import ContentFilterFinishReasonError, LengthFinishReasonError
from ..types._base import list_of
from ..types.chat import (
    ChatCompletionChunk,
    ChoiceDelta,
    ChoiceDeltaToolCall,
    ChoiceDeltaToolCallFunction,
    ChoiceLogprobs,
    ParsedChatCompletion,
)
from .chat import ChatCompletionStream
from .chat_events import (
    ChatCompletionStreamEvent,
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    FunctionToolCallArgumentsDeltaEvent,
    FunctionToolCallArgumentsDoneEvent,
    LogprobsContentDeltaEvent,
    LogprobsContentDoneEvent,
    LogprobsRefusalDeltaEvent,
    LogprobsRefusalDoneEvent,
    RefusalDeltaEvent,
    RefusalDoneEvent,
    TextSoFar,
)
from .chat_merge import ChoiceState
from .chat_state import ChatCompletionAccumulator, chunk_choices
from .partial_json import parse_partial

__all__ = ["ChatCompletionEventStream", "ChatCompletionStreamManager", "ChatCompletionStreamState", "ChatParsing"]


class ChatParsing(Protocol):
    """What the helper needs of Structured Outputs (``resources/chat_stream.py`` gives it)."""

    parseable: bool  # a format or a parseable tool: an answer cut short raises as it arrives
    partial: bool  # the content is read as partial JSON while it streams

    def content(self, text: str) -> Any: ...  # the whole content, parsed (or None)

    def arguments(self, name: str, text: str) -> Any: ...  # a tool call's arguments, parsed (or None)

    def strict_tool(self, name: str) -> bool: ...  # its arguments are read as partial JSON

    def finish(self, completion: ParsedChatCompletion[Any]) -> None: ...  # parse the final completion


class _NoParsing:
    parseable = partial = False

    def content(self, text: str) -> Any:
        return None

    def arguments(self, name: str, text: str) -> Any:
        return None

    def strict_tool(self, name: str) -> bool:
        return False

    def finish(self, completion: ParsedChatCompletion[Any]) -> None:
        return None


class _ChoiceEvents:
    """Which done events of one choice have been sent."""

    __slots__ = ("content", "logprobs_content", "logprobs_refusal", "refusal", "tool", "tools_done")

    def __init__(self) -> None:
        self.content = self.refusal = self.logprobs_content = self.logprobs_refusal = False
        self.tool: Optional[int] = None  # the tool call the last tool-call delta was about
        self.tools_done: Set[int] = set()


class ChatCompletionStreamState:
    """Turns chat chunks into the helper's events, from a ``ChatCompletionAccumulator``.

    Given no ``accumulator``, it keeps its own and ``handle_chunk`` folds each chunk in (to use it
    over any iterable of chunks); given one, something else folds the chunks in (the stream does).
    """

    def __init__(
        self, *, parsing: Optional[ChatParsing] = None, accumulator: Optional[ChatCompletionAccumulator] = None
    ) -> None:
        self._own = accumulator is None
        self._acc = accumulator if accumulator is not None else ChatCompletionAccumulator()
        self._parsing: ChatParsing = parsing if parsing is not None else _NoParsing()
        self._choices: Dict[int, _ChoiceEvents] = {}
        self._parsed: Dict[int, Any] = {}  # choice -> its content parsed, once done
        self._parsed_arguments: Dict[Tuple[int, int], Any] = {}  # (choice, call) -> arguments, once done

    def handle_chunk(self, chunk: ChatCompletionChunk) -> List[ChatCompletionStreamEvent]:
        """Fold ``chunk`` in (with no accumulator given) and return the events it makes."""
        if self._own:
            self._acc.add(chunk, 0)
        return self.events_for(chunk)

    @property
    def current_completion_snapshot(self) -> ParsedChatCompletion[Any]:
        """The completion so far, with what is parsed so far (built when read)."""
        completion = self._acc.snapshot(ParsedChatCompletion)
        for choice in completion.choices:
            message = choice.message
            if choice.index in self._parsed:
                message.parsed = self._parsed[choice.index]
            elif self._parsing.partial and isinstance(message.content, str) and message.content.strip():
                message.parsed = parse_partial(message.content)
            for position, call in enumerate(message.tool_calls or ()):
                function = call.function
                key = (choice.index, position)
                if function is None:
                    continue
                if key in self._parsed_arguments:
                    function.parsed_arguments = self._parsed_arguments[key]
                elif function.arguments and self._parsing.strict_tool(function.name):
                    function.parsed_arguments = parse_partial(function.arguments)
        return completion

    def get_final_completion(self) -> ParsedChatCompletion[Any]:
        """The completion, parsed (call it once the stream is done). ``SnapshotTooLargeError`` if it
        outgrew ``max_snapshot_size``; an answer cut short raises as the class docstring says."""
        completion = self._acc.result(ParsedChatCompletion)
        for choice in completion.choices:
            _check_finish(choice.finish_reason, completion)
        self._parsing.finish(completion)
        return completion

    def events_for(self, chunk: ChatCompletionChunk) -> List[ChatCompletionStreamEvent]:
        """The events of a chunk already folded into the accumulator."""
        acc = self._acc
        choices = chunk_choices(chunk)
        if self._parsing.parseable:
            for choice in choices:
                if choice.finish_reason in ("length", "content_filter"):
                    _check_finish(choice.finish_reason, self.current_completion_snapshot)
        events: List[ChatCompletionStreamEvent] = [ChunkEvent(chunk, lambda: self.current_completion_snapshot)]
        if acc.budget.exceeded:
            return events  # past max_snapshot_size the snapshot stands still: chunks only
        for choice in choices:
            index = choice.index if type(choice.index) is int else 0
            state = acc.choices.get(index)
            if state is None:
                continue
            done = self._choices.get(index)
            if done is None:
                done = self._choices[index] = _ChoiceEvents()
            delta = choice.delta if isinstance(choice.delta, ChoiceDelta) else ChoiceDelta()
            self._delta_events(events, index, delta, state)
            if isinstance(choice.logprobs, ChoiceLogprobs) and state.logprobs is not None:
                self._logprobs_events(events, choice.logprobs, state)
            self._done_events(events, index, delta, state, done)
        return events

    def _delta_events(self, events: List[Any], index: int, delta: ChoiceDelta, state: ChoiceState) -> None:
        text = delta.content_text if delta.content is not None else None
        if text is not None and (state.content is not None or state.mixed is not None):
            snapshot = TextSoFar(state.content) if state.mixed is None else _Fixed(state.content_value())
            events.append(ContentDeltaEvent(text, snapshot, self._parsing.partial))
        if isinstance(delta.refusal, str) and state.refusal is not None:
            events.append(RefusalDeltaEvent(delta.refusal, TextSoFar(state.refusal)))
        pieces = [piece for piece in delta.tool_calls or () if isinstance(piece, ChoiceDeltaToolCall)]
        for piece, slot in zip(pieces, state.recent if pieces else ()):
            call = state.tool_calls[slot]
            if call.type not in (None, "function"):
                continue
            function = piece.function if isinstance(piece.function, ChoiceDeltaToolCallFunction) else None
            piece_text = function.arguments if function is not None and isinstance(function.arguments, str) else ""
            name = call.name or ""
            events.append(FunctionToolCallArgumentsDeltaEvent(
                name, slot, TextSoFar(call.arguments), piece_text, self._parsing.strict_tool(name)
            ))

    def _logprobs_events(self, events: List[Any], logprobs: ChoiceLogprobs, state: ChoiceState) -> None:
        kept = state.logprobs or {}
        content, refusal = list_of(logprobs.content, object), list_of(logprobs.refusal, object)
        if content and kept.get("content"):
            events.append(LogprobsContentDeltaEvent(content, kept["content"]))
        if refusal and kept.get("refusal"):
            events.append(LogprobsRefusalDeltaEvent(refusal, kept["refusal"]))

    def _done_events(
        self, events: List[Any], index: int, delta: ChoiceDelta, state: ChoiceState, done: _ChoiceEvents
    ) -> None:
        if state.finish_reason:
            self._content_done(events, index, state, done)
            if done.tool is not None:
                self._tool_done(events, index, state, done, done.tool)
        pieces = [piece for piece in delta.tool_calls or () if isinstance(piece, ChoiceDeltaToolCall)]
        for slot in state.recent[: len(pieces)]:
            if done.tool != slot:
                self._content_done(events, index, state, done)  # the content ends where tool calls begin
                if done.tool is not None:
                    self._tool_done(events, index, state, done, done.tool)
            done.tool = slot

    def _content_done(self, events: List[Any], index: int, state: ChoiceState, done: _ChoiceEvents) -> None:
        content = state.content_value()
        if content and not done.content:
            done.content = True
            text = content if isinstance(content, str) else _text_of_parts(content)
            parsed = self._parsing.content(text) if state.refusal is None else None
            self._parsed[index] = parsed
            events.append(ContentDoneEvent(text, parsed))
        if state.refusal is not None and not done.refusal:
            done.refusal = True
            events.append(RefusalDoneEvent(state.refusal.text()))
        kept = state.logprobs
        if kept is not None and "content" in kept and not done.logprobs_content:
            done.logprobs_content = True
            events.append(LogprobsContentDoneEvent(list(kept["content"])))
        if kept is not None and "refusal" in kept and not done.logprobs_refusal:
            done.logprobs_refusal = True
            events.append(LogprobsRefusalDoneEvent(list(kept["refusal"])))

    def _tool_done(self, events: List[Any], index: int, state: ChoiceState, done: _ChoiceEvents, slot: int) -> None:
        if slot in done.tools_done or slot >= len(state.tool_calls):
            return
        done.tools_done.add(slot)
        call = state.tool_calls[slot]
        if call.type not in (None, "function"):
            return
        name, arguments = call.name or "", call.arguments.text()
        parsed = self._parsing.arguments(name, arguments)
        self._parsed_arguments[index, slot] = parsed
        events.append(FunctionToolCallArgumentsDoneEvent(name, slot, arguments, parsed))


class _Fixed(TextSoFar):
    """A text snapshot that is already a string (content sent as lists of parts)."""

    __slots__ = ("_text",)

    def __init__(self, content: Any) -> None:
        super().__init__(None)
        self._text = content if isinstance(content, str) else _text_of_parts(content)

    def text(self) -> str:
        return self._text


def _text_of_parts(content: Any) -> str:
    parts = content if isinstance(content, list) else []
    return "".join(part["text"] for part in parts if isinstance(part, dict) and isinstance(part.get("text"), str))


def _check_finish(reason: Optional[str], completion: Any) -> None:
    if reason == "length":
        raise LengthFinishReasonError(completion=completion)
    if reason == "content_filter":
        raise ContentFilterFinishReasonError(completion=completion)


class ChatCompletionEventStream:
    """What entering ``chat.completions.stream()`` gives: iterate it for events (``chat_events``);
    ``get_final_completion()`` is the completion, parsed when a format or tools were given."""

    def __init__(self, raw: ChatCompletionStream, parsing: Optional[ChatParsing] = None) -> None:
        self.raw = raw
        """The underlying ``ChatCompletionStream`` (its ``response``, ``headers``, ``request_id``)."""
        self._state = ChatCompletionStreamState(parsing=parsing, accumulator=raw._state)
        self._iterator = self._events()

    def _events(self) -> Iterator[ChatCompletionStreamEvent]:
        for chunk in self.raw:
            # Azure's asynchronous filter sends events that are not chunks (``object`` is empty);
            # they stay in the snapshot but make no event, as in openai-python.
            if chunk.object == "":
                continue
            yield from self._state.events_for(chunk)

    def __iter__(self) -> Iterator[ChatCompletionStreamEvent]:
        return self._iterator

    def __next__(self) -> ChatCompletionStreamEvent:
        return next(self._iterator)

    def __enter__(self) -> ChatCompletionEventStream:
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and release the connection."""
        self.raw.close()

    def until_done(self) -> ChatCompletionEventStream:
        """Read the rest of the stream (the events go unseen; the snapshot takes them in)."""
        for _ in self._iterator:
            pass
        return self

    @property
    def current_completion_snapshot(self) -> ParsedChatCompletion[Any]:
        """The completion as far as the chunks so far make it (built when read)."""
        return self._state.current_completion_snapshot

    def get_final_completion(self) -> ParsedChatCompletion[Any]:
        """Read the rest of the stream and return the completion, parsed (``message.parsed``,
        tool calls' ``parsed_arguments``) when a format or tools were given."""
        self.until_done()
        completion = self._state.get_final_completion()
        raw = self.raw
        completion.__dict__.update(_request_id=raw.request_id, _headers=raw.headers, _retries_taken=raw.retries_taken)
        return completion

    def __repr__(self) -> str:
        return f"<ChatCompletionEventStream [{self.raw.response.status_code}]>"


class ChatCompletionStreamManager:
    """The context manager ``chat.completions.stream()`` returns: entering it sends the request;
    leaving it closes the stream, read to its end or not."""

    def __init__(self, api_request: Callable[[], ChatCompletionStream], parsing: Optional[ChatParsing] = None) -> None:
        self._api_request = api_request
        self._parsing = parsing
        self._stream: Optional[ChatCompletionEventStream] = None

    def __enter__(self) -> ChatCompletionEventStream:
        self._stream = ChatCompletionEventStream(self._api_request(), self._parsing)
        return self._stream

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        if self._stream is not None:
            self._stream.close()
