"""Response types of ``/vector_stores/{id}/files`` and ``/vector_stores/{id}/file_batches``.

Shapes follow ``VectorStoreFileObject``, ``DeleteVectorStoreFileResponse``,
``VectorStoreFileContentResponse`` and ``VectorStoreFileBatchObject`` in the OpenAPI spec, lenient
as every response type here (``status`` is a ``str`` with constants, optional fields default to
``None``, undeclared fields stay as attributes). A file's ``chunking_strategy`` is an open union
told apart by ``type``: ``static`` or ``other`` (files indexed before chunking strategies existed),
and ``UnknownFileChunkingStrategy`` for a type this library does not know yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, FrozenSet, Optional, Union

import msgspec

from ._base import APIObject
from ._open import OpenUnion, by_type, raw_of
from ._pagination import SyncPage
from .vector_stores import AttributeValue, VectorStoreFileCounts

__all__ = [
    "TERMINAL_STATUSES",
    "FileChunkingStrategy",
    "OtherFileChunkingStrategyObject",
    "StaticFileChunkingStrategy",
    "StaticFileChunkingStrategyObject",
    "UnknownFileChunkingStrategy",
    "VectorStoreFile",
    "VectorStoreFileBatch",
    "VectorStoreFileContent",
    "VectorStoreFileContentPage",
    "VectorStoreFileDeleted",
    "VectorStoreFileError",
    "VectorStoreFileStatus",
]


class VectorStoreFileStatus:
    """``status`` values of a vector store file and of a file batch; ``completed`` means ready."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"


# Where the poll helpers stop, as openai-python's do. Any other status, ``in_progress`` or one the API
# adds later, keeps them polling until ``max_wait_seconds``.
TERMINAL_STATUSES: FrozenSet[str] = frozenset(
    {VectorStoreFileStatus.COMPLETED, VectorStoreFileStatus.FAILED, VectorStoreFileStatus.CANCELLED}
)


class StaticFileChunkingStrategy(APIObject):
    """Chunk size and overlap in tokens (spec ``StaticChunkingStrategy``; defaults 800 and 400)."""

    max_chunk_size_tokens: int = 0
    chunk_overlap_tokens: int = 0


class StaticFileChunkingStrategyObject(APIObject):
    """The file was chunked with fixed sizes (``StaticChunkingStrategyResponseParam``)."""

    type: str = "static"
    static: StaticFileChunkingStrategy = msgspec.field(default_factory=StaticFileChunkingStrategy)


class OtherFileChunkingStrategyObject(APIObject):
    """The strategy is not known to the API itself: the file was indexed before chunking
    strategies existed (``OtherChunkingStrategyResponseParam``)."""

    type: str = "other"


class UnknownFileChunkingStrategy(APIObject):
    """A chunking strategy of a ``type`` this library does not know; every field is kept (``raw``)."""

    type: str = ""

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)


if TYPE_CHECKING:
    FileChunkingStrategy = Union[
        StaticFileChunkingStrategyObject, OtherFileChunkingStrategyObject, UnknownFileChunkingStrategy
    ]
else:

    class FileChunkingStrategy(OpenUnion):
        """A file's chunking strategy: decoded by ``type``, ``UnknownFileChunkingStrategy`` for the others."""

        members = by_type((StaticFileChunkingStrategyObject, OtherFileChunkingStrategyObject))
        unknown = UnknownFileChunkingStrategy


class VectorStoreFileError(APIObject):
    """Why processing a file failed: ``code`` is ``server_error``, ``unsupported_file`` or
    ``invalid_file`` in the spec; ``message`` says it for people."""

    code: str = ""
    message: str = ""


class VectorStoreFile(APIObject):
    """A file attached to a vector store (``VectorStoreFileObject``). ``id`` is the file's id;
    ``usage_bytes`` what it takes up in the store, which may differ from its size."""

    id: str = ""
    object: str = "vector_store.file"
    usage_bytes: int = 0
    created_at: int = 0
    vector_store_id: str = ""
    status: str = ""
    last_error: Optional[VectorStoreFileError] = None
    chunking_strategy: Optional[FileChunkingStrategy] = None
    attributes: Optional[Dict[str, AttributeValue]] = None


class VectorStoreFileDeleted(APIObject):
    """The answer to removing a file from a vector store (the file itself is not deleted)."""

    id: str = ""
    object: str = "vector_store.file.deleted"
    deleted: bool = False


class VectorStoreFileContent(APIObject):
    """One piece of a file's parsed content; ``type`` is ``text`` today."""

    type: Optional[str] = None
    text: Optional[str] = None


class VectorStoreFileContentPage(SyncPage[VectorStoreFileContent]):
    """A file's parsed content (``VectorStoreFileContentResponse``); iterating it yields the pieces.

    As for search, the spec gives ``has_more`` and ``next_page`` but no parameter to ask for the
    next page, so this is what one call returns.
    """

    object: str = "vector_store.file_content.page"
    has_more: Optional[bool] = None
    next_page: Optional[str] = None


class VectorStoreFileBatch(APIObject):
    """A batch of files being attached to a vector store (``VectorStoreFileBatchObject``).
    ``file_counts`` tells how many are done; ``status`` is ``completed`` once all are processed."""

    id: str = ""
    object: str = "vector_store.files_batch"
    created_at: int = 0
    vector_store_id: str = ""
    status: str = ""
    file_counts: VectorStoreFileCounts = msgspec.field(default_factory=VectorStoreFileCounts)
