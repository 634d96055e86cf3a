"""A loopback server for upload and download tests that never holds a large body in memory.

``POST``/``PUT``: the body is read in pieces (by ``Content-Length``), hashed and counted, and kept
only when it is small (``keep`` bytes); the answer is JSON ``{"bytes": n, "md5": hex}``. The uploads
numbered in ``reset_uploads`` (1-based) are reset after ``reset_after`` bytes of their body. ``GET /download/<n>``
streams ``n`` bytes of a fixed pattern with a ``Content-Length``; ``GET /truncated/<n>`` promises
``n`` and closes half-way. Listens on 127.0.0.1 only; ``_servers.ScriptedServer`` covers the
scripted cases that fit in memory.
"""

from __future__ import annotations

import hashlib
import json
import socket
import struct
import threading
from contextlib import suppress
from typing import Container, Dict, List, Optional

from _servers import head

PATTERN = bytes(range(256)) * 256  # 64 KiB, repeated to make a download


def pattern_bytes(size: int) -> bytes:
    """The first ``size`` bytes a download of ``size`` sends (for small sizes)."""
    return (PATTERN * (size // len(PATTERN) + 1))[:size]


class Upload:
    """One request body as the server saw it."""

    def __init__(self, method: str, target: str, headers: Dict[str, str]) -> None:
        self.method, self.target, self.headers = method, target, headers
        self.size = 0
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.body: Optional[bytes] = None
        self.complete = False


class StreamServer:
    """A threaded loopback HTTP/1.1 server; use it as a context manager."""

    def __init__(self, *, keep: int = 16 << 20, reset_after: int = 0, reset_uploads: Container[int] = ()) -> None:
        self.keep = keep
        self.reset_after = reset_after
        self.reset_uploads = reset_uploads
        self.uploads: List[Upload] = []
        self.errors: List[BaseException] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self._threads: List[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> StreamServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        for thread in list(self._threads):
            thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            sock.settimeout(0.2)
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _recv(self, sock: socket.socket, size: int) -> bytes:
        while not self._stopping.is_set():
            try:
                return sock.recv(size)
            except socket.timeout:
                continue
        raise OSError("server stopping")

    def _send(self, sock: socket.socket, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                view = view[sock.send(view) :]
            except socket.timeout:  # a slow reader: keep trying unless the test is over
                if self._stopping.is_set():
                    raise OSError("server stopping") from None

    def _serve(self, sock: socket.socket) -> None:
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = self._recv(sock, 65536)
                    if not data:
                        return
                    buffer += data
                header_block, _, buffer = buffer.partition(b"\r\n\r\n")
                lines = header_block.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
                if method in ("POST", "PUT"):
                    buffer = self._receive(sock, Upload(method, target, headers), buffer)
                    if buffer is None:
                        return
                else:
                    self._send_download(sock, target)
                    if target.startswith("/v1/truncated/"):
                        return
        except OSError:
            pass  # the client went away or we reset it: expected
        except Exception as exc:  # a bug in this server: let the test see it
            self.errors.append(exc)
        finally:
            with suppress(OSError):
                sock.close()

    def _receive(self, sock: socket.socket, upload: Upload, buffer: bytes) -> Optional[bytes]:
        with self._lock:
            self.uploads.append(upload)
            reset = len(self.uploads) in self.reset_uploads
        length = int(upload.headers.get("content-length", "0"))
        kept: Optional[bytearray] = bytearray() if length <= self.keep else None
        while upload.size < length:
            if not buffer:
                buffer = self._recv(sock, 1 << 20)
                if not buffer:
                    return None
            piece, buffer = buffer[: length - upload.size], buffer[length - upload.size :]
            upload.size += len(piece)
            upload.md5.update(piece)
            if kept is not None:
                kept += piece
            if reset and upload.size >= self.reset_after:
                # RST, not FIN, while the client is still sending (SO_LINGER on, zero timeout).
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()
                return None
        upload.body = None if kept is None else bytes(kept)
        upload.complete = True
        answer = json.dumps({"id": f"file-{len(self.uploads)}", "object": "file", "bytes": upload.size,
                             "md5": upload.md5.hexdigest()}).encode()
        self._send(sock, head(200, {"Content-Type": "application/json", "Content-Length": str(len(answer))}) + answer)
        return buffer

    def _send_download(self, sock: socket.socket, target: str) -> None:
        kind, _, size_text = target.removeprefix("/v1/").partition("/")
        size = int(size_text.split("?")[0])
        self._send(sock, head(200, {"Content-Type": "application/octet-stream", "Content-Length": str(size)}))
        to_send = size // 2 if kind == "truncated" else size
        while to_send > 0 and not self._stopping.is_set():
            piece = PATTERN[: min(len(PATTERN), to_send)]
            self._send(sock, piece)
            to_send -= len(piece)
