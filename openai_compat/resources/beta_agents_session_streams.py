"""``client.beta.agents.sessions.create`` and ``.stream``: sessions whose events run local tools.

Written by hand beside the generated ``beta_agents_sessions`` module: ``create`` answers with the
session, or with its event stream when ``stream=True``, and either way may bind an ``output_type``
(a msgspec Struct class whose strict JSON Schema becomes the agent's text format, and into which
``get_final_result()`` decodes the answer); with ``tool_handlers`` the stream runs each function
call's handler and submits its output. ``stream`` runs one turn of an idle session the same way.
Tool results go through ``sessions.events.create`` with an idempotency key of their own, retried
briefly while the server has not yet registered the call (its event can come first).
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, Iterable, Literal, Mapping, Optional, Sequence, Union, cast, overload

from msgspec import UNSET, UnsetType

from .._errors import BadRequestError
from .._streaming.agent_sessions import AgentSessionEventStream, AgentSessionStream, ToolDispatch
from ..types.beta_agents_sessions import AgentSession
from ..types.beta_agents_sessions_events import AgentSessionEvent
from . import _params, beta_agents_sessions, beta_agents_sessions_events
from ._params import Body, Headers, Query, SessionLike, TimeoutArg

__all__ = ["create", "stream"]

_BETA = {"OpenAI-Beta": "agents=v1"}
_FIELDS = ("stream", "environment", "agent", "agent_id", "input", "metadata", "prompt_cache_options", "review",
           "stream_options", "vault_ids")
_PENDING_CALL_DELAYS = (0.1, 0.3, 0.6)  # seconds, while the server registers a call its event announced
ToolHandlers = Optional[Mapping[str, Any]]


@overload
def create(
    session: SessionLike, /, *, environment: Mapping[str, Any], output_type: Optional[type] = None,
    tool_handlers: ToolHandlers = None, agent: Union[Mapping[str, Any], UnsetType] = UNSET,
    agent_id: Union[str, UnsetType] = UNSET, input: Union[str, Iterable[Mapping[str, Any]], UnsetType, None] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET, review: Union[str, UnsetType] = UNSET,
    stream: Union[Literal[False], UnsetType] = UNSET, stream_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    vault_ids: Union[Optional[Sequence[str]], UnsetType] = UNSET, extra_headers: Headers = None,
    extra_query: Query = None, extra_body: Body = None, timeout: TimeoutArg = UNSET,
) -> AgentSession: ...


@overload
def create(
    session: SessionLike, /, *, environment: Mapping[str, Any], output_type: Optional[type] = None,
    tool_handlers: ToolHandlers = None, agent: Union[Mapping[str, Any], UnsetType] = UNSET,
    agent_id: Union[str, UnsetType] = UNSET, input: Union[str, Iterable[Mapping[str, Any]], UnsetType, None] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET, review: Union[str, UnsetType] = UNSET,
    stream: Literal[True], stream_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    vault_ids: Union[Optional[Sequence[str]], UnsetType] = UNSET, extra_headers: Headers = None,
    extra_query: Query = None, extra_body: Body = None, timeout: TimeoutArg = UNSET,
) -> AgentSessionEventStream[AgentSessionEvent]: ...


def create(
    session: SessionLike,
    /,
    *,
    environment: Mapping[str, Any],
    output_type: Optional[type] = None,
    tool_handlers: ToolHandlers = None,
    agent: Union[Mapping[str, Any], UnsetType] = UNSET,
    agent_id: Union[str, UnsetType] = UNSET,
    input: Union[str, Iterable[Mapping[str, Any]], UnsetType, None] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    review: Union[str, UnsetType] = UNSET,
    stream: Union[bool, UnsetType] = UNSET,
    stream_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    vault_ids: Union[Optional[Sequence[str]], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Query = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Union[AgentSession, AgentSessionEventStream[AgentSessionEvent]]:
    """Create a managed agent session in ``environment``; with ``stream=True``, its events
    (``tool_handlers`` run there; they need ``stream=True``)."""
    if tool_handlers is not None and stream is not True:
        raise ValueError("tool_handlers requires stream=True")
    body = _params.body(locals(), _FIELDS)
    if output_type is not None:
        body["agent"] = _with_output_schema(body.get("agent"), output_type)
    headers = {**_BETA, **(extra_headers or {})}
    if stream is not True:
        return session._session.request(
            "POST", "agents/sessions", cast_to=AgentSession, body=body, extra_headers=headers,
            extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
    submit = _result_submitter(session, extra_headers, timeout)
    dispatch = ToolDispatch(tool_handlers, submit) if tool_handlers else None
    events = session._session.stream(
        "POST", "agents/sessions", cast_to=AgentSessionEvent, body=body, stream_cls=AgentSessionEventStream,
        stream_options={"dispatch": dispatch, "output_type": output_type}, extra_headers=headers,
        extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return cast(AgentSessionEventStream[AgentSessionEvent], events)


def stream(
    session: SessionLike,
    /,
    session_id: str,
    *,
    input: Union[str, Iterable[Mapping[str, Any]]],
    output_type: Optional[type] = None,
    tool_handlers: ToolHandlers = None,
    on_tool_error: Optional[Any] = None,
    idempotency_key: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    timeout: TimeoutArg = UNSET,
) -> AgentSessionStream:
    """Stream one turn of the idle session ``session_id``: subscribe to its events, submit
    ``input``, and follow the turn until the session is idle again; use it in a ``with`` block.
    ``on_tool_error(AgentToolError)`` hears of a handler that failed. One caller at a time may
    submit input to a session."""
    options = _tool_options(extra_headers)
    key = next((str(v) for k, v in (extra_headers or {}).items() if k.lower() == "idempotency-key"), None)
    key = key or (idempotency_key if isinstance(idempotency_key, str) else str(uuid.uuid4()))

    def submit_input(event: Dict[str, Any]) -> None:
        beta_agents_sessions_events.create(session, session_id, events=[event], idempotency_key=key,
                                           extra_headers=options, timeout=timeout)

    return AgentSessionStream(
        session_id, input=input, output_type=output_type,
        retrieve=lambda: beta_agents_sessions.retrieve(session, session_id, extra_headers=options, timeout=timeout),
        subscribe=lambda: beta_agents_sessions_events.stream(session, session_id, extra_headers=options,
                                                             timeout=timeout),
        submit_input=submit_input,
        dispatch=ToolDispatch(tool_handlers, _result_submitter(session, extra_headers, timeout), on_tool_error),
    )


def _with_output_schema(agent: Any, output_type: type) -> Dict[str, Any]:
    """``agent`` with its text format set to the strict JSON Schema of ``output_type``."""
    from ..types._structured import struct_json_schema

    config = dict(agent or {})
    text = dict(config.get("text") or {})
    if text.get("format") is not None:
        raise ValueError("pass output_type or agent.text.format, not both")
    text["format"] = {"type": "json_schema", "schema": struct_json_schema(output_type)}
    config["text"] = text
    return config


def _tool_options(extra_headers: Headers) -> Optional[Dict[str, Any]]:
    """The caller's headers without an ``Idempotency-Key``: each submission has a key of its own."""
    if extra_headers is None:
        return None
    return {name: value for name, value in extra_headers.items() if name.lower() != "idempotency-key"}


def _result_submitter(session: SessionLike, extra_headers: Headers, timeout: TimeoutArg) -> Any:
    options = _tool_options(extra_headers)

    def submit(session_id: str, result: Dict[str, Any]) -> None:
        key = str(uuid.uuid4())  # one key for the retries of one result
        for delay in (*_PENDING_CALL_DELAYS, None):
            try:
                beta_agents_sessions_events.create(session, session_id, events=[result], idempotency_key=key,
                                                   extra_headers=options, timeout=timeout)
                return
            except BadRequestError as error:
                if delay is None or not _pending_call_race(error, str(result["call_id"])):
                    raise
                session._session.retry.sleep(delay)

    return submit


def _pending_call_race(error: BadRequestError, call_id: str) -> bool:
    body = error.body if isinstance(error.body, dict) else {}
    expected = f"Unknown pending tool call: {call_id}"
    return body.get("code") == "invalid_request_error" and body.get("message") == expected


