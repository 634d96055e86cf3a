"""The ``client.images`` namespace, kept apart from ``_client.py`` so that ``import openai_compat``
does not import the Images API: this module (and with it ``resources.images`` and its types) is
imported when ``client.images`` is first used.
"""

from __future__ import annotations

from ..resources import images
from .client import _Namespace

__all__ = ["Images"]


class Images(_Namespace):
    """``client.images``: generate images, edit them, and make variations."""

    generate = images.generate
    edit = images.edit
    create_variation = images.create_variation
