"""A sans-IO decoder for server-sent events: fed bytes, returns events. No I/O, no JSON.

Strategy (WHATWG HTML "Interpreting an event stream"): split raw bytes into lines on CR, LF or
CRLF, also when a CRLF pair is split across two reads; decode UTF-8 only after splitting, so a
multi-byte character cut between reads survives and U+2028 is not a line break. Lines starting
with ``:`` are comments (keep-alives). ``field: value`` lines fill the event; a blank line
dispatches it if it has data. Unlike openai-python we also strip a leading byte-order mark (as
WHATWG says) and, at the end of the body, flush a last event that lacks its blank line
(several compatible servers end a stream that way).

Cost is linear in the body size: an incomplete line waits in a ``bytearray`` and only the new
bytes are searched for a line break, so a multi-megabyte ``data:`` line read in small pieces is
not rescanned on every read.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from .._errors import APIResponseValidationError

__all__ = ["DEFAULT_MAX_EVENT_SIZE", "RawEvent", "SSEDecoder", "ServerSentEvent"]

# (event, data, id, retry): what the decoder produces. Tuples, because building an object per
# event cost more than parsing it; ``feed`` wraps them in ``ServerSentEvent`` for callers.
RawEvent = Tuple[Optional[str], bytes, Optional[str], Optional[int]]

_BOM = b"\xef\xbb\xbf"
_DATA = b"data: "  # the usual spelling, taken on a fast path; every other line goes through _field

# The largest event a stream accepts, in bytes on the wire. Twice the 64 MiB events that must get
# through intact (openai-python's regression test; a base64 image or a long reasoning trace can be
# that big), with room for the field names and the up-to-one-read the count may run over; still a
# bound on the memory a misbehaving server can take (about three times this, while an event is
# joined). Configurable per client: ``Client(max_event_size=...)``.
DEFAULT_MAX_EVENT_SIZE = 128 * 1024 * 1024


class ServerSentEvent:
    """One dispatched event. ``data`` is the text of its ``data:`` lines joined with ``\\n``."""

    __slots__ = ("event", "id", "raw_data", "retry")

    def __init__(
        self,
        *,
        event: Optional[str] = None,
        data: bytes = b"",
        id: Optional[str] = None,
        retry: Optional[int] = None,
    ) -> None:
        self.event = event
        self.raw_data = data
        self.id = id
        self.retry = retry

    @classmethod
    def from_raw(cls, raw: RawEvent) -> ServerSentEvent:
        """The event for a ``(event, data, id, retry)`` tuple from ``SSEDecoder.feed_raw``."""
        event, data, last_id, retry = raw
        return cls(event=event, data=data, id=last_id, retry=retry)

    @property
    def data(self) -> str:
        return self.raw_data.decode("utf-8")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        mine = (self.event, self.raw_data, self.id, self.retry)
        return mine == (other.event, other.raw_data, other.id, other.retry)

    __hash__ = None  # type: ignore[assignment]  # compared by value and mutable, so unhashable

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={self.raw_data!r}, id={self.id!r}, retry={self.retry!r})"


class SSEDecoder:
    """Incremental event-stream parser: ``feed(chunk)`` as bytes arrive, ``end()`` at end of body.

    An event growing past ``max_event_size`` bytes (``None``: no limit) raises
    ``APIResponseValidationError`` whose ``raw_body`` holds the first KiB of its data. The size is
    checked once per ``feed``, not per event, and counts the event's lines as they came (field
    names included), so it may run over by up to one chunk before it is caught.
    """

    __slots__ = (
        "_data", "_event", "_held", "_last_id", "_max_event_size", "_pending", "_retry", "_skip_lf", "_started"
    )

    def __init__(self, max_event_size: Optional[int] = DEFAULT_MAX_EVENT_SIZE) -> None:
        if max_event_size is not None and (isinstance(max_event_size, bool) or max_event_size <= 0):
            raise ValueError(f"max_event_size must be a positive number of bytes or None, got {max_event_size!r}")
        self._max_event_size: float = float("inf") if max_event_size is None else max_event_size
        self._held = 0  # bytes of complete lines in the event that is still open (an upper bound)
        self._pending = bytearray()  # an incomplete line carried over to the next chunk
        self._skip_lf = False  # the previous chunk ended in CR: a LF starting this one is that line's end
        self._started = False  # past the point where a byte-order mark may appear
        self._event: Optional[str] = None
        self._data: List[bytes] = []
        self._last_id: Optional[str] = None  # sticky across events, as WHATWG says
        self._retry: Optional[int] = None

    @property
    def last_event_id(self) -> Optional[str]:
        return self._last_id

    def feed(self, chunk: bytes) -> List[ServerSentEvent]:
        """Consume ``chunk``; return the events it completed (often none, sometimes several)."""
        return [ServerSentEvent.from_raw(raw) for raw in self.feed_raw(chunk)]

    def end(self) -> List[ServerSentEvent]:
        """The body ended: finish a last line and a last event that had no terminating blank line."""
        return [ServerSentEvent.from_raw(raw) for raw in self.end_raw()]

    def feed_raw(self, chunk: bytes) -> List[RawEvent]:
        """``feed`` for hot loops: the events as ``(event, data, id, retry)`` tuples."""
        if not chunk:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if chunk[0] == 0x0A:
                chunk = chunk[1:]
                if not chunk:
                    return []
        pending = self._pending
        if not self._started:
            # WHATWG: one leading U+FEFF is dropped; its three bytes may come in separate reads.
            pending += chunk
            if len(pending) < len(_BOM) and _BOM.startswith(pending):
                return []
            self._started = True
            chunk = bytes(pending[len(_BOM) :] if pending.startswith(_BOM) else pending)
            pending.clear()
            if not chunk:
                return []
        # Everything up to the last CR or LF is complete lines; the rest waits for the next read.
        cut = max(chunk.rfind(b"\n"), chunk.rfind(b"\r")) + 1
        if not cut:
            pending += chunk
            if len(pending) + self._held > self._max_event_size:
                raise self._too_large()
            return []
        if pending:
            pending += chunk[:cut]
            block = bytes(pending)
            pending.clear()
        else:
            block = chunk[:cut] if cut < len(chunk) else chunk
        if cut < len(chunk):
            pending += chunk[cut:]
        elif block[-1] == 0x0D:
            self._skip_lf = True  # a LF at the start of the next read completes this CR's CRLF
        if self._data or self._event is not None or self._retry is not None or b"\r" in block:
            events = self._lines(block.splitlines())
        else:
            events = self._blocks(block)
        if self._data:
            # An event goes on into the next read. Count what it holds once per read, never per
            # event: all of this block if an event ended in it (an upper bound), else a running sum.
            self._held = len(block) if events else self._held + len(block)
            if self._held + len(pending) > self._max_event_size:
                raise self._too_large()
        elif self._held:
            self._held = 0
        return events

    def end_raw(self) -> List[RawEvent]:
        """``end`` for hot loops: the last events as tuples."""
        lines = [bytes(self._pending)] if self._pending else []
        self._pending.clear()
        self._skip_lf = False
        lines.append(b"")
        return self._lines(lines)

    def _too_large(self) -> APIResponseValidationError:
        if self._data:
            start = self._data[0][:1024]
        else:  # one long line, still in ``_pending`` from its start: keep what follows "data:"
            field, _, value = bytes(self._pending[:1031]).partition(b":")
            start = (value[1:] if value[:1] == b" " else value) if field == b"data" else field
            start = start[:1024]
        self._data = []  # what was held is dropped: the stream cannot go on after this
        self._pending.clear()
        self._held = 0
        return APIResponseValidationError(
            f"A server-sent event is larger than max_event_size ({self._max_event_size:.0f} bytes). If such "
            "events are expected, raise the limit: Client(max_event_size=...).",
            raw_body=start,
        )

    def _blocks(self, block: bytes) -> List[RawEvent]:
        """Fast path for LF-only text between events: most events are one ``data: `` line.

        ``block`` ends with a line break; each ``\n\n`` ends an event. Anything unusual in an
        event (several lines, other fields, comments) goes through ``_lines`` in order.
        """
        pieces = block.split(b"\n\n")
        tail = pieces.pop()  # the lines of an event whose blank line has not arrived yet
        last_id = self._last_id
        events: List[RawEvent]
        if block.count(b"\n") - tail.count(b"\n") == 2 * len(pieces) and all(p.startswith(_DATA) for p in pieces):
            # Every finished event is one ``data: `` line (the way OpenAI and most servers
            # stream): the whole read is done in one pass.
            events = [(None, piece[6:], last_id, None) for piece in pieces]
            if tail:
                events.extend(self._lines(tail.splitlines()))
            return events
        events = []
        for piece in pieces:
            if piece[:6] == _DATA and b"\n" not in piece:
                events.append((None, piece[6:], last_id, None))
            else:
                lines = piece.split(b"\n")
                lines.append(b"")
                events.extend(self._lines(lines))
                last_id = self._last_id
        if tail:
            events.extend(self._lines(tail.splitlines()))
        return events

    def _lines(self, lines: List[bytes]) -> List[RawEvent]:
        events: List[RawEvent] = []
        data = self._data
        for line in lines:
            if not line:
                if data:
                    events.append(self._dispatch())
                    data = self._data
                else:
                    # WHATWG: no data lines, no event (this also avoids openai-python's sticky-id
                    # empty events); the event type and retry of the empty event are dropped.
                    self._event = None
                    self._retry = None
            elif line[:6] == _DATA:
                data.append(line[6:])
            else:
                self._field(line)
        return events

    def _field(self, line: bytes) -> None:
        if line[0] == 0x3A:  # ":" starts a comment
            return
        field, colon, value = line.partition(b":")
        if colon and value[:1] == b" ":
            value = value[1:]  # exactly one space is part of the syntax, more are data
        if field == b"data":
            self._data.append(value)
        elif field == b"event":
            self._event = value.decode("utf-8", errors="replace")
        elif field == b"id":
            if b"\0" not in value:  # WHATWG: an id with a NUL is ignored
                self._last_id = value.decode("utf-8", errors="replace")
        elif field == b"retry" and value.isdigit():  # ASCII digits only; anything else is ignored
            self._retry = int(value)

    def _dispatch(self) -> RawEvent:
        data = self._data
        # WHATWG: an empty event type means the default ("message"); report it as no type.
        event = (self._event or None, data[0] if len(data) == 1 else b"\n".join(data), self._last_id, self._retry)
        self._data = []
        self._event = None
        self._retry = None
        return event

