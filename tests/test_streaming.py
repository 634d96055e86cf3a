"""``Session.stream`` end to end over ``MockTransport``: items, terminators, in-stream errors,
closing, timeouts with an injected clock, and splitting at every byte boundary."""

from __future__ import annotations

import gc
from typing import Any, Iterator, List, Mapping, Optional, Sequence

import msgspec
import pytest

from openai_compat import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    Response,
    RetryPolicy,
    Session,
    Stream,
    Timeout,
)
from openai_compat._internals import APIObject, TimeoutTypes
from openai_compat.testing import MockTransport, error_response, request_json, sse_body, sse_response

BASE_URL = "https://api.example.test/v1"


class Choice(APIObject):
    index: int = 0
    text: Optional[str] = None


class Chunk(APIObject):
    id: str
    n: int = 0
    choices: List[Choice] = msgspec.field(default_factory=list)


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Body:
    """A streamed body served piece by piece; each piece first moves the fake clock by ``step``,
    as a slow server would. Records how many pieces were read and whether it was closed."""

    def __init__(
        self,
        pieces: Sequence[bytes],
        *,
        clock: Optional[FakeClock] = None,
        step: float = 0.0,
        error: Optional[Exception] = None,
    ) -> None:
        self.pieces = list(pieces)
        self.clock = clock
        self.step = step
        self.error = error
        self.served = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        while self.served < len(self.pieces) and not self.closed:
            piece = self.pieces[self.served]
            self.served += 1
            if self.clock is not None:
                self.clock.advance(self.step)
            yield piece
        if self.error is not None and not self.closed:
            raise self.error

    def close(self) -> None:
        self.closed = True


def chunk(n: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"c{n}", "n": n, **extra}


def ev(payload: Any) -> bytes:
    return sse_body([payload], done=False)


def sse(body: Body, headers: Optional[Mapping[str, str]] = None) -> Response:
    return Response(200, {"content-type": "text/event-stream", **(headers or {})}, stream=body)


def make_session(
    *responses: Any,
    clock: Optional[FakeClock] = None,
    timeout: Optional[TimeoutTypes] = None,
) -> tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    policy = RetryPolicy(sleep=lambda seconds: None, clock=clock or FakeClock())
    session = Session(
        api_key="sk-test",
        base_url=BASE_URL,
        transport=transport,
        retry_policy=policy,
        timeout=Timeout(60.0) if timeout is None else timeout,
    )
    return session, transport


def open_stream(*responses: Any, cast_to: Any = Chunk, **options: Any) -> Stream[Any]:
    session, _ = make_session(*responses, **options)
    return session.stream("POST", "/chat/completions", cast_to=cast_to, body={"model": "m", "stream": True})


# -- items and terminators --------------------------------------------------------------------


def test_items_decoded_in_order() -> None:
    stream = open_stream(sse_response([chunk(i) for i in range(5)]))
    items = list(stream)
    assert [item.n for item in items] == [0, 1, 2, 3, 4]
    assert all(isinstance(item, Chunk) for item in items)
    assert stream.items == items
    assert stream.response.is_closed


def test_cast_to_object_gives_builtins() -> None:
    stream = open_stream(sse_response([{"a": [1, 2]}, {"b": None}]), cast_to=object)
    assert list(stream) == [{"a": [1, 2]}, {"b": None}]


def test_done_ends_the_stream_and_later_events_are_ignored() -> None:
    body = Body([ev(chunk(0)) + b"data: [DONE]\n\n" + ev(chunk(1)), ev(chunk(2)), b"data: not json\n\n"])
    items = list(open_stream(sse(body)))
    assert [item.n for item in items] == [0]
    # The rest of the body was drained (so the connection could be reused) and closed.
    assert body.served == 3
    assert body.closed


def test_drain_after_done_is_bounded() -> None:
    junk = [b": " + b"x" * 16382 + b"\n"] * 64  # 1 MiB that a broken server keeps sending
    body = Body([ev(chunk(0)), b"data: [DONE]\n\n", *junk])
    assert [item.n for item in open_stream(sse(body))] == [0]
    assert body.closed
    assert body.served < 10


def test_eof_without_done_ends_normally() -> None:
    stream = open_stream(sse_response([chunk(0), chunk(1)], done=False))
    assert [item.n for item in stream] == [0, 1]
    assert stream.response.is_closed


def test_last_event_without_blank_line_is_not_lost() -> None:
    body = Body([b'data: {"id":"c0"}\n\ndata: {"id":"c1","n":1}'])
    assert [item.n for item in open_stream(sse(body))] == [0, 1]


def test_keep_alives_and_empty_events_are_skipped() -> None:
    events = [
        b": OPENROUTER PROCESSING\n\n",
        chunk(0),
        b"data:\n\n",
        b"data: \n\n",
        b"event: ping\ndata:\n\n",
        b"event: ping\n\n",
        b"id: 7\n\n\n\n",
        b"data:   \n\n",
        chunk(1),
    ]
    assert [item.n for item in open_stream(sse_response(events))] == [0, 1]


def test_tolerant_syntax_no_space_and_crlf() -> None:
    body = Body([b'data:{"id":"c0"}\r\n\r\ndata: {"id":"c1",\r\ndata: "n":1}\r\rdata:[DONE]\r\n\r\n'])
    assert [item.n for item in open_stream(sse(body))] == [0, 1]


def test_provider_extra_fields_are_attributes() -> None:
    payload = chunk(0, reasoning_content="thinking", x_groq={"id": "g"}, choices=[{"index": 0, "logprobs_x": 1}])
    [item] = list(open_stream(sse_response([payload])))
    assert item.reasoning_content == "thinking"
    assert item.x_groq == {"id": "g"}
    assert item.extra == {"reasoning_content": "thinking", "x_groq": {"id": "g"}}
    assert item.choices[0].logprobs_x == 1
    assert item.to_dict()["reasoning_content"] == "thinking"


def test_every_split_yields_the_same_items() -> None:
    events = [
        chunk(0, choices=[{"index": 0, "text": "h\u00e9llo \U0001f600 \u2028"}]),
        b": keep-alive\r\n\r\n",
        b'data:{"id":"c1",\r\ndata: "n": 1}\r\r',
        chunk(2, reasoning_content="\u20ac"),
    ]
    body = sse_body(events)
    expected = [item.to_dict() for item in open_stream(sse_response(events, done=True))]
    assert [d["n"] for d in expected] == [0, 1, 2]
    for cut in range(len(body) + 1):
        got = list(open_stream(sse(Body([body[:cut], body[cut:]]))))
        assert [item.to_dict() for item in got] == expected, cut
    one_byte = open_stream(sse_response(events, chunk_sizes=[1]))
    assert [item.to_dict() for item in one_byte] == expected


# -- errors inside a 200 stream ---------------------------------------------------------------


def test_error_event_mid_stream_raises_with_the_items_before() -> None:
    error = {"message": "The server is overloaded", "type": "server_error", "code": "overloaded", "param": None}
    response = sse_response([chunk(0), chunk(1), {"error": error}, chunk(2)], headers={"x-request-id": "req_9"})
    stream = open_stream(response)
    seen = []
    with pytest.raises(APIStreamError) as info:
        for item in stream:
            seen.append(item.n)
    exc = info.value
    assert seen == [0, 1]
    assert exc.message == "The server is overloaded"
    assert str(exc) == "The server is overloaded"
    assert (exc.code, exc.type, exc.param) == ("overloaded", "server_error", None)
    assert exc.body == error
    assert [item.n for item in exc.items] == [0, 1]
    assert exc.request_id == "req_9"
    assert exc.request is stream.request
    assert not isinstance(exc, APIStatusError)
    assert response.is_closed


def test_error_code_is_stringified_and_string_errors_are_messages() -> None:
    with pytest.raises(APIStreamError) as info:
        list(open_stream(sse_response([{"error": {"message": "bad", "code": 500}}])))
    assert info.value.code == "500"
    with pytest.raises(APIStreamError) as info:
        list(open_stream(sse_response([chunk(0), {"error": "rate limited upstream"}])))
    assert info.value.message == "rate limited upstream"
    assert [item.n for item in info.value.items] == [0]


@pytest.mark.parametrize(
    "error",
    [{"message": 42}, {"message": None, "code": "x"}, {"message": ""}, {"code": "x"}, {"message": ["a"]}, True],
)
def test_error_without_a_string_message_gets_a_default(error: Any) -> None:
    with pytest.raises(APIStreamError) as info:
        list(open_stream(sse_response([{"error": error}])))
    assert info.value.message == "An error occurred during streaming"


@pytest.mark.parametrize(
    ("event", "message", "code"),
    [
        (b'event: error\ndata: {"message": "boom", "type": "overloaded_error", "code": 529}\n\n', "boom", "529"),
        (b'event: error\ndata: {"error": {"message": "inner", "code": "c"}}\n\n', "inner", "c"),
        (b"event: error\ndata: upstream connection lost\n\n", "upstream connection lost", None),
        (b"event: error\ndata: {}\n\n", "An error occurred during streaming", None),
    ],
)
def test_event_error_raises(event: bytes, message: str, code: Optional[str]) -> None:
    stream = open_stream(sse_response([chunk(0), event, chunk(1)]))
    with pytest.raises(APIStreamError) as info:
        list(stream)
    assert info.value.message == message
    assert info.value.code == code
    assert [item.n for item in info.value.items] == [0]
    assert stream.response.is_closed


def test_falsy_error_key_is_an_item() -> None:
    [item] = list(open_stream(sse_response([chunk(0, error=None)])))
    assert item.error is None


def test_responses_style_error_type_is_not_an_error_key() -> None:
    # Responses API error events have "type": "error" and no "error" key: they are items.
    payload = {"type": "error", "code": "x", "message": "m", "sequence_number": 1}
    assert list(open_stream(sse_response([payload]), cast_to=object)) == [payload]


def test_invalid_json_raises_validation_error_with_the_raw_event() -> None:
    response = sse_response([chunk(0), b'data: {"id": "c1", oops\ndata: more\n\n', chunk(2)])
    stream = open_stream(response)
    with pytest.raises(APIResponseValidationError) as info:
        list(stream)
    assert info.value.raw_body == b'{"id": "c1", oops\nmore'
    assert info.value.status_code == 200
    assert info.value.request is stream.request
    assert [item.n for item in stream.items] == [0]
    assert response.is_closed


def test_an_event_that_is_not_an_object_raises_validation_error() -> None:
    with pytest.raises(APIResponseValidationError) as info:
        list(open_stream(sse_response([{"id": "c0", "n": 0}, [5]])))
    assert info.value.raw_body == b"[5]"
    assert [item.n for item in info.value.items] == [0]


def test_a_field_of_the_wrong_type_is_kept_as_sent() -> None:
    [item] = list(open_stream(sse_response([{"id": 5, "n": "many"}])))
    assert (item.id, item.n) == (5, "many")


def test_invalid_utf8_raises_validation_error() -> None:
    response = sse_response([b'data: {"id": "\xff\xfe"}\n\n'])
    with pytest.raises(APIResponseValidationError) as info:
        list(open_stream(response))
    assert info.value.raw_body == b'{"id": "\xff\xfe"}'
    assert response.is_closed


def test_event_error_with_invalid_utf8_raises_a_typed_error() -> None:
    with pytest.raises(APIStreamError) as info:
        list(open_stream(sse_response([b"event: error\ndata: upstream \xff failed\n\n"])))
    assert info.value.message == "upstream \ufffd failed"


# -- closing ----------------------------------------------------------------------------------


def test_with_block_closes() -> None:
    body = Body([ev(chunk(i)) for i in range(5)])
    with open_stream(sse(body)) as stream:
        assert next(stream).n == 0
    assert body.closed
    assert stream.response.is_closed
    assert body.served == 1


def test_close_mid_stream() -> None:
    body = Body([ev(chunk(i)) for i in range(5)])
    stream = open_stream(sse(body))
    assert next(stream).n == 0
    stream.close()
    assert body.closed
    with pytest.raises(StopIteration):
        next(stream)
    assert [item.n for item in stream.items] == [0]
    stream.close()  # twice is fine


def test_close_before_iterating() -> None:
    body = Body([ev(chunk(0))])
    stream = open_stream(sse(body))
    stream.close()
    assert body.closed
    assert list(stream) == []


def test_until_done_keeps_the_items() -> None:
    stream = open_stream(sse_response([chunk(0), chunk(1)])).until_done()
    assert [item.n for item in stream.items] == [0, 1]


def test_dropping_a_stream_closes_it() -> None:
    body = Body([ev(chunk(i)) for i in range(5)])
    stream = open_stream(sse(body))
    assert next(stream).n == 0
    del stream
    gc.collect()
    assert body.closed


def test_dropping_a_stream_never_iterated_closes_it() -> None:
    body = Body([ev(chunk(0))])
    stream = open_stream(sse(body))
    del stream
    gc.collect()
    assert body.closed




def test_break_closes_the_response() -> None:
    body = Body([ev(chunk(i)) for i in range(5)])
    session, _ = make_session(sse(body))
    gc.disable()  # the cyclic GC must not do the closing behind the test's back
    try:
        for item in session.stream("POST", "/chat/completions", cast_to=Chunk, body={}):
            assert item.n == 0
            break
        assert body.closed
    finally:
        gc.enable()


def test_break_closes_the_response_when_the_stream_is_kept() -> None:
    body = Body([ev(chunk(i)) for i in range(5)])
    stream = open_stream(sse(body))
    gc.disable()
    try:
        for item in stream:
            assert item.n == 0
            break
        assert body.closed
    finally:
        gc.enable()


# -- request and response metadata ------------------------------------------------------------


def test_request_asks_for_event_stream() -> None:
    session, transport = make_session(sse_response([chunk(0)]))
    stream = session.stream("POST", "/chat/completions", cast_to=Chunk, body={"model": "m", "stream": True})
    list(stream)
    request = transport.last_request
    assert request.method == "POST"
    assert request.url == f"{BASE_URL}/chat/completions"
    assert request.headers["Accept"] == "text/event-stream"
    assert request.headers["Authorization"] == "Bearer sk-test"
    assert request_json(request) == {"model": "m", "stream": True}
    assert stream.request is request


def test_headers_request_id_and_retries_taken() -> None:
    response = sse_response([chunk(0)], headers={"x-request-id": "req_123", "openai-processing-ms": "12"})
    stream = open_stream(error_response(500, "oops"), error_response(503, "again"), response)
    assert stream.retries_taken == 2
    assert stream.request_id == "req_123"
    assert stream.headers["Content-Type"] == "text/event-stream"
    assert stream.headers["openai-processing-ms"] == "12"
    assert stream.response is response
    assert "Stream of Chunk [200]" in repr(stream)
    assert [item.n for item in stream] == [0]


def test_error_status_before_the_stream_raises_status_error() -> None:
    with pytest.raises(APIStatusError) as info:
        open_stream(error_response(400, "bad model", code="model_not_found"))
    assert info.value.status_code == 400
    assert info.value.code == "model_not_found"


# -- timeouts and transport errors during iteration --------------------------------------------


def test_stream_idle_times_out_on_keep_alives_only() -> None:
    clock = FakeClock()
    body = Body([ev(chunk(0))] + [b": keep-alive\n\n"] * 100, clock=clock, step=1.0)
    session, transport = make_session(sse(body), clock=clock, timeout=Timeout(60.0, stream_idle=5.0))
    stream = session.stream("POST", "/chat/completions", cast_to=Chunk, body={})
    assert transport.last_request.read_timeout == 5.0  # each socket read waits at most stream_idle
    seen = []
    with pytest.raises(APITimeoutError) as info:
        for item in stream:
            seen.append(item.n)
    assert seen == [0]
    assert "stream_idle" in info.value.message
    assert info.value.request is stream.request
    assert body.served == 7  # event at t+1; keep-alives at t+2..t+7; 6 s > 5 s without an event
    assert body.closed


def test_a_trickling_event_does_not_reset_stream_idle() -> None:
    clock = FakeClock()
    data = ev(chunk(0))
    body = Body([data[i : i + 1] for i in range(len(data))], clock=clock, step=1.0)
    with pytest.raises(APITimeoutError):
        list(open_stream(sse(body), clock=clock, timeout=Timeout(60.0, stream_idle=5.0)))
    assert body.served == 6


def test_events_reset_stream_idle() -> None:
    clock = FakeClock()
    pieces: List[bytes] = []
    for i in range(20):
        pieces += [b": keep-alive\n\n"] * 3 + [ev(chunk(i))]
    body = Body(pieces, clock=clock, step=1.0)
    stream = open_stream(sse(body), clock=clock, timeout=Timeout(60.0, stream_idle=5.0))
    assert [item.n for item in stream] == list(range(20))
    assert clock.now == 1080.0


def test_total_deadline_stops_a_stream_that_keeps_sending() -> None:
    clock = FakeClock()
    body = Body([ev(chunk(i)) for i in range(100)], clock=clock, step=1.0)
    stream = open_stream(sse(body), clock=clock, timeout=Timeout(60.0, total=5.5))
    with pytest.raises(APITimeoutError) as info:
        list(stream)
    assert "total" in info.value.message
    assert [item.n for item in stream.items] == [0, 1, 2, 3, 4]
    assert body.closed


def test_total_deadline_with_keep_alives_and_no_idle_limit() -> None:
    clock = FakeClock()
    body = Body([b": keep-alive\n\n"] * 100, clock=clock, step=1.0)
    session, transport = make_session(sse(body), clock=clock, timeout=Timeout(None, total=3.0))
    stream = session.stream("POST", "/chat/completions", cast_to=Chunk, body={})
    assert transport.last_request.read_timeout == 3.0  # a read never outlasts the deadline
    with pytest.raises(APITimeoutError):
        list(stream)
    assert body.served == 4


def test_no_timeouts_without_limits() -> None:
    clock = FakeClock()
    body = Body([b": keep-alive\n\n"] * 50 + [ev(chunk(0))], clock=clock, step=100.0)
    assert [item.n for item in open_stream(sse(body), clock=clock, timeout=Timeout(None))] == [0]


@pytest.mark.parametrize(
    "error", [APIConnectionError(message="Connection error."), APITimeoutError(message="Request timed out.")]
)
def test_transport_error_during_iteration_propagates(error: APIError) -> None:
    body = Body([ev(chunk(0)), b'data: {"id": "c1"'], error=error)
    stream = open_stream(sse(body))
    with pytest.raises(APIConnectionError) as info:
        list(stream)
    assert info.value is error
    assert [item.n for item in stream.items] == [0]
    assert body.closed
