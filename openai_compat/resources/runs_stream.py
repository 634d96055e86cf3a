"""Run streams read through an event handler (Assistants API v2, beta): ``runs.stream``,
``runs.create_and_stream``, ``runs.submit_tool_outputs_stream`` and ``threads.create_and_run_stream``,
as openai-python offers them (https://github.com/openai/openai-python/blob/main/helpers.md#assistant-events).

Each returns an ``AssistantStreamManager``: entering it sends the request (``create(stream=True)``'s,
and so on) and gives the ``event_handler`` (an ``AssistantEventHandler`` when none is given), whose
callbacks fire as its events are read (``_streaming/assistant_handler.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union, cast, overload

from msgspec import UNSET, UnsetType

from .._streaming.assistants import AssistantEventStream
from . import _params
from ._params import Headers, Param, SessionLike, TimeoutArg, beta_headers
from .runs import _CREATE_FIELDS, _EVENTS, run_path, runs_path
from .threads import _POLL_FIELDS as _THREAD_RUN_FIELDS

if TYPE_CHECKING:  # the handler's machinery is imported with its first use, not with the package
    from .._streaming.assistant_handler import AssistantEventHandler, AssistantEventHandlerT, AssistantStreamManager

__all__ = ["create_and_run_stream", "create_and_stream", "open_stream", "stream", "submit_tool_outputs_stream"]

Opt = Union[Optional[Any], UnsetType]
_RUN_FIELDS = tuple(name for name in _CREATE_FIELDS if name != "stream")  # open_stream sends stream: true


def open_stream(
    session: SessionLike, path: str, body: Mapping[str, Any], helper: str, event_handler: Any, *,
    query: Optional[Mapping[str, Any]] = None, extra_headers: Headers, extra_query: Headers, extra_body: Headers,
    timeout: TimeoutArg,
) -> Any:
    """The ``AssistantStreamManager`` of a POST that streams a run's events to ``event_handler``."""
    from .._streaming.assistant_handler import AssistantEventHandler, AssistantStreamManager

    headers = beta_headers({
        "X-Stainless-Stream-Helper": helper,
        "X-Stainless-Custom-Event-Handler": "true" if event_handler else "false",
        **(extra_headers or {}),
    })

    def api_request() -> AssistantEventStream:
        return cast(AssistantEventStream, session._session.stream(
            "POST", path, cast_to=_EVENTS, body={**body, "stream": True}, query=query,
            stream_cls=AssistantEventStream, extra_headers=headers, extra_query=extra_query, extra_body=extra_body,
            timeout=timeout,
        ))

    return AssistantStreamManager(api_request, event_handler=event_handler or AssistantEventHandler())


@overload
def stream(
    session: SessionLike, /, *, assistant_id: str, include: Union[Sequence[str], UnsetType] = ...,
    additional_instructions: Opt = ..., additional_messages: Union[Optional[Iterable[Param]], UnsetType] = ...,
    instructions: Opt = ..., max_completion_tokens: Opt = ..., max_prompt_tokens: Opt = ..., metadata: Opt = ...,
    model: Opt = ..., parallel_tool_calls: Union[bool, UnsetType] = ..., reasoning_effort: Opt = ...,
    response_format: Opt = ..., temperature: Opt = ..., tool_choice: Opt = ...,
    tools: Union[Optional[Iterable[Param]], UnsetType] = ..., top_p: Opt = ..., truncation_strategy: Opt = ...,
    thread_id: str, event_handler: None = ...,
    extra_headers: Headers = ..., extra_query: Headers = ..., extra_body: Headers = ..., timeout: TimeoutArg = ...,
) -> AssistantStreamManager[AssistantEventHandler]: ...


@overload
def stream(
    session: SessionLike, /, *, assistant_id: str, include: Union[Sequence[str], UnsetType] = ...,
    additional_instructions: Opt = ..., additional_messages: Union[Optional[Iterable[Param]], UnsetType] = ...,
    instructions: Opt = ..., max_completion_tokens: Opt = ..., max_prompt_tokens: Opt = ..., metadata: Opt = ...,
    model: Opt = ..., parallel_tool_calls: Union[bool, UnsetType] = ..., reasoning_effort: Opt = ...,
    response_format: Opt = ..., temperature: Opt = ..., tool_choice: Opt = ...,
    tools: Union[Optional[Iterable[Param]], UnsetType] = ..., top_p: Opt = ..., truncation_strategy: Opt = ...,
    thread_id: str, event_handler: AssistantEventHandlerT,
    extra_headers: Headers = ..., extra_query: Headers = ..., extra_body: Headers = ..., timeout: TimeoutArg = ...,
) -> AssistantStreamManager[AssistantEventHandlerT]: ...


def stream(
    session: SessionLike, /, *, assistant_id: str, include: Union[Sequence[str], UnsetType] = UNSET,
    additional_instructions: Opt = UNSET, additional_messages: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    instructions: Opt = UNSET, max_completion_tokens: Opt = UNSET, max_prompt_tokens: Opt = UNSET,
    metadata: Opt = UNSET, model: Opt = UNSET, parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    reasoning_effort: Opt = UNSET, response_format: Opt = UNSET, temperature: Opt = UNSET, tool_choice: Opt = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET, top_p: Opt = UNSET, truncation_strategy: Opt = UNSET,
    thread_id: str, event_handler: Optional[AssistantEventHandler] = None,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Headers = None, timeout: TimeoutArg = UNSET,
) -> Any:
    """Start a run on a thread and read its events through ``event_handler``
    (https://platform.openai.com/docs/api-reference/runs/createRun); parameters are ``runs.create``'s."""
    body = _params.body(locals(), _RUN_FIELDS)
    return open_stream(
        session, runs_path(thread_id), body, "threads.runs.create_and_stream", event_handler,
        query=_params.query(include=include), extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )


@overload
def create_and_stream(
    session: SessionLike, /, *, assistant_id: str,
    additional_instructions: Opt = ..., additional_messages: Union[Optional[Iterable[Param]], UnsetType] = ...,
    instructions: Opt = ..., max_completion_tokens: Opt = ..., max_prompt_tokens: Opt = ..., metadata: Opt = ...,
    model: Opt = ..., parallel_tool_calls: Union[bool, UnsetType] = ..., reasoning_effort: Opt = ...,
    response_format: Opt = ..., temperature: Opt = ..., tool_choice: Opt = ...,
    tools: Union[Optional[Iterable[Param]], UnsetType] = ..., top_p: Opt = ..., truncation_strategy: Opt = ...,
    thread_id: str, event_handler: None = ...,
    extra_headers: Headers = ..., extra_query: Headers = ..., extra_body: Headers = ..., timeout: TimeoutArg = ...,
) -> AssistantStreamManager[AssistantEventHandler]: ...


@overload
def create_and_stream(
    session: SessionLike, /, *, assistant_id: str,
    additional_instructions: Opt = ..., additional_messages: Union[Optional[Iterable[Param]], UnsetType] = ...,
    instructions: Opt = ..., max_completion_tokens: Opt = ..., max_prompt_tokens: Opt = ..., metadata: Opt = ...,
    model: Opt = ..., parallel_tool_calls: Union[bool, UnsetType] = ..., reasoning_effort: Opt = ...,
    response_format: Opt = ..., temperature: Opt = ..., tool_choice: Opt = ...,
    tools: Union[Optional[Iterable[Param]], UnsetType] = ..., top_p: Opt = ..., truncation_strategy: Opt = ...,
    thread_id: str, event_handler: AssistantEventHandlerT,
    extra_headers: Headers = ..., extra_query: Headers = ..., extra_body: Headers = ..., timeout: TimeoutArg = ...,
) -> AssistantStreamManager[AssistantEventHandlerT]: ...


def create_and_stream(
    session: SessionLike, /, *, assistant_id: str,
    additional_instructions: Opt = UNSET, additional_messages: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    instructions: Opt = UNSET, max_completion_tokens: Opt = UNSET, max_prompt_tokens: Opt = UNSET,
    metadata: Opt = UNSET, model: Opt = UNSET, parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    reasoning_effort: Opt = UNSET, response_format: Opt = UNSET, temperature: Opt = UNSET, tool_choice: Opt = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET, top_p: Opt = UNSET, truncation_strategy: Opt = UNSET,
    thread_id: str, event_handler: Optional[AssistantEventHandler] = None,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Headers = None, timeout: TimeoutArg = UNSET,
) -> Any:
    """``stream`` without ``include``: openai-python's older name for it."""
    body = _params.body(locals(), _RUN_FIELDS)
    return open_stream(
        session, runs_path(thread_id), body, "threads.runs.create_and_stream", event_handler,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


@overload
def submit_tool_outputs_stream(
    session: SessionLike, /, *, tool_outputs: Iterable[Param], run_id: str, thread_id: str, event_handler: None = ...,
    extra_headers: Headers = ..., extra_query: Headers = ..., extra_body: Headers = ..., timeout: TimeoutArg = ...,
) -> AssistantStreamManager[AssistantEventHandler]: ...


@overload
def submit_tool_outputs_stream(
    session: SessionLike, /, *, tool_outputs: Iterable[Param], run_id: str, thread_id: str,
    event_handler: AssistantEventHandlerT,
    extra_headers: Headers = ..., extra_query: Headers = ..., extra_body: Headers = ..., timeout: TimeoutArg = ...,
) -> AssistantStreamManager[AssistantEventHandlerT]: ...


def submit_tool_outputs_stream(
    session: SessionLike, /, *, tool_outputs: Iterable[Param], run_id: str, thread_id: str,
    event_handler: Optional[AssistantEventHandler] = None,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Headers = None, timeout: TimeoutArg = UNSET,
) -> Any:
    """Answer a ``requires_action`` run with its tool outputs and read the run's further events
    through ``event_handler`` (https://platform.openai.com/docs/api-reference/runs/submitToolOutputs)."""
    body = _params.body(locals(), ("tool_outputs",))
    return open_stream(
        session, f"{run_path(thread_id, run_id)}/submit_tool_outputs", body,
        "threads.runs.submit_tool_outputs_stream", event_handler,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


@overload
def create_and_run_stream(
    session: SessionLike, /, *, assistant_id: str, instructions: Opt = ..., max_completion_tokens: Opt = ...,
    max_prompt_tokens: Opt = ..., metadata: Opt = ..., model: Opt = ...,
    parallel_tool_calls: Union[bool, UnsetType] = ..., response_format: Opt = ..., temperature: Opt = ...,
    thread: Union[Param, UnsetType] = ..., tool_choice: Opt = ...,
    tool_resources: Opt = ..., tools: Union[Optional[Iterable[Param]], UnsetType] = ..., top_p: Opt = ...,
    truncation_strategy: Opt = ..., event_handler: None = ...,
    extra_headers: Headers = ..., extra_query: Headers = ..., extra_body: Headers = ..., timeout: TimeoutArg = ...,
) -> AssistantStreamManager[AssistantEventHandler]: ...


@overload
def create_and_run_stream(
    session: SessionLike, /, *, assistant_id: str, instructions: Opt = ..., max_completion_tokens: Opt = ...,
    max_prompt_tokens: Opt = ..., metadata: Opt = ..., model: Opt = ...,
    parallel_tool_calls: Union[bool, UnsetType] = ..., response_format: Opt = ..., temperature: Opt = ...,
    thread: Union[Param, UnsetType] = ..., tool_choice: Opt = ...,
    tool_resources: Opt = ..., tools: Union[Optional[Iterable[Param]], UnsetType] = ..., top_p: Opt = ...,
    truncation_strategy: Opt = ..., event_handler: AssistantEventHandlerT,
    extra_headers: Headers = ..., extra_query: Headers = ..., extra_body: Headers = ..., timeout: TimeoutArg = ...,
) -> AssistantStreamManager[AssistantEventHandlerT]: ...


def create_and_run_stream(
    session: SessionLike, /, *, assistant_id: str, instructions: Opt = UNSET, max_completion_tokens: Opt = UNSET,
    max_prompt_tokens: Opt = UNSET, metadata: Opt = UNSET, model: Opt = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET, response_format: Opt = UNSET, temperature: Opt = UNSET,
    thread: Union[Param, UnsetType] = UNSET, tool_choice: Opt = UNSET, tool_resources: Opt = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET, top_p: Opt = UNSET, truncation_strategy: Opt = UNSET,
    event_handler: Optional[AssistantEventHandler] = None,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Headers = None, timeout: TimeoutArg = UNSET,
) -> Any:
    """Create a thread, start a run on it and read its events through ``event_handler``
    (https://platform.openai.com/docs/api-reference/runs/createThreadAndRun); parameters are
    ``threads.create_and_run``'s."""
    body = _params.body(locals(), _THREAD_RUN_FIELDS)
    return open_stream(
        session, "threads/runs", body, "threads.create_and_run_stream", event_handler,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
