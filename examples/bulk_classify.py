"""Bulk jobs: classify many texts at your rate limits into a results file that a rerun resumes."""

import tempfile
from pathlib import Path

from openai_compat import Client, bulk
from openai_compat.batch_jsonl import BatchInputLine, read_batch_results

REVIEWS = ["Loved it, would buy again.", "Broke after two days.", "It is a chair.", "Best purchase this year!"]


def requests():  # a generator: a file of millions of lines is read the same way, one at a time
    for number, review in enumerate(REVIEWS):
        yield BatchInputLine.chat_completion({
            "model": "gpt-4o-mini", "max_tokens": 3,
            "messages": [{"role": "system", "content": "Answer positive, negative or neutral."},
                         {"role": "user", "content": review}],
        }, custom_id=f"review-{number}")


def main() -> None:
    client = Client()
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "results.jsonl"  # Batch API output format, one line per request
        summary = bulk.run(client, requests(), output=output, max_requests_per_minute=500,
                           max_tokens_per_minute=200_000, progress=False)
        print(summary)  # run again with the same output: only what is missing is sent
        results = read_batch_results(output)
        for number, review in enumerate(REVIEWS):
            result = results[f"review-{number}"]
            answer = result.body.choices[0].message.content if result.ok and result.body.choices else result.error
            print(f"{review!r} -> {answer}")


if __name__ == "__main__":
    main()
