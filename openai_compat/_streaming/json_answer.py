"""A 2xx answer to a streaming request that is labelled JSON instead of ``text/event-stream``.

Some OpenAI-compatible servers ignore ``stream=True`` and answer with one JSON document, or send an
error document with a 200. The Session checks such an answer here before it becomes a ``Stream``.
"""

from __future__ import annotations

from typing import Any, Iterator

from .._errors import DECODE_ERRORS, MAX_ERROR_BODY, APIResponseValidationError, APIStreamError
from .._http.transport import Request, Response
from ..types._codec import decode_untyped

__all__ = ["events_or_raise"]


class _Peeked:
    """A body whose first bytes were read to look at them: those bytes again, then the rest."""

    __slots__ = ("_head", "_response", "_rest")

    def __init__(self, head: bytes, rest: Iterator[bytes], response: Response) -> None:
        self._head = head
        self._rest = rest
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        head, self._head = self._head, b""
        if head:
            yield head
        yield from self._rest

    def close(self) -> None:
        self._response.close()


def events_or_raise(response: Response, request: Request, content_type: str) -> Response:
    """A 2xx answer to a streaming request, labelled JSON: some servers ignore ``stream=True``, or
    send an error document with a 200.

    A JSON document (a server that ignored ``stream=True``) raises the error it reports, else
    ``APIResponseValidationError`` with the body: never a silently empty stream. Events under the
    wrong label are streamed as usual. Only the first bytes are looked at.
    """
    chunks = response.iter_bytes()
    head = b""
    for piece in chunks:
        head += piece
        if head.strip():
            break
    probe = head.lstrip()
    if probe.startswith(b"\xef\xbb\xbf"):  # a byte-order mark
        probe = probe[3:].lstrip()
    if probe[:1] not in (b"{", b"["):
        return Response(response.status_code, response.headers, stream=_Peeked(head, chunks, response),
                        url=response.url)
    parts, size = [head], len(head)
    for piece in chunks:
        parts.append(piece)
        size += len(piece)
        if size > MAX_ERROR_BODY:
            break
    response.close()
    raw = b"".join(parts)[:MAX_ERROR_BODY]
    try:
        payload: Any = decode_untyped(raw)
    except DECODE_ERRORS:
        payload = None
    error = payload.get("error") if isinstance(payload, dict) else None
    if error:
        message = error.get("message") if isinstance(error, dict) else error
        if not isinstance(message, str) or not message:
            message = "An error occurred during streaming"
        raise APIStreamError(message, body=error, request_id=response.headers.get("x-request-id"), request=request)
    raise APIResponseValidationError(
        f"Asked for an event stream, the server answered with {content_type!r} (is stream=True supported "
        "by this server and endpoint?); the body is in raw_body.",
        response=response,
        raw_body=raw,
        request=request,
    )
