"""Hostile servers for ``ScriptedServer`` and a probe that measures a call against them in a fresh
process: servers that drip their headers or body a byte at a time, a gzip bomb, an endless JSON body,
a redirect with gigabytes of body, malformed ``Location`` headers, a 600 KiB error message.

Bodies are generated as they are sent, never built whole. Pacing waits on the server's ``stopping``
event, so a handler ends with its test.

``python tests/_hostile.py`` runs every scenario on both transports with the client's defaults and
prints the table of time to error and peak RSS growth quoted in docs/guide/errors-retries.md (needs the dev venv).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from _servers import CLOSE, Conn, Handler, Recorded, ScriptedServer, chunk, head, reply

CLIENT = Path(__file__).with_name("_rss_client.py")
MiB = 1 << 20
GiB = 1 << 30


def drip(data: bytes, every: float) -> Handler:
    """Send ``data`` one byte every ``every`` seconds (each its own TCP segment)."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for index in range(len(data)):
            if not conn.send(data[index : index + 1]) or conn.server.stopping.wait(every):
                break
        return CLOSE

    return handler


def drip_headers(every: float = 0.5) -> Handler:
    """A complete small JSON answer whose status line and headers arrive a byte at a time."""
    padding = {f"X-Padding-{i}": "y" * 40 for i in range(20)}  # ~1 KiB of headers: minutes at this pace
    return drip(head(200, {"Content-Type": "application/json", "Content-Length": "2", **padding}) + b"{}", every)


def drip_body(every: float = 0.5) -> Handler:
    """Headers at once, then a JSON body of 10 KB a byte at a time."""
    body = b'{"data": "' + b"x" * 10_000 + b'"}'
    fields = {"Content-Type": "application/json", "Content-Length": str(len(body))}

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(head(200, fields))
        return drip(body, every)(conn, request)

    return handler


def stream_then_stall(events: int = 3, every: float = 0.5) -> Handler:
    """An event stream sending ``events`` events ``every`` seconds apart, then nothing."""

    def handler(conn: Conn, request: Recorded) -> Optional[str]:
        conn.send(head(200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}))
        for index in range(events):
            if not conn.send(chunk(b'data: {"n": %d}\n\n' % index)) or conn.server.stopping.wait(every):
                return CLOSE
        conn.hold()
        return CLOSE

    return handler


class Generated:
    """A 2xx (or a redirect) whose body is produced block by block until the client hangs up or
    ``size`` bytes of (decoded) body were sent; ``sent`` counts the bytes written to the socket."""

    def __init__(self, kind: str, size: int = 2 * GiB, status: int = 200, location: str = "") -> None:
        self.kind = kind  # "gzip", "chunked" or "length" (a Content-Length of ``size``)
        self.size = size
        self.status = status
        self.location = location
        self.sent = 0

    def __call__(self, conn: Conn, request: Recorded) -> Optional[str]:
        fields = {"Content-Type": "application/json"}
        if self.location:
            fields["Location"] = self.location
        if self.kind == "length":
            fields["Content-Length"] = str(self.size)
        else:
            fields["Transfer-Encoding"] = "chunked"
        if self.kind == "gzip":
            fields["Content-Encoding"] = "gzip"
        if not conn.send(head(self.status, fields)):
            return CLOSE
        for block in self._blocks():
            if conn.server.stopping.is_set() or not conn.send(block):
                break
            self.sent += len(block)
        return CLOSE

    def _blocks(self) -> Any:
        if self.kind == "gzip":
            # Zeros deflate about 1000 to 1. After a full flush the compressor starts afresh, so every
            # 1 MiB block after the first compresses to the same bytes: 2 GiB cost ~2 MB on the wire.
            packer = zlib.compressobj(9, zlib.DEFLATED, 31)
            zeros = bytes(MiB)
            first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
            repeat = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
            yield chunk(first)
            framed = chunk(repeat)
            for _ in range(self.size // MiB - 1):
                yield framed
            return
        block = b'{"data": "' + b"x" * (MiB - 10)
        framed = chunk(block) if self.kind == "chunked" else block
        for _ in range(self.size // MiB):
            yield framed


def probe(kind: str, base_url: str, call: str = "json", **options: Any) -> Dict[str, Any]:
    """Run ``CALL`` in a fresh interpreter (see ``_rss_client``) and return what it printed."""
    done = subprocess.run(
        [sys.executable, str(CLIENT), kind, base_url, call, json.dumps(options)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "OPENAI_LOG": ""},
    )
    if done.returncode != 0:
        raise AssertionError(f"the probe failed:\n{done.stderr[-3000:]}")
    result: Dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


DRIP_TIMEOUT = {"connect": 3, "read": 3, "total": 3}

# name: (handlers, call, options); the client's defaults otherwise (max_response_size 256 MiB).
SCENARIOS: Dict[str, Tuple[Any, str, Dict[str, Any]]] = {
    "headers a byte every 0.5 s, total=3": (lambda: [drip_headers()], "json", {"timeout": DRIP_TIMEOUT}),
    "JSON body a byte every 0.5 s, total=3": (lambda: [drip_body()], "json", {"timeout": DRIP_TIMEOUT}),
    "gzip bomb (2 MB inflating to 2 GiB)": (lambda: [Generated("gzip")], "json", {}),
    "endless chunked JSON body": (lambda: [Generated("chunked")], "json", {}),
    "307 with a 2 GiB body, then 200": (lambda: [Generated("length", status=307, location="/v1/next"),
                                                 reply(200, {"ok": True})], "json", {}),
    "Location http://[::1/x": (lambda: [reply(307, b"", {"Location": "http://[::1/x"})], "json", {}),
    "Location on port 99999": (lambda: [reply(307, b"", {"Location": "http://127.0.0.1:99999/x"})], "json", {}),
    "500 with a 600 KiB message": (lambda: [reply(500, {"error": {"message": "m" * (600 << 10)}})], "json", {}),
}


def figures() -> List[str]:
    """The table of docs/guide/errors-retries.md: each scenario on both transports, with the client's defaults."""
    rows = ["| scenario | transport | outcome | time to error | peak RSS growth |", "|---|---|---|---|---|"]
    for name, (handlers, call, options) in SCENARIOS.items():
        for kind in ("requests", "urllib3"):
            with ScriptedServer() as server:
                server.script(*handlers())
                got = probe(kind, server.url, call, **options)
            outcome = got.get("error") or "success"
            rows.append(f"| {name} | {kind} | {outcome} | {got['seconds']:.2f} s | {got['rss_growth_mib']:.0f} MiB |")
    return rows


if __name__ == "__main__":
    print("\n".join(figures()))
