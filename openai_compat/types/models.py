"""Types of the ``/models`` endpoints."""

from __future__ import annotations

from typing import Optional

from ._base import APIObject

__all__ = ["Model", "ModelDeleted"]


class Model(APIObject):
    """A model the key can use. ``created`` is Unix seconds."""

    id: str = ""
    object: str = "model"
    created: Optional[int] = None
    owned_by: Optional[str] = None


class ModelDeleted(APIObject):
    """The answer to deleting a fine-tuned model."""

    id: str = ""
    object: str = "model"
    deleted: bool = False
