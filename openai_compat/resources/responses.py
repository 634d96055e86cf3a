"""``/responses``: create a model response (whole or streamed), get, cancel and delete it, list its
input items, count input tokens, and compact a conversation.

API reference: https://platform.openai.com/docs/api-reference/responses. Parameters default to
``UNSET`` and are then not sent; an explicit ``None`` is sent as ``null``. ``input`` is a string or a
list of items: dicts, or items taken from an earlier ``Response.output`` (extras included).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Literal, Mapping, Optional, Sequence, Union, cast, overload

from msgspec import UNSET, UnsetType

from .._core.session import Session
from .._core.timeouts import TimeoutTypes
from .._core.urls import path_segment
from .._streaming.responses import ResponseStream
from ..types.responses import Response
from ..types.responses_events import ResponseStreamEvent
from . import _params
from ._params import SessionLike
from .responses_input import compact, count_input_tokens, list_input_items
from .responses_poll import poll

__all__ = ["cancel", "compact", "count_input_tokens", "create", "delete", "list_input_items", "poll", "retrieve"]

_BODY_PARAMS = (
    "input", "model", "access_programs", "background", "background_options", "context_management", "conversation",
    "image", "include", "instructions", "max_output_tokens", "max_tool_calls", "metadata", "moderation",
    "parallel_tool_calls", "previous_response_id", "prompt", "prompt_cache_key", "prompt_cache_options",
    "prompt_cache_retention", "reasoning", "safety_identifier", "service_tier", "store", "stream", "stream_options",
    "temperature", "text", "tool_choice", "tools", "top_logprobs", "top_p", "truncation", "user",
)
_EVENTS: Any = ResponseStreamEvent  # a union to type checkers, a decodable marker class at run time


@overload
def create(
    session: SessionLike,
    /,
    *,
    input: Union[str, Iterable[Any], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
    access_programs: Union[Mapping[str, Any], UnsetType] = UNSET,
    background: Union[Optional[bool], UnsetType] = UNSET,
    background_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    context_management: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = UNSET,
    conversation: Union[Optional[Union[str, Mapping[str, Any]]], UnsetType] = UNSET,
    image: Union[Mapping[str, Any], UnsetType] = UNSET,
    include: Union[Optional[Sequence[str]], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_output_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_tool_calls: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    parallel_tool_calls: Union[Optional[bool], UnsetType] = UNSET,
    previous_response_id: Union[Optional[str], UnsetType] = UNSET,
    prompt: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET,
    reasoning: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Response: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    input: Union[str, Iterable[Any], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
    access_programs: Union[Mapping[str, Any], UnsetType] = UNSET,
    background: Union[Optional[bool], UnsetType] = UNSET,
    background_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    context_management: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = UNSET,
    conversation: Union[Optional[Union[str, Mapping[str, Any]]], UnsetType] = UNSET,
    image: Union[Mapping[str, Any], UnsetType] = UNSET,
    include: Union[Optional[Sequence[str]], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_output_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_tool_calls: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    parallel_tool_calls: Union[Optional[bool], UnsetType] = UNSET,
    previous_response_id: Union[Optional[str], UnsetType] = UNSET,
    prompt: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET,
    reasoning: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: Literal[True],
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ResponseStream: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    input: Union[str, Iterable[Any], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
    access_programs: Union[Mapping[str, Any], UnsetType] = UNSET,
    background: Union[Optional[bool], UnsetType] = UNSET,
    background_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    context_management: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = UNSET,
    conversation: Union[Optional[Union[str, Mapping[str, Any]]], UnsetType] = UNSET,
    image: Union[Mapping[str, Any], UnsetType] = UNSET,
    include: Union[Optional[Sequence[str]], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_output_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_tool_calls: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    parallel_tool_calls: Union[Optional[bool], UnsetType] = UNSET,
    previous_response_id: Union[Optional[str], UnsetType] = UNSET,
    prompt: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET,
    reasoning: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[Response, ResponseStream]: ...


def create(
    session: SessionLike,
    /,
    *,
    input: Union[str, Iterable[Any], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
    access_programs: Union[Mapping[str, Any], UnsetType] = UNSET,
    background: Union[Optional[bool], UnsetType] = UNSET,
    background_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    context_management: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = UNSET,
    conversation: Union[Optional[Union[str, Mapping[str, Any]]], UnsetType] = UNSET,
    image: Union[Mapping[str, Any], UnsetType] = UNSET,
    include: Union[Optional[Sequence[str]], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_output_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_tool_calls: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    parallel_tool_calls: Union[Optional[bool], UnsetType] = UNSET,
    previous_response_id: Union[Optional[str], UnsetType] = UNSET,
    prompt: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET,
    reasoning: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[Response, ResponseStream]:
    """Create a model response (https://platform.openai.com/docs/api-reference/responses/create).

    With ``stream=True`` the answer is a ``ResponseStream`` of typed events; its
    ``get_final_response()`` returns the finished ``Response``, ``text_deltas()`` the text pieces.
    """
    body = _params.body(locals(), _BODY_PARAMS)
    if {**body, **(extra_body or {})}.get("stream") is True:
        events = session._session.stream(
            "POST", "responses", cast_to=_EVENTS, body=body, stream_cls=ResponseStream,
            stream_options=_resuming(session._session, None, None, extra_headers, timeout),
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
        return cast(ResponseStream, events)
    return session._session.request(
        "POST", "responses", cast_to=Response, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


@overload
def retrieve(
    session: SessionLike,
    /,
    response_id: str,
    *,
    include: Union[Sequence[str], UnsetType] = UNSET,
    include_obfuscation: Union[bool, UnsetType] = UNSET,
    starting_after: Union[int, UnsetType] = UNSET,
    stream: Union[Literal[False], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Response: ...


@overload
def retrieve(
    session: SessionLike,
    /,
    response_id: str,
    *,
    include: Union[Sequence[str], UnsetType] = UNSET,
    include_obfuscation: Union[bool, UnsetType] = UNSET,
    starting_after: Union[int, UnsetType] = UNSET,
    stream: Literal[True],
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ResponseStream: ...


@overload
def retrieve(
    session: SessionLike,
    /,
    response_id: str,
    *,
    include: Union[Sequence[str], UnsetType] = UNSET,
    include_obfuscation: Union[bool, UnsetType] = UNSET,
    starting_after: Union[int, UnsetType] = UNSET,
    stream: Union[bool, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[Response, ResponseStream]: ...


def retrieve(
    session: SessionLike,
    /,
    response_id: str,
    *,
    include: Union[Sequence[str], UnsetType] = UNSET,
    include_obfuscation: Union[bool, UnsetType] = UNSET,
    starting_after: Union[int, UnsetType] = UNSET,
    stream: Union[bool, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[Response, ResponseStream]:
    """Get a response (https://platform.openai.com/docs/api-reference/responses/get).

    With ``stream=True`` (a background response) its events are streamed again, after
    ``starting_after`` if given: the server skips the events up to that ``sequence_number``.
    """
    path = f"responses/{path_segment(response_id, 'response_id')}"
    query = _params.query(
        include=include, include_obfuscation=include_obfuscation, starting_after=starting_after, stream=stream
    )
    if stream is True:
        after = starting_after if isinstance(starting_after, int) else None
        events = session._session.stream(
            "GET", path, cast_to=_EVENTS, query=query, stream_cls=ResponseStream,
            stream_options=_resuming(session._session, response_id, after, extra_headers, timeout),
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
        return cast(ResponseStream, events)
    return session._session.request(
        "GET", path, cast_to=Response, query=query,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def _resuming(
    session: Session,
    response_id: Optional[str],
    starting_after: Optional[int],
    extra_headers: Optional[Mapping[str, Any]],
    timeout: Union[TimeoutTypes, UnsetType],
) -> Dict[str, Any]:
    """The ``ResponseStream`` options that let it reconnect after a dropped connection (a background
    response's stream can be asked for again), with the session's retry policy."""

    def reopen(resumed_id: str, after: Optional[int]) -> ResponseStream:
        query = _params.query(stream=True, starting_after=after)
        return cast(ResponseStream, session.stream(
            "GET", f"responses/{path_segment(resumed_id, 'response_id')}", cast_to=_EVENTS, query=query,
            stream_cls=ResponseStream, extra_headers=extra_headers, timeout=timeout,
        ))

    return {"reopen": reopen, "retry": session.retry, "response_id": response_id, "starting_after": starting_after}


def delete(
    session: SessionLike,
    /,
    response_id: str,
    *,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> None:
    """Delete a response (https://platform.openai.com/docs/api-reference/responses/delete)."""
    session._session.request(
        "DELETE", f"responses/{path_segment(response_id, 'response_id')}", cast_to=bytes,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def cancel(
    session: SessionLike,
    /,
    response_id: str,
    *,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Response:
    """Cancel a background response (https://platform.openai.com/docs/api-reference/responses/cancel)."""
    return session._session.request(
        "POST", f"responses/{path_segment(response_id, 'response_id')}/cancel", cast_to=Response,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
