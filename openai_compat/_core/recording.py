"""Sessions that record or replay the HTTP exchange of one call: the machinery under
``with_raw_response`` and ``with_streaming_response``.

A resource function reaches the network only through its Session's verbs, and every verb ends in
``Session.send``. A recording Session is a copy of the client's Session (same configuration, same
transport and pool, same subclass behaviour such as Azure's routing) whose ``send`` goes through a
``Tape``, one per call:

- ``record``: the call runs as usual and the tape keeps its first exchange (response, request,
  retries, time taken). A binary download is read at once, since a raw response holds its body.
- ``capture``: the first exchange is sent with its body left on the wire, then ``CallCaptured``
  ends the resource function there, before anything reads the body.
- ``replay``: the first ``send`` hands back a captured exchange instead of going to the network, so
  the resource function decodes that response exactly as the plain call would.

After its first exchange a tape passes every later ``send`` straight through (the next page of a
list, the polls of a ``create_and_poll``).
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, Optional, Tuple

from .._http.transport import Request, Response
from .session import Session

__all__ = ["CallCaptured", "Exchange", "Tape", "recording_session"]

_MODES = ("record", "capture", "replay")


class Exchange:
    """One HTTP exchange of a call: the 2xx response, the last request sent, the retries taken and
    the seconds from the first attempt until the response (its body, unless streamed) arrived."""

    __slots__ = ("elapsed", "request", "response", "retries_taken")

    def __init__(self, response: Response, request: Request, retries_taken: int, elapsed: float) -> None:
        self.response = response
        self.request = request
        self.retries_taken = retries_taken
        self.elapsed = elapsed

    def __repr__(self) -> str:
        return f"<Exchange {self.request.method} {self.request.url} [{self.response.status_code}]>"


class CallCaptured(BaseException):
    """Raised by a capturing ``send`` once the response's headers are in. A ``BaseException``, so an
    ``except Exception`` in a resource function cannot swallow it."""

    def __init__(self, exchange: Exchange) -> None:
        super().__init__("the call was captured before its body was read")
        self.exchange = exchange


class Tape:
    """What one call through a recording Session sent and got (see the module docstring)."""

    def __init__(
        self, mode: str, *, replay: Optional[Exchange] = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if mode not in _MODES:
            raise ValueError(f"mode must be one of {', '.join(_MODES)}, got {mode!r}")
        if (mode == "replay") != (replay is not None):
            raise ValueError("a replaying tape needs the exchange it replays, and only it takes one")
        self.mode = mode
        self.first: Optional[Exchange] = replay
        self.later_send_failed = False
        self._pending_replay = replay
        self._clock = clock

    def send(self, send: Callable[..., Tuple[Response, Request, int]], method: str, path: str,
             options: Dict[str, Any]) -> Tuple[Response, Request, int]:
        """Run ``send(method, path, **options)`` the way this tape's mode asks."""
        replay, self._pending_replay = self._pending_replay, None
        if replay is not None:
            return replay.response, replay.request, replay.retries_taken
        if self.first is not None:  # a later call of the same method: not recorded
            try:
                return send(method, path, **options)
            except BaseException:
                self.later_send_failed = True
                raise
        if self.mode == "capture" and not options.get("stream"):
            # Leave the body on the wire; each later read is bounded by the read timeout.
            options = {**options, "stream": True, "events": False}
        elif self.mode == "record" and options.get("stream") and options.get("events") is False:
            options = {**options, "stream": False}  # a download: a raw response holds the whole body
        started = self._clock()
        response, request, retries = send(method, path, **options)
        self.first = Exchange(response, request, retries, self._clock() - started)
        if self.mode == "capture":
            raise CallCaptured(self.first)
        return response, request, retries


class _RecordingSession(Session):
    """The ``send`` of a recording Session; mixed in before the class of the Session it copies."""

    _tape: Tape

    def send(self, method: str, path: str, **options: Any) -> Tuple[Response, Request, int]:
        return self._tape.send(super().send, method, path, options)

    def __repr__(self) -> str:
        return f"<recording {super().__repr__()[1:-1]} ({self._tape.mode})>"


_CLASSES: Dict[type, type] = {}


def _recording_class(cls: type) -> type:
    found = _CLASSES.get(cls)
    if found is None:
        # Two threads may build it at once: setdefault keeps one, and the other is just dropped.
        made = type(f"Recording{cls.__name__}", (_RecordingSession, cls), {"__module__": __name__})
        found = _CLASSES.setdefault(cls, made)
    return found


def recording_session(session: Session, tape: Tape) -> Session:
    """A copy of ``session`` whose calls go through ``tape``; it shares the transport and the
    configuration, and costs one dictionary copy."""
    while isinstance(session, _RecordingSession):  # a wrapper of a wrapper records once, at the top
        session = session.__dict__["_plain"]
    recorder: _RecordingSession = object.__new__(_recording_class(type(session)))
    recorder.__dict__.update(session.__dict__)
    recorder.__dict__["_plain"] = session
    recorder._tape = tape
    return recorder
