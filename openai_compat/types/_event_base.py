"""The base Structs of the Responses stream events, and ``UnknownEvent`` (see ``responses_events``)."""

from __future__ import annotations

from typing import Any, Dict, Optional

import msgspec

from ._base import APIObject
from ._open import raw_of
from .responses import Response

__all__ = ["UnknownEvent"]


class _Event(APIObject):
    type: str = ""
    sequence_number: int = 0


class _ItemEvent(_Event):
    item_id: str = ""
    output_index: int = 0


class _ContentEvent(_ItemEvent):
    content_index: int = 0


class _ResponseEvent(_Event):
    """A lifecycle event carrying the whole ``response`` as it stands."""

    response: Response = msgspec.field(default_factory=Response)


class UnknownEvent(_Event):
    """An event of a type this library does not know: every field is kept (attributes, ``raw``)."""

    sequence_number: Optional[int] = None  # type: ignore[assignment]

    @property
    def raw(self) -> Dict[str, Any]:
        return raw_of(self)
