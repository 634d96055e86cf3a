"""``/models``: list the models a key can use, look one up, delete a fine-tuned one."""

from __future__ import annotations

from msgspec import UNSET

from .._core.urls import path_segment
from ..types._pagination import SyncPage
from ..types.models import Model, ModelDeleted
from ._params import Body, Headers, Query, SessionLike, TimeoutArg

__all__ = ["delete", "list", "retrieve"]



def list(
    session: SessionLike,
    /,
    *,
    extra_headers: Headers = None,
    extra_query: Query = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> SyncPage[Model]:
    """List the models available to the key (the whole list, in one page)."""
    page: SyncPage[Model] = session._session.get_page(
        "models", item_type=Model, page_cls=SyncPage, extra_headers=extra_headers, extra_query=extra_query,
        extra_body=extra_body, timeout=timeout,
    )
    return page


def retrieve(
    session: SessionLike,
    /,
    model: str,
    *,
    extra_headers: Headers = None,
    extra_query: Query = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> Model:
    """Look up one model by id."""
    return session._session.request(
        "GET", f"models/{path_segment(model, 'model')}", cast_to=Model,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )


def delete(
    session: SessionLike,
    /,
    model: str,
    *,
    extra_headers: Headers = None,
    extra_query: Query = None,
    extra_body: Body = None,
    timeout: TimeoutArg = UNSET,
) -> ModelDeleted:
    """Delete a fine-tuned model the key's organization owns."""
    return session._session.request(
        "DELETE", f"models/{path_segment(model, 'model')}", cast_to=ModelDeleted,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
