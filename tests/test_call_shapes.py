"""Calls written for openai-python 3.57.0 work here as written, and send what they say.

The signatures themselves are compared with openai-python's in ``test_signatures.py``; these tests
make the calls against a ``MockTransport`` and check the request that goes out: ids given by
keyword, openai-python's argument order, ``extra_body`` on every kind of method, and the
parameters added to match openai-python (images, responses, chat ``parse``).
"""

from __future__ import annotations

import base64
import json
from typing import Any, Dict, List, Tuple

import pytest

from openai_compat import Client
from openai_compat.resources import webhooks
from openai_compat.testing import MockTransport, chat_completion, json_response, request_json

BASE = "https://api.example.test/v1"
RUN = {"id": "run_1", "object": "thread.run", "thread_id": "thread_1", "status": "completed"}
FILE = {"id": "file-1", "object": "file", "bytes": 1, "created_at": 1, "filename": "a.txt", "purpose": "batch",
        "status": "processed"}
ITEM = {"type": "message", "id": "msg_1", "role": "user", "status": "completed", "content": []}
IMAGES = {"created": 1, "data": [{"b64_json": "aGk="}]}


def client_for(*bodies: Dict[str, Any]) -> Tuple[Client, MockTransport]:
    transport = MockTransport(responses=[json_response(body) for body in bodies])
    return Client(api_key="sk-test", base_url=BASE, transport=transport), transport


def sent(transport: MockTransport) -> List[Tuple[str, str]]:
    return [(request.method, request.url.removeprefix(BASE)) for request in transport.requests]


# -- ids by keyword, in openai-python's order ----------------------------------------------------


def test_path_ids_are_accepted_by_keyword() -> None:
    client, transport = client_for(FILE, RUN, RUN, {"id": "gpt-x", "object": "model", "created": 1, "owned_by": "o"})
    client.files.retrieve(file_id="file-1")
    client.beta.threads.runs.retrieve(thread_id="thread_1", run_id="run_1")
    client.beta.threads.runs.retrieve("run_1", thread_id="thread_1")
    client.models.retrieve(model="gpt-x")
    assert sent(transport) == [
        ("GET", "/files/file-1"),
        ("GET", "/threads/thread_1/runs/run_1"),
        ("GET", "/threads/thread_1/runs/run_1"),
        ("GET", "/models/gpt-x"),
    ]


def test_conversation_items_take_the_item_first_and_the_conversation_by_keyword() -> None:
    client, transport = client_for(ITEM, {"id": "conv_1", "object": "conversation", "created_at": 1})
    client.conversations.items.retrieve("msg_1", conversation_id="conv_1")
    client.conversations.items.delete(item_id="msg_1", conversation_id="conv_1")
    path = "/conversations/conv_1/items/msg_1"
    assert sent(transport) == [("GET", path), ("DELETE", path)]
    with pytest.raises(TypeError):  # the old (conversation_id, item_id) order is refused, not swapped
        client.conversations.items.retrieve("conv_1", "msg_1")  # type: ignore[misc]


def test_run_poll_takes_thread_id_by_position_and_create_and_poll_by_keyword() -> None:
    client, transport = client_for(RUN, RUN, RUN)
    assert client.beta.threads.runs.poll("run_1", "thread_1").status == "completed"
    client.beta.threads.runs.create_and_poll(thread_id="thread_1", assistant_id="asst_1")
    assert sent(transport) == [
        ("GET", "/threads/thread_1/runs/run_1"),
        ("POST", "/threads/thread_1/runs"),
        ("GET", "/threads/thread_1/runs/run_1"),
    ]


def test_wait_for_processing_names_its_id_as_openai_python_does() -> None:
    client, transport = client_for(FILE)
    assert client.files.wait_for_processing(id="file-1").status == "processed"
    assert sent(transport) == [("GET", "/files/file-1")]


def test_webhook_payload_and_headers_are_accepted_by_keyword() -> None:
    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    client = Client(api_key="sk-test", base_url=BASE, transport=MockTransport(), webhook_secret=secret)
    payload = b'{"id": "evt_1", "type": "response.completed", "created_at": 1, "data": {"id": "resp_1"}}'
    headers = webhooks.sign(payload, secret=secret, webhook_id="wh_1")
    client.webhooks.verify_signature(payload=payload, headers=headers)
    assert client.webhooks.unwrap(payload=payload, headers=headers).type == "response.completed"


# -- extra_body on every method ------------------------------------------------------------------


def test_extra_body_is_a_json_body_on_a_delete() -> None:
    client, transport = client_for({"id": "file-1", "object": "file", "deleted": True})
    client.files.delete("file-1", extra_body={"reason": "cleanup"})
    assert request_json(transport.last_request) == {"reason": "cleanup"}
    assert transport.last_request.headers["Content-Type"] == "application/json"


def test_an_empty_extra_body_on_a_get_sends_no_body() -> None:
    client, transport = client_for(FILE, {"object": "list", "data": []})
    client.files.retrieve("file-1", extra_body={})
    client.models.list(extra_body=None)
    assert [request.body for request in transport.requests] == [None, None]


@pytest.mark.parametrize("call", ["retrieve", "list", "content", "poll"])
def test_a_non_empty_extra_body_on_a_get_is_sent_as_its_json_body(call: str) -> None:
    # openai-python drops a GET's extra_body without a word; here it reaches the server.
    answers = {"retrieve": FILE, "list": {"object": "list", "data": []}, "content": FILE, "poll": RUN}
    client, transport = client_for(answers[call])
    if call == "retrieve":
        client.files.retrieve("file-1", extra_body={"x": 1})
    elif call == "list":
        client.files.list(extra_body={"x": 1})
    elif call == "content":
        client.files.content("file-1", extra_body={"x": 1}).close()
    else:
        client.beta.threads.runs.poll("run_1", "thread_1", extra_body={"x": 1})
    [request] = transport.requests
    assert request.method == "GET"
    assert json.loads(request.body) == {"x": 1}
    assert request.headers["Content-Type"] == "application/json"


# -- parameters added to match openai-python -----------------------------------------------------


def test_images_generate_sends_the_new_parameters() -> None:
    client, transport = client_for(IMAGES)
    client.images.generate(
        prompt="a fox", complexity="high", frame_count=4, frame_duration_ms=80, safety_identifier="user-1",
        svg={"model": "svg-1"},
    )
    assert request_json(transport.last_request) == {
        "prompt": "a fox", "complexity": "high", "frame_count": 4, "frame_duration_ms": 80,
        "safety_identifier": "user-1", "svg": {"model": "svg-1"},
    }


def test_images_edit_uploads_markup_and_sends_svg_as_form_fields() -> None:
    client, transport = client_for(IMAGES)
    client.images.edit(image=("a.png", b"A"), markup=("m.png", b"M"), prompt="p", svg={"model": "svg-1"}, frame_count=2)
    body = transport.last_request.body
    assert isinstance(body, bytes)
    for part in (b'name="image"; filename="a.png"', b'name="markup"; filename="m.png"', b'name="svg[model]"',
                 b'name="frame_count"'):
        assert part in body


def test_responses_create_and_compact_send_the_new_parameters() -> None:
    response = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "m",
                "output": []}
    compacted = {"id": "cmp_1", "object": "response.compaction", "created_at": 1, "output": []}
    client, transport = client_for(response, compacted)
    client.responses.create(model="m", input="hi", access_programs={"cyber": "standard"},
                            background_options={"completion_window": "2h"}, image={"context_compression": "auto"})
    assert request_json(transport.requests[0]) == {
        "model": "m", "input": "hi", "access_programs": {"cyber": "standard"},
        "background_options": {"completion_window": "2h"}, "image": {"context_compression": "auto"},
    }
    client.responses.compact(model="m", image={"context_compression": "disabled"})
    assert request_json(transport.requests[1]) == {"model": "m", "image": {"context_compression": "disabled"}}


def test_required_parameters_are_required_at_run_time_too() -> None:
    client, transport = client_for()
    with pytest.raises(TypeError, match="model"):
        client.responses.compact(input="hi")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="model"):
        client.chat.completions.parse(messages=[])  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="model"):
        client.chat.completions.create(messages=[])  # type: ignore[call-overload]
    assert transport.requests == []


def test_chat_parse_sends_stream_options() -> None:
    client, transport = client_for(chat_completion("{}"))
    client.chat.completions.parse(model="m", messages=[], stream_options={"include_usage": True})
    sent_body = request_json(transport.last_request)
    assert sent_body == {"model": "m", "messages": [], "stream_options": {"include_usage": True}}


def test_a_prebuilt_request_still_supplies_the_required_parameters() -> None:
    client, transport = client_for(chat_completion("hi"))
    client.chat.completions.create(request={"model": "m", "messages": [{"role": "user", "content": "hi"}]})
    assert request_json(transport.last_request)["model"] == "m"
