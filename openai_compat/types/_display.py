"""How response objects show in IPython and Jupyter: ``_repr_pretty_`` and ``_repr_html_``.

Both show the fields ``repr()`` shows, less those that are ``None`` or unset: a chat completion's
repr is one line of several hundred characters, most of it ``=None``. The pretty form breaks lines
and indents nested objects as IPython's printer does for its own types; the HTML form is a tree of
``<details>`` elements, every value escaped (a body is data, never markup) and long strings cut,
with their length shown. It runs only when IPython asks for a display, and imports nothing beyond
``typing`` (the ``html`` module would load its table of entities at every ``import openai_compat``).
"""

from __future__ import annotations

from typing import Any, List, Sequence, Tuple

__all__ = ["html_repr", "pretty_repr"]

Fields = Sequence[Tuple[str, Any]]

MAX_TEXT = 300  # characters of a string shown before it is cut
MAX_ITEMS = 100  # items of a list or dict shown
MAX_INLINE = 10  # scalars shown inline for a list of numbers (an embedding)
OPEN_DEPTH = 3  # nested objects deeper than this start collapsed
MAX_DEPTH = 20  # nesting shown in HTML; deeper (or an object inside itself) is "…"
_SUMMARY_KEYS = ("id", "type", "role", "status", "name", "model")
_ROOT_STYLE = "font-family:var(--jp-code-font-family,monospace);font-size:13px;line-height:1.4"
_LIST_STYLE = "list-style:none;margin:0;padding-left:1.4em"


def _fields_of(value: Any) -> Fields | None:
    """The fields to show of a response object, or ``None`` for any other value."""
    shown = getattr(value, "_display_fields", None)
    return shown() if callable(shown) else None


# ---------------------------------------------------------------------------------------------
# IPython's pretty printer


def pretty_repr(name: str, fields: Fields, printer: Any, cycle: bool) -> None:
    """``Name(field=value, ...)`` on one line when it fits, else one field a line, indented."""
    if cycle:
        printer.text(f"{name}(...)")
        return
    entries = [(f"{key}=", value) for key, value in fields]
    _pretty_group(printer, f"{name}(", entries, ")")


def _pretty_group(printer: Any, opening: str, entries: Sequence[Tuple[str, Any]], closing: str) -> None:
    if not entries:
        printer.text(opening + closing)
        return
    with printer.group(4, opening, ""):
        for index, (label, value) in enumerate(entries):
            if index:
                printer.text(",")
                printer.breakable()
            else:
                printer.breakable("")
            printer.text(label)
            _pretty_value(printer, value)
        # The closing bracket goes back to the opening line's indentation when the group breaks.
        printer.indentation -= 4
        printer.breakable("")
        printer.indentation += 4
    printer.text(closing)


def _pretty_value(printer: Any, value: Any) -> None:
    """A list holding response objects is laid out like them; anything else as IPython does."""
    if not (isinstance(value, list) and any(hasattr(item, "_display_fields") for item in value)):
        printer.pretty(value)
        return
    stack: List[int] = printer.stack  # what IPython is printing now: a list inside itself is a cycle
    if id(value) in stack:
        printer.text("[...]")
        return
    stack.append(id(value))
    try:
        _pretty_group(printer, "[", [("", item) for item in value], "]")
    finally:
        stack.pop()


# ---------------------------------------------------------------------------------------------
# HTML for Jupyter


def html_repr(name: str, fields: Fields) -> str:
    """The object as nested ``<details>``: the top one open, every value escaped."""
    body = _object_html(name, fields, depth=0)
    return f'<div class="openai-compat-repr" style="{_ROOT_STYLE}">{body}</div>'


def _object_html(name: str, fields: Fields, depth: int) -> str:
    summary = f"<b>{_escape(name)}</b>"
    hints = [f"{key}={_short(value)}" for key, value in fields if key in _SUMMARY_KEYS and _is_scalar(value)]
    if hints:
        summary += " " + _escape(" ".join(hints[:3]))
    if not fields:
        return f"{summary}()"
    rows = [f"<li><b>{_escape(key)}</b>: {_value_html(value, depth + 1)}</li>" for key, value in fields]
    return _details(summary, rows, depth)


def _value_html(value: Any, depth: int) -> str:
    if depth > MAX_DEPTH:
        return "<i>…</i>"
    fields = _fields_of(value)
    if fields is not None:
        return _object_html(type(value).__name__, fields, depth)
    if isinstance(value, dict):
        entries = [(str(key), item) for key, item in value.items()]
        rows = [f"<li><b>{_escape(key)}</b>: {_value_html(item, depth + 1)}</li>" for key, item in entries[:MAX_ITEMS]]
        return _details(f"dict ({_count(len(entries), 'key')})", rows + _more(len(entries)), depth)
    if isinstance(value, (list, tuple)):
        if all(_is_scalar(item) and not isinstance(item, str) for item in value):
            return _inline_numbers(value)
        rows = [f"<li>[{index}] {_value_html(item, depth + 1)}</li>" for index, item in enumerate(value[:MAX_ITEMS])]
        return _details(f"list ({_count(len(value), 'item')})", rows + _more(len(value)), depth)
    if isinstance(value, str):
        return _text_html(value)
    return f"<code>{_escape(repr(value))}</code>"


def _details(summary: str, rows: List[str], depth: int) -> str:
    opened = " open" if depth <= OPEN_DEPTH else ""
    items = "".join(rows)
    return f'<details{opened}><summary>{summary}</summary><ul style="{_LIST_STYLE}">{items}</ul></details>'


def _text_html(text: str) -> str:
    shown = _escape(text[:MAX_TEXT])
    cut = f" <i>… ({len(text):,} characters)</i>" if len(text) > MAX_TEXT else ""
    return f'<span style="white-space:pre-wrap">&quot;{shown}&quot;</span>{cut}'


def _inline_numbers(values: Sequence[Any]) -> str:
    shown = ", ".join(repr(item) for item in values[:MAX_INLINE])
    if len(values) <= MAX_INLINE:
        return f"<code>[{_escape(shown)}]</code>"
    return f"<code>[{_escape(shown)}, …]</code> <i>({len(values):,} items)</i>"


def _more(total: int) -> List[str]:
    return [f"<li><i>… {total - MAX_ITEMS:,} more</i></li>"] if total > MAX_ITEMS else []


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _escape(text: str) -> str:
    """``html.escape(text, quote=True)``."""
    return text.translate(_ESCAPES)

