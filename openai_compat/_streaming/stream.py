"""``Stream``: a response body of server-sent events, iterated as typed items.

The generator owns the response: it closes it in ``finally`` (close, then release the
connection), so breaking out of a loop leaves the pool usable. Errors the server sends inside
a 200 stream raise ``APIStreamError`` with the items seen so far; bad JSON raises
``APIResponseValidationError`` with the raw bytes. A connection error or timeout while iterating
(``APIConnectionError``, ``APITimeoutError``) and a validation error carry those items too, as
``items``: a stream that has yielded data is never retried.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Generator, Generic, Iterator, List, Optional, TypeVar

from .._errors import (
    DECODE_ERRORS,
    MAX_ERROR_BODY,
    APIConnectionError,
    APIResponseValidationError,
    APIStreamError,
    APITimeoutError,
    OpenAIError,
)
from .._http.transport import Headers, Request, Response
from ..types._codec import builder_for, decode_untyped, decoder_for, decoders_for
from .sse import DEFAULT_MAX_EVENT_SIZE, RawEvent, ServerSentEvent, SSEDecoder

__all__ = ["Stream", "check_event_size", "events_or_raise"]

T = TypeVar("T")

# After ``[DONE]`` the rest of the body (usually just the chunked terminator) is read so the
# connection can go back to the pool, but never more than this.
_DRAIN_LIMIT = 64 * 1024
_DONE = b"[DONE]"  # compared with the first 6 bytes of data: openai-python matches any prefix
_NOT_JSON = object()


class Stream(Generic[T]):
    """An iterator of decoded events and a context manager; ``close()`` gives up the rest."""

    def __init__(
        self,
        response: Response,
        *,
        cast_to: type[T],
        request: Optional[Request] = None,
        retries_taken: int = 0,
        stream_idle: Optional[float] = None,
        deadline: Optional[float] = None,
        clock: Optional[Callable[[], float]] = None,
        max_event_size: Optional[int] = DEFAULT_MAX_EVENT_SIZE,
    ) -> None:
        import time

        self.response = response
        self.request = request
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._stream_idle = stream_idle
        self._deadline = deadline
        self._clock = clock or time.monotonic
        self._max_event_size = max_event_size
        # The data of every item yielded, as bytes: cheap to keep (the garbage collector never
        # scans bytes, while 20,000 live chunk objects slowed every event by a third).
        self._raw_items: List[bytes] = []
        self._iterator = self._iter_items()

    @property
    def headers(self) -> Headers:
        return self.response.headers

    @property
    def request_id(self) -> Optional[str]:
        return self.response.headers.get("x-request-id")

    @property
    def items(self) -> List[T]:
        """Every item yielded so far, in order (decoded again from the bytes kept for each)."""
        decode_item = decoder_for(self._cast_to)
        return [decode_item(data) for data in self._raw_items]

    def __iter__(self) -> Iterator[T]:
        # A generator of its own: leaving a ``for`` loop (break, return, exception) closes it at
        # once and its ``finally`` closes the response. The Stream and its item generator refer to
        # each other, so without this nothing would close until the cyclic GC runs.
        try:
            yield from self._iterator
        finally:
            self.close()

    def __del__(self) -> None:
        # Dropped before iterating: the generator never started, so its ``finally`` cannot run.
        response = getattr(self, "response", None)
        if response is not None:
            response.close()

    def __next__(self) -> T:
        return next(self._iterator)

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and release the connection (closed, not returned, if the body was not finished)."""
        self._iterator.close()
        self.response.close()

    def until_done(self) -> Stream[T]:
        """Consume the rest of the stream (the items stay reachable through ``items``)."""
        for _ in self:
            pass
        return self

    def events(self) -> Iterator[ServerSentEvent]:
        """The raw server-sent events, for callers who decode data themselves."""
        for batch in self._iter_batches():
            for raw in batch:
                yield ServerSentEvent.from_raw(raw)

    def _iter_batches(self) -> Iterator[List[RawEvent]]:
        """The events of each network read, with the idle and total budgets enforced."""
        decoder = SSEDecoder(self._max_event_size)
        clock, idle, deadline = self._clock, self._stream_idle, self._deadline
        last_event = clock()
        try:
            for chunk in self.response.iter_bytes():
                events = decoder.feed_raw(chunk)
                now = clock()
                if deadline is not None and now > deadline:
                    raise APITimeoutError(self.request, message="Stream timed out: the total budget ran out.")
                if not events:
                    # Only keep-alive comments or a partial event: they do not reset the idle timer.
                    if idle is not None and now - last_event > idle:
                        raise APITimeoutError(
                            self.request, message=f"Stream timed out: no event for {idle} s (stream_idle)."
                        )
                    continue
                last_event = now
                yield events
            yield decoder.end_raw()
        except OpenAIError as exc:
            self._annotate(exc)
            raise
        except Exception as exc:  # a custom transport's own exception, raised mid-body
            error = APIConnectionError(message=f"Connection error: {type(exc).__name__}", request=self.request)
            self._annotate(error)
            raise error from exc
        finally:
            self.response.close()

    def _annotate(self, error: OpenAIError) -> None:
        """Give an error raised mid-stream the items yielded so far (and the decoder's errors the response)."""
        if isinstance(error, APIResponseValidationError) and error.response is None:
            error.response, error.status_code = self.response, self.response.status_code
            error.request = error.request or self.request
        if isinstance(error, (APIConnectionError, APIResponseValidationError)) and not error.items:
            error.items = self.items

    def _iter_items(self) -> Generator[T, None, None]:
        # One flat loop: it runs once per event, so every layer and lookup in it shows.
        strict, _ = decoders_for(self._cast_to)
        careful = self._decode_checked
        keep = self._raw_items.append
        for batch in self._iter_batches():
            for name, data, _, _ in batch:
                if strict is not None and (name is None or name == "message") and data[:1] == b"{":
                    # The usual event. A strict decode succeeds only if every field is declared,
                    # so it cannot hide an in-band {"error": ...}; anything else is checked.
                    try:
                        item = strict(data)
                    except DECODE_ERRORS:
                        item = careful(name, data)
                elif data[:6] == _DONE:
                    self._drain()
                    return
                elif not data or data.isspace():
                    if name == "error":
                        self._raise_if_error(name, data)
                    continue
                else:
                    item = careful(name, data)
                keep(data)
                yield item

    def _decode_checked(self, name: Optional[str], data: bytes) -> T:
        """Decode an event that may be an error report, keeping undeclared fields: the JSON that
        the error check decoded is built into the type (so the event is parsed once more, not twice)."""
        payload = self._raise_if_error(name, data)
        try:
            if payload is _NOT_JSON:
                return decoder_for(self._cast_to)(data)  # raises the decoder's own error
            return builder_for(self._cast_to)(payload)  # type: ignore[no-any-return]
        except DECODE_ERRORS as exc:
            raise self._undecodable(data, exc) from exc

    def _undecodable(self, data: bytes, exc: Exception) -> APIResponseValidationError:
        name = getattr(self._cast_to, "__name__", self._cast_to)
        error = APIResponseValidationError(
            f"Could not decode a stream event as {name}: {exc}",
            response=self.response,
            raw_body=data,
            request=self.request,
        )
        error.items = self.items
        return error

    def _raise_if_error(self, name: Optional[str], data: bytes) -> Any:
        """Raise ``APIStreamError`` if the event reports an error; else the event's decoded JSON
        (``_NOT_JSON`` if it is not JSON)."""
        try:
            payload: Any = decode_untyped(data)
        except DECODE_ERRORS:
            if name != "error":
                return _NOT_JSON
            payload = data.decode("utf-8", errors="replace")
        if isinstance(payload, dict) and payload.get("error"):
            body: Any = payload["error"]
        elif name == "error":
            body = payload
        else:
            return payload
        message = body.get("message") if isinstance(body, dict) else body
        if not isinstance(message, str) or not message:
            message = "An error occurred during streaming"
        raise APIStreamError(
            message,
            body=body,
            items=self.items,
            request_id=self.request_id,
            request=self.request,
        )

    def _drain(self) -> None:
        """Read what follows ``[DONE]`` (bounded) so the connection can be reused, then close."""
        seen = 0
        try:
            for chunk in self.response.iter_bytes():
                seen += len(chunk)
                if seen > _DRAIN_LIMIT:
                    break
        except Exception:  # the answer is complete; a failure after [DONE] only costs the connection
            pass
        self.response.close()

    def __repr__(self) -> str:
        return f"<Stream of {getattr(self._cast_to, '__name__', self._cast_to)} [{self.response.status_code}]>"


def check_event_size(value: Optional[int]) -> Optional[int]:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
        raise ValueError(f"max_event_size must be a positive number of bytes or None, got {value!r}")
    return value


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
