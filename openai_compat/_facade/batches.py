"""The ``client.batches`` namespace, imported on first use (so ``import openai_compat`` loads
neither the batch resources nor their types)."""

from __future__ import annotations

from ..resources import batches
from ._namespace import _Namespace

__all__ = ["Batches"]


class Batches(_Namespace):
    """``client.batches``: create, get, cancel and list batches, and wait for one to finish."""

    create = batches.create
    retrieve = batches.retrieve
    cancel = batches.cancel
    list = batches.list
    wait = batches.wait
