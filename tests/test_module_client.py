"""The module client: ``openai_compat.api_key = ...`` then ``openai_compat.chat.completions.create(...)``."""

from __future__ import annotations

import threading
from typing import Any, Dict, Iterator, List

import pytest

import openai_compat
from openai_compat import AzureClient, Client, OpenAIError
from openai_compat._internals import MODULE_CLIENT_SETTINGS, load_module_client, reset_module_client
from openai_compat.testing import MockTransport, chat_completion, json_response

MESSAGES = [{"role": "user", "content": "Hi"}]


@pytest.fixture(autouse=True)
def _fresh_module_client() -> Iterator[None]:
    saved = {name: getattr(openai_compat, name) for name in MODULE_CLIENT_SETTINGS}
    reset_module_client()
    yield
    for name, value in saved.items():
        setattr(openai_compat, name, value)
    reset_module_client()


def scripted() -> MockTransport:
    return MockTransport(lambda request: json_response(chat_completion("module")))


def test_the_module_is_a_client() -> None:
    transport = scripted()
    openai_compat.api_key = "sk-module"
    openai_compat.http_client = transport
    completion = openai_compat.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert completion.choices[0].message.content == "module"
    assert transport.last_request.headers["Authorization"] == "Bearer sk-module"
    assert transport.last_request.url == "https://api.openai.com/v1/chat/completions"


def test_a_namespace_imported_before_the_key_is_set_follows_the_settings() -> None:
    from openai_compat import chat, models

    transport = scripted()
    openai_compat.http_client = transport
    openai_compat.api_key = "sk-first"
    chat.completions.create(model="m", messages=MESSAGES)
    openai_compat.api_key = "sk-second"
    openai_compat.organization = "org-1"
    openai_compat.default_headers = {"X-App": "notebook"}
    chat.completions.create(model="m", messages=MESSAGES)
    first, second = transport.requests
    assert first.headers["Authorization"] == "Bearer sk-first" and "OpenAI-Organization" not in first.headers
    assert second.headers["Authorization"] == "Bearer sk-second"
    assert second.headers["OpenAI-Organization"] == "org-1" and second.headers["X-App"] == "notebook"
    assert "default client's models namespace" in repr(models)


def test_settings_changed_in_place_are_seen() -> None:
    transport = scripted()
    openai_compat.api_key, openai_compat.http_client = "sk", transport
    openai_compat.default_query = {"tenant": "a"}
    openai_compat.chat.completions.create(model="m", messages=MESSAGES)
    openai_compat.default_query["tenant"] = "b"  # type: ignore[index]
    openai_compat.chat.completions.create(model="m", messages=MESSAGES)
    assert [request.url.rpartition("=")[2] for request in transport.requests] == ["a", "b"]


def test_base_url_timeout_and_retries() -> None:
    openai_compat.api_key = "sk"
    openai_compat.base_url = "http://localhost:8000/v1"
    openai_compat.timeout = 12.5
    openai_compat.max_retries = 0
    client = load_module_client()
    assert isinstance(client, Client)
    assert (client.base_url, client.timeout.read, client.max_retries) == ("http://localhost:8000/v1/", 12.5, 0)


def test_the_client_is_kept_until_a_setting_changes_and_the_pool_is_kept_then() -> None:
    openai_compat.api_key = "sk-1"
    first = load_module_client()
    assert load_module_client() is first
    openai_compat.api_key = "sk-2"
    second = load_module_client()
    assert second is not first and second.api_key == "sk-2"
    assert second.transport is first.transport  # the connection pool goes on


def test_the_environment_is_read_at_first_use_and_a_change_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    assert load_module_client().api_key == "sk-env"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-2")
    assert load_module_client().api_key == "sk-env-2"


def test_without_a_key_the_first_use_says_how_to_set_one() -> None:
    with pytest.raises(OpenAIError, match="OPENAI_API_KEY"):
        openai_compat.models.list()


def test_threads_using_it_first_at_once_share_one_client() -> None:
    openai_compat.api_key = "sk"
    start = threading.Barrier(16)
    clients: List[Any] = []

    def use() -> None:
        start.wait()
        clients.append(load_module_client())

    threads = [threading.Thread(target=use) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(clients) == 16 and len({id(client) for client in clients}) == 1


def test_azure_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    transport = scripted()
    openai_compat.api_type = "azure"
    openai_compat.azure_endpoint = "https://example.openai.azure.com"
    openai_compat.api_version = "2024-10-21"
    openai_compat.api_key = "azure-key"
    openai_compat.http_client = transport
    openai_compat.chat.completions.create(model="my-deployment", messages=MESSAGES)
    request = transport.last_request
    assert request.url == (
        "https://example.openai.azure.com/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21"
    )
    assert request.headers["api-key"] == "azure-key"
    assert isinstance(load_module_client(), AzureClient)


def test_azure_is_inferred_from_its_settings_and_ambiguity_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://example.openai.azure.com")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-key")
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    assert isinstance(load_module_client(), AzureClient)
    tokens: Dict[str, int] = {"calls": 0}

    def provider() -> str:
        tokens["calls"] += 1
        return "entra-token"

    openai_compat.azure_ad_token_provider = provider
    monkeypatch.delenv("AZURE_OPENAI_API_KEY")
    transport = scripted()
    openai_compat.http_client = transport
    openai_compat.chat.completions.create(model="d", messages=MESSAGES)
    assert transport.last_request.headers["Authorization"] == "Bearer entra-token" and tokens["calls"] == 1
    monkeypatch.setenv("OPENAI_API_KEY", "sk")
    with pytest.raises(OpenAIError, match="Ambiguous use of module client"):
        load_module_client()
    openai_compat.api_type = "openai"
    assert type(load_module_client()) is Client


def test_every_client_namespace_is_there_but_the_realtime_package_keeps_its_name() -> None:
    for name in ("chat", "models", "files", "beta", "responses", "vector_stores", "webhooks", "audio"):
        assert f"openai_compat.{name}" in repr(getattr(openai_compat, name))
    with pytest.raises(AttributeError):
        _ = openai_compat.no_such_namespace  # type: ignore[attr-defined]
    import importlib

    realtime = importlib.import_module("openai_compat.realtime")
    assert openai_compat.realtime is realtime  # the package, not a proxy


def test_the_settings_are_not_exported() -> None:
    assert not set(MODULE_CLIENT_SETTINGS) & set(openai_compat.__all__)
    assert "chat" not in openai_compat.__all__
