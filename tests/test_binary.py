"""``BinaryResponse`` through ``Session.download``: reading once, chunking, atomic writes to disk,
progress callbacks and the tqdm adapter."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Tuple

import pytest

from openai_compat import (
    APIConnectionError,
    BinaryResponse,
    NotFoundError,
    Response,
    Session,
    StreamAlreadyConsumed,
    TqdmProgress,
)
from openai_compat._internals import ProgressBody, report_progress
from openai_compat.testing import MockTransport, error_response

DATA = bytes(range(256)) * 40  # 10240 bytes


class _Body:
    """A streamed body in ``pieces``; with ``fail_after`` it breaks off like a dropped connection."""

    def __init__(self, pieces: Sequence[bytes], fail_after: Optional[int] = None) -> None:
        self.pieces = list(pieces)
        self.fail_after = fail_after
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for index, piece in enumerate(self.pieces):
            if self.fail_after is not None and index == self.fail_after:
                raise APIConnectionError(message="Connection error: the body ended early")
            yield piece

    def close(self) -> None:
        self.closed = True


def _pieces(data: bytes, size: int) -> List[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def _download(
    body: _Body, *, length: Optional[int] = len(DATA), on_progress: object = None, status: int = 200
) -> Tuple[BinaryResponse, MockTransport]:
    headers = {"content-type": "application/octet-stream", "x-request-id": "req_1"}
    if length is not None:
        headers["content-length"] = str(length)
    transport = MockTransport(responses=[Response(status, headers, stream=body)])
    session = Session(api_key="sk-test", base_url="http://api.test/v1", transport=transport)
    response = session.download(
        "GET", "files/file-1/content", extra_headers={"Accept": "application/binary"},
        on_progress=on_progress,  # type: ignore[arg-type]
    )
    return response, transport


def test_download_sends_the_accept_header_and_leaves_the_body_on_the_wire() -> None:
    body = _Body(_pieces(DATA, 1000))
    response, transport = _download(body)
    request = transport.requests[0]
    assert (request.method, request.url) == ("GET", "http://api.test/v1/files/file-1/content")
    assert request.headers["Accept"] == "application/binary"
    assert len(body.pieces) == 11 and not body.closed  # nothing read yet
    assert (response.status_code, response.request_id, response.expected_size) == (200, "req_1", len(DATA))
    assert response.content_type == "application/octet-stream"
    assert response.content == DATA and response.read() == DATA and response.content == DATA  # kept
    assert body.closed and "BinaryResponse [200]" in repr(response)


def test_default_accept_is_octet_stream() -> None:
    transport = MockTransport(responses=[Response(200, {}, stream=_Body([b"x"]))])
    session = Session(api_key="sk-test", base_url="http://api.test/v1", transport=transport)
    assert session.download("POST", "audio/speech", body={"input": "hi"}).content == b"x"
    assert transport.requests[0].headers["Accept"] == "application/octet-stream"
    assert transport.requests[0].body == b'{"input":"hi"}'


def test_iter_bytes_rechunks() -> None:
    response, _ = _download(_Body(_pieces(DATA, 1000)))
    chunks = list(response.iter_bytes(4096))
    assert [len(c) for c in chunks] == [4096, 4096, 2048] and b"".join(chunks) == DATA
    response, _ = _download(_Body([b"", b"ab", b"", b"c"]), length=None)
    assert list(response.iter_bytes()) == [b"ab", b"c"]  # empty reads are not passed on
    response, _ = _download(_Body([b"a"]))
    with pytest.raises(ValueError, match="chunk_size must be a positive"):
        next(response.iter_bytes(0))


def test_text_and_json() -> None:
    response, _ = _download(_Body([b'{"a": "', b'\xc3\xa9"}']), length=None)
    assert response.json() == {"a": "é"} and response.text == '{"a": "é"}'


def test_reading_twice_raises() -> None:
    response, _ = _download(_Body(_pieces(DATA, 3000)))
    assert b"".join(response.iter_bytes()) == DATA
    with pytest.raises(StreamAlreadyConsumed, match="already read"):
        _ = response.content
    with pytest.raises(StreamAlreadyConsumed):
        list(response.iter_bytes())
    closed, _ = _download(_Body([b"abc"]))
    with closed:
        pass
    with pytest.raises(StreamAlreadyConsumed):  # closed unread: an empty body is not passed off as content
        closed.read()


def test_write_to_file_path(tmp_path: Path) -> None:
    response, _ = _download(_Body(_pieces(DATA, 777)))
    target = tmp_path / "out.bin"
    assert response.write_to_file(target) == len(DATA)
    assert target.read_bytes() == DATA and not (tmp_path / "out.bin.part").exists()
    with pytest.raises(StreamAlreadyConsumed):
        response.write_to_file(tmp_path / "again.bin")
    assert list(tmp_path.iterdir()) == [target]
    response, _ = _download(_Body([b"str path"]), length=None)
    response.stream_to_file(str(tmp_path / "s.bin"))  # openai-python's name, a str path
    assert (tmp_path / "s.bin").read_bytes() == b"str path"


def test_write_to_file_object(tmp_path: Path) -> None:
    response, _ = _download(_Body(_pieces(DATA, 500)))
    sink = io.BytesIO(b"prefix:")
    sink.seek(0, io.SEEK_END)
    assert response.write_to_file(sink, chunk_size=2000) == len(DATA)
    assert sink.getvalue() == b"prefix:" + DATA


def test_failed_download_leaves_no_file_at_the_target(tmp_path: Path) -> None:
    target = tmp_path / "result.jsonl"
    response, _ = _download(_Body(_pieces(DATA, 1000), fail_after=5))
    with pytest.raises(APIConnectionError, match="ended early"):
        response.write_to_file(target)
    assert list(tmp_path.iterdir()) == []  # neither the target nor the .part file

    target.write_bytes(b"an older complete download")
    response, _ = _download(_Body(_pieces(DATA, 1000), fail_after=2))
    with pytest.raises(APIConnectionError):
        response.write_to_file(target)
    assert target.read_bytes() == b"an older complete download"  # replaced only by a whole download


def test_status_error_is_raised_before_any_body_is_handed_out() -> None:
    transport = MockTransport(responses=[error_response(404, "No such File object")])
    session = Session(api_key="sk-test", base_url="http://api.test/v1", transport=transport)
    with pytest.raises(NotFoundError, match="No such File object"):
        session.download("GET", "files/x/content")


def test_download_progress_with_and_without_content_length() -> None:
    calls: List[Tuple[int, Optional[int]]] = []
    response, _ = _download(_Body(_pieces(DATA, 4000)), on_progress=lambda d, t: calls.append((d, t)))
    response.read()
    assert calls == [(0, 10240), (4000, 10240), (8000, 10240), (10240, 10240)]
    calls.clear()
    response, _ = _download(_Body([b"ab", b"cde"]), length=None, on_progress=lambda d, t: calls.append((d, t)))
    assert response.read() == b"abcde"
    assert calls == [(0, None), (2, None), (5, None)]


def test_expected_size_ignores_a_compressed_length() -> None:
    transport = MockTransport(
        responses=[Response(200, {"content-length": "5", "content-encoding": "gzip"}, stream=_Body([b"x"]))]
    )
    session = Session(api_key="sk-test", base_url="http://api.test/v1", transport=transport)
    assert session.download("GET", "f").expected_size is None


def test_upload_progress_body_reports_in_pieces() -> None:
    calls: List[Tuple[int, Optional[int]]] = []
    body = ProgressBody(b"x" * 600_000, lambda d, t: calls.append((d, t)))
    assert len(body) == 600_000 and b"".join(body) == b"x" * 600_000
    assert calls == [(0, 600_000), (262_144, 600_000), (524_288, 600_000), (600_000, 600_000)]
    calls.clear()
    assert b"".join(body) == b"x" * 600_000  # a retry counts again from 0
    assert calls[0] == (0, 600_000)
    assert list(report_progress(iter([b"a"]), None, lambda d, t: calls.append((d, t)))) == [b"a"]


def test_tqdm_progress_draws_to_a_file() -> None:
    pytest.importorskip("tqdm")
    out = io.StringIO()
    with TqdmProgress(desc="download", file=out, mininterval=0, ascii=True) as progress:
        response, _ = _download(_Body(_pieces(DATA, 2048)), on_progress=progress)
        response.read()
        bar = progress._bar
        assert (bar.n, bar.total) == (len(DATA), len(DATA))
        progress(0, 100)  # a retry starts over: the bar resets rather than counting backwards
        progress(40, 100)
        assert (bar.n, bar.total) == (40, 100)
    drawn = out.getvalue()
    assert "download" in drawn and "10.0k/10.0k" in drawn and "100%" in drawn


def test_tqdm_progress_without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def no_tqdm(name: str, package: Optional[str] = None) -> object:
        if name == "tqdm":
            raise ImportError("No module named 'tqdm'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_tqdm)
    with pytest.raises(ImportError, match="pip install tqdm"):
        TqdmProgress()


def test_iter_text_keeps_a_character_split_between_reads_whole() -> None:
    text = "héllo wörld — ✓\n"
    raw = text.encode()
    response, _ = _download(_Body([raw[i : i + 1] for i in range(len(raw))]), length=len(raw))
    assert "".join(response.iter_text()) == text
    with pytest.raises(StreamAlreadyConsumed):
        list(response.iter_text())


@pytest.mark.parametrize("size", [1, 2, 3, 7, 100])
def test_iter_lines_splits_on_newline_crlf_and_cr_across_reads(size: int) -> None:
    raw = 'a\r\nb\rc\n\nd\u2028e "{}"\r\nlast'.encode()  # U+2028 is not a line end in JSON text
    response, _ = _download(_Body(_pieces(raw, size)), length=len(raw))
    assert list(response.iter_lines()) == ["a", "b", "c", "", 'd\u2028e "{}"', "last"]


def test_a_bad_chunk_size_is_refused_before_the_body_is_claimed() -> None:
    response, _ = _download(_Body(_pieces(DATA, 1000)))
    with pytest.raises(ValueError, match="chunk_size"):
        list(response.iter_bytes(chunk_size=0))
    assert b"".join(response.iter_bytes(chunk_size=4096)) == DATA  # still readable
