"""The ``client.batches``, ``client.moderations`` and ``client.completions`` namespaces, kept apart
from ``_client.py`` so that ``import openai_compat`` does not import them: this module (and with it
their resources and types) is imported when one of them is first used.
"""

from __future__ import annotations

from ..resources import batches, completions, moderations
from .client import _Namespace

__all__ = ["Batches", "Completions", "Moderations"]


class Batches(_Namespace):
    """``client.batches``: create, get, cancel and list batches, and wait for one to finish."""

    create = batches.create
    retrieve = batches.retrieve
    cancel = batches.cancel
    list = batches.list
    wait = batches.wait


class Moderations(_Namespace):
    """``client.moderations``: classify text and images."""

    create = moderations.create


class Completions(_Namespace):
    """``client.completions``: the legacy text-completion endpoint."""

    create = completions.create
