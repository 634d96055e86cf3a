"""One chat completion: ask, print the answer, the request id and the token count.

Uses OPENAI_API_KEY and OPENAI_BASE_URL (./scripts/demo points them at the local mock API).
"""

from __future__ import annotations

import os

from openai_compat import Client, Message


def main() -> None:
    client = Client()
    completion = client.chat.completions.create(
        model=os.environ.get("OPENAI_MODEL", "gpt-4o-mini"),
        messages=[
            Message.system("You answer in one short sentence."),
            Message.user("What is the capital of France?"),
        ],
        temperature=0.2,
        max_completion_tokens=50,
    )
    choice = completion.choices[0]
    print("answer:", choice.message.content)
    print("finish reason:", choice.finish_reason)
    print("request id:", completion._request_id)
    if completion.usage is not None:
        print("tokens:", completion.usage.total_tokens)
    client.close()


if __name__ == "__main__":
    main()
