"""API conformance of the working layer against the Steady mock of the OpenAPI spec: raw and
streaming responses, the client's verbs and pages, and the module client. Every request must match
the spec (``mock_api.assert_valid()``). The spec has no PUT or PATCH operation, so ``put``/``patch``
are checked against loopback servers only (``test_client_surface.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from mock_api import MockAPICheck

import openai_compat
from openai_compat import (
    APIResponse,
    BinaryResponse,
    ChatCompletion,
    ChatCompletionChunk,
    Client,
    LegacyAPIResponse,
    Stream,
    SyncCursorPage,
    SyncPage,
)
from openai_compat._internals import MODULE_CLIENT_SETTINGS, reset_module_client
from openai_compat.types.files import FileObject
from openai_compat.types.models import Model, ModelDeleted

pytestmark = pytest.mark.mock_api

MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Say hello."}]


def test_raw_responses(mock_api: MockAPICheck) -> None:
    client = Client._from_session(mock_api.session())
    raw = client.chat.completions.with_raw_response.create(model=MODEL, messages=MESSAGES)
    assert isinstance(raw, LegacyAPIResponse) and raw.status_code == 200
    assert raw.headers["x-steady-request-valid"] == "true"
    assert isinstance(raw.parse(), ChatCompletion) and raw.json()["choices"]
    page = client.with_raw_response.models.list().parse()
    assert isinstance(page, SyncPage) and all(isinstance(model, Model) for model in page.data)
    stream = client.chat.completions.with_raw_response.create(model=MODEL, messages=MESSAGES, stream=True).parse()
    assert isinstance(stream, Stream) and all(isinstance(chunk, ChatCompletionChunk) for chunk in stream)
    files = client.files.with_raw_response.list(limit=2).parse()
    assert isinstance(files, SyncCursorPage) and all(isinstance(file, FileObject) for file in files.data)
    assert isinstance(client.files.with_raw_response.content("file-abc").parse(), BinaryResponse)
    mock_api.assert_valid()


def test_streaming_responses(mock_api: MockAPICheck, tmp_path: Path) -> None:
    client = Client._from_session(mock_api.session())
    streamed = client.chat.completions.with_streaming_response
    with streamed.create(model=MODEL, messages=MESSAGES, stream=True) as response:
        assert isinstance(response, APIResponse) and response.headers["x-steady-streaming"] == "true"
        chunks = list(response.parse())
    assert chunks and all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    with streamed.create(model=MODEL, messages=MESSAGES, stream=True) as response:
        lines = [line for line in response.iter_lines() if line.startswith("data: ")]
    assert lines
    with client.models.with_streaming_response.retrieve(MODEL) as response:
        assert isinstance(response.parse(), Model)
    with client.with_streaming_response.files.content("file-abc") as response:
        written = response.stream_to_file(tmp_path / "content.bin")
    assert written == (tmp_path / "content.bin").stat().st_size
    mock_api.assert_valid()


def test_client_verbs_and_pages(mock_api: MockAPICheck) -> None:
    client = Client._from_session(mock_api.session())
    assert isinstance(client.get("/models", cast_to=SyncPage[Model]), SyncPage)
    page = client.get_api_list("/models", model=Model, page=SyncPage)
    assert isinstance(page, SyncPage) and not page.has_next_page() and list(page.iter_pages()) == [page]
    cursor = client.get_api_list("/files", model=FileObject, page=SyncCursorPage, options={"params": {"limit": 2}})
    assert isinstance(cursor, SyncCursorPage) and isinstance(cursor.has_next_page(), bool)
    assert isinstance(next(cursor.iter_pages()), SyncCursorPage)
    body = {"model": MODEL, "messages": MESSAGES}
    assert isinstance(client.post("/chat/completions", cast_to=ChatCompletion, body=body), ChatCompletion)
    request = {"method": "post", "url": "/chat/completions", "json_data": body, "headers": {"X-Trace": "1"}}
    assert isinstance(client.request(ChatCompletion, request), ChatCompletion)
    chunks = client.post("/chat/completions", body={**body, "stream": True}, stream=True,
                         stream_cls=Stream[ChatCompletionChunk])
    assert all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    assert isinstance(client.delete("/models/ft:gpt-4o-mini:org:custom:abc", cast_to=ModelDeleted), ModelDeleted)
    mock_api.assert_valid()


@pytest.fixture
def module_settings() -> Iterator[None]:
    saved = {name: getattr(openai_compat, name) for name in MODULE_CLIENT_SETTINGS}
    reset_module_client()
    yield
    for name, value in saved.items():
        setattr(openai_compat, name, value)
    reset_module_client()


def test_the_module_client(mock_api: MockAPICheck, module_settings: None) -> None:
    recorded = mock_api.session()
    openai_compat.api_key = "sk-test"
    openai_compat.base_url = mock_api.url
    openai_compat.http_client = recorded.transport  # the check's recording transport
    completion = openai_compat.chat.completions.create(model=MODEL, messages=MESSAGES)
    assert isinstance(completion, ChatCompletion)
    assert isinstance(openai_compat.models.retrieve(MODEL), Model)
    openai_compat.default_headers = {"X-Notebook": "1"}
    assert isinstance(openai_compat.files.list(limit=1), SyncCursorPage)
    mock_api.assert_valid()
