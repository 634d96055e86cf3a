"""``Stream``: a response body of server-sent events, iterated as typed items.

The generator owns the response: it closes it in ``finally`` (close, then release the
connection), so breaking out of a loop leaves the pool usable. Errors the server sends inside
a 200 stream raise ``APIStreamError`` with the items seen so far; bad JSON raises
``APIResponseValidationError`` with the raw bytes.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Generator, Generic, Iterator, List, Optional, TypeVar

from ._codec import decode, decode_untyped
from ._errors import (
    DECODE_ERRORS,
    APIConnectionError,
    APIResponseValidationError,
    APIStreamError,
    APITimeoutError,
    OpenAIError,
)
from ._sse import ServerSentEvent, SSEDecoder
from ._transport import Headers, Request, Response

__all__ = ["Stream"]

T = TypeVar("T")

# After ``[DONE]`` the rest of the body (usually just the chunked terminator) is read so the
# connection can go back to the pool, but never more than this.
_DRAIN_LIMIT = 64 * 1024
_DONE = b"[DONE]"


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
    ) -> None:
        import time

        self.response = response
        self.request = request
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._stream_idle = stream_idle
        self._deadline = deadline
        self._clock = clock or time.monotonic
        self._items: List[T] = []
        self._iterator = self._iter_items()

    @property
    def headers(self) -> Headers:
        return self.response.headers

    @property
    def request_id(self) -> Optional[str]:
        return self.response.headers.get("x-request-id")

    @property
    def items(self) -> List[T]:
        """Every item yielded so far, in order."""
        return self._items

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
        return self._iter_events()

    def _iter_events(self) -> Iterator[ServerSentEvent]:
        decoder = SSEDecoder()
        clock, idle, deadline = self._clock, self._stream_idle, self._deadline
        last_event = clock()
        try:
            for chunk in self.response.iter_bytes():
                events = decoder.feed(chunk)
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
                yield from events
            yield from decoder.end()
        except OpenAIError:
            raise
        except Exception as exc:  # a custom transport's own exception, raised mid-body
            raise APIConnectionError(message=f"Connection error: {type(exc).__name__}", request=self.request) from exc
        finally:
            self.response.close()

    def _iter_items(self) -> Generator[T, None, None]:
        cast_to = self._cast_to
        for event in self._iter_events():
            data = event.raw_data
            if data.startswith(_DONE):
                self._drain()
                return
            if event.event == "error" or b'"error"' in data:
                self._raise_if_error(event)
            if not data.strip():
                continue
            try:
                item = decode(data, cast_to)
            except DECODE_ERRORS as exc:
                raise APIResponseValidationError(
                    f"Could not decode a stream event as {getattr(cast_to, '__name__', cast_to)}: {exc}",
                    response=self.response,
                    raw_body=data,
                    request=self.request,
                ) from exc
            self._items.append(item)
            yield item

    def _raise_if_error(self, event: ServerSentEvent) -> None:
        try:
            payload: Any = decode_untyped(event.raw_data)
        except DECODE_ERRORS:
            payload = event.raw_data.decode("utf-8", errors="replace") if event.event == "error" else None
        if isinstance(payload, dict) and payload.get("error"):
            body: Any = payload["error"]
        elif event.event == "error":
            body = payload
        else:
            return
        message = body.get("message") if isinstance(body, dict) else body
        if not isinstance(message, str) or not message:
            message = "An error occurred during streaming"
        raise APIStreamError(
            message,
            body=body,
            items=list(self._items),
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
