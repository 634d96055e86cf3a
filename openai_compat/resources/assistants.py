"""``/assistants`` (Assistants API v2, beta): create, retrieve, update, list and delete assistants.

API reference: https://platform.openai.com/docs/api-reference/assistants. Every call of the
Assistants API (here and in ``threads``, ``messages``, ``runs``) sends ``OpenAI-Beta: assistants=v2``,
as openai-python does per resource; a caller's ``extra_headers`` still win, and
``{"OpenAI-Beta": None}`` removes it. Parameters default to ``UNSET`` and are then not sent; an
explicit ``None`` is sent as ``null``. Tools, tool resources and response formats are dicts in the
spec's shapes (or objects from an earlier answer, sent back unchanged).
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage
from ..types.assistants import Assistant, AssistantDeleted
from . import _params
from ._params import Body, Headers, Param, SessionLike, TimeoutArg, beta_headers

__all__ = ["create", "delete", "list", "retrieve", "update"]


_FIELDS = (
    "model", "description", "instructions", "metadata", "name", "reasoning_effort", "response_format",
    "temperature", "tool_resources", "tools", "top_p",
)


def _assistant_path(assistant_id: str) -> str:
    return f"assistants/{path_segment(assistant_id, 'assistant_id')}"


def create(
    session: SessionLike,
    /,
    *,
    model: str,
    description: Union[Optional[str], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    name: Union[Optional[str], UnsetType] = UNSET,
    reasoning_effort: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[str, Param, UnsetType, None] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_resources: Union[Optional[Param], UnsetType] = UNSET,
    tools: Union[Iterable[Param], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Assistant:
    """Create an assistant (https://platform.openai.com/docs/api-reference/assistants/createAssistant)."""
    return session._session.request(
        "POST", "assistants", cast_to=Assistant, body=_params.body(locals(), _FIELDS),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    assistant_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Assistant:
    """Get an assistant (https://platform.openai.com/docs/api-reference/assistants/getAssistant)."""
    return session._session.request(
        "GET", _assistant_path(assistant_id), cast_to=Assistant,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def update(
    session: SessionLike,
    /,
    assistant_id: str,
    *,
    model: Union[str, UnsetType] = UNSET,
    description: Union[Optional[str], UnsetType] = UNSET,
    instructions: Union[Optional[str], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    name: Union[Optional[str], UnsetType] = UNSET,
    reasoning_effort: Union[Optional[str], UnsetType] = UNSET,
    response_format: Union[str, Param, UnsetType, None] = UNSET,
    temperature: Union[Optional[float], UnsetType] = UNSET,
    tool_resources: Union[Optional[Param], UnsetType] = UNSET,
    tools: Union[Iterable[Param], UnsetType] = UNSET,
    top_p: Union[Optional[float], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Assistant:
    """Change an assistant; only the parameters given are sent
    (https://platform.openai.com/docs/api-reference/assistants/modifyAssistant)."""
    return session._session.request(
        "POST", _assistant_path(assistant_id), cast_to=Assistant, body=_params.body(locals(), _FIELDS),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list(
    session: SessionLike,
    /,
    *,
    after: Union[str, UnsetType] = UNSET,
    before: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[Assistant]:
    """List assistants, newest first unless ``order="asc"``; iterating the page walks every page
    (https://platform.openai.com/docs/api-reference/assistants/listAssistants)."""
    page: SyncCursorPage[Assistant] = session._session.get_page(
        "assistants", item_type=Assistant, query=_params.query(after=after, before=before, limit=limit, order=order),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def delete(
    session: SessionLike,
    /,
    assistant_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> AssistantDeleted:
    """Delete an assistant (https://platform.openai.com/docs/api-reference/assistants/deleteAssistant)."""
    return session._session.request(
        "DELETE", _assistant_path(assistant_id), cast_to=AssistantDeleted,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
