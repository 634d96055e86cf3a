"""The ``client.conversations`` namespaces, imported when ``client.conversations`` is first used,
so ``import openai_compat`` does not load the Conversations API."""

from __future__ import annotations

from functools import cached_property

from ..resources import conversations
from ._namespace import _Namespace

__all__ = ["ConversationItems", "Conversations"]


class ConversationItems(_Namespace):
    """``client.conversations.items``: add, list, get and delete the items of a conversation."""

    create = conversations.create_items
    list = conversations.list_items
    retrieve = conversations.retrieve_item
    delete = conversations.delete_item


class Conversations(_Namespace):
    """``client.conversations``: create, get, update and delete conversations."""

    create = conversations.create
    retrieve = conversations.retrieve
    update = conversations.update
    delete = conversations.delete

    @cached_property
    def items(self) -> ConversationItems:
        return ConversationItems(self._session)
