"""``models`` and ``embeddings`` resource functions against a MockTransport: exact requests, decoded results."""

from __future__ import annotations

import array
import base64
from typing import Any, List

import pytest

import openai_compat as errors  # the exception classes, all public
from openai_compat import Session
from openai_compat.resources import embeddings, models
from openai_compat.testing import MockTransport, json_response, request_json


def session_for(base_url: str, *responses: Any) -> tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    return Session(api_key="sk-test", base_url=base_url, transport=transport), transport


def b64(values: List[float]) -> str:
    return base64.b64encode(array.array("f", values).tobytes()).decode()


def embedding_body(*vectors: Any) -> dict[str, Any]:
    return {
        "object": "list",
        "model": "text-embedding-3-small",
        "data": [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)],
        "usage": {"prompt_tokens": 3, "total_tokens": 3},
    }


def test_models_list_retrieve_delete() -> None:
    session, transport = session_for(
        "https://api.openai.com/v1",
        json_response({"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "x"}]}),
        json_response({"id": "ft:gpt-4o:org:a/b", "object": "model", "created": 2, "owned_by": "org"}),
        json_response({"id": "ft:x", "object": "model", "deleted": True}),
    )
    page = models.list(session)
    assert [m.id for m in page] == ["gpt-4o"] and page.has_next_page() is False
    assert (transport.requests[0].method, transport.requests[0].url) == ("GET", "https://api.openai.com/v1/models")
    model = models.retrieve(session, "ft:gpt-4o:org:a/b")
    assert model.owned_by == "org"
    assert transport.requests[1].url == "https://api.openai.com/v1/models/ft:gpt-4o:org:a%2Fb"
    deleted = models.delete(session, "ft:x")
    assert deleted.deleted is True and transport.requests[2].method == "DELETE"


@pytest.mark.parametrize("bad", ["", ".", "..", "%2e%2E"])
def test_model_ids_that_would_change_the_path_are_rejected(bad: str) -> None:
    session, transport = session_for("https://api.openai.com/v1")
    with pytest.raises(ValueError):
        models.retrieve(session, bad)
    assert transport.requests == []


def test_embeddings_ask_openai_for_base64_and_decode_it() -> None:
    session, transport = session_for("https://api.openai.com/v1", json_response(embedding_body(b64([0.5, -1.25]))))
    result = embeddings.create(session, model="text-embedding-3-small", input="hello", dimensions=2)
    assert request_json(transport.last_request) == {
        "model": "text-embedding-3-small", "input": "hello", "dimensions": 2, "encoding_format": "base64",
    }
    assert result.data[0].embedding == [0.5, -1.25]
    assert result.usage is not None and result.usage.total_tokens == 3


def test_embeddings_do_not_ask_other_servers_for_base64_and_floats_stay_floats() -> None:
    session, transport = session_for("http://localhost:11434/v1", json_response(embedding_body([0.1, 0.2], [0.3])))
    result = embeddings.create(session, model="nomic", input=["a", "b"])
    assert "encoding_format" not in request_json(transport.last_request)
    assert [d.embedding for d in result.data] == [[0.1, 0.2], [0.3]]


def test_embeddings_decode_base64_even_when_not_asked_for() -> None:
    session, _ = session_for("http://localhost:8000/v1", json_response(embedding_body(b64([2.0]), [1.0])))
    result = embeddings.create(session, model="m", input=["a", "b"])
    assert [d.embedding for d in result.data] == [[2.0], [1.0]]


@pytest.mark.parametrize("fmt", ["float", "base64"])
def test_explicit_encoding_format_is_sent_and_left_untouched(fmt: str) -> None:
    vector: Any = b64([1.0]) if fmt == "base64" else [1.0]
    session, transport = session_for("https://api.openai.com/v1", json_response(embedding_body(vector)))
    result = embeddings.create(session, model="m", input=[1, 2, 3], encoding_format=fmt)
    assert request_json(transport.last_request)["encoding_format"] == fmt
    assert request_json(transport.last_request)["input"] == [1, 2, 3]
    assert result.data[0].embedding == vector


@pytest.mark.parametrize("bad", ["not base64!!", base64.b64encode(b"abc").decode()])
def test_broken_base64_raises_a_validation_error(bad: str) -> None:
    session, _ = session_for("https://api.openai.com/v1", json_response(embedding_body(bad)))
    with pytest.raises(errors.APIResponseValidationError):
        embeddings.create(session, model="m", input="x")


def test_embeddings_input_from_a_generator_and_extras() -> None:
    session, transport = session_for("http://localhost/v1", json_response(embedding_body([1.0])))
    embeddings.create(session, model="m", input=(s for s in ["a", "b"]), user="u", extra_body={"truncate": "END"},
                      extra_headers={"X-Trace": "1"}, extra_query={"q": "1"})
    sent = transport.last_request
    assert request_json(sent) == {"model": "m", "input": ["a", "b"], "user": "u", "truncate": "END"}
    assert sent.headers["X-Trace"] == "1" and sent.url == "http://localhost/v1/embeddings?q=1"
