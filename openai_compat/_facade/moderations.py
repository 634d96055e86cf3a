"""The ``client.moderations`` namespace, imported on first use."""

from __future__ import annotations

from ..resources import moderations
from ._namespace import _Namespace

__all__ = ["Moderations"]


class Moderations(_Namespace):
    """``client.moderations``: classify text and images."""

    create = moderations.create
