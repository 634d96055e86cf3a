"""API conformance of Azure's v1 style against the Steady mock: the same paths and bodies as the
OpenAI API (the deployment name as ``model``, no ``api-version``), so the spec validates them.

The legacy ``/deployments/{name}/`` URLs are not in the spec; ``test_azure.py`` checks them exactly.
"""

from __future__ import annotations

from typing import Any

import pytest
from mock_api import MockAPICheck

from openai_compat.azure import AzureSession
from openai_compat.resources import chat, embeddings, models
from openai_compat.types.chat import ChatCompletion
from openai_compat.types.embeddings import CreateEmbeddingResponse

pytestmark = pytest.mark.mock_api


def azure_session(mock_api: MockAPICheck, **options: Any) -> AzureSession:
    # The recorded transport of a checked session, so the fixture sees every exchange.
    options.setdefault("api_key", "azure-key")
    recorded = mock_api.session().transport
    return AzureSession(base_url=mock_api.url, api_version="v1", transport=recorded, **options)


def test_azure_v1_chat_embeddings_and_models(mock_api: MockAPICheck) -> None:
    session = azure_session(mock_api)
    completion = chat.create(session, model="my-deployment", messages=[{"role": "user", "content": "hi"}])
    assert isinstance(completion, ChatCompletion)
    vectors = embeddings.create(session, model="my-embeddings", input="hello")
    assert isinstance(vectors, CreateEmbeddingResponse)
    assert models.list(session).data is not None
    for exchange in mock_api.exchanges:
        assert "api-version" not in exchange.url and "/deployments/" not in exchange.url
    mock_api.assert_valid()


def test_azure_v1_streamed_chat_with_a_token_provider(mock_api: MockAPICheck) -> None:
    session = azure_session(mock_api, api_key=None, azure_ad_token_provider=lambda: "entra-token")
    stream = chat.create(session, model="my-deployment", messages=[{"role": "user", "content": "hi"}], stream=True)
    with stream:
        completion = stream.get_final_completion()
    assert isinstance(completion, ChatCompletion)
    mock_api.assert_valid()
