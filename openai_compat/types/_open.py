"""Open unions: values told apart by their ``type`` string, with a fallback for types not known yet.

The Responses API adds output item, content part and stream event types often. A msgspec tagged
union would reject an unknown tag, losing a good response, so a field of an open union is typed
with a marker class instead (``OutputItem``, ``ContentPart``, ``ResponseStreamEvent``). msgspec hands
such a field to the codec's ``dec_hook`` as builtins; ``__decode_open_union__`` peeks at ``type``
and converts to the Struct registered for it (strictly, then leniently keeping extras, as
``_codec.convert`` does), or to the ``Unknown...`` fallback, which keeps every field.

A whole stream event is decoded from bytes (``__decoders__``): a tiny Struct peeks at ``type``,
then the bytes go to that event's own pair of decoders, so a known event is one C-speed decode
more than a plain Struct, and its nested ``Response`` uses the same strict/lenient scheme.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Dict, Optional, Tuple

import msgspec

__all__ = ["OpenUnion", "by_type", "raw_of"]


class _TypeOnly(msgspec.Struct):
    type: Any = None


_peek = msgspec.json.Decoder(_TypeOnly).decode


class _OpenUnionMeta(type):
    # msgspec checks that what ``dec_hook`` returns is an instance of the field's type: a member is.
    def __instancecheck__(cls, obj: Any) -> bool:
        members: Dict[str, type] = getattr(cls, "members", {})
        unknown = getattr(cls, "unknown", None)
        return isinstance(obj, tuple(members.values())) or (unknown is not None and isinstance(obj, unknown))


class OpenUnion(metaclass=_OpenUnionMeta):
    """Marker base: ``members`` maps a ``type`` string to its Struct, ``unknown`` takes the rest.
    ``tag`` names the field that tells the members apart when it is not ``type`` (``object``)."""

    members: ClassVar[Dict[str, type]] = {}
    unknown: ClassVar[type]
    tag: ClassVar[str] = "type"

    def __init__(self) -> None:  # pragma: no cover - a marker, never instantiated
        raise TypeError(f"{type(self).__name__} is a union of types, not a type to instantiate")

    @classmethod
    def __decode_open_union__(cls, raw: Any) -> Any:
        from ._codec import convert

        if type(raw) is not dict:
            raise ValueError(f"Expected `object`, got `{type(raw).__name__}`")
        kind = raw.get(cls.tag)
        target = cls.members.get(kind) if type(kind) is str else None
        if target is not None:
            return convert(raw, target)
        item: Any = convert(raw, cls.unknown)
        item.__dict__["_raw"] = raw
        return item

    @classmethod
    def __decoders__(cls) -> Tuple[Callable[[Any], Any], Callable[[Any], Any]]:
        from ._codec import decoders_for

        members, convert_one = cls.members, cls.__decode_open_union__
        if cls.tag != "type":  # the fast peek reads ``type`` only

            def decode_any_tag(data: Any) -> Any:
                return convert_one(msgspec.json.decode(data))

            return decode_any_tag, decode_any_tag

        def make(which: int) -> Callable[[Any], Any]:
            def decode(data: Any) -> Any:
                kind = _peek(data).type
                target = members.get(kind) if type(kind) is str else None
                if target is None:
                    return convert_one(msgspec.json.decode(data))
                decoder: Optional[Callable[[Any], Any]] = decoders_for(target)[which]
                assert decoder is not None
                return decoder(data)

            return decode

        return make(0), make(1)


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
