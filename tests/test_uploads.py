"""``client.uploads``: the endpoints' exact requests, and ``upload_file_chunked``: parts streamed in
order, the md5 of the whole file, progress across parts, and resume (from the error's state and
from a sidecar file) without re-sending finished parts."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

import msgspec
import pytest

from openai_compat import (
    ChunkedUploadState,
    Client,
    InternalServerError,
    Request,
    Response,
    RetryPolicy,
    UploadInterruptedError,
)
from openai_compat.testing import MockTransport, error_response, json_response, request_json
from openai_compat.types.uploads import Upload, UploadPart


def _upload_json(status: str = "pending", **extra: Any) -> Dict[str, Any]:
    return {"id": "upload_1", "object": "upload", "bytes": 10, "created_at": 1, "expires_at": 3601,
            "filename": "data.bin", "purpose": "batch", "status": status, **extra}


def _part_data(request: Request) -> bytes:
    """The bytes of the single ``data`` part of a multipart request."""
    boundary = request.headers["Content-Type"].split("boundary=")[1]
    assert isinstance(request.body, bytes)
    headers, _, rest = request.body.partition(b"\r\n\r\n")
    assert b'name="data"' in headers
    closing = f"\r\n--{boundary}--\r\n".encode()
    assert rest.endswith(closing)
    return rest[: -len(closing)]


class FakeUploadsAPI:
    """Answers /uploads calls; ``failures[n]`` scripted 500s for the n-th part (1-based) or 0 for complete."""

    def __init__(self, failures: Optional[Dict[int, int]] = None) -> None:
        self.failures = dict(failures or {})
        self.parts: List[bytes] = []
        self.calls: List[str] = []
        self.completed: Optional[Dict[str, Any]] = None
        self.created: List[Dict[str, Any]] = []
        self.on_part: Any = None

    def __call__(self, request: Request) -> Response:
        path = urlsplit(request.url).path.removeprefix("/v1/")
        self.calls.append(path)
        if path == "uploads":
            self.created.append(request_json(request))
            return json_response(_upload_json())
        if path.endswith("/parts"):
            number = len(self.parts) + 1
            if self.failures.get(number, 0) > 0:
                self.failures[number] -= 1
                return error_response(500, "part failed")
            self.parts.append(_part_data(request))
            if self.on_part is not None:
                self.on_part(number)
            return json_response({"id": f"part_{number}", "object": "upload.part", "created_at": 2,
                                  "upload_id": "upload_1"})
        if path.endswith("/complete"):
            if self.failures.get(0, 0) > 0:
                self.failures[0] -= 1
                return error_response(500, "complete failed")
            self.completed = request_json(request)
            return json_response(_upload_json("completed", file={"id": "file-9", "object": "file", "bytes": 10}))
        raise AssertionError(path)


def _client(handler: Any, retries: int = 1) -> Client:
    return Client(api_key="sk-test", base_url="http://api.test/v1", transport=MockTransport(handler),
                  retry_policy=RetryPolicy(sleep=lambda s: None), max_retries=retries)


def _file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    return path


def test_endpoints_send_the_spec_shapes() -> None:
    transport = MockTransport(responses=[
        json_response(_upload_json()),
        json_response({"id": "part_1", "object": "upload.part", "created_at": 2, "upload_id": "upload_1"}),
        json_response(_upload_json("completed")),
        json_response(_upload_json("cancelled")),
    ])
    client = Client(api_key="sk-test", base_url="http://api.test/v1", transport=transport)
    upload = client.uploads.create(bytes=10, filename="data.jsonl", mime_type="text/jsonl", purpose="batch")
    part = client.uploads.parts.create("upload_1", data=b"0123456789")
    done = client.uploads.complete("upload_1", part_ids=["part_1"], md5="abc")
    cancelled = client.uploads.cancel("upload_1")
    assert isinstance(upload, Upload) and isinstance(part, UploadPart) and part.upload_id == "upload_1"
    assert (done.status, cancelled.status) == ("completed", "cancelled")
    create, add, complete, cancel = transport.requests
    assert request_json(create) == {
        "bytes": 10, "filename": "data.jsonl", "mime_type": "text/jsonl", "purpose": "batch"
    }
    assert add.url == "http://api.test/v1/uploads/upload_1/parts" and _part_data(add) == b"0123456789"
    assert b'filename="upload"' in (add.body or b"")
    assert request_json(complete) == {"part_ids": ["part_1"], "md5": "abc"}
    assert (cancel.method, cancel.url, cancel.body) == ("POST", "http://api.test/v1/uploads/upload_1/cancel", None)
    with pytest.raises(TypeError, match="list of part ids"):
        client.uploads.complete("upload_1", part_ids="part_1")


def test_chunked_upload_splits_hashes_and_reports_progress(tmp_path: Path) -> None:
    data = os.urandom(10)
    api = FakeUploadsAPI()
    progress: List[Tuple[int, Optional[int]]] = []
    done = _client(api).uploads.upload_file_chunked(
        file=_file(tmp_path, data), mime_type="application/octet-stream", purpose="batch", part_size=4,
        on_progress=lambda d, t: progress.append((d, t)),
    )
    assert done.status == "completed" and done.file is not None and done.file.id == "file-9"
    assert api.parts == [data[:4], data[4:8], data[8:]]
    assert api.calls == ["uploads", *["uploads/upload_1/parts"] * 3, "uploads/upload_1/complete"]
    assert api.completed == {"part_ids": ["part_1", "part_2", "part_3"], "md5": hashlib.md5(data).hexdigest()}
    assert progress == [(0, 10), (4, 10), (8, 10), (10, 10)]


def test_a_retried_part_is_hashed_once(tmp_path: Path) -> None:
    data = os.urandom(3000)
    api = FakeUploadsAPI(failures={2: 1})  # the second part fails once, then succeeds on the retry
    progress: List[int] = []
    _client(api).uploads.upload_file_chunked(
        file=_file(tmp_path, data), mime_type="text/plain", purpose="batch", part_size=1000,
        on_progress=lambda d, t: progress.append(d),
    )
    assert b"".join(api.parts) == data
    assert api.completed is not None and api.completed["md5"] == hashlib.md5(data).hexdigest()
    assert progress == [0, 1000, 2000, 2000, 3000]  # the retried part counted again from its start


def test_create_body_from_bytes_and_checks(tmp_path: Path) -> None:
    api = FakeUploadsAPI()
    client = _client(api)
    with pytest.raises(TypeError, match="`filename` argument must be given"):
        client.uploads.upload_file_chunked(file=b"abc", mime_type="text/plain", purpose="batch")
    with pytest.raises(ValueError, match="does not match the file's size"):
        client.uploads.upload_file_chunked(file=b"abc", filename="a.txt", bytes=4, mime_type="t", purpose="batch")
    assert api.calls == []
    client.uploads.upload_file_chunked(file=b"abc", filename="a.txt", bytes=3, mime_type="text/plain",
                                       purpose="batch", md5=None)
    assert api.completed == {"part_ids": ["part_1"]} and api.parts == [b"abc"]
    client.uploads.upload_file_chunked(file=str(_file(tmp_path, b"xy")), mime_type="t", purpose="batch", md5="given")
    assert api.completed == {"part_ids": ["part_2"], "md5": "given"} and api.parts[-1] == b"xy"
    assert api.created == [
        {"bytes": 3, "filename": "a.txt", "mime_type": "text/plain", "purpose": "batch"},
        {"bytes": 2, "filename": "data.bin", "mime_type": "t", "purpose": "batch"},
    ]


def test_interrupted_upload_resumes_from_the_error_state(tmp_path: Path) -> None:
    data = os.urandom(2500)
    path = _file(tmp_path, data)
    api = FakeUploadsAPI(failures={2: 2})  # part 2 fails on both attempts (max_retries=1)
    client = _client(api)
    with pytest.raises(UploadInterruptedError, match="part 2 failed after 1 part") as caught:
        client.uploads.upload_file_chunked(file=path, mime_type="t", purpose="batch", part_size=1000)
    state = caught.value.state
    assert isinstance(caught.value.__cause__, InternalServerError)
    assert (state.upload_id, state.file_size, state.part_size, state.part_ids) == ("upload_1", 2500, 1000, ["part_1"])
    saved = ChunkedUploadState.from_json(msgspec.json.encode(state))  # JSON-serialisable, as a caller keeps it
    assert saved == state and state.bytes_sent == 1000

    api.calls.clear()
    progress: List[int] = []
    done = client.uploads.upload_file_chunked(
        file=path, mime_type="t", purpose="batch", resume=saved, on_progress=lambda d, t: progress.append(d)
    )
    assert done.status == "completed"
    assert api.calls == ["uploads/upload_1/parts"] * 2 + ["uploads/upload_1/complete"]  # no new upload, no part 1 again
    assert b"".join(api.parts) == data
    assert api.completed == {"part_ids": ["part_1", "part_2", "part_3"], "md5": hashlib.md5(data).hexdigest()}
    assert progress == [1000, 2000, 2500]
    assert saved.part_ids == ["part_1"]  # the caller's state is not changed under them


def test_failed_completion_resumes_with_only_the_completion(tmp_path: Path) -> None:
    data = b"0123456789"
    api = FakeUploadsAPI(failures={0: 2})
    client = _client(api)
    with pytest.raises(UploadInterruptedError, match="completing the upload failed") as caught:
        client.uploads.upload_file_chunked(file=_file(tmp_path, data), mime_type="t", purpose="batch", part_size=5)
    api.calls.clear()
    client.uploads.upload_file_chunked(file=tmp_path / "data.bin", mime_type="t", purpose="batch",
                                       resume=caught.value.state)
    assert api.calls == ["uploads/upload_1/complete"]
    assert api.completed == {"part_ids": ["part_1", "part_2"], "md5": hashlib.md5(data).hexdigest()}


def test_resume_refuses_a_different_file_or_part_size(tmp_path: Path) -> None:
    state = ChunkedUploadState(upload_id="upload_1", file_size=10, part_size=4, part_ids=["part_1"])
    client = _client(FakeUploadsAPI())
    with pytest.raises(ValueError, match="started for 10 bytes, the file now has 11"):
        client.uploads.upload_file_chunked(file=_file(tmp_path, b"x" * 11), mime_type="t", purpose="b", resume=state)
    with pytest.raises(ValueError, match="part_size=5: it was started with part_size=4"):
        client.uploads.upload_file_chunked(file=_file(tmp_path, b"x" * 10), mime_type="t", purpose="b",
                                           resume=state, part_size=5)
    too_many = ChunkedUploadState(upload_id="u", file_size=10, part_size=4, part_ids=["a", "b", "c", "d"])
    with pytest.raises(ValueError, match="more parts than the file has"):
        client.uploads.upload_file_chunked(file=tmp_path / "data.bin", mime_type="t", purpose="b", resume=too_many)


def test_resume_refuses_a_file_whose_sent_bytes_changed(tmp_path: Path) -> None:
    # Same size, other bytes in the part already sent: carrying on would complete a file that is
    # half the old one (silently with md5=None), so the resume is refused before any part goes out.
    data = os.urandom(2500)
    path = _file(tmp_path, data)
    api = FakeUploadsAPI(failures={2: 2})
    client = _client(api)
    with pytest.raises(UploadInterruptedError) as caught:
        client.uploads.upload_file_chunked(file=path, mime_type="t", purpose="batch", part_size=1000, md5=None)
    state = ChunkedUploadState.from_json(caught.value.state.to_json())
    assert state.sent_md5 == hashlib.md5(data[:1000]).hexdigest()
    path.write_bytes(bytes([data[0] ^ 0xFF]) + data[1:])  # always another first byte (b"x" was data[0] 1 in 256)
    api.calls.clear()
    with pytest.raises(ValueError, match="changed since"):
        client.uploads.upload_file_chunked(file=path, mime_type="t", purpose="batch", md5=None, resume=state)
    assert api.calls == []
    path.write_bytes(data[:1500] + b"y" * 1000)  # only bytes not yet sent changed: that resumes
    client.uploads.upload_file_chunked(file=path, mime_type="t", purpose="batch", md5=None, resume=state)
    assert b"".join(api.parts) == data[:1500] + b"y" * 1000


class _Cancelled(Exception):
    pass


def test_a_progress_callback_that_raises_interrupts_once_with_a_state_to_resume(tmp_path: Path) -> None:
    # Raising from on_progress cancels: part 2 is not retried, and the error still carries the
    # state, so the upload can be resumed later.
    data = os.urandom(2500)
    path = _file(tmp_path, data)
    api = FakeUploadsAPI()

    def cancel_in_part_two(done: int, total: Optional[int]) -> None:
        if done > 1000:
            raise _Cancelled("stop")

    client = _client(api, retries=2)
    with pytest.raises(UploadInterruptedError, match="part 2 failed") as caught:
        client.uploads.upload_file_chunked(file=path, mime_type="t", purpose="batch", part_size=1000,
                                           on_progress=cancel_in_part_two)
    assert isinstance(caught.value.__cause__, _Cancelled) and caught.value.state.part_ids == ["part_1"]
    assert api.calls == ["uploads", "uploads/upload_1/parts"]  # part 2 never reached the server, nor again
    client.uploads.upload_file_chunked(file=path, mime_type="t", purpose="batch", resume=caught.value.state)
    assert b"".join(api.parts) == data


def test_state_path_sidecar_is_kept_per_part_and_removed_at_the_end(tmp_path: Path) -> None:
    data = os.urandom(3000)
    path = _file(tmp_path, data)
    sidecar = tmp_path / "data.bin.upload.json"
    api = FakeUploadsAPI(failures={3: 2})
    seen: List[List[str]] = []
    api.on_part = lambda number: seen.append(ChunkedUploadState.from_json(sidecar.read_bytes()).part_ids)
    client = _client(api)
    with pytest.raises(UploadInterruptedError):
        client.uploads.upload_file_chunked(file=path, mime_type="t", purpose="batch", part_size=1000,
                                           state_path=sidecar)
    assert seen == [[], ["part_1"]]  # written after create and after every part
    kept = ChunkedUploadState.from_json(sidecar.read_bytes())
    assert kept.part_ids == ["part_1", "part_2"] and not (tmp_path / "data.bin.upload.json.tmp").exists()

    api.calls.clear()
    client.uploads.upload_file_chunked(file=path, mime_type="t", purpose="batch", state_path=sidecar)  # same call
    assert api.calls == ["uploads/upload_1/parts", "uploads/upload_1/complete"]
    assert b"".join(api.parts) == data and api.completed is not None
    assert api.completed["md5"] == hashlib.md5(data).hexdigest()
    assert not sidecar.exists()
