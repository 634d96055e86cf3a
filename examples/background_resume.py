"""Background responses: poll one until it finishes; stream another, which reconnects by itself."""

from __future__ import annotations

import os

from openai_compat import APITimeoutError, Client


def main() -> None:
    client = Client()
    model = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
    job = client.responses.create(model=model, input="Write a haiku about the sea.", background=True)
    print("created:", job.id, job.status)
    try:
        # Waits between gets what the server asks for (openai-poll-after-ms), here at most 30 s in all.
        done = client.responses.poll(job.id, max_wait=30)
        print("finished:", done.status, repr(done.output_text))
    except APITimeoutError:
        print("still running after 30 s; cancelling:", client.responses.cancel(job.id).status)

    # If the connection drops mid-stream, the stream asks for the events again after the last
    # sequence number it saw (within the retry policy) and carries on: nothing lost or repeated.
    stream = client.responses.create(model=model, input="Count to five.", background=True, stream=True)
    with stream:
        for text in stream.text_deltas():
            print(text, end="", flush=True)
    print("\nlast sequence number:", stream.last_sequence_number, "reconnections:", stream.resumes)
    client.close()


if __name__ == "__main__":
    main()
