"""The ``client.embeddings`` namespace."""

from __future__ import annotations

from ..resources import embeddings
from ._namespace import _Namespace

__all__ = ["Embeddings"]


class Embeddings(_Namespace):
    """``client.embeddings``: turn text or tokens into vectors."""

    create = embeddings.create
