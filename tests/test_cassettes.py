"""Recording and replaying with vcrpy and pytest-recording, as users of openai-python do.

Each test records against a loopback server (``FakeOpenAI``), stops the server, and replays the
cassette: the replay must give the same results with nothing listening, on both transports, for
plain calls and for streams (a chat stream and a Responses stream). vcrpy hands back its own
response objects, whose ``read1`` does not take urllib3's ``decode_content`` keyword: the body
reader falls back to the public reads for them.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any, Callable, Dict, Iterator

import pytest
from _fake_openai import MODEL, FakeOpenAI, completion_body
from _servers import ScriptedServer, reply

from openai_compat import Client, RequestsTransport, Transport, Urllib3Transport

pytest_plugins = ["pytester"]
vcr = pytest.importorskip("vcr", reason="vcrpy is in the dev extra from Python 3.10 on")

TRANSPORTS: Dict[str, Callable[[], Transport]] = {"requests": RequestsTransport, "urllib3": Urllib3Transport}
SECRET = "sk-cassette-secret-1234"
PIECES = ("Hel", "lo", " there")


def _client(url: str, transport: str) -> Client:
    return Client(api_key=SECRET, base_url=url, transport=TRANSPORTS[transport](), max_retries=0)


def _use(client: Client) -> Dict[str, Any]:
    """What the code under test does: a chat call, a chat stream, a response and a response stream."""
    messages = [{"role": "user", "content": "Say hello."}]
    chat = client.chat.completions.create(model=MODEL, messages=messages)
    with client.chat.completions.create(model=MODEL, messages=messages, stream=True) as chat_stream:
        chunks = [chunk.delta_text for chunk in chat_stream]
        streamed = chat_stream.get_final_completion()
    response = client.responses.create(model=MODEL, input="Say hello.")
    with client.responses.create(model=MODEL, input="Say hello.", stream=True) as events:
        deltas = list(events.text_deltas())
        final = events.get_final_response()
    return {
        "chat": chat.choices[0].message.content,
        "chat usage": chat.usage.total_tokens if chat.usage else None,
        "chat chunks": chunks,
        "chat accumulated": streamed.choices[0].message.content,
        "response": response.output_text,
        "response deltas": deltas,
        "response final": (final.id, final.status, final.output_text),
    }


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A loopback OpenAI, started by ``_record_then_stop``."""
    scripted = ScriptedServer().script(FakeOpenAI(pieces=PIECES))
    try:
        yield scripted
    finally:
        scripted.stop()


def _record_then_stop(server: ScriptedServer, use: Callable[[], Dict[str, Any]]) -> Dict[str, Any]:
    with server:
        recorded = use()
    assert server.stopping.is_set()  # nothing listens at the recorded URL from here on
    return recorded


@pytest.mark.parametrize("transport", sorted(TRANSPORTS))
def test_vcrpy_records_and_replays_plain_calls_and_streams(
    server: ScriptedServer, transport: str, tmp_path: Path
) -> None:
    cassette = str(tmp_path / "calls.yaml")
    recorder = vcr.VCR(record_mode="once", filter_headers=["authorization"])
    client = _client(server.url, transport)

    def record() -> Dict[str, Any]:
        with recorder.use_cassette(cassette):
            return _use(client)

    recorded = _record_then_stop(server, record)
    assert recorded == {
        "chat": "Hello there",
        "chat usage": 4,
        "chat chunks": ["Hel", "lo", " there", ""],
        "chat accumulated": "Hello there",
        "response": "Hello there",
        "response deltas": ["Hel", "lo", " there"],
        "response final": ("resp_1", "completed", "Hello there"),
    }
    assert len(server.requests) == 4
    text = Path(cassette).read_text()
    assert text.count("uri: http://127.0.0.1") == 4 and "text/event-stream" in text
    assert SECRET not in text  # filter_headers kept the key out of the cassette

    replayer = vcr.VCR(record_mode="none")
    with replayer.use_cassette(cassette) as played:
        replayed = _use(_client(server.url, transport))
    assert replayed == recorded
    assert played.play_count == 4 and played.all_played
    assert len(server.requests) == 4  # the replay sent nothing


@pytest.mark.parametrize("transport", sorted(TRANSPORTS))
def test_a_client_made_before_the_cassette_is_recorded_and_replayed(
    server: ScriptedServer, transport: str, tmp_path: Path
) -> None:
    """A module-level client whose pool already holds a connection to the server."""
    cassette = str(tmp_path / "warm.yaml")
    client = _client(server.url, transport)
    messages = [{"role": "user", "content": "Hi"}]

    def record() -> Dict[str, Any]:
        client.chat.completions.create(model=MODEL, messages=messages)  # before the cassette: not recorded
        with vcr.VCR(record_mode="once").use_cassette(cassette):
            return _use(client)

    recorded = _record_then_stop(server, record)
    with vcr.VCR(record_mode="none").use_cassette(cassette) as played:
        assert _use(client) == recorded
    assert played.play_count == 4


@pytest.mark.parametrize("transport", sorted(TRANSPORTS))
def test_a_gzip_encoded_answer_is_recorded_and_replayed(transport: str, tmp_path: Path) -> None:
    """OpenAI compresses its JSON answers; the cassette must replay them readably."""
    cassette = str(tmp_path / "gzip.yaml")
    body = gzip.compress(json.dumps(completion_body("squeezed")).encode())
    server = ScriptedServer().script(
        reply(200, body, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    )

    def ask() -> str:
        answer = _client(server.url, transport).chat.completions.create(model=MODEL, messages=[])
        return answer.choices[0].message.content or ""

    def record() -> Dict[str, Any]:
        with vcr.VCR(record_mode="once").use_cassette(cassette):
            return {"answer": ask()}

    assert _record_then_stop(server, record) == {"answer": "squeezed"}
    with vcr.VCR(record_mode="none").use_cassette(cassette):
        assert ask() == "squeezed"


_SUITE = """
import os

import pytest

from openai_compat import Client, RequestsTransport, Urllib3Transport


@pytest.fixture(scope="module")
def vcr_config():
    return {"filter_headers": ["authorization"]}


@pytest.mark.vcr
@pytest.mark.parametrize("transport", [RequestsTransport, Urllib3Transport], ids=["requests", "urllib3"])
def test_hello(transport):
    client = Client(api_key="%(secret)s", base_url=os.environ["FAKE_OPENAI_URL"], transport=transport())
    messages = [{"role": "user", "content": "Say hello."}]
    assert client.chat.completions.create(model="m", messages=messages).choices[0].message.content == "Hello there"
    with client.chat.completions.create(model="m", messages=messages, stream=True) as stream:
        assert "".join(chunk.delta_text for chunk in stream) == "Hello there"
    with client.responses.create(model="m", input="Say hello.", stream=True) as events:
        assert "".join(events.text_deltas()) == "Hello there"
"""


def test_pytest_recording_records_then_replays_without_the_server(
    server: ScriptedServer, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(test_hello=_SUITE % {"secret": SECRET})
    monkeypatch.setenv("FAKE_OPENAI_URL", server.url)

    def record() -> Dict[str, Any]:
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--record-mode=once")
        return result.parseoutcomes()

    assert _record_then_stop(server, record) == {"passed": 2}
    cassettes = sorted(pytester.path.glob("cassettes/test_hello/*.yaml"))
    assert [path.name for path in cassettes] == ["test_hello[requests].yaml", "test_hello[urllib3].yaml"]
    assert all(SECRET not in path.read_text() for path in cassettes)
    assert len(server.requests) == 6

    replay = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--record-mode=none")
    replay.assert_outcomes(passed=2)
    assert len(server.requests) == 6
