"""Loopback HTTP/1.1 servers for the benchmarks: raw sockets, one thread per connection.

Every response is built as bytes when the server starts, so serving one costs a ``recv`` of the
request, a dictionary look-up and a ``sendall``: the server never dominates the timing. A chat
completion's answer is picked by the ``model`` of the request, so one client with one base URL
(``http://127.0.0.1:PORT/v1``) serves every scenario:

  model small           a small chat completion (keep-alive, Content-Length)
  model stream          a chat stream of N chunks, chunked, one HTTP chunk per event, ``[DONE]`` last
  model stream-reasoning  the same stream with ``reasoning_content`` in every content delta
  model pause-chunked   the first event, then a pause until ``/release`` (or ``pause_s``), then the rest
  model pause-close     the same without length or chunking: the body ends when the server closes
  model logprobs        a chat completion of 4000 tokens with top_logprobs 5
  model slow            the small completion after 20 ms (for concurrency)
  POST /v1/embeddings   1000 x 1536 embeddings; base64 when the body asks ``encoding_format: base64``
  POST /v1/files        an upload: the body is read in pieces and thrown away (Content-Length or
                        chunked), and a file object with the byte count answers
  GET .../content       ``transfer_bytes`` zero bytes with Content-Length, sent 1 MiB at a time
  /release              ends a running pause; answers ``{"released": true}`` if one was waiting
  /stats                ``{"accepted": N}``: sockets accepted so far (this request's included)

Only 127.0.0.1 is ever bound.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from benchmarks import payloads

HOST = "127.0.0.1"
_BASE64_ASKED = re.compile(rb'"encoding_format"\s*:\s*"base64"')
_MODEL = re.compile(rb'"model"\s*:\s*"([^"]*)"')
_MAX_HEADER_LINES = 100


@dataclass(frozen=True)
class Sizes:
    """The payload sizes one run serves (a smoke run uses tiny ones)."""

    stream_chunks: int = 20_000
    embeddings: int = 1000
    logprob_tokens: int = 4000
    slow_ms: float = 20.0
    pause_s: float = 2.0
    transfer_bytes: int = 1 << 30


def _head(status: str, headers: List[Tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status}"]
    lines += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _api_headers(request_id: str, content_type: str = "application/json") -> List[Tuple[str, str]]:
    return [
        ("Date", "Tue, 19 Nov 2024 18:20:00 GMT"),
        ("Content-Type", content_type),
        ("openai-organization", "user-bench"),
        ("openai-processing-ms", "42"),
        ("openai-version", "2020-10-01"),
        ("x-request-id", request_id),
    ]


def json_response(body: bytes, request_id: str = "req_bench0001") -> bytes:
    headers = [*_api_headers(request_id), ("Content-Length", str(len(body))), ("Connection", "keep-alive")]
    return _head("200 OK", headers) + body


def chunked(events: List[bytes]) -> bytes:
    """Events framed as HTTP chunks, one chunk per event, then the last-chunk marker."""
    return b"".join(b"%x\r\n%s\r\n" % (len(event), event) for event in events) + b"0\r\n\r\n"


def sse_head(*, close_delimited: bool, request_id: str = "req_bench0002") -> bytes:
    headers = _api_headers(request_id, "text/event-stream; charset=utf-8")
    if close_delimited:
        headers.append(("Connection", "close"))
    else:
        headers += [("Transfer-Encoding", "chunked"), ("Connection", "keep-alive")]
    return _head("200 OK", headers)


class Routes:
    """The pre-built responses."""

    def __init__(self, sizes: Sizes) -> None:
        self.sizes = sizes
        self.small = json_response(payloads.chat_completion())
        events, self.stream_text = payloads.stream_events(sizes.stream_chunks)
        self.stream = sse_head(close_delimited=False) + chunked(events)
        events, _ = payloads.stream_events(sizes.stream_chunks, reasoning=True)
        self.stream_reasoning = sse_head(close_delimited=False) + chunked(events)
        pause_events, self.pause_text = payloads.stream_events(6)
        self.pause_first = pause_events[:1]
        self.pause_rest = pause_events[1:]
        self.pause_chunked_head = sse_head(close_delimited=False)
        self.pause_close_head = sse_head(close_delimited=True)
        float_body, base64_body = payloads.embeddings(sizes.embeddings)
        self.emb_float = json_response(float_body, "req_bench0003")
        self.emb_base64 = json_response(base64_body, "req_bench0004")
        self.logprobs = json_response(payloads.logprobs_completion(sizes.logprob_tokens), "req_bench0005")


class Conn:
    """One accepted connection: reads requests, writes pre-built answers until the client goes."""

    def __init__(self, server: BenchServer, sock: socket.socket) -> None:
        self.server = server
        self.sock = sock
        self.rfile = sock.makefile("rb")

    def serve(self) -> None:
        try:
            while not self.server.stopping.is_set():
                request = self._read_request()
                if request is None:
                    return
                path, body = request
                if not self._answer(path, body):
                    return
        except OSError:
            pass  # the client hung up mid-request or mid-answer
        finally:
            self.rfile.close()
            self.sock.close()

    def _read_request(self) -> Optional[Tuple[str, bytes]]:
        line = self.rfile.readline(65537)
        if not line:
            return None
        parts = line.split()
        if len(parts) != 3:
            return None
        length = 0
        is_chunked = False
        for _ in range(_MAX_HEADER_LINES):
            header = self.rfile.readline(65537)
            if header in (b"\r\n", b"\n", b""):
                break
            name, _, value = header.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
            elif name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
                is_chunked = True
        path = parts[1].decode("latin-1")
        if path.split("?", 1)[0].endswith("/files"):  # an upload: count it, keep none of it
            received = self._discard_chunked() if is_chunked else self._discard(length)
            return path, str(received).encode()
        body = self.rfile.read(length) if length else b""
        return path, body

    def _discard(self, length: int) -> int:
        left = length
        while left:
            piece = self.rfile.read(min(left, 1 << 20))
            if not piece:
                raise OSError("the upload ended early")
            left -= len(piece)
        return length

    def _discard_chunked(self) -> int:
        total = 0
        while True:
            size = int(self.rfile.readline(1024).split(b";")[0], 16)
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                return total
            total += self._discard(size)
            self.rfile.readline(16)

    def _answer(self, path: str, body: bytes) -> bool:
        """Send the answer; False when the connection must close after it."""
        routes = self.server.routes
        path = path.split("?", 1)[0]
        route = path.rsplit("/", 1)[-1]
        if path.endswith("/chat/completions"):
            found = _MODEL.search(body)
            route = found.group(1).decode() if found else ""
        send = self.sock.sendall
        if route == "small":
            send(routes.small)
        elif route == "stream":
            send(routes.stream)
        elif route == "stream-reasoning":
            send(routes.stream_reasoning)
        elif route == "embeddings":
            send(routes.emb_base64 if _BASE64_ASKED.search(body) else routes.emb_float)
        elif route == "logprobs":
            send(routes.logprobs)
        elif route == "slow":
            time.sleep(routes.sizes.slow_ms / 1000)
            send(routes.small)
        elif route in ("pause-chunked", "pause-close"):
            return self._pause(close_delimited=route == "pause-close")
        elif route == "files":
            send(json_response(payloads.file_object(int(body))))
        elif route == "content":
            self._send_zeros(1024 if "/file-small/" in path else routes.sizes.transfer_bytes)
        elif route == "release":
            send(json_response(_dump({"released": self.server.release()})))
        elif route == "stats":
            send(json_response(_dump({"accepted": self.server.accepted})))
        else:
            message = _dump({"error": {"message": f"no route {path}", "type": "invalid_request_error"}})
            send(_head("404 Not Found", [("Content-Type", "application/json"), ("Content-Length",
                                                                                 str(len(message)))]) + message)
        return True

    def _send_zeros(self, size: int) -> None:
        headers = [*_api_headers("req_bench0006", "application/octet-stream"), ("Content-Length", str(size)),
                   ("Connection", "keep-alive")]
        self.sock.sendall(_head("200 OK", headers))
        block = bytes(1 << 20)
        left = size
        while left:
            piece = block if left >= len(block) else block[:left]
            self.sock.sendall(piece)
            left -= len(piece)

    def _pause(self, *, close_delimited: bool) -> bool:
        routes = self.server.routes
        released = self.server.start_pause()
        if close_delimited:
            self.sock.sendall(routes.pause_close_head + b"".join(routes.pause_first))
            released.wait(routes.sizes.pause_s)
            self.server.end_pause(released)
            self.sock.sendall(b"".join(routes.pause_rest))
            return False
        self.sock.sendall(routes.pause_chunked_head + chunked(routes.pause_first)[:-5])
        released.wait(routes.sizes.pause_s)
        self.server.end_pause(released)
        self.sock.sendall(chunked(routes.pause_rest))
        return True


def _dump(value: object) -> bytes:
    return json.dumps(value).encode()


class BenchServer:
    """A threaded loopback server on a free port; ``with BenchServer(sizes) as server: server.url``."""

    def __init__(self, sizes: Sizes) -> None:
        self.routes = Routes(sizes)
        self.stopping = threading.Event()
        self.accepted = 0
        self._lock = threading.Lock()
        self._pauses: List[threading.Event] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((HOST, 0))
        self._listener.listen(512)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        self._thread = threading.Thread(target=self._accept_loop, name="bench-server", daemon=True)
        self._thread.start()

    def _accept_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=Conn(self, sock).serve, name="bench-conn", daemon=True).start()

    # -- pauses --------------------------------------------------------------------------------

    def start_pause(self) -> threading.Event:
        event = threading.Event()
        with self._lock:
            self._pauses.append(event)
        return event

    def end_pause(self, event: threading.Event) -> None:
        with self._lock:
            if event in self._pauses:
                self._pauses.remove(event)

    def release(self) -> bool:
        """End every running pause; True if one was still waiting."""
        with self._lock:
            waiting, self._pauses = self._pauses, []
        for event in waiting:
            event.set()
        return bool(waiting)

    def stats(self) -> Dict[str, int]:
        return {"accepted": self.accepted}

    def close(self) -> None:
        self.stopping.set()
        self.release()
        self._listener.close()

    def __enter__(self) -> BenchServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
