"""The hand-written parts of ``client.beta.agents`` (Agents API, beta), on a ``MockTransport``:
sessions created with or without their event stream, local tool handlers, turn results and
``output_type``, ``sessions.stream`` for one turn of an idle session, environment file uploads and
the artifacts of a result. The wire shapes are openai-python 3.57.0's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import msgspec
import pytest

from openai_compat import (
    AgentFilePreparationError,
    AgentFileStagingError,
    AgentToolError,
    AgentTurnResultError,
    Client,
    Response,
    RetryPolicy,
)
from openai_compat.testing import MockTransport, error_response, json_response, request_json, sse_response

SESSION = {"id": "sess_1", "object": "agent.session", "status": "idle"}
TURN = {"id": "turn_1", "session_id": "sess_1", "status": "in_progress", "subagent_id": None}


def _events(*extra: Dict[str, Any], answer: str = "42") -> List[Dict[str, Any]]:
    """A root turn that ends well: created, its answer, completed, the session idle."""
    done = {**TURN, "status": "completed"}
    message = {"type": "message", "id": "msg_1", "turn_id": "turn_1", "status": "completed", "role": "assistant",
               "content": [{"type": "output_text", "text": answer}]}
    return [
        {"type": "agent.session.created", "event_id": "e1", "session": {**SESSION, "status": "in_progress"}},
        {"type": "agent.session.turn.created", "event_id": "e2", "session_id": "sess_1", "turn_id": "turn_1",
         "turn": TURN},
        *extra,
        {"type": "agent.session.turn.item.done", "event_id": "e3", "session_id": "sess_1", "output_index": 0,
         "item": message},
        {"type": "agent.session.turn.completed", "event_id": "e4", "session_id": "sess_1", "turn_id": "turn_1",
         "turn": done},
        {"type": "agent.session.idle", "event_id": "e5", "session": SESSION},
    ]


def _error_event(message: str) -> str:
    """An error event as the server may name it (``event: error``), with a field no type declares."""
    data = {"type": "error", "event_id": "e0", "session_id": "sess_1", "error": {"message": message},
            "retry_hint": "soon"}
    return f"event: error\ndata: {json.dumps(data)}\n\n"


def _call(name: str, arguments: str, event_id: str = "c1") -> Dict[str, Any]:
    item = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "turn_id": "turn_1", "name": name,
            "arguments": arguments, "status": "completed"}
    return {"type": "agent.session.turn.item.added", "event_id": event_id, "session_id": "sess_1", "item": item}


Route = Callable[[Any], Response]


def _client(routes: Dict[Tuple[str, str], Any]) -> Tuple[Client, MockTransport, List[float]]:
    """A client whose transport answers each ``(method, path)`` from ``routes`` (a response, or a list
    of them answered in turn); retries' sleeps are recorded, not slept."""
    sleeps: List[float] = []

    def handler(request: Any) -> Response:
        path = request.url.split("/v1/", 1)[1].split("?", 1)[0]
        answer = routes[(request.method, path)]
        if isinstance(answer, list):
            return answer.pop(0) if len(answer) > 1 else answer[0]
        return answer

    transport = MockTransport(handler)
    client = Client(api_key="sk-test", base_url="https://api.test/v1", transport=transport,
                    retry_policy=RetryPolicy(sleep=sleeps.append))
    return client, transport, sleeps


def test_create_without_stream_returns_the_session() -> None:
    client, transport, _ = _client({("POST", "agents/sessions"): json_response(SESSION)})
    session = client.beta.agents.sessions.create(environment={"type": "none"}, input="hi", metadata={"a": "b"})
    assert session.id == "sess_1" and session.status == "idle"
    request = transport.last_request
    assert request.headers["OpenAI-Beta"] == "agents=v1"
    assert request_json(request) == {"environment": {"type": "none"}, "input": "hi", "metadata": {"a": "b"}}


def test_create_with_stream_yields_every_event_error_events_included() -> None:
    error = _error_event("tool timed out")
    client, transport, _ = _client({("POST", "agents/sessions"): sse_response([error, *_events()], done=False)})
    events = list(client.beta.agents.sessions.create(environment={"type": "none"}, input="hi", stream=True))
    assert [e.type for e in events][:3] == ["error", "agent.session.created", "agent.session.turn.created"]
    assert type(events[0]).__name__ == "AgentSessionErrorEvent" and events[0].error.message == "tool timed out"
    assert events[0].to_dict()["retry_hint"] == "soon"  # nothing received is lost
    assert request_json(transport.last_request)["stream"] is True


def test_tool_handlers_run_after_their_call_is_yielded_and_results_are_submitted() -> None:
    seen: List[str] = []
    events = sse_response(_events(_call("add", '{"a": 2, "b": 3}')), done=False)
    client, transport, _ = _client({
        ("POST", "agents/sessions"): events,
        ("POST", "agents/sessions/sess_1/events"): json_response(None, status=202),
    })

    def add(arguments: Dict[str, Any]) -> Dict[str, Any]:
        seen.append("handler")
        return {"sum": arguments["a"] + arguments["b"]}

    stream = client.beta.agents.sessions.create(environment={"type": "none"}, input="add", stream=True,
                                                tool_handlers={"add": add})
    for event in stream:
        seen.append(event.type)
    assert seen.index("handler") == seen.index("agent.session.turn.item.added") + 1
    submitted = [r for r in transport.requests if r.url.endswith("/events")]
    (result,) = request_json(submitted[0])["events"]
    assert result == {"type": "agent.session.input.tool_result", "turn_id": "turn_1", "call_id": "call_1",
                      "success": True, "output": '{"sum":5}'}
    assert submitted[0].headers["Idempotency-Key"]


def test_a_failing_handler_submits_a_generic_failure_and_a_race_is_retried() -> None:
    race = error_response(400, "Unknown pending tool call: call_1", code="invalid_request_error")
    client, transport, sleeps = _client({
        ("POST", "agents/sessions"): sse_response(_events(_call("boom", "{}")), done=False),
        ("POST", "agents/sessions/sess_1/events"): [race, json_response(None, status=202)],
    })

    def boom(arguments: Dict[str, Any]) -> str:
        raise RuntimeError("secret detail")

    client.beta.agents.sessions.create(environment={"type": "none"}, input="x", stream=True,
                                       tool_handlers={"boom": boom}).until_done()
    submitted = [r for r in transport.requests if r.url.endswith("/events")]
    assert len(submitted) == 2 and sleeps[:1] == [0.1]
    assert submitted[0].headers["Idempotency-Key"] == submitted[1].headers["Idempotency-Key"]
    (result,) = request_json(submitted[1])["events"]
    assert result["success"] is False and "secret" not in json.dumps(result)


def test_get_final_result_collects_the_answer_and_parses_the_output_type() -> None:
    class Answer(msgspec.Struct):
        value: int

    client, transport, _ = _client({("POST", "agents/sessions"): sse_response(_events(answer='{"value": 42}'),
                                                                              done=False)})
    stream = client.beta.agents.sessions.create(environment={"type": "none"}, input="x", stream=True,
                                                output_type=Answer)
    result = stream.get_final_result()
    assert result.output_text == '{"value": 42}' and result.output_parsed == Answer(value=42)
    assert result.session_id == "sess_1" and result.turn_id == "turn_1"
    text_format = request_json(transport.last_request)["agent"]["text"]["format"]
    assert text_format["type"] == "json_schema" and text_format["schema"]["properties"] == {
        "value": {"type": "integer"}}


def test_a_failed_turn_raises_with_what_was_seen() -> None:
    failed = [e for e in _events() if e["type"] not in ("agent.session.turn.completed", "agent.session.idle")]
    failed.append({"type": "agent.session.turn.failed", "event_id": "f", "turn_id": "turn_1",
                   "turn": {**TURN, "status": "failed"}})
    client, _, _ = _client({("POST", "agents/sessions"): sse_response(failed, done=False)})
    stream = client.beta.agents.sessions.create(environment={"type": "none"}, input="x", stream=True)
    with pytest.raises(AgentTurnResultError) as caught:
        stream.get_final_result()
    assert caught.value.reason == "failed" and caught.value.turn_id == "turn_1"


def test_tool_handlers_need_a_stream_and_output_type_excludes_a_text_format() -> None:
    client, _, _ = _client({})
    with pytest.raises(ValueError, match="stream=True"):
        client.beta.agents.sessions.create(environment={}, tool_handlers={"f": print})
    with pytest.raises(ValueError, match="not both"):
        client.beta.agents.sessions.create(environment={}, output_type=dict,
                                           agent={"text": {"format": {"type": "text"}}})


def test_stream_runs_one_turn_of_an_idle_session() -> None:
    errors: List[AgentToolError] = []
    client, transport, _ = _client({
        ("GET", "agents/sessions/sess_1"): json_response(SESSION),
        ("GET", "agents/sessions/sess_1/events"): sse_response(_events(_call("f", "[1]")), done=False),
        ("POST", "agents/sessions/sess_1/events"): json_response(None, status=202),
    })
    with client.beta.agents.sessions.stream("sess_1", input="hello", idempotency_key="key-1",
                                            tool_handlers={"f": lambda a: "x"}, on_tool_error=errors.append) as turn:
        result = turn.get_final_result()
    assert result.output_text == "42"
    kinds = [(r.method, r.url.split("/v1/")[1]) for r in transport.requests]
    assert kinds[:3] == [("GET", "agents/sessions/sess_1"), ("GET", "agents/sessions/sess_1/events"),
                         ("POST", "agents/sessions/sess_1/events")]
    assert transport.requests[2].headers["Idempotency-Key"] == "key-1"
    assert request_json(transport.requests[2])["events"][0]["input"][0]["content"][0]["text"] == "hello"
    assert [e.stage for e in errors] == ["arguments"]  # "[1]" is not a JSON object


def test_stream_refuses_a_busy_session() -> None:
    client, _, _ = _client({("GET", "agents/sessions/sess_1"): json_response({**SESSION, "status": "in_progress"})})
    with pytest.raises(ValueError, match="idle session"):
        client.beta.agents.sessions.stream("sess_1", input="hi").__enter__()


def test_upload_stages_the_uploaded_file(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes(b"hello")
    staged_file = {"path": "/workspace/notes.txt", "object": "agent.environment.file"}
    client, transport, _ = _client({
        ("POST", "files"): json_response({"id": "file_1", "object": "file"}),
        ("POST", "agents/environments/env_1/files"): [json_response(staged_file), error_response(500)],
    })
    staged = client.beta.agents.environments.files.upload("env_1", file=source, path="/workspace/notes.txt")
    assert staged.uploaded_file_id == "file_1" and staged.file.path == "/workspace/notes.txt"
    assert request_json(transport.last_request) == {"type": "file_id", "file_id": "file_1",
                                                    "path": "/workspace/notes.txt"}
    with pytest.raises(AgentFileStagingError) as caught:
        client.with_options(max_retries=0).beta.agents.environments.files.upload(
            "env_1", file=source, path="/workspace/notes.txt")
    assert caught.value.uploaded_file_id == "file_1"


@pytest.mark.parametrize("bad", ["/tmp/x", "/workspace/../x", "/workspace/.codex/x", "/workspace/outputs"])
def test_upload_refuses_destinations_outside_the_workspace(bad: str, tmp_path: Path) -> None:
    client, _, _ = _client({})
    with pytest.raises(ValueError):
        client.beta.agents.environments.files.upload("env_1", file=b"x", path=bad)


def test_prepare_directory_uploads_the_selected_files(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text("a")
    (tmp_path / "src" / "b.txt").write_text("b")
    uploads = [json_response({"id": "file_a"}), error_response(400)]
    client, _, _ = _client({("POST", "files"): uploads})
    prepared = client.beta.agents.environments.files.prepare_directory(
        tmp_path, destination="/workspace/app", include=["src/*.py"])
    assert prepared.files == [{"type": "file_id", "file_id": "file_a", "path": "/workspace/app/src/a.py"}]
    with pytest.raises(AgentFilePreparationError) as caught:
        client.beta.agents.environments.files.prepare(
            {"/workspace/a": tmp_path / "src" / "a.py", "/workspace/b": tmp_path / "src" / "b.txt"})
    assert caught.value.prepared.uploaded_file_ids == []


def test_prepare_refuses_symlinks_and_nested_destinations(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("x")
    (tmp_path / "link.txt").symlink_to(target)
    client, _, _ = _client({})
    with pytest.raises(ValueError, match="symlink"):
        client.beta.agents.environments.files.prepare({"/workspace/a": tmp_path / "link.txt"})
    with pytest.raises(ValueError, match="contain one another"):
        client.beta.agents.environments.files.prepare({"/workspace/a": target, "/workspace/a/b": target})


def test_artifacts_of_a_result_are_found_by_turn_and_path(tmp_path: Path) -> None:
    artifacts = [{"id": "art_old", "session_id": "sess_1", "turn_id": "turn_0", "path": "out.txt"},
                 {"id": "art_1", "session_id": "sess_1", "turn_id": "turn_1", "path": "out.txt"}]
    client, _, _ = _client({
        ("POST", "agents/sessions"): sse_response(_events(), done=False),
        ("GET", "agents/sessions/sess_1/artifacts"): json_response({"data": artifacts, "has_more": False}),
        ("GET", "agents/sessions/sess_1/artifacts/art_1/content"): Response(200, {}, content=b"result bytes"),
    })
    result = client.beta.agents.sessions.create(environment={}, input="x", stream=True).get_final_result()
    files = client.beta.agents.sessions.artifacts.for_result(result)
    assert files.content("out.txt").content == b"result bytes"
    artifact = files.download("out.txt", to=tmp_path / "out.txt")
    assert artifact.id == "art_1" and (tmp_path / "out.txt").read_bytes() == b"result bytes"
    with pytest.raises(ValueError, match="no artifact"):
        files.content("missing.txt")


def test_the_event_subscription_yields_error_events() -> None:
    error = _error_event("later")
    client, transport, _ = _client({("GET", "agents/sessions/sess_1/events"): sse_response([error, *_events()],
                                                                                            done=False)})
    events = list(client.beta.agents.sessions.events.stream("sess_1", include_obfuscation=False))
    assert events[0].type == "error" and len(events) == 6
    assert transport.last_request.url.endswith("?include_obfuscation=false")
