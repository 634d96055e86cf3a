"""Decoding: the strict fast path, the lenient twins that keep undeclared fields, and encoding back."""

from __future__ import annotations

import copy
import pickle
from typing import Dict, List, Optional

import msgspec
import pytest

from openai_compat import SyncCursorPage
from openai_compat._internals import APIObject, decode, encode_json


class Leaf(APIObject):
    name: str = ""


class Node(APIObject):
    id: str = ""
    leaves: List[Leaf] = msgspec.field(default_factory=list)
    by_key: Optional[Dict[str, Leaf]] = None
    renamed: int = msgspec.field(default=0, name="wire-name")


def test_a_body_of_declared_fields_decodes_to_the_declared_classes() -> None:
    node = decode(b'{"id": "n", "leaves": [{"name": "a"}], "wire-name": 3}', Node)
    assert type(node) is Node and type(node.leaves[0]) is Leaf
    assert node.renamed == 3 and node.extra == {}


def test_undeclared_fields_at_every_level_are_kept() -> None:
    body = b'{"id": "n", "x_top": 1, "leaves": [{"name": "a", "x_leaf": [1]}], "by_key": {"k": {"x_map": true}}}'
    node = decode(body, Node)
    assert isinstance(node, Node) and isinstance(node.leaves[0], Leaf) and isinstance(node.by_key["k"], Leaf)
    assert type(node).__name__ == "Node"
    assert node.x_top == 1  # type: ignore[attr-defined]
    assert node.leaves[0].x_leaf == [1]  # type: ignore[attr-defined]
    assert node.by_key["k"].extra == {"x_map": True}
    assert node.to_dict() == {
        "id": "n", "x_top": 1, "leaves": [{"name": "a", "x_leaf": [1]}], "by_key": {"k": {"name": "", "x_map": True}},
        "wire-name": 0,
    }
    assert msgspec.json.decode(encode_json({"messages": [node]}))["messages"][0]["x_top"] == 1


def test_a_wrong_type_is_an_error_even_with_extra_fields() -> None:
    with pytest.raises(msgspec.ValidationError, match="Expected `str`"):
        decode(b'{"id": 5, "extra": 1}', Node)
    with pytest.raises(msgspec.ValidationError, match="Expected `str`"):
        decode(b'{"extra": 1, "leaves": [{"name": 7}]}', Node)


def test_lenient_objects_pickle_and_copy_as_their_declared_class() -> None:
    node = decode(b'{"id": "n", "vendor": {"a": 1}, "leaves": [{"name": "a", "score": 0.5}]}', Node)
    clone = pickle.loads(pickle.dumps(node))
    assert type(clone) is Node and clone.vendor == {"a": 1}  # type: ignore[attr-defined]
    assert clone.leaves[0].score == 0.5  # type: ignore[attr-defined]
    assert copy.copy(node).vendor == {"a": 1}  # type: ignore[attr-defined]


def test_generic_pages_keep_extras_of_their_items() -> None:
    page = decode(b'{"object": "list", "data": [{"id": "a", "v": 1}], "has_more": false, "p": 2}',
                  SyncCursorPage[Node])
    assert [node.id for node in page] == ["a"]
    assert page.data[0].v == 1 and page.p == 2  # type: ignore[attr-defined]
    assert isinstance(page, SyncCursorPage)
