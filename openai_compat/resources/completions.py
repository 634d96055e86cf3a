"""``/completions``: the legacy text-completion endpoint (a prompt in, text out), whole or streamed.

API reference: https://platform.openai.com/docs/api-reference/completions. Still served by
``gpt-3.5-turbo-instruct``, ``davinci-002``, ``babbage-002`` and by many OpenAI-compatible servers
(vLLM, llama.cpp) for base models. Parameters default to ``UNSET`` and are then not sent; an
explicit ``None`` is sent as ``null``. With ``stream=True`` the answer is a ``Stream`` of
``Completion`` objects, each holding the next piece of text of each choice.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Literal, Mapping, Optional, Sequence, Union, overload

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._streaming.stream import Stream
from ..types.completions import Completion, CompletionRequest
from . import _params
from ._params import SessionLike

__all__ = ["create"]

# A string, a list of strings, a list of token ids, or a list of token-id lists.
PromptParam = Union[str, Sequence[str], Sequence[int], Sequence[Sequence[int]], Iterable[Any]]
# The body parameters of ``create``: exactly the fields of the request Struct.
_BODY_PARAMS = CompletionRequest.__struct_fields__
_REQUIRED = ("model", "prompt")


# Without ``request=``, ``model`` and ``prompt`` are required, as in openai-python.
@overload
def create(
    session: SessionLike,
    /,
    *,
    model: str,
    prompt: Optional[PromptParam],
    best_of: Union[Optional[int], UnsetType] = UNSET,
    echo: Union[Optional[bool], UnsetType] = UNSET,
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET,
    logit_bias: Union[Optional[Mapping[str, int]], UnsetType] = UNSET,
    logprobs: Union[Optional[int], UnsetType] = UNSET,
    max_tokens: Union[Optional[int], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    presence_penalty: Union[Optional[float], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    stream: Union[Literal[False], UnsetType, None] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    suffix: Union[Optional[str], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    request: None = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Completion: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    model: str,
    prompt: Optional[PromptParam],
    best_of: Union[Optional[int], UnsetType] = UNSET,
    echo: Union[Optional[bool], UnsetType] = UNSET,
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET,
    logit_bias: Union[Optional[Mapping[str, int]], UnsetType] = UNSET,
    logprobs: Union[Optional[int], UnsetType] = UNSET,
    max_tokens: Union[Optional[int], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    presence_penalty: Union[Optional[float], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    stream: Literal[True],
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    suffix: Union[Optional[str], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    request: None = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Stream[Completion]: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    model: str,
    prompt: Optional[PromptParam],
    best_of: Union[Optional[int], UnsetType] = UNSET,
    echo: Union[Optional[bool], UnsetType] = UNSET,
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET,
    logit_bias: Union[Optional[Mapping[str, int]], UnsetType] = UNSET,
    logprobs: Union[Optional[int], UnsetType] = UNSET,
    max_tokens: Union[Optional[int], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    presence_penalty: Union[Optional[float], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    stream: bool,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    suffix: Union[Optional[str], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    request: None = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[Completion, Stream[Completion]]: ...


# With ``request=`` (a prebuilt request supplies them) every parameter is optional.
@overload
def create(
    session: SessionLike,
    /,
    *,
    model: Union[str, UnsetType] = UNSET,
    prompt: Union[Optional[PromptParam], UnsetType] = UNSET,
    best_of: Union[Optional[int], UnsetType] = UNSET,
    echo: Union[Optional[bool], UnsetType] = UNSET,
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET,
    logit_bias: Union[Optional[Mapping[str, int]], UnsetType] = UNSET,
    logprobs: Union[Optional[int], UnsetType] = UNSET,
    max_tokens: Union[Optional[int], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    presence_penalty: Union[Optional[float], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    stream: Literal[True],
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    suffix: Union[Optional[str], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    request: Union[CompletionRequest, Mapping[str, Any]],
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Stream[Completion]: ...


@overload
def create(
    session: SessionLike,
    /,
    *,
    model: Union[str, UnsetType] = UNSET,
    prompt: Union[Optional[PromptParam], UnsetType] = UNSET,
    best_of: Union[Optional[int], UnsetType] = UNSET,
    echo: Union[Optional[bool], UnsetType] = UNSET,
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET,
    logit_bias: Union[Optional[Mapping[str, int]], UnsetType] = UNSET,
    logprobs: Union[Optional[int], UnsetType] = UNSET,
    max_tokens: Union[Optional[int], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    presence_penalty: Union[Optional[float], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    suffix: Union[Optional[str], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    request: Union[CompletionRequest, Mapping[str, Any]],
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[Completion, Stream[Completion]]: ...


def create(
    session: SessionLike,
    /,
    *,
    model: Union[str, UnsetType] = UNSET,
    prompt: Union[Optional[PromptParam], UnsetType] = UNSET,
    best_of: Union[Optional[int], UnsetType] = UNSET,
    echo: Union[Optional[bool], UnsetType] = UNSET,
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET,
    logit_bias: Union[Optional[Mapping[str, int]], UnsetType] = UNSET,
    logprobs: Union[Optional[int], UnsetType] = UNSET,
    max_tokens: Union[Optional[int], UnsetType] = UNSET,
    n: Union[Optional[int], UnsetType] = UNSET,
    presence_penalty: Union[Optional[float], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    stop: Union[Optional[Union[str, Sequence[str]]], UnsetType] = UNSET,
    stream: Union[bool, UnsetType, None] = UNSET,
    stream_options: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    suffix: Union[Optional[str], UnsetType] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    user: Union[str, UnsetType] = UNSET,
    request: Union[CompletionRequest, Mapping[str, Any], None] = None,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> Union[Completion, Stream[Completion]]:
    """Create a completion (https://platform.openai.com/docs/api-reference/completions/create).

    With ``stream=True`` the answer is a ``Stream[Completion]``; ``stream_options={"include_usage":
    True}`` adds a last chunk with ``usage`` and no choices. ``request`` (a ``CompletionRequest`` or a
    dict) supplies parameters too; keyword arguments that are set win over it, ``extra_body`` over both.
    """
    args = locals()  # first statement: holds exactly the parameters
    body = _build_body(args, request, extra_body)
    if {**body, **(extra_body or {})}.get("stream") is True:
        return session._session.stream(
            "POST", "completions", cast_to=Completion, body=body,
            extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )
    return session._session.request(
        "POST", "completions", cast_to=Completion, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def _build_body(
    args: Mapping[str, Any],
    request: Union[CompletionRequest, Mapping[str, Any], None],
    extra_body: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """The JSON body: ``request``'s fields, then the set ``args`` over them."""
    body = _params.body(args, _BODY_PARAMS, request)
    missing = [name for name in _REQUIRED if name not in body and name not in (extra_body or {})]
    if missing:
        raise TypeError(f"create() is missing the required parameter(s): {', '.join(missing)}")
    return body
