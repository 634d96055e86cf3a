"""``ResponseStream``: the typed events of a streamed Responses API call, with helpers.

Responses streams name their events (``event: response.output_text.delta``), so they do not take the
chat hot path of ``Stream._iter_items`` (unnamed events, strict decode first): this loop decodes each
event by its ``type`` (``types/_open.py``), raises the ``error`` event (SSE ``event: error`` or a
payload of type ``error``) or an in-band ``{"error": ...}`` as ``APIStreamError`` with the events seen
so far, and remembers the last ``sequence_number`` and the terminal ``Response``.

Self-resuming: when the connection of a *background* response's stream drops (``APIConnectionError``
or ``APITimeoutError`` mid-body), the stream asks for the events again with
``GET /responses/{id}?stream=true&starting_after=<last sequence_number>`` and carries on, skipping
any event it has already yielded: none is lost or repeated. It tries at most ``max_retries`` times
(the session's ``RetryPolicy``, with its backoff and sleep); the total ``timeout`` still bounds the
whole stream. A response that is not background cannot be streamed again, so its error is raised.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Dict, Generator, Iterator, Optional, Protocol, cast

from .._errors import DECODE_ERRORS, APIConnectionError, APIStreamError
from .._http.transport import Response as HTTPResponse
from ..types._codec import decoders_for
from ..types.responses import Response
from ..types.responses_events import (
    ResponseCompletedEvent,
    ResponseCreatedEvent,
    ResponseErrorEvent,
    ResponseFailedEvent,
    ResponseIncompleteEvent,
    ResponseInProgressEvent,
    ResponseOutputItemDoneEvent,
    ResponseQueuedEvent,
    ResponseStreamEvent,
    ResponseTextDeltaEvent,
    UnknownEvent,
)
from .stream import Stream

__all__ = ["NoFinalResponseError", "ResponseStream"]

_DONE = b"[DONE]"
_TERMINAL = (ResponseCompletedEvent, ResponseFailedEvent, ResponseIncompleteEvent)
_SNAPSHOTS = (ResponseCreatedEvent, ResponseInProgressEvent, ResponseQueuedEvent)


class NoFinalResponseError(RuntimeError):
    """The stream ended without a response: no terminal event and no ``response.created``."""


class Backoff(Protocol):
    """What resuming needs of the session's retry policy (a ``RetryPolicy`` is one)."""

    max_retries: int
    sleep: Callable[[float], None]

    def backoff(self, retries_taken: int) -> float: ...


# Opens the stream of a response again after a sequence number (None: from the start).
Reopen = Callable[[str, Optional[int]], "ResponseStream"]


class ResponseStream(Stream[ResponseStreamEvent]):
    """A ``Stream`` of Responses events; ``get_final_response()`` and ``text_deltas()`` help read it."""

    last_sequence_number: Optional[int] = None
    """The ``sequence_number`` of the last event yielded (resume with ``starting_after=`` it)."""

    _final: Optional[Response] = None
    _snapshot: Optional[Response] = None
    resumes: int = 0
    """How many times the stream reconnected after a dropped connection."""

    def __init__(
        self,
        response: HTTPResponse,
        *,
        reopen: Optional[Reopen] = None,
        retry: Optional[Backoff] = None,
        response_id: Optional[str] = None,
        starting_after: Optional[int] = None,
        **options: Any,
    ) -> None:
        """``options`` are ``Stream``'s. ``reopen`` lets the stream reconnect, at most ``retry.max_retries``
        times with its backoff; ``response_id`` is the response's when known up front (``retrieve``),
        ``starting_after`` the sequence number ``retrieve`` was asked to stream after."""
        super().__init__(response, **options)
        self._reopen = reopen
        self._retry = retry
        self._response_id = response_id
        self._starting_after = starting_after  # until an event is yielded

    def __enter__(self) -> ResponseStream:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def until_done(self) -> ResponseStream:
        super().until_done()
        return self

    def text_deltas(self) -> Iterator[str]:
        """The ``response.output_text.delta`` pieces of the rest of the stream, as they arrive."""
        for event in self:
            if isinstance(event, ResponseTextDeltaEvent):
                yield event.delta

    def get_final_response(self) -> Response:
        """Read the rest of the stream and return the ``Response`` of its terminal event
        (``response.completed``, ``.failed`` or ``.incomplete``). Without one, the last snapshot
        (``response.created``/``.in_progress``) with the ``output_item.done`` items in place;
        ``NoFinalResponseError`` if there is neither."""
        self.until_done()
        if self._final is not None:
            return self._final
        if self._snapshot is None:
            raise NoFinalResponseError("The stream ended without a response.completed (or any response) event.")
        done: Dict[int, Any] = {}
        for event in self.items:
            if isinstance(event, ResponseOutputItemDoneEvent):
                done[event.output_index] = event.item
        response = self._snapshot
        output = list(response.output) if type(response.output) is list else []
        for index in sorted(done):
            if index < len(output):
                output[index] = done[index]
            else:
                output.append(done[index])
        response.output = output
        return response

    def _iter_items(self) -> Generator[ResponseStreamEvent, None, None]:
        while True:
            try:
                yield from self._iter_body()
                return
            except APIConnectionError:
                response_id = self._resumable_id()
                policy, reopen = self._retry, self._reopen
                if response_id is None or reopen is None or policy is None or self.resumes >= policy.max_retries:
                    raise
                policy.sleep(policy.backoff(self.resumes))
                self.resumes += 1
                fresh = reopen(response_id, self._resume_after())
                # Take over its connection; the fresh Stream object must not close it when dropped.
                self.response, fresh.response = fresh.response, None  # type: ignore[assignment]

    def _resume_after(self) -> Optional[int]:
        return self.last_sequence_number if self.last_sequence_number is not None else self._starting_after

    def _resumable_id(self) -> Optional[str]:
        """The id of the response if its stream can be asked for again (a background response)."""
        snapshot = self._final or self._snapshot
        if snapshot is not None:
            return snapshot.id if snapshot.background and snapshot.id else None
        return self._response_id

    def _iter_body(self) -> Generator[ResponseStreamEvent, None, None]:
        _, decode = decoders_for(cast(Any, ResponseStreamEvent))
        seen = self._resume_after() if self.resumes else None
        keep = self._raw_items.append
        for batch in self._iter_batches():
            for name, data, _, _ in batch:
                if data[:6] == _DONE:
                    self._drain()
                    return
                if not data or data.isspace():
                    if name == "error":
                        self._raise_if_error(name, data)
                    continue
                if name == "error" or data[:1] != b"{":
                    self._raise_if_error(name, data)
                try:
                    event: Any = decode(data)
                except DECODE_ERRORS as exc:
                    self._raise_if_error(name, data)
                    raise self._undecodable(data, exc) from exc
                if isinstance(event, ResponseErrorEvent):
                    raise self._error_event(event)
                if isinstance(event, UnknownEvent) and "error" in event.__dict__:
                    self._raise_if_error(name, data)
                number = event.sequence_number if type(event.sequence_number) is int else None
                if seen is not None and number is not None and number <= seen:
                    continue  # already yielded before the connection dropped
                if isinstance(event, _TERMINAL) and isinstance(event.response, Response):
                    self._final = event.response
                elif isinstance(event, _SNAPSHOTS) and isinstance(event.response, Response):
                    self._snapshot = event.response
                if number is not None:
                    self.last_sequence_number = number
                keep(data)
                yield event

    def _error_event(self, event: ResponseErrorEvent) -> APIStreamError:
        body = {"code": event.code, "message": event.message, "param": event.param, "type": "error"}
        error = APIStreamError(
            event.message or "An error occurred during streaming",
            body=body,
            items=self.items,
            request_id=self.request_id,
            request=self.request,
        )
        error.sequence_number = event.sequence_number  # type: ignore[attr-defined]
        return error

    def __repr__(self) -> str:
        return f"<ResponseStream [{self.response.status_code}]>"
