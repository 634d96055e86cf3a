"""The wire body reader: its fast path over urllib3's and http.client's undocumented attributes is
taken only where each is there; otherwise the public ``read1`` (or ``read``) reads the same bytes."""

from __future__ import annotations

import io
from typing import Any

import pytest
import urllib3

from openai_compat import Request, Session, Urllib3Transport
from openai_compat._internals import body_reader
from tests._servers import DONE, ScriptedServer, event, reply, sse_chunked, sse_close_delimited

EVENTS = [event({"n": n, "text": "x" * 50}) for n in range(40)]
WIRE = b"".join(EVENTS) + DONE


class Replayed:
    """A stand-in for a test recorder's response (vcrpy's replay): ``read1`` hands its arguments to
    ``io.BytesIO.read1``, which takes no ``decode_content`` keyword. Optionally without ``read1``."""

    def __init__(self, data: bytes, *, with_read1: bool = True) -> None:
        self.status = 200
        self.headers = urllib3.HTTPHeaderDict({"content-type": "text/event-stream"})
        self._content = io.BytesIO(data)
        self.released = 0
        if with_read1:
            self.read1 = self._read1

    def _read1(self, *args: Any, **kwargs: Any) -> bytes:
        return self._content.read1(*args, **kwargs)

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        return self._content.read(*args)

    def release_conn(self) -> None:
        self.released += 1

    def close(self) -> None:
        self._content.close()


@pytest.mark.parametrize("with_read1", [True, False], ids=["read1-without-keyword", "read-only"])
@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "whole"])
def test_a_replayed_response_is_read_through_its_public_reads(with_read1: bool, stream: bool) -> None:
    replayed = Replayed(WIRE, with_read1=with_read1)
    request = Request("GET", "http://h/v1/x")
    response = body_reader.finish_response(replayed, request, stream=stream)  # type: ignore[arg-type]
    data = b"".join(response.iter_bytes()) if stream else response.read()
    assert data == WIRE
    assert replayed.released >= 1  # the connection went back


def test_objects_without_the_undocumented_attributes_take_the_public_path() -> None:
    bare = urllib3.HTTPResponse(body=io.BytesIO(b"{}"), preload_content=False)  # _fp is no http.client response
    assert body_reader._undecoded_body(bare) is None

    class Chunked:  # http.client shaped, but without the method that ends the response
        chunked = True
        chunk_left = None
        fp = io.BufferedReader(io.BytesIO(b""))

    assert body_reader._can_unchunk(Chunked()) is False  # type: ignore[arg-type]
    Chunked._close_conn = lambda self: None  # type: ignore[attr-defined]
    assert body_reader._can_unchunk(Chunked()) is True  # type: ignore[arg-type]


def _served(handler: Any) -> bytes:
    with ScriptedServer() as server:
        server.script(handler)
        session = Session(api_key="sk-test", base_url=server.url, transport=Urllib3Transport(), max_retries=0)
        try:
            events = session.stream("GET", "events", cast_to=object)
            return b"".join(events.response.iter_bytes())
        finally:
            session.close()


@pytest.mark.parametrize(
    "handler",
    [
        sse_chunked([*EVENTS, DONE]),
        sse_close_delimited([*EVENTS, DONE]),
        reply(200, WIRE, {"content-type": "text/event-stream"}),
    ],
    ids=["chunked", "close-delimited", "content-length"],
)
def test_the_public_path_reads_what_the_fast_path_reads(handler: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _served(handler)
    monkeypatch.setattr(body_reader, "_undecoded_body", lambda raw: None)  # as if urllib3 lacked _fp
    assert _served(handler) == fast
    assert fast == WIRE
