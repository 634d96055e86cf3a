"""The client-event helpers of the Realtime connections, named as in openai-python
(https://platform.openai.com/docs/api-reference/realtime-client-events):
``connection.session.update(...)`` sends a ``session.update`` event, and so on. Each builds the event
(a typed one of ``types.realtime_client_events``, or a dict) from the arguments given and sends it;
nothing unset is sent. The beta interface adds ``transcription_session.update``; translation
sessions have their own three events.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Protocol, Union

import msgspec

from ..types.realtime_client_events import (
    ConversationItemCreateEvent,
    ConversationItemDeleteEvent,
    ConversationItemRetrieveEvent,
    ConversationItemTruncateEvent,
    InputAudioBufferAppendEvent,
    InputAudioBufferClearEvent,
    InputAudioBufferCommitEvent,
    OutputAudioBufferClearEvent,
    ResponseCancelEvent,
    ResponseCreateEvent,
    SessionUpdateEvent,
)

__all__ = [
    "ConversationItemResource",
    "ConversationResource",
    "EventSender",
    "InputAudioBufferResource",
    "OutputAudioBufferResource",
    "ResponseResource",
    "SessionResource",
    "TranscriptionSessionResource",
    "TranslationSessionResource",
    "event",
]

UNSET = msgspec.UNSET
_Str = Union[str, msgspec.UnsetType]
JSONObject = Union[Mapping[str, Any], msgspec.Struct]


def _json_object(value: JSONObject) -> Dict[str, Any]:
    # A typed object (a received item, say) is sent as its JSON fields, extras included.
    from ..types._codec import decode_untyped, encode_json

    result: Dict[str, Any] = decode_untyped(encode_json(value))
    return result


def event(kind: str, **fields: Any) -> Dict[str, Any]:
    """A client event of type ``kind`` with the fields that are set (``UNSET`` ones left out)."""
    return {"type": kind, **{name: value for name, value in fields.items() if value is not UNSET}}


class EventSender(Protocol):
    """What the helpers need of a ``RealtimeConnection``: it sends one client event."""

    def send(self, event: Union[Mapping[str, Any], msgspec.Struct]) -> None: ...


class _Resource:
    def __init__(self, connection: EventSender) -> None:
        self._connection = connection


class SessionResource(_Resource):
    def update(self, *, session: JSONObject, event_id: _Str = UNSET) -> None:
        """Send ``session.update``: ``session`` is the new configuration, e.g.
        ``{"type": "realtime", "instructions": "...", "output_modalities": ["text"]}``."""
        self._connection.send(SessionUpdateEvent(session=_json_object(session), event_id=event_id))


class ResponseResource(_Resource):
    def create(self, *, response: Union[JSONObject, msgspec.UnsetType] = UNSET, event_id: _Str = UNSET) -> None:
        """Send ``response.create``; ``response`` overrides session settings for this response only."""
        params = UNSET if isinstance(response, msgspec.UnsetType) else _json_object(response)
        self._connection.send(ResponseCreateEvent(response=params, event_id=event_id))

    def cancel(self, *, response_id: _Str = UNSET, event_id: _Str = UNSET) -> None:
        """Send ``response.cancel`` (the response in progress when ``response_id`` is unset)."""
        self._connection.send(ResponseCancelEvent(response_id=response_id, event_id=event_id))


class InputAudioBufferResource(_Resource):
    def append(self, *, audio: str, event_id: _Str = UNSET) -> None:
        """Send ``input_audio_buffer.append``; ``audio`` is base64 in the session's input format."""
        self._connection.send(InputAudioBufferAppendEvent(audio=audio, event_id=event_id))

    def commit(self, *, event_id: _Str = UNSET) -> None:
        self._connection.send(InputAudioBufferCommitEvent(event_id=event_id))

    def clear(self, *, event_id: _Str = UNSET) -> None:
        self._connection.send(InputAudioBufferClearEvent(event_id=event_id))


class OutputAudioBufferResource(_Resource):
    def clear(self, *, event_id: _Str = UNSET) -> None:
        """Send ``output_audio_buffer.clear`` (WebRTC and SIP sessions)."""
        self._connection.send(OutputAudioBufferClearEvent(event_id=event_id))


class ConversationItemResource(_Resource):
    def create(self, *, item: JSONObject, previous_item_id: _Str = UNSET, event_id: _Str = UNSET) -> None:
        """Send ``conversation.item.create``, e.g. with ``item={"type": "message", "role": "user",
        "content": [{"type": "input_text", "text": "Hi"}]}``."""
        event = ConversationItemCreateEvent(item=_json_object(item), previous_item_id=previous_item_id,
                                            event_id=event_id)
        self._connection.send(event)

    def retrieve(self, *, item_id: str, event_id: _Str = UNSET) -> None:
        self._connection.send(ConversationItemRetrieveEvent(item_id=item_id, event_id=event_id))

    def delete(self, *, item_id: str, event_id: _Str = UNSET) -> None:
        self._connection.send(ConversationItemDeleteEvent(item_id=item_id, event_id=event_id))

    def truncate(self, *, item_id: str, content_index: int, audio_end_ms: int, event_id: _Str = UNSET) -> None:
        """Send ``conversation.item.truncate``: cut an assistant message's audio at ``audio_end_ms``."""
        event = ConversationItemTruncateEvent(item_id=item_id, content_index=content_index,
                                              audio_end_ms=audio_end_ms, event_id=event_id)
        self._connection.send(event)


class ConversationResource(_Resource):
    def __init__(self, connection: EventSender) -> None:
        super().__init__(connection)
        self.item = ConversationItemResource(connection)


class TranscriptionSessionResource(_Resource):
    def update(self, *, session: JSONObject, event_id: _Str = UNSET) -> None:
        """Send ``transcription_session.update`` (the beta interface's transcription sessions)."""
        self._connection.send(event("transcription_session.update", session=_json_object(session), event_id=event_id))


class TranslationInputAudioBufferResource(_Resource):
    def append(self, *, audio: str, event_id: _Str = UNSET) -> None:
        """Send ``session.input_audio_buffer.append``: base64 PCM16 mono at 24 kHz, ideally 200 ms at a
        time; keep sending silence while the session is active."""
        self._connection.send(event("session.input_audio_buffer.append", audio=audio, event_id=event_id))


class TranslationSessionResource(_Resource):
    def __init__(self, connection: EventSender) -> None:
        super().__init__(connection)
        self.input_audio_buffer = TranslationInputAudioBufferResource(connection)

    def update(self, *, session: JSONObject, event_id: _Str = UNSET) -> None:
        """Send ``session.update`` (``audio.output.language``, ``audio.input.transcription``,
        ``audio.input.noise_reduction``)."""
        self._connection.send(event("session.update", session=_json_object(session), event_id=event_id))

    def close(self, *, event_id: _Str = UNSET) -> None:
        """Send ``session.close``: the server sends the pending output, then ``session.closed``."""
        self._connection.send(event("session.close", event_id=event_id))
