"""``/threads/{thread_id}/messages`` (Assistants API v2, beta): create, retrieve, update, list and
delete the messages of a thread.

API reference: https://platform.openai.com/docs/api-reference/messages. ``content`` is a string or
a list of parts in the spec's shapes (``{"type": "text", "text": ...}``, ``image_file``,
``image_url``). The beta header and parameter rules are those of ``resources.assistants``.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage
from ..types.threads import Message, MessageDeleted
from . import _params
from ._params import Body, Headers, Param, SessionLike, TimeoutArg, beta_headers

__all__ = ["create", "delete", "list", "retrieve", "update"]


def _messages_path(thread_id: str) -> str:
    return f"threads/{path_segment(thread_id, 'thread_id')}/messages"


def _message_path(thread_id: str, message_id: str) -> str:
    return f"{_messages_path(thread_id)}/{path_segment(message_id, 'message_id')}"


def create(
    session: SessionLike,
    /,
    thread_id: str,
    *,
    content: Union[str, Iterable[Param]],
    role: str,
    attachments: Union[Optional[Iterable[Param]], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Message:
    """Add a message (``role`` ``user`` or ``assistant``) to a thread
    (https://platform.openai.com/docs/api-reference/messages/createMessage)."""
    return session._session.request(
        "POST", _messages_path(thread_id), cast_to=Message,
        body=_params.body(locals(), ("role", "content", "attachments", "metadata")),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    message_id: str,
    *,
    thread_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Message:
    """Get a message (https://platform.openai.com/docs/api-reference/messages/getMessage)."""
    return session._session.request(
        "GET", _message_path(thread_id, message_id), cast_to=Message,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def update(
    session: SessionLike,
    /,
    message_id: str,
    *,
    thread_id: str,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Message:
    """Change a message's metadata (https://platform.openai.com/docs/api-reference/messages/modifyMessage)."""
    return session._session.request(
        "POST", _message_path(thread_id, message_id), cast_to=Message, body=_params.body(locals(), ("metadata",)),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list(
    session: SessionLike,
    /,
    thread_id: str,
    *,
    after: Union[str, UnsetType] = UNSET,
    before: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    run_id: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[Message]:
    """List the messages of a thread (those of one run with ``run_id``), newest first unless
    ``order="asc"``; iterating the page walks every page
    (https://platform.openai.com/docs/api-reference/messages/listMessages)."""
    page: SyncCursorPage[Message] = session._session.get_page(
        _messages_path(thread_id), item_type=Message,
        query=_params.query(after=after, before=before, limit=limit, order=order, run_id=run_id),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def delete(
    session: SessionLike,
    /,
    message_id: str,
    *,
    thread_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> MessageDeleted:
    """Delete a message (https://platform.openai.com/docs/api-reference/messages/deleteMessage)."""
    return session._session.request(
        "DELETE", _message_path(thread_id, message_id), cast_to=MessageDeleted,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
