"""Chat completions: the exact requests sent, the decoded answers, and the stream accumulator."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

import msgspec
import pytest

from openai_compat import ChatCompletionStream, Request, Response, Session
from openai_compat.resources import chat, chat_stored
from openai_compat.testing import (
    MockTransport,
    chat_completion,
    chat_completion_chunk,
    json_response,
    request_json,
    sse_response,
)
from openai_compat.types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionDeleted,
    ChatCompletionMessage,
    ChatCompletionStoreMessage,
    FinishReason,
)
from openai_compat.types.chat_params import (
    ChatCompletionRequest,
    ContentPart,
    Message,
    ResponseFormat,
    Tool,
    ToolChoice,
)

BASE = "https://api.example.test/v1"

# Every property of CreateChatCompletionRequest in openai-openapi.yaml, including the ones it
# inherits through allOf (CreateModelResponseProperties, ModelResponseProperties).
SPEC_PARAMS = {
    "audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs",
    "max_completion_tokens", "max_tokens", "messages", "metadata", "modalities", "model", "moderation", "n",
    "parallel_tool_calls", "prediction", "presence_penalty", "prompt_cache_key", "prompt_cache_options",
    "prompt_cache_retention", "reasoning_effort", "response_format", "safety_identifier", "seed",
    "service_tier", "stop", "store", "stream", "stream_options", "temperature", "tool_choice", "tools",
    "top_logprobs", "top_p", "user", "verbosity", "web_search_options",
}

USER = {"role": "user", "content": "Hi"}


def make(handler: Callable[[Request], Response]) -> Tuple[Session, MockTransport]:
    transport = MockTransport(handler)
    return Session(api_key="sk-test", base_url=BASE, transport=transport), transport


def answer(body: Any) -> Callable[[Request], Response]:
    return lambda request: json_response(body)


def streamed(chunks: List[Any], **options: Any) -> Callable[[Request], Response]:
    return lambda request: sse_response(chunks, **options)


def path_and_query(request: Request) -> Tuple[str, List[Tuple[str, str]]]:
    parts = urlsplit(request.url)
    return parts.path, parse_qsl(parts.query)


def chunk(
    choices: Optional[List[Dict[str, Any]]] = None, *, usage: Optional[Dict[str, Any]] = None, **fields: Any
) -> Dict[str, Any]:
    body: Dict[str, Any] = {
        "id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gpt-test",
        "choices": choices if choices is not None else [],
    }
    if usage is not None:
        body["usage"] = usage
    body.update(fields)
    return body


def delta(index: int = 0, finish_reason: Optional[str] = None, logprobs: Any = None, **fields: Any) -> Dict[str, Any]:
    choice: Dict[str, Any] = {"index": index, "delta": fields, "finish_reason": finish_reason}
    if logprobs is not None:
        choice["logprobs"] = logprobs
    return choice


def call(index: Optional[int] = None, id: Optional[str] = None, name: Optional[str] = None, args: Optional[str] = None,
         **extra: Any) -> Dict[str, Any]:
    piece: Dict[str, Any] = dict(extra)
    if index is not None:
        piece["index"] = index
    if id is not None:
        piece["id"] = id
        piece["type"] = "function"
    function = {key: value for key, value in (("name", name), ("arguments", args)) if value is not None}
    if function:
        piece["function"] = function
    return piece


def final(chunks: List[Any], **options: Any) -> ChatCompletion:
    session, _ = make(streamed(chunks, **options))
    stream = chat.create(session, model="m", messages=[USER], stream=True)
    return stream.get_final_completion()


# -- create: the request ---------------------------------------------------------------------


def test_create_sends_only_what_was_given() -> None:
    session, transport = make(answer(chat_completion("Hello!")))
    completion = chat.create(session, model="gpt-4o-mini", messages=[USER])
    request = transport.last_request
    assert request.method == "POST"
    assert request.url == f"{BASE}/chat/completions"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert request_json(request) == {"messages": [USER], "model": "gpt-4o-mini"}
    assert isinstance(completion, ChatCompletion)
    assert completion.id == "chatcmpl-test"
    assert completion.object == "chat.completion"
    assert completion.created == 1700000000
    assert completion.choices[0].message.content == "Hello!"
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].finish_reason == FinishReason.STOP
    assert completion.usage is not None and completion.usage.total_tokens == 7


def test_create_sends_none_as_null_and_omits_unset() -> None:
    session, transport = make(answer(chat_completion()))
    chat.create(session, model="m", messages=[USER], temperature=None, stop=None, max_tokens=0, store=False)
    assert request_json(transport.last_request) == {
        "messages": [USER], "model": "m", "temperature": None, "stop": None, "max_tokens": 0, "store": False,
    }


def test_create_covers_every_spec_parameter() -> None:
    params = set(inspect.signature(chat.create).parameters)
    assert params - {"session", "request", "extra_headers", "extra_query", "extra_body", "timeout"} == SPEC_PARAMS
    assert set(ChatCompletionRequest.__struct_fields__) == SPEC_PARAMS


def test_create_sends_every_parameter_by_its_name() -> None:
    values: Dict[str, Any] = {
        "audio": {"voice": "alloy", "format": "wav"}, "frequency_penalty": 0.5, "function_call": "auto",
        "functions": [{"name": "f"}], "logit_bias": {"50256": -100}, "logprobs": True,
        "max_completion_tokens": 10, "max_tokens": 10, "messages": [USER], "metadata": {"k": "v"},
        "modalities": ["text"], "model": "m", "moderation": {"model": "omni-moderation-latest"}, "n": 2,
        "parallel_tool_calls": False, "prediction": {"type": "content", "content": "x"},
        "presence_penalty": -0.5, "prompt_cache_key": "key", "prompt_cache_options": {"mode": "explicit"},
        "prompt_cache_retention": "24h", "reasoning_effort": "low", "response_format": {"type": "json_object"},
        "safety_identifier": "user-1", "seed": 7, "service_tier": "flex", "stop": ["\n"], "store": True,
        "stream": False, "stream_options": None, "temperature": 0.0, "tool_choice": "none",
        "tools": [Tool.function("f")], "top_logprobs": 3, "top_p": 0.9, "user": "u", "verbosity": "low",
        "web_search_options": {"search_context_size": "low"},
    }
    assert set(values) == SPEC_PARAMS
    session, transport = make(answer(chat_completion()))
    chat.create(session, **values)
    assert request_json(transport.last_request) == values


def test_create_with_a_prebuilt_request_struct_keywords_win() -> None:
    session, transport = make(answer(chat_completion()))
    prebuilt = ChatCompletionRequest(model="base-model", messages=[USER], temperature=0.5, seed=None)
    chat.create(session, request=prebuilt, temperature=0.1, top_p=1)
    assert request_json(transport.last_request) == {
        "messages": [USER], "model": "base-model", "temperature": 0.1, "seed": None, "top_p": 1,
    }
    assert prebuilt.temperature == 0.5  # the shared request is not modified


def test_create_with_a_request_dict_passes_unknown_keys_through() -> None:
    session, transport = make(answer(chat_completion()))
    chat.create(session, request={"model": "m", "messages": [USER], "top_k": 40}, model="other")
    assert request_json(transport.last_request) == {"model": "other", "messages": [USER], "top_k": 40}


def test_request_struct_encodes_and_decodes_as_the_wire_format() -> None:
    prebuilt = ChatCompletionRequest(model="m", messages=[Message.user("x")], stream=None)
    raw = msgspec.json.encode(prebuilt)
    assert msgspec.json.decode(raw) == {"messages": [{"role": "user", "content": "x"}], "model": "m", "stream": None}
    assert msgspec.json.decode(raw, type=ChatCompletionRequest) == prebuilt
    assert prebuilt.to_dict() == {"messages": [{"role": "user", "content": "x"}], "model": "m", "stream": None}


def test_create_without_model_or_messages_raises_before_sending() -> None:
    session, transport = make(answer(chat_completion()))
    with pytest.raises(TypeError, match="model"):
        chat.create(session, messages=[USER])
    with pytest.raises(TypeError, match="messages"):
        chat.create(session, request=ChatCompletionRequest(model="m"))
    assert transport.requests == []


def test_create_extra_body_query_and_headers() -> None:
    session, transport = make(answer(chat_completion()))
    chat.create(
        session, model="m", messages=[USER], temperature=0.2,
        extra_body={"top_k": 5, "temperature": 1, "guided_json": {"type": "object"}},
        extra_query={"api-version": "2024-10-21"},
        extra_headers={"X-Trace": "abc"},
    )
    request = transport.last_request
    assert path_and_query(request) == ("/v1/chat/completions", [("api-version", "2024-10-21")])
    assert request.headers["X-Trace"] == "abc"
    assert request_json(request) == {
        "messages": [USER], "model": "m", "temperature": 1, "top_k": 5, "guided_json": {"type": "object"},
    }


def test_create_accepts_iterables_and_helper_dicts() -> None:
    session, transport = make(answer(chat_completion()))
    messages = (m for m in [
        Message.developer("Be brief.", name="rules"),
        Message.system("sys"),
        Message.user([ContentPart.text("What is this?"), ContentPart.image_url("https://x.test/a.png", detail="low"),
                      ContentPart.input_audio(b"\x00\x01", "wav"), ContentPart.file(file_id="file-1")]),
        Message.assistant(tool_calls=[{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]),
        Message.tool("42", tool_call_id="c1"),
        Message.assistant("done", refusal=None),
    ])
    tools = iter([Tool.function("f", "Does f.", {"type": "object", "properties": {}}, strict=True)])
    chat.create(session, model="m", messages=messages, tools=tools, tool_choice=ToolChoice.function("f"),
                response_format=ResponseFormat.json_schema("out", {"type": "object"}, strict=True))
    body = request_json(transport.last_request)
    assert body["messages"] == [
        {"role": "developer", "content": "Be brief.", "name": "rules"},
        {"role": "system", "content": "sys"},
        {"role": "user", "content": [
            {"type": "text", "text": "What is this?"},
            {"type": "image_url", "image_url": {"url": "https://x.test/a.png", "detail": "low"}},
            {"type": "input_audio", "input_audio": {"data": "AAE=", "format": "wav"}},
            {"type": "file", "file": {"file_id": "file-1"}},
        ]},
        {"role": "assistant", "content": None,
         "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "content": "42", "tool_call_id": "c1"},
        {"role": "assistant", "content": "done"},
    ]
    assert body["tools"] == [{"type": "function", "function": {
        "name": "f", "description": "Does f.", "parameters": {"type": "object", "properties": {}}, "strict": True}}]
    assert body["tool_choice"] == {"type": "function", "function": {"name": "f"}}
    assert body["response_format"] == {"type": "json_schema", "json_schema": {
        "name": "out", "schema": {"type": "object"}, "strict": True}}
    assert ToolChoice.auto == "auto" and ToolChoice.none == "none" and ToolChoice.required == "required"


def test_helpers_build_exact_dicts() -> None:
    assert Message.user("hi", name="ann") == {"role": "user", "content": "hi", "name": "ann"}
    assert Message.assistant("a", refusal="r", name="bot") == {
        "role": "assistant", "content": "a", "refusal": "r", "name": "bot"}
    assert ContentPart.refusal("no") == {"type": "refusal", "refusal": "no"}
    assert ContentPart.image_url("data:image/png;base64,AA") == {
        "type": "image_url", "image_url": {"url": "data:image/png;base64,AA"}}
    assert ContentPart.file(file_data="data:application/pdf;base64,AA", filename="a.pdf") == {
        "type": "file", "file": {"file_data": "data:application/pdf;base64,AA", "filename": "a.pdf"}}
    assert Tool.function("f") == {"type": "function", "function": {"name": "f"}}
    assert Tool.custom("c", "Runs c.", format={"type": "text"}) == {
        "type": "custom", "custom": {"name": "c", "description": "Runs c.", "format": {"type": "text"}}}
    assert ToolChoice.custom("c") == {"type": "custom", "custom": {"name": "c"}}
    assert ToolChoice.allowed_tools([Tool.function("f")], mode="required") == {
        "type": "allowed_tools",
        "allowed_tools": {"mode": "required", "tools": [{"type": "function", "function": {"name": "f"}}]}}
    assert ResponseFormat.text() == {"type": "text"}
    assert ResponseFormat.json_object() == {"type": "json_object"}


# -- create: the answer ----------------------------------------------------------------------


def test_response_message_is_sent_back_with_its_extras_and_without_nones() -> None:
    body = chat_completion(None, tool_calls=[{
        "id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\"q\": 1}"},
        "extra_content": {"google": {"thought_signature": "sig"}},
    }], finish_reason="tool_calls")
    body["choices"][0]["message"]["reasoning_content"] = "Let me think."
    body["choices"][0]["message"]["refusal"] = None
    session, transport = make(answer(body))
    first = chat.create(session, model="deepseek-reasoner", messages=[USER])
    message = first.choices[0].message
    assert message.reasoning_content == "Let me think."  # type: ignore[attr-defined]
    assert message.reasoning_text == "Let me think."
    assert message.tool_calls is not None and message.tool_calls[0].function is not None
    assert message.tool_calls[0].function.name == "lookup"
    chat.create(session, model="deepseek-reasoner",
                messages=[USER, message, Message.tool("7", tool_call_id=message.tool_calls[0].id)])
    sent = request_json(transport.last_request)["messages"][1]
    # None fields (content, refusal) are left out; the provider's fields go back unchanged.
    assert sent == {
        "role": "assistant",
        "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\"q\": 1}"},
                        "extra_content": {"google": {"thought_signature": "sig"}}}],
        "reasoning_content": "Let me think.",
    }


def test_provider_extras_are_attributes_and_in_to_dict() -> None:
    body = chat_completion("ok")
    body["x_groq"] = {"id": "req_1"}
    body["prompt_filter_results"] = [{"prompt_index": 0, "content_filter_results": {"hate": {"filtered": False}}}]
    body["choices"][0]["content_filter_results"] = {"violence": {"filtered": False, "severity": "safe"}}
    body["usage"]["queue_time"] = 0.01
    session, _ = make(answer(body))
    completion = chat.create(session, model="m", messages=[USER])
    assert completion.x_groq == {"id": "req_1"}  # type: ignore[attr-defined]
    assert completion.prompt_filter_results[0]["prompt_index"] == 0  # type: ignore[attr-defined]
    assert completion.choices[0].content_filter_results["violence"]["severity"] == "safe"  # type: ignore[attr-defined]
    assert completion.usage is not None and completion.usage.extra == {"queue_time": 0.01}
    as_dict = completion.to_dict()
    assert as_dict["x_groq"] == {"id": "req_1"}
    assert as_dict["choices"][0]["content_filter_results"] == body["choices"][0]["content_filter_results"]
    assert as_dict["usage"]["queue_time"] == 0.01
    assert "logprobs" not in as_dict["choices"][0]  # None fields are left out


def test_unknown_enum_values_decode() -> None:
    body = chat_completion("partial", finish_reason="eos_token")
    body["choices"][0]["message"]["role"] = "model"
    body["object"] = "chat.completion.v2"
    body["service_tier"] = "brand-new-tier"
    session, _ = make(answer(body))
    completion = chat.create(session, model="m", messages=[USER])
    assert completion.choices[0].finish_reason == "eos_token"
    assert completion.choices[0].message.role == "model"
    assert completion.object == "chat.completion.v2"
    assert completion.service_tier == "brand-new-tier"


def test_a_body_missing_required_fields_decodes() -> None:
    body = {"choices": [{"message": {"content": "hi"}, "finish_reason": None}], "usage": {"total_tokens": 3}}
    session, _ = make(answer(body))
    completion = chat.create(session, model="m", messages=[USER])
    assert (completion.id, completion.created, completion.model, completion.object) == ("", 0, "", "chat.completion")
    choice = completion.choices[0]
    assert (choice.index, choice.finish_reason, choice.logprobs) == (0, None, None)
    assert (choice.message.role, choice.message.content, choice.message.refusal) == ("assistant", "hi", None)
    assert completion.usage is not None and completion.usage.prompt_tokens == 0 and completion.usage.total_tokens == 3
    empty = msgspec.json.decode(b"{}", type=ChatCompletion)
    assert empty.choices == [] and empty.usage is None


def test_tool_calls_of_custom_and_unknown_types_decode() -> None:
    body = chat_completion(None, tool_calls=[
        {"id": "c1", "type": "custom", "custom": {"name": "grep", "input": "foo"}},
        {"id": "c2", "type": "mcp", "server": "s"},
    ])
    session, _ = make(answer(body))
    calls = chat.create(session, model="m", messages=[USER]).choices[0].message.tool_calls
    assert calls is not None
    assert calls[0].custom is not None and calls[0].custom.input == "foo" and calls[0].function is None
    assert calls[1].type == "mcp" and calls[1].extra == {"server": "s"}
    assert calls[0].to_dict() == {"id": "c1", "type": "custom", "custom": {"name": "grep", "input": "foo"}}


def test_logprobs_audio_and_annotations_decode() -> None:
    body = chat_completion("Hi")
    choice = body["choices"][0]
    choice["logprobs"] = {"content": [{"token": "Hi", "logprob": -0.1, "bytes": [72, 105],
                                       "top_logprobs": [{"token": "Hi", "logprob": -0.1, "bytes": None}]}],
                          "refusal": None}
    choice["message"]["audio"] = {"id": "audio_1", "data": "AAA=", "expires_at": 1, "transcript": "Hi"}
    choice["message"]["annotations"] = [{"type": "url_citation", "url_citation": {
        "start_index": 0, "end_index": 2, "url": "https://x.test", "title": "X"}}]
    body["usage"]["completion_tokens_details"] = {"reasoning_tokens": 4}
    session, _ = make(answer(body))
    completion = chat.create(session, model="m", messages=[USER])
    message = completion.choices[0].message
    logprobs = completion.choices[0].logprobs
    assert logprobs is not None and logprobs.content is not None
    assert logprobs.content[0].bytes == [72, 105] and logprobs.content[0].top_logprobs[0].bytes is None
    assert message.audio is not None and message.audio.transcript == "Hi"
    assert message.annotations is not None and message.annotations[0].url_citation is not None
    assert message.annotations[0].url_citation.title == "X"
    assert completion.usage is not None and completion.usage.completion_tokens_details is not None
    assert completion.usage.completion_tokens_details.reasoning_tokens == 4


# -- create: streams -------------------------------------------------------------------------


def test_create_stream_sends_stream_true_and_accepts_event_stream() -> None:
    session, transport = make(streamed([chat_completion_chunk("Hel", role="assistant"), chat_completion_chunk("lo")]))
    stream = chat.create(session, model="m", messages=[USER], stream=True)
    assert isinstance(stream, ChatCompletionStream)
    request = transport.last_request
    assert request.headers["Accept"] == "text/event-stream"
    assert request_json(request) == {"messages": [USER], "model": "m", "stream": True}
    chunks = list(stream)
    assert all(isinstance(item, ChatCompletionChunk) for item in chunks)
    assert [item.delta_text for item in chunks] == ["Hel", "lo"]


def test_stream_true_inside_the_request_streams() -> None:
    session, transport = make(streamed([chat_completion_chunk("x")]))
    stream = chat.create(session, request={"model": "m", "messages": [USER], "stream": True,
                                           "stream_options": {"include_usage": True}})
    assert isinstance(stream, ChatCompletionStream)
    assert request_json(transport.last_request)["stream_options"] == {"include_usage": True}
    with stream as opened:
        assert [piece for piece in opened.text_deltas()] == ["x"]


def test_stream_false_gives_a_completion() -> None:
    session, transport = make(answer(chat_completion("whole")))
    completion = chat.create(session, model="m", messages=[USER], stream=False)
    assert isinstance(completion, ChatCompletion)
    assert request_json(transport.last_request)["stream"] is False


def test_final_completion_of_text_with_usage_and_azure_chunks() -> None:
    chunks = [
        # Azure: the first chunk has no choices, no id and no model, only the prompt filter results.
        {"id": "", "object": "", "created": 0, "model": "", "choices": [],
         "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}]},
        chunk([delta(role="assistant", content="")], system_fingerprint="fp_1", service_tier="default"),
        chunk([delta(content="Hello")]),
        chunk([delta(content=", world")]),
        chunk([{"index": 0, "finish_reason": None, "content_filter_results": {"hate": {"filtered": False}}}]),
        chunk([delta(finish_reason="stop")]),
        chunk([], usage={"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12}),
    ]
    session, _ = make(streamed(chunks, headers={"x-request-id": "req_9"}))
    stream = chat.create(session, model="m", messages=[USER], stream=True)
    first = next(stream)
    assert first.choices == [] and first.delta_text == ""
    completion = stream.get_final_completion()
    assert len(stream.items) == len(chunks)
    assert (completion.id, completion.object, completion.created, completion.model) == (
        "chatcmpl-1", "chat.completion", 1700000000, "gpt-test")
    assert completion.system_fingerprint == "fp_1" and completion.service_tier == "default"
    assert len(completion.choices) == 1
    choice = completion.choices[0]
    assert (choice.index, choice.finish_reason) == (0, "stop")
    assert (choice.message.role, choice.message.content, choice.message.refusal) == ("assistant", "Hello, world", None)
    assert choice.message.tool_calls is None
    assert choice.content_filter_results == {"hate": {"filtered": False}}  # type: ignore[attr-defined]
    assert completion.prompt_filter_results == chunks[0]["prompt_filter_results"]  # type: ignore[attr-defined]
    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens, completion.usage.total_tokens) == (
        9, 3, 12)
    assert completion._request_id == "req_9"  # type: ignore[attr-defined]


def test_final_completion_of_a_refusal() -> None:
    completion = final([
        chunk([delta(role="assistant", content=None, refusal="")]),
        chunk([delta(refusal="I can't ")]),
        chunk([delta(refusal="help with that.")]),
        chunk([delta(finish_reason="stop")]),
    ])
    message = completion.choices[0].message
    assert message.refusal == "I can't help with that." and message.content is None


def test_final_completion_of_several_choices_interleaved() -> None:
    completion = final([
        chunk([delta(0, role="assistant", content="A"), delta(1, role="assistant", content="X")]),
        chunk([delta(1, content="Y")]),
        chunk([delta(0, content="B")]),
        chunk([delta(1, finish_reason="length")]),
        chunk([delta(0, finish_reason="stop")]),
    ])
    assert [(c.index, c.message.content, c.finish_reason) for c in completion.choices] == [
        (0, "AB", "stop"), (1, "XY", "length")]


def test_final_completion_of_tool_calls_split_by_index() -> None:
    completion = final([
        chunk([delta(role="assistant", content=None,
                     tool_calls=[call(0, "call_a", "get_weather", ""), call(1, "call_b", "get_time", "")])]),
        chunk([delta(tool_calls=[call(0, args='{"city": ')])]),
        chunk([delta(tool_calls=[call(1, args='{"tz": "UTC"}')])]),
        chunk([delta(tool_calls=[call(0, args='"Paris"}')])]),
        chunk([delta(finish_reason="tool_calls")]),
    ])
    message = completion.choices[0].message
    assert message.content is None
    assert message.tool_calls is not None
    assert [(c.id, c.type, c.function.name, c.function.arguments) for c in message.tool_calls if c.function] == [
        ("call_a", "function", "get_weather", '{"city": "Paris"}'),
        ("call_b", "function", "get_time", '{"tz": "UTC"}'),
    ]
    assert completion.choices[0].finish_reason == "tool_calls"


def test_final_completion_of_tool_calls_without_index() -> None:
    # Gemini-style complete calls keyed by id, then pieces with neither index nor id.
    completion = final([
        chunk([delta(tool_calls=[call(id="call_a", name="f", args='{"a"'),
                                 call(id="call_b", name="g", args="{")])]),
        chunk([delta(tool_calls=[call(args=": 1}"), call(args="}")])]),
        chunk([delta(tool_calls=[call(id="call_c", name="h", args="")])]),
        chunk([delta(tool_calls=[call(args="[]", extra_content={"google": {"thought_signature": "s"}})])]),
    ])
    calls = completion.choices[0].message.tool_calls
    assert calls is not None
    assert [(c.id, c.function.name, c.function.arguments) for c in calls if c.function] == [
        ("call_a", "f", '{"a": 1}'), ("call_b", "g", "{}"), ("call_c", "h", "[]")]
    assert calls[2].extra_content == {"google": {"thought_signature": "s"}}  # type: ignore[attr-defined]


def test_final_completion_starts_a_new_call_when_an_index_is_reused() -> None:
    # Some servers send every call under index 0; a new id with a name starts another call.
    completion = final([
        chunk([delta(tool_calls=[call(0, "call_a", "f", '{"x": 1}')])]),
        chunk([delta(tool_calls=[call(0, "call_b", "g", "{")])]),
        chunk([delta(tool_calls=[call(0, args="}")])]),
        # A continuation that repeats its id and name stays in the same call.
        chunk([delta(tool_calls=[{"index": 0, "id": "call_b", "function": {"name": "g", "arguments": ""}}])]),
    ])
    calls = completion.choices[0].message.tool_calls
    assert calls is not None
    assert [(c.id, c.function.name, c.function.arguments) for c in calls if c.function] == [
        ("call_a", "f", '{"x": 1}'), ("call_b", "g", "{}")]


def test_final_completion_starts_a_new_call_on_a_new_name_without_index_or_id() -> None:
    completion = final([
        chunk([delta(tool_calls=[call(name="f", args="{")])]),
        chunk([delta(tool_calls=[call(args="}")])]),
        chunk([delta(tool_calls=[call(name="g", args="[")])]),
        chunk([delta(tool_calls=[call(args="]")])]),
    ])
    calls = completion.choices[0].message.tool_calls
    assert calls is not None
    assert [(c.id, c.function.name, c.function.arguments) for c in calls if c.function] == [
        ("", "f", "{}"), ("", "g", "[]")]


def test_final_completion_of_logprobs_and_the_deprecated_function_call() -> None:
    def token(text: str) -> Dict[str, Any]:
        return {"token": text, "logprob": -1.0, "bytes": None, "top_logprobs": []}

    completion = final([
        chunk([delta(content="a", logprobs={"content": [token("a")], "refusal": None},
                     function_call={"name": "legacy", "arguments": "{"})]),
        chunk([delta(content="b", logprobs={"content": [token("b")], "refusal": None},
                     function_call={"arguments": "}"})]),
    ])
    choice = completion.choices[0]
    assert choice.logprobs is not None and choice.logprobs.content is not None
    assert [t.token for t in choice.logprobs.content] == ["a", "b"] and choice.logprobs.refusal is None
    assert choice.message.function_call is not None
    assert (choice.message.function_call.name, choice.message.function_call.arguments) == ("legacy", "{}")


def test_final_completion_concatenates_reasoning_and_round_trips() -> None:
    chunks = [
        chunk([delta(role="assistant", content=None, reasoning_content="Think")]),
        chunk([delta(content=None, reasoning_content="ing.")]),
        chunk([delta(content="Answer", reasoning_content=None)]),
        chunk([delta(finish_reason="stop")], x_groq={"id": "req_1"}),
        chunk([], x_groq={"usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}}),
    ]
    session, transport = make(streamed(chunks))
    completion = chat.create(session, model="m", messages=[USER], stream=True).get_final_completion()
    message = completion.choices[0].message
    assert message.reasoning_content == "Thinking."  # type: ignore[attr-defined]
    assert message.reasoning_text == "Thinking." and message.content == "Answer"
    # Groq reports usage inside x_groq; it counts when no chunk has a standard usage.
    assert completion.usage is not None and completion.usage.total_tokens == 3
    assert completion.x_groq["id"] == "req_1"  # type: ignore[attr-defined]

    transport._handler = answer(chat_completion())
    chat.create(session, model="m", messages=[USER, message])
    assert request_json(transport.last_request)["messages"][1] == {
        "role": "assistant", "content": "Answer", "reasoning_content": "Thinking."}


def test_final_completion_is_the_same_when_read_one_byte_at_a_time() -> None:
    chunks = [
        {"id": "", "object": "", "created": 0, "model": "", "choices": [], "prompt_filter_results": []},
        chunk([delta(role="assistant", content="Grüße ", reasoning_content="ü")]),
        chunk([delta(content="🌍", tool_calls=[call(0, "call_a", "f", '{"k": "ä"}')])]),
        chunk([delta(finish_reason="stop")], usage={"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}),
    ]
    whole = final(chunks)
    split = final(chunks, chunk_sizes=[1])
    assert split.to_dict() == whole.to_dict()
    assert whole.choices[0].message.content == "Grüße 🌍"


def test_text_deltas_and_get_final_completion_after_partial_iteration() -> None:
    session, _ = make(streamed([chat_completion_chunk("a", role="assistant"), chat_completion_chunk(""),
                                chat_completion_chunk("b", finish_reason="stop")]))
    stream = chat.create(session, model="m", messages=[USER], stream=True)
    pieces = stream.text_deltas()
    assert next(pieces) == "a"
    completion = stream.get_final_completion()  # reads the rest, keeps the chunks already seen
    assert completion.choices[0].message.content == "ab"
    assert stream.until_done() is stream


def test_final_completion_of_an_empty_stream() -> None:
    completion = final([])
    assert completion.choices == [] and completion.usage is None and completion.id == ""


# -- stored completions ----------------------------------------------------------------------


def stored(id: str) -> Dict[str, Any]:
    return chat_completion("x", id=id)


def test_list_walks_two_pages() -> None:
    pages = [
        {"object": "list", "data": [stored("c1"), stored("c2")], "first_id": "c1", "last_id": "c2", "has_more": True},
        {"object": "list", "data": [stored("c3")], "first_id": "c3", "last_id": "c3", "has_more": False},
    ]
    session, transport = make(lambda request: json_response(pages[len(transport.requests) - 1]))
    page = chat_stored.list(session, limit=2, metadata={"topic": "demo"}, model="gpt-4o", order="desc")
    assert [c.id for c in page.data] == ["c1", "c2"]
    assert all(isinstance(c, ChatCompletion) for c in page.data)
    assert [c.id for c in page] == ["c1", "c2", "c3"]
    first, second = transport.requests
    assert first.method == "GET" and first.body is None
    assert path_and_query(first) == ("/v1/chat/completions", [
        ("limit", "2"), ("metadata[topic]", "demo"), ("model", "gpt-4o"), ("order", "desc")])
    assert path_and_query(second) == ("/v1/chat/completions", [
        ("after", "c2"), ("limit", "2"), ("metadata[topic]", "demo"), ("model", "gpt-4o"), ("order", "desc")])


def test_list_sends_no_query_when_nothing_is_given() -> None:
    session, transport = make(answer({"object": "list", "data": [], "has_more": False}))
    page = chat_stored.list(session, extra_query={"api-version": "1"}, extra_headers={"X-A": "b"})
    assert page.data == [] and not page.has_next_page()
    assert transport.last_request.url == f"{BASE}/chat/completions?api-version=1"
    assert transport.last_request.headers["X-A"] == "b"


def test_retrieve_escapes_the_id() -> None:
    session, transport = make(answer(stored("chat/1 x")))
    completion = chat_stored.retrieve(session, "chat/1 x")
    assert transport.last_request.method == "GET"
    assert transport.last_request.url == f"{BASE}/chat/completions/chat%2F1%20x"
    assert completion.id == "chat/1 x"
    with pytest.raises(ValueError, match="completion_id"):
        chat_stored.retrieve(session, "..")
    with pytest.raises(ValueError, match="completion_id"):
        chat_stored.retrieve(session, "")


def test_update_posts_the_metadata() -> None:
    session, transport = make(answer(stored("c1")))
    completion = chat_stored.update(session, "c1", metadata={"k": "v"}, extra_body={"x": 1})
    assert transport.last_request.method == "POST"
    assert transport.last_request.url == f"{BASE}/chat/completions/c1"
    assert request_json(transport.last_request) == {"metadata": {"k": "v"}, "x": 1}
    assert completion.id == "c1"
    chat_stored.update(session, "c1", metadata=None)
    assert request_json(transport.last_request) == {"metadata": None}


def test_delete() -> None:
    session, transport = make(answer({"object": "chat.completion.deleted", "id": "c1", "deleted": True}))
    result = chat_stored.delete(session, "c1")
    assert transport.last_request.method == "DELETE" and transport.last_request.body is None
    assert transport.last_request.url == f"{BASE}/chat/completions/c1"
    assert isinstance(result, ChatCompletionDeleted) and result.deleted and result.id == "c1"


def test_list_messages_walks_pages() -> None:
    pages = [
        {"object": "list", "has_more": True, "data": [
            {"id": "m1", "role": "user", "content": "hi", "name": None,
             "content_parts": [{"type": "text", "text": "hi"}]},
        ]},
        {"object": "list", "has_more": False, "data": [{"id": "m2", "role": "assistant", "content": "yo"}]},
    ]
    session, transport = make(lambda request: json_response(pages[len(transport.requests) - 1]))
    page = chat_stored.list_messages(session, "c1", limit=1, order="asc")
    messages = list(page)
    assert [(m.id, m.role, m.content) for m in messages] == [("m1", "user", "hi"), ("m2", "assistant", "yo")]
    assert isinstance(messages[0], ChatCompletionStoreMessage) and isinstance(messages[0], ChatCompletionMessage)
    assert messages[0].content_parts == [{"type": "text", "text": "hi"}]
    assert [path_and_query(r) for r in transport.requests] == [
        ("/v1/chat/completions/c1/messages", [("limit", "1"), ("order", "asc")]),
        ("/v1/chat/completions/c1/messages", [("after", "m1"), ("limit", "1"), ("order", "asc")]),
    ]
