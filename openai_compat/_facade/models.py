"""The ``client.models`` namespace."""

from __future__ import annotations

from ..resources import models
from ._namespace import _Namespace

__all__ = ["Models"]


class Models(_Namespace):
    """``client.models``: list, get and delete models."""

    list = models.list
    retrieve = models.retrieve
    delete = models.delete
