"""Token estimates of bulk requests: the documented approximation, and exact counts through tiktoken
when it is installed (a stand-in module here: tiktoken downloads its encodings, and tests stay offline)."""

from __future__ import annotations

import sys
import types
from typing import Any, Iterator, List

import pytest

from openai_compat._internals import bulk_approximate_tokens as approximate_tokens
from openai_compat.bulk import _tokens, estimate_tokens


@pytest.fixture(autouse=True)
def _fresh_encoders() -> Iterator[None]:
    _tokens._encoders.clear()
    _tokens._tiktoken_failed = False
    yield
    _tokens._encoders.clear()
    _tokens._tiktoken_failed = False


@pytest.fixture
def no_tiktoken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tiktoken", None)


def test_the_approximation_counts_ascii_by_four_and_other_characters_one_each(no_tiktoken: None) -> None:
    assert approximate_tokens("") == 0
    assert approximate_tokens("abcd") == 1
    assert approximate_tokens("abcde") == 2
    assert approximate_tokens("日本語のテキスト") == 8  # CJK: about a token a character
    assert approximate_tokens("naïve café") == 2 + 2  # 8 ASCII characters, 2 others


def test_chat_counts_messages_their_overhead_and_the_output_cap(no_tiktoken: None) -> None:
    body = {"model": "gpt-4o-mini", "max_tokens": 50, "n": 2,
            "messages": [{"role": "system", "content": "Be brief."},
                         {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                                      {"type": "image_url", "image_url": {"url": "https://x/y.png",
                                                                                          "detail": "low"}}]}]}
    # system: 3 + "system" 2 + "Be brief." 3; user: 3 + "user" 1 + 4 + image 85; reply 3; 2 x 50 output
    assert estimate_tokens("/v1/chat/completions", body) == (3 + 2 + 3) + (3 + 1 + 4 + 85) + 3 + 100


def test_other_endpoints(no_tiktoken: None) -> None:
    assert estimate_tokens("/v1/embeddings", {"model": "e", "input": ["abcd", "abcdefgh"]}) == 3
    assert estimate_tokens("/v1/embeddings", {"model": "e", "input": [[1, 2, 3], [4, 5]]}) == 5
    assert estimate_tokens("/v1/completions", {"model": "m", "prompt": "abcd"}) == 1 + 16  # the default max_tokens
    assert estimate_tokens("/v1/moderations", {"input": "abcdabcd"}) == 2
    body = {"model": "m", "instructions": "abcd", "input": "abcdabcd", "max_output_tokens": 10}
    assert estimate_tokens("/v1/responses", body) == 1 + 2 + 3 + 3 + 10
    tools = [{"type": "function", "function": {"name": "f", "parameters": {}}}]
    assert estimate_tokens("/v1/chat/completions", {"model": "m", "messages": [], "tools": tools}) > 3


class _Encoding:
    def __init__(self, name: str) -> None:
        self.name = name

    def encode_ordinary(self, text: str) -> List[int]:
        return [ord(character) for character in text]  # one token a character: unlike the approximation


def _fake_tiktoken(known: List[str]) -> Any:
    module = types.ModuleType("tiktoken")

    def encoding_for_model(model: str) -> _Encoding:
        if model not in known:
            raise KeyError(model)
        return _Encoding("cl100k_base")

    module.encoding_for_model = encoding_for_model  # type: ignore[attr-defined]
    module.get_encoding = _Encoding  # type: ignore[attr-defined]
    return module


def test_embeddings_inputs_are_exact_with_tiktoken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tiktoken", _fake_tiktoken(["text-embedding-3-small"]))
    body = {"model": "text-embedding-3-small", "input": ["hello", "worlds!"]}
    assert estimate_tokens("/v1/embeddings", body) == 5 + 7
    assert estimate_tokens("/v1/embeddings", {"model": "my-local-embedder", "input": "abc"}) == 3  # a fallback encoding


def test_a_tiktoken_that_cannot_load_its_encoding_falls_back_with_one_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("tiktoken")

    def offline(model: str) -> None:
        raise OSError("could not download cl100k_base")

    module.encoding_for_model = offline  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tiktoken", module)
    with pytest.warns(RuntimeWarning, match="fall back to characters / 4"):
        assert estimate_tokens("/v1/embeddings", {"model": "text-embedding-3-small", "input": "abcdefgh"}) == 2
    # no second warning (pytest turns warnings into errors here)
    assert estimate_tokens("/v1/embeddings", {"model": "text-embedding-3-large", "input": "abcd"}) == 1
