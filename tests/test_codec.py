"""Decoding: one strict msgspec pass when a body fits the types, the tolerant path when it does not
(nothing the server sent is lost, one class per type), and what the objects do with what they keep."""

from __future__ import annotations

import copy
import pickle
from typing import Dict, List, Optional, Union

import msgspec
import pytest

from openai_compat import SyncCursorPage
from openai_compat._internals import APIObject, decode, decoders_for, encode_json
from openai_compat.types.chat import ChatCompletion, ChatCompletionContentPart, ChatCompletionMessage
from openai_compat.types.responses_items import Message, OutputItem, UnknownItem


class Leaf(APIObject):
    name: str = ""


class Node(APIObject):
    id: str = ""
    leaves: List[Leaf] = msgspec.field(default_factory=list)
    by_key: Optional[Dict[str, Leaf]] = None
    renamed: int = msgspec.field(default=0, name="wire-name")
    either: Union[str, Leaf, None] = None


class Strict(APIObject):
    required: int
    items: List[OutputItem] = msgspec.field(default_factory=list)


def test_a_body_of_declared_fields_decodes_in_the_strict_pass_to_the_declared_classes() -> None:
    body = b'{"id": "n", "leaves": [{"name": "a"}], "wire-name": 3, "either": {"name": "e"}}'
    strict, _ = decoders_for(Node)
    assert strict is not None and strict(body) == decode(body, Node)
    node = decode(body, Node)
    assert type(node) is Node and type(node.leaves[0]) is Leaf and type(node.either) is Leaf
    assert node.renamed == 3 and node.extra == {}


def test_undeclared_fields_at_every_level_are_kept_on_the_declared_classes() -> None:
    body = b'{"id": "n", "x_top": 1, "leaves": [{"name": "a", "x_leaf": [1]}], "by_key": {"k": {"x_map": true}}}'
    node = decode(body, Node)
    assert type(node) is Node and type(node.leaves[0]) is Leaf and type(node.by_key["k"]) is Leaf  # type: ignore[index]
    assert node.x_top == 1  # type: ignore[attr-defined]
    assert node.leaves[0].x_leaf == [1]  # type: ignore[attr-defined]
    assert node.by_key["k"].extra == {"x_map": True}  # type: ignore[index]
    assert node.to_dict() == {
        "id": "n", "x_top": 1, "leaves": [{"name": "a", "x_leaf": [1]}], "by_key": {"k": {"name": "", "x_map": True}},
        "wire-name": 0,
    }
    assert msgspec.json.decode(encode_json({"messages": [node]}))["messages"][0]["x_top"] == 1


def test_a_value_of_the_wrong_type_or_a_null_is_kept_as_sent_and_the_rest_is_typed() -> None:
    node = decode(b'{"id": 5, "leaves": [{"name": 7}, "loose", {"name": "b"}], "wire-name": null, "x": 1}', Node)
    assert node.id == 5  # type: ignore[comparison-overlap]
    assert [type(leaf) for leaf in node.leaves] == [Leaf, str, Leaf]
    assert node.leaves[0].name == 7 and node.leaves[2].name == "b"  # type: ignore[comparison-overlap]
    assert node.renamed is None and node.x == 1  # type: ignore[attr-defined]
    assert node.to_dict() == {"id": 5, "leaves": [{"name": 7}, "loose", {"name": "b"}], "x": 1}
    assert decode(b'{"leaves": {"not": "a list"}}', Node).leaves == {"not": "a list"}  # type: ignore[comparison-overlap]


def test_a_missing_required_field_is_none_and_an_open_union_falls_back() -> None:
    strict = decode(b'{"items": [{"type": "new_kind", "a": 1}, 3, {"type": "message", "content": "hi"}]}', Strict)
    assert strict.required is None  # type: ignore[comparison-overlap]
    unknown, number, message = strict.items
    assert type(unknown) is UnknownItem and unknown.raw == {"type": "new_kind", "a": 1}
    assert number == 3 and type(message) is Message and message.content == "hi"  # type: ignore[comparison-overlap]


@pytest.mark.parametrize(
    ("body", "error"),
    [(b"[1, 2]", msgspec.ValidationError), (b'"text"', msgspec.ValidationError), (b"{nope", msgspec.DecodeError)],
)
def test_only_a_body_with_no_object_to_give_is_an_error(body: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        decode(body, Node)


def test_recursive_types_decode_tolerantly() -> None:
    body = {"role": "assistant", "content": [
        {"type": "thinking", "thinking": [{"type": "text", "text": "hm", "x": 1}]}, {"type": "text", "text": "Hi"}]}
    message = decode(msgspec.json.encode(body), ChatCompletionMessage)
    assert isinstance(message.content, list)
    thinking = message.content[0].thinking
    assert thinking is not None and type(thinking[0]) is ChatCompletionContentPart and thinking[0].x == 1  # type: ignore[attr-defined]
    assert message.content_text == "Hi" and message.to_dict() == body


def test_equality_counts_undeclared_fields_and_objects_are_not_hashable() -> None:
    plain = decode(b'{"id": "n"}', Node)
    assert plain == decode(b'{"id": "n"}', Node)
    assert plain != decode(b'{"id": "n", "x": 1}', Node)
    assert decode(b'{"id": "n", "x": 1}', Node) == decode(b'{"x": 1, "id": "n"}', Node)
    assert plain != Leaf() and plain != {"id": "n"}
    with pytest.raises(TypeError):
        hash(plain)


def test_copies_and_pickles_keep_undeclared_fields_and_the_declared_class() -> None:
    node = decode(b'{"id": "n", "vendor": {"a": 1}, "leaves": [{"name": "a", "score": 0.5}]}', Node)
    node.__dict__["_request_id"] = "req_1"
    for clone in (pickle.loads(pickle.dumps(node)), copy.copy(node), copy.deepcopy(node), node.model_copy()):
        assert type(clone) is Node and clone == node
        assert clone.vendor == {"a": 1} and clone.leaves[0].score == 0.5  # type: ignore[attr-defined]
        assert clone._request_id == "req_1"  # type: ignore[attr-defined]


def test_model_copy_updates_declared_and_undeclared_fields() -> None:
    node = decode(b'{"id": "n", "vendor": {"a": 1}, "leaves": [{"name": "a"}]}', Node)
    shallow = node.model_copy(update={"id": "m", "vendor": 2, "new": 3})
    assert (shallow.id, shallow.vendor, shallow.new) == ("m", 2, 3)
    assert node.id == "n" and node.vendor == {"a": 1} and shallow.leaves is node.leaves  # type: ignore[attr-defined]
    assert node.model_copy(deep=True).leaves is not node.leaves


def test_msgspec_functions_see_declared_fields_only_as_documented() -> None:
    node = decode(b'{"id": "n", "vendor": 1}', Node)
    assert "vendor" not in msgspec.structs.replace(node, id="m").__dict__
    assert b"vendor" not in msgspec.json.encode(node)
    assert node.to_json(indent=0) == node.model_dump_json() == '{"id":"n","leaves":[],"wire-name":0,"vendor":1}'
    assert node.model_dump() == node.to_dict()


def test_provider_extensions_are_declared_listed_in_extra_and_shown_when_set() -> None:
    body = (b'{"id": "c", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi",'
            b' "reasoning_content": "why"}}], "x_groq": {"id": "g"}, "x_new": true}')
    strict, _ = decoders_for(ChatCompletion)
    assert strict is not None and strict(body.replace(b', "x_new": true', b"")).x_groq == {"id": "g"}
    completion = decode(body, ChatCompletion)
    assert completion.extra == {"x_groq": {"id": "g"}, "x_new": True}
    message = completion.choices[0].message
    assert message.reasoning_content == "why" and message.extra == {"reasoning_content": "why"}
    assert "x_groq={'id': 'g'}" in repr(completion) and "x_new=True" in repr(completion)
    assert "citations" not in repr(completion) and "citations" not in completion.to_dict()


def test_generic_pages_keep_extras_of_their_items() -> None:
    page = decode(b'{"object": "list", "data": [{"id": "a", "v": 1}], "has_more": false, "p": 2}',
                  SyncCursorPage[Node])
    assert [node.id for node in page] == ["a"]
    assert page.data[0].v == 1 and page.p == 2  # type: ignore[attr-defined]
    assert type(page) is SyncCursorPage


def test_a_server_field_starting_with_an_underscore_is_kept_only_the_metadata_names_are_reserved() -> None:
    node = decode(b'{"id": "n", "_id": 7, "__v": 0}', Node)
    assert node.extra == {"_id": 7, "__v": 0} and node.to_dict()["_id"] == 7
    node.__dict__["_request_id"] = "req_1"  # what the Session attaches
    assert "_request_id" not in node.extra and "_request_id" not in node.to_dict()
