"""JSON encoding of request bodies and typed decoding of response bodies.

Two msgspec ``Decoder``s per response type, made once and reused (msgspec perf tips): a strict
one, which is all a body of declared fields needs, and a lenient one for bodies with fields the
types do not declare. After a lenient decode the same bytes are decoded untyped and the extra
fields are put back on the objects, so provider extensions survive (``types/_lenient.py``).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, FrozenSet, Optional, Tuple, TypeVar

import msgspec

from ._base import APIObject, to_builtins
from ._lenient import lenient_type

__all__ = ["convert", "decode", "decode_untyped", "decoder_for", "decoders_for", "encode_json"]

T = TypeVar("T")

_ENCODER = msgspec.json.Encoder()
_DECODERS: Dict[Any, Tuple[Optional[Callable[[Any], Any]], Callable[[Any], Any]]] = {}
_FIELDS: Dict[type, Tuple[FrozenSet[str], Tuple[Tuple[str, str], ...]]] = {}
_SCALARS = frozenset({str, int, float, bool, type(None)})


def encode_json(body: Any) -> bytes:
    """Encode a request body compactly as UTF-8 JSON, extra fields of response objects included."""
    return _ENCODER.encode(to_builtins(body))


def decode_untyped(data: bytes | str) -> Any:
    """Decode JSON to plain builtins."""
    return msgspec.json.decode(data)


def decode(data: bytes | str, cast_to: type[T]) -> T:
    """Decode JSON into ``cast_to``, keeping undeclared fields on every ``APIObject`` in the tree.

    Raises msgspec's errors (and ``UnicodeDecodeError``/``RecursionError``); the Session turns
    them into ``APIResponseValidationError`` with the raw bytes.
    """
    return decoder_for(cast_to)(data)


def decoder_for(cast_to: type[T]) -> Callable[[bytes | str], T]:
    """The decoding function for ``cast_to``, made once per type (hot loops keep it at hand)."""
    return decoders_for(cast_to)[1]


def decoders_for(cast_to: type[T]) -> Tuple[Optional[Callable[[bytes | str], T]], Callable[[bytes | str], T]]:
    """``(strict, full)`` for ``cast_to``: ``strict`` decodes a body of declared fields only and
    raises on anything else (``None`` for untyped results); ``full`` is what ``decode`` does."""
    pair = _DECODERS.get(cast_to)
    if pair is None:
        pair = _DECODERS[cast_to] = _make_decoders(cast_to)
    return pair


def convert(raw: Any, cast_to: type[T]) -> T:
    """Convert already-decoded builtins into ``cast_to``, keeping undeclared fields (as ``decode``)."""
    try:
        return msgspec.convert(raw, cast_to, dec_hook=_dec_hook)
    except msgspec.ValidationError as exc:
        if "unknown field" not in str(exc):
            raise
    typed: Any = msgspec.convert(raw, lenient_type(cast_to), dec_hook=_dec_hook)
    _attach_extras(typed, raw)
    return typed  # type: ignore[no-any-return]


def _dec_hook(tp: Any, raw: Any) -> Any:
    # Open unions (Responses output items, content parts): a marker class whose
    # ``__decode_open_union__`` peeks at ``type`` and converts to the matching Struct (types/_open.py).
    hook = getattr(tp, "__decode_open_union__", None)
    if hook is None:
        raise NotImplementedError(f"no decoder for {tp!r}")
    return hook(raw)


def _make_decoders(cast_to: Any) -> Tuple[Optional[Callable[[Any], Any]], Callable[[Any], Any]]:
    if cast_to is object or cast_to is Any:
        return None, msgspec.json.decode
    special = getattr(cast_to, "__decoders__", None)
    if special is not None:  # an open union decoded from bytes (Responses stream events)
        return special()  # type: ignore[no-any-return]
    strict = msgspec.json.Decoder(cast_to, dec_hook=_dec_hook).decode
    twin = lenient_type(cast_to)
    if twin is cast_to:  # no response Struct inside: nothing undeclared to keep
        return strict, strict
    lenient = msgspec.json.Decoder(twin, dec_hook=_dec_hook).decode

    def decode_keeping_extras(data: bytes | str) -> Any:
        try:
            return strict(data)
        except msgspec.ValidationError as exc:
            # Only an undeclared field is worth a second decode; a wrong type fails leniently too.
            if "unknown field" not in str(exc):
                raise
        typed = lenient(data)
        _attach_extras(typed, msgspec.json.decode(data))
        return typed

    return strict, decode_keeping_extras


def _field_info(cls: type) -> Tuple[FrozenSet[str], Tuple[Tuple[str, str], ...]]:
    info = _FIELDS.get(cls)
    if info is None:
        names: Tuple[str, ...] = cls.__struct_encode_fields__  # type: ignore[attr-defined]
        attrs: Tuple[str, ...] = cls.__struct_fields__  # type: ignore[attr-defined]
        info = _FIELDS[cls] = (frozenset(names), tuple(zip(attrs, names)))
    return info


def _attach_extras(obj: Any, raw: Any) -> None:
    """Walk the typed tree beside the untyped one, copying keys the Struct does not declare."""
    if isinstance(obj, APIObject):
        if type(raw) is not dict:
            return
        known, pairs = _field_info(type(obj))
        if not known.issuperset(raw):
            extras = obj.__dict__
            for key, value in raw.items():
                if key not in known:
                    extras[key] = value
        for attr, name in pairs:
            value = getattr(obj, attr)
            if type(value) not in _SCALARS:
                _attach_extras(value, raw.get(name))
    elif type(obj) is list:
        if type(raw) is list:
            for item, raw_item in zip(obj, raw):
                if type(item) not in _SCALARS:
                    _attach_extras(item, raw_item)
    elif type(obj) is dict and type(raw) is dict:
        for key, item in obj.items():
            if type(item) not in _SCALARS:
                _attach_extras(item, raw.get(key))
