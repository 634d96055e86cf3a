"""``Stream``: a response body of server-sent events, iterated as typed items.

The generator owns the response: it closes it in ``finally`` (close, then release the
connection), so breaking out of a loop leaves the pool usable. Errors the server sends inside
a 200 stream raise ``APIStreamError``; bad JSON raises ``APIResponseValidationError`` with the raw
bytes. A stream that has yielded data is never retried.

Memory: a stream keeps no event once it has been yielded, whatever the server sends. The streams
that can give a final answer (chat, Responses, runs) fold each event into a snapshot of it as it
arrives (``_absorb``), capped by ``max_snapshot_size``; an error raised mid-stream carries that
snapshot as ``snapshot``, built once, never by decoding the stream again. Keeping every item is
the opt-in ``keep_events=True``: then ``items`` (on the stream and on such an error) lists them.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any, Callable, Generator, Generic, Iterator, List, Optional, TypeVar

from .._errors import (
    DECODE_ERRORS,
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStreamError,
    APITimeoutError,
    OpenAIError,
)
from .._http.transport import Headers, Request, Response, is_network_failure
from ..types._codec import builder_for, decode_untyped, decoder_for, decoders_for
from .snapshot import DEFAULT_MAX_SNAPSHOT_SIZE
from .sse import DEFAULT_MAX_EVENT_SIZE, RawEvent, ServerSentEvent, SSEDecoder

__all__ = ["DEFAULT_MAX_SNAPSHOT_SIZE", "Stream", "check_event_size"]

T = TypeVar("T")
U = TypeVar("U")

_logger = logging.getLogger("openai_compat")  # the Session's logger (``_core.logs``), one layer up

# After ``[DONE]`` the rest of the body (usually just the chunked terminator) is read so the
# connection can go back to the pool, but never more than this.
_DRAIN_LIMIT = 64 * 1024
_DONE = b"[DONE]"  # compared with the first 6 bytes of data: openai-python matches any prefix
_NOT_JSON = object()


class Stream(Generic[T]):
    """An iterator of decoded events and a context manager; ``close()`` gives up the rest.

    ``max_snapshot_size`` caps the answer a chat, Responses or run stream folds its events into
    (``snapshot.py``; ``None``: no cap); ``keep_events=True`` keeps every item for ``items``.
    """

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
        keep_events: bool = False,
        max_snapshot_size: Optional[int] = DEFAULT_MAX_SNAPSHOT_SIZE,
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
        self._max_snapshot_size = max_snapshot_size
        # Every item yielded, only when asked for (keep_events): a long stream must not grow a worker.
        self._kept: Optional[List[T]] = [] if keep_events else None
        # Folds each item into the stream's snapshot, with the size of its event on the wire and
        # whether it was decoded strictly (every field declared, of its declared type).
        self._absorb: Optional[Callable[[T, int, bool], None]] = None
        self._end: Optional[str] = None  # how the stream ended, when its items said so ([DONE])
        self._counts = [0, 0]  # events and bytes read, for the log line at the end
        self._iterator = self._logged(self._iter_items())

    @property
    def headers(self) -> Headers:
        return self.response.headers

    @property
    def request_id(self) -> Optional[str]:
        return self.response.headers.get("x-request-id")

    @property
    def items(self) -> List[T]:
        """Every item yielded so far, in order, when the client keeps events (``keep_events=True``).

        Without it no item is kept (a long stream runs in bounded memory) and this raises
        ``OpenAIError``; a stream's final answer comes from its snapshot instead.
        """
        if self._kept is None:
            raise OpenAIError(
                "This stream keeps no items: pass keep_events=True to the client "
                "(Client(keep_events=True) or client.with_options(keep_events=True)) to keep them all, "
                "or collect them while iterating."
            )
        return list(self._kept)

    def _kept_items(self) -> List[T]:
        """The items for an error raised mid-stream: those kept, or none."""
        return list(self._kept) if self._kept is not None else []

    def _partial(self) -> Any:
        """The answer so far, for an error raised mid-stream (``None``: this stream folds nothing)."""
        return None

    def _snapshot_for_error(self) -> Any:
        try:
            return self._partial()
        except DECODE_ERRORS:  # provider fields nested too deep to encode: the error goes on without it
            return None

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
        """Consume the rest of the stream (its items are kept only with ``keep_events=True``)."""
        for _ in self:
            pass
        return self

    def events(self) -> Iterator[ServerSentEvent]:
        """The raw server-sent events, for callers who decode data themselves."""
        for batch in self._logged(self._iter_batches()):
            for raw in batch:
                yield ServerSentEvent.from_raw(raw)

    def _iter_batches(self) -> Iterator[List[RawEvent]]:
        """The events of each network read, with the idle and total budgets enforced."""
        decoder = SSEDecoder(self._max_event_size)
        clock, idle, deadline = self._clock, self._stream_idle, self._deadline
        last_event = clock()
        counts = self._counts
        try:
            for chunk in self.response.iter_bytes():
                events = decoder.feed_raw(chunk)
                counts[0] += len(events)
                counts[1] += len(chunk)
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
        except Exception as exc:
            if not is_network_failure(exc):
                raise  # a bug or a test double's assertion: unchanged, with its message
            # A custom transport's own network error, raised mid-body.
            error = APIConnectionError(
                message=f"Connection error ({type(exc).__name__}: {str(exc)[:200]}).", request=self.request
            )
            self._annotate(error)
            raise error from exc
        finally:
            self.response.close()

    def _logged(self, iterator: Iterator[U]) -> Generator[U, None, None]:
        """``iterator``, then one log line saying how and why the stream ended, with its counts."""
        started = self._clock()
        ended = "the body ended"
        try:
            yield from iterator
        except GeneratorExit:
            ended = "closed before its end"
            raise
        except BaseException as exc:
            message = exc.message if isinstance(exc, APIError) else str(exc)
            ended = f"{type(exc).__name__}: {message[:200]}" if message else type(exc).__name__
            raise
        finally:
            request, (events, size) = self.request, self._counts
            where = f"{request.method} {request.url}" if request is not None else "(no request)"
            _logger.debug("Stream %s ended (%s): %d events, %d bytes in %.3f s",
                          where, self._end or ended, events, size, self._clock() - started)

    def _annotate(self, error: OpenAIError) -> None:
        """Give an error raised mid-stream the items yielded so far (and the decoder's errors the response)."""
        if isinstance(error, APIResponseValidationError) and error.response is None:
            error.response, error.status_code = self.response, self.response.status_code
            error.request = error.request or self.request
        if isinstance(error, (APIConnectionError, APIResponseValidationError)) and not error.items:
            error.items = self._kept_items()
            if error.snapshot is None:
                error.snapshot = self._snapshot_for_error()

    def _iter_items(self) -> Generator[T, None, None]:
        # One flat loop: it runs once per event, so every layer and lookup in it shows.
        strict, _ = decoders_for(self._cast_to)
        careful = self._decode_checked
        keep = self._kept.append if self._kept is not None else None
        absorb = self._absorb
        for batch in self._iter_batches():
            for name, data, _, _ in batch:
                if strict is not None and (name is None or name == "message") and data[:1] == b"{":
                    # The usual event. A strict decode succeeds only if every field is declared,
                    # so it cannot hide an in-band {"error": ...}; anything else is checked.
                    try:
                        item = strict(data)
                        clean = True
                    except DECODE_ERRORS:
                        item = careful(name, data)
                        clean = False
                elif data[:6] == _DONE:
                    self._drain()
                    return
                elif not data or data.isspace():
                    if name == "error":
                        self._raise_if_error(name, data)
                    continue
                else:
                    item = careful(name, data)
                    clean = False
                if absorb is not None:
                    try:
                        absorb(item, len(data), clean)
                    except RecursionError as exc:  # an extra nested deeper than the stack (3.13 decodes it)
                        raise self._undecodable(data, exc) from exc
                if keep is not None:
                    keep(item)
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
        error.items = self._kept_items()
        error.snapshot = self._snapshot_for_error()
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
        error = APIStreamError(
            message,
            body=body,
            items=self._kept_items(),
            request_id=self.request_id,
            request=self.request,
        )
        error.snapshot = self._snapshot_for_error()
        raise error

    def _drain(self) -> None:
        """Read what follows ``[DONE]`` (bounded) so the connection can be reused, then close."""
        self._end = "[DONE]"
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


def check_event_size(value: Optional[int], name: str = "max_event_size") -> Optional[int]:
    """``value`` if it is a positive number of bytes or ``None``; else a ``ValueError`` naming ``name``."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
        raise ValueError(f"{name} must be a positive number of bytes or None, got {value!r}")
    return value
