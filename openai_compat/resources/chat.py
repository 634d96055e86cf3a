"""``/chat/completions``: create a chat completion, whole or streamed (stored completions: ``chat_stored.py``).

API reference: https://platform.openai.com/docs/api-reference/chat. Parameters default to
``UNSET`` and are then not sent (servers such as Groq reject fields they do not know); an explicit
``None`` is sent as ``null``. Messages and tools may be dicts (see ``types.chat_params`` for
helpers), request Structs, or messages taken from earlier responses, provider extras included.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Literal, Mapping, Optional, Sequence, Union, cast, overload

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._streaming.chat import ChatCompletionStream
from ..types.chat import ChatCompletion, ChatCompletionChunk
from ..types.chat_params import ChatCompletionRequest, MessageParam, ToolParam
from . import _params
from ._params import SessionLike

__all__ = ["create"]

# The body parameters of ``create``: exactly the fields of the request Struct.
_BODY_PARAMS = ChatCompletionRequest.__struct_fields__
_REQUIRED = ("model", "messages")


# Without ``request=``, ``messages`` and ``model`` are required, as in openai-python.
@overload
def create(
    session: SessionLike,
    /,
    *,
    messages: Iterable[MessageParam],
    model: str,
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
    response_format: Union[Mapping[str, Any], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    request: None = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ChatCompletion: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    messages: Iterable[MessageParam],
    model: str,
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
    response_format: Union[Mapping[str, Any], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: Literal[True],
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    request: None = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ChatCompletionStream: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    messages: Iterable[MessageParam],
    model: str,
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
    response_format: Union[Mapping[str, Any], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: bool,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    request: None = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[ChatCompletion, ChatCompletionStream]: ...


# With ``request=`` (a prebuilt request supplies them) every parameter is optional.
@overload
def create(
    session: SessionLike,
    /,
    *,
    messages: Union[Iterable[MessageParam], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
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
    response_format: Union[Mapping[str, Any], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: Literal[True],
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    request: Union[ChatCompletionRequest, Mapping[str, Any]],
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ChatCompletionStream: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    messages: Union[Iterable[MessageParam], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
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
    response_format: Union[Mapping[str, Any], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    request: Union[ChatCompletionRequest, Mapping[str, Any]],
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[ChatCompletion, ChatCompletionStream]: ...


def create(
    session: SessionLike,
    /,
    *,
    messages: Union[Iterable[MessageParam], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
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
    response_format: Union[Mapping[str, Any], UnsetType] = UNSET,
    safety_identifier: Union[Optional[str], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    service_tier: Union[Optional[str], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    store: Union[Optional[bool], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_choice: Union[str, Mapping[str, Any], UnsetType] = UNSET,
    tools: Union[Iterable[ToolParam], UnsetType] = UNSET,
    top_logprobs: Union[Optional[int], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    verbosity: Union[Optional[str], UnsetType] = UNSET,
    web_search_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    request: Union[ChatCompletionRequest, Mapping[str, Any], None] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[ChatCompletion, ChatCompletionStream]:
    """Create a chat completion (https://platform.openai.com/docs/api-reference/chat/create).

    With ``stream=True`` the answer is a ``ChatCompletionStream`` of chunks; its
    ``get_final_completion()`` merges them. ``request`` (a ``ChatCompletionRequest`` or a dict)
    supplies parameters too; keyword arguments that are set win over it, ``extra_body`` over both.
    """
    args = locals()  # first statement: holds exactly the parameters
    if isinstance(response_format, type):
        raise TypeError(
            "create() takes a response_format dict; pass a Struct class to chat.completions.parse(), "
            "or ResponseFormat.from_struct(cls) to create()"
        )
    body = _build_body("create", args, request, extra_body)
    streaming = {**body, **(extra_body or {})}.get("stream") is True
    if streaming:
        return cast(
            ChatCompletionStream,
            session._session.stream(
                "POST", "chat/completions", cast_to=ChatCompletionChunk, body=body, stream_cls=ChatCompletionStream,
                extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
            ),
        )
    return session._session.request(
        "POST", "chat/completions", cast_to=ChatCompletion, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def _build_body(
    function: str,
    args: Mapping[str, Any],
    request: Union[ChatCompletionRequest, Mapping[str, Any], None],
    extra_body: Optional[Mapping[str, Any]],
) -> Dict[str, Any]:
    """The JSON body: ``request``'s fields, then the set ``args`` over them (``parse`` has fewer
    parameters than the request has fields: those it lacks are not looked up)."""
    body = _params.body(args, [name for name in _BODY_PARAMS if name in args], request)
    missing = [name for name in _REQUIRED if name not in body and name not in (extra_body or {})]
    if missing:
        raise TypeError(f"{function}() is missing the required parameter(s): {', '.join(missing)}")
    return body
