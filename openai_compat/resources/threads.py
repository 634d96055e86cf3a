"""``/threads`` (Assistants API v2, beta): create, retrieve, update and delete threads, and create a
thread and run it in one call (whole, streamed, or polled until it is done).

API reference: https://platform.openai.com/docs/api-reference/threads. ``messages`` (and
``thread["messages"]``) are dicts in the shape of ``messages.create``'s body. The beta header and
parameter rules are those of ``resources.assistants``.
"""

from __future__ import annotations

from typing import Iterable, Literal, Mapping, Optional, Union, overload

from msgspec import UNSET, UnsetType

from .._core.polling import check_poll_args
from .._core.urls import path_segment
from .._streaming.assistants import AssistantEventStream
from ..types.runs import Run
from ..types.threads import Thread, ThreadDeleted
from . import _params
from ._params import Body, Headers, Param, SessionLike, TimeoutArg, beta_headers
from .runs import run_or_stream
from .runs_poll import poll

__all__ = ["create", "create_and_run", "create_and_run_poll", "delete", "retrieve", "update"]

_RUN_FIELDS = (
    "assistant_id", "instructions", "max_completion_tokens", "max_prompt_tokens", "metadata", "model",
    "parallel_tool_calls", "response_format", "stream", "temperature", "thread", "tool_choice", "tool_resources",
    "tools", "top_p", "truncation_strategy",
)
_POLL_FIELDS = tuple(name for name in _RUN_FIELDS if name != "stream")


def _thread_path(thread_id: str) -> str:
    return f"threads/{path_segment(thread_id, 'thread_id')}"


def create(
    session: SessionLike,
    /,
    *,
    messages: Union[Iterable[Param], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    tool_resources: Union[Optional[Param], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Thread:
    """Create a thread, optionally with its first ``messages``
    (https://platform.openai.com/docs/api-reference/threads/createThread)."""
    return session._session.request(
        "POST", "threads", cast_to=Thread, body=_params.body(locals(), ("messages", "metadata", "tool_resources")),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    thread_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Thread:
    """Get a thread (https://platform.openai.com/docs/api-reference/threads/getThread)."""
    return session._session.request(
        "GET", _thread_path(thread_id), cast_to=Thread,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def update(
    session: SessionLike,
    /,
    thread_id: str,
    *,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    tool_resources: Union[Optional[Param], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Thread:
    """Change a thread's metadata or tool resources
    (https://platform.openai.com/docs/api-reference/threads/modifyThread)."""
    return session._session.request(
        "POST", _thread_path(thread_id), cast_to=Thread, body=_params.body(locals(), ("metadata", "tool_resources")),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def delete(
    session: SessionLike,
    /,
    thread_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> ThreadDeleted:
    """Delete a thread (https://platform.openai.com/docs/api-reference/threads/deleteThread)."""
    return session._session.request(
        "DELETE", _thread_path(thread_id), cast_to=ThreadDeleted,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


@overload
def create_and_run(
    session: SessionLike, /, *, assistant_id: str,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_prompt_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    response_format: Union[str, Param, UnsetType, None] = UNSET,
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    thread: Union[Param, UnsetType] = UNSET,
    tool_choice: Union[str, Param, UnsetType, None] = UNSET,
    tool_resources: Union[Optional[Param], UnsetType] = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation_strategy: Union[Optional[Param], UnsetType] = UNSET,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Run: ...


@overload
def create_and_run(
    session: SessionLike, /, *, assistant_id: str,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_prompt_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    response_format: Union[str, Param, UnsetType, None] = UNSET,
    stream: Literal[True],
    temperature: Union[Optional[float], UnsetType] = UNSET,
    thread: Union[Param, UnsetType] = UNSET,
    tool_choice: Union[str, Param, UnsetType, None] = UNSET,
    tool_resources: Union[Optional[Param], UnsetType] = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation_strategy: Union[Optional[Param], UnsetType] = UNSET,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> AssistantEventStream: ...


def create_and_run(
    session: SessionLike, /, *, assistant_id: str,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_prompt_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    response_format: Union[str, Param, UnsetType, None] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    thread: Union[Param, UnsetType] = UNSET,
    tool_choice: Union[str, Param, UnsetType, None] = UNSET,
    tool_resources: Union[Optional[Param], UnsetType] = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation_strategy: Union[Optional[Param], UnsetType] = UNSET,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Union[Run, AssistantEventStream]:
    """Create a thread (``thread``: its messages, metadata, tool resources) and start a run on it
    (https://platform.openai.com/docs/api-reference/runs/createThreadAndRun). With ``stream=True``
    the answer is an ``AssistantEventStream``, starting with ``thread.created``."""
    body = _params.body(locals(), _RUN_FIELDS)
    return run_or_stream(session, "threads/runs", body, extra_headers=extra_headers, extra_query=extra_query,
                         extra_body=extra_body, timeout=timeout)


def create_and_run_poll(
    session: SessionLike, /, *, assistant_id: str,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_prompt_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    response_format: Union[str, Param, UnsetType, None] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    thread: Union[Param, UnsetType] = UNSET,
    tool_choice: Union[str, Param, UnsetType, None] = UNSET,
    tool_resources: Union[Optional[Param], UnsetType] = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation_strategy: Union[Optional[Param], UnsetType] = UNSET,
    poll_interval_ms: Optional[int] = None,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Run:
    """``create_and_run``, then ``runs.poll`` the run until its status is terminal (see ``runs_poll``)."""
    check_poll_args(poll_interval_ms, max_wait_seconds)  # before the run starts, not after
    body = _params.body(locals(), _POLL_FIELDS)
    run = session._session.request(
        "POST", "threads/runs", cast_to=Run, body=body,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return poll(session, run.id, thread_id=run.thread_id, poll_interval_ms=poll_interval_ms,
                max_wait_seconds=max_wait_seconds, extra_headers=extra_headers, extra_query=extra_query,
                timeout=timeout)
