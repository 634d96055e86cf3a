"""``conversations`` resource functions against a MockTransport: exact requests, decoded results,
``last_id`` pagination, path-id escaping, and the lazy import of the namespace."""

from __future__ import annotations

import pickle
import subprocess
import sys
from typing import Any, Callable, Dict, List

import pytest

from openai_compat import Client, Session, SyncConversationCursorPage
from openai_compat.resources import conversations
from openai_compat.testing import MockTransport, json_response, request_json
from openai_compat.types.conversations import (
    Conversation,
    ConversationDeleted,
    ConversationInclude,
    ConversationItemList,
)
from openai_compat.types.responses_items import FunctionCall, InputText, Message, ReasoningItem, UnknownItem

BASE = "https://api.openai.com/v1"
CONVERSATION = {"id": "conv_1", "object": "conversation", "created_at": 1741900000, "metadata": {"topic": "demo"}}
HELLO = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hello!"}]}


def session_for(*responses: Any) -> tuple[Session, MockTransport]:
    transport = MockTransport(responses=responses)
    return Session(api_key="sk-test", base_url=BASE, transport=transport), transport


def message(item_id: str, text: str = "Hi") -> Dict[str, Any]:
    return {**HELLO, "id": item_id, "status": "completed", "content": [{"type": "input_text", "text": text}]}


def item_list(items: List[Dict[str, Any]], *, has_more: Any = False, **extra: Any) -> Dict[str, Any]:
    ids = [item.get("id") for item in items]
    body = {"object": "list", "data": items, "has_more": has_more, "first_id": ids[0] if ids else None,
            "last_id": ids[-1] if ids else None}
    return {**body, **extra}


def test_create_sends_only_what_was_given() -> None:
    session, transport = session_for(json_response(CONVERSATION), json_response(CONVERSATION))
    conversation = conversations.create(session, metadata={"topic": "demo"}, items=(i for i in [HELLO]))
    request = transport.requests[0]
    assert (request.method, request.url) == ("POST", f"{BASE}/conversations")
    assert request_json(request) == {"items": [HELLO], "metadata": {"topic": "demo"}}
    assert isinstance(conversation, Conversation)
    assert (conversation.id, conversation.created_at) == ("conv_1", 1741900000)
    assert conversation.metadata == {"topic": "demo"}
    conversations.create(session, items=None)
    assert request_json(transport.requests[1]) == {"items": None}


def test_create_without_arguments_sends_an_empty_object() -> None:
    session, transport = session_for(json_response(CONVERSATION))
    conversations.create(session)
    assert request_json(transport.last_request) == {}


def test_create_refuses_a_single_item_for_a_list() -> None:
    session, transport = session_for()
    with pytest.raises(TypeError, match="list of items"):
        conversations.create(session, items=HELLO)  # type: ignore[arg-type]
    assert transport.requests == []


def test_retrieve_update_delete() -> None:
    deleted = {"id": "conv_1", "object": "conversation.deleted", "deleted": True}
    session, transport = session_for(
        json_response(CONVERSATION), json_response({**CONVERSATION, "metadata": {"a": "b"}}), json_response(deleted)
    )
    assert conversations.retrieve(session, "conv_1").id == "conv_1"
    assert (transport.requests[0].method, transport.requests[0].url) == ("GET", f"{BASE}/conversations/conv_1")
    assert transport.requests[0].body is None
    updated = conversations.update(session, "conv_1", metadata={"a": "b"})
    assert updated.metadata == {"a": "b"}
    assert (transport.requests[1].method, transport.requests[1].url) == ("POST", f"{BASE}/conversations/conv_1")
    assert request_json(transport.requests[1]) == {"metadata": {"a": "b"}}
    result = conversations.delete(session, "conv_1")
    assert isinstance(result, ConversationDeleted) and result.deleted is True and result.id == "conv_1"
    assert (transport.requests[2].method, transport.requests[2].url) == ("DELETE", f"{BASE}/conversations/conv_1")


def test_update_with_none_sends_null() -> None:
    session, transport = session_for(json_response(CONVERSATION))
    conversations.update(session, "conv_1", metadata=None)
    assert request_json(transport.last_request) == {"metadata": None}


def test_create_items_sends_items_and_include_and_decodes_the_list() -> None:
    stored = [message("msg_a", "Hello!"), message("msg_b", "How are you?")]
    session, transport = session_for(json_response(item_list(stored)))
    result = conversations.create_items(
        session, "conv_1", items=[HELLO, HELLO], include=[ConversationInclude.MESSAGE_OUTPUT_TEXT_LOGPROBS]
    )
    request = transport.last_request
    assert request.method == "POST"
    assert request.url == f"{BASE}/conversations/conv_1/items?include[]=message.output_text.logprobs"
    assert request_json(request) == {"items": [HELLO, HELLO]}
    assert isinstance(result, ConversationItemList) and len(result) == 2
    assert [item.id for item in result] == ["msg_a", "msg_b"]
    assert all(isinstance(item, Message) for item in result)
    assert (result.first_id, result.last_id, result.has_more) == ("msg_a", "msg_b", False)


def test_items_decode_by_type_keep_every_field_and_go_back_unchanged() -> None:
    call = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f", "arguments": "{}",
            "status": "completed", "x_new": {"deep": [1]}}
    novel = {"type": "brand_new_item", "id": "bn_1", "payload": [1, {"a": None}]}
    session, transport = session_for(json_response(message("msg_a")), json_response(call), json_response(novel),
                                     json_response(item_list([])))
    item = conversations.retrieve_item(session, "msg_a", conversation_id="conv_1")
    assert isinstance(item, Message)
    assert (item.type, item.id, item.status, item.role) == ("message", "msg_a", "completed", "user")
    assert isinstance(item.content[0], InputText) and item.content[0].text == "Hi"
    assert item.to_dict() == message("msg_a")
    function_call = conversations.retrieve_item(session, "fc_1", conversation_id="conv_1")
    assert isinstance(function_call, FunctionCall) and function_call.call_id == "call_1"
    assert function_call.extra == {"x_new": {"deep": [1]}}
    assert function_call.to_dict() == call
    unknown = conversations.retrieve_item(session, "bn_1", conversation_id="conv_1")
    assert isinstance(unknown, UnknownItem) and unknown.type == "brand_new_item" and unknown.raw == novel
    conversations.create_items(session, "conv_2", items=[item, function_call, unknown])
    assert request_json(transport.last_request) == {"items": [message("msg_a"), call, novel]}


def test_retrieve_and_delete_item() -> None:
    session, transport = session_for(json_response(message("msg_a")), json_response(CONVERSATION))
    conversations.retrieve_item(
        session, "msg_a", conversation_id="conv_1",
        include=["message.input_image.image_url", "reasoning.encrypted_content"],
    )
    assert transport.requests[0].method == "GET"
    assert transport.requests[0].url == (
        f"{BASE}/conversations/conv_1/items/msg_a"
        "?include[]=message.input_image.image_url&include[]=reasoning.encrypted_content"
    )
    result = conversations.delete_item(session, "msg_a", conversation_id="conv_1")
    assert isinstance(result, Conversation) and result.id == "conv_1"  # the answer is the conversation
    assert (transport.requests[1].method, transport.requests[1].url) == (
        "DELETE", f"{BASE}/conversations/conv_1/items/msg_a",
    )


def test_list_items_walks_pages_with_last_id() -> None:
    # The cursor is the body's last_id, not the last item's id (which may be absent or differ).
    first = item_list([message("msg_a"), {"type": "reasoning", "summary": []}], has_more=True, last_id="cursor_1")
    second = item_list([message("msg_c")], has_more=False)
    session, transport = session_for(json_response(first), json_response(second))
    page = conversations.list_items(session, "conv_1", limit=2, order="asc", include=["code_interpreter_call.outputs"])
    assert isinstance(page, SyncConversationCursorPage)
    assert transport.requests[0].url == (
        f"{BASE}/conversations/conv_1/items?include[]=code_interpreter_call.outputs&limit=2&order=asc"
    )
    assert page.has_next_page()
    assert [type(item) for item in page] == [Message, ReasoningItem, Message]
    assert len(transport.requests) == 2
    assert transport.requests[1].url == (
        f"{BASE}/conversations/conv_1/items?after=cursor_1&include[]=code_interpreter_call.outputs&limit=2&order=asc"
    )
    transport.add(json_response(second))
    assert [len(p) for p in page.iter_pages()] == [2, 1]  # walks again from this page: one more request
    assert len(transport.requests) == 3


@pytest.mark.parametrize(
    "body",
    [
        item_list([message("msg_a")], has_more=False),  # has_more false
        item_list([message("msg_a")], has_more=True, last_id=None),  # no cursor
        item_list([message("msg_a")], has_more=True, last_id=""),  # an empty cursor
        item_list([], has_more=True, last_id="x"),  # an empty page
    ],
)
def test_list_items_stops(body: Dict[str, Any]) -> None:
    session, transport = session_for(json_response(body))
    page = conversations.list_items(session, "conv_1")
    assert not page.has_next_page()
    list(page)
    assert len(transport.requests) == 1
    assert transport.requests[0].url == f"{BASE}/conversations/conv_1/items"
    with pytest.raises(RuntimeError):
        page.get_next_page()


def test_list_items_goes_on_when_has_more_is_missing() -> None:
    first = item_list([message("msg_a")], has_more=None)
    del first["has_more"]
    session, transport = session_for(json_response(first), json_response(item_list([], has_more=None)))
    assert [item.id for item in conversations.list_items(session, "conv_1", after="msg_0")] == ["msg_a"]
    assert transport.requests[1].url == f"{BASE}/conversations/conv_1/items?after=msg_a"


def test_ids_are_escaped_as_one_path_segment() -> None:
    session, transport = session_for(json_response(message("a")), json_response(CONVERSATION))
    conversations.retrieve_item(session, "item#1", conversation_id="conv/1 ?")
    assert transport.requests[0].url == f"{BASE}/conversations/conv%2F1%20%3F/items/item%231"
    conversations.delete(session, "..x")
    assert transport.requests[1].url == f"{BASE}/conversations/..x"


@pytest.mark.parametrize("bad", ["", ".", "..", "%2e%2E"])
def test_ids_that_would_change_the_path_are_rejected(bad: str) -> None:
    session, transport = session_for()
    calls: List[Callable[[], Any]] = [
        lambda: conversations.retrieve(session, bad),
        lambda: conversations.update(session, bad, metadata={}),
        lambda: conversations.delete(session, bad),
        lambda: conversations.create_items(session, bad, items=[HELLO]),
        lambda: conversations.list_items(session, bad),
        lambda: conversations.retrieve_item(session, "msg_a", conversation_id=bad),
        lambda: conversations.retrieve_item(session, bad, conversation_id="conv_1"),
        lambda: conversations.delete_item(session, "msg_a", conversation_id=bad),
        lambda: conversations.delete_item(session, bad, conversation_id="conv_1"),
    ]
    for call in calls:
        with pytest.raises(ValueError):
            call()
    assert transport.requests == []


def test_facade_forwards_to_the_session() -> None:
    transport = MockTransport(responses=[json_response(CONVERSATION), json_response(item_list([message("m")]))])
    client = Client(api_key="sk-test", base_url=BASE, transport=transport)
    assert client.conversations.create(metadata={"k": "v"}).id == "conv_1"
    assert client.conversations.items is client.conversations.items
    assert [item.id for item in client.conversations.items.list("conv_1")] == ["m"]
    assert transport.requests[1].url == f"{BASE}/conversations/conv_1/items"


def test_results_pickle_with_their_extra_fields() -> None:
    session, _ = session_for(json_response(message("msg_a")))
    item = conversations.retrieve_item(session, "msg_a", conversation_id="conv_1")
    again = pickle.loads(pickle.dumps(item))
    assert type(again) is Message and again.to_dict() == item.to_dict()


def test_the_package_does_not_import_conversations_until_used() -> None:
    code = (
        "import sys; from openai_compat import Client; c = Client(api_key='k', base_url='http://127.0.0.1:9'); "
        "before = [m for m in sys.modules if 'conversations' in m]; c.conversations.items; "
        "print(before, 'openai_compat.resources.conversations' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[] True"
