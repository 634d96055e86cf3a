"""Tolerant construction of typed objects from decoded JSON: nothing the server sent is lost.

The codec decodes a body in one strict msgspec pass when it matches the types. When it does not
(a field of an unexpected type, a ``null`` the spec does not allow, a missing field, a field the
types do not declare), the codec decodes the body untyped and hands it to ``build``, which walks
the value and its type together. At each object it first lets msgspec convert the whole value, so
the parts that are fine are built at C speed, and only where that fails it descends in Python:

- a declared field is converted the same way; a value that does not fit its type is kept as sent;
- a required field the server left out is ``None``;
- a key the type does not declare is kept on the object (its ``__dict__``: an attribute, ``extra``);
- an open union (``_open.OpenUnion``) is told apart by its tag, with the ``Unknown...`` fallback.

So ``type(obj)`` is always the declared class. The only errors left are for a value with no object
to give: ``build`` raises ``msgspec.ValidationError`` when the top level is not a JSON object where
the type needs one.

What is worked out per type (a ``_Plan``: its fields, their wire names and converters) is built
once under a lock and published only when complete, so threads never see one half-made. msgspec's
own per-type information is made the same way (``prepare``): every first use of a type by msgspec
in this package happens under ``TYPE_LOCK``.
"""

from __future__ import annotations

import collections.abc
import sys
import threading
from typing import Any, Callable, Dict, NamedTuple, Optional, Set, Tuple, Union, get_args, get_origin

import msgspec

__all__ = ["TYPE_LOCK", "build", "builder_for", "convert", "dec_hook", "open_union", "prepare"]

Converter = Callable[[Any], Any]

if sys.version_info >= (3, 10):
    from types import UnionType

    _UNIONS: Tuple[Any, ...] = (Union, UnionType)
else:  # pragma: no cover - Python 3.9
    _UNIONS = (Union,)
# What ``get_origin`` gives for ``List[X]``/``Sequence[X]`` and ``Dict[K, V]``/``Mapping[K, V]``.
_LISTS = (list, collections.abc.Sequence)
_DICTS = (dict, collections.abc.Mapping)


class _Plan(NamedTuple):
    """How to build one Struct type field by field."""

    cls: type
    fields: Dict[str, Tuple[str, Optional[Converter]]]  # wire name -> attribute, converter (None: keep)
    required: Tuple[str, ...]  # attributes without a default


# Held while msgspec first works out a type (a Decoder made, a type prepared, a plan made): msgspec
# builds a Struct class's type information on its first use, and two threads doing that for the same
# class at once crashed the interpreter (msgspec 0.20 on Python 3.9: 1 fresh process in about 300 of
# tests/test_decode_threads.py). Reentrant: a plan prepares its type.
TYPE_LOCK = threading.RLock()
_PLANS: Dict[Any, _Plan] = {}
_PREPARED: Set[Any] = set()


def prepare(tp: Any) -> None:
    """Have msgspec work out ``tp`` and the types inside it, once, under ``TYPE_LOCK``; call it
    before ``msgspec.convert`` or ``msgspec.json.decode`` with a type that may be new."""
    if tp not in _PREPARED:
        with TYPE_LOCK:
            if tp not in _PREPARED:
                msgspec.json.Decoder(tp, dec_hook=dec_hook)  # made for what it caches on the types
                _PREPARED.add(tp)  # published once the Decoder is complete


def dec_hook(tp: Any, raw: Any) -> Any:
    """msgspec's hook for types it does not know: the open unions (``__decode_open_union__``)."""
    hook = getattr(tp, "__decode_open_union__", None)
    if hook is None:
        raise NotImplementedError(f"no decoder for {tp!r}")
    return hook(raw)


def convert(raw: Any, tp: Any) -> Any:
    """``raw`` (decoded JSON) as ``tp``: msgspec's strict conversion, else the tolerant one."""
    prepare(tp)
    try:
        return msgspec.convert(raw, tp, dec_hook=dec_hook)
    except msgspec.ValidationError:
        return build(raw, tp)


def build(raw: Any, tp: Any) -> Any:
    """``raw`` as ``tp``, tolerantly, for a value msgspec's strict conversion already refused.

    Raises ``msgspec.ValidationError`` only if ``tp`` needs a JSON object and ``raw`` is not one.
    """
    return builder_for(tp)(raw)


def builder_for(tp: Any) -> Converter:
    """``build`` for one type, with what can be decided once decided (the codec keeps one per type)."""
    if _is_open_union(tp):
        return lambda raw: open_union(_object(raw), tp)
    if _struct_class(tp) is not None:
        return lambda raw: _fill(_object(raw), tp)
    return _converter(tp)


def _object(raw: Any) -> Dict[str, Any]:
    if type(raw) is not dict:
        raise msgspec.ValidationError(f"Expected `object`, got `{_json_name(raw)}`")
    return raw


def open_union(raw: Dict[str, Any], union: Any) -> Any:
    """The member of ``union`` that ``raw``'s tag names, or its ``Unknown...`` fallback keeping
    every field (and the payload, for ``raw_of``)."""
    target = union.member(raw.get(union.tag))
    if target is not None:
        return _struct(raw, target)
    item = _struct(raw, union.unknown)
    item.__dict__["_raw"] = raw
    return item


def _struct(raw: Dict[str, Any], tp: Any) -> Any:
    if raw.keys() <= _plan(tp).fields.keys():  # an undeclared key would make msgspec refuse it anyway
        try:
            return msgspec.convert(raw, tp, dec_hook=dec_hook)
        except msgspec.ValidationError:
            pass
    return _fill(raw, tp)


def _fill(raw: Dict[str, Any], tp: Any) -> Any:
    """Build ``tp`` field by field: what fits is typed, what does not is kept as sent."""
    plan = _plan(tp)
    fields = plan.fields
    values: Dict[str, Any] = {}
    extras: Dict[str, Any] = {}
    for key, value in raw.items():
        field = fields.get(key)
        if field is None:
            extras[key] = value
        else:
            attr, convert_value = field
            values[attr] = value if convert_value is None else convert_value(value)
    for attr in plan.required:
        values.setdefault(attr, None)
    obj = plan.cls(**values)  # a Struct's __init__ does not check types: what was sent stays
    if extras:
        obj.__dict__.update(extras)  # APIObjects have one (``dict=True``); other Structs refuse extras
    return obj


def _plan(tp: Any) -> _Plan:
    plan = _PLANS.get(tp)
    if plan is None:
        with TYPE_LOCK:
            plan = _PLANS.get(tp)
            if plan is None:
                plan = _make_plan(tp)
                _PLANS[tp] = plan  # published whole: readers never take the lock
    return plan


def _make_plan(tp: Any) -> _Plan:
    cls = _struct_class(tp)
    assert cls is not None
    prepare(tp)  # ``_struct`` converts with msgspec once the plan exists
    infos = msgspec.structs.fields(tp)
    fields: Dict[str, Tuple[str, Optional[Converter]]] = {}
    for info in infos:
        convert_value = _converter(info.type)
        fields[info.encode_name] = (info.name, None if convert_value is _keep else convert_value)
    return _Plan(cls, fields, tuple(info.name for info in infos if info.required))


# -- converters: one function per declared type, made when a plan is made ------------------------


def _keep(value: Any) -> Any:
    return value


def _converter(tp: Any) -> Converter:
    """A function turning a decoded JSON value into ``tp`` where it fits, and keeping it as is
    where it does not. Nested Struct types are looked up when called, so recursive types work."""
    if _struct_class(tp) is not None:
        return lambda value: _struct(value, tp) if type(value) is dict else value
    if _is_open_union(tp):
        return lambda value: open_union(value, tp) if type(value) is dict else value
    origin, args = get_origin(tp), get_args(tp)
    if origin in _UNIONS:
        return _union_converter(args)
    if origin in _LISTS and args:
        item = _converter(args[0])
        if item is _keep:
            return _keep
        return lambda value: [item(one) for one in value] if type(value) is list else value
    if origin in _DICTS and len(args) == 2:
        entry = _converter(args[1])
        if entry is _keep:
            return _keep
        return lambda value: {key: entry(one) for key, one in value.items()} if type(value) is dict else value
    # Scalars, Any, TypeVars, Literals: msgspec refused the value, so it is kept as the server sent it.
    return _keep


def _union_converter(args: Tuple[Any, ...]) -> Converter:
    options = [arg for arg in args if arg is not type(None)]
    if len(options) == 1:
        return _converter(options[0])
    by_kind: Dict[type, Converter] = {}
    for option in options:  # the first option that takes a JSON object (or array) gets one
        kind = _json_kind(option)
        if kind is not None and kind not in by_kind:
            by_kind[kind] = _converter(option)
    if all(one is _keep for one in by_kind.values()):
        return _keep
    return lambda value: by_kind.get(type(value), _keep)(value)


def _json_kind(tp: Any) -> Optional[type]:
    if _struct_class(tp) is not None or _is_open_union(tp) or get_origin(tp) in _DICTS:
        return dict
    if get_origin(tp) in _LISTS:
        return list
    return None


def _struct_class(tp: Any) -> Optional[type]:
    """The Struct class ``tp`` names (a Struct, or a parametrized generic Struct), else ``None``."""
    cls = tp if isinstance(tp, type) else get_origin(tp)
    if isinstance(cls, type) and issubclass(cls, msgspec.Struct):
        return cls
    return None


def _is_open_union(tp: Any) -> bool:
    return isinstance(tp, type) and hasattr(tp, "__decode_open_union__")


def _json_name(value: Any) -> str:
    names = {list: "array", str: "str", int: "int", float: "float", bool: "bool", type(None): "null"}
    return names.get(type(value), type(value).__name__)

