"""Stream events of the audio API: transcription events (``stream=True``) and speech events
(``stream_format="sse"``).

Shapes follow the spec's ``CreateTranscriptionResponseStreamEvent`` (``transcript.text.delta``,
``transcript.text.done``, ``transcript.text.segment``) and ``CreateSpeechResponseStreamEvent``
(``speech.audio.delta``, ``speech.audio.done``). Each union is open on ``type``
(``_open.OpenUnion``): an event type this library does not know yet decodes to
``UnknownAudioEvent``, which keeps every field, so a new event never breaks a stream.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of
from .audio import TranscriptionLanguage, TranscriptionUsage

__all__ = [
    "SpeechAudioDeltaEvent",
    "SpeechAudioDoneEvent",
    "SpeechStreamEvent",
    "SpeechUsage",
    "TranscriptionStreamEvent",
    "TranscriptionTextDeltaEvent",
    "TranscriptionTextDoneEvent",
    "TranscriptionTextLogprob",
    "TranscriptionTextSegmentEvent",
    "UnknownAudioEvent",
]


class UnknownAudioEvent(APIObject):
    """An audio stream event of a type this library does not know: every field is kept (attributes, ``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


# -- transcription -----------------------------------------------------------------------------------


class TranscriptionTextLogprob(APIObject):
    """The log probability of one token of a streamed transcription (``include=["logprobs"]``)."""

    token: Optional[str] = None
    logprob: Optional[float] = None
    bytes: Optional[List[int]] = None


class TranscriptionTextDeltaEvent(APIObject):
    """More transcribed text; also the first event of a stream."""

    type: str = "transcript.text.delta"
    delta: str = ""
    logprobs: Optional[List[TranscriptionTextLogprob]] = None
    # Only with gpt-4o-transcribe-diarize: the diarized segment this text belongs to.
    segment_id: Optional[str] = None


class TranscriptionTextDoneEvent(APIObject):
    """The end of a transcription: the whole text, and the usage."""

    type: str = "transcript.text.done"
    text: str = ""
    languages: Optional[List[TranscriptionLanguage]] = None
    logprobs: Optional[List[TranscriptionTextLogprob]] = None
    usage: Optional[TranscriptionUsage] = None


class TranscriptionTextSegmentEvent(APIObject):
    """A finished diarized segment with its speaker (``response_format="diarized_json"``)."""

    type: str = "transcript.text.segment"
    id: str = ""
    start: float = 0.0
    end: float = 0.0
    text: str = ""
    speaker: str = ""


# -- speech ------------------------------------------------------------------------------------------


class SpeechAudioDeltaEvent(APIObject):
    """A chunk of generated audio, base64-encoded in ``audio``."""

    type: str = "speech.audio.delta"
    audio: str = ""

    def audio_bytes(self) -> bytes:
        """The chunk's audio bytes (``audio`` decoded from base64)."""
        return base64.b64decode(self.audio)


class SpeechUsage(APIObject):
    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0


class SpeechAudioDoneEvent(APIObject):
    """The end of the audio, with the token usage."""

    type: str = "speech.audio.done"
    usage: Optional[SpeechUsage] = None


_TRANSCRIPTION_EVENTS = [TranscriptionTextDeltaEvent, TranscriptionTextDoneEvent, TranscriptionTextSegmentEvent]
_SPEECH_EVENTS = [SpeechAudioDeltaEvent, SpeechAudioDoneEvent]

if TYPE_CHECKING:
    TranscriptionStreamEvent = Union[
        TranscriptionTextDeltaEvent, TranscriptionTextDoneEvent, TranscriptionTextSegmentEvent, UnknownAudioEvent
    ]
    SpeechStreamEvent = Union[SpeechAudioDeltaEvent, SpeechAudioDoneEvent, UnknownAudioEvent]
else:

    class TranscriptionStreamEvent(OpenUnion):
        """A transcription stream event: decoded by ``type``, ``UnknownAudioEvent`` for the others."""

        members = by_type(_TRANSCRIPTION_EVENTS)
        unknown = UnknownAudioEvent

    class SpeechStreamEvent(OpenUnion):
        """A speech stream event: decoded by ``type``, ``UnknownAudioEvent`` for the others."""

        members = by_type(_SPEECH_EVENTS)
        unknown = UnknownAudioEvent
