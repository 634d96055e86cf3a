"""Automatic reconnection and the send queue, against a loopback WebSocket server that drops the
connection (no close frame: 1006), closes it with a code, or refuses the next handshake."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from typing import Any, Dict, List, Optional

import pytest
from _realtime_server import (
    FAST,
    KEY,
    WAIT_LIMIT,
    RealtimeServer,
    drop,
    recording,
    sequence,
    session_for,
    within,
)
from websockets.sync.server import ServerConnection

from openai_compat import WebSocketConnectionClosedError, WebSocketQueueFullError
from openai_compat.realtime import RealtimeConnectionClosedError
from openai_compat.realtime.recovery import ReconnectPolicy, SessionMemory
from openai_compat.resources.realtime import connect
from openai_compat.types import realtime_server_events as events
from openai_compat.types.websocket_reconnection import ReconnectingEvent, is_recoverable_close

QUICK: Dict[str, Any] = {"initial_delay": 0.01, "max_delay": 0.02, "ping_interval": None}
CREATED = json.dumps({"type": "session.created", "event_id": "ev_created", "session": {"type": "realtime"}})


@pytest.fixture
def server() -> RealtimeServer:
    with RealtimeServer() as srv:
        yield srv  # type: ignore[misc]


def created_then(then: Any) -> Any:
    def script(conn: ServerConnection) -> None:
        conn.send(CREATED)
        then(conn)

    return script


def reset(conn: ServerConnection) -> None:
    """Abort the TCP connection (RST): the client's next write fails at once."""
    conn.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.socket.close()


def test_a_dropped_connection_reconnects_restores_the_session_then_sends_the_queue(server: RealtimeServer) -> None:
    received: List[Any] = []

    def first(conn: ServerConnection) -> None:
        for _ in range(2):
            received.append(("first", json.loads(conn.recv(timeout=WAIT_LIMIT))))
        conn.send(json.dumps({"type": "session.updated", "event_id": "e1"}))
        drop(conn)

    server.script = sequence(first, recording([{"type": "session.updated", "event_id": "e2"}],
                                              received=received, expect=2))
    seen: List[ReconnectingEvent] = []

    def on_reconnecting(event: ReconnectingEvent) -> None:
        seen.append(event)
        connection.send({"type": "response.create"})  # no socket now: queued, sent after the session

    manager = connect(session_for(server), model="m", extra_query={"q": "1"}, extra_headers={"X-H": "v"},
                      on_reconnecting=on_reconnecting, **QUICK)
    with within(FAST), manager as connection:
        connection.session.update(session={"type": "realtime", "instructions": "Be brief",
                                           "audio": {"output": {"voice": "alloy"}}}, event_id="ev_1")
        connection.session.update(session={"type": "realtime", "audio": {"input": {"noise_reduction": None}}})
        kinds = [event.type for event in connection]  # a normal close of the second socket ends it
    assert kinds == ["session.updated", "session.updated"]
    merged = {"type": "session.update", "session": {"type": "realtime", "instructions": "Be brief",
                                                    "audio": {"output": {"voice": "alloy"},
                                                              "input": {"noise_reduction": None}}}}
    assert received[2:] == [merged, {"type": "response.create"}]  # the session first, then the queue
    [event] = seen
    assert (event.attempt, event.max_attempts, event.close_code) == (1, 5, 1006)
    assert 0.0075 <= event.delay <= 0.01 and event.extra_query == {"q": "1"} and event.extra_headers == {"X-H": "v"}
    assert [h.path for h in server.handshakes] == ["/v1/realtime?model=m&q=1"] * 2
    assert all(h.headers["authorization"] == f"Bearer {KEY}" and h.headers["x-h"] == "v" for h in server.handshakes)


def test_on_reconnecting_replaces_query_and_headers_then_aborts(server: RealtimeServer) -> None:
    server.script = created_then(drop)  # every socket: session.created, then dropped
    answers: List[Optional[Dict[str, Any]]] = [{"extra_query": {"q": "2"}, "extra_headers": {"X-H": "2"}},
                                               {"abort": True}]
    attempts: List[int] = []

    def on_reconnecting(event: ReconnectingEvent) -> Optional[Dict[str, Any]]:
        attempts.append(event.attempt)
        return answers.pop(0)

    seen: List[Any] = []
    manager = connect(session_for(server), model="m", extra_query={"q": "1"}, on_reconnecting=on_reconnecting,
                      **QUICK)
    with within(FAST), manager as connection, pytest.raises(RealtimeConnectionClosedError) as caught:
        seen.extend(connection)
    assert caught.value.close_code == 1006 and len(seen) == 2
    assert attempts == [1, 1]  # session.created on the new socket: the next drop starts from attempt 1
    assert [h.path for h in server.handshakes] == ["/v1/realtime?model=m&q=1", "/v1/realtime?model=m&q=2"]
    assert "x-h" not in server.handshakes[0].headers and server.handshakes[1].headers["x-h"] == "2"


@pytest.mark.parametrize(("code", "reconnects"), [(1001, True), (1011, True), (1012, True), (1013, True),
                                                  (4000, False), (1008, False), (1002, False)])
def test_which_close_codes_reconnect(server: RealtimeServer, code: int, reconnects: bool) -> None:
    assert is_recoverable_close(code) is reconnects
    server.script = sequence(created_then(lambda conn: conn.close(code, "bye")), created_then(lambda conn: None))
    calls: List[int] = []
    seen: List[Any] = []
    with within(FAST), connect(session_for(server), model="m", on_reconnecting=lambda e: calls.append(e.close_code),
                               **QUICK) as connection:
        if reconnects:
            seen.extend(connection)  # the second socket closes normally
        else:
            with pytest.raises(RealtimeConnectionClosedError) as caught:
                seen.extend(connection)
            assert (caught.value.close_code, caught.value.close_reason) == (code, "bye")
    assert calls == ([code] if reconnects else []) and len(seen) == (2 if reconnects else 1)
    assert len(server.handshakes) == (2 if reconnects else 1)


def test_a_normal_close_ends_the_iteration_without_reconnecting(server: RealtimeServer) -> None:
    server.script = created_then(lambda conn: None)  # websockets closes with 1000 when the script returns
    calls: List[Any] = []
    with within(FAST), connect(session_for(server), model="m", on_reconnecting=calls.append, **QUICK) as connection:
        assert [type(e) for e in connection] == [events.SessionCreatedEvent]
    assert calls == [] and len(server.handshakes) == 1


def test_without_on_reconnecting_a_drop_is_raised_as_in_openai_python(server: RealtimeServer) -> None:
    server.script = created_then(drop)
    with within(FAST), connect(session_for(server), model="m", **QUICK) as connection:
        connection.recv(timeout=FAST)
        with pytest.raises(RealtimeConnectionClosedError) as caught:
            connection.recv(timeout=FAST)
    assert caught.value.close_code == 1006 and caught.value.should_retry and len(server.handshakes) == 1


def test_refused_reconnects_use_up_max_retries_and_report_the_unsent_messages(server: RealtimeServer) -> None:
    server.script = created_then(drop)
    server.reject = lambda handshake: (503, '{"error": {"message": "busy"}}', {}) if server.handshakes[1:] else None
    attempts: List[int] = []

    def on_reconnecting(event: ReconnectingEvent) -> None:
        attempts.append(event.attempt)
        connection.send({"type": "response.create", "event_id": f"r{event.attempt}"})

    manager = connect(session_for(server), model="m", max_retries=3, on_reconnecting=on_reconnecting, **QUICK)
    with within(FAST), manager as connection, pytest.raises(WebSocketConnectionClosedError) as caught:
        list(connection)
    assert attempts == [1, 2, 3] and len(server.handshakes) == 4
    assert [json.loads(m)["event_id"] for m in caught.value.unsent_messages] == ["r1", "r2", "r3"]
    assert isinstance(caught.value.__cause__, RealtimeConnectionClosedError)
    assert caught.value.__cause__.close_code == 1006
    assert "response.create" not in repr(caught.value)  # the messages stay out of the repr
    with pytest.raises(RealtimeConnectionClosedError):  # given up: sends fail at once
        connection.send({"type": "response.create"})


def test_recv_reconnects_too(server: RealtimeServer) -> None:
    server.script = sequence(created_then(drop), created_then(lambda conn: conn.recv(timeout=WAIT_LIMIT)))
    with within(FAST), connect(session_for(server), model="m", on_reconnecting=lambda e: None, **QUICK) as conn:
        first = conn.recv(timeout=FAST)
        second = conn.recv(timeout=FAST)  # the drop, a reconnect, then the new session's first event
    assert [type(first), type(second)] == [events.SessionCreatedEvent] * 2 and len(server.handshakes) == 2


def test_a_send_that_hits_the_dead_socket_is_kept_for_the_new_one(server: RealtimeServer) -> None:
    # openai-python raises from such a send; with reconnection on, it waits in the queue instead.
    go = threading.Event()
    received: List[Any] = []
    server.script = sequence(created_then(lambda conn: (go.wait(WAIT_LIMIT), reset(conn))),
                             recording([], received=received, expect=1, then=lambda conn: None))
    with within(FAST), connect(session_for(server), model="m", on_reconnecting=lambda e: None, **QUICK) as conn:
        conn.recv(timeout=FAST)
        go.set()
        deadline = time.monotonic() + FAST
        sent = 0
        while not conn.closed and time.monotonic() < deadline:  # until a write finds the socket gone
            sent += 1
            conn.send({"type": "input_audio_buffer.append", "audio": "AAAA", "event_id": f"a{sent}"})
            time.sleep(0.005)
        assert conn.closed
        assert [type(e) for e in conn] == []  # reconnects, sends the queued event; the server closes
    assert received == [{"type": "input_audio_buffer.append", "audio": "AAAA", "event_id": f"a{sent}"}]


def test_close_ends_a_reconnect_that_is_waiting(server: RealtimeServer) -> None:
    server.script = created_then(drop)
    waiting = threading.Event()
    outcome: List[Any] = []
    manager = connect(session_for(server), model="m", on_reconnecting=lambda e: waiting.set(), initial_delay=30,
                      ping_interval=None)
    connection = manager.enter()

    def reader() -> None:
        try:
            outcome.extend(type(e) for e in connection)
            outcome.append("ended")
        except Exception as exc:  # the test reports whatever escaped
            outcome.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    assert waiting.wait(FAST)  # the drop was seen; the reconnect waits 30 s
    with within(FAST):
        connection.close()
        thread.join(FAST)
    assert outcome == [events.SessionCreatedEvent, "ended"] and connection.close_code == 1000
    assert len(server.handshakes) == 1


def test_an_on_reconnecting_that_raises_stops_and_is_the_cause(server: RealtimeServer) -> None:
    server.script = created_then(drop)

    def on_reconnecting(event: ReconnectingEvent) -> None:
        raise KeyError("app bug")

    manager = connect(session_for(server), model="m", on_reconnecting=on_reconnecting, **QUICK)
    with within(FAST), manager as conn, pytest.raises(RealtimeConnectionClosedError) as caught:
        list(conn)
    assert isinstance(caught.value.__cause__, KeyError) and len(server.handshakes) == 1


def test_events_sent_before_entering_go_first_and_the_queue_is_bounded(server: RealtimeServer) -> None:
    received: List[Any] = []
    server.script = recording([{"type": "session.updated", "event_id": "e"}], received=received, expect=2)
    manager = connect(session_for(server), model="m", max_queue_size=120, ping_interval=None)
    manager.send({"type": "session.update", "session": {"type": "realtime"}})
    manager.send({"type": "response.create"})
    with pytest.raises(WebSocketQueueFullError, match="max_queue_size=120"):
        manager.send({"type": "input_audio_buffer.append", "audio": "A" * 100})
    with within(FAST), manager as connection:
        connection.recv(timeout=FAST)
    assert received == [{"type": "session.update", "session": {"type": "realtime"}}, {"type": "response.create"}]


@pytest.mark.parametrize("bad", [{"max_retries": -1}, {"max_retries": 1.5}, {"initial_delay": -0.1},
                                 {"max_delay": "1"}, {"max_queue_size": 0}, {"on_reconnecting": "yes"}])
def test_bad_reconnection_arguments_are_refused_before_connecting(server: RealtimeServer,
                                                                    bad: Dict[str, Any]) -> None:
    with pytest.raises((ValueError, TypeError)):
        connect(session_for(server), model="m", **bad)
    assert server.handshakes == []


def test_the_backoff_doubles_up_to_max_delay_with_jitter() -> None:
    low = ReconnectPolicy(lambda e: None, initial_delay=0.5, max_delay=8.0, random=lambda: 0.0)
    high = ReconnectPolicy(lambda e: None, initial_delay=0.5, max_delay=8.0, random=lambda: 1.0)
    assert [low.delay(n) for n in range(1, 7)] == [0.375, 0.75, 1.5, 3.0, 6.0, 6.0]
    assert [high.delay(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert not ReconnectPolicy(None).enabled and not ReconnectPolicy(lambda e: None, max_retries=0).enabled


def test_session_updates_merge_as_the_api_applies_them() -> None:
    memory = SessionMemory(frozenset({"session.update"}))
    memory.note({"type": "session.update", "event_id": "1", "session": {"tools": [{"name": "a"}], "audio": {"x": 1}}})
    memory.note({"type": "response.create"})  # not configuration: not kept
    memory.note({"type": "session.update", "session": {"tools": [], "audio": {"y": None}, "instructions": "hi"}})
    assert memory.events() == [{"type": "session.update", "session": {"tools": [], "audio": {"x": 1, "y": None},
                                                                     "instructions": "hi"}}]
