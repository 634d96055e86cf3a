"""What a user's type checker must infer from the installed package (checked, never run).

``scripts/check-package`` runs mypy --strict and pyright on this file in a clean virtualenv that has
the built wheel or sdist installed; every ``assert_type`` is a claim about the package's public types.
"""

from __future__ import annotations

from typing import List, Optional, Union

import msgspec
from typing_extensions import assert_type

from openai_compat import (
    APIStatusError,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionStream,
    Client,
    OpenAI,
    RateLimitError,
    ResponseStream,
    SyncCursorPage,
    SyncPage,
)
from openai_compat.types.chat import ChatCompletionMessage, ChatCompletionMessageToolCall, CompletionUsage
from openai_compat.types.embeddings import CreateEmbeddingResponse
from openai_compat.types.files import FileObject
from openai_compat.types.models import Model
from openai_compat.types.responses import Response
from openai_compat.types.responses_events import ResponseStreamEvent, ResponseTextDeltaEvent


class Weather(msgspec.Struct):
    city: str
    celsius: float


MESSAGES = [{"role": "user", "content": "Hi"}]


def chat(client: Client) -> None:
    completion = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert_type(completion, ChatCompletion)
    assert_type(completion.choices[0].message, ChatCompletionMessage)
    assert_type(completion.choices[0].message.content, Optional[str])
    assert_type(completion.choices[0].finish_reason, Optional[str])
    assert_type(completion.model, str)
    assert_type(completion.usage, Optional[CompletionUsage])
    assert_type(completion.choices[0].message.tool_calls, Optional[List[ChatCompletionMessageToolCall]])


def chat_stream(client: Client) -> None:
    stream = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
    assert_type(stream, ChatCompletionStream)
    with stream:
        for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)
            assert_type(chunk.choices[0].delta.content, Optional[str])
        assert_type(stream.get_final_completion(), ChatCompletion)


def structured(client: Client) -> None:
    completion = client.chat.completions.parse(model="gpt-4o-mini", messages=MESSAGES, response_format=Weather)
    assert_type(completion.choices[0].message.parsed, Optional[Weather])
    response = client.responses.parse(model="gpt-4o-mini", input="Hi", text_format=Weather)
    assert_type(response.output_parsed, Optional[Weather])


def models(client: Client) -> None:
    page = client.models.list()
    assert_type(page, SyncPage[Model])
    assert_type(page.data, List[Model])
    for model in page:
        assert_type(model, Model)
    assert_type(client.models.retrieve("gpt-4o-mini").id, str)


def files(client: Client) -> None:
    page = client.files.list()
    assert_type(page, SyncCursorPage[FileObject])
    assert_type(client.files.retrieve("file-abc123"), FileObject)


def responses(client: Client) -> None:
    response = client.responses.create(model="gpt-4o-mini", input="Hi")
    assert_type(response, Response)
    assert_type(response.output_text, str)
    stream = client.responses.create(model="gpt-4o-mini", input="Hi", stream=True)
    assert_type(stream, ResponseStream)
    for event in stream:
        assert_type(event, ResponseStreamEvent)
        if isinstance(event, ResponseTextDeltaEvent):
            assert_type(event.delta, str)


def embeddings(client: Client) -> None:
    result = client.embeddings.create(model="text-embedding-3-small", input="Hi")
    assert_type(result, CreateEmbeddingResponse)
    assert_type(result.data[0].embedding, Union[List[float], str])


def errors(client: Client) -> None:
    try:
        client.models.list()
    except RateLimitError as error:
        assert_type(error.status_code, int)
    except APIStatusError as error:
        assert_type(error.message, str)


def porting(client: Client) -> None:
    assert_type(OpenAI(api_key="sk-test"), Client)
    assert_type(client.with_options(max_retries=0), Client)
