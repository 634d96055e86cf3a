"""Structured outputs: describe the answer as a msgspec Struct and get an instance of it back."""

from __future__ import annotations

import os
from typing import List, Optional

import msgspec

import openai_compat as oc


class City(msgspec.Struct):
    name: str
    population: Optional[int]  # the model answers null when it does not know


class Answer(msgspec.Struct):
    cities: List[City]


def main() -> None:
    client, model, question = oc.Client(), os.environ.get("OPENAI_MODEL", "gpt-4o-mini"), "Europe's 3 largest cities?"
    for api in ("chat", "responses"):
        try:  # the Struct class itself is the format: it is sent as a strict JSON Schema
            if api == "chat":
                completion = client.chat.completions.parse(
                    model=model, messages=[oc.Message.user(question)], response_format=Answer)
                answers = [choice.message.parsed for choice in completion.choices]
            else:  # the Responses API: text_format= in, output_parsed out
                answers = [client.responses.parse(model=model, input=question, text_format=Answer).output_parsed]
        except (oc.StructuredOutputError, oc.LengthFinishReasonError, oc.ContentFilterFinishReasonError) as exc:
            print(f"{api}: no parsed answer:", exc)  # the mock API answers with random text, not an Answer
            continue
        for city in [city for answer in answers if answer is not None for city in answer.cities]:  # None: refusal
            print(f"{api}: {city.name}: {city.population}")


if __name__ == "__main__":
    main()
