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
from typing import Any, Dict, Iterator, List, Optional, Tuple

from .._errors import DECODE_ERRORS, APIResponseValidationError
from ..types._base import to_builtins, undeclared
from ..types._codec import decode, encode_json
from ..types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChoiceDelta,
    ChoiceDeltaFunctionCall,
    ChoiceDeltaToolCall,
    ChoiceDeltaToolCallFunction,
    ChoiceLogprobs,
    ChunkChoice,
)
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
        """The content pieces of choice ``index`` from the rest of the stream, as they arrive (the
        ``text`` parts, from servers that stream lists of content parts)."""
        for chunk in self:
            for choice in _choices(chunk):
                delta = choice.delta
                text = delta.content_text if choice.index == index and isinstance(delta, ChoiceDelta) else ""
                if text:
                    yield text

    def get_final_completion(self) -> ChatCompletion:
        """Read the rest of the stream and merge every chunk seen into one ``ChatCompletion``.

        Provider extensions are merged too: string fields of deltas (``reasoning_content``) are
        concatenated into the message; others keep their last value (dicts are merged, lists
        extended). Content sent as lists of parts is merged part by part.
        """
        self.until_done()
        try:
            completion = accumulate(self.items)
        except DECODE_ERRORS as exc:
            # RecursionError: extras nested too deep to encode and decode again.
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
                body[key] = to_builtins(getattr(chunk, key))
        for key, value in _extras(chunk):
            _merge(body, key, value, concat=False)
        if chunk.usage is not None:
            usage = to_builtins(chunk.usage)
        for choice in _choices(chunk):
            # An index that is not a number (a server's mistake) counts as the first choice.
            index = choice.index if type(choice.index) is int else 0
            state = choices.get(index)
            if state is None:
                state = choices[index] = _ChoiceState(index)
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
        name = piece.function.name if isinstance(piece.function, ChoiceDeltaToolCallFunction) else None
        if not name:
            return False
        return bool((piece.id and self.id and piece.id != self.id) or (self.name and name != self.name))

    def add(self, piece: ChoiceDeltaToolCall) -> None:
        self.id = self.id or piece.id
        self.type = self.type or piece.type
        if isinstance(piece.function, ChoiceDeltaToolCallFunction):
            self.name = self.name or piece.function.name
            if isinstance(piece.function.arguments, str) and piece.function.arguments:
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
        self.content: Optional[List[Any]] = None  # strings, or lists of content parts
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
        # Fields of a type the spec does not allow (kept as sent on the chunk) are not merged.
        delta = choice.delta if isinstance(choice.delta, ChoiceDelta) else ChoiceDelta()
        self.role = self.role or delta.role
        if isinstance(delta.content, (str, list)):
            (self.content if self.content is not None else self._start("content")).append(delta.content)
        if isinstance(delta.refusal, str):
            (self.refusal if self.refusal is not None else self._start("refusal")).append(delta.refusal)
        if choice.finish_reason is not None:
            self.finish_reason = choice.finish_reason
        if isinstance(choice.logprobs, ChoiceLogprobs):
            logprobs = self.logprobs if self.logprobs is not None else {}
            self.logprobs = logprobs
            for key in ("content", "refusal"):
                tokens = getattr(choice.logprobs, key)
                if isinstance(tokens, list):
                    logprobs.setdefault(key, []).extend(to_builtins(tokens))
        if isinstance(delta.function_call, ChoiceDeltaFunctionCall):
            call = self.function_call if self.function_call is not None else {"name": "", "arguments": ""}
            self.function_call = call
            name, arguments = delta.function_call.name, delta.function_call.arguments
            call["name"] = call["name"] or (name if isinstance(name, str) else "")
            call["arguments"] += arguments if isinstance(arguments, str) else ""
        if isinstance(delta.tool_calls, list):
            self._add_tool_calls(delta)
        for key, value in _extras(delta):
            _merge(self.message_extra, key, value, concat=True)
        for key, value in _extras(choice):
            _merge(self.choice_extra, key, value, concat=False)

    def _start(self, name: str) -> List[Any]:
        parts: List[Any] = []
        setattr(self, name, parts)
        return parts

    def _add_tool_calls(self, delta: ChoiceDelta) -> None:
        touched: List[int] = []
        pieces = [piece for piece in delta.tool_calls or () if isinstance(piece, ChoiceDeltaToolCall)]
        for position, piece in enumerate(pieces):
            # An index or id of the wrong type counts as missing: the piece is matched otherwise.
            index = piece.index if type(piece.index) is int else None
            call_id = piece.id if isinstance(piece.id, str) else None
            if index is not None:
                slot = self.by_index.get(index)
            elif call_id:
                slot = self.by_id.get(call_id)
            else:
                slot = self.recent[position] if position < len(self.recent) else None
            if slot is None or self.tool_calls[slot].conflicts(piece):
                slot = len(self.tool_calls)
                self.tool_calls.append(_ToolCallState())
            if index is not None:
                self.by_index[index] = slot
            if call_id:
                self.by_id[call_id] = slot
            self.tool_calls[slot].add(piece)
            touched.append(slot)
        self.recent = touched

    def result(self) -> Dict[str, Any]:
        message: Dict[str, Any] = dict(self.message_extra)
        message["role"] = self.role or "assistant"
        message["content"] = None if self.content is None else _join_content(self.content)
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


def _choices(chunk: ChatCompletionChunk) -> List[ChunkChoice]:
    """The chunk's choices; none if ``choices`` is not a list (a server's mistake, kept as sent)."""
    choices = chunk.choices
    if type(choices) is not list:
        return []
    return [choice for choice in choices if isinstance(choice, ChunkChoice)]


def _extras(obj: Any) -> List[Tuple[str, Any]]:
    """The provider extensions of ``obj`` that are set, declared and undeclared."""
    found = [(name, getattr(obj, name)) for name in obj._extension_fields if getattr(obj, name) is not None]
    if obj.__dict__:  # the usual case: nothing undeclared
        found.extend(undeclared(obj).items())
    return found


def _join_content(pieces: List[Any]) -> Any:
    """The streamed content pieces as one: a string, or (if any piece was a list of parts) a list
    of parts where consecutive text parts, and consecutive thinking parts, are merged."""
    if all(type(piece) is str for piece in pieces):
        return "".join(pieces)
    parts: List[Any] = []
    for piece in pieces:
        for part in [{"type": "text", "text": piece}] if type(piece) is str else to_builtins(piece):
            _add_part(parts, part)
    return parts


def _add_part(parts: List[Any], part: Any) -> None:
    last = parts[-1] if parts else None
    if isinstance(part, dict) and isinstance(last, dict) and part.get("type") == last.get("type"):
        if set(part) == {"type", "text"} and isinstance(part["text"], str) and isinstance(last.get("text"), str):
            last["text"] += part["text"]
            return
        if set(part) == {"type", "thinking"} and isinstance(part["thinking"], list) and isinstance(
            last.get("thinking"), list
        ):
            for inner in part["thinking"]:
                _add_part(last["thinking"], inner)
            return
    parts.append(part)


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
