"""The events of ``client.chat.completions.stream()``, with openai-python's names and attributes.

``type`` tells them apart: ``chunk`` for every chunk, then ``content.delta``/``.done``,
``refusal.delta``/``.done``, ``tool_calls.function.arguments.delta``/``.done``,
``logprobs.content.delta``/``.done`` and ``logprobs.refusal.delta``/``.done`` as the chunk's choice
brings them.

A ``snapshot`` (the text so far, the completion so far) is built when it is read, not with each
event: building it for every piece of a long answer would cost time quadratic in its length. A text
snapshot is the text as it stood at its event; a ``ChunkEvent``'s completion snapshot is the
completion as it stands when read (as openai-python's, one object updated in place, does).
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Dict, List, Optional, Tuple, Union

from ..types._base import to_builtins
from ..types.chat import ChatCompletionChunk, ChatCompletionTokenLogprob, ParsedChatCompletion
from .partial_json import parse_partial
from .snapshot import TextParts

__all__ = [
    "ChatCompletionStreamEvent",
    "ChunkEvent",
    "ContentDeltaEvent",
    "ContentDoneEvent",
    "FunctionToolCallArgumentsDeltaEvent",
    "FunctionToolCallArgumentsDoneEvent",
    "LogprobsContentDeltaEvent",
    "LogprobsContentDoneEvent",
    "LogprobsRefusalDeltaEvent",
    "LogprobsRefusalDoneEvent",
    "RefusalDeltaEvent",
    "RefusalDoneEvent",
    "TextSoFar",
]


class TextSoFar:
    """A streamed text as it stood at one event: its ``TextParts`` and its length then."""

    __slots__ = ("length", "parts")

    def __init__(self, parts: Optional[TextParts]) -> None:
        self.parts = parts
        self.length = parts.length if parts is not None else 0

    def text(self) -> str:
        if self.parts is None:
            return ""
        whole = self.parts.text()
        return whole if len(whole) == self.length else whole[: self.length]


class _Event:
    """Plain attributes, a repr, equality and ``to_dict()``; lazy attributes are properties."""

    __slots__ = ()
    type: ClassVar[str]
    _fields: ClassVar[Tuple[str, ...]]

    def to_dict(self) -> Dict[str, Any]:
        return {"type": self.type, **{name: to_builtins(getattr(self, name)) for name in self._fields}}

    model_dump = to_dict

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in ("type", *self._fields))
        return f"{type(self).__name__}({shown})"


class ChunkEvent(_Event):
    """Every chunk as it arrives, with the completion so far."""

    __slots__ = ("_snapshot", "chunk")
    type = "chunk"
    _fields = ("chunk", "snapshot")

    def __init__(self, chunk: ChatCompletionChunk, snapshot: Callable[[], ParsedChatCompletion[Any]]) -> None:
        self.chunk = chunk
        self._snapshot = snapshot

    @property
    def snapshot(self) -> ParsedChatCompletion[Any]:
        return self._snapshot()


class ContentDeltaEvent(_Event):
    """A piece of the content; ``snapshot`` is the content so far, ``parsed`` it read as far as it
    goes as JSON (when a ``response_format`` is parsed)."""

    __slots__ = ("_parse", "_text", "delta")
    type = "content.delta"
    _fields = ("delta", "snapshot", "parsed")

    def __init__(self, delta: str, text: TextSoFar, parse: bool) -> None:
        self.delta = delta
        self._text = text
        self._parse = parse

    @property
    def snapshot(self) -> str:
        return self._text.text()

    @property
    def parsed(self) -> Optional[object]:
        text = self._text.text()
        return parse_partial(text) if self._parse and text.strip() else None


class ContentDoneEvent(_Event):
    """The content is complete: ``parsed`` is it parsed into the ``response_format`` (else ``None``)."""

    __slots__ = ("content", "parsed")
    type = "content.done"
    _fields = ("content", "parsed")

    def __init__(self, content: str, parsed: Any) -> None:
        self.content = content
        self.parsed = parsed


class RefusalDeltaEvent(_Event):
    __slots__ = ("_text", "delta")
    type = "refusal.delta"
    _fields = ("delta", "snapshot")

    def __init__(self, delta: str, text: TextSoFar) -> None:
        self.delta = delta
        self._text = text

    @property
    def snapshot(self) -> str:
        return self._text.text()


class RefusalDoneEvent(_Event):
    __slots__ = ("refusal",)
    type = "refusal.done"
    _fields = ("refusal",)

    def __init__(self, refusal: str) -> None:
        self.refusal = refusal


class FunctionToolCallArgumentsDeltaEvent(_Event):
    """A piece of a function call's arguments: ``arguments`` is the JSON so far, ``arguments_delta``
    the piece, ``parsed_arguments`` the JSON so far read as far as it goes (for a strict tool)."""

    __slots__ = ("_parse", "_text", "arguments_delta", "index", "name")
    type = "tool_calls.function.arguments.delta"
    _fields = ("name", "index", "arguments", "parsed_arguments", "arguments_delta")

    def __init__(self, name: str, index: int, text: TextSoFar, arguments_delta: str, parse: bool) -> None:
        self.name = name
        self.index = index
        self._text = text
        self.arguments_delta = arguments_delta
        self._parse = parse

    @property
    def arguments(self) -> str:
        return self._text.text()

    @property
    def parsed_arguments(self) -> object:
        text = self._text.text()
        return parse_partial(text) if self._parse and text else None


class FunctionToolCallArgumentsDoneEvent(_Event):
    """A function call's arguments are complete: ``parsed_arguments`` holds them parsed (the tool's
    Struct, builtins for another strict tool, else ``None``)."""

    __slots__ = ("arguments", "index", "name", "parsed_arguments")
    type = "tool_calls.function.arguments.done"
    _fields = ("name", "index", "arguments", "parsed_arguments")

    def __init__(self, name: str, index: int, arguments: str, parsed_arguments: Any) -> None:
        self.name = name
        self.index = index
        self.arguments = arguments
        self.parsed_arguments = parsed_arguments


class _LogprobsDelta(_Event):
    __slots__ = ("_so_far", "_tokens", "_count")
    _fields: ClassVar[Tuple[str, ...]]

    def __init__(self, tokens: List[ChatCompletionTokenLogprob], so_far: List[Any]) -> None:
        self._tokens = tokens
        self._so_far = so_far
        self._count = len(so_far)

    @property
    def snapshot(self) -> List[ChatCompletionTokenLogprob]:
        """The tokens so far (as they stood at this event)."""
        return self._so_far[: self._count]


class LogprobsContentDeltaEvent(_LogprobsDelta):
    __slots__ = ()
    type = "logprobs.content.delta"
    _fields = ("content", "snapshot")

    @property
    def content(self) -> List[ChatCompletionTokenLogprob]:
        return self._tokens


class LogprobsRefusalDeltaEvent(_LogprobsDelta):
    __slots__ = ()
    type = "logprobs.refusal.delta"
    _fields = ("refusal", "snapshot")

    @property
    def refusal(self) -> List[ChatCompletionTokenLogprob]:
        return self._tokens


class LogprobsContentDoneEvent(_Event):
    __slots__ = ("content",)
    type = "logprobs.content.done"
    _fields = ("content",)

    def __init__(self, content: List[ChatCompletionTokenLogprob]) -> None:
        self.content = content


class LogprobsRefusalDoneEvent(_Event):
    __slots__ = ("refusal",)
    type = "logprobs.refusal.done"
    _fields = ("refusal",)

    def __init__(self, refusal: List[ChatCompletionTokenLogprob]) -> None:
        self.refusal = refusal


ChatCompletionStreamEvent = Union[
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    RefusalDeltaEvent,
    RefusalDoneEvent,
    FunctionToolCallArgumentsDeltaEvent,
    FunctionToolCallArgumentsDoneEvent,
    LogprobsContentDeltaEvent,
    LogprobsContentDoneEvent,
    LogprobsRefusalDeltaEvent,
    LogprobsRefusalDoneEvent,
]
"""Every event ``chat.completions.stream()`` yields (tell them apart by ``type``)."""
