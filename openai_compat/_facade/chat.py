"""The ``client.chat`` namespaces: ``client.chat.completions`` and its stored ``messages``."""

from __future__ import annotations

from functools import cached_property

from ..resources import chat, chat_parse, chat_stored
from ._namespace import _Namespace

__all__ = ["Chat", "ChatCompletionMessages", "ChatCompletions"]


class ChatCompletionMessages(_Namespace):
    """``client.chat.completions.messages``: the messages of a stored chat completion."""

    list = chat_stored.list_messages


class ChatCompletions(_Namespace):
    """``client.chat.completions``: create, and manage stored completions."""

    create = chat.create
    parse = chat_parse.parse
    list = chat_stored.list
    retrieve = chat_stored.retrieve
    update = chat_stored.update
    delete = chat_stored.delete

    @cached_property
    def messages(self) -> ChatCompletionMessages:
        return ChatCompletionMessages(self._session)


class Chat(_Namespace):
    """``client.chat``."""

    @cached_property
    def completions(self) -> ChatCompletions:
        return ChatCompletions(self._session)
