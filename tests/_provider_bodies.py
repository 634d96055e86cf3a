"""Bodies and chunks in the shapes compatible providers send, for the decoding tests.

Written from the providers' documented and captured shapes (field names and kinds of values; the
values here are made up): DeepSeek's reasoner, OpenRouter, Groq, vLLM, SGLang, llama.cpp's server,
Ollama, Azure OpenAI, Perplexity, Mistral's reasoning models, LiteLLM's proxy. Each entry is
``(name, type, body)``; ``test_provider_bodies.py`` checks that each decodes in the one strict
msgspec pass, and ``test_decode_property.py`` mutates them.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from openai_compat.types.chat import ChatCompletion, ChatCompletionChunk
from openai_compat.types.completions import Completion
from openai_compat.types.embeddings import CreateEmbeddingResponse
from openai_compat.types.responses import Response

Body = Dict[str, Any]

SAFE = {"filtered": False, "severity": "safe"}


def completion(message: Body, *, choice: Any = None, **fields: Any) -> Body:
    body: Body = {"id": "chatcmpl-7", "object": "chat.completion", "created": 1739092483, "model": "m",
                  "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": "stop",
                               **(choice or {})}],
                  "usage": {"prompt_tokens": 6, "completion_tokens": 9, "total_tokens": 15}}
    return {**body, **fields}


def chunk(delta: Body, *, choice: Any = None, **fields: Any) -> Body:
    body: Body = {"id": "chatcmpl-7", "object": "chat.completion.chunk", "created": 1739097227, "model": "m",
                  "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": None, **(choice or {})}]}
    return {**body, **fields}


DEEPSEEK = completion(
    {"role": "assistant", "content": "Hello!", "reasoning_content": "The user greets me; greet back."},
    usage={"prompt_tokens": 6, "completion_tokens": 92, "total_tokens": 98,
           "prompt_tokens_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 81},
           "prompt_cache_hit_tokens": 0, "prompt_cache_miss_tokens": 6},
    system_fingerprint="fp_7e73fd9a08",
)
DEEPSEEK_CHUNK = chunk({"role": "assistant", "content": None, "reasoning_content": "Okay"},
                       system_fingerprint="fp_7e73fd9a08")
OPENROUTER_CHUNK = chunk(
    {"role": "assistant", "content": "", "reasoning": "**Planning",
     "reasoning_details": [{"type": "reasoning.summary", "summary": "**Planning", "format": "openai-responses-v1",
                            "index": 0}]},
    choice={"native_finish_reason": None}, id="gen-1761054747-aRXh", provider="OpenAI",
)
OPENROUTER = completion(
    {"role": "assistant", "content": "4", "refusal": None, "reasoning": "2 + 2 = 4",
     "reasoning_details": [{"type": "reasoning.text", "text": "2 + 2 = 4", "format": "unknown", "index": 0}]},
    choice={"native_finish_reason": "STOP"}, id="gen-1761054748-bXjq", provider="Google",
    usage={"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30, "cost": 0.00021, "is_byok": False,
           "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
           "cost_details": {"upstream_inference_cost": None, "upstream_inference_prompt_cost": 0.00001},
           "completion_tokens_details": {"reasoning_tokens": 12, "image_tokens": 0}},
)
GROQ = completion(
    {"role": "assistant", "content": "Hi"},
    usage={"queue_time": 0.0215, "prompt_tokens": 41, "prompt_time": 0.0031, "completion_tokens": 8,
           "completion_time": 0.0066, "total_tokens": 49, "total_time": 0.0097},
    usage_breakdown=None, system_fingerprint="fp_3f39", x_groq={"id": "req_01jv"},
)
GROQ_LAST_CHUNK = chunk({}, choice={"finish_reason": "stop"}, x_groq={
    "id": "req_01jv", "usage": {"queue_time": 0.02, "prompt_tokens": 41, "prompt_time": 0.003, "completion_tokens": 8,
                                "completion_time": 0.006, "total_tokens": 49, "total_time": 0.009}})
VLLM = completion(
    {"role": "assistant", "content": "Paris.", "refusal": None, "annotations": None, "audio": None,
     "function_call": None, "tool_calls": [], "reasoning_content": None, "reasoning": "A capital question."},
    choice={"stop_reason": None, "token_ids": None}, service_tier=None, system_fingerprint=None,
    usage={"prompt_tokens": 12, "total_tokens": 20, "completion_tokens": 8, "prompt_tokens_details": None},
    prompt_logprobs=None, prompt_token_ids=None, kv_transfer_params=None,
)
VLLM_CHUNK = chunk({"reasoning_content": " Paris"}, choice={"stop_reason": None, "token_ids": None})
VLLM_STOP_CHUNK = chunk({"content": ""}, choice={"finish_reason": "stop", "stop_reason": 128009})
SGLANG_CHUNK = chunk({"content": None}, choice={"finish_reason": "stop", "matched_stop": 151645})
LLAMA_CPP = completion(
    {"role": "assistant", "content": "Hello", "reasoning_content": "greeting"},
    system_fingerprint="b5890-b6e6", timings={
        "prompt_n": 12, "prompt_ms": 31.2, "prompt_per_token_ms": 2.6, "prompt_per_second": 384.6,
        "predicted_n": 5, "predicted_ms": 80.1, "predicted_per_token_ms": 16.0, "predicted_per_second": 62.4},
)
OLLAMA = completion({"role": "assistant", "content": "Hi there", "reasoning": "Say hi."},
                    system_fingerprint="fp_ollama", model="qwen3:8b")
AZURE = completion(
    {"role": "assistant", "content": "Hi", "refusal": None, "annotations": []},
    choice={"content_filter_results": {"hate": SAFE, "self_harm": SAFE, "sexual": SAFE, "violence": SAFE,
                                       "protected_material_text": {"filtered": False, "detected": False}}},
    prompt_filter_results=[{"prompt_index": 0, "content_filter_results": {
        "hate": SAFE, "jailbreak": {"filtered": False, "detected": False}, "self_harm": SAFE}}],
)
AZURE_FIRST_CHUNK = {"choices": [], "created": 0, "id": "", "model": "", "object": "",
                     "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {"hate": SAFE}}]}
PERPLEXITY = completion(
    {"role": "assistant", "content": "About 100 billion stars [1]."},
    citations=["https://example.com/milky-way"],
    search_results=[{"title": "The Milky Way", "url": "https://example.com/milky-way", "date": "2024-05-01"}],
    usage={"prompt_tokens": 9, "completion_tokens": 20, "total_tokens": 29, "search_context_size": "low",
           "citation_tokens": 410, "num_search_queries": 1, "reasoning_tokens": 0,
           "cost": {"input_tokens_cost": 0.0, "output_tokens_cost": 0.0, "request_cost": 0.005, "total_cost": 0.005}},
)
MISTRAL_REASONING = completion({"role": "assistant", "tool_calls": None, "content": [
    {"type": "thinking", "thinking": [{"type": "text", "text": "Two plus two is four."}]},
    {"type": "text", "text": "4"},
]})
MISTRAL_THINKING_CHUNK = chunk({"role": "assistant", "content": [
    {"type": "thinking", "thinking": [{"type": "text", "text": "Two plus"}]}]})
LITELLM = completion(
    {"role": "assistant", "content": "4", "tool_calls": None, "function_call": None, "reasoning_content": "Add.",
     "thinking_blocks": [{"type": "thinking", "thinking": "Add.", "signature": "EqQB"}],
     "provider_specific_fields": {"citations": None}},
    choice={"provider_specific_fields": {}},
    usage={"completion_tokens": 9, "prompt_tokens": 6, "total_tokens": 15,
           "completion_tokens_details": {"accepted_prediction_tokens": None, "audio_tokens": None,
                                         "reasoning_tokens": None, "rejected_prediction_tokens": None},
           "prompt_tokens_details": {"audio_tokens": None, "cached_tokens": None}},
)
LITELLM_RESPONSE = {
    "id": "resp_1", "object": "response", "created_at": 1741476542, "status": "completed", "model": "claude",
    "output": [{"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                "content": [{"type": "output_text", "text": "4", "annotations": []}]}],
    "parallel_tool_calls": True, "tool_choice": "auto", "tools": [],
    "usage": {"input_tokens": 6, "input_tokens_details": {"cached_tokens": None}, "output_tokens": 9,
              "output_tokens_details": {"reasoning_tokens": None}, "total_tokens": 15},
}
FLOAT_CREATED = completion({"role": "assistant", "content": "Hi"}, created=1739092483.512)
FLOAT_CREATED_CHUNK = chunk({"content": "Hi"}, created=1739097227.25)
VLLM_COMPLETION = {
    "id": "cmpl-1", "object": "text_completion", "created": 1739092483, "model": "m", "kv_transfer_params": None,
    "choices": [{"index": 0, "text": " world", "logprobs": None, "finish_reason": "length", "stop_reason": None,
                 "prompt_logprobs": None, "token_ids": None}],
    "usage": {"prompt_tokens": 2, "total_tokens": 4, "completion_tokens": 2, "prompt_tokens_details": None},
}
VLLM_EMBEDDINGS = {
    "id": "embd-1", "object": "list", "created": 1739092483, "model": "e5",
    "data": [{"index": 0, "object": "embedding", "embedding": [0.25, -0.5]}],
    "usage": {"prompt_tokens": 3, "total_tokens": 3, "completion_tokens": 0, "prompt_tokens_details": None},
}

PROVIDER_BODIES: List[Tuple[str, Any, Body]] = [
    ("deepseek", ChatCompletion, DEEPSEEK),
    ("deepseek-chunk", ChatCompletionChunk, DEEPSEEK_CHUNK),
    ("openrouter", ChatCompletion, OPENROUTER),
    ("openrouter-chunk", ChatCompletionChunk, OPENROUTER_CHUNK),
    ("groq", ChatCompletion, GROQ),
    ("groq-last-chunk", ChatCompletionChunk, GROQ_LAST_CHUNK),
    ("vllm", ChatCompletion, VLLM),
    ("vllm-chunk", ChatCompletionChunk, VLLM_CHUNK),
    ("vllm-stop-chunk", ChatCompletionChunk, VLLM_STOP_CHUNK),
    ("sglang-chunk", ChatCompletionChunk, SGLANG_CHUNK),
    ("llama.cpp", ChatCompletion, LLAMA_CPP),
    ("ollama", ChatCompletion, OLLAMA),
    ("azure", ChatCompletion, AZURE),
    ("azure-first-chunk", ChatCompletionChunk, AZURE_FIRST_CHUNK),
    ("perplexity", ChatCompletion, PERPLEXITY),
    ("mistral-reasoning", ChatCompletion, MISTRAL_REASONING),
    ("mistral-thinking-chunk", ChatCompletionChunk, MISTRAL_THINKING_CHUNK),
    ("litellm", ChatCompletion, LITELLM),
    ("litellm-responses", Response, LITELLM_RESPONSE),
    ("float-created", ChatCompletion, FLOAT_CREATED),
    ("float-created-chunk", ChatCompletionChunk, FLOAT_CREATED_CHUNK),
    ("vllm-completion", Completion, VLLM_COMPLETION),
    ("vllm-embeddings", CreateEmbeddingResponse, VLLM_EMBEDDINGS),
]
