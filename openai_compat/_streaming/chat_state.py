"""``ChatCompletionAccumulator``: streamed chat chunks folded, one at a time, into the completion a
non-streamed call would have returned.

Each chunk is folded in as it arrives and then let go (``snapshot.py`` says why), so a stream's
memory grows with its answer only, up to ``max_snapshot_size``. The usual chunk (one choice whose
delta is a piece of content or reasoning text and nothing else) takes a short path: it runs once per
event, so every lookup in it shows on the streaming benchmark. Any other chunk takes the general one.

Written for the chunk shapes compatible servers really send (vLLM, Ollama, Azure): chunks with empty
``choices`` (usage-only, Azure's prompt filter results) are fine, ``usage`` is taken from whichever
chunk carries it, and tool-call pieces are matched by ``index``, else by ``id``, else by their
position among the calls the previous delta touched. A piece that names a function under a new
``id`` or a new name starts another call, even under an index already used, rather than gluing two
calls' arguments together. Provider extensions are merged too: string fields of deltas
(``reasoning_content``) are concatenated into the message; others keep their last value (dicts are
merged, lists extended). Content sent as lists of parts is merged part by part.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Dict, List, Optional, Tuple, Type, TypeVar

import msgspec

from ..types._base import to_builtins
from ..types._codec import decode, encode_json
from ..types._provider_fields import BodyExtensions, ChoiceExtensions, MessageExtensions
from ..types.chat import ChatCompletion, ChatCompletionChunk, ChoiceDelta, ChunkChoice
from .chat_merge import ChoiceState, extras, merge
from .snapshot import RUN, Budget

__all__ = ["ChatCompletionAccumulator", "chunk_choices"]

C = TypeVar("C", bound=ChatCompletion)

_TEXT_FIELDS = ("reasoning_content", "reasoning")
_astuple = msgspec.structs.astuple  # a Struct's field values, read in C: far cheaper than getattr each


def _picker(cls: Any, *names: str) -> Any:
    """The values of fields ``names`` from ``_astuple(obj)`` of a ``cls`` object, in one C call."""
    return itemgetter(*(cls.__struct_fields__.index(name) for name in names))


# The fields a chunk, a choice and a delta usually leave out: when all are None, the short path
# applies. And the fields the short path reads.
_RARE_IN_CHUNK = _picker(ChatCompletionChunk, "usage", "moderation", *BodyExtensions._extension_fields)
_IN_CHUNK = _picker(ChatCompletionChunk, "choices", "service_tier", "system_fingerprint")
_RARE_IN_CHOICE = _picker(ChunkChoice, "finish_reason", "logprobs", *ChoiceExtensions._extension_fields)
_IN_CHOICE = _picker(ChunkChoice, "index", "delta")
_RARE_IN_DELTA = _picker(
    ChoiceDelta, "role", "refusal", "tool_calls", "function_call",
    *(name for name in MessageExtensions._extension_fields if name not in _TEXT_FIELDS),
)
_IN_DELTA = _picker(ChoiceDelta, "content", *_TEXT_FIELDS)
_NONE_IN_CHUNK = (None,) * (2 + len(BodyExtensions._extension_fields))
_NONE_IN_CHOICE = (None,) * (2 + len(ChoiceExtensions._extension_fields))
_NONE_IN_DELTA = (None,) * (4 + len(MessageExtensions._extension_fields) - len(_TEXT_FIELDS))
_TEXTS = ("content", "refusal", *_TEXT_FIELDS)  # the message's texts that may be long
_LONG_TEXT = 64 * 1024


class ChatCompletionAccumulator:
    """Folds ``ChatCompletionChunk`` s into one ``ChatCompletion`` (``add``, then ``result``).

    ``limit`` caps what the snapshot holds (``snapshot.Budget``); past it, ``add`` keeps nothing
    more and ``result`` raises ``SnapshotTooLargeError``; ``snapshot`` gives what was kept.
    """

    def __init__(self, limit: Optional[int] = None) -> None:
        self.budget = Budget(limit, "chat completion")
        self.choices: Dict[int, ChoiceState] = {}
        self.version = 0  # counts the chunks folded in, so a snapshot can be reused until the next
        self._body: Dict[str, Any] = {"id": "", "object": "chat.completion", "created": 0, "model": ""}
        self._headed = False  # id, created and model are all known
        self._usage: Any = None
        self._cached: Optional[Tuple[int, type, ChatCompletion]] = None

    def add(self, chunk: ChatCompletionChunk, size: int, clean: bool = False) -> None:
        """Fold in ``chunk``, whose event was ``size`` bytes on the wire. ``clean``: it was decoded
        strictly (every field declared and of its declared type), so the short path may take it."""
        budget = self.budget
        if budget.exceeded:
            return
        self.version += 1
        added = self._add_text(chunk) if clean and self._headed else -1
        if added < 0:
            added = self._add_chunk(chunk, size)
        budget.used += added
        if budget.limit is not None and budget.used > budget.limit:
            budget.exceeded = True

    def _add_text(self, chunk: ChatCompletionChunk) -> int:
        """The short path: a chunk of one choice whose delta is text only (and the fields every chunk
        repeats). Returns the characters added, or -1 (nothing done) for any other chunk."""
        fields = _astuple(chunk)
        choices, tier, fingerprint = _IN_CHUNK(fields)
        if len(choices) != 1 or _RARE_IN_CHUNK(fields) != _NONE_IN_CHUNK:
            return -1
        fields = _astuple(choices[0])
        index, delta = _IN_CHOICE(fields)
        if _RARE_IN_CHOICE(fields) != _NONE_IN_CHOICE:
            return -1
        fields = _astuple(delta)
        state = self.choices.get(index)
        if state is None or _RARE_IN_DELTA(fields) != _NONE_IN_DELTA:
            return -1
        content, thinking, reasoning = _IN_DELTA(fields)
        parts = state.content
        if content is None:
            added = 0
        elif type(content) is str and parts is not None and state.mixed is None:
            pieces = parts.pieces  # TextParts.add, inlined: this runs once per event
            pieces.append(content)
            parts.length += len(content)
            if len(pieces) >= RUN:
                parts.join_run()
            added = len(content)
        else:
            return -1
        if thinking is not None:
            parts = state.message_text.get("reasoning_content")
            if parts is None:
                added += state.add_extra_text("reasoning_content", thinking)
            else:  # inlined, as above: reasoning models send a piece of it with every chunk
                pieces = parts.pieces
                pieces.append(thinking)
                parts.length += len(thinking)
                if len(pieces) >= RUN:
                    parts.join_run()
                added += len(thinking)
        if reasoning is not None:
            added += state.add_extra_text("reasoning", reasoning)
        if tier is not None:
            self._body["service_tier"] = tier
        if fingerprint is not None:
            self._body["system_fingerprint"] = fingerprint
        return added

    def _add_chunk(self, chunk: ChatCompletionChunk, size: int) -> int:
        """The general path; returns what the chunk added to the snapshot, counted."""
        body = self._body
        if not self._headed:
            body["id"] = body["id"] or chunk.id
            body["created"] = body["created"] or chunk.created
            body["model"] = body["model"] or chunk.model
            # Some servers never send one of them: after a few chunks, stop looking.
            self._headed = bool(body["id"] and body["created"] and body["model"]) or self.version >= 8
        for key in ("service_tier", "system_fingerprint"):  # their last value counts
            if getattr(chunk, key) is not None:
                body[key] = to_builtins(getattr(chunk, key))
        structured = False
        if chunk.moderation is not None:
            body["moderation"] = to_builtins(chunk.moderation)
        for key, value in extras(chunk):
            merge(body, key, value, concat=False)
            structured = True
        if chunk.usage is not None:
            self._usage = to_builtins(chunk.usage)
        added = 0
        for choice in chunk_choices(chunk):
            # An index that is not a number (a server's mistake) counts as the first choice.
            index = choice.index if type(choice.index) is int else 0
            state = self.choices.get(index)
            if state is None:
                state = self.choices[index] = ChoiceState(index)
            text, more = state.add(choice)
            added += text
            structured = structured or more
        return added + (size if structured else 0)

    def snapshot(self, cls: Type[C]) -> C:
        """The completion as far as the chunks folded in so far make it (built once per chunk)."""
        cached = self._cached
        if cached is not None and cached[0] == self.version and cached[1] is cls:
            return cached[2]  # type: ignore[return-value]
        body = dict(self._body)
        usage = self._usage
        if usage is None:
            groq = body.get("x_groq")  # Groq reports usage here, in the last chunk
            if isinstance(groq, dict) and isinstance(groq.get("usage"), dict):
                usage = groq["usage"]
        if usage is not None:
            body["usage"] = usage
        body["choices"] = [self.choices[index].result() for index in sorted(self.choices)]
        # Long texts are set on the typed object afterwards: encoding and decoding them would make
        # two more copies of what may be tens of megabytes.
        lifted = []
        for position, choice in enumerate(body["choices"]):
            message = choice["message"]
            for key in _TEXTS:
                if type(message.get(key)) is str and len(message[key]) > _LONG_TEXT:
                    lifted.append((position, key, message[key]))
                    message[key] = ""
        # One typed decode of the merged builtins: declared fields are typed, the rest become extras.
        completion: C = decode(encode_json(body), cls)
        for position, key, text in lifted:
            setattr(completion.choices[position].message, key, text)
        self._cached = (self.version, cls, completion)
        return completion

    def result(self, cls: Type[C]) -> C:
        """The whole completion; ``SnapshotTooLargeError`` if it outgrew the limit."""
        if self.budget.exceeded:
            self.budget.check(self.snapshot(cls))
        return self.snapshot(cls)


def chunk_choices(chunk: ChatCompletionChunk) -> List[ChunkChoice]:
    """The chunk's choices; none if ``choices`` is not a list (a server's mistake, kept as sent)."""
    choices = chunk.choices
    if type(choices) is not list:
        return []
    return [choice for choice in choices if isinstance(choice, ChunkChoice)]
