"""JSON cut short, read as far as it goes: ``parse_partial('{"a": [1, 2], "b": "unfini')`` is
``{"a": [1, 2]}``. The stream helpers show structured output and tool arguments this way while they
stream, as openai-python does (its ``jiter`` partial mode, which also drops an unfinished string).

One pass over the text finds the last point where everything before is complete values, and which
containers are open there; those are closed and the result decoded. An unfinished string, a key
without its value and an unfinished number or literal are left out.
"""

from __future__ import annotations

from typing import Any, List

import msgspec

__all__ = ["parse_partial"]

_CLOSE = {"{": "}", "[": "]"}
_SCALAR_END = frozenset(",}] \t\r\n")


def parse_partial(text: str) -> Any:
    """The value of the longest complete prefix of the JSON ``text`` (``None`` if there is none)."""
    cut = _cut(text)
    if cut is None:
        return None
    end, closers = cut
    try:
        return msgspec.json.decode(text[:end] + closers)
    except (msgspec.DecodeError, ValueError, RecursionError):
        return None


def _cut(text: str) -> Any:
    """``(end, closers)``: the prefix ``text[:end]`` is complete once ``closers`` are appended."""
    stack: List[str] = []  # open containers
    keyed: List[bool] = []  # per open object: the next string is a key
    best = None
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char == '"':
            close = _string_end(text, position)
            if close < 0:
                break  # an unfinished string: left out (with its key, if it is a value)
            is_key = bool(stack) and stack[-1] == "{" and keyed[-1]
            position = close + 1
            if is_key:
                keyed[-1] = False
            else:
                best = _mark(position, stack)
            continue
        if char in "{[":
            stack.append(char)
            keyed.append(char == "{")
            best = _mark(position + 1, stack)
        elif char in "}]":
            if not stack:
                break
            stack.pop()
            keyed.pop()
            best = _mark(position + 1, stack)
        elif char == ",":
            if stack and stack[-1] == "{":
                keyed[-1] = True
        elif char not in ": \t\r\n":
            end = position
            while end < length and text[end] not in _SCALAR_END:
                end += 1
            if end == length and not _is_scalar(text[position:end]):
                break  # an unfinished number or literal
            position = end
            best = _mark(position, stack)
            continue
        position += 1
    return best


def _mark(end: int, stack: List[str]) -> Any:
    return end, "".join(_CLOSE[opener] for opener in reversed(stack))


def _string_end(text: str, start: int) -> int:
    """The index of the quote closing the string opened at ``start``, or -1."""
    position = start + 1
    while True:
        position = text.find('"', position)
        if position < 0:
            return -1
        backslashes = 0
        while text[position - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return position
        position += 1


def _is_scalar(token: str) -> bool:
    try:
        msgspec.json.decode(token)
    except (msgspec.DecodeError, ValueError):
        return False
    return True
