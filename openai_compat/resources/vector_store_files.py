"""``/vector_stores/{id}/files``: attach files to a vector store, look at them, detach them.

API reference: https://platform.openai.com/docs/api-reference/vector-stores-files. Attaching a file
starts processing it (chunking, embedding); ``poll`` waits until that ends, ``create_and_poll``
attaches and waits, ``upload`` uploads through ``files.create`` (purpose ``assistants``) and
attaches, ``upload_and_poll`` also waits. Polling is the one loop of ``_core/polling.py``. To
attach many files, ``vector_store_file_batches`` does it in one call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.polling import check_poll_args, poll_headers, poll_until_done
from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage
from ..types.vector_store_files import (
    TERMINAL_STATUSES,
    VectorStoreFile,
    VectorStoreFileContentPage,
    VectorStoreFileDeleted,
)
from ..types.vector_store_params import ChunkingStrategyParam
from ..types.vector_stores import AttributeValue
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg, beta_headers
from .vector_stores import vector_store_path

if TYPE_CHECKING:
    from .._uploads.files import FileInput
    from .._uploads.progress import ProgressCallback

__all__ = [
    "content",
    "create",
    "create_and_poll",
    "delete",
    "list",
    "poll",
    "retrieve",
    "update",
    "upload",
    "upload_and_poll",
]

Attributes = Union[Optional[Mapping[str, AttributeValue]], UnsetType]


def _file_path(vector_store_id: str, file_id: str) -> str:
    return f"{vector_store_path(vector_store_id)}/files/{path_segment(file_id, 'file_id')}"


def create(
    session: SessionLike,
    /,
    vector_store_id: str,
    *,
    file_id: str,
    attributes: Attributes = UNSET,
    chunking_strategy: Union[ChunkingStrategyParam, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFile:
    """Attach an uploaded file to a vector store; processing starts, ``status`` is ``in_progress``
    (https://platform.openai.com/docs/api-reference/vector-stores-files/createFile). ``attributes``
    (up to 16 str/number/bool values) are what search ``filters`` compare."""
    body = _params.body(locals(), ("file_id", "attributes", "chunking_strategy"))
    return session._session.request(
        "POST", f"{vector_store_path(vector_store_id)}/files", cast_to=VectorStoreFile, body=body,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    file_id: str,
    *,
    vector_store_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFile:
    """Get a file of a vector store (https://platform.openai.com/docs/api-reference/vector-stores-files/getFile)."""
    return session._session.request(
        "GET", _file_path(vector_store_id, file_id), cast_to=VectorStoreFile,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def update(
    session: SessionLike,
    /,
    file_id: str,
    *,
    vector_store_id: str,
    attributes: Optional[Mapping[str, AttributeValue]],
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFile:
    """Replace a file's ``attributes`` (``None`` clears them)
    (https://platform.openai.com/docs/api-reference/vector-stores-files/updateAttributes)."""
    return session._session.request(
        "POST", _file_path(vector_store_id, file_id), cast_to=VectorStoreFile,
        body=_params.body(locals(), ("attributes",)),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def delete(
    session: SessionLike,
    /,
    file_id: str,
    *,
    vector_store_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFileDeleted:
    """Detach a file from a vector store; the file stays in ``/files`` (``files.delete`` removes it)
    (https://platform.openai.com/docs/api-reference/vector-stores-files/deleteFile)."""
    return session._session.request(
        "DELETE", _file_path(vector_store_id, file_id), cast_to=VectorStoreFileDeleted,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list(
    session: SessionLike,
    /,
    vector_store_id: str,
    *,
    after: Union[str, UnsetType] = UNSET,
    before: Union[str, UnsetType] = UNSET,
    filter: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[VectorStoreFile]:
    """A vector store's files, a page of ``limit`` (default 20) at a time, newest first unless
    ``order="asc"``; ``filter`` keeps one status (``VectorStoreFileStatus``). Iterating the page
    walks all of them (https://platform.openai.com/docs/api-reference/vector-stores-files/listFiles)."""
    page: SyncCursorPage[VectorStoreFile] = session._session.get_page(
        f"{vector_store_path(vector_store_id)}/files", item_type=VectorStoreFile,
        query=_params.query(after=after, before=before, filter=filter, limit=limit, order=order),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def content(
    session: SessionLike,
    /,
    file_id: str,
    *,
    vector_store_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFileContentPage:
    """A processed file's parsed text; iterate the answer for its pieces
    (https://platform.openai.com/docs/api-reference/vector-stores-files/getContent)."""
    return session._session.request(
        "GET", f"{_file_path(vector_store_id, file_id)}/content", cast_to=VectorStoreFileContentPage,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def poll(
    session: SessionLike,
    /,
    file_id: str,
    *,
    vector_store_id: str,
    poll_interval_ms: Optional[int] = None,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFile:
    """Get the file until its ``status`` is ``completed``, ``failed`` or ``cancelled``, and return it.

    Waits ``poll_interval_ms`` between gets if given, else what the server asks for
    (``openai-poll-after-ms``), else one second; raises ``TimeoutError`` once ``max_wait_seconds``
    have passed (no limit by default). A ``failed`` file is returned, not raised: see ``last_error``.
    """
    headers = poll_headers(poll_interval_ms, extra_headers)
    return poll_until_done(
        session._session.retry,
        lambda: retrieve(
            session, file_id, vector_store_id=vector_store_id, extra_headers=headers, extra_query=extra_query,
            extra_body=extra_body, timeout=timeout,
        ),
        describe=lambda file: f"File {file_id} of vector store {vector_store_id}",
        terminal=TERMINAL_STATUSES,
        poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds,
    )


def create_and_poll(
    session: SessionLike,
    /,
    file_id: str,
    *,
    vector_store_id: str,
    attributes: Attributes = UNSET,
    chunking_strategy: Union[ChunkingStrategyParam, UnsetType] = UNSET,
    poll_interval_ms: Optional[int] = None,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFile:
    """``create`` then ``poll``: attach an uploaded file and wait until it is processed."""
    check_poll_args(poll_interval_ms, max_wait_seconds)
    created = create(
        session, vector_store_id, file_id=file_id, attributes=attributes, chunking_strategy=chunking_strategy,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    if created.status in TERMINAL_STATUSES:  # already done (small files can be): no need to get it again
        return created
    return poll(
        session, file_id, vector_store_id=vector_store_id, poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds, extra_headers=extra_headers, extra_query=extra_query, timeout=timeout,
    )


def upload(
    session: SessionLike,
    /,
    *,
    vector_store_id: str,
    file: FileInput,
    attributes: Attributes = UNSET,
    chunking_strategy: Union[ChunkingStrategyParam, UnsetType] = UNSET,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFile:
    """Upload ``file`` with ``files.create`` (purpose ``assistants``), then attach it to the vector
    store (processing starts). ``file`` takes what ``files.create`` takes; ``on_progress(sent,
    total)`` reports the upload. ``extra_query``/``extra_body`` go to the attach call only."""
    from .files import create as upload_file  # the Files API is imported when first used

    uploaded = upload_file(
        session, file=file, purpose="assistants", on_progress=on_progress, extra_headers=extra_headers,
        timeout=timeout,
    )
    return create(
        session, vector_store_id, file_id=uploaded.id, attributes=attributes, chunking_strategy=chunking_strategy,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def upload_and_poll(
    session: SessionLike,
    /,
    *,
    vector_store_id: str,
    file: FileInput,
    attributes: Attributes = UNSET,
    chunking_strategy: Union[ChunkingStrategyParam, UnsetType] = UNSET,
    poll_interval_ms: Optional[int] = None,
    max_wait_seconds: Optional[float] = None,
    on_progress: Optional[ProgressCallback] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFile:
    """``upload`` then ``poll``: upload a file, attach it and wait until it is processed
    (``max_wait_seconds`` bounds the wait after the upload)."""
    check_poll_args(poll_interval_ms, max_wait_seconds)
    attached = upload(
        session, vector_store_id=vector_store_id, file=file, attributes=attributes,
        chunking_strategy=chunking_strategy, on_progress=on_progress, extra_headers=extra_headers,
        extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    if attached.status in TERMINAL_STATUSES:
        return attached
    return poll(
        session, attached.id, vector_store_id=vector_store_id, poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds, extra_headers=extra_headers, extra_query=extra_query, timeout=timeout,
    )
