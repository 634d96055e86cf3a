"""Record the wire shapes of the endpoints the OpenAPI spec does not describe, from openai-python's
own type definitions, as an OpenAPI fragment: ``openai_supplement.json``.

Run by hand when the pinned openai-python version or the spec changes, in a virtualenv that has
openai-python and pyyaml installed (after ``introspect_openai.py``, whose ``openai_surface.json``
it reads):

    /tmp/surface/bin/python -m scripts.codegen.introspect_types

For each method of ``openai_surface.json`` that calls one endpoint the spec lacks, it records the
operation: path and query parameters, the headers a parameter fills, the JSON body and the result,
typed from the method's annotations, the pydantic models it returns and the TypedDicts it takes.
Facts only: names, types, literal values, which fields are required and which union members are told
apart by which field; no descriptions, docstrings or code. The generator merges the fragment into
the spec (``spec.py``) and treats its operations like the spec's own.
"""

from __future__ import annotations

import ast
import datetime
import inspect
import json
import re
import sys
import textwrap
import typing
import warnings
from collections import abc
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

warnings.simplefilter("ignore")

import openai  # noqa: E402
import pydantic  # noqa: E402
import typing_extensions  # noqa: E402
from openai._types import FileTypes, NotGiven, Omit  # noqa: E402
from openai._utils import PropertyInfo  # noqa: E402

from . import config  # noqa: E402
from .introspect_openai import walk  # noqa: E402
from .spec import Spec  # noqa: E402

HERE = Path(__file__).resolve().parent
SURFACE = HERE / "openai_surface.json"
OUTPUT = HERE / "openai_supplement.json"
REF = "#/components/schemas/"
_SKIPPED = (NotGiven, Omit)
MAX_NAME = 48
_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}
_SEQUENCES = {list, tuple, set, frozenset, abc.Sequence, abc.Iterable, abc.MutableSequence, abc.Set}
_MAPPINGS = {dict, abc.Mapping, abc.MutableMapping}


def _origin(tp: Any) -> Any:
    return typing_extensions.get_origin(tp)


class Schemas:
    """Converts Python annotations to JSON Schema, collecting the classes it meets as components
    (keyed by ``module.qualname`` until ``names()`` gives them their final, unique names)."""

    def __init__(self) -> None:
        self.components: Dict[str, Dict[str, Any]] = {}
        self.classes: Dict[str, type] = {}

    def of(self, tp: Any) -> Dict[str, Any]:
        meta: List[Any] = []
        while _origin(tp) is typing_extensions.Annotated or _origin(tp) in (
            typing_extensions.Required, typing_extensions.NotRequired, typing_extensions.ReadOnly,
        ):
            if _origin(tp) is typing_extensions.Annotated:
                meta += list(tp.__metadata__)
                tp = tp.__origin__
            else:
                tp = typing_extensions.get_args(tp)[0]
        if tp is FileTypes:
            return {"type": "string", "format": "binary"}
        schema = self._plain(tp)
        tag = next((m.discriminator for m in meta if isinstance(m, PropertyInfo) and m.discriminator), None)
        if tag and "anyOf" in schema:
            schema["discriminator"] = {"propertyName": tag}
        return schema

    def _plain(self, tp: Any) -> Dict[str, Any]:
        origin, args = _origin(tp), typing_extensions.get_args(tp)
        if tp in _SCALARS:
            return {"type": _SCALARS[tp]}
        if tp is type(None) or tp is None:
            return {"type": "null"}
        if tp in (Any, object) or isinstance(tp, typing.TypeVar):
            return {}
        if tp in (datetime.datetime, datetime.date):
            return {"type": "string", "format": "date-time" if tp is datetime.datetime else "date"}
        if tp in (bytes, bytearray):
            return {"type": "string", "format": "binary"}
        if origin is typing_extensions.Literal:
            kinds = {type(v) for v in args}
            schema: Dict[str, Any] = {"enum": list(args)}
            if len(kinds) == 1 and next(iter(kinds)) in _SCALARS:
                schema["type"] = _SCALARS[next(iter(kinds))]
            return schema
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            members = [a for a in args if not (isinstance(a, type) and issubclass(a, _SKIPPED))]
            if len(members) == 1:
                return self.of(members[0])
            return {"anyOf": [self.of(m) for m in members]}
        if origin in _SEQUENCES or (origin is not None and getattr(origin, "__name__", "") in ("SequenceNotStr",)):
            return {"type": "array", "items": self.of(args[0]) if args else {}}
        if origin in _MAPPINGS:
            value = self.of(args[1]) if len(args) == 2 else {}
            return {"type": "object", "additionalProperties": value or True}
        if origin is type:
            return {}
        if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
            return self._component(tp, self._model)
        if typing_extensions.is_typeddict(tp):
            return self._component(tp, self._typeddict)
        if origin is not None and isinstance(origin, type) and issubclass(origin, pydantic.BaseModel):
            return self._component(origin, self._model)  # a generic model: its parameters stay open
        raise TypeError(f"no JSON Schema for {tp!r}")

    def _component(self, cls: type, build: Any) -> Dict[str, Any]:
        key = f"{cls.__module__}.{cls.__qualname__}"
        if key not in self.components:
            self.components[key] = {}  # placed first: a class may refer to itself
            self.classes[key] = cls
            self.components[key] = build(cls)
        return {"$ref": REF + key}

    def _model(self, cls: type) -> Dict[str, Any]:
        props: Dict[str, Any] = {}
        required: List[str] = []
        for name, field in cls.model_fields.items():  # type: ignore[attr-defined]
            wire = field.alias or name
            tp = field.annotation  # pydantic keeps an ``Annotated``'s metadata apart
            if field.metadata:
                tp = typing_extensions.Annotated[(tp, *field.metadata)]
            props[wire] = self.of(tp)
            if field.is_required():
                required.append(wire)
        return {"type": "object", "properties": props, **({"required": required} if required else {})}

    def _typeddict(self, cls: type) -> Dict[str, Any]:
        hints = typing.get_type_hints(cls, include_extras=True)
        props: Dict[str, Any] = {}
        required: List[str] = []
        for name, tp in hints.items():
            wire = _alias(tp) or name
            props[wire] = self.of(tp)
            if name in cls.__required_keys__:  # type: ignore[attr-defined]
                required.append(wire)
        return {"type": "object", "properties": props, **({"required": required} if required else {})}

    def names(self, taken: Set[str]) -> Dict[str, str]:
        """Final component names: the class's own, or qualified by its module where two classes
        (or a schema of the spec) share it."""
        by_name: Dict[str, List[str]] = {}
        for key, cls in self.classes.items():
            by_name.setdefault(cls.__name__, []).append(key)
        final: Dict[str, str] = {}
        used = set(taken)
        for name, keys in sorted(by_name.items()):
            for key in sorted(keys):
                module = key.rsplit(".", 2)[-2] if key.count(".") >= 2 else ""
                own = "".join(part.capitalize() for part in module.split("_"))
                short = _shorten(name if len(keys) == 1 or own == name else own + name)
                candidate, n = short, 2
                while candidate in used:
                    candidate, n = f"{short}{n}", n + 1
                used.add(candidate)
                final[key] = candidate
        return final


def _shorten(name: str) -> str:
    """A class name of at most ``MAX_NAME`` characters: openai-python names nested types by their
    whole path (``RequiredActionSessionRequiredActionResource...``); the words repeated along it are
    dropped (the last of each kept), then the leading ones, the tail naming the type itself."""
    if len(name) <= MAX_NAME:
        return name
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)
    kept = [w for i, w in enumerate(words) if w not in words[i + 1 :]]
    while len("".join(kept)) > MAX_NAME and len(kept) > 1:
        kept.pop(0)
    return "".join(kept)


def _alias(tp: Any) -> Optional[str]:
    while _origin(tp) in (typing_extensions.Required, typing_extensions.NotRequired):
        tp = typing_extensions.get_args(tp)[0]
    if _origin(tp) is typing_extensions.Annotated:
        return next((m.alias for m in tp.__metadata__ if isinstance(m, PropertyInfo) and m.alias), None)
    return None


def _rename(node: Any, names: Dict[str, str]) -> Any:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith(REF):
            return {"$ref": REF + names[node["$ref"][len(REF):]]}
        return {key: _rename(value, names) for key, value in node.items()}
    if isinstance(node, list):
        return [_rename(item, names) for item in node]
    return node


def _header_params(fn: Any) -> Dict[str, str]:
    """Header name -> the parameter that fills it (``{"Idempotency-Key": idempotency_key}``)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    found: Dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                header = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else ""
                if isinstance(value, ast.Name) and (header[:1].isupper() or header.lower().startswith("openai-")):
                    found[header] = value.id
    return found


def _result(schemas: Schemas, entry: Dict[str, Any], hints: Dict[str, Any]) -> Dict[str, Any]:
    cast = entry.get("cast_to") or ""
    if cast == "NoneType":
        return {"204": {"description": ""}}
    if cast == "HttpxBinaryResponseContent":
        return {"200": {"description": "", "content": {"application/octet-stream": {"schema": {}}}}}
    returned = hints.get("return")
    members = typing_extensions.get_args(returned) if _origin(returned) in (typing.Union,) else (returned,)
    plain = [m for m in members if "Stream" not in getattr(_origin(m) or m, "__name__", "")]
    if not plain:  # a stream of server-sent events: the type of one event
        event = schemas.of(typing_extensions.get_args(members[0])[0])
        return {"200": {"description": "", "content": {"text/event-stream": {"schema": event}}}}
    returned = plain[0]
    if entry.get("page"):
        args = typing_extensions.get_args(returned) or returned.__pydantic_generic_metadata__["args"]
        item = schemas.of(args[0])
        schema: Dict[str, Any] = {"type": "object", "properties": {"data": {"type": "array", "items": item}}}
    else:
        schema = schemas.of(returned)
    return {"200": {"description": "", "content": {"application/json": {"schema": schema}}}}


def operation(schemas: Schemas, entry: Dict[str, Any], fn: Any) -> Dict[str, Any]:
    """The OpenAPI operation of one method of openai-python."""
    hints = typing.get_type_hints(fn, include_extras=True)
    given = {p["name"] for p in entry["params"]}
    parameters: List[Dict[str, Any]] = []
    for placeholder, name in (entry.get("path_args") or {}).items():
        parameters.append({"name": placeholder, "in": "path", "required": True, "schema": {"type": "string"}})
        del name
    for name in entry.get("query") or []:
        if name in given:
            parameters.append({"name": name, "in": "query", "schema": schemas.of(hints[name])})
    for header, name in sorted(_header_params(fn).items()):
        if name in given:
            parameters.append({"name": header, "in": "header", "x-stainless-param": name,
                               "schema": schemas.of(hints[name])})
    op: Dict[str, Any] = {"operationId": f"{entry['namespace']}.{entry['name']}", "parameters": parameters,
                          "responses": _result(schemas, entry, hints)}
    if 'stream_mode="events"' in inspect.getsource(fn):  # every event an item, error events included
        op["x-stream-mode"] = "events"
    body = [name for name in entry.get("body") or [] if name in given]
    if body:
        required = [p["name"] for p in entry["params"] if p["name"] in body and p.get("required")]
        props = {name: schemas.of(hints[name]) for name in body}
        files = any(p.get("format") == "binary" for p in props.values())
        media = "multipart/form-data" if entry.get("multipart") or files else "application/json"
        schema = {"type": "object", "properties": props, **({"required": required} if required else {})}
        op["requestBody"] = {"content": {media: {"schema": schema}}}
    return op


def _spec_gaps(spec: Spec, surface: Dict[str, Any], functions: Dict[Tuple[str, str], Any],
               schemas: Schemas) -> Dict[str, Dict[str, Any]]:
    """Method -> parameter -> schema, for what openai-python sends to an operation of the spec that
    the spec does not describe (a body property or query parameter it lacks)."""
    from .methods import _properties

    found: Dict[str, Dict[str, Any]] = {}
    for entry in surface["methods"]:
        ns = entry["namespace"]
        if not any(ns == root or ns.startswith(root + ".") for root in config.ROOTS):
            continue  # the generator makes only these
        op = spec.operation(entry["verb"], entry["path"]) if entry.get("path") and not entry.get("helper") else None
        if op is None:
            continue
        content = op.request_content()
        described: Set[str] = {str(p["name"]).removesuffix("[]") for p in op.params_in("query")}
        for media in content.values():
            described |= set(_properties(spec, spec.resolve(media.get("schema")))[0])
        missing = [n for n in [*(entry.get("body") or []), *(entry.get("query") or [])] if n not in described]
        hints = typing.get_type_hints(functions[(entry["namespace"], entry["name"])], include_extras=True)
        typed = {name: schemas.of(hints[name]) for name in missing if name in hints}
        if typed:
            found[f"{entry['namespace']}.{entry['name']}"] = typed
    return dict(sorted(found.items()))


def main() -> int:
    surface = json.loads(SURFACE.read_text(encoding="utf-8"))
    default = HERE.parent.parent.parent / "shared" / "openapi" / "openai-openapi.yaml"
    spec = Spec(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
    functions: Dict[Tuple[str, str], Any] = {(ns, name): fn for ns, name, fn, _ in walk(openai.OpenAI(api_key="x"), "")}
    schemas = Schemas()
    paths: Dict[str, Dict[str, Any]] = {}
    for entry in surface["methods"]:
        if entry.get("helper") or not entry.get("path") or spec.operation(entry["verb"], entry["path"]) is not None:
            continue
        if f"{entry['namespace']}.{entry['name']}" in config.PATH_OVERRIDES:  # the spec has it elsewhere
            continue
        fn = functions[(entry["namespace"], entry["name"])]
        paths.setdefault(entry["path"], {})[entry["verb"].lower()] = operation(schemas, entry, fn)
    params = _spec_gaps(spec, surface, functions, schemas)
    names = schemas.names(set(spec.schemas))
    components = {names[key]: schemas.components[key] for key in schemas.components}
    document = {
        "openai_version": openai.__version__,
        "paths": _rename(paths, names),
        "components": {"schemas": _rename(dict(sorted(components.items())), names)},
        "x-params": _rename(params, names),
    }
    OUTPUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    count = sum(len(item) for item in paths.values())
    print(f"{count} operations, {len(components)} schemas of openai {openai.__version__} -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
