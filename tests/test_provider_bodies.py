"""Regression tests: what real providers send decodes, fast, and nothing of it is lost.

Each of these bodies once raised ``APIResponseValidationError`` and lost the whole answer, or took
a second and third parse: ``"reasoning_tokens": null`` and ``"cached_tokens": null`` in Responses
usage (a LiteLLM proxy), a float ``created`` (some vLLM and TGI builds), ``message.content`` as a
list of typed parts (Mistral's reasoning models), and the extensions of DeepSeek, OpenRouter, Groq,
vLLM, SGLang, llama.cpp, Ollama, Azure, Perplexity and LiteLLM (``_provider_bodies.py``).
"""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest
from _provider_bodies import (
    DEEPSEEK,
    LITELLM_RESPONSE,
    MISTRAL_REASONING,
    MISTRAL_THINKING_CHUNK,
    PROVIDER_BODIES,
    chunk,
    completion,
)
from _reachable import unreachable

from openai_compat import Client
from openai_compat._internals import decoders_for
from openai_compat.testing import MockTransport, json_response, request_json, sse_response
from openai_compat.types.chat import ChatCompletion, ChatCompletionContentPart, ChatCompletionMessage
from openai_compat.types.responses import Response


def client_answering(*responses: Any) -> tuple[Client, MockTransport]:
    transport = MockTransport(responses=responses)
    return Client(api_key="sk-test", max_retries=0, transport=transport), transport


@pytest.mark.parametrize(("name", "cast_to", "body"), PROVIDER_BODIES, ids=[row[0] for row in PROVIDER_BODIES])
def test_provider_bodies_decode_in_the_one_strict_pass_keeping_every_value(name: str, cast_to: Any,
                                                                           body: Dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    strict, full = decoders_for(cast_to)
    assert strict is not None
    decoded = strict(data)  # raises if the body needed the tolerant path
    assert type(decoded) is cast_to and decoded == full(data)
    assert unreachable(body, decoded.to_dict()) is None


def test_null_usage_counts_from_a_litellm_proxy_decode_as_none() -> None:
    client, _ = client_answering(json_response(LITELLM_RESPONSE))
    response = client.responses.create(model="claude", input="2+2?")
    assert type(response) is Response and response.output_text == "4"
    assert response.usage is not None and response.usage.input_tokens == 6
    assert response.usage.input_tokens_details is not None and response.usage.input_tokens_details.cached_tokens is None
    assert response.usage.output_tokens_details is not None
    assert response.usage.output_tokens_details.reasoning_tokens is None


def test_null_usage_counts_in_a_chat_completion_and_its_last_chunk() -> None:
    usage = {"prompt_tokens": 6, "completion_tokens": 2, "total_tokens": 8,
             "completion_tokens_details": {"reasoning_tokens": None}, "prompt_tokens_details": {"cached_tokens": None}}
    last = chunk({}, choice={"finish_reason": "stop"}, usage=usage)
    client, _ = client_answering(json_response(completion({"role": "assistant", "content": "Hi"}, usage=usage)),
                                 sse_response([chunk({"content": "Hi"}), last]))
    body = client.chat.completions.create(model="m", messages=[])
    assert body.usage is not None and body.usage.completion_tokens_details is not None
    assert body.usage.completion_tokens_details.reasoning_tokens is None
    streamed = client.chat.completions.create(model="m", messages=[], stream=True).get_final_completion()
    assert streamed.usage == body.usage and streamed.choices[0].message.content == "Hi"


def test_a_float_created_is_kept_as_sent() -> None:
    client, _ = client_answering(json_response(completion({"role": "assistant", "content": "Hi"}, created=17.5)),
                                 sse_response([chunk({"content": "Hi"}, created=18.25)]))
    assert client.chat.completions.create(model="m", messages=[]).created == 17.5
    stream = client.chat.completions.create(model="m", messages=[], stream=True)
    assert [c.created for c in stream] == [18.25]
    assert stream.get_final_completion().created == 18.25


def test_mistral_content_parts_are_typed_and_their_text_readable() -> None:
    client, _ = client_answering(json_response(MISTRAL_REASONING))
    message = client.chat.completions.create(model="magistral", messages=[]).choices[0].message
    assert isinstance(message.content, list) and type(message.content[0]) is ChatCompletionContentPart
    thinking = message.content[0].thinking
    assert message.content[0].type == "thinking" and thinking is not None
    assert thinking[0].text == "Two plus two is four."
    assert message.content_text == "4"
    assert message.to_dict()["content"] == MISTRAL_REASONING["choices"][0]["message"]["content"]


def test_mistral_streams_merge_thinking_parts_then_text() -> None:
    more_thinking = chunk({"content": [{"type": "thinking", "thinking": [{"type": "text", "text": " two"}]}]})
    client, _ = client_answering(sse_response([MISTRAL_THINKING_CHUNK, more_thinking, chunk({"content": "4"}),
                                               chunk({"content": "."}, choice={"finish_reason": "stop"})]))
    stream = client.chat.completions.create(model="magistral", messages=[], stream=True)
    assert list(stream.text_deltas()) == ["4", "."]
    message = stream.get_final_completion().choices[0].message
    assert message.to_dict()["content"] == [
        {"type": "thinking", "thinking": [{"type": "text", "text": "Two plus two"}]}, {"type": "text", "text": "4."}]
    assert message.content_text == "4."


def test_reasoning_content_goes_back_in_the_next_request() -> None:
    # DeepSeek's thinking mode rejects a next turn whose assistant message lacks reasoning_content.
    client, transport = client_answering(json_response(DEEPSEEK), json_response(DEEPSEEK))
    message = client.chat.completions.create(model="deepseek-reasoner", messages=[]).choices[0].message
    assert message.reasoning_text == "The user greets me; greet back."
    client.chat.completions.create(model="deepseek-reasoner", messages=[{"role": "user", "content": "Hi"}, message])
    assert request_json(transport.last_request)["messages"][1] == DEEPSEEK["choices"][0]["message"]


def test_a_field_no_type_declares_takes_the_tolerant_path_and_is_kept() -> None:
    body = completion({"role": "assistant", "content": "Hi", "x_trace": {"span": 1}}, x_vendor=[1, None])
    client, _ = client_answering(json_response(body))
    result = client.chat.completions.create(model="m", messages=[])
    assert type(result) is ChatCompletion and type(result.choices[0].message) is ChatCompletionMessage
    assert result.x_vendor == [1, None] and result.choices[0].message.x_trace == {"span": 1}  # type: ignore[attr-defined]
    assert unreachable(body, result.to_dict()) is None


@pytest.mark.parametrize("deviation", [
    {"usage": {"prompt_tokens": None, "completion_tokens": "9", "total_tokens": 15.0}},
    {"choices": [{"index": "0", "message": {"role": None, "content": 42}, "finish_reason": ["stop"]}]},
    {"choices": None, "model": None, "id": 7},
    {"object": None, "system_fingerprint": {"build": 3}},
], ids=["usage", "choice", "top-level", "scalars"])
def test_a_deviating_field_never_loses_the_rest_of_the_answer(deviation: Dict[str, Any]) -> None:
    body = {**completion({"role": "assistant", "content": "Hi"}), **deviation}
    client, _ = client_answering(json_response(body))
    result = client.chat.completions.create(model="m", messages=[])
    assert type(result) is ChatCompletion and unreachable(body, result.to_dict()) is None
