"""One attempt of a call: send the request once and sort the answer into what the retry loop of
``Session.send`` does next: return it, follow it (a redirect), retry after it, or raise it.
"""

from __future__ import annotations

from typing import Optional, Tuple

from .._errors import MAX_ERROR_BODY, APIConnectionError, APIStatusError, OpenAIError
from .._http.transport import Headers, Request, Response, Transport
from .logs import logger
from .results import make_status_error
from .retries import RetryPolicy

__all__ = ["REDIRECTS", "attempt", "describe"]

REDIRECTS = (301, 302, 303, 307, 308)


def attempt(
    transport: Transport, policy: RetryPolicy, request: Request, *, stream: bool, retries: int, may_redirect: bool
) -> Tuple[Optional[Response], Optional[Exception], Optional[Headers]]:
    """Send ``request`` once. Returns the response to give back (2xx) or to follow (a redirect, when
    ``may_redirect``), or else the error to retry after, with the headers that may say when; an
    error the policy does not retry is raised. Either error carries ``retries`` as ``retries_taken``."""
    started = policy.clock()
    logger.debug("%s %s (attempt %d)", request.method, request.url, retries + 1)
    try:
        response = transport.send(request, stream=stream)
    except OpenAIError as exc:
        if not isinstance(exc, APIConnectionError) or not exc.should_retry:
            raise
        exc.retries_taken = retries
        return None, exc, None
    except Exception as exc:  # a custom transport's own exception: wrap, keep the cause
        error = APIConnectionError(message=f"Connection error: {type(exc).__name__}", request=request)
        error.__cause__ = exc
        error.retries_taken = retries
        return None, error, None
    status = response.status_code
    logger.debug(
        "%s %s -> %d in %.3f s (request id %s)",
        request.method, request.url, status, policy.clock() - started, response.headers.get("x-request-id"),
    )
    if status < 300 or (may_redirect and status in REDIRECTS and "location" in response.headers):
        return response, None, None
    raw = response.read(limit=MAX_ERROR_BODY)  # never gigabytes: the error keeps the start
    status_error = make_status_error(response, raw, request=request, retries_taken=retries)
    if status < 400 or not policy.should_retry(status, response.headers, status_error.code):
        raise status_error
    return None, status_error, response.headers


def describe(error: Exception) -> str:
    """A failed attempt in a log line: its status, or the kind of connection error."""
    if isinstance(error, APIStatusError):
        return f"status {error.status_code}"
    return type(error).__name__
