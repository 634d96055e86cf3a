"""``EventStream``: a stream in which every server-sent event is an item of the stream's type.

The Agents API streams events of many kinds, one of which reports an error (``{"type": "error",
"error": {...}}``) without ending the session's stream: later lifecycle events still follow. So,
as openai-python's "events" stream mode does, such an event is yielded like any other, for the
caller to handle in the loop, instead of ending the stream with ``APIStreamError`` as a chat
stream's in-band error does. The stream's own failures (undecodable data, the connection, the
timeouts) still raise.
"""

from __future__ import annotations

from typing import Any, Optional, TypeVar

from .._errors import DECODE_ERRORS
from ..types._codec import decode_untyped
from .stream import _NOT_JSON, Stream

__all__ = ["EventStream"]

T = TypeVar("T")


class EventStream(Stream[T]):
    """A ``Stream`` whose error events are items, not failures (see the module docstring)."""

    def _raise_if_error(self, name: Optional[str], data: bytes) -> Any:
        """The event's decoded JSON (``_NOT_JSON`` if it is not JSON), whatever it reports."""
        try:
            return decode_untyped(data)
        except DECODE_ERRORS:
            return _NOT_JSON
