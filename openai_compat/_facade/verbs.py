"""The client's HTTP verbs: the escape hatch for endpoints without a typed method, with
openai-python's call shapes (``client.get(path, cast_to=..., options={...})``,
``client.post(..., stream=True, stream_cls=Stream[Chunk])``, ``client.request(cast_to, options)``,
``client.get_api_list(path, model=..., page=...)``) and this library's keyword shortcuts
(``query=``, ``extra_headers=``, ``timeout=``).

``options`` is openai-python's ``RequestOptions``: ``headers``, ``params`` (the query),
``timeout``, ``max_retries``, ``extra_json`` (merged into the body) and ``idempotency_key`` (sent
as ``Idempotency-Key``); ``follow_redirects`` is accepted and ignored (a redirect to the same
origin is followed, one to another origin is not, whatever it says).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, TypeVar, Union, get_args, get_origin

import msgspec

from .._core.session import Session
from .._core.timeouts import TimeoutTypes
from .._http.transport import RequestBody
from .._streaming.stream import Stream
from ..types._pagination import SyncCursorPage, attach_fetcher

if TYPE_CHECKING:
    from .._uploads.multipart import FileFields

__all__ = ["HTTPVerbs", "RequestOptions"]

T = TypeVar("T")
_Headers = Optional[Mapping[str, Any]]
_TimeoutArg = Union[TimeoutTypes, msgspec.UnsetType]
RequestOptions = Mapping[str, Any]
"""openai-python's per-call options: headers, params, timeout, max_retries, extra_json, idempotency_key."""
_OPTIONS = ("headers", "params", "timeout", "max_retries", "extra_json", "idempotency_key", "follow_redirects")
_FINAL_OPTIONS = ("method", "url", "json_data", "content", "files", *_OPTIONS)
_EMPTY: Mapping[str, Any] = {}


class HTTPVerbs:
    """``get``, ``post``, ``put``, ``patch``, ``delete``, ``request``, ``get_api_list`` and
    ``post_stream`` over the client's session."""

    session: Session

    def get(self, path: str, *, cast_to: type[T] = object, options: RequestOptions = _EMPTY,  # type: ignore[assignment]
            stream: bool = False, stream_cls: Optional[Any] = None, query: Optional[Mapping[str, Any]] = None,
            extra_headers: _Headers = None, timeout: _TimeoutArg = msgspec.UNSET) -> T:
        """GET ``path`` (relative to ``base_url``) and decode the JSON body into ``cast_to``
        (plain builtins by default; ``bytes`` for the raw body, ``str`` for text); with
        ``stream=True`` a ``Stream`` of ``stream_cls``'s item type (``Stream[Chunk]``)."""
        return self._call("GET", path, cast_to, options, stream=stream, stream_cls=stream_cls, query=query,
                          extra_headers=extra_headers, timeout=timeout)

    def post(self, path: str, *, cast_to: type[T] = object, body: Optional[Any] = None,  # type: ignore[assignment]
             content: Optional[RequestBody] = None, files: Optional[FileFields] = None,
             options: RequestOptions = _EMPTY, stream: bool = False, stream_cls: Optional[Any] = None,
             query: Optional[Mapping[str, Any]] = None, extra_headers: _Headers = None,
             timeout: _TimeoutArg = msgspec.UNSET) -> T:
        """POST a JSON ``body`` (or raw ``content``, or a multipart form of ``body`` and ``files``)
        to ``path`` and decode the answer into ``cast_to``; ``stream=True`` as for ``get``."""
        return self._call("POST", path, cast_to, options, body=body, content=content, files=files, stream=stream,
                          stream_cls=stream_cls, query=query, extra_headers=extra_headers, timeout=timeout)

    def put(self, path: str, *, cast_to: type[T] = object, body: Optional[Any] = None,  # type: ignore[assignment]
            content: Optional[RequestBody] = None, files: Optional[FileFields] = None,
            options: RequestOptions = _EMPTY, query: Optional[Mapping[str, Any]] = None,
            extra_headers: _Headers = None, timeout: _TimeoutArg = msgspec.UNSET) -> T:
        """PUT to ``path`` (``body``, ``content`` and ``files`` as for ``post``)."""
        return self._call("PUT", path, cast_to, options, body=body, content=content, files=files, query=query,
                          extra_headers=extra_headers, timeout=timeout)

    def patch(self, path: str, *, cast_to: type[T] = object, body: Optional[Any] = None,  # type: ignore[assignment]
              content: Optional[RequestBody] = None, files: Optional[FileFields] = None,
              options: RequestOptions = _EMPTY, query: Optional[Mapping[str, Any]] = None,
              extra_headers: _Headers = None, timeout: _TimeoutArg = msgspec.UNSET) -> T:
        """PATCH ``path`` (``body``, ``content`` and ``files`` as for ``post``)."""
        return self._call("PATCH", path, cast_to, options, body=body, content=content, files=files, query=query,
                          extra_headers=extra_headers, timeout=timeout)

    def delete(self, path: str, *, cast_to: type[T] = object, body: Optional[Any] = None,  # type: ignore[assignment]
               content: Optional[RequestBody] = None, options: RequestOptions = _EMPTY,
               query: Optional[Mapping[str, Any]] = None, extra_headers: _Headers = None,
               timeout: _TimeoutArg = msgspec.UNSET) -> T:
        """DELETE ``path`` and decode the answer into ``cast_to``."""
        return self._call("DELETE", path, cast_to, options, body=body, content=content, query=query,
                          extra_headers=extra_headers, timeout=timeout)

    def post_stream(self, path: str, *, cast_to: type[T] = object, body: Optional[Mapping[str, Any]] = None,  # type: ignore[assignment]
                    query: Optional[Mapping[str, Any]] = None, extra_headers: _Headers = None,
                    timeout: _TimeoutArg = msgspec.UNSET) -> Stream[T]:
        """POST a JSON ``body`` to an endpoint that answers with server-sent events."""
        return self.session.stream("POST", path, cast_to=cast_to, body=body, query=query,
                                   extra_headers=extra_headers, timeout=timeout)

    def request(self, cast_to: type[T], options: Any, *, stream: bool = False, stream_cls: Optional[Any] = None) -> T:
        """openai-python's lowest verb: ``options`` holds ``method`` and ``url`` besides the
        per-call options, and ``json_data``, ``content``, ``files`` (a mapping, or openai-python's
        ``FinalRequestOptions``)."""
        found = _read_options(options, _FINAL_OPTIONS)
        method, url = found.pop("method", None), found.pop("url", None)
        if not isinstance(method, str) or not isinstance(url, str):
            raise TypeError("options must give the request's `method` and `url`: {'method': 'get', 'url': '/models'}")
        body, content, files = found.pop("json_data", None), found.pop("content", None), found.pop("files", None)
        return self._call(method.upper(), url, cast_to, found, body=body, content=content, files=files,
                          stream=stream, stream_cls=stream_cls)

    def get_api_list(self, path: str, *, model: type[T], page: type[Any], body: Optional[Any] = None,
                     options: RequestOptions = _EMPTY, method: str = "get") -> Any:
        """A list page of ``model`` items in the ``page`` class (``SyncPage``, ``SyncCursorPage``, ...);
        a cursor page fetches the following pages (iterate it, or ``get_next_page()``)."""
        session, args = self._prepared(options, body=body)
        if method.lower() == "get" and args["body"] is None:
            return session.get_page(path, item_type=model, page_cls=page, query=args["query"],
                                    extra_headers=args["extra_headers"], timeout=args["timeout"])
        verb, query = method.upper(), dict(args.pop("query") or {})

        def fetch(after: Optional[str]) -> Any:
            result = session.request(verb, path, cast_to=page[model], query={**query, "after": after}, **args)
            if isinstance(result, SyncCursorPage):
                attach_fetcher(result, fetch)
            return result

        return fetch(None)

    def _call(self, method: str, path: str, cast_to: type[T], options: Any, *, stream: bool = False,
              stream_cls: Optional[Any] = None, body: Optional[Any] = None, content: Optional[RequestBody] = None,
              files: Optional[FileFields] = None, query: Optional[Mapping[str, Any]] = None,
              extra_headers: _Headers = None, timeout: _TimeoutArg = msgspec.UNSET) -> T:
        if body is not None and content is not None:
            raise TypeError("Passing both `body` and `content` is not supported")
        if files is not None and content is not None:
            raise TypeError("Passing both `files` and `content` is not supported")
        session, args = self._prepared(options, body=body, query=query, extra_headers=extra_headers, timeout=timeout)
        if not stream:
            return session.request(method, path, cast_to=cast_to, content=content, files=files, **args)
        if content is not None:
            raise TypeError("a streamed call takes a JSON `body` (or `files`), not raw `content`")
        stream_type = get_origin(stream_cls) or stream_cls or Stream
        if not (isinstance(stream_type, type) and issubclass(stream_type, Stream)):
            raise TypeError(f"stream_cls must be openai_compat.Stream or a subclass (Stream[Item]), not {stream_cls!r}")
        item_type = _stream_item_type(stream_cls, cast_to)
        result: Any = session.stream(method, path, cast_to=item_type, files=files, stream_cls=stream_type, **args)
        return result  # type: ignore[no-any-return]

    def _prepared(
        self, options: Any, *, body: Optional[Any] = None, query: Optional[Mapping[str, Any]] = None,
        extra_headers: _Headers = None, timeout: _TimeoutArg = msgspec.UNSET,
    ) -> tuple[Session, Dict[str, Any]]:
        """The session (with ``max_retries`` applied) and the Session verb arguments of a call."""
        found = _read_options(options, _OPTIONS)
        session = self.session
        if "max_retries" in found:
            session = session.copy(max_retries=found["max_retries"])
        headers = {**(found.get("headers") or {}), **(extra_headers or {})}
        if "idempotency_key" in found:
            headers.setdefault("Idempotency-Key", found["idempotency_key"])
        if timeout is msgspec.UNSET and "timeout" in found:
            timeout = found["timeout"]
        body_mapping = dict(body) if isinstance(body, Mapping) else None
        if body is not None and body_mapping is None:
            raise TypeError(f"body must be a mapping (a JSON object), not {type(body).__name__}; bytes go in content=")
        return session, {
            "body": body_mapping,
            "query": {**(found.get("params") or {}), **(query or {})} or None,
            "extra_headers": headers or None,
            "extra_body": found.get("extra_json"),
            "timeout": timeout,
        }


def _read_options(options: Any, names: tuple[str, ...]) -> Dict[str, Any]:
    """The options given, from a mapping or an object with those attributes (openai-python's
    ``FinalRequestOptions``); openai-python's ``NotGiven``/``Omit`` markers count as not given."""
    if options is None:
        return {}
    if isinstance(options, Mapping):
        unknown = sorted(set(options) - set(names))
        if unknown:
            raise TypeError(f"unknown request option(s) {', '.join(unknown)}; known: {', '.join(names)}")
        items = dict(options)
    else:
        items = {name: getattr(options, name) for name in names if hasattr(options, name)}
    return {name: value for name, value in items.items()
            if value is not msgspec.UNSET and type(value).__name__ not in ("NotGiven", "Omit")}


def _stream_item_type(stream_cls: Optional[Any], cast_to: Any) -> Any:
    """``Stream[Chunk]`` gives ``Chunk``; a bare stream class leaves the item type to ``cast_to``."""
    args = get_args(stream_cls) if stream_cls is not None else ()
    return args[0] if args else cast_to
