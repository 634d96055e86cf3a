"""The Session: the one stateful object. It owns configuration, auth, URLs, headers, encoding,
the retry loop, status-to-error mapping, decoding and the start of a stream's life.

Resources are plain functions that build path, query and body and end in one Session verb:
``request`` (a decoded body), ``stream`` (a ``Stream`` of decoded events) or ``get_page``.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, TypeVar, Union

import msgspec

from ._codec import decode, encode_json
from ._errors import (
    DECODE_ERRORS,
    MAX_ERROR_BODY,
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    OpenAIError,
    make_status_error,
)
from ._headers import MISSING_KEY, build_headers, check_api_key, key_from_environment
from ._logs import logger, setup_logging
from ._pagination import SyncCursorPage, attach_fetcher
from ._retry import DEFAULT_MAX_RETRIES, RetryPolicy
from ._session_like import SessionLike
from ._sse import DEFAULT_MAX_EVENT_SIZE
from ._streaming import Stream, check_event_size, events_or_raise
from ._timeout import DEFAULT_TIMEOUT, Timeout, TimeoutTypes
from ._transport import SENSITIVE_HEADERS, Request, Response, Transport
from ._urls import encode_query, follow_redirect, join_url
from .types._base import APIObject

__all__ = ["DEFAULT_BASE_URL", "Session", "SessionLike"]


T = TypeVar("T")
ApiKey = Union[str, Callable[[], str]]
DEFAULT_BASE_URL = "https://api.openai.com/v1"
_REDIRECTS = (301, 302, 303, 307, 308)
_MAX_REDIRECTS = 20


class Session:
    """Configuration plus the machinery to send one API call; safe to share between threads.

    Arguments left as ``None`` are read from ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
    ``OPENAI_ORG_ID`` and ``OPENAI_PROJECT_ID``; ``OPENAI_LOG=debug|info`` turns on logging.
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
    ) -> None:
        env = os.environ
        if api_key is None:
            api_key = env.get("OPENAI_API_KEY")
        if api_key is None:
            raise OpenAIError(MISSING_KEY)
        if isinstance(api_key, str):
            check_api_key(api_key)
        self._api_key: ApiKey = api_key
        self.pickle_api_key = pickle_api_key
        base = base_url or env.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        self.base_url = base if "?" in base or base.endswith("/") else base + "/"
        self.organization = organization if organization is not None else env.get("OPENAI_ORG_ID")
        self.project = project if project is not None else env.get("OPENAI_PROJECT_ID")
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
    def max_retries(self) -> int:
        return self.retry.max_retries

    def copy(self, **overrides: Any) -> Session:
        """A new Session with some settings replaced; the transport (connection pool) is shared.

        ``default_headers`` and ``default_query`` are merged into the current ones.
        """
        new = object.__new__(Session)
        new.__dict__.update(self.__dict__)
        for name, value in overrides.items():
            if name == "api_key":
                if isinstance(value, str):
                    check_api_key(value)
                new._api_key = value
            elif name == "base_url":
                new.base_url = value if value.endswith("/") else value + "/"
            elif name == "timeout":
                new.timeout = Timeout.coerce(value)
            elif name == "max_retries":
                new.retry = self.retry.replace(max_retries=value)
            elif name in ("default_headers", "default_query"):
                setattr(new, name, {**getattr(self, name), **(value or {})})
            elif name in ("organization", "project", "transport", "retry", "pickle_api_key"):
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
            if isinstance(self._api_key, str):
                state["_api_key"] = key_from_environment
        return state

    def __copy__(self) -> Session:
        return self.copy()  # in this process: the key stays and the transport is shared

    def __deepcopy__(self, memo: Dict[int, Any]) -> Session:
        """A copy sharing nothing mutable, in this process: the key is kept (a callable key is
        shared, not copied) and the transport is a new one with the same settings and its own pool."""
        import copy

        new = object.__new__(Session)
        memo[id(self)] = new
        memo[id(self._api_key)] = self._api_key
        new.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return new

    # -- the verbs ---------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T],
        body: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
    ) -> T:
        """Send one call and decode its body into ``cast_to`` (``object`` for plain builtins,
        ``bytes`` for the raw body, ``str`` for text)."""
        response, request, retries = self.send(
            method,
            path,
            body=body,
            query=query,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return self.decode_response(response, cast_to, request=request, retries_taken=retries)

    def stream(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T],
        body: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        stream_cls: type[Stream[T]] = Stream,
    ) -> Stream[T]:
        """Send one call that answers with server-sent events; iterate the result for ``cast_to`` items."""
        budget = self.timeout if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        deadline = None if budget.total is None else self.retry.clock() + budget.total
        response, request, retries = self.send(
            method,
            path,
            body=body,
            query=query,
            extra_headers={"Accept": "text/event-stream", **(extra_headers or {})},
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=budget,
            stream=True,
            deadline=deadline,
        )
        content_type = response.headers.get("content-type", "").lower()
        if "json" in content_type and "event-stream" not in content_type:
            response = events_or_raise(response, request, content_type)
        return stream_cls(
            response,
            cast_to=cast_to,
            request=request,
            retries_taken=retries,
            stream_idle=budget.stream_idle,
            deadline=deadline,
            clock=self.retry.clock,
            max_event_size=self.max_event_size,
        )

    def get_page(
        self,
        path: str,
        *,
        item_type: type[T],
        page_cls: type[Any] = SyncCursorPage,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
    ) -> Any:
        """GET a list page of ``item_type``; a cursor page can then fetch the pages after it."""
        page = self.request(
            "GET",
            path,
            cast_to=page_cls[item_type],
            query=query,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )
        if isinstance(page, SyncCursorPage):
            filters = {**(query or {}), **(extra_query or {})}

            def fetch_after(cursor: str) -> Any:
                return self.get_page(
                    path,
                    item_type=item_type,
                    page_cls=page_cls,
                    query={**filters, "after": cursor},
                    extra_headers=extra_headers,
                    timeout=timeout,
                )

            attach_fetcher(page, fetch_after)
        return page

    def decode_response(self, response: Response, cast_to: type[T], *, request: Request, retries_taken: int) -> T:
        """Decode a successful response body, with the request id, headers and retry count attached."""
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

    # -- one call, with retries -------------------------------------------------------------

    def send(
        self,
        method: str,
        path: str,
        *,
        body: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutTypes, msgspec.UnsetType] = msgspec.UNSET,
        stream: bool = False,
        deadline: Optional[float] = None,
    ) -> Tuple[Response, Request, int]:
        """Send a call until it succeeds or the retry policy gives up; return the 2xx response,
        the last request and the number of retries taken. Raises the typed error otherwise."""
        budget = self.timeout if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        policy = self.retry
        if deadline is None and budget.total is not None:
            deadline = policy.clock() + budget.total
        url = encode_query(join_url(self.base_url, path), self.default_query, query, extra_query)
        payload: Optional[bytes] = None
        if body is not None or extra_body:
            merged = dict(body or {})
            if extra_body:
                merged.update(extra_body)
            payload = encode_json(merged)
        retries = 0
        redirects = 0
        while True:
            connect, read = budget.connect, (budget.stream_idle if stream else budget.read)
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
                    self.api_key,
                    organization=self.organization,
                    project=self.project,
                    layers=(self.default_headers, extra_headers),
                    has_body=payload is not None,
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


def _set_retries(error: Exception, retries: int) -> None:
    if isinstance(error, APIError):
        error.retries_taken = retries


def _describe(error: Exception) -> str:
    if isinstance(error, APIStatusError):
        return f"status {error.status_code}"
    return type(error).__name__
