"""``/threads/{thread_id}/runs`` (Assistants API v2, beta): create (whole or streamed), retrieve,
update, list and cancel runs, and submit tool outputs (whole or streamed).

API reference: https://platform.openai.com/docs/api-reference/runs. With ``stream=True`` the answer
is an ``AssistantEventStream`` of typed ``thread.*`` events (``types.assistant_events``). The poll
helpers are in ``runs_poll``, run steps in ``run_steps``; the beta header and parameter rules are
those of ``resources.assistants``.
"""

from __future__ import annotations

from typing import Any, Iterable, Literal, Mapping, Optional, Sequence, Union, cast, overload

from msgspec import UNSET, UnsetType

from .._core.urls import path_segment
from .._streaming.assistants import AssistantEventStream
from ..types._pagination import SyncCursorPage
from ..types.assistant_events import AssistantStreamEvent
from ..types.runs import Run
from . import _params
from ._params import Body, Headers, Param, SessionLike, TimeoutArg, beta_headers

__all__ = ["cancel", "create", "list", "retrieve", "submit_tool_outputs", "update"]

_CREATE_FIELDS = (
    "assistant_id", "additional_instructions", "additional_messages", "instructions", "max_completion_tokens",
    "max_prompt_tokens", "metadata", "model", "parallel_tool_calls", "reasoning_effort", "response_format",
    "stream", "temperature", "tool_choice", "tools", "top_p", "truncation_strategy",
)
_EVENTS: Any = AssistantStreamEvent  # a union to type checkers, a class at run time


def runs_path(thread_id: str) -> str:
    return f"threads/{path_segment(thread_id, 'thread_id')}/runs"


def run_path(thread_id: str, run_id: str) -> str:
    return f"{runs_path(thread_id)}/{path_segment(run_id, 'run_id')}"


def run_or_stream(
    session: SessionLike, path: str, body: Mapping[str, Any], *, query: Optional[Mapping[str, Any]] = None,
    extra_headers: Headers, extra_query: Headers, extra_body: Body, timeout: TimeoutArg,
) -> Union[Run, AssistantEventStream]:
    """POST ``body``: a ``Run``, or with ``stream: true`` (in ``body`` or ``extra_body``) its events."""
    if {**body, **(extra_body or {})}.get("stream") is True:
        events = session._session.stream(
            "POST", path, cast_to=_EVENTS, body=body, query=query, stream_cls=AssistantEventStream,
            extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body,
            timeout=timeout,
        )
        return cast(AssistantEventStream, events)
    return session._session.request(
        "POST", path, cast_to=Run, body=body, query=query,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


@overload
def create(
    session: SessionLike, /, thread_id: str, *, assistant_id: str,
    include: Union[Sequence[str], UnsetType] = UNSET,
    additional_instructions: Union[Optional[str], UnsetType] = UNSET,
    additional_messages: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_prompt_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    reasoning_effort: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[str, Param, UnsetType, None] = UNSET,
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Param, UnsetType, None] = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation_strategy: Union[Optional[Param], UnsetType] = UNSET,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Run: ...


@overload
def create(
    session: SessionLike, /, thread_id: str, *, assistant_id: str,
    include: Union[Sequence[str], UnsetType] = UNSET,
    additional_instructions: Union[Optional[str], UnsetType] = UNSET,
    additional_messages: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_prompt_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    reasoning_effort: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[str, Param, UnsetType, None] = UNSET,
    stream: Literal[True],
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Param, UnsetType, None] = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation_strategy: Union[Optional[Param], UnsetType] = UNSET,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> AssistantEventStream: ...


def create(
    session: SessionLike, /, thread_id: str, *, assistant_id: str,
    include: Union[Sequence[str], UnsetType] = UNSET,
    additional_instructions: Union[Optional[str], UnsetType] = UNSET,
    additional_messages: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_prompt_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    reasoning_effort: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[str, Param, UnsetType, None] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Param, UnsetType, None] = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation_strategy: Union[Optional[Param], UnsetType] = UNSET,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Union[Run, AssistantEventStream]:
    """Start a run of an assistant on a thread (https://platform.openai.com/docs/api-reference/runs/createRun).

    With ``stream=True`` the answer is an ``AssistantEventStream`` of typed ``thread.*`` events.
    ``include`` (``types.runs.RunStepInclude``) asks for file search result content in the steps.
    """
    body = _params.body(locals(), _CREATE_FIELDS)
    return run_or_stream(
        session, runs_path(thread_id), body, query=_params.query(include=include), extra_headers=extra_headers,
        extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    run_id: str,
    *,
    thread_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Run:
    """Get a run (https://platform.openai.com/docs/api-reference/runs/getRun)."""
    return session._session.request(
        "GET", run_path(thread_id, run_id), cast_to=Run,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def update(
    session: SessionLike,
    /,
    run_id: str,
    *,
    thread_id: str,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Run:
    """Change a run's metadata (https://platform.openai.com/docs/api-reference/runs/modifyRun)."""
    return session._session.request(
        "POST", run_path(thread_id, run_id), cast_to=Run, body=_params.body(locals(), ("metadata",)),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list(
    session: SessionLike,
    /,
    thread_id: str,
    *,
    after: Union[str, UnsetType] = UNSET,
    before: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[Run]:
    """List the runs of a thread; iterating the page walks every page
    (https://platform.openai.com/docs/api-reference/runs/listRuns)."""
    page: SyncCursorPage[Run] = session._session.get_page(
        runs_path(thread_id), item_type=Run, query=_params.query(after=after, before=before, limit=limit, order=order),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def cancel(
    session: SessionLike,
    /,
    run_id: str,
    *,
    thread_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Run:
    """Cancel a run that is ``in_progress`` (https://platform.openai.com/docs/api-reference/runs/cancelRun)."""
    return session._session.request(
        "POST", f"{run_path(thread_id, run_id)}/cancel", cast_to=Run,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


@overload
def submit_tool_outputs(
    session: SessionLike, /, run_id: str, *, thread_id: str, tool_outputs: Iterable[Param],
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Run: ...


@overload
def submit_tool_outputs(
    session: SessionLike, /, run_id: str, *, thread_id: str, tool_outputs: Iterable[Param],
    stream: Literal[True],
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> AssistantEventStream: ...


def submit_tool_outputs(
    session: SessionLike, /, run_id: str, *, thread_id: str, tool_outputs: Iterable[Param],
    stream: Union[bool, UnsetType, None] = UNSET,
    extra_headers: Headers = None, extra_query: Headers = None, extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Union[Run, AssistantEventStream]:
    """Answer a ``requires_action`` run with ``[{"tool_call_id": ..., "output": ...}]``, all outputs at once
    (https://platform.openai.com/docs/api-reference/runs/submitToolOutputs). With ``stream=True`` the
    run's further events are streamed (an ``AssistantEventStream``)."""
    body = _params.body(locals(), ("tool_outputs", "stream"))
    return run_or_stream(session, f"{run_path(thread_id, run_id)}/submit_tool_outputs", body,
                         extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout)
