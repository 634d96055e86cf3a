"""The ``connect`` methods of the other WebSocket APIs, against a loopback WebSocket server: the
Responses API (and its beta), the beta Realtime interface, Realtime translations and Live sessions
(new, fork, sideband). Each: the handshake, the client events its helpers send, the typed events it
receives, and the handlers of ``dispatch_events``."""

from __future__ import annotations

import inspect
import json
from typing import Any, Dict, Iterator, List

import pytest
from _realtime_server import FAST, KEY, RealtimeServer, recording, within

from openai_compat import AuthenticationError, Client, OpenAIError
from openai_compat.realtime import RealtimeAPIError
from openai_compat.types import (
    live_events,
    realtime_beta_events,
    realtime_translation_events,
    responses_events,
    responses_ws_events,
)
from openai_compat.types import realtime_server_events as ga


@pytest.fixture
def server() -> Iterator[RealtimeServer]:
    with RealtimeServer() as srv:
        yield srv


@pytest.fixture
def client(server: RealtimeServer) -> Client:
    return Client(api_key=KEY, base_url=server.base_url)


def _recorded(server: RealtimeServer, reply: List[Dict[str, Any]], expect: int) -> List[Any]:
    received: List[Any] = []
    server.script = recording(reply, received=received, expect=expect)
    return received


# -- client.responses.connect --------------------------------------------------------------------

RESPONSE = {"id": "resp_1", "object": "response", "status": "in_progress", "output": []}


def test_responses_over_a_websocket(server: RealtimeServer, client: Client) -> None:
    received = _recorded(server, [
        {"type": "response.created", "sequence_number": 0, "response": RESPONSE, "stream_id": "s1"},
        {"type": "response.output_text.delta", "sequence_number": 1, "item_id": "m", "output_index": 0,
         "content_index": 0, "delta": "Hi", "stream_id": "s1"},
        {"type": "response.steer.accepted", "sequence_number": 2, "steer": {"id": "st_1"}},
        {"type": "error", "status": 400, "error": {"type": "invalid_request_error", "code": "bad", "message": "no"}},
        {"type": "response.brand_new", "sequence_number": 3, "x": 1},
    ], expect=2)
    with within(FAST), client.responses.connect(ping_interval=None) as connection:
        connection.response.create(model="gpt-5", input=(m for m in [{"role": "user", "content": "Hi"}]),
                                   stream_id="s1", metadata={"k": "v"}, temperature=None)
        connection.response.steer(input="and briefly", previous_response_id="resp_1")
        created, delta, steer, error, unknown = list(connection)
    assert received == [
        {"type": "response.create", "model": "gpt-5", "input": [{"role": "user", "content": "Hi"}],
         "stream_id": "s1", "metadata": {"k": "v"}, "temperature": None},  # None is sent, unset is not
        {"type": "response.steer", "input": "and briefly", "previous_response_id": "resp_1"},
    ]
    assert isinstance(created, responses_events.ResponseCreatedEvent) and created.response.id == "resp_1"
    assert isinstance(delta, responses_events.ResponseTextDeltaEvent) and delta.delta == "Hi"
    assert delta.stream_id == "s1"  # type: ignore[attr-defined]  # kept though the stream event does not declare it
    assert isinstance(steer, responses_ws_events.ResponseSteerAcceptedEvent) and steer.steer == {"id": "st_1"}
    assert isinstance(error, responses_ws_events.ResponseWsError) and (error.status, error.error.code) == (400, "bad")
    assert isinstance(unknown, responses_events.UnknownEvent) and unknown.raw["x"] == 1
    [handshake] = server.handshakes
    assert handshake.path == "/v1/responses" and handshake.headers["authorization"] == f"Bearer {KEY}"
    assert "openai-beta" not in handshake.headers


def test_beta_responses_adds_multi_agent_and_inject(server: RealtimeServer, client: Client) -> None:
    received = _recorded(server, [{"type": "response.inject.created", "sequence_number": 0, "response_id": "r"}], 2)
    with within(FAST), client.beta.responses.connect(ping_interval=None) as connection:
        with pytest.raises(TypeError, match="nonsense"):
            connection.response.create(model="m", nonsense=1)
        connection.response.create(model="m", multi_agent={"enabled": True})
        connection.response.inject(input=iter([{"type": "function_call_output", "call_id": "c", "output": "4"}]),
                                   response_id="r")
        [event] = list(connection)
    assert received == [
        {"type": "response.create", "model": "m", "multi_agent": {"enabled": True}},
        {"type": "response.inject", "input": [{"type": "function_call_output", "call_id": "c", "output": "4"}],
         "response_id": "r"},
    ]
    assert isinstance(event, responses_ws_events.BetaResponseInjectCreatedEvent) and event.response_id == "r"


def test_a_refused_responses_handshake_raises_the_status_error(server: RealtimeServer, client: Client) -> None:
    server.reject = lambda handshake: (401, json.dumps({"error": {"message": f"bad key {KEY}"}}), {})
    manager = client.responses.connect(ping_interval=None)  # nothing is opened yet
    assert server.handshakes == []
    with within(FAST), pytest.raises(AuthenticationError) as caught:
        manager.enter()
    assert caught.value.status_code == 401 and KEY not in str(caught.value)


# -- client.beta.realtime.connect -----------------------------------------------------------------


def test_the_beta_realtime_interface(server: RealtimeServer, client: Client) -> None:
    received = _recorded(server, [
        {"type": "response.text.delta", "event_id": "e", "response_id": "r", "item_id": "i", "delta": "Hi"},
        {"type": "response.audio_transcript.done", "event_id": "e2", "transcript": "Hi"},
        {"type": "session.created", "event_id": "e3", "session": {"modalities": ["text"]}},
    ], expect=1)
    with within(FAST), client.beta.realtime.connect(model="gpt-4o-realtime-preview", ping_interval=None) as conn:
        conn.transcription_session.update(session={"input_audio_format": "pcm16"})
        text, transcript, created = list(conn)
    assert received == [{"type": "transcription_session.update", "session": {"input_audio_format": "pcm16"}}]
    assert isinstance(text, realtime_beta_events.ResponseTextDeltaEvent) and text.delta == "Hi"
    assert isinstance(text, ga.ResponseTextDeltaEvent)  # the GA twin's fields and isinstance checks
    assert isinstance(transcript, realtime_beta_events.ResponseAudioTranscriptDoneEvent)
    assert isinstance(created, ga.SessionCreatedEvent)
    [handshake] = server.handshakes
    assert handshake.headers["openai-beta"] == "realtime=v1"
    assert handshake.path == "/v1/realtime?model=gpt-4o-realtime-preview"  # over ws://, as the base URL is http


# -- client.realtime.translations.connect ---------------------------------------------------------


def test_realtime_translation_sessions(server: RealtimeServer, client: Client) -> None:
    received = _recorded(server, [
        {"type": "session.output_transcript.delta", "event_id": "e1", "delta": "Hola", "elapsed_ms": 200},
        {"type": "session.output_audio.delta", "event_id": "e2", "delta": "AAAA", "sample_rate": 24000},
        {"type": "session.closed", "event_id": "e3"},
    ], expect=3)
    with within(FAST), client.realtime.translations.connect("gpt-realtime-translate", ping_interval=None) as conn:
        conn.session.update(session={"audio": {"output": {"language": "es"}}})
        conn.session.input_audio_buffer.append(audio="AAAA", event_id="a1")
        conn.session.close()
        transcript, audio, closed = list(conn)
    assert received == [
        {"type": "session.update", "session": {"audio": {"output": {"language": "es"}}}},
        {"type": "session.input_audio_buffer.append", "audio": "AAAA", "event_id": "a1"},
        {"type": "session.close"},
    ]
    assert isinstance(transcript, realtime_translation_events.RealtimeTranslationOutputTranscriptDeltaEvent)
    assert (transcript.delta, transcript.elapsed_ms) == ("Hola", 200)
    assert isinstance(audio, realtime_translation_events.RealtimeTranslationOutputAudioDeltaEvent)
    assert isinstance(closed, realtime_translation_events.RealtimeTranslationSessionClosedEvent)
    assert server.handshakes[0].path == "/v1/realtime/translations?model=gpt-realtime-translate"
    with pytest.raises(ValueError, match="intent"):
        client.realtime.translations.connect("m", extra_query={"intent": "transcription"})


# -- client.live ----------------------------------------------------------------------------------


def test_a_live_session(server: RealtimeServer, client: Client) -> None:
    received = _recorded(server, [
        {"type": "session.started", "event_id": "e1", "session": {"id": "ls_1"}},
        {"type": "session.output_transcript.delta", "event_id": "e2", "delta": "Hi", "start_ms": 0, "end_ms": 90},
        {"type": "error", "event_id": "e3", "error": {"type": "invalid_request_error", "code": "nope",
                                                      "message": "bad"}},
    ], expect=6)
    with within(FAST), client.live.connect(ping_interval=None) as conn:
        conn.session.start(session={"model": "gpt-live"})  # type: ignore[attr-defined]
        conn.session.input_audio.append(audio="AAAA")  # type: ignore[union-attr]
        conn.session.instructions.append(content="be kind", delegation_id=None)
        conn.session.output_audio.fixture.play(audio="BBBB", event_id="f1")
        conn.decision.create(event_id="d1")
        conn.response.item.create(item={"type": "message", "role": "user", "content": "hi"})
        started, delta, error = list(conn)
    assert received == [
        {"type": "session.start", "session": {"model": "gpt-live"}},
        {"type": "session.input_audio.append", "audio": "AAAA"},
        {"type": "session.instructions.append", "content": "be kind", "delegation_id": None},
        {"type": "session.output_audio.fixture.play", "audio": "BBBB", "event_id": "f1"},
        {"type": "decision.create", "event_id": "d1"},
        {"type": "response.item.create", "item": {"type": "message", "role": "user", "content": "hi"}},
    ]
    assert isinstance(started, live_events.SessionStartedEvent) and started.session == {"id": "ls_1"}
    assert isinstance(delta, live_events.OutputTranscriptDeltaEvent) and delta.end_ms == 90
    assert isinstance(error, live_events.ErrorEvent) and error.error.code == "nope"
    assert server.handshakes[0].path == "/v1/live/sessions"


def test_live_forks_and_sidebands(server: RealtimeServer, client: Client) -> None:
    received = _recorded(server, [{"type": "transport.dtmf.received", "event_id": "e", "event": "5"}], expect=2)
    with within(FAST), client.live.sideband.connect(session_id="ls/1", graceful_close=True,
                                                    ping_interval=None) as conn:
        assert not hasattr(conn.session.input_audio, "append")  # an observer does not send audio
        conn.session.input_audio.mute()
        conn.transport.dtmf.send(event="#")
        [dtmf] = list(conn)
    assert received == [{"type": "session.input_audio.mute"}, {"type": "transport.dtmf.send", "event": "#"}]
    assert isinstance(dtmf, live_events.TransportDtmfReceived) and dtmf.event == "5"
    with within(FAST), client.live.forks.connect(session_id="ls_1", ping_interval=None) as fork:
        fork.session.start(session={"fork": True})  # type: ignore[attr-defined]
    assert [h.path for h in server.handshakes] == ["/v1/live/sessions/ls%2F1/attach?graceful_close=true",
                                                   "/v1/live/sessions/ls_1/fork"]


# -- handlers --------------------------------------------------------------------------------------


def test_dispatch_events_calls_the_handlers(server: RealtimeServer, client: Client) -> None:
    server.script = recording([{"type": "session.created", "event_id": "e1", "session": {}},
                               {"type": "session.updated", "event_id": "e2", "session": {}},
                               {"type": "session.updated", "event_id": "e3", "session": {}}])
    calls: List[str] = []
    manager = client.realtime.connect(model="m", ping_interval=None)

    @manager.on("session.created")
    def created(event: Any) -> None:
        calls.append(f"created {event.event_id}")

    manager.once("session.updated", lambda event: calls.append(f"once {event.event_id}"))
    everything = manager.on("event", lambda event: calls.append(f"any {event.event_id}"))
    assert everything is manager and created.__name__ == "created"  # chained, and the function is kept
    with within(FAST), manager as connection:
        connection.dispatch_events()
    assert calls == ["created e1", "any e1", "once e2", "any e2", "any e3"]


def test_an_error_event_without_a_handler_is_raised_by_dispatch(server: RealtimeServer, client: Client) -> None:
    error = {"type": "error", "event_id": "e", "error": {"type": "invalid_request_error", "code": "x", "message": "m"}}
    server.script = recording([error, error])
    seen: List[Any] = []
    with within(FAST), client.realtime.connect(model="m", ping_interval=None) as connection:
        with pytest.raises(RealtimeAPIError) as caught:
            connection.dispatch_events()
        assert isinstance(caught.value, OpenAIError) and caught.value.code == "x"
        connection.on("error", seen.append)
        connection.dispatch_events()  # handled now
    assert [type(e) for e in seen] == [ga.RealtimeErrorEvent]
    connection.off("error", seen.append)


# -- the surface -------------------------------------------------------------------------------------


def _parameters(method: Any) -> List[str]:
    return [name for name in inspect.signature(method).parameters if name not in _OURS]


_OURS = {"proxy", "ca_certs", "ssl_context", "ping_interval", "open_timeout", "websocket_options"}
_COMMON = ["extra_query", "extra_headers", "websocket_connection_options", "on_reconnecting", "max_retries",
           "initial_delay", "max_delay", "max_queue_size"]


def test_the_connect_methods_take_openai_pythons_parameters(client: Client) -> None:
    # openai-python 3.57.0's, in its order (``inspect.signature`` of each ``connect`` there).
    assert _parameters(client.realtime.connect) == ["call_id", "model", *_COMMON]
    assert _parameters(client.realtime.translations.connect) == ["model", *_COMMON]
    assert _parameters(client.beta.realtime.connect) == ["model", *_COMMON]  # openai-python: model + 3 options
    assert _parameters(client.responses.connect) == _COMMON
    assert _parameters(client.beta.responses.connect) == _COMMON
    assert _parameters(client.live.connect) == _COMMON
    assert _parameters(client.live.forks.connect) == ["session_id", *_COMMON]
    assert _parameters(client.live.sideband.connect) == ["session_id", "graceful_close", *_COMMON]
    positional = inspect.signature(client.responses.connect).parameters["extra_query"].kind
    assert positional is inspect.Parameter.POSITIONAL_OR_KEYWORD  # responses.connect({"a": "b"}) works
