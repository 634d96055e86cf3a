"""Arguments for every generated method, made from the OpenAPI spec, and the generator's view of them.

``generated_methods()`` runs the generator's model (``scripts/codegen``) on the spec: each method
with its namespace, parameters (and where each goes), result kind and page class. ``arguments``
makes values the spec accepts: the first of an enum, the first member of a union, an object's
required properties, a short string or a small number within the schema's bounds.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
# Read at import: the tests' autouse fixture clears OPENAI_* variables.
_CONFIGURED = os.environ.get("OPENAI_COMPAT_SPEC")
SPEC_PATH = (
    (Path(_CONFIGURED) if Path(_CONFIGURED).is_absolute() else ROOT / _CONFIGURED)
    if _CONFIGURED
    else ROOT / "openapi" / "openai-openapi.yaml.gz"  # the repository's copy, which the mock serves
)
# A missing spec fails the tests that need it: skipping them hid the generated surface from CI.
assert SPEC_PATH.exists(), f"no OpenAPI spec at {SPEC_PATH} (unset OPENAI_COMPAT_SPEC to use the repository's copy)"

FILE = ("sample.bin", b"\x00sample bytes\n", "application/octet-stream")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@lru_cache(maxsize=1)
def generated_methods() -> Tuple[Any, List[Any], Any]:
    """The spec, the generator's methods (``scripts.codegen.methods.Method``) and its types."""
    from scripts.codegen import config, generate, methods, schemas

    parsed = generate.load_spec(SPEC_PATH)
    surface = generate.json.loads(generate.SURFACE.read_text(encoding="utf-8"))
    types = schemas.TypeBuilder(parsed, response_depth=config.RESPONSE_DEPTH, request_depth=config.REQUEST_DEPTH,
                                reuse=config.REUSE)
    found, _notes = methods.build_methods(parsed, surface, types)
    return parsed, found, types


def example(spec: Any, schema: Any, depth: int = 0) -> Any:
    """A value ``schema`` accepts (``None`` when the schema allows nothing simple)."""
    schema = spec.resolve(schema)
    if not isinstance(schema, dict) or depth > 12:
        return "x"
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            members = [m for m in schema[key] if spec.resolve(m).get("type") != "null"]
            return example(spec, members[0], depth + 1) if members else None
    if "allOf" in schema:
        merged: Dict[str, Any] = {}
        for part in schema["allOf"]:
            value = example(spec, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "object" or "properties" in schema:
        required = schema.get("required") or []
        props = schema.get("properties") or {}
        return {name: example(spec, props.get(name, {}), depth + 1) for name in required}
    if kind == "array":
        count = max(1, int(schema.get("minItems", 1)))
        return [example(spec, schema.get("items", {}), depth + 1) for _ in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", 1) if schema.get("minimum", 1) > 0 else 1)
    if kind == "number":
        return float(schema.get("minimum", 1) if schema.get("minimum", 1) > 0 else 1)
    if kind == "boolean":
        return True
    if schema.get("format") == "binary":
        return FILE
    return "abc123"[: max(int(schema.get("maxLength", 6)), 1)].ljust(int(schema.get("minLength", 0)), "x")


def arguments(method: Any, *, optional: bool = False) -> Tuple[List[Any], Dict[str, Any]]:
    """Positional and keyword arguments for one call of ``method``: every parameter openai-python or
    the spec requires (what the spec requires and openai-python does not take goes in
    ``extra_body``), and with ``optional`` every optional parameter the spec describes too."""
    spec = method.operation.spec
    wanted = _spec_required(method)
    args: List[Any] = []
    kwargs: Dict[str, Any] = {}
    for param in method.params:
        asked = optional and param.where in ("query", "body", "file") and param.name not in method.gaps
        if not (param.required or param.wire in wanted or asked):
            continue
        value = _value(spec, param)
        if param.positional:
            args.append(value)
        else:
            kwargs[param.name] = value
    taken = {p.wire for p in method.params}
    extra = {name: example(spec, schema) for name, schema in wanted.items() if name not in taken}
    if extra:
        kwargs["extra_body"] = extra
    return args, kwargs


def _spec_required(method: Any) -> Dict[str, Any]:
    """The body properties the spec requires, with their schemas."""
    spec = method.operation.spec
    content = method.operation.request_content()
    media = "application/json" if "application/json" in content else next(iter(content), None)
    if media is None:
        return {}
    schema = spec.resolve(content[media].get("schema"))
    props = schema.get("properties") or {}
    return {name: props.get(name, {}) for name in schema.get("required") or []}


def _value(spec: Any, param: Any) -> Any:
    if param.where == "path":
        return f"{param.name}_abc123"
    if param.where == "file":
        resolved = spec.resolve(param.schema)
        return [FILE] if resolved.get("type") == "array" else FILE
    value = example(spec, param.schema)
    return value if value is not None else "abc123"


def resolve(client: Any, method: Any) -> Any:
    """``client.<namespace>.<name>``."""
    target = client
    for part in [*method.namespace.split("."), method.name]:
        target = getattr(target, part)
    return target


def result_class_names(method: Any) -> Optional[str]:
    """The class name a result (or each item of a page) must have, when the generator typed it."""
    name = method.result_type
    return name if name.isidentifier() and name != "Any" else None
