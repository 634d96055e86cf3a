"""What the resource modules derived from the spec share: the option aliases, paths and form files.

Written by hand; the generated modules (``scripts/generate``) import it.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Sequence, Union

from msgspec import UNSET, UnsetType

from .._timeout import TimeoutTypes
from .._urls import path_segment

__all__ = ["Headers", "TimeoutArg", "form_files", "header_values", "spec_path"]

Headers = Optional[Mapping[str, Any]]
TimeoutArg = Union[TimeoutTypes, UnsetType]


def spec_path(template: str, **ids: str) -> str:
    """``template`` (a path of the spec, relative to ``base_url``) with each ``{name}`` replaced by
    its id escaped as one path segment; an empty id or a dot-segment raises ``ValueError``."""
    return template.format(**{name: path_segment(value, name) for name, value in ids.items()})


def header_values(values: Mapping[str, Any]) -> Dict[str, str]:
    """Header parameters as header values: unset ones left out, a list joined with commas (the
    spec's ``style: simple``), as in ``{"openai-beta": ["a=v1", "b=v2"]}`` -> ``a=v1,b=v2``."""
    headers: Dict[str, str] = {}
    for name, value in values.items():
        if value is UNSET or value is None:
            continue
        headers[name] = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return headers


def form_files(body: Dict[str, Any], names: Sequence[str]) -> Optional[Dict[str, Any]]:
    """Move the file inputs among ``names`` out of ``body`` into the mapping returned (``None`` when
    there is none, so the call goes as JSON).

    A mapping given for such a field (a reference such as ``{"file_id": ...}``) is not a file: it
    stays in the body and is sent as form fields. A list is a list of files (``name[]`` parts); a
    tuple is one file, ``(filename, content[, content_type])``.
    """
    files: Dict[str, Any] = {}
    for name in names:
        value = body.get(name, UNSET)
        if value is UNSET or value is None or isinstance(value, Mapping):
            continue
        files[name] = value
        del body[name]
    return files or None
