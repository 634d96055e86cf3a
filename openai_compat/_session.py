"""The Session: the one stateful object. It owns configuration, auth, URLs, headers, encoding,
the retry loop, status-to-error mapping, decoding and the start of a stream's life.

Resources are plain functions that build path, query and body and end in one Session verb:
``request`` (a decoded body), ``stream`` (a ``Stream`` of decoded events) or ``get_page``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Tuple, TypeVar, Union

import msgspec

from ._errors import (
    MAX_ERROR_BODY,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    OpenAIError,
    make_status_error,
)
from ._headers import (
    MISSING_ADMIN_KEY,
    MISSING_KEY,
    admin_key_from_environment,
    build_headers,
    check_api_key,
    key_from_environment,
)
from ._logs import logger, setup_logging
from ._request_bodies import encode_body, multipart_header_layers
from ._retry import DEFAULT_MAX_RETRIES, RetryPolicy
from ._session_like import SessionLike
from ._session_verbs import SessionVerbs
from ._sse import DEFAULT_MAX_EVENT_SIZE
from ._streaming import check_event_size
from ._timeout import DEFAULT_TIMEOUT, Timeout, TimeoutTypes
from ._transport import SENSITIVE_HEADERS, Request, RequestBody, Response, Transport
from ._urls import encode_query, follow_redirect, join_url

if TYPE_CHECKING:  # the upload and download machinery is imported on first use
    from ._multipart import FileFields
    from ._progress import ProgressCallback

__all__ = ["DEFAULT_BASE_URL", "Session", "SessionLike"]


T = TypeVar("T")
ApiKey = Union[str, Callable[[], str]]
DEFAULT_BASE_URL = "https://api.openai.com/v1"
_REDIRECTS = (301, 302, 303, 307, 308)
_MAX_REDIRECTS = 20


class Session(SessionVerbs):
    """Configuration plus the machinery to send one API call; safe to share between threads.

    Arguments left as ``None`` are read from ``OPENAI_API_KEY``, ``OPENAI_ADMIN_KEY``, ``OPENAI_BASE_URL``,
    ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID`` and ``OPENAI_WEBHOOK_SECRET``; ``OPENAI_LOG=debug|info``
    turns on logging. ``admin_api_key`` is the bearer of the admin endpoints (``auth="admin"``), and
    of every call when there is no ``api_key``, as in openai-python.
    ``api_key`` may be a callable, called before every attempt (for rotating tokens).
    ``max_event_size`` bounds one server-sent event of a stream, in bytes (``None``: no limit);
    a larger one raises ``APIResponseValidationError``.

    A Session pickles as configuration: the transport's settings without its connections, and
    without a string ``api_key`` unless ``pickle_api_key`` is set; where it is unpickled, the key
    is then read from ``OPENAI_API_KEY`` when first needed. A callable key is pickled as itself.
    """

    def __init__(
        self,
        *,
        api_key: Optional[ApiKey] = None,
        base_url: Optional[str] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        transport: Optional[Transport] = None,
        retry_policy: Optional[RetryPolicy] = None,
        max_event_size: Optional[int] = DEFAULT_MAX_EVENT_SIZE,
        pickle_api_key: bool = False,
        webhook_secret: Optional[str] = None,
        admin_api_key: Optional[str] = None,
    ) -> None:
        env = os.environ
        if admin_api_key is None:
            admin_api_key = env.get("OPENAI_ADMIN_KEY")
        if admin_api_key is not None:
            check_api_key(admin_api_key)
        self._admin_api_key: Union[str, Callable[[], Optional[str]], None] = admin_api_key
        if api_key is None:
            api_key = env.get("OPENAI_API_KEY")
        if api_key is None:
            if admin_api_key is None:
                raise OpenAIError(MISSING_KEY)
            api_key = ""  # only the admin key: it is the bearer of every call
        if isinstance(api_key, str):
            check_api_key(api_key)
        self._api_key: ApiKey = api_key
        self.pickle_api_key = pickle_api_key
        base = base_url or env.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        self.base_url = base if "?" in base or base.endswith("/") else base + "/"
        self.organization = organization if organization is not None else env.get("OPENAI_ORG_ID")
        self.project = project if project is not None else env.get("OPENAI_PROJECT_ID")
        # For client.webhooks (resources/webhooks.py); never in a repr, and not pickled by default.
        self.webhook_secret = webhook_secret if webhook_secret is not None else env.get("OPENAI_WEBHOOK_SECRET")
        self.timeout = DEFAULT_TIMEOUT if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        self.retry = (retry_policy or RetryPolicy()).replace(max_retries=max_retries)
        self.default_headers: dict[str, str] = dict(default_headers or {})
        self.default_query: dict[str, object] = dict(default_query or {})
        self.max_event_size = check_event_size(max_event_size)
        if transport is None:
            from ._requests_transport import RequestsTransport

            transport = RequestsTransport()
        self.transport = transport
        if env.get("OPENAI_LOG"):
            setup_logging(env["OPENAI_LOG"])

    @property
    def api_key(self) -> str:
        """The current key (a callable key is called)."""
        if callable(self._api_key):
            return check_api_key(self._api_key())
        return self._api_key  # checked when it was set

    @property
    def admin_api_key(self) -> Optional[str]:
        """The admin API key (``None`` without one)."""
        key = self._admin_api_key
        return key() if callable(key) else key

    @property
    def max_retries(self) -> int:
        return self.retry.max_retries

    # -- hooks a provider's Session (Azure) overrides --------------------------------------------

    def auth_headers(self) -> Dict[str, str]:
        """The credential headers of one attempt; called per attempt, so a callable key is fresh."""
        key = self.api_key
        if not key and self.admin_api_key:  # a client made with only an admin key, as openai-python
            return self.admin_auth_headers()
        return {"Authorization": f"Bearer {key}"}

    def admin_auth_headers(self) -> Dict[str, str]:
        """The credential headers of an admin endpoint: the admin API key, never the API key."""
        key = self.admin_api_key
        return {"Authorization": f"Bearer {key}"} if key else {}

    def route(self, path: str, body: Optional[Mapping[str, Any]]) -> str:
        """The path, relative to ``base_url``, that a call to ``path`` with ``body`` goes to."""
        return path

    def realtime_url(self, query: Mapping[str, Any]) -> str:
        """The WebSocket URL of the Realtime API: ``base_url`` with ``http``->``ws`` and
        ``https``->``wss``, then ``realtime`` and the query (``default_query`` first)."""
        base = self.base_url
        if base.startswith("https://"):
            base = "wss://" + base[len("https://") :]
        elif base.startswith("http://"):
            base = "ws://" + base[len("http://") :]
        return encode_query(join_url(base, "realtime"), self.default_query, query)

    def copy(self, **overrides: Any) -> Session:
        """A new Session with some settings replaced; the transport (connection pool) is shared.

        ``default_headers`` and ``default_query`` are merged into the current ones.
        """
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        for name, value in overrides.items():
            if name == "api_key":
                if isinstance(value, str):
                    check_api_key(value)
                new._api_key = value
            elif name == "admin_api_key":
                if value is not None:
                    check_api_key(value)
                new._admin_api_key = value
            elif name == "base_url":
                new.base_url = value if value.endswith("/") else value + "/"
            elif name == "timeout":
                new.timeout = Timeout.coerce(value)
            elif name == "max_retries":
                new.retry = self.retry.replace(max_retries=value)
            elif name in ("default_headers", "default_query"):
                setattr(new, name, {**getattr(self, name), **(value or {})})
            elif name in ("organization", "project", "transport", "retry", "pickle_api_key", "webhook_secret"):
                setattr(new, name, value)
            elif name == "max_event_size":
                new.max_event_size = check_event_size(value)
            else:
                raise TypeError(f"copy() got an unexpected keyword argument {name!r}")
        return new

    def close(self) -> None:
        """Close the transport and its connection pool."""
        self.transport.close()

    def __repr__(self) -> str:
        return f"<Session base_url={self.base_url!r} max_retries={self.max_retries}>"

    def __getstate__(self) -> Dict[str, Any]:
        """Pickle the configuration; the transport pickles its own settings, never its connections.
        A string key stays out unless ``pickle_api_key`` is set (see the class docstring)."""
        state = self.__dict__.copy()
        if not self.pickle_api_key:
            credentials = sorted(name for name in self.default_headers if name.lower() in SENSITIVE_HEADERS)
            if credentials:
                raise TypeError(
                    f"this client's default_headers carry credentials ({', '.join(credentials)}), which are "
                    "not pickled by default: make it with pickle_api_key=True to pickle them anyway, or "
                    "build the client in each process."
                )
            state["webhook_secret"] = None  # a secret as well: pass it again where it is unpickled
            if isinstance(self._api_key, str) and self._api_key:  # "": a client with only an admin key
                state["_api_key"] = key_from_environment
            if isinstance(self._admin_api_key, str):
                state["_admin_api_key"] = admin_key_from_environment
        return state

    def __copy__(self) -> Session:
        return self.copy()  # in this process: the key stays and the transport is shared

    def __deepcopy__(self, memo: Dict[int, Any]) -> Session:
        """A copy sharing nothing mutable, in this process: the key is kept (a callable key is
        shared, not copied) and the transport is a new one with the same settings and its own pool."""
        import copy

        new = object.__new__(type(self))
        memo[id(self)] = new
        memo[id(self._api_key)] = self._api_key
        new.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return new

    # -- one call, with retries -------------------------------------------------------------

    def send(
        self,
        method: str,
        path: str,
        *,
        body: Optional[Mapping[str, Any]] = None,
        files: Optional[FileFields] = None,
        content: Optional[RequestBody] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        on_progress: Optional[ProgressCallback] = None,
        stream: bool = False,
        events: bool = True,
        deadline: Optional[float] = None,
        auth: str = "api_key",
    ) -> Tuple[Response, Request, int]:
        """Send a call until it succeeds or the retry policy gives up; return the 2xx response,
        the last request and the number of retries taken. Raises the typed error otherwise.

        A streamed response's reads wait at most ``stream_idle`` when it carries ``events``, else ``read``.
        ``auth="admin"`` sends the admin API key (the admin endpoints) instead of the API key.
        """
        budget = self.timeout if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        policy = self.retry
        if deadline is None and budget.total is not None:
            deadline = policy.clock() + budget.total
        fields = body
        if extra_body:
            fields = {**(body or {}), **extra_body}
        url = encode_query(join_url(self.base_url, self.route(path, fields)), self.default_query, query, extra_query)
        default_headers: Optional[Mapping[str, Any]] = self.default_headers
        boundary = None
        if files is not None:
            boundary, default_headers, extra_headers = multipart_header_layers(default_headers, extra_headers)
        payload, content_type = encode_body(fields, files, content, on_progress, boundary=boundary)
        retries = 0
        redirects = 0
        while True:
            connect, read = budget.connect, (budget.stream_idle if stream and events else budget.read)
            if deadline is not None:
                remaining = deadline - policy.clock()
                if remaining <= 0:
                    raise APITimeoutError(message=f"Request timed out: the total budget of {budget.total} s ran out.")
                connect = remaining if connect is None else min(connect, remaining)
                read = remaining if read is None else min(read, remaining)
            request = Request(
                method,
                url,
                headers=build_headers(
                    self._credentials(auth, default_headers, extra_headers),
                    organization=self.organization,
                    project=self.project,
                    layers=(default_headers, extra_headers),
                    content_type=content_type if payload is not None else None,
                    content_length=None if payload is None or isinstance(payload, bytes) else len(payload),
                ),
                body=payload,
                connect_timeout=connect,
                read_timeout=read,
            )
            started = policy.clock()
            logger.debug("%s %s (attempt %d)", method, url, retries + 1)
            try:
                response = self.transport.send(request, stream=stream)
            except OpenAIError as exc:
                if not isinstance(exc, APIConnectionError) or not exc.should_retry:
                    raise
                error: Exception = exc
                retry_headers: Optional[Mapping[str, str]] = None
            except Exception as exc:  # a custom transport's own exception: wrap, keep the cause
                error = APIConnectionError(message=f"Connection error: {type(exc).__name__}", request=request)
                error.__cause__ = exc
                retry_headers = None
            else:
                status = response.status_code
                logger.debug(
                    "%s %s -> %d in %.3f s (request id %s)",
                    method, url, status, policy.clock() - started, response.headers.get("x-request-id"),
                )
                if status < 300:
                    return response, request, retries
                if status in _REDIRECTS and "location" in response.headers and redirects < _MAX_REDIRECTS:
                    method, url, payload = follow_redirect(response, method, url, payload)
                    redirects += 1
                    continue
                raw = response.read(limit=MAX_ERROR_BODY)  # never gigabytes: the error keeps the start
                status_error = make_status_error(response, raw, request=request, retries_taken=retries)
                if status < 400 or not policy.should_retry(status, response.headers, status_error.code):
                    raise status_error
                error, retry_headers = status_error, response.headers
            failure: Optional[Exception] = getattr(payload, "failure", None)
            if failure is not None:  # raised while making the body (CallerSideBody): not retried
                raise failure
            if retries >= policy.max_retries:
                _set_retries(error, retries)
                raise error
            delay = policy.delay(retries, retry_headers)
            if deadline is not None and policy.clock() + delay >= deadline:
                _set_retries(error, retries)
                raise error
            logger.info("Retrying %s %s in %.2f s after %s", method, url, delay, _describe(error))
            policy.sleep(delay)
            retries += 1


    def _credentials(
        self, auth: str, default_headers: Optional[Mapping[str, Any]], extra_headers: Optional[Mapping[str, Any]]
    ) -> Dict[str, str]:
        if auth != "admin":
            return self.auth_headers()
        headers = self.admin_auth_headers()
        given = [name for layer in (default_headers, extra_headers) for name in (layer or {})]
        if not headers and not any(name.lower() == "authorization" for name in given):
            raise OpenAIError(MISSING_ADMIN_KEY)  # openai-python fails here too, before sending
        return headers


def _set_retries(error: Exception, retries: int) -> None:
    if isinstance(error, APIError):
        error.retries_taken = retries


def _describe(error: Exception) -> str:
    if isinstance(error, APIStatusError):
        return f"status {error.status_code}"
    return type(error).__name__
