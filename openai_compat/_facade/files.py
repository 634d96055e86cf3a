"""The ``client.files`` namespace, imported on first use (so ``import openai_compat`` loads
neither the file resources nor the upload machinery)."""

from __future__ import annotations

from ..resources import files
from ._namespace import _Namespace

__all__ = ["Files"]


class Files(_Namespace):
    """``client.files``: upload, list, get, download and delete files."""

    create = files.create
    list = files.list
    retrieve = files.retrieve
    delete = files.delete
    content = files.content
    retrieve_content = files.retrieve_content
    wait_for_processing = files.wait_for_processing
