"""JSON encoding of request bodies and typed decoding of response bodies.

Decoding a body into a type is one strict msgspec pass (``forbid_unknown_fields``), with a
``Decoder`` made once per type (msgspec's performance tips): that is all a body of declared fields
needs, and the types declare the extensions common providers send, so their bodies and stream
chunks take this path too. When the strict pass raises ``msgspec.ValidationError`` for any
reason, the bytes are decoded once untyped and ``types/_tolerant.build`` makes the typed tree from
them, keeping every value the server sent (see there). The error's text is never looked at.

The errors left: ``msgspec.DecodeError`` when the body is not JSON, ``msgspec.ValidationError``
when it is not an object where the type needs one. Callers turn them into
``APIResponseValidationError`` carrying the raw body.

``builder_for`` gives the tolerant path alone, for JSON already decoded (a stream that decoded an
event to look for an in-band error builds the item from that, rather than parsing it again).
The decoders are made once per type under ``_tolerant.TYPE_LOCK`` (the lock every first use of a
type by msgspec takes) and published only when complete.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Tuple, TypeVar

import msgspec

from ._base import to_builtins
from ._tolerant import TYPE_LOCK, build, builder_for, convert, dec_hook

__all__ = ["builder_for", "convert", "decode", "decode_untyped", "decoder_for", "decoders_for", "encode_json"]

T = TypeVar("T")
Decode = Callable[[Any], Any]

_ENCODER = msgspec.json.Encoder()
_DECODERS: Dict[Any, Tuple[Optional[Decode], Decode]] = {}
_untyped = msgspec.json.Decoder().decode


def encode_json(body: Any) -> bytes:
    """Encode a request body compactly as UTF-8 JSON, undeclared fields of response objects included."""
    return _ENCODER.encode(to_builtins(body))


def decode_untyped(data: bytes | str) -> Any:
    """Decode JSON to plain builtins."""
    return _untyped(data)


def decode(data: bytes | str, cast_to: type[T]) -> T:
    """Decode JSON into ``cast_to``, keeping every value the server sent (see the module docstring).

    Raises msgspec's errors (and ``UnicodeDecodeError``/``RecursionError``); the Session turns
    them into ``APIResponseValidationError`` with the raw bytes.
    """
    return decoders_for(cast_to)[1](data)


def decoder_for(cast_to: type[T]) -> Callable[[bytes | str], T]:
    """The decoding function for ``cast_to`` (hot loops keep it at hand)."""
    return decoders_for(cast_to)[1]


def decoders_for(cast_to: type[T]) -> Tuple[Optional[Callable[[bytes | str], T]], Callable[[bytes | str], T]]:
    """``(strict, full)`` for ``cast_to``: ``strict`` is the fast path alone, raising on a body
    that does not match the types (``None`` for untyped results); ``full`` is what ``decode`` does."""
    pair = _DECODERS.get(cast_to)
    if pair is None:
        with TYPE_LOCK:
            pair = _DECODERS.get(cast_to)
            if pair is None:
                pair = _make_decoders(cast_to)
                _DECODERS[cast_to] = pair  # published whole: readers never take the lock
    return pair


def _make_decoders(cast_to: Any) -> Tuple[Optional[Decode], Decode]:
    if cast_to is object or cast_to is Any:
        return None, _untyped
    if isinstance(cast_to, type) and hasattr(cast_to, "__decode_open_union__"):
        return _open_union_decoders(cast_to)
    strict: Decode = msgspec.json.Decoder(cast_to, dec_hook=dec_hook).decode
    tolerant = builder_for(cast_to)

    def decode_tolerantly(data: Any) -> Any:
        try:
            return strict(data)
        except msgspec.ValidationError:
            pass  # whatever the reason: the tolerant path keeps what the strict one cannot
        return tolerant(_untyped(data))

    return strict, decode_tolerantly


def _open_union_decoders(union: Any) -> Tuple[Decode, Decode]:
    """Decoders for a whole open-union value (a stream event): read the tag, then decode the bytes
    with that member's decoders; a tag not known decodes to the ``Unknown...`` fallback."""
    tag_only = msgspec.defstruct("TagOnly", [(union.tag, Any, None)])
    peek: Decode = msgspec.json.Decoder(tag_only).decode
    tag, member = union.tag, union.member

    def strict(data: Any) -> Any:
        target = member(getattr(peek(data), tag))
        if target is None:
            raise msgspec.ValidationError(f"No type of {union.__name__} has this `{tag}`")
        return decoders_for(target)[0](data)  # type: ignore[misc]

    def decode_tolerantly(data: Any) -> Any:
        # The peek raises ValidationError for a JSON value that is not an object: nothing to give.
        target = member(getattr(peek(data), tag))
        if target is None:
            return build(_untyped(data), union)
        return decoders_for(target)[1](data)

    return strict, decode_tolerantly

