"""Fine-tuning: upload a small chat dataset, start a job, read its events, wait a bounded time."""

from __future__ import annotations

import io
import json
import os

from openai_compat import Client

EXAMPLES = [
    {"messages": [{"role": "user", "content": f"What is {n} + {n}?"}, {"role": "assistant", "content": str(2 * n)}]}
    for n in range(10)
]


def main() -> None:
    client = Client()
    data = "".join(json.dumps(example) + "\n" for example in EXAMPLES).encode()
    training = client.files.create(file=("sums.jsonl", io.BytesIO(data)), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(
        model=os.environ.get("OPENAI_FINE_TUNE_MODEL", "gpt-4o-mini-2024-07-18"),
        training_file=training.id,
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 1}}},
        suffix="sums",
    )
    print("job:", job.id, job.status)
    for event in client.fine_tuning.jobs.list_events(job.id, limit=5).data:
        print(f"  [{event.level}] {event.message}")
    try:  # a real job takes minutes; this one waits 5 s at most, then leaves it running
        done = client.fine_tuning.jobs.wait(job.id, poll_interval=1, max_wait_seconds=5)
        print("finished:", done.status, done.fine_tuned_model)
    except TimeoutError as exc:
        print("still running:", exc)
        print("cancelled:", client.fine_tuning.jobs.cancel(job.id).status)
    client.close()


if __name__ == "__main__":
    main()
