"""The ``client.completions`` namespace (legacy text completions), imported on first use."""

from __future__ import annotations

from ..resources import completions
from ._namespace import _Namespace

__all__ = ["Completions"]


class Completions(_Namespace):
    """``client.completions``: the legacy text-completion endpoint."""

    create = completions.create
