"""``/vector_stores``: create, retrieve, update, delete, list and search vector stores.

API reference: https://platform.openai.com/docs/api-reference/vector-stores. A vector store holds
processed (chunked, embedded) files that the ``file_search`` tool and ``search`` below look in.
Its files are managed by ``vector_store_files`` and ``vector_store_file_batches``. Parameters default
to ``UNSET`` and are then not sent; an explicit ``None`` is sent as ``null``. Chunking strategies
and search filters are dicts in the spec's shapes (``types.vector_store_params`` builds them).

Every call sends ``OpenAI-Beta: assistants=v2``, as openai-python does for vector stores
; servers that do not need it ignore it.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Union

from msgspec import UNSET, UnsetType

from .._core.urls import path_segment
from ..types._pagination import SyncCursorPage
from ..types.vector_store_params import ChunkingStrategyParam, FilterParam
from ..types.vector_stores import VectorStore, VectorStoreDeleted, VectorStoreSearchPage
from . import _params
from ._params import Body, Headers, SessionLike, TimeoutArg, beta_headers

__all__ = ["create", "delete", "list", "retrieve", "search", "update"]

def vector_store_path(vector_store_id: str) -> str:
    return f"vector_stores/{path_segment(vector_store_id, 'vector_store_id')}"


def create(
    session: SessionLike,
    /,
    *,
    chunking_strategy: Union[ChunkingStrategyParam, UnsetType] = UNSET,
    description: Union[str, UnsetType] = UNSET,
    expires_after: Union[Mapping[str, Any], UnsetType] = UNSET,
    file_ids: Union[Sequence[str], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    name: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStore:
    """Create a vector store, optionally with up to 500 ``file_ids`` to process
    (https://platform.openai.com/docs/api-reference/vector-stores/create). ``expires_after`` is
    ``{"anchor": "last_active_at", "days": N}``; ``chunking_strategy`` applies to ``file_ids``."""
    body = _params.body(
        locals(), ("chunking_strategy", "description", "expires_after", "file_ids", "metadata", "name")
    )
    return session._session.request(
        "POST", "vector_stores", cast_to=VectorStore, body=body,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def retrieve(
    session: SessionLike,
    /,
    vector_store_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStore:
    """Get a vector store (https://platform.openai.com/docs/api-reference/vector-stores/retrieve)."""
    return session._session.request(
        "GET", vector_store_path(vector_store_id), cast_to=VectorStore,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def update(
    session: SessionLike,
    /,
    vector_store_id: str,
    *,
    expires_after: Union[Optional[Mapping[str, Any]], UnsetType] = UNSET,
    metadata: Union[Optional[Mapping[str, str]], UnsetType] = UNSET,
    name: Union[Optional[str], UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStore:
    """Change a vector store's name, expiration policy or metadata; ``None`` clears one
    (https://platform.openai.com/docs/api-reference/vector-stores/modify)."""
    return session._session.request(
        "POST", vector_store_path(vector_store_id), cast_to=VectorStore,
        body=_params.body(locals(), ("expires_after", "metadata", "name")),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def delete(
    session: SessionLike,
    /,
    vector_store_id: str,
    *,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreDeleted:
    """Delete a vector store; its files stay in ``/files``
    (https://platform.openai.com/docs/api-reference/vector-stores/delete)."""
    return session._session.request(
        "DELETE", vector_store_path(vector_store_id), cast_to=VectorStoreDeleted,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def list(
    session: SessionLike,
    /,
    *,
    after: Union[str, UnsetType] = UNSET,
    before: Union[str, UnsetType] = UNSET,
    limit: Union[int, UnsetType] = UNSET,
    order: Union[str, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncCursorPage[VectorStore]:
    """The vector stores, a page of ``limit`` (1 to 100, default 20) at a time, newest first unless
    ``order="asc"``; iterating the page walks all of them
    (https://platform.openai.com/docs/api-reference/vector-stores/list)."""
    page: SyncCursorPage[VectorStore] = session._session.get_page(
        "vector_stores", item_type=VectorStore,
        query=_params.query(after=after, before=before, limit=limit, order=order),
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
    return page


def search(
    session: SessionLike,
    /,
    vector_store_id: str,
    *,
    query: Union[str, Sequence[str]],
    filters: Union[FilterParam, UnsetType] = UNSET,
    max_num_results: Union[int, UnsetType] = UNSET,
    ranking_options: Union[Mapping[str, Any], UnsetType] = UNSET,
    rewrite_query: Union[bool, UnsetType] = UNSET,
    extra_headers: Headers = None,
    extra_query: Headers = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> VectorStoreSearchPage:
    """Search a vector store for chunks relevant to ``query`` (a string or a list of them); iterate
    the answer for the hits, best first (https://platform.openai.com/docs/api-reference/vector-stores/search).

    ``filters`` narrows the search by file attributes (``types.vector_store_params.compare``,
    ``all_of``, ``any_of``); ``ranking_options`` is ``{"ranker": ..., "score_threshold": 0..1}``;
    ``max_num_results`` is 1 to 50 (default 10).
    """
    body = _params.body(locals(), ("query", "filters", "max_num_results", "ranking_options", "rewrite_query"))
    return session._session.request(
        "POST", f"{vector_store_path(vector_store_id)}/search", cast_to=VectorStoreSearchPage, body=body,
        extra_headers=beta_headers(extra_headers), extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
