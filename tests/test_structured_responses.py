"""Structured outputs for the Responses API: ``responses.parse`` requests and parsed answers."""

from __future__ import annotations

import pickle
from typing import Any, Dict, List, Optional, Tuple

import msgspec
import pytest

from openai_compat import APIResponseValidationError, Client, Session, StructuredOutputError
from openai_compat._internals import struct_json_schema
from openai_compat.resources import responses_parse
from openai_compat.resources.responses_parse import function_tool, text_format_for
from openai_compat.testing import MockTransport, json_response, request_json
from openai_compat.types.chat_params import Tool
from openai_compat.types.responses import Response
from openai_compat.types.responses_items import Refusal
from openai_compat.types.responses_parsed import (
    ParsedFunctionCall,
    ParsedMessage,
    ParsedOutputText,
    ParsedResponse,
)

BASE = "https://api.example.test/v1"


class City(msgspec.Struct):
    name: str
    population: Optional[int] = None


class Answer(msgspec.Struct):
    cities: List[City]


class GetWeather(msgspec.Struct):
    """Get the weather of a city."""

    city: str
    days: int = 1


def make(body: Any) -> Tuple[Session, MockTransport]:
    transport = MockTransport(lambda request: json_response(body))
    return Session(api_key="sk-test", base_url=BASE, transport=transport), transport


def message(*parts: Dict[str, Any], phase: Optional[str] = None) -> Dict[str, Any]:
    item: Dict[str, Any] = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                            "content": list(parts)}
    if phase is not None:
        item["phase"] = phase
    return item


def text_part(text: str) -> Dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": []}


def response(*output: Dict[str, Any]) -> Dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o",
            "output": list(output), "provider_extra": 7}


ANSWER = '{"cities": [{"name": "Paris", "population": 2100000}, {"name": "Rome", "population": null}]}'


def test_parse_sends_the_strict_schema_as_text_format_and_returns_the_struct() -> None:
    session, transport = make(response(message(text_part(ANSWER))))
    result = responses_parse.parse(
        session, model="gpt-4o", input="Two cities", text_format=Answer, text={"verbosity": "low"},
    )
    assert request_json(transport.requests[0]) == {
        "input": "Two cities",
        "model": "gpt-4o",
        "text": {
            "verbosity": "low",
            "format": {"type": "json_schema", "name": "Answer", "schema": struct_json_schema(Answer), "strict": True},
        },
    }
    assert transport.requests[0].method == "POST" and transport.requests[0].url == f"{BASE}/responses"
    assert isinstance(result, ParsedResponse) and isinstance(result, Response)
    expected = Answer([City("Paris", 2100000), City("Rome", None)])
    assert result.output_parsed == expected
    item = result.output[0]
    assert isinstance(item, ParsedMessage)
    part = item.content[0]
    assert isinstance(part, ParsedOutputText) and part.parsed == expected
    assert result.output_text == ANSWER and result.extra == {"provider_extra": 7}
    # Parsed values are computed, never sent back.
    dumped = result.to_dict()
    assert "output_parsed" not in dumped and "parsed" not in dumped["output"][0]["content"][0]
    assert dumped["output"][0] == message(text_part(ANSWER))
    assert pickle.loads(pickle.dumps(result)).output_parsed == expected


def test_parse_through_the_facade() -> None:
    transport = MockTransport(lambda request: json_response(response(message(text_part(ANSWER)))))
    client = Client(api_key="sk-test", base_url=BASE, transport=transport)
    result = client.responses.parse(model="gpt-4o", input="Two cities", text_format=Answer)
    assert result.output_parsed is not None and result.output_parsed.cities[0].name == "Paris"


def test_refusal_leaves_output_parsed_none() -> None:
    refusal = {"type": "refusal", "refusal": "I can't help with that."}
    session, _ = make(response(message(refusal)))
    result = responses_parse.parse(session, model="gpt-4o", input="x", text_format=Answer)
    assert result.output_parsed is None
    item = result.output[0]
    assert isinstance(item, ParsedMessage) and isinstance(item.content[0], Refusal)


def test_only_final_answer_messages_are_parsed() -> None:
    session, _ = make(response(message(text_part("thinking aloud"), phase="commentary"),
                               message(text_part(ANSWER), phase="final_answer")))
    result = responses_parse.parse(session, model="gpt-4o", input="x", text_format=Answer)
    assert result.output_parsed is not None and len(result.output_parsed.cities) == 2


def test_tool_arguments_are_parsed() -> None:
    call = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "GetWeather",
            "arguments": '{"city": "Paris", "days": 3}', "status": "completed"}
    loose = {"type": "function_call", "id": "fc_2", "call_id": "call_2", "name": "lookup",
             "arguments": '{"q": "x"}', "status": "completed"}
    session, transport = make(response(call, loose))
    lookup = {"type": "function", "name": "lookup", "parameters": {"type": "object"}, "strict": False}
    result = responses_parse.parse(session, model="gpt-4o", input="x", tools=[function_tool(GetWeather), lookup])
    assert request_json(transport.requests[0])["tools"] == [
        {"type": "function", "name": "GetWeather", "parameters": struct_json_schema(GetWeather), "strict": True,
         "description": "Get the weather of a city."},
        lookup,
    ]
    first, second = result.output
    assert isinstance(first, ParsedFunctionCall) and first.parsed_arguments == GetWeather("Paris", 3)
    assert isinstance(second, ParsedFunctionCall) and second.parsed_arguments is None
    assert result.output_parsed is None
    assert "parsed_arguments" not in result.to_dict()["output"][0]


def test_chat_struct_tools_are_flattened_and_strict_dict_tools_parse_to_builtins() -> None:
    call = {"type": "function_call", "call_id": "c", "name": "w", "arguments": '{"city": "Oslo", "days": 1}'}
    plain = {"type": "function_call", "call_id": "d", "name": "strict_one", "arguments": '{"a": [1]}'}
    session, transport = make(response(call, plain))
    strict_one = {"type": "function", "name": "strict_one", "parameters": {"type": "object"}, "strict": True}
    result = responses_parse.parse(
        session, model="gpt-4o", input="x", tools=[Tool.function_from_struct(GetWeather, name="w"), strict_one],
    )
    sent = request_json(transport.requests[0])["tools"]
    assert sent[0]["type"] == "function" and sent[0]["name"] == "w" and "function" not in sent[0]
    first, second = result.output
    assert isinstance(first, ParsedFunctionCall) and first.parsed_arguments == GetWeather("Oslo", 1)
    assert isinstance(second, ParsedFunctionCall) and second.parsed_arguments == {"a": [1]}


def test_function_tool_options() -> None:
    tool = function_tool(GetWeather, name="weather", description="Weather.")
    assert tool == {"type": "function", "name": "weather", "parameters": struct_json_schema(GetWeather),
                    "strict": True, "description": "Weather."}
    assert tool.struct_type is GetWeather
    with pytest.raises(TypeError):
        function_tool(dict)  # type: ignore[arg-type]


def test_plain_dict_schema_passes_through_and_parses_to_builtins() -> None:
    schema = {"type": "object", "title": "Pair", "properties": {"a": {"type": "integer"}}, "required": ["a"],
              "additionalProperties": False}
    session, transport = make(response(message(text_part('{"a": 1}'))))
    result = responses_parse.parse(session, model="gpt-4o", input="x", text_format=schema)
    assert request_json(transport.requests[0])["text"] == {
        "format": {"type": "json_schema", "name": "Pair", "schema": schema, "strict": True},
    }
    assert result.output_parsed == {"a": 1}


def test_text_format_forms() -> None:
    ready = {"type": "json_schema", "name": "x", "schema": {"type": "object"}, "strict": False}
    assert text_format_for(ready) == ready
    assert text_format_for({"type": "object"})["name"] == "response"
    assert text_format_for(City, name="town")["name"] == "town"


def test_text_format_and_text_format_key_cannot_be_mixed() -> None:
    session, transport = make(response())
    with pytest.raises(TypeError, match="Cannot mix"):
        responses_parse.parse(session, model="gpt-4o", input="x", text_format=Answer,
                              text={"format": {"type": "text"}})
    assert transport.requests == []


def test_invalid_json_raises_a_typed_error_with_the_text_and_response() -> None:
    session, _ = make(response(message(text_part('{"cities": [{"name": 1}]'))))
    with pytest.raises(StructuredOutputError) as info:
        responses_parse.parse(session, model="gpt-4o", input="x", text_format=Answer)
    assert isinstance(info.value, APIResponseValidationError)
    assert info.value.raw_body == b'{"cities": [{"name": 1}]'
    assert isinstance(info.value.completion, ParsedResponse) and info.value.completion.id == "resp_1"


def test_without_a_format_parse_is_create_with_parsed_types() -> None:
    session, transport = make(response(message(text_part("hello"))))
    result = responses_parse.parse(session, model="gpt-4o", input="x")
    assert request_json(transport.requests[0]) == {"model": "gpt-4o", "input": "x"}
    assert result.output_parsed is None and result.output_text == "hello"
