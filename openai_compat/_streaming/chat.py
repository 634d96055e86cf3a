"""``ChatCompletionStream``: a stream of chat chunks that can be folded into one ``ChatCompletion``.

The accumulator is written for the chunk shapes compatible servers really send (vLLM, Ollama, Azure):
chunks with empty ``choices`` (usage-only, Azure's prompt filter results) are fine, ``usage`` is
taken from whichever chunk carries it, and tool-call pieces are matched by ``index``, else by ``id``,
else by their position among the calls the previous delta touched. A piece that names a function
under a new ``id`` or a new name starts another call, even under an index already used, rather
than gluing two calls' arguments together.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from .._errors import DECODE_ERRORS, APIResponseValidationError
from ..types._base import to_builtins
from ..types._codec import decode, encode_json
from ..types.chat import ChatCompletion, ChatCompletionChunk, ChoiceDelta, ChoiceDeltaToolCall, ChunkChoice
from .stream import Stream

__all__ = ["ChatCompletionStream"]


class ChatCompletionStream(Stream[ChatCompletionChunk]):
    """A ``Stream`` of ``ChatCompletionChunk`` with helpers to read text and the final completion."""

    def __enter__(self) -> ChatCompletionStream:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def until_done(self) -> ChatCompletionStream:
        super().until_done()
        return self

    def text_deltas(self, index: int = 0) -> Iterator[str]:
        """The content pieces of choice ``index`` from the rest of the stream, as they arrive."""
        for chunk in self:
            for choice in chunk.choices:
                if choice.index == index and choice.delta.content:
                    yield choice.delta.content

    def get_final_completion(self) -> ChatCompletion:
        """Read the rest of the stream and merge every chunk seen into one ``ChatCompletion``.

        Provider extras are merged too: string fields of deltas (``reasoning_content``) are
        concatenated into the message; other extras keep their last value (dicts are merged).
        """
        self.until_done()
        try:
            completion = accumulate(self.items)
        except DECODE_ERRORS as exc:
            # Each chunk decoded, but a provider extra of a delta clashes with a field the merged
            # message declares (``annotations: "x"``, ``metadata: []``): as invalid as the same
            # non-streamed body would be. RecursionError: absurdly nested extras.
            raise APIResponseValidationError(
                f"Could not merge the streamed chunks into a ChatCompletion: {exc}",
                response=self.response,
                request=self.request,
            ) from exc
        completion.__dict__["_request_id"] = self.request_id
        completion.__dict__["_headers"] = self.headers
        completion.__dict__["_retries_taken"] = self.retries_taken
        return completion


def accumulate(chunks: List[ChatCompletionChunk]) -> ChatCompletion:
    """Merge streamed chunks into the completion a non-streaming call would have returned."""
    body: Dict[str, Any] = {"id": "", "object": "chat.completion", "created": 0, "model": ""}
    choices: Dict[int, _ChoiceState] = {}
    usage: Any = None
    for chunk in chunks:
        body["id"] = body["id"] or chunk.id
        body["created"] = body["created"] or chunk.created
        body["model"] = body["model"] or chunk.model
        for key in ("service_tier", "system_fingerprint", "moderation"):
            if getattr(chunk, key) is not None:
                body[key] = getattr(chunk, key)
        for key, value in _extras(chunk):
            _merge(body, key, value, concat=False)
        if chunk.usage is not None:
            usage = to_builtins(chunk.usage)
        for choice in chunk.choices:
            state = choices.get(choice.index)
            if state is None:
                state = choices[choice.index] = _ChoiceState(choice.index)
            state.add(choice)
    if usage is None:
        groq = body.get("x_groq")  # Groq reports usage here, in the last chunk
        if isinstance(groq, dict) and isinstance(groq.get("usage"), dict):
            usage = groq["usage"]
    if usage is not None:
        body["usage"] = usage
    body["choices"] = [choices[index].result() for index in sorted(choices)]
    # One typed decode of the merged builtins: declared fields are typed, the rest become extras.
    return decode(encode_json(body), ChatCompletion)


class _ToolCallState:
    __slots__ = ("arguments", "extra", "id", "name", "type")

    def __init__(self) -> None:
        self.id: Optional[str] = None
        self.type: Optional[str] = None
        self.name: Optional[str] = None
        self.arguments: List[str] = []
        self.extra: Dict[str, Any] = {}

    def conflicts(self, piece: ChoiceDeltaToolCall) -> bool:
        """Whether ``piece`` starts another call: it names a function and brings a new id or name.

        Pieces without a name only continue a call, even under a new id: some servers send a
        fresh id with every piece.
        """
        name = piece.function.name if piece.function is not None else None
        if not name:
            return False
        return bool((piece.id and self.id and piece.id != self.id) or (self.name and name != self.name))

    def add(self, piece: ChoiceDeltaToolCall) -> None:
        self.id = self.id or piece.id
        self.type = self.type or piece.type
        if piece.function is not None:
            self.name = self.name or piece.function.name
            if piece.function.arguments:
                self.arguments.append(piece.function.arguments)
            for key, value in _extras(piece.function):
                _merge(self.extra.setdefault("function", {}), key, value, concat=True)
        for key, value in _extras(piece):
            _merge(self.extra, key, value, concat=True)

    def result(self) -> Dict[str, Any]:
        function = {**self.extra.get("function", {}), "name": self.name or "", "arguments": "".join(self.arguments)}
        return {**self.extra, "id": self.id or "", "type": self.type or "function", "function": function}


class _ChoiceState:
    def __init__(self, index: int) -> None:
        self.index = index
        self.role: Optional[str] = None
        self.content: Optional[List[str]] = None
        self.refusal: Optional[List[str]] = None
        self.finish_reason: Optional[str] = None
        self.logprobs: Optional[Dict[str, Any]] = None
        self.function_call: Optional[Dict[str, str]] = None
        self.tool_calls: List[_ToolCallState] = []
        self.by_index: Dict[int, int] = {}
        self.by_id: Dict[str, int] = {}
        self.recent: List[int] = []  # positions of the calls the previous tool-call delta touched
        self.message_extra: Dict[str, Any] = {}
        self.choice_extra: Dict[str, Any] = {}

    def add(self, choice: ChunkChoice) -> None:
        delta = choice.delta
        self.role = self.role or delta.role
        if delta.content is not None:
            (self.content if self.content is not None else self._start("content")).append(delta.content)
        if delta.refusal is not None:
            (self.refusal if self.refusal is not None else self._start("refusal")).append(delta.refusal)
        if choice.finish_reason is not None:
            self.finish_reason = choice.finish_reason
        if choice.logprobs is not None:
            logprobs = self.logprobs if self.logprobs is not None else {}
            self.logprobs = logprobs
            for key in ("content", "refusal"):
                tokens = getattr(choice.logprobs, key)
                if tokens is not None:
                    logprobs.setdefault(key, []).extend(to_builtins(tokens))
        if delta.function_call is not None:
            call = self.function_call if self.function_call is not None else {"name": "", "arguments": ""}
            self.function_call = call
            call["name"] = call["name"] or delta.function_call.name or ""
            call["arguments"] += delta.function_call.arguments or ""
        if delta.tool_calls:
            self._add_tool_calls(delta)
        for key, value in _extras(delta):
            _merge(self.message_extra, key, value, concat=True)
        for key, value in _extras(choice):
            _merge(self.choice_extra, key, value, concat=False)

    def _start(self, name: str) -> List[str]:
        parts: List[str] = []
        setattr(self, name, parts)
        return parts

    def _add_tool_calls(self, delta: ChoiceDelta) -> None:
        touched: List[int] = []
        for position, piece in enumerate(delta.tool_calls or ()):
            if piece.index is not None:
                slot = self.by_index.get(piece.index)
            elif piece.id:
                slot = self.by_id.get(piece.id)
            else:
                slot = self.recent[position] if position < len(self.recent) else None
            if slot is None or self.tool_calls[slot].conflicts(piece):
                slot = len(self.tool_calls)
                self.tool_calls.append(_ToolCallState())
            if piece.index is not None:
                self.by_index[piece.index] = slot
            if piece.id:
                self.by_id[piece.id] = slot
            self.tool_calls[slot].add(piece)
            touched.append(slot)
        self.recent = touched

    def result(self) -> Dict[str, Any]:
        message: Dict[str, Any] = dict(self.message_extra)
        message["role"] = self.role or "assistant"
        message["content"] = None if self.content is None else "".join(self.content)
        if self.refusal is not None:
            message["refusal"] = "".join(self.refusal)
        if self.tool_calls:
            message["tool_calls"] = [call.result() for call in self.tool_calls]
        if self.function_call is not None:
            message["function_call"] = self.function_call
        choice: Dict[str, Any] = dict(self.choice_extra)
        choice.update(index=self.index, message=message, finish_reason=self.finish_reason)
        if self.logprobs is not None:
            choice["logprobs"] = {"content": self.logprobs.get("content"), "refusal": self.logprobs.get("refusal")}
        return choice


def _extras(obj: Any) -> Iterable[Tuple[str, Any]]:
    fields = obj.__dict__
    if not fields:  # the usual case: nothing undeclared, so no generator to build
        return ()
    return [(key, value) for key, value in fields.items() if not key.startswith("_")]


def _merge(target: Dict[str, Any], key: str, value: Any, *, concat: bool) -> None:
    """Fold one extra field into ``target``: strings concatenate (if ``concat``), lists extend,
    dicts merge key by key, anything else replaces; ``None`` is skipped (it would be sent back as null)."""
    if value is None:
        return
    current = target.get(key)
    if concat and isinstance(value, str) and isinstance(current, str):
        target[key] = current + value
    elif isinstance(value, list) and isinstance(current, list):
        current.extend(value)
    elif isinstance(value, dict):
        merged = current if isinstance(current, dict) else {}
        target[key] = merged
        for name, item in value.items():
            _merge(merged, name, item, concat=concat)
    elif isinstance(value, list):
        target[key] = list(value)
    else:
        target[key] = value
