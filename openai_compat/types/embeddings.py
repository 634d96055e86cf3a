"""Types of the ``/embeddings`` endpoint."""

from __future__ import annotations

from typing import Any, List, Optional, Union

import msgspec

from ._base import APIObject

__all__ = ["CreateEmbeddingResponse", "Embedding", "EmbeddingUsage"]


class Embedding(APIObject):
    """One vector. A list of floats, or a base64 string when ``encoding_format="base64"`` was asked for."""

    embedding: Union[List[float], str] = msgspec.field(default_factory=list)
    index: int = 0
    object: str = "embedding"


class EmbeddingUsage(APIObject):
    """Tokens read to make the vectors (vLLM also sends ``completion_tokens`` and details)."""

    _extension_fields = ("completion_tokens", "prompt_tokens_details")

    prompt_tokens: int = 0
    total_tokens: int = 0
    completion_tokens: Optional[int] = None
    prompt_tokens_details: Any = None


class CreateEmbeddingResponse(APIObject):
    """The vectors, in input order (``index``). vLLM adds an ``id`` and ``created``."""

    _extension_fields = ("id", "created")

    data: List[Embedding] = msgspec.field(default_factory=list)
    model: str = ""
    object: str = "list"
    usage: Optional[EmbeddingUsage] = None
    id: Optional[str] = None
    created: Union[int, float, None] = None
