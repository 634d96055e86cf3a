"""What the Responses API does with a request's input without answering it: count its tokens
(``/responses/input_tokens``), compact a conversation (``/responses/compact``), and list the input
items of a response (``/responses/{id}/input_items``).
``resources.responses`` exports them too; its docstring applies.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence, Union, cast

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage
from ..types.responses import CompactedResponse, InputTokenCount
from ..types.responses_items import OutputItem
from . import _params
from ._params import SessionLike

__all__ = ["compact", "count_input_tokens", "list_input_items"]

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
    model: Optional[str],
    image: Union[Mapping[str, Any], UnsetType] = UNSET,
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
        "model", "image", "input", "instructions", "previous_response_id", "prompt_cache_key", "prompt_cache_options",
        "prompt_cache_retention", "service_tier",
    ))
    return session._session.request(
        "POST", "responses/compact", cast_to=CompactedResponse, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list_input_items(
    session: SessionLike,
    /,
    response_id: str,
    *,
    after: Union[str, UnsetType] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> SyncCursorPage[OutputItem]:
    """The input items of a response, a page at a time; iterating the page walks all of them
    (https://platform.openai.com/docs/api-reference/responses/input-items)."""
    page: SyncCursorPage[OutputItem] = session._session.get_page(
        f"responses/{path_segment(response_id, 'response_id')}/input_items",
        item_type=cast(Any, OutputItem),
        query=_params.query(after=after, include=include, limit=limit, order=order),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page
