"""Realtime events against a loopback WebSocket server: every client event as JSON on the wire, every
server event type of the spec decoded to its class, unknown types kept, ``error`` events delivered."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest
from _realtime_server import FAST, RealtimeServer, open_connection, recording, within

from openai_compat import APIResponseValidationError
from openai_compat.realtime import RealtimeAPIError, RealtimeConnection
from openai_compat.types import realtime_client_events as client_events
from openai_compat.types import realtime_server_events as events


@pytest.fixture
def server() -> Iterator[RealtimeServer]:
    with RealtimeServer() as srv:
        yield srv


def test_typed_and_dict_client_events_go_out_as_json(server: RealtimeServer) -> None:
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}
    with open_connection(server) as connection:
        connection.recv(timeout=FAST)
        connection.session.update(session={"type": "realtime", "output_modalities": ["text"]}, event_id="ev_c1")
        connection.conversation.item.create(item=item, previous_item_id="root")
        connection.conversation.item.retrieve(item_id="it_1")
        connection.conversation.item.delete(item_id="it_1")
        connection.conversation.item.truncate(item_id="it_2", content_index=0, audio_end_ms=1500)
        connection.input_audio_buffer.append(audio="AAAA")
        connection.input_audio_buffer.commit()
        connection.input_audio_buffer.clear()
        connection.output_audio_buffer.clear()
        connection.response.create(response={"instructions": "Be brief"})
        connection.response.create()
        connection.response.cancel(response_id="resp_1")
        connection.send(client_events.TranscriptionSessionUpdateEvent(session={"type": "transcription"}))
        connection.send({"type": "response.create", "response": {"metadata": {"k": None}}})
        echoed = [connection.recv(timeout=FAST) for _ in range(14)]
    assert all(isinstance(e, events.UnknownRealtimeServerEvent) and e.type == "test.echo" for e in echoed)
    assert [e.raw["received"] for e in echoed] == [
        {"type": "session.update", "event_id": "ev_c1", "session": {"type": "realtime", "output_modalities": ["text"]}},
        {"type": "conversation.item.create", "item": item, "previous_item_id": "root"},
        {"type": "conversation.item.retrieve", "item_id": "it_1"},
        {"type": "conversation.item.delete", "item_id": "it_1"},
        {"type": "conversation.item.truncate", "item_id": "it_2", "content_index": 0, "audio_end_ms": 1500},
        {"type": "input_audio_buffer.append", "audio": "AAAA"},
        {"type": "input_audio_buffer.commit"},
        {"type": "input_audio_buffer.clear"},
        {"type": "output_audio_buffer.clear"},
        {"type": "response.create", "response": {"instructions": "Be brief"}},
        {"type": "response.create"},
        {"type": "response.cancel", "response_id": "resp_1"},
        {"type": "transcription_session.update", "session": {"type": "transcription"}},
        {"type": "response.create", "response": {"metadata": {"k": None}}},
    ]


# Every server event ``type`` of the spec (RealtimeServerEvent, plus transcription_session.created).
SPEC_SERVER_EVENT_TYPES = {
    "conversation.created", "conversation.item.added", "conversation.item.created", "conversation.item.deleted",
    "conversation.item.done", "conversation.item.input_audio_transcription.completed",
    "conversation.item.input_audio_transcription.delta", "conversation.item.input_audio_transcription.failed",
    "conversation.item.input_audio_transcription.segment", "conversation.item.retrieved",
    "conversation.item.truncated", "error", "input_audio_buffer.cleared", "input_audio_buffer.committed",
    "input_audio_buffer.dtmf_event_received", "input_audio_buffer.speech_started",
    "input_audio_buffer.speech_stopped", "input_audio_buffer.timeout_triggered", "mcp_list_tools.completed",
    "mcp_list_tools.failed", "mcp_list_tools.in_progress", "output_audio_buffer.cleared",
    "output_audio_buffer.started", "output_audio_buffer.stopped", "rate_limits.updated",
    "response.content_part.added", "response.content_part.done", "response.created", "response.done",
    "response.function_call_arguments.delta", "response.function_call_arguments.done",
    "response.mcp_call.completed", "response.mcp_call.failed", "response.mcp_call.in_progress",
    "response.mcp_call_arguments.delta", "response.mcp_call_arguments.done", "response.output_audio.delta",
    "response.output_audio.done", "response.output_audio_transcript.delta", "response.output_audio_transcript.done",
    "response.output_item.added", "response.output_item.done", "response.output_text.delta",
    "response.output_text.done", "session.created", "session.updated", "transcription_session.created",
    "transcription_session.updated",
}


def test_every_server_event_type_is_typed_and_an_unknown_one_is_kept(server: RealtimeServer) -> None:
    members: Dict[str, type] = events.RealtimeServerEvent.members  # type: ignore[attr-defined]
    assert set(members) == SPEC_SERVER_EVENT_TYPES
    sent: List[Dict[str, Any]] = [{"type": kind, "event_id": f"ev_{i}"} for i, kind in enumerate(sorted(members))]
    sent.append({"type": "brand.new.event", "event_id": "ev_new", "payload": {"x": [1, 2]}})
    server.script = recording(sent)
    with within(FAST), open_connection(server) as connection:
        received = list(connection)  # a normal close (1000) ends the loop
    assert [type(e) for e in received[:-1]] == [members[kind] for kind in sorted(members)]
    assert [e.event_id for e in received] == [s["event_id"] for s in sent]
    unknown = received[-1]
    assert isinstance(unknown, events.UnknownRealtimeServerEvent)
    assert unknown.type == "brand.new.event" and unknown.payload == {"x": [1, 2]} and unknown.raw == sent[-1]
    assert connection.close_code == 1000


def test_rich_events_decode_and_keep_unknown_fields(server: RealtimeServer) -> None:
    output = [{"id": "it_1", "object": "realtime.item", "type": "message", "role": "assistant", "status": "completed",
               "content": [{"type": "output_text", "text": "Hello"}, {"type": "output_audio", "transcript": "!"}]}]
    server.script = recording([
        {"type": "response.done", "event_id": "e1", "response": {"id": "r1", "status": "completed", "output": output,
                                                                   "usage": {"total_tokens": 7}, "new_field": 1}},
        {"type": "rate_limits.updated", "event_id": "e2",
         "rate_limits": [{"name": "tokens", "limit": 100, "remaining": 90, "reset_seconds": 1.5}]},
        {"type": "response.output_text.delta", "event_id": "e3", "response_id": "r1", "item_id": "it_1",
         "output_index": 0, "content_index": 0, "delta": "Hel", "obfuscation": "xyz"},
    ])
    with open_connection(server) as connection:
        done, limits, delta = list(connection)
    assert isinstance(done, events.ResponseDoneEvent) and done.response.output_text == "Hello!"
    assert done.response.output[0].role == "assistant" and done.response.usage == {"total_tokens": 7}
    assert done.response.new_field == 1 and done.to_dict()["response"]["new_field"] == 1
    assert isinstance(limits, events.RateLimitsUpdatedEvent) and limits.rate_limits[0].remaining == 90
    assert isinstance(delta, events.ResponseTextDeltaEvent) and delta.delta == "Hel" and delta.obfuscation == "xyz"


def test_error_events_are_delivered_not_raised(server: RealtimeServer) -> None:
    error = {"type": "invalid_request_error", "code": "invalid_value", "message": "Bad modality",
             "param": "session.output_modalities", "event_id": "ev_c1"}
    server.script = recording([{"type": "error", "event_id": "e1", "error": error},
                               {"type": "session.updated", "event_id": "e2", "session": {}}])
    with open_connection(server) as connection:
        failure, after = list(connection)  # the session goes on after the error
    assert isinstance(failure, events.RealtimeErrorEvent) and failure.error.param == "session.output_modalities"
    assert isinstance(after, events.SessionUpdatedEvent)
    RealtimeConnection.raise_for_error(after)  # not an error: nothing happens
    with pytest.raises(RealtimeAPIError, match="Bad modality") as caught:
        RealtimeConnection.raise_for_error(failure)
    assert caught.value.code == "invalid_value" and caught.value.param == "session.output_modalities"
    assert caught.value.event is failure


def test_recv_bytes_and_parse_event(server: RealtimeServer) -> None:
    server.script = recording([{"type": "input_audio_buffer.cleared", "event_id": "e1"}])
    with open_connection(server) as connection:
        raw = connection.recv_bytes(timeout=FAST)
        assert json.loads(raw) == {"type": "input_audio_buffer.cleared", "event_id": "e1"}
        assert isinstance(connection.parse_event(raw), events.InputAudioBufferClearedEvent)
        with pytest.raises(APIResponseValidationError) as caught:
            connection.parse_event(b"{not json")
        assert caught.value.raw_body == b"{not json"
