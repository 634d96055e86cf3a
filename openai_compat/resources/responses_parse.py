"""``responses.parse``: Structured Outputs for the Responses API
(https://platform.openai.com/docs/guides/structured-outputs?api-mode=responses).

``text_format`` is a msgspec Struct class (sent as ``text.format``, its strict JSON Schema) or a
plain JSON Schema dict; the answer is a ``ParsedResponse`` whose ``output_parsed`` is an instance.
``function_tool(Struct)`` makes a strict function tool whose calls get ``parsed_arguments``.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping, Optional, Sequence, Type, TypeVar, Union, cast, overload

import msgspec
from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._errors import StructuredOutputError
from ..types._structured import StructTool, function_spec, json_schema_format, parse_into
from ..types.responses_parsed import ParsedFunctionCall, ParsedMessage, ParsedOutputText, ParsedResponse
from . import _params
from ._params import SessionLike
from .responses import _BODY_PARAMS

__all__ = ["function_tool", "parse", "text_format_for"]

S = TypeVar("S", bound=msgspec.Struct)
_PARSE_PARAMS = tuple(name for name in _BODY_PARAMS if name not in ("stream", "stream_options"))


def function_tool(
    struct_type: Type[msgspec.Struct], *, name: Optional[str] = None, description: Optional[str] = None
) -> StructTool:
    """A strict Responses function tool (``{"type": "function", "name", "parameters", "strict"}``)
    whose arguments are the Struct class ``struct_type``: named after the class unless ``name``,
    described by its docstring unless ``description``. In ``parse`` its calls get ``parsed_arguments``."""
    spec = function_spec(struct_type, name=name, description=description)
    return StructTool({"type": "function", **spec}, struct_type)


def text_format_for(target: Any, *, name: Optional[str] = None) -> Dict[str, Any]:
    """The ``text.format`` for a Struct class, a plain JSON Schema dict (sent unchanged, under its
    ``title`` or ``"response"``), or a ready ``text.format`` dict (returned as is)."""
    if isinstance(target, Mapping):
        if target.get("type") in ("json_schema", "json_object", "text"):
            return dict(target)
        return {"type": "json_schema", "name": name or target.get("title") or "response",
                "schema": dict(target), "strict": True}
    return {"type": "json_schema", **json_schema_format(target, name=name)}


@overload
def parse(
    session: SessionLike,
    /,
    *,
    text_format: Type[S],
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = ...,
    input: Union[str, Iterable[Any], UnsetType] = ...,
    model: Union[str, UnsetType] = ...,
    background: Union[Optional[bool], UnsetType] = ...,
    context_management: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = ...,
    conversation: Union[Optional[Union[str, Mapping[str, Any]]], UnsetType] = ...,
    include: Union[Optional[Sequence[str]], UnsetType] = ...,
    instructions: Union[Optional[str], UnsetType] = ...,
    max_output_tokens: Union[Optional[int], UnsetType] = ...,
    max_tool_calls: Union[Optional[int], UnsetType] = ...,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = ...,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    parallel_tool_calls: Union[Optional[bool], UnsetType] = ...,
    previous_response_id: Union[Optional[str], UnsetType] = ...,
    prompt: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    prompt_cache_key: Union[Optional[str], UnsetType] = ...,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    prompt_cache_retention: Union[Optional[str], UnsetType] = ...,
    reasoning: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    safety_identifier: Union[Optional[str], UnsetType] = ...,
    service_tier: Union[Optional[str], UnsetType] = ...,
    store: Union[Optional[bool], UnsetType] = ...,
    temperature: Union[Optional[float], UnsetType] = ...,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = ...,
    top_logprobs: Union[Optional[int], UnsetType] = ...,
    top_p: Union[Optional[float], UnsetType] = ...,
    truncation: Union[Optional[str], UnsetType] = ...,
    user: Union[str, UnsetType] = ...,
    extra_headers: Optional[Mapping[str, Any]] = ...,
    extra_query: Optional[Mapping[str, Any]] = ...,
    extra_body: Optional[Mapping[str, Any]] = ...,
    timeout: Union[TimeoutTypes, UnsetType] = ...,
) -> ParsedResponse[S]: ...


@overload
def parse(
    session: SessionLike,
    /,
    *,
    text_format: Union[Mapping[str, Any], UnsetType] = ...,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = ...,
    input: Union[str, Iterable[Any], UnsetType] = ...,
    model: Union[str, UnsetType] = ...,
    background: Union[Optional[bool], UnsetType] = ...,
    context_management: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = ...,
    conversation: Union[Optional[Union[str, Mapping[str, Any]]], UnsetType] = ...,
    include: Union[Optional[Sequence[str]], UnsetType] = ...,
    instructions: Union[Optional[str], UnsetType] = ...,
    max_output_tokens: Union[Optional[int], UnsetType] = ...,
    max_tool_calls: Union[Optional[int], UnsetType] = ...,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = ...,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    parallel_tool_calls: Union[Optional[bool], UnsetType] = ...,
    previous_response_id: Union[Optional[str], UnsetType] = ...,
    prompt: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    prompt_cache_key: Union[Optional[str], UnsetType] = ...,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    prompt_cache_retention: Union[Optional[str], UnsetType] = ...,
    reasoning: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    safety_identifier: Union[Optional[str], UnsetType] = ...,
    service_tier: Union[Optional[str], UnsetType] = ...,
    store: Union[Optional[bool], UnsetType] = ...,
    temperature: Union[Optional[float], UnsetType] = ...,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = ...,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = ...,
    top_logprobs: Union[Optional[int], UnsetType] = ...,
    top_p: Union[Optional[float], UnsetType] = ...,
    truncation: Union[Optional[str], UnsetType] = ...,
    user: Union[str, UnsetType] = ...,
    extra_headers: Optional[Mapping[str, Any]] = ...,
    extra_query: Optional[Mapping[str, Any]] = ...,
    extra_body: Optional[Mapping[str, Any]] = ...,
    timeout: Union[TimeoutTypes, UnsetType] = ...,
) -> ParsedResponse[Any]: ...


def parse(
    session: SessionLike,
    /,
    *,
    text_format: Union[Type[S], Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
    input: Union[str, Iterable[Any], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
    background: Union[Optional[bool], UnsetType] = UNSET,
    context_management: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = UNSET,
    conversation: Union[Optional[Union[str, Mapping[str, Any]]], UnsetType] = UNSET,
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
    temperature: Union[Optional[float], UnsetType] = UNSET,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ParsedResponse[S]:
    """Create a response and parse its output (Structured Outputs,
    https://platform.openai.com/docs/guides/structured-outputs?api-mode=responses).

    ``text_format`` is a msgspec Struct class (sent as ``text.format``, its strict JSON Schema;
    ``output_parsed`` and each ``output_text`` part's ``parsed`` are instances of it, ``None`` for
    a refusal), a plain JSON Schema dict (sent as given; ``parsed`` holds builtins) or a ready
    ``text.format`` dict; giving ``text={"format": ...}`` too is a ``TypeError``. Calls of
    ``function_tool(Struct)`` tools (``Tool.function_from_struct`` ones are flattened) get
    ``parsed_arguments``, builtins for other ``strict`` function tools. Output that does not fit
    raises ``StructuredOutputError`` (``completion`` is the response). Other parameters are those
    of ``create``; the answer is never streamed.
    """
    target: Any = None
    if text_format is not UNSET:
        if isinstance(text, Mapping) and "format" in text:
            raise TypeError("Cannot mix and match text.format with text_format")
        format_body = text_format_for(text_format)
        if not isinstance(text_format, Mapping):
            target = text_format
        elif format_body.get("type") in ("json_schema", "json_object"):
            target = object
        text = {**(text if isinstance(text, Mapping) else {}), "format": format_body}
    if tools is not UNSET:
        tools = [_flat_tool(tool) for tool in tools]
    body = _params.body(locals(), _PARSE_PARAMS)
    parsers = _tool_parsers(tools) if tools is not UNSET else {}
    response = cast(
        "ParsedResponse[S]",
        session._session.request(
            "POST", "responses", cast_to=ParsedResponse, body=body,
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        ),
    )
    _parse_items(response, target, parsers)
    return response


def _parse_items(response: ParsedResponse[Any], target: Any, parsers: Dict[str, Any]) -> None:
    """Parse the final answer's text into ``target`` (the first one is ``output_parsed``) and the
    function calls' arguments with ``parsers``."""
    for item in response.output:
        if isinstance(item, ParsedFunctionCall) and item.name in parsers:
            item.parsed_arguments = _parse_output(parsers[item.name], item.arguments, response)
        elif isinstance(item, ParsedMessage) and target is not None and item.phase in (None, "final_answer"):
            for part in item.content:
                if isinstance(part, ParsedOutputText):
                    part.parsed = _parse_output(target, part.text, response)
                    if response.output_parsed is None:
                        response.output_parsed = part.parsed


def _flat_tool(tool: Mapping[str, Any]) -> Mapping[str, Any]:
    """A chat-shaped ``Tool.function_from_struct`` tool as the flat Responses function tool."""
    if isinstance(tool, StructTool) and isinstance(tool.get("function"), Mapping):
        return StructTool({"type": "function", **tool["function"]}, tool.struct_type)
    return tool


def _tool_parsers(tools: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
    """Function name -> what its arguments parse into: the Struct of a ``StructTool``, builtins
    (``object``) for another ``strict`` function tool; other tools are not parsed."""
    parsers: Dict[str, Any] = {}
    for tool in tools:
        if not isinstance(tool, Mapping) or tool.get("type") != "function" or not isinstance(tool.get("name"), str):
            continue
        if isinstance(tool, StructTool):
            parsers[tool["name"]] = tool.struct_type
        elif tool.get("strict") is True:
            parsers[tool["name"]] = object
    return parsers


def _parse_output(target: Any, text: str, response: Any) -> Any:
    try:
        return parse_into(target, text)
    except StructuredOutputError as exc:
        exc.completion = response
        raise
