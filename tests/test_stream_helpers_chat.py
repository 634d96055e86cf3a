"""``chat.completions.stream()``: openai-python's helper events over ``MockTransport``, every event
type, each stream also split into 1-byte and 7-byte reads (events cut anywhere, a multi-byte
character cut in two), Structured Outputs parsed as ``parse`` parses them."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import msgspec
import pytest

from openai_compat import (
    APIStreamError,
    Client,
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    SnapshotTooLargeError,
    Tool,
)
from openai_compat._internals import ChatCompletionEventStream, ChatCompletionStreamState
from openai_compat._internals import chat_events as ev
from openai_compat.testing import MockTransport, request_json, sse_response
from openai_compat.types.chat import ChatCompletionChunk, ParsedChatCompletion

BASE = "https://api.example.test/v1"
USER = [{"role": "user", "content": "Hi"}]
SPLITS = [None, [1], [7]]


class City(msgspec.Struct):
    name: str
    population: int


class Weather(msgspec.Struct):
    """Weather in a city."""

    city: str


def chunk(*choices: Dict[str, Any], **fields: Any) -> Dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gpt-test",
            "choices": list(choices), **fields}


def choice(index: int = 0, finish_reason: Optional[str] = None, logprobs: Any = None, **delta: Any) -> Dict[str, Any]:
    return {"index": index, "delta": delta, "finish_reason": finish_reason, "logprobs": logprobs}


def token(text: str) -> Dict[str, Any]:
    return {"token": text, "logprob": -0.5, "bytes": list(text.encode()), "top_logprobs": []}


def client_for(chunks: List[Dict[str, Any]], split: Any = None, **options: Any) -> tuple[Client, MockTransport]:
    transport = MockTransport(lambda request: sse_response(chunks, chunk_sizes=split))
    return Client(api_key="sk-test", base_url=BASE, transport=transport, **options), transport


def events_of(chunks: List[Dict[str, Any]], split: Any = None, **params: Any) -> List[Any]:
    client, _ = client_for(chunks, split)
    with client.chat.completions.stream(model="gpt-test", messages=USER, **params) as stream:
        return list(stream)


def summary(events: List[Any]) -> List[tuple[Any, ...]]:
    """Each event's type and its attributes other than the chunk and the completion snapshot."""
    return [(event.type, *(getattr(event, name) for name in event._fields if name not in ("chunk", "snapshot")))
            for event in events]


TEXT = [chunk(choice(role="assistant", content="")), chunk(choice(content="Héllo")), chunk(choice(content=", wörld")),
        chunk(choice(finish_reason="stop"))]


@pytest.mark.parametrize("split", SPLITS)
def test_content_events_in_order(split: Any) -> None:
    events = events_of(TEXT, split)
    assert [event.type for event in events] == [
        "chunk", "content.delta", "chunk", "content.delta", "chunk", "content.delta", "chunk", "content.done"]
    deltas = [event for event in events if isinstance(event, ev.ContentDeltaEvent)]
    assert [(event.delta, event.snapshot, event.parsed) for event in deltas] == [
        ("", "", None), ("Héllo", "Héllo", None), (", wörld", "Héllo, wörld", None)]
    assert events[-1] == ev.ContentDoneEvent("Héllo, wörld", None)
    assert isinstance(events[0], ev.ChunkEvent) and isinstance(events[0].chunk, ChatCompletionChunk)
    # A chunk event's snapshot is the completion as it stands (openai-python's is updated in place).
    assert events[0].snapshot.choices[0].message.content == "Héllo, wörld"


def test_the_request_is_create_with_stream_and_sent_on_enter() -> None:
    client, transport = client_for([chunk(choice(content='{"name": "x", "population": 1}', finish_reason="stop"))])
    manager = client.chat.completions.stream(model="gpt-test", messages=USER, temperature=0.5, response_format=City,
                                             extra_headers={"X-Trace": "1"}, extra_body={"seed": 3})
    assert transport.requests == []  # nothing sent until the context manager is entered
    with manager as stream:
        assert isinstance(stream, ChatCompletionEventStream)
        body = request_json(transport.last_request)
        headers = {key.lower(): value for key, value in transport.last_request.headers.items()}
        stream.until_done()
    assert body["stream"] is True and body["temperature"] == 0.5 and body["seed"] == 3
    assert body["response_format"]["type"] == "json_schema" and body["response_format"]["json_schema"]["name"] == "City"
    assert headers["x-stainless-helper-method"] == "chat.completions.stream" and headers["x-trace"] == "1"
    assert stream.raw.response.is_closed


def test_leaving_early_closes_the_response() -> None:
    client, _ = client_for(TEXT, [3])
    with client.chat.completions.stream(model="gpt-test", messages=USER) as stream:
        first = next(stream)
    assert first.type == "chunk" and stream.raw.response.is_closed


@pytest.mark.parametrize("split", SPLITS)
def test_structured_output_is_parsed_partially_then_whole(split: Any) -> None:
    pieces = ['{"name": "Pa', 'ris", "population"', ': 2100000}']
    chunks = [chunk(choice(role="assistant", content="")), *[chunk(choice(content=p)) for p in pieces],
              chunk(choice(finish_reason="stop"))]
    client, _ = client_for(chunks, split)
    with client.chat.completions.stream(model="gpt-test", messages=USER, response_format=City) as stream:
        events = list(stream)
        final = stream.get_final_completion()
    parsed = [event.parsed for event in events if isinstance(event, ev.ContentDeltaEvent)]
    assert parsed == [None, {}, {"name": "Paris"}, {"name": "Paris", "population": 2100000}]
    done = [event for event in events if isinstance(event, ev.ContentDoneEvent)]
    assert done == [ev.ContentDoneEvent("".join(pieces), City("Paris", 2100000))]
    assert isinstance(final, ParsedChatCompletion) and final.choices[0].message.parsed == City("Paris", 2100000)
    assert stream.current_completion_snapshot.choices[0].message.parsed == City("Paris", 2100000)


def test_a_dict_schema_is_parsed_into_builtins() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
    chunks = [chunk(choice(role="assistant", content='{"a": 1}')), chunk(choice(finish_reason="stop"))]
    client, transport = client_for(chunks)
    with client.chat.completions.stream(model="gpt-test", messages=USER, response_format=schema) as stream:
        assert stream.get_final_completion().choices[0].message.parsed == {"a": 1}
    assert request_json(transport.last_request)["response_format"]["json_schema"]["schema"] == schema


@pytest.mark.parametrize("split", SPLITS)
def test_refusal_events(split: Any) -> None:
    chunks = [chunk(choice(role="assistant", refusal="")), chunk(choice(refusal="I can't")),
              chunk(choice(refusal=" help.")), chunk(choice(finish_reason="stop"))]
    client, _ = client_for(chunks, split)
    with client.chat.completions.stream(model="gpt-test", messages=USER, response_format=City) as stream:
        events = list(stream)
        final = stream.get_final_completion()
    assert summary([event for event in events if event.type != "chunk"]) == [
        ("refusal.delta", ""), ("refusal.delta", "I can't"), ("refusal.delta", " help."),
        ("refusal.done", "I can't help.")]
    assert [event.snapshot for event in events if isinstance(event, ev.RefusalDeltaEvent)][-1] == "I can't help."
    message = final.choices[0].message
    assert message.refusal == "I can't help." and message.parsed is None


def tool_chunks() -> List[Dict[str, Any]]:
    def call(index: int, arguments: str, **more: Any) -> Dict[str, Any]:
        return {"index": index, "function": {"arguments": arguments, **more.pop("function", {})}, **more}

    return [
        chunk(choice(role="assistant", content="Let me look.")),
        chunk(choice(tool_calls=[call(0, "", id="call_a", type="function", function={"name": "Weather"})])),
        chunk(choice(tool_calls=[call(0, '{"city": ')])),
        chunk(choice(tool_calls=[call(0, '"Paris"}')])),
        chunk(choice(tool_calls=[call(1, '{"q"', id="call_b", type="function", function={"name": "search"})])),
        chunk(choice(tool_calls=[call(1, ': "x"}')])),
        chunk(choice(finish_reason="tool_calls")),
    ]


@pytest.mark.parametrize("split", SPLITS)
def test_tool_call_argument_events(split: Any) -> None:
    search = {"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}
    client, transport = client_for(tool_chunks(), split)
    tools = [Tool.function_from_struct(Weather), search]
    with client.chat.completions.stream(model="gpt-test", messages=USER, tools=tools) as stream:
        events = [event for event in stream if event.type != "chunk"]
        final = stream.get_final_completion()
    assert summary(events) == [
        ("content.delta", "Let me look.", None),
        ("tool_calls.function.arguments.delta", "Weather", 0, "", None, ""),
        ("content.done", "Let me look.", None),  # the content ends where the tool calls begin
        ("tool_calls.function.arguments.delta", "Weather", 0, '{"city": ', {}, '{"city": '),
        ("tool_calls.function.arguments.delta", "Weather", 0, '{"city": "Paris"}', {"city": "Paris"}, '"Paris"}'),
        ("tool_calls.function.arguments.delta", "search", 1, '{"q"', None, '{"q"'),
        ("tool_calls.function.arguments.done", "Weather", 0, '{"city": "Paris"}', Weather("Paris")),
        ("tool_calls.function.arguments.delta", "search", 1, '{"q": "x"}', None, ': "x"}'),
        ("tool_calls.function.arguments.done", "search", 1, '{"q": "x"}', None),  # not strict: not parsed
    ]
    calls = final.choices[0].message.tool_calls or []
    assert [(call.id, call.function.name if call.function else None) for call in calls] == [
        ("call_a", "Weather"), ("call_b", "search")]
    assert calls[0].function and calls[0].function.parsed_arguments == Weather("Paris")
    assert request_json(transport.last_request)["tools"][0]["function"]["strict"] is True


@pytest.mark.parametrize("split", SPLITS)
def test_logprobs_events(split: Any) -> None:
    chunks = [
        chunk(choice(role="assistant", content="Hi", logprobs={"content": [token("Hi")], "refusal": None})),
        chunk(choice(content="!", logprobs={"content": [token("!")], "refusal": None})),
        chunk(choice(refusal="No", logprobs={"content": None, "refusal": [token("No")]})),
        chunk(choice(finish_reason="stop")),
    ]
    events = [event for event in events_of(chunks, split, logprobs=True) if event.type.startswith("logprobs")]
    assert [event.type for event in events] == [
        "logprobs.content.delta", "logprobs.content.delta", "logprobs.refusal.delta",
        "logprobs.content.done", "logprobs.refusal.done"]
    assert [item.token for item in events[1].content] == ["!"]
    assert [item.token for item in events[1].snapshot] == ["Hi", "!"]
    assert [item.token for item in events[2].refusal] == ["No"] and [t.token for t in events[2].snapshot] == ["No"]
    assert [item.token for item in events[3].content] == ["Hi", "!"]
    assert [item.token for item in events[4].refusal] == ["No"]


def test_a_cut_answer_raises_as_it_arrives_when_parsing_and_at_the_end_always() -> None:
    cut = [chunk(choice(role="assistant", content='{"name": "Pa')), chunk(choice(finish_reason="length"))]
    client, _ = client_for(cut)
    with client.chat.completions.stream(model="gpt-test", messages=USER, response_format=City) as stream, \
            pytest.raises(LengthFinishReasonError) as caught:
        list(stream)
    assert caught.value.completion.choices[0].message.content == '{"name": "Pa'
    with client.chat.completions.stream(model="gpt-test", messages=USER) as stream:
        assert [event.type for event in stream][-1] == "content.done"  # no format: the events all come
        with pytest.raises(LengthFinishReasonError):
            stream.get_final_completion()  # as openai-python's parse_chat_completion does
    filtered = [chunk(choice(role="assistant", content="x")), chunk(choice(finish_reason="content_filter"))]
    client, _ = client_for(filtered)
    with client.chat.completions.stream(model="gpt-test", messages=USER, tools=[Tool.function_from_struct(Weather)]) \
            as stream, pytest.raises(ContentFilterFinishReasonError):
        stream.until_done()


def test_two_choices_keep_their_own_events() -> None:
    chunks = [chunk(choice(0, role="assistant", content="a"), choice(1, role="assistant", content="b")),
              chunk(choice(1, content="B", finish_reason="stop"), choice(0, content="A", finish_reason="stop"))]
    events = [event for event in events_of(chunks, n=2) if event.type == "content.done"]
    assert sorted(event.content for event in events) == ["aA", "bB"]


def test_azure_filter_events_make_no_event_but_stay_in_the_snapshot() -> None:
    prompt_filter = {"id": "", "object": "", "created": 0, "model": "", "choices": [],
                     "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}]}
    client, _ = client_for([prompt_filter, *TEXT])
    with client.chat.completions.stream(model="gpt-test", messages=USER) as stream:
        events = list(stream)
        final = stream.get_final_completion()
    assert events[0].type == "chunk" and events[0].chunk.id == "chatcmpl-1"
    assert final.prompt_filter_results == [{"prompt_index": 0, "content_filter_results": {}}]


def test_an_error_mid_stream_carries_the_answer_so_far() -> None:
    chunks: List[Any] = [*TEXT[:2], {"error": {"message": "Overloaded", "type": "server_error"}}]
    client, _ = client_for(chunks)
    with client.chat.completions.stream(model="gpt-test", messages=USER) as stream, \
            pytest.raises(APIStreamError, match="Overloaded") as caught:
        stream.until_done()
    assert caught.value.items == []
    assert caught.value.snapshot.choices[0].message.content == "Héllo"


def test_past_max_snapshot_size_the_events_go_on_and_the_final_answer_raises() -> None:
    chunks = [chunk(choice(role="assistant", content="")), *[chunk(choice(content="x" * 100)) for _ in range(5)],
              chunk(choice(finish_reason="stop"))]
    client, _ = client_for(chunks, max_snapshot_size=250)
    with client.chat.completions.stream(model="gpt-test", messages=USER) as stream:
        events = list(stream)
        assert [event.type for event in events].count("chunk") == 7  # every chunk still comes
        with pytest.raises(SnapshotTooLargeError, match="max_snapshot_size") as caught:
            stream.get_final_completion()
    assert caught.value.limit == 250 and caught.value.snapshot.choices[0].message.content == "x" * 300
    unlimited, _ = client_for(chunks, max_snapshot_size=None)
    with unlimited.chat.completions.stream(model="gpt-test", messages=USER) as stream:
        assert stream.get_final_completion().choices[0].message.content == "x" * 500


def test_the_state_turns_any_chunks_into_events() -> None:
    state = ChatCompletionStreamState()
    decoded = [msgspec.convert(body, ChatCompletionChunk) for body in TEXT]
    types = [event.type for body in decoded for event in state.handle_chunk(body)]
    assert types.count("content.delta") == 3 and types[-1] == "content.done"
    assert state.current_completion_snapshot.choices[0].message.content == "Héllo, wörld"
    assert state.get_final_completion().choices[0].finish_reason == "stop"


def test_events_print_compare_and_convert() -> None:
    event = ev.ContentDoneEvent("x", City("a", 1))
    assert repr(event) == "ContentDoneEvent(type='content.done', content='x', parsed=City(name='a', population=1))"
    assert event == ev.ContentDoneEvent("x", City("a", 1)) and event != ev.ContentDoneEvent("y", None)
    assert event.to_dict() == event.model_dump() == {"type": "content.done", "content": "x",
                                                     "parsed": {"name": "a", "population": 1}}
