"""What a user's type checker must infer from the installed package (checked, never run).

``scripts/check-package`` runs mypy --strict and pyright on this file in a clean virtualenv that has
the built wheel or sdist installed; every ``assert_type`` is a claim about the package's public types.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional, Union

import msgspec
from typing_extensions import assert_type

import openai_compat
from openai_compat import (
    APIResponse,
    APIStatusError,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionStream,
    Client,
    Headers,
    LegacyAPIResponse,
    OpenAI,
    ParsedResponseStream,
    RateLimitError,
    ResponseStream,
    SyncCursorPage,
    SyncPage,
)
from openai_compat.types.chat import (
    ChatCompletionContentPart,
    ChatCompletionMessage,
    ChatCompletionMessageToolCall,
    CompletionUsage,
)
from openai_compat.types.chat_params import ChatCompletionRequest
from openai_compat.types.completions import Completion
from openai_compat.types.conversations import ConversationItem
from openai_compat.types.embeddings import CreateEmbeddingResponse
from openai_compat.types.files import FileObject
from openai_compat.types.models import Model
from openai_compat.types.responses import Response
from openai_compat.types.responses_events import ResponseStreamEvent, ResponseTextDeltaEvent
from openai_compat.types.runs import Run


class Weather(msgspec.Struct):
    city: str
    celsius: float


MESSAGES = [{"role": "user", "content": "Hi"}]


def chat(client: Client) -> None:
    completion = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert_type(completion, ChatCompletion)
    assert_type(completion.choices[0].message, ChatCompletionMessage)
    # Widened: some providers (Mistral reasoning models) send a list of content parts here;
    # content_text reads either shape as text.
    assert_type(completion.choices[0].message.content, Union[str, List[ChatCompletionContentPart], None])
    assert_type(completion.choices[0].message.content_text, str)
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
            assert_type(chunk.choices[0].delta.content, Union[str, List[ChatCompletionContentPart], None])
            assert_type(chunk.choices[0].delta.content_text, str)
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


def request_objects(client: Client, flag: bool) -> None:
    # A prebuilt request supplies model and messages, so none is required next to it.
    request = ChatCompletionRequest(model="gpt-4o-mini", messages=MESSAGES)
    assert_type(client.chat.completions.create(request=request), Union[ChatCompletion, ChatCompletionStream])
    as_dict = client.chat.completions.create(request={"model": "m", "messages": MESSAGES})
    assert_type(as_dict, Union[ChatCompletion, ChatCompletionStream])
    assert_type(client.chat.completions.create(request=request, stream=True), ChatCompletionStream)
    maybe_streamed = client.chat.completions.create(model="m", messages=MESSAGES, stream=flag)
    assert_type(maybe_streamed, Union[ChatCompletion, ChatCompletionStream])
    assert_type(client.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi"), Completion)


def openai_python_call_shapes(client: Client) -> None:
    # Calls written for openai-python 3.57.0, ids by keyword or by position as it takes them.
    assert_type(client.files.retrieve(file_id="file-1"), FileObject)
    assert_type(client.models.retrieve(model="gpt-4o-mini"), Model)
    assert_type(client.beta.threads.runs.retrieve(thread_id="thread_1", run_id="run_1"), Run)
    assert_type(client.beta.threads.runs.retrieve("run_1", thread_id="thread_1"), Run)
    assert_type(client.beta.threads.runs.poll("run_1", "thread_1"), Run)
    assert_type(client.beta.threads.runs.create_and_poll(thread_id="thread_1", assistant_id="asst_1"), Run)
    assert_type(client.conversations.items.retrieve("msg_1", conversation_id="conv_1"), ConversationItem)
    assert_type(client.files.wait_for_processing(id="file-1"), FileObject)
    # Every method takes extra_body (on a GET it is sent as the JSON body).
    assert_type(client.models.list(extra_body=None), SyncPage[Model])
    assert_type(client.files.delete("file-1", extra_body={"reason": "cleanup"}).deleted, bool)


def structured_stream(client: Client) -> None:
    stream = client.responses.parse(model="gpt-4o-mini", input="Hi", text_format=Weather, stream=True)
    assert_type(stream, ParsedResponseStream[Weather])
    for event in stream:
        assert_type(event, ResponseStreamEvent)
    assert_type(stream.get_final_response().output_parsed, Optional[Weather])


def raw_and_streaming_responses(client: Client) -> None:
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)
    assert_type(raw, LegacyAPIResponse[Any])
    assert_type(raw.headers, Headers)
    assert_type(raw.request_id, Optional[str])
    assert_type(raw.status_code, int)
    assert_type(raw.content, bytes)
    assert_type(client.with_raw_response.beta.threads.runs.retrieve("run", thread_id="t"), LegacyAPIResponse[Any])
    with client.files.with_streaming_response.content("file-abc123") as response:
        assert_type(response, APIResponse[Any])
        assert_type(response.iter_bytes(), Iterator[bytes])
        assert_type(response.text(), str)


def client_surface(client: Client) -> None:
    assert_type(client.default_headers, Dict[str, str])
    assert_type(client.user_agent, str)
    assert_type(client.get_api_list("/models", model=Model, page=SyncPage), Any)
    assert_type(client.put("/things/1", cast_to=Model, body={"a": 1}), Model)


def module_client() -> None:
    openai_compat.api_key = "sk-test"
    openai_compat.max_retries = 0
    assert_type(openai_compat.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES), ChatCompletion)
    assert_type(openai_compat.models.list(), SyncPage[Model])
