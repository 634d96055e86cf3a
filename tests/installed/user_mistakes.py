"""Mistakes a user's type checker must report against the installed package (checked, never run).

Each line ending in ``# expect-error: <what>`` must get at least one error from mypy --strict and
from pyright; every other line must get none. ``scripts/check-package`` checks both ways.
"""

from __future__ import annotations

import msgspec

from openai_compat import Client


class Weather(msgspec.Struct):
    city: str


MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Hi"}]


def chat(client: Client) -> None:
    client.chat.completions.create(messages=MESSAGES)  # expect-error: missing-model
    client.chat.completions.create(model=MODEL)  # expect-error: missing-messages
    client.chat.completions.create(messages=MESSAGES, stream=True)  # expect-error: missing-model-stream
    client.chat.completions.create(model=MODEL, messages=MESSAGES, temprature=0)  # expect-error: misspelled-keyword
    client.chat.completions.create(model=MODEL, messages=MESSAGES, max_tokens="100")  # expect-error: wrong-value-type
    client.chat.completion.create(model=MODEL, messages=MESSAGES)  # expect-error: misspelled-namespace
    completion = client.chat.completions.create(model=MODEL, messages=MESSAGES)
    print(completion.choices[0].message.contents)  # expect-error: wrong-response-attribute
    print(completion.choices[0].message.content.upper())  # expect-error: content-may-be-none
    for _ in completion:  # expect-error: iterating-a-completion-not-a-stream
        pass


def structured(client: Client) -> None:
    client.chat.completions.parse(messages=MESSAGES, response_format=Weather)  # expect-error: missing-model-parse
    completion = client.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=Weather)
    print(completion.choices[0].message.parsed.city)  # expect-error: parsed-may-be-none


def models(client: Client) -> None:
    for model in client.models.list():
        print(model.name)  # expect-error: wrong-page-item-attribute


def responses(client: Client) -> None:
    client.responses.create(model=MODEL, input="Hi", instructons="Hi")  # expect-error: misspelled-keyword-responses
    response = client.responses.create(model=MODEL, input="Hi")
    print(response.output_text + 1)  # expect-error: wrong-operand-type


def required_elsewhere(client: Client) -> None:
    client.completions.create(prompt="Say hi")  # expect-error: missing-model-completions
    client.responses.compact(input="Hi")  # expect-error: missing-model-compact
    client.conversations.items.retrieve("conv_1", "msg_1")  # expect-error: conversation-id-is-keyword
