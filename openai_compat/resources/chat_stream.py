"""``chat.completions.stream``: a streamed chat completion read as typed events, with openai-python's
helper surface (https://github.com/openai/openai-python/blob/main/helpers.md#chat-completions-api).

The request is ``create(stream=True)``'s, with ``response_format`` and ``tools`` taken as ``parse``
takes them (a msgspec Struct class, a JSON Schema dict, ``Tool.function_from_struct`` tools) and
parsed the way ``parse`` parses (``chat_parse.py``); the events, snapshots and final completion are
``_streaming/chat_helper.py``'s. Kept apart from ``chat.py``, which holds the plain endpoints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, Mapping, Optional, Sequence, Type, TypeVar, Union, cast

import msgspec
from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._streaming.chat import ChatCompletionStream
from ..types._structured import response_format_for
from ..types.chat import ChatCompletionChunk, ParsedChatCompletion
from ..types.chat_params import MessageParam, ToolParam
from ._params import SessionLike
from .chat import _build_body
from .chat_parse import _parse_choices, _parse_output, _tool_parsers

if TYPE_CHECKING:  # the helper's machinery is imported with its first use, not with the package
    from .._streaming.chat_helper import ChatCompletionStreamManager

__all__ = ["stream"]

S = TypeVar("S", bound=msgspec.Struct)


def stream(
    session: SessionLike,
    /,
    *,
    messages: Iterable[MessageParam],
    model: str,
    audio: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    response_format: Union[Type[S], Mapping[str, Any], UnsetType] = UNSET,
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
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ChatCompletionStreamManager:
    """Stream a chat completion as typed events (``chunk``, ``content.delta``, ``content.done``,
    ``refusal.*``, ``tool_calls.function.arguments.*``, ``logprobs.*``): a context manager that
    sends the request when entered and closes the stream when left.

    ``response_format`` and ``tools`` are ``parse``'s: the content of a Struct format is parsed
    into it (``content.done``'s ``parsed``, ``message.parsed``), tool calls of
    ``Tool.function_from_struct`` and other strict tools get ``parsed_arguments``. Other parameters
    are ``create``'s. ``get_final_completion()`` gives the ``ParsedChatCompletion``.
    """
    args: Dict[str, Any] = dict(locals(), stream=True)  # first statement: the parameters only
    from .._streaming.chat_helper import ChatCompletionStreamManager

    target: Any = None
    if tools is not UNSET:
        args["tools"] = [*tools]
    if response_format is not UNSET:
        args["response_format"] = response_format_for(response_format)
        if not isinstance(response_format, Mapping):
            target = response_format
        elif args["response_format"].get("type") in ("json_schema", "json_object"):
            target = object
    body = _build_body("stream", args, None, extra_body)
    parsing = _Parsing(target, _tool_parsers(args["tools"]) if tools is not UNSET else {})
    headers = {"X-Stainless-Helper-Method": "chat.completions.stream", **(extra_headers or {})}

    def api_request() -> ChatCompletionStream:
        return cast(ChatCompletionStream, session._session.stream(
            "POST", "chat/completions", cast_to=ChatCompletionChunk, body=body, stream_cls=ChatCompletionStream,
            extra_headers=headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        ))

    return ChatCompletionStreamManager(api_request, parsing)


class _Parsing:
    """``chat_helper.ChatParsing`` for a format's ``target`` and the tools' ``parsers``."""

    def __init__(self, target: Any, parsers: Dict[str, Any]) -> None:
        self.target = target
        self.parsers = parsers
        self.parseable = target is not None or bool(parsers)
        self.partial = target is not None

    def content(self, text: str) -> Any:
        return None if self.target is None else _parse_output(self.target, text, None)

    def arguments(self, name: str, text: str) -> Any:
        parser = self.parsers.get(name)
        return None if parser is None else _parse_output(parser, text, None)

    def strict_tool(self, name: str) -> bool:
        return name in self.parsers

    def finish(self, completion: ParsedChatCompletion[Any]) -> None:
        _parse_choices(completion, self.target, self.parsers)
