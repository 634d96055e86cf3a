"""Realtime client events: one Struct per ``type`` of the spec's ``RealtimeClientEvent`` (and the
``transcription_session.update`` event of transcription sessions).

Build one and pass it to ``connection.send(...)``, or call the matching helper on the connection
(``connection.session.update(session={...})``, ``connection.response.create()``, ...). A plain dict
with a ``type`` is accepted by ``send`` as well. Fields left ``UNSET`` are not sent; ``event_id``
is optional (the server echoes it in an ``error`` event caused by this event).

``session``, ``item`` and ``response`` are JSON objects (dicts, or typed objects such as a received
``RealtimeConversationItem``): the session configuration is deep and changes between snapshots,
and a dict written from the API reference is what most code has at hand.
"""

from __future__ import annotations

from typing import Any, Dict, Union

import msgspec

from ._base import RequestParams

__all__ = [
    "ConversationItemCreateEvent",
    "ConversationItemDeleteEvent",
    "ConversationItemRetrieveEvent",
    "ConversationItemTruncateEvent",
    "InputAudioBufferAppendEvent",
    "InputAudioBufferClearEvent",
    "InputAudioBufferCommitEvent",
    "OutputAudioBufferClearEvent",
    "RealtimeClientEvent",
    "ResponseCancelEvent",
    "ResponseCreateEvent",
    "SessionUpdateEvent",
    "TranscriptionSessionUpdateEvent",
]

_Unset = msgspec.UnsetType
UNSET = msgspec.UNSET


class _ClientEvent(RequestParams):
    # ``type`` is always sent: ``to_builtins`` keeps defaults of request Structs, only UNSET is dropped.
    type: str = ""
    event_id: Union[str, _Unset] = UNSET


class SessionUpdateEvent(_ClientEvent):
    """Update the session: ``{"type": "realtime", "instructions": ..., "output_modalities": [...]}``."""

    type: str = "session.update"
    session: Dict[str, Any] = msgspec.field(default_factory=dict)


class TranscriptionSessionUpdateEvent(_ClientEvent):
    """Update a transcription session (the spec's beta event; GA sessions use ``session.update``)."""

    type: str = "transcription_session.update"
    session: Dict[str, Any] = msgspec.field(default_factory=dict)


class InputAudioBufferAppendEvent(_ClientEvent):
    type: str = "input_audio_buffer.append"
    audio: str = ""  # base64-encoded audio in the session's input format


class InputAudioBufferCommitEvent(_ClientEvent):
    type: str = "input_audio_buffer.commit"


class InputAudioBufferClearEvent(_ClientEvent):
    type: str = "input_audio_buffer.clear"


class OutputAudioBufferClearEvent(_ClientEvent):
    """Cut off the audio being played (WebRTC and SIP sessions only)."""

    type: str = "output_audio_buffer.clear"


class ConversationItemCreateEvent(_ClientEvent):
    """Add an item (a message, a function call output, ...) to the conversation."""

    type: str = "conversation.item.create"
    item: Dict[str, Any] = msgspec.field(default_factory=dict)
    previous_item_id: Union[str, _Unset] = UNSET  # "root" inserts at the start


class ConversationItemRetrieveEvent(_ClientEvent):
    type: str = "conversation.item.retrieve"
    item_id: str = ""


class ConversationItemDeleteEvent(_ClientEvent):
    type: str = "conversation.item.delete"
    item_id: str = ""


class ConversationItemTruncateEvent(_ClientEvent):
    """Cut an assistant message's audio at ``audio_end_ms`` (what the user actually heard)."""

    type: str = "conversation.item.truncate"
    item_id: str = ""
    content_index: int = 0
    audio_end_ms: int = 0


class ResponseCreateEvent(_ClientEvent):
    """Ask for a response; ``response`` overrides session settings for this response only."""

    type: str = "response.create"
    response: Union[Dict[str, Any], _Unset] = UNSET


class ResponseCancelEvent(_ClientEvent):
    type: str = "response.cancel"
    response_id: Union[str, _Unset] = UNSET  # the response in progress when unset


RealtimeClientEvent = Union[
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
    TranscriptionSessionUpdateEvent,
]
