"""The exception hierarchy, named as in openai-python so ``except`` clauses port unchanged.

    OpenAIError
    └── APIError                      message, request, body, code, param, type
        ├── APIStatusError            + status_code, request_id, headers, raw_body, retries_taken
        │   ├── BadRequestError            400
        │   ├── AuthenticationError        401
        │   ├── PermissionDeniedError      403
        │   ├── NotFoundError              404
        │   ├── ConflictError              409
        │   ├── UnprocessableEntityError   422
        │   ├── RateLimitError             429
        │   └── InternalServerError        >= 500
        ├── APIConnectionError        "Connection error."
        │   └── APITimeoutError       "Request timed out."
        ├── APIResponseValidationError     a 2xx body that could not be decoded (raw_body kept)
        │   └── StructuredOutputError      model output that does not fit the requested Struct
        └── APIStreamError            an error sent inside a 200 stream (the items seen so far kept)
    ├── LengthFinishReasonError       a parse helper's answer was cut at the token limit
    ├── ContentFilterFinishReasonError    a parse helper's answer was stopped by the content filter
    ├── WebSocketConnectionClosedError    a WebSocket closed for good with messages unsent
    └── WebSocketQueueFullError       a WebSocket's send queue is full   (both in _websocket_errors.py)

    ValueError (not OpenAIError, as in openai-python)
    ├── InvalidWebhookSignatureError  a webhook request that does not prove it came from OpenAI
    │   ├── MissingWebhookHeaderError      a webhook-* header is missing or empty (``header``)
    │   ├── InvalidWebhookTimestampError   webhook-timestamp is not Unix seconds in ASCII digits
    │   ├── WebhookTimestampTooOldError    older than the tolerance (a replay?)
    │   └── WebhookTimestampTooNewError    newer than the tolerance
    └── WebhookSecretError            no webhook secret configured, or an unusable one
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Tuple

import msgspec

from ._http.transport import SENSITIVE_HEADERS

if TYPE_CHECKING:
    from ._http.transport import Headers, Request, Response

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "InvalidWebhookTimestampError",
    "LengthFinishReasonError",
    "MissingWebhookHeaderError",
    "NotFoundError",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "StructuredOutputError",
    "UnprocessableEntityError",
    "WebhookSecretError",
    "WebhookTimestampTooNewError",
    "WebhookTimestampTooOldError",
]


class OpenAIError(Exception):
    """Base of every error this library raises on purpose."""


class APIError(OpenAIError):
    """A request reached the API (or tried to) and did not give a usable result."""

    message: str
    request: Optional[Request]
    body: object
    code: Optional[str]
    param: Optional[str]
    type: Optional[str]
    retries_taken: int = 0

    def __init__(self, message: str, request: Optional[Request] = None, *, body: object = None) -> None:
        message = redact(message, request)
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        fields: Mapping[str, Any] = body if isinstance(body, Mapping) else {}
        code = fields.get("code")
        # openai-python 3.x stringifies the code (``123`` -> ``"123"``).
        self.code = None if code is None else str(code)
        self.param = _optional_str(fields.get("param"))
        self.type = _optional_str(fields.get("type"))

    def __reduce__(self) -> Tuple[Any, ...]:
        # Errors cross processes (Dask, multiprocessing, Celery result backends) by pickle, and the
        # keyword-only constructors cannot be re-called from ``args``: restore the state instead.
        # The request pickles without its credentials (``Request.__reduce__``).
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[APIError], args: Tuple[Any, ...], state: dict[str, Any]) -> APIError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def redact(text: str, request: Optional[Request]) -> str:
    """``text`` with the request's credentials masked, for a server that echoes the whole key back
    (a 401 body, an in-stream error); OpenAI itself masks it as ``sk-abc****wxyz``."""
    if request is None:
        return text
    for name, value in request.headers.items():
        if name.lower() in SENSITIVE_HEADERS:
            scheme, _, token = value.partition(" ")
            secret = token if token and scheme.lower() in ("bearer", "basic") else value
            if len(secret) >= 8 and secret in text:
                text = text.replace(secret, f"****{secret[-4:]}" if len(secret) >= 20 else "****")
    return text


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status (or a redirect that was not followed)."""

    def __init__(
        self,
        message: str,
        *,
        response: Response,
        body: object,
        raw_body: bytes = b"",
        request: Optional[Request] = None,
        retries_taken: int = 0,
    ) -> None:
        super().__init__(message, request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.headers: Headers = response.headers
        self.request_id: Optional[str] = response.headers.get("x-request-id")
        self.raw_body = raw_body
        self.retries_taken = retries_taken

    def __str__(self) -> str:
        if self.request_id:
            return f"{self.message} (request_id: {self.request_id})"
        return self.message


class BadRequestError(APIStatusError):
    """400: the request was malformed or had an invalid parameter."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this resource, model or region."""


class NotFoundError(APIStatusError):
    """404: the path or the object id does not exist."""


class ConflictError(APIStatusError):
    """409: the object changed under the request."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well formed but could not be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests, or the quota ran out (``code == "insufficient_quota"``)."""


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


class APIConnectionError(APIError):
    """The request failed in the network: refused, reset, truncated, TLS, proxy, DNS.

    Raised while iterating a ``Stream`` (the connection dropped, or a read, ``stream_idle`` or
    ``total`` timeout ran out), ``items`` holds the items the stream yielded before the failure,
    in order: a stream that has started is never retried, since replaying it would repeat them.
    Otherwise ``items`` is empty.
    """

    def __init__(
        self,
        *,
        message: str = "Connection error.",
        request: Optional[Request] = None,
        should_retry: bool = True,
    ) -> None:
        super().__init__(message, request, body=None)
        # False for failures a retry cannot fix, such as a TLS certificate that does not verify.
        self.should_retry = should_retry
        self.items: list[Any] = []


class APITimeoutError(APIConnectionError):
    """A timeout ran out: connect, read, the idle time between stream events, or the total."""

    def __init__(self, request: Optional[Request] = None, *, message: str = "Request timed out.") -> None:
        super().__init__(message=message, request=request)


class APIResponseValidationError(APIError):
    """A successful response whose body is not what the API promised (bad JSON, bad UTF-8, wrong shape,
    an event larger than ``max_event_size``, a JSON body where an event stream was asked for).

    ``raw_body`` holds the bytes that failed (for a stream, the event's data). Raised while iterating
    a ``Stream``, ``items`` holds the items yielded before it; otherwise it is empty.
    """

    def __init__(
        self,
        message: str = "Data returned by API invalid for expected schema.",
        *,
        response: Optional[Response] = None,
        raw_body: bytes = b"",
        request: Optional[Request] = None,
    ) -> None:
        super().__init__(message, request, body=None)
        self.response = response
        self.status_code = response.status_code if response is not None else None
        self.raw_body = raw_body
        self.items: list[Any] = []


class StructuredOutputError(APIResponseValidationError):
    """The model's output is not valid JSON or does not fit the requested Struct (``chat.parse``).

    ``raw_body`` holds the output text (UTF-8); ``completion`` the whole decoded answer, when known.
    """

    def __init__(self, message: str, *, raw_body: bytes = b"", completion: Any = None) -> None:
        super().__init__(message, raw_body=raw_body)
        self.completion = completion


class LengthFinishReasonError(OpenAIError):
    """A parse helper's answer stopped at the token limit (``finish_reason == "length"``), so its
    content cannot be parsed; ``completion`` holds the answer (raise ``max_completion_tokens``)."""

    def __init__(self, *, completion: Any) -> None:
        message = "Could not parse response content as the length limit was reached"
        usage = getattr(completion, "usage", None)
        if usage is not None:
            message += f" - {usage!r}"
        super().__init__(message)
        self.completion = completion

    def __reduce__(self) -> Tuple[Any, ...]:  # keyword-only constructor: restore the state
        return (_restore_finish_error, (type(self), self.args, self.__dict__))


class ContentFilterFinishReasonError(OpenAIError):
    """A parse helper's answer was stopped by the content filter (``finish_reason == "content_filter"``)."""

    def __init__(self, *, completion: Any = None) -> None:
        super().__init__("Could not parse response content as the request was rejected by the content filter")
        self.completion = completion

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_restore_finish_error, (type(self), self.args, self.__dict__))


def _restore_finish_error(cls: type[OpenAIError], args: Tuple[Any, ...], state: dict[str, Any]) -> OpenAIError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InvalidWebhookSignatureError(ValueError):
    """A webhook request failed verification (``client.webhooks``): answer it with a 400.

    The subclasses tell the reasons apart. Messages never hold the secret, the payload or a header value.
    """


class MissingWebhookHeaderError(InvalidWebhookSignatureError):
    """A required ``webhook-*`` header is missing or empty; ``header`` names it."""

    def __init__(self, header: str) -> None:
        super().__init__(f"Could not find {header} header")
        self.header = header

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.header,))


class InvalidWebhookTimestampError(InvalidWebhookSignatureError):
    """``webhook-timestamp`` is not a Unix time in seconds written in ASCII digits."""


class WebhookTimestampTooOldError(InvalidWebhookSignatureError):
    """``webhook-timestamp`` is further in the past than the tolerance: possibly a replay."""


class WebhookTimestampTooNewError(InvalidWebhookSignatureError):
    """``webhook-timestamp`` is further in the future than the tolerance."""


class WebhookSecretError(ValueError):
    """No webhook secret is configured, or it is unusable (empty, or a ``whsec_`` secret that is not
    base64): a configuration problem of the receiving app, not a bad request."""


class APIStreamError(APIError):
    """The server sent an error inside a 200 event stream; ``items`` holds what was yielded before it."""

    def __init__(
        self,
        message: str,
        *,
        body: object,
        items: Optional[list[Any]] = None,
        request_id: Optional[str] = None,
        request: Optional[Request] = None,
    ) -> None:
        super().__init__(message, request, body=body)
        self.items: list[Any] = items if items is not None else []
        self.request_id = request_id


# What decoding untrusted JSON can raise: msgspec's errors (not ValueErrors before msgspec 0.22),
# UnicodeDecodeError for bad UTF-8, RecursionError for absurd nesting.
DECODE_ERRORS = (msgspec.MsgspecError, ValueError, RecursionError)

# The most of a non-2xx body that is read and kept: an error needs its first bytes, and a server
# (or a proxy's error page) sending gigabytes must not fill the memory. The rest is not read.
MAX_ERROR_BODY = 1024 * 1024


def _optional_str(value: object) -> Optional[str]:
    return value if isinstance(value, str) else None
