"""The body of one call: JSON, a multipart upload, or raw bytes, with progress reporting if asked.

Kept apart from the Session so the upload machinery (``_uploads.multipart``, ``_uploads.files``,
``mimetypes``) is imported only by the first call that uploads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional, Tuple

from .._http.transport import RequestBody, StreamingBody
from ..types._codec import encode_json

if TYPE_CHECKING:
    from .._uploads.multipart import FileFields
    from .._uploads.progress import ProgressCallback

__all__ = ["CallerSideBody", "encode_body", "merge_extra_body", "multipart_header_layers"]

HeaderLayer = Optional[Mapping[str, Any]]


def merge_extra_body(
    method: str, body: Optional[Mapping[str, Any]], extra_body: Optional[Mapping[str, Any]]
) -> Optional[Mapping[str, Any]]:
    """The fields to send: ``body`` with ``extra_body`` merged over it (its keys win).

    Every API method takes ``extra_body``, as in openai-python. A POST sends it in the JSON body or
    as form fields; a DELETE sends it as a JSON body (as openai-python does). A GET usually has no
    body, and openai-python drops a GET's ``extra_body`` without a word; here the fields are sent as
    the GET's JSON body (HTTP allows one), so nothing the caller gave is silently lost. Servers that
    ignore a GET body ignore it; for query parameters use ``extra_query``. ``method`` is kept in the
    signature so a caller can tell the cases apart in a debugger.
    """
    del method  # every method merges the same way; see the docstring for GET
    if not extra_body:
        return body
    return {**(body or {}), **extra_body}


def multipart_header_layers(
    default_headers: HeaderLayer, extra_headers: HeaderLayer
) -> Tuple[Optional[str], HeaderLayer, HeaderLayer]:
    """The boundary a caller asked for, and the header layers without the ``Content-Type`` that
    would contradict the multipart body's.

    openai-python's upload endpoints set ``multipart/form-data`` per call (over any default header)
    and drop it unless it names a boundary, which is then used to encode the body. So a default
    ``Content-Type`` is ignored here, and a per-call ``multipart/form-data`` one is replaced by the
    encoder's, with the caller's boundary when it gave one. Any other per-call type is kept.
    """
    boundary: Optional[str] = None
    if extra_headers:
        for name, value in extra_headers.items():
            if name.lower() == "content-type" and isinstance(value, str):
                kind, _, params = value.partition(";")
                if kind.strip().lower() == "multipart/form-data":
                    boundary = _boundary_param(params)
                    extra_headers = {k: v for k, v in extra_headers.items() if k.lower() != "content-type"}
                break
    if default_headers and any(name.lower() == "content-type" for name in default_headers):
        default_headers = {k: v for k, v in default_headers.items() if k.lower() != "content-type"}
    return boundary, default_headers, extra_headers


def _boundary_param(params: str) -> Optional[str]:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "boundary" and value.strip():
            return value.strip().strip('"')
    return None


def encode_body(
    fields: Optional[Mapping[str, Any]],
    files: Optional[FileFields],
    content: Optional[RequestBody],
    on_progress: Optional[ProgressCallback],
    *,
    boundary: Optional[str] = None,
) -> Tuple[Optional[RequestBody], Optional[str]]:
    """The payload and its ``Content-Type``: multipart when ``files`` are given (``fields`` become
    form fields, ``boundary`` the caller's or a random one), ``content`` as raw bytes, else
    ``fields`` as JSON (no body when there are none)."""
    payload: Optional[RequestBody]
    if files is not None:
        if content is not None:
            raise TypeError("give a call either files (a multipart upload) or content (a raw body), not both")
        from .._uploads.multipart import multipart_body

        multipart = multipart_body(fields, files, boundary=boundary)
        payload, content_type = multipart, multipart.content_type
    elif content is not None:
        if fields:
            raise TypeError("a raw content body cannot also carry JSON fields; put them in the query or the content")
        payload, content_type = content, "application/octet-stream"
    elif fields is not None:
        payload, content_type = encode_json(fields), "application/json"
    else:
        return None, None
    if on_progress is not None:
        from .._uploads.progress import ProgressBody

        payload = ProgressBody(payload, on_progress)
    if not isinstance(payload, bytes):
        payload = CallerSideBody(payload)
    return payload, content_type


class CallerSideBody:
    """A streaming body that keeps, in ``failure``, an exception raised while its bytes were made
    (a file that cannot be read, an ``on_progress`` callback that raises to cancel). That is the
    caller's failure, not the network's: the Session raises it as it is, without a retry, rather
    than as an ``APIConnectionError`` (the HTTP libraries let it out of ``send`` unchanged or
    wrapped in a connection error)."""

    __slots__ = ("_body", "failure")

    def __init__(self, body: StreamingBody) -> None:
        self._body = body
        self.failure: Optional[Exception] = None

    def __len__(self) -> int:
        return len(self._body)

    def __iter__(self) -> Iterator[bytes]:
        self.failure = None  # each attempt starts clean
        try:
            yield from self._body
        except Exception as exc:
            self.failure = exc
            raise
