"""``.with_raw_response``: every namespace, the raw response's surface, and ``parse()`` giving exactly
what the plain method returns (typed object, page, stream, download, post-processed parse)."""

from __future__ import annotations

import inspect
import threading
from typing import Any, Dict, List

import msgspec
import pytest

from openai_compat import (
    APIResponseValidationError,
    BadRequestError,
    BinaryResponse,
    ChatCompletion,
    Client,
    LegacyAPIResponse,
    ParsedChatCompletion,
    Response,
    Stream,
    StreamAlreadyConsumed,
    SyncCursorPage,
    SyncPage,
)
from openai_compat.resources import models, webhooks
from openai_compat.testing import (
    MockTransport,
    chat_completion,
    chat_completion_chunk,
    error_response,
    json_response,
    sse_response,
)
from openai_compat.types.models import Model

MESSAGES = [{"role": "user", "content": "Hi"}]


def make_client(handler: Any) -> Client:
    return Client(api_key="sk-test", transport=MockTransport(handler), max_retries=0)


def test_raw_response_has_openai_pythons_surface() -> None:
    client = make_client(lambda request: json_response(chat_completion("Hello"), headers={"x-request-id": "req_1"}))

    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)

    assert isinstance(raw, LegacyAPIResponse)
    assert raw.status_code == 200
    assert raw.headers["X-Request-Id"] == "req_1" and raw.request_id == "req_1"
    assert raw.method == "POST" and raw.url == "https://api.openai.com/v1/chat/completions"
    assert raw.retries_taken == 0 and raw.elapsed.total_seconds() >= 0
    assert raw.json()["object"] == "chat.completion"
    assert '"Hello"' in raw.text and raw.content == raw.text.encode()
    assert raw.http_request.headers["Authorization"] == "Bearer sk-test"
    completion = raw.parse()
    assert isinstance(completion, ChatCompletion)
    assert completion.choices[0].message.content == "Hello"
    assert raw.parse() is completion  # parsed once


def test_raw_parse_equals_the_plain_method() -> None:
    client = make_client(lambda request: json_response(chat_completion("Same")))
    plain = client.chat.completions.create(model="m", messages=MESSAGES)
    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES).parse()
    assert raw.to_dict() == plain.to_dict() and type(raw) is type(plain)


def test_parse_to_another_type() -> None:
    client = make_client(lambda request: json_response(chat_completion("x")))
    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)

    class Slim(msgspec.Struct):
        id: str
        model: str

    assert raw.parse(to=Slim) == Slim(id="chatcmpl-test", model="gpt-4o-mini")
    assert raw.parse(to=dict)["object"] == "chat.completion"
    assert raw.parse(to=str).startswith("{")
    assert raw.parse(to=bytes) == raw.content


def test_client_level_wrapper_and_nested_namespaces() -> None:
    seen: List[str] = []

    def handler(request: Any) -> Response:
        seen.append(request.url)
        return json_response({"id": "run_1", "object": "thread.run", "thread_id": "t", "status": "queued"})

    client = make_client(handler)
    raw = client.with_raw_response.beta.threads.runs.retrieve("run_1", thread_id="t")
    assert raw.parse().id == "run_1"
    assert raw.http_request.headers["OpenAI-Beta"] == "assistants=v2"
    assert client.beta.threads.runs.with_raw_response.retrieve("run_1", thread_id="t").parse().status == "queued"
    assert seen == ["https://api.openai.com/v1/threads/t/runs/run_1"] * 2


def test_a_page_parses_to_the_same_page_and_pages_on() -> None:
    pages = {
        None: {"object": "list", "data": [{"id": "f1", "object": "file"}], "has_more": True},
        "f1": {"object": "list", "data": [{"id": "f2", "object": "file"}], "has_more": False},
    }

    def handler(request: Any) -> Response:
        after = request.url.partition("after=")[2] or None
        return json_response(pages[after])

    client = make_client(handler)
    raw = client.files.with_raw_response.list()
    page = raw.parse()
    assert isinstance(page, SyncCursorPage)
    assert [file.id for file in page] == ["f1", "f2"]  # the next page came through the client's session
    assert raw.json()["data"][0]["id"] == "f1"  # the raw response is the first page's


def test_a_whole_list_page() -> None:
    client = make_client(lambda request: json_response({"object": "list", "data": [{"id": "m", "object": "model"}]}))
    page = client.models.with_raw_response.list().parse()
    assert isinstance(page, SyncPage) and isinstance(page.data[0], Model)


def test_a_stream_parses_to_a_stream_of_the_body() -> None:
    events = [chat_completion_chunk("Hel"), chat_completion_chunk("lo")]
    client = make_client(lambda request: sse_response(events, headers={"x-request-id": "req_s"}))

    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True)

    assert raw.request_id == "req_s" and not raw.is_closed  # the body is left for the stream
    stream = raw.parse()
    assert isinstance(stream, Stream)
    assert "".join(chunk.choices[0].delta.content for chunk in stream) == "Hello"
    with pytest.raises(StreamAlreadyConsumed):
        _ = raw.content  # the stream read it: an empty body is not passed off as the content


def test_reading_a_streamed_body_first_leaves_it_to_the_stream_too() -> None:
    client = make_client(lambda request: sse_response([chat_completion_chunk("a")]))
    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True)
    assert b"data: [DONE]" in raw.content
    assert [chunk.choices[0].delta.content for chunk in raw.parse()] == ["a"]


def test_a_download_is_read_and_parses_to_the_binary_response() -> None:
    binary_body = Response(200, {"content-type": "application/octet-stream"}, content=b"\x00\x01")
    client = make_client(lambda request: binary_body)
    raw = client.files.with_raw_response.content("file-1")
    assert raw.content == b"\x00\x01"
    binary = raw.parse()
    assert isinstance(binary, BinaryResponse) and binary.read() == b"\x00\x01"


def test_parse_helpers_post_process_as_the_plain_method() -> None:
    body = chat_completion('{"city": "Paris", "degrees": 21}')

    class Weather(msgspec.Struct):
        city: str
        degrees: int

    client = make_client(lambda request: json_response(body))
    parsed = client.chat.completions.with_raw_response.parse(model="m", messages=MESSAGES, response_format=Weather)
    result = parsed.parse()
    assert isinstance(result, ParsedChatCompletion)
    assert result.choices[0].message.parsed == Weather(city="Paris", degrees=21)


def test_a_decoding_error_waits_for_parse_and_the_body_stays_readable() -> None:
    client = make_client(lambda request: Response(200, {"content-type": "application/json"}, content=b"{not json"))
    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)
    assert raw.text == "{not json"
    with pytest.raises(APIResponseValidationError):
        raw.parse()


def test_an_error_status_raises_from_the_call() -> None:
    client = make_client(lambda request: error_response(400, "bad model"))
    with pytest.raises(BadRequestError, match="bad model"):
        client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)


def test_retries_taken_counts_the_retries() -> None:
    answers = [error_response(500, "busy"), json_response(chat_completion("ok"))]
    client = Client(api_key="sk-test", transport=MockTransport(responses=answers), max_retries=2)
    client.session.retry.sleep = lambda seconds: None  # no real waiting between the attempts
    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)
    assert raw.retries_taken == 1 and raw.parse().choices[0].message.content == "ok"


def test_a_helper_making_several_calls_shows_its_first_call() -> None:
    statuses = iter(["queued", "in_progress", "completed"])
    run = {"id": "run_1", "object": "thread.run", "thread_id": "t"}

    def handler(request: Any) -> Response:
        return json_response({**run, "status": next(statuses)}, headers={"x-request-id": request.method})

    client = make_client(handler)
    raw = client.beta.threads.runs.with_raw_response.create_and_poll(
        "t", assistant_id="a", poll_interval_ms=0
    )
    assert raw.request_id == "POST" and raw.json()["status"] == "queued"
    assert raw.parse().status == "completed"


def test_a_method_that_sends_nothing_has_no_raw_response() -> None:
    secret = "whsec_" + "A" * 32
    client = Client(api_key="sk-test", transport=MockTransport(), webhook_secret=secret)
    headers = webhooks.sign(b"{}", secret=secret, webhook_id="msg_1")
    with pytest.raises(TypeError, match="sent no HTTP request"):
        client.webhooks.with_raw_response.verify_signature(b"{}", headers)


def test_wrapped_methods_keep_signature_and_docstring() -> None:
    client = make_client(lambda request: json_response({}))
    wrapped = client.chat.completions.with_raw_response.create
    assert inspect.signature(wrapped) == inspect.signature(client.chat.completions.create)
    assert wrapped.__doc__ == client.chat.completions.create.__doc__
    assert "create" in dir(client.chat.completions.with_raw_response)
    assert "chat" in dir(client.with_raw_response) and "get" not in dir(client.with_raw_response)
    with pytest.raises(AttributeError, match="not an API method"):
        _ = client.with_raw_response.get


def test_any_namespace_subclass_gets_the_wrappers() -> None:
    # What a generated namespace looks like: a _Namespace subclass binding resource functions.
    from openai_compat._internals import Namespace

    class Catalog(Namespace):
        retrieve = models.retrieve

    client = make_client(lambda request: json_response({"id": "gpt", "object": "model", "created": 1, "owned_by": "o"}))
    catalog = Catalog(client.session)
    assert catalog.with_raw_response.retrieve("gpt").parse().id == "gpt"
    with catalog.with_streaming_response.retrieve("gpt") as response:
        assert response.parse().owned_by == "o"


def test_threads_each_get_their_own_raw_response() -> None:
    def handler(request: Any) -> Response:
        name = msgspec.json.decode(request.body)["model"]
        return json_response(chat_completion(name), headers={"x-request-id": name})

    client = make_client(handler)
    results: Dict[str, str] = {}

    def call(name: str) -> None:
        raw = client.chat.completions.with_raw_response.create(model=name, messages=MESSAGES)
        results[name] = f"{raw.request_id}:{raw.parse().choices[0].message.content}"

    threads = [threading.Thread(target=call, args=(f"m{index}",)) for index in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {f"m{index}": f"m{index}:m{index}" for index in range(16)}


def test_the_plain_namespace_is_untouched() -> None:
    client = make_client(lambda request: json_response(chat_completion("x")))
    _ = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)
    result = client.chat.completions.create(model="m", messages=MESSAGES)
    assert isinstance(result, ChatCompletion)
    assert "Recording" not in type(client.chat.completions._session).__name__


def test_azure_routing_is_kept_by_the_recording_session() -> None:
    from openai_compat import AzureOpenAI

    transport = MockTransport(lambda request: json_response(chat_completion("azure")))
    client = AzureOpenAI(api_key="ak", azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21",
                         transport=transport)
    raw = client.chat.completions.with_raw_response.create(model="deployment", messages=MESSAGES)
    assert raw.url == "https://x.openai.azure.com/openai/deployments/deployment/chat/completions?api-version=2024-10-21"
    assert raw.http_request.headers["api-key"] == "ak" and raw.parse().choices[0].message.content == "azure"
