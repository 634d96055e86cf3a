"""Assistants API v2 runs against a MockTransport: typed ``thread.*`` event streams (deltas, the
unknown fallback, ``error`` and ``done``), and the poll helpers with an injected clock."""

from __future__ import annotations

from typing import Any, List, Optional

import pytest
from test_assistants import BASE, THREAD, headers_of, run_body, session_for

from openai_compat import APIStreamError, Client
from openai_compat._internals import AssistantEventStream, decode, encode_json
from openai_compat.resources import runs, runs_poll, threads
from openai_compat.testing import json_response, request_json, sse_response
from openai_compat.types import assistant_events as ev
from openai_compat.types.assistant_deltas import (
    FunctionToolCallDelta,
    MessageDeltaEvent,
    TextDeltaBlock,
    ToolCallDeltaObject,
    UnknownDelta,
)
from openai_compat.types.runs import RUN_TERMINAL_STATUSES, Run, RunStatus

MESSAGE_DELTA = {"id": "msg_1", "object": "thread.message.delta", "delta": {"content": [
    {"index": 0, "type": "text", "text": {"value": "Hel", "annotations": [{"index": 0, "type": "file_path"}]}}]}}
STEP_DELTA = {"id": "step_1", "object": "thread.run.step.delta", "delta": {"step_details": {
    "type": "tool_calls", "tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                          "function": {"name": "f", "arguments": "{\"a\""}}]}}}


def sse(name: Optional[str], data: Any) -> bytes:
    payload = data if isinstance(data, bytes) else encode_json(data)
    return (f"event: {name}\n".encode() if name else b"") + b"data: " + payload + b"\n\n"


RUN_EVENTS = [
    sse("thread.run.created", run_body("queued")),
    sse("thread.run.step.delta", STEP_DELTA),
    sse("thread.message.delta", MESSAGE_DELTA),
    sse("thread.message.delta", {**MESSAGE_DELTA, "delta": {"content": [
        {"index": 0, "type": "text", "text": {"value": "lo"}}, {"index": 1, "type": "hologram", "frames": 2}]}}),
    b": keep-alive comment\n\n",
    sse("thread.run.hologram", {"id": "h", "depth": 3}),
    sse("thread.run.completed", run_body("completed", usage={"prompt_tokens": 1, "completion_tokens": 2,
                                                             "total_tokens": 3})),
    sse("done", b"[DONE]"),
    sse("thread.run.created", run_body("after the end")),
]


def check_run_events(events: List[Any]) -> None:
    created, step_delta, first, second, unknown, completed = events
    assert isinstance(created, ev.ThreadRunCreated) and isinstance(created.data, Run)
    assert created.event == "thread.run.created" and created.data.status == "queued"
    assert isinstance(step_delta, ev.ThreadRunStepDelta)
    details = step_delta.data.delta.step_details
    assert isinstance(details, ToolCallDeltaObject) and details.tool_calls
    call = details.tool_calls[0]
    assert isinstance(call, FunctionToolCallDelta) and call.function and call.function.arguments == "{\"a\""
    assert isinstance(first, ev.ThreadMessageDelta) and isinstance(first.data, MessageDeltaEvent)
    part = first.data.delta.content[0] if first.data.delta.content else None
    assert isinstance(part, TextDeltaBlock) and part.text and part.text.annotations
    assert first.data.text + second.data.text == "Hello"
    assert second.data.delta.content and isinstance(second.data.delta.content[1], UnknownDelta)
    assert second.data.delta.content[1].raw == {"index": 1, "type": "hologram", "frames": 2}
    assert isinstance(unknown, ev.UnknownAssistantEvent)
    assert (unknown.event, unknown.data) == ("thread.run.hologram", {"id": "h", "depth": 3})
    assert isinstance(completed, ev.ThreadRunCompleted) and completed.data.usage
    assert completed.data.usage.total_tokens == 3


@pytest.mark.parametrize("chunk", [None, 1, 7])
def test_a_streamed_run_yields_typed_events_and_ends_at_done(chunk: Optional[int]) -> None:
    response = sse_response(RUN_EVENTS, done=False, chunk_sizes=[chunk] if chunk else None)
    session, transport = session_for(response)
    stream = runs.create(session, "thread_1", assistant_id="asst_1", stream=True)
    assert isinstance(stream, AssistantEventStream)
    with stream:
        events = list(stream)
    check_run_events(events)
    check_run_events(stream.items)
    request = transport.last_request
    assert request.url == f"{BASE}/threads/thread_1/runs"
    assert request_json(request) == {"assistant_id": "asst_1", "stream": True}
    headers = headers_of(request)
    assert headers["accept"] == "text/event-stream" and headers["openai-beta"] == "assistants=v2"


def test_get_final_run_is_the_last_run_event() -> None:
    session, _ = session_for(sse_response(RUN_EVENTS, done=False))
    final = runs.create(session, "thread_1", assistant_id="asst_1", stream=True).get_final_run()
    assert final is not None and final.status == "completed"


def test_data_done_without_a_done_event_ends_the_stream_too() -> None:
    session, _ = session_for(sse_response([sse("thread.created", THREAD)], done=True))
    events = list(threads.create_and_run(session, assistant_id="asst_1", stream=True, thread={"messages": []}))
    assert len(events) == 1 and isinstance(events[0], ev.ThreadCreated) and events[0].data.id == "thread_1"


def test_an_error_event_raises_with_the_events_seen_so_far() -> None:
    error = {"message": "The server had an error.", "type": "server_error", "code": None, "param": None}
    body = [sse("thread.run.created", run_body()), sse("error", error), sse("thread.run.completed", run_body())]
    session, _ = session_for(sse_response(body, done=False))
    with pytest.raises(APIStreamError) as caught:
        list(runs.submit_tool_outputs(session, "run_1", thread_id="thread_1", tool_outputs=[], stream=True))
    assert str(caught.value).startswith("The server had an error.")
    assert [type(item) for item in caught.value.items] == [ev.ThreadRunCreated]
    assert caught.value.body == error


def test_an_in_band_error_report_without_an_event_name_raises_too() -> None:
    body = [sse("thread.run.created", run_body()), sse(None, {"error": {"message": "Overloaded", "type": "x"}})]
    session, _ = session_for(sse_response(body, done=False))
    stream = threads.create_and_run(session, assistant_id="asst_1", stream=True)
    assert stream.items == []
    with pytest.raises(APIStreamError, match="Overloaded") as caught:
        list(stream)
    assert len(caught.value.items) == 1 and caught.value.body == {"message": "Overloaded", "type": "x"}


def test_every_spec_event_name_decodes_to_its_class() -> None:
    spec_names = [cls().event for cls in (
        ev.ThreadCreated, ev.ThreadRunCreated, ev.ThreadRunQueued, ev.ThreadRunInProgress,
        ev.ThreadRunRequiresAction, ev.ThreadRunCompleted, ev.ThreadRunIncomplete, ev.ThreadRunFailed,
        ev.ThreadRunCancelling, ev.ThreadRunCancelled, ev.ThreadRunExpired, ev.ThreadRunStepCreated,
        ev.ThreadRunStepInProgress, ev.ThreadRunStepDelta, ev.ThreadRunStepCompleted, ev.ThreadRunStepFailed,
        ev.ThreadRunStepCancelled, ev.ThreadRunStepExpired, ev.ThreadMessageCreated, ev.ThreadMessageInProgress,
        ev.ThreadMessageDelta, ev.ThreadMessageCompleted, ev.ThreadMessageIncomplete, ev.ErrorEvent)]
    assert len(set(spec_names)) == 24
    for name in spec_names:
        event = ev.event_from_sse(name, b'{"id": "x"}')
        assert type(event).__name__ != "UnknownAssistantEvent" and event.event == name
        # The {event, data} form (to_dict) decodes back to the same class.
        assert isinstance(decode(encode_json(event.to_dict()), ev.AssistantStreamEvent), type(event))
    done = ev.event_from_sse("done", b"[DONE]")
    assert isinstance(done, ev.DoneEvent) and (done.event, done.data) == ("done", "[DONE]")
    assert isinstance(decode(encode_json(done.to_dict()), ev.AssistantStreamEvent), ev.DoneEvent)


# -- polling --------------------------------------------------------------------------------------


def test_create_and_poll_honours_openai_poll_after_ms_of_each_answer() -> None:
    sleeps: List[float] = []
    session, transport = session_for(
        json_response(run_body("queued")),
        json_response(run_body("in_progress"), headers={"openai-poll-after-ms": "250"}),
        json_response(run_body("in_progress"), headers={"openai-poll-after-ms": "5000"}),
        json_response(run_body("completed")),
        sleeps=sleeps,
    )
    run = runs_poll.create_and_poll(session, "thread_1", assistant_id="asst_1", instructions="Be brief.")
    assert run.status == "completed" and sleeps == [0.25, 5.0]
    create, *gets = transport.requests
    assert request_json(create) == {"assistant_id": "asst_1", "instructions": "Be brief."}
    assert "x-stainless-poll-helper" not in headers_of(create)
    for get in gets:
        assert (get.method, get.url) == ("GET", f"{BASE}/threads/thread_1/runs/run_1")
        headers = headers_of(get)
        assert headers["x-stainless-poll-helper"] == "true" and headers["openai-beta"] == "assistants=v2"
        assert "x-stainless-custom-poll-interval" not in headers


def test_poll_with_a_chosen_interval_says_so_and_defaults_to_one_second() -> None:
    sleeps: List[float] = []
    session, transport = session_for(
        json_response(run_body("queued"), headers={"openai-poll-after-ms": "9000"}),
        json_response(run_body("expired")),
        json_response(run_body("cancelling")),
        json_response(run_body("cancelled")),
        sleeps=sleeps,
    )
    assert runs_poll.poll(session, "run_1", thread_id="thread_1", poll_interval_ms=50).status == "expired"
    assert headers_of(transport.requests[0])["x-stainless-custom-poll-interval"] == "50"
    assert runs_poll.poll(session, "run_1", thread_id="thread_1").status == "cancelled"
    assert sleeps == [0.05, 1.0]


@pytest.mark.parametrize("status", sorted(RUN_TERMINAL_STATUSES))
def test_poll_stops_at_each_terminal_status(status: str) -> None:
    session, transport = session_for(json_response(run_body(status)))
    assert runs_poll.poll(session, "run_1", thread_id="thread_1").status == status
    assert len(transport.requests) == 1


def test_the_terminal_statuses_are_those_of_the_reference() -> None:
    assert {"requires_action", "cancelled", "completed", "failed", "expired", "incomplete"} == RUN_TERMINAL_STATUSES
    assert RunStatus.QUEUED not in RUN_TERMINAL_STATUSES and RunStatus.CANCELLING not in RUN_TERMINAL_STATUSES


def test_poll_gives_up_at_max_wait_seconds() -> None:
    sleeps: List[float] = []
    session, transport = session_for(*[json_response(run_body("in_progress"))] * 4, sleeps=sleeps)
    with pytest.raises(TimeoutError, match=r"still 'in_progress' after waiting 2\.5 s"):
        runs_poll.poll(session, "run_1", thread_id="thread_1", max_wait_seconds=2.5)
    assert sleeps == [1.0, 1.0, 0.5] and len(transport.requests) == 4  # the last get at the deadline


def test_submit_tool_outputs_and_poll() -> None:
    required = {"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}}
    session, transport = session_for(json_response(run_body("requires_action", required_action=required)))
    waiting = runs_poll.poll(session, "run_1", thread_id="thread_1")
    assert waiting.required_action is not None
    call = waiting.required_action.submit_tool_outputs.tool_calls[0]
    sleeps: List[float] = []
    session, transport = session_for(json_response(run_body("queued")), json_response(run_body("in_progress")),
                                     json_response(run_body("completed")), sleeps=sleeps)
    outputs = [{"tool_call_id": call.id, "output": "42"}]
    run = runs_poll.submit_tool_outputs_and_poll(session, tool_outputs=iter(outputs), run_id="run_1",
                                                 thread_id="thread_1", poll_interval_ms=10)
    assert run.status == "completed" and sleeps == [0.01]
    submit = transport.requests[0]
    assert submit.url == f"{BASE}/threads/thread_1/runs/run_1/submit_tool_outputs"
    assert request_json(submit) == {"tool_outputs": outputs}
    assert [r.method for r in transport.requests] == ["POST", "GET", "GET"]


def test_create_and_run_poll_polls_the_new_thread() -> None:
    created = {**run_body("queued"), "thread_id": "thread_9"}
    session, transport = session_for(json_response(created), json_response({**created, "status": "failed"}))
    run = threads.create_and_run_poll(session, assistant_id="asst_1", thread={"messages": [{"role": "user",
                                                                                           "content": "Hi"}]})
    assert run.status == "failed"
    assert request_json(transport.requests[0]) == {
        "assistant_id": "asst_1", "thread": {"messages": [{"role": "user", "content": "Hi"}]}}
    assert transport.requests[1].url == f"{BASE}/threads/thread_9/runs/run_1"


def test_the_facade_reaches_every_namespace() -> None:
    from openai_compat.testing import MockTransport

    transport = MockTransport(responses=[json_response(run_body("completed"))] * 2
                              + [json_response({"object": "list", "data": [], "has_more": False})])
    client = Client(api_key="sk-test", base_url=BASE, transport=transport)
    assert client.beta is client.beta and client.beta.threads.runs is client.beta.threads.runs
    assert client.beta.threads.runs.retrieve("run_1", thread_id="thread_1").status == "completed"
    assert client.beta.threads.runs.poll("run_1", thread_id="thread_1").status == "completed"
    assert client.beta.threads.runs.steps.list("run_1", thread_id="thread_1").data == []
    assert transport.requests[2].url == f"{BASE}/threads/thread_1/runs/run_1/steps"


def test_streamed_events_keep_undeclared_fields() -> None:
    body = [sse("thread.message.created", {"id": "msg_1", "object": "thread.message", "content": [],
                                           "vendor": {"x": 1}})]
    session, _ = session_for(sse_response(body))
    (event,) = list(runs.create(session, "thread_1", assistant_id="asst_1", stream=True))
    assert isinstance(event, ev.ThreadMessageCreated) and event.data.vendor == {"x": 1}  # type: ignore[attr-defined]
    assert event.to_dict()["data"]["vendor"] == {"x": 1}



def test_a_run_without_instructions_decodes() -> None:
    # The spec types ``instructions`` as a string, yet every RunObject example in it sends null.
    run = decode(encode_json(run_body("completed", instructions=None)), Run)
    assert run.status == "completed" and run.instructions is None


@pytest.mark.parametrize(
    "start",
    [
        lambda s, **wait: runs_poll.create_and_poll(s, "thread_1", assistant_id="asst_1", **wait),
        lambda s, **wait: runs_poll.submit_tool_outputs_and_poll(s, tool_outputs=[], run_id="run_1",
                                                                 thread_id="thread_1", **wait),
        lambda s, **wait: threads.create_and_run_poll(s, assistant_id="asst_1", **wait),
    ],
)
@pytest.mark.parametrize("wait", [{"max_wait_seconds": -1}, {"poll_interval_ms": -5}])
def test_the_and_poll_helpers_refuse_a_negative_wait_before_starting_a_run(start: Any, wait: Any) -> None:
    # Refused after the POST, the run would be started (and billed) with its id lost in the error.
    session, transport = session_for(json_response(run_body("queued")))
    with pytest.raises(ValueError, match="must be >= 0"):
        start(session, **wait)
    assert transport.requests == []
