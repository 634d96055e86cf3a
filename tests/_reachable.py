"""What "every value the server sent is reachable through ``to_dict()`` exactly as sent" means.

``to_dict()`` leaves out the members of an object whose value is ``None``, so that the object can
be sent back as is. So, for the JSON value ``sent`` and the ``to_dict()`` result ``got``:

- an object: every member sent with a non-null value is in ``got``, and its value is reachable in
  the same sense; a member sent as ``null`` is either left out or ``None`` (it is ``None`` inside a
  plain ``dict`` field such as ``metadata``). ``got`` may hold more: defaults of declared fields;
- an array: the same length, each item reachable in turn (a ``null`` item stays ``None``);
- a scalar: the same type and value. One exception: an integer sent for a field declared ``float``
  comes back as the same number as a float (``1`` as ``1.0``), as msgspec converts it.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["unreachable"]


def unreachable(sent: Any, got: Any, path: str = "$") -> Optional[str]:
    """The path of the first value of ``sent`` that ``got`` does not hold as sent, else ``None``."""
    if type(sent) is dict:
        if type(got) is not dict:
            return f"{path}: an object became {got!r}"
        for key, value in sent.items():
            if value is None:
                if got.get(key) is not None:
                    return f"{path}.{key}: null became {got[key]!r}"
            elif key not in got:
                return f"{path}.{key}: left out"
            else:
                problem = unreachable(value, got[key], f"{path}.{key}")
                if problem:
                    return problem
        return None
    if type(sent) is list:
        if type(got) is not list or len(got) != len(sent):
            return f"{path}: an array of {len(sent)} became {got!r}"
        for index, (one, other) in enumerate(zip(sent, got)):
            problem = unreachable(one, other, f"{path}[{index}]")
            if problem:
                return problem
        return None
    if type(sent) is type(got) and sent == got:
        return None
    if type(sent) is int and type(got) is float and sent == got:
        return None
    return f"{path}: {sent!r} became {got!r}"
