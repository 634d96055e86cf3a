"""Azure's content-filter shapes decode and stay reachable: the empty-``choices``
first chunk with ``prompt_filter_results``, filter-annotation choices without ``delta``, and
``content_filter_results`` on choices, in streams and whole bodies, through the client's extras."""

from __future__ import annotations

import pickle
from typing import Any, Dict, List

import msgspec
import pytest

from openai_compat import AzureClient, BadRequestError, ContentFilterFinishReasonError
from openai_compat.testing import MockTransport, json_response, request_json, sse_response

ENDPOINT = "https://res.openai.azure.com"
SAFE = {"filtered": False, "severity": "safe"}
FILTERS = {"hate": SAFE, "self_harm": SAFE, "sexual": SAFE, "violence": SAFE}
PROMPT_FILTERS = [{"prompt_index": 0, "content_filter_results": FILTERS}]
MESSAGES = [{"role": "user", "content": "hi"}]


def chunk(choices: List[Dict[str, Any]], **fields: Any) -> Dict[str, Any]:
    body = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gpt-4o",
            "choices": choices}
    return {**body, **fields}


# The stream Azure sends for one short answer: an empty-choices chunk with the prompt's filter
# results (blank id, model and object), the content, then an annotation choice without a delta.
AZURE_STREAM = [
    {"choices": [], "created": 0, "id": "", "model": "", "object": "", "prompt_filter_results": PROMPT_FILTERS},
    chunk([{"index": 0, "delta": {"role": "assistant", "content": "", "refusal": None},
            "content_filter_results": {}, "finish_reason": None, "logprobs": None}], system_fingerprint="fp_1"),
    chunk([{"index": 0, "delta": {"content": "Hello"}, "content_filter_results": FILTERS, "finish_reason": None}]),
    chunk([{"index": 0, "delta": {"content": " there"}, "content_filter_results": FILTERS, "finish_reason": None}]),
    chunk([{"index": 0, "delta": {}, "content_filter_results": {}, "finish_reason": "stop"}]),
    {"choices": [{"index": 0, "finish_reason": None, "content_filter_results": {"protected_material_text": SAFE},
                  "content_filter_offsets": {"check_offset": 0, "start_offset": 0, "end_offset": 11}}],
     "created": 0, "id": "", "model": "", "object": ""},
]


def make_client(*responses: Any) -> tuple[AzureClient, MockTransport]:
    transport = MockTransport(responses=responses)
    client = AzureClient(azure_endpoint=ENDPOINT, api_version="2024-10-21", api_key="k" * 12, transport=transport)
    return client, transport


@pytest.mark.parametrize("split", [None, [1], [7, 3]])
def test_azure_stream_chunks_decode_without_index_errors(split: Any) -> None:
    client, transport = make_client(sse_response(AZURE_STREAM, chunk_sizes=split))
    stream = client.chat.completions.create(model="dep", messages=MESSAGES, stream=True)
    chunks = list(stream)
    assert transport.last_request.url.split("?")[0] == f"{ENDPOINT}/openai/deployments/dep/chat/completions"
    assert [c.delta_text for c in chunks] == ["", "", "Hello", " there", "", ""]
    first, annotation = chunks[0], chunks[-1]
    assert first.choices == [] and first.extra == {"prompt_filter_results": PROMPT_FILTERS}
    assert first.prompt_filter_results[0]["content_filter_results"]["hate"]["severity"] == "safe"  # type: ignore[attr-defined]
    assert chunks[2].choices[0].content_filter_results == FILTERS  # type: ignore[attr-defined]
    note = annotation.choices[0]
    assert note.delta.content is None and note.delta.role is None  # no delta: an empty one
    assert note.extra["content_filter_offsets"]["end_offset"] == 11


def test_final_completion_merges_azure_chunks_and_keeps_the_filter_results() -> None:
    client, _ = make_client(sse_response(AZURE_STREAM))
    with client.chat.completions.create(model="dep", messages=MESSAGES, stream=True) as stream:
        completion = stream.get_final_completion()
    assert (completion.id, completion.model, completion.system_fingerprint) == ("chatcmpl-1", "gpt-4o", "fp_1")
    assert completion.created == 1700000000 and completion.object == "chat.completion"
    choice = completion.choices[0]
    assert choice.message.content == "Hello there" and choice.message.role == "assistant"
    assert choice.finish_reason == "stop"
    assert completion.prompt_filter_results == PROMPT_FILTERS  # type: ignore[attr-defined]
    assert choice.content_filter_results == {**FILTERS, "protected_material_text": SAFE}  # type: ignore[attr-defined]
    assert choice.extra["content_filter_offsets"] == {"check_offset": 0, "start_offset": 0, "end_offset": 11}
    assert completion.to_dict()["prompt_filter_results"] == PROMPT_FILTERS


def non_stream_body(finish_reason: str = "stop", content: Any = "Paris.") -> Dict[str, Any]:
    filters = FILTERS if finish_reason == "stop" else {**FILTERS, "violence": {"filtered": True, "severity": "high"}}
    return {
        "id": "chatcmpl-2", "object": "chat.completion", "created": 1700000001, "model": "gpt-4o-2024-08-06",
        "prompt_filter_results": PROMPT_FILTERS,
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None, "content_filter_results": filters,
                     "message": {"role": "assistant", "content": content, "refusal": None,
                                 "context": {"citations": [{"title": "doc"}]}}}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
    }


def test_whole_completion_keeps_filter_results_and_sends_the_message_back() -> None:
    client, transport = make_client(json_response(non_stream_body()), json_response(non_stream_body()))
    completion = client.chat.completions.create(model="dep", messages=MESSAGES)
    choice = completion.choices[0]
    assert completion.prompt_filter_results == PROMPT_FILTERS  # type: ignore[attr-defined]
    assert choice.content_filter_results["violence"] == SAFE  # type: ignore[attr-defined]
    assert choice.message.extra == {"context": {"citations": [{"title": "doc"}]}}
    assert pickle.loads(pickle.dumps(completion)).prompt_filter_results == PROMPT_FILTERS
    client.chat.completions.create(model="dep", messages=[*MESSAGES, choice.message, {"role": "user", "content": "?"}])
    sent = request_json(transport.last_request)["messages"][1]
    assert sent == {"role": "assistant", "content": "Paris.", "context": {"citations": [{"title": "doc"}]}}


def test_content_filter_finish_keeps_the_results_for_create_and_raises_for_parse() -> None:
    class City(msgspec.Struct):
        name: str

    client, _ = make_client(json_response(non_stream_body("content_filter", None)),
                            json_response(non_stream_body("content_filter", None)))
    completion = client.chat.completions.create(model="dep", messages=MESSAGES)
    assert completion.choices[0].finish_reason == "content_filter" and completion.choices[0].message.content is None
    assert completion.choices[0].content_filter_results["violence"]["filtered"] is True  # type: ignore[attr-defined]
    with pytest.raises(ContentFilterFinishReasonError) as info:
        client.chat.completions.parse(model="dep", messages=MESSAGES, response_format=City)
    filtered = info.value.completion.choices[0]
    assert filtered.content_filter_results["violence"]["severity"] == "high"


def test_a_filtered_prompt_is_a_bad_request_with_the_filter_result_in_its_body() -> None:
    error = {"error": {
        "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        "type": None, "param": "prompt", "code": "content_filter", "status": 400,
        "innererror": {"code": "ResponsibleAIPolicyViolation",
                       "content_filter_result": {**FILTERS, "jailbreak": {"filtered": True, "detected": True}}},
    }}
    client, _ = make_client(json_response(error, 400))
    with pytest.raises(BadRequestError, match="content management policy") as info:
        client.chat.completions.create(model="dep", messages=MESSAGES)
    assert info.value.code == "content_filter" and info.value.param == "prompt"
    body: Any = info.value.body
    assert body["innererror"]["content_filter_result"]["jailbreak"]["detected"] is True
