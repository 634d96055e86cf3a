"""``/threads/{thread_id}/runs/{run_id}/steps`` (Assistants API v2, beta): list and retrieve run steps.

API reference: https://platform.openai.com/docs/api-reference/run-steps. A step is a message the
run made or tools it called (``types.runs.RunStep``). ``include`` takes
``types.runs.RunStepInclude`` values (file search result content), sent as ``include[]=...``.
The beta header and parameter rules are those of ``resources.assistants``.
"""

from __future__ import annotations

from typing import Sequence, Union

from msgspec import UNSET, UnsetType

from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage
from ..types.runs import RunStep
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg, beta_headers
from .runs import run_path

__all__ = ["list", "retrieve"]


def list(
    session: SessionLike,
    /,
    run_id: str,
    *,
    thread_id: str,
    after: Union[str, UnsetType] = UNSET,
    before: Union[str, UnsetType] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[RunStep]:
    """List the steps of a run; iterating the page walks every page
    (https://platform.openai.com/docs/api-reference/run-steps/listRunSteps)."""
    page: SyncCursorPage[RunStep] = session._session.get_page(
        f"{run_path(thread_id, run_id)}/steps", item_type=RunStep,
        query=_params.query(after=after, before=before, limit=limit, order=order, include=include),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def retrieve(
    session: SessionLike,
    /,
    step_id: str,
    *,
    thread_id: str,
    run_id: str,
    include: Union[Sequence[str], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> RunStep:
    """Get a run step (https://platform.openai.com/docs/api-reference/run-steps/getRunStep)."""
    return session._session.request(
        "GET", f"{run_path(thread_id, run_id)}/steps/{path_segment(step_id, 'step_id')}", cast_to=RunStep,
        query=_params.query(include=include), extra_headers=beta_headers(extra_headers), extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )
