"""Speech to text: transcribe a tiny WAV (made here with the stdlib) as JSON, as text, and streamed."""

from __future__ import annotations

import io
import os
import wave

from openai_compat import Client
from openai_compat.types.audio_events import TranscriptionTextDeltaEvent


def tiny_wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:  # half a second of silence, 16 kHz mono
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x00" * 8000)
    return buffer.getvalue()


def main() -> None:
    audio = ("hello.wav", tiny_wav())  # the file name tells the server the format
    model = os.environ.get("OPENAI_TRANSCRIBE_MODEL", "gpt-4o-mini-transcribe")
    with Client() as client:
        transcription = client.audio.transcriptions.create(file=audio, model=model)
        print("json:", repr(transcription.text), "usage:", transcription.usage)
        text = client.audio.transcriptions.create(file=audio, model="whisper-1", response_format="text")
        print("text:", repr(text[:60]))
        with client.audio.transcriptions.create(file=audio, model=model, stream=True) as stream:
            for event in stream:  # transcript.text.delta events, then transcript.text.done
                piece = event.delta if isinstance(event, TranscriptionTextDeltaEvent) else getattr(event, "text", "")
                print("event:", event.type or "(no type)", repr(piece))


if __name__ == "__main__":
    main()
