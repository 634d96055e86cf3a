"""Reading a response body off the wire for both transports (requests sits on urllib3).

Bodies are read with ``read1``: on a close-delimited body (no length, no chunking) ``stream()`` and
requests' ``iter_content`` hold the first event until more bytes or the end arrive, while
``read1`` returns what the socket has. Giving a body up closes the connection before releasing it:
releasing a half-read connection hands the next request a socket with the old body's bytes on it.

The fast path: when urllib3 has nothing to decode, the body is read straight from http.client, and
a chunked body is unframed by ``ChunkedDecoder`` from whatever the socket holds, so a stream costs
one read per network packet, not one per event. That path uses attributes urllib3 and http.client
do not document (``HTTPResponse._fp``, ``_fp_bytes_read``; ``chunked``, ``chunk_left``, ``fp``,
``_close_conn``), so each is checked before use: where one is missing (another urllib3 release, a
stand-in response such as a test recorder's) the body is read with the public ``read1``, and
without the ``decode_content`` keyword where ``read1`` does not take it (vcrpy's replayed responses
hand it to ``io.BytesIO.read1``). The public path is slower per event, never wrong.
"""

from __future__ import annotations

import http.client
from typing import Any, Iterator, Optional

import urllib3
from urllib3 import exceptions as u3

from .._errors import MAX_ERROR_BODY
from .chunked import ChunkedDecoder, ChunkedError
from .network_errors import map_errors
from .transport import Headers, Request, Response

__all__ = ["CHUNK_SIZE", "Urllib3Body", "finish_response"]

CHUNK_SIZE = 65536


class Urllib3Body:
    """A body on the wire. Each ``iter()`` continues where the last one stopped (our ``Stream`` reads
    what follows ``[DONE]`` with a second loop); ``close`` closes, then releases the connection."""

    __slots__ = ("_closed", "_done", "_errors", "_raw", "_unchunker")

    def __init__(self, raw: urllib3.BaseHTTPResponse, request: Request) -> None:
        if isinstance(raw, urllib3.HTTPResponse):
            raw.enforce_content_length = True  # a short body must raise, not end quietly
        self._raw = raw
        self._errors = map_errors(request)
        self._done = False
        self._closed = False
        self._unchunker: Optional[ChunkedDecoder] = None

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks()

    def _chunks(self) -> Iterator[bytes]:
        raw, errors = self._raw, self._errors
        plain = _undecoded_body(raw)
        if plain is not None:
            if _can_unchunk(plain):
                yield from self._unchunked(plain)
            else:
                yield from self._plain_chunks(plain)
            return
        read = _PublicRead(raw)
        while not (self._done or self._closed):
            with errors:
                chunk = read(CHUNK_SIZE)
            if not chunk:
                # urllib3 has already put the connection back in the pool when the body ended.
                self._done = True
                raw.release_conn()
                return
            yield chunk

    def _plain_chunks(self, body: http.client.HTTPResponse) -> Iterator[bytes]:
        """Read straight from http.client when there is nothing to decode: urllib3's ``read1``
        costs ~15 us a call, and a stream makes one call per event (half the chunks per second)."""
        errors, seen = self._errors, 0
        while not (self._done or self._closed):
            with errors:
                chunk = body.read1(CHUNK_SIZE)
                missing = getattr(body, "length", None)  # bytes still due under a Content-Length
                if not chunk and missing:
                    # http.client ends a short Content-Length body quietly; it must be an error.
                    raise u3.IncompleteRead(seen, missing)
            seen += len(chunk)
            if not chunk:
                self._done = True
                self._raw.release_conn()
                return
            yield chunk

    def _unchunked(self, body: http.client.HTTPResponse) -> Iterator[bytes]:
        """A chunked body read off the socket as it arrives and unframed here: http.client would
        make one Python-level read per chunk, and streaming servers send a chunk per event."""
        decoder = self._unchunker = self._unchunker or ChunkedDecoder()
        errors, wire = self._errors, body.fp
        while not (self._done or self._closed):
            with errors:
                data = wire.read1(CHUNK_SIZE)
                if not data:
                    raise http.client.IncompleteRead(b"")  # the peer closed before the last chunk
                try:
                    payload = decoder.feed(data)
                except ChunkedError as exc:
                    raise u3.ProtocolError(f"invalid chunked framing: {exc}") from exc
            if decoder.done:
                # Tell http.client the response is complete, so the connection goes back to the pool.
                self._done = True
                body._close_conn()  # type: ignore[attr-defined]  # checked by _can_unchunk
                self._raw.release_conn()
            if payload:
                yield payload

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if not self._done:
                self._raw.close()  # unread bytes would poison the next request on this socket
        except OSError:
            pass
        finally:
            self._raw.release_conn()


class _PublicRead:
    """``raw.read1(size, decode_content=True)``, urllib3's public read; ``read1(size)`` for a
    response whose ``read1`` does not take the keyword; ``read(size)`` for one without ``read1``."""

    __slots__ = ("_keyword", "_raw")

    def __init__(self, raw: urllib3.BaseHTTPResponse) -> None:
        self._raw = raw
        self._keyword = True

    def __call__(self, size: int) -> bytes:
        raw: Any = self._raw
        if not hasattr(raw, "read1"):
            return bytes(raw.read(size))
        if self._keyword:
            try:
                return bytes(raw.read1(size, decode_content=True))
            except TypeError:  # refused before reading anything: the keyword is the problem
                self._keyword = False
        return bytes(raw.read1(size))


def _undecoded_body(raw: urllib3.BaseHTTPResponse) -> Optional[http.client.HTTPResponse]:
    """The http.client response under ``raw`` if urllib3 has no decoding to do and has read nothing;
    ``None`` (read through urllib3) when any of that cannot be told from this urllib3's attributes."""
    if not isinstance(raw, urllib3.HTTPResponse) or raw.headers.get("content-encoding", "identity") != "identity":
        return None
    body = getattr(raw, "_fp", None)
    if not isinstance(body, http.client.HTTPResponse) or getattr(raw, "_fp_bytes_read", None) != 0:
        return None
    if raw.length_remaining == 0 or not callable(getattr(body, "read1", None)):
        return None
    return body


def _can_unchunk(body: http.client.HTTPResponse) -> bool:
    """Whether a chunked body can be unframed here: http.client has read none of it and shows the
    socket's reader and the means to end the response (else http.client unframes it, one chunk a call)."""
    return (
        getattr(body, "chunked", False) is True
        and getattr(body, "chunk_left", 0) is None
        and callable(getattr(getattr(body, "fp", None), "read1", None))
        and callable(getattr(body, "_close_conn", None))
    )


def finish_response(raw: urllib3.BaseHTTPResponse, request: Request, *, stream: bool) -> Response:
    """Our ``Response`` for a urllib3 response whose headers have arrived."""
    headers = Headers(raw.headers.items())  # repeated headers are joined by Headers
    body = Urllib3Body(raw, request)
    if stream:
        return Response(raw.status, headers, stream=body, url=request.url)
    if not 200 <= raw.status < 300:
        # An error body is read up to a cap (the Session cuts it and says so): never gigabytes.
        response = Response(raw.status, headers, stream=body, url=request.url)
        response.read(limit=MAX_ERROR_BODY)
        return response
    try:
        content = b"".join(body)
    finally:
        body.close()
    return Response(raw.status, headers, content=content, url=request.url)
