"""Types of the ``/files`` endpoints (spec schemas ``OpenAIFile``, ``DeleteFileResponse``,
``FileExpirationAfter``)."""

from __future__ import annotations

from typing import Optional

from ._base import APIObject

__all__ = ["FileDeleted", "FileObject", "FilePurpose", "FileStatus", "expires_after"]


class FilePurpose:
    """``purpose`` values. Uploads take the first six; the API also tags files it made itself
    (``*_output``, ``fine-tune-results``). The server may add others: the field is a ``str``."""

    ASSISTANTS = "assistants"
    BATCH = "batch"
    FINE_TUNE = "fine-tune"
    VISION = "vision"
    USER_DATA = "user_data"
    EVALS = "evals"
    ASSISTANTS_OUTPUT = "assistants_output"
    BATCH_OUTPUT = "batch_output"
    FINE_TUNE_RESULTS = "fine-tune-results"


class FileStatus:
    """``status`` values (deprecated by the API, still sent). ``wait_for_processing`` stops at
    ``processed`` or ``error`` (and ``deleted``, which openai-python also treats as final)."""

    UPLOADED = "uploaded"
    PROCESSED = "processed"
    ERROR = "error"
    DELETED = "deleted"


class FileObject(APIObject):
    """A file stored with the API. ``created_at`` and ``expires_at`` are Unix seconds; ``bytes``
    is the size."""

    id: str = ""
    object: str = "file"
    bytes: Optional[int] = None
    created_at: Optional[int] = None
    expires_at: Optional[int] = None
    filename: Optional[str] = None
    purpose: Optional[str] = None
    status: Optional[str] = None
    status_details: Optional[str] = None


class FileDeleted(APIObject):
    """The answer to deleting a file."""

    id: str = ""
    object: str = "file"
    deleted: bool = False


def expires_after(seconds: int, anchor: str = "created_at") -> dict[str, object]:
    """The ``expires_after`` parameter of ``files.create`` / ``uploads.create``: expire the file
    ``seconds`` after ``anchor`` (the spec allows 3600 to 2592000 seconds, anchor ``created_at``)."""
    return {"anchor": anchor, "seconds": seconds}
