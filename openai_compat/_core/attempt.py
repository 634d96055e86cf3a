"""The attempts of one call: ``send_with_retries`` is the loop behind ``Session.send``; ``attempt``
sends the request once and sorts the answer into what the loop does next: return it, follow it (a
redirect), retry after it, or raise it.

A total timeout holds for the whole loop: each attempt gets the time left (``Request.total_timeout``,
which the transports enforce while connecting and reading), and no retry waits past it.

Only network and protocol failures are retried. Anything else a transport raises (a bug, a test
double's ``AssertionError``, a ``TypeError`` from a recorder) is raised at once, unchanged: wrapped
as a connection error and retried, it would cost seconds of backoff and hide its message.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Protocol, Tuple

from .._errors import MAX_ERROR_BODY, APIConnectionError, OpenAIError, response_too_large
from .._http.transport import Headers, Request, RequestBody, Response, Transport, is_network_failure
from .explain import describe_attempt
from .headers import build_headers
from .logs import logger
from .results import make_status_error
from .retries import RetryPolicy
from .settings import credentials
from .timeouts import Timeout, attempt_timeouts
from .urls import follow_redirect

__all__ = ["MAX_REDIRECTS", "REDIRECTS", "Sender", "attempt", "send_with_retries"]

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 20


class Sender(Protocol):
    """What the loop needs from the Session."""

    transport: Transport
    retry: RetryPolicy
    base_url: str
    organization: Optional[str]
    project: Optional[str]
    max_response_size: Optional[int]

    @property
    def admin_api_key(self) -> Optional[str]: ...  # for auth="admin" (settings.credentials)

    def auth_headers(self) -> Dict[str, str]: ...


def send_with_retries(
    session: Sender,
    method: str,
    url: str,
    payload: Optional[RequestBody],
    *,
    content_type: Optional[str],
    layers: Tuple[Optional[Mapping[str, Any]], ...],
    budget: Timeout,
    deadline: Optional[float],
    stream: bool,
    events: bool,
    auth: str = "api_key",
) -> Tuple[Response, Request, int]:
    """Send until the call succeeds or the retry policy gives up: the 2xx response, the last request
    and the retries taken; else the typed error is raised. Redirects (same origin) are followed.
    ``auth="admin"`` sends the admin key (see ``settings.credentials``)."""
    policy = session.retry
    retries = redirects = 0
    while True:
        connect, read, left = attempt_timeouts(budget, deadline, policy.clock, events=stream and events)
        headers = build_headers(
            credentials(session, auth, layers), organization=session.organization, project=session.project,
            layers=layers, content_type=content_type if payload is not None else None,
            content_length=None if payload is None or isinstance(payload, bytes) else len(payload),
        )
        request = Request(
            method, url, headers=headers, body=payload, connect_timeout=connect, read_timeout=read,
            total_timeout=left, max_body_size=None if stream else session.max_response_size,
        )
        response, error, retry_headers = attempt(
            session.transport, policy, request, stream=stream, retries=retries,
            redirects_left=MAX_REDIRECTS - redirects, base_url=session.base_url,
        )
        if response is not None:
            if response.status_code < 300:
                return response, request, retries
            method, url, payload = follow_redirect(response, method, url, payload, request)
            redirects += 1
            continue
        failure: Optional[Exception] = getattr(payload, "failure", None)
        if failure is not None:  # raised while making the body (CallerSideBody): not retried
            raise failure
        assert error is not None
        if retries >= policy.max_retries:
            raise error
        delay = policy.delay(retries, retry_headers)
        if deadline is not None and policy.clock() + delay >= deadline:
            raise error
        logger.info("Retrying %s %s in %.2f s after %s", method, url, delay, describe_attempt(error))
        policy.sleep(delay)
        retries += 1


def attempt(
    transport: Transport,
    policy: RetryPolicy,
    request: Request,
    *,
    stream: bool,
    retries: int,
    redirects_left: int,
    base_url: Optional[str] = None,
) -> Tuple[Optional[Response], Optional[Exception], Optional[Headers]]:
    """Send ``request`` once. Returns the response to give back (2xx) or to follow (a redirect, while
    ``redirects_left``), or else the error to retry after, with the headers that may say when; an
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
    except Exception as exc:
        if not is_network_failure(exc):
            raise
        # A custom transport's own network error: ours, with its text (never a header: it is the
        # library's description of the failure) and the cause kept.
        error = APIConnectionError(message=f"Connection error ({type(exc).__name__}: {str(exc)[:200]}).",
                                   request=request)
        error.__cause__ = exc
        error.retries_taken = retries
        return None, error, None
    status = response.status_code
    logger.debug(
        "%s %s -> %d in %.3f s (request id %s)",
        request.method, request.url, status, policy.clock() - started, response.headers.get("x-request-id"),
    )
    if status < 300:
        limit = request.max_body_size
        if not stream and limit is not None and len(response.read()) > limit:
            # Our transports stop reading past the limit; a custom one may have read it all.
            raise response_too_large(limit, request=request, status_code=status)
        return response, None, None
    redirect = status in REDIRECTS
    if redirect and redirects_left > 0 and "location" in response.headers:
        return response, None, None
    raw = response.read(limit=MAX_ERROR_BODY)  # never gigabytes: the error keeps the start
    note = None
    if redirect:
        note = ("a redirect without a Location header" if "location" not in response.headers
                else f"too many redirects: the call gave up after following {MAX_REDIRECTS}")
    status_error = make_status_error(
        response, raw, request=request, retries_taken=retries, base_url=base_url, note=note
    )
    if status < 400 or not policy.should_retry(status, response.headers, status_error.code):
        raise status_error
    return None, status_error, response.headers
