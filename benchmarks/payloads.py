"""Response bodies shaped like the OpenAI API's, built once with realistic values.

Shapes follow the OpenAPI spec (CreateChatCompletionResponse, CreateChatCompletionStreamResponse,
CreateEmbeddingResponse): ids, timestamps, fingerprints, usage details, ``obfuscation`` on chunks,
``usage: null`` on every chunk but the last when ``include_usage`` is asked for. Values are
deterministic (a seeded ``random.Random``) so every run serves the same bytes.
"""

from __future__ import annotations

import array
import base64
import json
import random
import string
from typing import Any, Dict, List, Tuple

MODEL = "gpt-4o-mini-2024-07-18"
EMBEDDING_MODEL = "text-embedding-3-small"
CREATED = 1732040400
FINGERPRINT = "fp_0ba0d124f1"
EMBEDDING_DIMS = 1536

_WORDS = (
    "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "with", "was", "on", "be", "by", "this",
    "are", "from", "at", "or", "an", "have", "not", "which", "but", "model", "token", "stream", "response",
    "request", "server", "client", "latency", "throughput", "vector", "python", "answer", "question",
    "simple", "example", "small", "fast", "reliable", "connection", "network", "buffer", "decode", "encode",
    "value", "result", "system", "message", "assistant", "user", "function", "tool", "call", "content",
    "choice", "usage", "benchmark",
)
_ALNUM = string.ascii_letters + string.digits


def _dump(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _ident(rng: random.Random, prefix: str, size: int = 29) -> str:
    return prefix + "".join(rng.choice(_ALNUM) for _ in range(size))


def _usage(prompt: int, completion: int) -> Dict[str, Any]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _completion(rng: random.Random, content: str, completion_tokens: int, logprobs: Any = None) -> Dict[str, Any]:
    return {
        "id": _ident(rng, "chatcmpl-"),
        "object": "chat.completion",
        "created": CREATED,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None, "annotations": []},
                "logprobs": logprobs,
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(19, completion_tokens),
        "service_tier": "default",
        "system_fingerprint": FINGERPRINT,
    }


SMALL_ANSWER = "Hello! How can I assist you today?"


def chat_completion() -> bytes:
    """A small chat completion, like the answer to a one-line prompt."""
    return _dump(_completion(random.Random(1), SMALL_ANSWER, 10))


def _tokens(rng: random.Random, count: int) -> List[str]:
    return [(" " if i else "") + rng.choice(_WORDS) for i in range(count)]


def _logprob(rng: random.Random) -> float:
    return -abs(rng.gauss(0, 1.5)) * rng.random()


def logprobs_completion(count: int, top: int = 5) -> bytes:
    """A chat completion of ``count`` tokens with ``logprobs`` and ``top`` alternatives per token."""
    rng = random.Random(3)
    tokens = _tokens(rng, count)
    content = []
    for token in tokens:
        # The sampled token is the likeliest, then the alternatives in falling order.
        alternatives = [token, *(" " + rng.choice(_WORDS) for _ in range(top - 1))]
        values = sorted((_logprob(rng) for _ in alternatives), reverse=True)
        top_logprobs = [
            {"token": alt, "logprob": value, "bytes": list(alt.encode("utf-8"))}
            for alt, value in zip(alternatives, values)
        ]
        content.append(
            {"token": token, "logprob": values[0], "bytes": list(token.encode("utf-8")), "top_logprobs": top_logprobs}
        )
    body = _completion(rng, "".join(tokens), count, logprobs={"content": content, "refusal": None})
    return _dump(body)


def _chunk(ident: str, choices: List[Dict[str, Any]], obfuscation: str, usage: Any = None) -> Dict[str, Any]:
    return {
        "id": ident,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": MODEL,
        "service_tier": "default",
        "system_fingerprint": FINGERPRINT,
        "choices": choices,
        "usage": usage,
        "obfuscation": obfuscation,
    }


def stream_events(count: int, *, reasoning: bool = False) -> Tuple[List[bytes], str]:
    """``count`` SSE events of chat chunks (role, content pieces, finish, usage), then ``[DONE]``.

    With ``reasoning`` each content delta also carries a piece of ``reasoning_content``, as DeepSeek,
    vLLM and Ollama reasoning models send: the same stream, plus that field. Returns the events (each
    ``data: ...\\n\\n``, ``[DONE]`` last) and the full text they spell.
    """
    if count < 4:
        raise ValueError("a stream needs at least 4 chunks: role, content, finish, usage")
    rng = random.Random(2)
    thoughts = random.Random(3)  # its own generator: the content pieces stay those of the plain stream
    ident = _ident(rng, "chatcmpl-")
    pieces = _tokens(rng, count - 3)
    chunks = [
        _chunk(ident, [{"index": 0, "delta": {"role": "assistant", "content": "", "refusal": None},
                        "logprobs": None, "finish_reason": None}], "".join(rng.choices(_ALNUM, k=6)))
    ]
    for piece in pieces:
        fields: Dict[str, Any] = {"content": piece}
        if reasoning:
            fields["reasoning_content"] = " " + thoughts.choice(_WORDS)
        delta = {"index": 0, "delta": fields, "logprobs": None, "finish_reason": None}
        chunks.append(_chunk(ident, [delta], "".join(rng.choices(_ALNUM, k=rng.randint(2, 10)))))
    chunks.append(_chunk(ident, [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}], "x"))
    chunks.append(_chunk(ident, [], "", usage=_usage(19, len(pieces))))
    events = [b"data: " + _dump(chunk) + b"\n\n" for chunk in chunks]
    events.append(b"data: [DONE]\n\n")
    return events, "".join(pieces)


def embeddings(count: int, dims: int = EMBEDDING_DIMS) -> Tuple[bytes, bytes]:
    """``count`` vectors of ``dims`` float32 values: the float JSON body and the base64 one.

    The floats are written as the API writes them: float32 values printed as Python floats
    (``-0.006929283495992422``), so both bodies decode to the same numbers.
    """
    rng = random.Random(4)
    float_items: List[bytes] = []
    b64_items: List[bytes] = []
    for index in range(count):
        values = array.array("f", [rng.gauss(0.0, 0.025) for _ in range(dims)])
        numbers = ",".join(map(repr, values.tolist()))
        head = b'{"object":"embedding","index":%d,"embedding":' % index
        float_items.append(head + b"[" + numbers.encode("ascii") + b"]}")
        b64_items.append(head + b'"' + base64.b64encode(values.tobytes()) + b'"}')
    tail = b'],"model":"%s","usage":{"prompt_tokens":%d,"total_tokens":%d}}' % (
        EMBEDDING_MODEL.encode(), count * 8, count * 8
    )
    head = b'{"object":"list","data":['
    return head + b",".join(float_items) + tail, head + b",".join(b64_items) + tail


def file_object(size: int) -> bytes:
    """The file object ``POST /files`` answers (OpenAPI ``OpenAIFile``) for an upload of ``size`` bytes."""
    return _dump({
        "id": "file-bench0000000000000000", "object": "file", "bytes": size, "created_at": 1732040400,
        "expires_at": None, "filename": "bench.jsonl", "purpose": "batch", "status": "processed",
    })
