"""openai-python's stream helpers, as its helpers.md shows them: only the import differs."""

from __future__ import annotations

import os

from openai_compat import NoFinalResponseError, OpenAI

MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")


def main() -> None:
    client = OpenAI()

    with client.chat.completions.stream(
        model=MODEL,
        messages=[{"role": "user", "content": "Count from one to five, in words."}],
    ) as stream:
        for event in stream:
            if event.type == "content.delta":
                print(event.delta, flush=True, end="")
    print()
    print("finish reason:", stream.current_completion_snapshot.choices[0].finish_reason)

    with client.responses.stream(
        input="Write a haiku about streaming.",
        model=MODEL,
    ) as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                print(event.delta, end="", flush=True)
        print()
        try:
            print("final text:", repr(stream.get_final_response().output_text))
        except NoFinalResponseError:  # a server (or mock) that sent no response.completed
            print("no response.completed in this stream")
    client.close()


if __name__ == "__main__":
    main()
