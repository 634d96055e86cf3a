"""Request helpers for vector stores: chunking strategies and search filters, as plain dicts.

Every vector store call also takes these as dicts in the spec's shapes; the helpers only save
typing and spell the shapes out::

    from openai_compat.types.vector_store_params import all_of, compare, static_chunking

    client.vector_stores.files.create(vs_id, file_id=fid, chunking_strategy=static_chunking(400, 100))
    client.vector_stores.search(
        vs_id, query="refunds", filters=all_of(compare("region", "eq", "eu"), compare("year", "gte", 2024))
    )

Shapes: ``ChunkingStrategyRequestParam`` (``auto`` or ``static``), ``ComparisonFilter`` and
``CompoundFilter`` (which nests comparisons and other compound filters) in the OpenAPI spec.
Values are not range-checked here: the server's limits (chunk sizes 100 to 4096 tokens, overlap at
most half the size) may change, and its error message says what is wrong.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Sequence, Union

__all__ = [
    "ChunkingStrategyParam",
    "ComparisonOperator",
    "ComparisonValue",
    "FilterParam",
    "all_of",
    "any_of",
    "auto_chunking",
    "batch_file",
    "compare",
    "static_chunking",
]

# ``{"type": "auto"}`` or ``{"type": "static", "static": {...}}``.
ChunkingStrategyParam = Mapping[str, Any]
# A ``ComparisonFilter`` or a ``CompoundFilter`` dict.
FilterParam = Mapping[str, Any]
ComparisonValue = Union[str, int, float, bool, Sequence[Union[str, int, float]]]


class ComparisonOperator:
    """The ``type`` of a ``ComparisonFilter``: how the attribute is compared with the value."""

    EQ = "eq"
    NE = "ne"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    IN = "in"  # the value is a list: the attribute equals one of its elements
    NIN = "nin"  # the value is a list: the attribute equals none of them


def auto_chunking() -> Dict[str, Any]:
    """Let the API chunk (today 800-token chunks overlapping by 400); the default when unset."""
    return {"type": "auto"}


def static_chunking(max_chunk_size_tokens: int = 800, chunk_overlap_tokens: int = 400) -> Dict[str, Any]:
    """Fixed-size chunks of ``max_chunk_size_tokens`` (100 to 4096) overlapping by
    ``chunk_overlap_tokens`` (at most half the chunk size)."""
    return {
        "type": "static",
        "static": {"max_chunk_size_tokens": max_chunk_size_tokens, "chunk_overlap_tokens": chunk_overlap_tokens},
    }


def batch_file(
    file_id: str,
    *,
    attributes: Optional[Mapping[str, Union[str, int, float, bool]]] = None,
    chunking_strategy: Optional[ChunkingStrategyParam] = None,
) -> Dict[str, Any]:
    """One entry of ``file_batches.create(files=[...])``: a file with its own ``attributes`` and
    ``chunking_strategy`` (left out when not given)."""
    entry: Dict[str, Any] = {"file_id": file_id}
    if attributes is not None:
        entry["attributes"] = dict(attributes)
    if chunking_strategy is not None:
        entry["chunking_strategy"] = dict(chunking_strategy)
    return entry


def compare(key: str, operator: str, value: ComparisonValue) -> Dict[str, Any]:
    """A ``ComparisonFilter``: the file attribute ``key`` compared with ``value`` by ``operator``
    (a ``ComparisonOperator``; ``in``/``nin`` take a list of strings or numbers)."""
    if isinstance(value, (list, tuple)):
        value = list(value)
    elif not isinstance(value, (str, int, float)):
        raise TypeError(f"a filter value is a str, number, bool or a list of them, not {type(value).__name__}")
    return {"type": operator, "key": key, "value": value}


def all_of(*filters: FilterParam) -> Dict[str, Any]:
    """A ``CompoundFilter`` that matches files matching every one of ``filters`` (``and``)."""
    return _compound("and", filters)


def any_of(*filters: FilterParam) -> Dict[str, Any]:
    """A ``CompoundFilter`` that matches files matching at least one of ``filters`` (``or``)."""
    return _compound("or", filters)


def _compound(kind: str, filters: Sequence[FilterParam]) -> Dict[str, Any]:
    if not filters:
        raise ValueError(f"an {kind!r} filter needs at least one filter to combine")
    return {"type": kind, "filters": [dict(item) for item in filters]}
