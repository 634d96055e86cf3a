"""``batches`` resource functions against a MockTransport: exact requests, decoded batches, cursor
pagination with openai-python's ``has_more`` rules, ``wait`` with an injected clock, and the
whole Batch flow (write JSONL, upload bytes, create, wait, read results) as a round trip."""

from __future__ import annotations

import io
from typing import Any, Dict, List, Optional, Tuple

import pytest

from openai_compat import Client, Request, Response, RetryPolicy, Session, SyncCursorPage
from openai_compat.batch_jsonl import BatchInputWriter, read_batch_results
from openai_compat.resources import batches
from openai_compat.testing import MockTransport, json_response, request_json
from openai_compat.types.batches import Batch, BatchEndpoint, BatchStatus
from openai_compat.types.chat import ChatCompletion
from openai_compat.types.chat_params import ChatCompletionRequest

BASE = "https://api.openai.com/v1"


def batch(batch_id: str = "batch_1", status: str = "validating", **extra: Any) -> Dict[str, Any]:
    body = {"id": batch_id, "object": "batch", "endpoint": "/v1/chat/completions", "input_file_id": "file-in",
            "completion_window": "24h", "status": status, "created_at": 1711471533,
            "request_counts": {"total": 2, "completed": 1, "failed": 0}}
    return {**body, **extra}


def page(ids: List[str], has_more: Any = False) -> Dict[str, Any]:
    body: Dict[str, Any] = {"object": "list", "data": [batch(i) for i in ids]}
    if has_more is not None:
        body["has_more"] = has_more
    return body


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: List[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def session_for(*responses: Any, clock: Optional[FakeClock] = None) -> Tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    policy = RetryPolicy(clock=clock.clock, sleep=clock.sleep) if clock else None
    return Session(api_key="sk-test", base_url=BASE, transport=transport, retry_policy=policy), transport


def test_create_sends_the_required_fields_and_only_the_optional_ones_given() -> None:
    session, transport = session_for(json_response(batch()), json_response(batch()))
    created = batches.create(session, completion_window="24h", endpoint=BatchEndpoint.CHAT_COMPLETIONS,
                             input_file_id="file-in")
    request = transport.requests[0]
    assert (request.method, request.url) == ("POST", f"{BASE}/batches")
    assert request.headers["Content-Type"] == "application/json"
    assert request_json(request) == {"completion_window": "24h", "endpoint": "/v1/chat/completions",
                                     "input_file_id": "file-in"}
    assert isinstance(created, Batch) and created.status == BatchStatus.VALIDATING and not created.is_done
    assert created.request_counts is not None and created.request_counts.total == 2
    batches.create(session, completion_window="24h", endpoint="/v1/embeddings", input_file_id="file-in",
                   metadata={"job": "nightly"}, output_expires_after={"anchor": "created_at", "seconds": 3600})
    assert request_json(transport.requests[1]) == {
        "completion_window": "24h", "endpoint": "/v1/embeddings", "input_file_id": "file-in",
        "metadata": {"job": "nightly"}, "output_expires_after": {"anchor": "created_at", "seconds": 3600},
    }


def test_retrieve_and_cancel_paths_and_decoding() -> None:
    done = batch(status="completed", output_file_id="file-out", error_file_id=None, model="gpt-4o-mini",
                 errors={"object": "list", "data": [{"code": "invalid_json", "message": "bad", "line": 3}]},
                 usage={"input_tokens": 10, "input_tokens_details": {"cached_tokens": 2}, "output_tokens": 5,
                        "output_tokens_details": {"reasoning_tokens": 1}, "total_tokens": 15},
                 new_field="kept")
    session, transport = session_for(json_response(done), json_response(batch(status="cancelling")))
    got = batches.retrieve(session, "batch_1")
    assert (transport.requests[0].method, transport.requests[0].url) == ("GET", f"{BASE}/batches/batch_1")
    assert got.is_done and got.output_file_id == "file-out" and got.error_file_id is None
    assert got.errors is not None and got.errors.data[0].line == 3
    assert got.usage is not None and got.usage.input_tokens_details is not None
    assert got.usage.input_tokens_details.cached_tokens == 2 and got.usage.total_tokens == 15
    assert got.extra == {"new_field": "kept"}
    cancelled = batches.cancel(session, "batch/1")
    assert (transport.requests[1].method, transport.requests[1].url) == ("POST", f"{BASE}/batches/batch%2F1/cancel")
    assert cancelled.status == BatchStatus.CANCELLING and not cancelled.is_done


def test_list_walks_pages_until_has_more_is_false() -> None:
    session, transport = session_for(json_response(page(["b1", "b2"], True)), json_response(page(["b3"], False)))
    first = batches.list(session, limit=2)
    assert isinstance(first, SyncCursorPage) and [b.id for b in first.data] == ["b1", "b2"]
    assert [b.id for b in first] == ["b1", "b2", "b3"]
    assert [r.url for r in transport.requests] == [f"{BASE}/batches?limit=2", f"{BASE}/batches?after=b2&limit=2"]


def test_list_without_has_more_goes_on_until_an_empty_page() -> None:
    session, transport = session_for(json_response(page(["b1"], None)), json_response(page([], None)))
    assert [b.id for b in batches.list(session)] == ["b1"]
    assert [r.url for r in transport.requests] == [f"{BASE}/batches", f"{BASE}/batches?after=b1"]


def test_list_stops_at_has_more_false_even_with_items() -> None:
    session, transport = session_for(json_response(page(["b1"], False)))
    first = batches.list(session, after="b0")
    assert not first.has_next_page() and [b.id for b in first] == ["b1"]
    assert len(transport.requests) == 1 and transport.requests[0].url == f"{BASE}/batches?after=b0"


def test_wait_polls_until_terminal_honouring_the_server_hint() -> None:
    clock = FakeClock()
    hint = {"openai-poll-after-ms": "2500"}
    session, transport = session_for(
        json_response(batch(status="validating"), headers=hint),
        json_response(batch(status="in_progress")),
        json_response(batch(status="completed", output_file_id="file-out")),
        clock=clock,
    )
    result = batches.wait(session, "batch_1")
    assert result.status == "completed" and result.output_file_id == "file-out"
    assert clock.sleeps == [2.5, 2.5]  # a later answer without the header keeps the last hint
    for request in transport.requests:
        assert request.url == f"{BASE}/batches/batch_1"
        assert request.headers["X-Stainless-Poll-Helper"] == "true"
        assert "X-Stainless-Custom-Poll-Interval" not in request.headers


def test_wait_without_interval_or_hint_polls_every_ten_seconds() -> None:
    clock = FakeClock()
    session, _ = session_for(json_response(batch(status="in_progress")), json_response(batch(status="completed")),
                             clock=clock)
    assert batches.wait(session, "batch_1").status == "completed"
    assert clock.sleeps == [batches.DEFAULT_POLL_INTERVAL] == [10.0]


def test_wait_with_an_interval_says_so_and_stops_at_every_terminal_status() -> None:
    for status in ("completed", "failed", "expired", "cancelled"):
        clock = FakeClock()
        session, transport = session_for(json_response(batch(status="cancelling")), json_response(batch(status=status)),
                                         clock=clock)
        assert batches.wait(session, "batch_1", poll_interval=0.5).status == status
        assert clock.sleeps == [0.5]
        assert transport.requests[0].headers["X-Stainless-Custom-Poll-Interval"] == "500"


def test_wait_raises_timeout_error_instead_of_sleeping_past_the_deadline() -> None:
    clock = FakeClock()
    session, transport = session_for(*[json_response(batch(status="in_progress")) for _ in range(4)], clock=clock)
    expected = r"Batch batch_1 \(1 of 2 requests done\) is still 'in_progress' .*max_wait_seconds=25"
    with pytest.raises(TimeoutError, match=expected):
        batches.wait(session, "batch_1", poll_interval=10, max_wait_seconds=25)
    assert clock.sleeps == [10, 10, 5] and len(transport.requests) == 4  # the last get at the deadline


def test_client_batches_namespace_wait_uses_the_sessions_clock() -> None:
    clock = FakeClock()
    transport = MockTransport(responses=[json_response(batch(status="finalizing")),
                                         json_response(batch(status="completed"))])
    client = Client(api_key="sk-test", base_url=BASE, transport=transport,
                    retry_policy=RetryPolicy(clock=clock.clock, sleep=clock.sleep))
    assert client.batches.wait("batch_1", poll_interval=1).status == "completed"
    assert clock.sleeps == [1]


def _run_batch_like_the_server(input_jsonl: bytes) -> bytes:
    """What the Batch API does: answer each input line, by its custom_id, in an output line."""
    import json

    out = io.BytesIO()
    for number, text in enumerate(input_jsonl.splitlines()):
        line = json.loads(text)
        content = " ".join(m["content"] for m in line["body"]["messages"])
        message = {"role": "assistant", "content": content}
        body = {"id": f"chatcmpl-{number}", "object": "chat.completion", "created": 1, "model": line["body"]["model"],
                "choices": [{"index": 0, "finish_reason": "stop", "message": message}]}
        out.write(json.dumps({"id": f"batch_req_{number}", "custom_id": line["custom_id"], "error": None,
                              "response": {"status_code": 200, "request_id": f"req_{number}", "body": body}}).encode())
        out.write(b"\n")
    return out.getvalue()


def test_round_trip_write_upload_create_wait_read() -> None:
    buffer = io.BytesIO()
    with BatchInputWriter(buffer) as writer:
        first_request = ChatCompletionRequest(model="gpt-4o-mini", messages=[{"role": "user", "content": "a"}])
        writer.add_chat_completion(first_request, custom_id="first")
        generated = writer.add_chat_completion({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "b"}]})
    output = _run_batch_like_the_server(buffer.getvalue())

    def handler(request: Request) -> Response:
        if request.url.endswith("/files/file-out/content"):
            return Response(200, {"content-type": "application/octet-stream"}, content=output)
        return json_response(batch(status="completed", output_file_id="file-out"))

    session = Session(api_key="sk-test", base_url=BASE, transport=MockTransport(handler))
    created = batches.create(session, completion_window="24h", endpoint=writer.endpoint, input_file_id="file-in")
    done = batches.wait(session, created.id)
    assert done.output_file_id is not None
    download = session.download("GET", f"files/{done.output_file_id}/content")
    results = read_batch_results(download, None, endpoint=done.endpoint)
    assert list(results) == ["first", generated] and results.missing(writer.custom_ids) == []
    first = results["first"]
    assert first.ok and first.status_code == 200 and first.request_id == "req_0" and first.id == "batch_req_0"
    assert isinstance(first.body, ChatCompletion) and first.body.choices[0].message.content == "a"
    assert results[generated].body.choices[0].message.content == "b"
