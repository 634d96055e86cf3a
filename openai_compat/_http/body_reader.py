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

A non-streamed body is read whole only up to a cap: ``Request.max_body_size`` for a 2xx (counted
after decoding, and urllib3 inflates at most one read's worth at a time, so a gzip bomb stops there
too), ``MAX_ERROR_BODY`` for an error and ``MAX_REDIRECT_BODY`` for a redirect. The attempt's
total-timeout ``Watch`` (see ``watchdog``) is disarmed when the body ends or is given up; an end of
data after it fired is that timeout, not the end of the body.
"""

from __future__ import annotations

import http.client
from typing import Any, Iterator, List, Optional, Tuple

import urllib3
from urllib3 import exceptions as u3

from .._errors import MAX_ERROR_BODY, response_too_large
from .chunked import ChunkedDecoder, ChunkedError
from .network_errors import map_errors, out_of_time
from .transport import Headers, Request, Response
from .watchdog import Watch

__all__ = ["CHUNK_SIZE", "MAX_REDIRECT_BODY", "Urllib3Body", "finish_response", "read_parts"]

CHUNK_SIZE = 65536
# The most of a redirect's body that is read: nobody needs it, and the connection can be reused
# if the body is small. A larger one is left unread and its connection closed.
MAX_REDIRECT_BODY = 64 * 1024


class Urllib3Body:
    """A body on the wire. Each ``iter()`` continues where the last one stopped (our ``Stream`` reads
    what follows ``[DONE]`` with a second loop); ``close`` closes, then releases the connection."""

    __slots__ = ("_closed", "_done", "_errors", "_raw", "_request", "_unchunker", "_watch")

    def __init__(self, raw: urllib3.BaseHTTPResponse, request: Request, watch: Optional[Watch] = None) -> None:
        if isinstance(raw, urllib3.HTTPResponse):
            raw.enforce_content_length = True  # a short body must raise, not end quietly
        self._raw = raw
        self._request = request
        self._watch = watch
        self._errors = map_errors(request, watch)
        self._done = False
        self._closed = False
        self._unchunker: Optional[ChunkedDecoder] = None
        if watch is not None:
            # A pool not built by us (your own session or manager) did not report its socket.
            watch.attach(getattr(getattr(raw, "connection", None), "sock", None))

    def _ended(self) -> None:
        """The body ended: disarm the watch, then give the connection back. An end of data after the
        watch fired is the watchdog's doing (a close-delimited body would look complete)."""
        self._done = True
        watch = self._watch
        if watch is not None and not watch.cancel():
            self._raw.close()
            raise out_of_time(self._request, watch)
        self._raw.release_conn()

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
        read, watch = _PublicRead(raw), self._watch
        while not (self._done or self._closed):
            with errors:
                chunk = read(CHUNK_SIZE)
            if not chunk:
                # urllib3 has already put the connection back in the pool when the body ended.
                self._ended()
                return
            if watch is not None and watch.fired:  # a stand-in response may have no socket to shut
                self.close()
                raise out_of_time(self._request, watch)
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
                self._ended()
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
                body._close_conn()  # type: ignore[attr-defined]  # checked by _can_unchunk
                self._ended()
            if payload:
                yield payload

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._watch is not None:
            self._watch.cancel()
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


def finish_response(
    raw: urllib3.BaseHTTPResponse, request: Request, *, stream: bool, watch: Optional[Watch] = None
) -> Response:
    """Our ``Response`` for a urllib3 response whose headers have arrived; a non-streamed body is
    read here, up to its cap (see the module docstring)."""
    headers = Headers(raw.headers.items())  # repeated headers are joined by Headers
    body = Urllib3Body(raw, request, watch)
    status = raw.status
    if stream:
        return Response(status, headers, stream=body, url=request.url)
    if 200 <= status < 300:
        limit = request.max_body_size
        if limit is not None and _declared_length(headers) > limit:
            body.close()  # refused before a byte of it is read
            raise response_too_large(limit, request=request, status_code=status)
    else:
        # An error or redirect body is read up to a cap (the Session says it was cut): never gigabytes.
        limit = MAX_REDIRECT_BODY if 300 <= status < 400 else MAX_ERROR_BODY
    parts, size = read_parts(body, limit)
    if 200 <= status < 300 and limit is not None and size > limit:
        del parts  # not joined: that would double the memory just to throw it away
        raise response_too_large(limit, request=request, status_code=status)
    return Response(status, headers, content=b"".join(parts), url=request.url)


def read_parts(body: Urllib3Body, limit: Optional[int]) -> Tuple[List[bytes], int]:
    """The body's chunks and their total size: all of them, or, past ``limit`` bytes, those read by
    then (the size then exceeds ``limit`` by less than one read). The body is closed either way."""
    parts: List[bytes] = []
    size = 0
    try:
        for part in body:
            parts.append(part)
            size += len(part)
            if limit is not None and size > limit:
                break
    finally:
        body.close()
    return parts, size


def _declared_length(headers: Headers) -> int:
    """The ``Content-Length`` of a body sent without a content coding (0 when unknown)."""
    if "content-encoding" in headers:
        return 0
    try:
        return int(headers.get("content-length", "0"))
    except ValueError:
        return 0
