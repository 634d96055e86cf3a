"""``RunAccumulator``: the events of a run stream (Assistants API v2) folded into what they make:
the run as it stands, its run steps and its messages.

``thread.run.*`` events carry the whole run, which replaces the one kept. A step or a message is
kept from its ``created`` event, grows with its ``delta`` events (merged as ``delta_tree.py`` says),
and is replaced whole by its ``completed`` (or ``failed``, ``incomplete``, ...) event. Events are
then let go (``snapshot.py`` says why); what is kept is counted against ``max_snapshot_size``: for
deltas, the size of each delta event on the wire.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ..types._base import to_builtins
from ..types._codec import decode, encode_json
from ..types.assistant_deltas import MessageDelta, RunStepDelta
from ..types.assistant_events import (
    ThreadMessageCompleted,
    ThreadMessageCreated,
    ThreadMessageDelta,
    ThreadMessageIncomplete,
    ThreadMessageInProgress,
    ThreadRunStepDelta,
)
from ..types.runs import Run, RunStep
from ..types.threads import Message
from .delta_tree import materialize, merge_delta, thawed
from .snapshot import Budget

__all__ = ["RunAccumulator"]

_MESSAGE_WHOLE = (ThreadMessageCreated, ThreadMessageInProgress, ThreadMessageCompleted, ThreadMessageIncomplete)


class _Kept:
    """One message or run step: the object as last sent whole, and as a tree once deltas arrive."""

    __slots__ = ("cls", "obj", "tree", "version")

    def __init__(self, obj: Any) -> None:
        self.cls = type(obj)
        self.obj = obj
        self.tree: Optional[Dict[str, Any]] = None
        self.version = 0  # deltas merged since ``obj`` was built

    def merge(self, delta: Dict[str, Any]) -> None:
        if self.tree is None:
            self.tree = thawed(to_builtins(self.obj))
        merge_delta(self.tree, delta)
        self.version += 1

    def current(self) -> Any:
        """The object with every delta so far (built when asked for, once per delta)."""
        if self.version and self.tree is not None:
            self.obj = decode(encode_json(materialize(self.tree)), self.cls)
            self.version = 0
        return self.obj


class RunAccumulator:
    """Folds run stream events into the run, its steps and its messages (``add``)."""

    def __init__(self, limit: Optional[int] = None) -> None:
        self.budget = Budget(limit, "run")
        self.run: Optional[Run] = None
        self.steps: Dict[str, _Kept] = {}
        self.messages: Dict[str, _Kept] = {}
        self.message_id: Optional[str] = None  # the message the last message event was about
        self.version = 0

    def add(self, event: Any, size: int) -> None:
        """Fold in ``event``, whose data was ``size`` bytes on the wire."""
        self.version += 1
        data: Any = getattr(event, "data", None)
        if isinstance(data, Run):
            self.run = data
        elif isinstance(data, RunStep) and isinstance(data.id, str):
            self._whole(self.steps, data, size)
        elif isinstance(event, _MESSAGE_WHOLE) and isinstance(data, Message) and isinstance(data.id, str):
            self._whole(self.messages, data, size)
            self.message_id = data.id
        elif isinstance(event, ThreadMessageDelta) and isinstance(data.delta, MessageDelta):
            self._delta(self.messages, data.id, data.delta, size)
            self.message_id = data.id
        elif isinstance(event, ThreadRunStepDelta) and isinstance(data.delta, RunStepDelta):
            self._delta(self.steps, data.id, data.delta, size)

    def _whole(self, kept: Dict[str, _Kept], obj: Any, size: int) -> None:
        if obj.id not in kept and not self.budget.spend(size):
            return  # past the limit: nothing new is kept (what is kept may still be replaced)
        kept[obj.id] = _Kept(obj)

    def _delta(self, kept: Dict[str, _Kept], key: Any, delta: Any, size: int) -> None:
        entry = kept.get(key) if isinstance(key, str) else None
        if entry is None or self.budget.exceeded or not self.budget.spend(size):
            return
        entry.merge(to_builtins(delta))

    def message(self, message_id: Optional[str] = None) -> Optional[Message]:
        """A message as far as it came (the last one streamed if no id is given)."""
        entry = self.messages.get(message_id or self.message_id or "")
        return entry.current() if entry is not None else None

    def step(self, step_id: str) -> Optional[RunStep]:
        entry = self.steps.get(step_id)
        return entry.current() if entry is not None else None

    def all_messages(self) -> List[Message]:
        return [entry.current() for entry in self.messages.values()]

    def all_steps(self) -> List[RunStep]:
        return [entry.current() for entry in self.steps.values()]
