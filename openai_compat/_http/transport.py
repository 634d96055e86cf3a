"""The transport contract: the request the Session hands a transport and the response it gets back.

Transports are dumb. They send one request and return one response: no retries, no redirects,
no raising on status. Each maps its HTTP library's exceptions to ``APIConnectionError`` /
``APITimeoutError`` in one place, also for errors raised while a streamed body is read.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping, Optional, Protocol, Tuple, Union

__all__ = [
    "ByteStream",
    "Headers",
    "InsecureTransportWarning",
    "Request",
    "RequestBody",
    "Response",
    "StreamingBody",
    "Transport",
]

# Header names whose values never appear in a repr or a log line.
SENSITIVE_HEADERS = frozenset({"authorization", "api-key", "proxy-authorization", "cookie"})


class InsecureTransportWarning(UserWarning):
    """A transport was built with ``verify=False``: TLS certificates are not checked."""


class Headers(Mapping[str, str]):
    """A read-only, case-insensitive view of response headers.

    Repeated headers are joined with ``", "`` as RFC 9110 §5.3 allows.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Union[Mapping[str, str], Iterable[Tuple[str, str]]] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        folded: dict[str, str] = {}
        for name, value in pairs:
            key = name.lower()
            folded[key] = f"{folded[key]}, {value}" if key in folded else value
        self._items = folded

    def __getitem__(self, key: str) -> str:
        return self._items[key.lower()]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        shown = {k: ("<redacted>" if k in SENSITIVE_HEADERS else v) for k, v in self._items.items()}
        return f"Headers({shown!r})"


class StreamingBody(Protocol):
    """A request body sent in chunks (a multipart upload streaming from a file).

    Its length is known before the first byte goes out, so it is sent with ``Content-Length``;
    iterating it again starts over with the same bytes, so a retry or a 307/308 redirect can
    re-send it. Transports pass it to their library as an iterable body.
    """

    def __iter__(self) -> Iterator[bytes]: ...

    def __len__(self) -> int: ...


RequestBody = Union[bytes, StreamingBody]


class Request:
    """One HTTP request, fully built: absolute URL, final headers, encoded body, timeouts.

    ``body`` is ``bytes`` or a ``StreamingBody`` (then ``Content-Length`` is already in ``headers``).
    ``connect_timeout`` and ``read_timeout`` are in seconds (``None`` waits forever); the read
    timeout bounds each socket read, which for a stream is the wait for the next bytes.
    """

    __slots__ = ("method", "url", "headers", "body", "connect_timeout", "read_timeout")

    def __init__(
        self,
        method: str,
        url: str,
        *,
        headers: Optional[Mapping[str, str]] = None,
        body: Optional[RequestBody] = None,
        connect_timeout: Optional[float] = None,
        read_timeout: Optional[float] = None,
    ) -> None:
        self.method = method
        self.url = url
        self.headers: dict[str, str] = dict(headers or {})
        self.body = body
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout

    def __repr__(self) -> str:
        # Headers are left out on purpose: they carry the credentials.
        return f"<Request {self.method} {self.url}>"

    def __reduce__(self) -> Tuple[Any, ...]:
        # A request pickles inside an error that crosses processes or lands in a result backend:
        # it goes without its credentials.
        headers = {k: "<redacted>" if k.lower() in SENSITIVE_HEADERS else v for k, v in self.headers.items()}
        # A streaming body (open files) does not travel; its bytes were sent, not kept.
        body = self.body if isinstance(self.body, bytes) else None
        state = {"headers": headers, "body": body, "connect_timeout": self.connect_timeout,
                 "read_timeout": self.read_timeout}
        return (Request, (self.method, self.url), (None, state))


class ByteStream(Protocol):
    """A response body being read: iterate for chunks as they arrive, ``close`` to give it up."""

    def __iter__(self) -> Iterator[bytes]: ...

    def close(self) -> None: ...


class Response:
    """One HTTP response: status, headers and a body that is either read or still streaming."""

    __slots__ = ("status_code", "headers", "url", "_content", "_stream")

    def __init__(
        self,
        status_code: int,
        headers: Union[Headers, Mapping[str, str], Iterable[Tuple[str, str]]] = (),
        *,
        content: Optional[bytes] = None,
        stream: Optional[ByteStream] = None,
        url: str = "",
    ) -> None:
        if content is not None and stream is not None:
            raise ValueError("give a Response either content or a stream, not both")
        self.status_code = status_code
        self.headers = headers if isinstance(headers, Headers) else Headers(headers)
        self.url = url
        self._content = content
        self._stream = stream

    @property
    def content(self) -> bytes:
        """The whole body; reads the rest of a streamed body first."""
        return self.read()

    def read(self, limit: Optional[int] = None) -> bytes:
        """Read the whole body (once) and release the connection.

        With ``limit``, reading stops at the first network read that takes the body past ``limit``
        bytes, and the connection is closed rather than reused: the result is then longer than
        ``limit`` (by less than one read), which tells the caller the body was cut.
        """
        if self._content is None:
            stream, self._stream = self._stream, None
            if stream is None:
                self._content = b""
            else:
                try:
                    if limit is None:
                        self._content = b"".join(stream)
                    else:
                        parts: list[bytes] = []
                        size = 0
                        for part in stream:
                            parts.append(part)
                            size += len(part)
                            if size > limit:
                                break
                        self._content = b"".join(parts)
                finally:
                    stream.close()
        return self._content

    def iter_bytes(self) -> Iterator[bytes]:
        """Yield the body in chunks as they arrive from the network."""
        if self._content is not None:
            if self._content:
                yield self._content
            return
        stream = self._stream
        if stream is None:
            return
        yield from stream

    def close(self) -> None:
        """Give up the rest of the body; the connection is closed or returned to the pool."""
        stream, self._stream = self._stream, None
        if stream is not None:
            if self._content is None:
                self._content = b""
            stream.close()

    @property
    def is_closed(self) -> bool:
        return self._stream is None

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"


class Transport(Protocol):
    """What the Session needs from an HTTP library.

    ``send`` returns once the status line and headers have arrived. With ``stream=False`` the
    body is read before returning (``Response(content=...)``); with ``stream=True`` it is left on
    the wire (``Response(stream=...)``) and read with ``read1``-style calls, so each event reaches
    the caller as soon as its bytes do. Network failures raise ``APIConnectionError`` or
    ``APITimeoutError`` with the library's exception as ``__cause__``.
    """

    def send(self, request: Request, *, stream: bool = False) -> Response: ...

    def close(self) -> None: ...
