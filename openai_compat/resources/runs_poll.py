"""Wait for a run (Assistants API v2, beta): ``poll``, ``create_and_poll``, ``submit_tool_outputs_and_poll``.

As openai-python's helpers do: a run is fetched until its status is one the
caller must act on or that will not change (``types.runs.RUN_TERMINAL_STATUSES``: requires_action,
cancelled, completed, failed, expired, incomplete). Between two fetches it waits
``poll_interval_ms`` if given, else what the last answer's ``openai-poll-after-ms`` header asks
for, else one second. The fetches send ``X-Stainless-Poll-Helper: true`` (and
``X-Stainless-Custom-Poll-Interval`` when the caller chose the interval). Time is read and spent
through ``session.retry.clock`` and ``session.retry.sleep`` so tests can inject both;
``max_wait_seconds`` bounds the wait (``TimeoutError`` rather than a sleep past it).
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional, Sequence, Union

from msgspec import UNSET, UnsetType

from .._core.polling import check_poll_args, poll_headers, poll_until_done
from ..types.runs import RUN_TERMINAL_STATUSES, Run
from . import runs
from ._params import Body, Headers, Param, SessionLike, TimeoutArg

__all__ = ["create_and_poll", "poll", "submit_tool_outputs_and_poll"]


# Positional up to poll_interval_ms, because openai-python's poll takes them so.
def poll(  # noqa: PLR0917
    session: SessionLike,
    /,
    run_id: str,
    thread_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
    poll_interval_ms: Optional[int] = None,
    *,
    max_wait_seconds: Optional[float] = None,
) -> Run:
    """Fetch a run until its status is terminal (``requires_action``, ``cancelled``, ``completed``,
    ``failed``, ``expired`` or ``incomplete``) and return it. ``max_wait_seconds`` bounds the wait:
    ``TimeoutError`` when the run is still going then.

    The parameters before ``max_wait_seconds`` may be given by position, in openai-python's order."""
    headers = poll_headers(poll_interval_ms, extra_headers)
    return poll_until_done(
        session._session.retry,
        lambda: runs.retrieve(
            session, run_id, thread_id=thread_id, extra_headers=headers, extra_query=extra_query,
            extra_body=extra_body, timeout=timeout,
        ),
        terminal=RUN_TERMINAL_STATUSES,
        describe=lambda run: f"Run {run_id} of thread {thread_id}",
        poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds,
    )


def create_and_poll(
    session: SessionLike,
    /,
    thread_id: str,
    *,
    assistant_id: str,
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
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Param, UnsetType, None] = UNSET,
    tools: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation_strategy: Union[Optional[Param], UnsetType] = UNSET,
    poll_interval_ms: Optional[int] = None,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Run:
    """Start a run (``runs.create``) and ``poll`` it until its status is terminal."""
    check_poll_args(poll_interval_ms, max_wait_seconds)  # before the run starts, not after
    run = runs.create(
        session, thread_id, assistant_id=assistant_id, include=include,
        additional_instructions=additional_instructions, additional_messages=additional_messages,
        instructions=instructions, max_completion_tokens=max_completion_tokens, max_prompt_tokens=max_prompt_tokens,
        metadata=metadata, model=model, parallel_tool_calls=parallel_tool_calls, reasoning_effort=reasoning_effort,
        response_format=response_format, temperature=temperature, tool_choice=tool_choice, tools=tools,
        top_p=top_p, truncation_strategy=truncation_strategy,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return poll(session, run.id, thread_id=thread_id, poll_interval_ms=poll_interval_ms,
                max_wait_seconds=max_wait_seconds, extra_headers=extra_headers, extra_query=extra_query,
                timeout=timeout)


def submit_tool_outputs_and_poll(
    session: SessionLike,
    /,
    *,
    tool_outputs: Iterable[Param],
    run_id: str,
    thread_id: str,
    poll_interval_ms: Optional[int] = None,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Run:
    """Submit tool outputs to a ``requires_action`` run (``runs.submit_tool_outputs``) and ``poll`` it
    until its status is terminal again."""
    check_poll_args(poll_interval_ms, max_wait_seconds)
    run = runs.submit_tool_outputs(
        session, run_id, thread_id=thread_id, tool_outputs=tool_outputs,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return poll(session, run.id or run_id, thread_id=thread_id, poll_interval_ms=poll_interval_ms,
                max_wait_seconds=max_wait_seconds, extra_headers=extra_headers, extra_query=extra_query,
                timeout=timeout)
