"""Lenient twins of the response types, used when a body carries fields the types do not declare.

Response Structs forbid unknown fields, so the common case — a body holding only declared
fields — is a single C-speed decode with nothing left to do. When a server adds fields (a
provider extension, a field newer than this library), that decode fails and the codec decodes
again into the twin: a subclass of each type that ignores unknown fields, with the same fields
typed by twins all the way down. The codec then copies the extra fields onto the objects.
Twins are subclasses, so ``isinstance`` and every method and property work on them unchanged.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple, Union, get_args, get_origin

import msgspec

from ._base import APIObject

__all__ = ["lenient_type"]

_TWINS: Dict[Any, Any] = {}


def lenient_type(tp: Any) -> Any:
    """The type to decode ``tp`` with when unknown fields must be tolerated (``tp`` itself if it
    holds no response Struct)."""
    try:
        return _TWINS[tp]
    except KeyError:
        pass
    except TypeError:  # unhashable annotation: nothing to replace inside it
        return tp
    _TWINS[tp] = tp  # a self-referencing type stays strict at its inner level rather than recursing
    twin = _TWINS[tp] = _make_twin(tp)
    return twin


def _make_twin(tp: Any) -> Any:
    origin = get_origin(tp)
    struct_cls = tp if isinstance(tp, type) else origin
    if isinstance(struct_cls, type) and issubclass(struct_cls, APIObject):
        return _twin_struct(tp, struct_cls)
    if origin is None:
        return tp
    args = get_args(tp)
    mapped = tuple(lenient_type(arg) for arg in args)
    if mapped == args:
        return tp
    if origin is Union:
        return Union[mapped]
    if origin is list:
        return List[mapped[0]]  # type: ignore[valid-type]
    if origin is dict:
        return Dict[mapped[0], mapped[1]]  # type: ignore[valid-type]
    if origin is tuple:
        return Tuple[mapped]
    return tp  # other generics hold no response Struct in this package's types


def _twin_struct(tp: Any, cls: type[APIObject]) -> type[APIObject]:
    fields = []
    for info in msgspec.structs.fields(tp):
        options: Dict[str, Any] = {}
        if info.encode_name != info.name:
            options["name"] = info.encode_name
        if info.default is not msgspec.NODEFAULT:
            options["default"] = info.default
        elif info.default_factory is not msgspec.NODEFAULT:
            options["default_factory"] = info.default_factory
        fields.append((info.name, lenient_type(info.type), msgspec.field(**options)))
    twin: Any = msgspec.defstruct(
        cls.__name__,
        fields,
        bases=(cls,),
        module=cls.__module__,
        kw_only=True,
        forbid_unknown_fields=False,
    )
    twin.__qualname__ = cls.__qualname__
    twin._lenient_of = cls
    return twin  # type: ignore[no-any-return]
