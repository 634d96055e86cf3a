"""Structured outputs: strict JSON Schemas from msgspec Structs, and model output parsed back into them.

Shared by ``chat.parse`` and the Responses API. The schema is msgspec's (``msgspec.json.schema``)
made strict as OpenAI requires (https://platform.openai.com/docs/guides/structured-outputs):

- the root is the Struct's own object schema, not a ``$ref`` (the root must be an object);
- every object gets ``additionalProperties: false`` unless it says otherwise (a ``Dict`` field
  keeps its value schema, which strict mode rejects: use a Struct instead);
- every property is ``required``. An ``Optional[X]`` field is already ``X | null``, so the model
  answers ``null``; a field with another default (``tags: List[str] = []``) must be filled in;
- ``"default": null`` is dropped, other defaults are kept; a ``$ref`` with sibling keys is inlined
  (the siblings win); ``allOf`` with one entry is inlined; an ``enum`` of strings or of integers
  gets its ``type``. Other ``$ref`` s stay as ``#/$defs/...`` references (recursive Structs work).

Plain dict schemas are not rewritten: ``strict_json_schema`` does it on request.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Type, TypeVar, Union

import msgspec

from .._errors import StructuredOutputError
from ._tolerant import prepare

__all__ = [
    "StructTool",
    "function_spec",
    "json_schema_format",
    "parse_into",
    "response_format_for",
    "schema_name",
    "strict_json_schema",
    "struct_json_schema",
]

T = TypeVar("T")
_DEFS = "#/$defs/"


def _check_struct(cls: Any) -> None:
    if not (isinstance(cls, type) and issubclass(cls, msgspec.Struct)):
        raise TypeError(f"expected a msgspec.Struct class, got {cls!r}")


def schema_name(cls: type) -> str:
    """The name a Struct's schema is sent under: its class name."""
    return cls.__name__


def struct_json_schema(cls: Type[msgspec.Struct]) -> Dict[str, Any]:
    """The strict JSON Schema of the Struct class ``cls`` (root inlined, ``$defs`` kept as needed)."""
    _check_struct(cls)
    schema = msgspec.json.schema(cls)
    defs: Dict[str, Any] = schema.pop("$defs", {})
    ref = schema.get("$ref", "")
    if ref.startswith(_DEFS) and len(schema) == 1:
        name = ref[len(_DEFS):]
        root = dict(defs[name])
        if not _refers_to(defs, ref) and not _refers_to(root, ref):
            del defs[name]
        schema = root
    if defs:
        schema["$defs"] = defs
    return strict_json_schema(schema)


def _refers_to(node: Any, ref: str) -> bool:
    if isinstance(node, dict):
        return node.get("$ref") == ref or any(_refers_to(value, ref) for value in node.values())
    if isinstance(node, list):
        return any(_refers_to(item, ref) for item in node)
    return False


def strict_json_schema(schema: Mapping[str, Any]) -> Dict[str, Any]:
    """A copy of ``schema`` made strict by the rules in the module docstring."""
    return _strict(schema, schema)


def _strict(node: Mapping[str, Any], root: Mapping[str, Any]) -> Dict[str, Any]:
    out = dict(node)
    for key in ("$defs", "definitions"):
        if isinstance(out.get(key), Mapping):
            out[key] = {name: _strict(sub, root) for name, sub in out[key].items()}
    if out.get("type") == "object" and "additionalProperties" not in out:
        out["additionalProperties"] = False
    properties = out.get("properties")
    if isinstance(properties, Mapping):
        out["properties"] = {name: _strict(sub, root) for name, sub in properties.items()}
        out["required"] = list(properties)
    if isinstance(out.get("items"), Mapping):
        out["items"] = _strict(out["items"], root)
    for key in ("anyOf", "allOf", "prefixItems"):
        if isinstance(out.get(key), list):
            out[key] = [_strict(sub, root) for sub in out[key]]
    if isinstance(out.get("allOf"), list) and len(out["allOf"]) == 1:
        out.update(out.pop("allOf")[0])
    if "default" in out and out["default"] is None:
        del out["default"]
    enum = out.get("enum")
    if isinstance(enum, list) and enum and "type" not in out:
        if all(isinstance(value, str) for value in enum):
            out["type"] = "string"
        elif all(isinstance(value, int) and not isinstance(value, bool) for value in enum):
            out["type"] = "integer"
    ref = out.get("$ref")
    if isinstance(ref, str) and len(out) > 1:
        # OpenAI rejects keys beside a $ref: inline the target, the siblings winning.
        target = _resolve(root, ref)
        del out["$ref"]
        return _strict({**target, **out}, root)
    return out


def _resolve(root: Mapping[str, Any], ref: str) -> Mapping[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs (starting with '#/') are supported, got {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        if not isinstance(node, Mapping) or part not in node:
            raise ValueError(f"$ref {ref!r} does not resolve in the schema")
        node = node[part]
    if not isinstance(node, Mapping):
        raise ValueError(f"$ref {ref!r} does not point at a schema")
    return node


def json_schema_format(cls: Type[msgspec.Struct], *, name: Optional[str] = None) -> Dict[str, Any]:
    """``{"name", "schema", "strict": True}`` for ``cls``: the ``json_schema`` of a chat
    ``response_format``, and (with ``"type": "json_schema"`` added) a Responses ``text.format``."""
    return {"name": name or schema_name(cls), "schema": struct_json_schema(cls), "strict": True}


def response_format_for(target: Any, *, name: Optional[str] = None) -> Dict[str, Any]:
    """The chat ``response_format`` for a Struct class, a plain JSON Schema dict (sent unchanged,
    under its ``title`` or ``"response"``), or a ready ``response_format`` dict (returned as is)."""
    if isinstance(target, Mapping):
        if target.get("type") in ("json_schema", "json_object", "text"):
            return dict(target)
        spec = {"name": name or target.get("title") or "response", "schema": dict(target), "strict": True}
        return {"type": "json_schema", "json_schema": spec}
    _check_struct(target)
    return {"type": "json_schema", "json_schema": json_schema_format(target, name=name)}


def function_spec(
    cls: Type[msgspec.Struct], *, name: Optional[str] = None, description: Optional[str] = None
) -> Dict[str, Any]:
    """``{"name", "parameters", "strict": True, "description"?}`` for a function tool whose
    arguments are ``cls``; the description defaults to the class docstring."""
    _check_struct(cls)
    spec: Dict[str, Any] = {"name": name or schema_name(cls), "parameters": struct_json_schema(cls), "strict": True}
    doc = description if description is not None else cls.__doc__
    if doc:
        spec["description"] = doc.strip()
    return spec


class StructTool(Dict[str, Any]):
    """A function-tool dict that remembers the Struct its arguments parse into (``struct_type``).

    It is a plain dict on the wire; ``chat.parse`` uses ``struct_type`` for ``parsed_arguments``.
    """

    def __init__(self, body: Mapping[str, Any], struct_type: Type[msgspec.Struct]) -> None:
        super().__init__(body)
        self.struct_type = struct_type


def parse_into(target: Type[T], text: Union[str, bytes]) -> T:
    """Decode the model's JSON ``text`` into ``target`` (a Struct class, or ``object`` for builtins).

    Raises ``StructuredOutputError`` (an ``APIResponseValidationError``) holding the text as
    ``raw_body`` when it is not valid JSON or does not fit ``target``.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    prepare(target)  # a user's Struct may be new to msgspec, and parsed from many threads at once
    try:
        return msgspec.json.decode(raw, type=target)
    except (msgspec.MsgspecError, ValueError, RecursionError) as exc:
        name = getattr(target, "__name__", repr(target))
        raise StructuredOutputError(f"Could not parse the model output into {name}: {exc}", raw_body=raw) from exc
