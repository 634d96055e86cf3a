"""The ``responses`` and ``requests-mock`` libraries stand in for the server with the requests
transport (the default), for plain calls and streams; both patch requests, so the urllib3
transport goes past them to the network.

The base URL is a loopback port with nothing listening, so a request the double does not catch
fails at once instead of leaving the machine.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest
import requests_mock
import responses
from _fake_openai import MODEL, chunk_body, completion_body
from _servers import refused_port

from openai_compat import APIConnectionError, Client, RateLimitError, RequestsTransport, Urllib3Transport
from openai_compat.testing import sse_body

MESSAGES = [{"role": "user", "content": "Say hello."}]
CHAT_EVENTS = sse_body([chunk_body("Hel"), chunk_body("lo"), chunk_body(finish_reason="stop")])
_MESSAGE = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": "Hello", "annotations": []}]}
_RESPONSE = {"id": "resp_1", "object": "response", "created_at": 0, "model": MODEL, "status": "completed",
             "output": [_MESSAGE]}
RESPONSE_EVENTS = sse_body(
    [
        {"type": "response.created", "sequence_number": 0, "response": {**_RESPONSE, "status": "in_progress"}},
        {"type": "response.output_text.delta", "sequence_number": 1, "item_id": "msg_1", "output_index": 0,
         "content_index": 0, "delta": "Hel"},
        {"type": "response.output_text.delta", "sequence_number": 2, "item_id": "msg_1", "output_index": 0,
         "content_index": 0, "delta": "lo"},
        {"type": "response.completed", "sequence_number": 3, "response": _RESPONSE},
    ],
    done=False,
)
SSE = {"Content-Type": "text/event-stream"}


@pytest.fixture
def base_url() -> Iterator[str]:
    with refused_port() as port:
        yield f"http://127.0.0.1:{port}/v1"


def _use(client: Client) -> Dict[str, Any]:
    chat = client.chat.completions.create(model=MODEL, messages=MESSAGES)
    with client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True) as chat_stream:
        chunks: List[str] = [chunk.delta_text for chunk in chat_stream]
    with client.responses.create(model=MODEL, input="Say hello.", stream=True) as events:
        deltas = list(events.text_deltas())
        final = events.get_final_response()
    return {"chat": chat.choices[0].message.content, "chunks": chunks, "deltas": deltas, "final": final.output_text}


EXPECTED = {"chat": "Hi!", "chunks": ["Hel", "lo", ""], "deltas": ["Hel", "lo"], "final": "Hello"}


def test_responses_answers_plain_calls_and_streams(base_url: str) -> None:
    client = Client(api_key="sk-test", base_url=base_url, max_retries=0)  # the default: requests
    with responses.RequestsMock() as mocked:
        mocked.post(f"{base_url}/chat/completions", json=completion_body("Hi!"))
        mocked.post(f"{base_url}/chat/completions", body=CHAT_EVENTS, headers=SSE)
        mocked.post(f"{base_url}/responses", body=RESPONSE_EVENTS, headers=SSE)
        assert _use(client) == EXPECTED
        sent = [json.loads(call.request.body) for call in mocked.calls]
    assert [body.get("stream") for body in sent] == [None, True, True]
    assert sent[0] == {"model": MODEL, "messages": MESSAGES}


def test_responses_errors_reach_the_code_as_typed_errors(base_url: str) -> None:
    client = Client(api_key="sk-test", base_url=base_url, max_retries=0)
    with responses.RequestsMock() as mocked:
        error = {"error": {"message": "slow down", "type": "requests", "code": "rate_limit_exceeded"}}
        mocked.post(f"{base_url}/chat/completions", json=error, status=429)
        with pytest.raises(RateLimitError) as caught:
            client.chat.completions.create(model=MODEL, messages=MESSAGES)
    assert caught.value.code == "rate_limit_exceeded"


def test_requests_mock_answers_plain_calls_and_streams(base_url: str) -> None:
    client = Client(api_key="sk-test", base_url=base_url, transport=RequestsTransport(), max_retries=0)
    with requests_mock.Mocker() as mocked:
        mocked.post(
            f"{base_url}/chat/completions",
            [{"json": completion_body("Hi!")}, {"content": CHAT_EVENTS, "headers": SSE}],
        )
        mocked.post(f"{base_url}/responses", content=RESPONSE_EVENTS, headers=SSE)
        assert _use(client) == EXPECTED
        history = mocked.request_history
    assert [request.path for request in history] == ["/v1/chat/completions"] * 2 + ["/v1/responses"]
    assert history[0].headers["Authorization"] == "Bearer sk-test"
    assert history[2].json()["stream"] is True


def test_the_urllib3_transport_is_not_seen_by_either_library(base_url: str) -> None:
    """Both patch requests: a client on the urllib3 transport goes to the network (refused here)."""
    client = Client(api_key="sk-test", base_url=base_url, transport=Urllib3Transport(), max_retries=0)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked, requests_mock.Mocker() as other:
        mocked.post(f"{base_url}/chat/completions", json=completion_body("Hi!"))
        other.post(f"{base_url}/chat/completions", json=completion_body("Hi!"))
        with pytest.raises(APIConnectionError):
            client.chat.completions.create(model=MODEL, messages=MESSAGES)
