"""Tool calling: offer a function, run the calls the model makes, send the results back."""

from __future__ import annotations

import json
import os

from openai_compat import Client, Message, Tool

WEATHER = Tool.function(
    "get_weather",
    "Current temperature for a city, in Celsius.",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


def get_weather(city: str = "Paris") -> dict[str, object]:
    return {"city": city, "celsius": 21}


def main() -> None:
    client = Client()  # closed with the process; see chat.py for explicit close()
    model = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
    messages: list[object] = [Message.user("How warm is it in Paris?")]
    reply = client.chat.completions.create(model=model, messages=messages, tools=[WEATHER]).choices[0].message
    messages.append(reply)  # the reply goes back as-is, provider extras included
    for call in reply.tool_calls or []:
        try:
            arguments = json.loads(call.function.arguments)
        except (AttributeError, ValueError):  # the mock API sends random arguments
            arguments = {}
        result = get_weather(**{k: v for k, v in arguments.items() if k == "city"})
        messages.append(Message.tool(json.dumps(result), tool_call_id=call.id))
        print("tool call:", getattr(call.function, "name", None), "->", result)
    final = client.chat.completions.create(model=model, messages=messages, tools=[WEATHER])
    print("answer:", final.choices[0].message.content)


if __name__ == "__main__":
    main()
