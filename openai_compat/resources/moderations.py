"""``/moderations``: classify text and images as potentially harmful.

API reference: https://platform.openai.com/docs/api-reference/moderations. ``input`` is a string,
a list of strings (one verdict each), or a list of multimodal parts (``types.moderations.ModerationInput``
builds them: text and ``image_url``), which the omni models judge together as one input.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Union

from msgspec import UNSET, UnsetType

from .._core.timeouts import TimeoutTypes
from ..types.moderations import ModerationCreateResponse
from . import _params
from ._params import SessionLike

__all__ = ["create"]

ModerationInputParam = Union[str, Iterable[str], Iterable[Mapping[str, Any]]]


def create(
    session: SessionLike,
    /,
    *,
    input: ModerationInputParam,
    model: Union[str, UnsetType] = UNSET,
    extra_headers: Optional[Mapping[str, Any]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
    timeout: Union[TimeoutTypes, UnsetType] = UNSET,
) -> ModerationCreateResponse:
    """Classify ``input`` (https://platform.openai.com/docs/api-reference/moderations/create).

    ``model`` defaults on the server to ``omni-moderation-latest`` (see ``ModerationModel``); only
    the omni models accept images.
    """
    if isinstance(input, (bytes, Mapping)):
        raise TypeError(
            f"input must be a string or a list of strings or parts, got a single {type(input).__name__}"
        )
    body = _params.body(locals(), ("input", "model"))
    return session._session.request(
        "POST", "moderations", cast_to=ModerationCreateResponse, body=body,
        extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout,
    )
