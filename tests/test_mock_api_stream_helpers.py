"""API conformance of the stream helpers against the Steady mock: ``chat.completions.stream``,
``responses.stream`` (new and existing responses), and the run stream helpers with an event handler.

The mock validates each request against the spec and ``assert_valid()`` fails on any diagnostic.
Its streamed answers are random members of the event unions (random text, random finish reasons),
so parsing them may fail; ``GET /responses/{id}`` and the run endpoints have only JSON answers in the
spec, so the mock answers a stream request with JSON (``APIResponseValidationError`` here). Those
outcomes are allowed: what is checked is that every request is valid, and the events read where the
mock streams them.
"""

from __future__ import annotations

import contextlib
from typing import Any, List

import msgspec
import pytest
from mock_api import MockAPICheck

from openai_compat import (
    APIResponseValidationError,
    AssistantEventHandler,
    Client,
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    StructuredOutputError,
    Tool,
)
from openai_compat.resources.responses_parse import function_tool

pytestmark = pytest.mark.mock_api

MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "Weather in Paris?"}]
# What random answers may make of parsing: none of it is a failure of the request.
UNPARSEABLE = (StructuredOutputError, LengthFinishReasonError, ContentFilterFinishReasonError)


class Weather(msgspec.Struct):
    """The weather in a city."""

    city: str


def client_of(mock_api: MockAPICheck) -> Client:
    return Client._from_session(mock_api.session())


def test_chat_completions_stream(mock_api: MockAPICheck) -> None:
    client = client_of(mock_api)
    with client.chat.completions.stream(model=MODEL, messages=MESSAGES, stream_options={"include_usage": True}) \
            as stream:
        types = [event.type for event in stream]
    assert types and types[0] == "chunk"
    with contextlib.suppress(*UNPARSEABLE), client.chat.completions.stream(
        model=MODEL, messages=MESSAGES, response_format=Weather, tools=[Tool.function_from_struct(Weather)],
        temperature=0.2, max_completion_tokens=50,
    ) as stream:
        stream.until_done()
        stream.get_final_completion()
    mock_api.assert_valid()


def test_responses_stream(mock_api: MockAPICheck) -> None:
    client = client_of(mock_api)
    with client.responses.stream(model=MODEL, input="Say hello.", instructions="Be terse.") as stream:
        events: List[Any] = list(stream)
    assert events
    with contextlib.suppress(*UNPARSEABLE), client.responses.stream(
        model=MODEL, input="Weather in Paris?", text_format=Weather, tools=[function_tool(Weather)],
        max_output_tokens=50,
    ) as stream:
        stream.until_done()
    mock_api.assert_valid()


def test_responses_stream_of_an_existing_response(mock_api: MockAPICheck) -> None:
    # The spec gives GET /responses/{id} a JSON answer only: the request is what is checked here.
    client = client_of(mock_api)
    with contextlib.suppress(APIResponseValidationError), \
            client.responses.stream(response_id="resp_123", starting_after=2) as stream:
        stream.until_done()
    mock_api.assert_valid()


def test_run_stream_helpers(mock_api: MockAPICheck) -> None:
    client = client_of(mock_api)
    runs = client.beta.threads.runs
    outputs = [{"tool_call_id": "call_1", "output": "21 degrees"}]
    for open_stream in (
        lambda handler: runs.stream(thread_id="thread_1", assistant_id="asst_1", instructions="Be terse.",
                                    event_handler=handler),
        lambda handler: runs.create_and_stream(thread_id="thread_1", assistant_id="asst_1", event_handler=handler),
        lambda handler: runs.submit_tool_outputs_stream(thread_id="thread_1", run_id="run_1", tool_outputs=outputs,
                                                        event_handler=handler),
        lambda handler: client.beta.threads.create_and_run_stream(
            assistant_id="asst_1", thread={"messages": [{"role": "user", "content": "Hi"}]}, event_handler=handler),
    ):
        with contextlib.suppress(APIResponseValidationError), open_stream(AssistantEventHandler()) as handler:
            handler.until_done()
    assert len(mock_api.exchanges) == 4
    mock_api.assert_valid()
