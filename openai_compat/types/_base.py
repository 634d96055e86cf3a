"""The two base Structs every type derives from, and the conversion to plain JSON-ready builtins.

A response object (``APIObject``) keeps everything the server sent. Declared fields are Struct
fields; a field the type does not declare (a provider's extension, a field newer than this library)
is an instance attribute in the object's ``__dict__`` (``dict=True``), put there by the decoder
(``_tolerant``): ``obj.reasoning_content`` finds it, ``extra`` lists it, and ``to_dict()``,
``to_json()``, ``==``, ``copy``, ``model_copy`` and pickling keep it, as does request encoding.

msgspec's own functions see declared fields only: ``msgspec.structs.replace``, ``asdict``,
``msgspec.json.encode`` and ``msgspec.to_builtins`` leave the undeclared ones out. Use
``model_copy(update=...)``, ``to_dict()`` and ``to_json()`` on response objects instead.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar, Dict, FrozenSet, List, Mapping, Optional, Tuple

import msgspec

from ._display import html_repr, pretty_repr

__all__ = ["METADATA_KEYS", "APIObject", "RequestParams", "list_of", "to_builtins", "undeclared"]

_SCALARS = (str, int, float, bool, type(None))

# What this library attaches to a decoded object beside the data (``obj.__dict__``): the call's
# request id, headers and retry count, a page's fetcher, an ``Unknown...`` object's raw payload.
# Every other key there is a field the server sent.
METADATA_KEYS: FrozenSet[str] = frozenset({"_request_id", "_headers", "_retries_taken", "_fetch_after", "_raw"})
# Metadata that travels with a pickled or deep-copied object (headers and fetchers hold live objects).
_PICKLED_METADATA = frozenset({"_request_id", "_retries_taken", "_raw"})


def list_of(value: Any, kind: Any) -> List[Any]:
    """The items of ``value`` that are ``kind``: helpers read typed fields through this, since a
    field keeps what the server sent even when it is not the declared list (``_tolerant``)."""
    return [item for item in value if isinstance(item, kind)] if type(value) is list else []


def undeclared(obj: Any) -> Dict[str, Any]:
    """The fields the server sent that ``obj``'s type does not declare (metadata left out)."""
    fields: Dict[str, Any] = obj.__dict__
    if not fields:  # the usual case
        return {}
    return {key: value for key, value in fields.items() if key not in METADATA_KEYS}


class APIObject(msgspec.Struct, kw_only=True, dict=True, forbid_unknown_fields=True):
    """Base of every object decoded from a response.

    Decode response bodies through ``openai_compat._codec.decode`` (as the client does): it forbids
    unknown fields on the fast path only to learn that the tolerant path must keep them.
    """

    # Declared fields that are computed here, not sent by the server (``message.parsed``):
    # ``to_dict()`` and request encoding leave them out, so the object can be sent back as is.
    _local_fields: ClassVar[Tuple[str, ...]] = ()
    # Declared fields that are provider extensions, not OpenAI API fields (``reasoning_content``):
    # declared so that bodies carrying them decode in one msgspec pass; ``extra`` lists them.
    _extension_fields: ClassVar[Tuple[str, ...]] = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, and equal objects must hash alike

    @property
    def extra(self) -> Dict[str, Any]:
        """What the server sent beyond the OpenAI API: the provider extensions this type declares
        (those that are set) and every field it does not declare."""
        found = {name: getattr(self, name) for name in self._extension_fields if getattr(self, name) is not None}
        found.update(undeclared(self))
        return found

    def to_dict(self) -> Dict[str, Any]:
        """Plain builtins, ready for ``json.dumps`` or a request body: declared and undeclared fields.

        A field whose value is ``None`` (sent as ``null``, or not sent at all) is left out, so the
        result can be sent back as is; every other value is there as the server sent it.
        """
        result = to_builtins(self)
        assert isinstance(result, dict)
        return result

    def to_json(self, *, indent: int = 2) -> str:
        """The object as JSON text (what ``to_dict()`` holds)."""
        raw = msgspec.json.encode(to_builtins(self))
        return msgspec.json.format(raw, indent=indent).decode("utf-8") if indent else raw.decode("utf-8")

    def model_dump(self) -> Dict[str, Any]:
        """``to_dict()``, under openai-python's name for porting (unlike pydantic's ``model_dump()``,
        it leaves out ``None`` fields and gives wire names)."""
        return self.to_dict()

    def model_dump_json(self, *, indent: Optional[int] = None) -> str:
        """``to_json()``, under openai-python's name: compact unless ``indent`` is given."""
        return self.to_json(indent=indent or 0)

    def model_copy(self, *, update: Optional[Mapping[str, Any]] = None, deep: bool = False) -> Any:
        """A copy of this object with the undeclared fields, ``update`` applied (attribute names;
        a name the type does not declare becomes an undeclared field). ``deep`` copies the values too."""
        source = copy.deepcopy(self) if deep else self
        fields = msgspec.structs.asdict(source)
        extras = dict(source.__dict__)
        for key, value in (update or {}).items():
            (fields if key in fields else extras)[key] = value
        return _rebuild(type(self), fields, extras)

    def __eq__(self, other: Any) -> bool:
        # msgspec's own equality compares declared fields only; the server's other fields count too.
        if type(other) is not type(self):
            return NotImplemented
        return bool(
            msgspec.structs.astuple(self) == msgspec.structs.astuple(other) and undeclared(self) == undeclared(other)
        )

    def __repr__(self) -> str:
        # msgspec's repr shows every declared field and nothing else: here provider extensions show
        # when set, and the undeclared fields show too, so the repr holds what the server sent.
        ext = self._extension_fields
        parts = [f"{name}={getattr(self, name)!r}" for name in self.__struct_fields__ if name not in ext]
        parts += [f"{name}={getattr(self, name)!r}" for name in ext if getattr(self, name) is not None]
        parts += [f"{key}={value!r}" for key, value in undeclared(self).items()]
        return f"{type(self).__name__}({', '.join(parts)})"

    def _display_fields(self) -> List[Tuple[str, Any]]:
        """What the notebook displays show: ``repr()``'s fields less those that are ``None`` or unset."""
        ext = self._extension_fields
        pairs = [(name, getattr(self, name)) for name in self.__struct_fields__ if name not in ext]
        pairs += [(name, getattr(self, name)) for name in ext]
        pairs += list(undeclared(self).items())
        return [(name, value) for name, value in pairs if value is not None and value is not msgspec.UNSET]

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's display: one field a line when the object does not fit on one, ``None`` hidden."""
        pretty_repr(type(self).__name__, self._display_fields(), printer, cycle)

    def _repr_html_(self) -> str:
        """Jupyter's display: collapsible nested objects, ``None`` hidden, every value escaped."""
        return html_repr(type(self).__name__, self._display_fields())

    def __reduce__(self) -> Tuple[Any, ...]:
        # Default Struct pickling drops ``__dict__``, and with it the server's undeclared fields.
        kept = {key: value for key, value in self.__dict__.items()
                if key not in METADATA_KEYS or key in _PICKLED_METADATA}
        return (_rebuild, (type(self), msgspec.structs.asdict(self), kept))

    def __copy__(self) -> Any:
        return _rebuild(type(self), msgspec.structs.asdict(self), dict(self.__dict__))


def _rebuild(cls: type[APIObject], fields: Dict[str, Any], extra: Dict[str, Any]) -> APIObject:
    obj = cls(**fields)
    obj.__dict__.update(extra)
    return obj


class RequestParams(msgspec.Struct, kw_only=True, omit_defaults=True, repr_omit_defaults=True):
    """Base of request bodies and their parts: parameters default to ``UNSET`` and are then not sent.

    An explicit ``None`` is sent as JSON ``null``.
    """

    def to_dict(self) -> Dict[str, Any]:
        """The parameters that are set, as plain builtins."""
        result = to_builtins(self)
        assert isinstance(result, dict)
        return result


def to_builtins(value: Any) -> Any:
    """Convert Structs (with their undeclared fields), lists and dicts to JSON-ready builtins.

    ``UNSET`` parameters are dropped; ``None`` fields of response objects are dropped; ``None``
    values set on a request Struct, in a list or in a dict are kept (they mean ``null``).
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return [to_builtins(item) for item in value]
    if kind is dict:
        return {key: to_builtins(item) for key, item in value.items() if item is not msgspec.UNSET}
    if isinstance(value, APIObject):
        return _object_builtins(value)
    if isinstance(value, msgspec.Struct):
        pairs = zip(value.__struct_fields__, value.__struct_encode_fields__)
        return {
            name: to_builtins(getattr(value, field))
            for field, name in pairs
            if getattr(value, field) is not msgspec.UNSET
        }
    if isinstance(value, (list, tuple)):
        return [to_builtins(item) for item in value]
    if isinstance(value, dict):
        return {key: to_builtins(item) for key, item in value.items() if item is not msgspec.UNSET}
    # Anything else (bytes, enums, dataclasses, datetimes, subclasses of str/int) msgspec knows.
    return msgspec.to_builtins(value)


def _object_builtins(value: APIObject) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    local = value._local_fields
    for field, name in zip(value.__struct_fields__, value.__struct_encode_fields__):
        item = getattr(value, field)
        if item is not None and item is not msgspec.UNSET and not (local and field in local):
            out[name] = to_builtins(item)
    extras = value.__dict__
    if extras:
        for key, item in extras.items():
            if item is not None and key not in METADATA_KEYS:
                out[key] = to_builtins(item)
    return out
