"""``bulk.run``: input checks, the output format, resuming, retries, stops and progress, against
``MockTransport`` (one thread, so every run is deterministic)."""

from __future__ import annotations

import concurrent.futures
import json
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest
from _bulk_fakes import InlineExecutor, chat_request, ids_of, output_lines, write_jsonl

from openai_compat import APIConnectionError, Client, Request, Response, bulk
from openai_compat._internals import BulkResultLog as ResultLog
from openai_compat.batch_jsonl import BatchInputLine, read_batch_results
from openai_compat.bulk import _report
from openai_compat.testing import MockTransport, chat_completion, error_response, json_response, request_json


def client_for(handler: Callable[[Request], Any], **options: Any) -> Client:
    options.setdefault("max_retries", 2)
    return Client(api_key="sk-test", base_url="http://bulk.test/v1", transport=MockTransport(handler), **options)


def echo(request: Request) -> Response:
    body = request_json(request)
    return json_response(chat_completion(body["messages"][0]["content"]), headers={"x-request-id": "req_echo"})


def run(client: Client, requests: Any, output: Path, **options: Any) -> bulk.Summary:
    options.setdefault("executor", InlineExecutor())
    options.setdefault("progress", False)
    return bulk.run(client, requests, output=output, **options)


def sent_texts(client: Client) -> List[str]:
    transport = client.transport
    assert isinstance(transport, MockTransport)
    return [request_json(request)["messages"][0]["content"] for request in transport.requests]


# -- input -------------------------------------------------------------------------------------


def test_results_are_batch_output_lines_readable_by_read_batch_results(tmp_path: Path) -> None:
    client = client_for(echo)
    requests = write_jsonl(tmp_path / "in.jsonl", [chat_request(f"q{n}") for n in range(3)])
    summary = run(client, requests, tmp_path / "out.jsonl")
    assert (summary.total, summary.succeeded, summary.failed, summary.skipped) == (3, 3, 0, 0)
    assert summary.complete and summary.tokens_used == 21 and summary.tokens_estimated > 0
    line = output_lines(tmp_path / "out.jsonl")[0]
    assert set(line) == {"id", "custom_id", "response", "error"} and line["error"] is None
    assert line["response"]["status_code"] == 200 and line["response"]["request_id"] == "req_echo"
    results = read_batch_results(tmp_path / "out.jsonl")
    assert [results[f"q{n}"].body.choices[0].message.content for n in range(3)] == ["q0", "q1", "q2"]
    assert client.transport.requests[0].url == "http://bulk.test/v1/chat/completions"  # type: ignore[attr-defined]


@pytest.mark.parametrize("as_generator", [False, True])
def test_duplicate_custom_ids_are_refused_before_anything_is_sent(tmp_path: Path, as_generator: bool) -> None:
    client = client_for(echo)
    rows = [chat_request("a"), chat_request("b"), chat_request("a"), chat_request("c"), chat_request("b")]
    requests: Any = (row for row in rows) if as_generator else write_jsonl(tmp_path / "in.jsonl", rows)
    expected = r"2 custom_id.*'a' at lines 1, 3; 'b' at lines 2, 5"
    with pytest.raises(bulk.DuplicateCustomIdError, match=expected) as caught:
        run(client, requests, tmp_path / "out.jsonl")
    assert caught.value.duplicates == ["a", "b"]
    assert client.transport.requests == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(("row", "message"), [
    ({"custom_id": "", "method": "POST", "url": "/v1/embeddings", "body": {}}, "custom_id must be a non-empty"),
    ({"custom_id": "x", "method": "GET", "url": "/v1/embeddings", "body": {}}, 'method must be "POST"'),
    ({"custom_id": "x", "method": "POST", "url": "/v1/files", "body": {}}, "url '/v1/files' is not an endpoint"),
    ({"custom_id": "x", "method": "POST", "url": "/v1/embeddings", "body": []}, "body must be a JSON object"),
    ({"custom_id": "x", "url": "/v1/chat/completions", "body": {"stream": True}}, "a bulk request cannot stream"),
])
def test_a_bad_line_is_named_and_nothing_is_sent(tmp_path: Path, row: Dict[str, Any], message: str) -> None:
    client = client_for(echo)
    requests = write_jsonl(tmp_path / "in.jsonl", [chat_request("ok"), row])
    with pytest.raises(bulk.BulkInputError, match=f"in.jsonl line 2: {message}"):
        run(client, requests, tmp_path / "out.jsonl")
    assert client.transport.requests == []  # type: ignore[attr-defined]


def test_a_line_that_is_not_json_is_named(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(chat_request("a")).encode() + b"\r\n\n{not json\n")
    with pytest.raises(bulk.BulkInputError, match="line 3 is not a request line"):
        run(client_for(echo), path, tmp_path / "out.jsonl")


def test_typed_batch_input_lines_and_any_endpoint(tmp_path: Path) -> None:
    def answer(request: Request) -> Response:
        if request.url.endswith("/embeddings"):
            return json_response({"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [1.0]}],
                                  "model": "e", "usage": {"prompt_tokens": 2, "total_tokens": 2}})
        return echo(request)

    client = client_for(answer)
    lines = [BatchInputLine.chat_completion({"model": "m", "messages": [{"role": "user", "content": "hi"}]},
                                            custom_id="chat"),
             BatchInputLine.embedding(input=["a", "b"], model="text-embedding-3-small", custom_id="vec")]
    summary = run(client, iter(lines), tmp_path / "out.jsonl")
    assert summary.succeeded == 2
    results = read_batch_results(tmp_path / "out.jsonl")
    assert results["vec"].body.data[0].embedding == [1.0]
    assert [r.url.rsplit("/", 1)[-1] for r in client.transport.requests] == ["completions", "embeddings"]  # type: ignore[attr-defined]


def test_output_may_not_be_the_input(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [chat_request("a")])
    with pytest.raises(ValueError, match="is the input file"):
        run(client_for(echo), path, path)


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match='via must be "live" or "batch"'):
        bulk.run(client_for(echo), [], output=tmp_path / "o.jsonl", via="fast")
    with pytest.raises(TypeError, match="executor must be"):
        bulk.run(client_for(echo), [], output=tmp_path / "o.jsonl", executor=object())
    with pytest.raises(ValueError, match="concurrency must be a positive integer"):
        bulk.run(client_for(echo), [chat_request("a")], output=tmp_path / "o.jsonl", concurrency=0)
    with pytest.raises(TypeError, match="requests must be a path"):
        bulk.run(client_for(echo), 42, output=tmp_path / "o2.jsonl")


# -- output and resuming ---------------------------------------------------------------------------


def test_a_rerun_sends_only_what_is_missing(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    first = client_for(echo)
    run(first, [chat_request(f"r{n}") for n in range(3)], out)
    again = client_for(echo)
    summary = run(again, [chat_request(f"r{n}") for n in range(5)], out)
    assert sent_texts(again) == ["r3", "r4"]
    assert (summary.total, summary.skipped, summary.succeeded, summary.remaining) == (5, 3, 2, 0)
    assert ids_of(out) == ["r0", "r1", "r2", "r3", "r4"]


def test_a_cut_off_last_line_is_repaired_and_its_request_sent_again(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "out.jsonl"
    run(client_for(echo), [chat_request("a"), chat_request("b")], out)
    whole = out.read_bytes()
    out.write_bytes(whole[: whole.rindex(b"\n", 0, len(whole) - 1) + 1 + 25])  # "b"'s line cut after 25 bytes
    again = client_for(echo)
    summary = run(again, [chat_request("a"), chat_request("b"), chat_request("c")], out)
    assert sent_texts(again) == ["b", "c"] and summary.skipped == 1
    assert ids_of(out) == ["a", "b", "c"]  # every line whole, each id once
    assert "cut short (25 bytes" in caplog.text


def test_a_last_line_missing_only_its_newline_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run(client_for(echo), [chat_request("a")], out)
    out.write_bytes(out.read_bytes().rstrip(b"\n"))
    again = client_for(echo)
    run(again, [chat_request("a"), chat_request("b")], out)
    assert sent_texts(again) == ["b"]
    assert ids_of(out) == ["a", "b"]


def test_lines_that_are_not_results_are_left_alone(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"note": "written by hand"}\n')
    run(client_for(echo), [chat_request("a")], out)
    assert out.read_bytes().startswith(b'{"note": "written by hand"}\n')
    assert "1 line(s) that are not result lines" in caplog.text


def test_one_job_at_a_time_per_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with ResultLog(str(out)) as holder:
        holder.open()
        with pytest.raises(bulk.OutputInUseError, match="another job is writing to"):
            run(client_for(echo), [chat_request("a")], out)


def test_a_pretty_printed_body_stays_on_one_line(tmp_path: Path) -> None:
    pretty = json.dumps(chat_completion("two\nlines"), indent=2).encode()
    client = client_for(lambda request: Response(200, {"content-type": "application/json"}, content=pretty))
    run(client, [chat_request("a")], tmp_path / "out.jsonl")
    (line,) = output_lines(tmp_path / "out.jsonl")
    assert line["response"]["body"] == json.loads(pretty)


def test_a_2xx_body_that_is_not_json_becomes_an_error_line_keeping_the_text(tmp_path: Path) -> None:
    client = client_for(lambda request: Response(200, {"content-type": "text/html"}, content=b"<html>proxy</html>"))
    summary = run(client, [chat_request("a")], tmp_path / "out.jsonl")
    assert summary.failed == 1
    result = read_batch_results(tmp_path / "out.jsonl")["a"]
    assert not result.ok and result.error is not None and result.error.code == "invalid_json"
    assert "<html>proxy</html>" in (result.error.message or "")


# -- failures, retries, stops ------------------------------------------------------------------------


def test_a_request_that_still_fails_is_an_error_line_and_the_job_goes_on(tmp_path: Path) -> None:
    def answer(request: Request) -> Any:
        text = request_json(request)["messages"][0]["content"]
        if text == "bad":
            return error_response(400, "Invalid model", code="model_not_found", param="model")
        if text == "down":
            return APIConnectionError(message="Connection error: refused")
        return echo(request)

    client = client_for(answer, max_retries=1)
    summary = run(client, [chat_request("bad"), chat_request("down"), chat_request("fine")], tmp_path / "o.jsonl")
    assert (summary.succeeded, summary.failed, summary.retries) == (1, 2, 1)  # the connection error was retried
    assert sent_texts(client) == ["bad", "down", "fine", "down"]
    results = read_batch_results(tmp_path / "o.jsonl")
    assert results["bad"].status_code == 400 and results["bad"].error is not None
    assert results["bad"].error.code == "model_not_found"
    assert results["down"].status_code is None and results["down"].error is not None
    assert results["down"].error.code == "connection_error"
    assert results["fine"].ok


def test_server_errors_are_retried_by_the_client_policy(tmp_path: Path) -> None:
    answers = iter([error_response(500, "oops"), error_response(503, "busy")])

    def answer(request: Request) -> Any:
        return next(answers, None) or echo(request)

    client = client_for(answer, max_retries=2)
    summary = run(client, [chat_request("a")], tmp_path / "o.jsonl")
    assert (summary.succeeded, summary.retries) == (1, 2)


def test_insufficient_quota_stops_the_job_and_a_rerun_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    calls = {"n": 0}

    def answer(request: Request) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            return error_response(429, "You exceeded your current quota", code="insufficient_quota")
        return echo(request)

    client = client_for(answer)
    summary = run(client, [chat_request(f"r{n}") for n in range(5)], out)
    assert summary.stopped is not None and summary.stopped.startswith("insufficient_quota")
    assert not summary.complete and summary.remaining == 3 and summary.succeeded == 2
    assert ids_of(out) == ["r0", "r1"]  # the request that met the empty quota has no line: it runs again
    again = client_for(echo)
    assert run(again, [chat_request(f"r{n}") for n in range(5)], out).complete
    assert sent_texts(again) == ["r2", "r3", "r4"]


def test_a_rejected_key_stops_the_job(tmp_path: Path) -> None:
    client = client_for(lambda request: error_response(401, "Incorrect API key provided", code="invalid_api_key"))
    summary = run(client, [chat_request("a"), chat_request("b")], tmp_path / "out.jsonl")
    assert summary.stopped is not None and "Incorrect API key" in summary.stopped
    assert len(client.transport.requests) == 1  # type: ignore[attr-defined]
    assert (tmp_path / "out.jsonl").read_bytes() == b""


def test_a_long_retry_after_stops_the_job_instead_of_waiting_hours(tmp_path: Path) -> None:
    client = client_for(lambda request: error_response(429, "Daily limit", headers={"retry-after": "7200"}))
    summary = run(client, [chat_request("a")], tmp_path / "out.jsonl")
    assert summary.stopped is not None and "7200 s" in summary.stopped


# -- executors and progress ------------------------------------------------------------------------


def test_threads_by_default_and_any_executor(tmp_path: Path) -> None:
    summary = bulk.run(client_for(echo), [chat_request(f"t{n}") for n in range(40)], output=tmp_path / "a.jsonl",
                       concurrency=8, progress=False)
    assert summary.succeeded == 40 and sorted(ids_of(tmp_path / "a.jsonl")) == sorted(f"t{n}" for n in range(40))
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        summary = bulk.run(client_for(echo), [chat_request(f"p{n}") for n in range(10)],
                           output=tmp_path / "b.jsonl", executor=pool, progress=False)
        assert pool.submit(int, "3").result() == 3  # a caller's executor is left running
    assert summary.succeeded == 10


def test_plain_progress_lines_without_tqdm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if tqdm were not installed
    monkeypatch.setattr(_report, "LOG_EVERY", 0.0)
    run(client_for(echo), [chat_request(f"r{n}") for n in range(3)], tmp_path / "out.jsonl", progress=True)
    err = capsys.readouterr().err
    assert "bulk: 3 of 3 requests to send (0 already in" in err
    assert "bulk: 3 requests: 3 succeeded, 0 failed" in err


def test_a_tqdm_bar_when_tqdm_is_installed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    run(client_for(echo), [chat_request(f"r{n}") for n in range(3)], tmp_path / "out.jsonl", progress=True)
    assert "3/3" in capsys.readouterr().err


def test_summary_reads_well() -> None:
    summary = bulk.Summary(output="o.jsonl", total=10, skipped=2, succeeded=5, failed=1, rate_limited=3,
                           tokens_used=1234, elapsed=2.5, stopped="insufficient_quota: no")
    assert summary.remaining == 2 and not summary.complete and summary.written == 6
    assert str(summary) == ("bulk job (live) -> o.jsonl: 10 requests: 5 succeeded, 1 failed, 2 already done, "
                            "2 remaining; 3 answered 429; 1,234 tokens used; 2.5 s; stopped: insufficient_quota: no")
