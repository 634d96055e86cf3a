"""The methods to generate: openai-python's call shape joined with the spec's wire shape.

From ``openai_surface.json`` (facts about openai-python 3.57.0, see ``introspect_openai.py``) come
the names: namespaces, methods, parameters with their kinds, defaults and order, which parameter
fills which part of the request, the page class and the authentication. From the spec come the
path, the types of parameters and results, and the descriptions.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from . import config, naming
from .naming import camel, first_sentence, singular
from .schemas import REQUEST, RESPONSE, TypeBuilder
from .spec import Operation, Spec, ref_name

__all__ = ["Method", "Param", "build_methods"]

_PLACEHOLDER = re.compile(r"\{([^}]+)\}")


class Param:
    def __init__(self, name: str, *, positional: bool, required: bool, default: Any, where: str) -> None:
        self.name = name
        self.positional = positional  # openai-python takes it positionally (or by keyword)
        self.required = required
        self.default = default  # a literal default of openai-python's, or None for UNSET
        self.where = where  # "path" | "query" | "body" | "file"
        self.wire = name  # openai-python sends each parameter under its own name
        self.schema: Any = None
        self.annotation = "Any"
        self.nullable = False


class Method:
    def __init__(self, entry: Dict[str, Any], operation: Operation) -> None:
        self.namespace: str = entry["namespace"]
        self.name: str = entry["name"]
        # The resource module holding the function (dotted, under ``resources``): the namespace's,
        # or a second one when the namespace's would grow too long (``generate.py``).
        self.module = naming.resource_module(self.namespace)
        self.deprecated: Optional[str] = entry.get("deprecation") if entry.get("deprecated") else None
        self.operation = operation
        self.verb = operation.verb
        self.admin = config.AUTH_ADMIN in (entry.get("security") or [])
        self.options = [p["name"] for p in entry["params"] if p["name"] in config.PARAMS_NOT_SENT]
        self.page: Optional[str] = config.PAGES[entry["page"]] if entry.get("page") else None
        # ``cast(Any, AgentSessionItem)``: openai-python casts a union to a class; the union's name.
        self.cast_name: str = re.sub(r"^cast\(Any, (\w+)\)$", r"\1", entry.get("cast_to") or "")
        self.headers = {k: v for k, v in (entry.get("headers") or {}).items()
                        if v != "<param>" and k.lower() != "content-type"}
        # Every event an item, error events included (openai-python's "events" stream mode).
        self.event_stream = operation.raw.get("x-stream-mode") == "events"
        # For a method that answers with JSON or, given ``stream=True``, with events: the events'.
        self.event_schema: Any = None
        self.event_type = "Any"
        self.multipart = bool(entry.get("multipart"))
        self.always_multipart = bool(entry.get("multipart_always"))
        self.params: List[Param] = []
        self.path = ""
        self.result = "json"  # "json" | "page" | "binary" | "none" | "stream"
        self.result_type = "Any"
        self.body_hint = ""
        self.gaps: List[str] = []  # parameters of openai-python the spec does not describe
        self._entry = entry

    @property
    def full_name(self) -> str:
        return f"{self.namespace}.{self.name}"

    @property
    def doc(self) -> str:
        return first_sentence(self.operation.summary, 200) or f"``{self.verb} {self.operation.path}``."


def build_methods(spec: Spec, surface: Dict[str, Any], types: TypeBuilder) -> Tuple[List[Method], List[str]]:
    """The methods under ``config.ROOTS`` that the spec describes, typed; and notes on those left out."""
    methods: List[Method] = []
    notes: List[str] = []
    for entry in surface["methods"]:
        full = f"{entry['namespace']}.{entry['name']}"
        if not any(entry["namespace"] == r or entry["namespace"].startswith(r + ".") for r in config.ROOTS):
            continue
        if full in config.HAND_WRITTEN:
            notes.append(f"{full}: written by hand in resources/{config.HAND_WRITTEN[full][0]}.py")
            continue
        if entry.get("helper"):
            notes.append(f"{full}: a helper of openai-python, not an endpoint")
            continue
        verb, path = config.PATH_OVERRIDES.get(full, (entry["verb"], entry["path"]))
        operation = spec.operation(verb, path)
        if operation is None:
            notes.append(f"{full}: {verb} {path} is in neither the spec nor the supplement")
            continue
        events = _event_schema(full, operation) if entry.get("stream") else None
        if entry.get("stream") and _streams_or_not(operation) and events is None:
            notes.append(f"{full}: answers with JSON or a stream, and the spec names no event type")
            continue
        method = _method(entry, operation, path)
        if entry.get("stream") and _streams_or_not(operation):
            method.event_schema = events  # JSON, or with ``stream=True`` a stream of these events
        methods.append(method)
    methods.sort(key=lambda m: (m.namespace, m.name))
    for method in methods:
        _register_roots(method, types)
    for method in methods:
        _type(method, types)
        if method.gaps:
            typed = spec.param_schemas.get(method.full_name, {})
            how = "typed from openai-python's types" if all(g in typed for g in method.gaps) else "sent untyped"
            notes.append(f"{method.full_name}: not in the spec, {how}: {', '.join(method.gaps)}")
    return methods, notes


def _method(entry: Dict[str, Any], operation: Operation, openai_path: str) -> Method:
    method = Method(entry, operation)
    path_args: Dict[str, str] = entry.get("path_args") or {}
    ours = _PLACEHOLDER.findall(openai_path)
    theirs = _PLACEHOLDER.findall(operation.path)
    by_spec_name = {spec_name: path_args.get(name, name) for spec_name, name in zip(theirs, ours)}
    method.path = _PLACEHOLDER.sub(lambda m: "{" + by_spec_name[m.group(1)] + "}", operation.path).lstrip("/")
    path_params = set(by_spec_name.values())
    query = set(entry.get("query") or [])
    body = set(entry.get("body") or [])
    # Header parameters name openai-python's parameter in ``x-stainless-param`` (``betas``).
    headers = {str(p.get("x-stainless-param") or p.get("schema", {}).get("x-stainless-param") or p["name"]): p
               for p in operation.params_in("header")}
    for raw in entry["params"]:
        name = raw["name"]
        if name in config.PARAMS_NOT_SENT or raw["kind"] in ("VAR_POSITIONAL", "VAR_KEYWORD"):
            continue
        where = "path" if name in path_params else "query" if name in query else "body" if name in body else "?"
        if where == "?" and name in headers:
            where = "header"
        if where == "?":
            raise ValueError(f"{method.full_name}: parameter {name} fills no part of the request")
        positional = raw["kind"] == "POSITIONAL_OR_KEYWORD"
        param = Param(name, positional=positional, required=raw["required"], default=raw.get("default"), where=where)
        if where == "header":
            param.wire = str(headers[name]["name"])
            param.schema = headers[name].get("schema", {})
        method.params.append(param)
    _attach_schemas(method)
    return method


def _attach_schemas(method: Method) -> None:
    op = method.operation
    spec = op.spec
    by_name = {}
    for raw in op.parameters:
        wire = str(raw["name"])
        by_name[wire.removesuffix("[]")] = raw
    content = op.request_content()
    media = "application/json" if "application/json" in content else next(iter(content), "")
    form = content.get("multipart/form-data", {}).get("schema")
    schema = spec.resolve(content[media].get("schema")) if media else {}
    props, _ = _properties(spec, schema)
    form_props, _ = _properties(spec, spec.resolve(form)) if form else ({}, [])
    body_name = ref_name(content[media].get("schema")) if media else None
    method.body_hint = camel(body_name) if body_name else camel(method.namespace.split(".")[-1]) + camel(method.name)
    # What openai-python sends and the spec does not describe: typed from openai-python's types
    # where the supplement records them, else passed on untyped.
    supplied = spec.param_schemas.get(method.full_name, {})
    for param in method.params:
        if param.where == "header":
            continue
        if param.where in ("path", "query"):
            raw = by_name.get(param.name)
            if raw is None and param.where == "query":
                method.gaps.append(param.name)
            param.schema = (raw or {}).get("schema", supplied.get(param.name, {}))
        else:
            prop = props.get(param.wire, form_props.get(param.wire))
            if prop is None:
                method.gaps.append(param.name)
                prop = supplied.get(param.name, {})
            param.schema = prop
            if _is_file(spec, form_props.get(param.wire)):
                param.where = "file"
    ok, content_out = op.success_response()
    del ok
    method.result = _result_kind(method, content_out)


def _properties(spec: Spec, schema: Any) -> Tuple[Dict[str, Any], List[str]]:
    if not isinstance(schema, dict):
        return {}, []
    props: Dict[str, Any] = {}
    required: List[str] = []
    for part in schema.get("allOf", []):
        sub, req = _properties(spec, spec.resolve(part))
        props.update(sub)
        required += req
    for key in ("anyOf", "oneOf"):  # a body that is one of several shapes: every property of each
        for part in schema.get(key, []):
            sub, _req = _properties(spec, spec.resolve(part))
            for name, prop in sub.items():
                props.setdefault(name, prop)
    props.update(schema.get("properties") or {})
    return props, required + list(schema.get("required") or [])


def _is_file(spec: Spec, prop: Any) -> bool:
    """A multipart property holding file content (``format: binary``), alone, in a list or a union."""
    prop = spec.resolve(prop) if isinstance(prop, dict) else prop
    if not isinstance(prop, dict):
        return False
    if prop.get("format") == "binary" or prop.get("contentMediaType") == "application/octet-stream":
        return True
    if isinstance(prop.get("items"), dict) and _is_file(spec, prop["items"]):
        return True
    return any(_is_file(spec, m) for key in ("anyOf", "oneOf") for m in prop.get(key, []))


def _result_kind(method: Method, content: Dict[str, Any]) -> str:
    if method.page:
        return "page"
    if method.cast_name in ("HttpxBinaryResponseContent",):
        return "binary"
    if method.cast_name == "NoneType" or not content:
        return "none"
    if "text/event-stream" in content and "application/json" not in content:
        return "stream"
    return "json"


def _event_schema(full: str, operation: Operation) -> Any:
    """The schema of one event of the operation's stream: the spec's, or ``config.EVENT_SCHEMAS``."""
    content = operation.success_response()[1]
    if "text/event-stream" in content:
        return content["text/event-stream"].get("schema")
    name = config.EVENT_SCHEMAS.get(full)
    return {"$ref": f"#/components/schemas/{name}"} if name else None


def _streams_or_not(operation: Operation) -> bool:
    """Whether an operation answers with JSON or a stream, as the caller asks (``stream=True``)."""
    content = operation.success_response()[1]
    return "application/json" in content or "text/event-stream" not in content


def _result_schema(method: Method) -> Tuple[Any, str]:
    """The schema of the value returned (for a page, of one item) and the name hint for it."""
    _status, content = method.operation.success_response()
    schema = (content.get("application/json") or content.get("text/event-stream") or {}).get("schema")
    hint = camel(method.cast_name) if method.cast_name and method.cast_name != "NoneType" else camel(method.name)
    if method.result == "page" and schema is not None:
        resolved = method.operation.spec.resolve(schema)
        data = (resolved.get("properties") or {}).get("data", {})
        return data.get("items"), hint
    return schema, hint


def _register_roots(method: Method, types: TypeBuilder) -> None:
    if method.result in ("json", "page", "stream"):
        schema, _hint = _result_schema(method)
        if schema is not None:
            types.add_roots(RESPONSE, [(schema, 1)])
    if method.event_schema is not None:
        types.add_roots(RESPONSE, [(method.event_schema, 1)])
    types.add_roots(REQUEST, [(p.schema, 1) for p in method.params if p.where in ("body", "query")])


def _type(method: Method, types: TypeBuilder) -> None:
    user = method.namespace
    for param in method.params:
        if param.where == "path":
            param.annotation = "str"
            continue
        if param.where == "file":
            param.annotation = _file_annotation(method, param)
            continue
        hint = f"{method.body_hint}{camel(singular(param.name) if _is_array(method, param) else param.name)}"
        param.annotation = types.annotation(param.schema, hint, REQUEST, 1, user)
        param.nullable = types.is_nullable(param.schema)
    if method.event_schema is not None:
        method.event_type = types.annotation(method.event_schema, camel(method.name) + "Event", RESPONSE, 1, user)
    if method.result in ("json", "page", "stream"):
        schema, hint = _result_schema(method)
        method.result_type = types.annotation(schema, hint, RESPONSE, 1, user) if schema is not None else "Any"


def _is_array(method: Method, param: Param) -> bool:
    schema = method.operation.spec.resolve(param.schema)
    return isinstance(schema, dict) and schema.get("type") == "array"


def _file_annotation(method: Method, param: Param) -> str:
    schema = method.operation.spec.resolve(param.schema)
    many = isinstance(schema, dict) and (schema.get("type") == "array" or any(
        isinstance(m, dict) and method.operation.spec.resolve(m).get("type") == "array"
        for key in ("anyOf", "oneOf") for m in schema.get(key, [])))
    single = not (isinstance(schema, dict) and schema.get("type") == "array")
    if many and single:
        return "Union[FileInput, Sequence[FileInput]]"
    return "Sequence[FileInput]" if many else "FileInput"
