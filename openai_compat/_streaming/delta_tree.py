"""Deltas merged into an object kept as plain JSON values: the run steps and messages of a run stream.

A delta of the Assistants API is the changed part of an object, shaped like the object: strings
are pieces to append, objects merge key by key, and lists of objects whose entries carry an
``index`` (content blocks, tool calls, annotations, code outputs) merge entry by entry at that
position. ``index`` and ``type`` are replaced, not appended. Other lists grow; other values are
replaced (openai-python adds numbers up; a later number here wins, as a position or a count should).

Strings are kept as ``TextParts`` while they grow, so a long text costs time and memory linear in
its length; ``materialize`` turns the tree back into plain values, without the ``index`` keys that
only placed an entry.
"""

from __future__ import annotations

from typing import Any, Dict, List

from .snapshot import TextParts

__all__ = ["materialize", "merge_delta", "thawed"]


def merge_delta(tree: Dict[str, Any], delta: Dict[str, Any]) -> None:
    """Merge ``delta`` (plain JSON values) into ``tree`` in place."""
    for key, value in delta.items():
        if value is None:
            continue
        current = tree.get(key)
        if key in ("index", "type") or current is None:
            tree[key] = _fresh(value) if key not in ("index", "type") else value
        elif isinstance(value, str) and isinstance(current, (str, TextParts)):
            if isinstance(current, str):
                current = tree[key] = _text(current)
            current.add(value)
        elif isinstance(value, dict) and isinstance(current, dict):
            merge_delta(current, value)
        elif isinstance(value, list) and isinstance(current, list):
            _merge_list(current, value)
        else:
            tree[key] = _fresh(value)


def _merge_list(current: List[Any], delta: List[Any]) -> None:
    for entry in delta:
        index = entry.get("index") if isinstance(entry, dict) else None
        if type(index) is not int or index < 0:
            current.append(_fresh(entry))  # not an indexed entry: the list grows
        elif index < len(current) and isinstance(current[index], dict):
            merge_delta(current[index], entry)
        elif index < len(current):
            current[index] = _fresh(entry)
        else:
            current.extend({} for _ in range(index - len(current)))  # a gap some server left: filled later
            current.append(_fresh(entry))


def _fresh(value: Any) -> Any:
    """A value of a delta as the tree keeps it: its own copy, strings as ``TextParts``."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        tree: Dict[str, Any] = {}
        merge_delta(tree, value)
        return tree
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value


def _text(value: str) -> TextParts:
    parts = TextParts()
    parts.add(value)
    return parts


def thawed(value: Any) -> Any:
    """A tree to merge deltas into, from plain values (an object's ``to_dict()``): a deep copy."""
    if isinstance(value, dict):
        return {key: thawed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [thawed(item) for item in value]
    return value


def materialize(tree: Any, *, in_list: bool = False) -> Any:
    """The tree as plain values: ``TextParts`` as strings, list entries without their ``index``."""
    if isinstance(tree, TextParts):
        return tree.text()
    if isinstance(tree, dict):
        return {key: materialize(value) for key, value in tree.items() if not (in_list and key == "index")}
    if isinstance(tree, list):
        return [materialize(item, in_list=True) for item in tree]
    return tree
