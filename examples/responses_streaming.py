"""Stream a model response: typed events, text as it arrives, then the final Response."""

from __future__ import annotations

import os

from openai_compat import Client, NoFinalResponseError
from openai_compat.types.responses_events import ResponseOutputItemDoneEvent, ResponseTextDeltaEvent, UnknownEvent


def main() -> None:
    client = Client()
    stream = client.responses.create(
        model=os.environ.get("OPENAI_MODEL", "gpt-4o-mini"),
        input="Count from one to five, in words.",
        stream=True,
    )
    events = 0
    with stream:  # closes the connection even if the loop stops early
        for event in stream:  # each event is folded into the final response and let go
            events += 1
            if isinstance(event, ResponseTextDeltaEvent):
                print(event.delta, end="", flush=True)
            elif isinstance(event, ResponseOutputItemDoneEvent):
                print(f"\n[item done: {event.item.type}]")
            elif isinstance(event, UnknownEvent) and event.type:
                print(f"\n[event this library does not know yet: {event.type!r}]")
    print("events:", events, "last sequence number:", stream.last_sequence_number)
    try:
        final = stream.get_final_response()  # from response.completed (or .failed / .incomplete)
        print("final:", final.status, repr(final.output_text))
    except NoFinalResponseError:  # a server (or mock) that sent no response event at all
        print("no final response in this stream")
    client.close()


if __name__ == "__main__":
    main()
