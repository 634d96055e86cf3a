"""Structured outputs: describe the answer as a msgspec Struct and get an instance of it back."""

from __future__ import annotations

import os
from typing import List, Optional

import msgspec

import openai_compat as oc


class City(msgspec.Struct):
    name: str
    country: str
    population: Optional[int]  # the model answers null when it does not know


class Answer(msgspec.Struct):
    cities: List[City]


def main() -> None:
    client, model = oc.Client(), os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
    question = "Name the three largest cities of Europe."
    try:  # the Struct class itself is the format; it is sent as a strict JSON Schema
        completion = client.chat.completions.parse(
            model=model, messages=[oc.Message.user(question)], response_format=Answer)
        response = client.responses.parse(model=model, input=question, text_format=Answer)
    except (oc.StructuredOutputError, oc.LengthFinishReasonError, oc.ContentFilterFinishReasonError) as exc:
        return print("no parsed answer:", exc)  # the mock API answers with random text, not an Answer
    # message.parsed / output_parsed: an Answer, or None for a refusal
    for answer in [*(choice.message.parsed for choice in completion.choices), response.output_parsed]:
        for city in answer.cities if answer is not None else []:
            print(f"{city.name} ({city.country}): {city.population}")


if __name__ == "__main__":
    main()
