"""The snapshot machinery under every stream: text kept in joined runs, the size budget, the chat
accumulator's short path against its general one, deltas merged into trees, partial JSON, and the
stream options (``keep_events``, ``max_snapshot_size``) as a client sets them."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_compat import APIStreamError, Client, OpenAIError, Session, SnapshotTooLargeError
from openai_compat._internals import (
    RUN,
    ChatCompletionAccumulator,
    TextParts,
    decoders_for,
    materialize,
    merge_delta,
    parse_partial,
    thawed,
)
from openai_compat.testing import MockTransport, chat_completion_chunk, sse_response
from openai_compat.types.chat import ChatCompletion, ChatCompletionChunk

BASE = "https://api.example.test/v1"
USER = [{"role": "user", "content": "Hi"}]


def test_text_parts_join_in_runs_and_once_per_question() -> None:
    parts = TextParts()
    pieces = [f"{index}," for index in range(3 * RUN + 7)]
    for piece in pieces:
        parts.add(piece)
    assert parts.length == len("".join(pieces))
    assert len(parts.pieces) == 7  # three runs joined already, seven pieces waiting
    whole = parts.text()
    assert whole == "".join(pieces) and parts.text() is whole  # asked again: the same string
    parts.add("end")
    assert parts.text() == whole + "end" and TextParts().text() == ""


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "1"])
def test_max_snapshot_size_must_be_a_positive_number_of_bytes_or_none(value: Any) -> None:
    with pytest.raises(ValueError, match="max_snapshot_size must be a positive number of bytes or None"):
        Session(api_key="sk-test", max_snapshot_size=value)
    with pytest.raises(ValueError, match="max_snapshot_size"):
        Session(api_key="sk-test").copy(max_snapshot_size=value)
    assert Session(api_key="sk-test", max_snapshot_size=None).max_snapshot_size is None


def chunks_stream(*bodies: Any, **options: Any) -> Any:
    transport = MockTransport(lambda request: sse_response(list(bodies)))
    client = Client(api_key="sk-test", base_url=BASE, transport=transport, **options)
    return client, client.chat.completions.create(model="m", messages=USER, stream=True)


TEXT = [chat_completion_chunk(role="assistant", content=""), chat_completion_chunk("Hel"), chat_completion_chunk("lo"),
        chat_completion_chunk(finish_reason="stop")]


def test_a_stream_keeps_no_items_unless_asked() -> None:
    client, stream = chunks_stream(*TEXT)
    assert [chunk.delta_text for chunk in stream] == ["", "Hel", "lo", ""]
    with pytest.raises(OpenAIError, match="keep_events=True"):
        _ = stream.items
    assert stream.current_completion_snapshot.choices[0].message.content == "Hello"
    for kept in (client.with_options(keep_events=True), Client(api_key="sk-test", base_url=BASE, keep_events=True,
                                                             transport=client.session.transport)):
        stream = kept.chat.completions.create(model="m", messages=USER, stream=True)
        assert stream.items == [] and len(list(stream)) == 4 and len(stream.items) == 4


def test_an_error_carries_the_snapshot_and_the_kept_items_only_when_kept() -> None:
    body = [*TEXT[:3], {"error": {"message": "Overloaded", "type": "server_error"}}]
    client, stream = chunks_stream(*body)
    with pytest.raises(APIStreamError) as caught:
        list(stream)
    assert caught.value.items == [] and caught.value.snapshot.choices[0].message.content == "Hello"
    stream = client.with_options(keep_events=True).chat.completions.create(model="m", messages=USER, stream=True)
    with pytest.raises(APIStreamError) as caught:
        list(stream)
    assert [chunk.delta_text for chunk in caught.value.items] == ["", "Hel", "lo"]


def test_past_the_limit_the_stream_goes_on_and_the_final_completion_says_why() -> None:
    _, stream = chunks_stream(*TEXT, *[chat_completion_chunk("x" * 10) for _ in range(5)], max_snapshot_size=20)
    assert len(list(stream)) == 9
    with pytest.raises(SnapshotTooLargeError) as caught:
        stream.get_final_completion()
    message = str(caught.value)
    assert "max_snapshot_size (20 bytes)" in message and "with_options(max_snapshot_size=" in message
    assert caught.value.snapshot.choices[0].message.content == "Hello" + "x" * 20  # up to the chunk that went past


_DECODE = decoders_for(ChatCompletionChunk)[1]
_pieces = st.one_of(st.none(), st.text(max_size=5))
_chunk_shapes = st.lists(st.fixed_dictionaries({}, optional={
    "content": _pieces, "reasoning_content": _pieces, "role": st.sampled_from(["assistant"]),
    "refusal": _pieces, "finish_reason": st.sampled_from(["stop", "length"]),
    "stop_reason": st.sampled_from([None, "x"]), "x_groq": st.just({"id": "q"}), "usage": st.just(
        {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}),
    "service_tier": st.sampled_from(["default", "flex"]),
}), max_size=12)


def _body(shape: Dict[str, Any]) -> Dict[str, Any]:
    delta = {key: shape[key] for key in ("content", "reasoning_content", "role", "refusal") if key in shape}
    choice = {"index": 0, "delta": delta, "finish_reason": shape.get("finish_reason"),
              **({"stop_reason": shape["stop_reason"]} if "stop_reason" in shape else {})}
    extra = {key: shape[key] for key in ("x_groq", "usage", "service_tier") if key in shape}
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [choice], **extra}


@settings(max_examples=150, deadline=None)
@given(_chunk_shapes)
def test_the_short_path_folds_exactly_as_the_general_one(shapes: List[Dict[str, Any]]) -> None:
    fast, general = ChatCompletionAccumulator(), ChatCompletionAccumulator()
    for shape in shapes:
        data = json.dumps(_body(shape)).encode()
        strict = decoders_for(ChatCompletionChunk)[0]
        assert strict is not None
        fast.add(strict(data), len(data), clean=True)
        general.add(_DECODE(data), len(data), clean=False)
    assert fast.snapshot(ChatCompletion).to_dict() == general.snapshot(ChatCompletion).to_dict()
    assert fast.budget.used == general.budget.used or any("x_groq" in shape or "usage" in shape for shape in shapes)


def test_deltas_merge_into_a_tree() -> None:
    tree = thawed({"role": "assistant", "content": [{"type": "text", "text": {"value": "He", "annotations": []}}]})
    merge_delta(tree, {"content": [{"index": 0, "type": "text", "text": {"value": "llo", "annotations": [
        {"index": 0, "type": "file_path", "text": "x", "start_index": 1}]}}]})
    merge_delta(tree, {"content": [{"index": 0, "type": "text", "text": {"annotations": [
        {"index": 0, "end_index": 4}]}}, {"index": 2, "type": "image_file", "image_file": {"file_id": "f"}}]})
    merge_delta(tree, {"metadata": None, "tags": ["a"], "count": 1})
    merge_delta(tree, {"tags": ["b"], "count": 2})
    assert materialize(tree) == {
        "role": "assistant", "tags": ["a", "b"], "count": 2,
        "content": [
            {"type": "text", "text": {"value": "Hello", "annotations": [
                {"type": "file_path", "text": "x", "start_index": 1, "end_index": 4}]}},
            {},  # a gap the server left
            {"type": "image_file", "image_file": {"file_id": "f"}},
        ],
    }


@pytest.mark.parametrize("text, value", [
    ("", None), ("{", {}), ('{"a"', {}), ('{"a": 1', {"a": 1}), ('{"a": 1.', {}), ('{"a": [1, 2', {"a": [1, 2]}),
    ('{"a": "x', {}), ('{"a": "x\\"y"', {"a": 'x"y'}), ('{"a": {"b"', {"a": {}}), ('{"a": tru', {}),
    ('{"a": true', {"a": True}), ('[1, {"b": [', [1, {"b": []}]), ('"abc', None), ("12", 12), ('{"a":1}x', {"a": 1}),
    ('{"a": "\\\\', {}), ('{"a": "é', {}), ('{"a": "é"', {"a": "é"}),
])
def test_partial_json_reads_as_far_as_it_goes(text: str, value: Any) -> None:
    assert parse_partial(text) == value


_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_json)
def test_every_prefix_of_a_document_reads_without_error(document: Any) -> None:
    text = msgspec.json.encode(document).decode()
    for end in range(len(text)):
        parse_partial(text[:end])
    assert parse_partial(text) == document
