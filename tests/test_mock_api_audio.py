"""API conformance of the audio API: speech, transcriptions and translations against the Steady mock,
in every ``response_format`` the spec lists, whole and streamed.

The mock validates each multipart or JSON request against the spec and answers with bodies
generated from the schemas (random values; a few bytes for speech). It answers JSON for every
transcription format, so a text format's result is that JSON as a ``str``: the point here is that
each request is valid and each answer decodes to its type.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path
from typing import Any, List

import pytest
from mock_api import MockAPICheck

from openai_compat import BinaryResponse, Client
from openai_compat.resources import audio_speech, audio_transcriptions, audio_translations
from openai_compat.types.audio import (
    AudioModel,
    SpeechModel,
    SpeechVoice,
    Transcription,
    TranscriptionDiarized,
    TranscriptionVerbose,
    Translation,
    TranslationVerbose,
)
from openai_compat.types.audio_events import (
    SpeechAudioDeltaEvent,
    SpeechAudioDoneEvent,
    TranscriptionTextDeltaEvent,
    TranscriptionTextDoneEvent,
    TranscriptionTextSegmentEvent,
    UnknownAudioEvent,
)

pytestmark = pytest.mark.mock_api

TRANSCRIPTION_TYPES = {"json": Transcription, "verbose_json": TranscriptionVerbose,
                       "diarized_json": TranscriptionDiarized, "text": str, "srt": str, "vtt": str}
TRANSLATION_TYPES = {"json": Translation, "verbose_json": TranslationVerbose, "text": str, "srt": str, "vtt": str}
TRANSCRIPTION_EVENTS = (TranscriptionTextDeltaEvent, TranscriptionTextDoneEvent, TranscriptionTextSegmentEvent)


def tiny_wav() -> bytes:
    """A tenth of a second of silence, as a real WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


@pytest.mark.parametrize("response_format", sorted(TRANSCRIPTION_TYPES))
def test_transcription_in_every_format(mock_api: MockAPICheck, response_format: str) -> None:
    result = audio_transcriptions.create(
        mock_api.session(), file=("speech.wav", tiny_wav()), model=AudioModel.WHISPER_1,
        response_format=response_format, language="en", prompt="A greeting.", temperature=0.2,
    )
    assert isinstance(result, TRANSCRIPTION_TYPES[response_format])
    mock_api.assert_valid()


def test_transcription_with_every_parameter(mock_api: MockAPICheck, tmp_path: Path) -> None:
    path = tmp_path / "call.wav"
    path.write_bytes(tiny_wav())
    progress: List[Any] = []
    session = mock_api.session()
    result = audio_transcriptions.create(
        session, file=path, model=AudioModel.GPT_4O_TRANSCRIBE_DIARIZE, chunking_strategy="auto",
        include=["logprobs"], keywords=["OpenAI"], known_speaker_names=["agent", "customer"],
        known_speaker_references=["data:audio/wav;base64,AAAA", "data:audio/wav;base64,BBBB"],
        languages=["en", "de"], response_format="verbose_json", stream=False,
        timestamp_granularities=["word", "segment"], on_progress=lambda done, total: progress.append((done, total)),
    )
    assert isinstance(result, TranscriptionVerbose)
    assert progress and progress[-1][0] == progress[-1][1]
    # A server_vad object goes as chunking_strategy[type]; Steady takes a nested form number for a
    # string (E3008), so the tuning numbers are left out here (openai-python sends them the same way).
    vad = audio_transcriptions.create(session, file=path, model="gpt-4o-transcribe",
                                      chunking_strategy={"type": "server_vad"})
    assert isinstance(vad, Transcription)
    mock_api.assert_valid()


def test_streamed_transcription(mock_api: MockAPICheck) -> None:
    stream = audio_transcriptions.create(
        mock_api.session(), file=("speech.wav", tiny_wav()), model=AudioModel.GPT_4O_MINI_TRANSCRIBE, stream=True,
        include=["logprobs"],
    )
    with stream:
        events = list(stream)
    assert any(isinstance(event, TRANSCRIPTION_EVENTS) for event in events)
    # The mock ends its streams with ``event: done`` / ``data: {}``, an event without a type.
    assert all(isinstance(event, (*TRANSCRIPTION_EVENTS, UnknownAudioEvent)) for event in events)
    mock_api.assert_valid()


@pytest.mark.parametrize("response_format", sorted(TRANSLATION_TYPES))
def test_translation_in_every_format(mock_api: MockAPICheck, response_format: str) -> None:
    result = audio_translations.create(
        mock_api.session(), file=("german.wav", tiny_wav()), model="whisper-1", response_format=response_format,
        prompt="A greeting.", temperature=0,
    )
    assert isinstance(result, TRANSLATION_TYPES[response_format])
    mock_api.assert_valid()


@pytest.mark.parametrize("response_format", ["mp3", "opus", "aac", "flac", "wav", "pcm"])
def test_speech_to_a_file(mock_api: MockAPICheck, tmp_path: Path, response_format: str) -> None:
    progress: List[Any] = []
    speech = audio_speech.create(
        mock_api.session(), input="Hello there.", model=SpeechModel.GPT_4O_MINI_TTS, voice=SpeechVoice.ALLOY,
        instructions="Calm.", response_format=response_format, speed=1.0, stream_format="audio",
        on_progress=lambda done, total: progress.append(done),
    )
    assert isinstance(speech, BinaryResponse)
    written = speech.write_to_file(tmp_path / f"speech.{response_format}")
    assert written > 0 and (tmp_path / f"speech.{response_format}").stat().st_size == written
    assert progress[-1] == written
    mock_api.assert_valid()


def test_speech_with_a_custom_voice(mock_api: MockAPICheck) -> None:
    with audio_speech.create(mock_api.session(), input="Hi", model="tts-1", voice={"id": "voice_1234"}) as speech:
        assert speech.content
    mock_api.assert_valid()


def test_speech_events(mock_api: MockAPICheck) -> None:
    stream = audio_speech.create(mock_api.session(), input="Hi", model="gpt-4o-mini-tts", voice="marin",
                                 stream_format="sse")
    events = list(stream)
    assert any(isinstance(event, SpeechAudioDeltaEvent) and event.audio for event in events)
    assert all(isinstance(event, (SpeechAudioDeltaEvent, SpeechAudioDoneEvent, UnknownAudioEvent)) for event in events)
    mock_api.assert_valid()


def test_audio_through_the_client(mock_api: MockAPICheck) -> None:
    client = Client._from_session(mock_api.session())
    assert isinstance(client.audio.transcriptions.create(file=tiny_wav(), model="whisper-1"), Transcription)
    assert isinstance(client.audio.translations.create(file=tiny_wav(), model="whisper-1"), Translation)
    assert client.audio.speech.create(input="Hi", model="tts-1", voice="echo").read()
    mock_api.assert_valid()
