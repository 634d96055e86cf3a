"""Types of the ``/uploads`` endpoints (spec schemas ``Upload`` and ``UploadPart``): a large file
sent in parts of up to 64 MB, then completed into one ``FileObject``."""

from __future__ import annotations

from typing import Optional

from ._base import APIObject
from .files import FileObject

__all__ = ["Upload", "UploadPart", "UploadStatus"]


class UploadStatus:
    """``Upload.status`` values; the server may add others."""

    PENDING = "pending"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Upload(APIObject):
    """An upload in progress (``pending``) or finished; ``file`` is the created file once it is
    ``completed``. ``bytes`` is the size announced at creation; times are Unix seconds."""

    id: str = ""
    object: str = "upload"
    bytes: Optional[int] = None
    created_at: Optional[int] = None
    expires_at: Optional[int] = None
    filename: Optional[str] = None
    purpose: Optional[str] = None
    status: Optional[str] = None
    file: Optional[FileObject] = None


class UploadPart(APIObject):
    """One part added to an upload; its ``id`` goes in ``part_ids`` when completing."""

    id: str = ""
    object: str = "upload.part"
    created_at: Optional[int] = None
    upload_id: Optional[str] = None
