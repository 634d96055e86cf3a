"""A loopback WebSocket server for the Realtime tests, on the ``websockets`` package's sync server.

Each handshake is recorded (path with query, headers); ``reject(handshake)`` may answer one with
an HTTP ``(status, body, headers)`` instead; ``script`` is what the server does on an open
connection (by default: send ``session.created``, then echo every client event back as a
``test.echo`` event until the client closes). Waits in scripts are bounded by events the test
sets or by ``WAIT_LIMIT``, never by sleeps.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple

from websockets.http11 import Request, Response
from websockets.sync.server import ServerConnection, serve

from openai_compat import Session
from openai_compat.realtime import RealtimeConnection
from openai_compat.resources.realtime import connect

Script = Callable[[ServerConnection], None]
Rejection = Tuple[int, str, Mapping[str, str]]
WAIT_LIMIT = 5.0
KEY = "sk-realtime-test-key-0123456789"
FAST = 3.0  # seconds: every wait of the tests ends long before this, or the test fails


class Handshake:
    def __init__(self, path: str, headers: Dict[str, str]) -> None:
        self.path = path
        self.headers = headers  # lower-case names


def echo(conn: ServerConnection) -> None:
    conn.send(json.dumps({"type": "session.created", "event_id": "ev_1", "session": {"type": "realtime"}}))
    for message in conn:
        conn.send(json.dumps({"type": "test.echo", "received": json.loads(message)}))


class RealtimeServer:
    """Serve on 127.0.0.1 (optionally TLS) in a background thread; a context manager."""

    def __init__(self, ssl_context: Any = None, subprotocols: Optional[List[str]] = None) -> None:
        self.handshakes: List[Handshake] = []
        self.received: List[Any] = []
        self.script: Script = echo
        self.reject: Optional[Callable[[Handshake], Optional[Rejection]]] = None
        self._server = serve(
            self._handle, "127.0.0.1", 0, process_request=self._process, ping_interval=None,
            compression=None, ssl=ssl_context, subprotocols=subprotocols,
        )
        self.port: int = self._server.socket.getsockname()[1]
        scheme = "wss" if ssl_context is not None else "ws"
        self.base_url = f"{'https' if ssl_context is not None else 'http'}://127.0.0.1:{self.port}/v1"
        self.ws_base = f"{scheme}://127.0.0.1:{self.port}"
        self._closing = False
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> RealtimeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closing = True
        self._server.shutdown()
        self._thread.join(WAIT_LIMIT)

    def _serve(self) -> None:
        try:
            self._server.serve_forever()
        except (OSError, ValueError):
            # A test that never connects can end before the loop registers the listening socket:
            # shutdown() has closed it by then. websockets 15 (what Python 3.9 gets) returns on the
            # ValueError but lets an EBADF OSError out of the thread; 17 returns on both.
            if not self._closing:
                raise

    def _process(self, conn: ServerConnection, request: Request) -> Optional[Response]:
        headers = {name.lower(): value for name, value in request.headers.raw_items()}
        handshake = Handshake(request.path, headers)
        self.handshakes.append(handshake)
        rejection = self.reject(handshake) if self.reject is not None else None
        if rejection is None:
            return None
        status, body, extra = rejection
        response = conn.respond(status, body)
        for name, value in extra.items():
            response.headers[name] = value
        return response

    def _handle(self, conn: ServerConnection) -> None:
        self.script(conn)


def recording(events: List[Dict[str, Any]], then: Optional[Callable[[ServerConnection], None]] = None,
              received: Optional[List[Any]] = None, expect: int = 0) -> Script:
    """A script: read ``expect`` client messages into ``received``, send ``events``, then ``then``
    (closing normally when it is None: websockets closes with 1000 when the handler returns)."""

    def script(conn: ServerConnection) -> None:
        for _ in range(expect):
            message = conn.recv(timeout=WAIT_LIMIT)
            if received is not None:
                received.append(json.loads(message))
        for event in events:
            conn.send(json.dumps(event))
        if then is not None:
            then(conn)

    return script


def drop(conn: ServerConnection) -> None:
    """End the TCP connection without a close frame: the client sees 1006 (a dropped connection)."""
    conn.socket.shutdown(socket.SHUT_RDWR)


def sequence(*scripts: Script) -> Script:
    """One script per connection, in order (the last one repeats): for a client that reconnects."""
    pending = list(scripts)
    lock = threading.Lock()

    def script(conn: ServerConnection) -> None:
        with lock:
            current = pending.pop(0) if len(pending) > 1 else pending[0]
        current(conn)

    return script


@contextmanager
def within(seconds: float) -> Iterator[None]:
    started = time.monotonic()
    yield
    assert time.monotonic() - started < seconds


def session_for(server: RealtimeServer, **kwargs: Any) -> Session:
    return Session(api_key=KEY, base_url=server.base_url, **kwargs)


def open_connection(server: RealtimeServer, **kwargs: Any) -> RealtimeConnection:
    """A connection to ``server`` without pings (tests that want pings ask for them)."""
    kwargs.setdefault("ping_interval", None)
    return connect(session_for(server), model="gpt-realtime", **kwargs).enter()
