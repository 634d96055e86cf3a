"""Multipart uploads through the Session: the exact bytes on the wire, every accepted file input,
replay on a retry, and the refusals."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

from openai_compat import FileChangedError, FileUpload, Request, RetryPolicy, Session, file_from_path
from openai_compat._internals import MultipartBody, encode_fields, multipart_body, to_file_upload
from openai_compat.testing import MockTransport, error_response, json_response


def _session(transport: MockTransport, retries: int = 2) -> Session:
    policy = RetryPolicy(max_retries=retries, sleep=lambda seconds: None)
    return Session(api_key="sk-test", base_url="http://api.test/v1", transport=transport, retry_policy=policy)


def _upload(
    body: Optional[Dict[str, Any]], files: Any, *, on_progress: Any = None, retries: int = 2
) -> Tuple[Request, MockTransport]:
    transport = MockTransport(responses=[json_response({"ok": True})])
    _session(transport, retries).request(
        "POST", "files", cast_to=object, body=body, files=files, on_progress=on_progress
    )
    return transport.requests[0], transport


def _boundary(request: Request) -> str:
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    return content_type.split("boundary=", 1)[1]


def _field(boundary: str, name: str, value: str) -> bytes:
    return f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()


def _file(boundary: str, name: str, filename: str, content_type: str, data: bytes, extra: str = "") -> bytes:
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
    return head.encode() + extra.encode() + f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n"


def _end(boundary: str) -> bytes:
    return f"--{boundary}--\r\n".encode()


def test_fields_first_then_files_exact_bytes() -> None:
    fields = {
        "purpose": "fine-tune",
        "expires_after": {"anchor": "created_at", "seconds": 3600},
        "include": ["logprobs", "words"],
        "stream": True,
        "diarize": False,
        "temperature": 0.5,
        "language": None,
    }
    files = {"file": ("train.json", b'{"a": 1}\n'), "image": [b"\x89PNG", ("b.png", b"png2")]}
    request, _ = _upload(fields, files)
    b = _boundary(request)
    assert len(b) == 32 and int(b, 16) >= 0  # 32 hex digits, as openai-python sends
    expected = b"".join(
        [
            _field(b, "purpose", "fine-tune"),
            _field(b, "expires_after[anchor]", "created_at"),
            _field(b, "expires_after[seconds]", "3600"),
            _field(b, "include[]", "logprobs"),
            _field(b, "include[]", "words"),
            _field(b, "stream", "true"),
            _field(b, "diarize", "false"),
            _field(b, "temperature", "0.5"),
            _file(b, "file", "train.json", "application/json", b'{"a": 1}\n'),
            _file(b, "image[]", "upload", "application/octet-stream", b"\x89PNG"),
            _file(b, "image[]", "b.png", "image/png", b"png2"),
            _end(b),
        ]
    )
    assert request.body == expected
    assert request.headers["Content-Length"] == str(len(expected))
    assert request.method == "POST" and request.url == "http://api.test/v1/files"


def test_files_as_pairs_and_extra_body_fields() -> None:
    transport = MockTransport(responses=[json_response({})])
    _session(transport).request(
        "POST", "uploads/u/parts", cast_to=object, body={"a": "1"}, extra_body={"b": {"c": [1, 2]}},
        files=[("data", b"xyz"), ("data", ("n.txt", b"t"))],
    )
    request = transport.requests[0]
    b = _boundary(request)
    assert request.body == b"".join(
        [
            _field(b, "a", "1"),
            _field(b, "b[c][]", "1"),
            _field(b, "b[c][]", "2"),
            _file(b, "data", "upload", "application/octet-stream", b"xyz"),
            _file(b, "data", "n.txt", "text/plain", b"t"),
            _end(b),
        ]
    )


@pytest.mark.parametrize(
    ("default_type", "call_type", "boundary"),
    [
        (None, "multipart/form-data", None),  # what openai-python's resources pass: the encoder adds the boundary
        (None, 'multipart/form-data; boundary="caller-b"', "caller-b"),  # a caller's boundary is kept
        ("application/json", None, None),  # the endpoint's multipart type overrides a default header
    ],
)
def test_a_callers_multipart_content_type_gets_a_boundary_that_matches_the_body(
    default_type: Optional[str], call_type: Optional[str], boundary: Optional[str]
) -> None:
    # As openai-python: a caller's multipart/form-data Content-Type without a boundary is dropped so
    # the encoder's goes out; one with a boundary is used to encode the body.
    transport = MockTransport(responses=[json_response({})])
    session = Session(
        api_key="sk-test", base_url="http://api.test/v1", transport=transport,
        default_headers={"Content-Type": default_type} if default_type else None,
    )
    session.request(
        "POST", "files", cast_to=object, body={"purpose": "batch"}, files={"file": b"abc"},
        extra_headers={"content-type": call_type} if call_type else None,
    )
    request = transport.requests[0]
    assert [name for name in request.headers if name.lower() == "content-type"] == ["Content-Type"]
    sent = _boundary(request)
    if boundary is not None:
        assert sent == boundary
    file_part = _file(sent, "file", "upload", "application/octet-stream", b"abc")
    assert request.body == _field(sent, "purpose", "batch") + file_part + _end(sent)


def test_encode_fields_drops_none_and_unset_and_refuses_objects() -> None:
    from msgspec import UNSET

    assert encode_fields({"a": None, "b": UNSET, "c": {"d": None, "e": 0}, "f": []}) == [("c[e]", "0")]
    with pytest.raises(TypeError, match="form field 'x'"):
        encode_fields({"x": object()})


def test_content_length_equals_the_bytes_sent_for_a_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"line\n" * 1000)
    request, _ = _upload({"purpose": "batch"}, {"file": path})
    assert isinstance(request.body, bytes)
    assert request.headers["Content-Length"] == str(len(request.body))
    b = _boundary(request)
    assert request.body.endswith(
        _file(b, "file", "data.jsonl", "application/octet-stream", b"line\n" * 1000) + _end(b)
    )


def test_a_retry_sends_identical_bytes(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(os.urandom(700_000))  # several read chunks
    handle = open(path, "rb")  # noqa: SIM115 -- a file object, rewound for the second attempt
    handle.read(100)
    transport = MockTransport(responses=[error_response(500), json_response({"id": "file-1"})])
    try:
        result = _session(transport).request(
            "POST", "files", cast_to=object, body={"purpose": "assistants"}, files={"a": path, "b": handle}
        )
    finally:
        handle.close()
    assert result == {"id": "file-1"}
    first, second = transport.requests
    assert first.body == second.body
    assert first.headers["Content-Length"] == second.headers["Content-Length"] == str(len(first.body or b""))
    assert isinstance(first.body, bytes) and first.body.count(path.read_bytes()[100:]) == 2


# -- file inputs -----------------------------------------------------------------------------------


def _only_file(files: Dict[str, Any]) -> Tuple[bytes, str]:
    """The single file part's raw part headers and data."""
    request, _ = _upload(None, files)
    b = _boundary(request)
    assert isinstance(request.body, bytes)
    part = request.body[len(f"--{b}\r\n") : -len(_end(b)) - 2]
    headers, _, data = part.partition(b"\r\n\r\n")
    return data, headers.decode()


def test_path_input_streams_with_its_basename(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG data")
    data, headers = _only_file({"image": path})
    assert data == b"\x89PNG data"
    assert 'name="image"; filename="photo.png"' in headers and "Content-Type: image/png" in headers


def test_from_path_takes_a_str_and_renames(tmp_path: Path) -> None:
    path = tmp_path / "clip.wav"
    path.write_bytes(b"RIFF")
    upload = FileUpload.from_path(str(path))
    assert (upload.size, upload.filename) == (4, "clip.wav")
    assert file_from_path(str(path)).read() == b"RIFF"
    data, headers = _only_file({"file": upload})
    assert data == b"RIFF" and 'filename="clip.wav"' in headers and "audio/" in headers
    renamed = FileUpload.from_path(path, filename="other.mp3")
    assert (renamed.filename, renamed.content_type) == ("other.mp3", "audio/mpeg")


def test_bytes_and_bytesio_inputs() -> None:
    assert _only_file({"file": b"raw"}) == (b"raw", 'Content-Disposition: form-data; name="file"; filename="upload"\r\n'
                                            "Content-Type: application/octet-stream")
    buffer = io.BytesIO(b"0123456789")
    buffer.seek(4)
    data, headers = _only_file({"file": buffer})
    assert data == b"456789" and 'filename="upload"' in headers
    assert buffer.tell() == 10


def test_real_file_object_from_its_current_position(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"header\nrow1\nrow2\n")
    with open(path, "rb") as handle:
        handle.readline()
        upload = to_file_upload(handle, "file")
        assert upload.size == len(b"row1\nrow2\n")
        data, headers = _only_file({"file": handle})
    assert data == b"row1\nrow2\n"
    assert 'filename="report.csv"' in headers and "Content-Type: text/csv" in headers


class _Pipe(io.RawIOBase):
    """A readable stream that cannot seek (like a pipe or a socket file)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), len(self._data), 3)
        buffer[:size] = self._data[:size]
        self._data = self._data[size:]
        return size


def test_non_seekable_object_is_read_once_and_replayed() -> None:
    pipe = _Pipe(b"streamed bytes")
    transport = MockTransport(responses=[error_response(503), json_response({})])
    _session(transport).request("POST", "files", cast_to=object, files={"file": ("s.bin", pipe)})
    first, second = transport.requests
    assert first.body == second.body and isinstance(first.body, bytes)
    assert b"\r\n\r\nstreamed bytes\r\n" in first.body


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_path_to_a_pipe_is_read_once_and_replayed(tmp_path: Path) -> None:
    # A named pipe (or /dev/stdin fed by a pipe) has no size and cannot seek: like a non-seekable
    # file object it is read once, not sent as 0 bytes or failed as "not seekable" at send time.
    import threading

    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as writer:
            writer.write(b'{"a": 1}\n')

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    transport = MockTransport(responses=[error_response(503), json_response({})])
    _session(transport).request("POST", "files", cast_to=object, files={"file": fifo})
    feeder.join(5)
    first, second = transport.requests
    assert first.body == second.body and isinstance(first.body, bytes)
    assert b'filename="in.jsonl"' in first.body and b'\r\n\r\n{"a": 1}\n\r\n' in first.body


def test_tuples_of_two_three_and_four(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"disk")
    assert _only_file({"f": ("a.txt", b"one")})[0] == b"one"
    data, headers = _only_file({"f": ("a.txt", path, "application/x-custom")})
    assert data == b"disk" and "Content-Type: application/x-custom" in headers and 'filename="a.txt"' in headers
    data, headers = _only_file({"f": ("b.json", io.BytesIO(b"{}"), None, {"X-Part": "7"})})
    assert data == b"{}"
    assert headers.endswith('filename="b.json"\r\nX-Part: 7\r\nContent-Type: application/json')
    _, headers = _only_file({"f": ("c.txt", b"c", None, {"content-type": "text/x-own"})})
    assert headers.count("ontent-") == 2 and headers.endswith("Content-Type: text/x-own")  # one type header
    data, headers = _only_file({"f": ("renamed.png", FileUpload(b"img"))})
    assert data == b"img" and 'filename="renamed.png"' in headers and "image/png" in headers


def test_str_is_refused_with_a_clear_type_error() -> None:
    transport = MockTransport(responses=[json_response({})])
    with pytest.raises(TypeError, match=r"'file' got a str: pass pathlib\.Path"):
        _session(transport).request("POST", "files", cast_to=object, files={"file": "data.jsonl"})
    with pytest.raises(TypeError, match="got a str"):
        to_file_upload(("name.txt", "content"), "file")
    assert transport.requests == []  # nothing was sent


def test_text_mode_file_and_other_objects_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("text")
    with open(path) as handle, pytest.raises(TypeError, match="text mode: open it with 'rb'"):
        to_file_upload(handle, "file")
    with pytest.raises(TypeError, match=r"'image\[\]' must be bytes"):
        multipart_body(None, {"image": [42]})
    with pytest.raises(TypeError, match="cannot upload a int"):
        FileUpload(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("a.png", "image/png"),
        ("a.JPG", "image/jpeg"),
        ("a.mp3", "audio/mpeg"),
        ("a.pdf", "application/pdf"),
        ("a.json", "application/json"),
        ("a.txt", "text/plain"),
        ("a.unknownext", "application/octet-stream"),
        ("noextension", "application/octet-stream"),
    ],
)
def test_content_type_from_the_filename(filename: str, expected: str) -> None:
    assert FileUpload(b"x", filename=filename).content_type == expected


def test_quotes_and_newlines_in_names_are_escaped() -> None:
    body = MultipartBody([('we"ird', "v")], [("f", FileUpload(b"d", filename='a"b\r\nc.txt'))], boundary="B")
    data = body.to_bytes()
    assert b'name="we%22ird"' in data and b'filename="a%22b%0D%0Ac.txt"' in data
    assert len(body) == len(data) and body.content_type == "multipart/form-data; boundary=B"


def test_parts_are_byte_ranges_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    payload = os.urandom(1000)
    path.write_bytes(payload)
    upload = FileUpload.from_path(path)
    pieces = [upload.part(offset, min(300, 1000 - offset)) for offset in range(0, 1000, 300)]
    assert [piece.size for piece in pieces] == [300, 300, 300, 100]
    assert b"".join(piece.read() for piece in pieces) == payload
    assert list(pieces[1].chunks(128)) == [payload[300:428], payload[428:556], payload[556:600]]
    assert FileUpload(payload).part(10, 5).read() == payload[10:15]
    with pytest.raises(ValueError, match="outside the file"):
        upload.part(900, 200)


# -- a file that changes under the upload ----------------------------------------------------------


def test_a_file_shrinking_mid_upload_raises_instead_of_sending_a_short_body(tmp_path: Path) -> None:
    path = tmp_path / "shrinks.bin"
    path.write_bytes(b"x" * 1_000_000)
    upload = FileUpload.from_path(path)
    sent: List[int] = []

    def shrink_after_first_chunk(done: int, total: Optional[int]) -> None:
        sent.append(done)
        if len(sent) == 3:  # the form header and a first file chunk went out
            with open(path, "r+b") as handle:
                handle.truncate(10_000)

    transport = MockTransport(responses=[json_response({})])
    with pytest.raises(FileChangedError, match=r"ended \d+ bytes early"):
        _session(transport).request(
            "POST", "files", cast_to=object, files={"file": upload}, on_progress=shrink_after_first_chunk
        )
    assert transport.requests == []  # the body never completed, and no retry re-read the file
    assert not isinstance(FileChangedError("x"), OSError)


def test_a_file_growing_before_or_during_the_upload_raises_instead_of_being_cut(tmp_path: Path) -> None:
    path = tmp_path / "grows.log"
    path.write_bytes(b"line\n" * 1000)
    upload = FileUpload.from_path(path)
    with open(path, "ab") as handle:  # still being written when it is sent
        handle.write(b"one more line\n")
    transport = MockTransport(responses=[json_response({})])
    with pytest.raises(FileChangedError, match=r"grew while it was being uploaded \(more than the 5000 bytes"):
        _session(transport).request("POST", "files", cast_to=object, files={"file": upload})
    assert transport.requests == []
    # A byte range that stops before the end of the file is not affected; one that reaches it is.
    assert upload.part(0, 100).read() == b"line\n" * 20
    with pytest.raises(FileChangedError, match="grew"):
        upload.part(4000, 1000).read()


def test_a_file_removed_before_sending_raises(tmp_path: Path) -> None:
    path = tmp_path / "gone.bin"
    path.write_bytes(b"abc")
    upload = FileUpload.from_path(path)
    path.unlink()
    transport = MockTransport(responses=[json_response({})])
    with pytest.raises(FileChangedError, match="could not be opened"):
        _session(transport).request("POST", "files", cast_to=object, files={"file": upload})


def test_upload_progress_counts_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "p.bin"
    path.write_bytes(b"z" * 600_000)
    calls: List[Tuple[int, Optional[int]]] = []
    request, _ = _upload({"purpose": "batch"}, {"file": path}, on_progress=lambda d, t: calls.append((d, t)))
    total = len(request.body or b"")
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert all(t == total for _, t in calls) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) >= 4  # reported as it goes, not once at the end


class _StopUpload(Exception):
    pass


class _FailingReader(io.BytesIO):
    reads = 0

    def read(self, size: Optional[int] = -1) -> bytes:
        self.reads += 1
        raise ValueError("I/O operation on closed file")


def test_an_error_raised_by_the_body_is_the_callers_and_is_not_retried() -> None:
    # An on_progress callback that raises (to cancel, or a bug) or a file object that fails to read
    # is not a network failure: it comes out as raised, after one attempt, not as a retried
    # APIConnectionError.
    starts: List[int] = []

    def cancel(done: int, total: Optional[int]) -> None:
        if done == 0:
            starts.append(done)
        else:
            raise _StopUpload("cancelled")

    transport = MockTransport(responses=[json_response({})])
    with pytest.raises(_StopUpload, match="cancelled"):
        _session(transport).request("POST", "files", cast_to=object, files={"file": b"abc"}, on_progress=cancel)
    with pytest.raises(_StopUpload):
        _session(transport).request("POST", "files", cast_to=object, content=b"raw", on_progress=cancel)
    assert starts == [0, 0]  # one attempt each
    reader = _FailingReader(b"data")
    with pytest.raises(ValueError, match="closed file"):
        _session(transport).request("POST", "files", cast_to=object, files={"file": reader})
    assert reader.reads == 1
