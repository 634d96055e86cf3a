"""Types of the legacy ``/completions`` endpoint (text in, text out).

``Completion`` follows ``CreateCompletionResponse``; a streamed answer is a sequence of
``Completion`` objects too (the spec says both share one shape, unlike chat chunks), each holding
the next piece of text per choice. ``CompletionRequest`` holds every ``CreateCompletionRequest``
parameter, for ``completions.create(request=...)`` and for Batch input files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Union

import msgspec
from msgspec import UNSET, UnsetType

from ._base import APIObject, RequestParams
from .chat import CompletionUsage

__all__ = [
    "Completion",
    "CompletionChoice",
    "CompletionFinishReason",
    "CompletionLogprobs",
    "CompletionRequest",
    "CompletionUsage",
]

if TYPE_CHECKING:  # what callers may pass; plain containers at run time so msgspec can decode it
    _Prompt = Union[str, Sequence[str], Sequence[int], Sequence[Sequence[int]]]
    _Stop = Union[str, Sequence[str]]
    _IntMap = Mapping[str, int]
    _JSONObject = Mapping[str, Any]
else:  # msgspec takes one list type in a union: a prompt list holds strings, ints or int lists
    _Prompt = Union[str, List[Union[str, int, List[int]]]]
    _Stop = Union[str, List[str]]
    _IntMap = Dict[str, int]
    _JSONObject = Dict[str, Any]


class CompletionFinishReason:
    """The ``finish_reason`` values the spec lists; servers may send others."""

    STOP = "stop"
    LENGTH = "length"
    CONTENT_FILTER = "content_filter"


class CompletionLogprobs(APIObject):
    """Per-token log probabilities of a choice (asked for with ``logprobs=N``)."""

    text_offset: Optional[List[int]] = None
    token_logprobs: Optional[List[Optional[float]]] = None
    tokens: Optional[List[str]] = None
    top_logprobs: Optional[List[Optional[Dict[str, float]]]] = None


class CompletionChoice(APIObject):
    """One generated text; in a stream, the next piece of it. vLLM adds ``stop_reason`` (the stop
    string or token id), ``prompt_logprobs`` and token ids."""

    _extension_fields = ("stop_reason", "prompt_logprobs", "prompt_token_ids", "token_ids")

    index: int = 0
    text: str = ""
    finish_reason: Optional[str] = None  # required by the spec, null in stream chunks but the last
    logprobs: Optional[CompletionLogprobs] = None
    stop_reason: Union[int, str, None] = None
    prompt_logprobs: Any = None
    prompt_token_ids: Optional[List[int]] = None
    token_ids: Optional[List[int]] = None


class Completion(APIObject):
    """A completion (``CreateCompletionResponse``), or one chunk of a streamed one (vLLM adds
    ``kv_transfer_params``, llama.cpp ``timings``; some servers send ``created`` as a float)."""

    _extension_fields = ("kv_transfer_params", "timings")

    id: str = ""
    object: str = "text_completion"
    created: Union[int, float] = 0
    model: str = ""
    choices: List[CompletionChoice] = msgspec.field(default_factory=list)
    system_fingerprint: Optional[str] = None
    usage: Optional[CompletionUsage] = None  # a stream sends it last, with stream_options.include_usage
    kv_transfer_params: Any = None
    timings: Any = None


class CompletionRequest(RequestParams):
    """Every parameter of ``CreateCompletionRequest``; only those set are sent.

    ``model`` and ``prompt`` are required by the API; here they may be left unset and given to
    ``completions.create`` instead. Reference: https://platform.openai.com/docs/api-reference/completions/create
    """

    model: Union[str, UnsetType] = UNSET
    prompt: Union[Optional[_Prompt], UnsetType] = UNSET
    best_of: Union[Optional[int], UnsetType] = UNSET
    echo: Union[Optional[bool], UnsetType] = UNSET
    frequency_penalty: Union[Optional[float], UnsetType] = UNSET
    logit_bias: Union[Optional[_IntMap], UnsetType] = UNSET
    logprobs: Union[Optional[int], UnsetType] = UNSET
    max_tokens: Union[Optional[int], UnsetType] = UNSET
    n: Union[Optional[int], UnsetType] = UNSET
    presence_penalty: Union[Optional[float], UnsetType] = UNSET
    seed: Union[Optional[int], UnsetType] = UNSET
    stop: Union[Optional[_Stop], UnsetType] = UNSET
    stream: Union[Optional[bool], UnsetType] = UNSET
    stream_options: Union[Optional[_JSONObject], UnsetType] = UNSET
    suffix: Union[Optional[str], UnsetType] = UNSET
    temperature: Union[Optional[float], UnsetType] = UNSET
    top_p: Union[Optional[float], UnsetType] = UNSET
    user: Union[str, UnsetType] = UNSET
