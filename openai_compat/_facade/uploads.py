"""The ``client.uploads`` namespaces, imported on first use (so ``import openai_compat`` loads
neither the upload resources nor the upload machinery)."""

from __future__ import annotations

from functools import cached_property

from ..resources import uploads, uploads_chunked
from ._namespace import _Namespace

__all__ = ["UploadParts", "Uploads"]


class UploadParts(_Namespace):
    """``client.uploads.parts``: add a part to an upload."""

    create = uploads.create_part


class Uploads(_Namespace):
    """``client.uploads``: large files in parts; ``upload_file_chunked`` does every step and resumes."""

    create = uploads.create
    complete = uploads.complete
    cancel = uploads.cancel
    upload_file_chunked = uploads_chunked.upload_file_chunked

    @cached_property
    def parts(self) -> UploadParts:
        return UploadParts(self._session)
