"""How the chunks of one streamed chat choice merge into its message (``ChoiceState``), tool call by
tool call (``ToolCallState``), and how provider fields merge (``merge``). ``chat_state.py`` drives
them; the rules are in its docstring.

Every ``add`` returns what it added to the snapshot, counted as ``snapshot.Budget`` counts: the
characters of text, and whether anything else (structured) came with it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..types._base import to_builtins, undeclared
from ..types.chat import (
    ChoiceDelta,
    ChoiceDeltaFunctionCall,
    ChoiceDeltaToolCall,
    ChoiceDeltaToolCallFunction,
    ChoiceLogprobs,
    ChunkChoice,
)
from .snapshot import TextParts

__all__ = ["ChoiceState", "ToolCallState", "extras", "merge"]


class ToolCallState:
    """One tool call of a choice, as its pieces arrive."""

    __slots__ = ("arguments", "extra", "id", "name", "type")

    def __init__(self) -> None:
        self.id: Optional[str] = None
        self.type: Optional[str] = None
        self.name: Optional[str] = None
        self.arguments = TextParts()
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

    def add(self, piece: ChoiceDeltaToolCall) -> Tuple[int, bool]:
        self.id = self.id or piece.id
        self.type = self.type or piece.type
        added, structured = 0, False
        if isinstance(piece.function, ChoiceDeltaToolCallFunction):
            self.name = self.name or piece.function.name
            if isinstance(piece.function.arguments, str) and piece.function.arguments:
                self.arguments.add(piece.function.arguments)
                added = len(piece.function.arguments)
            for key, value in extras(piece.function):
                merge(self.extra.setdefault("function", {}), key, value, concat=True)
                structured = True
        for key, value in extras(piece):
            merge(self.extra, key, value, concat=True)
            structured = True
        return added, structured

    def result(self) -> Dict[str, Any]:
        function = {**self.extra.get("function", {}), "name": self.name or "", "arguments": self.arguments.text()}
        return {**self.extra, "id": self.id or "", "type": self.type or "function", "function": function}


class ChoiceState:
    """One choice of a streamed completion, as its chunks arrive."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.role: Optional[str] = None
        self.content: Optional[TextParts] = None
        self.mixed: Optional[List[Any]] = None  # content, once a piece came as a list of parts
        self.refusal: Optional[TextParts] = None
        self.finish_reason: Optional[str] = None
        self.logprobs: Optional[Dict[str, List[Any]]] = None
        self.function_call: Optional[Tuple[str, TextParts]] = None
        self.tool_calls: List[ToolCallState] = []
        self.by_index: Dict[int, int] = {}
        self.by_id: Dict[str, int] = {}
        self.recent: List[int] = []  # positions of the calls the previous tool-call delta touched
        self.message_text: Dict[str, TextParts] = {}  # string extensions of the deltas (reasoning)
        self.message_extra: Dict[str, Any] = {}
        self.choice_extra: Dict[str, Any] = {}

    def add_extra_text(self, key: str, value: str) -> int:
        """A string extension of a delta (``reasoning_content``): appended to the message's."""
        parts = self.message_text.get(key)
        if parts is None:
            if self.message_extra:
                self.message_extra.pop(key, None)  # a string replaces whatever else was there
            parts = self.message_text[key] = TextParts()
        parts.add(value)
        return len(value)

    def add(self, choice: ChunkChoice) -> Tuple[int, bool]:
        """The general path: any chunk choice. Returns the characters of text it added and whether
        it brought anything else."""
        # Fields of a type the spec does not allow (kept as sent on the chunk) are not merged.
        delta = choice.delta if isinstance(choice.delta, ChoiceDelta) else ChoiceDelta()
        self.role = self.role or delta.role
        added, structured = self._add_content(delta.content)
        if isinstance(delta.refusal, str):
            if self.refusal is None:
                self.refusal = TextParts()
            self.refusal.add(delta.refusal)
            added += len(delta.refusal)
        if choice.finish_reason is not None:
            self.finish_reason = choice.finish_reason
        if isinstance(choice.logprobs, ChoiceLogprobs):
            logprobs = self.logprobs if self.logprobs is not None else {}
            self.logprobs = logprobs
            for key in ("content", "refusal"):
                tokens = getattr(choice.logprobs, key)
                if isinstance(tokens, list):
                    logprobs.setdefault(key, []).extend(tokens)
                    structured = True
        if isinstance(delta.function_call, ChoiceDeltaFunctionCall):
            name, arguments = delta.function_call.name, delta.function_call.arguments
            if self.function_call is None:
                self.function_call = ("", TextParts())
            if not self.function_call[0] and isinstance(name, str):
                self.function_call = (name, self.function_call[1])
            if isinstance(arguments, str):
                self.function_call[1].add(arguments)
                added += len(arguments)
        if isinstance(delta.tool_calls, list):
            text, more = self._add_tool_calls(delta)
            added, structured = added + text, structured or more
        for key, value in extras(delta):
            text = self._add_extra(key, value)
            added, structured = (added + text, structured) if text >= 0 else (added, True)
        for key, value in extras(choice):
            merge(self.choice_extra, key, value, concat=False)
            structured = True
        return added, structured

    def _add_content(self, piece: Any) -> Tuple[int, bool]:
        if type(piece) is str and self.mixed is None:
            if self.content is None:
                self.content = TextParts()
            self.content.add(piece)
            return len(piece), False
        if not isinstance(piece, (str, list)):
            return 0, False
        if self.mixed is None:  # from now on the pieces are kept as they come, lists of parts included
            self.mixed = [self.content.text()] if self.content is not None else []
            self.content = None
        self.mixed.append(piece)
        return (len(piece), False) if type(piece) is str else (0, True)

    def _add_extra(self, key: str, value: Any) -> int:
        """Merge a delta's extension field into the message: strings concatenate; -1 if not a string."""
        if isinstance(value, str):
            return self.add_extra_text(key, value)
        self.message_text.pop(key, None)
        merge(self.message_extra, key, value, concat=True)
        return -1

    def _add_tool_calls(self, delta: ChoiceDelta) -> Tuple[int, bool]:
        touched: List[int] = []
        added, structured = 0, False
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
                self.tool_calls.append(ToolCallState())
            if index is not None:
                self.by_index[index] = slot
            if call_id:
                self.by_id[call_id] = slot
            text, more = self.tool_calls[slot].add(piece)
            added, structured = added + text, structured or more
            touched.append(slot)
        self.recent = touched
        return added, structured

    def content_value(self) -> Any:
        """The content so far: a string, a list of parts (from servers that stream parts), or None."""
        if self.mixed is not None:
            return _join_content(self.mixed)
        return None if self.content is None else self.content.text()

    def result(self) -> Dict[str, Any]:
        message: Dict[str, Any] = dict(self.message_extra)
        message.update((key, parts.text()) for key, parts in self.message_text.items())
        message["role"] = self.role or "assistant"
        message["content"] = self.content_value()
        if self.refusal is not None:
            message["refusal"] = self.refusal.text()
        if self.tool_calls:
            message["tool_calls"] = [call.result() for call in self.tool_calls]
        if self.function_call is not None:
            message["function_call"] = {"name": self.function_call[0], "arguments": self.function_call[1].text()}
        choice: Dict[str, Any] = dict(self.choice_extra)
        choice.update(index=self.index, message=message, finish_reason=self.finish_reason)
        if self.logprobs is not None:
            logprobs = self.logprobs
            choice["logprobs"] = {key: to_builtins(logprobs[key]) if key in logprobs else None
                                  for key in ("content", "refusal")}
        return choice


def extras(obj: Any) -> List[Tuple[str, Any]]:
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


def merge(target: Dict[str, Any], key: str, value: Any, *, concat: bool) -> None:
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
            merge(merged, name, item, concat=concat)
    elif isinstance(value, list):
        target[key] = list(value)
    else:
        target[key] = value
