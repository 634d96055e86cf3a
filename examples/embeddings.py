"""Embeddings: embed three sentences and rank them by similarity to the first."""

from __future__ import annotations

import math
import os

from openai_compat import Client


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def main() -> None:
    client = Client()
    sentences = ["The cat sat on the mat.", "A kitten rested on a rug.", "Stock prices fell sharply."]
    response = client.embeddings.create(
        model=os.environ.get("OPENAI_EMBEDDING_MODEL", "text-embedding-3-small"),
        input=sentences,
    )
    vectors = [item.embedding for item in sorted(response.data, key=lambda item: item.index)]
    assert all(isinstance(v, list) for v in vectors)  # floats, whatever the server sent
    print("vectors:", len(vectors), "dimensions:", len(vectors[0]) if vectors else 0)
    for sentence, vector in zip(sentences, vectors):
        print(f"{cosine(vectors[0], vector):+.3f}  {sentence}")  # type: ignore[arg-type]
    client.close()


if __name__ == "__main__":
    main()
