"""Scripted loopback HTTP servers for transport tests.

A ``ScriptedServer`` listens on 127.0.0.1, port 0, and serves each connection in a thread. Every
request is parsed and recorded (method, target, headers, body, client port) and then handed to the
next handler of the script; a handler writes whatever bytes the test needs, including broken
framing, and may wait on a ``threading.Event`` the test sets. Waits end when the server stops, so
a stalled handler never outlives its test. Write errors from a client that hung up are expected
and swallowed.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from contextlib import contextmanager, suppress
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Union

CLOSE = "close"
DONE = b"data: [DONE]\n\n"
_WAIT_LIMIT = 10.0  # no handler waits longer than this, whatever the test does


class Recorded:
    """One request as the server received it."""

    def __init__(self, method: str, target: str, headers: Dict[str, str], body: bytes, peer_port: int) -> None:
        self.method = method
        self.target = target  # the request-target: a path, or an absolute URL when sent to a proxy
        self.headers = headers  # lower-case names
        self.body = body
        self.peer_port = peer_port

    def __repr__(self) -> str:
        return f"<Recorded {self.method} {self.target} from :{self.peer_port}>"


class Conn:
    """The server side of one connection, as a handler sees it."""

    def __init__(self, sock: socket.socket, server: ScriptedServer) -> None:
        self.sock = sock
        self.server = server

    def send(self, data: bytes) -> bool:
        """Write ``data``; False if the client has gone."""
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def wait(self, event: threading.Event, timeout: float = _WAIT_LIMIT) -> bool:
        """Wait for ``event``; give up when the server stops (or after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while not event.wait(0.02):
            if self.server.stopping.is_set() or time.monotonic() > deadline:
                return False
        return True

    def hold(self) -> None:
        """Say nothing until the test ends."""
        self.wait(threading.Event())


Handler = Callable[[Conn, Recorded], Optional[str]]


class ScriptedServer:
    """A loopback server that answers requests with scripted handlers (the last one repeats)."""

    def __init__(self, tls: Optional[ssl.SSLContext] = None) -> None:
        self._tls = tls
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)  # 32 clients connecting at once must not wait for a SYN retransmit
        self._listener.settimeout(0.05)  # the accept loop checks ``stopping`` this often
        self.port: int = self._listener.getsockname()[1]
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._script: List[Handler] = [reply(200, b"{}")]
        self._requests: List[Recorded] = []
        self._socks: List[socket.socket] = []
        self._threads: List[threading.Thread] = []
        self.connections = 0
        self.errors: List[BaseException] = []

    @property
    def url(self) -> str:
        scheme = "https" if self._tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}/v1"

    @property
    def requests(self) -> List[Recorded]:
        with self._lock:
            return list(self._requests)

    def script(self, *handlers: Handler) -> ScriptedServer:
        """Answer the next requests with ``handlers`` in order; the last one answers the rest."""
        with self._lock:
            self._script = list(handlers)
        return self

    def __enter__(self) -> ScriptedServer:
        thread = threading.Thread(target=self._accept_loop, name=f"server:{self.port}", daemon=True)
        self._threads.append(thread)
        thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stopping.set()
        if self._threads:
            self._threads[0].join(timeout=5)  # the accept loop: no new connections after this
        with self._lock:
            socks = list(self._socks)
        for sock in socks:
            with suppress(OSError):  # shutdown wakes a thread blocked in recv; close alone may not
                sock.shutdown(socket.SHUT_RDWR)
        for thread in self._threads[1:]:
            thread.join(timeout=5)
        for sock in socks:
            sock.close()
        self._listener.close()

    def _accept_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            sock.settimeout(None)
            with self._lock:
                self._socks.append(sock)
                self.connections += 1
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            if self._tls is not None:
                sock = self._tls.wrap_socket(sock, server_side=True)
                with self._lock:
                    self._socks.append(sock)
            peer_port = sock.getpeername()[1]
            conn = Conn(sock, self)
            buffer = b""
            while not self.stopping.is_set():
                parsed = _read_request(sock, buffer, peer_port)
                if parsed is None:
                    return
                request, buffer = parsed
                with self._lock:
                    self._requests.append(request)
                    handler = self._script.pop(0) if len(self._script) > 1 else self._script[0]
                if handler(conn, request) == CLOSE:
                    return
        except (OSError, ssl.SSLError):
            pass  # the client hung up, reset, or refused our certificate: all expected
        except Exception as exc:  # a handler bug: keep it for the test to see
            self.errors.append(exc)
        finally:
            with suppress(OSError):
                sock.close()


def _read_request(sock: socket.socket, buffer: bytes, peer_port: int) -> Optional[tuple[Recorded, bytes]]:
    while b"\r\n\r\n" not in buffer:
        data = sock.recv(65536)
        if not data:
            return None
        buffer += data
    head, _, buffer = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers: Dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    length = int(headers.get("content-length", "0"))
    while len(buffer) < length:
        data = sock.recv(65536)
        if not data:
            return None
        buffer += data
    body, buffer = buffer[:length], buffer[length:]
    return Recorded(method, target, headers, body, peer_port), buffer


# -- handlers ----------------------------------------------------------------------------------


def head(status: int, headers: Union[Mapping[str, str], Sequence[tuple[str, str]]] = ()) -> bytes:
    """A status line and header block."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    lines = [f"HTTP/1.1 {status} Status"] + [f"{k}: {v}" for k, v in pairs]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def event(payload: Any) -> bytes:
    """One SSE event whose data is ``payload`` as JSON."""
    return b"data: " + json.dumps(payload).encode() + b"\n\n"


def reply(status: int, body: Union[bytes, Any] = b"", headers: Optional[Mapping[str, str]] = None) -> Handler:
    """A complete response with a Content-Length; a non-bytes body is sent as JSON."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    fields = {"Content-Length": str(len(data))}
    if not isinstance(body, bytes):
        fields["Content-Type"] = "application/json"
    fields.update(headers or {})

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(head(status, fields) + data)
        return None

    return handler


def raw(data: bytes, *, close: bool = True) -> Handler:
    """Exactly ``data``, then (by default) close: for broken framing of any kind."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(data)
        return CLOSE if close else None

    return handler


def cut_chunked(data: bytes) -> Handler:
    """A chunked 200 whose body stops after one chunk of ``data``: no terminating chunk, then close."""
    return raw(head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}) + chunk(data))


def cut_length(data: bytes, declared: int) -> Handler:
    """A 200 that promises ``declared`` bytes, sends ``data`` (fewer) and closes."""
    return raw(head(200, {"Content-Type": "application/json", "Content-Length": str(declared)}) + data)


def sse_chunked(events: Sequence[bytes], *, gate: Optional[threading.Event] = None, end: bool = True) -> Handler:
    """A chunked event stream; with ``gate``, it waits for the test after the first event.
    ``end=False`` cuts the body after the events (no terminating chunk)."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        fields = {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}
        if not conn.send(head(200, fields)):
            return CLOSE
        for index, data in enumerate(events):
            if not conn.send(chunk(data)):
                return CLOSE
            if index == 0 and gate is not None and not conn.wait(gate):
                return CLOSE
        if not end:
            return CLOSE
        return None if conn.send(b"0\r\n\r\n") else CLOSE

    return handler


def sse_close_delimited(events: Sequence[bytes], *, gate: Optional[threading.Event] = None) -> Handler:
    """An event stream framed by closing the connection (no length, no chunking)."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(head(200, {"Content-Type": "text/event-stream", "Connection": "close"}))
        for index, data in enumerate(events):
            if not conn.send(data):
                break
            if index == 0 and gate is not None and not conn.wait(gate):
                break
        return CLOSE

    return handler


def sse_stall(events: Sequence[bytes]) -> Handler:
    """A chunked stream that sends ``events`` and then nothing until the test ends."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(head(200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}))
        for data in events:
            conn.send(chunk(data))
        conn.hold()
        return CLOSE

    return handler


def stall(conn: Conn, request: Recorded) -> Optional[str]:
    """Read the request and never answer (until the test ends)."""
    conn.hold()
    return CLOSE


@contextmanager
def refused_port() -> Iterator[int]:
    """A port with nothing listening: bound (so nobody else takes it) but not accepting."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()
