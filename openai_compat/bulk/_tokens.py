"""How many tokens a request will count against a tokens-per-minute limit, estimated from its body.

The estimate is what the request sends plus what it may generate, the way rate limiters count:

- text: exact with tiktoken when it is installed and its encoding loads (it downloads the encoding
  once, so offline it may not); otherwise ``ceil(ASCII characters / 4)`` plus one token per other
  character. English averages about 4 characters a token, so this is close for English and
  code, and it over-counts most other scripts (CJK runs near one token a character, many Latin
  and Cyrillic words take fewer): an over-count only makes the job a little slower, never 429.
- embeddings and completions: ``input``/``prompt`` strings as above (exact with tiktoken), token
  arrays by their length;
- chat and responses: every string in the messages or input items, plus 3 tokens a message and 3
  for the reply (the chat format's own tokens), tool and response-format definitions by their JSON
  text, and an image part as 765 tokens (85 with ``"detail": "low"``; a 512 px tile at high detail);
- plus ``n`` times the output cap (``max_completion_tokens``, ``max_tokens``, ``max_output_tokens``;
  16 for legacy completions, their default), because limiters reserve it before the model runs.

Whatever the estimate misses, the job corrects from the server's ``x-ratelimit-remaining-tokens``.
"""

from __future__ import annotations

import importlib
import threading
import warnings
from typing import Any, Callable, Dict, Mapping, Optional

__all__ = ["approximate_tokens", "estimate_tokens", "text_tokens"]

_PER_MESSAGE = 3
_REPLY = 3
_IMAGE = 765
_IMAGE_LOW = 85
_COMPLETIONS_DEFAULT_MAX_TOKENS = 16
_IMAGE_TYPES = ("image_url", "input_image", "image")

_encoders: Dict[str, Optional[Callable[[str], int]]] = {}
_lock = threading.Lock()
_tiktoken_failed = False


def approximate_tokens(text: str) -> int:
    """``ceil(ASCII characters / 4)`` plus one token for every other character."""
    if text.isascii():
        return (len(text) + 3) // 4
    other = len(text) - len(text.encode("ascii", "ignore"))
    return (len(text) - other + 3) // 4 + other


def _load_encoder(model: str) -> Optional[Callable[[str], int]]:
    global _tiktoken_failed  # noqa: PLW0603 - one warning per process, not per request
    if _tiktoken_failed:
        return None
    try:
        tiktoken = importlib.import_module("tiktoken")  # optional: not a dependency
    except ImportError:
        return None
    try:
        try:
            encoding = tiktoken.encoding_for_model(model)
        except KeyError:  # a model tiktoken does not know (a compatible server's): the newer encoding
            encoding = tiktoken.get_encoding("o200k_base" if not model.startswith("text-embedding") else "cl100k_base")
    except Exception as exc:  # its encodings download on first use: offline they cannot
        _tiktoken_failed = True
        warnings.warn(f"tiktoken is installed but its encoding for {model!r} did not load ({exc}); token "
                      "estimates fall back to characters / 4", RuntimeWarning, stacklevel=4)
        return None
    encode = encoding.encode_ordinary
    return lambda text: len(encode(text))


def _encoder_for(model: str) -> Optional[Callable[[str], int]]:
    try:
        return _encoders[model]
    except KeyError:
        pass
    with _lock:  # loaded once per model, even when several partitions of a Dask worker start together
        if model not in _encoders:
            _encoders[model] = _load_encoder(model)
        return _encoders[model]


def text_tokens(text: str, model: str) -> int:
    """Tokens in ``text`` for ``model``: exact with tiktoken, else ``approximate_tokens``."""
    encoder = _encoder_for(model)
    return approximate_tokens(text) if encoder is None else encoder(text)


def _json_text(value: Any) -> str:
    import msgspec

    try:
        return msgspec.json.encode(value).decode("utf-8")
    except (TypeError, msgspec.EncodeError):
        return str(value)


def _content_tokens(value: Any, model: str) -> int:
    """Every string in a message, item or content part (keys and ``type`` tags are not counted)."""
    if isinstance(value, str):
        return text_tokens(value, model)
    if isinstance(value, Mapping):
        if value.get("type") in _IMAGE_TYPES or ("image_url" in value and value.get("type") is None):
            detail = value.get("detail")
            if detail is None and isinstance(value.get("image_url"), Mapping):
                detail = value["image_url"].get("detail")
            return _IMAGE_LOW if detail == "low" else _IMAGE
        return sum(_content_tokens(item, model) for key, item in value.items() if key != "type")
    if isinstance(value, (list, tuple)):
        return sum(_content_tokens(item, model) for item in value)
    return 0


def _inputs_tokens(value: Any, model: str) -> int:
    """An embeddings ``input`` or a completions ``prompt``: strings, token arrays, or lists of either."""
    if isinstance(value, str):
        return text_tokens(value, model)
    if isinstance(value, (list, tuple)):
        if all(isinstance(item, int) for item in value):
            return len(value)
        return sum(_inputs_tokens(item, model) for item in value)
    return _content_tokens(value, model)


def _output_cap(body: Mapping[str, Any], default: int = 0) -> int:
    for name in ("max_completion_tokens", "max_tokens", "max_output_tokens"):
        cap = body.get(name)
        if isinstance(cap, int) and not isinstance(cap, bool) and cap > 0:
            return cap
    return default


def _choices(body: Mapping[str, Any]) -> int:
    n = body.get("n")
    return n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else 1


def _definitions(body: Mapping[str, Any], model: str) -> int:
    total = 0
    for name in ("tools", "functions", "response_format", "text"):
        if body.get(name) is not None:
            total += text_tokens(_json_text(body[name]), model)
    return total


def estimate_tokens(url: str, body: Mapping[str, Any]) -> int:
    """The tokens a request to ``url`` with ``body`` counts against a TPM limit (see the module doc)."""
    model = body.get("model")
    model = model if isinstance(model, str) else ""
    if url.endswith("/embeddings"):
        return max(1, _inputs_tokens(body.get("input"), model))
    if url.endswith("/moderations"):
        return max(1, _inputs_tokens(body.get("input"), model))
    if url.endswith("/completions") and not url.endswith("/chat/completions"):
        prompt = _inputs_tokens(body.get("prompt"), model)
        return max(1, prompt + _choices(body) * _output_cap(body, _COMPLETIONS_DEFAULT_MAX_TOKENS))
    if url.endswith("/chat/completions"):
        messages = body.get("messages")
        listed = messages if isinstance(messages, (list, tuple)) else []
        prompt = sum(_PER_MESSAGE + _content_tokens(message, model) for message in listed) + _REPLY
        return prompt + _definitions(body, model) + _choices(body) * _output_cap(body)
    # /v1/responses: instructions and input (a string or a list of items)
    items = body.get("input")
    prompt = _content_tokens(body.get("instructions"), model)
    if isinstance(items, (list, tuple)):
        prompt += sum(_PER_MESSAGE + _content_tokens(item, model) for item in items) + _REPLY
    else:
        prompt += _content_tokens(items, model) + _PER_MESSAGE + _REPLY
    return prompt + _definitions(body, model) + _output_cap(body)
