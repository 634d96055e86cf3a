"""Assistants API v2 (beta) against a MockTransport: the beta header on every call, exact requests,
open unions with their fallbacks, pagination, typed run streams and the run poll helpers."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

import pytest

from openai_compat import Request, RetryPolicy, Session
from openai_compat.resources import assistants, messages, run_steps, runs, threads
from openai_compat.testing import MockTransport, json_response, request_json
from openai_compat.types.assistants import Assistant, FileSearchTool, FunctionTool, UnknownAssistantTool
from openai_compat.types.runs import (
    CodeInterpreterLogs,
    CodeInterpreterOutputImage,
    CodeInterpreterToolCall,
    FileSearchToolCall,
    FunctionToolCall,
    MessageCreationStepDetails,
    RunStep,
    RunStepInclude,
    ToolCallsStepDetails,
    UnknownCodeInterpreterOutput,
    UnknownStepDetails,
    UnknownToolCall,
)
from openai_compat.types.threads import (
    FileCitationAnnotation,
    FilePathAnnotation,
    ImageFileContentBlock,
    ImageURLContentBlock,
    Message,
    RefusalContentBlock,
    TextContentBlock,
    UnknownMessageContent,
    UnknownTextAnnotation,
)

BASE = "https://api.openai.com/v1"
ASSISTANT = {"id": "asst_1", "object": "assistant", "created_at": 1, "name": "Tutor", "description": None,
             "model": "gpt-4o", "instructions": "Be kind.", "tools": [{"type": "code_interpreter"}], "metadata": {}}
THREAD = {"id": "thread_1", "object": "thread", "created_at": 2, "tool_resources": None, "metadata": {}}
MESSAGE = {"id": "msg_1", "object": "thread.message", "created_at": 3, "thread_id": "thread_1", "status": "completed",
           "role": "assistant", "content": [{"type": "text", "text": {"value": "Hi", "annotations": []}}],
           "assistant_id": "asst_1", "run_id": "run_1", "attachments": [], "metadata": {}}


def run_body(status: str = "queued", **extra: Any) -> Dict[str, Any]:
    return {"id": "run_1", "object": "thread.run", "created_at": 4, "thread_id": "thread_1", "assistant_id": "asst_1",
            "status": status, "model": "gpt-4o", "instructions": "", "tools": [], **extra}


STEP = {"id": "step_1", "object": "thread.run.step", "run_id": "run_1", "thread_id": "thread_1",
        "type": "message_creation", "status": "completed",
        "step_details": {"type": "message_creation", "message_creation": {"message_id": "msg_1"}}}


def page(*items: Dict[str, Any], has_more: Optional[bool] = False) -> Dict[str, Any]:
    return {"object": "list", "data": list(items), "has_more": has_more,
            "first_id": items[0]["id"] if items else None, "last_id": items[-1]["id"] if items else None}


def session_for(*responses: Any, sleeps: Optional[List[float]] = None) -> tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    now = [100.0]

    def sleep(seconds: float) -> None:
        assert sleeps is not None, "this test does not expect a sleep"
        sleeps.append(seconds)
        now[0] += seconds

    policy = RetryPolicy(max_retries=0, clock=lambda: now[0], sleep=sleep)
    return Session(api_key="sk-test", base_url=BASE, transport=transport, retry_policy=policy), transport


def headers_of(request: Request) -> Dict[str, str]:
    return {name.lower(): value for name, value in request.headers.items()}


# -- the beta header ------------------------------------------------------------------------------

CALLS: Dict[str, Callable[[Session], Any]] = {
    "assistants.create": lambda s: assistants.create(s, model="gpt-4o"),
    "assistants.retrieve": lambda s: assistants.retrieve(s, "asst_1"),
    "assistants.update": lambda s: assistants.update(s, "asst_1", name="New"),
    "assistants.list": assistants.list,
    "assistants.delete": lambda s: assistants.delete(s, "asst_1"),
    "threads.create": threads.create,
    "threads.retrieve": lambda s: threads.retrieve(s, "thread_1"),
    "threads.update": lambda s: threads.update(s, "thread_1", metadata={"a": "b"}),
    "threads.delete": lambda s: threads.delete(s, "thread_1"),
    "threads.create_and_run": lambda s: threads.create_and_run(s, assistant_id="asst_1"),
    "messages.create": lambda s: messages.create(s, "thread_1", content="Hi", role="user"),
    "messages.retrieve": lambda s: messages.retrieve(s, "msg_1", thread_id="thread_1"),
    "messages.update": lambda s: messages.update(s, "msg_1", thread_id="thread_1", metadata={}),
    "messages.list": lambda s: messages.list(s, "thread_1"),
    "messages.delete": lambda s: messages.delete(s, "msg_1", thread_id="thread_1"),
    "runs.create": lambda s: runs.create(s, "thread_1", assistant_id="asst_1"),
    "runs.retrieve": lambda s: runs.retrieve(s, "run_1", thread_id="thread_1"),
    "runs.update": lambda s: runs.update(s, "run_1", thread_id="thread_1", metadata={}),
    "runs.list": lambda s: runs.list(s, "thread_1"),
    "runs.cancel": lambda s: runs.cancel(s, "run_1", thread_id="thread_1"),
    "runs.submit_tool_outputs": lambda s: runs.submit_tool_outputs(s, "run_1", thread_id="thread_1", tool_outputs=[]),
    "run_steps.list": lambda s: run_steps.list(s, "run_1", thread_id="thread_1"),
    "run_steps.retrieve": lambda s: run_steps.retrieve(s, "step_1", thread_id="thread_1", run_id="run_1"),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_call_sends_the_beta_header(name: str) -> None:
    session, transport = session_for(json_response(page() if name.endswith(".list") else {"id": "x"}))
    CALLS[name](session)
    assert headers_of(transport.last_request)["openai-beta"] == "assistants=v2"


def test_a_callers_beta_header_wins_and_none_removes_it() -> None:
    session, transport = session_for(json_response(ASSISTANT), json_response(ASSISTANT))
    assistants.retrieve(session, "asst_1", extra_headers={"openai-beta": "assistants=v3"})
    assert headers_of(transport.requests[0])["openai-beta"] == "assistants=v3"
    assistants.retrieve(session, "asst_1", extra_headers={"OpenAI-Beta": None})
    assert "openai-beta" not in headers_of(transport.requests[1])


# -- requests and decoded objects -------------------------------------------------------------------


def test_assistant_create_sends_only_what_was_given_and_decodes_tools() -> None:
    answer = {**ASSISTANT, "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}},
                                     {"type": "file_search", "file_search": {"max_num_results": 3}},
                                     {"type": "hologram", "depth": 3}],
              "response_format": {"type": "json_object"}, "vendor_field": 1}
    session, transport = session_for(json_response(answer))
    tools = ({"type": t} for t in ("code_interpreter", "file_search"))
    assistant = assistants.create(session, model="gpt-4o", name="Tutor", description=None, tools=tools)
    request = transport.last_request
    assert (request.method, request.url) == ("POST", f"{BASE}/assistants")
    assert request_json(request) == {"model": "gpt-4o", "name": "Tutor", "description": None,
                                     "tools": [{"type": "code_interpreter"}, {"type": "file_search"}]}
    assert isinstance(assistant, Assistant) and assistant.vendor_field == 1  # type: ignore[attr-defined]
    function, search, unknown = assistant.tools
    assert isinstance(function, FunctionTool) and function.function.name == "f"
    assert isinstance(search, FileSearchTool) and search.file_search and search.file_search.max_num_results == 3
    assert isinstance(unknown, UnknownAssistantTool) and unknown.raw == {"type": "hologram", "depth": 3}
    assert assistant.to_dict()["tools"][2] == {"type": "hologram", "depth": 3}


def test_response_format_may_be_a_string() -> None:
    session, _ = session_for(json_response({**ASSISTANT, "response_format": "auto"}))
    assert assistants.retrieve(session, "asst_1").response_format == "auto"


def test_paths_escape_ids_and_carry_the_query() -> None:
    session, transport = session_for(json_response(STEP), json_response(page(STEP)), json_response(run_body()))
    run_steps.retrieve(session, "step/1", thread_id="thread 1", run_id="run_1",
                       include=[RunStepInclude.FILE_SEARCH_RESULT_CONTENT])
    assert transport.requests[0].url == (
        f"{BASE}/threads/thread%201/runs/run_1/steps/step%2F1"
        "?include[]=step_details.tool_calls[%2A].file_search.results[%2A].content"
    )
    run_steps.list(session, "run_1", thread_id="thread_1", limit=5, order="asc")
    assert transport.requests[1].url == f"{BASE}/threads/thread_1/runs/run_1/steps?limit=5&order=asc"
    runs.create(session, "thread_1", assistant_id="asst_1", include=["x"], additional_messages=None, temperature=0.5)
    request = transport.requests[2]
    assert request.url == f"{BASE}/threads/thread_1/runs?include[]=x"
    assert request_json(request) == {"assistant_id": "asst_1", "additional_messages": None, "temperature": 0.5}


def test_messages_create_list_and_thread_calls() -> None:
    session, transport = session_for(json_response(MESSAGE), json_response(page(MESSAGE)), json_response(THREAD),
                                     json_response({"id": "thread_1", "object": "thread.deleted", "deleted": True}))
    attachments = [{"file_id": "file_1", "tools": [{"type": "file_search"}]}]
    message = messages.create(session, "thread_1", role="user", content="Hi", attachments=attachments)
    assert request_json(transport.requests[0]) == {"role": "user", "content": "Hi", "attachments": attachments}
    assert isinstance(message, Message) and message.text == "Hi"
    listed = messages.list(session, "thread_1", run_id="run_1", order="desc")
    assert transport.requests[1].url == f"{BASE}/threads/thread_1/messages?order=desc&run_id=run_1"
    assert [m.id for m in listed] == ["msg_1"]
    threads.create(session, messages=[{"role": "user", "content": "Hi"}], metadata=None)
    assert request_json(transport.requests[2]) == {"messages": [{"role": "user", "content": "Hi"}], "metadata": None}
    assert threads.delete(session, "thread_1").deleted is True
    assert transport.requests[3].method == "DELETE"


def test_message_content_and_annotations_are_open_unions() -> None:
    content = [
        {"type": "text", "text": {"value": "See [1] and [2] [3]", "annotations": [
            {"type": "file_citation", "text": "[1]", "file_citation": {"file_id": "f1"}, "start_index": 4,
             "end_index": 7},
            {"type": "file_path", "text": "[2]", "file_path": {"file_id": "f2"}, "start_index": 12, "end_index": 15},
            {"type": "url_citation", "url": "https://example.com"},
        ]}},
        {"type": "image_file", "image_file": {"file_id": "f3", "detail": "low"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        {"type": "refusal", "refusal": "No."},
        {"type": "hologram", "frames": 2},
    ]
    session, _ = session_for(json_response({**MESSAGE, "content": content}))
    message = messages.retrieve(session, "msg_1", thread_id="thread_1")
    text, image_file, image_url, refusal, unknown = message.content
    assert isinstance(text, TextContentBlock)
    citation, path, other = text.text.annotations
    assert isinstance(citation, FileCitationAnnotation) and citation.file_citation.file_id == "f1"
    assert isinstance(path, FilePathAnnotation) and path.end_index == 15
    assert isinstance(other, UnknownTextAnnotation) and other.raw["url"] == "https://example.com"
    assert isinstance(image_file, ImageFileContentBlock) and image_file.image_file.detail == "low"
    assert isinstance(image_url, ImageURLContentBlock) and image_url.image_url.url.endswith("a.png")
    assert isinstance(refusal, RefusalContentBlock) and refusal.refusal == "No."
    assert isinstance(unknown, UnknownMessageContent) and unknown.raw == {"type": "hologram", "frames": 2}
    assert message.text == "See [1] and [2] [3]"


def test_run_step_details_and_tool_calls_are_open_unions() -> None:
    tool_calls = [
        {"id": "c1", "type": "code_interpreter", "code_interpreter": {"input": "print(1)", "outputs": [
            {"type": "logs", "logs": "1"}, {"type": "image", "image": {"file_id": "f"}}, {"type": "video"}]}},
        {"id": "c2", "type": "file_search", "file_search": {"results": [
            {"file_id": "f", "file_name": "a.txt", "score": 0.5, "content": [{"type": "text", "text": "x"}]}]}},
        {"id": "c3", "type": "function", "function": {"name": "f", "arguments": "{}", "output": None}},
        {"id": "c4", "type": "browser", "url": "u"},
    ]
    steps = [STEP, {**STEP, "id": "step_2", "type": "tool_calls",
                    "step_details": {"type": "tool_calls", "tool_calls": tool_calls}},
             {**STEP, "id": "step_3", "step_details": {"type": "thinking", "depth": 1}}]
    session, _ = session_for(json_response(page(*steps)))
    first, second, third = run_steps.list(session, "run_1", thread_id="thread_1").data
    assert isinstance(first, RunStep) and isinstance(first.step_details, MessageCreationStepDetails)
    assert first.step_details.message_creation.message_id == "msg_1"
    details = second.step_details
    assert isinstance(details, ToolCallsStepDetails)
    code, search, function, unknown = details.tool_calls
    assert isinstance(code, CodeInterpreterToolCall)
    logs, image, video = code.code_interpreter.outputs
    assert isinstance(logs, CodeInterpreterLogs) and logs.logs == "1"
    assert isinstance(image, CodeInterpreterOutputImage) and isinstance(video, UnknownCodeInterpreterOutput)
    assert isinstance(search, FileSearchToolCall) and search.file_search.results
    assert search.file_search.results[0].score == 0.5
    assert isinstance(function, FunctionToolCall) and function.function.output is None
    assert isinstance(unknown, UnknownToolCall) and unknown.id == "c4" and unknown.raw["url"] == "u"
    assert isinstance(third.step_details, UnknownStepDetails) and third.step_details.raw["depth"] == 1


def test_list_walks_pages_with_the_filters_kept() -> None:
    second = {**ASSISTANT, "id": "asst_2"}
    session, transport = session_for(json_response(page(ASSISTANT, has_more=True)), json_response(page(second)))
    found = [a.id for a in assistants.list(session, limit=1, order="asc")]
    assert found == ["asst_1", "asst_2"]
    assert transport.requests[1].url == f"{BASE}/assistants?after=asst_1&limit=1&order=asc"
    assert headers_of(transport.requests[1])["openai-beta"] == "assistants=v2"


def test_a_page_without_has_more_asks_for_the_next_until_an_empty_page() -> None:
    session, transport = session_for(json_response(page(run_body(), has_more=None)), json_response(page()))
    assert [r.id for r in runs.list(session, "thread_1")] == ["run_1"]
    assert transport.requests[1].url == f"{BASE}/threads/thread_1/runs?after=run_1"
