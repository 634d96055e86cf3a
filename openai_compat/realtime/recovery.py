"""What a WebSocket connection needs to survive a reconnect: the bounded queue of messages sent
while there is no socket to send them on, the backoff policy, and the session configuration a new
socket is given again.

openai-python 3.57 is the reference: the same ``max_queue_size`` (bytes, 1 MiB by default) with
``WebSocketQueueFullError`` when a message does not fit, the same ``on_reconnecting`` callback and
``ReconnectingEvent``, the same backoff (``initial_delay`` doubled per attempt up to ``max_delay``,
times a jitter between 0.75 and 1). Where this library does better, it says so below.
"""

from __future__ import annotations

import collections
import random
import threading
from typing import Any, Callable, Deque, Dict, FrozenSet, List, Mapping, Optional, Union

from .._errors import DECODE_ERRORS
from .._websocket_errors import WebSocketQueueFullError
from ..types._codec import decode_untyped
from ..types.websocket_reconnection import ReconnectingEvent, ReconnectingOverrides

__all__ = ["DEFAULT_MAX_QUEUE_SIZE", "OnReconnecting", "ReconnectPolicy", "SendQueue", "SessionMemory", "is_progress"]

DEFAULT_MAX_QUEUE_SIZE = 1_048_576  # bytes, as openai-python
Frame = Union[str, bytes]
OnReconnecting = Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]


class SendQueue:
    """Messages waiting for a socket, oldest first, bounded by their total size in bytes.

    Thread-safe. A message leaves the queue only once it was sent (``peek``, then ``pop`` after the
    send succeeded), so a socket that drops in the middle of a flush loses nothing: the rest goes
    on the next socket. (openai-python drops the message whose send failed.)
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_QUEUE_SIZE) -> None:
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
            raise ValueError(f"max_queue_size must be a positive number of bytes, not {max_bytes!r}")
        self.max_bytes = max_bytes
        self._frames: Deque[Frame] = collections.deque()
        self._bytes = 0
        self._lock = threading.Lock()

    def put(self, frame: Frame) -> None:
        """Queue ``frame``; ``WebSocketQueueFullError`` if it does not fit (it is then not queued)."""
        size = _size(frame)
        with self._lock:
            if self._bytes + size > self.max_bytes:
                raise WebSocketQueueFullError(
                    f"The WebSocket send queue is full ({self._bytes} of max_queue_size={self.max_bytes} bytes "
                    f"held while the connection is not open): this message of {size} bytes was not sent"
                )
            self._frames.append(frame)
            self._bytes += size

    def peek(self) -> Optional[Frame]:
        with self._lock:
            return self._frames[0] if self._frames else None

    def pop(self) -> None:
        """Drop the oldest message (it was sent)."""
        with self._lock:
            self._bytes -= _size(self._frames.popleft())

    def take_all(self) -> List[Frame]:
        """Empty the queue and return what it held, oldest first."""
        with self._lock:
            frames = list(self._frames)
            self._frames.clear()
            self._bytes = 0
            return frames

    @property
    def size(self) -> int:
        """The bytes held."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._frames)


def _size(frame: Frame) -> int:
    return len(frame.encode("utf-8")) if isinstance(frame, str) else len(frame)


class ReconnectPolicy:
    """When and how often to reconnect. ``random`` (a ``random.random``-like function) is there so
    tests can fix the jitter."""

    def __init__(
        self,
        on_reconnecting: Optional[OnReconnecting],
        *,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        random: Callable[[], float] = random.random,
    ) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError(f"max_retries must be an int >= 0, not {max_retries!r}")
        for name, value in (("initial_delay", initial_delay), ("max_delay", max_delay)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
                raise ValueError(f"{name} must be a number of seconds >= 0, not {value!r}")
        self.on_reconnecting = on_reconnecting
        self.max_retries = max_retries
        self.initial_delay = float(initial_delay)
        self.max_delay = float(max_delay)
        self.random = random

    @property
    def enabled(self) -> bool:
        # As in openai-python, a connection reconnects on its own only when given on_reconnecting:
        # a new socket is a new server session, which the application should get to hear about.
        return self.on_reconnecting is not None and self.max_retries > 0

    def delay(self, attempt: int) -> float:
        """Seconds before ``attempt`` (from 1): doubling from ``initial_delay`` up to ``max_delay``,
        times a jitter in [0.75, 1) so that many clients do not come back all at once."""
        base = min(self.initial_delay * 2.0 ** (attempt - 1), self.max_delay)
        return base * (0.75 + self.random() * 0.25)


def is_progress(data: bytes) -> bool:
    """Whether a message is an event other than ``error``: after a reconnect, a sign that the new
    session works, so that the next drop gets every attempt again (as openai-python counts)."""
    try:
        value = decode_untyped(data)
    except DECODE_ERRORS:
        return False
    return isinstance(value, dict) and isinstance(value.get("type"), str) and value["type"] not in ("", "error")


class SessionMemory:
    """The configuration events sent so far (``session.update``, say), merged, so that a reconnect
    can give the new server session the same configuration. openai-python sends nothing again: its
    new session silently starts with the server's defaults (other instructions, voice, tools).

    Updates are partial (the API changes only the fields present, and ``null`` clears one), so
    they are merged key by key, recursively, into one event per type; lists are replaced whole.
    """

    def __init__(self, event_types: FrozenSet[str] = frozenset()) -> None:
        self.event_types = event_types
        self._merged: Dict[str, Dict[str, Any]] = {}
        self._lock = threading.Lock()

    def note(self, event: Mapping[str, Any]) -> None:
        kind = event.get("type")
        if kind not in self.event_types:
            return
        update = {key: value for key, value in event.items() if key != "event_id"}
        with self._lock:
            self._merged[kind] = _merge(self._merged.get(kind, {}), update)

    def events(self) -> List[Dict[str, Any]]:
        """One merged event per type, in the order the types were first sent."""
        with self._lock:
            return list(self._merged.values())

    def __bool__(self) -> bool:
        return bool(self._merged)


def _merge(base: Dict[str, Any], update: Mapping[str, Any]) -> Dict[str, Any]:
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = _merge({}, value) if isinstance(value, Mapping) else value
    return merged
