"""A chat completion streamed to the browser as Server-Sent Events, for any WSGI framework.

app.py (Flask) and django_app.py (Django) serve index.html and pass ``chat_events`` to their
streaming response. Configuration: OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_MODEL.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator, Optional

from openai_compat import Client, OpenAIError

PAGE = (Path(__file__).parent / "index.html").read_text(encoding="utf-8")
MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
# Never cached; X-Accel-Buffering: nginx would otherwise hold the tokens back until its buffer fills.
SSE_HEADERS = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
client = Client()  # one per process: threads share it, and a fork (gunicorn --preload) is safe


def sse(data: Any, event: Optional[str] = None) -> bytes:
    return (f"event: {event}\n" if event else "").encode() + b"data: " + json.dumps(data).encode() + b"\n\n"


def chat_events(prompt: str) -> Iterator[bytes]:
    """One ``data:`` event per piece of text, then ``event: done`` (or ``event: failed``).

    When the browser goes away, the WSGI server's next write fails and it closes this generator:
    ``with`` then closes the upstream stream, so the model stops generating for nobody.
    """
    messages = [{"role": "user", "content": prompt}]
    try:
        with client.chat.completions.create(model=MODEL, messages=messages, stream=True) as stream:
            for chunk in stream:
                for choice in chunk.choices:
                    if choice.delta.content:
                        yield sse({"text": choice.delta.content})
    except OpenAIError as exc:
        yield sse({"message": str(exc)}, event="failed")
        return
    yield sse({}, event="done")
