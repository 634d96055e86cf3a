"""What an HTTP answer becomes: a 2xx body decoded into its type, a 4xx or 5xx the typed error.

The Session calls these for every answer; the Realtime handshake uses ``make_status_error`` for a
WebSocket upgrade the server refused.
"""

from __future__ import annotations

from typing import Optional, TypeVar

import msgspec

from .._errors import (
    DECODE_ERRORS,
    MAX_ERROR_BODY,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from .._http.transport import Request, Response
from ..types._base import APIObject
from ..types._codec import decode

__all__ = ["decode_response", "make_status_error"]

T = TypeVar("T")


def decode_response(response: Response, cast_to: type[T], *, request: Request, retries_taken: int) -> T:
    """Decode a successful response body into ``cast_to`` (``object`` for plain builtins, ``bytes``
    for the raw body, ``str`` for text), with the request id, headers and retry count attached."""
    raw = response.read()
    if cast_to is bytes:
        return raw  # type: ignore[return-value]
    try:
        if cast_to is str:
            return raw.decode("utf-8")  # type: ignore[return-value]
        if not raw.strip() and cast_to is object:
            return None  # type: ignore[return-value]
        result = decode(raw, cast_to)
    except DECODE_ERRORS as exc:
        raise APIResponseValidationError(
            f"Could not decode the response body as {getattr(cast_to, '__name__', cast_to)}: {exc}",
            response=response,
            raw_body=raw,
            request=request,
        ) from exc
    if isinstance(result, APIObject):
        meta = result.__dict__
        meta["_request_id"] = response.headers.get("x-request-id")
        meta["_headers"] = response.headers
        meta["_retries_taken"] = retries_taken
    return result


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(
    response: Response,
    raw_body: bytes,
    *,
    request: Optional[Request] = None,
    retries_taken: int = 0,
) -> APIStatusError:
    """Build the error for a non-2xx response, as openai-python 3.x does.

    The body is JSON-decoded when it can be; ``body`` is then the inner ``error`` object if there is
    one. The message is ``"Error code: {status}"`` plus ``" - {error.message}"`` when present.
    A body longer than ``MAX_ERROR_BODY`` is cut to that size, and the message says so.
    """
    cut = len(raw_body) > MAX_ERROR_BODY
    if cut:
        raw_body = raw_body[:MAX_ERROR_BODY]
    text = raw_body.decode("utf-8", errors="replace").strip()
    body: object = text or None
    try:
        parsed = msgspec.json.decode(text) if text else None
    except DECODE_ERRORS:
        parsed = None
    else:
        if isinstance(parsed, dict):
            body = parsed.get("error", parsed)
        elif parsed is not None:
            body = parsed
    message = f"Error code: {response.status_code}"
    detail = _error_message(parsed)
    if detail:
        message = f"{message} - {detail}"
    if cut:
        message = f"{message} (the error body was cut after its first {MAX_ERROR_BODY} bytes)"
    status = response.status_code
    cls = _STATUS_ERRORS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(
        message,
        response=response,
        body=body,
        raw_body=raw_body,
        request=request,
        retries_taken=retries_taken,
    )


def _error_message(parsed: object) -> Optional[str]:
    if not isinstance(parsed, dict):
        return None
    inner = parsed.get("error")
    if isinstance(inner, dict):
        candidate = inner.get("message")
        if isinstance(candidate, str) and candidate:
            return candidate
    candidate = parsed.get("message")
    return candidate if isinstance(candidate, str) and candidate else None
