"""One open WebSocket (websocket-client) under a connection: whole frames sent under one lock, reads
bounded by a deadline, the close handshake, keep-alive pings. A connection that reconnects holds a
new ``Channel`` after each reconnect; the connection (``connection.py``) decides what to do when a
channel closes.

- ``read(deadline)`` raises ``APITimeoutError`` when no message started to arrive in time (the
  channel stays usable) and ``RealtimeConnectionClosedError`` when the channel closed: the server's
  close code, or 1006 when the connection dropped without a close frame.
- ``ping_interval`` seconds: a daemon thread sends pings while the channel is open, so proxies and
  NATs do not drop an idle session. Sends from any thread share one lock.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import struct
import threading
import time
from typing import TYPE_CHECKING, Mapping, Optional, Union

from .._core.logs import logger
from .._errors import APIConnectionError, APITimeoutError
from ..types.websocket_reconnection import is_recoverable_close

if TYPE_CHECKING:
    import websocket

    from .._http.transport import Request

__all__ = ["NORMAL_CLOSURE", "Channel", "RealtimeConnectionClosedError"]

NORMAL_CLOSURE = 1000
MESSAGE_TOO_BIG = 1009


class RealtimeConnectionClosedError(APIConnectionError):
    """The WebSocket closed: ``close_code`` (1006 if it dropped without a close frame) and
    ``close_reason``. ``should_retry`` is true for the codes a reconnect may well get past."""

    def __init__(self, close_code: int, close_reason: str = "", *, request: Optional[Request] = None) -> None:
        detail = f": {close_reason}" if close_reason else ""
        super().__init__(
            message=f"WebSocket connection closed with code {close_code}{detail}",
            request=request,
            should_retry=is_recoverable_close(close_code),
        )
        self.close_code = close_code
        self.close_reason = close_reason


class Channel:
    """One socket, opened by ``endpoint.open_channel``; ``url`` is where its handshake ended."""

    def __init__(
        self,
        ws: websocket.WebSocket,
        *,
        url: str,
        request: Optional[Request] = None,
        ping_interval: Optional[float] = None,
        max_size: Optional[int] = None,
    ) -> None:
        self.ws = ws
        self.url = url
        self.request = request
        self.max_size = max_size
        self._send_lock = threading.Lock()
        # Held while a thread reads, so that close() can tell whether a reader is blocked in recv.
        self._read_lock = threading.Lock()
        self._closed = threading.Event()
        self.close_code: Optional[int] = None
        self.close_reason: Optional[str] = None
        response = getattr(ws, "handshake_response", None)
        self.response_headers: Mapping[str, str] = dict(getattr(response, "headers", None) or {})
        self.last_pong: Optional[float] = None  # time.monotonic() of the last pong a read saw
        self._pinger: Optional[threading.Thread] = None
        if ping_interval is not None:
            self._pinger = threading.Thread(
                target=self._ping_loop, args=(ping_interval,), name="openai-compat-websocket-ping", daemon=True
            )
            self._pinger.start()

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def closed_error(self) -> RealtimeConnectionClosedError:
        return RealtimeConnectionClosedError(self.close_code or 1006, self.close_reason or "", request=self.request)

    # -- sending --------------------------------------------------------------------------------

    def send(self, data: Union[str, bytes], opcode: Optional[int] = None) -> None:
        """Send one whole message (text for ``str``, binary for ``bytes``); safe from any thread."""
        import websocket

        if self._closed.is_set():
            raise self.closed_error()
        if opcode is None:
            opcode = websocket.ABNF.OPCODE_TEXT if isinstance(data, str) else websocket.ABNF.OPCODE_BINARY
        try:
            with self._send_lock:
                self.ws.send(data, opcode)
        except (websocket.WebSocketException, OSError) as exc:
            raise self._lost(exc) from exc

    def _lost(self, exc: BaseException) -> RealtimeConnectionClosedError:
        """The error for a read or write that failed: 1006 (dropped), unless ``close()`` came first
        (from another thread) and shut the socket under it: then it is that close, with its code."""
        self._mark_closed(1006, str(exc))
        return self.closed_error()

    def _ping_loop(self, interval: float) -> None:
        import websocket

        while not self._closed.wait(interval):
            try:
                self.send(b"", websocket.ABNF.OPCODE_PING)
            except APIConnectionError:
                return  # the reader sees the failure too; nothing to report from this thread

    # -- receiving ------------------------------------------------------------------------------

    def read(self, deadline: Optional[float], timeout: Optional[float]) -> bytes:
        """The next text or binary message as bytes, waiting until ``deadline`` (``time.monotonic()``;
        ``None``: as long as it takes). One reader at a time: the connection sees to that."""
        if self._closed.is_set():
            raise self.closed_error()
        with self._read_lock:
            data = self._read_frame(deadline, timeout)
        if self.max_size is not None and len(data) > self.max_size:
            # As the websockets package does (openai-python's max_size): close with 1009.
            reason = f"message of {len(data)} bytes is larger than max_size={self.max_size}"
            self.close(MESSAGE_TOO_BIG, reason, timeout=1.0)
            raise self.closed_error()
        return data

    def _read_frame(self, deadline: Optional[float], timeout: Optional[float]) -> bytes:
        import websocket

        while True:
            if deadline is not None and not self._readable(deadline - time.monotonic()):
                raise APITimeoutError(
                    self.request, message=f"No WebSocket message within {timeout} s (the connection is still open)"
                )
            try:
                opcode, frame = self.ws.recv_data_frame(True)
            except (websocket.WebSocketException, OSError) as exc:
                raise self._lost(exc) from exc
            if opcode in (websocket.ABNF.OPCODE_TEXT, websocket.ABNF.OPCODE_BINARY):
                data = frame.data
                return data if isinstance(data, bytes) else data.encode("utf-8")
            if opcode == websocket.ABNF.OPCODE_PONG:
                self.last_pong = time.monotonic()
            elif opcode == websocket.ABNF.OPCODE_CLOSE:  # websocket-client already answered it
                code, reason = _close_status(frame.data)
                self._mark_closed(code, reason)
                raise self.closed_error()

    def _readable(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the next frame to start arriving.

        The socket itself stays blocking: its timeout is shared with sends from other threads (an
        audio sender, the pinger), which a short read timeout would break. Once a frame has started,
        it is read to its end.
        """
        sock = self.ws.sock
        if sock is None:
            return True  # the read reports the closed socket
        if isinstance(sock, ssl.SSLSocket) and sock.pending():
            return True  # decrypted bytes already wait in the TLS layer, invisible to select
        try:
            readable, _, _ = select.select([sock], [], [], max(seconds, 0.0))
        except (OSError, ValueError):
            return True
        return bool(readable)

    # -- closing --------------------------------------------------------------------------------

    def close(self, code: int = NORMAL_CLOSURE, reason: str = "", *, timeout: float = 3.0) -> None:
        """Send a close frame and wait up to ``timeout`` seconds for the server's; idempotent.

        A thread blocked in ``read`` then ends with this close's code."""
        if not self._closed.is_set():
            self._mark_closed(code, reason)
            try:
                self._close_handshake(code, reason.encode("utf-8"), timeout)
            except Exception:  # closing must not fail; the socket is shut below anyway
                logger.debug("WebSocket close handshake failed", exc_info=True)
        self.ws.shutdown()  # type: ignore[no-untyped-call]
        if self._pinger is not None and self._pinger is not threading.current_thread():
            self._pinger.join(timeout)

    def abort(self) -> None:
        """Shut the socket without a close handshake (it is already broken), waking a blocked reader."""
        self._mark_closed(1006, "")
        sock = self.ws.sock
        if sock is not None:
            with contextlib.suppress(OSError):  # already gone
                sock.shutdown(socket.SHUT_RDWR)

    def _close_handshake(self, code: int, reason: bytes, timeout: float) -> None:
        if self._read_lock.acquire(blocking=False):  # nobody reads: wait for the server's close here
            try:
                with self._send_lock:
                    self.ws.close(status=code, reason=reason, timeout=timeout)
            finally:
                self._read_lock.release()
            return
        # Another thread is blocked in read. websocket-client's close() would wait for the socket's
        # read lock without any bound (forever, if the peer is gone): send the close frame only, and
        # give the reader ``timeout`` to see the reply. shutdown(2) then ends any wait on the socket,
        # which closing the file descriptor alone would not (nor abort(): send_close marks the
        # socket disconnected, and abort() skips those).
        with self._send_lock:
            self.ws.send_close(status=code, reason=reason)
        if self._read_lock.acquire(timeout=timeout):
            self._read_lock.release()
        sock = self.ws.sock
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)

    def _mark_closed(self, code: int, reason: str) -> None:
        if not self._closed.is_set():
            self.close_code, self.close_reason = code, reason
            self._closed.set()


def _close_status(payload: bytes) -> tuple[int, str]:
    """Code and reason of a close frame; an empty one means 1005 (no status, RFC 6455 section 7.1.5)."""
    if len(payload) < 2:
        return 1005, ""
    (code,) = struct.unpack("!H", payload[:2])
    return code, payload[2:].decode("utf-8", errors="replace")
