"""Small text helpers shared by the renderers: wrapped calls, typing imports, docstrings."""

from __future__ import annotations

import re
from typing import Iterable, List, Sequence

WIDTH = 120
_TYPING = ("TYPE_CHECKING", "Any", "ClassVar", "Dict", "List", "Literal", "Mapping", "Optional", "Sequence", "Union",
           "cast", "overload")


def call(head: str, args: Sequence[str], indent: int, tail: str = "") -> List[str]:
    """``head(args)tail`` on one line if it fits, else the arguments packed on lines of their own."""
    pad = " " * indent
    one = f"{pad}{head}({', '.join(args)}){tail}"
    if len(one) <= WIDTH:
        return [one]
    return [f"{pad}{head}(", *pack(args, indent + 4), f"{pad}){tail}"]


def pack(items: Sequence[str], indent: int, *, last_comma: bool = True) -> List[str]:
    """``items`` with commas, as many on a line as fit (the last one's comma only if asked: a
    subscript such as ``Optional[X,]`` would read as a tuple)."""
    inner = " " * indent
    lines: List[str] = []
    current = ""
    for item in items:
        piece = f"{item},"
        if current and len(inner) + len(current) + 1 + len(piece) > WIDTH:
            lines.append(inner + current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        lines.append(inner + current)
    if lines and not last_comma:
        lines[-1] = lines[-1].rstrip(",")
    return lines


def typing_names(texts: Iterable[str]) -> List[str]:
    """The ``typing`` names the annotations in ``texts`` use."""
    used = set()
    for text in texts:
        for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
            if name in _TYPING:
                used.add(name)
    return sorted(used, key=lambda n: (n != "TYPE_CHECKING", n))


def import_line(module: str, names: Iterable[str]) -> List[str]:
    """``from module import a, b`` wrapped in parentheses when too long."""
    ordered = sorted(set(names), key=_isort_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= WIDTH:
        return [line]
    return [f"from {module} import (", *[f"    {name}," for name in ordered], ")"]


def _isort_key(name: str) -> tuple:
    # ruff's isort defaults: CONSTANTS, then Classes, then functions, each case-insensitively.
    if name.isupper() and len(name) > 1:
        return (0, name.lower(), name)
    if name[:1].isupper():
        return (1, name.lower(), name)
    return (2, name.lower(), name)


def docstring(text: str, indent: int) -> List[str]:
    """A one-paragraph docstring wrapped at the line width."""
    pad = " " * indent
    words = text.split()
    lines: List[str] = []
    current = '"""'
    for word in words:
        if len(pad) + len(current) + 1 + len(word) + 3 > WIDTH and current != '"""':
            lines.append(pad + current)
            current = word
        else:
            current = f"{current} {word}" if current != '"""' else f'"""{word}'
    lines.append(pad + current + '"""')
    return lines


def all_list(names: Iterable[str]) -> List[str]:
    ordered = sorted(set(names))
    one = f"__all__ = [{', '.join(repr(n).replace(chr(39), chr(34)) for n in ordered)}]"
    if len(one) <= WIDTH:
        return [one]
    return ["__all__ = [", *[f'    "{name}",' for name in ordered], "]"]


def field(prefix: str, annotation: str, value: str, indent: int = 4, room: int = 0) -> List[str]:
    """``prefix: annotation = value`` (no ``= value`` when empty), wrapped at the line width less
    ``room`` (kept for what the caller appends, a comma)."""
    pad = " " * indent
    tail = f" = {value}" if value else ""
    one = f"{pad}{prefix}: {annotation}{tail}"
    if len(one) + room <= WIDTH:
        return [one]
    head = f"{pad}{prefix}: {annotation} = msgspec.field("
    if value.startswith("msgspec.field(") and len(head) <= WIDTH:
        return [head, f"{pad}    {value[len('msgspec.field(') : -1]}", f"{pad})"]
    name, _, rest = annotation.partition("[")
    if not rest.endswith("]"):
        return [one]
    closing = [f"{pad}]{tail}"]
    if len(closing[0]) > WIDTH and value.startswith("msgspec.field("):
        closing = [f"{pad}] = msgspec.field(", f"{pad}    {value[len('msgspec.field(') : -1]}", f"{pad})"]
    members = split_args(rest[:-1])
    return [f"{pad}{prefix}: {name}[", *_pack_expanded(members, indent + 4, len(members) > 1), *closing]


def _pack_expanded(members: List[str], indent: int, last_comma: bool) -> List[str]:
    """Like ``pack``, but a member too long for a line is itself broken at its brackets."""
    lines: List[str] = []
    short: List[str] = []
    for member in members:
        name, _, rest = member.partition("[")
        if len(" " * indent + member) + 1 <= WIDTH or not rest.endswith("]"):
            short.append(member)
            continue
        lines += pack(short, indent)
        short = []
        pad = " " * indent
        inner = split_args(rest[:-1])
        lines += [f"{pad}{name}[", *_pack_expanded(inner, indent + 4, len(inner) > 1), f"{pad}],"]
    lines += pack(short, indent)
    if lines and not last_comma:
        lines[-1] = lines[-1].rstrip(",")
    return lines


def split_args(text: str) -> List[str]:
    """``text`` split at its top-level commas."""
    parts, level, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            level += 1
        elif ch in ")]}":
            level -= 1
        elif ch == "," and level == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def union(*parts: str) -> str:
    """``Union[...]`` of ``parts`` with nested unions and optionals flattened, duplicates dropped."""
    flat: List[str] = []
    for part in parts:
        for member in _members(part):
            if member not in flat:
                flat.append(member)
    if "None" in flat:  # ``None`` last, as ruff's RUF036 wants
        flat = [m for m in flat if m != "None"] + ["None"]
    return flat[0] if len(flat) == 1 else f"Union[{', '.join(flat)}]"


def _members(text: str) -> List[str]:
    if text.startswith("Union[") and text.endswith("]"):
        return [m for part in split_args(text[6:-1]) for m in _members(part)]
    if text.startswith("Optional[") and text.endswith("]"):
        return [*_members(text[9:-1]), "None"]
    return [text]


def optional(annotation: str) -> str:
    """``Optional[X]``, or a flat union ending in ``None`` when ``X`` is a union."""
    if annotation == "Any" or annotation.startswith("Optional["):
        return annotation
    return union(annotation, "None") if annotation.startswith("Union[") else f"Optional[{annotation}]"


def with_unset(annotation: str) -> str:
    """``annotation`` or ``UnsetType``: ``Union[Optional[X], UnsetType]`` keeps a simple optional whole."""
    if annotation.startswith("Union["):
        flat = union(annotation, "UnsetType")
        if flat.endswith(", None, UnsetType]"):  # ``None`` last (ruff RUF036)
            flat = flat[: -len(", None, UnsetType]")] + ", UnsetType, None]"
        return flat
    return f"Union[{annotation}, UnsetType]"
