"""``responses.stream()``: openai-python's helper events over ``MockTransport`` (text, function
calls, refusals, every other event passed through), each stream also split into 1-byte and 7-byte
reads; a new response or an existing background one by ``response_id``, resumed after a dropped
connection by the ``ResponseStream`` underneath; the answer parsed as ``parse`` parses it."""

from __future__ import annotations

from typing import Any, Dict, List

import msgspec
import pytest
from test_responses import (
    BASE,
    _background_events,
    _dropping,
    make,
    model_response,
    named,
    numbered,
    path_and_query,
    text_stream,
)

from openai_compat import APIStreamError, Client, NoFinalResponseError, SnapshotTooLargeError
from openai_compat._internals import responses_helper as helper
from openai_compat.resources import responses_stream
from openai_compat.resources.responses_parse import function_tool
from openai_compat.testing import MockTransport, request_json, sse_response
from openai_compat.types import responses_events as ev
from openai_compat.types.responses import Response
from openai_compat.types.responses_parsed import ParsedFunctionCall, ParsedResponse

SPLITS = [None, [1], [7]]


class City(msgspec.Struct):
    name: str


class Lookup(msgspec.Struct):
    """Look a word up."""

    word: str


def call_stream(*pieces: str) -> List[Dict[str, Any]]:
    call = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "Lookup", "arguments": "",
            "status": "in_progress"}
    whole = "".join(pieces)
    done = {**call, "arguments": whole, "status": "completed"}
    return numbered(
        {"type": "response.created", "response": model_response(status="in_progress")},
        {"type": "response.output_item.added", "output_index": 0, "item": call},
        *({"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 0, "delta": piece}
          for piece in pieces),
        {"type": "response.function_call_arguments.done", "item_id": "fc_1", "output_index": 0, "arguments": whole},
        {"type": "response.output_item.done", "output_index": 0, "item": done},
        {"type": "response.completed", "response": model_response(done)},
    )


@pytest.mark.parametrize("split", SPLITS)
def test_text_events_carry_their_snapshot_and_the_final_response_is_parsed(split: Any) -> None:
    events = text_stream('{"name": "Pa', 'ris"}')
    session, transport = make(lambda request: sse_response(named(*events), done=False, chunk_sizes=split))
    with responses_stream.stream(session, model="gpt-test", input="Hi", text_format=City) as stream:
        got = list(stream)
        final = stream.get_final_response()
    assert [event.type for event in got] == [event["type"] for event in events]
    deltas = [event for event in got if isinstance(event, helper.ResponseTextDeltaEvent)]
    assert [(event.delta, event.snapshot) for event in deltas] == [
        ('{"name": "Pa', '{"name": "Pa'), ('ris"}', '{"name": "Paris"}')]
    assert isinstance(deltas[0], ev.ResponseTextDeltaEvent)  # still the event it extends
    done = next(event for event in got if isinstance(event, helper.ResponseTextDoneEvent))
    assert done.parsed == City("Paris") and done.text == '{"name": "Paris"}'
    completed = got[-1]
    assert isinstance(completed, helper.ResponseCompletedEvent) and isinstance(completed.response, ParsedResponse)
    assert isinstance(final, ParsedResponse) and final.output_parsed == City("Paris") and final is completed.response
    body = request_json(transport.last_request)
    assert body["stream"] is True and body["text"]["format"]["name"] == "City"


@pytest.mark.parametrize("split", SPLITS)
def test_function_call_arguments_carry_their_snapshot_and_are_parsed(split: Any) -> None:
    events = call_stream('{"wo', 'rd": "x"}')
    session, transport = make(lambda request: sse_response(named(*events), done=False, chunk_sizes=split))
    with responses_stream.stream(session, model="gpt-test", input="Hi", tools=[function_tool(Lookup)]) as stream:
        got = list(stream)
        final = stream.get_final_response()
    deltas = [event for event in got if isinstance(event, helper.ResponseFunctionCallArgumentsDeltaEvent)]
    assert [(event.delta, event.snapshot) for event in deltas] == [('{"wo', '{"wo'), ('rd": "x"}', '{"word": "x"}')]
    item = final.output[0]
    assert isinstance(item, ParsedFunctionCall) and item.parsed_arguments == Lookup("x")
    assert request_json(transport.last_request)["tools"][0]["name"] == "Lookup"


def test_a_refusal_and_other_events_pass_through() -> None:
    ids = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    item = {"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress", "content": []}
    events = numbered(
        {"type": "response.created", "response": model_response(status="in_progress")},
        {"type": "response.output_item.added", "output_index": 0, "item": item},
        {"type": "response.content_part.added", **ids, "part": {"type": "refusal", "refusal": ""}},
        {"type": "response.refusal.delta", **ids, "delta": "No."},
        {"type": "response.refusal.done", **ids, "refusal": "No."},
        {"type": "response.reasoning_summary_text.delta", "item_id": "rs_1", "output_index": 1, "summary_index": 0,
         "delta": "hmm"},
        {"type": "response.something_new", "detail": 1},
        {"type": "response.completed", "response": model_response(
            {**item, "status": "completed", "content": [{"type": "refusal", "refusal": "No."}]})},
    )
    session, _ = make(lambda request: sse_response(named(*events), done=False))
    with responses_stream.stream(session, model="gpt-test", input="Hi", text_format=City) as stream:
        kinds = [type(event).__name__ for event in stream]
        final = stream.get_final_response()
    assert kinds == ["ResponseCreatedEvent", "ResponseOutputItemAddedEvent", "ResponseContentPartAddedEvent",
                     "ResponseRefusalDeltaEvent", "ResponseRefusalDoneEvent", "ResponseReasoningSummaryTextDeltaEvent",
                     "UnknownEvent", "ResponseCompletedEvent"]
    assert final.output_parsed is None  # a refusal is not parsed


def test_without_response_completed_there_is_no_final_response() -> None:
    events = text_stream("x", terminal="response.incomplete", status="incomplete")
    session, _ = make(lambda request: sse_response(named(*events), done=False))
    with responses_stream.stream(session, model="gpt-test", input="Hi") as stream:
        assert stream.until_done() is stream
        with pytest.raises(NoFinalResponseError, match=r"response\.completed"):
            stream.get_final_response()
        assert stream.current_response_snapshot is not None  # the incomplete response is still there
        assert stream.current_response_snapshot.status == "incomplete"


def test_an_existing_response_is_streamed_from_its_start_and_shown_after_starting_after() -> None:
    events = text_stream("a", "b", "c")
    session, transport = make(lambda request: sse_response(named(*events), done=False))
    with responses_stream.stream(session, response_id="resp_1", starting_after=5) as stream:
        got = list(stream)
        final = stream.get_final_response()
    assert [event.sequence_number for event in got] == list(range(6, len(events)))
    # The snapshots take in every event, also those before starting_after.
    assert [event.snapshot for event in got if isinstance(event, helper.ResponseTextDeltaEvent)] == ["abc"]
    assert final.output_text == "abc"
    request = transport.last_request
    assert request.method == "GET" and path_and_query(request) == ("/v1/responses/resp_1", [("stream", "true")])


def test_an_existing_background_response_resumes_after_a_dropped_connection() -> None:
    events = _background_events()
    answers = iter([_dropping(named(*events[:6])), sse_response(named(*events[6:]), done=False)])
    session, transport = make(lambda request: next(answers))
    session.retry.sleep = lambda seconds: None
    with responses_stream.stream(session, response_id="resp_1") as stream:
        got = list(stream)
        final = stream.get_final_response()
    assert [event.sequence_number for event in got] == list(range(len(events)))
    assert stream.raw.resumes == 1 and final.output_text == "abc"
    assert path_and_query(transport.requests[1]) == ("/v1/responses/resp_1", [("stream", "true"),
                                                                              ("starting_after", "5")])


def test_what_cannot_be_combined_is_refused_before_anything_is_sent() -> None:
    session, transport = make(lambda request: sse_response([]))
    with pytest.raises(ValueError, match=r"response_id/starting_after .* input, model"):
        responses_stream.stream(session, response_id="resp_1", input="Hi", model="m")
    with pytest.raises(ValueError, match="id must be provided"):
        responses_stream.stream(session, starting_after=3)
    with pytest.raises(ValueError, match="model must be provided"):
        responses_stream.stream(session, input="Hi")
    with pytest.raises(TypeError, match=r"text\.format with text_format"):
        responses_stream.stream(session, input="Hi", model="m", text_format=City, text={"format": {"type": "text"}})
    with pytest.raises(TypeError, match="extra_body"):
        responses_stream.stream(session, response_id="resp_1", extra_body={"x": 1})
    assert transport.requests == []


def test_an_error_event_carries_the_response_so_far() -> None:
    events = text_stream("partial")[:5]
    error = {"type": "error", "code": "server_error", "message": "Broke", "param": None, "sequence_number": 5}
    session, _ = make(lambda request: sse_response(named(*events, error), done=False))
    with responses_stream.stream(session, model="gpt-test", input="Hi") as stream, \
            pytest.raises(APIStreamError, match="Broke") as caught:
        list(stream)
    assert isinstance(caught.value.snapshot, Response) and caught.value.snapshot.output_text == "partial"


def test_the_plain_stream_keeps_a_snapshot_and_its_limit() -> None:
    events = text_stream(*(["x" * 100] * 5), terminal="response.failed", status="failed")[:-1]  # no terminal event
    transport = MockTransport(lambda request: sse_response(named(*events), done=False))
    client = Client(api_key="sk-test", base_url=BASE, transport=transport, max_snapshot_size=10_000)
    stream = client.responses.create(model="m", input="Hi", stream=True)
    got = list(stream)
    assert stream.current_response_snapshot is not None and len(got) == len(events)
    assert stream.get_final_response().output_text == "x" * 500  # the items as far as they came
    small = client.with_options(max_snapshot_size=600)  # the item, its part, and some of the text
    stream = small.responses.create(model="m", input="Hi", stream=True)
    assert len(list(stream)) == len(events)  # read on past the limit
    with pytest.raises(SnapshotTooLargeError) as caught:
        stream.get_final_response()
    kept = caught.value.snapshot.output_text
    assert kept == "x" * len(kept) and 0 < len(kept) < 500


def test_through_the_client() -> None:
    transport = MockTransport(lambda request: sse_response(named(*text_stream("hi")), done=False))
    client = Client(api_key="sk-test", base_url=BASE, transport=transport)
    with client.responses.stream(model="gpt-test", input=[{"role": "user", "content": "Hi"}]) as stream:
        assert "".join(event.delta for event in stream if event.type == "response.output_text.delta") == "hi"
    assert stream.get_final_response().output_text == "hi"
