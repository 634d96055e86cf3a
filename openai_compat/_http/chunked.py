"""A sans-IO decoder for HTTP/1.1 chunked transfer coding (RFC 9112 §7.1): fed bytes, returns data.

Why our own: http.client decodes chunked bodies one chunk per call, and streaming servers send
one chunk per event, so a stream paid a Python-level read per event. Fed whatever the socket has
(``read1``), this decoder returns every chunk that arrived in one pass, which doubles a stream's
chunks per second. Framing errors raise ``ChunkedError``; the transport maps it to a connection error.
"""

from __future__ import annotations

from typing import List

__all__ = ["ChunkedDecoder", "ChunkedError"]

# A chunk-size line (with extensions) or trailer line longer than this is a broken peer.
_MAX_LINE = 8192

_SIZE, _DATA, _DATA_END, _TRAILER, _DONE = range(5)


class ChunkedError(ValueError):
    """The chunked framing is broken: a bad size line, a missing CRLF, an overlong line."""


class ChunkedDecoder:
    """``feed(bytes) -> bytes`` of payload; ``done`` once the last chunk and trailers are read."""

    __slots__ = ("_left", "_pending", "_state")

    def __init__(self) -> None:
        self._state = _SIZE
        self._left = 0  # payload bytes still due in the current chunk
        self._pending = b""  # an incomplete size, CRLF or trailer line

    @property
    def done(self) -> bool:
        return self._state == _DONE

    def feed(self, data: bytes) -> bytes:
        """Consume ``data``; return the payload it completed (possibly empty)."""
        buf = self._pending + data if self._pending else data
        self._pending = b""
        out: List[bytes] = []
        pos, end, state = 0, len(buf), self._state
        while pos < end and state != _DONE:
            if state == _DATA:
                take = min(self._left, end - pos)
                out.append(buf[pos : pos + take])
                pos += take
                self._left -= take
                if self._left == 0:
                    state = _DATA_END
            elif state == _DATA_END:
                if end - pos < 2:
                    break
                if buf[pos : pos + 2] != b"\r\n":
                    raise ChunkedError("chunk data is not followed by CRLF")
                pos += 2
                state = _SIZE
            else:  # a size line or a trailer line
                eol = buf.find(b"\n", pos)
                if eol < 0:
                    if end - pos > _MAX_LINE:
                        raise ChunkedError("chunk size or trailer line too long")
                    break
                line = buf[pos:eol].rstrip(b"\r")
                pos = eol + 1
                if state == _TRAILER:
                    if not line:
                        state = _DONE  # trailer fields are not used by this client
                    continue
                size = _chunk_size(line)
                if size:
                    self._left, state = size, _DATA
                else:
                    state = _TRAILER
        self._state = state
        if pos < end and state != _DONE:
            self._pending = buf[pos:]
        return out[0] if len(out) == 1 else b"".join(out)


def _chunk_size(line: bytes) -> int:
    text = line.split(b";", 1)[0].strip()  # chunk extensions are ignored, as RFC 9112 allows
    if not text or len(text) > 16 or text.strip(b"0123456789abcdefABCDEF"):
        raise ChunkedError(f"invalid chunk size line {line[:40]!r}")
    return int(text, 16)
