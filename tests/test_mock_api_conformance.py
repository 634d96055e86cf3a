"""API conformance: every resource function against the Steady mock of the official OpenAPI spec.

The mock validates each request against the spec; ``mock_api.assert_valid()`` fails the test on any
diagnostic it reports (response headers and request log). Responses are generated from the spec's
schemas, so a decoded result proves the types accept what the spec allows; the values are random.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import msgspec
import pytest
from mock_api import MockAPICheck

from openai_compat import (
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    StructuredOutputError,
    SyncCursorPage,
    SyncPage,
)
from openai_compat.resources import chat, chat_parse, chat_stored, embeddings, models
from openai_compat.types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionDeleted,
    ChatCompletionMessage,
    ChatCompletionStoreMessage,
    ParsedChatCompletion,
)
from openai_compat.types.chat_params import ContentPart, Message, ResponseFormat, Tool, ToolChoice
from openai_compat.types.embeddings import CreateEmbeddingResponse
from openai_compat.types.models import Model, ModelDeleted

pytestmark = pytest.mark.mock_api

MODEL = "gpt-4o-mini"
MESSAGES: List[Dict[str, Any]] = [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": "Say hello."},
]
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
            "required": ["city"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}


def assert_completion(result: object) -> ChatCompletion:
    assert isinstance(result, ChatCompletion)
    assert isinstance(result.id, str)
    assert result.choices
    for choice in result.choices:
        assert isinstance(choice.message, ChatCompletionMessage)
        assert isinstance(choice.index, int)
    return result


# -- chat completions ------------------------------------------------------------------------


def test_chat_create(mock_api: MockAPICheck) -> None:
    result = chat.create(mock_api.session(), model=MODEL, messages=MESSAGES)
    assert_completion(result)
    assert result.to_dict()["choices"]
    mock_api.assert_valid()


def test_chat_create_stream(mock_api: MockAPICheck) -> None:
    stream = chat.create(
        mock_api.session(), model=MODEL, messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    with stream:
        chunks = list(stream)
    assert chunks
    assert all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    assert any(chunk.choices for chunk in chunks)
    assert stream.headers.get("x-steady-streaming") == "true"
    mock_api.assert_valid()


def test_chat_create_stream_break_early(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    with chat.create(session, model=MODEL, messages=MESSAGES, stream=True) as stream:
        first = next(iter(stream))
    assert isinstance(first, ChatCompletionChunk)
    # The pool is still usable after giving up a stream half-way.
    assert_completion(chat.create(session, model=MODEL, messages=MESSAGES))
    mock_api.assert_valid()


def test_chat_create_with_tools(mock_api: MockAPICheck) -> None:
    result = chat.create(
        mock_api.session(),
        model=MODEL,
        messages=[{"role": "user", "content": "Weather in Paris?"}],
        tools=[WEATHER_TOOL],
        tool_choice="auto",
        parallel_tool_calls=False,
    )
    assert_completion(result)
    mock_api.assert_valid()


def test_chat_create_tool_round_trip_with_helpers(mock_api: MockAPICheck) -> None:
    tool = Tool.function(
        "get_weather", "Current weather in a city", {"type": "object", "properties": {"city": {"type": "string"}}}
    )
    call = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}
    messages = [
        Message.system("You are terse."),
        Message.user(
            [ContentPart.text("What is this?"), ContentPart.image_url("https://example.com/a.png", detail="low")]
        ),
        Message.assistant(tool_calls=[call]),
        Message.tool('{"temp_c": 21}', tool_call_id="call_1"),
    ]
    result = chat.create(
        mock_api.session(), model=MODEL, messages=messages, tools=[tool], tool_choice=ToolChoice.function("get_weather")
    )
    assert_completion(result)
    mock_api.assert_valid()


def test_chat_create_json_schema_response_format(mock_api: MockAPICheck) -> None:
    schema = {
        "type": "object",
        "properties": {"answer": {"type": "string"}},
        "required": ["answer"],
        "additionalProperties": False,
    }
    response_format = {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema, "strict": True}}
    session = mock_api.session()
    assert_completion(chat.create(session, model=MODEL, messages=MESSAGES, response_format=response_format))
    assert_completion(
        chat.create(session, model=MODEL, messages=MESSAGES, response_format=ResponseFormat.json_object())
    )
    mock_api.assert_valid()


class _Answer(msgspec.Struct):
    """The answer."""

    answer: str
    sources: List[str] = []
    confidence: Optional[float] = None


def test_chat_parse(mock_api: MockAPICheck) -> None:
    # The mock's content is random text, so parsing may fail; the request must still be valid.
    session = mock_api.session()
    for kwargs in (
        {"response_format": _Answer},
        {"tools": [Tool.function_from_struct(_Answer)], "response_format": ResponseFormat.json_object()},
    ):
        try:
            result: object = chat_parse.parse(session, model=MODEL, messages=MESSAGES, **kwargs)
        except (StructuredOutputError, LengthFinishReasonError, ContentFilterFinishReasonError) as exc:
            result = exc.completion
        assert isinstance(result, ParsedChatCompletion)
        assert_completion(result)
    mock_api.assert_valid()


def test_chat_create_many_parameters(mock_api: MockAPICheck) -> None:
    result = chat.create(
        mock_api.session(),
        model=MODEL,
        messages=MESSAGES,
        logprobs=True,
        top_logprobs=2,
        n=2,
        stop=["\n", "END"],
        metadata={"purpose": "conformance"},
        store=True,
        temperature=0.5,
        top_p=0.9,
        max_completion_tokens=16,
        seed=7,
        presence_penalty=0.1,
        frequency_penalty=0.1,
        logit_bias={"50256": -100},
        user="user-1",
    )
    assert_completion(result)
    mock_api.assert_valid()


def test_chat_create_stream_with_options(mock_api: MockAPICheck) -> None:
    stream = chat.create(
        mock_api.session(),
        model=MODEL,
        messages=MESSAGES,
        stream=True,
        stream_options={"include_usage": True},
        tools=[WEATHER_TOOL],
        logprobs=True,
        top_logprobs=1,
        n=2,
        stop="END",
    )
    chunks = list(stream)
    assert chunks and all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    mock_api.assert_valid()


def test_chat_list(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    page = chat_stored.list(session)
    assert isinstance(page, SyncCursorPage)
    assert all(isinstance(item, ChatCompletion) for item in page.data)
    filtered = chat_stored.list(session, model=MODEL, metadata={"purpose": "conformance"}, limit=2, order="asc",
    after="c1")
    assert isinstance(filtered, SyncCursorPage)
    mock_api.assert_valid()


def test_chat_retrieve(mock_api: MockAPICheck) -> None:
    assert_completion(chat_stored.retrieve(mock_api.session(), "chatcmpl-abc123"))
    mock_api.assert_valid()


def test_chat_update(mock_api: MockAPICheck) -> None:
    assert_completion(chat_stored.update(mock_api.session(), "chatcmpl-abc123", metadata={"purpose": "conformance"}))
    mock_api.assert_valid()


def test_chat_delete(mock_api: MockAPICheck) -> None:
    result = chat_stored.delete(mock_api.session(), "chatcmpl-abc123")
    assert isinstance(result, ChatCompletionDeleted)
    assert isinstance(result.deleted, bool)
    mock_api.assert_valid()


def test_chat_list_messages(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    page = chat_stored.list_messages(session, "chatcmpl-abc123")
    assert isinstance(page, SyncCursorPage)
    assert all(isinstance(item, ChatCompletionStoreMessage) for item in page.data)
    chat_stored.list_messages(session, "chatcmpl-abc123", after="m1", limit=2, order="desc")
    mock_api.assert_valid()


# -- models ----------------------------------------------------------------------------------


def test_models_list(mock_api: MockAPICheck) -> None:
    page = models.list(mock_api.session())
    assert isinstance(page, SyncPage)
    assert page.data and all(isinstance(model, Model) for model in page.data)
    mock_api.assert_valid()


def test_models_retrieve(mock_api: MockAPICheck) -> None:
    model = models.retrieve(mock_api.session(), "gpt-4o-mini")
    assert isinstance(model, Model)
    assert isinstance(model.id, str)
    mock_api.assert_valid()


def test_models_delete(mock_api: MockAPICheck) -> None:
    result = models.delete(mock_api.session(), "ft:gpt-4o-mini:acme:custom:abc123")
    assert isinstance(result, ModelDeleted)
    assert isinstance(result.deleted, bool)
    mock_api.assert_valid()


# -- embeddings ------------------------------------------------------------------------------


def assert_float_vectors(result: object) -> CreateEmbeddingResponse:
    assert isinstance(result, CreateEmbeddingResponse)
    assert result.data
    for item in result.data:
        assert isinstance(item.embedding, list)
        assert all(isinstance(value, float) for value in item.embedding)
    return result


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("The food was delicious.", id="string"),
        pytest.param(["first text", "second text"], id="list-of-strings"),
        pytest.param([1212, 318, 257], id="tokens"),
        pytest.param([[1212, 318], [257, 1332]], id="list-of-tokens"),
    ],
)
def test_embeddings_create_inputs(mock_api: MockAPICheck, value: Any) -> None:
    assert_float_vectors(embeddings.create(mock_api.session(), model="text-embedding-3-small", input=value))
    mock_api.assert_valid()


def test_embeddings_create_float_and_dimensions(mock_api: MockAPICheck) -> None:
    result = embeddings.create(
        mock_api.session(),
        model="text-embedding-3-small",
        input="hello",
        encoding_format="float",
        dimensions=256,
        user="user-1",
    )
    assert_float_vectors(result)
    mock_api.assert_valid()


def test_embeddings_create_explicit_base64(mock_api: MockAPICheck) -> None:
    result = embeddings.create(
        mock_api.session(), model="text-embedding-3-small", input="hello", encoding_format="base64"
    )
    assert isinstance(result, CreateEmbeddingResponse)
    assert all(isinstance(item.embedding, (list, str)) for item in result.data)
    mock_api.assert_valid()


def test_embeddings_create_base64_default_path(mock_api: MockAPICheck, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the mock were api.openai.com: the default asks for base64, and decodes what comes back
    # by its type (the mock answers floats, which must stay floats).
    monkeypatch.setattr(embeddings, "base64_supported", lambda base_url: True)
    result = embeddings.create(mock_api.session(), model="text-embedding-3-small", input=["a", "b"])
    assert_float_vectors(result)
    mock_api.assert_valid()


# -- the escape hatch ------------------------------------------------------------------------


def test_session_request_untyped(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    body = session.request("GET", "/models", cast_to=object)
    assert isinstance(body, dict)
    assert isinstance(body["data"], list)
    moderation = session.request("POST", "/moderations", body={"input": "hello"}, cast_to=object)
    assert isinstance(moderation, dict)
    raw = session.request("GET", "models/gpt-4o-mini", cast_to=bytes)
    assert isinstance(msgspec.json.decode(raw), dict)
    mock_api.assert_valid()


def test_invalid_request_is_reported(mock_api: MockAPICheck) -> None:
    """The check itself: a request that breaks the spec must be caught (here: a number as model)."""
    from openai_compat import BadRequestError

    with pytest.raises(BadRequestError):
        mock_api.session().request("POST", "/embeddings", body={"model": 3, "input": "x"}, cast_to=object)
    problems = mock_api.problems()
    assert any("E3008" in problem for problem in problems)
    if mock_api.server.log_path is not None:
        assert any("sdk-issue" in problem for problem in problems)
    mock_api.checked = True


# -- every transport -------------------------------------------------------------------------


@pytest.mark.parametrize("transport_name", ["requests", "urllib3"])
def test_each_transport_against_the_mock(mock_api: MockAPICheck, transport_name: str) -> None:
    """JSON, SSE, query strings and path ids through each real transport."""
    if transport_name == "requests":
        from openai_compat import RequestsTransport

        session = mock_api.session(transport=RequestsTransport())
    else:
        from openai_compat import Urllib3Transport

        session = mock_api.session(transport=Urllib3Transport())
    assert_completion(chat.create(session, model=MODEL, messages=MESSAGES, n=2))
    chunks = list(chat.create(session, model=MODEL, messages=MESSAGES, stream=True))
    assert chunks and all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    assert isinstance(chat_stored.list(session, metadata={"a": "b"}, limit=1), SyncCursorPage)
    assert isinstance(models.delete(session, "ft:gpt-4o-mini:acme:custom:abc123"), ModelDeleted)
    assert_float_vectors(embeddings.create(session, model="text-embedding-3-small", input=["a", "b"]))
    mock_api.assert_valid()
