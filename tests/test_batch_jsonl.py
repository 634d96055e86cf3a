"""The Batch JSONL helpers: input lines written from typed requests (exact bytes, ids, refusals,
atomic paths), and output/error files read back into typed results (every source kind, every
endpoint's body type, HTTP errors, expired requests, unreadable lines kept)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from openai_compat import Response, Session
from openai_compat.batch_jsonl import (
    BatchInputLine,
    BatchInputWriter,
    BatchResult,
    UnreadableLine,
    iter_batch_input,
    iter_batch_results,
    read_batch_results,
    write_batch_input,
)
from openai_compat.testing import MockTransport
from openai_compat.types.chat import ChatCompletion
from openai_compat.types.chat_params import ChatCompletionRequest, Message
from openai_compat.types.completions import Completion, CompletionRequest
from openai_compat.types.embeddings import CreateEmbeddingResponse
from openai_compat.types.moderations import ModerationCreateResponse
from openai_compat.types.responses import Response as ModelResponse

HELLO = [{"role": "user", "content": "Hello"}]


def lines_of(data: bytes) -> List[Dict[str, Any]]:
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.splitlines()]


def output_line(custom_id: str, body: Any, status: int = 200, error: Any = None, n: int = 0) -> bytes:
    response = None if body is None else {"status_code": status, "request_id": f"req_{n}", "body": body}
    line = {"id": f"batch_req_{n}", "custom_id": custom_id, "response": response, "error": error}
    return json.dumps(line).encode() + b"\n"


def test_writer_writes_one_post_line_per_request_with_only_the_set_fields() -> None:
    buffer = io.BytesIO()
    with BatchInputWriter(buffer) as writer:
        assert writer.add_chat_completion(ChatCompletionRequest(model="m", messages=[Message.user("Hi")],
                                                                temperature=None), custom_id="a") == "a"
        writer.add_chat_completion({"model": "m", "messages": (m for m in HELLO), "max_tokens": 5}, custom_id="b")
    assert not buffer.closed  # a file object handed in is left open
    assert lines_of(buffer.getvalue()) == [
        {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions",
         "body": {"messages": [{"role": "user", "content": "Hi"}], "model": "m", "temperature": None}},
        {"custom_id": "b", "method": "POST", "url": "/v1/chat/completions",
         "body": {"model": "m", "messages": HELLO, "max_tokens": 5}},
    ]
    assert writer.custom_ids == ["a", "b"] and writer.endpoint == "/v1/chat/completions"
    assert writer.bytes_written == len(buffer.getvalue())


@pytest.mark.parametrize(
    ("line", "url"),
    [
        (BatchInputLine.embedding(input=["a", "b"], model="text-embedding-3-small", dimensions=8), "/v1/embeddings"),
        (BatchInputLine.response({"model": "gpt-4o-mini", "input": "Hi"}), "/v1/responses"),
        (BatchInputLine.completion(CompletionRequest(model="davinci-002", prompt="Say", max_tokens=3)),
         "/v1/completions"),
    ],
)
def test_each_request_kind_goes_to_its_endpoint(line: BatchInputLine, url: str) -> None:
    buffer = io.BytesIO()
    (custom_id,) = write_batch_input(buffer, [line])
    (written,) = lines_of(buffer.getvalue())
    assert written["url"] == url and written["method"] == "POST" and written["custom_id"] == custom_id
    assert custom_id.startswith("request-") and "encoding_format" not in written["body"]
    assert written["body"] == line.body


def test_generated_ids_are_unique_and_returned() -> None:
    buffer = io.BytesIO()
    with BatchInputWriter(buffer) as writer:
        ids = [writer.add_embedding(input=str(i), model="e") for i in range(50)]
    assert len(set(ids)) == 50 and ids == [line["custom_id"] for line in lines_of(buffer.getvalue())]


def test_refusals_are_clear_and_write_nothing() -> None:
    buffer = io.BytesIO()
    with BatchInputWriter(buffer) as writer:
        writer.add_chat_completion({"model": "m", "messages": HELLO}, custom_id="x")
        size = writer.bytes_written
        with pytest.raises(ValueError, match="duplicate custom_id 'x'"):
            writer.add_chat_completion({"model": "m", "messages": HELLO}, custom_id="x")
        with pytest.raises(ValueError, match="one endpoint: this file is for /v1/chat/completions, not /v1/embeddings"):
            writer.add_embedding(input="a", model="e")
        with pytest.raises(ValueError, match="cannot stream"):
            writer.add_chat_completion({"model": "m", "messages": HELLO, "stream": True})
        with pytest.raises(TypeError, match=r"missing the required parameter.*messages"):
            writer.add_chat_completion(ChatCompletionRequest(model="m"))
        with pytest.raises(ValueError, match="non-empty string"):
            writer.add_chat_completion({"model": "m", "messages": HELLO}, custom_id="")
    assert len(buffer.getvalue()) == size


def test_input_files_read_back_and_failed_requests_resubmitted(tmp_path: Path) -> None:
    first = tmp_path / "in.jsonl"
    ids = write_batch_input(first, (BatchInputLine.completion({"model": "m", "prompt": f"p{i}"}) for i in range(4)))
    lines = list(iter_batch_input(first))
    assert [line.custom_id for line in lines] == ids and lines[2].body == {"model": "m", "prompt": "p2"}
    assert lines[0].url == "/v1/completions" and lines[0].method == "POST"
    output = output_line(ids[0], COMPLETION) + output_line(ids[1], {"error": {"message": "x"}}, status=500)
    results = read_batch_results(output)
    retry = {r.custom_id for r in results.failed()} | set(results.missing(ids))
    to_retry = (line for line in iter_batch_input(first) if line.custom_id in retry)
    again = write_batch_input(tmp_path / "retry.jsonl", to_retry)
    assert again == ids[1:]
    with pytest.raises(ValueError, match="line 2 is not a batch input line"):
        list(iter_batch_input(b'{"custom_id": "a", "url": "/v1/completions", "body": {}}\n{"custom_id": 1}\n'))


def test_an_empty_writer_has_no_endpoint_and_a_closed_one_takes_nothing() -> None:
    writer = BatchInputWriter(io.BytesIO())
    with pytest.raises(ValueError, match="no request was written yet"):
        _ = writer.endpoint
    writer.close()
    with pytest.raises(ValueError, match="closed"):
        writer.add_embedding(input="a", model="e")
    with pytest.raises(TypeError, match="path or a binary file object"):
        BatchInputWriter(42)  # type: ignore[arg-type]


def test_a_path_appears_only_when_the_writer_finishes(tmp_path: Path) -> None:
    target = tmp_path / "in.jsonl"
    with BatchInputWriter(target) as writer:
        writer.add_completion({"model": "m", "prompt": "p"}, custom_id="c1")
        assert not target.exists() and (tmp_path / "in.jsonl.part").exists()
    assert lines_of(target.read_bytes())[0]["custom_id"] == "c1"
    with pytest.raises(RuntimeError), BatchInputWriter(tmp_path / "broken.jsonl") as broken:
        broken.add_completion({"model": "m", "prompt": "p"})
        raise RuntimeError("the job failed half way")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_write_batch_input_consumes_a_generator_lazily(tmp_path: Path) -> None:
    made: List[int] = []

    def lines() -> Iterator[BatchInputLine]:
        for i in range(3):
            made.append(i)
            yield BatchInputLine.chat_completion({"model": "m", "messages": HELLO}, custom_id=f"id-{i}")

    assert write_batch_input(str(tmp_path / "g.jsonl"), lines()) == ["id-0", "id-1", "id-2"]
    assert made == [0, 1, 2]


CHAT = {"id": "c", "object": "chat.completion", "created": 1, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hi"}}]}
EMBEDDING = {"object": "list", "model": "e", "data": [{"object": "embedding", "index": 0, "embedding": [0.5]}]}
COMPLETION = {"id": "cmpl", "object": "text_completion", "created": 1, "model": "m",
              "choices": [{"index": 0, "text": "ok", "finish_reason": "length", "logprobs": None}]}
RESPONSE = {"id": "resp", "object": "response", "created_at": 1, "status": "completed", "model": "m", "output": []}
MODERATION = {"id": "modr", "model": "omni", "results": [{"flagged": False, "categories": {}, "category_scores": {}}]}


@pytest.mark.parametrize(
    ("body", "endpoint", "cls"),
    [
        (CHAT, None, ChatCompletion), (EMBEDDING, None, CreateEmbeddingResponse), (COMPLETION, None, Completion),
        (RESPONSE, None, ModelResponse), (MODERATION, "/v1/moderations", ModerationCreateResponse),
        (CHAT, "/v1/chat/completions", ChatCompletion), (COMPLETION, "v1/completions", Completion),
    ],
)
def test_bodies_decode_as_their_endpoints_type(body: Dict[str, Any], endpoint: Any, cls: Any) -> None:
    (result,) = iter_batch_results(output_line("x", {**body, "provider_extra": 1}), endpoint=endpoint)
    assert isinstance(result, BatchResult) and result.ok
    decoded: Any = result.body
    assert type(decoded).__name__ == cls.__name__ and isinstance(decoded, cls)
    assert decoded.extra == {"provider_extra": 1}


def test_errors_unreadable_lines_and_duplicates_are_all_kept(tmp_path: Path) -> None:
    http_error = {"error": {"message": "Invalid model", "type": "invalid_request_error", "param": "model",
                            "code": "model_not_found"}}
    errors = tmp_path / "errors.jsonl"
    errors.write_bytes(
        output_line("bad-model", http_error, status=404, n=1)
        + output_line("late", None, error={"code": "batch_expired", "message": "not run in time"}, n=2)
        + b"\n"  # blank lines are skipped
        + b"{not json\r\n"
        + b'{"id": "x", "response": null}\n'
        + output_line("weird", {"object": "chat.completion", "choices": "nope"}, n=3)
        + output_line("no-object", ["a", "list"], n=4)
    )
    output = output_line("good", CHAT) + output_line("good", {**CHAT, "id": "again"})
    results = read_batch_results(io.BytesIO(output), errors, None)
    assert list(results) == ["good", "bad-model", "late", "weird"]
    # A body that deviates from the spec decodes, keeping what was sent; one that is not an object cannot.
    assert type(results["weird"].body) is ChatCompletion and results["weird"].body.choices == "nope"
    assert [r.custom_id for r in results.succeeded()] == ["good", "weird"]
    failed = results["bad-model"]
    assert not failed.ok and failed.status_code == 404 and failed.request_id == "req_1" and failed.body == http_error
    assert failed.error is not None and (failed.error.code, failed.error.param) == ("model_not_found", "model")
    late = results["late"]
    assert late.body is None and late.status_code is None and late.error is not None
    assert (late.error.code, late.error.message) == ("batch_expired", "not run in time")
    assert [d.body.id for d in results.duplicates] == ["again"]
    assert [(u.line, u.text) for u in results.unreadable] == [
        (4, "{not json"), (5, '{"id": "x", "response": null}'),
        (7, output_line("no-object", ["a", "list"], n=4).decode().strip()),
    ]
    assert all(isinstance(u, UnreadableLine) and u.reason for u in results.unreadable)
    assert results.missing(["good", "late", "never"]) == ["never"]
    assert "2 succeeded, 2 failed, 3 unreadable" in repr(results)


def test_a_binary_response_is_read_in_chunks_split_anywhere() -> None:
    data = b"".join(output_line(f"id-{i}", CHAT, n=i) for i in range(20))

    class Pieces:
        def __iter__(self) -> Iterator[bytes]:
            return iter([data[i : i + 7] for i in range(0, len(data), 7)])

        def close(self) -> None:
            pass

    transport = MockTransport(responses=[Response(200, {"content-type": "application/binary"}, stream=Pieces())])
    session = Session(api_key="sk-test", base_url="http://api.test/v1", transport=transport)
    results = read_batch_results(session.download("GET", "files/file-out/content"))
    assert list(results) == [f"id-{i}" for i in range(20)] and not results.unreadable
    assert [results[f"id-{i}"].request_id for i in (0, 19)] == ["req_0", "req_19"]


def test_text_mode_files_and_other_objects_are_refused() -> None:
    with pytest.raises(TypeError, match="binary mode"):
        list(iter_batch_results(io.StringIO("{}\n")))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cannot read batch results from int"):
        read_batch_results(42)  # type: ignore[arg-type]


def test_a_byte_order_mark_crlf_ends_and_a_last_line_without_newline_are_read() -> None:
    # Files saved by editors on Windows start with a UTF-8 BOM and end lines with CRLF.
    output = (b"\xef\xbb\xbf" + output_line("a", CHAT).replace(b"\n", b"\r\n")
              + output_line("b", CHAT).rstrip(b"\n"))
    results = read_batch_results(output)
    assert list(results) == ["a", "b"] and not results.unreadable
    line = BatchInputLine.chat_completion({"model": "m", "messages": HELLO}, custom_id="a")
    assert [read.custom_id for read in iter_batch_input(b"\xef\xbb\xbf" + line.to_json() + b"\r\n")] == ["a"]


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"error": {"message": "overloaded", "type": "server_error", "param": None, "code": 500}}, "500", "overloaded"),
        ({"error": "rate limited"}, None, "rate limited"),
        ("Bad Gateway", None, "Bad Gateway"),
        ({"detail": "not found"}, None, None),
    ],
)
def test_an_http_error_body_of_any_shape_keeps_its_result(body: Any, code: Any, message: Any) -> None:
    # Error bodies come from gateways and proxies too: the status and body must never be lost.
    (result,) = iter_batch_results(output_line("x", body, status=502))
    assert isinstance(result, BatchResult) and not result.ok
    assert (result.status_code, result.body) == (502, body)
    error = result.error
    assert (error.code if error else None, error.message if error else None) == (code, message)


def test_a_responses_request_may_leave_the_model_to_its_prompt_template() -> None:
    # CreateResponse requires no parameter: a stored prompt (``prompt.id``) can carry the model.
    line = BatchInputLine.response({"prompt": {"id": "pmpt_1", "version": "2"}, "input": "Hi"}, custom_id="p")
    assert json.loads(line.to_json()) == {"custom_id": "p", "method": "POST", "url": "/v1/responses",
                                          "body": {"prompt": {"id": "pmpt_1", "version": "2"}, "input": "Hi"}}
