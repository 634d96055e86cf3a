"""Turning requests', urllib3's and the standard library's network exceptions into ours, in one place.

Used by both transports, for ``send`` and for reading a body. requests and urllib3 nest their
exceptions, so each decision looks at the whole chain of causes.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
from types import TracebackType
from typing import Any, List, Optional

from urllib3 import exceptions as u3

from .._errors import APIConnectionError, APITimeoutError, OpenAIError
from .transport import Request

__all__ = ["map_errors", "raise_mapped"]

# Only these exceptions' texts go into our messages: they carry errno text, never a URL or a header.
_STDLIB_MODULES = frozenset({"builtins", "socket", "ssl", "http.client"})


class map_errors:  # lower case: it reads as ``with map_errors(request):``
    """Turn an HTTP library's network exception into ``APIConnectionError`` / ``APITimeoutError``."""

    __slots__ = ("request",)

    def __init__(self, request: Request) -> None:
        self.request = request

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        if isinstance(exc, Exception) and not isinstance(exc, OpenAIError):
            raise_mapped(exc, self.request)


def raise_mapped(exc: Exception, request: Request) -> None:
    """Raise our error for ``exc``, or return if it is not a network failure (a bug: let it out).

    requests and urllib3 nest their exceptions (``ConnectionError(MaxRetryError(reason=...))``,
    ``ProtocolError(..., ReadTimeoutError)``), so the decision looks at the whole chain.
    """
    chain = _chain(exc)
    for link in chain:
        # requests' exceptions hold the prepared request, Authorization header included; a
        # pickled cause (tblib, as Dask installs it) would carry the key to another process.
        if getattr(link, "request", None) is not None and not isinstance(link, OpenAIError):
            with contextlib.suppress(AttributeError):
                link.request = None  # type: ignore[attr-defined]
    for link in chain:
        if isinstance(link, ssl.SSLCertVerificationError):
            reason = link.verify_message or "certificate verify failed"
            raise APIConnectionError(
                message=f"TLS certificate verification failed ({reason}). If the server uses a private or "
                'corporate CA, pass its bundle: verify="/path/ca.pem" (or set REQUESTS_CA_BUNDLE).',
                request=request,
                should_retry=False,  # the same certificate will fail the same way
            ) from exc
    if any(_is_timeout(link) for link in chain):
        if any(isinstance(link, u3.ConnectTimeoutError) for link in chain):
            message = f"Request timed out: no connection within {request.connect_timeout} s."
        else:
            message = f"Request timed out: the server sent nothing for {request.read_timeout} s."
        raise APITimeoutError(request, message=message) from exc
    if isinstance(exc, ValueError) and not any(isinstance(link, u3.InvalidHeader) for link in chain):
        # A bad URL or header value. The library's text may quote a header value (the API key),
        # so the cause is dropped, and a retry cannot help. (urllib3's InvalidHeader is about the
        # response, such as conflicting Content-Length values; requests wraps it in a ValueError.)
        if isinstance(exc, UnicodeError):
            hint = "a header value has a character outside Latin-1 (often a pasted API key)"
        else:
            hint = "check base_url, the proxies and the header values"
        raise APIConnectionError(
            message=f"Invalid request ({type(exc).__name__}): {hint}; details withheld as they may quote a header.",
            request=request,
            should_retry=False,
        ) from None
    if isinstance(exc, (OSError, u3.HTTPError, http.client.HTTPException)):
        via = "through the proxy " if any(isinstance(link, u3.ProxyError) for link in chain) else ""
        raise APIConnectionError(message=f"Connection error {via}({_detail(chain)}).", request=request) from exc


def _chain(exc: BaseException) -> List[BaseException]:
    """``exc`` and everything it wraps: causes, contexts, ``reason`` and exception arguments."""
    seen: List[BaseException] = []
    todo: List[object] = [exc]
    while todo and len(seen) < 32:
        link = todo.pop(0)
        if not isinstance(link, BaseException) or any(link is s for s in seen):
            continue
        seen.append(link)
        todo.extend((link.__cause__, link.__context__, getattr(link, "reason", None), *link.args))
    return seen


def _is_timeout(link: BaseException) -> bool:
    # urllib3 2 makes NewConnectionError (refused, DNS) a ConnectTimeoutError for old callers.
    if isinstance(link, u3.NewConnectionError):
        return False
    return isinstance(link, (socket.timeout, TimeoutError, u3.TimeoutError))


def _detail(chain: List[BaseException]) -> str:
    for link in chain:
        if isinstance(link, http.client.IncompleteRead):
            partial: Any = link.partial
            got = partial if isinstance(partial, int) else len(partial)
            if link.expected is None:  # http.client's chunked reader does not count
                return "the response body was cut in the middle of its chunked framing"
            return f"the response body ended early: {got} bytes read, {link.expected} more expected"
        if isinstance(link, u3.InvalidHeader):  # its text quotes the response's headers, never ours
            return f"invalid response header: {str(link)[:200]}"
    for link in reversed(chain):  # the innermost cause says the most
        if type(link).__module__ in _STDLIB_MODULES and str(link):
            return f"{type(link).__name__}: {str(link)[:200]}"
    return type(chain[-1]).__name__
