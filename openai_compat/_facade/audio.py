"""The ``client.audio`` namespaces (speech, transcriptions, translations), imported when
``client.audio`` is first used, so ``import openai_compat`` loads neither the audio resources nor their types."""

from __future__ import annotations

from functools import cached_property

from ..resources import audio_speech, audio_transcriptions, audio_translations
from ._generated import AudioNamespaces
from ._namespace import _Namespace

__all__ = ["Audio", "Speech", "Transcriptions", "Translations"]


class Speech(_Namespace):
    """``client.audio.speech``: text to speech, streamed to a file or as events."""

    create = audio_speech.create


class Transcriptions(_Namespace):
    """``client.audio.transcriptions``: speech to text in every response format, or streamed."""

    create = audio_transcriptions.create


class Translations(_Namespace):
    """``client.audio.translations``: speech in any language to English text."""

    create = audio_translations.create


class Audio(AudioNamespaces, _Namespace):
    """``client.audio``: ``speech``, ``transcriptions`` and ``translations``."""

    @cached_property
    def speech(self) -> Speech:
        return Speech(self._session)

    @cached_property
    def transcriptions(self) -> Transcriptions:
        return Transcriptions(self._session)

    @cached_property
    def translations(self) -> Translations:
        return Translations(self._session)
