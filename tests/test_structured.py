"""Structured outputs: strict schemas from Structs, ``chat.parse`` requests and parsed answers."""

from __future__ import annotations

import enum
import pickle
from typing import Any, Dict, List, Literal, Mapping, Optional, Tuple

import msgspec
import pytest

from openai_compat import (
    APIResponseValidationError,
    Client,
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    ParsedChatCompletion,
    Session,
    StructuredOutputError,
)
from openai_compat._internals import parse_into, response_format_for, strict_json_schema, struct_json_schema
from openai_compat.resources import chat, chat_parse
from openai_compat.testing import MockTransport, chat_completion, json_response, request_json
from openai_compat.types.chat_params import Message, ResponseFormat, Tool

BASE = "https://api.example.test/v1"
USER = [Message.user("Weather in Paris?")]


class Unit(enum.Enum):
    C = "c"
    F = "f"


class Place(msgspec.Struct):
    """A place on Earth."""

    city: str
    country: Optional[str] = None


class Weather(msgspec.Struct):
    place: Place
    temperature: float
    unit: Unit = Unit.C
    kind: Literal["sunny", "rainy"] = "sunny"
    alerts: List[str] = []
    note: Optional[str] = None


class Node(msgspec.Struct):
    name: str
    children: List[Node] = []


def make(body: Any) -> Tuple[Session, MockTransport]:
    transport = MockTransport(lambda request: json_response(body))
    return Session(api_key="sk-test", base_url=BASE, transport=transport), transport


WEATHER_JSON = '{"place": {"city": "Paris", "country": null}, "temperature": 21.5, "unit": "c", "kind": "sunny",' \
    ' "alerts": [], "note": null}'


# -- schemas ---------------------------------------------------------------------------------


def test_struct_schema_is_strict() -> None:
    schema = struct_json_schema(Weather)
    assert schema["type"] == "object" and "$ref" not in schema
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["place", "temperature", "unit", "kind", "alerts", "note"]
    props = schema["properties"]
    assert props["note"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}  # default null dropped
    assert props["kind"] == {"enum": ["rainy", "sunny"], "default": "sunny", "type": "string"}
    assert props["alerts"] == {"type": "array", "items": {"type": "string"}, "default": []}
    # A $ref with a sibling ("default") is inlined; the enum gets its type.
    assert props["unit"] == {"title": "Unit", "enum": ["c", "f"], "type": "string", "default": "c"}
    assert props["place"] == {"$ref": "#/$defs/Place"}
    place = schema["$defs"]["Place"]
    assert place["additionalProperties"] is False and place["required"] == ["city", "country"]
    assert place["description"] == "A place on Earth."
    assert "Weather" not in schema["$defs"]


def test_recursive_struct_keeps_its_def() -> None:
    schema = struct_json_schema(Node)
    assert schema["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    assert schema["$defs"]["Node"]["additionalProperties"] is False


def test_strict_json_schema_of_a_dict() -> None:
    schema = {"type": "object", "properties": {"a": {"allOf": [{"type": "integer"}]}, "b": {"type": "string"}}}
    assert strict_json_schema(schema) == {
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
        "required": ["a", "b"],
        "additionalProperties": False,
    }
    with pytest.raises(ValueError, match="local"):
        strict_json_schema({"anyOf": [{"$ref": "http://x/y", "title": "t"}]})


def test_response_format_forms() -> None:
    assert response_format_for(Place) == {
        "type": "json_schema",
        "json_schema": {"name": "Place", "schema": struct_json_schema(Place), "strict": True},
    }
    assert ResponseFormat.from_struct(Place, name="p")["json_schema"]["name"] == "p"
    raw = {"type": "object", "title": "Thing", "properties": {}}
    assert response_format_for(raw) == {
        "type": "json_schema",
        "json_schema": {"name": "Thing", "schema": raw, "strict": True},
    }
    ready = {"type": "json_object"}
    assert response_format_for(ready) == ready
    with pytest.raises(TypeError, match=r"msgspec\.Struct"):
        response_format_for(int)


def test_parse_into_errors_keep_the_text() -> None:
    assert parse_into(Place, '{"city": "Oslo", "country": "NO"}') == Place("Oslo", "NO")
    with pytest.raises(StructuredOutputError, match="into Place") as info:
        parse_into(Place, "not json")
    assert info.value.raw_body == b"not json"
    assert isinstance(info.value, APIResponseValidationError)


# -- chat.parse ------------------------------------------------------------------------------


def test_parse_sends_strict_schema_and_returns_the_struct() -> None:
    session, transport = make(chat_completion(WEATHER_JSON))
    result = chat_parse.parse(session, model="gpt-4o", messages=USER, response_format=Weather, temperature=0)
    assert request_json(transport.last_request) == {
        "messages": USER,
        "model": "gpt-4o",
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "Weather", "schema": struct_json_schema(Weather), "strict": True},
        },
        "temperature": 0,
    }
    assert "x-stainless-helper-method" not in {name.lower() for name in transport.last_request.headers}
    assert isinstance(result, ParsedChatCompletion)
    message = result.choices[0].message
    assert message.parsed == Weather(Place("Paris"), 21.5)
    assert message.content == WEATHER_JSON
    # ``parsed`` is computed, not data: the message goes back without it.
    assert "parsed" not in message.to_dict()
    assert "parsed" not in result.to_dict()["choices"][0]["message"]
    assert pickle.loads(pickle.dumps(result)).choices[0].message.parsed == message.parsed


def test_parse_through_the_facade_keeps_provider_extras() -> None:
    body = chat_completion(WEATHER_JSON)
    body["choices"][0]["message"]["reasoning_content"] = "thinking"
    client = Client(api_key="sk-test", base_url=BASE, transport=MockTransport(lambda request: json_response(body)))
    message = client.chat.completions.parse(model="m", messages=USER, response_format=Weather).choices[0].message
    assert message.parsed is not None and message.parsed.place.city == "Paris"
    assert message.reasoning_text == "thinking"
    assert message.to_dict() == {"role": "assistant", "content": WEATHER_JSON, "reasoning_content": "thinking"}


def test_refusal_leaves_parsed_none() -> None:
    body = chat_completion(None)
    body["choices"][0]["message"]["refusal"] = "I can't help with that."
    session, _ = make(body)
    message = chat_parse.parse(session, model="m", messages=USER, response_format=Weather).choices[0].message
    assert message.parsed is None and message.refusal == "I can't help with that."


def test_length_and_content_filter_raise() -> None:
    session, _ = make(chat_completion('{"place": {"ci', finish_reason="length"))
    with pytest.raises(LengthFinishReasonError, match="length limit was reached - ") as info:
        chat_parse.parse(session, model="m", messages=USER, response_format=Weather)
    assert info.value.completion.usage.total_tokens == 7
    restored = pickle.loads(pickle.dumps(info.value))
    assert str(restored) == str(info.value)
    session, _ = make(chat_completion(None, finish_reason="content_filter"))
    with pytest.raises(
        ContentFilterFinishReasonError,
        match=r"^Could not parse response content as the request was rejected by the content filter$",
    ):
        chat_parse.parse(session, model="m", messages=USER, response_format=Weather)
    # Without anything to parse, parse() is create() with a parsed type: no error.
    session, _ = make(chat_completion("cut", finish_reason="length"))
    assert chat_parse.parse(session, model="m", messages=USER).choices[0].message.parsed is None


def test_invalid_content_raises_with_the_raw_text_and_completion() -> None:
    session, _ = make(chat_completion('{"place": "nowhere"}', id="chatcmpl-bad"))
    with pytest.raises(StructuredOutputError, match=r"into Weather: Expected `object`") as info:
        chat_parse.parse(session, model="m", messages=USER, response_format=Weather)
    assert info.value.raw_body == b'{"place": "nowhere"}'
    assert info.value.completion.id == "chatcmpl-bad"


def test_tool_arguments_are_parsed() -> None:
    calls: List[Mapping[str, Any]] = [
        {"id": "c1", "type": "function", "function": {"name": "Place", "arguments": '{"city": "Rome"}'}},
        {"id": "c2", "type": "function", "function": {"name": "lookup", "arguments": '{"q": 1}'}},
        {"id": "c3", "type": "function", "function": {"name": "loose", "arguments": "not json"}},
    ]
    session, transport = make(chat_completion(None, tool_calls=calls, finish_reason="tool_calls"))
    tools = [
        Tool.function_from_struct(Place),
        Tool.function("lookup", parameters={"type": "object"}, strict=True),
        Tool.function("loose", parameters={"type": "object"}),
    ]
    message = chat_parse.parse(session, model="m", messages=USER, tools=iter(tools)).choices[0].message
    sent = request_json(transport.last_request)["tools"]
    assert sent[0] == {
        "type": "function",
        "function": {
            "name": "Place",
            "parameters": struct_json_schema(Place),
            "strict": True,
            "description": "A place on Earth.",
        },
    }
    assert message.parsed is None and message.tool_calls is not None
    parsed = [call.function.parsed_arguments if call.function else None for call in message.tool_calls]
    assert parsed == [Place("Rome"), {"q": 1}, None]
    assert "parsed_arguments" not in message.to_dict()["tool_calls"][0]["function"]


def test_function_from_struct_options() -> None:
    tool = Tool.function_from_struct(Weather, name="report", description="Report it")
    assert tool["function"]["name"] == "report" and tool["function"]["description"] == "Report it"
    assert "description" not in Tool.function_from_struct(Weather)["function"]  # no docstring


def test_plain_dict_schema_passes_through_and_parses_to_builtins() -> None:
    schema: Dict[str, Any] = {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}
    session, transport = make(chat_completion('{"x": 3}'))
    result = chat_parse.parse(session, model="m", messages=USER, response_format=schema)
    assert request_json(transport.last_request)["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "response", "schema": schema, "strict": True},
    }
    assert result.choices[0].message.parsed == {"x": 3}
    session, transport = make(chat_completion("plain"))
    text = chat_parse.parse(session, model="m", messages=USER, response_format=ResponseFormat.text())
    assert request_json(transport.last_request)["response_format"] == {"type": "text"}
    assert text.choices[0].message.parsed is None


def test_create_rejects_a_struct_class() -> None:
    session, transport = make(chat_completion())
    with pytest.raises(TypeError, match=r"chat\.completions\.parse\(\)"):
        chat.create(session, model="m", messages=USER, response_format=Place)  # type: ignore[call-overload]
    assert transport.requests == []


def test_parse_requires_model_and_messages() -> None:
    session, _ = make(chat_completion())
    with pytest.raises(TypeError, match=r"parse\(\) missing 1 required keyword-only argument: 'model'"):
        chat_parse.parse(session, messages=USER, response_format=Place)
