"""Multipart/form-data request bodies that stream from their files.

A body knows its length before the first byte is sent (so it goes out with ``Content-Length``,
which every server accepts, rather than chunked), reads each file in chunks only as the transport
asks for them, and starts over with identical bytes when iterated again: a retry or a 307/308
redirect re-sends exactly what the first attempt sent, files rewound.

Fields are encoded as openai-python encodes them: plain fields first, then the
files; objects as ``a[b]``, arrays as ``name[]`` with one part per element, booleans as
``true``/``false``, ``None`` and ``UNSET`` left out.
"""

from __future__ import annotations

import secrets
from typing import Any, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import msgspec

from .files import FileInput, FileUpload, to_file_upload

__all__ = ["MultipartBody", "encode_fields", "multipart_body"]

FileFields = Union[Mapping[str, Union[FileInput, Sequence[FileInput]]], Sequence[Tuple[str, FileInput]]]


class MultipartBody:
    """A ``multipart/form-data`` body: the encoded fields, then each file streamed from its source.

    Iterate it for the bytes to send (again for a retry); ``len()`` is the exact byte count and
    ``content_type`` the header value with the boundary.
    """

    __slots__ = ("boundary", "_fields", "_files", "_length")

    def __init__(
        self,
        fields: Sequence[Tuple[str, str]],
        files: Sequence[Tuple[str, FileUpload]],
        *,
        boundary: Optional[str] = None,
    ) -> None:
        # 32 hex digits, as openai-python sends; a boundary can never appear inside a part because
        # file bytes are not scanned, so it must be unguessable rather than checked.
        self.boundary = boundary or secrets.token_hex(16)
        dash = b"--" + self.boundary.encode("ascii")
        head = bytearray()
        for name, value in fields:
            head += dash + b'\r\nContent-Disposition: form-data; name="' + _quote(name) + b'"\r\n\r\n'
            head += value.encode("utf-8") + b"\r\n"
        self._fields = bytes(head)
        self._files: List[Tuple[bytes, FileUpload]] = []
        for name, upload in files:
            part = dash + b'\r\nContent-Disposition: form-data; name="' + _quote(name) + b'"'
            part += b'; filename="' + _quote(upload.filename) + b'"\r\n'
            content_type = upload.content_type
            for header, value in upload.headers.items():
                if header.lower() == "content-type":  # a tuple's headers may name the type: one header, theirs
                    content_type = value
                    continue
                part += f"{header}: {value}\r\n".encode("latin-1")
            part += b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
            self._files.append((part, upload))
        size = len(self._fields) + len(dash) + 4  # the closing ``--boundary--\r\n``
        for part, upload in self._files:
            size += len(part) + upload.size + 2
        self._length = size

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[bytes]:
        if self._fields:
            yield self._fields
        for part, upload in self._files:
            yield part
            yield from upload.chunks()
            yield b"\r\n"
        yield b"--" + self.boundary.encode("ascii") + b"--\r\n"

    def to_bytes(self) -> bytes:
        """The whole body in memory (for tests and small bodies)."""
        return b"".join(self)

    def __repr__(self) -> str:
        names = [upload.filename for _, upload in self._files]
        return f"<MultipartBody {self._length} bytes, files={names!r}>"


def multipart_body(
    fields: Optional[Mapping[str, Any]], files: FileFields, *, boundary: Optional[str] = None
) -> MultipartBody:
    """Build a body from JSON-like ``fields`` and ``files`` (a mapping whose list values become
    ``name[]`` parts, or ``(name, file)`` pairs)."""
    pairs: List[Tuple[str, FileUpload]] = []
    items = files.items() if isinstance(files, Mapping) else files
    for name, value in items:
        if isinstance(value, list):
            pairs.extend((f"{name}[]", to_file_upload(element, f"{name}[]")) for element in value)
        else:
            pairs.append((name, to_file_upload(value, name)))
    return MultipartBody(encode_fields(fields or {}), pairs, boundary=boundary)


def encode_fields(fields: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """Flatten JSON-like fields into form pairs: ``a[b]`` for objects, ``a[]`` for arrays."""
    pairs: List[Tuple[str, str]] = []
    for key, value in fields.items():
        _flatten(str(key), value, pairs)
    return pairs


def _flatten(name: str, value: Any, out: List[Tuple[str, str]]) -> None:
    if value is None or value is msgspec.UNSET:
        return
    if isinstance(value, msgspec.Struct):
        value = msgspec.to_builtins(value)
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(f"{name}[{key}]", item, out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _flatten(f"{name}[]", item, out)
    elif value is True or value is False:
        out.append((name, "true" if value else "false"))
    elif isinstance(value, (str, int, float)):
        out.append((name, str(value)))
    else:
        raise TypeError(
            f"form field {name!r} cannot be sent as {type(value).__name__}: use a str, number, bool, "
            "list or dict (files go in as file inputs)"
        )


def _quote(text: str) -> bytes:
    # Quotes and line breaks in a name would end the header or the quoted string early; they are
    # percent-encoded as browsers do (HTML "multipart/form-data encoding algorithm").
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A").encode("utf-8")
