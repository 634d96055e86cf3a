"""Fault injection for the reliability tests: more handlers for ``ScriptedServer``
(reset, silent close, stalls, endless and huge bodies, raw SSE bytes cut at chosen points), a loopback
CONNECT proxy, a port whose connects time out, and throwaway TLS certificates made with openssl.

Everything listens on and connects to 127.0.0.1 only. Handlers wait on ``threading.Event``s or on the
server stopping, never on sleeps.
"""

from __future__ import annotations

import selectors
import shutil
import socket
import struct
import subprocess
import threading
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator, List, Mapping, Optional, Sequence

import pytest
from _servers import CLOSE, Conn, Handler, Recorded, chunk, head

SSE = {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}


def reset(data: bytes = b"") -> Handler:
    """Send ``data``, then reset the connection: RST rather than FIN (``SO_LINGER`` on, zero timeout)."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(data)
        conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.sock.close()
        return CLOSE

    return handler


def hang_up(conn: Conn, request: Recorded) -> Optional[str]:
    """Read the request and close without a byte of answer (the race of a server closing an idle
    keep-alive connection just as a request is sent on it)."""
    return CLOSE


def send_then_close(data: bytes, closed: threading.Event) -> Handler:
    """Send ``data`` (a complete keep-alive response), close the connection, then set ``closed``."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(data)
        with suppress(OSError):
            conn.sock.shutdown(socket.SHUT_RDWR)
        conn.sock.close()
        closed.set()
        return CLOSE

    return handler


def send_then_hold(data: bytes) -> Handler:
    """Send ``data`` (say, headers and part of a body) and then nothing until the test ends."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(data)
        conn.hold()
        return CLOSE

    return handler


class Endless:
    """A chunked response that never ends: 64 KiB chunks until the client hangs up (or 1 GiB)."""

    def __init__(self, status: int, content_type: str = "text/html") -> None:
        self.status = status
        self.content_type = content_type
        self.sent = 0  # body bytes written before the client went away

    def __call__(self, conn: Conn, request: Recorded) -> Optional[str]:
        fields = {"Content-Type": self.content_type, "Transfer-Encoding": "chunked"}
        if not conn.send(head(self.status, fields)):
            return CLOSE
        piece = b"<p>" + b"x" * (65536 - 3)
        framed = chunk(piece)
        while self.sent < 1 << 30 and not conn.server.stopping.is_set():
            if not conn.send(framed):
                break
            self.sent += len(piece)
        return CLOSE


def sse_bytes(body: bytes, *, cuts: Sequence[int] = (), per_byte: bool = False, end: bool = True,
              headers: Optional[Mapping[str, str]] = None) -> Handler:
    """A chunked event stream of exactly ``body``, one HTTP chunk per piece: cut at ``cuts`` or, with
    ``per_byte``, every byte its own chunk (and its own TCP segment: ``TCP_NODELAY``). ``end=False``
    leaves out the terminating chunk and closes: a truncated body."""
    if per_byte:
        pieces = [body[i : i + 1] for i in range(len(body))]
    else:
        bounds = [0, *sorted(cuts), len(body)]
        pieces = [body[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if not conn.send(head(200, {**SSE, **(headers or {})})):
            return CLOSE
        for piece in pieces:
            if not conn.send(chunk(piece)):
                return CLOSE
        if not end:
            return CLOSE
        return None if conn.send(b"0\r\n\r\n") else CLOSE

    return handler


def huge_event(size: int, *, before: Sequence[bytes] = (), done: bool = True) -> Handler:
    """A chunked stream whose event (after the ``before`` ones) is the JSON string of ``size`` ``x``s."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        if not conn.send(head(200, SSE)):
            return CLOSE
        for data in before:
            conn.send(chunk(data))
        if not conn.send(chunk(b'data: "')):
            return CLOSE
        block = chunk(b"x" * (1 << 20))
        left = size
        while left >= 1 << 20:
            if not conn.send(block):
                return CLOSE
            left -= 1 << 20
        tail = b"x" * left + b'"\n\n' + (b"data: [DONE]\n\n" if done else b"")
        return None if conn.send(chunk(tail) + b"0\r\n\r\n") else CLOSE

    return handler


# -- a port whose connects time out ----------------------------------------------------------------


@contextmanager
def unanswered_port(probe_timeout: float = 0.2) -> Iterator[int]:
    """A loopback port that lets connects time out, offline (no blackhole address needed).

    A listener with a backlog of 0 whose one queue slot is taken by a connection nobody accepts: on
    Linux the kernel then drops further SYNs, so ``connect`` waits out its timeout. Where the platform
    answers anyway (a probe connects), the test is skipped.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers: List[socket.socket] = []
    try:
        for _ in range(8):
            probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            probe.settimeout(probe_timeout)
            try:
                probe.connect(("127.0.0.1", port))
            except OSError:  # timed out: the queue is full, which is what we want
                probe.close()
                break
            fillers.append(probe)
        else:
            pytest.skip("this platform accepts connects beyond a full listen backlog")
        yield port
    finally:
        for sock in fillers:
            sock.close()
        listener.close()


# -- a CONNECT proxy ---------------------------------------------------------------------------------

_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def tunnel(conn: Conn, request: Recorded) -> Optional[str]:
    """A ``ScriptedServer`` handler that is an HTTP proxy for HTTPS (``CONNECT host:port``): it opens
    a tunnel to a loopback port (and refuses any other host) and copies bytes both ways until one side
    closes or the server stops. Proxy-Authorization is recorded with the request, never forwarded."""
    host, _, port = request.target.rpartition(":")
    if request.method != "CONNECT" or host not in _LOOPBACK or not port.isdigit():
        conn.send(head(403, {"Content-Length": "0", "Connection": "close"}))
        return CLOSE
    try:
        upstream = socket.create_connection(("127.0.0.1", int(port)), timeout=5)
    except OSError:
        conn.send(head(502, {"Content-Length": "0", "Connection": "close"}))
        return CLOSE
    with upstream:
        conn.send(b"HTTP/1.1 200 Connection established\r\n\r\n")
        _pipe(conn, upstream)
    return CLOSE


def _pipe(conn: Conn, upstream: socket.socket) -> None:
    ends = {conn.sock: upstream, upstream: conn.sock}
    with selectors.DefaultSelector() as selector:
        for sock in ends:
            selector.register(sock, selectors.EVENT_READ)
        while not conn.server.stopping.is_set():
            for key, _ in selector.select(timeout=0.05):
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = source.recv(65536)
                    if not data:
                        return
                    ends[source].sendall(data)
                except OSError:
                    return


# -- throwaway TLS certificates ----------------------------------------------------------------------

_CA_CONFIG = """\
[ca]
default_ca = local
[local]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = anything
copy_extensions = none
unique_subject = no
[anything]
commonName = supplied
"""
_LEAF_EXT = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"


def make_certs(directory: Path) -> Path:
    """A throwaway CA (``ca.pem``) and, signed by it, each with its key (``<name>.key``):

    - ``leaf.pem``: for IP 127.0.0.1, valid for a day;
    - ``nosan.pem``: CN=127.0.0.1 but no subjectAltName (which TLS clients no longer accept);
    - ``expired.pem``: for IP 127.0.0.1, valid only in January 2020.

    Made with the ``openssl`` command; the test is skipped where it is missing or fails.
    """
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    (directory / "leaf.ext").write_text("subjectAltName=IP:127.0.0.1\n" + _LEAF_EXT)
    (directory / "nosan.ext").write_text(_LEAF_EXT)
    (directory / "ca.cnf").write_text(_CA_CONFIG)
    (directory / "index.txt").write_text("")
    (directory / "serial").write_text("1000\n")
    commands = [
        ["req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=test CA",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"],
    ]
    for name in ("leaf", "nosan", "expired"):
        commands.append(["req", *ec, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", "/CN=127.0.0.1"])
    for name, ext in (("leaf", "leaf.ext"), ("nosan", "nosan.ext")):
        commands.append(["x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                         "-CAcreateserial", "-out", f"{name}.pem", "-days", "1", "-extfile", ext])
    commands.append(["ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key",
                     "-in", "expired.csr", "-out", "expired.pem", "-startdate", "20200101000000Z",
                     "-enddate", "20200102000000Z", "-extfile", "leaf.ext"])
    for args in commands:
        done = subprocess.run(["openssl", *args], cwd=directory, capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"openssl could not make test certificates: {done.stderr.decode()[-200:]}")
    return directory
