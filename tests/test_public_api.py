"""The public surface: ``__all__`` sorted and complete, and the facade bound to every resource function."""

from __future__ import annotations

import inspect
import types
from typing import Any, Callable, Dict

import pytest

import openai_compat
from openai_compat import Client
from openai_compat.resources import (
    chat,
    chat_parse,
    conversations,
    embeddings,
    models,
    responses,
    responses_ops,
    responses_parse,
)
from openai_compat.testing import MockTransport

# Where each resource function lives on the facade. A new resource function must be added here.
FACADE: Dict[str, Callable[..., Any]] = {
    "chat.completions.create": chat.create,
    "chat.completions.parse": chat_parse.parse,
    "chat.completions.list": chat.list,
    "chat.completions.retrieve": chat.retrieve,
    "chat.completions.update": chat.update,
    "chat.completions.delete": chat.delete,
    "chat.completions.messages.list": chat.list_messages,
    "models.list": models.list,
    "models.retrieve": models.retrieve,
    "models.delete": models.delete,
    "embeddings.create": embeddings.create,
    "conversations.create": conversations.create,
    "conversations.retrieve": conversations.retrieve,
    "conversations.update": conversations.update,
    "conversations.delete": conversations.delete,
    "conversations.items.create": conversations.create_items,
    "conversations.items.list": conversations.list_items,
    "conversations.items.retrieve": conversations.retrieve_item,
    "conversations.items.delete": conversations.delete_item,
    "responses.create": responses.create,
    "responses.parse": responses_parse.parse,
    "responses.retrieve": responses.retrieve,
    "responses.delete": responses.delete,
    "responses.cancel": responses.cancel,
    "responses.compact": responses.compact,
    "responses.poll": responses.poll,
    "responses.input_items.list": responses.list_input_items,
    "responses.input_tokens.count": responses.count_input_tokens,
}


def test_all_is_sorted_and_complete() -> None:
    exported = openai_compat.__all__
    assert exported == sorted(exported)
    for name in exported:
        assert getattr(openai_compat, name) is not None, name
    not_exports = {"TYPE_CHECKING", "Any", "annotations"}
    public = {
        name
        for name, value in vars(openai_compat).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name not in not_exports
    }
    assert public <= set(exported), public - set(exported)


def test_transports_are_importable_from_the_package() -> None:
    from openai_compat import RequestsTransport, Urllib3Transport

    assert RequestsTransport.__name__ == "RequestsTransport" and Urllib3Transport.__name__ == "Urllib3Transport"
    with pytest.raises(AttributeError):
        _ = openai_compat.NoSuchThing  # type: ignore[attr-defined]


def _endpoint_functions() -> set[Callable[..., Any]]:
    found = set()
    for module in (chat, chat_parse, embeddings, models, conversations, responses, responses_ops, responses_parse):
        for name in module.__all__:
            function = getattr(module, name)
            parameters = list(inspect.signature(function).parameters)
            if parameters and parameters[0] == "session":
                found.add(function)
    return found


def test_every_resource_function_is_on_the_facade() -> None:
    assert _endpoint_functions() == set(FACADE.values())


@pytest.mark.parametrize("path", sorted(FACADE))
def test_facade_method_signature_matches_its_resource_function(path: str) -> None:
    client = Client(api_key="sk-test", transport=MockTransport())
    target: Any = client
    for part in path.split("."):
        target = getattr(target, part)
    function = FACADE[path]
    expected = inspect.signature(function)
    expected = expected.replace(parameters=list(expected.parameters.values())[1:])
    assert inspect.signature(target) == expected
    assert target.__doc__ == function.__doc__
