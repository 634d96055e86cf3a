"""The two base Structs every type derives from, and the conversion to plain JSON-ready builtins.

Response objects (``APIObject``) keep the fields the types do not declare: msgspec skips unknown
fields (msgspec#490), so the decoder puts them back as instance attributes (``dict=True``), where
``obj.reasoning_content`` finds them and ``to_dict()`` and request encoding send them back.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Tuple

import msgspec

__all__ = ["APIObject", "RequestParams", "to_builtins"]

_SCALARS = (str, int, float, bool, type(None))


class APIObject(msgspec.Struct, kw_only=True, dict=True, forbid_unknown_fields=True):
    """Base of every object decoded from a response.

    Undeclared fields sent by the server (provider extensions) are attributes too; ``extra``
    lists them. Attributes whose names start with ``_`` are metadata (``_request_id``), not data.
    Decoding forbids unknown fields on purpose: the codec then retries with lenient twins and
    keeps the extras (``_codec.decode``), so decode responses through it, not ``msgspec`` directly.
    """

    # Declared fields that are computed here, not sent by the server (``message.parsed``):
    # ``to_dict()`` and request encoding leave them out, so the object can be sent back as is.
    _local_fields: ClassVar[Tuple[str, ...]] = ()

    @property
    def extra(self) -> Dict[str, Any]:
        """The fields the server sent that this type does not declare."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def to_dict(self) -> Dict[str, Any]:
        """Plain builtins, ready for ``json.dumps`` or a request body: declared and extra fields.

        ``None`` fields are left out, so the result can be sent back as-is.
        """
        result = to_builtins(self)
        assert isinstance(result, dict)
        return result

    def to_json(self, *, indent: int = 2) -> str:
        """The object as JSON text (as ``to_dict`` sees it)."""
        raw = msgspec.json.encode(to_builtins(self))
        return msgspec.json.format(raw, indent=indent).decode("utf-8")

    def __reduce__(self) -> Tuple[Any, ...]:
        # Default Struct pickling drops ``__dict__``, and with it the provider extensions.
        # A lenient twin (types/_lenient.py) is not importable: pickle the declared class.
        cls = type(self).__dict__.get("_lenient_of", type(self))
        return (_rebuild, (cls, msgspec.structs.asdict(self), self._picklable_extra()))

    def __copy__(self) -> Any:
        return _rebuild(type(self), msgspec.structs.asdict(self), dict(self.__dict__))

    def _picklable_extra(self) -> Dict[str, Any]:
        # Metadata such as a page's fetcher holds the session; only data and the request id travel.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_") or k == "_request_id"}


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
    """Convert Structs (with their extra fields), lists and dicts to JSON-ready builtins.

    ``UNSET`` parameters are dropped; ``None`` response fields are dropped; ``None`` values set on a
    request Struct or in a dict are kept (they mean ``null``).
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return [to_builtins(item) for item in value]
    if kind is dict:
        return {key: to_builtins(item) for key, item in value.items() if item is not msgspec.UNSET}
    if isinstance(value, APIObject):
        out: Dict[str, Any] = {}
        local = value._local_fields
        for field, name in zip(value.__struct_fields__, value.__struct_encode_fields__):
            item = getattr(value, field)
            if item is not None and item is not msgspec.UNSET and not (local and field in local):
                out[name] = to_builtins(item)
        for key, item in value.__dict__.items():
            if not key.startswith("_") and item is not None:
                out[key] = to_builtins(item)
        return out
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
