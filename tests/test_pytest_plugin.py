"""The ``mock_openai`` fixture (openai_compat/pytest_plugin.py), used here as any test suite would."""

from __future__ import annotations

import time
from importlib.metadata import distribution

import pytest

from openai_compat import APIConnectionError, OpenAIError, RateLimitError
from openai_compat.pytest_plugin import MockOpenAI
from openai_compat.testing import chat_completion_chunk

pytest_plugins = ["pytester"]


def test_a_queued_chat_answer_and_the_request_made(mock_openai: MockOpenAI) -> None:
    mock_openai.add_chat("Paris.")
    completion = mock_openai.client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Capital of France?"}], temperature=0
    )
    assert completion.choices[0].message.content == "Paris."
    assert mock_openai.routes == ["POST /v1/chat/completions"]
    assert mock_openai.last_json == {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Capital of France?"}],
        "temperature": 0,
    }
    assert mock_openai.last_request.headers["Authorization"] == "Bearer sk-mock"
    mock_openai.assert_all_used()


def test_a_queued_stream_arrives_in_pieces(mock_openai: MockOpenAI) -> None:
    mock_openai.add_chat_stream(["Hel", "lo", "!"], chunk_sizes=[5])
    with mock_openai.client.chat.completions.create(model="m", messages=[], stream=True) as stream:
        deltas = [choice.delta.content for chunk in stream for choice in chunk.choices if choice.delta.content]
        final = stream.get_final_completion()
    assert deltas == ["Hel", "lo", "!"]
    assert final.choices[0].message.content == "Hello!"
    assert final.choices[0].finish_reason == "stop"
    assert mock_openai.last_json["stream"] is True


def test_any_event_stream_and_plain_json(mock_openai: MockOpenAI) -> None:
    mock_openai.add_json({"object": "list", "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "me"}]})
    mock_openai.add_stream([b": keep-alive\n\n", chat_completion_chunk("Hi", role="assistant")], chunk_sizes=[3])
    assert [model.id for model in mock_openai.client.models.list()] == ["m1"]
    with mock_openai.client.chat.completions.create(model="m", messages=[], stream=True) as stream:
        assert [chunk.choices[0].delta.content for chunk in stream] == ["Hi"]
    assert mock_openai.routes == ["GET /v1/models", "POST /v1/chat/completions"]


def test_retries_are_recorded_not_slept(mock_openai: MockOpenAI) -> None:
    mock_openai.add_error(500, "try again")
    mock_openai.add_error(429, "slow down", headers={"retry-after": "30"})
    mock_openai.add_chat("done")
    started = time.monotonic()
    answer = mock_openai.client.chat.completions.create(model="m", messages=[])
    assert answer.choices[0].message.content == "done"
    assert mock_openai.sleeps == [0.5, 30.0]  # no jitter: the first backoff, then what the server asked
    assert time.monotonic() - started < 10  # 30.5 s of waits were not slept (generous on a loaded machine)
    assert len(mock_openai.requests) == 3


def test_errors_past_the_retries_raise_typed(mock_openai: MockOpenAI) -> None:
    for _ in range(3):
        mock_openai.add_error(429, "over quota", code="rate_limit_exceeded")
    with pytest.raises(RateLimitError, match="over quota"):
        mock_openai.client.chat.completions.create(model="m", messages=[])
    assert mock_openai.sleeps == [0.5, 1.0]


def test_queued_exceptions_are_raised_by_the_transport(mock_openai: MockOpenAI) -> None:
    mock_openai.add(APIConnectionError(message="connection reset"))
    mock_openai.add_chat("after the reset")
    client = mock_openai.make_client(base_url="http://localhost:8000/v1", max_retries=1)
    assert client.chat.completions.create(model="m", messages=[]).choices[0].message.content == "after the reset"
    assert [request.url for request in mock_openai.requests] == ["http://localhost:8000/v1/chat/completions"] * 2


def test_assert_all_used_names_what_was_left(mock_openai: MockOpenAI) -> None:
    mock_openai.add_chat("one")
    mock_openai.add_chat("two")
    mock_openai.client.chat.completions.create(model="m", messages=[])
    assert mock_openai.pending == 1
    with pytest.raises(AssertionError, match=r"1 queued answer\(s\) were never requested.*POST /v1/chat/completions"):
        mock_openai.assert_all_used()


def test_an_empty_queue_fails_fast_and_says_so(mock_openai: MockOpenAI) -> None:
    started = time.monotonic()
    with pytest.raises((AssertionError, OpenAIError)) as caught:
        mock_openai.client.models.list()
    assert time.monotonic() - started < 10
    said = f"{caught.value} {caught.value.__cause__}"  # the message, whether wrapped or not
    assert "mock_openai has no answer queued for GET https://api.openai.com/v1/models" in said


def test_mock_openai_works_without_pytest() -> None:
    with MockOpenAI(base_url="http://127.0.0.1:9/v1") as mock:
        mock.add_chat("hi")
        assert mock.client.chat.completions.create(model="m", messages=[]).choices[0].message.content == "hi"
        assert mock.routes == ["POST /v1/chat/completions"]
        assert "requests=1 pending=0" in repr(mock)
    assert mock.transport.closed


def test_the_plugin_is_registered_with_a_pytest11_entry_point() -> None:
    entries = distribution("openai-compat").entry_points  # (entry_points(group=...) is Python 3.10+)
    assert {(entry.group, entry.name, entry.value) for entry in entries} >= {
        ("pytest11", "openai_compat", "openai_compat.pytest_plugin"),
        ("console_scripts", "openai-compat", "openai_compat.cli:main"),
    }


def test_another_test_suite_gets_the_fixture_without_configuration(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def ask(client, question):
            messages = [{"role": "user", "content": question}]
            answer = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
            return answer.choices[0].message.content

        def test_ask(mock_openai):
            mock_openai.add_error(503, "busy")
            mock_openai.add_chat("42")
            assert ask(mock_openai.client, "meaning?") == "42"
            assert mock_openai.routes == ["POST /v1/chat/completions"] * 2
            assert mock_openai.last_json["messages"][0]["content"] == "meaning?"

        def test_fails_when_the_code_under_test_is_wrong(mock_openai):
            mock_openai.add_chat("41")
            assert ask(mock_openai.client, "meaning?") == "42"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*assert '41' == '42'*"])
