"""The smaller ``/responses`` operations: count input tokens, compact, and ``poll`` (wait for a
background response to finish). ``resources.responses`` re-exports them; its docstring applies.
"""

from __future__ import annotations

import builtins
import time
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Sequence, Union

from msgspec import UNSET, UnsetType

from .._core.session import SessionLike
from .._core.timeouts import TimeoutTypes
from .._errors import APITimeoutError
from ..types.responses import TERMINAL_STATUSES, CompactedResponse, InputTokenCount, Response

__all__ = ["compact", "count_input_tokens", "poll"]

_LISTS = ("input", "tools", "context_management", "include")


def _body(args: Mapping[str, Any], names: Iterable[str]) -> Dict[str, Any]:
    """The parameters that are set; iterables (a generator of items) become lists."""
    body: Dict[str, Any] = {}
    for name in names:
        value = args[name]
        if value is UNSET:
            continue
        if name in _LISTS and value is not None and not isinstance(value, (str, builtins.list, tuple)):
            value = [*value]
        body[name] = value
    return body


def count_input_tokens(
    session: SessionLike,
    /,
    *,
    input: Union[str, Iterable[Any], UnsetType, None] = UNSET,
    model: Union[Optional[str], UnsetType] = UNSET,
    conversation: Union[Optional[Union[str, Mapping[str, Any]]], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    parallel_tool_calls: Union[Optional[bool], UnsetType] = UNSET,
    personality: Union[Optional[str], UnsetType] = UNSET,
    previous_response_id: Union[Optional[str], UnsetType] = UNSET,
    reasoning: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType, None] = UNSET,
    tools: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = UNSET,
    truncation: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> InputTokenCount:
    """Count the input tokens a request would use
    (https://platform.openai.com/docs/api-reference/responses/input-tokens)."""
    body = _body(locals(), ("input", "model", "conversation", "instructions", "parallel_tool_calls", "personality",
                            "previous_response_id", "reasoning", "text", "tool_choice", "tools", "truncation"))
    return session._session.request(
        "POST", "responses/input_tokens", cast_to=InputTokenCount, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def compact(
    session: SessionLike,
    /,
    *,
    model: Union[str, UnsetType] = UNSET,
    input: Union[str, Iterable[Any], UnsetType, None] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    previous_response_id: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> CompactedResponse:
    """Compact a conversation into fewer items, to send as the next ``input``
    (https://platform.openai.com/docs/api-reference/responses/compact)."""
    body = _body(locals(), ("model", "input", "instructions", "previous_response_id", "prompt_cache_key",
                            "prompt_cache_options", "prompt_cache_retention", "service_tier"))
    return session._session.request(
        "POST", "responses/compact", cast_to=CompactedResponse, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def poll(
    session: SessionLike,
    response_id: str,
    /,
    *,
    poll_interval_ms: Optional[int] = None,
    max_wait: Optional[float] = None,
    include: Union[Sequence[str], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Response:
    """Get a (background) response until its ``status`` is terminal: ``completed``, ``failed``,
    ``cancelled`` or ``incomplete``, and return it.

    Between two gets it waits ``poll_interval_ms`` if given, else what the server asks for in
    ``openai-poll-after-ms``, else one second. ``max_wait`` (seconds) bounds the whole wait:
    ``APITimeoutError`` rather than a sleep past it. ``sleep`` and ``clock`` are for tests.
    """
    from .responses import retrieve as _retrieve  # responses imports this module

    started = clock()
    while True:
        response = _retrieve(session, response_id, include=include, extra_headers=extra_headers,
                             extra_query=extra_query, timeout=timeout)
        if response.status in TERMINAL_STATUSES:
            return response
        delay = _poll_delay(response, poll_interval_ms)
        if max_wait is not None and clock() + delay - started > max_wait:
            raise APITimeoutError(
                message=f"Response {response_id} is still {response.status!r} after {max_wait} s (max_wait)."
            )
        sleep(delay)


def _poll_delay(response: Response, poll_interval_ms: Optional[int]) -> float:
    if poll_interval_ms is not None:
        return poll_interval_ms / 1000
    headers = response.__dict__.get("_headers")
    hint = headers.get("openai-poll-after-ms") if headers is not None else None
    try:
        return max(0.0, float(hint) / 1000) if hint is not None else 1.0
    except ValueError:
        return 1.0
