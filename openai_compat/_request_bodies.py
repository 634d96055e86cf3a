"""The body of one call: JSON, a multipart upload, or raw bytes, with progress reporting if asked.

Kept apart from the Session so the upload machinery (``_multipart``, ``_files``, ``mimetypes``)
is imported only by the first call that uploads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Tuple

from ._codec import encode_json
from ._transport import RequestBody

if TYPE_CHECKING:
    from ._multipart import FileFields
    from ._progress import ProgressCallback

__all__ = ["encode_body"]


def encode_body(
    fields: Optional[Mapping[str, Any]],
    files: Optional[FileFields],
    content: Optional[RequestBody],
    on_progress: Optional[ProgressCallback],
) -> Tuple[Optional[RequestBody], Optional[str]]:
    """The payload and its ``Content-Type``: multipart when ``files`` are given (``fields`` become
    form fields), ``content`` as raw bytes, else ``fields`` as JSON (no body when there are none)."""
    payload: Optional[RequestBody]
    if files is not None:
        if content is not None:
            raise TypeError("give a call either files (a multipart upload) or content (a raw body), not both")
        from ._multipart import multipart_body

        multipart = multipart_body(fields, files)
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
        from ._progress import ProgressBody

        payload = ProgressBody(payload, on_progress)
    return payload, content_type
