"""Self-resuming Responses streams against a loopback server that cuts the stream at chosen points.

A background response's stream is cut (a truncated chunked body, or a reset) inside an event,
between two events, or right after the headers; the stream reconnects with
``starting_after=<last sequence number>`` and yields every event exactly once, on both transports.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Optional
from urllib.parse import parse_qsl, urlsplit

import pytest
from _faults import SSE, reset, sse_bytes
from _servers import CLOSE, Conn, Handler, Recorded, ScriptedServer, chunk, head

from openai_compat import APIConnectionError, RetryPolicy, Session
from openai_compat.resources import responses


def _response(status: str) -> Dict[str, Any]:
    return {"id": "resp_bg", "object": "response", "created_at": 1, "status": status, "model": "m",
            "background": True, "output": [] if status != "completed" else [
                {"type": "message", "id": "msg", "role": "assistant", "status": "completed",
                 "content": [{"type": "output_text", "text": "one two three", "annotations": []}]}]}


EVENTS: List[Dict[str, Any]] = [
    {"type": "response.created", "response": _response("queued")},
    {"type": "response.in_progress", "response": _response("in_progress")},
    *({"type": "response.output_text.delta", "item_id": "msg", "output_index": 0, "content_index": 0,
       "delta": word, "logprobs": []} for word in ("one", " two", " three")),
    {"type": "response.completed", "response": _response("completed")},
]
EVENTS = [{**event, "sequence_number": index} for index, event in enumerate(EVENTS)]


def _sse(events: List[Dict[str, Any]]) -> bytes:
    return b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)


BODY = _sse(EVENTS)
BOUNDARIES = [len(_sse(EVENTS[: i + 1])) for i in range(len(EVENTS))]


def _resume_from_query() -> Handler:
    """Answer ``GET /responses/{id}?stream=true&starting_after=N`` with the events after N."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        query = dict(parse_qsl(urlsplit(request.target).query))
        after = int(query.get("starting_after", "-1"))
        body = _sse([e for e in EVENTS if e["sequence_number"] > after])
        if not conn.send(head(200, SSE)) or not conn.send(chunk(body)):
            return CLOSE
        return None if conn.send(b"0\r\n\r\n") else CLOSE

    return handler


@pytest.fixture(params=["requests", "urllib3"])
def transport_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv


def _session(server: ScriptedServer, kind: str, max_retries: int = 2) -> Session:
    transport: Any = None
    if kind == "urllib3":
        from openai_compat import Urllib3Transport

        transport = Urllib3Transport()
    return Session(api_key="sk-test", base_url=server.url, transport=transport, max_retries=max_retries,
                   retry_policy=RetryPolicy(sleep=lambda seconds: None))


@pytest.mark.parametrize("cut", [
    BOUNDARIES[0] + 5,  # inside the second event
    BOUNDARIES[2],  # between two deltas
    BOUNDARIES[3] - 1,  # one byte short of finishing a delta
    len(BODY) - 3,  # inside the terminal event
])
def test_a_cut_background_stream_resumes_with_every_event_once(server: ScriptedServer, transport_kind: str,
                                                              cut: int) -> None:
    server.script(sse_bytes(BODY[:cut], end=False), _resume_from_query())
    session = _session(server, transport_kind)
    with responses.create(session, model="m", input="Count.", stream=True, background=True) as stream:
        got = list(stream)
    assert [event.sequence_number for event in got] == list(range(len(EVENTS)))
    assert stream.resumes == 1
    expected_after = max([i for i, end in enumerate(BOUNDARIES) if end <= cut], default=-1)
    resumed = server.requests[1]
    assert resumed.method == "GET" and urlsplit(resumed.target).path.endswith("/responses/resp_bg")
    assert dict(parse_qsl(urlsplit(resumed.target).query)) == {"stream": "true",
                                                               "starting_after": str(expected_after)}
    assert stream.get_final_response().output_text == "one two three"
    session.close()


def test_a_reset_resumes_too_and_the_retry_policy_bounds_the_attempts(server: ScriptedServer,
                                                                     transport_kind: str) -> None:
    first = head(200, SSE) + chunk(BODY[: BOUNDARIES[1]])
    server.script(reset(first), reset(head(200, SSE) + chunk(_sse(EVENTS[2:3]))), _resume_from_query())
    session = _session(server, transport_kind)
    stream = responses.create(session, model="m", input="Count.", stream=True, background=True)
    assert "".join(stream.text_deltas()) == "one two three"
    assert stream.resumes == 2 and stream.last_sequence_number == len(EVENTS) - 1
    session.close()
    server.script(reset(first), reset(first))
    session = _session(server, transport_kind, max_retries=1)
    stream = responses.create(session, model="m", input="Count.", stream=True, background=True)
    with pytest.raises(APIConnectionError):
        list(stream)
    assert stream.resumes == 1
    session.close()
