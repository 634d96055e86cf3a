"""Server events of the Realtime API's beta interface (``client.beta.realtime.connect``, the
``OpenAI-Beta: realtime=v1`` protocol that preceded the GA one).

It names six events differently from GA (``response.text.delta`` for ``response.output_text.delta``,
``response.audio.*`` and ``response.audio_transcript.*`` for ``response.output_audio*``); their
fields are the GA ones, so each class here derives from its GA twin (an ``isinstance`` check
against the GA class matches both). Every other event is the GA event of the same ``type``, and an
unknown type decodes to ``UnknownRealtimeServerEvent`` as on a GA connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from . import realtime_server_events as ga
from ._open import OpenUnion, by_type

__all__ = [
    "BetaRealtimeServerEvent",
    "ResponseAudioDeltaEvent",
    "ResponseAudioDoneEvent",
    "ResponseAudioTranscriptDeltaEvent",
    "ResponseAudioTranscriptDoneEvent",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
]


class ResponseTextDeltaEvent(ga.ResponseTextDeltaEvent):
    type: str = "response.text.delta"


class ResponseTextDoneEvent(ga.ResponseTextDoneEvent):
    type: str = "response.text.done"


class ResponseAudioDeltaEvent(ga.ResponseAudioDeltaEvent):
    type: str = "response.audio.delta"


class ResponseAudioDoneEvent(ga.ResponseAudioDoneEvent):
    type: str = "response.audio.done"


class ResponseAudioTranscriptDeltaEvent(ga.ResponseAudioTranscriptDeltaEvent):
    type: str = "response.audio_transcript.delta"


class ResponseAudioTranscriptDoneEvent(ga.ResponseAudioTranscriptDoneEvent):
    type: str = "response.audio_transcript.done"


_BETA_NAMED = (
    ResponseAudioDeltaEvent,
    ResponseAudioDoneEvent,
    ResponseAudioTranscriptDeltaEvent,
    ResponseAudioTranscriptDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
)

_MEMBERS = {**getattr(ga.RealtimeServerEvent, "members"), **by_type(_BETA_NAMED)}  # noqa: B009 (a Union to mypy)

if TYPE_CHECKING:
    BetaRealtimeServerEvent = Union[
        ga.RealtimeServerEvent,
        ResponseAudioDeltaEvent,
        ResponseAudioDoneEvent,
        ResponseAudioTranscriptDeltaEvent,
        ResponseAudioTranscriptDoneEvent,
        ResponseTextDeltaEvent,
        ResponseTextDoneEvent,
    ]
else:

    class BetaRealtimeServerEvent(OpenUnion):
        """A beta Realtime server event: decoded by ``type``, ``UnknownRealtimeServerEvent`` for the others."""

        members = _MEMBERS
        unknown = ga.UnknownRealtimeServerEvent
