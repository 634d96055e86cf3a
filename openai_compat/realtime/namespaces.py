"""The client-event helpers of a ``RealtimeConnection``, named as in openai-python
(https://platform.openai.com/docs/api-reference/realtime-client-events):
``connection.session.update(...)`` sends a ``session.update`` event, and so on. Each builds the typed
event (``types.realtime_client_events``) from the arguments given and sends it; nothing unset is sent.
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
    "EventSender",
    "ConversationResource",
    "InputAudioBufferResource",
    "OutputAudioBufferResource",
    "ResponseResource",
    "SessionResource",
]

UNSET = msgspec.UNSET
_Str = Union[str, msgspec.UnsetType]
JSONObject = Union[Mapping[str, Any], msgspec.Struct]


def _json_object(value: JSONObject) -> Dict[str, Any]:
    # A typed object (a received item, say) is sent as its JSON fields, extras included.
    from ..types._codec import decode_untyped, encode_json

    result: Dict[str, Any] = decode_untyped(encode_json(value))
    return result


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
