"""``client.files``: the exact requests of every endpoint and the decoded answers, and the
``wait_for_processing`` poller on an injected clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

import pytest

from openai_compat import BinaryResponse, Client, FileUpload, RetryPolicy
from openai_compat.testing import MockTransport, json_response
from openai_compat.types.files import FileDeleted, FileObject, FilePurpose, expires_after

FILE = {
    "id": "file-abc",
    "object": "file",
    "bytes": 12,
    "created_at": 1700000000,
    "expires_at": None,
    "filename": "train.jsonl",
    "purpose": "fine-tune",
    "status": "uploaded",
    "status_details": None,
}


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: List[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _client(transport: MockTransport, clock: Any = None) -> Client:
    policy = RetryPolicy(clock=clock.clock, sleep=clock.sleep) if clock else RetryPolicy(sleep=lambda s: None)
    return Client(api_key="sk-test", base_url="http://api.test/v1", transport=transport, retry_policy=policy)


def test_create_uploads_multipart_with_expires_after(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b'{"prompt": 1}\n')
    transport = MockTransport(responses=[json_response(FILE, headers={"x-request-id": "req_9"})])
    progress: List[int] = []
    created = _client(transport).files.create(
        file=path, purpose=FilePurpose.FINE_TUNE, expires_after=expires_after(3600),
        on_progress=lambda done, total: progress.append(done),
    )
    assert isinstance(created, FileObject) and created.id == "file-abc" and created.bytes == 12
    assert created._request_id == "req_9"  # type: ignore[attr-defined]
    request = transport.last_request
    assert (request.method, request.url) == ("POST", "http://api.test/v1/files")
    boundary = request.headers["Content-Type"].split("boundary=")[1]
    dash = f"--{boundary}\r\nContent-Disposition: form-data; "
    assert request.body == (
        f'{dash}name="purpose"\r\n\r\nfine-tune\r\n'
        f'{dash}name="expires_after[anchor]"\r\n\r\ncreated_at\r\n'
        f'{dash}name="expires_after[seconds]"\r\n\r\n3600\r\n'
        f'{dash}name="file"; filename="train.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n'
        f'{{"prompt": 1}}\n\r\n--{boundary}--\r\n'
    ).encode()
    assert progress[-1] == len(request.body or b"")


def test_create_refuses_a_str_path() -> None:
    transport = MockTransport()
    with pytest.raises(TypeError, match=r"FileUpload\.from_path"):
        _client(transport).files.create(file="train.jsonl", purpose="batch")  # type: ignore[arg-type]
    assert transport.requests == []


def test_list_sends_filters_and_walks_pages() -> None:
    first = {"object": "list", "data": [FILE, {**FILE, "id": "file-b"}], "has_more": True}
    last = {"object": "list", "data": [{**FILE, "id": "file-c"}], "has_more": False}
    transport = MockTransport(responses=[json_response(first), json_response(last)])
    page = _client(transport).files.list(purpose="fine-tune", limit=2, order="asc", after="file-0")
    assert [f.id for f in page.data] == ["file-abc", "file-b"] and page.has_next_page()
    assert [f.id for f in page] == ["file-abc", "file-b", "file-c"]
    assert [r.url for r in transport.requests] == [
        "http://api.test/v1/files?after=file-0&limit=2&order=asc&purpose=fine-tune",
        "http://api.test/v1/files?after=file-b&limit=2&order=asc&purpose=fine-tune",
    ]
    transport = MockTransport(responses=[json_response({"object": "list", "data": []})])
    assert list(_client(transport).files.list()) == [] and transport.last_request.url == "http://api.test/v1/files"


def test_retrieve_and_delete_escape_the_id() -> None:
    transport = MockTransport(responses=[json_response(FILE), json_response({"id": "a/b", "deleted": True})])
    client = _client(transport)
    assert client.files.retrieve("file-abc").filename == "train.jsonl"
    deleted = client.files.delete("a/b")
    assert isinstance(deleted, FileDeleted) and deleted.deleted
    assert [(r.method, r.url) for r in transport.requests] == [
        ("GET", "http://api.test/v1/files/file-abc"),
        ("DELETE", "http://api.test/v1/files/a%2Fb"),
    ]
    with pytest.raises(ValueError, match="non-empty value for `file_id`"):
        client.files.retrieve("")


def test_content_is_a_streamed_binary_response(tmp_path: Path) -> None:
    transport = MockTransport(responses=[json_response({"custom_id": "x"})])
    with _client(transport).files.content("file-abc") as content:
        assert isinstance(content, BinaryResponse)
        assert content.write_to_file(tmp_path / "out.jsonl") == len(b'{"custom_id":"x"}')
    request = transport.last_request
    assert (request.method, request.url) == ("GET", "http://api.test/v1/files/file-abc/content")
    assert request.headers["Accept"] == "application/binary" and request.body is None
    assert (tmp_path / "out.jsonl").read_bytes() == b'{"custom_id":"x"}'


def test_retrieve_content_is_deprecated_text() -> None:
    transport = MockTransport(responses=[json_response({"a": 1})])
    with pytest.warns(DeprecationWarning, match=r"\.content\(\)"):
        assert _client(transport).files.retrieve_content("file-abc") == '{"a":1}'


def test_wait_for_processing_polls_until_terminal() -> None:
    clock = FakeClock()
    statuses = ["uploaded", "uploaded", "processed"]
    transport = MockTransport(responses=[json_response({**FILE, "status": s}) for s in statuses])
    done = _client(transport, clock).files.wait_for_processing("file-abc", poll_interval=2.5)
    assert done.status == "processed" and clock.sleeps == [2.5, 2.5]
    assert all(r.url == "http://api.test/v1/files/file-abc" for r in transport.requests)
    for status in ("error", "deleted"):
        transport = MockTransport(responses=[json_response({**FILE, "status": status})])
        assert _client(transport, clock).files.wait_for_processing("file-abc").status == status


def test_wait_for_processing_gives_up_at_the_deadline() -> None:
    clock = FakeClock()
    transport = MockTransport(lambda request: json_response(FILE))
    with pytest.raises(TimeoutError, match=r"still 'uploaded'.*max_wait_seconds=12"):
        _client(transport, clock).files.wait_for_processing("file-abc", max_wait_seconds=12)
    # Never sleeps past the deadline: the last get is at the deadline itself.
    assert clock.sleeps == [5.0, 5.0, 2.0] and len(transport.requests) == 4
    with pytest.raises(ValueError):
        _client(transport, clock).files.wait_for_processing("file-abc", poll_interval=-1)


def test_file_upload_is_exported_and_lazy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, openai_compat; "
        "print([m for m in ('mimetypes', 'openai_compat._uploads.multipart', 'openai_compat._uploads.files', "
        "'hashlib') "
        "if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"
    assert FileUpload(b"x").size == 1
