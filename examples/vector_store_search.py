"""Vector stores: create one, upload a small text file into it (waiting, within bounds, for it to be
processed), search it, print the hits, and clean up."""

from __future__ import annotations

from openai_compat import Client
from openai_compat.types.vector_store_params import compare

NOTES = "\n".join(f"Note {n}: returns are accepted within {10 * n} days of purchase." for n in range(1, 6))


def main() -> None:
    client = Client()
    store = client.vector_stores.create(name="example-notes", expires_after={"anchor": "last_active_at", "days": 1})
    print("vector store:", store.id, store.status)
    try:  # processing a small file takes seconds; bound the wait all the same
        file = client.vector_stores.files.upload_and_poll(
            vector_store_id=store.id, file=("notes.txt", NOTES.encode()), attributes={"topic": "returns"},
            poll_interval_ms=1000, max_wait_seconds=20,
        )
        print("file:", file.id, file.status, file.last_error.message if file.last_error else "")
    except TimeoutError as exc:
        print("still processing, searching anyway:", exc)
    results = client.vector_stores.search(
        store.id, query="How long do I have to return an item?", max_num_results=3,
        filters=compare("topic", "eq", "returns"),
    )
    for hit in results:
        text = " ".join(part.text for part in hit.content)
        print(f"{hit.score:.3f}  {hit.filename}: {text[:80]}")
    print("deleted:", client.vector_stores.delete(store.id).deleted)
    client.close()


if __name__ == "__main__":
    main()
