"""``/chat/completions`` stored completions: get, update, list and delete the completions created
with ``store=True``, and list their messages (https://platform.openai.com/docs/api-reference/chat).
Kept apart from ``chat.py``, whose ``create`` overloads fill a module of their own.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage
from ..types.chat import ChatCompletion, ChatCompletionDeleted, ChatCompletionStoreMessage
from . import _params
from ._params import SessionLike

__all__ = ["delete", "list", "list_messages", "retrieve", "update"]


def retrieve(
    session: SessionLike,
    /,
    completion_id: str,
    *,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ChatCompletion:
    """Get a stored completion (https://platform.openai.com/docs/api-reference/chat/get)."""
    return session._session.request(
        "GET", f"chat/completions/{path_segment(completion_id, 'completion_id')}", cast_to=ChatCompletion,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def update(
    session: SessionLike,
    /,
    completion_id: str,
    *,
    metadata: Optional[Mapping[str, str]],
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ChatCompletion:
    """Replace the metadata of a stored completion (https://platform.openai.com/docs/api-reference/chat/update)."""
    return session._session.request(
        "POST", f"chat/completions/{path_segment(completion_id, 'completion_id')}", cast_to=ChatCompletion,
        body=_params.body(locals(), ("metadata",)),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def delete(
    session: SessionLike,
    /,
    completion_id: str,
    *,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ChatCompletionDeleted:
    """Delete a stored completion (https://platform.openai.com/docs/api-reference/chat/delete)."""
    return session._session.request(
        "DELETE", f"chat/completions/{path_segment(completion_id, 'completion_id')}", cast_to=ChatCompletionDeleted,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list_messages(
    session: SessionLike,
    /,
    completion_id: str,
    *,
    after: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> SyncCursorPage[ChatCompletionStoreMessage]:
    """The messages of a stored completion, a page at a time; iterating the page walks all of them
    (https://platform.openai.com/docs/api-reference/chat/getMessages)."""
    page: SyncCursorPage[ChatCompletionStoreMessage] = session._session.get_page(
        f"chat/completions/{path_segment(completion_id, 'completion_id')}/messages",
        item_type=ChatCompletionStoreMessage,
        query=_params.query(after=after, limit=limit, order=order),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


# Defined last: from here on ``list`` in this module is this function, not the builtin.
def list(
    session: SessionLike,
    /,
    *,
    after: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    metadata: Union[Mapping[str, str], UnsetType] = UNSET,
    model: Union[str, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> SyncCursorPage[ChatCompletion]:
    """Stored completions, a page at a time; iterating the page walks all of them
    (https://platform.openai.com/docs/api-reference/chat/list). ``metadata`` filters by key and value."""
    page: SyncCursorPage[ChatCompletion] = session._session.get_page(
        "chat/completions",
        item_type=ChatCompletion,
        query=_params.query(after=after, limit=limit, metadata=metadata, model=model, order=order),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page
