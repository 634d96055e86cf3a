"""The ``Client`` facade: construction, copies, lifecycle, the escape hatch, threads."""

from __future__ import annotations

import threading
from typing import Any, List

import pytest

from openai_compat import Client, OpenAI, OpenAIError, Stream, Timeout
from openai_compat.testing import MockTransport, chat_completion, json_response, request_json, sse_response
from openai_compat.types.chat import ChatCompletion


def test_openai_alias_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:1234/v1")
    client = OpenAI(transport=MockTransport())
    assert OpenAI is Client
    assert client.api_key == "sk-env" and client.base_url == "http://localhost:1234/v1/"
    assert client.max_retries == 2 and client.timeout == Timeout(600, connect=5)


def test_missing_key_raises_at_construction() -> None:
    with pytest.raises(OpenAIError, match="api_key"):
        Client(transport=MockTransport())


def test_with_options_shares_the_pool_and_closing_the_copy_keeps_it_open() -> None:
    transport = MockTransport(lambda request: json_response({"data": []}))
    client = Client(api_key="sk-a", transport=transport)
    copy = client.with_options(api_key="sk-b", max_retries=0, timeout=3)
    assert copy.transport is transport and copy.max_retries == 0 and client.max_retries == 2
    copy.close()
    assert not transport.closed
    copy.models.list()
    client.models.list()
    assert [r.headers["Authorization"] for r in transport.requests] == ["Bearer sk-b", "Bearer sk-a"]
    with client:
        pass
    assert transport.closed and client.is_closed()


def test_repr_hides_the_key() -> None:
    client = Client(api_key="sk-SECRET-123", transport=MockTransport())
    assert "sk-SECRET" not in repr(client) and "sk-SECRET" not in repr(client.chat.completions)
    assert "sk-SECRET" not in repr(client.session)


def test_escape_hatch_get_post_delete_and_stream() -> None:
    transport = MockTransport(
        responses=[
            json_response({"ok": 1}),
            json_response(chat_completion("typed")),
            json_response({"deleted": True}),
            sse_response([{"n": 1}, {"n": 2}]),
        ]
    )
    client = Client(api_key="sk", base_url="http://h/v1", transport=transport)
    assert client.get("/things", query={"a": 1}) == {"ok": 1}
    typed = client.post("/chat/completions", cast_to=ChatCompletion, body={"model": "m"})
    assert typed.choices[0].message.content == "typed"
    assert client.delete("things/1") == {"deleted": True}
    stream = client.post_stream("/events", body={"x": 1})
    assert isinstance(stream, Stream) and [item["n"] for item in stream] == [1, 2]
    methods = [(r.method, r.url) for r in transport.requests]
    assert methods == [
        ("GET", "http://h/v1/things?a=1"),
        ("POST", "http://h/v1/chat/completions"),
        ("DELETE", "http://h/v1/things/1"),
        ("POST", "http://h/v1/events"),
    ]
    assert request_json(transport.requests[1]) == {"model": "m"}
    assert transport.requests[3].headers["Accept"] == "text/event-stream"


def test_one_client_shared_by_threads() -> None:
    transport = MockTransport(lambda request: json_response(chat_completion(request_json(request)["model"])))
    client = Client(api_key="sk", transport=transport)
    results: List[Any] = []
    errors: List[BaseException] = []

    def work(index: int) -> None:
        try:
            for _ in range(20):
                completion = client.chat.completions.create(model=f"m{index}", messages=[])
                results.append(completion.choices[0].message.content == f"m{index}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and len(results) == 320 and all(results)


_SESSION_VERBS = ("request", "stream", "get_page", "download", "send", "base_url", "retry")


def test_no_session_verb_shows_on_a_namespace() -> None:
    client = Client(api_key="sk", base_url="http://h/v1", transport=MockTransport(responses=[]))
    namespaces = [client.chat, client.chat.completions, client.chat.completions.messages, client.models,
                  client.embeddings, client.files, client.uploads, client.beta.threads.runs, client.audio.speech,
                  client.responses, client.realtime, client.webhooks, client.vector_stores.file_batches]
    for namespace in namespaces:
        shown = [name for name in _SESSION_VERBS if hasattr(namespace, name)]
        assert shown == [], f"{type(namespace).__name__} shows {shown}"
    with pytest.raises(AttributeError, match="stream"):
        client.chat.completions.stream(model="m", messages=[])  # type: ignore[attr-defined]


def test_resource_functions_reach_the_session_through_a_namespace_it_is_given() -> None:
    # The seam a recording facade (with_raw_response) builds on: the same function, another _session.
    from openai_compat import Session

    class Recording(Session):
        calls: List[str]

        def request(self, method: str, path: str, **kwargs: Any) -> Any:
            self.calls.append(f"{method} {path}")
            return super().request(method, path, **kwargs)

    transport = MockTransport(responses=[json_response(chat_completion("hi"))])
    recording = Recording(api_key="sk", base_url="http://h/v1", transport=transport)
    recording.calls = []
    namespace = Client(api_key="sk", base_url="http://other/v1").chat.completions
    namespace._session = recording
    completion = namespace.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert completion.choices[0].message.content == "hi"
    assert recording.calls == ["POST chat/completions"]
    assert transport.requests[0].url == "http://h/v1/chat/completions"
