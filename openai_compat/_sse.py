"""A sans-IO decoder for server-sent events: fed bytes, returns events. No I/O, no JSON.

Strategy (WHATWG HTML "Interpreting an event stream"): split raw bytes into lines on CR, LF or
CRLF, also when a CRLF pair is split across two reads; decode UTF-8 only after splitting, so a
multi-byte character cut between reads survives and U+2028 is not a line break. Lines starting
with ``:`` are comments (keep-alives). ``field: value`` lines fill the event; a blank line
dispatches it if it has data. Unlike openai-python we also strip a leading byte-order mark (as
WHATWG says) and, at the end of the body, flush a last event that lacks its blank line
(user-needs #1: several servers end that way).
"""

from __future__ import annotations

from typing import List, Optional

__all__ = ["SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"


class ServerSentEvent:
    """One dispatched event. ``data`` is the text of its ``data:`` lines joined with ``\\n``."""

    __slots__ = ("event", "raw_data", "id", "retry")

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

    @property
    def data(self) -> str:
        return self.raw_data.decode("utf-8")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        mine = (self.event, self.raw_data, self.id, self.retry)
        return mine == (other.event, other.raw_data, other.id, other.retry)

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={self.raw_data!r}, id={self.id!r}, retry={self.retry!r})"


class SSEDecoder:
    """Incremental event-stream parser: ``feed(chunk)`` as bytes arrive, ``end()`` at end of body."""

    __slots__ = ("_pending", "_skip_lf", "_started", "_event", "_data", "_last_id", "_retry")

    def __init__(self) -> None:
        self._pending = b""  # an incomplete line carried over to the next chunk
        self._skip_lf = False  # the previous chunk ended in CR: a LF starting this one is that line's end
        self._started = False
        self._event: Optional[str] = None
        self._data: List[bytes] = []
        self._last_id: Optional[str] = None  # sticky across events, as WHATWG says
        self._retry: Optional[int] = None

    @property
    def last_event_id(self) -> Optional[str]:
        return self._last_id

    def feed(self, chunk: bytes) -> List[ServerSentEvent]:
        """Consume ``chunk``; return the events it completed (often none, sometimes several)."""
        if not chunk:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
                if not chunk:
                    return []
        if not self._started:
            chunk = self._pending + chunk
            self._pending = b""
            if len(chunk) < len(_BOM) and _BOM.startswith(chunk):
                self._pending = chunk
                return []
            self._started = True
            if chunk.startswith(_BOM):
                chunk = chunk[len(_BOM) :]
        elif self._pending:
            chunk = self._pending + chunk
        lines = chunk.splitlines(True)  # bytes.splitlines breaks on \n, \r and \r\n only
        last = lines[-1] if lines else b""
        if last.endswith(b"\r"):
            self._skip_lf = True
            self._pending = b""
        elif last.endswith(b"\n"):
            self._pending = b""
        else:
            self._pending = lines.pop()
        events: List[ServerSentEvent] = []
        for line in lines:
            event = self._line(line.rstrip(b"\r\n"))
            if event is not None:
                events.append(event)
        return events

    def end(self) -> List[ServerSentEvent]:
        """The body ended: finish a last line and a last event that had no terminating blank line."""
        events: List[ServerSentEvent] = []
        if self._pending:
            pending, self._pending = self._pending, b""
            if not self._started and pending.startswith(_BOM):
                pending = pending[len(_BOM) :]
            self._line(pending)
        last = self._line(b"")
        if last is not None:
            events.append(last)
        self._skip_lf = False
        return events

    def _line(self, line: bytes) -> Optional[ServerSentEvent]:
        if not line:
            return self._dispatch()
        if line[0] == 0x3A:  # ":" starts a comment
            return None
        field, colon, value = line.partition(b":")
        if colon and value[:1] == b" ":
            value = value[1:]
        if field == b"data":
            self._data.append(value)
        elif field == b"event":
            self._event = value.decode("utf-8", errors="replace")
        elif field == b"id":
            if b"\0" not in value:
                self._last_id = value.decode("utf-8", errors="replace")
        elif field == b"retry":
            if value.isdigit():
                self._retry = int(value)
        return None

    def _dispatch(self) -> Optional[ServerSentEvent]:
        data, event, retry = self._data, self._event, self._retry
        self._event = None
        self._retry = None
        if not data:
            # WHATWG: no data lines, no event (this also avoids openai-python's sticky-id empty events).
            return None
        self._data = []
        joined = data[0] if len(data) == 1 else b"\n".join(data)
        return ServerSentEvent(event=event, data=joined, id=self._last_id, retry=retry)
