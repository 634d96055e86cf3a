"""``moderations.create`` and the legacy ``completions.create`` against a MockTransport: exact
requests, decoded answers (new moderation categories kept), and streamed completions."""

from __future__ import annotations

from typing import Any, Dict, Tuple

import msgspec
import pytest

from openai_compat import Client, Session, Stream
from openai_compat.resources import completions, moderations
from openai_compat.testing import MockTransport, json_response, request_json, sse_response
from openai_compat.types.completions import Completion, CompletionRequest
from openai_compat.types.moderations import ModerationCreateResponse, ModerationInput, ModerationModel

BASE = "https://api.openai.com/v1"

MODERATION = {
    "id": "modr-1",
    "model": "omni-moderation-latest",
    "results": [{
        "flagged": True,
        "categories": {"harassment": True, "hate/threatening": False, "self-harm/intent": True, "illicit": None,
                       "brand-new/category": True},
        "category_scores": {"harassment": 0.9, "self-harm/intent": 0.7, "brand-new/category": 0.8},
        "category_applied_input_types": {"harassment": ["text"], "self-harm/intent": ["text", "image"]},
    }],
}


def completion(text: str = "Hello", **extra: Any) -> Dict[str, Any]:
    body = {"id": "cmpl-1", "object": "text_completion", "created": 1589478378, "model": "gpt-3.5-turbo-instruct",
            "choices": [{"index": 0, "text": text, "finish_reason": None, "logprobs": None}]}
    return {**body, **extra}


def session_for(*responses: Any) -> Tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    return Session(api_key="sk-test", base_url=BASE, transport=transport), transport


def test_moderation_of_one_text() -> None:
    session, transport = session_for(json_response(MODERATION))
    result = moderations.create(session, input="I want to hurt them.", model=ModerationModel.OMNI_MODERATION_LATEST)
    request = transport.last_request
    assert (request.method, request.url) == ("POST", f"{BASE}/moderations")
    assert request_json(request) == {"input": "I want to hurt them.", "model": "omni-moderation-latest"}
    assert isinstance(result, ModerationCreateResponse) and result.id == "modr-1"
    verdict = result.results[0]
    assert verdict.flagged and verdict.categories.harassment is True
    assert verdict.categories.self_harm_intent is True and verdict.categories.hate_threatening is False
    assert verdict.categories.illicit is None and verdict.category_scores.self_harm_intent == 0.7
    assert verdict.category_applied_input_types is not None
    assert verdict.category_applied_input_types.self_harm_intent == ["text", "image"]


def test_new_categories_stay_reachable_by_their_wire_names() -> None:
    session, _ = session_for(json_response(MODERATION))
    verdict = moderations.create(session, input="x").results[0]
    assert verdict.categories["brand-new/category"] is True and verdict.categories["self-harm/intent"] is True
    assert verdict.category_scores.get("brand-new/category") == 0.8 and verdict.category_scores.get("nope", 0) == 0
    assert verdict.flagged_categories() == ["harassment", "self-harm/intent", "brand-new/category"]
    with pytest.raises(KeyError):
        verdict.categories["violence"]  # not sent by the server
    assert verdict.to_dict()["categories"]["brand-new/category"] is True


def test_moderation_of_texts_and_of_multimodal_parts() -> None:
    session, transport = session_for(json_response(MODERATION), json_response(MODERATION))
    moderations.create(session, input=(t for t in ["a", "b"]))
    assert request_json(transport.requests[0]) == {"input": ["a", "b"]}
    parts = [ModerationInput.text("look"), ModerationInput.image_url("https://example.com/cat.png"),
             ModerationInput.image_bytes(b"\x89PNG", "image/png")]
    moderations.create(session, input=parts)
    assert request_json(transport.requests[1]) == {"input": [
        {"type": "text", "text": "look"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw=="}},
    ]}


def test_moderation_refuses_a_single_part_for_a_list() -> None:
    session, transport = session_for()
    with pytest.raises(TypeError, match="single dict"):
        moderations.create(session, input=ModerationInput.text("x"))  # a dict is iterable: refused at run time
    assert transport.requests == []


def test_completion_sends_only_what_was_given() -> None:
    logprobs = {"tokens": ["Hel", "lo"], "token_logprobs": [-0.1, None], "text_offset": [0, 3],
                "top_logprobs": [{"Hel": -0.1}, None]}
    answer = completion(choices=[{"index": 0, "text": "Hello", "finish_reason": "stop", "logprobs": logprobs}],
                        usage={"prompt_tokens": 2, "completion_tokens": 2, "total_tokens": 4}, system_fingerprint="fp")
    session, transport = session_for(json_response(answer))
    result = completions.create(session, model="gpt-3.5-turbo-instruct", prompt=["Say", "hi"], max_tokens=5,
                                logprobs=1, stop=None, suffix="!", logit_bias={"50256": -100}, seed=7)
    request = transport.last_request
    assert (request.method, request.url) == ("POST", f"{BASE}/completions")
    assert request_json(request) == {"model": "gpt-3.5-turbo-instruct", "prompt": ["Say", "hi"], "max_tokens": 5,
                                     "logprobs": 1, "stop": None, "suffix": "!", "logit_bias": {"50256": -100},
                                     "seed": 7}
    assert isinstance(result, Completion) and result.choices[0].text == "Hello"
    choice_logprobs = result.choices[0].logprobs
    assert choice_logprobs is not None and choice_logprobs.token_logprobs == [-0.1, None]
    assert result.usage is not None and result.usage.total_tokens == 4 and result.system_fingerprint == "fp"


def test_completion_request_struct_and_keywords_merge() -> None:
    session, transport = session_for(json_response(completion()))
    base = CompletionRequest(model="davinci-002", prompt=[[1212, 318]], temperature=0.0, n=2)
    completions.create(session, request=base, temperature=1.0, extra_body={"top_k": 5})
    assert request_json(transport.last_request) == {"model": "davinci-002", "prompt": [[1212, 318]],
                                                    "temperature": 1.0, "n": 2, "top_k": 5}
    with pytest.raises(TypeError, match=r"missing the required parameter.*prompt"):
        completions.create(session, model="davinci-002")


def test_a_completion_request_body_decodes_into_the_struct() -> None:
    # For proxies and test servers that receive the request: every prompt shape decodes.
    for prompt in ("text", ["a", "b"], [1212, 318], [[1212, 318], [257]]):
        body = msgspec.json.encode({"model": "m", "prompt": prompt, "stop": ["\n"], "logit_bias": {"50256": -100}})
        request = msgspec.json.decode(body, type=CompletionRequest)
        assert (request.prompt, request.stop, request.logit_bias) == (prompt, ["\n"], {"50256": -100})


def test_streamed_completion_yields_completion_chunks() -> None:
    chunks = [completion("Hel"), completion("lo"),
              completion("", choices=[{"index": 0, "text": "", "finish_reason": "stop", "logprobs": None}]),
              completion("", choices=[], usage={"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3})]
    session, transport = session_for(sse_response(chunks, chunk_sizes=[5]))
    stream = completions.create(session, model="gpt-3.5-turbo-instruct", prompt="Say hi", stream=True,
                                stream_options={"include_usage": True})
    assert isinstance(stream, Stream)
    request = transport.last_request
    assert request.headers["Accept"] == "text/event-stream"
    assert request_json(request)["stream"] is True
    with stream:
        received = list(stream)
    assert all(isinstance(chunk, Completion) for chunk in received)
    assert "".join(c.text for chunk in received for c in chunk.choices) == "Hello"
    assert received[2].choices[0].finish_reason == "stop"
    assert received[-1].usage is not None and received[-1].usage.total_tokens == 3


def test_client_namespaces() -> None:
    transport = MockTransport(responses=[json_response(MODERATION), json_response(completion())])
    client = Client(api_key="sk-test", base_url=BASE, transport=transport)
    assert client.moderations.create(input="x").results[0].flagged
    assert client.completions.create(model="m", prompt="p").choices[0].text == "Hello"
    assert [r.url for r in transport.requests] == [f"{BASE}/moderations", f"{BASE}/completions"]
