"""The response objects of ``with_raw_response`` and ``with_streaming_response``, with
openai-python's surface.

- ``LegacyAPIResponse`` (``.with_raw_response.<method>()``): the call has run; the body is read
  (a stream's body excepted); ``content`` and ``text`` are properties, ``parse()`` gives what the
  plain method returns.
- ``APIResponse`` (``with .with_streaming_response.<method>() as response``): only the headers
  are in; nothing of the body is read until asked (``read()``, ``text()``, ``json()``,
  ``iter_bytes()``, ``iter_text()``, ``iter_lines()``, ``stream_to_file()``, ``parse()``), and
  leaving the ``with`` block closes the connection.
"""

from __future__ import annotations

import codecs
import datetime
import os
import re
from types import TracebackType
from typing import IO, Any, Callable, Dict, Generic, Iterator, Optional, TypeVar, Union, overload

import msgspec

from .._core.recording import Exchange
from .._core.results import decode_response
from .._http.transport import Headers, Request, Response
from .._uploads.binary import StreamAlreadyConsumed

__all__ = ["APIResponse", "LegacyAPIResponse", "ResponseContextManager"]

R = TypeVar("R")
T = TypeVar("T")
_LINE_END = re.compile("\r\n|\r|\n")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


class _BaseAPIResponse(Generic[R]):
    """What both kinds share: the exchange's metadata and the body's bytes."""

    def __init__(self, exchange: Exchange) -> None:
        self.http_response: Response = exchange.response
        self.http_request: Request = exchange.request
        self.retries_taken: int = exchange.retries_taken
        """The number of retries made; 0 if the first attempt succeeded."""
        self.elapsed = datetime.timedelta(seconds=exchange.elapsed)
        """From the first attempt until the response arrived (its body too, unless streamed)."""
        self._parsed_by_type: Dict[Any, Any] = {}

    @property
    def headers(self) -> Headers:
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def url(self) -> str:
        """The URL the response came from (after redirects)."""
        return self.http_response.url or self.http_request.url

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def request_id(self) -> Optional[str]:
        return self.headers.get("x-request-id")

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    def _decode_text(self, raw: bytes) -> str:
        found = _CHARSET.search(self.headers.get("content-type", ""))
        encoding = found.group(1) if found else "utf-8"
        try:
            codecs.lookup(encoding)
        except LookupError:
            encoding = "utf-8"
        return raw.decode(encoding, errors="replace")

    def _parse_to(self, to: type[T], raw: bytes) -> T:
        """The body decoded into ``to``: a Struct, ``dict``, ``list``, ``object`` (builtins),
        ``str`` or ``bytes``."""
        if to in (dict, list):
            to = object  # type: ignore[assignment]
        return decode_response(
            Response(self.status_code, self.headers, content=raw, url=self.url), to,
            request=self.http_request, retries_taken=self.retries_taken,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.method} {self.url}>"


class LegacyAPIResponse(_BaseAPIResponse[R]):
    """What ``.with_raw_response.<method>(...)`` returns: the HTTP response of the call, and
    ``parse()`` for the value the plain method returns.

    A helper that makes several calls (``create_and_poll``) shows its first call's response. An
    error raised while decoding (a body that does not fit the type) is raised by ``parse()``, so
    ``text`` stays there to look at; an HTTP error status raises from the call itself.
    """

    def __init__(self, exchange: Exchange, *, result: Any = None, error: Optional[BaseException] = None) -> None:
        super().__init__(exchange)
        self._result = result
        self._error = error
        # The body still on the wire belongs to the parsed value (a Stream): note it, so a body
        # that value has read is not passed off as empty.
        self._body_given_away = not exchange.response.is_closed
        self._read_here = False

    @overload
    def parse(self) -> R: ...

    @overload
    def parse(self, *, to: type[T]) -> T: ...

    def parse(self, *, to: Optional[type[Any]] = None) -> Any:
        """The value the plain method returns (typed object, page, stream); with ``to``, the body
        decoded into that type instead (a Struct, ``dict``, ``list``, ``str``, ``bytes``)."""
        if to is None:
            if self._error is not None:
                raise self._error
            return self._result
        if to not in self._parsed_by_type:
            self._parsed_by_type[to] = self._parse_to(to, self.read())
        return self._parsed_by_type[to]

    def read(self) -> bytes:
        """The whole body (read now if it was streamed and not read yet)."""
        if self._body_given_away and self.http_response.is_closed and not self._read_here:
            raise StreamAlreadyConsumed(
                "the parsed stream has read this response's body; read `content` before iterating the stream"
            )
        self._read_here = True
        return self.http_response.read()

    @property
    def content(self) -> bytes:
        return self.read()

    @property
    def text(self) -> str:
        return self._decode_text(self.read())

    def json(self) -> Any:
        return msgspec.json.decode(self.read())

    def close(self) -> None:
        """Release the connection (only a stream's response still holds one)."""
        self.http_response.close()


class APIResponse(_BaseAPIResponse[R]):
    """What ``with .with_streaming_response.<method>(...) as response`` gives: the status and
    headers are in, the body is read only when asked.

    The body can be read once: after ``iter_bytes()``/``iter_text()``/``iter_lines()`` (or a
    ``parse()`` that returns a stream), another read raises ``StreamAlreadyConsumed``; ``read()``,
    ``text()``, ``json()`` keep the bytes, so they and ``parse()`` can follow each other.
    """

    def __init__(self, exchange: Exchange, decode: Callable[[], R]) -> None:
        super().__init__(exchange)
        self._decode = decode
        # "unread", "kept" (read whole, the bytes kept), "streamed" (iterated, or handed to a parsed
        # stream) or "closed" (closed unread).
        self._body = "unread" if not exchange.response.is_closed else "kept"

    @overload
    def parse(self) -> R: ...

    @overload
    def parse(self, *, to: type[T]) -> T: ...

    def parse(self, *, to: Optional[type[Any]] = None) -> Any:
        """The value the plain method returns, decoded from this response by the plain method's own
        code (a typed object, a page, a ``Stream`` iterating this body); with ``to``, the body decoded
        into that type instead (a Struct, ``dict``, ``list``, ``str``, ``bytes``)."""
        key: Any = to if to is not None else APIResponse
        if key in self._parsed_by_type:
            return self._parsed_by_type[key]
        if to is not None:
            parsed = self._parse_to(to, self.read())
        else:
            self._check_readable()
            parsed = self._decode()
            # A stream (or a download) takes over the rest of the body; anything else read it whole.
            self._body = "streamed" if not self.http_response.is_closed else "kept"
        self._parsed_by_type[key] = parsed
        return parsed

    def read(self) -> bytes:
        """Read the rest of the body and return it whole (kept for later reads)."""
        self._check_readable()
        content = self.http_response.read()
        self._body = "kept"
        return content

    def text(self) -> str:
        return self._decode_text(self.read())

    def json(self) -> Any:
        return msgspec.json.decode(self.read())

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body as it arrives, in ``chunk_size`` pieces if given (the network's otherwise)."""
        if chunk_size is not None and chunk_size <= 0:
            raise ValueError("chunk_size must be a positive number of bytes")
        self._check_readable()
        if self._body == "kept":
            yield from _pieces(iter((self.http_response.read(),)), chunk_size)
            return
        self._body = "streamed"
        try:
            yield from _pieces(self.http_response.iter_bytes(), chunk_size)
        finally:
            self.http_response.close()

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        """The body as text as it arrives; a character split between two reads is kept whole."""
        found = _CHARSET.search(self.headers.get("content-type", ""))
        try:
            decoder = codecs.getincrementaldecoder(found.group(1) if found else "utf-8")(errors="replace")
        except LookupError:
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        for chunk in self.iter_bytes(chunk_size):
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    def iter_lines(self) -> Iterator[str]:
        """The body's lines as they arrive, without their ends (``\\n``, ``\\r\\n`` or ``\\r``)."""
        pending = ""
        for text in self.iter_text():
            pending += text
            held = pending.endswith("\r")  # may be the first half of a "\r\n" split between reads
            lines = _LINE_END.split(pending[:-1] if held else pending)
            pending = lines.pop() + ("\r" if held else "")
            yield from lines
        if pending:
            yield pending.rstrip("\r")

    def stream_to_file(self, file: Union[str, os.PathLike[str], IO[bytes]], *, chunk_size: Optional[int] = None) -> int:
        """Write the body to ``file`` (a path or a binary file object) as it arrives; returns the bytes written."""
        if not isinstance(file, (str, os.PathLike)):
            return _copy(self.iter_bytes(chunk_size), file)
        with open(file, "wb") as handle:
            return _copy(self.iter_bytes(chunk_size), handle)

    write_to_file = stream_to_file

    def close(self) -> None:
        """Give up the rest of the body and release the connection."""
        if self._body == "unread":
            self._body = "closed"
        self.http_response.close()

    def _check_readable(self) -> None:
        if self._body == "streamed":
            raise StreamAlreadyConsumed(
                "this response's body was already streamed (iter_bytes, iter_text, iter_lines or a parsed "
                "stream); call read() first to keep the bytes for later"
            )
        if self._body == "closed":
            raise StreamAlreadyConsumed("this response was closed before its body was read")


def _pieces(chunks: Iterator[bytes], size: Optional[int]) -> Iterator[bytes]:
    if size is None:
        yield from (chunk for chunk in chunks if chunk)
        return
    pending = b""
    for chunk in chunks:
        pending += chunk
        while len(pending) >= size:
            yield pending[:size]
            pending = pending[size:]
    if pending:
        yield pending


def _copy(chunks: Iterator[bytes], handle: IO[bytes]) -> int:
    written = 0
    for chunk in chunks:
        handle.write(chunk)
        written += len(chunk)
    return written


_ResponseT = TypeVar("_ResponseT", bound=Union["APIResponse[Any]", "LegacyAPIResponse[Any]"])


class ResponseContextManager(Generic[_ResponseT]):
    """``with .with_streaming_response.<method>(...) as response``: the request goes out on entry,
    and the response is closed on exit, however the block ends."""

    def __init__(self, request_func: Callable[[], _ResponseT]) -> None:
        self._request_func = request_func
        self._response: Optional[_ResponseT] = None

    def __enter__(self) -> _ResponseT:
        self._response = self._request_func()
        return self._response

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        if self._response is not None:
            self._response.close()
