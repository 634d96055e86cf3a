"""Transports: the urllib3 transport for real calls, and MockTransport for tests with no network."""

from __future__ import annotations

import os

from openai_compat import Client, Urllib3Transport
from openai_compat.testing import MockTransport, chat_completion, json_response, request_json


def main() -> None:
    # 1. A real call over urllib3 instead of requests (same options: pool size, proxies, verify).
    with Client(transport=Urllib3Transport(pool_maxsize=4)) as client:
        models = client.models.list()
        print("models over urllib3:", [model.id for model in models][:3])

    # 2. A scripted transport: no network, every request recorded for assertions.
    transport = MockTransport(lambda request: json_response(chat_completion("Bonjour!")))
    offline = Client(api_key="sk-test", transport=transport)
    completion = offline.chat.completions.create(
        model=os.environ.get("OPENAI_MODEL", "gpt-4o-mini"),
        messages=[{"role": "user", "content": "Say hello in French."}],
    )
    sent = transport.last_request
    print("mock answer:", completion.choices[0].message.content)
    print("sent:", sent.method, sent.url, request_json(sent)["messages"])


if __name__ == "__main__":
    main()
