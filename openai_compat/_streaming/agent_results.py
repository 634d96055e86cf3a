"""The result of one agent turn, collected from its session's events (Agents API, beta).

A turn's answer is its completed, non-commentary assistant messages, in output order, once the
turn has completed and the session has gone idle. What stops a result from being established
(the turn failed or was cancelled, the session asks for an action nobody handles, the events
ended first, or reading them failed) raises ``AgentTurnResultError`` with what was seen, so
nothing received is lost. Collection is off until asked for, so a plain loop over the events
keeps nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Generic, Iterable, List, Optional, Tuple, TypeVar

from .._errors import OpenAIError

__all__ = [
    "AgentOutputParseError",
    "AgentTurnResult",
    "AgentTurnResultError",
    "ResultCollection",
    "TurnCollector",
    "field_of",
]

OutputT = TypeVar("OutputT")
ParseT = TypeVar("ParseT")
_ENDED = ("completed", "failed", "cancelled")


def field_of(obj: Any, name: str) -> Any:
    """``obj.name``, or ``obj[name]`` for a value kept as a plain dict (nested past the typed depth)."""
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


@dataclass(frozen=True)
class AgentTurnResult(Generic[OutputT]):
    """Beta: the completed final assistant messages of one successful root turn."""

    turn: Any
    messages: List[Any] = field(default_factory=list)
    output_parsed: Optional[OutputT] = None

    @property
    def session_id(self) -> str:
        return str(field_of(self.turn, "session_id") or "")

    @property
    def turn_id(self) -> str:
        return str(field_of(self.turn, "id") or "")

    @property
    def output_text(self) -> str:
        """The final output text, joined without separators."""
        return "".join(text for message in self.messages for text in _output_texts(message))

    def parse(self, output_type: type[ParseT]) -> AgentTurnResult[ParseT]:
        """The same result with ``output_parsed``: the first output text decoded into
        ``output_type`` (a msgspec Struct class). ``AgentOutputParseError`` when it does not decode."""
        from ..types._structured import parse_into

        texts = [text for message in self.messages for text in _output_texts(message)]
        try:
            if not texts:
                raise ValueError("no final output text to parse")
            parsed = parse_into(output_type, texts[0])
        except Exception:
            raise AgentOutputParseError(self) from None  # the error's text may quote the output
        return AgentTurnResult(turn=self.turn, messages=self.messages, output_parsed=parsed)


def _output_texts(message: Any) -> List[str]:
    parts = field_of(message, "content") or []
    return [str(field_of(part, "text") or "") for part in parts if field_of(part, "type") == "output_text"]


class AgentOutputParseError(OpenAIError):
    """Beta: the turn succeeded but its output did not decode into the ``output_type``;
    ``result`` holds the turn and its messages."""

    def __init__(self, result: AgentTurnResult[Any]) -> None:
        super().__init__("Could not parse the completed agent output")
        self.result = result


class AgentTurnResultError(OpenAIError):
    """Beta: no successful, complete turn result could be established. ``reason`` says why
    (``failed``, ``cancelled``, ``requires_action``, ``incomplete``, ``observation_failed``: the
    turn may well have succeeded); ``turn``, ``messages`` and ``required_actions`` keep what was seen."""

    def __init__(
        self, reason: str, *, turn: Any, session_id: Optional[str], messages: List[Any], required_actions: List[Any]
    ) -> None:
        super().__init__(f"Could not collect the agent turn result: {reason}")
        self.reason = reason
        self.turn = turn
        self.session_id = session_id
        self.turn_id = field_of(turn, "id") if turn is not None else None
        self.messages = messages
        self.required_actions = required_actions


class TurnCollector:
    """Follows one root turn through a session's events (see the module docstring)."""

    def __init__(self, session_id: Optional[str] = None) -> None:
        self.session_id = session_id
        self.turn: Any = None
        self.boundary = False  # the events that decide the result have all been seen
        self.session_failed = False
        self.cause: Optional[Exception] = None
        self.required_actions: List[Any] = []
        self._messages: Dict[str, Tuple[int, Any]] = {}
        self._error: Optional[AgentTurnResultError] = None
        self._result: Optional[AgentTurnResult[Any]] = None

    def accept(self, event: Any) -> None:
        if self.boundary:
            return
        kind = field_of(event, "type")
        if kind == "agent.session.created":
            self.session_id = field_of(field_of(event, "session"), "id")
        elif kind == "agent.session.turn.created":
            turn = field_of(event, "turn")
            if self.turn is None and field_of(turn, "subagent_id") is None:
                self.turn, self.session_id = turn, field_of(event, "session_id")
        elif kind in ("agent.session.turn.completed", "agent.session.turn.failed", "agent.session.turn.cancelled"):
            if self.turn is not None and field_of(event, "turn_id") == field_of(self.turn, "id"):
                self.turn, self.required_actions = field_of(event, "turn"), []
        elif kind == "agent.session.turn.item.done":
            self._accept_item(event)
        elif kind == "agent.session.in_progress":
            self.required_actions = []
        elif kind == "agent.session.requires_action":
            session = field_of(event, "session")
            self.session_id = field_of(session, "id")
            self.required_actions = list(field_of(session, "required_actions") or [])
        elif kind == "agent.session.failed":
            self.session_id = field_of(field_of(event, "session"), "id")
            self.session_failed = self.boundary = True
        elif kind == "agent.session.budget_reached":
            self._accept_budget(event)
        elif kind == "agent.session.idle" and self.turn is not None and field_of(self.turn, "status") in _ENDED:
            self.required_actions, self.boundary = [], True

    def _accept_item(self, event: Any) -> None:
        item = field_of(event, "item")
        if (
            self.turn is not None
            and field_of(item, "turn_id") == field_of(self.turn, "id")
            and field_of(item, "type") == "message"
            and field_of(item, "phase") != "commentary"
            and field_of(item, "status") == "completed"
        ):
            self._messages[str(field_of(item, "id"))] = (int(field_of(event, "output_index") or 0), item)

    def _accept_budget(self, event: Any) -> None:
        snapshot_id = field_of(field_of(event, "session"), "id")
        if not isinstance(snapshot_id, str) or not snapshot_id:
            return
        if self.turn is None and self.session_id in (None, snapshot_id):
            self.session_id, self.boundary = snapshot_id, True
        elif self.turn is not None and snapshot_id == self.session_id and field_of(self.turn, "status") in _ENDED:
            self.required_actions, self.boundary = [], True

    def is_done(self) -> bool:
        return self.boundary

    def messages(self) -> List[Any]:
        return [message for _, message in sorted(self._messages.values(), key=lambda pair: pair[0])]

    def error(self, reason: str) -> AgentTurnResultError:
        if self._error is None:
            self._error = AgentTurnResultError(
                reason, turn=self.turn, session_id=self.session_id, messages=self.messages(),
                required_actions=self.required_actions,
            )
            self.boundary = True
        return self._error

    def check_outcome(self, handled_tools: Iterable[str] = ()) -> None:
        """Raise ``AgentTurnResultError`` if what was seen already rules a result out."""
        if self._error is not None:
            raise self._error
        status = field_of(self.turn, "status") if self.turn is not None else None
        if self.session_failed or status == "failed":
            raise self.error("failed")
        if status == "cancelled":
            raise self.error("cancelled")
        handled = set(handled_tools)
        if any(field_of(a, "type") != "function_call" or field_of(a, "name") not in handled
               for a in self.required_actions):
            raise self.error("requires_action")
        if self.cause is not None:
            raise self.error("observation_failed") from self.cause

    def result(self) -> AgentTurnResult[Any]:
        if self._result is None:
            self.check_outcome()
            if not self.boundary or self.turn is None or field_of(self.turn, "status") != "completed":
                raise self.error("incomplete")
            self._result = AgentTurnResult(turn=self.turn, messages=self.messages())
        return self._result


class ResultCollection(Generic[OutputT]):
    """Collection for one stream: off until ``enable()``, which must come before the first event."""

    def __init__(self, session_id: Optional[str] = None, output_type: Optional[type[OutputT]] = None) -> None:
        self.output_type = output_type
        self.collector: Optional[TurnCollector] = None
        self._session_id = session_id
        self._started = False
        self._parsed: Optional[AgentTurnResult[OutputT]] = None

    def enable(self) -> TurnCollector:
        if self.collector is None:
            if self._started:
                raise RuntimeError(
                    "call with_result_collection() before consuming events, or get_final_result() on a fresh stream"
                )
            self.collector = TurnCollector(self._session_id)
        return self.collector

    def accept(self, event: Any) -> None:
        self._started = True
        if self.collector is not None:
            self.collector.accept(event)

    def record_error(self, error: Exception) -> None:
        if self.collector is not None and not self.collector.is_done():
            self.collector.cause = error

    def result(self) -> AgentTurnResult[OutputT]:
        result = self.enable().result()
        if self.output_type is None:
            return result
        if self._parsed is None:
            self._parsed = result.parse(self.output_type)
        return self._parsed
