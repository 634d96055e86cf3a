"""Agent session streams (Agents API, beta): local tool handlers and turn results.

``AgentSessionEventStream`` is what ``sessions.create(stream=True)`` returns: an ``EventStream`` of
session events that, when given tool handlers, runs the handler of each function call the agent
makes (after yielding the call's event) and submits its output as a tool result; and that can
collect the initial turn's result (``get_final_result``). ``AgentSessionStream`` is what
``sessions.stream`` returns: it subscribes to an idle session's events, submits the input, and
streams that one turn until the session is idle again.

A handler takes the call's arguments (a dict) and returns the output: a string, a mapping (sent as
compact JSON), a list of content parts, or ``None``. A handler that raises submits a generic
failure, never the exception's text (it may hold secrets), and ``on_tool_error`` hears of it.
The requests these classes make go through callables the resource functions hand in.
"""

from __future__ import annotations

import contextlib
import json
from collections import deque
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Callable, Deque, Dict, Iterable, Iterator, Mapping, Optional, Set, Tuple, TypeVar

from ..types._codec import encode_json
from .agent_results import AgentOutputParseError, AgentTurnResult, AgentTurnResultError, ResultCollection, field_of
from .events import EventStream
from .stream import Stream

__all__ = ["AgentSessionEventStream", "AgentSessionStream", "AgentToolError", "ToolDispatch", "input_event"]

T = TypeVar("T")
ToolHandler = Callable[[Dict[str, Any]], Any]
# Event ids remembered to drop a duplicate delivery: the recent ones, not every text delta of a turn.
_RECENT_EVENTS = 1024
SubmitResult = Callable[[str, Dict[str, Any]], None]  # (session id, tool result event)


@dataclass(frozen=True)
class AgentToolError:
    """What ``on_tool_error`` receives when a tool handler fails: the local exception (never sent
    to the model), the tool, the call, and the ``stage`` (``arguments``, ``execution``, ``output``)."""

    error: Exception
    tool_name: str
    session_id: str
    turn_id: str
    call_id: str
    stage: str


class ToolDispatch:
    """Runs the registered handler of each function call seen once, and submits its result."""

    def __init__(
        self, handlers: Optional[Mapping[str, ToolHandler]], submit: SubmitResult,
        on_tool_error: Optional[Callable[[AgentToolError], Any]] = None,
    ) -> None:
        self.handlers: Dict[str, ToolHandler] = dict(handlers or {})
        self._submit = submit
        self._on_tool_error = on_tool_error
        self._handled: Set[Tuple[str, str]] = set()

    def prepare(self, event: Any) -> Optional[Tuple[str, Any, ToolHandler]]:
        """The call to run after ``event`` is yielded, if it is a new call of a registered tool."""
        item = field_of(event, "item")
        if field_of(event, "type") != "agent.session.turn.item.added" or field_of(item, "type") != "function_call":
            return None
        handler = self.handlers.get(str(field_of(item, "name")))
        key = (str(field_of(item, "turn_id")), str(field_of(item, "call_id")))
        if handler is None or key in self._handled:
            return None
        self._handled.add(key)
        return str(field_of(event, "session_id")), item, handler

    def dispatch(self, pending: Tuple[str, Any, ToolHandler]) -> None:
        session_id, call, handler = pending
        stage = "arguments"
        try:
            arguments = field_of(call, "arguments")
            parsed = json.loads(arguments) if isinstance(arguments, str) else arguments
            if not isinstance(parsed, dict):
                raise ValueError("function arguments must be a JSON object")
            stage = "execution"
            output = handler(parsed)
            stage = "output"
            result = _result_event(call, output)
        except Exception as error:
            result = {**_call_ids(call), "success": False, "error": "Tool handler failed."}
            self._notify(AgentToolError(error, str(field_of(call, "name")), session_id,
                                        str(field_of(call, "turn_id")), str(field_of(call, "call_id")), stage))
        self._submit(session_id, result)

    def _notify(self, failure: AgentToolError) -> None:
        if self._on_tool_error is not None:
            with contextlib.suppress(Exception):  # an observer's failure must not change what is submitted
                self._on_tool_error(failure)


def _call_ids(call: Any) -> Dict[str, Any]:
    return {"type": "agent.session.input.tool_result", "turn_id": field_of(call, "turn_id"),
            "call_id": field_of(call, "call_id")}


def _result_event(call: Any, output: Any) -> Dict[str, Any]:
    if isinstance(output, Mapping):
        output = json.dumps(dict(output), separators=(",", ":"))
    elif output is not None and not isinstance(output, str):
        output = list(output)  # content parts; made a list here so a failure is the handler's
    encode_json(output)  # raises here, as the handler's output failure, if it cannot be sent
    return {**_call_ids(call), "success": True, "output": output}


def input_event(input: Any) -> Dict[str, Any]:
    """The session input event for ``input``: a string (one user message) or a list of messages."""
    if isinstance(input, str):
        if not input:
            raise ValueError("input must not be empty")
        messages: Any = [{"role": "user", "content": [{"type": "input_text", "text": input}]}]
    else:
        messages = list(input)
        if not messages:
            raise ValueError("input must not be empty")
    return {"type": "agent.session.input.message", "input": messages}


class AgentSessionEventStream(EventStream[T]):
    """The events of ``sessions.create(stream=True)``; see the module docstring."""

    def __init__(
        self, *args: Any, dispatch: Optional[ToolDispatch] = None, output_type: Optional[type] = None, **kwargs: Any
    ) -> None:
        self._dispatch = dispatch
        self._collection: ResultCollection[Any] = ResultCollection(output_type=output_type)
        super().__init__(*args, **kwargs)

    def _iter_items(self) -> Iterator[T]:  # type: ignore[override]
        try:
            for event in super()._iter_items():
                self._collection.accept(event)
                pending = self._dispatch.prepare(event) if self._dispatch is not None else None
                yield event
                if pending is not None and self._dispatch is not None:
                    self._dispatch.dispatch(pending)
        except Exception as error:
            self._collection.record_error(error)
            raise

    def with_result_collection(self) -> AgentSessionEventStream[T]:
        """Keep the final messages for ``get_final_result``; call before consuming events."""
        self._collection.enable()
        return self

    def get_final_result(self) -> AgentTurnResult[Any]:
        """Consume the events up to the end of the initial turn and return its result
        (``AgentTurnResultError`` when there is no successful, complete one)."""
        return _final_result(self._collection, self, self._dispatch, self.close)


def _final_result(
    collection: ResultCollection[Any], events: Iterable[Any], dispatch: Optional[ToolDispatch],
    close: Callable[[], None],
) -> AgentTurnResult[Any]:
    collector = collection.enable()
    handled = dispatch.handlers if dispatch is not None else {}
    try:
        collector.check_outcome(handled)
        if not collector.is_done():
            for _ in events:
                collector.check_outcome(handled)
                if collector.is_done():
                    break
        return collection.result()
    except (AgentTurnResultError, AgentOutputParseError):
        raise
    except Exception as error:
        collector.cause = error
        raise collector.error("observation_failed") from error
    finally:
        close()


class AgentSessionStream:
    """One turn of an idle session, streamed: use it in a ``with`` block (see the module docstring).

    ``retrieve()`` gives the session, ``subscribe()`` opens its event stream, ``submit_input(event)``
    sends the input; the resource function makes them. Iteration ends with the session idle after
    the turn, or failed; closing does not cancel the turn on the server.
    """

    def __init__(
        self, session_id: str, *, input: Any, retrieve: Callable[[], Any], subscribe: Callable[[], Stream[Any]],
        submit_input: Callable[[Dict[str, Any]], None], dispatch: ToolDispatch, output_type: Optional[type] = None,
    ) -> None:
        self._session_id = session_id
        self._input = input_event(input)
        self._retrieve, self._subscribe, self._submit_input = retrieve, subscribe, submit_input
        self._dispatch = dispatch
        self._collection: ResultCollection[Any] = ResultCollection(session_id, output_type)
        self._stream: Optional[Stream[Any]] = None
        self._iterator: Optional[Iterator[Any]] = None
        self._seen: Set[str] = set()
        self._recent: Deque[str] = deque()
        self._turn_id: Optional[str] = None
        self._turn_ended = self._entered = self._closed = False

    def __enter__(self) -> AgentSessionStream:
        if self._entered or self._closed:
            raise RuntimeError("an AgentSessionStream can only be entered once")
        self._entered = True
        if field_of(self._retrieve(), "status") != "idle":
            raise ValueError("sessions.stream needs an idle session; follow an active one with sessions.events.stream")
        self._stream = self._subscribe()  # subscribed first, so no event of the turn is missed
        try:
            self._submit_input(self._input)
        except BaseException:
            self.close()
            raise
        self._iterator = self._iterate()
        return self

    def __exit__(self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        self.close()

    def __iter__(self) -> AgentSessionStream:
        return self

    def __next__(self) -> Any:
        if self._closed:
            raise StopIteration
        if self._iterator is None:
            raise RuntimeError("use sessions.stream(...) in a with block")
        return next(self._iterator)

    def until_done(self) -> None:
        """Consume the rest of the turn, running the registered tool handlers."""
        for _ in self:
            pass

    def with_result_collection(self) -> AgentSessionStream:
        self._collection.enable()
        return self

    def get_final_result(self) -> AgentTurnResult[Any]:
        """Run the turn to its end, handlers included, and return its result."""
        return _final_result(self._collection, self, self._dispatch, self.close)

    def close(self) -> None:
        """Close the event connection (the turn goes on on the server)."""
        self._closed = True
        if self._stream is not None:
            self._stream.close()

    def _iterate(self) -> Iterator[Any]:
        assert self._stream is not None
        try:
            for event in self._stream:
                if not self._first_delivery(str(field_of(event, "event_id"))):
                    continue
                self._follow_turn(event)
                self._collection.accept(event)
                terminal = self._terminal(event)
                pending = self._dispatch.prepare(event)
                yield event
                if terminal or self._closed:
                    return
                if pending is not None:
                    self._dispatch.dispatch(pending)
            raise RuntimeError("the session's event stream ended before the turn reached idle or failed")
        except Exception as error:
            self._collection.record_error(error)
            raise
        finally:
            self.close()

    def _first_delivery(self, event_id: str) -> bool:
        if event_id in self._seen:
            return False
        if len(self._recent) == _RECENT_EVENTS:
            self._seen.discard(self._recent.popleft())
        self._recent.append(event_id)
        self._seen.add(event_id)
        return True

    def _follow_turn(self, event: Any) -> None:
        kind = field_of(event, "type")
        if kind == "agent.session.turn.created" and self._turn_id is None:
            if field_of(field_of(event, "turn"), "subagent_id") is None:
                self._turn_id = field_of(event, "turn_id")
        elif kind in ("agent.session.turn.completed", "agent.session.turn.failed", "agent.session.turn.cancelled"):
            self._turn_ended = self._turn_ended or field_of(event, "turn_id") == self._turn_id

    def _terminal(self, event: Any) -> bool:
        kind = field_of(event, "type")
        if kind == "agent.session.budget_reached":
            snapshot = field_of(field_of(event, "session"), "id")
            return bool(snapshot) and snapshot == self._session_id and (self._turn_id is None or self._turn_ended)
        return bool(kind == "agent.session.failed" or (kind == "agent.session.idle" and self._turn_ended))
