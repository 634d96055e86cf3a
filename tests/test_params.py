"""The one way resources build a body and a query (``resources/_params.py``)."""

from __future__ import annotations

from typing import Any, Dict

import msgspec
from msgspec import UNSET

from openai_compat._internals import resource_params as _params


class Tool(msgspec.Struct):
    name: str


def _args(**kwargs: Any) -> Dict[str, Any]:
    return kwargs


def test_body_keeps_what_was_set_and_sends_none_as_null() -> None:
    args = _args(model="m", temperature=UNSET, user=None, metadata={"k": "v"})
    assert _params.body(args, ("model", "temperature", "user", "metadata")) == {
        "model": "m", "user": None, "metadata": {"k": "v"}
    }


def test_body_turns_iterables_into_lists_and_leaves_objects_alone() -> None:
    tool = Tool(name="t")
    args = _args(tools=(t for t in [tool]), include=("a", "b"), ids={"x"}, stop="abc", blob=b"xy", obj=tool)
    body = _params.body(args, ("tools", "include", "ids", "stop", "blob", "obj"))
    assert body == {"tools": [tool], "include": ["a", "b"], "ids": ["x"], "stop": "abc", "blob": b"xy", "obj": tool}


def test_body_takes_a_request_first_and_set_arguments_win() -> None:
    class Request(msgspec.Struct, kw_only=True):
        model: Any = UNSET
        max_tokens: Any = UNSET
        seed: Any = UNSET

    args = _args(model="kw", max_tokens=UNSET)
    assert _params.body(args, ("model", "max_tokens"), Request(model="req", max_tokens=5)) == {
        "model": "kw", "max_tokens": 5
    }
    assert _params.body(args, ("model",), {"model": "req", "n": 2, "gone": UNSET}) == {"model": "kw", "n": 2}


def test_query_keeps_the_order_and_lists_iterables() -> None:
    assert _params.query(after=UNSET, limit=2, include=iter(["a"])) == {"after": UNSET, "limit": 2, "include": ["a"]}


def test_beta_headers_lose_to_the_callers() -> None:
    assert _params.beta_headers(None) == {"OpenAI-Beta": "assistants=v2"}
    assert _params.beta_headers({"openai-beta": "x"}) == {"OpenAI-Beta": "assistants=v2", "openai-beta": "x"}
