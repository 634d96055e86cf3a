"""Assistants API v2 (beta): an assistant, a thread with a message, a polled run, then a streamed run."""

from __future__ import annotations

import os

from openai_compat import APIResponseValidationError, Client
from openai_compat.types.assistant_events import ThreadMessageDelta, ThreadRunCompleted


def main() -> None:
    client = Client()
    model = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
    assistant = client.beta.assistants.create(model=model, name="Tutor", instructions="Answer in one sentence.")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "What is 3 times 7?"}])
    try:  # waits what the server asks (openai-poll-after-ms), here at most 10 s in all
        run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id, max_wait_seconds=10)
        print("run:", run.id, run.status)
    except TimeoutError as exc:
        print("gave up:", exc)
    for message in client.beta.threads.messages.list(thread.id, order="asc", limit=10).data:
        print(f"{message.role}: {message.text!r}")

    try:  # each event is typed by its name: thread.run.created, thread.message.delta, ...
        with client.beta.threads.runs.create(thread.id, assistant_id=assistant.id, stream=True) as stream:
            for event in stream:
                if isinstance(event, ThreadMessageDelta):
                    print(event.data.text, end="", flush=True)
                elif isinstance(event, ThreadRunCompleted):
                    print("\nstreamed run completed:", event.data.usage)
    except APIResponseValidationError:  # e.g. a mock whose spec declares JSON only for this endpoint
        print("this server answered the streamed run with JSON, not events")
    client.beta.assistants.delete(assistant.id)
    client.close()


if __name__ == "__main__":
    main()
