"""API conformance of the Assistants API v2: every ``/assistants`` and ``/threads`` endpoint against the
Steady mock, which validates each request against the spec and answers with generated bodies.

The spec gives the run endpoints a JSON answer only, so the mock answers JSON to ``stream: true``
and the stream raises ``APIResponseValidationError``; those tests check the streamed request is valid.
The mock's run statuses are random, so the poll helpers are bounded (``max_wait_seconds=0``).
"""

from __future__ import annotations

import contextlib
from typing import Any, Dict, List

import pytest
from mock_api import MockAPICheck

from openai_compat import APIResponseValidationError, Client, SyncCursorPage
from openai_compat.resources import assistants, messages, run_steps, runs, runs_poll, threads
from openai_compat.types.assistants import Assistant, AssistantDeleted
from openai_compat.types.runs import RUN_TERMINAL_STATUSES, Run, RunStep, RunStepInclude
from openai_compat.types.threads import Message, MessageDeleted, Thread, ThreadDeleted

pytestmark = pytest.mark.mock_api

TOOLS: List[Dict[str, Any]] = [
    {"type": "code_interpreter"},
    {"type": "file_search", "file_search": {"max_num_results": 5,
                                            "ranking_options": {"ranker": "auto", "score_threshold": 0.5}}},
    {"type": "function", "function": {"name": "get_weather", "description": "Weather in a city",
                                      "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
                                      "strict": True}},
]
RESOURCES = {"code_interpreter": {"file_ids": ["file_1"]}, "file_search": {"vector_store_ids": ["vs_1"]}}
CONTENT_PARTS: List[Dict[str, Any]] = [
    {"type": "text", "text": "What is in this image?"},
    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
    {"type": "image_file", "image_file": {"file_id": "file_1"}},
]
MESSAGE = {"role": "user", "content": "Hello", "metadata": {"k": "v"},
           "attachments": [{"file_id": "file_1", "tools": [{"type": "file_search"}]}]}
RUN_OPTIONS: Dict[str, Any] = {
    "instructions": "Be brief.", "max_completion_tokens": 1000, "max_prompt_tokens": 2000, "metadata": {"k": "v"},
    "model": "gpt-4o", "parallel_tool_calls": True, "response_format": {"type": "json_object"}, "temperature": 0.5,
    "tool_choice": {"type": "function", "function": {"name": "get_weather"}}, "tools": TOOLS, "top_p": 0.9,
    "truncation_strategy": {"type": "last_messages", "last_messages": 5},
}


def test_assistants_crud(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    created = assistants.create(session, model="gpt-4o", name="Tutor", description="Maths", instructions="Help.",
                                metadata={"k": "v"}, reasoning_effort="low", response_format="auto",
                                temperature=1.0, tool_resources=RESOURCES, tools=TOOLS, top_p=1.0)
    assert isinstance(created, Assistant) and isinstance(created.id, str)
    assistants.create(session, model="gpt-4o", response_format={"type": "json_schema", "json_schema": {
        "name": "answer", "schema": {"type": "object"}, "strict": True}})
    assert isinstance(assistants.retrieve(session, "asst_1"), Assistant)
    assert isinstance(assistants.update(session, "asst_1", name="New", tools=[], metadata=None), Assistant)
    page = assistants.list(session, limit=2, order="asc", after="asst_0", before="asst_9")
    assert isinstance(page, SyncCursorPage) and all(isinstance(a, Assistant) for a in page.data)
    deleted = assistants.delete(session, "asst_1")
    assert isinstance(deleted, AssistantDeleted) and isinstance(deleted.deleted, bool)
    mock_api.assert_valid()


def test_threads_crud(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    thread = threads.create(session, messages=[MESSAGE, {"role": "user", "content": CONTENT_PARTS}],
                            metadata={"k": "v"}, tool_resources=RESOURCES)
    assert isinstance(thread, Thread)
    assert isinstance(threads.create(session), Thread)
    assert isinstance(threads.retrieve(session, "thread_1"), Thread)
    assert isinstance(threads.update(session, "thread_1", metadata={"k": "w"}, tool_resources=RESOURCES), Thread)
    deleted = threads.delete(session, "thread_1")
    assert isinstance(deleted, ThreadDeleted)
    mock_api.assert_valid()


def test_threads_create_and_run(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    run = threads.create_and_run(session, assistant_id="asst_1", thread={"messages": [MESSAGE]},
                                 tool_resources=RESOURCES, **RUN_OPTIONS)
    assert isinstance(run, Run)
    with contextlib.suppress(TimeoutError):
        polled = threads.create_and_run_poll(session, assistant_id="asst_1", max_wait_seconds=0)
        assert polled.status in RUN_TERMINAL_STATUSES
    with contextlib.suppress(APIResponseValidationError), \
            threads.create_and_run(session, assistant_id="asst_1", stream=True) as stream:
        list(stream)
    mock_api.assert_valid()


def test_messages_crud(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert isinstance(messages.create(session, "thread_1", **MESSAGE), Message)
    assert isinstance(messages.create(session, "thread_1", role="assistant", content=CONTENT_PARTS[:1]), Message)
    assert isinstance(messages.retrieve(session, "msg_1", thread_id="thread_1"), Message)
    assert isinstance(messages.update(session, "msg_1", thread_id="thread_1", metadata={"k": "v"}), Message)
    page = messages.list(session, "thread_1", limit=3, order="desc", after="msg_0", run_id="run_1")
    assert all(isinstance(m, Message) and isinstance(m.content, list) for m in page.data)
    assert isinstance(messages.delete(session, "msg_1", thread_id="thread_1"), MessageDeleted)
    mock_api.assert_valid()


def test_runs(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    run = runs.create(session, "thread_1", assistant_id="asst_1", include=[RunStepInclude.FILE_SEARCH_RESULT_CONTENT],
                      additional_instructions="Also be kind.", additional_messages=[MESSAGE],
                      reasoning_effort="low", **RUN_OPTIONS)
    assert isinstance(run, Run) and isinstance(run.status, str)
    assert isinstance(runs.retrieve(session, "run_1", thread_id="thread_1"), Run)
    assert isinstance(runs.update(session, "run_1", thread_id="thread_1", metadata={"k": "v"}), Run)
    page = runs.list(session, "thread_1", limit=2, order="asc")
    assert all(isinstance(r, Run) for r in page.data)
    assert isinstance(runs.cancel(session, "run_1", thread_id="thread_1"), Run)
    outputs = [{"tool_call_id": "call_1", "output": "21 degrees"}]
    assert isinstance(runs.submit_tool_outputs(session, "run_1", thread_id="thread_1", tool_outputs=outputs), Run)
    mock_api.assert_valid()


def test_runs_streamed_requests_are_valid(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    with contextlib.suppress(APIResponseValidationError), \
            runs.create(session, "thread_1", assistant_id="asst_1", stream=True) as stream:
        list(stream)
    outputs = [{"tool_call_id": "call_1", "output": "21"}]
    with contextlib.suppress(APIResponseValidationError), \
            runs.submit_tool_outputs(session, "run_1", thread_id="thread_1", tool_outputs=outputs, stream=True) as s:
        list(s)
    mock_api.assert_valid()


def test_runs_poll_helpers(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    for call in (
        lambda: runs_poll.poll(session, "run_1", thread_id="thread_1", max_wait_seconds=0),
        lambda: runs_poll.create_and_poll(session, "thread_1", assistant_id="asst_1", poll_interval_ms=10,
                                          max_wait_seconds=0),
        lambda: runs_poll.submit_tool_outputs_and_poll(session, tool_outputs=[{"tool_call_id": "c", "output": "1"}],
                                                       run_id="run_1", thread_id="thread_1", max_wait_seconds=0),
    ):
        with contextlib.suppress(TimeoutError):  # a random non-terminal status gives up at once
            assert call().status in RUN_TERMINAL_STATUSES
    mock_api.assert_valid()


def test_run_steps(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    include = [RunStepInclude.FILE_SEARCH_RESULT_CONTENT]
    page = run_steps.list(session, "run_1", thread_id="thread_1", limit=2, order="asc", include=include)
    assert all(isinstance(step, RunStep) for step in page.data)
    step = run_steps.retrieve(session, "step_1", thread_id="thread_1", run_id="run_1", include=include)
    assert isinstance(step, RunStep) and isinstance(step.step_details.type, str)
    mock_api.assert_valid()


def test_assistants_through_the_client(mock_api: MockAPICheck) -> None:
    client = Client._from_session(mock_api.session())
    assert isinstance(client.beta.assistants.retrieve("asst_1"), Assistant)
    assert isinstance(client.beta.threads.messages.list("thread_1", limit=1), SyncCursorPage)
    assert isinstance(client.beta.threads.runs.steps.retrieve("step_1", thread_id="thread_1", run_id="run_1"), RunStep)
    mock_api.assert_valid()
