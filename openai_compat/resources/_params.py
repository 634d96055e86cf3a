"""What every resource function shares: the aliases of its common parameters, and the one way to
build a request body and a query from the arguments the caller set.

Parameters default to ``UNSET`` and are then not sent (servers such as Groq reject fields they do
not know); an explicit ``None`` is sent as ``null`` in a body. An iterable that is not already a
list (a generator of messages, a tuple of ids, a set) is sent as a list: JSON has no other form,
and a multipart form repeats ``name[]`` for each item of a list.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping, Optional, Union

import msgspec
from msgspec import UNSET, UnsetType

from .._core.session import SessionLike
from .._core.timeouts import TimeoutTypes

__all__ = [
    "BETA_HEADERS",
    "Body",
    "Headers",
    "Param",
    "Query",
    "SessionLike",
    "TimeoutArg",
    "beta_headers",
    "body",
    "form_files",
    "header_values",
    "query",
]

Headers = Optional[Mapping[str, Any]]
"""``extra_headers``: sent after (and over) the client's own headers."""
Query = Optional[Mapping[str, Any]]
"""``extra_query``: merged into the query string."""
Body = Optional[Mapping[str, Any]]
"""``extra_body``: merged into the JSON body or the form fields, over the parameters."""
TimeoutArg = Union[TimeoutTypes, UnsetType]
"""``timeout``: seconds, a ``Timeout``, ``None`` for no limit, or ``UNSET`` for the client's."""
Param = Any
"""A request object given as a dict in the API's shape, or an object from an earlier answer."""

# The Assistants API v2 and vector stores ask for this header on every call.
BETA_HEADERS = {"OpenAI-Beta": "assistants=v2"}

_AS_IS = (str, bytes, bytearray, memoryview, list, Mapping, msgspec.Struct)


def body(args: Mapping[str, Any], names: Iterable[str], request: Any = None) -> Dict[str, Any]:
    """The request body (or form fields) from ``args``, usually ``locals()`` as a resource
    function's first statement: each of ``names`` the caller set, in that order. A ``request``
    (a request Struct or a mapping, for the endpoints that take one) supplies fields first; the
    arguments that are set win over it."""
    fields = _request_fields(request) if request is not None else {}
    fields.update((name, args[name]) for name in names if args[name] is not UNSET)
    return {name: _plain(value) for name, value in fields.items()}


def query(**params: Any) -> Dict[str, Any]:
    """A call's query parameters, iterables as lists (``include[]=a&include[]=b``). ``UNSET`` and
    ``None`` values stay in place and are left out when the Session encodes the URL, so a cursor
    page asking for the next one keeps the order of the first one's query."""
    return {name: _plain(value) for name, value in params.items()}


def form_files(args: Mapping[str, Any], names: Iterable[str], fields: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The file inputs among ``names`` that the caller set in ``args`` (``locals()``), for a
    multipart call; ``None`` when there is none, so the call goes as JSON.

    A mapping given for such a field (a reference such as ``{"file_id": ...}``) is not a file: it
    joins ``fields``, the form fields. A list is a list of files (``name[]`` parts); a tuple is one
    file, ``(filename, content[, content_type])``.
    """
    files: Dict[str, Any] = {}
    for name in names:
        value = args[name]
        if value is UNSET or value is None:
            continue
        if isinstance(value, Mapping):
            fields[name] = _plain(value)
        else:
            files[name] = value
    return files or None


def header_values(values: Mapping[str, Any]) -> Dict[str, str]:
    """Parameters sent as headers, as header values: unset ones left out, a list joined with commas
    (OpenAPI's ``style: simple``): ``{"openai-beta": ["a=v1", "b=v2"]}`` -> ``a=v1,b=v2``."""
    headers: Dict[str, str] = {}
    for name, value in values.items():
        if value is UNSET or value is None:
            continue
        headers[name] = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return headers


def beta_headers(extra_headers: Headers) -> Dict[str, Any]:
    """``OpenAI-Beta: assistants=v2`` under the caller's headers (theirs win; names are compared
    case-insensitively when the Session builds the request)."""
    return {**BETA_HEADERS, **(extra_headers or {})}


def _request_fields(request: Any) -> Dict[str, Any]:
    if isinstance(request, msgspec.Struct):
        pairs = zip(request.__struct_fields__, request.__struct_encode_fields__)
        return {name: getattr(request, attr) for attr, name in pairs if getattr(request, attr) is not UNSET}
    if isinstance(request, Mapping):
        return {name: value for name, value in request.items() if value is not UNSET}
    raise TypeError(f"request must be a request object or a mapping, got {type(request).__name__}")


def _plain(value: Any) -> Any:
    if isinstance(value, _AS_IS) or not isinstance(value, Iterable):
        return value
    return list(value)
