"""Stream a chat completion: print text as it arrives, then the accumulated completion."""

from __future__ import annotations

import os

from openai_compat import Client, Message


def main() -> None:
    client = Client()
    stream = client.chat.completions.create(
        model=os.environ.get("OPENAI_MODEL", "gpt-4o-mini"),
        messages=[Message.user("Count from one to five, in words.")],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = 0
    with stream:  # closes the connection even if the loop stops early
        for chunk in stream:  # each chunk is folded into the final completion and let go
            chunks += 1
            for choice in chunk.choices:
                if choice.delta.content:
                    print(choice.delta.content, end="", flush=True)
        print()
        final = stream.get_final_completion()
    print("chunks:", chunks, "request id:", stream.request_id)
    print("final text:", final.choices[0].message.content if final.choices else None)
    if final.usage is not None:
        print("tokens:", final.usage.total_tokens)
    client.close()


if __name__ == "__main__":
    main()
