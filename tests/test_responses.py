"""The Responses API: the exact requests, decoded responses and items (open unions), and typed streams."""

from __future__ import annotations

import inspect
import pickle
import subprocess
import sys
from typing import Any, Callable, Dict, List, Tuple
from urllib.parse import parse_qsl, urlsplit

import pytest

from openai_compat import APIStreamError, Client, NoFinalResponseError, Request, Response, ResponseStream, Session
from openai_compat._internals import decode, encode_json, to_builtins
from openai_compat.resources import responses
from openai_compat.testing import MockTransport, json_response, request_json, sse_response
from openai_compat.types import responses_events as ev
from openai_compat.types.responses import CompactedResponse, InputTokenCount
from openai_compat.types.responses import Response as ModelResponse
from openai_compat.types.responses_items import (
    FunctionCall,
    McpCall,
    Message,
    OutputText,
    ReasoningItem,
    Refusal,
    SummaryText,
    UnknownContent,
    UnknownItem,
)
from openai_compat.types.responses_tools import FunctionTool, UnknownTool, UrlCitation, WebSearchTool

BASE = "https://api.example.test/v1"

# Every property of CreateResponse in openai-openapi.yaml (with what it inherits through allOf).
SPEC_PARAMS = {
    "background", "context_management", "conversation", "include", "input", "instructions", "max_output_tokens",
    "max_tool_calls", "metadata", "model", "moderation", "parallel_tool_calls", "previous_response_id", "prompt",
    "prompt_cache_key", "prompt_cache_options", "prompt_cache_retention", "reasoning", "safety_identifier",
    "service_tier", "store", "stream", "stream_options", "temperature", "text", "tool_choice", "tools",
    "top_logprobs", "top_p", "truncation", "user",
}
# Body parameters openai-python 3.57.0 sends that the spec in the repository does not define yet.
OPENAI_PYTHON_PARAMS = {"access_programs", "background_options", "image"}

# Every ``type`` of the spec's ResponseStreamEvent.
SPEC_EVENT_TYPES = {
    "error", "response.audio.delta", "response.audio.done", "response.audio.transcript.delta",
    "response.audio.transcript.done", "response.code_interpreter_call.completed",
    "response.code_interpreter_call.in_progress", "response.code_interpreter_call.interpreting",
    "response.code_interpreter_call_code.delta", "response.code_interpreter_call_code.done", "response.completed",
    "response.content_part.added", "response.content_part.done", "response.created",
    "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done", "response.failed",
    "response.file_search_call.completed", "response.file_search_call.in_progress",
    "response.file_search_call.searching", "response.function_call_arguments.delta",
    "response.function_call_arguments.done", "response.image_generation_call.completed",
    "response.image_generation_call.generating", "response.image_generation_call.in_progress",
    "response.image_generation_call.partial_image", "response.in_progress", "response.incomplete",
    "response.mcp_call.completed", "response.mcp_call.failed", "response.mcp_call.in_progress",
    "response.mcp_call_arguments.delta", "response.mcp_call_arguments.done", "response.mcp_list_tools.completed",
    "response.mcp_list_tools.failed", "response.mcp_list_tools.in_progress", "response.output_item.added",
    "response.output_item.done", "response.output_text.annotation.added", "response.output_text.delta",
    "response.output_text.done", "response.queued", "response.reasoning_summary_part.added",
    "response.reasoning_summary_part.done", "response.reasoning_summary_text.delta",
    "response.reasoning_summary_text.done", "response.reasoning_text.delta", "response.reasoning_text.done",
    "response.refusal.delta", "response.refusal.done", "response.shell_call_command.added",
    "response.shell_call_command.delta", "response.shell_call_command.done",
    "response.shell_call_output_content.delta", "response.shell_call_output_content.done",
    "response.web_search_call.completed", "response.web_search_call.in_progress",
    "response.web_search_call.searching",
}


def make(handler: Callable[[Request], Response]) -> Tuple[Session, MockTransport]:
    transport = MockTransport(handler)
    return Session(api_key="sk-test", base_url=BASE, transport=transport), transport


def path_and_query(request: Request) -> Tuple[str, List[Tuple[str, str]]]:
    parts = urlsplit(request.url)
    return parts.path, parse_qsl(parts.query)


def message(text: str, id: str = "msg_1") -> Dict[str, Any]:
    return {"type": "message", "id": id, "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]}


def model_response(*output: Dict[str, Any], status: str = "completed", **fields: Any) -> Dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1700000000, "status": status, "model": "gpt-test",
            "output": list(output), "error": None, "incomplete_details": None, "instructions": None,
            "metadata": {}, "parallel_tool_calls": True, "temperature": 1.0, "top_p": 1.0, "tools": [],
            "tool_choice": "auto",
            "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5,
                      "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}},
            **fields}


def named(*events: Dict[str, Any]) -> List[str]:
    """Events as the API sends them: ``event: <type>`` and the JSON data."""
    return [f"event: {event['type']}\ndata: {encode_json(event).decode()}\n\n" for event in events]


def numbered(*events: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [{**event, "sequence_number": index} for index, event in enumerate(events)]


def text_stream(*texts: str, terminal: str = "response.completed", status: str = "completed") -> List[Dict[str, Any]]:
    item = {"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress", "content": []}
    part = {"type": "output_text", "text": "", "annotations": []}
    ids = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    full = "".join(texts)
    return numbered(
        {"type": "response.created", "response": model_response(status="in_progress")},
        {"type": "response.in_progress", "response": model_response(status="in_progress")},
        {"type": "response.output_item.added", "output_index": 0, "item": item},
        {"type": "response.content_part.added", **ids, "part": part},
        *({"type": "response.output_text.delta", **ids, "delta": text, "logprobs": []} for text in texts),
        {"type": "response.output_text.done", **ids, "text": full, "logprobs": []},
        {"type": "response.content_part.done", **ids, "part": {**part, "text": full}},
        {"type": "response.output_item.done", "output_index": 0, "item": message(full)},
        {"type": terminal, "response": model_response(message(full), status=status)},
    )


# -- create, retrieve, cancel, delete ------------------------------------------------------------


def test_create_sends_only_what_was_given_and_decodes_the_response() -> None:
    session, transport = make(lambda request: json_response(model_response(message("Hello"), message(" there", "m2"))))
    response = responses.create(session, model="gpt-test", input="Hi", instructions=None)
    request = transport.last_request
    assert (request.method, request.url) == ("POST", f"{BASE}/responses")
    assert request_json(request) == {"model": "gpt-test", "input": "Hi", "instructions": None}
    assert isinstance(response, ModelResponse)
    assert response.id == "resp_1" and response.status == "completed" and response.model == "gpt-test"
    assert response.output_text == "Hello there"
    assert isinstance(response.output[0], Message) and isinstance(response.output[0].content[0], OutputText)
    assert response.usage is not None and response.usage.total_tokens == 5


def test_create_covers_every_spec_parameter_and_sends_each_by_its_name() -> None:
    params = set(inspect.signature(responses.create).parameters)
    options = {"session", "extra_headers", "extra_query", "extra_body", "timeout"}
    assert params - options == SPEC_PARAMS | OPENAI_PYTHON_PARAMS
    session, transport = make(lambda request: json_response(model_response()))
    values: Dict[str, Any] = {name: f"v-{name}" for name in (SPEC_PARAMS | OPENAI_PYTHON_PARAMS) - {"stream"}}
    values["input"] = iter([{"role": "user", "content": "Hi"}])  # a generator becomes a list
    responses.create(session, **values)
    sent = request_json(transport.last_request)
    assert sent["input"] == [{"role": "user", "content": "Hi"}]
    assert {k: v for k, v in sent.items() if k != "input"} == {k: v for k, v in values.items() if k != "input"}


def test_unknown_items_and_parts_keep_their_payload_and_go_back_as_input() -> None:
    novel = {"type": "hologram_call", "id": "h1", "status": "done", "frames": [1, 2], "note": None}
    reply = model_response(
        {**message("Hi"), "content": [{"type": "output_text", "text": "Hi", "annotations": [], "vendor": 1},
                                      {"type": "sparkle", "level": 3}]},
        novel,
        {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f", "arguments": "{}",
         "status": "completed"},
        extension={"x": 1},
    )
    session, transport = make(lambda request: json_response(reply))
    response = responses.create(session, model="m", input="Hi")
    first, unknown, call = response.output
    assert isinstance(unknown, UnknownItem) and unknown.type == "hologram_call" and unknown.id == "h1"
    assert unknown.raw == novel and unknown.frames == [1, 2]  # type: ignore[attr-defined]
    assert isinstance(first, Message)
    assert first.content[0].vendor == 1  # type: ignore[union-attr]
    sparkle = first.content[1]
    assert isinstance(sparkle, UnknownContent) and sparkle.raw == {"type": "sparkle", "level": 3}
    assert isinstance(call, FunctionCall) and call.call_id == "call_1"
    assert response.extension == {"x": 1}  # type: ignore[attr-defined]
    assert response.output_text == "Hi"
    responses.create(session, model="m", input=[*response.output, {"type": "function_call_output",
                                                                     "call_id": "call_1", "output": "42"}])
    sent = request_json(transport.last_request)["input"]
    assert sent[1] == {"type": "hologram_call", "id": "h1", "status": "done", "frames": [1, 2]}
    assert sent[0]["content"][1] == {"type": "sparkle", "level": 3} and sent[0]["content"][0]["vendor"] == 1
    again = pickle.loads(pickle.dumps(response))
    assert again.output[1].frames == [1, 2] and again.output_text == "Hi"


def test_every_documented_item_type_decodes_to_its_struct() -> None:
    from openai_compat.types.responses_items import OutputItem

    for kind, cls in OutputItem.members.items():  # type: ignore[attr-defined]
        decoded = decode(encode_json(model_response({"type": kind, "id": "x"})), ModelResponse).output[0]
        assert type(decoded) is cls, kind
    reasoning = decode(encode_json(model_response(
        {"type": "reasoning", "id": "r", "summary": [{"type": "summary_text", "text": "thought"}]},
        {"type": "mcp_call", "id": "m", "server_label": "s", "name": "n", "arguments": "{}", "output": "ok"},
    )), ModelResponse)
    assert isinstance(reasoning.output[0], ReasoningItem)
    assert reasoning.output[0].summary == [SummaryText(text="thought")]
    assert isinstance(reasoning.output[1], McpCall) and reasoning.output[1].output == "ok"


def test_an_item_that_is_not_an_object_is_kept_as_sent() -> None:
    session, _ = make(lambda request: json_response(model_response("oops", message("Hi"))))  # type: ignore[arg-type]
    response = responses.create(session, model="m", input="Hi")
    assert response.output[0] == "oops" and response.output_text == "Hi"  # type: ignore[comparison-overlap]
    assert response.to_dict()["output"][0] == "oops"


def test_retrieve_cancel_and_delete() -> None:
    session, transport = make(lambda request: json_response(model_response(message("x")))
                              if request.method != "DELETE" else Response(200, {}, content=b""))
    got = responses.retrieve(session, "resp_1", include=["message.output_text.logprobs"])
    assert path_and_query(transport.last_request) == (
        "/v1/responses/resp_1", [("include[]", "message.output_text.logprobs")])
    assert got.output_text == "x"
    cancelled = responses.cancel(session, "resp_1")
    assert (transport.last_request.method, transport.last_request.url) == ("POST", f"{BASE}/responses/resp_1/cancel")
    assert isinstance(cancelled, ModelResponse)
    responses.delete(session, "resp 1")
    assert (transport.last_request.method, transport.last_request.url) == ("DELETE", f"{BASE}/responses/resp%201")


def test_input_items_pages_are_walked_and_counts_and_compaction_decode() -> None:
    pages = {
        None: {"object": "list", "data": [{"type": "message", "id": "i1", "role": "user", "status": "completed",
                                           "content": [{"type": "input_text", "text": "Hi"}]}],
               "has_more": True, "first_id": "i1", "last_id": "i1"},
        "i1": {"object": "list", "data": [{"type": "new_kind", "id": "i2"}], "has_more": False,
               "first_id": "i2", "last_id": "i2"},
    }

    def handler(request: Request) -> Response:
        path, query = path_and_query(request)
        if path.endswith("input_items"):
            return json_response(pages[dict(query).get("after")])
        if path.endswith("input_tokens"):
            return json_response({"object": "response.input_tokens", "input_tokens": 11})
        return json_response({"id": "cmp_1", "object": "response.compaction", "created_at": 1,
                              "output": [message("sum")], "usage": {"input_tokens": 1, "output_tokens": 1,
                                                                    "total_tokens": 2}})

    session, transport = make(handler)
    page = responses.list_input_items(session, "resp_1", limit=1, order="asc")
    assert path_and_query(transport.last_request) == ("/v1/responses/resp_1/input_items",
                                                      [("limit", "1"), ("order", "asc")])
    items = list(page)
    assert [item.id for item in items] == ["i1", "i2"]
    assert isinstance(items[0], Message) and items[0].role == "user" and isinstance(items[1], UnknownItem)
    count = responses.count_input_tokens(session, model="m", input="Hi")
    assert isinstance(count, InputTokenCount) and count.input_tokens == 11
    assert request_json(transport.last_request) == {"model": "m", "input": "Hi"}
    compacted = responses.compact(session, model="m", previous_response_id="resp_1")
    assert transport.last_request.url == f"{BASE}/responses/compact"
    assert isinstance(compacted, CompactedResponse) and isinstance(compacted.output[0], Message)


def test_tools_and_annotations_decode_by_type_with_a_fallback() -> None:
    text = {"type": "output_text", "text": "See [1]", "annotations": [
        {"type": "url_citation", "url": "https://x.test", "start_index": 4, "end_index": 7, "title": "X"},
        {"type": "page_ref", "page": 3}]}
    reply = model_response({**message(""), "content": [text]}, tools=[
        {"type": "function", "name": "f", "parameters": {"type": "object"}, "strict": True},
        {"type": "web_search_2025_08_26", "search_context_size": "low"},
        {"type": "teleport", "range_km": 5}])
    response = decode(encode_json(reply), ModelResponse)
    function, web, novel = response.tools
    assert isinstance(function, FunctionTool) and function.strict is True
    assert isinstance(web, WebSearchTool) and web.type == "web_search_2025_08_26"
    assert isinstance(novel, UnknownTool) and novel.raw == {"type": "teleport", "range_km": 5}
    item = response.output[0]
    assert isinstance(item, Message)
    part = item.content[0]
    assert isinstance(part, OutputText)
    assert isinstance(part.annotations[0], UrlCitation) and part.annotations[0].end_index == 7
    assert part.annotations[1].raw == {"type": "page_ref", "page": 3}  # type: ignore[union-attr]
    assert response.to_dict()["tools"] == reply["tools"]


def test_every_spec_item_type_has_a_struct() -> None:
    from openai_compat.types.responses_items import OutputItem

    spec_item_types = {  # the ``type``s of OutputItem and ItemResource in the spec
        "additional_tools", "apply_patch_call", "apply_patch_call_output", "code_interpreter_call", "compaction",
        "computer_call", "computer_call_output", "custom_tool_call", "custom_tool_call_output", "file_search_call",
        "function_call", "function_call_output", "image_generation_call", "local_shell_call",
        "local_shell_call_output", "mcp_approval_request", "mcp_approval_response", "mcp_call", "mcp_list_tools",
        "message", "program", "program_output", "reasoning", "shell_call", "shell_call_output", "tool_search_call",
        "tool_search_output", "web_search_call",
    }
    assert set(OutputItem.members) == spec_item_types  # type: ignore[attr-defined]


def test_retrieve_takes_every_spec_query_parameter() -> None:
    params = set(inspect.signature(responses.retrieve).parameters)
    assert params - {"session", "response_id", "extra_headers", "extra_query", "extra_body", "timeout"} == {
        "include", "include_obfuscation", "starting_after", "stream"}


def test_poll_waits_for_a_terminal_status_honouring_the_server_hint() -> None:
    statuses = iter(["queued", "in_progress", "in_progress", "completed"])
    hints = iter(["250", None, "bad"])

    def handler(request: Request) -> Response:
        status = next(statuses)
        hint = next(hints, None)
        return json_response(model_response(message("done") if status == "completed" else {"type": "x"},
                                            status=status, background=True),
                             headers={"openai-poll-after-ms": hint} if hint else None)

    session, transport = make(handler)
    slept: List[float] = []
    result = responses.poll(session, "resp_1", sleep=slept.append, clock=lambda: 0.0)
    assert result.status == "completed" and result.output_text == "done"
    assert slept == [0.25, 1.0, 1.0]  # the server's hint, else one second
    assert [r.method for r in transport.requests] == ["GET"] * 4
    statuses = iter(["queued", "completed"])
    slept.clear()
    responses.poll(session, "resp_1", poll_interval_ms=10, sleep=slept.append)
    assert slept == [0.01]


def test_poll_gives_up_after_max_wait() -> None:
    from openai_compat import APITimeoutError

    session, transport = make(lambda request: json_response(model_response(status="in_progress")))
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    with pytest.raises(APITimeoutError, match="max_wait"):
        responses.poll(session, "resp_1", max_wait=2.5, sleep=sleep, clock=lambda: now[0])
    assert len(transport.requests) == 3 and now[0] == 2.0


# -- streaming ---------------------------------------------------------------------------------


@pytest.mark.parametrize("chunk_size", [None, 1, 7])
def test_a_text_stream_yields_typed_events_and_the_final_response(chunk_size: Any) -> None:
    events = text_stream("Hel", "lo")
    session, transport = make(lambda request: sse_response(named(*events), done=False,
                                                           chunk_sizes=[chunk_size] if chunk_size else None))
    stream = responses.create(session, model="m", input="Hi", stream=True)
    assert isinstance(stream, ResponseStream)
    assert request_json(transport.last_request) == {"model": "m", "input": "Hi", "stream": True}
    with stream:
        got = list(stream)
    assert [type(event).__name__ for event in got] == [
        "ResponseCreatedEvent", "ResponseInProgressEvent", "ResponseOutputItemAddedEvent",
        "ResponseContentPartAddedEvent", "ResponseTextDeltaEvent", "ResponseTextDeltaEvent",
        "ResponseTextDoneEvent", "ResponseContentPartDoneEvent", "ResponseOutputItemDoneEvent",
        "ResponseCompletedEvent",
    ]
    assert [event.sequence_number for event in got] == list(range(10))
    assert stream.last_sequence_number == 9
    assert isinstance(got[3], ev.ResponseContentPartAddedEvent) and isinstance(got[3].part, OutputText)
    assert isinstance(got[8], ev.ResponseOutputItemDoneEvent) and isinstance(got[8].item, Message)
    final = stream.get_final_response()
    assert final.output_text == "Hello" and final.status == "completed"
    assert final == decode(encode_json(events[-1]["response"]), ModelResponse)  # what retrieve would return
    assert stream.items == got


def test_events_with_undeclared_fields_keep_them_and_still_work() -> None:
    events = text_stream("x", "y")
    events[4]["obfuscation"] = "abc"  # a field newer than this library
    events[-1] = {**events[-1], "vendor": {"k": 1}}
    events[-1]["response"] = {**events[-1]["response"], "new_top_level": True}
    session, _ = make(lambda request: sse_response(named(*events)))
    stream = responses.create(session, model="m", input="Hi", stream=True)
    got = list(stream)
    assert isinstance(got[4], ev.ResponseTextDeltaEvent) and got[4].extra == {"obfuscation": "abc"}
    assert isinstance(got[-1], ev.ResponseCompletedEvent) and got[-1].vendor == {"k": 1}  # type: ignore[attr-defined]
    assert stream.get_final_response().new_top_level is True  # type: ignore[attr-defined]
    assert stream.get_final_response().output_text == "xy"


def test_text_deltas_and_unnamed_events() -> None:
    session, _ = make(lambda request: sse_response(text_stream("a", "b", "c")))  # data-only, then [DONE]
    stream = responses.create(session, model="m", input="Hi", stream=True)
    assert "".join(stream.text_deltas()) == "abc"
    assert stream.get_final_response().output_text == "abc"


@pytest.mark.parametrize("terminal,status", [("response.failed", "failed"), ("response.incomplete", "incomplete")])
def test_failed_and_incomplete_are_ordinary_events(terminal: str, status: str) -> None:
    events = text_stream("x", terminal=terminal, status=status)
    session, _ = make(lambda request: sse_response(named(*events)))
    stream = responses.create(session, model="m", input="Hi", stream=True)
    kinds = [event.type for event in stream]
    assert kinds[-1] == terminal
    assert stream.get_final_response().status == status


def test_unknown_events_keep_their_payload() -> None:
    novel = {"type": "response.compaction.compacting", "sequence_number": 1, "item_id": "c", "progress": 0.5}
    events = [{"type": "response.created", "sequence_number": 0, "response": model_response(status="in_progress")},
              novel]
    session, _ = make(lambda request: sse_response(named(*events), done=False))
    got = list(responses.create(session, model="m", input="Hi", stream=True))
    assert isinstance(got[1], ev.UnknownEvent) and got[1].type == novel["type"] and got[1].sequence_number == 1
    assert got[1].raw == novel and got[1].progress == 0.5  # type: ignore[attr-defined]


@pytest.mark.parametrize("as_named", [True, False])
def test_an_error_event_raises_with_the_events_seen_so_far(as_named: bool) -> None:
    events = text_stream("partial")[:5]
    error = {"type": "error", "code": "server_error", "message": "Something broke", "param": None,
             "sequence_number": 5}
    body = named(*events, error) if as_named else [*events, error]
    session, _ = make(lambda request: sse_response(body, done=False))
    stream = responses.create(session, model="m", input="Hi", stream=True)
    with pytest.raises(APIStreamError) as caught:
        list(stream)
    assert caught.value.code == "server_error" and caught.value.message == "Something broke"
    assert [event.sequence_number for event in caught.value.items] == [0, 1, 2, 3, 4]
    assert stream.last_sequence_number == 4


def test_an_in_band_error_object_raises_too() -> None:
    session, _ = make(lambda request: sse_response([{"error": {"message": "quota", "code": "insufficient_quota"}}]))
    with pytest.raises(APIStreamError) as caught:
        list(responses.create(session, model="m", input="Hi", stream=True))
    assert caught.value.code == "insufficient_quota"


def test_without_a_terminal_event_the_final_response_is_accumulated() -> None:
    events = text_stream("a", "b")[:-1]
    session, _ = make(lambda request: sse_response(named(*events), done=False))
    final = responses.create(session, model="m", input="Hi", stream=True).get_final_response()
    assert final.output_text == "ab" and final.status == "in_progress"
    session, _ = make(lambda request: sse_response(named(*events[2:5]), done=False))
    with pytest.raises(NoFinalResponseError):
        responses.create(session, model="m", input="Hi", stream=True).get_final_response()


def test_retrieve_streams_after_a_sequence_number() -> None:
    events = text_stream("resumed")[5:]
    session, transport = make(lambda request: sse_response(named(*events), done=False))
    stream = responses.retrieve(session, "resp_1", stream=True, starting_after=4)
    assert isinstance(stream, ResponseStream)
    assert transport.last_request.method == "GET"
    assert path_and_query(transport.last_request) == ("/v1/responses/resp_1",
                                                      [("starting_after", "4"), ("stream", "true")])
    assert stream.get_final_response().output_text == "resumed"
    assert stream.last_sequence_number == 8


# -- self-resuming streams of background responses -------------------------------------------


class _Dropping:
    """A body that sends ``pieces`` and then loses the connection."""

    def __init__(self, pieces: List[str]) -> None:
        self._pieces = [piece.encode() for piece in pieces]

    def __iter__(self) -> Any:
        yield from self._pieces
        raise ConnectionResetError("connection reset by peer")

    def close(self) -> None:
        pass


def _dropping(pieces: List[str]) -> Response:
    return Response(200, {"content-type": "text/event-stream"}, stream=_Dropping(pieces))


def _background_events() -> List[Dict[str, Any]]:
    events = text_stream("a", "b", "c")
    for event in events:
        if "response" in event:
            event["response"] = {**event["response"], "background": True}
    return events


def test_a_background_stream_resumes_after_a_dropped_connection_without_loss_or_repeat() -> None:
    from openai_compat import RetryPolicy

    events = _background_events()
    answers = iter([_dropping(named(*events[:5])),  # the connection drops after sequence number 4
                    _dropping(named(*events[4:7])),  # then after 6 (4 is sent again: skipped)
                    sse_response(named(*events[7:]), done=False)])
    slept: List[float] = []
    transport = MockTransport(lambda request: next(answers))
    session = Session(api_key="sk-test", base_url=BASE, transport=transport, max_retries=2,
                      retry_policy=RetryPolicy(sleep=slept.append, random=lambda: 0.0))
    stream = responses.create(session, model="m", input="Hi", stream=True, background=True)
    got = list(stream)
    assert [event.sequence_number for event in got] == list(range(len(events)))
    assert stream.resumes == 2 and len(slept) == 2
    assert [path_and_query(request) for request in transport.requests[1:]] == [
        ("/v1/responses/resp_1", [("stream", "true"), ("starting_after", "4")]),
        ("/v1/responses/resp_1", [("stream", "true"), ("starting_after", "6")]),
    ]
    assert stream.get_final_response().output_text == "abc"
    assert "".join(e.delta for e in got if isinstance(e, ev.ResponseTextDeltaEvent)) == "abc"


def test_a_stream_that_cannot_resume_raises_with_the_events_so_far() -> None:
    from openai_compat import APIConnectionError

    foreground = text_stream("a", "b")
    session, transport = make(lambda request: _dropping(named(*foreground[:5])))
    stream = responses.create(session, model="m", input="Hi", stream=True)
    with pytest.raises(APIConnectionError) as caught:
        list(stream)
    assert len(caught.value.items) == 5 and len(transport.requests) == 1  # not background: no resume
    session = Session(api_key="sk-test", base_url=BASE, max_retries=1,
                      transport=MockTransport(lambda request: _dropping(named(*_background_events()[:3]))))
    stream = responses.create(session, model="m", input="Hi", stream=True, background=True)
    with pytest.raises(APIConnectionError):
        list(stream)
    assert stream.resumes == 1 and stream.last_sequence_number == 2


def test_a_retrieved_stream_resumes_with_the_known_id() -> None:
    events = _background_events()
    answers = iter([_dropping(named(*events[6:8])), sse_response(named(*events[8:]), done=False)])
    session, transport = make(lambda request: next(answers))
    session.retry.sleep = lambda seconds: None
    stream = responses.retrieve(session, "resp_1", stream=True, starting_after=5)
    assert [event.sequence_number for event in stream] == list(range(6, len(events)))
    assert path_and_query(transport.requests[1])[1] == [("stream", "true"), ("starting_after", "7")]
    # Dropped before any event: asked again after the caller's ``starting_after``, nothing repeated.
    answers = iter([_dropping([]), sse_response(named(*events[4:]), done=False)])
    stream = responses.retrieve(session, "resp_1", stream=True, starting_after=5)
    assert [event.sequence_number for event in stream] == list(range(6, len(events)))
    assert path_and_query(transport.requests[-1])[1] == [("stream", "true"), ("starting_after", "5")]


# -- every event family, recorded -----------------------------------------------------------


def test_the_event_types_are_the_specs() -> None:
    assert set(ev.ResponseStreamEvent.members) == SPEC_EVENT_TYPES  # type: ignore[attr-defined]


RECORDED: Dict[str, List[Dict[str, Any]]] = {
    "function call": [
        {"type": "response.output_item.added", "output_index": 0,
         "item": {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather", "arguments": "",
                  "status": "in_progress"}},
        {"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 0, "delta": "{\"ci"},
        {"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 0, "delta": "ty\":1}"},
        {"type": "response.function_call_arguments.done", "item_id": "fc_1", "output_index": 0,
         "name": "get_weather", "arguments": "{\"city\":1}"},
    ],
    "reasoning": [
        {"type": "response.reasoning_summary_part.added", "item_id": "rs", "output_index": 0, "summary_index": 0,
         "part": {"type": "summary_text", "text": ""}},
        {"type": "response.reasoning_summary_text.delta", "item_id": "rs", "output_index": 0, "summary_index": 0,
         "delta": "Think"},
        {"type": "response.reasoning_summary_text.done", "item_id": "rs", "output_index": 0, "summary_index": 0,
         "text": "Think"},
        {"type": "response.reasoning_summary_part.done", "item_id": "rs", "output_index": 0, "summary_index": 0,
         "part": {"type": "summary_text", "text": "Think"}},
        {"type": "response.reasoning_text.delta", "item_id": "rs", "output_index": 0, "content_index": 0,
         "delta": "raw"},
        {"type": "response.reasoning_text.done", "item_id": "rs", "output_index": 0, "content_index": 0,
         "text": "raw"},
    ],
    "refusal and annotations": [
        {"type": "response.refusal.delta", "item_id": "m", "output_index": 0, "content_index": 0, "delta": "No"},
        {"type": "response.refusal.done", "item_id": "m", "output_index": 0, "content_index": 0, "refusal": "No"},
        {"type": "response.output_text.annotation.added", "item_id": "m", "output_index": 0, "content_index": 0,
         "annotation_index": 0, "annotation": {"type": "url_citation", "url": "https://x.test", "start_index": 0,
                                               "end_index": 1, "title": "X"}},
    ],
    "hosted tools": [
        {"type": "response.file_search_call.in_progress", "item_id": "fs", "output_index": 0},
        {"type": "response.file_search_call.searching", "item_id": "fs", "output_index": 0},
        {"type": "response.file_search_call.completed", "item_id": "fs", "output_index": 0},
        {"type": "response.web_search_call.in_progress", "item_id": "ws", "output_index": 1},
        {"type": "response.web_search_call.searching", "item_id": "ws", "output_index": 1},
        {"type": "response.web_search_call.completed", "item_id": "ws", "output_index": 1},
        {"type": "response.code_interpreter_call.in_progress", "item_id": "ci", "output_index": 2},
        {"type": "response.code_interpreter_call_code.delta", "item_id": "ci", "output_index": 2, "delta": "1+"},
        {"type": "response.code_interpreter_call_code.done", "item_id": "ci", "output_index": 2, "code": "1+1"},
        {"type": "response.code_interpreter_call.interpreting", "item_id": "ci", "output_index": 2},
        {"type": "response.code_interpreter_call.completed", "item_id": "ci", "output_index": 2},
        {"type": "response.image_generation_call.in_progress", "item_id": "ig", "output_index": 3},
        {"type": "response.image_generation_call.generating", "item_id": "ig", "output_index": 3},
        {"type": "response.image_generation_call.partial_image", "item_id": "ig", "output_index": 3,
         "partial_image_index": 0, "partial_image_b64": "aGk=", "size": "1024x1024", "quality": "low",
         "background": "opaque", "output_format": "png"},
        {"type": "response.image_generation_call.completed", "item_id": "ig", "output_index": 3},
    ],
    "mcp, custom tools and shell": [
        {"type": "response.mcp_list_tools.in_progress", "item_id": "ml", "output_index": 0},
        {"type": "response.mcp_list_tools.completed", "item_id": "ml", "output_index": 0},
        {"type": "response.mcp_list_tools.failed", "item_id": "ml", "output_index": 0},
        {"type": "response.mcp_call.in_progress", "item_id": "mc", "output_index": 1},
        {"type": "response.mcp_call_arguments.delta", "item_id": "mc", "output_index": 1, "delta": "{}"},
        {"type": "response.mcp_call_arguments.done", "item_id": "mc", "output_index": 1, "arguments": "{}"},
        {"type": "response.mcp_call.completed", "item_id": "mc", "output_index": 1},
        {"type": "response.mcp_call.failed", "item_id": "mc", "output_index": 1},
        {"type": "response.custom_tool_call_input.delta", "item_id": "ct", "output_index": 2, "delta": "x"},
        {"type": "response.custom_tool_call_input.done", "item_id": "ct", "output_index": 2, "input": "x"},
        {"type": "response.shell_call_command.added", "output_index": 3, "command_index": 0, "command": ""},
        {"type": "response.shell_call_command.delta", "output_index": 3, "command_index": 0, "delta": "ls",
         "obfuscation": "zz"},
        {"type": "response.shell_call_command.done", "output_index": 3, "command_index": 0, "command": "ls"},
        {"type": "response.shell_call_output_content.delta", "item_id": "sh", "output_index": 3,
         "command_index": 0, "delta": {"stdout": "a"}},
        {"type": "response.shell_call_output_content.done", "item_id": "sh", "output_index": 3,
         "command_index": 0, "output": [{"stdout": "a", "stderr": ""}]},
    ],
    "audio and lifecycle": [
        {"type": "response.queued", "response": model_response(status="queued")},
        {"type": "response.audio.delta", "delta": "AAA="},
        {"type": "response.audio.transcript.delta", "delta": "hi"},
        {"type": "response.audio.transcript.done"},
        {"type": "response.audio.done"},
        {"type": "response.incomplete", "response": model_response(status="incomplete",
                                                                   incomplete_details={"reason": "max_output_tokens"})},
    ],
}


@pytest.mark.parametrize("family", sorted(RECORDED))
def test_recorded_event_families_decode_to_their_types_with_every_field(family: str) -> None:
    events = numbered(*RECORDED[family])
    session, _ = make(lambda request: sse_response(named(*events), done=False))
    got = list(responses.create(session, model="m", input="Hi", stream=True))
    assert len(got) == len(events)
    for event, sent in zip(got, events):
        assert type(event) is ev.ResponseStreamEvent.members[sent["type"]]  # type: ignore[attr-defined]
        assert event.extra == {}, (sent["type"], event.extra)  # every field declared
        for key, value in sent.items():
            if key not in ("part", "item", "response"):
                got_value = getattr(event, key)
                assert to_builtins(got_value) == value, (sent["type"], key)
    if family == "refusal and annotations":
        assert isinstance(got[2], ev.ResponseOutputTextAnnotationAddedEvent)
        assert isinstance(got[2].annotation, UrlCitation) and got[2].annotation.url == "https://x.test"
    if family == "reasoning":
        assert isinstance(got[0], ev.ResponseReasoningSummaryPartAddedEvent) and isinstance(got[0].part, SummaryText)
    if family == "audio and lifecycle":
        assert isinstance(got[-1], ev.ResponseIncompleteEvent)
        assert got[-1].response.incomplete_details is not None
        assert got[-1].response.incomplete_details.reason == "max_output_tokens"


def test_refusal_parts_and_messages_text() -> None:
    item = {**message("ok"), "content": [{"type": "refusal", "refusal": "no"}, *message("ok")["content"]]}
    response = decode(encode_json(model_response(item)), ModelResponse)
    assert isinstance(response.output[0], Message)
    assert isinstance(response.output[0].content[0], Refusal) and response.output[0].text == "ok"


# -- facade and import cost -----------------------------------------------------------------


def test_client_responses_namespace() -> None:
    transport = MockTransport(lambda request: json_response({"object": "response.input_tokens", "input_tokens": 2}))
    client = Client(api_key="sk-test", base_url=BASE, transport=transport)
    assert client.responses.input_tokens.count(model="m", input="x").input_tokens == 2
    assert client.responses is client.responses


def test_import_does_not_load_the_responses_api() -> None:
    code = ("import sys, openai_compat; from openai_compat import Client; Client(api_key='k');"
            "print([m for m in sys.modules if 'responses' in m])")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"
