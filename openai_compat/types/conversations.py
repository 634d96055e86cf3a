"""Response types of ``/conversations``: a conversation, its deletion, and lists of its items.

Shapes follow ``ConversationResource``, ``DeletedConversationResource`` and
``ConversationItemList`` in the OpenAPI spec, lenient as every response type here: ``object`` is
``str``, required fields have neutral defaults, and fields the types do not declare stay on the
objects as attributes (see ``_base``).

A conversation item has the shapes of a Response's ``output`` items (the spec's
``ConversationItem`` is a ``oneOf`` of those, discriminated by ``type``), so it decodes with the
Responses open union: ``ConversationItem`` is ``responses_items.OutputItem``. Each known ``type``
becomes its Struct (``Message``, ``FunctionCall``, ``ReasoningItem``, ...), any other an
``UnknownItem`` that keeps every field; either can be sent back as an input item unchanged.
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional

import msgspec

from ._base import APIObject
from .responses_items import OutputItem

__all__ = [
    "Conversation",
    "ConversationDeleted",
    "ConversationInclude",
    "ConversationItem",
    "ConversationItemList",
]


# One item of a conversation: a message, a tool call or its output, a reasoning item, ...
ConversationItem = OutputItem


class ConversationInclude:
    """The ``include`` values the spec lists (``IncludeEnum``); the server may accept others."""

    FILE_SEARCH_CALL_RESULTS = "file_search_call.results"
    WEB_SEARCH_CALL_RESULTS = "web_search_call.results"
    WEB_SEARCH_CALL_ACTION_SOURCES = "web_search_call.action.sources"
    MESSAGE_INPUT_IMAGE_IMAGE_URL = "message.input_image.image_url"
    COMPUTER_CALL_OUTPUT_OUTPUT_IMAGE_URL = "computer_call_output.output.image_url"
    CODE_INTERPRETER_CALL_OUTPUTS = "code_interpreter_call.outputs"
    REASONING_ENCRYPTED_CONTENT = "reasoning.encrypted_content"
    MESSAGE_OUTPUT_TEXT_LOGPROBS = "message.output_text.logprobs"


class Conversation(APIObject):
    """A conversation (``ConversationResource``). ``created_at`` is Unix seconds; ``metadata`` holds
    up to 16 string pairs set by ``create`` or ``update``."""

    id: str = ""
    object: str = "conversation"
    created_at: int = 0
    metadata: Optional[Dict[str, str]] = None


class ConversationDeleted(APIObject):
    """The answer to deleting a conversation (its items are not deleted)."""

    id: str = ""
    object: str = "conversation.deleted"
    deleted: bool = False


class ConversationItemList(APIObject):
    """The items ``items.create`` added, in order (``ConversationItemList``); iterating it yields them.

    ``items.list`` answers with the same envelope as a ``SyncConversationCursorPage``, which also
    fetches the pages after it.
    """

    data: List[ConversationItem] = msgspec.field(default_factory=list)
    object: str = "list"
    has_more: Optional[bool] = None
    first_id: Optional[str] = None
    last_id: Optional[str] = None

    def __iter__(self) -> Iterator[ConversationItem]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)
