"""Building request URLs: joining the base URL, escaping path ids, encoding query strings."""

from __future__ import annotations

from typing import Any, Iterator, List, Mapping, Optional, Tuple
from urllib.parse import quote, urlencode, urljoin, urlsplit

import msgspec

from .._errors import APIStatusError
from .._http.transport import RequestBody, Response

__all__ = ["base_url_of", "encode_query", "follow_redirect", "join_url", "origin", "path_segment", "websocket_url"]

# RFC 3986 pchar minus "/": what may stay unescaped inside one path segment.
_SEGMENT_SAFE = "!$&'()*+,;=:@-._~"


def path_segment(value: str, name: str) -> str:
    """Escape ``value`` as exactly one path segment; refuse empty ids and dot-segments.

    ``"a/b c"`` becomes ``"a%2Fb%20c"``. ``"."`` and ``".."`` (also written ``%2e``) would move
    the request to another path once the HTTP library normalises it, so they are rejected.
    """
    if not isinstance(value, str):
        raise TypeError(f"Expected `{name}` to be a str, got {type(value).__name__}")
    if not value:
        raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
    if value.replace("%2e", ".").replace("%2E", ".") in (".", ".."):
        raise ValueError(f"`{name}` may not be a dot-segment ({value!r}): it would change the request path")
    return quote(value, safe=_SEGMENT_SAFE)


def base_url_of(url: str) -> str:
    """``url`` as a base URL: its path ends in ``/``, so a relative path is appended under it, and its
    query (Azure's ``?api-version=``) stays at the end. The one normaliser of ``base_url``."""
    base, sep, query = url.partition("?")
    if not base.endswith("/"):
        base += "/"
    return f"{base}{sep}{query}"


def websocket_url(url: str) -> str:
    """``url`` with ``http`` turned into ``ws`` and ``https`` into ``wss``."""
    if url.startswith("https://"):
        return "wss://" + url[len("https://") :]
    if url.startswith("http://"):
        return "ws://" + url[len("http://") :]
    return url


def join_url(base_url: str, path: str) -> str:
    """Append ``path`` to ``base_url`` (which ends in ``/``); an absolute ``path`` is used as given."""
    if path.startswith(("http://", "https://")):
        return path
    base, sep, base_query = base_url.partition("?")
    url = base + path.lstrip("/")
    return f"{url}?{base_query}" if sep else url


def origin(url: str) -> Tuple[str, str, Optional[int]]:
    """Scheme, host and port of ``url`` (the port filled in for http and https)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def encode_query(url: str, *queries: Optional[Mapping[str, Any]]) -> str:
    """Add query parameters to ``url``; later mappings win, ``None`` and ``UNSET`` values are dropped.

    Arrays use brackets (``include[]=a&include[]=b``), objects ``a[b]=1`` and booleans
    ``true``/``false``, as openai-python sends them.
    """
    merged: dict[str, Any] = {}
    for query in queries:
        if query:
            merged.update(query)
    if not merged:
        return url
    pairs: List[Tuple[str, str]] = list(_flatten(merged, ""))
    if not pairs:
        return url
    encoded = urlencode(pairs, quote_via=quote, safe="[]")
    return f"{url}&{encoded}" if "?" in url else f"{url}?{encoded}"


def _flatten(value: Mapping[str, Any], prefix: str) -> Iterator[Tuple[str, str]]:
    for key, item in value.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if item is None or item is msgspec.UNSET:
            continue
        if isinstance(item, Mapping):
            yield from _flatten(item, name)
        elif isinstance(item, (list, tuple)):
            for element in item:
                if element is not None:
                    yield f"{name}[]", _scalar(element)
        else:
            yield name, _scalar(item)


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def follow_redirect(
    response: Response, method: str, url: str, body: Optional[RequestBody]
) -> Tuple[str, str, Optional[RequestBody]]:
    """The next request after a redirect: same origin only, since the API key and body go with it.

    A 303, or a 301/302 answering a POST, becomes a body-less GET (as browsers and httpx do).
    """
    target = urljoin(url, response.headers["location"])
    response.close()
    if origin(target) != origin(url):
        raise APIStatusError(
            f"Refusing to follow a redirect from {_origin_text(url)} to {_origin_text(target)}: the request "
            "would carry your API key to another origin. Point base_url at the final address instead.",
            response=response,
            body=None,
        )
    if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
        return "GET", target, None
    return method, target, body


def _origin_text(url: str) -> str:
    scheme, host, port = origin(url)
    return f"{scheme}://{host}:{port}"
