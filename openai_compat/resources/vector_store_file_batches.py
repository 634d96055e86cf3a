"""``/vector_stores/{id}/file_batches``: attach many files to a vector store in one call.

API reference: https://platform.openai.com/docs/api-reference/vector-stores-file-batches. A batch
takes up to 2000 uploaded files (``file_ids``, or ``files`` with per-file ``attributes`` and
``chunking_strategy``); ``poll`` waits until all are processed, ``create_and_poll`` creates and
waits, and ``upload_and_poll`` first uploads local files on a bounded thread pool
(``max_concurrency=5`` by default, as openai-python), then creates the batch and waits.
"""

from __future__ import annotations

import builtins
import os
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from msgspec import UNSET, UnsetType

from .._core.polling import check_poll_args, poll_headers, poll_until_done
from .._core.urls import path_segment
from .._errors import OpenAIError
from ..types._pagination import SyncCursorPage
from ..types.vector_store_files import TERMINAL_STATUSES, VectorStoreFile, VectorStoreFileBatch
from ..types.vector_store_params import ChunkingStrategyParam
from ..types.vector_stores import AttributeValue
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg, beta_headers
from .vector_stores import vector_store_path

if TYPE_CHECKING:
    from .._uploads.files import FileInput, FileUpload
    from ..types.files import FileObject

__all__ = ["FileBatchUploadError", "cancel", "create", "create_and_poll", "list_files", "poll", "retrieve",
           "upload_and_poll"]

Attributes = Union[Optional[Mapping[str, AttributeValue]], UnsetType]
# One entry of ``files``: ``{"file_id": ..., "attributes": {...}, "chunking_strategy": {...}}``.
BatchFileParam = Mapping[str, Any]


class FileBatchUploadError(OpenAIError):
    """``upload_and_poll`` could not upload one of its files, so no batch was created.

    The uploads not started yet were dropped; those already under way were let finish (an HTTP
    upload cannot be stopped half-way safely). ``uploaded`` lists the files that did reach
    ``/files``: they are not attached to the vector store; pass their ids as ``file_ids`` to a new
    call, or delete them. ``__cause__`` is the first failure (by position in ``files``).
    """

    def __init__(
        self, vector_store_id: str, failures: Sequence[Tuple[int, str, BaseException]],
        uploaded: Sequence[FileObject], not_started: int,
    ) -> None:
        index, filename, error = failures[0]
        more = f" ({len(failures) - 1} more upload(s) failed too)" if len(failures) > 1 else ""
        kept = ", ".join(file.id for file in uploaded) or "none"
        super().__init__(
            f"Uploading files[{index}] ({filename!r}) for vector store {vector_store_id} failed: "
            f"{type(error).__name__}: {error}{more}. No file batch was created; {not_started} upload(s) "
            f"were not started; files uploaded but not attached: {kept}."
        )
        self.vector_store_id = vector_store_id
        self.index, self.filename = index, filename
        self.failures = builtins.list(failures)
        self.uploaded = builtins.list(uploaded)
        self.not_started = not_started

    def __reduce__(self) -> Tuple[Any, ...]:
        # Errors cross processes by pickle (Celery, multiprocessing), and this constructor cannot be
        # re-called from ``args``: restore the state instead.
        return (_restore_error, (type(self), self.args, self.__dict__))


def _restore_error(cls: type[FileBatchUploadError], args: Tuple[Any, ...], state: Dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def _batch_path(vector_store_id: str, batch_id: str) -> str:
    return f"{vector_store_path(vector_store_id)}/file_batches/{path_segment(batch_id, 'batch_id')}"


def create(
    session: SessionLike,
    /,
    vector_store_id: str,
    *,
    file_ids: Union[Sequence[str], UnsetType] = UNSET,
    files: Union[Sequence[BatchFileParam], UnsetType] = UNSET,
    attributes: Attributes = UNSET,
    chunking_strategy: Union[ChunkingStrategyParam, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFileBatch:
    """Attach uploaded files to a vector store in one batch
    (https://platform.openai.com/docs/api-reference/vector-stores-file-batches/createBatch).

    Give ``file_ids`` (``attributes`` and ``chunking_strategy`` then apply to all of them) or
    ``files``, dicts of ``file_id`` with their own ``attributes``/``chunking_strategy``
    (``types.vector_store_params.batch_file``); the spec makes the two mutually exclusive.
    """
    if file_ids is UNSET and files is UNSET:
        raise ValueError("give file_ids or files: a file batch needs at least one file")
    if files is not UNSET:
        files = [dict(entry) for entry in files]
    body = _params.body(locals(), ("file_ids", "files", "attributes", "chunking_strategy"))
    return session._session.request(
        "POST", f"{vector_store_path(vector_store_id)}/file_batches", cast_to=VectorStoreFileBatch, body=body,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    batch_id: str,
    *,
    vector_store_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFileBatch:
    """Get a file batch (https://platform.openai.com/docs/api-reference/vector-stores-file-batches/getBatch)."""
    return session._session.request(
        "GET", _batch_path(vector_store_id, batch_id), cast_to=VectorStoreFileBatch,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def cancel(
    session: SessionLike,
    /,
    batch_id: str,
    *,
    vector_store_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFileBatch:
    """Cancel a file batch: files not processed yet are left out, as soon as possible
    (https://platform.openai.com/docs/api-reference/vector-stores-file-batches/cancelBatch)."""
    return session._session.request(
        "POST", f"{_batch_path(vector_store_id, batch_id)}/cancel", cast_to=VectorStoreFileBatch,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list_files(
    session: SessionLike,
    /,
    batch_id: str,
    *,
    vector_store_id: str,
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
    """The files of a batch, a page at a time; ``filter`` keeps one status. Iterating the page
    walks all of them (https://platform.openai.com/docs/api-reference/vector-stores-file-batches/listBatchFiles)."""
    page: SyncCursorPage[VectorStoreFile] = session._session.get_page(
        f"{_batch_path(vector_store_id, batch_id)}/files", item_type=VectorStoreFile,
        query=_params.query(after=after, before=before, filter=filter, limit=limit, order=order),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def poll(
    session: SessionLike,
    /,
    batch_id: str,
    *,
    vector_store_id: str,
    poll_interval_ms: Optional[int] = None,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFileBatch:
    """Get the batch until its ``status`` is ``completed``, ``failed`` or ``cancelled``, and return it.

    Waits ``poll_interval_ms`` between gets if given, else what the server asks for
    (``openai-poll-after-ms``), else one second; raises ``TimeoutError`` once ``max_wait_seconds``
    have passed (no limit by default). ``file_counts`` says how many files failed.
    """
    headers = poll_headers(poll_interval_ms, extra_headers)
    return poll_until_done(
        session._session.retry,
        lambda: retrieve(
            session, batch_id, vector_store_id=vector_store_id, extra_headers=headers, extra_query=extra_query,
            extra_body=extra_body, timeout=timeout,
        ),
        describe=lambda batch: f"File batch {batch_id} of vector store {vector_store_id}",
        terminal=TERMINAL_STATUSES,
        poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds,
    )


def create_and_poll(
    session: SessionLike,
    /,
    vector_store_id: str,
    *,
    file_ids: Union[Sequence[str], UnsetType] = UNSET,
    files: Union[Sequence[BatchFileParam], UnsetType] = UNSET,
    attributes: Attributes = UNSET,
    chunking_strategy: Union[ChunkingStrategyParam, UnsetType] = UNSET,
    poll_interval_ms: Optional[int] = None,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFileBatch:
    """``create`` then ``poll``: attach the files and wait until all are processed."""
    check_poll_args(poll_interval_ms, max_wait_seconds)
    batch = create(
        session, vector_store_id, file_ids=file_ids, files=files, attributes=attributes,
        chunking_strategy=chunking_strategy, extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )
    if batch.status in TERMINAL_STATUSES:
        return batch
    return poll(
        session, batch.id, vector_store_id=vector_store_id, poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds, extra_headers=extra_headers, extra_query=extra_query, timeout=timeout,
    )


def upload_and_poll(
    session: SessionLike,
    /,
    vector_store_id: str,
    *,
    files: Sequence[FileInput],
    max_concurrency: int = 5,
    file_ids: Sequence[str] = (),
    attributes: Attributes = UNSET,
    chunking_strategy: Union[ChunkingStrategyParam, UnsetType] = UNSET,
    poll_interval_ms: Optional[int] = None,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreFileBatch:
    """Upload ``files`` (purpose ``assistants``, at most ``max_concurrency`` at a time), then create
    a batch of them and of the already uploaded ``file_ids``, and wait until it is processed.

    Every entry of ``files`` is checked before the first upload starts. If an upload fails, the
    ones not started are dropped and ``FileBatchUploadError`` says which file failed and which were
    uploaded anyway. ``max_wait_seconds`` bounds the wait after the uploads.
    """
    from .._uploads.files import to_file_upload

    check_poll_args(poll_interval_ms, max_wait_seconds)
    if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int) or max_concurrency < 1:
        raise ValueError(f"max_concurrency must be a positive integer, got {max_concurrency!r}")
    if isinstance(file_ids, str):
        raise TypeError("file_ids takes a list of file ids, not one str")
    uploads = [to_file_upload(file, f"files[{index}]") for index, file in enumerate(_file_list(files))]
    if not uploads and not file_ids:
        raise ValueError("give files or file_ids: a file batch needs at least one file")
    uploaded = _upload_all(
        session, vector_store_id, uploads, max_concurrency, extra_headers=extra_headers, timeout=timeout
    )
    return create_and_poll(
        session, vector_store_id, file_ids=[*file_ids, *(file.id for file in uploaded)], attributes=attributes,
        chunking_strategy=chunking_strategy, poll_interval_ms=poll_interval_ms, max_wait_seconds=max_wait_seconds,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def _file_list(files: Any) -> List[Any]:
    # One file where a list of them is expected would otherwise be iterated (bytes by byte, a
    # ``(name, content)`` tuple as two "files"): refuse it with a clear message.
    single = isinstance(files, (str, bytes, bytearray, memoryview, os.PathLike)) or hasattr(files, "read")
    if single or (isinstance(files, tuple) and files and isinstance(files[0], str)):
        raise TypeError(f"files takes a list of files, got a single {type(files).__name__}: wrap it in [...]")
    return builtins.list(files)


def _upload_all(
    session: SessionLike, vector_store_id: str, uploads: List[FileUpload], max_concurrency: int, *,
    extra_headers: Headers, timeout: TimeoutArg,
) -> List[FileObject]:
    """Upload every file on a pool of ``max_concurrency`` threads (the session is thread-safe);
    the results keep the order of ``uploads``.

    Uploads are handed to the pool one at a time, as earlier ones finish, rather than queued all
    at once: after the first failure no new upload starts, and nothing is left queued to cancel.
    """
    if not uploads:
        return []
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    from .files import create as upload_file

    waiting = iter(enumerate(uploads))
    running: Dict[Future[FileObject], int] = {}
    uploaded: Dict[int, FileObject] = {}
    failures: List[Tuple[int, str, BaseException]] = []
    # Leaving the ``with`` waits for the uploads in flight (also on Ctrl-C): none outlives the call.
    with ThreadPoolExecutor(min(max_concurrency, len(uploads)), thread_name_prefix="vector-store-upload") as pool:

        def start_next() -> None:
            entry = next(waiting, None)
            if entry is not None:
                future = pool.submit(
                    upload_file, session, file=entry[1], purpose="assistants", extra_headers=extra_headers,
                    timeout=timeout,
                )
                running[future] = entry[0]

        for _ in range(max_concurrency):
            start_next()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                index = running.pop(future)
                error = future.exception()
                if error is None:
                    uploaded[index] = future.result()
                else:
                    failures.append((index, uploads[index].filename, error))
            if not failures:  # decided after all finished uploads are counted, failures included
                for _ in done:
                    start_next()
    if failures:
        failures.sort(key=lambda failure: failure[0])
        not_started = len(uploads) - len(uploaded) - len(failures)
        done_files = [uploaded[index] for index in sorted(uploaded)]
        raise FileBatchUploadError(vector_store_id, failures, done_files, not_started) from failures[0][2]
    return [uploaded[index] for index in range(len(uploads))]
