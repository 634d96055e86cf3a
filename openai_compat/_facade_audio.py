"""The ``client.audio`` namespaces (speech, transcriptions, translations), kept apart from
``_client.py`` so that ``import openai_compat`` does not import the audio API: this module (and
with it the audio resources and types) is imported when ``client.audio`` is first used.
"""

from __future__ import annotations

from functools import cached_property

from ._client import _Namespace
from ._facade_generated import AudioNamespaces
from .resources import audio_speech, audio_transcriptions, audio_translations

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
