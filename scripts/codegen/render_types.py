"""Type modules: one per namespace (or shared prefix of namespaces), each class placed once.

A class used by the methods of one namespace lives in that namespace's module; a class several
namespaces use lives in the module of their longest common prefix (``shared`` when there is none).
A class only ever refers to classes used at least as widely, so imports between type modules all
point towards shorter prefixes and can never form a cycle.
"""

from __future__ import annotations

import keyword
import re
from typing import Dict, List, Set, Tuple

from . import naming, templates
from .emit import all_list, docstring, field, import_line, typing_names
from .schemas import REQUEST, StructDef, _names_in

__all__ = ["place_structs", "render_types_module"]


def common_prefix(namespaces: Set[str]) -> str:
    parts = [ns.split(".") for ns in sorted(namespaces)]
    prefix: List[str] = []
    for level in zip(*parts):
        if len(set(level)) != 1:
            break
        prefix.append(level[0])
    return ".".join(prefix)


def place_structs(structs: Dict[str, StructDef]) -> Dict[str, str]:
    """Class name -> types module (dotted, relative to ``openai_compat.types``)."""
    return {name: naming.types_module(common_prefix(s.users)) for name, s in structs.items()}


def _constant(value: str) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "_", value).strip("_").upper() or "EMPTY"
    return "V_" + name if name[0].isdigit() or keyword.iskeyword(name.lower()) else name


def _constants_lines(name: str, values: List[str], struct: StructDef, wire: str) -> List[str]:
    lines = [f"class {name}:", f'    """The ``{wire}`` values of ``{struct.name}`` the spec lists."""', ""]
    return lines + [f'    {_constant(v)} = "{v}"' for v in values]


def _class_lines(struct: StructDef) -> List[str]:
    if struct.kind == "union":
        lines = [f"class {struct.name}(OpenUnion):"]
        about = f"{struct.doc} Told apart by ``{struct.tag}``; unknown kinds decode to ``{struct.unknown}``."
        lines += docstring(about, 4)
        if struct.tag != "type":
            lines += ["", f'    tag = "{struct.tag}"']
        lines += ["", "    members: ClassVar[Dict[str, type]] = {"]
        lines += [f'        "{value}": {cls},' for value, cls in struct.members]
        lines += ["    }", f"    unknown = {struct.unknown}"]
        return lines
    base = templates.REQUEST_BASE if struct.side == REQUEST else templates.RESPONSE_BASE
    lines = [f"class {struct.name}({base}):"]
    if struct.doc:
        lines += docstring(struct.doc, 4)
    if struct.fields:
        if struct.doc:
            lines.append("")
        # Required fields first: mypy reads Structs as dataclasses and wants defaults last.
        for item in sorted(struct.fields, key=lambda f: f.default is not None):
            lines += _field_lines(item.attr, item.wire, item.annotation, item.default)
    elif not struct.doc:
        lines.append("    pass")
    return lines


def _field_lines(attr: str, wire: str, annotation: str, default: str | None) -> List[str]:
    if attr != wire:
        value = f'msgspec.field(name="{wire}")' if default is None else _renamed(default, wire)
        return field(attr, annotation, value)
    return field(attr, annotation, default or "")


def _renamed(default: str, wire: str) -> str:
    if default.startswith("msgspec.field("):
        return default[:-1] + f', name="{wire}")'
    return f'msgspec.field(default={default}, name="{wire}")'


def _order(structs: List[StructDef]) -> List[StructDef]:
    """Structs first (sorted), then unknown fallbacks, then unions, whose ``members`` name classes."""
    rank = {"struct": 0, "unknown": 1, "union": 2}
    return sorted(structs, key=lambda s: (rank[s.kind], s.name))


def render_types_module(
    module: str, structs: List[StructDef], placement: Dict[str, str], title: str, depth: int
) -> Tuple[str, List[str]]:
    """The module's text and the names it exports."""
    types_pkg = "." * (depth + 1)
    names = [s.name for s in structs] + [c for s in structs for c, _values in s.constants]
    own = set(names)
    annotations = [f.annotation for s in structs for f in s.fields]
    imports: Dict[str, Set[str]] = {}
    for struct in structs:
        for dep in sorted(struct.deps):
            if dep not in own and dep in placement:
                imports.setdefault(placement[dep], set()).add(dep)
        for item in struct.fields:
            for name in _names_in(item.annotation):
                if name in placement and name not in own:
                    imports.setdefault(placement[name], set()).add(name)
    has_union = any(s.kind == "union" for s in structs)
    typing = typing_names(annotations + (["ClassVar", "Dict"] if has_union else []))
    uses_msgspec = any("msgspec." in (f.default or "") or f.attr != f.wire for s in structs for f in s.fields)
    uses_unset = any("UnsetType" in a or "UNSET" in (f.default or "") for s in structs for f in s.fields
                     for a in [f.annotation])
    bases = sorted({templates.REQUEST_BASE if s.side == REQUEST else templates.RESPONSE_BASE
                    for s in structs if s.kind != "union"})
    lines = [templates.MARKER, f'"""Types of {title}.', ""]
    lines += [
        "Derived from the OpenAPI spec: response types are lenient (optional fields default to ``None``,",
        "enums are plain ``str``, undeclared fields stay on the objects); parameter types (``...Param``)",
        "are Structs whose unset fields are not sent, and plain dicts are accepted wherever they are.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
    ]
    if typing:
        lines += import_line("typing", typing)
        lines.append("")
    third = []
    if uses_msgspec:
        third.append("import msgspec")
    if uses_unset:
        third += import_line("msgspec", ["UNSET", "UnsetType"])
    if third:
        lines += [*third, ""]
    local: List[Tuple[int, str, List[str]]] = []
    if bases:
        line = templates.TYPES_BASE_IMPORT.format(types=types_pkg, names=", ".join(bases))
        local.append(_sort_key(line, import_line_parts(line)))
    if has_union:
        line = templates.TYPES_OPEN_IMPORT.format(types=types_pkg)
        local.append(_sort_key(line, [line]))
    for target, wanted in sorted(imports.items()):
        line = templates.TYPES_SIBLING_IMPORT.format(types=types_pkg, module=target, names=", ".join(sorted(wanted)))
        module_path, _, import_names = line.partition(" import ")
        local.append(_sort_key(line, import_line(module_path[5:], import_names.split(", "))))
    for _key, _text, block in sorted(local):
        lines += block
    lines += ["", *all_list(names)]
    for struct in _order(structs):
        for name, values in struct.constants:
            wire = name[len(struct.name):]
            wire = next((f.wire for f in struct.fields if f.attr.replace("_", "") == wire.lower()), wire.lower())
            lines += ["", "", *_constants_lines(name, values, struct, wire)]
        lines += ["", "", *_class_lines(struct)]
    return "\n".join(lines) + "\n", names


def import_line_parts(line: str) -> List[str]:
    module_path, _, names = line.partition(" import ")
    return import_line(module_path[5:], names.split(", "))


def _sort_key(line: str, block: List[str]) -> Tuple[int, str, List[str]]:
    module = line.split()[1]
    dots = len(module) - len(module.lstrip("."))
    return (-dots, module.lstrip(".").lower(), block)


MAX_LINES = 380


def split_large_modules(placement: Dict[str, str], structs: Dict[str, StructDef]) -> None:
    """Move classes out of a module longer than ``MAX_LINES`` into ``<module>_parts`` (then
    ``_parts_2``, ...) until every module fits.

    Only classes whose own references all lie outside the module (or were moved along) move, so
    a parts module never imports the module it came from: still no cycle.
    """
    pending = sorted(set(placement.values()))
    while pending:
        module = pending.pop(0)
        members = sorted(name for name, where in placement.items() if where == module)
        moved: Set[str] = set()
        while _length(module, members, moved, placement, structs) > MAX_LINES:
            # A class moves once everything it names has (an open union after its members).
            movable = [n for n in members if n not in moved and all(
                placement.get(d) != module or d in moved for d in structs[n].deps | _field_refs(structs[n], structs))]
            if not movable:
                break
            moved.update(movable[: max(1, len(movable) // 2)])
        if moved:
            target = _parts_name(module, set(placement.values()))
            for name in moved:
                placement[name] = target
            pending.append(target)


def _parts_name(module: str, taken: Set[str]) -> str:
    base = module.split("_parts", maxsplit=1)[0] + "_parts"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _field_refs(struct: StructDef, structs: Dict[str, StructDef]) -> Set[str]:
    return {n for f in struct.fields for n in _names_in(f.annotation) if n in structs}


def _length(module: str, members: List[str], moved: Set[str], placement: Dict[str, str],
            structs: Dict[str, StructDef]) -> int:
    staying = [structs[n] for n in members if n not in moved]
    text, _ = render_types_module(module, staying, placement, "", module.count("."))
    return text.count("\n")
