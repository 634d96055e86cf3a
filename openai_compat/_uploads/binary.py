"""``BinaryResponse``: a binary body (file content, speech audio) that is still on the wire.

Nothing is read until asked: ``write_to_file`` streams to disk in chunks, ``iter_bytes`` yields
chunks as they arrive, ``content`` reads everything into memory. The body can be read once; a
second read raises ``StreamAlreadyConsumed`` rather than return an empty body. Use it as a
context manager (or read it) so its connection goes back to the pool.
"""

from __future__ import annotations

import codecs
import os
import re
from types import TracebackType
from typing import IO, Any, Callable, Iterator, Optional, Union

import msgspec

from .._errors import APITimeoutError, OpenAIError
from .._http.transport import Headers, Request, Response
from .progress import ProgressCallback, report_progress

__all__ = ["BinaryResponse", "StreamAlreadyConsumed"]

_LINE_END = re.compile("\r\n|\r|\n")


class StreamAlreadyConsumed(OpenAIError):
    """The body of a ``BinaryResponse`` was already read (streamed or written to a file)."""


class BinaryResponse:
    """A successful response whose body is bytes, read on demand."""

    def __init__(
        self,
        response: Response,
        *,
        request: Request,
        retries_taken: int = 0,
        on_progress: Optional[ProgressCallback] = None,
        deadline: Optional[float] = None,
        clock: Optional[Callable[[], float]] = None,
    ) -> None:
        self.http_response = response
        self.http_request = request
        self.retries_taken = retries_taken
        self._on_progress = on_progress
        self._deadline = deadline
        self._clock = clock
        self._content: Optional[bytes] = None
        self._consumed = False

    # -- metadata --------------------------------------------------------------------------------

    @property
    def headers(self) -> Headers:
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def request_id(self) -> Optional[str]:
        return self.headers.get("x-request-id")

    @property
    def content_type(self) -> Optional[str]:
        return self.headers.get("content-type")

    @property
    def expected_size(self) -> Optional[int]:
        """The ``Content-Length`` of the body, if the server sent one (and no content coding)."""
        if "content-encoding" in self.headers:
            return None
        try:
            return int(self.headers["content-length"])
        except (KeyError, ValueError):
            return None

    # -- reading ---------------------------------------------------------------------------------

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """Yield the body as it arrives (in ``chunk_size`` pieces if given); once only."""
        if chunk_size is not None and chunk_size <= 0:  # before the body is claimed: a retry can read it
            raise ValueError("chunk_size must be a positive number of bytes")
        if self._content is not None:
            yield from _pieces([self._content], chunk_size)
            return
        self._claim()
        try:
            chunks: Iterator[bytes] = self._guarded(self.http_response.iter_bytes())
            if self._on_progress is not None:
                chunks = report_progress(chunks, self.expected_size, self._on_progress)
            yield from _pieces(chunks, chunk_size)
        finally:
            self.http_response.close()

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        """The body decoded as UTF-8 as it arrives (a character split between two reads is kept
        whole); once only, like ``iter_bytes``."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        for chunk in self.iter_bytes(chunk_size):
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    def iter_lines(self) -> Iterator[str]:
        """The body's lines as they arrive, without their ends. Only ``\n``, ``\r\n`` and ``\r``
        end a line (not the other breaks ``str.splitlines`` knows, which JSON text may hold)."""
        pending = ""
        for text in self.iter_text():
            pending += text
            # A "\r" at the end may be half of a "\r\n" whose "\n" comes with the next read.
            held = pending.endswith("\r")
            lines = _LINE_END.split(pending[:-1] if held else pending)
            pending = lines.pop() + ("\r" if held else "")
            yield from lines
        if pending:
            yield pending.rstrip("\r")

    def read(self) -> bytes:
        """The whole body in memory (kept, so ``content`` may be asked for again)."""
        if self._content is None:
            self._content = b"".join(self.iter_bytes())
        return self._content

    @property
    def content(self) -> bytes:
        return self.read()

    @property
    def text(self) -> str:
        return self.read().decode("utf-8")

    def json(self) -> Any:
        return msgspec.json.decode(self.read())

    def write_to_file(self, file: Union[str, os.PathLike[str], IO[bytes]], *, chunk_size: Optional[int] = None) -> int:
        """Stream the body to ``file`` (a path or a binary file object); returns the bytes written.

        A path is written through a ``.part`` file renamed into place at the end, so a download
        that fails half-way never leaves a truncated file under the final name.
        """
        if not isinstance(file, (str, os.PathLike)):
            return self._copy_into(file, chunk_size)
        target = os.fspath(file)
        partial = target + ".part"
        try:
            with open(partial, "wb") as handle:
                written = self._copy_into(handle, chunk_size)
            os.replace(partial, target)
        except BaseException:
            if os.path.exists(partial):
                os.remove(partial)
            raise
        return written

    # openai-python's name for the same thing on its streaming responses.
    stream_to_file = write_to_file

    def _copy_into(self, handle: IO[bytes], chunk_size: Optional[int]) -> int:
        written = 0
        for chunk in self.iter_bytes(chunk_size):
            handle.write(chunk)
            written += len(chunk)
        return written

    def _claim(self) -> None:
        if self._consumed:
            raise StreamAlreadyConsumed(
                "this response's body was already read (or closed); keep the bytes from the first read (or use "
                ".read(), which keeps them)"
            )
        self._consumed = True

    def _guarded(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """Enforce the call's total deadline between chunks (the read timeout bounds each read)."""
        if self._deadline is None or self._clock is None:
            yield from chunks
            return
        for chunk in chunks:
            if self._clock() > self._deadline:
                raise APITimeoutError(
                    self.http_request, message="Request timed out: the total budget ran out during the download."
                )
            yield chunk

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        """Give up the rest of the body and release the connection."""
        if self._content is None:
            self._consumed = True  # a later read must not pass off an empty body as the content
        self.http_response.close()

    def __enter__(self) -> BinaryResponse:
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<BinaryResponse [{self.status_code}] {self.content_type or ''}>"


def _pieces(chunks: Any, size: Optional[int]) -> Iterator[bytes]:
    if size is None:
        for chunk in chunks:
            if chunk:
                yield chunk
        return
    if size <= 0:
        raise ValueError("chunk_size must be a positive number of bytes")
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)
