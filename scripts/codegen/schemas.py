"""From JSON Schemas of the spec to msgspec Struct definitions and type annotations.

Two sides, with different rules:

- response types derive from ``APIObject`` and are tolerant: every field has a default (``None``
  for what the API may omit or null, the zero value for required scalars, the constant for a
  single-valued ``type``/``object``), enums are plain ``str``, unions of objects told apart by a tag
  are open unions with an ``Unknown...`` fallback, and what cannot be typed is ``Any``;
- request parameter types derive from ``RequestParams``: optional fields default to ``UNSET`` and
  every object is also accepted as a plain mapping.

Nesting is typed down to a depth (``config.RESPONSE_DEPTH``, ``config.REQUEST_DEPTH``) counted in
object levels from the method's own parameter or result; below it values stay JSON builtins (still
reachable from the typed object, nothing is lost). The depth of a named schema is the least depth
at which any generated method reaches it, so one schema is one class however it is reached.
"""

from __future__ import annotations

import heapq
import re
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Set, Tuple

from .emit import optional, split_args, with_unset
from .naming import camel, field_attr, first_sentence, singular
from .spec import Spec, ref_name

__all__ = ["Ctx", "FieldDef", "StructDef", "TypeBuilder"]

RESPONSE = "response"
REQUEST = "request"
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_ZERO = {"str": '""', "int": "0", "float": "0.0", "bool": "False"}
# A request union of more object kinds than this is typed as a plain mapping: a long list of
# ``...Param`` classes in a signature helps nobody (the open unions of the Responses API).
MAX_REQUEST_CLASSES = 6
# Response fields whose known values get a class of constants (the values stay plain ``str``).
ENUM_FIELDS = frozenset({"status", "role"})


class Ctx(NamedTuple):
    """Where a schema is being typed: request or response side, object depth, the namespace."""

    side: str
    depth: int
    user: str


class FieldDef:
    def __init__(self, attr: str, wire: str, annotation: str, default: Optional[str]) -> None:
        self.attr = attr
        self.wire = wire
        self.annotation = annotation
        self.default = default  # a Python expression, or None for a required request field


class StructDef:
    """A class to emit: a Struct, an open union marker or its ``Unknown`` fallback."""

    def __init__(self, name: str, side: str, kind: str, doc: str) -> None:
        self.name = name
        self.side = side
        self.kind = kind  # "struct" | "union" | "unknown"
        self.doc = doc
        self.fields: List[FieldDef] = []
        self.members: List[Tuple[str, str]] = []  # union: (tag value, class)
        self.tag = "type"
        self.unknown = ""
        self.deps: Set[str] = set()  # other StructDefs named in this one's annotations
        self.users: Set[str] = set()  # namespaces whose methods reach this class
        self.constants: List[Tuple[str, List[str]]] = []  # (class name, values) of str enums


class TypeBuilder:
    """Builds ``StructDef``s on demand and answers the annotation of a schema."""

    def __init__(self, spec: Spec, *, response_depth: int, request_depth: int, reuse: Dict[str, str]) -> None:
        self.spec = spec
        self.limits = {RESPONSE: response_depth, REQUEST: request_depth}
        self.reuse = reuse  # spec schema name -> class written by hand, "module:Class"
        self.structs: Dict[str, StructDef] = {}
        self.depths: Dict[Tuple[str, str], int] = {}  # (side, component) -> least depth
        self._by_key: Dict[Tuple[str, str], str] = {}  # (side, component or inline id) -> class name
        self._inline_ids: Dict[str, int] = {}
        self.external: Dict[str, str] = {}  # hand-written class reused -> its types module

    # -- pass 1: the least depth of each named schema ---------------------------------------

    def add_roots(self, side: str, schemas: List[Tuple[Any, int]]) -> None:
        """Record schemas a method uses directly (at ``depth``) and propagate least depths."""
        queue: List[Tuple[int, str]] = []
        for schema, depth in schemas:
            for name, rel in self._refs(schema, 0):
                queue.append((depth + rel, name))
        heapq.heapify(queue)
        while queue:
            depth, name = heapq.heappop(queue)
            key = (side, name)
            if key in self.depths and self.depths[key] <= depth:
                continue
            self.depths[key] = depth
            if depth > self.limits[side] or (side == RESPONSE and name in self.reuse):
                continue
            for ref, rel in self._refs(self.spec.schemas[name], 0, top=True):
                heapq.heappush(queue, (depth + rel, ref))

    def _refs(self, schema: Any, level: int, top: bool = False) -> Iterator[Tuple[str, int]]:
        """``(component, relative depth)`` for every reference inside ``schema``."""
        if isinstance(schema, list):
            for item in schema:
                yield from self._refs(item, level)
            return
        if not isinstance(schema, dict):
            return
        name = ref_name(schema)
        if name is not None:
            yield name, level
            return
        inner = level + 1 if (self._is_struct(schema) and not top) else level
        for key in ("properties", "patternProperties"):
            for value in (schema.get(key) or {}).values():
                yield from self._refs(value, inner if not top else level + 1)
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                yield from self._refs(schema[key], level)
        for key in ("anyOf", "oneOf", "allOf"):
            if key in schema:
                yield from self._refs(schema[key], level)

    def _is_struct(self, schema: Dict[str, Any]) -> bool:
        return bool(schema.get("properties")) or "allOf" in schema

    # -- pass 2: annotations and classes --------------------------------------------------

    def annotation(self, schema: Any, hint: str, side: str, depth: int, user: str) -> str:
        """The annotation of a value of ``schema`` reached at ``depth`` by ``user``'s methods
        (``hint`` names a class made for an unnamed object). On the request side an object is
        ``Union[XParam, Mapping[str, Any]]``; the caller adds ``UnsetType``."""
        return self._annotate(schema, hint, Ctx(side, depth, user))

    def is_nullable(self, schema: Any) -> bool:
        """Whether ``schema`` allows ``null`` (``nullable``, a ``null`` type or union member)."""
        schema = self.spec.resolve(schema)
        if not isinstance(schema, dict):
            return False
        kind = schema.get("type")
        if schema.get("nullable") is True or kind == "null" or (isinstance(kind, list) and "null" in kind):
            return True
        members = [*schema.get("anyOf", ()), *schema.get("oneOf", ())]
        return any(isinstance(m, dict) and (m.get("type") == "null" or self.is_nullable(m)) for m in members)

    def _annotate(self, schema: Any, hint: str, ctx: Ctx) -> str:
        if not isinstance(schema, dict) or not schema:
            return "Any"
        name = ref_name(schema)
        if name is None:
            return self._inline(schema, hint, ctx, None)
        if ctx.side == RESPONSE and name in self.reuse:
            module, _, cls = self.reuse[name].partition(":")
            self.external[cls] = module
            return cls
        target = self.spec.schemas[name]
        ctx = ctx._replace(depth=self.depths.get((ctx.side, name), 99))
        if (self._is_struct(target) or self._union_members(target)) and ctx.depth > self.limits[ctx.side]:
            return self._untyped(target, ctx.side)
        return self._inline(target, camel(name), ctx, name)

    def _untyped(self, schema: Dict[str, Any], side: str) -> str:
        if self._is_struct(schema) or schema.get("type") == "object":
            return "Dict[str, Any]" if side == RESPONSE else "Mapping[str, Any]"
        return "Any"

    def _inline(self, schema: Dict[str, Any], hint: str, ctx: Ctx, component: Optional[str]) -> str:
        members = self._union_members(schema)
        if members is not None:
            return self._union(schema, members, hint, ctx, component)
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            if len(kinds) != 1:
                return "Any"
            kind = kinds[0]
        response = ctx.side == RESPONSE
        if self._is_struct(schema):
            if ctx.depth > self.limits[ctx.side]:
                return self._untyped(schema, ctx.side)
            cls = self._struct(schema, hint, ctx, component)
            return cls if response else f"Union[{cls}, Mapping[str, Any]]"
        if kind == "array":
            inner = self._annotate(schema.get("items"), singular(hint), ctx)
            return f"List[{inner}]" if response else f"Sequence[{inner}]"
        if kind == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = self._annotate(extra, hint + "Value", ctx) if isinstance(extra, dict) and extra else "Any"
            return f"Dict[str, {value}]" if response else f"Mapping[str, {value}]"
        if kind == "string" and schema.get("format") == "binary":
            return "bytes" if response else "FileInput"
        if kind in _SCALARS:
            return _SCALARS[kind]
        values = schema.get("enum") or ([schema["const"]] if "const" in schema else [])
        kinds = {type(v).__name__ for v in values if v is not None}
        return kinds.pop() if len(kinds) == 1 and next(iter(kinds)) in _ZERO else "Any"

    # -- unions -----------------------------------------------------------------------------

    def _union_members(self, schema: Dict[str, Any]) -> Optional[List[Any]]:
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return [m for m in schema[key] if not (isinstance(m, dict) and m.get("type") == "null")]
        return None

    def _union(self, schema: Dict[str, Any], members: List[Any], hint: str, ctx: Ctx, component: Optional[str]) -> str:
        if not members:
            return "Any"
        if len(members) == 1:
            return self._annotate(members[0], hint, ctx)
        resolved = [self.spec.resolve(m) for m in members]
        objects = sum(1 for m in resolved if self._is_struct(m))
        if ctx.side == RESPONSE and objects >= 2:
            if objects != len(members):
                return "Any"
            return self._open_union(schema, members, hint, ctx, component)
        parts: List[str] = []
        many = ctx.side == REQUEST and objects > MAX_REQUEST_CLASSES
        for i, (member, option) in enumerate(zip(members, resolved)):
            text = "Mapping[str, Any]" if many and self._is_struct(option) else self._annotate(
                member, hint + camel(self._member_hint(member, i)), ctx
            )
            parts += [part for part in _split_union(text) if part not in parts]
        if ctx.side == REQUEST:  # anything goes in a request; a plain mapping reads best last
            parts.sort(key=lambda part: part == "Mapping[str, Any]")
        elif "Any" in parts or not _msgspec_union_ok(parts, self.structs):
            return "Any"
        return parts[0] if len(parts) == 1 else f"Union[{', '.join(parts)}]"

    def _member_hint(self, member: Any, index: int) -> str:
        if isinstance(member, dict) and (ref_name(member) or member.get("title")):
            return str(ref_name(member) or member["title"])
        return f"Option{index + 1}"

    def _open_union(
        self, schema: Dict[str, Any], members: List[Any], hint: str, ctx: Ctx, component: Optional[str]
    ) -> str:
        """An ``OpenUnion`` marker when one field (the discriminator, ``type`` or ``object``) tells
        every member apart by a constant; ``Any`` otherwise."""
        resolved = [self.spec.resolve(m) for m in members]
        tag = (schema.get("discriminator") or {}).get("propertyName")
        for field in [tag] if tag else ["type", "object"]:
            values = [self._tag_value(m, field) for m in resolved]
            if all(values) and len(set(values)) == len(values):
                break
        else:
            return "Any"
        name = self._unique(camel(component) if component else hint, (RESPONSE, component or hint))
        if name in self.structs:
            self.structs[name].users.add(ctx.user)
            return name
        about = first_sentence(schema.get("description") or "") or f"One of several kinds of {hint}."
        union = self.structs[name] = StructDef(name, RESPONSE, "union", about)
        union.tag = field
        union.users.add(ctx.user)
        for member, value in zip(members, values):
            text = self._annotate(member, ref_name(member) or f"{hint}{camel(str(value))}", ctx)
            if text not in self.structs:  # a member cut by depth: keep the whole union untyped
                del self.structs[name]
                return "Any"
            union.members.append((str(value), text))
            union.deps.add(text)
        about = f"A ``{name}`` of a kind this version does not know."
        unknown = StructDef(f"Unknown{name}", RESPONSE, "unknown", about)
        unknown.fields.append(FieldDef(field_attr(field), field, "str", '""'))
        unknown.users.add(ctx.user)
        self.structs[unknown.name] = unknown
        union.unknown = unknown.name
        union.deps.add(unknown.name)
        return name

    def _tag_value(self, schema: Dict[str, Any], field: str) -> Optional[str]:
        prop = self.spec.resolve(self._properties(schema)[0].get(field))
        if not isinstance(prop, dict):
            return None
        values = prop.get("enum") or ([prop["const"]] if "const" in prop else [])
        return values[0] if len(values) == 1 and isinstance(values[0], str) else None

    # -- structs ----------------------------------------------------------------------------

    def _properties(self, schema: Dict[str, Any]) -> Tuple[Dict[str, Any], List[str]]:
        props: Dict[str, Any] = {}
        required: List[str] = []
        for part in schema.get("allOf", []):
            sub_props, sub_required = self._properties(self.spec.resolve(part))
            props.update(sub_props)
            required.extend(sub_required)
        props.update(schema.get("properties") or {})
        required.extend(schema.get("required") or [])
        return props, required

    def _unique(self, base: str, key: Tuple[str, str]) -> str:
        """The class name for ``key`` (side, schema identity): ``base``, numbered if taken."""
        known = self._by_key.get(key)
        if known is not None:
            return known
        name = base or "Object"
        name = "T" + name if name[0].isdigit() else name
        taken = set(self._by_key.values())
        candidate, n = name, 2
        while candidate in taken:
            candidate, n = f"{name}{n}", n + 1
        self._by_key[key] = candidate
        return candidate

    def _struct(self, schema: Dict[str, Any], hint: str, ctx: Ctx, component: Optional[str]) -> str:
        base = camel(component) if component else hint
        if ctx.side == REQUEST and not base.endswith("Param"):
            base += "Param"
        name = self._unique(base, (ctx.side, component or f"inline:{id(schema)}"))
        if name in self.structs:
            self.structs[name].users.add(ctx.user)
            return name
        about = first_sentence(schema.get("description") or schema.get("title") or "")
        struct = self.structs[name] = StructDef(name, ctx.side, "struct", about)
        struct.users.add(ctx.user)
        props, required = self._properties(schema)
        inner = ctx._replace(depth=ctx.depth + 1)
        for wire, prop in props.items():
            if isinstance(prop, dict):
                self._add_field(struct, wire, prop, wire in required, inner)
        return name

    def _add_field(self, struct: StructDef, wire: str, prop: Dict[str, Any], required: bool, ctx: Ctx) -> None:
        text = self._annotate(prop, f"{struct.name.removesuffix('Param')}{camel(wire)}", ctx)
        nullable = self.is_nullable(prop)
        struct.deps.update(part for part in _names_in(text) if part in self.structs)
        if ctx.side == REQUEST:
            text = optional(text) if nullable else text
            default = None if required else "UNSET"
            struct.fields.append(FieldDef(field_attr(wire), wire, with_unset(text) if default else text, default))
            return
        default = self._default(prop, text, required and not nullable)
        if default == "None" and text != "Any" and not text.startswith("Optional["):
            text = f"Optional[{text}]"
        struct.fields.append(FieldDef(field_attr(wire), wire, text, default))
        values = self._enum_values(prop)
        if wire in ENUM_FIELDS and text in ("str", "Optional[str]") and len(values) > 1:
            struct.constants.append((f"{struct.name}{camel(wire)}", values))

    def _enum_values(self, prop: Dict[str, Any]) -> List[str]:
        resolved = self.spec.resolve(prop)
        for member in [resolved, *resolved.get("anyOf", []), *resolved.get("oneOf", [])]:
            option = self.spec.resolve(member)
            if isinstance(option, dict) and option.get("enum"):
                return [v for v in option["enum"] if isinstance(v, str)]
        return []

    def _default(self, prop: Dict[str, Any], text: str, present: bool) -> str:
        """A response field's default: its constant, the zero of a required scalar, else ``None``."""
        values = self.spec.resolve(prop).get("enum")
        if present and values and len(values) == 1 and isinstance(values[0], str):
            return f'"{values[0]}"'
        if not present or text == "Any":
            return "None"
        if text in _ZERO:
            return _ZERO[text]
        if text.startswith("List["):
            return "msgspec.field(default_factory=list)"
        if text.startswith("Dict["):
            return "msgspec.field(default_factory=dict)"
        return "None"

    def propagate_users(self) -> None:
        """A class reached through another is used by everything that uses the other."""
        changed = True
        while changed:
            changed = False
            for struct in self.structs.values():
                for dep in struct.deps:
                    target = self.structs.get(dep)
                    if target is not None and not struct.users <= target.users:
                        target.users |= struct.users
                        changed = True


def _split_union(text: str) -> List[str]:
    return split_args(text[6:-1]) if text.startswith("Union[") else [text]


def _names_in(text: str) -> List[str]:
    return re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)


def _msgspec_union_ok(parts: List[str], structs: Dict[str, StructDef]) -> bool:
    """Whether msgspec can decode ``Union[parts]``: one object-like, one array-like, one str-like
    member at most, and no open union beside other members."""
    objects = sum(1 for p in parts if p in structs or p.startswith("Dict["))
    arrays = sum(1 for p in parts if p.startswith("List["))
    strings = sum(1 for p in parts if p in ("str", "bytes"))
    if any(p in structs and structs[p].kind == "union" for p in parts):
        return False
    return objects <= 1 and arrays <= 1 and strings <= 1
