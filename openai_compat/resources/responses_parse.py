"""``responses.parse``: Structured Outputs for the Responses API
(https://platform.openai.com/docs/guides/structured-outputs?api-mode=responses).

``text_format`` is a msgspec Struct class (sent as ``text.format``, its strict JSON Schema) or a
plain JSON Schema dict; the answer is a ``ParsedResponse`` whose ``output_parsed`` is an instance,
or with ``stream=True`` a ``ParsedResponseStream`` whose ``get_final_response()`` is that
``ParsedResponse``. ``function_tool(Struct)`` makes a strict function tool whose calls get
``parsed_arguments``. How the output is parsed: ``responses_parsing.py``.
"""

from __future__ import annotations

from typing import Any, Iterable, Literal, Mapping, Optional, Sequence, Type, TypeVar, Union, cast, overload

import msgspec
from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._streaming.responses_parsed import ParsedResponseStream
from ..types.responses import Response
from ..types.responses_parsed import ParsedResponse
from . import _params
from ._params import SessionLike
from .responses import _BODY_PARAMS, _EVENTS, _resuming
from .responses_parsing import (
    function_tool,
    output_target,
    parse_inputs,
    parse_response,
    text_format_for,
    with_text_options,
)

__all__ = ["function_tool", "parse", "text_format_for"]

S = TypeVar("S", bound=msgspec.Struct)


# A Struct class as ``text_format``: ``output_parsed`` is an instance of it.
@overload
def parse(
    session: SessionLike,
    /,
    *,
    text_format: Type[S],
    parse_as: Union[Type[S], Mapping[str, Any], UnsetType, None] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
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
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ParsedResponse[S]: ...


@overload
def parse(
    session: SessionLike,
    /,
    *,
    text_format: Type[S],
    parse_as: Union[Type[S], Mapping[str, Any], UnsetType, None] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
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
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ParsedResponseStream[S]: ...


# A JSON Schema dict, a ready ``text.format`` or none: ``output_parsed`` holds builtins.
@overload
def parse(
    session: SessionLike,
    /,
    *,
    text_format: Union[Mapping[str, Any], UnsetType] = UNSET,
    parse_as: Union[Type[msgspec.Struct], Mapping[str, Any], UnsetType, None] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
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
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ParsedResponse[Any]: ...


@overload
def parse(
    session: SessionLike,
    /,
    *,
    text_format: Union[Mapping[str, Any], UnsetType] = UNSET,
    parse_as: Union[Type[msgspec.Struct], Mapping[str, Any], UnsetType, None] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
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
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ParsedResponseStream[Any]: ...


@overload
def parse(
    session: SessionLike,
    /,
    *,
    text_format: Union[Type[msgspec.Struct], Mapping[str, Any], UnsetType] = UNSET,
    parse_as: Union[Type[msgspec.Struct], Mapping[str, Any], UnsetType, None] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
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
    stream: bool,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[ParsedResponse[Any], ParsedResponseStream[Any]]: ...


def parse(
    session: SessionLike,
    /,
    *,
    text_format: Union[Type[S], Mapping[str, Any], UnsetType] = UNSET,
    parse_as: Union[Type[S], Mapping[str, Any], UnsetType, None] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
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
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[ParsedResponse[Any], ParsedResponseStream[Any]]:
    """Create a response and parse its output (Structured Outputs, see the module's docstring).
    ``text_format`` is a msgspec Struct class (sent as ``text.format``, its strict JSON Schema;
    ``output_parsed`` and each ``output_text`` part's ``parsed`` are instances of it, ``None`` for a
    refusal), a plain JSON Schema dict (``parsed`` holds builtins) or a ready ``text.format`` dict.
    ``parse_as`` is what to parse into instead (after a ``configuration_update`` input item changed
    the schema), or ``None`` for no parsing. ``function_tool(Struct)`` tools get ``parsed_arguments``
    (builtins for other ``strict`` function tools). Output that does not fit raises
    ``StructuredOutputError``. Other parameters are those of ``create``; ``verbosity`` is sent as
    ``text.verbosity``, where the API reads it (openai-python sends it top-level, a field the API
    reference does not define). ``stream=True`` gives a ``ParsedResponseStream`` whose
    ``get_final_response()`` is parsed (openai-python fails there: it reads the events as one body).
    """
    text = with_text_options(text, text_format, verbosity)
    sent_input = extra_body.get("input", input) if isinstance(extra_body, Mapping) else input
    target = output_target(text_format, parse_as, text, sent_input)
    tools, parsers = parse_inputs(tools)
    body = _params.body(locals(), _BODY_PARAMS)

    def finish(response: Response) -> ParsedResponse[Any]:
        return parse_response(response, target, parsers)

    if {**body, **(extra_body or {})}.get("stream") is True:
        events = session._session.stream(
            "POST", "responses", cast_to=_EVENTS, body=body, stream_cls=ParsedResponseStream,
            stream_options={**_resuming(session._session, None, None, extra_headers, timeout), "finish": finish},
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
        return cast("ParsedResponseStream[Any]", events)
    response = session._session.request(
        "POST", "responses", cast_to=ParsedResponse, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return finish(response)
