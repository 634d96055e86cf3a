"""``/conversations``: create, retrieve, update and delete conversations, and manage their items.

API reference: https://platform.openai.com/docs/api-reference/conversations. A conversation holds
items (messages, tool calls and their outputs, reasoning, ...) that ``responses.create`` can read
and extend through its ``conversation`` parameter. Items are sent as dicts (or items taken from an
earlier answer, sent back unchanged) and come back as ``ConversationItem`` (see
``types.conversations``). Parameters default to ``UNSET`` and are then not sent; an explicit
``None`` is sent as ``null``.
"""

from __future__ import annotations

import builtins
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import msgspec
from msgspec import UNSET, UnsetType

from .._core.urls import path_segment
from ..types._pagination import SyncConversationCursorPage
from ..types.conversations import Conversation, ConversationDeleted, ConversationItem, ConversationItemList
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg

__all__ = [
    "create",
    "create_items",
    "delete",
    "delete_item",
    "list_items",
    "retrieve",
    "retrieve_item",
    "update",
]

# An input item: a dict in the spec's ``InputItem`` shape, or an item from an earlier answer.
ItemParam = Union[Mapping[str, Any], msgspec.Struct]
# The item type as the Session sees it: a class at run time, a Union for the type checker.
_ITEM: Any = ConversationItem


def _conversation_path(conversation_id: str) -> str:
    return f"conversations/{path_segment(conversation_id, 'conversation_id')}"


def _item_path(conversation_id: str, item_id: str) -> str:
    return f"{_conversation_path(conversation_id)}/items/{path_segment(item_id, 'item_id')}"


def _item_list(items: Iterable[ItemParam]) -> builtins.list[ItemParam]:
    if isinstance(items, (str, bytes, Mapping, msgspec.Struct)):
        raise TypeError(f"items must be a list of items, got a single {type(items).__name__}")
    return [*items]  # also a generator or another iterable


def create(
    session: SessionLike,
    /,
    *,
    items: Union[Optional[Iterable[ItemParam]], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Conversation:
    """Create a conversation, optionally with up to 20 initial ``items`` and ``metadata``
    (https://platform.openai.com/docs/api-reference/conversations/create)."""
    if items is not UNSET and items is not None:
        items = _item_list(items)
    body = _params.body(locals(), ("items", "metadata"))
    return session._session.request(
        "POST", "conversations", cast_to=Conversation, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    conversation_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Conversation:
    """Get a conversation (https://platform.openai.com/docs/api-reference/conversations/retrieve)."""
    return session._session.request(
        "GET", _conversation_path(conversation_id), cast_to=Conversation,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def update(
    session: SessionLike,
    /,
    conversation_id: str,
    *,
    metadata: Optional[Mapping[str, str]],
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Conversation:
    """Replace a conversation's metadata (https://platform.openai.com/docs/api-reference/conversations/update)."""
    return session._session.request(
        "POST", _conversation_path(conversation_id), cast_to=Conversation, body=_params.body(locals(), ("metadata",)),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def delete(
    session: SessionLike,
    /,
    conversation_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> ConversationDeleted:
    """Delete a conversation; its items are not deleted
    (https://platform.openai.com/docs/api-reference/conversations/delete)."""
    return session._session.request(
        "DELETE", _conversation_path(conversation_id), cast_to=ConversationDeleted,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def create_items(
    session: SessionLike,
    /,
    conversation_id: str,
    *,
    items: Iterable[ItemParam],
    include: Union[Sequence[str], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> ConversationItemList:
    """Add up to 20 items to a conversation; the answer lists the items as stored
    (https://platform.openai.com/docs/api-reference/conversations/create-items). ``include`` asks for
    extra output data (``types.conversations.ConversationInclude``)."""
    items = _item_list(items)
    return session._session.request(
        "POST", f"{_conversation_path(conversation_id)}/items", cast_to=ConversationItemList,
        body=_params.body(locals(), ("items",)), query=_params.query(include=include),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list_items(
    session: SessionLike,
    /,
    conversation_id: str,
    *,
    after: Union[str, UnsetType] = UNSET,
    include: Union[Sequence[str], UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncConversationCursorPage[ConversationItem]:
    """A conversation's items, a page at a time (``order`` ``"desc"``, the newest first, unless
    asked otherwise); iterating the page walks all of them, each next page asked for with
    ``after=<last_id>`` (https://platform.openai.com/docs/api-reference/conversations/list-items)."""
    page: SyncConversationCursorPage[ConversationItem] = session._session.get_page(
        f"{_conversation_path(conversation_id)}/items",
        item_type=_ITEM,
        page_cls=SyncConversationCursorPage,
        query=_params.query(after=after, include=include, limit=limit, order=order),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def retrieve_item(
    session: SessionLike,
    /,
    item_id: str,
    *,
    conversation_id: str,
    include: Union[Sequence[str], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> ConversationItem:
    """Get one item of a conversation (https://platform.openai.com/docs/api-reference/conversations/get-item)."""
    item: ConversationItem = session._session.request(
        "GET", _item_path(conversation_id, item_id), cast_to=_ITEM, query=_params.query(include=include),
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return item


def delete_item(
    session: SessionLike,
    /,
    item_id: str,
    *,
    conversation_id: str,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Conversation:
    """Delete an item from a conversation; the answer is the conversation
    (https://platform.openai.com/docs/api-reference/conversations/delete-item)."""
    return session._session.request(
        "DELETE", _item_path(conversation_id, item_id), cast_to=Conversation,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
