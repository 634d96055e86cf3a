"""The Session: the one stateful object. It owns configuration, auth, URLs, headers, encoding,
the retry loop, status-to-error mapping, decoding and the start of a stream's life.

Resources are plain functions that build path, query and body and end in one Session verb:
``request`` (a decoded body), ``stream`` (a ``Stream`` of decoded events), ``download`` (a
``BinaryResponse``) or ``get_page``. Each verb is one ``send`` (the retry loop) plus what its kind
of answer needs. A resource function reaches the Session through ``SessionLike._session``, so it
may be given a Session or a facade namespace bound to one.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Protocol, Tuple, TypeVar, Union

import msgspec

from .._errors import OpenAIError
from .._http.transport import Request, RequestBody, Response, Transport
from .._streaming.json_answer import events_or_raise
from .._streaming.sse import DEFAULT_MAX_EVENT_SIZE
from .._streaming.stream import DEFAULT_MAX_SNAPSHOT_SIZE, Stream, check_event_size
from ..types._pagination import SyncCursorPage, attach_fetcher
from .attempt import send_with_retries
from .explain import check_base_url
from .headers import MISSING_KEY, check_api_key
from .logs import setup_logging
from .request_body import HeaderLayer, encode_body, merge_extra_body, multipart_header_layers
from .results import decode_response
from .retries import DEFAULT_MAX_RETRIES, RetryPolicy
from .settings import AdminKey, admin_key_or_none, apply_overrides, pickled_state
from .timeouts import DEFAULT_TIMEOUT, Timeout, TimeoutTypes
from .urls import base_url_of, encode_query, join_url, websocket_url

if TYPE_CHECKING:  # the upload and download machinery is imported on first use
    from .._uploads.binary import BinaryResponse
    from .._uploads.multipart import FileFields
    from .._uploads.progress import ProgressCallback

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_MAX_RESPONSE_SIZE", "ApiKey", "Session", "SessionLike"]


T = TypeVar("T")
ApiKey = Union[str, Callable[[], str]]
TimeoutArg = Union[TimeoutTypes, msgspec.UnsetType]
DEFAULT_BASE_URL = "https://api.openai.com/v1"
# Far above any JSON answer the API gives, and a bound on what a broken server or a gzip bomb costs.
DEFAULT_MAX_RESPONSE_SIZE = 256 * 1024 * 1024


class SessionLike(Protocol):
    """What a resource function takes first: a ``Session``, or a facade namespace bound to one
    (``client.chat.completions``). Either gives the Session as ``_session``, its only member, so no
    Session verb shows on a namespace."""

    @property
    def _session(self) -> Session: ...


class Session:
    """Configuration plus the machinery to send one API call; safe to share between threads.

    Arguments left as ``None`` are read from ``OPENAI_API_KEY``, ``OPENAI_ADMIN_KEY``, ``OPENAI_BASE_URL``,
    ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID`` and ``OPENAI_WEBHOOK_SECRET``; ``OPENAI_LOG=debug|info``
    turns on logging. ``admin_api_key`` is the bearer of the admin endpoints (``auth="admin"``), and
    of every call when there is no ``api_key``, as in openai-python.
    ``api_key`` may be a callable, called before every attempt (for rotating tokens).
    ``max_event_size`` bounds one server-sent event of a stream, in bytes (``None``: no limit);
    a larger one raises ``APIResponseValidationError``. ``max_response_size`` bounds a non-streamed
    response body, in bytes after decompression (``None``: no limit); a larger one raises
    ``APIResponseValidationError`` (streams and binary downloads are not limited). For
    ``max_snapshot_size`` and ``keep_events`` see ``Stream``.

    A Session pickles as configuration: the transport's settings without its connections, and
    without a string ``api_key`` unless ``pickle_api_key`` is set; where it is unpickled, the key
    is then read from ``OPENAI_API_KEY`` when first needed. A callable key is pickled as itself.
    """

    websocket_base_url: Optional[str] = None  # the Realtime API's; None: base_url with ws/wss

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
        websocket_base_url: Optional[str] = None,
        max_response_size: Optional[int] = DEFAULT_MAX_RESPONSE_SIZE,
        max_snapshot_size: Optional[int] = DEFAULT_MAX_SNAPSHOT_SIZE, keep_events: bool = False,
        admin_api_key: Optional[str] = None,
    ) -> None:
        env = os.environ
        self._admin_api_key: AdminKey = admin_key_or_none(admin_api_key, env)
        if api_key is None:
            api_key = env.get("OPENAI_API_KEY")
        if api_key is None:
            if self._admin_api_key is None:
                raise OpenAIError(MISSING_KEY)
            api_key = ""  # only the admin key: it is the bearer of every call
        if isinstance(api_key, str):
            check_api_key(api_key)
        self._api_key: ApiKey = api_key
        self.pickle_api_key = pickle_api_key
        url = base_url or env.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        check_base_url(url, "base_url" if base_url else "OPENAI_BASE_URL")
        self.base_url = base_url_of(url)
        self.organization = organization if organization is not None else env.get("OPENAI_ORG_ID")
        self.project = project if project is not None else env.get("OPENAI_PROJECT_ID")
        # For client.webhooks (resources/webhooks.py); never in a repr, and not pickled by default.
        self.webhook_secret = webhook_secret if webhook_secret is not None else env.get("OPENAI_WEBHOOK_SECRET")
        self.websocket_base_url = websocket_base_url  # for the WebSocket APIs (realtime/endpoint.py)
        self.timeout = DEFAULT_TIMEOUT if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        self.retry = (retry_policy or RetryPolicy()).replace(max_retries=max_retries)
        self.default_headers: dict[str, str] = dict(default_headers or {})
        self.default_query: dict[str, object] = dict(default_query or {})
        self.max_event_size = check_event_size(max_event_size)
        self.max_response_size = check_event_size(max_response_size, "max_response_size")
        self.max_snapshot_size = check_event_size(max_snapshot_size, "max_snapshot_size")
        self.keep_events = keep_events
        if transport is None:
            from .._http.requests_transport import RequestsTransport

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
        return self._admin_api_key() if callable(self._admin_api_key) else self._admin_api_key

    @property
    def max_retries(self) -> int:
        return self.retry.max_retries

    @property
    def _session(self) -> Session:
        """``SessionLike``: a Session is its own session."""
        return self

    # -- hooks a provider's Session (Azure) overrides --------------------------------------------

    def auth_headers(self) -> Dict[str, str]:
        """The credential headers of one attempt; called per attempt, so a callable key is fresh."""
        key = self.api_key or self.admin_api_key or ""  # only an admin key: it is the bearer, as in openai-python
        return {"Authorization": f"Bearer {key}"}

    def route(self, path: str, body: Optional[Mapping[str, Any]]) -> str:
        """The path, relative to ``base_url``, that a call to ``path`` with ``body`` goes to."""
        return path

    def realtime_url(self, query: Mapping[str, Any]) -> str:
        """The WebSocket URL of the Realtime API: ``websocket_base_url``, or ``base_url`` with ``http``->``ws``
        and ``https``->``wss``, then ``realtime`` and the query (``default_query`` first)."""
        root = base_url_of(self.websocket_base_url) if self.websocket_base_url else websocket_url(self.base_url)
        return encode_query(join_url(root, "realtime"), self.default_query, query)

    def copy(self, **overrides: Any) -> Session:
        """A new Session with some settings replaced; the transport (connection pool) is shared.

        ``default_headers`` and ``default_query`` are merged into the current ones.
        """
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        apply_overrides(new, overrides)
        return new

    def close(self) -> None:
        """Close the transport and its connection pool."""
        self.transport.close()

    def __repr__(self) -> str:
        return f"<Session base_url={self.base_url!r} max_retries={self.max_retries}>"

    def __getstate__(self) -> Dict[str, Any]:
        """Pickle the configuration; the transport pickles its own settings, never its connections.
        A string key stays out unless ``pickle_api_key`` is set (see the class docstring)."""
        return pickled_state(self)

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

    # -- the verbs resources call ----------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T],
        body: Optional[Mapping[str, Any]] = None,
        files: Optional[FileFields] = None,
        content: Optional[RequestBody] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: TimeoutArg = msgspec.UNSET,
        on_progress: Optional[ProgressCallback] = None,
        auth: str = "api_key",
    ) -> T:
        """Send one call and decode its body into ``cast_to`` (``object`` for plain builtins,
        ``bytes`` for the raw body, ``str`` for text).

        With ``files`` the call is a multipart upload (``body`` and ``extra_body`` become its form
        fields); ``content`` sends raw bytes instead (give the ``Content-Type`` in ``extra_headers``);
        ``on_progress(sent, total)`` reports the upload as it goes; ``auth="admin"`` sends the admin key.
        """
        response, request, retries = self.send(
            method, path, body=body, files=files, content=content, query=query, extra_headers=extra_headers,
            extra_query=extra_query, extra_body=extra_body, timeout=timeout, on_progress=on_progress, auth=auth,
        )
        return decode_response(response, cast_to, request=request, retries_taken=retries)

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
        timeout: TimeoutArg = msgspec.UNSET,
        stream_cls: type[Stream[T]] = Stream,
        stream_options: Optional[Mapping[str, Any]] = None,
        files: Optional[FileFields] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Stream[T]:
        """Send one call that answers with server-sent events; iterate the result for ``cast_to`` items.
        ``stream_cls`` is made with the ``stream_options`` it takes besides ``Stream``'s; ``files`` and
        ``on_progress`` as for ``request`` (a streamed transcription uploads audio)."""
        budget = self.timeout if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        deadline = None if budget.total is None else self.retry.clock() + budget.total
        response, request, retries = self.send(
            method, path, body=body, files=files, on_progress=on_progress, query=query,
            extra_headers={"Accept": "text/event-stream", **(extra_headers or {})}, extra_query=extra_query,
            extra_body=extra_body, timeout=budget, stream=True, deadline=deadline,
        )
        content_type = response.headers.get("content-type", "").lower()
        if "json" in content_type and "event-stream" not in content_type:
            response = events_or_raise(response, request, content_type)
        return stream_cls(
            response, cast_to=cast_to, request=request, retries_taken=retries, stream_idle=budget.stream_idle,
            deadline=deadline, clock=self.retry.clock, max_event_size=self.max_event_size,
            keep_events=self.keep_events, max_snapshot_size=self.max_snapshot_size, **(stream_options or {}),
        )

    def download(
        self,
        method: str,
        path: str,
        *,
        body: Optional[Mapping[str, Any]] = None,
        content: Optional[RequestBody] = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_headers: Optional[Mapping[str, Any]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: TimeoutArg = msgspec.UNSET,
        on_progress: Optional[ProgressCallback] = None,
        auth: str = "api_key",
    ) -> BinaryResponse:
        """Send one call whose answer is binary (file content, audio); the body is left on the
        wire for the caller to stream (``write_to_file``, ``iter_bytes``) or read (``content``).
        Each network read is bounded by the ``read`` timeout, the whole download by ``total``.
        ``content`` sends raw bytes as the body (give the ``Content-Type`` in ``extra_headers``)."""
        from .._uploads.binary import BinaryResponse

        budget = self.timeout if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        deadline = None if budget.total is None else self.retry.clock() + budget.total
        response, request, retries = self.send(
            method, path, body=body, content=content, query=query,
            extra_headers={"Accept": "application/octet-stream", **(extra_headers or {})}, extra_query=extra_query,
            extra_body=extra_body, timeout=budget, stream=True, events=False, deadline=deadline, auth=auth,
        )
        return BinaryResponse(
            response, request=request, retries_taken=retries, on_progress=on_progress, deadline=deadline,
            clock=self.retry.clock,
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
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: TimeoutArg = msgspec.UNSET,
        auth: str = "api_key",
    ) -> Any:
        """GET a list page of ``item_type``; a cursor page can then fetch the pages after it."""
        page = self.request(
            "GET", path, cast_to=page_cls[item_type], query=query, extra_headers=extra_headers,
            extra_query=extra_query, extra_body=extra_body, timeout=timeout, auth=auth,
        )
        if isinstance(page, SyncCursorPage):
            filters = {**(query or {}), **(extra_query or {})}

            def fetch_after(cursor: str) -> Any:
                return self.get_page(
                    path, item_type=item_type, page_cls=page_cls, query={**filters, page_cls.cursor_param: cursor},
                    extra_headers=extra_headers, extra_body=extra_body, timeout=timeout, auth=auth,
                )

            attach_fetcher(page, fetch_after)
        return page

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
        timeout: TimeoutArg = msgspec.UNSET,
        on_progress: Optional[ProgressCallback] = None,
        stream: bool = False,
        events: bool = True,
        deadline: Optional[float] = None,
        auth: str = "api_key",
    ) -> Tuple[Response, Request, int]:
        """Send a call until it succeeds or the retry policy gives up; return the 2xx response,
        the last request and the number of retries taken. Raises the typed error otherwise.

        A streamed response's reads wait at most ``stream_idle`` when it carries ``events``, else ``read``;
        ``auth="admin"`` sends the admin API key (the admin endpoints) instead of the API key.
        """
        budget = self.timeout if timeout is msgspec.UNSET else Timeout.coerce(timeout)
        if deadline is None and budget.total is not None:
            deadline = self.retry.clock() + budget.total
        fields = merge_extra_body(method, body, extra_body)
        url = encode_query(join_url(self.base_url, self.route(path, fields)), self.default_query, query, extra_query)
        defaults: HeaderLayer = self.default_headers
        boundary = None
        if files is not None:
            boundary, defaults, extra_headers = multipart_header_layers(defaults, extra_headers)
        payload, content_type = encode_body(fields, files, content, on_progress, boundary=boundary)
        return send_with_retries(
            self, method, url, payload, content_type=content_type, layers=(defaults, extra_headers), budget=budget,
            deadline=deadline, stream=stream, events=events, auth=auth,
        )
