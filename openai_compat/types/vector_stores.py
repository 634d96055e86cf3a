"""Response types of ``/vector_stores`` and ``/vector_stores/{id}/search``.

Shapes follow ``VectorStoreObject``, ``DeleteVectorStoreResponse``, ``VectorStoreSearchResultsPage``
and ``VectorStoreSearchResultItem`` in the OpenAPI spec, lenient as every response type here:
``status`` and ``object`` are ``str`` with constants for the known values, optional fields default
to ``None``, and fields the types do not declare stay on the objects as attributes (see ``_base``).
The types of a store's files and file batches are in ``types.vector_store_files``; the request
helpers (chunking strategies, search filters) in ``types.vector_store_params``.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Union

import msgspec

from ._base import APIObject
from ._pagination import SyncPage

__all__ = [
    "AttributeValue",
    "VectorStore",
    "VectorStoreDeleted",
    "VectorStoreExpiresAfter",
    "VectorStoreFileCounts",
    "VectorStoreSearchContent",
    "VectorStoreSearchPage",
    "VectorStoreSearchResponse",
    "VectorStoreStatus",
]

# A value of a file's ``attributes`` (``VectorStoreFileAttributes``): a string of up to 512
# characters, a number or a boolean; up to 16 of them per file.
AttributeValue = Union[str, int, float, bool]


class VectorStoreStatus:
    """``status`` values of a vector store; ``completed`` means it is ready for use."""

    EXPIRED = "expired"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class VectorStoreFileCounts(APIObject):
    """How many of the store's (or a file batch's) files are in each processing state."""

    in_progress: int = 0
    completed: int = 0
    failed: int = 0
    cancelled: int = 0
    total: int = 0


class VectorStoreExpiresAfter(APIObject):
    """The expiration policy (``VectorStoreExpirationAfter``): ``days`` after ``anchor``
    (``last_active_at``, the only anchor the spec lists)."""

    anchor: str = "last_active_at"
    days: int = 0


class VectorStore(APIObject):
    """A vector store (``VectorStoreObject``): processed files the ``file_search`` tool searches.

    Timestamps are Unix seconds; ``usage_bytes`` is what the store's files take up.
    """

    id: str = ""
    object: str = "vector_store"
    created_at: int = 0
    name: Optional[str] = None
    usage_bytes: int = 0
    file_counts: VectorStoreFileCounts = msgspec.field(default_factory=VectorStoreFileCounts)
    status: str = ""
    expires_after: Optional[VectorStoreExpiresAfter] = None
    expires_at: Optional[int] = None
    last_active_at: Optional[int] = None
    metadata: Optional[Dict[str, str]] = None


class VectorStoreDeleted(APIObject):
    """The answer to deleting a vector store (``DeleteVectorStoreResponse``)."""

    id: str = ""
    object: str = "vector_store.deleted"
    deleted: bool = False


class VectorStoreSearchContent(APIObject):
    """One chunk of a matching file (``VectorStoreSearchResultContentObject``); ``type`` is ``text``."""

    type: str = "text"
    text: str = ""


class VectorStoreSearchResponse(APIObject):
    """One search hit (``VectorStoreSearchResultItem``): the file, its similarity ``score``
    (0 to 1), its ``attributes`` and the matching chunks in ``content``."""

    file_id: str = ""
    filename: str = ""
    score: float = 0.0
    attributes: Optional[Dict[str, AttributeValue]] = None
    content: List[VectorStoreSearchContent] = msgspec.field(default_factory=list)


class VectorStoreSearchPage(SyncPage[VectorStoreSearchResponse]):
    """The answer to a search (``VectorStoreSearchResultsPage``); iterating it yields the hits.

    ``search_query`` is the query as run (rewritten if ``rewrite_query`` was set): a list in the
    spec, a plain string in the API reference's example, so either is accepted. The spec gives
    the page ``has_more`` and ``next_page`` but no request parameter that takes ``next_page``, so
    this page is all a search returns (openai-python returns the same single page); raise
    ``max_num_results`` (up to 50) for more hits.
    """

    object: str = "vector_store.search_results.page"
    search_query: Union[str, List[str], None] = None
    has_more: Optional[bool] = None
    next_page: Optional[str] = None
