"""API conformance of the Conversations API: every ``/conversations`` endpoint against the Steady mock.

The mock validates each request against the spec and answers with bodies generated from the spec's
schemas (random values), so a decoded result shows the types accept what the spec allows.
"""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from mock_api import MockAPICheck

from openai_compat import Client, SyncConversationCursorPage
from openai_compat._internals import APIObject
from openai_compat.resources import conversations
from openai_compat.types.conversations import (
    Conversation,
    ConversationDeleted,
    ConversationInclude,
    ConversationItem,
    ConversationItemList,
)
from openai_compat.types.responses_items import UnknownItem

pytestmark = pytest.mark.mock_api

# The open union's table: item ``type`` -> Struct (a Union to the type checker, a class at run time).
KNOWN: Dict[str, type] = ConversationItem.members  # type: ignore[attr-defined]

# Messages with string content: Steady answers a message whose content is a list of parts with
# E3011, since "message" then matches both EasyInputMessage and Item/InputMessage in InputItem.
ITEMS: List[Dict[str, Any]] = [
    {"type": "message", "role": "user", "content": "What is the weather in Paris?"},
    {"type": "function_call", "call_id": "call_123", "name": "get_weather", "arguments": "{\"city\": \"Paris\"}"},
    {"type": "function_call_output", "call_id": "call_123", "output": "{\"temperature\": 21}"},
    {"type": "message", "role": "assistant", "content": "21 degrees."},
    {"type": "item_reference", "id": "msg_abc"},
]
INCLUDE = [ConversationInclude.MESSAGE_OUTPUT_TEXT_LOGPROBS, ConversationInclude.REASONING_ENCRYPTED_CONTENT]


def assert_conversation(result: object) -> None:
    assert isinstance(result, Conversation)
    assert isinstance(result.id, str) and isinstance(result.created_at, int)


def assert_items(items: List[ConversationItem]) -> None:
    for item in items:
        assert isinstance(item, APIObject) and isinstance(item.type, str)
        assert item.to_dict()["type"] == item.type
        if item.type in KNOWN:
            assert type(item) is KNOWN[item.type]
        else:
            assert isinstance(item, UnknownItem)


def test_conversations_create(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_conversation(conversations.create(session, items=ITEMS, metadata={"topic": "demo"}))
    assert_conversation(conversations.create(session))
    assert_conversation(conversations.create(session, items=None, metadata=None))
    mock_api.assert_valid()


def test_conversations_retrieve(mock_api: MockAPICheck) -> None:
    assert_conversation(conversations.retrieve(mock_api.session(), "conv_123"))
    mock_api.assert_valid()


def test_conversations_update(mock_api: MockAPICheck) -> None:
    assert_conversation(conversations.update(mock_api.session(), "conv_123", metadata={"topic": "other"}))
    mock_api.assert_valid()


def test_conversations_delete(mock_api: MockAPICheck) -> None:
    result = conversations.delete(mock_api.session(), "conv_123")
    assert isinstance(result, ConversationDeleted) and isinstance(result.deleted, bool)
    mock_api.assert_valid()


def test_conversation_items_create(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    result = conversations.create_items(session, "conv_123", items=ITEMS)
    assert isinstance(result, ConversationItemList)
    assert_items(result.data)
    conversations.create_items(session, "conv_123", items=ITEMS[:1], include=INCLUDE)
    mock_api.assert_valid()


def test_conversation_items_list(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    page = conversations.list_items(session, "conv_123")
    assert isinstance(page, SyncConversationCursorPage)
    assert_items(page.data)
    filtered = conversations.list_items(session, "conv_123", after="msg_abc", include=INCLUDE, limit=10, order="asc")
    if filtered.has_next_page():  # the mock's has_more and last_id are random
        assert_items(filtered.get_next_page().data)
    mock_api.assert_valid()


def test_conversation_items_retrieve(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    assert_items([conversations.retrieve_item(session, "msg_abc", conversation_id="conv_123")])
    assert_items([conversations.retrieve_item(session, "msg_abc", conversation_id="conv_123", include=INCLUDE)])
    mock_api.assert_valid()


def test_conversation_items_delete(mock_api: MockAPICheck) -> None:
    assert_conversation(conversations.delete_item(mock_api.session(), "msg_abc", conversation_id="conv_123"))
    mock_api.assert_valid()


def test_conversations_through_the_client(mock_api: MockAPICheck) -> None:
    session = mock_api.session()
    client = Client._from_session(session)
    assert_conversation(client.conversations.retrieve("conv_123"))
    assert_items(client.conversations.items.list("conv_123", limit=1).data)
    mock_api.assert_valid()
