"""Batch API: write typed requests as JSONL, upload them, start a batch, wait, read the results."""

import tempfile
from pathlib import Path

from openai_compat import Client
from openai_compat.batch_jsonl import BatchInputWriter, read_batch_results
from openai_compat.types.batches import BatchEndpoint
from openai_compat.types.chat_params import ChatCompletionRequest, Message

QUESTIONS = ["What is 2 + 2?", "Name a prime number above 10.", "Spell 'batch' backwards."]


def main() -> None:
    client = Client()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "requests.jsonl"
        with BatchInputWriter(path) as writer:  # one line per request, streamed to disk
            for text in QUESTIONS:
                writer.add_chat_completion(ChatCompletionRequest(model="gpt-4o-mini", messages=[Message.user(text)]))
        uploaded = client.files.create(file=path, purpose="batch")
    batch = client.batches.create(input_file_id=uploaded.id, endpoint=BatchEndpoint.CHAT_COMPLETIONS,
                                  completion_window="24h", metadata={"example": "batch.py"})
    try:  # real batches take minutes to hours: wait a little here, and come back later otherwise
        batch = client.batches.wait(batch.id, poll_interval=1.0, max_wait_seconds=4)
    except TimeoutError as exc:
        print(f"{exc} Look again later: client.batches.retrieve({batch.id!r})")
        return
    files = [client.files.content(file_id) for file_id in (batch.output_file_id, batch.error_file_id) if file_id]
    results = read_batch_results(*files, endpoint=batch.endpoint)  # no output file: no results, not a crash
    for custom_id, question in zip(writer.custom_ids, QUESTIONS):
        result = results.get(custom_id)
        answer = result.body.choices[0].message.content if result and result.ok and result.body.choices else None
        print(f"{question} -> {answer or (result.error if result else 'no result')}")
    print(results, [line.text[:40] for line in results.unreadable])  # lines that were not results, kept


if __name__ == "__main__":
    main()
