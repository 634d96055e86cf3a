"""Types of the ``/models`` endpoints."""

from __future__ import annotations

from typing import Any, Optional, Union

from ._base import APIObject

__all__ = ["Model", "ModelDeleted"]


class Model(APIObject):
    """A model the key can use. ``created`` is Unix seconds. vLLM adds ``root``, ``parent``,
    ``max_model_len`` and ``permission``; llama.cpp ``meta``."""

    _extension_fields = ("root", "parent", "max_model_len", "permission", "meta")

    id: str = ""
    object: str = "model"
    created: Union[int, float, None] = None
    owned_by: Optional[str] = None
    root: Optional[str] = None
    parent: Optional[str] = None
    max_model_len: Optional[int] = None
    permission: Any = None
    meta: Any = None


class ModelDeleted(APIObject):
    """The answer to deleting a fine-tuned model."""

    id: str = ""
    object: str = "model"
    deleted: bool = False
