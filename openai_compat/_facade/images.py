"""The ``client.images`` namespace, imported when ``client.images`` is first used, so
``import openai_compat`` loads neither the Images resources nor their types."""

from __future__ import annotations

from ..resources import images
from ._namespace import _Namespace

__all__ = ["Images"]


class Images(_Namespace):
    """``client.images``: generate images, edit them, and make variations."""

    generate = images.generate
    edit = images.edit
    create_variation = images.create_variation
