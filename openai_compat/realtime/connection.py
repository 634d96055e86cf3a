"""A blocking connection to one of the WebSocket APIs (Realtime, Responses over WebSocket, Live...):
send client events, receive typed server events, reconnect when the socket drops.

    with client.realtime.connect(model="gpt-realtime") as connection:
        connection.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        for event in connection:          # ends when the server closes normally (1000)
            ...

- ``recv(timeout=...)`` raises ``APITimeoutError`` when no event started to arrive in time; the
  connection stays open and usable.
- A close other than 1000 (or a dropped connection, 1006) raises ``RealtimeConnectionClosedError``
  with ``close_code`` and ``close_reason`` -- unless the connection reconnects on its own
  (``on_reconnecting``): then reading goes on over a new socket. Reconnecting happens in the thread
  that reads; sends made meanwhile wait in the bounded send queue and go out, in order, once the
  new socket is open (after the session configuration, see ``recovery.SessionMemory``).
- ``error`` events are delivered, not raised (openai-python does the same): most leave the session
  usable. ``raise_for_error(event)`` raises one on request; ``dispatch_events()`` raises one that no
  handler takes.
"""

from __future__ import annotations

import contextlib
import threading
import time
from types import TracebackType
from typing import Any, ClassVar, Generic, Iterator, Mapping, NoReturn, Optional, Tuple, TypeVar, Union

import msgspec

from .._core.logs import logger
from .._errors import (
    DECODE_ERRORS,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
)
from .._websocket_errors import WebSocketConnectionClosedError
from ..types._codec import decode_untyped, decoder_for, encode_json
from ..types.websocket_reconnection import ReconnectingEvent, is_recoverable_close
from .channel import NORMAL_CLOSURE, Channel, RealtimeConnectionClosedError
from .endpoint import Endpoint
from .handlers import EventDispatch, EventHandlers, RealtimeAPIError
from .recovery import Frame, ReconnectPolicy, SendQueue, SessionMemory, is_progress

__all__ = ["RealtimeAPIError", "RealtimeConnectionClosedError", "WebSocketConnection"]

C = TypeVar("C", bound="WebSocketConnection[Any]")
E = TypeVar("E")  # the server events of one API


class WebSocketConnection(EventDispatch, Generic[E]):
    """One session over a WebSocket; made by a ``connect()`` manager (``with ... as connection``).
    ``url`` is where the current socket's handshake ended, ``response_headers`` its answer's headers."""

    event_type: ClassVar[Any]  # the open union that server events decode into
    restored_events: ClassVar[frozenset[str]] = frozenset()  # client events a reconnect sends again

    def __init__(
        self,
        endpoint: Endpoint,
        channel: Channel,
        *,
        policy: Optional[ReconnectPolicy] = None,
        queue: Optional[SendQueue] = None,
        memory: Optional[SessionMemory] = None,
        handlers: Optional[EventHandlers] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
    ) -> None:
        self._endpoint = endpoint
        self._channel = channel
        self._policy = policy
        self._queue = queue if queue is not None else SendQueue()
        self._memory = memory if memory is not None else SessionMemory(self.restored_events)
        self._handlers = handlers if handlers is not None else EventHandlers()
        self._extra_query: Mapping[str, Any] = dict(extra_query or {})
        self._extra_headers: Mapping[str, Any] = dict(extra_headers or {})
        self._state_lock = threading.Lock()  # the socket swap, and whether sends wait in the queue
        self._read_lock = threading.Lock()  # one reader at a time; it is the one that reconnects
        self._closing = threading.Event()  # close() ends a reconnect's wait at once
        self._holding = False  # sends go to the queue: before the first flush and during a reconnect
        self._finished = False  # no more reconnects: closed by the user, or given up
        self._user_close: Optional[Tuple[int, str]] = None  # close()'s code and reason
        self._attempt = 0  # reconnect attempts since the last event received
        self._stop_cause: Optional[BaseException] = None  # an on_reconnecting callback that raised

    # -- the current socket ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        return self._channel.url

    @property
    def response_headers(self) -> Mapping[str, str]:
        return self._channel.response_headers

    @property
    def close_code(self) -> Optional[int]:
        return self._user_close[0] if self._user_close else self._channel.close_code

    @property
    def close_reason(self) -> Optional[str]:
        return self._user_close[1] if self._user_close else self._channel.close_reason

    @property
    def closed(self) -> bool:
        return self._channel.closed

    @property
    def last_pong(self) -> Optional[float]:
        """``time.monotonic()`` when a read last saw a pong (an answer to the keep-alive pings)."""
        return self._channel.last_pong

    # -- sending --------------------------------------------------------------------------------

    def send(self, event: Union[Mapping[str, Any], msgspec.Struct]) -> None:
        """Send a client event: a typed event or a dict with a ``type``, as one JSON text frame.
        Safe to call from several threads. While the connection reconnects, the event waits in the
        send queue (``WebSocketQueueFullError`` if it does not fit)."""
        text = encode_json(event).decode("utf-8")
        self.send_raw(text)
        kind = event.get("type") if isinstance(event, Mapping) else getattr(event, "type", None)
        if kind in self._memory.event_types:
            self._memory.note(decode_untyped(text))

    def send_raw(self, data: Frame) -> None:
        """Send one message as it is: ``str`` as a text frame, ``bytes`` as a binary frame."""
        while True:
            with self._state_lock:
                if self._finished:
                    raise self._closed_error()
                if self._holding:
                    self._queue.put(data)
                    return
                channel = self._channel
            try:
                channel.send(data)
                return
            except RealtimeConnectionClosedError as closed:
                if not self._reconnects_after(closed.close_code):
                    raise
                with self._state_lock:
                    if self._finished:
                        raise
                    if self._channel is not channel and not self._holding:
                        continue  # another thread already put a new socket in place: send there
                    self._holding = True  # the reader's next read reconnects, then sends the queue
                    self._queue.put(data)
                channel.abort()  # wake a reader blocked on the dead socket
                return

    def _reconnects_after(self, close_code: int) -> bool:
        return self._policy is not None and self._policy.enabled and is_recoverable_close(close_code)

    # -- receiving ------------------------------------------------------------------------------

    def recv(self, timeout: Optional[float] = None) -> E:
        """The next server event, typed (an unknown ``type`` decodes to the API's ``Unknown...``
        event, which keeps every field). ``timeout`` seconds (``None``: as long as it takes):
        ``APITimeoutError`` when it runs out, the connection staying usable. A close that does not
        lead to a reconnect raises ``RealtimeConnectionClosedError``, or
        ``WebSocketConnectionClosedError`` when sent messages were still waiting in the queue."""
        return self.parse_event(self.recv_bytes(timeout=timeout))

    def recv_bytes(self, timeout: Optional[float] = None) -> bytes:
        """The next text or binary message as bytes, undecoded (``recv`` with the same rules)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        wait = -1 if deadline is None else max(0.0, deadline - time.monotonic())
        if not self._read_lock.acquire(timeout=wait):
            raise APITimeoutError(
                self._channel.request, message=f"No WebSocket message within {timeout} s (another thread is reading)"
            )
        try:
            while True:
                channel = self._channel
                try:
                    data = channel.read(deadline, timeout)
                except RealtimeConnectionClosedError as closed:
                    if self._channel is not channel and not self._finished:
                        continue  # reconnect() from another thread put a new socket in place
                    if not self._recover(closed):
                        self._raise_closed(closed)
                    continue
                if self._attempt and is_progress(data):
                    self._attempt = 0  # a working session again: the next drop gets every attempt
                return data
        finally:
            self._read_lock.release()

    def parse_event(self, data: Union[bytes, str]) -> E:
        """Decode one server event; ``APIResponseValidationError`` (raw bytes kept) if it is not one."""
        try:
            event: E = decoder_for(type(self).event_type)(data)
            return event
        except DECODE_ERRORS as exc:
            raw = data if isinstance(data, bytes) else data.encode("utf-8")
            raise APIResponseValidationError(f"Invalid WebSocket server event: {exc}", raw_body=raw) from None

    def __iter__(self) -> Iterator[E]:
        """Server events until the connection closes normally (code 1000)."""
        while True:
            try:
                event = self.recv()
            except RealtimeConnectionClosedError as exc:
                if exc.close_code == NORMAL_CLOSURE:
                    return
                raise
            yield event

    # -- reconnecting ---------------------------------------------------------------------------

    def reconnect(self, *, replay_session: bool = True) -> None:
        """Open a new socket now, with the same arguments and fresh credentials (for instance after a
        session limit: ``should_retry`` on the error), whether or not ``on_reconnecting`` was given.

        The server starts a new session: the conversation is not carried over. With
        ``replay_session``, the session configuration sent so far (merged) goes first on the new
        socket; then the messages waiting in the send queue.
        """
        channel = self._endpoint.open_channel(self._extra_query, self._extra_headers)
        with self._state_lock:
            old, self._channel = self._channel, channel
            self._finished, self._user_close = False, None
            self._holding = True
            self._attempt = 0
            self._stop_cause = None
        self._closing.clear()
        old.close(timeout=self._endpoint.options.close_timeout)  # a reader blocked on it moves on
        if replay_session:
            self._restore(channel)
        self._flush(channel)

    def _recover(self, closed: RealtimeConnectionClosedError) -> bool:
        """In the reading thread, after the socket closed: reconnect if the policy says so."""
        policy = self._policy
        if policy is not None and self._reconnects_after(closed.close_code):
            with self._state_lock:
                recovering = not self._finished
                self._holding = self._holding or recovering
            if recovering and self._reconnect_loop(policy, closed.close_code):
                return True
        with self._state_lock:
            self._finished = True
            self._holding = False
        return False

    def _reconnect_loop(self, policy: ReconnectPolicy, close_code: int) -> bool:
        for attempt in range(self._attempt + 1, policy.max_retries + 1):
            self._attempt = attempt
            delay = policy.delay(attempt)
            event = ReconnectingEvent(
                attempt=attempt, max_attempts=policy.max_retries, delay=delay, close_code=close_code,
                extra_query=dict(self._extra_query), extra_headers=dict(self._extra_headers),
            )
            if not self._ask(policy, event):
                return False
            logger.info("Reconnecting to WebSocket API (attempt %d/%d) after %.1fs delay", attempt,
                        policy.max_retries, delay)
            if self._closing.wait(delay):
                return False
            try:
                channel = self._endpoint.open_channel(self._extra_query, self._extra_headers)
            except (APIConnectionError, APIStatusError) as exc:  # each failed handshake uses an attempt
                logger.info("WebSocket reconnect attempt %d failed: %s", attempt, exc)
                continue
            if not self._install(channel):
                return False
            try:
                self._restore(channel)
                self._flush(channel)
            except RealtimeConnectionClosedError as again:
                close_code = again.close_code
                if not is_recoverable_close(close_code):
                    return False
                continue
            logger.info("Reconnected to WebSocket API")
            return True
        return False

    def _ask(self, policy: ReconnectPolicy, event: ReconnectingEvent) -> bool:
        """Call ``on_reconnecting``: ``False`` to stop (``abort``, or the callback raised)."""
        assert policy.on_reconnecting is not None
        try:
            overrides = policy.on_reconnecting(event)
        except Exception as exc:  # raised later as the cause of the close error
            self._stop_cause = exc
            return False
        if overrides:
            if overrides.get("abort"):
                return False
            if "extra_query" in overrides:
                self._extra_query = dict(overrides["extra_query"])
            if "extra_headers" in overrides:
                self._extra_headers = dict(overrides["extra_headers"])
        return True

    def _install(self, channel: Channel) -> bool:
        with self._state_lock:
            installed = not self._finished and not self._closing.is_set()
            old = self._channel
            if installed:
                self._channel = channel
        if not installed:
            channel.close(timeout=0.5)  # close() came during the handshake: this socket is not wanted
            return False
        old.close(timeout=0.5)  # closed already (it dropped): this releases its socket and pinger
        return True

    def _restore(self, channel: Channel) -> None:
        for event in self._memory.events():
            channel.send(encode_json(event).decode("utf-8"))

    def _flush(self, channel: Channel) -> None:
        """Send the queue on ``channel``, oldest first; a message leaves it once sent."""
        while True:
            with self._state_lock:
                frame = self._queue.peek()
                if frame is None or self._finished:
                    self._holding = False
                    return
            channel.send(frame)
            self._queue.pop()

    def _start(self) -> None:
        """Send what was queued before the connection opened (``manager.send``)."""
        if not len(self._queue):
            return
        with self._state_lock:
            self._holding = True
        # On failure the rest stays queued: the first read reconnects and sends it, or reports it unsent.
        with contextlib.suppress(RealtimeConnectionClosedError):
            self._flush(self._channel)

    def _raise_closed(self, closed: RealtimeConnectionClosedError) -> NoReturn:
        if self._user_close is not None:  # the close the user asked for, not a drop before it
            closed = self._closed_error()
        if self._stop_cause is not None:  # the on_reconnecting callback that raised
            closed.__cause__ = self._stop_cause
        unsent = self._queue.take_all()
        if unsent:
            error = WebSocketConnectionClosedError("WebSocket connection closed with unsent messages",
                                                   unsent_messages=unsent)
            raise error from closed
        raise closed

    # -- closing --------------------------------------------------------------------------------

    def _closed_error(self) -> RealtimeConnectionClosedError:
        if self._user_close is not None:
            return RealtimeConnectionClosedError(*self._user_close, request=self._channel.request)
        return self._channel.closed_error()

    def close(self, code: int = NORMAL_CLOSURE, reason: str = "", *, timeout: Optional[float] = None) -> None:
        """Send a close frame and wait up to ``timeout`` seconds (``close_timeout``, 3 by default)
        for the server's; idempotent. A reconnect in progress stops.

        Another thread blocked in ``recv`` (or iterating) then ends as this close: iteration stops
        quietly after a 1000, and ``recv`` raises ``RealtimeConnectionClosedError`` with ``code``."""
        with self._state_lock:
            if self._user_close is None and not self._finished:  # else it closed already: its code stays
                self._user_close = (code, reason)
            self._finished = True
            self._holding = False
            channel = self._channel
        self._closing.set()
        channel.close(code, reason, timeout=self._endpoint.options.close_timeout if timeout is None else timeout)
        if len(self._queue):
            logger.warning("WebSocket closed with %d queued messages unsent (a read reports them)", len(self._queue))

    def __enter__(self: C) -> C:
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url} {'closed' if self.closed else 'open'}>"
