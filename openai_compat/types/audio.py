"""Types of ``/audio/transcriptions`` and ``/audio/translations``, and the constants of the audio API.

Shapes follow the spec's ``CreateTranscriptionResponseJson`` (``Transcription``),
``...VerboseJson`` (``TranscriptionVerbose``), ``...DiarizedJson`` (``TranscriptionDiarized``) and
``CreateTranslationResponseJson`` / ``...VerboseJson`` (``Translation``, ``TranslationVerbose``);
class names are openai-python's. The ``text``, ``srt`` and ``vtt`` formats are plain text and
decode to ``str``. ``usage`` is an open union on ``type`` (``tokens`` or ``duration``), with
``UnknownTranscriptionUsage`` keeping any other kind whole. The stream events are in
``audio_events``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of

__all__ = [
    "AudioModel",
    "AudioResponseFormat",
    "SpeechModel",
    "SpeechResponseFormat",
    "SpeechStreamFormat",
    "SpeechVoice",
    "TimestampGranularity",
    "Transcription",
    "TranscriptionDiarized",
    "TranscriptionDiarizedSegment",
    "TranscriptionInclude",
    "TranscriptionInputTokenDetails",
    "TranscriptionLanguage",
    "TranscriptionLogprob",
    "TranscriptionSegment",
    "TranscriptionUsage",
    "TranscriptionUsageDuration",
    "TranscriptionUsageTokens",
    "TranscriptionVerbose",
    "TranscriptionWord",
    "Translation",
    "TranslationVerbose",
    "UnknownTranscriptionUsage",
]


# -- constants (the values the spec lists; servers may accept others, so parameters take any str) --


class SpeechModel:
    """Text-to-speech models (``CreateSpeechRequest.model``)."""

    TTS_1 = "tts-1"
    TTS_1_HD = "tts-1-hd"
    GPT_4O_MINI_TTS = "gpt-4o-mini-tts"
    GPT_4O_MINI_TTS_2025_12_15 = "gpt-4o-mini-tts-2025-12-15"


class AudioModel:
    """Speech-to-text models (``CreateTranscriptionRequest.model``; translations take ``whisper-1``)."""

    WHISPER_1 = "whisper-1"
    GPT_TRANSCRIBE = "gpt-transcribe"
    GPT_4O_TRANSCRIBE = "gpt-4o-transcribe"
    GPT_4O_MINI_TRANSCRIBE = "gpt-4o-mini-transcribe"
    GPT_4O_MINI_TRANSCRIBE_2025_12_15 = "gpt-4o-mini-transcribe-2025-12-15"
    GPT_4O_TRANSCRIBE_DIARIZE = "gpt-4o-transcribe-diarize"


class SpeechVoice:
    """Built-in voices (``VoiceIdsShared`` and the ``voice`` description); a custom voice is ``{"id": ...}``."""

    ALLOY = "alloy"
    ASH = "ash"
    BALLAD = "ballad"
    CORAL = "coral"
    ECHO = "echo"
    FABLE = "fable"
    ONYX = "onyx"
    NOVA = "nova"
    SAGE = "sage"
    SHIMMER = "shimmer"
    VERSE = "verse"
    MARIN = "marin"
    CEDAR = "cedar"


class SpeechResponseFormat:
    """Audio encodings ``speech.create`` can return (``mp3`` when not given)."""

    MP3 = "mp3"
    OPUS = "opus"
    AAC = "aac"
    FLAC = "flac"
    WAV = "wav"
    PCM = "pcm"


class SpeechStreamFormat:
    """``audio``: the audio bytes as they are made; ``sse``: ``speech.audio.*`` events (not on tts-1)."""

    AUDIO = "audio"
    SSE = "sse"


class AudioResponseFormat:
    """What a transcription or translation answers with (``AudioResponseFormat``; ``json`` when not given).

    Translations take every one but ``diarized_json``.
    """

    JSON = "json"
    TEXT = "text"
    SRT = "srt"
    VERBOSE_JSON = "verbose_json"
    VTT = "vtt"
    DIARIZED_JSON = "diarized_json"


class TranscriptionInclude:
    """Values of ``include`` (``TranscriptionInclude``)."""

    LOGPROBS = "logprobs"


class TimestampGranularity:
    """Values of ``timestamp_granularities`` (``verbose_json`` only)."""

    WORD = "word"
    SEGMENT = "segment"


# -- usage -----------------------------------------------------------------------------------------


class TranscriptionInputTokenDetails(APIObject):
    text_tokens: Optional[int] = None
    audio_tokens: Optional[int] = None


class TranscriptionUsageTokens(APIObject):
    """Usage of a model billed by tokens (``TranscriptTextUsageTokens``)."""

    type: str = "tokens"
    input_tokens: int = 0
    input_token_details: Optional[TranscriptionInputTokenDetails] = None
    output_tokens: int = 0
    total_tokens: int = 0


class TranscriptionUsageDuration(APIObject):
    """Usage of a model billed by audio length (``TranscriptTextUsageDuration``)."""

    type: str = "duration"
    seconds: float = 0.0


class UnknownTranscriptionUsage(APIObject):
    """Usage of a kind this library does not know: every field is kept (attributes, ``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


if TYPE_CHECKING:
    TranscriptionUsage = Union[TranscriptionUsageTokens, TranscriptionUsageDuration, UnknownTranscriptionUsage]
else:

    class TranscriptionUsage(OpenUnion):
        """Usage of a transcription: decoded by ``type``, ``UnknownTranscriptionUsage`` for the others."""

        members = by_type([TranscriptionUsageTokens, TranscriptionUsageDuration])
        unknown = UnknownTranscriptionUsage


# -- json ------------------------------------------------------------------------------------------


class TranscriptionLogprob(APIObject):
    """The log probability of one token of a transcription (``include=["logprobs"]``)."""

    token: Optional[str] = None
    logprob: Optional[float] = None
    # The spec types these as numbers here (integers in the stream events); floats take both.
    bytes: Optional[List[float]] = None


class TranscriptionLanguage(APIObject):
    """A language detected in the audio (``gpt-transcribe``)."""

    code: str = ""


class Transcription(APIObject):
    """A transcription in the ``json`` format."""

    text: str = ""
    logprobs: Optional[List[TranscriptionLogprob]] = None
    languages: Optional[List[TranscriptionLanguage]] = None
    usage: Optional[TranscriptionUsage] = None


# -- verbose_json ----------------------------------------------------------------------------------


class TranscriptionWord(APIObject):
    """A word with its timing (``timestamp_granularities=["word"]``)."""

    word: str = ""
    start: float = 0.0
    end: float = 0.0


class TranscriptionSegment(APIObject):
    """A segment of a ``verbose_json`` transcription or translation, with Whisper's quality measures."""

    id: int = 0
    seek: int = 0
    start: float = 0.0
    end: float = 0.0
    text: str = ""
    tokens: List[int] = msgspec.field(default_factory=list)
    temperature: float = 0.0
    avg_logprob: float = 0.0
    compression_ratio: float = 0.0
    no_speech_prob: float = 0.0


class TranscriptionVerbose(APIObject):
    """A transcription in the ``verbose_json`` format: language, duration, segments and words."""

    language: str = ""
    duration: float = 0.0
    text: str = ""
    segments: Optional[List[TranscriptionSegment]] = None
    words: Optional[List[TranscriptionWord]] = None
    # The spec says duration usage only; the open union keeps a token usage too.
    usage: Optional[TranscriptionUsage] = None


# -- diarized_json ---------------------------------------------------------------------------------


class TranscriptionDiarizedSegment(APIObject):
    """A stretch of speech by one speaker (``A``, ``B``, ... or a name from ``known_speaker_names``)."""

    type: str = "transcript.text.segment"
    id: str = ""
    start: float = 0.0
    end: float = 0.0
    text: str = ""
    speaker: str = ""


class TranscriptionDiarized(APIObject):
    """A transcription in the ``diarized_json`` format (``gpt-4o-transcribe-diarize``)."""

    task: str = "transcribe"
    duration: float = 0.0
    text: str = ""
    segments: List[TranscriptionDiarizedSegment] = msgspec.field(default_factory=list)
    usage: Optional[TranscriptionUsage] = None


# -- translations ----------------------------------------------------------------------------------


class Translation(APIObject):
    """A translation into English in the ``json`` format."""

    text: str = ""


class TranslationVerbose(APIObject):
    """A translation in the ``verbose_json`` format (``language`` is always ``english``)."""

    language: str = ""
    duration: float = 0.0
    text: str = ""
    segments: Optional[List[TranscriptionSegment]] = None
