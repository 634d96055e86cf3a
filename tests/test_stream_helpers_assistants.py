"""Run streams through an event handler (``runs.stream`` and its siblings) over ``MockTransport``:
openai-python's ``AssistantEventHandler`` callbacks in its order, for text, image files, function
and code interpreter tool calls, each stream also split into 1-byte and 7-byte reads."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional

import pytest
from test_assistants import BASE, headers_of, run_body, session_for
from test_assistants_runs import sse

from openai_compat import APIStreamError, APITimeoutError, AssistantEventHandler, Client, Response
from openai_compat.resources import runs_stream
from openai_compat.testing import MockTransport, request_json, sse_response
from openai_compat.types.runs import Run

SPLITS = [None, [1], [7]]
STEP = {"id": "step_1", "object": "thread.run.step", "run_id": "run_1", "thread_id": "thread_1",
        "assistant_id": "asst_1", "type": "tool_calls", "status": "in_progress", "created_at": 1,
        "step_details": {"type": "tool_calls", "tool_calls": []}}
MESSAGE = {"id": "msg_1", "object": "thread.message", "created_at": 1, "thread_id": "thread_1", "role": "assistant",
           "status": "in_progress", "content": []}


def step_delta(call: Dict[str, Any], step_id: str = "step_1") -> Dict[str, Any]:
    return {"id": step_id, "object": "thread.run.step.delta",
            "delta": {"step_details": {"type": "tool_calls", "tool_calls": [call]}}}


def message_delta(*parts: Dict[str, Any]) -> Dict[str, Any]:
    return {"id": "msg_1", "object": "thread.message.delta", "delta": {"content": list(parts)}}


def text_part(index: int, value: str) -> Dict[str, Any]:
    return {"index": index, "type": "text", "text": {"value": value}}


FUNCTION_DONE = {**STEP, "status": "completed", "step_details": {"type": "tool_calls", "tool_calls": [
    {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}', "output": None}}]}}
MESSAGE_DONE = {**MESSAGE, "status": "completed", "content": [
    {"type": "text", "text": {"value": "Hello", "annotations": []}},
    {"type": "image_file", "image_file": {"file_id": "file_1"}}]}
EVENTS = [
    sse("thread.run.created", run_body("queued")),
    sse("thread.run.step.created", STEP),
    sse("thread.run.step.delta", step_delta({"index": 0, "id": "call_1", "type": "function",
                                             "function": {"name": "f", "arguments": '{"a"'}})),
    sse("thread.run.step.delta", step_delta({"index": 0, "type": "function", "function": {"arguments": ": 1}"}})),
    sse("thread.run.step.completed", FUNCTION_DONE),
    sse("thread.message.created", MESSAGE),
    sse("thread.message.delta", message_delta(text_part(0, "Hél"))),
    sse("thread.message.delta", message_delta(text_part(0, "lo"))),
    sse("thread.message.delta", message_delta({"index": 1, "type": "image_file", "image_file": {"file_id": "file_1"}})),
    sse("thread.message.completed", MESSAGE_DONE),
    sse("thread.run.completed", run_body("completed")),
    sse("done", b"[DONE]"),
]


class Recorder(AssistantEventHandler):
    """Records every callback with what it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: List[tuple[Any, ...]] = []

    def on_event(self, event: Any) -> None:
        self.calls.append(("event", event.event))

    def on_run_step_created(self, run_step: Any) -> None:
        self.calls.append(("step created", run_step.id))

    def on_run_step_delta(self, delta: Any, snapshot: Any) -> None:
        self.calls.append(("step delta", len(snapshot.step_details.tool_calls)))

    def on_run_step_done(self, run_step: Any) -> None:
        self.calls.append(("step done", run_step.status))

    def on_tool_call_created(self, tool_call: Any) -> None:
        self.calls.append(("tool created", tool_call.type, tool_call.id))

    def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
        self.calls.append(("tool delta", _call_text(delta), _call_text(snapshot)))

    def on_tool_call_done(self, tool_call: Any) -> None:
        self.calls.append(("tool done", _call_text(tool_call)))

    def on_message_created(self, message: Any) -> None:
        self.calls.append(("message created", message.id))

    def on_message_delta(self, delta: Any, snapshot: Any) -> None:
        self.calls.append(("message delta", len(snapshot.content)))

    def on_message_done(self, message: Any) -> None:
        self.calls.append(("message done", message.status))

    def on_text_created(self, text: Any) -> None:
        self.calls.append(("text created", text.value))

    def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        self.calls.append(("text delta", delta.value, snapshot.value))

    def on_text_done(self, text: Any) -> None:
        self.calls.append(("text done", text.value))

    def on_image_file_done(self, image_file: Any) -> None:
        self.calls.append(("image done", image_file.file_id))

    def on_exception(self, exception: Exception) -> None:
        self.calls.append(("exception", type(exception).__name__))

    def on_timeout(self) -> None:
        self.calls.append(("timeout",))

    def on_end(self) -> None:
        self.calls.append(("end",))


def _call_text(call: Any) -> Optional[str]:
    if getattr(call, "function", None) is not None:
        return call.function.arguments  # type: ignore[no-any-return]
    interpreter = getattr(call, "code_interpreter", None)
    return interpreter.input if interpreter is not None else None


@pytest.mark.parametrize("split", SPLITS)
def test_the_callbacks_come_in_openai_pythons_order(split: Any) -> None:
    session, transport = session_for(sse_response(EVENTS, done=False, chunk_sizes=split))
    with runs_stream.stream(session, thread_id="thread_1", assistant_id="asst_1", event_handler=Recorder()) as handler:
        handler.until_done()
    assert handler.calls == [
        ("event", "thread.run.created"),
        ("event", "thread.run.step.created"), ("step created", "step_1"),
        ("event", "thread.run.step.delta"), ("tool created", "function", "call_1"), ("step delta", 1),
        ("event", "thread.run.step.delta"), ("tool delta", ": 1}", '{"a": 1}'), ("step delta", 1),
        ("event", "thread.run.step.completed"), ("tool done", '{"a": 1}'), ("step done", "completed"),
        ("event", "thread.message.created"), ("message created", "msg_1"),
        ("event", "thread.message.delta"), ("text created", "Hél"), ("text delta", "Hél", "Hél"), ("message delta", 1),
        ("event", "thread.message.delta"), ("text delta", "lo", "Héllo"), ("message delta", 1),
        ("event", "thread.message.delta"), ("text done", "Héllo"), ("message delta", 2),
        ("event", "thread.message.completed"), ("image done", "file_1"), ("message done", "completed"),
        ("event", "thread.run.completed"),
        ("end",),
    ]
    assert handler.get_final_run().status == "completed"
    assert [message.content[0].text.value for message in handler.get_final_messages()] == ["Hello"]
    assert [step.status for step in handler.get_final_run_steps()] == ["completed"]
    assert handler.current_run is not None and handler.current_message_snapshot is not None
    request = transport.last_request
    assert request.url == f"{BASE}/threads/thread_1/runs" and request_json(request) == {
        "assistant_id": "asst_1", "stream": True}
    headers = headers_of(request)
    assert headers["x-stainless-stream-helper"] == "threads.runs.create_and_stream"
    assert headers["x-stainless-custom-event-handler"] == "true" and headers["openai-beta"] == "assistants=v2"


@pytest.mark.parametrize("split", SPLITS)
def test_code_interpreter_input_and_outputs_merge_by_index(split: Any) -> None:
    code_step = {**STEP, "step_details": {"type": "tool_calls", "tool_calls": []}}

    def piece(**fields: Any) -> Dict[str, Any]:
        return {"index": 0, "type": "code_interpreter", "code_interpreter": fields}

    events = [
        sse("thread.run.step.created", code_step),
        sse("thread.run.step.delta", step_delta({**piece(input="print("), "id": "ci_1"})),
        sse("thread.run.step.delta", step_delta(piece(input="1)"))),
        sse("thread.run.step.delta", step_delta(piece(outputs=[{"index": 0, "type": "logs", "logs": "1"}]))),
        sse("thread.run.step.delta", step_delta(piece(outputs=[{"index": 0, "type": "logs", "logs": "\n"}]))),
        sse("thread.run.requires_action", run_body("requires_action")),
    ]
    session, _ = session_for(sse_response(events, done=False, chunk_sizes=split))
    with runs_stream.create_and_stream(session, thread_id="thread_1", assistant_id="asst_1",
                                       event_handler=Recorder()) as handler:
        handler.until_done()
    tools = [call for call in handler.calls if call[0].startswith("tool")]
    assert tools == [("tool created", "code_interpreter", "ci_1"), ("tool delta", "1)", "print(1)"),
                     ("tool delta", None, "print(1)"), ("tool delta", None, "print(1)"), ("tool done", "print(1)")]
    step = handler.current_run_step_snapshot
    assert step is not None and step.step_details.tool_calls[0].code_interpreter.outputs[0].logs == "1\n"


def test_the_default_handler_and_text_deltas() -> None:
    session, transport = session_for(sse_response(EVENTS, done=False, chunk_sizes=[5]))
    with runs_stream.stream(session, thread_id="thread_1", assistant_id="asst_1") as handler:
        assert type(handler) is AssistantEventHandler
        assert list(handler.text_deltas) == ["Hél", "lo"]
    assert headers_of(transport.last_request)["x-stainless-custom-event-handler"] == "false"
    assert handler.get_final_run().status == "completed"


@pytest.mark.parametrize("helper, path, body", [
    (lambda s, h: runs_stream.submit_tool_outputs_stream(
        s, thread_id="thread_1", run_id="run_1", tool_outputs=[{"tool_call_id": "c", "output": "1"}], event_handler=h),
     "threads/thread_1/runs/run_1/submit_tool_outputs",
     {"tool_outputs": [{"tool_call_id": "c", "output": "1"}], "stream": True}),
    (lambda s, h: runs_stream.create_and_run_stream(
        s, assistant_id="asst_1", thread={"messages": [{"role": "user", "content": "Hi"}]}, event_handler=h),
     "threads/runs", {"assistant_id": "asst_1", "thread": {"messages": [{"role": "user", "content": "Hi"}]},
                      "stream": True}),
    (lambda s, h: runs_stream.stream(s, thread_id="thread_1", assistant_id="asst_1", include=["a.b"], event_handler=h),
     "threads/thread_1/runs?include[]=a.b", {"assistant_id": "asst_1", "stream": True}),
])
def test_each_helper_sends_its_request(helper: Any, path: str, body: Dict[str, Any]) -> None:
    session, transport = session_for(sse_response(EVENTS, done=False))
    with helper(session, Recorder()) as handler:
        assert handler.get_final_run().status == "completed"
    assert transport.last_request.url == f"{BASE}/{path}" and request_json(transport.last_request) == body


def test_a_handler_serves_one_stream_only() -> None:
    session, _ = session_for(sse_response(EVENTS, done=False), sse_response(EVENTS, done=False))
    handler = Recorder()
    with runs_stream.stream(session, thread_id="thread_1", assistant_id="asst_1", event_handler=handler):
        pass
    with pytest.raises(RuntimeError, match="cannot be shared"), \
            runs_stream.stream(session, thread_id="thread_1", assistant_id="asst_1", event_handler=handler):
        pass


def test_an_error_fires_on_exception_then_on_end() -> None:
    body = [EVENTS[0], sse("error", {"message": "Overloaded", "type": "server_error"})]
    session, _ = session_for(sse_response(body, done=False))
    opened = runs_stream.stream(session, thread_id="thread_1", assistant_id="asst_1", event_handler=Recorder())
    with opened as handler, pytest.raises(APIStreamError) as caught:
        handler.until_done()
    assert handler.calls[-2:] == [("exception", "APIStreamError"), ("end",)]
    assert isinstance(caught.value.snapshot, Run)  # no message was being written: the run as it stood


def test_a_timeout_fires_on_timeout() -> None:
    def stalls() -> Iterator[bytes]:
        yield EVENTS[0]
        raise APITimeoutError(message="Stream timed out: no event for 1 s (stream_idle).")

    class Body:
        def __iter__(self) -> Iterator[bytes]:
            return stalls()

        def close(self) -> None:
            pass

    session, _ = session_for(Response(200, {"content-type": "text/event-stream"}, stream=Body()))
    opened = runs_stream.stream(session, thread_id="thread_1", assistant_id="asst_1", event_handler=Recorder())
    with opened as handler, pytest.raises(APITimeoutError):
        handler.until_done()
    assert handler.calls[-3:] == [("timeout",), ("exception", "APITimeoutError"), ("end",)]


def test_nothing_final_is_a_runtime_error() -> None:
    session, _ = session_for(sse_response([sse("thread.created", {"id": "thread_1", "object": "thread"})]))
    with runs_stream.create_and_run_stream(session, assistant_id="asst_1") as handler:
        for method in (handler.get_final_run, handler.get_final_messages, handler.get_final_run_steps):
            with pytest.raises(RuntimeError):
                method()


def test_through_the_client() -> None:
    client = Client(api_key="sk-test", base_url=BASE, transport=MockTransport(
        lambda request: sse_response(EVENTS, done=False)))
    runs = client.beta.threads.runs
    for manager in (
        runs.stream(thread_id="thread_1", assistant_id="asst_1"),
        runs.create_and_stream(thread_id="thread_1", assistant_id="asst_1"),
        runs.submit_tool_outputs_stream(thread_id="thread_1", run_id="run_1", tool_outputs=[]),
        client.beta.threads.create_and_run_stream(assistant_id="asst_1"),
    ):
        with manager as handler:
            assert handler.get_final_run().status == "completed"
