"""``chat.completions.parse``: a chat completion whose answer is decoded into a msgspec Struct.

The strict JSON schema is generated from the Struct (``types/_structured.py``); the parsed value lands
in ``message.parsed`` and, for tools made from Structs, ``function.parsed_arguments`` — fields that
are never sent back in a request. Kept apart from ``chat.py``, which holds the plain endpoints.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping, Optional, Sequence, Type, TypeVar, Union, cast, overload

import msgspec
from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._errors import ContentFilterFinishReasonError, LengthFinishReasonError, StructuredOutputError
from ..types._structured import StructTool, parse_into, response_format_for
from ..types.chat import ParsedChatCompletion
from ..types.chat_params import MessageParam, ToolParam
from ._params import SessionLike
from .chat import _build_body

__all__ = ["parse"]

S = TypeVar("S", bound=msgspec.Struct)

@overload
def parse(
    session: SessionLike,
    /,
    *,
    messages: Iterable[MessageParam],
    model: str,
    response_format: Type[S],
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    audio: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET,
    function_call: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    functions: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
    logit_bias: Union[Optional[Mapping[str, int]], UnsetType] = UNSET,
    logprobs: Union[Optional[bool], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    modalities: Union[Optional[Sequence[str]], UnsetType] = UNSET,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    prediction: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    presence_penalty: Union[Optional[float], UnsetType] = UNSET,
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET,
    reasoning_effort: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ParsedChatCompletion[S]: ...


@overload
def parse(
    session: SessionLike,
    /,
    *,
    messages: Iterable[MessageParam],
    model: str,
    response_format: Union[Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    audio: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET,
    function_call: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    functions: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
    logit_bias: Union[Optional[Mapping[str, int]], UnsetType] = UNSET,
    logprobs: Union[Optional[bool], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    modalities: Union[Optional[Sequence[str]], UnsetType] = UNSET,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    prediction: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    presence_penalty: Union[Optional[float], UnsetType] = UNSET,
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET,
    reasoning_effort: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ParsedChatCompletion[Any]: ...


def parse(
    session: SessionLike,
    /,
    *,
    messages: Iterable[MessageParam],
    model: str,
    response_format: Union[Type[S], Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    audio: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET,
    function_call: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    functions: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
    logit_bias: Union[Optional[Mapping[str, int]], UnsetType] = UNSET,
    logprobs: Union[Optional[bool], UnsetType] = UNSET,
    max_completion_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_tokens: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    modalities: Union[Optional[Sequence[str]], UnsetType] = UNSET,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    parallel_tool_calls: Union[bool, UnsetType] = UNSET,
    prediction: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    presence_penalty: Union[Optional[float], UnsetType] = UNSET,
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET,
    reasoning_effort: Union[Optional[str], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ParsedChatCompletion[S]:
    """Create a chat completion and parse its output (Structured Outputs,
    https://platform.openai.com/docs/guides/structured-outputs).

    ``response_format`` is a msgspec Struct class (sent as its strict JSON Schema; each
    ``choices[i].message.parsed`` is an instance of it, or ``None`` for a refusal or tool calls),
    a plain JSON Schema dict (sent as given; ``parsed`` holds builtins) or a ``response_format``
    dict. Tool calls of ``Tool.function_from_struct`` tools get ``function.parsed_arguments``
    (builtins for other ``strict`` function tools). Output that does not fit raises
    ``StructuredOutputError``; an answer cut by ``max_completion_tokens`` raises
    ``LengthFinishReasonError``, one stopped by the content filter ``ContentFilterFinishReasonError``.
    Other parameters are those of ``create``; the answer is never streamed.
    """
    target: Any = None
    if tools is not UNSET:
        tools = [*tools]
    if response_format is not UNSET:
        format_body = response_format_for(response_format)
        if not isinstance(response_format, Mapping):
            target = response_format
        elif format_body.get("type") in ("json_schema", "json_object"):
            target = object
        response_format = format_body
    args = locals()
    body = _build_body("parse", args, None, extra_body)
    parsers = _tool_parsers(tools) if tools is not UNSET else {}
    completion = cast(
        "ParsedChatCompletion[S]",
        session._session.request(
            "POST", "chat/completions", cast_to=ParsedChatCompletion, body=body,
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        ),
    )
    _parse_choices(completion, target, parsers)
    return completion


def _parse_choices(completion: ParsedChatCompletion[Any], target: Any, parsers: Dict[str, Any]) -> None:
    """Parse each choice's content into ``target`` and its tool calls' arguments with ``parsers``;
    an answer cut short (token limit, content filter) raises instead of parsing half a document."""
    for choice in completion.choices:
        if target is not None or parsers:
            if choice.finish_reason == "length":
                raise LengthFinishReasonError(completion=completion)
            if choice.finish_reason == "content_filter":
                raise ContentFilterFinishReasonError(completion=completion)
        message = choice.message
        for call in message.tool_calls or []:
            function = call.function
            if function is not None and function.name in parsers:
                function.parsed_arguments = _parse_output(parsers[function.name], function.arguments, completion)
        if target is not None and message.content is not None and not message.refusal:
            message.parsed = _parse_output(target, message.content_text, completion)


def _tool_parsers(tools: Iterable[ToolParam]) -> Dict[str, Any]:
    """Function name -> what its arguments parse into: the Struct of a ``StructTool``, builtins
    (``object``) for another ``strict`` function tool; other tools are not parsed."""
    parsers: Dict[str, Any] = {}
    for tool in tools:
        if not isinstance(tool, Mapping) or tool.get("type") != "function":
            continue
        spec = tool.get("function")
        if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str):
            continue
        if isinstance(tool, StructTool):
            parsers[spec["name"]] = tool.struct_type
        elif spec.get("strict") is True:
            parsers[spec["name"]] = object
    return parsers


def _parse_output(target: Any, text: str, completion: Any) -> Any:
    try:
        return parse_into(target, text)
    except StructuredOutputError as exc:
        exc.completion = completion
        raise


