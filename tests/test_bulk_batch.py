"""``bulk.run(via="batch")``: input files split at the Batch API's limits, uploaded and started, waited
for, merged into the same output format; resumed without starting a batch twice. Against a scripted
Batch API on ``MockTransport``, and the request shapes against the Steady mock of the spec."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from _bulk_fakes import chat_request, ids_of
from mock_api import MockAPICheck

from openai_compat import Client, Request, Response, bulk
from openai_compat._internals import bulk_run_batch as run_batch
from openai_compat.batch_jsonl import read_batch_results
from openai_compat.bulk import _batch
from openai_compat.testing import chat_completion, json_response


class FakeBatchAPI:
    """Files and batches in memory: a batch completes on its second poll, running every request,
    except those whose text is in ``expire`` (left as ``batch_expired`` error lines)."""

    def __init__(self, *, expire: Optional[List[str]] = None, fail_batches: bool = False) -> None:
        self.files: Dict[str, List[Dict[str, Any]]] = {}
        self.batches: Dict[str, Dict[str, Any]] = {}
        self.expire = expire or []
        self.fail_batches = fail_batches
        self.inputs: List[List[Dict[str, Any]]] = []  # the lines of each upload

    def __call__(self, request: Request) -> Response:
        url, method = request.url, request.method
        if method == "POST" and url.endswith("/files"):
            assert isinstance(request.body, bytes) and b'name="purpose"\r\n\r\nbatch' in request.body
            lines = [json.loads(line) for line in request.body.split(b"\n") if line.startswith(b'{"custom_id"')]
            self.inputs.append(lines)
            file_id = f"file-{len(self.inputs) - 1}"
            self.files[file_id] = lines
            return json_response({"id": file_id, "object": "file", "bytes": len(request.body), "created_at": 1,
                                  "filename": "input.jsonl", "purpose": "batch"})
        if method == "POST" and url.endswith("/batches"):
            body = json.loads(request.body)  # type: ignore[arg-type]
            assert body["completion_window"] == "24h" and body["metadata"] == {"openai_compat_bulk": "out.jsonl"}
            batch_id = f"batch_{len(self.batches)}"
            self.batches[batch_id] = {"input": body["input_file_id"], "endpoint": body["endpoint"], "polls": 0}
            return json_response(self.batch(batch_id))
        found = re.search(r"/batches/(\w+)$", url)
        if found:
            self.batches[found.group(1)]["polls"] += 1
            return json_response(self.batch(found.group(1)))
        found = re.search(r"/files/([\w-]+)/content$", url)
        assert found, url
        content = b"".join(json.dumps(line).encode() + b"\n" for line in self.files[found.group(1)])
        return Response(200, {"content-type": "application/octet-stream"}, content=content)

    def batch(self, batch_id: str) -> Dict[str, Any]:
        record = self.batches[batch_id]
        lines = self.files[record["input"]]
        done = record["polls"] >= 2
        batch: Dict[str, Any] = {
            "id": batch_id, "object": "batch", "endpoint": record["endpoint"], "input_file_id": record["input"],
            "completion_window": "24h", "created_at": 1, "status": "in_progress",
            "request_counts": {"total": len(lines), "completed": len(lines) if done else 0, "failed": 0},
        }
        if done and self.fail_batches:
            batch.update(status="failed", errors={"object": "list", "data": [
                {"code": "invalid_request", "message": "bad model", "line": 1}]})
        elif done:
            ran = [line for line in lines if line["body"].get("messages", [{}])[0].get("content") not in self.expire]
            expired = [line for line in lines if line not in ran]
            self.files[f"out-{batch_id}"] = [
                {"id": "batch_req_1", "custom_id": line["custom_id"], "error": None, "response": {
                    "status_code": 200, "request_id": "req_1", "body": chat_completion("ok " + line["custom_id"])}}
                for line in ran]
            batch.update(status="expired" if expired else "completed", output_file_id=f"out-{batch_id}")
            if expired:
                self.files[f"err-{batch_id}"] = [
                    {"id": "batch_req_2", "custom_id": line["custom_id"], "response": None,
                     "error": {"code": "batch_expired", "message": "This request could not be executed before the "
                                                                   "completion window expired."}} for line in expired]
                batch["error_file_id"] = f"err-{batch_id}"
        return batch


def client_for(api: FakeBatchAPI) -> Client:
    from openai_compat.testing import MockTransport

    return Client(api_key="sk-test", base_url="http://bulk.test/v1", transport=MockTransport(api))


def embedding_request(custom_id: str) -> Dict[str, Any]:
    return {"custom_id": custom_id, "method": "POST", "url": "/v1/embeddings",
            "body": {"model": "text-embedding-3-small", "input": custom_id}}


def test_files_are_split_by_endpoint_and_size_and_merged_into_one_output(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_batch, "MAX_FILE_REQUESTS", 3)
    api = FakeBatchAPI()
    requests = [chat_request(f"c{n}") for n in range(7)] + [embedding_request(f"e{n}") for n in range(2)]
    summary = run_batch(client_for(api), requests, output=str(tmp_path / "out.jsonl"), progress=False,
                        poll_interval=0.0)
    assert summary.complete and summary.succeeded == 9 and summary.via == "batch"
    assert summary.batch_ids == ["batch_0", "batch_1", "batch_2", "batch_3"]
    assert sorted(len(lines) for lines in api.inputs) == [1, 2, 3, 3]
    results = read_batch_results(tmp_path / "out.jsonl")
    assert results["c6"].body.choices[0].message.content == "ok c6" and len(results) == 9
    assert not (tmp_path / "out.jsonl.batches").exists()  # the state folder goes once all is merged


def test_a_file_is_also_cut_at_the_byte_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line_size = len(json.dumps(chat_request("c0"), separators=(",", ":"))) + 1
    monkeypatch.setattr(_batch, "MAX_FILE_BYTES", 2 * line_size + 5)
    api = FakeBatchAPI()
    run_batch(client_for(api), [chat_request(f"c{n}") for n in range(5)], output=str(tmp_path / "out.jsonl"),
              progress=False, poll_interval=0.0)
    assert [len(lines) for lines in api.inputs] == [2, 2, 1]


def test_an_interrupted_wait_resumes_the_same_batches(tmp_path: Path) -> None:
    api = FakeBatchAPI()
    output = str(tmp_path / "out.jsonl")

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(client_for(api), [chat_request(f"c{n}") for n in range(4)], output=output, progress=False,
                  sleep=interrupt)
    state = json.loads((tmp_path / "out.jsonl.batches" / "state.json").read_text())
    assert [batch["id"] for batch in state["batches"]] == ["batch_0"]
    summary = run_batch(client_for(api), [chat_request(f"c{n}") for n in range(4)], output=output,
                        progress=False, poll_interval=0.0)
    assert len(api.inputs) == 1 and len(api.batches) == 1  # nothing started twice
    assert summary.complete and summary.succeeded == 4 and summary.batch_ids == ["batch_0"]
    assert sorted(ids_of(tmp_path / "out.jsonl")) == ["c0", "c1", "c2", "c3"]


def test_requests_a_batch_did_not_run_are_sent_again_next_time(tmp_path: Path) -> None:
    api = FakeBatchAPI(expire=["c1", "c3"])
    output = str(tmp_path / "out.jsonl")
    requests = [chat_request(f"c{n}") for n in range(4)]
    summary = run_batch(client_for(api), requests, output=output, progress=False, poll_interval=0.0)
    assert summary.succeeded == 2 and summary.remaining == 2 and not summary.complete
    assert summary.stopped == "2 request(s) were not run by their batch (expired or cancelled)"
    assert sorted(ids_of(tmp_path / "out.jsonl")) == ["c0", "c2"]
    api.expire = []
    assert run_batch(client_for(api), requests, output=output, progress=False, poll_interval=0.0).complete
    assert [line["custom_id"] for line in api.inputs[1]] == ["c1", "c3"]  # only what did not run
    assert sorted(ids_of(tmp_path / "out.jsonl")) == ["c0", "c1", "c2", "c3"]


def test_a_failed_batch_says_why(tmp_path: Path) -> None:
    summary = run_batch(client_for(FakeBatchAPI(fail_batches=True)), [chat_request("c0")],
                        output=str(tmp_path / "out.jsonl"), progress=False, poll_interval=0.0)
    assert summary.stopped == "batch batch_0 failed: invalid_request: bad model"
    assert summary.remaining == 1


def test_run_via_batch_uses_the_batch_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_batch, "POLL_INTERVAL", 0.0)
    summary = bulk.run(client_for(FakeBatchAPI()), [chat_request("c0")], output=tmp_path / "out.jsonl",
                       via="batch", progress=False)
    assert summary.via == "batch" and summary.complete


@pytest.mark.mock_api
def test_the_batch_path_sends_what_the_spec_allows(mock_api: MockAPICheck, tmp_path: Path) -> None:
    """Upload, create, retrieve and download, each request validated by the Steady mock of the spec.

    The mock answers every retrieve with the same generated batch, which never ends: the wait is
    interrupted after its first poll, and the download is driven by hand for a batch marked done."""
    client = Client._from_session(mock_api.session())
    output = tmp_path / "out.jsonl"
    polls = []

    def interrupt(seconds: float) -> None:
        polls.append(seconds)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(client, [chat_request("c0"), embedding_request("e0")], output=str(output), progress=False,
                  sleep=interrupt)
    state = _batch._State(tmp_path / "out.jsonl.batches")
    assert len(state.batches) == 2 and polls == [_batch.POLL_INTERVAL]
    assert {batch["endpoint"] for batch in state.batches} == {"/v1/chat/completions", "/v1/embeddings"}
    batch = client.batches.retrieve(state.batches[0]["id"])
    batch.status, batch.output_file_id, batch.error_file_id = "completed", "file-abc123", None
    summary = bulk.Summary(output=str(output))
    with _batch.ResultLog(str(output)) as log:
        job = _batch.BatchJob(client, log, log.open(), state, summary, poll_interval=0.0, sleep=interrupt)
        job.merge(state.batches[0], batch)
    assert (tmp_path / "out.jsonl.batches" / f"{state.batches[0]['id']}-output.jsonl").exists()
    assert state.open_batches() == [state.batches[1]]
    mock_api.assert_valid()
