"""Types of ``/moderations``: the answer (``CreateModerationResponse``) and the input-part helpers.

The category names on the wire hold ``/`` and ``-`` (``"self-harm/intent"``); the fields are their
snake-case twins (``self_harm_intent``), as in openai-python. Categories the server adds later are
not lost: like every response type they stay on the object as attributes named as sent, and
``categories["new/category"]``, ``.get(...)`` and ``.to_dict()`` reach declared and new ones alike
by their wire names.
"""

from __future__ import annotations

import base64
from typing import Any, Dict, List, Optional

import msgspec

from ._base import APIObject

__all__ = [
    "Categories",
    "CategoryAppliedInputTypes",
    "CategoryScores",
    "Moderation",
    "ModerationCreateResponse",
    "ModerationInput",
    "ModerationModel",
]


class ModerationModel:
    """The model names the spec lists; any other string is sent as given."""

    OMNI_MODERATION_LATEST = "omni-moderation-latest"
    OMNI_MODERATION_2024_09_26 = "omni-moderation-2024-09-26"
    TEXT_MODERATION_LATEST = "text-moderation-latest"
    TEXT_MODERATION_STABLE = "text-moderation-stable"


class _ByWireName(APIObject):
    """A category map: declared fields plus whatever categories the server added."""

    def to_wire_dict(self) -> Dict[str, Any]:
        """Every category by its wire name (``"hate/threatening"``), declared and new ones;
        categories the server left out (``None``) are not listed."""
        return self.to_dict()

    def __getitem__(self, name: str) -> Any:
        values = self.to_wire_dict()
        if name not in values:
            raise KeyError(name)
        return values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.to_wire_dict().get(name, default)


def _wire(name: str) -> Any:
    return msgspec.field(default=None, name=name)


class Categories(_ByWireName):
    """Whether each category was flagged. ``illicit`` and ``illicit_violent`` may be ``null``."""

    harassment: Optional[bool] = None
    harassment_threatening: Optional[bool] = _wire("harassment/threatening")
    hate: Optional[bool] = None
    hate_threatening: Optional[bool] = _wire("hate/threatening")
    illicit: Optional[bool] = None
    illicit_violent: Optional[bool] = _wire("illicit/violent")
    self_harm: Optional[bool] = _wire("self-harm")
    self_harm_instructions: Optional[bool] = _wire("self-harm/instructions")
    self_harm_intent: Optional[bool] = _wire("self-harm/intent")
    sexual: Optional[bool] = None
    sexual_minors: Optional[bool] = _wire("sexual/minors")
    violence: Optional[bool] = None
    violence_graphic: Optional[bool] = _wire("violence/graphic")


class CategoryScores(_ByWireName):
    """The model's score for each category, from 0 to 1."""

    harassment: Optional[float] = None
    harassment_threatening: Optional[float] = _wire("harassment/threatening")
    hate: Optional[float] = None
    hate_threatening: Optional[float] = _wire("hate/threatening")
    illicit: Optional[float] = None
    illicit_violent: Optional[float] = _wire("illicit/violent")
    self_harm: Optional[float] = _wire("self-harm")
    self_harm_instructions: Optional[float] = _wire("self-harm/instructions")
    self_harm_intent: Optional[float] = _wire("self-harm/intent")
    sexual: Optional[float] = None
    sexual_minors: Optional[float] = _wire("sexual/minors")
    violence: Optional[float] = None
    violence_graphic: Optional[float] = _wire("violence/graphic")


class CategoryAppliedInputTypes(_ByWireName):
    """Which input types (``"text"``, ``"image"``) each category's score applies to."""

    harassment: Optional[List[str]] = None
    harassment_threatening: Optional[List[str]] = _wire("harassment/threatening")
    hate: Optional[List[str]] = None
    hate_threatening: Optional[List[str]] = _wire("hate/threatening")
    illicit: Optional[List[str]] = None
    illicit_violent: Optional[List[str]] = _wire("illicit/violent")
    self_harm: Optional[List[str]] = _wire("self-harm")
    self_harm_instructions: Optional[List[str]] = _wire("self-harm/instructions")
    self_harm_intent: Optional[List[str]] = _wire("self-harm/intent")
    sexual: Optional[List[str]] = None
    sexual_minors: Optional[List[str]] = _wire("sexual/minors")
    violence: Optional[List[str]] = None
    violence_graphic: Optional[List[str]] = _wire("violence/graphic")


class Moderation(APIObject):
    """The verdict on one input (all parts of a multimodal input together give one verdict)."""

    flagged: bool = False
    categories: Categories = msgspec.field(default_factory=Categories)
    category_scores: CategoryScores = msgspec.field(default_factory=CategoryScores)
    # Sent by the omni models; older text models leave it out.
    category_applied_input_types: Optional[CategoryAppliedInputTypes] = None

    def flagged_categories(self) -> List[str]:
        """The wire names of the categories flagged ``true`` (new categories included)."""
        return [name for name, value in self.categories.to_wire_dict().items() if value is True]


class ModerationCreateResponse(APIObject):
    """The answer of ``moderations.create``: one ``Moderation`` per input, in order."""

    id: str = ""
    model: str = ""
    results: List[Moderation] = msgspec.field(default_factory=list)


class ModerationInput:
    """Input-part dicts for multimodal moderation (``input=[ModerationInput.text(...), ...]``)."""

    @staticmethod
    def text(text: str) -> Dict[str, Any]:
        return {"type": "text", "text": text}

    @staticmethod
    def image_url(url: str) -> Dict[str, Any]:
        """An image by URL or by ``data:`` URL."""
        return {"type": "image_url", "image_url": {"url": url}}

    @staticmethod
    def image_bytes(data: bytes, content_type: str = "image/png") -> Dict[str, Any]:
        """An image from its bytes, sent inline as a base64 ``data:`` URL."""
        encoded = base64.b64encode(data).decode("ascii")
        return ModerationInput.image_url(f"data:{content_type};base64,{encoded}")
