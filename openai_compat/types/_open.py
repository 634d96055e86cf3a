"""Open unions: values told apart by a tag (``type``), with a fallback for tags not known yet.

The Responses API adds output item, content part and stream event types often. A msgspec tagged
union would reject an unknown tag, losing a good response, so a field of an open union is typed
with a marker class instead (``OutputItem``, ``ContentPart``, ``ResponseStreamEvent``). msgspec hands
such a field to the decoder's ``dec_hook`` as builtins; ``__decode_open_union__`` reads the tag and
builds the Struct registered for it, or the ``Unknown...`` fallback, which keeps every field
(``_tolerant.open_union``: msgspec's strict conversion first, the tolerant one where it fails).

A whole event is decoded from bytes by the codec: a tiny decoder reads the tag, then the bytes go
to that member's own decoder, so a known event costs one msgspec pass more than a plain Struct.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Optional

import msgspec

from ._tolerant import open_union

__all__ = ["OpenUnion", "by_type", "raw_of"]


class _OpenUnionMeta(type):
    # msgspec checks that what ``dec_hook`` returns is an instance of the field's type: a member is.
    def __instancecheck__(cls, obj: Any) -> bool:
        members: Dict[str, type] = getattr(cls, "members", {})
        unknown = getattr(cls, "unknown", None)
        return isinstance(obj, tuple(members.values())) or (unknown is not None and isinstance(obj, unknown))


class OpenUnion(metaclass=_OpenUnionMeta):
    """Marker base: ``members`` maps a tag to its Struct, ``unknown`` takes the rest; ``tag`` names
    the key holding the tag (``type``, or ``event`` for Assistants run events)."""

    members: ClassVar[Dict[str, type]] = {}
    unknown: ClassVar[type]
    tag: ClassVar[str] = "type"

    def __init__(self) -> None:  # pragma: no cover - a marker, never instantiated
        raise TypeError(f"{type(self).__name__} is a union of types, not a type to instantiate")

    @classmethod
    def member(cls, tag: Any) -> Optional[type]:
        """The Struct registered for ``tag``, or ``None`` (then ``unknown`` takes the value)."""
        return cls.members.get(tag) if type(tag) is str else None

    @classmethod
    def __decode_open_union__(cls, raw: Any) -> Any:
        if type(raw) is not dict:
            raise ValueError(f"Expected `object`, got `{type(raw).__name__}`")
        return open_union(raw, cls)


def raw_of(obj: Any) -> Dict[str, Any]:
    """The payload an ``Unknown...`` object was decoded from (``to_dict()`` if it was built otherwise)."""
    raw = obj.__dict__.get("_raw")
    if isinstance(raw, dict):
        return raw
    result: Dict[str, Any] = obj.to_dict()
    return result


def by_type(classes: Any) -> Dict[str, type]:
    """``{type string: class}`` for Structs whose ``type`` field defaults to their tag."""
    return {next(f.default for f in msgspec.structs.fields(cls) if f.name == "type"): cls for cls in classes}
