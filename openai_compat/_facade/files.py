"""The ``client.files`` and ``client.uploads`` namespaces, imported on first use (so
``import openai_compat`` loads neither these resources nor the upload machinery)."""

from __future__ import annotations

from functools import cached_property

from ..resources import files, uploads
from .client import _Namespace

__all__ = ["Files", "UploadParts", "Uploads"]


class Files(_Namespace):
    """``client.files``: upload, list, get, download and delete files."""

    create = files.create
    list = files.list
    retrieve = files.retrieve
    delete = files.delete
    content = files.content
    retrieve_content = files.retrieve_content
    wait_for_processing = files.wait_for_processing


class UploadParts(_Namespace):
    """``client.uploads.parts``: add a part to an upload."""

    create = uploads.create_part


class Uploads(_Namespace):
    """``client.uploads``: large files in parts; ``upload_file_chunked`` does every step and resumes."""

    create = uploads.create
    complete = uploads.complete
    cancel = uploads.cancel
    upload_file_chunked = uploads.upload_file_chunked

    @cached_property
    def parts(self) -> UploadParts:
        return UploadParts(self._session)
