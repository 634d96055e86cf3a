"""Text to speech: stream the generated audio straight to a file, with a progress report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional

from openai_compat import Client


def report(received: int, total: Optional[int]) -> None:
    print(f"\rreceived {received} of {total if total is not None else '?'} bytes", end="")


def main() -> None:
    with Client() as client, tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "hello.mp3"
        speech = client.audio.speech.create(
            model=os.environ.get("OPENAI_TTS_MODEL", "gpt-4o-mini-tts"),
            voice="coral",
            input="Hello! This audio was written to disk as it arrived.",
            instructions="Speak in a warm, friendly tone.",
            response_format="mp3",
            on_progress=report,
        )
        written = speech.write_to_file(target)  # streamed in chunks, never all in memory
        print(f"\n{target.name}: {target.stat().st_size} bytes ({written} written), type {speech.content_type}")


if __name__ == "__main__":
    main()
