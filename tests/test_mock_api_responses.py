"""API conformance of the Responses API: every ``/responses`` function against the Steady mock.

As in ``test_mock_api_conformance.py``: the mock validates each request against the spec and
``assert_valid()`` fails on any diagnostic; its answers are generated from the spec's schemas, so a
decoded result proves the types accept what the spec allows (values are random).
"""

from __future__ import annotations

import contextlib
from typing import Any, Dict, List

import pytest
from mock_api import MockAPICheck

from openai_compat import APIResponseValidationError, APITimeoutError, ResponseStream
from openai_compat.resources import responses
from openai_compat.types.responses import CompactedResponse, InputTokenCount, Response
from openai_compat.types.responses_events import UnknownEvent
from openai_compat.types.responses_items import OutputItem

pytestmark = pytest.mark.mock_api

OUTPUT_ITEM: Any = OutputItem  # a union to type checkers; at run time isinstance() checks its members

MODEL = "gpt-4o-mini"
TOOL = {"type": "function", "name": "get_weather", "description": "Weather in a city", "strict": True,
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                       "additionalProperties": False}}
# Messages with string content: under the spec's ``InputItem`` ``oneOf``, a message whose content is a
# list of parts matches both ``EasyInputMessage`` and ``InputMessage``, which a strict validator
# rejects (E3012) although the API accepts it.
INPUT: List[Dict[str, Any]] = [
    {"role": "developer", "content": "Be terse."},
    {"role": "user", "content": "Weather in Paris?"},
    {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{\"city\": \"Paris\"}"},
    {"type": "function_call_output", "call_id": "call_1", "output": "21C"},
]


def assert_response(result: object) -> Response:
    assert isinstance(result, Response)
    assert isinstance(result.id, str) and isinstance(result.output, list)
    assert isinstance(result.output_text, str)
    for item in result.output:
        assert isinstance(item, OUTPUT_ITEM) and isinstance(item.type, str)
    return result


def test_responses_create(mock_api: MockAPICheck) -> None:
    result = responses.create(mock_api.session(), model=MODEL, input="Say hello.", instructions="Be terse.",
                              max_output_tokens=50, metadata={"k": "v"}, temperature=0.5, store=True)
    assert_response(result)
    assert result.to_dict()["id"]
    mock_api.assert_valid()


def test_responses_create_with_items_tools_and_options(mock_api: MockAPICheck) -> None:
    result = responses.create(
        mock_api.session(), model=MODEL, input=INPUT, tools=[TOOL], tool_choice="auto", parallel_tool_calls=False,
        reasoning={"effort": "low"}, text={"format": {"type": "text"}}, include=["message.output_text.logprobs"],
        previous_response_id="resp_1", truncation="auto", background=False,
    )
    assert_response(result)
    mock_api.assert_valid()


def test_responses_create_stream(mock_api: MockAPICheck) -> None:
    stream = responses.create(mock_api.session(), model=MODEL, input="Say hello.", stream=True)
    assert isinstance(stream, ResponseStream)
    with stream:
        events = list(stream)
    assert events
    # The mock sends random members of the union, then ``event: done`` with ``{}`` (an UnknownEvent).
    assert any(not isinstance(event, UnknownEvent) or event.type for event in events)
    assert stream.headers.get("x-steady-streaming") == "true"
    mock_api.assert_valid()


def test_responses_retrieve_cancel_delete(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_response(responses.retrieve(session, "resp_123", include=["reasoning.encrypted_content"]))
    assert_response(responses.cancel(session, "resp_123"))
    responses.delete(session, "resp_123")
    mock_api.assert_valid()


def test_responses_poll(mock_api: MockAPICheck) -> None:
    # The mock's status is random: a terminal one returns at once, another gives up (max_wait=0).
    with contextlib.suppress(APITimeoutError):
        assert_response(responses.poll(mock_api.session(), "resp_123", max_wait=0, sleep=lambda seconds: None))
    mock_api.assert_valid()


def test_responses_retrieve_stream_request_is_valid(mock_api: MockAPICheck) -> None:
    # The spec gives GET /responses/{id} a JSON answer only, so the mock answers JSON to a stream
    # request; what this checks is that ``stream=true&starting_after=N`` is a valid request.
    session = mock_api.session()
    try:
        with responses.retrieve(session, "resp_123", stream=True, starting_after=3) as stream:
            list(stream)
    except APIResponseValidationError:
        pass
    mock_api.assert_valid()


def test_responses_input_items_list(mock_api: MockAPICheck) -> None:
    page = responses.list_input_items(mock_api.session(), "resp_123", limit=2, order="asc", after="item_1",
                                      include=["message.input_image.image_url"])
    for item in page.data:
        assert isinstance(item, OUTPUT_ITEM) and isinstance(item.type, str)
    mock_api.assert_valid()


def test_responses_input_tokens_count(mock_api: MockAPICheck) -> None:
    result = responses.count_input_tokens(mock_api.session(), model=MODEL, input=INPUT, tools=[TOOL],
                                          instructions="Be terse.")
    assert isinstance(result, InputTokenCount) and isinstance(result.input_tokens, int)
    mock_api.assert_valid()


def test_responses_compact(mock_api: MockAPICheck) -> None:
    result = responses.compact(mock_api.session(), model=MODEL, input=INPUT, instructions="Be terse.")
    assert isinstance(result, CompactedResponse)
    for item in result.output:
        assert isinstance(item, OUTPUT_ITEM) and isinstance(item.type, str)
    mock_api.assert_valid()


def test_responses_parse(mock_api: MockAPICheck) -> None:
    import msgspec

    from openai_compat import StructuredOutputError
    from openai_compat.resources import responses_parse
    from openai_compat.types.responses_parsed import ParsedResponse

    class GetWeather(msgspec.Struct):
        city: str

    class City(msgspec.Struct):
        name: str

    try:  # the mock's output text is random, so it rarely fits the Struct
        result = responses_parse.parse(mock_api.session(), model=MODEL, input="A city.", text_format=City,
                                       tools=[responses_parse.function_tool(GetWeather)])
    except StructuredOutputError as exc:
        result = exc.completion
    assert isinstance(result, ParsedResponse)
    assert_response(result)
    mock_api.assert_valid()
