"""The fields compatible providers add to chat completions, declared so their bodies decode fast.

A field a type does not declare is kept anyway (``_tolerant``), but only after the one strict
msgspec pass has failed and the body has been decoded a second time. Declaring the extensions that
common providers send on every answer keeps their bodies and stream chunks on the fast path. They
are listed in ``_extension_fields``, so ``obj.extra`` still shows them as what they are: fields
beyond the OpenAI API. Complex shapes are ``Any`` (kept as the JSON the provider sent).

Sources: DeepSeek's and vLLM's reasoning-output docs (``reasoning_content``), OpenRouter's
responses (``reasoning``, ``reasoning_details``, ``provider``, ``native_finish_reason``, usage
``cost``), Groq (``x_groq``, ``usage_breakdown``, usage timings), vLLM's protocol (``stop_reason``,
``prompt_logprobs``, ``prompt_token_ids``, ``token_ids``, ``kv_transfer_params``), SGLang
(``matched_stop``), llama.cpp's server (``timings``), Azure OpenAI's content filtering
(``prompt_filter_results``, ``content_filter_results``, ``content_filter_offsets``), Perplexity
(``citations``, ``search_results``, usage search counts), LiteLLM's proxy
(``provider_specific_fields``, ``thinking_blocks``), DeepSeek's usage (cache hit and miss tokens).
"""

from __future__ import annotations

from typing import Any, List, Optional, Union

from ._base import APIObject

__all__ = ["BodyExtensions", "ChoiceExtensions", "MessageExtensions", "UsageExtensions"]


class BodyExtensions(APIObject):
    """Provider fields of a chat completion and of a chunk."""

    _extension_fields = ("provider", "x_groq", "usage_breakdown", "prompt_logprobs", "prompt_token_ids",
                         "kv_transfer_params", "timings", "prompt_filter_results", "citations", "search_results")

    provider: Optional[str] = None
    x_groq: Any = None
    usage_breakdown: Any = None
    prompt_logprobs: Any = None
    prompt_token_ids: Optional[List[int]] = None
    kv_transfer_params: Any = None
    timings: Any = None
    prompt_filter_results: Any = None
    citations: Any = None
    search_results: Any = None


class ChoiceExtensions(APIObject):
    """Provider fields of a choice, whole or streamed."""

    _extension_fields = ("native_finish_reason", "stop_reason", "matched_stop", "token_ids",
                         "content_filter_results", "content_filter_offsets", "provider_specific_fields")

    native_finish_reason: Optional[str] = None
    stop_reason: Union[int, str, None] = None  # vLLM: the stop string, or the token id that stopped
    matched_stop: Any = None
    token_ids: Optional[List[int]] = None
    content_filter_results: Any = None
    content_filter_offsets: Any = None
    provider_specific_fields: Any = None


class MessageExtensions(APIObject):
    """Provider fields of an assistant message and of a delta: where reasoning text goes."""

    _extension_fields = ("reasoning_content", "reasoning", "reasoning_details", "thinking_blocks",
                         "provider_specific_fields")

    reasoning_content: Optional[str] = None
    reasoning: Optional[str] = None
    reasoning_details: Any = None
    thinking_blocks: Any = None
    provider_specific_fields: Any = None


class UsageExtensions(APIObject):
    """Provider fields of token usage: cache hits, timings (seconds), cost, search counts."""

    _extension_fields = ("prompt_cache_hit_tokens", "prompt_cache_miss_tokens", "queue_time", "prompt_time",
                         "completion_time", "total_time", "cost", "cost_details", "is_byok", "citation_tokens",
                         "num_search_queries", "search_context_size", "reasoning_tokens")

    prompt_cache_hit_tokens: Optional[int] = None
    prompt_cache_miss_tokens: Optional[int] = None
    queue_time: Optional[float] = None
    prompt_time: Optional[float] = None
    completion_time: Optional[float] = None
    total_time: Optional[float] = None
    cost: Any = None  # a number at OpenRouter, an object at Perplexity
    cost_details: Any = None
    is_byok: Optional[bool] = None
    citation_tokens: Optional[int] = None
    num_search_queries: Optional[int] = None
    search_context_size: Optional[str] = None
    reasoning_tokens: Optional[int] = None  # Perplexity: here, not in completion_tokens_details
