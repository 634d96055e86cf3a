"""The vector store upload helpers against a MockTransport: ``files.upload``/``upload_and_poll`` (upload
with purpose ``assistants``, attach, poll) and ``file_batches.upload_and_poll`` (a bounded thread pool:
the bound is measured with uploads that block until enough of them run at once, against a deadline;
a failed upload names its file, starts no more uploads and creates no batch)."""

from __future__ import annotations

import pickle
import re
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional, Set, Tuple

import msgspec
import pytest

from openai_compat import BadRequestError, Request, Response, RetryPolicy, Session
from openai_compat.resources import vector_store_file_batches, vector_store_files
from openai_compat.resources.vector_store_file_batches import FileBatchUploadError
from openai_compat.testing import MockTransport, error_response, json_response, request_json

BASE = "https://api.openai.com/v1"
DEADLINE = 10.0  # seconds an upload waits for the others before the test gives up


def uploaded_name(request: Request) -> str:
    assert isinstance(request.body, bytes)
    found = re.search(rb'name="file"; filename="([^"]+)"', request.body)
    assert found is not None, request.body[:200]
    return found.group(1).decode()


def file_object(name: str) -> Dict[str, Any]:
    return {"id": f"file-{name}", "object": "file", "bytes": 5, "created_at": 1700000000, "filename": name,
            "purpose": "assistants"}


def store_file(file_id: str, status: str) -> Dict[str, Any]:
    return {"id": file_id, "object": "vector_store.file", "usage_bytes": 5, "created_at": 1700000000,
            "vector_store_id": "vs_1", "status": status, "last_error": None}


def batch(status: str) -> Dict[str, Any]:
    counts = {"in_progress": 0, "completed": 3, "failed": 0, "cancelled": 0, "total": 3}
    return {"id": "vsfb_1", "object": "vector_store.files_batch", "created_at": 1700000000, "vector_store_id": "vs_1",
            "status": status, "file_counts": counts}


class Router:
    """Answers by method and path; ``upload`` answers ``POST /files``."""

    def __init__(self, upload: Callable[[Request], Response]) -> None:
        self.upload = upload
        self.batch_statuses = ["in_progress", "completed"]

    def __call__(self, request: Request) -> Response:
        path = request.url.split("/v1/", 1)[1]
        if (request.method, path) == ("POST", "files"):
            return self.upload(request)
        if (request.method, path) == ("POST", "vector_stores/vs_1/file_batches"):
            return json_response(batch(self.batch_statuses.pop(0)))
        if (request.method, path) == ("GET", "vector_stores/vs_1/file_batches/vsfb_1"):
            return json_response(batch(self.batch_statuses.pop(0)))
        raise AssertionError(f"unexpected {request.method} {request.url}")


def session_with(handler: Callable[[Request], Response]) -> Tuple[Session, MockTransport]:
    transport = MockTransport(handler)
    policy = RetryPolicy(sleep=lambda seconds: None)
    session = Session(api_key="sk-test", base_url=BASE, transport=transport, retry_policy=policy, max_retries=0)
    return session, transport


def uploads_of(transport: MockTransport) -> List[str]:
    return [uploaded_name(r) for r in transport.requests if r.url.endswith("/v1/files")]


def test_file_upload_sends_purpose_assistants_then_attaches_and_polls() -> None:
    answers = iter([json_response(file_object("notes.txt")), json_response(store_file("file-notes.txt", "in_progress")),
                    json_response(store_file("file-notes.txt", "completed"))])
    session, transport = session_with(lambda request: next(answers))
    progress: List[Tuple[int, Optional[int]]] = []
    done = vector_store_files.upload_and_poll(
        session, vector_store_id="vs_1", file=("notes.txt", b"hello"), attributes={"lang": "en"},
        on_progress=lambda sent, total: progress.append((sent, total)),
    )
    upload, attach, get = transport.requests
    assert (upload.method, upload.url) == ("POST", f"{BASE}/files")
    assert upload.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert isinstance(upload.body, bytes) and b'name="purpose"\r\n\r\nassistants\r\n' in upload.body
    assert uploaded_name(upload) == "notes.txt" and b"\r\n\r\nhello\r\n" in upload.body
    assert progress and progress[-1][0] == progress[-1][1] == len(upload.body)
    assert (attach.method, attach.url) == ("POST", f"{BASE}/vector_stores/vs_1/files")
    assert request_json(attach) == {"file_id": "file-notes.txt", "attributes": {"lang": "en"}}
    assert attach.headers["OpenAI-Beta"] == "assistants=v2"
    assert get.url == f"{BASE}/vector_stores/vs_1/files/file-notes.txt"
    assert get.headers["X-Stainless-Poll-Helper"] == "true"
    assert done.status == "completed"


def test_file_upload_refuses_a_str_before_sending() -> None:
    session, transport = session_with(lambda request: json_response({}))
    with pytest.raises(TypeError, match="str"):
        vector_store_files.upload(session, vector_store_id="vs_1", file="notes.txt")  # type: ignore[arg-type]
    assert transport.requests == []


class GatedBody:
    """A response body that, when read, counts the reads under way and holds each until ``gate``
    is open; the gate opens once ``width`` of them run at the same time."""

    def __init__(self, state: Dict[str, Any], payload: bytes) -> None:
        self.state, self.payload = state, payload

    def __iter__(self) -> Iterator[bytes]:
        state = self.state
        with state["lock"]:
            state["active"] += 1
            state["peak"] = max(state["peak"], state["active"])
            state["threads"].add(threading.current_thread().name)
            if state["active"] >= state["width"]:
                state["gate"].set()
        state["gate"].wait(DEADLINE)
        with state["lock"]:
            state["active"] -= 1
        yield self.payload

    def close(self) -> None:
        pass


def test_batch_upload_runs_at_most_max_concurrency_uploads_at_once() -> None:
    state: Dict[str, Any] = {"lock": threading.Lock(), "active": 0, "peak": 0, "width": 3, "gate": threading.Event(),
                             "threads": set()}

    def upload(request: Request) -> Response:
        body = msgspec.json.encode(file_object(uploaded_name(request)))
        return Response(200, {"content-type": "application/json"}, stream=GatedBody(state, body))

    router = Router(upload)
    session, transport = session_with(router)
    files = [(f"f{index}.txt", f"text {index}".encode()) for index in range(7)]
    result = vector_store_file_batches.upload_and_poll(
        session, "vs_1", files=files, max_concurrency=3, file_ids=["file-old"], chunking_strategy={"type": "auto"},
    )
    assert state["gate"].is_set(), "three uploads never ran at the same time"
    assert state["peak"] == 3
    threads: Set[str] = state["threads"]
    assert len(threads) == 3 and all(name.startswith("vector-store-upload") for name in threads)
    assert sorted(uploads_of(transport)) == [name for name, _ in files]
    create = next(r for r in transport.requests if r.url.endswith("/file_batches"))
    # The batch lists the given ids, then the uploads in the order of ``files``, whatever order they finished in.
    assert request_json(create) == {"file_ids": ["file-old", *(f"file-f{index}.txt" for index in range(7))],
                                    "chunking_strategy": {"type": "auto"}}
    assert result.status == "completed" and transport.requests[-1].headers["X-Stainless-Poll-Helper"] == "true"


def test_batch_upload_failure_names_the_file_and_starts_no_more_uploads() -> None:
    def upload(request: Request) -> Response:
        name = uploaded_name(request)
        if name == "f1.txt":
            return error_response(400, "unsupported file", code="invalid_file")
        return json_response(file_object(name))

    session, transport = session_with(Router(upload))
    files = [(f"f{index}.txt", b"x") for index in range(5)]
    with pytest.raises(FileBatchUploadError) as raised:
        vector_store_file_batches.upload_and_poll(session, "vs_1", files=files, max_concurrency=1)
    error = raised.value
    assert (error.index, error.filename, error.not_started) == (1, "f1.txt", 3)
    assert [file.id for file in error.uploaded] == ["file-f0.txt"]
    assert isinstance(error.__cause__, BadRequestError)
    assert "files[1] ('f1.txt')" in str(error) and "file-f0.txt" in str(error) and "sk-test" not in str(error)
    assert uploads_of(transport) == ["f0.txt", "f1.txt"]  # f2..f4 never started, no batch created
    assert len(transport.requests) == 2
    copy = pickle.loads(pickle.dumps(error))  # errors travel between processes (Celery, multiprocessing)
    assert (str(copy), copy.filename, copy.not_started) == (str(error), "f1.txt", 3)
    assert [file.id for file in copy.uploaded] == ["file-f0.txt"]


def test_batch_upload_reports_every_failure_among_uploads_in_flight() -> None:
    session, transport = session_with(Router(lambda request: error_response(500, "down")))
    files = [(f"f{index}.txt", b"x") for index in range(4)]
    with pytest.raises(FileBatchUploadError, match=r"files\[0\] \('f0.txt'\).*1 more upload\(s\) failed") as raised:
        vector_store_file_batches.upload_and_poll(session, "vs_1", files=files, max_concurrency=2)
    assert [index for index, _, _ in raised.value.failures] == [0, 1]
    assert raised.value.not_started == 2 and raised.value.uploaded == []
    assert sorted(uploads_of(transport)) == ["f0.txt", "f1.txt"]


def test_batch_upload_checks_its_arguments_before_uploading() -> None:
    session, transport = session_with(Router(lambda request: json_response(file_object(uploaded_name(request)))))
    with pytest.raises(TypeError, match="files\\[1\\]"):
        vector_store_file_batches.upload_and_poll(session, "vs_1", files=[b"ok", "not-a-path.txt"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="list of files"):
        vector_store_file_batches.upload_and_poll(session, "vs_1", files=("a.txt", b"x"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_concurrency"):
        vector_store_file_batches.upload_and_poll(session, "vs_1", files=[b"x"], max_concurrency=0)
    with pytest.raises(ValueError, match="files or file_ids"):
        vector_store_file_batches.upload_and_poll(session, "vs_1", files=[])
    assert transport.requests == []
    done = vector_store_file_batches.upload_and_poll(session, "vs_1", files=[], file_ids=["file-a"])
    assert done.status == "completed"
    assert request_json(transport.requests[0]) == {"file_ids": ["file-a"]}
