"""``/files``: upload, list, look up, download and delete files.

API reference: https://platform.openai.com/docs/api-reference/files. ``create`` streams the file
from its source as a multipart upload (never read whole into memory; a retry sends it again from
the start); ``content`` returns a ``BinaryResponse`` whose body is still on the wire, so
``.write_to_file(path)`` streams a large file to disk. Files over 512 MB go through
``uploads.upload_file_chunked``.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.polling import poll_until_done
from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage
from ..types.files import FileDeleted, FileObject, FileStatus
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg

if TYPE_CHECKING:
    from .._uploads.binary import BinaryResponse
    from .._uploads.files import FileInput
    from .._uploads.progress import ProgressCallback

__all__ = ["content", "create", "delete", "list", "retrieve", "retrieve_content", "wait_for_processing"]


# openai-python's ``wait_for_processing`` stops at these.
TERMINAL_STATUSES = frozenset({FileStatus.PROCESSED, FileStatus.ERROR, FileStatus.DELETED})


def _file_path(file_id: str) -> str:
    return f"files/{path_segment(file_id, 'file_id')}"


def create(
    session: SessionLike,
    /,
    *,
    file: FileInput,
    purpose: str,
    expires_after: Union[Mapping[str, Any], UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FileObject:
    """Upload a file (up to 512 MB) for ``purpose`` (``FilePurpose``: ``assistants``, ``batch``,
    ``fine-tune``, ``vision``, ``user_data``, ``evals``).

    ``file`` is a ``pathlib.Path``, ``FileUpload.from_path(...)``, bytes, a binary file object or a
    ``(filename, content[, content_type])`` tuple. ``expires_after`` is
    ``{"anchor": "created_at", "seconds": N}`` (``types.files.expires_after(N)``).
    ``on_progress(sent, total)`` reports the upload as it goes.
    """
    body = _params.body(locals(), ("purpose", "expires_after"))
    return session._session.request(
        "POST", "files", cast_to=FileObject, body=body, files={"file": file}, on_progress=on_progress,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list(
    session: SessionLike,
    /,
    *,
    after: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    purpose: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[FileObject]:
    """List the organization's files, newest first unless ``order="asc"``; ``purpose`` filters,
    ``limit`` (1 to 10,000) sizes the page and ``after`` is the cursor (a file id). Iterating the
    page walks the pages after it too (``page.data`` is this page only)."""
    query = _params.query(after=after, limit=limit, order=order, purpose=purpose)
    page: SyncCursorPage[FileObject] = session._session.get_page(
        "files", item_type=FileObject, query=query, extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )
    return page


def retrieve(
    session: SessionLike,
    /,
    file_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FileObject:
    """Look up one file by id."""
    return session._session.request(
        "GET", _file_path(file_id), cast_to=FileObject,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def delete(
    session: SessionLike,
    /,
    file_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FileDeleted:
    """Delete a file (and remove it from every vector store)."""
    return session._session.request(
        "DELETE", _file_path(file_id), cast_to=FileDeleted,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def content(
    session: SessionLike,
    /,
    file_id: str,
    *,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> BinaryResponse:
    """Download a file's content. The body stays on the wire until read:

        with client.files.content("file-abc") as content:
            content.write_to_file("results.jsonl")  # streamed, atomic via results.jsonl.part

    ``.content`` reads it into memory instead; ``on_progress(received, total)`` reports the download.
    """
    # ``application/binary``, as openai-python asks for file content.
    return session._session.download(
        "GET", f"{_file_path(file_id)}/content", on_progress=on_progress,
        extra_headers={"Accept": "application/binary", **(extra_headers or {})}, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )


def retrieve_content(
    session: SessionLike,
    /,
    file_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> str:
    """Deprecated (as in openai-python): the content as text, read into memory. Use ``content``."""
    warnings.warn("The `.content()` method should be used instead", DeprecationWarning, stacklevel=2)
    return session._session.request(
        "GET", f"{_file_path(file_id)}/content", cast_to=str,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def wait_for_processing(
    session: SessionLike,
    /,
    id: str,
    *,
    poll_interval: float = 5.0,
    max_wait_seconds: float = 1800,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FileObject:
    """Get the file ``id`` every ``poll_interval`` seconds until its status is ``processed``, ``error``
    or ``deleted``, and return it.

    Raises ``TimeoutError`` rather than wait past ``max_wait_seconds`` (openai-python raises
    ``RuntimeError`` there; ``TimeoutError`` says what happened). Waits use the session's retry
    clock and sleep (``RetryPolicy(clock=..., sleep=...)`` in tests).
    """
    # No poll-helper headers: openai-python sends none for files either.
    return poll_until_done(
        session._session.retry,
        lambda: retrieve(
            session, id, extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body,
            timeout=timeout,
        ),
        terminal=TERMINAL_STATUSES,
        describe=lambda file: f"File {id}",
        poll_interval_ms=poll_interval * 1000,
        max_wait_seconds=max_wait_seconds,
    )

