"""Property-based fuzzing of everything that parses what a server sends.

Oracles: the SSE decoder gives the same events however the bytes are split and agrees with a
transcription of the WHATWG algorithm written here; every path from bytes to typed results (the
typed stream, the chunk accumulator, error bodies, response bodies) returns or raises one of this
library's errors, never a raw msgspec, Unicode, index or recursion error. Deterministic and bounded
(``derandomize=True``, no example database), so CI runs the same cases every time.

``tests/test_sse.py`` checks well-formed event streams split anywhere; here the bytes are arbitrary.
The same targets, coverage-guided, are in ``fuzz/atheris_targets.py`` (run by ``scripts/fuzz``).
"""

from __future__ import annotations

import base64
import contextlib
import math
import re
from typing import Any, Callable, List, Optional, Sequence, Tuple

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from openai_compat import (
    APIResponseValidationError,
    APIStatusError,
    Client,
    Headers,
    OpenAIError,
    Response,
    RetryPolicy,
    Session,
    SSEDecoder,
)
from openai_compat._internals import encode_json, make_status_error, parse_retry_after
from openai_compat.testing import MockTransport, sse_response
from openai_compat.types.chat import ChatCompletion, ChatCompletionChunk
from openai_compat.types.embeddings import CreateEmbeddingResponse, Embedding

BOM = b"\xef\xbb\xbf"
Ev = Tuple[Optional[str], bytes, Optional[str], Optional[int]]
FUZZ = settings(max_examples=250, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
# For the JSON-structured cases, whose generation costs more than the code under test.
FUZZ_JSON = settings(FUZZ, max_examples=120)

# -- byte strategies ---------------------------------------------------------------------------

# The pieces event streams are made of, the ones that break parsers, and random bytes between them.
_TOKENS = [b"data", b"data:", b"data: ", b"event", b"event:", b"id:", b"id", b"retry:", b"retry: 12", b":", b" ",
           b"\r", b"\n", b"\r\n", b"\n\n", b"\r\r", BOM, b"\xef", b"\xbb", b"\xd0\xb8", b"\xd0", b"\xff", b"\x00",
           b"x", b"[DONE]", b'{"a":1}', b"{", b"}", b'"', b'{"error":', b'{"choices":[', b"\xe2\x80\xa8"]
_piece = st.sampled_from(_TOKENS) | st.binary(max_size=6)
byte_streams = st.lists(_piece, max_size=40).map(b"".join)


def cut(body: bytes, cuts: Sequence[int]) -> List[bytes]:
    bounds = [0, *sorted(cuts), len(body)]
    return [body[a:b] for a, b in zip(bounds, bounds[1:])]


def decode_pieces(pieces: Sequence[bytes]) -> List[Ev]:
    decoder = SSEDecoder()
    events: List[Ev] = []
    for piece in pieces:
        events.extend(decoder.feed_raw(piece))
    events.extend(decoder.end_raw())
    return events


def reference_decode(body: bytes) -> List[Ev]:
    """WHATWG "interpreting an event stream", transcribed line by line, with this library's stated
    choices: a leading BOM is dropped, an event needs a data line, a last event without its blank
    line is still dispatched, ``retry`` is reported on the event that carried it."""
    if body.startswith(BOM):
        body = body[len(BOM):]
    events: List[Ev] = []
    data: List[bytes] = []
    event: Optional[str] = None
    last_id: Optional[str] = None
    retry: Optional[int] = None
    for line in [*re.split(rb"\r\n|\r|\n", body), b""]:
        if not line:
            if data:
                events.append((event or None, b"\n".join(data), last_id, retry))
            data, event, retry = [], None, None
            continue
        if line.startswith(b":"):
            continue
        name, colon, value = line.partition(b":")
        if colon and value.startswith(b" "):
            value = value[1:]
        if name == b"data":
            data.append(value)
        elif name == b"event":
            event = value.decode("utf-8", "replace")
        elif name == b"id" and b"\x00" not in value:
            last_id = value.decode("utf-8", "replace")
        elif name == b"retry" and value and all(48 <= c <= 57 for c in value):
            retry = int(value)
    return events


# -- 1. the SSE decoder: any bytes, any split ----------------------------------------------------


@FUZZ
@given(body=byte_streams, data=st.data())
def test_sse_any_bytes_split_anywhere_give_the_same_events(body: bytes, data: st.DataObject) -> None:
    cuts = data.draw(st.lists(st.integers(0, len(body)), max_size=10))
    whole = decode_pieces([body])
    assert whole == reference_decode(body)
    assert decode_pieces(cut(body, cuts)) == whole
    assert decode_pieces([body[i:i + 1] for i in range(len(body))]) == whole


@FUZZ
@given(body=st.binary(max_size=300), data=st.data())
def test_sse_random_binary_split_anywhere(body: bytes, data: st.DataObject) -> None:
    cuts = data.draw(st.lists(st.integers(0, len(body)), max_size=6))
    whole = decode_pieces([body])
    assert whole == reference_decode(body)
    assert decode_pieces(cut(body, cuts)) == whole
    # The public wrappers agree with the tuples and never fail on the bytes they carry.
    decoder = SSEDecoder()
    wrapped = [*decoder.feed(body), *decoder.end()]
    assert [(e.event, e.raw_data, e.id, e.retry) for e in wrapped] == whole


# -- 2. bytes into the typed stream --------------------------------------------------------------


def mock_session(handler: Callable[[Any], Response], base_url: str = "https://api.example.test/v1") -> Session:
    return Session(api_key="sk-fuzz", base_url=base_url, transport=MockTransport(handler), max_retries=0)


def consume_stream(body: bytes, chunk_sizes: Sequence[int], cast_to: Any) -> None:
    session = mock_session(lambda request: sse_response([body], done=False, chunk_sizes=chunk_sizes))
    try:
        stream = session.stream("POST", "chat/completions", cast_to=cast_to, body={})
        for item in stream:
            if isinstance(item, ChatCompletionChunk):
                item.to_dict()
                _ = item.delta_text
        _ = stream.items
        event(f"{getattr(cast_to, '__name__', cast_to)}: {len(stream.items)} items")
    except OpenAIError as exc:
        event(f"{getattr(cast_to, '__name__', cast_to)}: {type(exc).__name__}")


sizes = st.lists(st.integers(1, 64), min_size=1, max_size=4)
# Lines that are often whole events, so the bytes get past the SSE layer into decoding and the
# in-band error checks, broken in every way the tokens and random bytes allow.
_PAYLOADS = [b'{"id":"c","choices":[{"index":0,"delta":{"content":"hi"}}]}', b'{"choices":[]}', b"[DONE]",
             b'{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{"}}]}}]}', b"{}",
             b'{"error":{"message":"x","code":5}}', b'{"error":"boom"}', b'{"error":null}', b'{"error":[1]}',
             b'{"usage":{"total_tokens":1},"x":1}', b'{"choices":[{"delta":{"content":"\xff"}}]}', b"[" * 300,
             b"[" * 5000, b'{"a":"\xff"}', b"1" * 400, b"nul\x00l", b'{"choices":7}', b'"text"']
_line = st.tuples(st.sampled_from([b"data: ", b"data:", b"event: error\ndata: ", b"", b": ", b"id: 1\ndata: "]),
                  st.sampled_from(_PAYLOADS) | _piece, st.sampled_from([b"\n\n", b"\r\n\r\n", b"\n", b"\r", b""]))
sse_ish = st.lists(_line.map(b"".join), max_size=8).map(b"".join) | byte_streams


@FUZZ
@given(body=sse_ish, chunk_sizes=sizes)
def test_any_bytes_into_the_typed_stream_raise_only_our_errors(body: bytes, chunk_sizes: List[int]) -> None:
    consume_stream(body, chunk_sizes, ChatCompletionChunk)
    consume_stream(body, chunk_sizes, object)


# -- 3. error bodies and 2xx bodies ---------------------------------------------------------------

# JSON-ish bytes: what a broken server or proxy sends (HTML pages, truncated JSON, wrong shapes).
_JSON_BITS = [b"{", b"}", b"[", b"]", b'"', b":", b",", b'"error"', b'"message"', b'"code"', b'"param"', b'"type"',
              b'"choices"', b'"data"', b'"embedding"', b'"usage"', b"null", b"true", b"1e999", b"-0", b"1" * 30,
              b'"\\ud800"', b'"\\u00e9"', b"\xff", b"\xef\xbb\xbf", b"<html>", b" ", b"\n", b"NaN"]
json_ish = st.lists(st.sampled_from(_JSON_BITS) | st.binary(max_size=4), max_size=30).map(b"".join) | st.binary(
    max_size=200)


@FUZZ
@given(body=json_ish, status=st.integers(300, 599), request_id=st.none() | st.text(max_size=10))
def test_any_error_body_makes_a_status_error(body: bytes, status: int, request_id: Optional[str]) -> None:
    headers = {} if request_id is None else {"x-request-id": request_id}
    error = make_status_error(Response(status, headers, content=body), body)
    assert isinstance(error, APIStatusError) and error.status_code == status and error.raw_body == body
    assert str(error).startswith(f"Error code: {status}")
    repr(error)
    assert error.code is None or isinstance(error.code, str)


@FUZZ
@given(body=json_ish, status=st.integers(400, 599))
def test_any_error_body_through_the_session_raises_a_status_error(body: bytes, status: int) -> None:
    session = mock_session(lambda request: Response(status, {}, content=body))
    with pytest.raises(APIStatusError):
        session.request("GET", "models", cast_to=object)


@FUZZ
@given(body=json_ish)
def test_any_2xx_body_decodes_or_raises_a_validation_error(body: bytes) -> None:
    session = mock_session(lambda request: Response(200, {}, content=body))
    for cast_to in (ChatCompletion, CreateEmbeddingResponse, object):
        try:
            session.request("POST", "x", cast_to=cast_to, body={})
        except APIResponseValidationError as exc:
            assert exc.raw_body == body
    # embeddings.create also decodes base64 vectors (asked for from api.openai.com).
    client = Client(api_key="sk-fuzz", base_url="https://api.openai.com/v1", max_retries=0,
                    transport=MockTransport(lambda request: Response(200, {}, content=body)))
    with contextlib.suppress(APIResponseValidationError):
        client.embeddings.create(model="m", input="x")


# -- 4. structured fuzz: JSON-shaped chunks into the typed stream and the accumulator -----------

_KEYS = ["error", "choices", "delta", "content", "index", "id", "role", "finish_reason", "tool_calls", "function",
         "name", "arguments", "type", "usage", "prompt_tokens", "total_tokens", "logprobs", "token", "refusal",
         "message", "model", "created", "object", "reasoning_content", "annotations", "audio", "metadata", "x_groq",
         "function_call", "custom", "data", "code", "service_tier", "moderation", ""]
_scalars = (st.none() | st.booleans() | st.integers(-(2**63), 2**64) | st.floats(allow_nan=False)
            | st.text(max_size=6) | st.sampled_from(["", "assistant", "stop", "function", "x"]))
_keys = st.sampled_from(_KEYS) | st.text(max_size=4)
json_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=4), max_leaves=20
)


# Undeclared on a chunk's objects but declared on the completion's: the merged completion keeps a
# value of the wrong type there as sent (x_groq carries Groq's usage).
_CLASHING = ["annotations", "audio", "metadata", "custom", "x_groq"]


@st.composite
def chunk_shaped(draw: st.DrawFn, noise: bool = True) -> Any:
    """A chat chunk: declared fields well typed, provider extras of any shape, and with ``noise``
    now and then any value at all in place of a declared one."""

    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(json_values) if noise and draw(st.integers(0, 19)) == 0 else draw(strategy)

    def extras() -> Any:
        keys = _keys if noise else st.sampled_from([*_CLASHING, "reasoning", "provider", "content_filter_results"])
        return draw(st.dictionaries(keys, json_values, max_size=2)) if draw(st.integers(0, 3)) == 0 else {}

    def tool_call() -> Any:
        function = {"name": maybe(st.sampled_from(["f", "g", ""]) | st.none()), "arguments": maybe(st.text(max_size=4))}
        return {"index": maybe(st.integers(0, 3) | st.none()), "id": maybe(st.sampled_from(["a", "b"]) | st.none()),
                "type": "function", "function": {**function, **extras()}, **extras()}

    delta: Any = {"role": maybe(st.sampled_from(["assistant", "tool"]) | st.none()),
                  "content": maybe(st.text(max_size=5) | st.none()), **extras()}
    if draw(st.booleans()):
        delta["reasoning_content"] = maybe(st.text(max_size=5))
    if draw(st.booleans()):
        delta["tool_calls"] = [tool_call() for _ in range(draw(st.integers(0, 2)))]
    if draw(st.integers(0, 4)) == 0:
        delta["function_call"] = {"name": maybe(st.just("f")), "arguments": maybe(st.text(max_size=3))}
    choice = {"index": maybe(st.integers(0, 2)), "delta": delta, "finish_reason": maybe(st.none() | st.just("stop")),
              **extras()}
    if draw(st.booleans()):
        choice["logprobs"] = maybe(st.just({"content": [{"token": "t", "logprob": -1.0, "top_logprobs": []}]}))
    chunk = {"id": maybe(st.just("c1")), "object": "chat.completion.chunk", "created": maybe(st.integers(0, 9)),
             "model": maybe(st.just("m")), "choices": [choice] if draw(st.booleans()) else maybe(st.just([])),
             **extras()}
    if draw(st.integers(0, 3)) == 0:
        chunk["usage"] = maybe(st.just({"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}))
    return chunk


def events_body(events: Sequence[Any], done: bool) -> bytes:
    body = b"".join(b"data: " + encode_json(e) + b"\n\n" for e in events)
    return body + (b"data: [DONE]\n\n" if done else b"")


@FUZZ_JSON
@given(events=st.lists(st.integers(0, 4).flatmap(lambda n: json_values if n == 0 else chunk_shaped()), max_size=6),
       done=st.booleans(), chunk_sizes=sizes)
def test_json_shaped_chunks_into_stream_and_accumulator_raise_only_our_errors(
    events: List[Any], done: bool, chunk_sizes: List[int]
) -> None:
    body = events_body(events, done)
    client = Client(api_key="sk-fuzz", max_retries=0,
                    transport=MockTransport(lambda request: sse_response([body], done=False, chunk_sizes=chunk_sizes)))
    try:
        completion = client.chat.completions.create(model="m", messages=[], stream=True).get_final_completion()
    except OpenAIError as exc:
        event(type(exc).__name__)  # --hypothesis-show-statistics shows how the cases ended
        return
    event("completed")
    assert isinstance(completion, ChatCompletion)
    completion.to_dict()
    completion.to_json()


@FUZZ_JSON
@given(events=st.lists(chunk_shaped(noise=False), min_size=1, max_size=5))
def test_well_formed_chunks_accumulate_to_a_completion(events: List[Any]) -> None:
    # Chunks that decode one by one also merge: get_final_completion fails only where the merged
    # message would be invalid as a non-streamed completion too.
    client = Client(api_key="sk-fuzz", max_retries=0,
                    transport=MockTransport(lambda request: sse_response(events)))
    stream = client.chat.completions.create(model="m", messages=[], stream=True)
    try:
        chunks = list(stream)
    except OpenAIError as exc:
        event(f"stream: {type(exc).__name__}")
        return
    completion = stream.get_final_completion()
    event("completed")
    indexes = sorted({c.index for chunk in chunks for c in chunk.choices})
    assert [choice.index for choice in completion.choices] == indexes
    for choice in completion.choices:
        pieces = [c.delta.content for chunk in chunks for c in chunk.choices if c.index == choice.index]
        texts = [p for p in pieces if p is not None]
        assert choice.message.content == ("".join(texts) if texts else None)


@pytest.mark.parametrize(
    ("chunk", "read_back", "sent"),
    [
        # Found by the test above when such a merge was refused: ChatCompletion declares metadata.
        ({"choices": [], "metadata": []}, lambda c: c.metadata, []),
        ({"choices": [{"index": 0, "delta": {"content": "a", "annotations": "x"}}]},
         lambda c: c.choices[0].message.annotations, "x"),
        ({"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "t", "custom": 5}]}}]},
         lambda c: c.choices[0].message.tool_calls[0].custom, 5),
        ({"choices": [], "x_groq": {"usage": {"total_tokens": "many"}}}, lambda c: c.usage.total_tokens, "many"),
    ],
    ids=["metadata", "annotations", "custom", "x_groq-usage"],
)
def test_chunks_whose_fields_clash_with_the_completion_merge_keeping_what_was_sent(
    chunk: Any, read_back: Callable[[Any], Any], sent: Any
) -> None:
    client = Client(api_key="sk-fuzz", max_retries=0, transport=MockTransport(lambda request: sse_response([chunk])))
    stream = client.chat.completions.create(model="m", messages=[], stream=True)
    assert len(list(stream)) == 1
    assert read_back(stream.get_final_completion()) == sent


@pytest.mark.parametrize("depth", [600, 1500, 5000])
def test_deeply_nested_extras_raise_only_a_validation_error(depth: int) -> None:
    # Where the RecursionError comes (decoding the chunk, or merging it) depends on the Python
    # version's recursion limits; which error comes out must not.
    deep = b'{"x":' * depth + b"1" + b"}" * depth
    body = b'data: {"choices": [{"index": 0, "delta": {"content": "a", "deep": ' + deep + b"}}]}\n\n"
    client = Client(api_key="sk-fuzz", max_retries=0, transport=MockTransport(lambda request: sse_response([body])))
    try:
        completion = client.chat.completions.create(model="m", messages=[], stream=True).get_final_completion()
    except APIResponseValidationError:
        return
    assert completion.choices[0].message.content == "a"


# -- 5. Retry-After from any header ---------------------------------------------------------------

retry_values = st.sampled_from(["inf", "-inf", "nan", "1e309", "9" * 35, "Fri, 31 Dec 99999 23:59:59 GMT",
                                "Wed, 21 Oct 2015 07:28:00 GMT", "-1", "0", "1.5", "", " 2 "]) | st.text(max_size=30)


@FUZZ
@given(ms=st.none() | retry_values, seconds=st.none() | retry_values, should=st.none() | st.text(max_size=5),
       status=st.integers(400, 599))
def test_retry_after_from_any_header_is_bounded(ms: Optional[str], seconds: Optional[str], should: Optional[str],
                                                status: int) -> None:
    fields = {"retry-after-ms": ms, "retry-after": seconds, "x-should-retry": should}
    headers = Headers({k: v for k, v in fields.items() if v is not None})
    policy = RetryPolicy(random=lambda: 0.5)
    asked = parse_retry_after(headers, lambda: 1_700_000_000.0)
    assert asked is None or not math.isnan(asked)
    delay = policy.delay(0, headers)
    assert 0 < delay <= max(policy.max_delay, policy.max_retry_after)
    assert policy.should_retry(status, headers, None) in (True, False)


# -- 6. JSON-shaped error and 2xx bodies ------------------------------------------------------------

_b64 = st.binary(max_size=24).map(lambda b: base64.b64encode(b).decode())
_embedding = st.fixed_dictionaries({"embedding": _b64 | st.text(max_size=12) | st.lists(st.floats(), max_size=3)
                                    | json_values, "index": st.integers(0, 3) | json_values})
json_bodies = st.one_of(
    json_values,
    st.fixed_dictionaries({"error": json_values}),
    st.fixed_dictionaries({"error": st.dictionaries(st.sampled_from(["message", "code", "param", "type"]),
                                                    json_values)}),
    st.fixed_dictionaries({"data": st.lists(_embedding, max_size=3), "model": json_values}),
    st.integers(0, 4).flatmap(lambda n: chunk_shaped() if n else json_values),
)


@FUZZ_JSON
@given(body=json_bodies, status=st.integers(400, 599))
def test_json_error_bodies_make_status_errors_with_their_message(body: Any, status: int) -> None:
    raw = encode_json(body)
    error = make_status_error(Response(status, {}, content=raw), raw)
    inner = body.get("error") if isinstance(body, dict) else None
    message = inner.get("message") if isinstance(inner, dict) else None
    if isinstance(message, str) and message:
        assert str(error) == f"Error code: {status} - {message}"
    assert error.code is None or isinstance(error.code, str)
    assert error.param is None or isinstance(error.param, str)


@FUZZ_JSON
@given(body=json_bodies)
def test_json_2xx_bodies_decode_or_raise_a_validation_error(body: Any) -> None:
    raw = encode_json(body)
    session = mock_session(lambda request: Response(200, {}, content=raw))
    for cast_to in (ChatCompletion, ChatCompletionChunk, CreateEmbeddingResponse):
        with contextlib.suppress(APIResponseValidationError):
            session.request("POST", "x", cast_to=cast_to, body={}).to_dict()
    client = Client(api_key="sk-fuzz", base_url="https://api.openai.com/v1", max_retries=0,
                    transport=MockTransport(lambda request: Response(200, {}, content=raw)))
    try:
        result = client.embeddings.create(model="m", input="x")
    except APIResponseValidationError:
        return
    # A base64 vector is decoded; anything else is kept as the server sent it.
    items = result.data if type(result.data) is list else []
    vectors = [item.embedding for item in items if isinstance(item, Embedding)]
    assert not any(isinstance(vector, str) for vector in vectors)
