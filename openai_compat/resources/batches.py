"""``/batches``: run many requests at half price within 24 hours, from an uploaded JSONL file.

API reference: https://platform.openai.com/docs/api-reference/batch. The usual flow: write the
input file with ``openai_compat.batch_jsonl.BatchInputWriter``, upload it with
``files.create(purpose="batch")``, ``create`` the batch, ``wait`` for it, then read the output and
error files back with ``batch_jsonl.read_batch_results``. Parameters default to ``UNSET`` and are
then not sent; an explicit ``None`` is sent as ``null``.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.polling import poll_headers, poll_until_done
from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage
from ..types.batches import TERMINAL_STATUSES, Batch
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg

__all__ = ["cancel", "create", "list", "retrieve", "wait"]


# Batches take minutes to hours: without a server hint, asking every 10 s is plenty (openai-python
# has no batch poller; its other pollers default to 1 s).
DEFAULT_POLL_INTERVAL = 10.0
# The completion window is 24 h, after which the batch ends as ``expired``; an hour more covers
# the finalizing and cancelling stages.
DEFAULT_MAX_WAIT_SECONDS = 25 * 3600.0


def _batch_path(batch_id: str) -> str:
    return f"batches/{path_segment(batch_id, 'batch_id')}"


def create(
    session: SessionLike,
    /,
    *,
    completion_window: str,
    endpoint: str,
    input_file_id: str,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    output_expires_after: Union[Mapping[str, Any], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Batch:
    """Create and start a batch from an uploaded file of requests
    (https://platform.openai.com/docs/api-reference/batch/create).

    ``completion_window`` is ``"24h"``; ``endpoint`` one of ``types.batches.BatchEndpoint`` (with
    ``/v1``); ``input_file_id`` a file uploaded with ``purpose="batch"``. ``output_expires_after``
    is ``{"anchor": "created_at", "seconds": N}`` (3600 to 2592000) for the output and error files.
    """
    body = _params.body(
        locals(), ("completion_window", "endpoint", "input_file_id", "metadata", "output_expires_after")
    )
    return session._session.request(
        "POST", "batches", cast_to=Batch, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    batch_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Batch:
    """Get a batch (https://platform.openai.com/docs/api-reference/batch/retrieve)."""
    return session._session.request(
        "GET", _batch_path(batch_id), cast_to=Batch,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def cancel(
    session: SessionLike,
    /,
    batch_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Batch:
    """Cancel a batch: it stays ``cancelling`` for up to 10 minutes, then ``cancelled`` with the
    results finished so far in its output file (https://platform.openai.com/docs/api-reference/batch/cancel)."""
    return session._session.request(
        "POST", f"{_batch_path(batch_id)}/cancel", cast_to=Batch,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list(
    session: SessionLike,
    /,
    *,
    after: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[Batch]:
    """The organization's batches, newest first, a page at a time (``limit`` 1 to 100, default 20);
    iterating the page walks all of them (https://platform.openai.com/docs/api-reference/batch/list)."""
    page: SyncCursorPage[Batch] = session._session.get_page(
        "batches", item_type=Batch, page_cls=SyncCursorPage, query=_params.query(after=after, limit=limit),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def wait(
    session: SessionLike,
    /,
    batch_id: str,
    *,
    poll_interval: Optional[float] = None,
    max_wait_seconds: Optional[float] = DEFAULT_MAX_WAIT_SECONDS,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Batch:
    """Get the batch until its ``status`` is terminal (completed, failed, expired or cancelled)
    and return it; check ``status`` and ``output_file_id`` / ``error_file_id`` then.

    Between two gets it waits ``poll_interval`` seconds if given, else what the server asks for in
    ``openai-poll-after-ms``, else 10 s. ``max_wait_seconds`` bounds the whole wait (``None``: no
    bound): ``TimeoutError`` rather than a sleep past it. The clock and sleep are the session's
    (``RetryPolicy(clock=..., sleep=...)``), so tests need not wait.
    """
    interval_ms = None if poll_interval is None else poll_interval * 1000
    headers = poll_headers(interval_ms, extra_headers)
    return poll_until_done(
        session._session.retry,
        lambda: retrieve(
            session, batch_id, extra_headers=headers, extra_query=extra_query, extra_body=extra_body,
            timeout=timeout,
        ),
        terminal=TERMINAL_STATUSES,
        describe=lambda batch: _describe(batch_id, batch),
        poll_interval_ms=interval_ms,
        max_wait_seconds=max_wait_seconds,
        default_interval_ms=DEFAULT_POLL_INTERVAL * 1000,
    )


def _describe(batch_id: str, batch: Batch) -> str:
    counts = batch.request_counts
    done = f" ({counts.completed + counts.failed} of {counts.total} requests done)" if counts else ""
    return f"Batch {batch_id}{done}"
