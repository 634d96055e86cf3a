"""``responses.parse`` beyond the basics: ``stream=True``, ``verbosity``, ``parse_as`` after a
``configuration_update`` input item, and the request options it shares with ``create``."""

from __future__ import annotations

from typing import Any, Dict, List

import msgspec
import pytest

from openai_compat import Client, ParsedResponseStream, StructuredOutputError
from openai_compat._internals import encode_json, struct_json_schema
from openai_compat.testing import MockTransport, json_response, request_json, sse_response
from openai_compat.types.responses_events import ResponseTextDeltaEvent
from openai_compat.types.responses_parsed import ParsedResponse

BASE = "https://api.example.test/v1"


class City(msgspec.Struct):
    name: str


class Weather(msgspec.Struct):
    celsius: float


def response(text: str, status: str = "completed") -> Dict[str, Any]:
    part = {"type": "output_text", "text": text, "annotations": []}
    item = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": [part]}
    return {"id": "resp_1", "object": "response", "created_at": 1, "status": status, "model": "m",
            "output": [item] if text else [], "provider_extra": 7}


def events(text: str) -> List[str]:
    """A streamed answer as the API sends it: named events, the terminal one holding the response."""
    raw = [
        {"type": "response.created", "sequence_number": 0, "response": response("", "in_progress")},
        {"type": "response.output_text.delta", "sequence_number": 1, "item_id": "msg_1", "output_index": 0,
         "content_index": 0, "delta": text},
        {"type": "response.completed", "sequence_number": 2, "response": response(text)},
    ]
    return [f"event: {event['type']}\ndata: {encode_json(event).decode()}\n\n" for event in raw]


def client_answering(*, streamed: str = "", whole: str = "") -> tuple[Client, MockTransport]:
    def answer(request: Any) -> Any:
        return sse_response(events(streamed)) if streamed else json_response(response(whole))

    transport = MockTransport(answer)
    return Client(api_key="sk-test", base_url=BASE, transport=transport), transport


def city_format() -> Dict[str, Any]:
    return {"type": "json_schema", "name": "City", "schema": struct_json_schema(City), "strict": True}


# -- stream=True ---------------------------------------------------------------------------------


def test_stream_true_gives_the_events_and_a_parsed_final_response() -> None:
    client, transport = client_answering(streamed='{"name": "Paris"}')
    with client.responses.parse(model="m", input="A city", text_format=City, stream=True) as stream:
        assert isinstance(stream, ParsedResponseStream)
        deltas = [event.delta for event in stream if isinstance(event, ResponseTextDeltaEvent)]
        final = stream.get_final_response()
    assert deltas == ['{"name": "Paris"}']
    assert isinstance(final, ParsedResponse) and final.output_parsed == City("Paris")
    assert final.extra == {"provider_extra": 7}  # what the server added is kept through the parse
    assert stream.get_final_response() is final
    sent = request_json(transport.last_request)
    assert sent["stream"] is True and sent["text"] == {"format": city_format()}
    assert transport.last_request.headers["Accept"] == "text/event-stream"


def test_a_streamed_answer_that_does_not_fit_raises_when_the_final_response_is_asked_for() -> None:
    client, _ = client_answering(streamed='{"name": 1}')
    stream = client.responses.parse(model="m", input="x", text_format=City, stream=True)
    with pytest.raises(StructuredOutputError):
        stream.get_final_response()


def test_stream_options_and_the_create_parameters_are_sent() -> None:
    client, transport = client_answering(streamed="{}")
    client.responses.parse(
        model="m", input="x", stream=True, stream_options={"include_obfuscation": False},
        access_programs={"cyber": "standard"}, background_options={"completion_window": "soonest"},
        image={"context_compression": "auto"},
    ).until_done()
    sent = request_json(transport.last_request)
    assert sent["stream_options"] == {"include_obfuscation": False}
    assert sent["access_programs"] == {"cyber": "standard"}
    assert sent["background_options"] == {"completion_window": "soonest"}
    assert sent["image"] == {"context_compression": "auto"}


# -- verbosity -----------------------------------------------------------------------------------


def test_verbosity_goes_where_the_api_reads_it() -> None:
    client, transport = client_answering(whole='{"name": "Rome"}')
    result = client.responses.parse(model="m", input="x", text_format=City, verbosity="low")
    assert request_json(transport.last_request)["text"] == {"format": city_format(), "verbosity": "low"}
    assert "verbosity" not in request_json(transport.last_request)
    assert result.output_parsed == City("Rome")


def test_verbosity_given_twice_is_refused() -> None:
    client, transport = client_answering(whole="{}")
    with pytest.raises(TypeError, match=r"text\.verbosity"):
        client.responses.parse(model="m", input="x", verbosity="low", text={"verbosity": "high"})
    assert transport.requests == []


# -- parse_as ------------------------------------------------------------------------------------


def update(fmt: Dict[str, Any]) -> Dict[str, Any]:
    return {"type": "configuration_update", "text": {"format": fmt}}


def test_parse_as_none_leaves_the_text_unparsed() -> None:
    client, _ = client_answering(whole='{"name": "Oslo"}')
    result = client.responses.parse(model="m", input="x", text_format=City, parse_as=None)
    assert result.output_parsed is None and result.output_text == '{"name": "Oslo"}'


def test_an_updated_schema_needs_parse_as() -> None:
    weather = {"type": "json_schema", "name": "Weather", "schema": struct_json_schema(Weather), "strict": True}
    client, transport = client_answering(whole='{"celsius": 21.5}')
    items = [{"role": "user", "content": "x"}, update(weather)]
    with pytest.raises(TypeError, match="Pass parse_as"):
        client.responses.parse(model="m", input=items, text_format=City)
    assert transport.requests == []
    result = client.responses.parse(model="m", input=items, text_format=City, parse_as=Weather)
    assert result.output_parsed == Weather(21.5)


def test_an_update_to_the_same_schema_parses_as_text_format() -> None:
    client, _ = client_answering(whole='{"name": "Lima"}')
    result = client.responses.parse(model="m", input=[update(city_format())], text_format=City)
    assert result.output_parsed == City("Lima")


def test_an_update_to_plain_text_turns_parsing_off() -> None:
    client, transport = client_answering(whole="just words")
    items = [update({"type": "text"})]
    result = client.responses.parse(model="m", input=items, text_format=City)
    assert result.output_parsed is None and result.output_text == "just words"
    with pytest.raises(TypeError, match="plain-text format update"):
        client.responses.parse(model="m", input=items, text_format=City, parse_as=City)
    assert len(transport.requests) == 1


def test_the_input_in_extra_body_is_the_one_looked_at() -> None:
    client, transport = client_answering(whole="words")
    result = client.responses.parse(model="m", text_format=City, extra_body={"input": [update({"type": "text"})]})
    assert result.output_parsed is None
    assert request_json(transport.last_request)["input"] == [update({"type": "text"})]
