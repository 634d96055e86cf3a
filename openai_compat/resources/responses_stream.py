"""``responses.stream``: a streamed response read as openai-python's helper events
(https://github.com/openai/openai-python/blob/main/helpers.md#responses-api), new or existing.

Given ``input`` and ``model`` it creates a response (``create(stream=True)``'s request, with
``text_format`` and ``tools`` taken as ``parse`` takes them); given ``response_id`` it streams an
existing (background) response again from its start (``retrieve(stream=True)``), its events after
``starting_after`` yielded, as openai-python does. Either way the ``ResponseStream`` underneath
resumes by itself when a background response's connection drops. The output is parsed the way
``parse`` parses it (``responses_parse.py``); the events are ``_streaming/responses_helper.py``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, Mapping, Optional, Sequence, Type, TypeVar, Union, cast

import msgspec
from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._streaming.responses import ResponseStream
from ..types._base import to_builtins
from ..types._codec import decode, encode_json
from ..types.responses import Response
from ..types.responses_parsed import ParsedResponse
from . import _params
from ._params import SessionLike
from .responses import _BODY_PARAMS, _EVENTS, _resuming, retrieve
from .responses_parsing import parse_inputs, parse_output, parse_response, text_format_for

if TYPE_CHECKING:  # the helper's machinery is imported with its first use, not with the package
    from .._streaming.responses_helper import ResponseStreamManager

__all__ = ["stream"]

S = TypeVar("S", bound=msgspec.Struct)
# A new response's parameters: ``create``'s and the ones openai-python 3.57 adds.
_NEW = tuple(name for name in dict.fromkeys((*_BODY_PARAMS, "access_programs", "background_options", "image"))
             if name != "stream")


def stream(
    session: SessionLike,
    /,
    *,
    response_id: Union[str, UnsetType] = UNSET,
    input: Union[str, Iterable[Any], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
    access_programs: Union[Mapping[str, Any], UnsetType] = UNSET,
    background: Union[Optional[bool], UnsetType] = UNSET,
    background_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    context_management: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = UNSET,
    text_format: Union[Type[S], Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[Mapping[str, Any]], UnsetType] = UNSET,
    conversation: Union[Optional[Union[str, Mapping[str, Any]]], UnsetType] = UNSET,
    image: Union[Mapping[str, Any], UnsetType] = UNSET,
    include: Union[Optional[Sequence[str]], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    max_output_tokens: Union[Optional[int], UnsetType] = UNSET,
    max_tool_calls: Union[Optional[int], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    parallel_tool_calls: Union[Optional[bool], UnsetType] = UNSET,
    moderation: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    previous_response_id: Union[Optional[str], UnsetType] = UNSET,
    prompt: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_key: Union[Optional[str], UnsetType] = UNSET,
    prompt_cache_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    prompt_cache_retention: Union[Optional[str], UnsetType] = UNSET,
    reasoning: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    text: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    truncation: Union[Optional[str], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    starting_after: Union[int, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ResponseStreamManager:
    """Stream a response as typed events: a context manager that sends the request when entered and
    closes the stream when left. ``get_final_response()`` gives the ``ParsedResponse``.

    With ``input`` and ``model``, a new response (``text_format`` and ``tools`` as ``parse`` takes
    them; other parameters are ``create``'s). With ``response_id`` (and no parameter of a new
    response), the events of an existing background response, those after ``starting_after``
    (``include`` applies too).
    """
    args: Dict[str, Any] = dict(locals())  # first statement: the parameters only
    from .._streaming.responses_helper import ResponseStreamManager

    target = _with_format(args)
    flat_tools, parsers = parse_inputs(tools)
    if tools is not UNSET:
        args["tools"] = flat_tools
    parsing = _Parsing(target, parsers)
    if response_id is not UNSET or starting_after is not UNSET:
        return _for_existing(session, args, parsing)
    if input is UNSET or model is UNSET:
        raise ValueError(f"{'input' if input is UNSET else 'model'} must be provided when creating a new response")
    body = {**_params.body(args, _NEW), "stream": True}

    def api_request() -> ResponseStream:
        return cast(ResponseStream, session._session.stream(
            "POST", "responses", cast_to=_EVENTS, body=body, stream_cls=ResponseStream,
            stream_options=_resuming(session._session, None, None, extra_headers, timeout),
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        ))

    return ResponseStreamManager(api_request, parsing)


def _with_format(args: Dict[str, Any]) -> Any:
    """Put ``text_format`` into ``args["text"]``; return what the output text parses into."""
    text_format, text = args["text_format"], args["text"]
    if text_format is UNSET:
        return None
    if isinstance(text, Mapping) and "format" in text:
        raise TypeError("Cannot mix and match text.format with text_format")
    format_body = text_format_for(text_format)
    args["text"] = {**(text if isinstance(text, Mapping) else {}), "format": format_body}
    if not isinstance(text_format, Mapping):
        return text_format
    return object if format_body.get("type") in ("json_schema", "json_object") else None


def _for_existing(session: SessionLike, args: Dict[str, Any], parsing: _Parsing) -> ResponseStreamManager:
    """The manager for the events of an existing response (``response_id``), after ``starting_after``."""
    from .._streaming.responses_helper import ResponseStreamManager

    given = [name for name in (*_NEW, "text_format") if args[name] is not UNSET and name != "include"]
    if given:
        raise ValueError(
            "Cannot provide both response_id/starting_after can't be provided together with " + ", ".join(given)
        )
    response_id, after = args["response_id"], args["starting_after"]
    if response_id is UNSET:
        raise ValueError("id must be provided when streaming an existing response")
    if args["extra_body"]:
        raise TypeError("extra_body cannot be sent when streaming an existing response (a GET has no body)")
    include, headers, query, timeout = args["include"], args["extra_headers"], args["extra_query"], args["timeout"]
    return ResponseStreamManager(
        lambda: _existing(session, response_id, include, headers, query, timeout),
        parsing, after if isinstance(after, int) else None,
    )


def _existing(  # noqa: PLR0917  # the stream() arguments it passes on
    session: SessionLike, response_id: str, include: Any, extra_headers: Optional[Mapping[str, Any]],
    extra_query: Optional[Mapping[str, Any]], timeout: Any,
) -> ResponseStream:
    """The events of an existing response from its start (the helper skips to ``starting_after``)."""
    return retrieve(
        session, response_id, stream=True, include=UNSET if include is None else include,
        extra_headers=extra_headers, extra_query=extra_query, timeout=timeout,
    )


class _Parsing:
    """``responses_helper.ResponseParsing`` for a format's ``target`` and the tools' ``parsers``."""

    def __init__(self, target: Any, parsers: Dict[str, Any]) -> None:
        self.target = target
        self.parsers = parsers

    def text(self, text: str) -> Any:
        return None if self.target is None else parse_output(self.target, text, None)

    def finish(self, response: Response) -> ParsedResponse[Any]:
        """``response`` as a ``ParsedResponse``, its output parsed as ``parse`` parses it."""
        parsed: ParsedResponse[Any] = decode(encode_json(to_builtins(response)), ParsedResponse)
        parsed.__dict__.update((key, value) for key, value in response.__dict__.items() if key.startswith("_"))
        return parse_response(parsed, self.target, self.parsers)
