"""The ``client.vector_stores`` namespaces, imported when ``client.vector_stores`` is first used,
so ``import openai_compat`` loads neither the ``resources.vector_store*`` modules nor their types."""

from __future__ import annotations

from functools import cached_property

from ..resources import vector_store_file_batches, vector_store_files, vector_stores
from ._namespace import _Namespace

__all__ = ["VectorStoreFileBatches", "VectorStoreFiles", "VectorStores"]


class VectorStoreFiles(_Namespace):
    """``client.vector_stores.files``: attach, list, inspect and detach the files of a store, and
    the upload and poll helpers."""

    create = vector_store_files.create
    retrieve = vector_store_files.retrieve
    update = vector_store_files.update
    delete = vector_store_files.delete
    list = vector_store_files.list
    content = vector_store_files.content
    poll = vector_store_files.poll
    create_and_poll = vector_store_files.create_and_poll
    upload = vector_store_files.upload
    upload_and_poll = vector_store_files.upload_and_poll


class VectorStoreFileBatches(_Namespace):
    """``client.vector_stores.file_batches``: attach many files in one call, and the upload and
    poll helpers."""

    create = vector_store_file_batches.create
    retrieve = vector_store_file_batches.retrieve
    cancel = vector_store_file_batches.cancel
    list_files = vector_store_file_batches.list_files
    poll = vector_store_file_batches.poll
    create_and_poll = vector_store_file_batches.create_and_poll
    upload_and_poll = vector_store_file_batches.upload_and_poll


class VectorStores(_Namespace):
    """``client.vector_stores``: create, get, update, delete, list and search vector stores."""

    create = vector_stores.create
    retrieve = vector_stores.retrieve
    update = vector_stores.update
    delete = vector_stores.delete
    list = vector_stores.list
    search = vector_stores.search

    @cached_property
    def files(self) -> VectorStoreFiles:
        return VectorStoreFiles(self._session)

    @cached_property
    def file_batches(self) -> VectorStoreFileBatches:
        return VectorStoreFileBatches(self._session)
