"""What the Responses API does with a request's input without answering it: count its tokens
(``/responses/input_tokens``) and compact a conversation (``/responses/compact``).
``resources.responses`` exports them too; its docstring applies.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from ..types.responses import CompactedResponse, InputTokenCount
from . import _params
from ._params import SessionLike

__all__ = ["compact", "count_input_tokens"]

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
    body = _params.body(locals(), (
        "input", "model", "conversation", "instructions", "parallel_tool_calls", "personality",
        "previous_response_id", "reasoning", "text", "tool_choice", "tools", "truncation",
    ))
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
    body = _params.body(locals(), (
        "model", "input", "instructions", "previous_response_id", "prompt_cache_key", "prompt_cache_options",
        "prompt_cache_retention", "service_tier",
    ))
    return session._session.request(
        "POST", "responses/compact", cast_to=CompactedResponse, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
