"""One attempt of one request, through the client's public API, as a value that can cross processes,
and the output line it becomes.

``attempt(client, request)`` runs wherever the executor runs it (a thread, a process, a Dask
worker) and never raises for an API failure: it returns an ``Outcome`` with the status, the
response headers the job steers by and the body bytes as received, or what went wrong. The job's
driver decides what to do with it (write it, retry it, pause, stop), so the retries and the rate
limits stay in one place however the requests are spread.

Everything this module needs from the client beyond its public methods is in ``_with_headers``
and ``retry_policy``: the 2xx headers (``x-ratelimit-*``, ``x-request-id``), which ``client.post``
does not return, are read by a pass-through transport set with ``client.with_options(transport=...)``.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple

import msgspec

from .. import APIConnectionError, APIStatusError, APITimeoutError, Client, OpenAIError, RetryPolicy
from ._input import PendingRequest

if TYPE_CHECKING:
    from .. import Request, Response, Transport

__all__ = ["Outcome", "attempt", "error_body", "outcome_line", "path_of", "retry_policy", "tokens_used"]

# The response headers an outcome carries back: what the limiter and the output line need.
KEPT_HEADERS = (
    "x-request-id",
    "retry-after",
    "retry-after-ms",
    "x-should-retry",
    "x-ratelimit-limit-requests",
    "x-ratelimit-limit-tokens",
    "x-ratelimit-remaining-requests",
    "x-ratelimit-remaining-tokens",
    "x-ratelimit-reset-requests",
    "x-ratelimit-reset-tokens",
)


class Outcome(msgspec.Struct):
    """What one attempt came to.

    ``status`` is the HTTP status (0 when no answer arrived); ``body`` the answer's bytes (for an
    error status, the error body); ``error`` names a failure without an answer (``"timeout"``,
    ``"connection_error"``) with ``message``; ``retryable`` whether the client's policy would try again.
    """

    custom_id: str
    status: int = 0
    headers: Dict[str, str] = {}
    body: bytes = b""
    error: Optional[str] = None
    message: str = ""
    code: Optional[str] = None
    retryable: bool = False

    @property
    def request_id(self) -> Optional[str]:
        return self.headers.get("x-request-id")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class _HeaderTap:
    """A transport that passes everything through and keeps the last response's status and headers."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.status = 0
        self.headers: Mapping[str, str] = {}

    def send(self, request: Request, *, stream: bool = False) -> Response:
        response = self.inner.send(request, stream=stream)
        self.status, self.headers = response.status_code, response.headers
        return response

    def close(self) -> None:  # the client the tap was made from owns the connection pool
        pass


def _with_headers(client: Client) -> Tuple[Client, _HeaderTap]:
    """A one-attempt copy of ``client`` (same pool) whose answers' headers can be read."""
    tap = _HeaderTap(client.transport)
    return client.with_options(max_retries=0, transport=tap), tap


def retry_policy(client: Client) -> RetryPolicy:
    """The client's retry policy (count, backoff, Retry-After rules): the job retries by it."""
    return client.session.retry


def path_of(url: str) -> str:
    """A Batch-API url (``/v1/chat/completions``) as a path under the client's ``base_url``."""
    return url[len("/v1/"):] if url.startswith("/v1/") else url.lstrip("/")


def _kept(headers: Mapping[str, str]) -> Dict[str, str]:
    return {name: headers[name] for name in KEPT_HEADERS if name in headers}


def attempt(client: Client, request: PendingRequest) -> Outcome:
    """Send ``request`` once (no retries) and report what happened."""
    copy, tap = _with_headers(client)
    try:
        body: bytes = copy.post(path_of(request.url), cast_to=bytes, body=request.body)
    except APIStatusError as exc:
        policy = retry_policy(client)
        return Outcome(
            request.custom_id, status=exc.status_code, headers=_kept(exc.headers), body=exc.raw_body,
            message=str(exc), code=exc.code, retryable=policy.should_retry(exc.status_code, exc.headers, exc.code),
        )
    except APITimeoutError as exc:
        return Outcome(request.custom_id, error="timeout", message=str(exc), retryable=True)
    except APIConnectionError as exc:
        return Outcome(request.custom_id, error="connection_error", message=str(exc), retryable=exc.should_retry)
    except OpenAIError as exc:  # refused before sending (a bad key, say): the same for every request
        return Outcome(request.custom_id, error="client_error", message=f"{type(exc).__name__}: {exc}")
    # client.post returned, so the last answer the tap saw was the 2xx (after any redirect).
    return Outcome(request.custom_id, status=tap.status or 200, headers=_kept(tap.headers), body=body)


def error_body(raw: bytes) -> Any:
    """An error body for an output line: its JSON, or its text when it is not JSON."""
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return raw.decode("utf-8", "replace")


# -- the output line of an outcome -------------------------------------------------------------------


class _Usage(msgspec.Struct):
    total_tokens: Any = None


class _UsagePeek(msgspec.Struct):
    usage: Optional[_Usage] = None


_peek_usage = msgspec.json.Decoder(_UsagePeek).decode


def tokens_used(body: bytes) -> int:
    """``usage.total_tokens`` of a response body (0 when it has none)."""
    try:
        usage = _peek_usage(body).usage
    except (msgspec.DecodeError, msgspec.ValidationError):
        return 0
    total = usage.total_tokens if usage is not None else None
    return total if isinstance(total, int) and not isinstance(total, bool) else 0


def _line(custom_id: str, response: Optional[Dict[str, Any]], error: Optional[Dict[str, Any]]) -> bytes:
    line = {"id": f"bulk_req_{uuid.uuid4().hex}", "custom_id": custom_id, "response": response, "error": error}
    return msgspec.json.encode(line) + b"\n"


def outcome_line(outcome: Outcome) -> Tuple[bytes, bool]:
    """The Batch-API output line for an outcome, and whether it is a success.

    An answer goes in as received: a 2xx body as its JSON (``response.body``), an error status with
    its error body (JSON, or its text); no answer at all (a timeout, a refused connection) becomes
    ``{"response": null, "error": {"code", "message"}}``. A 2xx body that is not JSON is an error
    line that keeps its text in the message.
    """
    if outcome.status == 0:
        return _line(outcome.custom_id, None, {"code": outcome.error or "error", "message": outcome.message}), False
    response: Dict[str, Any] = {"status_code": outcome.status, "request_id": outcome.request_id}
    if not outcome.ok:
        response["body"] = error_body(outcome.body)
        return _line(outcome.custom_id, response, None), False
    try:
        msgspec.json.decode(outcome.body)
    except msgspec.DecodeError:
        text = outcome.body.decode("utf-8", "replace")
        response["body"] = None
        error = {"code": "invalid_json", "message": f"the server answered {outcome.status} with a body that is "
                 f"not JSON: {text}"}
        return _line(outcome.custom_id, response, error), False
    # Raw newlines in valid JSON can only be whitespace between tokens: a space keeps it one line.
    response["body"] = msgspec.Raw(outcome.body.replace(b"\r", b" ").replace(b"\n", b" "))
    return _line(outcome.custom_id, response, None), True
