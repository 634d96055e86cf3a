"""``/fine_tuning``: jobs (create, retrieve, list, cancel, pause, resume, events, checkpoints, and
a wait-until-done helper) and the permissions of fine-tuned checkpoints.

API reference: https://platform.openai.com/docs/api-reference/fine-tuning. Parameters default to
``UNSET`` and are then not sent; an explicit ``None`` is sent as ``null``. ``method`` and
``hyperparameters`` are plain dicts in the spec's shape (``FineTuneMethod``).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.polling import poll_headers, poll_until_done
from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage, SyncPage
from ..types.fine_tuning import (
    FineTuningCheckpointPermission,
    FineTuningCheckpointPermissionDeleted,
    FineTuningJob,
    FineTuningJobCheckpoint,
    FineTuningJobEvent,
    FineTuningJobStatus,
)
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg

__all__ = [
    "cancel",
    "create",
    "create_permission",
    "delete_permission",
    "list",
    "list_checkpoints",
    "list_events",
    "list_permissions",
    "pause",
    "resume",
    "retrieve",
    "wait",
]

# Seconds between two gets of ``wait`` when neither the caller nor the server says.
DEFAULT_POLL_INTERVAL = 30.0


def _job_path(job_id: str, action: str = "") -> str:
    path = f"fine_tuning/jobs/{path_segment(job_id, 'fine_tuning_job_id')}"
    return f"{path}/{action}" if action else path


def create(
    session: SessionLike,
    /,
    *,
    model: str,
    training_file: str,
    hyperparameters: Union[Mapping[str, Any], UnsetType] = UNSET,
    integrations: Union[Optional[Iterable[Mapping[str, Any]]], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    method: Union[Mapping[str, Any], UnsetType] = UNSET,
    seed: Union[Optional[int], UnsetType] = UNSET,
    suffix: Union[Optional[str], UnsetType] = UNSET,
    validation_file: Union[Optional[str], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FineTuningJob:
    """Start a job that fine-tunes ``model`` on the uploaded JSONL ``training_file`` (purpose
    ``fine-tune``). ``method`` picks supervised, DPO or reinforcement training, e.g.
    ``{"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1}}}``; the top-level
    ``hyperparameters`` are deprecated in its favour."""
    body = _params.body(locals(), (
        "model", "training_file", "hyperparameters", "integrations", "metadata", "method", "seed", "suffix",
        "validation_file",
    ))
    return session._session.request(
        "POST", "fine_tuning/jobs", cast_to=FineTuningJob, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    fine_tuning_job_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FineTuningJob:
    """Get a job's current state."""
    return session._session.request(
        "GET", _job_path(fine_tuning_job_id), cast_to=FineTuningJob,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list(
    session: SessionLike,
    /,
    *,
    after: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[FineTuningJob]:
    """The organization's jobs, newest first; iterating the page walks every page. ``metadata``
    filters on ``metadata[key]=value`` pairs."""
    query = _params.query(after=after, limit=limit, metadata=metadata)
    page: SyncCursorPage[FineTuningJob] = session._session.get_page(
        "fine_tuning/jobs", item_type=FineTuningJob, query=query,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def cancel(
    session: SessionLike,
    /,
    fine_tuning_job_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FineTuningJob:
    """Cancel a job that has not finished; returns it in its new state."""
    return _post_action(
        session, fine_tuning_job_id, "cancel", extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )


def pause(
    session: SessionLike,
    /,
    fine_tuning_job_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FineTuningJob:
    """Pause a running job; ``resume`` continues it."""
    return _post_action(
        session, fine_tuning_job_id, "pause", extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )


def resume(
    session: SessionLike,
    /,
    fine_tuning_job_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FineTuningJob:
    """Resume a paused job."""
    return _post_action(
        session, fine_tuning_job_id, "resume", extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )


def _post_action(
    session: SessionLike, job_id: str, action: str, *, extra_headers: Headers, extra_query: Headers,
    extra_body: Body, timeout: TimeoutArg,
) -> FineTuningJob:
    return session._session.request(
        "POST", _job_path(job_id, action), cast_to=FineTuningJob,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list_events(
    session: SessionLike,
    /,
    fine_tuning_job_id: str,
    *,
    after: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[FineTuningJobEvent]:
    """A job's log, newest first (iterating walks every page)."""
    page: SyncCursorPage[FineTuningJobEvent] = session._session.get_page(
        _job_path(fine_tuning_job_id, "events"), item_type=FineTuningJobEvent,
        query=_params.query(after=after, limit=limit), extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )
    return page


def list_checkpoints(
    session: SessionLike,
    /,
    fine_tuning_job_id: str,
    *,
    after: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[FineTuningJobCheckpoint]:
    """The checkpoints a job saved, with their training metrics."""
    page: SyncCursorPage[FineTuningJobCheckpoint] = session._session.get_page(
        _job_path(fine_tuning_job_id, "checkpoints"), item_type=FineTuningJobCheckpoint,
        query=_params.query(after=after, limit=limit), extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )
    return page


def wait(
    session: SessionLike,
    /,
    fine_tuning_job_id: str,
    *,
    poll_interval: Optional[float] = None,
    max_wait_seconds: Optional[float] = None,
    extra_headers: Headers = None,
    timeout: TimeoutArg = UNSET,
) -> FineTuningJob:
    """Poll a job until it succeeds, fails or is cancelled, and return it. Between two gets it
    waits ``poll_interval`` seconds if given, else what the server asks for in
    ``openai-poll-after-ms``, else 30 s. Raises ``TimeoutError`` once ``max_wait_seconds``
    (``None``: no limit) have passed, after a last look at the deadline; the job goes on running
    on the server. The clock and sleep are the session's retry policy's."""
    if poll_interval is not None and poll_interval <= 0:
        raise ValueError("poll_interval must be a positive number of seconds")
    interval_ms = None if poll_interval is None else poll_interval * 1000
    headers = poll_headers(interval_ms, extra_headers)
    return poll_until_done(
        session._session.retry,
        lambda: retrieve(session, fine_tuning_job_id, extra_headers=headers, timeout=timeout),
        terminal=FineTuningJobStatus.TERMINAL,
        describe=lambda job: f"Fine-tuning job {fine_tuning_job_id}",
        poll_interval_ms=interval_ms,
        max_wait_seconds=max_wait_seconds,
        default_interval_ms=DEFAULT_POLL_INTERVAL * 1000,
    )


def _permissions_path(checkpoint: str, permission_id: str = "") -> str:
    path = f"fine_tuning/checkpoints/{path_segment(checkpoint, 'fine_tuned_model_checkpoint')}/permissions"
    return f"{path}/{path_segment(permission_id, 'permission_id')}" if permission_id else path


def create_permission(
    session: SessionLike,
    /,
    fine_tuned_model_checkpoint: str,
    *,
    project_ids: Iterable[str],
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncPage[FineTuningCheckpointPermission]:
    """Let the projects ``project_ids`` use a checkpoint; returns the permissions made."""
    if isinstance(project_ids, str):
        raise TypeError("project_ids must be a list of project ids, not one string")
    page: SyncPage[FineTuningCheckpointPermission] = session._session.request(
        "POST", _permissions_path(fine_tuned_model_checkpoint), cast_to=SyncPage[FineTuningCheckpointPermission],
        body=_params.body(locals(), ("project_ids",)),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def list_permissions(
    session: SessionLike,
    /,
    fine_tuned_model_checkpoint: str,
    *,
    project_id: Union[str, UnsetType] = UNSET,
    after: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[FineTuningCheckpointPermission]:
    """The projects allowed to use a checkpoint (``order``: ``ascending`` or ``descending``)."""
    page: SyncCursorPage[FineTuningCheckpointPermission] = session._session.get_page(
        _permissions_path(fine_tuned_model_checkpoint), item_type=FineTuningCheckpointPermission,
        query=_params.query(project_id=project_id, after=after, limit=limit, order=order),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def delete_permission(
    session: SessionLike,
    /,
    permission_id: str,
    *,
    fine_tuned_model_checkpoint: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> FineTuningCheckpointPermissionDeleted:
    """Withdraw one project's permission to use a checkpoint."""
    return session._session.request(
        "DELETE", _permissions_path(fine_tuned_model_checkpoint, permission_id),
        cast_to=FineTuningCheckpointPermissionDeleted,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )

