"""A text conversation over the Realtime API (a WebSocket): print the reply as it streams in."""

from __future__ import annotations

import os

from openai_compat import APIStatusError, Client
from openai_compat.types.realtime_server_events import RealtimeErrorEvent, ResponseDoneEvent, ResponseTextDeltaEvent


def main() -> None:
    client = Client()
    manager = client.realtime.connect(model=os.environ.get("OPENAI_REALTIME_MODEL", "gpt-realtime"))
    try:
        connection = manager.enter()  # what `with manager as connection:` does
    except APIStatusError as exc:  # e.g. the local mock API, which does not speak WebSocket
        print(f"Realtime needs a server that speaks it (the real API): {client.base_url} answered {exc.status_code}")
        return
    with connection:
        connection.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        connection.conversation.item.create(
            item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Say hello!"}]}
        )
        connection.response.create()
        for event in connection:
            if isinstance(event, ResponseTextDeltaEvent):
                print(event.delta, end="", flush=True)
            elif isinstance(event, RealtimeErrorEvent):  # delivered, not raised: the session goes on
                print(f"\n[error: {event.error.message}]")
            elif isinstance(event, ResponseDoneEvent):
                print(f"\n[response {event.response.status}]")
                break
    client.close()


if __name__ == "__main__":
    main()
