"""Streamed uploads and downloads over real loopback servers, on both transports: the exact bytes
with a ``Content-Length`` (never chunked), replay after a 500, a reset mid-body and a 307, downloads
streamed to disk, truncation, progress, and the memory bound (1 GiB up and down under 64 MiB)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

import pytest
from _servers import ScriptedServer, reply
from _upload_server import StreamServer, pattern_bytes

from openai_compat import (
    APIConnectionError,
    FileChangedError,
    FileUpload,
    RequestsTransport,
    RetryPolicy,
    Session,
    Timeout,
    Urllib3Transport,
)
from openai_compat._internals import MultipartBody, encode_fields
from openai_compat.resources.uploads_chunked import ChunkedUploadState, UploadInterruptedError, upload_file_chunked

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}
FILE_JSON = {"id": "file-1", "object": "file", "bytes": 1}


@pytest.fixture(params=sorted(TRANSPORTS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sessions() -> Iterator[List[Session]]:
    made: List[Session] = []
    yield made
    for session in made:
        session.close()


def _session(kind: str, url: str, made: List[Session], delays: Optional[List[float]] = None) -> Session:
    policy = RetryPolicy(sleep=(delays if delays is not None else []).append)
    session = Session(
        api_key="sk-test", base_url=url, transport=TRANSPORTS[kind](), retry_policy=policy, timeout=Timeout(20)
    )
    made.append(session)
    return session


def _expected_body(content_type: str, fields: Any, path: Path) -> bytes:
    boundary = content_type.split("boundary=", 1)[1]
    return MultipartBody(encode_fields(fields), [("file", FileUpload.from_path(path))], boundary=boundary).to_bytes()


def _random_file(tmp_path: Path, size: int, name: str = "data.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(os.urandom(size))
    return path


def test_streamed_upload_sends_exact_bytes_with_content_length(kind: str, tmp_path: Path, sessions: Any) -> None:
    path = _random_file(tmp_path, 3 * 1024 * 1024 + 5)
    progress: List[Tuple[int, Optional[int]]] = []
    with StreamServer() as server:
        result = _session(kind, server.url, sessions).request(
            "POST", "files", cast_to=object, body={"purpose": "batch"}, files={"file": path},
            on_progress=lambda done, total: progress.append((done, total)),
        )
    assert not server.errors
    (upload,) = server.uploads
    assert "transfer-encoding" not in upload.headers
    assert int(upload.headers["content-length"]) == upload.size == result["bytes"]
    assert upload.body == _expected_body(upload.headers["content-type"], {"purpose": "batch"}, path)
    assert progress[0] == (0, upload.size) and progress[-1] == (upload.size, upload.size)
    assert len(progress) > 10  # reported chunk by chunk as the socket took them


def test_retry_after_500_replays_identical_bytes(kind: str, tmp_path: Path, sessions: Any) -> None:
    path = _random_file(tmp_path, 700_000)
    delays: List[float] = []
    with ScriptedServer() as server:
        server.script(reply(500, {"error": {"message": "boom", "type": "server_error"}}), reply(200, FILE_JSON))
        with open(path, "rb") as handle:
            handle.seek(1000)  # a file object: each attempt starts from here again
            result = _session(kind, server.url, sessions, delays).request(
                "POST", "files", cast_to=object, body={"purpose": "assistants"}, files={"file": handle}
            )
        first, second = server.requests
    assert result == FILE_JSON and len(delays) == 1
    assert first.body == second.body and len(first.body) == int(first.headers["content-length"])
    assert path.read_bytes()[1000:] in first.body
    assert "transfer-encoding" not in first.headers


def test_reset_mid_body_rereads_the_file_from_the_start(kind: str, tmp_path: Path, sessions: Any) -> None:
    path = _random_file(tmp_path, 24 * 1024 * 1024)
    progress: List[int] = []
    with StreamServer(reset_after=1 << 20, reset_uploads={1}) as server:
        result = _session(kind, server.url, sessions).request(
            "POST", "files", cast_to=object, body={"purpose": "batch"}, files={"file": FileUpload.from_path(path)},
            on_progress=lambda done, total: progress.append(done),
        )
    assert not server.errors
    broken, whole = server.uploads
    assert not broken.complete and broken.size < int(broken.headers["content-length"])
    assert whole.complete and whole.size == int(whole.headers["content-length"]) == result["bytes"]
    expected = _expected_body(whole.headers["content-type"], {"purpose": "batch"}, path)
    assert result["md5"] == hashlib.md5(expected).hexdigest()
    restart = progress.index(0, 1)  # the second attempt counts again from 0
    assert progress[restart - 1] > 0 and progress[-1] == whole.size


def test_a_file_shrinking_mid_upload_is_not_retried(kind: str, tmp_path: Path, sessions: Any) -> None:
    path = _random_file(tmp_path, 8 * 1024 * 1024)
    calls: List[int] = []

    def shrink(done: int, total: Optional[int]) -> None:
        calls.append(done)
        if len(calls) == 4:
            os.truncate(path, 1024 * 1024)

    delays: List[float] = []
    with StreamServer() as server, pytest.raises(FileChangedError, match="bytes early"):
        _session(kind, server.url, sessions, delays).request(
            "POST", "files", cast_to=object, files={"file": path}, on_progress=shrink
        )
    assert delays == [] and calls.count(0) == 1  # one attempt: re-reading a changed file cannot help
    assert all(not upload.complete for upload in server.uploads)  # the server never got a whole body


def test_chunked_upload_resumes_after_a_reset_part(kind: str, tmp_path: Path, sessions: Any) -> None:
    data = os.urandom(3 * 1024 * 1024 + 100)
    path = tmp_path / "big.jsonl"
    path.write_bytes(data)
    # POSTs: 1 create, 2 part 1, 3 part 2 (reset mid-body; no retries); on resume 4-6 parts 2-4, 7 complete.
    with StreamServer(reset_after=256 * 1024, reset_uploads={3}) as server:
        session = _session(kind, server.url, sessions)
        session.retry = RetryPolicy(max_retries=0)
        with pytest.raises(UploadInterruptedError) as caught:
            upload_file_chunked(session, file=path, mime_type="text/jsonl", purpose="batch", part_size=1 << 20)
        state = caught.value.state
        assert isinstance(caught.value.__cause__, APIConnectionError)
        assert (state.upload_id, state.part_ids) == ("file-1", ["file-2"])
        progress: List[int] = []
        done = upload_file_chunked(session, file=path, mime_type="text/jsonl", purpose="batch",
                                   resume=ChunkedUploadState.from_json(state.to_json()),
                                   on_progress=lambda d, t: progress.append(d))
        uploads = server.uploads
    assert done.id == "file-7" and len(uploads) == 7 and not uploads[2].complete
    parts = [uploads[1], uploads[3], uploads[4], uploads[5]]
    for part, start in zip(parts, (0, 1 << 20, 2 << 20, 3 << 20)):
        assert part.body is not None and data[start : start + (1 << 20)] in part.body
    assert json.loads(uploads[6].body or b"") == {
        "part_ids": ["file-2", "file-4", "file-5", "file-6"], "md5": hashlib.md5(data).hexdigest()
    }
    assert progress == [1 << 20, *range((1 << 20) + 256 * 1024, len(data), 256 * 1024), len(data)]


def test_307_redirect_replays_the_body(kind: str, tmp_path: Path, sessions: Any) -> None:
    path = _random_file(tmp_path, 300_000, "clip.mp3")
    with ScriptedServer() as server:
        server.script(reply(307, b"", {"Location": "/v1/files-elsewhere"}), reply(200, FILE_JSON))
        _session(kind, server.url, sessions).request(
            "POST", "files", cast_to=object, body={"purpose": "user_data"}, files={"file": path}
        )
        first, second = server.requests
    assert (first.target, second.target) == ("/v1/files", "/v1/files-elsewhere")
    assert second.method == "POST" and first.body == second.body
    assert first.body == _expected_body(first.headers["content-type"], {"purpose": "user_data"}, path)
    assert b"Content-Type: audio/mpeg\r\n" in first.body


def test_download_streams_to_a_file(kind: str, tmp_path: Path, sessions: Any) -> None:
    size = 5_000_000
    progress: List[Tuple[int, Optional[int]]] = []
    target = tmp_path / "out.bin"
    with StreamServer() as server:
        session = _session(kind, server.url, sessions)
        with session.download("GET", f"download/{size}", on_progress=lambda d, t: progress.append((d, t))) as r:
            assert r.expected_size == size
            assert r.write_to_file(target) == size
        assert session.download("GET", "download/70000").content == pattern_bytes(70000)  # the pool still works
    assert target.read_bytes() == pattern_bytes(size)
    assert progress[0] == (0, size) and progress[-1] == (size, size) and len(progress) > 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_truncated_download_raises_and_leaves_no_file(kind: str, tmp_path: Path, sessions: Any) -> None:
    target = tmp_path / "cut.bin"
    with StreamServer() as server:
        response = _session(kind, server.url, sessions).download("GET", "truncated/2000000")
        with pytest.raises(APIConnectionError):
            response.write_to_file(target)
    assert list(tmp_path.iterdir()) == []


# -- memory: 1 GiB up and 1 GiB down in a fresh process ------------------------------------------------

_CLIENT = textwrap.dedent(
    """
    import json, resource, sys
    from pathlib import Path
    import openai_compat._internals  # every layer, the upload machinery too: loaded before the baseline
    from openai_compat import Session, Timeout, {transport}

    url, upload_path, download_path, size = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    session = Session(api_key="sk-test", base_url=url, transport={transport}(), timeout=Timeout(60), max_retries=0)
    kib = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    baseline = kib()
    seen = []
    sent = session.request("POST", "files", cast_to=object, body={{"purpose": "batch"}},
                           files={{"file": upload_path}}, on_progress=lambda d, t: seen.append(d))
    after_upload = kib()
    written = session.download("GET", f"download/{{size}}").write_to_file(download_path)
    print(json.dumps({{"baseline": baseline, "after_upload": after_upload, "peak": kib(), "sent": sent["bytes"],
                      "written": written, "last_progress": seen[-1]}}))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in KiB on Linux only")
def test_one_gib_up_and_down_keeps_memory_flat(kind: str, tmp_path: Path) -> None:
    size = 1 << 30
    upload_path = tmp_path / "big.jsonl"
    with open(upload_path, "wb") as handle:
        handle.truncate(size)  # sparse: no disk used, reads as zeros
    download_path = tmp_path / "down.bin"
    transport = "RequestsTransport" if kind == "requests" else "Urllib3Transport"
    script = _CLIENT.format(transport=transport)
    try:
        with StreamServer(keep=0) as server:
            done = subprocess.run(
                [sys.executable, "-c", script, server.url, str(upload_path), str(download_path), str(size)],
                capture_output=True, text=True, timeout=120, check=False,
            )
            assert done.returncode == 0, done.stderr[-2000:]
            (upload,) = server.uploads
        assert download_path.stat().st_size == size
    finally:  # pytest keeps old tmp_paths: do not leave a real GiB on disk
        for path in (upload_path, download_path):
            path.unlink(missing_ok=True)
    report = json.loads(done.stdout)
    assert upload.complete and report["sent"] == upload.size > size and report["last_progress"] == upload.size
    assert report["written"] == size
    grown_mib = (report["peak"] - report["baseline"]) / 1024
    assert grown_mib < 64, report
