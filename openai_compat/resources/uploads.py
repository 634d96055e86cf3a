"""``/uploads``: send a large file (up to 8 GB) in parts of up to 64 MB, then complete it into a file.

API reference: https://platform.openai.com/docs/api-reference/uploads. The steps are ``create``
(announce the size, name, type and purpose), ``create_part`` for each part in order
(``client.uploads.parts.create``, the bytes go in the multipart field ``data``), then ``complete``
with the part ids (and optionally the md5 of the whole file); ``cancel`` gives up. An upload not
completed within an hour expires. ``upload_file_chunked`` (in ``uploads_chunked``) does all of it,
with progress and resume.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

from msgspec import UNSET, UnsetType

from .._core.urls import path_segment
from ..types.uploads import Upload, UploadPart
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg

if TYPE_CHECKING:
    from .._uploads.files import FileInput
    from .._uploads.progress import ProgressCallback

__all__ = ["cancel", "complete", "create", "create_part"]



def _upload_path(upload_id: str) -> str:
    return f"uploads/{path_segment(upload_id, 'upload_id')}"


def create(
    session: SessionLike,
    /,
    *,
    bytes: int,
    filename: str,
    mime_type: str,
    purpose: str,
    expires_after: Union[Mapping[str, Any], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Upload:
    """Start an upload of ``bytes`` bytes named ``filename`` of type ``mime_type`` (checked against
    the types ``purpose`` allows: ``assistants``, ``batch``, ``fine-tune``, ``vision``)."""
    body = _params.body(locals(), ("bytes", "filename", "mime_type", "purpose", "expires_after"))
    return session._session.request(
        "POST", "uploads", cast_to=Upload, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def create_part(
    session: SessionLike,
    /,
    upload_id: str,
    *,
    data: FileInput,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> UploadPart:
    """Add one part (up to 64 MB) to an upload; ``data`` is any file input (a ``FileUpload.part``
    range of a file streams from disk). Parts may be added in parallel; their order is fixed by
    ``complete``."""
    return session._session.request(
        "POST", f"{_upload_path(upload_id)}/parts", cast_to=UploadPart, files={"data": data},
        on_progress=on_progress, extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body,
        timeout=timeout,
    )


def complete(
    session: SessionLike,
    /,
    upload_id: str,
    *,
    part_ids: Sequence[str],
    md5: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Upload:
    """Finish an upload: ``part_ids`` in file order; ``md5`` (hex) lets the server check the bytes.
    The answer's ``file`` is the new file, usable like any uploaded file."""
    if isinstance(part_ids, str):
        raise TypeError("part_ids must be a list of part ids, not one str")
    body = _params.body(locals(), ("part_ids", "md5"))
    return session._session.request(
        "POST", f"{_upload_path(upload_id)}/complete", cast_to=Upload, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def cancel(
    session: SessionLike,
    /,
    upload_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Upload:
    """Cancel an upload; no more parts can be added to it."""
    return session._session.request(
        "POST", f"{_upload_path(upload_id)}/cancel", cast_to=Upload,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
