"""A blocking Realtime API session over one WebSocket (websocket-client): send client events,
receive typed server events.

    with client.realtime.connect(model="gpt-realtime") as connection:
        connection.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        for event in connection:          # ends when the server closes normally (1000)
            ...

- ``recv(timeout=...)`` raises ``APITimeoutError`` when no event started to arrive in time; the
  connection stays open and usable.
- A close other than 1000 (or a dropped connection, 1006) raises ``RealtimeConnectionClosedError``
  with ``close_code`` and ``close_reason``; ``should_retry`` tells the codes worth reconnecting after,
  and ``reconnect()`` opens a new socket, sending the last ``session.update`` again.
- ``error`` events are delivered as ``RealtimeErrorEvent``, not raised (openai-python does the same):
  most leave the session usable. ``raise_for_error(event)`` raises one on request.
- ``ping_interval`` seconds: a daemon thread sends WebSocket pings while the connection is open,
  so proxies and NATs do not drop an idle session. Sends from any thread share one lock.
"""

from __future__ import annotations

import select
import socket
import ssl
import struct
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Optional, Tuple, Union

import msgspec

from .._core.logs import logger
from .._errors import DECODE_ERRORS, APIConnectionError, APIError, APIResponseValidationError, APITimeoutError
from ..types._codec import decoder_for, encode_json
from ..types.realtime_server_events import RealtimeErrorEvent, RealtimeServerEvent
from .namespaces import (
    ConversationResource,
    InputAudioBufferResource,
    OutputAudioBufferResource,
    ResponseResource,
    SessionResource,
)

if TYPE_CHECKING:
    import websocket

    from .._http.transport import Request

__all__ = ["RealtimeAPIError", "RealtimeConnection", "RealtimeConnectionClosedError"]

NORMAL_CLOSURE = 1000
# Close codes after which a new connection may well succeed (openai-python reconnects on these).
RECOVERABLE_CLOSE_CODES = frozenset({1001, 1005, 1006, 1011, 1012, 1013, 1015})


class RealtimeConnectionClosedError(APIConnectionError):
    """The Realtime WebSocket closed: ``close_code`` (1006 if it dropped without a close frame)
    and ``close_reason``. Iterating a connection ends quietly on 1000 and raises this otherwise."""

    def __init__(self, close_code: int, close_reason: str = "", *, request: Optional[Request] = None) -> None:
        detail = f": {close_reason}" if close_reason else ""
        super().__init__(
            message=f"Realtime connection closed with code {close_code}{detail}",
            request=request,
            should_retry=close_code in RECOVERABLE_CLOSE_CODES,
        )
        self.close_code = close_code
        self.close_reason = close_reason


class RealtimeAPIError(APIError):
    """An ``error`` event, raised by ``raise_for_error``; ``event`` is the event, and ``code``,
    ``param``, ``type`` come from its ``error``."""

    def __init__(self, event: RealtimeErrorEvent) -> None:
        error = event.error
        super().__init__(f"Realtime error: {error.message}", None, body=error.to_dict())
        self.event = event


class RealtimeConnection:
    """One open Realtime session; made by ``client.realtime.connect(...)``. Close it (or use it as a
    context manager). ``url`` is where the handshake ended; ``response_headers`` its answer's headers."""

    def __init__(
        self,
        ws: websocket.WebSocket,
        *,
        url: str,
        request: Optional[Request] = None,
        ping_interval: Optional[float] = None,
        reopen: Optional[Callable[[], Tuple[websocket.WebSocket, str, Request]]] = None,
    ) -> None:
        if ping_interval is not None and ping_interval <= 0:
            raise ValueError("ping_interval must be a positive number of seconds, or None")
        self._ping_interval = ping_interval
        self._reopen = reopen
        self._send_lock = threading.Lock()
        # Held while a thread reads, so that close() can tell whether a reader is blocked in recv.
        self._read_lock = threading.Lock()
        self._last_session_update: Optional[str] = None
        self.session = SessionResource(self)
        self.response = ResponseResource(self)
        self.input_audio_buffer = InputAudioBufferResource(self)
        self.output_audio_buffer = OutputAudioBufferResource(self)
        self.conversation = ConversationResource(self)
        self._attach(ws, url, request)

    def _attach(self, ws: websocket.WebSocket, url: str, request: Optional[Request]) -> None:
        """Take ``ws`` as this connection's socket (on creation and on ``reconnect``)."""
        self._ws = ws
        self.url = url
        self._request = request
        self._closed = threading.Event()
        self.close_code: Optional[int] = None
        self.close_reason: Optional[str] = None
        response = getattr(ws, "handshake_response", None)
        self.response_headers: Mapping[str, str] = dict(getattr(response, "headers", None) or {})
        self.last_pong: Optional[float] = None  # time.monotonic() of the last pong seen by recv
        self._pinger: Optional[threading.Thread] = None
        if self._ping_interval is not None:
            self._pinger = threading.Thread(
                target=self._ping_loop, args=(self._ping_interval, self._closed),
                name="openai-compat-realtime-ping", daemon=True,
            )
            self._pinger.start()

    def reconnect(self, *, replay_session: bool = True) -> None:
        """Close this socket and open a new one with the same arguments (fresh credentials), for
        instance after a session limit or a dropped connection (``should_retry`` on the error).

        The server starts a new session: the conversation is not carried over. With
        ``replay_session``, the last ``session.update`` sent is sent again on the new session.
        """
        if self._reopen is None:
            raise RuntimeError("this connection was not made by connect(), so it cannot reconnect")
        self.close()
        self._attach(*self._reopen())
        if replay_session and self._last_session_update is not None:
            self._send_frame(self._last_session_update)

    # -- sending --------------------------------------------------------------------------------

    def send(self, event: Union[Mapping[str, Any], msgspec.Struct]) -> None:
        """Send a client event: a typed event (``types.realtime_client_events``) or a dict with a
        ``type``. It goes as one JSON text frame. Safe to call from several threads."""
        text = encode_json(event).decode("utf-8")
        self._send_frame(text)
        kind = event.get("type") if isinstance(event, Mapping) else getattr(event, "type", None)
        if kind == "session.update":
            self._last_session_update = text  # for reconnect(replay_session=True)

    def _send_frame(self, data: Union[str, bytes], opcode: Optional[int] = None) -> None:
        import websocket

        if self._closed.is_set():
            raise RealtimeConnectionClosedError(self.close_code or 1006, self.close_reason or "", request=self._request)
        try:
            with self._send_lock:
                if opcode is None:
                    self._ws.send(data)
                else:
                    self._ws.send(data, opcode)
        except (websocket.WebSocketException, OSError) as exc:
            raise self._connection_lost(exc) from exc

    def _connection_lost(self, exc: BaseException) -> RealtimeConnectionClosedError:
        """The error for a read or write that failed: 1006 (dropped), unless ``close()`` came first
        (from another thread) and shut the socket under it: then it is that close, with its code."""
        self._mark_closed(1006, str(exc))
        return RealtimeConnectionClosedError(self.close_code or 1006, self.close_reason or "", request=self._request)

    def _ping_loop(self, interval: float, closed: threading.Event) -> None:
        import websocket

        while not closed.wait(interval):
            try:
                self._send_frame(b"", websocket.ABNF.OPCODE_PING)
            except APIConnectionError:
                return  # the reader sees the failure too; nothing to report from this thread

    # -- receiving ------------------------------------------------------------------------------

    def recv(self, timeout: Optional[float] = None) -> RealtimeServerEvent:
        """The next server event, typed (an unknown ``type`` gives ``UnknownRealtimeServerEvent``).

        ``timeout`` seconds (``None``: wait as long as it takes): ``APITimeoutError`` when it runs
        out, the connection staying usable. A close raises ``RealtimeConnectionClosedError``.
        """
        return self.parse_event(self.recv_bytes(timeout=timeout))

    def recv_bytes(self, timeout: Optional[float] = None) -> bytes:
        """The next text or binary frame as bytes, undecoded (``recv`` with the same rules)."""
        if self._closed.is_set():
            raise RealtimeConnectionClosedError(self.close_code or 1006, self.close_reason or "", request=self._request)
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._read_lock.acquire(timeout=-1 if deadline is None else max(0.0, deadline - time.monotonic())):
            raise APITimeoutError(
                self._request, message=f"No Realtime event within {timeout} s (another thread is reading)"
            )
        try:
            return self._read_frame(deadline, timeout)
        finally:
            self._read_lock.release()

    def _read_frame(self, deadline: Optional[float], timeout: Optional[float]) -> bytes:
        import websocket

        ws = self._ws
        while True:
            if deadline is not None and not self._readable(deadline - time.monotonic()):
                raise APITimeoutError(
                    self._request, message=f"No Realtime event within {timeout} s (the connection is still open)"
                )
            try:
                opcode, frame = ws.recv_data_frame(True)
            except (websocket.WebSocketException, OSError) as exc:
                raise self._connection_lost(exc) from exc
            if opcode in (websocket.ABNF.OPCODE_TEXT, websocket.ABNF.OPCODE_BINARY):
                data = frame.data
                return data if isinstance(data, bytes) else data.encode("utf-8")
            if opcode == websocket.ABNF.OPCODE_PONG:
                self.last_pong = time.monotonic()
            elif opcode == websocket.ABNF.OPCODE_CLOSE:  # websocket-client already answered it
                code, reason = _close_status(frame.data)
                self._mark_closed(code, reason)
                raise RealtimeConnectionClosedError(code, reason, request=self._request)

    def _readable(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the next frame to start arriving.

        The socket itself stays blocking: its timeout is shared with sends from other threads (an
        audio sender, the pinger), which a short read timeout would break. Once a frame has started,
        it is read to its end.
        """
        sock = self._ws.sock
        if sock is None:
            return True  # the read reports the closed socket
        if isinstance(sock, ssl.SSLSocket) and sock.pending():
            return True  # decrypted bytes already wait in the TLS layer, invisible to select
        if seconds <= 0:
            seconds = 0.0
        try:
            readable, _, _ = select.select([sock], [], [], seconds)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def parse_event(self, data: Union[bytes, str]) -> RealtimeServerEvent:
        """Decode one server event; ``APIResponseValidationError`` (raw bytes kept) if it is not one."""
        try:
            event: RealtimeServerEvent = _decode_event(data)
        except DECODE_ERRORS as exc:
            raw = data if isinstance(data, bytes) else data.encode("utf-8")
            raise APIResponseValidationError(f"Invalid Realtime server event: {exc}", raw_body=raw) from None
        return event

    def __iter__(self) -> Iterator[RealtimeServerEvent]:
        """Server events until the server closes the connection normally (code 1000)."""
        while True:
            try:
                event = self.recv()
            except RealtimeConnectionClosedError as exc:
                if exc.close_code == NORMAL_CLOSURE:
                    return
                raise
            yield event

    @staticmethod
    def raise_for_error(event: RealtimeServerEvent) -> None:
        """Raise ``RealtimeAPIError`` if ``event`` is an ``error`` event; do nothing otherwise."""
        if isinstance(event, RealtimeErrorEvent):
            raise RealtimeAPIError(event)

    # -- closing --------------------------------------------------------------------------------

    def close(self, code: int = NORMAL_CLOSURE, reason: str = "", *, timeout: float = 3.0) -> None:
        """Send a close frame and wait up to ``timeout`` seconds for the server's; idempotent.

        Another thread blocked in ``recv`` (or iterating) then ends as this close: iteration stops
        quietly after a 1000, and ``recv`` raises ``RealtimeConnectionClosedError`` with ``code``."""
        if not self._closed.is_set():
            self._mark_closed(code, reason)
            try:
                self._close_handshake(code, reason.encode("utf-8"), timeout)
            except Exception:  # closing must not fail; the socket is shut below anyway
                logger.debug("Realtime close handshake failed", exc_info=True)
        self._ws.shutdown()  # type: ignore[no-untyped-call]
        if self._pinger is not None and self._pinger is not threading.current_thread():
            self._pinger.join(timeout)

    def _close_handshake(self, code: int, reason: bytes, timeout: float) -> None:
        if self._read_lock.acquire(blocking=False):  # nobody reads: wait for the server's close here
            try:
                with self._send_lock:
                    self._ws.close(status=code, reason=reason, timeout=timeout)
            finally:
                self._read_lock.release()
            return
        # Another thread is blocked in recv. websocket-client's close() would wait for the socket's
        # read lock without any bound (forever, if the peer is gone): send the close frame only, and
        # give the reader ``timeout`` to see the reply. shutdown(2) then ends any wait on the socket,
        # which closing the file descriptor alone would not (nor abort(): send_close marks the
        # socket disconnected, and abort() skips those).
        with self._send_lock:
            self._ws.send_close(status=code, reason=reason)
        if self._read_lock.acquire(timeout=timeout):
            self._read_lock.release()
        sock = self._ws.sock
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def _mark_closed(self, code: int, reason: str) -> None:
        if not self._closed.is_set():
            self.close_code, self.close_reason = code, reason
            self._closed.set()

    def __enter__(self) -> RealtimeConnection:
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<RealtimeConnection {self.url} {state}>"


def _decode_event(data: Union[bytes, str]) -> Any:
    return decoder_for(RealtimeServerEvent)(data)  # type: ignore[arg-type]


def _close_status(payload: bytes) -> tuple[int, str]:
    """Code and reason of a close frame; an empty one means 1005 (no status, RFC 6455 §7.1.5)."""
    if len(payload) < 2:
        return 1005, ""
    (code,) = struct.unpack("!H", payload[:2])
    return code, payload[2:].decode("utf-8", errors="replace")
