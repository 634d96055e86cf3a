"""The total timeout inside one attempt: a watchdog thread that shuts the socket of a request whose
time is up.

A socket timeout bounds each wait for bytes, not their sum: http.client reads the status line and
headers with many small reads and a body arrives in many more, so a server sending one byte every
half second holds a call forever, whatever the read timeout. When a call has a total timeout, the
transport arms a ``Watch`` for the time left. The connection classes below tell the watch which
socket the request uses (the transports' own pools are built with them); if the time runs out
first, the watchdog thread shuts that socket down, the blocked read returns at once, and the
transport, seeing the watch expired, raises ``APITimeoutError``.

A call without ``total`` arms nothing. With one, each attempt costs a heap push and a lock, and one
thread (started on first use, a daemon) serves the whole process.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time
from typing import Any, List, Optional, Tuple

from urllib3 import connection as u3_connection
from urllib3 import connectionpool, poolmanager

__all__ = ["WATCHED_POOL_CLASSES", "Watch", "arm", "use_watched_pools", "watching"]

_ARMED, _CANCELLED, _FIRED = range(3)


class Watch:
    """One attempt's deadline. ``cancel()`` disarms it; ``fired`` says whether the time ran out."""

    __slots__ = ("deadline", "seconds", "sock", "state")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.sock: Optional[socket.socket] = None  # set by the connection classes below
        self.state = _ARMED

    @property
    def fired(self) -> bool:
        return self.state == _FIRED

    def attach(self, sock: Optional[socket.socket]) -> None:
        """Watch ``sock``; if the time has run out already, shut it at once."""
        if sock is None or sock is self.sock:
            return
        self.sock = sock
        if self.state == _FIRED:
            _shut(sock)

    def cancel(self) -> bool:
        """Disarm (idempotent). False if the watch fired first: the socket was shut down."""
        if self.state == _ARMED:
            _DOG.cancel(self)
        return self.state != _FIRED


def _shut(sock: socket.socket) -> None:
    # socket.socket's own shutdown, also for an SSLSocket: its override drops the TLS state, which
    # would turn the blocked reader's next call into a ValueError instead of a plain end of data.
    with contextlib.suppress(OSError, ValueError, TypeError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watchdog:
    """The deadlines of every armed watch in a heap, and the thread that waits for the earliest."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.heap: List[Tuple[float, int, Watch]] = []
        self.order = itertools.count()
        self.cancelled = 0  # disarmed watches still in the heap, dropped lazily
        self.thread: Optional[threading.Thread] = None

    def arm(self, seconds: float) -> Watch:
        watch = Watch(seconds)
        with self.lock:
            heap = self.heap
            first = not heap or watch.deadline < heap[0][0]
            heapq.heappush(heap, (watch.deadline, next(self.order), watch))
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="openai_compat-watchdog", daemon=True)
                self.thread.start()
            elif first:
                self.lock.notify()
        return watch

    def cancel(self, watch: Watch) -> None:
        with self.lock:
            if watch.state != _ARMED:
                return
            watch.state = _CANCELLED
            self.cancelled += 1
            heap = self.heap
            if self.cancelled > 256 and self.cancelled * 2 > len(heap):
                # Long totals leave many disarmed entries far down the heap: sweep them now and then.
                self.heap = [entry for entry in heap if entry[2].state == _ARMED]
                heapq.heapify(self.heap)
                self.cancelled = 0

    def _run(self) -> None:
        with self.lock:
            while True:
                heap = self.heap
                while heap and heap[0][2].state != _ARMED:
                    heapq.heappop(heap)
                    self.cancelled = max(0, self.cancelled - 1)
                if not heap:
                    self.lock.wait()
                    continue
                wait = heap[0][0] - time.monotonic()
                if wait > 0:
                    self.lock.wait(wait)
                    continue
                watch = heapq.heappop(heap)[2]
                watch.state = _FIRED
                if watch.sock is not None:
                    _shut(watch.sock)  # under the lock: ``cancel`` cannot hand the socket on meanwhile


_DOG = _Watchdog()


def arm(seconds: float) -> Watch:
    """A watch that fires in ``seconds`` unless cancelled first."""
    return _DOG.arm(seconds)


def _after_fork_in_child() -> None:
    # The watchdog thread does not exist in a forked child, and its lock may have been held: start over.
    _DOG.__init__()  # type: ignore[misc]


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# -- connection classes that report their socket to the watch of the current attempt ----------------

_local = threading.local()


class watching:  # lower case: it reads as ``with watching(watch):``
    """Make ``watch`` the current thread's watch while the HTTP library sends and reads headers."""

    __slots__ = ("watch",)

    def __init__(self, watch: Optional[Watch]) -> None:
        self.watch = watch

    def __enter__(self) -> None:
        if self.watch is not None:
            _local.watch = self.watch

    def __exit__(self, *exc_info: object) -> None:
        if self.watch is not None:
            _local.watch = None


def _report(sock: Any) -> None:
    watch: Optional[Watch] = getattr(_local, "watch", None)
    if watch is not None:
        watch.attach(sock)


class _WatchedHTTPConnection(u3_connection.HTTPConnection):
    """urllib3's connection, telling the current watch its socket: as soon as the TCP connection is
    made (so a TLS handshake or a proxy's CONNECT answer is watched too), once connected, before
    sending on a kept-alive socket, and before waiting for the response headers."""

    def _new_conn(self) -> socket.socket:
        # urllib3's own step (undocumented; if a release drops it, the hooks below still apply).
        sock = super()._new_conn()
        _report(sock)
        return sock

    def connect(self) -> None:
        super().connect()
        _report(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _report(self.sock)
        super().request(*args, **kwargs)

    def getresponse(self) -> Any:
        _report(self.sock)
        return super().getresponse()


class _WatchedHTTPSConnection(_WatchedHTTPConnection, u3_connection.HTTPSConnection):
    pass


# urllib3's own connection classes, as imported: a recorder such as vcrpy replaces the pools'
# ``ConnectionCls`` while a cassette is in use, and its stand-in must then be used, unwatched.
_URLLIB3_CONNECTIONS = (
    connectionpool.HTTPConnectionPool.ConnectionCls,
    connectionpool.HTTPSConnectionPool.ConnectionCls,
)


class _WatchedHTTPConnectionPool(connectionpool.HTTPConnectionPool):
    @property
    def ConnectionCls(self) -> Any:  # type: ignore[override]  # urllib3's attribute, read per connection
        current = connectionpool.HTTPConnectionPool.ConnectionCls
        return _WatchedHTTPConnection if current is _URLLIB3_CONNECTIONS[0] else current


class _WatchedHTTPSConnectionPool(connectionpool.HTTPSConnectionPool):
    @property
    def ConnectionCls(self) -> Any:  # type: ignore[override]  # urllib3's attribute, read per connection
        current = connectionpool.HTTPSConnectionPool.ConnectionCls
        return _WatchedHTTPSConnection if current is _URLLIB3_CONNECTIONS[1] else current


WATCHED_POOL_CLASSES = {"http": _WatchedHTTPConnectionPool, "https": _WatchedHTTPSConnectionPool}


def use_watched_pools(manager: poolmanager.PoolManager) -> None:
    """Have ``manager`` build its pools with the connection classes above, unless it has pool
    classes of its own (a SOCKS proxy manager does): those are left alone."""
    if manager.pool_classes_by_scheme is poolmanager.pool_classes_by_scheme:
        manager.pool_classes_by_scheme = WATCHED_POOL_CLASSES
