"""The Responses API: ask, chain a follow-up with previous_response_id, list the input items."""

from __future__ import annotations

import os

from openai_compat import Client
from openai_compat.types.responses_items import FunctionCall, Message, UnknownItem


def main() -> None:
    client = Client()
    model = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
    first = client.responses.create(model=model, input="Name three primary colours.", instructions="Be brief.")
    print("status:", first.status, "id:", first.id)
    print("text:", first.output_text)
    for item in first.output:  # an open union: known types are Structs, new ones UnknownItem
        if isinstance(item, Message):
            print("message from", item.role)
        elif isinstance(item, FunctionCall):
            print("call", item.name, item.arguments)
        elif isinstance(item, UnknownItem):
            print("an item this library does not know yet:", item.type, sorted(item.raw))
    follow_up = client.responses.create(model=model, previous_response_id=first.id, input="And secondary ones?")
    print("follow-up:", follow_up.output_text)
    if follow_up.usage is not None:
        print("tokens:", follow_up.usage.total_tokens)
    for item in client.responses.input_items.list(follow_up.id, limit=5).data:
        print("input item:", item.type)
    print("input tokens:", client.responses.input_tokens.count(model=model, input="Hello!").input_tokens)
    client.close()


if __name__ == "__main__":
    main()
