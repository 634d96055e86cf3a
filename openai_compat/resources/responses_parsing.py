"""How ``responses.parse`` turns a Response's output into the caller's types.

``function_tool`` and ``text_format_for`` build what is sent; ``output_target`` picks what the output
text parses into (``text_format``, ``parse_as``, or nothing after a ``configuration_update`` input
item switched the format to plain text); ``parse_response`` fills ``output_parsed``, each
``output_text`` part's ``parsed`` and the function calls' ``parsed_arguments``. Kept apart from
``responses_parse.py``, whose overloads fill a module of their own.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping, Optional, Tuple, Type, Union

import msgspec
from msgspec import UNSET, UnsetType

from .._errors import StructuredOutputError
from ..types._base import to_builtins
from ..types._codec import convert
from ..types._structured import StructTool, function_spec, json_schema_format, parse_into
from ..types.responses import Response
from ..types.responses_parsed import ParsedFunctionCall, ParsedMessage, ParsedOutputText, ParsedResponse

__all__ = ["function_tool", "output_target", "parse_inputs", "parse_response", "text_format_for", "with_text_options"]

TextArg = Union[Optional[Mapping[str, Any]], UnsetType]


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


def with_text_options(text: TextArg, text_format: Any, verbosity: Union[Optional[str], UnsetType]) -> TextArg:
    """``text`` with ``format`` from ``text_format`` and ``verbosity`` put in, where the Responses API
    reads them (``text.format``, ``text.verbosity``). Giving one both ways is a ``TypeError``."""
    for key, value in (("format", text_format), ("verbosity", verbosity)):
        if value is UNSET:
            continue
        if isinstance(text, Mapping) and key in text:
            what = "text_format" if key == "format" else "verbosity"
            raise TypeError(f"Cannot mix and match text.{key} with {what}")
        made = text_format_for(value) if key == "format" else value
        text = {**(text if isinstance(text, Mapping) else {}), key: made}
    return text


def _target_of(given: Any) -> Any:
    """What output text parses into for a ``text_format``/``parse_as``: the Struct class, builtins
    (``object``) for a JSON Schema dict, nothing (``None``) for a plain-text format."""
    if given is UNSET or given is None:
        return None
    if not isinstance(given, Mapping):
        return given
    return object if text_format_for(given).get("type") in ("json_schema", "json_object") else None


def output_target(text_format: Any, parse_as: Any, text: TextArg, input: Any) -> Any:
    """What the output text parses into, as openai-python decides it: ``parse_as=None`` reads plain
    text; after a ``configuration_update`` input item the last such item's ``text.format`` is the one
    the model answers in, so a plain-text update means no parsing (and ``parse_as`` is then a
    ``TypeError``), and a schema other than ``text_format``'s needs ``parse_as`` to say its type."""
    if parse_as is None:
        return None
    items = input if isinstance(input, (list, tuple)) else ()
    for item in reversed(items):
        raw = to_builtins(item) if isinstance(item, msgspec.Struct) else item
        if not isinstance(raw, Mapping) or raw.get("type") != "configuration_update":
            continue
        update = raw.get("text")
        fmt = update.get("format") if isinstance(update, Mapping) else None
        if not isinstance(fmt, Mapping):
            continue
        if fmt.get("type") == "text":
            if parse_as is not UNSET:
                raise TypeError("Cannot use parse_as with a plain-text format update")
            return None
        sent = text.get("format") if isinstance(text, Mapping) else None
        if text_format is not UNSET and parse_as is UNSET and fmt != sent:
            raise TypeError("Pass parse_as for the updated output schema, or parse_as=None to read plain output_text")
        break
    return _target_of(parse_as if parse_as is not UNSET else text_format)


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


def parse_response(response: Response, target: Any, parsers: Dict[str, Any]) -> ParsedResponse[Any]:
    """``response`` as a ``ParsedResponse`` (converted if it is a plain one, as a stream's final
    response is) with its final answer's text parsed into ``target`` (the first one is
    ``output_parsed``) and its function calls' arguments parsed with ``parsers``."""
    parsed = response if isinstance(response, ParsedResponse) else convert(response.to_dict(), ParsedResponse)
    for item in parsed.output:
        if isinstance(item, ParsedFunctionCall) and item.name in parsers:
            item.parsed_arguments = _parse_output(parsers[item.name], item.arguments, parsed)
        elif isinstance(item, ParsedMessage) and target is not None and item.phase in (None, "final_answer"):
            for part in item.content:
                if isinstance(part, ParsedOutputText):
                    part.parsed = _parse_output(target, part.text, parsed)
                    if parsed.output_parsed is None:
                        parsed.output_parsed = part.parsed
    return parsed


def _parse_output(target: Any, text: str, response: Any) -> Any:
    try:
        return parse_into(target, text)
    except StructuredOutputError as exc:
        exc.completion = response
        raise


def parse_inputs(tools: Any) -> Tuple[Any, Dict[str, Any]]:
    """The tools to send (``Tool.function_from_struct`` ones flattened) and their argument parsers."""
    if tools is UNSET:
        return UNSET, {}
    flat = [_flat_tool(tool) for tool in tools]
    return flat, _tool_parsers(flat)
